""" "Today" is the campaign's (Beijing) date whatever TZ the machine has, on the real clock too."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from qmonth.dates import local_day
from tests.conftest import SHIPPED

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
    with pytest.raises(ValueError):
        local_day(dt.datetime(2024, 9, 10, 12), "Asia/Shanghai")


FAKETIME = shutil.which("faketime")
needs_faketime = pytest.mark.skipif(
    FAKETIME is None and not os.environ.get("CI"), reason="libfaketime is not installed (CI installs it)"
)


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
