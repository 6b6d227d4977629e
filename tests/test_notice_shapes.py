"""Notice shapes (issue 19): deadlines written as a part of a month (6月底前, 6月上旬/中旬/下旬) or
with （含）, 遇节假日顺延/提前 (`shift`), stages that open later (`opens`) and relative stage
deadlines (`after` + `months`/`days`), events on a date (`on`), a phone-or-e-mail field, several
issuer contacts, unit classes without names, tasks named by their sub-item number. Through the CLI,
in Chinese and English."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Run, mutate

JUNE = """\
[campaign]
title = "安全生产月"
issued = 2025-05-28
start = 2025-06-01
end = 2025-06-30

[kinds]
county = "县区"

[themes.a]
number = "（一）"
title = "甲"

[tasks.plan]
theme = "a"
title = "报送方案"
deadline = "6月上旬"
applies_to = ["county"]

[tasks.mid]
theme = "a"
title = "中期报送"
deadline = "6月中旬"
applies_to = ["county"]

[tasks.late]
theme = "a"
title = "下旬报送"
deadline = "6月下旬"
applies_to = ["county"]

[tasks.summary]
theme = "a"
title = "报送总结"
deadline = "6月底前"
applies_to = ["county"]

[tasks.receipt]
theme = "a"
title = "报送回执"
deadline = "6月6日（含）前"
applies_to = ["county"]

[units.u1]
name = "单位一"
kind = "county"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def items(run: Run, path: Path, *args: str) -> list[dict]:
    result = run("status", "-f", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["items"]


# ── 1. deadlines as a part of a month, and （含） ────────────────────────────────


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_parts_of_a_month_and_inclusive_are_deadlines(run: Run, tmp_path: Path, lang: str) -> None:
    path = write(tmp_path, JUNE)
    check = run("check", "-f", path, "--lang", lang)
    assert check.exit_code == 0, check.output
    due = {i["task"]: i["deadline"] for i in items(run, path, "--today", "2025-06-02")}
    assert due == {
        "plan": "2025-06-10",
        "mid": "2025-06-20",
        "late": "2025-06-30",
        "summary": "2025-06-30",
        "receipt": "2025-06-06",
    }
    shown = run("tasks", "-f", path, "--lang", lang)
    assert shown.exit_code == 0 and "2025-06-10" in shown.stdout and "2025-06-20" in shown.stdout


@pytest.mark.parametrize(("lang", "words"), [("zh", "是 6月底"), ("en", "Did you mean 6月底")])
def test_a_part_of_a_month_far_after_the_end_is_a_question(run: Run, tmp_path: Path, lang: str, words: str) -> None:
    path = write(tmp_path, JUNE)
    mutate(path, 'deadline = "6月底前"', 'deadline = "9月底前"')
    result = run("check", "-f", path, "--lang", lang)
    assert result.exit_code == 0
    assert f"campaign.toml:{line_of(path, '9月底')}: tasks.summary.deadline" in result.stderr
    assert "2025-09-30" in result.stderr and words in result.stderr and "2025-06-30" in result.stderr
    mutate(path, 'deadline = "9月底前"', 'deadline = "2025年9月底前"')
    assert "tasks.summary.deadline" not in run("check", "-f", path, "--lang", lang).stderr


@pytest.mark.parametrize(("lang", "words"), [("zh", "没有写年份"), ("en", "has no year")])
def test_a_part_of_a_month_cannot_define_the_span(run: Run, tmp_path: Path, lang: str, words: str) -> None:
    path = write(tmp_path, JUNE)
    mutate(path, "end = 2025-06-30", 'end = "6月底"')
    result = run("check", "-f", path, "--lang", lang)
    assert result.exit_code != 0 and "campaign.end" in result.stderr and words in result.stderr


@pytest.mark.parametrize("text", ["6月旬", "6月底底", "13月底"])
def test_other_month_parts_are_refused_with_the_line(run: Run, tmp_path: Path, text: str) -> None:
    path = write(tmp_path, JUNE)
    mutate(path, 'deadline = "6月底前"', f'deadline = "{text}"')
    result = run("check", "-f", path, "--lang", "en")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"campaign.toml:{line_of(path, text)}: tasks.summary.deadline" in result.stderr


def test_done_on_a_part_of_a_month(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, JUNE)
    result = run("done", "u1", "plan", "--on", "6月上旬", "--today", "2025-06-12", "-f", path)
    assert result.exit_code == 0, result.output
    assert tomllib.loads(path.read_text(encoding="utf-8"))["units"]["u1"]["progress"]["plan"]["done"].isoformat() == "2025-06-10"


# ── 2. 遇节假日顺延/提前: shift ────────────────────────────────────────────────

WEEKLY = """\
[campaign]
title = "岁末年初专项"
issued = 2026-12-01
start = 2026-12-07
end = 2027-01-15

[kinds]
county = "县区"

[themes.a]
title = "甲"

[tasks.weekly]
theme = "a"
title = "每周五报送进展"
repeat = "FREQ=WEEKLY;BYDAY=FR"
shift = "next"
applies_to = ["county"]

[tasks.report]
theme = "a"
title = "报送总结"
deadline = 2027-01-01
shift = "next"
applies_to = ["county"]

[units.u1]
name = "单位一"
kind = "county"
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_weekly_friday_duty_on_new_year_moves_to_the_next_working_day(run: Run, tmp_path: Path, lang: str) -> None:
    path = write(tmp_path, WEEKLY)
    check = run("check", "-f", path, "--lang", lang)
    assert check.exit_code == 0, check.output
    assert "tasks.weekly" not in check.stderr and "tasks.report" not in check.stderr  # shift: a rest day is meant
    found = items(run, path, "--today", "2026-12-30", "--lang", lang)
    weekly = [i["deadline"] for i in found if i["task"] == "weekly"]
    # 2027-01-01 (元旦, a Friday) → Monday 2027-01-04; the other Fridays stay
    assert weekly == ["2026-12-11", "2026-12-18", "2026-12-25", "2027-01-04", "2027-01-08", "2027-01-15"]
    assert [i["deadline"] for i in found if i["task"] == "report"] == ["2027-01-04"]
    # not overdue on 元旦's next days, overdue once the working day has passed
    on_4th = {i["deadline"]: i["state"] for i in items(run, path, "--today", "2027-01-04") if i["task"] == "weekly"}
    assert on_4th["2027-01-04"] != "overdue"
    on_5th = {i["deadline"]: i["state"] for i in items(run, path, "--today", "2027-01-05") if i["task"] == "weekly"}
    assert on_5th["2027-01-04"] == "overdue"
    # the occurrence is recorded under its moved day
    args = ("--for", "1月4日", "--on", "2027-01-04", "--today", "2027-01-05", "-f", path, "--lang", lang)
    done = run("done", "u1", "weekly", *args)
    assert done.exit_code == 0, done.output
    assert "weekly@2027-01-04" in tomllib.loads(path.read_text(encoding="utf-8"))["units"]["u1"]["progress"]


def test_shift_previous_brings_it_forward(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, WEEKLY.replace('shift = "next"', 'shift = "previous"'))
    found = items(run, path, "--today", "2026-12-30")
    assert [i["deadline"] for i in found if i["task"] == "report"] == ["2026-12-31"]
    assert "2026-12-31" in [i["deadline"] for i in found if i["task"] == "weekly"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "有 1 次落在休息日（2027-01-01）"), ("en", "1 occurrence(s) fall on a rest day (2027-01-01)")],
)
def test_check_warns_of_an_occurrence_or_the_end_on_a_rest_day(run: Run, tmp_path: Path, lang: str, words: str) -> None:
    path = write(tmp_path, WEEKLY.replace('shift = "next"\napplies_to', "applies_to", 1))
    mutate(path, "end = 2027-01-15", "end = 2027-01-16")  # a Saturday
    result = run("check", "-f", path, "--lang", lang)
    assert result.exit_code == 0
    assert f"campaign.toml:{line_of(path, 'repeat =')}: tasks.weekly.repeat" in result.stderr and words in result.stderr
    assert f"campaign.toml:{line_of(path, 'end = ')}: campaign.end" in result.stderr and "2027-01-16" in result.stderr


def test_shift_takes_only_next_or_previous(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, WEEKLY.replace('shift = "next"', 'shift = "later"', 1))
    result = run("check", "-f", path, "--lang", "en")
    assert result.exit_code != 0 and "tasks.weekly.shift" in result.stderr and "Traceback" not in result.output


# ── 3. stages that open later, and relative stage deadlines ─────────────────

STAGES = """\
[campaign]
title = "专项整治三年行动"
issued = 2024-06-20
start = 2024-07-01
end = 2025-12-31

[kinds]
county = "县区"

[themes.stage-1]
number = "（一）"
title = "排查阶段"

[themes.stage-2]
number = "（二）"
title = "整治阶段"

[themes.stage-3]
number = "（三）"
title = "巩固阶段"

[tasks.survey]
theme = "stage-1"
title = "完成排查"
deadline = 2024-09-30
applies_to = ["county"]

[tasks.fix]
theme = "stage-2"
title = "完成整治"
opens = 2024-10-01
after = "stage-1"
months = 6
applies_to = ["county"]

[tasks.review]
theme = "stage-3"
title = "巩固提升总结"
opens = 2025-04-01
after = "fix"
months = 9
days = 1
applies_to = ["county"]

[units.u1]
name = "单位一"
kind = "county"

[units.u2]
name = "单位二"
kind = "county"
"""


def status(run: Run, path: Path, *args: str) -> dict:
    result = run("status", "-f", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_relative_stage_deadlines_are_dates(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, STAGES)
    assert run("check", "-f", path).exit_code == 0
    due = {i["task"]: i["deadline"] for i in status(run, path, "--today", "2024-09-10")["items"] if i["unit"] == "u1"}
    # 2024-09-30 + 6 months = 2025-03-30; + 9 months + 1 day = 2025-12-31
    assert due == {"survey": "2024-09-30", "fix": "2025-03-30", "review": "2025-12-31"}
    for lang in ("zh", "en"):
        shown = run("tasks", "-f", path, "--lang", lang).stdout
        assert "2025-03-30" in shown and "2025-12-31" in shown


@pytest.mark.parametrize(("lang", "words"), [("zh", "未开始"), ("en", "not started")])
def test_stage_two_is_not_started_and_out_of_every_percent_until_it_opens(
    run: Run, tmp_path: Path, lang: str, words: str
) -> None:
    path = write(tmp_path, STAGES)
    assert run("done", "u1", "survey", "--on", "2024-09-20", "--today", "2024-09-20", "-f", path).exit_code == 0
    before = status(run, path, "--today", "2024-09-25", "--lang", lang)
    u1 = next(u for u in before["units"] if u["id"] == "u1")
    assert (u1["done"], u1["total"], u1["percent"]) == (1, 1, 100)
    assert u1["themes"]["stage-2"] == {"done": 0, "total": 0}
    closed = [i for i in before["items"] if i["task"] in ("fix", "review")]
    assert closed and all(i["opens"] and i["state"] == "open" and i["days_left"] is None for i in closed)
    unit = run("status", "--unit", "u1", "-f", path, "--today", "2024-09-25", "--lang", lang)
    assert unit.exit_code == 0 and words in unit.stdout and "2024-10-01" in unit.stdout
    matrix = run("status", "-f", path, "--today", "2024-09-25", "--lang", lang)
    assert "100%" in matrix.stdout
    assert "2024-10-01" in run("tasks", "-f", path, "--lang", lang).stdout
    # nothing of a closed stage is chased, even in its warning window
    reminders = json.loads(run("remind", "-f", path, "--today", "2024-09-27", "--format", "json").stdout)["reminders"]
    assert {r["task"] for r in reminders} == {"survey"}  # u2's survey only
    # once it opens, stage two counts
    after = status(run, path, "--today", "2024-10-08", "--lang", lang)
    u1 = next(u for u in after["units"] if u["id"] == "u1")
    assert (u1["done"], u1["total"], u1["percent"]) == (1, 2, 50)
    assert next(i for i in after["items"] if i["task"] == "fix" and i["unit"] == "u1")["opens"] is None


@pytest.mark.parametrize(("lang", "words"), [("zh", "2024-10-01 才开始"), ("en", "opens on 2024-10-01")])
def test_a_stage_cannot_be_recorded_before_it_opens(run: Run, tmp_path: Path, lang: str, words: str) -> None:
    path = write(tmp_path, STAGES)
    before = path.read_text(encoding="utf-8")
    result = run("done", "u1", "fix", "--today", "2024-09-25", "-f", path, "--lang", lang)
    assert result.exit_code != 0 and words in result.stderr and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == before
    assert run("done", "u1", "fix", "--today", "2024-10-09", "-f", path).exit_code == 0
    # a done date before the stage opens, written by hand, is a located error
    mutate(path, "done = 2024-10-09", "done = 2024-09-09")
    bad = run("check", "-f", path, "--lang", lang)
    assert bad.exit_code != 0 and "units.u1.progress.fix.done" in bad.stderr


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('after = "fix"', 'after = "fxi"', "tasks.review.after"),
        ('after = "stage-1"', 'after = "review"', "tasks.fix.after"),
        ('after = "fix"', 'after = "fix"\ndeadline = 2025-06-30', "tasks.review.after"),
        ("opens = 2024-10-01", "opens = 2025-06-01", "tasks.fix.opens"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_stages_are_located_errors(run: Run, tmp_path: Path, old: str, new: str, key: str, lang: str) -> None:
    path = write(tmp_path, STAGES)
    mutate(path, old, new)
    result = run("check", "-f", path, "--lang", lang)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f": {key}" in result.stderr, result.stderr


# ── 4. events on a date ─────────────────────────────────────────────────────

EVENT = JUNE.replace(
    "[units.u1]",
    """[tasks.consult-day]
theme = "a"
title = "参加全国安全宣传咨询日活动"
on = "6月16日"
applies_to = ["county"]

[units.u1]""",
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_event_on_a_date_is_never_overdue(run: Run, tmp_path: Path, lang: str) -> None:
    path = write(tmp_path, EVENT)
    assert run("check", "-f", path, "--lang", lang).exit_code == 0
    for day in ("2025-06-01", "2025-06-13", "2025-06-16", "2025-06-17", "2025-07-30"):
        found = [i for i in items(run, path, "--today", day, "--lang", lang) if i["task"] == "consult-day"]
        assert found and all(i["event"] and i["deadline"] == "2025-06-16" for i in found)
        assert {i["state"] for i in found} == {"open"}, day
        reminders = json.loads(run("remind", "-f", path, "--today", day, "--format", "json").stdout)["reminders"]
        assert "consult-day" not in {r["task"] for r in reminders}
    unit = run("status", "--unit", "u1", "-f", path, "--today", "2025-06-20", "--lang", lang)
    assert ("活动日 2025-06-16" if lang == "zh" else "event day 2025-06-16") in unit.stdout
    tasks = run("tasks", "-f", path, "--lang", lang)
    assert "2025-06-16" in tasks.stdout and ("活动日" if lang == "zh" else "event day") in tasks.stdout
    out = tmp_path / "june.ics"
    assert run("export", "ics", "-f", path, "--today", "2025-06-01", "-o", out, "--lang", lang).exit_code == 0
    ics = out.read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20250616" in ics
    assert ("活动日：参加全国安全宣传咨询日活动" if lang == "zh" else "Event day: 参加全国安全宣传咨询日活动") in ics
    # held and recorded like any task
    assert run("done", "u1", "consult-day", "--on", "6月16日", "--today", "2025-06-17", "-f", path).exit_code == 0


def test_an_event_with_a_deadline_is_a_located_error(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, EVENT.replace('on = "6月16日"', 'on = "6月16日"\ndeadline = "6月20日"'))
    result = run("check", "-f", path, "--lang", "en")
    assert result.exit_code != 0 and "tasks.consult-day.on" in result.stderr and "cannot be used together" in result.stderr


# ── 5. a phone-or-e-mail field, a task named by its sub-item number ─────────

FORM = JUNE.replace(
    "[units.u1]",
    """[forms.plan]
title = "活动安排反馈表"
task = "plan"
fields = [
  { id = "contact", label = "联系方式", kind = "phone_or_email", required = true },
]

[units.u1]""",
)


@pytest.mark.parametrize("value", ["0759-3216047", "13802715638", "lin@example.cn"])
def test_a_phone_or_email_field_takes_either(run: Run, tmp_path: Path, value: str) -> None:
    path = write(tmp_path, FORM)
    result = run("receipt", "u1", "--form", "plan", "--set", f"联系方式={value}", "-f", path, "--today", "2025-06-05")
    assert result.exit_code == 0, result.output
    assert tomllib.loads(path.read_text(encoding="utf-8"))["units"]["u1"]["forms"]["plan"]["contact"] == value


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "既不是电话号码，也不是电子邮箱地址"), ("en", "neither a phone number nor an e-mail")]
)
def test_a_phone_or_email_field_refuses_anything_else(run: Run, tmp_path: Path, lang: str, words: str) -> None:
    path = write(tmp_path, FORM)
    before = path.read_text(encoding="utf-8")
    result = run(
        "receipt", "u1", "--form", "plan", "--set", "联系方式=林晓燕", "-f", path, "--today", "2025-06-05", "--lang", lang
    )
    assert result.exit_code != 0 and words in result.stderr
    assert path.read_text(encoding="utf-8") == before


NUMBERED = JUNE.replace('title = "报送方案"', 'title = "报送方案"\nnumber = "（二）2"').replace(
    'title = "中期报送"', 'title = "中期报送"\nnumber = "（二）3"'
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_task_is_named_by_its_sub_item_number(run: Run, tmp_path: Path, lang: str) -> None:
    path = write(tmp_path, NUMBERED)
    for name in ("（二）2", "(二)2", "（二）２"):
        result = run("done", "u1", name, "--on", "2025-06-05", "--today", "2025-06-05", "-f", path, "--lang", lang)
        assert result.exit_code == 0, result.output
    progress = tomllib.loads(path.read_text(encoding="utf-8"))["units"]["u1"]["progress"]
    assert list(progress) == ["plan"]
    assert run("done", "u1", "（二）3", "--today", "2025-06-05", "-f", path).exit_code == 0
    assert "mid" in tomllib.loads(path.read_text(encoding="utf-8"))["units"]["u1"]["progress"]


# ── 6. consistency ──────────────────────────────────────────────────────────


def test_tasks_json_carries_the_time_of_day_and_the_shapes(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, STAGES.replace("deadline = 2024-09-30", 'deadline = "2024年9月30日（含）17:00前"'))
    data = json.loads(run("tasks", "-f", path, "--format", "json").stdout)["tasks"]
    by_id = {task["id"]: task for task in data}
    assert (by_id["survey"]["deadline"], by_id["survey"]["due_time"]) == ("2024-09-30", "17:00")
    assert by_id["fix"]["due_time"] is None and by_id["fix"]["opens"] == "2024-10-01"
    assert by_id["fix"]["deadline"] == "2025-03-30" and by_id["fix"]["event"] is False


def test_status_json_units_carry_their_kind(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, JUNE)
    unit = status(run, path, "--today", "2025-06-02")["units"][0]
    assert (unit["kind"], unit["kind_name"]) == ("county", "县区")
