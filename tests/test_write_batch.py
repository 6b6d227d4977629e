"""A batch of edits (edit/tomlbatch.py: one scan of the file, each unit's edits in its own part of
it) gives exactly the text the same edits applied one after the other give, and the same error;
a batch of N reports written by `qmonth serve` is exactly what N `qmonth done`s write."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import generate
from qmonth.edit.tomlbatch import BatchError, Op, edit_many, one
from qmonth.edit.tomlcheck import EditError
from tests.conftest import DEMO, SHIPPED, Run

D = dt.date(2024, 9, 19)


def sequential(text: str, ops: Sequence[Op]) -> str:
    for op in ops:
        text = one(text, op)
    return text


def outcome(edit: Any, text: str, ops: Sequence[Op]) -> tuple[str, int, str, int | None]:
    """The text, or the failing edit and its error, as edit_many says it or applying one by one."""
    try:
        return edit(text, ops), -1, "", None
    except BatchError as exc:
        return "", exc.index, exc.error.message, exc.error.line
    except EditError as exc:
        done = 0
        for k in range(len(ops)):
            try:
                text = one(text, ops[k])
            except EditError:
                done = k
                break
        return "", done, exc.message, exc.line


def random_ops(text: str, rng: random.Random, n: int) -> list[Op]:
    """A mix of what the writers do: new and updated progress records (evidence appended, a note,
    done ↔ waived), removed ones, liaison details, one-row forms, multi-row forms added and
    removed — several to the same unit, in any order."""
    import tomllib

    units = tomllib.loads(text)["units"]
    ids = list(units)
    ops: list[Op] = []
    for i in range(n):
        uid = rng.choice(ids)
        progress = units[uid].get("progress", {})
        pick = rng.randrange(8)
        if pick == 0 and progress:
            gone = rng.choice(list(progress))
            ops.append((("units", uid, "progress", gone), None, None))
            del progress[gone]
        elif pick == 1:
            ops.append((("units", uid, "liaison"), {"name": f"联络员{i}", "mobile": "13800000000"}, None))
        elif pick == 2:
            rows = [{"item": f"第{j}项", "count": j} for j in range(rng.randrange(4))]
            ops.append((("units", uid, "forms", "sites"), None, rows))
        elif pick == 3:
            ops.append((("units", uid, "forms", "survey"), {"answer": f"回答{i}", "score": i}, None))
        else:
            key = rng.choice([*progress, "receipt", "summary", f"new-task-{i % 5}"])
            old = progress.get(key, {})
            values: dict[str, Any] = {"done": D - dt.timedelta(days=i % 9), "waived": None}
            if rng.random() < 0.5:
                values["evidence"] = [*old.get("evidence", []), f"evidence/{uid}/{i}.jpg"]
            if rng.random() < 0.3:
                values["note"] = f"说明 {i}"
            if rng.random() < 0.1:
                values = {"waived": "不适用", "done": None}
            ops.append((("units", uid, "progress", key), values, None))
            progress[key] = {k: v for k, v in values.items() if v is not None}
    return ops


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_batch_is_the_edits_one_after_the_other_on_a_generated_file(seed: int) -> None:
    text = generate(units=40, tasks=12, seed=seed)
    ops = random_ops(text, random.Random(seed), 120)
    got = outcome(edit_many, text, ops)
    assert got[1] == -1 and got == outcome(sequential, text, ops)
    k = next(i for i, op in enumerate(ops) if op[1] is None and op[2] is None)
    twice = [*ops[: k + 1], *ops[k:]]  # a table removed twice: the same error, for the same edit
    got = outcome(edit_many, text, twice)
    assert got[1] == k + 1 and got == outcome(sequential, text, twice)


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize("name", ["shipped", "demo"])
def test_a_batch_is_the_edits_one_after_the_other_on_the_shipped_and_demo_files(name: str, seed: int) -> None:
    """Comments between units (they stay with the unit above), units without records, liaisons."""
    text = (SHIPPED if name == "shipped" else DEMO).read_text(encoding="utf-8")
    ops = random_ops(text, random.Random(seed), 60)
    got = outcome(edit_many, text, ops)
    assert got[1] == -1 and got == outcome(sequential, text, ops)


ODD = """\
# a hand-kept file: comments, a unit split in two, CRLF, no final newline
[campaign]
title = "x"

[units]
# the units

[units.a]
name = "A"

# A's receipt
[units.a.progress.receipt]
done = 2024-09-09  # by phone
evidence = [
  "one.jpg",  # first
]

[units.b]
name = "B"

[units.a.progress.late]
done = 2024-09-10

[units.c]
name = "C"

[[units.c.forms.sites]]
item = "x"
count = 1

[units.d]
name = "D"
progress.receipt.done = 2024-09-09

[units.e]
name = "E"
[units.e.progress.receipt]
done = 2024-09-11"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_batch_is_the_edits_one_after_the_other_on_an_odd_file(newline: str) -> None:
    text = ODD.replace("\n", newline)
    ops: list[Op] = [
        (("units", "e", "progress", "summary"), {"done": D}, None),  # the last unit, no final newline
        (("units", "a", "progress", "receipt"), {"evidence": ["one.jpg", "two.jpg"]}, None),  # a split unit
        (("units", "b", "progress", "receipt"), {"done": D}, None),
        (("units", "c", "forms", "sites"), None, [{"item": "x", "count": 1}, {"item": "y", "count": 2}]),
        (("units", "a", "progress", "late"), None, None),
        (("units", "e", "progress", "receipt"), {"note": "补"}, None),
        (("units", "b", "liaison"), {"name": "李"}, None),
        (("units", "c", "forms", "sites"), None, []),
        (("units", "b", "progress", "receipt"), {"evidence": ["b.jpg"]}, None),
    ]
    for k in range(len(ops) + 1):
        for part in (ops[:k], ops[k:], ops[::-1][:k]):
            assert outcome(edit_many, text, part) == outcome(sequential, text, part), k


def test_a_failing_edit_in_a_batch_is_named_with_the_sequential_error() -> None:
    ops: list[Op] = [
        (("units", "e", "progress", "summary"), {"done": D}, None),
        (("units", "b", "progress", "receipt"), {"done": D}, None),
        (("units", "d", "progress", "receipt"), {"note": "x"}, None),  # dotted keys: cannot be edited
        (("units", "a", "progress", "receipt"), {"note": "x"}, None),
    ]
    text = sequential(ODD, ops[:2])
    with pytest.raises(EditError) as expected:
        one(text, ops[2])
    with pytest.raises(BatchError) as got:
        edit_many(ODD, ops)
    assert got.value.index == 2
    assert (got.value.error.message, got.value.error.line) == (expected.value.message, expected.value.line)
    with pytest.raises(BatchError) as missing:
        edit_many(ODD, [ops[0], (("units", "nowhere", "progress", "t"), {"done": D}, None)])
    assert missing.value.index == 1 and "nowhere" in missing.value.error.message


def test_a_batch_of_reports_writes_what_as_many_done_commands_write(run: Run, tmp_path: Path) -> None:
    from qmonth.web import inbox, writer

    by_cli, by_serve = tmp_path / "cli" / "campaign.toml", tmp_path / "serve" / "campaign.toml"
    for path in (by_cli, by_serve):
        path.parent.mkdir()
        shutil.copyfile(SHIPPED, path)
    sent = [
        ("chikan", "summary", "2024-09-18", "已盖章", ["evidence/chikan/a.jpg"]),
        ("xiashan", "summary", "2024-09-17", "", []),
        ("chikan", "publicity-banners", "2024-09-19", "", ["evidence/chikan/b.jpg", "evidence/chikan/c.mp4"]),
        ("associations", "publicity-media", "2024-09-16", "协会", []),
    ]
    for unit, task, day, note, refs in sent:
        args = ["done", unit, task, "--on", day, "--today", "2024-09-20", "-f", by_cli]
        args += [a for ref in refs for a in ("--evidence", ref)] + (["--note", note] if note else [])
        result = run(*args)
        assert result.exit_code == 0, result.output
    reports = [
        inbox.Report(i, unit, task, "done", day, note, {}, refs, inbox.ACCEPTED, "", "", "", "", "")
        for i, (unit, task, day, note, refs) in enumerate(sent, 1)
    ]
    batch = writer.write(by_serve, reports, dt.date(2024, 9, 20), "zh")
    assert sorted(batch.written) == [1, 2, 3, 4] and not batch.failed
    assert by_serve.read_text(encoding="utf-8") == by_cli.read_text(encoding="utf-8")


def test_one_report_that_cannot_be_written_holds_back_no_other_and_costs_few_writes(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit whose record is written with dotted keys cannot be edited: its report stays with the
    reason (the line), the eleven others are written, and finding it took a handful of writes."""
    from qmonth.web import inbox, writer
    from tests.conftest import mutate

    before = mutate(shipped, 'short = "坡头区"\n', 'short = "坡头区"\nprogress.summary.done = 2024-09-09\n')
    calls: list[int] = []
    real = writer.apply

    def counted(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(writer, "apply", counted)
    units = ["chikan", "xiashan", "potou", "mazhang", "suixi", "xuwen", "lianjiang", "leizhou", "wuchuan", "kaifaqu", "fenyong"]
    units.append("quality-centre")
    reports = [
        inbox.Report(i, u, "summary", "done", "2024-09-18", "", {}, [], inbox.ACCEPTED, "", "", "", "", "")
        for i, u in enumerate(units, 1)
    ]
    batch = writer.write(shipped, reports, dt.date(2024, 9, 20), "zh")
    assert sorted(batch.written) == [i for i in range(1, 13) if i != 3]
    assert list(batch.failed) == [3] and "campaign.toml:" in batch.failed[3] and "点号键" in batch.failed[3]
    assert len(calls) == 2  # the batch, then the batch without the edit that cannot be done
    text = shipped.read_text(encoding="utf-8")
    assert text.count("[units.") == before.count("[units.") + 11 and "[units.potou.progress" not in text


def test_a_known_campaign_is_used_only_while_the_file_is_still_its_text(shipped: Path, run: Run) -> None:
    """write.apply(known=…) (serve's batches) skips reading and validating the file again only
    when the file under the lock is exactly the text it knows; else it reads the file."""
    from qmonth.core.store import load
    from qmonth.edit.write import Edit, apply

    known = load(shipped)
    seen: list[object] = []

    def plan(loaded: Any) -> list[Edit]:
        seen.append(loaded)
        return [Edit(("units", "chikan", "progress", "receipt"), {"done": D})]

    done = apply(shipped, plan, known=known)
    assert seen == [known] and done.written and done.campaign.units["chikan"].progress["receipt"].done == D
    stale = known
    assert run("done", "xiashan", "summary", "--on", "2024-09-17", "-f", shipped).exit_code == 0
    apply(shipped, lambda loaded: [*plan(loaded), Edit(("units", "potou", "progress", "receipt"), {"done": D})], known=stale)
    assert seen[-1] is not stale and "xiashan" in seen[-1].campaign.units and seen[-1].text != stale.text  # type: ignore[attr-defined]
    text = shipped.read_text(encoding="utf-8")
    assert "[units.xiashan.progress.summary]\ndone = 2024-09-17" in text and "[units.potou.progress.receipt]" in text
