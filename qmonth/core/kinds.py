"""Kinds of evidence a task asks for (照片, 视频, 总结材料, 链接 …) against what was recorded.

A task's `evidence` names kinds in free text, as the notice does. Each is read as one of four
categories — photo, video, link, document — by the words in it (照片/图片, 视频/录像, 链接/网址,
anything else a document). What was recorded counts by its form: a web address is a link, a file
by its extension; an explicit `kind:` prefix (`视频:https://…`, `总结材料：evidence/x.pdf`) says what
it is outright. Pure: no file is opened.
"""

from __future__ import annotations

from qmonth.core.evidence import is_url, split_kind

PHOTO, VIDEO, LINK, DOCUMENT = "photo", "video", "link", "document"

_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (VIDEO, ("视频", "录像", "影像", "video")),
    (PHOTO, ("照片", "图片", "相片", "photo", "image", "picture")),
    (LINK, ("链接", "网址", "网页", "报道", "link", "url")),
]
_EXTENSIONS: dict[str, str] = {
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff"), PHOTO),
    **dict.fromkeys(("mp4", "mov", "avi", "mkv", "wmv", "flv", "m4v", "3gp", "webm", "mpg", "mpeg"), VIDEO),
    **dict.fromkeys(
        (
            "pdf",
            "doc",
            "docx",
            "wps",
            "ofd",
            "odt",
            "rtf",
            "txt",
            "md",
            "xls",
            "xlsx",
            "et",
            "ods",
            "csv",
            "ppt",
            "pptx",
            "zip",
            "rar",
            "7z",
        ),
        DOCUMENT,
    ),
}


def category(kind: str) -> str:
    """What a kind named in a task (or a `kind:` prefix) is: photo, video, link or document."""
    low = kind.lower()
    for cat, words in _WORDS:
        if any(w in low for w in words):
            return cat
    return DOCUMENT


def recorded_as(ref: str) -> tuple[str, str | None]:
    """(explicit kind or "", category or None when the form says nothing) of one evidence entry."""
    kind, target = split_kind(ref)
    if kind:
        return kind, category(kind)
    if is_url(target):
        return "", LINK
    name = target.replace("\\", "/").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return "", _EXTENSIONS.get(ext)


def lacking(required: list[str], refs: list[str] | tuple[str, ...]) -> list[str]:
    """The required kinds that nothing recorded provides, in the task's order."""
    seen = [recorded_as(r) for r in refs]
    named = {k for k, _ in seen if k}
    cats = {c for _, c in seen if c}
    return [k for k in required if k not in named and category(k) not in cats]
