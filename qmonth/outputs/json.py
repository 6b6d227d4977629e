"""The JSON outputs: `status`, `tasks` and `remind` with `--format json`, and `dumps`, the one way
qmonth writes JSON (Chinese kept readable, every control character escaped)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from qmonth.core import escape
from qmonth.core.chases import chased
from qmonth.core.schedule import Item, Report
from qmonth.outputs.checklist import unit_forms
from qmonth.outputs.text import day_text

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.chases import Chases
    from qmonth.core.model import Campaign, Liaison
    from qmonth.core.remind import UnitReminder


def _item_json(item: Item) -> dict[str, Any]:
    return {
        "unit": item.unit,
        "task": item.task,
        "theme": item.theme,
        "deadline": item.deadline.isoformat(),
        "deadline_source": item.deadline_source,
        "state": item.state.value,
        "done_on": day_text(item.done_on) or None,
        "days_overdue": item.days_overdue,
        "workdays_overdue": item.workdays_overdue,
        "due_time": f"{item.due_time:%H:%M}" if item.due_time is not None else None,
        "optional": item.optional,
        "days_left": item.days_left,
        "workdays_left": item.workdays_left,
        "long_break": {"start": item.long_break[0].isoformat(), "end": item.long_break[1].isoformat()}
        if item.long_break
        else None,
        "evidence": list(item.evidence),
        "evidence_missing": list(item.evidence_missing),
        "evidence_lacking": list(item.evidence_lacking),
        "note": item.note,
        "waived": item.waived or None,
        "occurrence": item.occurrence.isoformat() if item.occurrence else None,
        "opens": item.opens.isoformat() if item.opens else None,
        "event": item.event,
        "assumed_rest_days": [d.isoformat() for d in item.assumed],
    }


def _liaison_json(liaison: Liaison | None) -> dict[str, str] | None:
    if liaison is None or not liaison.known:
        return None
    return {k: v for k, v in liaison.model_dump().items() if v or k != "email"}


def _forms_json(c: Campaign, unit_id: str) -> dict[str, Any]:
    return {
        fid: {"title": c.forms[fid].title, "task": c.forms[fid].task, "rows": c.form_rows(unit_id, fid)}
        for fid in unit_forms(c, unit_id)
    }


def status_json(c: Campaign, report: Report, chases: Chases | None = None) -> str:
    """`chases` (the 催办 log's counts): each item gains `chased: {times, last}`."""
    data: dict[str, Any] = {
        "today": report.today.isoformat(),
        "campaign": {
            "title": c.campaign.title,
            "over": report.over,
            "last_deadline": report.last_deadline.isoformat(),
            "issued": c.campaign.issued.isoformat() if c.campaign.issued else None,
            "not_yet": None if report.not_yet is None else {"event": report.not_yet[0], "date": report.not_yet[1].isoformat()},
            "plan": report.plan,
            "plan_assumed_rest_days": [d.isoformat() for d in report.plan_assumed],
        },
        "units": [
            {
                "id": u.id,
                "name": u.name,
                "done": u.done,
                "total": u.total,
                "percent": u.percent,
                "light": u.light.value,
                "overdue": u.overdue,
                "due_soon": u.due_soon,
                "behind": u.behind,
                "themes": {th: {"done": d, "total": n} for th, (d, n) in u.themes.items()},
                "kind": c.units[u.id].kind,
                "kind_name": c.kinds.get(c.units[u.id].kind, ""),
                "class": not c.units[u.id].named,  # a class of units not named yet (各镇（街道）)
                "office": {"phone": c.units[u.id].phone, "email": c.units[u.id].email},
                "liaison": _liaison_json(c.units[u.id].liaison),
                "forms": _forms_json(c, u.id),
            }
            for u in report.units
        ],
        "items": [_item_json(i) for i in report.items],
    }
    if chases is not None:
        for item, row in zip(report.items, data["items"], strict=True):
            seen = chased(chases, item.unit, item.task)
            row["chased"] = {"times": seen.times, "last": seen.last.isoformat(timespec="seconds") if seen.last else None}
    return dumps(data)


def tasks_json(c: Campaign, unit_id: str | None = None) -> str:
    from qmonth.core.recurrence import occurrences

    return dumps(
        {
            "themes": [{"id": th, "number": theme.number, "title": theme.title} for th, theme in c.themes.items()],
            "tasks": [
                {
                    "id": tid,
                    "theme": task.theme,
                    "title": task.title,
                    "deadline": c.due(task).isoformat(),
                    "due_time": f"{task.due_time:%H:%M}" if task.due_time is not None else None,
                    "number": task.number,
                    "optional": task.optional,
                    "opens": task.opens.isoformat() if task.opens else None,
                    "event": task.on is not None,
                    "repeat": task.repeat,
                    "occurrences": [d.isoformat() for d in occurrences(c, task)],
                    "applies_to": list(task.applies_to),
                    "units": [u for u in c.units if c.applies(task, u)],
                    "evidence": list(task.evidence),
                }
                for tid, task in c.tasks.items()
                if unit_id is None or c.applies(task, unit_id)
            ],
        }
    )


def remind_json(groups: list[UnitReminder], today: dt.date) -> str:
    """What is reminded today, unit by unit; an activity item chased with its report (the 总结)
    follows the report, with `report_with` naming it."""
    from qmonth.core.remind import days

    def row(g: UnitReminder, i: Item, report_with: str | None) -> dict[str, Any]:
        return {
            "unit": g.unit,
            "task": i.task,
            "deadline": i.deadline.isoformat(),
            "deadline_source": i.deadline_source,
            "report_with": report_with,
            "state": i.state.value,
            "days": days(i),
            "workdays_left": i.workdays_left,
            "workdays_overdue": i.workdays_overdue,
            "assumed_rest_days": [d.isoformat() for d in i.assumed],
            "due_time": f"{i.due_time:%H:%M}" if i.due_time is not None else None,
            "liaison": _liaison_json(g.liaison),
            "office": {"phone": g.phone, "email": g.email},
            "class": not g.named,  # a class of units not named yet: reminded through the coordinator
        }

    rows = [
        r
        for g in groups
        for i in g.items
        for r in [row(g, i, None), *(row(g, k, i.task) for k in g.covers.get(i.task, ()))]
    ]
    return dumps({"today": today.isoformat(), "reminders": rows})


def dumps(data: object) -> str:
    """JSON with Chinese kept readable and every control character escaped (C1 and bidi included)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return escape.json_document(text)
