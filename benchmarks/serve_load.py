"""A bounded local load generator against the real `qmonth serve` (uvicorn on 127.0.0.1): not a test.

    python benchmarks/serve_load.py                     # the national file (3,000 units × 12 tasks)
    python benchmarks/serve_load.py --units 300 --clients 20 --pages 400 --reports 300

Prints (1) a unit's page: p50/p95 with N concurrent clients, each a different unit's session;
(2) the time to write R accepted reports in batches: R reports inserted into the inbox as
accepted (as 采纳 of R at once, or review off), then one flush — one locked read–edit–write —
through the same path the review page uses. Runs in a temporary folder; nothing else is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    p.add_argument("--units", type=int, default=3000)
    p.add_argument("--tasks", type=int, default=12)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--pages", type=int, default=1000, help="page loads in all (bounded)")
    p.add_argument("--reports", type=int, default=3000)
    a = p.parse_args(argv)

    import httpx
    import uvicorn

    from qmonth.core.store import load
    from qmonth.web import inbox, tokens
    from qmonth.web.app import Settings, build

    folder = Path(tempfile.mkdtemp(prefix="qmonth-serve-load-"))
    path = folder / "campaign.toml"
    path.write_text(generate(units=a.units, tasks=a.tasks, seed=2024), encoding="utf-8")
    c = load(path).campaign
    units = list(c.units)
    store = tokens.load(folder / "links.json", create=True)
    made = {m.who: m.token for m in tokens.manage(store, units[: a.clients], [], [], [], "2024-09-01") if m.token}
    tokens.save(store)
    day = c.campaign.start + dt.timedelta(days=19)
    settings = Settings(
        path,
        folder / "links.json",
        clock=lambda: dt.datetime.combine(day, dt.time(4), dt.UTC),
        pages_per_minute=10**9,
        posts_per_minute=10**9,
    )
    app = build(settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)

    async def pages() -> list[float]:
        clients = []
        for uid in units[: a.clients]:
            cl = httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=True)
            await cl.get(f"/t/{made[uid]}")
            clients.append(cl)
        times: list[float] = []
        per = max(1, a.pages // len(clients))

        async def one(cl: httpx.AsyncClient) -> None:
            for _ in range(per):
                t0 = time.perf_counter()
                r = await cl.get("/")
                times.append(time.perf_counter() - t0)
                assert r.status_code == 200, r.status_code

        await asyncio.gather(*(one(cl) for cl in clients))
        for cl in clients:
            await cl.aclose()
        return times

    times = asyncio.run(pages())
    q = statistics.quantiles(times, n=100)
    print(f"page: {len(times)} loads, {a.clients} concurrent clients: p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms")

    box = inbox.Inbox(inbox.path_for(path))
    tids = [tid for tid, t in c.tasks.items() if not t.repeat]
    n = 0
    for uid in units:
        for tid in tids:
            if n >= a.reports:
                break
            if c.applies(c.tasks[tid], uid) and tid not in c.units[uid].progress:
                box.add(uid, tid, "done", day.isoformat(), "", {}, [], "2024-09-20T04:00:00+00:00", inbox.ACCEPTED)
                n += 1
        if n >= a.reports:
            break
    site = app.app.state.site  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    batch = asyncio.run(site.flush())
    took = time.perf_counter() - t0
    print(
        f"write: {len(batch.written)} of {n} reports in one batch in {took:.1f} s ({len(batch.written) / took:.0f} reports/s); "
        f"{len(batch.failed)} failed"
    )
    server.should_exit = True
    thread.join(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
