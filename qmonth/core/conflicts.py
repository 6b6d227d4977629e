"""git's conflict markers left in a campaign file (by a merge, a rebase, a stash): where they are,
which records they hold, and the located problem the reader reports for each. The merge driver
(`qmonth.edit.merge`) writes the same markers; reading them belongs to the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qmonth.core.errors import Problem

MARK_OURS = "<<<<<<<"
MARK_SEP = "======="
MARK_THEIRS = ">>>>>>>"

DRIVER_LABELS = ("ours (qmonth merge-file)", "theirs (qmonth merge-file)")  # what the driver writes after the markers


@dataclass(frozen=True)
class Region:
    start: int  # 1-based line of <<<<<<<
    middle: int  # of =======
    end: int  # of >>>>>>>
    tables: list[str]  # the tables named in the region, e.g. units.chikan.progress.receipt
    by_driver: bool = False  # written by qmonth's merge driver (so it is set up): the same record changed on both sides


def conflict_regions(text: str) -> list[Region]:
    """git's conflict markers left in a file (by a merge, a rebase, a stash), with the tables they hold."""
    import re

    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
    out: list[Region] = []
    start = middle = None
    tables: list[str] = []
    by_driver = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(MARK_OURS) and start is None:
            start, middle, tables, by_driver = n, None, [], line.rstrip().endswith(DRIVER_LABELS[0])
        elif start is not None and line.startswith(MARK_SEP) and line.rstrip() == MARK_SEP[:1] * len(line.rstrip()):
            middle = n
        elif start is not None and line.startswith(MARK_THEIRS):
            out.append(Region(start, middle or n, n, list(dict.fromkeys(tables)), by_driver))
            start = None
        elif start is not None:
            m = header.match(line)
            if m and not line.lstrip().startswith("#"):
                tables.append(m.group(1).replace('"', ""))
    if start is not None:  # a region never closed
        out.append(Region(start, middle or start, start, list(dict.fromkeys(tables)), by_driver))
    return out


def conflict_problems(text: str) -> list[Problem]:
    """One located problem per conflict region, naming the records it holds."""
    from qmonth.core.errors import Problem

    out = []
    for r in conflict_regions(text):
        tables = "、".join(f"[{x}]" for x in r.tables) or "—"
        code = "merge_conflict_same_record" if r.by_driver else "merge_conflict"
        out.append(Problem(code, "", r.start, {"tables": tables, "line": r.start, "middle": r.middle, "end": r.end}))
    return out
