"""Tests for bugs planted by hand that got through the suite (issue 20): each fails when its bug is
planted again (the docstring of each test names the bug)."""

from __future__ import annotations

import itertools
from pathlib import Path

from tests.conftest import SHIPPED, Run


def test_check_of_several_files_exits_with_the_worst_code_in_every_order(run: Run, tmp_path: Path) -> None:
    """Planted: `check A B` exiting with the last file's code (codes[-1] for max(codes))."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[campaign\n", encoding="utf-8")  # refused: exit 1
    missing = tmp_path / "missing.toml"  # unreadable: exit 3
    files = {"ok": SHIPPED, "bad": bad, "missing": missing}
    for order in itertools.permutations(files):
        result = run("check", *(files[name] for name in order))
        assert result.exit_code == 3, (order, result.output)
        assert result.stdout.count("检查通过") == 1, order  # every file is still checked
    for order in itertools.permutations(["ok", "bad"]):
        assert run("check", *(files[name] for name in order)).exit_code == 1, order
    assert run("check", SHIPPED, SHIPPED).exit_code == 0


def test_channel_names_are_checked_as_ids(run: Run, tmp_path: Path) -> None:
    """Planted: `[notify.NAME]` names not checked as ids (the notify section left out of the id
    check): a name with a space or a dot reaches the environment variable names and the log."""
    good = tmp_path / "good.toml"
    good.write_text(SHIPPED.read_text(encoding="utf-8") + '\n[notify.duty-room_2]\nkind = "wecom"\n', encoding="utf-8")
    assert run("check", "-f", good).exit_code == 0, run("check", "-f", good).output
    for name in ('"值班 群"', '"a.b"', '"群"'):
        bad = tmp_path / "bad.toml"
        text = SHIPPED.read_text(encoding="utf-8") + f'\n[notify.{name}]\nkind = "wecom"\n'
        bad.write_text(text, encoding="utf-8")
        result = run("check", "-f", bad, "--lang", "en")
        assert result.exit_code == 1, (name, result.output)
        assert f"(notify.{name.strip(chr(34))})" in result.stderr, result.stderr
        if "." not in name:  # a quoted dotted name is reported without its line (the locator splits at the dot)
            line = text.splitlines().index(f"[notify.{name}]") + 1
            assert f"bad.toml:{line}:" in result.stderr, result.stderr
