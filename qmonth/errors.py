"""Error classes and their exit codes. The CLI maps them to a message in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

# Exit codes (documented in the README).
EXIT_OK = 0
EXIT_INVALID = 1  # the campaign file has problems (check, or any command refusing it)
EXIT_USAGE = 2  # bad option or argument: unknown unit/task, bad date, ...
EXIT_FILE = 3  # the campaign file is missing, unreadable, or cannot be written
EXIT_CONFLICT = 4  # a write could not be done safely (lock timeout, file in use)
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report it


@dataclass(frozen=True)
class Problem:
    """One located problem in a campaign file.

    `key` is the dotted key path (e.g. "units.chikan.kind"), `line` the 1-based line when known.
    `code` names an i18n message; `params` fill it.
    """

    code: str
    key: str = ""
    line: int | None = None
    params: dict[str, object] = field(default_factory=dict)
    warning: bool = False


class QmonthError(Exception):
    """Base class: carries an i18n message code, its parameters and an exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class UsageError(QmonthError):
    exit_code = EXIT_USAGE


class FileError(QmonthError):
    exit_code = EXIT_FILE


class ConflictError(QmonthError):
    exit_code = EXIT_CONFLICT


class CampaignInvalid(QmonthError):
    """The file was read but has problems; all of them are listed at once."""

    exit_code = EXIT_INVALID

    def __init__(self, path: str, problems: list[Problem]) -> None:
        super().__init__("invalid_file", path=path, count=len(problems))
        self.path = path
        self.problems = problems
