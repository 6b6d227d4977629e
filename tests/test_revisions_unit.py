"""core/revisions.py in-process, on one small real repository (commits at chosen instants, links,
subfolders): which commit a revision or a date names, in the campaign's time zone; the file, its
name and its folder's files at that commit; and each refusal. Fast, so that mutation testing can
run these for every mutant (tests/test_revisions.py drives the same through the CLI)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from qmonth.core import revisions
from qmonth.core.errors import CampaignInvalid, FileError, UsageError
from tests.conftest import GIT_ENV

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

V1, V2, V3 = ('[campaign]\ntimezone = "Asia/Shanghai"\nv = 1\n', "v = 2\n", "v = 3\n")
# the instants of the three commits (Beijing time): the second one second before the end of 9-12,
# the third at the first instant of 9-13 (in UTC, still 9-12 at 16:00)
WHEN = ["2024-09-10T12:00:00+08:00", "2024-09-12T23:59:59+08:00", "2024-09-13T00:00:00+08:00"]


def git(top: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV, **({"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {})}
    return subprocess.run(["git", "-C", str(top), *args], env=env, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    top = tmp_path_factory.mktemp("revisions") / "repoX"  # ending in a letter a path never ends with
    sub = top / "sub"
    (sub / "evidence" / "a").mkdir(parents=True)
    (top / "other").mkdir()
    git(top, "init", "-q", "-b", "main")
    commits = []
    for n, (text, when) in enumerate(zip((V1, V2, V3), WHEN, strict=True)):
        (sub / "campaign.toml").write_text(text, encoding="utf-8")
        if n == 0:
            (sub / "evidence" / "a" / "b.pdf").write_bytes(b"%PDF")
            (sub / "empty.txt").write_bytes(b"")
            (top / "root.toml").write_text("root\n", encoding="utf-8")
            (top / "other" / "x.txt").write_text("x\n", encoding="utf-8")
            (sub / "bom.toml").write_bytes("\ufeffv = 1\n".encode())
            (sub / "bad.toml").write_bytes(b"a = 1\nb = 2\nc = '\xff'\n")
            (sub / "link-in").symlink_to("evidence/a/b.pdf")
            (sub / "alias.toml").symlink_to("campaign.toml")
            (sub / "chain.toml").symlink_to("alias.toml")
            (sub / "out.toml").symlink_to("/etc/hostname")
            (sub / "loop1.toml").symlink_to("loop2.toml")
            (sub / "loop2.toml").symlink_to("loop1.toml")
            (sub / "deep.toml").symlink_to(str(sub / "campaign.toml"))  # absolute, inside the repository
            (sub / "top.toml").symlink_to(str(top))  # absolute: the repository's top folder itself
            (sub / "utc.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
            os.symlink(b"ev\xffx", bytes(sub / "badlink"))  # a link text that is not UTF-8
            (sub / "tab\there.pdf").write_bytes(b"%PDF")  # a tab: git's separator in its listing
            (sub / os.fsdecode(b"e\xff.pdf")).write_bytes(b"%PDF")  # a name that is not UTF-8
            # names git would take for pathspec magic or an option, were they not passed literally
            (top / "linkdir").symlink_to("sub")  # a folder reached through a link
            (top / ":alias.toml").symlink_to("sub/campaign.toml")
            (top / "-alias.toml").symlink_to("sub/campaign.toml")
            for odd in (":d", "-d"):
                (top / odd).mkdir()
                (top / odd / "campaign.toml").write_text("odd\n", encoding="utf-8")
                (top / odd / "e.pdf").write_bytes(b"%PDF")
        git(top, "add", "-A")
        git(top, "commit", "-qm", f"v{n + 1}", when=when)
        commits.append(git(top, "rev-parse", "HEAD"))
    git(top, "tag", "mid", commits[1])
    (sub / "new.toml").write_text("not committed\n", encoding="utf-8")
    return {"top": top.resolve(), "sub": sub, "commits": commits}


def _zone(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "zone.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_repository_is_the_top_folder_and_the_path_inside_it(repo: dict, tmp_path: Path) -> None:
    top, sub = repo["top"], repo["sub"]
    assert revisions.repository(sub / "campaign.toml") == (top, "sub/campaign.toml")
    assert revisions.repository(top / "root.toml") == (top, "root.toml")
    assert revisions.repository(sub / "new.toml") == (top, "sub/new.toml")  # the file need not exist
    assert revisions.repository(top / "linkdir" / "campaign.toml") == (top, "sub/campaign.toml")  # the real folder
    with pytest.raises(FileError) as missing:
        revisions.repository(sub / "nowhere" / "campaign.toml")
    assert missing.value.code == "file_not_found" and missing.value.params == {"path": sub / "nowhere" / "campaign.toml"}
    outside = tmp_path / "campaign.toml"
    with pytest.raises(UsageError) as lone:
        revisions.repository(outside)
    assert lone.value.code == "not_a_repository" and lone.value.params == {"path": outside}


def test_without_git_the_error_says_so(repo: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(FileError) as info:
        revisions.repository(repo["sub"] / "campaign.toml")
    assert info.value.code == "git_missing"


def test_parse_when_reads_full_dates_only() -> None:
    assert revisions.parse_when("2024-09-12") == dt.date(2024, 9, 12)
    assert revisions.parse_when("2024年9月12日") == dt.date(2024, 9, 12)
    assert revisions.parse_when("9月12日") is None and revisions.parse_when("mid") is None


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ('[campaign]\ntimezone = "UTC"\n', "UTC"),
        ("  timezone='Asia/Tokyo'\n", "Asia/Tokyo"),
        ('title = "x"\n', "Asia/Shanghai"),
        ('# timezone = "UTC"\n', "Asia/Shanghai"),
    ],
)
def test_the_time_zone_is_read_from_the_working_file(tmp_path: Path, text: str, zone: str) -> None:
    assert revisions._timezone(_zone(tmp_path, text)) == zone


def test_bytes_that_are_not_utf8_do_not_hide_the_zone(tmp_path: Path) -> None:
    path = tmp_path / "zone.toml"
    path.write_bytes(b'title = "\xff\xfe"\ntimezone = "UTC"\n')
    assert revisions._timezone(path) == "UTC"


def test_an_unreadable_working_file_means_the_default_zone(tmp_path: Path) -> None:
    assert revisions._timezone(tmp_path / "absent.toml") == "Asia/Shanghai"
    assert revisions._timezone(tmp_path) == "Asia/Shanghai"  # a folder: an OSError too


def test_a_revision_names_its_commit(repo: dict) -> None:
    top, sub, commits = repo["top"], repo["sub"], repo["commits"]
    path = sub / "campaign.toml"
    assert revisions.resolve(top, "mid", path) == (commits[1], None)
    assert revisions.resolve(top, "HEAD", path) == (commits[2], None)
    assert revisions.resolve(top, commits[0][:9], path) == (commits[0], None)
    assert revisions.resolve(top, "HEAD~2", path) == (commits[0], None)
    for bad in ("-p", "--all", "", "   ", "no-such-tag", "9月12日"):
        with pytest.raises(UsageError) as info:
            revisions.resolve(top, bad, path)
        assert info.value.code == "unknown_revision" and info.value.params == {"rev": bad}, bad


def test_a_date_is_the_last_commit_before_the_end_of_that_day_in_the_campaigns_zone(repo: dict, tmp_path: Path) -> None:
    top, commits = repo["top"], repo["commits"]
    beijing = _zone(tmp_path, 'timezone = "Asia/Shanghai"\n')
    day = dt.date(2024, 9, 12)
    assert revisions.resolve(top, "2024-09-12", beijing) == (commits[1], day)  # 23:59:59 is in, 00:00 of 9-13 not
    assert revisions.resolve(top, "2024年9月13日", beijing) == (commits[2], dt.date(2024, 9, 13))
    assert revisions.resolve(top, "2024-09-11", beijing) == (commits[0], dt.date(2024, 9, 11))
    assert revisions.resolve(top, "2024-09-10", beijing) == (commits[0], dt.date(2024, 9, 10))
    # in UTC the third commit (16:00 UTC) is still on 9-12; the second (15:59:59 UTC) too
    utc = _zone(tmp_path, 'timezone = "UTC"\n')
    assert revisions.resolve(top, "2024-09-12", utc) == (commits[2], day)
    assert revisions.resolve(top, "2024-09-11", utc) == (commits[0], dt.date(2024, 9, 11))
    # a zone name Python does not know: the campaign default (Beijing)
    unknown = _zone(tmp_path, 'timezone = "Mars/Olympus"\n')
    assert revisions.resolve(top, "2024-09-12", unknown) == (commits[1], day)
    with pytest.raises(UsageError) as early:
        revisions.resolve(top, "2024-09-09", beijing)
    assert early.value.code == "no_commit_before" and early.value.params == {"rev": "2024-09-09", "date": "2024-09-09"}


def test_read_at_a_revision(repo: dict) -> None:
    sub, commits = repo["sub"], repo["commits"]
    got = revisions.read_at(sub / "campaign.toml", "mid", 10_000)
    assert (got.text, got.name, got.commit, got.day) == (V2, "mid:sub/campaign.toml", commits[1], None)
    short = commits[1][:12]
    assert got.folder.folder == sub and got.folder.rev == short
    assert {"campaign.toml", "evidence", "evidence/a", "evidence/a/b.pdf", "link-in", "empty.txt"} <= got.folder.files
    assert {"tab\there.pdf", "e\udcff.pdf"} <= got.folder.files  # names as the file system has them
    assert "new.toml" not in got.folder.files and not any(f.startswith(("..", "other", "sub")) for f in got.folder.files)
    assert got.folder.links == {
        "link-in": "evidence/a/b.pdf",
        "alias.toml": "campaign.toml",
        "chain.toml": "alias.toml",
        "out.toml": "/etc/hostname",
        "loop1.toml": "loop2.toml",
        "loop2.toml": "loop1.toml",
        "deep.toml": str(sub / "campaign.toml"),
        "top.toml": str(repo["top"]),
        "badlink": "ev\udcffx",  # undecodable bytes kept (surrogateescape)
    }
    dated = revisions.read_at(sub / "campaign.toml", "2024-09-10", 10_000)
    assert (dated.text, dated.name, dated.day) == (V1, f"{commits[0][:12]}:sub/campaign.toml", dt.date(2024, 9, 10))


def test_read_at_a_file_at_the_top_lists_the_whole_tree(repo: dict) -> None:
    got = revisions.read_at(repo["top"] / "root.toml", "HEAD", 100)
    assert got.text == "root\n" and got.name == "HEAD:root.toml"
    assert {"root.toml", "other", "other/x.txt", "sub", "sub/evidence/a", "sub/evidence/a/b.pdf"} <= got.folder.files
    assert got.folder.links["sub/link-in"] == "evidence/a/b.pdf"


@pytest.mark.parametrize("name", ["alias.toml", "chain.toml", "deep.toml"])
def test_a_symlinked_campaign_is_read_through_its_links(repo: dict, name: str) -> None:
    got = revisions.read_at(repo["sub"] / name, "mid", 10_000)
    assert got.text == V2 and got.name == "mid:sub/campaign.toml"


@pytest.mark.parametrize("name", [":alias.toml", "-alias.toml"])
def test_odd_names_are_paths_never_pathspec_magic_or_options(repo: dict, name: str) -> None:
    got = revisions.read_at(repo["top"] / name, "mid", 10_000)
    assert got.text == V2 and got.name == "mid:sub/campaign.toml"


@pytest.mark.parametrize("folder", [":d", "-d"])
def test_an_odd_folders_files_are_listed_literally(repo: dict, folder: str) -> None:
    got = revisions.read_at(repo["top"] / folder / "campaign.toml", "HEAD", 100)
    assert got.text == "odd\n" and got.name == f"HEAD:{folder}/campaign.toml"
    assert got.folder.files == {"campaign.toml", "e.pdf"}


def test_a_date_is_read_in_the_working_files_zone(repo: dict) -> None:
    commits = repo["commits"]
    got = revisions.read_at(repo["sub"] / "utc.toml", "2024-09-12", 100)  # UTC: the third commit is on 9-12
    assert got.commit == commits[2] and got.name == f"{commits[2][:12]}:sub/utc.toml"


@pytest.mark.parametrize(("name", "target"), [("out.toml", "/etc/hostname"), ("loop1.toml", None)])
def test_a_link_out_of_the_repository_or_round_a_loop_is_refused(repo: dict, name: str, target: str | None) -> None:
    with pytest.raises(FileError) as info:
        revisions.read_at(repo["sub"] / name, "mid", 10_000)
    assert info.value.code == "at_link_outside"
    assert info.value.params["path"] == f"sub/{name}" and info.value.params["rev"] == "mid"
    assert info.value.params["commit"] == repo["commits"][1][:12]
    if target:
        assert info.value.params["target"] == target


def test_read_at_refuses_what_is_not_a_file_then(repo: dict) -> None:
    sub, short = repo["sub"], repo["commits"][1][:12]
    # a link to the top folder is inside the repository, and names a folder, not a file
    for path, rel in ((sub / "new.toml", "sub/new.toml"), (sub / "evidence", "sub/evidence"), (sub / "top.toml", "")):
        with pytest.raises(FileError) as info:
            revisions.read_at(path, "mid", 10_000)
        assert info.value.code == "absent_at_revision"
        assert info.value.params == {"path": rel, "rev": "mid", "commit": short}


def test_read_at_refuses_a_file_over_the_limit(repo: dict) -> None:
    path = repo["sub"] / "campaign.toml"
    assert revisions.read_at(path, "mid", len(V2)).text == V2  # exactly the limit is read
    with pytest.raises(FileError) as info:
        revisions.read_at(path, "mid", len(V2) - 1)
    assert info.value.code == "file_too_big"
    assert info.value.params == {"path": f"{repo['commits'][1][:12]}:sub/campaign.toml", "limit": len(V2) - 1}


def test_read_at_decodes_utf8_and_locates_a_bad_byte(repo: dict) -> None:
    sub = repo["sub"]
    assert revisions.read_at(sub / "bom.toml", "HEAD", 100).text == "v = 1\n"  # the byte-order mark dropped
    with pytest.raises(CampaignInvalid) as info:
        revisions.read_at(sub / "bad.toml", "HEAD", 100)
    assert info.value.params["path"] == f"{repo['commits'][2][:12]}:sub/bad.toml"
    assert [(p.code, p.line) for p in info.value.problems] == [("not_utf8", 3)]


def test_blobs_reads_several_in_one_call_empty_and_missing_ones_included(repo: dict) -> None:
    top = repo["top"]
    ids = [git(top, "rev-parse", f"HEAD:{p}").encode() for p in ("sub/empty.txt", "root.toml", "other/x.txt")]
    missing = b"0" * 40
    assert revisions._blobs(top, []) == []
    assert revisions._blobs(top, [ids[1]]) == ["root\n"]
    assert revisions._blobs(top, [ids[0], ids[1], missing, ids[2], ids[0]]) == ["", "root\n", "", "x\n", ""]


def test_entry_finds_a_name_with_a_tab_or_bytes_that_are_not_utf8(repo: dict) -> None:
    top, head = repo["top"], repo["commits"][2]
    for rel in ("sub/tab\there.pdf", "sub/e\udcff.pdf", "sub/evidence/a/b.pdf"):
        found = revisions._entry(top, head, rel)
        assert found is not None and found[0] == b"100644", rel
        assert found[1] == git(top, "rev-parse", f"{head}:sub/evidence/a/b.pdf").encode()  # the same bytes: one blob
    assert revisions._entry(top, head, "sub/link-in")[0] == b"120000"  # type: ignore[index]
    assert revisions._entry(top, head, "sub/nothing.pdf") is None
