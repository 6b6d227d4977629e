"""Shell completion of unit and task ids and names (through Click's completion API), and `qmonth tasks`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from typer.main import get_command

from qmonth.cli import app
from tests.conftest import DEMO, SHIPPED, Run


def complete(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    completer = ShellComplete(get_command(app), {}, "qmonth", "_QMONTH_COMPLETE")
    return [(item.value, item.help) for item in completer.get_completions(args, incomplete)]


def test_unit_ids_complete_with_their_names_as_help() -> None:
    assert complete(["done", "-f", str(DEMO)], "x") == [("xiashan", "霞山区"), ("xuwen", "徐闻县")]
    assert ("chikan", "赤坎区") in complete(["status", "-f", str(DEMO), "--unit"], "")
    assert complete(["remind", "-f", str(DEMO), "-u"], "lian") == [("lianjiang", "廉江市")]


def test_unit_names_complete_too() -> None:
    assert complete(["waive", "-f", str(DEMO)], "赤") == [("赤坎区", "chikan")]
    assert complete(["done", "-f", str(DEMO)], "湛江市赤") == [("湛江市赤坎区住房和城乡建设局", "chikan")]


def test_task_ids_theme_ids_and_titles_complete() -> None:
    got = complete(["done", "-f", str(DEMO), "chikan"], "publicity")
    assert got[0] == ("publicity", "（一）广泛开展主题活动宣传")
    assert [v for v, _ in got[1:]] == ["publicity-media", "publicity-materials", "publicity-banners", "publicity-window"]
    assert complete(["undo", "-f", str(DEMO), "chikan", "receipt"], "sum") == [
        ("summary", "报送“质量月”活动总结材料及视频、照片等佐证材料")
    ]
    assert complete(["done", "-f", str(DEMO), "chikan"], "报送联") == [("报送联络员回执", "receipt")]


def test_the_campaign_file_is_found_as_the_command_would(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QMONTH_FILE", str(DEMO))
    assert complete(["done"], "chi") == [("chikan", "赤坎区")]
    monkeypatch.setenv("QMONTH_FILE", str(tmp_path / "missing.toml"))
    assert complete(["done"], "chi") == []  # no file: nothing offered, no error


def test_completion_through_the_shell_protocol(tmp_path: Path) -> None:
    """What bash runs on TAB: the env-var protocol of Typer's completion, in a real process."""
    env = {**os.environ, "_QMONTH_COMPLETE": "complete_bash", "COMP_WORDS": f"qmonth done -f {DEMO} ch", "COMP_CWORD": "4"}
    script = Path(sys.executable).parent / "qmonth"  # the installed entry point, as the shell calls it
    out = subprocess.run([str(script)], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["chikan"]


HOSTILE = "坡头区;touch${IFS}x;#"


def _hostile_campaign(folder: Path) -> Path:
    """The shipped campaign with 坡头区's short name made a command line of its own."""
    path = folder / "campaign.toml"
    text = SHIPPED.read_text(encoding="utf-8")
    assert 'short = "坡头区"' in text
    path.write_text(text.replace('short = "坡头区"', f'short = "{HOSTILE}"'), encoding="utf-8")
    return path


def _shell_env(folder: Path) -> dict[str, str]:
    bin_dir = Path(sys.executable).parent  # the installed `qmonth`, as the shell finds it on PATH
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QMONTH_", "_QMONTH", "COMP_"))}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "HOME": str(folder), "TERM": "xterm"}


def _script(shell: str, folder: Path) -> Path:
    """The shell's completion script, generated explicitly for that shell (Click's `source_SHELL`
    instruction; the same text as `--install-completion` writes), whatever shell runs pytest."""
    env = {**_shell_env(folder), "_QMONTH_COMPLETE": f"source_{shell}"}
    out = subprocess.run([str(Path(sys.executable).parent / "qmonth")], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "_QMONTH_COMPLETE" in out.stdout, out.stderr
    path = folder / f"qmonth.{shell}"
    path.write_text(out.stdout + "\n", encoding="utf-8")
    return path


def _need(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed (.ci/run installs it)")
    return found


#: The command the tests "run" after completing: prints each argument it got on its own line, so
#: an unquoted insertion shows as split arguments (and as the file `x` its `touch` creates).
_ECHO_ARGS = {"bash": "qmonth() { printf '<%s>\\n' \"$@\"; }", "zsh": "qmonth() { printf '<%s>\\n' \"$@\" }"}


def test_bash_completes_names_escaped_and_enter_runs_nothing(tmp_path: Path) -> None:
    """As bash drives it on TAB: COMP_WORDS/COMP_CWORD set, the function called, COMPREPLY inserted
    verbatim (readline inserts it as it is) and the line run."""
    bash = _need("bash")
    campaign = _hostile_campaign(tmp_path)
    script = _script("bash", tmp_path)
    driver = f"""
source {script}
{_ECHO_ARGS["bash"]}
tab() {{ COMP_WORDS=(qmonth done -f campaign.toml "$1"); COMP_CWORD=4; COMPREPLY=(); _qmonth_completion qmonth "$1" done; }}
tab 赤; printf 'cand:%s\\n' "${{COMPREPLY[@]}}"; eval "qmonth done -f campaign.toml ${{COMPREPLY[0]}}"
tab 坡头; printf 'cand:%s\\n' "${{COMPREPLY[@]}}"; eval "qmonth done -f campaign.toml ${{COMPREPLY[0]}}"
"""
    out = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", driver],
        cwd=tmp_path,
        env=_shell_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "cand:赤坎区" in lines and "<赤坎区>" in lines  # an ordinary name completes as itself
    assert "cand:坡头区\\;touch\\$\\{IFS\\}x\\;\\#" in lines  # the hostile one, escaped
    assert f"<{HOSTILE}>" in lines  # ... and reaches qmonth as one argument
    assert not (tmp_path / "x").exists()
    assert campaign.exists()


def test_fish_completes_names_that_fish_escapes_and_enter_runs_nothing(tmp_path: Path) -> None:
    """fish's own `complete -C` asks the completion as TAB does; fish inserts a candidate escaped
    (`string escape --no-quoted` is that escaping), then the line runs."""
    fish = _need("fish")
    _hostile_campaign(tmp_path)
    script = _script("fish", tmp_path)
    driver = f"""
source {script}
function qmonth; printf '<%s>\\n' $argv; end
for typed in 赤 坡头
    set -l cands (complete -C "qmonth done -f campaign.toml $typed")
    for c in $cands; echo "cand:$c"; end
    set -l first (string split -f1 \\t -- $cands[1])
    eval "qmonth done -f campaign.toml "(string escape --no-quoted -- $first)
end
"""
    out = subprocess.run(
        [fish, "--no-config", "-c", driver], cwd=tmp_path, env=_shell_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "cand:赤坎区\tchikan" in lines and "<赤坎区>" in lines
    assert f"cand:{HOSTILE}\tpotou" in lines and f"<{HOSTILE}>" in lines
    assert not (tmp_path / "x").exists()


def _type_in_pty(argv: list[str], keys: list[str], cwd: Path, env: dict[str, str], until: bytes, timeout: float = 60) -> str:
    """An interactive shell in a pseudo-terminal, fed keys as a user types them; everything it
    printed until `until` appeared (or the timeout)."""
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    out = b""
    try:
        for key in keys:
            os.write(fd, key.encode())
        deadline = time.monotonic() + timeout
        while until not in out and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return out.decode("utf-8", "replace")


def test_zsh_completes_names_that_zsh_quotes_and_enter_runs_nothing(tmp_path: Path) -> None:
    """zsh's completion system runs only in its line editor: an interactive `zsh -f` in a pty
    (what zsh's own zpty tests do), with compinit and the script loaded, a line typed with TAB,
    then Enter."""
    zsh = _need("zsh")
    _hostile_campaign(tmp_path)
    script = _script("zsh", tmp_path)
    keys = [
        f"autoload -Uz compinit; compinit -u -D; source {script}\r",
        _ECHO_ARGS["zsh"] + "\r",
        "qmonth done -f campaign.toml 赤\t",
        "\r",
        "qmonth done -f campaign.toml 坡头\t",
        "\r",
        "print END-$((6*7))\r",  # the marker is printed only when the line runs: END-42
    ]
    out = _type_in_pty([zsh, "-f", "-i"], keys, tmp_path, _shell_env(tmp_path), until=b"END-42")
    assert "END-42" in out, out
    lines = [line.strip() for line in out.replace("\r", "\n").splitlines()]
    assert "<赤坎区>" in lines, out
    assert f"<{HOSTILE}>" in lines, out  # inserted quoted (坡头区\\;touch…), one argument
    assert not (tmp_path / "x").exists()


def test_a_name_with_control_characters_is_never_offered(tmp_path: Path) -> None:
    from qmonth.cli.complete import bash_word, insertable, zsh_word

    assert not insertable("坡头\x1b[31m区") and not insertable("a\nb") and not insertable("a\u202eb")
    assert insertable("（一）广泛开展主题活动宣传") and insertable(HOSTILE)
    assert bash_word("赤坎区") == "赤坎区" and bash_word("a b'c") == "a\\ b\\'c"
    assert zsh_word("a b;") == "$'a\\x20b\\x3b'"
    # and through completion itself: a unit name and a task title with a control character or a
    # bidi override are never offered as a value, nor shown raw as the help of their id
    path = tmp_path / "campaign.toml"
    text = DEMO.read_text(encoding="utf-8")
    text = text.replace('short = "坡头区"', 'short = "坡头\\u001b[31m区"', 1)
    text = text.replace('title = "报送联络员回执"', 'title = "报送联络员\\u202e回执"', 1)
    path.write_text(text, encoding="utf-8")
    units = complete(["done", "-f", str(path)], "")
    assert ("potou", "坡头 [31m区") in units and len(units) == 14
    assert complete(["done", "-f", str(path)], "坡头") == []  # the name is not offered
    assert complete(["done", "-f", str(path)], "湛江市坡头") == [("湛江市坡头区住房和城乡建设局", "potou")]
    assert complete(["done", "-f", str(path), "potou"], "报送联络员") == []
    assert complete(["done", "-f", str(path), "potou"], "rec") == [("receipt", "报送联络员 回执")]
    for value, shown in [*units, *complete(["done", "-f", str(path), "potou"], "")]:
        assert insertable(value) and insertable(shown or ""), (value, shown)


def test_tasks_lists_themes_tasks_ids_deadlines_and_whom(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    result = run("tasks", "-f", SHIPPED)
    assert result.exit_code == 0
    out = result.stdout
    assert "（一）广泛开展主题活动宣传  [publicity]" in out and "有关要求：组织领导与总结报告  [reporting]" in out
    receipt = next(line for line in out.splitlines() if line.startswith("receipt "))
    assert "2024-09-10" in receipt and "报送联络员回执" in receipt and "县（市、区）住建部门" in receipt
    summary = next(line for line in out.splitlines() if line.startswith("summary "))
    assert "2024-10-09" in summary
    assert "2024-09-30 *" in out  # no deadline in the notice: the campaign's end, marked


def test_tasks_for_one_unit_and_as_json(run: Run) -> None:
    out = run("tasks", "-f", SHIPPED, "-u", "参建企业").stdout
    assert "publicity-materials" in out and "policy-briefing" not in out
    data = json.loads(run("tasks", "-f", SHIPPED, "--format", "json").stdout)
    assert len(data["tasks"]) == 21 and next(t["id"] for t in data["themes"]) == "publicity"
    receipt = next(t for t in data["tasks"] if t["id"] == "receipt")
    assert receipt["deadline"] == "2024-09-10" and len(receipt["units"]) == 14 and "county" in receipt["applies_to"]


@pytest.mark.parametrize(
    ("shell", "script"),
    [("bash", ".bash_completions/qmonth.sh"), ("zsh", ".zfunc/_qmonth"), ("fish", ".config/fish/completions/qmonth.fish")],
)
def test_one_command_installs_completion(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shell: str, script: str
) -> None:
    import shellingham

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shellingham, "detect_shell", lambda: (shell, f"/bin/{shell}"))  # the user's shell
    result = run("--install-completion")
    assert result.exit_code == 0, result.output
    assert "_QMONTH_COMPLETE" in (tmp_path / script).read_text(encoding="utf-8")


def test_completion_reads_names_without_building_the_models() -> None:
    """TAB answers from the parsed file: the Pydantic models (what a command builds to refuse an
    invalid file) are never imported, and the names are the file's own."""
    code = (
        "import sys\n"
        "from qmonth.cli.complete import complete_task, complete_unit\n"
        "class Ctx:\n"
        "    params = {'file': sys.argv[1]}\n"
        "    parent = None\n"
        "print(complete_unit(Ctx(), '赤'), complete_unit(Ctx(), 'kaifa'), complete_task(Ctx(), 'rece'))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('qmonth.core.model', 'pydantic.main'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(SHIPPED)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    offered, loaded = done.stdout.strip().splitlines()
    assert offered == "[('赤坎区', 'chikan')] [('kaifaqu', '经开区')] [('receipt', '报送联络员回执')]"
    assert loaded == "[]"


def test_completion_of_a_file_that_is_not_toml_offers_nothing(tmp_path: Path) -> None:
    from qmonth.cli.complete import complete_unit

    bad = tmp_path / "campaign.toml"
    bad.write_text("[units.chikan\nname = '赤坎区'\n", encoding="utf-8")

    class Ctx:
        def __init__(self) -> None:
            self.params, self.parent = {"file": str(bad)}, None

    assert complete_unit(Ctx(), "赤") == []
    assert complete_unit(Ctx(), "") == []
