"""`qmonth links` and `qmonth serve` (qmonth/web): links stored as hashes, sessions, the unit's page,
uploads checked by content, the review inbox, batched writes through the write path, git commits.

In-process (Starlette's TestClient) for the logic; a real uvicorn server on 127.0.0.1 (a random
port) for what crosses HTTP: every route with another unit's session, CSRF, uploads, accept and
return. The headless browser is tests/test_serve_browser.py.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from qmonth.web import inbox, tokens
from qmonth.web.app import Settings, build
from tests.conftest import SHIPPED, Run, mutate

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 200
HEIC = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 200
NOON_20TH = dt.datetime(2024, 9, 20, 4, 0, tzinfo=dt.UTC)  # 12:00 in Beijing


def _git(folder: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True, env=env).stdout


@dataclass
class Campaign:
    folder: Path
    path: Path
    links: Path
    tokens: dict[str, str]

    def settings(self, **kw: Any) -> Settings:
        return Settings(campaign=self.path, tokens=self.links, clock=lambda: NOON_20TH, **kw)


def make_campaign(tmp_path: Path, git: bool = True, extra: str = "") -> Campaign:
    folder = tmp_path / "camp"
    folder.mkdir()
    path = folder / "campaign.toml"
    path.write_text(SHIPPED.read_text(encoding="utf-8") + extra, encoding="utf-8")
    if git:
        _git(folder, "init", "-q")
        _git(folder, "add", "campaign.toml")
        _git(folder, "commit", "-qm", "start")
    links = tmp_path / "private" / "links.json"
    store = tokens.load(links, create=True)
    units = ["chikan", "xiashan", "associations"]
    made = tokens.manage(store, units, [], [], [], "2024-09-01")
    tokens.save(store)
    return Campaign(folder, path, links, {m.who: m.token for m in made if m.token})


@pytest.fixture
def camp(tmp_path: Path) -> Campaign:
    return make_campaign(tmp_path)


def login(client: Any, camp: Campaign, who: str) -> str:
    """Open `who`'s link in `client`; the CSRF token of the page it lands on."""
    client.cookies.clear()
    r = client.get(f"/t/{camp.tokens[who]}")
    assert r.status_code == 200, r.text
    return csrf_of(r.text)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found[1]


def report(
    client: Any, csrf: str | None, task: str = "summary", files: list[tuple[str, bytes]] | None = None, **fields: str
) -> Any:
    data = {"csrf": csrf, **fields} if csrf is not None else dict(fields)
    sent = [("files", (name, body, "application/octet-stream")) for name, body in (files or [])]
    return client.post(f"/report/{task}", data=data, files=sent or None, follow_redirects=False)


def rows(camp: Campaign) -> list[sqlite3.Row]:
    db = sqlite3.connect(inbox.path_for(camp.path))
    db.row_factory = sqlite3.Row
    return db.execute("SELECT * FROM reports ORDER BY id").fetchall()


def decide(client: Any, csrf: str, ids: list[int], action: str, reason: str = "") -> Any:
    return client.post("/review", data={"csrf": csrf, "ids": [str(i) for i in ids], "action": action, "reason": reason})


@pytest.fixture
def client(camp: Campaign) -> Iterator[Any]:
    from starlette.testclient import TestClient

    with TestClient(build(camp.settings())) as c:
        yield c


# ── links ────────────────────────────────────────────────────────────────────


def test_links_are_made_once_stored_as_hashes_0600_and_rotated_or_revoked(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "campaign.toml"
    shutil.copyfile(SHIPPED, path)
    store = tmp_path / "d" / "links.json"
    first = run("links", "-f", path, "--links", store, "--base-url", "https://q.example.cn/")
    assert first.exit_code == 0, first.output
    links = dict(line.split("\t")[0::2] for line in first.stdout.splitlines())
    assert len(links) == 15 and links["@coordinator"].startswith("https://q.example.cn/t/")
    token = links["chikan"].rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits
    text = store.read_text(encoding="utf-8")
    assert token not in text and tokens.digest(token) in text
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert "0600" in first.stderr
    again = run("links", "-f", path, "--links", store, "--format", "csv")
    assert "/t/" not in again.stdout and "kept" in again.stdout  # shown once, when made
    rotated = run("links", "-f", path, "--links", store, "--rotate", "chikan", "--format", "csv")
    new = rotated.stdout.splitlines()[1].split(",")
    assert new[0] == "chikan" and new[3] == "rotated" and token not in new[2]
    assert tokens.load(store).holder(token) is None
    revoked = run("links", "-f", path, "--links", store, "--revoke", "xiashan")
    assert revoked.exit_code == 0 and "xiashan" not in tokens.load(store).links


def test_links_file_others_can_read_is_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "campaign.toml"
    shutil.copyfile(SHIPPED, path)
    store = tmp_path / "links.json"
    assert run("links", "-f", path, "--links", store).exit_code == 0
    store.chmod(0o644)
    result = run("links", "-f", path, "--links", store)
    assert result.exit_code == 3
    assert "chmod 600" in result.stderr and "Traceback" not in result.output


def test_links_unknown_unit_is_a_message(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "campaign.toml"
    shutil.copyfile(SHIPPED, path)
    result = run("links", "-f", path, "--links", tmp_path / "l.json", "--rotate", "nowhere")
    assert result.exit_code == 2 and "nowhere" in result.stderr


def test_default_links_file_is_outside_the_campaign_folder(tmp_path: Path) -> None:
    path = tmp_path / "repo" / "campaign.toml"
    found = tokens.default_path(path, tmp_path / "data")
    assert found.parent == tmp_path / "data" / "qmonth" and found.name.startswith("campaign-")


# ── sessions and headers ─────────────────────────────────────────────────────


def test_a_link_becomes_a_session_cookie_and_a_tokenless_address(camp: Campaign, client: Any) -> None:
    r = client.get(f"/t/{camp.tokens['chikan']}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert camp.tokens["chikan"] not in r.headers["set-cookie"]
    assert r.headers["referrer-policy"] == "no-referrer"
    assert (
        "script-src" not in r.headers["content-security-policy"] and "default-src 'none'" in r.headers["content-security-policy"]
    )
    page = client.get("/")
    assert "赤坎区" in page.text and "霞山区" not in page.text
    assert "报送联络员回执" in page.text and "需提交" in page.text and "个工作日" in page.text


def test_cookie_is_secure_over_https(camp: Campaign) -> None:
    from starlette.testclient import TestClient

    with TestClient(build(camp.settings()), base_url="https://testserver") as c:
        r = c.get(f"/t/{camp.tokens['chikan']}", follow_redirects=False)
        assert "secure" in r.headers["set-cookie"].lower()


def test_a_bad_or_rotated_link_is_refused(camp: Campaign, client: Any) -> None:
    assert client.get("/t/not-a-token").status_code == 404
    client.get(f"/t/{camp.tokens['chikan']}")
    assert client.get("/").status_code == 200
    store = tokens.load(camp.links)
    tokens.manage(store, ["chikan"], [], ["chikan"], [], "2024-09-20")
    tokens.save(store)
    page = client.get("/")  # the old link's session ends with it
    assert page.status_code == 401 and "链接" in page.text


def test_no_session_no_page(client: Any) -> None:
    for path in ("/", "/review", "/evidence/chikan/x.png"):
        assert client.get(path).status_code == 401


def test_english_campaign_speaks_english(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    camp = make_campaign(tmp_path, git=False)
    mutate(camp.path, 'language = "zh"', 'language = "en"')
    with TestClient(build(camp.settings())) as c:
        page = c.get(f"/t/{camp.tokens['chikan']}")
        assert "working days left" in page.text and "Evidence asked" in page.text


# ── reports ──────────────────────────────────────────────────────────────────


def test_report_with_a_photo_is_pending_and_the_photo_stored_under_a_safe_name(camp: Campaign, client: Any) -> None:
    csrf = login(client, camp, "chikan")
    r = report(client, csrf, files=[("IMG_0001.JPG", JPEG), ("live.heic", HEIC)], day="9月18日", note="<b>已报</b>")
    assert r.status_code == 303, r.text
    (row,) = rows(camp)
    assert (row["unit"], row["task"], row["day"], row["state"]) == ("chikan", "summary", "2024-09-18", "pending")
    names = sorted(p.name for p in (camp.folder / "evidence" / "chikan").iterdir())
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["heic", "jpg"]
    assert all(re.fullmatch(r"20240920-summary-[0-9a-f]{8}\.(jpg|heic)", n) for n in names)
    page = client.get("/").text
    assert "待审核" in page and "&lt;b&gt;已报&lt;/b&gt;" in page and "<b>已报" not in page


def test_report_without_csrf_is_refused(camp: Campaign, client: Any) -> None:
    login(client, camp, "chikan")
    assert report(client, None, files=[("a.png", PNG)]).status_code == 403
    assert report(client, "forged").status_code == 403
    assert rows(camp) == [] and not any((camp.folder / "evidence").rglob("*.png"))


@pytest.mark.parametrize(
    ("name", "body", "said"),
    [
        ("photo.jpg", b"MZ\x90\0" + b"\0" * 100, "不是照片、视频、PDF 或 Word"),  # an executable named .jpg
        ("../../etc/x.jpg", JPEG, "带有路径"),
        ("a\\b.jpg", JPEG, "带有路径"),
        ("big.jpg", JPEG + b"\0" * (1024 * 1024 + 1), "超过 1 MB"),
        ("fake.docx", b"PK\x03\x04" + b"\0" * 100, "不是照片、视频、PDF 或 Word"),
    ],
)
def test_uploads_refused_with_a_message_and_nothing_left(tmp_path: Path, name: str, body: bytes, said: str) -> None:
    from starlette.testclient import TestClient

    camp = make_campaign(tmp_path, git=False, extra="\n[serve]\nupload_mb = 1\n")
    with TestClient(build(camp.settings())) as c:
        csrf = login(c, camp, "chikan")
        r = report(c, csrf, files=[("ok.png", PNG), (name, body)])
        assert r.status_code in (400, 413)
        assert said in r.text
    assert rows(camp) == []
    assert [p.name for p in (camp.folder / "evidence").rglob("*")] in ([], ["chikan"])


def test_too_many_files_refused(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    camp = make_campaign(tmp_path, git=False, extra="\n[serve]\nfiles = 2\n")
    with TestClient(build(camp.settings())) as c:
        csrf = login(c, camp, "chikan")
        r = report(c, csrf, files=[("1.png", PNG), ("2.png", PNG), ("3.png", PNG)])
        assert r.status_code == 400 and "最多上传 2 个文件" in r.text


@pytest.mark.parametrize(
    ("day", "said"),
    [("2024-09-21", "只能记录已经完成的事项"), ("2024-08-01", "2024-09-01"), ("9月31日", "不是日期")],
)
def test_the_day_follows_done_on_rules(camp: Campaign, client: Any, day: str, said: str) -> None:
    csrf = login(client, camp, "chikan")
    r = report(client, csrf, files=[("a.png", PNG)], day=day)
    assert r.status_code == 400
    assert said in r.text, re.findall(r'class="error"[^>]*>([^<]*)', r.text)
    assert rows(camp) == [] and not list((camp.folder / "evidence" / "chikan").iterdir())


def test_a_task_that_does_not_apply_is_not_found(camp: Campaign, client: Any) -> None:
    csrf = login(client, camp, "chikan")
    assert report(client, csrf, task="contest-cement").status_code == 404
    assert report(client, csrf, task="../campaign.toml").status_code == 404


# ── review and writing ───────────────────────────────────────────────────────


def test_accepted_report_is_written_surgically_and_committed_naming_the_unit(camp: Campaign, client: Any) -> None:
    before = camp.path.read_text(encoding="utf-8")
    csrf = login(client, camp, "chikan")
    report(client, csrf, files=[("a.png", PNG)], day="2024-09-18", note="已盖章")
    csrf = login(client, camp, "@coordinator")
    page = client.get("/review").text
    assert "赤坎区" in page and "<img" in page
    r = decide(client, csrf, [rows(camp)[0]["id"]], "accept")
    assert r.status_code == 200
    (row,) = rows(camp)
    assert row["state"] == "written" and row["commit_id"]
    after = camp.path.read_text(encoding="utf-8")
    ref = row["evidence"].strip('[]"')
    added = f'[units.chikan.progress.summary]\ndone = 2024-09-18\nevidence = ["{ref}"]\nnote = "已盖章"\n\n'
    assert after == before.replace("[units.xiashan]", added + "[units.xiashan]", 1)
    log = _git(camp.folder, "log", "-1", "--format=%s%n%b")
    assert "赤坎区" in log and "summary" in log
    assert _git(camp.folder, "status", "--porcelain").strip() == ""  # the photo is committed with it
    page = login(client, camp, "chikan") and client.get("/").text
    assert "已采纳" in page and "已完成（2024-09-18）" in page


def test_returned_report_keeps_its_reason_for_the_unit(camp: Campaign, client: Any) -> None:
    before = camp.path.read_text(encoding="utf-8")
    csrf = login(client, camp, "chikan")
    report(client, csrf, files=[("a.png", PNG)])
    csrf = login(client, camp, "@coordinator")
    rid = rows(camp)[0]["id"]
    assert decide(client, csrf, [rid], "return").status_code == 400  # a reason is needed
    assert decide(client, csrf, [rid], "return", "照片不清晰<script>").status_code == 200
    assert camp.path.read_text(encoding="utf-8") == before
    login(client, camp, "chikan")
    page = client.get("/").text
    assert "退回" in page and "照片不清晰&lt;script&gt;" in page


def test_reports_accepted_together_are_one_batch_and_one_commit(camp: Campaign, client: Any) -> None:
    for unit in ("chikan", "xiashan"):
        csrf = login(client, camp, unit)
        report(client, csrf, files=[("a.png", PNG)])
        report(client, csrf, task="publicity-banners", files=[("b.jpg", JPEG)])
    commits = _git(camp.folder, "rev-list", "--count", "HEAD")
    csrf = login(client, camp, "@coordinator")
    decide(client, csrf, [r["id"] for r in rows(camp)], "accept")
    assert int(_git(camp.folder, "rev-list", "--count", "HEAD")) == int(commits) + 1
    subject = _git(camp.folder, "log", "-1", "--format=%s")
    assert "赤坎区" in subject and "霞山区" in subject and "publicity-banners" in subject
    assert {r["state"] for r in rows(camp)} == {"written"}


def test_review_off_writes_at_once(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    camp = make_campaign(tmp_path, extra="\n[serve]\nreview = false\n")
    with TestClient(build(camp.settings())) as c:
        csrf = login(c, camp, "chikan")
        report(c, csrf, files=[("a.png", PNG)])
        assert "已提交并记录" in c.get("/?sent=summary").text
    assert rows(camp)[0]["state"] == "written"
    assert "[units.chikan.progress.summary]" in camp.path.read_text(encoding="utf-8")


def test_a_report_that_cannot_be_written_stays_with_the_reason(camp: Campaign, client: Any) -> None:
    csrf = login(client, camp, "chikan")
    report(client, csrf, files=[("a.png", PNG)])
    camp.path.chmod(0o444)
    try:
        csrf = login(client, camp, "@coordinator")
        page = decide(client, csrf, [rows(camp)[0]["id"]], "accept").text
    finally:
        camp.path.chmod(0o644)
    (row,) = rows(camp)
    assert row["state"] == "accepted" and "只读" in row["error"]
    assert "未能写入" in page and "只读" in page
    # fixed, accepted again: written
    decide(client, csrf, [row["id"]], "accept")
    assert rows(camp)[0]["state"] == "written"


def test_accepted_reports_survive_a_kill_and_are_written_at_start(camp: Campaign) -> None:
    """A server killed after 采纳 and before (or during) the batch: the inbox still says accepted,
    and the next start writes them."""
    from starlette.testclient import TestClient

    box = inbox.Inbox(inbox.path_for(camp.path))
    ids = [
        box.add(u, "summary", "done", "2024-09-19", "", {}, [], "2024-09-19T01:00:00+00:00", inbox.ACCEPTED)
        for u in ("chikan", "xiashan")
    ]
    with TestClient(build(camp.settings())):
        pass
    assert [r["state"] for r in rows(camp)] == ["written", "written"] and [r["id"] for r in rows(camp)] == ids
    text = camp.path.read_text(encoding="utf-8")
    assert "[units.chikan.progress.summary]" in text and "[units.xiashan.progress.summary]" in text
    from typer.testing import CliRunner

    from qmonth.cli import app

    assert CliRunner().invoke(app, ["check", "-f", str(camp.path)]).exit_code == 0  # check keeps working


def test_serve_stack_is_not_imported_by_everyday_commands() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom qmonth.cli import app\n"
        f"r = CliRunner().invoke(app, ['status', '-f', {str(SHIPPED)!r}, '--today', '2024-09-20'])\n"
        f"r = CliRunner().invoke(app, ['remind', '-f', {str(SHIPPED)!r}, '--today', '2024-09-20'])\n"
        "print(sorted(m for m in ('starlette', 'jinja2', 'uvicorn', 'python_multipart', 'qmonth.web.app') if m in sys.modules))"
    )
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


# ── a real server on localhost ───────────────────────────────────────────────


class Server:
    """uvicorn serving the app on 127.0.0.1 at a random port, in a thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        for _ in range(500):
            if self.server.started:
                return self
            threading.Event().wait(0.01)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture
def live(camp: Campaign) -> Iterator[Server]:
    with Server(build(camp.settings())) as server:
        yield server


def _http(live: Server) -> httpx.Client:
    return httpx.Client(base_url=live.url, timeout=10, follow_redirects=True)


def test_every_route_answers_only_for_the_unit_its_link_names(camp: Campaign, live: Server) -> None:
    app = build(camp.settings())
    declared = {(r.path, m) for r in app.app.routes for m in r.methods if m != "HEAD"}  # type: ignore[attr-defined]
    tested: set[tuple[str, str]] = set()
    a, b = _http(live), _http(live)
    csrf_a, csrf_b = login(a, camp, "chikan"), login(b, camp, "xiashan")
    report(a, csrf_a, files=[("a.png", PNG)], note="赤坎的说明")
    photo = rows(camp)[0]["evidence"].strip('[]"')

    # /t/{token}: the token names the unit, whatever session the browser had
    r = b.get(f"/t/{camp.tokens['chikan']}", follow_redirects=False)
    assert r.status_code == 303
    tested.add(("/t/{token}", "GET"))
    csrf_b = login(b, camp, "xiashan")

    # /: B's page shows B, never A or A's report
    page = b.get("/").text
    assert "霞山区" in page and "赤坎区" not in page and "赤坎的说明" not in page
    tested.add(("/", "GET"))

    # /report/{key}: what B sends is B's, whatever the address; a task B does not have is not found
    report(b, csrf_b, files=[("b.png", PNG)])
    assert rows(camp)[1]["unit"] == "xiashan"
    assert report(b, csrf_a, files=[("b.png", PNG)]).status_code == 403  # A's CSRF token in B's session
    assert report(b, csrf_b, task="contest-cement").status_code == 404
    tested.add(("/report/{key}", "POST"))

    # /form/{form}: A's 回执 is A's; B cannot post it (another session's CSRF token), what B posts is B's
    assert send_form(a, csrf_a, name="林晓燕", mobile="13802715638").status_code == 303
    assert send_form(b, csrf_a, name="冒名", mobile="13900000000").status_code == 403  # A's CSRF token in B's session
    assert send_form(b, None, name="冒名").status_code == 403
    assert [r["unit"] for r in rows(camp) if r["kind"] == "form"] == ["chikan"]
    assert "林晓燕" not in b.get("/").text and "13802715638" not in b.get("/").text
    assert send_form(b, csrf_b, name="陈伟", mobile="13900000001").status_code == 303
    assert [r["unit"] for r in rows(camp) if r["kind"] == "form"] == ["chikan", "xiashan"]
    assert send_form(b, csrf_b, form="no-such-form", name="x").status_code == 404
    tested.add(("/form/{form}", "POST"))

    # /evidence/{unit}/{name}: A's photo is A's
    assert a.get(f"/{photo}").status_code == 200
    assert b.get(f"/{photo}").status_code == 404
    assert b.get("/evidence/xiashan/..%2fchikan%2f" + photo.rsplit("/", 1)[1]).status_code == 404
    assert b.get("/evidence/xiashan/campaign.toml").status_code == 404
    tested.add(("/evidence/{unit}/{name}", "GET"))

    # /review: the coordinator's only
    assert b.get("/review").status_code == 403
    assert b.post("/review", data={"csrf": csrf_b, "ids": "1", "action": "accept"}).status_code == 403
    assert rows(camp)[0]["state"] == "pending"
    tested |= {("/review", "GET"), ("/review", "POST")}

    # /static/app.css: the same for everyone, no data
    assert b.get("/static/app.css").headers["content-type"].startswith("text/css")
    tested.add(("/static/app.css", "GET"))
    assert tested == declared, "a route was added: test it with another unit's session here"
    # and the campaign file is never served
    assert a.get("/campaign.toml").status_code == 404


def test_live_csrf_upload_accept_return(camp: Campaign, live: Server) -> None:
    before = camp.path.read_text(encoding="utf-8")
    unit, boss = _http(live), _http(live)
    csrf = login(unit, camp, "chikan")
    assert unit.post("/report/summary", data={"day": "2024-09-18"}).status_code == 403  # no CSRF token
    big = report(unit, csrf, files=[("big.jpg", JPEG + b"\0" * (20 * 1024 * 1024))])  # over the 20 MB default
    assert big.status_code == 413 and "超过 20 MB" in big.text
    wrong = report(unit, csrf, files=[("x.jpg", b"not a photo" * 10)])
    assert wrong.status_code == 400 and "按文件内容判断" in wrong.text
    path = report(unit, csrf, files=[("a/b.jpg", JPEG)])
    assert path.status_code == 400 and "带有路径" in path.text
    assert rows(camp) == [] and not list((camp.folder / "evidence" / "chikan").iterdir())
    r1 = report(unit, csrf, files=[("a.png", PNG)], day="2024-09-18")
    r2 = report(unit, csrf, task="publicity-banners", files=[("b.jpg", JPEG)])
    assert r1.status_code == r2.status_code == 303
    got = {r["task"]: r["id"] for r in rows(camp) if r["state"] == "pending"}
    bcsrf = login(boss, camp, "@coordinator")
    assert boss.post("/review", data={"ids": str(got["summary"]), "action": "accept"}).status_code == 403
    assert decide(boss, bcsrf, [got["summary"]], "accept").status_code == 200
    assert decide(boss, bcsrf, [got["publicity-banners"]], "return", "横幅照片看不清").status_code == 200
    diff = [
        line
        for line in subprocess.run(
            ["diff", "-u", "-", str(camp.path)], input=before, capture_output=True, text=True
        ).stdout.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff[0] == "+[units.chikan.progress.summary]" and len(diff) == 4 and all(d.startswith("+") for d in diff)
    assert diff[1] == "+done = 2024-09-18" and diff[2].startswith('+evidence = ["evidence/chikan/20240920-summary-')
    assert "赤坎区" in _git(camp.folder, "log", "-1", "--format=%s")
    page = unit.get("/").text
    assert "已采纳" in page and "退回" in page and "横幅照片看不清" in page


# ── the 回执 on the unit's page ──────────────────────────────────────────────


def send_form(client: Any, csrf: str | None, form: str = "liaison", **fields: str) -> Any:
    data = {f"field-{k}": v for k, v in fields.items()}
    if csrf is not None:
        data["csrf"] = csrf
    return client.post(f"/form/{form}", data=data, follow_redirects=False)


def test_the_receipt_form_is_on_the_unit_page_with_what_was_recorded(camp: Campaign, client: Any) -> None:
    page = client.get("/t/" + camp.tokens["chikan"]).text
    assert 'action="/form/liaison"' in page and "联络员回执" in page
    assert 'name="field-mobile"' in page and "<option>男</option>" in page


def test_a_bad_mobile_is_refused_beside_the_field_and_nothing_stored(camp: Campaign, client: Any) -> None:
    csrf = login(client, camp, "chikan")
    r = send_form(client, csrf, name="林晓燕", mobile="1380271")
    assert r.status_code == 400
    beside = re.search(r'<span class="error field-error" role="alert" data-field="mobile">([^<]*)</span>', r.text)
    assert beside and "不是手机号码" in beside[1] and "1380271" in beside[1]
    assert 'value="林晓燕"' in r.text  # what was typed stays
    assert rows(camp) == []
    bad_choice = send_form(client, csrf, gender="未知")
    assert bad_choice.status_code == 400 and 'data-field="gender"' in bad_choice.text
    empty = send_form(client, csrf)
    assert empty.status_code == 400 and "请至少填写一项" in empty.text
    assert rows(camp) == []


@pytest.mark.parametrize(
    ("lang", "says"), [("zh", ["回执缺少：手机或固定电话", "联络员回执"]), ("en", ["The receipt lacks", "on this page"])]
)
def test_the_receipt_reported_done_without_a_liaison_asks_for_the_form(
    camp: Campaign, client: Any, lang: str, says: list[str]
) -> None:
    """Issue 19: the receipt task is done only with its form's values, from the page as from `done`."""
    if lang == "en":
        mutate(camp.path, 'language = "zh"', 'language = "en"')
    csrf = login(client, camp, "chikan")
    r = report(client, csrf, task="receipt", day="2024-09-18")
    assert r.status_code == 400, r.text
    text = html.unescape(r.text)
    assert all(s in text for s in says), text
    assert rows(camp) == []
    # a name alone names nobody to call: refused beside the form, nothing stored
    named = send_form(client, csrf, name="林晓燕")
    assert named.status_code == 400 and rows(camp) == []
    assert says[0] in html.unescape(named.text) and "qmonth receipt" not in named.text
    assert send_form(client, csrf, name="林晓燕", mobile="13802715638").status_code == 303


def test_receipt_accepted_is_written_as_receipt_set_writes_it(camp: Campaign, client: Any, run: Run, tmp_path: Path) -> None:
    csrf = login(client, camp, "chikan")
    assert send_form(client, csrf, name="林晓燕", gender="女", mobile="13802715638").status_code == 303
    (row,) = rows(camp)
    assert (row["kind"], row["task"], row["state"]) == ("form", "receipt", "pending")
    assert "待审核" in client.get("/").text
    boss = login(client, camp, "@coordinator")
    review = client.get("/review").text
    assert "联络员回执" in review and "手机" in review and "13802715638" in review
    assert decide(client, boss, [row["id"]], "accept").status_code == 200
    assert rows(camp)[0]["state"] == "written"
    # the same as the CLI: a copy of the file before, given the same values with receipt --set
    twin = tmp_path / "twin.toml"
    twin.write_text(_git(camp.folder, "show", "HEAD~1:campaign.toml"), encoding="utf-8")
    args = ["receipt", "chikan", "--set", "姓名=林晓燕", "--set", "性别=女", "--set", "手机=13802715638"]
    got = run(*args, "-f", str(twin), "--today", "2024-09-20")
    assert got.exit_code == 0, got.output
    assert camp.path.read_text(encoding="utf-8") == twin.read_text(encoding="utf-8")
    assert "[units.chikan.liaison]" in twin.read_text(encoding="utf-8")
    assert "赤坎区" in _git(camp.folder, "log", "-1", "--format=%s")


def test_receipt_with_review_off_is_written_at_once(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    camp = make_campaign(tmp_path, extra="\n[serve]\nreview = false\n")
    with TestClient(build(camp.settings())) as c:
        csrf = login(c, camp, "xiashan")
        assert send_form(c, csrf, name="陈伟", mobile="13902715638").status_code == 303
        page = c.get("/?sent=form-liaison").text
        assert "已提交并记录" in page and 'value="陈伟"' in page
    text = camp.path.read_text(encoding="utf-8")
    assert "[units.xiashan.liaison]" in text and 'mobile = "13902715638"' in text


def test_live_receipt_refused_then_filled_and_accepted(camp: Campaign, live: Server) -> None:
    unit, boss = _http(live), _http(live)
    csrf = login(unit, camp, "chikan")
    bad = send_form(unit, csrf, name="林晓燕", mobile="138-0271")
    assert bad.status_code == 400 and 'data-field="mobile">手机 “138-0271” 不是手机号码' in bad.text
    assert rows(camp) == []
    assert send_form(unit, csrf, name="林晓燕", gender="女", position="科长", mobile="13802715638").status_code == 303
    bcsrf = login(boss, camp, "@coordinator")
    (row,) = rows(camp)
    assert decide(boss, bcsrf, [row["id"]], "accept").status_code == 200
    text = camp.path.read_text(encoding="utf-8")
    table = text[text.index("[units.chikan.liaison]") :].split("\n\n")[0]
    assert 'name = "林晓燕"' in table and 'mobile = "13802715638"' in table and 'position = "科长"' in table
    assert "[units.chikan.progress.receipt]" in text
    assert "已采纳" in unit.get("/").text
    assert "赤坎区（receipt）" in _git(camp.folder, "log", "-1", "--format=%s")


def test_the_unit_letter_names_the_page_address_not_a_link_and_a_bad_base_url_is_refused(run: Run, tmp_path: Path) -> None:
    camp = make_campaign(tmp_path, git=False, extra='\n[serve]\nbase_url = "https://qm.example.gov.cn/"\n')
    letter = run("remind", "--unit", "chikan", "-f", camp.path, "--today", "2024-09-24")
    assert letter.exit_code == 0, letter.output
    assert "网上填报：https://qm.example.gov.cn/（用协调人单独发给本单位的链接登录）" in letter.stdout
    assert camp.tokens["chikan"] not in letter.stdout and "/t/" not in letter.stdout
    links = run("links", "--rotate", "xiashan", "-f", camp.path, "--links", camp.links)  # the configured address
    assert links.exit_code == 0 and "\thttps://qm.example.gov.cn/t/" in links.stdout, links.output
    everyone = run("remind", "-f", camp.path, "--today", "2024-09-24")
    assert "赤坎区" in everyone.stdout and "qm.example" not in everyone.stdout
    bad = camp.path.read_text(encoding="utf-8").replace("https://qm.example.gov.cn/", "javascript:alert(1)")
    camp.path.write_text(bad, encoding="utf-8")
    refused = run("check", "-f", camp.path)
    assert refused.exit_code != 0 and "serve.base_url" in refused.output and "Traceback" not in refused.output
