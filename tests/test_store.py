"""Loading: no cache of any kind, rtoml and tomllib agree, bounded reading of regular files only
(more error paths are in test_bad_input.py)."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import rtoml
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from qmonth.core import store
from qmonth.core.errors import CampaignInvalid, FileError

from .conftest import DEMO, ROOT, SHIPPED, Run

TODAY = "2024-09-20"


# ── no cache: nothing is read from, or written to, anywhere but the campaign's folder ─────


class _Payload:
    """Unpickling this runs a command: what a planted cache entry did to the old parse cache."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A campaign of more than 512 KB (the old cache's threshold), in a folder of its own."""
    folder = tmp_path / "campaign"
    folder.mkdir()
    path = folder / "campaign.toml"
    path.write_text(generate(units=720, tasks=12, seed=8), encoding="utf-8")
    assert path.stat().st_size > 512 * 1024
    return path


def test_a_pickle_planted_where_the_cache_was_is_never_loaded(
    big: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    marker = tmp_path / "pwned"
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    text = big.read_text(encoding="utf-8")
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for folder in (home / ".cache" / "qmonth", tmp_path / "xdg" / "qmonth"):
        folder.mkdir(parents=True)
        (folder / f"{key}.pickle").write_bytes(pickle.dumps(_Payload(marker)))
    for xdg in (None, str(tmp_path / "xdg")):
        if xdg:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        result = run("status", "-f", big, "--today", TODAY, "--format", "json")
        assert result.exit_code == 0, result.output
        assert '"id": "u0001"' in result.stdout
    assert not marker.exists()


def test_no_file_of_the_campaign_is_written_outside_its_folder(
    big: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = {name: tmp_path / name for name in ("home", "xdg", "tmp", "cwd")}
    for folder in elsewhere.values():
        folder.mkdir()
    monkeypatch.setenv("HOME", str(elsewhere["home"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(elsewhere["xdg"]))
    monkeypatch.setenv("TMPDIR", str(elsewhere["tmp"]))
    monkeypatch.chdir(elsewhere["cwd"])
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    for args in (("status",), ("remind",), ("check",), ("status", "--format", "csv"), ("done", "u0001", "receipt")):
        result = run(*args, "-f", big, *(("--today", TODAY) if args[0] != "check" else ()))
        assert result.exit_code in (0, 1), (args, result.output)
    for name, folder in elsewhere.items():
        assert list(folder.iterdir()) == [], name
    # in the campaign's folder: the file itself, and the lock (a hidden file, .campaign.toml.lock)
    assert {p.name for p in big.parent.iterdir()} <= {"campaign.toml", ".campaign.toml.lock"}


def test_store_has_no_cache() -> None:
    source = (ROOT / "qmonth" / "core" / "store.py").read_text(encoding="utf-8")
    assert "pickle" not in source and "cache_dir" not in source


# ── rtoml and tomllib give the same data ──────────────────────────────────────


def test_rtoml_and_tomllib_agree_on_the_shipped_and_demo_files() -> None:
    for path in (SHIPPED, DEMO):
        text = path.read_text(encoding="utf-8")
        assert store.parse_toml(text, path) == tomllib.loads(text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=st.integers(1, 40), tasks=st.integers(1, 16), seed=st.integers(0, 10**6))
def test_rtoml_and_tomllib_agree_on_generated_campaigns(units: int, tasks: int, seed: int) -> None:
    text = generate(units=units, tasks=tasks, seed=seed)
    assert rtoml.loads(text) == tomllib.loads(text)
    assert store.parse_toml(text, Path("x.toml")) == tomllib.loads(text)


_KEYS = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=8)
_SCALARS = (
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)
    | st.integers(-(2**63), 2**63 - 1)
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=True)
    | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
    | st.times()
    | st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31))
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_rtoml_and_tomllib_agree_on_any_toml_document(data: dict[str, object]) -> None:
    text = tomli_w.dumps(data)
    assert rtoml.loads(text) == tomllib.loads(text) == data


# ── bounded inputs ────────────────────────────────────────────────────────────


def _qmonth(*args: str | Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The real program, as cron runs it (a hang fails the test instead of the suite)."""
    return subprocess.run(
        [sys.executable, "-m", "qmonth", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "80"},
        stdin=subprocess.DEVNULL,
    )


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "campaign.toml"
    os.mkfifo(fifo)
    for command in ("status", "remind", "check", "done"):
        args = ("u1", "t1") if command == "done" else ()
        result = _qmonth(command, *args, "-f", fifo, "--lang", "en", timeout=10)
        assert result.returncode == 3, result.stderr
        assert f"{fifo} is not a regular file" in result.stderr
        assert "Traceback" not in result.stderr


def test_dev_zero_is_refused_at_once() -> None:
    result = _qmonth("status", "-f", "/dev/zero", timeout=10)
    assert result.returncode == 3
    assert "/dev/zero 不是普通文件" in result.stderr


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "campaign.toml"
    path.write_bytes(SHIPPED.read_bytes())
    monkeypatch.setattr(store, "MAX_BYTES", 1024)
    with pytest.raises(FileError) as caught:
        store.load(path)
    assert caught.value.code == "file_too_big"
    assert store.read_bytes(path, limit=10**6) == SHIPPED.read_bytes()


def test_the_documented_size_limit_is_64_mb() -> None:
    assert store.MAX_BYTES == 64 * 1024 * 1024
    assert "64 MB" in (ROOT / "docs" / "en" / "guide" / "errors.md").read_text(encoding="utf-8")


def _problems(text: str) -> list[object]:
    with pytest.raises(CampaignInvalid) as caught:
        store.parse_toml(text, Path("campaign.toml"))
    return caught.value.problems


def test_deep_nesting_is_a_located_problem() -> None:
    text = 'title = "x"\nlevels = ' + "[" * 10_000 + "]" * 10_000 + "\n"
    [problem] = _problems(text)
    assert problem.code == "toml_too_deep" and problem.line == 2  # type: ignore[attr-defined]
    text = "a = 1\n" + "x = " + "{ a = " * 3_000 + "1" + " }" * 3_000 + "\n"
    [problem] = _problems(text)
    assert problem.code == "toml_too_deep" and problem.line == 2  # type: ignore[attr-defined]


def test_a_huge_integer_is_a_located_problem() -> None:
    [problem] = _problems('title = "x"\n\nwarn_days = ' + "9" * 5_000 + "\n")
    assert problem.code == "toml_number_too_big"  # type: ignore[attr-defined]
    assert problem.line == 3 and problem.key == "warn_days"  # type: ignore[attr-defined]


def test_deep_nesting_and_huge_integers_through_the_cli(shipped: Path, run: Run) -> None:
    text = shipped.read_text(encoding="utf-8")
    for extra, code in (("x = " + "[" * 10_000 + "]" * 10_000, "nested too deep"), ("x = " + "7" * 5_000, "too long")):
        shipped.write_text(extra + "\n" + text, encoding="utf-8")
        result = run("status", "-f", shipped, "--lang", "en", "--today", TODAY)
        assert result.exit_code == 1, result.output
        assert f"{shipped}:1: " in result.stderr and code in result.stderr


def test_load_text_is_the_entry_point_for_text_read_elsewhere() -> None:
    loaded = store.load_text(SHIPPED.read_text(encoding="utf-8"), SHIPPED)
    assert loaded.campaign.units["chikan"].short == "赤坎区"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[campaign]\ntitle = "abc', 2),  # cut inside a string
        ("[campaign]\ntitle = 'x'\nstart", 3),  # cut after a key
        ('[campaign]\nnote = """abc\n\n', 4),  # cut inside a multi-line string
    ],
)
def test_a_truncated_file_gets_a_line_number(text: str, line: int) -> None:
    [problem] = _problems(text)
    assert problem.code == "toml_syntax" and problem.line == line  # type: ignore[attr-defined]
    assert "end of document" not in str(problem.params)  # type: ignore[attr-defined]
