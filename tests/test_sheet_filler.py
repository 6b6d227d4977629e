"""A sheet goes to the unit that filled it: `receipt UNIT --from SHEET` reads the sheet's 填报单位
and refuses a sheet of another unit (or of no unit) unless `--as UNIT`, naming both."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import Run

HEADER = "姓名,性别,工作单位,职务,固定电话,手机\n"
ROW = "李明,男,廉江市住房和城乡建设局质量安全股,股长,0759-6612345,13800138000\n"


def sheet(tmp_path: Path, title: str, name: str = "廉江-回执.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("联络员回执,,,,,\n" + title + HEADER + ROW).encode("gb18030"))  # as Excel in China saves it
    return path


def liaison(path: Path, uid: str) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"][uid].get("liaison", {})


def test_a_sheet_filled_by_another_unit_is_refused_naming_both(run: Run, shipped: Path, tmp_path: Path) -> None:
    lianjiang = sheet(tmp_path, "填报单位：廉江市住房和城乡建设局,,,,,\n")
    before = shipped.read_bytes()
    refused = run("receipt", "雷州", "--from", lianjiang, "-f", shipped, "--today", "2024-09-05")
    assert refused.exit_code == 2
    assert "是 廉江市 填报的（表中写着 填报单位：廉江市住房和城乡建设局），不是 雷州市 的，未记录" in refused.stderr
    assert "--as leizhou" in refused.stderr
    assert shipped.read_bytes() == before
    english = run("receipt", "雷州", "--from", lianjiang, "-f", shipped, "--today", "2024-09-05", "--lang", "en")
    assert "was filled by 廉江市 (the sheet says 填报单位：廉江市住房和城乡建设局), not by 雷州市" in english.stderr
    # the unit that filled it: recorded
    ok = run("receipt", "廉江", "--from", lianjiang, "-f", shipped, "--today", "2024-09-05")
    assert ok.exit_code == 0, ok.output
    assert liaison(shipped, "lianjiang")["name"] == "李明" and liaison(shipped, "leizhou") == {}


def test_as_records_it_for_the_unit_named_and_must_agree_with_unit(run: Run, shipped: Path, tmp_path: Path) -> None:
    lianjiang = sheet(tmp_path, "填报单位（盖章）：廉江市住建局    填报日期：2024年9月5日,,,,,\n")
    other = run("receipt", "雷州", "--from", lianjiang, "--as", "廉江", "-f", shipped, "--today", "2024-09-05")
    assert other.exit_code == 2 and "--as 指明的是 廉江市，但要记录的单位是 雷州市" in other.stderr
    assert run("receipt", "雷州", "--as", "雷州", "--name", "x", "-f", shipped).exit_code == 2  # --as needs --from
    forced = run("receipt", "雷州", "--from", lianjiang, "--as", "leizhou", "-f", shipped, "--today", "2024-09-05")
    assert forced.exit_code == 0, forced.output
    assert liaison(shipped, "leizhou")["name"] == "李明"


def test_a_filler_no_unit_matches_is_refused_and_a_sheet_that_does_not_say_is_taken(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    stranger = sheet(tmp_path, "填报单位,茂名市住房和城乡建设局,,,,\n", "x.csv")
    refused = run("receipt", "雷州", "--from", stranger, "-f", shipped, "--today", "2024-09-05")
    assert refused.exit_code == 2 and "填报单位是“茂名市住房和城乡建设局”，对不上 雷州市" in refused.stderr
    silent = sheet(tmp_path, "", "y.csv")
    assert run("receipt", "雷州", "--from", silent, "-f", shipped, "--today", "2024-09-05").exit_code == 0


def test_a_filler_column_in_an_xlsx_is_read(run: Run, shipped: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["填报单位", "姓名", "手机"])
    ws.append(["廉江市住房和城乡建设局", "李明", "13800138000"])
    path = tmp_path / "回执.xlsx"
    book.save(path)
    refused = run("receipt", "雷州", "--from", path, "-f", shipped, "--today", "2024-09-05")
    assert refused.exit_code == 2 and "不是 雷州市 的" in refused.stderr
    assert run("receipt", "廉江", "--from", path, "-f", shipped, "--today", "2024-09-05").exit_code == 0
