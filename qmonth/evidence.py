"""Evidence references: URLs, or paths relative to the campaign file's folder that stay inside it."""

from __future__ import annotations

import os
import re
from pathlib import Path

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")


def is_url(ref: str) -> bool:
    return bool(_URL.match(ref))


def escapes(ref: str, base: Path) -> bool:
    """True when a path reference points outside `base` (absolute elsewhere, or up with ..)."""
    if is_url(ref):
        return False
    root = os.path.normpath(os.path.abspath(base))
    target = os.path.normpath(os.path.join(root, ref))
    return target != root and not target.startswith(root + os.sep)


def missing(ref: str, base: Path) -> bool:
    """True when a path reference (not a URL) names no existing file under `base`."""
    if is_url(ref) or escapes(ref, base):
        return False
    try:
        return not (base / ref).exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte, ...
        return True
