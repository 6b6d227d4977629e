"""qmonth report --format docx: the 通报 as a 公文-style Word document, read back with python-docx."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DEMO, SHIPPED, Run

DAY = ("--today", "2024-09-20")


def _report(run: Run, out: Path) -> None:
    result = run("report", "-f", DEMO, *DAY, "-o", out)
    assert result.exit_code == 0, result.output


def test_docx_is_a_gbt9704_document(tmp_path: Path, run: Run) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    out = tmp_path / "通报.docx"
    _report(run, out)
    doc = docx.Document(str(out))
    s = doc.sections[0]
    # A4 and GB/T 9704's margins, to the twentieth of a point Word stores
    assert [round(x.mm, 1) for x in (s.page_width, s.page_height)] == [210, 297]
    assert [round(x.mm, 1) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    title = doc.paragraphs[0]
    assert title.text == "关于2024年全市住房城乡建设系统“质量月”活动开展情况的通报"
    run0 = title.runs[0]
    assert run0.font.size == Pt(22)  # 二号
    assert run0._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    body = next(p for p in doc.paragraphs if p.text.startswith("本次活动共涉及"))
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    # tables: the header row repeats on every page
    assert len(doc.tables) == 3
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in doc.tables[0].rows[0].cells][:3] == ["排名", "单位", "已完成"]
    # table text in its own styles (one edit restyles every table): 表头 in 黑体, 表格文字 in 仿宋, 小四
    head, cell = doc.tables[0].rows[0].cells[1].paragraphs[0], doc.tables[0].rows[1].cells[1].paragraphs[0]
    assert (head.style.name, cell.style.name, cell.text) == ("表头", "表格文字", "霞山区")
    assert cell.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert head.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert cell.style.font.size == Pt(12)
    # graceful font fallback: the font table names an alternative every Chinese Windows has
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in part.blob.decode("utf-8")
    # signed by the issuer, dated the report's day; page numbers in the footer
    texts = [p.text for p in doc.paragraphs]
    assert texts[-2:] == ["湛江市住房和城乡建设局", "2024年9月20日"]
    assert "PAGE" in s.footer.paragraphs[0]._p.xml


def test_docx_shows_control_characters_instead_of_breaking_the_xml() -> None:
    import datetime as dt
    import io

    import docx

    from qmonth.core.schedule import calendar_for, compute
    from qmonth.outputs.figures import compute_figures
    from qmonth.outputs.word import document
    from tests.factories import campaign

    c = campaign(units={"u1": {"name": "单位\x07一", "kind": "county"}})
    report = compute(c, dt.date(2024, 9, 20), calendar_for(c))
    doc = docx.Document(io.BytesIO(document(c, report, compute_figures(c, report), "zh")))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "单位\\u0007一" in cells


def test_the_same_data_gives_the_same_docx(tmp_path: Path, run: Run) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    _report(run, a)
    _report(run, b)
    assert a.read_bytes() == b.read_bytes()


def test_a_long_title_and_issuer_are_cut_in_the_document_properties(tmp_path: Path, run: Run) -> None:
    """python-docx refuses core properties over 255 characters (this was exit 70)."""
    from docx import Document

    src = tmp_path / "campaign.toml"
    title, issuer = "质" * 250, "局" * 300
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace('title = "2024年全市住房城乡建设系统“质量月”活动"', f'title = "{title}"', 1)
    src.write_text(text.replace('issuer = "湛江市住房和城乡建设局"', f'issuer = "{issuer}"', 1), encoding="utf-8")
    out = tmp_path / "x.docx"
    result = run("report", "-f", src, "-o", out, "--today", "2024-09-20")
    assert result.exit_code == 0, result.output
    props = Document(str(out)).core_properties
    assert len(props.title) == 255 and "质" * 200 in props.title and props.title.endswith("…")
    assert len(props.author) == 255 and props.author == "局" * 254 + "…"
