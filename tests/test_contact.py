"""A unit's own office contact (`phone`, `email` on [units.ID]): validated, and shown wherever the
liaison is unknown (status, checklist, remind, JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qmonth.core import fields
from tests.conftest import Run, mutate

CHIKAN = '[units.chikan]\nname = "湛江市赤坎区住房和城乡建设局"\nshort = "赤坎区"\nkind = "county"\n'


def with_office(path: Path, phone: str = "0759-3216000", email: str = "bgs@chikan.example.cn") -> None:
    mutate(path, CHIKAN, CHIKAN + f'phone = "{phone}"\nemail = "{email}"\n')


def test_office_phone_replaces_bare_no_receipt_in_status(run: Run, shipped: Path) -> None:
    with_office(shipped)
    out = run("status", "-f", shipped, "--today", "2024-09-20").stdout
    assert "未报回执 0759-3216000" in out
    assert out.count("未报回执") == 14  # the other 13 units still say only 未报回执
    en = run("status", "-f", shipped, "--today", "2024-09-20", "--lang", "en").stdout
    assert "no receipt; office" in en and "0759-3216000" in en


def test_office_contact_in_checklist_remind_and_json(run: Run, shipped: Path) -> None:
    with_office(shipped)
    checklist = run("status", "-f", shipped, "--today", "2024-09-20", "--unit", "赤坎").stdout
    assert "联络员：未报回执；单位联系方式：0759-3216000 bgs@chikan.example.cn" in checklist
    remind = run("remind", "-f", shipped, "--today", "2024-09-11").stdout
    assert "联络员：未报回执；单位联系方式：0759-3216000 bgs@chikan.example.cn" in remind
    data = json.loads(run("status", "-f", shipped, "--today", "2024-09-20", "--format", "json").stdout)
    chikan = data["units"][0]
    assert chikan["office"] == {"phone": "0759-3216000", "email": "bgs@chikan.example.cn"}
    assert chikan["liaison"] is None
    assert data["units"][1]["office"] == {"phone": "", "email": ""}
    rem = json.loads(run("remind", "-f", shipped, "--today", "2024-09-11", "--format", "json").stdout)
    first = rem["reminders"][0]
    assert first["unit"] == "chikan" and first["office"] == {"phone": "0759-3216000", "email": "bgs@chikan.example.cn"}
    md = run("status", "-f", shipped, "--today", "2024-09-20", "--format", "markdown").stdout
    assert "0759-3216000 bgs@chikan.example.cn" in md


def test_the_liaison_wins_once_the_receipt_is_in(run: Run, shipped: Path) -> None:
    with_office(shipped)
    result = run("receipt", "赤坎", "--name", "林晓燕", "--mobile", "13802715638", "-f", shipped, "--today", "2024-09-09")
    assert result.exit_code == 0, result.output
    out = run("remind", "-f", shipped, "--today", "2024-09-27").stdout
    assert "联络员：林晓燕 13802715638" in out
    assert "单位联系方式：0759-3216000" not in out


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [("phone", "call me", "不是电话号码"), ("phone", "123", "不是电话号码"), ("email", "bgs@chikan", "不是电子邮箱地址")],
)
def test_a_bad_office_contact_is_a_located_error(run: Run, shipped: Path, key: str, value: str, code: str) -> None:
    mutate(shipped, CHIKAN, CHIKAN + f'{key} = "{value}"\n')
    before = shipped.read_bytes()
    result = run("check", "-f", shipped)
    assert result.exit_code == 1
    line = shipped.read_text(encoding="utf-8").split("\n").index(f'{key} = "{value}"') + 1
    assert f"campaign.toml:{line}: units.chikan.{key}" in result.stderr
    assert code in result.stderr
    # and a write command refuses the file, leaving it as it was
    assert run("done", "chikan", "receipt", "-f", shipped, "--today", "2024-09-09").exit_code == 1
    assert shipped.read_bytes() == before


@pytest.mark.parametrize(
    "value",
    ["0759-3216047", "(0759)3216047", "0759 3216047", "3216047", "0759-3216047转8001", "13802715638", "+86 138 0271 5638"],
)
def test_phone_forms_offices_write_are_accepted(value: str) -> None:
    assert fields.check("phone", value) is None


@pytest.mark.parametrize("value", ["1380271563", "138027156389", "abc", "0759-32", "23802715638"])
def test_mobile_needs_eleven_digits_starting_with_1(value: str) -> None:
    assert fields.check("mobile", value) == "field_mobile"


@pytest.mark.parametrize(
    ("lang", "screen", "sendable"),
    [
        ("zh", "联络员：未报回执，也没有单位电话（可在 [units.leizhou] 中填写 phone）", "联络员：未报回执\n"),
        ("en", "Liaison: no receipt yet and no office phone (add phone to [units.leizhou])", "Liaison: no receipt yet\n"),
    ],
)
def test_no_receipt_nor_office_phone_names_the_unit_on_screen_and_gives_no_advice_in_remind(
    run: Run, monkeypatch: pytest.MonkeyPatch, lang: str, screen: str, sendable: str
) -> None:
    """G9: the coordinator's checklist says which [units.ID] to give a phone; remind's text (cron mails it,
    it may be forwarded) only says that no receipt came."""
    from tests.conftest import DEMO

    monkeypatch.setenv("COLUMNS", "120")
    checklist = run("status", "-f", DEMO, "--today", "2024-09-20", "-u", "雷州", "--lang", lang).stdout
    assert screen in checklist
    remind = run("remind", "-f", DEMO, "--today", "2024-09-20", "--lang", lang).stdout
    label = "雷州市住房和城乡建设局（leizhou）" if lang == "zh" else "雷州市住房和城乡建设局 (leizhou)"
    assert f"{label}  {sendable}" in remind
    assert "[units." not in remind and "phone" not in remind
