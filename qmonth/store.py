"""Reading a campaign file: find it, parse it (tomllib), validate it, and locate every problem.

Problems carry a dotted key and, when it can be found, the line. A missing or unreadable file is
an error, never an empty campaign (cron would otherwise stay silent).
"""

from __future__ import annotations

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
            key = ".".join(part.strip().strip("'\"") for part in d.group(1).split(","))
            problem = Problem("duplicate_key", key, line)
        elif detail.startswith("Cannot overwrite a value"):
            problem = Problem("duplicate_key", _key_on_line(text, line), line)
        else:
            problem = Problem("toml_syntax", "", line, {"detail": detail})
        raise CampaignInvalid(str(path), [problem]) from None


def _key_on_line(text: str, line: int | None) -> str:
    if not line:
        return ""
    lines = text.splitlines()
    return lines[line - 1].split("=", 1)[0].strip() if line <= len(lines) else ""


def validate(data: dict[str, Any], text: str, path: Path) -> Any:
    """Data → Campaign, or CampaignInvalid listing every problem with its line."""
    from pydantic import ValidationError

    from qmonth.model import Campaign
    from qmonth.validate import check_references

    context = {"year": _campaign_year(data)}
    try:
        campaign = Campaign.model_validate(data, context=context)
    except ValidationError as exc:
        raise CampaignInvalid(str(path), locate_all(text, [_problem(e) for e in exc.errors()])) from None
    problems = check_references(campaign, path.parent)
    if problems:
        raise CampaignInvalid(str(path), locate_all(text, problems))
    return campaign


def load(path: Path) -> Loaded:
    text = read_text(path)
    return Loaded(path, text, validate(parse_toml(text, path), text, path))


def _campaign_year(data: dict[str, Any]) -> int | None:
    camp = data.get("campaign")
    if isinstance(camp, dict):
        for key in ("start", "issued", "end"):
            value = camp.get(key)
            if hasattr(value, "year") and not isinstance(value, str):
                return int(value.year)
            if isinstance(value, str):
                m = re.match(r"\s*(\d{4})", value)
                if m:
                    return int(m.group(1))
    return None


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
    if kind in ("date_text", "date_has_time"):
        return Problem(kind, key, params={"text": ctx.get("text", value)})
    prefix = kind.split("_", 1)[0]
    if kind.endswith(("_type", "_parsing")) and prefix in _EXPECTED:
        return Problem("wrong_type", key, params={"value": _short(value), "expected": _EXPECTED[prefix]})
    return Problem("bad_value", key, params={"detail": err.get("msg", kind)})


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
