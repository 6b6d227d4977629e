"""The [calendar] section and years the holiday package does not know, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run, mutate


def make_2027(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("2024-", "2027-")
    path.write_text(text, encoding="utf-8")


def test_a_2027_campaign_warns_once_and_uses_its_calendar(run: Run, shipped: Path) -> None:
    make_2027(shipped)
    plain = run("status", "-f", shipped, "--today", "2027-09-24", "--format", "json")
    assert plain.exit_code == 0, plain.output
    assert plain.stderr.count("2027 年的法定节假日安排未知") == 1
    assert "[calendar]" in plain.stderr
    left = {i["task"]: i["workdays_left"] for i in json.loads(plain.stdout)["items"] if i["unit"] == "chikan"}
    assert left["work-plan"] == 4  # Mon–Fri fallback: 09-27..09-30 (Mon–Thu)

    mutate(shipped, "holidays = []\nworkdays = []", "holidays = [2027-09-27, 2027-09-28]\nworkdays = [2027-09-25]")
    added = run("status", "-f", shipped, "--today", "2027-09-24", "--format", "json")
    left = {i["task"]: i["workdays_left"] for i in json.loads(added.stdout)["items"] if i["unit"] == "chikan"}
    assert left["work-plan"] == 3  # + Sat 09-25 (make-up), − 09-27 and 09-28 (holidays)


def test_a_2027_rest_day_from_the_calendar_silences_remind(run: Run, shipped: Path) -> None:
    make_2027(shipped)
    mutate(shipped, "holidays = []", "holidays = [2027-09-13]")
    assert run("remind", "-f", shipped, "--today", "2027-09-13").stdout == ""
    assert run("remind", "-f", shipped, "--today", "2027-09-14").stdout != ""


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
