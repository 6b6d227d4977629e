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

    from qmonth.core.errors import FileError

    path = tmp_path / "campaign.log.jsonl"
    entry = delivery(at(12), "chikan", [("chikan", "receipt", "chase")], "group")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileError) as info:
        log.append(path, [entry])
    assert info.value.code == "file_unwritable"
    assert info.value.params["path"] == path and info.value.params["reason"]
