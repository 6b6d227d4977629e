"""Issue 19: the receipt task (`[campaign] receipt_task`) is done only with its form's required values.

Every path that marks it done refuses without them, with one message naming what is missing and the
`qmonth receipt UNIT --set …` that records it; `check` reports a hand-edited one with its line."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import Run, mutate

DAY = ("--today", "2024-09-20")


def progress(path: Path, uid: str) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["units"][uid].get("progress", {})


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        (
            "zh",
            "赤坎区 的回执（receipt）缺少联络员回执的必填项：手机或固定电话，不能记为完成。"
            "请用 qmonth receipt chikan --set 手机=… 记录回执（会同时记为完成）。文件未修改。\n",
        ),
        (
            "en",
            "赤坎区's receipt (receipt) lacks what Liaison receipt requires: Mobile or Landline; it cannot be "
            "recorded done without them. Record the receipt with qmonth receipt chikan --set mobile=… (that also "
            "records it done). The file was not changed.\n",
        ),
    ],
)  # fmt: skip
def test_done_refuses_the_receipt_without_a_number_to_call(run: Run, shipped: Path, lang: str, says: str) -> None:
    mutate(shipped, 'title = "联络员回执"\n', 'title = "联络员回执"\ntitle_en = "Liaison receipt"\n')
    for field, en in (("name", "Name"), ("phone", "Landline"), ("mobile", "Mobile")):
        mutate(shipped, f'{{ id = "{field}",', f'{{ id = "{field}", label_en = "{en}",')
    before = shipped.read_bytes()
    result = run("done", "chikan", "receipt", *DAY, "-f", shipped, "--lang", lang)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", says)
    # by title or as one of several tasks: the same refusal, and nothing of the others is written
    both = run("done", "赤坎", "回执", "work-plan", *DAY, "-f", shipped, "--lang", lang)
    assert both.exit_code == 2 and both.stderr == says
    assert shipped.read_bytes() == before


def test_a_name_alone_is_refused_and_a_number_records_it(run: Run, shipped: Path) -> None:
    before = shipped.read_bytes()
    named = run("receipt", "赤坎", "--name", "林晓燕", *DAY, "-f", shipped)
    assert named.exit_code == 2 and "缺少联络员回执的必填项：手机或固定电话" in named.stderr
    assert shipped.read_bytes() == before
    assert run("receipt", "赤坎", "--name", "林晓燕", "--mobile", "13802715638", *DAY, "-f", shipped).exit_code == 0
    assert "receipt" in progress(shipped, "chikan")
    # clearing the only number of a done receipt is refused too: it would leave nobody to call
    cleared = run("receipt", "赤坎", "--set", "手机=", *DAY, "-f", shipped)
    assert cleared.exit_code == 2 and "qmonth receipt chikan --set 手机=…" in cleared.stderr
    # once recorded, `done` (adding evidence) works
    assert run("done", "赤坎", "receipt", "-e", "https://example.com/r", *DAY, "-f", shipped).exit_code == 0


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("zh", "缺少联络员回执的必填项：姓名、职务，不能记为完成。请用 qmonth receipt chikan --set 姓名=… --set 职务=…"),
        ("en", "lacks what Liaison receipt requires: Name, Position; it cannot be recorded done without them. Record "
               "the receipt with qmonth receipt chikan --set name=… --set position=…"),
    ],
)  # fmt: skip
def test_a_form_that_marks_fields_required_asks_for_exactly_those(run: Run, shipped: Path, lang: str, says: str) -> None:
    mutate(shipped, 'title = "联络员回执"\n', 'title = "联络员回执"\ntitle_en = "Liaison receipt"\n')
    mutate(shipped, '{ id = "name",', '{ id = "name", label_en = "Name", required = true,')
    mutate(shipped, '{ id = "position",', '{ id = "position", label_en = "Position", required = true,')
    result = run("done", "chikan", "receipt", *DAY, "-f", shipped, "--lang", lang)
    assert result.exit_code == 2 and says in result.stderr
    # the mobile alone does not do: the form says what it requires
    assert run("receipt", "chikan", "--mobile", "13802715638", *DAY, "-f", shipped).exit_code == 2
    done = run("receipt", "chikan", "--set", "姓名=林晓燕", "--set", "职务=股长", *DAY, "-f", shipped)
    assert done.exit_code == 0, done.output


def test_a_campaign_without_a_receipt_task_is_not_asked(run: Run, shipped: Path) -> None:
    mutate(shipped, "[campaign]\n", '[campaign]\nreceipt_task = "none-such"\n')
    mutate(shipped, 'task = "receipt"\nliaison = true\n', 'task = "summary"\nliaison = true\n')
    assert run("done", "chikan", "receipt", *DAY, "-f", shipped).exit_code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_warns_about_a_hand_edited_receipt_with_its_line_and_never_rewrites(run: Run, shipped: Path, lang: str) -> None:
    mutate(shipped, "[units.xiashan]\n", "[units.chikan.progress.receipt]\ndone = 2024-09-09\n\n[units.xiashan]\n")
    line = shipped.read_text(encoding="utf-8").splitlines().index("[units.chikan.progress.receipt]") + 1
    before = shipped.read_bytes()
    result = run("check", shipped, "--lang", lang)
    assert result.exit_code == 0, result.output  # a warning: the record stands, the values are owed
    says = "回执已记为完成，但缺少：手机或固定电话" if lang == "zh" else "the receipt is recorded done but lacks 手机 or 固定电话"
    assert f"{shipped}:{line}: units.chikan.progress.receipt" in result.output and says in result.output
    assert "qmonth receipt chikan --set" in result.output
    strict = run("check", shipped, "--strict", "--lang", lang)
    assert strict.exit_code != 0 and says in strict.output
    assert shipped.read_bytes() == before
    # the screens go on working: status is not refused
    assert run("status", "-f", shipped, *DAY).exit_code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_intake_does_not_mark_the_receipt_done_from_a_file_alone(run: Run, shipped: Path, lang: str) -> None:
    folder = shipped.parent / "in"
    folder.mkdir()
    (folder / "chikan-receipt.pdf").write_bytes(b"%PDF-1.4\n")
    result = run("intake", folder, "--yes", "-f", shipped, *DAY, "--lang", lang)
    assert result.exit_code == 0, result.output
    says = "缺少联络员回执的必填项：手机或固定电话" if lang == "zh" else "lacks what 联络员回执 requires: 手机 or 固定电话"
    assert says in result.output and "qmonth receipt chikan --set" in result.output
    assert "receipt" not in progress(shipped, "chikan")
    # once the liaison is recorded, the scan is filed as the receipt's evidence
    assert run("receipt", "chikan", "--mobile", "13802715638", "--on", "2024-09-09", *DAY, "-f", shipped).exit_code == 0
    again = run("intake", folder, "--yes", "-f", shipped, *DAY, "--lang", lang)
    assert again.exit_code == 0, again.output
    assert progress(shipped, "chikan")["receipt"]["evidence"] == ["evidence/chikan/chikan-receipt.pdf"]
