"""The draft 通报 (or, once the campaign is over, 活动总结): one content plan, rendered as Markdown
or as one self-contained HTML page here, and as a Word 公文 in word.py. Pure: no clock, no file.

Every piece of text from the campaign file is escaped for the format it lands in: HTML-escaped
in the page, backslash-escaped in Markdown, so a unit called "<script>" or "**x**" is shown as
written and never becomes markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from qmonth.core import escape
from qmonth.core.schedule import Item, State
from qmonth.i18n import Lang, t
from qmonth.outputs.figures import numbered
from qmonth.outputs.text import task_title

if TYPE_CHECKING:
    from qmonth.core.model import Campaign
    from qmonth.core.schedule import Report
    from qmonth.outputs.figures import Figures


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns aligned right
    bars: int | None = None  # a column of whole percentages, drawn as a bar where the format can
    header_wraps: bool = False  # columns sized by their cells; long headers wrap (a theme per column)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    entries: list[tuple[str, str]] = field(default_factory=list)  # (lead, text): one paragraph each
    chart: bool = False  # the completion-over-time chart goes here
    level: int = 1  # 1: 一、 (黑体); 2: （一） (楷体)
    placeholder: bool = False  # its paragraphs are for the author to write (【请填写：…】)
    table_first: bool = False  # the table comes before the entries (which name what it counts)


@dataclass(frozen=True)
class Draft:
    title: str
    as_of: str
    sections: list[Section]
    issuer: str
    date: str
    over: bool
    mark: str = ""  # 发文机关标志 (湛江市住房和城乡建设局文件), red in the 版头; "" without an issuer
    doc_number: str = ""  # 发文字号, under the mark
    to: str = ""  # 主送机关, under the title
    title_lines: list[str] = field(default_factory=list)  # the title as printed: broken between words


def day_short(d: dt.date, lang: Lang) -> str:
    return f"{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


def day_long(d: dt.date, lang: Lang) -> str:
    from qmonth.core.dates import format_day

    return format_day(d, lang)


OWED_LIST_MAX = 5  # a unit owing more: the overdue and due-soon tasks by name, the rest counted by theme
NEVER_NAMES_MAX = 1  # the 总结: at most this many of a unit's unfinished tasks by name
ZH_NUMERALS = "一二三四五六七八九十"


def heading_number(n: int, level: int, lang: Lang) -> str:
    """一、 / （一） in Chinese (十一、 after 十); 1. / (a) in English."""
    if lang != "zh":
        return f"{n}. " if level == 1 else f"({chr(ord('a') + (n - 1) % 26)}) "
    if n <= 10:
        word = ZH_NUMERALS[n - 1]
    elif n < 20:
        word = "十" + ZH_NUMERALS[n - 11]
    else:
        word = ZH_NUMERALS[n // 10 - 1] + "十" + (ZH_NUMERALS[n % 10 - 1] if n % 10 else "")
    return f"{word}、" if level == 1 else f"（{word}）"


def _numbered_sections(sections: list[Section], lang: Lang) -> list[Section]:
    out: list[Section] = []
    top = sub = 0
    for s in sections:
        if s.level == 1:
            top, sub = top + 1, 0
            n = top
        else:
            sub += 1
            n = sub
        out.append(replace(s, heading=heading_number(n, s.level, lang) + s.heading))
    return out


def _theme_title(c: Campaign, theme_id: str, lang: Lang) -> str:
    """A theme as a reader knows it: its title, never the tool's code or number alone."""
    return c.themes[theme_id].title_for(lang)


def _owed_item(c: Campaign, i: Item, lang: Lang) -> str:
    late = ""
    if i.state is State.OVERDUE:  # in working days; an implied deadline is never "overdue"
        if i.implied:
            late = t("report_owed_unreported", lang)
        elif i.workdays_overdue == 0:  # written on a rest day, no working day since the deadline
            late = t("report_owed_late_rest", lang)
        else:
            late = t("report_owed_late", lang, n=i.workdays_overdue)
            if i.assumed:  # the count rests on expected holidays (no published schedule for the year)
                late += t("report_owed_assumed", lang)
    return t("report_owed_item", lang, task=task_title(c, i.task, lang), date=day_short(i.deadline, lang), late=late)


def _per_theme(c: Campaign, items: list[Item], lang: Lang) -> str:
    per_theme: dict[str, int] = {}
    for i in items:
        per_theme[i.theme] = per_theme.get(i.theme, 0) + 1
    return t("report_list_sep", lang).join(
        t("report_owed_theme", lang, theme=_theme_title(c, th, lang), n=n) for th, n in per_theme.items()
    )


def _end(lang: Lang) -> str:
    return "。" if lang == "zh" else "."


def _owed_entries(c: Campaign, figures: Figures, lang: Lang) -> list[tuple[str, str]]:
    """The 通报: each unit's overdue and due-soon tasks by name, the rest counted by theme."""
    sep = t("report_sep", lang)
    entries = []
    for owed in figures.owed:
        urgent = [i for i in owed.items if i.state in (State.OVERDUE, State.DUE_SOON)]
        named = list(owed.items) if len(owed.items) <= OWED_LIST_MAX else urgent
        parts = [_owed_item(c, i, lang) for i in named]
        rest = [i for i in owed.items if i not in named]
        if rest:
            code = "report_owed_rest" if named else "report_owed_grouped"
            parts.append(t(code, lang, n=len(rest), themes=_per_theme(c, rest, lang), date=day_short(rest[0].deadline, lang)))
        lead = t("report_owed_unit", lang, unit=owed.label, n=len(owed.items))
        entries.append((lead, sep.join(parts) + _end(lang)))
    return entries


def _never(c: Campaign, report: Report, figures: Figures, lang: Lang) -> tuple[Table, list[tuple[str, str]]]:
    """The 总结: what each unit never did, counted by theme (a table: a unit per row, a theme per
    column), then at most NEVER_NAMES_MAX of its tasks by name (the longest overdue first); no day
    counts, which would only repeat the campaign's end."""
    themes = [th for th in c.themes if any(i.theme == th for o in figures.owed for i in o.items)]
    rows = []
    entries = []
    for owed in figures.owed:
        per = {th: sum(i.theme == th for i in owed.items) for th in themes}
        rows.append([owed.label, *(str(per[th]) if per[th] else "" for th in themes), str(len(owed.items))])
        items = sorted(owed.items, key=lambda i: (-i.days_overdue, i.deadline))
        names = t("report_list_sep", lang).join(task_title(c, i.task, lang) for i in items[:NEVER_NAMES_MAX])
        code = "report_never_names_more" if len(items) > NEVER_NAMES_MAX else "report_never_names"
        entries.append((owed.label + ("：" if lang == "zh" else ": "), t(code, lang, names=names, n=len(items)) + _end(lang)))
    table = Table(
        header=[t("col_unit", lang), *(_theme_title(c, th, lang) for th in themes), t("xlsx_total", lang)],
        rows=rows,
        numeric=frozenset(range(1, len(themes) + 2)),
        header_wraps=True,
    )
    return table, entries


def _evidence_totals(figures: Figures, lang: Lang) -> str:
    kinds = ("photo", "video", "document", "link", "other")
    total = {k: sum(e.counts[k] for e in figures.evidence) for k in kinds}
    parts = [t("report_evidence_kind", lang, kind=t("ev_" + k, lang), n=total[k]) for k in kinds if total[k] or k != "other"]
    return t("report_evidence_totals", lang, kinds=t("report_list_sep", lang).join(parts))


def _ranking_table(figures: Figures, lang: Lang) -> Table:
    from qmonth.outputs.figures import tied

    shared = tied(figures.ranking)

    def rank(r: int) -> str:
        return t("report_rank_tied", lang, rank=r) if r in shared else str(r)

    return Table(
        header=[t(k, lang) for k in ("col_rank", "col_unit", "col_done", "col_total", "col_percent")]
        + [t("col_done_on_time", lang), t("col_overdue", lang)],
        rows=[
            [
                rank(r.rank),
                r.row.label,
                str(r.row.done),
                str(r.row.total),
                f"{r.row.percent}%",
                str(r.on_time),
                str(r.row.overdue),
            ]
            for r in figures.ranking
        ],
        numeric=frozenset({0, 2, 3, 4, 5, 6}),
        bars=4,
    )


def _theme_table(c: Campaign, report: Report, lang: Lang) -> Table:
    """Per theme: items to do, done, done on time, completion rate."""
    from qmonth.core.schedule import percent
    from qmonth.outputs.figures import counts

    rows = []
    for tid, theme in c.themes.items():
        items = [i for i in report.items if i.theme == tid and counts(i)]
        if not items:
            continue
        done = [i for i in items if i.state is State.DONE]
        on_time = [i for i in done if i.done_on is not None and i.done_on <= i.deadline]
        rows.append(
            [theme.title_for(lang), str(len(items)), str(len(done)), str(len(on_time)), f"{percent(len(done), len(items))}%"]
        )
    return Table(
        header=[
            t("col_work", lang),
            t("col_total", lang),
            t("col_done", lang),
            t("col_done_on_time", lang),
            t("col_percent", lang),
        ],
        rows=rows,
        numeric=frozenset({1, 2, 3, 4}),
    )


def _form_value(value: str, lang: Lang) -> str:
    try:
        return day_short(dt.date.fromisoformat(value), lang) if len(value) == 10 else value
    except ValueError:
        return value


def _form_sections(c: Campaign, report: Report, lang: Lang) -> list[Section]:
    """One section per declared form: how many came back, who has not sent it, and for a form
    other than the liaison receipt what each unit wrote (a 反馈表: what each unit proposed)."""
    from qmonth.core.forms import with_builtin_liaison

    c_forms = with_builtin_liaison(c)
    if not c_forms.forms:
        return []
    out = [Section(t("report_s_forms", lang))]
    sep, end = t("report_sep", lang), _end(lang)
    comma = "，" if lang == "zh" else ", "
    colon = "：" if lang == "zh" else ": "
    for fid, form in c_forms.forms.items():
        task = c_forms.tasks.get(form.task)
        expected = [row for row in report.units if task is None or c_forms.applies(task, row.id)]
        returned = {row.id: rows for row in expected if (rows := c_forms.form_rows(row.id, fid))}
        paragraphs = [t("report_form_returned", lang, expected=len(expected), returned=len(returned))]
        missing = [row.label for row in expected if row.id not in returned]
        if missing:
            paragraphs[0] += t("report_form_missing", lang, units=t("report_list_sep", lang).join(missing))
        entries: list[tuple[str, str]] = []
        if not form.liaison:
            for row in expected:
                if not returned.get(row.id):
                    continue
                texts = []
                for values in returned[row.id]:
                    filled = [(f, _form_value(values.get(f.id, ""), lang)) for f in form.fields]
                    filled = [(f, v) for f, v in filled if v]
                    if not filled:
                        continue
                    first, rest = filled[0], filled[1:]
                    text = (
                        first[1]
                        if len(form.fields) > 1 and first[0] is form.fields[0]
                        else first[0].label_for(lang) + colon + first[1]
                    )
                    if rest:
                        text += "（" + comma.join(f.label_for(lang) + colon + v for f, v in rest) + "）"
                    texts.append(text)
                rows_said = t("report_form_rows", lang, n=len(texts)) if form.rows and len(texts) > 1 else ""
                entries.append((row.label + rows_said + colon, sep.join(texts) + end))
        out.append(Section(form.title_for(lang), paragraphs=paragraphs, entries=entries, level=2))
    return out


def draft(c: Campaign, report: Report, figures: Figures, lang: Lang) -> Draft:
    """What the 通报 says, as plain text (data not yet escaped: each renderer escapes its own way)."""
    from qmonth.outputs import gongwen

    h = figures.headline
    name = c.campaign.title
    title = t("report_title_over" if report.over else "report_title", lang, title=name)
    overview = [t("report_overview", lang, units=h.units, tasks=h.tasks, items=h.items, done=h.done, percent=h.percent)]
    if h.on_time_percent is None:
        overview.append(t("report_on_time_none", lang))
    else:
        overview.append(t("report_on_time", lang, due=h.due_by_today, on_time=h.on_time, rate=h.on_time_percent))
    if h.receipts_expected:
        overview.append(t("report_receipts", lang, receipts=h.receipts, expected=h.receipts_expected))
    overview.append(t("report_open_counts", lang, overdue=h.overdue, due_soon=h.due_soon))
    overview = ["".join(overview)] if lang == "zh" else [" ".join(overview)]

    if report.over:
        never, named = _never(c, report, figures, lang)
        owed_section = Section(t("report_s_never", lang), table=never if never.rows else None, entries=named, table_first=True)
    else:
        owed_section = Section(t("report_s_owed", lang), entries=_owed_entries(c, figures, lang))
    if not owed_section.entries:
        owed_section = replace(owed_section, paragraphs=[t("report_all_done", lang)])

    kinds = ("photo", "video", "document", "link", "other")
    evidence = Table(
        header=[t("col_theme", lang), t("col_items_done", lang), t("col_units_done", lang), *(t("ev_" + k, lang) for k in kinds)],
        rows=[
            [numbered(e.number, e.title), str(e.done), str(e.units), *(str(e.counts[k]) for k in kinds)] for e in figures.evidence
        ],
        numeric=frozenset(range(1, 3 + len(kinds))),
    )

    steps = figures.steps()
    if steps and figures.trend[-1].done:
        first, last = figures.trend[0], figures.trend[-1]
        trend_text = t(
            "report_trend_text",
            lang,
            start=day_short(first.day, lang),
            end=day_short(last.day, lang),
            first=first.done,
            last=last.done,
            percent=last.percent,
        )
    else:
        trend_text = t("report_trend_empty", lang)
    trend = Table(
        header=[t("col_date", lang), t("col_done_cumulative", lang), t("col_percent", lang)],
        rows=[[day_short(p.day, lang), str(p.done), f"{p.percent}%"] for p in steps],
        numeric=frozenset({1, 2}),
    )
    if report.over:
        overview.append(trend_text)
    sections = [
        Section(t("report_s_overview", lang), paragraphs=overview),
        Section(t("report_s_ranking", lang), paragraphs=[t("report_ranking_rule", lang)], table=_ranking_table(figures, lang)),
        Section(t("report_s_themes", lang), table=_theme_table(c, report, lang)),
        owed_section,
        *_form_sections(c, report, lang),
        # the 总结: the totals in a sentence (per theme in the 通报 and the 台账)
        Section(t("report_s_evidence", lang), paragraphs=[_evidence_totals(figures, lang)])
        if report.over
        else Section(t("report_s_evidence", lang), table=evidence),
        # the 总结: the trend's sentence closes the 总体情况; the day-by-day table is the 台账's (汇总)
        *([] if report.over else [Section(t("report_s_trend", lang), paragraphs=[trend_text], table=trend, chart=True)]),
        Section(t("report_s_problems", lang), paragraphs=[t("report_placeholder_problems", lang)], placeholder=True),
        Section(t("report_s_next", lang), paragraphs=[t("report_placeholder_next", lang)], placeholder=True),
    ]
    return Draft(
        title=title,
        as_of=_as_of(report, lang),
        sections=_numbered_sections(sections, lang),
        issuer=c.campaign.issuer,
        date=day_long(report.today, lang),
        over=report.over,
        mark=gongwen.issuer_mark(c, lang),
        doc_number=c.campaign.doc_number,
        to=gongwen.addressees(c, report, lang),
        title_lines=gongwen.title_lines(title, name, c.campaign.title_lines) if lang == "zh" else [title],
    )


# ── Markdown ─────────────────────────────────────────────────────────────────


def md(text: str) -> str:
    """Data in Markdown (qmonth.core.escape's policy): shown as written, never emphasis, a link, HTML or a table column."""
    return escape.markdown_text(text)


def _as_of(report: Report, lang: Lang) -> str:
    """截至…; before the notice is issued (or the campaign starts) it says so: a preview, nothing is due yet."""
    if report.not_yet is None:
        return t("report_as_of", lang, date=day_long(report.today, lang))
    what, day = report.not_yet
    return t("report_as_of_not_yet_" + what, lang, date=day_long(report.today, lang), day=day_long(day, lang))


def markdown(c: Campaign, report: Report, figures: Figures, lang: Lang, source: str) -> str:
    d = draft(c, report, figures, lang)
    out = [f"# {md(d.title)}", "", f"*{d.as_of}*", ""]
    if d.to:
        out += [md(d.to), ""]
    for s in d.sections:
        out += [f"{'##' if s.level == 1 else '###'} {s.heading}", ""]
        for p in s.paragraphs:
            out += [md(p), ""]
        entries = [f"- **{md(lead.rstrip('：: '))}**{'：' if lang == 'zh' else ': '}{md(text)}" for lead, text in s.entries]
        entries += [""] if entries else []
        table: list[str] = []
        if s.table is not None:
            tb = s.table
            table.append("| " + " | ".join(md(x) for x in tb.header) + " |")
            table.append("|" + "|".join("---:" if k in tb.numeric else "---" for k in range(len(tb.header))) + "|")
            table += ["| " + " | ".join(md(x) for x in row) + " |" for row in tb.rows]
            table.append("")
        out += table + entries if s.table_first else entries + table
    if d.issuer:
        out += [md(d.issuer), ""]
    out += [d.date, "", f"<sub>{md(t('report_generated', lang, file=source, date=report.today.isoformat()))}</sub>", ""]
    return "\n".join(out)


# ── HTML ─────────────────────────────────────────────────────────────────────

CSS = """
@page { size: A4; margin: 25mm 22mm 22mm 25mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 180mm; padding: 12mm 0; color: #111; line-height: 1.7;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC",
  "Source Han Serif SC", "Songti SC", serif; font-size: 15px; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "STZhongsong", "华文中宋", "SimSun", "Noto Serif CJK SC", serif;
  font-size: 26px; font-weight: normal; text-align: center; line-height: 1.45; margin: 0 0 6px; }
.banner { text-align: center; margin: 0 0 18px; }
.mark { color: #e00; font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "STZhongsong", "华文中宋", "SimSun",
  "Noto Serif CJK SC", serif; font-size: 40px; letter-spacing: 2px; margin: 0 0 18px; text-indent: 0; line-height: 1.3; }
.doc-number { text-indent: 0; margin: 0 0 4px; }
hr.rule { border: 0; border-top: 2px solid #e00; margin: 4px 0 0; }
h1 .tl { display: inline-block; }
.to { text-indent: 0; margin: 12px 0 6px; }
h3 { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", serif; font-size: 16px;
  font-weight: normal; margin: 14px 0 6px; break-after: avoid; }
p.placeholder { background: #fff2cc; }
.as-of { text-align: center; font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", serif;
  margin: 0 0 18px; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 17px;
  font-weight: normal; margin: 22px 0 8px; break-after: avoid; }
p { margin: 6px 0; text-indent: 2em; }
p.entry { text-indent: 0; padding-left: 2em; }
p.entry b { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; line-height: 1.4; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #555; padding: 3px 6px; }
th { background: #eef1f6; font-weight: bold; text-align: center; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; height: 9px; background: #4472c4; vertical-align: middle; margin-right: 6px; }
.bar-cell { white-space: nowrap; }
figure { margin: 10px 0; break-inside: avoid; }
figcaption { font-size: 12px; color: #444; text-align: center; }
.sign { text-align: right; margin-top: 28px; text-indent: 0; }
.footnote { margin-top: 24px; font-size: 11px; color: #666; text-indent: 0; }
@media print { body { padding: 0; max-width: none; } }
"""


def h(text: str) -> str:
    """Data in HTML (qmonth.core.escape's policy): controls made visible, then & < > " ' as entities."""
    return escape.html_text(text)


def html_page(c: Campaign, report: Report, figures: Figures, lang: Lang, source: str) -> str:
    """One self-contained page: inline styles, an inline SVG chart, no script, no external reference."""
    d = draft(c, report, figures, lang)
    body: list[str] = []
    if d.mark:
        body.append('<header class="banner">')
        body.append(f'<p class="mark">{h(d.mark)}</p>')
        if d.doc_number:
            body.append(f'<p class="doc-number">{h(d.doc_number)}</p>')
        body.append('<hr class="rule"></header>')
    # the title's lines as cut between words (gongwen.title_lines): each line kept whole
    lines = "<br>".join(f'<span class="tl">{h(line)}</span>' for line in d.title_lines or [d.title])
    body += [f"<h1>{lines}</h1>", f'<p class="as-of">{h(d.as_of)}</p>']
    if d.to:
        body.append(f'<p class="to">{h(d.to)}</p>')
    for s in d.sections:
        body.append(f"<h2>{h(s.heading)}</h2>" if s.level == 1 else f"<h3>{h(s.heading)}</h3>")
        body += [f'<p class="placeholder">{h(p)}</p>' if s.placeholder else f"<p>{h(p)}</p>" for p in s.paragraphs]
        entries = [f'<p class="entry"><b>{h(lead)}</b>{h(text)}</p>' for lead, text in s.entries]
        if s.table_first and s.table is not None:
            body.append(_html_table(s.table))
        body += entries
        if s.chart:
            body.append(f"<figure>{trend_svg(figures, lang)}<figcaption>{h(t('xlsx_chart_trend', lang))}</figcaption></figure>")
        if s.table is not None and not s.table_first:
            body.append(_html_table(s.table))
    if d.issuer:
        body.append(f'<p class="sign">{h(d.issuer)}<br>{h(d.date)}</p>')
    else:
        body.append(f'<p class="sign">{h(d.date)}</p>')
    body.append(f'<p class="footnote">{h(t("report_generated", lang, file=source, date=report.today.isoformat()))}</p>')
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(d.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _html_table(tb: Table) -> str:
    head = "".join(f"<th>{h(x)}</th>" for x in tb.header)
    rows = []
    for row in tb.rows:
        cells = []
        for k, value in enumerate(row):
            if k == tb.bars:
                width = int(value.rstrip("%") or 0)
                cells.append(f'<td class="n bar-cell"><span class="bar" style="width:{width * 0.6:.0f}px"></span>{h(value)}</td>')
            else:
                cells.append(f'<td class="n">{h(value)}</td>' if k in tb.numeric else f"<td>{h(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def trend_svg(figures: Figures, lang: Lang, width: int = 640, height: int = 240) -> str:
    """Completion over time as an inline SVG line chart (percent of all items done, by day)."""
    pts = figures.trend
    left, right, top, bottom = 44, 16, 14, 30
    w, hgt = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{h(t("xlsx_chart_trend", lang))}" font-size="11" font-family="sans-serif">'
    ]
    for pct in (0, 25, 50, 75, 100):
        y = top + hgt * (1 - pct / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + w}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{pct}%</text>')
    if pts:
        span = max(1, (pts[-1].day - pts[0].day).days)

        def xy(n: int) -> tuple[float, float]:
            p = pts[n]
            return left + w * (p.day - pts[0].day).days / span, top + hgt * (1 - (p.done / p.total if p.total else 1))

        def plan(n: int) -> tuple[float, float]:
            p = pts[n]
            return xy(n)[0], top + hgt * (1 - (min(p.due, p.total) / p.total if p.total else 1))

        # the plan: the share of items whose deadline had come by each day (dashed), then what was done
        due = " ".join(f"{x:.1f},{y:.1f}" for x, y in (plan(n) for n in range(len(pts))))
        parts.append(f'<polyline points="{due}" fill="none" stroke="#999" stroke-width="1.5" stroke-dasharray="5 4"/>')
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(n) for n in range(len(pts))))
        parts.append(f'<polyline points="{line}" fill="none" stroke="#548235" stroke-width="2"/>')
        legend_y = top + 12
        parts.append(
            f'<line x1="{left + 10}" y1="{legend_y - 4}" x2="{left + 34}" y2="{legend_y - 4}" stroke="#548235" stroke-width="2"/>'
        )
        parts.append(f'<text x="{left + 40}" y="{legend_y}" fill="#333">{h(t("chart_done", lang))}</text>')
        parts.append(
            f'<line x1="{left + 10}" y1="{legend_y + 12}" x2="{left + 34}" y2="{legend_y + 12}" stroke="#999" '
            'stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        parts.append(f'<text x="{left + 40}" y="{legend_y + 16}" fill="#333">{h(t("chart_due", lang))}</text>')
        x, y = xy(len(pts) - 1)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#548235"/>')
        parts.append(f'<text x="{x - 4:.1f}" y="{y - 8:.1f}" text-anchor="end" fill="#333">{pts[-1].percent}%</text>')
        ticks = sorted({0, len(pts) - 1, *range(0, len(pts), max(1, len(pts) // 6))})
        for n in ticks:
            if n < len(pts) - 1 and len(pts) - 1 - n < max(1, len(pts) // 12):
                continue  # too close to the last label
            x, _ = xy(n)
            label = h(day_short(pts[n].day, lang))
            parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" fill="#555">{label}</text>')
    parts.append(f'<line x1="{left}" y1="{top + hgt}" x2="{left + w}" y2="{top + hgt}" stroke="#888"/>')
    parts.append("</svg>")
    return "".join(parts)
