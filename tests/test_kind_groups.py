"""The status matrix grouped by kind (outputs/status_tables.py): the kinds of several units each under
a heading line, in the order of [kinds]; the kinds of one unit together under 其他; the headings go
first when a terminal is short; the grid (thousands of units) draws them as Rich's table does."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from rich.console import Console

from qmonth.core import store
from qmonth.core.schedule import calendar_for, compute
from qmonth.outputs import layout, status_tables
from tests.conftest import DEMO, Run
from tests.test_screen import a_terminal, screen, section

COUNTIES = ["赤坎区", "霞山区", "坡头区", "麻章区", "遂溪县", "徐闻县", "廉江市", "雷州市", "吴川市", "经开区", "奋勇高新区"]


def matrix(out: str, lang: str = "zh") -> list[str]:
    lines = section(out, "各单位进度" if lang == "zh" else "Progress by unit")
    return [line.split()[0] for line in lines[3:] if "●" in line or line.startswith("【") or line.endswith(":")]


@pytest.mark.parametrize("columns", ["80", "120", "60"])
def test_units_under_their_kind(run: Run, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = run("status", "-f", DEMO, "--today", "2024-09-20").stdout
    first = matrix(out)
    assert first[0] == "【县（市、区）住建部门】" and first[1:12] == COUNTIES
    assert first[12:] == ["【其他】", "市质量中心", "行业协会", "参建企业", *first[16:]]
    assert max(len(line) for line in out.splitlines()) <= int(columns)


def test_english_headings(run: Run) -> None:
    rows = matrix(run("status", "-f", DEMO, "--today", "2024-09-20", "--lang", "en").stdout, "en")
    assert rows[0] == "县（市、区）住建部门:" and rows[12] == "Others:"


def small(path: Path, kinds: dict[str, str], units: list[tuple[str, str]]) -> Path:
    text = '[campaign]\ntitle = "t"\nstart = 2024-09-01\nend = 2024-09-30\n[kinds]\n'
    text += "".join(f'{k} = "{v}"\n' for k, v in kinds.items())
    targets = ", ".join(f'"{k}"' for k in kinds)
    text += f'[themes.a]\ntitle = "A"\n[tasks.x]\ntheme = "a"\ntitle = "X"\napplies_to = [{targets}]\n'
    text += "".join(f'[units.{uid}]\nname = "{uid.upper()}"\nkind = "{kind}"\n' for uid, kind in units)
    path.write_text(text, encoding="utf-8")
    return path


def test_kinds_order_not_the_files(run: Run, tmp_path: Path) -> None:
    path = small(
        tmp_path / "campaign.toml",
        {"town": "镇（街道）", "county": "县区", "centre": "中心"},
        [("c1", "county"), ("t1", "town"), ("c2", "county"), ("x1", "centre"), ("t2", "town")],
    )
    rows = matrix(run("status", "-f", path, "--today", "2024-09-20").stdout)
    assert rows == ["【镇（街道）】", "T1", "T2", "【县区】", "C1", "C2", "【其他】", "X1"]


def test_one_kind_has_no_heading(run: Run, tmp_path: Path) -> None:
    path = small(tmp_path / "campaign.toml", {"county": "县"}, [("u1", "county"), ("u2", "county")])
    assert matrix(run("status", "-f", path, "--today", "2024-09-20").stdout) == ["U1", "U2"]
    # every kind of one unit: nothing to group
    path = small(tmp_path / "campaign.toml", {"county": "县", "centre": "中心"}, [("u1", "county"), ("x1", "centre")])
    assert matrix(run("status", "-f", path, "--today", "2024-09-20").stdout) == ["U1", "X1"]


def test_a_short_terminal_drops_the_headings_before_any_unit(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    a_terminal(monkeypatch, 45)  # room for the 14 units, not for their headings as well
    out = screen(run("status", "-f", DEMO, "--today", "2024-10-08"))
    assert len(out.splitlines()) < 45
    assert matrix(out)[:14] == [*COUNTIES, "市质量中心", "行业协会", "参建企业"]


def test_markdown_names_the_kind(run: Run) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "markdown").stdout
    assert "| id | 单位 | 类别 | 一 |" in out
    assert "| associations | 各相关行业协会 | 行业协会 | 1/1 |" in out


def _text(renderable: object, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, highlight=False, emoji=False, markup=False)
    console.print(renderable)
    return [line.rstrip() for line in console.file.getvalue().split("\n")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [120, 80, 40])
def test_the_grid_draws_the_headings_as_rich_does(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    c = store.load(DEMO).campaign
    report = compute(c, dt.date(2024, 9, 20), calendar_for(c))
    rich_text = _text(status_tables.status_matrix(c, report, "zh"), width)
    monkeypatch.setattr(layout, "BIG_TABLE", 0)  # every table a Grid, as at 3,000 units
    grid_text = _text(status_tables.status_matrix(c, report, "zh"), width)
    assert "【县（市、区）住建部门】" in rich_text
    assert grid_text == rich_text
