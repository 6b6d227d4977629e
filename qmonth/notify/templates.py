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
from dataclasses import dataclass
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
        "warn": "{unit}：{summary}。",
        "chase": "{unit}：{summary}，请抓紧报送。",
        "escalate": "{unit}：{summary}，请立即办理。",
        "more": "……另有{units}个单位（{count}项）未列出，详见今日通报。",
        "contact": "联系人：{contact}",
    },
    "en": {
        "header": "{title}: reminders · {today}",
        "warn": "{unit}: {summary}.",
        "chase": "{unit}: {summary}; please complete and report it now.",
        "escalate": "{unit}: {summary}; please act immediately.",
        "more": "… and {units} more unit(s) ({count} item(s)) not listed; see today's progress report.",
        "contact": "Contact: {contact}",
    },
}

# The parts of a unit's one-line summary ({summary}), in working days.
_PARTS: dict[str, dict[str, str]] = {
    "zh": {
        "overdue": "逾期 {n} 项，最久 {w} 个工作日",
        "overdue_rest": "逾期 {n} 项",
        "unreported": "{n} 项活动未报完成情况",
        "soon": "{n} 项{date}到期",
        "period": "{n} 项活动应于{period}内完成",
        "covers": "须附 {n} 项活动完成情况",
        "sep": "；",
    },
    "en": {
        "overdue": "{n} overdue, the oldest by {w} working day(s)",
        "overdue_rest": "{n} overdue",
        "unreported": "{n} activity item(s) not reported",
        "soon": "{n} due {date}",
        "period": "{n} activity item(s) to be done within the campaign ({period})",
        "covers": "reporting {n} activity item(s) with it",
        "sep": "; ",
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
    covers: tuple[Item, ...] = ()  # a report's: the activity items it must cover (chased with it)


def levels(c: Campaign, groups: list[UnitReminder], cal: WorkCalendar) -> list[Due]:
    """Each reminder's level. Only a deadline the notice set is ever overdue: past one, 催办, and
    通报 after `escalate_after` working days; an activity item whose period is over and that is
    chased on its own (no report to go with) is a 催办 worded "not reported yet"."""
    from qmonth.core.schedule import State

    after = c.reminders.escalate_after
    out: list[Due] = []
    for g in groups:
        for item in g.items:
            covers = tuple(g.covers.get(item.task, ()))
            if item.state is State.OVERDUE and item.implied:
                out.append(Due(g.unit, item.task, "chase", item, 0, covers))
            elif item.state is State.OVERDUE:
                late = item.workdays_overdue
                out.append(Due(g.unit, item.task, "escalate" if late > after else "chase", item, late, covers))
            else:
                out.append(Due(g.unit, item.task, "warn", item, item.workdays_left or 0, covers))
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
    copy: bool = False  # the coordinator's own copy (logged once as such, not against each unit)


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


def _short_day(d: dt.date, lang: str) -> str:
    return f"{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {d.strftime('%b')}"


def by_unit(dues: list[Due]) -> list[list[Due]]:
    """The dues grouped by unit, worst unit first: 通报 before 催办 before 提醒, then the most
    working days overdue, then the most items overdue, then the most items; file order otherwise."""
    groups: dict[str, list[Due]] = {}
    for d in dues:
        groups.setdefault(d.unit, []).append(d)

    def rank(ds: list[Due]) -> tuple[int, int, int, int]:
        worst = min(LEVEL_ORDER.index(d.level) for d in ds)
        late = [d.workdays for d in ds if d.level != "warn" and not d.item.implied]
        return (worst, -max(late, default=0), -len(late), -len(ds))

    return sorted(groups.values(), key=rank)


def _unit_line(c: Campaign, dues: list[Due], today: dt.date, lang: str, style: Style) -> str:
    """One unit's line: "吴川市：逾期 1 项，最久 15 个工作日；17 项活动尚未报送完成情况，请抓紧办理并及时报送。"."""
    from qmonth.outputs.reminders import period_text

    words = _PARTS[lang]
    late = [d for d in dues if d.level != "warn" and not d.item.implied]
    unrep = [d for d in dues if d.level != "warn" and d.item.implied]
    soon = [d for d in dues if d.level == "warn" and not d.item.implied]
    period = [d for d in dues if d.level == "warn" and d.item.implied]
    parts = []
    worst = max((d.workdays for d in late), default=0)
    if late:
        said = words["overdue" if worst else "overdue_rest"].format(n=len(late), w=worst)
        if worst and any(d.item.assumed for d in late if d.workdays == worst):  # rests on expected holidays
            from qmonth.i18n import t

            said += t("assumed_inline", "en" if lang == "en" else "zh")
        parts.append(said)
    if unrep:
        parts.append(words["unreported"].format(n=len(unrep)))
    if soon:
        first = min(d.item.deadline for d in soon)
        parts.append(words["soon"].format(n=len(soon), date=_short_day(first, lang)))
    if period:
        parts.append(words["period"].format(n=len(period), period=period_text(c, lang)))  # type: ignore[arg-type]
    covered = sum(len(d.covers) for d in dues)
    if covered:
        parts.append(words["covers"].format(n=covered))
    level = min((d.level for d in dues), key=LEVEL_ORDER.index)
    return _fill(
        c,
        level,
        lang,
        unit=style.esc(c.units[dues[0].unit].label),
        summary=words["sep"].join(parts),
        count=len(dues),
        workdays=worst,
        after=c.reminders.escalate_after,
        today=long_day(today, lang),
    )


def _contact(c: Campaign, lang: str, style: Style) -> str:
    """联系人：every issuer contact the notice names, "；"-separated; "" when none."""
    from qmonth.outputs.text import coordinators_text

    who = coordinators_text(c, "en" if lang == "en" else "zh")
    return _fill(c, "contact", lang, contact=style.esc(who)) if who else ""


def _mobile(c: Campaign, unit: str) -> str:
    """The liaison's mobile to @-mention: its 11 digits (1[3-9]…), or "" for anything else."""
    from qmonth.core.fields import mention_mobile

    liaison = c.units[unit].liaison
    return (mention_mobile(liaison.mobile) or "") if liaison is not None and liaison.mobile else ""


MENTION_BYTES = 16  # the room a robot's appended "@name" may take for each mention


def digest(
    c: Campaign, dues: list[Due], today: dt.date, lang: str, style: Style, limit: int | None = None, mention: bool = False
) -> Message:
    """The group digest: one line per unit, worst first (`_unit_line`). If it exceeds `limit`
    bytes (UTF-8, with room for each @-mention the robot appends), the worst units come first and
    a last line says how many units were left out and where the full list is (today's 通报).
    `mention`: the named units' liaisons' mobiles."""
    title = _fill(c, "header", lang, title=style.esc(c.campaign.title_for(lang)), today=long_day(today, lang))
    head = style.header(title)
    contact = _contact(c, lang, style)
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
        return len(text.encode("utf-8")) + (MENTION_BYTES * len(mentions) if mention and not style.markdown else 0)

    body: list[str] = []
    covered: list[Due] = []
    mentions: list[str] = []
    units = by_unit(dues)
    for n, ds in enumerate(units):
        line = style.bullet(_unit_line(c, ds, today, lang, style))
        mobile = _mobile(c, ds[0].unit)
        new_mentions = mentions + ([mobile] if mobile and mobile not in mentions else [])
        rest = units[n + 1 :]
        more = _more(c, lang, rest) if rest and limit is not None else ""
        if limit is not None and size(assemble([*body, line], new_mentions, more), new_mentions) > limit:
            more = _more(c, lang, units[n:])
            return Message(
                title, assemble(body, mentions, more), tuple(mentions) if mention else (), tuple(covered), markdown=style.markdown
            )
        body.append(line)
        covered += ds
        mentions = new_mentions
    text = assemble(body, mentions)
    return Message(title, text, tuple(mentions) if mention else (), tuple(covered), markdown=style.markdown)


def _more(c: Campaign, lang: str, left_out: list[list[Due]]) -> str:
    return _fill(c, "more", lang, count=sum(len(ds) for ds in left_out), units=len(left_out))


def unit_mail(c: Campaign, group: UnitReminder, dues: list[Due], today: dt.date, lang: str, to: str) -> Message:
    """A unit's own mail: its `remind --unit` letter (addressed to it, items numbered, working
    days, the coordinator's contact, signed), with the items of `dues` (what this channel takes)."""
    import dataclasses

    from qmonth.outputs.reminders import remind_message

    tasks = {d.task for d in dues}
    mine = dataclasses.replace(group, items=[i for i in group.items if i.task in tasks])
    title = _fill(c, "header", lang, title=plain(c.campaign.title_for(lang)), today=long_day(today, lang))
    return Message(title, remind_message(c, mine, today, lang), (), tuple(dues), to=to)  # type: ignore[arg-type]
