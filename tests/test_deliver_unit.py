"""notify/deliver.py's plan in-process: what each channel is given, what it is spared as delivered
earlier today, and with which limit and mentions (the CLI tests deliver it to real servers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qmonth.core.calendar import WorkCalendar
from qmonth.core.chases import delivery
from qmonth.core.model import Channel
from qmonth.core.remind import reminders
from qmonth.core.schedule import compute
from qmonth.core.store import load
from qmonth.notify import deliver
from qmonth.notify.templates import Style, digest, levels
from tests.conftest import DEMO, SHIPPED

STAMP = dt.datetime(2024, 9, 11, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _setup(path: Any, day: dt.date, **campaign: Any) -> tuple[Any, list[Any], list[Any]]:
    c = load(path).campaign
    if campaign:
        c = c.model_copy(update={"campaign": c.campaign.model_copy(update=campaign)})
    cal = WorkCalendar()
    groups = reminders(c, compute(c, day, cal), cal)
    return c, groups, levels(c, groups, cal)


def _with_emails(c: Any, **emails: str) -> Any:
    units = {uid: (u.model_copy(update={"email": emails[uid]}) if uid in emails else u) for uid, u in c.units.items()}
    return c.model_copy(update={"units": units})


def _with_contact(c: Any) -> Any:
    contact = c.campaign.contact.model_copy(update={"email": "zaj@example.cn"})
    return c.model_copy(update={"campaign": c.campaign.model_copy(update={"contact": contact})})


def test_mail_skips_what_each_recipient_had_today_and_counts_it_all() -> None:
    day = dt.date(2024, 9, 11)
    c, groups, dues = _setup(SHIPPED, day)
    c = _with_emails(_with_contact(c), chikan="a@chikan.example.cn", xiashan="b@xiashan.example.cn")
    coordinator = c.campaign.contact.email.strip()
    assert coordinator and len(dues) == 14
    mail = Channel(kind="mail")
    first, skipped = deliver.plan(c, "mail", mail, dues, [], day, "zh", False, groups)
    assert skipped == 0 and [m.to for m in first] == [coordinator, "a@chikan.example.cn", "b@xiashan.example.cn"]
    assert first[0].copy and first[0].mentions == () and len(first[0].covers) == 14
    # the coordinator's copy and 赤坎's mail went out earlier today; 霞山's did not
    entries = [
        *deliver.entries_for(first[0], STAMP, "mail", deliver.mail_note(coordinator)),
        *deliver.entries_for(first[1], STAMP, "mail", deliver.mail_note("a@chikan.example.cn")),
    ]
    assert [(e.unit, e.copy) for e in entries] == [("", True), ("chikan", False)]
    again, skipped = deliver.plan(c, "mail", mail, dues, entries, day, "zh", False, groups)
    assert [m.to for m in again] == ["b@xiashan.example.cn"] and skipped == 14 + 1
    resent, skipped = deliver.plan(c, "mail", mail, dues, entries, day, "zh", True, groups)
    assert len(resent) == 3 and skipped == 0
    tomorrow, skipped = deliver.plan(c, "mail", mail, dues, entries, day + dt.timedelta(days=1), "zh", False, groups)
    assert len(tomorrow) == 3 and skipped == 0


def test_without_a_contact_there_is_no_coordinators_copy() -> None:
    day = dt.date(2024, 9, 11)
    c, groups, dues = _setup(SHIPPED, day, contact=None)
    c = _with_emails(c, chikan="a@chikan.example.cn")
    messages, _ = deliver.plan(c, "mail", Channel(kind="mail"), dues, [], day, "zh", False, groups)
    assert [m.to for m in messages] == ["a@chikan.example.cn"] and not messages[0].copy
    assert deliver.plan(c, "mail", Channel(kind="mail", to_units=False), dues, [], day, "zh", False, groups) == ([], 0)


def test_a_robot_gets_its_formats_limit_and_mentions_only_when_asked() -> None:
    long_day = dt.date(2024, 9, 26)  # the shipped campaign's digest in English: 2,228 bytes in full
    c, groups, dues = _setup(SHIPPED, long_day)
    markdown = Channel(kind="wecom", format="markdown")
    [msg], _ = deliver.plan(c, "group", markdown, dues, [], long_day, "en", False, groups)
    wide = digest(c, dues, long_day, "en", Style(True), limit=4096, mention=False)
    assert msg == wide and msg != digest(c, dues, long_day, "en", Style(True), limit=2048, mention=False)
    day = dt.date(2024, 10, 8)
    c, groups, dues = _setup(DEMO, day)
    [text], _ = deliver.plan(c, "group", Channel(kind="wecom"), dues, [], day, "zh", False, groups)
    assert text.mentions and text == digest(c, dues, day, "zh", Style(), limit=2048, mention=True)
    [quiet], _ = deliver.plan(c, "group", Channel(kind="wecom", mention=False), dues, [], day, "zh", False, groups)
    assert quiet.mentions == ()
    [wecom_md], _ = deliver.plan(c, "group", Channel(kind="wecom", format="markdown"), dues, [], day, "zh", False, groups)
    assert wecom_md.mentions == ()  # WeCom's Markdown cannot @-mention by mobile
    [feishu], _ = deliver.plan(c, "group", Channel(kind="feishu"), dues, [], day, "zh", False, groups)
    assert feishu.mentions == ()  # Feishu mentions by user id, never by mobile
    [ding], _ = deliver.plan(c, "group", Channel(kind="dingtalk", format="markdown"), dues, [], day, "zh", False, groups)
    assert ding.mentions  # DingTalk's Markdown can @-mention
    entries = deliver.entries_for(text, STAMP.replace(month=10, day=8), "group", "")
    assert {e.unit for e in entries} == {d.unit for d in text.covers} and not any(e.copy for e in entries)
    assert deliver.plan(c, "group", Channel(kind="wecom"), dues, entries, day, "zh", False, groups) == ([], len(text.covers))


def test_a_copy_is_logged_once_for_nobody() -> None:
    day = dt.date(2024, 9, 11)
    c, groups, dues = _setup(SHIPPED, day)
    c = _with_contact(c)
    [copy], _ = deliver.plan(c, "mail", Channel(kind="mail", to_units=False), dues, [], day, "zh", False, groups)
    [entry] = deliver.entries_for(copy, STAMP, "mail", "→ x@example.cn")
    assert entry == delivery(STAMP, "", [(d.unit, d.task, d.level) for d in dues], "mail", "→ x@example.cn", copy=True)


def test_every_channel_gets_its_outcome_after_one_with_nothing_to_send(tmp_path: Any) -> None:
    day = dt.date(2024, 9, 11)
    c, groups, dues = _setup(SHIPPED, day)
    notify = {
        "post": Channel(kind="mail", to_units=False),  # no contact e-mail, no unit mailed: nobody to send to
        "quiet": Channel(kind="wecom", levels=["escalate"]),  # nothing escalated on 9-11
        "group": Channel(kind="wecom"),
        "second": Channel(kind="dingtalk"),
    }
    c = c.model_copy(update={"notify": notify})
    env = {f"QMONTH_NOTIFY_{n}": "http://127.0.0.1:9/send" for n in ("GROUP", "QUIET", "SECOND")}
    now = STAMP
    outcomes = deliver.run(c, tmp_path / "campaign.log.jsonl", dues, day, "zh", STAMP, now, env, dry_run=True, groups=groups)
    assert [(o.channel, o.kind, len(o.planned), o.delivered) for o in outcomes] == [
        ("post", "mail", 0, 0),
        ("quiet", "wecom", 0, 0),
        ("group", "wecom", 1, 0),  # a dry run: planned, not sent
        ("second", "dingtalk", 1, 0),
    ]
    post, quiet, group, _ = outcomes
    assert post.error is not None and (post.error.code, post.error.params) == ("mail_no_recipients", {"channel": "post"})
    assert quiet.error is None and group.error is None
    assert not (tmp_path / "campaign.log.jsonl").exists()


def test_a_run_out_of_time_or_a_webhook_header_not_set_fails_before_sending(tmp_path: Any) -> None:
    from qmonth.notify.channels import Policy

    day = dt.date(2024, 9, 11)
    c, groups, dues = _setup(SHIPPED, day)
    hook = Channel(kind="webhook", body='{"text": "{text}"}', headers={"X-Token": "QM_TOKEN"})
    c = c.model_copy(update={"notify": {"hook": hook}})
    env = {"QMONTH_NOTIFY_HOOK": "http://127.0.0.1:9/send"}
    log_path = tmp_path / "campaign.log.jsonl"
    policy = Policy(retries=0, backoff=0.0)
    for token in ({}, {"QM_TOKEN": "  "}):  # not set, or blank
        [out] = deliver.run(c, log_path, dues, day, "zh", STAMP, STAMP, {**env, **token}, policy=policy, groups=groups)
        assert out.error is not None and out.error.code == "channel_no_endpoint"
        assert out.error.params == {"channel": "hook", "var": "QM_TOKEN"}
        assert out.delivered == 0
    # a run whose time is up when the channel's turn comes: not tried at all (the clock stands still)
    stopped = Policy(retries=0, backoff=0.0, run_budget=0.0, clock=lambda: 100.0)
    [late] = deliver.run(c, log_path, dues, day, "zh", STAMP, STAMP, {**env, "QM_TOKEN": "t"}, policy=stopped, groups=groups)
    assert late.error is not None and late.error.code == "delivery_run_deadline"
    assert late.error.params == {"channel": "hook", "seconds": "0"}
    assert log_path.read_text(encoding="utf-8") == ""  # the lock's file, nothing appended
