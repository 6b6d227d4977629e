"""The edge every command shares: the language, "today" (the only read of the clock), loading the
file, the one mapping of errors to messages and exit codes (`_run`, `_fail`), the console.

Nothing below qmonth/cli reads the clock, the environment or the terminal: they are read here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from qmonth.cli.options import LangChoice
from qmonth.core.errors import EXIT_FILE, EXIT_INTERRUPTED, CampaignInvalid, QmonthError, UsageError, os_reason

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.calendar import WorkCalendar
    from qmonth.core.chases import Chases
    from qmonth.core.store import Loaded
    from qmonth.i18n import Lang


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

    Injected at the CLI edge: tests replace `qmonth.cli.common.clock` to run any command "now" at a
    chosen instant, with no --today and no time-faking library. Every reader calls it through this
    module (`_today`, `_moment`, `_now_in`), so that the replacement is seen everywhere.
    """
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def _now_in(timezone: str) -> dt.datetime:
    """The clock's instant in `timezone` (aware): for what is stamped with the time of day."""
    from zoneinfo import ZoneInfo

    return clock().astimezone(ZoneInfo(timezone))


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
    return c.option_span  # type: ignore[no-any-return]


def _moment(today: str | None, now: str | None, loaded: Loaded) -> tuple[dt.date, dt.time | None]:
    """Today and the time of day: --now (a date and time, or a time with --today), else --today
    (no time: a deadline with a time is still due that day), else the clock."""
    from qmonth.core.dates import DateFormatError, parse_time, split_time

    camp = loaded.campaign
    if now is None:
        if today is not None or (loaded.revision is not None and loaded.revision.day is not None):
            return _today(today, loaded), None  # a day without a time: --today, or --at DATE
        local = _now_in(camp.campaign.timezone)
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
    from qmonth.core.store import ENV_FILE, find_file, load

    return load(find_file(file, os.environ.get(ENV_FILE)), at)


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


def _git_configs() -> list[Path]:
    """The git config files outside the clone, as git finds them from the environment: the system's
    (unless $GIT_CONFIG_NOSYSTEM) and the user's ($GIT_CONFIG_GLOBAL, else ~/.config/git/config and
    ~/.gitconfig)."""
    env = os.environ
    out: list[Path] = []
    if not env.get("GIT_CONFIG_NOSYSTEM"):
        out.append(Path(env.get("GIT_CONFIG_SYSTEM") or "/etc/gitconfig"))
    if env.get("GIT_CONFIG_GLOBAL"):
        return [*out, Path(env["GIT_CONFIG_GLOBAL"])]
    home = env.get("HOME") or env.get("USERPROFILE")
    xdg = env.get("XDG_CONFIG_HOME") or (os.path.join(home, ".config") if home else None)
    if xdg:
        out.append(Path(xdg) / "git" / "config")
    if home:
        out.append(Path(home) / ".gitconfig")
    return out


def _warn_git_setup(loaded: Loaded, lang: Lang) -> None:
    """A clone whose .gitattributes asks for qmonth's merge driver but whose git config does not set
    it up (a fresh clone): said on stderr, with the one command that fixes it. Files read, nothing
    spawned."""
    from qmonth.core.store import STDIN_NAME

    if loaded.revision is not None or str(loaded.path) == STDIN_NAME:
        return
    _warn_git_setup_at(loaded.path, lang)


def _warn_git_setup_at(path: Path, lang: Lang) -> None:
    from qmonth.core.gitsetup import missing_driver

    clone = missing_driver(path, _git_configs())
    if clone is not None:
        typer.echo(_t("git_driver_missing", lang, path=path.name, root=clone.root), err=True)


def _t(code: str, lang: Lang, **params: Any) -> str:
    from qmonth.i18n import t
    from qmonth.outputs.text import lit

    picked = {k: (v[0] if lang == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in params.items()}
    return lit(t(code, lang, **picked))


def _problem_line(path: str, p: Any, lang: Lang) -> str:
    """`file:line: message`, the path shown literally (a folder named with an escape sequence
    never reaches the terminal as one)."""
    from qmonth.outputs.text import lit

    where = f"{path}:{p.line}" if p.line else path
    return f"{lit(where)}: {_t(p.code, lang, key=p.key, **p.params)}"


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


def _refuse_output(output: Path, loaded: Loaded) -> None:
    """`-o` must not name the campaign file, its 催办 log, its evidence, or anything that is not a
    regular file (qmonth/edit/output.py; FileError, exit 3). `-` (stdout) passes."""
    from qmonth.core.store import STDIN_NAME
    from qmonth.edit.output import evidence_files, refuse_output
    from qmonth.notify import log

    if str(output) == "-":
        return
    if loaded.revision is not None:
        campaign: Path | None = loaded.revision.folder.folder / loaded.path.name
    else:
        campaign = None if str(loaded.path) == STDIN_NAME else loaded.path
    refuse_output(output, campaign, log.beside(loaded), evidence_files(loaded.campaign, loaded.base))


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ── the 催办 log, as the screens read it ──────────────────────────────────────


def _log_entries(loaded: Loaded, day: dt.date, lg: Lang) -> list[Any]:
    """The 催办 log as it stood at the end of `day` (empty when nothing was ever chased).
    A bad line does not cost the coordinator the screen: it is skipped, with one warning."""
    from qmonth.notify import log

    path = log.beside(loaded)
    return log.select(_read_log_leniently(path, lg), until=day) if path is not None else []


def _chase_counts(loaded: Loaded, day: dt.date, lg: Lang) -> Chases | None:
    """The 催办 log's counts up to the end of `day` (the workbook's 催办次数; a bad line is skipped with
    a warning, as in status); None when there is no log (nothing was ever chased through qmonth, or
    the campaign came from stdin)."""
    from qmonth.notify import log

    path = log.beside(loaded)
    if path is None or not path.exists():
        return None
    return log.chase_counts(_read_log_leniently(path, lg), until=day)


def _chase_log(loaded: Loaded, day: dt.date, lg: Lang) -> tuple[Chases, list[Any]] | None:
    """The 催办 log's counts up to the end of `day` and its entries up to that day (the 台账's 催办次数
    and 催办台账); None when there is no log."""
    from qmonth.notify import log

    path = log.beside(loaded)
    if path is None or not path.exists():
        return None
    entries = _read_log_leniently(path, lg)
    return log.chase_counts(entries, until=day), [e for e in entries if e.at.date() <= day]


def _read_log_leniently(path: Path, lg: Lang) -> list[Any]:
    """The 催办 log's readable entries; one warning on stderr naming the first bad line, if any
    (`qmonth log` and `remind --send` still refuse such a log and list every bad line)."""
    from qmonth.notify import log

    skipped: list[int] = []
    entries = log.read(path, skipped)
    if skipped:
        typer.echo(_t("log_lines_skipped", lg, path=str(path), line=skipped[0], count=len(skipped)), err=True)
    return entries
