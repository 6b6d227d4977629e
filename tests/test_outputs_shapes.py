"""The office outputs with the shapes real notices take: a recurring task (one column, event and
line per occurrence), an optional task (可组织: counted only when done, never owed, no alarm), and
English titles with --lang en. Campaigns are real files in tmp_path, driven through the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import openpyxl

from tests.conftest import Run

CAMPAIGN = """
[campaign]
title = "测试活动"
start = 2024-09-01
end = 2024-09-30
issued = 2024-09-02

[kinds]
county = "县区"

[themes.a]
number = "（一）"
title = "宣传"
title_en = "Publicity"

[tasks.weekly]
theme = "a"
title = "每周报送进展"
title_en = "Weekly progress"
repeat = "FREQ=WEEKLY;BYDAY=FR"
applies_to = ["county"]

[tasks.extra]
theme = "a"
title = "举办观摩活动"
deadline = 2024-09-20
optional = true
applies_to = ["county"]

[units.u1]
name = "一区"
kind = "county"

[units.u1.progress."weekly@2024-09-06"]
done = 2024-09-06

[units.u2]
name = "二区"
kind = "county"
"""


def _campaign(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    return path


def test_workbook_has_a_column_per_occurrence_and_counts_like_status(tmp_path: Path, run: Run) -> None:
    import json

    path = _campaign(tmp_path)
    assert run("check", "-f", path).exit_code == 0, run("check", "-f", path).output
    out = tmp_path / "x.xlsx"
    result = run("export", "xlsx", "-f", path, "--today", "2024-09-16", "-o", out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["进度总表"]
    header = [c.value for c in ws[4]]  # under the title rows (制表单位, 制表日期)
    fridays = ["9月6日", "9月13日", "9月20日", "9月27日"]
    assert header[1:5] == [f"每周报送进展（{d}）" for d in fridays]
    assert header[5] == "举办观摩活动（可选）"
    u1 = [c.value for c in ws[5]]
    assert u1[1] == dt.datetime(2024, 9, 6) and u1[2] is None  # 9/13 not done: overdue, empty
    assert ws.cell(5, 3).fill.fgColor.rgb.endswith("FFC7CE")
    status = json.loads(run("status", "-f", path, "--today", "2024-09-16", "--format", "json").stdout)
    by_id = {u["id"]: u for u in status["units"]}
    assert (u1[-4], u1[-3]) == (by_id["u1"]["done"], by_id["u1"]["total"]) == (1, 4)  # the optional task not counted
    overdue = list(openpyxl.load_workbook(out)["逾期清单"].iter_rows(min_row=4, values_only=True))
    assert len(overdue) == sum(i["state"] == "overdue" for i in status["items"]) == 3  # u1 9/13, u2 9/6 and 9/13


def test_calendar_has_an_event_per_occurrence_and_no_alarm_for_optional(tmp_path: Path, run: Run) -> None:
    path = _campaign(tmp_path)
    out = tmp_path / "x.ics"
    assert run("export", "ics", "-f", path, "--today", "2024-09-16", "-o", out).exit_code == 0
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    uids = [str(e["UID"]).split(".")[0] for e in events]
    assert uids == ["weekly~20240906", "weekly~20240913", "weekly~20240920", "weekly~20240927", "extra"]
    assert [e.decoded("DTSTART") for e in events[:4]] == [dt.date(2024, 9, d) for d in (6, 13, 20, 27)]
    assert all(len(e.walk("VALARM")) == 1 for e in events[:4])
    assert events[4].walk("VALARM") == []  # optional: never chased
    # a unit's own: u1 has done the 9/6 report
    mine = tmp_path / "u1.ics"
    assert run("export", "ics", "-f", path, "--today", "2024-09-16", "--unit", "u1", "-o", mine).exit_code == 0
    got = [str(e["UID"]).split(".")[0] for e in icalendar.Calendar.from_ical(mine.read_bytes()).walk("VEVENT")]
    assert "weekly~20240906" not in got and "weekly~20240913" in got


def test_report_in_english_uses_english_titles_and_leaves_optional_tasks_out_of_what_is_owed(tmp_path: Path, run: Run) -> None:
    path = _campaign(tmp_path)
    out = tmp_path / "r.md"
    assert run("report", "-f", path, "--today", "2024-09-16", "--lang", "en", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    # in working days (issue 21): the make-up Saturday 09-14 is the one working day since the deadline
    assert "Weekly progress (due 2024-09-13, 1 working day(s) overdue)" in text
    assert "（一）Publicity" in text
    assert "举办观摩活动" not in text  # optional and not done: not owed
    assert "8 items to do, 1 done (12%)" in text  # 2 units × 4 Fridays; the optional task not counted
