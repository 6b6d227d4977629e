"""Recurring deadlines: `repeat = "FREQ=WEEKLY;BYDAY=FR"` through the CLI (status, done --for, undo,
remind, check, trend, rollover) and the expansion itself."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from qmonth.core.recurrence import RuleError, expand, nearest_open, split_key
from tests.conftest import SHIPPED, Run

FRIDAYS = ["2024-09-06", "2024-09-13", "2024-09-20", "2024-09-27"]
TITLE = "每周五前报送活动开展情况"  # the weekly task's title, as messages show it
WEEKLY = """[tasks.weekly-report]
theme = "reporting"
title = "每周五前报送活动开展情况"
repeat = "FREQ=WEEKLY;BYDAY=FR"  # 每周五前
applies_to = ["county"]

"""


@pytest.fixture
def weekly(tmp_path: Path) -> Path:
    """The shipped campaign with a weekly duty for the county bureaus."""
    text = SHIPPED.read_text(encoding="utf-8")
    at = text.index("[tasks.")
    path = tmp_path / "campaign.toml"
    path.write_text(text[:at] + WEEKLY + text[at:], encoding="utf-8")
    return path


def _items(run: Run, path: Path, today: str, unit: str = "chikan") -> list[dict]:  # type: ignore[type-arg]
    result = run("status", "-f", path, "--today", today, "--format", "json")
    assert result.exit_code == 0, result.output
    return [i for i in json.loads(result.stdout)["items"] if i["unit"] == unit and i["task"] == "weekly-report"]


def test_a_weekly_task_yields_one_item_per_friday(run: Run, weekly: Path) -> None:
    assert run("check", weekly).exit_code == 0
    items = _items(run, weekly, "2024-09-02")
    assert [i["occurrence"] for i in items] == FRIDAYS
    assert [i["deadline"] for i in items] == FRIDAYS
    assert {i["state"] for i in items} == {"open"}  # before the notice is issued nothing is due soon
    # status counts occurrences: the 要求 (reporting) column of a county is 0/3 + 4 Fridays
    data = json.loads(run("status", "-f", weekly, "--today", "2024-09-02", "--format", "json").stdout)
    chikan = next(u for u in data["units"] if u["id"] == "chikan")
    assert chikan["themes"]["reporting"] == {"done": 0, "total": 7}
    centre = next(u for u in data["units"] if u["id"] == "quality-centre")
    assert centre["themes"]["reporting"]["total"] == 3  # not a county: no weekly duty
    # ordinary tasks have no occurrence
    assert all(i["occurrence"] is None for i in data["items"] if i["task"] != "weekly-report")


def test_recording_one_occurrence_leaves_the_others_open(run: Run, weekly: Path) -> None:
    before = weekly.read_text(encoding="utf-8")
    result = run("done", "chikan", "weekly-report", "--for", "9月13日", "--today", "2024-09-13")
    assert result.exit_code == 2  # no file given and none here: the usage error, not a traceback
    result = run("done", "chikan", "weekly-report", "--for", "9月13日", "-f", weekly, "--today", "2024-09-13")
    assert result.exit_code == 0, result.output
    assert "每周五前报送活动开展情况（2024-09-13）" in result.stdout
    after = weekly.read_text(encoding="utf-8")
    added = after.replace(before[: after.index('[units.chikan.progress."weekly-report@2024-09-13"]')], "", 1)
    assert added.startswith('[units.chikan.progress."weekly-report@2024-09-13"]\ndone = 2024-09-13\n')
    assert len(after.splitlines()) - len(before.splitlines()) == 3  # the table, its date, a blank line
    assert run("check", weekly).exit_code == 0
    states = {i["occurrence"]: i["state"] for i in _items(run, weekly, "2024-09-16")}
    assert states == {"2024-09-06": "overdue", "2024-09-13": "done", "2024-09-20": "due_soon", "2024-09-27": "open"}
    # the other units are untouched
    assert {i["state"] for i in _items(run, weekly, "2024-09-16", "xiashan")} == {"overdue", "due_soon", "open"}


def test_done_without_for_takes_the_nearest_open_occurrence(run: Run, weekly: Path) -> None:
    assert run("done", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-16").exit_code == 0
    assert '"weekly-report@2024-09-13"' in weekly.read_text(encoding="utf-8")  # Friday 13th: 3 days away
    assert run("done", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-16").exit_code == 0
    assert '"weekly-report@2024-09-20"' in weekly.read_text(encoding="utf-8")  # the next nearest open
    # undo: the recorded occurrence nearest to today, or the one named
    assert run("undo", "chikan", "weekly-report", "-f", weekly, "--for", "2024-09-13").exit_code == 0
    text = weekly.read_text(encoding="utf-8")
    assert '"weekly-report@2024-09-13"' not in text and '"weekly-report@2024-09-20"' in text
    waived = run("waive", "chikan", "weekly-report", "-f", weekly, "--for", "9/27", "--reason", "国庆前不报")
    assert waived.exit_code == 0
    states = {i["occurrence"]: i["state"] for i in _items(run, weekly, "2024-09-30")}
    assert states == {"2024-09-06": "overdue", "2024-09-13": "overdue", "2024-09-20": "done", "2024-09-27": "waived"}


def _weekly_records(path: Path, unit: str = "chikan") -> dict[str, dict]:  # type: ignore[type-arg]
    """The records of the weekly task's occurrences in the file, by record key."""
    progress = tomllib.loads(path.read_text(encoding="utf-8"))["units"][unit].get("progress", {})
    return {key: rec for key, rec in progress.items() if key.startswith("weekly-report@")}


def _record(run: Run, path: Path, *fridays: str) -> None:
    for day in fridays:
        result = run("done", "chikan", "weekly-report", "-f", path, "--for", day, "--today", "2024-09-30")
        assert result.exit_code == 0, result.output


def test_for_on_a_task_that_does_not_recur_is_refused_by_name(run: Run, weekly: Path) -> None:
    before = weekly.read_bytes()
    zh = run("done", "chikan", "receipt", "-f", weekly, "--for", "9/13", "--today", "2024-09-20")
    assert (zh.exit_code, zh.stdout) == (2, "")
    assert zh.stderr == "--for 只用于重复任务；“receipt” 不是。\n"
    en = run("done", "chikan", "receipt", "-f", weekly, "--for", "9/13", "--today", "2024-09-20", "--lang", "en")
    assert (en.exit_code, en.stdout) == (2, "")
    assert en.stderr == "--for is for recurring tasks; “receipt” does not recur.\n"
    assert weekly.read_bytes() == before


def test_for_on_a_day_that_is_not_an_occurrence_names_it_and_the_three_nearest(run: Run, weekly: Path) -> None:
    before = weekly.read_bytes()
    # 9/25 (a Wednesday): 9/27 is 2 days away, 9/20 5, 9/13 12; 9/06 (19 days) is not among the three
    zh = run("done", "chikan", "weekly-report", "-f", weekly, "--for", "9/25", "--today", "2024-09-30")
    assert (zh.exit_code, zh.stdout) == (2, "")
    assert (
        zh.stderr == "--for 2024-09-25：不是任务 “weekly-report” 的截止日之一。相近的有：2024-09-13, 2024-09-20, 2024-09-27。\n"
    )
    en = run("done", "chikan", "weekly-report", "-f", weekly, "--for", "9/14", "--today", "2024-09-20", "--lang", "en")
    assert (en.exit_code, en.stdout) == (2, "")
    assert en.stderr == (
        "--for 2024-09-14: not one of the days task “weekly-report” is due. Nearest: 2024-09-06, 2024-09-13, 2024-09-20.\n"
    )
    assert weekly.read_bytes() == before


def test_done_without_for_when_every_occurrence_is_recorded_is_refused(run: Run, weekly: Path) -> None:
    _record(run, weekly, *FRIDAYS)
    before = weekly.read_bytes()
    zh = run("done", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-30")
    assert (zh.exit_code, zh.stdout) == (2, "")
    assert zh.stderr == f"赤坎区 · {TITLE}：每一次都已有记录；要改某一次，请用 --for 日期。\n"
    en = run("done", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-30", "--lang", "en")
    assert (en.exit_code, en.stdout) == (2, "")
    assert en.stderr == f"赤坎区 · {TITLE}: every occurrence is recorded already; use --for DATE to change one.\n"
    assert weekly.read_bytes() == before


def test_undo_without_for_removes_the_recorded_occurrence_nearest_today(run: Run, weekly: Path) -> None:
    _record(run, weekly, "9/6", "9/20")
    # --today 9/09: 9/06 is the recorded one nearest (3 days; 9/20 is 11), though the open 9/13 is
    # nearer still and 9/20 is the one nearest the campaign's end
    first = run("undo", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-09")
    assert first.exit_code == 0, first.output
    assert first.stdout == f"已撤销：赤坎区 · {TITLE}（2024-09-06）（已删除：完成于 2024-09-30）\n"
    assert _weekly_records(weekly) == {"weekly-report@2024-09-20": {"done": dt.date(2024, 9, 30)}}
    # the last recorded one is taken however far it is from today
    second = run("undo", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-02", "--lang", "en")
    assert second.exit_code == 0, second.output
    assert second.stdout == f"Removed: 赤坎区 · {TITLE}（2024-09-20） (removed: done on 2024-09-30)\n"
    assert _weekly_records(weekly) == {}
    # none recorded: nothing to undo, said, and the file is left as it is
    before = weekly.read_bytes()
    third = run("undo", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-09")
    assert (third.exit_code, third.stdout) == (0, "")
    assert third.stderr == f"赤坎区 · {TITLE}：没有记录，无需撤销。\n"
    assert weekly.read_bytes() == before


def test_waive_for_a_date_waives_exactly_that_occurrence(run: Run, weekly: Path) -> None:
    result = run(
        "waive", "chikan", "weekly-report", "-f", weekly, "--for", "9/13", "--today", "2024-09-29", "--reason", "台风停工"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已记录：赤坎区 · {TITLE}（2024-09-13） · 不适用（台风停工）\n"
    assert _weekly_records(weekly) == {"weekly-report@2024-09-13": {"waived": "台风停工"}}


def test_waive_without_for_takes_the_open_occurrence_nearest_today(run: Run, weekly: Path) -> None:
    # --today 9/26: 9/27 is nearest (9/06 is the one nearest the campaign's start)
    first = run("waive", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-26", "--reason", "国庆前不报")
    assert first.exit_code == 0, first.output
    assert first.stdout == f"已记录：赤坎区 · {TITLE}（2024-09-27） · 不适用（国庆前不报）\n"
    assert _weekly_records(weekly) == {"weekly-report@2024-09-27": {"waived": "国庆前不报"}}
    # 9/27 is recorded now: the next nearest open one is 9/20
    second = run(
        "waive", "chikan", "weekly-report", "-f", weekly, "--today", "2024-09-26", "--reason", "国庆前不报", "--lang", "en"
    )
    assert second.exit_code == 0, second.output
    assert second.stdout == f"Recorded: 赤坎区 · {TITLE}（2024-09-20） · waived (国庆前不报)\n"
    assert _weekly_records(weekly) == {
        "weekly-report@2024-09-20": {"waived": "国庆前不报"},
        "weekly-report@2024-09-27": {"waived": "国庆前不报"},
    }


def test_remind_chases_only_the_due_occurrences(run: Run, weekly: Path) -> None:
    assert run("done", "chikan", "weekly-report", "--for", "9/6", "-f", weekly, "--today", "2024-09-09").exit_code == 0
    result = run("remind", "-f", weekly, "--today", "2024-09-18", "--format", "json")
    assert result.exit_code == 0, result.output
    chased = json.loads(result.stdout)["reminders"]
    chikan = sorted(r["deadline"] for r in chased if r["unit"] == "chikan" and r["task"] == "weekly-report")
    assert chikan == ["2024-09-13", "2024-09-20"]  # 9-06 recorded; 9-27 not due yet
    xiashan = sorted(r["deadline"] for r in chased if r["unit"] == "xiashan" and r["task"] == "weekly-report")
    assert xiashan == ["2024-09-06", "2024-09-13", "2024-09-20"]
    text = run("remind", "-f", weekly, "--today", "2024-09-18")
    assert text.stdout.count("每周五前报送活动开展情况") == sum(1 for r in chased if r["task"] == "weekly-report")
    assert "2024年9月27日" not in text.stdout


def test_until_bounds_the_occurrences(run: Run, weekly: Path) -> None:
    text = weekly.read_text(encoding="utf-8").replace(
        'repeat = "FREQ=WEEKLY;BYDAY=FR"  # 每周五前', 'repeat = "FREQ=WEEKLY;BYDAY=FR"\nuntil = "9月20日"'
    )
    weekly.write_text(text, encoding="utf-8")
    assert [i["occurrence"] for i in _items(run, weekly, "2024-09-02")] == FRIDAYS[:3]
    weekly.write_text(text.replace('until = "9月20日"', "").replace("BYDAY=FR", "BYDAY=FR;COUNT=2"), encoding="utf-8")
    assert [i["occurrence"] for i in _items(run, weekly, "2024-09-02")] == FRIDAYS[:2]


@pytest.mark.parametrize(
    ("line", "key", "words"),
    [
        ('repeat = "FREQ=WEEKLY;BYDAY=XX"', "tasks.weekly-report.repeat", "cannot use the repeat rule"),
        ('repeat = "FREQ=HOURLY"', "tasks.weekly-report.repeat", "FREQ=HOURLY: use DAILY, WEEKLY, MONTHLY, YEARLY"),
        ('repeat = "BYDAY=FR"', "tasks.weekly-report.repeat", "FREQ=… is missing"),
        (
            'repeat = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=1"',
            "tasks.weekly-report.repeat",
            "gives no day from 2024-09-01 to 2024-09-30",
        ),
        ('repeat = "FREQ=WEEKLY"\ndeadline = 2024-09-10', "tasks.weekly-report.deadline", "remove deadline"),
    ],
)
def test_a_bad_rule_is_a_located_check_error(run: Run, weekly: Path, line: str, key: str, words: str) -> None:
    text = weekly.read_text(encoding="utf-8").replace('repeat = "FREQ=WEEKLY;BYDAY=FR"  # 每周五前', line)
    weekly.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    expected = next(n for n, row in enumerate(lines, 1) if row.startswith(key.rsplit(".", 1)[1] + " ="))
    result = run("check", weekly, "--lang", "en")
    assert result.exit_code == 1
    assert f"campaign.toml:{expected}: {key}" in result.stderr and words in result.stderr
    assert "Traceback" not in result.output
    assert run("status", "-f", weekly).exit_code == 1  # every command refuses it


def test_records_of_occurrences_are_checked(run: Run, weekly: Path) -> None:
    base = weekly.read_text(encoding="utf-8")
    cases = {
        '[units.chikan.progress."weekly-report@2024-09-14"]\ndone = 2024-09-14\n': "2024-09-14 is not one of the days",
        "[units.chikan.progress.weekly-report]\ndone = 2024-09-14\n": "recurs; record each occurrence with its date",
        '[units.chikan.progress."receipt@2024-09-10"]\ndone = 2024-09-10\n': "does not recur; its record takes no @date",
        '[units.chikan.progress."nosuch@2024-09-10"]\ndone = 2024-09-10\n': "there is no task “nosuch”",
    }
    for record, words in cases.items():
        weekly.write_text(base + "\n" + record, encoding="utf-8")
        result = run("check", weekly, "--lang", "en")
        assert result.exit_code == 1, record
        assert words in result.stderr, result.stderr


def test_trend_counts_occurrences(run: Run, weekly: Path) -> None:
    assert run("done", "chikan", "weekly-report", "--for", "9/6", "-f", weekly, "--today", "2024-09-09").exit_code == 0
    data = json.loads(run("trend", "-f", weekly, "--today", "2024-09-10", "--format", "json").stdout)
    chikan = next(u for u in data["units"] if u["id"] == "chikan")["series"]
    assert chikan[-1]["total"] == 19 + 4 and chikan[-1]["done"] == 1
    assert next(p for p in chikan if p["day"] == "2024-09-06")["due"] == 1  # the first Friday is due


def test_rollover_moves_until_and_the_rule(run: Run, weekly: Path, tmp_path: Path) -> None:
    text = weekly.read_text(encoding="utf-8").replace("BYDAY=FR", "BYDAY=FR;UNTIL=20240920")
    text = text.replace('applies_to = ["county"]\n\n[tasks.', 'applies_to = ["county"]\nuntil = 2024-09-27\n\n[tasks.', 1)
    weekly.write_text(text, encoding="utf-8")
    assert run("check", weekly).exit_code == 0
    out = tmp_path / "next.toml"
    assert run("rollover", "2025", "-f", weekly, "-o", out).exit_code == 0
    task = tomllib.loads(out.read_text(encoding="utf-8"))["tasks"]["weekly-report"]
    assert task["repeat"] == "FREQ=WEEKLY;BYDAY=FR;UNTIL=20250920" and task["until"] == dt.date(2025, 9, 27)
    assert run("check", out).exit_code == 0
    assert [i["occurrence"] for i in _items(run, out, "2025-09-01")] == ["2025-09-05", "2025-09-12", "2025-09-19"]


def test_expand_and_keys() -> None:
    assert expand("FREQ=MONTHLY;BYMONTHDAY=5", dt.date(2024, 9, 1), dt.date(2024, 12, 31)) == tuple(
        dt.date(2024, m, 5) for m in (9, 10, 11, 12)
    )
    assert expand("RRULE:FREQ=DAILY;INTERVAL=10", dt.date(2024, 9, 1), dt.date(2024, 9, 30)) == (
        dt.date(2024, 9, 1),
        dt.date(2024, 9, 11),
        dt.date(2024, 9, 21),
    )
    with pytest.raises(RuleError):
        expand("FREQ=DAILY", dt.date(2024, 1, 1), dt.date(2026, 1, 1))  # more than 400 occurrences
    assert split_key("weekly-report@2024-09-06") == ("weekly-report", dt.date(2024, 9, 6))
    assert split_key("receipt") == ("receipt", None)
    assert split_key("a@b") == ("a@b", None)
    days = (dt.date(2024, 9, 6), dt.date(2024, 9, 13), dt.date(2024, 9, 20))
    assert nearest_open(days, {dt.date(2024, 9, 13)}, dt.date(2024, 9, 14)) == dt.date(2024, 9, 20)
    assert nearest_open(days, set(days), dt.date(2024, 9, 14)) is None


def test_ics_tasks_and_merge_know_occurrences(run: Run, weekly: Path, tmp_path: Path) -> None:
    import icalendar

    out = tmp_path / "all.ics"
    assert run("export", "ics", "-f", weekly, "-o", out, "--today", "2024-09-10").exit_code == 0
    events = [e for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT") if "每周五" in str(e["summary"])]
    assert sorted(e.decoded("dtstart").isoformat() for e in events) == FRIDAYS
    assert len({str(e["uid"]) for e in events}) == 4
    assert run("done", "chikan", "weekly-report", "--for", "9/6", "-f", weekly, "--today", "2024-09-10").exit_code == 0
    mine = tmp_path / "chikan.ics"
    assert run("export", "ics", "-f", weekly, "-o", mine, "--unit", "chikan", "--today", "2024-09-10").exit_code == 0
    days = [
        e.decoded("dtstart").isoformat()
        for e in icalendar.Calendar.from_ical(mine.read_bytes()).walk("VEVENT")
        if "每周五" in str(e["summary"])
    ]
    assert sorted(days) == FRIDAYS[1:]  # the open occurrences only
    listed = json.loads(run("tasks", "-f", weekly, "--format", "json").stdout)
    weekly_task = next(t for t in listed["tasks"] if t["id"] == "weekly-report")
    assert weekly_task["repeat"] == "FREQ=WEEKLY;BYDAY=FR" and weekly_task["occurrences"] == FRIDAYS
    # two people record two occurrences of the same unit on two branches: the merge driver keeps both
    base, ours, theirs = (tmp_path / f"{n}.toml" for n in ("base", "ours", "theirs"))
    for p in (base, ours, theirs):
        p.write_bytes(weekly.read_bytes())
    assert run("done", "xiashan", "weekly-report", "--for", "9/13", "-f", ours, "--today", "2024-09-13").exit_code == 0
    assert run("done", "xiashan", "weekly-report", "--for", "9/20", "-f", theirs, "--today", "2024-09-20").exit_code == 0
    assert run("merge-file", base, ours, theirs).exit_code == 0
    states = {i["occurrence"]: i["state"] for i in _items(run, ours, "2024-09-20", "xiashan")}
    assert states["2024-09-13"] == "done" and states["2024-09-20"] == "done"
