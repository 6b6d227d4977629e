"""`qmonth serve` killed (SIGKILL) in the middle of a batch, for real: a `qmonth serve` process on a
free localhost port, reports sent and accepted over HTTP, the process killed while the batch is
in progress — with the file locked and the edits planned, or with the file replaced and the
inbox not yet told — then started again. Every accepted report ends up in campaign.toml exactly
once, `qmonth check` passes, one commit names the units, and the inbox says what happened.

The batch is held where the test kills it by QMONTH_TEST_BATCH_PAUSE (read by the CLI, in
qmonth/cli/serve.py): the server says so on stderr and waits; the test kills it at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from qmonth.cli import app
from tests.test_serve import PNG, Campaign, _git, csrf_of, make_campaign, rows

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}


class Serve:
    """A `qmonth serve` process; its stderr lines as they come."""

    def __init__(self, camp: Campaign, pause: str = "") -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **GIT_ENV, "QMONTH_TEST_BATCH_PAUSE": pause}
        argv = [sys.executable, "-m", "qmonth", "serve", "-f", str(camp.path), "--links", str(camp.links)]
        argv += ["--port", str(self.port), "--today", "2024-09-20"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        self.lines: list[str] = []
        self.said = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            with self.said:
                self.lines.append(raw.decode("utf-8", "replace"))
                self.said.notify_all()

    def wait_for(self, text: str, timeout: float = 30) -> None:
        with self.said:
            if not self.said.wait_for(lambda: any(text in line for line in self.lines), timeout):
                raise AssertionError(f"the server never said {text!r}: {''.join(self.lines)[-2000:]}")

    def up(self) -> Serve:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "".join(self.lines)
            try:
                if httpx.get(self.url + "/static/app.css", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise AssertionError("the server did not start: " + "".join(self.lines))

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@contextmanager
def serving(camp: Campaign, pause: str = "") -> Iterator[Serve]:
    server = Serve(camp, pause).up()
    try:
        yield server
    finally:
        server.stop()


def client(server: Serve, camp: Campaign, who: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=server.url, timeout=10, follow_redirects=True)
    return c, csrf_of(c.get(f"/t/{camp.tokens[who]}").text)


@pytest.mark.parametrize("stage", ["before", "after"])
def test_killed_mid_batch_no_accepted_report_is_lost_or_written_twice(tmp_path: Path, stage: str) -> None:
    camp = make_campaign(tmp_path)
    before = camp.path.read_text(encoding="utf-8")
    commits = int(_git(camp.folder, "rev-list", "--count", "HEAD"))
    with serving(camp, pause=stage) as server:
        for unit, task in (("chikan", "summary"), ("xiashan", "summary"), ("associations", "publicity-media")):
            c, csrf = client(server, camp, unit)
            data = {"csrf": csrf, "day": "2024-09-18", "note": f"{unit} 已盖章"}
            sent = c.post(f"/report/{task}", data=data, files=[("files", ("a.png", PNG, "image/png"))])
            assert sent.status_code == 200, sent.text
        c, csrf = client(server, camp, "chikan")
        c.post("/report/publicity-banners", data={"csrf": csrf, "day": "2024-09-19"})
        ids = {(r["unit"], r["task"]): r["id"] for r in rows(camp)}
        boss, csrf = client(server, camp, "@coordinator")
        back = {"csrf": csrf, "ids": [str(ids["xiashan", "summary"])], "action": "return", "reason": "照片不清晰"}
        boss.post("/review", data=back)
        accepted = [ids["chikan", "summary"], ids["associations", "publicity-media"], ids["chikan", "publicity-banners"]]
        form = {"csrf": csrf, "ids": [str(i) for i in accepted], "action": "accept"}
        threading.Thread(target=lambda: _quietly(boss.post, "/review", data=form), daemon=True).start()
        server.wait_for(f"qmonth-test-pause {stage}")  # the batch is in progress: kill it there
        server.kill()

    killed = rows(camp)
    assert {r["id"]: r["state"] for r in killed if r["id"] in accepted} == dict.fromkeys(accepted, "accepted")
    text = camp.path.read_text(encoding="utf-8")
    if stage == "before":
        assert text == before  # nothing written yet
    else:
        assert text != before and "[units.chikan.progress.summary]" in text  # written, the inbox not told
    assert int(_git(camp.folder, "rev-list", "--count", "HEAD")) == commits

    with serving(camp):  # started again: the batch is written at start-up
        pass
    after = camp.path.read_text(encoding="utf-8")
    states = {(r["unit"], r["task"]): r["state"] for r in rows(camp)}
    assert states == {
        ("chikan", "summary"): "written",
        ("associations", "publicity-media"): "written",
        ("chikan", "publicity-banners"): "written",
        ("xiashan", "summary"): "returned",
    }
    for table in ("chikan.progress.summary", "associations.progress.publicity-media", "chikan.progress.publicity-banners"):
        assert after.count(f"[units.{table}]") == 1, table
    assert "[units.xiashan.progress" not in after
    assert after.count("chikan 已盖章") == 1 and after.count("associations 已盖章") == 1
    for r in rows(camp):  # each photo listed once, in its unit's record
        for ref in re.findall(r'"(evidence/[^"]+)"', r["evidence"]):
            assert after.count(ref) == (1 if r["state"] == "written" else 0)
    check = CliRunner().invoke(app, ["check", "-f", str(camp.path)])
    assert check.exit_code == 0, check.output
    assert int(_git(camp.folder, "rev-list", "--count", "HEAD")) == commits + 1
    subject = _git(camp.folder, "log", "-1", "--format=%s")
    assert "赤坎区" in subject and "行业协会" in subject
    assert _git(camp.folder, "status", "--porcelain", "--", "campaign.toml").strip() == ""
    assert not list(camp.folder.glob(".campaign.toml.*.tmp"))  # no temporary file left behind


def _quietly(post: object, *args: object, **kw: object) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server is killed under it
        post(*args, **kw)  # type: ignore[operator]
