"""Issue 21: the 催办 log is a 催办台账 — one entry per unit per delivery (its items inside), the
coordinator's own copy once as such, old per-item logs still read, `qmonth log` filtered by date,
level, channel and unit, and entries for another day stamped at noon. Through the CLI against a
local robot (pytest-httpserver) and a local SMTP server (aiosmtpd), in zh and en."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import Run
from tests.test_messages_read_right import _units_with_mail
from tests.test_notify_cli import OK, _Inbox, _quick, channel  # noqa: F401 (_quick: an autouse fixture)
from tests.test_notify_cli import smtp as smtp  # a fixture

FIXTURES = Path(__file__).parent / "fixtures"
SENDS = ("2024-09-20", "2024-09-27", "2024-09-27", "2024-09-30", "2024-10-08")  # the last three: ~150 items a day


def log_lines(path: Path) -> list[dict[str, Any]]:
    text = _log(path).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _log(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".toml") + ".log.jsonl")


def _channels(path: Path, httpserver: HTTPServer, port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    _units_with_mail(path)
    channel(path, "group", "wecom")
    channel(path, "mail", "mail")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    httpserver.expect_request("/hook").respond_with_json(OK)


def _as_old(entries: list[dict[str, Any]]) -> str:
    """The same deliveries as the per-item log before issue 21 wrote them: one line per item per
    channel, the coordinator's copy against every unit."""
    lines = []
    for e in entries:
        for item in e.get("items") or [e]:
            unit = item.get("unit", e["unit"])
            old = {"at": e["at"], "unit": unit, "task": item["task"], "level": item["level"], "channel": e["channel"]}
            lines.append(json.dumps(old | {"note": e["note"]}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_five_sends_on_the_demo_one_entry_per_unit_per_channel_per_day(
    run: Run, demo: Path, httpserver: HTTPServer, smtp: tuple[_Inbox, int], monkeypatch, lang: str
) -> None:
    _inbox, port = smtp
    _channels(demo, httpserver, port, monkeypatch)
    for day in SENDS:
        result = run("remind", "-f", demo, "--today", day, "--send", "--lang", lang)
        assert result.exit_code == 0, result.output
    entries = log_lines(demo)
    per_day = Counter((e["unit"] or "copy", e["channel"], e["at"][:10]) for e in entries)
    assert max(per_day.values()) == 1  # at most one entry per unit per channel per day
    assert {d for _, _, d in per_day} == set(SENDS)
    copies = [e for e in entries if e.get("copy") == "coordinator"]
    assert len(copies) == 4 and {e["note"] for e in copies} == {"→ zaj@example.cn"}  # once a day, as such
    assert all(e["unit"] is None and len({i["unit"] for i in e["items"]}) > 1 for e in copies)
    assert all(e["at"].endswith("T12:00:00+08:00") for e in entries)  # --today another day: noon, as `chase`
    group = [e for e in entries if e["channel"] == "group"]
    assert all(e["items"] and all(set(i) == {"task", "level"} for i in e["items"]) for e in group)
    assert len(entries) < 100  # the per-item log wrote some 900 lines for the same five sends
    assert len(_as_old(entries).splitlines()) > 8 * len(entries)

    # the table: one row per entry, a unit's items inside it, the coordinator's copy as such
    table = run("log", "-f", demo, "--since", "2024-10-08", "--lang", lang).stdout
    if lang == "zh":
        assert "协调人副本" in table and "个单位共" in table and "项：" in table
    else:
        assert "coordinator" in table and "items of" in table and "items:" in table

    # The status screen's chase counts are what the old per-item log of the same sends gave.
    status = ("status", "-f", demo, "--today", "2024-10-08", "--format", "json")
    new = json.loads(run(*status).stdout)["items"]
    _log(demo).write_text(_as_old(entries), encoding="utf-8")
    old = json.loads(run(*status).stdout)["items"]
    assert new == old
    assert max(i["chased"]["times"] for i in new) == 4  # the 回执 chased on four days (two sends on one day: once)


def _ledger(demo: Path) -> Path:
    """A log with old per-item lines, new per-unit entries, a coordinator's copy and a manual chase."""
    lines = [
        {
            "at": "2024-09-11T09:00:00+08:00",
            "unit": "chikan",
            "task": "receipt",
            "level": "chase",
            "channel": "group",
            "note": "",
        },
        {
            "at": "2024-09-20T12:00:00+08:00",
            "unit": "mazhang",
            "level": "chase",
            "channel": "group",
            "note": "",
            "items": [{"task": "receipt", "level": "chase"}, {"task": "summary", "level": "warn"}],
        },
        {
            "at": "2024-09-20T12:00:00+08:00",
            "copy": "coordinator",
            "unit": None,
            "level": "chase",
            "channel": "mail",
            "note": "→ zaj@example.cn",
            "items": [
                {"unit": "mazhang", "task": "receipt", "level": "chase"},
                {"unit": "chikan", "task": "summary", "level": "warn"},
            ],
        },
        {
            "at": "2024-09-23T12:00:00+08:00",
            "unit": "chikan",
            "level": "warn",
            "channel": "group",
            "note": "",
            "items": [{"task": "summary", "level": "warn"}],
        },
        {
            "at": "2024-09-24T15:30:00+08:00",
            "unit": "mazhang",
            "task": None,
            "level": "manual",
            "channel": "phone",
            "note": "答复明日报送",
        },
    ]
    log = _log(demo)
    log.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return log


def _shown(run: Run, demo: Path, *args: str) -> list[tuple[str, str]]:
    result = run("log", "-f", demo, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [(e["at"][:10], e["unit"] or "copy") for e in json.loads(result.stdout)["entries"]]


def test_log_filters_by_date_level_channel_and_unit(run: Run, demo: Path) -> None:
    _ledger(demo)
    assert len(_shown(run, demo)) == 5
    assert _shown(run, demo, "--since", "2024-09-20", "--until", "2024-09-23") == [
        ("2024-09-20", "mazhang"),
        ("2024-09-20", "copy"),
        ("2024-09-23", "chikan"),
    ]
    assert _shown(run, demo, "--since", "9月23日") == [("2024-09-23", "chikan"), ("2024-09-24", "mazhang")]  # the one resolver
    assert _shown(run, demo, "--until", "9/11") == [("2024-09-11", "chikan")]
    assert _shown(run, demo, "--level", "manual") == [("2024-09-24", "mazhang")]
    assert _shown(run, demo, "--level", "warn") == [("2024-09-20", "mazhang"), ("2024-09-20", "copy"), ("2024-09-23", "chikan")]
    assert _shown(run, demo, "--level", "escalate") == []
    assert _shown(run, demo, "--channel", "mail") == [("2024-09-20", "copy")]
    assert _shown(run, demo, "--channel", "phone", "--channel", "mail") == [("2024-09-20", "copy"), ("2024-09-24", "mazhang")]
    assert _shown(run, demo, "--unit", "麻章") == [("2024-09-20", "mazhang"), ("2024-09-24", "mazhang")]  # the copy is no unit's
    assert _shown(run, demo, "--unit", "赤坎", "--level", "chase", "--channel", "group") == [("2024-09-11", "chikan")]


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ("--level", "urgent"),
            "--level 的值 “urgent” 无效，可选：warn, chase, escalate, manual",
            "Invalid value “urgent” for --level",
        ),
        (("--channel", "fax"), "--channel 的值 “fax” 无效，可选：", "Invalid value “fax” for --channel; choose one of:"),
        (("--since", "9月31日"), "--since", "--since"),
        (("--until", "tomorrow"), "--until", "--until"),
    ],
)
def test_log_filter_mistakes_are_usage_errors(run: Run, demo: Path, args: tuple[str, ...], zh: str, en: str) -> None:
    _ledger(demo)
    for lang, said in (("zh", zh), ("en", en)):
        result = run("log", "-f", demo, *args, "--lang", lang)
        assert result.exit_code == 2, result.output
        assert said in result.stderr and "Traceback" not in result.output
        assert result.stdout == ""


def test_an_old_per_item_log_is_still_read(run: Run, shipped: Path) -> None:
    old = (FIXTURES / "old-chase-log.jsonl").read_text(encoding="utf-8")
    shipped.with_name("campaign.log.jsonl").write_text(old, encoding="utf-8")
    entries = json.loads(run("log", "-f", shipped, "--format", "json").stdout)["entries"]
    assert len(entries) == len(old.splitlines()) - 1  # one exact duplicate (a union merge) read once
    assert all("task" in e and "items" not in e for e in entries)  # shown as they were written
    assert [
        e["unit"] for e in json.loads(run("log", "-f", shipped, "--format", "json", "--level", "escalate").stdout)["entries"]
    ] == ["chikan"]
    items = json.loads(run("status", "-f", shipped, "--today", "2024-09-20", "--format", "json").stdout)["items"]
    chikan = next(i for i in items if (i["unit"], i["task"]) == ("chikan", "receipt"))
    assert chikan["chased"] == {"times": 3, "last": "2024-09-13T10:00:00+08:00"}  # 9-11 and 9-12 (two channels: once), a call
    table = run("log", "-f", shipped, "--lang", "en").stdout
    assert "Chase log (6)" in table and "phone" in table
