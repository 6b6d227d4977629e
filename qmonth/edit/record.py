"""What each write command changes: done, undo, waive, receipt → table edits. Pure."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qmonth.core import evidence, recurrence
from qmonth.core.errors import UsageError
from qmonth.core.model import Campaign, Record
from qmonth.core.resolve import recordable, resolve_tasks, resolve_unit
from qmonth.edit.write import Edit

LIAISON_FIELDS = ("name", "gender", "workplace", "position", "phone", "mobile")


@dataclass(frozen=True)
class Change:
    edit: Edit | None  # None: nothing to change (reported only)
    message: str  # i18n code
    params: Mapping[str, object] = field(default_factory=dict)


def _progress_path(unit: str, task: str) -> tuple[str, ...]:
    return ("units", unit, "progress", task)


def select(c: Campaign, unit_text: str, task_texts: list[str]) -> tuple[str, list[str]]:
    """The unit and the applicable tasks named (ids, unique title parts, theme ids or id patterns)."""
    uid = recordable(c, resolve_unit(c, unit_text))
    chosen: list[str] = []
    for text in task_texts:
        found = resolve_tasks(c, text)
        fits = [tid for tid in found if c.applies(c.tasks[tid], uid)]
        if len(found) == 1 and not fits:
            tid = found[0]
            raise UsageError("not_applicable_here", task=tid, unit=c.units[uid].label, applies=", ".join(c.tasks[tid].applies_to))
        if not fits:
            raise UsageError("no_tasks_selected", text=text, unit=c.units[uid].label)
        chosen += fits
    return uid, list(dict.fromkeys(chosen))


def evidence_refs(refs: list[str], base: Path, cwd: Path) -> list[str]:
    """URLs as given; paths made relative to the campaign folder, refusing any that leave it.

    A relative path that names an existing file from the current folder (tab completion in a
    sub-folder) is taken from there; any other relative path is relative to the campaign folder.
    """
    out = []
    root = os.path.abspath(base)
    for given in refs:
        form = evidence.bad_form(given) if given.strip() else None  # a blank one is "not a file" below
        if form is not None:
            raise UsageError("evidence_form_" + form, key="--evidence", path=given)
        kind, ref = evidence.split_kind(given)  # `视频:clip.mp4`: the kind stays in front
        prefix = f"{kind}:" if kind else ""
        if evidence.is_url(ref):
            out.append(prefix + ref)
            continue
        if not ref.strip() or evidence.has_scheme(ref):
            raise UsageError("evidence_not_a_file", path=ref, base=evidence.shown(base))
        here = os.path.normpath(os.path.join(os.path.abspath(cwd), ref))
        if not os.path.isabs(ref) and os.path.isfile(here) and not evidence.escapes(here, base):
            ref = here
        if evidence.escapes(ref, base):
            raise UsageError("evidence_escape_option", path=ref, base=evidence.shown(base))
        full = os.path.normpath(os.path.join(root, ref))
        if full == root or os.path.isdir(full):
            raise UsageError("evidence_not_a_file", path=ref, base=evidence.shown(base))
        out.append(prefix + Path(os.path.relpath(full, root)).as_posix())
    return out


def slot(c: Campaign, uid: str, tid: str, for_day: dt.date | None, near: dt.date, recorded: bool = False) -> tuple[str, str]:
    """(record key, title shown) of the task, or of one occurrence of a recurring task: `for_day`,
    else the open occurrence nearest to `near` (`recorded`: the recorded one nearest, for undo)."""
    task = c.tasks[tid]
    if not task.repeat:
        if for_day is not None:
            raise UsageError("for_not_recurring", task=tid)
        return tid, task.title
    days = recurrence.occurrences(c, task)
    progress = c.units[uid].progress
    if for_day is not None:
        if for_day not in days:
            raise UsageError("for_not_occurrence", task=tid, date=for_day.isoformat(), near=recurrence.nearest(days, for_day, 3))
        day = for_day
    else:
        taken = {d for d in days if recurrence.record_key(tid, d) in progress}
        if recorded:  # undo: the recorded occurrence nearest to today; none: nothing to undo
            found = recurrence.nearest_open(tuple(sorted(taken)), set(), near)
            if found is None:
                return tid, task.title
        else:
            found = recurrence.nearest_open(days, taken, near)
        if found is None:
            raise UsageError("no_open_occurrence", task=task.title, unit=c.units[uid].label)
        day = found
    return recurrence.record_key(tid, day), f"{task.title}（{day.isoformat()}）"


def done(
    c: Campaign,
    base: Path,
    cwd: Path,
    unit_text: str,
    task_texts: list[str],
    on: dt.date | None,
    today: dt.date,
    refs: list[str],
    note: str | None,
    for_day: dt.date | None = None,
) -> list[Change]:
    """Record tasks as done: on `on`, else today for a new record; an existing date stays unless `on`.
    A recurring task: the occurrence `for_day`, else the open one nearest to the day it was done."""
    check_done_day(c, on, today)
    uid, tasks = select(c, unit_text, task_texts)
    new_refs = evidence_refs(refs, base, cwd)
    out = marked_done(c, uid, tasks, on, today, new_refs, note, for_day)
    # recorded all the same (the photos may come later); reported, as every note, on stderr
    out += [
        Change(None, "evidence_not_found", {"path": r, "base": evidence.shown(base)})
        for r in new_refs
        if evidence.missing(r, base)
    ]
    return out + after_campaign(c, today)


def check_done_day(c: Campaign, on: dt.date | None, today: dt.date) -> None:
    """The day a task is recorded done: not after today, not before the campaign's first day."""
    if on is not None and on > today:
        raise UsageError("future_date", date=on.isoformat(), today=today.isoformat())
    first = c.campaign.first_day
    if on is not None and on < first:
        raise UsageError("done_before_start_option", date=on.isoformat(), first=first.isoformat())
    if on is None and today < first:
        raise UsageError("today_before_start", today=today.isoformat(), first=first.isoformat())


def marked_done(
    c: Campaign,
    uid: str,
    tasks: list[str],
    on: dt.date | None,
    today: dt.date,
    new_refs: Sequence[str] = (),
    note: str | None = None,
    for_day: dt.date | None = None,
    pending: Mapping[str, Sequence[Mapping[str, object]]] | None = None,
) -> list[Change]:
    """The edits that record the unit's `tasks` done (the day checked by `check_done_day`).

    The receipt task (`[campaign] receipt_task`) is done only with its form's required values
    (`forms.receipt_lacking`; `pending`: the form rows this change writes): refused otherwise, so
    that no screen shows a done receipt with nobody to call."""
    out = []
    for tid in tasks:
        key, title = slot(c, uid, tid, for_day, on or today)
        if tid == c.campaign.receipt_task:
            from qmonth.core.forms import receipt_lacking, receipt_refusal

            lacking = receipt_lacking(c, uid, pending)
            if lacking:
                raise receipt_refusal(c, uid, lacking)
        old = c.units[uid].progress.get(key)
        kept = old.done if old is not None and on is None else None  # a recorded date stays unless --on
        day = kept or on or today
        opens = c.tasks[tid].opens
        if opens is not None and day < opens:  # a later stage: nothing to record before it opens
            raise UsageError("not_open_yet", task=title, opens=opens.isoformat(), date=day.isoformat())
        # a kept date is not rewritten (it may be written "9月9日"); a record is done or waived, never both
        values: dict[str, object] = {} if kept else {"done": day, "waived": None}
        if new_refs:
            values["evidence"] = list(dict.fromkeys([*(old.evidence if old else []), *new_refs]))
        if note is not None:
            values["note"] = note
        params = {"unit": c.units[uid].label, "task": title, "date": day.isoformat()}
        code = "recorded_done_kept" if kept and not new_refs and note is None else "recorded_done"
        if old is not None and old.done is not None and old.done != day:  # F5: a moved date is said, per task
            code, params["old"] = "recorded_done_moved", old.done.isoformat()
        elif old is not None and old.waived is not None:
            code, params["old"] = "recorded_done_was_waived", old.waived
        out.append(Change(Edit(_progress_path(uid, key), values), code, params))
    return out


def after_campaign(c: Campaign, today: dt.date) -> list[Change]:
    """Recording after the campaign is over (remind_until passed) works, and says so."""
    if today > c.remind_until:
        return [Change(None, "recorded_after_campaign", {"until": c.remind_until.isoformat(), "today": today.isoformat()})]
    return []


def waive(
    c: Campaign, unit_text: str, task_texts: list[str], reason: str, for_day: dt.date | None = None, today: dt.date | None = None
) -> list[Change]:
    uid, tasks = select(c, unit_text, task_texts)
    out = []
    for tid in tasks:
        key, title = slot(c, uid, tid, for_day, today or c.campaign.start)
        params = {"unit": c.units[uid].label, "task": title, "reason": reason}
        old = c.units[uid].progress.get(key)
        code = "recorded_waived"
        if old is not None and old.waived is not None and old.waived != reason:  # F5: a replaced reason is said
            code, params["old"] = "recorded_waived_replaced", old.waived
        elif old is not None and old.done is not None:
            code, params["old"] = "recorded_waived_was_done", old.done.isoformat()
        out.append(Change(Edit(_progress_path(uid, key), {"waived": reason, "done": None}), code, params))
    return out


def _undone(rec: Record, returned: Sequence[tuple[str, str]] = ()) -> tuple[str, str]:
    """What undoing a record removes, in both languages: its date or waiver, evidence and note, and
    what the forms it completed recorded (`returned`: (zh, en) of each)."""
    zh: list[str] = []
    en: list[str] = []
    if rec.done is not None:
        zh.append(f"完成于 {rec.done}")
        en.append(f"done on {rec.done}")
    if rec.waived is not None:
        zh.append(f"免做：{rec.waived}")
        en.append(f"waived: {rec.waived}")
    if rec.evidence:
        zh.append(f"{len(rec.evidence)} 个佐证材料")
        en.append(f"{len(rec.evidence)} evidence item{'s' if len(rec.evidence) > 1 else ''}")
    if rec.note:
        zh.append("备注")
        en.append("the note")
    zh += [z for z, _ in returned]
    en += [e for _, e in returned]
    return "（已删除：" + "、".join(zh) + "）", " (removed: " + ", ".join(en) + ")"  # a record is done or waived


def undo(
    c: Campaign, unit_text: str, task_texts: list[str], for_day: dt.date | None = None, today: dt.date | None = None
) -> list[Change]:
    uid, tasks = select(c, unit_text, task_texts)
    out = []
    for tid in tasks:
        key, title = slot(c, uid, tid, for_day, today or c.campaign.end, recorded=True)
        params: dict[str, object] = {"unit": c.units[uid].label, "task": title}
        if key in c.units[uid].progress:
            returned = _returned(c, uid, key)  # what the form that completes the task recorded goes too
            params["gone"] = _undone(c.units[uid].progress[key], [said for _, said in returned])
            out.append(Change(Edit(_progress_path(uid, key), None), "recorded_undo", params))
            out += [Change(Edit(path, None), "", {}) for path, _ in returned]
        else:
            out.append(Change(None, "nothing_to_undo", params))
    return out


def _returned(c: Campaign, uid: str, task: str) -> list[tuple[tuple[str, ...], tuple[str, str]]]:
    """The tables the forms completing `task` recorded for the unit (the receipt: its liaison), each
    with what it is in both languages. Undoing the task removes them: a liaison shown for a receipt
    that is not done, or a form's rows for a form not returned, would say what is not so."""
    from qmonth.core.forms import with_builtin_liaison

    unit = c.units[uid]
    out: list[tuple[tuple[str, ...], tuple[str, str]]] = []
    for fid, f in with_builtin_liaison(c).forms.items():
        if f.task != task:
            continue
        if f.liaison and unit.liaison is not None:
            name = f" {unit.liaison.name}" if unit.liaison.name else ""
            out.append((("units", uid, "liaison"), (f"联络员{name}", f"the liaison{name}")))
        elif not f.liaison and c.form_rows(uid, fid):
            out.append((("units", uid, "forms", fid), (f"{f.title}的填报内容", f"what {f.title} recorded")))
    return out


def receipt(c: Campaign, unit_text: str, on: dt.date | None, today: dt.date, liaison: dict[str, str | None]) -> list[Change]:
    """The 回执: the liaison's details into the unit, and the receipt task done (a date already
    recorded stays, unless `on` is given). When the campaign declares the liaison form, the values
    are checked by its fields' kinds first."""
    from qmonth.core.forms import BUILTIN_LIAISON_ID, liaison_form, values_for_file, with_builtin_liaison

    task = c.campaign.receipt_task
    if task not in c.tasks:
        raise UsageError("no_receipt_task", task=task)
    uid, _ = select(c, unit_text, [task])
    fields = {k: v for k, v in liaison.items() if v is not None}
    if not any(v.strip() for v in fields.values()):
        raise UsageError("receipt_needs_fields")
    form_id = liaison_form(c)
    declared: set[str] = set()
    if form_id is not None:
        declared = {f.id for f in c.forms[form_id].fields}
        values_for_file(c, form_id, [{k: v for k, v in fields.items() if k in declared}], c.form_rows(uid, form_id))
    if "mobile" not in declared and fields.get("mobile", "").strip():
        # no declared form checks it: the built-in liaison form does (a mobile is @-mentioned)
        builtin = with_builtin_liaison(c.model_copy(update={"forms": {}}))
        values_for_file(builtin, BUILTIN_LIAISON_ID, [{"mobile": fields["mobile"]}])
    saved = _liaison_changes(c, uid, fields)
    check_done_day(c, on, today)
    after = _liaison_after(c, uid, fields)
    pending = {fid: [after] for fid, f in with_builtin_liaison(c).forms.items() if f.liaison}
    return [*saved, *marked_done(c, uid, [task], on, today, pending=pending), *after_campaign(c, today)]


def _liaison_after(c: Campaign, uid: str, given: Mapping[str, object]) -> dict[str, object]:
    """The unit's liaison as it will be once `given` is written (an empty or None value clears a key)."""
    old = c.units[uid].liaison
    merged: dict[str, object] = old.model_dump() if old is not None else {}
    merged.update(given)
    return {k: v for k, v in merged.items() if v is not None and str(v).strip()}


def _rows(n: int) -> tuple[str, str]:
    return f"{n} 行", f"{n} row{'' if n == 1 else 's'}"


_ZH = {"mobile": "手机", "phone": "固定电话", "email": "电子邮箱"}
_EN = {"mobile": "mobile", "phone": "landline", "email": "email address"}


def _liaison_changes(c: Campaign, uid: str, values: Mapping[str, object]) -> list[Change]:
    """The liaison's details into the unit, said the same way whichever option gave them; a new
    name keeping the previous liaison's numbers is said too (they may be the old person's)."""
    unit = c.units[uid]
    old = unit.liaison
    given = {k: v for k, v in values.items() if v is not None}
    name = str(given.get("name") or (old.name if old else ""))
    code = "recorded_receipt" if name.strip() else "recorded_receipt_no_name"
    out = [Change(Edit(("units", uid, "liaison"), dict(values)), code, {"unit": unit.label, "name": name})]
    if old is not None and old.name and given.get("name") and given["name"] != old.name:
        kept = [(k, getattr(old, k)) for k in ("mobile", "phone", "email") if getattr(old, k) and k not in given]
        if kept:
            shown = ("、".join(f"{_ZH[k]} {v}" for k, v in kept), ", ".join(f"the {_EN[k]} {v}" for k, v in kept))
            params = {"unit": unit.label, "old": old.name, "new": given["name"], "kept": shown}
            out.append(Change(None, "liaison_renamed_numbers_kept", params))
    return out


def form(
    c: Campaign,
    unit_text: str,
    form_text: str,
    rows: list[dict[str, str]],
    on: dt.date | None,
    today: dt.date,
    *,
    replace: bool,
) -> list[Change]:
    """A returned form: its values into the unit (the liaison form into [units.ID.liaison]), checked
    field by field, and the form's task done (a date already recorded stays, unless `on`).

    A multi-row form gets the rows added after those recorded; `replace` (the unit's whole sheet):
    the rows given replace them, and the message says how many went."""
    from qmonth.core.forms import resolve_form, rows_for_file, values_for_file

    form_id = resolve_form(c, form_text)
    declared = c.forms[form_id]
    uid, _ = select(c, unit_text, [declared.task])
    unit = c.units[uid]
    old_rows = c.form_rows(uid, form_id)
    check_done_day(c, on, today)

    def done_too(after: Sequence[Mapping[str, object]]) -> list[Change]:
        """The form's task done, checked against the form's values `after` this change."""
        pending = {form_id: after}
        return [*marked_done(c, uid, [declared.task], on, today, pending=pending), *after_campaign(c, today)]

    params: dict[str, object] = {"unit": unit.label, "form": declared.title}
    if declared.liaison:
        values = values_for_file(c, form_id, rows, old_rows)
        text = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
        return [*_liaison_changes(c, uid, text), *done_too([_liaison_after(c, uid, text)])]
    if not declared.rows:
        values = values_for_file(c, form_id, rows, old_rows)
        merged = {**(old_rows[0] if old_rows else {}), **values}
        return [Change(Edit(("units", uid, "forms", form_id), values), "recorded_form", params), *done_too([merged])]
    kept = [] if replace else old_rows
    if not rows:
        values_for_file(c, form_id, rows)  # refused: no values
    table = tuple(rows_for_file(c, form_id, [*kept, *rows]))  # one [[units.ID.forms.FORM]] per row
    params.update(rows=_rows(len(rows)), total=_rows(len(kept) + len(rows)), old=_rows(len(old_rows)))
    code = "recorded_form_rows_replaced" if replace and old_rows else "recorded_form_rows_added" if kept else "recorded_form_rows"
    return [Change(Edit(("units", uid, "forms", form_id), None, rows=table), code, params), *done_too(table)]
