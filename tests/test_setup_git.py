"""git set up in every clone: `qmonth setup-git` in real clones, the missing set-up noticed by
`check` and `status`, and the campaign `rollover` writes covered by the driver, the hook and the
default file lookup."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qmonth.core.gitsetup import find_clone, missing_driver
from qmonth.edit.gitsetup import hook_files_regex, patterns, with_attributes
from tests.conftest import DEMO

QMONTH = Path(sys.executable).parent / "qmonth"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def env_for(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(tmp / "home"),
        "XDG_CONFIG_HOME": str(tmp / "home" / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-cache"),
        "QMONTH_LANG": "zh",
    }


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    tmp = next(p for p in cwd.parents if (p / "home").is_dir())
    return subprocess.run(["git", *args], cwd=cwd, env=env_for(tmp), capture_output=True, text=True, check=check)


def qm(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    tmp = next(p for p in cwd.parents if (p / "home").is_dir())
    return subprocess.run([str(QMONTH), *args], cwd=cwd, env=env_for(tmp), capture_output=True, text=True, check=False)


@pytest.fixture
def upstream(tmp_path: Path) -> Path:
    """The campaign's shared repository, set up once with `qmonth setup-git` and committed."""
    (tmp_path / "home").mkdir()
    repo = tmp_path / "upstream"
    repo.mkdir()
    shutil.copyfile(DEMO, repo / "campaign.toml")
    shutil.copytree(DEMO.parent / "evidence", repo / "evidence")
    git(repo, "init", "-q", "-b", "main")
    done = qm(repo, "setup-git")
    assert done.returncode == 0, done.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "campaign, set up for git")
    return repo


def clone(upstream: Path, name: str, setup: bool) -> Path:
    target = upstream.parent / name
    git(upstream.parent, "clone", "-q", str(upstream), name)
    if setup:
        done = qm(target, "setup-git")
        assert done.returncode == 0, done.stderr
    return target


def record(repo: Path, *args: str, today: str = "2024-09-25") -> None:
    done = qm(repo, *args, "--today", today)
    assert done.returncode == 0, done.stderr
    git(repo, "commit", "-qam", " ".join(args))


@needs_git
def test_setup_git_writes_the_attributes_the_driver_and_the_hook(upstream: Path) -> None:
    attrs = (upstream / ".gitattributes").read_text(encoding="utf-8")
    assert attrs == "campaign*.toml merge=qmonth\n*.log.jsonl merge=union\n"
    driver = git(upstream, "config", "merge.qmonth.driver").stdout.strip()
    assert driver.endswith(" merge-file %O %A %B --name %P")
    assert git(upstream, "config", "merge.qmonth.name").stdout.strip()
    config = (upstream / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "- repo: local" in config and "language: system" in config and "rev:" not in config
    assert "check --tracked" in config and "id: qmonth-check" in config
    for name in ("campaign.toml", "campaign-2025.toml", "sub/campaign-2026.toml"):
        assert git(upstream, "check-attr", "merge", name).stdout.strip().endswith("merge: qmonth")
    assert git(upstream, "check-attr", "merge", "campaign.log.jsonl").stdout.strip().endswith("merge: union")
    # again: nothing changes, and it says so
    again = qm(upstream, "setup-git")
    assert again.returncode == 0 and "已包含所需各行，未改动" in again.stdout and "已有 qmonth-check 钩子" in again.stdout
    assert (upstream / ".gitattributes").read_text(encoding="utf-8") == attrs


@needs_git
def test_two_fresh_clones_set_up_merge_records_of_one_unit_cleanly(upstream: Path) -> None:
    alice, bob = clone(upstream, "alice", setup=True), clone(upstream, "bob", setup=True)
    record(alice, "done", "potou", "publicity-media", "--on", "2024-09-20")
    record(bob, "done", "potou", "publicity-window", "--on", "2024-09-21")
    pulled = git(bob, "pull", "-q", "--no-rebase", "--no-edit", str(alice), "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    checked = qm(bob, "check")
    assert checked.returncode == 0 and "setup-git" not in checked.stderr
    status = qm(bob, "status", "-u", "坡头", "--today", "2024-09-25", "--format", "json")
    states = {i["task"]: i["state"] for i in json.loads(status.stdout)["items"]}
    assert states["publicity-media"] == states["publicity-window"] == "done"


@needs_git
def test_a_clone_without_the_set_up_is_told_the_one_command(upstream: Path) -> None:
    carol = clone(upstream, "carol", setup=False)
    checked = qm(carol, "check")
    assert checked.returncode == 0  # a warning: the file itself is fine
    assert "这个克隆没有配置它" in checked.stderr and "qmonth setup-git" in checked.stderr
    status = qm(carol, "status", "--today", "2024-09-25", "--lang", "en")
    assert status.returncode == 0 and "this clone does not configure it" in status.stderr
    assert "Run once in this clone: qmonth setup-git" in status.stderr
    assert "setup-git" not in qm(carol, "check", "--at", "HEAD").stderr  # a revision: no clone's set-up read
    # a worktree of that clone (.git is a file there): the same, until the clone is set up
    git(carol, "worktree", "add", "-q", str(carol.parent / "carol-wt"), "-b", "wt")
    worktree = carol.parent / "carol-wt"
    assert (worktree / ".git").is_file()
    assert "qmonth setup-git" in qm(worktree, "check").stderr
    assert qm(worktree, "setup-git").returncode == 0  # configures the repository both share
    assert "setup-git" not in qm(worktree, "check").stderr
    assert "setup-git" not in qm(carol, "check").stderr


@needs_git
def test_rollover_says_what_next_and_its_file_is_read_hooked_and_merged(upstream: Path) -> None:
    alice = clone(upstream, "alice", setup=True)
    rolled = qm(alice, "rollover", "2025")
    assert rolled.returncode == 0, rolled.stderr
    assert "下一步" in rolled.stdout and "现在读取 campaign-2025.toml" in rolled.stdout and "-f campaign.toml" in rolled.stdout
    assert "setup-git" not in rolled.stdout  # already covered by campaign*.toml
    assert (alice / "qmonth.toml").read_text(encoding="utf-8").endswith('campaign = "campaign-2025.toml"\n')
    status = qm(alice, "status", "--today", "2025-09-25", "--format", "json")
    assert status.returncode == 0 and "2025" in json.loads(status.stdout)["campaign"]["title"]
    assert git(alice, "check-attr", "merge", "campaign-2025.toml").stdout.strip().endswith("merge: qmonth")
    assert re.search(hook_files_regex(patterns("campaign.toml")), "campaign-2025.toml")
    git(alice, "add", "-A")
    git(alice, "commit", "-qm", "2025")
    git(upstream, "pull", "-q", "--no-edit", str(alice), "main")
    bob = clone(upstream, "bob", setup=True)
    # two people record different tasks of one unit in the 2025 file, each without -f
    record(alice, "done", "potou", "publicity-media", "--on", "2025-09-20", today="2025-09-25")
    record(bob, "done", "potou", "publicity-window", "--on", "2025-09-21", today="2025-09-25")
    pulled = git(bob, "pull", "-q", "--no-rebase", "--no-edit", str(alice), "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    text = (bob / "campaign-2025.toml").read_text(encoding="utf-8")
    assert "[units.potou.progress.publicity-media]" in text and "[units.potou.progress.publicity-window]" in text
    assert "<<<<<<<" not in text
    assert qm(bob, "check").returncode == 0


@needs_git
@pytest.mark.skipif(
    shutil.which("pre-commit") is None and not (Path(sys.executable).parent / "pre-commit").exists(),
    reason="pre-commit is not installed",
)
def test_the_pre_commit_hook_checks_the_file_rollover_wrote(upstream: Path) -> None:
    alice = clone(upstream, "alice", setup=True)
    assert qm(alice, "rollover", "2025").returncode == 0
    path = alice / "campaign-2025.toml"
    path.write_text(re.sub(r"(?m)^end = .*$", "end = 2025-09-31", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    git(alice, "add", "-A")
    tool = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    tmp = alice.parent
    env = {**env_for(tmp), "PATH": f"{QMONTH.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    ran = subprocess.run([tool, "run", "--files", "campaign-2025.toml"], cwd=alice, env=env, capture_output=True, text=True)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "qmonth check" in ran.stdout and "Failed" in ran.stdout and "Skipped" not in ran.stdout
    assert "campaign-2025.toml" in ran.stdout and "2025-09-31" in ran.stdout


def test_project_file_errors_name_it(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "qmonth.toml").write_text('campaign = "campaign-2025.toml"\n', encoding="utf-8")
    missing = qm(folder, "status")
    assert missing.returncode == 3 and "qmonth.toml 指定的活动文件 campaign-2025.toml 不存在" in missing.stderr
    (folder / "qmonth.toml").write_text('campain = "x.toml"\n', encoding="utf-8")
    bad = qm(folder, "status", "--lang", "en")
    assert bad.returncode == 3 and "qmonth.toml cannot be read (unknown key campain)" in bad.stderr


# ── the pieces, without git ─────────────────────────────────────────────────


def test_attributes_are_added_once_and_others_kept() -> None:
    old = "*.png binary\ncampaign*.toml   merge=qmonth"
    new, added = with_attributes(old, patterns("zhanjiang.toml"))
    assert added == ["zhanjiang.toml merge=qmonth", "*.log.jsonl merge=union"]
    assert new == old + "\nzhanjiang.toml merge=qmonth\n*.log.jsonl merge=union\n"
    assert with_attributes(new, patterns("zhanjiang.toml")) == (new, [])


def test_the_clone_is_read_from_files_in_a_worktree_too(tmp_path: Path) -> None:
    main = tmp_path / "main"
    (main / ".git" / "worktrees" / "wt").mkdir(parents=True)
    (main / ".gitattributes").write_text("campaign*.toml merge=qmonth\n", encoding="utf-8")
    (main / ".git" / "worktrees" / "wt" / "commondir").write_text("../..\n", encoding="utf-8")
    wt = tmp_path / "wt"
    wt.mkdir()
    (wt / ".git").write_text(f"gitdir: {main / '.git' / 'worktrees' / 'wt'}\n", encoding="utf-8")
    (wt / ".gitattributes").write_text("campaign*.toml merge=qmonth\n", encoding="utf-8")
    (wt / "campaign-2025.toml").write_text("", encoding="utf-8")
    found = find_clone(wt)
    assert found is not None and found.common_dir == (main / ".git").resolve()
    assert missing_driver(wt / "campaign-2025.toml") is not None
    (main / ".git" / "config").write_text(
        '[core]\n\tbare = false\n[merge "qmonth"]\n\tname = x\n\tdriver = qmonth merge-file %O %A %B\n'
    )
    assert missing_driver(wt / "campaign-2025.toml") is None
    # a later line turning the attribute off wins, as in git
    (wt / ".gitattributes").write_text("campaign*.toml merge=qmonth\ncampaign-2025.toml -merge\n", encoding="utf-8")
    (main / ".git" / "config").write_text("")
    assert missing_driver(wt / "campaign-2025.toml") is None
    home = tmp_path / "gitconfig"
    home.write_text('[merge "qmonth"]\n    driver = qmonth merge-file %O %A %B\n', encoding="utf-8")
    (wt / ".gitattributes").write_text("campaign*.toml merge=qmonth\n", encoding="utf-8")
    assert missing_driver(wt / "campaign-2025.toml", [home]) is None  # set up globally


@needs_git
def test_git_s_markers_around_two_records_are_fixed_keeping_both(upstream: Path) -> None:
    alice, carol = clone(upstream, "alice", setup=True), clone(upstream, "carol", setup=False)
    record(alice, "done", "potou", "publicity-media", "--on", "2024-09-20")
    record(carol, "done", "potou", "publicity-window", "--on", "2024-09-21")
    pulled = git(carol, "pull", "-q", "--no-rebase", "--no-edit", str(alice), "main", check=False)
    assert pulled.returncode != 0  # git's own line merge: the two new tables conflict
    checked = qm(carol, "check")
    assert checked.returncode == 1
    assert "这个克隆没有配置它" in checked.stderr and "qmonth setup-git" in checked.stderr  # the missing set-up named
    assert "两边是不同的记录" in checked.stderr and "两边的记录都要保留" in checked.stderr
    assert "[units.potou.progress.publicity-media]" in checked.stderr and "qmonth merge-file --fix" in checked.stderr
    assert "请保留正确的一个" not in checked.stderr
    fixed = qm(carol, "merge-file", "--fix", "campaign.toml")
    assert fixed.returncode == 0, fixed.stderr
    assert "两边的记录都已保留" in fixed.stdout
    text = (carol / "campaign.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "=======" not in text
    assert "[units.potou.progress.publicity-media]\ndone = 2024-09-20\n" in text
    assert "[units.potou.progress.publicity-window]\ndone = 2024-09-21\n" in text
    assert text.index("[units.potou.progress.publicity-window]") < text.index("[units.mazhang]")
    assert qm(carol, "check").returncode == 0
    git(carol, "commit", "-qam", "merged")
    assert qm(carol, "merge-file", "--fix", "campaign.toml").stdout.strip().endswith("无需处理。")


@needs_git
def test_git_s_markers_around_one_record_say_keep_one_and_the_fix_leaves_them(upstream: Path) -> None:
    alice, carol = clone(upstream, "alice", setup=True), clone(upstream, "carol", setup=False)
    git(carol, "config", "merge.conflictStyle", "diff3")
    record(alice, "done", "potou", "publicity-banners", "--on", "2024-09-20")
    record(carol, "done", "potou", "publicity-banners", "--on", "2024-09-19")
    assert git(carol, "pull", "-q", "--no-rebase", "--no-edit", str(alice), "main", check=False).returncode != 0
    checked = qm(carol, "check")
    assert checked.returncode == 1 and "两边是同一条记录" in checked.stderr and "请保留正确的一个" in checked.stderr
    assert "两边的记录都要保留" not in checked.stderr
    fixed = qm(carol, "merge-file", "--fix", "campaign.toml")
    assert fixed.returncode == 1 and "仍有 1 处两边都改了且改得不同" in fixed.stderr
    text = (carol / "campaign.toml").read_text(encoding="utf-8")
    assert "<<<<<<< ours (qmonth merge-file)\n[units.potou.progress.publicity-banners]\ndone = 2024-09-19\n" in text
    assert "=======\n[units.potou.progress.publicity-banners]\ndone = 2024-09-20\n" in text
    assert "|||||||" not in text
