"""Changing a campaign file safely: lock, read, validate, edit surgically, verify, write atomically.

A write never starts from a file that does not validate, never leaves a half-written file (a
temporary file in the same folder, flushed and synced, then os.replace), and never loses a
concurrent writer's record (a lock around read-modify-write; if the file changed on disk anyway,
e.g. saved from an editor meanwhile, the change is recomputed from the new text).
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmonth.errors import EXIT_INVALID, ConflictError, FileError, QmonthError
from qmonth.store import Loaded, read_text, validate

LOCK_TIMEOUT = 30.0  # seconds to wait for another qmonth writing the same file
RETRIES = 3


class UneditableError(QmonthError):
    """The entry exists in a form that cannot be edited in place (inline table, dotted keys)."""

    exit_code = EXIT_INVALID


@dataclass(frozen=True)
class Edit:
    """Set (values) or remove (values is None) the table at `path`, e.g. units.chikan.progress.receipt.

    In `values`, a key mapped to None is removed from the table; keys not mentioned are kept.
    """

    path: tuple[str, ...]
    values: dict[str, Any] | None


@dataclass(frozen=True)
class Outcome:
    before: str
    after: str
    written: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self, name: str) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
            )
        )


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def apply(path: Path, plan: Callable[[Loaded], Sequence[Edit]], dry_run: bool = False) -> Outcome:
    """Read and validate `path`, apply the edits `plan` returns for it, and write the result.

    `plan` sees the validated file and may raise UsageError (unknown unit, ...).
    """
    from filelock import FileLock, Timeout

    read_text(path)  # a missing or unreadable file is reported before any lock file is made
    if dry_run:  # nothing is written: no lock, no lock file
        loaded, after = _planned(path, plan)
        return Outcome(loaded.text, after, written=False)
    real = Path(os.path.realpath(path))  # through a symlink: lock and replace the real file
    lock = FileLock(str(lock_path(real)), timeout=LOCK_TIMEOUT)
    try:
        with lock:
            for _ in range(RETRIES):
                loaded, after = _planned(real, plan)
                if after == loaded.text:
                    return Outcome(loaded.text, after, written=False)
                if read_text(real) != loaded.text:  # changed on disk behind the lock: start again
                    continue
                atomic_write(real, after, bom=real.read_bytes()[:3] == codecs.BOM_UTF8)
                return Outcome(loaded.text, after, written=True)
    except Timeout:
        raise ConflictError("lock_timeout", path=path, lock=lock_path(path)) from None
    except PermissionError as exc:
        raise FileError("file_unwritable", path=path, reason=exc.strerror or exc) from None
    raise ConflictError("changed_on_disk", path=path)


def _planned(path: Path, plan: Callable[[Loaded], Sequence[Edit]]) -> tuple[Loaded, str]:
    loaded = _load(path)
    edits = plan(loaded)
    after = edit_text(loaded.text, edits, path)
    # tomledit has verified that `after` reads back as the old data with exactly these edits
    # applied, so validating the patched data is validating the new file.
    validate(patched(loaded.data, edits), after, path)
    return loaded, after


def _load(path: Path) -> Loaded:
    from qmonth.store import load

    return load(path)


def patched(data: dict[str, Any], edits: Sequence[Edit]) -> dict[str, Any]:
    """The parsed file with the edits applied (copying only the dicts on each edited path)."""
    out = dict(data)
    for e in edits:
        node = out
        for key in e.path[:-1]:
            node[key] = dict(node.get(key, {}))
            node = node[key]
        last = e.path[-1]
        if e.values is None:
            node.pop(last, None)
        else:
            table = dict(node.get(last, {}))
            for k, v in e.values.items():
                if v is None:
                    table.pop(k, None)
                else:
                    table[k] = v
            node[last] = table
    return out


def edit_text(text: str, edits: Sequence[Edit], path: Path) -> str:
    from qmonth.tomledit import EditError, remove_table, set_table

    for e in edits:
        try:
            text = remove_table(text, e.path) if e.values is None else set_table(text, e.path, e.values)
        except EditError as exc:
            where = f"{path}:{exc.line}" if exc.line else str(path)
            raise UneditableError("edit_failed", where=where, table=".".join(e.path), detail=exc.message) from None
    return text


def atomic_write(path: Path, text: str, bom: bool = False) -> None:
    """Write `text` to a temporary file beside `path`, sync it, and rename it over `path`.

    `bom`: the file began with a UTF-8 byte-order mark (as Windows Notepad writes); keep it.
    """
    atomic_write_bytes(path, (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """`atomic_write` for bytes (office files): a temporary file beside `path`, synced, renamed over it."""
    folder = path.parent
    owner: tuple[int, int] | None = None
    try:
        st = os.stat(path)
        mode, owner = st.st_mode & 0o7777, (st.st_uid, st.st_gid)
    except FileNotFoundError:
        mode = 0o644
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileError("file_unwritable", path=path, reason=exc.strerror or exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_owner(tmp, owner)
        os.chmod(tmp, mode)  # after chown, which may clear set-id bits
        os.replace(tmp, path)
    except OSError as exc:  # a folder in the way, a full disk: say so, leave nothing behind
        Path(tmp).unlink(missing_ok=True)
        raise FileError("file_unwritable", path=path, reason=exc.strerror or exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _keep_owner(tmp: str, owner: tuple[int, int] | None) -> None:
    """Give the new file the old one's owner and group where allowed (as root): a file shared with a
    service account keeps its owner after a write. Elsewhere it becomes the writer's, as with any editor."""
    if owner is not None and hasattr(os, "chown"):
        with contextlib.suppress(PermissionError):
            os.chown(tmp, *owner)
