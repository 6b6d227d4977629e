"""Where "overdue" is decided: each (unit, task) → state, days, light; rollups per unit and theme.

Pure: `today` and the working-day calendar are passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from qmonth import evidence
from qmonth.calendar import WorkCalendar
from qmonth.model import Campaign


class State(str, Enum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"
    WAIVED = "waived"


class Light(str, Enum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


@dataclass(frozen=True)
class Item:
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


@dataclass(frozen=True)
class Report:
    today: dt.date
    over: bool
    last_deadline: dt.date
    units: list[UnitRow]
    items: list[Item]

    def overdue(self) -> list[Item]:
        """Overdue items, most overdue first (then in file order)."""
        late = [i for i in self.items if i.state is State.OVERDUE]
        return sorted(late, key=lambda i: -i.days_overdue)


@dataclass(frozen=True)
class _Due:
    deadline: dt.date
    warn_from: dt.date


def compute(
    c: Campaign,
    today: dt.date,
    cal: WorkCalendar,
    units: list[str] | None = None,
    base: Path | None = None,
) -> Report:
    """Every applicable (unit, task) of the selected units (all by default), in file order.

    `base` (the campaign file's folder) turns on the evidence-on-disk check.
    """
    issued = c.campaign.issued
    dues: dict[str, _Due] = {}
    for tid, task in c.tasks.items():
        deadline = c.due(task)
        warn = task.warn_days if task.warn_days is not None else c.campaign.warn_days
        dues[tid] = _Due(deadline, cal.warn_from(deadline, warn))
    # The working-day figures depend only on the deadline: compute once per distinct deadline.
    left = {d.deadline: cal.workdays_left(today, d.deadline) for d in dues.values() if d.deadline >= today}
    breaks = {d: cal.long_break_between(today, d) for d in left}

    items: list[Item] = []
    rows: list[UnitRow] = []
    for uid in units if units is not None else list(c.units):
        unit = c.units[uid]
        per_theme: dict[str, list[int]] = {th: [0, 0] for th in c.themes}
        counts = {s: 0 for s in State}
        for tid, task in c.tasks.items():
            if not c.applies(task, uid):
                continue
            due = dues[tid]
            rec = unit.progress.get(tid)
            kw: dict[str, object] = {}
            if rec is not None and rec.waived is not None:
                state = State.WAIVED
                kw["waived"] = rec.waived
            elif rec is not None and rec.done is not None:
                state = State.DONE
                kw["done_on"] = rec.done
                kw["days_overdue"] = max(0, (rec.done - due.deadline).days)
            elif today > due.deadline:
                state = State.OVERDUE
                kw["days_overdue"] = (today - due.deadline).days
                kw["workdays_left"] = 0
            else:
                soon = today >= due.warn_from and (issued is None or today >= issued)
                state = State.DUE_SOON if soon else State.OPEN
                kw["days_left"] = (due.deadline - today).days
                kw["workdays_left"] = left[due.deadline]
                kw["long_break"] = breaks[due.deadline]
            if rec is not None:
                kw["evidence"] = tuple(rec.evidence)
                kw["note"] = rec.note
                if base is not None:
                    kw["evidence_missing"] = tuple(e for e in rec.evidence if evidence.missing(e, base))
            items.append(Item(uid, tid, task.theme, due.deadline, state, **kw))  # type: ignore[arg-type]
            counts[state] += 1
            if state is not State.WAIVED and task.theme in per_theme:
                per_theme[task.theme][1] += 1
                per_theme[task.theme][0] += state is State.DONE
        total = sum(counts.values()) - counts[State.WAIVED]
        done = counts[State.DONE]
        light = Light.RED if counts[State.OVERDUE] else Light.YELLOW if counts[State.DUE_SOON] else Light.GREEN
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
            )
        )
    last = c.last_deadline
    return Report(today=today, over=today > last, last_deadline=last, units=rows, items=items)


def percent(done: int, total: int) -> int:
    """Whole percent, rounded down so that 100 means finished; nothing to do counts as 100."""
    return 100 if total == 0 else (100 * done) // total


def calendar_for(c: Campaign) -> WorkCalendar:
    return WorkCalendar(holidays=c.calendar.holidays, workdays=c.calendar.workdays)
