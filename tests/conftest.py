"""Shared fixtures: real campaign files in tmp_path, and a CLI runner at a fixed width.

Tests must not depend on the machine they run on: conftest removes every environment variable that
changes qmonth's or Rich's output (colour, terminal detection, width, the golden update mode), and
"a year without holiday data" is FAR_YEAR, which no release of the holiday packages will cover.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from qmonth.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "campaign.toml"
EXAMPLES = ROOT / "examples"
DEMO = EXAMPLES / "demo-campaign.toml"
# The shipped campaign's units, as `status` labels them, in file order.
UNIT_LABELS = [
    "赤坎区",
    "霞山区",
    "坡头区",
    "麻章区",
    "遂溪县",
    "徐闻县",
    "廉江市",
    "雷州市",
    "吴川市",
    "经开区",
    "奋勇高新区",
    "市质量中心",
    "行业协会",
    "参建企业",
]

GOLDEN = Path(__file__).parent / "golden"

Run = Callable[..., Result]

#: A year whose official holiday schedule no release of chinesecalendar will publish in this
#: project's life (tests/test_calendar.py checks it is still unknown). Use it, never "next year".
FAR_YEAR = 2099

#: Variables that change what qmonth prints or which file it reads; removed for every test.
#: Rich: FORCE_COLOR, NO_COLOR, TTY_COMPATIBLE and TTY_INTERACTIVE (Rich 14.1+), COLUMNS/LINES and
#: their Jupyter twins; qmonth: its own settings; QMONTH_UPDATE_GOLDEN is not read by the suite
#: (the update mode is `pytest --update-golden`), and is removed so that nothing can rely on it.
CLEARED_ENV = (
    "QMONTH_FILE",
    "QMONTH_LANG",
    "QMONTH_DEBUG",
    "QMONTH_CACHE",
    "QMONTH_UPDATE_GOLDEN",
    "FORCE_COLOR",
    "NO_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden screens in tests/golden/ that differ; those tests then fail: review the diff.",
    )


_update_golden = False


def pytest_configure(config: pytest.Config) -> None:
    global _update_golden
    _update_golden = bool(config.getoption("--update-golden"))


def golden(name: str, actual: str) -> None:
    """Compare `actual` with tests/golden/NAME.

    `pytest --update-golden` rewrites a golden file that differs and then FAILS the test ("updated,
    review the diff"): an update never passes silently. A missing golden file is a failure too.
    """
    path = GOLDEN / name
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    if actual == expected:
        return
    if _update_golden:
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"golden {path.name} updated, review the diff (git diff -- {path}) and run again", pytrace=False)
    if expected is None:
        pytest.fail(f"golden {path.name} is missing: run pytest --update-golden, then review it", pytrace=False)
    assert actual == expected, f"output differs from golden {path.name} (pytest --update-golden rewrites it)"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    for name in CLEARED_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")


@pytest.fixture
def run() -> Run:
    """Invoke the CLI in-process; stdout and stderr are kept apart (result.stdout / result.stderr)."""

    def _run(*args: str | Path) -> Result:
        return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=True)

    return _run


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A private copy of the shipped campaign.toml."""
    target = tmp_path / "campaign.toml"
    shutil.copyfile(SHIPPED, target)
    return target


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A private copy of examples/ (the demo campaign and its evidence files)."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    return folder / "demo-campaign.toml"


def mutate(path: Path, old: str, new: str, count: int = 1) -> str:
    """Replace `old` by `new` in a campaign file (which must contain it); return the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    return text


# git as the tests run it: a fixed author, no user or system configuration
GIT_ENV = {
    "GIT_AUTHOR_NAME": "质安科",
    "GIT_AUTHOR_EMAIL": "qa@example.com",
    "GIT_COMMITTER_NAME": "质安科",
    "GIT_COMMITTER_EMAIL": "qa@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def quick_delivery(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, timeout: str) -> None:
    """Delivery as the tests run it: a small timeout, one retry without backoff, no secrets file
    of the machine's and no proxy, so a server that never answers costs a fraction of a second."""
    monkeypatch.setenv("QMONTH_NOTIFY_TIMEOUT", timeout)
    monkeypatch.setenv("QMONTH_NOTIFY_RETRIES", "1")
    monkeypatch.setenv("QMONTH_NOTIFY_BACKOFF", "0")
    monkeypatch.setenv("QMONTH_SECRETS", str(tmp_path / "no-secrets.toml"))
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
