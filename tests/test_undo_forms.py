"""`undo` is consistent (issue 20): undoing the receipt removes the liaison it recorded, undoing a
form's task removes what the form recorded, and the screen never shows a liaison (or a form's rows)
for a task that is not done."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import Run, mutate
from tests.test_forms import LETTER


def unit(path: Path, uid: str) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"][uid]


def test_undoing_the_receipt_removes_the_liaison_it_recorded(run: Run, shipped: Path) -> None:
    args = ("-f", shipped, "--today", "2024-09-05")
    recorded = run("receipt", "赤坎", "--name", "林晓燕", "--mobile", "13802715638", *args)
    assert recorded.exit_code == 0, recorded.output
    shown = run("status", "-u", "赤坎", *args).stdout
    assert "林晓燕" in shown and "13802715638" in shown
    undone = run("undo", "赤坎", "receipt", *args)
    assert undone.exit_code == 0, undone.output
    assert "（已删除：完成于 2024-09-05、联络员 林晓燕）" in undone.stdout
    assert "liaison" not in unit(shipped, "chikan") and "receipt" not in unit(shipped, "chikan").get("progress", {})
    after = run("status", "-u", "赤坎", *args).stdout
    assert "林晓燕" not in after and "13802715638" not in after
    en = run("receipt", "赤坎", "--name", "林晓燕", "--phone", "0759-3216047", *args)
    assert en.exit_code == 0
    assert "(removed: done on 2024-09-05, the liaison 林晓燕)" in run("undo", "赤坎", "receipt", *args, "--lang", "en").stdout
    assert run("check", shipped).exit_code == 0


def test_a_liaison_kept_without_a_receipt_is_not_shown_as_returned(run: Run, shipped: Path) -> None:
    # as rollover --keep-liaisons leaves it, or written by hand: a liaison, no receipt this year
    mutate(shipped, "\n[units.potou]\n", '\n[units.potou.liaison]\nname = "吴海鸥"\nmobile = "13922760481"\n\n[units.potou]\n')
    shown = run("status", "-u", "坡头", "-f", shipped, "--today", "2024-09-05")
    assert shown.exit_code == 0, shown.output
    forms = shown.stdout[shown.stdout.index("回执与反馈表") :]
    assert "（未报送）" in forms.splitlines()[1] and "吴海鸥" not in forms


def test_undoing_a_form_s_task_removes_its_rows_and_says_so(run: Run, tmp_path: Path) -> None:
    letter = tmp_path / "campaign.toml"
    letter.write_text(LETTER, encoding="utf-8")
    args = ("-f", letter, "--today", "2025-08-30")
    added = run("receipt", "u1", "--form", "activities", "--row", "活动名称=质量宣传周", "--row", "活动名称=质量大讲堂", *args)
    assert added.exit_code == 0, added.output
    assert [row["name"] for row in unit(letter, "u1")["forms"]["activities"]] == ["质量宣传周", "质量大讲堂"]
    undone = run("undo", "u1", "activity-plan", *args)
    assert undone.exit_code == 0, undone.output
    assert "本单位“质量月”活动安排反馈表的填报内容" in undone.stdout
    assert "forms" not in unit(letter, "u1") or "activities" not in unit(letter, "u1")["forms"]
    shown = run("status", "-u", "u1", *args).stdout
    assert "质量宣传周" not in shown
    assert run("check", letter).exit_code == 0
