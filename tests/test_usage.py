"""Usage errors (qmonth/cli/usage.py): Click's English "Usage: … Error: …" becomes one message in the
campaign's language (or --lang, or $QMONTH_LANG), naming the option and what it accepts; exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run


def _english(path: Path) -> Path:
    text = path.read_text(encoding="utf-8").replace('language = "zh"', 'language = "en"', 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ("status", "--format", "xml"),
            "--format 的值 “xml” 无效，可选：table、json、csv、markdown。",
            "Invalid value “xml” for --format; choose one of: table, json, csv, markdown.",
        ),
        (("waive", "chikan", "plan"), "缺少选项 --reason", "Missing option --reason"),
        (("export", "xlsx"), "缺少选项 --output", "Missing option --output"),
        (
            ("chase", "赤坎", "--by", "fax"),
            "--by 的值 “fax” 无效，可选：phone、visit、letter、meeting。",
            "choose one of: phone, visit, letter, meeting",
        ),
        (("remind", "--within", "-1"), "--within 的值 “-1” 超出范围：应在 0 到 60 之间。", "it must be between 0 and 60"),
        (("remind", "--within", "abc"), "--within 的值 “abc” 不是整数。", "is not a whole number"),
        (("status", "extra"), "多余的参数：extra。", "Unexpected extra argument(s): extra."),
        (("status", "--bogus"), "没有选项 --bogus。", "No such option: --bogus."),
        (("status", "--today="), "--today 的值不能为空", "--today needs a value"),
        (("export", "foo"), "没有命令 “foo”。可用的命令：xlsx、ics。", "Commands: xlsx, ics."),
    ],
)
def test_usage_errors_speak_the_campaigns_language(run: Run, shipped: Path, args: tuple[str, ...], zh: str, en: str) -> None:
    result = run(*args, "-f", shipped)
    assert result.exit_code == 2, result.output
    assert zh in result.stderr and "Error" not in result.stderr and "Usage:" not in result.stderr
    english = run(*args, "-f", _english(shipped))
    assert english.exit_code == 2 and en in english.stderr and "Error:" not in english.stderr


def test_help_hint_names_the_command(run: Run, shipped: Path) -> None:
    result = run("status", "-f", shipped, "--format", "xml")
    assert result.stderr.splitlines()[-1] == "用 `qmonth status -h` 查看用法。"
    assert run("status", "-f", shipped, "--format", "xml", "--lang", "en").stderr.splitlines()[-1] == (
        "Run `qmonth status -h` for usage."
    )


def test_lang_option_and_environment_pick_the_language(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "Invalid value “xml” for --format" in run("status", "-f", shipped, "--lang", "en", "--format", "xml").stderr
    monkeypatch.setenv("QMONTH_LANG", "en")
    assert "Invalid value “xml” for --format" in run("status", "-f", shipped, "--format", "xml").stderr
    # --lang itself wrong: the environment still decides
    assert "Invalid value “fr” for --lang; choose one of: zh, en." in run("status", "--lang", "fr").stderr


def test_a_mistyped_command_is_suggested_once(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no campaign here: Chinese by default
    result = run("statsu")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "没有命令 “statsu”。你是不是想输入 status？"
    assert result.stderr.count("status？") == 1


def test_no_arguments_still_shows_help(run: Run) -> None:
    result = run()
    assert result.exit_code == 2 and "用法：qmonth" in result.output  # in Chinese (tests/test_helptext.py)
