"""The secret links: one random token per unit (and one for the coordinator), kept only as a hash.

The store is a JSON file outside the repository (default: the user's data folder, one file per
campaign), created 0600 in a 0700 folder; a store that group or others can read is refused (its
signing secret would let them forge sessions). A token is `secrets.token_urlsafe(32)` (256 bits);
the file keeps its SHA-256 and the day it was made, so a link is shown once, when made.

The session cookie a link is exchanged for is `payload.signature`: the payload names the holder
(a unit id or COORDINATOR), the link it came from (the first 16 hex digits of the token's hash,
so that rotating or revoking a link ends its sessions) and the session's CSRF token; the signature
is HMAC-SHA256 with the store's secret. No web library here: `qmonth links` imports only this.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from qmonth.core.errors import FileError, UsageError

COORDINATOR = "@coordinator"  # never a unit id (ids are letters, digits, - and _)
TOKEN_BYTES = 32
LINK_ID_CHARS = 16


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def default_path(campaign: Path, data_home: Path) -> Path:
    """`<data home>/qmonth/<file stem>-<12 hex of its real path's hash>.tokens.json`: one store per
    campaign file, outside its repository."""
    real = os.path.realpath(campaign)
    tag = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return data_home / "qmonth" / f"{campaign.stem}-{tag}.tokens.json"


@dataclass
class Store:
    path: Path
    secret: str = ""
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # holder → {"hash", "made"}

    def holder(self, token: str) -> str | None:
        """Who `token` names (a unit id or COORDINATOR), or None."""
        want = digest(token)
        for who, link in self.links.items():
            if hmac.compare_digest(link.get("hash", ""), want):
                return who
        return None

    def link_id(self, who: str) -> str | None:
        link = self.links.get(who)
        return link["hash"][:LINK_ID_CHARS] if link else None

    # ── the session cookie ────────────────────────────────────────────────
    def sign(self, payload: dict[str, str]) -> str:
        body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")
        return f"{body}.{self._mac(body)}"

    def unsign(self, cookie: str) -> dict[str, str] | None:
        """The payload of a cookie this store signed for a link that still exists, else None."""
        body, dot, mac = cookie.rpartition(".")
        if not dot or not self.secret or not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except ValueError:
            return None
        if not isinstance(payload, dict) or not all(isinstance(v, str) for v in payload.values()):
            return None
        who = payload.get("who", "")
        if self.link_id(who) != payload.get("link"):  # rotated or revoked: the session ends
            return None
        return payload

    def _mac(self, body: str) -> str:
        return hmac.new(bytes.fromhex(self.secret), body.encode(), hashlib.sha256).hexdigest()


def refuse_open(path: Path, info: os.stat_result) -> None:
    """A store that is not a regular file of ours readable by us alone is refused."""
    if not stat.S_ISREG(info.st_mode):
        raise FileError("links_not_a_file", path=path)
    if info.st_mode & 0o077:
        raise FileError("links_too_open", path=path, mode=f"{info.st_mode & 0o777:o}")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise FileError("links_not_ours", path=path)


def load(path: Path, create: bool = False) -> Store:
    """The store at `path`; a missing one is empty (with a new secret when `create`)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return Store(path, secrets.token_hex(32) if create else "")
    except OSError as exc:
        raise FileError("links_unreadable", path=path, reason=str(exc.strerror or exc)) from None
    with os.fdopen(fd, "rb") as fh:
        refuse_open(path, os.fstat(fh.fileno()))
        raw = fh.read(10_000_000)
    try:
        data = json.loads(raw.decode("utf-8"))
        links = {str(k): {"hash": str(v["hash"]), "made": str(v.get("made", ""))} for k, v in data["links"].items()}
        secret = str(data["secret"])
        bytes.fromhex(secret)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise FileError("links_damaged", path=path) from None
    return Store(path, secret, links)


def save(store: Store) -> None:
    """Written atomically, 0600, in a folder made 0700 if missing."""
    folder = store.path.parent
    if not folder.exists():
        os.makedirs(folder, mode=0o700, exist_ok=True)
    data = json.dumps({"version": 1, "secret": store.secret, "links": store.links}, ensure_ascii=False, indent=1)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{store.path.name}.", suffix=".tmp", dir=folder)  # 0600
    except OSError as exc:
        raise FileError("links_unwritable", path=store.path, reason=str(exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, store.path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FileError("links_unwritable", path=store.path, reason=str(exc.strerror or exc)) from None


@dataclass(frozen=True)
class Made:
    who: str  # a unit id or COORDINATOR
    token: str | None  # None: the link exists (not shown again), or was revoked
    state: str  # "new", "rotated", "kept", "revoked"


def manage(store: Store, units: list[str], only: list[str], rotate: list[str], revoke: list[str], made_on: str) -> list[Made]:
    """Create a link for each holder that has none (the units `only` names, else every unit and the
    coordinator), replace those `rotate` names, end those `revoke` names. Changes `store`."""
    known = [*units, COORDINATOR]
    for who in [*only, *rotate, *revoke]:
        if who not in known:
            raise UsageError("links_unknown_unit", unit=who)
    if set(rotate) & set(revoke):
        raise UsageError("links_rotate_and_revoke", unit=", ".join(sorted(set(rotate) & set(revoke))))
    if not store.secret:
        store.secret = secrets.token_hex(32)
    out: list[Made] = []
    for who in revoke:
        if store.links.pop(who, None) is not None:
            out.append(Made(who, None, "revoked"))
    chosen = only or ([] if rotate or revoke else known)
    for who in dict.fromkeys([*chosen, *rotate]):
        if who in store.links and who not in rotate:
            out.append(Made(who, None, "kept"))
            continue
        token = secrets.token_urlsafe(TOKEN_BYTES)
        out.append(Made(who, token, "rotated" if who in store.links else "new"))
        store.links[who] = {"hash": digest(token), "made": made_on}
    return out
