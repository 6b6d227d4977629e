"""qmonth/notify/channels.py in-process: what each robot posts and where, how an answer is judged,
how the failures of a mail dialogue are told apart (the temporary ones retried), and the bounds every
attempt keeps (deadlines, answer caps, the watchdog). Each failure is checked by its message code and
every parameter the message is filled with. Servers are real and on localhost (pytest-httpserver,
aiosmtpd, a scripted socket); clocks and sleeps are fakes where time decides."""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import functools
import io
import itertools
import math
import re
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from email.policy import default as default_policy
from typing import Any

import httpcore
import pytest
from pytest_httpserver import HTTPServer

from qmonth.notify import channels as ch
from qmonth.notify.templates import Message

NOW = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)  # epoch 1_700_000_000
TO = "office@chikan.example.cn"
SENDER = "qm@example.cn"
MOBILES = ("13800000001", "12345", "+86 139 0000 0002", "13900000002")  # two of them 11-digit mobiles


def _no_sleep(slept: list[float] | None = None) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        if slept is not None:
            slept.append(seconds)

    return sleep


def _error(exc: BaseException) -> tuple[str, dict[str, object]]:
    """(code, params) of a DeliveryError, or of the one a Retry carries."""
    err = exc.error if isinstance(exc, ch.Retry) else exc
    assert isinstance(err, ch.DeliveryError), exc
    return err.code, err.params


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ── Policy: attempts, deadlines, retries ─────────────────────────────────────


def _timeout_error() -> ch.DeliveryError:
    return ch.DeliveryError("delivery_timeout", channel="g", host="h", seconds="1")


def test_each_attempt_is_given_its_timeout_cut_to_the_channels_deadline() -> None:
    seen: list[float] = []
    policy = ch.Policy(timeout=10, budget=3, sleep=_no_sleep(), clock=lambda: 5.0)
    policy.attempts(seen.append)
    assert seen == [8.0]  # default deadline: the budget from now (5 + 3), before the timeout (5 + 10)
    policy.attempts(seen.append, until=6.5)
    assert seen == [8.0, 6.5]  # the caller's deadline
    ch.Policy(timeout=1, budget=3, clock=lambda: 5.0).attempts(seen.append, until=100.0)
    assert seen[-1] == 6.0  # the attempt's own timeout when it comes first


def test_a_success_ends_the_attempts_and_the_last_error_is_raised() -> None:
    slept: list[float] = []
    calls: list[float] = []

    def once_failing(deadline: float) -> None:
        calls.append(deadline)
        if len(calls) == 1:
            raise ch.Retry(_timeout_error())

    ch.Policy(retries=5, backoff=0.5, sleep=_no_sleep(slept), clock=lambda: 0.0).attempts(once_failing)
    assert len(calls) == 2 and slept == [0.5]  # retried once, then done
    errors = [ch.DeliveryError("delivery_timeout", channel="g", host="h", seconds=str(n)) for n in range(3)]
    tried: list[float] = []

    def failing(deadline: float) -> None:
        tried.append(deadline)
        raise ch.Retry(errors[len(tried) - 1])

    with pytest.raises(ch.DeliveryError) as raised:
        ch.Policy(retries=2, backoff=0, sleep=_no_sleep(), clock=lambda: 0.0).attempts(failing)
    assert len(tried) == 3 and raised.value is errors[2]  # the last attempt's error, not the first's


def test_backoff_doubles_and_stops_where_the_next_wait_would_pass_the_deadline() -> None:
    slept: list[float] = []
    calls: list[float] = []

    def failing(deadline: float) -> None:
        calls.append(deadline)
        raise ch.Retry(_timeout_error())

    with pytest.raises(ch.DeliveryError):
        ch.Policy(timeout=1, retries=3, backoff=2, budget=1000, sleep=_no_sleep(slept), clock=lambda: 0.0).attempts(failing)
    assert slept == [2, 4, 8] and len(calls) == 4  # retries=3: four attempts in all
    slept.clear()
    calls.clear()
    # a frozen clock at 0, each attempt 1 s, deadline 3: a wait of 2 s ends exactly at 3 (taken), 4 s would pass it
    with pytest.raises(ch.DeliveryError):
        ch.Policy(timeout=1, retries=5, backoff=2, budget=3, sleep=_no_sleep(slept), clock=lambda: 0.0).attempts(failing)
    assert slept == [2] and len(calls) == 2
    calls.clear()
    with pytest.raises(ch.DeliveryError):
        ch.Policy(retries=0, sleep=_no_sleep(slept)).attempts(failing)
    assert len(calls) == 1 and slept == [2]  # no retry: no wait


def test_a_retry_carries_its_error_and_is_named_by_its_code() -> None:
    err = _timeout_error()
    retry = ch.Retry(err)
    assert retry.error is err and retry.args == ("delivery_timeout",)


def test_the_environment_sets_the_policy_within_its_bounds() -> None:
    assert ch.Policy.from_env({}) == ch.Policy()
    assert (ch.Policy().timeout, ch.Policy().retries, ch.Policy().backoff, ch.Policy().answer_bytes) == (10.0, 2, 2.0, 65536)
    assert ch.Policy().sleep is time.sleep and ch.Policy().clock is time.monotonic
    taken = ch.Policy.from_env(
        {
            "QMONTH_NOTIFY_TIMEOUT": "3",
            "QMONTH_NOTIFY_RETRIES": "4.9",
            "QMONTH_NOTIFY_BACKOFF": "0.5",
            "QMONTH_NOTIFY_BUDGET": "30",
            "QMONTH_NOTIFY_RUN_BUDGET": "90",
        }
    )
    assert (taken.timeout, taken.retries, taken.backoff, taken.budget, taken.run_budget) == (3.0, 4, 0.5, 30.0, 90.0)
    assert isinstance(taken.retries, int) and taken.answer_bytes == ch.ANSWER_BYTES
    low = ch.Policy.from_env({f"QMONTH_NOTIFY_{k}": "-5" for k in ("TIMEOUT", "RETRIES", "BACKOFF", "BUDGET", "RUN_BUDGET")})
    assert (low.timeout, low.retries, low.backoff, low.budget, low.run_budget) == (0.05, 0, 0.0, 0.1, 0.1)
    high = ch.Policy.from_env({f"QMONTH_NOTIFY_{k}": "inf" for k in ("TIMEOUT", "RETRIES", "BACKOFF", "BUDGET", "RUN_BUDGET")})
    assert (high.timeout, high.retries, high.backoff, high.budget, high.run_budget) == (10.0, 5, 60.0, 60.0, 180.0)
    for junk in ("nan", "x", ""):
        odd = ch.Policy.from_env({f"QMONTH_NOTIFY_{k}": junk for k in ("TIMEOUT", "RETRIES", "BACKOFF", "BUDGET", "RUN_BUDGET")})
        assert odd == ch.Policy(), junk


# ── the deadline of an HTTP attempt, down to each socket operation ───────────


def test_host_is_the_urls_host_and_port_without_credentials() -> None:
    assert ch._host("https://user:pw@qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=k") == "qyapi.weixin.qq.com:8443"
    assert ch._host("https://a@b@oapi.dingtalk.com/robot/send") == "oapi.dingtalk.com"
    assert ch._host("no-scheme/path") == "?"


def test_a_deadline_cuts_each_operations_timeout_to_what_is_left() -> None:
    fresh = ch.Deadline()
    assert fresh.until == math.inf and fresh.clock is time.monotonic
    assert fresh.left(None, TimeoutError) == math.inf and fresh.left(3.0, TimeoutError) == 3.0
    d = ch.Deadline(lambda: 10.0)
    d.until = 12.5
    assert d.left(None, TimeoutError) == 2.5  # no timeout of its own: what is left
    assert d.left(1.0, TimeoutError) == 1.0
    assert d.left(5.0, TimeoutError) == 2.5
    d.until = 10.25
    assert d.left(None, TimeoutError) == 0.25  # less than a second left is still time
    for until in (10.0, 9.0):  # at the deadline, and past it
        d.until = until
        with pytest.raises(httpcore.ReadTimeout) as raised:
            d.left(5.0, httpcore.ReadTimeout)
        assert str(raised.value) == "the attempt's deadline has passed"


def test_the_http_client_has_the_deadline_backend_and_follows_no_redirect(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    d = ch.Deadline()
    client = ch.http_client(d)
    try:
        backend = client._transport._pool._network_backend
        assert isinstance(backend, ch._DeadlineBackend) and backend.deadline is d
        assert isinstance(backend.inner, httpcore.SyncBackend)
        assert client.follow_redirects is False and client._qmonth_deadline is True
    finally:
        client.close()


def test_connections_through_a_proxy_keep_the_deadline_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "example.cn")  # a mount without a transport (sorted first)
    d = ch.Deadline()
    client = ch.http_client(d)
    try:
        mounted = list(client._mounts.values())
        assert None in mounted and len(mounted) == 3
        for transport in [client._transport, *(t for t in mounted if t is not None)]:
            backend = transport._pool._network_backend
            assert isinstance(backend, ch._DeadlineBackend) and backend.deadline is d
    finally:
        client.close()


class _FakeStream:
    def __init__(self, name: str, calls: list[tuple[Any, ...]]) -> None:
        self.name, self.calls = name, calls

    def read(self, max_bytes: int, timeout: float | None = None) -> bytearray:
        self.calls.append(("read", self.name, max_bytes, timeout))
        return bytearray(b"abc")

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.calls.append(("write", self.name, buffer, timeout))

    def close(self) -> None:
        self.calls.append(("close", self.name))

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> _FakeStream:
        self.calls.append(("start_tls", self.name, ssl_context, server_hostname, timeout))
        return _FakeStream("tls", self.calls)

    def get_extra_info(self, info: str) -> Any:
        return ("extra", self.name, info)


class _FakeBackend:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kw: Any) -> _FakeStream:
        self.calls.append(("connect_tcp", host, port, timeout, kw))
        return _FakeStream("tcp", self.calls)

    def connect_unix_socket(self, path: str, timeout: float | None = None, **kw: Any) -> _FakeStream:
        self.calls.append(("connect_unix_socket", path, timeout, kw))
        return _FakeStream("unix", self.calls)

    def sleep(self, seconds: float) -> None:
        self.calls.append(("sleep", seconds))


def test_the_deadline_backend_passes_each_operation_on_with_what_is_left() -> None:
    inner = _FakeBackend()
    d = ch.Deadline(lambda: 100.0)
    d.until = 102.0
    backend = ch._DeadlineBackend(inner, d)
    tcp = backend.connect_tcp("h", 443, 5.0, socket_options=[1])
    backend.connect_tcp("h", 80, 0.5)
    assert isinstance(tcp, ch._DeadlineStream) and tcp.deadline is d and tcp.inner.name == "tcp"
    unix = backend.connect_unix_socket("/run/x.sock", 1.5, socket_options=[2])
    assert isinstance(unix, ch._DeadlineStream) and unix.deadline is d and unix.inner.name == "unix"
    backend.sleep(0.25)
    assert inner.calls == [
        ("connect_tcp", "h", 443, 2.0, {"socket_options": [1]}),  # 5 s asked, 2 s left
        ("connect_tcp", "h", 80, 0.5, {}),  # less asked than is left
        ("connect_unix_socket", "/run/x.sock", 1.5, {"socket_options": [2]}),
        ("sleep", 0.25),
    ]
    inner.calls.clear()
    data = tcp.read(10, 0.5)
    assert data == b"abc" and type(data) is bytes
    tcp.write(b"xyz", None)
    tcp.write(b"uvw", 0.5)
    tls = tcp.start_tls("ctx", "example.cn", 9.0)
    tcp.start_tls("ctx", None, 0.5)
    assert isinstance(tls, ch._DeadlineStream) and tls.deadline is d and tls.inner.name == "tls"
    assert tcp.get_extra_info("socket") == ("extra", "tcp", "socket")
    tcp.close()
    assert inner.calls == [
        ("read", "tcp", 10, 0.5),
        ("write", "tcp", b"xyz", 2.0),
        ("write", "tcp", b"uvw", 0.5),
        ("start_tls", "tcp", "ctx", "example.cn", 2.0),
        ("start_tls", "tcp", "ctx", None, 0.5),
        ("close", "tcp"),
    ]


def test_past_the_deadline_no_operation_reaches_the_socket() -> None:
    inner = _FakeBackend()
    d = ch.Deadline(lambda: 100.0)
    d.until = 100.0
    backend = ch._DeadlineBackend(inner, d)
    stream = ch._DeadlineStream(_FakeStream("tcp", inner.calls), d)
    with pytest.raises(httpcore.ConnectTimeout):
        backend.connect_tcp("h", 443, 5.0)
    with pytest.raises(httpcore.ConnectTimeout):
        backend.connect_unix_socket("/run/x.sock", 5.0)
    with pytest.raises(httpcore.ReadTimeout):
        stream.read(10, 5.0)
    with pytest.raises(httpcore.WriteTimeout):
        stream.write(b"x", 5.0)
    with pytest.raises(httpcore.ConnectTimeout):
        stream.start_tls("ctx", "h", 5.0)
    assert inner.calls == []


# ── robots: what is posted, and where ────────────────────────────────────────


def test_a_robot_needs_an_http_url_and_keeps_its_deadline() -> None:
    policy = ch.Policy(clock=lambda: 1.0)
    for url in ("ftp://h/x", "file:///etc/passwd", "qyapi.weixin.qq.com/x"):
        with pytest.raises(ch.DeliveryError) as raised:
            ch.WeComRobot("county-group", ch.Endpoint(url), policy, None)
        assert _error(raised.value) == ("channel_bad_url", {"channel": "county-group", "var": "QMONTH_NOTIFY_COUNTY_GROUP"})
    robot = ch.WeComRobot("g", ch.Endpoint("http://h/x"), policy, None)
    assert robot.deadline.clock is policy.clock and robot.deadline.until == math.inf
    assert (robot.name, robot.ep, robot.policy, robot.client) == ("g", ch.Endpoint("http://h/x"), policy, None)
    mine = ch.Deadline()
    assert ch.FeishuRobot("f", ch.Endpoint("HTTPS://h/x"), policy, "client", mine).deadline is mine


def test_each_robot_has_its_limits_and_mentions() -> None:
    ep, policy = ch.Endpoint("https://h/x"), ch.Policy()
    wecom = ch.WeComRobot("g", ep, policy, None)
    assert (wecom.limit(False), wecom.limit(True)) == (2048, 4096)
    ding = ch.DingTalkRobot("d", ep, policy, None)
    assert (ding.limit(False), ding.limit(True)) == (20_000, 20_000)
    assert {
        "wecom": ch.WeComRobot,
        "dingtalk": ch.DingTalkRobot,
        "feishu": ch.FeishuRobot,
        "webhook": ch.WebhookRobot,
    } == ch.ROBOTS
    assert [cls.mentions_by_mobile for cls in ch.ROBOTS.values()] == [True, True, False, True]
    assert [cls.strict_answer for cls in ch.ROBOTS.values()] == [True, True, True, False]
    assert (ch.MailChannel.kind, ch.MailChannel.mentions_by_mobile) == ("mail", False)


def test_wecom_mentions_only_real_mobiles_and_none_in_markdown() -> None:
    wecom = ch.WeComRobot("g", ch.Endpoint("https://h/send?key=k"), ch.Policy(), None)
    assert wecom.request(Message("t", "正文", MOBILES), 0) == (
        "https://h/send?key=k",
        {"msgtype": "text", "text": {"content": "正文", "mentioned_mobile_list": ["13800000001", "13900000002"]}},
    )
    assert wecom.request(Message("t", "正文", ("12345",)), 0)[1] == {"msgtype": "text", "text": {"content": "正文"}}
    assert wecom.request(Message("t", "**正文**", MOBILES, markdown=True), 0)[1] == {
        "msgtype": "markdown",
        "markdown": {"content": "**正文**"},
    }


def test_dingtalk_signs_its_url_and_writes_text_and_markdown() -> None:
    sign = ch.dingtalk_sign("SECxyz", 1700000000900)
    signed = ch.DingTalkRobot("d", ch.Endpoint("https://h/robot/send?access_token=t", "SECxyz"), ch.Policy(), None)
    url, body = signed.request(Message("标题", "正文", MOBILES), 1700000000.9)
    assert url == f"https://h/robot/send?access_token=t&timestamp=1700000000900&sign={sign}"
    assert body == {
        "msgtype": "text",
        "text": {"content": "正文"},
        "at": {"atMobiles": ["13800000001", "13900000002"], "isAtAll": False},
    }
    bare = ch.DingTalkRobot("d", ch.Endpoint("https://h/robot/send", "SECxyz"), ch.Policy(), None)
    assert bare.request(Message("标题", "正文"), 1700000000.9)[0] == f"https://h/robot/send?timestamp=1700000000900&sign={sign}"
    unsigned = ch.DingTalkRobot("d", ch.Endpoint("https://h/robot/send?access_token=t"), ch.Policy(), None)
    url, body = unsigned.request(Message("标题", "### 正文", ("13800000001",), markdown=True), 1700000000.9)
    assert url == "https://h/robot/send?access_token=t"
    assert body == {
        "msgtype": "markdown",
        "markdown": {"title": "标题", "text": "### 正文"},
        "at": {"atMobiles": ["13800000001"], "isAtAll": False},
    }


def test_feishu_signs_its_body_in_seconds_and_sends_text() -> None:
    plain = ch.FeishuRobot("f", ch.Endpoint("https://h/hook/x"), ch.Policy(), None)
    assert plain.request(Message("标题", "正文", MOBILES), 1700000000.7) == (
        "https://h/hook/x",
        {"msg_type": "text", "content": {"text": "正文"}},
    )
    signed = ch.FeishuRobot("f", ch.Endpoint("https://h/hook/x", "abc"), ch.Policy(), None)
    assert signed.request(Message("标题", "**正文**", markdown=True), 1700000000.7)[1] == {
        "timestamp": "1700000000",
        "sign": "VIS10b0EBvzzSdFnuk4tznEmK5wHaruvf/WnViv2yR4=",  # feishu_sign("abc", 1700000000)
        "msg_type": "text",
        "content": {"text": "**正文**"},
    }


def test_a_webhook_fills_every_string_of_its_body_template() -> None:
    body = '{"msg": {"title": "{title}", "lines": ["{text}", "{mentions}", 3, true, null]}, "{today}": "day {today}"}'
    hook = ch.WebhookRobot(
        "w", ch.Endpoint("https://gov/h"), ch.Policy(), None, body=body, headers={"X-Token": "t"}, today="2024-09-11"
    )
    assert hook.request(Message("标题", "正文", MOBILES), 0) == (
        "https://gov/h",
        {"msg": {"title": "标题", "lines": ["正文", "13800000001 13900000002", 3, True, None]}, "2024-09-11": "day 2024-09-11"},
    )
    assert hook.headers == {"X-Token": "t"}
    bare = ch.WebhookRobot("w", ch.Endpoint("https://gov/h"), ch.Policy(), None)
    assert bare.request(Message("标题", "正文"), 0) == ("https://gov/h", {})  # body "{}" by default
    assert (bare.body, bare.headers, bare.today) == ("{}", {}, "")
    undated = ch.WebhookRobot("w", ch.Endpoint("https://gov/h"), ch.Policy(), None, body='{"d": "[{today}]"}')
    assert undated.request(Message("标题", "正文"), 0)[1] == {"d": "[]"}


# ── robots: one attempt against a real server, and how its answer is judged ──


@pytest.fixture
def robots() -> Iterator[Callable[..., Any]]:
    """Robots with a real deadline-bound client; no wait between attempts, one retry."""
    clients: list[Any] = []

    def make(cls: type[ch.Robot], url: str, policy: ch.Policy | None = None, **kw: Any) -> Any:
        policy = policy or ch.Policy(retries=1, backoff=0.25, sleep=_no_sleep())
        deadline = ch.Deadline(policy.clock)
        clients.append(ch.http_client(deadline))
        return cls("g", ch.Endpoint(url), policy, clients[-1], deadline, **kw)

    yield make
    for client in clients:
        client.close()


def _host_of(server: HTTPServer) -> str:
    return f"{server.host}:{server.port}"


def test_a_robot_posts_its_payload_uncompressed_and_is_done_on_errcode_0(
    robots: Callable[..., Any], httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/send", method="POST").respond_with_json({"errcode": 0, "errmsg": "ok"})
    robot = robots(ch.WeComRobot, httpserver.url_for("/send?key=k"))
    robot.send(Message("t", "正文", ("13800000001",)), NOW)
    [(request, _)] = httpserver.log
    assert request.get_json() == {"msgtype": "text", "text": {"content": "正文", "mentioned_mobile_list": ["13800000001"]}}
    assert request.args["key"] == "k" and request.headers["Accept-Encoding"] == "identity"
    assert robot.deadline.until == math.inf  # the attempt's deadline is cleared after it


def test_dingtalk_dates_its_signature_by_the_clis_clock(robots: Callable[..., Any], httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robot/send").respond_with_json({"errcode": 0})
    robot = robots(ch.DingTalkRobot, httpserver.url_for("/robot/send?access_token=t"))
    robot.ep = ch.Endpoint(robot.ep.url, "SECxyz")
    robot.send(Message("t", "正文"), NOW)
    [(request, _)] = httpserver.log
    assert request.args["timestamp"] == "1700000000000"
    assert request.args["sign"] == "0PUR1j8g85Xg3vlFV/UrEcxXfF5HpCAGzcjrNfyJoyg="  # (URL-decoded)


def test_a_webhook_sends_its_own_headers(robots: Callable[..., Any], httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gov").respond_with_data("", status=204)
    hook = robots(ch.WebhookRobot, httpserver.url_for("/gov"), body='{"t": "{text}"}', headers={"Authorization": "Bearer x"})
    hook.send(Message("t", "正文"), NOW)
    [(request, _)] = httpserver.log
    assert request.headers["Authorization"] == "Bearer x" and request.headers["Accept-Encoding"] == "identity"
    assert request.get_json() == {"t": "正文"}


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_server_error_or_too_many_requests_is_retried(robots: Callable[..., Any], httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/send").respond_with_data("busy", status=status)
    slept: list[float] = []
    robot = robots(ch.WeComRobot, httpserver.url_for("/send"), ch.Policy(retries=1, backoff=0.25, sleep=_no_sleep(slept)))
    with pytest.raises(ch.DeliveryError) as raised:
        robot.send(Message("t", "x"), NOW)
    assert _error(raised.value) == ("delivery_http", {"channel": "g", "host": _host_of(httpserver), "status": status})
    assert len(httpserver.log) == 2 and slept == [0.25]


@pytest.mark.parametrize("status", [499, 404, 302, 201])
def test_any_other_status_is_refused_at_once_by_a_strict_robot(
    robots: Callable[..., Any], httpserver: HTTPServer, status: int
) -> None:
    headers = {"Location": httpserver.url_for("/elsewhere")} if status == 302 else {}
    httpserver.expect_request("/send").respond_with_data('{"errcode": 0}', status=status, headers=headers)
    httpserver.expect_request("/elsewhere").respond_with_json({"errcode": 0})
    robot = robots(ch.WeComRobot, httpserver.url_for("/send"))
    with pytest.raises(ch.DeliveryError) as raised:
        robot.send(Message("t", "x"), NOW)
    assert _error(raised.value) == ("delivery_http", {"channel": "g", "host": _host_of(httpserver), "status": status})
    assert len(httpserver.log) == 1  # not retried, no redirect followed


@pytest.mark.parametrize(
    ("status", "delivered"), [(200, True), (201, True), (204, True), (299, True), (300, False), (404, False)]
)
def test_a_webhook_takes_any_2xx(robots: Callable[..., Any], httpserver: HTTPServer, status: int, delivered: bool) -> None:
    httpserver.expect_request("/gov").respond_with_data("" if status == 204 else "accepted", status=status)
    hook = robots(ch.WebhookRobot, httpserver.url_for("/gov"))
    if delivered:
        hook.send(Message("t", "x"), NOW)
    else:
        with pytest.raises(ch.DeliveryError) as raised:
            hook.send(Message("t", "x"), NOW)
        assert _error(raised.value) == ("delivery_http", {"channel": "g", "host": _host_of(httpserver), "status": status})
    assert len(httpserver.log) == 1


def test_an_answer_is_read_up_to_the_cap_and_no_further(robots: Callable[..., Any], httpserver: HTTPServer) -> None:
    policy = ch.Policy(retries=1, backoff=0, sleep=_no_sleep(), answer_bytes=10)
    httpserver.expect_request("/fits").respond_with_data('{"code":0}')  # 10 bytes: the cap itself
    robots(ch.WeComRobot, httpserver.url_for("/fits"), policy).send(Message("t", "x"), NOW)
    httpserver.expect_request("/long").respond_with_data('{"code": 0}')  # 11 bytes
    with pytest.raises(ch.DeliveryError) as raised:
        robots(ch.WeComRobot, httpserver.url_for("/long"), policy).send(Message("t", "x"), NOW)
    assert _error(raised.value) == ("delivery_too_long", {"channel": "g", "host": _host_of(httpserver), "limit": 10})
    assert len(httpserver.log) == 2  # once each: an answer too long is not retried


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("not json", "not json"),
        ("x" * 200, "x" * 80),
        ("[0]", "[0]"),
        ('{"ok": true}', '{"ok": true}'),
        ('{"ok": "' + "y" * 100 + '"}', '{"ok": "' + "y" * 72),
        ("[" * 5000, "[" * 80),  # too deep for json: RecursionError, not a crash
        (b"\xff\xfe", "\ufffd\ufffd"),
    ],
)
def test_a_strict_robot_refuses_an_answer_without_a_code(
    robots: Callable[..., Any], httpserver: HTTPServer, answer: str | bytes, shown: str
) -> None:
    httpserver.expect_request("/send").respond_with_data(answer)
    with pytest.raises(ch.DeliveryError) as raised:
        robots(ch.WeComRobot, httpserver.url_for("/send")).send(Message("t", "x"), NOW)
    assert _error(raised.value) == ("delivery_bad_answer", {"channel": "g", "host": _host_of(httpserver), "text": shown})
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    ("answer", "errcode", "detail"),
    [
        ({"errcode": 93000, "errmsg": "invalid webhook url", "msg": "other"}, 93000, "invalid webhook url"),
        ({"code": 19021, "msg": "sign match fail"}, 19021, "sign match fail"),
        ({"errcode": 1, "errmsg": "", "msg": "from msg"}, 1, "from msg"),
        ({"StatusCode": 9499, "StatusMessage": "Bad Request"}, 9499, "Bad Request"),
        ({"code": 7, "StatusCode": 0}, 7, ""),  # errcode, then code, then StatusCode
        ({"errcode": 310000, "errmsg": "y" * 300}, 310000, "y" * 160),
        ({"errcode": "bad", "errmsg": 42}, "bad", "42"),
    ],
)
def test_a_non_zero_code_is_a_refusal_with_the_platforms_words(
    robots: Callable[..., Any], httpserver: HTTPServer, answer: dict[str, Any], errcode: object, detail: str
) -> None:
    httpserver.expect_request("/send").respond_with_json(answer)
    with pytest.raises(ch.DeliveryError) as raised:
        robots(ch.FeishuRobot, httpserver.url_for("/send")).send(Message("t", "x"), NOW)
    assert _error(raised.value) == ("delivery_refused", {"channel": "g", "errcode": errcode, "detail": detail})
    assert len(httpserver.log) == 1  # a refusal is not retried


@pytest.mark.parametrize("answer", [{"errcode": 0, "code": 5}, {"code": 0, "StatusCode": 7}, {"StatusCode": 0}])
def test_the_first_code_found_decides(robots: Callable[..., Any], httpserver: HTTPServer, answer: dict[str, Any]) -> None:
    httpserver.expect_request("/send").respond_with_json(answer)
    robots(ch.DingTalkRobot, httpserver.url_for("/send")).send(Message("t", "x"), NOW)


@pytest.mark.parametrize("answer", ["ok", "[1, 2]", '{"status": "fine"}', '{"code": 0}', '{"errcode": 0}', ""])
def test_a_webhook_is_done_on_any_answer_but_a_code(robots: Callable[..., Any], httpserver: HTTPServer, answer: str) -> None:
    httpserver.expect_request("/gov").respond_with_data(answer)
    robots(ch.WebhookRobot, httpserver.url_for("/gov")).send(Message("t", "x"), NOW)
    assert len(httpserver.log) == 1


def test_a_webhook_answering_a_non_zero_code_is_refused(robots: Callable[..., Any], httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gov").respond_with_json({"code": 40001, "msg": "bad token"})
    with pytest.raises(ch.DeliveryError) as raised:
        robots(ch.WebhookRobot, httpserver.url_for("/gov")).send(Message("t", "x"), NOW)
    assert _error(raised.value) == ("delivery_refused", {"channel": "g", "errcode": 40001, "detail": "bad token"})
    httpserver.clear()
    httpserver.expect_request("/gov").respond_with_json({"errcode": 300005, "errmsg": "token expired"})
    with pytest.raises(ch.DeliveryError) as raised:
        robots(ch.WebhookRobot, httpserver.url_for("/gov")).send(Message("t", "x"), NOW)
    assert _error(raised.value) == ("delivery_refused", {"channel": "g", "errcode": 300005, "detail": "token expired"})


def test_reading_the_answer_stops_at_the_attempts_deadline(robots: Callable[..., Any], httpserver: HTTPServer) -> None:
    """The clock is read after each chunk of the answer: at the deadline the attempt is a timeout."""
    httpserver.expect_request("/send").respond_with_json({"errcode": 0})
    for at_chunk, timed_out in ((100.0, True), (99.999, False)):
        readings = itertools.chain([0.0], itertools.repeat(at_chunk))  # the first reading is the attempt's start
        policy = ch.Policy(timeout=0.5, clock=readings.__next__)
        robot = robots(ch.WeComRobot, httpserver.url_for("/send"), policy)
        robot.deadline = ch.Deadline(lambda: 0.0)  # the sockets themselves have all the time they need
        robot.client = ch.http_client(robot.deadline)
        try:
            if timed_out:
                with pytest.raises(ch.Retry) as raised:
                    robot._post(httpserver.url_for("/send"), {}, 100.0)
                assert _error(raised.value) == (
                    "delivery_timeout",
                    {"channel": "g", "host": _host_of(httpserver), "seconds": "0.5"},
                )
            else:
                robot._post(httpserver.url_for("/send"), {}, 100.0)
        finally:
            robot.client.close()


class _Answer:
    def __init__(self, status: int, chunks: list[bytes]) -> None:
        self.status_code, self.chunks = status, chunks

    def iter_raw(self) -> Iterator[bytes]:
        yield from self.chunks


class _Client:
    """An httpx client's stand-in: what each request was given, and the attempt's deadline then."""

    def __init__(self, robot_deadline: ch.Deadline, chunks: list[bytes]) -> None:
        self.deadline, self.chunks = robot_deadline, chunks
        self.requests: list[tuple[str, str, dict[str, Any], float]] = []

    @contextlib.contextmanager
    def stream(self, method: str, url: str, **kw: Any) -> Iterator[_Answer]:
        self.requests.append((method, url, kw, self.deadline.until))
        yield _Answer(200, self.chunks)


def test_each_request_is_given_what_is_left_as_its_timeout_and_its_answer_whole() -> None:
    """httpx is handed the time left as its own timeout too (the deadline backend aside), and the
    answer is the chunks read, all of them."""
    import httpx

    deadline = ch.Deadline(lambda: 10.0)
    client = _Client(deadline, [b'{"errc', b'ode": 7, "errm', b'sg": "no"}'])
    robot = ch.WeComRobot("g", ch.Endpoint("https://h/send"), ch.Policy(clock=lambda: 10.0), client, deadline)
    with pytest.raises(ch.DeliveryError) as raised:
        robot._post("https://h/send?key=k", {"a": 1}, 12.5)
    assert _error(raised.value) == ("delivery_refused", {"channel": "g", "errcode": 7, "detail": "no"})
    with pytest.raises(ch.Retry):  # already past: the least timeout httpx takes, and a timeout at the first chunk
        robot._post("https://h/send?key=k", {"a": 1}, 9.0)
    headers = {"Accept-Encoding": "identity"}
    assert client.requests == [
        ("POST", "https://h/send?key=k", {"json": {"a": 1}, "headers": headers, "timeout": httpx.Timeout(2.5)}, 12.5),
        ("POST", "https://h/send?key=k", {"json": {"a": 1}, "headers": headers, "timeout": httpx.Timeout(0.001)}, 9.0),
    ]
    assert deadline.until == math.inf


def test_an_attempt_past_its_deadline_sends_nothing(robots: Callable[..., Any], httpserver: HTTPServer) -> None:
    httpserver.expect_request("/send").respond_with_json({"errcode": 0})
    robot = robots(ch.WeComRobot, httpserver.url_for("/send"), ch.Policy(retries=0, timeout=10.0))
    with pytest.raises(ch.DeliveryError) as raised:
        robot.send(Message("t", "x"), NOW, until=time.monotonic() - 1)
    assert _error(raised.value) == ("delivery_timeout", {"channel": "g", "host": _host_of(httpserver), "seconds": "10"})
    assert httpserver.log == [] and robot.deadline.until == math.inf


def test_an_unreachable_robot_is_retried_and_named_by_its_host(robots: Callable[..., Any]) -> None:
    port = _port()  # nothing listens there
    slept: list[float] = []
    robot = robots(ch.WeComRobot, f"http://127.0.0.1:{port}/send", ch.Policy(retries=1, backoff=0.5, sleep=_no_sleep(slept)))
    with pytest.raises(ch.DeliveryError) as raised:
        robot.send(Message("t", "x"), NOW)
    assert _error(raised.value) == (
        "delivery_unreachable",
        {"channel": "g", "host": f"127.0.0.1:{port}", "detail": "ConnectError"},
    )
    assert slept == [0.5]


# ── mail: the SMTP URL and the message ───────────────────────────────────────


def test_an_smtp_url_gives_host_port_sender_login_and_tls() -> None:
    cfg = ch.smtp_config("m", "smtp://mail.x.cn?from=qm@x.cn")
    assert cfg == ch.SmtpConfig(host="mail.x.cn", port=25, sender="qm@x.cn", user="", password="", ssl=False, starttls=False)
    assert ch.smtp_config("m", "smtps://mail.x.cn?from=qm@x.cn") == ch.SmtpConfig("mail.x.cn", 465, "qm@x.cn", ssl=True)
    assert ch.smtp_config("m", "smtps://u:p@mail.x.cn:2465?from=qm@x.cn&from=z@x.cn") == ch.SmtpConfig(
        "mail.x.cn", 2465, "qm@x.cn", "u", "p", ssl=True
    )
    for value, on in (("1", True), ("TRUE", True), ("Yes", True), ("false", False), ("0", False), ("on", False)):
        assert ch.smtp_config("m", f"smtp://h:587?from=a@b.cn&starttls={value}").starttls is on, value


@pytest.mark.parametrize(
    "url",
    [
        "smtp://h:25",
        "smtp://h?from=not-an-address",
        "http://h?from=a@b.cn",
        "smtp://:25?from=a@b.cn",
        "smtps:///?from=a@b.cn",
        "smtp://h:99999?from=a@b.cn",  # a port out of range: refused, not sent to port 25 instead
        "smtp://h:0?from=a@b.cn",
        "smtps://h:4 65?from=a@b.cn",
        "smtp://h:-1?from=a@b.cn",
    ],
)
def test_a_bad_smtp_url_names_the_channel_and_its_variable(url: str) -> None:
    with pytest.raises(ch.DeliveryError) as raised:
        ch.smtp_config("county-mail", url)
    assert _error(raised.value) == ("channel_bad_smtp", {"channel": "county-mail", "var": "QMONTH_NOTIFY_COUNTY_MAIL"})
    with pytest.raises(ch.DeliveryError):
        ch.MailChannel("county-mail", ch.Endpoint(url), ch.Policy())


def test_a_mail_is_utf8_mime_with_its_headers() -> None:
    m = ch.mime(Message("催办提醒", "赤坎区：逾期 1 项", to=TO), "qm@x.cn", dt.datetime(2024, 9, 11, 9, tzinfo=dt.UTC))
    parsed = email.message_from_bytes(m.as_bytes(), policy=default_policy)
    assert (parsed["Subject"], parsed["From"], parsed["To"]) == ("催办提醒", "qm@x.cn", TO)
    assert parsed.get_content_charset() == "utf-8" and parsed.get_content().rstrip("\r\n") == "赤坎区：逾期 1 项"
    head, body = m.as_bytes().split(b"\r\n\r\n", 1)  # as it goes on the wire: CRLF, headers as mail writes them
    lines = head.split(b"\r\n")
    assert re.fullmatch(rb"Message-ID: <[^@<>]+@x\.cn>", lines[4]), lines[4]
    assert lines[:4] + lines[5:] == [
        b"Subject: =?utf-8?b?5YKs5Yqe5o+Q6YaS?=",
        b"From: qm@x.cn",
        b"To: " + TO.encode(),
        b"Date: Wed, 11 Sep 2024 09:00:00 +0000",
        b'Content-Type: text/plain; charset="utf-8"',
        b"Content-Transfer-Encoding: 8bit",
        b"MIME-Version: 1.0",
    ]
    assert body == "赤坎区：逾期 1 项\r\n".encode()


# ── mail: the watchdog, the capped reader, the capped SMTP client ────────────


def test_a_watchdog_starts_unexpired_on_a_daemon_timer() -> None:
    dog = ch.Watchdog(5)
    assert dog.expired is False and dog._timer.daemon is True and dog._watched == []
    with dog:
        pass
    assert dog.expired is False


def test_a_watchdog_shuts_the_socket_at_its_deadline() -> None:
    for seconds in (0.05, -3.0):  # a deadline already past fires at once
        a, b = socket.socketpair()
        with a, b:
            a.settimeout(5)
            dog = ch.Watchdog(seconds)
            dog.watch(functools.partial(lambda sock: sock, a))
            start = time.monotonic()
            with dog:
                assert a.recv(1) == b""  # the blocked read returns: the socket was shut down
            took = time.monotonic() - start
            assert dog.expired is True and took < 0.8, (seconds, took)


def test_a_watchdog_cancelled_in_time_never_fires() -> None:
    a, b = socket.socketpair()
    with a, b:
        with ch.Watchdog(0.1) as dog:
            dog.watch(lambda: a)
        time.sleep(0.3)
        assert dog.expired is False
        b.sendall(b"x")
        assert a.recv(1) == b"x"  # still open


class _Shut:
    def __init__(self, error: type[Exception] | None = None) -> None:
        self.error = error
        self.how: list[int] = []

    def shutdown(self, how: int) -> None:
        self.how.append(how)
        if self.error:
            raise self.error("cannot")


def test_a_watchdog_reads_each_socket_when_it_fires_and_shuts_every_one_it_can() -> None:
    dog = ch.Watchdog(60)
    closed = socket.socket()
    closed.close()  # shutdown() of a closed socket raises OSError
    failing = [_Shut(ValueError), _Shut(AttributeError), _Shut(OSError)]
    last: list[Any] = [None]
    dog.watch(lambda: None)  # not connected yet
    dog.watch(lambda: closed)
    for sock in failing:
        dog.watch(functools.partial(lambda s: s, sock))
    dog.watch(lambda: last[0])
    last[0] = _Shut()  # the socket changed after watch() (as after STARTTLS): the new one is shut
    dog._fire()
    assert dog.expired is True
    assert [s.how for s in [*failing, last[0]]] == [[socket.SHUT_RDWR]] * 4


def test_the_capped_reader_counts_every_byte_and_refuses_past_the_cap() -> None:
    count = [0]
    inner = io.BytesIO(b"250-one\r\n250 two\r\n250 three\r\n")
    reader = ch._CappedReader(inner, count, 18)
    assert reader.readline(3) == b"250"  # the size is passed on
    assert reader.readline() == b"-one\r\n"
    assert reader.readline() == b"250 two\r\n" and count == [18]  # at the cap: still read
    with pytest.raises(ch.AnswerTooLong):
        reader.readline()
    reader.close()
    assert inner.closed


def test_the_smtp_client_has_the_timeout_and_a_checking_context() -> None:
    plain = ch._smtp(False, 2.5, 100)
    assert isinstance(plain, smtplib.SMTP) and not isinstance(plain, smtplib.SMTP_SSL) and plain.timeout == 2.5
    secure = ch._smtp(True, 1.5, 100)
    assert isinstance(secure, smtplib.SMTP_SSL) and secure.timeout == 1.5
    assert secure.context.verify_mode == ssl.CERT_REQUIRED and secure.context.check_hostname is True


def test_the_smtp_client_reads_every_reply_through_one_capped_reader() -> None:
    a, b = socket.socketpair()
    with a, b:
        a.settimeout(1)
        client = ch._smtp(False, 1, 14)
        client.sock = a
        b.sendall(b"220 a\r\n250 b\r\n")  # 14 bytes, both read at once into the first reader's buffer
        assert client.getreply() == (220, b"a")
        reader = client.file
        assert isinstance(reader, ch._CappedReader)
        assert client.getreply() == (250, b"b")  # from the same reader: the count reached the cap exactly
        assert client.file is reader
        b.sendall(b"250 c\r\n")
        with pytest.raises(ch.AnswerTooLong):
            client.getreply()
        client.sock = None  # (closed by the with)


# ── mail: a real dialogue ────────────────────────────────────────────────────


class _Box:
    """An aiosmtpd handler: what it was asked, and scripted answers to MAIL and RCPT."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.senders: list[str] = []
        self.rcpts: list[str] = []
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.logins: list[str] = []
        self.mail_answers: list[str] = []
        self.rcpt_answers: list[str] = []

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        self.senders.append(address)
        if self.mail_answers:
            return self.mail_answers.pop(0)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        self.rcpts.append(address)
        if self.rcpt_answers:
            return self.rcpt_answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"

    def authenticator(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        self.logins.append(auth_data.login.decode())
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)  # (handled: no answer of its own)


@pytest.fixture(scope="module")
def _smtp_server() -> Iterator[tuple[_Box, int]]:
    """One aiosmtpd server for the module (AUTH offered without TLS); each test resets what it saw."""
    from aiosmtpd.controller import Controller

    server, port = _Box(), _port()
    controller = Controller(server, hostname="127.0.0.1", port=port, authenticator=server.authenticator, auth_require_tls=False)
    controller.start()
    yield server, port
    controller.stop()


@pytest.fixture
def box(_smtp_server: tuple[_Box, int]) -> tuple[_Box, int]:
    _smtp_server[0].reset()
    return _smtp_server


def _mail(port: int, login: str = "", policy: ch.Policy | None = None) -> ch.MailChannel:
    auth = f"{login}@" if login else ""
    url = f"smtp://{auth}127.0.0.1:{port}?from={SENDER}"
    return ch.MailChannel("m", ch.Endpoint(url), policy or ch.Policy(retries=0, timeout=5))


def _message(to: str = TO) -> Message:
    return Message("催办提醒", "赤坎区：逾期 1 项", to=to)


def test_a_mail_is_delivered_from_the_sender_to_its_one_recipient(box: tuple[_Box, int]) -> None:
    server, port = box
    _mail(port).send(_message(), NOW)
    [(sender, rcpts, raw)] = server.messages
    assert (sender, rcpts) == (SENDER, [TO])
    parsed = email.message_from_bytes(raw, policy=default_policy)
    assert parsed["Subject"] == "催办提醒" and parsed["To"] == TO and parsed["From"] == SENDER


def test_a_login_is_sent_when_the_url_has_one(box: tuple[_Box, int]) -> None:
    server, port = box
    _mail(port, "bureau%40x.cn:s3cret").send(_message(), NOW)
    assert server.logins == ["bureau@x.cn"] and len(server.messages) == 1


def test_a_failed_login_is_a_refusal_not_retried(box: tuple[_Box, int]) -> None:
    server, port = box
    with pytest.raises(ch.DeliveryError) as raised:
        _mail(port, "bureau:wrong", ch.Policy(retries=2, backoff=0, sleep=_no_sleep())).send(_message(), NOW)
    assert _error(raised.value) == ("mail_refused", {"channel": "m", "to": TO, "detail": "authentication failed"})
    assert set(server.logins) == {"bureau"} and server.messages == []  # (smtplib tries each mechanism offered)


@pytest.mark.parametrize("to", ["a@b.cn, c@d.cn", "a@b.cn\nBcc: c@d.cn", "赤坎区", ""])
def test_a_bad_address_is_refused_before_any_dialogue(box: tuple[_Box, int], to: str) -> None:
    server, port = box
    with pytest.raises(ch.DeliveryError) as raised:
        _mail(port).send(_message(to), NOW)
    assert _error(raised.value) == ("mail_refused", {"channel": "m", "to": to, "detail": ch.BAD_ADDRESS})
    assert server.senders == []


@pytest.mark.parametrize(("answer", "retried"), [("400 4.0.0 x", True), ("451 4.3.0 busy", True), ("499 4.9.9 x", True),
                                                 ("500 5.0.0 x", False), ("550 5.1.1 no such mailbox", False)])  # fmt: skip
def test_a_refused_recipient_is_retried_only_on_a_4xx(box: tuple[_Box, int], answer: str, retried: bool) -> None:
    server, port = box
    server.rcpt_answers = [answer]
    with pytest.raises(ch.Retry if retried else ch.DeliveryError) as raised:
        _mail(port)._deliver(ch.mime(_message(), SENDER, NOW), TO, time.monotonic() + 5)
    assert _error(raised.value) == ("mail_refused", {"channel": "m", "to": TO, "detail": "recipient refused"})
    assert server.rcpts == [TO] and server.messages == []


def test_a_recipient_refused_for_a_while_gets_the_mail_on_the_next_attempt(box: tuple[_Box, int]) -> None:
    server, port = box
    server.rcpt_answers = ["450 4.2.1 try later"]
    slept: list[float] = []
    _mail(port, policy=ch.Policy(retries=1, backoff=0.5, sleep=_no_sleep(slept))).send(_message(), NOW)
    assert server.rcpts == [TO, TO] and len(server.messages) == 1 and slept == [0.5]


@pytest.mark.parametrize(("answer", "retried"), [("421 4.3.2 closing", True), ("451 4.3.0 busy", True),
                                                 ("554 5.7.1 sender rejected", False)])  # fmt: skip
def test_a_refused_sender_is_retried_only_on_a_4xx_and_says_what_the_server_said(
    box: tuple[_Box, int], answer: str, retried: bool
) -> None:
    server, port = box
    server.mail_answers = [answer]
    with pytest.raises(ch.Retry if retried else ch.DeliveryError) as raised:
        _mail(port)._deliver(ch.mime(_message(), SENDER, NOW), TO, time.monotonic() + 5)
    code, text = answer.split(" ", 1)
    assert _error(raised.value) == ("mail_refused", {"channel": "m", "to": TO, "detail": f"{code} {text.encode()!r}"})


@contextlib.contextmanager
def _banner(data: bytes, host: str = "127.0.0.1") -> Iterator[int]:
    """A server that sends `data` on each connection, then holds it open until the client leaves."""
    listener = socket.socket()
    listener.bind((host, 0))
    listener.listen(4)
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            with conn, contextlib.suppress(OSError):
                conn.sendall(data)
                conn.settimeout(0.1)
                while not stop.is_set():
                    try:
                        if not conn.recv(1024):
                            break
                    except TimeoutError:
                        continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        listener.close()


@pytest.mark.parametrize(("banner", "retried"), [(b"421 4.3.2 busy\r\n", True), (b"554 5.3.2 no service\r\n", False)])
def test_a_server_refusing_at_once_is_a_refusal_with_its_words(banner: bytes, retried: bool) -> None:
    with _banner(banner) as port, pytest.raises(ch.Retry if retried else ch.DeliveryError) as raised:
        _mail(port)._deliver(ch.mime(_message(), SENDER, NOW), TO, time.monotonic() + 5)
    code, text = banner.decode().strip().split(" ", 1)
    assert _error(raised.value) == ("mail_refused", {"channel": "m", "to": TO, "detail": f"{code} {text.encode()!r}"})


def test_the_dialogue_connects_to_the_configured_host() -> None:
    with _banner(b"554 5.3.2 not here\r\n", host="127.0.0.2") as port:  # (not where a default would go)
        mail = ch.MailChannel("m", ch.Endpoint(f"smtp://127.0.0.2:{port}?from={SENDER}"), ch.Policy(timeout=5))
        with pytest.raises(ch.DeliveryError) as raised:
            mail._deliver(ch.mime(_message(), SENDER, NOW), TO, time.monotonic() + 5)
    assert _error(raised.value) == ("mail_refused", {**REFUSED, "detail": "554 b'5.3.2 not here'"})


def test_a_stalled_banner_is_cut_by_the_watchdog_and_is_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The watchdog alone ends it (the socket's own timeout is lengthened here): the read it cuts
    short returns a broken reply, which is a timeout, not the server's refusal."""
    real = ch._smtp
    monkeypatch.setattr(ch, "_smtp", lambda tls, timeout, cap: real(tls, timeout + 5, cap))
    with _banner(b"2") as port:  # one byte of a banner, then silence
        start = time.monotonic()
        with pytest.raises(ch.Retry) as raised:
            _mail(port, policy=ch.Policy(timeout=0.3))._deliver(ch.mime(_message(), SENDER, NOW), TO, time.monotonic() + 0.3)
        assert time.monotonic() - start < 2
    assert _error(raised.value) == ("delivery_timeout", {"channel": "m", "host": f"127.0.0.1:{port}", "seconds": "0.3"})


# ── mail: each failure of a dialogue told apart ──────────────────────────────


def _failing(mail: ch.MailChannel, exc: BaseException, after: float = 0.0) -> None:
    """Make `mail`'s dialogue raise `exc`, after `after` seconds (past the watchdog, if it is longer)."""

    def dialogue(smtp: Any, message: Any, to: str) -> None:
        time.sleep(after)
        raise exc

    mail._dialogue = dialogue  # type: ignore[method-assign]


def _deliver(mail: ch.MailChannel, seconds: float = 5.0) -> None:
    mail._deliver(ch.mime(_message(), SENDER, NOW), TO, mail.policy.clock() + seconds)


REFUSED = {"channel": "m", "to": TO}
HOST = f"127.0.0.1:{_port()}"  # nothing listens there


def _offline(**policy: Any) -> ch.MailChannel:
    return ch.MailChannel("m", ch.Endpoint(f"smtp://{HOST}?from={SENDER}"), ch.Policy(**{"timeout": 5.0, **policy}))


@pytest.mark.parametrize(
    ("codes", "retried"),
    [((450,), True), ((400,), True), ((499,), True), ((451, 452), True), ((399,), False), ((500,), False), ((450, 550), False)],
)
def test_recipients_refused_are_retried_only_if_every_refusal_is_temporary(codes: tuple[int, ...], retried: bool) -> None:
    mail = _offline()
    _failing(mail, smtplib.SMTPRecipientsRefused({f"r{n}@b.cn": (code, b"no") for n, code in enumerate(codes)}))
    with pytest.raises(ch.Retry if retried else ch.DeliveryError) as raised:
        _deliver(mail)
    assert _error(raised.value) == ("mail_refused", {**REFUSED, "detail": "recipient refused"})


@pytest.mark.parametrize(("code", "retried"), [(399, False), (400, True), (450, True), (499, True), (500, False), (554, False)])
def test_an_error_reply_is_retried_only_if_temporary(code: int, retried: bool) -> None:
    mail = _offline()
    _failing(mail, smtplib.SMTPDataError(code, b"said so"))
    with pytest.raises(ch.Retry if retried else ch.DeliveryError) as raised:
        _deliver(mail)
    assert _error(raised.value) == ("mail_refused", {**REFUSED, "detail": f"{code} b'said so'"})


def test_an_error_reply_is_cut_to_160_characters() -> None:
    mail = _offline()
    _failing(mail, smtplib.SMTPResponseException(554, b"z" * 300))
    with pytest.raises(ch.DeliveryError) as raised:
        _deliver(mail)
    assert _error(raised.value) == ("mail_refused", {**REFUSED, "detail": "554 b'" + "z" * 154})


def test_an_authentication_error_is_a_refusal_not_retried() -> None:
    mail = _offline()
    _failing(mail, smtplib.SMTPAuthenticationError(454, b"temporary authentication failure"))
    with pytest.raises(ch.DeliveryError) as raised:
        _deliver(mail)
    assert _error(raised.value) == ("mail_refused", {**REFUSED, "detail": "authentication failed"})


def test_an_answer_too_long_is_not_retried() -> None:
    mail = _offline(answer_bytes=1234)
    _failing(mail, ch.AnswerTooLong())
    with pytest.raises(ch.DeliveryError) as raised:
        _deliver(mail)
    assert _error(raised.value) == ("delivery_too_long", {"channel": "m", "host": HOST, "limit": 1234})


TIMED_OUT = ("delivery_timeout", {"channel": "m", "host": HOST, "seconds": "5"})


@pytest.mark.parametrize(
    "exc", [smtplib.SMTPResponseException(550, b"gone"), smtplib.SMTPServerDisconnected("closed"), OSError(), ValueError()]
)
def test_any_failure_once_the_watchdog_has_fired_is_a_timeout(exc: BaseException) -> None:
    mail = _offline()
    _failing(mail, exc, after=0.3)
    with pytest.raises(ch.Retry) as raised:
        _deliver(mail, seconds=0.05)
    assert _error(raised.value) == TIMED_OUT


def test_a_socket_timeout_is_a_timeout() -> None:
    mail = _offline()
    _failing(mail, TimeoutError("timed out"))
    with pytest.raises(ch.Retry) as raised:
        _deliver(mail)
    assert _error(raised.value) == TIMED_OUT


@pytest.mark.parametrize(
    ("exc", "detail"),
    [(ConnectionRefusedError(), "ConnectionRefusedError"), (smtplib.SMTPServerDisconnected("x"), "SMTPServerDisconnected"),
     (smtplib.SMTPNotSupportedError(), "SMTPNotSupportedError"), (ssl.SSLError(), "SSLError")],
)  # fmt: skip
def test_a_connection_failure_is_retried_and_named(exc: BaseException, detail: str) -> None:
    mail = _offline()
    _failing(mail, exc)
    with pytest.raises(ch.Retry) as raised:
        _deliver(mail)
    assert _error(raised.value) == ("delivery_unreachable", {"channel": "m", "host": HOST, "detail": detail})


def test_a_bug_is_not_taken_for_a_delivery_failure() -> None:
    mail = _offline()
    _failing(mail, KeyError("bug"))
    with pytest.raises(KeyError):
        _deliver(mail)


class _Spy:
    def __init__(self) -> None:
        self.made: list[tuple[Any, ...]] = []  # ch._smtp's arguments, and ("closed",) for each close()
        self.close_fails = False


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> _Spy:
    """ch._smtp's calls, and each client's close (which fails with OSError if asked)."""
    spy = _Spy()
    real = ch._smtp

    def make(ssl_on: bool, timeout: float, cap: int) -> Any:
        client = real(ssl_on, timeout, cap)
        spy.made.append((ssl_on, timeout, cap))
        closing = client.close

        def close() -> None:
            spy.made.append(("closed",))
            closing()
            if spy.close_fails:
                raise OSError("close failed")

        client.close = close
        return client

    monkeypatch.setattr(ch, "_smtp", make)
    return spy


def test_a_client_that_fails_to_close_changes_no_outcome(spied: _Spy) -> None:
    spied.close_fails = True
    mail = _offline()
    _failing(mail, smtplib.SMTPDataError(554, b"no"))
    with pytest.raises(ch.DeliveryError) as raised:
        _deliver(mail)
    assert _error(raised.value) == ("mail_refused", {**REFUSED, "detail": "554 b'no'"})
    mail._dialogue = lambda smtp, message, to: None  # type: ignore[method-assign]
    _deliver(mail)  # delivered
    assert spied.made[1::2] == [("closed",), ("closed",)]


def test_the_dialogue_gets_what_is_left_of_the_deadline_and_is_closed(spied: _Spy) -> None:
    for url, tls in ((f"smtp://{HOST}?from={SENDER}", False), (f"smtps://{HOST}?from={SENDER}", True)):
        mail = ch.MailChannel("m", ch.Endpoint(url), ch.Policy(clock=lambda: 10.0, answer_bytes=999))
        _failing(mail, smtplib.SMTPDataError(554, b"no"))
        with pytest.raises(ch.DeliveryError):
            mail._deliver(ch.mime(_message(), SENDER, NOW), TO, 12.5)
        assert spied.made[-2:] == [(tls, 2.5, 999), ("closed",)]


def test_no_dialogue_is_begun_at_or_past_the_deadline(spied: _Spy) -> None:
    mail = ch.MailChannel("m", ch.Endpoint(f"smtp://{HOST}?from={SENDER}"), ch.Policy(timeout=0.5, clock=lambda: 10.0))
    for until in (10.0, 9.0):
        with pytest.raises(ch.Retry) as raised:
            mail._deliver(ch.mime(_message(), SENDER, NOW), TO, until)
        assert _error(raised.value) == ("delivery_timeout", {"channel": "m", "host": HOST, "seconds": "0.5"})
    assert spied.made == []
    _failing(mail, smtplib.SMTPDataError(554, b"no"))
    with pytest.raises(ch.DeliveryError):
        mail._deliver(ch.mime(_message(), SENDER, NOW), TO, 10.25)  # a quarter of a second is still time
    assert spied.made == [(False, 0.25, ch.ANSWER_BYTES), ("closed",)]


def test_send_keeps_to_the_callers_deadline(spied: _Spy) -> None:
    mail = ch.MailChannel("m", ch.Endpoint(f"smtp://{HOST}?from={SENDER}"), ch.Policy(retries=0, clock=lambda: 10.0))
    with pytest.raises(ch.DeliveryError) as raised:
        mail.send(_message(), NOW, until=10.0)
    assert _error(raised.value) == ("delivery_timeout", {"channel": "m", "host": HOST, "seconds": "10"})
    assert spied.made == []
