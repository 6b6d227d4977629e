"""The one Typer app and its command group: help in the user's language, usage errors worded for
the user, empty option values refused, `--version`. The commands are registered on `app` in
qmonth/cli/__init__.py, in the order `qmonth -h` lists them; each is written in its group's module
(looking, recording, delivery, files, git).
"""

from __future__ import annotations

from typing import Annotated, Any

import click
import typer
import typer.core


class _HelpContext(click.Context):
    """A context whose help (-h) is written in the user's language (qmonth/cli/helptext.py)."""

    def make_formatter(self) -> click.HelpFormatter:
        from qmonth.cli.helptext import formatter

        return formatter(self)


class _Commands(typer.core.TyperGroup):
    """The command group: refuses an empty value for any option that takes one (`--on ""` must
    not silently mean today), for every command, before the command runs; and turns every usage
    error (Click's English "Error: Invalid value for …") into one message in the user's language
    (qmonth/cli/usage.py), exit code 2. Help and the completion options speak that language too."""

    context_class = _HelpContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault("qmonth.args", list(args))  # usage.ARGS_META: help's language reads it
        if ctx.parent is None:
            _localize(self)
        return super().parse_args(ctx, args)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        from qmonth.cli.complete import register

        register()  # candidates quoted for the shell that asks (qmonth/cli/complete.py)
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None:
            _refuse_empty_values(cmd, rest)
        return name, cmd, rest

    def make_context(self, info_name: Any, args: list[str], parent: Any = None, **extra: Any) -> Any:
        typed = list(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _localized(exc, typed) from None

    def invoke(self, ctx: Any) -> Any:
        typed = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _localized(exc, typed) from None


def _localize(group: click.Group) -> None:
    """Every command's help, and Typer's completion options, in the user's language (set once the
    tree is built, before the command line is parsed; nothing is imported until help is shown);
    paths are not checked by Click (see below)."""
    from functools import partial

    from qmonth.cli.complete import localized

    todo: list[Any] = list(group.commands.values())
    while todo:
        cmd = todo.pop()
        cmd.context_class = _HelpContext
        todo += getattr(cmd, "commands", {}).values()
        for param in cmd.params:
            # Typer's Path checks that an existing path is readable, and Click's refusal is a usage
            # error (exit 2, "Path '…' is not readable"): the file is opened where it is used, and
            # a file that cannot be read is exit 3 with its cause (core/store.py, edit/write.py)
            if isinstance(param.type, click.Path):
                param.type.readable = False
    for param in group.params:
        if param.name in ("install_completion", "show_completion") and not isinstance(param.callback, partial):
            param.callback = partial(localized, param.callback)


def _localized(exc: Any, args: list[str]) -> Any:
    from qmonth.cli import usage

    if isinstance(exc, (click.exceptions.NoArgsIsHelpError, _UsageShown)):
        return exc
    return _UsageShown(usage.message(exc, usage.lang_for(args)), exc.ctx)


class _UsageShown(click.UsageError):
    """A usage error already worded for the user: printed as is (no "Usage:"/"Error:")."""

    def show(self, file: Any = None) -> None:
        from qmonth.outputs.text import lit

        typer.echo("\n".join(lit(line) for line in self.message.split("\n")), err=True)


def _refuse_empty_values(cmd: Any, args: list[str]) -> None:
    import click

    takes_value = {
        opt
        for param in cmd.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for opt in (*param.opts, *param.secondary_opts)
    }
    for n, arg in enumerate(args):
        if arg == "--":
            return
        name, eq, value = arg.partition("=")
        empty = (eq and name in takes_value and not value) or (arg in takes_value and n + 1 < len(args) and not args[n + 1])
        if empty:
            from qmonth.cli.usage import Coded

            raise Coded("empty_option", option=name)


app = typer.Typer(
    cls=_Commands,
    name="qmonth",
    help="Track a 质量月 campaign from one TOML file: who has done what, what is overdue, whom to call.",
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish)
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"qmonth {version('qmonth')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("qmonth (not installed)")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show qmonth's version and exit.")
    ] = False,
) -> None:
    """Track a 质量月 campaign from one TOML file: who has done what, what is overdue, whom to call."""
