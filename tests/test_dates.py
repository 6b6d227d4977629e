"""Tests for qmonth.core.dates: strict parsing of dates as a Chinese office writes them."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmonth.core.dates import DateFormatError, format_day, parse_day

SEPT_10 = date(2024, 9, 10)


def fullwidth(text: str) -> str:
    """The text with its ASCII digits as full-width digits (U+FF10..U+FF19)."""
    return text.translate({ord("0") + n: 0xFF10 + n for n in range(10)})


def arabic_indic(text: str) -> str:
    """The text with its ASCII digits as Arabic-Indic digits (U+0660..U+0669)."""
    return text.translate({ord("0") + n: 0x0660 + n for n in range(10)})


@pytest.mark.parametrize(
    "text",
    [
        "2024-09-10",
        "2024-9-10",
        "2024/9/10",
        "2024/09/10",
        "2024.9.10",
        "2024.09.10",
        "2024年9月10日",
        "2024年09月10日",
        "2024年9月10",
        "2024年9月10号",
        "  2024-09-10\n",
        "\t2024年9月10日 ",
        "\u30002024年9月10日\u3000",  # ideographic spaces around
        fullwidth("2024年9月10日"),
        fullwidth("2024-09-10"),
    ],
)
def test_accepted_full_forms(text: str) -> None:
    assert parse_day(text, None) == SEPT_10
    # A year written in the text wins over the year argument.
    assert parse_day(text, 2023) == SEPT_10


@pytest.mark.parametrize(
    "text",
    [
        "9月10日",
        "9月10号",
        "9月10",
        "09月10日",
        "9/10",
        "09/10",
        "9-10",
        "09-10",
        " 9/10 ",
        fullwidth("9月10日"),
    ],
)
def test_accepted_month_day_forms(text: str) -> None:
    assert parse_day(text, 2024) == SEPT_10
    assert parse_day(text, 2030) == date(2030, 9, 10)


def test_month_day_is_month_first() -> None:
    assert parse_day("1/2", 2024) == date(2024, 1, 2)
    assert parse_day("12-1", 2024) == date(2024, 12, 1)


@pytest.mark.parametrize(
    "text",
    [
        "10/9/2024",
        "9/10/24",
        "9/10/2024",
        "24-9-10",
        "2024-09",
        "2024/9",
        "Sept 10",
        "10 Sep 2024",
        "September 10, 2024",
        "20240910",
        "0910",
        "2024年9月",
        "9月",
        "10日",
        "明天",
        "今天",
        "",
        "   ",
        "2024-09-10T00:00",
        "2024-09-10 10:00",
        "2024-9/10",  # mixed separators
        "2024/9-10",
        "2024.9-10",
        "9.10",  # reads like a decimal number
        "2024年9月10日日",
        "2024年9月10日号",
        "2024 年 9 月 10 日",  # no inner spaces
        "2024- 09-10",
        fullwidth("2024年9月"),
        arabic_indic("2024-09-10"),  # other scripts' digits are not whitelisted
        "12024-09-10",
        "2024-009-10",
        "2024-09-010",
        "+2024-09-10",
        "-9-10",
        "9-10-",
        "9//10",
        "9月10日。",
        "2024年9月10日前",
    ],
)
def test_rejected_forms(text: str) -> None:
    for year in (None, 2024):
        with pytest.raises(DateFormatError) as info:
            parse_day(text, year)
        assert info.value.reason == "format"
        assert info.value.text == text


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024-02-30", None),
        ("2024/2/30", None),
        ("2023年2月29日", None),
        ("2023-02-29", 2024),  # the written year wins, and 2023 is not a leap year
        ("2024-13-01", None),
        ("2024-00-10", None),
        ("2024-09-00", None),
        ("2024-09-31", None),
        ("0000-01-01", None),
        ("2月29日", 2023),
        ("2/29", 2023),
        ("2/30", None),  # impossible in every year: not a missing-year problem
        ("13/1", None),
        ("4月31日", 2024),
    ],
)
def test_impossible_dates(text: str, year: int | None) -> None:
    with pytest.raises(DateFormatError) as info:
        parse_day(text, year)
    assert info.value.reason == "impossible"
    assert info.value.text == text


def test_leap_day_is_fine() -> None:
    assert parse_day("2024年2月29日", None) == date(2024, 2, 29)
    assert parse_day("2/29", 2024) == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["9月10日", "9月10号", "9/10", "9-10", "2/29"])
def test_month_day_needs_year(text: str) -> None:
    with pytest.raises(DateFormatError) as info:
        parse_day(text, None)
    assert info.value.reason == "needs_year"
    assert info.value.text == text


def test_error_is_value_error_with_message_and_pickles() -> None:
    with pytest.raises(ValueError, match="明天") as info:
        parse_day("明天", 2024)
    error = info.value
    assert isinstance(error, DateFormatError)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, DateFormatError)
    assert (copy.text, copy.reason) == ("明天", "format")


def test_format_day() -> None:
    assert format_day(SEPT_10, "zh") == "2024年9月10日"
    assert format_day(SEPT_10, "en") == "2024-09-10"
    assert format_day(date(2024, 12, 1), "zh") == "2024年12月1日"
    assert format_day(date(2024, 12, 1), "en") == "2024-12-01"


def test_format_day_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="fr"):
        format_day(SEPT_10, "fr")


days = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))


def full_renderings(d: date) -> list[str]:
    y, m, dd = d.year, d.month, d.day
    forms = [f"{y}-{m:02d}-{dd:02d}", f"{y}-{m}-{dd}"]
    forms += [f"{y}{sep}{m}{sep}{dd}" for sep in "/."]
    forms += [f"{y}{sep}{m:02d}{sep}{dd:02d}" for sep in "/."]
    for end in ("日", "号", ""):
        forms += [f"{y}年{m}月{dd}{end}", f"{y}年{m:02d}月{dd:02d}{end}"]
    forms += [format_day(d, "zh"), format_day(d, "en")]
    return forms


def month_day_renderings(d: date) -> list[str]:
    m, dd = d.month, d.day
    forms = [f"{m}月{dd}日", f"{m}月{dd}号", f"{m}月{dd}", f"{m:02d}月{dd:02d}日"]
    forms += [f"{m}{sep}{dd}" for sep in "/-"]
    forms += [f"{m:02d}{sep}{dd:02d}" for sep in "/-"]
    return forms


@settings(max_examples=200, deadline=None)
@given(day=days, other_year=st.integers(min_value=2004, max_value=2030))
def test_every_rendering_parses_back(day: date, other_year: int) -> None:
    for text in full_renderings(day):
        assert parse_day(text, None) == day, text
        assert parse_day(f" {text} ", other_year) == day, text
    for text in month_day_renderings(day):
        assert parse_day(text, day.year) == day, text
        with pytest.raises(DateFormatError) as info:
            parse_day(text, None)
        assert info.value.reason == "needs_year"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("0123456789-/.年月日号 aT:\uff10\uff19")) | st.characters(),
        max_size=14,
    ),
    year=st.none() | st.integers(min_value=1, max_value=9999),
)
def test_never_fails_otherwise(text: str, year: int | None) -> None:
    """Any text either parses to a date or raises DateFormatError: never anything else."""
    try:
        result = parse_day(text, year)
    except DateFormatError as error:
        assert error.reason in ("format", "impossible", "needs_year")
        assert error.text == text
    else:
        assert isinstance(result, date)
        # Whatever parses is a whitelisted form, and it survives a round trip.
        assert parse_day(format_day(result, "en"), None) == result


# --- parse_in_span, split_time, parse_time, item_number (mutation-testing survivors) ---

from datetime import time  # noqa: E402

from qmonth.core.dates import item_number, parse_in_span, parse_time, split_time  # noqa: E402


def test_parse_in_span_includes_both_ends_of_the_span() -> None:
    low, high = date(2024, 9, 1), date(2024, 10, 9)
    assert parse_in_span("9月1日", low, high) == low
    assert parse_in_span("10/9", low, high) == high


def test_parse_in_span_finds_a_leap_day_after_a_common_year() -> None:
    # the span starts in a common year (no 2/29) and reaches into a leap year
    assert parse_in_span("2月29日", date(2023, 6, 1), date(2024, 6, 1)) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "low", "high", "reason", "found"),
    [
        ("2/30", date(2024, 1, 1), date(2024, 12, 31), "impossible", ""),
        ("3月1日", date(2024, 9, 1), date(2024, 10, 9), "outside_span", ""),
        ("1/15", date(2024, 1, 1), date(2025, 12, 31), "ambiguous", "2024-01-15, 2025-01-15"),
    ],
)
def test_parse_in_span_errors_name_the_text(text: str, low: date, high: date, reason: str, found: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_in_span(text, low, high)
    assert caught.value.reason == reason
    assert caught.value.text == text
    assert repr(text) in str(caught.value)
    assert caught.value.found == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9月10日17:00前", ("9月10日", time(17, 0))),
        ("9月10日17点半", ("9月10日", time(17, 30))),
        ("9月10日17点半前", ("9月10日", time(17, 30))),
        ("9月10日 17时半之前", ("9月10日", time(17, 30))),
        ("2024-09-10 08:05", ("2024-09-10", time(8, 5))),
        ("9月10日23:59", ("9月10日", time(23, 59))),
        ("9月10日24:00", ("9月10日", None)),  # the end of the day: a plain deadline
        ("9月10日24时前", ("9月10日", None)),
        ("9月10日前", ("9月10日", None)),
        ("9月10日 之前", ("9月10日", None)),
        ("2024-09-10以前", ("2024-09-10", None)),
        ("9月10日", ("9月10日", None)),
        # a separator before the "hour" means it is the day's own digits, not a time
        ("9/10点", ("9/10点", None)),
        ("9-10点", ("9-10点", None)),
        ("2024.9.10点", ("2024.9.10点", None)),
    ],
)
def test_split_time(text: str, expected: tuple[str, time | None]) -> None:
    assert split_time(text) == expected


@pytest.mark.parametrize("text", ["9月10日17:60", "9月10日25:00", "9月10日24:30", "9月10日24点1分"])
def test_split_time_refuses_an_hour_or_minute_that_is_not_one(text: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        split_time(text)
    assert caught.value.reason == "format"
    assert caught.value.text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17:00", time(17, 0)),
        ("8：30", time(8, 30)),
        ("17点半", time(17, 30)),
        ("24:00", time(23, 59, 59)),
        ("24时", time(23, 59, 59)),
        ("24点", time(23, 59, 59)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["2日17:00", "明天", "17:61", "24:30"])
def test_parse_time_refuses_anything_but_a_time(text: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_time(text)
    assert caught.value.reason == "format"
    assert text in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（一）", (1,)),
        ("（十）", (10,)),
        ("十二", (12,)),
        ("二十", (20,)),
        ("二十三", (23,)),
        ("百", (100,)),
        ("一百", (100,)),
        ("三百", (300,)),
        ("一百零五", (105,)),
        ("一百一十", (110,)),
        ("二百二十三", (223,)),
        ("四（一）", (4, 1)),
        ("（二）2", (2, 2)),
        ("3.1", (3, 1)),
        ("", ()),
    ],
)
def test_item_number(text: str, expected: tuple[int, ...]) -> None:
    assert item_number(text) == expected
