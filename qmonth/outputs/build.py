"""From a campaign and a day to the bytes of each office output: compute once, then format.

The glue between the CLI and the pure formatters in this package (each a function of the
computed report). The CLI loads the campaign and reads the 催办 log: they come in as data. Heavy
libraries are imported by the formatter that needs them, and this module is imported only by the
commands that write office files, so `status` and `remind` never load them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from qmonth.i18n import Lang

if TYPE_CHECKING:
    from qmonth.core.chases import Chases, Entry
    from qmonth.core.model import Campaign
    from qmonth.core.schedule import Report

REPORT_FORMATS = ("html", "docx", "markdown")


def _computed(c: Campaign, today: dt.date, lang: Lang):  # type: ignore[no-untyped-def]
    from qmonth.core.schedule import calendar_for, compute
    from qmonth.outputs.figures import compute_figures

    cal = calendar_for(c)
    report = compute(c, today, cal)
    return c, cal, report, compute_figures(c, report, lang)


def overdue_chases(report: Report, chases: Chases | None) -> dict[tuple[str, str], int] | None:
    """催办次数 of each overdue item, from the 催办 log's counts as they stood at the end of the
    report's day (read by the caller: `qmonth/notify/log.py`'s `chase_counts`); None when there is
    no log (nothing was ever chased through qmonth, or the campaign came from stdin): then the
    逾期清单 has no 催办次数 column at all, rather than a column of zeros that would say "never chased"."""
    from qmonth.core.chases import chased
    from qmonth.core.schedule import State

    if chases is None:
        return None
    late = [i for i in report.items if i.state is State.OVERDUE]
    return {(i.unit, i.task): chased(chases, i.unit, i.task).times for i in late}


def xlsx(c: Campaign, today: dt.date, lang: Lang, chases: Chases | None, log: list[Entry] | None = None) -> bytes:
    """`chases`: the 催办 log's counts up to `today`, and `log` its entries up to `today`; None when
    there is no log."""
    from qmonth.outputs import xlsx as fmt

    c, _, report, figures = _computed(c, today, lang)
    return fmt.workbook(c, report, figures, lang, overdue_chases(report, chases), log)


def report(c: Campaign, today: dt.date, lang: Lang, kind: str, source: str) -> bytes:
    """`source`: the campaign file's name, as the draft cites it."""
    c, _, rep, figures = _computed(c, today, lang)
    if kind == "docx":
        from qmonth.outputs import word

        return word.document(c, rep, figures, lang)
    from qmonth.outputs import report as fmt

    if kind == "html":
        return fmt.html_page(c, rep, figures, lang, source).encode("utf-8")
    return fmt.markdown(c, rep, figures, lang, source).encode("utf-8")


def ics(c: Campaign, today: dt.date, lang: Lang, unit: str | None) -> bytes:
    from qmonth.outputs import ics as fmt

    c, cal, rep, _ = _computed(c, today, lang)
    return fmt.feed(c, rep, cal, lang, unit)


REPORT_SUFFIXES = {"html": "html", "htm": "html", "docx": "docx", "md": "markdown", "markdown": "markdown"}


def format_for(path: object) -> str | None:
    """The report format a file name asks for: .html/.htm, .docx, .md/.markdown; Markdown for a
    name without an extension (and for standard output, -); None for any other extension (x.txt,
    x.pdf): the caller refuses rather than guess."""
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in name.lstrip("."):
        return "markdown"
    return REPORT_SUFFIXES.get(name.lower().rsplit(".", 1)[-1])
