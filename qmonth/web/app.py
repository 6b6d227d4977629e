"""The web application of `qmonth serve`: built by `build(settings)` from the campaign's path.

Who is asking is decided once per request (`_who`): the signed session cookie a secret link was
exchanged for names a unit or the coordinator, and every route answers only for that holder — a
unit's routes take the unit from the session, never from the address (the evidence route checks
the unit in the address against it). "Today" is decided per request, in the campaign's time zone,
from the clock the CLI passes in. Every POST carries the session's CSRF token. Every response
carries the security headers (`_Headers`): a Content-Security-Policy without scripts,
`Referrer-Policy: no-referrer`, no framing, no sniffing, no caching of pages.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hmac
import os
import re
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qmonth.core.errors import QmonthError
from qmonth.core.schedule import State, calendar_for, compute
from qmonth.core.store import Loaded, load
from qmonth.i18n import Lang, t
from qmonth.outputs.text import assumed_note, mark
from qmonth.web import inbox as inbox_mod
from qmonth.web import reports, tokens, uploads, writer

HERE = Path(__file__).parent
COOKIE = "qmonth_session"
SESSION_DAYS = 90
CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$")
_MEDIA = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "3gp": "video/3gpp",
    "webm": "video/webm",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PAGES_KEPT = 5000  # unit pages kept rendered (the cache starts again when full)
_INLINE = {"jpg", "png", "gif", "webp", "mp4", "mov", "webm", "pdf"}


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


class _Headers:
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


class _Limiter:
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
        self.limiter = _Limiter()
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


# ── who is asking ────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Who:
    holder: str  # a unit id or tokens.COORDINATOR
    csrf: str

    @property
    def coordinator(self) -> bool:
        return self.holder == tokens.COORDINATOR


def _who(site: Site, request: Request) -> Who | None:
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    payload = site.store().unsign(cookie)
    if payload is None:
        return None
    return Who(payload["who"], payload.get("csrf", ""))


def _csrf_ok(who: Who, given: str | None) -> bool:
    return bool(given) and bool(who.csrf) and hmac.compare_digest(str(given), who.csrf)


# ── the application ──────────────────────────────────────────────────────────


def build(settings: Settings) -> ASGIApp:
    site = Site(settings)
    site.campaign()  # a campaign that does not load is refused now, by the CLI, not on the first page

    def guard(request: Request, unit_only: bool = False, coordinator_only: bool = False) -> tuple[Who, Loaded, Any] | Response:
        loaded, cal = site.campaign()
        lang = site.lang(loaded)
        who = _who(site, request)
        if who is None:
            return site.message(lang, "web_no_session", 401)
        if who.holder != tokens.COORDINATOR and who.holder not in loaded.campaign.units:
            return site.message(lang, "web_no_session", 401)
        limit = settings.posts_per_minute if request.method == "POST" else settings.pages_per_minute
        if not site.limiter.allow(f"{request.method}:{who.holder}", limit):
            return site.message(lang, "web_rate_limited", 429)
        if (unit_only and who.coordinator) or (coordinator_only and not who.coordinator):
            return site.message(lang, "web_forbidden", 403)
        return who, loaded, cal

    async def exchange(request: Request) -> Response:
        loaded, _ = site.campaign()
        lang = site.lang(loaded)
        client = request.client.host if request.client else "-"
        token = request.path_params["token"]
        store = site.store()
        holder = store.holder(token) if len(token) < 200 else None
        if holder is None or (holder != tokens.COORDINATOR and holder not in loaded.campaign.units):
            if not site.limiter.allow(f"bad:{client}", settings.bad_links_per_minute):
                return site.message(lang, "web_rate_limited", 429)
            return site.message(lang, "web_bad_link", 404)
        link = store.link_id(holder) or ""
        cookie = store.sign({"who": holder, "link": link, "csrf": secrets.token_urlsafe(24)})
        target = "/review" if holder == tokens.COORDINATOR else "/"
        response = RedirectResponse(target, status_code=303)
        secure = settings.secure or request.url.scheme == "https"
        response.set_cookie(COOKIE, cookie, max_age=SESSION_DAYS * 86400, httponly=True, samesite="lax", secure=secure, path="/")
        return response

    async def home(request: Request) -> Response:
        got = guard(request)
        if isinstance(got, Response):
            return got
        who, loaded, cal = got
        if who.coordinator:
            return RedirectResponse("/review", status_code=303)
        return unit_page(who, loaded, cal, sent="sent" in request.query_params)

    def unit_items(loaded: Loaded, cal: Any, uid: str, today: dt.date) -> list[Any]:
        version = site.version(loaded)
        found = site.items.get((version, uid, today)) if version is not None else None
        if found is None:
            found = compute(loaded.campaign, today, cal, units=[uid], base=loaded.base).items
            if version is not None:
                site.items[(version, uid, today)] = found
        return found

    def key_of(item: Any) -> str:
        return f"{item.task}@{item.occurrence.isoformat()}" if item.occurrence else str(item.task)

    def unit_page(
        who: Who,
        loaded: Loaded,
        cal: Any,
        errors: dict[str, str] | None = None,
        status: int = 200,
        sent: bool = False,
        values: dict[str, str] | None = None,
    ) -> Response:
        c = loaded.campaign
        lang, today = site.lang(loaded), site.today(loaded)
        uid = who.holder
        sent_by_key: dict[str, list[inbox_mod.Report]] = defaultdict(list)
        sent_forms: dict[str, list[inbox_mod.Report]] = defaultdict(list)
        mine = site.inbox.of_unit(uid)
        page = None
        version = site.version(loaded)
        if not errors and values is None and status == 200 and version is not None:
            page = (version, uid, today, lang, sent, tuple((r.id, r.state, r.reason, r.error, r.decided) for r in mine))
            html = site.pages.get(page)
            if html is not None:
                return HTMLResponse(html.replace(site.csrf_mark, who.csrf))
        for r in mine:
            if r.kind == "form":
                sent_forms[r.fields.get("@form", "")].append(r)
            else:
                sent_by_key[r.task].append(r)
        rows = []
        shown = list(unit_items(loaded, cal, uid, today))
        for item in shown:
            task = c.tasks[item.task]
            key = key_of(item)
            theme = c.themes[task.theme]
            rows.append(
                {
                    "key": key,
                    "number": task.number,
                    "theme": theme.title_en if lang == "en" and theme.title_en else theme.title,
                    "title": task.title_for(lang),
                    "notice": task.title,
                    "note": task.note,
                    "deadline": item.deadline.isoformat(),
                    "due_time": item.due_time.strftime("%H:%M") if item.due_time else "",
                    "state": item.state.value,
                    "done_on": item.done_on.isoformat() if item.done_on else "",
                    "workdays_left": item.workdays_left,
                    "days_overdue": item.days_overdue,
                    "workdays_overdue": item.workdays_overdue,
                    "mark": mark(item) if item.state in (State.OVERDUE, State.DUE_SOON, State.OPEN) else "",
                    "asks": list(task.evidence),
                    "lacking": list(item.evidence_lacking),
                    "recorded": list(item.evidence),
                    "waived": item.waived,
                    "optional": item.optional,
                    "sent": sent_by_key.get(key, []),
                    "open": item.state not in (State.DONE, State.WAIVED),
                }
            )
        unit = c.units[uid]
        limits = c.serve
        html = site.html(
            "unit.html",
            lang,
            campaign=c.campaign,
            unit=unit,
            uid=uid,
            rows=rows,
            today=today.isoformat(),
            first=c.campaign.first_day.isoformat(),
            csrf=site.csrf_mark if page else who.csrf,
            errors=errors or {},
            sent=sent,
            review=c.serve.review,
            limits=limits,
            forms=reports.unit_forms(c, uid, lang, sent_forms, values, site.with_liaison(loaded)),
            assumed=assumed_note([i for i in shown if i.state in (State.OVERDUE, State.DUE_SOON, State.OPEN)], lang),
        )
        if page is None:
            return HTMLResponse(html, status_code=status)
        if len(site.pages) >= PAGES_KEPT:
            site.pages.clear()
        site.pages[page] = html
        return HTMLResponse(html.replace(site.csrf_mark, who.csrf))

    async def report(request: Request) -> Response:
        got = guard(request, unit_only=True)
        if isinstance(got, Response):
            return got
        who, loaded, cal = got
        c, lang = loaded.campaign, site.lang(loaded)
        today = site.today(loaded)
        key = request.path_params["key"]
        items = {key_of(i): i for i in unit_items(loaded, cal, who.holder, today)}
        if key not in items:
            return site.message(lang, "web_not_found", 404)
        limits = uploads.Limits(c.serve.upload_mb * 1024 * 1024, c.serve.video_mb * 1024 * 1024, c.serve.files)
        ctype = request.headers.get("content-type", "")
        boundary = reports.boundary(ctype)
        if boundary is None:
            form = await request.form() if "urlencoded" in ctype else {}
            if not _csrf_ok(who, form.get("csrf") if form else None):  # type: ignore[arg-type]
                return site.message(lang, "csrf_refused", 403)
            fields: dict[str, str] = {k: str(v) for k, v in form.items()} if form else {}  # type: ignore[union-attr]
            stored: list[uploads.Stored] = []
            receiver = None
        else:
            cap = limits.files * max(limits.video_bytes, limits.file_bytes) + 1024 * 1024
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > cap:
                return unit_page(who, loaded, cal, {key: t("upload_body_too_large", lang, mb=reports.mb(cap))}, 413)
            folder = site.evidence / who.holder
            prefix = f"{today:%Y%m%d}-{key}"
            receiver = uploads.Receiver(boundary, folder, limits, prefix, lambda f: _csrf_ok(who, f.get("csrf")))
            refused: uploads.Refused | None = None
            seen = 0
            try:
                async for chunk in request.stream():
                    seen += len(chunk)
                    if refused is None:
                        receiver.feed(chunk)
                    elif seen > cap:
                        break  # drained enough: answer now
                if refused is None:
                    got_all = receiver.finish()
            except uploads.Refused as exc:
                refused = exc
            except Exception:  # a malformed body
                receiver.discard()
                return unit_page(who, loaded, cal, {key: t("upload_malformed", lang)}, 400)
            if refused is not None:
                receiver.discard()
                if refused.code == "csrf_refused":
                    return site.message(lang, "csrf_refused", 403)
                return unit_page(who, loaded, cal, {key: t(refused.code, lang, **refused.params)}, refused.status)
            fields, stored = got_all.fields, got_all.files
        error = reports.check_report(c, fields, today, lang, who.holder, key)
        if error is not None:
            if receiver is not None:
                receiver.discard()
            return unit_page(who, loaded, cal, {key: error}, 400)
        day = reports.report_day(c, fields.get("day", ""), today)
        refs = [f"evidence/{who.holder}/{f.name}" for f in stored]
        state = inbox_mod.PENDING if c.serve.review else inbox_mod.ACCEPTED
        rid = site.inbox.add(
            who.holder,
            key,
            "done",
            day.isoformat() if day else None,
            fields.get("note", "").strip(),
            {},
            refs,
            site.stamp(),
            state,
        )
        if not c.serve.review:
            await site.flush([rid])
        return RedirectResponse(f"/?sent={key}#{key}", status_code=303)

    async def reply(request: Request) -> Response:
        """A returned form (回执): its fields checked as `receipt --set` checks them, each problem
        beside its field; then into the inbox like a task's report (written when accepted)."""
        got = guard(request, unit_only=True)
        if isinstance(got, Response):
            return got
        who, loaded, cal = got
        c, lang = loaded.campaign, site.lang(loaded)
        today = site.today(loaded)
        found = reports.form_of(c, who.holder, request.path_params["form"])
        if found is None:
            return site.message(lang, "web_not_found", 404)
        full, form_id = found
        if "urlencoded" not in request.headers.get("content-type", ""):
            return site.message(lang, "csrf_refused", 403)
        posted = await request.form(max_fields=200)
        if not _csrf_ok(who, posted.get("csrf")):  # type: ignore[arg-type]
            return site.message(lang, "csrf_refused", 403)
        declared = full.forms[form_id]
        given = {f.id: str(posted.get(f"field-{f.id}", "")).strip() for f in declared.fields}
        errors = reports.check_form(full, who.holder, form_id, given, today, lang)
        if errors:
            shown = {f"{form_id}.{k}": v for k, v in given.items()}
            beside = {f"form:{form_id}.{k}" if k else f"form:{form_id}": v for k, v in errors.items()}
            return unit_page(who, loaded, cal, beside, 400, values=shown)
        state = inbox_mod.PENDING if c.serve.review else inbox_mod.ACCEPTED
        values = {"@form": form_id, **{k: v for k, v in given.items() if v}}
        rid = site.inbox.add(who.holder, declared.task, "form", None, "", values, [], site.stamp(), state)
        if not c.serve.review:
            await site.flush([rid])
        return RedirectResponse(f"/?sent=form-{form_id}#form-{form_id}", status_code=303)

    async def evidence(request: Request) -> Response:
        got = guard(request)
        if isinstance(got, Response):
            return got
        who, loaded, _ = got
        lang = site.lang(loaded)
        unit, name = request.path_params["unit"], request.path_params["name"]
        if not who.coordinator and unit != who.holder:
            return site.message(lang, "web_not_found", 404)
        if unit not in loaded.campaign.units or not _NAME.match(name):
            return site.message(lang, "web_not_found", 404)
        folder = os.path.realpath(site.evidence / unit)
        full = os.path.realpath(os.path.join(folder, name))
        if os.path.dirname(full) != folder or not os.path.isfile(full):
            return site.message(lang, "web_not_found", 404)
        ext = name.rsplit(".", 1)[-1].lower()
        media = _MEDIA.get(ext, "application/octet-stream")
        disposition = "inline" if ext in _INLINE else "attachment"
        return FileResponse(full, media_type=media, content_disposition_type=disposition, filename=name)

    async def review(request: Request) -> Response:
        got = guard(request, coordinator_only=True)
        if isinstance(got, Response):
            return got
        who, loaded, _ = got
        return review_page(who, loaded)

    def review_page(who: Who, loaded: Loaded, error: str = "", status: int = 200) -> Response:
        from qmonth.core.forms import with_builtin_liaison

        c = loaded.campaign
        lang = site.lang(loaded)
        pending = site.inbox.in_state(inbox_mod.PENDING)
        stuck = [r for r in site.inbox.in_state(inbox_mod.ACCEPTED) if r.error]
        by_unit: dict[str, list[inbox_mod.Report]] = defaultdict(list)
        for r in pending:
            by_unit[r.unit].append(r)

        def label(uid: str) -> str:
            return c.units[uid].label if uid in c.units else uid

        def title(key: str) -> str:
            tid, occurrence = writer.split_key(key)
            name = c.tasks[tid].title_for(lang) if tid in c.tasks else tid
            return f"{name}（{occurrence.isoformat()}）" if occurrence else name

        full = with_builtin_liaison(c)

        def form_of(r: inbox_mod.Report) -> Any:
            return full.forms.get(r.fields.get("@form", ""))

        def form_title(r: inbox_mod.Report) -> str:
            form = form_of(r)
            return (form.title_en if lang == "en" and form.title_en else form.title) if form else r.fields.get("@form", "")

        def field(r: inbox_mod.Report, key: str) -> str:
            form = form_of(r)
            found = next((f for f in form.fields if f.id == key), None) if form else None
            return found.label_for(lang) if found else key

        return site.render(
            "review.html",
            lang,
            status,
            campaign=c.campaign,
            by_unit=dict(by_unit),
            stuck=stuck,
            label=label,
            title=title,
            recent=site.inbox.recent(50),
            csrf=who.csrf,
            error=error,
            kind=reports.media_kind,
            field=field,
            form_title=form_title,
        )

    async def decide(request: Request) -> Response:
        got = guard(request, coordinator_only=True)
        if isinstance(got, Response):
            return got
        who, loaded, _ = got
        lang = site.lang(loaded)
        if "urlencoded" not in request.headers.get("content-type", ""):
            return site.message(lang, "csrf_refused", 403)
        form = await request.form(max_fields=5000)
        if not _csrf_ok(who, form.get("csrf")):  # type: ignore[arg-type]
            return site.message(lang, "csrf_refused", 403)
        ids = [int(str(v)) for v in form.getlist("ids") if str(v).isdigit()]
        action = form.get("action")
        if not ids:
            return review_page(who, loaded, t("review_none_chosen", lang), 400)
        if action == "accept":
            accepted = site.inbox.decide(ids, inbox_mod.ACCEPTED, site.stamp())
            await site.flush(accepted)
        elif action == "return":
            reason = str(form.get("reason", "")).strip()
            if not reason:
                return review_page(who, loaded, t("review_needs_reason", lang), 400)
            site.inbox.decide(ids, inbox_mod.RETURNED, site.stamp(), reason[: reports.NOTE_MAX])
        else:
            return review_page(who, loaded, t("review_needs_reason", lang), 400)
        return RedirectResponse("/review", status_code=303)

    async def css(request: Request) -> Response:
        return PlainTextResponse((HERE / "static" / "app.css").read_text(encoding="utf-8"), media_type="text/css")

    async def not_found(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("404", status_code=404)

    async def startup() -> None:
        await site.flush()  # reports accepted before a stop (or a crash mid-batch) are written now

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        await startup()
        yield

    routes = [
        Route("/t/{token}", exchange, methods=["GET"]),
        Route("/", home, methods=["GET"]),
        Route("/report/{key}", report, methods=["POST"]),
        Route("/form/{form}", reply, methods=["POST"]),
        Route("/evidence/{unit}/{name}", evidence, methods=["GET"]),
        Route("/review", review, methods=["GET"]),
        Route("/review", decide, methods=["POST"]),
        Route("/static/app.css", css, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: not_found})
    app.state.site = site
    return _Headers(app)
