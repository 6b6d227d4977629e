"""Robustness: whatever is done to the campaign file, the CLI answers with a message and an exit
code (0, 1, 2 or 3), never a traceback nor an internal error (70); and data is printed literally,
never read as Rich markup nor sent to the terminal as control sequences.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from qmonth.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "campaign.toml"
SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")
TODAY = "2024-09-20"
CHIKAN = '[units.chikan]\nname = "湛江市赤坎区住房和城乡建设局"\nshort = "赤坎区"\nkind = "county"\n'

# TOML-ish fragments, bad dates, ids that do and do not exist, markup, control and odd unicode.
TOKENS = [
    "[",
    "]",
    "[[",
    "]]",
    "=",
    '"',
    "'",
    '"""',
    "'''",
    "#",
    ",",
    ".",
    "{",
    "}",
    "\n",
    "\r\n",
    " ",
    "\t",
    "\\",
    "2024-13-01",
    "2024-02-30",
    "2024-09-10",
    "2023-09-10",
    "2025-01-01",
    "0001-01-01",
    "9999-12-31",
    "2024-09-10T08:00:00",
    "08:00:00",
    '"2024年9月31日"',
    '"9/10"',
    '"明天"',
    '"２０２４-０９-１０"',
    "[units.x]",
    "[units.chikan]",
    "[units.chikan.progress.receipt]",
    "[units.chikan.progress.nosuch]",
    "[units.chikan.liaison]",
    "[tasks.receipt]",
    "[tasks.x]",
    "[themes.x]",
    "[kinds]",
    "[campaign]",
    "[[units]]",
    "applies_to = []",
    'applies_to = ["nosuch"]',
    'applies_to = ["chikan"]',
    'kind = "nosuch"',
    'theme = "nosuch"',
    "done = 2024-09-09",
    'waived = ""',
    'waived = "不涉及"',
    'evidence = ["../../etc/passwd"]',
    'evidence = ["nothere.pdf"]',
    'evidence = ["https://example.com/a"]',
    'timezone = "Mars/Base"',
    'timezone = ""',
    'language = "fr"',
    "warn_days = -1",
    "warn_days = 1e9",
    "warn_days = 99",
    "warn_days = true",
    'receipt_task = "nosuch"',
    "nmae",
    "name",
    "kind",
    "deadline",
    "true",
    "inf",
    "nan",
    "-0",
    "0x1F",
    "1_000",
    "[]",
    "{}",
    "{ a = 1 }",
    "\x1b[31m",
    "\\u001b[2J",
    "\\u0000",
    "\\U0001F600",
    "[red]x[/red]",
    "[/]",
    "[bold",
    "[link=file:///etc/passwd]x[/link]",
    "\u202e",
    "\u200f",
    "\x7f",
    "\ufeff",
    "\u2028",
    "\x0c",
    "\x85",
    "赤坎区",
    "🙂",
    "𝟘",
    "ｎａｍｅ",
    "９月１０日",
    "%s",
    "{key}",
    "{0}",
    "{",
    "null",
]


# ── mutations of the shipped file ─────────────────────────────────────────────


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = SHIPPED_TEXT
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines(keepends=True) or [""]
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "replace", "replace", "insert", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, "".join(draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4))) + "\n")
        if op in ("delete", "duplicate", "swap", "insert"):
            text = "".join(lines)
            continue
        if op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
            continue
        start = draw(st.integers(0, len(text)))
        end = start + draw(st.integers(0, 12))
        piece = st.one_of(st.sampled_from(TOKENS), st.text(max_size=4))
        text = text[:start] + "".join(draw(st.lists(piece, max_size=3))) + text[end:]
    data = text.encode("utf-8")
    if draw(st.integers(0, 19)) == 0:  # now and then, bytes that are not UTF-8
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe8\xb5", b"\x80\x80"])) + data[at:]
    return data


def run(*args: object) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def assert_clean(result: Result) -> None:
    detail = f"exit {result.exit_code}\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-2000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{result.exception!r}\n{detail}"
    assert result.exit_code in (0, 1, 2, 3), detail
    assert "Traceback" not in result.output, detail
    if result.exit_code != 0:
        assert result.stderr.strip(), detail


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "examples" / "evidence", folder / "evidence")
    return folder


# the environment is cleaned by conftest's autouse _clean_env


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=mutated(),
    fmt=st.sampled_from(["table", "json", "csv", "markdown"]),
    lang=st.sampled_from([(), ("--lang", "en"), ("--lang", "zh")]),
)
def test_mutated_campaign_never_crashes(workdir: Path, data: bytes, fmt: str, lang: tuple[str, ...]) -> None:
    path = workdir / "campaign.toml"
    path.write_bytes(data)
    status = run("status", "-f", path, "--today", TODAY, "--format", fmt, *lang)
    remind = run("remind", "-f", path, "--today", TODAY, *lang)
    check = run("check", "-f", path, *lang)
    checklist = run("status", "-f", path, "--today", TODAY, "--unit", "chikan", *lang)  # exit 2 if chikan is gone
    for result in (status, remind, check, checklist):
        assert_clean(result)
    # The commands agree: status and remind refuse a file alike, and check is the strictest.
    assert status.exit_code == remind.exit_code
    if status.exit_code == 1:
        assert status.stderr == remind.stderr
        assert check.exit_code == 1
    if check.exit_code == 0:
        assert status.exit_code == 0
    assert path.read_bytes() == data, "a read-only command changed the file"


def test_the_unmutated_file_is_fine(workdir: Path) -> None:
    path = workdir / "campaign.toml"
    path.write_text(SHIPPED_TEXT, encoding="utf-8")
    for args in (("status", "--today", TODAY), ("remind", "--today", TODAY), ("check",)):
        result = run(args[0], "-f", path, *args[1:])
        assert result.exit_code == 0, result.output


# ── data is printed literally ─────────────────────────────────────────────────

MARKUP = "[red]x[/red]"
NAME = "赤坎[/]\\u001b[2J" + MARKUP  # as written in TOML: \u001b is ESC


@pytest.fixture
def marked(tmp_path: Path) -> Path:
    text = SHIPPED_TEXT.replace(CHIKAN, f'[units.chikan]\nname = "{NAME}"\nshort = "{MARKUP}"\nkind = "county"\n')
    title = 'title = "2024年全市住房城乡建设系统“质量月”活动"'
    text = text.replace(title, 'title = "[bold]标题[/bold][/]\\u001b]0;pwned\\u0007"')
    assert text.count(MARKUP) == 2 and "[bold]标题" in text
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_data_is_printed_literally(marked: Path) -> None:
    shown_name = "赤坎[/]\\u001b[2J" + MARKUP  # ESC shown as the visible escape \u001b
    screen = run("status", "-f", marked, "--today", TODAY)
    assert screen.exit_code == 0, screen.output
    assert MARKUP in screen.stdout
    assert "[bold]标题[/bold][/]\\u001b]0;pwned\\u0007" in screen.stdout
    checklist = run("status", "-f", marked, "--today", TODAY, "--unit", "chikan")
    assert checklist.exit_code == 0, checklist.output
    assert shown_name in checklist.stdout
    reminders = run("remind", "-f", marked, "--today", TODAY)
    assert reminders.exit_code == 0, reminders.output
    assert shown_name in reminders.stdout
    outputs = [screen, checklist, reminders]
    for fmt in ("json", "csv", "markdown"):
        outputs.append(run("status", "-f", marked, "--today", TODAY, "--format", fmt))
        assert outputs[-1].exit_code == 0, outputs[-1].output
        # Markdown escapes the brackets (no link can be made of them); it renders as the text itself
        assert (MARKUP if fmt != "markdown" else "\\[red\\]x\\[/red\\]") in outputs[-1].stdout
    outputs.append(run("remind", "-f", marked, "--today", TODAY, "--format", "json"))
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        assert "\x07" not in result.output
    # `check` refuses control characters in names and titles, naming their lines; still literally
    checked = run("check", "-f", marked)
    assert checked.exit_code == 1, checked.output
    assert "units.chikan.name" in checked.output and "campaign.title" in checked.output
    for result in [checked]:
        assert "\x1b" not in result.output
        assert "\x07" not in result.output


def test_data_is_printed_literally_even_in_colour(marked: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With colour forced, qmonth's own styles are there, but the data's sequences are not."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    for args in (("status",), ("status", "--unit", "chikan"), ("remind",)):
        result = run(*args, "-f", marked, "--today", TODAY)
        assert result.exit_code == 0, result.output
        assert "\x1b[2J" not in result.output
        assert "\x1b]0;" not in result.output
        assert "\x07" not in result.output
        if "--unit" not in args:
            assert "[bold]标题[/bold][/]\\u001b]0;pwned\\u0007" in result.stdout


def test_problem_messages_are_printed_literally(tmp_path: Path) -> None:
    text = SHIPPED_TEXT.replace(CHIKAN, CHIKAN + '"\\u001b[2J[red]k[/red]" = 1\n')
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    for name in ("status", "check"):
        result = run(name, "-f", path, *(("--today", TODAY) if name == "status" else ()))
        assert result.exit_code == 1, result.output
        assert "\x1b" not in result.output
        assert "units.chikan.\\u001b[2J[red]k[/red]" in result.stderr
