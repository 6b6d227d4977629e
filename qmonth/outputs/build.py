"""From a loaded campaign and a day to the bytes of each office output: compute once, then format.

The glue between the CLI and the pure formatters in this package (each a function of the
computed report). Heavy libraries are imported by the formatter that needs them, and this module
is imported only by the commands that write office files, so `status` and `remind` never load them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qmonth.i18n import Lang

if TYPE_CHECKING:
    from qmonth.store import Loaded

REPORT_FORMATS = ("html", "docx", "markdown")


def _computed(loaded: Loaded, today: dt.date):  # type: ignore[no-untyped-def]
    from qmonth.outputs.figures import compute_figures
    from qmonth.schedule import calendar_for, compute

    c = loaded.campaign
    cal = calendar_for(c)
    report = compute(c, today, cal)
    return c, cal, report, compute_figures(c, report)


def chase_counts(loaded: Loaded) -> dict[tuple[str, str], int] | None:
    """催办 counts per (unit, task) from the 催办 log, or None while qmonth keeps no such log."""
    return None


def xlsx(loaded: Loaded, today: dt.date, lang: Lang) -> bytes:
    from qmonth.outputs import xlsx as fmt

    c, _, report, figures = _computed(loaded, today)
    return fmt.workbook(c, report, figures, lang, chase_counts(loaded))


def report(loaded: Loaded, today: dt.date, lang: Lang, kind: str) -> bytes:
    c, _, rep, figures = _computed(loaded, today)
    if kind == "docx":
        from qmonth.outputs import word

        return word.document(c, rep, figures, lang)
    from qmonth.outputs import report as fmt

    if kind == "html":
        return fmt.html_page(c, rep, figures, lang, loaded.path.name).encode("utf-8")
    return fmt.markdown(c, rep, figures, lang, loaded.path.name).encode("utf-8")


def ics(loaded: Loaded, today: dt.date, lang: Lang, unit: str | None) -> bytes:
    from qmonth.outputs import ics as fmt

    c, cal, rep, _ = _computed(loaded, today)
    return fmt.feed(c, rep, cal, lang, unit)


def format_for(path: object) -> str:
    """The report format a file name asks for: .html/.htm, .docx, else Markdown."""
    suffix = str(path).lower().rsplit(".", 1)[-1] if "." in str(path) else ""
    return {"html": "html", "htm": "html", "docx": "docx"}.get(suffix, "markdown")
