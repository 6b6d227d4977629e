"""Rendering (qmonth/outputs/): colours as a mapping, literal data, the big-table layout, machine formats."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rich.cells import cell_len

from qmonth.core.calendar import WorkCalendar
from qmonth.core.schedule import Light, compute
from qmonth.core.store import load
from qmonth.outputs import layout
from qmonth.outputs.checklist import checklist
from qmonth.outputs.json import dumps
from qmonth.outputs.markdown import _md_table
from qmonth.outputs.text import LIGHT_STYLE, lit
from tests.conftest import DEMO, Run


def test_lights_map_to_styles() -> None:
    assert LIGHT_STYLE == {Light.RED: "bold red", Light.YELLOW: "bold yellow", Light.GREEN: "green"}


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
    assert lit(raw) == shown


def test_json_escapes_c1_controls_and_stays_valid() -> None:
    text = dumps({"name": "a\x9bb\x1bc"})
    assert "\x9b" not in text and "\x1b" not in text
    assert json.loads(text) == {"name": "a\x9bb\x1bc"}


def test_markdown_cells_escape_pipes() -> None:
    assert _md_table(["a|b"], [["x|y"]]) == "| a\\|b |\n|---|\n| x\\|y |\n"


def test_the_big_table_layout_matches_the_rich_table(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("status", "-f", DEMO, "--today", "2024-09-20")
    rich_lines = [line.rstrip() for line in run(*args).stdout.splitlines()]
    monkeypatch.setattr(layout, "BIG_TABLE", 0)
    grid_lines = [line.rstrip() for line in run(*args).stdout.splitlines()]
    assert grid_lines == rich_lines


def test_the_big_table_layout_folds_long_cells_within_the_width(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "BIG_TABLE", 0)
    monkeypatch.setenv("COLUMNS", "50")
    out = run("status", "-f", DEMO, "--today", "2024-10-12", "--all").stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 50
    assert "逾期事项（" in out
    # a long task title (报送…视频、照片等佐证材料) folded over several lines, however wide the columns
    assert any(line.strip().startswith("佐证材") or line.strip().startswith("片等佐") for line in out.splitlines())


def test_unit_checklist_renders_without_a_console_read() -> None:
    c = load(DEMO).campaign
    report = compute(c, dt.date(2024, 9, 20), WorkCalendar(c.calendar.holidays, c.calendar.workdays), units=["xiashan"])
    group = checklist(c, report, "xiashan", "en")
    assert group.renderables  # a renderable, not printed output


# ── F2: in a unit's checklist, ids and evidence file names are never folded ──


@pytest.mark.parametrize("columns", ["60", "100"])
@pytest.mark.parametrize("unit", ["leizhou", "chikan", "xiashan"])
def test_checklist_keeps_ids_and_file_names_whole(run: Run, monkeypatch: pytest.MonkeyPatch, columns: str, unit: str) -> None:
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


def _task_blocks(out: str, ids: list[str]) -> dict[str, list[str]]:
    """`tasks` stacked: per task, its line (id and deadline) and the indented lines under it."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in out.splitlines():
        first = line.split()[0] if line.strip() else ""
        if not line.startswith(" ") and first in ids:
            current = blocks[first] = [line.rstrip()]
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())
        else:
            current = None
    return blocks


@pytest.mark.parametrize(
    ("lang", "applies", "evidence"), [("zh", "适用于：", "佐证材料："), ("en", "Applies to: ", "Evidence: ")]
)
def test_tasks_on_a_narrow_terminal_are_stacked_with_titles_a_line_wide(
    run: Run, monkeypatch: pytest.MonkeyPatch, lang: str, applies: str, evidence: str
) -> None:
    """At 60 columns a title column would get 2–3 characters a line: each task is stacked instead —
    its id and deadline, then its title, whom it applies to and the evidence, wrapped at the width."""
    tasks = json.loads(run("tasks", "-f", DEMO, "--format", "json").stdout)["tasks"]
    monkeypatch.setenv("COLUMNS", "60")
    out = run("tasks", "-f", DEMO, "--lang", lang).stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 60
    assert "─" not in out  # no table: no column headers split over lines
    blocks = _task_blocks(out, [task["id"] for task in tasks])
    assert list(blocks) == [task["id"] for task in tasks]  # every task, in order
    for task in tasks:
        head, *body = blocks[task["id"]]
        assert head.split()[1] == (task["deadline"] or task["occurrences"][0])
        labelled = [i for i, line in enumerate(body) if line.startswith((applies, evidence))]
        title = body[: labelled[0]]
        assert "".join(title) == task["title"] or " ".join(title) == task["title"]
        assert cell_len(title[0]) >= min(cell_len(task["title"]), 50)  # the width is used: no 2–3 characters a line
        assert body[labelled[-1]] == evidence + "、".join(task["evidence"])
    media = blocks["publicity-media"]
    assert media[:2] == ["publicity-media  2024-09-30 *", "以专栏、专版、专访、专题片等方式展示质量创新和质量提升成果"]


@pytest.mark.parametrize("columns", ["80", "100"])
def test_tasks_keep_their_table_where_the_columns_fit(run: Run, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = run("tasks", "-f", DEMO).stdout
    assert out.count("编号") == 10 and "适用于：" not in out  # one table per theme
    assert any(line.startswith("publicity-media      2024-09-30 *  以专栏") for line in out.splitlines())


@pytest.mark.parametrize(
    ("lang", "star"),
    [
        ("zh", "* 表示通知未写截止日期，按活动结束日 2024-09-30 计。"),
        ("en", "* no deadline in the notice: due at the campaign's end,"),
    ],
)
def test_the_tasks_footnote_keeps_its_star_with_what_it_means(
    run: Run, monkeypatch: pytest.MonkeyPatch, lang: str, star: str
) -> None:
    for columns in ("60", "80", "100"):
        monkeypatch.setenv("COLUMNS", columns)
        lines = run("tasks", "-f", DEMO, "--lang", lang).stdout.splitlines()
        assert any(line.startswith(star) for line in lines[-3:]), (columns, lines[-3:])  # a line begins with `* …`
