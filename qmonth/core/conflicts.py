"""git's conflict markers left in a campaign file (by a merge, a rebase, a stash): where they are,
which records each side holds, and the located problem the reader reports for each. The merge
driver (`qmonth.edit.merge`) writes the same markers; reading them belongs to the reader.

What to do depends on what the two sides hold. The same record on both sides (changed differently)
is a choice: keep one. Two *different* records (git's line merge sees two new tables at the same
place) are both wanted: the message says so and names the command that writes both
(`qmonth merge-file --fix FILE`), never "keep one".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qmonth.core.errors import Problem

MARK_OURS = "<<<<<<<"
MARK_BASE = "|||||||"  # diff3 / zdiff3 conflict style: the common ancestor's lines
MARK_SEP = "======="
MARK_THEIRS = ">>>>>>>"

DRIVER_LABELS = ("ours (qmonth merge-file)", "theirs (qmonth merge-file)")  # what the driver writes after the markers

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")


@dataclass(frozen=True)
class Region:
    start: int  # 1-based line of <<<<<<<
    middle: int  # of =======
    end: int  # of >>>>>>>
    tables: list[str]  # the tables named in the region, e.g. units.chikan.progress.receipt
    by_driver: bool = False  # written by qmonth's merge driver (so it is set up)
    ours: list[str] = field(default_factory=list)  # the tables on each side
    theirs: list[str] = field(default_factory=list)
    base: int | None = None  # the line of ||||||| (diff3 style), if any
    within: str = ""  # the table the region starts inside (its header above the markers)

    @property
    def different_records(self) -> bool:
        """A side holds a record the other does not: it is wanted, whichever side is "kept"."""
        return bool(set(self.ours) ^ set(self.theirs))


def _table(line: str) -> str | None:
    m = _HEADER.match(line)
    if m is None or line.lstrip().startswith("#"):
        return None
    return m.group(1).replace('"', "").replace(" ", "")


def conflict_regions(text: str) -> list[Region]:
    """git's conflict markers left in a file (by a merge, a rebase, a stash), with the tables they hold."""
    out: list[Region] = []
    start = middle = base = None
    sides: dict[str, list[str]] = {"ours": [], "base": [], "theirs": []}
    side = "ours"
    by_driver = False
    current = within = ""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(MARK_OURS) and start is None:
            start, middle, base, side, within = n, None, None, "ours", current
            sides = {"ours": [], "base": [], "theirs": []}
            by_driver = line.rstrip().endswith(DRIVER_LABELS[0])
        elif start is not None and line.startswith(MARK_BASE) and middle is None:
            base, side = n, "base"
        elif start is not None and line.startswith(MARK_SEP) and line.rstrip() == MARK_SEP[:1] * len(line.rstrip()):
            middle, side = n, "theirs"
        elif start is not None and line.startswith(MARK_THEIRS):
            tables = list(dict.fromkeys(sides["ours"] + sides["theirs"]))
            out.append(Region(start, middle or n, n, tables, by_driver, sides["ours"], sides["theirs"], base, within))
            current = sides["theirs"][-1] if sides["theirs"] else current
            start = None
        else:
            found = _table(line)
            if found is not None:
                if start is not None:
                    sides[side].append(found)
                else:
                    current = found
    if start is not None:  # a region never closed
        tables = list(dict.fromkeys(sides["ours"] + sides["theirs"]))
        out.append(Region(start, middle or start, start, tables, by_driver, sides["ours"], sides["theirs"], base, within))
    return out


def conflict_problems(text: str) -> list[Problem]:
    """One located problem per conflict region, naming the records it holds and what to do."""
    from qmonth.core.errors import Problem

    out = []
    for r in conflict_regions(text):
        tables = "、".join(f"[{x}]" for x in r.tables) or (f"[{r.within}]" if r.within else "—")
        params: dict[str, object] = {"tables": tables, "line": r.start, "middle": r.middle, "end": r.end}
        if r.by_driver:
            code = "merge_conflict_same_record" if len(r.tables) <= 1 else "merge_conflict_keep_a_side"
        elif r.different_records:
            code = "merge_conflict_both"
            params["ours"] = "、".join(f"[{x}]" for x in r.ours)
            params["theirs"] = "、".join(f"[{x}]" for x in r.theirs)
        else:
            code = "merge_conflict"
        out.append(Problem(code, "", r.start, params))
    return out
