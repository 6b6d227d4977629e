"""The git merge driver: record by record, in a real git repository; conflicts `check` explains."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qmonth.core.conflicts import conflict_regions
from qmonth.edit.merge import merge, records
from tests.conftest import DEMO, Run

QMONTH = Path(sys.executable).parent / "qmonth"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **ENV, "HOME": str(repo.parent)}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


def qmonth(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(QMONTH), *args], cwd=repo, capture_output=True, text=True, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A campaign repository on branch main with the demo, and the driver set up as the manual says (docs/en/guide/git.md)."""
    return make_repo(tmp_path)


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copyfile(DEMO, repo / "campaign.toml")
    shutil.copytree(DEMO.parent / "evidence", repo / "evidence")
    (repo / ".gitattributes").write_text("campaign.toml merge=qmonth\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "merge.qmonth.driver", f"{QMONTH} merge-file %O %A %B --name %P")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "campaign")
    return repo


def branch_with(repo: Path, name: str, *args: str) -> None:
    git(repo, "checkout", "-q", "-b", name, "main")
    done = qmonth(repo, *args, "--today", "2024-09-25")
    assert done.returncode == 0, done.stderr
    git(repo, "commit", "-qam", name)


@needs_git
def test_two_branches_recording_different_tasks_of_one_unit_merge_cleanly(repo: Path) -> None:
    branch_with(repo, "a", "done", "potou", "publicity-media", "--on", "2024-09-20")
    branch_with(repo, "b", "done", "potou", "publicity-window", "--on", "2024-09-21", "--note", "见附件")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "a")
    merged = git(repo, "merge", "--no-edit", "b", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / "campaign.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert "[units.potou.progress.publicity-media]\ndone = 2024-09-20\n" in text
    assert '[units.potou.progress.publicity-window]\ndone = 2024-09-21\nnote = "见附件"\n' in text
    # the new record sits with its unit, before the next unit
    assert text.index("[units.potou.progress.publicity-window]") < text.index("[units.mazhang]")
    assert qmonth(repo, "check").returncode == 0
    status = qmonth(repo, "status", "-u", "坡头", "--today", "2024-09-25", "--format", "json")
    states = {i["task"]: i["state"] for i in json.loads(status.stdout)["items"]}
    assert states["publicity-media"] == states["publicity-window"] == "done"


@needs_git
def test_the_same_record_changed_on_both_sides_is_a_conflict_check_explains(repo: Path) -> None:
    branch_with(repo, "a", "done", "potou", "publicity-banners", "--on", "2024-09-20")
    branch_with(repo, "b", "done", "potou", "publicity-banners", "--on", "2024-09-19")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "a")
    merged = git(repo, "merge", "--no-edit", "b", check=False)
    assert merged.returncode != 0 and "CONFLICT" in merged.stdout
    text = (repo / "campaign.toml").read_text(encoding="utf-8")
    region = conflict_regions(text)
    assert len(region) == 1 and region[0].tables == ["units.potou.progress.publicity-banners"]
    # the driver names the file itself, not the temporary file git hands it
    assert "campaign.toml：1 条记录两边都改了且改得不同" in merged.stderr + merged.stdout
    assert ".merge_file_" not in merged.stderr + merged.stdout
    checked = qmonth(repo, "check")
    assert checked.returncode == 1
    assert f"campaign.toml:{region[0].start}: git 合并冲突未解决" in checked.stderr
    # written by the driver: it is set up, so check does not advise setting it up
    assert "两个分支把同一条记录改得不同" in checked.stderr and "配置合并驱动" not in checked.stderr
    assert "[units.potou.progress.publicity-banners]" in checked.stderr and "删除这三行标记" in checked.stderr
    assert "TOML 语法错误" not in checked.stderr
    assert "Traceback" not in checked.stderr


@needs_git
def test_check_explains_git_s_own_conflict_markers_too(repo: Path) -> None:
    git(repo, "config", "--unset", "merge.qmonth.driver")
    (repo / ".gitattributes").unlink()
    git(repo, "commit", "-qam", "no driver")
    branch_with(repo, "a", "done", "potou", "publicity-media", "--on", "2024-09-20")
    branch_with(repo, "b", "done", "potou", "publicity-window", "--on", "2024-09-21")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "a")
    assert git(repo, "merge", "--no-edit", "b", check=False).returncode != 0  # line merge: a conflict
    checked = qmonth(repo, "check", "--lang", "en")
    assert checked.returncode == 1 and "Unresolved git merge conflict" in checked.stderr
    # two different records: both kept, never "keep one"; the fix command and the set-up named
    for table in ("[units.potou.progress.publicity-media]", "[units.potou.progress.publicity-window]"):
        assert table in checked.stderr
    assert "both are to be kept, not one" in checked.stderr and "qmonth merge-file --fix" in checked.stderr
    assert "Keep the right one" not in checked.stderr and "(qmonth setup-git)" in checked.stderr


# ── the merge itself ─────────────────────────────────────────────────────────

BASE = """# a campaign
[campaign]
title = "t"

[units.a]
name = "A"

[units.a.progress.x]
done = 2024-09-01

# the second unit
[units.b]
name = "B"
"""


def test_records_keep_comments_with_the_header_below_them() -> None:
    parts = dict(records(BASE))
    assert parts[()] == "# a campaign\n" or parts[()] == ""
    assert parts[("units", "b")] == '\n# the second unit\n[units.b]\nname = "B"\n'
    assert "".join(text for _, text in records(BASE)) == BASE


def test_one_sided_changes_and_deletions_are_taken() -> None:
    ours = BASE.replace('name = "A"', 'name = "A2"')
    theirs = BASE.replace("\n[units.a.progress.x]\ndone = 2024-09-01\n", "")
    result = merge(BASE, ours, theirs)
    assert result.conflicts == []
    assert 'name = "A2"' in result.text and "progress.x" not in result.text and "# the second unit" in result.text


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    both = BASE.replace("done = 2024-09-01", "done = 2024-09-02")
    result = merge(BASE, both, both)
    assert result.conflicts == [] and result.text == both


def test_new_records_on_both_sides_of_different_units_keep_their_places() -> None:
    ours = BASE.replace("\n# the second unit", "\n[units.a.progress.y]\ndone = 2024-09-03\n\n# the second unit")
    theirs = BASE + "\n[units.b.progress.z]\ndone = 2024-09-04\n"
    result = merge(BASE, ours, theirs)
    assert result.conflicts == []
    t = result.text
    assert t.index("[units.a.progress.y]") < t.index("[units.b]") < t.index("[units.b.progress.z]")


def test_changed_and_deleted_is_a_conflict() -> None:
    ours = BASE.replace("done = 2024-09-01", "done = 2024-09-02")
    theirs = BASE.replace("\n[units.a.progress.x]\ndone = 2024-09-01\n", "")
    result = merge(BASE, ours, theirs)
    assert result.conflicts == [("units", "a", "progress", "x")]
    assert "<<<<<<< ours\n[units.a.progress.x]\ndone = 2024-09-02\n=======\n>>>>>>> theirs\n" in result.text


def test_merge_file_command_writes_the_result_over_ours(run: Run, tmp_path: Path) -> None:
    paths = {}
    demo = DEMO.read_text(encoding="utf-8")
    a, b = 'short = "坡头区"', 'short = "麻章区"'
    for name, text in (("base", demo), ("ours", demo.replace(a, a[:-1] + '1"')), ("theirs", demo.replace(b, b[:-1] + '1"'))):
        paths[name] = tmp_path / f"{name}.toml"
        paths[name].write_text(text, encoding="utf-8")
    result = run("merge-file", paths["base"], paths["ours"], paths["theirs"])
    assert result.exit_code == 0
    assert paths["ours"].read_text(encoding="utf-8") == demo.replace(a, a[:-1] + '1"').replace(b, b[:-1] + '1"')
    paths["theirs"].write_text(demo.replace(a, a[:-1] + '3"'), encoding="utf-8")
    conflict = run("merge-file", paths["base"], paths["ours"], paths["theirs"], "--marker-size", "9")
    assert conflict.exit_code == 1 and "<<<<<<<<< ours" in paths["ours"].read_text(encoding="utf-8")
    # a clean merge of texts that are no campaign: written, but exit 1 and the problems named
    for name, text in (("base", BASE), ("ours", BASE.replace('"A"', '"A1"')), ("theirs", BASE.replace('"B"', '"B1"'))):
        paths[name].write_text(text, encoding="utf-8")
    broken = run("merge-file", paths["base"], paths["ours"], paths["theirs"], "--lang", "en")
    assert broken.exit_code == 1 and "every command would refuse" in broken.output
    assert paths["ours"].read_text(encoding="utf-8") == BASE.replace('"A"', '"A1"').replace('"B"', '"B1"')


@pytest.mark.parametrize("path", [DEMO, DEMO.parent.parent / "campaign.toml"])
def test_unchanged_versions_merge_to_the_same_bytes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert merge(text, text, text).text == text
    assert merge("", text, text).text == text  # git's add/add: an empty base
    crlf = text.replace("\n", "\r\n")
    edited = crlf.replace("done = 2024-09-09", "done = 2024-09-08", 1)
    assert merge(crlf, edited, crlf).text == edited  # Windows line endings kept
