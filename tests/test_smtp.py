"""`--send`: through a real SMTP server (aiosmtpd) on 127.0.0.1, plain, STARTTLS and SMTPS.

Every server runs in the test on a free loopback port and is stopped in a fixture's finally.
The TLS certificates come from a test CA (trustme). No network beyond 127.0.0.1.
"""

from __future__ import annotations

import email
import email.policy
import shlex
import socket
import ssl
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from click.testing import CliRunner, Result

from noshow.cli.main import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "drafts"
INVITE = FIXTURES / "interview.eml"
ORGANIZER = "dana.whitfield@acme.example.com"
YOU_EMAIL = "lukas.meyer@example.net"
NOW = "2026-11-23T09:00:00Z"
USERNAME = "lukas"
PASSWORD = "Pw-7f3kq9zX!"
STRICT = email.policy.default.clone(raise_on_defect=True)


@dataclass
class Inbox:
    """What the test server received."""

    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def only(self) -> tuple[Envelope, email.message.EmailMessage]:
        assert len(self.envelopes) == 1
        envelope = self.envelopes[0]
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)
        message = email.message_from_bytes(content, policy=STRICT)
        assert isinstance(message, email.message.EmailMessage)
        return envelope, message


def authenticator(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USERNAME.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Server:
    port: int
    inbox: Inbox


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def start_server() -> Iterator[Callable[..., Server]]:
    """``start_server(**aiosmtpd options)`` -> a running server; all stopped afterwards."""
    running: list[Controller] = []

    def start(**options: Any) -> Server:
        inbox = Inbox()
        port = free_port()
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=port,
            server_hostname="localhost",  # no DNS look-up for the greeting
            **options,
        )
        controller.start()
        running.append(controller)
        return Server(port, inbox)

    try:
        yield start
    finally:
        for controller in running:
            controller.stop()


@pytest.fixture(autouse=True)
def _no_password_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOSHOW_SMTP_PASSWORD", raising=False)


def write_config(tmp_path: Path, **smtp: Any) -> Path:
    lines = [
        "[you]",
        'name = "Lukas Meyer"',
        f'email = "{YOU_EMAIL}"',
        'zone = "Europe/Berlin"',
        "",
        "[smtp]",
    ]
    for key, value in smtp.items():
        lines.append(f"{key} = {value}" if isinstance(value, int) else f'{key} = "{value}"')
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def send(config: Path, *args: str | Path, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(
        cli,
        [
            "confirm",
            str(INVITE),
            *map(str, args),
            "--send",
            "--yes",
            "--config",
            str(config),
            "--now",
            NOW,
        ],
        env=env,
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        result.output,
    )
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    return result


def assert_error(result: Result, *fragments: str) -> str:
    """Exit 2 with one line on stderr holding every fragment."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("noshow: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def assert_delivered(server: Server) -> email.message.EmailMessage:
    envelope, message = server.inbox.only()
    assert envelope.mail_from == YOU_EMAIL
    assert envelope.rcpt_tos == [ORGANIZER]
    assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER]
    assert message["Subject"].startswith("Confirming our interview on Tuesday 8 December 2026")
    assert message["In-Reply-To"] == "<invite-7731.20261120151500@scheduler.acme.example.com>"
    assert "Bcc" not in message
    return message


# --- plain, on this machine -----------------------------------------------------------------


def test_send_plain_to_loopback(tmp_path: Path, start_server: Callable[..., Server]) -> None:
    server = start_server()
    config = write_config(tmp_path, host="127.0.0.1", port=server.port, security="plain")
    result = send(config)
    assert result.exit_code == 0, result.output
    assert f"Sent to Dana Whitfield <{ORGANIZER}>." in result.stdout
    message = assert_delivered(server)
    assert any(p.get_content_type() == "text/calendar" for p in message.walk())


def _send_asking(config: Path, *args: str, answer: str | None) -> Result:
    """``confirm --send`` without --yes; ``answer`` is typed at the prompt (None: no terminal)."""
    return CliRunner().invoke(
        cli,
        ["confirm", str(INVITE), *args, "--send", "--config", str(config), "--now", NOW],
        input=answer,
    )


def test_send_without_yes_off_a_terminal_is_refused(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    server = start_server()
    config = write_config(tmp_path, host="127.0.0.1", port=server.port, security="plain")
    result = _send_asking(config, answer=None)
    assert result.exit_code == 2
    assert "--send asks before sending; when not run from a terminal, add --yes" in result.stderr
    assert result.stdout == ""  # refused before anything is printed
    assert not server.inbox.envelopes


@pytest.mark.parametrize(("answer", "sent"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_send_on_a_terminal_shows_the_draft_and_asks(
    tmp_path: Path,
    start_server: Callable[..., Server],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    sent: bool,
) -> None:
    monkeypatch.setattr("noshow.cli.drafts.stdin_is_terminal", lambda: True)
    server = start_server()
    config = write_config(tmp_path, host="127.0.0.1", port=server.port, security="plain")
    result = _send_asking(config, answer=answer)
    assert result.exit_code == 0, result.output
    shown = result.stdout
    assert "Subject: Confirming our interview on Tuesday 8 December 2026" in shown
    assert shown.index("Subject:") < shown.index("Best regards,")
    assert f"Send this to Dana Whitfield <{ORGANIZER}>? [y/N]" in result.stderr
    if sent:
        assert_delivered(server)
        assert f"Sent to Dana Whitfield <{ORGANIZER}>." in result.stdout
    else:
        assert not server.inbox.envelopes
        assert "Not sent." in result.stderr


def test_send_to_another_address_and_cc_on_confirm(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    server = start_server()
    config = write_config(tmp_path, host="127.0.0.1", port=server.port, security="plain")
    result = send(config, "--to", "recruiter@acme.example.com", "--cc", "hm@acme.example.com")
    assert result.exit_code == 0, result.output
    envelope, message = server.inbox.only()
    assert sorted(envelope.rcpt_tos) == ["hm@acme.example.com", "recruiter@acme.example.com"]
    assert [a.addr_spec for a in message["To"].addresses] == ["recruiter@acme.example.com"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["hm@acme.example.com"]


def test_send_recover_with_cc_reaches_both(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    server = start_server()
    config = write_config(tmp_path, host="127.0.0.1", port=server.port, security="plain")
    result = CliRunner().invoke(
        cli,
        [
            "recover",
            str(INVITE),
            "--reason",
            "overslept",
            "--cc",
            "recruiter@acme.example.com",
            "--send",
            "--yes",
            "--config",
            str(config),
            "--now",
            "2026-12-08T16:00:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    envelope, message = server.inbox.only()
    assert sorted(envelope.rcpt_tos) == sorted([ORGANIZER, "recruiter@acme.example.com"])
    assert message["Subject"].startswith("Missed interview on Tuesday 8 December 2026")
    assert [a.addr_spec for a in message["Cc"].addresses] == ["recruiter@acme.example.com"]


def test_plain_to_another_machine_is_refused(tmp_path: Path) -> None:
    """Refused before any connection (192.0.2.10 is a documentation address)."""
    config = write_config(tmp_path, host="192.0.2.10", port=25, security="plain")
    out = tmp_path / "draft.eml"
    result = send(config, "-o", out)
    assert_error(result, "192.0.2.10:25", "refusing to send without TLS", f"The draft is in {out}")
    assert out.is_file()


def test_closed_port_cannot_connect(tmp_path: Path) -> None:
    config = write_config(tmp_path, host="127.0.0.1", port=free_port(), security="plain")
    out = tmp_path / "draft.eml"
    result = send(config, "-o", out)
    assert_error(result, "cannot connect", f"The draft is in {out}")
    assert out.is_file()


def test_send_without_output_says_how_to_keep_the_draft(tmp_path: Path) -> None:
    config = write_config(tmp_path, host="127.0.0.1", port=free_port(), security="plain")
    assert_error(send(config), "cannot connect", "Write it with -o FILE.eml to keep it")


def test_send_needs_an_smtp_table(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[you]\nemail = "{YOU_EMAIL}"\nzone = "Europe/Berlin"\n', encoding="utf-8")
    assert_error(send(config), "[smtp]")


def test_send_needs_an_organizer_address(
    tmp_path: Path, start_server: Callable[..., Server]
) -> None:
    server = start_server()
    config = write_config(tmp_path, host="127.0.0.1", port=server.port, security="plain")
    invite = tmp_path / "no-organizer.ics"
    original = (FIXTURES / "onsite-berlin.ics").read_bytes()
    line = b"ORGANIZER;CN=Katrin Vogel:mailto:katrin.vogel@northwind.example.com\r\n"
    assert line in original
    invite.write_bytes(original.replace(line, b""))
    result = CliRunner().invoke(
        cli, ["confirm", str(invite), "--send", "--yes", "--config", str(config), "--now", NOW]
    )
    assert_error(result, "no single organizer address to send to: give --to ADDRESS")
    assert not server.inbox.envelopes


# --- TLS --------------------------------------------------------------------------------------


def test_send_starttls_with_the_test_ca(
    tmp_path: Path, start_server: Callable[..., Server], server_tls: ssl.SSLContext, ca_file: Path
) -> None:
    server = start_server(tls_context=server_tls, require_starttls=True)
    config = write_config(
        tmp_path, host="127.0.0.1", port=server.port, security="starttls", ca_file=ca_file
    )
    result = send(config)
    assert result.exit_code == 0, result.output
    assert_delivered(server)


def test_send_starttls_to_localhost_name(
    tmp_path: Path, start_server: Callable[..., Server], server_tls: ssl.SSLContext, ca_file: Path
) -> None:
    server = start_server(tls_context=server_tls, require_starttls=True)
    config = write_config(
        tmp_path, host="localhost", port=server.port, security="starttls", ca_file=ca_file
    )
    # "localhost" may resolve to ::1 first, where nothing listens: only 127.0.0.1 is served.
    if socket.getaddrinfo("localhost", server.port, type=socket.SOCK_STREAM)[0][0] != (
        socket.AF_INET
    ):
        pytest.skip("localhost resolves to IPv6 first here")
    result = send(config)
    assert result.exit_code == 0, result.output
    assert_delivered(server)


def test_send_starttls_untrusted_certificate_fails(
    tmp_path: Path, start_server: Callable[..., Server], server_tls: ssl.SSLContext
) -> None:
    server = start_server(tls_context=server_tls, require_starttls=True)
    config = write_config(tmp_path, host="127.0.0.1", port=server.port, security="starttls")
    out = tmp_path / "draft.eml"
    result = send(config, "-o", out)
    line = assert_error(result, "TLS", "ca_file", f"The draft is in {out}")
    assert "certificate" in line.lower() or "CERTIFICATE" in line
    assert not server.inbox.envelopes
    message = email.message_from_bytes(out.read_bytes(), policy=STRICT)
    assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER]


def test_send_starttls_to_a_server_without_it_fails(
    tmp_path: Path, start_server: Callable[..., Server], ca_file: Path
) -> None:
    server = start_server()
    config = write_config(
        tmp_path, host="127.0.0.1", port=server.port, security="starttls", ca_file=ca_file
    )
    assert_error(send(config), f"127.0.0.1:{server.port}", "STARTTLS")
    assert not server.inbox.envelopes


def test_send_implicit_tls(
    tmp_path: Path, start_server: Callable[..., Server], server_tls: ssl.SSLContext, ca_file: Path
) -> None:
    server = start_server(ssl_context=server_tls)
    config = write_config(
        tmp_path, host="127.0.0.1", port=server.port, security="ssl", ca_file=ca_file
    )
    result = send(config)
    assert result.exit_code == 0, result.output
    assert_delivered(server)


# --- login ------------------------------------------------------------------------------------


@pytest.fixture
def auth_server(start_server: Callable[..., Server], server_tls: ssl.SSLContext) -> Server:
    return start_server(
        tls_context=server_tls,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
        auth_required=True,
    )


def auth_config(tmp_path: Path, server: Server, ca_file: Path, **extra: Any) -> Path:
    return write_config(
        tmp_path,
        host="127.0.0.1",
        port=server.port,
        security="starttls",
        ca_file=ca_file,
        username=USERNAME,
        **extra,
    )


def assert_no_password(result: Result, *files: Path) -> None:
    for text in (result.output, result.stdout, result.stderr):
        assert PASSWORD not in text
        assert "Pw-7f3kq9zX" not in text
    for path in files:
        if path.exists():
            assert b"Pw-7f3kq9zX" not in path.read_bytes()


def test_login_with_password_from_environment(
    tmp_path: Path, auth_server: Server, ca_file: Path
) -> None:
    config = auth_config(tmp_path, auth_server, ca_file)
    out = tmp_path / "draft.eml"
    result = send(config, "-o", out, env={"NOSHOW_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert_delivered(auth_server)
    assert_no_password(result, out)


def test_login_with_password_command(tmp_path: Path, auth_server: Server, ca_file: Path) -> None:
    command = f"printf {shlex.quote(PASSWORD)}"
    config = auth_config(tmp_path, auth_server, ca_file, password_command=command)
    config.write_text(
        config.read_text(encoding="utf-8").replace(f'"{command}"', repr(command)),
        encoding="utf-8",
    )
    result = send(config)
    assert result.exit_code == 0, result.output
    assert_delivered(auth_server)
    assert_no_password(result)


def test_login_with_a_password_script(tmp_path: Path, auth_server: Server, ca_file: Path) -> None:
    script = tmp_path / "password.py"
    script.write_text(f"print({PASSWORD!r})\n", encoding="utf-8")
    command = f"{sys.executable} {script}"
    config = auth_config(tmp_path, auth_server, ca_file, password_command=command)
    result = send(config)
    assert result.exit_code == 0, result.output
    assert_delivered(auth_server)
    assert_no_password(result)


def test_wrong_password_is_refused_without_showing_it(
    tmp_path: Path, auth_server: Server, ca_file: Path
) -> None:
    config = auth_config(tmp_path, auth_server, ca_file)
    out = tmp_path / "draft.eml"
    wrong = "Pw-7f3kq9zX-wrong"
    result = send(config, "-o", out, env={"NOSHOW_SMTP_PASSWORD": wrong})
    assert_error(result, "refused the username or password", f"The draft is in {out}")
    assert wrong not in result.output and wrong not in result.stderr
    assert_no_password(result, out)
    assert out.is_file()
    assert not auth_server.inbox.envelopes


def test_no_password_anywhere(tmp_path: Path, auth_server: Server, ca_file: Path) -> None:
    config = auth_config(tmp_path, auth_server, ca_file)
    assert_error(send(config), f"no password for {USERNAME}", "NOSHOW_SMTP_PASSWORD")
    assert not auth_server.inbox.envelopes


def test_failing_password_command(tmp_path: Path, auth_server: Server, ca_file: Path) -> None:
    script = tmp_path / "fail.py"
    script.write_text(
        f"import sys\nprint({PASSWORD!r})\nprint({PASSWORD!r}, file=sys.stderr)\nsys.exit(4)\n",
        encoding="utf-8",
    )
    config = auth_config(
        tmp_path, auth_server, ca_file, password_command=f"{sys.executable} {script}"
    )
    result = send(config)
    assert_error(result, "password_command failed with exit status 4")
    assert_no_password(result)


def test_missing_password_command(tmp_path: Path, auth_server: Server, ca_file: Path) -> None:
    missing = tmp_path / "no-such-program"
    config = auth_config(tmp_path, auth_server, ca_file, password_command=str(missing))
    assert_error(send(config), "password_command could not run")


def test_login_refused_without_tls(tmp_path: Path, start_server: Callable[..., Server]) -> None:
    """A plain loopback server that wants a login over TLS only: the login cannot happen."""
    server = start_server(authenticator=authenticator, auth_require_tls=True)
    config = write_config(
        tmp_path, host="127.0.0.1", port=server.port, security="plain", username=USERNAME
    )
    result = send(config, env={"NOSHOW_SMTP_PASSWORD": PASSWORD})
    assert_error(result, f"127.0.0.1:{server.port}")
    assert_no_password(result)
    assert not server.inbox.envelopes
