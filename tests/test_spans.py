"""Dates that are never silently wrong (issue 7): month/day forms resolve inside the campaign's span
— deadlines, done dates, --on, --today — and whatever falls outside is a located error, through the
CLI; property tests over random campaign spans (any start month, any year 2004–2035)."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmonth.core.dates import DateFormatError, parse_in_span
from qmonth.core.model import DEADLINE_GRACE_DAYS
from tests.conftest import Run, mutate

ACROSS = """\
[campaign]
title = "跨年专项行动"
issued = 2026-11-20
start = 2026-12-01
end = 2027-01-15

[kinds]
county = "县区"

[themes.a]
title = "甲"

[tasks.plan]
theme = "a"
title = "报送工作方案"
deadline = "12月10日"
applies_to = ["county"]

[tasks.report]
theme = "a"
title = "报送总结"
deadline = "1月8日"
applies_to = ["county"]

[units.u1]
name = "单位一"
kind = "county"
"""


@pytest.fixture
def across(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(ACROSS, encoding="utf-8")
    return path


def status_json(run: Run, path: Path, *args: str) -> dict:
    result = run("status", "-f", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_december_to_january_campaign_reads_1_8_as_next_january(run: Run, across: Path) -> None:
    assert run("check", "-f", across).exit_code == 0
    data = status_json(run, across, "--today", "1月5日")
    assert data["today"] == "2027-01-05"
    deadlines = {i["task"]: i["deadline"] for i in data["items"]}
    assert deadlines == {"plan": "2026-12-10", "report": "2027-01-08"}
    screen = run("status", "-f", across, "--today", "1月5日", "--unit", "u1").stdout
    assert "2027-01-08" in screen and "2026-12-10" in screen
    assert status_json(run, across, "--today", "12/20")["today"] == "2026-12-20"


def test_on_is_the_latest_such_day_not_after_today(run: Run, across: Path) -> None:
    assert run("done", "u1", "report", "--on", "1月3日", "--today", "2027-01-05", "-f", across).exit_code == 0
    assert run("done", "u1", "plan", "--on", "12月9日", "--today", "2027-01-05", "-f", across).exit_code == 0
    progress = tomllib.loads(across.read_text(encoding="utf-8"))["units"]["u1"]["progress"]
    assert (str(progress["report"]["done"]), str(progress["plan"]["done"])) == ("2027-01-03", "2026-12-09")
    # a day not yet come this campaign (1月9日 on 1月5日) has no reading: asks for the year
    refused = run("done", "u1", "report", "--on", "1月9日", "--today", "2027-01-05", "-f", across)
    assert refused.exit_code == 2 and "写上年份" in refused.stderr


def test_a_deadline_slip_before_the_notice_fails_check_with_its_line(run: Run, shipped: Path) -> None:
    text = mutate(shipped, "deadline = 2024-09-10\n", 'deadline = "8月10日"\n')
    result = run("check", "-f", shipped)
    assert result.exit_code == 1
    line = text.splitlines().index('deadline = "8月10日"') + 1
    assert f"campaign.toml:{line}: tasks.receipt.deadline" in result.stderr
    assert "2024-09-07" in result.stderr  # the span shown, from the notice's issue
    shipped.write_text(text.replace('deadline = "8月10日"', "deadline = 2024-08-10"), encoding="utf-8")
    result = run("check", "-f", shipped)
    assert result.exit_code == 1
    assert f"campaign.toml:{line}: tasks.receipt.deadline：截止日期 2024-08-10 早于发文日期 2024-09-07" in result.stderr


def test_a_deadline_long_after_the_end_fails_check(run: Run, shipped: Path) -> None:
    mutate(shipped, "deadline = 2024-10-09", "deadline = 2025-10-09")
    result = run("check", "-f", shipped)
    assert result.exit_code == 1 and "tasks.summary.deadline" in result.stderr and "2025-01-28" in result.stderr


def test_done_before_the_campaign_is_refused_and_reported(run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    refused = run("done", "chikan", "receipt", "--on", "2023-09-15", "-f", shipped, "--today", "2024-09-20")
    assert refused.exit_code == 2 and "早于活动开始" in refused.stderr
    assert shipped.read_bytes() == before
    receipt = run("receipt", "chikan", "--name", "林晓燕", "--on", "2024-08-30", "-f", shipped, "--today", "2024-09-20")
    assert receipt.exit_code == 2 and shipped.read_bytes() == before
    text = mutate(shipped, 'kind = "county"\n', 'kind = "county"\n\n[units.chikan.progress.receipt]\ndone = 2023-09-15\n')
    check = run("check", "-f", shipped)
    line = text.splitlines().index("done = 2023-09-15") + 1
    assert check.exit_code == 1 and f"campaign.toml:{line}: units.chikan.progress.receipt.done" in check.stderr


def test_two_readings_are_an_error_that_asks_for_the_year(run: Run, shipped: Path) -> None:
    mutate(shipped, "start = 2024-09-01\nend = 2024-09-30", "start = 2024-01-01\nend = 2024-12-31")
    mutate(shipped, "issued = 2024-09-07\n", "")
    mutate(shipped, "deadline = 2024-09-10\n", 'deadline = "1月15日"\n')
    result = run("check", "-f", shipped)
    assert result.exit_code == 1 and "2024-01-15, 2025-01-15" in result.stderr and "请写上年份" in result.stderr


def test_today_outside_the_span_asks_for_the_year(run: Run, shipped: Path) -> None:
    result = run("status", "-f", shipped, "--today", "3月1日")
    assert result.exit_code == 2 and "写上年份" in result.stderr
    assert status_json(run, shipped, "--today", "2025-03-01")["today"] == "2025-03-01"  # with its year: fine


def test_remind_never_chases_before_the_notice_is_issued(run: Run, shipped: Path) -> None:
    for day in ("2024-09-02", "2024-09-06"):
        quiet = run("remind", "-f", shipped, "--today", day, "--within", "60")
        assert (quiet.stdout, quiet.stderr) == ("", "")
    assert run("remind", "-f", shipped, "--today", "2024-09-09").stdout != ""


def test_recording_after_the_campaign_works_but_says_so(run: Run, shipped: Path) -> None:
    late = run("done", "chikan", "summary", "-f", shipped, "--today", "2024-12-20")
    assert late.exit_code == 0, late.output
    assert "活动已于 2024-11-08 结束催办" in late.stderr
    assert "done = 2024-12-20" in shipped.read_text(encoding="utf-8")
    on_time = run("done", "xiashan", "summary", "-f", shipped, "--today", "2024-10-08")
    assert "结束催办" not in on_time.stderr


# ── properties over random campaign spans ────────────────────────────────────


@st.composite
def campaigns(draw: st.DrawFn) -> tuple[dt.date, dt.date, dt.date | None]:
    start = draw(st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2035, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    issued = draw(st.none() | st.integers(min_value=-40, max_value=10).map(lambda n: start + dt.timedelta(days=n)))
    return start, end, issued


month_days = st.tuples(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))


@settings(max_examples=400, deadline=None)
@given(camp=campaigns(), md=month_days, form=st.sampled_from(["{m}月{d}日", "{m}/{d}", "{m}月{d}号"]))
def test_a_month_day_resolves_inside_the_span_or_not_at_all(
    camp: tuple[dt.date, dt.date, dt.date | None], md: tuple[int, int], form: str
) -> None:
    from qmonth.core.model import CampaignInfo

    start, end, issued = camp
    info = CampaignInfo(title="t", start=start, end=end, issued=issued)
    text = form.format(m=md[0], d=md[1])
    for low, high in (info.deadline_span, info.done_span):
        try:
            day = parse_in_span(text, low, high)
        except DateFormatError as exc:
            assert exc.reason in ("impossible", "outside_span", "ambiguous")
            continue
        assert low <= day <= high and (day.month, day.day) == md
    assert info.deadline_span[1] == end + dt.timedelta(days=DEADLINE_GRACE_DAYS)


def _campaign_text(start: dt.date, end: dt.date, issued: dt.date | None, deadline: str) -> str:
    return (
        ACROSS.replace("issued = 2026-11-20\n", f"issued = {issued.isoformat()}\n" if issued else "")
        .replace("start = 2026-12-01\nend = 2027-01-15", f"start = {start.isoformat()}\nend = {end.isoformat()}")
        .replace('deadline = "1月8日"\n', "")  # first: the deadline put in below may be 1月8日 itself
        .replace('deadline = "12月10日"', f'deadline = "{deadline}"')
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(camp=campaigns(), deadline=month_days, today=month_days, on=month_days)
def test_through_the_cli_no_date_ever_resolves_outside_the_span(
    run: Run,
    tmp_path: Path,
    camp: tuple[dt.date, dt.date, dt.date | None],
    deadline: tuple[int, int],
    today: tuple[int, int],
    on: tuple[int, int],
) -> None:
    start, end, issued = camp
    first = min(start, issued) if issued else start
    grace_end = end + dt.timedelta(days=DEADLINE_GRACE_DAYS)
    path = tmp_path / "campaign.toml"
    path.write_text(_campaign_text(start, end, issued, f"{deadline[0]}月{deadline[1]}日"), encoding="utf-8")
    result = run("status", "-f", path, "--format", "json", "--today", f"{today[0]}月{today[1]}日")
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), result.output
        assert "Traceback" not in result.output and (
            "年份" in result.stderr or "日期" in result.stderr or "没有" in result.stderr
        )
        return
    data = json.loads(result.stdout)
    day = dt.date.fromisoformat(data["today"])
    due = dt.date.fromisoformat(data["items"][0]["deadline"])
    reminders_stop = dt.date.fromisoformat(data["campaign"]["last_deadline"]) + dt.timedelta(days=30)
    assert first <= day <= max(grace_end, reminders_stop)  # never a year before the campaign, nor after
    assert (issued or start) <= due <= grace_end and (due.month, due.day) == deadline
    recorded = run("done", "u1", "plan", "--on", f"{on[0]}/{on[1]}", "--today", data["today"], "-f", path)
    if recorded.exit_code == 0:
        done = tomllib.loads(path.read_text(encoding="utf-8"))["units"]["u1"]["progress"]["plan"]["done"]
        assert first <= done <= day and (done.month, done.day) == on
    else:
        assert recorded.exit_code == 2 and "Traceback" not in recorded.output
