"""qmonth: a Quality Month campaign in one TOML file."""

import sys as _sys

# When run as the `qmonth` program, take over Ctrl-C as early as possible (before the rest of the
# package is imported), so an interrupt at any moment ends quietly with exit 130 (see entry.py).
if _sys.argv and (_sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1] in ("qmonth", "qmonth.exe")):
    from qmonth.entry import _signals as _take_signals

    _take_signals()
