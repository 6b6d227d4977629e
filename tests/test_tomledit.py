"""Tests for qmonth.edit.tomledit: surgical edits of one table of a campaign file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmonth.core.tomlscan import Entry, locate
from qmonth.edit import tomlcheck, tomledit
from qmonth.edit.tomledit import EditError, remove_table, scan, set_table

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "campaign.toml"
FILES = [CAMPAIGN, *sorted((ROOT / "examples").glob("*.toml"))]
# Each file as it is, and campaign.toml with CRLF line endings and no final newline.
CASES = [*((path, False) for path in FILES), (CAMPAIGN, True)]

RECEIPT = ("units", "chikan", "progress", "receipt")
RECORD = {"done": date(2024, 9, 9), "evidence": ["回执/赤坎区.pdf"], "note": "已通过粤政易报送"}

SMALL = """\
# campaign
[campaign]
title = "t"

[units.chikan]
name = "湛江市赤坎区住房和城乡建设局"
short = "赤坎区"
kind = "county"

[units.chikan.liaison]
name = "张三"
mobile = "13800000000"

[units.chikan.progress.receipt]
done = 2024-09-09
# uploaded by the office
evidence = ["回执/赤坎区.pdf"]   # scanned
note = "已通过粤政易报送"

[units.chikan.progress.work-plan]
waived = "本单位另行报送"

# ── next unit comment
[units.xiashan]
name = "湛江市霞山区住房和城乡建设局"
kind = "county"
"""


def progress(text: str, unit: str) -> dict[str, Any]:
    found: dict[str, Any] = tomllib.loads(text)["units"][unit].get("progress", {})
    return found


# ── Inserting, updating, removing ────────────────────────────────────────────────────────────


def test_insert_new_record_at_the_end_of_the_units_part() -> None:
    text = CAMPAIGN.read_text(encoding="utf-8")
    new = set_table(text, RECEIPT, RECORD)
    anchor = '[units.chikan]\nname = "湛江市赤坎区住房和城乡建设局"\nshort = "赤坎区"\nkind = "county"\n'
    block = '\n[units.chikan.progress.receipt]\ndone = 2024-09-09\nevidence = ["回执/赤坎区.pdf"]\nnote = "已通过粤政易报送"\n'
    assert new == text.replace(anchor, anchor + block, 1)
    assert progress(new, "chikan") == {"receipt": RECORD}


def test_insert_goes_after_the_last_table_of_the_unit_before_trailing_comments() -> None:
    new = set_table(SMALL, ("units", "chikan", "progress", "summary"), {"done": date(2024, 10, 8)})
    assert new == SMALL.replace(
        'waived = "本单位另行报送"\n\n# ── next unit',
        'waived = "本单位另行报送"\n\n[units.chikan.progress.summary]\ndone = 2024-10-08\n\n# ── next unit',
    )


def test_insert_renders_long_arrays_on_several_lines_and_escapes_strings() -> None:
    evidence = [f"evidence/chikan/照片-{n:02d}-很长的文件名称.jpg" for n in range(4)]
    note = 'line "one"\nline \\two\\ [units.fake] # not a comment'
    new = set_table(SMALL, ("units", "xiashan", "progress", "receipt"), {"evidence": evidence, "note": note})
    assert new.endswith(
        '[units.xiashan.progress.receipt]\nevidence = [\n  "evidence/chikan/照片-00-很长的文件名称.jpg",\n'
        '  "evidence/chikan/照片-01-很长的文件名称.jpg",\n  "evidence/chikan/照片-02-很长的文件名称.jpg",\n'
        '  "evidence/chikan/照片-03-很长的文件名称.jpg",\n]\n'
        'note = "line \\"one\\"\\nline \\\\two\\\\ [units.fake] # not a comment"\n'
    )
    assert progress(new, "xiashan") == {"receipt": {"evidence": evidence, "note": note}}
    assert [e.path for e in scan(new) if e.kind == "table"][-1] == ("units", "xiashan", "progress", "receipt")


def test_update_keeps_comments_unmentioned_keys_and_everything_else() -> None:
    new = set_table(SMALL, RECEIPT, {"done": date(2024, 9, 10), "note": None, "waived": "另行报送"})
    assert new == SMALL.replace(
        'done = 2024-09-09\n# uploaded by the office\nevidence = ["回执/赤坎区.pdf"]   # scanned\nnote = "已通过粤政易报送"\n',
        'done = 2024-09-10\n# uploaded by the office\nevidence = ["回执/赤坎区.pdf"]   # scanned\nwaived = "另行报送"\n',
    )


def test_update_rewrites_only_the_lines_of_the_keys_it_changes() -> None:
    text = (
        "[units.chikan]\n[units.chikan.progress.receipt]\n"
        "  done   =   2024-09-09   # aligned\n"
        "evidence = [\n  \"a\",  # first\n  'b',\n]\n"
        "inl = { d = 2024-09-11 }\n"
        "raw = 'C:\\x'\n"
        'gone = """\n[units.fake]\n"""\n'
        "hex = 0xff\n"
    )
    new = set_table(text, RECEIPT, {"done": date(2024, 9, 10), "evidence": ["c"], "gone": None, "note": "n"})
    assert new == (
        "[units.chikan]\n[units.chikan.progress.receipt]\n"
        "  done   =   2024-09-10   # aligned\n"
        'evidence = ["c"]\n'
        "inl = { d = 2024-09-11 }\n"
        "raw = 'C:\\x'\n"
        "hex = 0xff\n"
        'note = "n"\n'
    )


def test_update_with_unchanged_values_returns_the_text_itself() -> None:
    assert set_table(SMALL, RECEIPT, {"done": date(2024, 9, 9), "evidence": ("回执/赤坎区.pdf",), "x": None}) is SMALL


def test_update_tells_a_date_from_a_string() -> None:
    new = set_table(SMALL, RECEIPT, {"done": "2024-09-09"})
    assert 'done = "2024-09-09"' in new
    assert progress(new, "chikan")["receipt"]["done"] == "2024-09-09"


def test_update_can_empty_a_table() -> None:
    new = set_table(SMALL, ("units", "chikan", "progress", "work-plan"), {"waived": None})
    assert new == SMALL.replace(
        '[units.chikan.progress.work-plan]\nwaived = "本单位另行报送"\n', "[units.chikan.progress.work-plan]\n"
    )
    assert progress(new, "chikan")["work-plan"] == {}


def test_remove_takes_the_table_and_one_blank_line() -> None:
    new = remove_table(SMALL, RECEIPT)
    table = SMALL[SMALL.index("[units.chikan.progress.receipt]") : SMALL.index("\n[units.chikan.progress.work-plan]")]
    assert table.endswith('note = "已通过粤政易报送"\n')
    assert new == SMALL.replace("\n" + table, "")
    newer = remove_table(new, ("units", "chikan", "progress", "work-plan"))
    assert "progress" not in tomllib.loads(newer)["units"]["chikan"]
    assert newer == SMALL[: SMALL.index("\n[units.chikan.progress.receipt]")] + SMALL[SMALL.index("\n# ── next") :]


def test_remove_keeps_an_explicit_parent_table() -> None:
    text = SMALL.replace("[units.chikan.progress.receipt]", "[units.chikan.progress]\n\n[units.chikan.progress.receipt]")
    new = remove_table(remove_table(text, RECEIPT), ("units", "chikan", "progress", "work-plan"))
    assert tomllib.loads(new)["units"]["chikan"]["progress"] == {}


def test_insert_then_remove_restores_the_file() -> None:
    text = CAMPAIGN.read_text(encoding="utf-8")
    once = set_table(text, RECEIPT, RECORD)
    twice = set_table(once, ("units", "chikan", "progress", "summary"), {"waived": "x"})
    assert remove_table(remove_table(twice, RECEIPT), ("units", "chikan", "progress", "summary")) == text


# ── Line endings ─────────────────────────────────────────────────────────────────────────────


def test_crlf_file_stays_crlf() -> None:
    text = SMALL.replace("\n", "\r\n")
    inserted = set_table(text, ("units", "xiashan", "progress", "receipt"), RECORD)
    updated = set_table(inserted, RECEIPT, {"done": date(2024, 9, 10), "extra": ["a", "b"]})
    for new in (inserted, updated):
        assert "\n" not in new.replace("\r\n", "")
    assert updated.replace("\r\n", "\n") == set_table(
        set_table(SMALL, ("units", "xiashan", "progress", "receipt"), RECORD),
        RECEIPT,
        {"done": date(2024, 9, 10), "extra": ["a", "b"]},
    )
    assert remove_table(inserted, ("units", "xiashan", "progress", "receipt")) == text


def test_file_without_final_newline() -> None:
    text = SMALL.rstrip("\n")
    inserted = set_table(text, ("units", "xiashan", "progress", "receipt"), {"done": date(2024, 9, 9)})
    assert inserted == text + "\n\n[units.xiashan.progress.receipt]\ndone = 2024-09-09"
    updated = set_table(inserted, ("units", "xiashan", "progress", "receipt"), {"note": "n"})
    assert updated == inserted + '\nnote = "n"'
    assert remove_table(inserted, ("units", "xiashan", "progress", "receipt")) == text
    assert remove_table(updated, ("units", "xiashan", "progress", "receipt")) == text
    crlf = text.replace("\n", "\r\n")
    crlf_inserted = set_table(crlf, ("units", "xiashan", "progress", "receipt"), {"done": date(2024, 9, 9)})
    assert crlf_inserted == crlf + "\r\n\r\n[units.xiashan.progress.receipt]\r\ndone = 2024-09-09"
    assert remove_table(crlf_inserted, ("units", "xiashan", "progress", "receipt")) == crlf


# ── Headers written by people ────────────────────────────────────────────────────────────────


def test_quoted_and_spaced_headers() -> None:
    text = (
        '[ units . "chikan" ]   # 赤坎\nname = "x"\n\n'
        "[units.'chikan'.\"progress\" . receipt]\ndone = 2024-09-09\n\n"
        '[units."xia\\u0073han"]\nname = "y"\n'
    )
    entries = scan(text)
    assert [e.path for e in entries if e.kind == "table"] == [
        ("units", "chikan"),
        ("units", "chikan", "progress", "receipt"),
        ("units", "xiashan"),
    ]
    updated = set_table(text, RECEIPT, {"note": "n"})
    assert updated == text.replace("done = 2024-09-09\n", 'done = 2024-09-09\nnote = "n"\n')
    inserted = set_table(text, ("units", "xiashan", "progress", "receipt"), {"note": "n"})
    assert inserted == text + '\n[units.xiashan.progress.receipt]\nnote = "n"\n'
    assert remove_table(text, RECEIPT) == '[ units . "chikan" ]   # 赤坎\nname = "x"\n\n[units."xia\\u0073han"]\nname = "y"\n'
    odd = set_table(text, ("units", "chikan", "progress", "a b.c"), {"v": 1})
    assert '[units.chikan.progress."a b.c"]\nv = 1\n' in odd
    assert tomllib.loads(odd)["units"]["chikan"]["progress"]["a b.c"] == {"v": 1}


# ── The scanner is not fooled ────────────────────────────────────────────────────────────────

TRICKY = '''\
[units.chikan]
name = "a # not a comment [units.fake0]"
"quoted # key" = 'x [y] "z"'
basis = [
  "one",
[ "nested", "array" ],
["[units.fake1]"],
  # a comment [units.fake2]
]
notes = """
[units.fake3]
k = "v"
still the string \\""" and ""\\"
"""
raw = \'\'\'
[units.fake4]
\'\'\'
tricky_end = """quotes at the end"""""
table = { a = [1, 2], b = { c = "]" } }

[units.chikan.progress.receipt]
done = 2024-09-09

[units.xiashan]
name = "y"
'''


def test_multiline_values_and_strings_are_not_taken_for_tables() -> None:
    data = tomllib.loads(TRICKY)
    entries = scan(TRICKY)
    tables = [e.path for e in entries if e.kind != "key"]
    assert tables == [("units", "chikan"), RECEIPT, ("units", "xiashan")]
    keys = {e.path[-1]: (e.line, e.end) for e in entries if e.kind == "key"}
    assert keys["quoted # key"] == (2, 2)
    assert keys["basis"] == (3, 8)
    assert keys["notes"] == (9, 13)
    assert keys["raw"] == (14, 16)
    assert keys["tricky_end"] == (17, 17)
    assert keys["table"] == (18, 18)
    assert data["units"]["chikan"]["notes"].startswith("[units.fake3]\n")
    new = set_table(TRICKY, ("units", "chikan", "progress", "summary"), {"done": date(2024, 10, 9)})
    assert new == TRICKY.replace(
        "done = 2024-09-09\n\n", "done = 2024-09-09\n\n[units.chikan.progress.summary]\ndone = 2024-10-09\n\n"
    )


def test_setting_a_table_over_a_value_is_refused() -> None:
    with pytest.raises(EditError, match=r"units\.chikan\.name is written as a value on line 2"):
        set_table(TRICKY, ("units", "chikan", "name", "x"), {"a": 1})


def test_scan_entries() -> None:
    entries = scan(SMALL)
    assert entries[0] == Entry(1, "table", ("campaign",), 1, 1)
    assert entries[1] == Entry(2, "key", ("campaign", "title"), 2, 1)
    assert Entry(16, "key", ("units", "chikan", "progress", "receipt", "evidence"), 16, 4) in entries
    dotted = scan('a.b = 1\n[t]\nc . "d" = [\n  1,\n]\n')
    assert dotted == [
        Entry(0, "key", ("a", "b"), 0, 0),
        Entry(1, "table", ("t",), 1, 1),
        Entry(2, "key", ("t", "c", "d"), 4, 1),
    ]
    with pytest.raises(EditError, match="line 2"):
        scan('a = 1\nb = "unterminated\n')
    with pytest.raises(EditError, match="line 1"):
        scan('a = """never closed\n\n')


def test_locate() -> None:
    assert locate(SMALL, ("units", "chikan", "kind")) == 8
    assert locate(SMALL, RECEIPT) == 14
    assert locate(SMALL, (*RECEIPT, "note")) == 18
    assert locate(SMALL, (*RECEIPT, "missing")) == 14
    assert locate(SMALL, ("units", "chikan", "progress", "summary", "done")) == 5
    assert locate(SMALL, ("nothing", "here")) is None
    assert locate(TRICKY, ("units", "chikan", "table", "b", "c")) == 19
    assert locate("a = 1\nb = [\n", ("a",)) == 1  # never raises, even on a broken file


# ── What cannot be edited ────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[units.chikan]\nname = "x"\nprogress = { receipt = { done = 2024-09-09 } }\n',
            r"units\.chikan\.progress is written as a value on line 3 \(an inline table",
        ),
        (
            '[units.chikan]\nname = "x"\nprogress.receipt.done = 2024-09-09\n',
            r"written with dotted keys \(`progress\.receipt\.done = \.\.\.` on line 3\)",
        ),
        (
            "[units.chikan]\n[units.chikan.progress]\nreceipt = { done = 2024-09-09 }\n",
            r"units\.chikan\.progress\.receipt is written as a value on line 3",
        ),
        (
            "[units.chikan]\n[units.chikan.progress]\nreceipt.done = 2024-09-09\n",
            r"dotted keys \(`receipt\.done = \.\.\.` on line 3\)",
        ),
        ('[units]\nchikan = { name = "x" }\n', r"units\.chikan is written as a value on line 2"),
        ("[units.chikan]\n[[units.chikan.progress]]\na = 1\n", r"array of tables \(\[\[\.\.\.\]\]\) on line 2"),
    ],
)
def test_records_written_inline_or_dotted_are_refused(text: str, message: str) -> None:
    edits: list[Callable[[], str]] = [lambda: set_table(text, RECEIPT, RECORD), lambda: remove_table(text, RECEIPT)]
    for edit in edits:
        with pytest.raises(EditError, match=message) as info:
            edit()
        assert "write it as a [units.chikan.progress.receipt] table instead" in info.value.message
        assert "[units.ID.progress.TASK]" in info.value.message
        assert info.value.line is not None


def test_unknown_unit_and_missing_table() -> None:
    with pytest.raises(EditError, match=r"no \[units\.nowhere\] table \(unknown unit 'nowhere'\)"):
        set_table(SMALL, ("units", "nowhere", "progress", "receipt"), RECORD)
    with pytest.raises(EditError, match=r"cannot remove \[units\.xiashan\.progress\.receipt\]: there is no such table"):
        remove_table(SMALL, ("units", "xiashan", "progress", "receipt"))
    with pytest.raises(EditError, match=r"sub-table \[units\.chikan\.liaison\] on line 10"):
        remove_table(SMALL, ("units", "chikan"))
    with pytest.raises(EditError, match="dotted keys on line 3"):
        set_table("[units.chikan]\n[units.chikan.progress.receipt]\nfile.name = 1\n", RECEIPT, {"file": "x"})
    with pytest.raises(EditError, match="line 2"):
        set_table('[units.chikan]\nname = "x\n', RECEIPT, RECORD)
    with pytest.raises(TypeError, match="only TOML scalars and arrays"):
        set_table(SMALL, RECEIPT, {"nested": {"a": 1}})


def test_self_check_refuses_a_wrong_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomledit, "_render", lambda values: ["done = 2099-01-01"])
    with pytest.raises(EditError, match="internal check failed"):
        set_table(SMALL, ("units", "xiashan", "progress", "receipt"), RECORD)


def test_self_check_reads_the_whole_file_when_a_unit_is_scattered() -> None:
    text = SMALL + "\n[units.chikan.progress.summary]\ndone = 2024-10-08\n"
    new = set_table(text, ("units", "chikan", "progress", "summary"), {"note": "n"})
    assert new == text + 'note = "n"\n'
    inserted = set_table(text, ("units", "chikan", "progress", "site-visit"), {"done": date(2024, 9, 20)})
    assert progress(inserted, "chikan")["site-visit"] == {"done": date(2024, 9, 20)}
    assert remove_table(text, ("units", "chikan", "progress", "summary")) == SMALL


# ── Property: random edits on the real files ─────────────────────────────────────────────────

_HEADER = re.compile(r"^\[+\s*([^\]]+?)\s*\]+", re.M)


def unit_span(text: str, unit: str) -> tuple[int, int]:
    """Offsets of [units.<unit>] and of the next header that is not under it (independent of tomledit)."""
    start = end = None
    for m in _HEADER.finditer(text):
        path = m.group(1)
        if start is None:
            if path == f"units.{unit}":
                start = m.start()
        elif not path.startswith(f"units.{unit}."):
            end = m.start()
            break
    assert start is not None
    return start, len(text) if end is None else end


def without_progress(data: dict[str, Any]) -> dict[str, Any]:
    units = {uid: {k: v for k, v in unit.items() if k != "progress"} for uid, unit in data.get("units", {}).items()}
    return {**data, "units": units}


_PIECES = ["a", "中文", " ", '"', "'", "\\", "[", "]", "#", "{", "}", "=", ".", "\n", "\t", '"""', "'''", "[units.x]", "\u2028"]
_text = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
_value = st.one_of(
    st.none(),
    st.dates(min_value=date(2024, 9, 1), max_value=date(2024, 10, 31)),
    _text,
    st.lists(_text, max_size=3),
)
_values = st.dictionaries(st.sampled_from(["done", "evidence", "note", "waived"]), _value, max_size=4)


def _load(path: Path, crlf: bool) -> tuple[str, list[str], list[str], dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if crlf:
        text = text.replace("\n", "\r\n").removesuffix("\r\n")
    data = tomllib.loads(text)
    lines = set(text.splitlines())
    units = [uid for uid in data.get("units", {}) if f"[units.{uid}]" in lines]  # plain headers only
    tasks = list(data.get("tasks", {}))
    if not units or not tasks:
        pytest.skip(f"{path.name} has no units or no tasks")
    return text, units, tasks, data


def _check_step(before: str, after: str, unit: str, data0: dict[str, Any], model: dict[str, dict[str, Any]]) -> None:
    b0, b1 = unit_span(before, unit)
    a0, a1 = unit_span(after, unit)
    assert after[:a0] == before[:b0]
    assert after[a1:] == before[b1:]
    data = tomllib.loads(after)
    assert without_progress(data) == without_progress(data0)
    for uid, unit_data in data["units"].items():
        assert unit_data.get("progress", {}) == model[uid], uid


_ops = st.lists(st.tuples(st.booleans(), st.integers(0, 10_000), st.integers(0, 10_000), _values), min_size=1, max_size=8)
_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    ("path", "crlf"), CASES, ids=lambda c: c.name if isinstance(c, Path) else ("crlf-no-final-newline" if c else "")
)
@_SETTINGS
@given(ops=_ops)
def test_random_edits_touch_only_their_unit(path: Path, crlf: bool, ops: list[tuple[bool, int, int, dict[str, Any]]]) -> None:
    text, units, tasks, data0 = _load(path, crlf)
    model = {uid: dict(unit.get("progress", {})) for uid, unit in data0["units"].items()}
    for is_set, u, t, values in ops:
        unit, task = units[u % len(units)], tasks[t % len(tasks)]
        target = ("units", unit, "progress", task)
        if is_set:
            new = set_table(text, target, values)
            record = dict(model[unit].get(task, {}))
            for key, value in values.items():
                if value is None:
                    record.pop(key, None)
                else:
                    record[key] = value
            model[unit][task] = record
        elif task in model[unit]:
            new = remove_table(text, target)
            del model[unit][task]
        else:
            with pytest.raises(EditError, match="no such table"):
                remove_table(text, target)
            continue
        _check_step(text, new, unit, data0, model)
        text = new


@pytest.mark.parametrize(
    ("path", "crlf"), CASES, ids=lambda c: c.name if isinstance(c, Path) else ("crlf-no-final-newline" if c else "")
)
@_SETTINGS
@given(ops=_ops)
def test_removing_what_was_added_restores_the_file(
    path: Path, crlf: bool, ops: list[tuple[bool, int, int, dict[str, Any]]]
) -> None:
    original, units, tasks, data0 = _load(path, crlf)
    free = [(u, t) for u in units for t in tasks if t not in data0["units"][u].get("progress", {})]
    text = original
    model = {uid: dict(unit.get("progress", {})) for uid, unit in data0["units"].items()}
    for is_set, u, _, values in ops:
        unit, task = free[u % len(free)]
        target = ("units", unit, "progress", task)
        if is_set or task not in model[unit]:
            new = set_table(text, target, values)
            record = {k: v for k, v in {**model[unit].get(task, {}), **values}.items() if v is not None}
            model[unit][task] = record
        else:
            new = remove_table(text, target)
            del model[unit][task]
        _check_step(text, new, unit, data0, model)
        text = new
    for unit, task in free:
        if task in model[unit]:
            text = remove_table(text, ("units", unit, "progress", task))
    assert text == original


# ── Property: the scanner agrees with tomllib on generated documents ─────────────────────────

_key = st.sampled_from(["a", "b-1", "units", "x_y", "a b", "中文", "x.y", '"q"', "[t]", "#"])
_leaf = st.one_of(
    _text,
    st.integers(-5, 5),
    st.booleans(),
    st.dates(),
    st.lists(st.one_of(_text, st.integers()), max_size=4),
    st.lists(st.dictionaries(_key, st.integers(), max_size=2), min_size=1, max_size=2),  # short: written inline
)
_doc = st.recursive(
    st.dictionaries(_key, _leaf, max_size=4),
    lambda inner: st.dictionaries(_key, st.one_of(_leaf, inner), max_size=3),
    max_leaves=12,
)


def _leaves(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_leaves(value, (*prefix, key)))
        else:
            out[(*prefix, key)] = value
    return out


@settings(max_examples=100, deadline=None)
@given(data=_doc, multiline=st.booleans(), crlf=st.booleans(), indent=st.sampled_from([0, 4]))
def test_scan_finds_exactly_the_keys_and_where_their_values_end(
    data: dict[str, Any], multiline: bool, crlf: bool, indent: int
) -> None:
    import tomli_w

    text = tomli_w.dumps(data, multiline_strings=multiline, indent=indent)  # indent 0: lines starting with [
    if crlf:
        text = text.replace("\n", "\r\n")
    assert tomllib.loads(text) == data
    lines = text.split("\n")
    leaves = _leaves(data)
    found: dict[tuple[str, ...], Any] = {}
    for e in scan(text):
        if e.kind == "key":
            value = tomllib.loads("\n".join(lines[e.line : e.end + 1]).removesuffix("\r"))
            found[e.path] = _leaves(value)[e.path[e.table_len :]]
        else:
            assert e.kind == "table"
            assert isinstance(tomlcheck._get(data, e.path), dict)
    assert found == leaves


def test_remove_tables_in_one_pass_keeps_every_other_byte() -> None:
    from qmonth.edit.tomledit import remove_tables

    text = (
        "[units.a]\nname = 'A'  # kept\n\n[units.a.progress.t1]\ndone = 2024-09-01\nnote = '''x\n[not a header]\n'''\n\n"
        "# about b\n[units.b]\nname = 'B'\n\n[units.b.progress.t1]\ndone = 2024-09-02\n"
    )
    out = remove_tables(text, lambda p: len(p) == 4 and p[2] == "progress")
    assert out == "[units.a]\nname = 'A'  # kept\n\n# about b\n[units.b]\nname = 'B'\n"
    assert remove_tables(out, lambda p: False) == out
