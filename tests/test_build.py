"""qmonth/outputs/build.py: the office commands' glue, and the promise that the heavy libraries
(XlsxWriter, python-docx, icalendar, lxml) are loaded only by the commands that write office files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qmonth.outputs.build import format_for
from tests.conftest import DEMO

OFFICE = [
    "qmonth.outputs.build",
    "qmonth.outputs.figures",
    "qmonth.outputs.xlsx",
    "qmonth.outputs.report",
    "qmonth.outputs.word",
    "qmonth.outputs.ics",
]
HEAVY = ["xlsxwriter", "docx", "icalendar", "lxml", "openpyxl", *OFFICE]

PROBE = """
import json, sys
from typer.testing import CliRunner
from qmonth.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _loaded_after(*args: str) -> list[str]:
    code = PROBE.format(heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("command", [["status"], ["status", "--format", "json"], ["remind", "--any-day"], ["check"]])
def test_everyday_commands_load_no_office_library(command: list[str]) -> None:
    assert _loaded_after(*command, "-f", str(DEMO), *(["--today", "2024-09-20"] if command[0] != "check" else [])) == []


def test_export_loads_only_what_it_needs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded = _loaded_after("export", "ics", "-f", str(DEMO), "--today", "2024-09-20", "-o", str(tmp_path / "x.ics"))
    assert "icalendar" in loaded and "xlsxwriter" not in loaded and "docx" not in loaded


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("r.html", "html"),
        ("R.HTM", "html"),
        ("通报.docx", "docx"),
        ("r.md", "markdown"),
        ("r.markdown", "markdown"),
        ("r", "markdown"),
        ("-", "markdown"),
        ("out.d/r", "markdown"),
        ("r.txt", None),
        ("r.pdf", None),
    ],
)
def test_format_from_the_file_name(name: str, kind: str | None) -> None:
    assert format_for(name) == kind


@pytest.mark.parametrize("day", ["2024-08-15", "2024-09-01", "2024-10-09", "2025-03-01"])
def test_every_output_before_during_and_long_after_the_campaign(day: str, tmp_path, run) -> None:  # type: ignore[no-untyped-def]
    """Before the notice, on the first day, on the last deadline, months later: every output is made."""
    for command, name in (
        (["export", "xlsx"], "x.xlsx"),
        (["export", "ics"], "x.ics"),
        (["report"], "x.docx"),
        (["report"], "x.html"),
        (["report"], "x.md"),
    ):
        out = tmp_path / name
        result = run(*command, "-f", DEMO, "--today", day, "-o", out)
        assert result.exit_code == 0, (command, day, result.output)
        assert out.stat().st_size > 0
    summary = (tmp_path / "x.md").read_text(encoding="utf-8").splitlines()[0]
    assert summary.endswith("活动总结") == (day == "2025-03-01")
