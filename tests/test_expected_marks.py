"""Issue 19: a working-day figure that counts an *expected* rest day (a year whose 放假安排 is not
published: the customary 国庆 week) carries a mark (†, or （含预计假期） in what goes out), explained
once per screen; a figure that does not depend on them carries none."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from qmonth.core.calendar import WorkCalendar
from tests.conftest import Run

CAMPAIGN = """\
[campaign]
title = "2027年质量月"
issuer = "某市住房和城乡建设局"
start = {start}
end = {end}

[campaign.contact]
name = "张三"
phone = "0759-1234567"

[kinds]
county = "县区"

[themes.a]
title = "主题"

[tasks.receipt]
theme = "a"
title = "报送联络员回执"
deadline = {receipt}
applies_to = ["county"]

[tasks.summary]
theme = "a"
title = "报送总结"
deadline = {summary}
applies_to = ["county"]

[units.u1]
name = "一区住建局"
short = "一区"
kind = "county"
phone = "0759-3216047"
"""

EXPECTED = ["2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"]  # Mon–Thu of the 国庆 week (10-01..03 statutory)


def write(tmp_path: Path, extra: str = "", **dates: str) -> Path:
    values = {"start": "2027-09-01", "end": "2027-09-30", "receipt": "2027-09-10", "summary": "2027-10-09", **dates}
    path = tmp_path / "campaign.toml"
    path.write_text(CAMPAIGN.format(**values) + extra, encoding="utf-8")
    return path


def out(run: Run, *args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_calendar_says_which_expected_days_a_count_rests_on() -> None:
    cal = WorkCalendar()
    days = cal.assumed_between(dt.date(2027, 9, 28), dt.date(2027, 10, 9))
    assert [d.isoformat() for d in days] == EXPECTED
    assert cal.workdays_left(dt.date(2027, 9, 28), dt.date(2027, 10, 9)) == 3  # 09-29, 09-30, 10-08
    assert cal.assumed_between(dt.date(2027, 6, 1), dt.date(2027, 6, 30)) == ()  # 端午 is statutory, not expected
    assert cal.assumed_between(dt.date(2026, 9, 28), dt.date(2026, 10, 9)) == ()  # 2026 is published
    assert cal.assumed_between(dt.date(2027, 10, 9), dt.date(2027, 9, 28)) == ()
    entered = WorkCalendar(holidays=[dt.date(2027, 10, d) for d in range(1, 8)], covered=[2027])
    assert entered.assumed_between(dt.date(2027, 9, 28), dt.date(2027, 10, 9)) == ()


@pytest.mark.parametrize(
    ("lang", "left", "note"),
    [
        ("zh", "3† 节前", "† 含预计假期：2027-10-04—10-07 按往年惯例计为休息日"),
        ("en", "3†", "† incl. expected holidays: 2027-10-04—10-07 counted as rest days"),
    ],
)
def test_status_marks_the_figure_that_rests_on_the_national_day_week(
    run: Run, tmp_path: Path, lang: str, left: str, note: str
) -> None:
    path = write(tmp_path)
    screen = out(run, "status", "-f", path, "--today", "2027-09-28", "--lang", lang)
    assert left in screen and screen.count("†") == 2  # the footnote's, and the due-soon figure
    assert " ".join(screen.split()).count(note) == 1
    # the receipt, overdue since 09-10, is 11 working days late without any expected day: no mark
    late = next(line for line in screen.splitlines() if "2027-09-10" in line)
    assert "11" in late and "†" not in late
    unit = " ".join(out(run, "status", "-f", path, "--today", "2027-09-28", "--unit", "一区", "--lang", lang).split())
    assert note in unit and ("剩3个工作日†" if lang == "zh" else "3 wd left†") in unit
    assert "11 工作日" in unit if lang == "zh" else "11 wd" in unit


def test_after_the_holiday_the_days_late_carry_the_mark(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, summary="2027-10-20")
    screen = out(run, "status", "-f", path, "--today", "2027-10-12")
    late = next(line for line in screen.splitlines() if "2027-09-10" in line)
    assert "32 天/16 工作日†" in late  # 09-10 → 10-12: 中秋 09-15, 10-04..10-07 rest
    data = json.loads(out(run, "status", "-f", path, "--today", "2027-10-12", "--format", "json"))
    receipt = next(i for i in data["items"] if i["task"] == "receipt")
    assert receipt["workdays_overdue"] == 16 and receipt["assumed_rest_days"] == EXPECTED


@pytest.mark.parametrize(
    ("lang", "inline", "note"),
    [
        ("zh", "还有 3 个工作日（含预计假期）", "注：标“含预计假期”的工作日数按往年惯例把 2027-10-04—10-07 计为假期"),
        ("en", "3 working day(s) left (incl. expected holidays)", "Note: working days marked “incl. expected holidays”"),
    ],
)
def test_remind_and_the_letter_say_it_in_words(run: Run, tmp_path: Path, lang: str, inline: str, note: str) -> None:
    path = write(tmp_path)
    text = out(run, "remind", "-f", path, "--today", "2027-09-28", "--lang", lang)
    assert inline in text and text.count(note) == 1
    assert "（含预计假期）" not in text.split(inline)[0] if lang == "zh" else "incl." not in text.split(inline)[0]
    letter = out(run, "remind", "-f", path, "--today", "2027-09-28", "--unit", "一区", "--lang", lang)
    assert inline in letter and letter.count(note) == 1


def test_json_carries_the_expected_days_of_each_figure(run: Run, tmp_path: Path) -> None:
    from tests.test_json_contract import assert_valid, validator

    path = write(tmp_path)
    status = json.loads(out(run, "status", "-f", path, "--today", "2027-09-28", "--format", "json"))
    by_task = {i["task"]: i for i in status["items"]}
    assert by_task["summary"]["assumed_rest_days"] == EXPECTED and by_task["summary"]["workdays_left"] == 3
    assert by_task["receipt"]["assumed_rest_days"] == []
    assert_valid(validator("status"), status, "status 2027")
    remind = json.loads(out(run, "remind", "-f", path, "--today", "2027-09-28", "--format", "json"))
    assert {r["task"]: r["assumed_rest_days"] for r in remind["reminders"]} == {"receipt": [], "summary": EXPECTED}
    assert_valid(validator("remind"), remind, "remind 2027")


@pytest.mark.parametrize(
    ("extra", "dates"),
    [
        ('\n[calendar]\nholidays = ["2027-10-01..2027-10-07"]\nworkdays = [2027-09-26, 2027-10-09]\npublished = [2027]\n', {}),
        ("", {"start": "2027-06-01", "end": "2027-06-30", "receipt": "2027-06-10", "summary": "2027-06-25"}),
    ],
    ids=["schedule-entered", "june-campaign"],
)
def test_no_mark_where_no_figure_rests_on_expected_days(run: Run, tmp_path: Path, extra: str, dates: dict[str, str]) -> None:
    path = write(tmp_path, extra, **dates)
    today = "2027-09-28" if not dates else "2027-06-20"
    for args in (
        ("status",),
        ("status", "--unit", "一区"),
        ("remind",),
        ("remind", "--unit", "一区"),
        ("status", "--format", "markdown"),
    ):
        for lang in ("zh", "en"):
            text = out(run, *args, "-f", path, "--today", today, "--lang", lang)
            assert "†" not in text and "预计假期" not in text and "expected holidays" not in text, (args, lang)
    data = json.loads(out(run, "status", "-f", path, "--today", today, "--format", "json"))
    assert all(i["assumed_rest_days"] == [] for i in data["items"])


def test_the_markdown_and_the_workbook_mark_the_late_count(run: Run, tmp_path: Path) -> None:
    import openpyxl

    path = write(tmp_path, summary="2027-10-20")
    md = out(run, "status", "-f", path, "--today", "2027-10-12", "--format", "markdown")
    assert "| 16† |" in md and "† 含预计假期：2027-10-04—10-07" in md
    book_path = tmp_path / "台账.xlsx"
    assert run("export", "xlsx", "-f", path, "--today", "2027-10-12", "-o", book_path).exit_code == 0
    book = openpyxl.load_workbook(book_path, read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    book.close()
    assert "16†" in cells and any(c.startswith("† 含预计假期") for c in cells)


def test_the_unit_page_marks_its_figures(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from qmonth.web.app import Settings, build
    from tests.test_serve import make_campaign

    camp = make_campaign(tmp_path, git=False)
    camp.path.write_text(camp.path.read_text(encoding="utf-8").replace("2024-", "2027-"), encoding="utf-8")
    clock = dt.datetime(2027, 9, 28, 4, 0, tzinfo=dt.UTC)
    with TestClient(build(Settings(campaign=camp.path, tokens=camp.links, clock=lambda: clock))) as client:
        page = client.get(f"/t/{camp.tokens['chikan']}").text
    assert page.count('id="assumed"') == 1 and "† 含预计假期：2027-10-04—10-07" in page
    assert "†</strong>" in page


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "最久 16 个工作日（含预计假期）"), ("en", "16 working day(s) (incl. expected holidays)")]
)
def test_the_group_digest_says_it_in_words(lang: str, said: str) -> None:
    from qmonth.core.remind import reminders
    from qmonth.core.schedule import compute
    from qmonth.notify import templates as tpl
    from tests.factories import campaign

    tasks = {"a": {"theme": "a", "title": "报送回执", "applies_to": ["county"], "deadline": dt.date(2027, 9, 10)}}
    units = {"u1": {"name": "单位1", "kind": "county"}}
    dates = {"start": dt.date(2027, 9, 1), "end": dt.date(2027, 9, 30), "remind_until": dt.date(2027, 10, 31)}
    c = campaign(tasks, units, language=lang, **dates)
    cal = WorkCalendar()
    today = dt.date(2027, 10, 12)
    dues = tpl.levels(c, reminders(c, compute(c, today, cal), cal), cal)
    assert said in tpl.digest(c, dues, today, lang, tpl.Style()).text
    before = dt.date(2027, 9, 28)  # 09-10 → 09-28: no expected day counted, no mark
    early = tpl.digest(c, tpl.levels(c, reminders(c, compute(c, before, cal), cal), cal), before, lang, tpl.Style()).text
    assert "预计" not in early and "expected" not in early


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "已逾期16个工作日，含预计假期）"), ("en", "16 working day(s) overdue, incl. expected holidays)")]
)
def test_the_report_draft_says_it_in_words(run: Run, tmp_path: Path, lang: str, said: str) -> None:
    path = write(tmp_path, summary="2027-10-20")
    draft = tmp_path / "通报.md"
    assert run("report", "-f", path, "--today", "2027-10-12", "--lang", lang, "-o", draft).exit_code == 0
    text = draft.read_text(encoding="utf-8")
    assert said in text and "）（" not in text and "））" not in text  # no nested brackets in a document
    early = tmp_path / "早.md"
    assert run("report", "-f", path, "--today", "2027-09-28", "--lang", lang, "-o", early).exit_code == 0
    assert "预计" not in early.read_text(encoding="utf-8") and "expected holidays" not in early.read_text(encoding="utf-8")


def test_the_plan_over_a_period_with_the_holiday_is_marked(run: Run, tmp_path: Path) -> None:
    dates = {"start": "2027-09-15", "end": "2027-10-15", "receipt": "2027-10-14", "summary": "2027-10-15"}
    path = write(tmp_path, **dates)
    data = json.loads(out(run, "status", "-f", path, "--today", "2027-10-12", "--format", "json"))
    assert data["campaign"]["plan_assumed_rest_days"] == EXPECTED
    screen = out(run, "status", "-f", path, "--today", "2027-10-12")
    assert "%†" in " ".join(screen.split()) and "† 含预计假期" in screen  # the rule wraps
    june = write(tmp_path, start="2027-06-01", end="2027-06-30", receipt="2027-06-28", summary="2027-06-30")
    quiet = json.loads(out(run, "status", "-f", june, "--today", "2027-06-25", "--format", "json"))
    assert quiet["campaign"]["plan_assumed_rest_days"] == []
