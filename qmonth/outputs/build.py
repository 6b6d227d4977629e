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
    from qmonth.core.schedule import Report
    from qmonth.core.store import Loaded

REPORT_FORMATS = ("html", "docx", "markdown")


def _computed(loaded: Loaded, today: dt.date, lang: Lang):  # type: ignore[no-untyped-def]
    from qmonth.core.schedule import calendar_for, compute
    from qmonth.outputs.figures import compute_figures

    c = loaded.campaign
    cal = calendar_for(c)
    report = compute(c, today, cal)
    return c, cal, report, compute_figures(c, report, lang)


def chase_counts(loaded: Loaded, report: Report) -> dict[tuple[str, str], int] | None:
    """催办次数 of each overdue item, from the 催办 log beside the campaign (issue 10's
    qmonth/notify/log.py), as it stood at the end of the report's day; None when there is no log
    (nothing was ever chased through qmonth, or the campaign came from stdin): then the 逾期清单
    has no 催办次数 column at all, rather than a column of zeros that would say "never chased"."""
    from qmonth.core.schedule import State
    from qmonth.core.store import STDIN_NAME
    from qmonth.notify import log

    if str(loaded.path) == STDIN_NAME:
        return None
    # --at REV: the log beside the working file, counted up to the report's day
    path = log.log_path(loaded.revision.folder.folder / loaded.path.name if loaded.revision is not None else loaded.path)
    if not path.exists():
        return None
    counts = log.chase_counts(log.read(path, skipped=[]), until=report.today)  # the CLI warned of bad lines
    late = [i for i in report.items if i.state is State.OVERDUE]
    return {(i.unit, i.task): log.chased(counts, i.unit, i.task).times for i in late}


def xlsx(loaded: Loaded, today: dt.date, lang: Lang) -> bytes:
    from qmonth.outputs import xlsx as fmt

    c, _, report, figures = _computed(loaded, today, lang)
    return fmt.workbook(c, report, figures, lang, chase_counts(loaded, report))


def report(loaded: Loaded, today: dt.date, lang: Lang, kind: str) -> bytes:
    c, _, rep, figures = _computed(loaded, today, lang)
    if kind == "docx":
        from qmonth.outputs import word

        return word.document(c, rep, figures, lang)
    from qmonth.outputs import report as fmt

    if kind == "html":
        return fmt.html_page(c, rep, figures, lang, loaded.path.name).encode("utf-8")
    return fmt.markdown(c, rep, figures, lang, loaded.path.name).encode("utf-8")


def ics(loaded: Loaded, today: dt.date, lang: Lang, unit: str | None) -> bytes:
    from qmonth.outputs import ics as fmt

    c, cal, rep, _ = _computed(loaded, today, lang)
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
