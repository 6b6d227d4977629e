"""Shell completion of unit and task ids and names, read from the campaign file.

Typer's completion (bash, zsh, fish; `qmonth --install-completion`) calls these with the Click
context of the command line typed so far, so `--file PATH` given earlier is honoured. A campaign
that cannot be found or read completes nothing: completion must never print an error.

Completion offers only what is safe to insert into the command line. A name is data: a unit's
short name may hold `;`, `$`, quotes or spaces. Every candidate is quoted for the shell that asks
(`Bash`, `Zsh`, `Fish` below, registered in place of Typer's classes by `register`): bash inserts
what it is given verbatim, so a name is backslash-escaped; zsh evaluates what the program prints,
so every candidate reaches it as ASCII `$'…'` text and zsh's own quoting does the insertion; fish
escapes what it inserts. A name holding a control, line-break or bidi character is never offered
(its id is: ids are `[A-Za-z0-9_-]`), and descriptions are shown with such characters removed.
An ordinary name (赤坎区, （一）广泛开展主题活动宣传) completes as itself.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

#: ASCII characters that are word characters in bash, zsh and fish wherever they stand.
_PLAIN_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./,+@")


def unsafe_char(ch: str) -> bool:
    """A character no candidate may hold even quoted: controls (C0, C1, DEL), format and bidi
    characters, line and paragraph separators, unassigned and private-use code points."""
    return unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")


def insertable(name: str) -> bool:
    """True when a name can be offered (quoted for the shell as needed)."""
    return bool(name) and not any(unsafe_char(ch) for ch in name)


def shell_syntax(name: str) -> bool:
    """True when a name holds a character a shell reads as syntax (it completes quoted)."""
    return any(ch.isascii() and ch not in _PLAIN_ASCII for ch in name)


def _shown(text: str | None) -> str | None:
    """A description without controls or bidi characters (they would reach the terminal)."""
    return None if text is None else "".join(" " if unsafe_char(ch) else ch for ch in text)


def bash_word(value: str) -> str:
    """The value as bash inserts it verbatim: every ASCII character that is not plainly a word
    character gets a backslash (`坡头区;x` → `坡头区\\;x`); other characters stay, so the
    typed prefix stays a prefix."""
    return "".join(ch if not ch.isascii() or ch in _PLAIN_ASCII else "\\" + ch for ch in value)


def zsh_word(value: str) -> str:
    """The value as a zsh `$'…'` word of ASCII text and non-ASCII characters only: it survives the
    word splitting and `eval` of the zsh script whatever the value holds."""
    return "$'" + "".join(ch if not ch.isascii() or ch in _PLAIN_ASCII else f"\\x{ord(ch):02x}" for ch in value) + "'"


class _Named:
    """What completion reads of a unit, theme or task: its names, straight from the parsed file."""

    def __init__(self, table: Any) -> None:
        table = table if isinstance(table, dict) else {}
        text = {k: v for k, v in table.items() if isinstance(v, str)}
        self.name, self.short = text.get("name", ""), text.get("short", "")
        self.title, self.number = text.get("title", ""), text.get("number", "")

    @property
    def label(self) -> str:
        return self.short or self.name


class _Raw:
    """The campaign's ids and names, parsed but not validated: TAB must answer at once, and the
    models (what every command builds to refuse an invalid file) cost more than the whole stack's
    import. A name offered here is still resolved, and the file validated, by the command run."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.units, self.themes, self.tasks = (
            {k: _Named(v) for k, v in _table(data, key).items()} for key in ("units", "themes", "tasks")
        )


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _campaign(ctx: Any) -> Any:
    from qmonth.core.store import ENV_FILE, find_file, parse_toml, read_text

    explicit = None
    node = ctx
    while node is not None and explicit is None:  # --file may sit on the command's context
        value = (getattr(node, "params", None) or {}).get("file")
        explicit = Path(value) if value else None
        node = getattr(node, "parent", None)
    try:
        path = find_file(explicit, os.environ.get(ENV_FILE))
        return _Raw(parse_toml(read_text(path), path))
    except Exception:  # no file, an unreadable one, one that is not TOML: nothing to offer
        return None


def _offer(incomplete: str, entries: list[tuple[str, list[str], str]]) -> list[tuple[str, str]]:
    """entries: (id, names, help). Ids starting with what was typed; else the names that do (the
    commands take a name as well as an id, and Typer keeps only values starting with the word)."""
    typed = incomplete.strip()
    by_id = [(i, _shown(h) or "") for i, _, h in entries if i.startswith(typed)]
    if by_id or not typed:
        return by_id
    return list(dict.fromkeys((n, i) for i, names, _ in entries for n in names if insertable(n) and n.startswith(typed)))


def units(c: Any, incomplete: str) -> list[tuple[str, str]]:
    return _offer(incomplete, [(uid, [u.short, u.name], u.label) for uid, u in c.units.items()])


def tasks(c: Any, incomplete: str) -> list[tuple[str, str]]:
    entries = [(th, [theme.title], f"{theme.number}{theme.title}") for th, theme in c.themes.items()]
    entries += [(tid, [task.title], task.title) for tid, task in c.tasks.items()]
    return _offer(incomplete, entries)


def complete_unit(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    c = _campaign(ctx)
    return units(c, incomplete) if c is not None else []


def complete_task(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    c = _campaign(ctx)
    return tasks(c, incomplete) if c is not None else []


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def localized(typer_callback: Any, ctx: Any, param: Any, value: Any) -> Any:
    """Typer's --install-completion/--show-completion, saying what it did (or why it cannot) in the
    user's language. The script itself and where it goes are Typer's."""
    if not value or ctx.resilient_parsing:
        return value
    import click

    from qmonth.cli.usage import lang_of
    from qmonth.i18n import t

    lang = lang_of(ctx)
    shell = value if isinstance(value, str) else _detected_shell()
    if shell is None:
        click.echo(t("completion_no_shell", lang), err=True)
        ctx.exit(1)
    if shell not in _SHELLS:
        click.echo(t("completion_unsupported", lang, shell=shell), err=True)
        ctx.exit(1)
    if param.name != "install_completion":
        return typer_callback(ctx, param, value)
    from typer.completion import install

    shell, path = install(shell=shell)
    click.secho(t("completion_installed", lang, shell=shell, path=path), fg="green")
    click.echo(t("completion_restart", lang))
    ctx.exit(0)


def _detected_shell() -> str | None:
    import shellingham  # Typer's own way of telling the shell

    try:
        return str(shellingham.detect_shell()[0])
    except shellingham.ShellDetectionFailure:
        return None


def _classes() -> dict[str, type]:
    """Typer's bash, zsh and fish completion, each quoting its candidates for its shell (the
    scripts that `--install-completion` writes are Typer's, unchanged)."""
    from click.shell_completion import CompletionItem
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    class Bash(BashComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return bash_word(str(item.value))

    class Zsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            value = str(item.value).replace("\\", "\\\\").replace(":", "\\:")  # _describe's separator
            shown = _shown(item.help)
            return zsh_word(f"{value}:{shown}" if shown else value)

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            words = [self.format_completion(item) for item in self.get_completions(args, incomplete)]
            if not words:
                return "_files"
            # zsh runs `eval $(…)`: one line of ASCII words, evaluated once, listed by _describe
            return f"local -a _qmonth_c; _qmonth_c=( {' '.join(words)} ); _describe -t values value _qmonth_c"

    class Fish(FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            shown = _shown(item.help)  # fish escapes the value as it inserts it
            return f"{item.value}\t{shown}" if shown else str(item.value)

    return {"bash": Bash, "zsh": Zsh, "fish": Fish}


def register() -> None:
    """Put the quoting classes in place of Typer's (called as completion starts, after Typer
    registered its own)."""
    from click.shell_completion import add_completion_class

    for name, cls in _classes().items():
        add_completion_class(cls, name)
