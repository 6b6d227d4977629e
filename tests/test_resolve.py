"""What a person types → unit and task ids (qmonth/core/resolve.py): an unknown one with nothing close
lists the ids (a short list) or names the command that lists them — never "相近的有：—"."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate

from .conftest import Run


def test_an_unknown_unit_with_nothing_close_lists_the_units(run: Run, shipped: Path) -> None:
    result = run("done", "zz", "receipt", "-f", shipped, "--today", "2024-09-20")
    assert result.exit_code == 2
    assert result.stderr.startswith("没有编号或名称为 “zz” 的单位。单位编号有：chikan, xiashan, potou,")
    assert "—" not in result.stderr and "相近的有" not in result.stderr
    english = run("status", "--unit", "zz", "-f", shipped, "--lang", "en")
    assert english.exit_code == 2 and "The unit ids are: chikan, xiashan," in english.stderr and "Closest" not in english.stderr


def test_an_unknown_task_with_nothing_close_points_to_the_tasks_command(run: Run, shipped: Path) -> None:
    result = run("done", "chikan", "zzz", "-f", shipped, "--today", "2024-09-20")
    assert result.exit_code == 2
    assert result.stderr == "没有编号或名称为 “zzz” 的任务或主题。运行 `qmonth tasks` 查看所有任务编号。\n"
    english = run("done", "chikan", "zzz", "-f", shipped, "--today", "2024-09-20", "--lang", "en")
    assert english.stderr == "No task or theme has the id or name “zzz”. Run `qmonth tasks` to see every task id.\n"


def test_many_units_and_nothing_close_points_to_status(run: Run, tmp_path: Path) -> None:
    big = tmp_path / "campaign.toml"
    big.write_text(generate(units=40, tasks=3, seed=1), encoding="utf-8")
    result = run("status", "--unit", "qqqqqqqq", "-f", big)
    assert result.exit_code == 2
    assert "运行 `qmonth status` 查看所有单位。" in result.stderr and "—" not in result.stderr


def test_a_close_unit_is_still_suggested(run: Run, shipped: Path) -> None:
    result = run("status", "--unit", "chikn", "-f", shipped)
    assert result.exit_code == 2 and "相近的有：chikan" in result.stderr
