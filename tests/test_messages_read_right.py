"""Issue 21: what goes out in the bureau's name reads right — deadlines the notice set vs implied by
the activity period, working days, one line per unit, a unit's mail is its letter. Through the CLI
against real local servers (pytest-httpserver for robots, aiosmtpd for mail), in zh and en."""

from __future__ import annotations

import datetime as dt
import email
import json
import re
from email.policy import default as default_policy
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import Run
from tests.test_notify_cli import OK, _Inbox, _quick, bodies, channel  # noqa: F401 (_quick: an autouse fixture)
from tests.test_notify_cli import smtp as smtp  # a fixture

NOTICE_SET = {"receipt", "summary"}  # the notice dates only the 回执 (9月10日) and the 总结 (10月9日)


def _units_with_mail(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.replace('messaging = "粤政易（同名）"', 'messaging = "粤政易（同名）"\nemail = "zaj@example.cn"')
    for uid in ("wuchuan", "associations"):
        text = text.replace(f"[units.{uid}]\n", f'[units.{uid}]\nemail = "office@{uid}.example.cn"\n', 1)
    path.write_text(text, encoding="utf-8")


def _tasks(path: Path) -> dict[str, dict[str, object]]:
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))["tasks"]


def _overdue_words(text: str) -> list[str]:
    return re.findall(r"[^，；。\n]{0,12}逾期[^，；。\n]*|[^;,.\n]{0,30}overdue[^;,.\n]*", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shipped_on_10_08_never_calls_an_undated_item_overdue_and_chases_the_summary(
    run: Run, shipped: Path, httpserver: HTTPServer, smtp: tuple[_Inbox, int], monkeypatch, lang: str
) -> None:
    inbox, port = smtp
    _units_with_mail(shipped)
    channel(shipped, "group", "wecom")
    channel(shipped, "mail", "mail")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qmonth@example.cn")
    httpserver.expect_request("/hook").respond_with_json(OK)
    result = run("remind", "-f", shipped, "--today", "2024-10-08", "--send", "--lang", lang)
    assert result.exit_code == 0, result.output
    [body] = bodies(httpserver)
    group = body["text"]["content"]
    mails = {rcpts[0]: email.message_from_bytes(raw, policy=default_policy).get_content() for rcpts, raw in inbox.messages}
    assert set(mails) == {"zaj@example.cn", "office@wuchuan.example.cn", "office@associations.example.cn"}
    messages = [result.stdout, group, *mails.values()]
    undated = [t["title"] for tid, t in _tasks(shipped).items() if tid not in NOTICE_SET]
    for text in messages:
        assert not re.search(r"\d+ ?天|(?<!working )day\(s\) overdue", text)  # working days only
        assert "已于" not in text and "截止，现已逾期" not in text
        for line in text.splitlines():  # an item the notice gave no date is never overdue
            if any(title in line for title in undated):
                assert "逾期" not in line and "overdue" not in line, line
        for said in _overdue_words(text):  # what is overdue: the 回执 of 14 units, 15 working days past 9月10日
            assert re.search(r"15|\b1 项|\b1 overdue|14 项|14 overdue|\(14 units\)", said), said
    letter = mails["office@wuchuan.example.cn"].replace("\r\n", "\n")
    assert letter == run("remind", "-f", shipped, "--today", "2024-10-08", "-u", "wuchuan", "--lang", lang).stdout
    if lang == "zh":
        assert "1. 报送联络员回执（截止 2024年9月10日，已逾期 15 个工作日）" in letter
        assert "2. 报送“质量月”活动总结材料及视频、照片等佐证材料（截止 2024年10月9日，还有 1 个工作日）" in letter
        assert "   报送时须一并报告以下 17 项活动的完成情况：" in letter  # the 总结 is chased, with what it must cover
        assert "吴川市：逾期 1 项，最久 15 个工作日；1 项10月9日到期；须附 17 项活动完成情况，请立即办理。" in group
        # a unit the 总结 does not apply to: its activity items are "not reported", never "overdue"
        assoc = mails["office@associations.example.cn"]
        assert "配合省开展工程技能大比武活动（尚未报送完成情况）" in assoc
        assert "另有 7 项活动尚未报送完成情况" in assoc
    else:
        assert "(due 2024-10-09, 1 working day(s) left)" in letter
        assert "With it, report on these 17 activity item(s) not reported yet:" in letter
        assert "(completion not reported yet)" in mails["office@associations.example.cn"]


def test_before_the_end_an_implied_item_is_to_be_done_within_the_period(run: Run, demo: Path) -> None:
    out = run("remind", "-f", demo, "--today", "2024-09-26", "-u", "麻章").stdout
    assert "贵单位在2024年全市住房城乡建设系统“质量月”活动中有 16 项活动应在活动期内（9月）完成：" in out
    assert "1. 以专栏、专版、专访、专题片等方式展示质量创新和质量提升成果（活动期内（9月）应完成）" in out
    assert "截止 2024年9月30日" not in out
    en = run("remind", "-f", demo, "--today", "2024-09-26", "-u", "麻章", "--lang", "en").stdout
    assert "(to be done within the campaign (September))" in en


def test_status_json_says_where_each_deadline_came_from(run: Run, shipped: Path) -> None:
    data = json.loads(run("status", "-f", shipped, "--today", "2024-10-08", "--format", "json").stdout)
    sources = {i["task"]: i["deadline_source"] for i in data["items"]}
    assert {t for t, s in sources.items() if s == "notice"} == NOTICE_SET
    assert {s for t, s in sources.items() if t not in NOTICE_SET} == {"period"}
    screen = run("status", "-f", shipped, "--today", "2024-10-08", "--unit", "chikan").stdout
    assert "未报完成情况" in screen
    rem = json.loads(run("remind", "-f", shipped, "--today", "2024-10-08", "--format", "json").stdout)["reminders"]
    chikan = [r for r in rem if r["unit"] == "chikan"]
    assert [r["task"] for r in chikan[:2]] == ["receipt", "summary"]
    assert {r["report_with"] for r in chikan[2:]} == {"summary"} and len(chikan) == 19


def test_report_with_must_name_a_dated_task(run: Run, shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8")
    text = text.replace(
        'applies_to = ["county", "centre", "association"]\nreport_with = "summary"',
        'applies_to = ["county", "centre", "association"]\nreport_with = "work-plan"',
        1,
    )
    shipped.write_text(text, encoding="utf-8")
    r = run("check", shipped)
    assert r.exit_code == 1 and "report_with = “work-plan”" in r.stderr and "tasks.publicity-media.report_with" in r.stderr


# ── working days, rest days ──────────────────────────────────────────────────


def test_every_day_count_in_the_reminders_is_in_working_days_across_the_mid_autumn_break(run: Run, shipped: Path) -> None:
    # 2024-09-18: the 回执 (9-10) is 5 working days late (11, 12, 13, the make-up 14, 18), 8 calendar days
    out = run("remind", "-f", shipped, "--today", "2024-09-18", "-u", "chikan").stdout
    assert "已逾期 5 个工作日" in out and "8 天" not in out
    # every unit's count, in both languages: 14 overdue receipts, each 5 working days, no other count
    zh = run("remind", "-f", shipped, "--today", "2024-09-18").stdout
    assert re.findall(r"已逾期 (\d+) ?(\S+)）", zh) == [("5", "个工作日")] * 14
    assert not re.search(r"\d+ ?天", zh)
    en = run("remind", "-f", shipped, "--today", "2024-09-18", "--lang", "en").stdout
    assert re.findall(r"(\d+) ([\w()]+(?: [\w()]+)?) overdue\)", en) == [("5", "working day(s)")] * 14
    assert not re.search(r"\d+ day\(s\)", en)


def test_no_chasing_on_a_rest_day_and_a_letter_written_then_says_so(run: Run, shipped: Path) -> None:
    assert run("remind", "-f", shipped, "--today", "2024-09-15").stdout == ""  # Sunday in the Mid-Autumn break
    text = shipped.read_text(encoding="utf-8").replace("deadline = 2024-09-10", "deadline = 2024-09-13")
    shipped.write_text(text, encoding="utf-8")
    # Monday 09-16 is a holiday: the 回执 is past its deadline, with no working day since 09-14 (make-up)
    letter = run("remind", "-f", shipped, "--today", "2024-09-16", "-u", "chikan").stdout
    assert "已逾期 1 个工作日" in letter  # the make-up Saturday 14 counts
    text = text.replace("deadline = 2024-09-13", "deadline = 2024-09-14")
    shipped.write_text(text, encoding="utf-8")
    letter = run("remind", "-f", shipped, "--today", "2024-09-16", "-u", "chikan").stdout
    assert "已过截止日期（今日为休息日，尚未计工作日）" in letter and "0 个工作日" not in letter
    en = run("remind", "-f", shipped, "--today", "2024-09-16", "-u", "chikan", "--lang", "en").stdout
    assert "today is a rest day" in en and "0 working" not in en


def test_days_of_the_demo_are_chased_in_working_days_only(run: Run, demo: Path) -> None:
    day = dt.date(2024, 9, 9)
    while day <= dt.date(2024, 10, 12):
        out = run("remind", "-f", demo, "--today", day.isoformat()).stdout
        assert "天、" not in out and not re.search(r"已逾期 \d+ 天", out), day
        day += dt.timedelta(days=3)


# ── the group digest: one line per unit, one WeCom text message ──────────────


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_digest_fits_one_wecom_message_every_day_one_line_per_owing_unit(
    run: Run, demo: Path, httpserver: HTTPServer, monkeypatch, lang: str
) -> None:
    channel(demo, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_json(OK)
    shorts = [line.split('"')[1] for line in demo.read_text(encoding="utf-8").splitlines() if line.startswith("short = ")]
    day, seen = dt.date(2024, 9, 1), 0
    while day <= dt.date(2024, 10, 12):
        owing = json.loads(run("remind", "-f", demo, "--today", day.isoformat(), "--any-day", "--format", "json").stdout)
        owing_units = {r["unit"] for r in owing["reminders"]}
        before = len(httpserver.log)
        result = run("remind", "-f", demo, "--today", day.isoformat(), "--any-day", "--send", "--lang", lang)
        assert result.exit_code == 0, (day, result.output)
        if owing_units:
            assert len(httpserver.log) == before + 1, day
            text = bodies(httpserver)[-1]["text"]
            content = text["content"]
            mentions = text.get("mentioned_mobile_list", [])
            assert len(content.encode("utf-8")) + 16 * len(mentions) <= 2048, day
            lines = content.splitlines()[1:-1]  # between the header and the contact
            assert len(lines) == len(owing_units), day  # every owing unit, one line each
            assert all(line.split("：" if lang == "zh" else ":")[0] in shorts for line in lines), day
            assert "qmonth" not in content and "status" not in content and "另有" not in content, day
            if day == dt.date(2024, 9, 26):  # all 14 owe: the liaisons known by then are @-mentioned
                assert len(mentions) >= 8, day
            seen += 1
        day += dt.timedelta(days=1)
    assert seen >= 25


# ── letters for the platforms qmonth cannot reach; a generic webhook ─────────


def test_each_writes_one_letter_per_owing_unit(run: Run, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    result = run("remind", "-f", demo, "--today", "2024-10-08", "--each", "-o", out)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 14 and "吴川市.txt" in files
    letter = (out / "吴川市.txt").read_text(encoding="utf-8")
    assert letter == run("remind", "-f", demo, "--today", "2024-10-08", "-u", "wuchuan").stdout
    en = run("remind", "-f", demo, "--today", "2024-09-20", "--each", "-o", tmp_path / "en", "--lang", "en")
    assert en.exit_code == 0 and len(list((tmp_path / "en").iterdir())) == 3  # only the units owing something
    refused = run("remind", "-f", demo, "--today", "2024-10-08", "--each", "-o", demo)  # a file, not a folder
    assert refused.exit_code == 2 and "-o" in refused.stderr
    assert run("remind", "-f", demo, "--today", "2024-10-08", "--each").exit_code == 2


WEBHOOK_BODY = '{"msg": {"type": "text", "content": "{title}\\n{text}"}, "at": "{mentions}", "day": "{today}"}'


def test_webhook_posts_the_rendered_template_with_headers_from_the_environment(
    run: Run, demo: Path, httpserver: HTTPServer, monkeypatch
) -> None:
    channel(demo, "gov", "webhook", body=WEBHOOK_BODY)
    with demo.open("a", encoding="utf-8") as fh:
        fh.write('headers = { Authorization = "GOV_TOKEN" }\n')
    monkeypatch.setenv("QMONTH_NOTIFY_GOV", httpserver.url_for("/gov"))
    monkeypatch.setenv("GOV_TOKEN", "Bearer t0ken")
    httpserver.expect_request("/gov", method="POST", headers={"Authorization": "Bearer t0ken"}).respond_with_data("ok")
    result = run("remind", "-f", demo, "--today", "2024-09-20", "--send")
    assert result.exit_code == 0, result.output
    [body] = bodies(httpserver)
    assert body["day"] == "2024-09-20" and body["msg"]["type"] == "text"
    assert "雷州市：逾期 1 项，最久 7 个工作日，请立即办理。" in body["msg"]["content"]


def test_webhook_faults_exit_5_and_bad_templates_are_check_errors(
    run: Run, demo: Path, httpserver: HTTPServer, monkeypatch
) -> None:
    channel(demo, "gov", "webhook", body=WEBHOOK_BODY)
    monkeypatch.setenv("QMONTH_NOTIFY_GOV", httpserver.url_for("/gov"))
    httpserver.expect_request("/gov").respond_with_json({"code": 40001, "msg": "bad token"})
    refused = run("remind", "-f", demo, "--today", "2024-09-20", "--send")
    assert refused.exit_code == 5 and "40001" in refused.stderr
    httpserver.clear()
    httpserver.expect_request("/gov").respond_with_data("down", status=503)
    assert run("remind", "-f", demo, "--today", "2024-09-20", "--send").exit_code == 5
    text = demo.read_text(encoding="utf-8").replace("{mentions}", "{secret}")
    demo.write_text(text, encoding="utf-8")
    bad = run("check", demo)
    assert bad.exit_code == 1 and "notify.gov" in bad.stderr and "{secret}" in bad.stderr
