"""The parts of a 公文 (GB/T 9704-2012) that the 通报 and the 总结 share in every format: the 版头's
发文机关标志, the 主送机关, and the title cut into lines between words. Pure: no clock, no file.

**Where a title may break.** LibreOffice, WPS and Word wrap a long title each in their own place,
often inside a word (质量/月, 活/动总结), so the title is cut into lines here and each line ends
with an explicit break. The author may write the break points of the campaign's title in the file
(`[campaign] title_lines`, pieces that join to exactly `title`). Without them, and around the
title (关于…开展情况的通报, …总结), a line may break only:

- before an opening quote or bracket (“ 《 （ 「) and after a closing one or a pause (” 》 ） 」 、 ， ： ；);
- after a year (2024年), after 关于 and 的, after 全市/全省/全国/全区/全县 and after 系统/活动/工作;
- before 关于, 开展, 总结, 通报 and 情况的.

The lines are then as few as the 版心 allows (20 characters of 二号 in 156 mm; a digit or Latin
letter counts half) and as even as those break points allow.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import TYPE_CHECKING

from qmonth.i18n import Lang

if TYPE_CHECKING:
    from qmonth.core.model import Campaign
    from qmonth.core.schedule import Report

TITLE_LINE_WIDTH = 20.0  # 二号 (22 pt = 7.76 mm) characters in the 156 mm 版心

OPENERS = "“《（(「〔"
CLOSERS = "”》）)」〕、，：；"
AFTER_WORDS = ("关于", "的", "全市", "全省", "全国", "全区", "全县", "系统", "活动", "工作")
BEFORE_WORDS = ("关于", "开展", "总结", "通报", "情况的")
YEAR = re.compile(r"\d{4}年")


def width(text: str) -> float:
    """A title's width in characters of its font: a Chinese character 1, a digit or Latin letter ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def rule_breaks(text: str) -> set[int]:
    """Positions p (a break between text[p-1] and text[p]) the stated rule allows."""
    out: set[int] = set()
    for p in range(1, len(text)):
        before, after = text[:p], text[p:]
        if after[0] in OPENERS or before[-1] in CLOSERS or before.endswith(AFTER_WORDS) or after.startswith(BEFORE_WORDS):
            out.add(p)
    for m in YEAR.finditer(text):
        out.add(m.end())
    return {p for p in out if 0 < p < len(text) and text[p] not in CLOSERS and text[p - 1] not in OPENERS}


def title_lines(
    full: str, campaign_title: str = "", pieces: list[str] | None = None, most: float = TITLE_LINE_WIDTH
) -> list[str]:
    """`full` (the document's title, which holds the campaign's title) cut into as few lines of at
    most `most` as the break points allow, as even as they allow. `pieces`: the author's cut of
    the campaign title: inside it, only those breaks (and the title's two ends)."""
    breaks = rule_breaks(full)
    at = full.find(campaign_title) if campaign_title else -1
    if pieces and at >= 0:
        inside = set(range(at + 1, at + len(campaign_title)))
        breaks -= inside
        breaks |= {at, at + len(campaign_title)}
        offset = at
        for piece in pieces[:-1]:
            offset += len(piece)
            breaks.add(offset)
        breaks = {p for p in breaks if 0 < p < len(full)}
    cuts = [0, *sorted(breaks), len(full)]
    segments = [full[a:b] for a, b in itertools.pairwise(cuts)]
    return _fewest_even_lines(segments, most)


def _fewest_even_lines(segments: list[str], most: float) -> list[str]:
    """Join consecutive segments into lines: the fewest lines none wider than `most` (a segment
    wider than that is a line of its own), then the smallest widest line."""
    n = len(segments)
    if n == 0:
        return []
    w = [width(s) for s in segments]

    def span(i: int, j: int) -> float:
        return sum(w[i:j])

    inf = (10**9, 10.0**9)
    # best[j] = (lines, widest) for segments[:j]; back[j] = where its last line starts
    best: list[tuple[int, float]] = [(0, 0.0)] + [inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j):
            line = span(i, j)
            if line > most and j - i > 1:
                continue
            lines, widest = best[i]
            cand = (lines + 1, max(widest, line))
            if cand < best[j]:
                best[j], back[j] = cand, i
    out: list[str] = []
    j = n
    while j > 0:
        i = back[j]
        out.append("".join(segments[i:j]))
        j = i
    return out[::-1]


def issuer_mark(c: Campaign, lang: Lang) -> str:
    """发文机关标志: the issuer's name and 文件 (GB/T 9704 7.2.3); empty without an issuer."""
    issuer = c.campaign.issuer.strip()
    if not issuer:
        return ""
    return issuer + "文件" if lang == "zh" else issuer


def addressees(c: Campaign, report: Report, lang: Lang) -> str:
    """主送机关: `[campaign] to` as written, else the kinds of the units covered, in the order the
    units come, each kind's name from [kinds] (各… where it names several units), ending with ：."""
    written = c.campaign.to.strip()
    if written:
        return written if written.endswith(("：", ":")) else written + ("：" if lang == "zh" else ":")
    counts: dict[str, int] = {}
    for row in report.units:
        kind = c.units[row.id].kind
        counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return ""
    names = []
    for kind, n in counts.items():
        name = c.kinds.get(kind, kind)
        if lang == "zh" and n > 1 and not name.startswith("各"):
            name = "各" + name
        names.append(name)
    return "，".join(names) + "：" if lang == "zh" else "To: " + "; ".join(names) + ":"
