"""Help (`-h`) in the user's language (qmonth/cli/helptext.py): Chinese by default, English with --lang en,
$QMONTH_LANG=en or a campaign whose language is en, picked as usage errors pick theirs; every
command's and option's help has its Chinese, and the completion options speak the same language."""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from rich.cells import cell_len
from typer.main import get_command

from qmonth.cli import app
from qmonth.cli.helptext import ZH, key

from .conftest import SHIPPED, Run

COMMANDS = ["", "status", "remind", "tasks", "check", "init", "done", "undo", "waive", "receipt", "chase"]
COMMANDS += ["trend", "log", "rollover", "report", "merge-file", "export", "export xlsx", "export ics", "calendar"]
COMMANDS += ["links", "serve"]


@pytest.fixture(autouse=True)
def _no_campaign_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no campaign.toml is found, so that the language is only what each test gives."""
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)


def _english(tmp_path: Path) -> Path:
    path = tmp_path / "en.toml"
    path.write_text(SHIPPED.read_text(encoding="utf-8").replace('language = "zh"', 'language = "en"', 1), encoding="utf-8")
    return path


def _help(run: Run, *args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _texts(cmd: click.Command, path: str = "qmonth") -> Iterator[tuple[str, str]]:
    """(where, English text) for every help in the command tree, as Click would show it."""
    ctx = click.Context(cmd, info_name=path)
    if cmd.help:
        yield path, inspect.cleandoc(cmd.help)
    for param in cmd.get_params(ctx):
        text = getattr(param, "help", None)
        if text:
            yield f"{path} {param.opts[0]}", text
    if isinstance(cmd, click.Group):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            assert sub is not None
            yield from _texts(sub, f"{path} {name}")


def _all_texts(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    texts = dict(_texts(get_command(app)))
    # Typer words its completion options differently when it may not detect the shell
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    texts.update((f"{where} (no detection)", text) for where, text in _texts(get_command(app)))
    return texts


def test_every_command_and_option_help_has_its_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _all_texts(monkeypatch)
    missing = {where: text for where, text in texts.items() if key(text) not in ZH}
    assert not missing, f"no Chinese in qmonth/cli/helptext.py ZH for: {missing}"
    unused = set(ZH) - {key(text) for text in texts.values()}
    assert not unused, f"ZH translates help that no command has (edited or removed?): {unused}"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in value) for value in ZH.values())


def test_root_help_is_chinese_by_default(run: Run) -> None:
    out = _help(run, "-h")
    lines = out.splitlines()
    assert lines[0] == "用法：qmonth [选项] 命令 [参数]..."
    assert "  用一个 TOML 文件跟踪质量月活动：谁完成了什么、什么已逾期、该给谁打电话。" in lines
    assert "选项：" in lines and "命令：" in lines
    assert "  -h, --help            显示此帮助并退出。" in lines
    assert "  --install-completion  为当前的 shell 安装命令补全。" in lines
    assert "  status      各单位进度和逾期清单；活动结束后显示最终总结" in lines  # asides dropped to fit one line
    assert "  tasks       列出主题和任务：编号、截止日期、适用单位、要求的佐证材料" in lines
    for english in ("Usage:", "Options", "Commands", "Show this message", "Progress of every unit"):
        assert english not in out
    bare = run()  # no arguments: the same help, on stderr, exit 2 (as before)
    assert bare.exit_code == 2 and bare.stderr == out


def test_status_and_remind_help_in_chinese(run: Run) -> None:
    status = _help(run, "status", "-h")
    assert status.startswith("用法：qmonth status [选项]\n")
    assert "table（默认）、json、csv（供 Excel 使用）或\n" in status and "markdown。  [默认：table]" in status
    assert "  -f, --file PATH                 活动文件（默认：$QMONTH_FILE，否则为当前文件夹\n" in status
    remind = _help(run, "remind", "-h")
    assert "今天应发的催办提醒" in remind and "[0<=x<=60]" in remind and "[默认：text]" in remind
    assert "同时发送到每个 [notify.NAME] 渠道" in remind  # brackets in help are text, not markup
    done = _help(run, "done", "-h")
    assert "参数：\n  UNIT     [必填]\n  TASK...  [必填]\n" in done
    assert "`qmonth tasks` 列出所有编号。" in done


@pytest.mark.parametrize("command", COMMANDS)
def test_chinese_help_fits_the_terminal(run: Run, command: str) -> None:
    """Lines are measured in terminal cells (a Chinese character is two), to Click's width (80 here:
    Click's test runner forces it)."""
    out = _help(run, *command.split(), "-h")
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "Usage:" not in out and "Show this message and exit." not in out


@pytest.mark.parametrize("command", ["", "status", "remind"])
def test_english_with_lang_environment_or_campaign(
    run: Run, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = command.split()
    expected = f"Usage: qmonth {command + ' ' if command else ''}[OPTIONS]"
    english_file = _english(tmp_path)
    if command:  # the commands take --lang and -f (anywhere on the line, even after -h)
        assert _help(run, *args, "-h", "--lang", "en").startswith(expected)
        assert _help(run, *args, "-h", "-f", english_file).startswith(expected)
        assert _help(run, *args, "-h", "-f", SHIPPED).startswith(f"用法：qmonth {command} [选项]")
        assert _help(run, *args, "-h", "-f", english_file, "--lang", "zh").startswith("用法：")
    monkeypatch.chdir(english_file.parent)  # a campaign.toml here says en
    english_file.rename(english_file.parent / "campaign.toml")
    out = _help(run, *args, "-h")
    assert out.startswith(expected) and "Show this message and exit." in out and "显示此帮助" not in out
    monkeypatch.setenv("QMONTH_LANG", "zh")  # the environment wins over the campaign
    assert _help(run, *args, "-h").startswith("用法：")
    monkeypatch.setenv("QMONTH_LANG", "en")
    monkeypatch.chdir(tmp_path / "empty")
    assert _help(run, *args, "-h").startswith(expected)


def test_english_help_is_clicks_own(run: Run) -> None:
    out = _help(run, "status", "-h", "--lang", "en")
    assert "table (default), json, csv (for Excel) or\n" in out and "markdown.  [default: table]" in out
    assert "Options:\n" in out and "选项" not in out


def test_help_costs_nothing_when_not_asked_for() -> None:
    """The translations are imported only to show help."""
    code = (
        "import sys\nfrom qmonth.cli import app\n"
        f"app(['tasks', '-f', {str(SHIPPED)!r}], standalone_mode=False)\n"
        "print('helptext' if 'qmonth.cli.helptext' in sys.modules else 'lazy')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "lazy"


# ── completion ────────────────────────────────────────────────────────────────


def _shell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str | None) -> None:
    import shellingham

    def detect() -> tuple[str, str]:
        if name is None:
            raise shellingham.ShellDetectionFailure()
        return name, f"/bin/{name}"

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shellingham, "detect_shell", detect)


def test_install_completion_says_so_in_chinese_and_english(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _shell(monkeypatch, tmp_path, "bash")
    script = tmp_path / ".bash_completions" / "qmonth.sh"
    result = run("--install-completion")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已为 bash 安装命令补全：{script}\n重新打开终端后补全即生效。\n"
    assert "_QMONTH_COMPLETE" in script.read_text(encoding="utf-8")
    monkeypatch.setenv("QMONTH_LANG", "en")
    result = run("--install-completion")
    assert result.exit_code == 0
    assert result.stdout == f"bash completion installed in {script}\nCompletion will take effect once you restart the terminal.\n"


def test_unknown_or_undetected_shell_is_said_in_the_users_language(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _shell(monkeypatch, tmp_path, "tcsh")
    for option in ("--install-completion", "--show-completion"):
        result = run(option)
        assert result.exit_code == 1
        assert result.stderr == "不支持为 tcsh 安装补全：qmonth 支持 bash、zsh、fish 和 PowerShell。\n"
    assert not (tmp_path / ".bashrc").exists()
    _shell(monkeypatch, tmp_path, None)
    monkeypatch.setenv("QMONTH_LANG", "en")
    result = run("--install-completion")
    assert result.exit_code == 1 and result.stderr.startswith("Cannot tell which shell this is")
