"""Any past state: `-f -` (standard input) and `--at REV` (a commit, tag or date), in a real git
repository where the demo's records were committed day by day."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from qmonth.cli import app
from tests.conftest import DEMO, EXAMPLES, GIT_ENV, Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")



def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def stdin_run(*args: str | Path, text: str) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], input=text.encode("utf-8"))


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A repository whose campaign.toml gains the demo's records day by day, each day's records in a
    commit made that evening (Beijing time). Returns {ISO day: commit, "repo": folder}. Built once:
    the tests only read it."""
    tmp_path = tmp_path_factory.mktemp("history")
    saved = {k: os.environ.get(k) for k in GIT_ENV}
    os.environ.update(GIT_ENV)

    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(app, [str(a) for a in args])

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo)
    campaign = repo / "campaign.toml"
    (repo / "demo-campaign.toml").rename(campaign)
    final = json.loads(run("status", "-f", campaign, "--today", "2024-09-30", "--format", "json").stdout)
    done_days = sorted({i["done_on"] for i in final["items"] if i["done_on"]})
    # Going back in time on a scratch copy: each day's file is the next day's without its records.
    versions: dict[str, str] = {}
    scratch = tmp_path / "scratch.toml"
    shutil.copyfile(campaign, scratch)
    for day in reversed(done_days):
        versions[day] = scratch.read_text(encoding="utf-8")
        by_unit: dict[str, list[str]] = {}
        for item in final["items"]:
            if item["done_on"] == day:
                by_unit.setdefault(item["unit"], []).append(item["task"])
        for unit, tasks in by_unit.items():
            assert run("undo", unit, *tasks, "-f", scratch).exit_code == 0
    evidence = sorted(p for p in (repo / "evidence").rglob("*") if p.is_file())
    for p in evidence:  # the evidence arrives with the last day's commit
        p.rename(p.with_suffix(p.suffix + ".later"))
    git(repo, "init", "-q", "-b", "main")
    campaign.write_text(scratch.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "campaign.toml")
    git(repo, "commit", "-qm", "notice", when="2024-09-07T18:00:00+08:00")
    commits = {}
    for n, day in enumerate(done_days):
        if n == len(done_days) - 1:
            for p in evidence:
                p.with_suffix(p.suffix + ".later").rename(p)
        campaign.write_text(versions[day], encoding="utf-8")
        git(repo, "add", "-A", ".")
        git(repo, "commit", "-qm", f"records of {day}", when=f"{day}T18:00:00+08:00")
        commits[day] = git(repo, "rev-parse", "HEAD")
    git(repo, "tag", "mid", commits["2024-09-12"])
    commits["repo"] = str(repo)
    yield commits
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def test_at_an_earlier_commit_equals_the_file_piped_in(history: dict[str, str], run: Run) -> None:
    repo = Path(history["repo"])
    campaign = repo / "campaign.toml"
    commit = history["2024-09-12"]
    at = run("status", "-f", campaign, "--at", commit, "--today", "2024-09-20")
    assert at.exit_code == 0, at.output
    piped = stdin_run("status", "-f", "-", "--today", "2024-09-20", text=git(repo, "show", f"{commit}:campaign.toml") + "\n")
    assert piped.exit_code == 0, piped.output
    assert at.stdout == piped.stdout
    now = run("status", "-f", campaign, "--today", "2024-09-20")
    assert now.stdout != at.stdout
    assert "红 3 · 黄 6 · 绿 5" in now.stdout and "红 3 · 黄 6 · 绿 5" not in at.stdout  # 黄: behind the plan (issue 21)
    # a tag names the same commit; so does the date (the last commit on or before it)
    assert run("status", "-f", campaign, "--at", "mid", "--today", "2024-09-20").stdout == at.stdout
    by_date = run("status", "-f", campaign, "--at", "2024-09-12", "--today", "2024-09-20")
    assert by_date.stdout == at.stdout


def test_at_a_date_shows_the_campaign_as_it_stood_that_day(history: dict[str, str], run: Run) -> None:
    campaign = Path(history["repo"]) / "campaign.toml"
    days = sorted(d for d in history if d[0].isdigit())
    # a day without a commit of its own: the last commit before it
    gap = next(
        d
        for d in (dt.date.fromisoformat(days[0]) + dt.timedelta(n) for n in range(30))
        if d.isoformat() not in history and d.isoformat() < days[-1] and d.isoformat() > days[0]
    )
    before = max(d for d in days if d < gap.isoformat())
    data = json.loads(run("status", "-f", campaign, "--at", gap.isoformat(), "--format", "json").stdout)
    assert data["today"] == gap.isoformat()  # --at DATE is also "today" unless --today is given
    expected = json.loads(
        run("status", "-f", campaign, "--at", history[before], "--today", gap.isoformat(), "--format", "json").stdout
    )
    assert data["units"] == expected["units"]
    # `2024年9月12日` is the same date
    assert (
        run("status", "-f", campaign, "--at", "2024年9月12日").stdout
        == run("status", "-f", campaign, "--at", "2024-09-12").stdout
    )


def test_at_resolves_evidence_against_that_revision(history: dict[str, str], run: Run) -> None:
    campaign = Path(history["repo"]) / "campaign.toml"
    days = sorted(d for d in history if d[0].isdigit())
    before_last = history[days[-2]]  # records with evidence paths, but the files not committed yet
    then = json.loads(run("status", "-f", campaign, "--at", before_last, "--today", "2024-09-20", "--format", "json").stdout)
    now = json.loads(run("status", "-f", campaign, "--today", "2024-09-20", "--format", "json").stdout)
    missing_then = [e for i in then["items"] for e in i["evidence_missing"]]
    assert missing_then, "evidence recorded before the last day should be missing at that revision"
    assert [e for i in now["items"] for e in i["evidence_missing"]] == []
    checked = run("check", "-f", campaign, "--at", before_last)
    assert checked.exit_code == 1
    assert "evidence_missing" not in checked.stderr and missing_then[0] in checked.stderr
    assert run("check", "-f", campaign, "--at", "HEAD").exit_code == 0


def test_at_on_remind_and_trend(history: dict[str, str], run: Run) -> None:
    campaign = Path(history["repo"]) / "campaign.toml"
    trend = json.loads(run("trend", "-f", campaign, "--at", "mid", "--today", "2024-09-20", "--format", "json").stdout)
    status = json.loads(run("status", "-f", campaign, "--at", "mid", "--today", "2024-09-20", "--format", "json").stdout)
    assert trend["overall"][-1]["done"] == sum(u["done"] for u in status["units"])
    remind_then = run("remind", "-f", campaign, "--at", "2024-09-10", "--format", "json")
    assert remind_then.exit_code == 0
    assert json.loads(remind_then.stdout)["today"] == "2024-09-10"


def test_at_errors_are_clear(history: dict[str, str], run: Run, tmp_path: Path) -> None:
    repo = Path(history["repo"])
    campaign = repo / "campaign.toml"
    unknown = run("status", "-f", campaign, "--at", "no-such-tag", "--lang", "en")
    assert unknown.exit_code == 2 and "“no-such-tag” is neither a commit" in unknown.stderr
    early = run("status", "-f", campaign, "--at", "2024-08-01", "--lang", "en")
    assert early.exit_code == 2 and "no commit on or before 2024-08-01" in early.stderr
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    evidence_file = next(p for p in (repo / "evidence").rglob("*") if p.is_file())
    absent = run("status", "-f", evidence_file.parent / "campaign.toml", "--at", first, "--lang", "en")
    assert absent.exit_code == 3 and "did not exist at that revision" in absent.stderr
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(DEMO, outside / "campaign.toml")
    lone = run("status", "-f", outside / "campaign.toml", "--at", "HEAD", "--lang", "en")
    assert lone.exit_code == 2 and "not in a git repository" in lone.stderr
    for result in (unknown, early, absent, lone):
        assert "Traceback" not in result.output


def test_stdin_reads_the_campaign(run: Run) -> None:
    text = DEMO.read_text(encoding="utf-8")
    piped = stdin_run("status", "-f", "-", "--today", "2024-09-20", text=text)
    assert piped.exit_code == 0
    assert "红 3 · 黄 6 · 绿 5" in piped.stdout
    assert stdin_run("check", "-", text=text).exit_code == 1  # evidence relative to cwd: missing


def test_stdin_errors(run: Run, tmp_path: Path) -> None:
    bad = stdin_run("status", "-f", "-", "--lang", "en", text="[campaign\n")
    assert bad.exit_code == 1 and "<stdin>:1" in bad.stderr
    empty = stdin_run("status", "-f", "-", "--lang", "en", text="")
    assert empty.exit_code == 3 and "standard input is empty" in empty.stderr
    write = stdin_run("done", "chikan", "receipt", "-f", "-", "--lang", "en", text=DEMO.read_text(encoding="utf-8"))
    assert write.exit_code == 2 and "cannot be written back" in write.stderr
    both = stdin_run("status", "-f", "-", "--at", "HEAD", "--lang", "en", text="x")
    assert both.exit_code == 2 and "cannot be combined" in both.stderr


def test_at_without_git_installed(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    campaign = tmp_path / "campaign.toml"
    shutil.copyfile(DEMO, campaign)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("status", "-f", campaign, "--at", "HEAD", "--lang", "en")
    assert result.exit_code == 3 and "--at needs git" in result.stderr
    assert run("status", "-f", campaign, "--today", "2024-09-20").exit_code == 0  # without --at git is not needed


def test_at_on_the_office_outputs(history: dict[str, str], run: Run, tmp_path: Path) -> None:
    campaign = Path(history["repo"]) / "campaign.toml"
    then, now = tmp_path / "then.md", tmp_path / "now.md"
    assert run("report", "-o", then, "-f", campaign, "--at", "mid", "--today", "2024-09-20").exit_code == 0
    assert run("report", "-o", now, "-f", campaign, "--today", "2024-09-20").exit_code == 0
    piped = tmp_path / "piped.md"
    text = git(Path(history["repo"]), "show", "mid:campaign.toml") + "\n"
    assert stdin_run("report", "-o", piped, "-f", "-", "--today", "2024-09-20", text=text).exit_code == 0
    figures = [line for line in then.read_text(encoding="utf-8").splitlines() if "完成率" in line and "已完成" in line]
    assert figures and figures[0] in piped.read_text(encoding="utf-8")  # the same overall figures as the file piped in
    assert figures[0] not in now.read_text(encoding="utf-8")
    ics = tmp_path / "then.ics"
    assert run("export", "ics", "-o", ics, "-f", campaign, "--at", "2024-09-12").exit_code == 0
    xlsx = tmp_path / "then.xlsx"
    assert run("export", "xlsx", "-o", xlsx, "-f", campaign, "--at", "mid").exit_code == 0
    assert xlsx.stat().st_size > 0 and b"BEGIN:VCALENDAR" in ics.read_bytes()


def test_at_a_month_day_is_read_inside_the_span(history: dict[str, str], run: Run) -> None:
    campaign = Path(history["repo"]) / "campaign.toml"
    assert run("status", "-f", campaign, "--at", "9月12日").stdout == run("status", "-f", campaign, "--at", "2024-09-12").stdout
    en = run("status", "-f", campaign, "--at", "6月1日", "--lang", "en")
    assert en.exit_code == 2 and "--at: “6月1日” falls nowhere in the campaign's span" in en.stderr
    zh = run("status", "-f", campaign, "--at", "6月1日", "--lang", "zh")
    assert zh.exit_code == 2 and "--at：“6月1日” 不在本次活动的时间范围" in zh.stderr
