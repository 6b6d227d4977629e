"""Pydantic's validation errors as located problems: one `Problem` a mistake, its dotted key, in the
words of qmonth's messages (core/errors.py, i18n). Used by the reader (core/store.py)."""

from __future__ import annotations

import re
from typing import Any

from qmonth.core.errors import Problem

_NEEDS_QUOTES = re.compile(r'[."]')


def dotted(path: tuple[str, ...]) -> str:
    """A key path as one dotted key: a part that is empty or holds a dot or a double quote is quoted
    as in TOML ("" for an empty key), so it can be seen and found again (key_path)."""
    import json

    return ".".join(json.dumps(p, ensure_ascii=False) if not p or _NEEDS_QUOTES.search(p) else p for p in path)



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
    (("forms", "*", "fields", "*"), "FormField"),
    (("forms", "*"), "Form"),
    (("units", "*"), "Unit"),
    (("tasks", "*"), "Task"),
    (("themes", "*"), "Theme"),
    (("campaign", "contact"), "Contact"),
    (("campaign", "contact", "*"), "Contact"),
    (("notify", "*"), "Channel"),
    (("reminders", "templates"), "Templates"),
    (("reminders",), "Reminders"),
    (("campaign",), "CampaignInfo"),
    (("calendar",), "CalendarConfig"),
    ((), "Campaign"),
]


def _allowed_keys(parent: tuple[str, ...]) -> str:
    from qmonth.core import model

    for pattern, name in _FIELDS:
        if len(pattern) == len(parent) and all(p in ("*", q) for p, q in zip(pattern, parent, strict=True)):
            return ", ".join(getattr(model, name).model_fields)
    return "—"


def _untagged(loc: tuple[str, ...]) -> tuple[str, ...]:
    """The location as the file spells it: without the tag pydantic adds for the shape of
    `[campaign.contact]` (one table, or several)."""
    from qmonth.core.model import CONTACT_LIST, CONTACT_TABLE

    if loc[:2] == ("campaign", "contact") and len(loc) > 2 and loc[2] in (CONTACT_TABLE, CONTACT_LIST):
        return loc[:2] + loc[3:]
    return loc


def problem(err: Any) -> Problem:
    loc = _untagged(tuple(str(x) for x in err["loc"]))
    key = dotted(loc)
    kind: str = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return Problem("missing", key)
    if kind == "extra_forbidden":
        return Problem("extra_forbidden", key, params={"allowed": _allowed_keys(loc[:-1])})
    if kind == "title_lines":
        return Problem(kind, dotted((*loc, "title_lines")), params={"title": ctx.get("title", "")})
    if kind == "calendar_range":
        return Problem(kind, key, params={"text": ctx.get("text", "")})
    if kind in ("field_phone", "field_email"):
        return Problem(kind, key, params={"value": _short(ctx.get("value", value)), "label": loc[-1]})
    if kind in ("date_outside_span", "date_ambiguous"):
        return Problem(kind, key, params={k: ctx.get(k, "") for k in ("text", "low", "high", "found")})
    if kind in ("deadline_offset", "deadline_bad_time"):
        return Problem(kind, key + ".deadline", params={"text": ctx.get("text", "")})
    if kind in ("date_text", "date_has_time", "date_needs_year"):
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
    """A value as the user wrote it in TOML (never a Python repr such as datetime.time(10, 0))."""
    import json

    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif hasattr(value, "isoformat"):  # date, time, datetime
        text = value.isoformat()
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k} = {_short(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(_short(v) for v in value) + "]"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
