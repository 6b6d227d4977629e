"""Evidence references: URLs, or paths relative to the campaign file's folder that stay inside it."""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


@dataclass(frozen=True)
class Snapshot:
    """A campaign file's folder as it was at a git revision (`--at`): evidence paths are looked up
    among the files of that revision. Path arithmetic (what leaves the folder) uses `folder`."""

    folder: Path
    files: frozenset[str]  # files and folders at the revision, posix paths relative to `folder`
    rev: str

    def __fspath__(self) -> str:
        return os.fspath(self.folder)

    def __str__(self) -> str:
        return f"{self.folder} @ {self.rev}"

    def has(self, ref: str) -> bool:
        return posixpath.normpath(ref.replace(os.sep, "/")) in self.files


Base = Path | Snapshot  # where evidence is looked up


# An explicit kind before the reference: `视频:https://…`, `总结材料：evidence/x.pdf`, `video:clip.mp4`.
_KIND = re.compile(r"^([^\s:：/\\.]{1,20})\s*[:：]\s*(?=\S)")
ASCII_KINDS = frozenset({"photo", "video", "link", "document", "doc", "image"})


def split_kind(ref: str) -> tuple[str, str]:
    """(kind, reference) of an entry with an explicit kind prefix, else ("", entry)."""
    m = _KIND.match(ref)
    if m and (not m.group(1).isascii() or m.group(1).lower() in ASCII_KINDS):
        return m.group(1), ref[m.end() :]
    return "", ref


def is_url(ref: str) -> bool:
    """A web link (http or https): the only kind of URL evidence may be."""
    return bool(_URL.match(split_kind(ref)[1]))


def has_scheme(ref: str) -> bool:
    """file:, ftp:, javascript: ... anything URL-like that is not a web link."""
    return not is_url(ref) and bool(_SCHEME.match(split_kind(ref)[1]))


def escapes(ref: str, base: Base) -> bool:
    """True when a reference points outside `base`: absolute elsewhere, up with .., or a non-web URL."""
    ref = split_kind(ref)[1]
    if is_url(ref):
        return False
    if has_scheme(ref):
        return True
    root = os.path.normpath(os.path.abspath(base))
    target = os.path.normpath(os.path.join(root, ref))
    return target != root and not target.startswith(root + os.sep)


def missing(ref: str, base: Base) -> bool:
    """True when a path reference (not a URL) names no existing file under `base`."""
    ref = split_kind(ref)[1]
    if is_url(ref) or escapes(ref, base):
        return False
    if isinstance(base, Snapshot):
        return not base.has(ref)
    try:
        return not (base / ref).exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte, ...
        return True
