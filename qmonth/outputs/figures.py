"""The numbers every office output shares, computed once from a Report. Pure: no clock, no file.

- headline: units, tasks, completion and on-time rates, receipts received;
- ranking: units by completion rate (the same rate, the same rank: 并列);
- owed: what each unit still has to do, nearest deadline first;
- evidence: what came in per theme (photos, videos, documents, links);
- trend: completion over time, from the done dates (qmonth.core.trend, overall series).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qmonth.core.schedule import Item, Report, State, UnitRow, percent
from qmonth.core.trend import Point
from qmonth.i18n import Lang

if TYPE_CHECKING:
    from qmonth.core.model import Campaign

EVIDENCE_KINDS = ("photo", "video", "document", "link", "other")


@dataclass(frozen=True)
class Headline:
    units: int
    tasks: int  # distinct tasks in the campaign
    items: int  # (unit, task) pairs to do, waived ones not counted
    done: int
    percent: int  # done / items, rounded down
    overdue: int
    due_soon: int
    due_by_today: int  # items whose deadline has passed (the on-time rate's denominator)
    on_time: int  # of those, done on or before the deadline
    on_time_percent: int | None  # None when no deadline has passed yet
    receipts: int  # units whose receipt task is done
    receipts_expected: int  # units the receipt task applies to (not waived)


@dataclass(frozen=True)
class Ranked:
    rank: int
    row: UnitRow
    on_time: int  # items done on or before their deadline


@dataclass(frozen=True)
class Owed:
    unit: str
    label: str
    items: tuple[Item, ...]  # not done and not waived, nearest deadline first


@dataclass(frozen=True)
class ThemeEvidence:
    theme: str
    number: str
    title: str
    done: int  # items of this theme done
    units: int  # units with at least one item of this theme done
    counts: dict[str, int]  # evidence kind → number of references


@dataclass(frozen=True)
class Figures:
    today: dt.date
    headline: Headline
    ranking: list[Ranked]
    owed: list[Owed]
    evidence: list[ThemeEvidence]
    trend: list[Point]

    def steps(self) -> list[Point]:
        """The trend's days on which something changed, and the last day: a table's worth."""
        out = [p for n, p in enumerate(self.trend) if n == 0 or p.done != self.trend[n - 1].done]
        if self.trend and (not out or out[-1] is not self.trend[-1]):
            out.append(self.trend[-1])
        return out


def numbered(number: str, title: str) -> str:
    """A theme's number and title as a document writes them: （一）广泛…, 四、有关要求…"""
    if number and not number.endswith(("）", ")", "、", ".", "．")):
        number += "、"
    return number + title


def evidence_kind(ref: str) -> str:
    """photo, video, document or link, as issue 7's qmonth/core/kinds.py reads an entry (a `视频:` prefix,
    a web address, a file's extension); "other" when its form says nothing."""
    from qmonth.core.kinds import recorded_as

    return recorded_as(ref)[1] or "other"


def counts(item: Item) -> bool:
    """Whether an item counts towards a unit's total, as in `status`: not waived, and an optional
    task (可组织) only once done."""
    return item.counted


def compute_figures(c: Campaign, report: Report, lang: Lang = "zh") -> Figures:
    today = report.today
    items = report.items
    counted = [i for i in items if counts(i)]
    done = [i for i in counted if i.state is State.DONE]
    due_by_today = [i for i in counted if i.deadline < today]
    on_time = [i for i in due_by_today if i.state is State.DONE and i.done_on is not None and i.done_on <= i.deadline]
    receipt = [i for i in counted if i.task == c.campaign.receipt_task]
    headline = Headline(
        units=len(report.units),
        tasks=len(c.tasks),
        items=len(counted),
        done=len(done),
        percent=percent(len(done), len(counted)),
        overdue=sum(i.state is State.OVERDUE for i in counted),
        due_soon=sum(i.state is State.DUE_SOON for i in counted),
        due_by_today=len(due_by_today),
        on_time=len(on_time),
        on_time_percent=percent(len(on_time), len(due_by_today)) if due_by_today else None,
        receipts=sum(i.state is State.DONE for i in receipt),
        receipts_expected=len(receipt),
    )
    return Figures(today, headline, ranking(report), owed(c, report), evidence(c, report, lang), trend(c, report))


def ranking(report: Report) -> list[Ranked]:
    """Units by completion rate (whole percent, rounded down, as `status` shows it). Units with the
    same rate share a rank (并列) and the next rank skips (1, 2, 2, 4); within a tie they are listed
    by fewer overdue items, then in file order. The 通报 states this rule (RANKING_RULE's text)."""
    on_time: dict[str, int] = {}
    for i in report.items:
        if i.state is State.DONE and i.done_on is not None and i.done_on <= i.deadline:
            on_time[i.unit] = on_time.get(i.unit, 0) + 1
    rows = sorted(report.units, key=lambda u: (-u.percent, u.overdue))
    out: list[Ranked] = []
    for n, row in enumerate(rows):
        same = out and out[-1].row.percent == row.percent
        out.append(Ranked(out[-1].rank if same else n + 1, row, on_time.get(row.id, 0)))
    return out


def tied(ranking: list[Ranked]) -> set[int]:
    """The ranks shared by more than one unit (并列)."""
    seen: dict[int, int] = {}
    for r in ranking:
        seen[r.rank] = seen.get(r.rank, 0) + 1
    return {rank for rank, n in seen.items() if n > 1}


def owed(c: Campaign, report: Report) -> list[Owed]:
    by_unit: dict[str, list[Item]] = {}
    for i in report.items:
        if i.state in (State.OVERDUE, State.DUE_SOON, State.OPEN) and i.counted:  # optional, not open: not owed
            by_unit.setdefault(i.unit, []).append(i)
    return [
        Owed(row.id, c.units[row.id].label, tuple(sorted(by_unit[row.id], key=lambda i: i.deadline)))
        for row in report.units
        if row.id in by_unit
    ]


def evidence(c: Campaign, report: Report, lang: Lang = "zh") -> list[ThemeEvidence]:
    out = []
    for tid, theme in c.themes.items():
        done = [i for i in report.items if i.theme == tid and i.state is State.DONE]
        kinds = dict.fromkeys(EVIDENCE_KINDS, 0)
        for i in done:
            for ref in i.evidence:
                kinds[evidence_kind(ref)] += 1
        out.append(ThemeEvidence(tid, theme.number, theme.title_for(lang), len(done), len({i.unit for i in done}), kinds))
    return out


def trend(c: Campaign, report: Report) -> list[Point]:
    """Completion over time, overall: qmonth.core.trend's series (one point a day)."""
    from qmonth.core.trend import from_report

    return from_report(c, report).overall
