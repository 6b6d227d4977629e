"""The words and cells every screen shares: data shown literally (`lit`), task titles, contacts,
lights and states, how late. Never prints.

Text from the data file goes through the escaping policy of `qmonth/core/escape.py`, one function
per output: `lit()` (= `escape.terminal`) for the screens, `escape.csv_row` for CSV,
`escape.markdown_text`/`markdown_link` for Markdown. It is never read as Rich markup (cells are
Text objects, not markup strings); control characters, line breaks and bidi controls are shown
as escapes, never sent to the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text

from qmonth.core import escape
from qmonth.core.schedule import Item, Light, State
from qmonth.i18n import Lang, listing, t
from qmonth.outputs.wrap import Wrapped

if TYPE_CHECKING:
    from qmonth.core.model import Campaign, Contact, Liaison, Unit
    from qmonth.core.schedule import Report


LIGHT_STYLE: dict[Light, str] = {Light.RED: "bold red", Light.YELLOW: "bold yellow", Light.GREEN: "green"}


STATE_STYLE: dict[State, str] = {
    State.DONE: "green",
    State.OVERDUE: "bold red",
    State.DUE_SOON: "yellow",
    State.OPEN: "",
    State.WAIVED: "dim",
}


def lit(value: object) -> str:
    """Data shown literally on a terminal: controls, line breaks and bidi controls become visible
    escapes (see `escape.terminal`), so no data can start a line of its own."""
    return escape.terminal(value)


def due_text(item: Item) -> str:
    """The deadline as shown: the day, and its time of day when it has one (2024-09-10 17:00)."""
    return day_text(item.deadline) + (f" {item.due_time:%H:%M}" if item.due_time is not None else "")


#: After a working-day figure that counts an expected rest day (a year whose 放假安排 is not
#: published: WorkCalendar.expected); explained once per screen by `assumed_note`.
MARK = "†"


def mark(item: Item) -> str:
    """† when the item's working-day figure rests on expected holidays, else ""."""
    return MARK if item.assumed else ""


def _ranges(days: list[dt.date], lang: Lang) -> str:
    """2027-10-04—10-07 (consecutive days, a weekend between them too, as one range)."""
    runs: list[list[dt.date]] = []
    for d in days:
        if runs and (d - runs[-1][-1]).days <= 3:
            runs[-1].append(d)
        else:
            runs.append([d])
    shown = []
    for run in runs:
        first, last = run[0], run[-1]
        end = last.isoformat()[5:] if last.year == first.year else last.isoformat()
        shown.append(first.isoformat() if first == last else f"{first.isoformat()}—{end}")
    return listing(shown, lang)


def assumed_days(items: Iterable[Item], more: Iterable[dt.date] = ()) -> list[dt.date]:
    """The expected rest days the shown figures rest on (and `more`: the plan's), in order."""
    return sorted({d for i in items for d in i.assumed} | set(more))


def assumed_note(items: Iterable[Item], lang: Lang, code: str = "assumed_note", more: Iterable[dt.date] = ()) -> str | None:
    """The footnote for † (`code`: the wording for a letter), once per screen; None when no
    shown figure rests on an expected rest day (`more`: the days another shown figure rests on)."""
    days = assumed_days(items, more)
    if not days:
        return None
    years = listing((str(y) for y in sorted({d.year for d in days})), lang)
    return t(code, lang, days=_ranges(days, lang), years=years)


def overdue_days(item: Item, lang: Lang) -> str:
    """How late, in calendar days, and in working days where they differ (9 天 over a holiday may be
    1 working day); past a time of day on the deadline itself, just that. A deadline implied by the
    activity period is never counted as overdue: its completion is "not reported yet"."""
    if item.implied:
        return t("unreported_short", lang)
    if item.days_overdue == 0:
        return t("overdue_since_time", lang, time=f"{item.due_time:%H:%M}" if item.due_time else "")
    if item.workdays_overdue != item.days_overdue:
        return t("days_and_workdays", lang, n=item.days_overdue, w=item.workdays_overdue) + mark(item)
    return t("days", lang, n=item.days_overdue)


def task_title(c: Campaign, task_id: str, lang: Lang, numbered: bool = False) -> str:
    """A task's title in `lang` (its English title with --lang en, when it has one); `numbered`:
    with its sub-item number in front, and 可选 for an optional task."""
    task = c.tasks[task_id]
    title = task.title_for(lang)
    if numbered and task.number:
        title = f"{task.number} {title}"
    if task.optional:
        title += t("optional_mark", lang)
    return title


def wrapped(value: object, style: str = "") -> Wrapped:
    """Data text in a table cell, wrapped by the rules of Chinese line breaking (qmonth.outputs.wrap)."""
    return Wrapped(lit(value), style)


def one_line(value: object, style: str = "") -> Text:
    """Data text kept on one line, cut with … when the column is narrow."""
    return Text(lit(value), style=style, no_wrap=True, overflow="ellipsis")


def day_text(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def light_label(light: Light, lang: Lang) -> Text:
    return Text("● " + t("light_" + light.value, lang), style=LIGHT_STYLE[light])


def state_text(item: Item, lang: Lang) -> Text:
    if item.opens is not None and item.state is State.OPEN:  # a later stage: 未开始
        return Text(t("state_not_open", lang, date=item.opens.isoformat()), style="dim")
    if item.event and item.state is State.OPEN:  # a day to be held: never overdue
        return Text(t("state_event", lang, date=item.deadline.isoformat()))
    text = Text(t("state_" + item.state.value, lang), style=STATE_STYLE[item.state])
    if item.state is State.OVERDUE:
        text.append(" " + overdue_days(item, lang))
    elif item.state is State.DONE:
        text.append(" " + day_text(item.done_on))
        if item.days_overdue:
            text.append(t("late_by", lang, n=item.days_overdue))
    elif item.workdays_left is not None and item.state in (State.OPEN, State.DUE_SOON):
        left = t("due_today_short", lang) if item.days_left == 0 else t("workdays_short", lang, n=item.workdays_left) + mark(item)
        text.append(" " + left)
        if item.long_break is not None and item.state is State.DUE_SOON:
            text.append(" " + t("long_break", lang), style="bold yellow")
    return text


def liaison_text(liaison: Liaison | None, lang: Lang, short: bool = False) -> str:
    """Name and phones; `short`: name and one number (the mobile first), for table columns."""
    if liaison is None or not liaison.known:
        return ""
    numbers = [p for p in (liaison.mobile, liaison.phone) if p]
    phones = " / ".join(numbers[:1] if short else numbers)
    return " ".join(p for p in (liaison.name, phones) if p)


def office_text(unit: Unit, short: bool = False) -> str:
    """The unit office's own phone and e-mail (known before any receipt); `short`: the phone only."""
    parts = [unit.phone] if short and unit.phone else [p for p in (unit.phone, unit.email) if p]
    return " ".join(parts)


def by_kind(c: Campaign, unit_ids: list[str]) -> list[tuple[str, list[str]]]:
    """The units grouped by kind, in the order of [kinds] (a kind it does not describe after them,
    in the order first met); in file order within a kind."""
    order = {k: n for n, k in enumerate(c.kinds)}
    groups: dict[str, list[str]] = {}
    for uid in unit_ids:
        groups.setdefault(c.units[uid].kind, []).append(uid)
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))


def kind_name(c: Campaign, kind: str) -> str:
    """A kind as [kinds] describes it (县（市、区）住建部门), else its id."""
    return c.kinds.get(kind) or kind


def contact_who(k: Contact) -> str:
    """One of the issuer's contacts by office and name: 质安科 张三 (what is given)."""
    return " ".join(p for p in (k.office, k.name) if p)


def coordinator_text(k: Contact) -> str:
    """One of the issuer's contacts: office, name, phone, messaging account (what is given)."""
    return " ".join(p for p in (k.office, k.name, k.phone, k.messaging) if p)


def coordinators_text(c: Campaign, lang: Lang) -> str:
    """Every issuer contact the notice names, in its order ("" when none): 质安科 张三 0759-…；李四 …"""
    return ("；" if lang == "zh" else "; ").join(coordinator_text(k) for k in c.campaign.callable_contacts)


def class_line(c: Campaign, lang: Lang) -> str:
    """The line under a unit class (named = false): no contact of its own, so its items go to the
    issuer's contacts, and how to name its units."""
    who = coordinators_text(c, lang)
    return t("class_line", lang, who=lit(who)) if who else t("class_line_nobody", lang)


def receipt_asked(c: Campaign, uid: str) -> bool:
    """Whether the notice asks the unit for a receipt: the campaign has its receipt task
    (`[campaign] receipt_task` names a task) and it applies to the unit. Where it does not, no
    screen says 未报回执: the office's own contact is shown, or that there is none."""
    task = c.tasks.get(c.campaign.receipt_task)
    return task is not None and c.applies(task, uid)


def contact_column(c: Campaign) -> str:
    """The contact column's heading: 联络员 when the notice asks for a receipt, else 联系方式."""
    return "col_liaison" if c.campaign.receipt_task in c.tasks else "col_contact"


def contact_cell(unit: Unit, lang: Lang, receipt: bool = True) -> str:
    """The contact column of a table: the liaison, else 未报回执 with the office's number if known.
    `receipt` False (the notice asks this unit for no receipt): the office's contact, or 无联系方式."""
    if not unit.named:
        return t("class_cell", lang)
    who = liaison_text(unit.liaison, lang, short=True)
    if who:
        return lit(who)
    office = office_text(unit, short=True) or office_text(unit)
    if not receipt:
        return t("office_short", lang, who=lit(office)) if office else t("no_contact_at_all_short", lang)
    return t("no_receipt_office", lang, who=lit(office)) if office else t("no_contact_short", lang)


def contact_line(unit: Unit, lang: Lang, unit_id: str | None = None, receipt: bool = True) -> str:
    """One line under a unit's name: the liaison, else that no receipt came, with the office's contact.
    With neither, `unit_id` (the coordinator's screens) adds where to write the office's phone; without
    it (remind's text, which cron mails on) the line only says that no receipt came. `receipt` False
    (the notice asks this unit for no receipt): the office's contact, or that none is on file."""
    who = liaison_text(unit.liaison, lang)
    if who:
        return t("liaison_line", lang, who=lit(who))
    office = office_text(unit)
    if not receipt:
        if office:
            return t("office_line", lang, who=lit(office))
        return t("no_contact_at_all", lang, id=lit(unit_id)) if unit_id is not None else t("no_contact_at_all_line", lang)
    if office:
        return t("office_contact_line", lang, who=lit(office))
    return t("no_contact", lang, id=lit(unit_id)) if unit_id is not None else t("no_receipt_line", lang)


def add_not_yet(head: Text, report: Report, lang: Lang) -> None:
    """A line when `today` is before the notice is issued (or the campaign starts): nothing is due yet."""
    if report.not_yet is not None:
        what, day = report.not_yet
        head.append("\n" + t("not_yet_" + what, lang, date=day.isoformat()), style="bold")
