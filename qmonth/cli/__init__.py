"""The command line: parse options, compute "today" once, call the library, print.

Everything else lives in its own module; errors are turned into messages in `_fail` only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import click
import typer
import typer.core

from qmonth.cli.complete import complete_task, complete_unit
from qmonth.core.errors import (
    EXIT_FILE,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    CampaignInvalid,
    FileError,
    QmonthError,
    UsageError,
    os_reason,
)

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.calendar import WorkCalendar
    from qmonth.core.chases import Chases
    from qmonth.core.store import Loaded
    from qmonth.i18n import Lang


class _HelpContext(click.Context):
    """A context whose help (-h) is written in the user's language (qmonth/cli/helptext.py)."""

    def make_formatter(self) -> click.HelpFormatter:
        from qmonth.cli.helptext import formatter

        return formatter(self)


class _Commands(typer.core.TyperGroup):
    """The command group: refuses an empty value for any option that takes one (`--on ""` must
    not silently mean today), for every command, before the command runs; and turns every usage
    error (Click's English "Error: Invalid value for …") into one message in the user's language
    (qmonth/cli/usage.py), exit code 2. Help and the completion options speak that language too."""

    context_class = _HelpContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault("qmonth.args", list(args))  # usage.ARGS_META: help's language reads it
        if ctx.parent is None:
            _localize(self)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None:
            _refuse_empty_values(cmd, rest)
        return name, cmd, rest

    def make_context(self, info_name: Any, args: list[str], parent: Any = None, **extra: Any) -> Any:
        typed = list(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _localized(exc, typed) from None

    def invoke(self, ctx: Any) -> Any:
        typed = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _localized(exc, typed) from None


def _localize(group: click.Group) -> None:
    """Every command's help, and Typer's completion options, in the user's language (set once the
    tree is built, before the command line is parsed; nothing is imported until help is shown)."""
    from functools import partial

    from qmonth.cli.complete import localized

    todo: list[Any] = list(group.commands.values())
    while todo:
        cmd = todo.pop()
        cmd.context_class = _HelpContext
        todo += getattr(cmd, "commands", {}).values()
    for param in group.params:
        if param.name in ("install_completion", "show_completion") and not isinstance(param.callback, partial):
            param.callback = partial(localized, param.callback)


def _localized(exc: Any, args: list[str]) -> Any:
    from qmonth.cli import usage

    if isinstance(exc, (click.exceptions.NoArgsIsHelpError, _UsageShown)):
        return exc
    return _UsageShown(usage.message(exc, usage.lang_for(args)), exc.ctx)


class _UsageShown(click.UsageError):
    """A usage error already worded for the user: printed as is (no "Usage:"/"Error:")."""

    def show(self, file: Any = None) -> None:
        from qmonth.outputs.text import lit

        typer.echo("\n".join(lit(line) for line in self.message.split("\n")), err=True)


def _refuse_empty_values(cmd: Any, args: list[str]) -> None:
    import click

    takes_value = {
        opt
        for param in cmd.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for opt in (*param.opts, *param.secondary_opts)
    }
    for n, arg in enumerate(args):
        if arg == "--":
            return
        name, eq, value = arg.partition("=")
        empty = (eq and name in takes_value and not value) or (arg in takes_value and n + 1 < len(args) and not args[n + 1])
        if empty:
            from qmonth.cli.usage import Coded

            raise Coded("empty_option", option=name)


app = typer.Typer(
    cls=_Commands,
    name="qmonth",
    help="Track a 质量月 campaign from one TOML file: who has done what, what is overdue, whom to call.",
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish)
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"qmonth {version('qmonth')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("qmonth (not installed)")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show qmonth's version and exit.")
    ] = False,
) -> None:
    """Track a 质量月 campaign from one TOML file: who has done what, what is overdue, whom to call."""


class LangChoice(StrEnum):
    zh = "zh"
    en = "en"


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class RemindFormat(StrEnum):
    text = "text"
    json = "json"


FileOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Campaign file (default: $QMONTH_FILE, else campaign.toml here or in a parent folder).",
    ),
]
TodayOpt = Annotated[
    Optional[str],
    typer.Option(
        "--today",
        metavar="DATE",
        help="Pretend today is this date (2024-09-20, 2024年9月20日, 9/20). Default: today in the campaign's time zone.",
    ),
]
AtOpt = Annotated[
    Optional[str],
    typer.Option(
        "--at",
        help="Read the file as it was at a git revision: a commit, tag or branch, or a date (the last commit on or before it;"
        " that date is then today unless --today says otherwise).",
    ),
]
UnitsOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--unit",
        "-u",
        metavar="UNIT",
        help="Only this unit (id or part of its name); repeatable.",
        autocompletion=complete_unit,
    ),
]
LangOpt = Annotated[Optional[LangChoice], typer.Option("--lang", help="Language of the output (default: the campaign's).")]
NowOpt = Annotated[
    Optional[str],
    typer.Option(
        "--now",
        help="Pretend it is this moment, in the campaign's time zone (2024-09-10T17:30, 9月10日17:30, or 17:30 "
        "with --today): decides deadlines with a time of day. Default: the clock.",
    ),
]

T = TypeVar("T")


# ── the edge: language, today, errors ─────────────────────────────────────────


def _lang(option: LangChoice | None, loaded: Loaded | None = None) -> Lang:
    if option is not None:
        return option.value  # type: ignore[return-value]
    env = os.environ.get("QMONTH_LANG", "")
    if env in ("zh", "en"):
        return env  # type: ignore[return-value]
    return loaded.campaign.campaign.language if loaded is not None else "zh"


def clock() -> dt.datetime:
    """The only read of the clock in qmonth: the current instant, aware (UTC).

    Injected at the CLI edge: tests replace `qmonth.cli.clock` to run any command "now" at a chosen
    instant, with no --today and no time-faking library.
    """
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def _today(option: str | None, loaded: Loaded) -> dt.date:
    """The one place "today" is decided: --today, else the clock in the campaign's time zone.

    A month/day --today (1月5日) is the one such day inside the campaign's span; none or two
    readings there is an error asking for the year."""
    from qmonth.core.dates import local_day

    camp = loaded.campaign
    if option is None and loaded.revision is not None and loaded.revision.day is not None:
        return loaded.revision.day  # --at DATE: the campaign as it stood that day
    if option is None:
        return local_day(clock(), camp.campaign.timezone)
    return _parse_date_option("--today", option, camp.year, span=_today_span(camp))


def _today_span(c: Any) -> tuple[dt.date, dt.date]:
    """Where a month/day --today is read: from the campaign's first day until reminders stop."""
    low, high = c.campaign.done_span
    return low, max(high, c.remind_until)


def _moment(today: str | None, now: str | None, loaded: Loaded) -> tuple[dt.date, dt.time | None]:
    """Today and the time of day: --now (a date and time, or a time with --today), else --today
    (no time: a deadline with a time is still due that day), else the clock."""
    from zoneinfo import ZoneInfo

    from qmonth.core.dates import DateFormatError, parse_time, split_time

    camp = loaded.campaign
    if now is None:
        if today is not None or (loaded.revision is not None and loaded.revision.day is not None):
            return _today(today, loaded), None  # a day without a time: --today, or --at DATE
        local = clock().astimezone(ZoneInfo(camp.campaign.timezone))
        return local.date(), local.time().replace(tzinfo=None)
    day_text, at = split_time(now)
    try:
        if at is None:
            at = parse_time(now)
            day_text = ""
    except DateFormatError:
        raise UsageError("bad_now_option", text=now) from None
    if day_text:
        day = _parse_date_option("--now", day_text, camp.year, span=_today_span(camp))
        if today is not None and _today(today, loaded) != day:
            raise UsageError("now_conflicts", now=now, today=today)
        return day, at
    return _today(today, loaded), at


def _parse_date_option(name: str, text: str, year: int | None, span: tuple[dt.date, dt.date] | None = None) -> dt.date:
    """A date option; with `span`, a month/day form takes the one year that puts it inside."""
    from qmonth.core.dates import DateFormatError, parse_day, parse_in_span

    try:
        day = parse_in_span(text, *span) if span is not None else parse_day(text, year)
    except DateFormatError as exc:
        if exc.reason in ("outside_span", "ambiguous") and span is not None:
            low, high = (d.isoformat() for d in span)
            raise UsageError("option_" + exc.reason, option=name, text=text, low=low, high=high, found=exc.found) from None
        code = "date_impossible_option" if exc.reason == "impossible" else "bad_date_option"
        raise UsageError(code, option=name, text=text) from None
    if not 1900 <= day.year <= 2100:
        raise UsageError("date_out_of_range", option=name, text=text)
    return day


def _load(file: Path | None, at: str | None = None) -> Loaded:
    from qmonth.core.store import find_file, load

    return load(find_file(file), at)


def _calendar(loaded: Loaded) -> WorkCalendar:
    from qmonth.core.schedule import calendar_for

    return calendar_for(loaded.campaign)


def _warn_years(cal: WorkCalendar, lang: Lang, loaded: Loaded, today: dt.date | None = None) -> None:
    """One note per year whose holiday schedule is unknown: the campaign's years, and today's while
    the campaign is still chased (after `remind_until` today's year changes nothing shown)."""
    c = loaded.campaign
    now = {today.year} if today is not None and today <= c.remind_until else set()
    relevant = set(range(c.campaign.start.year, c.last_deadline.year + 1)) | now
    for year in sorted(cal.unknown_years & relevant):
        typer.echo(_t("year_unknown", lang, year=year), err=True)


def _t(code: str, lang: Lang, **params: Any) -> str:
    from qmonth.i18n import t
    from qmonth.outputs.text import lit

    picked = {k: (v[0] if lang == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in params.items()}
    return lit(t(code, lang, **picked))


def _problem_line(path: str, p: Any, lang: Lang) -> str:
    where = f"{path}:{p.line}" if p.line else path
    return f"{where}: {_t(p.code, lang, key=p.key, **p.params)}"


def _fail(exc: QmonthError, lang: Lang) -> int:
    if isinstance(exc, CampaignInvalid):
        # the problems in file order; warnings (that alone would not fail) apart and not counted
        def in_order(found: list[Any]) -> list[Any]:
            return sorted(found, key=lambda p: (p.line is None, p.line or 0))

        errors = in_order([p for p in exc.problems if not getattr(p, "warning", False)])
        warnings = in_order([p for p in exc.problems if getattr(p, "warning", False)])
        if not errors:
            errors, warnings = warnings, []
        typer.echo(_t(exc.code, lang, **{**exc.params, "count": len(errors)}), err=True)
        for p in errors:
            typer.echo("  " + _problem_line(exc.path, p, lang), err=True)
        if warnings:
            typer.echo(_t("warnings_only", lang, count=len(warnings)), err=True)
            for p in warnings:
                typer.echo("  " + _problem_line(exc.path, p, lang), err=True)
    else:
        typer.echo(_t(exc.code, lang, **exc.params), err=True)
        from qmonth.i18n import t

        more = exc.code + "_more"  # lines of our own (an example to paste), kept multi-line
        if t(more, lang) != more:
            typer.echo(t(more, lang), err=True)
    return exc.exit_code


def _run(lang_opt: LangChoice | None, body: Callable[[], T]) -> T:
    """Run a command body; every expected error becomes one message and an exit code."""
    try:
        return body()
    except QmonthError as exc:
        lang: Lang = _lang(lang_opt)
        where = exc.path if isinstance(exc, CampaignInvalid) else exc.params.get("path")
        if where and lang_opt is None and not os.environ.get("QMONTH_LANG"):
            from qmonth.core.store import peek_language

            lang = peek_language(str(where)) or lang  # type: ignore[assignment]  # an English campaign still speaks English
        raise typer.Exit(_fail(exc, lang)) from None
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:  # Ctrl-C where no signal handler was set (in tests): quietly, 130
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:  # writing the output failed (a full disk behind stdout, a closed pipe)
        import errno

        if exc.errno == errno.EPIPE:
            raise typer.Exit(EXIT_FILE) from None
        typer.echo(_t("output_failed", _lang(lang_opt), reason=os_reason(exc)), err=True)
        raise typer.Exit(EXIT_FILE) from None
    except Exception as exc:  # a bug: say so plainly, without a traceback, unless debugging
        if os.environ.get("QMONTH_DEBUG"):
            raise
        msg = _t("internal_error", _lang(lang_opt), kind=type(exc).__name__, detail=exc)
        typer.echo(msg, err=True)
        raise typer.Exit(70) from None


def _run_code(lang_opt: LangChoice | None, body: Callable[[], object]) -> int:
    """Like _run, but return the exit code instead of exiting (for commands over several files)."""
    try:
        _run(lang_opt, body)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    return 0


MAX_COLUMNS = 1000


def _columns() -> int | None:
    """The width to draw at: $COLUMNS when it is a sane number; a bogus one (0, negative, huge,
    not a number) is ignored — the terminal's width, or 80 — so it can never change or silence
    the output (Rich draws nothing at width 0)."""
    raw = os.environ.get("COLUMNS")
    if raw is None:
        return None  # Rich asks the terminal, or uses 80
    try:
        width = int(raw)
    except ValueError:
        width = 0
    if 1 <= width <= MAX_COLUMNS:
        return width
    try:
        width = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ is not None else 0
    except (OSError, ValueError):
        width = 0
    return width if 1 <= width <= MAX_COLUMNS else 80


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, emoji=False, markup=False, width=_columns())


def _screen_height(console: Any) -> int | None:
    """Lines of one screen on a terminal: $LINES, else the terminal's, less the line of the shell's
    prompt that follows; None when the output is not a terminal (a pipe, a file, a mail), even with
    an exported $LINES: what goes to a file is never folded."""
    if not console.is_terminal:
        return None
    lines = os.environ.get("LINES", "")
    if lines.isdigit() and int(lines) > 0:
        return max(int(lines) - 1, 1)
    return max(int(console.size.height) - 1, 1)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ── commands ──────────────────────────────────────────────────────────────────


@app.command()
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
        from qmonth.core.resolve import resolve_units
        from qmonth.core.schedule import as_of, compute
        from qmonth.outputs.chase_log import chase_history
        from qmonth.outputs.checklist import checklist
        from qmonth.outputs.csv import status_csv
        from qmonth.outputs.json import status_json
        from qmonth.outputs.markdown import status_markdown
        from qmonth.outputs.screen import status_screen

        loaded = _load(file, at)
        c, lg = loaded.campaign, _lang(lang, loaded)
        day, clock_time = _moment(today, now, loaded)
        c = as_of(c, day)  # as it stood that day: a liaison named by a later receipt is not known yet
        selected = resolve_units(c, unit) if unit else None
        cal = _calendar(loaded)
        # evidence on disk is checked where it is shown: a unit's checklist, and the JSON
        check_files = bool(selected) or fmt is StatusFormat.json
        report = compute(c, day, cal, units=selected, base=loaded.base if check_files else None, now=clock_time)
        _warn_years(cal, lg, loaded, day)
        if fmt is StatusFormat.json:
            from qmonth.notify.log import chase_counts

            _write(status_json(c, report, chase_counts(_log_entries(loaded, day, lg))))
        elif fmt is StatusFormat.csv:
            sys.stdout.flush()
            sys.stdout.buffer.write(status_csv(c, report, lg, checklist_view=bool(selected)).encode("utf-8"))
        elif fmt is StatusFormat.markdown:
            _write(status_markdown(c, report, lg, checklist_view=bool(selected)))
        elif selected:
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

            console = _console()
            chases = chase_counts(_log_entries(loaded, day, lg))
            height = _screen_height(console)
            demo = DEMO if Path(DEMO).is_file() else None  # suggested only where it exists (not after `init`)
            screen = status_screen(c, report, lg, show_all=show_all, height=height, chases=chases, demo=demo)
            print_fitted(console, screen)

    _run(lang, body)


DEMO = "examples/demo-campaign.toml"  # the demo campaign, from the repository's root


def _log_file(loaded: Loaded) -> Path | None:
    """The 催办 log beside the campaign file; none for a campaign read from stdin."""
    from qmonth.core.store import STDIN_NAME
    from qmonth.notify import log

    if loaded.revision is not None:  # --at: the log beside the working file (read up to the day shown)
        return log.log_path(loaded.revision.folder.folder / loaded.path.name)
    return None if str(loaded.path) == STDIN_NAME else log.log_path(loaded.path)


def _log_to_write(loaded: Loaded) -> Path:
    """Where delivered reminders and chases are appended: never for stdin or an --at revision."""
    path = _log_file(loaded)
    if path is None or loaded.revision is not None:
        raise UsageError("log_needs_file")
    return path


def _log_entries(loaded: Loaded, day: dt.date, lg: Lang) -> list[Any]:
    """The 催办 log as it stood at the end of `day` (empty when nothing was ever chased).
    A bad line does not cost the coordinator the screen: it is skipped, with one warning."""
    from qmonth.notify import log

    path = _log_file(loaded)
    return log.select(_read_log_leniently(path, lg), until=day) if path is not None else []


def _chase_counts(loaded: Loaded, day: dt.date, lg: Lang) -> Chases | None:
    """The 催办 log's counts up to the end of `day` (the workbook's 催办次数; a bad line is skipped with
    a warning, as in status); None when there is no log (nothing was ever chased through qmonth, or
    the campaign came from stdin)."""
    from qmonth.notify import log

    path = _log_file(loaded)
    if path is None or not path.exists():
        return None
    return log.chase_counts(_read_log_leniently(path, lg), until=day)


def _read_log_leniently(path: Path, lg: Lang) -> list[Any]:
    """The 催办 log's readable entries; one warning on stderr naming the first bad line, if any
    (`qmonth log` and `remind --send` still refuse such a log and list every bad line)."""
    from qmonth.notify import log

    skipped: list[int] = []
    entries = log.read(path, skipped)
    if skipped:
        typer.echo(_t("log_lines_skipped", lg, path=str(path), line=skipped[0], count=len(skipped)), err=True)
    return entries


@app.command()
def remind(
    file: FileOpt = None,
    today: TodayOpt = None,
    now: NowOpt = None,
    lang: LangOpt = None,
    within: Annotated[
        Optional[int],
        typer.Option(
            "--within",
            min=0,
            max=60,
            metavar="DAYS",
            help="Warning window in working days (default: the campaign's and each task's).",
        ),
    ] = None,
    any_day: Annotated[
        bool, typer.Option("--any-day", help="Remind on rest days too (normally silent on weekends and holidays).")
    ] = False,
    unit: Annotated[
        Optional[str],
        typer.Option(
            "--unit",
            "-u",
            metavar="UNIT",
            help="One unit's reminder, worded to paste into a chat (致…：贵单位尚有…); any day.",
            autocompletion=complete_unit,
        ),
    ] = None,
    fmt: Annotated[
        RemindFormat, typer.Option("--format", help="text (default; silent when nothing is due) or json (always printed).")
    ] = RemindFormat.text,
    at: AtOpt = None,
    send: Annotated[bool, typer.Option("--send", help="Also deliver them to every [notify.NAME] channel, and log them.")] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="With --send: deliver again what a channel already had today.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what --send would deliver where; send and log nothing.")
    ] = False,
) -> None:
    """The 催办 reminders due today: a summary line, then units most urgent first; text prints nothing when nothing
    is due. --send also delivers them to the campaign's channels."""

    def body() -> None:
        from qmonth.core.remind import outstanding, reminders
        from qmonth.core.resolve import resolve_unit
        from qmonth.core.schedule import as_of, compute
        from qmonth.outputs.json import remind_json
        from qmonth.outputs.reminders import remind_message, remind_text

        loaded = _load(file, at)
        c, lg = loaded.campaign, _lang(lang, loaded)
        if within is not None:
            c = c.model_copy(
                update={
                    "campaign": c.campaign.model_copy(update={"warn_days": within}),
                    "tasks": {k: v.model_copy(update={"warn_days": None}) for k, v in c.tasks.items()},
                }
            )
        day, clock_time = _moment(today, now, loaded)
        c = as_of(c, day)  # as it stood that day: a liaison named by a later receipt is not known yet
        cal = _calendar(loaded)
        if unit is not None:  # asked for by a person: whatever the day, and worded for a chat
            uid = resolve_unit(c, unit)
            groups = outstanding(c, compute(c, day, cal, units=[uid], now=clock_time))
        else:
            groups = reminders(c, compute(c, day, cal, now=clock_time), cal, any_day=any_day)
        if fmt is RemindFormat.json:  # a machine reads it: always valid JSON, an empty list on quiet days
            _write(remind_json(groups, day))
            if groups and (send or dry_run):
                sys.stdout.flush()
                _deliver(loaded, c, groups, cal, day, lg, resend, dry_run)
            return
        if not groups:  # silence means nothing to do: not even a note on stderr (cron mails it)
            if unit is not None:
                typer.echo(_t("msg_nothing", lg, name=c.units[uid].name), err=True)
            return
        _warn_years(cal, lg, loaded, day)
        if unit is not None:
            _write(remind_message(c, groups[0], day, lg))
        else:
            # soft_wrap: one reminder per line, never cut at 80 columns (cron mails it as is)
            _console().print(remind_text(c, groups, day, lg, window=c.campaign.warn_days), end="", soft_wrap=True)
        if send or dry_run:
            sys.stdout.flush()
            _deliver(loaded, c, groups, cal, day, lg, resend, dry_run)

    _run(lang, body)


@app.command()
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


def _deliver(
    loaded: Loaded,
    c: Any,
    groups: list[Any],
    cal: WorkCalendar,
    day: dt.date,
    lg: Lang,
    resend: bool,
    dry_run: bool,
) -> None:
    """remind --send: the clock is read here, once; one line on stderr per channel; exit 5 if any failed."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from qmonth.notify import deliver
    from qmonth.notify.channels import EXIT_DELIVERY
    from qmonth.notify.templates import levels

    if not c.notify:
        raise UsageError("no_channels", path=loaded.path)
    path = _log_to_write(loaded)
    now = clock().astimezone(ZoneInfo(c.campaign.timezone))
    stamp = dt.datetime.combine(day, now.timetz()).replace(microsecond=0)  # --today: that day, at this time of day
    outcomes = deliver.run(c, path, levels(c, groups, cal), day, lg, stamp, now, os.environ, resend, dry_run)
    failed = False
    for o in outcomes:
        if dry_run:
            for msg in o.planned:
                to = f"→ {msg.to} " if msg.to else ""
                _write(_t("dry_run_channel", lg, channel=o.channel, kind=o.kind, to=to))
                _write(msg.text)
                if msg.mentions:
                    _write(_t("dry_run_mentions", lg, mobiles=" ".join(msg.mentions)))
        if o.already:
            typer.echo(_t("sent_already", lg, channel=o.channel, count=o.already), err=True)
        if o.error is not None:
            failed = True
            _fail(o.error, lg)
        elif o.delivered:
            typer.echo(_t("sent_summary", lg, channel=o.channel, kind=o.kind, messages=o.delivered, items=o.items), err=True)
    if dry_run and not any(o.planned for o in outcomes):
        typer.echo(_t("dry_run_nothing", lg), err=True)
    if failed:
        raise typer.Exit(EXIT_DELIVERY)


@app.command("merge-file")
def merge_file(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")],
    ours: Annotated[Path, typer.Argument(metavar="OURS", help="This branch's version (git's %A); the result is written here.")],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="The version merged in (git's %B).")],
    marker_size: Annotated[int, typer.Option("--marker-size", min=7, max=100, help="Conflict marker length (git's %L).")] = 7,
    name: Annotated[
        Optional[str], typer.Option("--name", help="The file's path in the repository (git's %P), named in messages.")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """A git merge driver: merges three versions of a campaign file record by record.

    Set it up once in the campaign's repository: the line `campaign.toml merge=qmonth` in
    .gitattributes, and `git config merge.qmonth.driver "qmonth merge-file %O %A %B --name %P"`. Records of different
    tasks merge cleanly; a record changed differently on both sides is written between conflict
    markers (exit 1), and `qmonth check` says which record and what to do.
    """

    def body() -> int:
        from qmonth.core.store import read_text
        from qmonth.edit import merge
        from qmonth.edit.write import atomic_write

        lg = _lang(lang)
        shown = name or ours  # git hands the driver temporary files: %P is the file's own name
        text_base, text_ours, text_theirs = (read_text(p) for p in (base, ours, theirs))
        try:
            result = merge.merge(text_base, text_ours, text_theirs, labels=merge.DRIVER_LABELS, size=marker_size)
        except merge.NotMergeable as exc:
            typer.echo(_t("merge_failed", lg, path=shown, detail=exc), err=True)
            return _git_merge_file(base, ours, theirs, marker_size)
        atomic_write(ours, result.text, bom=ours.read_bytes().startswith(b"\xef\xbb\xbf"))
        if result.conflicts:
            typer.echo(_t("merge_conflicts_left", lg, path=shown, count=len(result.conflicts)), err=True)
            return 1
        return 0

    code = _run(lang, body)
    if code:
        raise typer.Exit(code)


def _git_merge_file(base: Path, ours: Path, theirs: Path, size: int) -> int:
    """git's own line merge, for versions qmonth cannot read: exit 0 clean, 1 conflicts."""
    import subprocess

    try:
        done = subprocess.run(["git", "merge-file", f"--marker-size={size}", str(ours), str(base), str(theirs)], check=False)
    except OSError:
        return 2
    return 0 if done.returncode == 0 else 1


@app.command()
def check(
    files: Annotated[
        Optional[list[Path]], typer.Argument(help="Campaign files to check (default: --file, or the one found).")
    ] = None,
    file: FileOpt = None,
    lang: LangOpt = None,
    at: AtOpt = None,
    tracked: Annotated[
        bool,
        typer.Option(
            "--tracked",
            help="Fail on evidence files git does not track (committed or staged); the pre-commit hook uses it. "
            "Without it they are warnings.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail on done records without a kind of evidence their task asks for (照片, 视频, 总结材料, 链接…).",
        ),
    ] = False,
) -> None:
    """Validate campaign files; report every problem at once with its line. Exit 1 if any."""
    targets: list[Path | None] = list(files) if files else [file]
    codes = [_run_code(lang, lambda f=f: _check_one(f, lang, at, tracked, strict)) for f in targets]  # type: ignore[misc]
    worst = max(codes)
    if worst:
        raise typer.Exit(worst)


def _check_one(
    file: Path | None, lang: LangChoice | None, at: str | None = None, tracked: bool = False, strict: bool = False
) -> None:
    from qmonth.core.store import STDIN_NAME, locate_all
    from qmonth.core.tracked import untracked_evidence
    from qmonth.core.validate import check_full
    from qmonth.notify.channels import leaks

    try:
        loaded = _load(file, at)
    except CampaignInvalid as exc:  # a secret in the file is reported even when the rest is broken too
        exc.problems.extend(_leaks(exc.path))  # (the file's text: stdin is not read twice)
        raise
    lg = _lang(lang, loaded)
    cal = _calendar(loaded)
    found = check_full(loaded.campaign, loaded.base, cal)
    if strict:
        from qmonth.core.validate import check_evidence_kinds

        found += check_evidence_kinds(loaded.campaign)
    if at is None and str(loaded.path) != STDIN_NAME:  # evidence on disk beside a file on disk
        found += untracked_evidence(loaded.campaign, loaded.base, warning=not tracked)
    found += leaks(loaded.text)  # webhook keys, tokens, passwords: never in the file
    found = locate_all(loaded.text, found)
    _warn_years(cal, lg, loaded)
    errors = [p for p in found if not p.warning]
    warnings = [p for p in found if p.warning]
    if errors:
        raise CampaignInvalid(str(loaded.path), errors + warnings)
    c = loaded.campaign
    typer.echo(_t("file_valid", lg, path=loaded.path, units=len(c.units), tasks=len(c.tasks)))
    if warnings:
        typer.echo(_t("warnings_only", lg, count=len(warnings)), err=True)
        for p in warnings:
            typer.echo("  " + _problem_line(str(loaded.path), p, lg), err=True)


def _leaks(path: str | Path) -> list[Any]:
    from qmonth.notify.channels import leaks

    try:
        text = Path(path).read_bytes().decode("utf-8", "replace") if Path(path).is_file() else ""
    except OSError:
        return []
    return leaks(text)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter campaign.")] = Path("campaign.toml"),
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write a commented starter campaign. Never overwrites an existing file."""

    def body() -> None:
        from qmonth.core.dates import local_day
        from qmonth.edit.starter import DEFAULT_TIMEZONE, campaign_year, write_starter

        day = local_day(clock(), DEFAULT_TIMEZONE) if today is None else _parse_date_option("--today", today, None)
        write_starter(path, campaign_year(day))
        typer.echo(_t("init_done", _lang(lang), path=path))

    _run(lang, body)


# ── write commands ────────────────────────────────────────────────────────────

DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")]
UnitArg = Annotated[
    str, typer.Argument(metavar="UNIT", help="Unit id or a unique part of its name (赤坎).", autocompletion=complete_unit)
]
TasksArg = Annotated[
    list[str],
    typer.Argument(
        metavar="TASK...",
        help="A TASK is a task id (receipt), a unique part of a task's title (回执), a theme id (all of that theme's "
        "tasks: publicity), or an id pattern (publicity-*). `qmonth tasks` lists them.",
        autocompletion=complete_task,
    ),
]
ForOpt = Annotated[
    Optional[str],
    typer.Option(
        "--for", metavar="DATE", help="For a recurring task: the occurrence (its due date). Default: the nearest open one."
    ),
]
OnOpt = Annotated[
    Optional[str],
    typer.Option(
        "--on", metavar="DATE", help="Date it was done (2024-09-12, 9月12日; default: today in the campaign's time zone)."
    ),
]


def _write_command(
    file: Path | None,
    lang: LangChoice | None,
    dry_run: bool,
    changes_for: Callable[[Loaded], list[Any]],
) -> None:
    """Shared by done/undo/waive/receipt: plan under the lock, write, report."""
    from qmonth.core.store import STDIN, find_file
    from qmonth.edit.write import apply

    path = find_file(file)
    if path == STDIN:
        raise UsageError("stdin_not_writable")
    planned: list[Any] = []
    seen: list[Loaded] = []

    def plan(loaded: Loaded) -> list[Any]:
        seen[:] = [loaded]
        planned[:] = changes_for(loaded)
        return [ch.edit for ch in planned if ch.edit is not None]

    outcome = apply(path, plan, dry_run=dry_run)
    lg = _lang(lang, seen[0] if seen else None)
    if dry_run:
        from qmonth.core.escape import terminal_lines

        sys.stdout.write(terminal_lines(outcome.diff(path.name)))
        nothing = not outcome.changed and any(ch.edit is not None for ch in planned)
        typer.echo(_t("dry_run_no_change" if nothing else "dry_run_note", lg), err=True)
        return
    unchanged = not outcome.changed and any(ch.edit is not None for ch in planned)
    for ch in planned:
        if unchanged and ch.edit is not None:
            continue  # the file already said so: no "recorded" line that contradicts "no change"
        typer.echo(_t(ch.message, lg, **ch.params), err=ch.edit is None)
    if unchanged:
        typer.echo(_t("no_change", lg), err=True)


def _for_option(text: str | None, loaded: Loaded) -> dt.date | None:
    """--for, parsed in the campaign's year: the occurrence of a recurring task."""
    return _parse_date_option("--for", text, loaded.campaign.year) if text else None


def _on_option(on: str | None, loaded: Loaded, today: dt.date | None = None) -> dt.date | None:
    """--on; None when not given (the record layer decides). A month/day form is the one such day
    from the campaign's first day up to today (the record layer refuses dates outside that)."""
    if not on:
        return None
    c = loaded.campaign
    first = c.campaign.first_day
    high = max(today, first) if today is not None else _today_span(c)[1]
    return _parse_date_option("--on", on, c.year, span=(first, high))


@app.command()
def done(
    unit: UnitArg,
    tasks: TasksArg,
    on: OnOpt = None,
    evidence: Annotated[
        Optional[list[str]],
        typer.Option("--evidence", "-e", help="A file (relative to the campaign file's folder) or URL; repeatable."),
    ] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A note kept with the record.")] = None,
    file: FileOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    dry_run: DryRunOpt = False,
    for_: ForOpt = None,
) -> None:
    """Record tasks as done by a unit (today, or --on DATE), with evidence and a note.

    UNIT is a unit id or a unique part of its name (赤坎). Each TASK is a task id (receipt), a unique part
    of a task's title (回执), a theme id (all of that theme's tasks that apply to the unit: publicity), or an
    id pattern (publicity-*). `qmonth tasks` lists the ids.
    """

    def body() -> None:
        from qmonth.edit import record

        def changes(loaded: Loaded) -> list[Any]:
            now = _today(today, loaded)
            day = _on_option(on, loaded, now)
            occ = _for_option(for_, loaded)
            return record.done(loaded.campaign, loaded.base, Path.cwd(), unit, tasks, day, now, evidence or [], note, occ)

        _write_command(file, lang, dry_run, changes)

    _run(lang, body)


@app.command()
def undo(
    unit: UnitArg,
    tasks: TasksArg,
    file: FileOpt = None,
    lang: LangOpt = None,
    dry_run: DryRunOpt = False,
    for_: ForOpt = None,
    today: TodayOpt = None,
) -> None:
    """Remove the record of tasks for a unit (done or waived).

    UNIT is a unit id or a unique part of its name. Each TASK is a task id, a unique part of a title, a
    theme id, or an id pattern (publicity-*); `qmonth tasks` lists them.
    """

    def body() -> None:
        from qmonth.edit import record

        def changes(loaded: Loaded) -> list[Any]:
            return record.undo(loaded.campaign, unit, tasks, _for_option(for_, loaded), _today(today, loaded))

        _write_command(file, lang, dry_run, changes)

    _run(lang, body)


@app.command()
def waive(
    unit: UnitArg,
    tasks: TasksArg,
    reason: Annotated[str, typer.Option("--reason", help="Why the task does not apply to this unit (required).")],
    file: FileOpt = None,
    lang: LangOpt = None,
    dry_run: DryRunOpt = False,
    for_: ForOpt = None,
    today: TodayOpt = None,
) -> None:
    """Mark tasks as not applicable to a unit, with the reason.

    UNIT is a unit id or a unique part of its name. Each TASK is a task id, a unique part of a title, a
    theme id, or an id pattern (publicity-*); `qmonth tasks` lists them.
    """

    def body() -> None:
        from qmonth.edit import record

        if not reason.strip():
            raise UsageError("waive_needs_reason", key="--reason")

        def changes(loaded: Loaded) -> list[Any]:
            return record.waive(loaded.campaign, unit, tasks, reason, _for_option(for_, loaded), _today(today, loaded))

        _write_command(file, lang, dry_run, changes)

    _run(lang, body)


@app.command()
def receipt(
    unit: UnitArg,
    name: Annotated[Optional[str], typer.Option("--name", help="姓名 of the liaison.")] = None,
    gender: Annotated[Optional[str], typer.Option("--gender", help="性别.")] = None,
    workplace: Annotated[Optional[str], typer.Option("--workplace", help="工作单位.")] = None,
    position: Annotated[Optional[str], typer.Option("--position", help="职务.")] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="固定电话.")] = None,
    mobile: Annotated[Optional[str], typer.Option("--mobile", help="手机.")] = None,
    form: Annotated[
        Optional[str],
        typer.Option("--form", help="The form returned: its id in [forms] or its title (default: the liaison form)."),
    ] = None,
    set_: Annotated[
        Optional[list[str]], typer.Option("--set", help="FIELD=VALUE (a field's id or label, e.g. 手机=13802715638); repeatable.")
    ] = None,
    row: Annotated[
        Optional[list[str]],
        typer.Option("--row", help='One row of a multi-row form: "活动名称=质量宣传周|内容简介=……"; repeatable.'),
    ] = None,
    from_: Annotated[
        Optional[Path], typer.Option("--from", help="The sheet the unit sent back (.csv or .xlsx; header row = the labels).")
    ] = None,
    on: OnOpt = None,
    file: FileOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Record a returned form: the 联络员回执 (liaison) by default, or any form the campaign declares.

    UNIT is a unit id or a unique part of its name (赤坎). --name … --mobile are shortcuts for the
    liaison form; --set FIELD=VALUE fills any form's fields, --row adds one row of a multi-row form
    (after the rows recorded), --from reads the unit's whole sheet (it replaces the rows recorded).
    The form's task is recorded as done.
    """

    def body() -> None:
        from qmonth.edit import record

        fields = {"name": name, "gender": gender, "workplace": workplace, "position": position, "phone": phone, "mobile": mobile}
        generic = form is not None or set_ or row or from_ is not None
        if generic and any(v is not None for v in fields.values()):
            raise UsageError("form_options_mix")

        def changes(loaded: Loaded) -> list[Any]:
            now = _today(today, loaded)
            day = _on_option(on, loaded, now)
            if not generic:
                return record.receipt(loaded.campaign, unit, day, now, fields)
            from qmonth.core.forms import with_builtin_liaison

            declared = list(loaded.campaign.forms)
            c = with_builtin_liaison(loaded.campaign)
            form_id = _form_id(c, form, declared)
            rows = _form_rows(c, form_id, set_ or [], row or [], from_)
            return record.form(c, unit, form_id, rows, day, now, replace=from_ is not None)

        _write_command(file, lang, dry_run, changes)

    _run(lang, body)


def _form_id(c: Any, text: str | None, declared: list[str]) -> str:
    from qmonth.core.forms import liaison_form, resolve_form

    if text is not None:
        return resolve_form(c, text, declared)
    found = liaison_form(c)
    if found is None:  # no liaison form declared and none built in (no receipt task)
        known = ", ".join(f"{fid}（{f.title}）" for fid, f in c.forms.items()) or "—"
        raise UsageError("no_liaison_form", known=known)
    return found


def _form_rows(c: Any, form_id: str, sets: list[str], rows: list[str], sheet: Path | None) -> list[dict[str, str]]:
    """The rows given: the sheet's, then each --row, then the --set fields as one more row."""
    from qmonth.core import forms

    declared = c.forms[form_id]
    out: list[dict[str, str]] = []
    if sheet is not None:
        header, body = forms.header_row(declared, *forms.read_sheet(sheet))
        out += forms.rows_from_sheet(declared, header, body, str(sheet))
    out += [forms.parse_row(declared, text) for text in rows]
    if sets:
        out.append(forms.assignments(declared, sets))
    return out


# ── the 催办 log ─────────────────────────────────────────────────────────────


class ChaseBy(StrEnum):
    phone = "phone"
    visit = "visit"
    letter = "letter"
    meeting = "meeting"


class LogFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def chase(
    unit: UnitArg,
    tasks: Annotated[
        Optional[list[str]],
        typer.Argument(help="What the chase was about: task ids or parts of titles (default: the unit as a whole)."),
    ] = None,
    by: Annotated[Optional[ChaseBy], typer.Option("--by", help="How (required): phone, visit, letter or meeting.")] = None,
    note: Annotated[str, typer.Option("--note", help="What they answered (答复), or what was agreed.")] = "",
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="The day of the chase (default: today).")] = None,
    file: FileOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the log line; write nothing.")] = False,
) -> None:
    """Record a manual chase (电话催办 and the like) in the 催办 log beside the campaign."""

    def body() -> None:
        import datetime as dt
        from zoneinfo import ZoneInfo

        from qmonth.core.errors import UsageError as Usage
        from qmonth.notify import log

        loaded = _load(file)
        c, lg = loaded.campaign, _lang(lang, loaded)
        now = clock().astimezone(ZoneInfo(c.campaign.timezone)).replace(microsecond=0)
        day = _today(today, loaded)
        when = _on_option(on, loaded) or day
        if when > day:
            raise Usage("future_date", date=when, today=day)
        # the clock's time of day belongs to today only: a chase logged for another day is at noon (reproducible)
        at = now if when == now.date() else dt.datetime.combine(when, dt.time(12, 0), tzinfo=now.tzinfo)
        entries = log.manual(c, unit, tasks or [], (by or ChaseBy.phone).value, note, at)
        if by is None:  # F16: never log a phone call that was a visit (or never happened): ask
            raise Usage("chase_needs_by", choices=" | ".join(b.value for b in ChaseBy))
        path = _log_to_write(loaded)
        if dry_run:
            sys.stdout.write("".join(log.line(e) for e in entries))
            typer.echo(_t("dry_run_note", lg), err=True)
            return
        log.append(path, entries)
        for e in entries:
            what = c.tasks[e.task].title if e.task else _t("chase_whole_unit", lg)
            typer.echo(_t("chased_recorded", lg, unit=c.units[e.unit].label, task=what, by=_t("by_" + e.channel, lg), at=when))
            found = log.settled(c, e.unit, e.task, e.at.date())
            if found is not None:  # recorded all the same (the call happened), but said
                typer.echo(_t("chased_but_" + found[0], lg, unit=c.units[e.unit].label, task=what, what=found[1]), err=True)

    _run(lang, body)


# ── history (issue 12): progress over time ──────────────────────────────────


class TrendFormat(StrEnum):
    chart = "chart"
    json = "json"
    csv = "csv"


@app.command()
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
        from qmonth.core.schedule import compute
        from qmonth.core.trend import from_report
        from qmonth.history import chart

        loaded = _load(file, at)
        c, lg = loaded.campaign, _lang(lang, loaded)
        day = _today(today, loaded)
        cal = _calendar(loaded)
        from qmonth.core.resolve import resolve_units

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


@app.command("log")
def log_command(
    unit: UnitsOpt = None,
    fmt: Annotated[LogFormat, typer.Option("--format", help="table (default) or json.")] = LogFormat.table,
    file: FileOpt = None,
    lang: LangOpt = None,
) -> None:
    """The 催办 log: every reminder delivered and every manual chase, oldest first."""

    def body() -> None:
        from qmonth.core.resolve import resolve_units
        from qmonth.notify import log
        from qmonth.outputs.chase_log import log_table

        loaded = _load(file)
        c, lg = loaded.campaign, _lang(lang, loaded)
        units = resolve_units(c, unit) if unit else None
        path = _log_file(loaded)
        entries = log.select(log.read(path), units) if path is not None else []
        if fmt is LogFormat.json:
            _write(log.to_json(entries))
        else:
            _console().print(log_table(c, entries, lg))

    _run(lang, body)


# ── history (issue 12): next year's campaign ─────────────────────────────────


@app.command()
def rollover(
    year: Annotated[int, typer.Argument(help="The new campaign's year (2025).")],
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Where to write it (default: campaign-YEAR.toml beside the file; - for stdout)."),
    ] = None,
    keep_liaisons: Annotated[bool, typer.Option("--keep-liaisons", help="Keep each unit's liaison (default: cleared).")] = False,
    file: FileOpt = None,
    lang: LangOpt = None,
) -> None:
    """Next year's campaign: same themes, tasks and units, dates moved, records cleared. Never overwrites."""

    def body() -> None:
        from qmonth.core.validate import MAX_YEAR, MIN_YEAR
        from qmonth.history.rollover import rollover as roll

        loaded = _load(file)
        c, lg = loaded.campaign, _lang(lang, loaded)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise UsageError("rollover_year_range", year=year)
        if year == c.year:
            raise UsageError("rollover_same_year", year=year)
        target = output if output is not None else loaded.path.with_name(f"campaign-{year}.toml")
        if str(target) != "-" and (target.exists() or target.is_symlink()):
            raise FileError("rollover_exists", path=target)
        rolled = roll(loaded.text, c, year, keep_liaisons, lg, source=loaded.path.name)
        if str(target) == "-":
            _write(rolled.text)
        else:
            _create(target, rolled.text)
        from qmonth.core.tomlscan import locate

        for unknown in rolled.unknown_years:
            typer.echo(_t("year_unknown", lg, year=unknown), err=True)
        for flag in rolled.flags:
            line = locate(rolled.text, tuple(flag.key.split(".")))
            where = f"{target}:{line}" if line else str(target)
            typer.echo(_t("rollover_flag_line", lg, where=where, key=flag.key, message=flag.message(lg)), err=True)
        if str(target) != "-":
            typer.echo(_t("rollover_done", lg, path=target, year=year, flags=len(rolled.flags), marked=len(rolled.marked)))

    _run(lang, body)


def _create(path: Path, text: str) -> None:
    """Write a new file; never replace one (exclusive create)."""
    try:
        with path.open("x", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except FileExistsError:
        raise FileError("rollover_exists", path=path) from None
    except OSError as exc:
        raise FileError("file_unwritable", path=path, reason=os_reason(exc)) from None


# ── office outputs: the Excel 台账, the 通报, the calendar ─────────────────────

export_app = typer.Typer(
    help="Office files: the Excel 台账 (xlsx) and the deadlines as a calendar (ics).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")

OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="File to write (replaced if it exists); - for standard output.")]


class ReportFormat(StrEnum):
    html = "html"
    docx = "docx"
    markdown = "markdown"


def _emit(output: Path, data: bytes, lang: Lang) -> None:
    """Write an office file atomically (or to stdout for -o -); say where on stderr."""
    if str(output) == "-":
        if data.startswith(b"PK\x03\x04") and sys.stdout.isatty():  # xlsx/docx (a ZIP) would garble the terminal
            typer.echo(_t("binary_to_terminal", lang), err=True)
            raise typer.Exit(2)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return
    from qmonth.edit.write import atomic_write_bytes

    atomic_write_bytes(output, data)
    typer.echo(_t("output_written", lang, path=output), err=True)


def _office(
    file: Path | None,
    today: str | None,
    lang: LangChoice | None,
    output: Path,
    make: Callable[..., bytes],
    at: str | None = None,
) -> None:
    def body() -> None:
        import dataclasses

        from qmonth.core.schedule import as_of

        loaded = _load(file, at)
        lg = _lang(lang, loaded)
        day = _today(today, loaded)
        # as it stood that day: a liaison named by a later receipt is not known yet
        loaded = dataclasses.replace(loaded, campaign=as_of(loaded.campaign, day))
        _warn_years(_calendar(loaded), lg, loaded, day)
        _emit(output, make(loaded, day, lg), lg)

    _run(lang, body)


@export_app.command("xlsx")
def export_xlsx(output: OutputOpt, file: FileOpt = None, today: TodayOpt = None, lang: LangOpt = None, at: AtOpt = None) -> None:
    """The 台账 workbook: 进度总表, 逾期清单, 联络员回执, 汇总 (with a chart)."""
    from qmonth.outputs import build

    def make(loaded: Loaded, day: dt.date, lg: Lang) -> bytes:
        return build.xlsx(loaded.campaign, day, lg, _chase_counts(loaded, day, lg))

    _office(file, today, lang, output, make, at)


@export_app.command("ics")
def export_ics(
    output: OutputOpt,
    unit: Annotated[
        Optional[str], typer.Option("--unit", "-u", help="Only this unit's open tasks (id or part of its name).")
    ] = None,
    file: FileOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    at: AtOpt = None,
) -> None:
    """Every deadline as an all-day event with an alarm when its warning window opens."""
    from qmonth.core.resolve import resolve_units
    from qmonth.outputs import build

    def make(loaded: Loaded, day: dt.date, lg: Lang) -> bytes:
        picked = resolve_units(loaded.campaign, [unit])[0] if unit is not None else None
        return build.ics(loaded.campaign, day, lg, picked)

    _office(file, today, lang, output, make, at)


@app.command()
def report(
    output: OutputOpt,
    fmt: Annotated[
        Optional[ReportFormat], typer.Option("--format", help="html, docx or markdown (default: from the file's extension).")
    ] = None,
    file: FileOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    at: AtOpt = None,
) -> None:
    """The draft 通报 (活动总结 once the campaign is over) as of --today: figures, ranking, what is owed."""
    from qmonth.outputs import build

    kind = fmt.value if fmt is not None else build.format_for(output)

    def make(loaded: Loaded, day: dt.date, lg: Lang) -> bytes:
        if kind is None:  # x.txt, x.pdf: refuse rather than write Markdown under a name that says otherwise
            # `path` (the campaign) picks the message's language; `output` is what it names
            raise UsageError("report_suffix_unknown", output=str(output), path=str(loaded.path))
        return build.report(loaded.campaign, day, lg, kind, loaded.path.name)

    _office(file, today, lang, output, make, at)


def main() -> None:
    app()


__all__ = ["EXIT_INVALID", "app", "main"]
