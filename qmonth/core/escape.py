"""The output escaping policy: one function per kind of output, applied at the output edge.

Text from the campaign file (names, titles, notes, evidence, paths) is data. Whatever it
contains, it must never act on the medium it is shown in:

- terminal (and plain text mailed by cron): C0/C1 control characters, DEL, line breaks inside a
  one-line field and bidi controls become visible ``\\uXXXX`` escapes, so no escape sequence
  reaches the terminal and no forged line can start (``terminal``). Rich markup is not this
  module's concern: renderers pass data as ``rich.text.Text``, never as markup.
- CSV and spreadsheets: a cell that begins with ``= + - @``, a tab or a carriage return is
  neutralised with a leading apostrophe (OWASP, CSV injection), header cells included
  (``csv_cell``, ``csv_row``); numbers stay numbers.
- Markdown: HTML is escaped, Markdown punctuation that could make a link, emphasis, a table
  column or a heading is backslash-escaped, and only http(s) links are made (``markdown_text``,
  ``markdown_link``).
- JSON: ``json_document`` (the data exactly, with C1 and bidi controls as ``\\u`` escapes).
- HTML: ``html_text``, ``html_href`` (only http(s)).

Every function is total: it takes any object (``str()`` of it) and never raises.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# C0 controls, DEL, C1 controls; the Unicode line/paragraph separators; bidi embedding,
# override, isolate and mark characters (a right-to-left override can make "gpj.exe" of "exe.jpg").
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_MULTI_LINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")  # keeps \n


def _u(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def has_controls(value: object) -> bool:
    """True when the text holds anything `terminal` would escape (for `check` to refuse names)."""
    return _ONE_LINE.search(str(value)) is not None


# ── terminal / plain text ────────────────────────────────────────────────────


def terminal(value: object) -> str:
    """One-line field for a terminal or a mailed text: every control, line break and bidi
    control becomes a visible ``\\uXXXX`` (newline: ``\\u000a``), so data can never start a line."""
    return _ONE_LINE.sub(_u, str(value))


def terminal_lines(value: object) -> str:
    """Multi-line text (a diff, a message of several lines): line breaks (``\\n``, and ``\\r\\n`` as
    one) are kept; every other control, a lone ``\\r`` and bidi controls are escaped."""
    text = str(value).replace("\r\n", "\n")
    return _MULTI_LINE.sub(_u, text)


# ── CSV / spreadsheets ───────────────────────────────────────────────────────

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str | int | float:
    """One CSV (or spreadsheet) cell: numbers are kept as numbers; text that a spreadsheet would
    read as a formula gets a leading apostrophe; controls are escaped as in `terminal`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return terminal(text)


def csv_row(cells: Iterable[object]) -> list[str | int | float]:
    """A whole row (header rows too) through `csv_cell`."""
    return [csv_cell(c) for c in cells]


spreadsheet_cell = csv_cell  # the same policy for xlsx: never let text become a formula


# ── Markdown ─────────────────────────────────────────────────────────────────

_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([#>+.)-])")
_WEB = re.compile(r"^https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f]+$", re.IGNORECASE)


def markdown_text(value: object) -> str:
    """Inline Markdown (a table cell, a heading's text, a list item): one line, HTML escaped
    (``<`` ``>`` ``&``), pipes and link/emphasis/code punctuation backslash-escaped, and nothing
    at its start that would make a heading, quote or list."""
    text = terminal(value)
    text = html.escape(text, quote=False)
    text = _MD_PUNCT.sub(r"\\\1", text)
    m = _MD_LINE_START.match(text)
    if m and (not m.group(1).strip() or m.group(2) in ".)"):  # "# x", "> x", "- x", "1. x", "1) x"
        text = m.group(1) + "\\" + text[m.end(1) :]
    return text


markdown_cell = markdown_text


def is_web_url(url: object) -> bool:
    """An http(s) URL without spaces, quotes, angle brackets or controls: the only kind linked."""
    text = str(url)
    return _WEB.match(text) is not None and not has_controls(text)


def markdown_link(text: object, url: object) -> str:
    """``[text](url)`` when `url` is an http(s) link; otherwise the text (and the url) as plain,
    escaped text: a ``javascript:`` or ``file:`` reference never becomes a link."""
    label = markdown_text(text)
    if not is_web_url(url):
        return label if str(text) == str(url) else f"{label} ({markdown_text(url)})"
    href = str(url).replace("(", "%28").replace(")", "%29")
    return f"[{label}]({href})"


# ── JSON ─────────────────────────────────────────────────────────────────────

_JSON_EXTRA = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}]")


def json_document(text: str) -> str:
    """A JSON document (from ``json.dumps(..., ensure_ascii=False)``, which escapes C0 itself)
    with DEL, C1, line separators and bidi controls as ``\\uXXXX`` too: still the same data,
    harmless when printed to a terminal."""
    return _JSON_EXTRA.sub(_u, text)


# ── HTML ─────────────────────────────────────────────────────────────────────


def html_text(value: object) -> str:
    """Text for an HTML element or attribute: controls escaped as in `terminal`, then
    ``& < > " '`` as entities."""
    return html.escape(terminal(value), quote=True)


def html_href(url: object) -> str | None:
    """The URL, attribute-escaped, when it is an http(s) link; None otherwise (make no link)."""
    return html.escape(str(url), quote=True) if is_web_url(url) else None


__all__ = [
    "csv_cell",
    "csv_row",
    "has_controls",
    "html_href",
    "html_text",
    "is_web_url",
    "json_document",
    "markdown_cell",
    "markdown_link",
    "markdown_text",
    "spreadsheet_cell",
    "terminal",
    "terminal_lines",
]


def safe_filename(name: str, fallback: str) -> str:
    """A file name from data (a unit's short name): path separators, control characters and the
    characters Windows refuses become "_"; a name left empty or a dot name falls back to `fallback`."""
    import re

    cleaned = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|\u202a-\u202e\u2066-\u2069]', "_", name).strip(" .")
    return cleaned[:80] if cleaned else fallback
