"""Strict parsing and formatting of calendar dates as a Chinese office writes them.

Only a fixed whitelist of forms is accepted; anything else is rejected with a
:class:`DateFormatError` rather than guessed at. Month/day forms are always read
month first (``9/10`` is 10 September), as they are written in China.

This module is pure: it never reads the clock and never prints.
"""

from __future__ import annotations

import datetime
import re
from datetime import date, time
from typing import Literal

__all__ = [
    "DateFormatError",
    "Reason",
    "format_day",
    "item_number",
    "month_part",
    "parse_day",
    "parse_in_span",
    "split_time",
    "without_year",
]

Reason = Literal["format", "impossible", "needs_year", "outside_span", "ambiguous"]

_MESSAGES: dict[str, str] = {
    "format": "not a recognised date form",
    "impossible": "no such calendar date",
    "needs_year": "a month/day date needs a year",
    "outside_span": "no such day within the campaign's span",
    "ambiguous": "more than one such day within the campaign's span",
}

# Full-width digits (U+FF10..U+FF19), as typed by Chinese input methods, become ASCII.
_FULLWIDTH_DIGITS = {0xFF10 + n: ord("0") + n for n in range(10)}

# ``[0-9]`` rather than ``\d`` on purpose: ``\d`` also matches other scripts' digits.
_YMD_SEPARATED = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_YMD_CHINESE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})[日号]?")
_MD_CHINESE = re.compile(r"([0-9]{1,2})月([0-9]{1,2})[日号]?")
_MD_SEPARATED = re.compile(r"([0-9]{1,2})([-/])([0-9]{1,2})")
# A part of a month, as notices write deadlines: 6月底 / 6月末 (the last day), 6月上旬 (the 10th),
# 6月中旬 (the 20th), 6月下旬 (the last day); with or without a year (2025年6月底).
_PART_OF_MONTH = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月(底|末|上旬|中旬|下旬)")
# "（含）" ("inclusive"), as in "9月10日（含）前": a deadline already includes its day.
_INCLUSIVE = re.compile(r"\s*[（(]\s*含\s*[）)]\s*")

# A leap year, used to tell "impossible in every year" (2/30) from "needs a year" (2/29).
_ANY_LEAP_YEAR = 2000


class DateFormatError(ValueError):
    """A date text that :func:`parse_day` refuses.

    Attributes:
        text: the text as given (before stripping).
        reason: ``"format"`` (not one of the accepted forms), ``"impossible"``
            (an accepted form naming a day that does not exist, such as
            2024-02-30), or ``"needs_year"`` (a month/day form parsed without a year).
    """

    text: str
    reason: Reason

    def __init__(self, text: str, reason: Reason, found: str = "") -> None:
        super().__init__(f"{_MESSAGES[reason]}: {text!r}")
        self.text = text
        self.reason = reason
        self.found = found  # for "ambiguous": the readings, e.g. "2024-01-15, 2025-01-15"

    def __reduce__(self) -> tuple[type[DateFormatError], tuple[str, Reason, str]]:
        return (type(self), (self.text, self.reason, self.found))


def _clean(text: str) -> str:
    """The text as read: stripped, full-width digits as ASCII, "（含）" dropped."""
    return _INCLUSIVE.sub("", text.strip().translate(_FULLWIDTH_DIGITS)).strip()


def _part_day(text: str, year: int, month: int, part: str) -> date:
    """The day a part of a month stands for: 上旬 the 10th, 中旬 the 20th, 底/末/下旬 the last day."""
    if part in ("上旬", "中旬"):
        return _build(text, year, month, 10 if part == "上旬" else 20)
    if not 1 <= month <= 12:
        raise DateFormatError(text, "impossible")
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - datetime.timedelta(days=1)


def _build(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(text, "impossible") from None


def parse_day(text: str, year: int | None) -> date:
    """Parse one calendar day written in one of the accepted forms.

    Accepted (surrounding whitespace allowed, nothing else):

    * ``2024-09-10``, ``2024-9-10``, ``2024/9/10``, ``2024/09/10``, ``2024.9.10``
      (the same separator twice; month and day have one or two digits);
    * ``2024年9月10日``, ``2024年09月10日``; the trailing ``日`` may be omitted or
      written ``号``;
    * month/day forms, month first: ``9月10日``, ``9月10号``, ``9月10``, ``9/10``,
      ``9-10``. They take their year from ``year``;
    * a part of a month, as notices write deadlines: ``6月底``/``6月末`` and ``6月下旬`` (the last
      day), ``6月上旬`` (the 10th), ``6月中旬`` (the 20th), with a year or without.

    ``（含）`` ("inclusive", 9月10日（含）) is dropped: a deadline always includes its day.

    Full-width digits (U+FF10..U+FF19) are read as ASCII digits. A year written in
    the text always wins over ``year``.

    Raises:
        DateFormatError: with reason ``"format"`` for any other text (``10/9/2024``,
            ``9/10/24``, ``2024-09``, ``20240910``, ``2024年9月``, ``明天``, ``""``...);
            ``"impossible"`` for a day that does not exist (2024-02-30, or 2/29 in a
            common year, or 2/30 even without a year); ``"needs_year"`` for a
            month/day form with ``year`` None.
    """
    candidate = _clean(text)

    part = _PART_OF_MONTH.fullmatch(candidate)
    if part is not None:
        if part[1] is None and year is None:
            if not 1 <= int(part[2]) <= 12:
                raise DateFormatError(text, "impossible")
            raise DateFormatError(text, "needs_year")
        part_year = int(part[1]) if part[1] is not None else year
        assert part_year is not None
        return _part_day(text, part_year, int(part[2]), part[3])

    match = _YMD_SEPARATED.fullmatch(candidate)
    if match is not None:
        return _build(text, int(match[1]), int(match[3]), int(match[4]))
    match = _YMD_CHINESE.fullmatch(candidate)
    if match is not None:
        return _build(text, int(match[1]), int(match[2]), int(match[3]))

    match = _MD_CHINESE.fullmatch(candidate)
    if match is not None:
        month, day = int(match[1]), int(match[2])
    else:
        match = _MD_SEPARATED.fullmatch(candidate)
        if match is None:
            raise DateFormatError(text, "format")
        month, day = int(match[1]), int(match[3])

    if year is None:
        # Report a day that exists in no year as impossible, not as missing a year.
        _build(text, _ANY_LEAP_YEAR, month, day)
        raise DateFormatError(text, "needs_year")
    return _build(text, year, month, day)


def month_day(text: str) -> tuple[int, int] | None:
    """(month, day) when `text` is a month/day form without a year (9月10日, 9/10); else None."""
    candidate = _clean(text)
    match = _MD_CHINESE.fullmatch(candidate) or _MD_SEPARATED.fullmatch(candidate)
    if match is None:
        return None
    if match.re is _MD_SEPARATED:
        return int(match[1]), int(match[3])
    return int(match[1]), int(match[2])


def month_part(text: str) -> tuple[int, str] | None:
    """(month, part) when `text` is a part of a month without a year (6月底 → (6, "底")); else None."""
    match = _PART_OF_MONTH.fullmatch(_clean(text))
    if match is None or match[1] is not None:
        return None
    return int(match[2]), match[3]


def without_year(text: str) -> bool:
    """Whether `text` is a date form that takes its year from elsewhere (9月10日, 9/10, 6月底)."""
    return month_day(text) is not None or month_part(text) is not None


def parse_in_span(text: str, low: date, high: date) -> date:
    """Like :func:`parse_day`, but a month/day form takes the year that puts it inside [low, high].

    A date written with its year is returned as written (range checks are the caller's: it knows
    what to say). A month/day form with exactly one reading inside the span gets that reading;
    none is ``"outside_span"``, several ``"ambiguous"`` (the caller asks for the year): never a guess.
    """
    md = month_day(text)
    if md is None and month_part(text) is None:
        return parse_day(text, low.year)
    if md is not None:
        _build(text, _ANY_LEAP_YEAR, *md)  # 2/30: impossible in every year
    found = []
    for year in range(low.year, high.year + 1):
        try:
            candidate = parse_day(text, year)
        except DateFormatError as exc:  # 2/29 in a common year
            if exc.reason == "impossible" and md is not None:
                continue
            raise
        if low <= candidate <= high:
            found.append(candidate)
    if len(found) == 1:
        return found[0]
    if not found:
        raise DateFormatError(text, "outside_span")
    raise DateFormatError(text, "ambiguous", ", ".join(d.isoformat() for d in found))


_TIME = re.compile(
    r"^(?P<day>.*?)(?:[T ]|(?<=[日号]))?\s*(?P<h>[0-9]{1,2})"
    r"(?:[:：](?P<m>[0-9]{2})|[时点](?:(?P<m2>[0-9]{1,2})分?|半)?)\s*(?:前|之前|以前)?$"
)
_BEFORE = re.compile(r"^(?P<day>.*?)\s*(?:前|之前|以前)$")


def split_time(text: str) -> tuple[str, time | None]:
    """A deadline's text split into its day and its time of day: "9月10日17:00前" → ("9月10日", 17:00).

    Accepted times: 17:00, 17：00, 17时, 17点, 17时30分, 17点半, after the day (a space or T between
    them is fine); a trailing 前/之前/以前 ("by") is dropped. Text without a time comes back as is
    (less a trailing 前). Raises DateFormatError ("format") for an hour or minute that is not one.
    """
    candidate = _clean(text)
    match = _TIME.match(candidate)
    if match is not None and match["day"].strip() and not match["day"].strip().endswith(("-", "/", ".")):
        hour = int(match["h"])
        minute = int(match["m"] or match["m2"] or 0)
        if candidate.rstrip("前之以 ").endswith("半"):
            minute = 30
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            raise DateFormatError(text, "format")
        day_text = match["day"].strip()
        if hour == 24:  # "24:00" is the end of the day: the same as a plain deadline
            return day_text, None
        return day_text, time(hour, minute)
    before = _BEFORE.match(candidate)
    if before is not None and before["day"].strip():
        return before["day"].strip(), None
    return text, None


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER_PART = re.compile(r"[0-9]+|[零〇一二两三四五六七八九十百]+")


def _chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23, 一百零五 → 105."""
    total, current = 0, 0
    for ch in text:
        if ch == "百":  # the largest unit: nothing is counted before it
            total = (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[ch]
    return total + current


def item_number(text: str) -> tuple[int, ...]:
    """A sub-item number as a sort key: "（二）2" → (2, 2), "3.1" → (3, 1), "四（一）" → (4, 1); "" → ()."""
    parts = _NUMBER_PART.findall(text.translate(_FULLWIDTH_DIGITS))
    return tuple(int(p) if p.isdigit() else _chinese_number(p) for p in parts)


def parse_time(text: str) -> time:
    """A time of day, 17:00 / 17：00 / 17时 / 17点30分; DateFormatError ("format") otherwise."""
    day, found = split_time("1月1日" + text.strip())
    if found is None or day != "1月1日":
        if text.strip() in ("24:00", "24时", "24点"):
            return time(23, 59, 59)
        raise DateFormatError(text, "format")
    return found


def format_day(d: date, lang: str) -> str:
    """Render a day for display: ``"zh"`` gives ``2024年9月10日``, ``"en"`` gives ``2024-09-10``.

    Both renderings are accepted back by :func:`parse_day`.

    Raises:
        ValueError: for any other ``lang``.
    """
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日"
    if lang == "en":
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    raise ValueError(f"unsupported language: {lang!r} (expected 'zh' or 'en')")


def local_day(instant: datetime.datetime, timezone: str) -> datetime.date:
    """The calendar date of an aware `instant` in `timezone` (the campaign's, not the machine's)."""
    from zoneinfo import ZoneInfo

    if instant.tzinfo is None:
        raise ValueError("local_day needs an aware datetime")
    return instant.astimezone(ZoneInfo(timezone)).date()
