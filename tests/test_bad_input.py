"""Bad input never produces a traceback: one clear message naming the file, the line and the key,
saying what to do, with a non-zero exit code; the file itself is never changed.

Every case is a real file in tmp_path, made by text substitution on the shipped campaign.toml, and
driven through the CLI. Expected line numbers are computed from the text, never hard-coded.
Exit codes: 0 ok, 1 campaign file invalid, 2 usage error, 3 file missing/unreadable, 70 a bug.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from qmonth.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "campaign.toml"
TODAY = "2024-09-20"

CHIKAN = '[units.chikan]\nname = "湛江市赤坎区住房和城乡建设局"\nshort = "赤坎区"\nkind = "county"\n'
ENTERPRISES = '[units.enterprises]\nname = "各相关参建企业"\nshort = "参建企业"\nkind = "enterprise"\n'
RECEIPT_DEADLINE = "deadline = 2024-09-10\n"
RECEIPT_THEME = 'theme = "reporting"\ntitle = "报送联络员回执"'
RECEIPT_APPLIES = 'applies_to = ["county", "centre", "association", "enterprise"]'
KINDS = "county, centre, association, enterprise"
TASK_KEYS = "theme, title, deadline, due_time, applies_to, evidence, warn_days, note, repeat, until, number, optional, title_en"
UNIT_KEYS = "name, short, kind, phone, email, liaison, progress"


# ── helpers ───────────────────────────────────────────────────────────────────


# the environment is cleaned by conftest's autouse _clean_env


def line_of(text: str, needle: str, *, last: bool = False) -> int:
    """1-based line where `needle` starts (its first, or last, occurrence)."""
    at = text.rindex(needle) if last else text.index(needle)
    return text.count("\n", 0, at) + 1


@dataclass
class Camp:
    """A private copy of the shipped campaign.toml, changed by text substitution."""

    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def mutate(self, old: str, new: str) -> str:
        text = self.text
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
        self.path.write_text(text, encoding="utf-8")
        return text

    def after(self, anchor: str, extra: str) -> str:
        """Insert `extra` (a table) after the `anchor` text, separated by a blank line."""
        return self.mutate(anchor, anchor + "\n" + extra)

    def line(self, needle: str, *, last: bool = False) -> int:
        return line_of(self.text, needle, last=last)


@pytest.fixture
def camp(tmp_path: Path) -> Camp:
    target = tmp_path / "campaign.toml"
    shutil.copyfile(SHIPPED, target)
    return Camp(target)


def cli(*args: object) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def command(name: str, path: Path, *more: str) -> Result:
    """status/remind/check on `path` (with a fixed --today where the command takes one)."""
    dated = ("--today", TODAY) if name in ("status", "remind") else ()
    return cli(name, "-f", path, *dated, *more)


def failed(result: Result, code: int) -> str:
    """Assert a clean refusal with `code`; return stderr."""
    detail = f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, detail
    assert "Traceback" not in result.output, detail
    assert result.stderr.strip(), detail
    return result.stderr


def problem(stderr: str, path: Path, line: int | None) -> str:
    """The one problem line `  PATH:LINE: ...` (or `  PATH: ...` when no line is known)."""
    prefix = f"  {path}:{line}: " if line is not None else f"  {path}: "
    found = [ln for ln in stderr.splitlines() if ln.startswith(prefix)]
    assert len(found) == 1, f"expected one problem at {prefix!r} in:\n{stderr}"
    return found[0]


def invalid(camp: Camp, *cmd: str) -> str:
    """Run `check` (or the given command) on a file that must be refused; return stderr."""
    before = camp.path.read_bytes()
    name, *more = cmd or ("check",)
    err = failed(command(name, camp.path, *more), 1)
    assert err.splitlines()[0].startswith(f"{camp.path} "), err
    assert camp.path.read_bytes() == before, "the file was changed"
    return err


def assert_has(text: str, *fragments: str) -> None:
    for f in fragments:
        assert f in text, f"{f!r} not in {text!r}"


# ── the file cannot be found or read ─────────────────────────────────────────


@pytest.mark.parametrize("name", ["status", "remind", "check"])
def test_missing_file(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    err = failed(command(name, Path("nope.toml")), 3)
    assert_has(err, "nope.toml", "--file", "qmonth init")
    assert not (tmp_path / "nope.toml").exists()


def test_no_campaign_file_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    if any((p / "campaign.toml").is_file() for p in empty.resolve().parents):
        pytest.skip("a parent of tmp_path holds a campaign.toml")
    monkeypatch.chdir(empty)
    monkeypatch.delenv("QMONTH_FILE", raising=False)
    err = failed(cli("status", "--today", TODAY), 3)
    assert_has(err, "campaign.toml", "--file", "QMONTH_FILE", "qmonth init")
    err = failed(cli("check", "--lang", "en"), 3)
    assert_has(err, "No campaign.toml", "--file", "QMONTH_FILE", "qmonth init")


def test_unreadable_file(camp: Camp) -> None:
    camp.path.chmod(0)
    try:
        if os.access(camp.path, os.R_OK):
            pytest.skip("running as root: a mode-000 file is still readable")
        err = failed(command("status", camp.path), 3)
        assert_has(err, str(camp.path), "权限")
    finally:
        camp.path.chmod(0o644)


def test_unreadable_file_even_as_root(camp: Camp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal when reading fails with EACCES (simulated, so that it runs as root too)."""
    real = os.open

    def denied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == camp.path:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    for name in ("status", "remind", "check"):
        err = failed(command(name, camp.path), 3)
        assert_has(err, f"无法读取 {camp.path}：没有权限，请检查文件和所在文件夹的权限", "读取权限")
    err = failed(command("check", camp.path, "--lang", "en"), 3)
    assert_has(err, f"Cannot read {camp.path}: Permission denied", "that you may read it")


def test_directory_given_as_file(tmp_path: Path) -> None:
    err = failed(command("check", tmp_path), 3)
    assert_has(err, str(tmp_path), "是一个文件夹", "--file")
    err = failed(command("check", tmp_path, "--lang", "en"), 3)
    assert_has(err, f"{tmp_path} is a folder", "--file")


def test_not_utf8(camp: Camp) -> None:
    line = camp.line('name = "湛江市赤坎区住房和城乡建设局"')
    data = camp.path.read_bytes().replace("赤坎区住房".encode(), "赤坎区住房".encode("gbk"))
    camp.path.write_bytes(data)
    err = invalid(camp)
    assert_has(problem(err, camp.path, line), "UTF-8", "请用 UTF-8 保存")


# ── the file is not TOML ──────────────────────────────────────────────────────


def test_malformed_toml(camp: Camp) -> None:
    camp.mutate("[units.xuwen]\n", "[units.xuwen\n")
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line("[units.xuwen")), "TOML", "]", "请检查")


def test_unclosed_string(camp: Camp) -> None:
    camp.mutate('short = "徐闻县"', 'short = "徐闻县')
    err = invalid(camp, "check", "--lang", "en")
    assert_has(problem(err, camp.path, camp.line('short = "徐闻县')), "TOML syntax error", "Check")


def test_duplicate_unit_table(camp: Camp) -> None:
    camp.after(ENTERPRISES, '[units.chikan]\nname = "重复"\nkind = "county"\n')
    err = invalid(camp)
    line = problem(err, camp.path, camp.line("[units.chikan]", last=True))
    assert_has(line, "units.chikan", "重复定义", "删除或改名")


def test_duplicate_top_table_names_it_plainly(camp: Camp) -> None:
    camp.after(ENTERPRISES, '[campaign]\ntitle = "又一个"\n')
    err = invalid(camp)
    line = problem(err, camp.path, camp.line("[campaign]", last=True))
    assert_has(line, ": campaign 被重复定义")


def test_duplicate_key(camp: Camp) -> None:
    camp.mutate("warn_days = 3\n", "warn_days = 3\nwarn_days = 4\n")
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line("warn_days = 4")), "warn_days", "重复定义", "删除")


# ── unknown keys, wrong types ─────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("old", "new", "key", "allowed"),
    [
        ("[campaign]\n", 'nmae = "x"\n\n[campaign]\n', "nmae", "campaign, kinds, calendar, themes, tasks, units"),
        (RECEIPT_DEADLINE, "dedline = 2024-09-10\n", "tasks.receipt.dedline", TASK_KEYS),
        ('name = "湛江市赤坎区住房和城乡建设局"', 'nmae = "湛江市赤坎区住房和城乡建设局"', "units.chikan.nmae", UNIT_KEYS),
        ('office = "质安科"', 'ofice = "质安科"', "campaign.contact.ofice", "name, office, phone, messaging"),
    ],
    ids=["top-level", "task", "unit", "contact"],
)
def test_unknown_key(camp: Camp, old: str, new: str, key: str, allowed: str) -> None:
    camp.mutate(old, new)
    err = invalid(camp)
    line = problem(err, camp.path, camp.line(new.strip().split("\n")[0]))
    assert_has(line, f"未知的键 {key}", "拼写错误", f"此处可用的键：{allowed}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_key_is_shown_as_two_quotes_with_its_line(camp: Camp, lang: str) -> None:
    """G11: [""] is an unknown (empty) key: shown as "" with its line, as is a table declared twice."""
    text = camp.after(ENTERPRISES, '[""]\nx = 1\n')
    said = 'Unknown key "" (a typo?)' if lang == "en" else '未知的键 ""（拼写错误？）'
    assert_has(problem(invalid(camp, "check", "--lang", lang), camp.path, line_of(text, '[""]')), said)
    camp.mutate('[""]\nx = 1\n', '[""]\nx = 1\n[""]\ny = 2\n')
    twice = '"" is defined twice' if lang == "en" else '"" 被重复定义'
    assert_has(problem(invalid(camp, "check", "--lang", lang), camp.path, camp.line('[""]', last=True)), twice)


def test_an_empty_or_dotted_key_in_a_unit_is_quoted_and_located(camp: Camp) -> None:
    text = camp.mutate(CHIKAN, CHIKAN + '"" = 1\n"a.b" = 2\n')
    err = invalid(camp)
    assert_has(problem(err, camp.path, line_of(text, '"" = 1')), '未知的键 units.chikan.""（')
    assert_has(problem(err, camp.path, line_of(text, '"a.b" = 2')), '未知的键 units.chikan."a.b"（')


def test_unknown_key_in_unit_also_reports_the_missing_name_at_the_table(camp: Camp) -> None:
    camp.mutate('name = "湛江市赤坎区住房和城乡建设局"', 'nmae = "湛江市赤坎区住房和城乡建设局"')
    err = invalid(camp, "status")
    assert_has(err, "有 2 个问题")
    assert_has(problem(err, camp.path, camp.line("[units.chikan]")), "缺少必填项 units.chikan.name")


@pytest.mark.parametrize(
    ("old", "new", "key", "fragments"),
    [
        ("warn_days = 3\n", 'warn_days = "three"\n', "campaign.warn_days", ('"three"', "整数")),
        ('name = "湛江市赤坎区住房和城乡建设局"', "name = 5", "units.chikan.name", ("5", "文本（加引号）")),
        (RECEIPT_APPLIES, 'applies_to = "county"', "tasks.receipt.applies_to", ('"county"', "列表")),
        ("holidays = []", 'holidays = "2024-10-01"', "calendar.holidays", ('"2024-10-01"', "列表")),
    ],
    ids=["warn_days-text", "name-number", "applies_to-text", "holidays-text"],
)
def test_wrong_type(camp: Camp, old: str, new: str, key: str, fragments: tuple[str, ...]) -> None:
    camp.mutate(old, new)
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line(new.split("\n")[0])), key, "类型不对", *fragments)


def test_value_out_of_range(camp: Camp) -> None:
    camp.mutate("warn_days = 3\n", "warn_days = 99\n")
    err = invalid(camp, "remind")
    assert_has(problem(err, camp.path, camp.line("warn_days = 99")), "campaign.warn_days", "60")


def test_invalid_id(camp: Camp) -> None:
    camp.mutate("[units.chikan]", '[units."赤 坎"]')
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line('[units."赤 坎"]')), "赤 坎", "字母、数字、- 和 _")


# ── dates ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("value", ['"2024-02-30"', '"明天"', '"2024年13月1日"', '"9/31"'])
def test_impossible_or_unknown_text_date(camp: Camp, value: str) -> None:
    camp.mutate(RECEIPT_DEADLINE, f"deadline = {value}\n")
    err = invalid(camp)
    line = problem(err, camp.path, camp.line(f"deadline = {value}"))
    assert_has(line, "tasks.receipt.deadline", value.strip('"'), "请写成 2024-09-10")


def test_impossible_toml_date(camp: Camp) -> None:
    """TOML itself rejects 2024-02-30: the message still names the line, the key and what to write."""
    camp.mutate(RECEIPT_DEADLINE, "deadline = 2024-02-30\n")
    err = invalid(camp)
    line = problem(err, camp.path, camp.line("deadline = 2024-02-30"))
    assert_has(line, "deadline", "2024-09-10")
    err = invalid(camp, "check", "--lang", "en")
    assert_has(problem(err, camp.path, camp.line("deadline = 2024-02-30")), "deadline", "not a valid date")


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("2024-13-07", "issued：2024-13-07 不是有效日期（没有这一天）", "issued: 2024-13-07 is not a valid date (no such day)"),
        ("2024-09-31 # 印发", "issued：2024-09-31 不是有效日期", "issued: 2024-09-31 is not a valid date"),
        (
            "2024-9-7",
            "issued：日期 2024-9-7 的月和日要写两位数：2024-09-07。",
            "the date 2024-9-7 needs a two-digit month and day: 2024-09-07.",
        ),
    ],
)
def test_a_date_toml_cannot_read_is_named_with_its_line_not_as_a_syntax_error(camp: Camp, value: str, zh: str, en: str) -> None:
    """G11: 2024-13-07 is not TOML's syntax (no bracket advice, no English parser text): the date is named."""
    camp.mutate("issued = 2024-09-07\n", f"issued = {value}\n")
    for lang, said in (("zh", zh), ("en", en)):
        line = problem(invalid(camp, "check", "--lang", lang), camp.path, camp.line("issued = 2024-"))
        assert_has(line, said)
        assert "Expected" not in line and "方括号" not in line and "brackets" not in line


def test_a_date_in_quotes_or_an_unclosed_quote_is_still_a_syntax_error(camp: Camp) -> None:
    camp.mutate('short = "徐闻县"', 'short = "徐闻县 2024-13-07')
    assert_has(problem(invalid(camp), camp.path, camp.line('short = "徐闻县')), "TOML 语法错误")


def test_date_with_time(camp: Camp) -> None:
    # a deadline may carry a time of day (issue 7); the campaign's own dates may not
    camp.mutate("start = 2024-09-01", "start = 2024-09-01T08:00:00")
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line("start = 2024-09-01T")), "campaign.start", "不要写时间")


def test_deadline_outside_campaign_year(camp: Camp) -> None:
    camp.mutate("deadline = 2024-10-09", "deadline = 2025-10-09")
    err = invalid(camp)
    line = problem(err, camp.path, camp.line("deadline = 2025-10-09"))
    assert_has(line, "tasks.summary.deadline", "2025-10-09", "2024", "核对年份")


def test_campaign_start_after_end(camp: Camp) -> None:
    camp.mutate("start = 2024-09-01", "start = 2024-10-01")
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line("start = 2024-10-01")), "campaign.start", "2024-10-01", "2024-09-30")


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_campaign_in_an_absurd_year(camp: Camp, year: str) -> None:
    """A campaign at the ends of the calendar is refused, not crashed on (date arithmetic overflows)."""
    camp.mutate("start = 2024-09-01\nend = 2024-09-30", f"start = {year}-09-01\nend = {year}-09-30")
    camp.mutate("deadline = 2024-09-10", f"deadline = {year}-09-10")
    camp.mutate("deadline = 2024-10-09", f"deadline = {year}-09-29")
    for name in ("status", "remind", "check"):
        err = invalid(camp, name, *(("--today", f"{year}-09-20") if name != "check" else ()))
        assert_has(problem(err, camp.path, camp.line(f"start = {year}")), "campaign.start", year)


def test_unknown_timezone(camp: Camp) -> None:
    camp.mutate('timezone = "Asia/Shanghai"', 'timezone = "Asia/Shangai"')
    err = invalid(camp, "status")
    assert_has(problem(err, camp.path, camp.line("timezone =")), "campaign.timezone", "Asia/Shangai", "Asia/Shanghai", "IANA")


# ── references between ids ───────────────────────────────────────────────────


def test_task_with_unknown_theme(camp: Camp) -> None:
    camp.mutate(RECEIPT_THEME, RECEIPT_THEME.replace('"reporting"', '"reportng"'))
    err = invalid(camp)
    line = problem(err, camp.path, camp.line('theme = "reportng"'))
    assert_has(line, "tasks.receipt.theme", "reportng", "[themes]", "reporting", "publicity")


@pytest.mark.parametrize("target", ["enterprize", "chikann"])
def test_applies_to_unknown_kind_or_unit(camp: Camp, target: str) -> None:
    camp.mutate(RECEIPT_APPLIES, f'applies_to = ["county", "centre", "association", "{target}"]')
    err = invalid(camp)
    line = problem(err, camp.path, camp.line(f'"{target}"]'))
    assert_has(line, "tasks.receipt.applies_to", target, "既不是单位类别也不是单位编号", KINDS)


def test_unit_with_unknown_kind(camp: Camp) -> None:
    camp.mutate(CHIKAN, CHIKAN.replace('kind = "county"', 'kind = "countyy"'))
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line('kind = "countyy"')), "units.chikan.kind", "countyy", "[kinds]", KINDS)


def test_progress_for_unknown_task_suggests_the_closest(camp: Camp) -> None:
    camp.after(CHIKAN, "[units.chikan.progress.reciept]\ndone = 2024-09-09\n")
    err = invalid(camp)
    line = problem(err, camp.path, camp.line("[units.chikan.progress.reciept]"))
    assert_has(line, "units.chikan.progress.reciept", "没有编号为 “reciept” 的任务", "相近的有：receipt")


def test_progress_for_task_that_does_not_apply(camp: Camp) -> None:
    camp.after(ENTERPRISES, "[units.enterprises.progress.site-visit-attend]\ndone = 2024-09-09\n")
    err = invalid(camp)
    line = problem(err, camp.path, camp.line("[units.enterprises.progress.site-visit-attend]"))
    assert_has(line, "site-visit-attend", "不适用于该单位", "county", "applies_to")


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ('done = 2024-09-09\nwaived = "不涉及"\n', ("既有 done 又有 waived", "保留一个")),
        ('note = "电话报了"\n', ("done = 日期", "waived")),
    ],
    ids=["both", "neither"],
)
def test_record_needs_exactly_one_of_done_and_waived(camp: Camp, body: str, fragments: tuple[str, ...]) -> None:
    camp.after(CHIKAN, "[units.chikan.progress.receipt]\n" + body)
    err = invalid(camp)
    line = problem(err, camp.path, camp.line("[units.chikan.progress.receipt]"))
    assert_has(line, "units.chikan.progress.receipt", *fragments)


def test_waived_needs_a_reason(camp: Camp) -> None:
    camp.after(CHIKAN, '[units.chikan.progress.receipt]\nwaived = "  "\n')
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line('waived = "  "')), "units.chikan.progress.receipt.waived", "理由")


# ── evidence ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("ref", ["../../etc/passwd", "/etc/passwd", "evidence/../../x.pdf"])
def test_evidence_escaping_the_folder(camp: Camp, ref: str) -> None:
    camp.after(CHIKAN, f'[units.chikan.progress.receipt]\ndone = 2024-09-09\nevidence = ["{ref}"]\n')
    for name in ("status", "remind", "check"):
        err = invalid(camp, name)
        line = problem(err, camp.path, camp.line('evidence = ["' + ref))
        assert_has(line, "units.chikan.progress.receipt.evidence.0", ref, "超出活动文件所在目录", "相对路径或网址")


def test_evidence_in_a_sibling_folder_sharing_the_name_prefix_escapes(camp: Camp) -> None:
    # folder "x" and its sibling "x-private": a plain string-prefix check would let this through
    base = camp.path.parent
    sibling = base.parent / f"{base.name}-private"
    sibling.mkdir()
    (sibling / "x.pdf").write_bytes(b"secret")
    ref = f"../{base.name}-private/x.pdf"
    camp.after(CHIKAN, f'[units.chikan.progress.receipt]\ndone = 2024-09-09\nevidence = ["{ref}"]\n')
    for name in ("status", "check"):
        err = invalid(camp, name)
        line = problem(err, camp.path, camp.line('evidence = ["' + ref))
        assert_has(line, "units.chikan.progress.receipt.evidence.0", ref, "超出活动文件所在目录")


def test_evidence_missing_only_check_flags_it(camp: Camp) -> None:
    (camp.path.parent / "evidence").mkdir()
    (camp.path.parent / "evidence" / "receipt.pdf").write_bytes(b"%PDF")
    camp.after(
        CHIKAN,
        "[units.chikan.progress.receipt]\ndone = 2024-09-09\n"
        'evidence = [\n  "evidence/receipt.pdf",\n  "evidence/nothere.pdf",\n]\n',
    )
    before = camp.path.read_bytes()
    for name in ("status", "remind"):
        result = command(name, camp.path)
        assert result.exit_code == 0, result.output
        assert "nothere" not in result.stderr
    result = command("status", camp.path, "--unit", "chikan")
    assert result.exit_code == 0, result.output
    assert_has(result.stdout, "nothere.pdf", "（缺失）")
    err = invalid(camp)
    assert_has(err, "有 1 个问题")
    line = problem(err, camp.path, camp.line("evidence = [\n"))  # the key's line (not the element's)
    assert_has(line, "units.chikan.progress.receipt.evidence.1", "evidence/nothere.pdf", "不存在", str(camp.path.parent))
    assert camp.path.read_bytes() == before


def test_evidence_with_an_overlong_name(camp: Camp) -> None:
    ref = "x" * 300 + ".pdf"
    camp.after(CHIKAN, f'[units.chikan.progress.receipt]\ndone = 2024-09-09\nevidence = ["{ref}"]\n')
    result = command("status", camp.path, "--unit", "chikan")
    assert result.exit_code == 0, result.output
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line(f'evidence = ["{ref}"]')), "units.chikan.progress.receipt.evidence.0")


# ── several problems, every command, languages ───────────────────────────────


def test_several_schema_problems_reported_at_once(camp: Camp) -> None:
    camp.mutate("warn_days = 3\n", 'warn_days = "three"\n')
    camp.mutate(RECEIPT_DEADLINE, "dedline = 2024-09-10\n")
    camp.mutate('name = "湛江市赤坎区住房和城乡建设局"', 'nmae = "湛江市赤坎区住房和城乡建设局"')
    camp.mutate('kind = "centre"', "kind = 7")
    err = invalid(camp)
    assert_has(err.splitlines()[0], "有 5 个问题")
    assert_has(problem(err, camp.path, camp.line('warn_days = "three"')), "campaign.warn_days")
    assert_has(problem(err, camp.path, camp.line("dedline =")), "tasks.receipt.dedline")
    assert_has(problem(err, camp.path, camp.line("nmae =")), "units.chikan.nmae")
    assert_has(problem(err, camp.path, camp.line("[units.chikan]")), "units.chikan.name")
    assert_has(problem(err, camp.path, camp.line("kind = 7")), "units.quality-centre.kind")


def test_several_reference_problems_reported_at_once(camp: Camp) -> None:
    camp.mutate(RECEIPT_THEME, RECEIPT_THEME.replace('"reporting"', '"reportng"'))
    camp.mutate("deadline = 2024-10-09", "deadline = 2025-10-09")
    camp.mutate('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"')
    camp.after(CHIKAN, '[units.chikan.progress.reciept]\ndone = 2024-09-09\nevidence = ["../x.pdf"]\n')
    err = invalid(camp)
    assert_has(err.splitlines()[0], "有 5 个问题")
    assert_has(problem(err, camp.path, camp.line('theme = "reportng"')), "tasks.receipt.theme")
    assert_has(problem(err, camp.path, camp.line("deadline = 2025-10-09")), "tasks.summary.deadline")
    assert_has(problem(err, camp.path, camp.line("timezone =")), "Mars/Olympus")
    assert_has(problem(err, camp.path, camp.line("[units.chikan.progress.reciept]")), "receipt")
    assert_has(problem(err, camp.path, camp.line('evidence = ["../x.pdf"]')), "../x.pdf")


def test_schema_and_reference_problems_reported_in_one_run(camp: Camp) -> None:
    """A typo in a key must not hide an unknown theme until the next run."""
    camp.mutate(RECEIPT_DEADLINE, "dedline = 2024-09-10\n")
    camp.mutate(CHIKAN, CHIKAN.replace('kind = "county"', 'kind = "countyy"'))
    err = invalid(camp)
    assert_has(err.splitlines()[0], "有 2 个问题")
    assert_has(problem(err, camp.path, camp.line("dedline =")), "tasks.receipt.dedline")
    assert_has(problem(err, camp.path, camp.line('kind = "countyy"')), "units.chikan.kind", "countyy")


INVALID_FILES = {
    "syntax": ("[units.xuwen]\n", "[units.xuwen\n"),
    "schema": ('name = "湛江市赤坎区住房和城乡建设局"', 'nmae = "湛江市赤坎区住房和城乡建设局"'),
    "reference": (RECEIPT_THEME, RECEIPT_THEME.replace('"reporting"', '"reportng"')),
    "evidence": (CHIKAN, CHIKAN + '\n[units.chikan.progress.receipt]\ndone = 2024-09-09\nevidence = ["../../etc/passwd"]\n'),
}


WRITES = [
    ("done", "chikan", "receipt", "--on", "2024-09-09"),
    ("done", "chikan", "receipt", "--on", "2024-09-09", "--dry-run"),
    ("undo", "chikan", "receipt"),
    ("waive", "chikan", "receipt", "--reason", "不涉及"),
    ("receipt", "chikan", "--name", "张三", "--on", "2024-09-09"),
]


@pytest.mark.parametrize("case", list(INVALID_FILES))
def test_every_command_refuses_an_invalid_file_alike(camp: Camp, case: str) -> None:
    camp.mutate(*INVALID_FILES[case])
    before = camp.path.read_bytes()
    outputs = {}
    for name in ("status", "remind", "check"):
        result = command(name, camp.path)
        failed(result, 1)
        assert result.stdout == "", result.stdout
        outputs[name] = result.stderr
    assert outputs["status"] == outputs["remind"] == outputs["check"]
    for write in WRITES:  # the write commands refuse it too, and write nothing
        result = cli(*write, "-f", camp.path)
        assert failed(result, 1) == outputs["check"], write
    for name in ("status", "remind", "check"):
        assert command(name, camp.path, "--lang", "en").stderr.startswith(f"{camp.path} has ")
    assert camp.path.read_bytes() == before


# ── usage errors ──────────────────────────────────────────────────────────────


def test_status_unknown_unit_lists_the_closest(camp: Camp) -> None:
    err = failed(command("status", camp.path, "--unit", "nosuch"), 2)
    assert_has(err, "nosuch", "相近的有：wuchuan")
    err = failed(command("status", camp.path, "--unit", "chikn"), 2)
    assert_has(err, "chikn", "chikan")
    err = failed(command("status", camp.path, "--unit", "chikn", "--lang", "en"), 2)
    assert_has(err, "No unit", "chikn", "Closest: chikan")


def test_ambiguous_unit(camp: Camp) -> None:
    err = failed(command("status", camp.path, "--unit", "区"), 2)
    assert_has(err, "chikan", "xiashan", "使用编号")


@pytest.mark.parametrize("name", ["status", "remind"])
@pytest.mark.parametrize("day", ["明天", "9/20/2024", "2024-09"])
def test_bad_today(camp: Camp, name: str, day: str) -> None:
    err = failed(cli(name, "-f", camp.path, "--today", day), 2)
    assert_has(err, "--today", day, "2024-09-10")  # the message shows the forms that work


@pytest.mark.parametrize("name", ["status", "remind"])
@pytest.mark.parametrize("day", ["2024-13-45", "2024-02-30", "9月31日"])
def test_impossible_today(camp: Camp, name: str, day: str) -> None:
    err = failed(cli(name, "-f", camp.path, "--today", day), 2)
    assert_has(err, "--today", f"没有 “{day}” 这一天")


def test_bad_option_and_out_of_range_value(camp: Camp) -> None:
    err = failed(cli("status", "-f", camp.path, "--bogus"), 2)
    assert_has(err, "--bogus")
    err = failed(cli("remind", "-f", camp.path, "--within", "99"), 2)
    assert_has(err, "--within")
    err = failed(cli("status", "-f", camp.path, "--format", "xml"), 2)
    assert_has(err, "--format")


# ── languages ─────────────────────────────────────────────────────────────────


def test_language_of_messages(camp: Camp, monkeypatch: pytest.MonkeyPatch) -> None:
    camp.mutate(CHIKAN, CHIKAN.replace('kind = "county"', 'kind = "countyy"'))
    at = camp.line('kind = "countyy"')
    zh = problem(invalid(camp), camp.path, at)
    assert_has(zh, "单位类别 “countyy” 未在 [kinds] 中定义。可用：")
    en = problem(invalid(camp, "check", "--lang", "en"), camp.path, at)
    assert_has(en, "unit kind “countyy” is not defined in [kinds]. Known: " + KINDS)
    monkeypatch.setenv("QMONTH_LANG", "en")
    assert problem(invalid(camp), camp.path, at) == en
    assert problem(invalid(camp, "check", "--lang", "zh"), camp.path, at) == zh


def test_english_campaign_reports_its_problems_in_english(camp: Camp) -> None:
    camp.mutate('language = "zh"', 'language = "en"')
    camp.mutate(CHIKAN, CHIKAN.replace('kind = "county"', 'kind = "countyy"'))
    err = invalid(camp)
    assert_has(problem(err, camp.path, camp.line('kind = "countyy"')), "unit kind “countyy” is not defined")


def test_language_of_usage_errors(camp: Camp) -> None:
    assert_has(failed(command("status", camp.path, "--unit", "nosuch"), 2), "没有编号或名称为")
    assert_has(failed(command("status", camp.path, "--unit", "nosuch", "--lang", "en"), 2), "No unit has the id or name")
    assert_has(failed(cli("status", "-f", "nope.toml", "--lang", "en"), 3), "Campaign file not found: nope.toml")
    assert_has(failed(cli("status", "-f", "nope.toml"), 3), "找不到活动文件 nope.toml")


@pytest.mark.parametrize(
    "deep",
    ["[" + ".".join(["a"] * 1000) + "]", "[units.chikan.forms]\nx = " + "[" * 300 + "]" * 300],
)
@pytest.mark.parametrize(
    "command", [["check"], ["status"], ["done", "chikan", "receipt"], ["export", "xlsx", "-o", "x.xlsx"], ["rollover", "2025"]]
)
def test_nesting_a_thousand_deep_is_a_located_problem(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deep: str, command: list[str]
) -> None:
    """Once a RecursionError (exit 70) on every command: now the line, exit 1."""
    monkeypatch.chdir(tmp_path)
    text = SHIPPED.read_text(encoding="utf-8")
    Path("campaign.toml").write_text(text + "\n" + deep + "\n", encoding="utf-8")
    result = run(*command, "-f", "campaign.toml")
    assert result.exit_code == 1, result.output
    line = text.count("\n") + 2 + deep.count("\n")
    assert f"campaign.toml:{line}: 数组或表嵌套过深" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["campaign.toml"]


def test_an_unreadable_file_is_exit_3_with_its_cause(tmp_path: Path) -> None:
    """Typer's Path once checked readability itself: Click's exit 2, "Path '…' is not readable"
    inside a Chinese sentence. Now the file is opened where it is used: exit 3, the cause named.
    As root (who reads anything) the command runs as `nobody` through setpriv."""
    import subprocess
    import sys
    import tempfile

    command = [sys.executable, "-m", "qmonth"]
    folder = tmp_path
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        folder = Path(tempfile.mkdtemp(prefix="qmonth-unreadable-"))  # /tmp/… is traversable by nobody
        folder.chmod(0o711)
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    try:
        target = folder / "campaign.toml"
        shutil.copyfile(SHIPPED, target)
        target.chmod(0)
        for args in (["status", "-f", str(target)], ["check", str(target)], ["done", "chikan", "receipt", "-f", str(target)]):
            out = subprocess.run([*command, *args], capture_output=True, text=True, timeout=60, cwd=folder)
            assert out.returncode == 3, out.stderr
            assert f"无法读取 {target}：没有权限" in out.stderr and "无效" not in out.stderr
    finally:
        (folder / "campaign.toml").chmod(0o600)
        if folder != tmp_path:
            shutil.rmtree(folder)


def test_check_shows_a_folder_name_with_escape_sequences_literally(tmp_path: Path) -> None:
    folder = tmp_path / "e\x1b[31mvil\x07"
    folder.mkdir()
    text = SHIPPED.read_text(encoding="utf-8").replace("deadline = 2024-09-10\n", "deadline = 2099-09-10\n", 1)
    (folder / "campaign.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "-f", str(folder / "campaign.toml")], color=True)  # ANSI kept
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "e\\u001b[31mvil\\u0007/campaign.toml:" in result.stderr  # file:line, shown literally


@pytest.mark.parametrize("cmd", [("check",), ("status",), ("remind",)])
def test_a_deadline_with_a_utc_offset_is_a_located_problem(camp: Camp, cmd: tuple[str, ...]) -> None:
    """A datetime with an offset parses (rtoml gives it a time-zone object of its own, which
    cannot be deep-copied): it is refused with its line and the fix, never exit 70."""
    camp.mutate("deadline = 2024-09-10\n", "deadline = 2024-09-10T17:00:00+08:00\n")
    line = camp.line("2024-09-10T17:00:00+08:00")
    err = invalid(camp, *cmd)
    assert_has(problem(err, camp.path, line), "tasks.receipt.deadline", "不要带时区", "2024-09-10T17:00")


def test_a_deadline_with_a_utc_offset_in_english(camp: Camp) -> None:
    camp.mutate("deadline = 2024-09-10\n", "deadline = 2024-09-10T09:00:00Z\n")
    err = failed(cli("check", "-f", camp.path, "--lang", "en"), 1)
    assert_has(problem(err, camp.path, camp.line("2024-09-10T09:00:00Z")), "tasks.receipt.deadline")
