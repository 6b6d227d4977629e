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
