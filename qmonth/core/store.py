"""Reading a campaign file: find it, read it (regular files only, bounded), parse it (rtoml; tomllib
to locate errors), validate it, and locate every problem. Nothing is cached or written.

Problems carry a dotted key and, when it can be found, the line. A missing or unreadable file is
an error, never an empty campaign (cron would otherwise stay silent).
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmonth.core.errors import CampaignInvalid, FileError, Problem, QmonthError, UsageError
from qmonth.core.problems import dotted

FILENAME = "campaign.toml"
ENV_FILE = "QMONTH_FILE"
STDIN = Path("-")  # `-f -`: the campaign is read from standard input (read-only)
STDIN_NAME = "<stdin>"
READ_MAX_BYTES = 64 * 1024 * 1024  # a campaign file, stdin or a git revision larger than this is refused


@dataclass(frozen=True)
class Loaded:
    path: Path
    text: str
    campaign: Any  # qmonth.core.model.Campaign (imported lazily to keep start-up fast)
    data: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)  # the parsed TOML
    # Where evidence is looked up: the file's folder by default; for `--at REV`, that folder as it
    # was at the revision (an evidence.Snapshot); for stdin, the current folder.
    folder: Any = None
    revision: Any = None  # qmonth.core.revisions.Revision, for `--at REV`

    @property
    def base(self) -> Any:  # Path | evidence.Snapshot
        return self.folder if self.folder is not None else self.path.parent

    @property
    def writable(self) -> bool:
        return self.folder is None


def find_file(explicit: Path | None, env: str | None = None, cwd: Path | None = None) -> Path:
    """--file, else `env` (the CLI passes $QMONTH_FILE), else, in the current directory or the
    nearest parent holding either, the campaign `qmonth.toml` names (`rollover` writes it), else
    campaign.toml."""
    if explicit is not None:
        return explicit
    if env:
        return Path(env)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        project = folder / PROJECT_FILE
        if project.is_file():
            return project_campaign(project)
        candidate = folder / FILENAME
        if candidate.is_file():
            return candidate
    raise FileError("no_campaign_file")


PROJECT_FILE = "qmonth.toml"  # `campaign = "campaign-2025.toml"`: the campaign the commands read


def project_campaign(project: Path) -> Path:
    """The campaign file a `qmonth.toml` names (relative to its folder); FileError (exit 3) naming
    the project file when it is not `campaign = "NAME"` or names no file."""
    import tomllib  # here: the module imports it lazily too (house: tomllib only when rtoml refuses)

    text = decode(read_bytes(project, 64 * 1024), project)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileError("project_file_bad", path=project, detail=str(exc)) from None
    name = data.get("campaign")
    extra = sorted(set(data) - {"campaign"})
    if not isinstance(name, str) or not name.strip() or extra:
        detail = f"unknown key {extra[0]}" if extra else "campaign"
        raise FileError("project_file_bad", path=project, detail=detail)
    target = project.parent / name
    if not target.is_file():
        raise FileError("project_file_missing", path=project, name=name)
    return target


# Only regular files are read, and only up to this size: a FIFO would hang a cron job forever,
# /dev/zero would fill the memory. A national campaign (3,000 units) is about 2.3 MB.
MAX_BYTES = READ_MAX_BYTES


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """An open read-only descriptor of a regular file (symlinks followed) and its stat; else
    FileError (exit 3). Opened without blocking, so a FIFO is refused at once instead of waiting."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileError("file_not_found", path=path) from None
    except OSError as exc:
        raise FileError("file_unreadable", path=path, reason=_reason(exc)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileError("file_is_folder" if stat.S_ISDIR(info.st_mode) else "file_not_regular", path=path)
    return fd, info


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file (symlinks followed), at most `limit` (MAX_BYTES); else FileError
    (exit 3).

    Opened without blocking, so a FIFO is refused at once instead of waiting for a writer.
    """
    limit = MAX_BYTES if limit is None else limit
    fd, info = open_regular(path)
    try:
        if info.st_size > limit:
            raise FileError("file_too_big", path=path, limit=limit)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise FileError("file_too_big", path=path, limit=limit)
        return b"".join(chunks)
    except OSError as exc:
        raise FileError("file_unreadable", path=path, reason=_reason(exc)) from None
    finally:
        os.close(fd)


def _reason(exc: OSError) -> tuple[str, str]:
    """The cause of an OSError in words (never a Python repr)."""
    from qmonth.core.errors import os_reason

    return os_reason(exc)


def decode(data: bytes, path: Path | str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CampaignInvalid(str(path), [Problem("not_utf8", line=line)]) from None


def read_text(path: Path) -> str:
    return decode(read_bytes(path), path)


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")
_RTOML_AT = re.compile(r"at line (\d+) column (\d+)")
_DECLARE = re.compile(r"Cannot declare (\(.*\)) twice")
# A date-like value TOML refuses (2024-13-07, 2024-9-7): outside strings, not part of a longer word.
_DATE_LIKE = re.compile(r"(?<![\w.:-])(\d{4})-(\d{1,2})-(\d{1,2})(?=[Tt ]\d|[^\w.:-]|$)")
_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """Parse with rtoml (native, ~7× faster than tomllib on a national file); when it refuses the
    text, tomllib parses it again, to accept what it accepts and to locate what it refuses."""
    import rtoml

    try:
        data = rtoml.loads(text)
    except Exception as exc:  # rtoml.TomlParsingError (a ValueError), or anything else it raises
        first = _RTOML_AT.search(str(exc))
        fallback = int(first.group(1)) if first else None
    else:
        if isinstance(data, dict):
            return _not_too_deep(data, text, path)
        fallback = None
    return _not_too_deep(_parse_tomllib(text, path, fallback), text, path)


#: Tables and arrays nested deeper than this are refused (toml_too_deep, exit 1, with the line):
#: a campaign needs about 6 levels, and everything after parsing (validation, copies, the
#: screens) walks the data recursively, so a `[a.a.a.…]` header 1,000 deep was a RecursionError.
MAX_DEPTH = 48


def _not_too_deep(data: dict[str, Any], text: str, path: Path | str) -> dict[str, Any]:
    todo: list[tuple[Any, int]] = [(data, 1)]
    while todo:  # iteratively: measuring the depth must not recurse either
        node, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise CampaignInvalid(str(path), [Problem("toml_too_deep", line=_deepest_line(text))])
        children = node.values() if isinstance(node, dict) else node
        todo += [(child, depth + 1) for child in children if isinstance(child, (dict, list))]
    return data


def _deepest_line(text: str) -> int | None:
    """The line that nests most: a header with the most dotted keys, or the most open brackets."""
    best, where = 0, None
    for n, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip()
        score = stripped.count(".") + 1 if stripped.startswith("[") else stripped.count("[") + stripped.count("{")
        if score > best:
            best, where = score, n
    return where


def _parse_tomllib(text: str, path: Path | str, fallback_line: int | None = None) -> dict[str, Any]:
    import tomllib  # only when rtoml refused the text: kept off the start-up of a valid file

    try:
        return tomllib.loads(text)
    except RecursionError:  # arrays or tables nested hundreds deep
        raise CampaignInvalid(str(path), [Problem("toml_too_deep", line=fallback_line)]) from None
    except tomllib.TOMLDecodeError as exc:
        from qmonth.core.conflicts import conflict_problems
        from qmonth.core.requires import from_text

        needed = from_text(text)  # a newer qmonth's syntax: say which version, not "syntax error"
        if needed is not None:
            raise CampaignInvalid(str(path), locate_all(text, [needed])) from None

        conflicts = conflict_problems(text)  # git's markers: say what they are, not "syntax error"
        if conflicts:
            raise CampaignInvalid(str(path), conflicts) from None
        msg = str(exc)
        m = _AT.search(msg)
        line = int(m.group(1)) if m else None
        detail = _AT.sub("", msg)
        if line is None and _END.search(msg):  # a truncated file: where rtoml stopped, else the last line
            detail = _END.sub("", msg)
            line = fallback_line or (text.rstrip("\n").count("\n") + 1)
        d = _DECLARE.search(detail)
        bad_date = _bad_date_on_line(text, line)
        if d:
            problem = Problem("duplicate_key", _declared(d.group(1)), line)
        elif detail.startswith("Cannot overwrite a value"):
            problem = Problem("duplicate_key", _key_on_line(text, line), line)
        elif bad_date is not None:  # 2024-13-07 (TOML: "Expected newline…") or 2024-02-30 ("Invalid date")
            problem = Problem(bad_date[0], _key_on_line(text, line), line, {"text": bad_date[1], "fixed": bad_date[2]})
        elif detail.startswith("Invalid date"):
            problem = Problem("toml_bad_date", _key_on_line(text, line), line)
        else:
            problem = Problem("toml_syntax", "", line, {"detail": detail})
        raise CampaignInvalid(str(path), [problem]) from None
    except ValueError:  # an integer of more than 4,300 digits (int's conversion limit)
        line = fallback_line or _huge_number_line(text)
        raise CampaignInvalid(str(path), [Problem("toml_number_too_big", _key_on_line(text, line), line)]) from None


def _declared(parts: str) -> str:
    """tomllib's "Cannot declare ('units', 'chikan') twice" → units.chikan; an empty or dotted part quoted."""
    import ast

    try:
        path = ast.literal_eval(parts)
    except (ValueError, SyntaxError):
        return ""
    return dotted(tuple(str(p) for p in path)) if isinstance(path, tuple) else ""


def _bad_date_on_line(text: str, line: int | None) -> tuple[str, str, str] | None:
    """A date on the refused line that is no day (toml_no_such_date: 2024-13-07, 2024-02-30) or is
    written without two-digit month and day (toml_date_digits: 2024-9-7 → 2024-09-07): (code, text, fixed).
    Values in quotes are not looked at, nor a line with an unclosed quote (the quote is the problem)."""
    import datetime as dt

    if not line:
        return None
    lines = text.split("\n")
    if line > len(lines):
        return None
    rest = _STRINGS.sub("", lines[line - 1].split("#", 1)[0] if '"' not in lines[line - 1] else lines[line - 1])
    if '"' in rest or "'" in rest:
        return None
    for m in _DATE_LIKE.finditer(rest):
        y, mo, d = (int(g) for g in m.groups())
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            return ("toml_no_such_date", m.group(0), "")
        if len(m.group(2)) < 2 or len(m.group(3)) < 2:
            return ("toml_date_digits", m.group(0), day.isoformat())
    return None


def key_path(key: str) -> tuple[str, ...]:
    """The inverse of `dotted`: quoted parts may hold dots."""
    import json

    if '"' not in key:
        return tuple(key.split("."))
    parts: list[str] = []
    at = 0
    while True:
        m = _KEY_PART.match(key, at)
        assert m is not None  # [^.]* then "." or the end: it always matches
        part = m.group(1)
        try:
            parts.append(json.loads(part) if part.startswith('"') else part)
        except ValueError:
            return tuple(key.split("."))
        if m.end() >= len(key) and not m.group(0).endswith("."):
            return tuple(parts)
        at = m.end()


_KEY_PART = re.compile(r'("(?:[^"\\]|\\.)*"|[^.]*)(?:\.|$)')


def _huge_number_line(text: str) -> int | None:
    m = re.search(r"\d{4000}", text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _key_on_line(text: str, line: int | None) -> str:
    if not line:
        return ""
    lines = text.split("\n")  # as tomllib counts lines (splitlines() also splits at \f, \u2028, ...)
    return lines[line - 1].split("=", 1)[0].strip() if line <= len(lines) else ""


def validate(data: dict[str, Any], text: str, path: Path, base: Any = None) -> Any:
    """Data → Campaign, or CampaignInvalid listing every problem with its line.

    `base` is where evidence paths are relative to (default: the file's folder)."""
    from pydantic import ValidationError

    from qmonth.core.model import Campaign
    from qmonth.core.requires import from_data
    from qmonth.core.validate import check_references

    needed = from_data(data)  # read first: a file for a newer qmonth is refused with what it needs
    if needed is not None:
        raise CampaignInvalid(str(path), locate_all(text, [needed]))
    context = _context(data)
    try:
        campaign = Campaign.model_validate(data, context=context)
    except ValidationError as exc:
        from qmonth.core.problems import problem

        found = [problem(e) for e in exc.errors()]
        found += _references_despite(data, exc.errors(), context, base or path.parent, found)
        raise CampaignInvalid(str(path), locate_all(text, found)) from None
    problems = check_references(campaign, base or path.parent)
    if problems:
        raise CampaignInvalid(str(path), locate_all(text, problems))
    return campaign


_ENTRIES = (("kinds", "*"), ("themes", "*"), ("tasks", "*"), ("units", "*"), ("units", "*", "progress", "*"))


def _tree_copy(data: Any) -> Any:
    """The parsed file's tables and arrays copied (what pruning changes); values shared. Not
    `copy.deepcopy`: rtoml's time-zone objects (a datetime with an offset) cannot be copied."""
    if isinstance(data, dict):
        return {k: _tree_copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_tree_copy(v) for v in data]
    return data


def _references_despite(
    data: dict[str, Any], errors: list[Any], context: dict[str, Any], base: Path, found: list[Problem]
) -> list[Problem]:
    """So that one run reports everything: the cross-reference problems of the rest of the file.

    Each invalid key is dropped (a typo'd key, a bad optional value) and the file validated again.
    When that cannot be done without inventing or losing data that others refer to (a required
    key, a whole section, a kind/theme/task/unit/record), the references are checked on the raw
    data instead (validate.check_raw_references).
    Problems about a key already reported (or its parent or child) are left out.
    """
    from pydantic import ValidationError

    from qmonth.core.model import Campaign
    from qmonth.core.validate import check_raw_references, check_references

    keys = [p.key for p in found]

    def unrelated(problems: list[Problem]) -> list[Problem]:
        return [
            p for p in problems if not any(p.key == k or p.key.startswith(k + ".") or k.startswith(p.key + ".") for k in keys)
        ]

    pruned = _tree_copy(data)
    for err in errors:
        loc = tuple(err["loc"])
        first_index = next((i for i, part in enumerate(loc) if not isinstance(part, str)), len(loc))
        loc = loc[:first_index]
        entry = any(len(p) == len(loc) and all(a in ("*", b) for a, b in zip(p, loc, strict=True)) for p in _ENTRIES)
        if err["type"] == "missing" or len(loc) < 2 or entry:
            return unrelated(check_raw_references(data))  # what can be checked on the raw data
        parent: Any = pruned
        for part in loc[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent.pop(loc[-1], None)
    try:
        campaign = Campaign.model_validate(pruned, context=context)
    except ValidationError:
        return unrelated(check_raw_references(data))
    return unrelated(check_references(campaign, base))


def load(path: Path, at: str | None = None) -> Loaded:
    """The one way a campaign is read: a file, standard input (`-`), or a file at a git revision.
    Nothing is cached and nothing is written."""
    if at is not None:
        if path == STDIN:
            raise UsageError("at_with_stdin")
        from qmonth.core.revisions import read_at

        rev = read_at(path, _at_day(path, at), READ_MAX_BYTES)
        name = Path(rev.name)
        data = parse_toml(rev.text, name)
        return Loaded(name, rev.text, validate(data, rev.text, name, base=rev.folder), data, rev.folder, rev)
    if path == STDIN:
        text = read_stdin()
        name = Path(STDIN_NAME)
        data = parse_toml(text, name)
        cwd = Path.cwd()
        return Loaded(name, text, validate(data, text, name, base=cwd), data, cwd)
    return load_text(read_text(path), path)


def _at_day(path: Path, at: str) -> str:
    """--at 9月20日: a month/day is the one such day inside the span of the campaign as the file
    stands (the same rule as every date option); anything else is passed on as written."""
    from qmonth.core.dates import DateFormatError, parse_in_span, without_year

    if not without_year(at):
        return at
    try:
        span = load_text(read_text(path), path).campaign.option_span
    except QmonthError:
        raise UsageError("at_needs_year", text=at) from None
    try:
        return parse_in_span(at, *span).isoformat()
    except DateFormatError as exc:
        if exc.reason in ("outside_span", "ambiguous"):
            low, high = (d.isoformat() for d in span)
            raise UsageError("option_" + exc.reason, option="--at", text=at, low=low, high=high, found=exc.found) from None
        raise UsageError("date_impossible_option", option="--at", text=at) from None


def read_stdin() -> str:
    """Standard input, bounded: a campaign piped in (`git show REV:campaign.toml | qmonth status -f -`)."""
    import sys

    stream = sys.stdin
    if stream is None or stream.isatty():
        raise UsageError("stdin_is_terminal")
    raw = getattr(stream, "buffer", None)
    data = raw.read(READ_MAX_BYTES + 1) if raw is not None else stream.read(READ_MAX_BYTES + 1).encode("utf-8")
    if len(data) > READ_MAX_BYTES:
        raise FileError("file_too_big", path=STDIN_NAME, limit=READ_MAX_BYTES)
    if not data.strip():
        raise FileError("stdin_empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CampaignInvalid(STDIN_NAME, [Problem("not_utf8", line=line)]) from None


def load_text(text: str, path: Path) -> Loaded:
    """Parse and validate campaign text read by the caller; `path` names it in messages and its
    folder is where evidence is looked up."""
    data = parse_toml(text, path)
    return Loaded(path, text, validate(data, text, path), data)


def _context(data: dict[str, Any]) -> dict[str, Any]:
    """What month/day dates in the file are read against: the campaign's year, and, when the
    [campaign] table validates, the spans deadlines and done dates must fall in."""
    from pydantic import ValidationError

    from qmonth.core.model import CampaignInfo

    year = _campaign_year(data)
    context: dict[str, Any] = {"year": year}
    camp = data.get("campaign")
    if isinstance(camp, dict):
        try:  # without remind_until: it is itself read inside the span the rest defines
            info = CampaignInfo.model_validate({k: v for k, v in camp.items() if k != "remind_until"}, context=context)
        except ValidationError:
            return context
        if info.start <= info.end and info.start.year >= 1900 and info.end.year <= 2100:
            context["deadline_span"] = info.deadline_span
            context["done_span"] = info.done_span
            context["span"] = info.span
    return context


def _campaign_year(data: dict[str, Any]) -> int | None:
    camp = data.get("campaign")
    if isinstance(camp, dict):
        for key in ("start", "issued", "end"):
            value = camp.get(key)
            year = getattr(value, "year", None)
            if year is not None and not isinstance(value, str):
                return int(year)
            if isinstance(value, str):
                m = re.match(r"\s*(\d{4})", value)
                if m:
                    return int(m.group(1))
    return None


_LANGUAGE = re.compile(r"""^\s*language\s*=\s*["'](zh|en)["']""", re.MULTILINE)


def peek_language(path: str | Path) -> str | None:
    """The campaign's language read from raw text, for reporting problems in a file that won't load."""
    try:
        m = _LANGUAGE.search(read_bytes(Path(path)).decode("utf-8", "replace"))
    except (OSError, FileError):
        return None
    return m.group(1) if m else None


def locate_all(text: str, problems: list[Problem]) -> list[Problem]:
    """Fill in each problem's line from its key path."""
    if not problems:
        return problems
    from qmonth.core.tomlscan import locate

    out = []
    for p in problems:
        if p.line is None and p.key:
            line = locate(text, key_path(p.key))
            p = dataclasses.replace(p, line=line)
        out.append(p)
    return out
