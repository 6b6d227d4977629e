"""How a write reaches the disk, through the CLI: atomically, keeping mode and owner, never over a
change made on disk meanwhile."""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qmonth import record
from tests.conftest import Run

OUTSIDE = "# saved from an editor while qmonth was working\n"


def recorded(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"]["chikan"].get("progress", {})


def test_a_write_replaces_the_file_and_a_reader_never_sees_a_partial_one(run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    inode = os.stat(shipped).st_ino
    with shipped.open("rb") as reader:  # a reader in the middle of reading the file
        head = reader.read(1000)
        result = run("done", "chikan", "receipt", "--on", "2024-09-09", "-f", shipped)
        assert result.exit_code == 0, result.output
        # it finishes reading the file it began: the old one, whole (an in-place write would have
        # truncated it under the reader, which then sees a mix, a short file or nothing)
        assert head + reader.read() == before
    assert os.stat(shipped).st_ino != inode  # a new file was renamed over the old one
    after = shipped.read_bytes()
    assert after != before and tomllib.loads(after.decode("utf-8"))  # whole and valid
    assert recorded(shipped) == {"receipt": {"done": dt.date(2024, 9, 9)}}
    # the temporary file was renamed, not left behind; no lock file either (the campaign itself is locked)
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["campaign.toml"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o444 | 0o200])
def test_a_write_keeps_the_file_mode(run: Run, shipped: Path, mode: int) -> None:
    shipped.chmod(mode)
    assert run("done", "chikan", "receipt", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    assert "receipt" in recorded(shipped)
    assert stat.S_IMODE(os.stat(shipped).st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_write_keeps_the_file_owner_and_group(run: Run, shipped: Path) -> None:
    os.chown(shipped, 4242, 4343)  # e.g. the service account that owns the campaign repository
    assert run("done", "chikan", "receipt", "--on", "2024-09-09", "-f", shipped).exit_code == 0
    assert "receipt" in recorded(shipped)
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
    result = run("done", "chikan", "receipt", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert len(calls) == 2  # the change was seen, and the edit computed again from the new text
    text = shipped.read_text(encoding="utf-8")
    assert OUTSIDE.replace("\n", " #1\n") in text  # the editor's change is not lost
    assert "receipt" in recorded(shipped)  # nor qmonth's


def test_a_file_that_keeps_changing_is_left_alone(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editing_meanwhile(monkeypatch, shipped, times=100)
    result = run("done", "chikan", "receipt", "--on", "2024-09-09", "-f", shipped)
    assert result.exit_code == 4, result.output
    assert "campaign.toml" in result.stderr
    text = shipped.read_text(encoding="utf-8")
    assert text.endswith(OUTSIDE.replace("\n", " #3\n"))  # the last outside save stands, untouched
    assert "receipt" not in recorded(shipped)
