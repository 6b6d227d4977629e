"""The process edge (qmonth/entry.py and the CLI's options): Ctrl-C, closed pipes, full disks,
any locale, bogus COLUMNS, empty option values. Real processes where the edge is the process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import generate

from .conftest import SHIPPED, Run

TODAY = "2024-09-20"
QMONTH = [sys.executable, "-m", "qmonth"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QMONTH_", "LC_", "PYTHONIO", "PYTHONUTF8"))}
    env.update(extra)
    return env


@pytest.mark.parametrize("columns", ["0", "-5", "99999999", "abc", ""])
@pytest.mark.parametrize("command", [("status",), ("remind",), ("status", "--unit", "chikan")])
def test_a_bogus_columns_never_changes_or_silences_the_output(
    columns: str, command: tuple[str, ...], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    normal = run(*command, "-f", SHIPPED, "--today", TODAY)
    assert normal.exit_code == 0 and normal.stdout.strip()
    monkeypatch.setenv("COLUMNS", columns)
    bogus = run(*command, "-f", SHIPPED, "--today", TODAY)
    assert bogus.exit_code == 0
    assert bogus.stdout == normal.stdout


def test_a_sane_columns_is_still_used(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    wide = run("status", "-f", SHIPPED, "--today", TODAY, "--unit", "chikan")
    assert max(len(line) for line in wide.stdout.splitlines()) > 80


@pytest.mark.parametrize(
    "args",
    [
        ("done", "chikan", "receipt", "--on", ""),
        ("done", "chikan", "receipt", "--on="),
        ("done", "chikan", "receipt", "--note", ""),
        ("done", "chikan", "receipt", "-e", ""),
        ("status", "--today", ""),
        ("status", "--unit", ""),
        ("remind", "--today="),
        ("receipt", "chikan", "--name", ""),
    ],
)
def test_empty_option_values_are_errors(args: tuple[str, ...], run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    result = run(*args, "-f", shipped)
    assert result.exit_code == 2, result.output
    option = next(a for a in args if a.startswith("-") and (a.endswith("=") or args[args.index(a) + 1 :][:1] == ("",)))
    assert f"{option.rstrip('=')} 的值不能为空" in result.stderr
    assert shipped.read_bytes() == before


def test_an_empty_file_option_is_an_error(run: Run) -> None:
    result = run("status", "-f", "")
    assert result.exit_code == 2
    assert "--file" in result.stderr or "-f" in result.stderr


def test_any_locale_prints_chinese(tmp_path: Path) -> None:
    for env in ({"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "POSIX", "PYTHONUTF8": "0"}):
        done = subprocess.run(
            [*QMONTH, "status", "-f", SHIPPED, "--today", TODAY],
            capture_output=True,
            env=_env(**env),
            timeout=30,
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert "湛江市" in done.stdout.decode("utf-8") or "赤坎区" in done.stdout.decode("utf-8")
        assert b"Traceback" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_behind_stdout_is_exit_3_with_the_cause() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*QMONTH, "status", "-f", SHIPPED, "--today", TODAY, "--lang", "en"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            timeout=30,
        )
    assert done.returncode == 3
    assert "No space left on device" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "national.toml"
    big.write_text(generate(units=600, tasks=12, seed=1), encoding="utf-8")
    proc = subprocess.Popen(
        [*QMONTH, "status", "-f", big, "--today", TODAY], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    proc.wait(timeout=30)
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert proc.returncode in (-signal.SIGPIPE, 0, 3)


def test_ctrl_c_ends_quietly_with_130(tmp_path: Path) -> None:
    big = tmp_path / "national.toml"
    big.write_text(generate(units=3000, tasks=12, seed=1), encoding="utf-8")
    codes = []
    for delay in (0.25, 0.4):
        proc = subprocess.Popen(
            [*QMONTH, "status", "-f", big, "--today", TODAY],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
        codes.append(proc.returncode)
        if proc.returncode == 130:
            assert "已中断" in err.decode("utf-8")
    assert set(codes) <= {130, 0} and 130 in codes, codes


def test_a_run_builds_only_the_command_it_names() -> None:
    """Typer turns every registered command into a Click command at each start; `main` keeps the
    one the words name (and all of them for -h, a root option, an unknown word or completion)."""
    code = (
        "import sys\n"
        "from qmonth.cli import app, only\n"
        "def names():\n"
        "    return [c.name or c.callback.__name__ for c in app.registered_commands] + [g.name for g in app.registered_groups]\n"
        "every = names()\n"
        "for words in (['-h'], ['--version'], ['statu'], [], ['stat']):\n"
        "    only(words)\n"
        "    assert names() == every, words\n"
        "only(sys.argv[1:])\n"
        "print(names(), len(every))\n"
    )
    for words, kept in ((["status", "-h"], "['status']"), (["export", "xlsx"], "['export']"), (["merge-file"], "['merge-file']")):
        done = subprocess.run([sys.executable, "-c", code, *words], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == [kept, "20"]


def test_a_command_s_help_is_the_same_built_alone(tmp_path: Path) -> None:
    whole = "import sys; sys.argv = ['qmonth', *sys.argv[1:]]; from qmonth.cli import app; app()"
    alone = "import sys; sys.argv = ['qmonth', *sys.argv[1:]]; from qmonth.cli import main; main()"
    env = {**os.environ, "COLUMNS": "100"}
    for words in (["status", "-h"], ["--lang", "en", "done", "-h"], ["export", "ics", "-h"], ["status", "--bogus"]):
        a, b = (
            subprocess.run([sys.executable, "-c", code, *words], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env)  # noqa: E501
            for code in (whole, alone)
        )
        assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
        assert a.stdout or a.stderr
