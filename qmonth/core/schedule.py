"""Where "overdue" is decided: each (unit, task) → state, days, light; rollups per unit and theme.

Pure: `today` and the working-day calendar are passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from qmonth.core import evidence, recurrence
from qmonth.core.calendar import WorkCalendar
from qmonth.core.kinds import lacking as _lacking
from qmonth.core.model import Campaign, Task


class State(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"
    WAIVED = "waived"


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class Item(NamedTuple):
    """One unit's standing on one task (a NamedTuple: immutable and cheap for 36,000 of them)."""

    unit: str
    task: str
    theme: str
    deadline: dt.date
    state: State
    done_on: dt.date | None = None
    days_overdue: int = 0  # calendar days past the deadline (overdue), or how late it was done
    days_left: int | None = None  # calendar days until the deadline (open / due soon)
    workdays_left: int | None = None  # working days after today up to the deadline
    long_break: tuple[dt.date, dt.date] | None = None  # a ≥3-day rest run before the deadline
    evidence: tuple[str, ...] = ()
    evidence_missing: tuple[str, ...] = ()
    note: str = ""
    waived: str = ""
    evidence_lacking: tuple[str, ...] = ()  # kinds the task asks for that nothing recorded provides (done items)
    workdays_overdue: int = 0  # working days past the deadline (overdue), or how late it was done
    due_time: dt.time | None = None  # the deadline's time of day, when it has one
    optional: bool = False  # 可组织: counted only when done, never overdue
    occurrence: dt.date | None = None  # for a recurring task: the occurrence (its deadline) this item is
    implied: bool = False  # the deadline is implied by the activity period's end (the notice gave none)
    opens: dt.date | None = None  # a stage not open yet (未开始): opens then; not due, not counted
    event: bool = False  # an event on a date (`on`): held that day, never overdue or due soon
    # the expected rest days (a year with no published schedule: WorkCalendar.expected) that the
    # working-day figure counts as rest: () when the figure does not rest on the customary pattern
    assumed: tuple[dt.date, ...] = ()

    @property
    def deadline_source(self) -> str:
        """"notice" (the file sets the deadline) or "period" (implied by the activity period's end)."""
        return "period" if self.implied else "notice"

    @property
    def counted(self) -> bool:
        """Whether the item counts towards a unit's total: not waived, not a stage that has not
        opened, and an optional task only once done."""
        state = self.state
        return state is not State.WAIVED and (state is State.DONE or (not self.optional and self.opens is None))


@dataclass(frozen=True)
class UnitRow:
    id: str
    name: str
    label: str
    done: int
    total: int
    percent: int
    light: Light
    overdue: int
    due_soon: int
    themes: dict[str, tuple[int, int]] = field(default_factory=dict)  # theme → (done, total)
    behind: bool = False  # behind the plan (see `behind_plan`): yellow even with nothing due soon


@dataclass(frozen=True)
class Report:
    today: dt.date
    over: bool
    last_deadline: dt.date
    units: list[UnitRow]
    items: list[Item]
    # Before the campaign: ("issued", day) until the notice is issued, else ("start", day) until
    # the campaign starts; None from then on.
    not_yet: tuple[str, dt.date] | None = None
    # The plan today: the share of the activity period's working days gone by the end of today
    # (whole %); a unit whose done share is more than BEHIND_MARGIN points below it is behind.
    plan: int | None = None
    # the expected rest days (no published schedule) the plan's working days count as rest
    plan_assumed: tuple[dt.date, ...] = ()

    def overdue(self) -> list[Item]:
        """Overdue items, most overdue first (then in file order)."""
        late = [i for i in self.items if i.state is State.OVERDUE]
        return sorted(late, key=lambda i: -i.days_overdue)


class _Slot(NamedTuple):
    """What a slot (one task, or one occurrence of a recurring task) is, whoever it applies to."""

    tid: str
    key: str  # its record's key
    task: Task
    deadline: dt.date
    occurrence: dt.date | None  # for a recurring task, the occurrence
    blank: tuple[object, ...]  # the fields after `unit` of the item of a unit with no record for it


_STATES = tuple(State)

BEHIND_MARGIN = 25  # percentage points a unit may trail the period's elapsed working days before it is 黄


def plan_percent(c: Campaign, today: dt.date, cal: WorkCalendar) -> int | None:
    """The share (whole %, rounded down) of the activity period's working days (start to end,
    both counted) gone by the end of `today`; None before the period starts (or the notice is
    issued) or for a period with no working day."""
    start, end = c.campaign.start, c.campaign.end
    issued = c.campaign.issued
    if today < start or (issued is not None and today < issued):
        return None
    eve = start - dt.timedelta(days=1)
    total = cal.workdays_left(eve, end)
    if total == 0:
        return None
    return 100 * cal.workdays_left(eve, min(today, end)) // total


def behind_plan(done: int, total: int, plan: int | None) -> bool:
    """Less done than the plan calls for, less a margin: done/total < (plan − BEHIND_MARGIN) %.
    On the demo at 2024-09-20, 14 of September's 21 working days are gone (plan 66 %): a unit
    below 41 % is behind (麻章区 at 2 of 19); early in the period nobody is (plan < margin)."""
    return plan is not None and total > 0 and 100 * done < (plan - BEHIND_MARGIN) * total


@dataclass(frozen=True)
class _Due:
    deadline: dt.date
    warn_from: dt.date


def compute(
    c: Campaign,
    today: dt.date,
    cal: WorkCalendar,
    units: list[str] | None = None,
    base: evidence.Base | None = None,
    now: dt.time | None = None,
) -> Report:
    """Every applicable (unit, task) of the selected units (all by default), in task order
    (theme, then sub-item number, then file order).

    `base` (the campaign file's folder) turns on the evidence-on-disk check. `now` is the time of
    day (campaign time zone) for deadlines with a time: on the deadline day a task is overdue once
    `now` has passed that time; without `now` (a bare --today) it is still due that day.

    Per task, the rules are in `_standing`; one occurrence of a task is one item (a later
    recurring task can yield several items per task through the same function).
    """
    issued = c.campaign.issued
    dues: dict[str, _Due] = {}
    # A recurring task is one slot per occurrence ("task@date", its record's key), any other one slot.
    slots: dict[str, list[tuple[str, dt.date | None]]] = {}
    for tid, task in c.tasks.items():
        warn = task.warn_days if task.warn_days is not None else c.campaign.warn_days
        on_days = recurrence.occurrences(c, task) if task.repeat else ()
        slots[tid] = [(recurrence.record_key(tid, d), d) for d in on_days] if task.repeat else [(tid, None)]
        for key, occurrence in slots[tid]:
            deadline = occurrence or c.due(task)
            dues[key] = _Due(deadline, cal.warn_from(deadline, warn))
    # The working-day figures depend only on the deadline: compute once per distinct deadline.
    left = {d.deadline: cal.workdays_left(today, d.deadline) for d in dues.values() if d.deadline >= today}
    assumed_left = {d: cal.assumed_between(today, d) for d in left}
    breaks = {d: cal.long_break_between(today, d) for d in left}

    # Which tasks apply to whom, in file order: by kind once, by unit id for the units named.
    named = {target for task in c.tasks.values() for target in task.applies_to if target in c.units}
    order = c.ordered_tasks()

    plan = plan_percent(c, today, cal)
    late_memo: dict[tuple[dt.date, dt.date], tuple[int, int, tuple[dt.date, ...]]] = {}

    def late(deadline: dt.date, until: dt.date) -> tuple[int, int, tuple[dt.date, ...]]:
        """Calendar and working days from the deadline to `until` (0, 0 when not after it), and the
        expected rest days that working-day count rests on."""
        if until <= deadline:
            return 0, 0, ()
        found = late_memo.get((deadline, until))
        if found is None:
            counted = ((until - deadline).days, cal.workdays_left(deadline, until), cal.assumed_between(deadline, until))
            found = late_memo[deadline, until] = counted
        return found

    # Everything about a slot that does not depend on the unit, worked out once per slot: the
    # item of a unit with no record for it is the same for every unit but for the unit's id.
    slot_facts: dict[str, _Slot] = {}
    for tid in order:
        task = c.tasks[tid]
        for key, occurrence in slots[tid]:
            due = dues[key]
            deadline = due.deadline
            passed = today > deadline or (
                today == deadline and task.due_time is not None and now is not None and now > task.due_time
            )
            passed = passed and not task.optional  # "may hold": never overdue
            closed = c.not_open(task, today)  # a later stage: not due before it opens
            event = task.on is not None  # a day to be held: never overdue, never chased
            passed = passed and not closed and not event
            if passed:
                days, wdays, assumed = late(deadline, today)
                blank = Item(
                    "", tid, task.theme, deadline, State.OVERDUE, None, days, None, 0, workdays_overdue=wdays, assumed=assumed
                )
            else:
                soon = not (task.optional or closed or event) and today >= due.warn_from and (issued is None or today >= issued)
                blank = Item(
                    "",
                    tid,
                    task.theme,
                    deadline,
                    State.DUE_SOON if soon else State.OPEN,
                    None,
                    0,
                    (deadline - today).days if today <= deadline else None,
                    left.get(deadline, 0),
                    breaks.get(deadline),
                    assumed=assumed_left.get(deadline, ()),
                )
            if task.due_time is not None or task.optional:
                blank = blank._replace(due_time=task.due_time, optional=task.optional)
            if occurrence is not None:
                blank = blank._replace(occurrence=occurrence)
            if task.deadline_source == "period":
                blank = blank._replace(implied=True)
            if closed:
                blank = blank._replace(opens=task.opens, days_left=None, workdays_left=None, long_break=None, assumed=())
            if event:
                blank = blank._replace(event=True, assumed=())
            slot_facts[key] = _Slot(tid, key, task, deadline, occurrence, tuple(blank)[1:])

    by_kind: dict[str, list[_Slot]] = {}

    def applicable(uid: str, kind: str) -> list[_Slot]:
        """The slots that apply to the unit, in task order."""
        if uid in named:
            tids = [tid for tid in order if uid in c.tasks[tid].applies_to or kind in c.tasks[tid].applies_to]
            return [slot_facts[key] for tid in tids for key, _ in slots[tid]]
        if kind not in by_kind:
            tids = [tid for tid in order if kind in c.tasks[tid].applies_to]
            by_kind[kind] = [slot_facts[key] for tid in tids for key, _ in slots[tid]]
        return by_kind[kind]

    make = tuple.__new__  # Item from a tuple of its fields, as Item._make does
    theme_ids = list(c.themes)
    no_counts = dict.fromkeys(_STATES, 0)
    items: list[Item] = []
    add = items.append
    rows: list[UnitRow] = []
    for uid in units if units is not None else list(c.units):
        unit = c.units[uid]
        progress = unit.progress
        per_theme: dict[str, list[int]] = {th: [0, 0] for th in theme_ids}
        counts = no_counts.copy()
        for slot in applicable(uid, unit.kind):
            rec = progress.get(slot.key) if progress else None
            if rec is not None and rec.done is not None and rec.done > today:
                rec = None  # seen as of an earlier --today: not done yet
            if rec is None:
                item = make(Item, (uid, *slot.blank))
            else:
                task = slot.task
                deadline = slot.deadline
                done_on = rec.done
                if done_on is None:  # waived: a record is done or waived, loading refuses any other
                    state, days, wdays, assumed = State.WAIVED, 0, 0, ()
                else:
                    state = State.DONE
                    days, wdays, assumed = late(deadline, done_on)
                missing = tuple(e for e in rec.evidence if evidence.missing(e, base)) if base is not None else ()
                # every field, in Item's order
                item = make(
                    Item,
                    (
                        uid,
                        slot.tid,
                        task.theme,
                        deadline,
                        state,
                        done_on,
                        days,
                        None,
                        None,
                        None,
                        tuple(rec.evidence),
                        missing,
                        rec.note,
                        rec.waived or "",
                        lacking(task.evidence, rec.evidence) if base is not None and state is State.DONE else (),
                        wdays,
                        task.due_time,
                        task.optional,
                        slot.occurrence,
                        task.deadline_source == "period",
                        None,
                        task.on is not None,
                        assumed,
                    ),
                )
            add(item)
            state = item.state
            if state is not State.DONE and (slot.task.optional or item.opens is not None):
                continue  # counted only when done; a stage not open yet: not counted at all
            counts[state] += 1
            if state is not State.WAIVED:
                cell = per_theme.get(item.theme)
                if cell is not None:
                    cell[1] += 1
                    cell[0] += state is State.DONE
        total = sum(counts.values()) - counts[State.WAIVED]
        done = counts[State.DONE]
        behind = behind_plan(done, total, plan)
        light = (
            Light.RED if counts[State.OVERDUE] else Light.YELLOW if counts[State.DUE_SOON] or behind else Light.GREEN
        )
        rows.append(
            UnitRow(
                id=uid,
                name=unit.name,
                label=unit.label,
                done=done,
                total=total,
                percent=percent(done, total),
                light=light,
                overdue=counts[State.OVERDUE],
                due_soon=counts[State.DUE_SOON],
                themes={th: (d, n) for th, (d, n) in per_theme.items()},
                behind=behind,
            )
        )
    last = c.last_deadline
    start = c.campaign.start
    not_yet = ("issued", issued) if issued is not None and today < issued else ("start", start) if today < start else None
    plan_assumed = () if plan is None else cal.assumed_between(start - dt.timedelta(days=1), c.campaign.end)
    return Report(
        today=today,
        over=today > last,
        last_deadline=last,
        units=rows,
        items=items,
        not_yet=not_yet,
        plan=plan,
        plan_assumed=plan_assumed,
    )


def as_of(c: Campaign, today: dt.date) -> Campaign:
    """The campaign as it stood on `today`, for what is shown beside the progress (as `compute`
    counts no work recorded later): a unit whose receipt (the receipt task) is recorded done after
    `today` had not named its liaison yet. A liaison with no dated receipt is shown as written."""
    task = c.campaign.receipt_task
    later = {
        uid
        for uid, unit in c.units.items()
        if (rec := unit.progress.get(task)) is not None and rec.done is not None and rec.done > today
    }
    if not later:
        return c
    units = {uid: unit.model_copy(update={"liaison": None}) if uid in later else unit for uid, unit in c.units.items()}
    return c.model_copy(update={"units": units})


def lacking(required: list[str], refs: list[str]) -> tuple[str, ...]:
    return tuple(_lacking(required, refs)) if required else ()


def percent(done: int, total: int) -> int:
    """Whole percent, rounded down so that 100 means finished; nothing to do counts as 100."""
    return 100 if total == 0 else (100 * done) // total


def calendar_for(c: Campaign) -> WorkCalendar:
    return WorkCalendar(holidays=c.calendar.holidays, workdays=c.calendar.workdays, covered=c.calendar.covered_years)
