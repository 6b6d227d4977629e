"""What to remind today, grouped by unit. Pure: the report and calendar come in, data goes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from qmonth.core.calendar import WorkCalendar
from qmonth.core.model import Campaign, Liaison
from qmonth.core.schedule import Item, Report, State


@dataclass(frozen=True)
class UnitReminder:
    unit: str
    name: str
    liaison: Liaison | None
    items: list[Item]
    phone: str = ""  # the unit office's own phone and e-mail (shown when the liaison is unknown)
    email: str = ""
    # report task id → the items implied by the period that it must cover (the activity items the
    # unit has not reported yet, chased with the 总结 rather than on their own)
    covers: dict[str, list[Item]] = field(default_factory=dict)
    named: bool = True  # false: a class of units not named yet (各镇（街道）), reminded through the coordinator


def late(item: Item) -> bool:
    """Past a deadline the notice set: the only items a message may call overdue (逾期)."""
    return item.state is State.OVERDUE and not item.implied


def unreported(item: Item) -> bool:
    """Implied by the period, and the period is over: its completion has not been reported."""
    return item.state is State.OVERDUE and item.implied


def reminders(c: Campaign, report: Report, cal: WorkCalendar, any_day: bool = False) -> list[UnitReminder]:
    """Overdue and due-soon items, grouped by unit, most urgent unit first, most urgent first in a unit.

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
    return outstanding(c, report)


def due(
    c: Campaign,
    day: dt.date,
    cal: WorkCalendar,
    *,
    unit: str | None = None,
    any_day: bool = False,
    within: int | None = None,
    now: dt.time | None = None,
) -> tuple[Campaign, str | None, list[UnitReminder]]:
    """`qmonth remind`: the campaign as it stood on `day`, the unit asked for (its id), and what to
    remind. `within` (working days) replaces the campaign's and every task's warning window. One
    unit (`unit`, an id or part of a name) is asked for by a person: whatever the day; else
    `reminders`, silent on rest days unless `any_day`."""
    from qmonth.core.resolve import resolve_unit
    from qmonth.core.schedule import as_of, compute

    if within is not None:
        c = c.model_copy(
            update={
                "campaign": c.campaign.model_copy(update={"warn_days": within}),
                "tasks": {k: v.model_copy(update={"warn_days": None}) for k, v in c.tasks.items()},
            }
        )
    c = as_of(c, day)  # as it stood that day: a liaison named by a later receipt is not known yet
    if unit is not None:
        uid = resolve_unit(c, unit)
        return c, uid, outstanding(c, compute(c, day, cal, units=[uid], now=now))
    return c, None, reminders(c, compute(c, day, cal, now=now), cal, any_day=any_day)


def outstanding(c: Campaign, report: Report) -> list[UnitReminder]:
    """Every unit's overdue and due-soon items, whatever the day: most urgent unit first."""
    groups: dict[str, list[Item]] = {}
    states: dict[tuple[str, str], State] = {}
    for item in report.items:
        states[item.unit, item.task] = item.state
        if item.state in (State.OVERDUE, State.DUE_SOON):
            groups.setdefault(item.unit, []).append(item)
    out = []
    for uid, items in groups.items():
        u = c.units[uid]
        own: list[Item] = []
        covers: dict[str, list[Item]] = {}
        for item in items:
            report_task = c.tasks[item.task].report_with if unreported(item) else None
            owed = states.get((uid, report_task)) if report_task else None
            if owed in (State.OVERDUE, State.DUE_SOON, State.OPEN):  # chased with its report, not alone
                covers.setdefault(report_task, []).append(item)  # type: ignore[arg-type]
            else:
                own.append(item)
        reported_now = {i.task for i in own}
        covers = {r: found for r, found in covers.items() if r in reported_now}  # the report's own window
        if own:
            out.append(UnitReminder(uid, u.name, u.liaison, sorted(own, key=urgency), u.phone, u.email, covers, u.named))
    return sorted(out, key=unit_urgency)  # stable: units equally urgent stay in file order


def unit_urgency(group: UnitReminder) -> tuple[int, int, dt.date]:
    """The unit most overdue first, then the one owing most, then the nearest deadline."""
    overdue = [i for i in group.items if late(i)]
    worst = max((i.workdays_overdue for i in overdue), default=0)
    return (-worst, -len(overdue), min(i.deadline for i in group.items))


@dataclass(frozen=True)
class Summary:
    overdue: int
    overdue_units: int
    due_soon: int
    due_soon_units: int
    unreported: int = 0  # implied by the period, period over, chased alone (no report to go with)
    unreported_units: int = 0


def summarize(groups: list[UnitReminder]) -> Summary:
    """The counts of the first line of the reminder mail."""
    over = [sum(late(i) for i in g.items) for g in groups]
    soon = [sum(i.state is State.DUE_SOON for i in g.items) for g in groups]
    unrep = [sum(unreported(i) for i in g.items) for g in groups]
    return Summary(
        sum(over), sum(1 for n in over if n), sum(soon), sum(1 for n in soon if n), sum(unrep), sum(1 for n in unrep if n)
    )


def urgency(item: Item) -> tuple[int, int, dt.date]:
    """Past a notice's deadline first (most working days first), then the nearest deadline."""
    return (0 if late(item) else 1, -item.workdays_overdue if late(item) else 0, item.deadline)


def days(item: Item) -> int:
    """The JSON `days`: calendar days overdue, or calendar days left (0 = due today)."""
    return item.days_overdue if item.state is State.OVERDUE else (item.days_left or 0)
