"""Time qmonth as whole processes, the way a user or cron meets it, and check the issue's targets.

    .venv/bin/python benchmarks/run.py                  # everything, 10 runs each
    .venv/bin/python benchmarks/run.py --only national --runs 5
    .venv/bin/python benchmarks/run.py --engine loop    # without hyperfine

Rows: the baseline `python -c "import typer, rich.table, pydantic"`, then `qmonth status`,
`qmonth remind --any-day` and `qmonth check` on the shipped campaign.toml, on the generated
province file (150 units) and on the generated national file (3,000 units × 12 tasks), all with
`--today 2024-09-20` where the command takes it. Once `qmonth done` exists, a write row is added:
`qmonth done u0001 TASK -f COPY --on 2024-09-20` on a fresh copy of national.toml each run.

Timing: hyperfine when installed (`--shell=none`, so no shell start-up is counted), else a loop
here (spawn → wait4, wall clock). Peak memory ("Maximum resident set size" of `/usr/bin/time -v`)
is measured here, the largest over 3 untimed probe runs: with `/usr/bin/time -f %M` when present,
else from the child's own ru_maxrss (os.wait4) over the probe and loop runs. Linux carries the
parent's high-water mark into a vfork+exec child's ru_maxrss, so this process stays small: the
files are generated in a subprocess, never in here.

A second floor, `floor-parse`, is `python -c "import typer, rich.table, pydantic, tomllib;
tomllib.load(open(FILE, 'rb'))"` on the national file: importing the stack and merely parsing the
file with the standard library. There is no cache of any kind (issue 8), so every run is cold.

Targets (ratios within one run, on a 2-core machine):
  * shipped campaign: `status` and `remind` median ≤ 1.6 × the bare import floor (`baseline`), a
    TAB completion of a unit name (`complete`: `qmonth done -f campaign.toml 赤<TAB>`) ≤ 1.0 ×;
  * national (3,000 units): `status` median ≤ 1.0 × floor-parse, `done` median ≤ 1.0 × floor-parse;
  * national: `status` median < 1.0 s and peak RSS < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"  # as generate.OUT; generate.py is run as a subprocess (see the docstring)
GENERATE = HERE / "generate.py"
GNU_TIME = "/usr/bin/time"

TODAY = "2024-09-20"
SHIPPED = ROOT / "campaign.toml"
BASELINE_CODE = "import typer, rich.table, pydantic"
DATASETS = ("shipped", "province", "national")

RATIO_TARGET = 1.6  # shipped status/remind over the bare import floor
PARSE_RATIO_TARGET = 1.0  # national status/done over floor-parse
COMPLETE_RATIO_TARGET = 1.0  # a TAB completion of a unit name (shipped) over the bare import floor
FLOOR_PARSE_CODE = "import sys, typer, rich.table, pydantic, tomllib; tomllib.load(open(sys.argv[1], 'rb'))"
NATIONAL_MS_TARGET = 1000.0
NATIONAL_MB_TARGET = 300.0


@dataclass
class Bench:
    command: str  # label: baseline, status, remind, check, done
    dataset: str  # shipped, province, national, or "—" for the baseline
    argv: list[str]
    prepare: list[str] | None = None  # run before every timed run, not timed (argv, no shell)


@dataclass
class Result:
    command: str
    dataset: str
    argv: list[str]
    engine: str
    times_ms: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    rc: int = 0
    stderr: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")

    @property
    def min(self) -> float:
        return min(self.times_ms) if self.times_ms else float("nan")


# ── running one process ──────────────────────────────────────────────────────


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QMONTH_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # keep .pyc caching, as a user has it
    return env


def run_once(argv: list[str], prepare: list[str] | None = None) -> tuple[float, float, int, str]:
    """(wall ms, peak RSS MB, exit code, stderr) of one process; stdout goes to /dev/null."""
    if prepare:
        subprocess.run(prepare, check=True)
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=_env())
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - t0) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return elapsed, kib / 1024, proc.returncode, text


def gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time (it takes -f %M), else None."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True)
    return GNU_TIME if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


def peak_once(argv: list[str], prepare: list[str] | None, timer: str | None) -> tuple[float, int, str]:
    """(peak RSS MB, exit code, stderr) of one untimed run, through /usr/bin/time when given."""
    if timer is None:
        _, mb, rc, err = run_once(argv, prepare)
        return mb, rc, err
    with tempfile.NamedTemporaryFile("r") as rss:
        _, _, rc, err = run_once([timer, "-f", "%M", "-o", rss.name, *argv], prepare)
        lines = rss.read().split()
    kib = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    # GNU time adds "Command exited with non-zero status N" to its own output file, not to stderr.
    return kib / 1024, rc, err


def probe(b: Bench, timer: str | None, n: int = 3) -> Result:
    """Untimed runs: exit code, stderr and peak memory (which hyperfine 1.15 does not report)."""
    r = Result(b.command, b.dataset, b.argv, "")
    for _ in range(n):
        mb, rc, err = peak_once(b.argv, b.prepare, timer)
        r.peak_mb = max(r.peak_mb, mb)
        if rc and not r.rc:
            r.rc, r.stderr = rc, err
    return r


def measure_loop(b: Bench, runs: int, warmup: int, timer: str | None) -> Result:
    r = probe(b, timer)
    r.engine = "loop"
    for i in range(warmup + runs):
        ms, mb, rc, err = run_once(b.argv, b.prepare)
        if timer is None:
            r.peak_mb = max(r.peak_mb, mb)
        if rc and not r.rc:
            r.rc, r.stderr = rc, err
        if i >= warmup:
            r.times_ms.append(ms)
    return r


def measure_hyperfine(b: Bench, runs: int, warmup: int, hyperfine: str, timer: str | None) -> Result:
    r = probe(b, timer)
    r.engine = "hyperfine"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        cmd = [hyperfine, "--shell=none", "--style=none", f"--warmup={warmup}", f"--runs={runs}", "--export-json", str(out)]
        if r.rc:
            cmd.append("--ignore-failure")
        if b.prepare:
            cmd += ["--prepare", shlex.join(b.prepare)]
        cmd += ["--", shlex.join(b.argv)]
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env())
        if done.returncode:
            raise SystemExit(f"hyperfine failed for {b.command} {b.dataset}:\n{done.stderr}")
        data = json.loads(out.read_text())
    r.times_ms = [t * 1000 for t in data["results"][0]["times"]]
    return r


def ensure_files(seed: int | None = None) -> None:
    """benchmarks/out/{province,national}.toml, by generate.py in a subprocess (see the docstring)."""
    cmd = [sys.executable, str(GENERATE)] + ([f"--seed={seed}"] if seed is not None else [])
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


# ── what to run ──────────────────────────────────────────────────────────────


def has_command(qmonth: str, name: str) -> bool:
    """True when `qmonth --help` lists the command `name` (plain or Rich-boxed help)."""
    out = subprocess.run([qmonth, "--help"], capture_output=True, text=True, env=_env()).stdout
    return re.search(rf"^[\s│|]*{re.escape(name)}\s", out, re.MULTILINE) is not None


_DONE_TASK = """
import sys, tomllib
data = tomllib.load(open(sys.argv[1], "rb"))
unit = sys.argv[2]
u = data["units"][unit]
applies = [tid for tid, t in data["tasks"].items() if u["kind"] in t["applies_to"] or unit in t["applies_to"]]
print(([tid for tid in applies if tid not in u.get("progress", {})] or applies)[0])
"""


def done_task(path: Path, unit: str = "u0001") -> str:
    """A task that applies to `unit` and has no progress record yet (else the first that applies).

    Parsed in a subprocess, to keep this process small (see the docstring).
    """
    out = subprocess.run([sys.executable, "-c", _DONE_TASK, str(path), unit], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def benches(qmonth: str, python: str, only: str | None) -> list[Bench]:
    out = [Bench("baseline", "—", [python, "-c", BASELINE_CODE])]
    for name in DATASETS:
        if only and name != only:
            continue
        path = SHIPPED if name == "shipped" else OUT / f"{name}.toml"
        f = str(path)
        if name == "national":  # the floor: import the stack, parse the file with tomllib
            out.append(Bench("floor-parse", name, [python, "-c", FLOOR_PARSE_CODE, f]))
        if name == "shipped":  # TAB after `qmonth done -f FILE 赤`, as bash asks (`env` sets what bash would)
            words = f"qmonth done -f {f} 赤"
            tab = ["env", "_QMONTH_COMPLETE=complete_bash", f"COMP_WORDS={words}", "COMP_CWORD=4", qmonth]
            out.append(Bench("complete", name, tab))
        out += [
            Bench("status", name, [qmonth, "status", "-f", f, "--today", TODAY]),
            Bench("remind", name, [qmonth, "remind", "-f", f, "--today", TODAY, "--any-day"]),
            Bench("check", name, [qmonth, "check", "-f", f]),
        ]
        # Hook: the write path at 3,000 units, once `qmonth done` exists. Each run gets a fresh
        # copy of national.toml (the copy is the untimed --prepare step).
        if name == "national" and has_command(qmonth, "done"):
            work = OUT / "done-work.toml"
            out.append(
                Bench(
                    "done",
                    name,
                    [qmonth, "done", "u0001", done_task(path), "-f", str(work), "--on", TODAY],
                    prepare=["cp", f, str(work)],
                )
            )
    return out


# ── report ───────────────────────────────────────────────────────────────────


def _find(results: list[Result], command: str, dataset: str) -> Result | None:
    return next((r for r in results if r.command == command and r.dataset == dataset), None)


def targets(results: list[Result]) -> list[tuple[str, bool | None, str]]:
    """(description, passed or None when not measured, figures)."""
    base = _find(results, "baseline", "—")
    out: list[tuple[str, bool | None, str]] = []
    for cmd in ("status", "remind", "complete"):
        r = _find(results, cmd, "shipped")
        target = COMPLETE_RATIO_TARGET if cmd == "complete" else RATIO_TARGET
        desc = f"shipped `{cmd}` ≤ {target}× baseline"
        if r is None or base is None:
            out.append((desc, None, "not run"))
        else:
            ratio = r.median / base.median
            ok = ratio <= target and r.rc == 0
            figures = f"{r.median:.0f} ms / {base.median:.0f} ms = {ratio:.2f}× (by min: {r.min / base.min:.2f}×)"
            figures += f", exit {r.rc}" if r.rc else ""
            out.append((desc, ok, figures))
    r = _find(results, "status", "national")
    if r is None:
        out += [("national `status` < 1.0 s", None, "not run"), ("national `status` < 300 MB peak", None, "not run")]
    else:
        out.append(("national `status` < 1.0 s", r.median < NATIONAL_MS_TARGET and r.rc == 0, f"median {r.median:.0f} ms"))
        out.append(("national `status` < 300 MB peak", r.peak_mb < NATIONAL_MB_TARGET and r.rc == 0, f"peak {r.peak_mb:.0f} MB"))
    floor = _find(results, "floor-parse", "national")
    for cmd in ("status", "done"):
        r = _find(results, cmd, "national")
        desc = f"national `{cmd}` ≤ {PARSE_RATIO_TARGET}× floor-parse"
        if r is None or floor is None:
            out.append((desc, None, "not run"))
        else:
            ratio = r.median / floor.median
            figures = f"{r.median:.0f} ms / {floor.median:.0f} ms = {ratio:.2f}×"
            out.append((desc, ratio <= PARSE_RATIO_TARGET and r.rc == 0, figures))
    done = _find(results, "done", "national")
    if done is not None:
        out.append(("national `done` < 1.5 s", done.median < 1500 and done.rc == 0, f"median {done.median:.0f} ms"))
    return out


def report(results: list[Result], runs: int) -> str:
    base = _find(results, "baseline", "—")
    floor = _find(results, "floor-parse", "national")
    head = f"{'command':<11} {'file':<9} {'median ms':>10} {'min ms':>8} {'peak MB':>8} {'ratio':>7}  exit"
    lines = [head, "─" * len(head)]
    for r in results:
        # shipped rows over the bare import floor; national rows over floor-parse
        ratio = f"{r.median / base.median:.2f}" if base and r.dataset in ("shipped", "—") else ""
        if floor is not None and r.dataset == "national":
            ratio = f"{r.median / floor.median:.2f}"
        exit_ = "ok" if r.rc == 0 else f"{r.rc} ERR"
        lines.append(f"{r.command:<11} {r.dataset:<9} {r.median:>10.1f} {r.min:>8.1f} {r.peak_mb:>8.1f} {ratio:>7}  {exit_}")
    lines.append("")
    lines.append(f"Targets (medians of {runs} runs):")
    for desc, ok, figures in targets(results):
        mark = "SKIP" if ok is None else "PASS" if ok else "FAIL"
        lines.append(f"  {mark}  {desc:<34} {figures}")
    failed = [r for r in results if r.rc]
    if failed:
        lines.append("")
        lines.append("Commands that exited non-zero (timings above are of the failing process):")
        for r in failed:
            first = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "(no stderr)"
            lines.append(f"  {r.command} {r.dataset}: exit {r.rc}: {first[:150]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Time qmonth status/remind/check as whole processes.")
    p.add_argument("--runs", type=int, default=10, help="timed runs per command (default 10)")
    p.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    p.add_argument("--only", choices=DATASETS, help="one data set (the baseline always runs)")
    p.add_argument("--engine", choices=("auto", "hyperfine", "loop"), default="auto", help="auto: hyperfine if installed")
    p.add_argument("--qmonth", help="qmonth executable (default: .venv/bin/qmonth, else on PATH)")
    p.add_argument("--python", help="python for the baseline (default: .venv/bin/python, else this one)")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)

    venv = ROOT / ".venv" / "bin"
    qmonth = args.qmonth or (str(venv / "qmonth") if (venv / "qmonth").exists() else shutil.which("qmonth"))
    python = args.python or (str(venv / "python") if (venv / "python").exists() else sys.executable)
    if not qmonth:
        p.error("qmonth not found: install it (pip install -e .) or pass --qmonth")
    hyperfine = shutil.which("hyperfine")
    if args.engine == "hyperfine" and not hyperfine:
        p.error("hyperfine is not installed (apt-get install hyperfine), or use --engine loop")
    engine = "loop" if args.engine == "loop" or not hyperfine else "hyperfine"

    timer = gnu_time()
    hf_version = subprocess.run([hyperfine, "--version"], capture_output=True, text=True).stdout.strip() if hyperfine else "—"
    print(
        f"qmonth benchmark: {os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()} "
        f"({python}), engine={engine} ({hf_version if engine == 'hyperfine' else 'spawn+wait4'}), "
        f"runs={args.runs}, warmup={args.warmup}, today={TODAY}, peak memory by {timer or 'os.wait4'}",
        flush=True,
    )
    measure: Callable[[Bench], Result]
    if engine == "hyperfine" and hyperfine:
        measure = lambda b: measure_hyperfine(b, args.runs, args.warmup, hyperfine, timer)  # noqa: E731
    else:
        measure = lambda b: measure_loop(b, args.runs, args.warmup, timer)  # noqa: E731
    if args.only != "shipped":
        ensure_files()

    results = []
    for b in benches(qmonth, python, args.only):
        print(f"  {b.command} {b.dataset} …", file=sys.stderr, flush=True)
        results.append(measure(b))
    print()
    print(report(results, args.runs))
    if args.json:
        payload = [{**asdict(r), "median_ms": r.median, "min_ms": r.min} for r in results]
        args.json.write_text(json.dumps({"targets": targets(results), "results": payload}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
