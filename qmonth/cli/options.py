"""What the commands share on their command lines: the option and argument types (`FileOpt`,
`TodayOpt`, …; Annotated aliases, so each command declares them in one word) and the choices
(`--lang`, `--format`, `--by`). Their help is English here; the Chinese is in helptext.py.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qmonth.cli.complete import complete_task, complete_unit


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


# ── the write commands (done, undo, waive, receipt, chase) ───────────────────

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


class ChaseBy(StrEnum):
    phone = "phone"
    visit = "visit"
    letter = "letter"
    meeting = "meeting"


class LogFormat(StrEnum):
    table = "table"
    json = "json"


class TrendFormat(StrEnum):
    chart = "chart"
    json = "json"
    csv = "csv"


OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="File to write (replaced if it exists); - for standard output.")]


class ReportFormat(StrEnum):
    html = "html"
    docx = "docx"
    markdown = "markdown"
