"""Shell completion of unit and task ids and names (through Click's completion API), and `qmonth tasks`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from typer.main import get_command

from qmonth.cli import app
from tests.conftest import DEMO, SHIPPED, Run


def complete(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    completer = ShellComplete(get_command(app), {}, "qmonth", "_QMONTH_COMPLETE")
    return [(item.value, item.help) for item in completer.get_completions(args, incomplete)]


def test_unit_ids_complete_with_their_names_as_help() -> None:
    assert complete(["done", "-f", str(DEMO)], "x") == [("xiashan", "霞山区"), ("xuwen", "徐闻县")]
    assert ("chikan", "赤坎区") in complete(["status", "-f", str(DEMO), "--unit"], "")
    assert complete(["remind", "-f", str(DEMO), "-u"], "lian") == [("lianjiang", "廉江市")]


def test_unit_names_complete_too() -> None:
    assert complete(["waive", "-f", str(DEMO)], "赤") == [("赤坎区", "chikan")]
    assert complete(["done", "-f", str(DEMO)], "湛江市赤") == [("湛江市赤坎区住房和城乡建设局", "chikan")]


def test_task_ids_theme_ids_and_titles_complete() -> None:
    got = complete(["done", "-f", str(DEMO), "chikan"], "publicity")
    assert got[0] == ("publicity", "（一）广泛开展主题活动宣传")
    assert [v for v, _ in got[1:]] == ["publicity-media", "publicity-materials", "publicity-banners", "publicity-window"]
    assert complete(["undo", "-f", str(DEMO), "chikan", "receipt"], "sum") == [
        ("summary", "报送“质量月”活动总结材料及视频、照片等佐证材料")
    ]
    assert complete(["done", "-f", str(DEMO), "chikan"], "报送联") == [("报送联络员回执", "receipt")]


def test_the_campaign_file_is_found_as_the_command_would(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QMONTH_FILE", str(DEMO))
    assert complete(["done"], "chi") == [("chikan", "赤坎区")]
    monkeypatch.setenv("QMONTH_FILE", str(tmp_path / "missing.toml"))
    assert complete(["done"], "chi") == []  # no file: nothing offered, no error


def test_completion_through_the_shell_protocol(tmp_path: Path) -> None:
    """What bash runs on TAB: the env-var protocol of Typer's completion, in a real process."""
    env = {**os.environ, "_QMONTH_COMPLETE": "complete_bash", "COMP_WORDS": f"qmonth done -f {DEMO} ch", "COMP_CWORD": "4"}
    script = Path(sys.executable).parent / "qmonth"  # the installed entry point, as the shell calls it
    out = subprocess.run([str(script)], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["chikan"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(run: Run, shell: str) -> None:
    result = run("--show-completion", shell)
    assert result.exit_code == 0 and "_QMONTH_COMPLETE" in result.stdout


def test_tasks_lists_themes_tasks_ids_deadlines_and_whom(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    result = run("tasks", "-f", SHIPPED)
    assert result.exit_code == 0
    out = result.stdout
    assert "（一）广泛开展主题活动宣传  [publicity]" in out and "有关要求：组织领导与总结报告  [reporting]" in out
    receipt = next(line for line in out.splitlines() if line.startswith("receipt "))
    assert "2024-09-10" in receipt and "报送联络员回执" in receipt and "县（市、区）住建部门" in receipt
    summary = next(line for line in out.splitlines() if line.startswith("summary "))
    assert "2024-10-09" in summary
    assert "2024-09-30 *" in out  # no deadline in the notice: the campaign's end, marked


def test_tasks_for_one_unit_and_as_json(run: Run) -> None:
    out = run("tasks", "-f", SHIPPED, "-u", "参建企业").stdout
    assert "publicity-materials" in out and "policy-briefing" not in out
    data = json.loads(run("tasks", "-f", SHIPPED, "--format", "json").stdout)
    assert len(data["tasks"]) == 21 and next(t["id"] for t in data["themes"]) == "publicity"
    receipt = next(t for t in data["tasks"] if t["id"] == "receipt")
    assert receipt["deadline"] == "2024-09-10" and len(receipt["units"]) == 14 and "county" in receipt["applies_to"]


@pytest.mark.parametrize(
    ("shell", "script"),
    [("bash", ".bash_completions/qmonth.sh"), ("zsh", ".zfunc/_qmonth"), ("fish", ".config/fish/completions/qmonth.fish")],
)
def test_one_command_installs_completion(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shell: str, script: str
) -> None:
    import shellingham

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shellingham, "detect_shell", lambda: (shell, f"/bin/{shell}"))  # the user's shell
    result = run("--install-completion")
    assert result.exit_code == 0, result.output
    assert "_QMONTH_COMPLETE" in (tmp_path / script).read_text(encoding="utf-8")
