"""`-o` refuses what it must not destroy (the campaign, its 催办 log, its evidence, anything that is
not a regular file), for export, report and rollover alike; and every output is written
atomically: a failed write leaves nothing behind."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO, Run

COMMANDS = {
    "xlsx": ["export", "xlsx"],
    "ics": ["export", "ics"],
    "report": ["report", "--format", "html"],
    "rollover": ["rollover", "2025"],
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The demo campaign with one of its evidence files present and a 催办 log beside it."""
    shutil.copyfile(DEMO, tmp_path / "campaign.toml")
    (tmp_path / "evidence" / "chikan").mkdir(parents=True)
    (tmp_path / "evidence" / "chikan" / "receipt.pdf").write_bytes(b"%PDF-1.4 evidence")
    (tmp_path / "campaign.log.jsonl").write_text("", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    os.symlink("/dev/null", tmp_path / "devlink")
    os.symlink("campaign.toml", tmp_path / "campaign-link.toml")
    return tmp_path


def _state(path: Path) -> tuple[int, bytes | None]:
    info = os.lstat(path)
    return info.st_mode, path.read_bytes() if stat.S_ISREG(info.st_mode) else None


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(
    ("target", "code_zh"),
    [
        ("campaign.toml", "是活动文件本身"),
        ("campaign-link.toml", "是活动文件本身"),  # the campaign through a symlink
        ("campaign.log.jsonl", "是活动的催办记录"),
        ("evidence/chikan/receipt.pdf", "佐证材料"),
        ("evidence/chikan/work-plan.pdf", "佐证材料"),  # referenced, not there yet: still the campaign's
        ("/dev/null", "不是普通文件"),
        ("devlink", "不是普通文件"),
        ("folder", "不是普通文件"),
        ("fifo", "不是普通文件"),
    ],
)
def test_o_refuses_and_changes_nothing(
    run: Run, folder: Path, monkeypatch: pytest.MonkeyPatch, command: str, target: str, code_zh: str
) -> None:
    monkeypatch.chdir(folder)
    watched = [Path(p) for p in ("campaign.toml", "campaign.log.jsonl", "evidence/chikan/receipt.pdf", "fifo", "devlink")]
    before = {p: _state(p) for p in watched}
    null_before = os.stat("/dev/null").st_mode
    listing = sorted(os.listdir(folder))
    result = run(*COMMANDS[command], "-f", "campaign.toml", "-o", target)
    assert result.exit_code == 3, result.output
    assert f"-o {target} " in result.stderr and code_zh in result.stderr and "未做任何修改" in result.stderr
    assert {p: _state(p) for p in watched} == before
    assert sorted(os.listdir(folder)) == listing  # no temporary file, no new file
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and os.stat("/dev/null").st_mode == null_before


def test_o_refusal_in_english_and_dash_stays_stdout(run: Run, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    result = run("export", "ics", "-f", "campaign.toml", "-o", "campaign.log.jsonl", "--lang", "en")
    assert result.exit_code == 3 and "is the campaign's 催办 log; nothing was changed" in result.stderr
    result = run("export", "ics", "-f", "campaign.toml", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("BEGIN:VCALENDAR")
    result = run("export", "ics", "-f", "campaign.toml", "-o", "evidence/other.ics")  # beside evidence: fine
    assert result.exit_code == 0 and (folder / "evidence" / "other.ics").exists()


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_failed_write_leaves_nothing(run: Run, folder: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    monkeypatch.chdir(folder)
    listing = sorted(os.listdir(folder))
    _full_disk(monkeypatch)
    result = run(*COMMANDS[command], "-f", "campaign.toml", "-o", "out.file")
    assert result.exit_code == 3, result.output
    assert "无法写入 out.file" in result.stderr
    assert sorted(os.listdir(folder)) == listing  # no empty file, no temporary file
    assert "已写入" not in result.stdout


def test_an_existing_output_keeps_its_content_when_the_write_fails(
    run: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    (folder / "old.xlsx").write_bytes(b"last week's workbook")
    _full_disk(monkeypatch)
    assert run("export", "xlsx", "-f", "campaign.toml", "-o", "old.xlsx").exit_code == 3
    assert (folder / "old.xlsx").read_bytes() == b"last week's workbook"


def test_rollover_over_a_file_size_limit_leaves_no_file(folder: Path) -> None:
    """A real process under `ulimit -f` (the new campaign is ~40 KB, the limit 8 KB)."""
    qmonth = Path(sys.executable).parent / "qmonth"
    out = subprocess.run(
        ["bash", "-c", f"ulimit -f 8; exec {qmonth} rollover 2025 -f campaign.toml"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 3, out.stderr
    assert "campaign-2025.toml" in out.stderr and "已写入" not in out.stdout
    assert not (folder / "campaign-2025.toml").exists()
    assert not [p for p in os.listdir(folder) if p.endswith(".tmp")]
