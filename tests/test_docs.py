"""The manual (docs/, mkdocs.yml): it builds offline with warnings as errors, and its references,
generated from the code by docs/gen_ref.py, cover every key of the models and every command and option."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click
import pytest

from .conftest import ROOT

DOCS = ROOT / "docs"


def _gen_ref() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_ref", DOCS / "gen_ref.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_ref = _gen_ref()


def manual() -> str:
    """Every hand-written page of the manual, and the README."""
    pages = sorted(DOCS.rglob("*.md"))
    return "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *pages])


def test_the_manual_builds_offline_with_warnings_as_errors(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, check=False, env=env, cwd=ROOT, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = tmp_path / "site"
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "使用说明" in start and 'lang="zh"' in start
    pages = ["reference/campaign/index.html", "en/reference/commands/index.html", "dev/json/index.html", "dev/schemas/index.html"]
    for page in pages:
        assert (site / page).is_file(), page
    # the generated references are in the site, and the repository files the pages link to
    assert "remind_until" in (site / "reference/campaign/index.html").read_text(encoding="utf-8")
    assert (site / "schema/status.schema.json").is_file() and (site / "examples/demo-campaign.toml").is_file()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_key_of_the_models_is_in_the_campaign_reference(lang: str) -> None:
    page = gen_ref.campaign_reference(lang)
    for table, cls in gen_ref._tables():
        title = f"`{table}`" if not table.startswith("(") else ("顶层" if lang == "zh" else "Top level")
        section = next(s for s in page.split("\n## ") if s.startswith(title))
        meanings = gen_ref.meanings(cls)
        for name in cls.model_fields:
            assert meanings[name], f"{cls.__name__}.{name} ({table}) has no meaning: add Field(description=…) or a comment"
            assert re.search(rf"^\| `{name}` \|", section, re.M), f"{table} {name} is not in the {lang} reference"


def test_every_model_of_the_campaign_is_a_table_of_the_reference() -> None:
    """A new sub-model (a new [table]) must be listed in gen_ref._tables, or its keys go undocumented."""
    from pydantic import BaseModel

    from qmonth.core import model

    listed = {cls for _, cls in gen_ref._tables()}
    seen: set[type] = set()
    todo: list[type] = [model.Campaign]
    while todo:
        cls = todo.pop()
        seen.add(cls)
        for field in cls.model_fields.values():  # type: ignore[attr-defined]
            names = re.findall(r"qmonth\.core\.model\w*\.(\w+)", str(field.annotation))  # model.py and model_*.py
            for sub in [*names, getattr(field.annotation, "__name__", "")]:
                found = getattr(model, sub, None)
                if isinstance(found, type) and issubclass(found, BaseModel) and found not in seen:
                    todo.append(found)
    assert seen <= listed, f"models missing from docs/gen_ref.py _tables: {seen - listed}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_command_and_option_is_in_the_command_reference(lang: str) -> None:
    page = gen_ref.command_reference(lang)
    sections = dict(re.findall(r"^## `([^`]+)`\n(.*?)(?=^## `|\Z)", page, re.M | re.S))
    paths = [path for path, _ in gen_ref.commands()]
    assert len(paths) >= 20 and "qmonth status" in paths and "qmonth export xlsx" in paths
    for path, cmd in gen_ref.commands():
        assert path in sections, f"{path} has no entry in the {lang} command reference"
        assert (cmd.help or "").strip(), f"{path} has no help"
        for param in gen_ref.options(cmd, path):
            if isinstance(param, click.Argument):
                continue
            for opt in param.opts:
                assert f"`{opt}`" in sections[path], f"{path} {opt} has no entry in the {lang} command reference"
            help_ = getattr(param, "help", None)
            assert help_, f"{path} {param.opts[0]} has no help"
            if lang == "zh":
                assert any("\u4e00" <= ch <= "\u9fff" for ch in gen_ref._help(help_, "zh")), f"{path} {param.opts[0]}: no Chinese"


def test_every_command_is_described_in_the_manual() -> None:
    """Beyond the generated reference: each command appears in a page someone wrote (sqlite-utils' habit)."""
    text = manual()
    for path, _ in gen_ref.commands():
        if path != "qmonth":
            assert f"{path}" in text, f"the manual does not describe `{path}`"
