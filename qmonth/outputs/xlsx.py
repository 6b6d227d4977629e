"""The 台账 workbook: 进度总表, 逾期清单, one sheet per declared form (联络员回执, 反馈表), 催办台账
(with a 催办 log), 汇总 (XlsxWriter). Pure: report in, bytes out. Every sheet opens with a title row
and 制表单位/制表日期.

Text from the data is always written with `write_string`, so a unit name such as "=1+1" or
"@SUM(A1)" stays text and is never read as a formula; numbers are numbers, dates are dates.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from typing import TYPE_CHECKING, Any, ClassVar

from qmonth.core.escape import terminal as lit  # one-line data: controls made visible
from qmonth.core.schedule import Item, Light, State
from qmonth.i18n import Lang, t
from qmonth.outputs.figures import numbered
from qmonth.outputs.text import MARK, assumed_note, contact_column, office_text, receipt_asked, task_title

if TYPE_CHECKING:
    from qmonth.core.chases import Entry
    from qmonth.core.model import Campaign
    from qmonth.core.schedule import Report
    from qmonth.outputs.figures import Figures

DATE_FORMAT = "yyyy-mm-dd"
# Percentages are written as status computes them (whole percent, rounded down, so 100% means
# finished), as numbers: 82/235 shows 34% here as on the screen, not Excel's rounded 35%.
FILLS: dict[str, str] = {
    "done": "#C6EFCE",
    "overdue": "#FFC7CE",
    "due_soon": "#FFEB9C",
    "open": "#FFFFFF",
    "waived": "#EDEDED",
}
LIGHT_FILLS = {Light.RED: "#FFC7CE", Light.YELLOW: "#FFEB9C", Light.GREEN: "#C6EFCE"}
LATE_FONT = "#C65911"
TASK_WIDTH = 12  # a task column: a date, or six Chinese characters a line
LINE_HEIGHT = 14.5  # points per wrapped line of 11-point text


def text_width(text: str) -> int:
    """Width in Excel's units (one per Latin character, two per Chinese one)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    return max(1, math.ceil(text_width(text) / max(1.0, width - 1)))


def _fit(texts: list[str], least: int = 6, most: int = 50) -> int:
    return min(most, max([least, *(text_width(x) + 2 for x in texts)]))


class _Styles:
    """The workbook's cell formats, made once."""

    def __init__(self, wb: Any) -> None:
        base = {"border": 1, "border_color": "#BFBFBF", "valign": "vcenter"}
        # Text cells carry Excel's quote prefix: even retyped (F2, Enter) they stay text, never a formula.
        text = {**base, "quote_prefix": True}
        self.head = wb.add_format({**text, "bold": True, "bg_color": "#D9E1F2", "text_wrap": True, "align": "center"})
        self.theme = wb.add_format({**text, "bold": True, "bg_color": "#B4C6E7", "text_wrap": True, "align": "center"})
        self.text = wb.add_format({**text, "text_wrap": True})
        self.plain = wb.add_format(text)
        self.center = wb.add_format({**base, "align": "center"})
        self.number = wb.add_format({**base, "num_format": "0"})
        self.percent = wb.add_format({**base, "num_format": "0%"})
        self.date = wb.add_format({**base, "num_format": DATE_FORMAT, "align": "center"})
        self.total = wb.add_format({**base, "bold": True, "num_format": "0"})
        self.total_percent = wb.add_format({**base, "bold": True, "num_format": "0%"})
        self.total_text = wb.add_format({**text, "bold": True})
        fmt = {"num_format": DATE_FORMAT, "align": "center"}
        self.state = {
            State.DONE: wb.add_format({**base, **fmt, "bg_color": FILLS["done"]}),
            State.OVERDUE: wb.add_format({**base, "bg_color": FILLS["overdue"]}),
            State.DUE_SOON: wb.add_format({**base, "bg_color": FILLS["due_soon"]}),
            State.OPEN: wb.add_format({**base, "bg_color": FILLS["open"]}),
            State.WAIVED: wb.add_format(
                {**text, "align": "center", "italic": True, "font_color": "#7F7F7F", "bg_color": FILLS["waived"]}
            ),
        }
        self.done_late = wb.add_format({**base, **fmt, "bg_color": FILLS["done"], "bold": True, "font_color": LATE_FONT})
        self.not_applicable = wb.add_format({**text, "align": "center", "font_color": "#A6A6A6"})
        self.light = {light: wb.add_format({**text, "align": "center", "bg_color": fill}) for light, fill in LIGHT_FILLS.items()}
        self.legend = wb.add_format({"bold": True})
        self.note = wb.add_format({"font_color": "#595959"})


TOP = 2  # the title rows above every sheet's table: the sheet's title, 制表单位 and 制表日期


class _Below:
    """A worksheet whose rows are counted from under the title rows: every row argument shifted by
    TOP, so each sheet's code writes its table from row 0 as before."""

    ROW_ARGS: ClassVar[dict[str, tuple[int, ...]]] = {
        "write_string": (0,),
        "write_number": (0,),
        "write_datetime": (0,),
        "write_blank": (0,),
        "merge_range": (0, 2),
        "set_row": (0,),
        "conditional_format": (0, 2),
        "freeze_panes": (0,),
        "autofilter": (0, 2),
        "repeat_rows": (0, 1),
        "insert_chart": (0,),
    }

    def __init__(self, ws: Any, top: int = TOP) -> None:
        self.ws, self.top = ws, top

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.ws, name)
        shift = self.ROW_ARGS.get(name)
        if shift is None:
            return method

        def shifted(*args: Any, **kw: Any) -> Any:
            out = list(args)
            for k in shift:
                if k < len(out):
                    out[k] += self.top
            return method(*out, **kw)

        return shifted

    def set_h_pagebreaks(self, rows: list[int]) -> None:
        self.ws.set_h_pagebreaks([r + self.top for r in rows])


def _title_rows(wb: Any, ws: Any, c: Campaign, report: Report, lang: Lang, name: str, width: int) -> None:
    """Rows 1–2 of every sheet: its title, then 制表单位 (the issuer) and 制表日期 (the report's day)."""
    # left-aligned: a wide sheet (the 进度总表) runs onto several pages; its title is on the first
    title_fmt = wb.add_format({"bold": True, "font_size": 14, "align": "left", "valign": "vcenter", "quote_prefix": True})
    line_fmt = wb.add_format({"font_color": "#404040", "quote_prefix": True})
    last = max(1, width - 1)
    ws.merge_range(0, 0, 0, last, t("xlsx_title", lang, title=lit(c.campaign.title), sheet=name), title_fmt)
    ws.set_row(0, 24)
    maker = t("xlsx_maker", lang, issuer=lit(c.campaign.issuer)) if c.campaign.issuer else ""
    day = f"{report.today.year}年{report.today.month}月{report.today.day}日" if lang == "zh" else report.today.isoformat()
    ws.write_string(1, 0, "　　".join(x for x in (maker, t("xlsx_made_on", lang, date=day)) if x), line_fmt)


def workbook(
    c: Campaign,
    report: Report,
    figures: Figures,
    lang: Lang,
    chases: dict[tuple[str, str], int] | None = None,
    log: list[Entry] | None = None,
) -> bytes:
    """The workbook as bytes. `chases`: 催办 counts per (unit, task), and `log`: the 催办 log's
    entries up to the report's day, when the log exists (read by the caller, never here)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    # A fixed creation time (the report's day): the same data gives the same file.
    wb.set_properties({"title": lit(c.campaign.title), "created": dt.datetime.combine(report.today, dt.time())})
    st = _Styles(wb)
    header = t("xlsx_header", lang, title=lit(c.campaign.title).replace("&", "&&"), date=report.today.isoformat())
    footer = t("xlsx_footer", lang)

    def sheet(name: str, fit: bool = True) -> Any:
        ws = wb.add_worksheet(_sheet_name(wb, name))
        ws.set_paper(9)  # A4
        ws.set_landscape()
        if fit:
            ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header("&C" + header)
        ws.set_footer("&C" + footer)
        return ws

    def titled(name: str, width: int, fit: bool = True) -> _Below:
        ws = sheet(name, fit)
        _title_rows(wb, ws, c, report, lang, ws.get_name(), width)
        return _Below(ws)

    from qmonth.core.forms import with_builtin_liaison

    slots = columns(c)
    _progress(titled(t("xlsx_sheet_progress", lang), len(slots) + 5, fit=False), st, c, report, lang)
    _overdue(titled(t("xlsx_sheet_overdue", lang), 7 + (chases is not None)), st, c, report, lang, chases)
    with_forms = with_builtin_liaison(c)
    for fid, form in with_forms.forms.items():  # at 100 %: a wide form runs onto more pages, never shrinks
        _form(titled(form.title_for(lang), len(form.fields) + 1, fit=False), st, with_forms, report, lang, fid)
    if log is not None:
        _chase_log(titled(t("xlsx_sheet_chase_log", lang), 5, fit=False), st, c, lang, log)
    _summary(wb, titled(t("xlsx_sheet_summary", lang), 10), st, c, report, figures, lang)
    wb.close()
    return buf.getvalue()


def columns(c: Campaign) -> list[tuple[str, dt.date | None]]:
    """The 进度总表's task columns in the order status shows tasks (by theme, then sub-item number):
    one per task, and one per occurrence of a recurring task."""
    from qmonth.core.recurrence import occurrences

    out: list[tuple[str, dt.date | None]] = []
    for tid in c.ordered_tasks():
        task = c.tasks[tid]
        out += [(tid, day) for day in occurrences(c, task)] if task.repeat else [(tid, None)]
    return out


def _progress(ws: Any, st: _Styles, c: Campaign, report: Report, lang: Lang) -> None:
    """Unit rows × task columns grouped under their themes; each cell the date done, 已免, or empty."""
    slots = columns(c)  # (task id, occurrence): one column per task, per occurrence of a recurring one
    labels = [lit(u.label) for u in report.units]
    by_cell: dict[tuple[str, str, dt.date | None], Item] = {(i.unit, i.task, i.occurrence): i for i in report.items}
    tail = ["col_done", "col_total", "col_percent", "col_light"]
    first_tail = 1 + len(slots)
    last_col = first_tail + len(tail) - 1

    # Row 0: the themes, each merged over its tasks; row 1: the column headers (the autofilter row).
    ws.write_string(0, 0, "", st.theme)
    theme_lines = 1
    col = 1
    for theme_id, theme in c.themes.items():
        n = sum(c.tasks[tid].theme == theme_id for tid, _ in slots)
        if n == 0:
            continue
        title = lit(numbered(theme.number, theme.title_for(lang)))
        if n > 1:
            ws.merge_range(0, col, 0, col + n - 1, title, st.theme)
        else:
            ws.write_string(0, col, title, st.theme)
        theme_lines = max(theme_lines, _lines(title, TASK_WIDTH * n))
        col += n
    for k in range(first_tail, last_col + 1):
        ws.write_string(0, k, "", st.theme)
    ws.write_string(1, 0, t("col_unit", lang), st.head)
    task_lines = 1
    for k, (tid, occurrence) in enumerate(slots, start=1):
        title = lit(task_title(c, tid, lang, numbered=True))
        if occurrence is not None:
            title += f"（{occurrence.month}月{occurrence.day}日）" if lang == "zh" else f" ({occurrence.isoformat()})"
        ws.write_string(1, k, title, st.head)
        task_lines = max(task_lines, _lines(title, TASK_WIDTH))
    for k, code in enumerate(tail, start=first_tail):
        ws.write_string(1, k, t(code, lang), st.head)
    ws.set_row(0, LINE_HEIGHT * theme_lines + 4)
    ws.set_row(1, LINE_HEIGHT * min(task_lines, 12) + 4)

    for r, u in enumerate(report.units, start=2):
        ws.write_string(r, 0, labels[r - 2], st.plain)
        for k, (tid, occurrence) in enumerate(slots, start=1):
            item = by_cell.get((u.id, tid, occurrence))
            if item is None:
                ws.write_string(r, k, "—", st.not_applicable)
            elif item.state is State.DONE and item.done_on is not None:
                ws.write_datetime(r, k, item.done_on, st.done_late if item.days_overdue else st.state[State.DONE])
            elif item.state is State.WAIVED:
                ws.write_string(r, k, t("xlsx_waived", lang), st.state[State.WAIVED])
            else:
                ws.write_blank(r, k, None, st.state[item.state])
        ws.write_number(r, first_tail, u.done, st.number)
        ws.write_number(r, first_tail + 1, u.total, st.number)
        ws.write_number(r, first_tail + 2, u.percent / 100, st.percent)
        ws.write_string(r, first_tail + 3, t("light_" + u.light.value, lang), st.light[u.light])
    last_row = 1 + len(report.units)
    if report.units:
        ws.conditional_format(2, first_tail + 2, last_row, first_tail + 2, {"type": "data_bar", "bar_color": "#63BE7B"})

    ws.set_column(0, 0, _fit([t("col_unit", lang), *labels], most=24))
    ws.set_column(1, len(slots), TASK_WIDTH)
    ws.set_column(first_tail, last_col, _fit([t(code, lang) for code in tail], least=8))
    ws.freeze_panes(2, 1)
    ws.autofilter(1, 0, last_row, last_col)
    ws.repeat_rows(0, 1)
    ws.repeat_columns(0, 0)
    # Printed at 100 %, never shrunk to one page wide (that made 5 pt text): the columns run onto
    # further pages, each with the unit column and the header rows, split between themes.
    ws.set_print_scale(100)
    ws.set_v_pagebreaks(_theme_breaks(c, slots, _fit([t("col_unit", lang), *labels], most=24)))

    # The legend, below the table (outside the autofilter's range).
    r = last_row + 2
    ws.write_string(r, 0, t("xlsx_legend", lang), st.legend)
    legend: list[tuple[str, Any, str]] = [
        (t("state_done", lang), st.state[State.DONE], "date"),
        (t("xlsx_done_late", lang), st.done_late, "date"),
        (t("state_overdue", lang), st.state[State.OVERDUE], ""),
        (t("state_due_soon", lang), st.state[State.DUE_SOON], ""),
        (t("state_open", lang), st.state[State.OPEN], ""),
        (t("state_waived", lang), st.state[State.WAIVED], t("xlsx_waived", lang)),
        (t("xlsx_not_applicable", lang), st.not_applicable, "—"),
    ]
    for k, (label, fmt, sample) in enumerate(legend):
        row = r + k
        if sample == "date":
            ws.write_datetime(row, 1, report.today, fmt)
        else:
            ws.write_string(row, 1, sample, fmt)
        ws.write_string(row, 2, label, st.note)


PRINT_WIDTH_PT = (297 - 2 * 0.4 * 25.4) * 72 / 25.4  # A4 landscape between the 0.4 in side margins


def column_pt(width: float) -> float:
    """A column's printed width in points at 100 % (Excel: 7 px a character plus 5 px of padding)."""
    return (width * 7 + 5) * 0.75


def _theme_breaks(c: Campaign, slots: list[tuple[str, dt.date | None]], unit_width: float) -> list[int]:
    """Column page breaks: as many whole themes on a page as fit beside the repeated unit column
    (a theme wider than a page is split where the page ends)."""
    room = PRINT_WIDTH_PT - column_pt(unit_width)
    breaks: list[int] = []
    used = 0.0
    col = 1
    for theme_id in c.themes:
        n = sum(c.tasks[tid].theme == theme_id for tid, _ in slots)
        if n == 0:
            continue
        width = n * column_pt(TASK_WIDTH)
        if used and used + width > room:
            breaks.append(col)
            used = 0.0
        while width > room:  # a theme wider than a page
            per_page = max(1, int(room // column_pt(TASK_WIDTH)))
            col += per_page
            breaks.append(col)
            width -= per_page * column_pt(TASK_WIDTH)
            n -= per_page
        used += width
        col += n
    return breaks


def _overdue(ws: Any, st: _Styles, c: Campaign, report: Report, lang: Lang, chases: dict[tuple[str, str], int] | None) -> None:
    """Every overdue item, most overdue first: whom to call, and (with the 催办 log) how often chased."""
    contact = contact_column(c)
    codes = ["col_unit", "col_task", "col_deadline_date", "col_overdue_days", "col_overdue_workdays", contact, "col_mobile"]
    if chases is not None:
        codes.append("col_chases")
    heads = [t(code, lang) for code in codes]
    for k, head in enumerate(heads):
        ws.write_string(0, k, head, st.head)
    late = report.overdue()
    units: list[str] = []
    tasks: list[str] = []
    for r, item in enumerate(late, start=1):
        unit = c.units[item.unit]
        liaison = unit.liaison if unit.liaison is not None and unit.liaison.known else None
        units.append(lit(unit.label))
        tasks.append(lit(task_title(c, item.task, lang, numbered=True)))
        ws.write_string(r, 0, units[-1], st.plain)
        ws.write_string(r, 1, tasks[-1], st.text)
        ws.write_datetime(r, 2, item.deadline, st.date)
        ws.write_number(r, 3, item.days_overdue, st.number)
        if item.assumed:  # the count rests on expected holidays: † and the note under the table
            ws.write_string(r, 4, f"{item.workdays_overdue}{MARK}", st.number)
        else:
            ws.write_number(r, 4, item.workdays_overdue, st.number)
        if liaison is not None:
            who = lit(liaison.name)
        elif receipt_asked(c, item.unit):
            who = t("no_receipt_short", lang)
        else:  # the notice asks this unit for no receipt: the office's own contact, or none
            who = lit(office_text(unit)) or t("no_contact_at_all_short", lang)
        ws.write_string(r, 5, who, st.plain)
        ws.write_string(r, 6, lit(liaison.mobile) if liaison else "", st.plain)
        if chases is not None:
            ws.write_number(r, 7, chases.get((item.unit, item.task), 0), st.number)
    ws.set_column(0, 0, _fit([heads[0], *units], most=24))
    ws.set_column(1, 1, _fit([heads[1], *tasks], most=60))
    ws.set_column(2, 2, 12)
    ws.set_column(3, len(heads) - 1, 12)
    ws.set_column(5, 5, 14)
    ws.set_column(6, 6, 15)
    note = assumed_note(late, lang)
    if note is not None:
        ws.write_string(len(late) + 2, 0, note, st.plain)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, len(late), len(heads) - 1)
    ws.repeat_rows(0)


SHEET_NAME_BAD = str.maketrans({ch: "_" for ch in "[]:*?/\\"})


def _sheet_name(wb: Any, name: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, not one already used."""
    base = lit(name).translate(SHEET_NAME_BAD).strip("'")[:31] or "Sheet"
    taken = {n.lower() for n in wb.sheetnames}
    out, n = base, 2
    while out.lower() in taken:
        suffix = f"({n})"
        out, n = base[: 31 - len(suffix)] + suffix, n + 1
    return out


def _form(ws: Any, st: _Styles, c: Campaign, report: Report, lang: Lang, form_id: str) -> None:
    """A declared form (回执, 反馈表): 单位, then exactly the form's field labels; one row per unit
    (the units its task applies to), or per returned row of a multi-row form; empty where nothing
    came back. Dates are dates."""
    form = c.forms[form_id]
    task = c.tasks.get(form.task)
    heads = [t("col_unit", lang), *(f.label_for(lang) for f in form.fields)]
    for k, head in enumerate(heads):
        ws.write_string(0, k, head, st.head)
    widths: list[list[str]] = [[x] for x in heads]
    r = 0
    for row in report.units:
        if task is not None and not c.applies(task, row.id):
            continue
        unit = c.units[row.id]
        for values in c.form_rows(row.id, form_id) or [{}]:
            r += 1
            ws.write_string(r, 0, lit(unit.name), st.text)
            widths[0].append(lit(unit.name))
            for k, f in enumerate(form.fields, start=1):
                value = values.get(f.id, "")
                day = _iso_day(value) if f.kind == "date" else None
                if day is not None:
                    ws.write_datetime(r, k, day, st.date)
                else:
                    ws.write_string(r, k, lit(value), st.text)
                widths[k].append(lit(value))
    for k, texts in enumerate(widths):
        ws.set_column(k, k, _fit(texts, least=8, most=40))
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(r, 1), len(heads) - 1)
    ws.repeat_rows(0)
    ws.repeat_columns(0, 0)


def _iso_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _chase_log(ws: Any, st: _Styles, c: Campaign, lang: Lang, entries: list[Entry]) -> None:
    """催办台账: one row per entry of the 催办 log (as passed in), oldest first: 时间、方式、对象、事项、答复."""
    heads = [t(code, lang) for code in ("col_chase_at", "col_chase_how", "col_chase_whom", "col_chase_what", "col_chase_reply")]
    for k, head in enumerate(heads):
        ws.write_string(0, k, head, st.head)
    widths: list[list[str]] = [[x] for x in heads]
    for r, e in enumerate(sorted(entries, key=lambda e: e.at), start=1):
        unit = c.units.get(e.unit)
        task = c.tasks.get(e.task) if e.task else None
        if e.level == "manual":
            how = t("by_" + e.channel, lang) if e.channel in ("phone", "visit", "letter", "meeting") else e.channel
        else:
            how = (
                f"{e.channel}（{t('level_' + e.level, lang)}）"
                if lang == "zh"
                else f"{e.channel} ({t('level_' + e.level, lang)})"
            )
        values = [
            e.at.strftime("%Y-%m-%d %H:%M"),
            how,
            unit.label if unit else e.unit,
            task.title_for(lang) if task else (e.task or t("chase_whole_unit", lang)),
            e.note,
        ]
        for k, value in enumerate(values):
            ws.write_string(r, k, lit(value), st.text)
            widths[k].append(lit(value))
    for k, texts in enumerate(widths):
        ws.set_column(k, k, _fit(texts, least=8, most=50))
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)


def _summary(wb: Any, ws: Any, st: _Styles, c: Campaign, report: Report, figures: Figures, lang: Lang) -> None:
    """Per-unit numbers with a total row, a chart of completion by unit, and completion over time."""
    codes = [
        "col_unit",
        "col_total",
        "col_done",
        "col_overdue",
        "col_due_soon",
        "col_open",
        "col_waived",
        "col_percent",
        "col_done_on_time",
        "col_light",
    ]
    heads = [t(code, lang) for code in codes]
    for k, head in enumerate(heads):
        ws.write_string(0, k, head, st.head)
    counts: dict[str, dict[State, int]] = {u.id: dict.fromkeys(State, 0) for u in report.units}
    for i in report.items:
        counts[i.unit][i.state] += 1
    on_time = {r.row.id: r.on_time for r in figures.ranking}
    labels = []
    for r, u in enumerate(report.units, start=1):
        n = counts[u.id]
        labels.append(lit(u.label))
        ws.write_string(r, 0, labels[-1], st.plain)
        for k, value in enumerate(
            [u.total, u.done, n[State.OVERDUE], n[State.DUE_SOON], n[State.OPEN], n[State.WAIVED]], start=1
        ):
            ws.write_number(r, k, value, st.number)
        ws.write_number(r, 7, u.percent / 100, st.percent)
        ws.write_number(r, 8, on_time.get(u.id, 0), st.number)
        ws.write_string(r, 9, t("light_" + u.light.value, lang), st.light[u.light])
    n_units = len(report.units)
    total_row = n_units + 1
    h = figures.headline
    ws.write_string(total_row, 0, t("xlsx_total", lang), st.total_text)
    sums = [h.items, h.done, h.overdue, h.due_soon, sum(n[State.OPEN] for n in counts.values())]
    sums.append(sum(n[State.WAIVED] for n in counts.values()))
    for k, value in enumerate(sums, start=1):
        ws.write_number(total_row, k, value, st.total)
    ws.write_number(total_row, 7, h.percent / 100, st.total_percent)
    ws.write_number(total_row, 8, sum(on_time.values()), st.total)
    ws.write_string(total_row, 9, "", st.total_text)
    ws.set_column(0, 0, _fit([heads[0], *labels], most=24))
    ws.set_column(1, len(heads) - 1, _fit(heads[1:], least=9))
    ws.freeze_panes(1, 1)

    name = ws.get_name()
    ref = f"'{name}'"
    if n_units:
        chart = wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": t("col_percent", lang),
                "categories": f"={ref}!$A${TOP + 2}:$A${TOP + n_units + 1}",
                "values": f"={ref}!$H${TOP + 2}:$H${TOP + n_units + 1}",
                "fill": {"color": "#4472C4"},
                "data_labels": {"value": True, "num_format": "0%"},
            }
        )
        chart.set_title({"name": t("xlsx_chart_units", lang)})
        chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
        chart.set_legend({"none": True})
        chart.set_size({"width": max(640, 48 * n_units), "height": 320})
        ws.insert_chart(total_row + 2, 0, chart)

    # Completion over time: a small table (dates as dates) and a line chart of it.
    points = figures.steps()
    top = total_row + 20
    ws.set_h_pagebreaks([top])  # printed on a page of its own, under its own header
    ws.write_string(top, 0, t("col_date", lang), st.head)
    ws.write_string(top, 1, t("col_done_cumulative", lang), st.head)
    ws.write_string(top, 2, t("col_percent", lang), st.head)
    for k, p in enumerate(points, start=top + 1):
        ws.write_datetime(k, 0, p.day, st.date)
        ws.write_number(k, 1, p.done, st.number)
        ws.write_number(k, 2, p.percent / 100, st.percent)
    if points:
        first, last = TOP + top + 2, TOP + top + 1 + len(points)
        line = wb.add_chart({"type": "line"})
        line.add_series(
            {
                "name": t("col_percent", lang),
                "categories": f"={ref}!$A${first}:$A${last}",
                "values": f"={ref}!$C${first}:$C${last}",
                "marker": {"type": "circle"},
                "line": {"color": "#548235"},
            }
        )
        line.set_title({"name": t("xlsx_chart_trend", lang)})
        line.set_x_axis({"date_axis": True, "num_format": "m/d"})
        line.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
        line.set_legend({"none": True})
        line.set_size({"width": 560, "height": 300})
        ws.insert_chart(top, 4, line)
