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
failure. Each request has a timeout; connection failures, timeouts, HTTP 5xx and 429 are retried
a few times with backoff, within a time budget per channel; refusals are not retried.
Endpoints and secrets never come from the campaign file: see `endpoint()`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmonth.core.errors import QmonthError
from qmonth.core.fields import is_address, mention_mobile

if TYPE_CHECKING:
    import datetime as dt

    from qmonth.notify.templates import Message

EXIT_DELIVERY = 5  # a channel could not deliver (documented in the README)


class DeliveryError(QmonthError):
    exit_code = EXIT_DELIVERY


@dataclass(frozen=True)
class Policy:
    """Timeouts and retries. From QMONTH_NOTIFY_TIMEOUT / _RETRIES / _BACKOFF / _BUDGET (seconds)."""

    timeout: float = 10.0  # per request (connect, read, write)
    retries: int = 2  # after the first attempt
    backoff: float = 2.0  # before the first retry; doubles each time
    budget: float = 60.0  # no new attempt starts after this many seconds on one channel
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
            return min(max(value, low), high)

        return cls(
            timeout=num("QMONTH_NOTIFY_TIMEOUT", 10.0, 0.05, 120.0),
            retries=int(num("QMONTH_NOTIFY_RETRIES", 2, 0, 5)),
            backoff=num("QMONTH_NOTIFY_BACKOFF", 2.0, 0.0, 60.0),
            budget=num("QMONTH_NOTIFY_BUDGET", 60.0, 0.1, 600.0),
        )

    def attempts(self, attempt: Callable[[], None]) -> None:
        """Run `attempt` until it succeeds; retry what raises a retryable DeliveryError."""
        start = self.clock()
        delay = self.backoff
        for n in range(self.retries + 1):
            try:
                attempt()
                return
            except Retry as exc:
                last = exc.error
            if n == self.retries or self.clock() - start + delay + self.timeout > self.budget:
                break
            self.sleep(delay)
            delay *= 2
        raise last


class Retry(Exception):
    def __init__(self, error: DeliveryError) -> None:
        super().__init__(error.code)
        self.error = error


# ── endpoints and secrets: the environment, or a private secrets file ────────


@dataclass(frozen=True)
class Endpoint:
    url: str
    secret: str = ""


def env_name(channel: str) -> str:
    return "QMONTH_NOTIFY_" + channel.upper().replace("-", "_")


def secrets_path(env: Mapping[str, str]) -> Path:
    explicit = env.get("QMONTH_SECRETS")
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "qmonth" / "secrets.toml"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _repository(folder: Path) -> Path:
    """The git work tree holding the campaign (or its folder, outside git)."""
    here = folder.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return here


def read_secrets(env: Mapping[str, str], campaign_folder: Path) -> dict[str, Any]:
    """The secrets file's tables (`[NAME] url = "…" secret = "…"`), or {} when there is none.

    Refused: a file inside the campaign's repository (it would be committed), and a file others
    may read (group/other permission bits: `chmod 600` it).
    """
    import tomllib

    path = secrets_path(env)
    if not path.is_file():
        return {}
    if _inside(path, _repository(campaign_folder)):
        raise DeliveryError("secrets_in_repo", path=path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise DeliveryError("secrets_file_open", path=path, mode=f"{mode:03o}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DeliveryError("secrets_unreadable", path=path, detail=exc) from None
    return data


def endpoint(name: str, env: Mapping[str, str], secrets: Mapping[str, Any]) -> Endpoint:
    var = env_name(name)
    url = env.get(var, "").strip()
    secret = env.get(var + "_SECRET", "").strip()
    table = secrets.get(name)
    if isinstance(table, dict):
        url = url or str(table.get("url", "")).strip()
        secret = secret or str(table.get("secret", "")).strip()
    if not url:
        raise DeliveryError("channel_no_endpoint", channel=name, var=var)
    return Endpoint(url, secret)


# ── robots ───────────────────────────────────────────────────────────────────


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc.rsplit("@", 1)[-1] or "?"


class Robot:
    """A group robot reached by an HTTPS webhook."""

    kind = ""
    text_limit = 20_000  # bytes of message text
    markdown_limit = 20_000
    mentions_by_mobile = True

    def __init__(self, name: str, ep: Endpoint, policy: Policy, client: Any) -> None:
        if urllib.parse.urlsplit(ep.url).scheme not in ("http", "https"):
            raise DeliveryError("channel_bad_url", channel=name, var=env_name(name))
        self.name, self.ep, self.policy, self.client = name, ep, policy, client

    def limit(self, markdown: bool) -> int:
        return self.markdown_limit if markdown else self.text_limit

    def request(self, msg: Message, epoch: float) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError

    def send(self, msg: Message, now: dt.datetime) -> None:
        """Deliver `msg`; `now` (the CLI's clock) dates the signature."""
        url, payload = self.request(msg, now.timestamp())
        self.policy.attempts(lambda: self._post(url, payload))

    def _post(self, url: str, payload: dict[str, Any]) -> None:
        import httpx

        host = _host(url)
        try:
            r = self.client.post(url, json=payload, timeout=httpx.Timeout(self.policy.timeout))
        except httpx.TimeoutException:
            raise Retry(DeliveryError("delivery_timeout", channel=self.name, host=host, seconds=self.policy.timeout)) from None
        except httpx.HTTPError as exc:
            raise Retry(DeliveryError("delivery_unreachable", channel=self.name, host=host, detail=type(exc).__name__)) from None
        if r.status_code >= 500 or r.status_code == 429:
            raise Retry(DeliveryError("delivery_http", channel=self.name, host=host, status=r.status_code))
        if r.status_code != 200:
            raise DeliveryError("delivery_http", channel=self.name, host=host, status=r.status_code)
        try:
            body = r.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise DeliveryError("delivery_bad_answer", channel=self.name, host=host, text=r.text[:80])
        code = next((body[k] for k in ("errcode", "code", "StatusCode") if k in body), None)
        if code is None:
            raise DeliveryError("delivery_bad_answer", channel=self.name, host=host, text=r.text[:80])
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


ROBOTS: dict[str, type[Robot]] = {cls.kind: cls for cls in (WeComRobot, DingTalkRobot, FeishuRobot)}


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
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname or not is_address(sender):
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


class MailChannel:
    kind = "mail"
    mentions_by_mobile = False

    def __init__(self, name: str, ep: Endpoint, policy: Policy) -> None:
        self.name, self.policy = name, policy
        self.config = smtp_config(name, ep.url)

    def send(self, msg: Message, sent_at: dt.datetime) -> None:
        if not is_address(msg.to):  # a list, a line break, a name: never a header or an extra To:
            raise DeliveryError("mail_refused", channel=self.name, to=msg.to, detail=BAD_ADDRESS)
        message = mime(msg, self.config.sender, sent_at)
        self.policy.attempts(lambda: self._deliver(message, msg.to))

    def _deliver(self, message: Any, to: str) -> None:
        import smtplib
        import ssl

        cfg = self.config
        where = f"{cfg.host}:{cfg.port}"
        try:
            cls = smtplib.SMTP_SSL if cfg.ssl else smtplib.SMTP
            with cls(cfg.host, cfg.port, timeout=self.policy.timeout) as smtp:
                if cfg.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if cfg.user:
                    smtp.login(cfg.user, cfg.password)
                smtp.send_message(message, from_addr=cfg.sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError("mail_refused", channel=self.name, to=to, detail="recipient refused") from None
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError("mail_refused", channel=self.name, to=to, detail="authentication failed") from None
        except smtplib.SMTPResponseException as exc:
            err = DeliveryError("mail_refused", channel=self.name, to=to, detail=f"{exc.smtp_code} {exc.smtp_error!r}"[:160])
            if 400 <= exc.smtp_code < 500:  # a temporary failure: try again
                raise Retry(err) from None
            raise err from None
        except TimeoutError:
            raise Retry(DeliveryError("delivery_timeout", channel=self.name, host=where, seconds=self.policy.timeout)) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise Retry(DeliveryError("delivery_unreachable", channel=self.name, host=where, detail=type(exc).__name__)) from None


# ── leaks: what `check` refuses to see in a campaign file ────────────────────

_LEAKS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?key=[\w-]{6,}", re.I), "secret_webhook"),
    (re.compile(r"oapi\.dingtalk\.com/robot/send\?access_token=\w{6,}", re.I), "secret_webhook"),
    (re.compile(r"open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/[\w-]{6,}", re.I), "secret_webhook"),
    (re.compile(r"[?&](?:key|access_token|token|secret|sign|password|passwd|pwd)=[^&\s\"']{6,}", re.I), "secret_webhook"),
    (re.compile(r"\bSEC[0-9a-f]{32,}\b"), "secret_token"),
    (re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@\"']+:[^/\s@\"']+@", re.I), "secret_token"),
    (
        re.compile(
            r"""^\s*["']?[\w.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|webhook)[\w.-]*["']?\s*=\s*["'][^"']+["']""",
            re.I,
        ),
        "secret_token",
    ),
]


def leaks(text: str) -> list[Any]:
    """Lines of a campaign file that look like a webhook key, token or password (comments too)."""
    from qmonth.core.errors import Problem
    from qmonth.i18n import MESSAGES

    out = []
    for n, raw in enumerate(text.split("\n"), start=1):
        for pattern, what in _LEAKS:
            if pattern.search(raw):
                key = raw.split("=", 1)[0].strip().strip("\"'") if "=" in raw and not raw.lstrip().startswith("#") else "#"
                out.append(Problem("secret_in_file", key, line=n, params={"what": MESSAGES[what], "var": "QMONTH_NOTIFY_<NAME>"}))
                break
    return out


def leaks_in_file(path: str | Path) -> list[Any]:
    """`leaks` of a file on disk (none when it cannot be read): for a file too broken to load."""
    try:
        text = Path(path).read_bytes().decode("utf-8", "replace") if Path(path).is_file() else ""
    except OSError:
        return []
    return leaks(text)
