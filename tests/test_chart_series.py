"""Charts, checked the way a reader reads them: each series found by its name, and what it plots
followed back to the column that carries that name as its header, never by cell address. The
trend's CSV (history/chart.py), the 台账's two native charts (outputs/xlsx.py) and the HTML 通报's
inline chart (outputs/report.py) are each compared with `trend`/`status --format json`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from qmonth.core.store import load
from tests.conftest import DEMO, Run

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TODAY = "2024-09-20"


def _labels(lang: str) -> dict[str, str]:
    """unit id → the label the files show it under."""
    return {uid: u.label for uid, u in load(DEMO).campaign.units.items()}


def _trend(run: Run, lang: str = "zh") -> dict[str, Any]:
    result = run("trend", "-f", DEMO, "--today", TODAY, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trend_csv_every_column_holds_the_series_its_header_names(run: Run, lang: str) -> None:
    data = _trend(run, lang)
    result = run("trend", "-f", DEMO, "--today", TODAY, "--format", "csv", "--lang", lang)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    day, done, total, due, percent = (
        ("日期", "总体完成", "总体应做", "已到期", "总体完成率") if lang == "zh" else ("day", "done", "total", "due", "percent")
    )
    assert [r[day] for r in rows] == [p["day"] for p in data["overall"]]
    for name, field in ((done, "done"), (total, "total"), (due, "due"), (percent, "percent")):
        assert [int(r[name]) for r in rows] == [p[field] for p in data["overall"]], name
    labels = _labels(lang)
    assert len(data["units"]) == len(labels) > 2
    for unit in data["units"]:
        column = [int(r[labels[unit["id"]]]) for r in rows]  # the unit's column, by its label
        assert column == [p["percent"] for p in unit["series"]], unit["id"]
    # the units differ from one another, so a column shifted by one would be noticed
    assert len({tuple(p["percent"] for p in u["series"]) for u in data["units"]}) > 2


def _cells(wb: Any, ref: str) -> tuple[Any, list[Any]]:
    """A chart's `'sheet'!$C$5:$C$9` reference: (the sheet, its cells, top to bottom)."""
    found = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    assert found, ref
    sheet, col, first, col2, last = found.groups()
    assert col == col2, f"{ref}: a series is one column"
    ws = wb[sheet]
    return ws, [ws[f"{col}{r}"] for r in range(int(first), int(last) + 1)]


def _header(ws: Any, cells: list[Any]) -> Any:
    """The header of a run of cells: the cell just above the first."""
    return ws.cell(cells[0].row - 1, cells[0].column).value


def _charts(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Every chart in the workbook by its title: {series name: {"values": ref, "categories": ref}}."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    with zipfile.ZipFile(path) as z:
        for part in (n for n in z.namelist() if n.startswith("xl/charts/chart")):
            root = ET.fromstring(z.read(part))
            title = "".join(t.text or "" for t in root.iter(f"{A}t"))
            series: dict[str, dict[str, str]] = {}
            for ser in root.iter(f"{C}ser"):
                tx = ser.find(f"{C}tx")
                assert tx is not None, f"{part}: a series without a name"
                name = "".join(v.text or "" for v in tx.iter(f"{C}v"))
                refs = {kind: ser.find(f"{C}{kind}//{C}f") for kind in ("cat", "val")}
                assert all(r is not None and r.text for r in refs.values()), f"{part}: {name} without references"
                series[name] = {"categories": refs["cat"].text, "values": refs["val"].text}  # type: ignore[union-attr]
            out[title] = series
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbooks_charts_plot_the_columns_their_series_are_named_after(tmp_path: Path, run: Run, lang: str) -> None:
    out = tmp_path / "台账.xlsx"
    assert run("export", "xlsx", "-f", DEMO, "--today", TODAY, "-o", out, "--lang", lang).exit_code == 0
    status = json.loads(run("status", "-f", DEMO, "--today", TODAY, "--format", "json").stdout)
    wb = openpyxl.load_workbook(out)
    charts = _charts(out)
    by_unit, over_time = ("各单位完成率", "累计完成情况") if lang == "zh" else ("Completion by unit", "Completion over time")
    percent, unit, day = ("完成率", "单位", "日期") if lang == "zh" else ("Done %", "Unit", "Date")
    assert set(charts) == {by_unit, over_time}

    # completion by unit: the series named 完成率 plots the 完成率 column, one bar per unit label
    series = charts[by_unit][percent]
    ws, values = _cells(wb, series["values"])
    assert _header(ws, values) == percent
    ws_cat, labels = _cells(wb, series["categories"])
    assert _header(ws_cat, labels) == unit
    plotted = {c.value: v.value for c, v in zip(labels, values, strict=True)}
    labels = _labels(lang)
    assert list(plotted) == [labels[u["id"]] for u in status["units"]]  # every unit, none of the total row
    for u in status["units"]:
        assert round(100 * plotted[labels[u["id"]]]) == u["percent"], u["id"]
    assert len({u["percent"] for u in status["units"]}) > 2  # a neighbouring column would differ

    # completion over time: the series named 完成率 plots the 完成率 column of the dated table
    data = _trend(run, lang)
    by_day = {dt.date.fromisoformat(p["day"]): p for p in data["overall"]}
    series = charts[over_time][percent]
    ws, values = _cells(wb, series["values"])
    assert _header(ws, values) == percent
    ws_cat, days = _cells(wb, series["categories"])
    assert _header(ws_cat, days) == day
    assert len(days) >= 3
    for d, v in zip(days, values, strict=True):
        point = by_day[d.value.date()]
        assert round(100 * v.value) == point["percent"], d.value
    assert days[-1].value.date().isoformat() == TODAY


def _polyline_for(svg: str, name: str) -> list[tuple[float, float]]:
    """The points of the line the legend calls `name`: the legend's sample line just before the name
    gives its stroke, and the chart's polyline with that stroke is the series."""
    legend = re.search(r'<line [^>]*stroke="(#[0-9a-f]{3,6})"[^>]*/><text [^>]*>' + re.escape(name) + "</text>", svg)
    assert legend, f"no legend entry {name!r}"
    stroke = legend.group(1)
    lines = re.findall(r'<polyline points="([^"]+)"[^>]*stroke="' + stroke + '"', svg)
    assert len(lines) == 1, (name, stroke, len(lines))
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in lines[0].split())]


def _percent_scale(svg: str) -> tuple[float, float]:
    """The y of the 0 % and the 100 % grid lines, from their labels."""
    ys = {}
    for pct in (0, 100):
        found = re.search(r'<line x1="[^"]+" y1="([\d.]+)"[^>]*/><text [^>]*>' + str(pct) + "%</text>", svg)
        assert found, pct
        ys[pct] = float(found.group(1))
    return ys[0], ys[100]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_reports_chart_draws_each_series_its_legend_names(demo: Path, tmp_path: Path, run: Run, lang: str) -> None:
    out = tmp_path / "通报.html"
    assert run("report", "-f", demo, "--today", TODAY, "-o", out, "--lang", lang).exit_code == 0
    page = out.read_text(encoding="utf-8")
    svg = page[page.index("<svg") : page.index("</svg>")]
    zero, hundred = _percent_scale(svg)
    data = _trend(run, lang)
    points = data["overall"]
    done_name, due_name = ("累计完成率", "按截止日期应完成的比例") if lang == "zh" else ("done", "share already due")
    for name, share in (
        (done_name, [p["done"] / p["total"] for p in points]),
        (due_name, [min(p["due"], p["total"]) / p["total"] for p in points]),
    ):
        drawn = _polyline_for(svg, name)
        assert len(drawn) == len(points), name
        assert [x for x, _ in drawn] == sorted(x for x, _ in drawn)  # one point a day, left to right
        for (_, y), want in zip(drawn, share, strict=True):
            assert abs((zero - y) / (zero - hundred) - want) < 0.002, (name, y, want)
    # the two series differ on the demo, so drawing one for the other would be noticed
    assert any(p["done"] != min(p["due"], p["total"]) for p in points)
