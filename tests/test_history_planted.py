"""History at its edges: rollover's flag after a three-day holiday; `--at DATE` ends the Beijing day."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run, mutate


@pytest.mark.parametrize(
    argnames=("old", "flagged"),
    ids=["1st-working-day", "2nd-working-day", "3rd-working-day"],
    argvalues=[
        ("2024-06-03", "2025-06-03 是 2025-05-31–2025-06-02 连休 3 天后的第 1 个工作日"),  # 端午 2025: Sat–Mon
        ("2024-06-04", "2025-06-04 是 2025-05-31–2025-06-02 连休 3 天后的第 2 个工作日"),
        ("2024-06-05", None),  # the third working day after it: not flagged
    ],
)
def test_rollover_flags_a_deadline_just_after_a_three_day_holiday(run: Run, shipped: Path, old: str, flagged: str | None) -> None:
    mutate(shipped, "issued = 2024-09-07", "issued = 2024-05-20")  # so that a June deadline is a plausible one
    mutate(shipped, "deadline = 2024-10-09", f"deadline = {old}")
    result = run("rollover", "2025", "-f", shipped, "-o", "-")
    assert result.exit_code == 0, (result.stderr, result.exception)
    line = next(n for n, text in enumerate(result.stdout.splitlines(), 1) if text.startswith(f"deadline = 2025-{old[5:]}"))
    said = [s for s in result.stderr.splitlines() if "tasks.summary.deadline" in s]
    if flagged is None:
        assert said == [] and "注意" not in result.stdout.splitlines()[line - 1]
    else:
        assert len(said) == 1 and said[0].endswith(f":{line}：tasks.summary.deadline：注意：{flagged}，请核对。"), said
        assert f"# 注意：{flagged}" in result.stdout.splitlines()[line - 1]


def _git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "质安科", "GIT_AUTHOR_EMAIL": "qa@example.com", "GIT_COMMITTER_NAME": "质安科"}
    env |= {"GIT_COMMITTER_EMAIL": "qa@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True, timeout=30)
    return done.stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_at_a_date_ends_at_beijing_midnight(run: Run, shipped: Path) -> None:
    """A commit at 23:30 Beijing (15:30 UTC) on 9-11 is in `--at 2024-09-11`; one at 00:30 Beijing on 9-12
    (16:30 UTC on 9-11, still 9-11 in UTC) is not."""
    repo = shipped.parent
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "campaign.toml")
    _git(repo, "commit", "-qm", "notice", when="2024-09-08T10:00:00+08:00")
    chikan = ("receipt", "赤坎区", "--mobile", "13800000001", "-f", shipped)
    assert run(*chikan, "--on", "2024-09-11", "--today", "2024-09-11").exit_code == 0
    _git(repo, "commit", "-qam", "late evening", when="2024-09-11T23:30:00+08:00")
    evening = _git(repo, "rev-parse", "HEAD")
    xiashan = ("receipt", "霞山区", "--mobile", "13800000002", "-f", shipped)
    assert run(*xiashan, "--on", "2024-09-12", "--today", "2024-09-12").exit_code == 0
    _git(repo, "commit", "-qam", "after midnight", when="2024-09-12T00:30:00+08:00")
    after = _git(repo, "rev-parse", "HEAD")

    def status(*at: str) -> str:
        result = run("status", "-f", shipped, *at, "--format", "json")
        assert result.exit_code == 0, (result.stderr, result.exception)
        return result.stdout

    on_11 = status("--at", "2024-09-11", "--today", "2024-09-12")  # as of 9-12, so that 霞山's record would show
    assert on_11 == status("--at", evening, "--today", "2024-09-12")  # the 23:30 commit is in
    assert on_11 != status("--at", after, "--today", "2024-09-12")  # the 00:30 one is not
    assert on_11 != status("--at", "2024-09-10", "--today", "2024-09-12")  # nor is 赤坎's before its day
    assert status("--at", "2024-09-12") == status("--at", after, "--today", "2024-09-12")
