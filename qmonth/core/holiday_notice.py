"""The State Council's annual 放假安排 notice, read as published: each holiday one sentence.

    国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
    国庆节、中秋节：10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。

A sentence with 放假 gives the rest days (its first date, or range 至, with the month or year
carried over when not repeated); a sentence ending in 上班 gives make-up working days. Brackets
（周四）（农历除夕、周二） are dropped; other sentences (鼓励…休息) are not entries. "共N天" is checked
against the range. Pure: text in, days out; problems are UsageErrors naming the sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from qmonth.core.errors import UsageError

_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")
_DATE = re.compile(r"(?:([0-9]{4})年)?(?:([0-9]{1,2})月)?([0-9]{1,2})日")
_RANGE = re.compile(
    r"(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})日(?:至(?:([0-9]{4})年)?(?:([0-9]{1,2})月)?([0-9]{1,2})日)?"
)
_TITLE_YEAR = re.compile(r"([0-9]{4})年(?:部分)?节假日")
_DAYS = re.compile(r"共([0-9]+)天")
_FULLWIDTH = {0xFF10 + n: ord("0") + n for n in range(10)}


@dataclass(frozen=True)
class Schedule:
    year: int
    holidays: tuple[tuple[dt.date, dt.date], ...]  # (first, last) runs, as the notice gives them
    workdays: tuple[dt.date, ...]

    @property
    def rest_days(self) -> set[dt.date]:
        return {a + dt.timedelta(days=n) for a, b in self.holidays for n in range((b - a).days + 1)}


def _day(text: str, y: str | None, m: str | None, d: str, year: int, month: int | None) -> dt.date:
    if m is None and month is None:
        raise UsageError("notice_bad_sentence", text=text)
    try:
        return dt.date(int(y) if y else year, int(m) if m else month or 1, int(d))
    except ValueError:
        raise UsageError("notice_bad_sentence", text=text) from None


def parse(text: str, year: int | None = None) -> Schedule:
    """The rest runs and make-up working days of the notice `text` for `year` (default: the year
    its title names, 关于2026年部分节假日安排的通知)."""
    text = text.translate(_FULLWIDTH)
    if year is None:
        found = _TITLE_YEAR.search(text)
        if found is None:
            raise UsageError("notice_no_year")
        year = int(found[1])
    holidays: list[tuple[dt.date, dt.date]] = []
    workdays: list[dt.date] = []
    plain = _BRACKETS.sub("", text)
    for raw in re.split(r"[。\n]", plain):
        sentence = raw.strip()
        if "放假" in sentence:
            head = sentence.split("放假", 1)[0]
            match = _RANGE.search(head)
            if match is None:  # "现将…放假调休日期的具体安排通知如下": no date, not an entry
                continue
            first = _day(sentence, match[1], match[2], match[3], year, None)
            last = first
            if match[6]:
                last = _day(sentence, match[4] or match[1], match[5], match[6], first.year, first.month)
            if last < first or (last - first).days > 20:
                raise UsageError("notice_bad_sentence", text=sentence)
            count = _DAYS.search(sentence)
            if count is not None and int(count[1]) != (last - first).days + 1:
                raise UsageError("notice_count_mismatch", text=sentence, days=count[1], found=(last - first).days + 1)
            holidays.append((first, last))
        elif sentence.endswith("上班"):
            month: int | None = None
            for m in _DATE.finditer(sentence):
                day = _day(sentence, m[1], m[2], m[3], year, month)
                month = day.month
                workdays.append(day)
    if not holidays:
        raise UsageError("notice_nothing")
    return Schedule(year, tuple(holidays), tuple(sorted(set(workdays))))


def statutory(year: int) -> set[dt.date]:
    """The days 《全国年节及纪念日放假办法》 makes holidays in `year` (no 调休), by the holidays package."""
    import importlib

    try:
        china = importlib.import_module("holidays.countries.china").China
        days = china(years=year, observed=False, language="en_US")
    except Exception:
        return set()
    return {d for d, name in days.items() if not str(name).startswith("Day off")}


def check(schedule: Schedule) -> None:
    """A day the law makes a holiday cannot be a working day; a working day is never in a rest run."""
    law = statutory(schedule.year)
    rest = schedule.rest_days
    for day in schedule.workdays:
        if day in law:
            raise UsageError("notice_statutory_workday", date=day.isoformat())
        if day in rest:
            raise UsageError("notice_both", date=day.isoformat())
