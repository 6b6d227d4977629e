"""`qmonth intake DIR`: a download folder of returned sheets and evidence, matched to units.

Each file of the folder (not its sub-folders; hidden files skipped) becomes one `Item`:

* a sheet (.csv, .xlsx, .xlsm, .docx with a table) is the form whose labels its header row holds
  most (the built-in liaison receipt included); its unit is the one its 填报单位 names (the sheet
  wins over the file name), else the one unit named in the file name (id, full name, short name,
  or the short name without its 区/县/市: 廉江). Recorded as `receipt UNIT --form F --from FILE`
  would (the unit's whole sheet: it replaces the rows recorded), and the form's task done;
* evidence (a photo, a video, a PDF, a .docx without a form's table) goes to the unit its file name
  names, and to the task its file name names (the task's id, or four characters or more of its
  title in a row: 宣传橱窗), else to the one task of the unit asking for evidence of that kind
  (照片 for a photo, 视频 for a video, any other kind — 总结材料, 工作方案 — for a document). It is
  copied into the unit's evidence folder and the task recorded done with it;
* what fits no unit, two units, no form or several forms, no task or several tasks is listed as
  not matched, with why, and nothing is recorded for it; .xls, .doc, .wps, .et and a scanned
  (image-only) PDF named as a returned form are listed as not read, with why.

An item whose record is already in the file (and whose evidence is already copied) is listed as
done before: a second run over the same folder records and copies nothing. Pure apart from reading
the folder's files and the evidence folder (copying is `copy_evidence`, called by the CLI).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmonth.core.errors import QmonthError, UsageError
from qmonth.core.model import Campaign

SHEETS = (".csv", ".xlsx", ".xlsm", ".docx")
PHOTOS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp")
VIDEOS = (".mp4", ".mov", ".avi", ".m4v", ".wmv", ".mkv", ".3gp")
DOCUMENTS = (".pdf",)
OLD_FORMATS = {".xls": ".xlsx", ".doc": ".docx", ".wps": ".docx", ".et": ".xlsx"}
PHOTO_KINDS = ("照片", "photo", "image", "图片")
VIDEO_KINDS = ("视频", "video")
NOT_DOCUMENT_KINDS = (*PHOTO_KINDS, *VIDEO_KINDS, "链接", "link")
FORM_WORDS = ("回执", "反馈表", "登记表", "信息表")
TITLE_RUN = 4  # characters of a task's title in a row that name it in a file name
MAX_FILES = 500


@dataclass
class Item:
    """One file of the folder and what intake makes of it."""

    file: str  # its name in the folder
    status: str  # "record", "done_before", "unmatched", "not_read"
    reason: str = ""  # i18n code (unmatched, not_read)
    params: dict[str, object] = field(default_factory=dict)
    unit: str = ""  # unit id
    label: str = ""  # the unit as shown
    what: str = ""  # the form's title or the task's title
    form: str = ""  # form id (a sheet)
    rows: list[dict[str, str]] = field(default_factory=list)
    task: str = ""  # task id (evidence)
    ref: str = ""  # the evidence reference recorded (relative to the campaign's folder)
    copy_to: Path | None = None  # where the evidence is copied (None: already there)
    said: str = ""  # the sheet's 填报单位, as it says
    edits: list[Any] = field(default_factory=list)


def evidence_folder(c: Campaign, base: Path) -> Path:
    """`[campaign] evidence = "…"` (relative to the campaign file's folder), else `evidence`."""
    from qmonth.core import evidence

    name = c.campaign.evidence or "evidence"
    if evidence.escapes(name, base):
        raise UsageError("intake_evidence_outside", folder=name, base=evidence.shown(base))
    return Path(os.path.normpath(os.path.join(os.path.abspath(base), name)))


def files_of(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise UsageError("intake_not_a_folder", path=folder)
    found = sorted(p for p in folder.iterdir() if not p.name.startswith((".", "~$")) and p.is_file())
    if len(found) > MAX_FILES:
        raise UsageError("intake_too_many", path=folder, count=len(found), limit=MAX_FILES)
    return found


def plan(c: Campaign, base: Path, folder: Path, today: dt.date) -> list[Item]:
    """Every file of `folder` as an Item, with the edits of those to record (applied in order, an
    item whose edits change nothing in `text` is done before)."""
    from qmonth.core.forms import with_builtin_liaison

    c = with_builtin_liaison(c)
    where = evidence_folder(c, base)
    items = [_item(c, base, where, p, today) for p in files_of(folder)]
    _together(c, items, today)
    for item in items:
        item.label = c.units[item.unit].label if item.unit else ""
    return items


def settle(items: list[Item], text: str, path: Path) -> list[Any]:
    """Which items change the file (`text`): those that do not, and copy nothing, were recorded
    before. Returns every edit to write, in order."""
    from qmonth.edit.write import edit_text

    out: list[Any] = []
    for item in items:
        if item.status != "record":
            continue
        after = edit_text(text, item.edits, path)
        if after == text and item.copy_to is None:
            item.status = "done_before"
            continue
        text = after
        out += item.edits
    return out


def copy_evidence(items: Sequence[Item], folder: Path) -> int:
    """Copy the evidence of the items to record (atomically, never over another file)."""
    from qmonth.edit.write import atomic_write_bytes

    copied = 0
    for item in items:
        if item.status != "record" or item.copy_to is None:
            continue
        item.copy_to.parent.mkdir(parents=True, exist_ok=True)
        data = (folder / item.file).read_bytes()
        atomic_write_bytes(item.copy_to, data, exists_code="intake_copy_exists")
        copied += 1
    return copied


# ── one file ───────────────────────────────────────────────────────────────────────────────


def _item(c: Campaign, base: Path, where: Path, path: Path, today: dt.date) -> Item:
    suffix = path.suffix.lower()
    name = path.name
    if suffix in OLD_FORMATS:
        return Item(name, "not_read", "intake_old_format", {"ext": suffix, "new": OLD_FORMATS[suffix]})
    if suffix in SHEETS:
        try:
            sheet = _read(path)
        except QmonthError as exc:
            return Item(name, "not_read", "intake_unreadable", {"code": exc.code, "params": exc.params})
        if sheet is not None:
            return _sheet_item(c, path, *sheet, today)
        if suffix != ".docx":
            return Item(name, "unmatched", "intake_no_form", {"labels": _labels(c)})
        return _evidence_item(c, base, where, path, "document", today)
    if suffix in DOCUMENTS:
        if any(w in path.stem for w in FORM_WORDS) or any(f.title in path.stem for f in c.forms.values()):
            reason = "intake_scanned_pdf" if _scanned(path) else "intake_pdf_form"
            return Item(name, "not_read", reason, {})
        return _evidence_item(c, base, where, path, "document", today)
    if suffix in PHOTOS:
        return _evidence_item(c, base, where, path, "photo", today)
    if suffix in VIDEOS:
        return _evidence_item(c, base, where, path, "video", today)
    return Item(name, "not_read", "intake_unknown_type", {"ext": suffix or name})


def _labels(c: Campaign) -> str:
    return "、".join(dict.fromkeys(f.label for form in c.forms.values() for f in form.fields))


def _scanned(path: Path) -> bool:
    """An image-only PDF (a scan): no font anywhere in it, so no text to read."""
    data = path.read_bytes()
    return b"/Font" not in data


def _read(path: Path) -> tuple[list[list[str]], list[list[str]]] | None:
    """(the whole text of the file as rows, for its 填报单位; the table holding a form) — for a
    .docx the first table, else None (a .docx without a table is a document)."""
    from qmonth.core import forms

    if path.suffix.lower() != ".docx":
        header, rows = forms.read_sheet(path)
        table = [header, *rows]
        return table, table
    try:
        import docx

        document = docx.Document(str(path))
    except Exception:  # a corrupt or non-docx file
        raise UsageError("intake_not_docx", path=path) from None
    if not document.tables:
        return None
    paragraphs = [[p.text] for p in document.paragraphs if p.text.strip()]
    table = [[cell.text.strip() for cell in row.cells] for row in document.tables[0].rows]
    return [*paragraphs, *table], table


def _sheet_item(c: Campaign, path: Path, everything: list[list[str]], table: list[list[str]], today: dt.date) -> Item:
    from qmonth.core import forms
    from qmonth.edit import record
    from qmonth.edit.receipt_rows import sheet_units

    name = path.name
    scores = {fid: _score(form, table) for fid, form in c.forms.items()}
    best = max(scores.values(), default=0)
    chosen = [fid for fid, s in scores.items() if s == best and s > 0]
    if not chosen:
        return Item(name, "unmatched", "intake_no_form", {"labels": _labels(c)})
    if len(chosen) > 1:
        return Item(name, "unmatched", "intake_two_forms", {"forms": "、".join(c.forms[f].title for f in chosen)})
    fid = chosen[0]
    form = c.forms[fid]
    said = forms.filler(everything[0], everything[1:], labels=[x for f in form.fields for x in (f.label, f.id)]) or ""
    if said:
        units = sheet_units(c, said)
        if not units:
            return Item(name, "unmatched", "intake_filler_unknown", {"filler": said}, said=said)
        if len(units) > 1:
            return Item(name, "unmatched", "intake_filler_two", {"filler": said, "units": _labels_of(c, units)}, said=said)
    else:
        units = units_named(c, path.stem)
        if not units:
            return Item(name, "unmatched", "intake_no_unit", {})
        if len(units) > 1:
            return Item(name, "unmatched", "intake_two_units", {"units": _labels_of(c, units)})
    uid = units[0]
    item = Item(name, "record", unit=uid, what=form.title, form=fid, said=said)
    header, body = forms.header_row(form, table[0], table[1:])
    body = [r for r in body if not any(_FILLER_LINE.match(str(cell)) for cell in r)]
    try:
        item.rows = forms.rows_from_sheet(form, header, body, name)
        changes = record.form(c, uid, fid, item.rows, None, today, replace=True)
    except UsageError as exc:
        return Item(name, "unmatched", "intake_refused", {"code": exc.code, "params": exc.params}, unit=uid)
    item.edits = [ch.edit for ch in changes if ch.edit is not None]
    return item


_FILLER_LINE = re.compile(r"^\s*(填报单位|填报人|填报日期|填表人|填表日期|联系电话[:：])")


def _score(form: Any, table: list[list[str]]) -> int:
    wanted = {f.label for f in form.fields} | {f.id for f in form.fields}
    return max((sum(1 for cell in row if str(cell).strip() in wanted) for row in table[:6]), default=0)


def _labels_of(c: Campaign, units: Sequence[str]) -> str:
    return "、".join(c.units[u].label for u in units)


def _tokens(uid: str, unit: Any) -> list[str]:
    out = [unit.name, unit.short]
    short = unit.short or ""
    if len(short) >= 3 and short[-1] in "区县市镇":
        out.append(short[:-1])
    return [t for t in out if t and len(t) >= 2]


def units_named(c: Campaign, stem: str) -> list[str]:
    """The units a file name names: an id as a word (chikan-回执), a name, a short name, or a short
    name without its 区/县/市 (廉江-回执). A unit whose match lies inside another's is not counted."""
    spans: dict[str, tuple[int, int]] = {}
    low = stem.lower()
    for uid, unit in c.units.items():
        best: tuple[int, int] | None = None
        m = re.search(rf"(?<![a-z0-9]){re.escape(uid.lower())}(?![a-z0-9])", low)
        if m is not None:
            best = m.span()
        for token in _tokens(uid, unit):
            at = stem.find(token)
            if at >= 0 and (best is None or len(token) > best[1] - best[0]):
                best = (at, at + len(token))
        if best is not None:
            spans[uid] = best
    return [
        u
        for u, (a, b) in spans.items()
        if not any(v != u and x <= a and b <= y and (y - x) > (b - a) for v, (x, y) in spans.items())
    ]


# ── evidence ───────────────────────────────────────────────────────────────────────────────

_KIND_WORDS = {"photo": "照片", "video": "视频", "document": "文件"}


def _fits(kind: str, asked: Sequence[str]) -> bool:
    if kind == "photo":
        return any(a in PHOTO_KINDS for a in asked)
    if kind == "video":
        return any(a in VIDEO_KINDS for a in asked)
    return any(a not in NOT_DOCUMENT_KINDS for a in asked)


def _evidence_item(c: Campaign, base: Path, where: Path, path: Path, kind: str, today: dt.date) -> Item:
    from qmonth.edit import record

    name = path.name
    units = units_named(c, path.stem)
    if not units:
        return Item(name, "unmatched", "intake_no_unit", {})
    if len(units) > 1:
        return Item(name, "unmatched", "intake_two_units", {"units": _labels_of(c, units)})
    uid = units[0]
    unit = c.units[uid]
    if not unit.named:  # a unit class not named yet: nothing is recorded against it
        refused: dict[str, object] = {"code": "unit_class", "params": {"unit": unit.label, "id": uid}}
        return Item(name, "unmatched", "intake_refused", refused, unit=uid)
    fitting = [tid for tid, t in c.tasks.items() if c.applies(t, uid) and _fits(kind, t.evidence)]
    word = _KIND_WORDS[kind]
    if not fitting:
        return Item(name, "unmatched", "intake_no_task", {"unit": unit.label, "kind": word}, unit=uid)
    rest = path.stem
    for token in [uid, *_tokens(uid, unit)]:
        rest = rest.replace(token, " ")
    named = [tid for tid in fitting if re.search(rf"(?<![a-z0-9]){re.escape(tid)}(?![a-z0-9])", rest.lower())]
    named = [tid for tid in named if not any(tid != other and tid in other for other in named)]  # site-visit-local
    if not named:
        runs = {tid: _run(rest, c.tasks[tid].title) for tid in fitting}
        top = max(runs.values())
        named = [tid for tid, n in runs.items() if n == top and n >= TITLE_RUN]
    if not named:
        open_ = [tid for tid in fitting if _open(c, uid, tid)]
        named = open_ if len(open_) == 1 else fitting if len(fitting) == 1 else []
        if not named:
            tasks = "、".join(f"{tid}（{c.tasks[tid].title}）" for tid in (open_ or fitting))
            return Item(name, "unmatched", "intake_two_tasks", {"unit": unit.label, "kind": word, "tasks": tasks}, unit=uid)
    if len(named) > 1:
        tasks = "、".join(f"{tid}（{c.tasks[tid].title}）" for tid in named)
        return Item(name, "unmatched", "intake_two_tasks", {"unit": unit.label, "kind": word, "tasks": tasks}, unit=uid)
    tid = named[0]
    target, copy = _destination(where / uid, path)
    ref = Path(os.path.relpath(target, os.path.abspath(base))).as_posix()
    item = Item(name, "record", unit=uid, what=c.tasks[tid].title, task=tid, ref=ref, copy_to=copy)
    try:
        changes = record.marked_done(c, uid, [tid], None, today, [ref])
    except UsageError as exc:
        return Item(name, "unmatched", "intake_refused", {"code": exc.code, "params": exc.params}, unit=uid)
    item.edits = [ch.edit for ch in changes if ch.edit is not None]
    return item


def _run(a: str, b: str) -> int:
    """The longest run of characters `a` and `b` share."""
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size if a[m.a : m.a + m.size].strip() else 0


def _open(c: Campaign, uid: str, tid: str) -> bool:
    rec = c.units[uid].progress.get(tid)
    return rec is None or (rec.done is None and rec.waived is None)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _destination(folder: Path, source: Path) -> tuple[Path, Path | None]:
    """Where the file goes in the unit's evidence folder, and whether it must be copied: the same
    bytes already there (under its name, or name-2, name-3…) are not copied again; another file
    of that name is never replaced (the next free name-N is taken)."""
    digest = _digest(source)
    n = 1
    while True:
        target = folder / (source.name if n == 1 else f"{source.stem}-{n}{source.suffix}")
        if not target.exists():
            return target, target
        if target.is_file() and _digest(target) == digest:
            return target, None
        n += 1


def _together(c: Campaign, items: list[Item], today: dt.date) -> None:
    """Several files for one record: two sheets of one unit's form are both left unmatched (which
    one is the unit's answer?); several photos of one task are recorded together (each item's edit
    carries the references of those before it, so applying them in order keeps them all)."""
    from qmonth.edit import record

    sheets: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        if item.status == "record" and item.form:
            sheets.setdefault((item.unit, item.form), []).append(item)
    for group in sheets.values():
        if len(group) > 1:
            names = "、".join(i.file for i in group)
            for i in group:
                i.status, i.reason, i.params, i.edits = "unmatched", "intake_same_form", {"files": names, "form": i.what}, []
    targets: dict[Path, Item] = {}
    refs: dict[tuple[str, str], list[str]] = {}
    for item in items:
        if item.status != "record" or not item.task:
            continue
        if item.copy_to is not None and item.copy_to in targets:  # name-2 picked for two files
            other = targets[item.copy_to].file
            item.status, item.reason, item.params, item.edits = "unmatched", "intake_same_name", {"other": other}, []
            continue
        if item.copy_to is not None:
            targets[item.copy_to] = item
        given = refs.setdefault((item.unit, item.task), [])
        given.append(item.ref)
        changes = record.marked_done(c, item.unit, [item.task], None, today, list(given))
        item.edits = [ch.edit for ch in changes if ch.edit is not None]
