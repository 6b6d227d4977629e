"""Everything a user reads, in Chinese and English. `t(code, lang, **params)` picks one.

The messages are Python data, one module per area (`loading`, `dates`, `recording`, `forms`, `screens`,
`office`, `history`, `delivery`, `usage`), each a dict of code → (zh, en), merged below into MESSAGES.
We stay with this rather than gettext catalogues: no .po → .mo build step and no file read at start-up,
a code names each message (not its Chinese text), both languages sit side by side for review, and
tests/test_i18n.py checks every code has every language with the same {named} params and is defined once.
To add a third language: add it to `Lang` and `LANGS`, give every tuple a third string (area by area;
the test lists what is missing), and let `t()` pick `pair[LANGS.index(lang)]`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from qmonth.i18n import dates, delivery, forms, history, intake, loading, office, recording, screens, usage, web

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# Each area's messages, by module name; a code is defined in exactly one area (tests/test_i18n.py).
AREAS: dict[str, dict[str, tuple[str, str]]] = {
    "loading": loading.MESSAGES,
    "dates": dates.MESSAGES,
    "recording": recording.MESSAGES,
    "forms": forms.MESSAGES,
    "screens": screens.MESSAGES,
    "office": office.MESSAGES,
    "history": history.MESSAGES,
    "delivery": delivery.MESSAGES,
    "usage": usage.MESSAGES,
    "web": web.MESSAGES,
    "intake": intake.MESSAGES,
}

MESSAGES: dict[str, tuple[str, str]] = {
    **loading.MESSAGES,
    **dates.MESSAGES,
    **recording.MESSAGES,
    **forms.MESSAGES,
    **screens.MESSAGES,
    **office.MESSAGES,
    **history.MESSAGES,
    **delivery.MESSAGES,
    **usage.MESSAGES,
    **web.MESSAGES,
    **intake.MESSAGES,
}


def listing(items: Iterable[str], lang: Lang) -> str:
    """Items named in a run: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return ("、" if lang == "zh" else ", ").join(items)


def t(code: str, lang: Lang = "zh", **params: object) -> str:
    """The message `code` in `lang`, filled with `params`; unknown codes fall back to the code."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code + (" " + repr(params) if params else "")
    template = pair[0] if lang == "zh" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
