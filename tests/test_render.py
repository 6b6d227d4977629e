"""Rendering: colours as a mapping, literal data, the big-table layout, machine formats."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rich.cells import cell_len

from qmonth import render
from qmonth.calendar import WorkCalendar
from qmonth.schedule import Light, compute
from qmonth.store import load
from tests.conftest import DEMO, Run


def test_lights_map_to_styles() -> None:
    assert render.LIGHT_STYLE == {Light.RED: "bold red", Light.YELLOW: "bold yellow", Light.GREEN: "green"}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[red]x[/red]", "[red]x[/red]"),
        ("a\x1b[2Jb", "a\\u001b[2Jb"),
        ("tab\there", "tab\\u0009here"),
        ("\u202eevil", "\\u202eevil"),  # right-to-left override
        ("\x9bcsi", "\\u009bcsi"),
        ("普通文字", "普通文字"),
    ],
)
def test_lit_shows_data_literally(raw: str, shown: str) -> None:
    assert render.lit(raw) == shown


def test_json_escapes_c1_controls_and_stays_valid() -> None:
    text = render.dumps({"name": "a\x9bb\x1bc"})
    assert "\x9b" not in text and "\x1b" not in text
    assert json.loads(text) == {"name": "a\x9bb\x1bc"}


def test_markdown_cells_escape_pipes() -> None:
    assert render._md_table(["a|b"], [["x|y"]]) == "| a\\|b |\n|---|\n| x\\|y |\n"


def test_the_big_table_layout_matches_the_rich_table(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("status", "-f", DEMO, "--today", "2024-09-20")
    rich_lines = [line.rstrip() for line in run(*args).stdout.splitlines()]
    monkeypatch.setattr(render, "BIG_TABLE", 0)
    grid_lines = [line.rstrip() for line in run(*args).stdout.splitlines()]
    assert grid_lines == rich_lines


def test_the_big_table_layout_folds_long_cells_within_the_width(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "BIG_TABLE", 0)
    monkeypatch.setenv("COLUMNS", "50")
    out = run("status", "-f", DEMO, "--today", "2024-10-12", "--all").stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 50
    assert "逾期事项（" in out
    # a long task title (报送…视频、照片等佐证材料) folded over several lines, however wide the columns
    assert any(line.strip().startswith("佐证材") or line.strip().startswith("片等佐") for line in out.splitlines())


def test_unit_checklist_renders_without_a_console_read() -> None:
    c = load(DEMO).campaign
    report = compute(c, dt.date(2024, 9, 20), WorkCalendar(c.calendar.holidays, c.calendar.workdays), units=["xiashan"])
    group = render.checklist(c, report, "xiashan", "en")
    assert group.renderables  # a renderable, not printed output


# ── F2: in a unit's checklist, ids and evidence file names are never folded ──


@pytest.mark.parametrize("columns", ["60", "100"])
@pytest.mark.parametrize("unit", ["leizhou", "chikan", "xiashan"])
def test_checklist_keeps_ids_and_file_names_whole(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str, unit: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = run("status", "-f", DEMO, "--today", "2024-09-20", "--unit", unit)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert all(cell_len(line) <= int(columns) for line in result.stdout.splitlines())
    words = {w for line in lines for w in line.replace("- ", " ").split()}
    c = load(DEMO).campaign
    report = compute(c, dt.date(2024, 9, 20), WorkCalendar(c.calendar.holidays, c.calendar.workdays), units=[unit])
    items = report.items
    assert items
    for item in items:
        assert item.task in words, f"task id {item.task} split at COLUMNS={columns}"
        for ref in item.evidence:
            name = ref.replace("\\", "/").rsplit("/", 1)[-1] if "://" not in ref else ref.split("://", 1)[1].split("/", 1)[0]
            assert name in words, f"evidence {name} split at COLUMNS={columns}"
    # a note's bullet stays on the note's line
    assert "·" not in lines
    notes = [line for line in lines if line.startswith("·")]
    assert all(len(line) > 2 for line in notes)
    if unit == "chikan":
        assert len(notes) == 2
