"""`status --format csv`: the matrix, or a unit's checklist, for Excel."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from qmonth.core import escape
from qmonth.core.schedule import Report
from qmonth.i18n import Lang
from qmonth.outputs.status_rows import checklist_rows, matrix_rows

if TYPE_CHECKING:
    from qmonth.core.model import Campaign


def status_csv(c: Campaign, report: Report, lang: Lang, checklist_view: bool) -> str:
    """CSV for Excel: UTF-8 with a byte-order mark, so Excel shows Chinese correctly."""
    if checklist_view:
        header, rows = checklist_rows(c, report, lang)
    else:
        header, rows = matrix_rows(c, report, lang, split=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(escape.csv_row(header))
    writer.writerows([escape.csv_row(row) for row in rows])
    return "\ufeff" + buf.getvalue()
