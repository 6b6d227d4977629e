"""The placeholders each message template may use (`[reminders.templates]`), checked when the file
is read: a placeholder a template may not use, or a malformed one, is a located problem. The
templates are filled by `qmonth.notify.templates`.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from qmonth.core.errors import Problem

if TYPE_CHECKING:
    from qmonth.core.model import Campaign

# Placeholders each template may use. Dates are written out (2024年9月10日（星期二）).
_ITEM_FIELDS = frozenset({"unit", "summary", "count", "workdays", "after", "today"})  # one line per unit
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "header": frozenset({"title", "today"}),
    "warn": _ITEM_FIELDS,
    "chase": _ITEM_FIELDS,
    "escalate": _ITEM_FIELDS,
    "more": frozenset({"count", "units"}),
    "contact": frozenset({"contact"}),
}


def template_problems(c: Campaign) -> list[Problem]:
    """A placeholder a template may not use, or a malformed one, is a located problem."""
    out: list[Problem] = []
    for name, text in c.reminders.templates.model_dump().items():
        if text is None:
            continue
        key = f"reminders.templates.{name}"
        allowed = PLACEHOLDERS[name]
        try:
            fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            out.append(Problem("template_malformed", key, params={"detail": str(exc)}))
            continue
        for f, spec, conv in fields:
            if f not in allowed or spec or conv:
                shown = "{" + f + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
                out.append(
                    Problem(
                        "template_placeholder",
                        key,
                        params={"field": shown, "allowed": ", ".join("{" + a + "}" for a in sorted(allowed))},
                    )
                )
    return out
