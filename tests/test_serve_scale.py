"""What keeps `qmonth serve` fast at the national size without changing what it shows: a unit's
page kept per campaign version (each session still gets its own CSRF token; a change of the
file, by serve or by anyone, shows at once), and requests queued behind a batch not each running
a batch of their own. The figures: benchmarks/serve_load.py (docs/dev/performance.md)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from qmonth.web import inbox
from qmonth.web.app import build
from tests.conftest import Run
from tests.test_serve import PNG, Campaign, csrf_of, login, make_campaign, report, rows


@pytest.fixture
def camp(tmp_path: Path) -> Campaign:
    return make_campaign(tmp_path)


def test_a_kept_page_carries_each_sessions_own_csrf_token(camp: Campaign) -> None:
    app = build(camp.settings())
    with TestClient(app) as a, TestClient(app) as b:
        first, second = login(a, camp, "chikan"), login(b, camp, "chikan")
        assert first != second
        assert csrf_of(a.get("/").text) == first and csrf_of(b.get("/").text) == second
        assert app.app.state.site.csrf_mark not in a.get("/").text  # type: ignore[attr-defined]
        assert report(b, second, files=[("a.png", PNG)]).status_code == 303
        assert report(a, second, files=[("a.png", PNG)]).status_code == 403  # another session's token


def test_a_page_shows_what_changed_at_once(camp: Campaign, run: Run) -> None:
    with TestClient(build(camp.settings())) as c:
        login(c, camp, "chikan")
        assert "已完成（" not in c.get("/").text.split('id="receipt"')[1].split("</section>")[0]
        # the coordinator records it from the command line meanwhile: the page shows it
        assert run("receipt", "chikan", "--set", "手机=13800000000", "--on", "2024-09-18", "-f", camp.path).exit_code == 0
        part = c.get("/").text.split('id="receipt"')[1].split("</section>")[0]
        assert "已完成（2024-09-18）" in part
        # what the unit sends shows at once too (the inbox is part of what a kept page is kept by)
        report(c, csrf_of(c.get("/").text), task="publicity-banners", note="横幅已挂")
        assert "横幅已挂" in c.get("/").text


def test_a_report_already_written_by_an_earlier_batch_runs_no_batch_of_its_own(tmp_path: Path) -> None:
    direct = make_campaign(tmp_path, extra="\n[serve]\nreview = false\n")
    app = build(direct.settings())
    site: Any = app.app.state.site  # type: ignore[attr-defined]
    with TestClient(app) as c:
        report(c, login(c, direct, "chikan"), day="2024-09-18")
        (row,) = rows(direct)
        assert row["state"] == inbox.WRITTEN
        stamp = os.stat(direct.path).st_mtime_ns
        box = inbox.Inbox(inbox.path_for(direct.path))
        waiting = box.add("xiashan", "summary", "done", "2024-09-18", "", {}, [], "2024-09-20T04:00:00+00:00", inbox.ACCEPTED)
        batch = asyncio.run(site.flush([row["id"]]))  # its report is written: nothing to wait for
        assert not batch.written and os.stat(direct.path).st_mtime_ns == stamp
        assert box.get(waiting).state == inbox.ACCEPTED  # left to the request that sent it
        batch = asyncio.run(site.flush([waiting]))
        assert batch.written == [waiting]


def test_a_batch_drops_only_the_pages_of_the_units_it_wrote(camp: Campaign) -> None:
    app = build(camp.settings())
    site: Any = app.app.state.site  # type: ignore[attr-defined]
    with TestClient(app) as a, TestClient(app) as b, TestClient(app) as boss:
        csrf = login(a, camp, "chikan")
        login(b, camp, "xiashan")
        report(a, csrf, files=[("a.png", PNG)], day="2024-09-18")
        kept = b.get("/").text
        csrf = login(boss, camp, "@coordinator")
        boss.post("/review", data={"csrf": csrf, "ids": [str(rows(camp)[0]["id"])], "action": "accept"})
        version = site.version(site.campaign()[0])
        assert {k[1] for k in site.pages if k[0] == version} == {"xiashan"}  # chikan's was dropped
        assert b.get("/").text == kept
        assert "已完成（2024-09-18）" in a.get("/").text


def test_a_batch_after_a_change_made_outside_serve_keeps_that_change(camp: Campaign, run: Run) -> None:
    """serve starts a batch from the file it holds only while the file is still that text."""
    with TestClient(build(camp.settings())) as c:
        csrf = login(c, camp, "chikan")
        report(c, csrf, files=[("a.png", PNG)], day="2024-09-18")
        assert run("done", "xiashan", "summary", "--on", "2024-09-17", "-f", camp.path).exit_code == 0
        csrf = login(c, camp, "@coordinator")
        c.post("/review", data={"csrf": csrf, "ids": [str(rows(camp)[0]["id"])], "action": "accept"})
    text = camp.path.read_text(encoding="utf-8")
    assert "[units.xiashan.progress.summary]\ndone = 2024-09-17" in text
    assert "[units.chikan.progress.summary]\ndone = 2024-09-18" in text
    assert run("check", "-f", camp.path).exit_code == 0


def test_the_server_runs_with_the_cycle_collector_on(camp: Campaign, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every one-shot command runs with Python's cycle collector off (entry.py); a server that runs
    for weeks must not, or the reference cycles its batches leave behind are never freed."""
    import gc

    import uvicorn

    seen: list[bool] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.append(gc.isenabled()))
    was = gc.isenabled()
    gc.disable()
    try:
        result = run("serve", "-f", camp.path, "--links", camp.links, "--port", "0")
    finally:
        (gc.enable if was else gc.disable)()
    assert result.exit_code == 0, result.output
    assert seen == [True]
