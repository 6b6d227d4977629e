"""A git merge driver for campaign files: three versions merged table by table.

git's own merge works on lines, so two branches that each record a different task of the same unit
(two new `[units.ID.progress.TASK]` tables at the end of the same unit) touch the same lines and
conflict. Here each version is cut into records — one table header with its keys, together with
the comments and blank lines just above the header — and merged record by record:

* a record changed (added, edited, removed) on one side only takes that side's version;
* the same change on both sides is taken once;
* a record changed differently on both sides is a conflict: both versions are written between
  git's markers, whole, so that `qmonth check` can say which record it is and what to do.

New records keep their place: after the record that precedes them in the version that added them.
The text before the first header is merged the same way, as one record. Pure: text in, text out;
`git_merge_file` (git's own line merge, for versions qmonth cannot read) runs git on the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qmonth.core.conflicts import DRIVER_LABELS, MARK_OURS, MARK_SEP, MARK_THEIRS

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["DRIVER_LABELS", "MARK_OURS", "MARK_SEP", "MARK_THEIRS", "Merged", "NotMergeable", "merge", "records"]

Key = tuple[str, ...]
PREAMBLE: Key = ()


class NotMergeable(Exception):
    """A version could not be cut into records (it is not readable TOML)."""


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: list[Key]  # the records changed differently on both sides, in file order


def records(text: str) -> list[tuple[Key, str]]:
    """`text` cut into (table path, text) in file order; the text before the first header is ()."""
    from qmonth.edit.tomledit import EditError, scan

    try:
        entries = scan(text)
    except EditError as exc:
        raise NotMergeable(exc.message) from None
    lines = text.splitlines(keepends=True)
    headers = [(e.line, e.path if e.kind == "table" else (*e.path, f"[{e.line}]")) for e in entries if e.kind != "key"]
    starts = []
    prev = -1
    for line, key in headers:
        start = line
        while start - 1 > prev and _loose(lines[start - 1]):
            start -= 1  # comments and blank lines just above a header belong to it
        starts.append((start, key))
        prev = line
    out: list[tuple[Key, str]] = []
    first = starts[0][0] if starts else len(lines)
    out.append((PREAMBLE, "".join(lines[:first])))
    for n, (start, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        out.append((key, "".join(lines[start:end])))
    return out


def _loose(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _same(a: str | None, b: str | None) -> bool:
    """Equal, ignoring the blank lines around a record (where a record sits shifts them)."""
    if a is None or b is None:
        return a is b
    return a.strip("\r\n") == b.strip("\r\n")


def merge(base: str, ours: str, theirs: str, labels: tuple[str, str] = ("ours", "theirs"), size: int = 7) -> Merged:
    b, o, t = (dict(records(x)) for x in (base, ours, theirs))
    order = _order([k for k, _ in records(ours)], [k for k, _ in records(theirs)], b)
    out: list[str] = []
    conflicts: list[Key] = []
    for key in order:
        vb, vo, vt = b.get(key), o.get(key), t.get(key)
        if _same(vo, vt):
            chosen = vo if vo is not None else None
        elif _same(vo, vb):
            chosen = vt
        elif _same(vt, vb):
            chosen = vo
        else:
            conflicts.append(key)
            out.append(_conflict(vo or "", vt or "", labels, size))
            continue
        if chosen:
            out.append(chosen if chosen.endswith("\n") or key == order[-1] else chosen + "\n")
    return Merged("".join(out), conflicts)


def _order(ours: list[Key], theirs: list[Key], base: dict[Key, str]) -> list[Key]:
    """Ours' order; a record only theirs has goes after its predecessor in theirs (and after any
    records ours added right there), so both sides' new records of one unit stay with the unit."""
    result = list(ours)
    known = set(result)
    for n, key in enumerate(theirs):
        if key in known:
            continue
        prev = next((theirs[i] for i in range(n - 1, -1, -1) if theirs[i] in known), None)
        at = result.index(prev) + 1 if prev is not None else len(result)
        while at < len(result) and result[at] not in base and _inside(result[at], prev):
            at += 1  # past records ours added after the same predecessor, in the same unit
        result.insert(at, key)
        known.add(key)
    return result


def _inside(key: Key, prev: Key | None) -> bool:
    return prev is not None and len(key) >= 2 and key[:2] == prev[:2]


def _conflict(ours: str, theirs: str, labels: tuple[str, str], size: int) -> str:
    def body(text: str) -> str:
        text = text.strip("\n")
        return text + "\n" if text else ""

    lead = ours[: len(ours) - len(ours.lstrip("\n"))]  # keep the blank line above the record
    return f"{lead}{'<' * size} {labels[0]}\n{body(ours)}{'=' * size}\n{body(theirs)}{'>' * size} {labels[1]}\n"


def git_merge_file(base: Path, ours: Path, theirs: Path, size: int) -> int:
    """git's own line merge, for versions qmonth cannot read: exit 0 clean, 1 conflicts."""
    import subprocess

    try:
        done = subprocess.run(["git", "merge-file", f"--marker-size={size}", str(ours), str(base), str(theirs)], check=False)
    except OSError:
        return 2
    return 0 if done.returncode == 0 else 1
