"""What `qmonth setup-git` writes: the `.gitattributes` lines and the pre-commit configuration.
Pure: text in, text out (the CLI reads, writes and runs `git config`).

The patterns cover every campaign file: `campaign*.toml` (the shipped name and what `rollover`
writes, `campaign-2025.toml`), the campaign's own name when it is another, and the 催办 log
(`*.log.jsonl`, merged by git's union driver: two branches' appends both kept).
"""

from __future__ import annotations

import fnmatch
import re

HOOK_ID = "qmonth-check"
ROLLED = "campaign*.toml"  # what `rollover` writes (campaign-YEAR.toml), and the usual name
LOG_LINE = "*.log.jsonl merge=union"


def patterns(campaign_name: str | None) -> list[str]:
    """The names of campaign files: `campaign*.toml`, and the campaign's own name if it is another."""
    out = [ROLLED]
    if campaign_name and not fnmatch.fnmatchcase(campaign_name, ROLLED):
        out.append(campaign_name)
    return out


def attribute_lines(names: list[str]) -> list[str]:
    return [*(f"{_escape(n)} merge=qmonth" for n in names), LOG_LINE]


def _escape(name: str) -> str:
    return name.replace(" ", "[ ]")  # a space would end git's pattern


def with_attributes(old: str, names: list[str]) -> tuple[str, list[str]]:
    """`old` .gitattributes with the lines qmonth needs added at the end (those missing only:
    a line with the same pattern and attribute, in any spacing, counts); and the lines added."""
    have = {tuple(line.split()) for line in old.splitlines()}
    added = [line for line in attribute_lines(names) if tuple(line.split()) not in have]
    if not added:
        return old, []
    lead = "" if not old or old.endswith("\n") else "\n"
    return old + lead + "".join(line + "\n" for line in added), added


def hook_files_regex(names: list[str]) -> str:
    """pre-commit's `files` (a regular expression searched in the path) for the names' patterns."""
    parts = [re.escape(n).replace(r"\*", "[^/]*") for n in names]
    body = parts[0] if len(parts) == 1 else "(" + "|".join(parts) + ")"
    return rf"(^|/){body}$"


def hook(entry: str, names: list[str]) -> str:
    """The local hook (language: system runs qmonth as installed: there is no `rev` to pin)."""
    return (
        "  - repo: local\n"
        "    hooks:\n"
        f"      - id: {HOOK_ID}\n"
        "        name: qmonth check\n"
        f"        entry: {entry} check --tracked\n"
        "        language: system\n"
        f"        files: '{hook_files_regex(names)}'\n"
        "        pass_filenames: true\n"
    )


def precommit_config(entry: str, names: list[str]) -> str:
    return "# qmonth check on every commit of a campaign file (written by qmonth setup-git)\nrepos:\n" + hook(entry, names)


def has_hook(config: str) -> bool:
    return re.search(rf"^\s*-?\s*id:\s*['\"]?{HOOK_ID}['\"]?\s*$", config, re.MULTILINE) is not None
