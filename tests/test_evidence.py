"""Evidence references (qmonth/core/evidence.py): real paths stay inside the folder, Windows forms and
surrounding spaces are refused on every system — in the file (`check`, every command) and on the
command line (`done -e`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from qmonth.core import evidence

from .conftest import Run

DONE = ("done", "chikan", "receipt", "--on", "2024-09-09", "--today", "2024-09-20")


@pytest.mark.parametrize(
    ("ref", "form"),
    [
        ("evidence/a.jpg", None),
        ("照片/赤坎 宣传.jpg", None),
        ("https://example.com/x", None),
        ("视频:https://example.com/x", None),
        (" https://example.com/x", "spaces"),
        ("https://example.com/x ", "spaces"),
        ("evidence/a.jpg\t", "spaces"),
        ("..\\..\\etc\\passwd", "backslash"),
        ("evidence\\a.jpg", "backslash"),
        ("\\\\host\\share\\x.jpg", "backslash"),
        ("C:\\Users\\x.jpg", "backslash"),
        ("C:x.jpg", "drive"),
        ("c:/x.jpg", "drive"),
    ],
)
def test_bad_form(ref: str, form: str | None) -> None:
    assert evidence.bad_form(ref) == form


def test_a_symlink_out_of_the_folder_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "camp"
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "passwd.jpg").symlink_to("/etc/passwd")
    (folder / "evidence" / "inside.jpg").symlink_to(folder / "evidence" / "real.jpg")
    (folder / "evidence" / "real.jpg").write_bytes(b"jpg")
    (folder / "up").symlink_to(tmp_path)
    assert evidence.escapes("evidence/passwd.jpg", folder)
    assert evidence.escapes("up/anything.jpg", folder)
    assert not evidence.escapes("evidence/inside.jpg", folder)
    assert not evidence.escapes("evidence/real.jpg", folder)
    assert not evidence.escapes("evidence/not-yet.jpg", folder)


def _record(shipped: Path, ref: str) -> None:
    text = shipped.read_text(encoding="utf-8")
    block = f'\n[units.chikan.progress.receipt]\ndone = 2024-09-09\nevidence = ["{ref}"]\n'
    marker = "[units.xiashan]"
    assert marker in text
    shipped.write_text(text.replace(marker, block.lstrip("\n") + "\n" + marker, 1), encoding="utf-8")
    tomllib.loads(shipped.read_text(encoding="utf-8"))


def test_a_symlink_to_etc_passwd_in_the_file_is_refused_with_its_line(run: Run, shipped: Path) -> None:
    (shipped.parent / "evidence").mkdir()
    (shipped.parent / "evidence" / "receipt.pdf").symlink_to("/etc/passwd")
    _record(shipped, "evidence/receipt.pdf")
    line = shipped.read_text(encoding="utf-8").split("\n").index('evidence = ["evidence/receipt.pdf"]') + 1
    for args in (("check",), ("status", "--today", "2024-09-20")):
        result = run(*args, "-f", shipped, "--lang", "en")
        assert result.exit_code == 1, result.output
        assert f"campaign.toml:{line}: units.chikan.progress.receipt.evidence.0: evidence path" in result.stderr
        assert "leaves the campaign file's folder" in result.stderr


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("..\\\\..\\\\etc\\\\passwd", "contains a backslash"),
        ("\\\\\\\\host\\\\share\\\\x.jpg", "contains a backslash"),
        ("C:/Users/x.jpg", "names a drive"),
        (" https://example.com/x", "has spaces around it"),
    ],
)
def test_windows_forms_and_spaces_in_the_file_are_refused(run: Run, shipped: Path, ref: str, words: str) -> None:
    _record(shipped, ref)
    result = run("check", "-f", shipped, "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "units.chikan.progress.receipt.evidence.0" in result.stderr and words in result.stderr


@pytest.mark.parametrize(
    ("ref", "code"),
    [
        ("..\\..\\etc\\passwd", "反斜杠"),
        ("\\\\host\\share\\x.jpg", "反斜杠"),
        ("C:\\x.jpg", "反斜杠"),
        ("D:x.jpg", "盘符"),
        (" https://example.com/x", "前后有空格"),
        ("evidence/a.jpg ", "前后有空格"),
    ],
)
def test_windows_forms_and_spaces_on_the_command_line_are_refused(run: Run, shipped: Path, ref: str, code: str) -> None:
    before = shipped.read_bytes()
    result = run(*DONE, "-e", ref, "-f", shipped)
    assert result.exit_code == 2, result.output
    assert code in result.stderr
    assert shipped.read_bytes() == before


def test_a_symlink_out_of_the_folder_on_the_command_line_is_refused(run: Run, shipped: Path) -> None:
    (shipped.parent / "evidence").mkdir()
    (shipped.parent / "evidence" / "x.jpg").symlink_to("/etc/passwd")
    before = shipped.read_bytes()
    result = run(*DONE, "-e", "evidence/x.jpg", "-f", shipped)
    assert result.exit_code == 2, result.output
    assert "超出活动文件所在目录" in result.stderr
    assert shipped.read_bytes() == before


def test_missing_evidence_names_the_folder_absolutely(
    run: Run, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F26: the demo file copied alone, checked from its own folder: the message names the folder
    the evidence is looked up in, not "（相对于 .）"."""
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "demo-campaign.toml").write_bytes(demo.read_bytes())
    monkeypatch.chdir(alone)
    result = run("check", "demo-campaign.toml")
    assert result.exit_code == 1
    assert f"不存在（相对于 {alone}）。" in result.stdout + result.stderr
    assert "相对于 .）" not in result.stdout + result.stderr
    english = run("check", "demo-campaign.toml", "--lang", "en")
    assert f"(relative to {alone})." in english.stdout + english.stderr


# --- the functions the checks are built on (mutation-testing survivors) ---


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("视频:https://example.com/v", ("视频", "https://example.com/v")),
        ("总结材料：evidence/x.pdf", ("总结材料", "evidence/x.pdf")),
        ("video: clip.mp4", ("video", "clip.mp4")),
        ("Photo:evidence/a.jpg", ("Photo", "evidence/a.jpg")),
        ("evidence/a.jpg", ("", "evidence/a.jpg")),
        ("https://example.com/x", ("", "https://example.com/x")),
        ("notes:evidence/a.jpg", ("", "notes:evidence/a.jpg")),  # not a known ASCII kind
    ],
)
def test_split_kind(entry: str, expected: tuple[str, str]) -> None:
    assert evidence.split_kind(entry) == expected


def test_a_web_link_after_a_kind_is_a_web_link(tmp_path: Path) -> None:
    for entry in ("视频:https://example.com/v", "总结材料：http://example.com/a.pdf"):
        assert evidence.is_url(entry)
        assert not evidence.escapes(entry, tmp_path)
        assert not evidence.missing(entry, tmp_path)


@pytest.mark.parametrize(
    "ref",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "..\\..\\etc\\passwd",
        "evidence\\a.jpg",
        "D:/photos/a.jpg",
        "c:x.jpg",
        "../x.jpg",
    ],
)
def test_escapes_refuses_schemes_windows_forms_and_parents(tmp_path: Path, ref: str) -> None:
    assert evidence.escapes(ref, tmp_path)
    assert evidence.escapes("照片:" + ref, tmp_path)
    assert not evidence.missing(ref, tmp_path)  # reported as escaping, not as missing


def test_a_folder_whose_name_ends_in_a_space_keeps_its_evidence_inside(tmp_path: Path) -> None:
    folder = tmp_path / "质量月 "
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "a.jpg").write_bytes(b"jpg")
    assert not evidence.escapes("evidence/a.jpg", folder)
    assert not evidence.missing("evidence/a.jpg", folder)
    assert evidence.escapes("../x.jpg", folder)


def test_evidence_at_a_git_revision(tmp_path: Path) -> None:
    snap = evidence.Snapshot(tmp_path, frozenset({"evidence", "evidence/a.jpg"}), "abc1234")
    assert not evidence.escapes("evidence/a.jpg", snap)
    assert not evidence.missing("evidence/a.jpg", snap)
    assert evidence.missing("evidence/b.jpg", snap)
    assert evidence.escapes("../secret.jpg", snap)
    assert evidence.escapes("evidence/../../secret.jpg", snap)
    assert not evidence.escapes(".", snap)
    assert str(snap) == f"{tmp_path} @ abc1234"


def test_a_name_the_system_cannot_look_up_is_missing_not_escaping(tmp_path: Path) -> None:
    assert not evidence.escapes("evidence/a\x00b.jpg", tmp_path)
    assert evidence.missing("evidence/a\x00b.jpg", tmp_path)


def test_messages_name_a_folder_absolutely_and_a_revision_as_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert evidence.shown(Path(".")) == str(tmp_path)
    assert evidence.shown(evidence.Snapshot(tmp_path, frozenset(), "abc1234")) == f"{tmp_path} @ abc1234"


@pytest.mark.parametrize("ref", ["https://example.com/a.jpg", "http://example.com/x", "照片:https://example.com/p.jpg"])
def test_a_web_link_never_escapes_the_folder(tmp_path: Path, ref: str) -> None:
    assert evidence.escapes(ref, tmp_path) is False
    assert evidence.is_web_link(ref) is ref.startswith("http")
