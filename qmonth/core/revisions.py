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
from qmonth.core.evidence import Snapshot, follow_links

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


def _git(folder: Path, *args: str, given: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False, input=given)
    except FileNotFoundError:
        raise FileError("git_missing") from None


SYMLINK = b"120000"  # git's mode of a symbolic link: the blob holds the link's text


def _entry(top: Path, commit: str, rel: str) -> tuple[bytes, bytes] | None:
    """(mode, object) of the path `rel` in the commit's tree, or None when there is none."""
    done = _git(top, "--literal-pathspecs", "ls-tree", "-z", "--full-tree", commit, "--", rel)
    for item in done.stdout.split(b"\0"):
        meta, _, name = item.partition(b"\t")
        if name.decode("utf-8", "surrogateescape") == rel:
            fields = meta.split(b" ")
            return fields[0], fields[-1]
    return None


def _blobs(top: Path, objects: list[bytes]) -> list[str]:
    """The contents of these blobs (link texts), in order, read in one `git cat-file --batch`."""
    if not objects:
        return []
    done = _git(top, "cat-file", "--batch", given=b"".join(o + b"\n" for o in objects))
    out, data, at = [], done.stdout, 0
    for _ in objects:
        end = data.index(b"\n", at)
        header = data[at:end].split(b" ")
        size = int(header[2]) if len(header) == 3 and header[2].isdigit() else 0
        out.append(data[end + 1 : end + 1 + size].decode("utf-8", "surrogateescape"))
        at = end + 1 + size + (1 if len(header) == 3 else 0)  # a found blob ends with a newline
    return out


def _followed(top: Path, commit: str, rel: str, rev: str, short: str) -> str:
    """The path of the file `rel` names at the commit, symlinks followed as the kernel would (git
    stores a link as its text): a link out of the repository, or a loop, is refused (exit 3)."""
    entry = _entry(top, commit, rel)
    if entry is not None and entry[0] != SYMLINK:  # a file: the common case
        return rel

    def link_of(here: str) -> str | None:
        found = _entry(top, commit, here)
        return None if found is None or found[0] != SYMLINK else _blobs(top, [found[1]])[0]

    def inside(target: str) -> str | None:  # absolute: only a path inside this repository is followed
        if not (target == str(top) or target.startswith(str(top).rstrip("/") + "/")):
            return None
        return os.path.relpath(target, top)

    followed, target = follow_links(rel, link_of, inside)  # at most 40 links, as the kernel
    if followed is None:
        raise FileError("at_link_outside", path=rel, rev=rev, commit=short, target=target)
    return followed


def repository(path: Path) -> tuple[Path, str]:
    """The repository holding `path` (its top folder) and the file's path inside it (posix)."""
    folder = path.parent.resolve()  # (a folder that does not exist resolves as far as it can)
    if not folder.is_dir():
        raise FileError("file_not_found", path=path)
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise UsageError("not_a_repository", path=path)
    top = Path(os.fsdecode(done.stdout).strip()).resolve()
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
    # --end-of-options: a revision starting with "-" is never read as an option (git then finds no
    # such revision, and it is no date either: unknown_revision, as for an empty one)
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
    real = _followed(top, commit, rel, rev, short)  # a symlinked campaign: the file it names then
    spec = f"{commit}:{real}"
    kind = _git(top, "cat-file", "-t", spec)
    if kind.returncode != 0 or kind.stdout.strip() != b"blob":
        raise FileError("absent_at_revision", path=real, rev=rev, commit=short)
    size = _git(top, "cat-file", "-s", spec)
    if int(size.stdout.strip() or 0) > max_bytes:
        raise FileError("file_too_big", path=f"{short}:{real}", limit=max_bytes)
    blob = _git(top, "cat-file", "blob", spec)
    try:
        text = blob.stdout.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from qmonth.core.errors import CampaignInvalid, Problem

        line = blob.stdout[: exc.start].count(b"\n") + 1
        raise CampaignInvalid(f"{short}:{rel}", [Problem("not_utf8", line=line)]) from None
    # Evidence is relative to the folder of the file named (a symlinked campaign's too), as on disk.
    folder_rel = posixpath.dirname(rel)
    listing = _git(top, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder_rel or ".")
    files: set[str] = set()
    links: dict[str, bytes] = {}  # symlinks at the revision: their texts decide what they reach
    for item in listing.stdout.split(b"\0"):
        meta, _, raw = item.partition(b"\t")
        if not raw:
            continue
        name = raw.decode("utf-8", "surrogateescape")
        inside = posixpath.relpath(name, folder_rel or ".")
        files.add(inside)
        if meta.startswith(SYMLINK + b" "):
            links[inside] = meta.split(b" ")[-1]
        parent = posixpath.dirname(inside)
        while parent:  # folders exist too
            files.add(parent)
            parent = posixpath.dirname(parent)
    texts = dict(zip(links, _blobs(top, list(links.values())), strict=True))
    snapshot = Snapshot(path.parent, frozenset(files), short, texts)
    name = f"{short if day is not None else rev}:{real}"  # as `git show` names it
    return Revision(text, name, commit, day, snapshot)
