"""`qmonth calendar import` reads the State Council's 放假安排 notice as published (fixtures typed
from the 2024, 2025 and 2026 notices) into [calendar]; every day of each year then agrees with
chinesecalendar. `qmonth calendar YEAR` shows what qmonth assumes (issue 19). Through the CLI."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import chinese_calendar
import pytest

from tests.conftest import Run

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_import_reproduces_the_published_year_day_by_day(run: Run, shipped: Path, year: int) -> None:
    result = run("calendar", "import", FIXTURES / f"holidays-{year}.txt", "-f", shipped, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "+published = [" in result.stdout and f"Wrote the {year} holiday schedule" in result.stderr
    cal = tomllib.loads(shipped.read_text(encoding="utf-8"))["calendar"]
    assert cal["published"] == [year]
    rest: set[dt.date] = set()
    for entry in cal["holidays"]:
        first, _, last = str(entry).partition("..")
        a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
        rest |= {a + dt.timedelta(n) for n in range((b - a).days + 1)}
    work = set(cal["workdays"])
    day, compared = dt.date(year, 1, 1), 0
    while day.year == year:
        imported = day in rest or (day.weekday() >= 5 and day not in work)
        assert imported == (not chinese_calendar.is_workday(day)), day
        compared += 1
        day += dt.timedelta(days=1)
    assert compared in (365, 366)
    assert run("check", "-f", shipped).exit_code == 0


def test_dry_run_shows_the_diff_and_writes_nothing(run: Run, shipped: Path) -> None:
    before = shipped.read_text(encoding="utf-8")
    result = run("calendar", "import", FIXTURES / "holidays-2025.txt", "--dry-run", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert '+holidays = [2025-01-01, "2025-01-28..2025-02-04"' in result.stdout
    assert "+workdays = [2025-01-26, 2025-02-08, 2025-04-27, 2025-09-28, 2025-10-11]" in result.stdout
    assert "试运行" in result.stderr and shipped.read_text(encoding="utf-8") == before


def test_reimport_replaces_that_year_only_and_stdin_works(run: Run, shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8").replace("holidays = []", 'holidays = ["2027-10-04..2027-10-07"]')
    shipped.write_text(text, encoding="utf-8")
    notice = (FIXTURES / "holidays-2026.txt").read_text(encoding="utf-8")
    from typer.testing import CliRunner

    from qmonth.cli import app

    for _ in range(2):
        result = CliRunner().invoke(app, ["calendar", "import", "-", "-f", str(shipped)], input=notice)
        assert result.exit_code == 0, result.output
    cal = tomllib.loads(shipped.read_text(encoding="utf-8"))["calendar"]
    assert cal["holidays"][0] == "2027-10-04..2027-10-07" and len(cal["holidays"]) == 8
    assert "没有变化" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "zh", "en"),
    [
        ("9月20日（周日）、10月10日", "10月1日（周四）、10月10日", "是法定节假日，不能是调休上班日", "is a statutory holiday"),
        ("至7日（周三）放假调休，共7天", "至6日（周三）放假调休，共7天", "写的是共 7 天，但日期区间是 6 天", "range is 6"),
    ],
)
def test_a_notice_that_contradicts_itself_or_the_law_is_refused(
    run: Run, shipped: Path, tmp_path: Path, old: str, new: str, zh: str, en: str
) -> None:
    notice = tmp_path / "notice.txt"
    text = (FIXTURES / "holidays-2026.txt").read_text(encoding="utf-8")
    assert old in text
    notice.write_text(text.replace(old, new), encoding="utf-8")
    before = shipped.read_text(encoding="utf-8")
    for lang, words in (("zh", zh), ("en", en)):
        result = run("calendar", "import", notice, "-f", shipped, "--lang", lang)
        assert result.exit_code == 2 and words in result.stderr, result.output
    assert shipped.read_text(encoding="utf-8") == before


def test_calendar_year_shows_expected_and_published(run: Run, shipped: Path) -> None:
    zh = run("calendar", "2027", "-f", shipped)
    assert zh.exit_code == 0, zh.output
    assert "2027-10-05 周二  预计（惯例）" in zh.stdout and "2027-10-01 周五  法定（推算）" in zh.stdout
    assert "调休上班日未知" in zh.stdout
    en = run("calendar", "2026", "-f", shipped, "--lang", "en")
    assert "2026: the holiday schedule is published" in en.stdout
    assert "2026-10-10 Sat  published" in en.stdout and "2026-10-07 Wed  published" in en.stdout
    assert run("calendar", "import", FIXTURES / "holidays-2026.txt", "-f", shipped).exit_code == 0
    assert "2026-10-10 Sat  entered in [calendar]" in run("calendar", "2026", "-f", shipped, "--lang", "en").stdout
    bad = run("calendar", "next", "-f", shipped, "--lang", "en")
    assert bad.exit_code == 2 and "neither a year nor import" in bad.stderr
