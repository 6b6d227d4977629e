"""What to remind today, grouped by unit. Pure: the report and calendar come in, data goes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qmonth.calendar import WorkCalendar
from qmonth.model import Campaign, Liaison
from qmonth.schedule import Item, Report, State


@dataclass(frozen=True)
class UnitReminder:
    unit: str
    name: str
    liaison: Liaison | None
    items: list[Item]
    phone: str = ""  # the unit office's own phone and e-mail (shown when the liaison is unknown)
    email: str = ""


def reminders(c: Campaign, report: Report, cal: WorkCalendar, any_day: bool = False) -> list[UnitReminder]:
    """Overdue and due-soon items, grouped by unit in file order, most urgent first in a unit.

    Nothing is reminded on a rest day (weekends, public holidays) unless `any_day`; make-up
    working days (调休) are working days. So cron can run daily and qmonth decides. After
    `remind_until` (default: 30 days after the last deadline) nothing is reminded at all.
    """
    if not any_day and not cal.is_workday(report.today):
        return []
    if report.today > c.remind_until:  # the campaign is long over: cron stays quiet
        return []
    if c.campaign.issued is not None and report.today < c.campaign.issued:  # nobody is chased before the notice
        return []
    groups: dict[str, list[Item]] = {}
    for item in report.items:
        if item.state in (State.OVERDUE, State.DUE_SOON):
            groups.setdefault(item.unit, []).append(item)
    return [
        UnitReminder(uid, u.name, u.liaison, sorted(items, key=urgency), u.phone, u.email)
        for uid, items in groups.items()
        for u in (c.units[uid],)
    ]


def urgency(item: Item) -> tuple[int, dt.date]:
    """Most overdue first, then the nearest deadline."""
    return (-item.days_overdue, item.deadline)


def days(item: Item) -> int:
    """The JSON `days`: calendar days overdue, or calendar days left (0 = due today)."""
    return item.days_overdue if item.state is State.OVERDUE else (item.days_left or 0)
