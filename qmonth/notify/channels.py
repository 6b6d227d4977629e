"""Delivery channels: one small class per platform, one `send(message)` contract.

- WeComRobot (企业微信群机器人): `{"msgtype": "text", "text": {"content", "mentioned_mobile_list"}}`
  or `msgtype` markdown; text at most 2,048 bytes, Markdown 4,096.
- DingTalkRobot (钉钉自定义机器人): `msgtype` text/markdown with `at.atMobiles`; with a 加签 secret,
  `timestamp` (ms) and `sign` = URL-encoded base64 HMAC-SHA256(secret, "{timestamp}\\n{secret}")
  as query parameters.
- FeishuRobot (飞书自定义机器人): `{"msg_type": "text", "content": {"text"}}`; with a secret,
  `timestamp` (s) and `sign` = base64 HMAC-SHA256 keyed by "{timestamp}\\n{secret}" in the body.
  Feishu's custom robots @-mention by user id, not by mobile: no mentions there.
- MailChannel: smtplib/email, one message per recipient, UTF-8 MIME, RFC 2047 subject.

A robot answers HTTP 200 with a non-zero `errcode` / `code` when it refuses a message: that is a
failure. Each attempt (one request, or one SMTP dialogue) ends by a wall-clock deadline whatever the
server does, and reads at most ANSWER_BYTES; connection failures, timeouts, HTTP 5xx and 429 are
retried a few times with backoff, within a deadline per channel (and the run's); refusals are not
retried.
Endpoints and secrets never come from the campaign file: see `endpoint()`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qmonth.core.fields import is_address, mention_mobile
from qmonth.notify.endpoints import DeliveryError, Endpoint, env_name

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.notify.templates import Message


# The bounds of a delivery, in wall-clock seconds and bytes, whatever a server does (the manual,
# "Faults"). The environment may shorten the first three (QMONTH_NOTIFY_TIMEOUT, _BUDGET,
# _RUN_BUDGET), never lengthen them; tests shorten them that way or patch these constants.
ATTEMPT_SECONDS = 10.0  # one request, or one SMTP dialogue, from connect to the last byte
CHANNEL_SECONDS = 60.0  # one channel: all its messages, attempts and waits
RUN_SECONDS = 180.0  # one `remind --send`: all channels, the wait for the log's lock included
ANSWER_BYTES = 64 * 1024  # a robot's answer, or all an SMTP server says in one dialogue


@dataclass(frozen=True)
class Policy:
    """Deadlines and retries. From QMONTH_NOTIFY_TIMEOUT / _RETRIES / _BACKOFF / _BUDGET /
    _RUN_BUDGET (seconds), each clamped to the constants above."""

    timeout: float = ATTEMPT_SECONDS  # one attempt, start to end (not per read)
    retries: int = 2  # after the first attempt
    backoff: float = 2.0  # before the first retry; doubles each time
    budget: float = CHANNEL_SECONDS  # one channel, start to end
    run_budget: float = RUN_SECONDS  # one run, start to end
    answer_bytes: int = ANSWER_BYTES
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Policy:
        def num(name: str, default: float, low: float, high: float) -> float:
            raw = env.get(name, "")
            try:
                value = float(raw) if raw else default
            except ValueError:
                value = default
            return min(max(value, low), high) if value == value else default  # NaN: the default

        return cls(
            timeout=num("QMONTH_NOTIFY_TIMEOUT", ATTEMPT_SECONDS, 0.05, ATTEMPT_SECONDS),
            retries=int(num("QMONTH_NOTIFY_RETRIES", 2, 0, 5)),
            backoff=num("QMONTH_NOTIFY_BACKOFF", 2.0, 0.0, 60.0),
            budget=num("QMONTH_NOTIFY_BUDGET", CHANNEL_SECONDS, 0.1, CHANNEL_SECONDS),
            run_budget=num("QMONTH_NOTIFY_RUN_BUDGET", RUN_SECONDS, 0.1, RUN_SECONDS),
            answer_bytes=ANSWER_BYTES,
        )

    def attempts(self, attempt: Callable[[float], None], until: float | None = None) -> None:
        """Run `attempt(deadline)` until it succeeds; retry what raises a retryable DeliveryError.
        Each attempt must end by its deadline (monotonic clock): `timeout` from its start, never
        after `until` (the channel's deadline; default: `budget` from now)."""
        start = self.clock()
        until = start + self.budget if until is None else until
        delay = self.backoff
        for n in range(self.retries + 1):
            try:
                attempt(min(self.clock() + self.timeout, until))
                return
            except Retry as exc:
                last = exc.error
            if n == self.retries or self.clock() + delay + self.timeout > until:
                break
            self.sleep(delay)
            delay *= 2
        raise last


class Retry(Exception):
    def __init__(self, error: DeliveryError) -> None:
        super().__init__(error.code)
        self.error = error


# ── robots ───────────────────────────────────────────────────────────────────


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc.rsplit("@", 1)[-1] or "?"


class Deadline:
    """The current attempt's deadline (monotonic clock), shared with the HTTP client's sockets."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.until = float("inf")
        self.clock = clock

    def left(self, timeout: float | None, error: type[Exception]) -> float:
        """Seconds the next socket operation may take: its own timeout, cut to what is left."""
        left = self.until - self.clock()
        if left <= 0:
            raise error("the attempt's deadline has passed")
        return left if timeout is None else min(timeout, left)


def http_client(deadline: Deadline) -> Any:
    """An httpx client whose every connect, read and write ends by `deadline.until`.

    httpx's timeouts are per operation: a server sending one byte every few seconds never trips
    them. So each socket operation is given only what is left of the attempt's deadline (a
    network backend wrapped around httpcore's), and past it fails as a timeout."""
    import httpx

    client = httpx.Client(follow_redirects=False)
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        inner = getattr(pool, "_network_backend", None)
        if inner is None:
            continue
        pool._network_backend = _DeadlineBackend(inner, deadline)  # type: ignore[union-attr]
        client._qmonth_deadline = True  # type: ignore[attr-defined]  # (tests check it is in place)
    return client


class _DeadlineBackend:
    """httpcore's network backend, each operation cut to the attempt's deadline."""

    def __init__(self, inner: Any, deadline: Deadline) -> None:
        self.inner, self.deadline = inner, deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, **kw: Any) -> Any:
        import httpcore

        left = self.deadline.left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.connect_tcp(host, port, left, **kw), self.deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None, **kw: Any) -> Any:  # pragma: no cover
        import httpcore

        left = self.deadline.left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.connect_unix_socket(path, left, **kw), self.deadline)

    def sleep(self, seconds: float) -> None:  # pragma: no cover (httpcore's retries: none here)
        self.inner.sleep(seconds)


class _DeadlineStream:
    def __init__(self, inner: Any, deadline: Deadline) -> None:
        self.inner, self.deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore

        return bytes(self.inner.read(max_bytes, self.deadline.left(timeout, httpcore.ReadTimeout)))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore

        self.inner.write(buffer, self.deadline.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        import httpcore

        left = self.deadline.left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, left), self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class Robot:
    """A group robot reached by an HTTPS webhook."""

    kind = ""
    text_limit = 20_000  # bytes of message text
    markdown_limit = 20_000
    mentions_by_mobile = True
    strict_answer = True  # the answer must be JSON with errcode/code 0
    headers: dict[str, str] = {}  # noqa: RUF012 (extra request headers; a webhook sets its own)

    def __init__(self, name: str, ep: Endpoint, policy: Policy, client: Any, deadline: Deadline | None = None) -> None:
        if urllib.parse.urlsplit(ep.url).scheme not in ("http", "https"):
            raise DeliveryError("channel_bad_url", channel=name, var=env_name(name))
        self.name, self.ep, self.policy, self.client = name, ep, policy, client
        self.deadline = deadline or Deadline(policy.clock)

    def limit(self, markdown: bool) -> int:
        return self.markdown_limit if markdown else self.text_limit

    def request(self, msg: Message, epoch: float) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError

    def send(self, msg: Message, now: dt.datetime, until: float | None = None) -> None:
        """Deliver `msg` by `until` (monotonic; default: the channel budget from now); `now` (the
        CLI's clock) dates the signature."""
        url, payload = self.request(msg, now.timestamp())
        self.policy.attempts(lambda deadline: self._post(url, payload, deadline), until)

    def _post(self, url: str, payload: dict[str, Any], until: float) -> None:
        """One attempt, ended by `until` whatever the server does; at most `answer_bytes` read."""
        import httpx

        host = _host(url)
        clock = self.policy.clock
        self.deadline.until = until
        seconds = f"{self.policy.timeout:g}"
        try:
            left = max(until - clock(), 0.001)
            headers = {**self.headers, "Accept-Encoding": "identity"}
            with self.client.stream("POST", url, json=payload, headers=headers, timeout=httpx.Timeout(left)) as r:
                status = r.status_code
                if status >= 500 or status == 429:
                    raise Retry(DeliveryError("delivery_http", channel=self.name, host=host, status=status))
                if status != 200 and (self.strict_answer or not 200 <= status < 300):
                    raise DeliveryError("delivery_http", channel=self.name, host=host, status=status)
                data = bytearray()
                for chunk in r.iter_raw():
                    data += chunk
                    if len(data) > self.policy.answer_bytes:
                        limit = self.policy.answer_bytes
                        raise DeliveryError("delivery_too_long", channel=self.name, host=host, limit=limit)
                    if clock() >= until:
                        raise httpx.ReadTimeout("the attempt's deadline has passed")
        except httpx.TimeoutException:
            raise Retry(DeliveryError("delivery_timeout", channel=self.name, host=host, seconds=seconds)) from None
        except httpx.HTTPError as exc:
            raise Retry(DeliveryError("delivery_unreachable", channel=self.name, host=host, detail=type(exc).__name__)) from None
        finally:
            self.deadline.until = float("inf")
        text = bytes(data).decode("utf-8", errors="replace")
        try:
            body = json.loads(text)
        except (ValueError, RecursionError):
            body = None
        if not self.strict_answer and (not isinstance(body, dict) or not any(k in body for k in ("errcode", "code"))):
            return  # a plain platform: any 2xx answer is a delivery
        if not isinstance(body, dict):
            raise DeliveryError("delivery_bad_answer", channel=self.name, host=host, text=text[:80])
        code = next((body[k] for k in ("errcode", "code", "StatusCode") if k in body), None)
        if code is None:
            raise DeliveryError("delivery_bad_answer", channel=self.name, host=host, text=text[:80])
        if code != 0:
            msg = body.get("errmsg") or body.get("msg") or body.get("StatusMessage") or ""
            raise DeliveryError("delivery_refused", channel=self.name, errcode=code, detail=str(msg)[:160])


def mentionable(mobiles: tuple[str, ...]) -> list[str]:
    """Only 11-digit mainland mobiles are ever @-mentioned (templates send nothing else; a robot's
    own list is held to it too)."""
    return [m for m in mobiles if mention_mobile(m) == m]


class WeComRobot(Robot):
    kind = "wecom"
    text_limit = 2048
    markdown_limit = 4096

    def request(self, msg: Message, epoch: float) -> tuple[str, dict[str, Any]]:
        if msg.markdown:  # WeCom's Markdown cannot @-mention by mobile
            return self.ep.url, {"msgtype": "markdown", "markdown": {"content": msg.text}}
        text: dict[str, Any] = {"content": msg.text}
        if mentionable(msg.mentions):
            text["mentioned_mobile_list"] = mentionable(msg.mentions)
        return self.ep.url, {"msgtype": "text", "text": text}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉加签: base64(HMAC-SHA256(key=secret, "{timestamp}\\n{secret}")), URL-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书签名校验: base64(HMAC-SHA256(key="{timestamp}\\n{secret}", empty message))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class DingTalkRobot(Robot):
    kind = "dingtalk"

    def request(self, msg: Message, epoch: float) -> tuple[str, dict[str, Any]]:
        url = self.ep.url
        if self.ep.secret:
            ts = int(epoch * 1000)
            url += ("&" if "?" in url else "?") + f"timestamp={ts}&sign={dingtalk_sign(self.ep.secret, ts)}"
        at = {"atMobiles": mentionable(msg.mentions), "isAtAll": False}
        if msg.markdown:
            return url, {"msgtype": "markdown", "markdown": {"title": msg.title, "text": msg.text}, "at": at}
        return url, {"msgtype": "text", "text": {"content": msg.text}, "at": at}


class FeishuRobot(Robot):
    kind = "feishu"
    mentions_by_mobile = False

    def request(self, msg: Message, epoch: float) -> tuple[str, dict[str, Any]]:
        body: dict[str, Any] = {}
        if self.ep.secret:
            ts = int(epoch)
            body = {"timestamp": str(ts), "sign": feishu_sign(self.ep.secret, ts)}
        body.update({"msg_type": "text", "content": {"text": msg.text}})
        return self.ep.url, body


class WebhookRobot(Robot):
    """A platform that takes a plain JSON POST (a government messaging platform's webhook): the
    channel's `body` template, its strings filled with {title} {text} {today} {mentions}; headers
    from the environment (read by the CLI, passed in). Any 2xx is delivered, unless the answer is a
    JSON object whose errcode/code is non-zero (a refusal)."""

    kind = "webhook"
    strict_answer = False

    def __init__(self, *args: Any, body: str = "{}", headers: Mapping[str, str] | None = None, today: str = "") -> None:
        super().__init__(*args)
        self.body, self.headers, self.today = body, dict(headers or {}), today

    def request(self, msg: Message, epoch: float) -> tuple[str, dict[str, Any]]:
        values = {"title": msg.title, "text": msg.text, "today": self.today, "mentions": " ".join(mentionable(msg.mentions))}

        def fill(v: Any) -> Any:
            if isinstance(v, str):
                return v.format_map(values)
            if isinstance(v, dict):
                return {fill(k): fill(x) for k, x in v.items()}
            if isinstance(v, list):
                return [fill(x) for x in v]
            return v

        return self.ep.url, fill(json.loads(self.body))


ROBOTS: dict[str, type[Robot]] = {cls.kind: cls for cls in (WeComRobot, DingTalkRobot, FeishuRobot, WebhookRobot)}


# ── mail ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    ssl: bool = False  # smtps://: implicit TLS
    starttls: bool = False


def smtp_config(name: str, url: str) -> SmtpConfig:
    """smtp://[user:password@]host:port?from=ADDRESS (smtps:// for implicit TLS, &starttls=true)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    sender = (query.get("from") or [""])[0]
    try:
        port = parts.port  # None when the URL names none: the scheme's own
    except ValueError:  # out of range or not a number: refused, never the default port instead
        port = 0
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname or not is_address(sender) or port == 0:
        raise DeliveryError("channel_bad_smtp", channel=name, var=env_name(name))
    return SmtpConfig(
        host=parts.hostname,
        port=port or (465 if parts.scheme == "smtps" else 25),
        sender=sender,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or ""),
        ssl=parts.scheme == "smtps",
        starttls=(query.get("starttls") or ["false"])[0].lower() in ("1", "true", "yes"),
    )


def mime(msg: Message, sender: str, sent_at: dt.datetime) -> Any:
    """A proper MIME message: UTF-8 body, RFC 2047-encoded subject, Date and Message-ID."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime, make_msgid

    m = EmailMessage(policy=SMTP)
    m["Subject"] = msg.title
    m["From"] = sender
    m["To"] = msg.to
    m["Date"] = format_datetime(sent_at)
    m["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    m.set_content(msg.text, charset="utf-8")
    return m


BAD_ADDRESS = ("不是一个有效的邮件地址，qmonth 未发出", "not one valid address; qmonth did not send it")


class Watchdog:
    """Ends a blocking dialogue at a wall-clock deadline: when the timer fires, each watched
    socket is shut down, so a read or write blocked on it returns at once. Socket timeouts
    alone are per operation: a server dripping a byte at a time would never trip them."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._watched: list[Callable[[], Any]] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def watch(self, get_socket: Callable[[], Any]) -> None:
        """Shut down `get_socket()` (read when the timer fires; it may change, as after STARTTLS)."""
        with self._lock:
            self._watched.append(get_socket)

    def _fire(self) -> None:
        import socket

        with self._lock:
            self.expired = True
            for get in self._watched:
                sock = get()
                if sock is None:
                    continue
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


class AnswerTooLong(Exception):
    """An SMTP server said more than ANSWER_BYTES in one dialogue."""


class _CappedReader:
    """The SMTP reply stream, counting bytes: past the cap, AnswerTooLong (an endless multi-line
    reply must not fill memory)."""

    def __init__(self, inner: Any, count: list[int], cap: int) -> None:
        self.inner, self.count, self.cap = inner, count, cap

    def readline(self, size: int = -1) -> bytes:
        data: bytes = self.inner.readline(size)
        self.count[0] += len(data)
        if self.count[0] > self.cap:
            raise AnswerTooLong
        return data

    def close(self) -> None:
        self.inner.close()


def _smtp(ssl: bool, timeout: float, cap: int) -> Any:
    """An unconnected smtplib.SMTP (or SMTP_SSL) whose replies are capped at `cap` bytes."""
    import smtplib

    base = smtplib.SMTP_SSL if ssl else smtplib.SMTP
    count = [0]

    class Capped(base):  # type: ignore[valid-type,misc]
        def getreply(self) -> tuple[int, bytes]:
            if getattr(self, "file", None) is None and self.sock is not None:
                self.file = _CappedReader(self.sock.makefile("rb"), count, cap)
            reply: tuple[int, bytes] = super().getreply()
            return reply

    if ssl:  # smtplib's own default context for SMTP_SSL checks no certificate: check the server's
        import ssl as tls

        return Capped(timeout=timeout, context=tls.create_default_context())
    return Capped(timeout=timeout)


class MailChannel:
    kind = "mail"
    mentions_by_mobile = False

    def __init__(self, name: str, ep: Endpoint, policy: Policy) -> None:
        self.name, self.policy = name, policy
        self.config = smtp_config(name, ep.url)

    def send(self, msg: Message, sent_at: dt.datetime, until: float | None = None) -> None:
        if not is_address(msg.to):  # a list, a line break, a name: never a header or an extra To:
            raise DeliveryError("mail_refused", channel=self.name, to=msg.to, detail=BAD_ADDRESS)
        message = mime(msg, self.config.sender, sent_at)
        self.policy.attempts(lambda deadline: self._deliver(message, msg.to, deadline), until)

    def _deliver(self, message: Any, to: str, until: float) -> None:
        """One SMTP dialogue, ended by `until` whatever the server does (a watchdog shuts the
        socket down then: a banner dripping a byte at a time cannot hold it open)."""
        import smtplib

        cfg = self.config
        where = f"{cfg.host}:{cfg.port}"
        left = until - self.policy.clock()
        timeout = DeliveryError("delivery_timeout", channel=self.name, host=where, seconds=f"{self.policy.timeout:g}")
        if left <= 0:
            raise Retry(timeout)
        smtp = _smtp(cfg.ssl, left, self.policy.answer_bytes)
        with Watchdog(left) as watchdog:
            watchdog.watch(lambda: smtp.sock)
            try:
                self._dialogue(smtp, message, to)
            except AnswerTooLong:
                raise DeliveryError("delivery_too_long", channel=self.name, host=where, limit=self.policy.answer_bytes) from None
            except smtplib.SMTPRecipientsRefused as exc:
                err = DeliveryError("mail_refused", channel=self.name, to=to, detail="recipient refused")
                if all(400 <= code < 500 for code, _ in exc.recipients.values()):  # temporary: try again
                    raise Retry(err) from None
                raise err from None
            except smtplib.SMTPAuthenticationError:
                raise DeliveryError("mail_refused", channel=self.name, to=to, detail="authentication failed") from None
            except smtplib.SMTPResponseException as exc:
                if watchdog.expired:
                    raise Retry(timeout) from None
                err = DeliveryError("mail_refused", channel=self.name, to=to, detail=f"{exc.smtp_code} {exc.smtp_error!r}"[:160])
                if 400 <= exc.smtp_code < 500:  # a temporary failure: try again
                    raise Retry(err) from None
                raise err from None
            except Exception as exc:  # the watchdog's shutdown surfaces as whatever the read was doing
                if watchdog.expired or isinstance(exc, TimeoutError):
                    raise Retry(timeout) from None
                if isinstance(exc, (OSError, smtplib.SMTPException)):
                    detail = type(exc).__name__
                    raise Retry(DeliveryError("delivery_unreachable", channel=self.name, host=where, detail=detail)) from None
                raise
            finally:
                with contextlib.suppress(OSError):
                    smtp.close()

    def _dialogue(self, smtp: Any, message: Any, to: str) -> None:
        import smtplib
        import ssl

        cfg = self.config
        smtp._host = cfg.host  # smtplib names the TLS server from this, set only by its constructor
        code, reply = smtp.connect(cfg.host, cfg.port)
        if code != 220:
            raise smtplib.SMTPConnectError(code, reply)
        with smtp:
            if cfg.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if cfg.user:
                smtp.login(cfg.user, cfg.password)
            smtp.send_message(message, from_addr=cfg.sender, to_addrs=[to])
