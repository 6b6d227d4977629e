"""How a write reaches the disk, through the CLI: atomically, keeping mode and owner, never over a
change made on disk meanwhile."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qmonth.edit import record
from tests.conftest import Run, mutate

OUTSIDE = "# saved from an editor while qmonth was working\n"


def recorded(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"]["chikan"].get("progress", {})


def test_a_write_replaces_the_file_and_a_reader_never_sees_a_partial_one(run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    inode = os.stat(shipped).st_ino
    with shipped.open("rb") as reader:  # a reader in the middle of reading the file
        head = reader.read(1000)
        result = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
        assert result.exit_code == 0, result.output
        # it finishes reading the file it began: the old one, whole (an in-place write would have
        # truncated it under the reader, which then sees a mix, a short file or nothing)
        assert head + reader.read() == before
    assert os.stat(shipped).st_ino != inode  # a new file was renamed over the old one
    after = shipped.read_bytes()
    assert after != before and tomllib.loads(after.decode("utf-8"))  # whole and valid
    assert recorded(shipped) == {"summary": {"done": dt.date(2024, 9, 9)}}
    # the temporary file was renamed, not left behind; no lock file either (the campaign itself is locked)
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["campaign.toml"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444 | 0o200])
def test_a_write_keeps_the_file_mode(run: Run, shipped: Path, mode: int) -> None:
    shipped.chmod(mode)
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    assert "summary" in recorded(shipped)
    assert stat.S_IMODE(os.stat(shipped).st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_write_keeps_the_file_owner_and_group(run: Run, shipped: Path) -> None:
    os.chown(shipped, 4242, 4343)  # e.g. the service account that owns the campaign repository
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    assert "summary" in recorded(shipped)
    st = os.stat(shipped)
    assert (st.st_uid, st.st_gid) == (4242, 4343)


def editing_meanwhile(monkeypatch: pytest.MonkeyPatch, path: Path, times: int) -> list[int]:
    """While qmonth works out a `done` (after it read the file, before it writes), someone saves
    the file from an editor, `times` times. Returns the list the calls are counted in."""
    calls: list[int] = []
    plan: Callable[..., Any] = record.done

    def done_while_edited(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= times:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(OUTSIDE.replace("\n", f" #{len(calls)}\n"))
        return plan(*args, **kwargs)

    monkeypatch.setattr(record, "done", done_while_edited)
    return calls


def test_a_change_on_disk_between_read_and_write_is_kept(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = editing_meanwhile(monkeypatch, shipped, times=1)
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert len(calls) == 2  # the change was seen, and the edit computed again from the new text
    text = shipped.read_text(encoding="utf-8")
    assert OUTSIDE.replace("\n", " #1\n") in text  # the editor's change is not lost
    assert "summary" in recorded(shipped)  # nor qmonth's


def test_a_file_that_keeps_changing_is_left_alone(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editing_meanwhile(monkeypatch, shipped, times=100)
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 4, result.output
    assert result.stderr == f"{shipped} 在写入过程中被反复修改，未写入。请稍后重试。\n"
    text = shipped.read_text(encoding="utf-8")
    assert text.endswith(OUTSIDE.replace("\n", " #3\n"))  # the last outside save stands, untouched
    assert "summary" not in recorded(shipped)


# ── where the temporary file goes, and what happens when a write fails ────────────────────────


def renames(monkeypatch: pytest.MonkeyPatch, fail: OSError | None = None) -> list[tuple[str, str]]:
    """Record (and optionally fail) the rename that publishes a write."""
    import qmonth.edit.write as w

    seen: list[tuple[str, str]] = []
    real = os.replace

    def replace(src: str, dst: str) -> None:
        seen.append((str(src), str(dst)))
        if fail is not None:
            raise fail
        real(src, dst)

    monkeypatch.setattr(w.os, "replace", replace)
    return seen


def test_the_temporary_file_is_a_hidden_sibling(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = renames(monkeypatch)
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    [(src, dst)] = seen
    tmp = Path(src)
    # same folder (a rename across file systems is not atomic), hidden, and named after the file
    assert tmp.parent == shipped.parent and Path(dst) == shipped
    assert tmp.name.startswith(".campaign.toml.") and tmp.name.endswith(".tmp")


def test_a_failed_rename_leaves_the_file_and_no_debris(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = shipped.read_bytes()
    renames(monkeypatch, fail=OSError(5, "Input/output error"))
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code != 0
    assert shipped.read_bytes() == before
    assert [p.name for p in shipped.parent.iterdir() if p.name != "campaign.toml"] == []  # no temporary file left


def test_a_write_not_permitted_is_a_file_error(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = shipped.read_bytes()
    renames(monkeypatch, fail=PermissionError(13, "Permission denied"))
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 3, result.output
    assert result.stderr == f"无法写入 {shipped}：没有权限，请检查文件和所在文件夹的权限。文件未被修改。\n"
    assert shipped.read_bytes() == before


def test_no_room_for_the_temporary_file_is_a_file_error(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qmonth.edit.write as w

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(w.tempfile, "mkstemp", full)
    before = shipped.read_bytes()
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 3, result.output
    assert result.stderr == f"无法写入 {shipped}：磁盘空间已满，请腾出空间后重试。文件未被修改。\n"
    assert shipped.read_bytes() == before


def test_a_writer_who_may_not_give_the_file_away_still_writes(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qmonth.edit.write as w

    def chown(*args: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(w.os, "chown", chown)
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    assert "summary" in recorded(shipped)


def test_a_new_file_is_written_readable_by_all(tmp_path: Path) -> None:
    from qmonth.edit.write import atomic_write

    target = tmp_path / "new.toml"
    atomic_write(target, "a = 1\n")
    assert target.read_text(encoding="utf-8") == "a = 1\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644
    atomic_write(target, "a = 2\n", bom=True)
    assert target.read_bytes() == b"\xef\xbb\xbfa = 2\n"


def test_recording_what_is_already_recorded_says_so(run: Run, shipped: Path) -> None:
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    inode = os.stat(shipped).st_ino
    again = run("done", "chikan", "summary", "--on", "2024-09-09", "-f", shipped)
    assert again.exit_code == 0
    assert "没有变化：文件已是这个状态。" in again.stderr
    assert os.stat(shipped).st_ino == inode  # nothing was written


def test_a_dry_run_shows_removed_lines_too(run: Run, shipped: Path) -> None:
    run("done", "chikan", "summary", "--on", "2024-09-09", "--note", "粤政易", "-f", shipped)
    result = run("undo", "chikan", "summary", "--dry-run", "-f", shipped)
    assert result.exit_code == 0
    assert '-[units.chikan.progress.summary]\n-done = 2024-09-09\n-note = "粤政易"\n' in result.stdout
    assert "summary" in recorded(shipped)


def test_an_uneditable_record_is_explained(run: Run, shipped: Path) -> None:
    mutate(shipped, 'short = "赤坎区"\n', 'short = "赤坎区"\nprogress.summary.done = 2024-09-09\n')
    result = run("done", "chikan", "summary", "--on", "2024-09-10", "-f", shipped)
    assert result.exit_code == 1
    assert "原因：它是用点号键（如 progress.receipt.done = …）写在上级表格里的。" in result.stderr
    assert "cannot edit" not in result.stderr  # no English inside the Chinese message
    english = run("done", "chikan", "summary", "--on", "2024-09-10", "-f", shipped, "--lang", "en")
    assert "Details: cannot edit [units.chikan.progress.summary]: it is written with dotted keys" in english.stderr


def test_patched_applies_sets_and_removals_without_touching_the_original() -> None:
    from qmonth.edit.write import Edit, patched

    data = {"units": {"a": {"name": "A", "progress": {"t": {"done": 1, "note": "n"}, "u": {"done": 2}}}}}
    out = patched(
        data,
        [
            Edit(("units", "a", "progress", "t"), {"note": None, "evidence": ["x"]}),
            Edit(("units", "a", "progress", "u"), None),
            Edit(("units", "a", "progress", "gone"), None),  # removing what is not there is fine
            Edit(("units", "b", "progress", "t"), {"done": 3}),
        ],
    )
    assert out == {
        "units": {
            "a": {"name": "A", "progress": {"t": {"done": 1, "evidence": ["x"]}}},
            "b": {"progress": {"t": {"done": 3}}},
        }
    }
    assert data == {"units": {"a": {"name": "A", "progress": {"t": {"done": 1, "note": "n"}, "u": {"done": 2}}}}}


def test_an_edit_error_without_a_line_names_the_file() -> None:
    from qmonth.edit.write import Edit, UneditableError, edit_text

    with pytest.raises(UneditableError) as caught:
        edit_text('[units.a]\nname = "A"\n', [Edit(("units", "nowhere", "progress", "t"), {"done": 1})], Path("c.toml"))
    assert caught.value.params["where"] == "c.toml"
    assert caught.value.params["table"] == "units.nowhere.progress.t"
    # no layout to blame: no Chinese cause sentence, only the (English) details
    zh, en = caught.value.params["detail"]
    assert zh == "" and en.startswith("Details: cannot add [units.nowhere.progress.t]")


# ── write.apply itself: what it returns, and the paths the other tests do not reach ─────────────


def _receipt_on_0909(loaded: Any) -> list[Any]:
    from qmonth.edit.write import Edit

    return [Edit(("units", "chikan", "progress", "receipt"), {"done": dt.date(2024, 9, 9)})]


def test_apply_writes_by_default_and_says_what_it_wrote(shipped: Path) -> None:
    from qmonth.edit.write import Outcome, apply

    before = shipped.read_text(encoding="utf-8")
    out = apply(shipped, _receipt_on_0909)
    assert out == Outcome(before, shipped.read_text(encoding="utf-8"), written=True)
    assert out.changed and recorded(shipped) == {"receipt": {"done": dt.date(2024, 9, 9)}}


def test_a_dry_run_writes_nothing_and_shows_exactly_what_the_real_run_writes(shipped: Path) -> None:
    from qmonth.edit.write import Outcome, apply

    before = shipped.read_text(encoding="utf-8")
    inode = os.stat(shipped).st_ino
    dry = apply(shipped, _receipt_on_0909, dry_run=True)
    assert dry.written is False and dry.before == before and dry.changed
    assert shipped.read_text(encoding="utf-8") == before and os.stat(shipped).st_ino == inode
    assert apply(shipped, _receipt_on_0909) == Outcome(before, dry.after, written=True)
    assert shipped.read_text(encoding="utf-8") == dry.after


def test_a_plan_that_changes_nothing_leaves_the_file_alone(shipped: Path) -> None:
    from qmonth.edit.write import Outcome, apply

    before = shipped.read_text(encoding="utf-8")
    inode = os.stat(shipped).st_ino
    assert apply(shipped, lambda loaded: []) == Outcome(before, before, written=False)
    assert os.stat(shipped).st_ino == inode  # not even rewritten with the same text


def test_an_edit_that_would_make_the_file_invalid_is_refused_with_its_line(shipped: Path) -> None:
    from qmonth.core.errors import CampaignInvalid
    from qmonth.edit.write import Edit, apply, edit_text

    edits = [Edit(("units", "chikan", "progress", "receipt"), {"done": "someday"})]
    before = shipped.read_bytes()
    with pytest.raises(CampaignInvalid) as caught:
        apply(shipped, lambda loaded: edits)
    [problem] = caught.value.problems
    assert problem.key == "units.chikan.progress.receipt.done"
    # the line is that of the planned text, where the bad value would have been
    planned = edit_text(before.decode("utf-8"), edits, shipped).splitlines()
    assert problem.line is not None and planned[problem.line - 1] == 'done = "someday"'
    assert shipped.read_bytes() == before


def test_a_hand_edit_within_the_same_timestamp_is_still_seen(shipped: Path) -> None:
    """Same inode, size and modification time (a coarse clock, or a tool that restores it): the
    text itself is compared before the rename, so the hand edit is kept."""
    from qmonth.edit.write import apply

    text = shipped.read_text(encoding="utf-8")
    assert 'title = "' in text
    calls: list[int] = []

    def plan(loaded: Any) -> list[Any]:
        calls.append(1)
        if len(calls) == 1:  # the edit lands after qmonth read the file
            info = os.stat(shipped)
            with open(shipped, "r+", encoding="utf-8") as fh:  # in place: same inode
                fh.write(text.replace('title = "', 'title = "', 1).replace("质量月", "质量日", 1))
            os.utime(shipped, ns=(info.st_atime_ns, info.st_mtime_ns))
            assert os.stat(shipped).st_size == info.st_size
        return _receipt_on_0909(loaded)

    out = apply(shipped, plan)
    assert out.written and len(calls) == 2  # planned again from the edited text
    assert "质量日" in shipped.read_text(encoding="utf-8")
    assert recorded(shipped) == {"receipt": {"done": dt.date(2024, 9, 9)}}


def test_an_editor_saving_the_same_text_as_a_new_file_keeps_the_new_files_mode(shipped: Path) -> None:
    """An editor that saves by replacing (a new inode, here made private): the new file is the one
    locked again and written, with its mode."""
    from qmonth.edit.write import apply

    text = shipped.read_text(encoding="utf-8")
    calls: list[int] = []

    def plan(loaded: Any) -> list[Any]:
        calls.append(1)
        if len(calls) == 1:
            saved = shipped.with_name("campaign.toml~")
            saved.write_text(text, encoding="utf-8")
            saved.chmod(0o600)
            os.replace(saved, shipped)
        return _receipt_on_0909(loaded)

    assert apply(shipped, plan).written and len(calls) == 2
    assert stat.S_IMODE(os.stat(shipped).st_mode) == 0o600
    assert recorded(shipped) == {"receipt": {"done": dt.date(2024, 9, 9)}}


def test_without_flock_a_lock_file_beside_the_campaign_is_used(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no fcntl: the write takes filelock's lock file instead, and still re-checks the
    text before the rename."""
    import sys

    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` now fails, as on Windows
    shipped.chmod(0o640)
    locks: list[bool] = []
    plan: Callable[..., Any] = record.done

    def done_under_lock(*args: Any, **kwargs: Any) -> Any:
        locks.append(shipped.with_name(".campaign.toml.lock").exists())
        return plan(*args, **kwargs)

    monkeypatch.setattr(record, "done", done_under_lock)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # filelock: "only soft file lock is available"
        result = run("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert locks == [True]  # planned while the lock file was held
    assert recorded(shipped) == {"summary": {"done": dt.date(2024, 9, 9)}}
    assert stat.S_IMODE(os.stat(shipped).st_mode) == 0o640


def test_a_failed_write_through_a_symlink_names_the_path_given(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import SHIPPED

    real = tmp_path / "repo" / "2024.toml"
    real.parent.mkdir()
    real.write_bytes(SHIPPED.read_bytes())
    link = tmp_path / "campaign.toml"
    link.symlink_to(real)
    renames(monkeypatch, fail=OSError(28, "No space left on device"))
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", link)
    assert result.exit_code == 3, result.output
    assert result.stderr == f"无法写入 {link}：磁盘空间已满，请腾出空间后重试。文件未被修改。\n"
    assert real.read_bytes() == SHIPPED.read_bytes()


def test_an_office_file_written_over_keeps_its_mode(run: Run, shipped: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    assert run("export", "xlsx", "-f", shipped, "--today", "2024-09-20", "-o", out).exit_code == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644 & ~_umask()
    out.chmod(0o600)  # the coordinator made it private
    first = out.read_bytes()
    assert run("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped).exit_code == 0
    assert run("export", "xlsx", "-f", shipped, "--today", "2024-09-20", "-o", out).exit_code == 0
    assert out.read_bytes() != first and stat.S_IMODE(os.stat(out).st_mode) == 0o600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Ctrl-C (or any exception that is not an OSError) between writing and renaming: the file is
    as it was, the interruption goes on up, and no temporary file is left."""
    from qmonth.edit.write import atomic_write_bytes

    target = tmp_path / "campaign.toml"
    target.write_bytes(b"old\n")

    def interrupted() -> bool:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, b"new\n", before_replace=interrupted)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["campaign.toml"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the file to another user")
@pytest.mark.parametrize("group_too", [False, True])
def test_a_writer_who_may_not_give_the_file_away_keeps_its_group_if_it_can(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch, group_too: bool
) -> None:
    """A member of the file's group (not its owner) writes it: the owner cannot be kept, the group
    is (chown to the group alone is allowed); when even that is refused, the write still lands."""
    import qmonth.edit.write as w

    os.chown(shipped, 4321, 4322)
    shipped.chmod(0o664)
    real = os.chown
    calls: list[tuple[int, int]] = []

    def chown(path: Any, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        if uid != -1 or group_too:
            raise PermissionError(1, "Operation not permitted")
        real(path, uid, gid)

    monkeypatch.setattr(w.os, "chown", chown)
    result = run("done", "chikan", "summary", "--on", "2024-09-09", "--today", "2024-09-20", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert calls == [(4321, 4322), (-1, 4322)]
    info = os.stat(shipped)
    assert (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid() if group_too else 4322)
    assert stat.S_IMODE(info.st_mode) == 0o664
    assert recorded(shipped) == {"summary": {"done": dt.date(2024, 9, 9)}}
