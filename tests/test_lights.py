"""Issue 21: lights that warn before it is too late — 黄 also when a unit is behind the plan (its
done share more than 25 points below the share of the activity period's working days gone).
A table of unit × day → light on the demo, through the CLI, and the legend in zh and en."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qmonth.core.schedule import BEHIND_MARGIN, behind_plan
from tests.conftest import Run

# unit × day → light (r/y/g) and whether the unit is behind the plan (B). The demo's period is
# September 2024: 21 working days (14 September, a Saturday, is one; 15–17 the 中秋 break).
LIGHTS = {
    # plan 19 % (4 of 21 working days): nobody is behind yet, whatever they have done (0 of 19)
    "2024-09-05": {"chikan": "g", "mazhang": "g", "wuchuan": "g", "associations": "g", "enterprises": "g"},
    # plan 33 %: below 8 % is behind (nothing done yet); 坡头 at 2/19 is not, 赤坎 at 4/19 is green
    "2024-09-10": {"chikan": "g", "mazhang": "yB", "potou": "g", "associations": "yB"},
    # plan 47 %: below 22 % is behind; 赤坎 at 10/19 and 行业协会 at 2/8 (25 %) are on track
    "2024-09-13": {"chikan": "g", "potou": "yB", "mazhang": "yB", "associations": "g", "leizhou": "rB"},
    # plan 66 %: below 41 % is behind (麻章区 2 of 19: 黄, not 绿); 行业协会 at 4/8 is on track
    "2024-09-20": {
        "chikan": "g",
        "xiashan": "g",
        "lianjiang": "g",
        "quality-centre": "g",
        "associations": "g",
        "mazhang": "yB",
        "potou": "yB",
        "suixi": "yB",
        "kaifaqu": "yB",
        "enterprises": "yB",
        "wuchuan": "rB",
    },
    # plan 80 %: below 55 % is behind: 行业协会, still at 4/8, falls behind; 赤坎 (16/19) does not
    "2024-09-25": {"chikan": "g", "associations": "yB", "mazhang": "yB", "quality-centre": "g"},
}


@pytest.mark.parametrize("day", sorted(LIGHTS))
def test_lights_of_the_demo_unit_by_day(run: Run, demo: Path, day: str) -> None:
    data = json.loads(run("status", "-f", demo, "--today", day, "--format", "json").stdout)
    got = {u["id"]: u["light"][0] + ("B" if u["behind"] else "") for u in data["units"]}
    assert {uid: got[uid] for uid in LIGHTS[day]} == LIGHTS[day]


def test_mazhang_on_09_20_is_yellow_for_being_behind_not_for_anything_due_soon(run: Run, demo: Path) -> None:
    data = json.loads(run("status", "-f", demo, "--today", "2024-09-20", "--format", "json").stdout)
    assert data["campaign"]["plan"] == 66
    mazhang = next(u for u in data["units"] if u["id"] == "mazhang")
    assert (mazhang["done"], mazhang["total"], mazhang["overdue"], mazhang["due_soon"]) == (2, 19, 0, 0)
    assert mazhang["light"] == "yellow" and mazhang["behind"]


@pytest.mark.parametrize(
    ("lang", "rule"),
    [
        ("zh", "黄：有临近截止的，或落后于计划（完成率低于活动期已过工作日占比减 25 个百分点，今天为 41%）"),
        ("en", "behind the plan (done below the share of the period's working days gone, less 25 points: 41% today)"),
    ],
)
def test_the_status_screen_says_the_rule_when_a_unit_is_behind(
    run: Run, demo: Path, lang: str, rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    screen = run("status", "-f", demo, "--today", "2024-09-20", "--lang", lang).stdout
    assert rule in screen
    mazhang = next(line for line in screen.splitlines() if line.startswith("麻章区"))
    assert mazhang.rstrip().endswith("● 黄" if lang == "zh" else "● yellow")
    early = run("status", "-f", demo, "--today", "2024-09-05", "--lang", lang).stdout
    assert rule.split("（")[0].split("(")[0] not in early  # nobody behind: no legend


def test_behind_plan_boundaries() -> None:
    assert BEHIND_MARGIN == 25
    assert not behind_plan(41, 100, 66)  # exactly at plan − margin: on track
    assert behind_plan(40, 100, 66)
    assert not behind_plan(0, 19, 24)  # early in the period nobody is behind
    assert not behind_plan(0, 0, 100)  # nothing to do
    assert not behind_plan(0, 19, None)  # before the period (or the notice)
