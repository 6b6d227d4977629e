"""The 催办 log: `qmonth chase`, `qmonth log`, chase counts on the status screen, and the file itself."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.cells import cell_len

from qmonth.core.chases import NEVER, Chased, chased
from qmonth.core.errors import CampaignInvalid
from qmonth.notify import log
from tests.conftest import Run

BJ = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, 9, day, hour, 0, tzinfo=BJ)


def entries_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"] if path.suffix == ".json" else []


# ── pure ─────────────────────────────────────────────────────────────────────


def test_chase_counts_per_unit_and_task() -> None:
    es = [
        log.Entry(at(11), "chikan", "receipt", "chase", "group"),
        log.Entry(at(11, 10), "chikan", "receipt", "chase", "mail", "→ a@b.cn"),  # same day: one chase
        log.Entry(at(12), "chikan", "receipt", "escalate", "group"),
        log.Entry(at(12, 15), "chikan", None, "manual", "phone", "答复明日报送"),  # the unit as a whole
        log.Entry(at(10), "chikan", "receipt", "warn", "group"),  # a reminder before the deadline is no chase
        log.Entry(at(13), "xiashan", "receipt", "manual", "visit"),
    ]
    counts = log.chase_counts(es)
    assert counts[("chikan", "receipt")] == Chased(2, at(12))
    assert chased(counts, "chikan", "receipt") == Chased(3, at(12, 15))
    assert chased(counts, "chikan", "summary") == Chased(1, at(12, 15))
    assert chased(counts, "potou", "receipt") == NEVER
    assert log.chase_counts(es, until=dt.date(2024, 9, 11))[("chikan", "receipt")] == Chased(1, at(11, 10))


def test_lines_round_trip_and_read_sorted_without_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "campaign.log.jsonl"
    late, early = (
        log.Entry(at(12), "chikan", None, "manual", "phone", "“已报”\n第二行"),
        log.Entry(at(11), "potou", "receipt", "chase", "g"),
    )
    log.append(path, [late])
    log.append(path, [early, early])  # a union merge may duplicate a line
    assert log.read(path) == [early, late]
    assert path.read_text(encoding="utf-8").count("\n") == 3  # one line each, the note's newline escaped


def test_a_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "campaign.log.jsonl"
    path.write_text(log.line(log.Entry(at(11), "chikan", None, "manual", "phone")) + "<<<<<<< HEAD\n", encoding="utf-8")
    with pytest.raises(CampaignInvalid) as exc:
        log.read(path)
    assert [p.line for p in exc.value.problems] == [2]


def test_log_path_beside_the_campaign() -> None:
    assert log.log_path(Path("/x/campaign.toml")) == Path("/x/campaign.log.jsonl")
    assert log.log_path(Path("/x/demo-campaign.toml")) == Path("/x/demo-campaign.log.jsonl")


# ── chase and log through the CLI ────────────────────────────────────────────


def test_chase_then_log_json_shape(run: Run, shipped: Path) -> None:
    r = run("chase", "-f", shipped, "赤坎", "receipt", "--by", "phone", "--note", "答复明日报送", "--today", "2024-09-12")
    assert r.exit_code == 0, r.output
    assert "已记录催办：赤坎区 · 报送联络员回执 · 电话 · 2024-09-12" in r.stdout
    r = run("chase", "-f", shipped, "霞山", "--by", "visit", "--on", "9月11日", "--today", "2024-09-12")
    assert r.exit_code == 0, r.output
    out = run("log", "-f", shipped, "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert list(data) == ["entries"]
    first, second = data["entries"]
    assert list(first) == ["at", "unit", "task", "level", "channel", "note"]
    assert first["at"].startswith("2024-09-11T") and first["at"].endswith("+08:00")
    assert (first["unit"], first["task"], first["level"], first["channel"], first["note"]) == (
        "xiashan",
        None,
        "manual",
        "visit",
        "",
    )
    assert (second["unit"], second["task"], second["channel"], second["note"]) == ("chikan", "receipt", "phone", "答复明日报送")
    only = json.loads(run("log", "-f", shipped, "--format", "json", "--unit", "赤坎").stdout)["entries"]
    assert [e["unit"] for e in only] == ["chikan"]


def test_log_table(run: Run, shipped: Path) -> None:
    assert run("log", "-f", shipped).stdout.strip() == "暂无催办记录。"
    run("chase", "-f", shipped, "赤坎", "receipt", "--by", "letter", "--note", "已发函", "--today", "2024-09-12")
    table = run("log", "-f", shipped).stdout
    assert "催办记录（1）" in table
    row = next(line for line in table.splitlines() if "赤坎区" in line)
    for cell in ("2024-09-12", "报送联络员回执", "人工催办", "发函", "已发函"):
        assert cell in row
    assert "Chase log (1)" in run("log", "-f", shipped, "--lang", "en").stdout


def test_chase_errors(run: Run, shipped: Path) -> None:
    assert run("chase", "-f", shipped, "不存在", "--today", "2024-09-12").exit_code == 2
    future = run("chase", "-f", shipped, "赤坎", "--on", "2024-09-20", "--today", "2024-09-12")
    assert future.exit_code == 2 and "之后" in future.stderr
    wrong = run("chase", "-f", shipped, "行业协会", "site-visit-local", "--today", "2024-09-12")
    assert wrong.exit_code == 2 and "不适用" in wrong.stderr
    assert run("chase", "-f", shipped, "赤坎", "--by", "fax").exit_code == 2
    assert not (shipped.parent / "campaign.log.jsonl").exists()
    dry = run("chase", "-f", shipped, "赤坎", "--by", "phone", "--today", "2024-09-12", "--dry-run")
    assert dry.exit_code == 0 and '"unit": "chikan"' in dry.stdout
    assert not (shipped.parent / "campaign.log.jsonl").exists()


def test_a_chase_about_a_task_already_done_or_waived_says_so_and_is_kept(run: Run, shipped: Path) -> None:
    """F12: the call happened, so it is logged; but the coordinator hears that the task was done
    (by the chase's day) or waived. A task done later than the chase says nothing."""
    liaison = ("receipt", "赤坎", "--mobile", "13802715638")
    assert run(*liaison, "--on", "2024-09-09", "--today", "2024-09-12", "-f", shipped).exit_code == 0
    assert run("waive", "霞山", "work-plan", "--reason", "并入全年方案", "-f", shipped).exit_code == 0
    args = ("--by", "phone", "--today", "2024-09-12", "-f", shipped)
    done = run("chase", "赤坎", "receipt", *args)
    assert done.exit_code == 0
    assert done.stdout == "已记录催办：赤坎区 · 报送联络员回执 · 电话 · 2024-09-12\n"
    assert done.stderr == "提示：赤坎区 · 报送联络员回执 已于 2024-09-09 完成；催办照常记录。\n"
    waived = run("chase", "霞山", "work-plan", *args, "--lang", "en")
    assert waived.exit_code == 0
    title = tomllib.loads(shipped.read_text(encoding="utf-8"))["tasks"]["work-plan"]["title"]
    assert waived.stderr == f"Note: 霞山区 · {title} is waived (并入全年方案); the chase is recorded all the same.\n"
    earlier = run("chase", "赤坎", "receipt", "--on", "2024-09-08", *args)
    assert earlier.exit_code == 0 and earlier.stderr == ""  # on the 8th it was not done yet
    whole = run("chase", "赤坎", *args)
    assert whole.exit_code == 0 and whole.stderr == ""
    lines = (shipped.parent / "campaign.log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # every chase is in the log


def test_a_chase_of_a_theme_logs_only_what_is_still_owed(run: Run, shipped: Path) -> None:
    """G6: `chase 赤坎 publicity` means "what they still owe of 宣传": done and waived tasks are
    left out; when nothing is owed, nothing is logged and it says so."""
    day = ("--today", "2024-09-20", "-f", shipped)
    assert run("done", "赤坎", "publicity-media", "--on", "2024-09-12", *day).exit_code == 0
    assert run("waive", "赤坎", "publicity-window", "--reason", "无橱窗", *day).exit_code == 0
    data = tomllib.loads(shipped.read_text(encoding="utf-8"))
    publicity = [tid for tid, task in data["tasks"].items() if task["theme"] == "publicity"]
    owed = [tid for tid in publicity if tid not in ("publicity-media", "publicity-window")]
    result = run("chase", "赤坎", "publicity", "--by", "phone", *day)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # nothing done or waived was swept in
    logged = [json.loads(line) for line in (shipped.parent / "campaign.log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["task"] for e in logged] == owed
    for tid in owed:
        assert run("done", "赤坎", tid, "--on", "2024-09-19", *day).exit_code == 0
    none = run("chase", "赤坎", "publicity", "--by", "phone", *day, "--lang", "en")
    assert none.exit_code == 2
    assert none.stderr == "赤坎区 owes nothing under “publicity”: every task is done or waived; nothing logged.\n"
    assert len((shipped.parent / "campaign.log.jsonl").read_text(encoding="utf-8").splitlines()) == len(owed)


def test_a_chase_for_another_day_is_logged_at_noon_of_that_day(run: Run, shipped: Path) -> None:
    """G14: the clock's time of day belongs to today; under --today (or --on) the entry is the
    same on every run."""
    args = ("--today", "2024-09-12", "--dry-run", "-f", shipped)
    runs = [run("chase", "吴川", "receipt", "--by", "phone", *args) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout
    assert json.loads(runs[0].stdout)["at"] == "2024-09-12T12:00:00+08:00"
    on = run("chase", "吴川", "receipt", "--by", "visit", "--on", "2024-09-11", *args)
    assert json.loads(on.stdout)["at"] == "2024-09-11T12:00:00+08:00"


def test_a_corrupt_log_is_an_error_not_an_empty_history(run: Run, shipped: Path) -> None:
    (shipped.parent / "campaign.log.jsonl").write_text("not json\n", encoding="utf-8")
    r = run("log", "-f", shipped)
    assert r.exit_code == 1
    assert "campaign.log.jsonl:1" in r.stderr and "这一行不是催办记录：not json" in r.stderr


# ── the status screen and a unit's checklist ─────────────────────────────────


def test_status_shows_how_often_and_when_each_overdue_item_was_chased(run: Run, shipped: Path) -> None:
    plain = run("status", "-f", shipped, "--today", "2024-09-20").stdout
    assert "催办" not in plain.split("逾期事项")[1]  # no column while nothing was chased
    for day in ("2024-09-12", "2024-09-13"):
        run("chase", "-f", shipped, "赤坎", "receipt", "--by", "phone", "--today", day)
    run("chase", "-f", shipped, "霞山", "--by", "visit", "--today", "2024-09-19")
    screen = run("status", "-f", shipped, "--today", "2024-09-20").stdout
    overdue = screen.split("逾期事项")[1]
    assert "催办" in overdue.splitlines()[1]
    chikan = next(line for line in overdue.splitlines() if line.startswith("赤坎区"))
    assert "2次 09-13" in chikan  # (the task title comes last, after the chases)
    xiashan = next(line for line in overdue.splitlines() if line.startswith("霞山区"))
    assert "1次 09-19" in xiashan
    rows = [line for line in overdue.splitlines()[2:] if line[:1] not in ("", " ", "─")]
    assert len(rows) == 14  # every overdue item: the others were never chased and say no count
    assert [r.split()[0] for r in rows if "次 09-" in r] == ["赤坎区", "霞山区"]
    earlier = run("status", "-f", shipped, "--today", "2024-09-12").stdout.split("逾期事项")[1]
    assert "1次 09-12" in earlier and "09-13" not in earlier  # as it stood that day


def test_compact_overdue_list_shows_chases_per_unit(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("chase", "-f", shipped, "赤坎", "receipt", "--by", "phone", "--today", "2024-09-12")
    run("chase", "-f", shipped, "赤坎", "--by", "visit", "--today", "2024-09-13")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # a terminal (Rich writes as to one) ...
    monkeypatch.setenv("LINES", "20")  # ... too short for the full list: one line per unit
    screen = run("status", "-f", shipped, "--today", "2024-09-20").stdout
    chikan = next(line for line in screen.splitlines() if line.startswith("赤坎区") and "天" in line)
    assert "2次 09-13" in chikan


def test_status_json_carries_the_chase_counts(run: Run, shipped: Path) -> None:
    run("chase", "-f", shipped, "赤坎", "receipt", "--by", "phone", "--today", "2024-09-12")
    items = json.loads(run("status", "-f", shipped, "--today", "2024-09-20", "--format", "json").stdout)["items"]
    chikan = next(i for i in items if (i["unit"], i["task"]) == ("chikan", "receipt"))
    assert chikan["chased"]["times"] == 1 and chikan["chased"]["last"].startswith("2024-09-12T")
    other = next(i for i in items if (i["unit"], i["task"]) == ("xiashan", "receipt"))
    assert other["chased"] == {"times": 0, "last": None}


def test_status_unit_shows_the_chase_history(run: Run, shipped: Path) -> None:
    run("chase", "-f", shipped, "赤坎", "receipt", "--by", "phone", "--note", "答复明日报送", "--today", "2024-09-12")
    out = run("status", "-f", shipped, "--unit", "赤坎", "--today", "2024-09-20").stdout
    history = out.split("催办记录")[1]
    assert "2024-09-12" in history and "电话" in history and "答复明日报送" in history
    assert "催办记录" not in run("status", "-f", shipped, "--unit", "霞山", "--today", "2024-09-20").stdout


def test_two_branches_appends_merge_with_union(tmp_path: Path, run: Run, shipped: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=shipped.parent, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.cn")
    git("config", "user.name", "t")
    (shipped.parent / ".gitattributes").write_text("*.log.jsonl merge=union\n", encoding="utf-8")
    run("chase", "-f", shipped, "赤坎", "--by", "phone", "--today", "2024-09-11")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    run("chase", "-f", shipped, "霞山", "--by", "phone", "--today", "2024-09-12")
    git("commit", "-qam", "other")
    git("checkout", "-q", "main")
    run("chase", "-f", shipped, "坡头", "--by", "phone", "--today", "2024-09-12")
    git("commit", "-qam", "main")
    git("merge", "-q", "--no-edit", "other")
    units = [e["unit"] for e in json.loads(run("log", "-f", shipped, "--format", "json").stdout)["entries"]]
    assert sorted(units) == ["chikan", "potou", "xiashan"]


@pytest.mark.parametrize(("lang", "says"), [("zh", "请用 --by 说明怎样催办的"), ("en", "Say how the chase was made with --by")])
def test_chase_without_by_records_nothing_and_says_how_to_say_how(run: Run, shipped: Path, lang: str, says: str) -> None:
    """F16: no silent phone chase: --by is required, asked for in the campaign's language."""
    result = run("chase", "-f", shipped, "赤坎", "--today", "2024-09-12", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert says in result.stderr and "phone | visit | letter | meeting" in result.stderr
    assert not (shipped.parent / "campaign.log.jsonl").exists()
    ok = run("chase", "-f", shipped, "赤坎", "--by", "visit", "--today", "2024-09-12")
    assert ok.exit_code == 0 and '"channel": "visit"' in (shipped.parent / "campaign.log.jsonl").read_text(encoding="utf-8")


# ── F17: a bad line in the log costs a chase count, not the coordinator's screen ──


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_log_line_is_skipped_with_one_warning_by_status_and_export(run: Run, demo: Path, lang: str) -> None:

    logfile = demo.with_suffix(".log.jsonl")
    good = log.line(log.Entry(at(19), "leizhou", "receipt", "manual", "phone", ""))
    logfile.write_text(good + '{"at":"x"}\nnot json\n', encoding="utf-8")
    day = ("--today", "2024-09-20", "--lang", lang)
    warning = (
        f"{logfile} 第 2 行不是催办记录，已跳过（共 2 行）"
        if lang == "zh"
        else f"line 2 of {logfile} is not a log entry and was skipped (2 line(s) in all)"
    )
    for args in (("status",), ("status", "--unit", "leizhou"), ("status", "--format", "json")):
        result = run(*args, "-f", demo, *day)
        assert result.exit_code == 0, result.output
        assert result.stderr.count(warning) == 1, result.stderr
        assert result.stdout
    # the good line still counts: the chase shows on the unit's screen
    unit = run("status", "--unit", "leizhou", "-f", demo, *day)
    assert "2024-09-19" in unit.stdout
    out = demo.parent / "t.xlsx"
    result = run("export", "xlsx", "-o", out, "-f", demo, *day)
    assert result.exit_code == 0, result.output
    assert result.stderr.count(warning) == 1 and out.exists()
    # `qmonth log` shows the log itself: there every bad line is still an error
    shown = run("log", "-f", demo, "--lang", lang)
    assert shown.exit_code == 1 and ":2:" in shown.stderr and ":3:" in shown.stderr


@pytest.mark.parametrize(
    ("lang", "level", "how", "note", "whole"),
    [("zh", "人工催办", "电话", "备注：", "（整体）"), ("en", "manual", "phone", "Note: ", "(the unit as a whole)")],
)
def test_log_on_a_narrow_terminal_is_stacked(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch, lang: str, level: str, how: str, note: str, whole: str
) -> None:
    """At 60 columns the log's task and note columns would get a few characters a line (and the
    headers split mid-word): each entry is stacked instead — when, who, level and how on one line,
    then the task, then the note, each as wide as the terminal."""
    said = "电话无人接听，已发短信提醒尽快报送回执，答复明日上午报送"
    run("chase", "-f", shipped, "赤坎", "receipt", "--by", "phone", "--note", said, "--today", "2024-09-12")
    run("chase", "-f", shipped, "霞山", "--by", "phone", "--today", "2024-09-12")
    monkeypatch.setenv("COLUMNS", "60")
    lines = [line.rstrip() for line in run("log", "-f", shipped, "--lang", lang).stdout.splitlines()]
    assert max(cell_len(line) for line in lines) <= 60 and "─" not in "".join(lines)
    first = next(i for i, line in enumerate(lines) if line.startswith("2024-09-12") and "赤坎区" in line)
    assert lines[first].split()[2:] == ["赤坎区", level, how]
    assert lines[first + 1] == "  报送联络员回执"
    assert lines[first + 2].startswith("  " + note) and cell_len(lines[first + 2]) >= 56  # the note wraps at the width
    assert "".join(line.strip() for line in lines[first + 2 : first + 4]) == note + said
    second = next(i for i, line in enumerate(lines) if "霞山区" in line)
    assert lines[second].split()[2:] == ["霞山区", level, how] and lines[second + 1] == "  " + whole
    assert second + 2 == len(lines)  # no note: no line for it
    checklist = run("status", "-f", shipped, "-u", "赤坎", "--today", "2024-09-12", "--lang", lang).stdout.splitlines()
    history = checklist[next(i for i, line in enumerate(checklist) if line.startswith("2024-09-12")) :]
    assert history[0].split()[2:] == [level, how] and history[1].rstrip() == "  报送联络员回执"  # its chases, stacked too
    monkeypatch.setenv("COLUMNS", "160")
    table = run("log", "-f", shipped, "--lang", lang).stdout
    assert "─" in table and any(said in line for line in table.splitlines())  # wide enough: the table, the note on one line
