"""qmonth export xlsx: the 台账 workbook, read back with openpyxl (a different library than wrote it)."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from qmonth.outputs.xlsx import text_width
from tests.conftest import DEMO, Run, mutate

RECEIPT_COLUMNS = ["单位", "姓名", "性别", "工作单位", "职务", "固定电话", "手机"]


@pytest.fixture(scope="module")
def demo_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from qmonth.cli import app

    out = tmp_path_factory.mktemp("xlsx") / "台账.xlsx"
    result = CliRunner().invoke(app, ["export", "xlsx", "-f", str(DEMO), "--today", "2024-09-20", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"已生成 {out}" in result.stderr
    assert result.stdout == ""
    return out


def test_four_sheets_in_order(demo_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(demo_xlsx)
    assert wb.sheetnames == ["进度总表", "逾期清单", "联络员回执", "汇总"]


def test_receipt_sheet_has_exactly_the_forms_columns_one_row_per_unit(demo_xlsx: Path, run: Run) -> None:
    ws = openpyxl.load_workbook(demo_xlsx)["联络员回执"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))  # under the title rows
    assert list(rows[0]) == RECEIPT_COLUMNS
    status = json.loads(run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "json").stdout)
    assert [r[0] for r in rows[1:]] == [u["name"] for u in status["units"]]
    by_unit = {r[0]: r for r in rows[1:]}
    chikan = by_unit["湛江市赤坎区住房和城乡建设局"]
    assert chikan[1:] == ("林晓燕", "女", "赤坎区住房和城乡建设局质安股", "股长", "0759-3216047", "13802715638")
    # no receipt from 雷州: the row is there, its cells empty
    leizhou = next(r for name, r in by_unit.items() if "雷州" in name)
    assert all(v in (None, "") for v in leizhou[1:])


def test_overdue_sheet_matches_status_json(demo_xlsx: Path, run: Run) -> None:
    status = json.loads(run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "json").stdout)
    late = [i for i in status["items"] if i["state"] == "overdue"]
    ws = openpyxl.load_workbook(demo_xlsx)["逾期清单"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert list(rows[0]) == ["单位", "任务", "截止日期", "逾期天数", "逾期工作日", "联络员", "手机"]  # no 催办 log yet
    assert len(rows) - 1 == len(late) == 3
    for row in rows[1:]:
        assert row[1] == "报送联络员回执"
        assert row[2] == dt.datetime(2024, 9, 10)  # a date, not text
        assert row[3] == 10 and isinstance(row[3], int)
        assert row[4] == 7  # working days: 9/11–9/13, 9/14–15 a weekend, 9/16–17 中秋 (9/14 a make-up day), 9/18–20
        assert row[5] == "未报回执"
    assert ws.auto_filter.ref == "A3:G6"
    assert ws.freeze_panes == "B4"


def test_progress_sheet_dates_waivers_states(demo_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(demo_xlsx)
    ws = wb["进度总表"]
    header = [c.value for c in ws[4]]
    assert header[0] == "单位"
    assert header[-4:] == ["已完成", "应做", "完成率", "状态"]
    units = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert units[:3] == ["赤坎区", "霞山区", "坡头区"]
    col = header.index("报送联络员回执") + 1
    chikan = ws.cell(5, col)
    assert chikan.value == dt.datetime(2024, 9, 9) and chikan.is_date
    assert chikan.number_format == "yyyy-mm-dd"
    assert chikan.fill.fgColor.rgb.endswith("C6EFCE")  # done: green
    leizhou = ws.cell(5 + units.index("雷州市"), col)
    assert leizhou.value is None and leizhou.fill.fgColor.rgb.endswith("FFC7CE")  # overdue: red
    values = [c.value for row in ws.iter_rows(min_row=5, max_row=18) for c in row]
    assert values.count("已免") == 2  # the demo's two waivers
    # themes: a merged header over the theme's tasks
    assert any(str(r) == "B3:E3" for r in ws.merged_cells.ranges)
    assert ws["B3"].value == "（一）广泛开展主题活动宣传"
    # % done: a number formatted as a percentage
    pct = ws.cell(5, len(header) - 1)
    assert isinstance(pct.value, float) and pct.number_format == "0%"
    assert pct.value == pytest.approx(0.84)  # as status: whole percent, rounded down


def test_progress_sheet_layout_and_print_setup(demo_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(demo_xlsx)["进度总表"]
    assert ws.freeze_panes == "B5"
    assert ws.auto_filter.ref.startswith("A4:")
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    # printed at 100 %, never shrunk to one page wide: the columns run onto further pages, split
    # between themes, each page with the header rows and the unit column
    pr = ws.sheet_properties.pageSetUpPr
    assert pr is None or not pr.fitToPage
    assert ws.page_setup.scale in (None, 100)
    assert ws.print_title_rows == "$3:$4" and ws.print_title_cols == "$A:$A"
    assert ws.col_breaks.count >= 1
    # the title rows: the sheet's title, 制表单位 and 制表日期
    assert ws["A1"].value == "2024年全市住房城乡建设系统“质量月”活动进度总表"
    assert ws["A2"].value == "制表单位：湛江市住房和城乡建设局　　制表日期：2024年9月20日"
    # the unit column fits its longest name (Chinese characters count double)
    assert ws.column_dimensions["A"].width >= text_width("奋勇高新区")


def test_summary_sheet_numbers_and_a_native_chart(demo_xlsx: Path, run: Run) -> None:
    status = json.loads(run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "json").stdout)
    ws = openpyxl.load_workbook(demo_xlsx)["汇总"]
    header = [c.value for c in ws[3]]
    assert header == ["单位", "应做", "已完成", "逾期", "临近截止", "未完成", "不适用", "完成率", "按时完成", "状态"]
    rows = list(ws.iter_rows(min_row=4, max_row=3 + len(status["units"]), values_only=True))
    for row, unit in zip(rows, status["units"], strict=True):
        assert row[1] == unit["total"] and row[2] == unit["done"] and row[3] == unit["overdue"]
        assert isinstance(row[1], int)
    total = ws.cell(len(status["units"]) + 4, 1).value
    assert total == "合计"
    assert ws.cell(len(status["units"]) + 4, 4).value == 3  # overdue in all
    with zipfile.ZipFile(demo_xlsx) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts, "no chart part in the workbook"
        assert b"<c:barChart>" in z.read(charts[0])
        assert b"$A$4:$A$17" in z.read(charts[0])  # the units' rows, under the title rows


def test_the_same_data_gives_the_same_file(tmp_path: Path, run: Run) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (a, b):
        assert run("export", "xlsx", "-f", DEMO, "--today", "2024-09-20", "-o", out).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_text_that_looks_like_a_formula_stays_text(demo: Path, tmp_path: Path, run: Run) -> None:
    mutate(demo, 'short = "赤坎区"', 'short = "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    mutate(demo, 'name = "林晓燕"', 'name = "@SUM(1+1)"')
    out = tmp_path / "x.xlsx"
    result = run("export", "xlsx", "-f", demo, "--today", "2024-09-20", "-o", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    cell = wb["进度总表"]["A5"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    assert cell.quotePrefix  # retyped in Excel, it still stays text
    liaison = wb["联络员回执"]["B4"]
    assert liaison.value == "@SUM(1+1)" and liaison.data_type == "s"
    with zipfile.ZipFile(out) as z:
        sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert b"<f>" not in sheets  # no formula anywhere


def test_english_workbook(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "ledger.xlsx"
    assert run("export", "xlsx", "-f", DEMO, "--today", "2024-09-20", "--lang", "en", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Progress", "Overdue", "Liaison receipt", "Summary"]
    assert [c.value for c in wb["Liaison receipt"][3]] == [
        "Unit",
        "Name",
        "Gender",
        "Workplace",
        "Position",
        "Landline",
        "Mobile",
    ]


def test_unwritable_output_is_one_clear_message(tmp_path: Path, run: Run) -> None:
    result = run("export", "xlsx", "-f", DEMO, "-o", tmp_path / "missing" / "x.xlsx")
    assert result.exit_code == 3
    assert "无法写入" in result.stderr and "Traceback" not in result.output
    result = run("export", "xlsx", "-f", DEMO, "-o", tmp_path)  # a folder
    assert result.exit_code == 3
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_text_width_counts_chinese_double() -> None:
    assert text_width("abc") == 3
    assert text_width("赤坎区") == 6
    assert text_width("（一）") == 6


def test_chase_counts_from_the_log(demo: Path, tmp_path: Path, run: Run) -> None:
    """Once qmonth keeps a 催办 log beside the campaign, 逾期清单 says how often each item was chased."""
    for args in (
        ("leizhou", "receipt", "--on", "2024-09-12"),
        ("leizhou", "receipt", "--on", "2024-09-16"),
        ("leizhou", "--on", "2024-09-18"),  # about the unit as a whole: counts for each of its items
        ("wuchuan", "receipt", "--on", "2024-09-19"),
    ):
        result = run("chase", *args, "--by", "phone", "-f", demo, "--today", "2024-09-20")
        assert result.exit_code == 0, result.output
    out = tmp_path / "x.xlsx"
    assert run("export", "xlsx", "-f", demo, "--today", "2024-09-20", "-o", out).exit_code == 0
    rows = list(openpyxl.load_workbook(out)["逾期清单"].iter_rows(min_row=3, values_only=True))
    assert rows[0][-1] == "催办次数"
    chased = {r[0]: r[7] for r in rows[1:]}
    assert chased == {"雷州市": 3, "吴川市": 1, "奋勇高新区": 0}
    # as of an earlier day, later chases are not counted
    assert run("export", "xlsx", "-f", demo, "--today", "2024-09-17", "-o", out).exit_code == 0
    rows = list(openpyxl.load_workbook(out)["逾期清单"].iter_rows(min_row=3, values_only=True))
    assert {r[0]: r[7] for r in rows[1:]}["雷州市"] == 2


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (("export", "xlsx"), "zh"),
        (("report", "--format", "docx"), "zh"),
        (("export", "xlsx"), "en"),
    ],
)
def test_binary_output_to_a_terminal_is_refused(args: tuple[str, ...], lang: str) -> None:
    """`-o -` with a terminal on stdout: no ZIP bytes on the screen, a message saying what to do, exit 2."""
    import subprocess
    import sys

    main, tty = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "qmonth", *args, "-f", str(DEMO), "--today", "2024-09-20", "-o", "-", "--lang", lang],
            stdout=tty,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
        os.set_blocking(main, False)
        try:
            shown = os.read(main, 65536)
        except (BlockingIOError, OSError):
            shown = b""
    finally:
        os.close(main)
        os.close(tty)
    assert done.returncode == 2
    assert b"PK" not in shown
    if lang == "zh":
        assert "不能输出到终端：请用 -o 文件名 保存，或重定向到文件" in done.stderr
    else:
        assert "cannot be shown on a terminal: save it with -o FILE" in done.stderr


def test_binary_output_to_a_pipe_still_works(run: Run) -> None:
    result = run("export", "xlsx", "-f", DEMO, "--today", "2024-09-20", "-o", "-")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK\x03\x04")


def test_a_liaison_is_in_the_workbook_from_the_day_the_receipt_is_recorded(demo: Path, tmp_path: Path, run: Run) -> None:
    """As of --today, as status shows it: 赤坎's receipt recorded on 09-13 is late and, on 09-12,
    nobody is named yet in the overdue sheet nor in the receipt sheet."""
    mutate(demo, "[units.chikan.progress.receipt]\ndone = 2024-09-09", "[units.chikan.progress.receipt]\ndone = 2024-09-13")
    for day, name in (("2024-09-12", None), ("2024-09-13", "林晓燕")):
        out = tmp_path / f"{day}.xlsx"
        assert run("export", "xlsx", "-f", demo, "--today", day, "-o", out).exit_code == 0
        wb = openpyxl.load_workbook(out)
        overdue = [row for row in wb["逾期清单"].iter_rows(values_only=True) if row[0] == "赤坎区"]
        assert [row[5] for row in overdue] == (["未报回执"] if name is None else [])
        receipt = next(row for row in wb["联络员回执"].iter_rows(values_only=True) if row[0] == "湛江市赤坎区住房和城乡建设局")
        assert (receipt[1] or None) == name


# ── issue 22: declared forms in every office file; the 催办台账 ────────────────────────────────

TOPICS = """
[tasks.topics]
theme = "reply"
title = "报送主题建议反馈表"
deadline = "9月1日"
applies_to = ["county"]

[forms.topics]
title = "主题建议反馈表"
task = "topics"
fields = [
  { id = "topic", label = "建议主题", kind = "text", required = true },
  { id = "reason", label = "理由", kind = "text" },
]
"""


@pytest.fixture
def two_feedback_forms(tmp_path: Path, run: Run) -> Path:
    """A letter declaring a 回执 that asks for an e-mail and two 反馈表 (one of several rows), returned by 一区."""
    from tests.test_forms import LETTER

    path = tmp_path / "campaign.toml"
    path.write_text(LETTER.replace("\n[units.u1]", TOPICS + "\n[units.u1]", 1), encoding="utf-8")
    day = ("-f", path, "--today", "2025-08-30")
    for args in (
        (
            "receipt",
            "一区",
            "--form",
            "contact",
            "--set",
            "姓名=林晓燕",
            "--set",
            "手机=13802715638",
            "--set",
            "电子邮箱=lin@example.cn",
        ),
        (
            "receipt",
            "一区",
            "--form",
            "activities",
            "--row",
            "活动名称=质量宣传周|活动时间=9月5日",
            "--row",
            "活动名称=质量大讲堂",
        ),
        ("receipt", "一区", "--form", "topics", "--set", "建议主题=品质住建", "--set", "理由=贴近群众"),
    ):
        result = run(*args, *day)
        assert result.exit_code == 0, result.output
    return path


def test_a_sheet_per_declared_form_with_exactly_its_labels(two_feedback_forms: Path, tmp_path: Path, run: Run) -> None:
    out = tmp_path / "台账.xlsx"
    assert run("export", "xlsx", "-f", two_feedback_forms, "--today", "2025-08-30", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["进度总表", "逾期清单", "联系人信息表", "本单位“质量月”活动安排反馈表", "主题建议反馈表", "汇总"]
    contact = list(wb["联系人信息表"].iter_rows(min_row=3, values_only=True))
    assert list(contact[0]) == ["单位", "姓名", "职务", "手机", "电子邮箱"]  # the e-mail kept, the mobile under 手机
    assert contact[1] == ("一区住房和城乡建设局", "林晓燕", "", "13802715638", "lin@example.cn")
    assert contact[2][0] == "二区住房和城乡建设局" and all(v in (None, "") for v in contact[2][1:])
    activities = list(wb["本单位“质量月”活动安排反馈表"].iter_rows(min_row=3, values_only=True))
    assert list(activities[0]) == ["单位", "活动名称", "内容简介", "活动时间"]
    assert activities[1] == ("一区住房和城乡建设局", "质量宣传周", "", dt.datetime(2025, 9, 5))  # a row each, dates as dates
    assert activities[2][:2] == ("一区住房和城乡建设局", "质量大讲堂")
    topics = list(wb["主题建议反馈表"].iter_rows(min_row=3, values_only=True))
    assert list(topics[0]) == ["单位", "建议主题", "理由"]
    assert topics[1] == ("一区住房和城乡建设局", "品质住建", "贴近群众")
    for ws in wb:  # every sheet has its title row, 制表单位 (none here: no issuer) and 制表日期
        assert "制表日期：2025年8月30日" in str(ws["A2"].value)


def test_the_report_has_a_section_per_form_saying_what_each_unit_proposed(two_feedback_forms: Path, run: Run) -> None:
    text = run("report", "-f", two_feedback_forms, "--today", "2025-08-30", "-o", "-").stdout
    heads = [line for line in text.splitlines() if line.startswith("### ")]
    assert heads == ["### （一）联系人信息表", "### （二）本单位“质量月”活动安排反馈表", "### （三）主题建议反馈表"]
    assert "应报2份，已报1份。未报送：二区。" in text
    assert "- **一区（2项）**：质量宣传周（活动时间：9月5日）；质量大讲堂。" in text
    assert "- **一区**：品质住建（理由：贴近群众）。" in text


def test_a_chase_log_sheet_from_the_log(demo: Path, tmp_path: Path, run: Run) -> None:
    """催办台账 (时间、方式、对象、事项、答复), from the 催办 log's entries up to --today."""
    result = run(
        "chase",
        "leizhou",
        "receipt",
        "--by",
        "phone",
        "--note",
        "答复：明天报送",
        "--on",
        "2024-09-12",
        "-f",
        demo,
        "--today",
        "2024-09-20",
    )
    assert result.exit_code == 0, result.output
    assert run("chase", "wuchuan", "--by", "visit", "--on", "2024-09-19", "-f", demo, "--today", "2024-09-20").exit_code == 0
    out = tmp_path / "x.xlsx"
    assert run("export", "xlsx", "-f", demo, "--today", "2024-09-20", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-2:] == ["催办台账", "汇总"]
    rows = list(wb["催办台账"].iter_rows(min_row=3, values_only=True))
    assert list(rows[0]) == ["时间", "方式", "对象", "事项", "答复"]
    assert [r[1:] for r in rows[1:]] == [
        ("电话", "雷州市", "报送联络员回执", "答复：明天报送"),
        ("上门", "吴川市", "（整体）", ""),
    ]
    # as of an earlier day, later entries are not in it
    assert run("export", "xlsx", "-f", demo, "--today", "2024-09-15", "-o", out).exit_code == 0
    assert len(list(openpyxl.load_workbook(out)["催办台账"].iter_rows(min_row=4))) == 1
