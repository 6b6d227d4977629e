"""A git merge driver for campaign files: three versions merged table by table.

git's own merge works on lines, so two branches that each record a different task of the same unit
(two new `[units.ID.progress.TASK]` tables at the end of the same unit) touch the same lines and
conflict. Here each version is cut into records — one table header with its keys, together with
the comments and blank lines just above the header — and merged record by record:

* a record changed (added, edited, removed) on one side only takes that side's version;
* the same change on both sides is taken once;
* a record changed differently on both sides is a conflict: both versions are written between
  git's markers, whole, so that `qmonth check` can say which record it is and what to do.

Records are keyed by their table's path; an array-table entry (`[[forms.X.fields]]`) by its path
and its content (lines shift on both sides; the content says which entry it is).

Taking each side's change is not enough when the two changes only make sense apart. Those are
conflicts too, written as one region holding every record involved (each side's versions):

* an orphan: one side removed a record (a unit, a form) and the other added or changed a record
  under it (`[units.X.progress.T]` without `[units.X]`);
* a clash: one side wrote a table (`[units.X.progress.T]`) and the other the same keys dotted in
  another record (`progress.T.done = …` inside `[units.X]`): the result would define them twice.

New records keep their place: after the record that precedes them in the version that added them.
The text before the first header is merged the same way, as one record. Pure: text in, text out;
`git_merge_file` (git's own line merge, for versions qmonth cannot read) runs git on the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qmonth.core.conflicts import DRIVER_LABELS, MARK_BASE, MARK_OURS, MARK_SEP, MARK_THEIRS

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["DRIVER_LABELS", "MARK_OURS", "MARK_SEP", "MARK_THEIRS", "Merged", "NotMergeable", "merge", "records", "sides"]

Key = tuple[str, ...]
PREAMBLE: Key = ()


class NotMergeable(Exception):
    """A version could not be cut into records (it is not readable TOML)."""


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: list[Key]  # the records changed differently on both sides, in file order
    # the records written as one conflict because their changes only make sense apart: ("orphan"
    # or "clash", the records), in file order
    groups: list[tuple[str, list[Key]]] = field(default_factory=list)


@dataclass(frozen=True)
class _Rec:
    key: Key
    text: str
    header: Key | None  # the table's path (None: the preamble)
    keys: tuple[tuple[Key, int], ...]  # (full path, how many parts come from the header) of each key


def records(text: str) -> list[tuple[Key, str]]:
    """`text` cut into (record key, text) in file order; the text before the first header is ()."""
    return [(r.key, r.text) for r in _records(text)]


def _records(text: str) -> list[_Rec]:
    from qmonth.edit.tomledit import EditError, scan

    try:
        entries = scan(text)
    except EditError as exc:
        raise NotMergeable(exc.message) from None
    lines = text.splitlines(keepends=True)
    heads = [e for e in entries if e.kind != "key"]
    starts = []
    prev = -1
    for e in heads:
        start = e.line
        while start - 1 > prev and _loose(lines[start - 1]):
            start -= 1  # comments and blank lines just above a header belong to it
        starts.append(start)
        prev = e.line
    keys_of: dict[int, list[tuple[Key, int]]] = {}
    block = -1
    for e in entries:
        if e.kind == "key":
            keys_of.setdefault(block, []).append((e.path, e.table_len))
        else:
            block += 1
    first = starts[0] if starts else len(lines)
    out = [_Rec(PREAMBLE, "".join(lines[:first]), None, tuple(keys_of.get(-1, ())))]
    seen: dict[Key, int] = {}
    for n, e in enumerate(heads):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = "".join(lines[starts[n] : end])
        key: Key = e.path
        if e.kind == "array_table":  # keyed by content: its line shifts when others are added above
            content = body.strip().replace("\r\n", "\n")
            key = (*e.path, f"[[{content}]]")
            seen[key] = seen.get(key, 0) + 1
            key = (*key, str(seen[key])) if seen[key] > 1 else key  # the same entry twice stays twice
        out.append(_Rec(key, body, e.path, tuple(keys_of.get(n, ()))))
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
    rb, ro, rt = (_records(x) for x in (base, ours, theirs))
    b, o, t = ({r.key: r.text for r in rs} for rs in (rb, ro, rt))
    order = _order([r.key for r in ro], [r.key for r in rt], b)
    chosen: dict[Key, str | None] = {}
    conflicts: list[Key] = []
    for key in order:
        vb, vo, vt = b.get(key), o.get(key), t.get(key)
        if _same(vo, vt):
            chosen[key] = vo
        elif _same(vo, vb):
            chosen[key] = vt
        elif _same(vt, vb):
            chosen[key] = vo
        else:
            conflicts.append(key)
    # each record as the version the merge took (ours when it took ours' text): its keys are the ones written
    info = {r.key: r for rs in (rb, rt) for r in rs} | {r.key: r for r in ro if chosen.get(r.key) == r.text}
    groups = _orphans(order, o, t, chosen, conflicts, info) + _clashes(order, o, t, b, chosen, info)
    spans = _spans(order, [[k] for k in conflicts] + [g for _, g in groups])
    out: list[str] = []
    n = 0
    while n < len(order):
        span = next((s for s in spans if s[0] == n), None)
        if span is not None:
            involved = {k for s in [span] for k in s[2]}
            keys = order[span[0] : span[1] + 1]
            sides = ["".join(_piece(side.get(k) if k in involved else chosen.get(k)) for k in keys) for side in (o, t)]
            out.append(_conflict(sides[0], sides[1], labels, size))
            n = span[1] + 1
            continue
        key = order[n]
        text = chosen.get(key)
        if text:
            out.append(text if text.endswith("\n") or key == order[-1] else text + "\n")
        n += 1
    return Merged("".join(out), conflicts, groups)


def _piece(text: str | None) -> str:
    if not text:
        return ""
    return text if text.endswith("\n") else text + "\n"


def _spans(order: list[Key], groups: list[list[Key]]) -> list[tuple[int, int, set[Key]]]:
    """Each group of records as a run of `order` (from its first record to its last), runs that
    overlap joined: one conflict region each."""
    where = {k: i for i, k in enumerate(order)}
    runs = sorted((min(where[k] for k in g), max(where[k] for k in g), set(g)) for g in groups if g)
    out: list[tuple[int, int, set[Key]]] = []
    for lo, hi, keys in runs:
        if out and lo <= out[-1][1]:
            plo, phi, pkeys = out[-1]
            out[-1] = (plo, max(phi, hi), pkeys | keys)
        else:
            out.append((lo, hi, keys))
    return out


def _orphans(
    order: list[Key],
    o: dict[Key, str],
    t: dict[Key, str],
    chosen: dict[Key, str | None],
    conflicts: list[Key],
    info: dict[Key, _Rec],
) -> list[tuple[str, list[Key]]]:
    """A record removed by the merge (one side removed it) while a record under it stays or is in
    conflict (the other side added or changed it): the removal and the records under it conflict.
    The array-table entries of the removed table's own path are not under it: they replace it (a
    multi-row form's parallel arrays rewritten one `[[table]]` per row)."""
    out: list[tuple[str, list[Key]]] = []
    kept = [k for k in order if chosen.get(k) or k in conflicts]
    gone = {k for k in order if k and k not in conflicts and not chosen.get(k) and (k in o or k in t)}
    where = {k: i for i, k in enumerate(order)}

    def below(k: Key, parent: Key) -> bool:
        return len(k) > len(parent) and k[: len(parent)] == parent and info[k].header != parent

    for parent in sorted(gone, key=where.__getitem__):
        if any(below(k, parent) for k in kept):
            out.append(("orphan", [parent, *(k for k in order if below(k, parent))]))
    return out


def _clashes(
    order: list[Key],
    o: dict[Key, str],
    t: dict[Key, str],
    b: dict[Key, str],
    chosen: dict[Key, str | None],
    info: dict[Key, _Rec],
) -> list[tuple[str, list[Key]]]:
    """Two records of the result that define the same keys (a table on one side, the same keys
    dotted in another record on the other), where neither side alone had both."""
    changed = {k for k in order if chosen.get(k) and not _same(chosen.get(k), b.get(k))}
    if not changed:
        return []
    near = {k[:2] for k in changed}
    defines: dict[Key, list[Key]] = {}  # a table or key path -> the records that define it
    for k in order:
        rec = info[k]
        if not chosen.get(k) or (k[:2] not in near and k) or (rec.header is not None and k != rec.header):
            continue  # an array-table entry defines keys of its own element only
        paths: set[Key] = set()
        if rec.header is not None:
            paths.add(rec.header)
        for path, table_len in rec.keys:
            paths.update(path[:i] for i in range(table_len + 1, len(path) + 1))  # the key and the tables it implies
        for p in paths:
            defines.setdefault(p, []).append(k)
    out: list[tuple[str, list[Key]]] = []
    for _path, recs in defines.items():
        pair = list(dict.fromkeys(recs))
        if all(_same(chosen.get(k), o.get(k)) for k in pair) or all(_same(chosen.get(k), t.get(k)) for k in pair):
            continue  # one side alone had it (so does a record alone): not the merge's doing
        if not any(set(pair) <= set(g) for _, g in out):
            out.append(("clash", pair))
    return out


def sides(text: str) -> tuple[str, str, str] | None:
    """A file with conflict markers (git's, after a line merge) as the versions they came from:
    (ours, base, theirs), each region replaced by that side's lines. The base is diff3's
    `|||||||` section where there is one, else nothing: a record only one side has then counts as
    added by that side, so merging the three keeps it. None when the text has no markers."""
    out: dict[str, list[str]] = {"ours": [], "base": [], "theirs": []}
    state = ""
    found = False
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if not state and line.startswith(MARK_OURS):
            state, found = "ours", True
        elif state == "ours" and line.startswith(MARK_BASE):
            state = "base"
        elif state in ("ours", "base") and bare.startswith(MARK_SEP) and bare == "=" * len(bare):
            state = "theirs"
        elif state == "theirs" and line.startswith(MARK_THEIRS):
            state = ""
        elif state:
            out[state].append(line)
        else:
            for side in out.values():
                side.append(line)
    if not found:
        return None
    return "".join(out["ours"]), "".join(out["base"]), "".join(out["theirs"])


def _order(ours: list[Key], theirs: list[Key], base: dict[Key, str]) -> list[Key]:
    """Ours' order; a record only theirs has goes after its predecessor in theirs (and after any
    records ours added right there), so both sides' new records of one unit stay with the unit."""
    result = list(ours)
    known = set(result)
    for n, key in enumerate(theirs):
        if key in known:
            continue
        prev = theirs[n - 1] if n else None  # every record before it is placed by now
        at = result.index(prev) + 1 if prev is not None else len(result)
        while at < len(result) and result[at] not in base and _inside(result[at], prev):
            at += 1  # past records ours added after the same predecessor, in the same unit
        result.insert(at, key)  # theirs' keys are unique: this one is not met again
    return result


def _inside(key: Key, prev: Key | None) -> bool:
    return prev is not None and key[:2] == prev[:2]  # keys are unique: a shorter key never has prev's two parts


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
