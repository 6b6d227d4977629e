"""The merge driver never exits 0 on a result every command would refuse: each case in a real
`git merge`, and the result never a commit that `qmonth check` refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmonth.core.conflicts import conflict_regions
from qmonth.edit.merge import merge
from qmonth.edit.tomledit import remove_tables
from tests.test_merge import git, make_repo, needs_git, qmonth


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


FORM = """
[forms.activities]
title = "活动安排反馈表"
task = "work-plan"
rows = true

[[forms.activities.fields]]
id = "name"
label = "活动名称"
kind = "text"

[[forms.activities.fields]]
id = "date"
label = "活动时间"
kind = "date"
"""


def edit_on(repo: Path, branch: str, change, *args: str) -> None:  # type: ignore[no-untyped-def]
    """A branch from main: the campaign text changed by `change`, then a qmonth command (if any)."""
    git(repo, "checkout", "-q", "-b", branch, "main")
    path = repo / "campaign.toml"
    if change is not None:
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    if args:
        done = qmonth(repo, *args, "--today", "2024-09-25")
        assert done.returncode == 0, done.stderr
    git(repo, "commit", "-qam", branch)


def merged(repo: Path) -> tuple[int, str, str]:
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "a")
    head = git(repo, "rev-parse", "HEAD").stdout
    result = git(repo, "merge", "--no-edit", "b", check=False)
    if result.returncode != 0:  # git stopped: nothing committed
        assert git(repo, "rev-parse", "HEAD").stdout == head
    return result.returncode, result.stdout + result.stderr, (repo / "campaign.toml").read_text(encoding="utf-8")


def committed_passes_check(repo: Path) -> None:
    """Whatever HEAD is, `check` accepts the committed file."""
    shown = git(repo, "show", "HEAD:campaign.toml").stdout
    (repo / "head.toml").write_text(shown, encoding="utf-8")
    assert qmonth(repo, "check", "head.toml").returncode == 0


def either_side_passes_check(repo: Path, text: str) -> None:
    """Keeping either side of the one region, whole, gives a file `check` accepts."""
    (region,) = conflict_regions(text)
    lines = text.splitlines(keepends=True)
    for keep in (lines[region.start : region.middle - 1], lines[region.middle : region.end - 1]):
        (repo / "campaign.toml").write_text("".join(lines[: region.start - 1] + keep + lines[region.end :]), encoding="utf-8")
        checked = qmonth(repo, "check")
        assert checked.returncode == 0, checked.stderr


@needs_git
def test_a_unit_removed_on_one_side_and_recorded_for_on_the_other_stops_the_merge(repo: Path) -> None:
    edit_on(repo, "a", lambda text: remove_tables(text, lambda p: p[:2] == ("units", "potou")))
    edit_on(repo, "b", None, "done", "potou", "publicity-media", "--on", "2024-09-20")
    code, said, text = merged(repo)
    assert code != 0 and "CONFLICT" in said
    assert "一边删除了 [units.potou]" in said
    (region,) = conflict_regions(text)
    assert region.tables[0] == "units.potou" and "units.potou.progress.publicity-media" in region.tables
    ours, theirs = text.splitlines()[region.start : region.middle - 1], text.splitlines()[region.middle : region.end - 1]
    assert ours == [] and theirs[0] == "[units.potou]"  # keep one: the unit removed, or the unit kept whole
    assert "[units.potou.progress.receipt]" in theirs
    checked = qmonth(repo, "check")
    assert checked.returncode == 1 and f"campaign.toml:{region.start}: 合并冲突未解决" in checked.stderr
    assert "请整段保留其中一边" in checked.stderr
    committed_passes_check(repo)
    either_side_passes_check(repo, text)


@needs_git
def test_a_table_on_one_side_and_dotted_keys_on_the_other_stops_the_merge(repo: Path) -> None:
    edit_on(repo, "a", None, "done", "potou", "publicity-media", "--on", "2024-09-20")
    dotted = 'kind = "county"\nprogress.publicity-media.done = 2024-09-21\n'
    edit_on(repo, "b", lambda text: text.replace('short = "坡头区"\nkind = "county"\n', 'short = "坡头区"\n' + dotted))
    code, said, text = merged(repo)
    assert code != 0
    assert "两边以不同写法定义了同一批键" in said
    (region,) = conflict_regions(text)
    assert region.tables[0] == "units.potou" and region.tables[-1] == "units.potou.progress.publicity-media"
    checked = qmonth(repo, "check")
    assert checked.returncode == 1 and "合并冲突未解决" in checked.stderr and "TOML" not in checked.stderr
    assert "请整段保留其中一边" in checked.stderr
    committed_passes_check(repo)
    either_side_passes_check(repo, text)


@needs_git
def test_array_tables_shifted_on_both_sides_merge_by_content_not_by_line(repo: Path) -> None:
    def with_form(text: str) -> str:
        return text + FORM

    git(repo, "checkout", "-q", "main")
    (repo / "campaign.toml").write_text(with_form((repo / "campaign.toml").read_text(encoding="utf-8")), encoding="utf-8")
    git(repo, "commit", "-qam", "a form")
    place = '\n[[forms.activities.fields]]\nid = "place"\nlabel = "活动地点"\nkind = "text"\n'
    date = '[[forms.activities.fields]]\nid = "date"'
    summary = '[[forms.activities.fields]]\nid = "summary"\nlabel = "内容简介"\nkind = "text"\n\n'
    # both sides shift every line of the form (a record above it) and add a field
    edit_on(repo, "a", lambda text: text + place, "done", "potou", "publicity-media", "--on", "2024-09-20")
    edit_on(
        repo,
        "b",
        lambda text: text.replace(date, summary + date),
        "done",
        "chikan",
        "training-cloud",
        "--on",
        "2024-09-21",
    )
    code, said, text = merged(repo)
    assert code == 0, said
    assert [line for line in text.splitlines() if line.startswith("id = ")] == [
        'id = "name"',
        'id = "summary"',
        'id = "date"',
        'id = "place"',
    ]
    assert text.count("[[forms.activities.fields]]") == 4
    assert qmonth(repo, "check").returncode == 0
    committed_passes_check(repo)


@needs_git
def test_a_clean_merge_that_does_not_validate_stops_with_the_problem_located(repo: Path) -> None:
    gone = remove_tables  # a task removed (and its records) on one side, recorded for on the other
    edit_on(repo, "a", lambda text: gone(text, lambda p: p == ("tasks", "training-cloud") or p[-1:] == ("training-cloud",)))
    edit_on(repo, "b", None, "done", "potou", "training-cloud", "--on", "2024-09-20")
    code, said, text = merged(repo)
    assert code != 0 and "<<<<<<<" not in text
    assert "合并结果有 1 个问题" in said and "campaign.toml:" in said and "training-cloud" in said
    assert ".merge_file_" not in said
    assert qmonth(repo, "check").returncode == 1
    committed_passes_check(repo)


# ── the same, without git ────────────────────────────────────────────────────

BASE = """[campaign]
title = "t"

[units.a]
name = "A"

[units.a.progress.x]
done = 2024-09-01

[units.b]
name = "B"
"""


def test_an_orphan_is_one_region_holding_the_removal_and_what_was_added_under_it() -> None:
    ours = BASE.replace('[units.a]\nname = "A"\n\n[units.a.progress.x]\ndone = 2024-09-01\n\n', "")
    theirs = BASE.replace("[units.b]", "[units.a.progress.y]\ndone = 2024-09-02\n\n[units.b]")
    result = merge(BASE, ours, theirs)
    assert result.groups == [("orphan", [("units", "a"), ("units", "a", "progress", "x"), ("units", "a", "progress", "y")])]
    assert "<<<<<<< ours\n=======\n[units.a]\n" in result.text
    assert "[units.a.progress.y]\ndone = 2024-09-02\n>>>>>>> theirs\n\n[units.b]" in result.text


def test_unchanged_clashes_already_in_a_side_are_left_alone() -> None:
    both = BASE.replace('name = "A"', 'name = "A"\nprogress.z.done = 2024-09-03')
    result = merge(both, both.replace('"B"', '"B2"'), both)
    assert result.groups == [] and result.conflicts == []
