"""The office files rendered for real: LibreOffice converts the workbook and the Word document to
PDF, headless Chromium screenshots the HTML page and prints it. Skipped, with the reason, where the
programs are absent (`.ci/run` installs them when it can). One start of each program: LibreOffice
converts both files in one run, which is most of this module's time."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DEMO

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
CHROMIUM = next((p for p in map(shutil.which, BROWSERS) if p), None)
MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")
A4_PT = (595.3, 841.9)


def _make(tmp: Path, *args: str, today: str = "2024-09-20") -> Path:
    from typer.testing import CliRunner

    from qmonth.cli import app

    out = tmp / args[-1]
    result = CliRunner().invoke(app, [*args[:-1], "-f", str(DEMO), "--today", today, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(w), float(h)) for w, h in MEDIABOX.findall(pdf)]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui")
    tmp = tmp_path_factory.mktemp("lo")
    xlsx = _make(tmp, "export", "xlsx", "ledger.xlsx")
    docx = _make(tmp, "report", "--format", "docx", "report.docx")
    summary = _make(tmp, "report", "--format", "docx", "summary.docx", today="2024-10-20")  # the 总结
    profile = tmp / "profile"  # a private LibreOffice profile: no clash with a running instance
    cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    cmd += ["--convert-to", "pdf", "--outdir", str(tmp), str(xlsx), str(docx), str(summary)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp)})
    out = {}
    for name in ("ledger", "report", "summary"):
        pdf = tmp / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {name}: {proc.stdout} {proc.stderr}"
        out[name] = pdf.read_bytes()
    return out


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))  # page objects, not the page tree


def test_libreoffice_converts_the_workbook_to_a4_landscape(pdfs: dict[str, bytes]) -> None:
    pdf = pdfs["ledger"]
    assert pdf.startswith(b"%PDF")
    sizes = _page_sizes(pdf)
    assert sizes, "no page in the PDF"
    # every page A4 landscape, as the print setup says; the 进度总表 runs onto a few pages across
    # (at 100 %), so the four sheets take a dozen pages at most, not dozens
    assert all(w == pytest.approx(A4_PT[1], abs=1) and h == pytest.approx(A4_PT[0], abs=1) for w, h in sizes)
    assert _pages(pdf) <= 12


def test_the_progress_sheet_prints_no_text_under_9_points(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    """Issue 22: measured in LibreOffice's PDF, after its print scaling: every character on the
    进度总表's pages (those before the page titled …逾期清单) is at least 9 pt. pdfminer gives each
    character's size through the text and page matrices, so a sheet shrunk to fit shows here."""
    pytest.importorskip("pdfminer", reason="pdfminer.six (a test dependency) reads the PDF's text sizes")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def chars(box: object) -> list[LTChar]:
        if isinstance(box, LTChar):
            return [box]
        return [c for child in box for c in chars(child)] if hasattr(box, "__iter__") else []

    pdf = tmp_path / "ledger.pdf"
    pdf.write_bytes(pdfs["ledger"])
    pages = [chars(page) for page in extract_pages(str(pdf))]
    texts = ["".join(c.get_text() for c in page) for page in pages]
    first = next(n for n, text in enumerate(texts) if "活动逾期清单" in text)  # the next sheet's title row
    progress = [c for page in pages[:first] for c in page]
    assert first >= 1 and "活动进度总表" in texts[0] and "赤坎区" in texts[0]
    assert all("单位" in text for text in texts[:first])  # the header rows on every page
    assert sum("赤坎区" in text for text in texts[:first]) >= 2  # columns run across, the unit column repeated
    smallest = min(c.size for c in progress)
    assert smallest >= 9, f"the smallest text of the 进度总表 prints at {smallest:.1f} pt"


def test_libreoffice_converts_the_docx_to_a4(pdfs: dict[str, bytes]) -> None:
    pdf = pdfs["report"]
    assert pdf.startswith(b"%PDF")
    sizes = _page_sizes(pdf)
    assert sizes and all(w == pytest.approx(A4_PT[0], abs=1) and h == pytest.approx(A4_PT[1], abs=1) for w, h in sizes)


def test_the_demo_summary_after_the_campaign_is_at_most_five_a4_pages(pdfs: dict[str, bytes]) -> None:
    """Issue 22: the 总结 summarises (counts by theme, a task or so by name), it does not list."""
    sizes = _page_sizes(pdfs["summary"])
    assert sizes and all(w == pytest.approx(A4_PT[0], abs=1) and h == pytest.approx(A4_PT[1], abs=1) for w, h in sizes)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdfs["summary"]))  # page objects, not the page tree
    assert 1 <= pages <= 5, pages


def _first_page_lines(pdf: bytes, tmp: Path) -> list[str]:
    """Page 1's text lines as laid out in the PDF (pdfminer), spaces dropped (readers infer them
    from the gap between Latin and Chinese glyphs) and Kangxi radicals folded to their ideographs."""
    import logging
    import unicodedata

    pytest.importorskip("pdfminer", reason="pdfminer.six (a test dependency) reads the PDF's text")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextBox

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    path = tmp / "page.pdf"
    path.write_bytes(pdf)
    page = next(iter(extract_pages(str(path), maxpages=1)))
    lines = [line.get_text() for box in page if isinstance(box, LTTextBox) for line in box]

    def fold(ch: str) -> str:  # Kangxi radicals (⽂ for 文, as Chromium's fonts map them) only
        return unicodedata.normalize("NFKC", ch) if "\u2e80" <= ch <= "\u2fdf" else ch

    return ["".join(map(fold, x)).replace(" ", "").strip() for x in lines]


#: the title as printed: broken between words (qmonth/outputs/gongwen.py), in every renderer
TITLE_LINES = ["关于2024年全市住房城乡建设系统", "“质量月”活动开展情况的通报"]


def test_libreoffice_prints_the_banner_and_the_title_broken_between_words(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    lines = _first_page_lines(pdfs["report"], tmp_path)
    assert lines[:2] == ["湛江市住房和城乡建设局文件", "湛建质〔2024〕XX号"]
    k = lines.index(TITLE_LINES[0])
    assert lines[k : k + 2] == TITLE_LINES
    assert "各县（市、区）住建部门，市建设工程质量事务中心，行业协" in lines[k + 3]  # 主送机关 under the title
    summary = _first_page_lines(pdfs["summary"], tmp_path)
    k = summary.index("2024年全市住房城乡建设系统")
    assert summary[k + 1] == "“质量月”活动总结"


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
    # no network at all: any request the page tried would fail (it makes none: see test_report)
    cmd += ["--host-resolver-rules=MAP * ~NOTFOUND", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed: apt-get install chromium-headless-shell")
def test_chromium_renders_and_prints_the_html_report(tmp_path: Path) -> None:
    page = _make(tmp_path, "report", "--format", "html", "report.html")
    png = tmp_path / "report.png"
    proc = _chromium("--window-size=900,1400", f"--screenshot={png}", page.as_uri())
    assert png.exists(), proc.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (900, 1400)
    assert len(data) > 30_000  # text, tables and a chart, not a blank page
    pdf = tmp_path / "report.pdf"
    proc = _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), proc.stderr
    sizes = _page_sizes(pdf.read_bytes())
    assert sizes and all(w == pytest.approx(A4_PT[0], abs=1) and h == pytest.approx(A4_PT[1], abs=1) for w, h in sizes)
    # printed: the red banner, then the title in the lines qmonth cut, never broken inside a word
    lines = _first_page_lines(pdf.read_bytes(), tmp_path)
    assert lines[:2] == ["湛江市住房和城乡建设局文件", "湛建质〔2024〕XX号"]
    k = lines.index(TITLE_LINES[0])
    assert lines[k : k + 2] == TITLE_LINES
