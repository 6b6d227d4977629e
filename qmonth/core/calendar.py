"""Working days in mainland China.

Official public holidays and make-up working days (调休) come from the
``chinese_calendar`` package, which covers the years the State Council has published
(2004-2026 at the time of writing). For any other year the statutory holidays of
《全国年节及纪念日放假办法》 (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆; the lunar ones computed)
come from the ``holidays`` package and are rest days besides the weekends, and so are the
customary long holidays (:func:`expected_rest`: the 国庆 week, merged with 中秋 when it is next to
it; the 春节 week from 除夕; 劳动节 5/1-5/5) as *expected* rest days; only the make-up working days
stay unknown until published. Such a year is recorded in
:attr:`WorkCalendar.unknown_years` so the caller can say so, unless the user's
entries cover it (``covered``). Entries given by the user override everything.

This module is pure: it never reads the clock and never prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

__all__ = ["LONG_BREAK_DAYS", "MAX_SEARCH_DAYS", "SPRING_FESTIVAL_DAYS", "WorkCalendar", "expected_rest"]

#: A run of at least this many consecutive rest days counts as a long break.
LONG_BREAK_DAYS = 3
#: No backwards or forwards search walks further than this many days, whatever the data.
MAX_SEARCH_DAYS = 366

_ONE_DAY = timedelta(days=1)
#: The 春节 break expected in a year without a published schedule: 除夕 and the seven days after.
SPRING_FESTIVAL_DAYS = 8


def _lunar_days(year: int) -> tuple[date, date] | None:
    """(春节 初一, 中秋) of `year`, from the ``holidays`` package's lunisolar table; None if it cannot say."""
    try:
        lunar = importlib.import_module("holidays.calendars.chinese")._ChineseLunisolar()
        return lunar.lunar_new_year_date(year)[0], lunar.mid_autumn_date(year)[0]
    except Exception:  # not installed, or outside its table
        return None


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def expected_rest(year: int) -> frozenset[date]:
    """The long holidays a year's schedule customarily gives, for a year not yet published.

    国庆 10/1-10/7; when 中秋 falls on 10/1-10/8 the two merge into 10/1-10/8 (2017, 2020, 2025),
    and when it falls on 9/28-9/30 the break runs from 中秋 for eight days (2012: 9/30-10/7, 2023:
    9/29-10/6). 春节: 除夕 and the seven days after (:data:`SPRING_FESTIVAL_DAYS`). 劳动节 5/1-5/5.
    Make-up working days are not guessed. The manual (docs/en/guide/campaign-file.md, "How deadlines and
    working days are counted") gives how often this was right in the published years (tests/test_expected_holidays.py).
    """
    out = _days(date(year, 5, 1), date(year, 5, 5))
    lunar = _lunar_days(year)
    national = date(year, 10, 1)
    if lunar is None:
        return frozenset(out | _days(national, date(year, 10, 7)))
    new_year, mid_autumn = lunar
    if national <= mid_autumn <= date(year, 10, 8):
        out |= _days(national, date(year, 10, 8))
    elif date(year, 9, 28) <= mid_autumn < national:
        out |= _days(mid_autumn, mid_autumn + timedelta(days=7))
    else:
        out |= _days(national, date(year, 10, 7))
    eve = new_year - _ONE_DAY
    return frozenset(out | _days(eve, eve + timedelta(days=SPRING_FESTIVAL_DAYS - 1)))


def _check_day(value: date, name: str) -> None:
    # datetime is a subclass of date, but compares with neither date nor itself
    # across time zones the way a calendar day should; refuse it explicitly.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


class WorkCalendar:
    """Which days are working days, with user overrides on top of the official schedule.

    Args:
        holidays: extra rest days (a year's statutory holidays the package does
            not know yet, or local rest days).
        workdays: extra working days (make-up working days, 调休).

    User entries override everything else. A day given as both a holiday and a
    workday is a contradiction and raises ``ValueError``.

    Attributes:
        unknown_years: years for which at least one day was decided without a
            published schedule (weekends and statutory holidays only, make-up
            days unknown) because ``chinese_calendar`` has no data, and which
            ``covered`` does not name. Days settled by a user entry do not
            record their year.

    Answers are cached, so an instance should not be shared between different
    sets of user entries (they are fixed at construction anyway).
    """

    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = (), covered: Iterable[int] = ()) -> None:
        self._holidays: frozenset[date] = frozenset(holidays)
        self._workdays: frozenset[date] = frozenset(workdays)
        for day in self._holidays | self._workdays:
            _check_day(day, "a calendar entry")
        clash = self._holidays & self._workdays
        if clash:
            listed = ", ".join(d.isoformat() for d in sorted(clash))
            raise ValueError(f"dates listed both as holidays and as workdays: {listed}")
        self.unknown_years: set[int] = set()
        self._covered: frozenset[int] = frozenset(covered)
        self._fallback_years: set[int] = set()
        self._statutory_days: dict[int, frozenset[date]] = {}
        self._expected_days: dict[int, frozenset[date]] = {}
        self._official: Callable[[date], bool] | None = None
        self._day_cache: dict[date, bool] = {}
        self._left_cache: dict[tuple[date, date], int] = {}
        self._assumed_cache: dict[tuple[date, date], tuple[date, ...]] = {}
        self._knows: dict[int, bool] = {}
        self._warn_cache: dict[tuple[date, int], date] = {}

    # ── single days ──────────────────────────────────────────────────────────

    def is_workday(self, d: date) -> bool:
        """True if ``d`` is a working day."""
        _check_day(d, "d")
        return self._is_workday(d)

    def _is_workday(self, d: date) -> bool:
        cached = self._day_cache.get(d)
        if cached is None:
            cached = self._compute(d)
            self._day_cache[d] = cached
        return cached

    def _compute(self, d: date) -> bool:
        if d in self._workdays:
            return True
        if d in self._holidays:
            return False
        if d.year not in self._fallback_years:
            official = self._official
            if official is None:
                # Imported lazily: it is only needed once a date is actually looked up.
                official = importlib.import_module("chinese_calendar").is_workday
                self._official = official
            try:
                return bool(official(d))
            except NotImplementedError:
                self._fallback_years.add(d.year)
        if d.year not in self._covered:
            self.unknown_years.add(d.year)
            return d.weekday() < 5 and d not in self.statutory(d.year) and d not in self.expected(d.year)
        return d.weekday() < 5 and d not in self.statutory(d.year)

    def expected(self, year: int) -> frozenset[date]:
        """The customary long holidays of `year` (:func:`expected_rest`), cached."""
        days = self._expected_days.get(year)
        if days is None:
            days = self._expected_days[year] = expected_rest(year)
        return days

    def published(self, year: int) -> bool:
        """True when `year`'s schedule is known: chinese_calendar has it, or the file covers it."""
        if year in self._covered:
            return True
        return self.package_knows(year)

    def package_knows(self, year: int) -> bool:
        """True when chinese_calendar has `year`'s published schedule (no side effect on the note)."""
        if year in self._fallback_years:
            return False
        known = self._knows.get(year)
        if known is None:
            try:
                importlib.import_module("chinese_calendar").is_workday(date(year, 6, 1))
                known = True
            except NotImplementedError:
                known = False
            self._knows[year] = known
        return known

    def assumed_between(self, start: date, end: date) -> tuple[date, ...]:
        """The expected rest days ``d`` with ``start < d <= end`` that a count of working days over
        that interval (``workdays_left``) treats as rest only because they are *expected*: Monday to
        Friday, in a year whose schedule is not published, not statutory, not entered by the user.
        Empty when the count does not depend on the customary pattern (every published year, and
        every interval that misses the expected holidays); the answer is cached."""
        if end <= start:
            return ()
        key = (start, end)
        cached = self._assumed_cache.get(key)
        if cached is None:
            found: list[date] = []
            for year in range(start.year, end.year + 1):
                if self.published(year):
                    continue
                statutory = self.statutory(year)
                found += (
                    d
                    for d in sorted(self.expected(year))
                    if start < d <= end
                    and d.weekday() < 5
                    and d not in statutory
                    and d not in self._holidays
                    and d not in self._workdays
                )
            cached = self._assumed_cache[key] = tuple(found)
        return cached

    def statutory(self, year: int) -> frozenset[date]:
        """The statutory holidays of `year` by 《全国年节及纪念日放假办法》, without any 调休.

        From the ``holidays`` package (imported only for a year chinese_calendar does not know);
        empty if it cannot say (then the plain Monday-Friday week is all that is left).
        """
        days = self._statutory_days.get(year)
        if days is None:
            try:
                china = importlib.import_module("holidays.countries.china").China
                days = frozenset(china(years=year, observed=False))
            except Exception:  # not installed, or no data for that year
                days = frozenset()
            self._statutory_days[year] = days
        return days

    def rest_run(self, d: date) -> tuple[date, date] | None:
        """The maximal run of consecutive rest days containing ``d``, as (first, last).

        None if ``d`` is a working day. Each end is searched at most
        :data:`MAX_SEARCH_DAYS` days away from ``d``; a run that long is cut there.
        """
        _check_day(d, "d")
        return self._rest_run(d)

    def _rest_run(self, d: date) -> tuple[date, date] | None:
        if self._is_workday(d):
            return None
        first = d
        for _ in range(MAX_SEARCH_DAYS):
            previous = first - _ONE_DAY
            if self._is_workday(previous):
                break
            first = previous
        last = d
        for _ in range(MAX_SEARCH_DAYS):
            following = last + _ONE_DAY
            if self._is_workday(following):
                break
            last = following
        return first, last

    # ── spans ────────────────────────────────────────────────────────────────

    def workdays_left(self, today: date, deadline: date) -> int:
        """Number of working days ``d`` with ``today < d <= deadline`` (0 if ``deadline <= today``).

        Today itself never counts: on the deadline day the answer is 0, and on
        the working day before a deadline that is a working day it is 1.
        """
        _check_day(today, "today")
        _check_day(deadline, "deadline")
        if deadline <= today:
            return 0
        key = (today, deadline)
        cached = self._left_cache.get(key)
        if cached is None:
            cached = 0
            day = today + _ONE_DAY
            while day <= deadline:
                if self._is_workday(day):
                    cached += 1
                day += _ONE_DAY
            self._left_cache[key] = cached
        return cached

    def warn_from(self, deadline: date, warn_days: int) -> date:
        """The first day on which a task due on ``deadline`` counts as "due soon".

        Plain rule: the earliest day ``D`` with
        ``workdays_left(D, deadline) <= warn_days``. Since ``workdays_left`` only
        decreases as the day advances, the task is then "due soon" on every day
        from ``D`` to the deadline. When enough working days precede the
        deadline, ``D`` is a working day and ``workdays_left(D, deadline) ==
        warn_days`` exactly. For example, with ``warn_days=3`` a deadline on a
        Tuesday warns from the Thursday before (Fri, Mon, Tue are left).

        ``warn_days=0`` means: warn from the last working day on or before the
        deadline. That is the deadline itself when it is a working day; for a
        deadline on a Sunday it is the Friday before (on that Friday no working
        day is left after today).

        Long-holiday rule: if the days just before ``D`` are a run of at least
        :data:`LONG_BREAK_DAYS` consecutive rest days, ``D`` moves back to the
        last working day before that run, so nobody comes back from a long
        holiday to find a deadline already upon them. The rule is applied once.
        Example: due 2024-10-09 with ``warn_days=1``, the plain rule gives
        2024-10-08; 10-01..10-07 are the National Day break, so the warning
        starts on 2024-09-30.

        Every search is bounded: the result is never earlier than
        ``deadline - MAX_SEARCH_DAYS`` days (which would only matter for a huge
        ``warn_days`` or data with no working days), and never later than
        ``deadline``.

        Raises:
            ValueError: if ``warn_days`` is negative.
        """
        _check_day(deadline, "deadline")
        if warn_days < 0:
            raise ValueError(f"warn_days must not be negative, got {warn_days}")
        key = (deadline, warn_days)
        cached = self._warn_cache.get(key)
        if cached is None:
            cached = self._warn_from(deadline, warn_days)
            self._warn_cache[key] = cached
        return cached

    def _warn_from(self, deadline: date, warn_days: int) -> date:
        earliest = deadline - timedelta(days=MAX_SEARCH_DAYS)
        # Invariant: left == workdays_left(start, deadline).
        start = deadline
        left = 0
        while start > earliest:
            # Stepping back one day adds ``start`` itself to the counted span.
            step = 1 if self._is_workday(start) else 0
            if left + step > warn_days:
                break
            left += step
            start -= _ONE_DAY

        run = self._rest_run(start - _ONE_DAY)
        if run is not None:
            first, last = run
            if (last - first).days + 1 >= LONG_BREAK_DAYS:
                start = first - _ONE_DAY
        return max(start, earliest)

    def long_break_between(self, start: date, end: date) -> tuple[date, date] | None:
        """The first long break touching the days after ``start`` up to ``end``.

        Returns (first_day, last_day) of the first run of at least
        :data:`LONG_BREAK_DAYS` consecutive rest days that has at least one day
        ``d`` with ``start < d <= end``. The run is reported whole, so it may
        begin on or before ``start`` or end after ``end``. None if there is none
        (including when ``end <= start``).
        """
        _check_day(start, "start")
        _check_day(end, "end")
        day = start + _ONE_DAY
        while day <= end:
            run = self._rest_run(day)
            if run is None:
                day += _ONE_DAY
                continue
            first, last = run
            if (last - first).days + 1 >= LONG_BREAK_DAYS:
                return first, last
            day = last + _ONE_DAY
        return None
