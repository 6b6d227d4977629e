"""What the routes of `qmonth serve` share (`Site`): the campaign as last read (re-read when the
file changes), what is kept per version of it (each unit's schedule and page), the links, the
inbox, and the batch that writes accepted reports; the settings the CLI builds it from, the
security headers on every response, and the per-link rate limiter.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qmonth.core.errors import QmonthError
from qmonth.core.schedule import calendar_for
from qmonth.core.store import Loaded, load
from qmonth.i18n import Lang, t
from qmonth.web import inbox as inbox_mod
from qmonth.web import tokens, writer

HERE = Path(__file__).parent
COOKIE = "qmonth_session"
SESSION_DAYS = 90
CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
PAGES_KEPT = 5000  # unit pages kept rendered (the cache starts again when full)


@dataclass(frozen=True)
class Settings:
    campaign: Path
    tokens: Path
    clock: Callable[[], dt.datetime]  # the CLI's clock (aware); "today" is its day in the campaign's zone
    today: dt.date | None = None  # a fixed day (`serve --today`)
    lang: Lang | None = None
    secure: bool = False  # always mark the cookie Secure (else: when the request came over HTTPS)
    posts_per_minute: int = 30  # per link
    pages_per_minute: int = 600  # per link
    bad_links_per_minute: int = 20  # per client address
    # tests only (the CLI reads QMONTH_TEST_BATCH_PAUSE): called with "before" when a batch has
    # planned its edits (the file locked, nothing written yet) and "after" when it has replaced the
    # file (the inbox not yet told): a test kills the server there
    pause: Callable[[str], None] | None = None


class Headers:
    """Security headers on every response, whatever produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"content-security-policy": CSP.encode(),
                    b"referrer-policy": b"no-referrer",
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"DENY",
                    b"cache-control": b"no-store",
                }
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


class Limiter:
    """At most `n` events per key in any 60 seconds."""

    def __init__(self) -> None:
        self.seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str, n: int) -> bool:
        now = time.monotonic()
        q = self.seen[key]
        while q and q[0] <= now - 60:
            q.popleft()
        if len(q) >= n:
            return False
        q.append(now)
        return True


class Site:
    """What the routes share: the campaign (re-read when the file changes), the links, the inbox."""

    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.path = settings.campaign
        self.evidence = self.path.parent / "evidence"
        self.inbox = inbox_mod.Inbox(inbox_mod.path_for(self.path))
        self.limiter = Limiter()
        self.write_lock = asyncio.Lock()
        # (stat key, the file, its calendar, its version number): swapped as one, so a request
        # that began with one version never keeps what it made under the next one's number
        self._loaded: tuple[tuple[int, int, int], Loaded, Any, int] | None = None
        # What depends only on the campaign as loaded (cleared when it changes): each unit's
        # schedule for a day, and each unit's page as the last request rendered it (with a
        # stand-in for the session's CSRF token), keyed by what the page shows.
        self.items: dict[tuple[int, str, dt.date], list[Any]] = {}
        self.pages: dict[tuple[Any, ...], str] = {}  # (version, unit, …) → the page
        self.csrf_mark = secrets.token_hex(16)
        self._liaison: tuple[int, Any] | None = None
        self._store: tuple[tuple[int, int], tokens.Store] | None = None
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))

    def campaign(self) -> tuple[Loaded, Any]:
        info = os.stat(self.path)
        key = (info.st_ino, info.st_size, info.st_mtime_ns)
        if self._loaded is None or self._loaded[0] != key:
            loaded = load(self.path)
            self._use(key, loaded)
        assert self._loaded is not None
        return self._loaded[1], self._loaded[2]

    def _use(self, key: tuple[int, int, int], loaded: Loaded, only: Collection[str] | None = None) -> None:
        """Use this version of the file; what was kept for the last one is dropped — only for the
        units in `only` when they are all that changed."""
        old = self._loaded[3] if self._loaded is not None else 0
        items, pages = self.items, self.pages
        self.items, self.pages = {}, {}
        self._loaded = (key, loaded, calendar_for(loaded.campaign), old + 1)
        if only is not None:
            gone = set(only)
            self.items = {(old + 1, *k[1:]): v for k, v in items.items() if k[0] == old and k[1] not in gone}
            self.pages = {(old + 1, *k[1:]): v for k, v in pages.items() if k[0] == old and k[1] not in gone}

    def with_liaison(self, loaded: Loaded) -> Any:
        """The campaign with the built-in liaison form (core/forms.py), made once a version."""
        from qmonth.core.forms import with_builtin_liaison

        version = self.version(loaded)
        kept = self._liaison
        if version is None or kept is None or kept[0] != version:
            full = with_builtin_liaison(loaded.campaign)
            if version is not None:
                self._liaison = (version, full)
            return full
        return kept[1]

    def version(self, loaded: Loaded) -> int | None:
        """The version number of the file in use, if `loaded` is it (else what is made from it is not kept)."""
        now = self._loaded
        return now[3] if now is not None and now[1] is loaded else None

    def remember(self, batch: writer.Batch, before: Loaded) -> None:
        """The file as a batch wrote it (validated): the pages use it without reading it again,
        unless the file is no longer that text (changed since, by someone else). When the batch
        started from the version the pages were kept for, only the pages of the units it wrote
        are dropped (a unit's page shows nothing of other units)."""
        from qmonth.core.store import read_text

        loaded = batch.loaded
        if loaded is None:
            return
        try:
            info = os.stat(self.path)
            if read_text(self.path) != loaded.text:
                return
        except (OSError, QmonthError):
            return
        key = (info.st_ino, info.st_size, info.st_mtime_ns)
        same = batch.continuous and self._loaded is not None and self._loaded[1] is before
        self._use(key, Loaded(self.path, loaded.text, loaded.campaign, loaded.data), batch.units if same else None)

    def store(self) -> tokens.Store:
        try:
            info = os.stat(self.s.tokens)
            key = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            key = (0, 0)
        if self._store is None or self._store[0] != key:
            self._store = (key, tokens.load(self.s.tokens))
        return self._store[1]

    def lang(self, loaded: Loaded) -> Lang:
        return self.s.lang or loaded.campaign.campaign.language  # type: ignore[no-any-return]

    def today(self, loaded: Loaded) -> dt.date:
        from qmonth.core.dates import local_day

        return self.s.today or local_day(self.s.clock(), loaded.campaign.campaign.timezone)

    def stamp(self) -> str:
        return self.s.clock().astimezone(dt.UTC).replace(microsecond=0).isoformat()

    def render(self, name: str, lang: Lang, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.html(name, lang, **context), status_code=status)

    def html(self, name: str, lang: Lang, **context: Any) -> str:
        def say(code: str, **params: Any) -> str:
            return t(code, lang, **params)

        return self.env.get_template(name).render(_=say, lang=lang, **context)

    def message(self, lang: Lang, code: str, status: int, **params: Any) -> HTMLResponse:
        return self.render("message.html", lang, status, text=t(code, lang, **params))

    async def flush(self, wanted: Collection[int] = ()) -> writer.Batch:
        """Write every accepted report not yet written, in one batch (one at a time: the lock).

        `wanted`: the reports this request accepted or sent; if a batch run meanwhile has already
        tried them all (written, or kept with the reason), there is nothing to wait for. So
        requests that queue up behind a batch are written together by the next one, instead of
        each running a batch of the one report that came in meanwhile."""
        async with self.write_lock:
            if wanted and not self.inbox.untried(wanted):
                return writer.Batch()
            return await anyio.to_thread.run_sync(self._flush)

    def _flush(self) -> writer.Batch:
        pending = self.inbox.in_state(inbox_mod.ACCEPTED)
        if not pending:
            return writer.Batch()
        try:
            loaded, _ = self.campaign()
            lang, today = self.lang(loaded), self.today(loaded)
        except QmonthError as exc:
            self.inbox.failed({r.id: writer.say(exc, "zh") for r in pending})
            return writer.Batch(failed={r.id: exc.code for r in pending})
        pause = self.s.pause
        before = functools.partial(pause, "before") if pause else None
        batch = writer.write(self.path, pending, today, lang, known=loaded, planned=before)
        if pause and batch.written:
            pause("after")
        self.remember(batch, loaded)
        done = [r for r in pending if r.id in batch.written]
        if done and writer.in_git(self.path):
            loaded, _ = self.campaign()
            units = loaded.campaign.units
            msg = writer.message(done, lambda u: units[u].label if u in units else u, lang)
            files = [ref for r in done for ref in r.evidence]
            batch.commit, batch.commit_error = writer.commit(self.path, done, files, msg, loaded.campaign.serve.author)
        self.inbox.written(batch.written, batch.commit)
        if batch.failed:
            self.inbox.failed(batch.failed)
        return batch
