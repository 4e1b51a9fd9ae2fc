"""The web page without a browser: the JSON API equals the CLI's --format json, the limits, the
CSRF token, the host check, escaping, secrets, and writes only after a confirmed dry run."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from conftest import NOW, ROOT, SAMPLES, csrf_of, make_settings
from noshow.cli.main import cli
from noshow.config import SmtpSettings
from noshow.web.app import create_app

CALENDARS = ROOT / "tests" / "fixtures" / "calendars"
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"
HOSTILE = (Path(__file__).parent / "hostile.ics").read_bytes()


def cli_json(tmp_path: Path, *args: str) -> tuple[int, Any]:
    config = tmp_path / "config.toml"
    config.write_text(
        '[you]\nzone = "Europe/Berlin"\nname = "Alex Doe"\nemail = "alex@example.org"\n'
    )
    result = CliRunner().invoke(
        cli, [*args, "--zone", "Europe/Berlin", "--now", NOW, "--config", str(config)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def upload(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def test_api_check_equals_the_cli_json(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    monkeypatch.chdir(SAMPLES)  # the CLI names each input as given: the bare file name
    status, expected = cli_json(tmp_path, "check", *(p.name for p in samples), "--format", "json")
    response = client.post("/api/check", files=upload(*samples))
    assert response.status_code == 200
    assert response.json() == expected
    assert status == 1 and len(expected["invites"]) == len(samples)


def test_api_check_takes_pasted_text_and_reports_unreadable_input(client: TestClient) -> None:
    text = (SAMPLES / "night-interview.ics").read_text()
    data = client.post("/api/check", data={"text": text}).json()
    [invite] = data["invites"]
    assert invite["source"] == "pasted text"
    assert invite["start"]["utc"] == "2026-12-03T22:00:00Z"
    bad = client.post("/api/check", data={"text": "not an invite at all"}).json()
    assert bad["invites"] == [] and bad["errors"][0]["source"] == "pasted text"


def test_api_agenda_equals_the_cli_json(
    web_settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CALENDARS / "agenda")
    _, expected = cli_json(
        tmp_path, "agenda", "--calendar", "invitation.ics", "--days", "30", "--format", "json"
    )
    app = create_app(web_settings(calendars=("invitation.ics",)))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.get("/api/agenda?days=30")
    assert response.status_code == 200
    assert response.json() == expected
    assert expected["interviews"], "the fixture calendar holds an interview"


def test_api_agenda_without_a_calendar_says_so(client: TestClient) -> None:
    response = client.get("/api/agenda")
    assert response.status_code == 400
    assert "No calendar is configured" in response.json()["error"]


def test_api_slots_equals_the_cli_json(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SAMPLES)
    _, expected = cli_json(
        tmp_path, "slots", "--from", "clean-interview.ics", "--count", "4", "--format", "json"
    )
    response = client.post(
        "/api/slots", files=upload(SAMPLES / "clean-interview.ics"), data={"count": "4"}
    )
    assert response.status_code == 200
    assert response.json() == expected
    assert len(expected["slots"]) == 4


@pytest.mark.parametrize(
    ("kind", "cli_args", "fields"),
    [
        ("confirm", [], {}),
        ("recover", ["--reason", "timezone"], {"reason": "timezone"}),
        (
            "followup",
            ["--outcome", "rescheduled", "--new-time", "2026-12-16T14:30:00Z"],
            {"outcome": "rescheduled", "new_time": "2026-12-16T14:30:00Z"},
        ),
    ],
)
def test_api_drafts_equal_the_cli_json(
    client: TestClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    cli_args: list[str],
    fields: dict[str, str],
) -> None:
    monkeypatch.chdir(DRAFTS)
    args = [kind, "interview.eml", *cli_args, "--cc", "recruiter@example.com"]
    _, expected = cli_json(tmp_path, *args, "--format", "json")
    response = client.post(
        f"/api/drafts/{kind}",
        files=upload(DRAFTS / "interview.eml"),
        data={**fields, "cc": "recruiter@example.com"},
    )
    assert response.status_code == 200, response.text
    got = response.json()
    # A Message-ID is new for every message; everything else is the same.
    assert got["headers"].pop("Message-ID") and expected["headers"].pop("Message-ID")
    assert got == expected
    assert got["headers"]["In-Reply-To"], "the reply is threaded to the invite email"


def test_api_errors_are_one_clear_line(client: TestClient) -> None:
    response = client.post(
        "/api/slots", files=upload(SAMPLES / "google-invite.ics"), data={"hours": "nine to five"}
    )
    assert response.status_code == 400
    assert "hours" in response.json()["error"]
    assert client.post("/api/drafts/poem", data={"text": "x"}).status_code == 404
    response = client.post(
        "/api/drafts/recover", files=upload(DRAFTS / "interview.eml"), data={"reason": "bored"}
    )
    assert response.status_code == 400 and "reason" in response.json()["error"]


def test_too_many_files_and_too_many_bytes_are_refused_clearly(web_settings: Any) -> None:
    app = create_app(web_settings(max_files=2, max_total_bytes=64 * 1024, max_file_bytes=4096))
    sample = SAMPLES / "clean-interview.ics"
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.post("/api/check", files=upload(sample, sample, sample))
        assert response.status_code == 413
        assert response.json()["error"] == "Too many files: at most 2 at a time."
        big = [("files", ("big.ics", b"x" * 70_000, "text/calendar"))]
        response = client.post("/api/check", files=big)
        assert response.status_code == 413
        assert "larger than 0.0625 MB in all" in response.json()["error"]
        medium = [("files", ("medium.ics", b"BEGIN:VCALENDAR\r\n" * 400, "text/calendar"))]
        data = client.post("/api/check", files=medium).json()
        assert data["errors"] == [
            {
                "source": "medium.ics",
                "message": "medium.ics: larger than the 0.00391 MB limit",
                "line": None,
            }
        ]
        page = client.get("/check")
        response = client.post(
            "/check", data={"csrf": csrf_of(page.text)}, files=upload(sample, sample, sample)
        )
        assert response.status_code == 413
        assert "Too many files: at most 2 at a time." in response.text


def test_pages_post_only_with_the_csrf_token(client: TestClient) -> None:
    sample = upload(SAMPLES / "clean-interview.ics")
    response = client.post("/check", files=sample)
    assert response.status_code == 403
    assert "reload the page" in response.text
    token = csrf_of(client.get("/check").text)
    assert client.post("/check", files=sample, data={"csrf": token}).status_code == 200
    other = TestClient(client.app, base_url="http://127.0.0.1")  # another browser: no cookie
    assert other.post("/check", files=sample, data={"csrf": token}).status_code == 403
    cross = client.post(
        "/check", files=sample, data={"csrf": token}, headers={"origin": "http://evil.example"}
    )
    assert cross.status_code == 403


def test_only_this_machine_is_answered(client: TestClient) -> None:
    rebound = client.get("/check", headers={"host": "attacker.example:8765"})
    assert rebound.status_code == 400
    assert client.get("/check", headers={"host": "localhost:8765"}).status_code == 200
    headers = client.get("/check").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_hostile_invite_text_is_escaped_in_the_html(client: TestClient) -> None:
    token = csrf_of(client.get("/check").text)
    files = [("files", ("hostile.ics", HOSTILE, "text/calendar"))]
    html = client.post("/check", data={"csrf": token}, files=files).text
    assert "<script>" not in html.split("</head>", 1)[1].replace(
        '<script src="/static/noshow.js" defer></script>', ""
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=" in html


def test_no_secret_in_any_page(web_settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOSHOW_SMTP_PASSWORD", "s3cret-smtp-pass")
    settings = web_settings()
    smtp = SmtpSettings(
        host="127.0.0.1",
        port=1,
        security="plain",
        username="alex",
        password_command="echo s3cret-from-command",
    )
    settings = make_settings(
        config=settings.config.__class__(**{**vars(settings.config), "smtp": smtp})
    )
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        token = csrf_of(client.get("/drafts").text)
        files = upload(DRAFTS / "interview.eml")
        drafted = client.post("/drafts", data={"csrf": token, "kind": "confirm"}, files=files)
        asked = client.post("/drafts/send", data={"csrf": token, "kind": "confirm"}, files=files)
    for response in (drafted, asked):
        assert response.status_code == 200
        assert "s3cret" not in response.text
    assert "Send…" in drafted.text
    assert "Send this email?" in asked.text and "Yes, send it to" in asked.text


def test_import_shows_the_changes_first_and_writes_only_when_confirmed(
    web_settings: Any, tmp_path: Path
) -> None:
    calendar = tmp_path / "calendar.ics"
    calendar.write_bytes((CALENDARS / "agenda" / "personal.ics").read_bytes())
    before = calendar.read_bytes()
    app = create_app(web_settings(calendars=(str(calendar),)))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        token = csrf_of(client.get("/calendar").text)
        files = upload(SAMPLES / "clean-interview.ics")
        preview = client.post(
            "/calendar/preview",
            data={"csrf": token, "action": "import", "calendar": str(calendar)},
            files=files,
        )
        assert preview.status_code == 200
        assert "Nothing has been written yet" in preview.text
        assert "added: Video interview" in preview.text
        assert calendar.read_bytes() == before
        elsewhere = client.post(
            "/calendar/preview",
            data={"csrf": token, "action": "import", "calendar": str(tmp_path / "other.ics")},
            files=files,
        )
        assert elsewhere.status_code == 400
        assert not (tmp_path / "other.ics").exists()
        upload_id = preview.text.split('name="upload" value="', 1)[1].split('"', 1)[0]
        unconfirmed = client.post(
            "/calendar/apply",
            data={
                "csrf": token,
                "action": "import",
                "calendar": str(calendar),
                "upload": upload_id,
            },
        )
        assert unconfirmed.status_code == 400 and calendar.read_bytes() == before
        applied = client.post(
            "/calendar/apply",
            data={
                "csrf": token,
                "action": "import",
                "calendar": str(calendar),
                "upload": upload_id,
                "confirmed": "yes",
            },
        )
    assert applied.status_code == 200, applied.text
    assert "Done." in applied.text
    written = calendar.read_text()
    assert "6f1d2c84-3b9a-4e57-b0c2-8d41a7e9f3b6" in written and "BEGIN:VALARM" in written
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            "calendar.ics",
            *[p.name for p in tmp_path.iterdir() if p.name.startswith("calendar.ics.")],
        ]
    )


def test_web_files_ship_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["noshow"]
    web = ROOT / "src" / "noshow" / "web"
    files = [
        p.relative_to(web.parent).as_posix()
        for p in web.rglob("*")
        if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
    ]
    assert any(f.endswith("check.html") for f in files) and any(f.endswith(".css") for f in files)
    assert [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)] == []


def test_the_cli_modules_import_no_web_stack() -> None:
    import subprocess
    import sys

    code = (
        "import sys, noshow.cli.main; heavy = {'starlette', 'uvicorn', 'multipart', 'playwright'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_ticked_checkbox_wins_over_its_hidden_off(client: TestClient) -> None:
    # You (alex@example.org) are not this invite's attendee: asking for the REPLY says why not.
    token = csrf_of(client.get("/drafts").text)
    files = upload(DRAFTS / "interview.eml")
    ticked = client.post(
        "/drafts", data={"csrf": token, "kind": "confirm", "reply_ics": ["off", "on"]}, files=files
    )
    assert "No iTIP REPLY attached" in ticked.text
    cleared = client.post(
        "/drafts", data={"csrf": token, "kind": "confirm", "reply_ics": ["off"]}, files=files
    )
    assert cleared.status_code == 200 and "No iTIP REPLY attached" not in cleared.text
    api = client.post("/api/drafts/confirm", data={"reply_ics": "off"}, files=files).json()
    assert api["warnings"] == []


def test_send_asks_first_then_sends_through_the_configured_server(
    web_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket
    from dataclasses import replace as change

    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Inbox:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope.original_content or envelope.content)
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    monkeypatch.delenv("NOSHOW_SMTP_PASSWORD", raising=False)
    try:
        base = web_settings()
        smtp = SmtpSettings(host="127.0.0.1", port=port, security="plain", timeout=30)
        settings = change(base, config=change(base.config, smtp=smtp))
        with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
            token = csrf_of(client.get("/drafts").text)
            files = upload(DRAFTS / "interview.eml")
            fields = {"csrf": token, "kind": "confirm", "to": "recruiter@example.com"}
            asked = client.post("/drafts/send", data=fields, files=files)
            assert "Yes, send it to recruiter@example.com" in asked.text
            assert received == []
            upload_id = asked.text.split('name="upload" value="', 1)[1].split('"', 1)[0]
            sent = client.post(
                "/drafts/send", data={**fields, "upload": upload_id, "confirmed": "yes"}
            )
    finally:
        controller.stop()
    assert sent.status_code == 200, sent.text
    assert "Sent to recruiter@example.com" in sent.text
    [message] = received
    assert (
        b"To: recruiter@example.com" in message and b"From: Alex Doe <alex@example.org>" in message
    )


def test_remind_shows_the_changes_then_adds_the_reminders(
    web_settings: Any, tmp_path: Path
) -> None:
    calendar = tmp_path / "calendar.ics"
    calendar.write_bytes((CALENDARS / "reminders" / "accepted-no-alarm.ics").read_bytes())
    before = calendar.read_bytes()
    app = create_app(web_settings(calendars=(str(calendar),)))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        token = csrf_of(client.get("/calendar").text)
        fields = {"csrf": token, "action": "remind", "calendar": str(calendar), "days": "60"}
        preview = client.post("/calendar/preview", data=fields)
        assert "Nothing has been written yet" in preview.text, preview.text
        assert "alarm" in preview.text and calendar.read_bytes() == before
        applied = client.post("/calendar/apply", data={**fields, "confirmed": "yes"})
        assert "Done." in applied.text
        again = client.post("/calendar/preview", data=fields)
    assert calendar.read_text().count("BEGIN:VALARM") >= 3
    assert "Nothing would change." in again.text
