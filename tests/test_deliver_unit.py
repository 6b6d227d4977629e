"""notify/deliver.py in-process: the plan (what each channel is given, what it is spared as delivered
earlier today, with which limit and mentions) and the delivery loop (the channel's and the run's
time checked before each message, what stops a channel and what does not, what is logged, the
secrets file, dry runs), with a fake mail channel on a clock the test moves, and a real localhost
server where a robot's sockets matter (the CLI tests deliver it all to real servers)."""

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


# ── the delivery loop (run/_run) with a fake mail channel and a clock the test moves ─────────


class _Clock:
    """A monotonic clock that stands still unless a send moves it."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class _Mail:
    """Stands for MailChannel in deliver's loop: each send is recorded (recipient, date, deadline),
    takes `step` seconds of the test's clock, and fails as `fail` says for its recipient."""

    sends: list[tuple[str, dt.datetime, float]]
    made: list[tuple[str, Any]]
    messages: list[Any]

    def __init__(self, clock: _Clock, step: float, fail: dict[str, str] | None = None) -> None:
        self.clock, self.step, self.fail = clock, step, fail or {}
        self.sends, self.made, self.messages = [], [], []

    def __call__(self, name: str, ep: Any, policy: Any) -> _Mail:
        self.made.append((name, ep))
        self.name = name
        return self

    def send(self, msg: Any, now: dt.datetime, until: float) -> None:
        from qmonth.notify.channels import DeliveryError

        self.sends.append((msg.to, now, until))
        self.messages.append(msg)
        self.clock.t += self.step
        code = self.fail.get(f"{self.name}:{msg.to}") or self.fail.get(msg.to)
        if code:
            raise DeliveryError(code, channel=self.name, to=msg.to, detail="x")


NOW = dt.datetime(2024, 9, 11, 1, 2, 3, tzinfo=dt.UTC)
MAIL_ENV = {"QMONTH_NOTIFY_MAIL": "smtp://127.0.0.1:9?from=qmonth@example.cn"}
CHIKAN, XIASHAN = "a@chikan.example.cn", "b@xiashan.example.cn"


def _mail_campaign(**notify: Any) -> tuple[Any, list[Any], list[Any], dt.date]:
    """The shipped campaign on 9-11 with the coordinator and two units mailed (three messages)."""
    day = dt.date(2024, 9, 11)
    c, groups, dues = _setup(SHIPPED, day)
    c = _with_emails(_with_contact(c), chikan=CHIKAN, xiashan=XIASHAN)
    c = c.model_copy(update={"notify": notify or {"mail": Channel(kind="mail")}})
    return c, groups, dues, day


def _send(c: Any, log_path: Any, dues: Any, day: dt.date, groups: Any, policy: Any, **kw: Any) -> list[Any]:
    return deliver.run(c, log_path, dues, day, "zh", STAMP, NOW, MAIL_ENV, policy=policy, groups=groups, **kw)


def _instant_mail(tmp_path: Any, monkeypatch: Any) -> tuple[Any, Any, Any]:
    """A fake mail channel whose messages take no time, the log's path and a policy on its clock."""
    from qmonth.notify.channels import Policy

    clock = _Clock()
    mail = _Mail(clock, step=0.0)
    monkeypatch.setattr(deliver, "MailChannel", mail)
    return mail, tmp_path / "campaign.log.jsonl", Policy(clock=clock)


def test_the_channels_time_is_checked_before_each_message_and_what_went_out_is_logged(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify import log
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign()
    clock = _Clock()
    mail = _Mail(clock, step=1.0)  # each message takes a second
    monkeypatch.setattr(deliver, "MailChannel", mail)
    log_path = tmp_path / "campaign.log.jsonl"
    policy = Policy(budget=2.0, run_budget=100.0, clock=clock)
    [out] = _send(c, log_path, dues, day, groups, policy)
    # two messages in the channel's 2 s (given that deadline, and the CLI's clock for their Date);
    # the third is not tried: the time is up exactly when its turn comes
    coordinator = c.campaign.contact.email.strip()
    assert mail.made == [("mail", deliver.endpoint("mail", MAIL_ENV, {}))]
    assert mail.sends == [(coordinator, NOW, 2.0), (CHIKAN, NOW, 2.0)]
    assert out.error is not None and out.error.code == "delivery_deadline"
    assert out.error.params == {"channel": "mail", "seconds": "2"}
    chikan = [d for d in dues if d.unit == "chikan"]
    assert (out.delivered, out.items, out.already, len(out.planned)) == (2, 14 + len(chikan), 0, 3)
    entries = log.read(log_path)
    assert [(e.at, e.unit, e.copy, e.note, e.channel) for e in entries] == [
        (STAMP, "", True, "→ " + coordinator, "mail"),
        (STAMP, "chikan", False, "→ " + CHIKAN, "mail"),
    ]
    assert entries[1].listed == tuple((d.unit, d.task, d.level) for d in chikan)


def test_the_runs_time_cuts_a_channel_short_and_is_named_as_the_runs(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign()
    clock = _Clock()
    clock.t = 50.0
    mail = _Mail(clock, step=1.0)
    monkeypatch.setattr(deliver, "MailChannel", mail)
    policy = Policy(budget=60.0, run_budget=1.0, clock=clock)
    [out] = _send(c, tmp_path / "campaign.log.jsonl", dues, day, groups, policy)
    assert [until for _, _, until in mail.sends] == [51.0]  # the run's end, before the channel's
    assert out.error is not None and out.error.code == "delivery_run_deadline"
    assert out.error.params == {"channel": "mail", "seconds": "1"}
    assert out.delivered == 1
    # a second channel starting 2 s into a 5 s run, with 3 s of its own: both end at 5 s, and it
    # is the run's time (5 s) that is said to have run out
    c, groups, dues, day = _mail_campaign(first=Channel(kind="mail", to_units=False), second=Channel(kind="mail"))
    clock.t = 0.0
    mail = _Mail(clock, step=2.0)
    monkeypatch.setattr(deliver, "MailChannel", mail)
    env = {"QMONTH_NOTIFY_FIRST": MAIL_ENV["QMONTH_NOTIFY_MAIL"], "QMONTH_NOTIFY_SECOND": MAIL_ENV["QMONTH_NOTIFY_MAIL"]}
    both = Policy(budget=3.0, run_budget=5.0, clock=clock)
    first, second = deliver.run(c, tmp_path / "l.jsonl", dues, day, "en", STAMP, NOW, env, policy=both, groups=groups)
    assert [until for _, _, until in mail.sends] == [3.0, 5.0, 5.0]
    assert (first.delivered, first.error, second.delivered) == (1, None, 2)
    assert second.error is not None and second.error.code == "delivery_run_deadline"
    assert second.error.params == {"channel": "second", "seconds": "5"}


def test_a_channel_after_the_runs_time_is_not_tried(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign(first=Channel(kind="mail", to_units=False), second=Channel(kind="mail"))
    clock = _Clock()
    mail = _Mail(clock, step=3.0)
    monkeypatch.setattr(deliver, "MailChannel", mail)
    env = {"QMONTH_NOTIFY_FIRST": MAIL_ENV["QMONTH_NOTIFY_MAIL"], "QMONTH_NOTIFY_SECOND": MAIL_ENV["QMONTH_NOTIFY_MAIL"]}
    policy = Policy(budget=10.0, run_budget=3.0, clock=clock)
    first, second = deliver.run(c, tmp_path / "l.jsonl", dues, day, "en", STAMP, NOW, env, policy=policy, groups=groups)
    assert (first.delivered, first.error) == (1, None)  # done in its 3 s, the run's whole time
    assert second.delivered == 0 and len(second.planned) == 3
    assert second.error is not None and second.error.code == "delivery_run_deadline"
    assert second.error.params == {"channel": "second", "seconds": "3"}
    assert [name for name, _ in mail.made] == ["first"] and len(mail.sends) == 1


def test_a_refused_recipient_lets_the_others_through_and_stays_the_channels_error(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify import log
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign()
    clock = _Clock()
    coordinator = c.campaign.contact.email.strip()
    mail = _Mail(clock, step=1.0, fail={coordinator: "mail_refused"})
    monkeypatch.setattr(deliver, "MailChannel", mail)
    log_path = tmp_path / "campaign.log.jsonl"
    [out] = _send(c, log_path, dues, day, groups, Policy(budget=2.0, clock=clock))
    # refused, then 赤坎's, then the time is up: the refusal is what the channel reports
    assert [to for to, _, _ in mail.sends] == [coordinator, CHIKAN]
    assert out.error is not None and (out.error.code, out.error.params["to"]) == ("mail_refused", coordinator)
    assert out.delivered == 1 and [e.unit for e in log.read(log_path)] == ["chikan"]


def test_a_server_down_stops_the_channel_at_its_first_message(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign()
    clock = _Clock()
    coordinator = c.campaign.contact.email.strip()
    mail = _Mail(clock, step=0.0, fail={coordinator: "delivery_unreachable", CHIKAN: "mail_refused"})
    monkeypatch.setattr(deliver, "MailChannel", mail)
    log_path = tmp_path / "campaign.log.jsonl"
    [out] = _send(c, log_path, dues, day, groups, Policy(clock=clock))
    assert [to for to, _, _ in mail.sends] == [coordinator]
    assert out.error is not None and out.error.code == "delivery_unreachable" and out.delivered == 0
    assert log_path.read_text(encoding="utf-8") == ""


def test_a_second_run_the_same_day_leaves_out_what_went_out_unless_resend(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify import log

    c, groups, dues, day = _mail_campaign()
    mail, log_path, policy = _instant_mail(tmp_path, monkeypatch)
    [first] = _send(c, log_path, dues, day, groups, policy)
    assert (first.delivered, first.already, first.error) == (3, 0, None)
    units = sum(1 for d in dues if d.unit in ("chikan", "xiashan"))
    [second] = _send(c, log_path, dues, day, groups, policy)  # resend not given: False
    assert (second.delivered, second.already, second.planned, second.error) == (0, 14 + units, [], None)
    assert len(mail.sends) == 3 and len(log.read(log_path)) == 3
    [again] = _send(c, log_path, dues, day, groups, policy, resend=True)
    assert (again.delivered, again.already) == (3, 0) and len(mail.sends) == 6
    assert len(log_path.read_text(encoding="utf-8").splitlines()) == 6  # (the same lines: read once)


def test_a_webhooks_attempt_deadline_reaches_the_http_clients_sockets(tmp_path: Any) -> None:
    """The webhook is given the run's Deadline, the one its HTTP client's sockets obey: answer
    headers dripped a byte every 0.1 s (each read well within its own timeout) are cut at the
    attempt's 0.4 s, not read for nearly 7 s and taken as delivered."""
    import time

    from qmonth.notify.channels import Policy
    from tests.test_delivery_hardening import drip, hostile

    day = dt.date(2024, 9, 11)
    c, groups, dues = _setup(SHIPPED, day)
    c = c.model_copy(update={"notify": {"hook": Channel(kind="webhook", body='{"text": "{text}"}')}})
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
    policy = Policy(timeout=0.4, retries=0, backoff=0.0, budget=1.5, run_budget=3.0)
    log_path = tmp_path / "campaign.log.jsonl"
    with hostile(drip(answer, 0.1)) as server:
        env = {"QMONTH_NOTIFY_HOOK": f"http://127.0.0.1:{server.port}/hook"}
        start = time.monotonic()
        [out] = deliver.run(c, log_path, dues, day, "en", STAMP, NOW, env, policy=policy, groups=groups)
        took = time.monotonic() - start
    assert out.error is not None and out.error.code == "delivery_timeout", out.error
    assert out.error.params["channel"] == "hook" and out.error.params["host"] == f"127.0.0.1:{server.port}"
    assert out.delivered == 0 and took < 2.5  # one attempt of 0.4 s (the whole answer would take nearly 7 s)
    assert log_path.read_text(encoding="utf-8") == ""


def test_a_channel_stopped_by_its_time_or_its_server_leaves_the_next_one_its_turn(
    tmp_path: Any, monkeypatch: Any, httpserver: Any
) -> None:
    from qmonth.notify import log
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign(first=Channel(kind="mail"), second=Channel(kind="mail", to_units=False))
    coordinator = c.campaign.contact.email.strip()
    env = {"QMONTH_NOTIFY_FIRST": MAIL_ENV["QMONTH_NOTIFY_MAIL"], "QMONTH_NOTIFY_SECOND": MAIL_ENV["QMONTH_NOTIFY_MAIL"]}
    clock = _Clock()
    mail = _Mail(clock, step=1.0)
    monkeypatch.setattr(deliver, "MailChannel", mail)
    # the first channel's 1 s is up after its first message; the second still has its own second
    first, second = deliver.run(
        c, tmp_path / "a.jsonl", dues, day, "en", STAMP, NOW, env, policy=Policy(budget=1.0, clock=clock), groups=groups
    )
    assert first.error is not None and first.error.code == "delivery_deadline" and first.delivered == 1
    assert (second.delivered, second.error) == (1, None)
    assert [(name, to) for (name, _), (to, _, _) in zip(mail.made, mail.sends, strict=True)] == [
        ("first", coordinator),
        ("second", coordinator),
    ]
    # the mail server is down: the mail channel stops at once, and the robot after it delivers
    c = c.model_copy(update={"notify": {"mail": Channel(kind="mail"), "group": Channel(kind="wecom")}})
    mail = _Mail(clock, step=0.0, fail={coordinator: "delivery_unreachable"})
    monkeypatch.setattr(deliver, "MailChannel", mail)
    httpserver.expect_request("/send").respond_with_json({"errcode": 0, "errmsg": "ok"})
    env = {**MAIL_ENV, "QMONTH_NOTIFY_GROUP": httpserver.url_for("/send?key=k")}
    log_path = tmp_path / "campaign.log.jsonl"
    policy = Policy(retries=0, clock=clock)
    down, group = deliver.run(c, log_path, dues, day, "zh", STAMP, NOW, env, policy=policy, groups=groups)
    assert down.error is not None and down.error.code == "delivery_unreachable" and len(mail.sends) == 1
    assert (group.delivered, group.items, group.error) == (1, 14, None) and len(httpserver.log) == 1
    # a robot's entries carry no note (no recipient of its own): the next run today leaves them out
    entries = log.read(log_path)
    assert {(e.channel, e.note, e.copy) for e in entries} == {("group", "", False)}
    assert sorted(e.unit for e in entries) == sorted({d.unit for d in dues})
    _, again = deliver.run(c, log_path, dues, day, "zh", STAMP, NOW, env, policy=policy, groups=groups)
    assert (again.planned, again.already, again.error) == ([], 14, None) and len(httpserver.log) == 1


def test_each_message_sent_is_the_planned_one_in_the_runs_language(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign()
    clock = _Clock()
    for lang in ("en", "zh"):
        mail = _Mail(clock, step=0.0)
        monkeypatch.setattr(deliver, "MailChannel", mail)
        policy = Policy(clock=clock)
        [out] = deliver.run(c, tmp_path / f"{lang}.jsonl", dues, day, lang, STAMP, NOW, MAIL_ENV, policy=policy, groups=groups)
        planned, _ = deliver.plan(c, "mail", Channel(kind="mail"), dues, [], day, lang, False, groups)
        assert mail.messages == out.planned == planned and len(planned) == 3


def _secrets_file(folder: Any, text: str, mode: int) -> Any:
    folder.mkdir(exist_ok=True)
    path = folder / "secrets.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_the_secrets_file_is_read_once_and_only_for_a_channel_the_environment_lacks(tmp_path: Any, monkeypatch: Any) -> None:
    from qmonth.notify.channels import Policy

    c, groups, dues, day = _mail_campaign(first=Channel(kind="mail", to_units=False), second=Channel(kind="mail", to_units=False))
    (tmp_path / "campaign").mkdir()
    log_path = tmp_path / "campaign" / "campaign.log.jsonl"
    url = MAIL_ENV["QMONTH_NOTIFY_MAIL"]
    reads: list[Any] = []
    real = deliver.read_secrets

    def counted(env: Any, folder: Any) -> Any:
        reads.append(folder)
        return real(env, folder)

    monkeypatch.setattr(deliver, "read_secrets", counted)
    clock = _Clock()
    policy = Policy(clock=clock)

    def send(env: dict[str, str]) -> list[Any]:
        monkeypatch.setattr(deliver, "MailChannel", _Mail(clock, step=0.0))
        reads.clear()
        return deliver.run(c, log_path, dues, day, "zh", STAMP, NOW, env, policy=policy, groups=groups, resend=True)

    # a group-readable secrets file: refused for each channel that needs it, read once
    open_file = _secrets_file(tmp_path / "home", f'[first]\nurl = "{url}"\n[second]\nurl = "{url}"\n', 0o644)
    outs = send({"QMONTH_SECRETS": str(open_file)})
    assert [(o.error.code if o.error else None, o.delivered) for o in outs] == [("secrets_file_open", 0)] * 2
    assert reads == [log_path.parent]
    # the environment has both: the file is not even read, and both deliver
    outs = send({"QMONTH_SECRETS": str(open_file), "QMONTH_NOTIFY_FIRST": url, "QMONTH_NOTIFY_SECOND": url})
    assert [(o.error, o.delivered) for o in outs] == [(None, 1)] * 2 and reads == []
    # a private file: both channels' endpoints from it, read once
    open_file.chmod(0o600)
    outs = send({"QMONTH_SECRETS": str(open_file)})
    assert [(o.error, o.delivered) for o in outs] == [(None, 1)] * 2 and reads == [log_path.parent]


def test_a_dry_run_plans_what_a_real_run_would_send(tmp_path: Any, monkeypatch: Any) -> None:

    c, groups, dues, day = _mail_campaign()
    mail, log_path, policy = _instant_mail(tmp_path, monkeypatch)
    [sent] = _send(c, log_path, dues, day, groups, policy)
    assert sent.delivered == 3 and len(mail.sends) == 3
    [dry] = _send(c, log_path, dues, day, groups, policy, dry_run=True)
    assert (dry.planned, dry.delivered, dry.error) == ([], 0, None) and dry.already == sent.items
    [dry] = _send(c, log_path, dues, day, groups, policy, dry_run=True, resend=True)
    assert (len(dry.planned), dry.delivered, dry.already) == (3, 0, 0)
    assert len(mail.sends) == 3 and mail.made == [("mail", deliver.endpoint("mail", MAIL_ENV, {}))]
