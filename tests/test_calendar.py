"""Tests for qmonth.core.calendar: working days in China (official 2024 schedule and fallbacks)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmonth.core.calendar import LONG_BREAK_DAYS, MAX_SEARCH_DAYS, WorkCalendar
from tests.conftest import FAR_YEAR

D = date.fromisoformat
ONE = timedelta(days=1)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


# ── facts: State Council schedule for 2024 ──────────────────────────────────────


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-09-13", True),  # Friday
        ("2024-09-14", True),  # Saturday, make-up working day
        ("2024-09-15", False),  # Mid-Autumn
        ("2024-09-16", False),
        ("2024-09-17", False),
        ("2024-09-18", True),
        ("2024-09-21", False),  # ordinary Saturday
        ("2024-09-22", False),  # ordinary Sunday
        ("2024-09-28", False),  # ordinary Saturday
        ("2024-09-29", True),  # Sunday, make-up working day
        ("2024-09-30", True),
        ("2024-10-01", False),  # National Day
        ("2024-10-04", False),
        ("2024-10-07", False),
        ("2024-10-08", True),
        ("2024-10-12", True),  # Saturday, make-up working day
        ("2024-10-13", False),
    ],
)
def test_2024_schedule(cal: WorkCalendar, day: str, working: bool) -> None:
    assert cal.is_workday(D(day)) is working
    assert cal.unknown_years == set()


def test_workdays_left(cal: WorkCalendar) -> None:
    assert cal.workdays_left(D("2024-09-30"), D("2024-10-09")) == 2  # 10-08, 10-09
    assert cal.workdays_left(D("2024-09-29"), D("2024-10-09")) == 3
    assert cal.workdays_left(D("2024-09-27"), D("2024-10-09")) == 4  # 09-29 counts
    assert cal.workdays_left(D("2024-10-08"), D("2024-10-09")) == 1
    assert cal.workdays_left(D("2024-10-09"), D("2024-10-09")) == 0
    assert cal.workdays_left(D("2024-10-10"), D("2024-10-09")) == 0
    # September 2024 after Sun 09-01: 21 Mon-Fri days, minus 09-16 and 09-17 (Mid-Autumn),
    # plus 09-14 and 09-29 (make-up working days).
    assert cal.workdays_left(D("2024-09-01"), D("2024-09-30")) == 21


def test_warn_from_examples(cal: WorkCalendar) -> None:
    # Plain rule: on 09-29 (a make-up working Sunday) 09-30, 10-08 and 10-09 are left.
    assert cal.warn_from(D("2024-10-09"), 3) == D("2024-09-29")
    # Plain rule gives 10-08; 10-01..10-07 is a long break, so back to 09-30.
    assert cal.warn_from(D("2024-10-09"), 1) == D("2024-09-30")
    # Tue 09-10: Fri 09-06, Mon 09-09, Tue 09-10 are left on Thu 09-05.
    assert cal.warn_from(D("2024-09-10"), 3) == D("2024-09-05")
    # Ordinary two-day weekend does not trigger the long-break rule.
    assert cal.warn_from(D("2024-09-10"), 1) == D("2024-09-09")
    assert cal.warn_from(D("2024-09-10"), 2) == D("2024-09-06")


def test_warn_from_zero_days(cal: WorkCalendar) -> None:
    # A working-day deadline warns on the day itself.
    assert cal.warn_from(D("2024-09-10"), 0) == D("2024-09-10")
    # A Sunday deadline warns from the last working day on or before it (Friday).
    assert cal.warn_from(D("2024-09-08"), 0) == D("2024-09-06")
    # A deadline inside National Day warns from the last working day before it;
    # the day before that (09-29) is a working day, so no long-break move.
    assert cal.warn_from(D("2024-10-05"), 0) == D("2024-09-30")
    # Deadline right after a long break: the plain answer (10-08) moves back before it.
    assert cal.warn_from(D("2024-10-08"), 0) == D("2024-09-30")
    # Mid-Autumn 09-15..17 is a three-day run: due Wed 09-18, warn from Sat 09-14 (make-up day).
    assert cal.warn_from(D("2024-09-18"), 0) == D("2024-09-14")
    for deadline in (D("2024-09-10"), D("2024-09-08"), D("2024-10-05")):
        start = cal.warn_from(deadline, 0)
        assert cal.workdays_left(start, deadline) == 0
        assert cal.workdays_left(start - ONE, deadline) == 1


def test_warn_from_rejects_negative(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="warn_days"):
        cal.warn_from(D("2024-10-09"), -1)


def test_warn_from_is_bounded() -> None:
    # Data with no working days at all must not loop forever.
    start = D("2023-01-01")
    every_day = [start + timedelta(days=n) for n in range(3 * 366)]
    cal = WorkCalendar(holidays=every_day)
    deadline = D("2024-06-30")
    assert cal.warn_from(deadline, 3) == deadline - timedelta(days=MAX_SEARCH_DAYS)
    run = cal.rest_run(deadline)
    assert run is not None
    assert run == (
        deadline - timedelta(days=MAX_SEARCH_DAYS),
        deadline + timedelta(days=MAX_SEARCH_DAYS),
    )
    # A huge window is clamped too.
    assert WorkCalendar().warn_from(deadline, 10_000) == deadline - timedelta(days=MAX_SEARCH_DAYS)


def test_long_break_between(cal: WorkCalendar) -> None:
    national_day = (D("2024-10-01"), D("2024-10-07"))
    assert cal.long_break_between(D("2024-09-20"), D("2024-10-09")) == national_day
    # Mid-Autumn comes first.
    assert cal.long_break_between(D("2024-09-10"), D("2024-10-09")) == (
        D("2024-09-15"),
        D("2024-09-17"),
    )
    # Partly after start: reported whole.
    assert cal.long_break_between(D("2024-10-03"), D("2024-10-09")) == national_day
    # Partly on or before end: reported whole.
    assert cal.long_break_between(D("2024-09-30"), D("2024-10-01")) == national_day
    # The break must have a day strictly after start.
    assert cal.long_break_between(D("2024-10-07"), D("2024-10-31")) is None
    # Ordinary weekends are not long breaks; end before or at start gives None.
    assert cal.long_break_between(D("2024-09-18"), D("2024-09-30")) is None
    assert cal.long_break_between(D("2024-10-09"), D("2024-09-20")) is None
    assert cal.long_break_between(D("2024-09-30"), D("2024-09-30")) is None


def test_rest_run(cal: WorkCalendar) -> None:
    assert cal.rest_run(D("2024-10-04")) == (D("2024-10-01"), D("2024-10-07"))
    assert cal.rest_run(D("2024-09-16")) == (D("2024-09-15"), D("2024-09-17"))
    assert cal.rest_run(D("2024-09-28")) == (
        D("2024-09-28"),
        D("2024-09-28"),
    )  # 09-29 works
    assert cal.rest_run(D("2024-09-30")) is None


# ── years without official data ─────────────────────────────────────────────────


def test_the_far_year_stays_unknown_to_the_holiday_package() -> None:
    """The tests' "year without holiday data" (FAR_YEAR) must stay one: if this fails, a release of
    chinesecalendar publishes it, and FAR_YEAR in tests/conftest.py must move further out."""
    import chinese_calendar

    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(FAR_YEAR, 3, 13))


# FAR_YEAR-03-09 .. 03-20: two plain weeks (Mon-Fri), far from any statutory holiday of any year
# (the Spring Festival ends by early March, 清明 is in April), so only the make-up days are unknown.


def test_unknown_year_falls_back_to_monday_to_friday() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(date(FAR_YEAR, 3, 13))  # a Friday
    assert not cal.is_workday(date(FAR_YEAR, 3, 14))  # Saturday
    assert cal.unknown_years == {FAR_YEAR}
    assert cal.workdays_left(date(FAR_YEAR, 3, 13), date(FAR_YEAR, 3, 20)) == 5


def test_without_the_holidays_package_an_unknown_year_is_the_plain_week(monkeypatch: pytest.MonkeyPatch) -> None:
    """The holidays package missing (or failing) for a year chinesecalendar does not know: New
    Year's Day is then an ordinary weekday, and nothing breaks."""
    import qmonth.core.calendar as module

    real = module.importlib.import_module

    def without_holidays(name: str, *args: Any) -> Any:
        if name.startswith("holidays"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name, *args)

    monkeypatch.setattr(module.importlib, "import_module", without_holidays)
    cal = WorkCalendar()
    new_year = date(FAR_YEAR, 1, 1)
    assert cal.statutory(FAR_YEAR) == frozenset()
    assert cal.is_workday(new_year) is (new_year.weekday() < 5)
    assert cal.unknown_years == {FAR_YEAR}


def test_user_entries_override_unknown_year() -> None:
    cal = WorkCalendar(holidays=[date(FAR_YEAR, 3, 13)], workdays=[date(FAR_YEAR, 3, 14)])
    assert not cal.is_workday(date(FAR_YEAR, 3, 13))
    assert cal.is_workday(date(FAR_YEAR, 3, 14))
    # Days settled by the user do not consult the package, so nothing is recorded yet.
    assert cal.unknown_years == set()
    assert not cal.is_workday(date(FAR_YEAR, 3, 15))  # Sunday, fallback
    assert cal.unknown_years == {FAR_YEAR}


def test_user_entries_override_official_data() -> None:
    cal = WorkCalendar(holidays=[D("2024-09-10")], workdays=[D("2024-10-03")])
    assert not cal.is_workday(D("2024-09-10"))
    assert cal.is_workday(D("2024-10-03"))
    assert cal.is_workday(D("2024-09-11"))
    assert cal.unknown_years == set()
    # National Day is now split into two runs of two and four days.
    assert cal.rest_run(D("2024-10-02")) == (D("2024-10-01"), D("2024-10-02"))
    assert cal.long_break_between(D("2024-09-30"), D("2024-10-09")) == (
        D("2024-10-04"),
        D("2024-10-07"),
    )


def test_user_entries_cannot_contradict() -> None:
    with pytest.raises(ValueError, match="2024-10-03"):
        WorkCalendar(holidays=[D("2024-10-03")], workdays=[D("2024-10-03")])
    both = [D("2024-10-04"), D("2024-10-03")]
    with pytest.raises(ValueError, match=r": 2024-10-03, 2024-10-04$"):
        WorkCalendar(holidays=both, workdays=both)


NOON = datetime(2024, 9, 15, 12, 0)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda c: c.is_workday(NOON), "d"),
        (lambda c: c.workdays_left(NOON, D("2024-10-09")), "today"),
        (lambda c: c.workdays_left(D("2024-09-15"), NOON), "deadline"),
        (lambda c: c.warn_from(NOON, 3), "deadline"),
        (lambda c: c.long_break_between(NOON, D("2024-10-09")), "start"),
        (lambda c: c.long_break_between(D("2024-09-15"), NOON), "end"),
        (lambda c: WorkCalendar(holidays=[NOON]), "a calendar entry"),
    ],
)
def test_a_datetime_is_refused_naming_the_argument(call: Any, name: str) -> None:
    with pytest.raises(TypeError, match=rf"^{name} must be a datetime\.date, not datetime$"):
        call(WorkCalendar())


def test_datetimes_are_refused() -> None:
    cal = WorkCalendar()
    with pytest.raises(TypeError, match=r"^d must be a datetime\.date, not datetime$"):
        cal.rest_run(datetime(2024, 9, 15, 12, 0))
    with pytest.raises(TypeError):
        cal.is_workday(datetime(2024, 9, 10, 12, 0))
    with pytest.raises(TypeError):
        WorkCalendar(holidays=[datetime(2024, 9, 10)])


def test_chinese_calendar_imported_lazily() -> None:
    code = (
        "import sys, qmonth.core.calendar as c; "
        "assert 'chinese_calendar' not in sys.modules; "
        "w = c.WorkCalendar(); "
        "assert 'chinese_calendar' not in sys.modules; "
        "w.is_workday(__import__('datetime').date(2024, 9, 14)); "
        "assert 'chinese_calendar' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ── properties ─────────────────────────────────────────────────────────────────

SHARED = WorkCalendar()
days_2024_2026 = st.dates(min_value=D("2023-06-01"), max_value=D("2026-12-31"))
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def brute_left(cal: WorkCalendar, today: date, deadline: date) -> int:
    count = 0
    day = today + ONE
    while day <= deadline:
        count += cal.is_workday(day)
        day += ONE
    return count


@PROPERTY_SETTINGS
@given(
    today=days_2024_2026,
    deadline=days_2024_2026,
    step=st.integers(min_value=1, max_value=40),
)
def test_workdays_left_non_increasing(today: date, deadline: date, step: int) -> None:
    now = SHARED.workdays_left(today, deadline)
    later = SHARED.workdays_left(today + timedelta(days=step), deadline)
    assert later <= now
    assert now == brute_left(SHARED, today, deadline)
    # Advancing by one day loses exactly that day's working status.
    tomorrow = today + ONE
    if today < deadline:
        assert now - SHARED.workdays_left(tomorrow, deadline) == int(SHARED.is_workday(tomorrow))


def plain_warn_from(cal: WorkCalendar, deadline: date, warn_days: int) -> date:
    """Reference: the earliest D (within 400 days) with workdays_left(D, deadline) <= warn_days."""
    first = deadline - timedelta(days=400)
    days = [first + timedelta(days=n) for n in range(401)]
    # left[i] = number of working days in (days[i], deadline], by suffix sums.
    left = [0] * len(days)
    for i in range(len(days) - 2, -1, -1):
        left[i] = left[i + 1] + int(cal.is_workday(days[i + 1]))
    return next(day for day, n in zip(days, left, strict=True) if n <= warn_days)


@PROPERTY_SETTINGS
@given(
    deadline=st.dates(min_value=D("2024-01-01"), max_value=D("2026-12-31")),
    warn_days=st.integers(0, 12),
)
def test_warn_window(deadline: date, warn_days: int) -> None:
    start = SHARED.warn_from(deadline, warn_days)
    assert start <= deadline
    plain = plain_warn_from(SHARED, deadline, warn_days)
    # The long-break rule only ever moves the start earlier, to just before a long break.
    assert start <= plain
    if start < plain:
        run = SHARED.rest_run(plain - ONE)
        assert run is not None
        first, last = run
        assert last == plain - ONE
        assert (last - first).days + 1 >= LONG_BREAK_DAYS
        assert start == first - ONE
        assert SHARED.is_workday(start)
    # Nothing earlier would satisfy the plain rule.
    assert SHARED.workdays_left(plain - ONE, deadline) > warn_days
    day = start
    while day <= deadline:
        left = SHARED.workdays_left(day, deadline)
        if left > warn_days:
            # Only allowed between the moved start and the plain start, i.e. on the working day
            # before a long break or during the break itself.
            assert start <= day < plain
            brk = SHARED.long_break_between(start, deadline)
            assert brk == (start + ONE, plain - ONE)
            assert left == warn_days + 1
        day += ONE


@settings(max_examples=150, deadline=None)
@given(
    # between the Spring Festival and 清明 of the far year: no statutory holiday in any year's rules
    today=st.dates(min_value=date(FAR_YEAR, 3, 1), max_value=date(FAR_YEAR, 3, 12)),
    span=st.integers(min_value=-10, max_value=20),
)
def test_unknown_year_matches_monday_to_friday(today: date, span: int) -> None:
    cal = WorkCalendar()
    deadline = today + timedelta(days=span)
    expected = sum(1 for n in range(1, span + 1) if (today + timedelta(days=n)).weekday() < 5)
    assert cal.workdays_left(today, deadline) == expected
    if span > 0:  # the years of the days counted: (today, deadline]
        assert cal.unknown_years == {(today + timedelta(days=n)).year for n in range(1, span + 1)}
