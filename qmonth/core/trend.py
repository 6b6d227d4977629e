"""Progress over time: the completion series, overall and per unit, from the recorded done dates.

Pure: the campaign and `today` are passed in; nothing here reads the clock, the file or git. The
series counts exactly what `status` counts (the same items from `schedule.compute`: each
applicable task, or each occurrence of a recurring one; waived items left out), so its last point
is today's completion as `status` shows it.

    from qmonth.core.trend import series
    tr = series(campaign, today)            # or from_report(campaign, report) with a computed Report
    tr.days[-1] == today                    # the last point is today
    tr.overall[-1].percent                  # == the overall completion today
    tr.units["chikan"][-1].done             # == status's done count for chikan today
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qmonth.core.schedule import Report, State, percent

if TYPE_CHECKING:
    from qmonth.core.model import Campaign


@dataclass(frozen=True)
class Point:
    """Completion at the end of one day."""

    day: dt.date
    done: int  # items done on or before `day`
    total: int  # items to do (waived ones left out); the same on every day
    due: int  # items whose deadline is on or before `day`: where the campaign's plan stands
    percent: int  # whole percent of done/total, rounded down (100 = finished), as in `status`


@dataclass(frozen=True)
class UnitSeries:
    id: str
    name: str
    label: str
    points: list[Point]


@dataclass(frozen=True)
class Trend:
    """The series: one point per day from the first day to today (see `days_between`)."""

    today: dt.date
    days: list[dt.date]
    overall: list[Point]
    units: list[UnitSeries]

    def unit(self, unit_id: str) -> UnitSeries:
        return next(u for u in self.units if u.id == unit_id)


def days_between(c: Campaign, report: Report) -> list[dt.date]:
    """The days the series covers: every day from the campaign's start (or the first done date, if
    earlier) up to today. When today is long after the campaign (a look back next year), the daily
    points stop at the last deadline or last done date and one final point is today's."""
    done_days = [i.done_on for i in report.items if i.state is State.DONE and i.done_on is not None]
    first = min([c.campaign.start, *done_days])
    today = report.today
    if today < first:
        return [today]
    daily_end = min(today, max([report.last_deadline, *done_days]))
    days = [first + dt.timedelta(days=n) for n in range((daily_end - first).days + 1)]
    if days[-1] != today:
        days.append(today)
    return days


def _points(days: list[dt.date], done_on: list[dt.date], deadlines: list[dt.date], total: int) -> list[Point]:
    done_on, deadlines = sorted(done_on), sorted(deadlines)
    out = []
    for day in days:
        done = bisect_right(done_on, day)
        out.append(Point(day, done, total, bisect_right(deadlines, day), percent(done, total)))
    return out


def from_report(c: Campaign, report: Report) -> Trend:
    """The series from a computed report (schedule.compute as of today, all units)."""
    days = days_between(c, report)
    done_by: dict[str, list[dt.date]] = {u.id: [] for u in report.units}
    due_by: dict[str, list[dt.date]] = {u.id: [] for u in report.units}
    for item in report.items:
        if item.state is State.WAIVED or item.opens is not None:  # a stage not open yet: not counted
            continue
        due_by[item.unit].append(item.deadline)
        if item.state is State.DONE and item.done_on is not None:
            done_by[item.unit].append(item.done_on)
    units = [UnitSeries(u.id, u.name, u.label, _points(days, done_by[u.id], due_by[u.id], u.total)) for u in report.units]
    overall = _points(
        days,
        [d for ds in done_by.values() for d in ds],
        [d for ds in due_by.values() for d in ds],
        sum(u.total for u in report.units),
    )
    return Trend(report.today, days, overall, units)


def series(c: Campaign, today: dt.date) -> Trend:
    """The completion series of every unit and overall, from the first day to `today`."""
    from qmonth.core.schedule import calendar_for, compute

    return from_report(c, compute(c, today, calendar_for(c)))
