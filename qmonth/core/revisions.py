"""The campaign file as it was at a git revision: a commit, a tag, a branch, or a date (the last
commit on or before the end of that day in the campaign's time zone).

Git is run as a command (`git` on PATH), in the folder of the file, so the repository is the one
holding the file wherever the command was started. Evidence is looked up among the files of that
revision (`evidence.Snapshot`), not in today's working tree.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from qmonth.core.errors import FileError, UsageError
from qmonth.core.evidence import Snapshot

DEFAULT_TIMEZONE = "Asia/Shanghai"
_TIMEZONE = re.compile(r"""^\s*timezone\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@dataclass(frozen=True)
class Revision:
    """The file's text at a revision, how to name it, and its folder's files at that revision."""

    text: str
    name: str  # "abc1234:examples/campaign.toml", as git names a file at a revision
    commit: str
    day: dt.date | None  # the date asked for, when the revision was given as a date
    folder: Snapshot


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise FileError("git_missing") from None


def repository(path: Path) -> tuple[Path, str]:
    """The repository holding `path` (its top folder) and the file's path inside it (posix)."""
    folder = path.parent.resolve() if path.parent.exists() else path.parent
    if not folder.is_dir():
        raise FileError("file_not_found", path=path)
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise UsageError("not_a_repository", path=path)
    top = Path(done.stdout.decode("utf-8", "replace").strip()).resolve()
    rel = Path(os.path.relpath(folder / path.name, top)).as_posix()
    return top, rel


def parse_when(text: str) -> dt.date | None:
    """A date written in full (2024-09-20, 2024/9/20, 2024年9月20日), or None for anything else."""
    from qmonth.core.dates import DateFormatError, parse_day

    try:
        return parse_day(text, None)
    except DateFormatError:
        return None


def _timezone(path: Path) -> str:
    try:
        m = _TIMEZONE.search(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return DEFAULT_TIMEZONE
    return m.group(1) if m else DEFAULT_TIMEZONE


def resolve(top: Path, rev: str, path: Path) -> tuple[str, dt.date | None]:
    """The commit a revision names; a date stands for the last commit on or before that day."""
    if rev.startswith("-") or not rev.strip():
        raise UsageError("unknown_revision", rev=rev)
    done = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")
    if done.returncode == 0:
        return done.stdout.decode().strip(), None
    day = parse_when(rev)
    if day is None:
        raise UsageError("unknown_revision", rev=rev)
    from zoneinfo import ZoneInfo

    try:
        zone = ZoneInfo(_timezone(path))
    except Exception:  # an unknown zone name in the working file: the campaign default
        zone = ZoneInfo(DEFAULT_TIMEZONE)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)  # the end of that day
    done = _git(top, "rev-list", "-1", f"--before={int(end.timestamp()) - 1}", "HEAD")
    commit = done.stdout.decode().strip()
    if done.returncode != 0 or not commit:
        raise UsageError("no_commit_before", rev=rev, date=day.isoformat())
    return commit, day


def read_at(path: Path, rev: str, max_bytes: int) -> Revision:
    """The file `path` (a path in the working tree) as it was at `rev`."""
    top, rel = repository(path)
    commit, day = resolve(top, rev, path)
    short = commit[:12]
    spec = f"{commit}:{rel}"
    kind = _git(top, "cat-file", "-t", spec)
    if kind.returncode != 0 or kind.stdout.strip() != b"blob":
        raise FileError("absent_at_revision", path=rel, rev=rev, commit=short)
    size = _git(top, "cat-file", "-s", spec)
    if int(size.stdout.strip() or 0) > max_bytes:
        raise FileError("file_too_big", path=f"{short}:{rel}", limit=max_bytes)
    blob = _git(top, "cat-file", "blob", spec)
    try:
        text = blob.stdout.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from qmonth.core.errors import CampaignInvalid, Problem

        line = blob.stdout[: exc.start].count(b"\n") + 1
        raise CampaignInvalid(f"{short}:{rel}", [Problem("not_utf8", line=line)]) from None
    folder_rel = posixpath.dirname(rel)
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--", folder_rel or ".")
    files: set[str] = set()
    for name in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not name:
            continue
        inside = posixpath.relpath(name, folder_rel) if folder_rel else name
        files.add(inside)
        parent = posixpath.dirname(inside)
        while parent:  # folders exist too
            files.add(parent)
            parent = posixpath.dirname(parent)
    snapshot = Snapshot(path.parent, frozenset(files), short)
    name = f"{short if day is not None else rev}:{rel}"  # as `git show` names it
    return Revision(text, name, commit, day, snapshot)
