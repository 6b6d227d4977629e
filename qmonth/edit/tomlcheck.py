"""The ground every surgical edit (edit/tomledit.py) stands on: its error, the arithmetic of lines
and offsets, and the self-check — the changed part of the file read back with the standard
library's tomllib must give exactly the old data with the requested change, else EditError."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from typing import Any

import tomli_w

from qmonth.core.tomlscan import _BARE_RE, Path, _Index


class EditError(Exception):
    """An edit that cannot be done safely. `line` is the 1-based line it is about, if any."""

    def __init__(self, message: str, *, line: int | None = None, cause: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.cause = cause  # "inline", "array_table", "dotted" when the layout is the reason


# ── Helpers on lines and offsets ─────────────────────────────────────────────────────────────


def _dotted(path: Path) -> str:
    return ".".join(_format_key(k) for k in path)


def _format_key(key: str) -> str:
    if _BARE_RE.fullmatch(key):
        return key
    return tomli_w.dumps({key: 0})[: -len(" = 0\n")]


def _newline(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _content(part: str) -> str:
    return part[:-1] if part.endswith("\r") else part


def _start(parts: Sequence[str], i: int) -> int:
    """Offset of the first character of line i."""
    return sum(map(len, parts[:i])) + i


def _after(parts: Sequence[str], text: str, i: int) -> int:
    """Offset just past line i and its line ending."""
    return _start(parts, i + 1) if i < len(parts) - 1 else len(text)


def _terminated(parts: Sequence[str], i: int) -> bool:
    return i < len(parts) - 1


# ── Self-check ───────────────────────────────────────────────────────────────────────────────


def _with_table(
    data: dict[str, Any],
    table: Path,
    leaf: Callable[[dict[str, Any] | None], dict[str, Any]] | None,
    headers: set[Path],
) -> dict[str, Any]:
    """A copy of `data` with the table at `table` replaced by leaf(old table), or deleted.

    Only the dicts along `table` are copied. After a deletion, parent tables left empty vanish
    unless a [header] in `headers` defines them (tomllib keeps implicit tables only while they
    hold something).
    """
    out = dict(data)
    chain = [out]
    for key in table[:-1]:
        child = chain[-1].get(key)
        copy = dict(child) if isinstance(child, dict) else {}
        chain[-1][key] = copy
        chain.append(copy)
    if leaf is not None:
        old = chain[-1].get(table[-1])
        chain[-1][table[-1]] = leaf(old if isinstance(old, dict) else None)
        return out
    chain[-1].pop(table[-1], None)
    for depth in range(len(table) - 1, 0, -1):
        if chain[depth] or table[:depth] in headers:
            break
        del chain[depth - 1][table[depth - 1]]
    return out


def _same(a: object, b: object) -> bool:
    """Equality that also tells 1 from 1.0 from True and a date from a datetime."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and a != a:  # NaN
        return b != b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b


def _get(data: dict[str, Any], path: Path) -> object:
    cur: object = data
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return cur


_AT_LINE_RE = re.compile(r"\(at line (\d+)")


def _loads(text: str, first_line: int, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = _AT_LINE_RE.sub(lambda m: f"(at line {int(m.group(1)) + first_line}", str(exc))
        raise EditError(f"{what} is not valid TOML: {msg}") from None


def own_segment(idx: _Index, unit: Path) -> tuple[int, int] | None:
    """(first line, last line) of the unit's segment (its tables, together), if nothing outside
    it concerns the unit: no table under it elsewhere, no key or value defining it or a parent."""
    seg = idx.segment(unit)
    if seg is None:
        return None
    first, _, end = seg
    size = len(unit)
    for e in idx.around(unit):
        if first <= e.line <= end:
            continue
        p = e.path
        if p[:size] == unit or (e.kind != "table" and len(p) < size and unit[: len(p)] == p):
            return None
    return first, end


def _verify(
    old: str,
    new: str,
    idx: _Index,
    table: Path,
    change: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    """Raise EditError unless tomllib reads `new` as change(what it reads from `old`).

    Reading both whole texts costs about 0.6 s each on the national file, so when the unit's
    part of the file (its segment: the [units.ID] header up to the next header that is not under
    units.ID) is the only place that says anything about units.ID, we check less: no definition
    outside the segment has a path under units.ID, and none outside it makes `units` or
    `units.ID` a value or an array of tables. Then it is enough that (1) the text before and
    after the segment is byte-identical, and (2) tomllib reads the new segment on its own as
    change(old segment on its own). Why:

    * A TOML document is a sequence of sections (a header and its key/value lines); its data is
      the merge of what each section defines. The segment is a whole number of sections (it
      starts at a header line and stops right before one, outside any multi-line value), so by
      (1) the new document is the same sections outside the segment plus the new segment's.
    * Every definition inside the segment has a path under units.ID (its headers all start with
      it, its keys extend those headers) and, by the condition above, none outside does. So the
      sections outside define the same data outside units.ID as before and nothing inside it:
      all of units.ID comes from the segment and equals what the segment gives on its own, which
      is what (2) checks; the rest of the data is untouched.
    * TOML's validity rules (a table or key is defined once; no header over a table made by
      dotted keys or inline) relate a definition only to definitions of the same path, of its
      parents or of its children. Across the segment's boundary that leaves the parents `units`
      and `units.ID`: the segment defines `units` only implicitly (the same way before and
      after), and outside definitions of either as a value or an array send us to the slow
      path. So if the old document was valid (the caller has read it) the new one is too.

    Otherwise (say, a unit whose tables are scattered through the file) both whole texts are
    read with tomllib: slower, but it needs no argument.
    """
    unit = table[:2]
    seg = own_segment(idx, unit)
    if seg is None:
        old_data = _loads(old, 0, "the file")
        new_data = _loads(new, 0, "the edited file")
        expected = change(old_data)
        ok = new_data == expected and _same(_get(new_data, table), _get(expected, table))
    else:
        first, last = seg
        parts = idx.parts
        start = _start(parts, first)
        old_end = _after(parts, old, last)
        new_end = old_end + len(new) - len(old)
        ok = new[:start] == old[:start] and new[new_end:] == old[old_end:]
        if ok:
            what = f"the [{_dotted(unit)}] part of the file (from line {first + 1})"
            old_data = _loads(old[start:old_end], first, what)
            new_data = _loads(new[start:new_end], first, f"after the edit, {what}")
            ok = _same(new_data, change(old_data))
    if not ok:
        raise EditError(
            f"internal check failed: the edited [{_dotted(table)}] would not read back as exactly the "
            "requested change, so the file was left unchanged"
        )
