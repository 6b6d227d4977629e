"""history/rollover.py's small pieces in-process: the rest-day note and its weekday, a repeat
rule's UNTIL that is not a date, comments kept beside a rewritten value, the project file naming
the new campaign, and the new file created, never replaced (tests/test_rollover.py drives the
whole through the CLI)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomlkit

from qmonth.core.errors import FileError
from qmonth.history import rollover as ro
from tests.conftest import Run

SATURDAY = dt.date(2025, 9, 13)


def test_a_deadline_on_a_rest_day_is_noted_with_its_weekday() -> None:
    flag = ro.Flag("tasks.receipt.deadline", SATURDAY, rest_day=True)
    assert flag.message("zh") == "注意：2025-09-13 是休息日（星期六）"
    assert flag.message("en") == "NOTE: 2025-09-13 is a rest day (Saturday)"


def test_weekdays_in_both_languages() -> None:
    monday = dt.date(2025, 9, 8)
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    assert [ro._weekday(d, "zh") for d in week] == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    assert [ro._weekday(d, "en") for d in week] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]


def test_an_until_that_is_not_a_date_is_left_for_check() -> None:
    rule = "FREQ=WEEKLY;BYDAY=FR;UNTIL=20240231"
    assert ro._UNTIL.sub(lambda m: ro._move_until(m, 1), rule) == rule
    later = ro._UNTIL.sub(lambda m: ro._move_until(m, 1), "FREQ=WEEKLY;until=20240930T090000")
    assert later == "FREQ=WEEKLY;until=20250930T090000"


def test_a_rewritten_value_keeps_its_comment() -> None:
    old = tomlkit.parse('repeat = "FREQ=WEEKLY"   # every Friday\n')["repeat"]
    new = ro._keep_trivia(tomlkit.item("FREQ=DAILY"), old)
    doc = tomlkit.document()
    doc["repeat"] = new
    assert tomlkit.dumps(doc) == 'repeat = "FREQ=DAILY"   # every Friday\n'


def test_the_project_file_names_the_new_campaign() -> None:
    assert ro.project_text(None, "campaign-2025.toml") == (
        "# The campaign file qmonth's commands read when no --file is given (written by qmonth rollover).\n"
        'campaign = "campaign-2025.toml"\n'
    )
    odd = ro.project_text(None, 'a\\b "c".toml').splitlines()[1]
    assert odd == 'campaign = "a\\\\b \\"c\\".toml"'
    assert tomlkit.parse(odd)["campaign"] == 'a\\b "c".toml'
    # an existing file: its campaign line replaced (the first, if there were two), its comments kept
    old = '# ours\n  campaign = "campaign.toml"  # was\n[other]\ncampaign = "kept"\n'
    assert ro.project_text(old, "campaign-2025.toml") == '# ours\ncampaign = "campaign-2025.toml"\n[other]\ncampaign = "kept"\n'
    assert ro.project_text("# nothing here\n", "c.toml") == ro.project_text(None, "c.toml")


def test_create_writes_a_new_file_and_never_replaces_one(tmp_path: Path) -> None:
    path = tmp_path / "campaign-2025.toml"
    ro.create(path, "# 2025年\n")
    assert path.read_bytes() == "# 2025年\n".encode()
    with pytest.raises(FileError) as info:
        ro.create(path, "other\n")
    assert info.value.code == "rollover_exists" and info.value.params["path"] == path
    assert path.read_bytes() == "# 2025年\n".encode()


def test_deadline_flags_after_three_rest_days_not_after_a_weekend() -> None:
    from qmonth.core.calendar import WorkCalendar

    plain = WorkCalendar()
    assert ro.deadline_flag("k", dt.date(2099, 3, 9), plain) is None  # Monday after a plain weekend
    assert ro.deadline_flag("k", dt.date(2099, 3, 7), plain) == ro.Flag("k", dt.date(2099, 3, 7), rest_day=True)
    friday_off = WorkCalendar(holidays=[dt.date(2099, 3, 13)])  # Fri 13 to Sun 15: three rest days
    run = (dt.date(2099, 3, 13), dt.date(2099, 3, 15))
    assert ro.deadline_flag("k", dt.date(2099, 3, 16), friday_off) == ro.Flag(
        "k", dt.date(2099, 3, 16), rest_day=False, holiday=run, nth=1
    )
    assert ro.deadline_flag("k", dt.date(2099, 3, 17), friday_off) == ro.Flag(
        "k", dt.date(2099, 3, 17), rest_day=False, holiday=run, nth=2
    )
    assert ro.deadline_flag("k", dt.date(2099, 3, 18), friday_off) is None  # the third working day after


@pytest.mark.parametrize(
    ("line", "after"),
    [
        ("a = 1\n", "a = 1  # 注意\n"),
        ("a = 1 # was\n", "a = 1 # 注意 · was\n"),
        ("a = 1    #Xi'an 1#\n", "a = 1    # 注意 · Xi'an 1#\n"),
    ],
)
def test_a_note_goes_before_the_comment_already_there(line: str, after: str) -> None:
    doc = tomlkit.parse(line)
    ro._comment(doc["a"], "注意")
    assert tomlkit.dumps(doc) == after


FORM = (
    "\n[forms.activities]\n"
    'title = "本单位“质量月”活动安排反馈表"\ntask = "work-plan"\nrows = true\n'
    'fields = [{ id = "name", label = "活动名称", kind = "text", max = 50, required = true }]\n'
)
CHIKAN = 'short = "赤坎区"\nkind = "county"\n'


@pytest.mark.parametrize("keep", [False, True])
def test_records_written_with_dotted_keys_or_inline_are_cleared_too(run: Run, shipped: Path, keep: bool) -> None:
    dotted = (
        'forms.activities = [{ name = "质量宣传周" }]\n'
        "progress.work-plan.done = 2024-09-12\n"
        "progress.receipt = { done = 2024-09-09 }\n"
        'liaison = { name = "林晓燕", mobile = "13802715638" }\n'
    )
    shipped.write_text(shipped.read_text(encoding="utf-8").replace(CHIKAN, CHIKAN + dotted, 1) + FORM, encoding="utf-8")
    assert run("check", shipped).exit_code == 0
    result = run("rollover", "2025", "-f", shipped, "-o", "-", *(["--keep-liaisons"] if keep else []))
    assert result.exit_code == 0, result.output
    chikan = tomlkit.parse(result.stdout)["units"]["chikan"]
    assert "progress" not in chikan and "forms" not in chikan
    assert ("liaison" in chikan) is keep


def test_records_in_tables_leave_no_trace(run: Run, shipped: Path) -> None:
    """The rolled file of a campaign with records is the rolled file of the same campaign without."""
    shipped.write_text(shipped.read_text(encoding="utf-8") + FORM, encoding="utf-8")
    clean = run("rollover", "2025", "-f", shipped, "-o", "-")
    assert clean.exit_code == 0, clean.output
    args = ("-f", shipped, "--today", "2024-09-12")
    assert run("receipt", "赤坎", "--form", "activities", "--row", "活动名称=质量宣传周", *args).exit_code == 0
    assert run("receipt", "赤坎", "--form", "activities", "--row", "活动名称=质量大讲堂", *args).exit_code == 0
    assert run("done", "霞山", "receipt", "--on", "2024-09-09", *args).exit_code == 0
    text = shipped.read_text(encoding="utf-8")
    assert "[[units.chikan.forms.activities]]" in text and "[units.xiashan.progress.receipt]" in text
    rolled = run("rollover", "2025", "-f", shipped, "-o", "-")
    assert rolled.exit_code == 0, rolled.output
    assert rolled.stdout == clean.stdout


def test_last_years_own_calendar_days_go_and_the_new_years_stay(run: Run, shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8")
    assert "holidays = []\nworkdays = []" in text
    days = "holidays = [2024-09-16, 2025-01-28]\nworkdays = [2024-09-14, 2025-01-26]"
    shipped.write_text(text.replace("holidays = []\nworkdays = []", days, 1), encoding="utf-8")
    result = run("rollover", "2025", "-f", shipped, "-o", "-")
    assert result.exit_code == 0, result.output
    cal = tomlkit.parse(result.stdout)["calendar"]
    assert (cal["holidays"], cal["workdays"]) == ([dt.date(2025, 1, 28)], [dt.date(2025, 1, 26)])
    for key in ("holidays", "workdays"):  # each says why it changed
        line = next(x for x in result.stdout.splitlines() if x.startswith(key + " = "))
        assert "2024" in line.split("#", 1)[1], line
