"""The tables of the status screen: the unit × theme matrix, the overdue list (per item, or one
line per unit), the due-soon list. Never prints; `screen.py` puts them together on one screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from qmonth.core.chases import chased
from qmonth.core.schedule import BEHIND_MARGIN, Item, Light, Report, State, UnitRow
from qmonth.i18n import Lang, t
from qmonth.outputs.grid import Cell, Col, Grid, heading_index, heading_mark, text_len
from qmonth.outputs.layout import FLEX_MIN, Responsive, col_widths, layout
from qmonth.outputs.text import (
    LIGHT_STYLE,
    MARK,
    by_kind,
    contact_cell,
    contact_column,
    due_text,
    kind_name,
    lit,
    mark,
    overdue_days,
    receipt_asked,
    task_title,
)
from qmonth.outputs.wrap import Hint

if TYPE_CHECKING:
    from qmonth.core.chases import Chases
    from qmonth.core.model import Campaign


class Headed:
    """A table whose heading rows (first cell a grid.heading_mark, the rest empty) are drawn as their
    heading instead: one line across the table, the kind's name, never folded into a column."""

    def __init__(self, table: RenderableType, headings: list[str]) -> None:
        self.table, self.headings = table, headings

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.table, options.update(height=None), pad=False, new_lines=False):
            n = heading_index(line[0].text if line else "")
            if n is not None and n < len(self.headings) and not "".join(s.text for s in line)[1:].strip():
                yield Text(self.headings[n], style="bold", no_wrap=True, overflow="ellipsis")
                continue
            yield from line
            yield Segment.line()


def _grouped(
    c: Campaign, units: list[UnitRow], lang: Lang, width: int, row: Callable[[UnitRow], list[Cell]], grouped: bool = True
) -> tuple[list[list[Cell]], list[str]]:
    """The matrix's rows grouped by the units' kind, in the order of [kinds], each kind of several
    units under a heading row naming it; the kinds of one unit each (a 市质量中心, a 行业协会: the
    unit's name says it) after them under one heading, 其他. No headings when no kind has two units
    or all the units are of one kind, or not `grouped`. Returns the rows and the headings."""
    if not grouped:
        return [row(u) for u in units], []
    by_id = {u.id: u for u in units}
    groups = by_kind(c, [u.id for u in units])
    several = [(kind, ids) for kind, ids in groups if len(ids) > 1]
    if len(groups) < 2 or not several:
        return [row(u) for u in units], []
    rows: list[list[Cell]] = []
    headings: list[str] = []

    def group(heading: str, ids: list[str]) -> None:
        rows.append([(heading_mark(len(headings)), ""), *([("", "")] * (width - 1))])
        headings.append(heading)
        rows.extend(row(by_id[uid]) for uid in ids)

    for kind, ids in several:
        group(t("kind_heading", lang, name=lit(kind_name(c, kind))), ids)
    singles = [ids[0] for _, ids in groups if len(ids) == 1]
    if singles:
        group(t("kind_heading", lang, name=t("kind_others", lang)), singles)
    return rows, headings


def _headed(title: str, columns: list[Col], rows: list[list[Cell]], headings: list[str]) -> RenderableType:
    table = layout(title, columns, rows)
    if headings and isinstance(table, Grid):  # thousands of rows: the grid draws the headings itself
        table.headings = headings
        return table
    return Headed(table, headings) if headings else table


def _matrix_full(c: Campaign, units: list[UnitRow], lang: Lang, grouped: bool = True) -> tuple[RenderableType, int]:
    """The unit × theme matrix, grouped by kind, and the width it needs with the unit column at its
    narrowest."""
    measured: dict[str, int] = {}  # text → cells: a national matrix repeats "1/1", "-", "66%" thousands of times
    labels = [lit(u.label) for u in units]
    widest = max((text_len(label, measured) for label in labels), default=4)
    unit_min = min(widest, 10)
    columns = [
        Col(t("col_unit", lang), fold=True, min_width=unit_min, max_width=16),
        *(Col(lit(theme.header(tid)), justify="center") for tid, theme in c.themes.items()),
        Col(t("col_percent", lang), justify="right"),
        Col(t("col_light", lang)),
    ]
    lights = {light: ("● " + t("light_" + light.value, lang), LIGHT_STYLE[light]) for light in Light}

    label_of = {u.id: label for u, label in zip(units, labels, strict=True)}

    def cells_of(row: UnitRow) -> list[Cell]:
        cells: list[Cell] = [(label_of[row.id], "")]
        for tid in c.themes:
            done, total = row.themes.get(tid, (0, 0))
            # "-", not "—": an ambiguous-width dash is two cells wide in some CJK terminals and would shift the columns
            cells.append(("-", "") if total == 0 else (f"{done}/{total}", "green" if done == total else ""))
        return [*cells, (f"{row.percent}%", ""), lights[row.light]]

    rows, headings = _grouped(c, units, lang, len(columns), cells_of, grouped)
    # each column: its content, one cell of padding, one of separator (the last has none)
    need = max(unit_min, cell_len(columns[0].header)) + 2
    for i, col in enumerate(columns[1:], 1):
        need += max([cell_len(col.header), *(text_len(r[i][0], measured) for r in rows)]) + 2
    need -= 1
    return _headed(t("matrix_title", lang), columns, rows, headings), need


def _matrix_narrow(c: Campaign, units: list[UnitRow], lang: Lang, grouped: bool = True) -> RenderableType:
    """For a narrow terminal: the theme columns go first; the unit and its light always stay."""
    columns = [
        Col(t("col_unit", lang), fold=True, min_width=4),
        Col(t("col_done_total", lang), justify="right"),
        Col(t("col_percent", lang), justify="right"),
        Col(t("col_light", lang)),
    ]
    lights = {light: ("● " + t("light_" + light.value, lang), LIGHT_STYLE[light]) for light in Light}

    def cells_of(u: UnitRow) -> list[Cell]:
        return [(lit(u.label), ""), (f"{u.done}/{u.total}", ""), (f"{u.percent}%", ""), lights[u.light]]

    rows, headings = _grouped(c, units, lang, len(columns), cells_of, grouped)
    table = _headed(t("matrix_title_narrow", lang), columns, rows, headings)
    return Group(table, Text(t("themes_hidden", lang), style="dim"))


def status_matrix(c: Campaign, report: Report, lang: Lang, keep: int | None = None, grouped: bool = True) -> RenderableType:
    """The matrix, grouped by kind (`grouped`: under a heading line each, see `_grouped`); with
    `keep`, only that many units (the least advanced ones, in the file's order) and a line saying
    how many were left out and where to see them (`keep=0`: that line alone)."""
    units = report.units
    if keep is None or keep >= len(units):
        wide, need = _matrix_full(c, units, lang, grouped)
        matrix = Responsive(wide, _matrix_narrow(c, units, lang, grouped), need)
        notes = [n for n in (light_rule(report, lang), class_note(c, units, lang)) if n is not None]
        return Group(matrix, *notes) if notes else matrix
    severity = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
    order = sorted(range(len(units)), key=lambda i: (severity[units[i].light], units[i].percent, i))
    shown = sorted(order[: max(keep, 0)])
    left = [units[i].percent for i in order[max(keep, 0) :]]
    lo, hi = min(left), max(left)
    note = Hint(
        t(
            "matrix_folded_some" if shown else "matrix_folded_all",
            lang,
            n=len(left),
            range=f"{lo}%" if lo == hi else f"{lo}%–{hi}%",
        ),
        style="dim",
    )
    if not shown:
        return note
    kept = [units[i] for i in shown]
    wide, need = _matrix_full(c, kept, lang, grouped)
    classes = class_note(c, kept, lang)
    matrix = Responsive(wide, _matrix_narrow(c, kept, lang, grouped), need)
    return Group(matrix, note) if classes is None else Group(matrix, classes, note)


def class_note(c: Campaign, units: list[UnitRow], lang: Lang) -> RenderableType | None:
    """Under the matrix, when a row stands for a class of units not named yet (named = false)."""
    names = [u.label for u in units if not c.units[u.id].named]
    if not names:
        return None
    return Hint(t("class_hint", lang, names=lit("、".join(names))), style="dim")


def light_rule(report: Report, lang: Lang) -> RenderableType | None:
    """The legend of the lights, under the matrix when a unit is yellow for being behind the plan
    (the rule is `qmonth/core/schedule.py`'s `behind_plan`)."""
    if report.plan is None or not any(u.behind and u.light is Light.YELLOW for u in report.units):
        return None
    need = max(report.plan - BEHIND_MARGIN, 0)
    said = t("light_rule", lang, margin=BEHIND_MARGIN, need=need)
    if report.plan_assumed:  # the plan counts the period's working days: expected holidays among them
        said = said.replace(f"{need}%", f"{need}%{MARK}", 1) if f"{need}%" in said else said + MARK
    return Hint(said, style="dim")


def overdue_table(c: Campaign, report: Report, lang: Lang, chases: Chases | None = None) -> RenderableType:
    """Every overdue item, most overdue first; with `chases`, how often and when last each was chased."""
    late = report.overdue()
    if not late:
        return Text(t("no_overdue", lang))
    # The task's title last: titles hold ambiguous-width quotes (“”), which a CJK terminal may draw
    # two cells wide; in the last column that shifts nothing.
    columns = [
        Col(t("col_unit", lang), fold=True, max_width=12),
        Col(t("col_deadline", lang)),
        Col(t("col_days_overdue", lang), justify="right"),
        Col(t(contact_column(c), lang), fold=True, max_width=22),
    ]
    if chases:  # how often and when last each item was chased (the 催办 log), when anything was
        columns.append(Col(t("col_chased", lang)))
    columns.append(Col(t("col_task", lang), fold=True))
    rows: list[list[Cell]] = []
    for item in late:
        row: list[Cell] = [
            (lit(c.units[item.unit].label), ""),
            (due_text(item), ""),
            (overdue_days(item, lang), "bold red"),
            (contact_cell(c.units[item.unit], lang, receipt_asked(c, item.unit)), ""),
        ]
        if chases:
            row.append((chased_cell(chases, item.unit, [item.task], lang), ""))
        row.append((lit(task_title(c, item.task, lang)), ""))
        rows.append(row)
    return layout(t("overdue_title", lang, count=len(late)), columns, rows)


def chased_cell(chases: Chases, unit: str, tasks: list[str], lang: Lang) -> str:
    """`2次 09-12`: how often the items were chased (the most-chased of them) and the day of the
    last chase; empty when never."""
    seen = [chased(chases, unit, task) for task in tasks]
    times = max((s.times for s in seen), default=0)
    lasts = [s.last for s in seen if s.last is not None]
    if not times or not lasts:
        return ""
    return t("chased_cell", lang, n=times, date=max(lasts).strftime("%m-%d"))


def owed_brief(c: Campaign, items: list[Item], lang: Lang) -> str:
    """What a unit owes, in brief: one title, else the themes with how many of each (一(4) 二 要求(2))."""
    if len(items) == 1:
        return task_title(c, items[0].task, lang)
    per: dict[str, int] = {}
    for item in items:
        per[item.theme] = per.get(item.theme, 0) + 1
    return " ".join(c.themes[th].header(th) + (f"({n})" if n > 1 else "") for th in c.themes if (n := per.get(th, 0)))


def overdue_by_unit(
    c: Campaign,
    report: Report,
    lang: Lang,
    chases: Chases | None = None,
    one_line: bool = False,
    keep: int | None = None,
    hint: bool = True,
) -> RenderableType:
    """One line per unit with overdue items, most urgent first: how many, the worst delay, whom to
    call and their number, (how often chased,) and what is owed in brief (wrapped on a narrow
    terminal; `one_line`: cut with …, for a screen that has no room for more: the unit's name is
    then never folded, and the 催办 column is left out rather than leave what is owed a few cells).
    `keep`: only the first units, and a line saying how many more are late and where to see them;
    `hint`: the line of commands under the table."""
    by_unit: dict[str, list[Item]] = {}
    for item in report.overdue():
        by_unit.setdefault(item.unit, []).append(item)
    order = sorted(by_unit, key=lambda u: (-by_unit[u][0].days_overdue, -len(by_unit[u])))
    shown = order if keep is None else order[: max(keep, 0)]
    rows: list[list[Cell]] = []
    for uid in shown:
        items = by_unit[uid]
        row: list[Cell] = [
            (lit(c.units[uid].label), ""),
            (str(len(items)), ""),
            (t("days", lang, n=items[0].days_overdue), "bold red"),
            (contact_cell(c.units[uid], lang, receipt_asked(c, uid)), ""),
        ]
        if chases:
            row.append((chased_cell(chases, uid, [i.task for i in items], lang), ""))
        row.append((lit(owed_brief(c, items, lang)), ""))
        rows.append(row)
    title = t("overdue_units_title", lang, count=sum(len(v) for v in by_unit.values()), units=len(by_unit))

    def table(with_chases: bool) -> tuple[RenderableType, int]:
        columns = [
            Col(t("col_unit", lang)) if one_line else Col(t("col_unit", lang), fold=True, max_width=12),
            Col(t("col_count", lang), justify="right"),
            Col(t("col_worst", lang), justify="right"),
            Col(t("col_call", lang), max_width=24),
        ]
        if with_chases:
            columns.append(Col(t("col_chased", lang)))
        # what is owed wraps, at its spaces (the "what" of who, how late, whom to call); cut only when
        # the screen has no room for more lines (its hint says where to see it all)
        if one_line:
            columns.append(Col(t("col_owed_short", lang), cut=True, min_width=6))
        else:
            columns.append(Col(t("col_owed", lang), fold=True, words=True, min_width=6))
        cells = rows if with_chases or not chases else [[*r[:4], r[5]] for r in rows]
        widths = col_widths(columns, cells)
        # the width with what is owed at FLEX_MIN (or less when all of it is shorter)
        need = sum(w for w, _ in widths[:-1]) + min(widths[-1][0], FLEX_MIN) + 2 * len(widths) - 1
        return layout(title, columns, cells), need

    late: RenderableType
    if chases:  # the 催办 column goes first when the width is short: what is owed matters more
        wide, need = table(True)
        late = Responsive(wide, table(False)[0], need)
    else:
        late = table(False)[0]
    parts: list[RenderableType] = [late]
    if keep is not None and len(shown) < len(order):
        parts.append(Hint(t("overdue_more_units", lang, n=len(order) - len(shown)), style="dim"))
    if hint:
        parts.append(Hint(t("overdue_all_hint", lang), style="dim"))
    return Group(*parts)


def due_soon_table(c: Campaign, report: Report, lang: Lang) -> RenderableType | None:
    """What turns the yellow lights yellow: one row per unit (its checklist has the details)."""
    by_unit: dict[str, list[Item]] = {}
    for item in report.items:
        if item.state is State.DUE_SOON:
            by_unit.setdefault(item.unit, []).append(item)
    if not by_unit:
        return None
    columns = [
        Col(t("col_unit", lang), fold=True, max_width=12),
        Col(t("col_soon_count", lang), justify="right"),
        Col(t("col_deadline", lang)),
        Col(t("col_workdays_left", lang), justify="right"),
        Col(t(contact_column(c), lang), fold=True, max_width=22),
    ]
    rows: list[list[Cell]] = []
    for uid, items in sorted(by_unit.items(), key=lambda kv: min(i.deadline for i in kv[1])):
        first = min(items, key=lambda i: (i.deadline, i.workdays_left or 0))
        unit = c.units[uid]
        left = t("due_today_short", lang) if first.days_left == 0 else str(first.workdays_left) + mark(first)
        if first.long_break is not None:
            left += " " + t("long_break", lang)
        rows.append(
            [
                (lit(unit.label), ""),
                (str(len(items)), ""),
                (due_text(first), ""),
                (left, "bold yellow"),
                (contact_cell(unit, lang, receipt_asked(c, uid)), ""),
            ]
        )
    return layout(t("due_soon_title", lang, count=len(rows)), columns, rows)


def due_soon_line(c: Campaign, report: Report, lang: Lang) -> RenderableType | None:
    """The due-soon list in one line, when the screen has no room for it: how many, for how many
    units, the first deadline, and where to see the list."""
    items = [i for i in report.items if i.state is State.DUE_SOON]
    if not items:
        return None
    first = min(i.deadline for i in items).isoformat()
    text = t("due_soon_folded", lang, count=len(items), units=len({i.unit for i in items}), date=first)
    return Hint(text, style="yellow")
