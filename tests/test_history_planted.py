"""History at its edges: rollover's flag after a three-day holiday; `--at DATE` ends the Beijing day."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run, mutate


@pytest.mark.parametrize(
    ("old", "flagged"),
    [
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
