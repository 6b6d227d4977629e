"""Strict parsing and formatting of calendar dates as a Chinese office writes them.

Only a fixed whitelist of forms is accepted; anything else is rejected with a
:class:`DateFormatError` rather than guessed at. Month/day forms are always read
month first (``9/10`` is 10 September), as they are written in China.

This module is pure: it never reads the clock and never prints.
"""

from __future__ import annotations

import datetime
import re
from datetime import date
from typing import Literal

__all__ = ["DateFormatError", "Reason", "format_day", "parse_day"]

Reason = Literal["format", "impossible", "needs_year"]

_MESSAGES: dict[str, str] = {
    "format": "not a recognised date form",
    "impossible": "no such calendar date",
    "needs_year": "a month/day date needs a year",
}

# Full-width digits (U+FF10..U+FF19), as typed by Chinese input methods, become ASCII.
_FULLWIDTH_DIGITS = {0xFF10 + n: ord("0") + n for n in range(10)}

# ``[0-9]`` rather than ``\d`` on purpose: ``\d`` also matches other scripts' digits.
_YMD_SEPARATED = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_YMD_CHINESE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})[日号]?")
_MD_CHINESE = re.compile(r"([0-9]{1,2})月([0-9]{1,2})[日号]?")
_MD_SEPARATED = re.compile(r"([0-9]{1,2})([-/])([0-9]{1,2})")

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

    def __init__(self, text: str, reason: Reason) -> None:
        super().__init__(f"{_MESSAGES[reason]}: {text!r}")
        self.text = text
        self.reason = reason

    def __reduce__(self) -> tuple[type[DateFormatError], tuple[str, Reason]]:
        return (type(self), (self.text, self.reason))


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
      ``9-10``. They take their year from ``year``.

    Full-width digits (U+FF10..U+FF19) are read as ASCII digits. A year written in
    the text always wins over ``year``.

    Raises:
        DateFormatError: with reason ``"format"`` for any other text (``10/9/2024``,
            ``9/10/24``, ``2024-09``, ``20240910``, ``2024年9月``, ``明天``, ``""``...);
            ``"impossible"`` for a day that does not exist (2024-02-30, or 2/29 in a
            common year, or 2/30 even without a year); ``"needs_year"`` for a
            month/day form with ``year`` None.
    """
    candidate = text.strip().translate(_FULLWIDTH_DIGITS)

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
