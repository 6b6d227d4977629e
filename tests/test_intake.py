"""`qmonth intake DIR` (issue 20): a download folder of fourteen returned sheets (csv, xlsx, docx)
and evidence files, matched to units by 填报单位 and by file name, previewed, recorded after one
confirmation, with what could not be matched or read listed and why; a second run records nothing."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Run

TODAY = ("--today", "2024-09-25")
HEADER = ["序号", "姓名", "性别", "工作单位", "职务", "固定电话", "手机"]
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
TEXT_PDF = b"%PDF-1.4\n1 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n%%EOF\n"
SCANNED_PDF = b"%PDF-1.4\n1 0 obj << /Type /XObject /Subtype /Image /Width 1 /Height 1 >> endobj\n%%EOF\n"


def xlsx(path: Path, filler: str | None, row: list[str]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["联络员回执"])
    if filler is not None:
        sheet.append([f"填报单位：{filler}（盖章）"])
    sheet.append(HEADER)
    sheet.append(["1", *row])
    book.save(path)


def docx_sheet(path: Path, filler: str, row: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("联络员回执")
    document.add_paragraph(f"填报单位：{filler}")
    table = document.add_table(rows=2, cols=len(HEADER))
    for i, (label, value) in enumerate(zip(HEADER, ["1", *row], strict=True)):
        table.cell(0, i).text = label
        table.cell(1, i).text = value
    document.save(str(path))


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Fourteen files as a download folder holds them."""
    d = tmp_path / "下载"
    d.mkdir()
    xlsx(
        d / "赤坎-联络员回执.xlsx",
        "湛江市赤坎区住房和城乡建设局",
        ["林晓燕", "女", "赤坎区住建局", "股长", "0759-3216047", "13802715638"],
    )
    with open(d / "霞山回执.csv", "w", encoding="gb18030", newline="") as fh:  # as Excel saves it in China
        csv.writer(fh).writerows([HEADER, ["1", "陈志强", "男", "霞山区住建局", "科员", "", "13922760481"]])
    docx_sheet(d / "廉江-回执.docx", "廉江市住房和城乡建设局", ["黄丽", "女", "廉江市住建局", "副科长", "", "13702751234"])
    # named 雷州 but filled by 吴川: the sheet's 填报单位 wins
    xlsx(d / "雷州-回执.xlsx", "吴川市住房和城乡建设局", ["李明", "男", "吴川市住建局", "主任", "", "13612345678"])
    (d / "坡头-宣传橱窗.jpg").write_bytes(JPEG)
    (d / "麻章 质量大讲堂 视频.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (d / "徐闻-样板观摩.jpg").write_bytes(JPEG + b"2")
    (d / "霞山-群众咨询日.jpeg").write_bytes(JPEG + b"3")
    (d / "经开区-工作方案.pdf").write_bytes(TEXT_PDF)
    (d / "遂溪-标语.png").write_bytes(PNG)  # 照片 fits many tasks of 遂溪, the name says none
    (d / "照片1.jpg").write_bytes(JPEG + b"4")  # no unit
    (d / "赤坎霞山联合宣传.jpg").write_bytes(JPEG + b"5")  # two units
    (d / "吴川-回执.xls").write_bytes(b"\xd0\xcf\x11\xe0")  # an old Excel file
    (d / "遂溪-回执扫描件.pdf").write_bytes(SCANNED_PDF)
    assert len(list(d.iterdir())) == 14
    return d


def units(path: Path) -> dict[str, dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"]


def test_intake_records_each_file_for_the_right_unit_after_one_confirmation(run: Run, shipped: Path, inbox: Path) -> None:
    before = shipped.read_text(encoding="utf-8")
    preview = run("intake", inbox, "-f", shipped, *TODAY)  # no terminal, no --yes: a preview only
    assert preview.exit_code == 2, preview.output
    assert "加 --yes 再运行一次" in preview.stderr and shipped.read_text(encoding="utf-8") == before
    assert not (shipped.parent / "evidence").exists()
    out = preview.stdout
    assert "将记录（9 项）：" in out
    assert "吴川市 · 联络员回执（1 行）← 雷州-回执.xlsx，表中填报单位：吴川市住房和城乡建设局" in out
    assert "未能匹配，未记录（3 个文件）：" in out and "未读取（2 个文件）：" in out
    assert "照片1.jpg：文件名（及表中）没有写明是哪个单位" in out
    assert "赤坎霞山联合宣传.jpg：文件名同时指向 赤坎区、霞山区" in out
    assert "遂溪-标语.png：遂溪县 有多项任务要求照片佐证" in out
    assert "吴川-回执.xls：.xls 是旧格式" in out and "遂溪-回执扫描件.pdf：扫描件" in out

    done = run("intake", inbox, "-f", shipped, "--yes", *TODAY)
    assert done.exit_code == 0, done.output
    assert "已记录（9 项）：" in done.stdout and "已复制 5 个佐证材料" in done.stderr
    u = units(shipped)
    liaisons = {uid: u[uid].get("liaison", {}).get("name") for uid in ("chikan", "xiashan", "lianjiang", "wuchuan", "leizhou")}
    assert liaisons == {"chikan": "林晓燕", "xiashan": "陈志强", "lianjiang": "黄丽", "wuchuan": "李明", "leizhou": None}
    assert u["chikan"]["liaison"]["mobile"] == "13802715638" and u["chikan"]["liaison"]["phone"] == "0759-3216047"
    for uid in ("chikan", "xiashan", "lianjiang", "wuchuan"):
        assert str(u[uid]["progress"]["receipt"]["done"]) == "2024-09-25"
    assert "receipt" not in u["leizhou"].get("progress", {})
    evidence = {
        ("potou", "publicity-window"): "evidence/potou/坡头-宣传橱窗.jpg",
        ("mazhang", "training-lecture"): "evidence/mazhang/麻章 质量大讲堂 视频.mp4",
        ("xuwen", "site-visit-local"): "evidence/xuwen/徐闻-样板观摩.jpg",
        ("xiashan", "service-consultation"): "evidence/xiashan/霞山-群众咨询日.jpeg",
        ("kaifaqu", "work-plan"): "evidence/kaifaqu/经开区-工作方案.pdf",
    }
    for (uid, tid), ref in evidence.items():
        record = u[uid]["progress"][tid]
        assert record["evidence"] == [ref] and str(record["done"]) == "2024-09-25"
        assert (shipped.parent / ref).read_bytes() == (inbox / Path(ref).name).read_bytes()
    assert "suixi" not in {uid for uid, unit in u.items() if unit.get("progress")}
    assert run("check", "-f", shipped).exit_code == 0

    # a second run over the same folder records and copies nothing
    text = shipped.read_text(encoding="utf-8")
    copies = sorted(p for p in (shipped.parent / "evidence").rglob("*"))
    again = run("intake", inbox, "-f", shipped, "--yes", *TODAY)
    assert again.exit_code == 0, again.output
    assert "已记录过，这次不再记录（9 项）：" in again.stdout and "没有要记录的内容。" in again.stderr
    assert "将记录" not in again.stdout and "已复制" not in again.stderr
    assert shipped.read_text(encoding="utf-8") == text
    assert sorted(p for p in (shipped.parent / "evidence").rglob("*")) == copies


def test_a_new_photo_of_the_same_name_is_kept_beside_the_first_and_both_recorded(run: Run, shipped: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for d, data in ((first, JPEG), (second, JPEG + b"other")):
        d.mkdir()
        (d / "坡头-宣传橱窗.jpg").write_bytes(data)
        assert run("intake", d, "-f", shipped, "--yes", *TODAY).exit_code == 0
    record = units(shipped)["potou"]["progress"]["publicity-window"]
    assert record["evidence"] == ["evidence/potou/坡头-宣传橱窗.jpg", "evidence/potou/坡头-宣传橱窗-2.jpg"]
    assert (shipped.parent / "evidence/potou/坡头-宣传橱窗-2.jpg").read_bytes() == JPEG + b"other"


def test_the_evidence_folder_named_in_the_campaign_and_english_output(run: Run, shipped: Path, tmp_path: Path) -> None:
    text = shipped.read_text(encoding="utf-8").replace(
        'timezone = "Asia/Shanghai"', 'timezone = "Asia/Shanghai"\nevidence = "材料"', 1
    )
    assert 'evidence = "材料"' in text
    shipped.write_text(text, encoding="utf-8")
    d = tmp_path / "in"
    d.mkdir()
    (d / "potou-publicity-window.png").write_bytes(PNG)
    (d / "notes.txt").write_text("x", encoding="utf-8")
    result = run("intake", d, "-f", shipped, "--yes", "--lang", "en", *TODAY)
    assert result.exit_code == 0, result.output
    assert "坡头区 · 设置质量专题宣传橱窗 · done, evidence 材料/potou/potou-publicity-window.png" in result.stdout
    assert "notes.txt: not a file type qmonth knows (.txt)" in result.stdout
    assert (shipped.parent / "材料/potou/potou-publicity-window.png").is_file()


def test_intake_of_what_is_not_a_folder_is_refused(run: Run, shipped: Path, tmp_path: Path) -> None:
    result = run("intake", tmp_path / "nowhere", "-f", shipped, *TODAY)
    assert result.exit_code == 2 and "不是文件夹" in result.stderr
