"""The pre-commit hook fails on evidence files that exist on disk but that git does not track."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT, Run
from tests.test_merge import git, needs_git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copyfile(DEMO, repo / "campaign.toml")
    shutil.copytree(DEMO.parent / "evidence", repo / "evidence")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "campaign.toml")
    git(repo, "add", "evidence")
    git(repo, "rm", "-q", "--cached", "evidence/chikan/receipt.pdf", "evidence/chikan/work-plan.pdf")
    return repo


def hook_args() -> list[str]:
    """The hook's command, as .pre-commit-hooks.yaml declares it (without the leading `qmonth`)."""
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = re.search(r"^\s*entry:\s*(.+)$", hooks, re.MULTILINE)
    assert entry is not None
    words = shlex.split(entry.group(1))
    assert words[0] == "qmonth"
    return words[1:]


@needs_git
def test_the_hook_fails_on_evidence_git_does_not_track(run: Run, repo: Path) -> None:
    camp = repo / "campaign.toml"
    result = run(*hook_args(), camp)
    assert result.exit_code == 1
    text = camp.read_text(encoding="utf-8")
    line = text[: text.index('"evidence/chikan/receipt.pdf"')].count("\n") + 1
    key = "units.chikan.progress.receipt.evidence.0"
    assert f"{camp}:{line}: {key}：佐证材料 “evidence/chikan/receipt.pdf” 在磁盘上，但 git 没有跟踪它" in result.stderr
    assert "evidence/chikan/work-plan.pdf" in result.stderr
    assert result.stderr.count("git 没有跟踪") == 2
    git(repo, "add", "evidence")  # staged is enough: that is what the commit will hold
    assert run(*hook_args(), camp).exit_code == 0


@needs_git
def test_plain_check_only_warns(run: Run, repo: Path) -> None:
    result = run("check", repo / "campaign.toml")
    assert result.exit_code == 0 and "检查通过" in result.stdout
    assert "另有 2 条提醒" in result.stderr and "git 没有跟踪" in result.stderr


def test_outside_a_git_repository_nothing_is_said(run: Run, demo: Path) -> None:
    result = run("check", "--tracked", demo)
    assert result.exit_code == 0 and "git" not in result.stderr
