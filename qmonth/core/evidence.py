"""Evidence references: URLs, or paths relative to the campaign file's folder that stay inside it."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
    # symlinks at the revision (path relative to `folder` → the link's text, as git stores it)
    links: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __fspath__(self) -> str:
        return os.fspath(self.folder)

    def __str__(self) -> str:
        return f"{self.folder} @ {self.rev}"

    def has(self, ref: str) -> bool:
        path = self.real(ref)
        return path is not None and path in self.files

    def real(self, ref: str) -> str | None:
        """The path `ref` reaches at the revision, symlinks followed as on disk (relative to
        `folder`); None when it leaves the folder, or loops."""
        path = posixpath.normpath(ref.replace(os.sep, "/"))
        if not self.links:
            return None if path == ".." or path.startswith(("../", "/")) else path
        folder = self.folder

        def inside(target: str) -> str | None:  # absolute: followed only into this folder, as the disk would
            roots = {os.path.abspath(folder), os.path.realpath(folder)}
            root = next((r for r in roots if _inside(target, r) and target != r), None)
            return None if root is None else "/".join(os.path.relpath(target, root).split(os.sep))

        followed, _ = follow_links(path, self.links.get, inside)
        return None if followed is None else followed or "."


def follow_links(
    path: str, link_of: Callable[[str], str | None], inside: Callable[[str], str | None], max_hops: int = 40
) -> tuple[str | None, str]:
    """`path` (posix, relative) with its symlinks followed as the kernel would: `link_of(prefix)` is
    the link's text or None for a plain entry; `inside(absolute)` maps an absolute target to a
    relative path, or None when it leaves the tree. (the path, "") — or (None, the target that
    left the tree or looped; ".." for a path climbing out)."""
    todo = path.split("/")
    done: list[str] = []
    hops = 0
    while todo:
        part = todo.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not done:
                return None, ".."
            done.pop()
            continue
        target = link_of("/".join([*done, part]))
        if target is None:
            done.append(part)
            continue
        hops += 1
        if hops > max_hops:
            return None, target
        if target.startswith("/"):
            rel = inside(target)
            if rel is None:
                return None, target
            done, todo = [], [*rel.split("/"), *todo]
        else:
            todo = [*target.split("/"), *todo]
    return "/".join(done), ""


Base = Path | Snapshot  # where evidence is looked up


# An explicit kind before the reference: `视频:https://…`, `总结材料：evidence/x.pdf`, `video:clip.mp4`.
_KIND = re.compile(r"^([^\s:：/\\.]{1,20})\s*[:：]\s*(?=\S)")
ASCII_KINDS = frozenset({"photo", "video", "link", "document", "doc", "image"})


def shown(base: Base) -> str:
    """The evidence folder as a message names it: a folder absolutely (never a bare "."), a git
    revision as itself."""
    return os.path.abspath(base) if isinstance(base, Path) else str(base)


def split_kind(ref: str) -> tuple[str, str]:
    """(kind, reference) of an entry with an explicit kind prefix, else ("", entry)."""
    if ":" not in ref and "：" not in ref:  # the common case, cheaply (a national file has 50,000 entries)
        return "", ref
    m = _KIND.match(ref)
    if m and (not m.group(1).isascii() or m.group(1).lower() in ASCII_KINDS):
        return m.group(1), ref[m.end() :]
    return "", ref


def is_url(ref: str) -> bool:
    """A web link (http or https): the only kind of URL evidence may be."""
    return is_web_link(ref) or is_web_link(split_kind(ref)[1])


def is_web_link(ref: str) -> bool:
    """A plain web link, without a kind prefix: the common case, which `bad_form` and `escapes` accept."""
    return _URL.match(ref) is not None


def has_scheme(ref: str) -> bool:
    """file:, ftp:, javascript: ... anything URL-like that is not a web link."""
    return not is_url(ref) and bool(_SCHEME.match(split_kind(ref)[1]))


_DRIVE = re.compile(r"^[A-Za-z]:")


def bad_form(ref: str) -> str | None:
    """Why a reference is refused on every system, whatever this one would make of it: "spaces"
    (around it: " https://…" is no link), "backslash" (`..\\..\\x`, `\\\\host\\share`: the file
    travels to Windows), "drive" (`C:…`); None when its form is fine."""
    if is_web_link(ref):  # most evidence
        return None
    target = split_kind(ref)[1]
    if ref != ref.strip() or target != target.strip():
        return "spaces"
    if is_url(target):
        return None
    if "\\" in target:
        return "backslash"
    if _DRIVE.match(target):
        return "drive"
    return None


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def escapes(ref: str, base: Base) -> bool:
    """True when a reference points outside `base`: absolute elsewhere, up with .., a non-web URL,
    a Windows form (see `bad_form`), or — on disk — a symlink whose real path is outside."""
    if is_web_link(ref):  # most evidence
        return False
    ref = split_kind(ref)[1]
    if is_url(ref):
        return False
    if has_scheme(ref) or bad_form(ref) in ("backslash", "drive"):
        return True
    root = os.path.normpath(os.path.abspath(base))
    target = os.path.normpath(os.path.join(root, ref))
    if not _inside(target, root) or target == root:
        return target != root
    if isinstance(base, Snapshot):  # symlinks as they were at the revision: evidence/x → /etc/passwd leaves
        return base.real(os.path.relpath(target, root)) is None
    try:  # symlinks followed: evidence/x → /etc/passwd leaves the folder
        return not _inside(os.path.realpath(target), os.path.realpath(root))
    except (OSError, ValueError):
        return False


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
