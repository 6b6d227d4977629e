"""`status --format markdown`: the matrix and the overdue list, or a unit's checklist, as Markdown
tables (the 通报 draft's Markdown is `report.py`'s)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qmonth.core import escape
from qmonth.core.schedule import Report
from qmonth.i18n import Lang, t
from qmonth.outputs.status_rows import checklist_rows, matrix_rows
from qmonth.outputs.text import assumed_note, contact_column, due_text, liaison_text, mark, office_text, receipt_asked, task_title

if TYPE_CHECKING:
    from qmonth.core.model import Campaign


class _Markdown(str):
    """A cell already in Markdown (escaped by escape.markdown_*): _md_table keeps it as is."""


def _md_table(header: list[Any], rows: list[list[Any]]) -> str:
    def cell(value: object) -> str:
        return value if isinstance(value, _Markdown) else escape.markdown_text(value)

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def status_markdown(c: Campaign, report: Report, lang: Lang, checklist_view: bool) -> str:
    if checklist_view:
        header, rows = checklist_rows(c, report, lang)
        evidence = [(i.evidence) for i in report.items]
        for row, refs in zip(rows, evidence, strict=True):  # the evidence column: http(s) links only
            row[7] = _Markdown(" ".join(escape.markdown_link(ref, ref) for ref in refs))
        return _md_table(header, rows)
    out = [f"## {escape.markdown_text(c.campaign.title)}", "", f"{t('today', lang)}: {report.today.isoformat()}", ""]
    if report.over:
        out += [t("campaign_over", lang, date=report.last_deadline.isoformat()), ""]
    if report.not_yet is not None:
        out += [t("not_yet_" + report.not_yet[0], lang, date=report.not_yet[1].isoformat()), ""]
    out.append(_md_table(*matrix_rows(c, report, lang, kinds=True)))
    late = report.overdue()
    out.append(f"### {t('overdue_title', lang, count=len(late))}\n")
    if late:
        header = [
            t("col_unit", lang),
            t("col_task", lang),
            t("col_deadline", lang),
            t("col_days_overdue", lang),
            t("col_workdays_overdue", lang),
            t(contact_column(c), lang),
        ]
        rows = [
            [
                c.units[i.unit].label,
                task_title(c, i.task, lang),
                due_text(i),
                str(i.days_overdue),
                str(i.workdays_overdue) + mark(i),
                liaison_text(c.units[i.unit].liaison, lang)
                or office_text(c.units[i.unit])
                or t("no_contact_short" if receipt_asked(c, i.unit) else "no_contact_at_all_short", lang),
            ]
            for i in late
        ]
        out.append(_md_table(header, rows))
        note = assumed_note(late, lang)
        if note is not None:
            out += ["", note]
    return "\n".join(out)
