"""Where each channel sends, and what must never be in the campaign file: the endpoints (the
environment, or a private secrets file beside no repository) and the leaks `check` refuses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmonth.core.errors import QmonthError

EXIT_DELIVERY = 5  # a channel could not deliver (documented in the manual, docs/en/guide/errors.md)


class DeliveryError(QmonthError):
    exit_code = EXIT_DELIVERY


# ── endpoints and secrets: the environment, or a private secrets file ────────


@dataclass(frozen=True)
class Endpoint:
    url: str
    secret: str = ""


def env_name(channel: str) -> str:
    return "QMONTH_NOTIFY_" + channel.upper().replace("-", "_")


def secrets_path(env: Mapping[str, str]) -> Path:
    explicit = env.get("QMONTH_SECRETS")
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "qmonth" / "secrets.toml"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _repository(folder: Path) -> Path:
    """The git work tree holding the campaign (or its folder, outside git)."""
    here = folder.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return here


def read_secrets(env: Mapping[str, str], campaign_folder: Path) -> dict[str, Any]:
    """The secrets file's tables (`[NAME] url = "…" secret = "…"`), or {} when there is none.

    Refused: a file inside the campaign's repository (it would be committed), and a file others
    may read (group/other permission bits: `chmod 600` it).
    """
    import tomllib

    path = secrets_path(env)
    if not path.is_file():
        return {}
    if _inside(path, _repository(campaign_folder)):
        raise DeliveryError("secrets_in_repo", path=path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise DeliveryError("secrets_file_open", path=path, mode=f"{mode:03o}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DeliveryError("secrets_unreadable", path=path, detail=exc) from None
    return data


def endpoint(name: str, env: Mapping[str, str], secrets: Mapping[str, Any]) -> Endpoint:
    var = env_name(name)
    url = env.get(var, "").strip()
    secret = env.get(var + "_SECRET", "").strip()
    table = secrets.get(name)
    if isinstance(table, dict):
        url = url or str(table.get("url", "")).strip()
        secret = secret or str(table.get("secret", "")).strip()
    if not url:
        raise DeliveryError("channel_no_endpoint", channel=name, var=var)
    return Endpoint(url, secret)


# ── leaks: what `check` refuses to see in a campaign file ────────────────────

_LEAKS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?key=[\w-]{6,}", re.I), "secret_webhook"),
    (re.compile(r"oapi\.dingtalk\.com/robot/send\?access_token=\w{6,}", re.I), "secret_webhook"),
    (re.compile(r"open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/[\w-]{6,}", re.I), "secret_webhook"),
    (re.compile(r"[?&](?:key|access_token|token|secret|sign|password|passwd|pwd)=[^&\s\"']{6,}", re.I), "secret_webhook"),
    (re.compile(r"\bSEC[0-9a-f]{32,}\b"), "secret_token"),
    (re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@\"']+:[^/\s@\"']+@", re.I), "secret_token"),
    (
        re.compile(
            r"""^\s*["']?[\w.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|webhook)[\w.-]*["']?\s*=\s*["'][^"']+["']""",
            re.I,
        ),
        "secret_token",
    ),
]


def leaks(text: str) -> list[Any]:
    """Lines of a campaign file that look like a webhook key, token or password (comments too)."""
    from qmonth.core.errors import Problem
    from qmonth.i18n import MESSAGES

    out = []
    for n, raw in enumerate(text.split("\n"), start=1):
        for pattern, what in _LEAKS:
            if pattern.search(raw):
                key = raw.split("=", 1)[0].strip().strip("\"'") if "=" in raw and not raw.lstrip().startswith("#") else "#"
                out.append(Problem("secret_in_file", key, line=n, params={"what": MESSAGES[what], "var": "QMONTH_NOTIFY_<NAME>"}))
                break
    return out


def leaks_in_file(path: str | Path) -> list[Any]:
    """`leaks` of a file on disk (none when it cannot be read): for a file too broken to load."""
    try:
        text = Path(path).read_bytes().decode("utf-8", "replace") if Path(path).is_file() else ""
    except OSError:
        return []
    return leaks(text)
