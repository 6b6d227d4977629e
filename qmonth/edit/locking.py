"""The write lock: the campaign file itself is locked, not a lock file beside it.

A lock file can be deleted (`git clean -X`, a user told to) or replaced while a writer holds it,
and then a second writer locks a new file and both write: records that reported success are
lost. So qmonth takes an exclusive `flock` on the campaign file and, once it has it, checks that
the file at the path is still the one it locked (a writer that finished meanwhile has renamed a
new file over it): if not, it locks the new one. Each writer's read-modify-write runs from
"locked and verified" to its `os.replace`, so no two overlap, and nothing can be deleted to
break it.

Where `fcntl` does not exist (Windows), a lock file beside the campaign is used (filelock).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qmonth.core.errors import ConflictError, os_reason

LOCK_TIMEOUT = 30.0  # seconds to wait for another qmonth writing the same file
POLL = 0.02


@dataclass(frozen=True)
class Held:
    """The locked campaign: its open descriptor and what it was when locked."""

    fd: int
    info: os.stat_result


def _open(path: Path) -> int:
    from qmonth.core.store import open_regular

    return open_regular(path)[0]


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None, shown: Path | None = None) -> Iterator[Held | None]:
    """Hold the write lock on the campaign file `path` (a real path, not a symlink); messages
    name `shown` (the path the user gave, maybe a symlink)."""
    shown = shown or path
    try:
        import fcntl  # noqa: F401
    except ImportError:  # Windows: a lock file beside the campaign
        with lock_file(path, LOCK_TIMEOUT if timeout is None else timeout, shown):
            yield None
        return
    wait = LOCK_TIMEOUT if timeout is None else timeout
    with hold(path, lambda: _open(path), same_file, wait, shown) as held:
        yield held


@contextlib.contextmanager
def hold(
    path: Path,
    opener: Callable[[], int],
    same: Callable[[Path, os.stat_result], bool],
    wait: float,
    shown: Path,
) -> Iterator[Held]:
    """An exclusive flock on the file `opener()` opens, held while the block runs; once locked,
    `same(path, info)` must say the file at `path` is still the one locked, else it is opened
    and locked again (a file replaced meanwhile). ConflictError (exit 4) after `wait` seconds."""
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        fd = opener()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            info = os.fstat(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise ConflictError("lock_timeout", path=shown, seconds=f"{wait:g}", holder=holder(info) or "—") from None
            time.sleep(POLL)
            continue
        except OSError as exc:  # a file system without locks (some network mounts)
            os.close(fd)
            raise ConflictError("lock_failed", path=shown, reason=os_reason(exc)) from None
        info = os.fstat(fd)
        if not same(path, info):  # replaced while we waited: lock the new one
            os.close(fd)
            continue
        try:
            yield Held(fd, info)
        finally:
            os.close(fd)  # releases the lock
        return


def same_inode(path: Path, info: os.stat_result) -> bool:
    """True when `path` is still the file described by `info` (same device and inode; for a file
    that only grows by appends, such as the 催办 log)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino)


def same_file(path: Path, info: os.stat_result) -> bool:
    """True when `path` is still the file described by `info` (same inode, size and mtime)."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
    )


def holder(info: os.stat_result) -> str:
    """Who holds the lock on the file `info` describes: "process 123 (user, qmonth done ...)",
    from /proc/locks on Linux; else a plain "another process"."""
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return ""
    wanted = f":{info.st_ino}"
    for line in lines:
        parts = line.split()
        # "1: FLOCK  ADVISORY  WRITE 12345 08:01:131 0 EOF" (a blocked waiter's is "1: -> FLOCK ...")
        if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5].endswith(wanted):
            return _describe(parts[4])
    return ""


def _describe(pid: str) -> str:
    proc = Path("/proc") / pid
    try:
        cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        cmd = ""
    try:
        import pwd

        user = pwd.getpwuid(proc.stat().st_uid).pw_name
    except (OSError, KeyError, ImportError):
        user = ""
    words = cmd.split()
    # the program and its arguments, without the interpreter's path: "qmonth done chikan receipt"
    if words and "python" in Path(words[0]).name and len(words) > 1:
        words = words[1:]
        if words[:2] == ["-m", "qmonth"]:
            words = ["qmonth", *words[2:]]
    if words:
        words[0] = Path(words[0]).name
    text = " ".join(words)
    if len(text) > 80:
        text = text[:77] + "..."
    return ", ".join(p for p in (f"pid {pid}", user, text) if p)


@contextlib.contextmanager
def lock_file(path: Path, timeout: float, shown: Path) -> Iterator[None]:
    """Where there is no flock (Windows): a lock file `.NAME.lock` beside `path`."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path.with_name(f".{path.name}.lock")), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise ConflictError("lock_timeout", path=shown, seconds=f"{timeout:g}", holder="—") from None
