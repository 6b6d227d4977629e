"""Turning what a person types (an id, a name, a unique part of a name) into unit and task ids."""

from __future__ import annotations

import difflib
import fnmatch

from qmonth.core.errors import UsageError
from qmonth.core.model import Campaign


def _match(text: str, names: dict[str, list[str]]) -> list[str]:
    """Ids whose id equals `text`, else whose names equal it, else whose names contain it."""
    if text in names:
        return [text]
    exact = [i for i, ns in names.items() if text in ns]
    if exact:
        return exact
    return [i for i, ns in names.items() if any(text in n for n in ns)]


def _closest(text: str, names: dict[str, list[str]]) -> str:
    pool = {n: i for i, ns in names.items() for n in (i, *ns)}
    found = difflib.get_close_matches(text, list(pool), n=5, cutoff=0.3)
    ids = list(dict.fromkeys(pool[f] for f in found))[:3]
    return ", ".join(ids)


# Up to this many ids are listed when nothing is close; beyond, the message points to a command.
LIST_AT_MOST = 20


def _unknown(code: str, text: str, names: dict[str, list[str]]) -> UsageError:
    """ "No such unit/task": the close ones; with none close, every id (a short list) or the command
    that lists them."""
    close = _closest(text, names)
    if close:
        return UsageError(code, text=text, matches=close)
    if len(names) <= LIST_AT_MOST:
        return UsageError(code + "_list", text=text, ids=", ".join(names))
    return UsageError(code + "_none", text=text)


def resolve_unit(c: Campaign, text: str) -> str:
    names = {uid: [u.name, u.short] if u.short else [u.name] for uid, u in c.units.items()}
    found = _match(text.strip(), names)
    if not found:
        raise _unknown("unknown_unit", text, names)
    if len(found) > 1:
        raise UsageError("ambiguous_unit", text=text, matches=", ".join(f"{i}（{c.units[i].label}）" for i in found))
    return found[0]


def recordable(c: Campaign, uid: str) -> str:
    """`uid` when progress can be recorded against it; a unit class not named yet (`named = false`:
    各镇（街道）) is refused, saying how to name its units."""
    unit = c.units[uid]
    if not unit.named:
        raise UsageError("unit_class", unit=unit.label, id=uid)
    return uid


def resolve_units(c: Campaign, texts: list[str]) -> list[str]:
    return list(dict.fromkeys(resolve_unit(c, t) for t in texts))


def resolve_tasks(c: Campaign, text: str) -> list[str]:
    """One task by id or unique part of its title; several by a theme id or an id pattern (publicity-*)."""
    text = text.strip()
    if text in c.tasks:
        return [text]
    if text in c.themes:
        return [tid for tid, task in c.tasks.items() if task.theme == text]
    if any(ch in text for ch in "*?["):
        hits = [tid for tid in c.tasks if fnmatch.fnmatchcase(tid, text)]
        if hits:
            return hits
    numbered = _by_number(c, text)
    if numbered:
        return numbered
    names = {tid: [task.title] for tid, task in c.tasks.items()}
    found = _match(text, names)
    if not found:
        raise _unknown("unknown_task", text, {**names, **{th: [] for th in c.themes}})
    if len(found) > 1:
        raise UsageError("ambiguous_task", text=text, matches=", ".join(found))
    return found


def _by_number(c: Campaign, text: str) -> list[str]:
    """The task whose sub-item number is `text` ("（二）2", "(二)2", "（二）２": the same numbers, any
    brackets or digit width); [] when no task has it or several do (then titles decide)."""
    from qmonth.core.dates import item_number

    wanted = item_number(text)
    if not wanted or not any(ch.isdigit() or ch in "一二三四五六七八九十" for ch in text):
        return []
    hits = [tid for tid, task in c.tasks.items() if task.number and _number_key(task.number) == _number_key(text)]
    return hits if len(hits) == 1 else []


def _number_key(text: str) -> tuple[tuple[int, ...], str]:
    """A sub-item number's numbers and the shape of its brackets, full- and half-width alike."""
    from qmonth.core.dates import item_number

    shape = "".join("(" if ch in "（(" else ")" if ch in "）)" else "." if ch in ".．、" else "" for ch in text)
    return item_number(text), shape
