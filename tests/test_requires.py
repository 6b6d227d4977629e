"""`[campaign] requires`: a file for a newer qmonth is refused with the version it needs, read
before anything else in the file (its unknown keys, even its syntax)."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from qmonth.core.requires import requires_problem, version_tuple
from tests.conftest import Run, mutate

RUNNING = version("qmonth")


def test_a_file_needing_a_newer_qmonth_is_refused_with_the_version_and_how_to_upgrade(run: Run, shipped: Path) -> None:
    # a newer qmonth wrote a key this one does not know, and said which version it needs
    mutate(shipped, 'timezone = "Asia/Shanghai"', 'timezone = "Asia/Shanghai"\nrequires = ">=99.3"\nevidence = "证据"')
    line = shipped.read_text(encoding="utf-8").splitlines().index('requires = ">=99.3"') + 1
    result = run("status", "-f", shipped, "--today", "2024-09-05")
    assert result.exit_code == 1
    said = f"{shipped}:{line}: campaign.requires：此文件需要 qmonth ≥ 99.3，当前运行的是 {RUNNING}。请升级：pipx upgrade qmonth"
    assert said in result.stderr
    assert "evidence" not in result.stderr  # not "unknown key": the version is the one thing to say
    en = run("check", shipped, "--lang", "en")
    assert en.exit_code == 1 and f"this file needs qmonth ≥ 99.3; this is {RUNNING}. Upgrade with" in en.stderr


def test_a_newer_syntax_is_refused_the_same_way(run: Run, shipped: Path) -> None:
    mutate(shipped, 'timezone = "Asia/Shanghai"', 'timezone = "Asia/Shanghai"\nrequires = ">=99.0"\nnew = {\n a = 1,\n}')
    result = run("check", shipped)
    assert result.exit_code == 1 and "此文件需要 qmonth ≥ 99.0" in result.stderr and "TOML" not in result.stderr


def test_a_satisfied_requirement_reads_and_a_bad_one_is_located(run: Run, shipped: Path) -> None:
    mutate(shipped, 'timezone = "Asia/Shanghai"', f'timezone = "Asia/Shanghai"\nrequires = ">={RUNNING}"')
    assert run("check", shipped).exit_code == 0
    mutate(shipped, f'requires = ">={RUNNING}"', 'requires = "latest"')
    bad = run("check", shipped)
    assert bad.exit_code == 1 and "campaign.requires：“latest” 不是版本要求" in bad.stderr


def test_versions_compare_by_number() -> None:
    assert version_tuple("0.10") > version_tuple("0.9") and version_tuple("0.3.0") == version_tuple("0.3")
    assert requires_problem("0.3", running="0.3.1") is None and requires_problem(">= 0.3", running="0.2.9") is not None
    assert requires_problem(">=1.0", running="1.0.0rc1") is None
