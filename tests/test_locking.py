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


# ── the lock itself, in-process (what mutation testing reaches) ───────────────


def _fake_stat(ino: int) -> os.stat_result:
    return os.stat_result((0o100644, ino, 2049, 1, 0, 0, 10, 0, 0, 0))


def _other_holder(path: Path) -> int:
    """This process holding the lock through a descriptor of its own (flock locks belong to the
    open file, so `locked` on another descriptor waits for it)."""
    import fcntl

    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_held_is_the_locked_descriptor_closed_after_the_block(shipped: Path) -> None:
    with locking.locked(shipped) as held:
        assert held is not None
        assert os.path.samestat(os.fstat(held.fd), os.stat(shipped))
        assert held.info.st_ino == os.stat(shipped).st_ino and held.info.st_size == shipped.stat().st_size
        fd = held.fd
    with pytest.raises(OSError):
        os.fstat(fd)  # closed: the lock is released
    with locking.locked(shipped, timeout=0) as again:  # and free at once
        assert again is not None


@pytest.mark.parametrize(("timeout", "shown"), [(0.1, "给用户看的路径.toml"), (None, None)])
def test_waiting_gives_up_after_the_timeout_naming_this_process(
    shipped: Path, monkeypatch: pytest.MonkeyPatch, timeout: float | None, shown: str | None
) -> None:
    from qmonth.core.errors import ConflictError

    monkeypatch.setattr(locking, "LOCK_TIMEOUT", 0.15)  # used when no timeout is given
    opened: list[int] = []
    real_open = locking._open
    monkeypatch.setattr(locking, "_open", lambda path: opened.append(fd := real_open(path)) or fd)
    fd = _other_holder(shipped)
    try:
        before = len(os.listdir("/dev/fd"))
        started = time.monotonic()
        with pytest.raises(ConflictError) as caught, locking.locked(shipped, timeout, Path(shown) if shown else None):
            pass
        took = time.monotonic() - started
        assert len(os.listdir("/dev/fd")) == before  # every try's descriptor closed
    finally:
        os.close(fd)
    wait = 0.15 if timeout is None else timeout
    assert wait <= took < 1.0  # polled every POLL seconds until the deadline, not at once, not for long
    assert 2 <= len(opened) <= wait / locking.POLL + 2  # tried again and again
    err = caught.value
    assert err.code == "lock_timeout" and err.exit_code == 4
    assert err.params["path"] == (Path(shown) if shown else shipped)
    assert err.params["seconds"] == f"{wait:g}"
    assert str(err.params["holder"]).startswith(f"pid {os.getpid()}")


def test_a_holder_nobody_can_name_is_a_dash(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmonth.core.errors import ConflictError

    monkeypatch.setattr(locking, "holder", lambda info: "")
    fd = _other_holder(shipped)
    try:
        with pytest.raises(ConflictError) as caught, locking.locked(shipped, 0.05):
            pass
    finally:
        os.close(fd)
    assert caught.value.params["holder"] == "—"


def test_a_file_system_without_locks_is_refused_with_the_reason(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import fcntl

    from qmonth.core.errors import ConflictError, os_reason

    opened: list[int] = []

    def opener() -> int:
        opened.append(os.open(shipped, os.O_RDONLY))
        return opened[-1]

    refusal = OSError(errno.ENOLCK, "No locks available")

    def no_locks(fd: int, how: int) -> None:
        raise refusal

    monkeypatch.setattr(fcntl, "flock", no_locks)
    before = len(os.listdir("/dev/fd"))
    with pytest.raises(ConflictError) as caught, locking.hold(shipped, opener, locking.same_file, 5, Path("shown.toml")):
        pass
    assert caught.value.code == "lock_failed"
    assert caught.value.params == {"path": Path("shown.toml"), "reason": os_reason(refusal)}
    assert len(opened) == 1 and len(os.listdir("/dev/fd")) == before  # opened once, and closed


def test_a_replaced_file_is_opened_and_locked_again(shipped: Path) -> None:
    opened: list[int] = []
    answers = [False, True]
    asked: list[tuple[Path, int]] = []

    def opener() -> int:
        opened.append(os.open(shipped, os.O_RDONLY))
        return opened[-1]

    def same(path: Path, info: os.stat_result) -> bool:
        asked.append((path, info.st_ino))
        return answers.pop(0)

    before = len(os.listdir("/dev/fd"))
    with locking.hold(shipped, opener, same, 5, shipped) as held:
        assert len(opened) == 2 and held.fd == opened[1]
        assert len(os.listdir("/dev/fd")) == before + 1  # the first, replaced meanwhile, closed
    assert len(os.listdir("/dev/fd")) == before
    assert asked == [(shipped, shipped.stat().st_ino)] * 2


def test_same_inode_and_same_file(shipped: Path) -> None:
    info = os.stat(shipped)
    assert locking.same_inode(shipped, info) and locking.same_file(shipped, info)
    with shipped.open("a", encoding="utf-8") as fh:  # appended to: the same file, not the same content
        fh.write("\n")
    assert locking.same_inode(shipped, info) and not locking.same_file(shipped, info)
    assert locking.same_file(shipped, os.stat(shipped))
    replacement = shipped.with_name("new.toml")
    replacement.write_bytes(shipped.read_bytes())
    os.replace(replacement, shipped)
    assert not locking.same_inode(shipped, info)
    missing = shipped.with_name("missing.toml")
    assert not locking.same_inode(missing, info) and not locking.same_file(missing, info)


@pytest.mark.skipif(sys.platform != "linux", reason="/proc/locks")
def test_the_holder_is_read_from_proc_locks(shipped: Path) -> None:
    import pwd

    fd = _other_holder(shipped)
    try:
        said = locking.holder(os.fstat(fd))
    finally:
        os.close(fd)
    assert said.startswith(f"pid {os.getpid()}, {pwd.getpwuid(os.getuid()).pw_name}, ")
    assert locking.holder(os.stat(SHIPPED)) == ""  # nobody holds the shipped file


def test_the_holder_is_the_flock_writer_of_that_inode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locks = tmp_path / "locks"
    locks.write_bytes(
        b"1: POSIX  ADVISORY  WRITE 111 08:01:131 0 EOF\n"  # not a flock
        b"2: FLOCK  ADVISORY  WRITE 222 08:01:1310 0 EOF\n"  # another inode
        b"3: FLOCK  ADVISORY  WRITE 333 08:01:9131 0 EOF\n"  # another inode (same digits at the end)
        b"4: -> FLOCK  ADVISORY  WRITE 444 08:01:131 0 EOF\n"  # a waiter, not the holder
        b"5: FLOCK  ADVISORY  WRITE 555\n"  # too short to say
        b"6: FLOCK  ADVISORY  WRITE 666 \xff08:01:131\n"  # the holder (six words; a byte that is not ASCII)
        b"7: FLOCK  ADVISORY  WRITE 777 08:01:131 0 EOF\n"
    )
    opened: list[str] = []
    real_open = open

    def fake_open(name: str, **kwargs: str) -> object:
        opened.append(name)
        return real_open(locks, **kwargs)

    monkeypatch.setattr(locking, "open", fake_open, raising=False)
    monkeypatch.setattr(locking, "_describe", lambda pid: f"described {pid}")
    assert locking.holder(_fake_stat(131)) == "described 666"
    assert opened == ["/proc/locks"]
    assert locking.holder(_fake_stat(132)) == ""

    def unreadable(name: str, **kwargs: str) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(locking, "open", unreadable, raising=False)
    assert locking.holder(_fake_stat(131)) == ""


@pytest.mark.parametrize(
    ("cmdline", "said"),
    [
        (b"/usr/bin/python3.12\0-m\0qmonth\0done\0chikan\0receipt\0", "qmonth done chikan receipt"),
        (b"/srv/.venv/bin/python\0/srv/.venv/bin/qmonth\0remind\0", "qmonth remind"),
        (b"/usr/bin/python3\0-m\0pytest\0", "-m pytest"),
        (b"/usr/bin/python3\0", "python3"),
        (b"/usr/bin/python3\0tool.py\0", "tool.py"),
        (b"/usr/bin/vim\0campaign.toml\0", "vim campaign.toml"),
        (b"qmonth\0note\0\xff\0", "qmonth note \ufffd"),
        (b"/bin/qmonth\0" + b"x" * 73 + b"\0", "qmonth " + "x" * 73),  # 80 characters: all of it
        (b"/bin/qmonth\0" + b"x" * 74 + b"\0", "qmonth " + "x" * 70 + "..."),  # 81: cut to 80
        (None, ""),
    ],
)
def test_a_holder_is_described_by_pid_user_and_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cmdline: bytes | None, said: str
) -> None:
    import pwd

    proc = tmp_path / "proc"
    (proc / "4242").mkdir(parents=True)
    if cmdline is not None:
        (proc / "4242" / "cmdline").write_bytes(cmdline)
    real_path = Path
    monkeypatch.setattr(locking, "Path", lambda p: proc if p == "/proc" else real_path(p))
    user = pwd.getpwuid(os.getuid()).pw_name
    assert locking._describe("4242") == ", ".join(p for p in ("pid 4242", user, said) if p)

    def nobody(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", nobody)
    assert locking._describe("4242") == ", ".join(p for p in ("pid 4242", said) if p)


def test_without_flock_the_lock_file_times_out_naming_the_path_given(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import warnings

    from filelock import FileLock

    from qmonth.core.errors import ConflictError

    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows
    monkeypatch.setattr(locking, "LOCK_TIMEOUT", 0.1)
    lock_path = shipped.with_name(".campaign.toml.lock")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with locking.locked(shipped) as held:  # free: taken, the lock file beside the campaign
            assert held is None and lock_path.exists()
        other = FileLock(str(lock_path))
        other.acquire()
        try:
            for timeout, seconds in ((0.05, "0.05"), (None, "0.1")):
                started = time.monotonic()
                with pytest.raises(ConflictError) as caught, locking.locked(shipped, timeout, Path("given.toml")):
                    pass
                assert time.monotonic() - started >= float(seconds)
                assert caught.value.code == "lock_timeout"
                assert caught.value.params == {"path": Path("given.toml"), "seconds": seconds, "holder": "—"}
            with pytest.raises(ConflictError) as caught, locking.locked(shipped, 0):
                pass
            assert caught.value.params["path"] == shipped
        finally:
            other.release()
