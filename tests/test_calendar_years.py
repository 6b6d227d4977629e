"""Years without a published holiday schedule (issue 7): the statutory holidays still count, only
the make-up days (调休) are unknown, the note says exactly that and stops once [calendar] covers the
year; [calendar] takes ranges. Through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from qmonth.core.calendar import WorkCalendar
from tests.conftest import FAR_YEAR, Run, mutate

NOTE = "年的调休安排尚未公布"


def move_to(path: Path, year: int) -> None:
    """The shipped campaign in another year, dates unchanged; the summary due 10-09 → 10-20, so that
    something is still open (and remind would speak) across the National Day week."""
    text = path.read_text(encoding="utf-8").replace("2024-", f"{year}-").replace(f"{year}-10-09", f"{year}-10-20")
    path.write_text(text, encoding="utf-8")


def _chinese_calendar_knows(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 3, 1))
    except NotImplementedError:
        return False
    return True


@pytest.mark.parametrize("day", ["2027-10-01", "2027-09-15", "2027-10-02"])
def test_a_2027_campaign_is_silent_on_national_day_and_mid_autumn(run: Run, shipped: Path, day: str) -> None:
    move_to(shipped, 2027)
    quiet = run("remind", "-f", shipped, "--today", day)
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    # the working day before, something is due and remind speaks
    assert run("remind", "-f", shipped, "--today", "2027-09-14").stdout != ""


def test_the_2027_note_names_the_make_up_days_as_the_only_unknown(run: Run, shipped: Path) -> None:
    if _chinese_calendar_knows(2027):
        pytest.skip("chinesecalendar now publishes 2027; the far-year test below keeps the check")
    move_to(shipped, 2027)
    loud = run("remind", "-f", shipped, "--today", "2027-09-14")
    assert loud.stderr.count("2027 " + NOTE) == 1
    assert "暂计为休息日（预计，非公布）；调休上班日（补班的周末）未知" in loud.stderr
    en = run("remind", "-f", shipped, "--today", "2027-09-14", "--lang", "en").stderr
    assert "as expected, not published; the make-up working days (调休) are unknown" in en


def test_far_year_statutory_days_rest_and_the_note_says_only_make_up_days_are_unknown(run: Run, shipped: Path) -> None:
    y = FAR_YEAR
    move_to(shipped, y)
    for day in (f"{y}-10-01", f"{y}-09-29"):  # National Day (Thu), 中秋 (Tue, lunar 8/15)
        quiet = run("remind", "-f", shipped, "--today", day)
        assert (quiet.stdout, quiet.stderr) == ("", ""), day
    loud = run("status", "-f", shipped, "--today", f"{y}-09-28", "--format", "json")
    assert loud.stderr.count(f"{y} " + NOTE) == 1 and "调休上班日（补班的周末）未知" in loud.stderr
    items = {i["task"]: i for i in json.loads(loud.stdout)["items"] if i["unit"] == "chikan"}
    # Mon 09-28 → Tue 10-20: 中秋 falls on Tue 09-29, next to 国庆: the expected break is the eight
    # days 09-29..10-06 (as 2023's); 10-07 (Wed) on are working days, as no 调休 is known
    expected = sum(
        1
        for n in range(1, 23)
        for d in [dt.date(y, 9, 28) + dt.timedelta(days=n)]
        if d.weekday() < 5 and not dt.date(y, 9, 29) <= d <= dt.date(y, 10, 6)
    )
    assert items["summary"]["workdays_left"] == expected


@pytest.mark.parametrize(
    "calendar",
    [
        'holidays = ["{y}-10-04..{y}-10-07"]\nworkdays = [{y}-10-10]',  # a make-up day entered: covered
        "holidays = []\nworkdays = []\npublished = [{y}]",  # declared complete
    ],
)
def test_the_note_stops_once_the_calendar_covers_the_year(run: Run, shipped: Path, calendar: str) -> None:
    y = FAR_YEAR
    move_to(shipped, y)
    mutate(shipped, "holidays = []\nworkdays = []", calendar.format(y=y))
    result = run("status", "-f", shipped, "--today", f"{y}-09-28")
    assert result.exit_code == 0, result.output
    assert NOTE not in result.stderr


def test_a_calendar_range_makes_every_day_in_it_a_rest_day(run: Run, shipped: Path) -> None:
    y = FAR_YEAR
    move_to(shipped, y)
    for day in ("10-07", "10-08", "10-09", "10-12"):  # Wed to Fri, and Mon: working days so far
        assert run("remind", "-f", shipped, "--today", f"{y}-{day}").stdout != "", day
    # a range from a working day to a working day (Wed 10-07 to Fri 10-09): both ends are in it
    mutate(shipped, "holidays = []\nworkdays = []", f'holidays = ["{y}-10-07..{y}-10-09"]\nworkdays = [{y}-10-10]')
    for day in ("10-07", "10-08", "10-09"):
        quiet = run("remind", "-f", shipped, "--today", f"{y}-{day}")
        assert (quiet.stdout, quiet.stderr) == ("", ""), day
    assert run("remind", "-f", shipped, "--today", f"{y}-10-12").stdout != ""  # the next working day is one still
    # and the Saturday made a working day (调休) is one
    assert run("remind", "-f", shipped, "--today", f"{y}-10-10").stdout != ""


@pytest.mark.parametrize("bad", ['"2027-10-07..2027-10-01"', '"2027-10-01..2028-10-07"', '"2027-10-01..国庆"'])
def test_a_bad_range_is_a_located_error(run: Run, shipped: Path, bad: str) -> None:
    text = mutate(shipped, "holidays = []", f"holidays = [{bad}]")
    result = run("check", "-f", shipped)
    assert result.exit_code == 1
    line = text.splitlines().index(f"holidays = [{bad}]") + 1
    assert f"campaign.toml:{line}: calendar.holidays" in result.stderr
    assert "Traceback" not in result.output


def test_statutory_days_come_from_the_holidays_package_in_any_unpublished_year() -> None:
    cal = WorkCalendar()
    for year in (2027, 2035, FAR_YEAR):
        days = cal.statutory(year)
        assert dt.date(year, 1, 1) in days and dt.date(year, 10, 1) in days and dt.date(year, 5, 1) in days
        assert len(days) == 13  # 元旦1 春节4 清明1 劳动节2 端午1 中秋1 国庆3 (2025 rules)
    assert dt.date(2027, 9, 15) in cal.statutory(2027)  # 中秋 2027
    assert dt.date(2027, 2, 6) in cal.statutory(2027)  # 春节 2027
    covered = WorkCalendar(covered=[FAR_YEAR])
    assert not covered.is_workday(dt.date(FAR_YEAR, 10, 1))
    assert covered.unknown_years == set()


def test_a_long_over_campaign_does_not_note_the_unknown_schedule_of_todays_year(run: Run, shipped: Path) -> None:
    """F12: today's year matters while the campaign is chased; the 2024 campaign seen in FAR_YEAR
    shows no working days of FAR_YEAR, so no note about that year's 调休."""
    over = run("status", "-f", shipped, "--today", f"{FAR_YEAR}-05-01")
    assert over.exit_code == 0 and over.stderr == ""
    y = FAR_YEAR
    move_to(shipped, y)  # the campaign itself in that year: the note stays
    assert run("status", "-f", shipped, "--today", f"{y}-09-28").stderr.count(f"{y} " + NOTE) == 1
