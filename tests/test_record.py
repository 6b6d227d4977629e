"""What each write command records and says, through the CLI (qmonth/record.py).

Every message a write command prints is checked word for word, with its unit, task, date or path:
the coordinator reads these lines to know what was written.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from tests.conftest import Run, mutate

VISIT = "举办本辖区项目质量样板观摩、经验交流活动"  # tasks.site-visit-local
RECEIPT = "报送联络员回执"


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
    result = run("done", "chikan", "receipt", "work-plan", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert set(progress(shipped, "chikan")) == {"receipt", "work-plan"}
    assert result.stdout.count("已记录：赤坎区 · ") == 2


def test_recording_again_reports_the_date_that_stays(run: Run, shipped: Path) -> None:
    run("done", "chikan", "receipt", "--on", "2024-09-09", "-f", shipped)
    result = run("done", "chikan", "receipt", "-e", "https://example.com/r", "--today", "2024-09-20", "-f", shipped)
    assert result.stdout == f"已记录：赤坎区 · {RECEIPT} · 完成于 2024-09-09\n"
    assert progress(shipped, "chikan")["receipt"] == {"done": dt.date(2024, 9, 9), "evidence": ["https://example.com/r"]}


def test_done_today_is_not_in_the_future(run: Run, shipped: Path) -> None:
    assert run("done", "chikan", "receipt", "--on", "2024-09-20", "--today", "2024-09-20", "-f", shipped).exit_code == 0
    late = run("done", "xiashan", "receipt", "--on", "2024-09-21", "--today", "2024-09-20", "-f", shipped)
    assert late.exit_code == 2
    assert "--on 2024-09-21 在今天（2024-09-20）之后：只能记录已经完成的事项。" in late.stderr


def test_a_link_then_a_file_are_both_recorded(run: Run, shipped: Path) -> None:
    args = ("done", "chikan", "receipt", "--on", "2024-09-09", "-e", "https://example.com/a", "-e", "evidence/b.pdf")
    result = run(*args, "-f", shipped)
    assert result.exit_code == 0, result.output
    assert progress(shipped, "chikan")["receipt"]["evidence"] == ["https://example.com/a", "evidence/b.pdf"]


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
    assert "（已删除：完成于 2024-09-09、1 个佐证材料）" in result.stdout
    after = demo.read_text(encoding="utf-8")
    assert "粤政易报送" not in after and "盖章件" not in after
    # exactly the record's lines (and the blank line before them) are gone
    gone = "\n# 9月9日 粤政易报送，原件在档案柜\n[units.chikan.progress.receipt]  # 盖章件\ndone = 2024-09-09\n"
    assert after == before.replace(gone + 'evidence = ["evidence/chikan/receipt.pdf"]\n', "", 1)
    redo = run("done", "chikan", "receipt", "--on", "9月9日", "-f", demo, "--today", "2024-09-20")
    assert redo.exit_code == 0, redo.output
    text = demo.read_text(encoding="utf-8")
    assert "[units.chikan.progress.receipt]\ndone = 2024-09-09\n\n[units.xiashan]\n" in text
    en = run("undo", "chikan", "work-plan", "-f", demo, "--today", "2024-09-20", "--lang", "en")
    assert "(removed: done on 2024-09-09, 1 evidence item)" in en.stdout


def test_done_through_a_theme_says_each_moved_date(run: Run, demo: Path) -> None:
    """F5: the README's `done 霞山 publicity --on 9月12日` moves dates already recorded: said per task."""
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
