"""Where overdue is decided: states, lights, percentages, rollups."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmonth.calendar import WorkCalendar
from qmonth.schedule import Light, State, compute, percent
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
    from qmonth.render import STATE_STYLE

    assert "state_" + state.value in MESSAGES
    assert state in STATE_STYLE
