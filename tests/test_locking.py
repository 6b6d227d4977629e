"""The write lock (qmonth/edit/locking.py): the campaign file itself is locked, so deleting or replacing
a lock file cannot let two writers in; a timeout names who holds the lock."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmonth.cli import app
from qmonth.edit import locking

from .conftest import SHIPPED, Run


def _applicable_pairs(path: Path) -> list[tuple[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        (uid, tid)
        for uid, unit in data["units"].items()
        for tid, task in data["tasks"].items()
        if (unit["kind"] in task["applies_to"] or uid in task["applies_to"]) and tid != "receipt"  # needs its liaison
    ]


def _writer(path: str, unit: str, task: str) -> None:
    """One writer in a forked child: `qmonth done UNIT TASK`, its exit code as the child's."""
    result = CliRunner().invoke(app, ["done", unit, task, "--on", "2024-09-09", "--today", "2024-09-20", "-f", path])
    os._exit(result.exit_code if result.exit_code is not None else 70)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forty_writers_while_the_lock_file_is_deleted_every_50_ms(tmp_path: Path) -> None:
    target = tmp_path / "campaign.toml"
    shutil.copyfile(SHIPPED, target)
    pairs = _applicable_pairs(target)[:40]
    assert len(pairs) == 40
    lock = tmp_path / ".campaign.toml.lock"
    stop = threading.Event()

    def vandal() -> None:  # `git clean -X`, a user told to delete the lock, a script recreating it
        n = 0
        while not stop.is_set():
            if lock.is_dir():
                lock.rmdir()
            else:
                lock.unlink(missing_ok=True)
            if n % 3 == 1:
                lock.write_text("stale\n")
            elif n % 3 == 2:
                lock.mkdir()
            n += 1
            time.sleep(0.05)

    ctx = multiprocessing.get_context("fork")
    vandal_thread = threading.Thread(target=vandal, daemon=True)
    vandal_thread.start()
    started = time.monotonic()
    try:
        procs = [ctx.Process(target=_writer, args=(str(target), u, t)) for u, t in pairs]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=max(1.0, 90 - (time.monotonic() - started)))
    finally:
        stop.set()
        vandal_thread.join()
        for p in procs:
            if p.is_alive():
                p.kill()
    assert time.monotonic() - started < 90
    ok = {pair for pair, p in zip(pairs, procs, strict=True) if p.exitcode == 0}
    assert ok == set(pairs), [p.exitcode for p in procs]  # every writer succeeded ...
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    recorded = {(uid, tid) for uid, unit in data["units"].items() for tid in unit.get("progress", {})}
    assert ok <= recorded  # ... and every writer that exited 0 is in the file


def _hold(path: Path) -> subprocess.Popen[str]:
    """Another process holding the lock on `path` until killed."""
    code = (
        "import fcntl, sys, time\nf = open(sys.argv[1])\nfcntl.flock(f, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\ntime.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.mark.skipif(sys.platform != "linux", reason="flock and /proc/locks")
def test_a_timeout_names_the_holder_and_never_advises_deleting_anything(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locking, "LOCK_TIMEOUT", 0.3)
    link = shipped.parent / "link" / "campaign.toml"
    link.parent.mkdir()
    link.symlink_to(shipped)
    holder = _hold(shipped)
    try:
        before = shipped.read_bytes()
        for lang, words in (("zh", ("正被另一个进程写入", "请等它完成后重试")), ("en", ("is being written by another process",))):
            result = run("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", link, "--lang", lang)
            assert result.exit_code == 4, result.output
            assert f"pid {holder.pid}" in result.stderr
            assert str(link) in result.stderr  # the file the user named
            for word in words:
                assert word in result.stderr
            assert "删除" not in result.stderr and "delete" not in result.stderr.lower()
        assert shipped.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_is_taken_again_when_the_file_was_replaced_meanwhile(shipped: Path) -> None:
    """A writer that waited on a file another writer has since replaced locks the new file."""
    with locking.locked(shipped) as first:
        assert first is not None
        replacement = shipped.with_name("new.toml")
        replacement.write_bytes(shipped.read_bytes() + b"\n")
        os.replace(replacement, shipped)
        assert not locking.same_file(shipped, first.info)
    with locking.locked(shipped, timeout=1) as second:
        assert second is not None and locking.same_file(shipped, second.info)


def test_no_lock_file_is_made(run: Run, shipped: Path) -> None:
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped).exit_code == 0
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["campaign.toml"]


def test_a_lock_path_that_is_a_folder_or_a_symlink_is_harmless(run: Run, shipped: Path) -> None:
    lock = shipped.with_name(".campaign.toml.lock")
    lock.mkdir()
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped).exit_code == 0
    lock.rmdir()
    lock.symlink_to("/nonexistent/elsewhere")
    assert run("done", "xiashan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped).exit_code == 0
