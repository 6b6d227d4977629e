"""`qmonth remind --send` against real servers on localhost: robots (pytest-httpserver) and mail (aiosmtpd)."""

from __future__ import annotations

import base64
import email
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from tests.conftest import UNIT_LABELS, Run, quick_delivery

OK = {"errcode": 0, "errmsg": "ok"}
UNITS = ["chikan", "xiashan", "potou", "mazhang", "suixi", "xuwen", "lianjiang", "leizhou", "wuchuan", "kaifaqu", "fenyong"]
UNITS += ["quality-centre", "associations", "enterprises"]


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Small timeouts and no backoff, so a server that never answers costs a fraction of a second."""
    quick_delivery(monkeypatch, tmp_path, "0.3")


def channel(path: Path, name: str, kind: str, **extra: Any) -> None:
    lines = [f"\n[notify.{name}]", f'kind = "{kind}"']
    for key, value in extra.items():
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def log_lines(path: Path) -> list[dict[str, Any]]:
    log = path.with_name("campaign.log.jsonl")
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def bodies(server: HTTPServer) -> list[dict[str, Any]]:
    return [json.loads(req.get_data(as_text=True)) for req, _ in server.log]


# ── WeCom: the Done-when run ─────────────────────────────────────────────────


def test_wecom_delivers_all_14_overdue_receipts_once(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/cgi-bin/webhook/send?key=test"))
    httpserver.expect_request("/cgi-bin/webhook/send", method="POST").respond_with_json(OK)

    first = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert first.exit_code == 0, first.output
    assert "报送联络员回执" in first.stdout  # the cron copy is still printed
    assert "已发送：group（wecom）1 条消息，14 项提醒。" in first.stderr
    [body] = bodies(httpserver)
    assert body["msgtype"] == "text"
    content = body["text"]["content"]
    assert len(content.encode("utf-8")) <= 2048
    lines = content.splitlines()
    for label in UNIT_LABELS:  # all 14, one line each
        assert sum(line.startswith(label + "：逾期 1 项") for line in lines) == 1, label
    assert "赤坎区：逾期 1 项，最久 1 个工作日，请抓紧报送。" in content  # one line per unit, in working days
    assert "qmonth" not in content
    entries = log_lines(shipped)
    assert sorted(e["unit"] for e in entries) == sorted(UNITS)  # one entry per unit, its items inside
    assert {(e["level"], e["channel"]) for e in entries} == {("chase", "group")}
    assert all(e["items"] == [{"task": "receipt", "level": "chase"}] for e in entries)
    assert all(e["at"].startswith("2024-09-11T") and e["at"].endswith("+08:00") for e in entries)

    second = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert second.exit_code == 0, second.output
    assert len(httpserver.log) == 1  # nothing delivered again
    assert "14 项提醒今天已发送过" in second.stderr
    assert len(log_lines(shipped)) == 14

    again = run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--resend")
    assert again.exit_code == 0, again.output
    assert len(httpserver.log) == 2 and len(log_lines(shipped)) == 28


def test_without_send_nothing_is_delivered(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    plain = run("remind", "-f", shipped, "--today", "2024-09-11")
    assert plain.exit_code == 0 and plain.stderr == ""
    dry = run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "试运行：group（wecom）" in dry.stdout and "赤坎区：逾期 1 项" in dry.stdout
    assert httpserver.log == [] and log_lines(shipped) == []


def test_send_with_json_output(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["reminders"]) == 14  # stdout stays valid JSON
    assert len(httpserver.log) == 1 and len(log_lines(shipped)) == 14


def test_nothing_due_sends_nothing(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    result = run("remind", "-f", shipped, "--today", "2024-09-02", "--send")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert httpserver.log == []


def test_send_without_channels_is_a_usage_error(run: Run, shipped: Path) -> None:
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 2
    assert "报送联络员回执" in result.stdout
    assert "没有配置发送渠道" in result.stderr


def test_wecom_summarises_a_digest_that_would_not_fit(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    # 60 more county units, with long names: the receipt line no longer fits 2,048 bytes
    extra = "".join(
        f'\n[units.extra{n:02d}]\nname = "某县住房和城乡建设局{n:02d}"\n'
        f'short = "某某某某某某某某县{n:02d}号单位"\nkind = "county"\n'
        for n in range(60)
    )
    append(shipped, extra)
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, result.output
    [body] = bodies(httpserver)
    content = body["text"]["content"]
    assert len(content.encode("utf-8")) <= 2048
    assert "赤坎区" in content  # file order: the first units are named
    assert "……另有" in content and "个单位（" in content and "未列出，详见今日通报。" in content
    assert "qmonth" not in content
    named = len(log_lines(shipped))
    assert 14 <= named < 74  # only the units named are logged as delivered
    left = int(content.split("……另有", 1)[1].split("个单位", 1)[0])
    assert named + left == 74


# ── DingTalk and Feishu: signatures and mentions ─────────────────────────────


def _with_liaisons(path: Path) -> None:
    append(
        path,
        '\n[units.chikan.liaison]\nname = "林晓燕"\nmobile = "13802715638"\n'
        '\n[units.xiashan.liaison]\nname = "陈伟"\nmobile = "13902710001"\n',
    )


def test_dingtalk_signs_and_mentions_liaisons(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    _with_liaisons(shipped)
    channel(shipped, "ding", "dingtalk")
    secret = "SEC" + "a1" * 32
    monkeypatch.setenv("QMONTH_NOTIFY_DING", httpserver.url_for("/robot/send?access_token=abc"))
    monkeypatch.setenv("QMONTH_NOTIFY_DING_SECRET", secret)
    httpserver.expect_request("/robot/send", method="POST").respond_with_json(OK)
    before = int(time.time() * 1000)
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, result.output
    [(req, _)] = httpserver.log
    query = urllib.parse.parse_qs(req.query_string.decode())
    assert query["access_token"] == ["abc"]
    ts = int(query["timestamp"][0])
    assert before - 1000 <= ts <= int(time.time() * 1000) + 1000
    expected = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()).decode()
    assert query["sign"] == [expected]  # parse_qs undid the URL encoding
    assert urllib.parse.quote_plus(expected) in req.query_string.decode()
    body = json.loads(req.get_data(as_text=True))
    assert body["msgtype"] == "text"
    assert body["at"] == {"atMobiles": ["13802715638", "13902710001"], "isAtAll": False}


def test_dingtalk_markdown_writes_the_mentions_in_the_text(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    _with_liaisons(shipped)
    channel(shipped, "ding", "dingtalk", format="markdown")
    monkeypatch.setenv("QMONTH_NOTIFY_DING", httpserver.url_for("/robot/send"))
    httpserver.expect_request("/robot/send").respond_with_json(OK)
    assert run("remind", "-f", shipped, "--today", "2024-09-11", "--send").exit_code == 0
    [body] = bodies(httpserver)
    assert body["msgtype"] == "markdown" and body["markdown"]["title"].startswith("2024年全市")
    assert "@13802715638 @13902710001" in body["markdown"]["text"]
    assert "timestamp" not in httpserver.log[0][0].query_string.decode()  # no secret, no signature


def test_feishu_signs_its_body(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "fs", "feishu")
    monkeypatch.setenv("QMONTH_NOTIFY_FS", httpserver.url_for("/open-apis/bot/v2/hook/xyz"))
    monkeypatch.setenv("QMONTH_NOTIFY_FS_SECRET", "feishu-secret")
    httpserver.expect_request("/open-apis/bot/v2/hook/xyz").respond_with_json({"code": 0, "msg": "success", "data": {}})
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, result.output
    [body] = bodies(httpserver)
    ts = int(body["timestamp"])
    assert abs(ts - time.time()) < 60
    key = f"{ts}\nfeishu-secret".encode()
    assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body["msg_type"] == "text" and "赤坎区：逾期 1 项" in body["content"]["text"]


# ── faults: refused, server error, never answers; then back ─────────────────


def _fault_run(run: Run, shipped: Path) -> Any:
    return run("remind", "-f", shipped, "--today", "2024-09-11", "--send")


def test_errcode_refusal_is_a_failure_and_nothing_is_logged(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json({"errcode": 93000, "errmsg": "invalid webhook url"})
    result = _fault_run(run, shipped)
    assert result.exit_code == 5
    assert "机器人拒收（错误码 93000：invalid webhook url）" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(httpserver.log) == 1  # a refusal is not retried
    assert log_lines(shipped) == []
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_json(OK)
    back = _fault_run(run, shipped)
    assert back.exit_code == 0, back.output
    assert len(log_lines(shipped)) == 14


def test_server_error_is_retried_then_fails(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_data("oops", status=500)
    result = _fault_run(run, shipped)
    assert result.exit_code == 5
    assert "返回 HTTP 500" in result.stderr
    assert len(httpserver.log) == 2  # one retry (QMONTH_NOTIFY_RETRIES=1)
    assert log_lines(shipped) == []
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_json(OK)
    assert _fault_run(run, shipped).exit_code == 0
    assert len(log_lines(shipped)) == 14


@pytest.fixture
def hung(httpserver: HTTPServer) -> Iterator[threading.Event]:
    """A robot that accepts the connection and never answers (until the test ends)."""
    release = threading.Event()

    def never(request: Request) -> Response:
        release.wait(10)
        return Response(json.dumps(OK), content_type="application/json")

    httpserver.expect_request("/hook").respond_with_handler(never)
    yield release
    release.set()


def test_a_server_that_never_answers_ends_in_bounded_time(
    run: Run, shipped: Path, httpserver: HTTPServer, hung: threading.Event, monkeypatch
) -> None:
    channel(shipped, "group", "wecom")
    channel(shipped, "other", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    ok = HTTPServer(host="127.0.0.1", port=0)
    ok.expect_request("/ok").respond_with_json(OK)
    ok.start()
    try:
        monkeypatch.setenv("QMONTH_NOTIFY_OTHER", ok.url_for("/ok"))
        start = time.monotonic()
        result = _fault_run(run, shipped)
        elapsed = time.monotonic() - start
        assert result.exit_code == 5
        assert elapsed < 3  # 2 attempts × 0.3 s, and the other channel
        assert "channel" not in result.stderr and "group" in result.stderr and "无响应" in result.stderr
        assert len(ok.log) == 1  # the other channel was still tried, and delivered
        assert {e["channel"] for e in log_lines(shipped)} == {"other"}
    finally:
        ok.clear()
        ok.stop()
    hung.set()
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_json(OK)
    back = _fault_run(run, shipped)
    assert back.exit_code == 0, back.output
    assert {e["channel"] for e in log_lines(shipped)} == {"other", "group"}
    assert "other：14 项提醒今天已发送过" in back.stderr


def test_unreachable_and_unconfigured_channels(run: Run, shipped: Path, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    channel(shipped, "ding", "dingtalk")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", f"http://127.0.0.1:{port}/closed")
    result = _fault_run(run, shipped)
    assert result.exit_code == 5
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "渠道 group：无法连接 127.0.0.1" in lines[0]
    assert "渠道 ding：未设置环境变量 QMONTH_NOTIFY_DING" in lines[1]
    assert log_lines(shipped) == []


# ── secrets from a private file outside the repository ──────────────────────


def test_secrets_file_outside_the_repository(
    run: Run, shipped: Path, httpserver: HTTPServer, tmp_path: Path, monkeypatch
) -> None:
    channel(shipped, "group", "wecom")
    httpserver.expect_request("/hook").respond_with_json(OK)
    home = tmp_path.parent / (tmp_path.name + "-home")
    home.mkdir()
    secrets = home / "secrets.toml"
    secrets.write_text(f'[group]\nurl = "{httpserver.url_for("/hook")}"\n', encoding="utf-8")
    secrets.chmod(0o644)
    monkeypatch.setenv("QMONTH_SECRETS", str(secrets))
    loose = _fault_run(run, shipped)
    assert loose.exit_code == 5 and "chmod 600" in loose.stderr
    secrets.chmod(0o600)
    assert _fault_run(run, shipped).exit_code == 0
    assert len(httpserver.log) == 1
    inside = shipped.parent / "secrets.toml"  # beside the campaign: it would be committed
    inside.write_text(secrets.read_text(encoding="utf-8"), encoding="utf-8")
    inside.chmod(0o600)
    monkeypatch.setenv("QMONTH_SECRETS", str(inside))
    refused = run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--resend")
    assert refused.exit_code == 5 and "仓库内" in refused.stderr
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))  # the environment needs no file
    assert run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--resend").exit_code == 0


# ── mail ─────────────────────────────────────────────────────────────────────


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
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


def test_mail_to_the_coordinator_and_the_units(run: Run, shipped: Path, smtp: tuple[_Inbox, int], monkeypatch) -> None:
    inbox, port = smtp
    text = shipped.read_text(encoding="utf-8").replace(
        'messaging = "粤政易（同名）"', 'messaging = "粤政易（同名）"\nemail = "zaj@example.cn"'
    )
    shipped.write_text(text, encoding="utf-8")
    channel(shipped, "mail", "mail")
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    rcpts, raw = inbox.messages[0]
    assert rcpts == ["zaj@example.cn"]
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n", 1)[0]  # RFC 2047: the header itself is ASCII
    msg = email.message_from_bytes(raw, policy=default_policy)
    assert msg["Subject"] == "2024年全市住房城乡建设系统“质量月”活动催办提醒 · 2024年9月11日（星期三）"
    assert msg["Date"] and msg["Message-ID"].endswith("@example.cn>")
    assert msg.get_content_charset() == "utf-8"
    body = msg.get_content()
    assert "赤坎区：逾期 1 项，最久 1 个工作日" in body  # the coordinator's copy: one line per unit
    [entry] = log_lines(shipped)  # the coordinator's own copy: logged once as such, not against every unit
    assert entry["copy"] == "coordinator" and entry["unit"] is None and entry["note"] == "→ zaj@example.cn"
    assert sorted(i["unit"] for i in entry["items"]) == sorted(UNITS)
    again = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert again.exit_code == 0 and len(inbox.messages) == 1


def test_mail_to_each_unit_its_own_reminders(run: Run, shipped: Path, smtp: tuple[_Inbox, int], monkeypatch) -> None:
    inbox, port = smtp
    text = shipped.read_text(encoding="utf-8")
    text = text.replace('short = "赤坎区"', 'short = "赤坎区"\nemail = "office@chikan.example.cn"')
    shipped.write_text(
        text + '\n[units.xiashan.liaison]\nname = "陈伟"\nemail = "chenwei@xiashan.example.cn"\n', encoding="utf-8"
    )
    channel(shipped, "mail", "mail")
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, result.output
    got = {rcpts[0]: email.message_from_bytes(raw, policy=default_policy) for rcpts, raw in inbox.messages}
    assert set(got) == {"office@chikan.example.cn", "chenwei@xiashan.example.cn"}  # no coordinator address
    body = got["office@chikan.example.cn"].get_content()
    letter = run("remind", "-f", shipped, "--today", "2024-09-11", "--unit", "chikan").stdout
    assert body.replace("\r\n", "\n") == letter  # the unit's mail is its `remind --unit` letter (SMTP lines end CRLF)
    assert body.startswith("致湛江市赤坎区住房和城乡建设局：") and "霞山区" not in body and "等1个单位" not in body
    notes = sorted(e["note"] for e in log_lines(shipped))
    assert notes == ["→ chenwei@xiashan.example.cn", "→ office@chikan.example.cn"]


def test_a_refused_recipient_fails_and_the_others_still_get_theirs(
    run: Run, shipped: Path, smtp: tuple[_Inbox, int], monkeypatch
) -> None:
    inbox, port = smtp
    inbox.refuse.add("office@chikan.example.cn")
    text = shipped.read_text(encoding="utf-8").replace('short = "赤坎区"', 'short = "赤坎区"\nemail = "office@chikan.example.cn"')
    text = text.replace('messaging = "粤政易（同名）"', 'messaging = "粤政易（同名）"\nemail = "zaj@example.cn"')
    shipped.write_text(text, encoding="utf-8")
    channel(shipped, "mail", "mail")
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 5
    assert "发往 office@chikan.example.cn 的邮件被拒" in result.stderr
    assert [rcpts for rcpts, _ in inbox.messages] == [["zaj@example.cn"]]
    assert {e["note"] for e in log_lines(shipped)} == {"→ zaj@example.cn"}


def test_mail_without_any_recipient_fails(run: Run, shipped: Path, smtp: tuple[_Inbox, int], monkeypatch) -> None:
    _, port = smtp
    channel(shipped, "mail", "mail")
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 5 and "没有收件人" in result.stderr


# ── levels and templates ─────────────────────────────────────────────────────


def test_escalate_after_n_working_days_and_channel_levels(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom", levels=["escalate"])
    append(shipped, "\n[reminders]\nescalate_after = 2\n")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    # 09-12: 2 working days overdue: still a chase, and this channel takes only escalations
    quiet = run("remind", "-f", shipped, "--today", "2024-09-12", "--send")
    assert quiet.exit_code == 0 and httpserver.log == []
    # 09-13: 3 working days overdue (> 2): a 通报
    loud = run("remind", "-f", shipped, "--today", "2024-09-13", "--send")
    assert loud.exit_code == 0, loud.output
    [body] = bodies(httpserver)
    line = body["text"]["content"].splitlines()[1]
    assert line == "赤坎区：逾期 1 项，最久 3 个工作日，请立即办理。"
    assert {e["level"] for e in log_lines(shipped)} == {"escalate"}


def test_template_override_with_named_placeholders(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    channel(shipped, "group", "wecom")
    append(shipped, '\n[reminders.templates]\nchase = "请{unit}尽快完成：{summary}（共{count}项）"\n')
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    assert run("remind", "-f", shipped, "--today", "2024-09-11", "--send").exit_code == 0
    [body] = bodies(httpserver)
    assert "请赤坎区尽快完成：逾期 1 项，最久 1 个工作日（共1项）" in body["text"]["content"]


def test_unit_names_cannot_forge_lines_or_markdown(run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch) -> None:
    text = shipped.read_text(encoding="utf-8").replace(
        'short = "赤坎区"', 'short = "赤坎区\\n通报：[点此](http://evil.example) **@all**"'
    )
    shipped.write_text(text, encoding="utf-8")
    channel(shipped, "md", "wecom", format="markdown")
    monkeypatch.setenv("QMONTH_NOTIFY_MD", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    assert run("remind", "-f", shipped, "--today", "2024-09-11", "--send").exit_code == 0
    [body] = bodies(httpserver)
    content = body["markdown"]["content"]
    assert "\n通报" not in content and "[点此](" not in content and "**" not in content and "@all" not in content
    assert "赤坎区＼u000a通报：［点此］(http://evil.example) ＊＊＠all＊＊" in content


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dry_run_reports_a_channel_without_endpoint_like_the_real_run(
    run: Run, shipped: Path, httpserver: HTTPServer, lang: str
) -> None:
    """F3: the dry run is where the set-up is checked: a missing endpoint is reported, same exit code."""
    channel(shipped, "group", "wecom")  # QMONTH_NOTIFY_GROUP is not set
    args = ("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--lang", lang)
    dry = run(*args, "--dry-run")
    real = run(*args)
    assert real.exit_code == 5, real.output
    assert dry.exit_code == real.exit_code, dry.output
    assert "QMONTH_NOTIFY_GROUP" in dry.stderr and "QMONTH_NOTIFY_GROUP" in real.stderr
    assert ("试运行：group（wecom）" if lang == "zh" else "group (wecom)") in dry.stdout  # what would be sent is still shown
    assert httpserver.log == [] and log_lines(shipped) == []
