"""The draft 通报 as a Word document in 公文 style (GB/T 9704-2012), with python-docx. Pure: bytes out.

- A4; margins 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm (a 156 × 225 mm 版心);
- 版头: the 发文机关标志 (the issuer and 文件) in red 方正小标宋简体, the 发文字号 under it, and a red
  rule the 版心's width; the 主送机关 under the title;
- title 方正小标宋简体 二号 (22 pt), centred, in lines cut between words (gongwen.title_lines);
  body 仿宋_GB2312 三号 (16 pt), 22 lines a page (fixed 28.95 pt), first lines indented two
  characters; 一级标题 黑体, subtitle and 二级 楷体_GB2312;
- page numbers “— 1 —” in 宋体 四号 at the foot; tables with a header row repeated on every page.

Fonts fall back gracefully: the document names the GB fonts a government PC has, and its font table
gives each an alternative that every Chinese Windows has (仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体,
楷体_GB2312 → 楷体), which Word and WPS use when the first is missing; LibreOffice picks the nearest
installed CJK font for the zh-CN text.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from qmonth.core.escape import terminal as lit
from qmonth.i18n import Lang
from qmonth.outputs.report import Draft, Table, draft

if TYPE_CHECKING:
    from qmonth.core.model import Campaign
    from qmonth.core.schedule import Report
    from qmonth.outputs.figures import Figures

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", KAI_FONT: "楷体", HEADING_FONT: "SimHei"}

# GB/T 9704-2012, in millimetres and points.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
PAGE_NUMBER_PT = 14  # 四号
TABLE_PT = 12  # 小四: tables of eight columns fit the 156 mm 版心
TABLE_HEAD_STYLE, TABLE_TEXT_STYLE = "表头", "表格文字"
LINE_PT = 28.95  # 225 mm / 22 lines
BODY_MM = 156  # the 版心's width


def _clean(text: str) -> str:
    """Data in a docx: XML cannot hold control characters; show them as escapes (as on screen)."""
    return lit(text)


def document(c: Campaign, report: Report, figures: Figures, lang: Lang) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    d = draft(c, report, figures, lang)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    _defaults(doc)
    _table_styles(doc)
    _font_table(doc)
    _page_numbers(section)
    _core(doc, d, report.today)
    _write(doc, d)
    buf = io.BytesIO()
    doc.save(buf)
    return _stamped(buf.getvalue(), report.today)


def _stamped(data: bytes, day: dt.date) -> bytes:
    """The same package with every entry dated `day` (python-docx stamps the clock's time): the same
    data gives the same bytes, so a committed 通报 only changes when its content does."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _set_fonts(rpr_owner: Any, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """A run's (or style's) fonts: the Chinese face, Times New Roman for Latin and digits."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = rpr_owner.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = getattr(rpr_owner, "_r", None)  # a run; else a style
    rpr = (element if element is not None else rpr_owner.element).get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        from docx.oxml import OxmlElement

        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _defaults(doc: Any) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    _set_fonts(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    # no extra space between Chinese and Latin letters or numerals (Word's and LibreOffice's default
    # "autospace" sets 共涉及14个单位 as 共涉及 14 个单位): the text is set as written
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = normal.element.get_or_add_pPr()
    later = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:jc")
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # in the schema's order, or a reader may ignore them
        off = OxmlElement(tag)
        off.set(qn("w:val"), "0")
        ppr.insert_element_before(off, *later)


def _table_styles(doc: Any) -> None:
    """表头 (黑体) and 表格文字 (仿宋), 小四 on a fixed 18 pt line, not indented."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    for name, font, align in (
        (TABLE_HEAD_STYLE, HEADING_FONT, WD_ALIGN_PARAGRAPH.CENTER),
        (TABLE_TEXT_STYLE, BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        _set_fonts(style, font, TABLE_PT)
        fmt = style.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(TABLE_PT * 1.5)
        fmt.alignment = align


def _font_table(doc: Any) -> None:
    """Declare the GB fonts with the alternatives Word and WPS fall back to."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern" if name != TITLE_FONT else "roman"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(section: Any) -> None:
    """“— 1 —”, 宋体 四号, centred at the foot of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(p.add_run("— "), PAGE_FONT, PAGE_NUMBER_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    p._p.append(field)
    run = p.add_run("1")
    _set_fonts(run, PAGE_FONT, PAGE_NUMBER_PT)
    field.append(run._r)  # the field's cached result, replaced by the page number when shown
    _set_fonts(p.add_run(" —"), PAGE_FONT, PAGE_NUMBER_PT)


#: python-docx refuses a core property (title, author) over 255 characters: longer ones are cut,
#: ending in "…" (the full text is the document's first paragraph anyway).
CORE_PROPERTY_MAX = 255


def _property(text: str) -> str:
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "…"


def _core(doc: Any, d: Draft, today: dt.date) -> None:
    props = doc.core_properties
    props.title = _property(_clean(d.title))
    props.author = _property(_clean(d.issuer)) or "qmonth"
    props.last_modified_by = "qmonth"
    props.comments = ""
    stamp = dt.datetime.combine(today, dt.time())
    props.created = props.modified = stamp  # the report's day, not the clock: same data, same file
    props.revision = 1


def _para(doc: Any, text: str = "", font: str = BODY_FONT, size: float = BODY_PT, indent: bool = True, **kw: Any) -> Any:
    from docx.shared import Pt

    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _set_fonts(p.add_run(_clean(text)), font, size, kw.get("bold"))
    return p


RED = "FF0000"  # GB/T 9704: the 发文机关标志 and the 版头's separator rule are red
MARK_PT_MOST = 42  # 初号; a long issuer gets smaller so the mark stays on one line of the 版心
PT_PER_MM = 72 / 25.4


def mark_size(mark: str) -> float:
    """The 发文机关标志's size: 初号, or as large as fits the 版心's width on one line."""
    from qmonth.outputs.gongwen import width

    return float(min(MARK_PT_MOST, int(BODY_MM * PT_PER_MM / max(1.0, width(mark)))))


def _red_rule(p: Any) -> None:
    """The 版头's red separator: a bottom border as wide as the 版心."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", RED)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def _banner(doc: Any, d: Draft) -> None:
    """版头: the red 发文机关标志, the 发文字号 under it, then the red rule."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    size = mark_size(d.mark)
    mark = _para(doc, d.mark, TITLE_FONT, size, indent=False)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    mark.paragraph_format.line_spacing = Pt(size * 1.25)
    mark.runs[0].font.color.rgb = RGBColor.from_string(RED)
    _para(doc, indent=False)  # 发文机关标志下空二行 (one fixed line here, and the number's own)
    number = _para(doc, d.doc_number, indent=False)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _red_rule(number)
    _para(doc, indent=False)


def _write(doc: Any, d: Draft) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
    from docx.shared import Pt

    if d.mark:
        _banner(doc, d)
    title = _para(doc, indent=False)
    for n, line in enumerate(d.title_lines or [d.title]):
        r = title.add_run(_clean(line))
        _set_fonts(r, TITLE_FONT, TITLE_PT)
        if n < len(d.title_lines or [d.title]) - 1:
            r.add_break()  # the title breaks here, between words, in every word processor
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(35)
    as_of = _para(doc, "（" + d.as_of + "）" if "截至" in d.as_of else d.as_of, KAI_FONT, indent=False)
    as_of.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, indent=False)  # the blank line under the title
    if d.to:
        _para(doc, d.to, indent=False)  # 主送机关: 顶格, under the title
    for s in d.sections:
        heading = _para(doc, s.heading, HEADING_FONT if s.level == 1 else KAI_FONT)
        heading.paragraph_format.keep_with_next = True
        for text in s.paragraphs:
            p = _para(doc, text)
            if s.placeholder:
                for r in p.runs:
                    r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if s.table_first and s.table is not None and s.table.rows:
            _table(doc, s.table)
        for lead, text in s.entries:
            p = _para(doc)
            _set_fonts(p.add_run(_clean(lead)), BODY_FONT, BODY_PT, bold=True)
            _set_fonts(p.add_run(_clean(text)), BODY_FONT, BODY_PT)
        if not s.table_first and s.table is not None and s.table.rows:
            _table(doc, s.table)
    _para(doc, indent=False)
    for text in (d.issuer, d.date):
        if text:
            p = _para(doc, text, indent=False)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)  # 成文日期右空四字


def column_widths(tb: Table) -> list[Any]:
    """Share the 156 mm 版心 among the columns by the width of what they hold (a unit's name stays
    on one line; long theme titles wrap), each at least four characters wide."""
    from docx.shared import Mm

    from qmonth.outputs.xlsx import text_width

    def sized(k: int) -> list[list[str]]:  # a column of a header_wraps table: its cells, not its header
        return tb.rows if tb.header_wraps and k and tb.rows else [tb.header, *tb.rows]

    least = 5 if tb.header_wraps else 8
    need = [max(least, *(text_width(row[k]) + 2 for row in sized(k))) for k in range(len(tb.header))]
    need = [min(n, 44) for n in need]
    total = sum(need)
    return [Mm(BODY_MM * n / total) for n in need]


def _table(doc: Any, tb: Table) -> None:
    """A grid table in 小四 仿宋, its header row repeated at the top of every page it runs onto."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.table import _Cell

    head_style, body_style = doc.styles[TABLE_HEAD_STYLE].style_id, doc.styles[TABLE_TEXT_STYLE].style_id
    table = doc.add_table(rows=1 + len(tb.rows), cols=len(tb.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_widths(tb)
    for k, column in enumerate(table.columns):
        column.width = widths[k]  # the grid (LibreOffice, WPS) and each cell (Word) both say it
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    # Rows and cells are reached through their XML elements: python-docx's row.cells rebuilds the
    # whole table's grid on every call (3,000 units took 30 s that way).
    for r, (row, values) in enumerate(zip(table.rows, [tb.header, *tb.rows], strict=True)):
        cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
        no_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().insert(0, no_split)
        for k, value in enumerate(values):
            cell = cells[k]
            cell.width = widths[k]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            # the look comes from two paragraph styles (表头, 表格文字): one edit in Word restyles every table
            p._p.get_or_add_pPr().get_or_add_pStyle().val = head_style if r == 0 else body_style
            if r and k in tb.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(_clean(value))
    _para(doc, indent=False).paragraph_format.line_spacing = Pt(TABLE_PT)  # a little air after the table
