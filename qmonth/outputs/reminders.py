"""`qmonth remind`: the reminders as text (a summary line, then the units, most urgent first), and
one unit's reminder worded to be pasted into a chat. Never prints."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text

from qmonth.core.schedule import Item, State
from qmonth.i18n import Lang, listing, t
from qmonth.outputs.text import (
    assumed_note,
    class_line,
    contact_line,
    contact_who,
    coordinators_text,
    lit,
    receipt_asked,
    task_title,
)

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
    sep = "，" if lang == "zh" else "; "
    line += sep + soon
    if s.unreported:
        line += (
            sep + t("remind_summary_unreported", lang, n=s.unreported) + t("remind_summary_units", lang, units=s.unreported_units)
        )
    return line


def period_text(c: Campaign, lang: Lang) -> str:
    """The activity period as the notice says it: 9月 for a whole month, else 9月1日至10月15日."""
    import calendar

    start, end = c.campaign.start, c.campaign.end
    whole = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole and (start.year, start.month) == (end.year, end.month):
        return f"{start.month}月" if lang == "zh" else start.strftime("%B")
    if lang == "zh":
        return f"{start.month}月{start.day}日至{end.month}月{end.day}日"
    return f"{start:%d %B} to {end:%d %B}".lstrip("0")


def when(c: Campaign, item: Item, lang: Lang) -> tuple[str, str]:
    """How a message words an item's standing, in working days. A deadline implied by the period
    is never "overdue": before the end, to be done within the period; after it, not reported yet.
    Past a deadline with no working day since (a rest day): said so, never "0 working days"."""
    if item.implied:
        if item.state is State.OVERDUE:
            return t("remind_unreported", lang), "red"
        return t("remind_in_period", lang, period=period_text(c, lang)), "yellow"
    if item.state is State.OVERDUE:
        if item.days_overdue == 0 and item.due_time is not None:
            return t("overdue_since_time", lang, time=f"{item.due_time:%H:%M}"), "red"
        if item.workdays_overdue == 0:
            return t("remind_overdue_rest_day", lang), "red"
        return t("remind_overdue_wd", lang, w=item.workdays_overdue) + _assumed(item, lang), "red"
    if item.days_left == 0:
        return t("remind_due_today", lang), "yellow"
    if not item.workdays_left:
        return t("remind_due_no_workday", lang), "yellow"
    return t("remind_due_in", lang, w=item.workdays_left) + _assumed(item, lang), "yellow"


def _assumed(item: Item, lang: Lang) -> str:
    """（含预计假期） after a count of working days that rests on expected holidays (a message goes
    out in the bureau's name: said in words, explained once at the end by `assumed_line`)."""
    return t("assumed_inline", lang) if item.assumed else ""


def assumed_line(items: list[Item], lang: Lang) -> str | None:
    """The one line explaining （含预计假期）, for the items whose figure a message says."""
    said = [i for i in items if not i.implied and (i.workdays_overdue if i.state is State.OVERDUE else i.workdays_left)]
    return assumed_note(said, lang, "msg_assumed_note")


def item_text(c: Campaign, item: Item, lang: Lang) -> str:
    """ "（截止 2024年9月10日，已逾期 15 个工作日）", or for an implied deadline "（活动期内（9月）应完成）"."""
    from qmonth.core.dates import format_day

    said, _ = when(c, item, lang)
    if item.implied:
        return t("remind_item_implied", lang, when=said)
    due = format_day(item.deadline, lang) + (f" {item.due_time:%H:%M}" if item.due_time is not None else "")
    return t("remind_item", lang, date=due, when=said)


def covered_lines(c: Campaign, group: UnitReminder, task: str, lang: Lang) -> list[str]:
    """Under a report (the 总结): the activity items it must cover, not reported yet."""
    items = group.covers.get(task, [])
    if not items:
        return []
    out = [t("remind_covers", lang, n=len(items))]
    for n, item in enumerate(items, 1):
        mark = f"（{n}）" if lang == "zh" else f"({n}) "
        out.append(mark + task_title(c, item.task, lang))
    return out


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
        unit = c.units[group.unit]
        contact = contact_line(unit, lang, receipt=receipt_asked(c, group.unit)) if unit.named else class_line(c, lang)
        out.append("  " + contact + "\n")
        for item in group.items:
            _, style = when(c, item, lang)
            out.append(f"  - {lit(task_title(c, item.task, lang))}")
            out.append(lit(item_text(c, item, lang)), style=style)
            if item.long_break is not None and item.state is State.DUE_SOON:
                b = item.long_break
                out.append("  " + t("long_break_note", lang, start=format_day(b[0], lang), end=format_day(b[1], lang)))
            out.append("\n")
            for line in covered_lines(c, group, item.task, lang):
                out.append("      " + lit(line) + "\n")
    note = assumed_line([i for g in groups for i in g.items], lang)
    if note is not None:
        out.append("\n" + lit(note) + "\n")
    who = coordinators_text(c, lang)
    if who:
        out.append("\n" + lit(t("remind_contact", lang, who=who)) + "\n")
    return out


def _ask(c: Campaign, lang: Lang) -> str:
    """如有疑问，请联系质安科 张三（0759-…）: every issuer contact, "" when none."""
    contacts = c.campaign.callable_contacts
    if len(contacts) == 1:
        k = contacts[0]
        return t("msg_contact", lang, who=contact_who(k), phone=k.phone or k.messaging)
    parts = []
    for k in contacts:
        who, phone = contact_who(k), k.phone or k.messaging
        parts.append((f"{who}（{phone}）" if lang == "zh" else f"{who} ({phone})") if phone else who)
    return t("msg_contacts", lang, who=listing(parts, lang)) if parts else ""


def remind_message(c: Campaign, group: UnitReminder, today: dt.date, lang: Lang) -> str:
    """One unit's reminder letter, worded to be pasted into a chat (粤政易, WeChat) or mailed as it
    is: addressed to the unit, its items numbered, in working days, the coordinator's contact,
    signed with the bureau and the date."""
    from qmonth.core.dates import format_day
    from qmonth.core.remind import late, unreported

    over = [i for i in group.items if late(i)]
    unrep = [i for i in group.items if unreported(i)]
    soon = [i for i in group.items if i.state is not State.OVERDUE and not i.implied]
    period = [i for i in group.items if i.state is not State.OVERDUE and i.implied]
    unit = c.units[group.unit]
    coordinators = listing((contact_who(k) for k in c.campaign.callable_contacts), lang)
    if unit.named or not coordinators:
        lines = [t("msg_to", lang, name=group.name)]
    else:  # a class of units not named yet: no contact of its own, so the letter goes to the coordinator
        lines = [t("msg_to_class", lang, who=coordinators, name=group.name)]
    parts = []
    if over:
        parts.append(t("msg_part_overdue", lang, n=len(over)))
    if unrep:
        parts.append(t("msg_part_unreported", lang, n=len(unrep)))
    if soon:
        parts.append(t("msg_part_soon", lang, n=len(soon)))
    if period:
        parts.append(t("msg_part_period", lang, n=len(period), period=period_text(c, lang)))
    first = parts[0] if over or lang != "zh" else "有 " + parts[0]
    said = "msg_head" if unit.named else "msg_head_class"
    head = t(said, lang, title=c.campaign.title_for(lang), name=group.name) + first
    head += "".join(t("msg_part_more", lang, part=p) for p in parts[1:])
    lines.append(head + ("：" if lang == "zh" else ":"))
    for n, item in enumerate(group.items, 1):
        lines.append(f"{n}. {task_title(c, item.task, lang)}" + item_text(c, item, lang))
        lines += ["   " + line for line in covered_lines(c, group, item.task, lang)]
    lines.append(t("msg_ask", lang))
    note = assumed_line(group.items, lang)
    if note is not None:
        lines.append(note)
    if c.serve.base_url:  # the page's address, never the unit's secret link (README "qmonth serve")
        lines.append(t("msg_page", lang, url=c.serve.base_url.rstrip("/") + "/"))
    ask = _ask(c, lang)
    if ask:
        lines.append(ask)
    contacts = c.campaign.callable_contacts
    sign = " ".join(p for p in (c.campaign.issuer, contacts[0].office if contacts else "") if p)
    if sign:
        lines.append(sign)
    lines.append(format_day(today, lang))
    return "\n".join(lit(line) for line in lines) + "\n"
