"""Loading: the parse cache for big files (the error paths are in test_bad_input.py)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from qmonth import store
from tests.conftest import SHIPPED


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The shipped campaign, treated as big enough to cache."""
    monkeypatch.setattr(store, "CACHE_MIN_BYTES", 0)
    target = tmp_path / "campaign.toml"
    target.write_bytes(SHIPPED.read_bytes())
    return target


def entries() -> list[Path]:
    folder = store.cache_dir()
    assert folder is not None
    return sorted(folder.glob("*.pickle")) if folder.exists() else []


def test_a_big_file_is_parsed_once_and_then_read_from_the_cache(big: Path) -> None:
    first = store.load(big)
    [entry] = entries()
    assert pickle.loads(entry.read_bytes()) == first.data
    # prove the second load reads the entry: plant different (valid) data under the same key
    planted = dict(first.data, campaign={**first.data["campaign"], "title": "来自缓存"})
    entry.write_bytes(pickle.dumps(planted))
    assert store.load(big).campaign.campaign.title == "来自缓存"


def test_the_cache_is_keyed_by_content_so_an_edit_is_never_missed(big: Path) -> None:
    store.load(big)
    big.write_text(big.read_text(encoding="utf-8").replace('title = "2024年全市', 'title = "2025年全市', 1), encoding="utf-8")
    assert store.load(big).campaign.campaign.title.startswith("2025年全市")
    assert len(entries()) == 2


def test_a_corrupt_entry_is_ignored(big: Path) -> None:
    store.load(big)
    [entry] = entries()
    entry.write_bytes(b"not a pickle")
    assert store.load(big).campaign.campaign.title.startswith("2024年全市")


def test_only_the_newest_entries_are_kept(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "CACHE_KEEP", 2)
    for n in range(4):
        big.write_text(SHIPPED.read_text(encoding="utf-8") + f"\n# edit {n}\n", encoding="utf-8")
        store.load(big)
    assert len(entries()) == 2


def test_the_cache_can_be_turned_off(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMONTH_CACHE", "0")
    store.load(big)
    assert store.cache_dir() is None
    monkeypatch.delenv("QMONTH_CACHE")
    assert entries() == []


def test_small_files_are_not_cached(tmp_path: Path) -> None:
    store.load(SHIPPED)
    assert entries() == []
