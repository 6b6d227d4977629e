"""Reading a campaign file: find it, parse it (tomllib), validate it, and locate every problem.

Problems carry a dotted key and, when it can be found, the line. A missing or unreadable file is
an error, never an empty campaign (cron would otherwise stay silent).
"""

from __future__ import annotations

import copy
import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmonth.errors import CampaignInvalid, FileError, Problem

FILENAME = "campaign.toml"
ENV_FILE = "QMONTH_FILE"


@dataclass(frozen=True)
class Loaded:
    path: Path
    text: str
    campaign: Any  # qmonth.model.Campaign (imported lazily to keep start-up fast)
    data: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)  # the parsed TOML

    @property
    def base(self) -> Path:
        return self.path.parent


def find_file(explicit: Path | None, cwd: Path | None = None) -> Path:
    """--file, else $QMONTH_FILE, else campaign.toml in the current directory or a parent."""
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV_FILE)
    if env:
        return Path(env)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILENAME
        if candidate.is_file():
            return candidate
    raise FileError("no_campaign_file")


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileError("file_not_found", path=path) from None
    except OSError as exc:
        raise FileError("file_unreadable", path=path, reason=exc.strerror or exc) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CampaignInvalid(str(path), [Problem("not_utf8", line=line)]) from None


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_DECLARE = re.compile(r"Cannot declare \(([^)]*)\) twice")


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT.search(msg)
        line = int(m.group(1)) if m else None
        detail = _AT.sub("", msg)
        d = _DECLARE.search(detail)
        if d:
            # ('campaign',) names one table: drop the empty part after the tuple's trailing comma
            key = ".".join(p for p in (part.strip().strip("'\"") for part in d.group(1).split(",")) if p)
            problem = Problem("duplicate_key", key, line)
        elif detail.startswith("Cannot overwrite a value"):
            problem = Problem("duplicate_key", _key_on_line(text, line), line)
        elif detail.startswith("Invalid date"):  # 2024-02-30: TOML itself refuses a day that does not exist
            problem = Problem("toml_bad_date", _key_on_line(text, line), line)
        else:
            problem = Problem("toml_syntax", "", line, {"detail": detail})
        raise CampaignInvalid(str(path), [problem]) from None


def _key_on_line(text: str, line: int | None) -> str:
    if not line:
        return ""
    lines = text.split("\n")  # as tomllib counts lines (splitlines() also splits at \f, \u2028, ...)
    return lines[line - 1].split("=", 1)[0].strip() if line <= len(lines) else ""


def validate(data: dict[str, Any], text: str, path: Path) -> Any:
    """Data → Campaign, or CampaignInvalid listing every problem with its line."""
    from pydantic import ValidationError

    from qmonth.model import Campaign
    from qmonth.validate import check_references

    context = _context(data)
    try:
        campaign = Campaign.model_validate(data, context=context)
    except ValidationError as exc:
        found = [_problem(e) for e in exc.errors()]
        found += _references_despite(data, exc.errors(), context, path.parent, found)
        raise CampaignInvalid(str(path), locate_all(text, found)) from None
    problems = check_references(campaign, path.parent)
    if problems:
        raise CampaignInvalid(str(path), locate_all(text, problems))
    return campaign


_ENTRIES = (("kinds", "*"), ("themes", "*"), ("tasks", "*"), ("units", "*"), ("units", "*", "progress", "*"))


def _references_despite(
    data: dict[str, Any], errors: list[Any], context: dict[str, Any], base: Path, found: list[Problem]
) -> list[Problem]:
    """So that one run reports everything: the cross-reference problems of the rest of the file.

    Each invalid key is dropped (a typo'd key, a bad optional value) and the file validated again.
    When that cannot be done without inventing or losing data that others refer to (a required
    key, a whole section, a kind/theme/task/unit/record), nothing is added: the next run says more.
    Problems about a key already reported (or its parent or child) are left out.
    """
    from pydantic import ValidationError

    from qmonth.model import Campaign
    from qmonth.validate import check_references

    pruned = copy.deepcopy(data)
    for err in errors:
        loc = tuple(err["loc"])
        first_index = next((i for i, part in enumerate(loc) if not isinstance(part, str)), len(loc))
        loc = loc[:first_index]
        entry = any(len(p) == len(loc) and all(a in ("*", b) for a, b in zip(p, loc, strict=True)) for p in _ENTRIES)
        if err["type"] == "missing" or len(loc) < 2 or entry:
            return []
        parent: Any = pruned
        for part in loc[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent.pop(loc[-1], None)
    try:
        campaign = Campaign.model_validate(pruned, context=context)
    except ValidationError:
        return []
    keys = [p.key for p in found]

    def related(key: str) -> bool:
        return any(key == k or key.startswith(k + ".") or k.startswith(key + ".") for k in keys)

    return [p for p in check_references(campaign, base) if not related(p.key)]


def load(path: Path) -> Loaded:
    text = read_text(path)
    data = parse_cached(text, path)
    return Loaded(path, text, validate(data, text, path), data)


# ── a parse cache for big files ──────────────────────────────────────────────
# tomllib reads ~7 MB/s; a national campaign (3,000 units, 2–4 MB) costs ~0.35 s a read. Files
# above CACHE_MIN_BYTES keep their parsed data in the user's cache folder, keyed by a hash of the
# text, so an unchanged file is never parsed twice. Validation still runs on every load.
CACHE_MIN_BYTES = 512 * 1024
CACHE_KEEP = 8


def cache_dir() -> Path | None:
    if os.environ.get("QMONTH_CACHE", "1") == "0":
        return None
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "qmonth"


def parse_cached(text: str, path: Path) -> dict[str, Any]:
    folder = cache_dir()
    if folder is None or len(text) < CACHE_MIN_BYTES:
        return parse_toml(text, path)
    import hashlib
    import pickle

    entry = folder / (hashlib.sha256(text.encode("utf-8")).hexdigest() + ".pickle")
    try:
        with entry.open("rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, dict):
            return data
    except Exception:  # no entry, or an unreadable one: parse instead
        pass
    data = parse_toml(text, path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, entry)
        old = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_KEEP:]
        for stale in old:
            stale.unlink(missing_ok=True)
    except OSError:  # a read-only home is fine: just no cache
        pass
    return data


def _context(data: dict[str, Any]) -> dict[str, Any]:
    """What month/day dates in the file are read against: the campaign's year, and, when the
    [campaign] table validates, the spans deadlines and done dates must fall in."""
    from pydantic import ValidationError

    from qmonth.model import CampaignInfo

    year = _campaign_year(data)
    context: dict[str, Any] = {"year": year}
    camp = data.get("campaign")
    if isinstance(camp, dict):
        try:
            info = CampaignInfo.model_validate(camp, context=context)
        except ValidationError:
            return context
        if info.start <= info.end and info.start.year >= 1900 and info.end.year <= 2100:
            context["deadline_span"] = info.deadline_span
            context["done_span"] = info.done_span
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
        m = _LANGUAGE.search(Path(path).read_bytes().decode("utf-8", "replace"))
    except OSError:
        return None
    return m.group(1) if m else None


def locate_all(text: str, problems: list[Problem]) -> list[Problem]:
    """Fill in each problem's line from its key path."""
    if not problems:
        return problems
    from qmonth.tomledit import locate

    out = []
    for p in problems:
        if p.line is None and p.key:
            line = locate(text, tuple(p.key.split(".")))
            p = dataclasses.replace(p, line=line)
        out.append(p)
    return out


# ── pydantic errors → problems ───────────────────────────────────────────────

_EXPECTED = {
    "string": ("文本（加引号）", "text (in quotes)"),
    "int": ("整数", "a whole number"),
    "date": ("日期", "a date"),
    "list": ("列表 [...]", "a list [...]"),
    "dict": ("表", "a table"),
    "model": ("表", "a table"),
    "bool": ("true 或 false", "true or false"),
}

_FIELDS: list[tuple[tuple[str, ...], str]] = [
    (("units", "*", "progress", "*"), "Record"),
    (("units", "*", "liaison"), "Liaison"),
    (("units", "*"), "Unit"),
    (("tasks", "*"), "Task"),
    (("themes", "*"), "Theme"),
    (("campaign", "contact"), "Contact"),
    (("campaign",), "CampaignInfo"),
    (("calendar",), "CalendarConfig"),
    ((), "Campaign"),
]


def _allowed_keys(parent: tuple[str, ...]) -> str:
    from qmonth import model

    for pattern, name in _FIELDS:
        if len(pattern) == len(parent) and all(p in ("*", q) for p, q in zip(pattern, parent, strict=True)):
            return ", ".join(getattr(model, name).model_fields)
    return "—"


def _problem(err: Any) -> Problem:
    loc = tuple(str(x) for x in err["loc"])
    key = ".".join(loc)
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return Problem("missing", key)
    if kind == "extra_forbidden":
        return Problem("extra_forbidden", key, params={"allowed": _allowed_keys(loc[:-1])})
    if kind in ("field_phone", "field_email"):
        return Problem(kind, key, params={"value": _short(ctx.get("value", value)), "label": loc[-1]})
    if kind in ("date_outside_span", "date_ambiguous"):
        return Problem(kind, key, params={k: ctx.get(k, "") for k in ("text", "low", "high", "found")})
    if kind in ("deadline_offset", "deadline_bad_time"):
        return Problem(kind, key + ".deadline", params={"text": ctx.get("text", "")})
    if kind in ("date_text", "date_has_time"):
        return Problem(kind, key, params={"text": ctx.get("text", value)})
    prefix = kind.split("_", 1)[0]
    if kind.endswith(("_type", "_parsing")) and prefix in _EXPECTED:
        return Problem("wrong_type", key, params={"value": _short(value), "expected": _EXPECTED[prefix]})
    if kind in _RANGE:
        return Problem(_RANGE[kind], key, params={"value": _short(value), "limit": next(iter(ctx.values()), "")})
    if kind == "literal_error":
        return Problem("not_one_of", key, params={"value": _short(value), "expected": ctx.get("expected", "")})
    return Problem("bad_value", key, params={"detail": err.get("msg", kind)})


_RANGE = {
    "greater_than_equal": "too_low",
    "greater_than": "too_low",
    "less_than_equal": "too_high",
    "less_than": "too_high",
    "too_short": "too_few",
    "string_pattern_mismatch": "bad_pattern",
}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
