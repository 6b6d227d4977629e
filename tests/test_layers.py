"""The layers of qmonth/ (pyproject.toml, [tool.importlinter]): arrows point down only, no module
imports itself through others, and only the edge (the CLI, the program's entry) reads the clock,
the environment or the console. Imports inside functions and under TYPE_CHECKING count."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "qmonth"
EDGE = ("qmonth.cli", "qmonth.entry", "qmonth.__main__")
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"]


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd), "LANG": "C.UTF-8"}
    argv = [*LINT, "--no-cache", "--no-logo", str(cwd / "pyproject.toml")]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "qmonth", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layer_contracts_hold(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "added", "named"),
    [
        ("core/schedule.py", "\ndef _up():\n    from qmonth.edit import record\n", "core is not allowed to import qmonth.edit"),
        (
            "outputs/grid.py",
            "\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from qmonth.notify import channels\n",
            "qmonth.outputs is not allowed to import qmonth.notify",
        ),
        ("i18n/__init__.py", "\ndef _up():\n    import qmonth.core.dates\n", "i18n is not allowed to import qmonth.core"),
        ("edit/write.py", "\ndef _up():\n    from qmonth.outputs import wrap\n", "edit is not allowed to import qmonth.outputs"),
    ],
)
def test_an_upward_import_breaks_the_layers(tmp_path: Path, module: str, added: str, named: str) -> None:
    root = _copy(tmp_path)
    target = root / "qmonth" / module
    target.write_text(target.read_text(encoding="utf-8") + added, encoding="utf-8")
    result = _lint(root)
    assert result.returncode != 0
    assert named in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for m in sorted(graph.modules):
        if m not in index:
            visit(m)
    return out


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("qmonth", cache_dir=None)
    assert _cycles(graph) == []


def test_a_circle_is_found() -> None:
    graph = grimp.ImportGraph()
    for a, b in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")]:
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


def _edge_reads(path: Path) -> list[str]:
    """What a module outside the edge reads that belongs to the edge: the clock, the environment,
    the console."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name = node.attr
            base = node.value.id if isinstance(node.value, ast.Name) else getattr(node.value, "attr", "")
            if (name in ("now", "today", "utcnow") and base in ("datetime", "date", "dt")) or (
                base == "time" and name in ("time", "time_ns")
            ):
                found.append(f"{path.name}:{node.lineno} clock ({base}.{name})")
            if base == "os" and name in ("environ", "getenv", "environb"):
                found.append(f"{path.name}:{node.lineno} environment (os.{name})")
        console = isinstance(node, ast.ImportFrom) and node.module == "rich.console"
        console = console and any(a.name == "Console" for a in node.names)  # type: ignore[union-attr]
        if console and _calls(tree, "Console"):
            found.append(f"{path.name}:{node.lineno} console (rich.console.Console())")
    return sorted(found, key=lambda f: int(f.split(" ")[0].rsplit(":", 1)[1]))


def _calls(tree: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name for n in ast.walk(tree))


def test_only_the_edge_reads_the_clock_the_environment_and_the_console() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if not module.startswith(EDGE):
            found += _edge_reads(path)
    assert found == []


def test_the_edge_check_sees_a_clock_read(tmp_path: Path) -> None:
    p = tmp_path / "m.py"
    p.write_text(
        "import datetime as dt, os\nfrom rich.console import Console\n"
        "x = dt.date.today()\ny = os.environ.get('A')\nc = Console()\n",
        encoding="utf-8",
    )
    assert [f.split(" ", 1)[1] for f in _edge_reads(p)] == [
        "console (rich.console.Console())",  # named at its import, line 2
        "clock (date.today)",
        "environment (os.environ)",
    ]
