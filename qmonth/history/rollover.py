"""Next year's campaign from this year's file: the same themes, tasks, kinds and units, every date
moved to the new year, the year's records cleared, and what only a person can update marked.

Pure: text in, text and findings out; the CLI reads the file, and `create` writes the new one. Dates move
with python-dateutil's `relativedelta` (2024-02-29 + 1 year = 2025-02-28). The text is edited, not
regenerated: the records go in one pass of `tomledit.remove_tables` (every other byte stays), then
dates and markers are changed through tomlkit, which keeps comments, order and layout.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from qmonth.core.calendar import LONG_BREAK_DAYS, WorkCalendar
from qmonth.i18n import Lang, t

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from qmonth.core.model import Campaign

AFTER_HOLIDAY_WORKDAYS = 2  # a deadline on the 1st or 2nd working day after a long holiday is flagged
_DATE_KEYS = ("issued", "start", "end", "remind_until")  # in [campaign]
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Flag:
    """A moved deadline that deserves a look: on a rest day, or just after a long holiday."""

    key: str  # tasks.summary.deadline
    day: dt.date
    rest_day: bool
    holiday: tuple[dt.date, dt.date] | None = None  # the long holiday just before it
    nth: int = 0  # it is the nth working day after that holiday

    def message(self, lang: Lang) -> str:
        if self.rest_day:
            return t("rollover_rest_day", lang, date=self.day.isoformat(), weekday=_weekday(self.day, lang))
        assert self.holiday is not None
        first, last = self.holiday
        return t(
            "rollover_after_holiday",
            lang,
            date=self.day.isoformat(),
            start=first.isoformat(),
            end=last.isoformat(),
            days=(last - first).days + 1,
            nth=self.nth,
        )


@dataclass(frozen=True)
class Rolled:
    text: str
    year: int
    flags: list[Flag]
    marked: list[str]  # keys marked for the user to update
    unknown_years: list[int]  # years whose holiday schedule is unknown (deadlines judged Monday–Friday)


def _weekday(day: dt.date, lang: Lang) -> str:
    return ("星期" + "一二三四五六日"[day.weekday()]) if lang == "zh" else day.strftime("%A")


def move(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 2月29日 becomes 2月28日 in a common year."""
    return day + relativedelta(years=years)


def move_text(text: str, old: dt.date, new: dt.date) -> str:
    """A date typed as text, in the same form: 2024年9月10日 → 2025年9月10日, 9月10日 stays (its year is the
    campaign's), 2/29 → 2/28. The numbers are replaced in place, keeping their width."""
    numbers = [int(n) for n in _DIGITS.findall(text)]
    if numbers == [old.year, old.month, old.day]:
        values = iter([new.year, new.month, new.day])
    elif numbers == [old.month, old.day]:
        values = iter([new.month, new.day])
    else:  # a form we do not take apart: leave it to `check`
        return text
    return _DIGITS.sub(lambda m: str(next(values)).zfill(len(m.group())), text)


def deadline_flag(key: str, day: dt.date, cal: WorkCalendar) -> Flag | None:
    """A deadline on a rest day, or on one of the first working days after ≥3 rest days in a row."""
    if not cal.is_workday(day):
        return Flag(key, day, rest_day=True)
    nth, before = 1, day - dt.timedelta(days=1)
    while cal.is_workday(before):
        nth += 1
        before -= dt.timedelta(days=1)
        if nth > AFTER_HOLIDAY_WORKDAYS:
            return None
    run = cal.rest_run(before)
    assert run is not None  # `before` is a rest day
    if (run[1] - run[0]).days + 1 >= LONG_BREAK_DAYS:
        return Flag(key, day, rest_day=False, holiday=run, nth=nth)
    return None


def _comment(item: Any, note: str) -> None:
    """Put `note` in the comment beside `item`, before any comment already there."""
    trivia = item.trivia
    old = trivia.comment.lstrip("#").strip()  # "" when there is none
    trivia.comment = "# " + note + (" · " + old if old else "")
    if not trivia.comment_ws:
        trivia.comment_ws = "  "


def rollover(text: str, c: Campaign, year: int, keep_liaisons: bool, lang: Lang, source: str) -> Rolled:
    """This year's campaign text → next (or any) year's; `source`: the old file's name, for the header."""
    import tomlkit

    from qmonth.edit.tomledit import remove_tables

    years = year - c.year

    def record(path: tuple[str, ...]) -> bool:
        if len(path) < 3 or path[0] != "units":
            return False
        return path[2] in ("progress", "forms") or (path[2] == "liaison" and not keep_liaisons)

    text = remove_tables(text, record)
    doc = tomlkit.parse(text)
    units = doc["units"]  # (a campaign without units is refused before)
    for unit in units.values():  # records written inline or with dotted keys
        unit.pop("progress", None)
        unit.pop("forms", None)  # returned reply forms: this year's answers
        if not keep_liaisons:
            unit.pop("liaison", None)

    info = doc["campaign"]
    for key in _DATE_KEYS:
        if key in info:  # (the model has a date for each key the file has)
            info[key] = _moved(info[key], getattr(c.campaign, key), years)
    for tid, task in c.tasks.items():
        if task.deadline is not None:
            doc["tasks"][tid]["deadline"] = _moved(doc["tasks"][tid]["deadline"], task.deadline, years)
        if task.until is not None:
            doc["tasks"][tid]["until"] = _moved(doc["tasks"][tid]["until"], task.until, years)
        if task.repeat and _UNTIL.search(task.repeat):
            rule = _UNTIL.sub(lambda m: _move_until(m, years), task.repeat)
            doc["tasks"][tid]["repeat"] = rule  # (tomlkit keeps the comment beside a replaced value)

    # The new year's holidays come from the statutory schedule; last year's own entries are dropped.
    kept_holidays = [d for d in c.calendar.holidays if d.year != c.year]
    kept_workdays = [d for d in c.calendar.workdays if d.year != c.year]
    if "calendar" in doc:
        cal_table = doc["calendar"]
        for key, kept, old in (
            ("holidays", kept_holidays, c.calendar.holidays),
            ("workdays", kept_workdays, c.calendar.workdays),
        ):
            if key in cal_table and len(kept) != len(old):
                cal_table[key] = kept
                _comment(cal_table[key], t("rollover_calendar", lang, year=c.year))

    marked = []
    old_year, new_year = str(c.year), str(year)
    for key, code in (("title", "rollover_mark_title"), ("document", "rollover_mark_title")):
        if info.get(key):
            info[key] = str(info[key]).replace(old_year, new_year)
            _comment(info[key], t(code, lang, year=year))
            marked.append(f"campaign.{key}")
    for key, code in (("basis", "rollover_mark_basis"), ("theme", "rollover_mark_theme"), ("issued", "rollover_mark_issued")):
        if key in info and info[key] not in ("", []):
            _comment(info[key], t(code, lang, year=year))
            marked.append(f"campaign.{key}")

    cal = WorkCalendar(holidays=kept_holidays, workdays=kept_workdays)
    flags = []
    for tid, task in c.tasks.items():
        if task.deadline is not None:
            flag = deadline_flag(f"tasks.{tid}.deadline", move(task.deadline, years), cal)
            if flag is not None:
                flags.append(flag)
                _comment(doc["tasks"][tid]["deadline"], flag.message(lang))
    if any(task.deadline is None for task in c.tasks.values()):
        flag = deadline_flag("campaign.end", move(c.campaign.end, years), cal)
        if flag is not None:
            flags.append(flag)
            _comment(info["end"], flag.message(lang))

    out = tomlkit.dumps(doc)
    header = t("rollover_header", lang, source=source, old=c.year, year=year)
    head = "".join("# " + line + "\n" for line in header.split("\n")) + "#\n"
    return Rolled(head + out, year, flags, marked, sorted(cal.unknown_years))


_UNTIL = re.compile(r"(UNTIL=)(\d{4})(\d{2})(\d{2})", re.IGNORECASE)


def _move_until(m: re.Match[str], years: int) -> str:
    """UNTIL=20240930[T…] inside a repeat rule, moved like every other date."""
    try:
        new = move(dt.date(int(m.group(2)), int(m.group(3)), int(m.group(4))), years)
    except ValueError:  # not a date: `check` reports the rule
        return m.group(0)
    return f"{m.group(1)}{new:%Y%m%d}"


def _moved(item: Any, old: dt.date, years: int) -> Any:
    """The TOML item of a date moved by `years`: a TOML date stays a date, a date-time keeps its time
    of day (and offset), text stays text in its form."""
    import tomlkit

    new = move(old, years)
    if isinstance(item, str):
        moved: Any = move_text(str(item), old, new)
    elif isinstance(item, dt.datetime):  # deadline = 2024-09-10T17:00:00: due by 17:00 that day
        moved = dt.datetime.combine(new, item.timetz())
    else:
        moved = new
    return tomlkit.item(moved)  # assigned in its place, it keeps the comment beside it


def target(c: Campaign, year: int, source: Path, output: Path | None, refuse: Callable[[Path], None] | None = None) -> Path:
    """Where `year`'s campaign is written: `output` (`-`: standard output), else campaign-YEAR.toml
    beside `source`. Refuses a year out of range, this year, what `refuse` refuses (the CLI's `-o`
    check, shared with export and report: the campaign, its log, its evidence, a device or a
    folder), and a file that exists."""
    from qmonth.core.errors import FileError, UsageError
    from qmonth.core.validate import MAX_YEAR, MIN_YEAR

    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError("rollover_year_range", year=year)
    if year == c.year:
        raise UsageError("rollover_same_year", year=year)
    path = output if output is not None else source.with_name(f"campaign-{year}.toml")
    if refuse is not None:
        refuse(path)
    if str(path) != "-" and (path.exists() or path.is_symlink()):
        raise FileError("rollover_exists", path=path)
    return path


def project_text(old: str | None, name: str) -> str:
    """`qmonth.toml` naming `name` as the campaign the commands read: a new file, or `old` with its
    `campaign = …` line replaced (its comments kept)."""
    import re

    line = 'campaign = "' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if old is not None:
        new, count = re.subn(r"(?m)^[ \t]*campaign[ \t]*=.*$", lambda _m: line, old, count=1)
        if count:
            return new
    return "# The campaign file qmonth's commands read when no --file is given (written by qmonth rollover).\n" + line + "\n"


def create(path: Path, text: str) -> None:
    """Write a new file, never replacing one, atomically: a temporary file in the same folder,
    synced, then linked into place (which fails if the file appeared meanwhile). On any failure
    (a full disk, a file-size limit) nothing is left: no empty or partial file, no temporary."""
    from qmonth.edit.write import atomic_write_bytes

    atomic_write_bytes(path, text.encode("utf-8"), exists_code="rollover_exists")


def located(rolled: Rolled) -> list[tuple[Flag, int | None]]:
    """Each flag with the line of its key in the new text (None when it cannot be found)."""
    from qmonth.core.tomlscan import locate

    return [(flag, locate(rolled.text, tuple(flag.key.split(".")))) for flag in rolled.flags]
