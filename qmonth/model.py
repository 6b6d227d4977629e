"""The campaign as Pydantic models, exactly as campaign.toml spells it.

Unknown keys are errors (a typo in a hand-edited file must not pass silently). Dates are TOML
dates or text in the forms a Chinese office writes them ("2024年9月10日", "9月10日"); the year of
a month/day form comes from the validation context (the campaign's year).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9_-]+$"
REMIND_GRACE_DAYS = 30  # after the last deadline, `remind` keeps chasing this long by default
_ID_RE = re.compile(ID_PATTERN)


def _to_day(value: Any, info: ValidationInfo) -> Any:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_has_time", "a date without a time of day is expected")
    if isinstance(value, str):
        from qmonth.dates import DateFormatError, parse_day

        year = (info.context or {}).get("year")
        try:
            return parse_day(value, year)
        except DateFormatError as exc:
            raise PydanticCustomError("date_text", "not a date: {text}", {"text": value, "reason": exc.reason}) from None
    if not isinstance(value, dt.date):
        raise PydanticCustomError("date_type", "a date is expected")
    return value


Day = Annotated[dt.date, BeforeValidator(_to_day)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
WarnDays = Annotated[int, Field(ge=0, le=60, strict=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Contact(_Model):
    name: str
    office: str = ""
    phone: str = ""
    messaging: str = ""


class CampaignInfo(_Model):
    title: str
    issuer: str = ""
    document: str = ""
    issued: Day | None = None
    basis: list[str] = []
    theme: str = ""
    start: Day
    end: Day
    timezone: str = "Asia/Shanghai"
    language: Literal["zh", "en"] = "zh"
    warn_days: WarnDays = 3
    disclosure: str = ""
    receipt_task: str = "receipt"  # the task `qmonth receipt` marks done
    remind_until: Day | None = None  # `remind` goes quiet after this (default: last deadline + 30 days)
    contact: Contact | None = None


class CalendarConfig(_Model):
    holidays: list[Day] = []
    workdays: list[Day] = []


class Theme(_Model):
    number: str = ""
    short: str = ""  # column header in status; default: the number without brackets
    title: str

    def header(self, theme_id: str) -> str:
        return self.short or self.number.strip("（）() ") or theme_id


class Task(_Model):
    theme: str
    title: str
    deadline: Day | None = None
    applies_to: Annotated[list[str], Field(min_length=1)]
    evidence: list[str] = []
    warn_days: WarnDays | None = None
    note: str = ""
    repeat: str | None = None  # an RFC 5545 RRULE ("FREQ=WEEKLY;BYDAY=FR"): due on each occurrence
    until: Day | None = None  # a recurring task's last possible occurrence (default: the campaign's end)


def _office_phone(value: str) -> str:
    from qmonth.fields import check

    if check("phone", value) is not None:
        raise PydanticCustomError("field_phone", "not a phone number: {value}", {"value": value})
    return value


def _office_email(value: str) -> str:
    from qmonth.fields import check

    if check("email", value) is not None:
        raise PydanticCustomError("field_email", "not an e-mail address: {value}", {"value": value})
    return value


OfficePhone = Annotated[str, AfterValidator(_office_phone)]
Email = Annotated[str, AfterValidator(_office_email)]


class Liaison(_Model):
    name: str = ""
    gender: str = ""
    workplace: str = ""
    position: str = ""
    phone: str = ""
    mobile: str = ""
    email: str = ""  # optional: a liaison form may carry an address (issue 10 mails liaisons)

    @property
    def known(self) -> bool:
        return bool(self.name or self.phone or self.mobile)


class Record(_Model):
    """A unit's progress on one task: done on a date, or waived with a reason."""

    done: Day | None = None
    waived: str | None = None
    evidence: list[str] = []
    note: str = ""


class Unit(_Model):
    name: str
    short: str = ""
    kind: str
    phone: OfficePhone = ""  # the unit office's own number, known before any receipt
    email: Email = ""  # the unit office's own address
    liaison: Liaison | None = None
    progress: dict[str, Record] = {}

    @property
    def label(self) -> str:
        return self.short or self.name

    @property
    def liaison_known(self) -> bool:
        return self.liaison is not None and self.liaison.known

    @property
    def contact_phone(self) -> str:
        """Whom to call: the liaison's mobile, else the liaison's landline, else the office's phone."""
        if self.liaison is not None and (self.liaison.mobile or self.liaison.phone):
            return self.liaison.mobile or self.liaison.phone
        return self.phone

    @property
    def contact_email(self) -> str:
        """Where to write: the liaison's address (from the liaison form), else the office's; "" if none."""
        if self.liaison is not None and self.liaison.email:
            return self.liaison.email
        return self.email


class Campaign(_Model):
    campaign: CampaignInfo
    kinds: dict[str, str] = {}
    calendar: CalendarConfig = CalendarConfig()
    themes: dict[str, Theme]
    tasks: dict[str, Task]
    units: dict[str, Unit]

    @property
    def year(self) -> int:
        return self.campaign.start.year

    def due(self, task: Task) -> dt.date:
        """A task's deadline; a task without one is due at the end of the campaign."""
        return task.deadline or task.until or self.campaign.end  # a recurring task: its last possible day

    @property
    def last_deadline(self) -> dt.date:
        return max([self.campaign.end, *(self.due(t) for t in self.tasks.values())])

    @property
    def remind_until(self) -> dt.date:
        return self.campaign.remind_until or self.last_deadline + dt.timedelta(days=REMIND_GRACE_DAYS)

    def applies(self, task: Task, unit_id: str) -> bool:
        return unit_id in task.applies_to or self.units[unit_id].kind in task.applies_to


def is_id(text: str) -> bool:
    return bool(_ID_RE.match(text))
