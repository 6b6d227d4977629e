"""`qmonth status`'s data: the campaign as it stood on a day, the units asked for, and the report."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qmonth.core import evidence
    from qmonth.core.calendar import WorkCalendar
    from qmonth.core.model import Campaign
    from qmonth.core.schedule import Report


def status(
    c: Campaign,
    day: dt.date,
    cal: WorkCalendar,
    unit_texts: list[str] | None,
    base: evidence.Base,
    files_for_all: bool = False,
    now: dt.time | None = None,
) -> tuple[Campaign, list[str] | None, Report]:
    """The campaign as of `day` (a liaison named by a later receipt is not known yet), the units
    named (ids; None for all) and their report. Evidence on disk (`base`) is checked where it is
    shown: a unit's checklist, and every unit's when `files_for_all` (the JSON)."""
    from qmonth.core.resolve import resolve_units
    from qmonth.core.schedule import as_of, compute

    c = as_of(c, day)
    selected = resolve_units(c, unit_texts) if unit_texts else None
    check_files = bool(selected) or files_for_all
    return c, selected, compute(c, day, cal, units=selected, base=base if check_files else None, now=now)
