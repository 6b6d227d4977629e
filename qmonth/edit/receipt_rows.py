"""`qmonth receipt --form/--set/--row/--from`: which form was returned, and the rows given.

The text of one --row ("活动名称=质量宣传周|内容简介=……") is parsed by `forms.parse_row`, the
--set FIELD=VALUE pairs by `forms.assignments`, the sheet of --from by `forms.read_sheet` (all in
qmonth/core/forms.py); `record.form` says what recording them changes in the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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
) -> list[Any]:
    """What recording the form `form_text` (its id or title; default: the liaison form) of `unit`
    changes: the sheet's rows replace the rows recorded; --row and --set rows are added after them."""
    from qmonth.core.forms import with_builtin_liaison
    from qmonth.edit import record

    declared = list(campaign.forms)
    c = with_builtin_liaison(campaign)
    form_id = _form_id(c, form_text, declared)
    given = _form_rows(c, form_id, sets, rows, sheet)
    return record.form(c, unit, form_id, given, day, today, replace=sheet is not None)


def _form_id(c: Campaign, text: str | None, declared: list[str]) -> str:
    from qmonth.core.errors import UsageError
    from qmonth.core.forms import liaison_form, resolve_form

    if text is not None:
        return resolve_form(c, text, declared)
    found = liaison_form(c)
    if found is None:  # no liaison form declared and none built in (no receipt task)
        known = ", ".join(f"{fid}（{f.title}）" for fid, f in c.forms.items()) or "—"
        raise UsageError("no_liaison_form", known=known)
    return found


def _form_rows(c: Campaign, form_id: str, sets: list[str], rows: list[str], sheet: Path | None) -> list[dict[str, str]]:
    """The rows given: the sheet's, then each --row, then the --set fields as one more row."""
    from qmonth.core import forms

    declared = c.forms[form_id]
    out: list[dict[str, str]] = []
    if sheet is not None:
        header, body = forms.header_row(declared, *forms.read_sheet(sheet))
        out += forms.rows_from_sheet(declared, header, body, str(sheet))
    out += [forms.parse_row(declared, text) for text in rows]
    if sets:
        out.append(forms.assignments(declared, sets))
    return out
