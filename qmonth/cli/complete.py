"""Shell completion of unit and task ids and names, read from the campaign file.

Typer's completion (bash, zsh, fish; `qmonth --install-completion`) calls these with the Click
context of the command line typed so far, so `--file PATH` given earlier is honoured. A campaign
that cannot be found or read completes nothing: completion must never print an error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _campaign(ctx: Any) -> Any:
    from qmonth.core.store import ENV_FILE, find_file, load

    explicit = None
    node = ctx
    while node is not None and explicit is None:  # --file may sit on the command's context
        value = (getattr(node, "params", None) or {}).get("file")
        explicit = Path(value) if value else None
        node = getattr(node, "parent", None)
    try:
        return load(find_file(explicit, os.environ.get(ENV_FILE))).campaign
    except Exception:  # no file, an invalid file: nothing to offer
        return None


def _offer(incomplete: str, entries: list[tuple[str, list[str], str]]) -> list[tuple[str, str]]:
    """entries: (id, names, help). Ids starting with what was typed; else the names that do (the
    commands take a name as well as an id, and Typer keeps only values starting with the word)."""
    typed = incomplete.strip()
    by_id = [(i, h) for i, _, h in entries if i.startswith(typed)]
    if by_id or not typed:
        return by_id
    return list(dict.fromkeys((n, i) for i, names, _ in entries for n in names if n and n.startswith(typed)))


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
