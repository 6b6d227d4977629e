"""Shared fixtures: real campaign files in tmp_path, and a CLI runner at a fixed width."""

from __future__ import annotations

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

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    for name in ("QMONTH_FILE", "QMONTH_LANG", "QMONTH_DEBUG", "FORCE_COLOR", "NO_COLOR"):
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
