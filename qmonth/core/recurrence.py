"""Recurring deadlines: a task with `repeat = "FREQ=WEEKLY;BYDAY=FR"` (an RFC 5545 RRULE, expanded by
python-dateutil's `rrule`) is due on each occurrence inside the campaign period, or up to its own
`until`. Each occurrence is an item of its own, and its record lives under the unit like any other,
keyed by the task and the occurrence's date:

    [units.chikan.progress."weekly-report@2024-09-06"]
    done = 2024-09-06

Pure: dates in, dates out; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from qmonth.core.errors import Problem

if TYPE_CHECKING:
    from qmonth.core.model import Campaign, Task

SEP = "@"
ALLOWED_FREQ = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")  # a deadline is a day: no hourly rules
MAX_OCCURRENCES = 400  # a daily rule over a year and then some


class RuleError(ValueError):
    """A repeat rule that cannot be used; `detail` says why (shown after the key)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def record_key(task_id: str, day: dt.date) -> str:
    """The progress key of one occurrence: "weekly-report@2024-09-06"."""
    return f"{task_id}{SEP}{day.isoformat()}"


def split_key(key: str) -> tuple[str, dt.date | None]:
    """ "weekly-report@2024-09-06" → ("weekly-report", 2024-09-06); "receipt" → ("receipt", None).
    A key with an @ but no valid date gives (key, None): an unknown task to the validator."""
    task, sep, day = key.rpartition(SEP)
    if not sep:
        return key, None
    if len(day) != 10:
        return key, None
    try:
        return task, dt.date.fromisoformat(day)
    except ValueError:
        return key, None


@lru_cache(maxsize=256)
def expand(rule: str, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The days `rule` falls on from `start` to `end` (both included), at most MAX_OCCURRENCES.

    Raises RuleError for a rule dateutil cannot read, a frequency finer than a day, or a rule with
    a DTSTART of its own (the campaign's start is the rule's start)."""
    from dateutil.rrule import rrulestr

    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = dict(p.split("=", 1) for p in text.upper().split(";") if "=" in p)
    if not text or "FREQ" not in parts:
        raise RuleError("FREQ=… is missing (e.g. FREQ=WEEKLY;BYDAY=FR)")
    if parts["FREQ"] not in ALLOWED_FREQ:
        raise RuleError(f"FREQ={parts['FREQ']}: use {', '.join(ALLOWED_FREQ)}")
    if "DTSTART" in text.upper():
        raise RuleError("no DTSTART: the rule starts with the campaign")
    begin = dt.datetime.combine(start, dt.time())
    try:
        rule_set = rrulestr(text, dtstart=begin, ignoretz=True)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise RuleError(str(exc) or type(exc).__name__) from None
    out: list[dt.date] = []
    last = dt.datetime.combine(end, dt.time.max)
    try:
        for moment in rule_set.xafter(begin, inc=True):  # type: ignore[attr-defined]
            if moment > last:
                break
            day = moment.date()
            if not out or out[-1] != day:
                out.append(day)
            if len(out) > MAX_OCCURRENCES:
                raise RuleError(f"more than {MAX_OCCURRENCES} occurrences")
    except (ValueError, OverflowError) as exc:
        raise RuleError(str(exc)) from None
    return tuple(out)


def window(c: Campaign, task: Task) -> tuple[dt.date, dt.date]:
    """Where a task's occurrences may fall: the campaign's start to its own `until`, else the end."""
    return c.campaign.start, task.until or c.campaign.end


def occurrences(c: Campaign, task: Task) -> tuple[dt.date, ...]:
    """The occurrence days of a recurring task (empty for a task that does not recur or whose rule
    is broken: `check` reports that)."""
    if not task.repeat:
        return ()
    start, end = window(c, task)
    try:
        days = expand(task.repeat, start, end)
    except RuleError:
        return ()
    if task.shift is None:
        return days
    return tuple(dict.fromkeys(c.shifted(d, task.shift) for d in days))  # 遇节假日顺延: two may meet


def rule_days(c: Campaign, task: Task) -> tuple[dt.date, ...]:
    """The days the rule itself gives (before any `shift`); empty when the rule is broken."""
    start, end = window(c, task)
    try:
        return expand(task.repeat, start, end) if task.repeat else ()
    except RuleError:
        return ()


def check(c: Campaign) -> list[Problem]:
    """Problems with repeat rules, and with the records of occurrences."""
    out: list[Problem] = []
    for tid, task in c.tasks.items():
        key = f"tasks.{tid}"
        if task.until is not None and not task.repeat:
            out.append(Problem("until_without_repeat", key + ".until"))
        if not task.repeat:
            continue
        if task.deadline is not None:
            out.append(Problem("repeat_and_deadline", key + ".deadline"))
        start, end = window(c, task)
        if end < start:
            out.append(Problem("repeat_until_before", key + ".until", params={"until": end, "start": start}))
            continue
        try:
            days = expand(task.repeat, start, end)
        except RuleError as exc:
            out.append(Problem("bad_repeat", key + ".repeat", params={"rule": task.repeat, "detail": exc.detail}))
            continue
        if not days:
            out.append(Problem("repeat_empty", key + ".repeat", params={"rule": task.repeat, "start": start, "end": end}))
    return out


def check_record(c: Campaign, unit_id: str, key: str) -> Problem | None:
    """A problem with one progress key about recurrence: an occurrence of a task that does not
    recur or of a day the rule does not give, or a plain record for a recurring task."""
    tid, day = split_key(key)
    task = c.tasks.get(tid)
    where = f"units.{unit_id}.progress.{key}"
    if task is None:
        return None  # an unknown task: the validator says so
    if day is None:
        if task.repeat:
            return Problem("record_needs_occurrence", where, params={"task": tid, "example": record_key(tid, c.campaign.start)})
        return None
    if not task.repeat:
        return Problem("occurrence_not_recurring", where, params={"task": tid})
    days = occurrences(c, task)
    if days and day not in days:
        return Problem("not_an_occurrence", where, params={"task": tid, "date": day, "near": nearest(days, day, 3)})
    return None


def nearest(days: tuple[dt.date, ...] | list[dt.date], day: dt.date, n: int = 1) -> str:
    """The `n` occurrences nearest to `day`, as ISO dates (for messages)."""
    near = sorted(days, key=lambda d: (abs((d - day).days), d))[:n]
    return ", ".join(d.isoformat() for d in sorted(near)) or "—"


def nearest_open(days: tuple[dt.date, ...], done: set[dt.date], day: dt.date) -> dt.date | None:
    """The open occurrence nearest to `day` (the earlier one on a tie), or None when all are recorded."""
    open_days = [d for d in days if d not in done]
    if not open_days:
        return None
    return min(open_days, key=lambda d: (abs((d - day).days), d))
