"""Delivery checks that bugs planted by hand got through before: the password only after STARTTLS,
4xx after RCPT retried and 5xx not, a second day of sending, secrets files by mode and by place."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import Run, quick_delivery
from tests.test_notify_cli import OK, channel, log_lines

CHIKAN = "office@chikan.example.cn"


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    quick_delivery(monkeypatch, tmp_path, "2")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mail_to_chikan(shipped: Path) -> None:
    text = shipped.read_text(encoding="utf-8").replace('short = "赤坎区"', f'short = "赤坎区"\nemail = "{CHIKAN}"')
    shipped.write_text(text, encoding="utf-8")
    channel(shipped, "mail", "mail")


class _Server:
    """What an aiosmtpd server saw: RCPT commands, logins (with whether TLS was on), messages."""

    def __init__(self) -> None:
        self.rcpts: list[str] = []
        self.logins: list[tuple[str, bool]] = []
        self.messages: list[list[str]] = []
        self.answers: list[str] = []  # answers to RCPT, one per attempt, then 250

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        self.rcpts.append(address)
        if self.answers:
            return self.answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(list(envelope.rcpt_tos))
        return "250 OK"

    def authenticator(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login.decode(), session.ssl is not None))
        return AuthResult(success=auth_data.password == b"s3cret")


@pytest.fixture
def plain_smtp() -> Iterator[tuple[_Server, int]]:
    from aiosmtpd.controller import Controller

    server, port = _Server(), _port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    yield server, port
    controller.stop()


@pytest.fixture
def cert(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (cryptography, else the openssl CLI)."""
    crt, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:  # pragma: no cover
        try:
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                 "-keyout", str(key), "-out", str(crt), "-days", "2", "-subj", "/CN=127.0.0.1",
                 "-addext", "subjectAltName=IP:127.0.0.1"],
                check=True, capture_output=True, timeout=20,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError) as exc:
            pytest.skip(f"cannot make a certificate here (no cryptography, openssl failed: {exc})")
        return crt, key
    pk = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(pk.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(pk, hashes.SHA256())
    )
    crt.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(pk.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return crt, key


def _tls_server(cert: tuple[Path, Path], scheme: str, require_tls: bool = False) -> tuple[Any, int, Any]:
    """A started aiosmtpd server on 127.0.0.1 with our certificate: TLS at once (smtps) or by
    STARTTLS, AUTH checked by `_Server.authenticator`. `require_tls`: refuse AUTH before STARTTLS
    (aiosmtpd counts only STARTTLS as TLS: with smtps the authenticator checks the session)."""
    from aiosmtpd.controller import Controller

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*cert)
    server, port = _Server(), _port()
    tls = {"ssl_context": context} if scheme == "smtps" else {"tls_context": context}
    controller = Controller(
        server, hostname="127.0.0.1", port=port, authenticator=server.authenticator, auth_require_tls=require_tls, **tls
    )
    controller.start()
    return server, port, controller


@pytest.mark.parametrize("server_requires_tls_for_auth", [True, False], ids=["strict-server", "lax-server"])
def test_the_password_is_sent_only_after_starttls(
    run: Run, shipped: Path, cert: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, server_requires_tls_for_auth: bool
) -> None:
    """Even a server that would take AUTH in clear (lax) gets it only inside TLS."""
    crt = cert[0]
    server, port, controller = _tls_server(cert, "starttls", server_requires_tls_for_auth)
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(crt))  # the client trusts our certificate, and only it
        _mail_to_chikan(shipped)
        monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://bureau:s3cret@127.0.0.1:{port}?from=qm@example.cn&starttls=true")
        result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    finally:
        controller.stop()
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert server.logins == [("bureau", True)]  # one login, inside TLS
    assert server.messages == [[CHIKAN]]


def test_smtps_logs_in_over_implicit_tls(
    run: Run, shipped: Path, cert: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    crt = cert[0]
    server, port, controller = _tls_server(cert, "smtps")
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(crt))
        _mail_to_chikan(shipped)
        monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtps://bureau:s3cret@127.0.0.1:{port}?from=qm@example.cn")
        result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    finally:
        controller.stop()
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert [who for who, _ in server.logins] == ["bureau"]  # (aiosmtpd marks only STARTTLS sessions as TLS)
    assert server.messages == [[CHIKAN]]


def test_a_4xx_after_rcpt_is_retried_and_delivered(
    run: Run, shipped: Path, plain_smtp: tuple[_Server, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, port = plain_smtp
    server.answers = ["451 4.3.0 mailbox busy, try later"]  # the first attempt only
    _mail_to_chikan(shipped)
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qm@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert server.rcpts == [CHIKAN, CHIKAN]  # tried again
    assert server.messages == [[CHIKAN]]
    assert {e["note"] for e in log_lines(shipped)} == {f"→ {CHIKAN}"}


def test_a_4xx_every_time_is_retried_then_fails(
    run: Run, shipped: Path, plain_smtp: tuple[_Server, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, port = plain_smtp
    server.answers = ["450 4.2.1 try later"] * 5
    _mail_to_chikan(shipped)
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qm@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 5
    assert server.rcpts == [CHIKAN, CHIKAN]  # first attempt + QMONTH_NOTIFY_RETRIES=1
    assert server.messages == [] and log_lines(shipped) == []


def test_a_5xx_after_rcpt_is_not_retried(
    run: Run, shipped: Path, plain_smtp: tuple[_Server, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, port = plain_smtp
    server.answers = ["550 5.1.1 no such mailbox"] * 5
    _mail_to_chikan(shipped)
    monkeypatch.setenv("QMONTH_NOTIFY_MAIL", f"smtp://127.0.0.1:{port}?from=qm@example.cn")
    result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    assert result.exit_code == 5
    assert f"发往 {CHIKAN} 的邮件被拒" in result.stderr
    assert server.rcpts == [CHIKAN]  # asked once
    assert server.messages == [] and log_lines(shipped) == []


def test_an_item_reminded_yesterday_is_reminded_again_today(
    run: Run, shipped: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel(shipped, "group", "wecom")
    monkeypatch.setenv("QMONTH_NOTIFY_GROUP", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_json(OK)
    assert run("remind", "-f", shipped, "--today", "2024-09-11", "--send").exit_code == 0
    assert len(httpserver.log) == 1
    assert run("remind", "-f", shipped, "--today", "2024-09-11", "--send").exit_code == 0
    assert len(httpserver.log) == 1  # the same day: not again
    second_day = run("remind", "-f", shipped, "--today", "2024-09-12", "--send")
    assert second_day.exit_code == 0, second_day.output
    assert len(httpserver.log) == 2  # the next day: again
    days = sorted({e["at"][:10] for e in log_lines(shipped)})
    assert days == ["2024-09-11", "2024-09-12"]
    assert len(log_lines(shipped)) == 28


def _secrets_run(run: Run, shipped: Path) -> Any:
    return run("remind", "-f", shipped, "--today", "2024-09-11", "--send", "--resend")


def test_a_group_readable_secrets_file_is_refused(
    run: Run, shipped: Path, httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel(shipped, "group", "wecom")
    httpserver.expect_request("/hook").respond_with_json(OK)
    home = tmp_path.parent / (tmp_path.name + "-home")
    home.mkdir()
    secrets = home / "secrets.toml"
    secrets.write_text(f'[group]\nurl = "{httpserver.url_for("/hook")}"\n', encoding="utf-8")
    monkeypatch.setenv("QMONTH_SECRETS", str(secrets))
    for mode in (0o640, 0o620, 0o610, 0o604):
        secrets.chmod(mode)
        refused = _secrets_run(run, shipped)
        assert refused.exit_code == 5 and "chmod 600" in refused.stderr, oct(mode)
    assert httpserver.log == []
    secrets.chmod(0o600)
    assert _secrets_run(run, shipped).exit_code == 0 and len(httpserver.log) == 1


def test_a_secrets_file_anywhere_in_the_git_work_tree_is_refused(
    run: Run, shipped: Path, httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only beside the campaign: a sibling folder of the same repository would be committed too."""
    repo = tmp_path / "repo"
    (repo / "campaigns" / "2024").mkdir(parents=True)
    (repo / "private").mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=20)
    campaign = repo / "campaigns" / "2024" / "campaign.toml"
    campaign.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    channel(campaign, "group", "wecom")
    httpserver.expect_request("/hook").respond_with_json(OK)
    secrets = repo / "private" / "secrets.toml"
    secrets.write_text(f'[group]\nurl = "{httpserver.url_for("/hook")}"\n', encoding="utf-8")
    secrets.chmod(0o600)
    monkeypatch.setenv("QMONTH_SECRETS", str(secrets))
    refused = _secrets_run(run, campaign)
    assert refused.exit_code == 5 and "仓库内" in refused.stderr
    assert httpserver.log == []
    outside = tmp_path / "secrets.toml"  # the same file outside the work tree is taken
    outside.write_text(secrets.read_text(encoding="utf-8"), encoding="utf-8")
    outside.chmod(0o600)
    monkeypatch.setenv("QMONTH_SECRETS", str(outside))
    assert _secrets_run(run, campaign).exit_code == 0 and len(httpserver.log) == 1


@pytest.mark.parametrize("scheme", ["smtps", "starttls"])
def test_a_server_whose_certificate_is_not_trusted_gets_no_password(
    run: Run, shipped: Path, cert: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    server, port, controller = _tls_server(cert, scheme)
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert[0].with_name("nothing-trusted.pem")))
        _mail_to_chikan(shipped)
        url = "smtps://bureau:s3cret@127.0.0.1:{port}?from=qm@example.cn"
        if scheme == "starttls":
            url = "smtp://bureau:s3cret@127.0.0.1:{port}?from=qm@example.cn&starttls=true"
        monkeypatch.setenv("QMONTH_NOTIFY_MAIL", url.format(port=port))
        result = run("remind", "-f", shipped, "--today", "2024-09-11", "--send")
    finally:
        controller.stop()
    assert result.exit_code == 5, (result.stderr, result.exception)
    assert server.logins == [] and server.messages == []
    assert log_lines(shipped) == []
