"""Reading a campaign file, function by function (qmonth/core/store.py): finding it (--file, the
environment, qmonth.toml, campaign.toml up the folders), reading only regular files within the size
limit, standard input, `--at` with a month/day, and the located TOML problems. In-process, so that
mutation testing reaches every branch (the CLI paths are in test_store.py and test_bad_input.py)."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from qmonth.core import store
from qmonth.core.errors import CampaignInvalid, FileError, Problem, UsageError

from .conftest import SHIPPED

# ── finding the file ──────────────────────────────────────────────────────────


def test_find_file_prefers_the_option_then_the_environment(tmp_path: Path) -> None:
    (tmp_path / "campaign.toml").write_text("", encoding="utf-8")
    assert store.find_file(Path("given.toml"), "env.toml", tmp_path) == Path("given.toml")
    assert store.find_file(None, "env.toml", tmp_path) == Path("env.toml")
    assert store.find_file(None, "", tmp_path) == (tmp_path / "campaign.toml").resolve()
    assert store.find_file(None, None, tmp_path) == (tmp_path / "campaign.toml").resolve()


def test_find_file_takes_the_nearest_folder_and_qmonth_toml_first(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "campaign.toml").write_text("", encoding="utf-8")
    assert store.find_file(None, None, deep) == (tmp_path / "campaign.toml").resolve()
    (tmp_path / "a" / "campaign.toml").write_text("", encoding="utf-8")
    assert store.find_file(None, None, deep) == (tmp_path / "a" / "campaign.toml").resolve()
    (tmp_path / "a" / "campaign-2025.toml").write_text("", encoding="utf-8")
    (tmp_path / "a" / "qmonth.toml").write_text('campaign = "campaign-2025.toml"\n', encoding="utf-8")
    assert store.find_file(None, None, deep) == (tmp_path / "a" / "campaign-2025.toml").resolve()
    (deep / "campaign.toml").mkdir()  # a folder of that name is not the campaign
    assert store.find_file(None, None, deep) == (tmp_path / "a" / "campaign-2025.toml").resolve()


def test_find_file_uses_the_current_folder_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "campaign.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert store.find_file(None) == (tmp_path / "campaign.toml").resolve()


def test_find_file_without_any_file_is_an_error(tmp_path: Path) -> None:
    if any((p / "campaign.toml").is_file() or (p / "qmonth.toml").is_file() for p in tmp_path.resolve().parents):
        pytest.skip("a campaign above the temporary folder")
    with pytest.raises(FileError) as caught:
        store.find_file(None, None, tmp_path)
    assert caught.value.code == "no_campaign_file" and caught.value.exit_code == 3


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ('campaign = "x.toml"\nyear = 2025\nabc = 1\n', "unknown key abc"),
        ("campaign = 2025\n", "campaign"),
        ('campaign = "  "\n', "campaign"),
        ("name = 'x.toml'\n", "unknown key name"),
    ],
)
def test_a_project_file_that_is_not_campaign_equals_name_is_refused(tmp_path: Path, text: str, detail: str) -> None:
    project = tmp_path / "qmonth.toml"
    project.write_text(text, encoding="utf-8")
    with pytest.raises(FileError) as caught:
        store.project_campaign(project)
    assert caught.value.code == "project_file_bad"
    assert caught.value.params == {"path": project, "detail": detail}


def test_a_project_file_that_is_not_toml_says_why(tmp_path: Path) -> None:
    project = tmp_path / "qmonth.toml"
    project.write_text("campaign = \n", encoding="utf-8")
    with pytest.raises(FileError) as caught:
        store.project_campaign(project)
    assert caught.value.code == "project_file_bad" and caught.value.params["path"] == project
    assert "line 1" in str(caught.value.params["detail"])


def test_a_project_file_names_a_file_beside_it(tmp_path: Path) -> None:
    project = tmp_path / "qmonth.toml"
    project.write_text('\ufeffcampaign = "campaign-2025.toml"\n', encoding="utf-8")  # a BOM is fine
    with pytest.raises(FileError) as caught:
        store.project_campaign(project)
    assert caught.value.code == "project_file_missing"
    assert caught.value.params == {"path": project, "name": "campaign-2025.toml"}
    (tmp_path / "campaign-2025.toml").mkdir()  # a folder is not a file
    with pytest.raises(FileError):
        store.project_campaign(project)
    (tmp_path / "campaign-2025.toml").rmdir()
    (tmp_path / "campaign-2025.toml").write_text("", encoding="utf-8")
    assert store.project_campaign(project) == tmp_path / "campaign-2025.toml"


def test_a_project_file_is_read_up_to_64_kb(tmp_path: Path) -> None:
    project = tmp_path / "qmonth.toml"
    project.write_text('campaign = "c.toml"\n' + "#" * (64 * 1024), encoding="utf-8")
    with pytest.raises(FileError) as caught:
        store.project_campaign(project)
    assert caught.value.code == "file_too_big" and caught.value.params["limit"] == 64 * 1024


# ── reading: regular files only, bounded ──────────────────────────────────────


def test_open_regular_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    for path, code in (
        (tmp_path / "missing.toml", "file_not_found"),
        (tmp_path, "file_is_folder"),
        (Path("/dev/null"), "file_not_regular"),
    ):
        with pytest.raises(FileError) as caught:
            store.open_regular(path)
        assert caught.value.code == code and caught.value.params["path"] == path


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    import threading
    import time

    fifo = tmp_path / "campaign.toml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer() -> None:  # after a second, a writer: a blocking open returns then (and the test fails) instead of hanging
        stop.wait(1.0)
        while not stop.is_set():
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # no reader yet
                stop.wait(0.05)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        before = len(os.listdir("/dev/fd"))
        started = time.monotonic()
        with pytest.raises(FileError) as caught:
            store.read_bytes(fifo)
        assert time.monotonic() - started < 1.0
    finally:
        stop.set()
        thread.join()
    assert caught.value.code == "file_not_regular"
    assert len(os.listdir("/dev/fd")) == before  # closed


def test_open_regular_says_why_a_file_cannot_be_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmonth.core.errors import os_reason

    path = tmp_path / "campaign.toml"
    path.write_text("", encoding="utf-8")
    denied = PermissionError(errno.EACCES, "Permission denied")

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise denied

    monkeypatch.setattr(store.os, "open", refuse)
    with pytest.raises(FileError) as caught:
        store.open_regular(path)
    assert caught.value.code == "file_unreadable"
    assert caught.value.params == {"path": path, "reason": os_reason(denied)}


def test_read_bytes_reads_all_of_a_big_file_and_the_limit_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    data = bytes(range(256)) * (10 * 1024)  # 2.5 MB: read in several chunks
    path.write_bytes(data)
    assert store.read_bytes(path) == data
    assert store.read_bytes(path, limit=len(data)) == data
    with pytest.raises(FileError) as caught:
        store.read_bytes(path, limit=len(data) - 1)
    assert caught.value.code == "file_too_big" and caught.value.params == {"path": path, "limit": len(data) - 1}


def test_a_file_that_grows_while_being_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "campaign.toml"
    path.write_bytes(b"x" * 100)
    real = os.fstat

    def small(fd: int) -> os.stat_result:  # the size it had when opened
        s = real(fd)
        return os.stat_result((s.st_mode, s.st_ino, s.st_dev, s.st_nlink, s.st_uid, s.st_gid, 10, 0, 0, 0))

    monkeypatch.setattr(store.os, "fstat", small)
    assert store.read_bytes(path, limit=100) == b"x" * 100
    for limit in (99, 50):
        with pytest.raises(FileError) as caught:
            store.read_bytes(path, limit=limit)
        assert caught.value.code == "file_too_big" and caught.value.params["limit"] == limit


def test_a_read_error_is_a_file_error_with_its_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmonth.core.errors import os_reason

    path = tmp_path / "campaign.toml"
    path.write_bytes(b"x")
    failed = OSError(errno.EIO, "Input/output error")

    def broken(fd: int, n: int) -> bytes:
        raise failed

    monkeypatch.setattr(store.os, "read", broken)
    before = len(os.listdir("/dev/fd"))
    with pytest.raises(FileError) as caught:
        store.read_bytes(path)
    assert caught.value.code == "file_unreadable"
    assert caught.value.params == {"path": path, "reason": os_reason(failed)}
    assert len(os.listdir("/dev/fd")) == before


def test_open_regular_opens_read_only_without_blocking_and_not_inherited(tmp_path: Path) -> None:
    import fcntl

    path = tmp_path / "campaign.toml"
    path.write_bytes(b"x = 1\n")
    fd, info = store.open_regular(path)
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        assert flags & os.O_ACCMODE == os.O_RDONLY
        assert flags & os.O_NONBLOCK  # a FIFO would not block either
        assert fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC  # not passed on to git or an editor
        assert (info.st_ino, info.st_size) == (os.stat(path).st_ino, 6)
        assert os.read(fd, 100) == b"x = 1\n"
    finally:
        os.close(fd)


def test_open_regular_without_those_flags_still_opens_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    path = tmp_path / "campaign.toml"
    path.write_bytes(b"x = 1\n")
    monkeypatch.delattr(os, "O_NONBLOCK")  # as on Windows: the flags are left out, nothing else changes
    monkeypatch.delattr(os, "O_CLOEXEC")
    fd, _ = store.open_regular(path)
    try:
        assert fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY  # still read-only
        assert os.read(fd, 100) == b"x = 1\n"
    finally:
        os.close(fd)


def test_open_regular_closes_what_it_refuses(tmp_path: Path) -> None:
    before = sorted(os.listdir("/dev/fd"))
    for path in (tmp_path, Path("/dev/null")):
        with pytest.raises(FileError):
            store.open_regular(path)
    assert sorted(os.listdir("/dev/fd")) == before


def test_a_file_that_grows_past_the_limit_over_several_chunks_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "campaign.toml"
    mib = 1 << 20
    path.write_bytes(b"x" * (3 * mib))
    real = os.fstat

    def small(fd: int) -> os.stat_result:  # the size it had when opened
        s = real(fd)
        return os.stat_result((s.st_mode, s.st_ino, s.st_dev, s.st_nlink, s.st_uid, s.st_gid, 10, 0, 0, 0))

    asked: list[int] = []
    read = os.read

    def counted(fd: int, n: int) -> bytes:
        asked.append(n)
        return read(fd, n)

    monkeypatch.setattr(store.os, "fstat", small)
    monkeypatch.setattr(store.os, "read", counted)
    for limit in (2 * mib + 100, 3 * mib - 1):
        asked.clear()
        with pytest.raises(FileError) as caught:
            store.read_bytes(path, limit=limit)
        assert caught.value.code == "file_too_big" and caught.value.params == {"path": path, "limit": limit}
        assert asked == [mib, mib, limit + 1 - 2 * mib]  # a megabyte at a time, never past one byte over the limit
    asked.clear()
    assert store.read_bytes(path, limit=3 * mib) == b"x" * (3 * mib)  # grown, but not past the limit
    assert asked == [mib, mib, mib, 1]  # the last read finds the end
    assert store.read_bytes(path, limit=None) == b"x" * (3 * mib)  # the default limit: 64 MB


def test_decode_names_the_line_that_is_not_utf8() -> None:
    assert store.decode("\ufeff标题".encode(), "x.toml") == "标题"
    with pytest.raises(CampaignInvalid) as caught:
        store.decode(b"a = 1\nb = 2\nc = '\xff'\n", Path("x.toml"))
    assert caught.value.path == "x.toml"
    assert caught.value.problems == [Problem("not_utf8", line=3)]


def test_read_text_and_peek_language(tmp_path: Path) -> None:
    path = tmp_path / "campaign.toml"
    path.write_text('[campaign]\n  language = "en"\n', encoding="utf-8")
    assert store.read_text(path) == '[campaign]\n  language = "en"\n'
    assert store.peek_language(path) == "en"
    assert store.peek_language(str(path)) == "en"
    path.write_bytes(b"[campaign]\nlanguage = 'zh'\ntitle = '\xff'\n")  # not UTF-8: still peeked
    assert store.peek_language(path) == "zh"
    path.write_text('[campaign]\ntitle = "x"  # language = "en"\n', encoding="utf-8")
    assert store.peek_language(path) is None
    assert store.peek_language(tmp_path / "missing.toml") is None
    assert store.peek_language(tmp_path) is None


# ── standard input ────────────────────────────────────────────────────────────


class _Stdin(io.StringIO):
    def __init__(self, data: bytes | str, tty: bool = False, binary: bool = True) -> None:
        super().__init__(data if isinstance(data, str) else "")
        self._tty = tty
        if binary:
            self.buffer = io.BytesIO(data if isinstance(data, bytes) else data.encode("utf-8"))

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize("stdin", [None, _Stdin(b"a = 1", tty=True)])
def test_stdin_that_is_a_terminal_or_missing_is_refused(monkeypatch: pytest.MonkeyPatch, stdin: Any) -> None:
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(UsageError) as caught:
        store.read_stdin()
    assert caught.value.code == "stdin_is_terminal"


def test_stdin_is_read_as_bytes_or_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin("\ufeff标题 = 1\n".encode()))
    assert store.read_stdin() == "标题 = 1\n"
    monkeypatch.setattr(sys, "stdin", _Stdin("标题 = 2\n", binary=False))
    assert store.read_stdin() == "标题 = 2\n"


def test_stdin_empty_too_big_or_not_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b" \n\t\n"))
    with pytest.raises(FileError) as empty:
        store.read_stdin()
    assert empty.value.code == "stdin_empty"
    monkeypatch.setattr(store, "READ_MAX_BYTES", 10)
    monkeypatch.setattr(sys, "stdin", _Stdin(b"a = 123456"))
    assert store.read_stdin() == "a = 123456"  # exactly the limit
    for stdin in (_Stdin(b"a = 1234567"), _Stdin("a = 1234567", binary=False)):
        monkeypatch.setattr(sys, "stdin", stdin)
        with pytest.raises(FileError) as big:
            store.read_stdin()
        assert big.value.code == "file_too_big" and big.value.params == {"path": "<stdin>", "limit": 10}
    monkeypatch.setattr(sys, "stdin", _Stdin(b"a\nb\xff"))
    with pytest.raises(CampaignInvalid) as bad:
        store.read_stdin()
    assert bad.value.path == "<stdin>" and bad.value.problems == [Problem("not_utf8", line=2)]


def test_load_reads_stdin_with_evidence_relative_to_the_current_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", _Stdin(SHIPPED.read_bytes()))
    loaded = store.load(store.STDIN)
    assert loaded.path == Path("<stdin>") and loaded.folder == tmp_path and loaded.base == tmp_path
    assert not loaded.writable and loaded.text == SHIPPED.read_text(encoding="utf-8")
    assert loaded.data["campaign"]["title"] == loaded.campaign.campaign.title
    with pytest.raises(UsageError) as caught:
        store.load(store.STDIN, at="HEAD")
    assert caught.value.code == "at_with_stdin"


def test_load_reads_a_file_writable_with_its_folder_as_base() -> None:
    loaded = store.load(SHIPPED)
    assert loaded.path == SHIPPED and loaded.base == SHIPPED.parent and loaded.writable and loaded.folder is None
    assert loaded.revision is None and loaded.data["units"]["chikan"]["short"] == "赤坎区"


@pytest.mark.parametrize(
    ("text", "code"),
    [(b"[campaign\n", "toml_syntax"), (b"[campaign]\ntitle = 5\n", "wrong_type")],
)
def test_load_names_stdin_in_the_problems_of_what_it_read(monkeypatch: pytest.MonkeyPatch, text: bytes, code: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(text))
    with pytest.raises(CampaignInvalid) as caught:
        store.load(store.STDIN)
    assert caught.value.path == "<stdin>" and caught.value.problems[0].code == code


def _git(top: Path, *args: str, when: str | None = None) -> str:
    import subprocess

    from tests.conftest import GIT_ENV

    env = {**os.environ, **GIT_ENV, **({"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {})}
    return subprocess.run(["git", "-C", str(top), *args], env=env, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A campaign folder in git: a file that did not parse (9-05), a valid one (9-10), one whose
    evidence went through a link that then led out of the folder (9-25); on disk, the shipped file
    and `link` a folder of its own."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    top = tmp_path_factory.mktemp("history")
    _git(top, "init", "-q", "-b", "main")
    shipped = SHIPPED.read_text(encoding="utf-8")
    escaping = shipped + '\n[units.chikan.progress.receipt]\ndone = 2024-09-08\nevidence = ["link/hostname"]\n'
    commits = []
    for text, when in (
        ("[campaign\n", "2024-09-05T12:00:00+08:00"),
        (shipped.replace('title = "2024年', 'title = "旧：2024年', 1), "2024-09-10T12:00:00+08:00"),
        (escaping, "2024-09-25T12:00:00+08:00"),
    ):
        (top / "campaign.toml").write_text(text, encoding="utf-8")
        if text is escaping:
            (top / "link").symlink_to("/etc")
        _git(top, "add", "-A")
        _git(top, "commit", "-qm", "v", when=when)
        commits.append(_git(top, "rev-parse", "HEAD")[:12])
    (top / "link").unlink()
    (top / "link").mkdir()
    (top / "link" / "hostname").write_text("x\n", encoding="utf-8")
    (top / "campaign.toml").write_text(escaping, encoding="utf-8")
    return {"top": top, "commits": commits}


def test_load_at_a_revision_reads_the_file_and_folder_of_then(history: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    top, commits = history["top"], history["commits"]
    monkeypatch.chdir(top)
    path = top / "campaign.toml"
    assert store.load(path).campaign.units["chikan"].progress["receipt"].evidence == ["link/hostname"]  # on disk: inside
    loaded = store.load(path, at="9月12日")  # a month/day in the working file's span: the commit of 9-10
    name = Path(f"{commits[1]}:campaign.toml")
    assert loaded.path == name and loaded.revision is not None and loaded.revision.day == dt.date(2024, 9, 12)
    assert loaded.text.startswith(SHIPPED.read_text(encoding="utf-8").split('title = "', 1)[0])
    assert loaded.campaign.campaign.title.startswith("旧：") and loaded.data["campaign"]["title"].startswith("旧：")
    assert loaded.folder is loaded.revision.folder and loaded.base is loaded.folder and not loaded.writable
    with pytest.raises(CampaignInvalid) as caught:  # the link led out of the folder then
        store.load(path, at="HEAD")
    assert caught.value.path == "HEAD:campaign.toml"  # as git names a file at a revision
    assert [(p.code, p.key) for p in caught.value.problems] == [("evidence_escape", "units.chikan.progress.receipt.evidence.0")]
    with pytest.raises(CampaignInvalid) as bad:  # what did not parse then is named by its revision
        store.load(path, at=commits[0])
    assert bad.value.path == f"{commits[0]}:campaign.toml" and bad.value.problems[0].code == "toml_syntax"


def test_load_at_a_revision_reads_no_more_than_the_limit(history: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "READ_MAX_BYTES", 100)
    with pytest.raises(FileError) as caught:
        store.load(history["top"] / "campaign.toml", at="HEAD")
    assert caught.value.code == "file_too_big" and caught.value.params["limit"] == 100


# ── --at with a month/day ─────────────────────────────────────────────────────


def test_at_a_month_day_is_read_inside_the_campaign_span(tmp_path: Path) -> None:
    assert store._at_day(SHIPPED, "9月20日") == "2024-09-20"
    assert store._at_day(SHIPPED, "HEAD~2") == "HEAD~2"
    assert store._at_day(tmp_path / "missing.toml", "2024-09-20") == "2024-09-20"  # not read at all


@pytest.mark.parametrize(("text", "code"), [("3月1日", "option_outside_span"), ("2月30日", "date_impossible_option")])
def test_at_a_month_day_outside_the_span_or_impossible(text: str, code: str) -> None:
    with pytest.raises(UsageError) as caught:
        store._at_day(SHIPPED, text)
    assert caught.value.code == code
    assert caught.value.params["option"] == "--at" and caught.value.params["text"] == text
    if code == "option_outside_span":
        assert (caught.value.params["low"], caught.value.params["high"]) == ("2024-09-01", "2025-01-28")


def test_at_a_month_day_needs_a_campaign_that_loads(tmp_path: Path) -> None:
    bad = tmp_path / "campaign.toml"
    bad.write_text("[campaign\n", encoding="utf-8")
    for path in (bad, tmp_path / "missing.toml"):
        with pytest.raises(UsageError) as caught:
            store._at_day(path, "9月20日")
        assert caught.value.code == "at_needs_year" and caught.value.params == {"text": "9月20日"}


# ── located TOML problems ─────────────────────────────────────────────────────


def _problems(text: str) -> list[Problem]:
    with pytest.raises(CampaignInvalid) as caught:
        store.parse_toml(text, Path("campaign.toml"))
    assert caught.value.path == "campaign.toml"
    return caught.value.problems


def test_bad_dates_are_named_with_the_fix() -> None:
    text = '[campaign]\nstart = 2024-9-7\nend = 2024-13-07\nx = "2024-13-07"\ny = 2024-09-07 # 2024-13-01\n'
    assert store._bad_date_on_line(text, 2) == ("toml_date_digits", "2024-9-7", "2024-09-07")
    assert store._bad_date_on_line(text, 3) == ("toml_no_such_date", "2024-13-07", "")
    for line in (None, 0, 1, 4, 5, 6, 99):
        assert store._bad_date_on_line(text, line) is None
    assert store._bad_date_on_line("a = 2024-09-7T08:00\n", 1) == ("toml_date_digits", "2024-09-7", "2024-09-07")
    assert store._bad_date_on_line("a = 2024-9-07\n", 1) == ("toml_date_digits", "2024-9-07", "2024-09-07")
    assert store._bad_date_on_line("a = 'x' # 2024-13-07\n", 1) is None
    assert store._bad_date_on_line("a = 2024-13-07 # 'quote\n", 1) == ("toml_no_such_date", "2024-13-07", "")
    assert store._bad_date_on_line('a = "x\n', 1) is None  # an unclosed quote is the problem
    assert store._bad_date_on_line("a = 2024-09-07\nb = 2024-02-30\n", 2) == ("toml_no_such_date", "2024-02-30", "")
    [p] = _problems("[campaign]\nstart = 2024-9-7\n")
    assert (p.code, p.key, p.line, p.params) == ("toml_date_digits", "start", 2, {"text": "2024-9-7", "fixed": "2024-09-07"})
    [p] = _problems("[campaign]\nend = 2024-02-30\n")
    assert (p.code, p.key, p.line) == ("toml_no_such_date", "end", 2)


def test_duplicate_keys_and_tables_are_named() -> None:
    [p] = _problems("[units.chikan]\na = 1\n\n[units.chikan]\nb = 2\n")
    assert (p.code, p.key, p.line) == ("duplicate_key", "units.chikan", 4)
    [p] = _problems("[campaign]\ntitle = 'a'\ntitle = 'b'\n")
    assert (p.code, p.key, p.line) == ("duplicate_key", "title", 3)
    assert store._declared("('units', 'chikan')") == "units.chikan"
    assert store._declared("('a.b', '')") == '"a.b".""'
    assert store._declared("(x") == "" and store._declared("'a'") == ""


def test_a_syntax_error_keeps_tomllib_s_words_without_the_position() -> None:
    [p] = _problems("[campaign]\ntitle = 'a'\nstart = = 1\n")
    assert (p.code, p.key, p.line) == ("toml_syntax", "", 3)
    assert "line" not in p.params["detail"] and p.params["detail"]
    [p] = _problems("[campaign]\nstart = 2024-09-07T25:00:00\n")
    assert p.line == 2 and p.code in ("toml_bad_date", "toml_syntax")


def test_a_truncated_file_is_located_at_its_last_line() -> None:
    [p] = _problems("[campaign]\n\n\ntitle = ")
    assert (p.code, p.line) == ("toml_syntax", 4)
    assert "end of document" not in p.params["detail"]


def test_the_deepest_line_and_the_huge_number_line() -> None:
    assert store._deepest_line("a = 1\n[x.y.z]\nb = [[1]]\n[p]\n") == 2
    assert store._deepest_line("a = 1\nb = [[{x = 1}]]\n[x.y]\n") == 2
    assert store._deepest_line("") is None
    assert store._huge_number_line("a = 1\nb = " + "9" * 4001) == 2
    assert store._huge_number_line("a = " + "9" * 3999) is None


def test_nesting_is_measured_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "MAX_DEPTH", 3)
    assert store.parse_toml("a = [[1]]\n", "x.toml") == {"a": [[1]]}  # 3 levels: the file, a, its array
    [p] = _problems("x = 1\na = [[[1]]]\n")
    assert (p.code, p.line) == ("toml_too_deep", 2)
    [p] = _problems("x = 1\n[a.b]\nc = {d = 1}\n")
    assert (p.code, p.line) == ("toml_too_deep", 2)


def test_a_key_on_a_line() -> None:
    assert store._key_on_line("a = 1\n  b.c = 2 = 3\n", 2) == "b.c"
    assert store._key_on_line("a = 1\n", 1) == "a"
    assert store._key_on_line("a = 1\n", 3) == ""
    assert store._key_on_line("a = 1", 2) == ""
    assert store._key_on_line("a = 1\fb = 2\nc = 3\n", 2) == "c"  # lines as TOML counts them
    assert store._key_on_line("a = 1\n", None) == "" and store._key_on_line("a = 1\n", 0) == ""


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("a.b", ("a", "b")),
        ('units."a.b".name', ("units", "a.b", "name")),
        ('"a\\"b".c', ('a"b', "c")),
        ('"\\x".c', ('"\\x"', "c")),  # not a JSON string: split at the dots
        ('a."b', ("a", '"b')),
        ('"a".', ("a", "")),
        ('"a"', ("a",)),
    ],
)
def test_key_path_is_the_inverse_of_dotted(key: str, path: tuple[str, ...]) -> None:
    assert store.key_path(key) == path


def test_locate_all_fills_in_lines_from_keys() -> None:
    text = '[campaign]\ntitle = "x"\n\n[units.chikan]\nname = "赤坎"\n'
    found = store.locate_all(text, [Problem("a", "units.chikan.name"), Problem("b", "units.chikan", 9), Problem("c", "")])
    assert [p.line for p in found] == [5, 9, None]
    empty: list[Problem] = []
    assert store.locate_all(text, empty) is empty


# ── the year and spans month/day dates are read against ──────────────────────


def test_the_campaign_year() -> None:
    assert store._campaign_year({"campaign": {"start": dt.date(2024, 9, 1), "issued": dt.date(2023, 1, 1)}}) == 2024
    assert store._campaign_year({"campaign": {"start": "  2024-09-01"}}) == 2024
    assert store._campaign_year({"campaign": {"start": "九月", "issued": "x", "end": "2025年1月"}}) == 2025
    assert store._campaign_year({"campaign": {"issued": dt.date(2023, 8, 1)}}) == 2023
    assert store._campaign_year({"campaign": {"start": 5}}) is None
    assert store._campaign_year({"campaign": []}) is None
    assert store._campaign_year({}) is None


def test_the_context_has_spans_only_for_a_sensible_campaign() -> None:
    camp = {"title": "t", "start": dt.date(2024, 9, 1), "end": dt.date(2024, 9, 30)}
    context = store._context({"campaign": camp})
    assert context["year"] == 2024 and set(context) == {"year", "deadline_span", "done_span", "span"}
    assert context["span"][0] == dt.date(2024, 9, 1)
    assert store._context({"campaign": {**camp, "remind_until": "not a date"}})["span"] == context["span"]
    assert store._context({"campaign": {**camp, "end": dt.date(2024, 8, 1)}}) == {"year": 2024}
    assert store._context({"campaign": {**camp, "start": dt.date(1899, 9, 1)}}) == {"year": 1899}
    assert store._context({"campaign": {**camp, "end": dt.date(2101, 9, 1)}}) == {"year": 2024}
    assert set(store._context({"campaign": {**camp, "start": dt.date(1900, 9, 1), "end": dt.date(2100, 9, 1)}})) == {
        "year",
        "deadline_span",
        "done_span",
        "span",
    }
    assert store._context({"campaign": {"title": 5}}) == {"year": None}
    assert store._context({"campaign": "x"}) == {"year": None}


def test_a_one_day_campaign_has_its_spans() -> None:
    from qmonth.core.model import CampaignInfo

    day = dt.date(2024, 9, 10)
    camp = {"title": "t", "start": day, "end": day, "issued": dt.date(2024, 9, 7)}
    info = CampaignInfo.model_validate(camp, context={"year": 2024})
    assert store._context({"campaign": camp}) == {
        "year": 2024,
        "deadline_span": info.deadline_span,
        "done_span": info.done_span,
        "span": info.span,
    }
    assert info.deadline_span[0] == dt.date(2024, 9, 7) and info.done_span[0] == dt.date(2024, 9, 7)
    assert info.deadline_span[1] > day and info.span[1] > info.done_span[1]  # three different spans


# ── more edges of the located problems (each checked against a mutant that survived) ──


def test_the_deepest_line_counts_headers_indented_and_inline_tables() -> None:
    assert store._deepest_line("a = [1]\n") == 1
    assert store._deepest_line("x = [1]\n  [a.b]\n") == 2  # an indented header
    assert store._deepest_line("[a]\nx = [[1]]\n") == 2
    assert store._deepest_line("[a]\nx = {a = {b = 1}}\n") == 2


def test_bad_dates_next_to_strings_and_comments() -> None:
    assert store._bad_date_on_line("a = 2024-9-7", 1) == ("toml_date_digits", "2024-9-7", "2024-09-07")  # the last line
    assert store._bad_date_on_line('d = ["a"2024-13-07]', 1) == ("toml_no_such_date", "2024-13-07", "")
    assert store._bad_date_on_line('a = "#x", 2024-13-07', 1) == ("toml_no_such_date", "2024-13-07", "")
    assert store._bad_date_on_line("a = 1 # 2024-13-07 # y", 1) is None
    assert store._bad_date_on_line("a = 'x 2024-13-07", 1) is None  # an unclosed quote is the problem


def test_the_huge_number_line_counts_only_the_lines_above() -> None:
    assert store._huge_number_line("a = 1\nb = " + "9" * 4001 + "\nc = 2\n") == 2
    assert store._huge_number_line("\nb = " + "9" * 4001) == 2


def test_a_key_on_the_last_line_and_without_spaces() -> None:
    assert store._key_on_line("x=1", 1) == "x"
    assert store._key_on_line("a = 1\nb = 2", 2) == "b"


def test_a_project_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    project = tmp_path / "qmonth.toml"
    project.write_bytes(b'campaign = "\xff.toml"\n')
    with pytest.raises(CampaignInvalid) as caught:
        store.project_campaign(project)
    assert caught.value.path == str(project) and caught.value.problems == [Problem("not_utf8", line=1)]


class _Counted(io.BytesIO):
    """A stream that remembers how much was asked of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int | None] = []

    def read(self, n: int | None = -1) -> bytes:  # type: ignore[override]
        self.asked.append(n)
        return super().read(n)


class _CountedText(io.StringIO):
    def __init__(self, data: str) -> None:
        super().__init__(data)
        self.asked: list[int | None] = []

    def read(self, n: int | None = -1) -> str:  # type: ignore[override]
        self.asked.append(n)
        return super().read(n)

    def isatty(self) -> bool:
        return False


def test_stdin_is_read_no_further_than_one_byte_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "READ_MAX_BYTES", 10)
    stdin = _Stdin(b"")
    stdin.buffer = _Counted(b"x" * 1000)
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(FileError):
        store.read_stdin()
    assert stdin.buffer.asked == [11]
    text = _CountedText("x" * 1000)
    monkeypatch.setattr(sys, "stdin", text)
    with pytest.raises(FileError):
        store.read_stdin()
    assert text.asked == [11]


# ── the references of the rest of a file that does not validate ──────────────


def _validate_shipped(change) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    import copy
    import tomllib

    text = SHIPPED.read_text(encoding="utf-8")
    data = copy.deepcopy(tomllib.loads(text))
    change(data)
    data["campaign"]["timezone"] = "Mars/Base"  # a problem only the validated campaign's check finds
    with pytest.raises(CampaignInvalid) as caught:
        store.validate(data, text, SHIPPED)
    return [(p.code, p.key) for p in caught.value.problems]


def test_a_bad_optional_key_is_dropped_and_the_rest_checked() -> None:
    def bogus(d: dict[str, Any]) -> None:
        d["units"]["chikan"]["bogus"] = 1

    assert _validate_shipped(bogus) == [("extra_forbidden", "units.chikan.bogus"), ("unknown_timezone", "campaign.timezone")]

    def top(d: dict[str, Any]) -> None:
        d["campaign"]["bogus"] = 1

    assert _validate_shipped(top) == [("extra_forbidden", "campaign.bogus"), ("unknown_timezone", "campaign.timezone")]


def test_a_bad_list_item_drops_its_list() -> None:
    def evidence(d: dict[str, Any]) -> None:
        d["units"]["chikan"]["progress"] = {"receipt": {"done": d["campaign"]["start"], "evidence": [5]}}

    assert _validate_shipped(evidence) == [
        ("wrong_type", "units.chikan.progress.receipt.evidence.0"),
        ("unknown_timezone", "campaign.timezone"),
    ]


@pytest.mark.parametrize(
    "where",
    [
        ("units", "chikan"),  # a whole unit: others refer to it
        ("kinds", "county"),
        ("units", "chikan", "progress", "receipt"),  # a whole record
    ],
)
def test_a_bad_entry_is_not_dropped_the_raw_references_are_checked(where: tuple[str, ...]) -> None:
    def broken(d: dict[str, Any]) -> None:
        d["tasks"]["receipt"]["theme"] = "no-such-theme"
        if where[-1] == "receipt":
            d["units"]["chikan"]["progress"] = {}
        parent = d
        for part in where[:-1]:
            parent = parent[part]
        parent[where[-1]] = 5

    found = _validate_shipped(broken)
    assert found[0] == ("wrong_type", ".".join(where))
    assert ("unknown_theme", "tasks.receipt.theme") in found and ("unknown_timezone", "campaign.timezone") not in found


def test_a_missing_required_key_checks_the_raw_references() -> None:
    def missing(d: dict[str, Any]) -> None:
        del d["units"]["xiashan"]["name"]
        d["tasks"]["receipt"]["theme"] = "no-such-theme"

    found = _validate_shipped(missing)
    assert found[0] == ("missing", "units.xiashan.name")
    assert ("unknown_theme", "tasks.receipt.theme") in found and ("unknown_timezone", "campaign.timezone") not in found


def test_a_reference_problem_about_a_key_already_reported_is_left_out() -> None:
    def record(d: dict[str, Any]) -> None:
        d["units"]["chikan"]["progress"] = {"bogus-task": {"done": "not a date"}}

    # the record's unknown task (units.chikan.progress.bogus-task) is not said again
    assert _validate_shipped(record) == [
        ("date_text", "units.chikan.progress.bogus-task.done"),
        ("unknown_timezone", "campaign.timezone"),
    ]


def test_a_reference_problem_at_the_key_already_reported_is_left_out() -> None:
    def record(d: dict[str, Any]) -> None:  # a record that is no table, of a task that does not exist
        d["units"]["chikan"]["progress"] = {"bogus-task": 5}
        d["units"]["xiashan"]["kind"] = "no-such-kind"

    # units.chikan.progress.bogus-task: wrong_type, not also unknown_task_progress; the rest is checked
    assert _validate_shipped(record) == [
        ("wrong_type", "units.chikan.progress.bogus-task"),
        ("unknown_kind", "units.xiashan.kind"),
    ]


def test_a_file_that_does_not_parse_for_a_newer_qmonth_says_the_version() -> None:
    text = '[campaign]\nrequires = ">=99.0"\ntitle = "x"\nnew.syntax = !\n'
    with pytest.raises(CampaignInvalid) as caught:
        store.parse_toml(text, Path("campaign.toml"))
    assert caught.value.path == "campaign.toml"
    [p] = caught.value.problems
    assert p.code == "requires_newer" and p.line == 2 and p.key == "campaign.requires"


def _requiring(spec: str) -> str:
    return SHIPPED.read_text(encoding="utf-8").replace("[campaign]\n", f'[campaign]\nrequires = "{spec}"\nbogus = 1\n', 1)


def test_a_parsed_file_for_a_newer_qmonth_is_refused_with_the_version_first(tmp_path: Path) -> None:
    from qmonth.core.requires import running_version

    path = tmp_path / "campaign.toml"
    text = _requiring(">=99.0")
    data = store.parse_toml(text, path)  # it parses: only a newer qmonth knows its keys
    with pytest.raises(CampaignInvalid) as caught:
        store.validate(data, text, path)
    assert caught.value.path == str(path)
    line = text.split("\n").index('requires = ">=99.0"') + 1
    # alone: the unknown key `bogus` (a newer qmonth's) is not reported
    assert caught.value.problems == [
        Problem("requires_newer", "campaign.requires", line, {"need": "99.0", "running": running_version()})
    ]


def test_a_parsed_file_this_qmonth_satisfies_is_read() -> None:
    text = _requiring(">=0.1").replace("bogus = 1\n", "", 1)
    campaign = store.validate(store.parse_toml(text, SHIPPED), text, SHIPPED)
    assert campaign.campaign.requires == ">=0.1"
    with pytest.raises(CampaignInvalid) as caught:  # with a key this qmonth does not know: that key
        store.validate(store.parse_toml(_requiring(">=0.1"), SHIPPED), _requiring(">=0.1"), SHIPPED)
    assert [(p.code, p.key) for p in caught.value.problems] == [("extra_forbidden", "campaign.bogus")]


def test_git_s_markers_are_named_not_a_syntax_error() -> None:
    text = "[units.a]\n<<<<<<< ours\nx = 1\n=======\nx = 2\n>>>>>>> theirs\n"
    with pytest.raises(CampaignInvalid) as caught:
        store.parse_toml(text, Path("campaign.toml"))
    assert caught.value.path == "campaign.toml"
    assert [(p.code, p.line, p.params) for p in caught.value.problems] == [
        ("merge_conflict", 2, {"tables": "[units.a]", "line": 2, "middle": 4, "end": 6})
    ]


def test_tomllib_s_words_are_kept_exactly() -> None:
    [p] = _problems("[campaign]\ntitle = 'a'\nstart = = 1\n")
    assert p.params == {"detail": "Invalid value"}
    [p] = _problems("[campaign]\n\n\ntitle = ")
    assert (p.line, p.params) == (4, {"detail": "Invalid value"})


def test_a_truncated_file_without_rtoml_s_line_is_at_its_last_line() -> None:
    for text, line in (
        ('\nnote = """abc\n\n', 2),
        ('\nnote = """abc\n \n', 3),
        ('\nnote = """ab\nXX\n', 3),
        ("\n\n[campaign]\ntitle = ", 4),
    ):
        with pytest.raises(CampaignInvalid) as caught:
            store._parse_tomllib(text, "x.toml")
        [p] = caught.value.problems
        assert (p.code, p.line) == ("toml_syntax", line)
        assert "end of document" not in p.params["detail"]


def test_an_invalid_date_on_a_line_with_an_open_quote() -> None:
    [p] = _problems('[campaign]\nstart = 2024-02-30 # "x\n')
    assert (p.code, p.key, p.line) == ("toml_bad_date", "start", 2)


def test_a_huge_number_without_rtoml_s_line_is_found_in_the_text() -> None:
    with pytest.raises(CampaignInvalid) as caught:
        store._parse_tomllib("a = 1\nb = " + "9" * 5000 + "\n", "x.toml")
    [p] = caught.value.problems
    assert (p.code, p.key, p.line) == ("toml_number_too_big", "b", 2)


def _validate_letter(change) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    import tomllib

    from tests.test_forms import LETTER

    data = tomllib.loads(LETTER)
    change(data)
    with pytest.raises(CampaignInvalid) as caught:
        store.validate(data, LETTER, SHIPPED)
    return [(p.code, p.key) for p in caught.value.problems]


def test_the_rest_is_validated_again_with_month_days_read_in_the_campaign_s_year() -> None:
    def change(d: dict[str, Any]) -> None:  # the letter's deadlines are month/days (8月29日)
        d["units"]["u1"]["bogus"] = 1
        d["campaign"]["timezone"] = "Mars/Base"

    assert _validate_letter(change) == [("extra_forbidden", "units.u1.bogus"), ("unknown_timezone", "campaign.timezone")]


def test_the_rest_is_checked_against_the_file_s_folder() -> None:
    def change(d: dict[str, Any]) -> None:
        d["units"]["u1"]["bogus"] = 1
        d["units"]["u1"]["progress"] = {"contact": {"done": d["campaign"]["start"], "evidence": ["../../etc/passwd"]}}

    assert _validate_letter(change) == [
        ("extra_forbidden", "units.u1.bogus"),
        ("evidence_escape", "units.u1.progress.contact.evidence.0"),
    ]


def test_at_a_month_day_read_in_two_years_says_which(tmp_path: Path) -> None:
    from tests.test_forms import LETTER

    path = tmp_path / "campaign.toml"
    path.write_text(
        LETTER.replace("end = 2025-09-30", "end = 2026-09-30")
        .replace('"8月29日"', "2025-08-29")
        .replace('"9月1日"', "2025-09-01"),
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as caught:
        store._at_day(path, "9月5日")
    assert caught.value.code == "option_ambiguous"
    assert caught.value.params["found"] and "2026-09-05" in str(caught.value.params["found"])
    assert (caught.value.params["low"], caught.value.params["option"]) == ("2025-08-25", "--at")
