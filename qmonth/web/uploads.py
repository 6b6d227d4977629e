"""Evidence uploads: a multipart body parsed as it streams in, each file written to disk as it
arrives with its size limit enforced while streaming, its type decided by its first bytes (never
by its name or the browser's word), and stored under a name we make.

A file's name is only checked: one carrying a path (`../x`, `a/b.jpg`, `C:\\x`) is refused — a
browser sends a bare name, so a path is a forged request. The stored name is
`<day>-<task>-<8 random hex>.<ext from the content>` in `evidence/<unit id>/`.

The CSRF field must come before the first file (the page's form puts it first): no byte of a
forged upload is written.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qmonth.core.kinds import PHOTO, VIDEO

DOCUMENT = "document"
SNIFF_BYTES = 64
MAX_FIELD_BYTES = 20_000  # a text field (the note, the date, a form value)
MAX_FIELDS = 60

_HEIF = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
_MP4 = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VH",
    b"dash",
    b"mmp4",
    b"MSNV",
    b"f4v ",
}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(extension, category) of a file from its first bytes, or None: not a photo, video, PDF or Word file.
    A ZIP is "zip" here: `finish` looks inside for Word's document."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg", PHOTO
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", PHOTO
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif", PHOTO
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", PHOTO
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF:
            return "heic", PHOTO
        if brand == b"qt  ":
            return "mov", VIDEO
        if brand.startswith(b"3gp") or brand.startswith(b"3g2"):
            return "3gp", VIDEO
        if brand in _MP4:
            return "mp4", VIDEO
        return None
    if head[:4] == b"\x1aE\xdf\xa3":
        return "webm", VIDEO
    if head.startswith(b"%PDF-"):
        return "pdf", DOCUMENT
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc", DOCUMENT
    if head.startswith(b"PK\x03\x04"):
        return "zip", DOCUMENT
    return None


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * 1024 * 1024  # a photo or a document
    video_bytes: int = 200 * 1024 * 1024
    files: int = 9  # per report


class Refused(Exception):
    """An upload refused: `code` names the message (qmonth/i18n/web.py), `params` fill it."""

    def __init__(self, code: str, status: int = 400, **params: object) -> None:
        super().__init__(code)
        self.code, self.status, self.params = code, status, params


@dataclass
class Stored:
    name: str  # the file's name in the unit's folder
    category: str
    size: int
    given: str  # the name the browser sent (shown, never used as a path)


@dataclass
class Received:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[Stored] = field(default_factory=list)


_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def has_path(name: str) -> bool:
    return "/" in name or "\\" in name or name in (".", "..") or "\0" in name or ":" in name[:3]


class Receiver:
    """Feed it the body's chunks; it writes files into `folder` as they come."""

    def __init__(
        self, boundary: bytes, folder: Path, limits: Limits, prefix: str, csrf_ok: Callable[[dict[str, str]], bool]
    ) -> None:
        from python_multipart.multipart import MultipartParser

        self.folder, self.limits, self.prefix, self.csrf_ok = folder, limits, _SAFE.sub("-", prefix)[:60], csrf_ok
        self.got = Received()
        self._temps: list[str] = []
        self._headers: dict[bytes, bytes] = {}
        self._hname = b""
        self._hvalue = b""
        self._part: dict[str, object] = {}
        callbacks = {
            "on_part_begin": self._begin,
            "on_header_field": lambda d, s, e: self._add("_hname", d[s:e]),
            "on_header_value": lambda d, s, e: self._add("_hvalue", d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }
        self.parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]

    def _add(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)

    def _begin(self) -> None:
        self._headers, self._part = {}, {}

    def _header_end(self) -> None:
        self._headers[self._hname.lower()] = self._hvalue
        self._hname = self._hvalue = b""

    def _headers_done(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in params:
            if len(self.got.fields) >= MAX_FIELDS:
                raise Refused("upload_too_many_fields")
            self._part = {"field": name, "value": b""}
            return
        given = params[b"filename"].decode("utf-8", "replace")
        if not self.csrf_ok(self.got.fields):
            raise Refused("csrf_refused", status=403)
        if has_path(given):
            raise Refused("upload_path_in_name", name=given)
        self._part = {"file": given, "head": b"", "size": 0, "fh": None, "tmp": "", "kind": None}

    def _data(self, data: bytes, start: int, end: int) -> None:
        part, chunk = self._part, data[start:end]
        if "field" in part:
            value = part["value"] + chunk  # type: ignore[operator]
            if len(value) > MAX_FIELD_BYTES:
                raise Refused("upload_field_too_long", field=part["field"])
            part["value"] = value
            return
        if not chunk:
            return
        part["size"] = int(part["size"]) + len(chunk)  # type: ignore[call-overload]
        if part["fh"] is None:
            part["head"] = bytes(part["head"]) + chunk  # type: ignore[call-overload]
            if len(part["head"]) < SNIFF_BYTES:  # type: ignore[arg-type]
                return
            self._open(part)
        else:
            part["fh"].write(chunk)  # type: ignore[attr-defined]
        self._check_size(part)

    def _open(self, part: dict[str, object]) -> None:
        kind = sniff(bytes(part["head"]))  # type: ignore[call-overload]
        if kind is None:
            raise Refused("upload_wrong_type", name=part["file"])
        if len(self.got.files) >= self.limits.files:
            raise Refused("upload_too_many", count=self.limits.files)
        part["kind"] = kind
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=self.folder)
        self._temps.append(tmp)
        part["tmp"] = tmp
        fh = os.fdopen(fd, "wb")
        fh.write(bytes(part["head"]))  # type: ignore[call-overload]
        part["fh"] = fh

    def _check_size(self, part: dict[str, object]) -> None:
        kind = part["kind"]
        video = kind is not None and kind[1] == VIDEO  # type: ignore[index]
        limit = self.limits.video_bytes if video else self.limits.file_bytes
        if int(part["size"]) > limit:  # type: ignore[call-overload]
            raise Refused("upload_too_large", status=413, name=part["file"], mb=_mb(limit))

    def _end(self) -> None:
        part = self._part
        if "field" in part:
            self.got.fields[str(part["field"])] = bytes(part["value"]).decode("utf-8", "replace")  # type: ignore[call-overload]
            return
        if "file" not in part:
            return
        if part["fh"] is None:
            if not part["size"]:
                return  # no file chosen: an empty part
            self._open(part)
        part["fh"].close()  # type: ignore[attr-defined]
        kind: tuple[str, str] = part["kind"]  # type: ignore[assignment]
        ext, category = kind
        tmp = str(part["tmp"])
        if ext == "zip":
            if not _is_docx(tmp):
                raise Refused("upload_wrong_type", name=part["file"])
            ext = "docx"
        name = f"{self.prefix}-{secrets.token_hex(4)}.{ext}"
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.folder / name)
        self._temps.remove(tmp)
        self.got.files.append(Stored(name, category, int(part["size"]), str(part["file"])))  # type: ignore[call-overload]

    def feed(self, chunk: bytes) -> None:
        self.parser.write(chunk)

    def finish(self) -> Received:
        self.parser.finalize()
        return self.got

    def discard(self) -> None:
        """Remove everything this request wrote (a refused upload leaves nothing behind)."""
        fh = self._part.get("fh")
        if fh is not None:
            with contextlib.suppress(OSError):
                fh.close()  # type: ignore[attr-defined]
        for tmp in self._temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for f in self.got.files:
            with contextlib.suppress(OSError):
                os.unlink(self.folder / f.name)
        self.got.files.clear()


def _is_docx(path: str) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g}"
