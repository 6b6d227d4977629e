"""history/rollover.py's small pieces in-process: the rest-day note and its weekday, a repeat
rule's UNTIL that is not a date, comments kept beside a rewritten value, the project file naming
the new campaign, and the new file created, never replaced (tests/test_rollover.py drives the
whole through the CLI)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomlkit

from qmonth.core.errors import FileError
from qmonth.history import rollover as ro
from tests.conftest import Run

SATURDAY = dt.date(2025, 9, 13)


def test_a_deadline_on_a_rest_day_is_noted_with_its_weekday() -> None:
    flag = ro.Flag("tasks.receipt.deadline", SATURDAY, rest_day=True)
    assert flag.message("zh") == "注意：2025-09-13 是休息日（星期六）"
    assert flag.message("en") == "NOTE: 2025-09-13 is a rest day (Saturday)"


def test_weekdays_in_both_languages() -> None:
    monday = dt.date(2025, 9, 8)
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    assert [ro._weekday(d, "zh") for d in week] == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    assert [ro._weekday(d, "en") for d in week] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]


def test_an_until_that_is_not_a_date_is_left_for_check() -> None:
    rule = "FREQ=WEEKLY;BYDAY=FR;UNTIL=20240231"
    assert ro._UNTIL.sub(lambda m: ro._move_until(m, 1), rule) == rule
    later = ro._UNTIL.sub(lambda m: ro._move_until(m, 1), "FREQ=WEEKLY;until=20240930T090000")
    assert later == "FREQ=WEEKLY;until=20250930T090000"


def test_rewritten_values_keep_their_comments(run: Run, shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8")
    window = 'title = "设置质量专题宣传橱窗"\n'
    text = text.replace(window, window + 'repeat = "FREQ=WEEKLY;BYDAY=FR;UNTIL=20240927"  # weekly\n', 1)
    text = text.replace(window, window + 'until = "2024年9月27日"  # in words\n', 1)
    shipped.write_text(text.replace("start = 2024-09-01", "start = 2024-09-01  # the first day", 1), encoding="utf-8")
    result = run("rollover", "2025", "-f", shipped, "-o", "-")
    assert result.exit_code == 0, result.output
    assert 'repeat = "FREQ=WEEKLY;BYDAY=FR;UNTIL=20250927"  # weekly\n' in result.stdout
    assert "start = 2025-09-01  # the first day\n" in result.stdout
    assert 'until = "2025年9月27日"  # in words\n' in result.stdout  # text stays text


def test_the_project_file_names_the_new_campaign() -> None:
    assert ro.project_text(None, "campaign-2025.toml") == (
        "# The campaign file qmonth's commands read when no --file is given (written by qmonth rollover).\n"
        'campaign = "campaign-2025.toml"\n'
    )
    odd = ro.project_text(None, 'a\\b "c".toml').splitlines()[1]
    assert odd == 'campaign = "a\\\\b \\"c\\".toml"'
    assert tomlkit.parse(odd)["campaign"] == 'a\\b "c".toml'
    # an existing file: its campaign line replaced (the first, if there were two), its comments kept
    old = '# ours\n  campaign = "campaign.toml"  # was\n[other]\ncampaign = "kept"\n'
    assert ro.project_text(old, "campaign-2025.toml") == '# ours\ncampaign = "campaign-2025.toml"\n[other]\ncampaign = "kept"\n'
    assert ro.project_text("# nothing here\n", "c.toml") == ro.project_text(None, "c.toml")


def test_create_writes_a_new_file_and_never_replaces_one(tmp_path: Path) -> None:
    path = tmp_path / "campaign-2025.toml"
    ro.create(path, "# 2025年\n")
    assert path.read_bytes() == "# 2025年\n".encode()
    with pytest.raises(FileError) as info:
        ro.create(path, "other\n")
    assert info.value.code == "rollover_exists" and info.value.params["path"] == path
    assert path.read_bytes() == "# 2025年\n".encode()


def test_deadline_flags_after_three_rest_days_not_after_a_weekend() -> None:
    from qmonth.core.calendar import WorkCalendar

    plain = WorkCalendar()
    assert ro.deadline_flag("k", dt.date(2099, 3, 9), plain) is None  # Monday after a plain weekend
    assert ro.deadline_flag("k", dt.date(2099, 3, 7), plain) == ro.Flag("k", dt.date(2099, 3, 7), rest_day=True)
    friday_off = WorkCalendar(holidays=[dt.date(2099, 3, 13)])  # Fri 13 to Sun 15: three rest days
    run = (dt.date(2099, 3, 13), dt.date(2099, 3, 15))
    assert ro.deadline_flag("k", dt.date(2099, 3, 16), friday_off) == ro.Flag(
        "k", dt.date(2099, 3, 16), rest_day=False, holiday=run, nth=1
    )
    assert ro.deadline_flag("k", dt.date(2099, 3, 17), friday_off) == ro.Flag(
        "k", dt.date(2099, 3, 17), rest_day=False, holiday=run, nth=2
    )
    assert ro.deadline_flag("k", dt.date(2099, 3, 18), friday_off) is None  # the third working day after


@pytest.mark.parametrize(
    ("line", "after"),
    [
        ("a = 1\n", "a = 1  # 注意\n"),
        ("a = 1 # was\n", "a = 1 # 注意 · was\n"),
        ("a = 1    #Xi'an 1#\n", "a = 1    # 注意 · Xi'an 1#\n"),
    ],
)
def test_a_note_goes_before_the_comment_already_there(line: str, after: str) -> None:
    doc = tomlkit.parse(line)
    ro._comment(doc["a"], "注意")
    assert tomlkit.dumps(doc) == after


FORM = (
    "\n[forms.activities]\n"
    'title = "本单位“质量月”活动安排反馈表"\ntask = "work-plan"\nrows = true\n'
    'fields = [{ id = "name", label = "活动名称", kind = "text", max = 50, required = true }]\n'
)
CHIKAN = 'short = "赤坎区"\nkind = "county"\n'


@pytest.mark.parametrize("keep", [False, True])
def test_records_written_with_dotted_keys_or_inline_are_cleared_too(run: Run, shipped: Path, keep: bool) -> None:
    dotted = (
        'forms.activities = [{ name = "质量宣传周" }]\n'
        "progress.work-plan.done = 2024-09-12\n"
        "progress.receipt = { done = 2024-09-09 }\n"
        'liaison = { name = "林晓燕", mobile = "13802715638" }\n'
    )
    shipped.write_text(shipped.read_text(encoding="utf-8").replace(CHIKAN, CHIKAN + dotted, 1) + FORM, encoding="utf-8")
    assert run("check", shipped).exit_code == 0
    result = run("rollover", "2025", "-f", shipped, "-o", "-", *(["--keep-liaisons"] if keep else []))
    assert result.exit_code == 0, result.output
    chikan = tomlkit.parse(result.stdout)["units"]["chikan"]
    assert "progress" not in chikan and "forms" not in chikan
    assert ("liaison" in chikan) is keep


def test_records_in_tables_leave_no_trace(run: Run, shipped: Path) -> None:
    """The rolled file of a campaign with records is the rolled file of the same campaign without."""
    shipped.write_text(shipped.read_text(encoding="utf-8") + FORM, encoding="utf-8")
    clean = run("rollover", "2025", "-f", shipped, "-o", "-")
    assert clean.exit_code == 0, clean.output
    args = ("-f", shipped, "--today", "2024-09-12")
    assert run("receipt", "赤坎", "--form", "activities", "--row", "活动名称=质量宣传周", *args).exit_code == 0
    assert run("receipt", "赤坎", "--form", "activities", "--row", "活动名称=质量大讲堂", *args).exit_code == 0
    assert run("done", "霞山", "summary", "--on", "2024-09-09", *args).exit_code == 0
    text = shipped.read_text(encoding="utf-8")
    assert "[[units.chikan.forms.activities]]" in text and "[units.xiashan.progress.summary]" in text
    rolled = run("rollover", "2025", "-f", shipped, "-o", "-")
    assert rolled.exit_code == 0, rolled.output
    assert rolled.stdout == clean.stdout


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("zh", "已删除 2024 年的节假日调整，请按新一年的安排补充"),
        ("en", "2024's own entries removed: add the new year's schedule"),
    ],
)
def test_last_years_own_calendar_days_go_and_the_new_years_stay(run: Run, shipped: Path, lang: str, why: str) -> None:
    text = shipped.read_text(encoding="utf-8")
    assert "holidays = []\nworkdays = []" in text
    days = "holidays = [2024-09-16, 2025-01-28]\nworkdays = [2024-09-14, 2025-01-26]"
    shipped.write_text(text.replace("holidays = []\nworkdays = []", days, 1), encoding="utf-8")
    result = run("rollover", "2025", "-f", shipped, "-o", "-", "--lang", lang)
    assert result.exit_code == 0, result.output
    cal = tomlkit.parse(result.stdout)["calendar"]
    assert (cal["holidays"], cal["workdays"]) == ([dt.date(2025, 1, 28)], [dt.date(2025, 1, 26)])
    for key in ("holidays", "workdays"):  # each says why it changed
        line = next(x for x in result.stdout.splitlines() if x.startswith(key + " = "))
        assert line.endswith("  # " + why), line


def _rolled(year: int, lang: str, text: str | None = None) -> ro.Rolled:
    from qmonth.core.store import load, load_text
    from tests.conftest import SHIPPED

    loaded = load(SHIPPED) if text is None else load_text(text, SHIPPED)
    return ro.rollover(loaded.text, loaded.campaign, year, False, lang, "campaign.toml")  # type: ignore[arg-type]


def test_rolled_says_where_it_came_from_what_to_update_and_what_to_check() -> None:
    r = _rolled(2025, "zh")
    assert r.year == 2025 and r.unknown_years == []
    assert r.text.startswith(
        "# 由 `qmonth rollover 2025` 根据 campaign.toml（2024 年）生成：主题、任务、单位照旧，日期已顺延到 2025 年，\n"
        "# 进度、回执记录已清空。标有“待更新”的内容（标题、依据文件、主题、印发日期）请按 2025 年的通知修改；\n"
        "# 标有“注意”的截止日期落在休息日或长假刚结束时，请核对。\n#\n# qmonth 活动文件"
    )
    assert r.marked == ["campaign.title", "campaign.document", "campaign.basis", "campaign.theme", "campaign.issued"]
    lines = r.text.splitlines()
    assert 'title = "2025年全市住房城乡建设系统“质量月”活动"  # 待更新：年份已改为 2025，请按新通知核对' in lines
    document = next(x for x in lines if x.startswith('document = "湛江市住房和城乡建设局关于组织开展2025年'))
    assert document.endswith("# 待更新：年份已改为 2025，请按新通知核对")
    assert "issued = 2025-09-07  # 待更新：请改为 2025 年通知的印发日期" in lines
    assert "]  # 待更新：请换成 2025 年的依据文件" in lines
    assert 'theme = "加强质量支撑 共建质量强国"  # 待更新：请换成 2025 年的活动主题' in lines
    holiday = (dt.date(2025, 10, 1), dt.date(2025, 10, 8))
    assert r.flags == [ro.Flag("tasks.summary.deadline", dt.date(2025, 10, 9), rest_day=False, holiday=holiday, nth=1)]
    assert "end = 2025-09-30" in lines  # a Tuesday: not flagged
    assert "holidays = []" in lines and "workdays = []" in lines  # nothing of 2024 to remove: no note


def test_the_end_of_a_campaign_with_undated_tasks_is_flagged_on_a_rest_day() -> None:
    r = _rolled(2029, "en")
    assert r.year == 2029 and r.unknown_years == [2029]
    assert r.text.startswith("# Made by `qmonth rollover 2029` from campaign.toml (2024): the same themes")
    assert [f.key for f in r.flags] == ["tasks.summary.deadline", "campaign.end"]
    assert r.flags[1] == ro.Flag("campaign.end", dt.date(2029, 9, 30), rest_day=True)
    assert "end = 2029-09-30  # NOTE: 2029-09-30 is a rest day (Sunday)" in r.text.splitlines()
    assert r.flags[0].holiday == (dt.date(2029, 9, 29), dt.date(2029, 10, 7)) and r.flags[0].nth == 2
    lines = r.text.splitlines()
    title = 'title = "2029年全市住房城乡建设系统“质量月”活动"'
    assert title + "  # UPDATE: year changed to 2029; check it against the new notice" in lines
    assert 'theme = "加强质量支撑 共建质量强国"  # UPDATE: replace with the 2029 theme' in lines
    zh = _rolled(2029, "zh").text.splitlines()
    assert "end = 2029-09-30  # 注意：2029-09-30 是休息日（星期日）" in zh


def test_only_what_the_file_has_is_marked() -> None:
    from tests.conftest import SHIPPED

    text = SHIPPED.read_text(encoding="utf-8").replace('theme = "加强质量支撑 共建质量强国"', 'theme = ""', 1)
    assert _rolled(2025, "zh", text).marked == ["campaign.title", "campaign.document", "campaign.basis", "campaign.issued"]


def test_target_refuses_years_out_of_range_this_year_and_a_file_that_exists(tmp_path: Path) -> None:
    from qmonth.core.errors import UsageError
    from qmonth.core.store import load
    from qmonth.core.validate import MAX_YEAR, MIN_YEAR
    from tests.conftest import SHIPPED

    c = load(SHIPPED).campaign
    source = tmp_path / "campaign.toml"
    assert ro.target(c, 2025, source, None) == tmp_path / "campaign-2025.toml"
    assert ro.target(c, MIN_YEAR, source, None).name == f"campaign-{MIN_YEAR}.toml"
    assert ro.target(c, MAX_YEAR, source, None).name == f"campaign-{MAX_YEAR}.toml"
    refused = ((MIN_YEAR - 1, "rollover_year_range"), (MAX_YEAR + 1, "rollover_year_range"), (2024, "rollover_same_year"))
    for year, code in refused:
        with pytest.raises(UsageError) as info:
            ro.target(c, year, source, None)
        assert (info.value.code, info.value.params) == (code, {"year": year})
    asked: list[Path] = []
    assert ro.target(c, 2025, source, Path("-"), asked.append) == Path("-") and asked == [Path("-")]
    taken, dangling = tmp_path / "taken.toml", tmp_path / "dangling.toml"
    taken.write_text("x", encoding="utf-8")
    dangling.symlink_to(tmp_path / "nowhere.toml")
    for path in (taken, dangling):
        with pytest.raises(FileError) as exists:
            ro.target(c, 2025, source, path)
        assert (exists.value.code, exists.value.params) == ("rollover_exists", {"path": path})


def test_flags_use_the_new_years_own_calendar_days() -> None:
    """2029's schedule is not published: the file's own 2029 days decide (a published year's come from the package)."""
    from tests.conftest import SHIPPED

    days = "holidays = [2024-09-16, 2029-09-10]\nworkdays = [2024-09-14, 2029-09-29]"
    text = SHIPPED.read_text(encoding="utf-8").replace("holidays = []\nworkdays = []", days, 1)
    r = _rolled(2029, "zh", text)
    assert r.flags == [
        ro.Flag("tasks.receipt.deadline", dt.date(2029, 9, 10), rest_day=True),  # a Monday made a rest day
        # Saturday 9-29 made a working day: the holiday before 10-09 starts on the 30th
        ro.Flag("tasks.summary.deadline", dt.date(2029, 10, 9), False, (dt.date(2029, 9, 30), dt.date(2029, 10, 7)), 2),
        ro.Flag("campaign.end", dt.date(2029, 9, 30), rest_day=True),
    ]


def test_the_end_is_not_flagged_when_every_task_has_its_own_deadline(tmp_path: Path) -> None:
    from qmonth.core.store import load

    path = tmp_path / "campaign.toml"
    path.write_text(
        '[campaign]\ntitle = "2024年检查"\nstart = 2024-02-01\nend = 2024-02-29\n\n[kinds]\ncounty = "县区"\n\n'
        '[themes.a]\ntitle = "检查"\n\n[tasks.t]\ntheme = "a"\ntitle = "报送"\ndeadline = 2024-02-24\napplies_to = ["county"]\n\n'
        '[units.u1]\nname = "单位一"\nkind = "county"\n',
        encoding="utf-8",
    )
    loaded = load(path)
    r = ro.rollover(loaded.text, loaded.campaign, 2027, False, "zh", "campaign.toml")
    assert r.flags == []  # 2027-02-28, the end, is a Sunday; 2027-02-24 is a working day


def test_a_file_named_dash_is_not_what_dash_means(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmonth.core.store import load
    from tests.conftest import SHIPPED

    monkeypatch.chdir(tmp_path)
    Path("-").write_text("x", encoding="utf-8")
    assert ro.target(load(SHIPPED).campaign, 2025, tmp_path / "campaign.toml", Path("-")) == Path("-")  # standard output
