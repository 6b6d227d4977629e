"""Rendering computed rows as Rich tables, plain text, JSON, CSV and Markdown. Never prints.

Text from the data file goes through the escaping policy of `qmonth/core/escape.py`, one function
per output: `lit()` (= `escape.terminal`) for the screens, `escape.csv_row` for CSV,
`escape.markdown_text`/`markdown_link` for Markdown. It is never read as Rich markup (cells are
Text objects, not markup strings); control characters, line breaks and bidi controls are shown
as escapes, never sent to the terminal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from qmonth.core import escape
from qmonth.core.schedule import Item, Light, Report, State, UnitRow
from qmonth.i18n import Lang, t
from qmonth.outputs.grid import Cell, Col, Grid, text_len
from qmonth.outputs.wrap import Hint, Wrapped, WrappedLine, wrap

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from qmonth.core.model import Campaign, Liaison, Unit
    from qmonth.core.remind import UnitReminder
    from qmonth.notify.log import Chased, Entry

    Chases = dict[tuple[str, str | None], Chased]

LIGHT_STYLE: dict[Light, str] = {Light.RED: "bold red", Light.YELLOW: "bold yellow", Light.GREEN: "green"}
STATE_STYLE: dict[State, str] = {
    State.DONE: "green",
    State.OVERDUE: "bold red",
    State.DUE_SOON: "yellow",
    State.OPEN: "",
    State.WAIVED: "dim",
}


def lit(value: object) -> str:
    """Data shown literally on a terminal: controls, line breaks and bidi controls become visible
    escapes (see `escape.terminal`), so no data can start a line of its own."""
    return escape.terminal(value)


def _txt(value: object, style: str = "") -> Text:
    return Text(lit(value), style=style)


def _due(item: Item) -> str:
    """The deadline as shown: the day, and its time of day when it has one (2024-09-10 17:00)."""
    return _day(item.deadline) + (f" {item.due_time:%H:%M}" if item.due_time is not None else "")


def overdue_days(item: Item, lang: Lang) -> str:
    """How late, in calendar days, and in working days where they differ (9 天 over a holiday may be
    1 working day); past a time of day on the deadline itself, just that."""
    if item.days_overdue == 0:
        return t("overdue_since_time", lang, time=f"{item.due_time:%H:%M}" if item.due_time else "")
    if item.workdays_overdue != item.days_overdue:
        return t("days_and_workdays", lang, n=item.days_overdue, w=item.workdays_overdue)
    return t("days", lang, n=item.days_overdue)


def task_title(c: Campaign, task_id: str, lang: Lang, numbered: bool = False) -> str:
    """A task's title in `lang` (its English title with --lang en, when it has one); `numbered`:
    with its sub-item number in front, and 可选 for an optional task."""
    task = c.tasks[task_id]
    title = task.title_for(lang)
    if numbered and task.number:
        title = f"{task.number} {title}"
    if task.optional:
        title += t("optional_mark", lang)
    return title


def wrapped(value: object, style: str = "") -> Wrapped:
    """Data text in a table cell, wrapped by the rules of Chinese line breaking (qmonth.outputs.wrap)."""
    return Wrapped(lit(value), style)


def one_line(value: object, style: str = "") -> Text:
    """Data text kept on one line, cut with … when the column is narrow."""
    return Text(lit(value), style=style, no_wrap=True, overflow="ellipsis")


def _day(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def light_label(light: Light, lang: Lang) -> Text:
    return Text("● " + t("light_" + light.value, lang), style=LIGHT_STYLE[light])


def liaison_text(liaison: Liaison | None, lang: Lang, short: bool = False) -> str:
    """Name and phones; `short`: name and one number (the mobile first), for table columns."""
    if liaison is None or not liaison.known:
        return ""
    numbers = [p for p in (liaison.mobile, liaison.phone) if p]
    phones = " / ".join(numbers[:1] if short else numbers)
    return " ".join(p for p in (liaison.name, phones) if p)


def office_text(unit: Unit, short: bool = False) -> str:
    """The unit office's own phone and e-mail (known before any receipt); `short`: the phone only."""
    parts = [unit.phone] if short and unit.phone else [p for p in (unit.phone, unit.email) if p]
    return " ".join(parts)


def contact_cell(unit: Unit, lang: Lang) -> str:
    """The contact column of a table: the liaison, else 未报回执 with the office's number if known."""
    who = liaison_text(unit.liaison, lang, short=True)
    if who:
        return lit(who)
    office = office_text(unit, short=True) or office_text(unit)
    return t("no_receipt_office", lang, who=lit(office)) if office else t("no_contact_short", lang)


def contact_line(unit: Unit, lang: Lang, unit_id: str | None = None) -> str:
    """One line under a unit's name: the liaison, else that no receipt came, with the office's contact.
    With neither, `unit_id` (the coordinator's screens) adds where to write the office's phone; without
    it (remind's text, which cron mails on) the line only says that no receipt came."""
    who = liaison_text(unit.liaison, lang)
    if who:
        return t("liaison_line", lang, who=lit(who))
    office = office_text(unit)
    if office:
        return t("office_contact_line", lang, who=lit(office))
    return t("no_contact", lang, id=lit(unit_id)) if unit_id is not None else t("no_receipt_line", lang)


def _table(title: str | None = None) -> Table:
    """Compact tables: no outer edge, two spaces between columns, so 80 columns go far."""
    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0), title_justify="left")


# ── status ───────────────────────────────────────────────────────────────────


def status_header(c: Campaign, report: Report, lang: Lang) -> Text:
    counts = {light: sum(u.light is light for u in report.units) for light in Light}
    head = Text(lit(c.campaign.title_for(lang)), style="bold")
    head.append(f"    {t('today', lang)} {report.today.isoformat()}")
    head.append("\n" + t("summary_lights", lang, red=counts[Light.RED], yellow=counts[Light.YELLOW], green=counts[Light.GREEN]))
    if report.over:
        head.append("\n" + t("campaign_over", lang, date=report.last_deadline.isoformat()), style="bold")
    _not_yet(head, report, lang)
    return head


def _not_yet(head: Text, report: Report, lang: Lang) -> None:
    """A line when `today` is before the notice is issued (or the campaign starts): nothing is due yet."""
    if report.not_yet is not None:
        what, day = report.not_yet
        head.append("\n" + t("not_yet_" + what, lang, date=day.isoformat()), style="bold")


# Above this many rows a table is laid out by grid.Grid: Rich's Table costs ~1 ms a row, and a
# national campaign (3,000 units) would take seconds to draw.
BIG_TABLE = 300


def _layout(title: str, columns: list[Col], rows: list[list[Cell]]) -> RenderableType:
    """Rich's Table for a screenful, grid.Grid for thousands of rows; the same columns either way."""
    if len(rows) > BIG_TABLE:
        return Grid(columns, rows, title)
    table = _table(title)
    for col in columns:
        table.add_column(
            Text(col.header, no_wrap=True, overflow="ellipsis") if col.cut else col.header,  # as its cells
            justify=col.justify,  # type: ignore[arg-type]
            overflow="fold" if col.fold else "ellipsis",
            no_wrap=not (col.fold or col.cut),  # a cut column gives way, its cells stay on one line
            min_width=col.min_width if col.fold or col.cut else None,
            max_width=col.max_width,
            ratio=1 if col.fold and col.max_width is None else None,
        )

    def cell(text: str, style: str, col: Col) -> RenderableType:
        if col.fold:
            return Wrapped(text, style, words=col.words)
        return Text(text, style=style, no_wrap=col.cut, overflow="ellipsis" if col.cut else None)

    for row in rows:
        table.add_row(*(cell(text, style, col) for (text, style), col in zip(row, columns, strict=True)))
    return table


def _matrix_full(c: Campaign, units: list[UnitRow], lang: Lang) -> tuple[RenderableType, int]:
    """The unit × theme matrix, and the width it needs with the unit column at its narrowest."""
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
    rows = []
    for row, label in zip(units, labels, strict=True):
        cells: list[Cell] = [(label, "")]
        for tid in c.themes:
            done, total = row.themes.get(tid, (0, 0))
            # "-", not "—": an ambiguous-width dash is two cells wide in some CJK terminals and would shift the columns
            cells.append(("-", "") if total == 0 else (f"{done}/{total}", "green" if done == total else ""))
        rows.append([*cells, (f"{row.percent}%", ""), lights[row.light]])
    # each column: its content, one cell of padding, one of separator (the last has none)
    need = max(unit_min, cell_len(columns[0].header)) + 2
    for i, col in enumerate(columns[1:], 1):
        need += max([cell_len(col.header), *(text_len(r[i][0], measured) for r in rows)]) + 2
    need -= 1
    return _layout(t("matrix_title", lang), columns, rows), need


def _matrix_narrow(c: Campaign, units: list[UnitRow], lang: Lang) -> RenderableType:
    """For a narrow terminal: the theme columns go first; the unit and its light always stay."""
    columns = [
        Col(t("col_unit", lang), fold=True, min_width=4),
        Col(t("col_done_total", lang), justify="right"),
        Col(t("col_percent", lang), justify="right"),
        Col(t("col_light", lang)),
    ]
    lights = {light: ("● " + t("light_" + light.value, lang), LIGHT_STYLE[light]) for light in Light}
    rows: list[list[Cell]] = [
        [(lit(u.label), ""), (f"{u.done}/{u.total}", ""), (f"{u.percent}%", ""), lights[u.light]] for u in units
    ]
    return Group(_layout(t("matrix_title_narrow", lang), columns, rows), Text(t("themes_hidden", lang), style="dim"))


class Responsive:
    """`wide` when the width allows it (at least `need` cells), else `narrow`: decided by Rich at layout."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, need: int) -> None:
        self.wide, self.narrow, self.need = wide, narrow, need

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.need else self.narrow


# A wrapping column narrower than this shows a few characters a line: below the width that gives
# each one at least this much, a table is shown stacked instead (see `_stacked`).
FLEX_MIN = 12


def _need(widths: list[tuple[int, bool]]) -> int:
    """The width a compact table needs: each column's natural width, a wrapping one (`True`)
    down to FLEX_MIN; one cell of padding and one of separator after each (the last has none)."""
    return sum(min(w, FLEX_MIN) if wraps else w for w, wraps in widths) + 2 * len(widths) - 1


def _col_widths(columns: list[Col], rows: list[list[Cell]]) -> list[tuple[int, bool]]:
    """(natural width, wraps) of each column: its header and cells, up to its max_width."""
    out = []
    measured: dict[str, int] = {}
    for i, col in enumerate(columns):
        natural = max([cell_len(col.header), *(text_len(r[i][0], measured) for r in rows)])
        out.append((min(natural, col.max_width) if col.max_width else natural, col.fold))
    return out


Stack = tuple[list[Cell], list[tuple[str, Cell]]]  # a row stacked: its short fields, then (label, long field)s


def _stacked(title: str | None, rows: list[Stack], lang: Lang) -> Group:
    """A table for a narrow terminal: per row, its short fields on one line, then each long field
    on a line of its own, indented and wrapped, after its label when it has one; empty ones left out."""
    from rich.padding import Padding

    parts: list[RenderableType] = [Text(title)] if title else []
    sep = "：" if lang == "zh" else ": "
    for head, body in rows:
        line = Text()
        for text, style in (cell for cell in head if cell[0]):
            line.append("  " if line else "")
            line.append(text, style=style)
        parts.append(line)
        for label, (text, style) in body:
            if text:
                parts.append(Padding(Wrapped(f"{label}{sep}{text}" if label else text, style), (0, 0, 0, 2)))
    return Group(*parts)


def status_matrix(c: Campaign, report: Report, lang: Lang, keep: int | None = None) -> RenderableType:
    """The matrix; with `keep`, only that many units (the least advanced ones, in the file's order)
    and a line saying how many were left out and where to see them (`keep=0`: that line alone)."""
    units = report.units
    if keep is None or keep >= len(units):
        wide, need = _matrix_full(c, units, lang)
        return Responsive(wide, _matrix_narrow(c, units, lang), need)
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
    wide, need = _matrix_full(c, [units[i] for i in shown], lang)
    return Group(Responsive(wide, _matrix_narrow(c, [units[i] for i in shown], lang), need), note)


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
        Col(t("col_liaison", lang), fold=True, max_width=22),
    ]
    if chases:  # how often and when last each item was chased (the 催办 log), when anything was
        columns.append(Col(t("col_chased", lang)))
    columns.append(Col(t("col_task", lang), fold=True))
    rows: list[list[Cell]] = []
    for item in late:
        row: list[Cell] = [
            (lit(c.units[item.unit].label), ""),
            (_due(item), ""),
            (overdue_days(item, lang), "bold red"),
            (contact_cell(c.units[item.unit], lang), ""),
        ]
        if chases:
            row.append((chased_cell(chases, item.unit, [item.task], lang), ""))
        row.append((lit(task_title(c, item.task, lang)), ""))
        rows.append(row)
    return _layout(t("overdue_title", lang, count=len(late)), columns, rows)


def chased_cell(chases: Chases, unit: str, tasks: list[str], lang: Lang) -> str:
    """`2次 09-12`: how often the items were chased (the most-chased of them) and the day of the
    last chase; empty when never."""
    from qmonth.notify.log import chased

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
            (contact_cell(c.units[uid], lang), ""),
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
        widths = _col_widths(columns, cells)
        # the width with what is owed at FLEX_MIN (or less when all of it is shorter)
        need = sum(w for w, _ in widths[:-1]) + min(widths[-1][0], FLEX_MIN) + 2 * len(widths) - 1
        return _layout(title, columns, cells), need

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


def _lines_at_least(part: RenderableType) -> int:
    """A lower bound of the lines `part` takes, known without laying it out (0 when unknown)."""
    if isinstance(part, Grid):
        return len(part.rows) + 2
    if isinstance(part, Responsive):
        return min(_lines_at_least(part.wide), _lines_at_least(part.narrow))
    if isinstance(part, FitOrCompact):
        return min(_lines_at_least(part.full), _lines_at_least(part.compact))
    if isinstance(part, Group):
        return sum(_lines_at_least(p) for p in part.renderables)
    if isinstance(part, Text):
        return part.plain.count("\n") + 1
    if isinstance(part, WrappedLine):
        return part.text.count("\n") + 1
    return 0


class FitOrCompact:
    """The full list when the screen has room for it (`budget` lines in all), else the compact one.

    The other parts of the screen are laid out first, at the real width, to know the room left.
    """

    def __init__(
        self,
        before: list[RenderableType],
        full: RenderableType,
        compact: RenderableType,
        after: list[RenderableType],
        budget: int,
    ) -> None:
        self.before, self.full, self.compact, self.after, self.budget = before, full, compact, after, budget

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # a big grid (thousands of units) is more lines than any screen: no need to lay it out to know
        at_least = sum(_lines_at_least(part) for part in (*self.before, *self.after))
        if at_least > self.budget:
            yield self.compact
            return
        fixed = sum(len(console.render_lines(part, options, pad=False)) for part in (*self.before, *self.after))
        full = len(console.render_lines(self.full, options, pad=False))
        yield self.full if fixed + full <= self.budget else self.compact


SCREEN_LINES = 60  # one screen when the height is not known (a pipe, a file, cron)


def _measure(console: Console, options: ConsoleOptions) -> Callable[[RenderableType], int]:
    """The lines a part takes, wrapped at the width Rich gives; each part laid out once."""
    measured: dict[int, tuple[RenderableType, int]] = {}  # the part is kept, so its id stays its own

    def lines(part: RenderableType) -> int:
        if id(part) not in measured:
            measured[id(part)] = (part, len(console.render_lines(part, options, pad=False)))
        return measured[id(part)][1]

    return lines


def _first_fit(screens: Iterator[list[RenderableType]], height: int, lines: Callable[[RenderableType], int]) -> Group:
    """The first of `screens` (each a list of parts) that fits in `height` lines; the last one when
    none does. What a lower bound (known without layout) rules out is never laid out."""
    parts: list[RenderableType] = []
    for parts in screens:
        if sum(_lines_at_least(p) for p in parts) > height:
            continue
        if sum(lines(p) for p in parts) <= height:
            break
    return Group(*parts)


def _squeezed(parts: list[RenderableType], drop: Sequence[RenderableType]) -> Iterator[list[RenderableType]]:
    """`parts`, then without each of `drop` in turn (one more each time)."""
    yield parts
    for part in drop:
        parts = [p for p in parts if p is not part]
        yield parts


class FitScreen:
    """The status screen folded, part by part, until it fits in `height` lines at the width Rich
    gives it: first as it is; then the due-soon list as one line; then the matrix cut to the rows
    that fit (the least advanced units), down to one line; then what each unit owes cut to one
    line (with the matrix rows that then fit). When that is still too long: the blank lines go,
    then the line of commands under the overdue list, the matrix's line and the due-soon line; last,
    the overdue list loses its bottom units, with a line saying how many more are late. The title,
    the date and the light counts always stay on top, then who is late, by how much, whom to call."""

    def __init__(
        self,
        c: Campaign,
        report: Report,
        lang: Lang,
        head: RenderableType,
        matrix: RenderableType,
        late: tuple[RenderableType, RenderableType, RenderableType],
        soon: tuple[RenderableType | None, RenderableType | None],
        height: int,
        chases: Chases | None = None,
    ) -> None:
        self.c, self.report, self.lang, self.height, self.chases = c, report, lang, height, chases
        self.head, self.matrix = head, matrix
        self.late, self.compact, self.one_line = late  # as decided for the screen, compact, one line a unit
        self.soon, self.soon_line = soon  # the due-soon list, and the same in one line

    def _screen(self, matrix: RenderableType, late: RenderableType, soon: RenderableType | None) -> list[RenderableType]:
        return [self.head, Text(""), matrix, Text(""), late, *([Text(""), soon] if soon is not None else [])]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = _measure(console, options)
        yield _first_fit(self._screens(lines), self.height, lines)

    def _screens(self, lines: Callable[[RenderableType], int]) -> Iterator[list[RenderableType]]:
        yield self._screen(self.matrix, self.late, self.soon)
        if self.soon is not None:
            yield self._screen(self.matrix, self.compact, self.soon_line)
        for late in [self.compact] if self.one_line is self.compact else [self.compact, self.one_line]:
            yield from self._cut_matrix(late, lines)
        yield from self._squeeze()

    def _squeeze(self) -> Iterator[list[RenderableType]]:
        """The shortest screen, then shorter: without its blank lines, its hints, then units of the
        overdue list (the least urgent first)."""
        if not self.report.units:
            return
        matrix = status_matrix(self.c, self.report, self.lang, 0)
        overdue = bool(self.report.overdue())
        late = self.one_line
        table = overdue_by_unit(self.c, self.report, self.lang, self.chases, one_line=True, hint=False) if overdue else late
        blanks = [Text(""), Text(""), Text("")]
        soon = [blanks[2], self.soon_line] if self.soon_line is not None else []
        parts = [self.head, blanks[0], matrix, blanks[1], late, *soon]
        yield from _squeezed(parts, blanks[::-1])
        parts = [self.head, matrix, table, *soon[1:]]
        yield parts
        yield from _squeezed(parts, [matrix, *soon[1:]])
        units = len({i.unit for i in self.report.overdue()})
        for keep in range(min(units - 1, self.height), -1, -1):  # each unit takes a line at least
            yield [self.head, overdue_by_unit(self.c, self.report, self.lang, self.chases, one_line=True, keep=keep, hint=False)]

    def _cut_matrix(self, late: RenderableType, lines: Callable[[RenderableType], int]) -> Iterator[list[RenderableType]]:
        """The screen with `late`, the matrix whole, then cut to fewer and fewer rows, then one line.
        Each row is at least a line, the table's head 3 more and the line under it 1."""
        rest = self._screen(Text(""), late, self.soon_line)
        floor = sum(_lines_at_least(p) for p in rest)
        if floor > self.height:  # nothing fits: the matrix in one line
            yield self._screen(status_matrix(self.c, self.report, self.lang, 0), late, self.soon_line)
            return
        yield self._screen(self.matrix, late, self.soon_line)
        room = self.height + 1 - sum(lines(p) for p in rest)
        for keep in range(min(len(self.report.units) - 1, room - 4), 0, -1):
            yield self._screen(status_matrix(self.c, self.report, self.lang, keep), late, self.soon_line)
        yield self._screen(status_matrix(self.c, self.report, self.lang, 0), late, self.soon_line)


def status_screen(
    c: Campaign,
    report: Report,
    lang: Lang,
    show_all: bool = False,
    height: int | None = None,
    chases: Chases | None = None,
    demo: str | None = None,
) -> RenderableType:
    """The coordinator's one screen. Past the last deadline: the final summary (`show_all`: the
    full matrix and every item). The overdue list collapses to one line per unit when it would not
    fit in `height` lines (SCREEN_LINES when the height is not known); `show_all` always lists every
    item. With a known `height` (a terminal), what matters less is then folded until the screen fits
    (see FitScreen); `show_all`, or an unknown height, shows everything."""
    if report.over and not show_all:
        return final_summary(c, report, lang, demo, height)
    head = status_header(c, report, lang)
    before: list[RenderableType] = [head, Text(""), status_matrix(c, report, lang), Text("")]
    after: list[RenderableType] = []
    soon = due_soon_table(c, report, lang)
    if soon is not None:
        after = [Text(""), soon]
    overdue = report.overdue()
    budget = height or SCREEN_LINES
    late: RenderableType
    compact: RenderableType
    if show_all or not overdue:
        late = compact = overdue_table(c, report, lang, chases)
    elif len(report.units) + len(overdue) + 6 > budget:  # cannot fit (one line per unit and item at least)
        late = compact = overdue_by_unit(c, report, lang, chases)
    else:  # may fit: decided at layout, at the real width
        compact = overdue_by_unit(c, report, lang, chases)
        late = FitOrCompact(before, overdue_table(c, report, lang, chases), compact, after, budget)
    if show_all or height is None:
        return Group(*before, late, *after)
    one_line = overdue_by_unit(c, report, lang, chases, one_line=True) if overdue else compact
    soon_line = due_soon_line(c, report, lang)
    return FitScreen(c, report, lang, head, before[2], (late, compact, one_line), (soon, soon_line), height, chases)


def final_summary(c: Campaign, report: Report, lang: Lang, demo: str | None = None, height: int | None = None) -> RenderableType:
    """After the last deadline: per unit, what was done, how much on time, and what never was
    (nothing recorded at all: the first steps to try, see `first_steps`). With a known `height` (a
    terminal) it is folded until it fits: what was never done cut to one line, then the blank
    lines and the hint go, last the bottom units, with a line saying how many more there are."""
    head = Text(lit(c.campaign.title_for(lang)), style="bold")
    head.append(f"    {t('today', lang)} {report.today.isoformat()}")
    head.append("\n" + t("campaign_over", lang, date=report.last_deadline.isoformat()), style="bold")
    by_unit: dict[str, list[Item]] = {}
    for item in report.items:
        by_unit.setdefault(item.unit, []).append(item)
    rows: list[list[Cell]] = []
    all_done = all_total = all_on_time = 0
    for row in report.units:
        items = by_unit.get(row.id, [])
        on_time = sum(i.state is State.DONE and i.days_overdue == 0 for i in items)
        never = [i for i in items if i.state is State.OVERDUE]
        all_done, all_total, all_on_time = all_done + row.done, all_total + row.total, all_on_time + on_time
        brief = t("never_all", lang) if never and len(never) == row.total else lit(owed_brief(c, never, lang)) if never else "-"
        rows.append(
            [
                (lit(row.label), ""),
                (f"{row.done}/{row.total}", ""),
                (f"{row.percent}%", "green" if row.percent == 100 else ""),
                (f"{percent_of(on_time, row.total)}%", ""),
                (brief, ""),
            ]
        )

    def table(one_line: bool = False, keep: int | None = None) -> RenderableType:
        columns = [
            Col(t("col_unit", lang)) if one_line else Col(t("col_unit", lang), fold=True, max_width=12),
            Col(t("col_done_total", lang), justify="right"),
            Col(t("col_percent", lang), justify="right"),
            Col(t("col_on_time", lang), justify="right"),
            Col(t("col_never", lang), cut=True, min_width=6)
            if one_line
            else Col(t("col_never", lang), fold=True, words=True, min_width=6),
        ]
        shown = _layout(t("final_title", lang), columns, rows if keep is None else rows[:keep])
        if keep is None or keep >= len(rows):
            return shown
        return Group(shown, Hint(t("final_more_units", lang, n=len(rows) - keep), style="dim"))

    total = Text(
        t(
            "final_total",
            lang,
            done=all_done,
            total=all_total,
            pct=percent_of(all_done, all_total),
            on_time=percent_of(all_on_time, all_total),
            never=all_total - all_done,
        ),
        style="bold",
    )
    blanks = [Text(""), Text(""), Text("")]
    hint = Hint(first_steps(c, lang, demo)) if all_done == 0 else Hint(t("final_hint", lang), style="dim")
    tail: list[RenderableType] = [blanks[2], hint] if all_done == 0 else [hint]

    def screen(part: RenderableType) -> list[RenderableType]:
        return [head, blanks[0], part, blanks[1], total, *tail]

    if height is None:
        return Group(*screen(table()))

    def screens() -> Iterator[list[RenderableType]]:
        yield screen(table())
        yield from _squeezed(screen(table(one_line=True)), [*blanks[::-1], hint])
        for keep in range(min(len(rows) - 1, height), -1, -1):  # each unit takes a line at least
            yield [head, table(one_line=True, keep=keep), total]

    return FirstFit(screens, height)


class FirstFit:
    """The first of the screens `screens` makes (each a list of parts) that fits in `height` lines
    at the width Rich gives; the last one when none does."""

    def __init__(self, screens: Callable[[], Iterator[list[RenderableType]]], height: int) -> None:
        self.screens, self.height = screens, height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = _measure(console, options)
        yield _first_fit(self.screens(), self.height, lines)


def first_steps(c: Campaign, lang: Lang, demo: str | None = None) -> str:
    """What a newcomer can try on a file with nothing recorded: what each command shows, then the
    command (kept whole when the line wraps). `demo`: a demo campaign that exists from where qmonth
    was run, to suggest (none in a folder made by `init`)."""
    steps = [
        (f"qmonth status --today {_first_overdue_day(c).isoformat()}", t("try_status_day", lang)),
        ("qmonth tasks", t("try_tasks", lang)),
        (t("try_done_command", lang), t("try_done", lang)),
    ]
    if demo is not None:
        steps.append((f"qmonth status -f {demo} --today 9/20", t("try_demo", lang)))  # fits 80 columns
    colon = "：" if lang == "zh" else ": "
    return "\n".join([t("nothing_recorded_hint", lang), *(f"  {what}{colon}{command}" for command, what in steps)])


def _first_overdue_day(c: Campaign) -> dt.date:
    """A day worth looking at in the hint: the day after the first deadline."""
    return min(c.due(task) for task in c.tasks.values()) + dt.timedelta(days=1)


def percent_of(part: int, whole: int) -> int:
    return 0 if whole == 0 else (100 * part) // whole


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
        Col(t("col_liaison", lang), fold=True, max_width=22),
    ]
    rows: list[list[Cell]] = []
    for uid, items in sorted(by_unit.items(), key=lambda kv: min(i.deadline for i in kv[1])):
        first = min(items, key=lambda i: (i.deadline, i.workdays_left or 0))
        unit = c.units[uid]
        left = t("due_today_short", lang) if first.days_left == 0 else str(first.workdays_left)
        if first.long_break is not None:
            left += " " + t("long_break", lang)
        rows.append(
            [
                (lit(unit.label), ""),
                (str(len(items)), ""),
                (_due(first), ""),
                (left, "bold yellow"),
                (contact_cell(unit, lang), ""),
            ]
        )
    return _layout(t("due_soon_title", lang, count=len(rows)), columns, rows)


def due_soon_line(c: Campaign, report: Report, lang: Lang) -> RenderableType | None:
    """The due-soon list in one line, when the screen has no room for it: how many, for how many
    units, the first deadline, and where to see the list."""
    items = [i for i in report.items if i.state is State.DUE_SOON]
    if not items:
        return None
    first = min(i.deadline for i in items).isoformat()
    text = t("due_soon_folded", lang, count=len(items), units=len({i.unit for i in items}), date=first)
    return Hint(text, style="yellow")


def state_text(item: Item, lang: Lang) -> Text:
    text = Text(t("state_" + item.state.value, lang), style=STATE_STYLE[item.state])
    if item.state is State.OVERDUE:
        text.append(" " + overdue_days(item, lang))
    elif item.state is State.DONE:
        text.append(" " + _day(item.done_on))
        if item.days_overdue:
            text.append(t("late_by", lang, n=item.days_overdue))
    elif item.workdays_left is not None and item.state in (State.OPEN, State.DUE_SOON):
        left = t("due_today_short", lang) if item.days_left == 0 else t("workdays_short", lang, n=item.workdays_left)
        text.append(" " + left)
        if item.long_break is not None and item.state is State.DUE_SOON:
            text.append(" " + t("long_break", lang), style="bold yellow")
    return text


def _short_ref(ref: str) -> str:
    """Evidence in a narrow column: a file's name, or a URL's host."""
    if "://" in ref:
        return ref.split("://", 1)[1].split("/", 1)[0]
    return ref.replace("\\", "/").rsplit("/", 1)[-1]


class _Checklist:
    """The unit's checklist table, laid out for the width Rich gives it.

    A task id is what the liaison types into `qmonth done`, and an evidence file name is what they
    look for on disk: neither is ever folded. Their columns are at least as wide as the longest
    one; when the evidence column does not fit beside the others, the file names move under the
    task's id, each on its own line."""

    def __init__(self, rows: list[dict[str, Any]], lang: Lang) -> None:
        self.rows, self.lang = rows, lang

    def _table(self, width: int) -> Table:
        lang, rows = self.lang, self.rows
        head_theme, head_task = t("col_theme", lang), t("col_task_id", lang)
        head_state, head_due, head_ev = t("col_state", lang), t("col_deadline", lang), t("col_evidence", lang)
        theme_w = max([cell_len(head_theme), *(cell_len(r["theme"]) for r in rows)])
        due_w = max([cell_len(head_due), *(cell_len(r["due"]) for r in rows)])
        state_nat = min(22, max([cell_len(head_state), *(cell_len(r["state"].plain) for r in rows)]))
        state_min = min(state_nat, max([cell_len(head_state), 10]))
        ids_w = max([cell_len(head_task) if lang == "en" else 8, *(cell_len(r["id"]) for r in rows)])
        task_nat = max([ids_w, cell_len(head_task), *(cell_len(r["title"]) for r in rows)])
        ev_lines = [line for r in rows for line in r["evidence"].plain.split("\n") if line]
        ev_w = max([cell_len(head_ev), *(cell_len(x) for x in ev_lines)])
        # each column: one cell of padding and one of separator, the last one only its padding
        side = width - theme_w - due_w
        wide = side - ev_w - 9 >= state_min + ids_w
        if wide:
            rest = side - ev_w - 9
        else:
            ids_w = max([ids_w, *(cell_len(x) for x in ev_lines)])
            rest = side - 7
        state_w = state_nat if rest - state_nat >= min(task_nat, max(ids_w, 20)) else max(state_min, rest - ids_w)
        task_w = max(1, min(task_nat, rest - state_w))
        bullet = "evidence_narrow" if task_w >= 2 + max(map(cell_len, ev_lines), default=0) else "evidence"
        table = _table()
        table.add_column(head_theme, no_wrap=True, width=theme_w)
        table.add_column(head_task if wide else t("col_task_id_evidence", lang), width=task_w)
        table.add_column(head_state, overflow="fold", width=state_w)
        table.add_column(head_due, no_wrap=True, width=due_w)
        if wide:
            table.add_column(head_ev, no_wrap=True, overflow="fold", width=ev_w)
        for r in rows:
            # the cell's lines are laid out here, at the width just decided: ids and file names whole
            task = Text("\n".join(wrap(r["title"], task_w)), no_wrap=True, overflow="fold")
            task.append("\n" + r["id"], style="dim")
            if not wide and r[bullet].plain:
                task.append("\n")
                task.append_text(r[bullet])
            cells = [Text(r["theme"]), task, r["state"], Text(r["due"])]
            if wide:
                cells.append(r["evidence"])
            table.add_row(*cells)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._table(options.max_width)


def _evidence_cell(item: Item, lang: Lang, bullet: str = "") -> Text:
    ev = Text()
    for n, ref in enumerate(item.evidence):
        if n:
            ev.append("\n")
        ev.append(bullet + lit(_short_ref(ref)))
        if ref in item.evidence_missing:
            ev.append(" " + t("missing_file", lang), style="bold red")
    if item.evidence_lacking:
        if item.evidence:
            ev.append("\n")
        ev.append(lit(t("lacking_kinds", lang, kinds="、".join(item.evidence_lacking))), style="bold yellow")
    return ev


def checklist(c: Campaign, report: Report, unit_id: str, lang: Lang) -> Group:
    unit = c.units[unit_id]
    row = next(r for r in report.units if r.id == unit_id)
    head = Text(lit(t("unit_header", lang, name=unit.name, id=unit_id)), style="bold")
    head.append(f"    {row.done}/{row.total}  {row.percent}%  ")
    head.append_text(light_label(row.light, lang))
    _not_yet(head, report, lang)  # right under the header, as on the main screen
    head.append("\n" + contact_line(unit, lang, unit_id))
    rows: list[dict[str, Any]] = []
    notes: list[RenderableType] = []
    for item in (i for i in report.items if i.unit == unit_id):
        task = c.tasks[item.task]
        rows.append(
            {
                "theme": lit(c.themes[task.theme].header(task.theme)),
                "title": lit(task_title(c, item.task, lang, numbered=True)),
                "id": lit(item.task),  # the id: what done/undo/waive take
                "state": state_text(item, lang),
                "due": _due(item),
                "evidence": _evidence_cell(item, lang),
                "evidence_narrow": _evidence_cell(item, lang, bullet="- "),
            }
        )
        for label, value in ((task.title_for(lang), item.note), (task.title_for(lang), item.waived)):
            if value:
                # Wrapped, not Text: Rich would break after the bullet and leave it alone on its line
                notes.append(WrappedLine(lit(f"· {label}：{value}" if lang == "zh" else f"· {label}: {value}")))
    parts: list[RenderableType] = [head, _Checklist(rows, lang)]
    if notes:
        parts += [Text(t("col_note", lang), style="bold"), *notes]
    returned = forms_lines(c, unit_id, lang)
    if returned:
        parts += [Text(t("forms_title", lang), style="bold"), *(_txt(line) for line in returned)]
    return Group(*parts)


def unit_forms(c: Campaign, unit_id: str) -> list[str]:
    """The forms the unit is asked to return (their task applies to it), in file order."""
    return [fid for fid, f in c.forms.items() if f.task in c.tasks and c.applies(c.tasks[f.task], unit_id)]


def form_text(c: Campaign, unit_id: str, form_id: str, lang: Lang, sep: str = "；") -> list[str]:
    """A returned form as text, one line per row: "姓名：林晓燕；手机：13802715638" ([] if not returned)."""
    form = c.forms[form_id]
    colon = "：" if lang == "zh" else ": "
    lines = []
    for row in c.form_rows(unit_id, form_id):
        cells = [f"{f.label_for(lang)}{colon}{row[f.id]}" for f in form.fields if row.get(f.id)]
        lines.append(sep.join(cells) if lang == "zh" else "; ".join(cells))
    return lines


def forms_lines(c: Campaign, unit_id: str, lang: Lang) -> list[str]:
    """The checklist's "forms returned" part: each form's title, then its rows (numbered if several)."""
    out = []
    for fid in unit_forms(c, unit_id):
        form = c.forms[fid]
        rows = form_text(c, unit_id, fid, lang)
        if not rows:
            out.append(f"· {form.title_for(lang)}{t('form_not_returned', lang)}")
            continue
        out.append(f"· {form.title_for(lang)}")
        many = form.rows
        out += [f"    {n}. {row}" if many else f"    {row}" for n, row in enumerate(rows, start=1)]
    return out


def _forms_json(c: Campaign, unit_id: str) -> dict[str, Any]:
    return {
        fid: {"title": c.forms[fid].title, "task": c.forms[fid].task, "rows": c.form_rows(unit_id, fid)}
        for fid in unit_forms(c, unit_id)
    }


# ── tasks ────────────────────────────────────────────────────────────────────


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
            row = [lit(tid), _repeat_cell(c, task) if task.repeat else _deadline_cell(c, task)]
            row.append(lit(task_title(c, tid, lang, numbered=True)))
            row += [lit(_applies_to(c, task.applies_to))] if unit_id is None else []
            row.append(lit("、".join(task.evidence)))
            rows.append(row)
        title = lit(f"{theme.number}{theme.title_for(lang)}  [{th}]")
        table = _table(title)
        table.add_column(headers[0], no_wrap=True)
        table.add_column(headers[1], no_wrap=True)
        table.add_column(headers[2], ratio=3, overflow="fold")
        if unit_id is None:
            table.add_column(headers[3], ratio=2, overflow="fold")
        table.add_column(headers[-1], ratio=1, overflow="fold")
        for row in rows:
            table.add_row(Text(row[0]), Text(row[1]), *(Wrapped(cell) for cell in row[2:]))
        widths = [max(cell_len(x) for x in (header, *(r[i] for r in rows))) for i, header in enumerate(headers)]
        need = max(need, _need([(w, i >= 2) for i, w in enumerate(widths)]))
        stacked: list[Stack] = [
            (
                [(row[0], "bold"), (row[1], "")],
                [("", (row[2], "")), *((h, (v, "")) for h, v in zip(headers[3:], row[3:], strict=True))],
            )
            for row in rows
        ]
        wide += [Text(""), table]
        narrow += [Text(""), _stacked(title, stacked, lang)]
    # the explanation of `*` starts a line of its own, so the mark is never parted from it
    star = t("tasks_footer_star", lang, end=c.campaign.end.isoformat())
    footer = [Text(""), Text(t("tasks_footer", lang) + "\n" + star, style="dim")]
    return Group(head, Responsive(Group(*wide), Group(*narrow), need), *footer)


def _occurrences(c: Campaign, task: Any) -> tuple[dt.date, ...]:
    from qmonth.core.recurrence import occurrences

    return occurrences(c, task)


def _deadline_cell(c: Campaign, task: Any) -> str:
    return _day(c.due(task)) + (f" {task.due_time:%H:%M}" if task.due_time else "") + ("" if task.deadline else " *")


def _repeat_cell(c: Campaign, task: Any) -> str:
    """A recurring task's deadlines: its first and last day and how many, then the rule."""
    days = _occurrences(c, task)
    span = f"{days[0].isoformat()}…{days[-1]:%m-%d} ×{len(days)}\n" if days else ""
    return span + lit(task.repeat)


def tasks_json(c: Campaign, unit_id: str | None = None) -> str:
    return dumps(
        {
            "themes": [{"id": th, "number": theme.number, "title": theme.title} for th, theme in c.themes.items()],
            "tasks": [
                {
                    "id": tid,
                    "theme": task.theme,
                    "title": task.title,
                    "deadline": c.due(task).isoformat(),
                    "repeat": task.repeat,
                    "occurrences": [d.isoformat() for d in _occurrences(c, task)],
                    "applies_to": list(task.applies_to),
                    "units": [u for u in c.units if c.applies(task, u)],
                    "evidence": list(task.evidence),
                }
                for tid, task in c.tasks.items()
                if unit_id is None or c.applies(task, unit_id)
            ],
        }
    )


# ── machine formats ──────────────────────────────────────────────────────────


def _item_json(item: Item) -> dict[str, Any]:
    return {
        "unit": item.unit,
        "task": item.task,
        "theme": item.theme,
        "deadline": item.deadline.isoformat(),
        "state": item.state.value,
        "done_on": _day(item.done_on) or None,
        "days_overdue": item.days_overdue,
        "workdays_overdue": item.workdays_overdue,
        "due_time": f"{item.due_time:%H:%M}" if item.due_time is not None else None,
        "optional": item.optional,
        "days_left": item.days_left,
        "workdays_left": item.workdays_left,
        "long_break": {"start": item.long_break[0].isoformat(), "end": item.long_break[1].isoformat()}
        if item.long_break
        else None,
        "evidence": list(item.evidence),
        "evidence_missing": list(item.evidence_missing),
        "evidence_lacking": list(item.evidence_lacking),
        "note": item.note,
        "waived": item.waived or None,
        "occurrence": item.occurrence.isoformat() if item.occurrence else None,
    }


def _liaison_json(liaison: Liaison | None) -> dict[str, str] | None:
    if liaison is None or not liaison.known:
        return None
    return {k: v for k, v in liaison.model_dump().items() if v or k != "email"}


def status_json(c: Campaign, report: Report, chases: Chases | None = None) -> str:
    """`chases` (the 催办 log's counts): each item gains `chased: {times, last}`."""
    data: dict[str, Any] = {
        "today": report.today.isoformat(),
        "campaign": {
            "title": c.campaign.title,
            "over": report.over,
            "last_deadline": report.last_deadline.isoformat(),
            "issued": c.campaign.issued.isoformat() if c.campaign.issued else None,
            "not_yet": None if report.not_yet is None else {"event": report.not_yet[0], "date": report.not_yet[1].isoformat()},
        },
        "units": [
            {
                "id": u.id,
                "name": u.name,
                "done": u.done,
                "total": u.total,
                "percent": u.percent,
                "light": u.light.value,
                "overdue": u.overdue,
                "due_soon": u.due_soon,
                "themes": {th: {"done": d, "total": n} for th, (d, n) in u.themes.items()},
                "office": {"phone": c.units[u.id].phone, "email": c.units[u.id].email},
                "liaison": _liaison_json(c.units[u.id].liaison),
                "forms": _forms_json(c, u.id),
            }
            for u in report.units
        ],
        "items": [_item_json(i) for i in report.items],
    }
    if chases is not None:
        from qmonth.notify.log import chased

        for item, row in zip(report.items, data["items"], strict=True):
            seen = chased(chases, item.unit, item.task)
            row["chased"] = {"times": seen.times, "last": seen.last.isoformat(timespec="seconds") if seen.last else None}
    return dumps(data)


def dumps(data: object) -> str:
    """JSON with Chinese kept readable and every control character escaped (C1 and bidi included)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return escape.json_document(text)


def _matrix_rows(c: Campaign, report: Report, lang: Lang, split: bool = False) -> tuple[list[str], list[list[Any]]]:
    """The unit × theme matrix as text cells. `split`: done and total in columns of their own
    (for Excel, which would read "4/4" as the date 4 April)."""
    themes: list[str] = []
    for tid, th in c.themes.items():
        head = th.header(tid)
        themes += [f"{head} {t('csv_done', lang)}", f"{head} {t('csv_total', lang)}"] if split else [head]
    header = ["id", t("col_unit", lang), *themes, t("col_percent", lang), t("col_light", lang)]
    rows = []
    for u in report.units:
        cells: list[Any] = [u.id, u.name]
        for tid in c.themes:
            d, n = u.themes.get(tid, (0, 0))
            if split:
                cells += [d, n] if n else ["", ""]
            else:
                cells.append(f"{d}/{n}" if n else "")
        rows.append([*cells, f"{u.percent}%", t("light_" + u.light.value, lang)])
    return header, rows


def _checklist_rows(c: Campaign, report: Report, lang: Lang) -> tuple[list[str], list[list[str]]]:
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
            _due(i),
            _day(i.done_on),
            " ".join(i.evidence),
            i.note or i.waived,
            "\n".join(form_text(c, i.unit, by_task[i.task], lang)) if i.task in by_task else "",
        ]
        for i in report.items
    ]
    return header, rows


def status_csv(c: Campaign, report: Report, lang: Lang, checklist_view: bool) -> str:
    """CSV for Excel: UTF-8 with a byte-order mark, so Excel shows Chinese correctly."""
    if checklist_view:
        header, rows = _checklist_rows(c, report, lang)
    else:
        header, rows = _matrix_rows(c, report, lang, split=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(escape.csv_row(header))
    writer.writerows([escape.csv_row(row) for row in rows])
    return "\ufeff" + buf.getvalue()


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
        header, rows = _checklist_rows(c, report, lang)
        evidence = [(i.evidence) for i in report.items]
        for row, refs in zip(rows, evidence, strict=True):  # the evidence column: http(s) links only
            row[7] = _Markdown(" ".join(escape.markdown_link(ref, ref) for ref in refs))
        return _md_table(header, rows)
    out = [f"## {escape.markdown_text(c.campaign.title)}", "", f"{t('today', lang)}: {report.today.isoformat()}", ""]
    if report.over:
        out += [t("campaign_over", lang, date=report.last_deadline.isoformat()), ""]
    if report.not_yet is not None:
        out += [t("not_yet_" + report.not_yet[0], lang, date=report.not_yet[1].isoformat()), ""]
    out.append(_md_table(*_matrix_rows(c, report, lang)))
    late = report.overdue()
    out.append(f"### {t('overdue_title', lang, count=len(late))}\n")
    if late:
        header = [
            t("col_unit", lang),
            t("col_task", lang),
            t("col_deadline", lang),
            t("col_days_overdue", lang),
            t("col_workdays_overdue", lang),
            t("col_liaison", lang),
        ]
        rows = [
            [
                c.units[i.unit].label,
                task_title(c, i.task, lang),
                _due(i),
                str(i.days_overdue),
                str(i.workdays_overdue),
                liaison_text(c.units[i.unit].liaison, lang) or office_text(c.units[i.unit]) or t("no_contact_short", lang),
            ]
            for i in late
        ]
        out.append(_md_table(header, rows))
    return "\n".join(out)


# ── remind ───────────────────────────────────────────────────────────────────


_ZH_NUMERALS = "零一二三四五六七八九十"


def _count_word(n: int, lang: Lang) -> str:
    """三 for 3 in Chinese prose (up to ten), the digits otherwise."""
    return _ZH_NUMERALS[n] if lang == "zh" and 0 <= n <= 10 else str(n)


def remind_summary(groups: list[UnitReminder], window: int, lang: Lang) -> str:
    """The first line of the cron mail: how many items overdue and due soon, in how many units."""
    from qmonth.core.remind import summarize

    s = summarize(groups)
    line = t("remind_summary_overdue", lang, n=s.overdue)
    if s.overdue:
        line += t("remind_summary_units", lang, units=s.overdue_units)
    soon = t("remind_summary_soon", lang, w=_count_word(window, lang), n=s.due_soon)
    if s.due_soon:
        soon += t("remind_summary_units", lang, units=s.due_soon_units)
    return line + ("，" if lang == "zh" else "; ") + soon


def _when(item: Item, lang: Lang) -> tuple[str, str]:
    if item.state is State.OVERDUE:
        if item.days_overdue == 0 and item.due_time is not None:
            return t("overdue_since_time", lang, time=f"{item.due_time:%H:%M}"), "red"
        if item.workdays_overdue != item.days_overdue:
            return t("remind_overdue_wd", lang, n=item.days_overdue, w=item.workdays_overdue), "red"
        return t("remind_overdue", lang, n=item.days_overdue), "red"
    if item.days_left == 0:
        return t("remind_due_today", lang), "yellow"
    return t("remind_due_in", lang, n=item.days_left, w=item.workdays_left), "yellow"


def remind_text(c: Campaign, groups: list[UnitReminder], today: dt.date, lang: Lang, window: int | None = None) -> Text:
    """Plain lines (styles only add colour on a terminal; no box drawing): a summary line first,
    then the units, most urgent first."""
    from qmonth.core.dates import format_day

    out = Text()
    out.append(lit(remind_summary(groups, c.campaign.warn_days if window is None else window, lang)) + "\n", style="bold")
    out.append(lit(t("remind_title", lang, title=c.campaign.title_for(lang), date=format_day(today, lang))) + "\n")
    for group in groups:
        out.append("\n")
        out.append(lit(f"{group.name}（{group.unit}）" if lang == "zh" else f"{group.name} ({group.unit})"), style="bold")
        out.append("  " + contact_line(c.units[group.unit], lang) + "\n")
        for item in group.items:
            when, style = _when(item, lang)
            out.append(f"  - {lit(task_title(c, item.task, lang))}")
            due = format_day(item.deadline, lang) + (f" {item.due_time:%H:%M}" if item.due_time is not None else "")
            out.append(t("remind_item", lang, date=due, when=when), style=style)
            if item.long_break is not None and item.state is State.DUE_SOON:
                b = item.long_break
                out.append("  " + t("long_break_note", lang, start=format_day(b[0], lang), end=format_day(b[1], lang)))
            out.append("\n")
    who = _coordinator(c)
    if who:
        out.append("\n" + lit(t("remind_contact", lang, who=who)) + "\n")
    return out


def _coordinator(c: Campaign) -> str:
    contact = c.campaign.contact
    if contact is None or not (contact.name or contact.phone):
        return ""
    return " ".join(p for p in (contact.office, contact.name, contact.phone, contact.messaging) if p)


def remind_message(c: Campaign, group: UnitReminder, today: dt.date, lang: Lang) -> str:
    """One unit's reminder, worded to be pasted into a chat (粤政易, WeChat) as it is."""
    from qmonth.core.dates import format_day

    late = [i for i in group.items if i.state is State.OVERDUE]
    soon = [i for i in group.items if i.state is not State.OVERDUE]
    lines = [t("msg_to", lang, name=group.name)]
    if late:
        head = t("msg_overdue", lang, title=c.campaign.title_for(lang), n=len(late))
        if soon:
            head += t("msg_soon", lang, n=len(soon))
    else:
        head = t("msg_soon_only", lang, title=c.campaign.title_for(lang), n=len(soon))
    lines.append(head + ("：" if lang == "zh" else ":"))
    for n, item in enumerate(group.items, 1):
        when, _ = _when(item, lang)
        due = format_day(item.deadline, lang) + (f" {item.due_time:%H:%M}" if item.due_time is not None else "")
        lines.append(f"{n}. {task_title(c, item.task, lang)}" + t("remind_item", lang, date=due, when=when))
    lines.append(t("msg_ask", lang))
    contact = c.campaign.contact
    if contact is not None and (contact.name or contact.phone):
        who = " ".join(p for p in (contact.office, contact.name) if p)
        lines.append(t("msg_contact", lang, who=who, phone=contact.phone or contact.messaging))
    sign = " ".join(p for p in (c.campaign.issuer, contact.office if contact else "") if p)
    if sign:
        lines.append(sign)
    lines.append(format_day(today, lang))
    return "\n".join(lit(line) for line in lines) + "\n"


def remind_json(groups: list[UnitReminder], today: dt.date) -> str:
    from qmonth.core.remind import days

    return dumps(
        {
            "today": today.isoformat(),
            "reminders": [
                {
                    "unit": g.unit,
                    "task": i.task,
                    "deadline": i.deadline.isoformat(),
                    "state": i.state.value,
                    "days": days(i),
                    "workdays_left": i.workdays_left,
                    "workdays_overdue": i.workdays_overdue,
                    "due_time": f"{i.due_time:%H:%M}" if i.due_time is not None else None,
                    "liaison": _liaison_json(g.liaison),
                    "office": {"phone": g.phone, "email": g.email},
                }
                for g in groups
                for i in g.items
            ],
        }
    )


# ── the 催办 log ─────────────────────────────────────────────────────────────


def _log_rows(c: Campaign, entries: list[Entry], lang: Lang, with_unit: bool) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for e in entries:
        unit = c.units.get(e.unit)
        task = c.tasks.get(e.task) if e.task else None
        how = (
            t("by_" + e.channel, lang)
            if e.level == "manual" and e.channel in ("phone", "visit", "letter", "meeting")
            else e.channel
        )
        row: list[Cell] = [(e.at.strftime("%Y-%m-%d %H:%M"), "")]
        if with_unit:
            row.append((lit(unit.label if unit else e.unit), ""))
        row += [
            (lit(task.title if task else (e.task or t("chase_whole_unit", lang))), ""),
            (t("level_" + e.level, lang), "bold red" if e.level == "escalate" else ""),
            (lit(how), ""),
            (lit(e.note), ""),
        ]
        rows.append(row)
    return rows


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
    return _table_or_stacked(t("log_title", lang, count=len(entries)), columns, _log_rows(c, entries, lang, True), lang)


def _table_or_stacked(title: str, columns: list[Col], rows: list[list[Cell]], lang: Lang) -> RenderableType:
    """The table when the width gives its wrapping columns FLEX_MIN cells, else stacked: the
    short columns on one line, then each wrapping one (but the unit's) on its own, the first
    without its label (the task's title), the others after theirs."""
    widths = _col_widths(columns, rows)
    unit = t("col_unit", lang)
    short = [i for i, col in enumerate(columns) if not col.fold or col.header == unit or col.max_width]
    long = [i for i in range(len(columns)) if i not in short]
    stacked: list[Stack] = [
        ([row[i] for i in short], [("" if n == 0 else columns[i].header, row[i]) for n, i in enumerate(long)]) for row in rows
    ]
    return Responsive(_layout(title, columns, rows), _stacked(title, stacked, lang), _need(widths))


def chase_history(c: Campaign, entries: list[Entry], lang: Lang) -> RenderableType:
    """A unit's chases under its checklist (`status --unit`)."""
    columns = [
        Col(t("col_at", lang)),
        Col(t("col_task", lang), fold=True),
        Col(t("col_level", lang)),
        Col(t("col_channel", lang), fold=True, max_width=12),
        Col(t("col_note", lang), fold=True),
    ]
    return _table_or_stacked(t("history_title", lang), columns, _log_rows(c, entries, lang, False), lang)
