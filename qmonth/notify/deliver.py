"""`qmonth remind --send`: today's reminders to every configured channel, and into the 催办 log.

For each channel: what it takes (its levels), minus what it already received today (unless
`resend`), as the platform's messages; each message delivered is logged at once, and a channel
that fails is reported and the next one tried. Nothing undelivered is logged: the next run sends it.
The clock is read by the CLI and passed in (`stamp` for the log, `now` for signatures and Date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmonth.core.errors import QmonthError
from qmonth.notify import log
from qmonth.notify.channels import (
    ROBOTS,
    Deadline,
    DeliveryError,
    MailChannel,
    Policy,
    WebhookRobot,
    http_client,
)
from qmonth.notify.endpoints import endpoint, env_name, read_secrets
from qmonth.notify.templates import Due, Message, Style, digest, unit_mail

if TYPE_CHECKING:
    from qmonth.core.model import Campaign, Channel
    from qmonth.core.remind import UnitReminder


@dataclass
class Outcome:
    channel: str
    kind: str
    planned: list[Message] = field(default_factory=list)
    delivered: int = 0  # messages
    items: int = 0  # reminders named in delivered messages
    already: int = 0  # reminders left out: delivered on this channel earlier today
    error: QmonthError | None = None


def _unit_email(c: Campaign, unit: str) -> str:
    """The liaison's e-mail (from the liaison form), else the unit office's (issue 7's contact); a
    class of units not named yet has neither (check refuses one that does), so it is mailed nothing."""
    return c.units[unit].contact_email.strip()


def plan(
    c: Campaign,
    name: str,
    ch: Channel,
    dues: list[Due],
    entries: list[log.Entry],
    today: dt.date,
    lang: str,
    resend: bool,
    groups: list[UnitReminder] | None = None,
) -> tuple[list[Message], int]:
    """The messages for one channel, and how many reminders were left out as already delivered."""
    wanted = [d for d in dues if d.level in ch.levels]
    done = set() if resend else log.delivered_on(entries, name, today)
    skipped = 0

    def fresh(items: list[Due], note: str) -> list[Due]:
        nonlocal skipped
        out = [d for d in items if (d.unit, d.task, note) not in done]
        skipped += len(items) - len(out)
        return out

    if ch.kind == "mail":
        messages: list[Message] = []
        # every issuer contact with an address gets the digest (a notice may name two)
        for coordinator in dict.fromkeys(k.email.strip() for k in c.campaign.contacts if k.email.strip()):
            todo = fresh(wanted, mail_note(coordinator))
            if todo:
                msg = digest(c, todo, today, lang, Style())
                messages.append(Message(msg.title, msg.text, (), msg.covers, to=coordinator, copy=True))
        if ch.to_units:
            by = {g.unit: g for g in groups or ()}
            for unit in dict.fromkeys(d.unit for d in wanted):
                to = _unit_email(c, unit)
                if not to or unit not in by:
                    continue
                todo = fresh([d for d in wanted if d.unit == unit], mail_note(to))
                if todo:
                    messages.append(unit_mail(c, by[unit], todo, today, lang, to))
        return messages, skipped
    todo = fresh(wanted, "")
    if not todo:
        return [], skipped
    robot = ROBOTS[ch.kind]
    markdown = ch.format == "markdown"
    limit = robot.markdown_limit if markdown else robot.text_limit
    mention = ch.mention and robot.mentions_by_mobile and not (markdown and ch.kind == "wecom")
    return [digest(c, todo, today, lang, Style(markdown), limit=limit, mention=mention)], skipped


def _mail_unaddressed(ch: Channel, dues: list[Due]) -> bool:
    """Reminders this mail channel should carry, but nobody to send them to."""
    return any(d.level in ch.levels for d in dues)


def mail_note(to: str) -> str:
    return "→ " + to


def entries_for(msg: Message, stamp: dt.datetime, channel: str, note: str) -> list[log.Entry]:
    """The 催办台账's entries for one delivered message: one per unit it named (its items inside),
    or one for the coordinator's own copy."""
    items: list[log.Item] = [(d.unit, d.task, d.level) for d in msg.covers]
    if msg.copy:
        return [log.delivery(stamp, "", items, channel, note, copy=True)]
    by: dict[str, list[log.Item]] = {}
    for item in items:
        by.setdefault(item[0], []).append(item)
    return [log.delivery(stamp, unit, its, channel, note) for unit, its in by.items()]


def run(
    c: Campaign,
    path: Path,
    dues: list[Due],
    today: dt.date,
    lang: str,
    stamp: dt.datetime,
    now: dt.datetime,
    env: Mapping[str, str],
    resend: bool = False,
    dry_run: bool = False,
    policy: Policy | None = None,
    groups: list[UnitReminder] | None = None,
) -> list[Outcome]:
    """Deliver to every channel in file order; one Outcome per channel. `path`: the 催办 log.

    Two runs at once must not both deliver the same reminders: the run holds an exclusive lock
    on the log file itself while it reads, sends and appends (no lock file that could be
    deleted). The whole run, the wait for that lock included, ends within `policy.run_budget`
    seconds, each channel within `policy.budget`."""
    from qmonth.edit.locking import LOCK_TIMEOUT

    policy = policy or Policy.from_env(env)
    if dry_run:
        return _run(c, path, dues, today, lang, stamp, now, env, resend, True, policy, float("inf"), groups)
    run_until = policy.clock() + policy.run_budget
    with log.locked(path, wait=min(LOCK_TIMEOUT, policy.run_budget / 2)):
        return _run(c, path, dues, today, lang, stamp, now, env, resend, False, policy, run_until, groups)


def _run(
    c: Campaign,
    path: Path,
    dues: list[Due],
    today: dt.date,
    lang: str,
    stamp: dt.datetime,
    now: dt.datetime,
    env: Mapping[str, str],
    resend: bool,
    dry_run: bool,
    policy: Policy,
    run_until: float,
    groups: list[UnitReminder] | None = None,
) -> list[Outcome]:
    entries = log.read(path)
    deadline = Deadline(policy.clock)
    outcomes: list[Outcome] = []
    secrets: dict[str, Any] | None = None
    secrets_error: QmonthError | None = None
    client: Any = None
    try:
        for name, ch in c.notify.items():
            out = Outcome(name, ch.kind)
            outcomes.append(out)
            out.planned, out.already = plan(c, name, ch, dues, entries, today, lang, resend, groups)
            if ch.kind == "mail" and not out.planned and not out.already and _mail_unaddressed(ch, dues):
                out.error = DeliveryError("mail_no_recipients", channel=name)
                continue
            if not out.planned:
                continue
            try:  # a dry run resolves the endpoint too: a channel the real run could not reach is reported
                if env.get(env_name(name), "").strip():  # the environment has it: the secrets file is not read
                    ep = endpoint(name, env, {})
                else:
                    if secrets is None and secrets_error is None:
                        try:
                            secrets = read_secrets(env, path.parent)
                        except DeliveryError as exc:
                            secrets_error = exc
                    if secrets_error is not None:
                        raise secrets_error
                    ep = endpoint(name, env, secrets or {})
                if dry_run:
                    continue
                started = policy.clock()
                if started >= run_until:
                    raise DeliveryError("delivery_run_deadline", channel=name, seconds=f"{policy.run_budget:g}")
                until = min(started + policy.budget, run_until)
                sender: Any
                if ch.kind == "mail":
                    sender = MailChannel(name, ep, policy)
                else:
                    if client is None:
                        client = http_client(deadline)
                    if ch.kind == "webhook":
                        headers = {}
                        for header, var in ch.headers.items():
                            if not env.get(var, "").strip():
                                raise DeliveryError("channel_no_endpoint", channel=name, var=var)
                            headers[header] = env[var].strip()
                        sender = WebhookRobot(
                            name, ep, policy, client, deadline, body=ch.body, headers=headers, today=today.isoformat()
                        )
                    else:
                        sender = ROBOTS[ch.kind](name, ep, policy, client, deadline)
                for msg in out.planned:
                    if policy.clock() >= until:  # the channel's (or the run's) time is up
                        code = "delivery_deadline" if until < run_until else "delivery_run_deadline"
                        seconds = policy.budget if until < run_until else policy.run_budget
                        out.error = out.error or DeliveryError(code, channel=name, seconds=f"{seconds:g}")
                        break
                    try:
                        sender.send(msg, now, until)
                    except DeliveryError as exc:
                        out.error = out.error or exc
                        if exc.code != "mail_refused":  # the server is down or hung: stop this channel
                            break
                        continue  # one recipient refused: the others may still be reached
                    note = mail_note(msg.to) if ch.kind == "mail" else ""
                    log.append(path, entries_for(msg, stamp, name, note))
                    out.delivered += 1
                    out.items += len(msg.covers)
            except QmonthError as exc:
                out.error = exc
    finally:
        if client is not None:
            client.close()
    return outcomes
