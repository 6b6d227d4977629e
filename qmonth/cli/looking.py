"""The commands that look at the campaign and change nothing: status, tasks, log, trend."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from qmonth.cli.common import (
    _calendar,
    _console,
    _lang,
    _load,
    _log_entries,
    _moment,
    _run,
    _screen_height,
    _today,
    _warn_git_setup,
    _warn_years,
    _write,
)
from qmonth.cli.complete import complete_unit
from qmonth.cli.options import (
    AtOpt,
    FileOpt,
    LangOpt,
    LogFormat,
    NowOpt,
    RemindFormat,
    StatusFormat,
    TodayOpt,
    TrendFormat,
    UnitsOpt,
)

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.store import Loaded
    from qmonth.i18n import Lang

DEMO = "examples/demo-campaign.toml"  # the demo campaign, from the repository's root


def status(
    file: FileOpt = None,
    today: TodayOpt = None,
    now: NowOpt = None,
    lang: LangOpt = None,
    unit: Annotated[
        Optional[list[str]],
        typer.Option(
            "--unit",
            "-u",
            metavar="UNIT",
            help="Show this unit's checklist (id or part of its name); repeatable.",
            autocompletion=complete_unit,
        ),
    ] = None,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", help="table (default), json, csv (for Excel) or markdown.")
    ] = StatusFormat.table,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all", "-a", help="List every overdue item (by default one line per unit when the list would not fit one screen)."
        ),
    ] = False,
    at: AtOpt = None,
) -> None:
    """Progress of every unit (done/total per theme, %, light) and the overdue list; after the campaign, the final summary."""

    def body() -> None:
        from qmonth.core.snapshot import status as snapshot

        loaded = _load(file, at)
        lg = _lang(lang, loaded)
        day, clock_time = _moment(today, now, loaded)
        cal = _calendar(loaded)
        c, selected, report = snapshot(loaded.campaign, day, cal, unit, loaded.base, fmt is StatusFormat.json, clock_time)
        _warn_years(cal, lg, loaded, day)
        _warn_git_setup(loaded, lg)
        _print_status(loaded, c, report, selected, fmt, show_all, day, lg)

    _run(lang, body)


def _print_status(
    loaded: Loaded, c: Any, report: Any, selected: list[str] | None, fmt: StatusFormat, show_all: bool, day: dt.date, lg: Lang
) -> None:
    """status in the format asked for: JSON, CSV, Markdown, each unit's checklist, or the screen."""
    if fmt is StatusFormat.json:  # each format imports only its own module
        from qmonth.notify.log import chase_counts
        from qmonth.outputs.json import status_json

        _write(status_json(c, report, chase_counts(_log_entries(loaded, day, lg))))
    elif fmt is StatusFormat.csv:
        from qmonth.outputs.csv import status_csv

        sys.stdout.flush()
        sys.stdout.buffer.write(status_csv(c, report, lg, checklist_view=bool(selected)).encode("utf-8"))
    elif fmt is StatusFormat.markdown:
        from qmonth.outputs.markdown import status_markdown

        _write(status_markdown(c, report, lg, checklist_view=bool(selected)))
    elif selected:
        from qmonth.outputs.chase_log import chase_history
        from qmonth.outputs.checklist import checklist

        console = _console()
        entries = _log_entries(loaded, day, lg)
        for uid in selected:
            console.print(checklist(c, report, uid, lg))
            history = [e for e in entries if e.unit == uid]
            if history:
                console.print(chase_history(c, history, lg))
    else:
        from qmonth.notify.log import chase_counts
        from qmonth.outputs.grid import print_fitted
        from qmonth.outputs.screen import status_screen

        console = _console()
        chases = chase_counts(_log_entries(loaded, day, lg))
        height = _screen_height(console)
        demo = DEMO if Path(DEMO).is_file() else None  # suggested only where it exists (not after `init`)
        screen = status_screen(c, report, lg, show_all=show_all, height=height, chases=chases, demo=demo)
        print_fitted(console, screen)


def tasks(
    file: FileOpt = None,
    lang: LangOpt = None,
    unit: Annotated[
        Optional[str],
        typer.Option(
            "--unit", "-u", metavar="UNIT", help="Only the tasks that apply to this unit.", autocompletion=complete_unit
        ),
    ] = None,
    fmt: Annotated[RemindFormat, typer.Option("--format", help="text (default) or json.")] = RemindFormat.text,
) -> None:
    """List the themes and tasks: ids (for done/undo/waive), deadlines, whom they apply to, the evidence asked for."""

    def body() -> None:
        from qmonth.core.resolve import resolve_unit
        from qmonth.outputs.json import tasks_json
        from qmonth.outputs.tasks import tasks_table

        loaded = _load(file)
        c, lg = loaded.campaign, _lang(lang, loaded)
        uid = resolve_unit(c, unit) if unit is not None else None
        if fmt is RemindFormat.json:
            _write(tasks_json(c, uid))
        else:
            _console().print(tasks_table(c, lg, uid))

    _run(lang, body)


def trend(
    file: FileOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    fmt: Annotated[
        TrendFormat, typer.Option("--format", help="chart (default), json or csv (one row a day, for Excel).")
    ] = TrendFormat.chart,
    at: AtOpt = None,
    unit: UnitsOpt = None,
) -> None:
    """Completion over time, overall and per unit, from the recorded done dates."""

    def body() -> None:
        from qmonth.core.resolve import resolve_units
        from qmonth.core.schedule import compute
        from qmonth.core.trend import from_report
        from qmonth.history import chart

        loaded = _load(file, at)
        c, lg = loaded.campaign, _lang(lang, loaded)
        day = _today(today, loaded)
        cal = _calendar(loaded)
        selected = resolve_units(c, unit) if unit else None
        series = from_report(c, compute(c, day, cal, units=selected))
        _warn_years(cal, lg, loaded, day)
        if fmt is TrendFormat.json:
            _write(chart.trend_json(series))
        elif fmt is TrendFormat.csv:
            sys.stdout.flush()
            sys.stdout.buffer.write(chart.trend_csv(series, lg).encode("utf-8"))
        else:
            _console().print(chart.trend_screen(c, series, lg))

    _run(lang, body)


def log_command(
    unit: UnitsOpt = None,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only entries on or after this day.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only entries on or before this day.")] = None,
    level: Annotated[
        Optional[list[str]],
        typer.Option(
            "--level", metavar="LEVEL", help="Only entries naming an item of this level: warn, chase, escalate or manual."
        ),
    ] = None,
    channel: Annotated[
        Optional[list[str]],
        typer.Option(
            "--channel", metavar="NAME", help="Only entries of this channel: a [notify.NAME], or phone/visit/letter/meeting."
        ),
    ] = None,
    fmt: Annotated[LogFormat, typer.Option("--format", help="table (default) or json.")] = LogFormat.table,
    file: FileOpt = None,
    lang: LangOpt = None,
) -> None:
    """The 催办 log (催办台账): one entry per unit per delivery and every manual chase, oldest first."""

    def body() -> None:
        from qmonth.cli.common import _parse_date_option, _today_span
        from qmonth.core.errors import UsageError
        from qmonth.core.resolve import resolve_units
        from qmonth.notify import log
        from qmonth.outputs.chase_log import log_table

        loaded = _load(file)
        c, lg = loaded.campaign, _lang(lang, loaded)
        units = resolve_units(c, unit) if unit else None
        low, high = (
            _parse_date_option(name, text, c.year, span=_today_span(c)) if text is not None else None
            for name, text in (("--since", since), ("--until", until))
        )
        for lv in level or ():
            if lv not in log.LEVELS:
                raise UsageError("usage_bad_choice", option="--level", value=lv, choices=", ".join(log.LEVELS))
        path = log.beside(loaded)
        entries = log.read(path) if path is not None else []
        known = list(dict.fromkeys([*c.notify, *log.BY, *(e.channel for e in entries)]))
        for ch in channel or ():
            if ch not in known:
                raise UsageError("usage_bad_choice", option="--channel", value=ch, choices=", ".join(known))
        entries = log.select(entries, units, until=high, since=low, levels=level or None, channels=channel or None)
        if fmt is LogFormat.json:
            _write(log.to_json(entries))
        else:
            _console().print(log_table(c, entries, lg))

    _run(lang, body)
