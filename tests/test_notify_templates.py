"""Levels, templates and digests (pure), and what `check` says about templates and secrets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qmonth.core.calendar import WorkCalendar
from qmonth.core.remind import reminders
from qmonth.core.schedule import compute
from qmonth.notify import templates as tpl
from tests.conftest import Run
from tests.factories import campaign

D = dt.date


def _dues(today: dt.date, **camp: object) -> tuple[object, list[tpl.Due]]:
    tasks = {
        "a": {"theme": "a", "title": "报送回执", "applies_to": ["county"], "deadline": D(2024, 9, 10)},
        "b": {"theme": "a", "title": "报送总结", "applies_to": ["county"], "deadline": D(2024, 9, 27)},
    }
    units = {f"u{n}": {"name": f"单位{n}", "kind": "county", "liaison": {"mobile": f"1380000000{n}"}} for n in range(1, 4)}
    c = campaign(tasks, units, **camp)
    cal = WorkCalendar()
    return c, tpl.levels(c, reminders(c, compute(c, today, cal), cal), cal)


def test_levels_in_working_days() -> None:
    # 2024-09-13 (Fri): "a" is 3 working days overdue (11, 12, 13); the default escalates after 3
    _, dues = _dues(D(2024, 9, 13))
    assert {(d.task, d.level, d.workdays) for d in dues} == {("a", "chase", 3)}
    # 2024-09-18: the Mid-Autumn break (15–17) does not count: 11, 12, 13, 14 (make-up day), 18 → 5
    _, dues = _dues(D(2024, 9, 18))
    assert {(d.task, d.level, d.workdays) for d in dues} == {("a", "escalate", 5)}
    _, dues = _dues(D(2024, 9, 24))
    assert {(d.task, d.level) for d in dues} == {("a", "escalate"), ("b", "warn")}


def test_digest_is_one_line_per_unit_worst_first_and_mentions_the_named_units() -> None:
    c, dues = _dues(D(2024, 9, 24))
    msg = tpl.digest(c, dues, D(2024, 9, 24), "zh", tpl.Style(), limit=2048, mention=True)
    lines = msg.text.splitlines()
    assert lines[0] == "测试活动催办提醒 · 2024年9月24日（星期二）"
    assert lines[1:4] == [f"单位{n}：逾期 1 项，最久 9 个工作日；1 项9月27日到期，请立即办理。" for n in (1, 2, 3)]
    assert msg.mentions == ("13800000001", "13800000002", "13800000003")
    assert len(msg.covers) == 6
    assert "qmonth" not in msg.text


def test_digest_that_does_not_fit_names_the_worst_units_and_counts_the_rest() -> None:
    c, dues = _dues(D(2024, 9, 24))
    whole = tpl.digest(c, dues, D(2024, 9, 24), "zh", tpl.Style())
    limit = len(whole.text.encode()) - 10
    msg = tpl.digest(c, dues, D(2024, 9, 24), "zh", tpl.Style(), limit=limit)
    assert len(msg.text.encode()) <= limit
    assert "……另有1个单位（2项）未列出，详见今日通报。" in msg.text and "qmonth" not in msg.text
    assert {d.unit for d in msg.covers} == {"u1", "u2"}


def test_english_digest() -> None:
    c, dues = _dues(D(2024, 9, 13), language="en")
    msg = tpl.digest(c, dues, D(2024, 9, 13), "en", tpl.Style())
    assert msg.text.splitlines()[1] == "单位1: 1 overdue, the oldest by 3 working day(s); please complete and report it now."


def test_inert_text() -> None:
    assert tpl.plain("a\nb\x1b[31mc\u202e") == "a\\u000ab\\u001b[31mc\\u202e"
    assert tpl.markdown("**x** [y](z) <b>#@all`") == "＊＊x＊＊ ［y］(z) ＜b＞＃＠all｀"


def test_bad_placeholders_are_check_errors(run: Run, shipped: Path) -> None:
    with shipped.open("a", encoding="utf-8") as fh:
        fh.write('\n[reminders.templates]\nchase = "{units}逾期{days}天"\nwarn = "{units} {task!r}"\nmore = "{count"\n')
    r = run("check", shipped)
    assert r.exit_code == 1
    assert (
        "reminders.templates.chase：占位符 {units} 不可用。此处可用：{after}, {count}, {summary}, {today}, {unit}, {workdays}"
        in r.stderr
    )
    assert "reminders.templates.warn：占位符 {task!r} 不可用" in r.stderr
    assert "reminders.templates.more：模板格式不对" in r.stderr
    lines = shipped.read_text(encoding="utf-8").split("\n")
    chase_line = next(n for n, line in enumerate(lines, 1) if line.startswith("chase = "))
    assert f"campaign.toml:{chase_line}:" in r.stderr
    assert run("status", "-f", shipped, "--today", "2024-09-11").exit_code == 1  # every command refuses it


def test_unknown_channel_keys_kinds_and_levels_are_errors(run: Run, shipped: Path) -> None:
    with shipped.open("a", encoding="utf-8") as fh:
        fh.write('\n[notify.group]\nkind = "wechat"\nlevels = ["chase", "loud"]\n\n[notify.mail]\nkind = "mail"\nto = "x@y.cn"\n')
    r = run("check", shipped)
    assert r.exit_code == 1
    assert "notify.group.kind" in r.stderr and "notify.group.levels.1" in r.stderr
    assert "未知的键 notify.mail.to" in r.stderr


def test_check_refuses_webhook_keys_tokens_and_passwords(run: Run, shipped: Path) -> None:
    base = shipped.read_text(encoding="utf-8") + '\n[notify.group]\nkind = "wecom"\n'
    shipped.write_text(base, encoding="utf-8")
    assert run("check", shipped).exit_code == 0
    leaks = {
        "# https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0": "机器人 webhook 地址（含密钥）",
        'note = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef"': "机器人 webhook 地址（含密钥）",
        'note = "SEC' + "0a" * 32 + '"': "密钥或口令",
        'note = "smtp://bureau:Passw0rd@mail.example.cn:465"': "密钥或口令",
        'secret = "abc123"': "密钥或口令",  # an unknown key, reported as a leak as well
    }
    for leak, what in leaks.items():
        shipped.write_text(base + leak + "\n", encoding="utf-8")
        r = run("check", shipped)
        assert r.exit_code == 1, leak
        line = len(base.split("\n"))
        assert f"campaign.toml:{line}:" in r.stderr and what in r.stderr and "网址和密钥不能写进活动文件" in r.stderr, leak


def test_a_units_own_mail_names_the_serve_page_and_the_group_digest_never_does() -> None:
    from qmonth.core.model import ServeConfig
    from qmonth.core.remind import reminders

    today = D(2024, 9, 24)
    c, dues = _dues(today)
    c = c.model_copy(update={"serve": ServeConfig(base_url="https://qm.example.gov.cn")})  # type: ignore[attr-defined]
    cal = WorkCalendar()
    groups = reminders(c, compute(c, today, cal), cal)  # type: ignore[arg-type]
    mine = next(g for g in groups if g.unit == "u1")
    mail = tpl.unit_mail(c, mine, [d for d in dues if d.unit == "u1"], today, "zh", "u1@example.cn")  # type: ignore[arg-type]
    assert "网上填报：https://qm.example.gov.cn/（用协调人单独发给本单位的链接登录）" in mail.text.splitlines()
    assert "/t/" not in mail.text
    for style in (tpl.Style(), tpl.Style(markdown=True)):
        group = tpl.digest(c, dues, today, "zh", style, limit=4096, mention=True)  # type: ignore[arg-type]
        assert "qm.example" not in group.text and "网上填报" not in group.text
    english = tpl.unit_mail(c, mine, dues, today, "en", "u1@example.cn")  # type: ignore[arg-type]
    assert "Report online: https://qm.example.gov.cn/ (sign in with the link the coordinator sent your unit)" in english.text
    c0, dues0 = _dues(today)  # without base_url: no line
    plain = tpl.unit_mail(c0, mine, dues0, today, "zh", "u1@example.cn")  # type: ignore[arg-type]
    assert "网上填报" not in plain.text
