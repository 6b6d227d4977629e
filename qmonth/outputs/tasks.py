"""`qmonth tasks`: every theme and its tasks, with the ids `done` takes, as tables (stacked on a
narrow terminal). Never prints."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from qmonth.i18n import Lang, t
from qmonth.outputs.layout import Responsive, Stack, need_width, plain_table, stacked_table
from qmonth.outputs.text import day_text, lit, task_title
from qmonth.outputs.wrap import Wrapped

if TYPE_CHECKING:
    from qmonth.core.model import Campaign


def _applies_to(c: Campaign, targets: list[str]) -> str:
    """Kinds by their description, units by their short name."""
    return "、".join(c.kinds.get(x) or (c.units[x].label if x in c.units else x) for x in targets)


def tasks_table(c: Campaign, lang: Lang, unit_id: str | None = None) -> Group:
    """Every theme and its tasks, with the ids `done` takes; only the unit's when `unit_id`.
    On a terminal too narrow for the columns, each task is stacked: id and deadline, then its
    title, whom it applies to and the evidence asked for, each on its own lines."""
    head = Text(lit(c.campaign.title_for(lang)), style="bold")
    if unit_id is not None:
        head.append("    " + lit(t("unit_header", lang, name=c.units[unit_id].label, id=unit_id)))
    headers = [t("col_id", lang), t("col_deadline", lang), t("col_task", lang)]
    headers += [t("col_applies", lang)] if unit_id is None else []
    headers.append(t("col_evidence", lang))
    wide: list[RenderableType] = []
    narrow: list[RenderableType] = []
    need = 0
    for th, theme in c.themes.items():
        ids = [
            tid for tid in c.ordered_tasks() if c.tasks[tid].theme == th and (unit_id is None or c.applies(c.tasks[tid], unit_id))
        ]
        if not ids:
            continue
        rows: list[list[str]] = []
        for tid in ids:
            task = c.tasks[tid]
            row = [lit(tid), _repeat_cell(c, task) if task.repeat else _deadline_cell(c, task, lang)]
            row.append(lit(task_title(c, tid, lang, numbered=True)))
            row += [lit(_applies_to(c, task.applies_to))] if unit_id is None else []
            row.append(lit("、".join(task.evidence)))
            rows.append(row)
        title = lit(f"{theme.number}{theme.title_for(lang)}  [{th}]")
        table = plain_table(title)
        table.add_column(headers[0], no_wrap=True)
        table.add_column(headers[1], no_wrap=True)
        table.add_column(headers[2], ratio=3, overflow="fold")
        if unit_id is None:
            table.add_column(headers[3], ratio=2, overflow="fold")
        table.add_column(headers[-1], ratio=1, overflow="fold")
        for row in rows:
            table.add_row(Text(row[0]), Text(row[1]), *(Wrapped(cell) for cell in row[2:]))
        widths = [max(cell_len(x) for x in (header, *(r[i] for r in rows))) for i, header in enumerate(headers)]
        need = max(need, need_width([(w, i >= 2) for i, w in enumerate(widths)]))
        stacked: list[Stack] = [
            (
                [(row[0], "bold"), (row[1], "")],
                [("", (row[2], "")), *((h, (v, "")) for h, v in zip(headers[3:], row[3:], strict=True))],
            )
            for row in rows
        ]
        wide += [Text(""), table]
        narrow += [Text(""), stacked_table(title, stacked, lang)]
    # the explanation of `*` starts a line of its own, so the mark is never parted from it
    star = t("tasks_footer_star", lang, end=c.campaign.end.isoformat())
    footer = [Text(""), Text(t("tasks_footer", lang) + "\n" + star, style="dim")]
    return Group(head, Responsive(Group(*wide), Group(*narrow), need), *footer)


def _occurrences(c: Campaign, task: Any) -> tuple[dt.date, ...]:
    from qmonth.core.recurrence import occurrences

    return occurrences(c, task)


def _deadline_cell(c: Campaign, task: Any, lang: Lang = "zh") -> str:
    """The deadline (an event: its day, marked); a later stage: the day it opens on a line below."""
    cell = day_text(c.due(task)) + (f" {task.due_time:%H:%M}" if task.due_time else "")
    if task.on is not None:
        cell += " " + t("cell_event", lang)
    elif not task.deadline:
        cell += " *"
    if task.opens is not None:
        cell += "\n" + t("cell_opens", lang, date=task.opens.isoformat())
    return cell


def _repeat_cell(c: Campaign, task: Any) -> str:
    """A recurring task's deadlines: its first and last day and how many, then the rule."""
    days = _occurrences(c, task)
    span = f"{days[0].isoformat()}…{days[-1]:%m-%d} ×{len(days)}\n" if days else ""
    return span + lit(task.repeat)
