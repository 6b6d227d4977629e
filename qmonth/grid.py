"""A lean table renderable for thousands of rows, where Rich's Table layout costs ~1 ms a row.

Same look as the compact Rich tables (header, a rule, two spaces between columns), but each cell
is one single-styled Text and widths are computed once. Used by render.py above a row count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style


@dataclass(frozen=True)
class Col:
    header: str
    justify: str = "left"  # left | right | center
    max_width: int | None = None
    min_width: int = 1
    fold: bool = False  # may wrap onto several lines when space is short
    words: bool = False  # when folded, short words stay whole (`一(4) 二 三(2)`: see wrap.wrap)
    cut: bool = False  # gives way when space is short, its cells on one line, cut with … (a screen with no room)


Cell = tuple[str, str]  # (text, style name)


def _fold(text: str, width: int, words: bool = False) -> list[str]:
    if cell_len(text) <= width:
        return [text]
    from qmonth.wrap import wrap

    return wrap(text, width, words)  # no line starts with ，、）


def _cut(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        if used + cell_len(ch) > width - 1:
            break
        out += ch
        used += cell_len(ch)
    return out + " " * (width - 1 - used) + "…"  # as Rich does: a wide character that does not fit leaves a space


def _pad(text: str, used: int, width: int, justify: str) -> str:
    gap = max(0, width - used)
    if justify == "right":
        return " " * gap + text
    if justify == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


class Grid:
    def __init__(self, columns: list[Col], rows: list[list[Cell]], title: str | None = None) -> None:
        self.columns = columns
        self.rows = rows
        self.title = title
        self._len: dict[str, int] = {}

    def _cell_len(self, text: str) -> int:
        n = self._len.get(text)
        if n is None:
            n = self._len[text] = cell_len(text)
        return n

    def widths(self, available: int) -> list[int]:
        widths = []
        for i, col in enumerate(self.columns):
            natural = max([self._cell_len(col.header), *(self._cell_len(r[i][0]) for r in self.rows)])
            widths.append(min(natural, col.max_width) if col.max_width else natural)
        gaps = 2 * (len(widths) - 1)
        while sum(widths) + gaps + 1 > available:  # and the trailing cell of padding, as Rich lays it out
            shrinkable = [i for i, c in enumerate(self.columns) if (c.fold or c.cut) and widths[i] > max(c.min_width, 1)]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        widths = self.widths(options.max_width)
        styles: dict[str, Style] = {"": Style()}
        if console.no_color or console.color_system is None:
            # no colour (a pipe, cron, NO_COLOR): every style is the plain one, so each line goes
            # out as one segment — thousands of rows cost a tenth of the time
            styles = _Plain(styles[""])
        else:
            for row in self.rows:
                for _, name in row:
                    if name not in styles:
                        styles[name] = console.get_style(name)
            styles.setdefault("bold", console.get_style("bold"))
        if self.title:
            yield Segment(self.title)
            yield Segment.line()
        yield from self._row([(c.header, "bold") for c in self.columns], widths, styles, bottom=True)
        yield Segment("─" * (sum(widths) + 2 * (len(widths) - 1) + 1))  # as wide as Rich's rule
        yield Segment.line()
        for row in self.rows:
            yield from self._row(row, widths, styles)

    def _row(self, cells: list[Cell], widths: list[int], styles: dict[str, Style], bottom: bool = False) -> Iterator[Segment]:
        """One row; a cell folded over several lines makes the others pad below (`bottom`: above,
        as Rich aligns a header row)."""
        last = len(widths) - 1
        if any(c.cut for c in self.columns):
            cells = [
                (_cut(text, w), st) if col.cut else (text, st)
                for (text, st), w, col in zip(cells, widths, self.columns, strict=True)
            ]
        if all(self._cell_len(text) <= w or not col.fold for (text, _), w, col in zip(cells, widths, self.columns, strict=True)):
            # One line; neighbouring cells of the same style go out as one segment.
            plain = isinstance(styles, _Plain)
            buf, current = "", "" if plain else cells[0][1]
            for i, ((text, name), w, col) in enumerate(zip(cells, widths, self.columns, strict=True)):
                if name != current and not plain:
                    yield Segment(buf, styles[current])
                    buf, current = "", name
                buf += _pad(text, self._cell_len(text), w, col.justify) + ("  " if i < last else "")
            yield Segment(buf, styles[current])
            yield Segment.line()
            return
        parts = [
            _fold(text, w, col.words) if col.fold else [text]
            for (text, _), w, col in zip(cells, widths, self.columns, strict=True)
        ]
        if bottom:
            height = max(len(p) for p in parts)
            parts = [[""] * (height - len(p)) + p for p in parts]
        for n in range(max(len(p) for p in parts)):
            for i, ((_, name), w, col) in enumerate(zip(cells, widths, self.columns, strict=True)):
                chunk = parts[i][n] if n < len(parts[i]) else ""
                yield Segment(_pad(chunk, cell_len(chunk), w, col.justify), styles[name])
                if i < last:
                    yield Segment("  ")
            yield Segment.line()


class _Plain(dict[str, Style]):
    """Every style name maps to the one plain style (output without colour)."""

    def __init__(self, plain: Style) -> None:
        super().__init__()
        self.plain = plain

    def __missing__(self, key: str) -> Style:
        return self.plain
