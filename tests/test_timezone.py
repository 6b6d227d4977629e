""" "Today" is the campaign's (Beijing) date whatever TZ the machine has, on the real clock too."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from qmonth.cli import common as cli
from qmonth.core.dates import local_day
from tests.conftest import SHIPPED, Run

Clock = Callable[[dt.datetime], None]

UTC = dt.UTC
# Around Beijing midnight at the end of the receipt's deadline day (2024-09-10, Asia/Shanghai).
BEFORE = dt.datetime(2024, 9, 10, 15, 59, tzinfo=UTC)  # 23:59 in Beijing: still 09-10
AFTER = dt.datetime(2024, 9, 10, 16, 30, tzinfo=UTC)  # 00:30 on 09-11 in Beijing: overdue


@pytest.mark.parametrize("machine_tz", ["UTC", "America/Los_Angeles", "Asia/Shanghai"])
def test_local_day_ignores_the_machine_zone(machine_tz: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", machine_tz)
    assert local_day(BEFORE, "Asia/Shanghai") == dt.date(2024, 9, 10)
    assert local_day(AFTER, "Asia/Shanghai") == dt.date(2024, 9, 11)
    # the same instants expressed in the machine's zone give the same answers
    assert local_day(AFTER.astimezone(ZoneInfo(machine_tz)), "Asia/Shanghai") == dt.date(2024, 9, 11)


def test_local_day_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError, match=r"^local_day needs an aware datetime$"):
        local_day(dt.datetime(2024, 9, 10, 12), "Asia/Shanghai")


# ── the default "today": the clock injected at the CLI edge (no --today, no libfaketime) ──────────


@pytest.fixture(params=["UTC", "America/Los_Angeles", "Asia/Shanghai"])
def machine_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test with the machine's local zone set (TZ, re-read by the C library)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Set the instant qmonth reads as "now" (qmonth.cli.common.clock, its only clock read)."""

    def _set(instant: dt.datetime) -> None:
        monkeypatch.setattr(cli, "clock", lambda: instant)

    return _set


def test_the_clock_is_the_real_one_by_default() -> None:
    before = dt.datetime.now(UTC)
    now = cli.clock()
    assert now.tzinfo is not None and before <= now <= dt.datetime.now(UTC)


def test_status_today_defaults_to_the_beijing_date_of_the_clock(run: Run, clock_at: Clock, machine_tz: str) -> None:
    clock_at(BEFORE)  # 23:59 in Beijing on the deadline day
    data = json.loads(run("status", "-f", SHIPPED, "--format", "json").stdout)
    assert data["today"] == "2024-09-10"
    receipt = next(i for i in data["items"] if i["task"] == "receipt")
    assert receipt["state"] == "due_soon" and receipt["days_left"] == 0
    clock_at(AFTER)  # 00:30 the next day in Beijing, still 09-10 in UTC and Los Angeles
    data = json.loads(run("status", "-f", SHIPPED, "--format", "json").stdout)
    assert data["today"] == "2024-09-11"
    assert {i["state"] for i in data["items"] if i["task"] == "receipt"} == {"overdue"}
    assert "逾期事项（14）" in run("status", "-f", SHIPPED).stdout


def test_remind_today_defaults_to_the_beijing_date_of_the_clock(run: Run, clock_at: Clock, machine_tz: str) -> None:
    clock_at(AFTER)
    data = json.loads(run("remind", "-f", SHIPPED, "--format", "json").stdout)
    assert data["today"] == "2024-09-11"
    receipts = [r for r in data["reminders"] if r["task"] == "receipt"]
    assert len(receipts) == 14 and {(r["state"], r["days"]) for r in receipts} == {("overdue", 1)}
    clock_at(dt.datetime(2024, 9, 14, 16, 30, tzinfo=UTC))  # Sunday 09-15 in Beijing (Mid-Autumn): silence
    quiet = run("remind", "-f", SHIPPED)
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


def test_done_records_the_beijing_date_of_the_clock(run: Run, shipped: Path, clock_at: Clock, machine_tz: str) -> None:
    clock_at(AFTER)
    result = run("done", "chikan", "summary", "-f", shipped)
    assert result.exit_code == 0, result.output
    assert "完成于 2024-09-11" in result.stdout
    assert tomllib.loads(shipped.read_text(encoding="utf-8"))["units"]["chikan"]["progress"]["summary"] == {
        "done": dt.date(2024, 9, 11)
    }
    # "a date after today is refused" is measured against the same clock
    late = run("done", "xiashan", "summary", "--on", "2024-09-12", "-f", shipped)
    assert late.exit_code == 2 and "在今天（2024-09-11）之后" in late.stderr


def test_receipt_records_the_beijing_date_of_the_clock(run: Run, shipped: Path, clock_at: Clock) -> None:
    clock_at(BEFORE)
    assert run("receipt", "chikan", "--name", "林晓燕", "--mobile", "13802715638", "-f", shipped).exit_code == 0
    data = tomllib.loads(shipped.read_text(encoding="utf-8"))["units"]["chikan"]
    assert data["progress"]["receipt"] == {"done": dt.date(2024, 9, 10)}


def test_init_writes_a_starter_for_the_beijing_year_of_the_clock(run: Run, tmp_path: Path, clock_at: Clock) -> None:
    clock_at(dt.datetime(2030, 12, 31, 16, 30, tzinfo=UTC))  # already 2031-01-01 in Beijing
    assert run("init", tmp_path / "c.toml").exit_code == 0
    assert "start = 2031-09-01" in (tmp_path / "c.toml").read_text(encoding="utf-8")


# ── the real clock, end to end (libfaketime; skipped where it is not installed) ──────────────────

FAKETIME = shutil.which("faketime")
# The clock logic is covered above without libfaketime; these only add the real clock end to end,
# so a machine without it (CI installs it when it can) skips them and still tests "today".
needs_faketime = pytest.mark.skipif(FAKETIME is None, reason="libfaketime is not installed (the injected clock is tested)")


def run_at(instant: dt.datetime, machine_tz: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed qmonth on the real clock, with the machine's clock set to `instant`."""
    assert FAKETIME, "faketime is required on CI (.ci/run installs it)"
    local = instant.astimezone(ZoneInfo(machine_tz)).strftime("%Y-%m-%d %H:%M:%S")  # faketime reads local time
    qmonth = Path(sys.executable).parent / "qmonth"
    env = {**os.environ, "TZ": machine_tz, "COLUMNS": "80", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    return subprocess.run(
        [FAKETIME, "-f", local, str(qmonth), *args, "-f", str(SHIPPED)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


@needs_faketime
@pytest.mark.parametrize("machine_tz", ["UTC", "America/Los_Angeles"])
def test_real_clock_just_after_beijing_midnight_the_receipt_is_overdue(machine_tz: str) -> None:
    done = run_at(AFTER, machine_tz, "remind", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["today"] == "2024-09-11"
    receipts = [r for r in data["reminders"] if r["task"] == "receipt"]
    assert len(receipts) == 14 and {r["state"] for r in receipts} == {"overdue"}


@needs_faketime
@pytest.mark.parametrize("machine_tz", ["UTC", "America/Los_Angeles"])
def test_real_clock_just_before_beijing_midnight_the_receipt_is_due_today(machine_tz: str) -> None:
    done = run_at(BEFORE, machine_tz, "status", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["today"] == "2024-09-10"
    receipt = next(i for i in data["items"] if i["task"] == "receipt")
    assert receipt["state"] == "due_soon" and receipt["days_left"] == 0
