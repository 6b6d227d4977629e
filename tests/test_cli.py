"""The issue's acceptance checks, through the CLI, on the shipped campaign and the demo."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import DEMO, ROOT, SHIPPED, UNIT_LABELS, Run, golden, mutate

UNIT_KEYS = {"id", "name", "done", "total", "percent", "light"}
ITEM_KEYS = {"unit", "task", "deadline", "state", "done_on"}


def test_shipped_status_every_unit_red_on_0920(run: Run) -> None:
    result = run("status", "-f", SHIPPED, "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for label in UNIT_LABELS:
        assert label in out
    assert "红 14 · 黄 0 · 绿 0" in out
    assert "逾期事项（14）" in out


def test_shipped_status_json_follows_the_contract(run: Run) -> None:
    result = run("status", "-f", SHIPPED, "--today", "2024-09-20", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["today"] == "2024-09-20"
    assert len(data["units"]) == 14
    assert all(set(u) >= UNIT_KEYS for u in data["units"])
    assert {u["light"] for u in data["units"]} == {"red"}
    chikan = data["units"][0]
    assert {k: chikan[k] for k in UNIT_KEYS} == {
        "id": "chikan",
        "name": "湛江市赤坎区住房和城乡建设局",
        "done": 0,
        "total": 19,
        "percent": 0,
        "light": "red",
    }
    receipts = [i for i in data["items"] if i["task"] == "receipt"]
    assert len(receipts) == 14
    assert receipts[0] == {
        "unit": "chikan",
        "task": "receipt",
        "theme": "reporting",
        "deadline": "2024-09-10",
        "deadline_source": "notice",  # the notice set it (issue 21)
        "state": "overdue",
        "done_on": None,
        "days_overdue": 10,
        "workdays_overdue": 7,
        "due_time": None,
        "optional": False,
        "days_left": None,
        "workdays_left": 0,
        "long_break": None,
        "evidence": [],
        "evidence_missing": [],
        "evidence_lacking": [],
        "note": "",
        "waived": None,
        "occurrence": None,
        "opens": None,  # a stage not open yet (issue 19)
        "event": False,  # an event on a date (issue 19)
        "assumed_rest_days": [],  # the expected holidays the working days count (issue 19): none in 2024
        "chased": {"times": 0, "last": None},  # the 催办 log (issue 10)
    }
    assert all(set(i) >= ITEM_KEYS for i in data["items"])
    assert {i["state"] for i in data["items"]} <= {"done", "overdue", "due_soon", "open", "waived"}


def test_demo_status_json_exact_rows(run: Run) -> None:
    data = json.loads(run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "json").stdout)
    by_id = {u["id"]: u for u in data["units"]}
    assert {k: by_id["xiashan"][k] for k in UNIT_KEYS} == {
        "id": "xiashan",
        "name": "湛江市霞山区住房和城乡建设局",
        "done": 17,
        "total": 19,
        "percent": 89,
        "light": "green",
    }
    assert by_id["wuchuan"]["light"] == "red"
    items = {(i["unit"], i["task"]): i for i in data["items"]}
    # a text date in the file ("2024年9月18日") comes out as an ISO date
    assert items[("xiashan", "defects-governance")]["done_on"] == "2024-09-18"
    assert items[("mazhang", "receipt")]["state"] == "done"
    assert items[("mazhang", "receipt")]["days_overdue"] == 2  # sent 2024-09-12, two days late
    waived = [i for i in data["items"] if i["state"] == "waived"]
    assert waived and all(i["waived"] for i in waived)


def test_status_golden_screen_demo(run: Run) -> None:
    result = run("status", "-f", DEMO, "--today", "2024-09-20")
    assert result.exit_code == 0
    golden("status-demo-zh.txt", result.stdout)


def test_status_golden_screen_english(run: Run) -> None:
    result = run("status", "-f", DEMO, "--today", "2024-09-20", "--lang", "en")
    golden("status-demo-en.txt", result.stdout)
    assert "Overdue (3)" in result.stdout


@pytest.mark.parametrize(
    ("name", "args"),
    [
        # the units due soon, with whom to call and the working days left (节前: a long break first)
        ("status-demo-due-soon-zh.txt", ("status", "-f", DEMO, "--today", "2024-09-26")),
        # one unit's checklist: every task, state, deadline, done date, evidence (missing flagged), notes
        ("checklist-demo-xiashan-zh.txt", ("status", "-f", DEMO, "--today", "2024-09-20", "--unit", "xiashan")),
        ("checklist-demo-xiashan-en.txt", ("status", "-f", DEMO, "--today", "2024-09-20", "--unit", "xiashan", "--lang", "en")),
        # the long-break marker before the 10月9日 summary, in a checklist
        ("checklist-shipped-long-break-zh.txt", ("status", "-f", SHIPPED, "--today", "2024-09-30", "--unit", "chikan")),
        # what cron mails: grouped by unit, liaison, the long-break advice, the contact line
        ("remind-demo-zh.txt", ("remind", "-f", DEMO, "--today", "2024-09-30")),
        ("remind-demo-en.txt", ("remind", "-f", DEMO, "--today", "2024-09-27", "--lang", "en")),
    ],
)
def test_golden_screens(run: Run, name: str, args: tuple[str | Path, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    golden(name, result.stdout)


@pytest.mark.parametrize("path", [SHIPPED, DEMO])
def test_status_fits_80_columns(run: Run, path: Path) -> None:
    for args in ((), ("--unit", "赤坎"), ("--lang", "en")):
        out = run("status", "-f", path, "--today", "2024-09-20", *args).stdout
        assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_long_unit_names_do_not_break_the_table(run: Run, shipped: Path) -> None:
    mutate(shipped, 'short = "赤坎区"\n', "")  # no short name: the full 14-character name is shown
    out = run("status", "-f", shipped, "--today", "2024-09-20").stdout
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "湛江市赤坎区" in out
    # every unit row still ends with its light
    assert sum(line.rstrip().endswith("● 红") for line in lines) == 14


def test_unit_checklist_lists_every_task(run: Run) -> None:
    result = run("status", "-f", DEMO, "--today", "2024-09-20", "--unit", "xiashan", "--format", "json")
    data = json.loads(result.stdout)
    assert [u["id"] for u in data["units"]] == ["xiashan"]
    assert len(data["items"]) == 19
    assert all(i["unit"] == "xiashan" for i in data["items"])
    text = run("status", "-f", DEMO, "--today", "2024-09-20", "--unit", "霞山").stdout
    assert "湛江市霞山区住房和城乡建设局（xiashan）" in text
    assert "联络员：陈志坚" in text
    assert "已完成" in text and "2024-09-18" in text


def test_unit_checklist_repeatable(run: Run) -> None:
    data = json.loads(run("status", "-f", DEMO, "--today", "2024-09-20", "-u", "chikan", "-u", "吴川", "--format", "json").stdout)
    assert [u["id"] for u in data["units"]] == ["chikan", "wuchuan"]


def test_campaign_over_header(run: Run) -> None:
    out = run("status", "-f", SHIPPED, "--today", "2024-10-10").stdout
    assert "活动已结束（最后截止日 2024-10-09）" in out
    data = json.loads(run("status", "-f", SHIPPED, "--today", "2024-10-10", "--format", "json").stdout)
    assert data["campaign"]["over"] is True
    assert not json.loads(run("status", "-f", SHIPPED, "--today", "2024-10-09", "--format", "json").stdout)["campaign"]["over"]


def test_status_csv_for_excel(run: Run) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "csv").stdout_bytes.decode("utf-8")
    assert out.startswith("\ufeffid,单位,一 完成,一 应做,二 完成,二 应做,三 完成,三 应做,")
    assert ",要求 完成,要求 应做,完成率,状态\r\n" in out
    # numbers in columns of their own: Excel would read "4/4" as a date
    assert "xiashan,湛江市霞山区住房和城乡建设局,4,4,1,1,2,2,1,1,3,3,,,1,2,3,3,2,3,89%,绿\r\n" in out
    assert "/" not in out.split("\r\n")[2]


def test_status_markdown(run: Run) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "markdown").stdout
    assert "| id | 单位 | 类别 | 一 |" in out
    assert "| chikan | 湛江市赤坎区住房和城乡建设局 | 县（市、区）住建部门 | 4/4 |" in out
    assert "### 逾期事项（3）" in out
    assert "| 雷州市 | 报送联络员回执 | 2024-09-10 | 10 |" in out


def test_remind_silent_before_anything_is_due(run: Run) -> None:
    result = run("remind", "-f", SHIPPED, "--today", "2024-09-02")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_remind_receipt_due_reminds_every_unit(run: Run) -> None:
    result = run("remind", "-f", SHIPPED, "--today", "2024-09-09")
    assert result.exit_code == 0
    out = result.stdout
    assert out.count("报送联络员回执（截止 2024年9月10日，还有 1 个工作日）") == 14
    assert out.count("联络员：未报回执") == 14
    assert "报送：质安科 钟苗萃 0759-3588040 粤政易（同名）" in out
    assert "\x1b" not in out and "─" not in out  # plain text when not a terminal


def test_remind_receipt_overdue_on_0911(run: Run) -> None:
    data = json.loads(run("remind", "-f", SHIPPED, "--today", "2024-09-11", "--format", "json").stdout)
    assert data["today"] == "2024-09-11"
    receipts = [r for r in data["reminders"] if r["task"] == "receipt"]
    assert len(receipts) == 14
    assert receipts[0] == {
        "unit": "chikan",
        "task": "receipt",
        "deadline": "2024-09-10",
        "deadline_source": "notice",
        "report_with": None,
        "state": "overdue",
        "days": 1,
        "workdays_left": 0,
        "workdays_overdue": 1,
        "assumed_rest_days": [],
        "due_time": None,
        "liaison": None,
        "office": {"phone": "", "email": ""},
        "class": False,
    }
    assert run("remind", "-f", SHIPPED, "--today", "2024-09-11").stdout.count("已逾期 1 个工作日") == 14


def test_remind_shows_the_liaison(run: Run) -> None:
    out = run("remind", "-f", DEMO, "--today", "2024-09-27", "--lang", "en").stdout
    assert "Liaison: 陈志坚 13827549016 / 0759-3370912" in out
    assert "Liaison: no receipt yet" in out


def test_remind_within_widens_the_window(run: Run) -> None:
    assert run("remind", "-f", SHIPPED, "--today", "2024-09-02").stdout == ""
    out = run("remind", "-f", SHIPPED, "--today", "2024-09-09", "--within", "20", "--format", "json").stdout
    tasks = {r["task"] for r in json.loads(out)["reminders"]}
    assert {"receipt", "publicity-media", "work-plan"} <= tasks


@pytest.mark.parametrize("path", [SHIPPED, DEMO])
def test_check_passes_on_shipped_files(run: Run, path: Path) -> None:
    result = run("check", "-f", path)
    assert result.exit_code == 0, result.output
    assert "检查通过：14 个单位，21 项任务" in result.stdout


@pytest.mark.parametrize(("today", "year"), [("2026-09-30", 2026), ("2026-10-01", 2027), ("2026-11-28", 2027)])
def test_init_after_september_is_for_the_coming_quality_month(run: Run, tmp_path: Path, today: str, year: int) -> None:
    """G7: a campaign started after this year's Quality Month is for next year's, not one already over."""
    target = tmp_path / "c.toml"
    assert run("init", target, "--today", today).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert f"issued = {year}-09-01" in text and f"end = {year}-09-30" in text
    status = run("status", "-f", target, "--today", today)
    assert status.exit_code == 0
    assert ("活动已结束" in status.stdout) is False
    if year > int(today[:4]):
        assert f"通知尚未印发（{year}-09-01 印发）。" in status.stdout


def test_init_writes_a_valid_starter_and_never_overwrites(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    assert run("init", target, "--today", "2026-03-01").exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# qmonth 活动文件")
    assert "start = 2026-09-01" in text  # a starter for this year, not an old one
    assert run("check", "-f", target).exit_code == 0
    target.write_text("mine", encoding="utf-8")
    again = run("init", target)
    assert again.exit_code == 3
    assert "已存在" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_file_search_precedence_by_which_file_was_used(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--file, else $QMONTH_FILE, else campaign.toml here, else in the nearest parent: each step is
    checked by which file was read (each has its own title) and which file a write changed."""
    here = tmp_path / "parent" / "here" / "deeper"
    here.mkdir(parents=True)
    files = {
        "explicit": tmp_path / "explicit.toml",
        "env": tmp_path / "env.toml",
        "here": here / "campaign.toml",
        "parent": tmp_path / "parent" / "here" / "campaign.toml",
        "grandparent": tmp_path / "parent" / "campaign.toml",
    }
    for tag, path in files.items():
        path.write_text(SHIPPED.read_text(encoding="utf-8").replace('title = "2024年', f'title = "{tag}-2024年', 1), "utf-8")

    def used(*args: str | Path) -> str:
        result = run("status", "--today", "2024-09-20", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["campaign"]["title"].split("-")[0]

    monkeypatch.chdir(here)
    monkeypatch.setenv("QMONTH_FILE", str(files["env"]))
    assert used("-f", files["explicit"]) == "explicit"
    assert used() == "env"
    before = {tag: path.read_bytes() for tag, path in files.items()}
    assert run("done", "chikan", "summary", "--on", "2024-09-09").exit_code == 0  # writes go to the same file
    assert [tag for tag, path in files.items() if path.read_bytes() != before[tag]] == ["env"]
    monkeypatch.delenv("QMONTH_FILE")
    assert used() == "here"
    files["here"].unlink()
    assert used() == "parent"  # the nearest parent, not one further up
    files["parent"].unlink()
    assert used() == "grandparent"
    files["grandparent"].unlink()
    assert run("status").exit_code == 3


def test_module_entry_point(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "qmonth", "status", "-f", str(SHIPPED), "--today", "2024-09-20", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["today"] == "2024-09-20"


def test_every_command_has_help(run: Run) -> None:
    from qmonth.cli import app

    # the manual (docs/) took the README's long sections; a command must be described there
    readme = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))])
    import click
    import typer

    # every command, the subcommands of a group (export xlsx, …) included
    def leaves(group: click.Group, path: list[str]) -> list[tuple[list[str], click.Command]]:
        found: list[tuple[list[str], click.Command]] = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += leaves(command, [*path, name])
            else:
                found.append(([*path, name], command))
        return found

    commands = leaves(typer.main.get_command(app), [])  # type: ignore[arg-type]
    assert len(commands) > len(app.registered_commands)  # the groups' subcommands are in
    for path, command in commands:
        words = " ".join(path)
        assert (command.help or "").strip(), words
        shown = run(*path, "--help")
        assert shown.exit_code == 0, words
        assert f"qmonth {words} " in shown.stdout, words  # its own usage line, not the group's
        assert f"qmonth {words}" in readme, f"neither the README nor the manual documents `qmonth {words}`"


def test_check_several_files_for_pre_commit(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[campaign\n", encoding="utf-8")
    result = run("check", SHIPPED, DEMO)
    assert result.exit_code == 0 and result.stdout.count("检查通过") == 2
    mixed = run("check", SHIPPED, bad)
    assert mixed.exit_code == 1
    assert "检查通过" in mixed.stdout and f"{bad}:1: TOML 语法错误" in mixed.stderr
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: qmonth-check" in hooks and "entry: qmonth check --tracked\n" in hooks


def test_units_with_tasks_due_soon_are_listed_with_whom_to_call(run: Run) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-09-26").stdout
    assert "临近截止的单位（14）" in out
    assert "林晓燕 13802715638" in out  # name and one number: the mobile
    rows = [line for line in out.splitlines() if line.startswith("雷州市")]
    assert rows[-1].split()[1:4] == ["15", "2024-09-30", "3"] and rows[-1].rstrip().endswith("未报回执，无电话")
    assert "临近截止的单位" not in run("status", "-f", DEMO, "--today", "2024-09-20").stdout


def test_version_short_help_and_date_metavars(run: Run) -> None:
    version = run("--version")
    assert version.exit_code == 0 and version.stdout.startswith("qmonth ")
    assert run("-h").exit_code == 0 and "用法：qmonth" in run("-h").stdout  # Chinese by default (test_helptext.py)
    done = run("done", "-h", "--lang", "en").stdout
    assert "--on DATE" in done and "--today DATE" in done
    assert "a theme id" in done and "id pattern" in done and "qmonth tasks" in done  # what a TASK may be
    assert "--today DATE" in run("status", "-h").stdout and "--all" in run("status", "-h").stdout


def test_every_date_option_shows_a_date_metavar() -> None:
    import click
    from typer.main import get_command

    from qmonth.cli import app

    group = get_command(app)
    assert isinstance(group, click.Group)
    seen = 0
    for name, command in group.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and set(param.opts) & {"--today", "--on", "--for"}:
                assert param.metavar == "DATE", (name, param.opts)
                seen += 1
    assert seen >= 6


# ── F4: check reports the references too when a required key is missing ──


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_reports_references_when_a_required_key_is_missing(run: Run, shipped: Path, lang: str) -> None:
    mutate(shipped, "warn_days = 3", "warn_dyas = 3")
    mutate(shipped, 'title = "制作“质量月”活动专题宣传资料"', 'titel = "制作“质量月”活动专题宣传资料"')  # title is required
    mutate(shipped, 'applies_to = ["county", "enterprise"]', 'applies_to = ["countyy", "enterprise"]')
    result = run("check", "-f", shipped, "--lang", lang)
    assert result.exit_code == 1
    err = result.stderr
    assert "warn_dyas" in err and "titel" in err and "tasks.publicity-materials.title" in err
    assert "countyy" in err, err  # the unknown kind, in the same run
    assert ("有 4 个问题" if lang == "zh" else "4 problem(s)") in err, err


# ── F15: check lists problems in file order; warnings are not counted among them ──


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_lists_errors_in_line_order_and_warnings_apart(run: Run, shipped: Path, lang: str) -> None:
    # a rest-day deadline (a warning: alone, the file passes) early in the file, an error later
    mutate(shipped, "deadline = 2024-09-10", "deadline = 2024-09-08")  # a Sunday
    alone = run("check", "-f", shipped, "--lang", lang)
    assert alone.exit_code == 0, alone.output
    assert "2024-09-08" in alone.stderr
    mutate(shipped, 'short = "参建企业"', 'short = "参建\\u001b[31m企业"')  # an error, late in the file
    result = run("check", "-f", shipped, "--lang", lang)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    head = next(line for line in lines if ("个问题" in line if lang == "zh" else "problem(s)" in line))
    assert ("有 1 个问题" if lang == "zh" else "has 1 problem(s)") in head, result.stderr
    warn_head = next(i for i, line in enumerate(lines) if ("条提醒" in line if lang == "zh" else "warning(s)" in line))
    problem_lines = [i for i, line in enumerate(lines) if line.startswith("  ")]
    short_at = next(i for i in problem_lines if ".short" in lines[i])
    rest_at = next(i for i in problem_lines if "2024-09-08" in lines[i])
    assert short_at < warn_head < rest_at  # the error, then the warning apart
