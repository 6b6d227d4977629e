"""The coordinator's one screen: the peak day, the campaign over, narrow terminals, whom to call."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from rich.cells import cell_len

from tests.conftest import DEMO, ROOT, SHIPPED, UNIT_LABELS, Run, mutate
from tests.test_cli import golden

UNITS = UNIT_LABELS


def section(out: str, title: str) -> list[str]:
    """The lines of the table whose title starts with `title`, up to the next blank line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_peak_day_fits_one_screen_with_every_overdue_unit_once(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = run("status", "-f", DEMO, "--today", "2024-10-08").stdout
    lines = out.splitlines()
    assert len(lines) <= 60
    assert max(cell_len(line) for line in lines) <= 100
    late = section(out, "逾期事项")
    assert late[0].startswith("逾期事项（141 项，14 个单位）")
    rows = [row for row in late[3:] if row.split()[0] in UNITS]
    assert sorted(row.split()[0] for row in rows) == sorted(UNITS)  # every unit, once
    # most urgent first: the three without a receipt (28 days) before the rest (8 days)
    assert [row.split()[2] for row in rows[:3]] == ["28", "28", "28"]
    assert {row.split()[0] for row in rows[:3]} == {"雷州市", "吴川市", "奋勇高新区"}
    chikan = next(row for row in rows if row.startswith("赤坎区"))
    assert chikan.split()[1:3] == ["2", "8"] and "林晓燕 13802715638" in chikan and chikan.rstrip().endswith("五 八")
    # a unit with one item owes that task, by its title, wrapped whole under its row (never cut with …)
    owed = owed_cells(late)
    assert owed["霞山区"] == "依托“质量月”线上云观摩平台开展质量标杆经验交流、质量实践分享活动"
    assert "status --all" in out


def owed_cells(late: list[str], head: str = "欠交") -> dict[str, str]:
    """The compact overdue list's last column (what is owed), per unit, its wrapped lines joined."""
    rule = next(i for i, line in enumerate(late) if line.startswith("─"))  # under a header of one or more lines
    header = next(line for line in late[1:rule] if head in line)
    start = cell_len(header[: header.index(head)])
    owed: dict[str, list[str]] = {}
    unit = ""
    for row in late[rule + 1 :]:
        if not row.strip() or (not row.startswith(" ") and row.split()[0] not in UNITS):
            break  # the line of hints under the table
        if not row.startswith(" "):
            unit = row.split()[0]
        owed.setdefault(unit, []).append(row[len(_cut(row, start)) :].strip())
    return {u: "".join(parts) if not re.search(r"\(\d\)|^. ", parts[0]) else " ".join(parts) for u, parts in owed.items()}


@pytest.mark.parametrize(("lang", "head"), [("zh", "欠交"), ("en", "Owed")])
def test_narrow_terminal_wraps_what_is_owed_never_cuts_it(
    run: Run, monkeypatch: pytest.MonkeyPatch, lang: str, head: str
) -> None:
    """At 60 columns the "what" of who, how late, whom to call wraps over lines, whole; the theme
    list breaks between themes, never inside `一(4)`; every unit stays on screen with its number."""
    args = ("status", "-f", DEMO, "--today", "2024-10-08", "--lang", lang)
    monkeypatch.setenv("COLUMNS", "200")
    title = "逾期事项" if lang == "zh" else "Overdue"
    wide = owed_cells(section(run(*args).stdout, title), head)
    monkeypatch.setenv("COLUMNS", "60")
    out = run(*args).stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 60
    late = section(out, title)
    assert "…" not in "\n".join(late)
    narrow = owed_cells(late, head)
    assert sorted(narrow) == sorted(UNITS)
    assert narrow == wide  # nothing lost: the same text, only wrapped
    assert narrow["吴川市"] == "一(4) 二 三(2) 四 五(3) 七(2) 八(3) 要求(2)"
    first = next(i for i, row in enumerate(late) if row.startswith("吴川市"))
    rows = [late[first], *itertools.takewhile(lambda row: row.startswith(" "), late[first + 1 :])]
    assert len(rows) >= 3  # over several lines, split between themes: each line ends with a whole `三(2)`
    assert all(row.split()[-1] in narrow["吴川市"].split() for row in rows), rows
    assert "13802715638" in next(row for row in late if row.startswith("赤坎区"))


def test_all_lists_every_overdue_item(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = run("status", "-f", DEMO, "--today", "2024-10-08", "--all").stdout
    late = section(out, "逾期事项（141）")
    # the 回执 of 3 units is days late; the activity items (implied by the period) are "not reported"
    assert sum(1 for row in late[3:] if re.search(r"\d+ 天", row)) == 3
    assert sum(1 for row in late[3:] if "未报完成情况" in row) == 138


def test_a_short_overdue_list_stays_itemised(run: Run) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-09-20").stdout
    assert "逾期事项（3）" in out and "雷州市      2024-09-10  10 天/7 工作日  未报回执，无电话  报送联络员回执" in out


def a_terminal(monkeypatch: pytest.MonkeyPatch, lines: int) -> None:
    """From now on qmonth writes as to a terminal of `lines` rows (Rich's TTY_COMPATIBLE), in the
    test's process; `screen` removes the colour. `on_a_terminal` is the real thing (a pty)."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("LINES", str(lines))


def screen(result: Result) -> str:
    """What a terminal shows of `result`'s output, colour removed."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\", "", result.stdout)


def test_a_terminal_height_decides_what_fits(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    a_terminal(monkeypatch, 25)  # 3 overdue items do not fit with the matrix in 25 lines
    out = screen(run("status", "-f", DEMO, "--today", "2024-09-20"))
    assert "逾期事项（3 项，3 个单位）" in out


def test_shipped_campaign_over_is_a_compact_final_summary(run: Run) -> None:
    result = run("status", "-f", SHIPPED)  # run today: the 2024 campaign is long over
    assert result.exit_code == 0
    out = result.stdout
    assert len(out.splitlines()) <= 30
    assert "活动已结束（最后截止日 2024-10-09）" in out
    assert not re.search(r"\d+ 天", out)  # no growing delay count
    assert "合计：完成 0/237 项（0%），按时完成率 0%，始终未完成 237 项。" in out
    assert out.count("全部未完成") == 14
    assert "这个文件还没有记录任何进度" in out and "qmonth tasks" in out  # a newcomer knows what next


def test_final_summary_completion_on_time_and_what_was_never_done(run: Run) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-11-20").stdout
    rows = {line.split()[0]: line.split() for line in section(out, "最终结果")[3:]}
    assert rows["赤坎区"][1:4] == ["16/19", "84%", "84%"] and rows["赤坎区"][4:] == ["五", "八", "要求"]
    assert rows["行业协会"][1:4] == ["4/8", "50%", "37%"]  # one done late: counts done, not on time
    assert rows["吴川市"][4:] == ["全部未完成"]
    assert "合计：完成 82/235 项（34%）" in out
    full = run("status", "-f", DEMO, "--today", "2024-11-20", "--all").stdout
    assert "各单位进度（完成/应做）" in full and "逾期事项（153）" in full


def test_narrow_terminal_keeps_every_unit_and_its_light(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = run("status", "-f", DEMO, "--today", "2024-09-20").stdout
    golden("status-demo-60.txt", out)
    assert max(cell_len(line) for line in out.splitlines()) <= 60
    matrix = section(out, "各单位进度")
    for unit in UNITS:
        row = next(line for line in matrix if line.startswith(unit))
        assert re.search(r"● (红|黄|绿)\s*$", row), row
    assert "省略各主题列" in out


@pytest.mark.parametrize("columns", ["40", "60", "72", "100"])
def test_units_and_lights_on_screen_at_any_width(run: Run, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = run("status", "-f", DEMO, "--today", "2024-10-08").stdout
    matrix = section(out, "各单位进度")
    assert all(any(unit in line for line in matrix) for unit in UNITS)
    assert sum("● 红" in line for line in matrix) == 14


def test_wrapped_chinese_never_starts_a_line_with_closing_punctuation(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    for width in range(56, 90, 3):
        monkeypatch.setenv("COLUMNS", str(width))
        for args in (("status", "--all", "--today", "2024-10-08"), ("status", "-u", "坡头", "--today", "2024-10-08"), ("tasks",)):
            out = run(*args, "-f", DEMO).stdout
            for line in out.splitlines():
                cells = re.split(r"\s{2,}", line.strip())
                assert not any(cell[:1] in "，、。）”：；" for cell in cells if cell), (width, line)


def test_whom_to_call_without_a_liaison(run: Run, tmp_path: Path) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-09-20", "-u", "雷州").stdout
    assert "联络员：未报回执，也没有单位电话" in out
    remind = run("remind", "-f", DEMO, "--today", "2024-09-20").stdout
    assert "雷州市住房和城乡建设局（leizhou）  联络员：未报回执\n" in remind


def test_unit_checklist_shows_task_ids(run: Run) -> None:
    out = run("status", "-f", DEMO, "--today", "2024-09-20", "-u", "赤坎").stdout
    for tid in ("receipt", "publicity-media", "site-visit-local", "summary"):
        assert re.search(rf"^\S*\s+{re.escape(tid)}\s", out, re.MULTILINE), tid
    assert "任务 / 编号" in out


def test_unit_names_with_markup_stay_literal_in_the_compact_list(run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    mutate(demo, 'short = "吴川市"', 'short = "[b]吴川[/b]"')
    out = run("status", "-f", demo, "--today", "2024-10-08").stdout
    assert section(out, "逾期事项")[3].startswith("[b]吴川[/b]  ")


def _cut(line: str, cells: int) -> str:
    """The part of `line` in its first `cells` terminal cells."""
    out, used = "", 0
    for ch in line:
        if used >= cells:
            break
        out += ch
        used += cell_len(ch)
    return out


def test_no_ambiguous_width_character_before_the_last_column(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A character of ambiguous width (— ● “ …) is two cells in some CJK terminals: anywhere but in
    the last column it would push the columns after it out of line."""
    import unicodedata

    monkeypatch.setenv("COLUMNS", "100")
    for args in (("--today", "2024-09-20"), ("--today", "2024-10-08"), ("--today", "2024-10-08", "--all")):
        out = run("status", "-f", DEMO, *args).stdout
        for title, last in (("各单位进度", "状态"), ("逾期事项", "欠交"), ("逾期事项", "任务"), ("临近截止", "联络员")):
            if not any(line.startswith(title) for line in out.splitlines()):
                continue
            lines = section(out, title)
            if last not in lines[1]:
                continue
            start = cell_len(lines[1][: lines[1].index(last)])
            for row in lines[3:]:
                if not row.startswith(" ") and row.split()[0] not in UNITS:
                    continue  # not a row: the line of hints under the table
                head = _cut(row, start)
                assert not [ch for ch in head if unicodedata.east_asian_width(ch) == "A"], row


@pytest.mark.parametrize("columns", ["60", "90"])  # at 60 the headers and what is owed fold over lines
@pytest.mark.parametrize("args", [("--today", "2024-10-08"), ("--today", "2024-11-20")])
def test_thousands_of_units_get_the_same_compact_tables_from_the_lean_grid(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], columns: str
) -> None:
    from qmonth.outputs import layout

    monkeypatch.setenv("COLUMNS", columns)
    rich_lines = [line.rstrip() for line in run("status", "-f", DEMO, *args).stdout.splitlines()]
    monkeypatch.setattr(layout, "BIG_TABLE", 0)
    grid_lines = [line.rstrip() for line in run("status", "-f", DEMO, *args).stdout.splitlines()]
    assert grid_lines == rich_lines


# ── one screen on a terminal of a known height ───────────────────────────────

# Whom to call for each unit late on the peak day (2024-10-08), as the overdue list says it.
PEAK_CALLS = {
    "吴川市": "未报回执，无电话",
    "奋勇高新区": "未报回执，无电话",
    "雷州市": "未报回执，无电话",
    "经开区": "杨淑华 13580276149",
    "麻章区": "黄丽娟 13729035527",
    "坡头区": "吴海鸥 13922760481",
    "徐闻县": "郑秋红 13660931845",
    "遂溪县": "莫建华 15819604732",
    "参建企业": "邓伟强 13926143507",
    "行业协会": "何美玲 13560398721",
    "廉江市": "梁俊杰 18927614053",
    "赤坎区": "林晓燕 13802715638",
    "霞山区": "陈志坚 13827549016",
    "市质量中心": "冯志远 13809871264",
}


def on_a_terminal(args: list[str], columns: int, rows: int) -> str:
    """qmonth run on a real pseudo-terminal of `columns` × `rows` (no COLUMNS/LINES): what it shows, colour removed."""
    import fcntl
    import os
    import select
    import struct
    import subprocess
    import sys
    import termios

    main, tty = os.openpty()
    fcntl.ioctl(tty, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "qmonth", *args], stdin=tty, stdout=tty, stderr=subprocess.PIPE, env=env)
    os.close(tty)
    shown = b""
    try:
        while select.select([main], [], [], 60)[0]:
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: the program ended and closed the terminal
                break
            if not data:
                break
            shown += data
    finally:
        os.close(main)
        proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8")).replace("\r\n", "\n")


PTY = pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
TITLE = "2024年全市住房城乡建设系统“质量月”活动"
LIGHTS = {"zh": "红 14 · 黄 0 · 绿 0", "en": "red 14 · yellow 0 · green 0"}
OVERDUE = {"zh": "逾期事项（141 项，14 个单位）", "en": "Overdue (141 items, 14 units)"}
SOON = {
    "zh": "另有 12 项临近截止（12 个单位，最早 2024-10-09 截止），见 qmonth status --all",
    "en": "Also 12 items due soon (12 units, the first on 2024-10-09): see qmonth status --all",
}
LATE = {"zh": r"\d+ 天", "en": r"\d+ d\b"}


def unit_rows(late: list[str], one_line: bool = True) -> list[str]:
    """The rows of a compact overdue list under its rule that start with a unit's whole name, up to
    the first line that is not a unit's (`one_line=False`: a row's wrapped lines are passed over)."""
    rule = next(i for i, line in enumerate(late) if line.startswith("─"))
    rows = []
    for line in late[rule + 1 :]:
        if line.startswith(" ") and line.strip() and not one_line:
            continue
        if not line.strip() or line.split()[0] not in UNITS:
            break
        rows.append(line)
    return rows


@PTY
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("columns", "rows"), [(100, 45), (100, 30), (80, 24), (60, 30)])
def test_peak_day_fits_the_terminal_and_keeps_who_is_late_and_whom_to_call(columns: int, rows: int, lang: str) -> None:
    out = on_a_terminal(["status", "-f", str(DEMO), "--today", "2024-10-08", "--lang", lang], columns, rows)
    lines = out.splitlines()
    assert len(lines) <= rows - 1, out  # the whole screen, and the shell's prompt after it
    assert max(cell_len(line) for line in lines) <= columns
    assert lines[0].startswith(TITLE) and lines[1] == LIGHTS[lang], out  # never scrolled away
    late = lines[next(i for i, line in enumerate(lines) if line.startswith(OVERDUE[lang])) :]
    units = unit_rows(late, one_line=columns < 100)  # at 100 columns two long titles wrap under their row
    assert [row.split()[0] for row in units] == list(PEAK_CALLS), out  # every late unit (one line each when short)
    for row in units:  # how late, and whom to call, on the unit's line
        assert re.search(LATE[lang], row), row
    if lang == "zh":
        for unit, call in PEAK_CALLS.items():
            assert call in next(row for row in units if row.startswith(unit))
    # what matters less is folded, into one line that says where the rest is
    assert "临近截止的单位" not in out and "Due soon" not in out
    if rows >= 30:
        assert SOON[lang] in out.replace("\n", " ")
        assert any(line.endswith("qmonth status --all") for line in lines)  # a command is never split
    if rows <= 30:  # no room for the 14 rows of the matrix either
        assert sum("● " in line for line in lines) < 14


@PTY
@pytest.mark.parametrize(
    ("lang", "cut"),
    [("zh", "…另有 9 个单位逾期，见 qmonth status --all"), ("en", "…9 more units overdue: see qmonth status --all")],
    ids=["zh", "en"],
)
def test_a_very_short_terminal_keeps_the_top_and_cuts_the_bottom_of_the_overdue_list(lang: str, cut: str) -> None:
    """When nothing else can be folded, the hints and blank lines go, then the least urgent units:
    the title, the date and the light counts stay on top, and a line says how many more are late."""
    out = on_a_terminal(["status", "-f", str(DEMO), "--today", "2024-10-08", "--lang", lang], 80, 12)
    lines = out.splitlines()
    assert len(lines) <= 11, out
    assert lines[0].startswith(TITLE) and "2024-10-08" in lines[0] and lines[1] == LIGHTS[lang]
    assert lines[2].startswith(OVERDUE[lang])  # the hints and blank lines went first
    units = unit_rows(lines[2:])
    assert [row.split()[0] for row in units] == list(PEAK_CALLS)[:5]  # the most urgent first
    assert lines[-1] == cut


@PTY
@pytest.mark.parametrize(
    ("lang", "over", "total"),
    [
        ("zh", "活动已结束（最后截止日 2024-10-09），以下为最终状态。", "合计：完成 82/235 项（34%）"),
        ("en", "The campaign is over (last deadline 2024-10-09)", "In all: 82/235 done (34%)"),
    ],
    ids=["zh", "en"],
)
@pytest.mark.parametrize(("columns", "rows"), [(80, 24), (60, 30), (60, 20)])
def test_the_final_summary_fits_the_terminal(columns: int, rows: int, lang: str, over: str, total: str) -> None:
    out = on_a_terminal(["status", "-f", str(DEMO), "--today", "2024-10-20", "--lang", lang], columns, rows)
    lines = out.splitlines()
    assert len(lines) <= rows - 1, out
    assert max(cell_len(line) for line in lines) <= columns
    assert lines[0].startswith(TITLE) and lines[1].startswith(over), out
    assert any(line.startswith(total) for line in lines), out
    final = next(i for i, line in enumerate(lines) if line.startswith(("最终结果", "Final results")))
    shown = unit_rows(lines[final:])
    assert shown and [row.split()[0] for row in shown] == list(UNITS)[: len(shown)], out  # one line a unit, in order
    if len(shown) < len(UNITS):
        more = len(UNITS) - len(shown)
        said = {
            "zh": f"…另有 {more} 个单位未列出，见 qmonth status --all",
            "en": f"…{more} more units not shown: see qmonth status --all",
        }
        assert said[lang] in lines, out


def chased_head(lang: str) -> str:
    return "催办" if lang == "zh" else "Chased"


@PTY
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_line_a_unit_never_folds_a_name_and_gives_way_with_the_chased_column(
    run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A 催办 column with one value in it goes before a unit's name or what it owes gets squeezed."""
    assert run("chase", "-f", demo, "吴川", "receipt", "--by", "phone", "--today", "2024-09-12").exit_code == 0
    assert run("chase", "-f", demo, "吴川", "--by", "visit", "--today", "2024-09-25").exit_code == 0
    monkeypatch.setenv("COLUMNS", "60")  # in a pipe too: what is owed keeps its width, as without chases
    late = section(run("status", "-f", demo, "--today", "2024-10-08", "--lang", lang).stdout, OVERDUE[lang])
    assert late == section(run("status", "-f", DEMO, "--today", "2024-10-08", "--lang", lang).stdout, OVERDUE[lang])
    monkeypatch.setenv("COLUMNS", "120")  # and where there is room, the chases are shown
    late = section(run("status", "-f", demo, "--today", "2024-10-08", "--lang", lang).stdout, OVERDUE[lang])
    assert chased_head(lang) in late[1] and re.search(r"2(次|×) 09-25", next(row for row in late if row.startswith("吴川市")))
    chased = chased_head(lang)
    monkeypatch.delenv("COLUMNS")
    for columns, rows in ((60, 30), (100, 30)):
        out = on_a_terminal(["status", "-f", str(demo), "--today", "2024-10-08", "--lang", lang], columns, rows)
        lines = out.splitlines()
        assert len(lines) <= rows - 1, out
        late = lines[next(i for i, line in enumerate(lines) if line.startswith(OVERDUE[lang])) :]
        assert sorted(row.split()[0] for row in unit_rows(late, one_line=columns < 100)) == sorted(UNITS), out  # whole names
        assert (chased in late[1]) == (columns == 100), out


def test_a_short_terminal_folds_the_due_soon_list_then_the_matrix(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    args = ("status", "-f", DEMO, "--today", "2024-10-08")
    a_terminal(monkeypatch, 45)  # room for the matrix, not for the due-soon list
    out = screen(run(*args))
    assert len(out.splitlines()) < 45
    assert len([line for line in section(out, "各单位进度") if "● 红" in line]) == 14
    assert out.rstrip().endswith("另有 12 项临近截止（12 个单位，最早 2024-10-09 截止），见 qmonth status --all")
    a_terminal(monkeypatch, 35)  # the matrix keeps the least advanced units that fit, in the file's order
    out = screen(run(*args))
    assert len(out.splitlines()) < 35
    matrix = section(out, "各单位进度（完成/应做）")
    assert [line.split()[0] for line in matrix[3:-1]] == ["麻章区", "吴川市", "经开区", "奋勇高新区"]  # 10 %, 0 %, 5 %, 0 %
    assert matrix[-1] == "另有 10 个单位未列出（完成率 10%–89%），见 qmonth status --all"
    late = section(out, "逾期事项（141 项，14 个单位）")
    assert len(late) == 3 + 14 + 2 + 1  # untouched: two titles wrap at 100 columns
    a_terminal(monkeypatch, 30)  # no room for a row of the matrix: one line
    out = screen(run(*args))
    assert len(out.splitlines()) < 30
    assert "各单位进度：14 个单位，完成率 0%–89%，见 qmonth status --all" in out.splitlines()
    assert section(out, "逾期事项（141 项，14 个单位）") == late
    monkeypatch.setenv("COLUMNS", "60")  # narrower: what is owed would wrap; last, it is cut to one line
    out = screen(run(*args))
    assert len(out.splitlines()) < 30
    assert "各单位进度：14 个单位，完成率 0%–89%，见 qmonth status --all" in out.splitlines()
    late = section(out, "逾期事项（141 项，14 个单位）")
    assert all(re.search(r"\d+ 天", row) for row in late[3:17]) and late[17].startswith("逐项：")
    assert late[3].rstrip().endswith("一(4) 二 三(2…")


def test_a_short_terminal_in_english(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    args = ("status", "-f", DEMO, "--today", "2024-10-08", "--lang", "en")
    a_terminal(monkeypatch, 35)
    out = screen(run(*args))
    assert len(out.splitlines()) < 35
    assert "10 more units not shown (done 10%–89%): see qmonth status --all" in out.splitlines()
    assert "Also 12 items due soon (12 units, the first on 2024-10-09): see qmonth status --all" in out.splitlines()
    assert "Overdue (141 items, 14 units)" in out
    a_terminal(monkeypatch, 30)
    out = screen(run(*args))
    assert len(out.splitlines()) < 30
    assert "Progress by unit (14 units, done 0%–89%): see qmonth status --all" in out.splitlines()


def test_a_pipe_or_all_shows_everything(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "20")  # exported, but the output is not a terminal (a pipe, a file)
    piped = run("status", "-f", DEMO, "--today", "2024-10-08").stdout  # the height is not known: nothing folded
    assert len(section(piped, "临近截止的单位（12）")) == 3 + 12
    assert len(section(piped, "各单位进度")) == 3 + 14 + 2  # and the kinds' two heading lines
    a_terminal(monkeypatch, 30)
    everything = screen(run("status", "-f", DEMO, "--today", "2024-10-08", "--all"))
    assert len(section(everything, "临近截止的单位（12）")) == 3 + 12
    assert len(section(everything, "各单位进度")) == 3 + 14 + 2
    assert "逾期事项（141）" in everything and "未列出" not in everything and "另有" not in everything


@pytest.mark.parametrize(
    ("lang", "commands"),
    [("zh", ["qmonth status --all", "qmonth status --unit 单位"]), ("en", ["qmonth status --all", "qmonth status --unit UNIT"])],
)
def test_a_command_in_the_final_hint_is_never_split(
    run: Run, monkeypatch: pytest.MonkeyPatch, lang: str, commands: list[str]
) -> None:
    for width in [*range(40, 121, 4), 90, 100]:  # 100: the width the wrap was seen at
        monkeypatch.setenv("COLUMNS", str(width))
        out = run("status", "-f", DEMO, "--today", "2024-11-20", "--lang", lang).stdout
        lines = out.splitlines()
        assert max(cell_len(line) for line in lines) <= width
        for command in commands:  # whole on one line, never "qmonth status" / "--all"
            assert sum(command in line for line in lines) == 1, (width, command, lines[-3:])
        assert not any(line.rstrip().endswith(("qmonth", "qmonth status")) for line in lines), (width, lines[-3:])


def test_the_hint_under_the_compact_list_keeps_its_commands_whole(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    for width in (60, 70, 80):
        monkeypatch.setenv("COLUMNS", str(width))
        lines = run("status", "-f", DEMO, "--today", "2024-10-08").stdout.splitlines()
        for command in ("status --all", "status --unit 单位", "remind --unit 单位"):
            assert any(command in line for line in lines), (width, command)


@pytest.mark.parametrize(
    ("lang", "note", "units"),
    [
        ("zh", "通知尚未印发（2024-09-07 印发）。", "绿 14"),
        ("en", "The notice has not been issued yet (issued 2024-09-07).", "green 14"),
    ],
)
def test_before_the_notice_is_issued_the_screen_says_so(run: Run, lang: str, note: str, units: str) -> None:
    """Before `issued` nothing is due, so every light is green: a line says why (and not after)."""
    out = run("status", "-f", DEMO, "--today", "2024-09-03", "--lang", lang).stdout
    assert out.splitlines()[1].endswith(units) and out.splitlines()[2] == note
    checklist = run("status", "-f", DEMO, "--today", "2024-09-03", "-u", "赤坎", "--lang", lang).stdout
    assert checklist.splitlines()[1] == note  # right under the header, as on the main screen (G8)
    for day in ("2024-09-07", "2024-09-20"):
        assert note not in run("status", "-f", DEMO, "--today", day, "--lang", lang).stdout
        assert note not in run("status", "-f", DEMO, "--today", day, "-u", "赤坎", "--lang", lang).stdout


@pytest.mark.parametrize(
    ("lang", "note"),
    [("zh", "活动尚未开始（2024-09-01 开始）。"), ("en", "The campaign has not started yet (it starts 2024-09-01).")],
)
def test_before_the_start_of_a_campaign_without_an_issue_date(run: Run, demo: Path, lang: str, note: str) -> None:
    mutate(demo, "issued = 2024-09-07\n", "")
    assert note in run("status", "-f", demo, "--today", "2024-08-30", "--lang", lang).stdout.splitlines()
    assert note not in run("status", "-f", demo, "--today", "2024-09-01", "--lang", lang).stdout


@pytest.mark.parametrize(("lang", "unknown"), [("zh", "联络员：未报回执"), ("en", "Liaison: no receipt yet")])
def test_a_liaison_is_known_from_the_day_the_receipt_is_recorded(run: Run, lang: str, unknown: str) -> None:
    """赤坎's receipt is recorded done on 2024-09-09: as of the day before, nobody was named yet —
    in its checklist, the JSON, and the overdue list; from that day on, 林晓燕 is whom to call."""
    before = run("status", "-f", DEMO, "--today", "2024-09-08", "-u", "赤坎", "--lang", lang).stdout
    assert "林晓燕" not in before and "13802715638" not in before
    assert before.splitlines()[1].startswith(unknown)
    on = run("status", "-f", DEMO, "--today", "2024-09-09", "-u", "赤坎", "--lang", lang).stdout
    assert "林晓燕 13802715638" in on.splitlines()[1]
    units = {
        u["id"]: u for u in json.loads(run("status", "-f", DEMO, "--today", "2024-09-08", "--format", "json").stdout)["units"]
    }
    assert units["chikan"]["liaison"] is None
    units = {
        u["id"]: u for u in json.loads(run("status", "-f", DEMO, "--today", "2024-09-09", "--format", "json").stdout)["units"]
    }
    assert units["chikan"]["liaison"]["name"] == "林晓燕"


def test_a_late_receipt_leaves_the_overdue_list_without_a_liaison_until_it_is_recorded(run: Run, demo: Path) -> None:
    mutate(demo, "[units.chikan.progress.receipt]\ndone = 2024-09-09", "[units.chikan.progress.receipt]\ndone = 2024-09-13")
    late = section(run("status", "-f", demo, "--today", "2024-09-12").stdout, "逾期事项")
    assert next(row for row in late if row.startswith("赤坎区")).split()[4] == "未报回执，无电话"
    assert "林晓燕" not in "\n".join(late)
    on = run("status", "-f", demo, "--today", "2024-09-13").stdout
    assert "林晓燕" not in on  # done that day: no longer overdue, and nothing else of 赤坎 is
    assert "林晓燕 13802715638" in run("status", "-f", demo, "--today", "2024-09-13", "-u", "赤坎").stdout


def test_the_first_steps_after_init_suggest_only_what_exists_there(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F12: in a folder made by `init` there is no examples/ folder: the demo is not suggested,
    and each step says what it shows, then the command."""
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    out = run("status", "--today", "2099-01-01").stdout  # the starter campaign is over, nothing recorded
    hint = out[out.index("这个文件还没有记录任何进度。试试：") :].splitlines()
    first = hint[1].split("：qmonth status --today ")
    assert first[0] == "  活动期间某一天的情况" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", first[1])
    assert hint[2:] == ["  各项任务及其编号：qmonth tasks", "  记录一项完成：qmonth done 单位 任务编号 --on 日期"]
    assert "demo" not in out


def test_the_first_steps_from_the_repository_suggest_the_demo(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    zh = run("status", "-f", "campaign.toml", "--today", "2025-01-01").stdout
    assert zh.rstrip("\n").endswith("\n  带示例进度的演示：qmonth status -f examples/demo-campaign.toml --today 9/20")
    en = run("status", "-f", "campaign.toml", "--today", "2025-01-01", "--lang", "en").stdout
    assert "  record a task as done: qmonth done UNIT TASK --on DATE\n" in en
    assert "\n  the demo: qmonth status -f examples/demo-campaign.toml --today 9/20\n" in en
    # the demo itself runs from there
    demo = run("status", "-f", "examples/demo-campaign.toml", "--today", "9/20")
    assert demo.exit_code == 0 and "今天 2024-09-20" in demo.stdout
