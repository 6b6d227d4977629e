"""The 催办 log: every delivered reminder and every manual chase, one JSON object a line.

The log sits beside the campaign (`campaign.toml` → `campaign.log.jsonl`). It is append-only and
git-friendly: two branches' appends merge with `*.log.jsonl merge=union` in `.gitattributes`, so
lines may end up out of order (they are sorted by time when read) and an identical line may
appear twice (exact duplicates are read once). Entries are written by one place, `append`, and
only after a server said yes. Pure apart from `read` and `append`; nothing here reads the clock.
The entries and the chase counts are plain data (`Entry`, `Chased`: `qmonth/core/chases.py`), so
the outputs that show them never import this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from qmonth.core.chases import Chased, Chases, Entry, Item, delivery
from qmonth.core.errors import CampaignInvalid, FileError, Problem, os_reason

if TYPE_CHECKING:
    from qmonth.core.model import Campaign
    from qmonth.core.store import Loaded

SUFFIX = ".log.jsonl"
LEVELS = ("warn", "chase", "escalate", "manual")
BY = ("phone", "visit", "letter", "meeting")  # the ways of a manual chase (`qmonth chase --by`)
CHASING = ("chase", "escalate", "manual")  # what counts as having chased an overdue item
LOG_MAX_BYTES = 32 * 1024 * 1024  # a larger log is refused (archive it): reading stays quick
LINE_MAX_BYTES = 64 * 1024  # an entry is a few hundred bytes; a longer line is not an entry


def log_path(campaign_path: Path) -> Path:
    name = campaign_path.name
    stem = name[: -len(".toml")] if name.endswith(".toml") else name
    return campaign_path.with_name(stem + SUFFIX)


def beside(loaded: Loaded) -> Path | None:
    """The 催办 log beside the campaign file; none for a campaign read from stdin."""
    from qmonth.core.store import STDIN_NAME

    if loaded.revision is not None:  # --at: the log beside the working file (read up to the day shown)
        return log_path(loaded.revision.folder.folder / loaded.path.name)
    return None if str(loaded.path) == STDIN_NAME else log_path(loaded.path)


def to_write(loaded: Loaded) -> Path:
    """Where delivered reminders and chases are appended: never for stdin or an --at revision."""
    from qmonth.core.errors import UsageError

    path = beside(loaded)
    if path is None or loaded.revision is not None:
        raise UsageError("log_needs_file")
    return path


def line(entry: Entry) -> str:
    return json.dumps(entry.as_json(), ensure_ascii=False, separators=(", ", ": ")) + "\n"


def parse(text: str, path: Path, skipped: list[int] | None = None) -> list[Entry]:
    """Entries sorted by time (stable: lines of the same second keep their file order).

    A line that is not an entry is refused (CampaignInvalid naming every such line), unless
    `skipped` is given: then its number goes there and the rest is read (the screens)."""
    return _entries(((n, raw.encode("utf-8")) for n, raw in enumerate(text.split("\n"), start=1)), path, skipped)


def _entries(lines: Iterable[tuple[int, bytes | None]], path: Path, skipped: list[int] | None) -> list[Entry]:
    """Entries from numbered raw lines (None: a line over LINE_MAX_BYTES)."""
    out: list[Entry] = []
    seen: set[bytes] = set()
    problems: list[Problem] = []
    for n, raw in lines:
        if raw is None:
            problems.append(Problem("log_line_too_long", line=n, params={"limit": LINE_MAX_BYTES}))
            continue
        stripped = raw.strip()
        if not stripped or stripped in seen:
            continue
        seen.add(stripped)
        try:
            text = stripped.decode("utf-8")
        except UnicodeDecodeError:
            if skipped is None:
                problems.append(Problem("not_utf8", line=n))
                continue
            text = stripped.decode("utf-8", errors="replace")
        try:
            out.append(_entry(json.loads(text)))
        except (ValueError, TypeError, KeyError, RecursionError):
            problems.append(Problem("log_bad_line", line=n, params={"text": text[:60]}))
    if problems and skipped is None:
        raise CampaignInvalid(str(path), problems)
    if skipped is not None:
        skipped += [p.line for p in problems if p.line is not None]
    out.sort(key=lambda e: e.at)
    return out


def _entry(data: object) -> Entry:
    """One line: a delivery (`items`: one unit's, or the coordinator's `copy`), or a manual chase and
    an old per-item line (`task`)."""
    if not isinstance(data, dict):
        raise TypeError("not an object")
    at = dt.datetime.fromisoformat(str(data["at"]))
    if at.tzinfo is None:
        raise ValueError("a time without an offset")
    level = data["level"]
    if level not in LEVELS:
        raise ValueError("bad fields")
    channel, note = str(data["channel"]), str(data.get("note") or "")
    if "items" in data:
        copy = data.get("copy") == "coordinator"
        unit = data.get("unit")
        if not isinstance(data["items"], list) or not data["items"] or not (copy or isinstance(unit, str)):
            raise ValueError("bad items")
        items: list[Item] = []
        for it in data["items"]:
            who = it["unit"] if copy else unit
            task, lv = it["task"], it["level"]
            if not isinstance(who, str) or not (task is None or isinstance(task, str)) or lv not in LEVELS:
                raise ValueError("bad item")
            items.append((who, task, lv))
        return delivery(at, unit if isinstance(unit, str) else "", items, channel, note, copy)
    task = data.get("task")
    if not isinstance(data["unit"], str) or not (task is None or isinstance(task, str)):
        raise ValueError("bad fields")
    return Entry(at, data["unit"], task, level, channel, note)


# ── opening the log: held to the campaign file's rules ───────────────────────


def _real(path: Path) -> Path:
    """Where the log at `path` really is: itself, or the target of a symlink that stays inside the
    campaign's folder. A symlink out of the folder is refused (FileError), even a dangling one:
    an append would create its target wherever it points."""
    folder = path.parent.resolve()
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return folder / path.name
    except OSError as exc:
        raise FileError("file_unreadable", path=path, reason=os_reason(exc)) from None
    if not stat.S_ISLNK(st.st_mode):
        return folder / path.name
    target = Path(os.path.realpath(path))
    try:
        target.relative_to(folder)
    except ValueError:
        raise FileError("log_outside", path=path, target=target) from None
    return target


def _open(path: Path, write: bool) -> int | None:
    """A descriptor of the log at `path`: a regular file inside the campaign's folder, at most
    LOG_MAX_BYTES, opened without blocking (a FIFO is refused, never waited on) and never through
    a symlink swapped in after the check. None when reading a log that does not exist yet."""
    real = _real(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise FileError("file_unreadable", path=path, reason=os_reason(exc)) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise FileError("log_not_regular", path=path)
    flags = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    flags |= (os.O_RDWR | os.O_APPEND | os.O_CREAT) if write else os.O_RDONLY
    try:
        fd = os.open(real, flags, 0o644)
    except FileNotFoundError:
        if write:
            raise FileError("file_unwritable", path=path, reason=os_reason(FileNotFoundError(2, ""))) from None
        return None
    except OSError as exc:
        import errno

        if exc.errno in (errno.ELOOP, errno.ENXIO):  # a symlink or a FIFO swapped in since the check
            raise FileError("log_not_regular", path=path) from None
        raise FileError("file_unwritable" if write else "file_unreadable", path=path, reason=os_reason(exc)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileError("log_not_regular", path=path)
    if info.st_size > LOG_MAX_BYTES:
        os.close(fd)
        raise FileError("log_too_big", path=path, limit=LOG_MAX_BYTES // (1024 * 1024))
    return fd


def _lines(fh: BinaryIO, path: Path) -> Iterator[tuple[int, bytes | None]]:
    """The log's lines, numbered, read one at a time: a line longer than LINE_MAX_BYTES is None
    (and skipped over without being held); more than LOG_MAX_BYTES in all is refused."""
    total = 0
    n = 0
    while True:
        raw = fh.readline(LINE_MAX_BYTES + 1)
        if not raw:
            return
        n += 1
        total += len(raw)
        if len(raw) > LINE_MAX_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # the rest of the long line, a chunk at a time
                raw = fh.readline(1 << 20)
                total += len(raw)
                if total > LOG_MAX_BYTES:
                    break
            yield n, None
        else:
            yield n, raw
        if total > LOG_MAX_BYTES:  # grew while being read
            raise FileError("log_too_big", path=path, limit=LOG_MAX_BYTES // (1024 * 1024))


def read(path: Path, skipped: list[int] | None = None) -> list[Entry]:
    """The log at `path`; a log that does not exist yet is empty (nothing has been chased).
    With `skipped`, lines that are not entries are skipped and their numbers put there.
    Read a line at a time: memory and time follow the entries, not the longest line."""
    fd = _open(path, write=False)
    if fd is None:
        return []
    try:
        with os.fdopen(fd, "rb") as fh:
            return _entries(_lines(fh, path), path, skipped)
    except OSError as exc:
        raise FileError("file_unreadable", path=path, reason=os_reason(exc)) from None


def append(path: Path, entries: Iterable[Entry]) -> None:
    """Append entries in one write (O_APPEND: concurrent appenders never interleave within a line);
    after a last line without its newline (edited by hand), they start on a new line."""
    chunk = "".join(line(e) for e in entries).encode("utf-8")
    if not chunk:
        return
    fd = _open(path, write=True)
    assert fd is not None
    try:
        size = os.fstat(fd).st_size
        if size and _byte_at(fd, size - 1) != b"\n":
            chunk = b"\n" + chunk
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as exc:
        raise FileError("file_unwritable", path=path, reason=os_reason(exc)) from None
    finally:
        os.close(fd)


def _byte_at(fd: int, offset: int) -> bytes:
    """One byte of the log; moving the offset is harmless, as the appends are O_APPEND (and this
    one way works everywhere: Windows has no pread)."""
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, 1)


@contextlib.contextmanager
def locked(path: Path, wait: float) -> Iterator[None]:
    """Hold the log's delivery lock: an exclusive flock on the log file itself (created if need be),
    not a lock file that could be deleted; once held, the log at `path` must still be the file
    locked (a log replaced meanwhile is opened and locked again). ConflictError after `wait` s.
    Where there is no flock (Windows), a lock file `.NAME.lock` beside the log."""
    from qmonth.edit import locking

    try:
        import fcntl  # noqa: F401
    except ImportError:  # pragma: no cover (Windows)
        with locking.lock_file(path, wait, path):
            yield
        return

    def opener() -> int:
        fd = _open(path, write=True)
        assert fd is not None
        return fd

    with locking.hold(_real(path), opener, locking.same_inode, wait, path):
        yield


# ── questions asked of the log ───────────────────────────────────────────────


def delivered_on(entries: Iterable[Entry], channel: str, day: dt.date) -> set[tuple[str, str | None, str]]:
    """(unit, task, note) already delivered on `channel` on `day` (the campaign's local day)."""
    return {
        (unit, task, e.note)
        for e in entries
        if e.channel == channel and e.level != "manual" and e.at.date() == day
        for unit, task, _ in e.items
    }


def settled(c: Campaign, unit: str, task: str | None, day: dt.date) -> tuple[str, str] | None:
    """The unit's task already done (by `day`) or excused from: ("done", date) or ("waived",
    reason); None otherwise (or for the unit as a whole, task None)."""
    rec = c.units[unit].progress.get(task) if task else None
    if rec is None:
        return None
    if rec.waived is not None:
        return "waived", rec.waived
    if rec.done is not None and rec.done <= day:
        return "done", rec.done.isoformat()
    return None


def chase_counts(entries: Iterable[Entry], until: dt.date | None = None) -> Chases:
    """How often and when last each (unit, task) was chased (催办次数), up to `until` (inclusive).

    A chase is a manual chase (each one counts), or a day's automated 催办/通报 deliveries (all
    channels of one day count once). Reminders before the deadline (warn) are not chases. The key
    (unit, None) holds the chases about the unit as a whole; `chased` adds them to each task.
    """
    days: dict[tuple[str, str | None], set[dt.date]] = {}
    manual: dict[tuple[str, str | None], int] = {}
    last: dict[tuple[str, str | None], dt.datetime] = {}
    for e in entries:
        if e.copy or (until is not None and e.at.date() > until):  # the coordinator's copy chased nobody
            continue
        for unit, task, level in e.items:
            if level not in CHASING:
                continue
            key = (unit, task)
            if level == "manual":
                manual[key] = manual.get(key, 0) + 1
            else:
                days.setdefault(key, set()).add(e.at.date())
            if key not in last or e.at > last[key]:
                last[key] = e.at
    return {k: Chased(len(days.get(k, ())) + manual.get(k, 0), t) for k, t in last.items()}


def select(
    entries: Iterable[Entry],
    units: list[str] | None = None,
    until: dt.date | None = None,
    since: dt.date | None = None,
    levels: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
) -> list[Entry]:
    """The entries about `units` (the coordinator's copy is about none), from `since` to `until`
    (inclusive, the campaign's local days), naming an item of one of `levels`, on one of `channels`."""
    lv = set(levels) if levels is not None else None
    chs = set(channels) if channels is not None else None
    return [
        e
        for e in entries
        if (units is None or e.unit in units)
        and (until is None or e.at.date() <= until)
        and (since is None or e.at.date() >= since)
        and (lv is None or any(level in lv for _, _, level in e.items))
        and (chs is None or e.channel in chs)
    ]


def to_json(entries: Iterable[Entry]) -> str:
    from qmonth.outputs.json import dumps

    return dumps({"entries": [e.as_json() for e in entries]})


def chase_moment(when: dt.date, today: dt.date, now: dt.datetime) -> dt.datetime:
    """When a manual chase on `when` is logged at: never after `today`; the clock's instant `now`
    (aware, in the campaign's time zone) on its own day only: a chase logged for another day is at
    noon (reproducible)."""
    from qmonth.core.errors import UsageError

    if when > today:
        raise UsageError("future_date", date=when, today=today)
    return now if when == now.date() else dt.datetime.combine(when, dt.time(12, 0), tzinfo=now.tzinfo)


def manual(c: Campaign, unit_text: str, task_texts: list[str], by: str, note: str, at: dt.datetime) -> list[Entry]:
    """`qmonth chase`: one entry per task named, or one for the unit. A theme id or a pattern means
    what the unit still owes of it: its tasks already done (by then) or waived are left out; a task
    named alone is logged whatever its state (the call happened; `settled` says so)."""
    from qmonth.core.errors import UsageError
    from qmonth.core.resolve import recordable, resolve_tasks, resolve_unit

    uid = recordable(c, resolve_unit(c, unit_text))
    tids: list[str] = []
    for text in task_texts:
        found = resolve_tasks(c, text)
        fitting = [tid for tid in found if c.applies(c.tasks[tid], uid)]
        if not fitting:
            task = found[0]
            applies = ", ".join(c.tasks[task].applies_to)
            raise UsageError("not_applicable_here", task=task, unit=c.units[uid].label, applies=applies)
        if len(found) > 1:  # a theme or a pattern: what is still owed
            fitting = [tid for tid in fitting if settled(c, uid, tid, at.date()) is None]
            if not fitting:
                raise UsageError("chase_nothing_owed", unit=c.units[uid].label, text=text)
        tids += [t for t in fitting if t not in tids]
    clean = note.strip()
    return [Entry(at, uid, tid, "manual", by, clean) for tid in tids] or [Entry(at, uid, None, "manual", by, clean)]
