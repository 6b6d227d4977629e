"""`qmonth receipt --form/--set/--row/--from`: which form was returned, and the rows given.

The text of one --row ("活动名称=质量宣传周|内容简介=……") is parsed by `forms.parse_row`, the
--set FIELD=VALUE pairs by `forms.assignments`, the sheet of --from by `forms.read_sheet` (all in
qmonth/core/forms.py); `record.form` says what recording them changes in the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qmonth.core.errors import UsageError
from qmonth.core.model import Campaign


def form_changes(
    campaign: Campaign,
    unit: str,
    form_text: str | None,
    sets: list[str],
    rows: list[str],
    sheet: Path | None,
    day: dt.date | None,
    today: dt.date,
    as_unit: str | None = None,
) -> list[Any]:
    """What recording the form `form_text` (its id or title; default: the liaison form) of `unit`
    changes: the sheet's rows replace the rows recorded; --row and --set rows are added after them.

    A sheet that names who filled it (填报单位) is recorded only for that unit: a sheet of another
    unit, or of a 填报单位 no unit matches, is refused naming both, unless `as_unit` (--as) names
    the unit it is recorded for."""
    from qmonth.core.forms import with_builtin_liaison
    from qmonth.core.resolve import recordable, resolve_unit
    from qmonth.edit import record

    declared = list(campaign.forms)
    c = with_builtin_liaison(campaign)
    recordable(c, resolve_unit(c, unit))
    form_id = _form_id(c, form_text, declared)
    if as_unit is not None:
        uid, claimed = resolve_unit(c, unit), resolve_unit(c, as_unit)
        if uid != claimed:
            raise UsageError("sheet_as_other", unit=c.units[uid].label, claimed=c.units[claimed].label)
    given = _form_rows(c, form_id, sets, rows, sheet, None if as_unit is not None else unit)
    return record.form(c, unit, form_id, given, day, today, replace=sheet is not None)


def sheet_units(c: Campaign, text: str) -> list[str]:
    """The units a sheet's 填报单位 names: its full name, id or short name; else the one unit whose
    name or short name the text contains (廉江市住建局 → 廉江市)."""
    text = "".join(text.split())
    exact = [uid for uid, u in c.units.items() if text in (uid, u.name, u.short)]
    if exact:
        return exact
    named = [uid for uid, u in c.units.items() if u.name and u.name in text]
    if named:
        return named
    return [uid for uid, u in c.units.items() if (u.short and u.short in text) or (len(text) >= 2 and text in u.name)]


def _check_filler(c: Campaign, unit_text: str, said: str, sheet: Path) -> None:
    from qmonth.core.resolve import resolve_unit

    uid = resolve_unit(c, unit_text)
    found = sheet_units(c, said)
    if found == [uid]:
        return
    unit = c.units[uid].label
    if len(found) == 1:
        raise UsageError("sheet_other_unit", path=sheet, filler=said, other=c.units[found[0]].label, unit=unit, id=uid)
    raise UsageError("sheet_unknown_filler", path=sheet, filler=said, unit=unit, id=uid)


def _form_id(c: Campaign, text: str | None, declared: list[str]) -> str:
    from qmonth.core.forms import liaison_form, resolve_form

    if text is not None:
        return resolve_form(c, text, declared)
    found = liaison_form(c)
    if found is None:  # no liaison form declared and none built in (no receipt task)
        known = ", ".join(f"{fid}（{f.title}）" for fid, f in c.forms.items()) or "—"
        raise UsageError("no_liaison_form", known=known)
    return found


def _form_rows(
    c: Campaign, form_id: str, sets: list[str], rows: list[str], sheet: Path | None, unit: str | None = None
) -> list[dict[str, str]]:
    """The rows given: the sheet's, then each --row, then the --set fields as one more row. With
    `unit`, a sheet naming who filled it must name that unit."""
    from qmonth.core import forms

    declared = c.forms[form_id]
    out: list[dict[str, str]] = []
    if sheet is not None:
        table = forms.read_sheet(sheet)
        said = forms.filler(*table, labels=[x for f in declared.fields for x in (f.label, f.id)])
        if unit is not None and said:
            _check_filler(c, unit, said, sheet)
        header, body = forms.header_row(declared, *table)
        out += forms.rows_from_sheet(declared, header, body, str(sheet))
    out += [forms.parse_row(declared, text) for text in rows]
    if sets:
        out.append(forms.assignments(declared, sets))
    return out
