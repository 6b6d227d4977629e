"""Is this clone set up for qmonth's merge driver? Read from files, nothing spawned.

git never takes a merge driver from a repository's content: `.gitattributes` (committed) asks for
`merge=qmonth`, but what runs is configured per clone (`git config merge.qmonth.driver …`, kept in
`.git/config`). A colleague's fresh clone has the first without the second, and git then merges the
campaign line by line. `missing_driver` says so, reading the attribute files and the config files
as text: `status` calls it on its start-up path, where spawning git would cost more than the rest.

A worktree's `.git` is a file (`gitdir: …`); its config is in the main repository's folder (the
worktree's `commondir`), with an optional `config.worktree` of its own.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DRIVER = "qmonth"
_SMALL = 1 << 20  # attribute and config files larger than this are not read


@dataclass(frozen=True)
class Clone:
    root: Path  # the work tree
    git_dir: Path  # .git, or the worktree's folder under the main .git/worktrees
    common_dir: Path  # where the config is


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > _SMALL:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def find_clone(start: Path) -> Clone | None:
    """The git work tree holding `start` (a folder), from its `.git` folder or file; None outside git."""
    for folder in (start, *start.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return Clone(folder, dot, _common(dot))
        if dot.is_file():
            m = re.match(r"gitdir:\s*(.+)", _read(dot))
            if m is None:
                return None
            git_dir = Path(m.group(1).strip())
            git_dir = git_dir if git_dir.is_absolute() else (folder / git_dir).resolve()
            return Clone(folder, git_dir, _common(git_dir))
    return None


def _common(git_dir: Path) -> Path:
    text = _read(git_dir / "commondir").strip()
    if not text:
        return git_dir
    common = Path(text)
    return common if common.is_absolute() else (git_dir / common).resolve()


def _attr_lines(clone: Clone, rel: Path) -> list[tuple[Path, str]]:
    """(folder the file applies to, line) of every attribute file that may speak of `rel`, in the
    order git reads them (later lines win): the root's, each sub-folder's, then info/attributes."""
    out: list[tuple[Path, str]] = []
    folders = [Path(), *(Path(*rel.parts[:n]) for n in range(1, len(rel.parts)))]
    for folder in folders:
        out += [(folder, line) for line in _read(clone.root / folder / ".gitattributes").splitlines()]
    out += [(Path(), line) for line in _read(clone.common_dir / "info" / "attributes").splitlines()]
    return out


def _matches(pattern: str, folder: Path, rel: Path) -> bool:
    """git's attribute pattern: without a slash, the file's name at any depth; with one, the path
    from the attribute file's folder."""
    try:
        inside = rel.relative_to(folder) if folder != Path() else rel
    except ValueError:
        return False
    if "/" not in pattern.strip("/"):
        return fnmatch.fnmatchcase(rel.name, pattern.strip("/"))
    return fnmatch.fnmatchcase(inside.as_posix(), pattern.lstrip("/"))


def merge_attribute(clone: Clone, file: Path) -> str | None:
    """The `merge` attribute git gives `file` ("qmonth", "union", "" when unset; None: none said)."""
    try:
        rel = file.resolve().relative_to(clone.root.resolve())
    except ValueError:
        return None
    found: str | None = None
    for folder, line in _attr_lines(clone, rel):
        parts = line.split()
        if not parts or parts[0].startswith("#") or not _matches(parts[0], folder, rel):
            continue
        for attr in parts[1:]:
            if attr.startswith("merge="):
                found = attr[len("merge=") :]
            elif attr in ("-merge", "!merge"):
                found = ""
    return found


_SECTION = re.compile(r'^\s*\[\s*merge\s+"([^"]*)"\s*\]', re.IGNORECASE)
_OTHER = re.compile(r"^\s*\[")
_DRIVER_KEY = re.compile(r"^\s*driver\s*=\s*\S", re.IGNORECASE)


def driver_configured(clone: Clone, others: Sequence[Path] = ()) -> bool:
    """A `merge.qmonth.driver` in the clone's config (or its worktree's), or in `others` (the
    global and system config files, named by the caller, who reads the environment)."""
    for path in (*others, clone.common_dir / "config", clone.git_dir / "config.worktree"):
        inside = False
        for line in _read(path).splitlines():
            m = _SECTION.match(line)
            if m is not None:
                inside = m.group(1) == DRIVER
                continue
            if _OTHER.match(line):
                inside = False
            elif inside and _DRIVER_KEY.match(line):
                return True
    return False


def missing_driver(file: Path, others: Sequence[Path] = ()) -> Clone | None:
    """The clone holding `file` when its attributes ask for qmonth's merge driver and no config
    file of the clone (nor `others`) sets it up; else None."""
    clone = find_clone(file.resolve().parent)
    if clone is None or merge_attribute(clone, file) != DRIVER:
        return None
    return None if driver_configured(clone, others) else clone
