"""The commands that write a file of their own: init (a starter campaign), rollover (next year's),
report (the 通报), and export xlsx / export ics (the 台账 workbook, the calendar)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from qmonth.cli.common import (
    _calendar,
    _chase_log,
    _lang,
    _load,
    _now_in,
    _parse_date_option,
    _refuse_output,
    _run,
    _t,
    _today,
    _warn_years,
    _write,
)
from qmonth.cli.options import AtOpt, FileOpt, LangChoice, LangOpt, OutputOpt, ReportFormat, TodayOpt
from qmonth.core.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.store import Loaded
    from qmonth.i18n import Lang


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter campaign.")] = Path("campaign.toml"),
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write a commented starter campaign. Never overwrites an existing file."""

    def body() -> None:
        from qmonth.edit.starter import DEFAULT_TIMEZONE, campaign_year, write_starter

        day = _now_in(DEFAULT_TIMEZONE).date() if today is None else _parse_date_option("--today", today, None)
        lg = _lang(lang)
        write_starter(path, campaign_year(day), lg)
        typer.echo(_t("init_done", lg, path=path))

    _run(lang, body)


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
        from qmonth.history import rollover as roll

        loaded = _load(file)
        c, lg = loaded.campaign, _lang(lang, loaded)
        target = roll.target(c, year, loaded.path, output, refuse=lambda path: _refuse_output(path, loaded))
        rolled = roll.rollover(loaded.text, c, year, keep_liaisons, lg, source=loaded.path.name)
        if str(target) == "-":
            _write(rolled.text)
        else:
            roll.create(target, rolled.text)
        for unknown in rolled.unknown_years:
            typer.echo(_t("year_unknown", lg, year=unknown), err=True)
        for flag, line in roll.located(rolled):
            where = f"{target}:{line}" if line else str(target)
            typer.echo(_t("rollover_flag_line", lg, where=where, key=flag.key, message=flag.message(lg)), err=True)
        if str(target) != "-":
            typer.echo(_t("rollover_done", lg, path=target, year=year, flags=len(rolled.flags), marked=len(rolled.marked)))
            _rollover_next(loaded.path, target, lg)

    _run(lang, body)


def _rollover_next(source: Path, target: Path, lg: Lang) -> None:
    """What to do after rollover. Beside last year's file, the new one becomes the campaign the
    commands read (qmonth.toml names it), and git's set-up is checked to cover it."""
    import os

    from qmonth.core.gitsetup import DRIVER, find_clone, merge_attribute
    from qmonth.core.store import PROJECT_FILE
    from qmonth.edit.write import atomic_write
    from qmonth.history.rollover import project_text

    if os.path.abspath(target.parent) != os.path.abspath(source.parent):
        typer.echo(_t("rollover_next_elsewhere", lg, new=target, old=source))
        return
    project = source.parent / PROJECT_FILE
    old = project.read_text(encoding="utf-8") if project.is_file() else None
    atomic_write(project, project_text(old, target.name))
    typer.echo(_t("rollover_next", lg, new=target.name, old=source.name, project=PROJECT_FILE))
    clone = find_clone(target.resolve().parent)
    if clone is not None and merge_attribute(clone, target) != DRIVER:
        typer.echo(_t("rollover_next_setup_git", lg, new=target.name))


# ── office outputs: the Excel 台账, the 通报, the calendar ─────────────────────

export_app = typer.Typer(
    help="Office files: the Excel 台账 (xlsx) and the deadlines as a calendar (ics).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


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
        _refuse_output(output, loaded)  # before anything is computed: nothing is written
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
        chased = _chase_log(loaded, day, lg)
        return build.xlsx(loaded.campaign, day, lg, chased[0] if chased else None, chased[1] if chased else None)

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
