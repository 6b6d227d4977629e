"""Units declared as a class without names (`named = false`: 各镇（街道）, 各有关单位): one row in
status, tasks and JSON (`class: true`); reminded to the coordinator only, saying why; never recorded
against (done, undo, waive, receipt, chase, intake, links) until the units are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

FILE = """[campaign]
title = "2025年安全生产月活动"
issuer = "某市住房和城乡建设局"
start = 2025-06-01
end = 2025-06-30

[campaign.contact]
name = "张三"
office = "质安科"
phone = "0759-3588040"

[kinds]
county = "县（市、区）住建部门"
town = "镇（街道）"

[themes.a]
number = "（一）"
title = "宣传"

[tasks.receipt]
theme = "a"
title = "报送联络员回执"
deadline = 2025-06-06
applies_to = ["county", "town"]

[tasks.report]
theme = "a"
title = "报送总结"
deadline = 2025-06-30
applies_to = ["county", "town"]

[units.chikan]
name = "赤坎区住建局"
short = "赤坎区"
kind = "county"

[units.xiashan]
name = "霞山区住建局"
short = "霞山区"
kind = "county"

[units.towns]
name = "各镇（街道）"
kind = "town"
named = false
"""

REFUSED = {"zh": "请先在 [units] 中列出各单位名称", "en": "List the units by name in [units] first"}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "campaign.toml"
    target.write_text(FILE, encoding="utf-8")
    return target


def test_check_accepts_a_class(run: Run, path: Path) -> None:
    result = run("check", "-f", path)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_shows_the_class_as_one_row(run: Run, path: Path, lang: str) -> None:
    out = run("status", "-f", path, "--today", "2025-06-10", "--lang", lang, "--all").stdout
    rows = [line for line in out.splitlines() if line.startswith("各镇（街道） ")]
    assert len(rows) == 2 and "●" in rows[0]  # the matrix's row and its overdue receipt, nothing more
    assert ("一类单位，未列名称" if lang == "zh" else "a class, not named") in rows[1]
    hint = "一类单位，尚未列出名称，显示为一行" if lang == "zh" else "a class of units not named yet, shown as one row"
    assert hint in out.replace("\n", "")


def test_json_flags_the_class(run: Run, path: Path) -> None:
    data = json.loads(run("status", "-f", path, "--today", "2025-06-10", "--format", "json").stdout)
    assert {u["id"]: u["class"] for u in data["units"]} == {"chikan": False, "xiashan": False, "towns": True}
    reminders = json.loads(run("remind", "-f", path, "--today", "2025-06-10", "--format", "json").stdout)["reminders"]
    assert {r["unit"]: r["class"] for r in reminders} == {"chikan": False, "xiashan": False, "towns": True}


def test_tasks_name_the_class_once(run: Run, path: Path) -> None:
    data = json.loads(run("tasks", "-f", path, "--format", "json").stdout)
    assert all(task["units"] == ["chikan", "xiashan", "towns"] for task in data["tasks"])
    assert "各镇（街道）" in run("tasks", "-f", path, "--unit", "towns").stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_remind_addresses_the_class_to_the_coordinator(run: Run, path: Path, lang: str) -> None:
    out = run("remind", "-f", path, "--today", "2025-06-10", "--lang", lang).stdout
    block = out.split("各镇（街道）（towns）" if lang == "zh" else "各镇（街道） (towns)", 1)[1].split("\n\n", 1)[0]
    if lang == "zh":
        assert "没有自己的联系人：由协调人（质安科 张三 0759-3588040）转达" in block
    else:
        assert "with no contact of its own: for the coordinator (质安科 张三 0759-3588040) to pass on" in block
    assert "报送联络员回执" in block
    letter = run("remind", "-f", path, "--today", "2025-06-10", "--unit", "towns", "--lang", lang).stdout
    first = letter.splitlines()[0]
    if lang == "zh":
        assert first == "致质安科 张三（各镇（街道）尚未列出具体单位，请转达）："
        assert letter.splitlines()[1].startswith("各镇（街道）在2025年安全生产月活动中")
    else:
        assert first == "To 质安科 张三 (for 各镇（街道）, not named yet: please pass this on):"


def test_without_a_coordinator_remind_says_so(run: Run, path: Path) -> None:
    contact = '[campaign.contact]\nname = "张三"\noffice = "质安科"\nphone = "0759-3588040"\n'
    text = path.read_text(encoding="utf-8").replace(contact, "")
    path.write_text(text, encoding="utf-8")
    out = run("remind", "-f", path, "--today", "2025-06-10").stdout
    assert "也未填写协调人（[campaign.contact]）" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "args",
    [
        ("done", "towns", "receipt"),
        ("done", "各镇", "report"),
        ("undo", "towns", "receipt"),
        ("waive", "towns", "report", "--reason", "不适用"),
        ("receipt", "towns", "--name", "王五", "--mobile", "13802715638"),
        ("chase", "towns", "receipt"),
        ("links", "--unit", "towns"),
    ],
)
def test_recording_against_the_class_is_refused(run: Run, path: Path, tmp_path: Path, lang: str, args: tuple[str, ...]) -> None:
    before = path.read_bytes()
    extra = ["--links", str(tmp_path / "links.json")] if args[0] == "links" else ["--today", "2025-06-10"]
    result = run(*args, "-f", path, *extra, "--lang", lang)
    assert result.exit_code == 2, result.output
    assert REFUSED[lang] in result.stderr and "towns" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert not path.with_name("campaign.log.jsonl").exists()


def test_links_leave_the_class_out(run: Run, path: Path, tmp_path: Path) -> None:
    result = run("links", "-f", path, "--links", tmp_path / "links.json", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "chikan" in result.stdout and "towns" not in result.stdout


def test_intake_does_not_file_evidence_under_the_class(run: Run, path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace('title = "报送总结"', 'title = "报送总结"\nevidence = ["照片"]')
    path.write_text(text, encoding="utf-8")
    inbox = tmp_path / "下载"
    inbox.mkdir()
    (inbox / "各镇（街道）-照片.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    (inbox / "赤坎区-照片.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo either")
    result = run("intake", inbox, "-f", path, "--today", "2025-06-10")  # no --yes: a preview, nothing recorded
    assert result.exit_code == 2, result.output  # a preview: no terminal to confirm on
    out = result.output.replace("\n", "")
    assert "各镇（街道）-照片.jpg" in out and REFUSED["zh"] in out
    assert "Traceback" not in out


@pytest.mark.parametrize(("key", "value"), [("phone", '"0759-3588041"'), ("progress.receipt", "{ done = 2025-06-05 }")])
def test_a_class_holds_nothing_of_its_own(run: Run, path: Path, key: str, value: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + _entry(key, value), encoding="utf-8")
    result = run("check", "-f", path)
    assert result.exit_code == 1
    assert f"[units.towns] 是一类单位（named = false），没有自己的 {key.split('.')[0]}" in result.stderr
    assert "Traceback" not in result.output


def _entry(key: str, value: str) -> str:
    if "." in key:
        table, task = key.split(".")
        return f"\n[units.towns.{table}]\n{task} = {value}\n"
    return f"{key} = {value}\n"


def test_once_named_the_units_are_recorded(run: Run, path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace(
        '[units.towns]\nname = "各镇（街道）"\nkind = "town"\nnamed = false\n',
        '[units.huguang]\nname = "湖光镇"\nkind = "town"\n\n[units.jinghu]\nname = "镜湖街道"\nkind = "town"\n',
    )
    path.write_text(text, encoding="utf-8")
    # the receipt is done with a number to call (issue 19: never with no liaison)
    done = run("receipt", "湖光镇", "--mobile", "13800000001", "-f", path, "--today", "2025-06-10", "--on", "2025-06-05")
    assert done.exit_code == 0, done.output
    data = json.loads(run("status", "-f", path, "--today", "2025-06-10", "--format", "json").stdout)
    assert {u["id"]: (u["class"], u["done"]) for u in data["units"]}["huguang"] == (False, 1)
    out = run("status", "-f", path, "--today", "2025-06-10", "--all").stdout
    assert "【镇（街道）】" in out and "一类单位" not in out


@pytest.mark.parametrize(
    ("lang", "first"),
    [
        ("zh", "致质安科 张三、李四（各镇（街道）尚未列出具体单位，请转达）："),
        ("en", "To 质安科 张三, 李四 (for 各镇（街道）, not named yet: please pass this on):"),
    ],
)
def test_the_class_letter_goes_to_every_contact(run: Run, path: Path, lang: str, first: str) -> None:
    text = path.read_text(encoding="utf-8").replace(
        '[campaign.contact]\nname = "张三"\noffice = "质安科"\nphone = "0759-3588040"\n',
        '[[campaign.contact]]\nname = "张三"\noffice = "质安科"\nphone = "0759-3588040"\n\n'
        '[[campaign.contact]]\nname = "李四"\nphone = "0759-3588041"\n',
    )
    path.write_text(text, encoding="utf-8")
    letter = run("remind", "-f", path, "--today", "2025-06-10", "--unit", "towns", "--lang", lang).stdout
    assert letter.splitlines()[0] == first
    block = run("remind", "-f", path, "--today", "2025-06-10", "--lang", lang).stdout
    sep = "；" if lang == "zh" else "; "
    assert f"质安科 张三 0759-3588040{sep}李四 0759-3588041" in block
