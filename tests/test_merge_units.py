"""The merge driver's pieces, in-process (qmonth/edit/merge.py): the versions git's markers hold
(`merge-file --fix`), the conflict region it writes, where new records go, and git's own line merge
for versions it cannot read. The merges in a real `git merge` are in test_merge.py and
test_merge_safety.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qmonth.edit import merge


def test_sides_without_markers_is_none() -> None:
    assert merge.sides("") is None
    assert merge.sides('[units.a]\nname = "=======" \n>>>>>>> x\n') is None


def test_sides_splits_each_region_and_keeps_the_lines_around_it() -> None:
    text = (
        "[units.a]\n"
        "<<<<<<< HEAD\n"
        "done = 1\n"
        "=======\n"
        "done = 2\n"
        ">>>>>>> other\n"
        "[units.b]\n"
        "<<<<<<< HEAD\n"
        "x = 1\n"
        "=======\n"
        ">>>>>>> other\n"
        "end = 1\n"
    )
    assert merge.sides(text) == (
        "[units.a]\ndone = 1\n[units.b]\nx = 1\nend = 1\n",
        "[units.a]\n[units.b]\nend = 1\n",
        "[units.a]\ndone = 2\n[units.b]\nend = 1\n",
    )


def test_sides_reads_diff3_s_base_and_only_a_separator_of_equals_signs() -> None:
    text = (
        "a = 1\r\n"
        "<<<<<<< ours\r\n"
        "======= not the separator\r\n"
        "||||||| base\r\n"
        "b = 0\r\n"
        "<<<<<<< inside\r\n"
        "=========\r\n"
        "b = 2\r\n"
        "||||||| not a base here\r\n"
        ">>>>>>> theirs\r\n"
        ">>>>>>> after\r\n"
    )
    ours, base, theirs = merge.sides(text) or ("", "", "")
    assert ours == "a = 1\r\n======= not the separator\r\n>>>>>>> after\r\n"
    assert base == "a = 1\r\nb = 0\r\n<<<<<<< inside\r\n>>>>>>> after\r\n"
    assert theirs == "a = 1\r\nb = 2\r\n||||||| not a base here\r\n>>>>>>> after\r\n"


def test_a_conflict_region_keeps_the_blank_line_above_and_the_labels_and_size() -> None:
    assert merge._conflict("\n\n[a]\nx = 1\n\n", "[a]\nx = 2\n", ("mine", "yours"), 3) == (
        "\n\n<<< mine\n[a]\nx = 1\n===\n[a]\nx = 2\n>>> yours\n"
    )
    assert merge._conflict("", "\n", ("o", "t"), 7) == "<<<<<<< o\n=======\n>>>>>>> t\n"
    assert merge._piece(None) == "" and merge._piece("") == "" and merge._piece("a") == "a\n" and merge._piece("a\n") == "a\n"


def test_same_ignores_only_the_blank_lines_around() -> None:
    assert merge._same(None, None) and not merge._same(None, "") and not merge._same("", None)
    assert merge._same("\n[a]\nx = 1\n\n", "[a]\nx = 1\r\n")
    assert not merge._same(" [a]\n", "[a]\n")


def test_records_of_a_text_that_is_not_toml_cannot_be_merged() -> None:
    with pytest.raises(merge.NotMergeable):
        merge.merge("", "[a\n", "")
    assert merge.records("") == [((), "")]
    assert merge.records("# only a comment\n") == [((), "# only a comment\n")]


def test_array_table_entries_are_keyed_by_content_and_twice_stays_twice() -> None:
    text = "[f]\nx = 1\n\n[[f.rows]]\na = 1\n\n# again\n[[f.rows]]\na = 1\n\n[[f.rows]]\na = 2\n"
    keys = [k for k, _ in merge.records(text)]
    assert keys == [
        (),
        ("f",),
        ("f", "rows", "[[[[f.rows]]\na = 1]]"),
        ("f", "rows", "[[# again\n[[f.rows]]\na = 1]]"),
        ("f", "rows", "[[[[f.rows]]\na = 2]]"),
    ]
    twice = "[[f.rows]]\na = 1\n[[f.rows]]\na = 1\n[[f.rows]]\na = 1\n"
    assert [k for k, _ in merge.records(twice)] == [
        (),
        ("f", "rows", "[[[[f.rows]]\na = 1]]"),
        ("f", "rows", "[[[[f.rows]]\na = 1]]", "2"),
        ("f", "rows", "[[[[f.rows]]\na = 1]]", "3"),
    ]
    assert "".join(t for _, t in merge.records(twice)) == twice


def test_comments_just_above_a_header_go_with_it_but_not_past_the_previous_header() -> None:
    text = "# top\n[a]\n# inside a\nx = 1\n\n# about b\n\n[b]\n[c]\n"
    assert merge.records(text) == [
        ((), ""),
        (("a",), "# top\n[a]\n# inside a\nx = 1\n"),
        (("b",), "\n# about b\n\n[b]\n"),
        (("c",), "[c]\n"),
    ]
    assert merge.records("[a]\n# about b\n[b]\n") == [((), ""), (("a",), "[a]\n"), (("b",), "# about b\n[b]\n")]


def test_records_only_theirs_has_follow_their_predecessor_and_ours_added_there() -> None:
    base = {("u", "a"): "", ("u", "b"): ""}
    ours = [(), ("u", "a"), ("u", "a", "p", "1"), ("u", "b")]
    theirs = [(), ("u", "a"), ("u", "a", "p", "2"), ("u", "b"), ("u", "c")]
    assert merge._order(ours, theirs, base) == [
        (),
        ("u", "a"),
        ("u", "a", "p", "1"),
        ("u", "a", "p", "2"),
        ("u", "b"),
        ("u", "c"),
    ]
    assert merge._order([("x",)], [("y",), ("x",)], {}) == [("x",), ("y",)]  # no predecessor: at the end
    # a record ours added after the same predecessor but in another unit is not passed
    assert merge._order([("u", "a"), ("v", "new")], [("u", "a"), ("u", "a", "q")], {("u", "a"): ""}) == [
        ("u", "a"),
        ("u", "a", "q"),
        ("v", "new"),
    ]
    # one ours kept from the base is not passed either
    assert merge._order(
        [("u", "a"), ("u", "a", "old")], [("u", "a"), ("u", "a", "q")], {("u", "a"): "", ("u", "a", "old"): ""}
    ) == [
        ("u", "a"),
        ("u", "a", "q"),
        ("u", "a", "old"),
    ]
    assert (
        not merge._inside(("u",), ("u", "a"))
        and not merge._inside(("u", "a"), None)
        and merge._inside(("u", "a", "x"), ("u", "a"))
    )


def test_spans_join_overlapping_groups() -> None:
    order = [("a",), ("b",), ("c",), ("d",), ("e",)]
    assert merge._spans(order, [[("d",)], [("a",), ("b",)], [("b",), ("c",)], []]) == [
        (0, 2, {("a",), ("b",), ("c",)}),
        (3, 3, {("d",)}),
    ]
    assert merge._spans(order, [[("a",)], [("b",)]]) == [(0, 0, {("a",)}), (1, 1, {("b",)})]
    assert merge._spans(order, [[("a",), ("e",)], [("b",)]]) == [(0, 4, {("a",), ("b",), ("e",)})]


BASE = '[units.a]\nname = "A"\n\n[units.b]\nname = "B"\n'


def test_a_merged_text_ends_as_the_last_record_ends() -> None:
    ours = BASE + "\n[units.c]\nname = 'C'"  # no newline at the end
    assert merge.merge(BASE, ours, BASE).text == ours
    theirs = BASE.replace('name = "A"', 'name = "A2"')
    assert merge.merge(BASE, ours, theirs).text == ours.replace('name = "A"', 'name = "A2"')


def test_a_conflict_region_holds_both_sides_and_the_rest_is_merged() -> None:
    ours = BASE.replace('"A"', '"A1"').replace('"B"', '"B1"')
    theirs = BASE.replace('"A"', '"A2"')
    result = merge.merge(BASE, ours, theirs, labels=("o", "t"), size=4)
    assert result.conflicts == [("units", "a")] and result.groups == []
    assert result.text == '<<<< o\n[units.a]\nname = "A1"\n====\n[units.a]\nname = "A2"\n>>>> t\n\n[units.b]\nname = "B1"\n'


def test_an_orphan_and_a_clash_are_grouped() -> None:
    base = '[units.a]\nname = "A"\n\n[units.b]\nname = "B"\n'
    ours = '[units.b]\nname = "B"\n'
    theirs = base.replace('name = "A"\n', 'name = "A"\n\n[units.a.progress.t]\ndone = 1\n')
    result = merge.merge(base, ours, theirs)
    assert result.conflicts == []
    assert result.groups == [("orphan", [("units", "a"), ("units", "a", "progress", "t")])]
    assert result.text.startswith(
        '<<<<<<< ours\n=======\n[units.a]\nname = "A"\n\n[units.a.progress.t]\ndone = 1\n>>>>>>> theirs\n'
    )
    clash_ours = base.replace('name = "A"\n', 'name = "A"\nprogress.t.done = 1\n')
    clash_theirs = base.replace('name = "A"\n', 'name = "A"\n\n[units.a.progress.t]\ndone = 2\n')
    for first, second in ((clash_ours, clash_theirs), (clash_theirs, clash_ours)):  # whichever side has which
        clash = merge.merge(base, first, second)
        assert clash.groups == [("clash", [("units", "a"), ("units", "a", "progress", "t")])]
        assert clash.conflicts == [] and clash.text.count("<<<<<<<") == 1


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_s_own_line_merge_for_what_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text("a\nb\nc\n", encoding="utf-8")
    ours.write_text("a1\nb\nc\n", encoding="utf-8")
    theirs.write_text("a\nb\nc1\n", encoding="utf-8")
    assert merge.git_merge_file(base, ours, theirs, 7) == 0
    assert ours.read_text(encoding="utf-8") == "a1\nb\nc1\n"
    theirs.write_text("a2\nb\nc1\n", encoding="utf-8")
    assert merge.git_merge_file(base, ours, theirs, 5) == 1
    assert ours.read_text(encoding="utf-8").startswith("<<<<< ")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert merge.git_merge_file(base, ours, theirs, 7) == 2


def test_a_record_without_a_final_newline_gets_one_when_another_follows() -> None:
    base = "[a]\nx = 1\n"
    assert merge.merge(base, "[a]\nx = 2", "[a]\nx = 1\n\n[b]\ny = 1\n").text == "[a]\nx = 2\n\n[b]\ny = 1\n"
    assert merge.merge(base, "[a]\nx = 2", base).text == "[a]\nx = 2"


def test_array_table_entries_are_the_same_entry_with_either_line_ending() -> None:
    lf = "[[f.rows]]\na = 1\n\n[[f.rows]]\na = 2\n"
    crlf = lf.replace("\n", "\r\n")
    assert [k for k, _ in merge.records(crlf)] == [k for k, _ in merge.records(lf)]
    assert merge.merge(lf, lf, crlf).text == crlf  # only the line endings changed: theirs


def test_same_strips_only_line_breaks() -> None:
    assert merge._same("[a]\n# X", "[a]\n# X\n")
    assert not merge._same("[a]\n", " [a]\n") and not merge._same("[a]\n# X", "[a]\n# ")


def test_top_level_keys_before_the_first_table_are_kept() -> None:
    text = "version = 1\n\n[a]\nx = 1\n"
    assert merge.merge(text, text, text).text == text
    assert merge.merge(text, text.replace("version = 1", "version = 2"), text.replace("x = 1", "x = 2")).text == (
        "version = 2\n\n[a]\nx = 2\n"
    )


BASE2 = '[units.a]\nname = "A"\n\n[units.b]\nname = "B"\n'
DOTTED = BASE2.replace('name = "A"\n', 'name = "A"\nprogress.t.done = 1\n')
TABLE = BASE2.replace('name = "A"\n', 'name = "A"\n\n[units.a.progress.t]\ndone = 2\n')


def test_a_clash_is_one_region_with_both_sides_and_the_rest_after_it() -> None:
    assert merge.merge(BASE2, DOTTED, TABLE).text == (
        '<<<<<<< ours\n[units.a]\nname = "A"\nprogress.t.done = 1\n=======\n'
        '[units.a]\nname = "A"\n\n[units.a.progress.t]\ndone = 2\n>>>>>>> theirs\n\n[units.b]\nname = "B"\n'
    )


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ('name = "A"\nprogress.t.done = 1\n', 'name = "A"\n\n[units.a.progress.t]\nnote = "x"\n'),  # the table itself
        ('name = "A"\nprogress.t.done = 1\n', 'name = "A"\n\n[units.a.progress]\nx = 1\n'),  # a table a dotted key implies
    ],
)
def test_a_clash_on_a_table_a_dotted_key_implies(ours: str, theirs: str) -> None:
    result = merge.merge(BASE2, BASE2.replace('name = "A"\n', ours), BASE2.replace('name = "A"\n', theirs))
    assert [kind for kind, _ in result.groups] == ["clash"]


def test_a_clash_deep_in_one_unit_is_found() -> None:
    base = '[units.a]\nname = "A"\n'
    ours = base + "\n[units.a.progress]\nt.done = 1\n"
    theirs = base + "\n[units.a.progress.t]\ndone = 2\n"
    assert [kind for kind, _ in merge.merge(base, ours, theirs).groups] == ["clash"]


def test_both_ways_of_writing_it_on_one_side_alone_are_not_the_merge_s_doing() -> None:
    both = DOTTED.replace("\n[units.b]", "\n[units.a.progress.u]\ndone = 2\n\n[units.b]").replace("progress.t", "progress.u")
    for ours, theirs in ((both, BASE2), (BASE2, both)):
        result = merge.merge(BASE2, ours, theirs)
        assert result.groups == [] and result.text == both


def test_removing_a_unit_with_its_records_is_no_orphan() -> None:
    base = TABLE
    ours = '[units.b]\nname = "B"\n'
    result = merge.merge(base, ours, base)
    assert result.groups == [] and result.conflicts == [] and result.text == ours


def test_an_orphan_whichever_side_removed_the_unit() -> None:
    ours = '[units.b]\nname = "B"\n'
    for o, t in ((ours, TABLE), (TABLE, ours)):
        result = merge.merge(BASE2, o, t)
        assert result.groups == [("orphan", [("units", "a"), ("units", "a", "progress", "t")])]


def test_orphans_are_listed_in_file_order() -> None:
    base = '[units.z]\nname = "Z"\n\n[units.a]\nname = "A"\n\n[units.m]\nname = "M"\n'
    ours = '[units.m]\nname = "M"\n'
    theirs = base.replace('name = "Z"\n', 'name = "Z"\n\n[units.z.progress.t]\ndone = 1\n').replace(
        'name = "A"\n', 'name = "A"\n\n[units.a.progress.t]\ndone = 1\n'
    )
    result = merge.merge(base, ours, theirs)
    assert [g[1][0] for g in result.groups] == [("units", "z"), ("units", "a")]


def test_a_record_only_theirs_has_first_goes_at_the_end() -> None:
    assert merge._order([("x",), ("z",)], [("y",), ("x",)], {}) == [("x",), ("z",), ("y",)]


def test_sides_separator_is_equals_signs_only() -> None:
    text = "<<<<<<< ours\n======= \n=======X\n=======\nb\n>>>>>>> theirs\n"
    assert merge.sides(text) == ("======= \n=======X\n", "", "b\n")


def test_a_conflict_region_keeps_spaces_and_the_text_s_own_last_characters() -> None:
    assert merge._conflict("  [a]\n# X", "[a]\n", ("o", "t"), 3) == "<<< o\n  [a]\n# X\n===\n[a]\n>>> t\n"


def test_what_cannot_be_cut_into_records_says_why() -> None:
    with pytest.raises(merge.NotMergeable) as caught:
        merge.records("[a\n")
    assert str(caught.value).startswith("line 1: ")  # tomledit's words, for merge-file to print


def test_the_first_header_takes_no_comment_from_the_end_of_the_file() -> None:
    assert merge.records("[a]\nx = 1\n# end\n") == [((), ""), (("a",), "[a]\nx = 1\n# end\n")]
    text = "a = 1\nb = 2\n\n[x]\ny = 1\n"
    assert merge.records(text)[0] == ((), "a = 1\nb = 2\n")
    assert merge.merge(text, text, text).text == text


def test_dotted_keys_before_the_first_table_clash_with_a_table() -> None:
    base = 'title = "x"\n'
    result = merge.merge(base, base + 'units.a.name = "A"\n', base + '\n[units.a]\nname = "B"\n')
    assert [kind for kind, _ in result.groups] == ["clash"]


def test_a_clash_between_records_both_new() -> None:
    base = '[units.b]\nname = "B"\n'
    ours = base + '\n[units.c]\nname = "C"\nprogress.t.done = 1\n'
    theirs = base + "\n[units.c.progress.t]\ndone = 2\n"
    assert [kind for kind, _ in merge.merge(base, ours, theirs).groups] == ["clash"]


def test_a_region_shows_what_the_merge_took_for_records_between_those_involved() -> None:
    base = '[units.a]\nname = "A"\n\n[units.b]\nname = "B"\n'
    ours = '[units.b]\nname = "B"\n'
    theirs = '[units.a]\nname = "A"\n\n[units.b]\nname = "B2"\n\n[units.a.progress.t]\ndone = 1\n'
    result = merge.merge(base, ours, theirs)
    assert result.groups == [("orphan", [("units", "a"), ("units", "a", "progress", "t")])]
    assert result.text == (
        '\n<<<<<<< ours\n[units.b]\nname = "B2"\n=======\n[units.a]\nname = "A"\n\n[units.b]\nname = "B2"\n\n'
        "[units.a.progress.t]\ndone = 1\n>>>>>>> theirs\n"
    )
