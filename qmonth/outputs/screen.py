"""The coordinator's status screen, fitted to the terminal: first as it is, then folded part by
part until it fits the height (`FitScreen`, `FitOrCompact`, `FirstFit`); after the last deadline,
the final summary, and the first steps to try on a file with nothing recorded. Never prints."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from qmonth.core.schedule import Item, Light, Report, State
from qmonth.i18n import Lang, t
from qmonth.outputs.grid import Cell, Col, Grid
from qmonth.outputs.layout import Responsive, layout
from qmonth.outputs.status_tables import (
    due_soon_line,
    due_soon_table,
    overdue_by_unit,
    overdue_table,
    owed_brief,
    status_matrix,
)
from qmonth.outputs.text import add_not_yet, assumed_note, lit
from qmonth.outputs.wrap import Hint, WrappedLine

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from qmonth.core.chases import Chases
    from qmonth.core.model import Campaign


def status_header(c: Campaign, report: Report, lang: Lang) -> Text:
    counts = {light: sum(u.light is light for u in report.units) for light in Light}
    head = Text(lit(c.campaign.title_for(lang)), style="bold")
    head.append(f"    {t('today', lang)} {report.today.isoformat()}")
    head.append("\n" + t("summary_lights", lang, red=counts[Light.RED], yellow=counts[Light.YELLOW], green=counts[Light.GREEN]))
    if report.over:
        head.append("\n" + t("campaign_over", lang, date=report.last_deadline.isoformat()), style="bold")
    add_not_yet(head, report, lang)
    behind = report.plan is not None and any(u.behind and u.light is Light.YELLOW for u in report.units)
    note = assumed_note(shown_figures(report), lang, more=report.plan_assumed if behind else ())
    if note is not None:  # once per screen, under the header: the † figures rest on expected holidays
        head.append("\n" + note, style="dim")
    return head


def shown_figures(report: Report) -> list[Item]:
    """The items whose working-day figure the status screen shows: the overdue ones, and each unit's
    nearest item due soon (the due-soon table's figure)."""
    out = report.overdue()
    first: dict[str, Item] = {}
    for i in report.items:
        if i.state is State.DUE_SOON:
            kept = first.get(i.unit)
            if kept is None or (i.deadline, i.workdays_left or 0) < (kept.deadline, kept.workdays_left or 0):
                first[i.unit] = i
    return out + list(first.values())


def lines_at_least(part: RenderableType) -> int:
    """A lower bound of the lines `part` takes, known without laying it out (0 when unknown)."""
    if isinstance(part, Grid):
        return len(part.rows) + 2
    if isinstance(part, Responsive):
        return min(lines_at_least(part.wide), lines_at_least(part.narrow))
    if isinstance(part, FitOrCompact):
        return min(lines_at_least(part.full), lines_at_least(part.compact))
    if isinstance(part, Group):
        return sum(lines_at_least(p) for p in part.renderables)
    if isinstance(part, Text):
        return part.plain.count("\n") + 1
    if isinstance(part, WrappedLine):
        return part.text.count("\n") + 1
    return 0


class FitOrCompact:
    """The full list when the screen has room for it (`budget` lines in all), else the compact one.

    The other parts of the screen are laid out first, at the real width, to know the room left.
    """

    def __init__(
        self,
        before: list[RenderableType],
        full: RenderableType,
        compact: RenderableType,
        after: list[RenderableType],
        budget: int,
    ) -> None:
        self.before, self.full, self.compact, self.after, self.budget = before, full, compact, after, budget

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # a big grid (thousands of units) is more lines than any screen: no need to lay it out to know
        at_least = sum(lines_at_least(part) for part in (*self.before, *self.after))
        if at_least > self.budget:
            yield self.compact
            return
        fixed = sum(len(console.render_lines(part, options, pad=False)) for part in (*self.before, *self.after))
        full = len(console.render_lines(self.full, options, pad=False))
        yield self.full if fixed + full <= self.budget else self.compact


SCREEN_LINES = 60  # one screen when the height is not known (a pipe, a file, cron)


def measure(console: Console, options: ConsoleOptions) -> Callable[[RenderableType], int]:
    """The lines a part takes, wrapped at the width Rich gives; each part laid out once."""
    measured: dict[int, tuple[RenderableType, int]] = {}  # the part is kept, so its id stays its own

    def lines(part: RenderableType) -> int:
        if id(part) not in measured:
            measured[id(part)] = (part, len(console.render_lines(part, options, pad=False)))
        return measured[id(part)][1]

    return lines


def first_fit(screens: Iterator[list[RenderableType]], height: int, lines: Callable[[RenderableType], int]) -> Group:
    """The first of `screens` (each a list of parts) that fits in `height` lines; the last one when
    none does. What a lower bound (known without layout) rules out is never laid out."""
    parts: list[RenderableType] = []
    for parts in screens:
        if sum(lines_at_least(p) for p in parts) > height:
            continue
        if sum(lines(p) for p in parts) <= height:
            break
    return Group(*parts)


def squeezed(parts: list[RenderableType], drop: Sequence[RenderableType]) -> Iterator[list[RenderableType]]:
    """`parts`, then without each of `drop` in turn (one more each time)."""
    yield parts
    for part in drop:
        parts = [p for p in parts if p is not part]
        yield parts


class FitScreen:
    """The status screen folded, part by part, until it fits in `height` lines at the width Rich
    gives it: first as it is; then the due-soon list as one line; then the matrix cut to the rows
    that fit (the least advanced units; its kinds' heading lines go first), down to one line; then what each unit owes cut to one
    line (with the matrix rows that then fit). When that is still too long: the blank lines go,
    then the line of commands under the overdue list, the matrix's line and the due-soon line; last,
    the overdue list loses its bottom units, with a line saying how many more are late. The title,
    the date and the light counts always stay on top, then who is late, by how much, whom to call."""

    def __init__(
        self,
        c: Campaign,
        report: Report,
        lang: Lang,
        head: RenderableType,
        matrix: RenderableType,
        late: tuple[RenderableType, RenderableType, RenderableType],
        soon: tuple[RenderableType | None, RenderableType | None],
        height: int,
        chases: Chases | None = None,
    ) -> None:
        self.c, self.report, self.lang, self.height, self.chases = c, report, lang, height, chases
        self.head, self.matrix = head, matrix
        self.late, self.compact, self.one_line = late  # as decided for the screen, compact, one line a unit
        self.soon, self.soon_line = soon  # the due-soon list, and the same in one line

    def _screen(self, matrix: RenderableType, late: RenderableType, soon: RenderableType | None) -> list[RenderableType]:
        return [self.head, Text(""), matrix, Text(""), late, *([Text(""), soon] if soon is not None else [])]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = measure(console, options)
        yield first_fit(self._screens(lines), self.height, lines)

    def _screens(self, lines: Callable[[RenderableType], int]) -> Iterator[list[RenderableType]]:
        yield self._screen(self.matrix, self.late, self.soon)
        if self.soon is not None:
            yield self._screen(self.matrix, self.compact, self.soon_line)
        for late in [self.compact] if self.one_line is self.compact else [self.compact, self.one_line]:
            yield from self._cut_matrix(late, lines)
        yield from self._squeeze()

    def _squeeze(self) -> Iterator[list[RenderableType]]:
        """The shortest screen, then shorter: without its blank lines, its hints, then units of the
        overdue list (the least urgent first)."""
        if not self.report.units:
            return
        matrix = status_matrix(self.c, self.report, self.lang, 0)
        overdue = bool(self.report.overdue())
        late = self.one_line
        table = overdue_by_unit(self.c, self.report, self.lang, self.chases, one_line=True, hint=False) if overdue else late
        blanks = [Text(""), Text(""), Text("")]
        soon = [blanks[2], self.soon_line] if self.soon_line is not None else []
        parts = [self.head, blanks[0], matrix, blanks[1], late, *soon]
        yield from squeezed(parts, blanks[::-1])
        parts = [self.head, matrix, table, *soon[1:]]
        yield parts
        yield from squeezed(parts, [matrix, *soon[1:]])
        units = len({i.unit for i in self.report.overdue()})
        for keep in range(min(units - 1, self.height), -1, -1):  # each unit takes a line at least
            yield [self.head, overdue_by_unit(self.c, self.report, self.lang, self.chases, one_line=True, keep=keep, hint=False)]

    def _cut_matrix(self, late: RenderableType, lines: Callable[[RenderableType], int]) -> Iterator[list[RenderableType]]:
        """The screen with `late`, the matrix whole, then cut to fewer and fewer rows, then one line.
        Each row is at least a line, the table's head 3 more and the line under it 1."""
        rest = self._screen(Text(""), late, self.soon_line)
        floor = sum(lines_at_least(p) for p in rest)
        if floor > self.height:  # nothing fits: the matrix in one line
            yield self._screen(status_matrix(self.c, self.report, self.lang, 0), late, self.soon_line)
            return
        yield self._screen(self.matrix, late, self.soon_line)
        # the kinds' heading lines go first, then rows
        yield self._screen(status_matrix(self.c, self.report, self.lang, grouped=False), late, self.soon_line)
        room = self.height + 1 - sum(lines(p) for p in rest)
        for keep in range(min(len(self.report.units) - 1, room - 4), 0, -1):
            yield self._screen(status_matrix(self.c, self.report, self.lang, keep, grouped=False), late, self.soon_line)
        yield self._screen(status_matrix(self.c, self.report, self.lang, 0), late, self.soon_line)


def status_screen(
    c: Campaign,
    report: Report,
    lang: Lang,
    show_all: bool = False,
    height: int | None = None,
    chases: Chases | None = None,
    demo: str | None = None,
) -> RenderableType:
    """The coordinator's one screen. Past the last deadline: the final summary (`show_all`: the
    full matrix and every item). The overdue list collapses to one line per unit when it would not
    fit in `height` lines (SCREEN_LINES when the height is not known); `show_all` always lists every
    item. With a known `height` (a terminal), what matters less is then folded until the screen fits
    (see FitScreen); `show_all`, or an unknown height, shows everything."""
    if report.over and not show_all:
        return final_summary(c, report, lang, demo, height)
    head = status_header(c, report, lang)
    before: list[RenderableType] = [head, Text(""), status_matrix(c, report, lang), Text("")]
    after: list[RenderableType] = []
    soon = due_soon_table(c, report, lang)
    if soon is not None:
        after = [Text(""), soon]
    overdue = report.overdue()
    budget = height or SCREEN_LINES
    late: RenderableType
    compact: RenderableType
    if show_all or not overdue:
        late = compact = overdue_table(c, report, lang, chases)
    elif len(report.units) + len(overdue) + 6 > budget:  # cannot fit (one line per unit and item at least)
        late = compact = overdue_by_unit(c, report, lang, chases)
    else:  # may fit: decided at layout, at the real width
        compact = overdue_by_unit(c, report, lang, chases)
        late = FitOrCompact(before, overdue_table(c, report, lang, chases), compact, after, budget)
    if show_all or height is None:
        return Group(*before, late, *after)
    one_line = overdue_by_unit(c, report, lang, chases, one_line=True) if overdue else compact
    soon_line = due_soon_line(c, report, lang)
    return FitScreen(c, report, lang, head, before[2], (late, compact, one_line), (soon, soon_line), height, chases)


def final_summary(c: Campaign, report: Report, lang: Lang, demo: str | None = None, height: int | None = None) -> RenderableType:
    """After the last deadline: per unit, what was done, how much on time, and what never was
    (nothing recorded at all: the first steps to try, see `first_steps`). With a known `height` (a
    terminal) it is folded until it fits: what was never done cut to one line, then the blank
    lines and the hint go, last the bottom units, with a line saying how many more there are."""
    head = Text(lit(c.campaign.title_for(lang)), style="bold")
    head.append(f"    {t('today', lang)} {report.today.isoformat()}")
    head.append("\n" + t("campaign_over", lang, date=report.last_deadline.isoformat()), style="bold")
    by_unit: dict[str, list[Item]] = {}
    for item in report.items:
        by_unit.setdefault(item.unit, []).append(item)
    rows: list[list[Cell]] = []
    all_done = all_total = all_on_time = 0
    for row in report.units:
        items = by_unit.get(row.id, [])
        on_time = sum(i.state is State.DONE and i.days_overdue == 0 for i in items)
        never = [i for i in items if i.state is State.OVERDUE]
        all_done, all_total, all_on_time = all_done + row.done, all_total + row.total, all_on_time + on_time
        brief = t("never_all", lang) if never and len(never) == row.total else lit(owed_brief(c, never, lang)) if never else "-"
        rows.append(
            [
                (lit(row.label), ""),
                (f"{row.done}/{row.total}", ""),
                (f"{row.percent}%", "green" if row.percent == 100 else ""),
                (f"{percent_of(on_time, row.total)}%", ""),
                (brief, ""),
            ]
        )

    def table(one_line: bool = False, keep: int | None = None) -> RenderableType:
        columns = [
            Col(t("col_unit", lang)) if one_line else Col(t("col_unit", lang), fold=True, max_width=12),
            Col(t("col_done_total", lang), justify="right"),
            Col(t("col_percent", lang), justify="right"),
            Col(t("col_on_time", lang), justify="right"),
            Col(t("col_never", lang), cut=True, min_width=6)
            if one_line
            else Col(t("col_never", lang), fold=True, words=True, min_width=6),
        ]
        shown = layout(t("final_title", lang), columns, rows if keep is None else rows[:keep])
        if keep is None or keep >= len(rows):
            return shown
        return Group(shown, Hint(t("final_more_units", lang, n=len(rows) - keep), style="dim"))

    total = Text(
        t(
            "final_total",
            lang,
            done=all_done,
            total=all_total,
            pct=percent_of(all_done, all_total),
            on_time=percent_of(all_on_time, all_total),
            never=all_total - all_done,
        ),
        style="bold",
    )
    blanks = [Text(""), Text(""), Text("")]
    hint = Hint(first_steps(c, lang, demo)) if all_done == 0 else Hint(t("final_hint", lang), style="dim")
    tail: list[RenderableType] = [blanks[2], hint] if all_done == 0 else [hint]

    def screen(part: RenderableType) -> list[RenderableType]:
        return [head, blanks[0], part, blanks[1], total, *tail]

    if height is None:
        return Group(*screen(table()))

    def screens() -> Iterator[list[RenderableType]]:
        yield screen(table())
        yield from squeezed(screen(table(one_line=True)), [*blanks[::-1], hint])
        for keep in range(min(len(rows) - 1, height), -1, -1):  # each unit takes a line at least
            yield [head, table(one_line=True, keep=keep), total]

    return FirstFit(screens, height)


class FirstFit:
    """The first of the screens `screens` makes (each a list of parts) that fits in `height` lines
    at the width Rich gives; the last one when none does."""

    def __init__(self, screens: Callable[[], Iterator[list[RenderableType]]], height: int) -> None:
        self.screens, self.height = screens, height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = measure(console, options)
        yield first_fit(self.screens(), self.height, lines)


def first_steps(c: Campaign, lang: Lang, demo: str | None = None) -> str:
    """What a newcomer can try on a file with nothing recorded: what each command shows, then the
    command (kept whole when the line wraps). `demo`: a demo campaign that exists from where qmonth
    was run, to suggest (none in a folder made by `init`)."""
    steps = [
        (f"qmonth status --today {_first_overdue_day(c).isoformat()}", t("try_status_day", lang)),
        ("qmonth tasks", t("try_tasks", lang)),
        (t("try_done_command", lang), t("try_done", lang)),
    ]
    if demo is not None:
        steps.append((f"qmonth status -f {demo} --today 9/20", t("try_demo", lang)))  # fits 80 columns
    colon = "：" if lang == "zh" else ": "
    return "\n".join([t("nothing_recorded_hint", lang), *(f"  {what}{colon}{command}" for command, what in steps)])


def _first_overdue_day(c: Campaign) -> dt.date:
    """A day worth looking at in the hint: the day after the first deadline."""
    return min(c.due(task) for task in c.tasks.values()) + dt.timedelta(days=1)


def percent_of(part: int, whole: int) -> int:
    return 0 if whole == 0 else (100 * part) // whole
