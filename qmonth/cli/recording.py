"""The commands that record: done, undo, waive and receipt write the campaign file (through
`_write_command`: planned under the lock, written atomically, reported); chase writes the 催办 log.

`receipt --form/--set/--row/--from` is qmonth/edit/receipt_rows.py (which form, which rows); the
text of one --row is parsed by `forms.parse_row` in qmonth/core/forms.py.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from qmonth.cli.common import _lang, _load, _now_in, _parse_date_option, _run, _t, _today, _today_span
from qmonth.cli.options import (
    ChaseBy,
    DryRunOpt,
    FileOpt,
    ForOpt,
    LangChoice,
    LangOpt,
    OnOpt,
    TasksArg,
    TodayOpt,
    UnitArg,
)
from qmonth.core.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.core.store import Loaded
    from qmonth.i18n import Lang


def _write_command(
    file: Path | None,
    lang: LangChoice | None,
    dry_run: bool,
    changes_for: Callable[[Loaded], list[Any]],
) -> None:
    """Shared by done/undo/waive/receipt: plan under the lock, write, report."""
    from qmonth.core.store import ENV_FILE, STDIN, find_file
    from qmonth.edit.write import apply

    path = find_file(file, os.environ.get(ENV_FILE))
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
        if (unchanged and ch.edit is not None) or not ch.message:
            continue  # the file already said so: no "recorded" line that contradicts "no change"; or said by another
        typer.echo(_t(ch.message, lg, **ch.params), err=ch.edit is None)
    if unchanged:
        typer.echo(_t("no_change", lg), err=True)


def _for_option(text: str | None, loaded: Loaded) -> dt.date | None:
    """--for: the occurrence of a recurring task; a month/day is the one such day inside the span."""
    return _parse_date_option("--for", text, None, span=_today_span(loaded.campaign)) if text else None


def _on_option(on: str | None, loaded: Loaded, today: dt.date | None = None) -> dt.date | None:
    """--on; None when not given (the record layer decides). A month/day form is the one such day
    from the campaign's first day up to today (the record layer refuses dates outside that)."""
    if not on:
        return None
    c = loaded.campaign
    first = c.campaign.first_day
    high = max(today, first) if today is not None else _today_span(c)[1]
    return _parse_date_option("--on", on, c.year, span=(first, high))


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
    as_unit: Annotated[
        Optional[str],
        typer.Option(
            "--as",
            metavar="UNIT",
            help="With --from: record the sheet for UNIT although its 填报单位 names another unit (or none of them).",
        ),
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
        if as_unit is not None and from_ is None:
            raise UsageError("as_needs_from")

        def changes(loaded: Loaded) -> list[Any]:
            now = _today(today, loaded)
            day = _on_option(on, loaded, now)
            if not generic:
                return record.receipt(loaded.campaign, unit, day, now, fields)
            from qmonth.edit.receipt_rows import form_changes  # --form, --set, --row, --from

            return form_changes(loaded.campaign, unit, form, set_ or [], row or [], from_, day, now, as_unit)

        _write_command(file, lang, dry_run, changes)

    _run(lang, body)


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
        from qmonth.notify import log

        loaded = _load(file)
        c, lg = loaded.campaign, _lang(lang, loaded)
        now = _now_in(c.campaign.timezone).replace(microsecond=0)
        day = _today(today, loaded)
        when = _on_option(on, loaded) or day
        at = log.chase_moment(when, day, now)
        entries = log.manual(c, unit, tasks or [], (by or ChaseBy.phone).value, note, at)
        if by is None:  # F16: never log a phone call that was a visit (or never happened): ask
            raise UsageError("chase_needs_by", choices=" | ".join(b.value for b in ChaseBy))
        path = log.to_write(loaded)
        if dry_run:
            sys.stdout.write("".join(log.line(e) for e in entries))
            typer.echo(_t("dry_run_note", lg), err=True)
            return
        log.append(path, entries)
        _said_chased(c, entries, when, lg)

    _run(lang, body)


def _said_chased(c: Any, entries: list[Any], when: dt.date, lg: Lang) -> None:
    """One line per chase logged; a warning when what was chased was already done or waived."""
    from qmonth.notify import log

    for e in entries:
        what = c.tasks[e.task].title if e.task else _t("chase_whole_unit", lg)
        typer.echo(_t("chased_recorded", lg, unit=c.units[e.unit].label, task=what, by=_t("by_" + e.channel, lg), at=when))
        found = log.settled(c, e.unit, e.task, e.at.date())
        if found is not None:  # recorded all the same (the call happened), but said
            typer.echo(_t("chased_but_" + found[0], lg, unit=c.units[e.unit].label, task=what, what=found[1]), err=True)
