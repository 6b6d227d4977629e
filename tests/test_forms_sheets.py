"""Reply forms, function by function (qmonth/core/forms.py): reading a returned sheet (CSV in UTF-8
or GB18030, xlsx), finding its header and who filled it, and the refusals with the file they name.
In-process, so that mutation testing reaches every branch; the commands are in test_forms.py,
test_form_rows.py, test_sheet_filler.py and test_intake.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmonth.core import forms
from qmonth.core.errors import UsageError
from qmonth.core.model import Form, FormField

FORM = Form(
    title="活动安排反馈表",
    title_en="Activities",
    task="t",
    rows=True,
    fields=[
        FormField(id="name", label="活动名称", label_en="Activity"),
        FormField(id="summary", label="内容简介"),
        FormField(id="date", label="活动时间", label_en="Date", kind="date"),
    ],
)


def refused(call, *args: object) -> UsageError:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as caught:
        call(*args)
    return caught.value


# ── reading the file ──────────────────────────────────────────────────────────


def test_a_csv_in_utf8_with_a_bom_or_in_gb18030(tmp_path: Path) -> None:
    for name, data in (
        ("a.csv", "\ufeff活动名称,内容简介\n质量周,标语\n".encode()),
        ("b.CSV", "活动名称,内容简介\n质量周,标语\n".encode("gb18030")),
        ("c.txt", "活动名称,内容简介\n质量周,标语\n".encode()),
        ("d.TXT", "活动名称,内容简介\n质量周,标语\n".encode("gb18030")),
    ):
        sheet = tmp_path / name
        sheet.write_bytes(data)
        assert forms.read_sheet(sheet) == (["活动名称", "内容简介"], [["质量周", "标语"]])


def test_a_sheet_that_is_missing_or_of_another_format_is_refused_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "none.csv"
    err = refused(forms.read_sheet, missing)
    assert err.code == "sheet_unreadable"
    assert err.params == {"path": missing, "reason": ("文件不存在，请检查路径", "no such file (check the path)")}
    assert refused(forms.read_sheet, tmp_path).code == "sheet_unreadable"  # a folder
    doc = tmp_path / "回执.docx"
    doc.write_bytes(b"PK")
    err = refused(forms.read_sheet, doc)
    assert (err.code, err.params) == ("sheet_format", {"path": doc})


def test_a_csv_that_is_no_text_is_refused_naming_it(tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(b"\xff\xfe\x00garbage")
    err = refused(forms.read_sheet, sheet)
    assert (err.code, err.params) == ("sheet_not_text", {"path": sheet})


def test_blank_rows_are_skipped_the_first_is_the_header(tmp_path: Path) -> None:
    sheet = tmp_path / "a.csv"
    sheet.write_text(",,\n , \n活动名称,内容简介\n,,\n质量周,\n", encoding="utf-8")
    assert forms.read_sheet(sheet) == (["活动名称", "内容简介"], [["质量周", ""]])
    sheet.write_text(",,\n , \n", encoding="utf-8")
    err = refused(forms.read_sheet, sheet)
    assert (err.code, err.params) == ("sheet_empty", {"path": sheet})


def test_a_sheet_of_more_than_a_thousand_rows_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms, "MAX_SHEET_ROWS", 3)
    sheet = tmp_path / "a.csv"
    sheet.write_text("活动名称\n1\n2\n3\n", encoding="utf-8")  # the header and 3 rows: fine
    assert forms.read_sheet(sheet)[1] == [["1"], ["2"], ["3"]]
    sheet.write_text("活动名称\n1\n2\n3\n4\n", encoding="utf-8")
    err = refused(forms.read_sheet, sheet)
    assert (err.code, err.params) == ("sheet_too_long", {"path": sheet, "limit": 3})


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".XLSM"])
def test_an_xlsx_is_read_as_text(tmp_path: Path, suffix: str) -> None:
    sheet = _xlsx(
        tmp_path / f"a{suffix}",
        [
            ["活动名称", "活动时间", "电话", "份数", "说明"],
            ["质量周", dt.datetime(2025, 9, 5), 13802715638.0, 2.5, None],
            ["大讲堂", dt.datetime(2025, 9, 12, 14, 30, 15), 7, True, "x"],
            ["咨询日", dt.date(2025, 9, 13), None, None, None],
        ],
    )
    header, rows = forms.read_sheet(sheet)
    assert header == ["活动名称", "活动时间", "电话", "份数", "说明"]
    assert rows == [
        ["质量周", "2025-09-05", "13802715638", "2.5", ""],
        ["大讲堂", "2025-09-12 14:30", "7", "True", "x"],
        ["咨询日", "2025-09-13", "", "", ""],
    ]


def test_an_xlsx_with_a_formula_is_read_as_its_value(tmp_path: Path) -> None:
    sheet = _xlsx(tmp_path / "a.xlsx", [["活动名称", "份数"], ["质量周", "=1+1"]])
    assert forms.read_sheet(sheet)[1] == [["质量周", ""]]  # never the formula's text (no cached value: empty)


def test_an_xlsx_is_read_to_a_bounded_number_of_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms, "MAX_SHEET_ROWS", 3)
    sheet = _xlsx(tmp_path / "a.xlsx", [["活动名称"]] + [[str(n)] for n in range(1, 24)])  # the header and 23 rows
    err = refused(forms.read_sheet, sheet)
    assert (err.code, err.params) == ("sheet_too_long", {"path": sheet, "limit": 3})
    read: list[int] = []
    real = forms._split
    monkeypatch.setattr(forms, "_split", lambda table, path: read.append(len(table)) or real(table, path))
    refused(forms.read_sheet, sheet)
    assert read == [24]  # rows 0 .. MAX_SHEET_ROWS + 20, then it stops reading
    sheet = _xlsx(tmp_path / "b.xlsx", [["活动名称"]] + [[str(n)] for n in range(1, 30)])
    refused(forms.read_sheet, sheet)
    assert read[-1] == 24


def test_a_file_that_is_no_xlsx_is_refused_naming_it(tmp_path: Path) -> None:
    sheet = tmp_path / "a.xlsx"
    sheet.write_text("garbage\n", encoding="utf-8")
    err = refused(forms.read_sheet, sheet)
    assert (err.code, err.params) == ("sheet_not_xlsx", {"path": sheet})
    empty = _xlsx(tmp_path / "empty.xlsx", [])
    err = refused(forms.read_sheet, empty)
    assert (err.code, err.params) == ("sheet_empty", {"path": empty})


def test_without_openpyxl_an_xlsx_is_refused_saying_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    sheet = _xlsx(tmp_path / "a.xlsx", [["活动名称"], ["x"]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    err = refused(forms.read_sheet, sheet)
    assert (err.code, err.params) == ("sheet_unreadable", {"path": sheet, "reason": "openpyxl is not installed"})


# ── the rows of a sheet ───────────────────────────────────────────────────────


def test_rows_from_a_sheet_by_label_id_or_english_label() -> None:
    header = ["序号", "", "Activity", "summary", " 活动时间 ", "备注"]
    rows = [["1", "x", " 质量周 ", "标语", "9月5日", "略"], ["", "", "", "", "", "有备注的空行"], ["2", "", "大讲堂"]]
    assert forms.rows_from_sheet(FORM, header, rows, "a.csv") == [
        {"name": "质量周", "summary": "标语", "date": "9月5日"},
        {"name": "大讲堂", "summary": "", "date": ""},
    ]


def test_a_header_naming_no_field_or_no_rows_is_refused_naming_the_file() -> None:
    err = refused(forms.rows_from_sheet, FORM, ["序号", "备注", "Name"], [["1", "x", "y"]], "a.csv")
    assert (err.code, err.params) == ("sheet_no_fields", {"path": "a.csv", "labels": "活动名称、内容简介、活动时间"})
    err = refused(forms.rows_from_sheet, FORM, ["活动名称"], [[""], [" "]], "b.csv")
    assert (err.code, err.params) == ("sheet_no_rows", {"path": "b.csv"})
    unlabelled = Form(title="表", task="t", fields=[FormField(id="name", label="姓名")])
    assert refused(forms.rows_from_sheet, unlabelled, ["x"], [["1"]], "c.csv").code == "sheet_no_fields"


def test_title_rows_above_the_header_are_skipped_up_to_five() -> None:
    title = ["本单位活动安排反馈表", "", ""]
    header = ["活动名称", "内容简介", "活动时间"]
    assert forms.header_row(FORM, title, [header, ["a", "b", "c"]]) == (header, [["a", "b", "c"]])
    assert forms.header_row(FORM, title, [title, title, title, header, ["a"]]) == (header, [["a"]])
    assert forms.header_row(FORM, title, [title, title, title, title, header, ["a"]]) == (
        title,
        [title, title, title, title, header, ["a"]],
    )
    assert forms.header_row(FORM, ["name"], [["a"]]) == (["name"], [["a"]])  # an id names the field too


# ── who filled it ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ([["填报单位：廉江市住房和城乡建设局（盖章）", ""], ["活动名称"]], "廉江市住房和城乡建设局"),
        ([["填报单位(盖章):  雷州市住建局    填报日期：9月5日"], ["活动名称"]], "雷州市住建局"),
        ([["填报单位： 吴川市住建局 填报人：张三"]], "吴川市住建局"),
        ([["填报单位：：赤坎区：  "]], "赤坎区"),
        ([["填报单位", "", " 霞山区 "], ["活动名称"]], "霞山区"),
        ([["填报单位", "活动名称"], ["坡头区", "质量周"]], "坡头区"),  # a column: the next cell is a field
        ([["序号", "填报单位", "活动名称"], ["1", "", "x"], ["2", " 麻章区 ", "y"]], "麻章区"),
        ([["填报单位"], ["", "2"], []], None),
        ([["活动名称", "x"], ["填报人", "张三"]], None),
        ([["填报单位"]], None),
        ([["单位", "填报单位"], ["x"]], None),  # the column below is shorter: nothing said
    ],
)
def test_the_filler_is_read_as_the_sheet_says_it(table: list[list[str]], said: str | None) -> None:
    assert forms.filler(table[0], table[1:], ["活动名称", "内容简介"]) == said


def test_the_filler_is_the_first_one_said() -> None:
    table = [["备注", "填报单位"], ["x", "遂溪县"], ["填报单位：徐闻县", ""]]
    assert forms.filler(table[0], table[1:]) == "遂溪县"
    table = [["活动名称", "填报单位"], ["质量周", ""], ["填报单位：徐闻县"]]  # the first says nobody: the next
    assert forms.filler(table[0], table[1:], ["活动名称"]) == "徐闻县"


def test_a_bare_name_keeps_single_spaces_and_strips_colons() -> None:
    assert forms._bare_name(" 经开区 管委会 （盖章）") == "经开区 管委会"
    assert forms._bare_name("：奋勇高新区:\t") == "奋勇高新区"
    assert forms._bare_name("X市（盖章）X") == "X市"


# ── naming forms and fields ───────────────────────────────────────────────────


def _letter() -> object:
    from qmonth.core import store
    from tests.test_forms import LETTER

    return store.load_text(LETTER, Path("campaign.toml")).campaign


def test_a_form_by_id_title_or_unique_part_of_its_title() -> None:
    c = _letter()
    assert forms.resolve_form(c, " contact ") == "contact"  # type: ignore[arg-type]
    assert forms.resolve_form(c, "联系人信息表") == "contact"  # type: ignore[arg-type]
    assert forms.resolve_form(c, "活动安排") == "activities"  # type: ignore[arg-type]
    err = refused(forms.resolve_form, c, "表")
    assert (err.code, err.params) == ("ambiguous_form", {"text": "表", "known": "contact, activities"})
    known = "contact（联系人信息表）, activities（本单位“质量月”活动安排反馈表）"
    err = refused(forms.resolve_form, c, " 回执 ")
    assert (err.code, err.params) == ("unknown_form", {"text": "回执", "known": known})
    err = refused(forms.resolve_form, c, "回执", ["contact"])
    assert (err.code, err.params) == ("unknown_form", {"text": "回执", "known": known})
    err = refused(forms.resolve_form, c, "回执", [])
    assert (err.code, err.params) == ("unknown_form_none_declared", {"text": "回执", "known": known})


def test_a_form_by_its_english_title_and_none_known() -> None:
    c = _letter()
    english = c.model_copy(
        update={"forms": {**c.forms, "contact": c.forms["contact"].model_copy(update={"title_en": "Contacts"})}}
    )  # type: ignore[attr-defined]
    assert forms.resolve_form(english, "Contacts") == "contact"
    empty = c.model_copy(update={"forms": {}})  # type: ignore[attr-defined]
    assert refused(forms.resolve_form, empty, "x").params["known"] == "—"


def test_the_built_in_liaison_form() -> None:
    form = forms.builtin_liaison("receipt")
    assert (form.title, form.title_en, form.task, form.liaison, form.rows) == (
        "联络员回执",
        "Liaison receipt",
        "receipt",
        True,
        False,
    )
    assert [(f.id, f.label, f.label_en, f.kind, f.options) for f in form.fields] == [
        ("name", "姓名", "Name", "text", []),
        ("gender", "性别", "Gender", "choice", ["男", "女"]),
        ("workplace", "工作单位", "Workplace", "text", []),
        ("position", "职务", "Position", "text", []),
        ("phone", "固定电话", "Landline", "landline", []),
        ("mobile", "手机", "Mobile", "mobile", []),
    ]
    assert not any(f.required for f in form.fields) and all(f.max is None for f in form.fields)


def test_the_built_in_liaison_is_added_only_when_none_is_declared() -> None:
    from qmonth.core import store

    from .conftest import DEMO

    letter = _letter()
    assert forms.with_builtin_liaison(letter) is letter  # type: ignore[arg-type]
    assert forms.liaison_form(letter) == "contact"  # type: ignore[arg-type]
    demo = store.load(DEMO).campaign
    assert forms.liaison_form(demo) is None
    added = forms.with_builtin_liaison(demo)
    assert list(added.forms) == [*demo.forms, "liaison"] and added.forms["liaison"] == forms.builtin_liaison(
        demo.campaign.receipt_task
    )
    assert forms.liaison_form(added) == "liaison"
    no_receipt = demo.model_copy(update={"tasks": {k: v for k, v in demo.tasks.items() if k != demo.campaign.receipt_task}})
    assert forms.with_builtin_liaison(no_receipt) is no_receipt
    taken = demo.model_copy(update={"forms": {**demo.forms, "liaison": letter.forms["activities"]}})  # type: ignore[attr-defined]
    assert forms.with_builtin_liaison(taken) is taken


def test_a_field_by_id_label_or_english_label() -> None:
    assert forms.resolve_field(FORM, " name ").id == "name"
    assert forms.resolve_field(FORM, "内容简介").id == "summary"
    assert forms.resolve_field(FORM, "Date").id == "date"
    err = refused(forms.resolve_field, FORM, "Summary")  # no English label: not a name of it
    assert (err.code, err.params) == (
        "unknown_field",
        {"form": "活动安排反馈表", "text": "Summary", "known": "活动名称（name）、内容简介（summary）、活动时间（date）"},
    )
    assert refused(forms.resolve_field, FORM, "").code == "unknown_field"


def test_assignments_and_rows() -> None:
    assert forms.split_assignment(" 活动名称 = 质量周 = 第一 ") == ("活动名称", "质量周 = 第一")
    assert forms.split_assignment("活动名称＝质量周") == ("活动名称", "质量周")
    assert forms.split_assignment("a=b＝c") == ("a", "b＝c")
    err = refused(forms.split_assignment, "活动名称:质量周")
    assert (err.code, err.params) == ("bad_assignment", {"text": "活动名称:质量周"})
    assert forms.assignments(FORM, ["Activity=质量周", "活动时间=9月5日", "name=大讲堂"]) == {"name": "大讲堂", "date": "9月5日"}
    assert forms.parse_row(FORM, "活动名称=质量周| |内容简介=标语|") == {"name": "质量周", "summary": "标语"}


# ── values checked and typed ──────────────────────────────────────────────────


def test_a_value_checked_as_receipt_set_checks_it() -> None:
    c = _letter()
    activities, contact = c.forms["activities"], c.forms["contact"]  # type: ignore[attr-defined]
    date, mobile = activities.fields[2], contact.fields[2]
    assert forms.checked_value(c, activities, date, "9月5日") == dt.date(2025, 9, 5)  # type: ignore[arg-type]
    assert forms.checked_value(c, activities, date, "  ") == "  "  # type: ignore[arg-type]
    assert forms.checked_value(c, contact, mobile, "13802715638") == "13802715638"  # type: ignore[arg-type]
    err = refused(forms.checked_value, c, contact, mobile, "1380")
    assert err.code == "form_field_mobile"
    assert err.params == {
        "form": "联系人信息表",
        "label": "手机",
        "value": "1380",
        "max": 0,
        "options": "",
        "where": ("", ""),
        "found": "",
    }
    err = refused(forms.checked_value, c, activities, date, "9月40日")
    assert err.code == "form_field_no_such_day" and err.params["where"] == ("", "")
    err = refused(forms.checked_value, c, activities, activities.fields[0], "x" * 51)
    assert err.code == "form_field_too_long" and err.params["max"] == 50


def test_a_date_that_does_not_parse_says_why() -> None:
    c = _letter()
    activities = c.forms["activities"]  # type: ignore[attr-defined]
    date = activities.fields[2]
    for value, code in (
        ("2025-02-30", "form_field_no_such_day"),
        ("下周", "form_field_not_a_date"),
        ("3月5日", "form_field_date"),
    ):
        err = refused(forms._typed, c, activities, date, value, 2)
        assert err.code == code and err.params["where"] == ("（第 2 行）", " (row 2)")
    choice = FormField(id="g", label="性别", kind="choice", options=["男", "女"])
    err = refused(forms._typed, c, activities, choice, "不明", None)
    assert err.code == "form_field_choice" and err.params["options"] == "男、女"


def test_a_one_row_form_merges_with_what_was_recorded() -> None:
    c = _letter()
    assert forms.values_for_file(c, "contact", [{"mobile": "13802715638", "position": " "}], [{"name": "张三"}]) == {  # type: ignore[arg-type]
        "mobile": "13802715638",
        "position": None,  # emptied: removed from the file
    }
    err = refused(forms.values_for_file, c, "contact", [{"position": "科长", "mobile": "13802715638"}])
    assert err.code == "form_field_required"
    assert err.params == {"form": "联系人信息表", "label": "姓名", "where": ("", "")}
    err = refused(forms.values_for_file, c, "contact", [{"name": "a"}, {"name": "b"}])
    assert (err.code, err.params) == ("form_one_row", {"form": "联系人信息表", "count": 2})
    err = refused(forms.values_for_file, c, "contact", [])
    assert (err.code, err.params) == ("form_needs_values", {"form": "联系人信息表"})
    err = refused(forms.values_for_file, c, "activities", [])
    assert err.code == "form_needs_values"


def test_a_multi_row_form_is_one_table_per_row_in_field_order() -> None:
    c = _letter()
    rows = [{"date": "9月5日", "name": "质量周", "summary": " "}, {"name": "大讲堂"}]
    assert forms.values_for_file(c, "activities", rows) == {  # type: ignore[arg-type]
        "rows": [{"name": "质量周", "date": dt.date(2025, 9, 5)}, {"name": "大讲堂"}]
    }
    assert list(forms.rows_for_file(c, "activities", rows)[0]) == ["name", "date"]  # type: ignore[arg-type]


def test_every_problem_of_every_row_is_said_at_once() -> None:
    c = _letter()
    err = refused(forms.rows_for_file, c, "activities", [{"summary": "x"}, {"name": "y" * 51, "date": "下周"}])
    assert err.code == "form_problems" and err.params["form"] == "本单位“质量月”活动安排反馈表" and err.params["count"] == 3
    zh, en = err.params["list"]  # type: ignore[misc]
    assert zh.startswith(
        "（第 1 行）：必须填写 活动名称；（第 2 行）：活动名称 超过 50 字，请精简；（第 2 行）：活动时间 “下周” 不是日期，请写成 "
    )
    assert zh.endswith("）。") and "文件未修改" not in zh and "反馈表" not in zh
    assert en.startswith(
        "(row 1): 活动名称 is required. (row 2): 活动名称 is longer than 50 characters; shorten it."
        " (row 2): 活动时间 “下周” is not a date; write "
    )
    assert "The file was not changed" not in en and "反馈表" not in en
    one = refused(forms.rows_for_file, c, "activities", [{"summary": "x"}])
    assert one.code == "form_field_required" and one.params["where"] == ("（第 1 行）", " (row 1)")
    err = refused(forms.values_for_file, c, "contact", [{"mobile": "1", "email": "x"}])
    assert err.code == "form_problems" and err.params["count"] == 3
    assert err.params["list"] == (
        "必须填写 姓名；手机 “1” 不是手机号码（应为 11 位数字，如 13802715638）；"
        "电子邮箱 “x” 不是电子邮箱地址（如 name@example.com）。",
        "姓名 is required. 手机 “1” is not a mobile number (11 digits, e.g. 13802715638)."
        " 电子邮箱 “x” is not an e-mail address (e.g. name@example.com).",
    )


def test_a_cell_as_text() -> None:
    assert forms._cell(None) == ""
    assert forms._cell(13802715638.0) == "13802715638"  # Excel keeps a long number as 1.3802715638E10
    assert forms._cell(2.5) == "2.5" and forms._cell(7) == "7" and forms._cell("x") == "x"
    assert forms._cell(dt.datetime(2025, 9, 5)) == "2025-09-05"
    assert forms._cell(dt.datetime(2025, 9, 5, 8, 30, 59)) == "2025-09-05 08:30"
    assert forms._cell(dt.date(2025, 9, 5)) == "2025-09-05"


def test_a_month_day_read_in_two_years_says_which() -> None:
    from qmonth.core import store
    from tests.test_forms import LETTER

    c = store.load_text(
        LETTER.replace("end = 2025-09-30", "end = 2026-09-30")
        .replace('"8月29日"', "2025-08-29")
        .replace('"9月1日"', "2025-09-01"),
        Path("campaign.toml"),
    ).campaign
    activities = c.forms["activities"]
    err = refused(forms.checked_value, c, activities, activities.fields[2], "9月5日")
    assert err.code == "form_field_date_ambiguous"
    assert "2025-09-05" in str(err.params["found"]) and "2026-09-05" in str(err.params["found"])


def test_a_list_of_problems_ends_each_chinese_one_without_its_full_stop_only() -> None:
    c = _letter()
    form = Form(
        title="联系表",
        task="contact",
        fields=[FormField(id="fax", label="传真 FAX", required=True), FormField(id="mobile", label="手机", kind="mobile")],
    )
    c = c.model_copy(update={"forms": {**c.forms, "fax": form}})  # type: ignore[attr-defined]
    err = refused(forms.values_for_file, c, "fax", [{"mobile": "1"}])
    assert err.params["list"][0] == "必须填写 传真 FAX；手机 “1” 不是手机号码（应为 11 位数字，如 13802715638）。"  # type: ignore[index]
