"""Line breaking for Chinese text in table cells, as a Rich renderable.

Rich breaks lines at spaces and folds a longer run character by character, so a wrapped Chinese
title could start a line with "，" or "）". `Wrapped` is a cell that Rich measures and lays out
like any other (the table decides its width), and that breaks by the usual rules of Chinese
typesetting (禁则): no line starts with closing punctuation (，、。）” …) and none ends with an
opening one (（“《 …); the character before is carried over instead. Latin words and numbers are
kept whole when they fit. Widths are terminal cells (a Chinese character is two).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment

# Characters a line may not start with, and characters a line may not end with.
NO_START = frozenset("，、。．：；！？）》」』】〕〉”’…‥·—～,.;:!?)]}%")
NO_END = frozenset("（《「『【〔〈“‘([{")

_TOKEN = re.compile(r"[A-Za-z0-9_@#$%&+=/.:\-]+|\s+|.", re.DOTALL)


def _chop(token: str, width: int) -> list[str]:
    out, cur, used = [], "", 0
    for ch in token:
        w = cell_len(ch)
        if used + w > width and cur:
            out.append(cur)
            cur, used = "", 0
        cur += ch
        used += w
    return [*out, cur] if cur else out


# With `words`, a space-separated word up to this wide is never split (`要求(2)` in `一(4) 二 要求(2)`).
WORD = 10


def _tokens(text: str, words: bool = False) -> list[str]:
    if not words:
        return _TOKEN.findall(text)
    out: list[str] = []
    for part in re.findall(r"\S+|\s+", text):
        out += [part] if part.isspace() or cell_len(part) <= WORD else _TOKEN.findall(part)
    return out


def wrap(text: str, width: int, words: bool = False) -> list[str]:
    """`text` broken into lines of at most `width` cells (more only when one character is wider).
    With `words`, short space-separated words are kept whole, as Latin words and numbers always are."""
    width = max(1, width)
    lines: list[str] = []
    for para in text.split("\n"):
        lines += _wrap_line(para, width, words)
    return lines


def _wrap_line(text: str, width: int, words: bool = False) -> list[str]:
    return _fill(_tokens(text, words), width)


def _fill(tokens: list[str], width: int) -> list[str]:
    """The tokens laid out in lines of `width` cells: a line breaks between tokens, by the rules above."""
    out: list[str] = []
    line: list[str] = []
    used = 0
    for tok in tokens:
        w = cell_len(tok)
        if used + w <= width:
            line.append(tok)
            used += w
            continue
        if tok.isspace():  # a break at a space: the space goes
            out.append("".join(line).rstrip())
            line, used = [], 0
            continue
        carry: list[str] = []
        # 禁则: carry the previous character over when this one may not start a line,
        # and an opening bracket that would end the line.
        if tok[0] in NO_START:  # carry characters over until the new line starts with one that may
            while len(line) > 1:
                carry.insert(0, line.pop())
                if carry[0][0] not in NO_START:
                    break
        while len(line) > 1 and line[-1] and line[-1][-1] in NO_END:
            carry.insert(0, line.pop())
        if line:
            out.append("".join(line).rstrip())
        line = carry
        used = sum(cell_len(x) for x in line)
        if used + w > width:  # a word longer than the line: fold it
            pieces = _chop("".join(line) + tok, width)
            out += pieces[:-1]
            line, used = [pieces[-1]], cell_len(pieces[-1])
        else:
            line.append(tok)
            used += w
    if line or not out:
        out.append("".join(line).rstrip())
    return out


class Wrapped:
    """A table cell of text wrapped by `wrap` to whatever width the table gives it."""

    def __init__(self, text: str, style: str = "", note: str = "", note_style: str = "dim", words: bool = False) -> None:
        self.text = text
        self.words = words  # short space-separated words kept whole (see `wrap`)
        self.style = style
        self.note = note  # an extra last line in its own style (a task's id under its title)
        self.note_style = note_style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(x) for x in (*self.text.split("\n"), self.note)), default=0)
        tokens = _tokens(self.text, self.words) or [""]
        # the narrowest sensible width: the widest token and a closing mark after it
        narrow = min(longest, max(cell_len(x) for x in tokens) + 2)
        return Measurement(min(narrow, options.max_width), min(longest, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        style = console.get_style(self.style) if self.style else None
        for n, line in enumerate(wrap(self.text, options.max_width, self.words)):
            if n:
                yield Segment.line()
            yield Segment(line, style)
        if self.note:
            note_style = console.get_style(self.note_style) if self.note_style else None
            for line in wrap(self.note, options.max_width):
                yield Segment.line()
                yield Segment(line, note_style)


class WrappedLine(Wrapped):
    """`Wrapped` as a line of its own outside a table (in a Group): it ends its last line, so the
    next renderable starts on a new one."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        yield from super().__rich_console__(console, options)
        yield Segment.line()


# A command in a hint, to be typed as shown: `qmonth` (or, in short, `status --…`/`remind --…`)
# and its words, up to a separator or two spaces.
COMMAND = re.compile(r"(?:qmonth|(?:status|remind)(?= --))(?: [^\s；;，,。、·:：）)]+)*")


def wrap_hint(text: str, width: int) -> list[str]:
    """`wrap`, but a command (`qmonth status --all`) is never split: it moves whole to the next line.
    Only a command wider than the line itself breaks, at its spaces."""
    return _wrap_whole(text, width, COMMAND)


# What help text keeps whole besides commands: a `quoted command` (with its backquotes) and a
# [bracketed] note such as Click's `[默认：7；7<=x<=100]`.
CODE = re.compile(r"`[^`\n]+`|\[[^\[\]\n]*\]|" + COMMAND.pattern)


def wrap_code(text: str, width: int) -> list[str]:
    """`wrap_hint`, also keeping `quoted commands` and [bracketed notes] whole when they fit."""
    return _wrap_whole(text, width, CODE)


def _wrap_whole(text: str, width: int, whole: re.Pattern[str]) -> list[str]:
    width = max(1, width)
    lines: list[str] = []
    for para in text.split("\n"):
        tokens: list[str] = []
        pos = 0
        for m in whole.finditer(para):
            command = m.group()
            tokens += _TOKEN.findall(para[pos : m.start()])
            tokens += [command] if cell_len(command) <= width else _TOKEN.findall(command)
            pos = m.end()
        lines += _fill(tokens + _TOKEN.findall(para[pos:]), width)
    return lines


class Hint(WrappedLine):
    """A line of advice outside a table (wrapped as `wrap_hint`): the commands in it stay whole."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        style = console.get_style(self.style) if self.style else None
        for line in wrap_hint(self.text, options.max_width):
            yield Segment(line, style)
            yield Segment.line()
