"""A lean table renderable for thousands of rows, where Rich's Table layout costs ~1 ms a row.

Same look as the compact Rich tables (header, a rule, two spaces between columns), but each cell
is one single-styled Text and widths are computed once. Used by layout.py above a row count.
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
HEADING_BASE = 0xE000  # a heading row's first cell is one private-use character: this plus its index
HEADING_LAST = 0xF8FF


def heading_mark(n: int) -> str:
    """The first cell of a row that stands for heading `n` (one cell wide: it never folds)."""
    return chr(HEADING_BASE + n)


def heading_index(text: str) -> int | None:
    """The heading a row's first cell (or a drawn line) stands for, else None."""
    if text and HEADING_BASE <= ord(text[0]) <= HEADING_LAST:
        return ord(text[0]) - HEADING_BASE
    return None


def _fold(text: str, width: int, words: bool = False) -> list[str]:
    if cell_len(text) <= width:
        return [text]
    from qmonth.outputs.wrap import wrap

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


def text_len(text: str, memo: dict[str, int]) -> int:
    """cell_len(text), remembered in `memo`; printable ASCII is one cell a character."""
    n = memo.get(text)
    if n is None:
        n = memo[text] = len(text) if text.isascii() and text.isprintable() else cell_len(text)
    return n


class Fitted(Segment):
    """A segment of a line Grid drew, which fits the width by construction: `print_fitted` does
    not measure such lines again to crop them."""

    __slots__ = ()


class Grid:
    def __init__(self, columns: list[Col], rows: list[list[Cell]], title: str | None = None) -> None:
        self.columns = columns
        self.rows = rows
        self.title = title
        # a row whose first cell is a heading_mark is drawn as that heading, one line across the
        # table (status_tables: the kinds' headings)
        self.headings: list[str] = []
        self._len: dict[str, int] = {}
        self._lens: list[list[int]] | None = None  # each cell's width, measured once

    def _cell_len(self, text: str) -> int:
        return text_len(text, self._len)

    def _measured(self) -> list[list[int]]:
        if self._lens is None:
            memo = self._len
            self._lens = [[text_len(text, memo) for text, _ in row] for row in self.rows]
        return self._lens

    def widths(self, available: int) -> list[int]:
        lens = self._measured()
        widths = []
        for i, col in enumerate(self.columns):
            natural = max([self._cell_len(col.header), *(r[i] for r in lens)])
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
        # Every line is as wide as the rule; when that fits, the lines are Fitted (not measured again).
        fits = sum(widths) + 2 * (len(widths) - 1) + 1 <= options.max_width
        seg = Fitted if fits else Segment
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
        yield from self._row([(c.header, "bold") for c in self.columns], None, widths, styles, seg, bottom=True)
        yield seg("─" * (sum(widths) + 2 * (len(widths) - 1) + 1))  # as wide as Rich's rule
        yield Segment.line()
        if isinstance(styles, _Plain) and fits:
            # one segment for all the one-line rows in a run: the lines joined, each ending with "\n"
            run: list[str] = []
            for row, lens in zip(self.rows, self._measured(), strict=True):
                if self.headings and self._is_heading(row):
                    run.append(self._heading(row, options.max_width))
                    continue
                line = self._line(row, lens, widths)
                if line is not None:
                    run.append(line)
                    continue
                if run:
                    yield seg("\n".join(run) + "\n", styles[""])
                    run = []
                yield from self._row(row, lens, widths, styles, seg)
            if run:
                yield seg("\n".join(run) + "\n", styles[""])
            return
        for row, lens in zip(self.rows, self._measured(), strict=True):
            if self.headings and self._is_heading(row):
                yield Segment(self._heading(row, options.max_width), styles["bold"])
                yield Segment.line()
                continue
            yield from self._row(row, lens, widths, styles, seg)

    def _is_heading(self, row: list[Cell]) -> bool:
        n = heading_index(row[0][0])
        return n is not None and n < len(self.headings) and len(row[0][0]) == 1 and not any(text for text, _ in row[1:])

    def _heading(self, row: list[Cell], width: int) -> str:
        """A heading row's heading, cut to the width."""
        text = self.headings[heading_index(row[0][0]) or 0]
        return text if cell_len(text) <= width else _cut(text, width).rstrip()

    def _line(self, cells: list[Cell], lens: list[int], widths: list[int]) -> str | None:
        """A row that fits on one line, without colour, as text; None when a cell must fold or be cut."""
        parts = []
        for (text, _), n, w, col in zip(cells, lens, widths, self.columns, strict=True):
            if n >= w:
                if n > w:  # to be folded or cut, or wider than the line (then not Fitted)
                    return None
                parts.append(text)
                continue
            gap = w - n
            if col.justify == "right":
                parts.append(" " * gap + text)
            elif col.justify == "center":
                parts.append(" " * (gap // 2) + text + " " * (gap - gap // 2))
            else:
                parts.append(text + " " * gap)
        return "  ".join(parts)

    def _row(
        self,
        cells: list[Cell],
        lens: list[int] | None,
        widths: list[int],
        styles: dict[str, Style],
        seg: type[Segment] = Segment,
        bottom: bool = False,
    ) -> Iterator[Segment]:
        """One row; a cell folded over several lines makes the others pad below (`bottom`: above,
        as Rich aligns a header row)."""
        last = len(widths) - 1
        if any(c.cut for c in self.columns):
            cells = [
                (_cut(text, w), st) if col.cut else (text, st)
                for (text, st), w, col in zip(cells, widths, self.columns, strict=True)
            ]
            lens = None
        if lens is None:
            lens = [self._cell_len(text) for text, _ in cells]
        if all(n <= w or not col.fold for n, w, col in zip(lens, widths, self.columns, strict=True)):
            # One line; neighbouring cells of the same style go out as one segment.
            if any(n > w for n, w in zip(lens, widths, strict=True)):
                seg = Segment  # a cell wider than its column: the line may not fit
            plain = isinstance(styles, _Plain)
            buf, current = "", "" if plain else cells[0][1]
            for i, ((text, name), n, w, col) in enumerate(zip(cells, lens, widths, self.columns, strict=True)):
                if name != current and not plain:
                    yield seg(buf, styles[current])
                    buf, current = "", name
                buf += _pad(text, n, w, col.justify) + ("  " if i < last else "")
            yield seg(buf, styles[current])
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
            chunks = [parts[i][n] if n < len(parts[i]) else "" for i in range(len(widths))]
            sizes = [cell_len(chunk) for chunk in chunks]
            line_seg = seg if all(m <= w for m, w in zip(sizes, widths, strict=True)) else Segment
            for i, ((_, name), w, col) in enumerate(zip(cells, widths, self.columns, strict=True)):
                yield line_seg(_pad(chunks[i], sizes[i], w, col.justify), styles[name])
                if i < last:
                    yield line_seg("  ")
            yield Segment.line()


class _Plain(dict[str, Style]):
    """Every style name maps to the one plain style (output without colour)."""

    def __init__(self, plain: Style) -> None:
        super().__init__()
        self.plain = plain

    def __missing__(self, key: str) -> Style:
        return self.plain


def print_fitted(console: Console, renderable: object) -> None:
    """`console.print(renderable)`, the same output, but lines a Grid drew (Fitted: they fit the
    width by construction) are not measured again to be cropped, which at 3,000 units cost as much
    as drawing them. Every other line is cropped to the width as Rich does."""
    from rich.segment import Segments

    width = console.width
    out: list[Segment] = []
    line: list[Segment] = []
    newline = Segment.line()

    def end_line() -> None:
        if all(type(s) is Fitted for s in line):
            out.extend(line)
        else:
            out.extend(Segment.adjust_line_length(line, width, pad=False))
        out.append(newline)
        line.clear()

    options = console.options.update(justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None)
    for segment in console.render(renderable, options):  # type: ignore[arg-type]
        text = segment.text
        if "\n" not in text or segment.control:
            line.append(segment)
        elif type(segment) is Fitted and not line and text.endswith("\n"):
            out.append(segment)  # whole lines, each of which fits
        else:
            style = segment.style
            while text:
                part, new_line, text = text.partition("\n")
                if part:
                    line.append(Segment(part, style))
                if new_line:
                    end_line()
    if line:
        out.extend(Segment.adjust_line_length(line, width, pad=False))
    console.print(Segments(out), crop=False)
