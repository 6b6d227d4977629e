"""Office files, checked the way a reader finds things: a column by its header, never by cell address;
every field of the HTML 通报 escaped, the issuer included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import Run, mutate


def _by_header(ws: Any, *names: str) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    """The first row holding every one of `names` as a cell: {header: column index}, and the rows under it."""
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        cells = [str(v).strip() if v is not None else "" for v in row]
        if all(n in cells for n in names):
            return {c: j for j, c in enumerate(cells) if c}, rows[i + 1 :]
    raise AssertionError(f"no header row with {names} in {ws.title}")


def test_the_overdue_sheets_mobile_column_shows_the_mobile_not_the_landline(demo: Path, tmp_path: Path, run: Run) -> None:
    out = tmp_path / "台账.xlsx"
    assert run("export", "xlsx", "-f", demo, "--today", "2024-10-15", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    # the liaisons' numbers, from the receipt sheet by its headers
    cols, rows = _by_header(wb["联络员回执"], "姓名", "固定电话", "手机")
    numbers = {r[cols["姓名"]]: (r[cols["手机"]], r[cols["固定电话"]]) for r in rows if r[cols["姓名"]]}
    assert numbers["林晓燕"] == ("13802715638", "0759-3216047")
    cols, rows = _by_header(wb["逾期清单"], "单位", "联络员", "手机")
    named = [r for r in rows if r[cols["联络员"]] in numbers]
    assert len(named) >= 2  # 赤坎 has two tasks overdue on 10-15, its liaison named
    for r in named:
        mobile, landline = numbers[r[cols["联络员"]]]
        assert r[cols["手机"]] == mobile and r[cols["手机"]] != landline


def test_the_html_report_escapes_every_field_the_issuer_included(demo: Path, tmp_path: Path, run: Run) -> None:
    path = demo
    fields = {
        'issuer = "湛江市住房和城乡建设局"': "issuer",
        'title = "2024年全市住房城乡建设系统“质量月”活动"': "title",
        'theme = "加强质量支撑 共建质量强国"': "theme",
        'short = "赤坎区"': "short",
        'title = "报送联络员回执"': "task",
    }
    for line, tag in fields.items():
        key, value = line.split(" = ", 1)
        mutate(path, line, f'{key} = "<script>{tag}</script>&amp;{value[1:-1]}"')
    out = tmp_path / "r.html"
    result = run("report", "-f", path, "--today", "2024-09-20", "-o", out)
    assert result.exit_code == 0, (result.stderr, result.exception)
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "&amp;湛江" not in page.replace("&amp;amp;", "")
    assert "&lt;script&gt;issuer&lt;/script&gt;&amp;amp;湛江市住房和城乡建设局" in page  # the issuer, escaped once
    assert "&lt;script&gt;short&lt;/script&gt;" in page
    assert "&lt;script&gt;title&lt;/script&gt;" in page
