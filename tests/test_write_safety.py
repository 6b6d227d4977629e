"""Writes that never lose anything (qmonth/edit/write.py, starter.py): read-only and hard-linked files
refused, owner/group/mode kept, stale temporary files removed, a hand edit saved just before the
rename kept, write faults (full disk, file-size limit) exit 3 with their cause, `init` atomic."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from qmonth.edit import write

from .conftest import SHIPPED, Run

DONE = ("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20")


def _recorded(path: Path) -> set[tuple[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(uid, tid) for uid, unit in data["units"].items() for tid in unit.get("progress", {})}


@pytest.mark.parametrize("mode", [0o444, 0o555, 0o400])
def test_a_read_only_file_is_refused(run: Run, shipped: Path, mode: int) -> None:
    shipped.chmod(mode)  # even for root, who may write anything: the mode says someone meant it
    before = shipped.read_bytes()
    for lang, words in (("zh", "是只读文件"), ("en", "is read-only")):
        result = run(*DONE, "-f", shipped, "--lang", lang)
        assert result.exit_code == 3, result.output
        assert f"{shipped} {words}" in result.stderr
    assert shipped.read_bytes() == before and (shipped.stat().st_mode & 0o777) == mode


def test_a_hard_linked_file_is_refused(run: Run, shipped: Path) -> None:
    other = shipped.with_name("copy.toml")
    os.link(shipped, other)
    before = shipped.read_bytes()
    result = run(*DONE, "-f", shipped)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{shipped} 有 2 个硬链接")
    assert shipped.read_bytes() == before == other.read_bytes()
    assert os.stat(shipped).st_ino == os.stat(other).st_ino


def test_mode_is_kept(run: Run, shipped: Path) -> None:
    shipped.chmod(0o600)
    assert run(*DONE, "-f", shipped).exit_code == 0
    assert (shipped.stat().st_mode & 0o7777) == 0o600
    assert ("chikan", "summary") in _recorded(shipped)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_root_writing_a_users_file_keeps_its_owner_and_group(run: Run, shipped: Path) -> None:
    os.chown(shipped, 4321, 4322)
    shipped.chmod(0o640)
    assert run(*DONE, "-f", shipped).exit_code == 0
    info = shipped.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (4321, 4322, 0o640)
    assert [p.name for p in shipped.parent.iterdir()] == ["campaign.toml"]  # no root-owned lock file either


def test_stale_temporary_files_of_a_killed_run_are_removed(run: Run, shipped: Path) -> None:
    stale = [shipped.with_name(".campaign.toml.k1ll3d.tmp"), shipped.with_name(".campaign.toml.x8a_2qz9.tmp")]
    for tmp in stale:
        tmp.write_text("half a campaign", encoding="utf-8")
    keep = shipped.with_name("notes.tmp")
    keep.write_text("mine", encoding="utf-8")
    assert run(*DONE, "-f", shipped).exit_code == 0
    assert not any(tmp.exists() for tmp in stale)
    assert keep.read_text(encoding="utf-8") == "mine"


def test_a_killed_write_leaves_the_file_whole_and_the_next_write_cleans_up(shipped: Path, tmp_path: Path) -> None:
    """kill -9 in the middle of a write (here: right after the temporary file is synced)."""
    code = (
        "import os, sys\n"
        "from qmonth.edit import write\n"
        "real = write._same_owner_and_mode\n"
        "def die(tmp, like):\n"
        "    real(tmp, like)\n"
        "    os.kill(os.getpid(), 9)\n"
        "write._same_owner_and_mode = die\n"
        "from qmonth.cli import main\n"
        "sys.argv = ['qmonth', *sys.argv[1:]]\n"
        "main()\n"
    )
    before = shipped.read_bytes()
    done = subprocess.run([sys.executable, "-c", code, *DONE, "-f", str(shipped)], capture_output=True, timeout=60)
    assert done.returncode == -9
    assert shipped.read_bytes() == before
    assert len(list(shipped.parent.glob(".campaign.toml.*.tmp"))) == 1
    ok = subprocess.run([sys.executable, "-m", "qmonth", *DONE, "-f", str(shipped)], capture_output=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert list(shipped.parent.glob(".campaign.toml.*.tmp")) == []


def test_a_hand_edit_saved_just_before_the_rename_is_kept(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saves the file after qmonth read it, a moment before qmonth renames its result
    over it: qmonth notices, starts again from the edited text, and both changes are there."""
    real = write._same_owner_and_mode
    edits = []

    def editor_saves(tmp: str, like: os.stat_result | None) -> None:
        real(tmp, like)
        if not edits:
            text = shipped.read_text(encoding="utf-8").replace("# ", "# 手工修改 ", 1)
            shipped.write_text(text, encoding="utf-8")  # in place, as many editors save
            edits.append(text)

    monkeypatch.setattr(write, "_same_owner_and_mode", editor_saves)
    assert run(*DONE, "-f", shipped).exit_code == 0
    after = shipped.read_text(encoding="utf-8")
    assert "# 手工修改 " in after
    assert ("chikan", "summary") in _recorded(shipped)
    assert list(shipped.parent.glob(".campaign.toml.*.tmp")) == []


def test_an_editor_replacing_the_file_just_before_the_rename_is_kept(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = write._same_owner_and_mode
    saved = []

    def editor_renames(tmp: str, like: os.stat_result | None) -> None:  # vim, VS Code: a new file renamed over
        real(tmp, like)
        if not saved:
            new = shipped.with_name("campaign.toml~new")
            new.write_text(shipped.read_text(encoding="utf-8") + "\n# 末尾的手工注释\n", encoding="utf-8")
            os.replace(new, shipped)
            saved.append(True)

    monkeypatch.setattr(write, "_same_owner_and_mode", editor_renames)
    assert run(*DONE, "-f", shipped).exit_code == 0
    assert shipped.read_text(encoding="utf-8").endswith("# 末尾的手工注释\n")
    assert ("chikan", "summary") in _recorded(shipped)


@pytest.mark.parametrize(("err", "zh"), [(errno.ENOSPC, "No space left on device"), (errno.EDQUOT, "Disk quota exceeded")])
def test_a_full_disk_is_exit_3_with_its_cause(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch, err: int, zh: str
) -> None:
    def full(fd: int) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "fsync", full)
    before = shipped.read_bytes()
    result = run(*DONE, "-f", shipped, "--lang", "en")
    assert result.exit_code == 3, result.output
    assert f"Cannot write {shipped}: {os.strerror(err)}" in result.stderr
    assert shipped.read_bytes() == before
    assert [p.name for p in shipped.parent.iterdir()] == ["campaign.toml"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs resource limits")
def test_a_file_size_limit_is_exit_3_with_its_cause(shipped: Path) -> None:
    import resource

    size = shipped.stat().st_size

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, size // 2))

    before = shipped.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "qmonth", *DONE, "-f", str(shipped), "--lang", "en"],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    assert "File too large" in done.stderr and "Traceback" not in done.stderr
    assert shipped.read_bytes() == before
    assert list(shipped.parent.glob(".campaign.toml.*.tmp")) == []


def test_init_on_a_full_disk_leaves_nothing(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "campaign.toml"
    result = run("init", str(target), "--lang", "en")
    assert result.exit_code == 3
    assert "No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_never_overwrites_and_writes_a_whole_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "campaign.toml"
    assert run("init", str(target)).exit_code == 0
    first = target.read_bytes()
    assert run("check", "-f", target).exit_code == 0
    assert run("init", str(target)).exit_code == 3
    assert target.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["campaign.toml"]
    dangling = tmp_path / "link.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    assert run("init", str(dangling)).exit_code == 3
    assert not (tmp_path / "nowhere.toml").exists()


def test_the_shipped_file_still_validates_after_a_write(run: Run, shipped: Path) -> None:
    assert run(*DONE, "-f", shipped).exit_code == 0
    assert run("check", "-f", shipped).exit_code == 0
    assert shipped.read_bytes() != SHIPPED.read_bytes()


def test_a_file_error_speaks_the_campaigns_language(run: Run, shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8")
    assert 'language = "zh"' in text
    shipped.write_text(text.replace('language = "zh"', 'language = "en"', 1), encoding="utf-8")
    shipped.chmod(0o444)
    result = run(*DONE, "-f", shipped)
    assert result.exit_code == 3
    assert f"{shipped} is read-only" in result.stderr
