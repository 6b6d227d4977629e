"""The types a campaign's dates, addresses and office phones are read as, for the models
(core/model.py): a date in any accepted form, resolved inside the span its field belongs to
(deadlines, done dates, `remind_until`…), or with the year written out (`issued`, `start`, `end`);
one plain e-mail address; an office phone."""

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, ValidationInfo
from pydantic_core import PydanticCustomError


def _to_day(value: Any, info: ValidationInfo, span_key: str | None = None) -> Any:
    """A TOML date, or text in an accepted form; a month/day form takes its year from the context:
    the one reading inside the span `span_key` names (deadlines, done dates), else the campaign's year."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_has_time", "a date without a time of day is expected")
    if isinstance(value, str):
        from qmonth.core.dates import DateFormatError, parse_day, parse_in_span

        context = info.context or {}
        span = context.get(span_key) if span_key else None
        try:
            if span is not None:
                return parse_in_span(value, span[0], span[1])
            return parse_day(value, context.get("year"))
        except DateFormatError as exc:
            if exc.reason in ("outside_span", "ambiguous") and span is not None:
                params = {"text": value, "low": span[0].isoformat(), "high": span[1].isoformat(), "found": exc.found}
                raise PydanticCustomError("date_" + exc.reason, "{text}: outside {low}..{high}", params) from None
            raise PydanticCustomError("date_text", "not a date: {text}", {"text": value, "reason": exc.reason}) from None
    if not isinstance(value, dt.date):
        raise PydanticCustomError("date_type", "a date is expected")
    return value


def _deadline_day(value: Any, info: ValidationInfo) -> Any:
    return _to_day(value, info, "deadline_span")


def span_day(value: Any, info: ValidationInfo) -> Any:
    return _to_day(value, info, "span")


def _year_day(value: Any, info: ValidationInfo) -> Any:
    """`issued`, `start`, `end`: they define the span, so a month/day form (no year) is refused."""
    if isinstance(value, str):
        from qmonth.core.dates import without_year

        if without_year(value):
            raise PydanticCustomError("date_needs_year", "write the year: {text}", {"text": value})
    return _to_day(value, info)


def _done_day(value: Any, info: ValidationInfo) -> Any:
    if value.__class__ is dt.date:  # a TOML date, as nearly every record has: nothing to read
        return value
    return _to_day(value, info, "done_span")


Day = Annotated[dt.date, BeforeValidator(_to_day)]
DeadlineDay = Annotated[dt.date, BeforeValidator(_deadline_day)]
DoneDay = Annotated[dt.date, BeforeValidator(_done_day)]
SpanDay = Annotated[dt.date, BeforeValidator(span_day)]  # remind_until, until, [calendar]: inside `span`
YearDay = Annotated[dt.date, BeforeValidator(_year_day)]  # issued, start, end: the year written out


def _email(value: str) -> str:
    """An address `remind --send` may write to: one plain address (no list, no line break, no name)."""
    from qmonth.core.fields import check

    if check("email", value) is not None:
        raise PydanticCustomError("field_email", "not an e-mail address: {value}", {"value": value})
    return value


Email = Annotated[str, AfterValidator(_email)]


def _office_phone(value: str) -> str:
    from qmonth.core.fields import check

    if check("phone", value) is not None:
        raise PydanticCustomError("field_phone", "not a phone number: {value}", {"value": value})
    return value


OfficePhone = Annotated[str, AfterValidator(_office_phone)]



#: the configuration of every campaign table: unknown keys are errors, values frozen once read
STRICT = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)
