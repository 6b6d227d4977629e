"""Every shell example in the README and the manual runs as written.

An example is a ```sh block whose first command is `qmonth` (or `.venv/bin/qmonth`; a set-up line ending
in `&& .venv/bin/qmonth …` has that command run). The examples of
a page run in order, as a reader would type them, with bash in one temporary copy of the repository's
campaign.toml and examples/ (and tests/fixtures/docs), with the installed qmonth first on PATH; each
must exit 0. `<!-- setup: COMMAND -->` above an example runs COMMAND first (a git repository, a
form declared, a sheet a unit sent back). When the page shows its output (the block is followed by a ```text
block), the output must be exactly that. An example that needs a server, cron, a robot or a git
history is marked on the line above it, `<!-- skip: the reason -->`, and reported as skipped with
that reason. Dates are pinned in the examples themselves (`--today`), so they run the same any day.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT, SHIPPED

QMONTH = Path(sys.executable).with_name("qmonth")
SKIP = re.compile(r"^<!--\s*skip:\s*(.*?)\s*-->$")
SETUP = re.compile(r"^<!--\s*setup:\s*(.*?)\s*-->$")


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    script: str
    output: str | None
    skip: str | None
    setup: str | None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def examples(path: Path) -> list[Example]:
    lines = path.read_text(encoding="utf-8").split("\n")
    found: list[Example] = []
    n = 0
    while n < len(lines):
        if lines[n].strip() != "```sh":
            n += 1
            continue
        start = n
        end = next(k for k in range(n + 1, len(lines)) if lines[k].startswith("```"))
        body = lines[n + 1 : end]
        n = end + 1
        first = next((b.strip() for b in body if b.strip()), "")
        if not re.match(r"^(\.venv/bin/)?qmonth\b", first):
            # a set-up line (`python3 -m venv .venv && … && .venv/bin/qmonth status`): CI runs the install;
            # the qmonth it ends with runs here
            tail = re.search(r"&& (\.venv/bin/qmonth\b.*)$", first)
            if tail is None:
                continue
            body = [tail.group(1)]
        above = next((lines[k].strip() for k in range(start - 1, -1, -1) if lines[k].strip()), "")
        skip = SKIP.match(above)
        setup = SETUP.match(above)
        output = None
        k = n
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k < len(lines) and lines[k].strip() == "```text":
            close = next(j for j in range(k + 1, len(lines)) if lines[j].startswith("```"))
            output = "\n".join(lines[k + 1 : close])
        found.append(Example(str(path.relative_to(ROOT)), start + 1, "\n".join(body), output, skip.group(1) if skip else None,
                             setup.group(1) if setup else None))
    return found


ALL = [e for p in pages() for e in examples(p)]


def test_the_pages_have_examples() -> None:
    assert len(ALL) >= 20
    assert any(e.page == "README.md" for e in ALL)
    assert all(e.skip for e in ALL if e.skip is not None), "a skip must give its reason"


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


PAGES = sorted({e.page for e in ALL})
SKIPPED = [e for e in ALL if e.skip]


@pytest.mark.parametrize("example", SKIPPED, ids=[e.id for e in SKIPPED])
def test_an_example_that_needs_what_a_test_has_not(example: Example) -> None:
    pytest.skip(f"{example.id}: {example.skip}")


@pytest.mark.parametrize("page", PAGES)
def test_the_examples_of_the_page_run_as_written(page: str, tmp_path: Path) -> None:
    here = tmp_path / "repo"
    here.mkdir()
    shutil.copy2(SHIPPED, here / "campaign.toml")
    shutil.copytree(EXAMPLES, here / "examples")
    shutil.copytree(ROOT / "tests" / "fixtures" / "docs", here / "tests" / "fixtures" / "docs")
    bin_ = here / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "qmonth").symlink_to(QMONTH)
    env = {k: v for k, v in os.environ.items() if not k.startswith("QMONTH_")}
    env.update(PATH=f"{QMONTH.parent}{os.pathsep}{env.get('PATH', '')}", COLUMNS="100", TZ="UTC", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), NO_COLOR="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_GLOBAL=os.devnull)
    for example in (e for e in ALL if e.page == page and not e.skip):
        script = f"{example.setup}\n{example.script}" if example.setup else example.script
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=here, capture_output=True, text=True, env=env, check=False, timeout=120,
        )
        assert done.returncode == 0, f"{example.id} exited {done.returncode}:\n{script}\n{done.stdout}\n{done.stderr}"
        if example.output is not None:
            assert _normal(done.stdout) == _normal(example.output), f"{example.id}: the page shows other output"
