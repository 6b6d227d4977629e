"""The 催办 log's records as plain data: an `Entry` (one line of the log), and `Chased`, how often
and when last an item was chased. Reading, writing and counting the log is `qmonth/notify/log.py`'s;
the outputs take these as data and never read the log themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    at: dt.datetime  # aware, in the campaign's time zone
    unit: str
    task: str | None  # None: the unit as a whole
    level: str  # warn | chase | escalate | manual
    channel: str  # the channel name, or the --by word for a manual chase
    note: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "unit": self.unit,
            "task": self.task,
            "level": self.level,
            "channel": self.channel,
            "note": self.note,
        }


@dataclass(frozen=True)
class Chased:
    times: int
    last: dt.datetime | None


NEVER = Chased(0, None)

Chases = dict[tuple[str, str | None], Chased]  # (unit, task) → its chases; (unit, None): the unit as a whole


def chased(counts: Chases, unit: str, task: str) -> Chased:
    """The chases of one item: those about the task, plus those about the unit as a whole."""
    own, whole = counts.get((unit, task), NEVER), counts.get((unit, None), NEVER)
    lasts = [t for t in (own.last, whole.last) if t is not None]
    return Chased(own.times + whole.times, max(lasts) if lasts else None)
