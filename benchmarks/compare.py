"""Behaviour comparison of two qmonth builds: the same matrix of invocations, recorded, then diffed.

    python benchmarks/compare.py --qmonth /work/wt-before/.venv/bin/qmonth --out /tmp/before.json
    python benchmarks/compare.py --qmonth /work/wt-compare/.venv/bin/qmonth --out /tmp/after.json
    python benchmarks/compare.py --diff /tmp/before.json /tmp/after.json    # exit 1 on any difference

Each case runs in a fresh folder (copies of campaign.toml, examples/demo-campaign.toml with its
evidence/, and a 3,000-unit file made once by benchmarks/generate.py and reused), one or more
qmonth invocations in turn, with a fixed environment (TZ=UTC, COLUMNS=100, LINES=40, NO_COLOR=1,
TERM=dumb, LANG=C.UTF-8, HOME in the case's folder, no QMONTH_*), every --today pinned. Recorded per
invocation: exit code, stdout, stderr and every file created, changed or deleted in the folder
(sha256, and the text of a text file), with the folder's path replaced by <TMP>. Office files
(.xlsx, .docx: zip archives) are compared by their unpacked members, each member's text (or sha256),
with the dcterms:created/modified dates of docProps/core.xml replaced by <DATE>; the zip metadata
(member times, order, compression) and the archive's own sha256 are not compared.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import hashlib
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = Path(tempfile.gettempdir()) / "qmonth-compare-national-3000x12-2024.toml"
DATES = ("2024-09-05", "2024-09-20", "2024-10-08", "2024-12-02")  # before, during, peak, final summary
LANGS = ("zh", "en")
T = "2024-09-20"  # the day of the write commands
COMMANDS = shlex.split("status remind tasks check done undo waive receipt chase log trend rollover init merge-file report")
COMMANDS += ["export", "export xlsx", "export ics"]
# file key -> (name in the case folder, a unit id, a unit name part)
FILES = {
    "C": ("campaign.toml", "chikan", "雷州"),
    "D": ("demo-campaign.toml", "chikan", "雷州"),
    "N": ("national.toml", "u0001", "u0002"),
}
EXTRA = {  # small files made in the case folder when a case names them
    "bad.toml": '[campaign]\ntitle = "坏文件\nstart = 2024-09-01\n[units.chikan\n',
    "sheet.csv": "姓名,性别,工作单位,职务,固定电话,手机\n林晓燕,女,赤坎区住房和城乡建设局,股长,0759-3216047,13802715638\n",
    "empty.toml": "",
}


# ── the matrix ──────────────────────────────────────────────────────────────────


def case(cid: str, files: list[str], *steps: str | list[str], stdin: str | None = None) -> dict:
    """One fresh folder with `files` (keys of FILES or EXTRA, or KEY:NAME), then each step in turn."""
    argvs = [shlex.split(s) if isinstance(s, str) else list(s) for s in steps]
    return {"id": cid, "files": files, "steps": argvs, "stdin": stdin}


def reading(k: str) -> list[dict]:
    """status, remind, trend, report, export, tasks, check, log, rollover on one file."""
    name, uid, part = FILES[k]
    big = k == "N"  # the national file: status, remind, check, tasks, export only, fewer variants
    out = []

    def add(cid: str, argv: str, files: tuple[str, ...] = (), stdin: str | None = None) -> None:
        out.append(case(f"{k}/{cid}", [k, *files], argv, stdin=stdin))

    for lg in LANGS:
        b = f"-f {name} --lang {lg}"
        for d in ("2024-09-05", "2024-10-08") if big else DATES:
            at = f"{b} --today {d}"
            for fmt in ("table", "json", "csv", "markdown"):
                add(f"status/{lg}/{d}/{fmt}", f"status {at} --format {fmt}")
            for fmt in ("text", "json"):
                add(f"remind/{lg}/{d}/{fmt}", f"remind {at} --format {fmt}")
            add(f"export-xlsx/{lg}/{d}", f"export xlsx {at} -o 台账.xlsx")
            if big:
                continue
            add(f"trend/{lg}/{d}/chart", f"trend {at}")
            add(f"report/{lg}/{d}/markdown", f"report {at} -o 通报.md")
            if d in (T, "2024-12-02"):
                add(f"report/{lg}/{d}/html", f"report {at} -o 通报.html")
                add(f"report/{lg}/{d}/docx", f"report {at} -o 通报.docx")
                add(f"export-ics/{lg}/{d}", f"export ics {at} -o 截止日期.ics")
            if d not in (T, "2024-10-08"):  # the variants on two days
                continue
            for i, x in enumerate(("--all", f"-u {uid}", f"-u {part} --format json", f"-u {uid} -u 霞山")):
                add(f"status/{lg}/{d}/x{i}", f"status {at} {x}")
            for i, x in enumerate(("--any-day", "--within 5", f"-u {part}", "--within 0 --format json")):
                add(f"remind/{lg}/{d}/x{i}", f"remind {at} {x}")
            for i, x in enumerate(("--format json", "--format csv", f"-u {uid} -u {part}")):
                add(f"trend/{lg}/{d}/x{i}", f"trend {at} {x}")
        for fmt in ("text", "json"):
            add(f"tasks/{lg}/{fmt}", f"tasks {b} --format {fmt}")
            add(f"tasks/{lg}/{fmt}/unit", f"tasks {b} --format {fmt} -u {uid}")
        for i, x in enumerate(("", "--strict", "--tracked")):
            add(f"check/{lg}/{i}", f"check {b} {x}")
        add(f"check/{lg}/files", f"check --lang {lg} {name} bad.toml", files=("bad.toml",))
        add(f"export-ics/{lg}/stdout", f"export ics {b} --today {T} -o -")
        if big:
            continue
        add(f"status/{lg}/now", f"status {b} --today {T} --now 17:30")
        add(f"status/{lg}/stdin", f"status -f - --lang {lg} --today {T}", stdin=name)
        add(f"report/{lg}/stdout", f"report {b} --today {T} --format html -o -")
        add(f"export-ics/{lg}/unit", f"export ics {b} --today {T} -u {part} -o -")
        add(f"remind/{lg}/send-dry", f"remind {b} --today {T} --send --dry-run")
        for fmt in ("table", "json"):
            add(f"log/{lg}/{fmt}", f"log {b} --format {fmt}")
        for i, x in enumerate(("", "-o -", "--keep-liaisons -o next.toml", f"-o {name}")):
            add(f"rollover/{lg}/{i}", f"rollover 2025 {b} {x}")
        out.append(case(f"{k}/rollover/{lg}/twice", [k], f"rollover 2026 {b}", f"rollover 2026 {b}"))
    return out


def writing(k: str) -> list[dict]:
    """done/undo/waive/receipt/chase on a fresh copy, with and without --dry-run, and in sequence."""
    name, uid, part = FILES[k]
    other = "xiashan" if k != "N" else "u0003"
    cmds = [  # (command, refused: a refusal is not run again with --dry-run)
        (f"done {uid} publicity-media --on 2024-09-12 -e https://example.com/x --note 已报送", False),
        (f"done {part} publicity", False),
        (f"done {uid} 'publicity-*' --on 9月13日", False),
        (f"done {other} receipt -e evidence/none.jpg", False),
        (f"undo {uid} publicity-media", False),
        (f"waive {other} site-visit-attend --reason 本辖区无符合条件的样板项目", False),
        (f"receipt {part} --name 林晓燕 --gender 女 --position 股长 --phone 0759-3216047 --mobile 13802715638", False),
        (f"chase {uid} receipt --by phone --note 答复明日报送", False),
        (f"done {uid} summary --on 2024-09-25", True),
        ("done nosuch receipt", True),
        (f"done {uid} nosuch", True),
        (f"undo {uid} receipt", False),
        (f"undo {uid} publicity", False),
        (f"waive {uid} receipt", True),
        (f"receipt {uid} --set 姓名=林晓燕 --set 手机=13802715638", False),
        (f"receipt {uid} --mobile 123", True),
        (f"chase {part} publicity --by phone", False),
        (f"chase {other} --by visit --on 2024-09-18", False),
        (f"chase {other}", True),
        (f"done {uid} 回执", False),
    ]
    out = []
    for lg in LANGS:
        b = f"-f {name} --lang {lg} --today {T}"
        for i, (c, refused) in enumerate(cmds[:11] if k == "N" else cmds):
            out.append(case(f"{k}/{c.split()[0]}/{lg}/{i}", [k], f"{c} {b}"))
            if not refused:
                out.append(case(f"{k}/{c.split()[0]}/{lg}/{i}/dry", [k], f"{c} {b} --dry-run"))
        if k == "N":
            continue
        out.append(case(f"{k}/receipt/{lg}/from", [k, "sheet.csv"], f"receipt {uid} --from sheet.csv {b}"))
        steps = [f"chase {uid} receipt --by phone --note 答复明日报送 {b}", f"chase {other} --by letter --on 2024-09-10 {b}"]
        steps += [f"remind -f {name} --lang {lg} --today 2024-09-23", f"log -f {name} --lang {lg}"]
        steps += [f"log -f {name} --lang {lg} --format json -u {uid}", f"status {b} --all", f"status {b} -u {uid}"]
        out.append(case(f"{k}/seq/{lg}/chase-log", [k], *steps, f"export xlsx {b} -o t.xlsx"))
        steps = [f"done {uid} summary --on 2024-09-19 {b}", f"status {b} --format json -u {uid}"]
        steps += [f"waive {uid} summary --reason 不适用 {b}", f"undo {uid} summary {b}", f"check -f {name} --lang {lg}"]
        out.append(case(f"{k}/seq/{lg}/done-undo", [k], *steps))
    return out


def other() -> list[dict]:
    """help, init, merge-file and bad inputs."""
    out = [case("top/help", [], "-h"), case("top/version", [], "--version"), case("top/none", [], [])]
    out.append(case("export/help", [], "export -h"))
    for lg in LANGS:
        for c in COMMANDS:
            out.append(case(f"help/{c}/{lg}", ["C"], f"{c} --lang {lg} -h"))
        for d in ("2024-09-20", "2024-10-08"):
            steps = [
                f"init new.toml --today {d} --lang {lg}",
                f"check -f new.toml --lang {lg}",
                f"status -f new.toml --today {d}",
            ]
            out.append(case(f"init/{lg}/{d}", [], *steps))
        out.append(case(f"init/{lg}/exists", ["C"], f"init --lang {lg} --today {T}"))
        out.append(case(f"init/{lg}/default", [], f"init --lang {lg} --today {T}"))
        out.append(case(f"init/{lg}/bad-date", [], f"init --lang {lg} --today 2024-02-30"))
        # merge-file: three copies of the demo, one edit on each side, one merge (clean, then conflicting)
        files = ["D:base.toml", "D:ours.toml", "D:theirs.toml"]
        for cid, ours, theirs in (
            ("clean", "xiashan summary", "chikan summary"),
            ("conflict", "leizhou receipt --on 9/12", "leizhou receipt --on 9/13"),
        ):
            steps = [f"done {ours} -f ours.toml --today {T}", f"done {theirs} -f theirs.toml --today {T}"]
            steps += [f"merge-file base.toml ours.toml theirs.toml --name campaign.toml --lang {lg}"]
            steps += [f"check -f ours.toml --lang {lg}", f"status -f ours.toml --today {T}"]
            out.append(case(f"merge/{lg}/{cid}", files, *steps))
        out.append(case(f"merge/{lg}/missing", [], f"merge-file a.toml b.toml c.toml --lang {lg}"))
        bads = {"unit": "-u nosuch", "toml": "-f bad.toml", "empty": "-f empty.toml", "date": "--today 2024-02-30"}
        bads |= {"file": "-f missing.toml", "nofile": "", "format": "--format pdf"}
        for c in ("status", "remind", "tasks", "check", "trend", "log", "report", "export xlsx", "export ics", "rollover"):
            argv = c + {"rollover": " 2025", "report": " -o out", "export xlsx": " -o out", "export ics": " -o -"}.get(c, "")
            has = ["-f"] + (["-u"] if c in ("status", "remind", "tasks", "trend", "log", "export ics") else [])
            has += ["--today"] if c not in ("tasks", "check", "log", "rollover") else []
            has += ["--format"] if c in ("status", "remind", "tasks", "trend", "log", "report") else []
            for bid, extra in bads.items():
                if extra and extra.split()[0] not in has:
                    continue
                files = [] if not extra else ["C", "bad.toml", "empty.toml"] if extra.startswith("-f") else ["C"]
                out.append(case(f"bad/{c}/{lg}/{bid}", files, f"{argv} --lang {lg} {extra}"))
    return out


def matrix() -> list[dict]:
    return [*other(), *(c for k in "CDN" for c in reading(k) + writing(k))]


# ── running and recording ───────────────────────────────────────────────────────


def env_for(home: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TZ": "UTC",
        "COLUMNS": "100",
        "LINES": "40",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "TMPDIR": str(home),
    }


CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def norm(text: str, folder: Path) -> str:
    return text.replace(str(folder), "<TMP>")


def describe(data: bytes, folder: Path) -> dict:
    """What is compared of a file or a stream: the text, or each zip member's, or a digest."""
    if data[:4] == b"PK\x03\x04":
        members = {}
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in sorted(z.namelist()):
                raw = z.read(name)
                if name == "docProps/core.xml":
                    raw = CORE_DATES.sub(rb"\1<DATE>\3", raw)
                members[name] = describe(raw, folder)
        return {"zip": members}
    try:
        return {"text": norm(data.decode("utf-8"), folder)}
    except UnicodeDecodeError:
        return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_case(c: dict, qmonth: str, base: Path, index: int, sources: dict[str, Path]) -> list[dict]:
    folder = base / f"c{index:05d}"
    work, home = folder / "work", folder / "home"
    work.mkdir(parents=True)
    home.mkdir()
    for spec in c["files"]:
        key, _, dest = spec.partition(":")
        if key in EXTRA:
            (work / key).write_text(EXTRA[key], encoding="utf-8")
            continue
        shutil.copyfile(sources[key], work / (dest or FILES[key][0]))
        if key == "D" and not (work / "evidence").exists():
            shutil.copytree(sources["evidence"], work / "evidence")
    records, before = [], snapshot(folder)
    for n, argv in enumerate(c["steps"]):
        stdin = (work / c["stdin"]).read_bytes() if c["stdin"] else b""
        started = time.perf_counter()
        try:
            p = subprocess.run([qmonth, *argv], cwd=work, env=env_for(home), input=stdin, capture_output=True, timeout=300)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as exc:
            rc, out, err = "timeout", exc.stdout or b"", exc.stderr or b""
        seconds = round(time.perf_counter() - started, 3)
        after = snapshot(folder)
        files = {
            name: (
                {"sha256": hashlib.sha256(data).hexdigest(), **describe(data, folder)} if data is not None else {"deleted": True}
            )
            for name in sorted(set(before) | set(after))
            if (data := after.get(name)) != before.get(name)
        }
        for rec in files.values():
            if "zip" in rec:
                rec.pop("sha256")  # zip metadata (member dates) is not compared: the members are
        records.append(
            {
                "id": f"{c['id']}#{n}",
                "argv": argv,
                "exit": rc,
                "stdout": describe(out, folder),
                "stderr": describe(err, folder),
                "files": files,
                "seconds": seconds,
            }
        )
        before = after
    shutil.rmtree(folder, ignore_errors=True)
    return records


def national() -> Path:
    """The 3,000-unit file: generated once (this tree's generate.py, seed 2024) and reused."""
    if not NATIONAL.exists():
        sys.path.insert(0, str(ROOT))
        from benchmarks.generate import write

        write(NATIONAL, 3000, 12, 2024)
    return NATIONAL


def record(qmonth: str, out: Path, jobs: int, only: str | None) -> int:
    sources = {
        "C": ROOT / "campaign.toml",
        "D": ROOT / "examples" / "demo-campaign.toml",
        "N": national(),
        "evidence": ROOT / "examples" / "evidence",
    }
    cases = [c for c in matrix() if only is None or re.search(only, c["id"])]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    started = time.perf_counter()
    base = Path(tempfile.mkdtemp(prefix="qmcmp-"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(jobs, 2))) as pool:
        done = pool.map(lambda ic: run_case(ic[1], qmonth, base, ic[0], sources), enumerate(cases))
        runs = [r for rs in done for r in rs]
    shutil.rmtree(base, ignore_errors=True)
    inputs = {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in sources.items() if p.is_file()}
    seconds = round(time.perf_counter() - started, 1)
    meta = {"qmonth": qmonth, "cases": len(cases), "runs": len(runs), "seconds": seconds, "inputs": inputs}
    out.write_text(json.dumps({"meta": meta, "runs": runs}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(cases)} cases, {len(runs)} runs in {seconds} s → {out}")
    return 0


# ── diffing ─────────────────────────────────────────────────────────────────────


def flat(value: object, prefix: str = "") -> dict[str, str]:
    """A run's compared parts as name → text (the 'seconds' it took is not compared)."""
    if isinstance(value, dict):
        return {k: v for key, sub in value.items() if key != "seconds" for k, v in flat(sub, f"{prefix}/{key}").items()}
    return {prefix or "/": value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}


def split_lines(text: str) -> list[str]:
    """Lines to diff; XML written on one line (office files' members) is split between tags."""
    return text.replace("><", ">\n<").splitlines() if text.startswith("<?xml") else text.splitlines()


def diff(a_path: Path, b_path: Path, limit: int) -> int:
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (a_path, b_path))
    if a["meta"]["inputs"] != b["meta"]["inputs"]:
        print(f"warning: the inputs differ: {a['meta']['inputs']} vs {b['meta']['inputs']}")
    ra, rb = ({r["id"]: r for r in x["runs"]} for x in (a, b))
    same, differ = 0, []
    for rid in list(ra) + [r for r in rb if r not in ra]:
        fa, fb = flat(ra.get(rid, {})), flat(rb.get(rid, {}))
        parts = [k for k in sorted(set(fa) | set(fb)) if fa.get(k) != fb.get(k)]
        if parts:
            differ.append((rid, parts, fa, fb))
        else:
            same += 1
    for rid, parts, fa, fb in differ:
        argv = (ra.get(rid) or rb.get(rid))["argv"]
        print(f"── {rid}: qmonth {' '.join(argv)}")
        for k in parts:
            a_lines, b_lines = (split_lines(f.get(k) or "") for f in (fa, fb))
            lines = list(difflib.unified_diff(a_lines, b_lines, f"{a_path.name}:{k}", f"{b_path.name}:{k}", n=1, lineterm=""))
            lines = [x if len(x) <= 300 else x[:300] + " …" for x in lines]
            print("\n".join(lines[:limit]) + (f"\n   … {len(lines) - limit} more lines" if len(lines) > limit else ""))
    total = len(set(ra) | set(rb))
    print(f"{total} runs ({len(ra)} in {a_path.name}, {len(rb)} in {b_path.name}), {same} identical, {len(differ)} different")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    p.add_argument("--qmonth", help="the qmonth executable to run")
    p.add_argument("--out", type=Path, help="where to write the record (JSON)")
    p.add_argument("--diff", nargs=2, type=Path, metavar=("A", "B"), help="compare two records; exit 1 on any difference")
    p.add_argument("--jobs", type=int, default=2, help="parallel processes (at most 2)")
    p.add_argument("--only", help="only the cases whose id matches this regular expression")
    p.add_argument("--lines", type=int, default=40, help="diff lines shown per differing part")
    p.add_argument("--list", action="store_true", help="list the cases and exit")
    args = p.parse_args(argv)
    if args.list:
        for c in matrix():
            print(c["id"], *(" ".join(s) for s in c["steps"]), sep="\n    qmonth ")
        return 0
    if args.diff:
        return diff(*args.diff, args.lines)
    if not (args.qmonth and args.out):
        p.error("--qmonth and --out (or --diff A B)")
    return record(str(Path(args.qmonth).absolute()), args.out, args.jobs, args.only)


if __name__ == "__main__":
    sys.exit(main())
