"""The command line: parse options, compute "today" once, call the library, print.

Where things are:
- app.py: the one Typer app, its help in the user's language, usage errors worded for the user;
- options.py: the options the commands share (--file, --today, --lang, …) and the --format choices;
- common.py: the edge: language, today (the only read of the clock), errors → messages (`_run`),
  the console;
- one module per group of commands: looking.py (status, tasks, log, trend), recording.py (done,
  undo, waive, receipt, chase), delivery.py (remind and its --send), files.py (init, rollover,
  report, export xlsx/ics), git.py (merge-file, check, setup-git), calendar.py (calendar YEAR,
  calendar import);
- complete.py (shell completion), helptext.py (the Chinese help), usage.py (usage errors).

The commands are registered below, in the order `qmonth -h` lists them. Each group module imports
what a command needs inside that command, so that starting qmonth stays light.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from qmonth.cli import calendar, delivery, files, git, looking, recording, serve
from qmonth.cli.app import app
from qmonth.core.errors import EXIT_INVALID

app.command()(looking.status)
app.command()(delivery.remind)
app.command()(looking.tasks)
app.command("merge-file")(git.merge_file)
app.command()(git.check)
app.command("setup-git")(git.setup_git)
app.command()(files.init)
app.command()(recording.done)
app.command()(recording.undo)
app.command()(recording.waive)
app.command()(recording.receipt)
app.command()(recording.chase)
app.command()(looking.trend)
app.command("log")(looking.log_command)
app.command()(files.rollover)
app.add_typer(files.export_app, name="export")
app.command()(files.report)
app.command("calendar")(calendar.calendar)
app.command()(serve.links)
app.command()(serve.serve)


def _name(info: Any) -> str:
    return str(info.name or info.callback.__name__).lower().replace("_", "-")


def only(args: list[str]) -> None:
    """Keep on the app only the command the words name, when they name one: Typer turns every
    registered command into a Click command at each start (~20 % of `qmonth status`), and a run
    needs one. `qmonth -h`, a root option, an unknown word and TAB completion keep them all."""
    if not args or args[0].startswith("-") or os.environ.get(COMPLETE_VAR):
        return
    commands = [c for c in app.registered_commands if _name(c) == args[0]]
    groups = [g for g in app.registered_groups if g.name == args[0]]
    if len(commands) + len(groups) == 1:
        app.registered_commands, app.registered_groups = commands, groups


def main() -> None:
    only(sys.argv[1:])
    app()


COMPLETE_VAR = "_QMONTH_COMPLETE"  # set by the shell's completion script (Typer's convention)

__all__ = ["EXIT_INVALID", "app", "main"]
