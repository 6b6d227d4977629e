"""The 催办 log as a table: `qmonth log`, and a unit's chases under its checklist. The entries are
passed in (`qmonth.core.chases.Entry`); nothing here reads the log. Never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from qmonth.i18n import Lang, t
from qmonth.outputs.grid import Cell, Col
from qmonth.outputs.layout import table_or_stacked
from qmonth.outputs.text import lit

if TYPE_CHECKING:
    from qmonth.core.chases import Entry
    from qmonth.core.model import Campaign


def _log_rows(c: Campaign, entries: list[Entry], lang: Lang, with_unit: bool) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for e in entries:
        unit = c.units.get(e.unit)
        how = (
            t("by_" + e.channel, lang)
            if e.level == "manual" and e.channel in ("phone", "visit", "letter", "meeting")
            else e.channel
        )
        row: list[Cell] = [(e.at.strftime("%Y-%m-%d %H:%M"), "")]
        if with_unit:
            row.append((t("log_copy_unit", lang) if e.copy else lit(unit.label if unit else e.unit), ""))
        row += [
            (_what(c, e, lang), ""),
            (t("level_" + e.level, lang), "bold red" if e.level == "escalate" else ""),
            (lit(how), ""),
            (lit(e.note), ""),
        ]
        rows.append(row)
    return rows


def _what(c: Campaign, e: Entry, lang: Lang) -> str:
    """The task column: the one item, a delivery's items (listed), or the size of the coordinator's copy."""
    if e.copy:
        return t("log_copy_items", lang, units=len({u for u, _, _ in e.listed}), count=len(e.listed))
    if e.listed:
        sep = "；" if lang == "zh" else "; "
        whole = t("chase_whole_unit", lang)
        titles = sep.join(c.tasks[tid].title if tid in c.tasks else (tid or whole) for _, tid, _ in e.listed)
        return lit(t("log_items", lang, count=len(e.listed), titles=titles))
    task = c.tasks.get(e.task) if e.task else None
    return lit(task.title if task else (e.task or t("chase_whole_unit", lang)))


def log_table(c: Campaign, entries: list[Entry], lang: Lang) -> RenderableType:
    """`qmonth log`: one row per entry, oldest first."""
    if not entries:
        return Text(t("log_empty", lang))
    columns = [
        Col(t("col_at", lang)),
        Col(t("col_unit", lang), fold=True, max_width=12),
        Col(t("col_task", lang), fold=True),
        Col(t("col_level", lang)),
        Col(t("col_channel", lang), fold=True, max_width=12),
        Col(t("col_note", lang), fold=True),
    ]
    return table_or_stacked(t("log_title", lang, count=len(entries)), columns, _log_rows(c, entries, lang, True), lang)


def chase_history(c: Campaign, entries: list[Entry], lang: Lang) -> RenderableType:
    """A unit's chases under its checklist (`status --unit`)."""
    columns = [
        Col(t("col_at", lang)),
        Col(t("col_task", lang), fold=True),
        Col(t("col_level", lang)),
        Col(t("col_channel", lang), fold=True, max_width=12),
        Col(t("col_note", lang), fold=True),
    ]
    return table_or_stacked(t("history_title", lang), columns, _log_rows(c, entries, lang, False), lang)
