"""The status as rows of plain cells (a header, then one list a row), shared by the CSV and the
Markdown outputs: the unit × theme matrix, or the items of a unit's checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qmonth.core.schedule import Report
from qmonth.i18n import Lang, t
from qmonth.outputs.checklist import form_text
from qmonth.outputs.text import by_kind, day_text, due_text, kind_name, task_title

if TYPE_CHECKING:
    from qmonth.core.model import Campaign


def matrix_rows(
    c: Campaign, report: Report, lang: Lang, split: bool = False, kinds: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """The unit × theme matrix as text cells. `split`: done and total in columns of their own
    (for Excel, which would read "4/4" as the date 4 April). `kinds`: grouped by kind in the order
    of [kinds], the kind's name in a column after the unit's (the Markdown table)."""
    themes: list[str] = []
    for tid, th in c.themes.items():
        head = th.header(tid)
        themes += [f"{head} {t('csv_done', lang)}", f"{head} {t('csv_total', lang)}"] if split else [head]
    header = ["id", t("col_unit", lang), *themes, t("col_percent", lang), t("col_light", lang)]
    units = report.units
    if kinds:
        header.insert(2, t("col_kind", lang))
        by_id = {u.id: u for u in units}
        units = [by_id[uid] for _, ids in by_kind(c, list(by_id)) for uid in ids]
    rows = []
    for u in units:
        cells: list[Any] = [u.id, u.name, kind_name(c, c.units[u.id].kind)] if kinds else [u.id, u.name]
        for tid in c.themes:
            d, n = u.themes.get(tid, (0, 0))
            if split:
                cells += [d, n] if n else ["", ""]
            else:
                cells.append(f"{d}/{n}" if n else "")
        rows.append([*cells, f"{u.percent}%", t("light_" + u.light.value, lang)])
    return header, rows


def checklist_rows(c: Campaign, report: Report, lang: Lang) -> tuple[list[str], list[list[str]]]:
    header = [
        "unit",
        t("col_unit", lang),
        "task",
        t("col_task", lang),
        t("col_state", lang),
        t("col_deadline", lang),
        t("col_done_on", lang),
        t("col_evidence", lang),
        t("col_note", lang),
        t("col_form", lang),
    ]
    by_task = {f.task: fid for fid, f in c.forms.items()}
    rows = [
        [
            i.unit,
            c.units[i.unit].name,
            i.task,
            task_title(c, i.task, lang, numbered=True),
            t("state_" + i.state.value, lang),
            due_text(i),
            day_text(i.done_on),
            " ".join(i.evidence),
            i.note or i.waived,
            "\n".join(form_text(c, i.unit, by_task[i.task], lang)) if i.task in by_task else "",
        ]
        for i in report.items
    ]
    return header, rows
