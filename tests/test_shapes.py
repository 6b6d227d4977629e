"""The shapes real notices take (issue 7): sub-item numbers, optional tasks, deadlines with a
time of day (and --now), English titles, and days overdue in working days — all through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, mutate

SUMMARY = (
    '[tasks.summary]\ntheme = "reporting"\ntitle = "报送“质量月”活动总结材料及视频、照片等佐证材料"\ndeadline = 2024-10-09\n'
)
RECEIPT = '[tasks.receipt]\ntheme = "reporting"\ntitle = "报送联络员回执"\ndeadline = 2024-09-10\n'


def items(run: Run, path: Path, *args: str) -> dict[tuple[str, str], dict]:
    result = run("status", "-f", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {(i["unit"], i["task"]): i for i in json.loads(result.stdout)["items"]}


def units(run: Run, path: Path, *args: str) -> dict[str, dict]:
    result = run("status", "-f", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {u["id"]: u for u in json.loads(result.stdout)["units"]}


# ── optional tasks ─────────────────────────────────────────────────────────────


def test_an_optional_task_is_never_overdue_and_counts_only_when_done(run: Run, shipped: Path) -> None:
    mutate(shipped, RECEIPT, RECEIPT + "optional = true\n")
    at = items(run, shipped, "--today", "2024-09-20")
    assert at[("chikan", "receipt")]["state"] == "open"
    assert at[("chikan", "receipt")]["optional"] is True
    assert units(run, shipped, "--today", "2024-09-20")["chikan"]["total"] == 18  # 19 tasks less the optional one
    # nothing is overdue on 09-20 any more, so nobody is red and nobody is chased for it
    screen = run("status", "-f", shipped, "--today", "2024-09-20").stdout
    assert "没有逾期事项" in screen
    assert "报送联络员回执" not in run("remind", "-f", shipped, "--today", "2024-09-11").stdout
    # once done it counts, as done
    liaison = ("receipt", "chikan", "--mobile", "13802715638")
    assert run(*liaison, "--on", "2024-09-12", "-f", shipped, "--today", "2024-09-20").exit_code == 0
    chikan = units(run, shipped, "--today", "2024-09-20")["chikan"]
    assert (chikan["done"], chikan["total"]) == (1, 19)
    checklist = run("status", "-f", shipped, "--today", "2024-09-20", "--unit", "赤坎", "--format", "csv").stdout
    assert "报送联络员回执（可选）" in checklist


# ── deadlines with a time of day ──────────────────────────────────────────────


@pytest.mark.parametrize("written", ["2024-09-10T17:00", "2024-09-10T17:00:00", '"9月10日17:00前"'])
def test_a_deadline_with_a_time_is_due_today_before_it_and_overdue_after(run: Run, shipped: Path, written: str) -> None:
    mutate(shipped, "deadline = 2024-09-10\n", f"deadline = {written}\n")
    before = items(run, shipped, "--now", "2024-09-10T16:59")[("chikan", "receipt")]
    assert before["state"] == "due_soon" and before["days_left"] == 0 and before["due_time"] == "17:00"
    after = items(run, shipped, "--now", "2024-09-10T17:01")[("chikan", "receipt")]
    assert after["state"] == "overdue" and after["days_overdue"] == 0
    # --today alone: still due that day (no time given); --now with a time and --today together
    assert items(run, shipped, "--today", "2024-09-10")[("chikan", "receipt")]["state"] == "due_soon"
    assert items(run, shipped, "--today", "2024-09-10", "--now", "17:30")[("chikan", "receipt")]["state"] == "overdue"
    remind = run("remind", "-f", shipped, "--now", "2024-09-10 17:30").stdout
    assert "截止 2024年9月10日 17:00，今天 17:00 已过" in remind
    screen = run("status", "-f", shipped, "--now", "9月10日17:30").stdout
    assert "2024-09-10 17:00" in screen and "今天 17:00 已过" in screen
    # the day after, it is a whole day overdue
    assert items(run, shipped, "--today", "2024-09-11")[("chikan", "receipt")]["days_overdue"] == 1


def test_a_recorded_item_keeps_its_time_of_day_and_its_optional_mark(run: Run, shipped: Path) -> None:
    """Done, waived or not: an item of a timed deadline says its time, and an optional one says so."""
    mutate(shipped, "deadline = 2024-09-10\n", "deadline = 2024-09-10T17:00\n")
    mutate(shipped, SUMMARY, SUMMARY + "optional = true\n")
    day = ("--today", "2024-09-20", "-f", shipped)
    assert run("receipt", "chikan", "--mobile", "13802715638", "--on", "2024-09-12", *day).exit_code == 0
    assert run("done", "chikan", "summary", "--on", "2024-09-12", *day).exit_code == 0
    assert run("waive", "xiashan", "receipt", "--reason", "另行报送", *day).exit_code == 0
    at = items(run, shipped, "--today", "2024-09-20")
    for unit, state in (("chikan", "done"), ("xiashan", "waived"), ("potou", "overdue")):
        receipt = at[(unit, "receipt")]
        assert (receipt["state"], receipt["due_time"], receipt["optional"]) == (state, "17:00", False), unit
    assert (at[("chikan", "summary")]["state"], at[("chikan", "summary")]["optional"]) == ("done", True)
    assert (at[("potou", "summary")]["state"], at[("potou", "summary")]["optional"]) == ("open", True)
    assert at[("chikan", "summary")]["due_time"] is None


@pytest.mark.parametrize("text", ["9月10日17:00前", "2024-09-10T17:00", "2024年9月10日17时前", "9/10 17:00"])
def test_a_deadline_written_as_text_with_a_time(run: Run, shipped: Path, text: str) -> None:
    mutate(shipped, "deadline = 2024-09-10\n", f'deadline = "{text}"\n')
    assert run("check", "-f", shipped).exit_code == 0
    item = items(run, shipped, "--now", "2024-09-10T18:00")[("chikan", "receipt")]
    assert (item["deadline"], item["due_time"], item["state"]) == ("2024-09-10", "17:00", "overdue")


def test_the_clock_decides_the_time_when_no_option_is_given(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from qmonth.cli import common as cli

    mutate(shipped, "deadline = 2024-09-10\n", "deadline = 2024-09-10T17:00:00\n")
    # 09:30 UTC is 17:30 in Beijing: past the deadline's time
    monkeypatch.setattr(cli, "clock", lambda: dt.datetime(2024, 9, 10, 9, 30, tzinfo=dt.UTC))
    assert items(run, shipped)[("chikan", "receipt")]["state"] == "overdue"
    monkeypatch.setattr(cli, "clock", lambda: dt.datetime(2024, 9, 10, 8, 30, tzinfo=dt.UTC))
    assert items(run, shipped)[("chikan", "receipt")]["state"] == "due_soon"


def test_bad_now_and_bad_times_are_clear_errors(run: Run, shipped: Path) -> None:
    bad = run("status", "-f", shipped, "--now", "teatime")
    assert bad.exit_code == 2 and "--now" in bad.stderr and "Traceback" not in bad.output
    clash = run("status", "-f", shipped, "--now", "2024-09-10T17:00", "--today", "2024-09-11")
    assert clash.exit_code == 2 and "不是同一天" in clash.stderr
    mutate(shipped, "deadline = 2024-09-10\n", 'deadline = "9月10日25:00"\n')
    check = run("check", "-f", shipped)
    assert check.exit_code == 1 and "tasks.receipt.deadline" in check.stderr and "时间不对" in check.stderr


# ── sub-item numbers ──────────────────────────────────────────────────────────


def test_tasks_are_shown_in_sub_item_order_under_their_theme(run: Run, shipped: Path) -> None:
    mutate(shipped, 'title = "制作“质量月”活动专题宣传资料"\n', 'title = "制作“质量月”活动专题宣传资料"\nnumber = "（一）3"\n')
    mutate(
        shipped,
        'title = "在办公场所和施工现场悬挂张贴标语"\n',
        'title = "在办公场所和施工现场悬挂张贴标语"\nnumber = "（一）2"\n',
    )
    mutate(
        shipped,
        'title = "以专栏、专版、专访、专题片等方式展示质量创新和质量提升成果"\n',
        'title = "以专栏、专版、专访、专题片等方式展示质量创新和质量提升成果"\nnumber = "（一）十"\n',
    )
    order = [task for (unit, task) in items(run, shipped, "--today", "2024-09-20") if unit == "chikan"]
    assert order[:4] == ["publicity-banners", "publicity-materials", "publicity-media", "publicity-window"]
    checklist = run("status", "-f", shipped, "--today", "2024-09-20", "--unit", "chikan", "--format", "csv").stdout
    assert "（一）2 在办公场所" in checklist
    assert checklist.index("（一）2") < checklist.index("（一）3") < checklist.index("（一）十")


# ── English titles ────────────────────────────────────────────────────────────


def test_english_titles_are_shown_with_lang_en(run: Run, shipped: Path) -> None:
    mutate(
        shipped,
        'title = "2024年全市住房城乡建设系统“质量月”活动"\n',
        'title = "2024年全市住房城乡建设系统“质量月”活动"\ntitle_en = "Quality Month 2024"\n',
    )
    mutate(shipped, RECEIPT, RECEIPT + 'title_en = "Send the liaison receipt"\n')
    en = run("status", "-f", shipped, "--today", "2024-09-20", "--lang", "en", "--unit", "chikan", "--format", "csv").stdout
    assert "Send the liaison receipt" in en
    assert "Quality Month 2024" in run("status", "-f", shipped, "--today", "2024-09-20", "--lang", "en").stdout
    zh = run("status", "-f", shipped, "--today", "2024-09-20", "--unit", "chikan", "--format", "csv").stdout
    assert "Send the liaison receipt" not in zh and "报送联络员回执" in zh
    remind = run("remind", "-f", shipped, "--today", "2024-09-11", "--lang", "en").stdout
    assert "Quality Month 2024: reminders" in remind and "- Send the liaison receipt" in remind
    # a task without an English title keeps its Chinese one
    checklist = run("status", "-f", shipped, "--today", "2024-09-20", "--unit", "chikan", "--lang", "en").stdout
    assert "制作“质量月”活动专题宣传资料" in checklist


# ── working days overdue ──────────────────────────────────────────────────────


def test_days_overdue_over_a_holiday_are_also_given_in_working_days(run: Run, shipped: Path) -> None:
    # due Friday 2024-09-27; on 2024-10-08 it is 11 days late, but 10-01..10-07 was the National Day
    # break and 09-28 (Sat) / 10-12 (Sat) were make-up days: 09-29 Sun rest, 09-30 Mon work
    mutate(shipped, "deadline = 2024-09-10\n", "deadline = 2024-09-27\n")
    item = items(run, shipped, "--today", "2024-10-08")[("chikan", "receipt")]
    assert (item["days_overdue"], item["workdays_overdue"]) == (11, 3)  # 09-28 (make-up), 09-30, 10-08
    screen = run("status", "-f", shipped, "--today", "2024-10-08", "--unit", "chikan").stdout
    assert "11 天/3 工作日" in screen
    remind = run("remind", "-f", shipped, "--today", "2024-10-08").stdout
    assert "已逾期 3 个工作日" in remind and "11 天" not in remind  # messages: working days only (issue 21)
    data = json.loads(run("remind", "-f", shipped, "--today", "2024-10-08", "--format", "json").stdout)
    first = next(r for r in data["reminders"] if r["task"] == "receipt")
    assert (first["days"], first["workdays_overdue"]) == (11, 3)


def test_overdue_past_a_time_of_day_follows_the_published_schemas(run: Run, shipped: Path) -> None:
    from tests.test_json_contract import assert_valid, validator

    mutate(shipped, "deadline = 2024-09-10\n", "deadline = 2024-09-10T17:00\n")
    status = json.loads(run("status", "-f", shipped, "--now", "2024-09-10T17:30", "--format", "json").stdout)
    assert_valid(validator("status"), status, "status")
    remind = json.loads(run("remind", "-f", shipped, "--now", "2024-09-10T17:30", "--format", "json").stdout)
    assert_valid(validator("remind"), remind, "remind")
    late = [r for r in remind["reminders"] if r["task"] == "receipt"]
    assert late and all((r["state"], r["days"], r["due_time"]) == ("overdue", 0, "17:00") for r in late)
