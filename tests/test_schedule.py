"""Where overdue is decided: states, lights, percentages, rollups."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmonth.core.calendar import WorkCalendar
from qmonth.core.schedule import Light, State, compute, percent
from tests.factories import campaign

D = dt.date
CAL = WorkCalendar()


def state_on(today: dt.date, record: dict | None = None, **task: object) -> State:
    t = {"theme": "a", "title": "x", "applies_to": ["county"], "deadline": D(2024, 9, 10), **task}
    unit = {"name": "u", "kind": "county", "progress": {"t1": record} if record else {}}
    report = compute(campaign({"t1": t}, {"u1": unit}), today, CAL)
    return report.items[0].state


def test_deadline_day_is_still_on_time_and_overdue_the_day_after() -> None:
    assert state_on(D(2024, 9, 10)) is State.DUE_SOON
    assert state_on(D(2024, 9, 11)) is State.OVERDUE


def test_warning_window_is_in_working_days() -> None:
    # deadline Tue 2024-09-10; 3 working days: Thu 09-05 warns, Wed 09-04 does not
    assert state_on(D(2024, 9, 4)) is State.OPEN
    assert state_on(D(2024, 9, 5)) is State.DUE_SOON
    assert state_on(D(2024, 9, 4), warn_days=5) is State.DUE_SOON  # per-task override


def test_nothing_is_due_soon_before_the_notice_is_issued() -> None:
    c = campaign(
        {"t1": {"theme": "a", "title": "x", "applies_to": ["county"], "deadline": D(2024, 9, 10)}},
        issued=D(2024, 9, 7),
    )
    assert compute(c, D(2024, 9, 6), CAL).items[0].state is State.OPEN
    assert compute(c, D(2024, 9, 7), CAL).items[0].state is State.DUE_SOON  # the day it is issued
    assert compute(c, D(2024, 9, 9), CAL).items[0].state is State.DUE_SOON


def test_done_and_waived_win_over_dates() -> None:
    assert state_on(D(2024, 9, 20), {"done": D(2024, 9, 12)}) is State.DONE
    assert state_on(D(2024, 9, 20), {"waived": "无在建项目"}) is State.WAIVED


def test_done_late_records_how_late() -> None:
    t = {"t1": {"theme": "a", "title": "x", "applies_to": ["county"], "deadline": D(2024, 9, 10)}}
    u = {"u1": {"name": "u", "kind": "county", "progress": {"t1": {"done": D(2024, 9, 13)}}}}
    item = compute(campaign(t, u), D(2024, 9, 20), CAL).items[0]
    assert (item.state, item.done_on, item.days_overdue) == (State.DONE, D(2024, 9, 13), 3)


def test_task_without_deadline_is_due_at_campaign_end() -> None:
    item = compute(campaign(), D(2024, 10, 2), CAL).items[0]
    assert item.deadline == D(2024, 9, 30)
    assert (item.state, item.days_overdue) == (State.OVERDUE, 2)


def test_applies_to_kinds_and_unit_ids() -> None:
    tasks = {
        "k": {"theme": "a", "title": "by kind", "applies_to": ["county"]},
        "i": {"theme": "b", "title": "by id", "applies_to": ["c1"]},
    }
    units = {"u1": {"name": "县", "kind": "county"}, "c1": {"name": "中心", "kind": "centre"}}
    report = compute(campaign(tasks, units), D(2024, 9, 2), CAL)
    assert [(i.unit, i.task) for i in report.items] == [("u1", "k"), ("c1", "i")]
    assert report.units[0].themes == {"a": (0, 1), "b": (0, 0)}


def test_rollup_light_and_percent() -> None:
    tasks = {f"t{n}": {"theme": "a", "title": str(n), "applies_to": ["county"], "deadline": D(2024, 9, 10 + n)} for n in range(4)}
    progress = {"t0": {"done": D(2024, 9, 9)}, "t1": {"waived": "n/a"}}
    units = {"u1": {"name": "u", "kind": "county", "progress": progress}, "u2": {"name": "v", "kind": "county"}}
    report = compute(campaign(tasks, units), D(2024, 9, 12), CAL)
    u1, u2 = report.units
    # u1: t0 done, t1 waived (not counted), t2 due today (due soon), t3 due tomorrow
    assert (u1.done, u1.total, u1.percent, u1.light) == (1, 3, 33, Light.YELLOW)
    assert (u2.done, u2.total, u2.light, u2.overdue) == (0, 4, Light.RED, 2)
    assert [i.task for i in report.overdue()] == ["t0", "t1"]  # most overdue first
    assert report.overdue()[0].days_overdue == 2


def test_green_when_finished_or_on_track() -> None:
    report = compute(campaign(), D(2024, 9, 2), CAL)
    assert report.units[0].light is Light.GREEN
    assert not report.over
    assert compute(campaign(), D(2024, 10, 1), CAL).over


@given(st.integers(0, 500), st.integers(0, 500))
def test_percent_is_bounded_and_100_only_when_finished(done: int, extra: int) -> None:
    total = done + extra
    p = percent(done, total)
    assert 0 <= p <= 100
    assert (p == 100) == (done == total)


@settings(max_examples=100, deadline=None)
@given(st.dates(D(2024, 8, 1), D(2024, 11, 30)))
def test_exactly_one_state_and_overdue_iff_past_deadline(today: dt.date) -> None:
    state = state_on(today)
    assert (state is State.OVERDUE) == (today > D(2024, 9, 10))


@pytest.mark.parametrize("state", list(State))
def test_every_state_has_a_label_and_a_style(state: State) -> None:
    from qmonth.i18n import MESSAGES
    from qmonth.outputs.text import STATE_STYLE

    assert "state_" + state.value in MESSAGES
    assert state in STATE_STYLE


# ── what the mutation run of schedule.py showed untested (recurring, timed, optional, evidence) ──

DEADLINE = {"theme": "a", "title": "x", "applies_to": ["county"], "deadline": D(2024, 9, 10)}


def _report(tasks: dict, progress: dict | None = None, today: dt.date = D(2024, 9, 20), **kw: object):  # type: ignore[no-untyped-def]
    unit = {"name": "u", "kind": "county", "progress": progress or {}}
    return compute(campaign(tasks, {"u1": unit}), today, CAL, **kw)  # type: ignore[arg-type]


def test_a_weekly_task_is_one_item_per_occurrence_and_each_has_its_own_record() -> None:
    weekly = {"theme": "a", "title": "周报", "applies_to": ["county"], "repeat": "FREQ=WEEKLY;BYDAY=FR"}
    report = _report({"t1": weekly}, {"t1@2024-09-13": {"done": D(2024, 9, 13)}}, today=D(2024, 9, 16))
    fridays = [D(2024, 9, 6), D(2024, 9, 13), D(2024, 9, 20), D(2024, 9, 27)]
    assert [i.occurrence for i in report.items] == fridays
    assert [i.deadline for i in report.items] == fridays
    assert [i.state for i in report.items] == [State.OVERDUE, State.DONE, State.DUE_SOON, State.OPEN]
    assert (report.units[0].done, report.units[0].total) == (1, 4)
    # a task that does not recur is one item with no occurrence
    once = _report({"t1": DEADLINE}).items
    assert [(i.occurrence, i.deadline) for i in once] == [(None, D(2024, 9, 10))]


def test_a_deadline_with_a_time_is_overdue_only_once_that_time_has_passed_on_the_day() -> None:
    timed = {"t1": {**DEADLINE, "due_time": dt.time(17, 0)}}
    on_day = D(2024, 9, 10)
    assert _report(timed, today=on_day).items[0].state is State.DUE_SOON  # no time given: due all that day
    assert _report(timed, today=on_day, now=dt.time(17, 0)).items[0].state is State.DUE_SOON  # at 17:00 still in time
    late = _report(timed, today=on_day, now=dt.time(17, 1)).items[0]
    assert (late.state, late.days_overdue, late.due_time) == (State.OVERDUE, 0, dt.time(17, 0))
    assert _report(timed, today=D(2024, 9, 9), now=dt.time(18, 0)).items[0].state is State.DUE_SOON  # the day before
    # a deadline without a time: the whole day, whatever the hour
    plain = _report({"t1": DEADLINE}, today=on_day, now=dt.time(23, 59)).items[0]
    assert (plain.state, plain.due_time, plain.optional) == (State.DUE_SOON, None, False)


def test_an_optional_task_is_never_overdue_and_counts_only_once_done() -> None:
    tasks = {"t0": {**DEADLINE, "optional": True}, "t1": {**DEADLINE, "deadline": D(2024, 9, 12)}}
    report = _report(tasks)
    optional, plain = report.items
    assert (optional.state, optional.optional, optional.days_left, optional.workdays_left) == (State.OPEN, True, None, 0)
    assert plain.state is State.OVERDUE
    row = report.units[0]
    assert (row.done, row.total, row.overdue, row.light) == (0, 1, 1, Light.RED)  # the optional one is not counted
    assert row.themes["a"] == (0, 1)
    done = _report(tasks, {"t0": {"done": D(2024, 9, 11)}}).units[0]
    assert (done.done, done.total, done.overdue) == (1, 2, 1)  # counted once done, the next task still is
    assert done.themes["a"] == (1, 2)


def test_working_days_late_are_counted_for_done_and_none_for_on_time_or_waived() -> None:
    # deadline Tue 09-10, done Fri 09-13: three days late, three working days (Wed, Thu, Fri)
    late = _report({"t1": DEADLINE}, {"t1": {"done": D(2024, 9, 13)}}).items[0]
    assert (late.days_overdue, late.workdays_overdue) == (3, CAL.workdays_left(D(2024, 9, 10), D(2024, 9, 13))) == (3, 3)
    early = _report({"t1": DEADLINE}, {"t1": {"done": D(2024, 9, 5)}}).items[0]
    assert (early.state, early.days_overdue, early.workdays_overdue) == (State.DONE, 0, 0)
    waived = _report({"t1": DEADLINE}, {"t1": {"waived": "无在建项目"}}).items[0]
    assert (waived.state, waived.days_overdue, waived.workdays_overdue) == (State.WAIVED, 0, 0)


def test_evidence_on_disk_and_kinds_asked_for_are_checked_only_with_a_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "photo.jpg").write_bytes(b"jpg")
    task = {"t1": {**DEADLINE, "evidence": ["联络员回执（盖公章）"]}}
    done = {"t1": {"done": D(2024, 9, 9), "evidence": ["photo.jpg", "gone.jpg"]}}
    item = _report(task, done, base=tmp_path).items[0]
    assert item.evidence_missing == ("gone.jpg",)
    assert item.evidence_lacking == ("联络员回执（盖公章）",)
    unchecked = _report(task, done).items[0]  # no folder: nothing looked up
    assert (unchecked.evidence_missing, unchecked.evidence_lacking) == ((), ())
    waived = _report(task, {"t1": {"waived": "无在建项目"}}, base=tmp_path).items[0]
    assert waived.evidence_lacking == ()  # a waived task asks for nothing
