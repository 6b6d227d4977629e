"""What cron prints: reminders grouped by unit, silence on rest days, long holidays."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import Result

from qmonth.core.calendar import WorkCalendar
from qmonth.core.remind import reminders
from qmonth.core.schedule import State, compute
from tests.conftest import DEMO, FAR_YEAR, SHIPPED, Run, mutate
from tests.factories import campaign

D = dt.date


def remind_json(run: Run, today: str, *extra: str) -> list[dict]:
    result = run("remind", "-f", SHIPPED, "--today", today, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["reminders"] if result.stdout else []


def test_grouped_by_unit_most_urgent_first() -> None:
    tasks = {
        "a": {"theme": "a", "title": "A", "applies_to": ["county"], "deadline": D(2024, 9, 12)},
        "b": {"theme": "a", "title": "B", "applies_to": ["county"], "deadline": D(2024, 9, 5)},
    }
    units = {
        "u1": {"name": "一", "kind": "county"},
        "u2": {"name": "二", "kind": "county", "progress": {"b": {"done": D(2024, 9, 4)}}},
    }
    c = campaign(tasks, units)
    cal = WorkCalendar()
    groups = reminders(c, compute(c, D(2024, 9, 10), cal), cal)
    assert [(g.unit, [i.task for i in g.items]) for g in groups] == [("u1", ["b", "a"]), ("u2", ["a"])]
    assert [i.state for i in groups[0].items] == [State.OVERDUE, State.DUE_SOON]


def test_summary_reminded_by_the_last_working_day_before_national_day(run: Run) -> None:
    # 2024-10-09 summary, 3 working days: 09-29 (make-up Sunday) is the first warning day,
    # well before the National Day week; a 3-calendar-day window would first fire on 10-06.
    first = [d for d in range(20, 31) if any(r["task"] == "summary" for r in remind_json(run, f"2024-09-{d}"))]
    assert first and first[0] == 29
    assert any(r["task"] == "summary" for r in remind_json(run, "2024-09-30"))


def test_long_holiday_rule_pulls_a_short_window_forward(run: Run) -> None:
    # With a 1-working-day window the summary would first warn on 10-08; the rule moves it to 09-30.
    assert not [r for r in remind_json(run, "2024-09-27", "--within", "1") if r["task"] == "summary"]
    hits = [r for r in remind_json(run, "2024-09-30", "--within", "1") if r["task"] == "summary"]
    assert len(hits) == 12 and hits[0]["workdays_left"] == 2
    text = run("remind", "-f", SHIPPED, "--today", "2024-09-30", "--within", "1").stdout
    assert "截止前有长假（2024年10月1日–2024年10月7日），请提前安排" in text


def assert_silent(result: Result) -> None:
    """What cron needs on a day with nothing to send: no output at all, on either stream, and exit 0
    (cron mails anything written to stderr too)."""
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    "day",
    [
        "2024-09-15",  # Mid-Autumn (receipt overdue: there is something to chase on the next working day)
        "2024-10-03",  # National Day
        "2024-09-21",  # an ordinary Saturday
        "2024-09-22",  # an ordinary Sunday
    ],
)
def test_silent_on_a_public_holiday_and_on_weekends(run: Run, day: str) -> None:
    assert_silent(run("remind", "-f", SHIPPED, "--today", day))
    assert_silent(run("remind", "-f", SHIPPED, "--today", day, "--lang", "en"))
    loud = run("remind", "-f", SHIPPED, "--today", day, "--any-day")
    assert loud.exit_code == 0 and "报送联络员回执" in loud.stdout


def test_silent_when_nothing_is_due(run: Run) -> None:
    assert_silent(run("remind", "-f", SHIPPED, "--today", "2024-09-02"))  # before the notice
    assert_silent(run("remind", "-f", SHIPPED, "--today", "2024-09-06", "--within", "0"))  # a working day, nothing due


def test_reminds_on_a_make_up_working_saturday(run: Run) -> None:
    out = run("remind", "-f", SHIPPED, "--today", "2024-09-14").stdout
    assert out.count("已逾期 4 个工作日") == 14  # 11, 12, 13 and the make-up Saturday 14


def test_status_marks_a_long_holiday_before_the_deadline(run: Run) -> None:
    data = json.loads(run("status", "-f", SHIPPED, "--today", "2024-09-30", "--format", "json").stdout)
    summary = next(i for i in data["items"] if i["task"] == "summary")
    assert summary["state"] == "due_soon"
    assert summary["long_break"] == {"start": "2024-10-01", "end": "2024-10-07"}
    assert summary["workdays_left"] == 2
    out = run("status", "-f", SHIPPED, "--today", "2024-09-30", "--unit", "chikan").stdout
    assert "临近截止 剩2个工作日" in out and "节前" in out  # the long holiday is marked


def test_workday_counts_match_the_official_2024_schedule(run: Run) -> None:
    # From Fri 2024-09-13 to the summary (10-09): 09-14 (make-up Sat), 09-18..20, 09-23..27,
    # 09-29 (make-up Sun), 09-30, 10-08, 10-09 = 1+3+5+1+1+2 = 13 working days; Mid-Autumn 09-15..17 and
    # National Day 10-01..07 are not counted.
    items = json.loads(run("status", "-f", SHIPPED, "--today", "2024-09-13", "--format", "json").stdout)["items"]
    left = {i["task"]: i["workdays_left"] for i in items if i["unit"] == "chikan"}
    assert left["summary"] == 13
    assert left["work-plan"] == 11  # due 09-30


def test_quiet_once_the_campaign_is_long_over(run: Run, shipped: Path) -> None:
    # the last deadline is 2024-10-09; reminders go on for 30 days, then stop
    assert run("remind", "-f", SHIPPED, "--today", "2024-11-08").stdout != ""
    assert_silent(run("remind", "-f", SHIPPED, "--today", "2024-11-11"))
    mutate(shipped, "warn_days = 3\n", "warn_days = 3\nremind_until = 2024-12-31\n")
    assert run("remind", "-f", shipped, "--today", "2024-12-31").stdout != ""
    assert_silent(run("remind", "-f", shipped, "--today", "2025-01-02"))


def test_silence_includes_stderr_in_a_year_without_holiday_data(run: Run, shipped: Path) -> None:
    y = FAR_YEAR
    shipped.write_text(shipped.read_text(encoding="utf-8").replace("2024-", f"{y}-"), encoding="utf-8")
    quiet = run("remind", "-f", shipped, "--today", f"{y}-09-02")  # a Wednesday before the notice
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    weekend = run("remind", "-f", shipped, "--today", f"{y}-09-12")  # a Saturday, the receipt overdue
    assert (weekend.exit_code, weekend.stdout, weekend.stderr) == (0, "", "")
    loud = run("remind", "-f", shipped, "--today", f"{y}-09-09")
    assert loud.stdout != "" and loud.stderr.count(f"{y} 年的调休安排尚未公布") == 1


def test_status_as_of_an_earlier_day_does_not_count_later_work(run: Run) -> None:
    from tests.conftest import DEMO

    items = json.loads(run("status", "-f", DEMO, "--today", "2024-09-05", "--format", "json").stdout)["items"]
    assert {i["state"] for i in items if i["task"] == "receipt"} <= {"due_soon", "open"}
    assert not [i for i in items if i["state"] == "done"]


# ── the cron mail and the chat message (issue 9) ─────────────────────────────


def test_text_starts_with_a_summary_line_then_units_most_urgent_first(run: Run) -> None:
    out = run("remind", "-f", DEMO, "--today", "2024-10-08").stdout
    lines = out.splitlines()
    # only the 回执 (a date the notice set) is overdue; the activity items, whose period ended on
    # 9-30, are "not reported yet" (those of units the 总结 does not apply to) or ride with the 总结
    assert lines[0] == (
        "今日催办：逾期 3 项（3 个单位），三个工作日内到期 12 项（12 个单位），9 项活动尚未报送完成情况（2 个单位）"
    )
    ids = re.findall(r"^\S+（([a-z-]+)）  联络员", out, re.MULTILINE)
    # 15 working days past the 回执 first, then the rest by what they owe
    assert ids[:3] == ["leizhou", "wuchuan", "fenyong"]
    assert set(ids) == {
        "wuchuan", "fenyong", "leizhou", "kaifaqu", "mazhang", "potou", "xuwen", "suixi",
        "enterprises", "associations", "lianjiang", "chikan", "xiashan", "quality-centre",
    }  # fmt: skip
    assert "逾期 8 天" not in out and "天、" not in out


def test_summary_line_on_the_receipt_day(run: Run) -> None:
    first = run("remind", "-f", SHIPPED, "--today", "2024-09-11").stdout.splitlines()[0]
    assert first == "今日催办：逾期 14 项（14 个单位），三个工作日内到期 0 项"
    en = run("remind", "-f", SHIPPED, "--today", "2024-09-11", "--lang", "en").stdout.splitlines()[0]
    assert en == "To chase today: 14 overdue (14 units); 0 due within 3 working days"


def test_json_is_valid_on_a_quiet_day(run: Run) -> None:
    for day in ("2024-09-02", "2024-09-21", "2025-03-03"):  # nothing due; a Saturday; long after
        result = run("remind", "-f", SHIPPED, "--today", day, "--format", "json")
        assert result.exit_code == 0 and result.stderr == ""
        assert json.loads(result.stdout) == {"today": day, "reminders": []}
        assert run("remind", "-f", SHIPPED, "--today", day).stdout == ""  # text stays silent


def test_json_units_most_urgent_first(run: Run) -> None:
    data = json.loads(run("remind", "-f", DEMO, "--today", "2024-10-08", "--format", "json").stdout)
    days = [r["days"] for r in data["reminders"] if r["state"] == "overdue"]
    first_units = list(dict.fromkeys(r["unit"] for r in data["reminders"]))[:3]
    assert set(first_units) == {"leizhou", "wuchuan", "fenyong"} and days[0] == 28


def test_one_units_message_to_paste_into_a_chat(run: Run) -> None:
    result = run("remind", "-f", DEMO, "--today", "2024-10-08", "--unit", "吴川")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "致吴川市住房和城乡建设局："
    assert lines[1] == (
        "贵单位在2024年全市住房城乡建设系统“质量月”活动中尚有 1 项工作已过截止日期仍未报送，另有 1 项工作即将到期："
    )
    assert lines[2] == "1. 报送联络员回执（截止 2024年9月10日，已逾期 15 个工作日）"
    assert lines[3] == "2. 报送“质量月”活动总结材料及视频、照片等佐证材料（截止 2024年10月9日，还有 1 个工作日）"
    assert lines[4] == "   报送时须一并报告以下 17 项活动的完成情况："
    assert lines[5] == "   （1）以专栏、专版、专访、专题片等方式展示质量创新和质量提升成果"
    assert "如有疑问，请联系质安科 钟苗萃（0759-3588040）。" in lines
    assert lines[-1] == "2024年10月8日" and "湛江市住房和城乡建设局 质安科" in lines
    assert "\x1b" not in result.stdout and "─" not in result.stdout


def test_one_units_message_any_day_and_when_nothing_is_due(run: Run) -> None:
    # a Saturday: cron is silent, but a person asking for one unit gets its message
    assert run("remind", "-f", DEMO, "--today", "2024-09-21").stdout == ""
    assert run("remind", "-f", DEMO, "--today", "2024-09-21", "-u", "雷州").stdout.startswith("致雷州市住房和城乡建设局：")
    quiet = run("remind", "-f", DEMO, "--today", "2024-09-02", "-u", "chikan")
    assert quiet.exit_code == 0 and quiet.stdout == "" and "无需催办" in quiet.stderr
    data = json.loads(run("remind", "-f", DEMO, "--today", "2024-09-02", "-u", "chikan", "--format", "json").stdout)
    assert data == {"today": "2024-09-02", "reminders": []}
    bad = run("remind", "-f", DEMO, "--today", "2024-09-02", "-u", "nowhere")
    assert bad.exit_code == 2 and "nowhere" in bad.stderr


def test_nothing_is_reminded_on_a_rest_day_unless_asked() -> None:
    tasks = {"a": {"theme": "a", "title": "A", "applies_to": ["county"], "deadline": D(2024, 9, 12)}}
    c = campaign(tasks)
    cal = WorkCalendar()
    saturday = D(2024, 9, 21)
    report = compute(c, saturday, cal)
    assert [i.state for i in report.items] == [State.OVERDUE]
    assert reminders(c, report, cal) == []
    assert [g.unit for g in reminders(c, report, cal, any_day=True)] == ["u1"]


def test_chasing_starts_on_the_day_the_notice_is_issued(run: Run) -> None:
    # issued Saturday 2024-09-07; the receipt (due 09-10) is already in its warning window
    before = run("remind", "-f", SHIPPED, "--today", "2024-09-06", "--any-day")
    assert (before.exit_code, before.stdout) == (0, "")
    issued = run("remind", "-f", SHIPPED, "--today", "2024-09-07", "--any-day")
    assert issued.exit_code == 0 and issued.stdout.count("报送联络员回执") == 14
