"""Progress over time: the pure series (qmonth.core.trend) and `qmonth trend` through the CLI."""

from __future__ import annotations

import datetime as dt
import json

from rich.cells import cell_len

from qmonth.core.trend import series
from qmonth.history.chart import change, sparkline
from tests.conftest import DEMO, Run
from tests.factories import campaign

D = dt.date


def _two_units() -> object:
    return campaign(
        tasks={
            "t1": {"theme": "a", "title": "一", "deadline": D(2024, 9, 10), "applies_to": ["county"]},
            "t2": {"theme": "a", "title": "二", "applies_to": ["county"]},
            "t3": {"theme": "b", "title": "三", "applies_to": ["county"]},
        },
        units={
            "u1": {
                "name": "单位一",
                "kind": "county",
                "progress": {"t1": {"done": D(2024, 9, 5)}, "t2": {"done": D(2024, 9, 12)}, "t3": {"waived": "无"}},
            },
            "u2": {"name": "单位二", "kind": "county", "progress": {"t1": {"done": D(2024, 9, 12)}}},
        },
    )


def test_series_counts_done_dates_day_by_day() -> None:
    tr = series(_two_units(), D(2024, 9, 15))
    assert tr.days[0] == D(2024, 9, 1) and tr.days[-1] == D(2024, 9, 15)
    assert len(tr.days) == 15
    by_day = {p.day: p for p in tr.overall}
    # u1 has 2 items (t3 waived), u2 has 3: 5 in all
    assert {p.total for p in tr.overall} == {5}
    assert [by_day[D(2024, 9, d)].done for d in (4, 5, 11, 12, 15)] == [0, 1, 1, 3, 3]
    assert by_day[D(2024, 9, 12)].percent == 60
    assert by_day[D(2024, 9, 9)].due == 0 and by_day[D(2024, 9, 10)].due == 2
    u1 = tr.unit("u1").points
    assert (u1[-1].done, u1[-1].total, u1[-1].percent) == (2, 2, 100)
    assert tr.unit("u2").points[-1].percent == 33


def test_series_ignores_records_after_today() -> None:
    tr = series(_two_units(), D(2024, 9, 8))
    assert tr.days[-1] == D(2024, 9, 8)
    assert tr.overall[-1].done == 1  # the 9月12日 records are not seen as of 9月8日


def test_series_long_after_the_campaign_ends_with_today() -> None:
    tr = series(_two_units(), D(2025, 3, 1))
    assert tr.days[-2] == D(2024, 9, 30)  # daily up to the last deadline (the campaign's end)
    assert tr.days[-1] == D(2025, 3, 1)
    assert tr.overall[-1].day == D(2025, 3, 1) and tr.overall[-1].done == 3


def test_series_before_the_campaign_is_one_point() -> None:
    tr = series(_two_units(), D(2024, 8, 20))
    assert tr.days == [D(2024, 8, 20)]
    assert tr.overall[0].done == 0


def test_sparkline_and_change() -> None:
    pts = series(_two_units(), D(2024, 9, 15)).overall
    # 15 days in 10 columns: days 1,3,4,6,7,9,10,12,13,15 → 0,0,0,20,20,20,20,60,60,60 %
    assert sparkline(pts, 10) == "   ▁▁▁▁▄▄▄"
    assert sparkline(pts, 40) == " " * 4 + "▁" * 7 + "▄" * 4  # fewer days than columns: one a day
    assert change(pts) == 40  # 9-08: 1/5 = 20 %, 9-15: 3/5 = 60 %


def test_trend_on_the_demo_draws_a_chart(run: Run) -> None:
    result = run("trend", "-f", DEMO, "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "总体完成率 34%（82/235）" in out
    lines = out.splitlines()
    assert any(line.startswith("100% ┤") for line in lines)
    axis = next(line for line in lines if line.startswith("  0% └"))
    assert axis.count("─") == 40  # 20 days, a column and a gap each
    bars = [line for line in lines if "┤" in line]
    assert len(bars) == 8 and "█" in "".join(bars)
    assert "09-01" in out and "09-20" in out
    assert "赤坎区" in out and "奋勇高新区" in out
    assert all(cell_len(line) <= 80 for line in lines)


def test_trend_json_ends_at_todays_completion(run: Run) -> None:
    status = json.loads(run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "json").stdout)
    result = run("trend", "-f", DEMO, "--today", "2024-09-20", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["today"] == "2024-09-20"
    last = data["overall"][-1]
    done, total = sum(u["done"] for u in status["units"]), sum(u["total"] for u in status["units"])
    assert last == {"day": "2024-09-20", "done": done, "total": total, "due": last["due"], "percent": 100 * done // total}
    assert [p["day"] for p in data["overall"]][:2] == ["2024-09-01", "2024-09-02"]
    assert len(data["overall"]) == 20
    assert [u["id"] for u in data["units"]] == [u["id"] for u in status["units"]]
    for unit, row in zip(data["units"], status["units"], strict=True):
        end = unit["series"][-1]
        assert (end["done"], end["total"], end["percent"]) == (row["done"], row["total"], row["percent"])
        dones = [p["done"] for p in unit["series"]]
        assert dones == sorted(dones)  # completion never goes down


def test_trend_json_as_of_an_earlier_day_matches_status_then(run: Run) -> None:
    status = json.loads(run("status", "-f", DEMO, "--today", "2024-09-12", "--format", "json").stdout)
    data = json.loads(run("trend", "-f", DEMO, "--today", "2024-09-20", "--format", "json").stdout)
    on_12 = next(p for p in data["overall"] if p["day"] == "2024-09-12")
    assert on_12["done"] == sum(u["done"] for u in status["units"])


def test_trend_csv_one_row_a_day_for_excel(run: Run) -> None:
    result = run("trend", "-f", DEMO, "--today", "2024-09-20", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffday,done,total,due,percent,赤坎区,")
    rows = result.stdout.lstrip("\ufeff").splitlines()
    assert len(rows) == 1 + 20
    assert rows[-1].startswith("2024-09-20,82,235,")


def test_trend_long_after_fits_the_width(run: Run) -> None:
    result = run("trend", "-f", DEMO, "--today", "2025-09-20", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Overall 34% done (82/235)" in result.stdout
    assert "09-01" in result.stdout and "09-20" in result.stdout
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())


def test_trend_bad_file_is_a_clean_error(run: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "campaign.toml"
    bad.write_text("[campaign\n", encoding="utf-8")
    result = run("trend", "-f", bad)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "campaign.toml:1" in result.stderr


def test_trend_of_one_unit(run: Run) -> None:
    result = run("trend", "-f", DEMO, "--today", "2024-09-20", "--unit", "赤坎", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [u["id"] for u in data["units"]] == ["chikan"]
    assert data["overall"] == data["units"][0]["series"]  # the one unit is the whole
    assert data["overall"][-1]["done"] == 16 and data["overall"][-1]["total"] == 19
    screen = run("trend", "-f", DEMO, "--today", "2024-09-20", "-u", "chikan").stdout
    assert "总体完成率 84%（16/19）" in screen and "霞山区" not in screen
    unknown = run("trend", "-f", DEMO, "-u", "nowhere")
    assert unknown.exit_code == 2


def test_trend_json_follows_its_published_schema(run: Run) -> None:
    from jsonschema import Draft202012Validator

    from tests.conftest import ROOT

    schema = json.loads((ROOT / "schema" / "trend.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for today in ("2024-08-20", "2024-09-20", "2025-03-01"):
        data = json.loads(run("trend", "-f", DEMO, "--today", today, "--format", "json").stdout)
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, errors[:5]
        assert data["overall"][-1]["day"] == today
        days = [p["day"] for p in data["overall"]]
        assert days == sorted(set(days))  # one point a day, in order
