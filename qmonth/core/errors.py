"""Error classes and their exit codes. The CLI maps them to a message in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

# Exit codes (documented in the manual, docs/en/guide/errors.md).
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


# What an operating-system error means for the user, and what to do: (Chinese, English).
# The English keeps the system's own words first (what people search for), then the advice.
_OS_REASONS: dict[str, tuple[str, str]] = {
    "ENOENT": (
        "文件或所在文件夹不存在，请检查路径（写入新文件时请先创建文件夹）",
        "No such file or directory (check the path; create the folder first)",
    ),
    "EACCES": ("没有权限，请检查文件和所在文件夹的权限", "Permission denied (check the permissions of the file and its folder)"),
    "EPERM": (
        "不允许此操作，请检查文件和所在文件夹的权限",
        "Operation not permitted (check the permissions of the file and its folder)",
    ),
    "EISDIR": ("这是一个文件夹，请给出文件名", "Is a directory (give a file name)"),
    "ENOTDIR": ("路径中有一部分不是文件夹，请检查路径", "Not a directory (a part of the path is a file; check the path)"),
    "ENOSPC": ("磁盘空间已满，请腾出空间后重试", "No space left on device (free some space and try again)"),
    "EDQUOT": ("超出磁盘配额，请腾出空间后重试", "Disk quota exceeded (free some space and try again)"),
    "EROFS": ("文件系统是只读的，请换一个可写的位置", "Read-only file system (choose a writable place)"),
    "EEXIST": ("文件已存在", "File exists"),
    "EFBIG": ("文件超过了系统允许的大小", "File too large (over the system's size limit)"),
    "EIO": (
        "磁盘或网络存储读写出错，请稍后重试或检查设备",
        "Input/output error (check the disk or network storage and try again)",
    ),
    "ENAMETOOLONG": ("文件名太长，请换一个短一些的名称", "File name too long (choose a shorter name)"),
    "EBUSY": ("文件正被其他程序占用，请关闭后重试", "Device or resource busy (close the other program and try again)"),
    "ETXTBSY": ("文件正被其他程序占用，请关闭后重试", "Text file busy (close the other program and try again)"),
    "ELOOP": ("符号链接层数过多（可能是循环链接）", "Too many levels of symbolic links (a link loop?)"),
    "EMFILE": ("打开的文件太多，请稍后重试", "Too many open files (try again later)"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """An OSError's cause in words, (Chinese, English), saying what to do; never a Python repr.

    The CLI picks one by language (a tuple parameter of a message)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    text = exc.strerror or type(exc).__name__
    return (text, text)
