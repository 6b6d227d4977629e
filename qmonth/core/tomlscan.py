"""Where a key is written in a campaign file: one pass over the lines finds every table header
and key definition, without being fooled by multi-line strings, multi-line arrays, or `#` and `[`
inside strings. The reader uses it to give each problem its line (`locate`); the editor
(`qmonth.edit.tomledit`) uses the same index to change one table and nothing else.

Runs of ordinary lines (blank, comment, `key = value` on one line) are skipped by a single regular
expression; only headers and values that need care are looked at one by one. The whole document
is never parsed: the national file has 100k lines.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

__all__ = ["Entry", "Kind", "Path", "locate"]

Kind = Literal["table", "array_table", "key"]
Path = tuple[str, ...]


class Entry(NamedTuple):
    """One definition found by `scan`.

    line:      0-based index of the line where the header or the key is written.
    kind:      "table" (`[a.b]`), "array_table" (`[[a.b]]`) or "key" (`k = v`, `k.j = v`).
    path:      full key path: the header's path, plus the (dotted) key for a key.
    end:       0-based index of the last line of the value (a header: its own line).
    table_len: how many leading parts of `path` come from the enclosing header.
    """

    line: int
    kind: Kind
    path: Path
    end: int
    table_len: int


# ── Scanner ──────────────────────────────────────────────────────────────────────────────────

_BARE = r"[A-Za-z0-9_-]+"
# Strings are matched in the "unrolled loop" form "[^"\\]*(?:\\.[^"\\]*)*": linear and fast.
_KEYPART = rf"""(?:{_BARE}|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\n]*')"""
_KEYS = rf"{_KEYPART}(?:[ \t]*\.[ \t]*{_KEYPART})*"
_HEADER_RE = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_KEYS})[ \t]*(\]\]?)[ \t]*(?:#.*)?\r?$")
_SIMPLE_HEADER_RE = re.compile(rf"\[({_BARE}(?:\.{_BARE})*)\]\r?$")  # the usual [units.chikan]
_KV_START_RE = re.compile(rf"[ \t]*({_KEYS})[ \t]*=[ \t]*")
_KEYPART_RE = re.compile(_KEYPART)
_BARE_RE = re.compile(_BARE)

# An "ordinary" line: blank, a comment, or `key = value` whose value surely ends on its line: a
# bare key, then at most one one-line string or one flat one-line array of such strings and plain
# values, then plain text (numbers, dates, booleans), then an optional comment. A string may not
# be followed by a quote, so a `"""` or `'''` (which opens a multi-line string) is never matched
# piecewise. _LINE_RE reads one line (without its "\n"); _RUN_RE skips a run of whole lines.
_STR = r"""(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"(?!")|'[^'\n]*'(?!'))"""
_PLAIN = r"""[^"'#\[\]{}\n]"""
_KV_SIMPLE = rf"({_BARE})[ \t]*=[ \t]*(?:{_STR}|\[{_PLAIN}*(?:{_STR}{_PLAIN}*)*\])?{_PLAIN}*(?:#.*)?"
_LINE_RE = re.compile(rf"[ \t]*{_KV_SIMPLE}$")
_RUN_RE = re.compile(rf"(?:[ \t]*(?:#.*|{_KV_SIMPLE})?\r?\n)*+")

# Value tokens, for the values that are not ordinary.
_PLAIN_RE = re.compile(rf"{_PLAIN}+")
_BASIC_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_LITERAL_RE = re.compile(r"'[^']*'")
# The rest of a multi-line string up to and including its closing delimiter on this line (one or
# two quotes may stand right before the delimiter and belong to the string).
_ML_BASIC_END_RE = re.compile(r'[^"\\]*(?:(?:\\.|"{1,2}(?!"))[^"\\]*)*"""(?:"{1,2}(?!"))?')
_ML_LITERAL_END_RE = re.compile(r"[^']*(?:'{1,2}(?!')[^']*)*'''(?:'{1,2}(?!'))?")


class _ScanError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _unquote(part: str, line: int) -> str:
    if part[0] == "'":
        return part[1:-1]
    if part[0] == '"':
        if "\\" not in part:
            return part[1:-1]
        try:
            return str(tomllib.loads(f"k = {part}")["k"])
        except tomllib.TOMLDecodeError:
            raise _ScanError(line, f"bad escape in the quoted key {part}") from None
    return part


def _split_keys(keys: str, line: int) -> Path:
    """`a . "b.c" . 'd'` -> ("a", "b.c", "d"). `keys` was matched by _KEYS."""
    if '"' not in keys and "'" not in keys:
        if " " in keys or "\t" in keys:
            return tuple(k.strip(" \t") for k in keys.split("."))
        return tuple(keys.split("."))
    return tuple(_unquote(m.group(), line) for m in _KEYPART_RE.finditer(keys))


def _read_header(line: str, i: int) -> tuple[Kind, Path]:
    m = _HEADER_RE.match(line)
    if m is None or len(m.group(1)) != len(m.group(3)):
        raise _ScanError(i, "cannot read this table header")
    return ("table" if len(m.group(1)) == 1 else "array_table"), _split_keys(m.group(2), i)


def _skip_value(parts: Sequence[str], i: int, pos: int) -> int:
    """Index of the line where the value starting at parts[i][pos:] ends."""
    start = i
    depth = 0
    line = parts[i]
    n = len(parts)
    while True:
        size = len(line)
        while pos < size:
            c = line[pos]
            if c == '"' or c == "'":
                if line.startswith(c * 3, pos):
                    end_re = _ML_BASIC_END_RE if c == '"' else _ML_LITERAL_END_RE
                    pos += 3
                    while (m := end_re.match(line, pos)) is None:
                        i += 1
                        if i >= n:
                            raise _ScanError(start, "multi-line string is never closed")
                        line = parts[i]
                        pos = 0
                    size = len(line)
                    pos = m.end()
                    continue
                m = (_BASIC_RE if c == '"' else _LITERAL_RE).match(line, pos)
                if m is None:
                    raise _ScanError(i, "string is not closed on its line")
                pos = m.end()
            elif c == "#":
                break
            elif c == "[" or c == "{":
                depth += 1
                pos += 1
            elif c == "]" or c == "}":
                depth -= 1
                pos += 1
            else:
                m = _PLAIN_RE.match(line, pos)
                pos = m.end() if m is not None else pos + 1
        if depth <= 0:
            return i
        i += 1
        if i >= n:
            raise _ScanError(start, "array or inline table is never closed")
        line = parts[i]
        pos = 0


def _is_blank_or_comment(line: str) -> bool:
    s = line.lstrip(" \t")
    return not s or s[0] == "#" or s == "\r"


class _Index:
    """What one pass over a text found: its lines and its headers; the keys on demand.

    Block k holds the lines after header k up to the next header (block -1: the lines before
    the first header); its keys are listed by `keys(k)` the first time they are needed.
    """

    def __init__(self, text: str) -> None:
        parts = text.split("\n")
        self.parts: Sequence[str] = parts  # a line, with its "\r" in a CRLF file; last: after the last "\n"
        self.headers: list[Entry] = []
        self.tables: dict[Path, int] = {}  # path -> index in headers of its first [table]
        self.groups: dict[Path, list[int]] = {}  # path[:2] -> indices in headers, in file order
        self.error: _ScanError | None = None
        self.stop = len(parts)  # lines read: all, or up to the first one that could not be read
        self._keys: dict[int, tuple[Entry, ...]] = {}
        headers = self.headers
        tables = self.tables
        groups = self.groups
        simple_header = _SIMPLE_HEADER_RE.match
        run = _RUN_RE.match
        count = text.count
        n = len(parts)
        i = pos = 0
        try:
            while i < n:
                skipped = run(text, pos)  # always matches, maybe nothing
                if skipped is not None and skipped.end() != pos:
                    i += count("\n", pos, skipped.end())
                    pos = skipped.end()
                line = parts[i]
                m = simple_header(line)
                if m is not None or line.lstrip(" \t")[:1] == "[":
                    if m is not None:
                        kind: Kind = "table"
                        path = tuple(m.group(1).split("."))
                    else:
                        kind, path = _read_header(line, i)
                    k = len(headers)
                    if kind == "table":
                        tables.setdefault(path, k)
                    groups.setdefault(path[:2], []).append(k)
                    headers.append(Entry(i, kind, path, i, len(path)))
                    pos += len(line) + 1
                    i += 1
                    continue
                last = i
                if not _is_blank_or_comment(line):
                    m = _KV_START_RE.match(line)
                    if m is None:
                        raise _ScanError(i, "expected `key = value`, a [table] header or a # comment")
                    _split_keys(m.group(1), i)
                    last = _skip_value(parts, i, m.end())
                pos += sum(map(len, parts[i : last + 1])) + last + 1 - i
                i = last + 1
        except _ScanError as exc:
            self.error = exc
            self.stop = exc.line
            while headers and headers[-1].line >= exc.line:
                headers.pop()

    def keys(self, k: int) -> tuple[Entry, ...]:
        """The keys of block k, in file order."""
        found = self._keys.get(k)
        if found is not None:
            return found
        parts = self.parts
        header = self.headers[k].path if k >= 0 else ()
        hlen = len(header)
        i = self.headers[k].line + 1 if k >= 0 else 0
        stop = self.headers[k + 1].line if k + 1 < len(self.headers) else self.stop
        out: list[Entry] = []
        line_re = _LINE_RE.match
        try:
            while i < stop:
                line = parts[i]
                m = line_re(line)
                if m is not None:
                    out.append(Entry(i, "key", (*header, m.group(1)), i, hlen))
                    i += 1
                elif _is_blank_or_comment(line):
                    i += 1
                else:
                    m = _KV_START_RE.match(line)
                    if m is None:  # cannot happen: the first pass read these lines
                        break
                    end = _skip_value(parts, i, m.end())
                    out.append(Entry(i, "key", header + _split_keys(m.group(1), i), end, hlen))
                    i = end + 1
        except _ScanError:  # cannot happen either, for the same reason
            pass
        found = self._keys[k] = tuple(out)
        return found

    def last_content(self, k: int) -> int:
        """The last line of header k's table: its last key's last line, or the header."""
        keys = self.keys(k)
        return keys[-1].end if keys else self.headers[k].line

    def related(self, path: Path) -> list[int]:
        """Indices of the headers whose path is a prefix of `path` or starts with it.

        Only these headers, the keys of their blocks and the keys before the first header can
        define anything at or under `path`, or a parent of it: a key's path extends its header's.
        """
        if len(path) < 2:  # rare (locate only): look through every group
            return sorted(k for start, ks in self.groups.items() if start[: len(path)] == path for k in ks)
        found = [k for k in self.groups.get(path[:2], ()) if _nested(self.headers[k].path, path)]
        return sorted(found + self.groups.get(path[:1], []))

    def around(self, path: Path) -> list[Entry]:
        """Every definition that may concern `path` (see `related`), in file order."""
        out = list(self.keys(-1))
        for k in self.related(path):
            out.append(self.headers[k])
            out.extend(self.keys(k))
        return out

    def segment(self, unit: Path) -> tuple[int, int, int] | None:
        """The unit's part of the file: [unit] and the tables under it that follow it.

        Returns (header line, last content line, last line before the next other header), or
        None if there is no [unit] table.
        """
        h = self.tables.get(unit)
        if h is None:
            return None
        headers = self.headers
        size = len(unit)
        j = h
        while j + 1 < len(headers) and headers[j + 1].path[:size] == unit:
            j += 1
        end = headers[j + 1].line - 1 if j + 1 < len(headers) else self.stop - 1
        return headers[h].line, self.last_content(j), end


def _nested(a: Path, b: Path) -> bool:
    """True when one of the paths is a prefix of the other."""
    size = min(len(a), len(b))
    return a[:size] == b[:size]


@lru_cache(maxsize=2)
def _index(text: str) -> _Index:
    return _Index(text)


def locate(text: str, path: Sequence[str]) -> int | None:
    """1-based line of the header or key that defines `path`, else of its closest defined parent.

    Best effort, never raises: on a file that is not valid TOML, only the part before the first
    unreadable line is searched. None when no part of `path` is defined anywhere.
    """
    key = tuple(path)
    if not key:
        return None
    idx = _index(text)
    best: Entry | None = None
    for e in idx.around(key):
        if len(e.path) <= len(key) and key[: len(e.path)] == e.path and (best is None or len(e.path) > len(best.path)):
            best = e
    return best.line + 1 if best is not None else None
