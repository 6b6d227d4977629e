"""The write commands through the CLI: what they change, what they refuse, and that nothing is lost."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DEMO, EXAMPLES, SHIPPED, Run, mutate

QMONTH = str(Path(sys.executable).parent / "qmonth")


def progress(path: Path) -> dict[str, dict]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {uid: u.get("progress", {}) for uid, u in data["units"].items()}


def test_done_by_name_records_only_that_record(run: Run, shipped: Path) -> None:
    before = shipped.read_text(encoding="utf-8")
    result = run("done", "赤坎", "summary", "--on", "2024年9月9日", "--note", "粤政易报送", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert "已记录：赤坎区 · 报送“质量月”活动总结材料及视频、照片等佐证材料 · 完成于 2024-09-09" in result.stdout
    after = shipped.read_text(encoding="utf-8")
    added = '[units.chikan.progress.summary]\ndone = 2024-09-09\nnote = "粤政易报送"\n\n'
    anchor = "[units.xiashan]\n"
    assert after == before.replace(anchor, added + anchor)
    assert progress(shipped)["chikan"] == {"summary": {"done": dt.date(2024, 9, 9), "note": "粤政易报送"}}


def test_done_defaults_to_today(run: Run, shipped: Path) -> None:
    # without --on, a new record is done "today": --today here; the clock in the campaign's zone is
    # tested in tests/test_timezone.py (test_done_records_the_beijing_date_of_the_clock)
    assert run("done", "chikan", "summary", "--today", "2024-09-08", "-f", shipped).exit_code == 0
    assert str(progress(shipped)["chikan"]["summary"]["done"]) == "2024-09-08"


def test_done_then_undo_restores_the_file_byte_for_byte(run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    assert run("done", "xuwen", "publicity", "--on", "2024-09-12", "-e", "https://example.com/a", "-f", shipped).exit_code == 0
    assert set(progress(shipped)["xuwen"]) == {"publicity-media", "publicity-materials", "publicity-banners", "publicity-window"}
    assert run("undo", "xuwen", "publicity-*", "-f", shipped).exit_code == 0
    assert shipped.read_bytes() == before


def test_done_updates_an_existing_record_keeping_comments(run: Run, shipped: Path) -> None:
    run("done", "chikan", "summary", "--on", "2024-09-09", "-e", "https://example.com/1", "-f", shipped)
    mutate(shipped, 'evidence = ["https://example.com/1"]\n', 'evidence = ["https://example.com/1"]  # 原件在档案室\n')
    assert run("done", "chikan", "summary", "--on", "2024-09-10", "-e", "https://example.com/2", "-f", shipped).exit_code == 0
    text = shipped.read_text(encoding="utf-8")
    assert "# 原件在档案室" in text
    rec = progress(shipped)["chikan"]["summary"]
    assert str(rec["done"]) == "2024-09-10"
    assert rec["evidence"] == ["https://example.com/1", "https://example.com/2"]


def test_waive_and_then_done_replaces_the_waiver(run: Run, shipped: Path) -> None:
    assert run("waive", "徐闻", "site-visit-local", "--reason", "无在建项目", "-f", shipped).exit_code == 0
    assert progress(shipped)["xuwen"]["site-visit-local"] == {"waived": "无在建项目"}
    status = json.loads(run("status", "-f", shipped, "--today", "2024-09-20", "--unit", "xuwen", "--format", "json").stdout)
    assert next(i for i in status["items"] if i["task"] == "site-visit-local")["state"] == "waived"
    run("done", "徐闻", "site-visit-local", "--on", "2024-09-20", "-f", shipped)
    assert str(progress(shipped)["xuwen"]["site-visit-local"]["done"]) == "2024-09-20"
    assert "waived" not in progress(shipped)["xuwen"]["site-visit-local"]


def test_receipt_records_the_liaison_and_the_task(run: Run, shipped: Path) -> None:
    result = run(
        "receipt",
        "霞山",
        "--name",
        "张三",
        "--gender",
        "男",
        "--workplace",
        "霞山区住建局质安股",
        "--position",
        "股长",
        "--phone",
        "0759-2222222",
        "--mobile",
        "13800000000",
        "--on",
        "2024-09-09",
        "-f",
        shipped,
    )
    assert result.exit_code == 0, result.output
    data = tomllib.loads(shipped.read_text(encoding="utf-8"))["units"]["xiashan"]
    assert data["liaison"] == {
        "name": "张三",
        "gender": "男",
        "workplace": "霞山区住建局质安股",
        "position": "股长",
        "phone": "0759-2222222",
        "mobile": "13800000000",
    }
    assert str(data["progress"]["receipt"]["done"]) == "2024-09-09"
    out = run("remind", "-f", shipped, "--today", "2024-09-27").stdout
    assert "联络员：张三 13800000000 / 0759-2222222" in out


def test_dry_run_shows_a_diff_and_writes_nothing(run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "--dry-run", "-f", shipped)
    assert result.exit_code == 0
    assert "+[units.chikan.progress.summary]\n+done = 2024-09-09\n" in result.stdout
    assert result.stdout.startswith("--- a/campaign.toml\n+++ b/campaign.toml\n")
    assert "试运行" in result.stderr
    assert shipped.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("done", "nowhere", "receipt"), 2, "没有编号或名称为 “nowhere” 的单位。相近的有"),
        (("done", "区", "receipt"), 2, "对应多个单位"),
        (("done", "chikan", "nosuchtask"), 2, "没有编号或名称为 “nosuchtask” 的任务或主题"),
        (("done", "chikan", "报送"), 2, "对应多项任务"),
        (("done", "chikan", "contest-cement"), 2, "不适用于 赤坎区"),
        (("done", "chikan", "summary", "--on", "2024-02-30"), 2, "--on：没有 “2024-02-30” 这一天"),
        (("done", "chikan", "summary", "--on", "明天"), 2, "--on：无法识别的日期"),
        (("done", "chikan", "summary", "-e", "../../etc/passwd"), 2, "超出活动文件所在目录"),
        (("done", "chikan", "summary", "-e", "/etc/passwd"), 2, "超出活动文件所在目录"),
        (("waive", "chikan", "summary", "--reason", " "), 2, "请写明不适用的理由"),
    ],
)
def test_write_errors_change_nothing(run: Run, shipped: Path, args: tuple[str, ...], code: int, words: str) -> None:
    before = shipped.read_bytes()
    result = run(*args, "-f", shipped)
    assert result.exit_code == code, result.output
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert shipped.read_bytes() == before


def test_write_refuses_an_invalid_file(run: Run, shipped: Path) -> None:
    mutate(shipped, 'kind = "county"', 'kind = "conty"')
    before = shipped.read_bytes()
    result = run("done", "chikan", "summary", "-f", shipped)
    assert result.exit_code == 1
    assert "单位类别 “conty” 未在 [kinds] 中定义" in result.stderr
    assert shipped.read_bytes() == before


def test_evidence_inside_the_folder_is_relative_and_missing_files_are_flagged(run: Run, shipped: Path) -> None:
    folder = shipped.parent / "evidence"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"x")
    result = run(
        "done",
        "chikan",
        "publicity-banners",
        "--on",
        "2024-09-12",
        "-e",
        str(folder / "a.jpg"),
        "-e",
        "evidence/b.jpg",
        "-f",
        shipped,
    )
    assert result.exit_code == 0
    assert "佐证材料 “evidence/b.jpg” 目前不存在" in result.stderr
    assert progress(shipped)["chikan"]["publicity-banners"]["evidence"] == ["evidence/a.jpg", "evidence/b.jpg"]
    check = run("check", "-f", shipped)
    assert check.exit_code == 1 and "evidence/b.jpg" in check.stderr and "evidence/a.jpg" not in check.stderr
    out = run("status", "-f", shipped, "--today", "2024-09-20", "--unit", "chikan").stdout
    assert "b.jpg （缺失）" in out


def test_twenty_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    target = tmp_path / "campaign.toml"
    shutil.copyfile(SHIPPED, target)
    units = ["chikan", "xiashan", "potou", "mazhang", "suixi", "xuwen", "lianjiang", "leizhou", "wuchuan", "kaifaqu"]
    pairs = [(u, t) for u in units for t in ("summary", "work-plan")]
    assert len(pairs) == 20
    env = {**os.environ, "COLUMNS": "80"}
    procs = [
        subprocess.Popen(
            [QMONTH, "done", u, t, "--on", "2024-09-09", "-f", str(target)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for u, t in pairs
    ]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0] * 20, [p.stderr.read() for p in procs if p.stderr]  # type: ignore[union-attr]
    got = progress(target)
    assert {(u, t) for u, recs in got.items() for t in recs} == set(pairs)
    assert subprocess.run([QMONTH, "check", "-f", str(target)], env=env, capture_output=True, check=False).returncode == 0


def test_two_branches_recording_different_units_merge_cleanly(tmp_path: Path) -> None:
    git = shutil.which("git")
    assert git
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copyfile(SHIPPED, repo / "campaign.toml")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "COLUMNS": "80",
    }

    def sh(*args: str) -> str:
        done = subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    sh(git, "init", "-q", "-b", "main")
    sh(git, "add", "campaign.toml")
    sh(git, "commit", "-qm", "campaign")
    sh(git, "checkout", "-qb", "chikan")
    sh(QMONTH, "receipt", "chikan", "--name", "甲", "--mobile", "13800000001", "--on", "2024-09-09")
    sh(QMONTH, "done", "chikan", "work-plan", "--on", "2024-09-10")
    sh(git, "commit", "-qam", "chikan")
    sh(git, "checkout", "-q", "main")
    sh(git, "checkout", "-qb", "xiashan")
    sh(QMONTH, "receipt", "xiashan", "--name", "乙", "--mobile", "13800000002", "--on", "2024-09-09")
    sh(QMONTH, "done", "xiashan", "work-plan", "--on", "2024-09-11")
    sh(git, "commit", "-qam", "xiashan")
    sh(git, "checkout", "-q", "main")
    sh(git, "merge", "-q", "chikan")
    sh(git, "merge", "-q", "--no-edit", "xiashan")  # fails (non-zero) on a conflict
    got = progress(repo / "campaign.toml")
    assert set(got["chikan"]) == {"receipt", "work-plan"} and set(got["xiashan"]) == {"receipt", "work-plan"}
    sh(QMONTH, "check")


# ── the byte-preservation property, through the CLI ─────────────────────────

UNITS = ["chikan", "xuwen", "quality-centre", "associations", "enterprises"]
TASKS = ["policy-briefing", "work-plan", "publicity-media", "summary", "contest-skills"]
STEPS = st.lists(
    st.tuples(st.sampled_from(["done", "undo", "waive"]), st.sampled_from(UNITS), st.sampled_from(TASKS), st.integers(1, 28)),
    min_size=1,
    max_size=6,
)


def outside(text: str, unit: str) -> str:
    """The file with the unit's own segment cut out (what must never change)."""
    lines = text.splitlines(keepends=True)
    head = f"[units.{unit}]\n"
    start = lines.index(head)
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].startswith("[units.") and not lines[i].startswith(f"[units.{unit}.")
        ),
        len(lines),
    )
    while end > start and (lines[end - 1].strip() == "" or lines[end - 1].startswith("#")):
        end -= 1
    return "".join(lines[:start] + lines[end:])


@pytest.mark.parametrize("source", [SHIPPED, DEMO])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_random_writes_change_only_their_unit(run: Run, tmp_path: Path, source: Path, steps: list) -> None:
    from qmonth.core.store import load

    folder = tmp_path / f"w{abs(hash(str(steps))) % 10**9}"
    shutil.copytree(EXAMPLES, folder, dirs_exist_ok=True) if source == DEMO else folder.mkdir()
    target = folder / source.name
    shutil.copyfile(source, target)
    expected = {uid: dict(recs) for uid, recs in progress(target).items()}
    for action, unit, task, day in steps:
        before = target.read_text(encoding="utf-8")
        c = load(target).campaign
        applies = c.applies(c.tasks[task], unit)
        on = f"2024-09-{day:02d}"
        args = {
            "done": ("done", unit, task, "--on", on),
            "undo": ("undo", unit, task),
            "waive": ("waive", unit, task, "--reason", "不适用"),
        }[action]
        result = run(*args, "-f", target)
        if not applies:
            assert result.exit_code == 2 and target.read_text(encoding="utf-8") == before
            continue
        assert result.exit_code == 0, result.output
        old = expected[unit].get(task, {})
        if action == "done":
            expected[unit][task] = {k: v for k, v in {**old, "done": dt.date(2024, 9, day)}.items() if k != "waived"}
        elif action == "waive":
            expected[unit][task] = {k: v for k, v in {**old, "waived": "不适用"}.items() if k != "done"}
        else:
            expected[unit].pop(task, None)
        after = target.read_text(encoding="utf-8")
        assert outside(after, unit) == outside(before, unit)
        assert progress(target) == expected


# ── what a write must never do ────────────────────────────────────────────────


def test_recording_again_keeps_the_done_date_unless_on_is_given(run: Run, shipped: Path) -> None:
    run("done", "chikan", "work-plan", "--on", "2024-09-09", "-f", shipped)
    assert (
        run("done", "chikan", "work-plan", "-e", "https://example.com/p", "--today", "2024-09-20", "-f", shipped).exit_code == 0
    )
    assert str(progress(shipped)["chikan"]["work-plan"]["done"]) == "2024-09-09"
    run("receipt", "chikan", "--name", "甲", "--mobile", "13800000001", "--on", "2024-09-09", "-f", shipped)
    run("receipt", "chikan", "--phone", "0759-1111111", "--today", "2024-09-25", "-f", shipped)  # a later correction
    assert str(progress(shipped)["chikan"]["receipt"]["done"]) == "2024-09-09"
    run("done", "chikan", "work-plan", "--on", "2024-09-10", "-f", shipped)
    assert str(progress(shipped)["chikan"]["work-plan"]["done"]) == "2024-09-10"


def test_a_future_done_date_is_refused(run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    result = run("done", "chikan", "summary", "--on", "2024-09-21", "--today", "2024-09-20", "-f", shipped)
    assert result.exit_code == 2 and "在今天（2024-09-20）之后" in result.stderr
    assert shipped.read_bytes() == before


def test_a_receipt_needs_at_least_one_field(run: Run, shipped: Path) -> None:
    result = run("receipt", "chikan", "-f", shipped)
    assert result.exit_code == 2 and "请至少填写回执中的一项" in result.stderr


@pytest.mark.parametrize("ref", ["", ".", "evidence", "file:///etc/passwd", "javascript:alert(1)"])
def test_evidence_must_be_a_file_or_a_web_link(run: Run, shipped: Path, ref: str) -> None:
    (shipped.parent / "evidence").mkdir()
    before = shipped.read_bytes()
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "-e", ref, "-f", shipped)
    assert result.exit_code == 2, result.output
    assert shipped.read_bytes() == before


def test_evidence_in_a_sibling_folder_sharing_the_name_prefix_is_refused(run: Run, shipped: Path) -> None:
    base = shipped.parent  # .../test_x0; its sibling .../test_x0-private starts with the same text
    sibling = base.parent / f"{base.name}-private"
    sibling.mkdir()
    (sibling / "x.pdf").write_bytes(b"secret")
    before = shipped.read_bytes()
    for ref in (f"../{base.name}-private/x.pdf", str(sibling / "x.pdf"), f"evidence/../../{base.name}-private/x.pdf"):
        result = run("done", "chikan", "summary", "--on", "2024-09-09", "-e", ref, "-f", shipped)
        assert result.exit_code == 2, (ref, result.output)
        assert "超出活动文件所在目录" in result.stderr
    assert shipped.read_bytes() == before
    # a file inside, named by its absolute path, is fine
    (base / "evidence").mkdir()
    (base / "evidence" / "a.pdf").write_bytes(b"x")
    inside = str(base / "evidence" / "a.pdf")
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-e", inside, "-f", shipped).exit_code == 0
    assert progress(shipped)["chikan"]["summary"]["evidence"] == ["evidence/a.pdf"]


def test_evidence_named_from_a_sub_folder_is_found(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = shipped.parent / "evidence" / "chikan"
    folder.mkdir(parents=True)
    (folder / "banner.jpg").write_bytes(b"x")
    monkeypatch.chdir(folder)
    assert run("done", "chikan", "publicity-banners", "--on", "2024-09-12", "-e", "banner.jpg", "-f", shipped).exit_code == 0
    assert progress(shipped)["chikan"]["publicity-banners"]["evidence"] == ["evidence/chikan/banner.jpg"]


def test_no_false_missing_note_for_a_file_named_from_a_sub_folder(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shipped.parent / "evidence" / "chikan"
    folder.mkdir(parents=True)
    (folder / "banner.jpg").write_bytes(b"x")
    monkeypatch.chdir(folder)
    result = run(
        "done", "chikan", "publicity-banners", "--on", "2024-09-12", "-e", "banner.jpg", "-e", "later.jpg", "-f", shipped
    )
    assert result.exit_code == 0
    assert "banner.jpg" not in result.stderr  # found from the sub-folder: no note
    assert "佐证材料 “later.jpg” 目前不存在" in result.stderr


def test_a_record_written_another_way_is_refused_with_its_line(run: Run, shipped: Path) -> None:
    text = mutate(shipped, 'short = "赤坎区"\n', 'short = "赤坎区"\nprogress.summary.done = 2024-09-09\n')
    before = shipped.read_bytes()
    result = run("done", "chikan", "summary", "--on", "2024-09-10", "-f", shipped)
    assert result.exit_code == 1, result.output
    line = text.splitlines().index("progress.summary.done = 2024-09-09") + 1
    assert f"campaign.toml:{line}：qmonth 无法原样修改 [units.chikan.progress.summary]" in result.stderr
    assert shipped.read_bytes() == before


def test_a_byte_order_mark_and_crlf_survive_a_write(run: Run, shipped: Path) -> None:
    raw = b"\xef\xbb\xbf" + SHIPPED.read_bytes().replace(b"\n", b"\r\n")
    shipped.write_bytes(raw)
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    after = shipped.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf" + "# qmonth 活动文件".encode())
    assert b"[units.chikan.progress.summary]\r\ndone = 2024-09-09\r\n" in after
    assert run("undo", "chikan", "summary", "-f", shipped).exit_code == 0
    assert shipped.read_bytes() == raw


def test_a_symlinked_campaign_is_updated_through_the_link(run: Run, shipped: Path, tmp_path: Path) -> None:
    link = tmp_path / "link" / "campaign.toml"
    link.parent.mkdir()
    link.symlink_to(shipped)
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-f", link).exit_code == 0
    assert link.is_symlink()
    assert "summary" in progress(shipped)["chikan"]


def test_dry_run_takes_no_lock_and_leaves_no_lock_file(run: Run, shipped: Path) -> None:
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "--dry-run", "-f", shipped).exit_code == 0
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["campaign.toml"]


def test_adding_evidence_keeps_a_multi_line_array_and_its_comments(run: Run, shipped: Path) -> None:
    run("done", "chikan", "summary", "--on", "2024-09-09", "-e", "https://example.com/1", "-f", shipped)
    mutate(shipped, 'evidence = ["https://example.com/1"]\n', 'evidence = [\n  "https://example.com/1",  # 原件\n]\n')
    assert run("done", "chikan", "summary", "-e", "https://example.com/2", "--today", "2024-09-20", "-f", shipped).exit_code == 0
    text = shipped.read_text(encoding="utf-8")
    assert 'evidence = [\n  "https://example.com/1",  # 原件\n  "https://example.com/2",\n]\n' in text
