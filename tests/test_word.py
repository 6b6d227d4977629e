"""qmonth report --format docx: the 通报 as a 公文-style Word document, read back with python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DEMO, SHIPPED, Run, mutate

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
    title = next(p for p in doc.paragraphs if p.text.startswith("关于"))
    assert title.text == "关于2024年全市住房城乡建设系统\n“质量月”活动开展情况的通报"  # broken between words
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
    assert len(doc.tables) == 4
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


#: words no title line may start or end inside (issue 22)
WORDS = ("质量月", "活动", "总结", "开展", "情况", "住房城乡建设", "通报", "系统")


def breaks_inside(lines: list[str], words: tuple[str, ...] = WORDS) -> list[str]:
    """The words a break between `lines` falls inside."""
    text, cuts, at = "".join(lines), [], 0
    for line in lines[:-1]:
        at += len(line)
        cuts.append(at)
    return [w for w in words for m in re.finditer(re.escape(w), text) for cut in cuts if m.start() < cut < m.end()]


def test_the_docx_has_the_gongwen_banner_addressees_and_readable_prose(tmp_path: Path, run: Run) -> None:
    import docx
    from docx.oxml.ns import qn

    out = tmp_path / "通报.docx"
    _report(run, out)
    doc = docx.Document(str(out))
    paras = doc.paragraphs
    # 版头: the red 发文机关标志, the 发文字号 ([campaign] doc_number) and the red rule under it
    mark = paras[0]
    assert mark.text == "湛江市住房和城乡建设局文件"
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert mark.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    number = next(p for p in paras if p.text == "湛建质〔2024〕XX号")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:val")), rule.get(qn("w:color"))) == ("single", "FF0000")
    texts = [p.text for p in paras]
    assert texts.index("湛建质〔2024〕XX号") < next(k for k, x in enumerate(texts) if x.startswith("关于"))
    # 主送机关 under the title, from the units' kinds, 顶格
    to = next(p for p in paras if p.text.endswith("：") and "住建部门" in p.text)
    assert to.text == "各县（市、区）住建部门，市建设工程质量事务中心，行业协会，参建企业："
    assert to.paragraph_format.first_line_indent is None
    title = next(p for p in paras if p.text.startswith("关于"))
    assert breaks_inside(title.text.split("\n")) == []
    body = [p.text for p in paras if p.text and p is not mark]
    prose = "\n".join(body)
    # no theme code in the prose ("（一）3项", an id), no space between a numeral and a Chinese character
    assert not re.search(r"（[一二三四五六七八九十]+）\d", prose)
    c_ids = ("publicity", "policy", "site-visit", "defects", "inspection", "contest", "training", "service", "reporting")
    assert not any(i in prose for i in c_ids)
    assert not re.search(r"\d[ \u00a0\u3000][\u4e00-\u9fff]|[\u4e00-\u9fff][ \u00a0\u3000]\d", prose), re.findall(
        r".{6}\d [\u4e00-\u9fff].{6}|.{6}[\u4e00-\u9fff] \d.{6}", prose
    )
    # nor does the word processor add one (autospace between Chinese and numerals is off)
    ppr = doc.styles["Normal"].element.pPr
    assert [ppr.find(qn(tag)).get(qn("w:val")) for tag in ("w:autoSpaceDE", "w:autoSpaceDN")] == ["0", "0"]
    # the ranking rule, 并列 ties, and the author's sections with marked placeholders
    assert any("完成率相同的单位名次并列" in x for x in body)
    assert any(c.text == "2（并列）" for c in doc.tables[0].columns[0].cells)
    for heading in ("八、存在问题", "九、下一步工作"):
        k = body.index(heading)
        assert body[k + 1].startswith("【请填写：") and body[k + 1].endswith("】")
    # 落款 and 成文日期 right-aligned
    assert [p.alignment for p in paras[-2:]] == [2, 2]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("2024年全市住房城乡建设系统“质量月”活动", None),
        ("2025年湛江市住房城乡建设系统开展“质量月”暨质量提升行动情况", None),
        ("2024年全市住房城乡建设系统“质量月”活动", ["2024年全市住房城乡建设", "系统“质量月”活动"]),
    ],
)
def test_title_lines_never_break_inside_a_word(title: str, lines: list[str] | None) -> None:
    from qmonth.outputs.gongwen import TITLE_LINE_WIDTH, title_lines, width

    for full in (f"关于{title}开展情况的通报", f"{title}总结"):
        got = title_lines(full, title, lines)
        assert "".join(got) == full
        assert breaks_inside(got) == [], got
        assert all(width(x) <= TITLE_LINE_WIDTH for x in got), got
        if lines:  # the author's break point is the one used inside the campaign title
            assert any(x.endswith("住房城乡建设") for x in got), got


def test_doc_number_to_and_title_lines_from_the_file(demo: Path, tmp_path: Path, run: Run) -> None:
    import docx

    mutate(
        demo,
        'doc_number = "湛建质〔2024〕XX号"\n',
        'doc_number = "湛建质〔2024〕12号"\nto = "各县（市、区）住房和城乡建设局，市建设工程质量事务中心"\n'
        'title_lines = ["2024年全市住房城乡建设系统“质量月”", "活动"]\n',
    )
    out = tmp_path / "r.docx"
    assert run("report", "-f", demo, *DAY, "-o", out).exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "湛建质〔2024〕12号" in texts
    assert "各县（市、区）住房和城乡建设局，市建设工程质量事务中心：" in texts
    assert "关于2024年全市住房城乡建设系统“质量月”\n活动开展情况的通报" in texts
    # pieces that do not join to the title are refused, naming the key
    mutate(demo, '"活动"]', '"活 动"]')
    bad = run("report", "-f", demo, *DAY, "-o", out)
    assert bad.exit_code == 1 and "campaign.title_lines" in bad.output and "Traceback" not in bad.output
