"""`qmonth check`'s verdict on one loaded file: every problem, located, errors apart from warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qmonth.core.calendar import WorkCalendar
    from qmonth.core.errors import Problem
    from qmonth.core.store import Loaded


def verdict(
    loaded: Loaded,
    cal: WorkCalendar,
    leaks: list[Problem],
    *,
    strict: bool = False,
    tracked: bool = False,
    on_disk: bool = True,
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of `loaded`, each with its line: the full check; with `strict`, done
    records lacking a kind of evidence their task asks for, and a receipt done without its form's
    values, are errors; for a file `on_disk`, evidence files
    git does not track (errors with `tracked`, else warnings); and `leaks`, the secrets found in
    its text (notify.channels.leaks)."""
    from qmonth.core.store import locate_all
    from qmonth.core.tracked import untracked_evidence
    from qmonth.core.validate import check_full, check_late_month_days

    found = check_full(loaded.campaign, loaded.base, cal, strict=strict) + check_late_month_days(loaded.campaign, loaded.data)
    if strict:
        from qmonth.core.validate import check_evidence_kinds

        found += check_evidence_kinds(loaded.campaign)
    if on_disk:  # evidence on disk beside a file on disk
        found += untracked_evidence(loaded.campaign, loaded.base, warning=not tracked)
    found += leaks  # webhook keys, tokens, passwords: never in the file
    found = locate_all(loaded.text, found)
    return [p for p in found if not p.warning], [p for p in found if p.warning]
