"""One unit's checklist (`status --unit`): its tasks with their state, deadline and evidence, its
notes, and the forms it returned. Never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from qmonth.core.schedule import Item, Report, State
from qmonth.i18n import Lang, t
from qmonth.outputs.layout import plain_table
from qmonth.outputs.text import (
    add_not_yet,
    assumed_note,
    class_line,
    contact_line,
    due_text,
    light_label,
    lit,
    receipt_asked,
    state_text,
    task_title,
)
from qmonth.outputs.wrap import WrappedLine, wrap

if TYPE_CHECKING:
    from qmonth.core.model import Campaign


def _txt(value: object, style: str = "") -> Text:
    return Text(lit(value), style=style)


def _short_ref(ref: str) -> str:
    """Evidence in a narrow column: a file's name, or a URL's host."""
    if "://" in ref:
        return ref.split("://", 1)[1].split("/", 1)[0]
    return ref.replace("\\", "/").rsplit("/", 1)[-1]


class _Checklist:
    """The unit's checklist table, laid out for the width Rich gives it.

    A task id is what the liaison types into `qmonth done`, and an evidence file name is what they
    look for on disk: neither is ever folded. Their columns are at least as wide as the longest
    one; when the evidence column does not fit beside the others, the file names move under the
    task's id, each on its own line."""

    def __init__(self, rows: list[dict[str, Any]], lang: Lang) -> None:
        self.rows, self.lang = rows, lang

    def _table(self, width: int) -> Table:
        lang, rows = self.lang, self.rows
        head_theme, head_task = t("col_theme", lang), t("col_task_id", lang)
        head_state, head_due, head_ev = t("col_state", lang), t("col_deadline", lang), t("col_evidence", lang)
        theme_w = max([cell_len(head_theme), *(cell_len(r["theme"]) for r in rows)])
        due_w = max([cell_len(head_due), *(cell_len(r["due"]) for r in rows)])
        state_nat = min(22, max([cell_len(head_state), *(cell_len(r["state"].plain) for r in rows)]))
        state_min = min(state_nat, max([cell_len(head_state), 10]))
        ids_w = max([cell_len(head_task) if lang == "en" else 8, *(cell_len(r["id"]) for r in rows)])
        task_nat = max([ids_w, cell_len(head_task), *(cell_len(r["title"]) for r in rows)])
        ev_lines = [line for r in rows for line in r["evidence"].plain.split("\n") if line]
        ev_w = max([cell_len(head_ev), *(cell_len(x) for x in ev_lines)])
        # each column: one cell of padding and one of separator, the last one only its padding
        side = width - theme_w - due_w
        wide = side - ev_w - 9 >= state_min + ids_w
        if wide:
            rest = side - ev_w - 9
        else:
            ids_w = max([ids_w, *(cell_len(x) for x in ev_lines)])
            rest = side - 7
        state_w = state_nat if rest - state_nat >= min(task_nat, max(ids_w, 20)) else max(state_min, rest - ids_w)
        task_w = max(1, min(task_nat, rest - state_w))
        bullet = "evidence_narrow" if task_w >= 2 + max(map(cell_len, ev_lines), default=0) else "evidence"
        table = plain_table()
        table.add_column(head_theme, no_wrap=True, width=theme_w)
        table.add_column(head_task if wide else t("col_task_id_evidence", lang), width=task_w)
        table.add_column(head_state, overflow="fold", width=state_w)
        table.add_column(head_due, no_wrap=True, width=due_w)
        if wide:
            table.add_column(head_ev, no_wrap=True, overflow="fold", width=ev_w)
        for r in rows:
            # the cell's lines are laid out here, at the width just decided: ids and file names whole
            task = Text("\n".join(wrap(r["title"], task_w)), no_wrap=True, overflow="fold")
            task.append("\n" + r["id"], style="dim")
            if not wide and r[bullet].plain:
                task.append("\n")
                task.append_text(r[bullet])
            cells = [Text(r["theme"]), task, r["state"], Text(r["due"])]
            if wide:
                cells.append(r["evidence"])
            table.add_row(*cells)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._table(options.max_width)


def _evidence_cell(item: Item, lang: Lang, bullet: str = "") -> Text:
    ev = Text()
    for n, ref in enumerate(item.evidence):
        if n:
            ev.append("\n")
        ev.append(bullet + lit(_short_ref(ref)))
        if ref in item.evidence_missing:
            ev.append(" " + t("missing_file", lang), style="bold red")
    if item.evidence_lacking:
        if item.evidence:
            ev.append("\n")
        ev.append(lit(t("lacking_kinds", lang, kinds="、".join(item.evidence_lacking))), style="bold yellow")
    return ev


def checklist(c: Campaign, report: Report, unit_id: str, lang: Lang) -> Group:
    unit = c.units[unit_id]
    row = next(r for r in report.units if r.id == unit_id)
    head = Text(lit(t("unit_header", lang, name=unit.name, id=unit_id)), style="bold")
    head.append(f"    {row.done}/{row.total}  {row.percent}%  ")
    head.append_text(light_label(row.light, lang))
    add_not_yet(head, report, lang)  # right under the header, as on the main screen
    counted = (State.OVERDUE, State.DUE_SOON, State.OPEN)  # the states whose working days are shown
    note = assumed_note([i for i in report.items if i.unit == unit_id and i.state in counted and not i.implied], lang)
    if note is not None:
        head.append("\n" + note, style="dim")
    contact = contact_line(unit, lang, unit_id, receipt_asked(c, unit_id)) if unit.named else class_line(c, lang)
    head.append("\n" + contact)
    rows: list[dict[str, Any]] = []
    notes: list[RenderableType] = []
    for item in (i for i in report.items if i.unit == unit_id):
        task = c.tasks[item.task]
        rows.append(
            {
                "theme": lit(c.themes[task.theme].header(task.theme)),
                "title": lit(task_title(c, item.task, lang, numbered=True)),
                "id": lit(item.task),  # the id: what done/undo/waive take
                "state": state_text(item, lang),
                "due": due_text(item),
                "evidence": _evidence_cell(item, lang),
                "evidence_narrow": _evidence_cell(item, lang, bullet="- "),
            }
        )
        for label, value in ((task.title_for(lang), item.note), (task.title_for(lang), item.waived)):
            if value:
                # Wrapped, not Text: Rich would break after the bullet and leave it alone on its line
                notes.append(WrappedLine(lit(f"· {label}：{value}" if lang == "zh" else f"· {label}: {value}")))
    parts: list[RenderableType] = [head, _Checklist(rows, lang)]
    if notes:
        parts += [Text(t("col_note", lang), style="bold"), *notes]
    returned = forms_lines(c, unit_id, lang)
    if returned:
        parts += [Text(t("forms_title", lang), style="bold"), *(_txt(line) for line in returned)]
    return Group(*parts)


def unit_forms(c: Campaign, unit_id: str) -> list[str]:
    """The forms the unit is asked to return (their task applies to it), in file order."""
    return [fid for fid, f in c.forms.items() if f.task in c.tasks and c.applies(c.tasks[f.task], unit_id)]


def form_text(c: Campaign, unit_id: str, form_id: str, lang: Lang, sep: str = "；") -> list[str]:
    """A returned form as text, one line per row: "姓名：林晓燕；手机：13802715638" ([] if not returned)."""
    form = c.forms[form_id]
    colon = "：" if lang == "zh" else ": "
    lines = []
    for row in c.form_rows(unit_id, form_id):
        cells = [f"{f.label_for(lang)}{colon}{row[f.id]}" for f in form.fields if row.get(f.id)]
        lines.append(sep.join(cells) if lang == "zh" else "; ".join(cells))
    return lines


def forms_lines(c: Campaign, unit_id: str, lang: Lang) -> list[str]:
    """The checklist's "forms returned" part: each form's title, then its rows (numbered if several).
    A form whose task is not done is not returned, whatever values the file holds for it (a liaison
    kept from last year, or written by hand): never a liaison shown for a receipt not done."""
    out = []
    progress = c.units[unit_id].progress
    for fid in unit_forms(c, unit_id):
        form = c.forms[fid]
        rec = progress.get(form.task)
        rows = form_text(c, unit_id, fid, lang) if rec is not None and rec.done is not None else []
        if not rows:
            out.append(f"· {form.title_for(lang)}{t('form_not_returned', lang)}")
            continue
        out.append(f"· {form.title_for(lang)}")
        many = form.rows
        out += [f"    {n}. {row}" if many else f"    {row}" for n, row in enumerate(rows, start=1)]
    return out
