"""The [calendar] section and years the holiday package does not know, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FAR_YEAR, Run, mutate

Y = FAR_YEAR  # a year no release of chinesecalendar covers (see tests/conftest.py)


def make_far(path: Path) -> None:
    """The shipped campaign moved to FAR_YEAR: issued Mon 09-07, the receipt due Thu 09-10."""
    text = path.read_text(encoding="utf-8").replace("2024-", f"{Y}-")
    path.write_text(text, encoding="utf-8")


def test_a_far_year_campaign_warns_once_and_uses_its_calendar(run: Run, shipped: Path) -> None:
    make_far(shipped)
    plain = run("status", "-f", shipped, "--today", f"{Y}-09-04", "--format", "json")
    assert plain.exit_code == 0, plain.output
    assert plain.stderr.count(f"{Y} 年的调休安排尚未公布") == 1
    assert "[calendar]" in plain.stderr
    left = {i["task"]: i["workdays_left"] for i in json.loads(plain.stdout)["items"] if i["unit"] == "chikan"}
    assert left["receipt"] == 4  # Mon–Fri fallback: Mon 09-07 .. Thu 09-10

    mutate(shipped, "holidays = []\nworkdays = []", f"holidays = [{Y}-09-08, {Y}-09-09]\nworkdays = [{Y}-09-05]")
    added = run("status", "-f", shipped, "--today", f"{Y}-09-04", "--format", "json")
    left = {i["task"]: i["workdays_left"] for i in json.loads(added.stdout)["items"] if i["unit"] == "chikan"}
    assert left["receipt"] == 3  # + Sat 09-05 (make-up), − 09-08 and 09-09 (holidays)


def test_a_far_year_rest_day_from_the_calendar_silences_remind(run: Run, shipped: Path) -> None:
    make_far(shipped)
    mutate(shipped, "holidays = []", f"holidays = [{Y}-09-09]")
    quiet = run("remind", "-f", shipped, "--today", f"{Y}-09-09")  # a Wednesday made a holiday
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert run("remind", "-f", shipped, "--today", f"{Y}-09-10").stdout != ""


def test_check_warns_but_passes_when_a_deadline_is_on_a_rest_day(run: Run, shipped: Path) -> None:
    text = mutate(shipped, "deadline = 2024-10-09", "deadline = 2024-10-03")
    result = run("check", "-f", shipped)
    assert result.exit_code == 0, result.output
    line = text.splitlines().index("deadline = 2024-10-03") + 1
    assert f"campaign.toml:{line}: tasks.summary.deadline：截止日期 2024-10-03 是休息日" in result.stderr


def test_a_day_both_holiday_and_workday_is_an_error(run: Run, shipped: Path) -> None:
    mutate(shipped, "holidays = []\nworkdays = []", "holidays = [2024-09-20]\nworkdays = [2024-09-20]")
    result = run("check", "-f", shipped)
    assert result.exit_code == 1
    assert "2024-09-20 同时列在 holidays 和 workdays 中" in result.stderr
