"""Rows laid out as a table: Rich's Table for a screenful, grid.Grid for thousands of rows, and
stacked (a row's short fields on a line, each long one under them) on a terminal too narrow for
the columns; `Responsive` picks between two layouts by the width Rich gives. Never prints."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from qmonth.i18n import Lang, t
from qmonth.outputs.grid import Cell, Col, Grid, text_len
from qmonth.outputs.wrap import Wrapped


def plain_table(title: str | None = None) -> Table:
    """Compact tables: no outer edge, two spaces between columns, so 80 columns go far."""
    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0), title_justify="left")


# Above this many rows a table is laid out by grid.Grid: Rich's Table costs ~1 ms a row, and a
# national campaign (3,000 units) would take seconds to draw.
BIG_TABLE = 300


def layout(title: str, columns: list[Col], rows: list[list[Cell]]) -> RenderableType:
    """Rich's Table for a screenful, grid.Grid for thousands of rows; the same columns either way."""
    if len(rows) > BIG_TABLE:
        return Grid(columns, rows, title)
    table = plain_table(title)
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


class Responsive:
    """`wide` when the width allows it (at least `need` cells), else `narrow`: decided by Rich at layout."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, need: int) -> None:
        self.wide, self.narrow, self.need = wide, narrow, need

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.need else self.narrow


# A wrapping column narrower than this shows a few characters a line: below the width that gives
# each one at least this much, a table is shown stacked instead (see `stacked_table`).
FLEX_MIN = 12


def need_width(widths: list[tuple[int, bool]]) -> int:
    """The width a compact table needs: each column's natural width, a wrapping one (`True`)
    down to FLEX_MIN; one cell of padding and one of separator after each (the last has none)."""
    return sum(min(w, FLEX_MIN) if wraps else w for w, wraps in widths) + 2 * len(widths) - 1


def col_widths(columns: list[Col], rows: list[list[Cell]]) -> list[tuple[int, bool]]:
    """(natural width, wraps) of each column: its header and cells, up to its max_width."""
    out = []
    measured: dict[str, int] = {}
    for i, col in enumerate(columns):
        natural = max([cell_len(col.header), *(text_len(r[i][0], measured) for r in rows)])
        out.append((min(natural, col.max_width) if col.max_width else natural, col.fold))
    return out


Stack = tuple[list[Cell], list[tuple[str, Cell]]]  # a row stacked: its short fields, then (label, long field)s


def stacked_table(title: str | None, rows: list[Stack], lang: Lang) -> Group:
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


def table_or_stacked(title: str, columns: list[Col], rows: list[list[Cell]], lang: Lang) -> RenderableType:
    """The table when the width gives its wrapping columns FLEX_MIN cells, else stacked: the
    short columns on one line, then each wrapping one (but the unit's) on its own, the first
    without its label (the task's title), the others after theirs."""
    widths = col_widths(columns, rows)
    unit = t("col_unit", lang)
    short = [i for i, col in enumerate(columns) if not col.fold or col.header == unit or col.max_width]
    long = [i for i in range(len(columns)) if i not in short]
    stacked: list[Stack] = [
        ([row[i] for i in short], [("" if n == 0 else columns[i].header, row[i]) for n, i in enumerate(long)]) for row in rows
    ]
    return Responsive(layout(title, columns, rows), stacked_table(title, stacked, lang), need_width(widths))
