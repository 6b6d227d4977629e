"""Issue 18: delivery always ends, and the 催办 log is held to the campaign file's rules.

Hostile servers (plain sockets in threads on localhost): a robot that drips one byte at a time, one
that streams without end, an SMTP server whose banner drips or whose reply never ends. The bounds
are shortened through the documented QMONTH_NOTIFY_* variables (they may shorten, never lengthen).
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import json
import os
import resource
import shutil
import socket
import string
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from qmonth.i18n import MESSAGES
from tests.conftest import Run, quick_delivery

ROOT = Path(__file__).resolve().parents[1]
TODAY = ("--today", "2024-09-11")


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    quick_delivery(monkeypatch, tmp_path, "0.4")
    monkeypatch.setenv("QMONTH_NOTIFY_BUDGET", "1.5")


def channel(path: Path, name: str, kind: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f'\n[notify.{name}]\nkind = "{kind}"\n')


def with_contact_email(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('messaging = "粤政易（同名）"', 'messaging = "粤政易（同名）"\nemail = "zaj@example.cn"'), encoding="utf-8"
    )


class Hostile:
    """A TCP server on localhost: each connection is handed to `behave(conn, stop)` in a thread;
    `sent` counts the bytes it managed to send."""

    def __init__(self, behave: Callable[[socket.socket, Hostile], None]) -> None:
        self.behave = behave
        self.stop = threading.Event()
        self.sent = 0
        self.connections = 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self.threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        with contextlib.suppress(OSError), conn:
            self.behave(conn, self)

    def send(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        self.sent += len(data)

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.acceptor.join(2)
        for t in self.threads:
            t.join(2)


@contextlib.contextmanager
def hostile(behave: Callable[[socket.socket, Hostile], None]) -> Iterator[Hostile]:
    server = Hostile(behave)
    try:
        yield server
    finally:
        server.close()


def read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        with contextlib.suppress(TimeoutError):
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk


def drip(payload: bytes, every: float) -> Callable[[socket.socket, Hostile], None]:
    def behave(conn: socket.socket, server: Hostile) -> None:
        if not payload.startswith(b"220"):
            read_request(conn)
        for i in range(len(payload)):
            if server.stop.wait(every):
                return
            server.send(conn, payload[i : i + 1])

    return behave


def endless(head: bytes, chunk: bytes, read_first: bool = True) -> Callable[[socket.socket, Hostile], None]:
    def behave(conn: socket.socket, server: Hostile) -> None:
        if read_first:
            read_request(conn)
        server.send(conn, head)
        conn.settimeout(2)
        while not server.stop.is_set():
            server.send(conn, chunk)

    return behave


def robot(shipped: Path, monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=k")


def timed(run: Run, *args: Any) -> tuple[Any, float]:
    start = time.monotonic()
    result = run(*args)
    return result, time.monotonic() - start


# ── every network exchange ends ──────────────────────────────────────────────


def test_a_robot_dripping_its_headers_cannot_hold_the_run(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"errcode": 0, "errmsg": ""}'
    with hostile(drip(answer, 0.1)) as server:  # a byte every 0.1 s: each read is well within its 0.4 s timeout
        robot(shipped, monkeypatch, server.port)
        result, took = timed(run, "remind", "-f", shipped, *TODAY, "--send")
        assert result.exit_code == 5, result.output
        assert "渠道 group" in result.stderr and "秒内无响应" in result.stderr
        assert took < 2.5  # two attempts of 0.4 s, within the channel's 1.5 s
        assert server.connections == 2  # the first attempt and one retry
        assert not (shipped.parent / "campaign.log.jsonl").read_text(encoding="utf-8")  # nothing logged
        # the next run is not blocked by the first (no lock left behind, no exit 4)
        again, took = timed(run, "remind", "-f", shipped, *TODAY, "--send", "--lang", "en")
        assert again.exit_code == 5 and took < 2.5
        assert "channel group:" in again.stderr and "did not answer within 0.4 s" in again.stderr


def test_a_robot_dripping_its_body_is_cut_at_the_deadline(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"

    def behave(conn: socket.socket, server: Hostile) -> None:
        read_request(conn)
        server.send(conn, head)
        while not server.stop.wait(0.05):
            server.send(conn, b" ")

    with hostile(behave) as server:
        robot(shipped, monkeypatch, server.port)
        result, took = timed(run, "remind", "-f", shipped, *TODAY, "--send")
    assert result.exit_code == 5 and "渠道 group" in result.stderr
    assert took < 2.5


def test_a_robot_streaming_without_end_is_read_up_to_the_cap(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    block = b"x" * 65536
    chunk = b"%x\r\n%s\r\n" % (len(block), block)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with hostile(endless(head, chunk)) as server:
        robot(shipped, monkeypatch, server.port)
        result, took = timed(run, "remind", "-f", shipped, *TODAY, "--send", "--lang", "en")
        sent = server.sent
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.exit_code == 5, result.output
    assert "channel group: 127.0.0.1:" in result.stderr and "answer passed 65536 bytes" in result.stderr
    assert took < 2.0
    assert server.connections == 1  # an answer too long is not retried
    assert sent < 16 * 1024 * 1024  # stopped reading: the server was held back by the socket's buffers
    assert grown_mb < 100, grown_mb


def test_an_smtp_banner_that_drips_cannot_hold_the_run(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_contact_email(shipped)
    channel(shipped, "mail", "mail")
    with hostile(drip(b"220 mail.example.cn ESMTP ready, slowly\r\n" * 10, 0.05)) as server:
        monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{server.port}?from=qmonth@example.cn")
        result, took = timed(run, "remind", "-f", shipped, *TODAY, "--send")
        assert result.exit_code == 5, result.output
        assert "渠道 mail" in result.stderr and "秒内无响应" in result.stderr
        assert took < 2.5
        assert server.connections == 2
        again, took = timed(run, "remind", "-f", shipped, *TODAY, "--send")
        assert again.exit_code == 5 and took < 2.5  # the next run is not blocked


def test_an_smtp_reply_without_end_is_cut_at_the_cap(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_contact_email(shipped)
    channel(shipped, "mail", "mail")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with hostile(endless(b"", b"220-" + b"y" * 1000 + b"\r\n", read_first=False)) as server:
        monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{server.port}?from=qmonth@example.cn")
        result, took = timed(run, "remind", "-f", shipped, *TODAY, "--send", "--lang", "en")
        sent = server.sent
    assert result.exit_code == 5, result.output
    assert "channel mail:" in result.stderr and "answer passed 65536 bytes" in result.stderr
    assert took < 2.0 and sent < 16 * 1024 * 1024
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 100


def test_the_run_has_a_deadline_over_all_its_channels(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMONTH_NOTIFY_RUN_BUDGET", "1")
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n" + b" " * 27
    with hostile(drip(answer, 0.1)) as server:
        for name in ("one", "two", "three"):
            channel(shipped, name, "wecom")
            monkeypatch.setenv(f"QMONTH_NOTIFY_{name.upper()}", f"http://127.0.0.1:{server.port}/send?key=k")
        result, took = timed(run, "remind", "-f", shipped, *TODAY, "--send", "--lang", "en")
    assert result.exit_code == 5
    assert took < 2.0  # three channels of 1.5 s each, cut by the run's 1 s
    assert "channel three: not tried, the run's time limit of 1 s ran out" in result.stderr


def test_the_http_client_cuts_every_socket_operation_to_the_deadline() -> None:
    import httpx

    from qmonth.notify.channels import Deadline, http_client

    client = http_client(Deadline())
    try:
        assert getattr(client, "_qmonth_deadline", False)  # the deadline backend is in place
    finally:
        client.close()
    # and it acts: connect, write and each read of a dripped answer (a byte every 0.05 s, each
    # read well within httpx's own 5 s timeout) all count against one deadline of 0.4 s
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n" + b" " * 27
    with hostile(drip(answer, 0.05)) as server:
        deadline = Deadline()
        client = http_client(deadline)
        try:
            deadline.until = time.monotonic() + 0.4
            start = time.monotonic()
            with pytest.raises(httpx.TimeoutException):
                client.post(f"http://127.0.0.1:{server.port}/send", content=b"{}", timeout=5)
            assert time.monotonic() - start < 1.5  # the whole answer would take 3 s
            deadline.until = time.monotonic() - 1  # already past: nothing is even sent
            with pytest.raises(httpx.TimeoutException):
                client.post(f"http://127.0.0.1:{server.port}/send", content=b"{}", timeout=5)
        finally:
            client.close()


# ── the lock: on the log itself, its message filled ──────────────────────────


def test_a_busy_log_gives_a_filled_message_and_the_lock_is_on_the_log(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    robot_url = httpserver.url_for("/send?key=k")
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", robot_url)
    monkeypatch.setenv("QMONTH_NOTIFY_RUN_BUDGET", "0.6")  # the wait for the lock: half of it
    httpserver.expect_request("/send").respond_with_json({"errcode": 0})
    log = shipped.with_name("campaign.log.jsonl")
    fd = os.open(log, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result, took = timed(run, "remind", "-f", shipped, *TODAY, "--send")
        assert result.exit_code == 4
        assert "{" not in result.stderr and "}" not in result.stderr
        assert f"{log} 正被另一个进程写入（pid {os.getpid()}" in result.stderr and "等了 0.3 秒" in result.stderr
        assert took < 1.5 and not httpserver.log
    finally:
        os.close(fd)
    assert run("remind", "-f", shipped, *TODAY, "--send").exit_code == 0
    assert len(httpserver.log) == 1
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["campaign.log.jsonl", "campaign.toml"]  # no lock file


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_raised_or_printed_is_given_every_parameter_it_names() -> None:
    """Each call that names a message by a literal code (an error class, a Problem, `_t`/`t`)
    passes every {parameter} both languages use: a template is never shown unfilled."""
    calls = 0
    missing: list[str] = []
    for path in sorted((ROOT / "qmonth").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args or _name(node) not in CHECKED:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value in MESSAGES):
                continue
            given: set[str] | None = {k.arg for k in node.keywords if k.arg}
            extra = [k.value for k in node.keywords if k.arg == "params"] + node.args[3:4] if _name(node) == "Problem" else []
            if any(k.arg is None for k in node.keywords):  # **params: not checkable here
                given = None
            for value in extra:
                if isinstance(value, ast.Dict) and given is not None:
                    given |= {key.value for key in value.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)}
                else:
                    given = None
            if given is None:
                continue
            if _name(node) == "Problem":
                given |= {"key", "line", "path"}
            calls += 1
            need = set().union(*(_fields(s) for s in MESSAGES[first.value]))
            if need - given:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {first.value} lacks {sorted(need - given)}")
    assert calls > 300
    assert not missing, "\n".join(missing)


CHECKED = {"QmonthError", "UsageError", "FileError", "ConflictError", "DeliveryError", "Problem", "_t", "t"}


def _name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


# ── the log is opened as the campaign is ─────────────────────────────────────


def chase(run: Run, shipped: Path) -> Any:
    return run("chase", "-f", shipped, "赤坎", "receipt", "--by", "phone", "--today", "2024-09-11")


def test_a_log_symlinked_out_of_the_folder_is_refused_and_nothing_is_written_there(
    run: Run, shipped: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    target = outside / "stolen.jsonl"
    log = shipped.with_name("campaign.log.jsonl")
    log.symlink_to(target)  # dangling: an append would create it
    for args in (("status", "-f", shipped, "--unit", "赤坎", *TODAY), ("log", "-f", shipped)):
        result, took = timed(run, *args)
        assert result.exit_code == 3, result.output
        assert f"{log} 是指向活动文件夹之外" in result.stderr and took < 1
    assert chase(run, shipped).exit_code == 3
    assert not target.exists()
    target.write_text("", encoding="utf-8")
    assert chase(run, shipped).exit_code == 3
    assert target.read_text(encoding="utf-8") == ""
    # a symlink to a file inside the folder is the log
    log.unlink()
    (shipped.parent / "real.jsonl").write_text("", encoding="utf-8")
    log.symlink_to("real.jsonl")
    assert chase(run, shipped).exit_code == 0
    assert '"unit": "chikan"' in (shipped.parent / "real.jsonl").read_text(encoding="utf-8")


def test_a_fifo_or_a_device_log_is_refused_at_once(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = shipped.with_name("campaign.log.jsonl")
    os.mkfifo(log)
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", "http://127.0.0.1:9/send?key=k")
    for args in (
        ("status", "-f", shipped, *TODAY),
        ("log", "-f", shipped),
        ("status", "-f", shipped, "--unit", "赤坎", *TODAY),
        ("remind", "-f", shipped, *TODAY, "--send"),
    ):
        result, took = timed(run, *args)
        assert result.exit_code == 3, (args, result.output)
        assert f"{log} 不是普通文件" in result.stderr and took < 1
    assert chase(run, shipped).exit_code == 3
    log.unlink()
    log.symlink_to("/dev/zero")
    result, took = timed(run, "status", "-f", shipped, "--unit", "赤坎", *TODAY)
    assert result.exit_code == 3 and "是指向活动文件夹之外" in result.stderr and took < 1


def test_a_100_mb_one_line_log_is_refused_at_once(run: Run, shipped: Path) -> None:
    log = shipped.with_name("campaign.log.jsonl")
    with log.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: one line of 100 MB
    result, took = timed(run, "status", "-f", shipped, "--unit", "赤坎", *TODAY, "--lang", "en")
    assert result.exit_code == 3
    assert f"{log} is over 32 MB, too big for a 催办 log" in result.stderr
    assert took < 1


def test_a_long_line_under_the_size_cap_is_located_without_being_read_whole(run: Run, shipped: Path) -> None:
    assert chase(run, shipped).exit_code == 0
    log = shipped.with_name("campaign.log.jsonl")
    good = log.read_bytes()
    log.write_bytes(good + b"x" * (20 * 1024 * 1024) + b"\n" + good.replace(b"phone", b"visit"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result, took = timed(run, "status", "-f", shipped, "--unit", "赤坎", *TODAY, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "line 2 of" in result.stderr and "was skipped" in result.stderr
    assert took < 1
    strict, took = timed(run, "log", "-f", shipped, "--lang", "en")
    assert strict.exit_code == 1 and "campaign.log.jsonl:2: this line is over 65536 bytes" in strict.stderr
    assert took < 1
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 60  # never held whole


def test_an_append_after_a_last_line_without_newline_starts_a_new_line(run: Run, shipped: Path) -> None:
    assert chase(run, shipped).exit_code == 0
    log = shipped.with_name("campaign.log.jsonl")
    log.write_bytes(log.read_bytes().rstrip(b"\n"))  # edited by hand: no final newline
    assert chase(run, shipped).exit_code == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(x)["unit"] == "chikan" for x in lines)


# ── ten senders at once, while the folder changes under them ─────────────────


def test_ten_concurrent_senders_deliver_each_reminder_once(shipped: Path, httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/send").respond_with_json({"errcode": 0})
    channel(shipped, "group", "wecom")
    folder = shipped.parent
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(QMONTH_NOTIFY_GROUP=httpserver.url_for("/send?key=k"), TZ="UTC", PYTHONPATH=str(ROOT))
    # ten processes start at once on a busy machine: the fixture's 1.5 s for a channel is about
    # hostile servers, not this; the robot here answers at once
    env.update(QMONTH_NOTIFY_BUDGET="30", QMONTH_NOTIFY_TIMEOUT="10")
    stop = threading.Event()
    churned = [0]

    def churn() -> None:  # everything in the folder but the log: lock files, temp files, the campaign
        copy = folder / ".campaign.toml.swp"
        while not stop.is_set():
            for name in (".campaign.log.jsonl.lock", ".campaign.toml.lock", "campaign.toml.tmp123"):
                (folder / name).write_text("x", encoding="utf-8")
            for name in (".campaign.log.jsonl.lock", ".campaign.toml.lock", "campaign.toml.tmp123"):
                with contextlib.suppress(FileNotFoundError):
                    (folder / name).unlink()
            shutil.copyfile(shipped, copy)
            os.replace(copy, shipped)  # an editor's save: write a copy, rename it over
            churned[0] += 1
            time.sleep(0.005)

    churner = threading.Thread(target=churn, daemon=True)
    churner.start()
    try:
        cmd = [sys.executable, "-m", "qmonth", "remind", "-f", str(shipped), *TODAY, "--send"]
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(10)]
        codes = [(p.wait(timeout=60), p.stderr.read().decode() if p.stderr else "") for p in procs]
    finally:
        stop.set()
        churner.join(5)
    assert churned[0] > 10
    assert all(code == 0 for code, _ in codes), codes
    assert len(httpserver.log) == 1  # one digest, delivered once
    entries = [json.loads(x) for x in (folder / "campaign.log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(entries) == 14 and len({(e["unit"], i["task"]) for e in entries for i in e["items"]}) == 14
    assert sum("已发送：group" in err for _, err in codes) == 1
    assert sum("今天已发送过" in err for _, err in codes) == 9
