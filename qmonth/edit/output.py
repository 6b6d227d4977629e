"""Where a command's own output (`-o`) may go: one check shared by `export xlsx|ics`, `report` and
`rollover`.

Refused, before anything is computed or written (FileError, exit 3, with the path and what it is):
the campaign file itself, its 催办 log, any evidence file it references (by path, through a symlink
or a hard link alike), and any existing path that is not a regular file — a device (/dev/null), a
symlink to one, a folder, a FIFO, a socket. `-` is standard output and is never refused. The
writes themselves are atomic (qmonth/edit/write.py): a temporary file in the same folder, renamed
into place, nothing left behind on failure.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def evidence_files(campaign: Any, base: Any) -> list[Path]:
    """The files the units' evidence references name, resolved against the campaign's folder (URLs
    are not files; a task's `evidence` lists kinds of evidence, not files)."""
    from qmonth.core import evidence

    if not isinstance(base, Path):  # --at: a git revision's folder; its evidence is in git, not here
        base = Path(os.fspath(base))
    refs = [ref for unit in campaign.units.values() for rec in unit.progress.values() for ref in rec.evidence]
    out = []
    for ref in refs:
        ref = evidence.split_kind(ref)[1]
        if ref and not evidence.is_url(ref) and not evidence.has_scheme(ref):
            out.append(base / ref)
    return out


def _same(a: Path, a_info: os.stat_result | None, b: Path) -> bool:
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        return a_info is not None and os.path.samestat(a_info, os.stat(b))  # a hard link, another path
    except (OSError, ValueError):
        return False


def refuse_output(target: Path, campaign: Path | None, log: Path | None, evidence: Iterable[Path] = ()) -> None:
    """Raise FileError when `target` must not be written (see the module's docstring)."""
    from qmonth.core.errors import FileError

    if str(target) == "-":
        return
    try:
        info: os.stat_result | None = os.stat(target)  # through a symlink: what would be replaced
    except FileNotFoundError:
        info = None  # nothing there (or a dangling symlink): still compared by real path below
    except (OSError, ValueError):
        info = None
    if info is None and os.path.lexists(target) and not os.path.islink(target):
        raise FileError("output_not_regular", path=target)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise FileError("output_not_regular", path=target)
    if campaign is not None and _same(target, info, campaign):
        raise FileError("output_is_campaign", path=target)
    if log is not None and _same(target, info, log):
        raise FileError("output_is_log", path=target)
    for ref in evidence:
        if _same(target, info, ref):
            raise FileError("output_is_evidence", path=target)
