"""qmonth report: the draft 通报 as Markdown, HTML and Word, read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DEMO, Run, mutate

DAY = ("--today", "2024-09-20")


def _report(run: Run, out: Path, *extra: str | Path, campaign: Path = DEMO) -> None:
    result = run("report", "-f", campaign, *DAY, "-o", out, *extra)
    assert result.exit_code == 0, result.output


def test_markdown_draft_has_every_part(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "通报.md"
    _report(run, out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 关于2024年全市住房城乡建设系统“质量月”活动开展情况的通报\n")
    assert "截至2024年9月20日" in text
    # headline figures, from the same computation as status
    assert "共涉及14个单位、21项任务" in text  # numerals and Chinese without spaces
    assert "应完成235项，已完成82项，完成率34%" in text
    assert "截止日期已过的14项中，按时完成7项，按时完成率50%" in text
    assert "已收到联络员回执11份（应报14份）" in text
    assert "目前逾期3项" in text
    # the 主送机关, from the units' kinds
    assert "\n各县（市、区）住建部门，市建设工程质量事务中心，行业协会，参建企业：\n" in text
    # ranking: the rule is stated; 霞山 first; 赤坎 and 市质量中心 tie for second (并列), the next is 4th;
    # 麻章 and 雷州 (both 10%) share 10th, whatever their overdue counts
    assert "完成率相同的单位名次并列" in text
    assert "| 排名 | 单位 | 已完成 | 应做 | 完成率 | 按时完成 | 逾期 |" in text
    rows = re.findall(r"^\| (\d+)(（并列）)? \| (\S+) \|", text, re.M)
    assert rows[:4] == [("1", "", "霞山区"), ("2", "（并列）", "赤坎区"), ("2", "（并列）", "市质量中心"), ("4", "", "廉江市")]
    assert ("10", "（并列）", "麻章区") in rows and ("10", "（并列）", "雷州市") in rows
    assert rows[-2:] == [("13", "（并列）", "吴川市"), ("13", "（并列）", "奋勇高新区")]
    # what each unit owes: the overdue receipt by name, with how late it is; the rest by theme title
    assert (
        "**雷州市（17项）**：报送联络员回执（截止9月10日，已逾期7个工作日）；其余16项，最早于9月30日截止：广泛开展主题活动宣传2项、"
        in text
    )
    assert not re.search(r"（[一二三四五六七八]）\d+项", text)  # no theme code in the prose
    # the author's sections, with placeholders
    assert "## 八、存在问题\n\n【请填写：" in text and "## 九、下一步工作\n\n【请填写：" in text
    # evidence per theme and the trend
    assert "| （一）广泛开展主题活动宣传 | 20 | 10 | 15 | 0 | 0 | 6 | 0 |" in text
    assert "9月1日至9月20日，累计完成由0项增至82项（完成率34%）" in text
    assert "| 9月20日 | 82 | 34% |" in text


def test_markdown_to_stdout_and_format_from_the_extension(tmp_path: Path, run: Run) -> None:
    result = run("report", "-f", DEMO, *DAY, "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# 关于")
    _report(run, tmp_path / "r.htm")
    assert (tmp_path / "r.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    _report(run, tmp_path / "r.txt", "--format", "html")
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_after_the_campaign_it_is_a_summary(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "总结.md"
    result = run("report", "-f", DEMO, "--today", "2024-10-20", "-o", out)
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 2024年全市住房城乡建设系统“质量月”活动总结\n")


@pytest.mark.parametrize(
    ("lang", "as_of"),
    [
        ("zh", "截至2024年9月1日；通知尚未印发，将于2024年9月7日印发，本稿仅为预览"),
        ("en", "As of 2024-09-01; the notice is not issued yet (it is issued on 2024-09-07): a preview only"),
    ],
)
def test_before_the_notice_is_issued_the_report_says_it_is_a_preview(tmp_path: Path, run: Run, lang: str, as_of: str) -> None:
    """G8: a 通报 dated before the notice exists says so in its header line, in every format."""
    result = run("report", "-f", DEMO, "--today", "2024-09-01", "-o", "-", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == f"*{as_of}*"
    html = tmp_path / "r.html"
    assert run("report", "-f", DEMO, "--today", "2024-09-01", "-o", html, "--lang", lang).exit_code == 0
    assert f'<p class="as-of">{as_of}</p>' in html.read_text(encoding="utf-8")
    pytest.importorskip("docx")
    import docx

    word = tmp_path / "r.docx"
    assert run("report", "-f", DEMO, "--today", "2024-09-01", "-o", word, "--lang", lang).exit_code == 0
    assert any(as_of in p.text for p in docx.Document(str(word)).paragraphs)
    # from the issue date on, the plain 截至 line
    on_the_day = run("report", "-f", DEMO, "--today", "2024-09-07", "-o", "-", "--lang", lang).stdout.splitlines()[2]
    assert on_the_day == ("*截至2024年9月7日*" if lang == "zh" else "*As of 2024-09-07*")


def test_before_the_start_of_a_campaign_without_an_issue_date_the_report_says_so(demo: Path, run: Run) -> None:
    mutate(demo, "issued = 2024-09-07\n", "")
    out = run("report", "-f", demo, "--today", "2024-08-30", "-o", "-").stdout
    assert "*截至2024年8月30日；活动尚未开始，将于2024年9月1日开始，本稿仅为预览*" in out


def test_english_report(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "r.md"
    _report(run, out, "--lang", "en")
    text = out.read_text(encoding="utf-8")
    assert "## 1. Overview" in text and "235 items to do, 82 done (34%)" in text


def test_html_is_self_contained_and_escapes_data(demo: Path, tmp_path: Path, run: Run) -> None:
    mutate(demo, 'short = "赤坎区"', 'short = "<script>alert(1)</script><img src=http://x/y.png>"')
    out = tmp_path / "r.html"
    _report(run, out, campaign=demo)
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=http://x/y.png&gt;" in page
    # nothing fetched from anywhere: no src/href attribute, no stylesheet link, no url(); the only
    # URL is the SVG namespace; the page forbids loading anything else
    assert not re.search(r"<[^>]*\s(src|href)\s*=", page)
    assert "<link" not in page and "url(" not in page and "@import" not in page
    assert re.findall(r"https?://[^\s\"'<>]+", page.replace("http://x/y.png", "")) == ["http://www.w3.org/2000/svg"]
    assert "default-src 'none'" in page
    assert "<svg" in page and page.count("<polyline") == 2  # the completion chart, inline: done and the plan
    assert "按截止日期应完成的比例" in page
    assert "@page { size: A4" in page
    assert "thead { display: table-header-group; }" in page  # header rows repeat when printed


def test_markdown_escapes_data(demo: Path, tmp_path: Path, run: Run) -> None:
    mutate(demo, 'short = "赤坎区"', 'short = "**粗体** [链接](http://x) | 列"')
    out = tmp_path / "r.md"
    _report(run, out, campaign=demo)
    text = out.read_text(encoding="utf-8")
    assert r"\*\*粗体\*\* \[链接\](http://x) \| 列" in text
    assert "**粗体**" not in text


@pytest.mark.parametrize("fmt", ["html", "docx", "markdown"])
def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path, run: Run, fmt: str) -> None:
    result = run("report", "-f", tmp_path / "nope.toml", "--format", fmt, "-o", tmp_path / "x")
    assert result.exit_code == 3 and "Traceback" not in result.output
    result = run("report", "-f", DEMO, "--today", "2024-02-30", "--format", fmt, "-o", tmp_path / "x")
    assert result.exit_code == 2


def test_an_unknown_extension_is_refused_not_guessed(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "x.txt"
    result = run("report", "-f", DEMO, *DAY, "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr == (
        f"不知道 {out} 应写成哪种格式：请用 .html、.docx 或 .md 结尾的文件名，或用 --format html|docx|markdown 指定。"
        "未写入任何文件。\n"
    )
    english = run("report", "-f", DEMO, *DAY, "-o", out, "--lang", "en")
    assert english.exit_code == 2 and "name it .html, .docx or .md, or pass --format" in english.stderr
    chosen = run("report", "-f", DEMO, *DAY, "-o", out, "--format", "markdown")
    assert chosen.exit_code == 0 and out.read_text(encoding="utf-8").startswith("#")


def test_english_report_names_the_percentage_column_apart_from_done(run: Run) -> None:
    """F9: the percentage column is "Done %", not a second "Done"."""
    result = run("report", "-f", DEMO, *DAY, "--lang", "en", "--format", "markdown", "-o", "-")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if line.startswith("| Rank"))
    cells = [c.strip() for c in header.strip("|").split("|")]
    assert len(cells) == len(set(cells)), cells
    assert "Done %" in cells and "Done" in cells


def test_the_summary_counts_what_was_never_done_by_theme_and_names_one_task_a_unit(run: Run) -> None:
    """Issue 22: the 总结 summarises: a unit × theme table of what was never done, one task by name a unit."""
    text = run("report", "-f", DEMO, "--today", "2024-10-20", "-o", "-").stdout
    section = text.split("## 四、未完成的任务", 1)[1].split("\n## ", 1)[0]
    assert "| 单位 | 广泛开展主题活动宣传 |" in section and "| 合计 |" in section.splitlines()[2]
    assert "| 雷州市 | 2 | 1 | 2 | 1 | 3 | 2 | 3 | 2 | 17 |" in section.replace("|  |", "| |") or "| 雷州市 |" in section
    assert "- **雷州市**：报送联络员回执等17项。" in section
    assert "已逾期" not in text  # no day counts repeated per item
    assert text.count("等") < 40
