"""The manual's references, generated from the code at build time (an MkDocs hook, see mkdocs.yml).

- `campaign_reference(lang)`: every key of campaign.toml, from the Pydantic models in
  qmonth/core/model.py — its type, its default and its meaning (the field's `Field(description=…)`,
  else the comment on the field's line, else the comment lines just above it).
- `command_reference(lang)`: every command and option of the Typer app, with its help in English
  (as declared) or in Chinese (qmonth/cli/helptext.py).

Neither is committed: the pages are made at each build, so they cannot drift from the code, and
tests/test_docs.py fails when a key has no meaning or a command or option no help. The hook also
serves a few repository files the pages link to (the shipped campaign, the demo, the JSON schemas).
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

ROOT = Path(__file__).resolve().parent.parent

# pages made by the hook: path in the site → (function, its argument)
GENERATED = {
    "reference/campaign.md": ("campaign", "zh"),
    "en/reference/campaign.md": ("campaign", "en"),
    "reference/commands.md": ("commands", "zh"),
    "en/reference/commands.md": ("commands", "en"),
    "dev/schemas.md": ("schemas", "en"),
}
# repository files the pages link to, served at the same path
SERVED = ["campaign.toml", "examples/demo-campaign.toml", "schema/status.schema.json", "schema/remind.schema.json",
          "schema/trend.schema.json"]


# ── campaign.toml, from the models ────────────────────────────────────────────────────────────

def _comments(cls: type) -> dict[str, str]:
    """Field name → the comment that documents it in the class's source: the comment on its line,
    else the comment lines just above it."""
    out: dict[str, str] = {}
    above: list[str] = []
    for line in inspect.getsource(cls).splitlines()[1:]:
        stripped = line.strip()
        if stripped.startswith("#"):
            above.append(stripped.lstrip("#").strip())
            continue
        m = re.match(r"^    (\w+): [^#]*?(?:#\s*(.*))?$", line)
        if m and not line.startswith("     "):
            trailing = m.group(2)
            text = trailing if trailing else " ".join(above)
            out[m.group(1)] = text.strip()
        above = []
    return out


def _type(annotation: Any, lang: str) -> str:
    from pydantic import BaseModel

    zh = lang == "zh"
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0], lang)
    if origin in (Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return " | ".join(_type(a, lang) for a in rest)
    if origin is Literal:
        return " | ".join(f'"{a}"' for a in args)
    if origin is list:
        return (f"{_type(args[0], lang)} 的数组" if zh else f"array of {_type(args[0], lang)}") if args else "array"
    if origin is dict:
        return f"表：键 → {_type(args[1], lang)}" if zh else f"table: key → {_type(args[1], lang)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "表" if zh else "table"
    names = {str: ("字符串", "string"), int: ("整数", "integer"), bool: ("布尔值", "boolean"),
             dt.date: ("日期", "date"), dt.time: ("时刻", "time of day")}
    if annotation in names:
        return names[annotation][0 if zh else 1]
    return str(annotation)


def _default(field: Any, lang: str) -> str:
    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    zh = lang == "zh"
    if field.default_factory is not None:
        value = field.default_factory()
    elif field.default is PydanticUndefined:
        return "**必填**" if zh else "**required**"
    else:
        value = field.default
    if isinstance(value, BaseModel):
        return "（见下）" if zh else "(see below)"
    if value is None:
        return "（无）" if zh else "(none)"
    if value == "":
        return '`""`'
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (list, dict)) and not value:
        return "`[]`" if isinstance(value, list) else "`{}`"
    if isinstance(value, list):
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value}`"


def _tables() -> Iterator[tuple[str, type]]:
    """(the TOML table a model is written as, the model), in the order of a campaign file."""
    from qmonth.core import model as m

    yield "[campaign]", m.CampaignInfo
    yield "[campaign.contact] / [[campaign.contact]]", m.Contact
    yield "[calendar]", m.CalendarConfig
    yield "[themes.ID]", m.Theme
    yield "[tasks.ID]", m.Task
    yield "[units.ID]", m.Unit
    yield "[units.ID.liaison]", m.Liaison
    yield "[units.ID.progress.TASK]", m.Record
    yield "[forms.ID]", m.Form
    yield "[[forms.ID.fields]]", m.FormField
    yield "[notify.NAME]", m.Channel
    yield "[reminders]", m.Reminders
    yield "[reminders.templates]", m.Templates
    yield "[serve]", m.ServeConfig
    yield "(top level)", m.Campaign


def meanings(cls: type) -> dict[str, str]:
    """Field name → its meaning ("" when the code gives none: tests/test_docs.py fails on that)."""
    comments = _comments(cls)
    fields = cls.model_fields  # type: ignore[attr-defined]
    return {name: (field.description or comments.get(name, "")) for name, field in fields.items()}


def campaign_reference(lang: str) -> str:
    zh = lang == "zh"
    out = [
        "# 活动文件参考：campaign.toml" if zh else "# `campaign.toml`: every key",
        "",
        (
            "本页由 `docs/gen_ref.py` 在生成手册时从 `qmonth/core/model.py` 的数据模型生成：每个键的类型、默认值和含义"
            "（含义取自代码中的说明，为英文）。未列出的键是错误（`qmonth check` 会报出它的行号）。"
            "活动文件的写法见随附的 `campaign.toml`，它有逐段的中文注释。"
            if zh
            else "Generated from the Pydantic models in `qmonth/core/model.py` by `docs/gen_ref.py` each time the manual "
            "is built: every key, its type, its default and its meaning. A key not listed here is an error "
            "(`qmonth check` names its line). How the file is written: [The `campaign.toml` file](../guide/campaign-file.md)."
        ),
        "",
    ]
    head = "| 键 | 类型 | 默认值 | 含义 |" if zh else "| key | type | default | meaning |"
    for table, cls in _tables():
        out += [f"## `{table}`" if not table.startswith("(") else ("## 顶层" if zh else "## Top level"), ""]
        doc = cls.__dict__.get("__doc__")
        if doc and not zh:
            out += [" ".join(inspect.cleandoc(doc).split()), ""]
        out += [head, "|---|---|---|---|"]
        mean = meanings(cls)
        for name, field in cls.model_fields.items():  # type: ignore[attr-defined]
            text = mean[name].replace("|", "\\|")
            kind = _type(field.annotation, lang).replace("|", "\\|")
            out.append(f"| `{name}` | {kind} | {_default(field, lang)} | {text} |")
        out.append("")
    return "\n".join(out)


# ── the command line, from the Typer app ──────────────────────────────────────────────────────

def commands() -> Iterator[tuple[str, Any]]:
    """("qmonth status", its Click command) for every command, groups and their subcommands."""
    import click
    from typer.main import get_command

    from qmonth.cli import app

    def walk(cmd: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
        yield path, cmd
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd, info_name=path)
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    yield from walk(sub, f"{path} {name}")

    yield from walk(get_command(app), "qmonth")


def options(cmd: Any, path: str) -> list[Any]:
    import click

    ctx = click.Context(cmd, info_name=path)
    return [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False)]


def _help(text: str | None, lang: str) -> str:
    from qmonth.cli.helptext import option_help

    if not text:
        return ""
    text = inspect.cleandoc(text)
    if lang == "zh":
        return option_help(text)
    return text


def _usage(cmd: Any, path: str) -> str:
    import click

    ctx = click.Context(cmd, info_name=path)
    return " ".join([path, *cmd.collect_usage_pieces(ctx)])


def command_reference(lang: str) -> str:
    import click

    zh = lang == "zh"
    out = [
        "# 命令参考" if zh else "# Every command and option",
        "",
        (
            "本页由 `docs/gen_ref.py` 在生成手册时从命令行程序本身生成（中文帮助来自 `qmonth/cli/helptext.py`），"
            "与 `qmonth 命令 -h` 显示的相同。"
            if zh
            else "Generated from the Typer app by `docs/gen_ref.py` each time the manual is built: the same help as "
            "`qmonth COMMAND -h --lang en`."
        ),
        "",
    ]
    for path, cmd in commands():
        out += [f"## `{path}`", "", f"`{_usage(cmd, path)}`", ""]
        if cmd.help:
            out += [_help(cmd.help, lang).replace("\n\n", "\n\n"), ""]
        rows = []
        for param in options(cmd, path):
            if isinstance(param, click.Argument):
                name = f"`{param.human_readable_name}`"
            else:
                name = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
            kind = "" if getattr(param, "is_flag", False) else param.type.name.upper()
            choices = getattr(param.type, "choices", None)
            if choices:
                kind = "|".join(str(c) for c in choices)
            help_ = _help(getattr(param, "help", None), lang).replace("\n", " ").replace("|", "\\|")
            rows.append(f"| {name} | {kind.replace('|', chr(92) + '|')} | {help_} |")
        if rows:
            out += ["| 选项 | 取值 | 说明 |" if zh else "| option | value | what it does |", "|---|---|---|", *rows, ""]
    return "\n".join(out)


def schemas_page() -> str:
    """The published JSON Schemas (schema/*.schema.json), each whole, as the contract consumers check."""
    out = [
        "# The JSON schemas",
        "",
        "The JSON that `status`, `remind` and `trend` print with `--format json` follows these schemas "
        "(schema/*.schema.json in the repository, copied here at each build; what each key means: "
        "[JSON output](json.md)).",
        "",
    ]
    for path in sorted((ROOT / "schema").glob("*.schema.json")):
        out += [f"## `{path.name}`", "", f"[Download]({path.relative_to(ROOT).as_posix().replace('schema/', '../schema/')})", "",
                "```json", path.read_text(encoding="utf-8").rstrip(), "```", ""]
    return "\n".join(out)


def page(kind: str, lang: str) -> str:
    if kind == "schemas":
        return schemas_page()
    return campaign_reference(lang) if kind == "campaign" else command_reference(lang)


# ── the MkDocs hook ─────────────────────────────────────────────────────────────────────────────

def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    for path, (kind, lang) in GENERATED.items():
        files.append(File.generated(config, path, content=page(kind, lang)))
    for path in SERVED:
        files.append(File.generated(config, path, content=(ROOT / path).read_bytes()))
    return files
