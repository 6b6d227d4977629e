"""`qmonth intake DIR`: returned sheets and evidence from a download folder, matched to units,
previewed, and recorded on confirmation in one locked write (qmonth/edit/intake.py decides)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qmonth.cli.common import _lang, _load, _run, _t, _today
from qmonth.cli.options import FileOpt, LangOpt, TodayOpt
from qmonth.core.errors import EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from qmonth.edit.intake import Item
    from qmonth.i18n import Lang


def intake(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The folder the returned sheets and evidence were downloaded to.")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Record without asking (for scripts).")] = False,
    file: FileOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record a folder of returned 回执 and 反馈表 (.csv, .xlsx, .docx) and evidence (photos, videos, PDFs).

    Each file goes to the unit its 填报单位 names (a sheet), else the unit its file name names; evidence
    to the task its file name names, else the one task of that unit asking for that kind. The preview
    says what would be recorded for whom and what could not be matched or read, and why; nothing is
    recorded until confirmed (--yes in a script). Evidence is copied into evidence/UNIT/ beside the
    campaign. A second run over the same folder records nothing.
    """

    def body() -> None:
        from qmonth.core.store import ENV_FILE, STDIN, find_file
        from qmonth.edit import intake as plan_intake
        from qmonth.edit.write import apply

        path = find_file(file, os.environ.get(ENV_FILE))
        if path == STDIN:
            raise UsageError("stdin_not_writable")
        loaded = _load(path)
        lg = _lang(lang, loaded)
        now = _today(today, loaded)
        items = plan_intake.plan(loaded.campaign, loaded.base, folder, now)
        plan_intake.settle(items, loaded.text, path)
        _show(items, lg, recorded=False)
        todo = [i for i in items if i.status == "record"]
        if not todo:
            typer.echo(_t("intake_nothing", lg), err=True)
            return
        if not yes:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                typer.echo(_t("intake_needs_yes", lg), err=True)
                raise typer.Exit(EXIT_USAGE)
            if not typer.confirm(_t("intake_confirm", lg), default=False):
                typer.echo(_t("intake_declined", lg), err=True)
                return
        done: list[Item] = []

        def edits(fresh: Any) -> list[Any]:
            again = plan_intake.plan(fresh.campaign, fresh.base, folder, now)
            found = plan_intake.settle(again, fresh.text, path)
            done[:] = again
            return found

        copied = plan_intake.copy_evidence(todo, folder)  # before the write: a record never names a missing file
        apply(path, edits)
        _show([i for i in done if i.status == "record"], lg, recorded=True, only_recorded=True)
        if copied:
            where = plan_intake.evidence_folder(loaded.campaign, loaded.base)
            typer.echo(_t("intake_copied", lg, count=copied, folder=where), err=True)

    _run(lang, body)


def _detail(item: Item, lg: Lang) -> str:
    from qmonth.i18n import t

    if item.reason in ("intake_unreadable", "intake_refused"):
        given: dict[str, Any] = item.params["params"]  # type: ignore[assignment]
        params = {k: (v[0] if lg == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in given.items()}
        text = t(str(item.params["code"]), lg, **params)
        return text.removesuffix("文件未修改。").removesuffix(" The file was not changed.").rstrip("。. ")
    return t(item.reason, lg, **item.params)


def _show(items: list[Item], lg: Lang, *, recorded: bool, only_recorded: bool = False) -> None:
    """The preview (or, after the write, what was recorded): by status, each file on its line."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.status, []).append(item)
    heads = [("record", "intake_head_recorded" if recorded else "intake_head_record")]
    if not only_recorded:
        heads += [
            ("done_before", "intake_head_before"),
            ("unmatched", "intake_head_unmatched"),
            ("not_read", "intake_head_not_read"),
        ]
    for status, head in heads:
        found = groups.get(status, [])
        if not found:
            continue
        typer.echo(_t(head, lg, count=len(found)))
        for item in found:
            typer.echo(_line(item, lg))


def _line(item: Item, lg: Lang) -> str:
    from qmonth.i18n import t

    if item.status in ("unmatched", "not_read"):
        return _t("intake_line_problem", lg, file=item.file, why=_detail(item, lg))
    unit = item.label
    if item.status == "done_before":
        return _t("intake_line_before", lg, file=item.file, unit=unit, what=item.what)
    if item.form:
        said = t("intake_said", lg, said=item.said) if item.said else ""
        rows = t("intake_rows", lg, n=len(item.rows))
        return _t("intake_line_form", lg, unit=unit, what=item.what, rows=rows, file=item.file, said=said)
    return _t("intake_line_evidence", lg, unit=unit, what=item.what, ref=item.ref, file=item.file)
