"""Rules that span the file: references between ids, dates, evidence. Pure; returns problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from qmonth.core import evidence, recurrence
from qmonth.core.errors import Problem
from qmonth.core.model import Campaign, is_id

if TYPE_CHECKING:
    from qmonth.core.calendar import WorkCalendar


MIN_YEAR, MAX_YEAR = 1900, 2100
#: A month/day deadline read more than this many days after `end` is asked about (a month typo?).
LATE_DEADLINE_DAYS = 31


def closest(word: str, choices: Iterable[str], n: int = 3) -> str:
    found = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.4)
    return ", ".join(found) if found else "—"


def check_references(c: Campaign, base: evidence.Base) -> list[Problem]:
    """Problems every command refuses to work with."""
    out: list[Problem] = []
    add = out.append
    for section, ids in (("kinds", c.kinds), ("themes", c.themes), ("tasks", c.tasks), ("units", c.units), ("notify", c.notify)):
        for i in ids:
            if not is_id(i):
                add(Problem("invalid_id", f"{section}.{i}", params={"id": i}))
    for name in ("start", "end"):  # far-off years overflow date arithmetic (and are typos anyway)
        day = getattr(c.campaign, name)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            add(Problem("campaign_year_range", f"campaign.{name}", params={"date": day, "low": MIN_YEAR, "high": MAX_YEAR}))
    if c.campaign.start > c.campaign.end:
        add(Problem("campaign_dates", "campaign.start", params={"start": c.campaign.start, "end": c.campaign.end}))
    elif c.campaign.remind_until is not None:
        out += _check_remind_until(c)
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(c.campaign.timezone)
    except Exception:  # ZoneInfoNotFoundError, ValueError for malformed names
        add(Problem("unknown_timezone", "campaign.timezone", params={"tz": c.campaign.timezone}))
    for d in sorted(set(c.calendar.holidays) & set(c.calendar.workdays)):
        add(Problem("calendar_both", "calendar.holidays", params={"date": d}))
    kinds = ", ".join(c.kinds) or "—"
    for uid, unit in c.units.items():
        if uid in c.kinds:
            add(Problem("id_collision", f"units.{uid}", params={"id": uid}))
        if not unit.named:  # a unit class: nothing of its own until its units are named
            for key in ("phone", "email", "liaison", "progress", "forms"):
                if getattr(unit, key):
                    add(Problem("unit_class_has", f"units.{uid}.{key}", params={"id": uid, "what": key}))
    for tid, task in c.tasks.items():
        key = f"tasks.{tid}"
        if task.theme not in c.themes:
            add(Problem("unknown_theme", key + ".theme", params={"theme": task.theme, "known": ", ".join(c.themes)}))
        for target in task.applies_to:
            if target not in c.kinds and target not in c.units:
                add(Problem("unknown_target", key + ".applies_to", params={"target": target, "kinds": kinds}))
        if task.report_with is not None:
            other = c.tasks.get(task.report_with)
            if other is None or task.report_with == tid or other.deadline is None or task.deadline is not None:
                add(Problem("report_with_bad", key + ".report_with", params={"task": task.report_with}))
        out += _check_stage(c, tid, task)
        if task.deadline is not None:
            low, high = c.campaign.deadline_span
            if task.deadline < low:
                code = "deadline_before_issued" if c.campaign.issued else "deadline_before_start"
                add(Problem(code, key + ".deadline", params={"date": task.deadline, "low": low, "high": high}))
            elif task.deadline > high:
                add(Problem("deadline_after_span", key + ".deadline", params={"date": task.deadline, "low": low, "high": high}))
    out += _check_forms(c)
    first_day = c.campaign.first_day
    targets = {tid: set(task.applies_to) for tid, task in c.tasks.items()}
    for uid, unit in c.units.items():
        kind_known = unit.kind in c.kinds
        if not kind_known:
            add(Problem("unknown_kind", f"units.{uid}.kind", params={"kind": unit.kind, "known": kinds}))
        for rkey, rec in unit.progress.items():
            # a record with no problem (most of them) is checked without building its dotted key
            tid = recurrence.split_key(rkey)[0] if recurrence.SEP in rkey else rkey
            wanted = c.tasks.get(tid)
            if recurrence.SEP in rkey or (wanted is not None and wanted.repeat):
                occurrence_problem = recurrence.check_record(c, uid, rkey)
                if occurrence_problem is not None:
                    add(occurrence_problem)
            done, waived = rec.done, rec.waived
            if not (
                wanted is not None
                and (not kind_known or uid in targets[tid] or unit.kind in targets[tid])
                and (done is None or done >= first_day)
                and (done is None or wanted.opens is None or done >= wanted.opens)
                and (done is None) != (waived is None)
                and (waived is None or waived.strip())
            ):
                key = f"units.{uid}.progress.{rkey}"
                if wanted is None:
                    add(Problem("unknown_task_progress", key, params={"task": tid, "matches": closest(tid, c.tasks)}))
                elif kind_known and not c.applies(wanted, uid):
                    add(Problem("task_not_applicable", key, params={"task": tid, "applies": ", ".join(wanted.applies_to)}))
                if done is not None and done < first_day:
                    add(Problem("done_before_start", key + ".done", params={"date": done, "first": first_day}))
                if done is not None and wanted is not None and wanted.opens is not None and done < wanted.opens:
                    add(Problem("done_before_opens", key + ".done", params={"date": done, "opens": wanted.opens}))
                if done is not None and waived is not None:
                    add(Problem("record_both", key))
                elif done is None and waived is None:
                    add(Problem("record_none", key))
                elif waived is not None and not waived.strip():
                    add(Problem("waive_needs_reason", key + ".waived"))
            for n, ref in enumerate(rec.evidence):
                if evidence.is_web_link(ref):  # most evidence: nothing more to check
                    continue
                form = evidence.bad_form(ref)
                if form is not None:
                    add(Problem("evidence_form_" + form, f"units.{uid}.progress.{rkey}.evidence.{n}", params={"path": ref}))
                elif evidence.escapes(ref, base):
                    add(Problem("evidence_escape", f"units.{uid}.progress.{rkey}.evidence.{n}", params={"path": ref}))
    out += recurrence.check(c)
    if c.reminders.templates.model_fields_set:  # message templates: only named placeholders (qmonth/notify)
        from qmonth.core.placeholders import template_problems

        out += template_problems(c)
    return out


def _check_stage(c: Campaign, tid: str, task: Any) -> list[Problem]:
    """`after` + `months`/`days` (a relative deadline), `on` (an event), `opens` (a later stage)."""
    key = f"tasks.{tid}"
    out: list[Problem] = []
    if task.after is not None:
        if task.repeat or task.on:
            other = "repeat" if task.repeat else "on"
            out.append(Problem("task_keys_conflict", key + ".after", params={"a": "after", "b": other}))
        elif tid not in c._relative and task.deadline is not None:
            out.append(Problem("task_keys_conflict", key + ".after", params={"a": "after", "b": "deadline"}))
        elif task.after not in c.tasks and task.after not in c.themes:
            matches = closest(task.after, [*c.tasks, *c.themes])
            out.append(Problem("after_unknown", key + ".after", params={"ref": task.after, "matches": matches}))
        elif tid not in c._relative:
            out.append(Problem("after_cycle", key + ".after", params={"ref": task.after}))
    elif task.months is not None or task.days is not None:
        out.append(Problem("offset_without_after", key + (".months" if task.months is not None else ".days")))
    if task.on is not None and (task.deadline is not None or task.repeat):
        other = "deadline" if task.deadline is not None else "repeat"
        out.append(Problem("task_keys_conflict", key + ".on", params={"a": "on", "b": other}))
    if task.opens is not None and task.opens > c.due(task):
        out.append(Problem("opens_after_deadline", key + ".opens", params={"opens": task.opens, "date": c.due(task)}))
    return out


def _check_remind_until(c: Campaign) -> list[Problem]:
    """`remind_until` inside the span and not before the end: else `remind` goes quiet too soon."""
    info = c.campaign
    day, (low, high) = info.remind_until, info.span
    assert day is not None
    params: dict[str, object] = {"date": day, "first": info.first_day, "end": info.end, "low": low, "high": high}
    if day < (info.issued or info.start):
        return [Problem("remind_until_before_start", "campaign.remind_until", params=params)]
    if day < info.end:
        return [Problem("remind_until_before_end", "campaign.remind_until", params=params)]
    if day > high:
        return [Problem("remind_until_after_span", "campaign.remind_until", params=params)]
    return []


def _one_line_fields(c: Campaign) -> Iterable[tuple[str, str]]:
    """(dotted key, text) of every name and title: text shown on one line of a screen or a mail."""
    info = c.campaign
    for name in ("title", "issuer", "document", "theme"):
        yield f"campaign.{name}", getattr(info, name)
    several = isinstance(info.contact, list)
    for n, contact in enumerate(info.contacts):
        for name, value in contact.model_dump().items():
            yield f"campaign.contact.{n}.{name}" if several else f"campaign.contact.{name}", value
    for kid, label in c.kinds.items():
        yield f"kinds.{kid}", label
    for hid, theme in c.themes.items():
        for name in ("number", "short", "title"):
            yield f"themes.{hid}.{name}", getattr(theme, name)
    for tid, task in c.tasks.items():
        yield f"tasks.{tid}.title", task.title
    for uid, unit in c.units.items():
        yield f"units.{uid}.name", unit.name
        yield f"units.{uid}.short", unit.short
        if unit.liaison is not None:
            for name, value in unit.liaison.model_dump().items():
                yield f"units.{uid}.liaison.{name}", value


def check_text(c: Campaign) -> list[Problem]:
    """Names and titles holding control characters, line breaks or bidi controls (errors): shown
    escaped everywhere, but a forged line or a reversed name has no place in the file."""
    from qmonth.core.escape import has_controls, terminal

    return [
        Problem("control_chars", key, params={"shown": terminal(value)})
        for key, value in _one_line_fields(c)
        if value and has_controls(value)
    ]


def check_full(c: Campaign, base: evidence.Base, cal: WorkCalendar, *, strict: bool = False) -> list[Problem]:
    """What `qmonth check` adds: evidence files on disk and control characters in names (errors),
    deadlines on rest days (warnings), a receipt done without its values (a warning; an error
    with `strict`)."""
    out: list[Problem] = check_text(c)
    for uid, unit in c.units.items():
        for tid, rec in unit.progress.items():
            for i, ref in enumerate(rec.evidence):
                if evidence.missing(ref, base):
                    key = f"units.{uid}.progress.{tid}.evidence.{i}"
                    out.append(Problem("evidence_missing", key, params={"path": ref, "base": evidence.shown(base)}))
    out += check_receipts(c, strict=strict)
    if not cal.is_workday(c.campaign.end):
        out.append(Problem("end_rest_day", "campaign.end", params={"date": c.campaign.end}, warning=True))
    for tid, task in c.tasks.items():
        if task.shift is not None:  # 遇节假日顺延/提前: a rest day is meant
            continue
        if task.deadline is not None and not cal.is_workday(task.deadline):
            out.append(Problem("deadline_rest_day", f"tasks.{tid}.deadline", params={"date": task.deadline}, warning=True))
        rest = [d for d in recurrence.rule_days(c, task) if not cal.is_workday(d)]
        if rest:
            shown = ", ".join(d.isoformat() for d in rest[:5]) + (" …" if len(rest) > 5 else "")
            params: dict[str, object] = {"dates": shown, "n": len(rest)}
            out.append(Problem("occurrence_rest_day", f"tasks.{tid}.repeat", params=params, warning=True))
    return out


def check_receipts(c: Campaign, *, strict: bool = False) -> list[Problem]:
    """A receipt task recorded done without its form's required values (a file edited by hand, or a
    merge): a warning, an error with `strict`. The file is never rewritten: `qmonth receipt` says who."""
    from qmonth.core.forms import receipt_lacking, receipt_refusal

    task = c.campaign.receipt_task
    if task not in c.tasks:
        return []
    out: list[Problem] = []
    for uid, unit in c.units.items():
        rec = unit.progress.get(task)
        if rec is None or rec.done is None:
            continue
        lacking = receipt_lacking(c, uid)
        if lacking:
            params = {k: v for k, v in receipt_refusal(c, uid, lacking).params.items() if k in ("fields", "command")}
            out.append(Problem("receipt_done_lacking", f"units.{uid}.progress.{task}", params=params, warning=not strict))
    return out


def check_evidence_kinds(c: Campaign) -> list[Problem]:
    """`check --strict`: done records without a kind of evidence their task asks for."""
    from qmonth.core.kinds import lacking

    out: list[Problem] = []
    for uid, unit in c.units.items():
        for tid, rec in unit.progress.items():
            task = c.tasks.get(tid)
            if task is None or rec.done is None or not task.evidence:
                continue
            missing = lacking(task.evidence, rec.evidence)
            if missing:
                params: dict[str, object] = {"kinds": "、".join(missing), "required": "、".join(task.evidence)}
                out.append(Problem("evidence_lacking", f"units.{uid}.progress.{tid}", params=params))
    return out


def _check_forms(c: Campaign) -> list[Problem]:
    """[forms]: each form's task exists, its fields make sense; each unit's returned values fit."""
    from qmonth.core.forms import builtin_liaison
    from qmonth.core.forms import problem as value_problem
    from qmonth.core.model import LIAISON_FIELD_IDS

    out: list[Problem] = []
    add = out.append
    for fid, form in c.forms.items():
        key = f"forms.{fid}"
        if not is_id(fid):
            add(Problem("invalid_id", key, params={"id": fid}))
        if form.task not in c.tasks:
            add(Problem("form_unknown_task", key + ".task", params={"task": form.task}))
        seen: set[str] = set()
        for n, f in enumerate(form.fields):
            where = f"{key}.fields.{n}"
            if f.id in seen:
                add(Problem("form_bad_field", where, params={"detail": f"“{f.id}” appears twice / 重复"}))
            seen.add(f.id)
            if f.kind == "choice" and not f.options:
                add(Problem("form_bad_field", where, params={"detail": "kind = choice needs options = [...] / 需要 options"}))
            if form.liaison and f.id not in LIAISON_FIELD_IDS:
                detail = f"a liaison form's field ids are {', '.join(LIAISON_FIELD_IDS)} / 联络员表格的字段编号只能是这些"
                add(Problem("form_bad_field", where, params={"detail": detail}))
    known = ", ".join(fid for fid, f in c.forms.items() if not f.liaison) or "—"
    named_by = next((f for f in c.forms.values() if f.liaison), None)
    liaison_fields = list(named_by.fields) if named_by is not None else []
    builtin_mobile = builtin_liaison(c.campaign.receipt_task).field("mobile")
    if builtin_mobile is not None and not any(f.id == "mobile" for f in liaison_fields):
        liaison_fields.append(builtin_mobile)  # the built-in form's check: a mobile is @-mentioned
    for uid, unit in c.units.items():
        if unit.liaison is not None:
            for fld in liaison_fields:
                value = getattr(unit.liaison, fld.id, "") or ""
                if isinstance(value, str) and value and value_problem(fld, value) is not None:
                    params: dict[str, object] = {"label": fld.label, "value": value, "kind": fld.kind}
                    add(Problem("form_value_problem", f"units.{uid}.liaison.{fld.id}", params=params))
        for form_id, values in unit.forms.items():
            key = f"units.{uid}.forms.{form_id}"
            declared = c.forms.get(form_id)
            if declared is None or declared.liaison:
                add(Problem("unknown_form_values", key, params={"form": form_id, "known": known}))
                continue
            lengths = {len(v) for v in values.values() if isinstance(v, list)}
            if declared.rows and (len(lengths) > 1 or any(not isinstance(v, list) for v in values.values())):
                add(Problem("form_rows_shape", key))
            for field_id, value in values.items():
                found = declared.field(field_id)
                if found is None:
                    labels = "、".join(x.id for x in declared.fields)
                    params = {"form": form_id, "field": field_id, "known": labels}
                    add(Problem("unknown_form_field", f"{key}.{field_id}", params=params))
                    continue
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str) and v and value_problem(found, v) is not None:
                        params = {"label": found.label, "value": v, "kind": found.kind}
                        add(Problem("form_value_problem", f"{key}.{field_id}", params=params))
    return out


def check_raw_references(data: dict[str, Any]) -> list[Problem]:
    """The cross-references of a file that does not validate (a required key missing, a section
    broken), read from the raw TOML data: unknown kinds, themes, targets and tasks. So that `check`
    reports them in the same run as the schema errors, not one run later."""

    def table(name: str) -> dict[str, Any]:
        value = data.get(name)
        return value if isinstance(value, dict) else {}

    kinds, themes, tasks, units = table("kinds"), table("themes"), table("tasks"), table("units")
    known_kinds = ", ".join(kinds) or "—"
    out: list[Problem] = []
    for tid, task in tasks.items():
        if not isinstance(task, dict):
            continue
        theme = task.get("theme")
        if isinstance(theme, str) and themes and theme not in themes:
            out.append(Problem("unknown_theme", f"tasks.{tid}.theme", params={"theme": theme, "known": ", ".join(themes)}))
        targets = task.get("applies_to")
        for target in targets if isinstance(targets, list) else []:
            if isinstance(target, str) and target not in kinds and target not in units:
                out.append(Problem("unknown_target", f"tasks.{tid}.applies_to", params={"target": target, "kinds": known_kinds}))
    for uid, unit in units.items():
        if not isinstance(unit, dict):
            continue
        kind = unit.get("kind")
        if isinstance(kind, str) and kind not in kinds:
            out.append(Problem("unknown_kind", f"units.{uid}.kind", params={"kind": kind, "known": known_kinds}))
        progress = unit.get("progress")
        for rkey in progress if isinstance(progress, dict) and tasks else []:
            tid = recurrence.split_key(str(rkey))[0]
            if tid not in tasks:
                key = f"units.{uid}.progress.{rkey}"
                out.append(Problem("unknown_task_progress", key, params={"task": tid, "matches": closest(tid, tasks)}))
    return out


def check_late_month_days(c: Campaign, data: dict[str, Any]) -> list[Problem]:
    """Warnings: a deadline written as a month/day (no year) that reads more than
    LATE_DEADLINE_DAYS after `end`. "1月8日" in a September campaign is 2025-01-08 by the rule, but
    most likely a slip for 10月8日: `check` names both and asks for the year (written out, it is
    taken as meant and not asked about again)."""
    from qmonth.core.dates import DateFormatError, month_day, month_part, split_time

    out: list[Problem] = []
    raw_tasks = data.get("tasks")
    if not isinstance(raw_tasks, dict):
        return out
    end = c.campaign.end
    for tid, task in c.tasks.items():
        raw = raw_tasks.get(tid)
        text = raw.get("deadline") if isinstance(raw, dict) else None
        if task.deadline is None or not isinstance(text, str):
            continue
        try:
            day_text = split_time(text)[0]
        except DateFormatError:
            continue
        md = month_day(day_text)
        part = month_part(day_text)
        if (md is None and part is None) or (task.deadline - end).days <= LATE_DEADLINE_DAYS:
            continue
        if md is not None:
            meant = likely_meant(md[0], md[1], c.campaign.issued or c.campaign.start, end)
            meant_text = f"{meant.month}月{meant.day}日" if meant else ""
        else:  # 1月底 for 10月底: the same part of the month one keystroke away
            assert part is not None
            meant = likely_meant(part[0], 0, c.campaign.issued or c.campaign.start, end, part[1])
            meant_text = f"{meant.month}月{part[1]}" if meant else ""
        params: dict[str, object] = {
            "text": text,
            "date": task.deadline,
            "end": end,
            "days": (task.deadline - end).days,
            "meant": meant_text,
            "meant_iso": meant.isoformat() if meant else "",
        }
        code = "deadline_late_month_day" if meant else "deadline_late_month_day_plain"
        out.append(Problem(code, f"tasks.{tid}.deadline", params=params, warning=True))
    return out


def likely_meant(month: int, day: int, low: Any, end: Any, part: str = "") -> Any:
    """The day a slipped month most likely meant: the same day in a month one keystroke away
    ("1" for "10": a digit dropped, doubled or mistyped), falling between `low` and a month
    after `end`; a dropped or doubled digit before a mistyped one, then the nearest to `end`.
    `part` (底, 上旬...): the day is that part of each month instead of `day`."""
    import datetime as dt

    from qmonth.core.dates import DateFormatError, parse_day

    typed = str(month)
    found: list[tuple[int, int, dt.date]] = []
    for year in (end.year - 1, end.year, end.year + 1):
        for m in range(1, 13):
            if m == month:
                continue
            edit = _one_edit(typed, str(m))
            if edit is None:
                continue
            try:
                candidate = parse_day(f"{m}月{part}", year) if part else dt.date(year, m, day)
            except (ValueError, DateFormatError):
                continue
            if low <= candidate <= end + dt.timedelta(days=LATE_DEADLINE_DAYS):
                found.append((edit, abs((candidate - end).days), candidate))
    return min(found)[2] if found else None


def _one_edit(a: str, b: str) -> int | None:
    """0 when `b` is `a` with one digit dropped or added, 1 when one digit differs, else None."""
    if len(a) == len(b):
        return 1 if sum(x != y for x, y in zip(a, b, strict=True)) == 1 else None
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return None
    return 0 if any(long[:i] + long[i + 1 :] == short for i in range(len(long))) else None
