"""Thousands of units: the compact overdue list drawn by grid.Grid reads as Rich's Table does, and
the screen decides "compact" without laying out a matrix longer than any screen."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console, Group

from qmonth.core import store
from qmonth.core.schedule import calendar_for, compute
from qmonth.outputs import layout, screen, status_tables
from qmonth.outputs.grid import Grid

from .conftest import DEMO


def _text(renderable: object, width: int = 100) -> list[str]:
    console = Console(file=io.StringIO(), width=width, highlight=False, emoji=False, markup=False)
    console.print(renderable)
    return [line.rstrip() for line in console.file.getvalue().split("\n")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [100, 80])
def test_the_compact_overdue_list_is_the_same_from_grid_and_from_rich(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    c = store.load(DEMO).campaign
    report = compute(c, dt.date(2024, 10, 8), calendar_for(c))
    rich_text = _text(status_tables.overdue_by_unit(c, report, "zh"), width)
    monkeypatch.setattr(layout, "BIG_TABLE", 0)
    grid_text = _text(status_tables.overdue_by_unit(c, report, "zh"), width)
    assert grid_text == rich_text


def test_a_screen_with_a_huge_matrix_goes_compact_without_drawing_it_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    c = store.load(DEMO).campaign
    report = compute(c, dt.date(2024, 10, 8), calendar_for(c))
    monkeypatch.setattr(layout, "BIG_TABLE", 0)  # every table a Grid, as at 3,000 units
    calls: list[object] = []
    real = Console.render_lines

    def counting(self: Console, *args: object, **kwargs: object) -> object:
        calls.append(args[0])
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Console, "render_lines", counting)
    lines = _text(screen.status_screen(c, report, "zh", show_all=False, height=10))
    assert any("逾期事项（" in line and "个单位）" in line for line in lines)  # the compact list
    assert len(lines) <= 10 + 1 and lines[1] == "红 14 · 黄 0 · 绿 0"  # it fits, the light counts on top
    # what is longer than the screen is ruled out from its row count: only parts that may fit are laid out
    laid_out = [part for part in calls if isinstance(part, Grid)] + [
        grid for part in calls if isinstance(part, Group) for grid in part.renderables if isinstance(grid, Grid)
    ]
    assert all(len(grid.rows) <= 10 for grid in laid_out), [len(grid.rows) for grid in laid_out]


@pytest.mark.parametrize("width", [100, 60])
def test_the_one_line_overdue_list_is_the_same_from_grid_and_from_rich(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    c = store.load(DEMO).campaign
    report = compute(c, dt.date(2024, 10, 8), calendar_for(c))
    rich_text = _text(status_tables.overdue_by_unit(c, report, "zh", one_line=True), width)
    assert all(" 天 " in line for line in rich_text[3:17]) and " 天 " not in rich_text[17]  # a line a unit
    monkeypatch.setattr(layout, "BIG_TABLE", 0)
    grid_text = _text(status_tables.overdue_by_unit(c, report, "zh", one_line=True), width)
    assert grid_text == rich_text
