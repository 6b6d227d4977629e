"""What a unit sends from its page, checked before it reaches the inbox: a task's report (its date
and note) and a reply form's values (回执, 反馈表), each checked as the command line checks it
(`done --on`, `receipt --set`), with the message shown beside the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qmonth.core.errors import QmonthError
from qmonth.i18n import Lang, t
from qmonth.web import inbox as inbox_mod
from qmonth.web import writer

NOTE_MAX = 500
FIELD_MAX = 2000  # a form's text field that declares no `max`


def boundary(ctype: str) -> bytes | None:
    if not ctype.startswith("multipart/form-data"):
        return None
    from python_multipart.multipart import parse_options_header

    _, params = parse_options_header(ctype)
    b = params.get(b"boundary")
    return b if b and len(b) <= 200 else None


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:g}"


def media_kind(ref: str) -> str:
    ext = ref.rsplit(".", 1)[-1].lower()
    if ext in ("jpg", "png", "gif", "webp"):
        return "image"
    if ext in ("mp4", "mov", "webm", "3gp"):
        return "video"
    return "file"


def report_day(c: Any, text: str, today: dt.date) -> dt.date | None:
    from qmonth.core.dates import parse_in_span

    text = text.strip()
    if not text:
        return None
    return parse_in_span(text, c.campaign.first_day, max(today, c.campaign.first_day))


def check_report(
    c: Any, fields: dict[str, str], today: dt.date, lang: Lang, uid: str | None = None, task: str | None = None
) -> str | None:
    """The day and the note, checked as `done --on` checks them: the message beside the form, or None.
    The receipt task (`task`, reported by unit `uid`) is done only with its form's required values, as
    `done` refuses it: the page asks for the form (on the same page) instead."""
    from qmonth.core.dates import DateFormatError
    from qmonth.core.errors import UsageError
    from qmonth.edit.record import check_done_day

    if len(fields.get("note", "")) > NOTE_MAX:
        return t("web_note_too_long", lang, max=NOTE_MAX)
    try:
        day = report_day(c, fields.get("day", ""), today)
    except DateFormatError:
        return t("web_bad_day", lang, text=fields.get("day", ""))
    try:
        check_done_day(c, day, today)
    except UsageError as exc:
        return writer.say(exc, lang)
    if uid is not None and task is not None and task == c.campaign.receipt_task:
        from qmonth.core.forms import receipt_lacking, with_builtin_liaison

        lacking = receipt_lacking(c, uid)
        if lacking:
            form = with_builtin_liaison(c).forms[lacking[0][0]]
            labels = "、".join(x[2] for x in lacking) if lang == "zh" else ", ".join(x[3] for x in lacking)
            return t("web_receipt_lacks", lang, form=form.title_for(lang), fields=labels)
    return None


# ── reply forms (回执) ────────────────────────────────────────────────────────


def form_of(c: Any, uid: str, form_id: str) -> tuple[Any, str] | None:
    """(the campaign with the built-in liaison form, the form's id) when the unit owes that form."""
    from qmonth.core.forms import with_builtin_liaison

    full = with_builtin_liaison(c)
    form = full.forms.get(form_id)
    if form is None or form.task not in full.tasks or not full.applies(full.tasks[form.task], uid):
        return None
    return full, form_id


def beside(exc: QmonthError, form_title: str, lang: Lang) -> str:
    """A field's problem as the CLI says it, without what is already on the page (the form's
    title in front, "the file was not changed" behind)."""
    text = writer.say(exc, lang)
    for tail in ("文件未修改。", " The file was not changed."):
        text = text.removesuffix(tail)
    text = text.removeprefix(form_title).removeprefix("：").removeprefix(": ").strip()
    return text


def check_form(c: Any, uid: str, form_id: str, given: dict[str, str], today: dt.date, lang: Lang) -> dict[str, str]:
    """The problems of a returned form: field id → message (beside the field), "" → the form's own.

    Each value is checked by its field's kind (`forms.checked_value`), a required field must be
    filled (a one-row form keeps what was recorded), then the whole is planned as the batch will
    write it, so a report the writer would refuse is refused now."""
    from qmonth.core import forms
    from qmonth.core.errors import UsageError

    form = c.forms[form_id]
    out: dict[str, str] = {}
    old = c.form_rows(uid, form_id)
    kept = old[0] if old and not form.rows else {}
    for f in form.fields:
        value = given.get(f.id, "")
        if f.max is None and len(value) > FIELD_MAX:
            out[f.id] = t("web_field_too_long", lang, max=FIELD_MAX)
        elif value:
            try:
                forms.checked_value(c, form, f, value)
            except UsageError as exc:
                out[f.id] = beside(exc, form.title, lang)
        elif f.required and not str(kept.get(f.id, "")).strip():
            missing = UsageError("form_field_required", form=form.title, label=f.label, where=("", ""))
            out[f.id] = beside(missing, form.title, lang)
    if out:
        return out
    if not any(given.values()):
        return {"": t("web_form_empty", lang)}
    probe = inbox_mod.Report(0, uid, form.task, "form", None, "", {"@form": form_id, **given}, [], "", "", "", "", "", "")
    try:
        writer.form_changes(c, [probe], today)
    except QmonthError as exc:
        if exc.code == "receipt_lacks_values":  # said for the page, not as a command to run
            fields = exc.params["fields"]
            shown = fields[0 if lang == "zh" else 1] if isinstance(fields, tuple) else fields
            return {"": t("web_receipt_lacks", lang, form=form.title_for(lang), fields=shown)}
        return {"": writer.say(exc, lang)}
    return {}


def unit_forms(
    c: Any, uid: str, lang: Lang, sent: dict[str, list[inbox_mod.Report]], values: dict[str, str] | None, full: Any = None
) -> list[dict[str, Any]]:
    """The forms the unit owes, for its page: fields (filled with what was recorded, or with what
    was just sent back when it was refused) and the state of what it sent. `full`: the campaign
    with the built-in liaison form, if the caller has it already."""
    from qmonth.core.forms import with_builtin_liaison

    full = full if full is not None else with_builtin_liaison(c)
    out = []
    for fid, form in full.forms.items():
        if form.task not in full.tasks or not full.applies(full.tasks[form.task], uid):
            continue
        old = full.form_rows(uid, fid)
        kept = old[0] if old and not form.rows else {}
        fields = [
            {
                "id": f.id,
                "label": f.label_en if lang == "en" and f.label_en else f.label,
                "kind": f.kind,
                "options": list(f.options),
                "max": f.max,
                "required": f.required,
                "value": (values or {}).get(f"{fid}.{f.id}", kept.get(f.id, "")),
            }
            for f in form.fields
        ]
        title = form.title_en if lang == "en" and form.title_en else form.title
        out.append({"id": fid, "title": title, "rows": form.rows, "count": len(old), "fields": fields, "sent": sent.get(fid, [])})
    return out
