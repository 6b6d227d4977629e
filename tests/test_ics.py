"""qmonth export ics: the deadlines as a calendar, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from qmonth.core.store import load
from tests.conftest import DEMO, SHIPPED, Run

DAY = ("--today", "2024-09-20")


def _events(path: Path) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, [e for e in cal.walk("VEVENT")]


def test_every_deadline_is_an_all_day_event_with_an_alarm(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "deadlines.ics"
    result = run("export", "ics", "-f", DEMO, *DAY, "-o", out)
    assert result.exit_code == 0, result.output
    cal, events = _events(out)
    c = load(DEMO).campaign
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    due = {uid.split(".")[0]: ev.decoded("DTSTART") for ev in events for uid in [str(ev["UID"])]}
    # every deadline the notice set, on its day; the tasks it gave none share one event over the period
    notice = {tid: c.due(task) for tid, task in c.tasks.items() if task.deadline_source == "notice"}
    assert due == {**notice, "period": dt.date(2024, 9, 1)}
    period = next(ev for ev in events if str(ev["UID"]).startswith("period."))
    implied = [tid for tid, task in c.tasks.items() if task.deadline_source == "period"]
    assert len(implied) == 19 and not any(d == dt.date(2024, 9, 30) for d in due.values())  # none stacked on 9/30
    assert period.decoded("DTEND") == dt.date(2024, 10, 1) and not period.walk("VALARM")
    assert str(period["SUMMARY"]) == "活动期间：2024年全市住房城乡建设系统“质量月”活动"
    assert str(period["DESCRIPTION"]).startswith(
        "活动期间：2024年9月1日至2024年9月30日\n通知未另定截止日期、在活动期间内完成的19项工作："
    )
    assert c.tasks[implied[0]].title in str(period["DESCRIPTION"])
    for ev in events:
        if ev is period:
            continue
        start = ev.decoded("DTSTART")
        assert type(start) is dt.date  # all day
        assert ev.decoded("DTEND") == start + dt.timedelta(days=1)
        assert str(ev["TRANSP"]) == "TRANSPARENT"
        alarms = ev.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
    receipt = next(ev for ev in events if str(ev["UID"]).startswith("receipt."))
    assert str(receipt["SUMMARY"]) == "截止：报送联络员回执"
    # warn_days = 3 working days before Tue 9/10 would be Thu 9/5, but the notice was issued on
    # Sat 9/7: from then, at 09:00 Beijing time = 01:00 UTC
    trigger = receipt.walk("VALARM")[0]["TRIGGER"]
    assert trigger.params["VALUE"] == "DATE-TIME"
    assert trigger.dt == dt.datetime(2024, 9, 7, 1, 0, tzinfo=dt.UTC)
    # the description states what was asked, never a dated snapshot (issue 22)
    assert str(receipt["DESCRIPTION"]).splitlines()[1:] == [
        "事项：报送联络员回执",
        "截止：2024年9月10日",
        "报送材料：联络员回执（盖公章）",
        "完成单位：县（市、区）住建部门、市建设工程质量事务中心、行业协会、参建企业",
    ]
    assert not any("截至" in str(ev["DESCRIPTION"]) for ev in events)
    # the summary due 10/9, after the National Day week: warned before the holiday, on the day
    # status turns it yellow (Sunday 9/29, a make-up working day)
    summary = next(ev for ev in events if str(ev["UID"]).startswith("summary."))
    assert summary.walk("VALARM")[0]["TRIGGER"].dt == dt.datetime(2024, 9, 29, 1, 0, tzinfo=dt.UTC)


def test_alarm_opens_the_day_status_turns_yellow(tmp_path: Path, run: Run) -> None:
    import json

    out = tmp_path / "d.ics"  # the shipped campaign: nothing done, so every state comes from the dates
    assert run("export", "ics", "-f", SHIPPED, *DAY, "-o", out).exit_code == 0
    for ev in _events(out)[1]:
        task = str(ev["UID"]).split(".")[0]
        if task == "period":  # the period's event: no alarm (its tasks are reported with the 总结)
            continue
        local = ev.walk("VALARM")[0]["TRIGGER"].dt.astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert local.time() == dt.time(9, 0)
        before = local.date() - dt.timedelta(days=1)
        states = []
        for day in (before, local.date()):
            data = json.loads(run("status", "-f", SHIPPED, "--today", day.isoformat(), "--format", "json").stdout)
            states.append(next(i["state"] for i in data["items"] if i["task"] == task))
        assert states == ["open", "due_soon"], task


def test_two_runs_give_identical_uids(tmp_path: Path, run: Run) -> None:
    a, b, later = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "later.ics"
    assert run("export", "ics", "-f", DEMO, *DAY, "-o", a).exit_code == 0
    assert run("export", "ics", "-f", DEMO, *DAY, "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    # a later day (more work done): the same events, so a re-import updates them
    assert run("export", "ics", "-f", DEMO, "--today", "2024-09-25", "-o", later).exit_code == 0
    uids = [[str(e["UID"]) for e in _events(p)[1]] for p in (a, later)]
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == len(uids[0])


def test_unit_gets_its_open_tasks_only(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "chikan.ics"
    result = run("export", "ics", "-f", DEMO, *DAY, "--unit", "赤坎", "-o", out)
    assert result.exit_code == 0, result.output
    cal, events = _events(out)
    got = {str(e["UID"]).split(".")[0] for e in events}
    # status --unit chikan's open ones: the 总结 by its deadline; inspection-cases and service-petition,
    # due by the end of the period, in the period's one event
    assert got == {"period", "summary"}
    assert all(".chikan." in str(e["UID"]) for e in events)
    assert {str(e["SUMMARY"]).split("：")[0] for e in events} == {"赤坎区｜截止", "赤坎区｜活动期间"}
    period = next(e for e in events if str(e["UID"]).startswith("period."))
    assert "的2项工作：依法查处并公开通报一批典型案例、" in str(period["DESCRIPTION"])
    assert "赤坎区" in str(cal["X-WR-CALNAME"])
    # its UIDs differ from the whole campaign's (both can live in one calendar)
    whole = tmp_path / "all.ics"
    run("export", "ics", "-f", DEMO, *DAY, "-o", whole)
    assert not got & {str(e["UID"]) for e in _events(whole)[1]}


def test_unknown_unit_is_a_usage_error(tmp_path: Path, run: Run) -> None:
    result = run("export", "ics", "-f", DEMO, "--unit", "nowhere", "-o", tmp_path / "x.ics")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and not (tmp_path / "x.ics").exists()


def test_to_stdout(run: Run) -> None:
    result = run("export", "ics", "-f", DEMO, *DAY, "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")


def test_a_units_event_separates_the_unit_from_the_task(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "雷州.ics"
    assert run("export", "ics", "-f", DEMO, *DAY, "--unit", "雷州", "-o", out).exit_code == 0
    summaries = [str(ev["SUMMARY"]) for ev in _events(out)[1]]
    assert "雷州市｜截止：报送联络员回执" in summaries
    assert all(x.startswith("雷州市｜") for x in summaries)
