"""`[campaign] requires = ">=0.3"`: the qmonth a file needs, read before anything else in it.

Colleagues run different versions. A file using a key a newer qmonth introduced would make an older
one say "unknown key"; with `requires`, the older one says instead which version the file needs and
how to upgrade. The running version is looked up only when a file says `requires` (start-up stays
cheap).
"""

from __future__ import annotations

import re
from typing import Any

from qmonth.core.errors import Problem

_SPEC = re.compile(r"^\s*(?:>=)?\s*v?(\d+(?:\.\d+){0,3})\s*$")
_RAW = re.compile(r"""^\s*requires\s*=\s*["']([^"'\n]*)["']""", re.MULTILINE)


def version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        m = re.match(r"\d+", piece)
        if m is None:
            break
        parts.append(int(m.group()))
    while parts and parts[-1] == 0:
        parts.pop()  # 0.3 == 0.3.0
    return tuple(parts)


def running_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("qmonth")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree that is not installed
        return "0"


def requires_problem(spec: Any, running: str | None = None) -> Problem | None:
    """The problem with `requires = spec`: not a version (">=0.3", "0.3"), or newer than the running
    qmonth; None when it is satisfied."""
    if spec is None:
        return None
    m = _SPEC.match(spec) if isinstance(spec, str) else None
    if m is None:
        return Problem("requires_bad", "campaign.requires", params={"value": str(spec)})
    running = running if running is not None else running_version()
    if version_tuple(running) < version_tuple(m.group(1)):
        return Problem("requires_newer", "campaign.requires", params={"need": m.group(1), "running": running})
    return None


def from_data(data: dict[str, Any]) -> Problem | None:
    camp = data.get("campaign")
    return requires_problem(camp.get("requires")) if isinstance(camp, dict) else None


def from_text(text: str) -> Problem | None:
    """For a file that does not parse (a newer syntax?): `requires` read from its raw text, and
    only a version newer than the running one is reported."""
    m = _RAW.search(text)
    found = requires_problem(m.group(1)) if m else None
    return found if found is not None and found.code == "requires_newer" else None
