"""The campaign file speaks the campaign's language: the comments of the shipped campaign.toml, of
the demo and of `qmonth init`'s starter are Chinese (English with `init --lang en`), and the starter's
placeholders say 待确认. A comment may name keys, ids, commands and files (ASCII, written as the file
and the command line take them); any other ASCII word of four letters or more is English prose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qmonth.core import model

from .conftest import DEMO, SHIPPED, Run

# words a Chinese comment may hold besides the file's own keys and ids
NAMES = {"qmonth", "toml", "chinese", "calendar", "git", "init", "check", "done", "undo", "waive", "receipt",
         "rollover", "status", "remind", "set", "text", "mobile", "landline", "phone", "email", "date", "choice",
         "examples", "evidence", "true", "false"}


def _keys() -> set[str]:
    names: set[str] = set()
    for cls in vars(model).values():
        if isinstance(cls, type) and issubclass(cls, model.BaseModel) and cls.__module__ == model.__name__:
            names |= set(cls.model_fields)
    return names


def comments(text: str) -> list[tuple[int, str]]:
    """(line number, comment) for every TOML comment: a line's text after a `#` outside a string."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        quote = ""
        for n, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                found.append((number, line[n + 1 :]))
                break
    return found


def english(comment: str, allowed: set[str]) -> list[str]:
    """The words of `comment` that are English prose: not in backticks or quotes, not a path, a key or an id."""
    bare = re.sub(r"`[^`]*`|\"[^\"]*\"|'[^']*'", " ", comment)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_./-]*", bare)
    prose = []
    for word in words:
        if "/" in word or (re.search(r"\.\w+$", word) and not word.endswith(".")):
            continue  # a path or a file name
        parts = [p for p in re.split(r"[.-]", word) if p]
        if all(len(p) < 4 or p.lower() in allowed for p in parts):
            continue
        prose.append(word)
    return prose


def _allowed(text: str) -> set[str]:
    ids = set(re.findall(r"^\s*\[+[a-z_]+\.([A-Za-z0-9_-]+)", text, re.M))
    ids |= {p for i in set(ids) for p in re.split(r"-", i)}
    ids |= set(re.findall(r"^([a-z][a-z_]*)\s*=", text, re.M))
    return {w.lower() for w in _keys() | ids | NAMES}


def assert_chinese_comments(text: str, where: str) -> None:
    allowed = _allowed(text)
    found = [(n, c) for n, c in comments(text) if english(c, allowed)]
    assert not found, f"{where}: English comments: " + "; ".join(f"line {n}: {c.strip()}" for n, c in found[:10])


@pytest.mark.parametrize("path", [SHIPPED, DEMO], ids=["campaign.toml", "demo"])
def test_the_shipped_files_comment_in_chinese(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(comments(text)) > 40
    assert_chinese_comments(text, path.name)
    assert "TO BE CONFIRMED" not in text and "待确认" in SHIPPED.read_text(encoding="utf-8")


def test_the_check_finds_an_english_comment() -> None:
    text = SHIPPED.read_text(encoding="utf-8") + "\n# Warn this many working days before a deadline\n"
    with pytest.raises(AssertionError, match="Warn this many"):
        assert_chinese_comments(text, "x")
    assert not english(" applies_to 写单位类别；`qmonth receipt 赤坎` 见 examples/demo-campaign.toml", _allowed(text))


def test_init_writes_chinese_comments_and_placeholders(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "c.toml"
    assert run("init", target, "--today", "2026-08-01").exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert_chinese_comments(text, "init")
    assert 'issuer = "待确认"' in text and 'language = "zh"' in text
    assert run("check", "-f", target).exit_code == 0


def test_init_in_english_writes_english(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "c.toml"
    assert run("init", target, "--today", "2026-08-01", "--lang", "en").exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# qmonth campaign file.") and 'issuer = "to be confirmed"' in text
    prose = "".join(c for _, c in comments(text)).replace("调休", "")
    assert 'language = "en"' in text and not re.search(r"[\u4e00-\u9fff]{2}", prose)
    assert run("check", "-f", target).exit_code == 0
