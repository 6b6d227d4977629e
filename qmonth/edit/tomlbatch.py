"""Many surgical edits of one file with one scan of it (a batch of `qmonth serve`'s reports).

Each edit of edit/tomledit.py indexes the whole text (one pass over its lines, ~0.1 s on the
national file) and returns a new copy of it, so N edits one after the other cost N scans: 3,000
reports took minutes. `edit_many` scans the text once, and gives each unit's edits only that
unit's part of the file (its segment: the [units.ID] header up to the next header that is not
under units.ID), applied there with the same functions, one after the other, in the order given;
the parts are then put back in one join.

The result is exactly the text the edits applied one after the other to the whole file give
(tests/test_write_batch.py checks it), because everything an edit of a table under units.ID reads
or writes lies inside the unit's segment when the segment is self-contained — no header or key
outside it defines anything under units.ID, or `units`/`units.ID` as a value or an array of tables
(the condition `tomlcheck._verify` uses for its fast path, and the reasoning given there): the
tables it looks for, the dotted keys and inline values it refuses, where a new table goes (after
the segment's last content line), and its self-check. The file's line ending is passed in (it is
the first line's, which no unit's edit changes). Edits of different units touch disjoint
segments, so their order between units does not matter. A unit whose segment is not
self-contained (its tables scattered through the file), or an edit of a path shorter than
units.ID.TABLE, is applied to the whole text afterwards, the old way.

Errors are the sequential path's, word for word: when an edit fails, the edits before it are
applied (they cannot fail: each unit's edits before its first failure succeeded) and the failing
one is applied alone to that whole text, which raises the error with the line numbers the file
then has. `BatchError.index` says which edit it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Any

from qmonth.core.tomlscan import Path
from qmonth.edit.tomlcheck import EditError, _newline, own_segment
from qmonth.edit.tomledit import _strict_index, remove_table, set_rows, set_table

#: One edit: (table path, values or None to remove, rows or None) — as `write.Edit` holds them.
Op = tuple[Sequence[str], Mapping[str, Any] | None, Sequence[Mapping[str, Any]] | None]


class BatchError(Exception):
    """Edit number `index` cannot be done: `error` is what it raised applied after the ones before."""

    def __init__(self, index: int, error: EditError) -> None:
        super().__init__(error.message)
        self.index = index
        self.error = error


class _Failed(Exception):
    def __init__(self, index: int) -> None:
        self.index = index


def one(text: str, op: Op, nl: str | None = None) -> str:
    """Apply one edit to `text` (the whole file, or with `nl` one unit's part of it)."""
    path, values, rows = op
    if rows is not None:
        return set_rows(text, path, rows, nl=nl)
    if values is None:
        return remove_table(text, path, nl=nl)
    return set_table(text, path, values, nl=nl)


def edit_many(text: str, ops: Sequence[Op]) -> str:
    """`text` with every edit applied, as applying them one after the other would give; BatchError."""
    try:
        return _batch(text, ops)
    except _Failed as failed:
        k = failed.index
    before = _batch(text, ops[:k]) if k else text  # cannot fail: see the module's docstring
    for i in range(k, len(ops)):  # the failing edit on the whole text: its own error (and, should
        try:  # it pass after all, the rest one by one, the old way)
            before = one(before, ops[i])
        except EditError as exc:
            raise BatchError(i, exc) from None
    return before


def _batch(text: str, ops: Sequence[Op]) -> str:
    if not ops:
        return text
    try:
        idx = _strict_index(text)
    except EditError:
        raise _Failed(0) from None
    nl = _newline(text)
    groups: dict[Path, list[int]] = {}
    for i, (path, _, _) in enumerate(ops):
        groups.setdefault(tuple(path[:2]), []).append(i)
    parts = idx.parts
    starts = [0, *accumulate(len(p) + 1 for p in parts)]  # offset of each line's first character
    pieces: list[tuple[int, int, str]] = []
    later: list[int] = []
    for unit, members in groups.items():
        seg = own_segment(idx, unit) if all(len(ops[i][0]) >= 3 for i in members) else None
        if seg is None:
            later += members
            continue
        first, end = seg
        start, stop = starts[first], (starts[end + 1] if end + 1 < len(parts) else len(text))
        sub = text[start:stop]
        for i in members:
            try:
                sub = one(sub, ops[i], nl)
            except EditError:
                raise _Failed(i) from None
        pieces.append((start, stop, sub))
    pieces.sort()
    out: list[str] = []
    at = 0
    for start, stop, sub in pieces:
        out += [text[at:start], sub]
        at = stop
    out.append(text[at:])
    done = "".join(out)
    for i in sorted(later):
        try:
            done = one(done, ops[i])
        except EditError:
            raise _Failed(i) from None
    return done


