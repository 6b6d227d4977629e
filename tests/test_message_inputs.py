"""What goes into a message is validated where it enters (issue 18): the liaison's mobile (the
built-in liaison form checks it, on the command line and in the file), @-mentions (11-digit mobiles
only), and every e-mail address `remind --send` uses (at load, and again at sending)."""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from qmonth.core.fields import is_address, is_email, mention_mobile
from tests.conftest import Run, mutate, quick_delivery

PHISHING = ["**[点此领取补贴](http://evil.example)**", "13800138000 [x](http://e)"]
OK = {"errcode": 0, "errmsg": "ok"}
CHIKAN_MOBILE = 'mobile = "13802715638"'  # the demo's first liaison (赤坎区)


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    quick_delivery(monkeypatch, tmp_path, "0.5")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def add_channel(path: Path, name: str, kind: str, **extra: Any) -> None:
    lines = [f"\n[notify.{name}]", f'kind = "{kind}"', *(f"{k} = {json.dumps(v)}" for k, v in extra.items())]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


# ── the liaison's mobile, without a declared liaison form ────────────────────


@pytest.mark.parametrize("mobile", PHISHING)
@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "联络员回执：手机 “{m}” 不是手机号码"), ("en", "联络员回执: 手机 “{m}” is not a mobile number (11 digits")],
)
def test_receipt_refuses_a_mobile_that_is_not_one(demo: Path, run: Run, mobile: str, lang: str, said: str) -> None:
    before = demo.read_bytes()
    for args in (("--mobile", mobile), ("--set", f"手机={mobile}"), ("--name", "林晓燕", "--mobile", mobile)):
        result = run("receipt", "赤坎", *args, "-f", demo, "--today", "2024-09-09", "--lang", lang)
        assert result.exit_code == 2, result.output
        assert said.format(m=mobile) in result.stderr and "Traceback" not in result.output
    assert demo.read_bytes() == before


def test_receipt_still_takes_a_mobile_written_as_people_write_it(demo: Path, run: Run) -> None:
    for mobile in ("13902715638", "139 0271 5638", "+86 139-0271-5638"):
        result = run("receipt", "赤坎", "--mobile", mobile, "-f", demo, "--today", "2024-09-09")
        assert result.exit_code == 0, result.output
        assert f'mobile = "{mobile}"' in demo.read_text(encoding="utf-8")


@pytest.mark.parametrize("mobile", PHISHING)
def test_check_locates_a_liaison_mobile_that_is_not_one(demo: Path, run: Run, mobile: str) -> None:
    line = line_of(demo, CHIKAN_MOBILE)
    mutate(demo, CHIKAN_MOBILE, f"mobile = {json.dumps(mobile, ensure_ascii=False)}")
    zh = run("check", "-f", demo)
    en = run("check", "-f", demo, "--lang", "en")
    assert zh.exit_code == en.exit_code == 1
    assert f"demo-campaign.toml:{line}: units.chikan.liaison.mobile：手机 的值 “{mobile}” 不符合要求" in zh.stderr
    assert f"demo-campaign.toml:{line}: units.chikan.liaison.mobile: 手机 “{mobile}” is not valid (mobile)" in en.stderr
    assert run("status", "-f", demo, "--today", "2024-09-20").exit_code == 1  # every command refuses it


# ── mentions: 11-digit mainland mobiles only ─────────────────────────────────


def test_mention_mobile_is_eleven_digits_or_nothing() -> None:
    assert mention_mobile("13802715638") == "13802715638"
    assert mention_mobile(" +86 138-0271-5638 ") == "13802715638"
    assert mention_mobile("８６１３８０２７１５６３８") == "13802715638"
    for text in [*PHISHING, "", "12802715638", "1380271563", "138027156380", "0759-3216047", "@all", "13802715638\n@all"]:
        assert mention_mobile(text) is None, text


def test_a_robot_mentions_only_real_mobiles(shipped: Path, run: Run, httpserver: HTTPServer, monkeypatch) -> None:
    """A declared liaison form whose 手机 is free text lets anything into the file: still, only
    11-digit mobiles are @-mentioned, in the Markdown text and in atMobiles alike."""
    mutate(shipped, '{ id = "mobile", label = "手机", kind = "mobile" }', '{ id = "mobile", label = "手机", kind = "text" }')
    with shipped.open("a", encoding="utf-8") as fh:
        fh.write(f'\n[units.chikan.liaison]\nname = "林晓燕"\nmobile = {json.dumps(PHISHING[0], ensure_ascii=False)}\n')
        fh.write('\n[units.xiashan.liaison]\nname = "陈伟"\nmobile = "+86 139-0271-0001"\n')
        fh.write(f'\n[units.potou.liaison]\nname = "吴海鸥"\nmobile = "{PHISHING[1]}"\n')
    add_channel(shipped, "ding", "dingtalk", format="markdown")
    add_channel(shipped, "wecom", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_DING", httpserver.url_for("/robot/send"))
    monkeypatch.setenv("QMONTH_NOTIFY_WECOM", httpserver.url_for("/hook"))
    httpserver.expect_request("/robot/send").respond_with_json(OK)
    httpserver.expect_request("/hook").respond_with_json(OK)
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, result.output
    ding, wecom = (json.loads(req.get_data(as_text=True)) for req, _ in httpserver.log)
    assert ding["at"]["atMobiles"] == ["13902710001"]
    assert ding["markdown"]["text"].endswith("@13902710001")
    assert "evil" not in ding["markdown"]["text"] and "http://e" not in ding["markdown"]["text"]
    assert wecom["text"]["mentioned_mobile_list"] == ["13902710001"]


# ── e-mail addresses ─────────────────────────────────────────────────────────

BAD_ADDRESSES = [
    "zaj@example.cn\\r\\nBcc: evil@example.net",  # TOML escapes: a CR/LF inside the value
    "zaj@example.cn\\nevil@example.net",
    "zaj@example.cn, evil@example.net",  # a list: an extra To:
    "zaj@example.cn;evil@example.net",
    "zaj example.cn",
    "zaj @example.cn",
    "钟苗萃 <zaj@example.cn>",
    "zaj＠example.cn",
]


def test_one_plain_address_only() -> None:
    assert is_address("zaj@example.cn") and is_email(" zaj@example.cn ")
    for text in [
        "a@b.cn\r\nBcc: c@d.cn",
        "a@b.cn\n",
        "a@b.cn,c@d.cn",
        "a@b.cn; c@d.cn",
        "a@b",
        "a b@c.cn",
        "a＠b.cn",
        "<a@b.cn>",
    ]:
        assert not is_address(text) and not is_email(text), text


@pytest.mark.parametrize("address", BAD_ADDRESSES)
@pytest.mark.parametrize("where", ["contact", "liaison", "office"])
def test_check_locates_every_address_send_would_use(shipped: Path, run: Run, address: str, where: str) -> None:
    if where == "contact":
        mutate(shipped, 'messaging = "粤政易（同名）"', f'messaging = "粤政易（同名）"\nemail = "{address}"')
        key = "campaign.contact.email"
    elif where == "office":
        mutate(shipped, 'short = "赤坎区"', f'short = "赤坎区"\nemail = "{address}"')
        key = "units.chikan.email"
    else:
        with shipped.open("a", encoding="utf-8") as fh:
            fh.write(f'\n[units.xiashan.liaison]\nname = "陈伟"\nemail = "{address}"\n')
        key = "units.xiashan.liaison.email"
    line = line_of(shipped, address)
    zh = run("check", "-f", shipped)
    en = run("check", "-f", shipped, "--lang", "en")
    assert zh.exit_code == en.exit_code == 1, zh.output
    assert f"campaign.toml:{line}: {key}：" in zh.stderr and "不是电子邮箱地址" in zh.stderr
    assert f"campaign.toml:{line}: {key}: " in en.stderr and "is not an e-mail address" in en.stderr


class _Inbox:
    def __init__(self) -> None:
        self.recipients: list[str] = []
        self.messages: list[bytes] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        self.recipients.append(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.original_content or envelope.content)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_a_bad_address_in_the_file_stops_before_any_mail(shipped: Path, run: Run, smtp: tuple[_Inbox, int], monkeypatch) -> None:
    inbox, port = smtp
    mutate(shipped, 'short = "赤坎区"', 'short = "赤坎区"\nemail = "office@chikan.example.cn"')
    with shipped.open("a", encoding="utf-8") as fh:
        fh.write('\n[units.xiashan.liaison]\nname = "陈伟"\nemail = "chen@xiashan.example.cn\\r\\nBcc: evil@example.net"\n')
    add_channel(shipped, "mail", "mail")
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--lang", "en")
    assert result.exit_code == 1 and "units.xiashan.liaison.email" in result.stderr
    assert "Traceback" not in result.output and inbox.messages == []


@pytest.mark.parametrize(
    "sender", ["qmonth@example.cn%0D%0ABcc:%20evil@example.net", "qmonth@example.cn,evil@example.net", "qmonth%20@example.cn"]
)
@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "渠道 mail：QMONTH_NOTIFY_MAIL 应写成"), ("en", "channel mail: QMONTH_NOTIFY_MAIL must read")]
)
def test_a_bad_sender_is_that_channels_failure(
    shipped: Path, run: Run, smtp: tuple[_Inbox, int], httpserver: HTTPServer, monkeypatch, sender: str, lang: str, said: str
) -> None:
    inbox, port = smtp
    mutate(shipped, 'messaging = "粤政易（同名）"', 'messaging = "粤政易（同名）"\nemail = "zaj@example.cn"')
    add_channel(shipped, "mail", "mail")
    add_channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from={sender}")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--lang", lang)
    assert result.exit_code == 5, result.output
    assert said in result.stderr and "Traceback" not in result.output
    assert inbox.messages == [] and inbox.recipients == []
    assert len(httpserver.log) == 1  # the other channel still delivered


@pytest.mark.parametrize(
    "to", ["chen@xiashan.example.cn\r\nBcc: evil@example.net", "a@example.cn, evil@example.net", "evil@example.net\n"]
)
def test_a_bad_recipient_reaching_the_mail_channel_is_refused_there(smtp: tuple[_Inbox, int], to: str) -> None:
    """Defence in depth: an address that got past loading (a future code path) is that channel's
    failure, named, and nothing is sent to it."""
    from qmonth.core.errors import QmonthError
    from qmonth.notify.channels import MailChannel, Policy
    from qmonth.notify.endpoints import EXIT_DELIVERY, Endpoint
    from qmonth.notify.templates import Message

    inbox, port = smtp
    channel = MailChannel("mail", Endpoint(f"smtp://127.0.0.1:{port}?from=qmonth@example.cn"), Policy.from_env({}))
    with pytest.raises(QmonthError) as caught:
        channel.send(Message("催办", "正文", (), (), to=to), dt.datetime(2024, 9, 11, 9, tzinfo=dt.UTC))
    assert caught.value.exit_code == EXIT_DELIVERY and caught.value.params["channel"] == "mail"
    assert inbox.messages == [] and inbox.recipients == []
    channel.send(Message("催办", "正文", (), (), to="chen@xiashan.example.cn"), dt.datetime(2024, 9, 11, 9, tzinfo=dt.UTC))
    assert inbox.recipients == ["chen@xiashan.example.cn"]
