"""Evidence files that exist on disk but that git does not track (neither committed nor staged).

Such a file passes every check on the machine where it was recorded, and is missing from the next
clone. Asked of git once for the whole campaign; outside a git work tree (or without git) nothing
is reported.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from qmonth.core import evidence
from qmonth.core.errors import Problem
from qmonth.core.model import Campaign


def _tracked(base: Path, paths: list[str]) -> set[str] | None:
    """Which of `paths` (relative to `base`) git tracks; None when `base` is not in a git work tree."""
    try:
        inside = subprocess.run(
            ["git", "-C", str(base), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True, check=False
        )
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return None
        listed = subprocess.run(["git", "-C", str(base), "ls-files", "-z", "--", *paths], capture_output=True, check=False)
    except OSError:  # git is not installed
        return None
    if listed.returncode != 0:
        return None
    return {os.path.normpath(p) for p in listed.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def untracked_evidence(c: Campaign, base: Path, warning: bool = False) -> list[Problem]:
    refs: list[tuple[str, str]] = []  # (key, path)
    for uid, unit in c.units.items():
        for tid, rec in unit.progress.items():
            for i, ref in enumerate(rec.evidence):
                if not evidence.is_url(ref) and not evidence.escapes(ref, base) and not evidence.missing(ref, base):
                    refs.append((f"units.{uid}.progress.{tid}.evidence.{i}", evidence.split_kind(ref)[1]))
    if not refs:
        return []
    tracked = _tracked(base, sorted({os.path.normpath(ref) for _, ref in refs}))
    if tracked is None:
        return []
    return [
        Problem("evidence_untracked", key, params={"path": ref}, warning=warning)
        for key, ref in refs
        if os.path.normpath(ref) not in tracked and not (base / ref).is_dir()
    ]
