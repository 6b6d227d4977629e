"""A bounded local load generator against the real `qmonth serve` (uvicorn on 127.0.0.1, its own
process, started as a user starts it): not a test.

    python benchmarks/serve_load.py                     # the national file (3,000 units × 12 tasks)
    python benchmarks/serve_load.py --units 300 --clients 20 --pages 400 --reports 300

Prints, against the issue's targets:

1. a unit's page: p50/p95 with N concurrent clients, each a different unit's session, each
   loading its page again as soon as it has it (a closed loop; the client is a few lines of
   asyncio on raw keep-alive connections, so that the load generator takes as little of the
   machine as it can);
2. 3,000 accepted at once (review on): R reports sent and waiting, the coordinator accepts them
   all in one POST /review; the time until the answer (the batch written, validated and
   committed: the campaign is in git) and reports per second; then the page again, opened once
   each by F other units (`--first-views`): the batch changed the file, so none is kept and each
   is rendered anew;
3. review off: R liaisons each send their report (POST /report, 50 at a time) and the server
   writes them as they come (reports arriving together are one batch); the time from the first
   report sent to the last one written, and reports per second.

With each page figure, the CPU the server process used a page (from /proc, Linux). Runs in a
temporary folder (removed at the end, unless --keep); nothing else is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import AS_OF, generate

GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@x"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER: list[int] = []  # the pid of the server running


def cpu_seconds() -> float:
    """CPU time the server process has used (user + system), from /proc (Linux); 0 elsewhere."""
    try:
        fields = Path(f"/proc/{SERVER[-1]}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb() -> float:
    """The server's resident memory (MB), from /proc (Linux); 0 elsewhere."""
    try:
        for line in Path(f"/proc/{SERVER[-1]}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0.0


@contextmanager
def serving(path: Path, links: Path, day: dt.date) -> Iterator[str]:
    """`qmonth serve` on a free port, in its own process; its address."""
    port = free_port()
    argv = [sys.executable, "-m", "qmonth", "serve", "-f", str(path), "--links", str(links), "--port", str(port)]
    argv += ["--today", day.isoformat()]
    log = open(path.parent / "serve.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **GIT_ENV})
    url = f"http://127.0.0.1:{port}"
    SERVER.append(proc.pid)
    try:
        import httpx

        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError((path.parent / "serve.log").read_text(encoding="utf-8", errors="replace"))
            try:
                if httpx.get(url + "/static/app.css", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def logins(url: str, tokens: dict[str, str], at_once: int = 50) -> dict[str, tuple[str, str]]:
    """Each link exchanged for its session cookie, and the CSRF token of the page it opens."""
    port = int(url.rsplit(":", 1)[1])
    todo = list(tokens.items())
    out: dict[str, tuple[str, str]] = {}

    async def one() -> None:
        while todo:
            who, token = todo.pop()
            conn = Conn(port, "")
            status, _ = await conn.request("GET", f"/t/{token}")
            assert status == 303, status
            conn.cookie = conn.set_cookie
            status, page = await conn.request("GET", "/review" if who == "@coordinator" else "/")
            conn.close()
            found = re.search(r'name="csrf" value="([^"]+)"', page.decode("utf-8"))
            out[who] = (conn.cookie, found[1] if found else "")

    async def main() -> None:
        await asyncio.gather(*(one() for _ in range(at_once)))

    asyncio.run(main())
    return out


class Conn:
    """One keep-alive HTTP/1.1 connection: a request, the whole answer (status, body)."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.r: asyncio.StreamReader | None = None
        self.w: asyncio.StreamWriter | None = None
        self.set_cookie = ""

    async def request(self, method: str, target: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.w is None:
            self.r, self.w = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.r is not None
        head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if self.cookie:
            head += f"Cookie: {self.cookie}\r\n"
        if body:
            head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        self.w.write(head.encode() + b"\r\n" + body)
        await self.w.drain()
        lines = (await self.r.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        for h in lines:
            if h.lower().startswith("set-cookie:"):
                self.set_cookie = h.split(":", 1)[1].split(";", 1)[0].strip()
        length = next((int(h.split(":", 1)[1]) for h in lines if h.lower().startswith("content-length:")), 0)
        return status, await self.r.readexactly(length)

    def close(self) -> None:
        if self.w is not None:
            self.w.close()


def pages(url: str, sessions: list[str], total: int, clients: int = 0) -> tuple[list[float], float]:
    """`total` page loads by `clients` clients at once (default: one per session, each reloading
    its page); with more sessions than clients, each client opens the next session's page (every
    load is a different unit's)."""
    port = int(url.rsplit(":", 1)[1])
    times: list[float] = []
    clients = clients or len(sessions)
    queue = [sessions[i % len(sessions)] for i in range(total)]

    async def one() -> None:
        conn = Conn(port, "")
        while queue:
            conn.cookie = queue.pop()
            t0 = time.perf_counter()
            status, _ = await conn.request("GET", "/")
            times.append(time.perf_counter() - t0)
            assert status == 200, status
        conn.close()

    async def main() -> None:
        await asyncio.gather(*(one() for _ in range(clients)))

    cpu = cpu_seconds()
    asyncio.run(main())
    return times, cpu_seconds() - cpu


def say(what: str, measured: tuple[list[float], float], clients: int) -> None:
    times, cpu = measured
    q = statistics.quantiles(times, n=100)
    print(
        f"{what}: {len(times)} loads by {clients} concurrent clients: p50 {q[49] * 1000:.0f} ms, "
        f"p95 {q[94] * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (target: p95 ≤ 200 ms); "
        f"server CPU {cpu / len(times) * 1000:.1f} ms a page, memory {rss_mb():.0f} MB"
    )


def campaign(units: int, tasks: int, folder: Path, extra: str = "") -> Path:
    folder.mkdir()
    path = folder / "campaign.toml"
    path.write_text(generate(units=units, tasks=tasks, seed=2024) + extra, encoding="utf-8")
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "campaign.toml"], ["commit", "-qm", "start"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True)
    return path


def open_slots(path: Path, n: int) -> list[tuple[str, str]]:
    """n (unit, task) pairs not yet recorded, each unit once as far as they go."""
    from qmonth.core.store import load

    c = load(path).campaign
    tids = [tid for tid, t in c.tasks.items() if not t.repeat]
    out: dict[tuple[str, str], None] = {}
    for round_ in range(len(tids)):
        for uid, unit in c.units.items():
            for tid in tids[round_:] + tids[:round_]:
                if c.applies(c.tasks[tid], uid) and tid not in unit.progress and (uid, tid) not in out:
                    out[uid, tid] = None
                    break
            if len(out) >= n:
                return list(out)
    return list(out)


def links_for(folder: Path, units: list[str]) -> tuple[Path, dict[str, str]]:
    from qmonth.web import tokens

    links = folder / "private" / "links.json"
    store = tokens.load(links, create=True)
    made = {m.who: m.token for m in tokens.manage(store, units, [], [], [], "2024-09-01") if m.token}
    tokens.save(store)
    return links, made


def states(path: Path) -> dict[str, int]:
    from qmonth.web import inbox

    db = sqlite3.connect(inbox.path_for(path))
    try:
        return dict(db.execute("SELECT state, COUNT(*) FROM reports GROUP BY state").fetchall())
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n", 1)[0])
    p.add_argument("--units", type=int, default=3000)
    p.add_argument("--tasks", type=int, default=12)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--pages", type=int, default=2000, help="page loads in all (bounded)")
    p.add_argument("--reports", type=int, default=3000)
    p.add_argument("--first-views", type=int, default=1000, help="units whose page is opened once after the batch")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = p.parse_args(argv)
    day = AS_OF
    root = Path(tempfile.mkdtemp(prefix="qmonth-serve-load-"))
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"campaign: {a.units} units × {a.tasks} tasks; {a.clients} clients; {a.reports} reports")
    try:
        # 1 and 2: review on
        path = campaign(a.units, a.tasks, root / "review")
        slots = open_slots(path, a.reports)
        from qmonth.core.store import load

        units = list(load(path).campaign.units)
        cold = units[-a.first_views :] if a.first_views else []
        links, made = links_for(path.parent, [*units[: a.clients], *cold, "@coordinator"])
        with serving(path, links, day) as url:
            logged = logins(url, made)
            sessions = [logged[u][0] for u in units[: a.clients]]
            pages(url, sessions, a.clients * 2)  # warm up
            say("page, reloaded by each client", pages(url, sessions, a.pages), a.clients)
            from qmonth.web import inbox

            box = inbox.Inbox(inbox.path_for(path))
            ids = [box.add(u, t, "done", day.isoformat(), "", {}, [], "2024-09-20T04:00:00+00:00") for u, t in slots]
            cookie, csrf = logged["@coordinator"]
            body = urllib.parse.urlencode([("csrf", csrf), ("action", "accept"), *(("ids", str(i)) for i in ids)]).encode()

            async def accept() -> int:
                conn = Conn(int(url.rsplit(":", 1)[1]), cookie)
                status, _ = await conn.request("POST", "/review", body)
                conn.close()
                return status

            t0 = time.perf_counter()
            status = asyncio.run(accept())
            took = time.perf_counter() - t0
            written = states(path).get(inbox.WRITTEN, 0)
            print(
                f"review on, {len(ids)} accepted at once: {written} written and committed in {took:.1f} s "
                f"({written / took:.0f} reports/s; HTTP {status}; server memory {rss_mb():.0f} MB) (target: 3,000 in ≤ 120 s)"
            )
            if cold:  # the batch changed the file: no page is kept, each unit's is a first view
                say("page, first view after a write", pages(url, [logged[u][0] for u in cold], len(cold), a.clients), a.clients)
        check = subprocess.run([sys.executable, "-m", "qmonth", "check", "-f", str(path)], capture_output=True, text=True)
        print(f"qmonth check after it: exit {check.returncode}")

        # 3: review off, the liaisons send
        path = campaign(a.units, a.tasks, root / "direct", "\n[serve]\nreview = false\n")
        slots = open_slots(path, a.reports)
        links, made = links_for(path.parent, sorted({u for u, _ in slots}))
        with serving(path, links, day) as url:
            logged = logins(url, made)
            port = int(url.rsplit(":", 1)[1])
            queue = list(slots)

            async def liaison() -> None:
                while queue:
                    uid, tid = queue.pop()
                    cookie, csrf = logged[uid]
                    conn = Conn(port, cookie)
                    body = urllib.parse.urlencode({"csrf": csrf, "day": day.isoformat(), "note": ""}).encode()
                    status, _ = await conn.request("POST", f"/report/{tid}", body)
                    conn.close()
                    assert status == 303, status

            async def send() -> None:
                await asyncio.gather(*(liaison() for _ in range(a.clients)))

            t0 = time.perf_counter()
            asyncio.run(send())
            while states(path).get(inbox.WRITTEN, 0) < len(slots) and time.perf_counter() - t0 < 600:
                time.sleep(0.2)
            took = time.perf_counter() - t0
            written = states(path).get(inbox.WRITTEN, 0)
            count = ["git", "-C", str(path.parent), "rev-list", "--count", "HEAD"]
            commits = subprocess.run(count, capture_output=True, text=True)
            print(
                f"review off, {len(slots)} liaisons sending ({a.clients} at a time): {written} written in {took:.1f} s "
                f"({written / took:.0f} reports/s, {int(commits.stdout) - 1} batches/commits; server memory {rss_mb():.0f} MB) "
                "(target: 3,000 in ≤ 120 s)"
            )
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if a.keep:
            print(root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
