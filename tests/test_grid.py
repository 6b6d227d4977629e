"""grid.py: the lean table for thousands of rows, and `print_fitted`, which prints it without
measuring its lines again — the same output as Rich's `Console.print`, byte for byte."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console, Group
from rich.text import Text

from qmonth.outputs.grid import Col, Grid, print_fitted, text_len

NAMES = ["赤坎区住房和城乡建设局", "霞山区", "Zhanjiang Construction Quality Centre", "坡头", "x", "廉江市建设工程质量安全中心站"]


def _grid(cut: bool = False) -> Grid:
    columns = [
        Col("单位", fold=True, min_width=4, max_width=16),
        Col("项", justify="right"),
        Col("进度", justify="center"),
        Col("欠", cut=True, min_width=6) if cut else Col("欠", fold=True, words=True, min_width=6),
    ]
    rows = [
        [
            (NAMES[n % len(NAMES)], ""),
            (str(n), ""),
            (f"{n % 4}/3", "green" if n % 4 == 3 else ""),
            ("一(4) 二 三(2) 要求" * (n % 3), "bold red"),
        ]
        for n in range(40)
    ]
    return Grid(columns, rows, title="逾期事项（40 个单位）")


def _printed(renderable: object, width: int, colour: bool, fitted: bool) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
    )
    if fitted:
        print_fitted(console, renderable)
    else:
        console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("width", [1, 5, 12, 24, 33, 60, 120])
@pytest.mark.parametrize("cut", [False, True])
def test_print_fitted_prints_what_console_print_does(width: int, colour: bool, cut: bool) -> None:
    # A grid among other renderables, at widths where it fits, folds, and cannot fit at all (then
    # its lines are cropped as Rich crops them); a Text line wider than the width is wrapped.
    screen = Group(Text("2024年住房城乡建设系统“质量月”活动 " * 3, style="bold"), _grid(cut), Text(""), Text("完"))
    assert _printed(screen, width, colour, fitted=True) == _printed(screen, width, colour, fitted=False)


def test_a_grid_wider_than_the_screen_is_cropped_not_overflowing() -> None:
    # nothing can shrink: the unit column is not folded and the names are long
    grid = Grid([Col("单位"), Col("项", justify="right")], [[(name, ""), ("1", "")] for name in NAMES * 60])
    out = _printed(grid, 10, colour=False, fitted=True)
    assert all(cell_len(line) <= 10 for line in out.split("\n"))
    assert out == _printed(grid, 10, colour=False, fitted=False)


@pytest.mark.parametrize("text", ["", "1/3", "66%", "● 绿", "赤坎区", "a\tb", "\x1b[31m", "é", "Ａ", "…", "👍🏽"])
def test_text_len_is_cell_len(text: str) -> None:
    assert text_len(text, {}) == cell_len(text)


@pytest.mark.parametrize("width", [60, 120])  # (squeezed narrower, Grid shares the width out its own way)
def test_the_grid_printed_fitted_reads_as_rich_table_does(width: int) -> None:
    from qmonth.outputs import layout

    grid = _grid()
    as_grid = [line.rstrip() for line in _printed(grid, width, colour=False, fitted=True).split("\n")]
    as_table = layout.layout(grid.title or "", grid.columns, grid.rows)  # 40 rows: Rich's Table
    assert not isinstance(as_table, Grid)
    assert as_grid == [line.rstrip() for line in _printed(as_table, width, colour=False, fitted=False).split("\n")]
