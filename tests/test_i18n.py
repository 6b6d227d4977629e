"""The messages: one area module each, merged into qmonth.i18n.MESSAGES; every code in every language, once."""

from __future__ import annotations

import ast
import collections
import importlib
import string
from pathlib import Path

import pytest

from qmonth.i18n import AREAS, LANGS, MESSAGES, t

I18N = Path(__file__).resolve().parent.parent / "qmonth" / "i18n"
AREA_FILES = sorted(p for p in I18N.glob("*.py") if p.name != "__init__.py")


def test_every_area_module_is_merged() -> None:
    assert {p.stem for p in AREA_FILES} == set(AREAS)
    for name, messages in AREAS.items():
        assert importlib.import_module(f"qmonth.i18n.{name}").MESSAGES is messages
    merged = {code: pair for messages in AREAS.values() for code, pair in messages.items()}
    assert merged == MESSAGES


def test_no_code_is_defined_in_two_areas() -> None:
    where = collections.defaultdict(list)
    for name, messages in AREAS.items():
        for code in messages:
            where[code].append(name)
    twice = {code: names for code, names in where.items() if len(names) > 1}
    assert not twice, f"defined in more than one area (the later one silently wins): {twice}"
    assert len(MESSAGES) == sum(len(messages) for messages in AREAS.values())


@pytest.mark.parametrize("path", AREA_FILES, ids=lambda p: p.name)
def test_no_code_is_written_twice_in_one_module(path: Path) -> None:
    """A dict literal takes a repeated key without a word (the last one wins): read the source."""
    keys = collections.Counter(
        key.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    )
    assert not [code for code, n in keys.items() if n > 1]


def test_every_code_has_every_language() -> None:
    missing = [
        code
        for code, pair in MESSAGES.items()
        if not isinstance(pair, tuple) or len(pair) != len(LANGS) or not all(isinstance(s, str) and s for s in pair)
    ]
    assert not missing, f"lacking a language (or empty): {missing}"


def _params(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_language_takes_the_same_params() -> None:
    differ = [code for code, pair in MESSAGES.items() if len({frozenset(_params(s)) for s in pair}) > 1]
    assert not differ, f"the languages take different {{params}}: {differ}"


def test_t_picks_the_language_fills_params_and_falls_back() -> None:
    assert t("file_not_found", "en", path="x.toml").startswith("Campaign file not found: x.toml.")
    assert t("file_not_found", path="x.toml").startswith("找不到活动文件 x.toml。")
    assert t("file_not_found", "en") == MESSAGES["file_not_found"][1]  # a param missing: the template as it is
    assert t("no_such_code", "en") == "no_such_code"
    assert t("no_such_code", "en", n=1) == "no_such_code {'n': 1}"
