"""Mutation testing of the modules that decide, one module at a time, with the tests relevant to it.

    nice -n 15 .venv/bin/python benchmarks/mutation.py                 # all modules
    nice -n 15 .venv/bin/python benchmarks/mutation.py schedule remind # some of them

For each module, the repository is copied to .mutation/MODULE/ (so runs never touch the working
tree), [tool.mutmut] there is narrowed to that module and its tests (TESTS below), and mutmut runs
(`pip install mutmut`; not part of .ci/run). The score counts every mutant mutmut made: killed (a
test failed, or it timed out) over all of them (survived, and "no tests": reached by none of the
module's tests), both with and without the survivors listed as equivalent in
benchmarks/mutation-equivalent.txt (a mutant no test can kill because the program
behaves the same, with the reason). Survivors not listed there are printed with their diff: each is
a missing test, or a new equivalent to list.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
EQUIVALENT = ROOT / "benchmarks" / "mutation-equivalent.txt"

# Delivery tests left out of the delivery modules' runs: two of 10-35 s each that would run for
# every mutant (a day-by-day sweep of the demo's digests; ten concurrent senders, whose lock
# test_delivery_hardening.py's others check in a second), and one that reads qmonth's source
# (every message given its parameters), which fails on mutmut's rewritten copy of it.
SLOW_DELIVERIES = [
    "--deselect",
    "tests/test_delivery_hardening.py::test_every_message_raised_or_printed_is_given_every_parameter_it_names",
    "--deselect",
    "tests/test_messages_read_right.py::test_demo_digest_fits_one_wecom_message_every_day_one_line_per_owing_unit",
    "--deselect",
    "tests/test_delivery_hardening.py::test_ten_concurrent_senders_deliver_each_reminder_once",
]

# module → the test files that exercise it (unit tests first: they fail fastest)
TESTS = {
    "dates": [
        "tests/test_dates.py",
        "tests/test_spans.py",
        "tests/test_shapes.py",
        "tests/test_timezone.py",
        "tests/test_bad_input.py",
    ],
    "calendar": [
        "tests/test_calendar.py",
        "tests/test_calendar_config.py",
        "tests/test_calendar_years.py",
        "tests/test_remind.py",
        "tests/test_schedule.py",
    ],
    "schedule": [
        "tests/test_schedule.py",
        "tests/test_json_contract.py",
        "tests/test_remind.py",
        "tests/test_calendar_config.py",
        "tests/test_evidence.py",
        "tests/test_shapes.py",
        "tests/test_recurrence.py",
        "tests/test_calendar_years.py",
        "tests/test_cli.py",
        "tests/test_screen.py",
    ],
    "remind": ["tests/test_remind.py", "tests/test_json_contract.py", "tests/test_contact.py", "tests/test_cli.py"],
    "evidence": [
        "tests/test_evidence.py",
        "tests/test_kinds.py",
        "tests/test_write_cli.py",
        "tests/test_bad_input.py",
        "tests/test_revisions.py",
    ],
    "record": [
        "tests/test_record.py",
        "tests/test_write_cli.py",
        "tests/test_forms.py",
        "tests/test_recurrence.py",
        "tests/test_spans.py",
        "tests/test_bad_input.py",
        "tests/test_evidence.py",
        "tests/test_timezone.py",
    ],
    "write": ["tests/test_write.py", "tests/test_write_safety.py", "tests/test_locking.py", "tests/test_write_cli.py"],
    # not tests/test_revisions.py: its history of ~20 commits takes 15 s to build for each mutant;
    # test_revisions_unit.py reaches the same code on a three-commit repository in 3 s
    "revisions": ["tests/test_revisions_unit.py", "tests/test_revisions_links.py", "tests/test_history_planted.py"],
    "deliver": [
        "tests/test_deliver_unit.py",
        "tests/test_notify_cli.py",
        "tests/test_delivery_planted.py",
        "tests/test_delivery_hardening.py",
        "tests/test_chase_ledger.py",
        "tests/test_message_inputs.py",
        "tests/test_messages_read_right.py",
        *SLOW_DELIVERIES,
    ],
    "rollover": [
        "tests/test_rollover_unit.py",
        "tests/test_rollover.py",
        "tests/test_history_planted.py",
        "tests/test_recurrence.py",
        "tests/test_form_rows.py",
        "tests/test_output_refusal.py",
    ],
    "log": [
        "tests/test_log_unit.py",
        "tests/test_notify_log.py",
        "tests/test_chase_ledger.py",
        "tests/test_delivery_hardening.py",
        "tests/test_notify_cli.py",
        "tests/test_messages_read_right.py",
        *SLOW_DELIVERIES,
    ],
    "channels": [
        "tests/test_channels_unit.py",
        "tests/test_notify_channels.py",
        "tests/test_deliver_unit.py",
        "tests/test_delivery_planted.py",
        "tests/test_delivery_hardening.py",
        "tests/test_message_inputs.py",
        "tests/test_notify_cli.py",
        "tests/test_messages_read_right.py",
        *SLOW_DELIVERIES,
    ],
    "escape": ["tests/test_escape.py", "tests/test_messages_read_right.py"],
    "locking": ["tests/test_locking.py"],
    "forms": [
        "tests/test_forms_sheets.py",
        "tests/test_forms.py",
        "tests/test_form_rows.py",
        "tests/test_sheet_filler.py",
        "tests/test_intake.py",
        "tests/test_undo_forms.py",
    ],
    "store": ["tests/test_store_reading.py", "tests/test_store.py", "tests/test_bad_input.py", "tests/test_revisions.py"],
    "merge": ["tests/test_merge_units.py", "tests/test_merge.py", "tests/test_merge_safety.py", "tests/test_form_rows.py"],
}
SKIP = ["__pycache__", ".venv", ".git", ".mutation", "mutants", "*.egg-info", ".hypothesis", ".pytest_cache"]


def equivalents() -> dict[str, str]:
    """mutant name → why it is equivalent (lines `name  # reason`)."""
    out: dict[str, str] = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            name, _, why = line.partition("#")
            if name.strip():
                out[name.strip()] = why.strip()
    return out


def source(module: str) -> str:
    """The file a module name stands for: `record` → qmonth/edit/record.py (the configured list)."""
    listed = re.search(r"only_mutate = \[(.*?)\]", (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.S)
    paths = re.findall(r'"([^"]+)"', listed.group(1)) if listed else []
    found = [p for p in paths if Path(p).stem == module]
    if len(found) != 1:
        raise SystemExit(f"{module}: not one of [tool.mutmut] only_mutate ({', '.join(paths)})")
    return found[0]


def prepare(module: str) -> Path:
    folder = WORK / module
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns(*SKIP))
    pyproject = folder / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = re.sub(r"only_mutate = \[.*?\]", f'only_mutate = ["{source(module)}"]', text, flags=re.S)
    selection = "pytest_add_cli_args_test_selection = " + json.dumps(TESTS[module])
    text = text.replace("[tool.mutmut]\n", f"[tool.mutmut]\n{selection}\n", 1)
    files = [t.split("::")[0] for t in TESTS[module] if not t.startswith("-")]  # ("--deselect", "file::test")
    assert all((folder / t).exists() for t in files), [t for t in files if not (folder / t).exists()]
    pyproject.write_text(text, encoding="utf-8")
    return folder


def results(folder: Path, mutmut: str) -> dict[str, str]:
    done = subprocess.run([mutmut, "results", "--all", "true"], cwd=folder, capture_output=True, text=True, check=False)
    found = re.findall(r"^\s*(\S+): (\w[\w ]*)$", done.stdout, re.M)
    return {name: status.strip() for name, status in found}


def show(folder: Path, mutmut: str, name: str) -> str:
    done = subprocess.run([mutmut, "show", name], cwd=folder, capture_output=True, text=True, check=False)
    return "\n".join(line for line in done.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("---", "+++"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"some of: {', '.join(TESTS)} (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="mutants run at once (default: CPUs)")
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in TESTS]
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)}; choose from {', '.join(TESTS)}")
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    known = equivalents()
    summary: dict[str, dict[str, object]] = {}
    for module in args.modules or list(TESTS):
        folder = prepare(module)
        start = time.monotonic()
        subprocess.run([mutmut, "run", "--max-children", str(args.jobs)], cwd=folder, stdout=subprocess.DEVNULL, check=False)
        seconds = round(time.monotonic() - start)
        status = results(folder, mutmut)
        killed = sum(s in ("killed", "timeout") for s in status.values())
        survived = sorted(n for n, s in status.items() if s == "survived")
        other = sorted(n for n, s in status.items() if s not in ("killed", "timeout", "survived"))
        equivalent = [n for n in survived if n in known]
        unexplained = [n for n in survived if n not in known]
        total = killed + len(survived) + len(other)  # "no tests" counts against the score too
        score = killed / max(1, total - len(equivalent))
        summary[module] = {
            "mutants": len(status),
            "killed": killed,
            "survived": len(survived),
            "equivalent": len(equivalent),
            "not_run": other,
            "score_all": round(100 * killed / max(1, total), 1),
            "score_non_equivalent": round(100 * score, 1),
            "seconds": seconds,
        }
        print(f"{module}: {killed}/{total} killed ({summary[module]['score_all']}%), {len(equivalent)} equivalent, "
              f"score over non-equivalent {summary[module]['score_non_equivalent']}%, {seconds} s", flush=True)
        for name in unexplained:
            diff = "\n".join("    " + line for line in show(folder, mutmut, name).splitlines())
            print(f"  survived: {name}\n{diff}", flush=True)
        for name in other:
            print(f"  not run ({status[name]}): {name}", flush=True)
    (WORK / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    killed = sum(int(s["killed"]) for s in summary.values())  # type: ignore[call-overload]
    total = sum(int(s["killed"]) + int(s["survived"]) + len(s["not_run"]) for s in summary.values())  # type: ignore[arg-type,call-overload]
    equivalent = sum(int(s["equivalent"]) for s in summary.values())  # type: ignore[call-overload]
    print(f"all: {killed}/{total} killed ({100 * killed / max(1, total):.1f}%); over non-equivalent mutants "
          f"{100 * killed / max(1, total - equivalent):.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
