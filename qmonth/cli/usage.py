"""Usage errors (a bad option, a missing argument, an unknown command) in the user's language.

Click writes these in English ("Usage: … Error: Invalid value for '--format' …"). The CLI's command
group hands every such error here, with the words typed, and prints what `message` returns: one
sentence in Chinese or English naming the option and what it accepts, and where to find help.
The exit code stays 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from qmonth.i18n import Lang, listing, t


class Coded(click.UsageError):
    """A usage error of qmonth's own, by i18n code (rendered in the language picked from the args)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def lang_for(args: Sequence[str]) -> Lang:
    """--lang, else $QMONTH_LANG, else the campaign file's language (peeked), else zh."""
    said = _option_value(args, ("--lang",))
    if said in ("zh", "en"):
        return said  # type: ignore[return-value]
    env = os.environ.get("QMONTH_LANG", "")
    if env in ("zh", "en"):
        return env  # type: ignore[return-value]
    from qmonth.core.store import ENV_FILE, find_file, peek_language

    named = _option_value(args, ("--file", "-f"))
    try:
        path = find_file(Path(named) if named else None, os.environ.get(ENV_FILE))
    except Exception:  # no file here: the default language
        return "zh"
    return "en" if peek_language(path) == "en" else "zh"


#: Where the CLI's command group keeps the words typed (the whole command line) in `ctx.meta`,
#: which every context of one run shares: help and completion pick their language from them.
ARGS_META = "qmonth.args"


def lang_of(ctx: click.Context) -> Lang:
    """`lang_for` the command line of the run `ctx` belongs to."""
    return lang_for(ctx.meta.get(ARGS_META, ()))


def _option_value(args: Sequence[str], names: tuple[str, ...]) -> str | None:
    for n, arg in enumerate(args):
        if arg == "--":
            break
        for name in names:
            if arg == name and n + 1 < len(args):
                return args[n + 1]
            if arg.startswith(name + "=") and name.startswith("--"):
                return arg[len(name) + 1 :]
            if not name.startswith("--") and arg.startswith(name) and len(arg) > len(name):
                return arg[len(name) :]
    return None


def _hint(param: Any, ctx: Any) -> str:
    """The option as typed on the command line (--format), or an argument's name (UNIT)."""
    if param is None:
        return "?"
    if isinstance(param, click.Option):
        longs = [o for o in param.opts if o.startswith("--")]
        return (longs or param.opts)[0]
    return (param.metavar or param.name or "?").upper() if param.name else "?"


def _value(exc: click.BadParameter) -> str:
    m = re.match(r"^'?(.*?)'? is not", exc.message)
    return m.group(1) if m else ""


def _bad_parameter(exc: click.BadParameter, lang: Lang) -> str:
    param, option = exc.param, _hint(exc.param, exc.ctx)
    if isinstance(exc, click.MissingParameter):
        code = "usage_missing_option" if isinstance(param, click.Option) else "usage_missing_argument"
        return t(code, lang, option=option)
    kind = getattr(param, "type", None)
    value = _value(exc)
    if isinstance(kind, click.Choice):
        return t("usage_bad_choice", lang, option=option, value=value, choices=listing([str(c) for c in kind.choices], lang))
    if isinstance(kind, click.IntRange) and "not in the range" in exc.message:
        low, high = kind.min, kind.max
        if low is not None and high is not None:
            span = t("usage_range_between", lang, low=low, high=high)
        elif low is not None:
            span = t("usage_range_min", lang, low=low)
        else:
            span = t("usage_range_max", lang, high=high)
        return t("usage_out_of_range", lang, option=option, value=value, range=span)
    if kind is not None and getattr(kind, "name", "") in ("integer", "integer range"):
        return t("usage_not_integer", lang, option=option, value=value)
    return t("usage_bad_value", lang, option=option, value=value)


def message(exc: click.UsageError, lang: Lang) -> str:
    """The error as one or two lines in `lang`: what is wrong, and how to get help."""
    if isinstance(exc, Coded):
        text = t(exc.code, lang, **exc.params)
    elif isinstance(exc, click.BadParameter):
        text = _bad_parameter(exc, lang)
    elif isinstance(exc, click.NoSuchOption):
        text = t("usage_no_such_option", lang, option=exc.option_name) + _did_you_mean(exc.possibilities, lang)
    elif hasattr(exc, "command_name"):  # click's NoSuchCommand (Click 8.4+)
        text = t("usage_no_such_command", lang, name=exc.command_name)
        close = getattr(exc, "possibilities", None)
        if close:
            text += _did_you_mean(close, lang)
        elif exc.ctx is not None and isinstance(exc.ctx.command, click.Group):
            names = exc.ctx.command.list_commands(exc.ctx)
            text += t("usage_commands_are", lang, names=listing(names, lang))
    elif isinstance(exc, click.BadOptionUsage):
        code = "usage_takes_no_value" if "does not take" in exc.message else "usage_needs_value"
        text = t(code, lang, option=exc.option_name)
    elif m := re.match(r"Got unexpected extra arguments? \((.*)\)$", exc.message):
        text = t("usage_extra_args", lang, args=m.group(1))
    else:
        text = t("usage_other", lang, detail=exc.message)
    if exc.ctx is not None:
        text += "\n" + t("usage_help", lang, command=exc.ctx.command_path)
    return text


def _did_you_mean(names: Sequence[str] | None, lang: Lang) -> str:
    if not names:
        return ""
    return t("usage_did_you_mean", lang, names=listing(list(dict.fromkeys(names)), lang))
