"""qmonth/outputs/figures.py: the numbers every office output shares (pure; campaigns from factories)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from qmonth.core.schedule import calendar_for, compute
from qmonth.core.store import load
from qmonth.outputs.figures import compute_figures, evidence_kind, numbered
from tests.conftest import DEMO, Run
from tests.factories import campaign


def _figures(c, day: dt.date):  # type: ignore[no-untyped-def]
    report = compute(c, day, calendar_for(c))
    return compute_figures(c, report)


def test_headline_agrees_with_status(run: Run) -> None:
    status = json.loads(run("status", "-f", DEMO, "--today", "2024-09-20", "--format", "json").stdout)
    f = _figures(load(DEMO).campaign, dt.date(2024, 9, 20))
    h = f.headline
    assert h.units == len(status["units"])
    assert h.items == sum(u["total"] for u in status["units"])
    assert h.done == sum(u["done"] for u in status["units"])
    assert h.overdue == sum(i["state"] == "overdue" for i in status["items"])
    assert f.trend[-1].done == h.done and f.trend[-1].day == dt.date(2024, 9, 20)
    assert h.receipts == sum(i["task"] == "receipt" and i["state"] == "done" for i in status["items"])


TASKS = {
    "t1": {"theme": "a", "title": "一", "applies_to": ["county"], "deadline": dt.date(2024, 9, 10)},
    "t2": {"theme": "b", "title": "二", "applies_to": ["county"], "deadline": dt.date(2024, 9, 20)},
}


def _units(**progress: dict) -> dict:  # type: ignore[type-arg]
    return {uid: {"name": uid, "kind": "county", "progress": p} for uid, p in progress.items()}


def test_ranking_ties_share_a_rank_and_on_time_counts() -> None:
    c = campaign(
        tasks=TASKS,
        units=_units(
            a={"t1": {"done": dt.date(2024, 9, 12)}},  # late
            b={"t1": {"done": dt.date(2024, 9, 9)}},  # on time
            c={"t1": {"done": dt.date(2024, 9, 9)}, "t2": {"done": dt.date(2024, 9, 9)}},
            d={},
        ),
    )
    f = _figures(c, dt.date(2024, 9, 15))
    assert [(r.rank, r.row.id) for r in f.ranking] == [(1, "c"), (2, "a"), (2, "b"), (4, "d")]
    assert {r.row.id: r.on_time for r in f.ranking} == {"a": 0, "b": 1, "c": 2, "d": 0}
    h = f.headline
    # due by 9/15: t1 for four units; on time: b and c
    assert (h.due_by_today, h.on_time, h.on_time_percent) == (4, 2, 50)
    assert h.overdue == 1  # d's t1


def test_on_time_rate_is_none_before_any_deadline() -> None:
    f = _figures(campaign(tasks=TASKS, units=_units(a={})), dt.date(2024, 9, 5))
    assert f.headline.on_time_percent is None and f.headline.due_by_today == 0


def test_owed_leaves_out_done_and_waived_nearest_first() -> None:
    c = campaign(tasks=TASKS, units=_units(a={"t2": {"waived": "不适用"}}, b={"t1": {"done": dt.date(2024, 9, 9)}}, d={}))
    f = _figures(c, dt.date(2024, 9, 15))
    owed = {o.unit: [i.task for i in o.items] for o in f.owed}
    assert owed == {"a": ["t1"], "b": ["t2"], "d": ["t1", "t2"]}


@pytest.mark.parametrize(
    ("ref", "kind"),
    [
        ("evidence/a/photo.JPG", "photo"),
        ("x/site.mp4", "video"),
        ("总结.docx", "document"),
        ("https://example.com/x.jpg", "link"),
        ("notes", "other"),
        ("视频:https://example.com/v", "video"),
    ],
)
def test_evidence_kinds(ref: str, kind: str) -> None:
    assert evidence_kind(ref) == kind


def test_evidence_counted_per_theme() -> None:
    c = campaign(
        tasks=TASKS,
        units=_units(a={"t1": {"done": dt.date(2024, 9, 9), "evidence": ["a.jpg", "b.png", "https://x.cn/y"]}}),
    )
    first = _figures(c, dt.date(2024, 9, 15)).evidence[0]
    assert (first.theme, first.done, first.units) == ("a", 1, 1)
    assert first.counts == {"photo": 2, "video": 0, "document": 0, "link": 1, "other": 0}


def test_numbered_titles() -> None:
    assert numbered("（一）", "宣传") == "（一）宣传"
    assert numbered("四", "有关要求") == "四、有关要求"
    assert numbered("", "无编号") == "无编号"
