"""The offline install the manual describes (docs/guide/offline.md), on this Linux machine: a
wheelhouse made while the package index is reachable, then qmonth installed from it alone into a new
virtual environment with pip's configuration ignored (no index, no configured find-links) and run.

It takes about a minute (building and installing every dependency), so it runs in CI (`CI` is set by
the CI runner) or with QMONTH_TEST_OFFLINE=1, and is skipped, with that reason, elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHIPPED

pytestmark = pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("QMONTH_TEST_OFFLINE")),
    reason="builds a wheelhouse and installs from it (about a minute): set QMONTH_TEST_OFFLINE=1 (CI runs it)",
)


def test_qmonth_installs_from_a_wheelhouse_with_no_index(tmp_path: Path) -> None:
    house = tmp_path / "wheelhouse"
    made = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(house), "-q"],
        capture_output=True, text=True, check=False, timeout=900,
    )
    assert made.returncode == 0, made.stderr
    assert any(p.name.startswith("qmonth-") for p in house.glob("*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    offline = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    offline.pop("PIP_FIND_LINKS", None)
    offline.pop("PIP_EXTRA_INDEX_URL", None)
    installed = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "--no-index", "--find-links", str(house), "qmonth"],
        capture_output=True, text=True, check=False, timeout=900, env=offline,
    )
    assert installed.returncode == 0, installed.stderr
    checked = subprocess.run(
        [str(venv / "bin" / "qmonth"), "check", str(SHIPPED)], capture_output=True, text=True, check=False, timeout=120,
    )
    assert checked.returncode == 0 and "检查通过" in checked.stdout, checked.stdout + checked.stderr
