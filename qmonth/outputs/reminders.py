"""`qmonth remind`: the reminders as text (a summary line, then the units, most urgent first), and
one unit's reminder worded to be pasted into a chat. Never prints."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text

from qmonth.core.schedule import Item, State
from qmonth.i18n import Lang, t
from qmonth.outputs.text import contact_line, lit, task_title

if TYPE_CHECKING:
    from qmonth.core.model import Campaign
    from qmonth.core.remind import UnitReminder


_ZH_NUMERALS = "零一二三四五六七八九十"


def _count_word(n: int, lang: Lang) -> str:
    """三 for 3 in Chinese prose (up to ten), the digits otherwise."""
    return _ZH_NUMERALS[n] if lang == "zh" and 0 <= n <= 10 else str(n)


def remind_summary(groups: list[UnitReminder], window: int, lang: Lang) -> str:
    """The first line of the cron mail: how many items overdue and due soon, in how many units."""
    from qmonth.core.remind import summarize

    s = summarize(groups)
    line = t("remind_summary_overdue", lang, n=s.overdue)
    if s.overdue:
        line += t("remind_summary_units", lang, units=s.overdue_units)
    soon = t("remind_summary_soon", lang, w=_count_word(window, lang), n=s.due_soon)
    if s.due_soon:
        soon += t("remind_summary_units", lang, units=s.due_soon_units)
    return line + ("，" if lang == "zh" else "; ") + soon


def _when(item: Item, lang: Lang) -> tuple[str, str]:
    if item.state is State.OVERDUE:
        if item.days_overdue == 0 and item.due_time is not None:
            return t("overdue_since_time", lang, time=f"{item.due_time:%H:%M}"), "red"
        if item.workdays_overdue != item.days_overdue:
            return t("remind_overdue_wd", lang, n=item.days_overdue, w=item.workdays_overdue), "red"
        return t("remind_overdue", lang, n=item.days_overdue), "red"
    if item.days_left == 0:
        return t("remind_due_today", lang), "yellow"
    return t("remind_due_in", lang, n=item.days_left, w=item.workdays_left), "yellow"


def remind_text(c: Campaign, groups: list[UnitReminder], today: dt.date, lang: Lang, window: int | None = None) -> Text:
    """Plain lines (styles only add colour on a terminal; no box drawing): a summary line first,
    then the units, most urgent first."""
    from qmonth.core.dates import format_day

    out = Text()
    out.append(lit(remind_summary(groups, c.campaign.warn_days if window is None else window, lang)) + "\n", style="bold")
    out.append(lit(t("remind_title", lang, title=c.campaign.title_for(lang), date=format_day(today, lang))) + "\n")
    for group in groups:
        out.append("\n")
        out.append(lit(f"{group.name}（{group.unit}）" if lang == "zh" else f"{group.name} ({group.unit})"), style="bold")
        out.append("  " + contact_line(c.units[group.unit], lang) + "\n")
        for item in group.items:
            when, style = _when(item, lang)
            out.append(f"  - {lit(task_title(c, item.task, lang))}")
            due = format_day(item.deadline, lang) + (f" {item.due_time:%H:%M}" if item.due_time is not None else "")
            out.append(t("remind_item", lang, date=due, when=when), style=style)
            if item.long_break is not None and item.state is State.DUE_SOON:
                b = item.long_break
                out.append("  " + t("long_break_note", lang, start=format_day(b[0], lang), end=format_day(b[1], lang)))
            out.append("\n")
    who = _coordinator(c)
    if who:
        out.append("\n" + lit(t("remind_contact", lang, who=who)) + "\n")
    return out


def _coordinator(c: Campaign) -> str:
    contact = c.campaign.contact
    if contact is None or not (contact.name or contact.phone):
        return ""
    return " ".join(p for p in (contact.office, contact.name, contact.phone, contact.messaging) if p)


def remind_message(c: Campaign, group: UnitReminder, today: dt.date, lang: Lang) -> str:
    """One unit's reminder, worded to be pasted into a chat (粤政易, WeChat) as it is."""
    from qmonth.core.dates import format_day

    late = [i for i in group.items if i.state is State.OVERDUE]
    soon = [i for i in group.items if i.state is not State.OVERDUE]
    lines = [t("msg_to", lang, name=group.name)]
    if late:
        head = t("msg_overdue", lang, title=c.campaign.title_for(lang), n=len(late))
        if soon:
            head += t("msg_soon", lang, n=len(soon))
    else:
        head = t("msg_soon_only", lang, title=c.campaign.title_for(lang), n=len(soon))
    lines.append(head + ("：" if lang == "zh" else ":"))
    for n, item in enumerate(group.items, 1):
        when, _ = _when(item, lang)
        due = format_day(item.deadline, lang) + (f" {item.due_time:%H:%M}" if item.due_time is not None else "")
        lines.append(f"{n}. {task_title(c, item.task, lang)}" + t("remind_item", lang, date=due, when=when))
    lines.append(t("msg_ask", lang))
    contact = c.campaign.contact
    if contact is not None and (contact.name or contact.phone):
        who = " ".join(p for p in (contact.office, contact.name) if p)
        lines.append(t("msg_contact", lang, who=who, phone=contact.phone or contact.messaging))
    sign = " ".join(p for p in (c.campaign.issuer, contact.office if contact else "") if p)
    if sign:
        lines.append(sign)
    lines.append(format_day(today, lang))
    return "\n".join(lit(line) for line in lines) + "\n"
