"""Reply forms declared by the campaign (issue 7): a two-form letter (a contact form and a
multi-row activity list) recorded from the command line, --from CSV/xlsx, validation by kind with
the field's label, and read back through status --unit, JSON and CSV."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Run, mutate

LETTER = """\
[campaign]
title = "关于报送质量月联系人及活动安排的函"
issued = 2025-08-25
start = 2025-08-25
end = 2025-09-30

[kinds]
county = "县区"

[themes.reply]
title = "报送"

[tasks.contact]
theme = "reply"
title = "报送联系人信息表"
deadline = "8月29日"
applies_to = ["county"]

[tasks.activity-plan]
theme = "reply"
title = "报送本单位“质量月”活动安排反馈表"
deadline = "9月1日"
applies_to = ["county"]

[forms.contact]
title = "联系人信息表"
task = "contact"
liaison = true
fields = [
  { id = "name", label = "姓名", kind = "text", max = 20, required = true },
  { id = "position", label = "职务", kind = "text" },
  { id = "mobile", label = "手机", kind = "mobile", required = true },
  { id = "email", label = "电子邮箱", kind = "email" },
]

[forms.activities]
title = "本单位“质量月”活动安排反馈表"
task = "activity-plan"
rows = true
fields = [
  { id = "name", label = "活动名称", kind = "text", max = 50, required = true },
  { id = "summary", label = "内容简介", kind = "text", max = 500 },
  { id = "date", label = "活动时间", kind = "date" },
]

[units.u1]
name = "一区住房和城乡建设局"
short = "一区"
kind = "county"

[units.u2]
name = "二区住房和城乡建设局"
short = "二区"
kind = "county"
"""


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.toml"
    path.write_text(LETTER, encoding="utf-8")
    return path


def unit_data(path: Path, uid: str) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"][uid]


def names(path: Path, uid: str) -> list[str]:
    """The 活动名称 of each row of the unit's activities: one [[units.ID.forms.activities]] each."""
    return [row["name"] for row in unit_data(path, uid)["forms"]["activities"]]


def test_a_two_form_letter_recorded_from_the_command_line_and_read_back(run: Run, letter: Path) -> None:
    assert run("check", "-f", letter).exit_code == 0
    contact = run(
        "receipt", "一区", "--form", "contact", "--set", "姓名=林晓燕", "--set", "手机=13802715638",
        "--set", "email=lin@example.cn", "--set", "职务=股长", "-f", letter, "--today", "2025-08-28",
    )  # fmt: skip
    assert contact.exit_code == 0, contact.output
    rows = run(
        "receipt", "一区", "--form", "活动安排反馈表",
        "--row", "活动名称=质量宣传周|内容简介=在工地悬挂标语、发放宣传资料|活动时间=9月5日",
        "--row", "活动名称=质量大讲堂|活动时间=2025-09-12",
        "-f", letter, "--today", "2025-08-30",
    )  # fmt: skip
    assert rows.exit_code == 0, rows.output
    data = unit_data(letter, "u1")
    # the contact form feeds the liaison: who is called and mentioned
    assert data["liaison"] == {"name": "林晓燕", "mobile": "13802715638", "email": "lin@example.cn", "position": "股长"}
    assert names(letter, "u1") == ["质量宣传周", "质量大讲堂"]
    assert str(data["forms"]["activities"][0]["date"]) == "2025-09-05"
    assert {k: str(v["done"]) for k, v in data["progress"].items()} == {"contact": "2025-08-28", "activity-plan": "2025-08-30"}

    checklist = run("status", "-f", letter, "--unit", "一区", "--today", "2025-08-30").stdout
    assert "联络员：林晓燕 13802715638" in checklist
    assert "联系人信息表" in checklist and "姓名：林晓燕" in checklist and "电子邮箱：lin@example.cn" in checklist
    flat = checklist.replace("\n", "")  # the screen wraps long rows at 80 columns
    assert "1. 活动名称：质量宣传周；内容简介：在工地悬挂标语、发放宣传资料；活动时间：2025-09-05" in flat
    assert "2. 活动名称：质量大讲堂；活动时间：2025-09-12" in checklist

    data = json.loads(run("status", "-f", letter, "--today", "2025-08-30", "--format", "json").stdout)
    u1, u2 = data["units"]
    assert u1["forms"]["contact"]["rows"] == [
        {"name": "林晓燕", "position": "股长", "mobile": "13802715638", "email": "lin@example.cn"}
    ]
    assert [r["name"] for r in u1["forms"]["activities"]["rows"]] == ["质量宣传周", "质量大讲堂"]
    assert u1["forms"]["activities"]["rows"][1] == {"name": "质量大讲堂", "summary": "", "date": "2025-09-12"}
    assert u2["forms"] == {
        "contact": {"title": "联系人信息表", "task": "contact", "rows": []},
        "activities": {"title": "本单位“质量月”活动安排反馈表", "task": "activity-plan", "rows": []},
    }
    csv_out = run("status", "-f", letter, "--unit", "u1", "--today", "2025-08-30", "--format", "csv").stdout
    assert "活动名称：质量宣传周" in csv_out and "表格内容" in csv_out
    # the model hands issue 10 the address to write to
    from qmonth.core.store import load

    assert load(letter).campaign.units["u1"].contact_email == "lin@example.cn"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--form", "contact", "--set", "姓名=张三", "--set", "手机=1380271563"], "手机 “1380271563” 不是手机号码"),
        (["--form", "contact", "--set", "姓名=张三", "--set", "手机=13802715638", "--set", "电子邮箱=zhang@"], "电子邮箱"),
        (["--form", "contact", "--set", "手机=13802715638"], "必须填写 姓名"),
        (["--form", "activities", "--row", "活动名称=" + "长" * 51], "活动名称 超过 50 字"),
        (["--form", "activities", "--row", "活动名称=甲", "--row", "内容简介=没有名称"], "（第 2 行）：必须填写 活动名称"),
        (["--form", "activities", "--row", "活动名称=甲|活动时间=明天"], "活动时间"),
        (["--form", "contact", "--set", "微信=abc"], "没有 “微信” 这一项"),
        (["--form", "nosuch", "--set", "姓名=张三"], "没有名为 “nosuch” 的表格"),
        (["--form", "contact", "--set", "姓名张三"], "应写成 字段=值"),
        (["--form", "contact", "--name", "张三"], "不要混用"),
    ],
)
def test_invalid_values_are_refused_with_the_label_and_the_file_is_kept(
    run: Run, letter: Path, args: list[str], message: str
) -> None:
    before = letter.read_bytes()
    result = run("receipt", "u1", *args, "-f", letter, "--today", "2025-08-28")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert letter.read_bytes() == before


@pytest.mark.parametrize(
    ("lang", "value", "message"),
    [
        ("zh", "9月40日", "（第 1 行）：活动时间：没有 “9月40日” 这一天。文件未修改。"),
        ("zh", "2025-02-30", "（第 1 行）：活动时间：没有 “2025-02-30” 这一天。"),
        ("zh", "2025-13-07", "（第 1 行）：活动时间：没有 “2025-13-07” 这一天。"),
        ("zh", "下周", "（第 1 行）：活动时间 “下周” 不是日期，请写成 2024-09-10"),
        ("zh", "3月5日", "（第 1 行）：活动时间 “3月5日” 不是活动期间的日期。"),
        ("en", "9月40日", " (row 1): 活动时间 “9月40日” is not a day of the calendar. The file was not changed."),
        ("en", "下周", " (row 1): 活动时间 “下周” is not a date; write 2024-09-10"),
        ("en", "3月5日", " (row 1): 活动时间 “3月5日” is not a date within the campaign."),
    ],
)
def test_a_date_value_says_whether_the_day_does_not_exist_is_not_a_date_or_is_outside(
    run: Run, letter: Path, lang: str, value: str, message: str
) -> None:
    """G12: 9月40日 is "no such day", as `--today 2024-02-30` says, not "outside the campaign"."""
    before = letter.read_bytes()
    args = ("--form", "activities", "--row", f"活动名称=甲|活动时间={value}", "--lang", lang)
    result = run("receipt", "u1", *args, "-f", letter, "--today", "2025-08-28")
    assert result.exit_code == 2, result.output
    assert "本单位“质量月”活动安排反馈表" + message in result.stderr
    assert letter.read_bytes() == before


def test_rows_from_the_sheet_the_unit_sent_back_csv_and_xlsx(run: Run, letter: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "反馈表.csv"
    # as Excel in China saves it: GB18030, a title row, a 序号 column the form does not have
    sheet.write_bytes(
        "本单位“质量月”活动安排反馈表,,,\n序号,活动名称,内容简介,活动时间\n1,质量宣传周,悬挂标语,2025/9/5\n,,,\n2,质量大讲堂,,9月12日\n".encode(
            "gb18030"
        )
    )
    result = run("receipt", "u2", "--form", "activities", "--from", sheet, "-f", letter, "--today", "2025-08-30")
    assert result.exit_code == 0, result.output
    assert names(letter, "u2") == ["质量宣传周", "质量大讲堂"]

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["活动名称", "内容简介", "活动时间"])
    ws.append(["样板观摩", "组织观摩", None])
    ws.append(["群众咨询日", None, None])
    ws.append(["送服务下基层", "x" * 501, None])
    xlsx = tmp_path / "反馈表.xlsx"
    book.save(xlsx)
    before = letter.read_bytes()
    too_long = run("receipt", "u1", "--form", "activities", "--from", xlsx, "-f", letter, "--today", "2025-08-30")
    assert too_long.exit_code == 2 and "（第 3 行）：内容简介 超过 500 字" in too_long.stderr
    assert letter.read_bytes() == before
    ws.delete_rows(4)
    book.save(xlsx)
    ok = run("receipt", "u1", "--form", "activities", "--from", xlsx, "-f", letter, "--today", "2025-08-30")
    assert ok.exit_code == 0, ok.output
    assert names(letter, "u1") == ["样板观摩", "群众咨询日"]
    missing = run("receipt", "u1", "--form", "activities", "--from", tmp_path / "none.xlsx", "-f", letter)
    assert missing.exit_code == 2 and "无法读取" in missing.stderr


def test_check_reports_bad_form_values_written_by_hand_with_their_line(run: Run, letter: Path) -> None:
    text = mutate(
        letter, 'kind = "county"\n', 'kind = "county"\n\n[units.u1.forms.activities]\nname = ["甲", "乙"]\nsummary = ["一"]\n'
    )
    letter.write_text(text.replace("[units.u1.liaison]", ""), encoding="utf-8")
    result = run("check", "-f", letter)
    assert result.exit_code == 1
    line = text.splitlines().index("[units.u1.forms.activities]") + 1
    assert f"campaign.toml:{line}: units.u1.forms.activities" in result.stderr and "长度相同" in result.stderr
    mutate(
        letter,
        '\n[units.u1.forms.activities]\nname = ["甲", "乙"]\nsummary = ["一"]\n',
        '\n[units.u1.liaison]\nname = "张三"\nmobile = "12345"\n',
    )
    result = run("check", "-f", letter)
    assert result.exit_code == 1 and "units.u1.liaison.mobile" in result.stderr and "手机" in result.stderr


def test_the_shipped_campaign_declares_the_liaison_receipt_and_old_options_still_work(run: Run, shipped: Path) -> None:
    from qmonth.core.store import load

    form = load(shipped).campaign.forms["liaison"]
    assert [f.label for f in form.fields] == ["姓名", "性别", "工作单位", "职务", "固定电话", "手机"]
    assert (form.task, form.liaison) == ("receipt", True)
    by_set = run("receipt", "赤坎", "--set", "姓名=林晓燕", "--set", "手机=13802715638", "-f", shipped, "--today", "2024-09-09")
    assert by_set.exit_code == 0, by_set.output
    by_option = run("receipt", "霞山", "--name", "陈志坚", "--mobile", "13827549016", "-f", shipped, "--today", "2024-09-09")
    assert by_option.exit_code == 0, by_option.output
    refused = run("receipt", "坡头", "--name", "王五", "--mobile", "1234", "-f", shipped, "--today", "2024-09-09")
    assert refused.exit_code == 2 and "手机 “1234” 不是手机号码" in refused.stderr
    bad_gender = run("receipt", "坡头", "--name", "王五", "--gender", "M", "-f", shipped, "--today", "2024-09-09")
    assert bad_gender.exit_code == 2 and "男、女" in bad_gender.stderr
    out = run("remind", "-f", shipped, "--today", "2024-09-27").stdout
    assert "联络员：林晓燕 13802715638" in out and "联络员：陈志坚 13827549016" in out
    assert run("check", "-f", shipped).exit_code == 0


def test_a_file_without_forms_keeps_working(run: Run, demo: Path) -> None:
    assert run("check", "-f", demo).exit_code == 0
    data = json.loads(run("status", "-f", demo, "--today", "2024-09-20", "--format", "json").stdout)
    assert all(u["forms"] == {} for u in data["units"])


def test_forms_and_the_new_item_fields_follow_the_published_schema(run: Run, letter: Path) -> None:
    from tests.test_json_contract import assert_valid, validator

    run("receipt", "u1", "--form", "activities", "--row", "活动名称=甲|活动时间=9月5日", "-f", letter, "--today", "2025-08-30")
    data = json.loads(run("status", "-f", letter, "--today", "2025-09-02", "--format", "json").stdout)
    assert_valid(validator("status"), data, "status")
    assert data["units"][0]["forms"]["activities"]["rows"] == [{"name": "甲", "summary": "", "date": "2025-09-05"}]


# ── F1: a campaign without [forms.*] (the demo, every file written before forms) ──────────────


def test_receipt_set_on_a_campaign_without_forms_uses_the_built_in_liaison_form(run: Run, demo: Path) -> None:
    result = run(
        "receipt", "雷州", "--set", "姓名=林晓燕", "--set", "手机=13802715638", "-f", demo, "--today", "2024-09-20"
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "--form" not in result.output
    data = unit_data(demo, "leizhou")
    assert data["liaison"] == {"name": "林晓燕", "mobile": "13802715638"}
    assert str(data["progress"]["receipt"]["done"]) == "2024-09-20"
    # by id and by title too, and the built-in form checks values by kind
    named = run("receipt", "雷州", "--form", "联络员回执", "--set", "职务=股长", "-f", demo, "--today", "2024-09-20")
    assert named.exit_code == 0, named.output
    assert unit_data(demo, "leizhou")["liaison"]["position"] == "股长"
    before = demo.read_bytes()
    bad = run("receipt", "雷州", "--form", "liaison", "--set", "手机=138", "-f", demo, "--today", "2024-09-20")
    assert bad.exit_code == 2 and "手机 “138” 不是手机号码" in bad.stderr
    assert demo.read_bytes() == before


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("zh", ["没有名为 “activities” 的表格", "没有声明任何 [forms.*]", "内置的联络员回执"]),
        ("en", ["No form is called “activities”", "declares no [forms.*]", "built-in liaison receipt"]),
    ],
)
def test_an_unknown_form_on_a_campaign_without_forms_shows_the_toml_to_add(
    run: Run, demo: Path, lang: str, says: list[str]
) -> None:
    before = demo.read_bytes()
    result = run("receipt", "赤坎", "--form", "activities", "--row", "a=b", "-f", demo, "--today", "2024-09-20", "--lang", lang)
    assert result.exit_code == 2, result.output
    for text in says:
        assert text in result.stderr
    assert "\n  [forms.activities]\n" in result.stderr and "rows = true" in result.stderr
    assert "—" not in result.stderr and "Traceback" not in result.output
    assert demo.read_bytes() == before


def test_an_unknown_form_lists_the_declared_forms_and_the_toml(run: Run, letter: Path) -> None:
    result = run("receipt", "u1", "--form", "nosuch", "--set", "a=b", "-f", letter, "--today", "2025-08-28")
    assert result.exit_code == 2
    assert "contact（联系人信息表）" in result.stderr and "[forms.activities]" in result.stderr


# ── F14 / F18: refusals that say what to do ──────────────────────────────────────────────────


def test_sheet_and_field_refusals_say_what_the_file_should_be(run: Run, shipped: Path, tmp_path: Path) -> None:
    before = shipped.read_bytes()

    def refused(*args: str | Path, lang: str = "zh") -> str:
        result = run("receipt", "雷州", *args, "-f", shipped, "--today", "2024-09-20", "--lang", lang)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and shipped.read_bytes() == before
        return result.stderr

    bad_xlsx = tmp_path / "bad.xlsx"
    bad_xlsx.write_text("garbage\n", encoding="utf-8")
    assert "不是有效的 Excel 工作簿（.xlsx）" in refused("--from", bad_xlsx) and "BadZipFile" not in refused("--from", bad_xlsx)
    assert "is not a valid Excel workbook (.xlsx)" in refused("--from", bad_xlsx, lang="en")
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_bytes(b"\xff\xfe\x00garbage")
    assert "应为 UTF-8 或 GB18030（GBK）编码" in refused("--from", bad_csv)
    assert "it should be UTF-8 or GB18030" in refused("--from", bad_csv, lang="en")
    header_only = tmp_path / "h.csv"
    header_only.write_text("姓名,手机\n", encoding="utf-8")
    assert "只有表头，没有数据行" in refused("--from", header_only)
    assert "has a header row but no data rows" in refused("--from", header_only, lang="en")
    two = tmp_path / "two.csv"
    two.write_text("姓名,手机\n甲,13802715638\n乙,13802715638\n", encoding="utf-8")
    assert "请只保留一行" in refused("--from", two)
    # the landline rule is said; several problems at once
    both = refused("--set", "性别=不明", "--set", "固定电话=0759-1234567")
    assert "有 2 处问题" in both and "性别 “不明” 不在可选项内" in both
    assert "号码不能以 0 或 1 开头" in both
    en = refused("--set", "性别=不明", "--set", "固定电话=0759-1234567", lang="en")
    assert "2 problems" in en and "digits that do not start with 0 or 1" in en


def test_a_returned_form_says_what_it_recorded_and_a_correction_keeps_the_rest(run: Run, letter: Path) -> None:
    first = run(
        "receipt", "一区", "--form", "contact", "--set", "姓名=林晓燕", "--set", "手机=13802715638",
        "--on", "2025-08-27", "--today", "2025-08-28", "-f", letter,
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    # the liaison form is said as a receipt, whichever options filled it
    assert first.stdout == "已记录回执：一区 · 联络员 林晓燕\n已记录：一区 · 报送联系人信息表 · 完成于 2025-08-27\n"
    # a new mobile only: the required name is already on file, and the done date stays
    fix = run(
        "receipt", "一区", "--form", "contact", "--set", "手机=13902715638", "--today", "2025-08-29", "--lang", "en", "-f", letter
    )
    assert fix.exit_code == 0, fix.output
    assert fix.stdout == (
        "Recorded the receipt: 一区 · liaison 林晓燕\n一区 · 报送联系人信息表 · done on 2025-08-27 already (date unchanged)\n"
    )
    assert unit_data(letter, "u1")["liaison"] == {"name": "林晓燕", "mobile": "13902715638"}
    rows = run(
        "receipt", "一区", "--form", "activities", "--row", "活动名称=质量宣传周", "--row", "活动名称=质量大讲堂",
        "--on", "2025-08-30", "--today", "2025-09-01", "-f", letter,
    )  # fmt: skip
    assert rows.exit_code == 0, rows.output
    assert rows.stdout.splitlines()[0] == "已记录：一区 · 本单位“质量月”活动安排反馈表（2 行）"
    assert str(unit_data(letter, "u1")["progress"]["activity-plan"]["done"]) == "2025-08-30"


def test_a_date_on_the_liaison_form_is_kept_as_text_in_the_liaison(run: Run, letter: Path) -> None:
    mutate(letter, '{ id = "position", label = "职务", kind = "text" }', '{ id = "position", label = "任职日期", kind = "date" }')
    assert run("check", "-f", letter).exit_code == 0
    result = run(
        "receipt", "一区", "--form", "contact", "--set", "姓名=林晓燕", "--set", "手机=13802715638",
        "--set", "任职日期=8月26日", "--today", "2025-08-28", "-f", letter,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert unit_data(letter, "u1")["liaison"]["position"] == "2025-08-26"  # text, as every liaison field


def test_a_form_returned_on_a_day_to_come_or_before_the_campaign_is_refused(run: Run, letter: Path) -> None:
    before = letter.read_bytes()
    fields = ("--form", "contact", "--set", "姓名=林晓燕", "--set", "手机=13802715638", "--today", "2025-08-28", "-f", letter)
    later = run("receipt", "一区", *fields, "--on", "2025-08-29")
    assert later.exit_code == 2
    assert later.stderr == "--on 2025-08-29 在今天（2025-08-28）之后：只能记录已经完成的事项。\n"
    earlier = run("receipt", "一区", *fields, "--on", "2025-08-24", "--lang", "en")
    assert earlier.exit_code == 2
    assert earlier.stderr == "--on 2025-08-24 is before the campaign began (2025-08-25); check the date.\n"
    assert letter.read_bytes() == before


def test_rows_given_are_added_after_those_recorded_and_a_sheet_replaces_them(run: Run, letter: Path, tmp_path: Path) -> None:
    """G3: a late activity added with --row keeps the rows already recorded; a sheet is the unit's
    whole list and replaces them, saying how many went."""
    args = ("--today", "2025-09-01", "-f", letter)
    first = run("receipt", "一区", "--form", "activities", "--row", "活动名称=质量宣传周|活动时间=8月28日", *args)
    assert first.stdout.splitlines()[0] == "已记录：一区 · 本单位“质量月”活动安排反馈表（1 行）"
    more = run("receipt", "一区", "--form", "activities", "--row", "活动名称=质量大讲堂", "--row", "活动名称=观摩", *args)
    assert more.exit_code == 0, more.output
    assert more.stdout.splitlines()[0] == "已记录：一区 · 本单位“质量月”活动安排反馈表（新增 2 行，共 3 行）"
    activities = unit_data(letter, "u1")["forms"]["activities"]
    assert names(letter, "u1") == ["质量宣传周", "质量大讲堂", "观摩"]
    assert [str(row.get("date", "")) for row in activities] == ["2025-08-28", "", ""]
    sheet = tmp_path / "一区.csv"
    sheet.write_text("活动名称,活动时间\n质量月启动会,2025-09-01\n", encoding="utf-8")
    replaced = run("receipt", "一区", "--form", "activities", "--from", sheet, "--lang", "en", *args)
    assert replaced.exit_code == 0, replaced.output
    first_line = replaced.stdout.splitlines()[0]
    assert first_line == "Recorded: 一区 · 本单位“质量月”活动安排反馈表 (1 row, replacing the 3 rows recorded)"
    assert names(letter, "u1") == ["质量月启动会"]


SUMMARY = """
[tasks.summary]
theme = "reply"
title = "报送活动总结"
deadline = "9月20日"
applies_to = ["county"]

[forms.summary]
title = "活动总结表"
task = "summary"
fields = [
  { id = "count", label = "开展次数", kind = "text", required = true },
  { id = "remark", label = "备注", kind = "text" },
]
"""


def test_a_one_row_form_is_kept_under_the_unit_and_a_correction_merges(run: Run, letter: Path) -> None:
    """A one-row form other than the liaison's: stored under [units.ID.forms.FORM], said without a
    row count; a later --set corrects one field and keeps the others."""
    letter.write_text(letter.read_text(encoding="utf-8") + SUMMARY, encoding="utf-8")
    args = ("--today", "2025-09-15", "-f", letter)
    first = run("receipt", "二区", "--form", "活动总结表", "--set", "开展次数=3", "--on", "2025-09-12", *args)
    assert first.exit_code == 0, first.output
    assert first.stdout == "已记录：二区 · 活动总结表\n已记录：二区 · 报送活动总结 · 完成于 2025-09-12\n"
    fix = run("receipt", "二区", "--form", "summary", "--set", "备注=含线上活动 1 次", "--lang", "en", *args)
    assert fix.exit_code == 0, fix.output
    assert fix.stdout.splitlines()[0] == "Recorded: 二区 · 活动总结表"
    data = unit_data(letter, "u2")
    assert data["forms"]["summary"] == {"count": "3", "remark": "含线上活动 1 次"}
    assert str(data["progress"]["summary"]["done"]) == "2025-09-12"
    before = letter.read_bytes()
    cleared = run("receipt", "二区", "--form", "summary", "--set", "开展次数=", *args)
    assert cleared.exit_code == 2 and "必须填写 开展次数" in cleared.stderr
    assert letter.read_bytes() == before
