"""Reminding: `qmonth remind` prints the 催办 reminders due today; with --send (or --dry-run) it
delivers them to the campaign's channels and logs them (the glue is `_deliver`: it reads the clock
and the environment, which hold the channels' secrets; qmonth/notify/deliver.py does the rest)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from qmonth.cli.common import _calendar, _console, _fail, _lang, _load, _moment, _now_in, _run, _t, _warn_years, _write
from qmonth.cli.complete import complete_unit
from qmonth.cli.options import AtOpt, FileOpt, LangOpt, NowOpt, RemindFormat, TodayOpt
from qmonth.core.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.calendar import WorkCalendar
    from qmonth.core.store import Loaded
    from qmonth.i18n import Lang


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
    each: Annotated[
        bool, typer.Option("--each", help="With -o DIR: one paste-ready letter per owing unit, a UTF-8 file named by unit.")
    ] = False,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", metavar="DIR", help="With --each: the folder the letters go to.")
    ] = None,
) -> None:
    """The 催办 reminders due today: a summary line, then units most urgent first; text prints nothing when nothing
    is due. --send also delivers them to the campaign's channels."""

    def body() -> None:
        from qmonth.core.remind import due
        from qmonth.outputs.json import remind_json
        from qmonth.outputs.reminders import remind_message, remind_text

        loaded = _load(file, at)
        lg = _lang(lang, loaded)
        day, clock_time = _moment(today, now, loaded)
        cal = _calendar(loaded)
        c, uid, groups = due(loaded.campaign, day, cal, unit=unit, any_day=any_day, within=within, now=clock_time)
        if each or output is not None:
            _letters(loaded, c, groups, day, lg, each, output)
            return
        if fmt is RemindFormat.json:  # a machine reads it: always valid JSON, an empty list on quiet days
            _write(remind_json(groups, day))
        elif not groups:  # silence means nothing to do: not even a note on stderr (cron mails it)
            if uid is not None:
                typer.echo(_t("msg_nothing", lg, name=c.units[uid].name), err=True)
            return
        else:
            _warn_years(cal, lg, loaded, day)
            if uid is not None:
                _write(remind_message(c, groups[0], day, lg))
            else:  # soft_wrap: one reminder per line, never cut at 80 columns (cron mails it as is)
                _console().print(remind_text(c, groups, day, lg, window=c.campaign.warn_days), end="", soft_wrap=True)
        if groups and (send or dry_run):
            sys.stdout.flush()
            _deliver(loaded, c, groups, cal, day, lg, resend, dry_run)

    _run(lang, body)


def _letters(loaded: Loaded, c: Any, groups: list[Any], day: dt.date, lg: Lang, each: bool, output: Path | None) -> None:
    """remind --each -o DIR: each owing unit's `remind --unit` letter in DIR/<short name>.txt, each
    written atomically and refused like any -o (never the campaign, its log or its evidence)."""
    from qmonth.cli.common import _refuse_output
    from qmonth.core.escape import safe_filename
    from qmonth.edit.write import atomic_write
    from qmonth.outputs.reminders import remind_message

    if not each or output is None:
        raise UsageError("each_needs_dir")
    if output.exists() and not output.is_dir():
        raise UsageError("each_needs_dir")
    output.mkdir(parents=True, exist_ok=True)
    for group in groups:
        unit = c.units[group.unit]
        target = output / (safe_filename(unit.label, group.unit) + ".txt")
        _refuse_output(target, loaded)
        atomic_write(target, remind_message(c, group, day, lg))
        typer.echo(_t("letter_written", lg, path=target), err=True)


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

    from qmonth.notify import deliver, log
    from qmonth.notify.endpoints import EXIT_DELIVERY
    from qmonth.notify.templates import levels

    if not c.notify:
        raise UsageError("no_channels", path=loaded.path)
    path = log.to_write(loaded)
    now = _now_in(c.campaign.timezone)
    stamp = log.chase_moment(day, day, now.replace(microsecond=0))  # --today another day: at noon, as `chase`
    outcomes = deliver.run(c, path, levels(c, groups, cal), day, lg, stamp, now, os.environ, resend, dry_run, groups=groups)
    for o in outcomes:
        _said(o, lg, dry_run)
    if dry_run and not any(o.planned for o in outcomes):
        typer.echo(_t("dry_run_nothing", lg), err=True)
    if any(o.error is not None for o in outcomes):
        raise typer.Exit(EXIT_DELIVERY)


def _said(o: Any, lg: Lang, dry_run: bool) -> None:
    """One channel's outcome: with --dry-run, each message it would get (stdout); then what it
    already had today, its failure, or what it was sent (stderr)."""
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
        _fail(o.error, lg)
    elif o.delivered:
        typer.echo(_t("sent_summary", lg, channel=o.channel, kind=o.kind, messages=o.delivered, items=o.items), err=True)
