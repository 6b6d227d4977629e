"""Evidence kinds a task asks for (照片, 视频, 总结材料, 链接) against what was recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qmonth.core.kinds import lacking
from tests.conftest import Run, mutate


@pytest.mark.parametrize(
    ("required", "refs", "missing"),
    [
        (["照片", "视频"], ["a/b.JPG", "c.mp4"], []),
        (["照片", "视频"], ["a/b.jpg"], ["视频"]),
        (["照片", "链接"], ["https://news.example.com/x"], ["照片"]),
        (["总结材料"], ["evidence/x.docx"], []),
        (["总结材料", "视频", "照片"], ["视频:https://v.example.com/1", "x.pdf"], ["照片"]),
        (["视频"], ["视频：evidence/clip.dat"], []),  # an explicit kind says it outright
        (["通报文件"], ["https://example.com/notice"], ["通报文件"]),  # a link is not a document
        (["通报文件"], ["通报文件:https://example.com/notice"], []),
        (["照片"], [], ["照片"]),
    ],
)
def test_lacking(required: list[str], refs: list[str], missing: list[str]) -> None:
    assert lacking(required, refs) == missing


def test_unit_checklist_and_json_show_what_a_done_task_lacks(run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = run("status", "-f", demo, "--today", "2024-09-25", "-u", "赤坎").stdout
    rows = out.splitlines()
    at = next(i for i, line in enumerate(rows) if "集中举办“质量大讲堂”" in line)  # training-lecture: 照片、视频
    assert any("缺视频" in line for line in rows[at : at + 3])
    data = json.loads(run("status", "-f", demo, "--today", "2024-09-25", "--format", "json").stdout)
    item = next(i for i in data["items"] if i["unit"] == "chikan" and i["task"] == "training-lecture")
    assert item["evidence_lacking"] == ["视频"]
    local = next(i for i in data["items"] if i["unit"] == "chikan" and i["task"] == "site-visit-local")
    assert local["evidence_lacking"] == []  # a .jpg and an .mp4


def test_check_strict_fails_on_done_without_the_required_video(run: Run, demo: Path) -> None:
    assert run("check", demo).exit_code == 0  # plain check: kinds are not its business
    result = run("check", "--strict", demo)
    assert result.exit_code == 1
    text = demo.read_text(encoding="utf-8")
    line = text[: text.index("[units.chikan.progress.training-lecture]")].count("\n") + 1
    assert f"{demo}:{line}: units.chikan.progress.training-lecture：已记为完成，但缺少任务要求的佐证材料：视频" in result.stderr


def test_recording_with_an_explicit_kind_satisfies_it(run: Run, demo: Path) -> None:
    clip = demo.parent / "evidence" / "chikan" / "lecture-recording.dat"
    clip.write_bytes(b"\0")
    done = run("done", "chikan", "training-lecture", "-e", "视频:evidence/chikan/lecture-recording.dat", "-f", demo)
    assert done.exit_code == 0, done.stderr
    assert '"视频:evidence/chikan/lecture-recording.dat"' in demo.read_text(encoding="utf-8")
    assert "不存在" not in done.stderr  # the file is found behind its kind
    assert "units.chikan.progress.training-lecture" not in run("check", "--strict", demo).stderr
    link = run("done", "chikan", "training-lecture", "-e", "视频:https://v.example.com/lecture", "-f", demo)
    assert link.exit_code == 0, link.stderr
    assert run("check", demo).exit_code == 0


def test_a_kind_prefix_does_not_let_a_path_escape(run: Run, demo: Path) -> None:
    mutate(demo, 'evidence = ["evidence/chikan/receipt.pdf"]', 'evidence = ["总结材料:../../etc/passwd"]')
    result = run("check", demo)
    assert result.exit_code == 1 and "超出活动文件所在目录" in result.stderr
