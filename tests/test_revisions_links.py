"""`--at REV` and symbolic links, in a real git repository: git stores a link as its text, so a
symlinked campaign is read through its link, and evidence symlinked out of the folder is refused at
a revision as it is on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, GIT_ENV, Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

EVIDENCE = "evidence/mazhang/receipt.pdf"  # referenced by the demo's records


def commit(repo: Path, message: str = "records") -> None:
    env = {**os.environ, **GIT_ENV}
    for args in (["add", "-A", "."], ["commit", "-qm", message]):
        subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The demo in a repository: its campaign in real/, the top folder's campaign.toml a symlink to it."""
    top = tmp_path / "repo"
    shutil.copytree(EXAMPLES, top / "real")
    (top / "real" / "demo-campaign.toml").rename(top / "real" / "campaign.toml")
    subprocess.run(["git", "init", "-q", "-b", "main", str(top)], capture_output=True, check=True)
    commit(top, "the demo")
    return top


def test_at_reads_the_file_a_symlinked_campaign_names(repo: Path, run: Run) -> None:
    shutil.move(repo / "real" / "evidence", repo / "evidence")  # evidence beside the link, as on disk
    (repo / "campaign.toml").symlink_to("real/campaign.toml")
    commit(repo, "a link at the top")
    now = run("status", "-f", repo / "campaign.toml", "--today", "2024-09-20", "--format", "json")
    then = run("status", "-f", repo / "campaign.toml", "--at", "HEAD", "--today", "2024-09-20", "--format", "json")
    assert now.exit_code == 0 and then.exit_code == 0, then.output
    assert then.stdout == now.stdout  # not the link's text ("real/campaign.toml") parsed as TOML
    checked = run("check", "-f", repo / "campaign.toml", "--at", "HEAD", "--lang", "en")
    assert checked.exit_code == 0, checked.output
    assert "HEAD:real/campaign.toml" in checked.output


def test_a_link_chain_and_a_symlinked_folder_are_followed(repo: Path, run: Run) -> None:
    (repo / "current").symlink_to("real")
    (repo / "latest.toml").symlink_to("current/campaign.toml")
    (repo / "campaign.toml").symlink_to("latest.toml")
    commit(repo)
    (repo / "campaign.toml").unlink()  # the working tree no longer has it: the revision decides
    (repo / "campaign.toml").write_text("not = [toml", encoding="utf-8")
    result = run("check", "-f", repo / "campaign.toml", "--at", "HEAD", "--lang", "en")
    assert "HEAD:real/campaign.toml" in result.output and "TOML" not in result.output


@pytest.mark.parametrize("target", ["/etc/hosts", "../../outside.toml", "loop.toml"])
def test_a_link_out_of_the_repository_or_round_a_loop_is_refused(repo: Path, run: Run, target: str) -> None:
    (repo.parent / "outside.toml").write_text("[campaign]\n", encoding="utf-8")
    (repo / "loop.toml").symlink_to("campaign.toml")
    (repo / "campaign.toml").symlink_to(target)
    commit(repo)
    for lang, said in (("en", "symbolic link that leads out of the repository"), ("zh", "指向仓库之外或循环指向")):
        result = run("status", "-f", repo / "campaign.toml", "--at", "HEAD", "--lang", lang)
        assert result.exit_code == 3, result.output
        assert said in result.stderr and "Traceback" not in result.output


def test_evidence_symlinked_out_of_the_folder_is_refused_at_a_revision_as_on_disk(repo: Path, run: Run, tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    campaign = repo / "real" / "campaign.toml"
    assert run("check", "-f", campaign, "--at", "HEAD").exit_code == 0
    evidence = repo / "real" / EVIDENCE
    evidence.unlink()
    evidence.symlink_to(secret)
    commit(repo, "evidence out of the folder")
    on_disk = run("check", "-f", campaign, "--lang", "en")
    at_head = run("check", "-f", campaign, "--at", "HEAD", "--lang", "en")
    assert on_disk.exit_code == 1 and at_head.exit_code == 1, at_head.output
    for result in (on_disk, at_head):
        assert EVIDENCE in result.stderr and "leaves the campaign file's folder" in result.stderr
    # a folder symlinked out, and a relative link up and out, too
    folder = repo / "real" / "evidence" / "mazhang"
    shutil.rmtree(folder)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "receipt.pdf").write_bytes(b"%PDF")
    folder.symlink_to(tmp_path / "elsewhere")
    commit(repo, "a folder out")
    assert run("check", "-f", campaign, "--at", "HEAD").exit_code == 1
    folder.unlink()
    folder.mkdir()
    (folder / "receipt.pdf").symlink_to("../../../real.pdf")
    (repo / "real.pdf").write_bytes(b"%PDF")
    commit(repo, "up and out")
    result = run("check", "-f", campaign, "--at", "HEAD", "--lang", "en")
    assert result.exit_code == 1 and EVIDENCE in result.stderr


def test_evidence_symlinked_inside_the_folder_still_counts_at_a_revision(repo: Path, run: Run) -> None:
    campaign = repo / "real" / "campaign.toml"
    evidence = repo / "real" / EVIDENCE
    (repo / "real" / "evidence" / "store").mkdir()
    evidence.rename(repo / "real" / "evidence" / "store" / "receipt.pdf")
    evidence.symlink_to("../store/receipt.pdf")
    commit(repo)
    assert run("check", "-f", campaign).exit_code == 0
    assert run("check", "-f", campaign, "--at", "HEAD").exit_code == 0
    (repo / "real" / "evidence" / "store" / "receipt.pdf").unlink()  # a dangling link: missing, not there
    commit(repo, "the file went")
    for args in ((), ("--at", "HEAD")):
        result = run("check", "-f", campaign, *args, "--lang", "en")
        assert result.exit_code == 1 and EVIDENCE in result.stderr and "does not exist" in result.stderr


def test_snapshot_follows_links_as_the_disk_would(tmp_path: Path) -> None:
    from qmonth.core.evidence import Snapshot, escapes, missing

    files = frozenset({"evidence", "evidence/a.jpg", "evidence/in", "evidence/out", "evidence/abs", "evidence/loop", "store"})
    links = {
        "evidence/in": "a.jpg",
        "evidence/out": "../../x.jpg",
        "evidence/abs": str(tmp_path / "store"),
        "evidence/loop": "loop",
        "store": "/etc",
    }
    snap = Snapshot(tmp_path, files, "abc1234", links)
    assert snap.real("evidence/in") == "evidence/a.jpg" and not escapes("evidence/in", snap) and not missing("evidence/in", snap)
    assert escapes("evidence/out", snap) and escapes("evidence/loop", snap)
    assert escapes("evidence/abs", snap)  # inside the folder by its path, but that is itself a link to /etc
    assert escapes("store/passwd", snap) and not escapes("evidence/a.jpg", snap)
