"""Chinese line breaking in table cells: no line starts with ，、）, none ends with （“; nothing lost."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from qmonth.core.store import load
from qmonth.outputs.wrap import NO_END, NO_START, Wrapped, wrap
from tests.conftest import SHIPPED

TITLES = [task.title for task in load(SHIPPED).campaign.tasks.values()] + [
    "以“双随机、一公开”方式（含抽查）开展检查。",
    "Mixed 中文 and English words, kept whole when they fit.",
]


@pytest.mark.parametrize("width", range(6, 61))
def test_no_forbidden_line_starts_or_ends_and_nothing_lost(width: int) -> None:
    for title in TITLES:
        lines = wrap(title, width)
        assert "".join(lines).replace(" ", "") == title.replace(" ", "")
        assert all(cell_len(line) <= width for line in lines), lines
        assert not [line for line in lines[1:] if line[:1] in NO_START], lines
        assert not [line for line in lines[:-1] if line[-1:] in NO_END], lines


def test_latin_words_are_not_cut_when_they_fit() -> None:
    assert wrap("Mixed 中文 and English words", 12) == ["Mixed 中文", "and English", "words"]


def test_words_keeps_short_words_whole_and_wraps_long_ones_by_the_rules() -> None:
    assert wrap("一(4) 二 三(2) 要求(2)", 13, words=True) == ["一(4) 二", "三(2) 要求(2)"]
    assert wrap("一(4) 二 三(2) 要求(2)", 13) == ["一(4) 二 三", "(2) 要求(2)"]  # without: 三 apart from its (2)
    title = "结合“春雨润民心 信访解民忧”主题活动"  # a long word still fills its lines
    assert wrap(title, 16, words=True) == wrap(title, 16)


def test_wrapped_cell_in_a_rich_table_takes_the_width_the_table_gives() -> None:
    table = Table(box=None, padding=0, show_header=False)
    table.add_column(width=10)
    table.add_row(Wrapped("集中举办“质量大讲堂”，学习法规"))
    console = Console(width=40, record=True, color_system=None)
    console.print(table)
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert lines == ["集中举办", "“质量大讲", "堂”，学习", "法规"]


def test_wrap_code_keeps_quoted_commands_and_bracketed_notes_whole() -> None:
    """What help text (qmonth/cli/helptext.py) wraps with: `a command` and [a note] move whole to the next line."""
    from qmonth.outputs.wrap import wrap_code

    text = "记录某单位已完成的任务，`qmonth tasks` 列出所有编号。冲突标记的长度。  [默认：7；7<=x<=100]"
    for width in range(24, 60):
        lines = wrap_code(text, width)
        assert all(cell_len(line) <= width for line in lines), lines
        joined = "\n".join(lines)
        assert "`qmonth tasks`" in joined and "[默认：7；7<=x<=100]" in joined, lines
    assert wrap_code("`git config merge.qmonth.driver x`", 10)[0] == "`git"  # wider than the line: breaks
