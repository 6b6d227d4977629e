"""The web application of `qmonth serve`: built by `build(settings)` from the campaign's path.

Who is asking is decided once per request (`_who`): the signed session cookie a secret link was
exchanged for names a unit or the coordinator, and every route answers only for that holder — a
unit's routes take the unit from the session, never from the address (the evidence route checks
the unit in the address against it). "Today" is decided per request, in the campaign's time zone,
from the clock the CLI passes in. Every POST carries the session's CSRF token. Every response
carries the security headers (`site.Headers`): a Content-Security-Policy without scripts,
`Referrer-Policy: no-referrer`, no framing, no sniffing, no caching of pages.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from qmonth.core.schedule import State, compute
from qmonth.core.store import Loaded
from qmonth.i18n import t
from qmonth.outputs.text import assumed_note, mark
from qmonth.web import inbox as inbox_mod
from qmonth.web import reports, tokens, uploads, writer
from qmonth.web.site import COOKIE, HERE, PAGES_KEPT, SESSION_DAYS, Headers, Settings, Site

__all__ = ["Settings", "build"]

# evidence files served back: safe names only, each with its media type; what a browser may show inline
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
_INLINE = {"jpg", "png", "gif", "webp", "mp4", "mov", "webm", "pdf"}


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
    return Headers(app)
