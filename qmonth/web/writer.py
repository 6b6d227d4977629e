"""Accepted reports into the campaign file: in batches, through the one write path
(edit/write.py: lock, read and validate, surgical edit, validate, atomic replace), then one git
commit naming the units and tasks.

A batch is every report accepted and not yet written: one locked read–edit–write for all of them.
A report that cannot be written (its task no longer applies, a date the file would refuse, the
file invalid) is left out and keeps the reason; the others are written. Several reports for one
unit's task in a batch make one record: their evidence together, the latest date and note; a
returned form's reports are recorded as `receipt --set` records them (`form_changes`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmonth.core.errors import CampaignInvalid, QmonthError
from qmonth.core.store import Loaded
from qmonth.edit import record
from qmonth.edit.write import Edit, Outcome, UneditableError, apply
from qmonth.i18n import Lang, t
from qmonth.web.inbox import Report


@dataclass
class Batch:
    written: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    commit: str = ""
    commit_error: str = ""
    loaded: Loaded | None = None  # the file as the batch left it (validated), if it wrote it
    units: set[str] = field(default_factory=set)  # the units whose records it wrote
    continuous: bool = True  # each write began from the text the one before left (the first: `known`'s)


def say(exc: QmonthError, lang: Lang) -> str:
    """An error as the CLI says it (both-language parameters picked; the first problem of an invalid file)."""
    params = {k: (v[0] if lang == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in exc.params.items()}
    text = t(exc.code, lang, **params)
    if isinstance(exc, CampaignInvalid) and exc.problems:
        p = exc.problems[0]
        text += " " + t(
            p.code,
            lang,
            key=p.key,
            **{k: (v[0] if lang == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in p.params.items()},
        )
    return text


def split_key(key: str) -> tuple[str, dt.date | None]:
    """A record key → (task id, occurrence): `patrol@2024-09-13` → ("patrol", 2024-09-13)."""
    tid, at, day = key.partition("@")
    return tid, (dt.date.fromisoformat(day) if at else None)


def changes_for(c: Any, reports: Sequence[Report], today: dt.date) -> list[record.Change]:
    """The changes that record these reports (all of one unit's one task): raises QmonthError."""
    last = reports[-1]
    tid, occurrence = split_key(last.task)
    if last.kind == "form":
        return form_changes(c, reports, today)
    refs = list(dict.fromkeys(ref for r in reports for ref in r.evidence))
    day = dt.date.fromisoformat(last.day) if last.day else None
    note = next((r.note for r in reversed(reports) if r.note), None)
    record.check_done_day(c, day, today)
    if tid not in c.tasks or last.unit not in c.units or not c.applies(c.tasks[tid], last.unit):
        from qmonth.core.errors import UsageError

        raise UsageError("no_tasks_selected", text=tid, unit=last.unit)
    return record.marked_done(c, last.unit, [tid], day, today, refs, note, occurrence)


def form_changes(c: Any, reports: Sequence[Report], today: dt.date) -> list[record.Change]:
    """A returned form (all of one unit's reports of one form), recorded exactly as `qmonth receipt
    UNIT --form FORM --set FIELD=VALUE …` records it: each report's values are --set pairs, read by
    `forms.assignments`, and `record.form` checks and writes them. A one-row form takes the reports'
    values together (a later value wins); a multi-row form gets one row per report."""
    from qmonth.core import forms

    last = reports[-1]
    full = forms.with_builtin_liaison(c)
    form_id = last.fields.get("@form", "")
    if form_id not in full.forms:
        from qmonth.core.errors import UsageError

        raise UsageError("unknown_form", text=form_id, known=", ".join(full.forms) or "—")
    declared = full.forms[form_id]
    given = [forms.assignments(declared, [f"{k}={v}" for k, v in r.fields.items() if not k.startswith("@")]) for r in reports]
    if not declared.rows:
        merged: dict[str, str] = {}
        for row in given:
            merged.update(row)
        given = [merged]
    day = dt.date.fromisoformat(last.day) if last.day else None
    return record.form(full, last.unit, form_id, given, day, today, replace=False)


def _groups(reports: Sequence[Report]) -> list[list[Report]]:
    by: dict[tuple[str, str, str, str], list[Report]] = {}
    for r in sorted(reports, key=lambda r: r.id):
        by.setdefault((r.unit, r.task, r.kind, r.fields.get("@form", "")), []).append(r)
    return list(by.values())


def write(
    path: Path,
    reports: Sequence[Report],
    today: dt.date,
    lang: Lang,
    known: Loaded | None = None,
    planned: Callable[[], None] | None = None,
) -> Batch:
    """Write the reports in one locked read–edit–write; those that fail are left out with the reason.

    One bad report does not hold back the others, and finding it does not cost a write per
    report: an edit that cannot be done names itself (its unit's task is left out, the rest tried
    again); a file that would be invalid after all the edits sends the batch in halves, each tried
    alone, down to the unit's task to blame (a few bad ones among 3,000: a few dozen writes). A
    refusal before any edit (the file read-only, invalid, locked) is every report's reason at once.

    `known`: the file as the caller last read it (see `write.apply`). `planned`: called when the
    edits are planned, before they are made (tests use it to stop a batch in the middle)."""
    out = Batch()
    todo = [_groups(reports)]
    while todo:
        part = [g for g in todo.pop(0) if g[0].id not in out.failed]
        if not part:
            continue
        owners: list[list[Report]] = []  # the group each planned edit records
        try:
            ok, done = _apply(path, part, today, lang, out.failed, owners, known, planned)
            out.written += [r.id for g in ok for r in g]
            if done.written:
                out.continuous &= known is not None and done.before == known.text
                out.units.update(g[0].unit for g in ok)
                known = out.loaded = Loaded(path, done.after, done.campaign, done.data or {})
            continue
        except QmonthError as exc:
            reason = say(exc, lang)
            if isinstance(exc, UneditableError) and exc.index is not None and exc.index < len(owners):
                blamed = owners[exc.index]  # the edit that cannot be done: its group alone
                for r in blamed:
                    out.failed[r.id] = reason
                todo.insert(0, [g for g in part if g is not blamed])
                continue
            if owners and isinstance(exc, UneditableError | CampaignInvalid) and len(part) > 1:
                half = len(part) // 2
                todo[:0] = [part[:half], part[half:]]
                continue
        for g in part:
            for r in g:
                out.failed.setdefault(r.id, reason)
    return out


def _apply(
    path: Path,
    groups: list[list[Report]],
    today: dt.date,
    lang: Lang,
    failed: dict[int, str],
    owners: list[list[Report]],
    known: Loaded | None,
    planned: Callable[[], None] | None = None,
) -> tuple[list[list[Report]], Outcome]:
    """One locked read–edit–write of the groups' records; `owners`: each planned edit's group (none:
    the write was refused before the edits were planned)."""
    taken: list[list[Report]] = []

    def plan(loaded: Loaded) -> list[Edit]:
        taken.clear()
        owners.clear()
        edits: list[Edit] = []
        for g in groups:
            try:
                found = changes_for(loaded.campaign, g, today)
            except QmonthError as exc:
                for r in g:
                    failed[r.id] = say(exc, lang)
                continue
            taken.append(g)
            for r in g:
                failed.pop(r.id, None)
            mine = [ch.edit for ch in found if ch.edit is not None]
            edits += mine
            owners.extend([g] * len(mine))
        if planned is not None:
            planned()
        return edits

    done = apply(path, plan, known=known)
    return taken, done


# ── git ──────────────────────────────────────────────────────────────────────


def _git(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False, timeout=60, env=env)


def in_git(path: Path) -> bool:
    try:
        return _git(path.parent, "ls-files", "--error-unmatch", "--", path.name).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def message(reports: Sequence[Report], label: Callable[[str], str], lang: Lang) -> str:
    """`qmonth serve: 采纳 赤坎区（receipt、publicity-week）、霞山区（receipt）` and a line per unit."""
    by: dict[str, list[str]] = {}
    for r in sorted(reports, key=lambda r: r.id):
        tasks = by.setdefault(r.unit, [])
        if r.task not in tasks:
            tasks.append(r.task)
    sep, open_, close = ("、", "（", "）") if lang == "zh" else (", ", " (", ")")
    parts = [f"{label(u)}{open_}{sep.join(ts)}{close}" for u, ts in by.items()]
    head = parts if len(parts) <= 3 else [*parts[:3], t("commit_more_units", lang, count=len(parts) - 3)]
    body = "\n".join(f"- {u} {label(u)}: {', '.join(ts)}" for u, ts in by.items())
    return f"{t('commit_subject', lang, units=sep.join(head))}\n\n{body}\n"


def commit(path: Path, reports: Sequence[Report], evidence_files: Sequence[str], msg: str, author: str) -> tuple[str, str]:
    """Commit the campaign file and the reports' evidence (what git accepts of it): (commit id, error)."""
    folder = path.parent
    try:
        added = _git(folder, "add", "--", path.name)
        if added.returncode != 0:
            return "", added.stderr.strip()
        paths = [path.name]
        for ref in evidence_files:
            if os.path.isfile(folder / ref) and _git(folder, "add", "--", ref).returncode == 0:
                paths.append(ref)
        if _git(folder, "diff", "--cached", "--quiet", "--", *paths).returncode == 0:
            return "", ""  # nothing new (written by an earlier batch that was killed before its commit)
        args = ["commit", "-q", "-m", msg, *(["--author", author] if author else []), "--", *paths]
        done = _git(folder, *args)
        if done.returncode != 0 and ("identity" in done.stderr or "user.email" in done.stderr):
            done = _git(folder, "-c", "user.name=qmonth serve", "-c", "user.email=qmonth@localhost", *args)
        if done.returncode != 0:
            return "", done.stderr.strip() or done.stdout.strip()
        return _git(folder, "rev-parse", "HEAD").stdout.strip(), ""
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "", str(exc)
