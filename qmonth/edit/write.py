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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmonth.core.errors import EXIT_INVALID, ConflictError, FileError, QmonthError
from qmonth.core.store import Loaded, read_text, validate
from qmonth.edit.locking import LOCK_TIMEOUT as LOCK_TIMEOUT

RETRIES = 3


class UneditableError(QmonthError):
    """The entry exists in a form that cannot be edited in place (inline table, dotted keys).
    `index`: which of the edits given it was."""

    exit_code = EXIT_INVALID
    index: int | None = None


@dataclass(frozen=True)
class Edit:
    """Set (values) or remove (values is None) the table at `path`, e.g. units.chikan.progress.receipt.

    In `values`, a key mapped to None is removed from the table; keys not mentioned are kept.
    `rows` (a multi-row form): the path is written as an array of tables, one `[[path]]` table per
    row, replacing what is there (`values` is then ignored).
    """

    path: tuple[str, ...]
    values: dict[str, Any] | None
    rows: tuple[dict[str, Any], ...] | None = None


@dataclass(frozen=True)
class Outcome:
    before: str
    after: str
    written: bool
    # the file as it is after the write, validated (what `load` would give for `after`)
    campaign: Any = field(default=None, repr=False, compare=False)
    data: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self, name: str) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
            )
        )


def apply(
    path: Path, plan: Callable[[Loaded], Sequence[Edit]], dry_run: bool = False, known: Loaded | None = None
) -> Outcome:
    """Read and validate `path`, apply the edits `plan` returns for it, and write the result.

    `plan` sees the validated file and may raise UsageError (unknown unit, ...).
    `known`: the file as a long-running caller (serve) last read and validated it; when the file
    read under the lock is still exactly that text, it is not parsed and validated again.
    """
    from qmonth.edit.locking import locked, same_file

    read_text(path)  # a missing, unreadable or irregular file is reported before anything else
    if dry_run:  # nothing is written: no lock
        loaded, after, _ = _planned(path, plan)
        return Outcome(loaded.text, after, written=False)
    real = Path(os.path.realpath(path))  # through a symlink: lock and replace the real file
    for _ in range(RETRIES):
        with locked(real, shown=path) as held:
            info = held.info if held is not None else os.stat(real)
            refuse_unsafe(path, info)
            remove_stale_temps(real)
            loaded, after, new = _planned(real, plan, known)
            if after == loaded.text:
                return Outcome(loaded.text, after, written=False, campaign=loaded.campaign, data=loaded.data)

            def unchanged(loaded: Loaded = loaded) -> bool:
                """Nobody saved the file since it was read (an editor, a hand edit): same inode,
                size and time, and the same text."""
                return (held is None or same_file(real, held.info)) and read_text(real) == loaded.text

            if not unchanged():
                continue
            bom = _has_bom(real)  # kept as the file had it (Windows Notepad writes one)
            if atomic_write(real, after, bom=bom, like=info, before_replace=unchanged, shown=path):
                return Outcome(loaded.text, after, written=True, campaign=new[0], data=new[1])
    raise ConflictError("changed_on_disk", path=path)


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == codecs.BOM_UTF8


def refuse_unsafe(path: Path, info: os.stat_result) -> None:
    """A file qmonth must not replace: read-only (0444: someone meant it), or hard-linked (a
    rename would split the links: the other names would keep the old text)."""
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise FileError("file_read_only", path=path)
    if info.st_nlink > 1:
        raise FileError("file_hard_linked", path=path, links=info.st_nlink)


TEMP_SUFFIX = ".tmp"


def _temp_glob(path: Path) -> str:
    return f".{path.name}.*{TEMP_SUFFIX}"


def remove_stale_temps(path: Path) -> None:
    """Remove temporary files a killed qmonth left beside `path` (called under the lock, when no
    other qmonth is writing this file)."""
    import stat

    for tmp in path.parent.glob(_temp_glob(path)):
        try:
            if stat.S_ISREG(tmp.lstat().st_mode):
                tmp.unlink()
        except OSError:
            pass


def _planned(
    path: Path, plan: Callable[[Loaded], Sequence[Edit]], known: Loaded | None = None
) -> tuple[Loaded, str, tuple[Any, dict[str, Any]]]:
    """The file read and validated (or `known`, if the file is still its text), the text after
    the edits, and (campaign, data) after them, validated."""
    loaded = known if known is not None and read_text(path) == known.text else _load(path)
    edits = plan(loaded)
    after = edit_text(loaded.text, edits, path)
    # tomledit has verified that `after` reads back as the old data with exactly these edits
    # applied, so validating the patched data is validating the new file.
    data = patched(loaded.data, edits)
    return loaded, after, (validate(data, after, path), data)


def _load(path: Path) -> Loaded:
    from qmonth.core.store import load

    return load(path)


def patched(data: dict[str, Any], edits: Sequence[Edit]) -> dict[str, Any]:
    """The parsed file with the edits applied (copying only the dicts on each edited path, each
    once however many edits go through it)."""
    out = dict(data)
    copied: dict[tuple[str, ...], dict[str, Any]] = {(): out}
    for e in edits:
        node = out
        for depth, key in enumerate(e.path[:-1], 1):
            at = e.path[:depth]
            if at not in copied or node.get(key) is not copied[at]:
                copied[at] = node[key] = dict(node.get(key, {}))
            node = copied[at]
        last = e.path[-1]
        if e.rows is not None:
            if e.rows:
                node[last] = [{k: v for k, v in row.items() if v is not None} for row in e.rows]
            else:
                node.pop(last, None)
        elif e.values is None:
            node.pop(last, None)
        else:
            table = dict(node.get(last, {}))
            for k, v in e.values.items():
                if v is None:
                    table.pop(k, None)
                else:
                    table[k] = v
            node[last] = table
            copied[e.path] = table
    return out


_EDIT_CAUSES_ZH = {
    "dotted": "原因：它是用点号键（如 progress.receipt.done = …）写在上级表格里的。",
    "inline": "原因：它写成了一个值（内联表格或 键 = 值）。",
    "array_table": "原因：它是表格数组（[[...]]）。",
}


def edit_text(text: str, edits: Sequence[Edit], path: Path) -> str:
    """The text with every edit applied, as one after the other; all of them with one scan of the
    file (edit/tomlbatch.py). UneditableError names the first edit that cannot be done."""
    from qmonth.edit.tomlbatch import BatchError, edit_many

    try:
        return edit_many(text, [(e.path, e.values, e.rows) for e in edits])
    except BatchError as failed:
        exc, e = failed.error, edits[failed.index]
        where = f"{path}:{exc.line}" if exc.line else str(path)
        detail = (_EDIT_CAUSES_ZH.get(exc.cause, ""), "Details: " + exc.message)  # the English detail is English only
        error = UneditableError("edit_failed", where=where, table=".".join(e.path), detail=detail)
        error.index = failed.index
        raise error from None


def atomic_write(
    path: Path,
    text: str,
    bom: bool = False,
    like: os.stat_result | None = None,
    before_replace: Callable[[], bool] | None = None,
    shown: Path | None = None,
) -> bool:
    """Write `text` to a temporary file beside `path`, sync it, and rename it over `path`.

    `bom`: the file began with a UTF-8 byte-order mark (as Windows Notepad writes); keep it.
    The other arguments: see `atomic_write_bytes`.
    """
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    return atomic_write_bytes(path, data, like=like, before_replace=before_replace, shown=shown)


def atomic_write_bytes(
    path: Path,
    data: bytes,
    like: os.stat_result | None = None,
    before_replace: Callable[[], bool] | None = None,
    shown: Path | None = None,
    exists_code: str | None = None,
) -> bool:
    """`atomic_write` for bytes (office files): a temporary file beside `path`, synced, renamed over it.

    `exists_code`: create only, never replace: the temporary file is hard-linked into place, which
    fails if `path` exists (FileError `exists_code`, exit 3; a file system without hard links
    falls back to a rename after checking).

    `like`: the stat of the file replaced (default: `path` as it is now): its mode, owner and
    group are kept.
    `before_replace`: checked just before the rename; False (the file changed meanwhile) drops
    the temporary file and returns False, and nothing is written.
    Every failure (a full disk, a file-size limit, a read-only folder) is FileError (exit 3) with
    its cause, and leaves `path` as it was and no temporary file behind.
    """
    folder = path.parent
    shown = shown or path
    if like is None:
        try:
            like = os.stat(path)
        except FileNotFoundError:
            like = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise FileError("file_unwritable", path=shown, reason=_why(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _same_owner_and_mode(tmp, like)
        if before_replace is not None and not before_replace():
            Path(tmp).unlink(missing_ok=True)
            return False
        if exists_code is not None:
            _create(tmp, path, exists_code, shown)
        else:
            os.replace(tmp, path)
    except FileError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as exc:  # a folder in the way, a full disk: say so, leave nothing behind
        Path(tmp).unlink(missing_ok=True)
        raise FileError("file_unwritable", path=shown, reason=_why(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return True


def _create(tmp: str, path: Path, exists_code: str, shown: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileError(exists_code, path=shown) from None
    except OSError as exc:
        import errno

        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(path):  # no hard links here: check, then rename
            raise FileError(exists_code, path=shown) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _why(exc: OSError) -> tuple[str, str]:
    from qmonth.core.errors import os_reason

    return os_reason(exc)


def _same_owner_and_mode(tmp: str, like: os.stat_result | None) -> None:
    """The new file gets the old one's mode, and its owner and group where the system lets us
    (root writing a user's file keeps it the user's)."""
    if like is None:
        os.chmod(tmp, 0o644 & ~_umask())
        return
    if hasattr(os, "chown") and (like.st_uid, like.st_gid) != _owner(tmp):
        try:
            os.chown(tmp, like.st_uid, like.st_gid)
        except PermissionError:
            with contextlib.suppress(OSError):
                os.chown(tmp, -1, like.st_gid)  # a member of the group keeps the group
    os.chmod(tmp, like.st_mode & 0o7777)


def _owner(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
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
