"""Multi-row forms stored one table per row (issue 20): `[[units.ID.forms.FORM]]` for each row, rows
added after those written (which stay byte for byte), files of the older shape (one array per field)
still read and rewritten in the new shape on the next write of that form, undo and rollover taking
the rows away, and two people adding rows merged row by row."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_forms import LETTER

HEADER = "[[units.u1.forms.activities]]"
OLD_SHAPE = """
[units.u1.progress.activity-plan]
done = 2025-08-30

[units.u1.forms.activities]
name = ["质量宣传周", "质量大讲堂"]
summary = ["在工地悬挂标语", ""]
date = [2025-09-05, ""]
"""
ARGS = ("--today", "2025-09-01")


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(LETTER, encoding="utf-8")
    return path


def rows(path: Path, uid: str = "u1") -> list[dict[str, object]]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"][uid].get("forms", {}).get("activities", [])


def old_file(letter: Path) -> Path:
    text = letter.read_text(encoding="utf-8") + OLD_SHAPE.replace("u1", "u2")
    text = text.replace('short = "一区"\nkind = "county"\n', 'short = "一区"\nkind = "county"\n' + OLD_SHAPE)
    letter.write_text(text, encoding="utf-8")
    return letter


def test_receipt_row_twice_writes_one_table_per_row_and_the_first_stays_byte_for_byte(run: Run, letter: Path) -> None:
    first = run("receipt", "一区", "--form", "activities", "--row", "活动名称=质量宣传周|活动时间=9月5日", "-f", letter, *ARGS)
    assert first.exit_code == 0, first.output
    once = letter.read_text(encoding="utf-8")
    block = f'{HEADER}\nname = "质量宣传周"\ndate = 2025-09-05\n'
    assert block in once and once.count(HEADER) == 1
    assert "summary =" not in once  # an empty field is left out of its row, not written as ""
    second = run("receipt", "一区", "--form", "activities", "--row", "活动名称=质量大讲堂|内容简介=讲座", "-f", letter, *ARGS)
    assert second.exit_code == 0, second.output
    twice = letter.read_text(encoding="utf-8")
    assert twice.count(HEADER) == 2
    assert twice.startswith(once[: once.index(block) + len(block)])  # the first row is not rewritten
    assert f'{block}\n{HEADER}\nname = "质量大讲堂"\nsummary = "讲座"\n' in twice
    assert rows(letter) == [
        {"name": "质量宣传周", "date": __import__("datetime").date(2025, 9, 5)},
        {"name": "质量大讲堂", "summary": "讲座"},
    ]
    assert run("check", "-f", letter).exit_code == 0
    shown = run("status", "-f", letter, "--unit", "一区", *ARGS).stdout
    assert "1. 活动名称：质量宣传周；活动时间：2025-09-05" in shown and "2. 活动名称：质量大讲堂；内容简介：讲座" in shown


def test_a_file_of_the_older_shape_still_loads_and_the_next_write_converts_that_form(run: Run, letter: Path) -> None:
    old_file(letter)
    assert run("check", "-f", letter).exit_code == 0
    shown = run("status", "-f", letter, "--unit", "一区", *ARGS).stdout
    assert "1. 活动名称：质量宣传周；内容简介：在工地悬挂标语；活动时间：2025-09-05" in shown
    assert "2. 活动名称：质量大讲堂" in shown
    added = run("receipt", "一区", "--form", "activities", "--row", "活动名称=观摩", "-f", letter, *ARGS)
    assert added.exit_code == 0, added.output
    assert added.stdout.splitlines()[0] == "已记录：一区 · 本单位“质量月”活动安排反馈表（新增 1 行，共 3 行）"
    text = letter.read_text(encoding="utf-8")
    assert "[units.u1.forms.activities]\n" not in text and text.count(HEADER) == 3
    assert [r["name"] for r in rows(letter)] == ["质量宣传周", "质量大讲堂", "观摩"]
    assert rows(letter)[0]["summary"] == "在工地悬挂标语" and "summary" not in rows(letter)[1]
    # the other unit's form, not written, keeps its older shape
    assert "[units.u2.forms.activities]\n" in text
    assert run("check", "-f", letter).exit_code == 0


def test_undo_removes_every_row_and_rollover_leaves_none(run: Run, letter: Path, tmp_path: Path) -> None:
    for name in ("质量宣传周", "质量大讲堂"):
        assert run("receipt", "一区", "--form", "activities", "--row", f"活动名称={name}", "-f", letter, *ARGS).exit_code == 0
    rolled = run("rollover", "2026", "-f", letter, "-o", tmp_path / "next.toml")
    assert rolled.exit_code == 0, rolled.output
    assert "units.u1.forms" not in (tmp_path / "next.toml").read_text(encoding="utf-8")
    undone = run("undo", "一区", "activity-plan", "-f", letter, *ARGS)
    assert undone.exit_code == 0, undone.output
    assert "本单位“质量月”活动安排反馈表的填报内容" in undone.stdout
    assert HEADER not in letter.read_text(encoding="utf-8") and rows(letter) == []
    assert run("check", "-f", letter).exit_code == 0


def test_check_names_a_bad_value_in_a_row_written_by_hand(run: Run, letter: Path) -> None:
    text = letter.read_text(encoding="utf-8") + f'\n{HEADER}\nname = "{"长" * 51}"\n\n{HEADER}\nnmae = "错字"\n'
    letter.write_text(text, encoding="utf-8")
    result = run("check", "-f", letter)
    assert result.exit_code != 0
    assert "活动名称" in result.stderr and "nmae" in result.stderr


def _versions(tmp_path: Path, run: Run, letter: Path, ours: list[str], theirs: list[str]) -> dict[str, Path]:
    paths = {"base": tmp_path / "base.toml"}
    paths["base"].write_text(letter.read_text(encoding="utf-8"), encoding="utf-8")
    for side, names in (("ours", ours), ("theirs", theirs)):
        paths[side] = tmp_path / f"{side}.toml"
        paths[side].write_text(paths["base"].read_text(encoding="utf-8"), encoding="utf-8")
        for name in names:
            done = run("receipt", "一区", "--form", "activities", "--row", f"活动名称={name}", "-f", paths[side], *ARGS)
            assert done.exit_code == 0, done.output
    return paths


def test_two_people_adding_rows_merge_row_by_row(run: Run, letter: Path, tmp_path: Path) -> None:
    assert run("receipt", "一区", "--form", "activities", "--row", "活动名称=启动会", "-f", letter, *ARGS).exit_code == 0
    paths = _versions(tmp_path, run, letter, ["质量宣传周"], ["质量大讲堂", "观摩"])
    merged = run("merge-file", paths["base"], paths["ours"], paths["theirs"])
    assert merged.exit_code == 0, merged.output
    assert "<<<<<<<" not in paths["ours"].read_text(encoding="utf-8")
    assert [r["name"] for r in rows(paths["ours"])] == ["启动会", "质量宣传周", "质量大讲堂", "观摩"]
    assert run("check", "-f", paths["ours"]).exit_code == 0


def test_rows_converted_from_the_older_shape_on_both_sides_merge_row_by_row(run: Run, letter: Path, tmp_path: Path) -> None:
    """Each side's first write converts the parallel arrays: the rows both wrote are the same
    tables (taken once), the old table removed on both; one side converting alone is no conflict."""
    old_file(letter)
    paths = _versions(tmp_path, run, letter, ["甲"], ["乙"])
    merged = run("merge-file", paths["base"], paths["ours"], paths["theirs"])
    assert merged.exit_code == 0, merged.output
    assert [r["name"] for r in rows(paths["ours"])] == ["质量宣传周", "质量大讲堂", "甲", "乙"]
    assert run("check", "-f", paths["ours"]).exit_code == 0
    # one side converts, the other records something else of the same unit
    paths = _versions(tmp_path, run, letter, ["甲"], [])
    assert run("done", "一区", "contact", "-f", paths["theirs"], *ARGS).exit_code == 0
    merged = run("merge-file", paths["base"], paths["ours"], paths["theirs"])
    assert merged.exit_code == 0, merged.output
    text = paths["ours"].read_text(encoding="utf-8")
    assert "[units.u1.progress.contact]" in text and "[units.u1.forms.activities]\n" not in text
    assert [r["name"] for r in rows(paths["ours"])] == ["质量宣传周", "质量大讲堂", "甲"]
    assert run("check", "-f", paths["ours"]).exit_code == 0
