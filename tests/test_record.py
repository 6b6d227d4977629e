"""What each write command records and says, through the CLI (qmonth/edit/record.py).

Every message a write command prints is checked word for word, with its unit, task, date or path:
the coordinator reads these lines to know what was written.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, mutate

VISIT = "举办本辖区项目质量样板观摩、经验交流活动"  # tasks.site-visit-local
RECEIPT = "报送联络员回执"
SUMMARY = "报送“质量月”活动总结材料及视频、照片等佐证材料"


def progress(path: Path, unit: str) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"][unit].get("progress", {})


def test_titles_used_here_are_the_shipped_ones(shipped: Path) -> None:
    tasks = tomllib.loads(shipped.read_text(encoding="utf-8"))["tasks"]
    assert (tasks["site-visit-local"]["title"], tasks["receipt"]["title"]) == (VISIT, RECEIPT)


def test_waive_says_what_it_recorded_and_replaces_a_done_date(run: Run, shipped: Path) -> None:
    assert run("done", "徐闻", "site-visit-local", "--on", "2024-09-12", "-f", shipped).exit_code == 0
    result = run("waive", "徐闻", "site-visit-local", "--reason", "本辖区无在建项目", "-f", shipped)
    assert result.exit_code == 0, result.output
    # F5: replacing a done date is said (this line used to hide it)
    assert result.stdout == f"已记录：徐闻县 · {VISIT} · 不适用（本辖区无在建项目）（原记录完成于 2024-09-12，已改为不适用）\n"
    assert progress(shipped, "xuwen") == {"site-visit-local": {"waived": "本辖区无在建项目"}}  # the done date is gone


def test_undo_says_what_it_removed_and_what_was_not_there(run: Run, shipped: Path) -> None:
    run("waive", "徐闻", "site-visit-local", "--reason", "无", "-f", shipped)
    result = run("undo", "徐闻", "site-visit-local", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已撤销：徐闻县 · {VISIT}（已删除：免做：无）\n"  # F24: says what went
    again = run("undo", "徐闻", "site-visit-local", "--lang", "en", "-f", shipped)
    assert again.exit_code == 0, again.output
    assert again.stdout == ""
    assert f"徐闻县 · {VISIT}: nothing recorded, nothing to undo." in again.stderr
    assert not progress(shipped, "xuwen")


def test_done_records_every_task_named(run: Run, shipped: Path) -> None:
    result = run("done", "chikan", "summary", "work-plan", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert set(progress(shipped, "chikan")) == {"summary", "work-plan"}
    assert result.stdout.count("已记录：赤坎区 · ") == 2


def test_recording_again_reports_the_date_that_stays(run: Run, shipped: Path) -> None:
    run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    result = run("done", "chikan", "summary", "-e", "https://example.com/r", "--today", "2024-09-20", "-f", shipped)
    assert result.stdout == f"已记录：赤坎区 · {SUMMARY} · 完成于 2024-09-09\n"
    assert progress(shipped, "chikan")["summary"] == {"done": dt.date(2024, 9, 9), "evidence": ["https://example.com/r"]}


def test_done_today_is_not_in_the_future(run: Run, shipped: Path) -> None:
    assert run("done", "chikan", "summary", "--on", "2024-09-20", "--today", "2024-09-20", "-f", shipped).exit_code == 0
    late = run("done", "xiashan", "summary", "--on", "2024-09-21", "--today", "2024-09-20", "-f", shipped)
    assert late.exit_code == 2
    assert "--on 2024-09-21 在今天（2024-09-20）之后：只能记录已经完成的事项。" in late.stderr


def test_a_link_then_a_file_are_both_recorded(run: Run, shipped: Path) -> None:
    args = ("done", "chikan", "summary", "--on", "2024-09-09", "-e", "https://example.com/a", "-e", "evidence/b.pdf")
    result = run(*args, "-f", shipped)
    assert result.exit_code == 0, result.output
    assert progress(shipped, "chikan")["summary"]["evidence"] == ["https://example.com/a", "evidence/b.pdf"]


def test_task_errors_name_the_task_the_unit_and_who_it_applies_to(run: Run, shipped: Path) -> None:
    one = run("done", "chikan", "contest-cement", "-f", shipped)
    assert one.exit_code == 2
    assert "任务 “contest-cement” 不适用于 赤坎区（适用于：association, enterprise）。" in one.stderr
    several = run("done", "chikan", "contest-*", "-f", shipped)
    assert several.exit_code == 2
    assert "“contest-*” 没有选中适用于 赤坎区 的任务。" in several.stderr


def test_evidence_errors_name_the_path_and_the_folder(run: Run, shipped: Path) -> None:
    base = shipped.parent
    (base / "evidence").mkdir()
    cases = {
        "evidence": f"--evidence “evidence” 不是文件：请写活动文件所在目录 {base} 内的文件路径，或 http(s) 网址。",
        "file:///etc/passwd": f"--evidence “file:///etc/passwd” 不是文件：请写活动文件所在目录 {base} 内的文件路径",
        "../x.pdf": f"--evidence “../x.pdf” 超出活动文件所在目录 {base}：请用该目录内的相对路径，或网址。",
    }
    for ref, message in cases.items():
        result = run("done", "chikan", "receipt", "--on", "2024-09-09", "-e", ref, "-f", shipped)
        assert result.exit_code == 2, (ref, result.output)
        assert message in result.stderr, (ref, result.stderr)


def test_receipt_says_whom_it_recorded(run: Run, shipped: Path) -> None:
    first = run("receipt", "chikan", "--name", "林晓燕", "--mobile", "13802715638", "--on", "2024-09-09", "-f", shipped)
    assert first.exit_code == 0, first.output
    assert first.stdout == f"已记录回执：赤坎区 · 联络员 林晓燕\n已记录：赤坎区 · {RECEIPT} · 完成于 2024-09-09\n"
    # a correction of one number names the liaison already on file
    fix = run("receipt", "chikan", "--phone", "0759-3216047", "--today", "2024-09-20", "-f", shipped)
    assert fix.stdout.splitlines()[0] == "已记录回执：赤坎区 · 联络员 林晓燕"


def test_receipt_needs_the_receipt_task(run: Run, shipped: Path) -> None:
    mutate(shipped, "warn_days = 3\n", 'warn_days = 3\nreceipt_task = "reply"\n')
    result = run("receipt", "chikan", "--name", "甲", "-f", shipped)
    assert result.exit_code == 2, result.output
    assert "活动中没有编号为 “reply” 的回执任务；请在 [campaign] 中设置 receipt_task。" in result.stderr


def test_undo_takes_the_records_own_comments_and_redo_leaves_no_orphan(run: Run, demo: Path) -> None:
    """F24: the comment just above a record and its trailing comment go with it; nothing is left
    to sit above another unit's table after a later `done`."""
    mutate(
        demo,
        "\n[units.chikan.progress.receipt]\n",
        "\n# 9月9日 粤政易报送，原件在档案柜\n[units.chikan.progress.receipt]  # 盖章件\n",
    )
    before = demo.read_text(encoding="utf-8")
    result = run("undo", "chikan", "receipt", "-f", demo, "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    # the receipt's record, and the liaison it recorded (issue 20: no liaison for a receipt not done)
    assert "（已删除：完成于 2024-09-09、1 个佐证材料、联络员 林晓燕）" in result.stdout
    after = demo.read_text(encoding="utf-8")
    assert "粤政易报送" not in after and "盖章件" not in after
    # exactly the record's lines (and the blank line before them) are gone, and the liaison's table
    gone = "\n# 9月9日 粤政易报送，原件在档案柜\n[units.chikan.progress.receipt]  # 盖章件\ndone = 2024-09-09\n"
    liaison = before[before.index("\n[units.chikan.liaison]") : before.index("\n[units.chikan.progress.publicity-media]")]
    assert after == before.replace(gone + 'evidence = ["evidence/chikan/receipt.pdf"]\n', "", 1).replace(liaison, "", 1)
    refused = run("done", "chikan", "receipt", "--on", "9月9日", "-f", demo, "--today", "2024-09-20")
    assert refused.exit_code == 2 and "qmonth receipt chikan --set 手机=…" in refused.stderr  # issue 19: no liaison
    assert demo.read_text(encoding="utf-8") == after
    liaison_again = ("--name", "林晓燕", "--mobile", "13802715638")
    redo = run("receipt", "chikan", *liaison_again, "--on", "9月9日", "-f", demo, "--today", "2024-09-20")
    assert redo.exit_code == 0, redo.output
    text = demo.read_text(encoding="utf-8")
    assert "[units.chikan.progress.receipt]\ndone = 2024-09-09\n\n[units.xiashan]\n" in text
    en = run("undo", "chikan", "work-plan", "-f", demo, "--today", "2024-09-20", "--lang", "en")
    assert "(removed: done on 2024-09-09, 1 evidence item)" in en.stdout


def test_done_through_a_theme_says_each_moved_date(run: Run, demo: Path) -> None:
    """F5: the manual's `done 霞山 publicity --on 9月12日` (once the README's) moves dates already recorded: said per task."""
    result = run("done", "霞山", "publicity", "--on", "9月12日", "-f", demo, "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert sum("（原记录 2024-09-10 → 2024-09-12）" in line for line in lines) == 2
    assert sum("（原记录 2024-09-09 → 2024-09-12）" in line for line in lines) == 1
    assert sum("（原记录 2024-09-11 → 2024-09-12）" in line for line in lines) == 1
    again = run("done", "霞山", "publicity-banners", "--on", "9月13日", "-f", demo, "--today", "2024-09-20", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "(was 2024-09-12 → 2024-09-13)" in again.stdout
    same = run(
        "done", "霞山", "publicity-banners", "--on", "9月13日", "-e", "https://example.com/r", "-f", demo, "--today", "2024-09-20"
    )
    assert same.exit_code == 0 and "原记录" not in same.stdout  # the date did not move


def test_waive_says_a_replaced_reason(run: Run, demo: Path) -> None:
    old = tomllib.loads(demo.read_text(encoding="utf-8"))["units"]["xuwen"]["progress"]["site-visit-local"]["waived"]
    result = run("waive", "徐闻", "site-visit-local", "--reason", "新理由", "-f", demo, "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"不适用（新理由）（原理由：{old}）\n")
    en = run("waive", "徐闻", "site-visit-local", "--reason", "another", "-f", demo, "--lang", "en", "--today", "2024-09-20")
    assert "(the reason was: 新理由)" in en.stdout
    same = run("waive", "徐闻", "site-visit-local", "--reason", "another", "-f", demo, "--today", "2024-09-20")
    assert "原理由" not in same.output


def test_a_write_that_changes_nothing_does_not_claim_it_recorded(run: Run, demo: Path) -> None:
    """F12: an already-recorded receipt: no "已记录" on stdout next to "没有变化" on stderr; a dry
    run that would change nothing says so."""
    before = demo.read_bytes()
    result = run("receipt", "赤坎", "--name", "林晓燕", "-f", demo, "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "没有变化：文件已是这个状态。" in result.stderr and "已记录" not in result.stderr
    dry = run("done", "chikan", "publicity-*", "--dry-run", "-f", demo, "--today", "2024-09-20")
    assert dry.exit_code == 0 and dry.stdout == ""
    assert "（试运行：没有需要修改的内容，文件已是这个状态）" in dry.stderr
    en = run("done", "chikan", "publicity-*", "--dry-run", "-f", demo, "--today", "2024-09-20", "--lang", "en")
    assert "(dry run: nothing to change, the file already says so)" in en.stderr
    assert demo.read_bytes() == before
    moving = run("done", "chikan", "publicity-*", "--on", "9月15日", "--dry-run", "-f", demo, "--today", "2024-09-20")
    assert "（试运行：文件未修改）" in moving.stderr and moving.stdout.startswith("---")


# ── what undo says it removed, word for word ───────────────────────────────────────────────────


def test_undo_names_each_thing_it_removes_in_both_languages(run: Run, shipped: Path) -> None:
    links = ["-e", "https://example.com/a", "-e", "https://example.com/b"]
    rec = ("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped)
    assert run(*rec, *links, "--note", "已电话确认").exit_code == 0
    zh = run("undo", "chikan", "summary", "-f", shipped)
    assert zh.stdout == f"已撤销：赤坎区 · {SUMMARY}（已删除：完成于 2024-09-09、2 个佐证材料、备注）\n"
    assert run(*rec, *links, "--note", "已电话确认").exit_code == 0
    en = run("undo", "chikan", "summary", "--lang", "en", "-f", shipped)
    assert en.stdout == f"Removed: 赤坎区 · {SUMMARY} (removed: done on 2024-09-09, 2 evidence items, the note)\n"
    assert run(*rec, "-e", "https://example.com/a").exit_code == 0
    one = run("undo", "chikan", "summary", "--lang", "en", "-f", shipped)
    assert one.stdout == f"Removed: 赤坎区 · {SUMMARY} (removed: done on 2024-09-09, 1 evidence item)\n"
    assert progress(shipped, "chikan") == {}


# ── done: the day, the waiver it replaces, the date it keeps ────────────────────────────────────


def test_done_on_the_first_day_is_fine_and_the_day_before_is_refused(run: Run, shipped: Path) -> None:
    # the shipped campaign starts 2024-09-01 (issued 2024-09-07)
    before = run("done", "chikan", "summary", "--on", "2024-08-31", "--today", "2024-09-20", "-f", shipped)
    assert before.exit_code == 2
    assert before.stderr == "--on 2024-08-31 早于活动开始（2024-09-01）：请核对日期。\n"
    en = run("done", "chikan", "summary", "--on", "2024-08-31", "--today", "2024-09-20", "--lang", "en", "-f", shipped)
    assert en.stderr == "--on 2024-08-31 is before the campaign began (2024-09-01); check the date.\n"
    first = run("done", "chikan", "summary", "--on", "2024-09-01", "--today", "2024-09-20", "-f", shipped)
    assert first.stdout == f"已记录：赤坎区 · {SUMMARY} · 完成于 2024-09-01\n"


def test_done_without_a_date_before_the_campaign_asks_for_one(run: Run, shipped: Path) -> None:
    early = run("done", "chikan", "summary", "--today", "2024-08-31", "-f", shipped)
    assert early.exit_code == 2
    assert early.stderr == "今天（2024-08-31）活动尚未开始（2024-09-01）：请用 --on 写明完成日期。\n"
    en = run("done", "chikan", "summary", "--today", "2024-08-31", "--lang", "en", "-f", shipped)
    assert en.stderr == "Today (2024-08-31) is before the campaign began (2024-09-01); give the date with --on.\n"
    assert progress(shipped, "chikan") == {}
    on_the_day = run("done", "chikan", "summary", "--today", "2024-09-01", "-f", shipped)
    assert on_the_day.exit_code == 0, on_the_day.output
    assert progress(shipped, "chikan") == {"summary": {"done": dt.date(2024, 9, 1)}}


def test_done_on_a_waived_task_says_what_the_waiver_was(run: Run, shipped: Path) -> None:
    assert (
        run("waive", "xiashan", "site-visit-local", "--reason", "无在建项目", "--today", "2024-09-20", "-f", shipped).exit_code
        == 0
    )
    result = run("done", "xiashan", "site-visit-local", "--today", "2024-09-21", "-f", shipped)
    assert result.stdout == f"已记录：霞山区 · {VISIT} · 完成于 2024-09-21（原记录为不适用：无在建项目）\n"
    assert progress(shipped, "xiashan") == {"site-visit-local": {"done": dt.date(2024, 9, 21)}}


def test_plain_waive_says_it_recorded_the_reason(run: Run, shipped: Path) -> None:
    result = run("waive", "xiashan", "site-visit-local", "--reason", "无在建项目", "--lang", "en", "-f", shipped)
    assert result.stdout == f"Recorded: 霞山区 · {VISIT} · waived (无在建项目)\n"


def test_adding_evidence_leaves_a_date_written_by_hand_as_written(run: Run, shipped: Path) -> None:
    mutate(shipped, "[units.chikan]\n", '[units.chikan.progress.summary]\ndone = "9月9日"  # 电话确认\n\n[units.chikan]\n')
    result = run("done", "chikan", "summary", "-e", "https://example.com/r", "--today", "2024-09-20", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已记录：赤坎区 · {SUMMARY} · 完成于 2024-09-09\n"
    assert 'done = "9月9日"  # 电话确认\nevidence = ["https://example.com/r"]\n' in shipped.read_text(encoding="utf-8")


def test_recording_after_the_campaign_says_so_from_the_day_after_remind_until(run: Run, shipped: Path) -> None:
    mutate(shipped, "end = 2024-09-30\n", "end = 2024-09-30\nremind_until = 2024-10-31\n")
    note = "提示：活动已于 2024-10-31 结束催办（今天 2024-11-01），此记录照常保存，仅供存档。\n"
    last = run("done", "chikan", "summary", "--today", "2024-10-31", "-f", shipped)
    assert last.exit_code == 0 and last.stderr == ""
    late = run("done", "xiashan", "summary", "--today", "2024-11-01", "-f", shipped)
    assert late.exit_code == 0 and late.stderr == note
    assert progress(shipped, "xiashan") == {"summary": {"done": dt.date(2024, 11, 1)}}
    # a receipt recorded late says so too
    form = run("receipt", "mazhang", "--name", "陈一", "--mobile", "13800000001", "--today", "2024-11-01", "-f", shipped)
    assert form.exit_code == 0 and form.stderr == note


# ── evidence as typed on the command line ───────────────────────────────────────────────────────


def test_evidence_keeps_its_kind_in_front(run: Run, shipped: Path) -> None:
    (shipped.parent / "clip.mp4").write_bytes(b"\0")
    args = ("done", "chikan", "summary", "--today", "2024-09-20", "-f", shipped)
    result = run(*args, "-e", "视频:clip.mp4", "-e", "照片:https://example.com/p.jpg")
    assert result.exit_code == 0, result.output
    assert progress(shipped, "chikan")["summary"]["evidence"] == ["视频:clip.mp4", "照片:https://example.com/p.jpg"]


def test_blank_or_padded_evidence_is_refused_naming_the_option(run: Run, shipped: Path) -> None:
    args = ("done", "chikan", "receipt", "--today", "2024-09-20", "-f", shipped)
    blank = run(*args, "-e", "  ")
    assert blank.exit_code == 2
    assert blank.stderr == f"--evidence “  ” 不是文件：请写活动文件所在目录 {shipped.parent} 内的文件路径，或 http(s) 网址。\n"
    padded = run(*args, "-e", " https://example.com/a")
    assert padded.exit_code == 2
    assert (
        padded.stderr
        == "--evidence：佐证材料 “ https://example.com/a” 前后有空格：请删除空格（前面有空格的网址会被当成文件路径）。\n"
    )
    assert progress(shipped, "chikan") == {}


def test_evidence_not_there_yet_is_recorded_and_flagged_relative_to_the_campaign(run: Run, shipped: Path) -> None:
    result = run("done", "chikan", "summary", "--today", "2024-09-20", "-e", "照片/会场.jpg", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"提示：佐证材料 “照片/会场.jpg” 目前不存在（相对于 {shipped.parent}）；`qmonth check` 会一直提示，直到文件放到位。\n"
    )
    assert progress(shipped, "chikan")["summary"]["evidence"] == ["照片/会场.jpg"]


# ── receipts and forms ──────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("given", [("--mobile", "13802715638"), ("--set", "手机=13802715638")])
def test_a_receipt_without_a_name_says_the_name_is_still_missing(run: Run, shipped: Path, given: tuple[str, str]) -> None:
    """The shortcut (--mobile) and the liaison form's field (--set 手机=…, G5) say the same."""
    result = run("receipt", "chikan", *given, "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"已记录回执：赤坎区 · 联络员姓名未填（可用 --name 补上）\n已记录：赤坎区 · {RECEIPT} · 完成于 2024-09-09\n"
    )
    en = run("receipt", "chikan", "--phone", "0759-3216047", "--lang", "en", "--today", "2024-09-20", "-f", shipped)
    assert en.stdout.splitlines()[0] == "Recorded the receipt: 赤坎区 · no liaison name yet (add it with --name)"
    liaison = tomllib.loads(shipped.read_text(encoding="utf-8"))["units"]["chikan"]["liaison"]
    assert liaison == {"mobile": "13802715638", "phone": "0759-3216047"}


def test_a_correction_keeps_the_required_fields_already_on_file(run: Run, shipped: Path) -> None:
    mutate(
        shipped,
        '{ id = "name", label = "姓名", kind = "text" }',
        '{ id = "name", label = "姓名", kind = "text", required = true }',
    )
    args = ("--today", "2024-09-20", "-f", shipped)
    missing = run("receipt", "chikan", "--mobile", "13802715638", *args)
    assert missing.exit_code == 2 and "姓名" in missing.stderr  # required, and not on file yet
    assert run("receipt", "chikan", "--name", "林晓燕", "--mobile", "13802715638", *args).exit_code == 0
    fix = run("receipt", "chikan", "--mobile", "13902715638", *args)  # the name is on file: fine
    assert fix.exit_code == 0, fix.output
    assert fix.stdout.splitlines()[0] == "已记录回执：赤坎区 · 联络员 林晓燕"
    liaison = tomllib.loads(shipped.read_text(encoding="utf-8"))["units"]["chikan"]["liaison"]
    assert liaison == {"name": "林晓燕", "mobile": "13902715638"}


def test_a_new_liaison_name_with_the_old_numbers_kept_is_said(run: Run, shipped: Path) -> None:
    """G4: a new name alone keeps the previous liaison's numbers: recorded, and said, so the
    coordinator does not call 王五 on 陈志坚's mobile without knowing."""
    args = ("--today", "2024-09-20", "-f", shipped)
    first = ("receipt", "霞山", "--name", "陈志坚", "--mobile", "13827549016", "--phone", "0759-2223456", "--on", "2024-09-09")
    assert run(*first, *args).exit_code == 0
    renamed = run("receipt", "霞山", "--name", "王五", *args)
    assert renamed.exit_code == 0, renamed.output
    assert renamed.stdout == f"已记录回执：霞山区 · 联络员 王五\n霞山区 · {RECEIPT} · 已于 2024-09-09 完成（日期未变）\n"
    assert renamed.stderr == (
        "提示：霞山区 的联络员由 陈志坚 改为 王五，但 手机 13827549016、固定电话 0759-2223456 仍是原联络员的；"
        "如已更换，请一并更新（--mobile、--phone）。\n"
    )
    liaison = tomllib.loads(shipped.read_text(encoding="utf-8"))["units"]["xiashan"]["liaison"]
    assert liaison == {"name": "王五", "mobile": "13827549016", "phone": "0759-2223456"}
    # the new mobile given with the new name: nothing to warn about that number
    en = run("receipt", "霞山", "--set", "姓名=李四", "--set", "手机=13900001111", "--lang", "en", *args)
    assert en.stdout.splitlines()[0] == "Recorded the receipt: 霞山区 · liaison 李四"
    assert en.stderr == (
        "Note: 霞山区's liaison is now 李四 instead of 王五, but these are still 王五's: the landline 0759-2223456; "
        "if they changed too, record them (--mobile, --phone).\n"
    )
    # two numbers kept, in English
    assert run("receipt", "霞山", "--mobile", "13900002222", *args).exit_code == 0
    two = run("receipt", "霞山", "--name", "赵六", "--lang", "en", *args)
    assert two.stderr == (
        "Note: 霞山区's liaison is now 赵六 instead of 李四, but these are still 李四's: the mobile 13900002222, "
        "the landline 0759-2223456; if they changed too, record them (--mobile, --phone).\n"
    )
    assert run("receipt", "霞山", "--name", "李四", *args).exit_code == 0
    # the same name again: nothing said
    assert run("receipt", "霞山", "--name", "李四", "--position", "科长", *args).stderr == ""
