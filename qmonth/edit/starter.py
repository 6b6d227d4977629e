"""The commented starter campaign written by `qmonth init`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w

from qmonth.core.errors import FileError, os_reason

DEFAULT_TIMEZONE = "Asia/Shanghai"


def _sections(year: int) -> list[tuple[str, dict[str, object]]]:
    return [
        (
            '# The campaign. A deadline means "by the end of that day" in this time zone.',
            {
                "campaign": {
                    "title": "质量月活动",
                    "issuer": "",
                    "issued": dt.date(year, 9, 1),
                    "theme": "",
                    "start": dt.date(year, 9, 1),
                    "end": dt.date(year, 9, 30),
                    "timezone": "Asia/Shanghai",
                    "language": "zh",
                    "warn_days": 3,
                    "contact": {"name": "", "office": "", "phone": ""},
                }
            },
        ),
        ("# Kinds of unit; tasks apply to kinds or to unit ids.", {"kinds": {"county": "县（市、区）住建部门"}}),
        (
            "# Extra rest days and make-up working days (调休) not yet known to the built-in calendar.",
            {"calendar": {"holidays": [], "workdays": []}},
        ),
        (
            "# Themes group tasks: one column each in `qmonth status`.",
            {"themes": {"publicity": {"number": "（一）", "title": "主题宣传"}}},
        ),
        (
            "# Tasks: a stable id, a theme, a title, a deadline (none = end of campaign), who it applies to.",
            {
                "tasks": {
                    "receipt": {
                        "theme": "publicity",
                        "title": "报送联络员回执",
                        "deadline": dt.date(year, 9, 10),
                        "applies_to": ["county"],
                    },
                    "summary": {
                        "theme": "publicity",
                        "title": "报送总结材料",
                        "applies_to": ["county"],
                        "evidence": ["总结材料", "照片"],
                    },
                }
            },
        ),
        (
            "# Units. Progress goes under each unit: [units.ID.progress.TASK] done = DATE (qmonth done).",
            {"units": {"example": {"name": "示例单位", "short": "示例", "kind": "county"}}},
        ),
    ]


def campaign_year(today: dt.date) -> int:
    """The September a new campaign is for: this year's until its end (30 September), then next
    year's (a campaign started in November is for the coming Quality Month, not one already over)."""
    return today.year if today <= dt.date(today.year, 9, 30) else today.year + 1


def starter_text(year: int) -> str:
    """A starter campaign for September of `year` (see `campaign_year`)."""
    parts = ["# qmonth campaign file. Check it with `qmonth check`.\n"]
    for comment, data in _sections(year):
        parts.append(comment + "\n" + tomli_w.dumps(data))
    return "\n".join(parts)


def write_starter(path: Path, year: int) -> None:
    """Create `path` atomically; refuse (without touching it) if anything exists there.

    The text goes to a temporary file beside `path`, synced, then hard-linked to `path` (which
    fails if `path` exists): a full disk leaves no truncated campaign. Where hard links are not
    supported, the file is renamed into place after a last check that nothing is there.
    """
    import os
    import tempfile

    if path.exists() or path.is_symlink():
        raise FileError("init_exists", path=path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(starter_text(year).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network or FAT file systems)
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    except FileExistsError:
        raise FileError("init_exists", path=path) from None
    except OSError as exc:
        folder = Path(path).parent
        if not folder.exists():  # the usual cause: say which folder, and how to make it
            raise FileError("init_no_folder", path=path, folder=folder) from None
        raise FileError("file_unwritable", path=path, reason=os_reason(exc)) from None
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
