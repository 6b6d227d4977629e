"""Channel details: signatures against known values, SMTP URLs, retries within a budget."""

from __future__ import annotations

import datetime as dt

import pytest

from qmonth.notify import channels as ch
from qmonth.notify import endpoints
from qmonth.notify.templates import Message


def test_dingtalk_sign_known_value() -> None:
    # computed independently: base64(HMAC-SHA256(key=secret, "1700000000000\nSECxyz")), URL-encoded
    assert ch.dingtalk_sign("SECxyz", 1700000000000) == "0PUR1j8g85Xg3vlFV%2FUrEcxXfF5HpCAGzcjrNfyJoyg%3D"


def test_feishu_sign_known_value() -> None:
    # base64(HMAC-SHA256(key="1700000000\nabc", message=b""))
    assert ch.feishu_sign("abc", 1700000000) == "VIS10b0EBvzzSdFnuk4tznEmK5wHaruvf/WnViv2yR4="


def test_robot_payloads() -> None:
    msg = Message("标题", "正文", ("13800000001",))
    ep = ch.Endpoint("https://example.invalid/hook?key=k")
    wecom = ch.WeComRobot("g", ep, ch.Policy(), None)
    assert wecom.request(msg, 0) == (
        ep.url,
        {"msgtype": "text", "text": {"content": "正文", "mentioned_mobile_list": ["13800000001"]}},
    )
    md = Message("标题", "### 正文", (), markdown=True)
    assert wecom.request(md, 0)[1] == {"msgtype": "markdown", "markdown": {"content": "### 正文"}}
    ding = ch.DingTalkRobot("d", ch.Endpoint("https://example.invalid/robot/send?access_token=t", "SECxyz"), ch.Policy(), None)
    url, body = ding.request(msg, 1700000000.0)
    assert url.endswith("access_token=t&timestamp=1700000000000&sign=0PUR1j8g85Xg3vlFV%2FUrEcxXfF5HpCAGzcjrNfyJoyg%3D")
    assert body["at"] == {"atMobiles": ["13800000001"], "isAtAll": False}
    with pytest.raises(ch.DeliveryError):
        ch.WeComRobot("g", ch.Endpoint("ftp://x"), ch.Policy(), None)


def test_smtp_urls() -> None:
    cfg = ch.smtp_config("m", "smtps://bureau%40x.cn:p%3Ass@mail.x.cn?from=qm@x.cn")
    assert (cfg.host, cfg.port, cfg.user, cfg.password, cfg.ssl, cfg.sender) == (
        "mail.x.cn",
        465,
        "bureau@x.cn",
        "p:ss",
        True,
        "qm@x.cn",
    )
    assert ch.smtp_config("m", "smtp://h:2525?from=a@b.cn&starttls=true").starttls
    for bad in ("smtp://h:25", "http://h?from=a@b.cn", "smtp://:25?from=a@b.cn"):
        with pytest.raises(ch.DeliveryError):
            ch.smtp_config("m", bad)


def test_mime_headers() -> None:
    m = ch.mime(Message("催办提醒", "正文", to="a@b.cn"), "qm@x.cn", dt.datetime(2024, 9, 11, 9, tzinfo=dt.UTC))
    raw = m.as_bytes()
    assert b"Subject: =?utf-8?b?" in raw and b"Date: Wed, 11 Sep 2024 09:00:00 +0000" in raw
    assert m["Message-ID"].endswith("@x.cn>")


def test_retries_with_backoff_within_the_budget() -> None:
    slept: list[float] = []
    now = [0.0]

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    calls = []

    def failing(deadline: float) -> None:
        assert deadline == min(now[0] + 1, 10)  # each attempt's own deadline, never past the channel's
        calls.append(1)
        now[0] += 1.0  # each attempt takes a second (its timeout)
        raise ch.Retry(ch.DeliveryError("delivery_timeout", channel="g", host="h", seconds=1))

    policy = ch.Policy(timeout=1, retries=5, backoff=2, budget=10, sleep=sleep, clock=lambda: now[0])
    with pytest.raises(ch.DeliveryError):
        policy.attempts(failing)
    assert slept == [2, 4]  # a third wait (8 s) would pass the 10 s budget
    assert len(calls) == 3
    refused = []

    def refusing(deadline: float) -> None:
        refused.append(1)
        raise ch.DeliveryError("delivery_refused", channel="g", errcode=1, detail="no")

    with pytest.raises(ch.DeliveryError):
        ch.Policy(sleep=sleep).attempts(refusing)
    assert len(refused) == 1  # a refusal is not retried


def test_policy_from_env_is_clamped() -> None:
    p = ch.Policy.from_env({"QMONTH_NOTIFY_TIMEOUT": "0.01", "QMONTH_NOTIFY_RETRIES": "99", "QMONTH_NOTIFY_BACKOFF": "x"})
    assert (p.timeout, p.retries, p.backoff, p.budget, p.run_budget) == (0.05, 5, 2.0, 60.0, 180.0)
    # the environment may shorten the documented bounds, never lengthen them
    env = {"QMONTH_NOTIFY_TIMEOUT": "999", "QMONTH_NOTIFY_BUDGET": "1e9", "QMONTH_NOTIFY_RUN_BUDGET": "nan"}
    p = ch.Policy.from_env(env)
    assert (p.timeout, p.budget, p.run_budget) == (ch.ATTEMPT_SECONDS, ch.CHANNEL_SECONDS, ch.RUN_SECONDS)
    assert (ch.ATTEMPT_SECONDS, ch.CHANNEL_SECONDS, ch.RUN_SECONDS, ch.ANSWER_BYTES) == (10.0, 60.0, 180.0, 65536)


def test_env_names() -> None:
    assert ch.env_name("group") == "QMONTH_NOTIFY_GROUP"
    assert ch.env_name("county-heads") == "QMONTH_NOTIFY_COUNTY_HEADS"
    ep = endpoints.endpoint(
        "group", {"QMONTH_NOTIFY_GROUP": "https://h/x", "QMONTH_NOTIFY_GROUP_SECRET": "s"}, {"group": {"url": "https://other"}}
    )
    assert ep == ch.Endpoint("https://h/x", "s")  # the environment wins over the secrets file
    other = {"group": {"url": "https://other", "secret": "t"}}
    assert endpoints.endpoint("group", {}, other) == ch.Endpoint("https://other", "t")
