"""More than one issuer contact ([[campaign.contact]]): `remind`, its letters, the group digest and
the coordinator's mail name every one of them; the single [campaign.contact] table still works."""

from __future__ import annotations

import email
from email.policy import default as default_policy
from pathlib import Path

import pytest

from tests.conftest import Run, quick_delivery
from tests.test_notify_cli import _Inbox
from tests.test_notify_cli import smtp as smtp  # the fixture: a real SMTP server on localhost

ONE = """[campaign.contact]
name = "钟苗萃"
office = "质安科"
phone = "0759-3588040"
messaging = "粤政易（同名）"
"""

TWO = """[[campaign.contact]]
name = "张三"
office = "质安科"
phone = "0759-3588040"
email = "zhang@example.cn"

[[campaign.contact]]
name = "李四"
phone = "0759-3588041"
email = "li@example.cn"
"""


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    quick_delivery(monkeypatch, tmp_path, "0.3")


@pytest.fixture
def two(shipped: Path) -> Path:
    text = shipped.read_text(encoding="utf-8")
    assert ONE in text
    shipped.write_text(text.replace(ONE, TWO), encoding="utf-8")
    return shipped


def test_check_accepts_both_shapes(run: Run, shipped: Path, two: Path) -> None:
    result = run("check", "-f", two)
    assert result.exit_code == 0, result.output


def test_remind_names_every_contact(run: Run, two: Path) -> None:
    zh = run("remind", "-f", two, "--today", "2024-09-11").stdout
    assert "报送：质安科 张三 0759-3588040；李四 0759-3588041" in zh
    en = run("remind", "-f", two, "--today", "2024-09-11", "--lang", "en").stdout
    assert "Report to: 质安科 张三 0759-3588040; 李四 0759-3588041" in en


def test_a_units_letter_names_every_contact(run: Run, two: Path) -> None:
    zh = run("remind", "-f", two, "--today", "2024-09-11", "--unit", "赤坎").stdout
    assert "如有疑问，请联系质安科 张三（0759-3588040）、李四（0759-3588041）。" in zh
    assert zh.splitlines()[-2] == "湛江市住房和城乡建设局 质安科"  # signed by the first contact's office
    en = run("remind", "-f", two, "--today", "2024-09-11", "--unit", "赤坎", "--lang", "en").stdout
    assert "Questions: 质安科 张三 (0759-3588040), 李四 (0759-3588041)." in en


def test_one_contact_reads_as_before(run: Run, shipped: Path) -> None:
    out = run("remind", "-f", shipped, "--today", "2024-09-11", "--unit", "赤坎").stdout
    assert "如有疑问，请联系质安科 钟苗萃（0759-3588040）。" in out
    assert "报送：质安科 钟苗萃 0759-3588040 粤政易（同名）" in run("remind", "-f", shipped, "--today", "2024-09-11").stdout


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "联系人：质安科 张三 0759-3588040；李四 0759-3588041"),
        ("en", "Contact: 质安科 张三 0759-3588040; 李四 0759-3588041"),
    ],
)
def test_the_group_digest_names_every_contact(run: Run, two: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str) -> None:
    with two.open("a", encoding="utf-8") as fh:
        fh.write('\n[notify.group]\nkind = "wecom"\n')
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", "http://127.0.0.1:9/hook")  # a dry run sends nothing
    result = run("remind", "-f", two, "--today", "2024-09-11", "--send", "--dry-run", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert line in result.stdout


def test_each_contact_with_an_address_gets_the_digest(
    run: Run,
    two: Path,
    smtp: tuple[_Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, port = smtp
    with two.open("a", encoding="utf-8") as fh:
        fh.write('\n[notify.mail]\nkind = "mail"\nto_units = false\n')
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    result = run("remind", "-f", two, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, result.output
    assert sorted(rcpts[0] for rcpts, _ in inbox.messages) == ["li@example.cn", "zhang@example.cn"]
    for _, raw in inbox.messages:
        body = email.message_from_bytes(raw, policy=default_policy).get_content()
        assert "联系人：质安科 张三 0759-3588040；李四 0759-3588041" in body


@pytest.mark.parametrize(("lang", "words"), [("zh", "未知的键 campaign.contact.1.nme"), ("en", "campaign.contact.1.nme")])
def test_a_mistake_in_the_second_contact_is_located(run: Run, two: Path, lang: str, words: str) -> None:
    two.write_text(two.read_text(encoding="utf-8").replace('name = "李四"', 'nme = "李四"'), encoding="utf-8")
    result = run("check", "-f", two, "--lang", lang)
    assert result.exit_code == 1
    assert words in result.stderr and "contact-table" not in result.stderr
    assert "Traceback" not in result.output


def test_a_mistake_in_the_one_table_keeps_its_key(run: Run, shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8").replace('office = "质安科"', 'ofice = "质安科"')
    shipped.write_text(text, encoding="utf-8")
    result = run("check", "-f", shipped)
    assert result.exit_code == 1 and "未知的键 campaign.contact.ofice" in result.stderr
