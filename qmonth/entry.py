"""The program's entry point (`qmonth`, `python -m qmonth`): set the process up before anything
else is imported, so that no signal or stream fault ever ends in a traceback.

- Ctrl-C (SIGINT) ends the program at once, quietly, with exit 130. A write in progress is never
  half done: the campaign file is replaced atomically, and a temporary file left behind is
  removed by the next write.
- A closed pipe (`qmonth status | head -1`) ends it as SIGPIPE ends any Unix tool: silently.
- A file-size limit (ulimit -f) makes a write fail with its cause instead of killing the process.
- Output is UTF-8 whatever the locale (LANG=C would otherwise make Python refuse Chinese text).
- A failure to write the output (a full disk, a closed stdout) is one line on stderr and exit 3.
- Python's cyclic garbage collector is off: a run is short, reference counting frees what it
  drops at once, and the collector's passes over a national campaign's million objects (parsed,
  validated, scheduled) were a quarter of `qmonth status` (see docs/dev/performance.md).
- Pydantic's plugin discovery (a scan of every installed package's entry points, on the first
  model built) is skipped: qmonth uses no Pydantic plugin. PYDANTIC_DISABLE_PLUGINS set by the
  user is kept.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys

EXIT_FILE = 3
EXIT_INTERRUPTED = 130


def _interrupted(signum: int, frame: object) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    zh = os.environ.get("QMONTH_LANG", "zh") != "en"
    with contextlib.suppress(OSError):
        os.write(2, ("\n已中断。\n" if zh else "\nInterrupted.\n").encode("utf-8"))
    os._exit(EXIT_INTERRUPTED)


def _signals() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if hasattr(signal, "SIGXFSZ"):  # over a file-size limit, a write fails with EFBIG (exit 3, named)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _utf8_streams() -> None:
    # a closed stdout or stderr (`qmonth remind >&-`): Python leaves None; write nowhere instead
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def _output_failed(exc: OSError) -> int:
    """stdout could not be written at exit: say why on stderr (if it can be), exit 3."""
    zh = os.environ.get("QMONTH_LANG", "zh") != "en"
    reason = exc.strerror or type(exc).__name__
    with contextlib.suppress(OSError):
        os.write(2, (f"读写失败：{reason}。\n" if zh else f"Input/output failed: {reason}.\n").encode("utf-8"))
    return EXIT_FILE


def main() -> None:
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _signals()
    _utf8_streams()
    from qmonth.cli import main as cli_main

    code: int | str | None = 0
    try:
        cli_main()
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()
    except OSError as exc:
        code = code or _output_failed(exc)
    # nothing left to flush at shutdown (which would print "Exception ignored ...")
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(code)


if __name__ == "__main__":
    main()
