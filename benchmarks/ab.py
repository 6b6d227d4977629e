"""A/B start-up timing of `status` and `remind` between two revisions, interleaved run by run.

    .venv/bin/python benchmarks/ab.py REV [--runs 40]      # REV: e.g. the commit before a change

Both revisions run from source with this venv's Python (`python -m qmonth`, the revision's folder on
PYTHONPATH), alternately, so a busy machine slows both alike; the other revision is checked out into
a temporary `git worktree`. Prints min and median wall time per command and the ratio after/before,
and the modules each loads (the office libraries must not appear for status and remind).
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("xlsxwriter", "docx", "icalendar", "lxml", "openpyxl")
SHIPPED = str(ROOT / "campaign.toml")
COMMANDS = {
    "status": ["status", "-f", SHIPPED, "--today", "2024-09-20"],
    "remind": ["remind", "-f", SHIPPED, "--today", "2024-09-20", "--any-day"],
}
# Run outside the repository: `python -m` puts the working folder first on the import path, which
# would make both sides import the working tree's qmonth instead of their own.
WORKDIR = tempfile.gettempdir()


def once(src: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qmonth", *args], cwd=WORKDIR, env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t0) * 1000


def loaded(src: Path, args: list[str]) -> list[str]:
    code = (
        "import runpy, sys; sys.argv = ['qmonth', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('qmonth', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=WORKDIR, env=env, capture_output=True, text=True)
    return ast.literal_eval(out.stderr.strip().splitlines()[-1])  # the list printed above


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("rev", help="the revision to compare with (before)")
    p.add_argument("--runs", type=int, default=40)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(before), args.rev], check=True)
        try:
            print(f"before: {args.rev}   after: the working tree ({ROOT})   runs: {args.runs} each, interleaved")
            for name, argv in COMMANDS.items():
                times: dict[str, list[float]] = {"before": [], "after": []}
                for _ in range(3):  # warm-up (.pyc caches)
                    once(before, argv), once(ROOT, argv)
                for _ in range(args.runs):
                    times["before"].append(once(before, argv))
                    times["after"].append(once(ROOT, argv))
                b, a = times["before"], times["after"]
                print(
                    f"{name:7} before min {min(b):6.1f} ms, median {statistics.median(b):6.1f} ms | "
                    f"after min {min(a):6.1f} ms, median {statistics.median(a):6.1f} ms | "
                    f"after/before min {min(a) / min(b):.2f}, median {statistics.median(a) / statistics.median(b):.2f} | "
                    f"office libraries loaded after: {loaded(ROOT, argv) or 'none'}"
                )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=False)


if __name__ == "__main__":
    main()
