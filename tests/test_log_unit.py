"""notify/log.py's questions in-process: what is settled by a day, how chases are counted (a day's
deliveries once, each manual chase), and what `qmonth chase` logs for a theme or refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from qmonth.core.chases import Entry, delivery
from qmonth.core.errors import UsageError
from qmonth.core.store import load
from qmonth.notify import log
from tests.conftest import DEMO

BJ = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int = 9, tz: dt.timezone = BJ) -> dt.datetime:
    return dt.datetime(2024, 9, day, hour, 0, tzinfo=tz)


def test_settled_on_the_day_it_was_done_not_before() -> None:
    c = load(DEMO).campaign
    assert log.settled(c, "potou", "site-visit-attend", dt.date(2024, 9, 19)) == ("done", "2024-09-19")
    assert log.settled(c, "potou", "site-visit-attend", dt.date(2024, 9, 18)) is None
    assert log.settled(c, "potou", "site-visit-local", dt.date(2024, 9, 30)) is None
    assert log.settled(c, "potou", None, dt.date(2024, 9, 30)) is None


def test_a_days_deliveries_count_once_each_manual_chase_counts() -> None:
    entries = [
        delivery(at(12), "chikan", [("chikan", "receipt", "chase"), ("chikan", "summary", "warn")], "group"),
        delivery(at(12, 15), "chikan", [("chikan", "receipt", "chase")], "mail"),  # same day, another channel
        delivery(at(13), "chikan", [("chikan", "warned", "warn"), ("chikan", "late", "escalate")], "group"),
        Entry(at(13, 10), "chikan", "receipt", "manual", "phone", ""),
        Entry(at(13, 11), "chikan", "receipt", "manual", "visit", ""),
        delivery(at(14), "", [("chikan", "receipt", "chase")], "mail", copy=True),  # the coordinator's copy
    ]
    counts = log.chase_counts(entries)
    assert counts[("chikan", "receipt")] == log.Chased(1 + 2, at(13, 11))
    assert counts[("chikan", "late")] == log.Chased(1, at(13))  # after a warn item of the same entry
    assert ("chikan", "summary") not in counts and ("chikan", "warned") not in counts  # warnings chase nobody
    assert log.chase_counts(entries, until=dt.date(2024, 9, 12))[("chikan", "receipt")] == log.Chased(1, at(12, 15))


def test_the_last_chase_is_the_first_of_equal_instants() -> None:
    utc = dt.UTC
    first = delivery(at(12, 9), "chikan", [("chikan", "receipt", "chase")], "group")
    same = delivery(at(12, 1, utc), "chikan", [("chikan", "receipt", "chase")], "mail")  # the same instant
    last = log.chase_counts([first, same])[("chikan", "receipt")].last
    assert last == at(12, 9) and last.utcoffset() == dt.timedelta(hours=8)


def test_chasing_a_theme_logs_what_is_still_owed() -> None:
    c = load(DEMO).campaign
    entries = log.manual(c, "坡头", ["site-visit"], "phone", " 已电话 ", at(20))
    assert [(e.unit, e.task, e.level, e.channel, e.note) for e in entries] == [
        ("potou", "site-visit-local", "manual", "phone", "已电话")  # site-visit-attend was done on 9-19
    ]
    before = log.manual(c, "坡头", ["site-visit"], "phone", "", at(18))
    assert [e.task for e in before] == ["site-visit-attend", "site-visit-local"]


def test_chasing_a_task_that_does_not_apply_is_refused_naming_it() -> None:
    c = load(DEMO).campaign
    with pytest.raises(UsageError) as info:
        log.manual(c, "参建企业", ["publicity-media"], "phone", "", at(20))
    assert info.value.code == "not_applicable_here"
    assert info.value.params == {"task": "publicity-media", "unit": "参建企业", "applies": "county, centre, association"}


def test_chasing_several_tasks_or_the_unit_as_a_whole() -> None:
    c = load(DEMO).campaign
    both = log.manual(c, "雷州", ["receipt", "summary", "receipt"], "visit", "", at(20))
    assert [e.task for e in both] == ["receipt", "summary"]  # each once, in the order named
    [whole] = log.manual(c, "雷州", [], "meeting", " 约谈 ", at(20))
    assert (whole.unit, whole.task, whole.level, whole.channel, whole.note) == ("leizhou", None, "manual", "meeting", "约谈")


def test_parse_sorts_by_time_reads_a_duplicate_once_and_locates_bad_lines(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import CampaignInvalid

    late = delivery(at(13), "chikan", [("chikan", "receipt", "chase")], "group")
    early = Entry(at(12), "xiashan", "receipt", "manual", "phone", "note")
    text = log.line(late) + log.line(early) + log.line(late) + "\n"
    assert log.parse(text, tmp_path / "x.log.jsonl") == [early, late]
    bad = text + "not json\n" + '{"at": "2024-09-12T09:00:00", "unit": "a", "level": "manual", "channel": "phone"}\n'
    head = '{"at": "2024-09-12T09:00:00+08:00", "unit": "a", "level": "chase", "channel": "g", "items": '
    bad += head + '[{"task": 5, "level": "chase"}]}\n'  # a task that is not text
    bad += head + '[{"task": "t", "level": "loud"}]}\n'  # a level that is none
    bad += '{"at": "2024-09-12T09:00:00+08:00", "unit": 5, "task": "t", "level": "manual", "channel": "phone"}\n'  # unit
    with pytest.raises(CampaignInvalid) as info:
        log.parse(bad, tmp_path / "x.log.jsonl")
    assert info.value.path == str(tmp_path / "x.log.jsonl")
    assert [(p.code, p.line) for p in info.value.problems] == [("log_bad_line", n) for n in (5, 6, 7, 8, 9)]
    skipped: list[int] = []
    assert log.parse(bad, tmp_path / "x.log.jsonl", skipped) == [early, late] and skipped == [5, 6, 7, 8, 9]


def test_a_manual_chase_is_no_delivery_even_on_a_channel_of_its_name() -> None:
    chase = Entry(at(12), "chikan", "receipt", "manual", "phone", "")
    sent = delivery(at(12), "xiashan", [("xiashan", "receipt", "chase")], "phone")
    assert log.delivered_on([chase, sent], "phone", dt.date(2024, 9, 12)) == {("xiashan", "receipt", "")}


def test_a_delivery_line_with_no_items_is_refused_not_read_as_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import CampaignInvalid

    head = '{"at": "2024-09-12T09:00:00+08:00", "unit": "chikan", "level": "chase", "channel": "g", "items": '
    good = head + '[{"task": "receipt", "level": "chase"}]}\n'
    [entry] = log.parse(good, tmp_path / "x.log.jsonl")
    assert entry.items == (("chikan", "receipt", "chase"),)
    with pytest.raises(CampaignInvalid) as info:
        log.parse(good + head + "[]}\n", tmp_path / "x.log.jsonl")  # a delivery of nothing is no entry
    assert [(p.code, p.line) for p in info.value.problems] == [("log_bad_line", 2)]


def test_an_append_the_disk_refuses_is_a_located_write_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    from qmonth.core.errors import FileError, os_reason

    path = tmp_path / "campaign.log.jsonl"
    entry = delivery(at(12), "chikan", [("chikan", "receipt", "chase")], "group")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileError) as info:
        log.append(path, [entry])
    assert info.value.code == "file_unwritable"
    assert info.value.params == {"path": path, "reason": os_reason(OSError(errno.ENOSPC, "No space left on device"))}
    assert "磁盘" in str(info.value.params["reason"]) or "space" in str(info.value.params["reason"])


def test_a_log_line_keeps_chinese_as_written_so_a_person_and_git_can_read_it() -> None:
    entry = Entry(at(12), "chikan", "receipt", "manual", "phone", "已电话催报")
    text = log.line(entry)
    assert "已电话催报" in text and "\\u" not in text
    assert text.endswith("}\n") and text.count("\n") == 1


# ── reading the log a line at a time, within its bounds (the bounds made small) ──


def lines_of(data: bytes, tmp_path) -> list[tuple[int, bytes | None]]:  # type: ignore[no-untyped-def]
    import io

    return list(log._lines(io.BytesIO(data), tmp_path / "x.log.jsonl"))


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log, "LINE_MAX_BYTES", 10)
    monkeypatch.setattr(log, "LOG_MAX_BYTES", 60)


@pytest.mark.usefixtures("small")
def test_lines_up_to_the_line_limit_are_read_a_longer_one_is_skipped_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ten = b"0123456789"
    assert lines_of(ten + b"\n" + b"abc", tmp_path) == [(1, ten + b"\n"), (2, b"abc")]  # the last without "\n"
    assert lines_of(b"abc\n" + ten, tmp_path) == [(1, b"abc\n"), (2, ten)]  # ten bytes at the end: no more
    # eleven bytes are too many: the line is None, its rest is skipped, and the next line is line 2
    assert lines_of(ten + b"X\n" + b"ok\n", tmp_path) == [(1, None), (2, b"ok\n")]
    assert lines_of(ten + b"X" * 30 + b"\n" + b"ok\n" + b"fine\n", tmp_path) == [(1, None), (2, b"ok\n"), (3, b"fine\n")]


def test_a_line_one_byte_over_the_limit_is_refused_not_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import CampaignInvalid

    text = log.line(delivery(at(12), "chikan", [("chikan", "receipt", "chase")], "group"))
    size = len(text.encode("utf-8")) - 1  # without its "\n"
    monkeypatch.setattr(log, "LINE_MAX_BYTES", size)
    assert len(log._entries(log._lines(__import__("io").BytesIO(text.encode()), tmp_path / "x"), tmp_path / "x", None)) == 1
    monkeypatch.setattr(log, "LINE_MAX_BYTES", size - 1)
    with pytest.raises(CampaignInvalid) as info:
        log._entries(log._lines(__import__("io").BytesIO(text.encode()), tmp_path / "x"), tmp_path / "x", None)
    assert [(p.code, p.line, p.params) for p in info.value.problems] == [("log_line_too_long", 1, {"limit": size - 1})]


@pytest.mark.usefixtures("small")
def test_a_log_of_exactly_the_limit_is_read_one_byte_more_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import FileError

    six = b"abcdefghi\n" * 6  # 60 bytes: the limit
    assert [n for n, _ in lines_of(six, tmp_path)] == [1, 2, 3, 4, 5, 6]
    with pytest.raises(FileError) as info:
        lines_of(six + b"x", tmp_path)
    assert info.value.code == "log_too_big"
    assert info.value.params == {"path": tmp_path / "x.log.jsonl", "limit": 0}  # 60 bytes: 0 MiB


def test_the_size_refusal_names_the_limit_in_whole_mib(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import FileError

    monkeypatch.setattr(log, "LOG_MAX_BYTES", 2 * 1024 * 1024)
    line = b"x" * 1023 + b"\n"
    with pytest.raises(FileError) as info:
        lines_of(line * 2048 + b"y", tmp_path)  # 2 MiB and a byte
    assert (info.value.code, info.value.params["limit"]) == ("log_too_big", 2)


@pytest.mark.usefixtures("small")
def test_the_limit_counts_every_line_and_the_rest_of_a_long_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import FileError

    # 30 + 11 bytes read, then the long line's rest (20 bytes) passes 60: refused, not read on
    data = b"x" * 29 + b"\n" + b"L" * 30 + b"\n" + b"ok\n"
    with pytest.raises(FileError) as info:
        lines_of(data, tmp_path)
    assert info.value.code == "log_too_big"
    # small lines add up too: seven of nine bytes pass 60
    with pytest.raises(FileError):
        lines_of(b"abcdefgh\n" * 7, tmp_path)
    assert len(lines_of(b"abcdefgh\n" * 6, tmp_path)) == 6


@pytest.mark.usefixtures("small")
def test_a_long_line_is_skipped_in_bounded_chunks_never_held_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    asked: list[int] = []

    class Recording(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
            asked.append(-1 if size is None else size)
            return super().readline(size)

    found = list(log._lines(Recording(b"L" * 40 + b"\n" + b"ok\n"), tmp_path / "x"))
    assert found == [(1, None), (2, b"ok\n")]
    assert asked and all(0 < size <= 1 << 20 for size in asked)


def test_blank_and_repeated_lines_are_passed_over_and_reading_goes_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    one = log.line(delivery(at(12), "chikan", [("chikan", "receipt", "chase")], "group"))
    two = log.line(Entry(at(13), "xiashan", "receipt", "manual", "phone", ""))
    three = log.line(Entry(at(14), "potou", "summary", "manual", "visit", ""))
    text = one + "\n   \n" + one + two + one + three
    assert [e.unit for e in log.parse(text, tmp_path / "x.log.jsonl")] == ["chikan", "xiashan", "potou"]


def test_a_line_that_is_not_utf8_is_located_or_read_with_a_replacement_character(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import CampaignInvalid

    good = log.line(Entry(at(12), "chikan", "receipt", "manual", "phone", "")).encode()
    bad = log.line(Entry(at(13), "xiashan", "receipt", "manual", "phone", "ZZ")).encode().replace(b"ZZ", b"\xff\xfe")
    later = log.line(Entry(at(14), "potou", "summary", "manual", "visit", "")).encode()
    lines = list(enumerate([good, bad, later], start=1))
    with pytest.raises(CampaignInvalid) as info:  # every problem is found, not only the first
        log._entries(iter([*lines, (4, b"junk")]), tmp_path / "x.log.jsonl", None)
    assert [(p.code, p.line) for p in info.value.problems] == [("not_utf8", 2), ("log_bad_line", 4)]
    skipped: list[int] = []  # the screens: the line is read, its bad bytes shown as U+FFFD, nothing skipped
    entries = log._entries(iter(lines), tmp_path / "x.log.jsonl", skipped)
    assert [(e.unit, e.note) for e in entries] == [("chikan", ""), ("xiashan", "\ufffd\ufffd"), ("potou", "")]
    assert skipped == []
    broken = list(enumerate([good, b"\xff not an entry", later], start=1))
    assert [e.unit for e in log._entries(iter(broken), tmp_path / "x.log.jsonl", skipped)] == ["chikan", "potou"]
    assert skipped == [2]


def test_a_bad_line_is_quoted_by_its_first_sixty_characters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import CampaignInvalid

    text = "不是一条记录" * 20  # 120 characters
    with pytest.raises(CampaignInvalid) as info:
        log.parse(text + "\n", tmp_path / "x.log.jsonl")
    [problem] = info.value.problems
    assert (problem.code, problem.line, problem.params) == ("log_bad_line", 1, {"text": text[:60]})


def test_the_log_is_written_beside_a_campaign_file_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses
    from pathlib import Path
    from types import SimpleNamespace

    from qmonth.core.store import STDIN_NAME

    loaded = load(DEMO)
    assert log.to_write(loaded) == DEMO.with_name(DEMO.stem + ".log.jsonl")
    from_stdin = dataclasses.replace(loaded, path=Path(STDIN_NAME))
    at_revision = dataclasses.replace(loaded, revision=SimpleNamespace(folder=SimpleNamespace(folder=tmp_path)))
    assert log.beside(from_stdin) is None and log.beside(at_revision) == tmp_path / (DEMO.stem + ".log.jsonl")
    for other in (from_stdin, at_revision):  # read from stdin, or as it was (--at): nowhere to append
        with pytest.raises(UsageError) as info:
            log.to_write(other)
        assert info.value.code == "log_needs_file"


def test_a_chase_for_a_day_after_today_is_refused_naming_both_days() -> None:
    today = dt.date(2024, 9, 20)
    now = dt.datetime(2024, 9, 20, 15, 30, tzinfo=BJ)
    with pytest.raises(UsageError) as info:
        log.chase_moment(dt.date(2024, 9, 21), today, now)
    assert (info.value.code, info.value.params) == ("future_date", {"date": dt.date(2024, 9, 21), "today": today})
    assert log.chase_moment(today, today, now) == now
    assert log.chase_moment(dt.date(2024, 9, 18), today, now) == dt.datetime(2024, 9, 18, 12, 0, tzinfo=BJ)


def test_after_a_line_too_long_the_rest_is_still_read_and_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import CampaignInvalid

    good = log.line(Entry(at(12), "chikan", "receipt", "manual", "phone", "")).encode()
    lines = [(1, None), (2, good), (3, b"not an entry")]
    with pytest.raises(CampaignInvalid) as info:
        log._entries(iter(lines), tmp_path / "x.log.jsonl", None)
    assert [(p.code, p.line) for p in info.value.problems] == [("log_line_too_long", 1), ("log_bad_line", 3)]
    skipped: list[int] = []
    assert [e.unit for e in log._entries(iter(lines), tmp_path / "x.log.jsonl", skipped)] == ["chikan"]
    assert skipped == [1, 3]


# ── opening the log: a regular file inside the campaign's folder, never waited on ──


def test_the_log_is_named_after_the_campaign_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert log.log_path(tmp_path / "campaign-2025.toml") == tmp_path / "campaign-2025.log.jsonl"
    assert log.log_path(tmp_path / "campaign") == tmp_path / "campaign.log.jsonl"  # no .toml: the whole name


def test_the_log_is_opened_without_blocking_or_following_a_link(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import os

    path = tmp_path / "campaign.log.jsonl"
    asked: list[int] = []
    real_open = os.open

    def recording(file, flags, *args):  # type: ignore[no-untyped-def]
        asked.append(flags)
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", recording)
    assert log.read(path) == [] and not path.exists()  # reading never creates the log
    log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])
    assert [e.unit for e in log.read(path)] == ["chikan"]
    first_read, write, second_read = asked
    for flags in asked:
        assert flags & os.O_NONBLOCK and flags & os.O_NOFOLLOW
    for flags in (first_read, second_read):
        assert flags & os.O_ACCMODE == os.O_RDONLY and not flags & (os.O_CREAT | os.O_APPEND)
    assert write & os.O_ACCMODE == os.O_RDWR and write & os.O_APPEND and write & os.O_CREAT


def test_the_log_opens_where_os_lacks_those_flags(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import os

    for name in ("O_NONBLOCK", "O_CLOEXEC", "O_NOFOLLOW"):  # as on Windows
        monkeypatch.delattr(os, name)
    path = tmp_path / "campaign.log.jsonl"
    log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])
    log.append(path, [Entry(at(13), "xiashan", "receipt", "manual", "phone", "")])
    assert [e.unit for e in log.read(path)] == ["chikan", "xiashan"]


def test_a_folder_where_the_log_should_be_is_refused_for_reading_and_writing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import FileError

    path = tmp_path / "campaign.log.jsonl"
    path.mkdir()
    for attempt in (
        lambda: log.read(path),
        lambda: log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")]),
    ):
        with pytest.raises(FileError) as info:
            attempt()
        assert (info.value.code, info.value.params) == ("log_not_regular", {"path": path})


def test_a_log_that_cannot_be_looked_at_is_unreadable_naming_it_and_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    from qmonth.core.errors import FileError, os_reason

    (tmp_path / "afile").write_text("", encoding="utf-8")
    under_a_file = tmp_path / "afile" / "campaign.log.jsonl"  # its folder is a file
    with pytest.raises(FileError) as info:
        log.read(under_a_file)
    assert (info.value.code, info.value.params) == (
        "file_unreadable",
        {"path": under_a_file, "reason": os_reason(OSError(errno.ENOTDIR, ""))},
    )
    loop = tmp_path / "campaign.log.jsonl"  # a link inside the folder, round in a loop
    os.symlink("other.log.jsonl", loop)
    os.symlink("campaign.log.jsonl", tmp_path / "other.log.jsonl")
    with pytest.raises(FileError) as info:
        log.read(loop)
    assert (info.value.code, info.value.params) == (
        "file_unreadable",
        {"path": loop, "reason": os_reason(OSError(errno.ELOOP, ""))},
    )


def test_a_link_out_of_the_folder_is_refused_naming_where_it_points(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from qmonth.core.errors import FileError

    (tmp_path / "inside").mkdir()
    path = tmp_path / "inside" / "campaign.log.jsonl"
    os.symlink(tmp_path / "elsewhere.jsonl", path)
    with pytest.raises(FileError) as info:
        log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])
    assert (info.value.code, info.value.params) == ("log_outside", {"path": path, "target": tmp_path / "elsewhere.jsonl"})
    assert not (tmp_path / "elsewhere.jsonl").exists()


def test_a_log_that_grows_past_the_limit_while_read_is_refused_naming_it(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import FileError

    path = tmp_path / "campaign.log.jsonl"
    log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])
    monkeypatch.setattr(log, "LOG_MAX_BYTES", path.stat().st_size)  # just within the limit when opened
    opened = log._open

    def open_then_grow(p, write):  # type: ignore[no-untyped-def]
        fd = opened(p, write)
        with path.open("a", encoding="utf-8") as fh:
            fh.write("\n")
        return fd

    monkeypatch.setattr(log, "_open", open_then_grow)
    with pytest.raises(FileError) as info:
        log.read(path)
    assert (info.value.code, info.value.params["path"]) == ("log_too_big", path)


def test_a_read_the_disk_fails_is_a_located_read_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    from qmonth.core.errors import FileError, os_reason

    path = tmp_path / "campaign.log.jsonl"
    log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])

    def failing(fh, p):  # type: ignore[no-untyped-def]
        raise OSError(errno.EIO, "Input/output error")
        yield  # pragma: no cover

    monkeypatch.setattr(log, "_lines", failing)
    with pytest.raises(FileError) as info:
        log.read(path)
    assert (info.value.code, info.value.params) == (
        "file_unreadable",
        {"path": path, "reason": os_reason(OSError(errno.EIO, "Input/output error"))},
    )


def test_a_new_log_is_created_readable_by_all_writable_by_its_owner(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    path = tmp_path / "campaign.log.jsonl"
    old = os.umask(0o022)
    try:
        log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_log_whose_folder_is_gone_is_unwritable_saying_it_does_not_exist(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import errno

    from qmonth.core.errors import FileError, os_reason

    path = tmp_path / "gone" / "campaign.log.jsonl"
    with pytest.raises(FileError) as info:
        log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])
    assert (info.value.code, info.value.params) == (
        "file_unwritable",
        {"path": path, "reason": os_reason(OSError(errno.ENOENT, ""))},
    )
    assert log.read(path) == []  # reading it: nothing chased yet


@pytest.mark.parametrize("write", [False, True])
def test_what_the_open_itself_meets_is_named(tmp_path, monkeypatch: pytest.MonkeyPatch, write: bool) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    from qmonth.core.errors import FileError, os_reason

    path = tmp_path / "campaign.log.jsonl"
    path.write_text("", encoding="utf-8")
    met: list[int] = []

    def refusing(file, flags, *args):  # type: ignore[no-untyped-def]
        raise OSError(met[-1], os.strerror(met[-1]))

    monkeypatch.setattr(os, "open", refusing)
    for code in (errno.ELOOP, errno.ENXIO):  # a link or a FIFO put there since the check
        met.append(code)
        with pytest.raises(FileError) as info:
            log._open(path, write)
        assert (info.value.code, info.value.params) == ("log_not_regular", {"path": path})
    met.append(errno.EACCES)
    with pytest.raises(FileError) as info:
        log._open(path, write)
    expected = "file_unwritable" if write else "file_unreadable"
    assert (info.value.code, info.value.params) == (expected, {"path": path, "reason": os_reason(OSError(errno.EACCES, ""))})


def test_a_fifo_swapped_in_after_the_check_is_refused_and_closed(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import os

    from qmonth.core.errors import FileError

    regular = tmp_path / "regular"
    regular.write_text("", encoding="utf-8")
    path = tmp_path / "campaign.log.jsonl"
    os.mkfifo(path)
    checked = os.stat(regular)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: checked if str(p) == str(path) else real_stat(p, *a, **k))
    before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(FileError) as info:
        log.read(path)  # the check saw a file; what was opened is a FIFO: never read, never waited on
    assert (info.value.code, info.value.params) == ("log_not_regular", {"path": path})
    assert len(os.listdir("/proc/self/fd")) == before  # its descriptor closed


def test_a_log_of_exactly_the_size_limit_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from qmonth.core.errors import FileError

    path = tmp_path / "campaign.log.jsonl"
    log.append(path, [Entry(at(12), "chikan", "receipt", "manual", "phone", "")])
    monkeypatch.setattr(log, "LOG_MAX_BYTES", path.stat().st_size)
    assert [e.unit for e in log.read(path)] == ["chikan"]
    monkeypatch.setattr(log, "LOG_MAX_BYTES", path.stat().st_size - 1)
    with pytest.raises(FileError) as info:
        log.read(path)
    assert (info.value.code, info.value.params) == ("log_too_big", {"path": path, "limit": 0})
