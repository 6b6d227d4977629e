"""Drawing the completion series: a terminal chart (Rich), a per-unit table of sparklines, JSON and
CSV. Pure: functions of a computed `Trend`; they return Rich renderables or strings, never print.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from qmonth.core.escape import csv_row
from qmonth.core.trend import Point, Trend
from qmonth.i18n import Lang, t
from qmonth.outputs.grid import Col
from qmonth.outputs.json import dumps
from qmonth.outputs.layout import layout
from qmonth.outputs.text import lit

if TYPE_CHECKING:
    from qmonth.core.model import Campaign

BLOCKS = " ▁▂▃▄▅▆▇█"  # eighths of a cell, for bars and sparklines
PLAN_MARK = "·"
ROWS = 8  # the chart's height in lines: 64 steps from 0 to 100 %
RECENT_DAYS = 7


def _sample(points: list[Point], width: int) -> list[Point]:
    """At most `width` points: when there are more days than columns, each column shows the last
    day of its stretch (completion only grows, so nothing is hidden), and the last is today."""
    n = len(points)
    if n <= width:
        return points
    return [points[((k + 1) * n) // width - 1] for k in range(width)]


def _eighths(pct: int) -> int:
    """0–8: anything done shows at least the lowest block."""
    return 0 if pct <= 0 else max(1, (pct * 8) // 100)


def sparkline(points: list[Point], width: int) -> str:
    return "".join(BLOCKS[_eighths(p.percent)] for p in _sample(points, width))


def change(points: list[Point], days: int = RECENT_DAYS) -> int:
    """Percentage points gained over the last `days` days, up to the last point (today). The
    series is a step function, so the value `days` ago is that of the last point on or before it
    (none: nothing was done yet)."""
    last = points[-1]
    target = last.day - dt.timedelta(days=days)
    before = [p for p in points if p.day <= target]
    return last.percent - (before[-1].percent if before else 0)


class Chart:
    """Completion (bars, in eighths of a line) and the plan (· where the share of items already due
    stands above the bar), one column per day, fitted to the console's width."""

    def __init__(self, points: list[Point], lang: Lang) -> None:
        self.points = points
        self.lang = lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        axis = 5  # "100% ┤"
        width = max(10, min(options.max_width - axis - 1, 2 * len(self.points)))
        shown = _sample(self.points, width)
        step = 2 if len(shown) * 2 <= width else 1  # a gap between bars when there is room
        levels = [(p.percent * ROWS * 8) // 100 for p in shown]
        plan = [((100 * p.due // p.total if p.total else 0) * ROWS * 8) // 100 for p in shown]
        for row in range(ROWS, 0, -1):
            label = f"{100 * row // ROWS:>3}%" if row in (ROWS, ROWS // 2) else "    "
            line = Text(label + " ┤", style="dim")
            for level, due in zip(levels, plan, strict=True):
                filled = level - (row - 1) * 8
                if filled >= 8:
                    cell = Text("█", style="green")
                elif filled > 0:
                    cell = Text(BLOCKS[filled], style="green")
                elif (row - 1) * 8 < due <= row * 8 and due > level:
                    cell = Text(PLAN_MARK, style="yellow")
                else:
                    cell = Text(" ")
                line.append(cell)
                if step == 2:
                    line.append(" ")
            yield line
        yield Text("  0% └" + "─" * (len(shown) * step), style="dim")
        first, last = shown[0].day.isoformat()[5:], shown[-1].day.isoformat()[5:]
        span = len(shown) * step
        yield Text(" " * (axis + 1) + first + " " * max(1, span - len(first) - len(last)) + last, style="dim")


def trend_screen(c: Campaign, trend: Trend, lang: Lang, width: int = 30) -> Group:
    last = trend.overall[-1]
    head = Text(lit(c.campaign.title), style="bold")
    head.append(f"    {t('today', lang)} {trend.today.isoformat()}")
    summary = t("trend_overall", lang, percent=last.percent, done=last.done, total=last.total)
    summary += t("trend_recent", lang, days=RECENT_DAYS, points=f"{change(trend.overall):+d}")
    head.append("\n" + summary)
    legend = Text(t("trend_legend", lang), style="dim")
    columns = [
        Col(t("col_unit", lang), fold=True, min_width=6, max_width=16),
        Col(t("trend_col_line", lang)),
        Col(t("col_percent", lang), justify="right"),
        Col(t("trend_col_recent", lang, days=RECENT_DAYS), justify="right"),
        Col(t("trend_col_done", lang), justify="right"),
    ]
    rows = []
    for u in trend.units:
        p = u.points[-1]
        gained = change(u.points)
        rows.append(
            [
                (lit(u.label), ""),
                (sparkline(u.points, width), "green"),
                (f"{p.percent}%", ""),
                (f"{gained:+d}", ""),
                (f"{p.done}/{p.total}", ""),
            ]
        )
    table = layout(t("trend_units_title", lang), columns, rows)
    return Group(head, Text(""), Chart(trend.overall, lang), legend, Text(""), table)


def _point_json(p: Point) -> dict[str, object]:
    return {"day": p.day.isoformat(), "done": p.done, "total": p.total, "due": p.due, "percent": p.percent}


def trend_json(trend: Trend) -> str:
    return dumps(
        {
            "today": trend.today.isoformat(),
            "overall": [_point_json(p) for p in trend.overall],
            "units": [{"id": u.id, "name": u.name, "series": [_point_json(p) for p in u.points]} for u in trend.units],
        }
    )


def trend_csv(trend: Trend, lang: Lang) -> str:
    """One row a day: the overall done, total and percent, then each unit's percent (Excel charts it
    as is). UTF-8 with a byte-order mark, numbers without a % sign."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(
        csv_row(
            [
                t("trend_csv_day", lang),
                t("trend_csv_done", lang),
                t("trend_csv_total", lang),
                t("trend_csv_due", lang),
                t("trend_csv_percent", lang),
                *(u.label for u in trend.units),
            ]
        )
    )
    for n, p in enumerate(trend.overall):
        writer.writerow(csv_row([p.day.isoformat(), p.done, p.total, p.due, p.percent, *_column(trend, n)]))
    return "\ufeff" + buf.getvalue()


def _column(trend: Trend, n: int) -> Iterable[int]:
    return (u.points[n].percent for u in trend.units)
