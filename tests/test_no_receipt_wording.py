"""Issue 19: where the notice asks for no receipt (`[campaign] receipt_task` names no task), no screen,
letter or file says 未报回执 / "no receipt": the unit office's own contact is shown, or 无联系方式."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

NO_RECEIPT = ("未报回执", "no receipt", "回执")
LATE = ("--today", "2024-10-10")  # the 总结 (10-09) is overdue for every county


@pytest.fixture
def bare(shipped: Path) -> Path:
    """The shipped notice without its 回执 (no receipt task, no liaison form); 赤坎 has an office phone,
    市质量中心 an office e-mail, the others nothing."""
    text = shipped.read_text(encoding="utf-8")
    text = text[: text.index("[tasks.receipt]")] + text[text.index("[tasks.summary]") :]
    text = text[: text.index("[forms.liaison]")] + text[text.index("# ── 单位") :]
    text = text.replace('short = "赤坎区"\n', 'short = "赤坎区"\nphone = "0759-3216000"\n', 1)
    text = text.replace('short = "市质量中心"\n', 'short = "市质量中心"\nemail = "zx@example.cn"\n', 1)
    shipped.write_text(text, encoding="utf-8")
    return shipped


def said(result: object) -> str:
    out = getattr(result, "stdout", "") + getattr(result, "stderr", "")
    assert getattr(result, "exit_code", 1) == 0, out
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_screen_says_no_receipt_where_none_is_asked(run: Run, bare: Path, lang: str) -> None:
    assert run("check", bare).exit_code == 0
    common = ("-f", bare, *LATE, "--lang", lang)
    outputs = {
        "status": said(run("status", *common)),
        "status-soon": said(run("status", "-f", bare, "--today", "2024-10-08", "--lang", lang)),
        "unit-office": said(run("status", "--unit", "赤坎", *common)),
        "unit-none": said(run("status", "--unit", "霞山", *common)),
        "unit-email": said(run("status", "--unit", "市质量中心", *common)),
        "remind": said(run("remind", *common)),
        "remind-unit": said(run("remind", "--unit", "霞山", *common)),
        "markdown": said(run("status", "--format", "markdown", *common)),
        "json": said(run("status", "--format", "json", *common)),
        "remind-json": said(run("remind", "--format", "json", *common)),
    }
    for name, text in outputs.items():
        for word in NO_RECEIPT:
            assert word not in text, (name, word)
    office, none = (
        ("单位联系方式：0759-3216000", "无联系方式") if lang == "zh" else ("Office: 0759-3216000", "No contact on file")
    )
    assert office in outputs["unit-office"] and office in outputs["remind"]
    assert (
        f"{none}（可在 [units.xiashan] 中填写 phone 或 email）" in outputs["unit-none"]
        if lang == "zh"
        else ("No contact on file (add phone or email to [units.xiashan])" in outputs["unit-none"])
    )
    assert "zx@example.cn" in outputs["unit-email"]
    short = "无联系方式" if lang == "zh" else "no contact"
    assert short in outputs["status-soon"] and short in outputs["markdown"]
    assert ("联系方式" if lang == "zh" else "Contact") in outputs["markdown"]  # the column is not 联络员


def test_the_workbook_shows_the_office_or_no_contact(run: Run, bare: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "台账.xlsx"
    assert run("export", "xlsx", "-f", bare, *LATE, "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out, read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    book.close()
    assert not any(word in cell for cell in cells for word in ("未报回执", "联络员回执"))
    assert "无联系方式" in cells and "0759-3216000" in cells and "联系方式" in cells


def test_a_notice_with_a_receipt_still_says_it_is_missing(run: Run, shipped: Path) -> None:
    """Unchanged where the receipt is asked: 未报回执 with the office's number, or with none."""
    screen = said(run("status", "-f", shipped, "--today", "2024-10-08"))
    assert "未报回执" in screen
    assert "联络员：未报回执" in said(run("remind", "-f", shipped, "--today", "2024-09-11"))
