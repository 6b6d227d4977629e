"""Small campaigns built in code, for tests of the pure modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qmonth.core.model import Campaign


def campaign(
    tasks: dict[str, dict[str, Any]] | None = None,
    units: dict[str, dict[str, Any]] | None = None,
    **camp: Any,
) -> Campaign:
    """A campaign in September 2024 with two kinds, one theme, and the given tasks and units."""
    info: dict[str, Any] = {"title": "测试活动", "start": dt.date(2024, 9, 1), "end": dt.date(2024, 9, 30), **camp}
    return Campaign.model_validate(
        {
            "campaign": info,
            "kinds": {"county": "县区", "centre": "中心"},
            "themes": {"a": {"number": "（一）", "title": "甲"}, "b": {"number": "（二）", "title": "乙"}},
            "tasks": tasks if tasks is not None else {"t1": {"theme": "a", "title": "任务一", "applies_to": ["county"]}},
            "units": units if units is not None else {"u1": {"name": "单位一", "kind": "county"}},
        },
        context={"year": 2024},
    )
