"""The output escaping policy (qmonth/core/escape.py), and the injection matrix: every payload × every
output × pipe and terminal, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path

import pytest
import tomli_w

from qmonth.core import escape

from .conftest import SHIPPED, Run

# ── the functions ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("普通文字 plain", "普通文字 plain"),
        ("[red]x[/red]", "[red]x[/red]"),  # markup is Rich's concern: Text objects, never markup
        ("a\nb", "a\\u000ab"),
        ("a\r\nb", "a\\u000d\\u000ab"),
        ("tab\there", "tab\\u0009here"),
        ("\x1b[2J", "\\u001b[2J"),
        ("\x9bcsi\x85nel", "\\u009bcsi\\u0085nel"),
        ("\x7f", "\\u007f"),
        ("\u202eevil\u2066x\u2069\u200f\u061c", "\\u202eevil\\u2066x\\u2069\\u200f\\u061c"),
        ("line\u2028sep\u2029", "line\\u2028sep\\u2029"),
    ],
)
def test_terminal_escapes_controls_line_breaks_and_bidi(raw: str, shown: str) -> None:
    assert escape.terminal(raw) == shown
    assert escape.has_controls(raw) == (raw != shown)


def test_terminal_lines_keeps_line_breaks_only() -> None:
    assert escape.terminal_lines("a\r\nb\nc\rd\x1b\u202e") == "a\nb\nc\\u000dd\\u001b\\u202e"


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\\u0009=1"),
        ("\r=1", "'\\u000d=1"),
        ("赤坎=1", "赤坎=1"),
        ("a\nb", "a\\u000ab"),
        ("", ""),
        (3, 3),
        (-4, -4),  # numbers the program computed stay numbers
    ],
)
def test_csv_cell_neutralises_formulas(raw: object, cell: object) -> None:
    assert escape.csv_cell(raw) == cell


def test_markdown_text_escapes_html_pipes_links_and_line_starts() -> None:
    assert escape.markdown_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escape.markdown_text("a|b") == "a\\|b"
    assert escape.markdown_text("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert escape.markdown_text("# 标题") == "\\# 标题"
    assert escape.markdown_text("1. item") == "1\\. item"
    assert escape.markdown_text("a\n# b") == "a\\\\u000a# b"
    assert escape.markdown_text("*_`~\\") == "\\*\\_\\`\\~\\\\"
    assert escape.markdown_text("2024-09-10 赤坎区") == "2024-09-10 赤坎区"


def test_markdown_text_leaves_quotes_alone() -> None:
    assert escape.markdown_text('他说"好"，it\'s ok') == '他说"好"，it\'s ok'


def test_csv_row_neutralises_every_cell() -> None:
    assert escape.csv_row(["单位", "=1+1", 2, "@x"]) == ["单位", "'=1+1", 2, "'@x"]
    assert escape.csv_row([]) == []


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("赤坎区", "赤坎区"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("line\nbreak\x7f", "line_break_"),
        ("\u202eexe.txt", "_exe.txt"),
        (" .hidden. ", "hidden"),
        ("X.X", "X.X"),
        ("..", "单位"),
        ("", "单位"),
        ("长" * 81, "长" * 80),
    ],
)
def test_safe_filename(name: str, file_name: str) -> None:
    assert escape.safe_filename(name, "单位") == file_name


def test_markdown_link_only_for_http() -> None:
    assert escape.markdown_link("报告", "https://example.com/a_(b)") == "[报告](https://example.com/a_%28b%29)"
    assert escape.markdown_link("x", "javascript:alert(1)") == "x (javascript:alert(1))"
    assert escape.markdown_link("file:///etc/passwd", "file:///etc/passwd") == "file:///etc/passwd"
    assert escape.markdown_link("x", "https://a.b/\u202e") == "x (https://a.b/\\\\u202e)"
    assert escape.markdown_link("x", " https://a.b") == "x ( https://a.b)"


def test_html_text_and_href() -> None:
    assert escape.html_text('<b a="1">&\x1b') == "&lt;b a=&quot;1&quot;&gt;&amp;\\u001b"
    assert escape.html_href("https://a.b/?x=1&y=<2>") is None
    assert escape.html_href("https://a.b/?x=1&y=2") == "https://a.b/?x=1&amp;y=2"
    assert escape.html_href("javascript:alert(1)") is None


# ── the matrix, through the CLI ───────────────────────────────────────────────

TODAY = "2024-09-20"
FORGED = "FORGED已报送请忽略"
PAYLOADS = {
    "newline": f"赤坎\n{FORGED}",
    "crlf": f"赤坎\r\n{FORGED}",
    "cr": f"赤坎\r{FORGED}",
    "line_separator": f"赤坎\u2028{FORGED}",
    "nel": f"赤坎\x85{FORGED}",
    "esc": "赤坎\x1b[2J\x1b]0;pwned\x07",
    "c1": "赤坎\x9b31m",
    "bidi": "赤坎\u202egpj.exe\u2066x\u2069",
    "formula": '=HYPERLINK("http://evil","点我")',
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-1+1",
    "at": "@SUM(1)",
    "tab": "\t=1",
    "html": "<script>alert(1)</script><img src=x>",
    "pipe": "a|b|c",
    "md_link": "[点我](javascript:alert(1))",
    "heading": f"# {FORGED}",
}
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _campaign_with(payload: str, folder: Path) -> Path:
    """The shipped campaign with `payload` in every one-line field a screen shows, a note and a
    theme header (CSV's header row)."""
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    data["campaign"]["title"] = payload
    first_theme = next(iter(data["themes"]))
    data["themes"][first_theme]["short"] = payload
    data["tasks"]["receipt"]["title"] = payload
    unit = data["units"]["chikan"]
    unit["name"] = unit["short"] = payload
    unit["liaison"] = {"name": payload, "mobile": "13800000000"}
    task = next(tid for tid, t in data["tasks"].items() if tid != "receipt" and "county" in t["applies_to"])
    unit["progress"] = {task: {"done": data["campaign"]["start"], "note": payload, "evidence": ["https://example.com/x"]}}
    data["notify"] = {"group": {"kind": "wecom"}, "md": {"kind": "dingtalk", "format": "markdown"}}
    path = folder / "campaign.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


OUTPUTS = {
    "status": ("status",),
    "checklist": ("status", "--unit", "chikan"),
    "remind": ("remind",),
    "csv": ("status", "--format", "csv"),
    "csv_checklist": ("status", "--format", "csv", "--unit", "chikan"),
    "markdown": ("status", "--format", "markdown"),
    "markdown_checklist": ("status", "--format", "markdown", "--unit", "chikan"),
    "json": ("status", "--format", "json"),
    "remind_json": ("remind", "--format", "json"),
    "robots": ("remind", "--dry-run"),  # issue 10: the WeCom text and DingTalk Markdown messages
}


def _strings(data: object) -> set[str]:
    if isinstance(data, dict):
        return set().union(*(_strings(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_strings(v) for v in data)) if data else set()
    return {data} if isinstance(data, str) else set()


def _check_terminal(out: str, colour: bool) -> None:
    if colour:  # qmonth's own styles are SGR sequences; nothing else may reach the terminal
        out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert not RAW_CONTROLS.search(out), repr(out[:300])
    assert "\x1b" not in out
    for line in out.split("\n"):
        assert not line.lstrip(" -·│").startswith(FORGED), line


def _check_csv(out: str) -> None:
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) > 1
    width = len(rows[0])
    for row in rows:
        assert len(row) == width
        for cell in row:
            assert not cell.startswith(FORMULA), cell
            assert not RAW_CONTROLS.search(cell), cell
            assert "\n" not in cell


def _check_markdown(out: str) -> None:
    assert not RAW_CONTROLS.search(out)
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)\]\((?!https?://)", out)  # no link but the http(s) ones made on purpose
    lines = out.split("\n")
    for line in lines:
        assert not line.startswith(("#", FORGED)) or line.startswith(("## ", "### ")), line
        assert not line.startswith("## #") and not line.startswith("## " + FORGED)
        assert not line.startswith(FORGED)
    tables = [line for line in lines if line.startswith("|")]
    assert tables
    columns = {len(re.findall(r"(?<!\\)\|", line)) for line in tables if not line.startswith("|---")}
    header_counts = {line.count("---|") + 1 for line in tables if line.startswith("|---")}
    assert columns <= header_counts, (columns, header_counts)


@pytest.mark.parametrize("colour", [False, True], ids=["pipe", "terminal"])
@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
def test_injection_matrix(payload: str, colour: bool, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = PAYLOADS[payload]
    path = _campaign_with(raw, tmp_path)
    monkeypatch.setenv("COLUMNS", "250")  # no folding: a forged line would start at the margin
    # the dry run checks each channel's endpoint (F3); it contacts none of them
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", "http://127.0.0.1:9/never")
    monkeypatch.setenv("QMONTH_NOTIFY_MD", "http://127.0.0.1:9/never")
    if colour:
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("TERM", "xterm-256color")
    for name, args in OUTPUTS.items():
        result = run(*args, "-f", path, "--today", TODAY)
        assert result.exit_code == 0, (name, result.output)
        out = result.stdout
        assert out.strip(), name
        if name.startswith("csv"):
            _check_csv(out)
        elif name.startswith("markdown"):
            _check_markdown(out)
        elif "json" in name:
            assert not RAW_CONTROLS.search(out)
            assert raw in _strings(json.loads(out)) or name == "remind_json"  # the data, exactly
        else:
            _check_terminal(out, colour)
        _check_terminal(result.stderr, colour)


def test_check_refuses_control_characters_in_names_with_their_line(run: Run, tmp_path: Path) -> None:
    path = _campaign_with(PAYLOADS["newline"], tmp_path)
    result = run("check", "-f", path, "--lang", "en")
    assert result.exit_code == 1
    lines = path.read_text(encoding="utf-8").split("\n")
    name_line = next(n for n, line in enumerate(lines, 1) if line.startswith("name = ") and FORGED in line)
    assert f"campaign.toml:{name_line}: units.chikan.name holds control characters" in result.stderr
    assert "campaign.title" in result.stderr and "tasks.receipt.title" in result.stderr
    _check_terminal(result.stderr, False)


def test_dry_run_diff_shows_controls_escaped(run: Run, tmp_path: Path) -> None:
    path = _campaign_with("plain", tmp_path)
    result = run("done", "chikan", "receipt", "-f", path, "--today", TODAY, "--note", "x\x1b[2Jy\u202e", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "+note = " in result.stdout
