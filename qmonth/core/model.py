"""The campaign as Pydantic models, exactly as campaign.toml spells it.

Unknown keys are errors (a typo in a hand-edited file must not pass silently). Dates are TOML
dates or text in the forms a Chinese office writes them ("2024年9月10日", "9月10日"); the year of
a month/day form comes from the validation context (the campaign's year).
"""

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

# the types dates, addresses and phones are read as
# the delivery and serve tables ([notify.NAME], [reminders], [serve]): Campaign holds them
from qmonth.core.model_delivery import Channel, Reminders, ServeConfig
from qmonth.core.model_delivery import Templates as Templates  # [reminders.templates], for the reference
from qmonth.core.model_types import STRICT, DeadlineDay, DoneDay, Email, OfficePhone, SpanDay, YearDay, span_day

ID_PATTERN = r"^[A-Za-z0-9_-]+$"
REMIND_GRACE_DAYS = 30  # after the last deadline, `remind` keeps chasing this long by default
_ID_RE = re.compile(ID_PATTERN)


DEADLINE_GRACE_DAYS = 120  # a deadline may fall this long after the campaign's end (a late summary)
Id = Annotated[str, Field(pattern=ID_PATTERN)]
WarnDays = Annotated[int, Field(ge=0, le=60, strict=True)]


class _Model(BaseModel):
    model_config = STRICT


class Contact(_Model):
    name: str  # the coordinator's name, signed under reminder letters
    office: str = ""  # the coordinator's office (科室), as in "质安科"
    phone: str = ""  # the coordinator's phone, given in reminder letters for questions
    messaging: str = ""  # a messaging account (WeChat, 粤政易) for questions
    email: Email = ""  # the coordinator's address: `remind --send` mails the digest here


def _contact_shape(value: Any) -> str:
    """`[campaign.contact]` is one table; `[[campaign.contact]]`, several (a notice naming two)."""
    return CONTACT_LIST if isinstance(value, list) else CONTACT_TABLE


# the tags pydantic puts into an error's location; core/problems.py takes them out again
CONTACT_TABLE, CONTACT_LIST = "contact-table", "contact-tables"
Contacts = Annotated[
    Annotated[Contact, Tag(CONTACT_TABLE)] | Annotated[list[Contact], Tag(CONTACT_LIST)],
    Discriminator(_contact_shape),
]


def _after(day: dt.date, days: int) -> dt.date:
    """`day` plus `days`, kept inside the calendar (a year-9999 typo is reported, not a crash)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


class CampaignInfo(_Model):
    title: str  # the campaign as the notice names it (2024年全市住房城乡建设系统“质量月”活动)
    issuer: str = ""  # the bureau that issued the notice, signing the letters
    document: str = ""  # the notice's document number or full title
    issued: YearDay | None = None  # the notice's issue date: nothing is due before it
    basis: list[str] = []  # the documents the notice is based on (上级文件)
    theme: str = ""  # the campaign's slogan (活动主题)
    start: YearDay  # first day of the activity period
    end: YearDay  # last day of the activity period: the implied deadline of tasks without one
    timezone: str = "Asia/Shanghai"  # where "today" is decided (an IANA zone name)
    language: Literal["zh", "en"] = "zh"  # the language of every screen and message (--lang overrides)
    warn_days: WarnDays = 3  # working days before a deadline an item turns yellow and is reminded of
    disclosure: str = ""  # the notice's disclosure category (公开方式: 主动公开, 依申请公开), kept as the notice gives it
    receipt_task: str = "receipt"  # the task `qmonth receipt` marks done
    remind_until: SpanDay | None = None  # `remind` goes quiet after this (default: last deadline + 30 days)
    # the coordinator, named in reminder letters: one table, or several ([[campaign.contact]]) when
    # the notice names more than one (联系人：张三 …；李四 …)
    contact: Contacts | None = None
    title_en: str = ""  # optional English title, shown with --lang en
    requires: str | None = None  # the qmonth the file needs (">=0.3"), checked by the reader first (core/requires.py)
    evidence: str = ""  # the folder evidence is copied into (`intake`), relative to the file; default "evidence"
    doc_number: str = ""  # 发文字号 of the 通报/总结, e.g. "湛建质〔2024〕XX号" (under the red 版头)
    to: str = ""  # 主送机关 of the 通报/总结; default: from the units' kinds (各县（市、区）住建部门，…：)
    title_lines: list[str] = []  # the title cut where a printed title may break: joined, exactly `title`

    @model_validator(mode="after")
    def _title_lines_join_to_title(self) -> "CampaignInfo":
        if self.title_lines and "".join(self.title_lines) != self.title:
            raise PydanticCustomError("title_lines", "title_lines do not join to the title", {"title": self.title})
        return self

    def title_for(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    @property
    def contacts(self) -> list[Contact]:
        """The issuer's contacts in the notice's order ([] if none)."""
        return self.contact if isinstance(self.contact, list) else [self.contact] if self.contact else []

    @property
    def callable_contacts(self) -> list[Contact]:
        """The contacts a letter can name: those with a name or a phone."""
        return [k for k in self.contacts if k.name or k.phone]

    @property
    def first_day(self) -> dt.date:
        """The campaign's first day: its start, or the notice's issue if that came first."""
        return min(self.start, self.issued) if self.issued else self.start

    @property
    def deadline_span(self) -> tuple[dt.date, dt.date]:
        """Where a deadline may fall: from the notice's issue (else the start) to a while after the end."""
        return (self.issued or self.start, _after(self.end, DEADLINE_GRACE_DAYS))

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """Where remind_until, until and [calendar] month/day dates are read: from the first day to
        the end of the deadline span plus the reminder grace (the default remind_until's latest)."""
        return (self.first_day, _after(self.end, DEADLINE_GRACE_DAYS + REMIND_GRACE_DAYS))

    @property
    def done_span(self) -> tuple[dt.date, dt.date]:
        """Where a done date written in the file may fall: from the first day to a while after the end."""
        return (self.first_day, _after(self.end, DEADLINE_GRACE_DAYS))


def _expand_ranges(value: Any, info: ValidationInfo) -> Any:
    """Dates and ranges "2027-10-01..2027-10-07" (both ends included) → the list of days."""
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for item in value:
        if isinstance(item, str) and ".." in item:
            first_text, last_text = (part.strip() for part in item.split("..", 1))
            first, last = span_day(first_text, info), span_day(last_text, info)
            if last < first or (last - first).days > MAX_CALENDAR_RANGE_DAYS:
                raise PydanticCustomError("calendar_range", "not a range of days: {text}", {"text": item})
            out += [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        else:
            out.append(item)
    return out


MAX_CALENDAR_RANGE_DAYS = 60  # the longest run of days one range may give (a typo'd year is not a holiday)
DayList = Annotated[list[SpanDay], BeforeValidator(_expand_ranges)]


class CalendarConfig(_Model):
    holidays: DayList = []  # dates, or ranges "2027-10-01..2027-10-07"
    workdays: DayList = []  # make-up working days (调休)
    published: list[Annotated[int, Field(ge=1900, le=2100)]] = []  # years whose published schedule is entered in full

    @property
    def covered_years(self) -> set[int]:
        """Years whose 调休 the file gives: any make-up working day in the year, or `published`."""
        return {d.year for d in self.workdays} | set(self.published)


class Theme(_Model):
    number: str = ""  # the notice's number for the theme, "（一）"
    short: str = ""  # column header in status; default: the number without brackets
    title: str  # the theme's title in the notice
    title_en: str = ""  # optional English title, shown with --lang en

    def title_for(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def header(self, theme_id: str) -> str:
        return self.short or self.number.strip("（）() ") or theme_id


class Task(_Model):
    theme: str  # the id of the theme the task belongs to
    title: str  # what the notice asks, in its words
    deadline: DeadlineDay | None = None  # the day; a time of day written with it goes to due_time
    due_time: dt.time | None = None  # "2024-09-10T17:00" / "9月10日17:00前": due by then that day
    applies_to: Annotated[list[str], Field(min_length=1)]  # unit ids and kinds (from [kinds]) the task applies to
    evidence: list[str] = []  # the evidence asked for, by kind (照片, 视频, 总结材料, 链接 …)
    warn_days: WarnDays | None = None  # this task's warning window in working days (default: the campaign's)
    note: str = ""  # a remark shown with the task
    repeat: str | None = None  # an RFC 5545 RRULE ("FREQ=WEEKLY;BYDAY=FR"): due on each occurrence
    until: SpanDay | None = None  # a recurring task's last possible occurrence (default: the campaign's end)
    number: str = ""  # the notice's sub-item number, e.g. "（二）2" or "2": sorts the task under its theme
    optional: bool = False  # 可组织 ("may hold"): counted only when done, never overdue
    title_en: str = ""  # optional English title, shown with --lang en
    shift: Literal["next", "previous"] | None = None  # 遇节假日顺延/提前: a deadline on a rest day moves
    opens: SpanDay | None = None  # a stage that starts later: not due, not counted, not recordable before
    after: str | None = None  # a relative deadline: a task or theme id whose deadline is the reference...
    months: Annotated[int, Field(ge=0, le=120, strict=True)] | None = None  # ...plus this many months
    days: Annotated[int, Field(ge=-366, le=3660, strict=True)] | None = None  # ...and/or days
    on: DeadlineDay | None = None  # an event on a date (全国安全宣传咨询日): held that day, never overdue
    # A task without a deadline of its own (the notice gave none) is due by the end of the activity
    # period: an implied deadline. `report_with = "summary"`: it is reported with that task (the 总结),
    # and chased with it, never on its own as "overdue".
    report_with: str | None = None

    @property
    def deadline_source(self) -> str:
        """ "notice": the file gives the deadline (the notice set it, or a recurring task's dates);
        "period": none given, so implied by the activity period's end."""
        given = self.deadline is not None or self.repeat or self.on is not None or self.after is not None
        return "notice" if given else "period"

    @model_validator(mode="before")
    @classmethod
    def _split_deadline_time(cls, data: Any) -> Any:
        """`deadline = 2024-09-10T17:00` (TOML) or "9月10日17:00前" (text): the day and the time apart."""
        if not isinstance(data, dict):
            return data
        value = data.get("deadline")
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                raise PydanticCustomError("deadline_offset", "give the time without a UTC offset")
            return {**data, "deadline": value.date(), "due_time": value.time()}
        if isinstance(value, str):
            from qmonth.core.dates import DateFormatError, split_time

            try:
                day_text, time = split_time(value)
            except DateFormatError:
                raise PydanticCustomError("deadline_bad_time", "not a time of day: {text}", {"text": value}) from None
            if time is not None or day_text != value:
                out = {**data, "deadline": day_text}
                if time is not None:
                    out["due_time"] = time
                return out
        return data

    def title_for(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    @property
    def order(self) -> tuple[int, ...]:
        """The sub-item number as numbers: "（二）2" → (2, 2); unnumbered tasks sort after numbered ones."""
        from qmonth.core.dates import item_number

        return item_number(self.number)


class Liaison(_Model):
    name: str = ""  # the liaison's name (姓名)
    gender: str = ""  # 性别
    workplace: str = ""  # the liaison's office (工作单位/科室)
    position: str = ""  # 职务
    phone: str = ""  # the liaison's landline (办公电话)
    mobile: str = ""  # the liaison's mobile (手机, 11 digits): called first, and @-mentioned by robots
    email: Email = ""  # optional: a liaison form may carry an address (issue 10 mails liaisons)

    @property
    def known(self) -> bool:
        return bool(self.name or self.phone or self.mobile)


FieldKind = Literal["text", "mobile", "landline", "phone", "email", "phone_or_email", "date", "choice"]
LIAISON_FIELD_IDS = ("name", "gender", "workplace", "position", "phone", "mobile", "email")


class FormField(_Model):
    """One field of a reply form: validated by its kind (a mobile is 11 digits, text fits `max`...)."""

    id: Id  # the field's id (letters, digits, - and _)
    label: str  # the column heading on the form (姓名, 手机 …)
    kind: FieldKind = "text"  # how values are checked: text, mobile, landline, phone, email, date, choice
    max: Annotated[int, Field(ge=1, le=100_000, strict=True)] | None = None  # longest text, in characters
    required: bool = False  # true: a return without it is refused
    options: list[str] = []  # for kind = "choice"
    label_en: str = ""  # optional English label, shown with --lang en

    def label_for(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label


class Form(_Model):
    """A reply form (回执, 反馈表) the notice asks units to return; returning it completes `task`.

    `rows = true`: the unit lists several rows (planned activities, suggested themes). `liaison =
    true`: the form names the unit's liaison, and its values are kept in [units.ID.liaison] (who is
    called and mentioned); field ids are then among the liaison's keys.
    """

    title: str  # the form's title in the notice
    task: str  # the task whose return completes it
    rows: bool = False  # true: several rows (a list of activities)
    liaison: bool = False  # true: the liaison form, its values kept in [units.ID.liaison]
    fields: Annotated[list[FormField], Field(min_length=1)]  # the form's fields ([[forms.ID.fields]])
    title_en: str = ""  # optional English title, shown with --lang en

    def title_for(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def field(self, field_id: str) -> FormField | None:
        return next((f for f in self.fields if f.id == field_id), None)


FormValue = str | dt.date | list[str | dt.date]


class Record(_Model):
    """A unit's progress on one task: done on a date, or waived with a reason."""

    done: DoneDay | None = None  # the day the task was done
    waived: str | None = None  # why the task does not apply to this unit (instead of done)
    # files beside the campaign (relative paths) or http(s) links, optionally "kind:" prefixed
    evidence: list[str] = Field(default_factory=lambda: [])
    note: str = ""  # a remark about the record


class Unit(_Model):
    name: str  # the unit's full name, as letters are addressed
    short: str = ""  # the short name shown in tables (赤坎区); default: the full name
    kind: str  # the unit's kind, a key of [kinds] ("county", "centre" …): tasks apply to kinds
    phone: OfficePhone = ""  # the unit office's own number, known before any receipt
    email: Email = ""  # the unit office's own address
    liaison: Liaison | None = None  # the liaison named in the unit's 回执 ([units.ID.liaison])
    # the unit's records, one table per task ([units.ID.progress.TASK])
    progress: dict[str, Record] = Field(default_factory=lambda: {})
    # returned forms (other than the liaison form): field → value(s); a factory, not {}: pydantic
    # deep-copies a mutable default for every unit that lacks the key (3,000 in a national file)
    forms: dict[str, dict[str, FormValue]] = Field(default_factory=lambda: {})
    # false: a class of recipients the notice addresses without naming them (各镇（街道）, 各有关单位):
    # one row until listed by name; reminded through the coordinator, never recorded against
    named: bool = True

    @model_validator(mode="before")
    @classmethod
    def _form_rows_as_columns(cls, data: Any) -> Any:
        """A multi-row form is written one table per row (`[[units.ID.forms.FORM]]`, a list of
        tables); files written before keep one array per field. Both read as one array per field
        (what `Campaign.form_rows` and the checks expect), a row's missing field as ""."""
        if not isinstance(data, dict) or not isinstance(forms := data.get("forms"), dict):
            return data
        if not any(_is_rows(v) for v in forms.values()):
            return data
        return {**data, "forms": {fid: _columns(v) if _is_rows(v) else v for fid, v in forms.items()}}

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
    campaign: CampaignInfo  # the notice: title, dates, language, contact
    kinds: dict[str, str] = {}  # kind id → its name: the kinds of unit tasks apply to
    # holidays and make-up working days qmonth's calendar does not know yet
    calendar: CalendarConfig = Field(default_factory=lambda: CalendarConfig.model_construct())
    themes: dict[str, Theme]  # the notice's themes （一）…（八）, by id
    tasks: dict[str, Task]  # every task of the notice, by id
    units: dict[str, Unit]  # every unit the notice goes to, by id
    forms: dict[str, Form] = {}  # the reply forms the notice asks for (回执, 反馈表)

    def form_rows(self, unit_id: str, form_id: str) -> list[dict[str, str]]:
        """A unit's returned form as rows of field id → text ([] when not returned). The liaison
        form reads the unit's liaison; a multi-row form keeps one array per field."""
        form = self.forms[form_id]
        unit = self.units[unit_id]
        if form.liaison:
            if unit.liaison is None:
                return []
            row = {f.id: str(getattr(unit.liaison, f.id, "") or "") for f in form.fields}
            return [row] if any(row.values()) else []
        values = unit.forms.get(form_id)
        if not values:
            return []
        if not form.rows:
            return [{f.id: _text(values.get(f.id, "")) for f in form.fields}]
        count = max((len(v) for v in values.values() if isinstance(v, list)), default=0)
        return [
            {f.id: _text(v[n]) if isinstance(v := values.get(f.id, []), list) and n < len(v) else "" for f in form.fields}
            for n in range(count)
        ]

    # delivery channels by name (robots, mail, webhooks); their URLs and secrets come from the environment
    notify: dict[str, Channel] = {}
    # when reminders escalate, and the message texts
    reminders: Reminders = Field(default_factory=lambda: Reminders.model_construct())
    serve: ServeConfig = Field(default_factory=lambda: ServeConfig.model_construct())  # how `qmonth serve` takes reports

    @property
    def year(self) -> int:
        return self.campaign.start.year

    _calendar: Any = PrivateAttr(default=None)
    _relative: frozenset[str] = PrivateAttr(default=frozenset())  # tasks whose deadline `after` gave

    @model_validator(mode="after")
    def _relative_deadlines(self) -> "Campaign":
        """`after` + `months`/`days`: the deadline is the reference's (a task's, or a theme's latest)
        plus that much, by dateutil's relativedelta (6月30日 + 6 months = 12月30日; 8月31日 + 6 months =
        2月28日). One that cannot be resolved (an unknown id, a cycle) is left without a deadline and
        reported by `check` (validate.check_references)."""
        tasks = self.tasks
        wanted = [tid for tid, t in tasks.items() if t.after is not None and t.deadline is None and not (t.on or t.repeat)]
        if not wanted:
            return self
        from dateutil.relativedelta import relativedelta

        resolved: dict[str, dt.date] = {}

        def task_due(tid: str, seen: frozenset[str]) -> dt.date | None:
            task = self.tasks[tid]
            if tid not in wanted:
                return self.due(task)
            if tid in resolved:
                return resolved[tid]
            if tid in seen or task.after is None:
                return None  # a cycle
            reference = reference_day(task.after, seen | {tid})
            if reference is None:
                return None
            try:
                day = reference + relativedelta(months=task.months or 0, days=task.days or 0)
            except (OverflowError, ValueError):
                return None
            resolved[tid] = day
            return day

        def reference_day(ref: str, seen: frozenset[str]) -> dt.date | None:
            ids = [ref] if ref in self.tasks else [tid for tid, t in self.tasks.items() if t.theme == ref]
            days = [task_due(tid, seen) for tid in ids]
            if not days or any(d is None for d in days):
                return None
            return max(d for d in days if d is not None)

        for tid in wanted:
            task_due(tid, frozenset())
        for tid, day in resolved.items():
            self.tasks[tid] = self.tasks[tid].model_copy(update={"deadline": day})
        self._relative = frozenset(resolved)
        return self

    def due(self, task: Task) -> dt.date:
        """A task's deadline; a task without one is due at the end of the campaign; an event, on its
        day. A deadline on a rest day moves to the next (previous) working day when the task says `shift`."""
        if task.on is not None:
            return task.on
        if task.deadline is not None and task.shift is not None:
            return self.shifted(task.deadline, task.shift)
        return task.deadline or task.until or self.campaign.end  # a recurring task: its last possible day

    def not_open(self, task: Task, today: dt.date) -> bool:
        """Whether the task's stage has not opened yet on `today` (its `opens` is later)."""
        return task.opens is not None and today < task.opens

    def shifted(self, day: dt.date, how: str) -> dt.date:
        """`day`, or the next (`how` = "next") or previous working day when it is a rest day
        (遇节假日顺延/提前), by the campaign's working-day calendar."""
        if self._calendar is None:
            from qmonth.core.calendar import WorkCalendar

            entries = self.calendar
            try:
                self._calendar = WorkCalendar(entries.holidays, entries.workdays, entries.covered_years)
            except ValueError:  # a day both a holiday and a workday: `check` reports it; no shift
                self._calendar = False
        cal = self._calendar
        step = dt.timedelta(days=1 if how == "next" else -1)
        for _ in range(60):  # the longest rest run is 9 days; a calendar typo is not followed for ever
            if cal is False or cal.is_workday(day):
                return day
            try:
                day += step
            except OverflowError:
                return day
        return day

    @property
    def last_deadline(self) -> dt.date:
        return max([self.campaign.end, *(self.due(t) for t in self.tasks.values())])

    @property
    def remind_until(self) -> dt.date:
        return self.campaign.remind_until or self.last_deadline + dt.timedelta(days=REMIND_GRACE_DAYS)

    @property
    def option_span(self) -> tuple[dt.date, dt.date]:
        """Where a month/day date option (--today, --for, --at) is read: from the first day until
        reminders stop."""
        low, high = self.campaign.done_span
        return low, max(high, self.remind_until)

    def ordered_tasks(self) -> list[str]:
        """Task ids in the order they are shown: by theme (file order), then sub-item number, then file order."""
        themes = {th: n for n, th in enumerate(self.themes)}
        position = {tid: n for n, tid in enumerate(self.tasks)}

        def key(tid: str) -> tuple[int, int, tuple[int, ...], int]:
            task = self.tasks[tid]
            number = task.order
            return (themes.get(task.theme, len(themes)), 0 if number else 1, number, position[tid])

        return sorted(self.tasks, key=key)

    def applies(self, task: Task, unit_id: str) -> bool:
        return unit_id in task.applies_to or self.units[unit_id].kind in task.applies_to


def _is_rows(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Rows (one table each) as one array per field, in the order fields first appear."""
    names = list(dict.fromkeys(k for row in rows for k in row))
    return {k: [row.get(k, "") for row in rows] for k in names}


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def is_id(text: str) -> bool:
    return bool(_ID_RE.match(text))
