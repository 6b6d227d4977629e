"""The commented starter campaign written by `qmonth init`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w

from qmonth.core.errors import FileError, os_reason
from qmonth.i18n import Lang, t

DEFAULT_TIMEZONE = "Asia/Shanghai"


def _sections(year: int, lang: Lang) -> list[tuple[str, dict[str, object]]]:
    """The starter's tables, each with its comment, in `lang`: Chinese comments and 待确认 where the
    notice must be read, English with --lang en (a campaign whose `language` is then "en")."""

    def m(code: str) -> str:
        return t(code, lang)

    tbc = m("starter_tbc")
    return [
        (
            m("starter_campaign"),
            {
                "campaign": {
                    "title": m("starter_title"),
                    "issuer": tbc,
                    "issued": dt.date(year, 9, 1),
                    "theme": tbc,
                    "start": dt.date(year, 9, 1),
                    "end": dt.date(year, 9, 30),
                    "timezone": "Asia/Shanghai",
                    "language": lang,
                    "warn_days": 3,
                    "contact": {"name": tbc, "office": "", "phone": ""},
                }
            },
        ),
        (m("starter_kinds"), {"kinds": {"county": m("starter_kind_county")}}),
        (m("starter_calendar"), {"calendar": {"holidays": [], "workdays": []}}),
        (m("starter_themes"), {"themes": {"publicity": {"number": "（一）", "title": m("starter_theme_publicity")}}}),
        (
            m("starter_tasks"),
            {
                "tasks": {
                    "receipt": {
                        "theme": "publicity",
                        "title": m("starter_task_receipt"),
                        "deadline": dt.date(year, 9, 10),
                        "applies_to": ["county"],
                    },
                    "summary": {
                        "theme": "publicity",
                        "title": m("starter_task_summary"),
                        "applies_to": ["county"],
                        "evidence": [m("starter_evidence_summary"), m("starter_evidence_photo")],
                    },
                }
            },
        ),
        (
            m("starter_units"),
            {"units": {"example": {"name": m("starter_unit_name"), "short": m("starter_unit_short"), "kind": "county"}}},
        ),
    ]


def campaign_year(today: dt.date) -> int:
    """The September a new campaign is for: this year's until its end (30 September), then next
    year's (a campaign started in November is for the coming Quality Month, not one already over)."""
    return today.year if today <= dt.date(today.year, 9, 30) else today.year + 1


def starter_text(year: int, lang: Lang = "zh") -> str:
    """A starter campaign for September of `year` (see `campaign_year`), its comments in `lang`."""
    parts = [t("starter_head", lang) + "\n"]
    for comment, data in _sections(year, lang):
        parts.append(comment + "\n" + tomli_w.dumps(data))
    return "\n".join(parts)


def write_starter(path: Path, year: int, lang: Lang = "zh") -> None:
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
            fh.write(starter_text(year, lang).encode("utf-8"))
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
