"""Every date a person writes goes through the one resolver (issue 19): remind_until, until,
[calendar] entries and ranges, --for and --at read a month/day inside the campaign's span, as
deadlines do; issued/start/end carry their year; a remind_until that would silence `remind` is an
error with its line. Through the CLI, in Chinese and English."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Run, mutate

SEPTEMBER = """\
[campaign]
title = "质量月"
issued = 2024-09-07
start = 2024-09-01
end = 2024-09-30
remind_until = 2024-11-08

[kinds]
county = "县区"

[themes.a]
title = "甲"

[tasks.receipt]
theme = "a"
title = "报送回执"
deadline = "9月10日"
applies_to = ["county"]

[units.u1]
name = "单位一"
kind = "county"
"""

ACROSS = """\
[campaign]
title = "跨年专项行动"
issued = 2026-11-20
start = 2026-12-01
end = 2027-01-15
remind_until = "2月10日"

[calendar]
workdays = ["1月9日"]
holidays = ["12月31日..1月1日"]

[kinds]
county = "县区"

[themes.a]
title = "甲"

[tasks.weekly]
theme = "a"
title = "每周报送"
repeat = "FREQ=WEEKLY;BYDAY=FR"
until = "1月10日"
applies_to = ["county"]

[tasks.report]
theme = "a"
title = "报送总结"
deadline = "1月9日"
applies_to = ["county"]

[units.u1]
name = "单位一"
kind = "county"
"""


@pytest.fixture
def september(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(SEPTEMBER, encoding="utf-8")
    return path


@pytest.fixture
def across(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(ACROSS, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "remind 将整个活动期间不发提醒"), ("en", "remind would send nothing for the whole campaign")],
)
def test_a_remind_until_before_the_campaign_is_refused_and_says_what_it_would_do(
    run: Run, september: Path, lang: str, words: str
) -> None:
    mutate(september, "remind_until = 2024-11-08", "remind_until = 2024-08-30")
    result = run("check", "-f", september, "--lang", lang)
    assert result.exit_code != 0
    line = line_of(september, "remind_until")
    assert f"campaign.toml:{line}: campaign.remind_until" in result.stderr
    assert words in result.stderr and "2024-08-30" in result.stderr
    assert run("remind", "-f", september, "--today", "2024-09-12", "--lang", lang).exit_code != 0  # never silent


@pytest.mark.parametrize(("lang", "words"), [("zh", "不在本次活动的时间范围"), ("en", "falls nowhere in the campaign's span")])
def test_a_remind_until_month_day_typo_is_a_located_error(run: Run, september: Path, lang: str, words: str) -> None:
    mutate(september, "remind_until = 2024-11-08", 'remind_until = "8月30日"')
    result = run("check", "-f", september, "--lang", lang)
    assert result.exit_code != 0
    assert f"campaign.toml:{line_of(september, 'remind_until')}: campaign.remind_until" in result.stderr
    assert words in result.stderr and "8月30日" in result.stderr


@pytest.mark.parametrize(("lang", "words"), [("zh", "remind 将在 2024-09-20 之后不再提醒"), ("en", "go quiet after 2024-09-20")])
def test_a_remind_until_before_the_end_is_refused(run: Run, september: Path, lang: str, words: str) -> None:
    mutate(september, "remind_until = 2024-11-08", 'remind_until = "9月20日"')
    result = run("check", "-f", september, "--lang", lang)
    assert result.exit_code != 0 and words in result.stderr


def test_a_remind_until_years_away_is_refused(run: Run, september: Path) -> None:
    mutate(september, "remind_until = 2024-11-08", "remind_until = 2025-11-08")
    result = run("check", "-f", september, "--lang", "en")
    assert result.exit_code != 0 and "long after the campaign ends" in result.stderr


def test_month_days_in_a_year_crossing_campaign_land_inside_the_span(run: Run, across: Path) -> None:
    result = run("check", "-f", across, "--lang", "en")
    # 1月9日 2027 is a Saturday, a make-up working day here: no "rest day" warning for the deadline
    assert result.exit_code == 0, result.output
    assert "tasks.report.deadline" not in result.stderr
    # the weekly Friday on 元旦 2027-01-01 is a rest day: check says so (issue 19's notice shapes: shift)
    assert "tasks.weekly.repeat" in result.stderr and "(2027-01-01)" in result.stderr
    data = json.loads(run("status", "-f", across, "--today", "2027-01-05", "--format", "json").stdout)
    weekly = sorted(i["deadline"] for i in data["items"] if i["task"].startswith("weekly"))
    assert weekly[-1] == "2027-01-08"  # until 2027-01-10 (not 2026-01-10, before the start)
    assert {i["deadline"] for i in data["items"] if i["task"] == "report"} == {"2027-01-09"}
    # remind_until = 2027-02-10: still chasing on 2 February; quiet on 11 February
    assert run("remind", "-f", across, "--today", "2027-02-02").stdout.strip()
    assert not run("remind", "-f", across, "--today", "2027-02-11").stdout.strip()


def test_the_calendar_range_and_day_are_read_in_the_span(run: Run, across: Path) -> None:
    # without the make-up day, the Saturday deadline is a rest day again: the entry was read in 2027
    mutate(across, 'workdays = ["1月9日"]', "workdays = []")
    result = run("check", "-f", across, "--lang", "en")
    assert "deadline 2027-01-09 falls on a rest day" in result.stderr
    # the holiday range 12/31..1/1 straddles the new year: read as 2026-12-31..2027-01-01
    mutate(across, 'holidays = ["12月31日..1月1日"]', 'holidays = ["12月31日..1月1日", "7月1日"]')
    bad = run("check", "-f", across, "--lang", "zh")
    assert bad.exit_code != 0
    assert f"campaign.toml:{line_of(across, 'holidays')}: calendar.holidays" in bad.stderr
    assert "“7月1日” 不在本次活动的时间范围" in bad.stderr


@pytest.mark.parametrize(("lang", "words"), [("zh", "不在本次活动的时间范围"), ("en", "falls nowhere in the campaign's span")])
def test_until_and_remind_until_outside_the_span_are_located(run: Run, across: Path, lang: str, words: str) -> None:
    mutate(across, 'until = "1月10日"', 'until = "11月10日"')
    result = run("check", "-f", across, "--lang", lang)
    assert result.exit_code != 0
    line = line_of(across, 'until = "11')
    assert f"campaign.toml:{line}: tasks.weekly.until" in result.stderr and words in result.stderr


def test_for_a_month_day_in_a_december_january_campaign(run: Run, across: Path) -> None:
    result = run("done", "u1", "weekly", "--for", "1月1日", "--on", "2027-01-01", "--today", "2027-01-05", "-f", across)
    assert result.exit_code == 0, result.output
    progress = tomllib.loads(across.read_text(encoding="utf-8"))["units"]["u1"]["progress"]
    assert list(progress) == ["weekly@2027-01-01"]
    # a month/day with no reading in the span asks for the year, in both languages
    zh = run("done", "u1", "weekly", "--for", "6月1日", "--today", "2027-01-05", "-f", across, "--lang", "zh")
    assert zh.exit_code == 2 and "--for：“6月1日” 不在本次活动的时间范围" in zh.stderr
    en = run("done", "u1", "weekly", "--for", "6月1日", "--today", "2027-01-05", "-f", across, "--lang", "en")
    assert en.exit_code == 2 and "--for: “6月1日” falls nowhere in the campaign's span" in en.stderr


@pytest.mark.parametrize("key", ["issued", "start", "end"])
@pytest.mark.parametrize(("lang", "words"), [("zh", "没有写年份"), ("en", "has no year")])
def test_the_span_dates_must_carry_their_year(run: Run, september: Path, key: str, lang: str, words: str) -> None:
    old = {"issued": "issued = 2024-09-07", "start": "start = 2024-09-01", "end": "end = 2024-09-30"}[key]
    mutate(september, old, f'{key} = "{old[-5:-3].lstrip("0")}月{old[-2:].lstrip("0")}日"')
    result = run("check", "-f", september, "--lang", lang)
    assert result.exit_code != 0
    assert f"campaign.toml:{line_of(september, key + ' = ')}: campaign.{key}" in result.stderr and words in result.stderr


# ── a typo is a question, not a guess ──────────────────────────────────────────


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "“1月8日” 没写年份，按规则读作 2025-01-08，比活动结束（2024-09-30）晚 100 天。是 10月8日（2024-10-08）的笔误吗？"),
        ("en", "“1月8日” has no year and reads as 2025-01-08, 100 days after the campaign ends (2024-09-30). Did you mean 10月8"),
    ],
)
def test_a_month_day_deadline_long_after_the_end_is_a_question(run: Run, september: Path, lang: str, words: str) -> None:
    mutate(september, 'deadline = "9月10日"', 'deadline = "1月8日"')
    result = run("check", "-f", september, "--lang", lang)
    assert result.exit_code == 0, result.output  # a warning: the file is still valid
    line = line_of(september, "1月8日")
    assert f"campaign.toml:{line}: tasks.receipt.deadline" in result.stderr and words in result.stderr
    # written with its year, it is taken as meant: no question
    mutate(september, 'deadline = "1月8日"', "deadline = 2025-01-08")
    quiet = run("check", "-f", september, "--lang", lang)
    assert quiet.exit_code == 0 and "2025-01-08" not in quiet.stderr and "receipt" not in quiet.stderr
    mutate(september, "deadline = 2025-01-08", 'deadline = "2025年1月8日17:00前"')
    assert "receipt" not in run("check", "-f", september, "--lang", lang).stderr


def test_the_limit_is_a_month_after_the_end(run: Run, september: Path) -> None:
    mutate(september, 'deadline = "9月10日"', 'deadline = "10月31日"')  # 31 days after the end: fine
    assert "receipt" not in run("check", "-f", september).stderr
    mutate(september, 'deadline = "10月31日"', 'deadline = "11月1日"')  # 32 days: asked
    result = run("check", "-f", september, "--lang", "en")
    assert "“11月1日” has no year and reads as 2024-11-01" in result.stderr


@pytest.mark.parametrize("name", ["campaign.toml", "examples/demo-campaign.toml"])
def test_the_shipped_campaigns_ask_nothing(run: Run, name: str) -> None:
    from tests.conftest import ROOT

    assert "has no year and reads as" not in run("check", "-f", ROOT / name, "--lang", "en").stderr
