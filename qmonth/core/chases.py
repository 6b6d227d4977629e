"""The 催办 log's records as plain data: an `Entry` (one line of the log), and `Chased`, how often
and when last an item was chased. Reading, writing and counting the log is `qmonth/notify/log.py`'s;
the outputs take these as data and never read the log themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Item = tuple[str, str | None, str]  # (unit, task, level): one item a delivery named

RANK = {"warn": 0, "chase": 1, "escalate": 2, "manual": 3}  # an entry's level: its most urgent item's


@dataclass(frozen=True)
class Entry:
    """One line of the 催办台账.

    A delivery is one entry per unit per message (`listed`: the items named in it, each with its
    level; `level`: the most urgent of them); the coordinator's own copy is one entry of its own
    (`copy`, `unit` ""; `listed` names the items of every unit it covered). A manual chase, and a line of
    the old per-item log, is one item: `unit`, `task`, `level`."""

    at: dt.datetime  # aware, in the campaign's time zone
    unit: str  # "" for the coordinator's copy
    task: str | None  # None: the unit as a whole (or a delivery listing its items)
    level: str  # warn | chase | escalate | manual
    channel: str  # the channel name, or the --by word for a manual chase
    note: str = ""
    listed: tuple[Item, ...] = ()
    copy: bool = False

    @property
    def items(self) -> tuple[Item, ...]:
        """The (unit, task, level) items this entry is about."""
        return self.listed or ((self.unit, self.task, self.level),)

    def as_json(self) -> dict[str, object]:
        if not self.listed:  # a manual chase: the per-item form
            return {
                "at": self.at.isoformat(timespec="seconds"),
                "unit": self.unit,
                "task": self.task,
                "level": self.level,
                "channel": self.channel,
                "note": self.note,
            }
        out: dict[str, object] = {"at": self.at.isoformat(timespec="seconds")}
        if self.copy:
            out["copy"] = "coordinator"
            out["unit"] = None
        else:
            out["unit"] = self.unit
        out["level"] = self.level
        out["channel"] = self.channel
        out["note"] = self.note
        items: list[dict[str, str | None]] = []
        for u, task, level in self.listed:
            item: dict[str, str | None] = {"unit": u} if self.copy else {}
            items.append(item | {"task": task, "level": level})
        out["items"] = items
        return out


def delivery(at: dt.datetime, unit: str, items: list[Item], channel: str, note: str = "", copy: bool = False) -> Entry:
    """The entry of one delivery: to one unit, or (`copy`) the coordinator's own copy."""
    level = max((lv for _, _, lv in items), key=RANK.__getitem__)
    return Entry(at, "" if copy else unit, None, level, channel, note, tuple(items), copy)


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
