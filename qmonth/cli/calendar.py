"""`qmonth calendar YEAR` (what qmonth assumes for a year's holidays) and `qmonth calendar import
FILE|-` (the State Council's 放假安排 notice, as published, into [calendar])."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from qmonth.cli.common import _calendar, _lang, _load, _run, _t, _write
from qmonth.cli.options import DryRunOpt, FileOpt, LangOpt
from qmonth.core.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.store import Loaded
    from qmonth.i18n import Lang

_ZH_DAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WEEKDAYS = tuple(zip(_ZH_DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


def calendar(
    what: Annotated[str, typer.Argument(help="A year (2027), or import.")],
    source: Annotated[
        Optional[str], typer.Argument(help="With import: the notice's text file, or - for standard input.")
    ] = None,
    year: Annotated[
        Optional[int], typer.Option("--year", help="With import: the notice's year (default: from its title).")
    ] = None,
    dry_run: DryRunOpt = False,
    file: FileOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show the holidays qmonth assumes for YEAR, or import the State Council's notice into [calendar]."""

    def body() -> None:
        if what == "import":
            if not source:
                raise UsageError("notice_needs_file")
            _import(source, year, dry_run, file, lang)
        elif what.isdigit() and 1900 <= int(what) <= 2100:
            loaded = _load(file)
            _show(int(what), loaded, _lang(lang, loaded))
        else:
            raise UsageError("calendar_what", text=what)

    _run(lang, body)


def _show(year: int, loaded: Loaded, lg: Lang) -> None:
    import datetime as dt

    cal = _calendar(loaded)
    published = cal.published(year)
    statutory = cal.statutory(year)
    expected = set() if published else cal.expected(year)
    entered = set(loaded.campaign.calendar.holidays) | set(loaded.campaign.calendar.workdays)
    lines = [_t("calendar_head_published" if published else "calendar_head_expected", lg, year=year)]
    rest: list[str] = []
    work: list[str] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        weekday = _WEEKDAYS[day.weekday()][0 if lg == "zh" else 1]
        workday = cal.is_workday(day)
        if day.weekday() < 5 and not workday:
            source = "entered" if day in entered else "published" if published else "expected"
            if source == "expected" and (day in statutory or day not in expected):
                source = "statutory"
            rest.append(f"  {day.isoformat()} {weekday}  {_t('calendar_source_' + source, lg)}")
        elif day.weekday() >= 5 and workday:
            source = "entered" if day in entered else "published"
            work.append(f"  {day.isoformat()} {weekday}  {_t('calendar_source_' + source, lg)}")
        day += dt.timedelta(days=1)
    lines.append(_t("calendar_rest", lg, count=len(rest)))
    lines += rest
    lines.append(_t("calendar_work", lg, count=len(work)))
    lines += work or ["  " + _t("calendar_work_unknown" if not published else "calendar_work_none", lg)]
    _write("\n".join(lines))


def _import(source: str, year: int | None, dry_run: bool, file: Path | None, lang: Any) -> None:
    import os

    from qmonth.core import holiday_notice
    from qmonth.core.escape import terminal_lines
    from qmonth.core.store import ENV_FILE, STDIN, find_file
    from qmonth.edit.write import Edit, apply

    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise UsageError("notice_unreadable", path=source) from None
    schedule = holiday_notice.parse(text, year)
    holiday_notice.check(schedule)
    path = find_file(file, os.environ.get(ENV_FILE))
    if path == STDIN:
        raise UsageError("stdin_not_writable")
    seen: list[Loaded] = []

    def plan(loaded: Loaded) -> list[Edit]:
        seen[:] = [loaded]
        raw = loaded.data.get("calendar", {})
        keep = {k: [v for v in raw.get(k, []) if not _of_year(v, schedule.year)] for k in ("holidays", "workdays")}
        holidays = keep["holidays"] + [a if a == b else f"{a.isoformat()}..{b.isoformat()}" for a, b in schedule.holidays]
        workdays = keep["workdays"] + list(schedule.workdays)
        published = sorted({*raw.get("published", []), schedule.year})
        return [Edit(("calendar",), {"holidays": holidays, "workdays": workdays, "published": published})]

    outcome = apply(path, plan, dry_run=dry_run)
    lg = _lang(lang, seen[0] if seen else None)
    sys.stdout.write(terminal_lines(outcome.diff(path.name)))
    if dry_run:
        typer.echo(_t("dry_run_note" if outcome.changed else "dry_run_no_change", lg), err=True)
    else:
        code = "notice_imported" if outcome.changed else "no_change"
        counts = {"days": len(schedule.rest_days), "work": len(schedule.workdays)}
        typer.echo(_t(code, lg, year=schedule.year, path=path, **counts), err=True)


def _of_year(value: Any, year: int) -> bool:
    """An entry of `year` (replaced by the import): a date of that year, or text that starts with it."""
    day: dt.date | None = value if hasattr(value, "year") else None
    if day is not None:
        return day.year == year
    return isinstance(value, str) and value.strip().startswith(str(year))
