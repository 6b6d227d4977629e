"""Operating-system errors in words (qmonth/core/errors.py `os_reason`): Chinese on a Chinese campaign,
with what to do; never the system's English inside a Chinese sentence."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from qmonth.core.errors import os_reason

from .conftest import Run


def test_init_into_a_missing_folder_says_to_create_it(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "x/y/new.toml")
    assert result.exit_code == 3
    assert result.stderr == "无法写入 x/y/new.toml：文件夹 x/y 不存在。请先创建它（mkdir -p x/y），或换一个已有的文件夹。\n"
    english = run("init", "x/y/new.toml", "--lang", "en")
    assert "the folder x/y does not exist. Create it first (mkdir -p x/y)" in english.stderr
    assert not (tmp_path / "x").exists()


def test_a_missing_receipt_sheet_is_said_in_chinese(
    run: Run, shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("receipt", "吴川", "--from", "nope.xlsx", "-f", shipped, "--today", "2024-09-20")
    assert result.exit_code == 2
    assert result.stderr == "无法读取 nope.xlsx：文件不存在，请检查路径。\n"


@pytest.mark.parametrize(
    ("code", "zh"),
    [
        (errno.EROFS, "文件系统是只读的，请换一个可写的位置"),
        (errno.ENOSPC, "磁盘空间已满，请腾出空间后重试"),
        (errno.EACCES, "没有权限，请检查文件和所在文件夹的权限"),
        (errno.EISDIR, "这是一个文件夹，请给出文件名"),
    ],
)
def test_a_failed_write_says_why_in_chinese(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch, code: int, zh: str) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", fail)
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 3
    assert result.stderr == f"无法写入 {shipped}：{zh}。文件未被修改。\n"
    english = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped, "--lang", "en")
    assert os.strerror(code) in english.stderr


def test_an_unknown_errno_keeps_the_systems_words() -> None:
    assert os_reason(OSError(errno.ECHILD, "No child processes")) == ("No child processes", "No child processes")
    assert os_reason(OSError("odd")) == ("OSError", "OSError")
