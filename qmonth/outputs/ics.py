"""The deadlines as an iCalendar feed (icalendar package). Pure: the report and calendar in, bytes out.

- One all-day VEVENT per task whose deadline the notice set (a recurring task: per occurrence; with
  a unit, per task that unit still has open) on its deadline, and one over the activity period for
  the tasks the notice gave no deadline (due by its end: no event of their own on that day),
  marked free time (TRANSP:TRANSPARENT) so it never blocks a day in anyone's calendar.
- A VALARM at 09:00 in the campaign's time zone on the first day of the task's warning window
  (the day `status` turns it yellow), as an absolute UTC trigger: the same moment on any phone.
- Stable UIDs: the task id (and unit id), and a digest of the campaign's title and start, so a
  re-import updates the events instead of duplicating them; DTSTAMP is the report's day.
- The calendar names its time zone (X-WR-TIMEZONE and a VTIMEZONE): a deadline is a date in
  Beijing, "by the end of that day".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from qmonth.core.escape import terminal
from qmonth.core.recurrence import occurrences
from qmonth.core.schedule import State
from qmonth.i18n import Lang, listing, t
from qmonth.outputs.figures import numbered
from qmonth.outputs.text import task_title

if TYPE_CHECKING:
    from qmonth.core.calendar import WorkCalendar
    from qmonth.core.model import Campaign
    from qmonth.core.schedule import Report

ALARM_TIME = dt.time(9, 0)  # local time of the alarm on the first day of the warning window
OPEN_STATES = (State.OVERDUE, State.DUE_SOON, State.OPEN)


def campaign_key(c: Campaign) -> str:
    """A short digest naming the campaign in UIDs: stable while its title and start stay."""
    return hashlib.sha256(f"{c.campaign.title}|{c.campaign.start.isoformat()}".encode()).hexdigest()[:12]


def uid(c: Campaign, task: str, unit: str | None = None, occurrence: dt.date | None = None) -> str:
    """`task[~YYYYMMDD][.unit].digest@qmonth`: the same task (occurrence, unit) keeps its UID."""
    slot = f"{task}~{occurrence:%Y%m%d}" if occurrence is not None else task
    return f"{slot}{'.' + unit if unit else ''}.{campaign_key(c)}@qmonth"


def warn_from(c: Campaign, task_id: str, cal: WorkCalendar, deadline: dt.date | None = None) -> dt.date:
    """The day `status` first shows the task (due on `deadline`, by default its own) as due soon:
    its warning window opens, never before the notice is issued."""
    task = c.tasks[task_id]
    due = deadline or c.due(task)
    warn = task.warn_days if task.warn_days is not None else c.campaign.warn_days
    day = cal.warn_from(due, warn)
    issued = c.campaign.issued
    return min(max(day, issued), due) if issued is not None else day


def _local(day: dt.date, at: dt.time, tz: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, at, tzinfo=ZoneInfo(tz)).astimezone(dt.UTC)


def _day(d: dt.date, lang: Lang) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


def set_by_notice(c: Campaign, task_id: str) -> bool:
    """Whether the task's deadline is one the notice set (issue 21's `deadline_source`): a task
    without a deadline of its own is due by the end of the activity period, and gets no event of
    its own on that day (19 of them stacked on 9/30); the period's one event names them."""
    return c.tasks[task_id].deadline_source == "notice"


def _period_event(c: Campaign, implied: list[str], unit: str | None, stamp: dt.datetime, lang: Lang) -> Any:
    """One all-day event over the activity period for the tasks the notice gave no deadline: they
    are to be done within it."""
    import icalendar

    start, end = c.campaign.start, c.campaign.end
    title = terminal(c.campaign.title_for(lang))
    label = terminal(c.units[unit].label) if unit else ""
    event = icalendar.Event()
    event.add("uid", f"period{'.' + unit if unit else ''}.{campaign_key(c)}@qmonth")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", t("ics_period_unit", lang, unit=label, title=title) if unit else t("ics_period", lang, title=title))
    names = ("、" if lang == "zh" else "; ").join(terminal(task_title(c, tid, lang)) for tid in implied)
    lines = [
        t("ics_period_span", lang, start=_day(start, lang), end=_day(end, lang)),
        t("ics_period_tasks", lang, n=len(implied), tasks=names),
    ]
    event.add("description", "\n".join(lines))
    return event


def feed(c: Campaign, report: Report, cal: WorkCalendar, lang: Lang, unit: str | None = None) -> bytes:
    """Every task's deadline; with `unit`, only the tasks that unit still has open."""
    import icalendar

    tz = c.campaign.timezone
    title = terminal(c.campaign.title)
    cal_out = icalendar.Calendar()
    cal_out.add("prodid", "-//qmonth//qmonth//ZH")
    cal_out.add("version", "2.0")
    cal_out.add("calscale", "GREGORIAN")
    cal_out.add("method", "PUBLISH")
    label = terminal(c.units[unit].label) if unit else ""
    cal_out.add("x-wr-calname", t("ics_calendar_name", lang, title=f"{title} {label}".strip()))
    cal_out.add("x-wr-timezone", tz)
    with contextlib.suppress(Exception):  # a zone icalendar cannot describe: X-WR-TIMEZONE still names it
        cal_out.add_component(icalendar.Timezone.from_tzid(tz))
    stamp = _local(report.today, dt.time(), tz)

    Slot = tuple[str, dt.date | None]  # (task id, occurrence of a recurring task)
    if unit is None:
        slots: list[Slot] = []
        for tid in c.ordered_tasks():
            task = c.tasks[tid]
            slots += [(tid, day) for day in occurrences(c, task)] if task.repeat else [(tid, None)]
    else:
        slots = [(i.task, i.occurrence) for i in report.items if i.unit == unit and i.state in OPEN_STATES]

    implied = list(dict.fromkeys(tid for tid, _ in slots if not set_by_notice(c, tid)))
    slots = [(tid, occurrence) for tid, occurrence in slots if set_by_notice(c, tid)]
    if implied:
        cal_out.add_component(_period_event(c, implied, unit, stamp, lang))
    for tid, occurrence in slots:
        task = c.tasks[tid]
        deadline = occurrence or c.due(task)
        name = terminal(task_title(c, tid, lang))
        theme = terminal(numbered(c.themes[task.theme].number, c.themes[task.theme].title_for(lang)))
        event = icalendar.Event()
        event.add("uid", uid(c, tid, unit, occurrence))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        held = task.on is not None  # an event on a date (活动日): held that day, not a deadline
        what = ("ics_event_unit", "ics_event") if held else ("ics_due_unit", "ics_due")
        event.add("summary", t(what[0], lang, unit=label, task=name) if unit else t(what[1], lang, task=name))
        event.add("categories", [theme])
        # what was asked, never a dated snapshot of who has done it (that goes stale in a calendar)
        when = t("ics_event_day" if held else "ics_deadline", lang, date=_day(deadline, lang))
        lines = [theme, t("ics_asked", lang, task=name), when]
        if task.evidence:
            sep = "、" if lang == "zh" else ", "
            lines.append(t("ics_evidence", lang, evidence=terminal(sep.join(task.evidence))))
        who = [terminal(c.kinds.get(k, c.units[k].label if k in c.units else k)) for k in task.applies_to]
        lines.append(t("ics_applies", lang, who=listing(who, lang)))
        if task.note:
            lines.append(t("ics_note", lang, note=terminal(task.note)))
        event.add("description", "\n".join(lines))
        if not task.optional:  # an optional task (可组织) is never chased: no alarm, as remind never warns
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", t("ics_alarm_event" if held else "ics_alarm", lang, task=name, date=deadline.isoformat()))
            # an event: on its morning (it is held, not chased); a deadline: when its window opens
            trigger = _local(deadline if held else warn_from(c, tid, cal, deadline), ALARM_TIME, tz)
            alarm.add("trigger", trigger, parameters={"VALUE": "DATE-TIME"})
            event.add_component(alarm)
        cal_out.add_component(event)
    return cal_out.to_ical()
