"""Next year's campaign: `qmonth rollover YEAR` through the CLI, and the date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qmonth.history.rollover import move, move_text
from tests.conftest import SHIPPED, Run


def _data(path: Path) -> dict:  # type: ignore[type-arg]
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_rollover_2025_of_the_shipped_campaign(run: Run, shipped: Path) -> None:
    result = run("rollover", "2025", "-f", shipped)
    assert result.exit_code == 0, result.output
    new = shipped.with_name("campaign-2025.toml")
    assert str(new) in result.stdout
    # check accepts it
    checked = run("check", new)
    assert checked.exit_code == 0, checked.output
    data = _data(new)
    old = _data(shipped)
    assert data["tasks"]["receipt"]["deadline"] == dt.date(2025, 9, 10)
    assert data["tasks"]["summary"]["deadline"] == dt.date(2025, 10, 9)
    assert (data["campaign"]["start"], data["campaign"]["end"]) == (dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    assert data["campaign"]["issued"] == dt.date(2025, 9, 7)
    # same themes, tasks (but the dates), kinds, units
    assert data["themes"] == old["themes"] and data["kinds"] == old["kinds"] and data["units"] == old["units"]
    assert list(data["tasks"]) == list(old["tasks"])
    assert all(data["tasks"][k]["applies_to"] == v["applies_to"] for k, v in old["tasks"].items())
    # no progress
    assert all("progress" not in u for u in data["units"].values())
    status = run("status", "-f", new, "--today", "2025-09-02", "--format", "json")
    assert {i["state"] for i in json.loads(status.stdout)["items"]} == {"open"}
    # comments kept: every comment line of the old file is still there
    text = new.read_text(encoding="utf-8")
    comments = [line for line in shipped.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in text.splitlines() for line in comments)
    # the 10月9日 deadline flagged: on stderr with its line, and in a comment beside it
    lines = text.splitlines()
    line_no = next(n for n, line in enumerate(lines, 1) if line.startswith("deadline = 2025-10-09"))
    assert "注意：2025-10-09 是 2025-10-01–2025-10-08 连休 8 天后的第 1 个工作日" in lines[line_no - 1]
    assert f"campaign-2025.toml:{line_no}：tasks.summary.deadline：注意：2025-10-09" in result.stderr
    assert "2025-09-10" not in result.stderr  # a Wednesday three working days into a normal week
    # title, basis, theme and issue date marked for the user
    for key in ("title = ", "theme = ", "issued = "):
        assert "待更新" in next(line for line in lines if line.startswith(key))
    assert data["campaign"]["title"].startswith("2025年")
    assert any(line.startswith("]") and "待更新：请换成 2025 年的依据文件" in line for line in lines)


def test_rollover_of_the_demo_clears_records_and_liaisons(run: Run, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "next.toml"
    result = run("rollover", "2025", "-f", demo, "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "NOTE: 2025-10-09 is working day 1 after a 8-day holiday (2025-10-01–2025-10-08)" in result.stderr
    data = _data(out)
    assert all("progress" not in u and "liaison" not in u for u in data["units"].values())
    assert run("check", out).exit_code == 0
    kept = tmp_path / "kept.toml"
    assert run("rollover", "2025", "-f", demo, "-o", kept, "--keep-liaisons").exit_code == 0
    liaisons = {uid: u.get("liaison") for uid, u in _data(kept)["units"].items()}
    assert liaisons == {uid: u.get("liaison") for uid, u in _data(demo)["units"].items()}
    assert liaisons["chikan"]["name"]
    assert all("progress" not in u for u in _data(kept)["units"].values())
    # the demo's comments between units survive the removal of the records
    text = out.read_text(encoding="utf-8")
    for line in demo.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            assert line in text


def test_rollover_never_overwrites(run: Run, shipped: Path) -> None:
    target = shipped.with_name("campaign-2025.toml")
    target.write_text("mine\n", encoding="utf-8")
    result = run("rollover", "2025", "-f", shipped, "--lang", "en")
    assert result.exit_code == 3 and "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    other = shipped.with_name("other.toml")  # a file named with -o is not overwritten either
    other.write_text("theirs\n", encoding="utf-8")
    named = run("rollover", "2025", "-f", shipped, "-o", other, "--lang", "en")
    assert named.exit_code == 3 and "already exists" in named.stderr
    assert other.read_text(encoding="utf-8") == "theirs\n"
    same = run("rollover", "2025", "-f", shipped, "-o", shipped, "--lang", "en")
    assert same.exit_code == 3
    assert shipped.read_bytes() == SHIPPED.read_bytes()
    assert run("rollover", "2024", "-f", shipped).exit_code == 2
    assert run("rollover", "3000", "-f", shipped).exit_code == 2


def test_rollover_to_stdout(run: Run, shipped: Path) -> None:
    result = run("rollover", "2026", "-f", shipped, "-o", "-")
    assert result.exit_code == 0
    assert tomllib.loads(result.stdout)["tasks"]["receipt"]["deadline"] == dt.date(2026, 9, 10)
    assert not shipped.with_name("campaign-2026.toml").exists()


LEAP = """[campaign]
title = "2024年春节前质量检查"
start = 2024-02-01
end = 2024-02-29
remind_until = "2024年3月31日"

[calendar]
holidays = [2024-02-26]  # a local rest day of 2024
workdays = []

[kinds]
county = "县区"

[themes.a]
title = "检查"

[tasks.leap]
theme = "a"
title = "闰日报送"
deadline = 2024-02-29  # the leap day

[tasks.text]
theme = "a"
title = "文字日期"
deadline = "2月29日"
applies_to = ["county"]

[units.u1]
name = "单位一"
kind = "county"

[units.u1.progress.leap]
done = 2024-02-28
"""


def test_rollover_of_a_leap_day(run: Run, tmp_path: Path) -> None:
    src = tmp_path / "campaign.toml"
    src.write_text(LEAP.replace('title = "闰日报送"\n', 'title = "闰日报送"\napplies_to = ["county"]\n'), encoding="utf-8")
    assert run("check", src).exit_code == 0
    assert run("rollover", "2028", "-f", src).exit_code == 0
    d28 = _data(tmp_path / "campaign-2028.toml")
    assert d28["tasks"]["leap"]["deadline"] == dt.date(2028, 2, 29)
    assert d28["tasks"]["text"]["deadline"] == "2月29日"
    assert d28["campaign"]["end"] == dt.date(2028, 2, 29)
    result = run("rollover", "2025", "-f", src)
    assert result.exit_code == 0, result.output
    new = tmp_path / "campaign-2025.toml"
    d25 = _data(new)
    assert d25["tasks"]["leap"]["deadline"] == dt.date(2025, 2, 28)
    assert d25["tasks"]["text"]["deadline"] == "2月28日"
    assert d25["campaign"]["end"] == dt.date(2025, 2, 28)
    assert d25["campaign"]["remind_until"] == "2025年3月31日"
    assert d25["calendar"]["holidays"] == []  # 2024's own rest day is not 2025's
    assert "deadline = 2025-02-28  #" in new.read_text(encoding="utf-8")
    assert "# the leap day" in new.read_text(encoding="utf-8")
    assert run("check", new).exit_code == 0


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2050, 12, 31)), st.integers(-40, 40))
def test_move_keeps_month_and_day_except_the_leap_day(day: dt.date, years: int) -> None:
    moved = move(day, years)
    assert moved.year == day.year + years and moved.month == day.month
    if (day.month, day.day) == (2, 29) and not calendar.isleap(moved.year):
        assert moved.day == 28
    else:
        assert moved.day == day.day


def test_move_text_keeps_the_form() -> None:
    old, new = dt.date(2024, 9, 10), dt.date(2025, 9, 10)
    assert move_text("2024年9月10日", old, new) == "2025年9月10日"
    assert move_text("2024/09/10", old, new) == "2025/09/10"
    assert move_text("9/10", old, new) == "9/10"
    assert move_text("2月29日", dt.date(2024, 2, 29), dt.date(2025, 2, 28)) == "2月28日"


def test_rollover_clears_returned_forms_and_keeps_their_declaration(run: Run, shipped: Path, tmp_path: Path) -> None:
    form = (
        "\n[forms.activities]\n"
        'title = "本单位“质量月”活动安排反馈表"\ntask = "work-plan"\nrows = true\n'
        'fields = [{ id = "name", label = "活动名称", kind = "text", max = 50, required = true }]\n'
    )
    shipped.write_text(shipped.read_text(encoding="utf-8") + form, encoding="utf-8")
    assert (
        run(
            "receipt", "赤坎", "--form", "activities", "--row", "活动名称=质量宣传周", "-f", shipped, "--today", "2024-09-12"
        ).exit_code
        == 0
    )
    assert "[units.chikan.forms.activities]" in shipped.read_text(encoding="utf-8")
    out = tmp_path / "next.toml"
    result = run("rollover", "2025", "-f", shipped, "-o", out)
    assert result.exit_code == 0, result.output
    data = _data(out)
    assert "forms" not in data["units"]["chikan"] and "progress" not in data["units"]["chikan"]
    assert data["forms"]["activities"]["task"] == "work-plan"
    assert run("check", out).exit_code == 0


def test_rollover_keeps_a_deadlines_time_of_day(run: Run, shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8")
    assert text.count("deadline = 2024-09-10\n") == 1 and text.count("deadline = 2024-10-09\n") == 1
    text = text.replace("deadline = 2024-09-10\n", "deadline = 2024-09-10T17:00:00  # 17:00 前\n")
    text = text.replace("deadline = 2024-10-09\n", "deadline = 2024-10-09\ndue_time = 12:00:00\n")
    shipped.write_text(text, encoding="utf-8")
    assert run("check", "-f", shipped).exit_code == 0
    result = run("rollover", "2025", "-f", shipped)
    assert result.exit_code == 0, result.output
    new = shipped.with_name("campaign-2025.toml")
    data = _data(new)
    assert data["tasks"]["receipt"]["deadline"] == dt.datetime(2025, 9, 10, 17, 0)
    assert data["tasks"]["summary"]["deadline"] == dt.date(2025, 10, 9)
    assert data["tasks"]["summary"]["due_time"] == dt.time(12, 0)
    assert "deadline = 2025-09-10T17:00:00  # 17:00 前" in new.read_text(encoding="utf-8")
    assert run("check", "-f", new).exit_code == 0
