"""Surgical, text-level edits of one table of a campaign file.

People edit campaign.toml by hand in git, so a command that records progress must change the
lines of the one record it writes and nothing else: every other byte of the file (comments,
order, blank lines, quoting, alignment, line endings, a missing final newline) stays as it was.

How it works:

* One pass over the lines finds every table header, without being fooled by multi-line strings,
  multi-line arrays, or `#` and `[` inside strings. Runs of ordinary lines (blank, comment,
  `key = value` on one line) are skipped by a single regular expression; only headers and
  values that need care are looked at one by one. The keys of a table (its "block": the lines up
  to the next header) are listed only when an edit needs them. The whole document is never
  parsed: the national file has 100k lines, and a full tomlkit parse of it takes several seconds.
* `set_table` updates an existing `[path]` table in place: only the lines of the keys it changes
  are rewritten, each by parsing just those lines with tomlkit (which keeps the key's indentation
  and comment); its other keys, comments and blank lines stay byte for byte. A missing table is
  inserted at the end of its unit's part of the file, rendered with tomli_w.
* `remove_table` deletes a table's lines, the comments just above it, and the blank line before.
* Every edit checks itself before it is returned: the changed part of the file is read back with
  the standard library's tomllib and must give exactly the old data with the requested change
  (see `_verify` for why checking the unit's part of the file is enough). If not, EditError.

Tables can only be edited where they are written as `[units.ID.progress.TASK]` headers; a record
written inline (`progress = { receipt = {...} }`) or with dotted keys (`progress.receipt.done =`)
is reported with EditError rather than rewritten.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import tomli_w
import tomlkit
import tomlkit.exceptions

from qmonth.core.tomlscan import Entry, Path, _Index, _index, locate
from qmonth.edit.tomlcheck import (
    EditError,
    _after,
    _content,
    _dotted,
    _format_key,
    _loads,
    _newline,
    _same,
    _start,
    _terminated,
    _verify,
    _with_table,
)

__all__ = ["EditError", "Entry", "locate", "remove_table", "remove_tables", "scan", "set_rows", "set_table"]


# Longest line we render on one line when writing a new array (tomli_w uses the same limit).
_MAX_LINE = 100
_HINT = "a table with its own header, as in [units.ID.progress.TASK]"


def _strict_index(text: str) -> _Index:
    idx = _index(text)
    if idx.error is not None:
        line = idx.error.line + 1
        raise EditError(f"line {line}: {idx.error.reason}; the file cannot be edited safely", line=line)
    return idx


def scan(text: str) -> list[Entry]:
    """Every table header and key definition of `text`, in file order.

    Raises EditError when a line cannot be read (the text is not TOML).
    """
    idx = _strict_index(text)
    out = list(idx.keys(-1))
    for k, header in enumerate(idx.headers):
        out.append(header)
        out.extend(idx.keys(k))
    return out


# ── Checks before editing ────────────────────────────────────────────────────────────────────


def _check_path(path: Sequence[str]) -> Path:
    key = tuple(path)
    if len(key) < 1 or not all(isinstance(k, str) and k for k in key):
        raise ValueError(f"expected a table path like ('units', ID, ...), got {path!r}")
    return key


def _check_form(idx: _Index, path: Path) -> None:
    """Raise EditError when `path` (or a parent) is written in a form we cannot edit in place."""
    size = len(path)
    where = f"[{_dotted(path)}]"
    hint = f"write it as a {where} table instead ({_HINT})"
    for e in idx.around(path):
        p = e.path
        n = len(p)
        if n <= size and path[:n] == p:
            if e.kind == "key":
                raise EditError(
                    f"cannot edit {where}: {_dotted(p)} is written as a value on line {e.line + 1} "
                    f"(an inline table or `key = value`), so it cannot be edited in place; {hint}",
                    line=e.line + 1,
                    cause="inline",
                )
            if e.kind == "array_table":
                raise EditError(
                    f"cannot edit {where}: {_dotted(p)} is an array of tables ([[...]]) on line "
                    f"{e.line + 1}, so it cannot be edited in place; {hint}",
                    line=e.line + 1,
                    cause="array_table",
                )
        elif e.kind == "key" and n > size and p[:size] == path and e.table_len < size:
            raise EditError(
                f"cannot edit {where}: it is written with dotted keys (`{_dotted(p[e.table_len :])} = ...` "
                f"on line {e.line + 1}), so it cannot be edited in place; {hint}",
                line=e.line + 1,
                cause="dotted",
            )


def _check_values(values: Mapping[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"table keys must be non-empty strings, got {key!r}")
        out[key] = None if value is None else _plain(value, key)
    return out


def _plain(value: object, key: str) -> Any:
    """Check a value can be written as TOML (no tables) and turn tuples into lists."""
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    if isinstance(value, bool | int | float | str | dt.date | dt.time):
        return value
    raise TypeError(f"cannot write {key} = {value!r}: only TOML scalars and arrays are supported")


# ── Rendering ────────────────────────────────────────────────────────────────────────────────


def _render(values: Mapping[str, Any]) -> list[str]:
    """`key = value` lines for a new table.

    tomli_w renders every scalar; an array goes on one line when it fits (the style of the
    hand-written file), else tomli_w's one-item-per-line form with two-space indentation.
    """
    lines: list[str] = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list) and value and not any(isinstance(v, list) for v in value):
            items = [tomli_w.dumps({"v": v})[len("v = ") : -1] for v in value]
            line = f"{_format_key(key)} = [{', '.join(items)}]"
            if len(line) <= _MAX_LINE:
                lines.append(line)
                continue
        lines.extend(tomli_w.dumps({key: value}, indent=2).rstrip("\n").split("\n"))
    return lines


# ── Public edits ─────────────────────────────────────────────────────────────────────────────


def set_table(text: str, path: Sequence[str], values: Mapping[str, object], *, nl: str | None = None) -> str:
    """Set keys of the table `[path]` (None removes a key); add the table if it is missing.

    An existing table keeps its other keys, its comments and its place. A new table goes right
    after the last content line of its unit's part of the file ([units.ID] and the tables under
    it that follow), after one blank line. Raises EditError when the unit has no [units.ID]
    table, when the record is written inline or with dotted keys, or when the result would not
    read back as exactly the requested change.

    `nl` (every edit): the file's line ending when `text` is one unit's part of it
    (edit/tomlbatch.py); by default `text`'s own.
    """
    table = _check_path(path)
    vals = _check_values(values)
    idx = _strict_index(text)
    _check_form(idx, table)
    h = idx.tables.get(table)
    nl = nl or _newline(text)
    new_text = _insert(text, idx, table, vals, nl) if h is None else _update(text, idx, h, table, vals, nl)
    if new_text is text:
        return text

    def leaf(old: dict[str, Any] | None) -> dict[str, Any]:
        out = dict(old or {})
        for key, value in vals.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = value
        return out

    _verify(text, new_text, idx, table, lambda data: _with_table(data, table, leaf, set()))
    return new_text


def _own_comments(idx: _Index, h: int) -> int:
    """The first line of header h's record: the header, or the comment lines directly above it
    (no blank line between, after the previous table's last key), which describe this table."""
    parts = idx.parts
    first = idx.headers[h].line
    floor = idx.last_content(h - 1) if h > 0 else max((e.end for e in idx.keys(-1)), default=-1)
    while first - 1 > floor and parts[first - 1].lstrip(" \t")[:1] == "#":
        first -= 1
    return first


def remove_table(text: str, path: Sequence[str], *, nl: str | None = None) -> str:
    """Remove the table `[path]`: its lines (its trailing comments too), the comment lines directly
    above its header (they describe it), and the one blank line before them; nothing else."""
    table = _check_path(path)
    idx = _strict_index(text)
    if any(idx.headers[k].path == table and idx.headers[k].kind == "array_table" for k in idx.related(table)):
        return set_rows(text, table, [], nl=nl)  # a multi-row form written one table per row
    _check_form(idx, table)
    h = idx.tables.get(table)
    if h is None:
        raise EditError(f"cannot remove [{_dotted(table)}]: there is no such table in the file")
    size = len(table)
    for k in idx.related(table):
        e = idx.headers[k]
        if len(e.path) > size and e.path[:size] == table:
            raise EditError(
                f"cannot remove [{_dotted(table)}]: it has a sub-table [{_dotted(e.path)}] on line "
                f"{e.line + 1}; remove that first",
                line=e.line + 1,
            )
    parts = idx.parts
    first = _own_comments(idx, h)
    last = idx.last_content(h)
    if first > 0 and _is_blank(parts[first - 1]):
        first -= 1
    if _terminated(parts, last):
        new_text = text[: _start(parts, first)] + text[_after(parts, text, last) :]
    elif first == 0:
        new_text = ""
    else:
        # The table ended the file without a final newline: so does the line before it now.
        cut = _start(parts, first) - (2 if parts[first - 1].endswith("\r") else 1)
        new_text = text[:cut]
    headers = {idx.headers[k].path for k in idx.related(table)} - {table}
    _verify(text, new_text, idx, table, lambda data: _with_table(data, table, None, headers))
    return new_text


def remove_tables(text: str, match: Callable[[Path], bool]) -> str:
    """Remove every `[table]` whose path `match`es (each with the one blank line before it), in one
    pass over the file; every other byte stays. Checked like every edit: the result must read as the
    old data without those tables, else EditError (a table that has a sub-table not removed with it)."""
    idx = _strict_index(text)
    parts = idx.parts
    drop: set[int] = set()
    removed: list[Path] = []
    for k, e in enumerate(idx.headers):
        if e.kind == "key" or not match(e.path):
            continue
        first, last = e.line, idx.last_content(k)
        if first > 0 and _is_blank(parts[first - 1]) and first - 1 not in drop:
            first -= 1
        drop.update(range(first, last + 1))
        removed.append(e.path)
    if not removed:
        return text
    new_text = "\n".join(p for i, p in enumerate(parts) if i not in drop)
    expected = tomllib.loads(text)
    for path in removed:
        parent: Any = expected
        for part in path[:-1]:
            parent = parent.get(part, {}) if isinstance(parent, dict) else {}
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
    try:
        got = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:
        raise EditError(f"removing {len(removed)} tables would break the file: {exc}") from None
    if not _same(_pruned(got), _pruned(expected)):
        raise EditError("removing the tables would change more than those tables (a sub-table left behind?)")
    return new_text


def set_rows(text: str, path: Sequence[str], rows: Sequence[Mapping[str, object]], *, nl: str | None = None) -> str:
    """Write `path` as an array of tables, one `[[path]]` table per row (a multi-row form), in
    place of what is there: `[[path]]` tables, or one `[path]` table of parallel arrays (the shape
    files had before); no rows: remove them. Rows already written as given stay byte for byte (a
    row added is appended after them); the rest are rewritten where the first of them was, else
    at the end of the unit's part of the file. Checked like every edit (EditError)."""
    table = _check_path(path)
    vals = [{k: v for k, v in _check_values(r).items() if v is not None} for r in rows]
    idx = _strict_index(text)
    size = len(table)
    where = f"[[{_dotted(table)}]]"
    mine: list[int] = []
    for k in idx.related(table):
        e = idx.headers[k]
        if e.path == table:
            mine.append(k)
        elif len(e.path) > size:
            raise EditError(f"cannot write {where}: it has a sub-table [{_dotted(e.path)}] on line {e.line + 1}", line=e.line + 1)
        elif e.kind == "array_table":
            raise EditError(
                f"cannot write {where}: {_dotted(e.path)} is an array of tables on line {e.line + 1}",
                line=e.line + 1,
                cause="array_table",
            )
    for e in idx.around(table):
        p = e.path
        if e.kind != "key":
            continue
        line = e.line + 1
        if len(p) <= size and table[: len(p)] == p:
            raise EditError(f"cannot write {where}: {_dotted(p)} is written as a value on line {line}", line=line, cause="inline")
        if p[:size] == table and e.table_len < size:
            raise EditError(f"cannot write {where}: it is written with dotted keys on line {line}", line=line, cause="dotted")
    parts = idx.parts
    kept = 0  # the rows already written as given, in order
    if all(idx.headers[k].kind == "array_table" for k in mine):
        for k, row in zip(mine, vals, strict=False):
            e = idx.headers[k]
            body = "".join(_content(parts[i]) + "\n" for i in range(e.line + 1, idx.last_content(k) + 1))
            if not _same(_without_blanks(_loads(body, e.line + 1, where)), _without_blanks(row)):
                break
            kept += 1
    drop: set[int] = set()
    at: int | None = None
    for k in mine[kept:]:
        first, last = _own_comments(idx, k), idx.last_content(k)
        if first > 0 and _is_blank(parts[first - 1]) and first - 1 not in drop:
            first -= 1
        at = first if at is None else at
        drop.update(range(first, last + 1))
    if kept:
        at = idx.last_content(mine[kept - 1]) + 1
    elif at is None:
        seg = idx.segment(table[:2])
        if seg is None or len(table) < 3:
            raise EditError(f"cannot add {where}: the file has no [{_dotted(table[:2])}] table")
        at = seg[1] + 1
    cr = "\r" if (nl or _newline(text)) == "\r\n" else ""
    block: list[str] = []
    for row in vals[kept:]:
        block += ["", where, *_render(row)]
    if not block and not drop:
        return text
    out: list[str] = []
    for i, part in enumerate(parts):
        if i == at:
            out += [line + cr for line in block]
        if i not in drop:
            out.append(part)
    if at >= len(parts):
        if out and not out[-1].strip("\r"):
            out[-1:] = [*(line + cr for line in block), ""]  # the final newline stays last
        else:
            out[-1] += cr
            out += [line + cr for line in block[:-1]] + block[-1:]
    new_text = "\n".join(out)
    headers = {idx.headers[k].path for k in idx.related(table)} - {table}

    def change(data: dict[str, Any]) -> dict[str, Any]:
        if not vals:
            return _with_table(data, table, None, headers)
        out = dict(data)
        node = out
        for key in table[:-1]:
            child = node.get(key)
            node[key] = dict(child) if isinstance(child, dict) else {}
            node = node[key]
        node[table[-1]] = vals
        return out

    _verify(text, new_text, idx, table, change)
    return new_text


def _without_blanks(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v != ""}


def _pruned(data: Any) -> Any:
    """Tables without the empty tables left behind (a removed [a.b.c] may leave a.b = {} or no a.b)."""
    if isinstance(data, dict):
        out = {k: _pruned(v) for k, v in data.items()}
        return {k: v for k, v in out.items() if v != {} or not isinstance(data[k], dict)}
    return data


def _is_blank(part: str) -> bool:
    return not part.strip(" \t\r")


def _insert(text: str, idx: _Index, table: Path, vals: dict[str, Any], nl: str) -> str:
    unit = table[:2]
    seg = idx.segment(unit)
    if seg is None:
        what = f"unit '{unit[1]}'" if unit[0] == "units" else f"[{_dotted(unit)}]"
        raise EditError(f"cannot add [{_dotted(table)}]: the file has no [{_dotted(unit)}] table (unknown {what})")
    if len(table) < 3:
        raise EditError(f"[{_dotted(table)}] is missing; this module does not add units")
    parts = idx.parts
    block = [f"[{_dotted(table)}]", *_render(vals)]
    last = seg[1]
    if _terminated(parts, last):
        at = _after(parts, text, last)
        insert = nl + "".join(line + nl for line in block)
    else:
        at = len(text)
        insert = nl + nl + nl.join(block)
    return text[:at] + insert + text[at:]


def _update(text: str, idx: _Index, h: int, table: Path, vals: dict[str, Any], nl: str) -> str:
    """Edit the table of header h in place.

    Each key to change is edited by parsing only its own lines with tomlkit, which keeps its
    indentation and its comment; a key to remove loses its lines; new keys go after the table's
    last key. Every other line of the table (other keys, comments, blank lines) is kept as is.
    """
    parts = idx.parts
    header = idx.headers[h]
    last = idx.last_content(h)
    size = len(table)
    own: dict[str, Entry] = {}
    for e in idx.keys(h):
        if len(e.path) == size + 1:
            own.setdefault(e.path[size], e)
        elif e.path[size] in vals:
            raise EditError(
                f"cannot set {_dotted(e.path[: size + 1])} in [{_dotted(table)}]: it is written with dotted "
                f"keys on line {e.line + 1}; write it as a plain `key = value`",
                line=e.line + 1,
            )
    body = "".join(_content(parts[i]) + "\n" for i in range(header.line + 1, last + 1))
    try:
        current = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        line = header.line + 1
        raise EditError(f"[{_dotted(table)}] (line {line}) is not valid TOML: {exc}", line=line) from None
    replace: dict[int, tuple[int, list[str]]] = {}  # first line -> (last line, new lines)
    added: dict[str, Any] = {}
    for key, value in vals.items():
        if value is None:
            if key in own:
                replace[own[key].line] = (own[key].end, [])
        elif key not in own:
            added[key] = value
        elif not _same(current[key], value):
            e = own[key]
            source = "".join(_content(parts[i]) + "\n" for i in range(e.line, e.end + 1))
            try:
                doc = tomlkit.parse(source)
                old = current[key]
                if isinstance(old, list) and isinstance(value, list) and value[: len(old)] == old:
                    for item in value[len(old) :]:  # appended: the array keeps its layout and comments
                        doc[key].append(item)
                else:
                    doc[key] = value
                lines = tomlkit.dumps(doc).split("\n")
            except (tomlkit.exceptions.TOMLKitError, ValueError, TypeError, KeyError) as exc:
                raise EditError(f"cannot edit {_dotted((*table, key))} (line {e.line + 1}): {exc}", line=e.line + 1) from None
            while lines and _is_blank(lines[-1]):
                lines.pop()
            replace[e.line] = (e.end, lines)
    if not replace and not added:
        return text
    out = [_content(parts[header.line])]
    i = header.line + 1
    while i <= last:
        if i in replace:
            end, lines = replace[i]
            out.extend(lines)
            i = end + 1
        else:
            out.append(_content(parts[i]))
            i += 1
    while len(out) > 1 and _is_blank(out[-1]):
        out.pop()
    out.extend(_render(added))
    block = nl.join(out)
    if _terminated(parts, last):
        block += nl
    return text[: _start(parts, header.line)] + block + text[_after(parts, text, last) :]
