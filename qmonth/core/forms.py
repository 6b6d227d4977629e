"""Reply forms (回执, 反馈表): naming a form and its fields, checking values by kind, reading the sheet
a unit sent back (CSV or xlsx), and what recording a form changes in the file.

Pure except `read_sheet`, which reads the file it is given. Values are checked before anything is
written: a mobile that is not 11 digits or a text over its `max` is refused with the field's label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from qmonth.core import fields as kinds
from qmonth.core.errors import UsageError
from qmonth.core.model import Campaign, Form, FormField

ROW_SEPARATOR = "|"  # --row "活动名称=质量宣传周|内容简介=……": one row, its fields apart
MAX_SHEET_ROWS = 1000


BUILTIN_LIAISON_ID = "liaison"


def builtin_liaison(task: str) -> Form:
    """The notice's 联络员回执, built in for a campaign that declares no liaison form (the demo and
    every file written before [forms] existed): 姓名 性别 工作单位 职务 固定电话 手机."""
    from qmonth.core.model import FormField

    return Form(
        title="联络员回执",
        title_en="Liaison receipt",
        task=task,
        liaison=True,
        fields=[
            FormField(id="name", label="姓名", label_en="Name"),
            FormField(id="gender", label="性别", label_en="Gender", kind="choice", options=["男", "女"]),
            FormField(id="workplace", label="工作单位", label_en="Workplace"),
            FormField(id="position", label="职务", label_en="Position"),
            FormField(id="phone", label="固定电话", label_en="Landline", kind="landline"),
            FormField(id="mobile", label="手机", label_en="Mobile", kind="mobile"),
        ],
    )


def with_builtin_liaison(c: Campaign) -> Campaign:
    """The campaign, with the built-in liaison form added when it declares none (and has the
    receipt task and no other form under the id `liaison`)."""
    task = c.campaign.receipt_task
    if liaison_form(c) is not None or task not in c.tasks or BUILTIN_LIAISON_ID in c.forms:
        return c
    return c.model_copy(update={"forms": {**c.forms, BUILTIN_LIAISON_ID: builtin_liaison(task)}})


def resolve_form(c: Campaign, text: str, declared: Iterable[str] | None = None) -> str:
    """A form by id, by title, or by a unique part of its title. `declared`: the ids the file
    itself declares (the rest are built in), to say so when a form is unknown."""
    text = text.strip()
    if text in c.forms:
        return text
    exact = [fid for fid, f in c.forms.items() if text in (f.title, f.title_en)]
    found = exact or [fid for fid, f in c.forms.items() if text and text in f.title]
    if len(found) == 1:
        return found[0]
    known = ", ".join(f"{fid}（{f.title}）" for fid, f in c.forms.items()) or "—"
    if not found:
        if declared is not None and not list(declared):
            raise UsageError("unknown_form_none_declared", text=text, known=known)
        raise UsageError("unknown_form", text=text, known=known)
    raise UsageError("ambiguous_form", text=text, known=", ".join(found))


def liaison_form(c: Campaign) -> str | None:
    """The form that names the liaison (`liaison = true`), if the campaign declares one."""
    return next((fid for fid, f in c.forms.items() if f.liaison), None)


def resolve_field(form: Form, text: str) -> FormField:
    """A field by id or label (English label too), exactly."""
    key = text.strip()
    for f in form.fields:
        if key in (f.id, f.label) or (f.label_en and key == f.label_en):
            return f
    raise UsageError("unknown_field", form=form.title, text=text, known="、".join(f"{f.label}（{f.id}）" for f in form.fields))


def split_assignment(text: str) -> tuple[str, str]:
    """FIELD=VALUE (a full-width ＝ works too)."""
    for sign in ("=", "＝"):
        if sign in text:
            key, value = text.split(sign, 1)
            return key.strip(), value.strip()
    raise UsageError("bad_assignment", text=text)


def assignments(form: Form, pairs: Iterable[str]) -> dict[str, str]:
    """`--set FIELD=VALUE ...` → field id → value."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, value = split_assignment(pair)
        out[resolve_field(form, key).id] = value
    return out


def parse_row(form: Form, text: str) -> dict[str, str]:
    """`--row "活动名称=质量宣传周|内容简介=……"` → one row."""
    return assignments(form, [part for part in text.split(ROW_SEPARATOR) if part.strip()])


def problem(field: FormField, value: str) -> str | None:
    """None when `value` is fine for `field`, else the i18n code of what is wrong (empty is fine:
    `required` is checked on the whole row)."""
    return kinds.check(field.kind, value, max_len=field.max, options=field.options or None)


def checked_value(c: Campaign, form: Form, field: FormField, value: str) -> str | dt.date:
    """One field's value checked as `receipt --set` checks it (a date read in the campaign's span):
    the value for the file, or UsageError naming the field (the web form shows it beside the field)."""
    return _typed(c, form, field, value, None)


def _typed(c: Campaign, form: Form, field: FormField, value: str, row: int | None) -> str | dt.date:
    """Checked and typed for the file: a date field becomes a date; anything invalid is refused."""
    code = problem(field, value)
    found = ""
    if code is None and field.kind == "date" and value.strip():
        from qmonth.core.dates import DateFormatError, parse_in_span

        low, high = c.campaign.done_span
        try:
            return parse_in_span(value, low, high)
        except DateFormatError as exc:  # say what is wrong: no such day, not a date, or which year
            code = _DATE_CODES.get(exc.reason, "field_date")
            found = exc.found
    if code is not None:
        raise UsageError(
            "form_" + code,
            form=form.title,
            label=field.label,
            value=value,
            max=field.max or 0,
            options="、".join(field.options),
            where=_where(row),
            found=found,
        )
    return value


#: A date field's value that does not parse, by DateFormatError.reason; "outside_span" (a month/day
#: with no reading in the campaign) keeps "field_date".
_DATE_CODES = {"impossible": "field_no_such_day", "format": "field_not_a_date", "ambiguous": "field_date_ambiguous"}


def _where(row: int | None) -> tuple[str, str]:
    """Which row, in both languages (the CLI picks one), or nothing for a one-row form."""
    return (f"（第 {row} 行）", f" (row {row})") if row else ("", "")


def rows_from_sheet(form: Form, header: list[str], rows: list[list[str]], source: str) -> list[dict[str, str]]:
    """The rows of a returned sheet: the header row holds the fields' labels (or ids); other columns
    (序号, 备注…) are ignored; blank rows are skipped."""
    columns: dict[int, str] = {}
    for n, name in enumerate(header):
        name = name.strip()
        if not name:
            continue
        for f in form.fields:
            if name in (f.id, f.label) or (f.label_en and name == f.label_en):
                columns[n] = f.id
    if not columns:
        raise UsageError("sheet_no_fields", path=source, labels="、".join(f.label for f in form.fields))
    out = []
    for row in rows:
        values = {fid: (row[n].strip() if n < len(row) else "") for n, fid in columns.items()}
        if any(values.values()):
            out.append(values)
    if not out:
        raise UsageError("sheet_no_rows", path=source)
    return out


def read_sheet(path: Path) -> tuple[list[str], list[list[str]]]:
    """The first sheet of an .xlsx, or a CSV (UTF-8, with or without BOM, else GB18030 as Excel in
    China saves it): the header row and the rows below it, as text."""
    if not path.is_file():
        raise UsageError("sheet_unreadable", path=path, reason=("文件不存在，请检查路径", "no such file (check the path)"))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() not in (".csv", ".txt"):
        raise UsageError("sheet_format", path=path)
    import csv
    import io

    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise UsageError("sheet_not_text", path=path)
    table = [row for row in csv.reader(io.StringIO(text))]
    return _split(table, path)


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        raise UsageError("sheet_unreadable", path=path, reason="openpyxl is not installed") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a corrupt or non-xlsx file
        raise UsageError("sheet_not_xlsx", path=path) from None
    try:
        sheet = book.worksheets[0]
        table = []
        for n, row in enumerate(sheet.iter_rows(values_only=True)):
            if n > MAX_SHEET_ROWS + 20:
                break
            table.append([_cell(v) for v in row])
    finally:
        book.close()
    return _split(table, path)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into a number cell
    return str(value)


def _split(table: list[list[str]], path: Path) -> tuple[list[str], list[list[str]]]:
    """The first non-blank row is the header (a title row above it, merged across, is skipped when
    it names no field: the caller decides)."""
    rows = [r for r in table if any(str(c).strip() for c in r)]
    if not rows:
        raise UsageError("sheet_empty", path=path)
    if len(rows) > MAX_SHEET_ROWS + 1:
        raise UsageError("sheet_too_long", path=path, limit=MAX_SHEET_ROWS)
    return rows[0], rows[1:]


FILLER = "填报单位"


def filler(header: list[str], rows: list[list[str]], labels: Iterable[str] = ()) -> str | None:
    """Who filled the sheet, as it says: a cell "填报单位：廉江市住房和城乡建设局" (a title row, or a
    line under the table), a cell "填报单位" with the name in the next cell, or a column 填报单位 (its
    first value: the next cell is then one of the form's `labels`). None when the sheet does not say."""
    names = set(labels)
    import re

    table = [header, *rows]
    said = re.compile(rf"^\s*{FILLER}(?:[（(][^）)]*[）)])?\s*[:：]?\s*(.*?)\s*$")
    for n, row in enumerate(table):
        for i, cell in enumerate(row):
            m = said.match(str(cell))
            if m is None:
                continue
            if m.group(1):
                return _bare_name(m.group(1))
            after = next((str(c).strip() for c in row[i + 1 :] if str(c).strip()), "")
            if after and after not in names:
                return _bare_name(after)
            below = next((str(r[i]).strip() for r in table[n + 1 :] if i < len(r) and str(r[i]).strip()), "")
            if below:
                return _bare_name(below)
    return None


def _bare_name(text: str) -> str:
    """A unit's name as a sheet writes it, without what follows it: （盖章）, a date, spaces."""
    import re

    text = re.split(r"[（(]\s*盖章|\s{2,}|\s+填报(?:日期|时间|人)", text)[0]
    return text.strip(" \t：:")


def header_row(form: Form, header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Skip title rows above the header (a sheet often starts with the form's title, merged across)."""
    wanted = {f.label for f in form.fields} | {f.id for f in form.fields}
    table = [header, *rows]
    for n, row in enumerate(table[:5]):
        if any(str(c).strip() in wanted for c in row):
            return table[n], table[n + 1 :]
    return header, rows


def values_for_file(
    c: Campaign, form_id: str, rows: Sequence[Mapping[str, str]], old_rows: Sequence[Mapping[str, str]] = ()
) -> dict[str, Any]:
    """The table to write for a returned form: checked, typed, required fields present.

    A one-row form merges with `old_rows`, what was recorded before (a corrected phone keeps the
    name); a multi-row form: {"rows": [...]}, the rows given, one table each (`rows_for_file`;
    record.form passes the recorded rows first to add to them).
    """
    form = c.forms[form_id]
    if not rows:
        raise UsageError("form_needs_values", form=form.title)
    if form.rows:
        return {"rows": rows_for_file(c, form_id, rows)}
    if len(rows) > 1:
        raise UsageError("form_one_row", form=form.title, count=len(rows))
    problems = _missing(form, {**(old_rows[0] if old_rows else {}), **rows[0]}, None)
    out: dict[str, Any] = {}
    for f in form.fields:
        if f.id not in rows[0]:
            continue
        value = rows[0][f.id]
        try:
            out[f.id] = _typed(c, form, f, value, None) if value.strip() else None  # emptied: removed from the file
        except UsageError as exc:
            problems.append(exc)
    _raise_all(form, problems)
    return out


def rows_for_file(c: Campaign, form_id: str, rows: Sequence[Mapping[str, str]]) -> list[dict[str, Any]]:
    """A multi-row form's rows to write, one table each (`[[units.ID.forms.FORM]]`): checked and
    typed, in the form's field order, empty values left out."""
    form = c.forms[form_id]
    problems: list[UsageError] = []
    out: list[dict[str, Any]] = []
    for n, row in enumerate(rows, start=1):
        problems += _missing(form, row, n)
        typed: dict[str, Any] = {}
        for f in form.fields:
            value = row.get(f.id, "")
            if value.strip():
                try:
                    typed[f.id] = _typed(c, form, f, value, n)
                except UsageError as exc:
                    problems.append(exc)
        out.append(typed)
    _raise_all(form, problems)
    return out


def _raise_all(form: Form, problems: list[UsageError]) -> None:
    """One problem: its own message; several: all of them in one message (F18), in both languages."""
    if not problems:
        return
    if len(problems) == 1:
        raise problems[0]
    from qmonth.i18n import t

    def one(exc: UsageError, i: int) -> str:
        lang = "zh" if i == 0 else "en"
        params = {k: (v[i] if isinstance(v, tuple) else v) for k, v in exc.params.items()}
        text = t(exc.code, lang, **params)  # type: ignore[arg-type]
        for tail in ("文件未修改。", " The file was not changed."):
            text = text.removesuffix(tail)
        text = text.removeprefix(form.title)  # said once, in front of the list
        return text.removeprefix("：").removeprefix(": ").strip()

    joined = ("；".join(one(p, 0).rstrip("。") for p in problems) + "。", " ".join(one(p, 1) for p in problems))
    raise UsageError("form_problems", form=form.title, count=len(problems), list=joined)


def _missing(form: Form, row: Mapping[str, str], n: int | None) -> list[UsageError]:
    return [
        UsageError("form_field_required", form=form.title, label=f.label, where=_where(n))
        for f in form.fields
        if f.required and not str(row.get(f.id, "")).strip()
    ]


# ── the receipt task: done only with its form's required values ──────────────────────────────────

#: What the unit's receipt lacks: (form id, field id, label zh, label en).
Lack = tuple[str, str, str, str]


def receipt_lacking(c: Campaign, uid: str, pending: Mapping[str, Sequence[Mapping[str, object]]] | None = None) -> list[Lack]:
    """What the unit's receipt still lacks before its receipt task (`[campaign] receipt_task`) can be
    done: the required values of every form that completes it (the built-in liaison form too); []
    when nothing is missing or the campaign has no receipt task.

    A liaison form that marks no field required (the built-in one, the shipped one) still needs
    someone to call: a 手机 or a 固定电话 (or an e-mail address, where the form asks for one).
    `pending`: form id → the rows about to be written (the
    values after this change), read instead of what the file holds."""
    task = c.campaign.receipt_task
    if task not in c.tasks:
        return []
    full = with_builtin_liaison(c)
    out: list[Lack] = []
    for fid, form in full.forms.items():
        if form.task != task:
            continue
        if pending is not None and fid in pending:
            rows = [dict(r) for r in pending[fid]]
        elif form.liaison:
            liaison = c.units[uid].liaison
            rows = [liaison.model_dump()] if liaison is not None else []
        else:
            rows = [dict(r) for r in full.form_rows(uid, fid)]
        rows = rows or [{}]

        def lacks(f: FormField, rows: list[dict[str, object]] = rows) -> bool:
            return any(not str(r.get(f.id) or "").strip() for r in rows)

        required = [f for f in form.fields if f.required]
        if required or not form.liaison:
            out += [(fid, f.id, f.label, f.label_for("en")) for f in required if lacks(f)]
            continue
        ways = [f for f in (form.field(x) for x in ("mobile", "phone", "email")) if f is not None]
        if ways and all(lacks(f) for f in ways):
            zh = "或".join(f.label for f in ways)
            out.append((fid, ways[0].id, zh, " or ".join(f.label_for("en") for f in ways)))
    return out


def receipt_refusal(c: Campaign, uid: str, lacking: Sequence[Lack]) -> UsageError:
    """The one message refusing the receipt task without its values: which are missing, and the
    `qmonth receipt UNIT --set …` that records them (exit 2, nothing written)."""
    full = with_builtin_liaison(c)
    form_id = lacking[0][0]
    form = full.forms[form_id]
    option = "" if form.liaison else f" --form {form_id}"
    labels = {f.id: f for f in form.fields}
    mine = [fld for fid, fld, _, _ in lacking if fid == form_id and fld in labels]
    zh = " ".join(f"--set {labels[fld].label}=…" for fld in mine)
    en = " ".join(f"--set {fld}=…" for fld in mine)
    return UsageError(
        "receipt_lacks_values",
        unit=c.units[uid].label,
        task=c.campaign.receipt_task,
        form=(form.title, form.title_for("en")),
        fields=("、".join(z for _, _, z, _ in lacking), ", ".join(e for _, _, _, e in lacking)),
        command=(f"qmonth receipt {uid}{option} {zh}", f"qmonth receipt {uid}{option} {en}"),
    )
