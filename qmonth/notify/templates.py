"""What the messages say: each reminder's level, the texts (templates), and digests that fit.

Pure: the campaign, the reminders, the calendar and today come in; messages (plain data) go out.

Levels, in working days: `warn` (提醒, due within the warning window), `chase` (催办, overdue),
`escalate` (通报, overdue by more than `[reminders] escalate_after` working days, default 3).
A digest has one line per (level, task), worst first, naming the units concerned; a digest that
would not fit a platform's size limit names the worst first and then says how many more.

Text from the data (unit names, task titles, the contact) is made inert before it goes into a
message: control characters and line breaks become visible escapes (issue 8's `escape.terminal`: no
forged lines), and in Markdown the characters that would make syntax (links, emphasis, headings,
HTML, @-mentions) are written in their full-width forms. (Not `escape.markdown_text`'s backslashes:
the robots' Markdown renderers do not reliably honour backslash escapes, and it leaves @ alone.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qmonth.core.calendar import WorkCalendar
    from qmonth.core.model import Campaign
    from qmonth.core.remind import UnitReminder
    from qmonth.core.schedule import Item

LEVEL_ORDER = ("escalate", "chase", "warn")  # worst first

# The placeholders each template may use are checked when the file is read: qmonth.core.placeholders.


DEFAULTS: dict[str, dict[str, str]] = {
    "zh": {
        "header": "{title}催办提醒 · {today}",
        "warn": "{units}：请于{deadline}前{task}。",
        "chase": "{units}：{task}已于{deadline}截止，现已逾期{days}天，请抓紧办理并及时报送。",
        "escalate": "通报：{task}已于{deadline}截止，截至{today}，{units}等{count}个单位仍未完成，"
        "已逾期{workdays}个工作日，请高度重视，立即办理。",
        "more": "……另有{count}项（{units}个单位）未列出，详见 qmonth status。",
        "contact": "联系人：{contact}",
    },
    "en": {
        "header": "{title}: reminders · {today}",
        "warn": "{units}: please {task} by {deadline}.",
        "chase": "{units}: {task} was due on {deadline} and is {days} day(s) overdue; please complete and report it now.",
        "escalate": "Notice: as of {today}, {count} unit(s) are {workdays} working day(s) overdue with {task} "
        "(due {deadline}): {units}. Please act immediately.",
        "more": "… and {count} more item(s) ({units} unit(s)) not listed; see qmonth status.",
        "contact": "Contact: {contact}",
    },
}

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_day(d: dt.date, lang: str) -> str:
    """2024年9月10日（星期二） / Tuesday 10 September 2024: how an official text writes a date."""
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日（星期{_WEEKDAYS_ZH[d.weekday()]}）"
    return f"{_WEEKDAYS_EN[d.weekday()]} {d.day} {d.strftime('%B')} {d.year}"


# ── templates: checked by `check`, filled here ───────────────────────────────


def template(c: Campaign, name: str, lang: str) -> str:
    override = getattr(c.reminders.templates, name)
    return override if override is not None else DEFAULTS[lang][name]


# ── inert data in messages ───────────────────────────────────────────────────

# Markdown syntax characters in data become their full-width forms: shown as the same sign, never
# read as emphasis, links, headings, tables, HTML or @-mentions, whatever a robot's renderer supports.
_MD_INERT = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "\\`*_[]<>#|~@!"})


def plain(value: object) -> str:
    """One line of literal text (issue 8's policy, `escape.terminal`): control characters, line
    breaks and bidi overrides become visible \\uXXXX escapes, so data can never start a line."""
    from qmonth.core.escape import terminal

    return terminal(value)


def markdown(value: object) -> str:
    """Literal text inside Markdown: syntax characters made inert (full-width), one line."""
    return plain(value).translate(_MD_INERT)


# ── levels ───────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Due:
    """One reminder with its level."""

    unit: str
    task: str
    level: str  # warn | chase | escalate
    item: Item
    workdays: int  # working days overdue (chase, escalate) or left (warn)


def levels(c: Campaign, groups: list[UnitReminder], cal: WorkCalendar) -> list[Due]:
    from qmonth.core.schedule import State

    after = c.reminders.escalate_after
    out: list[Due] = []
    for g in groups:
        for item in g.items:
            if item.state is State.OVERDUE:
                late = cal.workdays_left(item.deadline, item.deadline + dt.timedelta(days=item.days_overdue))
                out.append(Due(g.unit, item.task, "escalate" if late > after else "chase", item, late))
            else:
                out.append(Due(g.unit, item.task, "warn", item, item.workdays_left or 0))
    return out


# ── messages ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Message:
    title: str  # the header line (a mail's subject, a Markdown message's title)
    text: str  # the whole message, header included
    mentions: tuple[str, ...] = ()  # mobiles to @-mention
    covers: tuple[Due, ...] = ()  # what the message names: logged once it is delivered
    to: str = ""  # a mail's recipient
    markdown: bool = False


@dataclass
class _Line:
    level: str
    task: str
    dues: list[Due] = field(default_factory=list)


def _lines(dues: list[Due]) -> list[_Line]:
    """One line per (level, task): worst level first, then most overdue / nearest deadline."""
    by: dict[tuple[str, str], _Line] = {}
    for d in dues:
        by.setdefault((d.level, d.task), _Line(d.level, d.task)).dues.append(d)

    def rank(ln: _Line) -> tuple[int, int, dt.date]:
        first = ln.dues[0].item
        return (LEVEL_ORDER.index(ln.level), -first.days_overdue, first.deadline)

    return sorted(by.values(), key=rank)


@dataclass(frozen=True)
class Style:
    """How a message is written: Markdown or plain, and how data is made inert."""

    markdown: bool = False

    @property
    def esc(self) -> Callable[[object], str]:
        return markdown if self.markdown else plain

    def header(self, text: str) -> str:
        return f"### {text}" if self.markdown else text

    def bullet(self, text: str) -> str:
        return f"- {text}" if self.markdown else text


def _fill(c: Campaign, name: str, lang: str, **params: object) -> str:
    return template(c, name, lang).format(**params)


def _line_text(c: Campaign, ln: _Line, dues: list[Due], today: dt.date, lang: str, style: Style) -> str:
    first = dues[0]
    sep = "、" if lang == "zh" else ", "
    item = first.item
    days = item.days_overdue if ln.level != "warn" else (item.days_left or 0)
    return _fill(
        c,
        ln.level,
        lang,
        units=sep.join(style.esc(c.units[d.unit].label) for d in dues),
        count=len(dues),
        task=style.esc(c.tasks[ln.task].title_for(lang)),
        deadline=long_day(item.deadline, lang),
        days=days,
        workdays=first.workdays,
        after=c.reminders.escalate_after,
        today=long_day(today, lang),
    )


def _contact(c: Campaign, lang: str, style: Style) -> str:
    k = c.campaign.contact
    if k is None or not (k.name or k.phone):
        return ""
    who = " ".join(p for p in (k.office, k.name, k.phone, k.messaging) if p)
    return _fill(c, "contact", lang, contact=style.esc(who))


def _mobile(c: Campaign, unit: str) -> str:
    """The liaison's mobile to @-mention: its 11 digits (1[3-9]…), or "" for anything else."""
    from qmonth.core.fields import mention_mobile

    liaison = c.units[unit].liaison
    return (mention_mobile(liaison.mobile) or "") if liaison is not None and liaison.mobile else ""


def digest(
    c: Campaign, dues: list[Due], today: dt.date, lang: str, style: Style, limit: int | None = None, mention: bool = False
) -> Message:
    """The whole digest for a channel; if it exceeds `limit` bytes (UTF-8), the worst come first
    and a last line says how many more were left out. `mention`: the named units' liaisons' mobiles.
    """
    title = _fill(c, "header", lang, title=style.esc(c.campaign.title_for(lang)), today=long_day(today, lang))
    head = style.header(title)
    contact = _contact(c, lang, style)
    lines = _lines(dues)
    sep = "\n\n" if style.markdown else "\n"

    def assemble(body: list[str], mentions: list[str], more: str = "") -> str:
        parts = [head, *body]
        if more:
            parts.append(more)
        if contact:
            parts.append(contact)
        text = sep.join(parts)
        if mention and style.markdown and mentions:  # DingTalk's Markdown @-mentions are written in the text
            text += sep + " ".join("@" + m for m in mentions)
        return text

    def size(text: str, mentions: list[str]) -> int:
        # a robot may append "@name" for each mention: count some room for it
        return len(text.encode("utf-8")) + (16 * len(mentions) if mention and not style.markdown else 0)

    whole = [style.bullet(_line_text(c, ln, ln.dues, today, lang, style)) for ln in lines]
    all_mentions = list(dict.fromkeys(m for m in (_mobile(c, d.unit) for d in dues) if m))
    if limit is None or size(assemble(whole, all_mentions), all_mentions) <= limit:
        covers = tuple(d for ln in lines for d in ln.dues)
        return Message(
            title, assemble(whole, all_mentions), tuple(all_mentions) if mention else (), covers, markdown=style.markdown
        )
    body: list[str] = []
    covered: list[Due] = []
    mentions: list[str] = []
    left_out: list[Due] = []
    for ln in lines:
        if left_out:  # once something was left out, everything after it is too (worst first)
            left_out += ln.dues
            continue
        # the most units of this line that still fit, leaving room for the "more" line
        for n in range(len(ln.dues), 0, -1):
            part = ln.dues[:n]
            rest = ln.dues[n:]
            new_mentions = mentions + [m for m in (_mobile(c, d.unit) for d in part) if m and m not in mentions]
            text_line = style.bullet(_line_text(c, ln, part, today, lang, style))
            # what would be left out if nothing after this fitted: its "more" line must fit too
            after = rest + [d for later in lines[lines.index(ln) + 1 :] for d in later.dues]
            more = _more(c, lang, after) if after else ""
            if size(assemble([*body, text_line], new_mentions, more), new_mentions) <= limit:
                body.append(text_line)
                covered += part
                mentions = new_mentions
                left_out += rest
                break
        else:
            left_out += ln.dues
    more = _more(c, lang, left_out) if left_out else ""
    text = assemble(body, mentions, more)
    return Message(title, text, tuple(mentions) if mention else (), tuple(covered), markdown=style.markdown)


def _more(c: Campaign, lang: str, left_out: list[Due]) -> str:
    return _fill(c, "more", lang, count=len(left_out), units=len({d.unit for d in left_out}))


def unit_mail(c: Campaign, unit: str, dues: list[Due], today: dt.date, lang: str, to: str) -> Message:
    """A unit's own reminders, addressed to its liaison or office."""
    msg = digest(c, dues, today, lang, Style())
    salutation = f"{plain(c.units[unit].name)}：" if lang == "zh" else f"To {plain(c.units[unit].name)}:"
    return Message(msg.title, salutation + "\n\n" + msg.text, (), msg.covers, to=to)
