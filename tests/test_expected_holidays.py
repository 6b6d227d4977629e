"""Years without a published schedule still rest on the customary long holidays (issue 19): 国庆
(merged with 中秋 when it is next to it), the 春节 week from 除夕, 劳动节 5/1-5/5, as expected rest
days; make-up days stay unknown. Through the CLI with a 2027 campaign, and the rule measured against
every year chinesecalendar publishes (the numbers the manual gives, docs/en/guide/campaign-file.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import chinese_calendar
import pytest

from qmonth.core.calendar import expected_rest
from tests.conftest import FAR_YEAR, Run


def in_2027(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("2024-", "2027-"), encoding="utf-8")


def items(run: Run, path: Path, day: str) -> dict[str, dict]:
    result = run("status", "-f", path, "--today", day, "--format", "json")
    assert result.exit_code == 0, result.output
    return {i["task"]: i for i in json.loads(result.stdout)["items"] if i["unit"] == "chikan"}


@pytest.mark.parametrize("day", ["2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"])
def test_remind_is_silent_in_the_expected_national_day_week(run: Run, shipped: Path, day: str) -> None:
    in_2027(shipped)
    quiet = run("remind", "-f", shipped, "--today", day)
    assert (quiet.exit_code, quiet.stdout) == (0, "")
    assert run("remind", "-f", shipped, "--today", "2027-10-08").stdout != ""  # Friday: a working day


def test_a_deadline_after_the_week_is_flagged_before_it(run: Run, shipped: Path) -> None:
    in_2027(shipped)  # the summary is due Saturday 2027-10-09
    assert items(run, shipped, "2027-09-27")["summary"]["state"] == "open"
    before = items(run, shipped, "2027-09-28")["summary"]
    assert (before["state"], before["workdays_left"]) == ("due_soon", 3)  # 09-29, 09-30, 10-08
    assert "活动总结材料" in run("remind", "-f", shipped, "--today", "2027-09-30", "--unit", "chikan").stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "按惯例预计的长假"), ("en", "the customary long holidays")],
)
def test_the_note_says_expected_and_goes_once_the_year_is_entered(run: Run, shipped: Path, lang: str, words: str) -> None:
    y = FAR_YEAR
    shipped.write_text(shipped.read_text(encoding="utf-8").replace("2024-", f"{y}-"), encoding="utf-8")
    loud = run("status", "-f", shipped, "--today", f"{y}-09-20", "--lang", lang)
    assert loud.stderr.count(words) == 1
    text = shipped.read_text(encoding="utf-8").replace("holidays = []\nworkdays = []", f"published = [{y}]")
    shipped.write_text(text, encoding="utf-8")
    entered = run("status", "-f", shipped, "--today", f"{y}-09-20", "--lang", lang)
    assert words not in entered.stderr
    # entered as published without a holiday week: 10-04 (Monday) is a working day again
    assert run("remind", "-f", shipped, "--today", f"{y}-10-05").stdout != ""


def test_the_expected_days_of_2025_and_2026() -> None:
    d = dt.date
    e25, e26 = expected_rest(2025), expected_rest(2026)
    assert {x for x in e25 if x.month == 10} == {d(2025, 10, n) for n in range(1, 9)}  # 中秋 10-06: merged
    assert {x for x in e26 if x.month == 10} == {d(2026, 10, n) for n in range(1, 8)}  # 中秋 09-25: apart
    assert {x for x in e25 if x.month in (1, 2)} == {d(2025, 1, 28) + dt.timedelta(n) for n in range(8)}
    assert {d(2026, 5, n) for n in range(1, 6)} <= e26


def _published_years() -> list[int]:
    out = []
    for year in range(2004, 2040):
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            continue
        out.append(year)
    return out


def _exact(year: int, first: dt.date, length: int) -> bool:
    """The published rest days around one holiday equal the expected ones (weekends that are make-up
    working days left aside: they are unknown either way)."""
    from holidays.countries.china import China

    statutory = {x for x, name in China(years=year, observed=False, language="en_US").items() if not name.startswith("Day off")}
    expected = expected_rest(year)
    for n in range(length):
        day = first + dt.timedelta(days=n)
        if day.weekday() >= 5 and chinese_calendar.is_workday(day):
            continue
        if (day.weekday() >= 5 or day in statutory or day in expected) == chinese_calendar.is_workday(day):
            return False
    return True


def test_how_often_the_rule_would_have_been_right() -> None:
    """The numbers in the manual ("How deadlines and working days are counted"), for 2004-2026."""
    from holidays.calendars.chinese import _ChineseLunisolar

    lunar = _ChineseLunisolar()
    years = [y for y in _published_years() if y <= 2026]
    assert years == list(range(2004, 2027))
    national = [y for y in years if _exact(y, dt.date(y, 9, 24), 20)]
    spring = [y for y in years if _exact(y, lunar.lunar_new_year_date(y)[0] - dt.timedelta(6), 20)]
    labour = [y for y in years if _exact(y, dt.date(y, 4, 26), 14)]
    recent = [y for y in years if y >= 2020]
    assert (len(national), len([y for y in national if y >= 2020])) == (20, 7)
    assert (len(spring), len([y for y in spring if y >= 2020])) == (11, 4)
    assert (len(labour), len([y for y in labour if y >= 2020])) == (7, 5)
    assert len(recent) == 7


def test_weekday_holidays_caught_day_by_day() -> None:
    """The manual: of the 407 weekday holidays 2004-2026, the rule rests on 341 (the statutory days
    alone: 179), and takes 46 working weekdays for rest days; since 2020: 115 of 129, and 6."""
    from holidays.countries.china import China

    caught = missed = wrong = 0
    caught20 = total20 = wrong20 = 0
    for year in range(2004, 2027):
        statutory = {x for x, n in China(years=year, observed=False, language="en_US").items() if not n.startswith("Day off")}
        expected = expected_rest(year)
        day = dt.date(year, 1, 1)
        while day.year == year:
            if day.weekday() < 5:
                rest, guess = not chinese_calendar.is_workday(day), day in statutory or day in expected
                caught += rest and guess
                missed += rest and not guess
                wrong += guess and not rest
                if year >= 2020:
                    caught20 += rest and guess
                    total20 += rest
                    wrong20 += guess and not rest
            day += dt.timedelta(days=1)
    assert (caught, caught + missed, wrong) == (341, 407, 46)
    assert (caught20, total20, wrong20) == (115, 129, 6)
