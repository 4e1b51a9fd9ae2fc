"""`noshow daily`: the morning digest, its memory (the state file) and its delivery.

Every run uses a config written here, an explicit --now and a state file in tmp_path; email goes
to a real aiosmtpd server on 127.0.0.1 started by the test. "Now" is Mon 23 Nov 2026 08:00 UTC
(09:00 in Berlin) unless a test says otherwise.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import socket
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from click.testing import CliRunner, Result

from json_contract import FINDING_KEYS, INVITE_KEYS, TIME_KEYS
from noshow.adapters import notify as notify_module
from noshow.adapters import safe_write
from noshow.cli.main import cli
from noshow.digest import State, day_words

NOW = "2026-11-23T08:00:00Z"
YOU = "lukas.meyer@example.net"
RECRUITER = "dana.whitfield@acme.example.com"

#: Tomorrow (Tue 24 Nov) 10:00 New York = 16:00 Berlin, with a dentist appointment overlapping
#: it (an error-level finding, NS203); Thursday 14:00 Berlin, an interview by its summary.
CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//daily//EN\r
BEGIN:VEVENT\r
UID:acme-1@acme.example.com\r
DTSTAMP:20261120T120000Z\r
SEQUENCE:0\r
DTSTART;TZID=America/New_York:20261124T100000\r
DTEND;TZID=America/New_York:20261124T110000\r
SUMMARY:Interview: Data Engineer at Acme\r
ORGANIZER;CN=Dana Whitfield:mailto:{recruiter}\r
ATTENDEE;CN=Lukas Meyer;PARTSTAT=NEEDS-ACTION:mailto:{you}\r
DESCRIPTION:Join: https://acme.zoom.us/j/123456789\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:dentist-1@example.net\r
DTSTAMP:20261120T120000Z\r
DTSTART;TZID=Europe/Berlin:20261124T153000\r
DTEND;TZID=Europe/Berlin:20261124T163000\r
SUMMARY:Dentist\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:rheinwerk-7@rheinwerk.example.de\r
DTSTAMP:20261120T120000Z\r
SEQUENCE:{sequence}\r
DTSTART;TZID=Europe/Berlin:{second}\r
DTEND;TZID=Europe/Berlin:{second_end}\r
SUMMARY:Vorstellungsgespräch Rheinwerk Systeme\r
LOCATION:Rheinwerk Systeme, Bonner Talweg 10, 53113 Bonn\r
{status}END:VEVENT\r
END:VCALENDAR\r
"""


def calendar_text(
    second: str = "20261126T140000",
    second_end: str = "20261126T150000",
    sequence: int = 0,
    status: str = "",
    without_second: bool = False,
) -> str:
    text = CALENDAR.format(
        recruiter=RECRUITER,
        you=YOU,
        second=second,
        second_end=second_end,
        sequence=sequence,
        status=f"STATUS:{status}\r\n" if status else "",
    )
    if without_second:
        start = text.index("BEGIN:VEVENT\r\nUID:rheinwerk")
        end = text.index("END:VEVENT\r\n", start) + len("END:VEVENT\r\n")
        text = text[:start] + text[end:]
    return text


# -- an SMTP server on 127.0.0.1 ---------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        found = []
        for envelope in self.envelopes:
            content = envelope.original_content or envelope.content
            assert isinstance(content, bytes)
            message = email.message_from_bytes(content, policy=email.policy.default)
            assert isinstance(message, email.message.EmailMessage)
            found.append(message)
        return found


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOSHOW_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("NOSHOW_STATE", raising=False)


# -- running it ----------------------------------------------------------------------------------


class Setup:
    """A calendar, a config and a state file in a temporary folder."""

    def __init__(self, folder: Path, smtp_port: int | None = None, you: bool = True) -> None:
        self.folder = folder
        self.calendar = folder / "calendar.ics"
        self.calendar.write_bytes(calendar_text().encode("utf-8"))
        self.state = folder / "state" / "daily.json"
        lines = ["[you]", 'zone = "Europe/Berlin"', 'name = "Lukas Meyer"']
        if you:
            lines.append(f'email = "{YOU}"')
        lines += ["", "[calendars]", f"paths = [{json.dumps(str(self.calendar))}]"]
        if smtp_port is not None:
            lines += ["", "[smtp]", 'host = "127.0.0.1"', f"port = {smtp_port}"]
            lines.append('security = "plain"')
        self.config = folder / "config.toml"
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run(self, *args: str, now: str = NOW) -> Result:
        argv = ["daily", *args, "--config", str(self.config), "--now", now]
        result = CliRunner().invoke(cli, [*argv, "--state", str(self.state)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            repr(result.exception),
            result.output,
        )
        assert "Traceback" not in result.output
        assert "internal error" not in result.output
        return result

    def rewrite(self, **changes: Any) -> None:
        self.calendar.write_bytes(calendar_text(**changes).encode("utf-8"))


def one_line_error(result: Result, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("noshow: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# -- the digest delivered by email -----------------------------------------------------------


def test_digest_reaches_a_real_smtp_server(tmp_path: Path, smtp_server: tuple[int, Inbox]) -> None:
    port, inbox = smtp_server
    setup = Setup(tmp_path, port)
    result = setup.run("--email")
    assert result.exit_code == 1, result.output  # the conflict is an error-level finding
    [message] = inbox.messages()
    assert inbox.envelopes[0].mail_from == YOU
    assert inbox.envelopes[0].rcpt_tos == [YOU]
    assert [a.addr_spec for a in message["To"].addresses] == [YOU]
    assert str(message["Subject"]).strip() == (
        "noshow: no interview today, 1 confirmation to send, 1 error (Mon 23 Nov)"
    )
    body = message.get_content().replace("\r\n", "\n")
    # Both zones, each time with its zone name and UTC offset.
    assert "you        Tue 24 Nov 2026 16:00 CET (UTC+01:00), Europe/Berlin, 60 min" in body
    assert "organizer  Tue 24 Nov 2026 10:00 EST (UTC-05:00), America/New_York" in body
    assert "Tomorrow: Interview: Data Engineer at Acme [new, confirm today]" in body
    assert "On Thursday: Vorstellungsgespräch Rheinwerk Systeme [new]" in body
    # Every finding with its fix.
    assert "error   NS203 conflict:" in body
    assert "Dentist" in body
    assert body.count("fix: ") >= 1
    # The confirmation due today, with its ready draft (the conflict becomes no question:
    # it is about your calendar, not the time).
    assert "Confirm today (1):" in body
    assert f"send to Dana Whitfield <{RECRUITER}>" in body
    assert "Subject: Confirming our interview on Tuesday 24 November 2026" in body
    assert "|   Tuesday 24 November 2026, 10:00-11:00 EST (UTC-05:00), America/New_York" in body
    assert "First run: everything below is new." in body
    # What went to the mail is what was printed.
    assert body.strip() in result.stdout
    # The reminders were added through the same writer as `noshow sync`.
    assert "X-NOSHOW-KIND" in setup.calendar.read_text(encoding="utf-8")
    assert setup.state.exists()


def test_a_second_run_with_nothing_changed_sends_nothing(
    tmp_path: Path, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    setup = Setup(tmp_path, port)
    setup.run("--email")
    assert len(inbox.envelopes) == 1
    second = setup.run("--email", now="2026-11-23T10:00:00Z")
    assert second.exit_code == 1  # the finding is still there: the exit status says so
    assert "Nothing new since the last run." in second.stdout
    assert "Since the last run:" not in second.stdout
    assert "[new" not in second.stdout
    assert "email: nothing new since the last run, so nothing sent" in second.stderr
    assert len(inbox.envelopes) == 1


def test_a_new_day_mails_the_confirmation_due_that_day_once(
    tmp_path: Path, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    setup = Setup(tmp_path, port)
    setup.run("--email")  # Monday: Tuesday's interview is to be confirmed today
    morning = "2026-11-24T06:00:00Z"  # Tuesday 07:00 in Berlin: the morning-of confirmation
    setup.run("--email", now=morning)
    assert len(inbox.envelopes) == 2
    body = inbox.messages()[1].get_content().replace("\r\n", "\n")
    assert "Today: Interview: Data Engineer at Acme [confirm today]" in body
    assert "Nothing new since the last run." not in body
    setup.run("--email", now="2026-11-24T07:00:00Z")
    assert len(inbox.envelopes) == 2


def test_a_moved_invite_is_reported_once(tmp_path: Path, smtp_server: tuple[int, Inbox]) -> None:
    port, inbox = smtp_server
    setup = Setup(tmp_path, port)
    setup.run("--email")
    setup.rewrite(second="20261127T100000", second_end="20261127T110000", sequence=1)
    moved = setup.run("--email", now="2026-11-23T09:00:00Z")
    line = (
        "MOVED: Vorstellungsgespräch Rheinwerk Systeme: was Thu 26 Nov 2026 14:00 CET "
        "(UTC+01:00), now Fri 27 Nov 2026 10:00 CET (UTC+01:00)"
    )
    assert line in moved.stdout
    assert "On Friday: Vorstellungsgespräch Rheinwerk Systeme [moved]" in moved.stdout
    assert len(inbox.envelopes) == 2
    assert line in inbox.messages()[1].get_content()
    again = setup.run("--email", now="2026-11-23T10:00:00Z")
    assert "MOVED" not in again.stdout
    assert "Nothing new since the last run." in again.stdout
    assert len(inbox.envelopes) == 2


def test_a_cancelled_interview_is_reported_once(tmp_path: Path) -> None:
    setup = Setup(tmp_path)
    setup.run()
    setup.rewrite(sequence=1, status="CANCELLED")
    cancelled = setup.run(now="2026-11-23T09:00:00Z")
    assert "CANCELLED: Vorstellungsgespräch Rheinwerk Systeme" in cancelled.stdout
    assert "CANCELLED: Vorstellungs" not in setup.run(now="2026-11-23T09:30:00Z").stdout
    setup.rewrite(without_second=True)
    # Cancelled, then deleted: the cancellation was the news.
    assert "REMOVED" not in setup.run(now="2026-11-23T09:45:00Z").stdout


def test_an_interview_deleted_from_the_calendar_is_reported_once(tmp_path: Path) -> None:
    setup = Setup(tmp_path)
    setup.run()
    setup.rewrite(without_second=True)
    removed = setup.run(now="2026-11-23T10:00:00Z")
    assert "REMOVED: Vorstellungsgespräch Rheinwerk Systeme" in removed.stdout
    assert "no longer in your calendars" in removed.stdout
    assert "REMOVED" not in setup.run(now="2026-11-23T10:30:00Z").stdout


def test_a_removed_interview_is_not_reported_when_the_calendar_could_not_be_read(
    tmp_path: Path,
) -> None:
    setup = Setup(tmp_path)
    setup.run()
    before = setup.state.read_bytes()
    setup.calendar.unlink()
    result = setup.run(now="2026-11-23T09:00:00Z")
    assert result.exit_code == 2
    assert "REMOVED" not in result.stdout
    assert "calendar.ics" in result.stderr
    state = State.from_json(json.loads(setup.state.read_bytes()))
    remembered = State.from_json(json.loads(before))
    assert set(state.interviews) == set(remembered.interviews)
    assert state.told == remembered.told
    # Back again: nothing about it is news.
    setup.rewrite()
    back = setup.run(now="2026-11-23T10:00:00Z")
    assert "Nothing new since the last run." in back.stdout, back.stdout


def test_a_changed_finding_is_new_again(tmp_path: Path) -> None:
    setup = Setup(tmp_path)
    setup.run()
    # The dentist moves so that it overlaps differently: the conflict's message changes.
    text = setup.calendar.read_text(encoding="utf-8")
    setup.calendar.write_text(
        text.replace("20261124T153000", "20261124T154500"), encoding="utf-8", newline=""
    )
    result = setup.run(now="2026-11-23T09:00:00Z")
    assert "NEW FINDING: Interview: Data Engineer at Acme: NS203 conflict" in result.stdout
    assert "[new]" in result.stdout


# -- the state survives a crash ------------------------------------------------------------------


def test_a_failed_state_write_keeps_the_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = Setup(tmp_path)
    setup.run()
    before = setup.state.read_bytes()
    setup.rewrite(second="20261127T100000", second_end="20261127T110000", sequence=1)

    real_replace = os.replace

    def broken_replace(source: Any, target: Any) -> None:
        if str(target).endswith("daily.json"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(safe_write.os, "replace", broken_replace)
        failed = setup.run(now="2026-11-23T09:00:00Z")
    one_line_error(failed, "daily.json", "No space left on device", "unchanged")
    assert setup.state.read_bytes() == before
    assert sorted(p.name for p in setup.state.parent.iterdir()) == ["daily.json"]
    # Nothing was lost: the next run still tells about the move.
    assert "MOVED: Vorstellungsgespräch" in setup.run(now="2026-11-23T09:30:00Z").stdout


def test_a_crash_in_the_middle_of_the_state_write_keeps_the_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies (here: an exception no handler catches) after the new state was
    partly written to the temporary file: the state file is the previous one, whole."""
    setup = Setup(tmp_path)
    setup.run()
    before = setup.state.read_bytes()
    setup.rewrite(second="20261127T100000", second_end="20261127T110000", sequence=1)

    class Killed(BaseException):
        pass

    real_mkstemp = tempfile.mkstemp
    real_fsync = os.fsync
    state_temporaries: set[int] = set()

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        handle, name = real_mkstemp(*args, **kwargs)
        if ".daily.json." in name:
            state_temporaries.add(handle)
        return handle, name

    def dying_fsync(handle: int) -> None:
        if handle in state_temporaries:
            raise Killed  # the new state is in the temporary file, not yet renamed
        real_fsync(handle)

    with monkeypatch.context() as patch:
        patch.setattr(safe_write.tempfile, "mkstemp", mkstemp)
        patch.setattr(safe_write.os, "fsync", dying_fsync)
        with pytest.raises(Killed):
            CliRunner().invoke(
                cli,
                [
                    "daily",
                    "--config",
                    str(setup.config),
                    "--now",
                    "2026-11-23T09:00:00Z",
                    "--state",
                    str(setup.state),
                ],
                catch_exceptions=False,
            )
    assert setup.state.read_bytes() == before
    json.loads(before)  # whole, and readable
    assert "MOVED: Vorstellungsgespräch" in setup.run(now="2026-11-23T09:30:00Z").stdout
    assert sorted(p.name for p in setup.state.parent.iterdir()) == ["daily.json"]


def test_a_state_file_that_is_not_noshows_is_one_error(tmp_path: Path) -> None:
    setup = Setup(tmp_path)
    setup.state.parent.mkdir(parents=True)
    setup.state.write_text("{not json", encoding="utf-8")
    one_line_error(setup.run(), "daily.json", "not a noshow state file", "move it away")
    setup.state.write_text('{"version": 99}', encoding="utf-8")
    one_line_error(setup.run(), "version 99")


def test_dry_run_writes_nothing_and_sends_nothing(
    tmp_path: Path, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    setup = Setup(tmp_path, port)
    calendar = setup.calendar.read_bytes()
    result = setup.run("--email", "--dry-run")
    assert "First run: everything below is new." in result.stdout
    assert "Would change 1 item" in result.stdout
    assert not setup.state.exists()
    assert setup.calendar.read_bytes() == calendar
    assert inbox.envelopes == []


def test_the_state_file_defaults_to_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = Setup(tmp_path)
    elsewhere = tmp_path / "elsewhere.json"
    monkeypatch.setenv("NOSHOW_STATE", str(elsewhere))
    result = CliRunner().invoke(
        cli, ["daily", "--config", str(setup.config), "--now", NOW, "--no-remind"]
    )
    assert result.exit_code == 1, result.output
    data = json.loads(elsewhere.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["last_run"] == "2026-11-23T08:00:00Z"
    assert set(data["interviews"]) == {
        "acme-1@acme.example.com",
        "rheinwerk-7@rheinwerk.example.de",
    }
    assert data["interviews"]["acme-1@acme.example.com"]["start"] == "2026-11-24T15:00:00Z"
    assert all(t.startswith(("finding:", "confirm:")) for t in data["told"])


# -- JSON ------------------------------------------------------------------------------------------


def test_json_has_agendas_invite_objects_and_the_digests_keys(tmp_path: Path) -> None:
    setup = Setup(tmp_path)
    result = setup.run("--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {
        "now",
        "zone",
        "days",
        "last_run",
        "nothing_new",
        "interviews",
        "updates",
        "confirmations",
        "changes",
        "errors",
        "delivery",
    }
    assert data["last_run"] is None
    assert data["nothing_new"] is False
    first, second = data["interviews"]
    for interview in data["interviews"]:
        assert set(interview) >= INVITE_KEYS | {
            "day",
            "today",
            "new",
            "new_findings",
            "confirmation_due",
        }
        assert set(interview["start"]) >= TIME_KEYS
        for finding in interview["findings"]:
            assert set(finding) >= FINDING_KEYS
    assert first["day"] == "tomorrow"
    assert first["confirmation_due"] is True
    assert "conflict" in first["new_findings"]
    assert second["day"] == "on Thursday"
    assert second["confirmation_due"] is False
    [confirmation] = data["confirmations"]
    assert confirmation["uid"] == "acme-1@acme.example.com"
    assert confirmation["draft"]["headers"]["Subject"].startswith("Confirming our interview")
    assert data["delivery"] == {"email": None, "notify": None}
    assert any(c["action"] == "created" for c in data["changes"])

    setup.rewrite(second="20261127T100000", second_end="20261127T110000", sequence=1)
    moved = json.loads(setup.run("--format", "json", now="2026-11-23T09:00:00Z").stdout)
    [update] = moved["updates"]
    assert update == {
        "kind": "moved",
        "uid": "rheinwerk-7@rheinwerk.example.de",
        "summary": "Vorstellungsgespräch Rheinwerk Systeme",
        "before": {"utc": "2026-11-26T13:00:00Z", "you": "2026-11-26T14:00:00+01:00"},
        "after": {"utc": "2026-11-27T09:00:00Z", "you": "2026-11-27T10:00:00+01:00"},
    }
    assert moved["last_run"] == "2026-11-23T08:00:00Z"


# -- bad input: one line, exit 2 ---------------------------------------------------------------


def test_email_without_your_address_or_smtp_is_one_error(tmp_path: Path) -> None:
    one_line_error(Setup(tmp_path, you=False).run("--email"), "[you] email")
    other = tmp_path / "other"
    other.mkdir()
    one_line_error(Setup(other).run("--email"), "[smtp]")


def test_a_config_without_calendars_is_one_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[you]\nzone = "Europe/Berlin"\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["daily", "--config", str(config), "--state", str(tmp_path / "s.json")]
    )
    one_line_error(result, "no calendar", "[calendars]")


def test_an_unreachable_mail_server_is_one_error_and_the_news_waits(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    setup = Setup(tmp_path, port)
    result = setup.run("--email")
    assert result.exit_code == 2
    assert result.stderr.startswith("noshow: error: 127.0.0.1:")
    assert "First run" in result.stdout  # the digest was printed before the send failed
    assert not setup.state.exists()  # so the next run tells (and mails) it again


# -- notifications -------------------------------------------------------------------------------


def test_notify_degrades_to_a_clear_message_without_a_notifier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify_module.shutil, "which", lambda name: None)
    result = Setup(tmp_path).run("--notify")
    assert result.exit_code == 1
    assert "noshow: notify: no desktop notifications here" in result.stderr
    assert "use --email" in result.stderr


def test_notify_shows_the_news_through_the_platform_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[str]] = []

    def run(argv: Any, env: Any) -> int:
        shown.append(list(argv))
        return 0

    monkeypatch.setattr(notify_module.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(notify_module, "_run", run)
    setup = Setup(tmp_path)
    result = setup.run("--notify", "--format", "json")
    assert json.loads(result.stdout)["delivery"]["notify"] == "shown"
    [argv] = shown
    assert argv[:2] == ["/usr/bin/notify-send", "--app-name=noshow"]
    assert argv[2].startswith("noshow: no interview today, 1 confirmation to send")
    assert "Tomorrow 16:00 CET (UTC+01:00): Interview: Data Engineer at Acme" in argv[3]
    setup.run("--notify", now="2026-11-23T09:00:00Z")
    assert len(shown) == 1  # nothing new: nothing shown


@pytest.mark.parametrize(
    ("platform", "program"),
    [("linux", "notify-send"), ("darwin", "osascript"), ("win32", "powershell")],
)
def test_each_platform_has_its_notifier(platform: str, program: str) -> None:
    calls: list[tuple[list[str], Any]] = []

    def run(argv: Any, env: Any) -> int:
        calls.append((list(argv), env))
        return 0

    title, body = 'noshow: "1" today', 'Today 16:00 CET: it\'s "here" \\ $(rm -rf /)'
    assert notify_module.notify(title, body, platform, run, lambda n: n) is None
    [(argv, env)] = calls
    assert argv[0] == program
    if platform == "darwin":
        # The text is one AppleScript string literal: quotes and backslashes escaped.
        assert argv[2] == (
            'display notification "Today 16:00 CET: it\'s \\"here\\" \\\\ $(rm -rf /)" '
            'with title "noshow: \\"1\\" today"'
        )
    if platform == "win32":
        assert env == {"NOSHOW_TITLE": title, "NOSHOW_BODY": body}  # data, never code
        assert body not in " ".join(argv)


def test_windows_falls_back_to_msg() -> None:
    tried: list[str] = []

    def run(argv: Any, env: Any) -> int:
        tried.append(argv[0])
        return 1 if argv[0] == "powershell" else 0

    assert notify_module.notify("t", "b", "win32", run, lambda n: n) is None
    assert tried == ["powershell", "msg"]
    reason = notify_module.notify("t", "b", "win32", run, lambda n: None)
    assert reason is not None
    assert "powershell or msg not found" in reason


# -- words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "now", "zone", "expected"),
    [
        ("2026-11-23T15:00:00+00:00", "2026-11-23T08:00:00+00:00", "Europe/Berlin", "today"),
        ("2026-11-24T15:00:00+00:00", "2026-11-23T08:00:00+00:00", "Europe/Berlin", "tomorrow"),
        ("2026-11-22T15:00:00+00:00", "2026-11-23T08:00:00+00:00", "Europe/Berlin", "yesterday"),
        ("2026-11-26T13:00:00+00:00", "2026-11-23T08:00:00+00:00", "Europe/Berlin", "on Thursday"),
        ("2026-11-29T13:00:00+00:00", "2026-11-23T08:00:00+00:00", "Europe/Berlin", "on Sunday"),
        (
            "2026-11-30T13:00:00+00:00",
            "2026-11-23T08:00:00+00:00",
            "Europe/Berlin",
            "on Monday 30 November",
        ),
        (
            "2027-01-05T13:00:00+00:00",
            "2026-12-20T08:00:00+00:00",
            "Europe/Berlin",
            "on Tuesday 5 January 2027",
        ),
        # 23:30 UTC on Monday is already Tuesday in Berlin, still Monday in New York.
        ("2026-11-23T23:30:00+00:00", "2026-11-23T20:00:00+00:00", "Europe/Berlin", "tomorrow"),
        ("2026-11-23T23:30:00+00:00", "2026-11-23T20:00:00+00:00", "America/New_York", "today"),
        # Now is 00:30 Tuesday in Kolkata (19:00 UTC Monday): Monday 23:00 UTC is Tuesday there.
        ("2026-11-23T23:00:00+00:00", "2026-11-23T19:00:00+00:00", "Asia/Kolkata", "today"),
        # Across the end of daylight saving time (Berlin, Sun 25 Oct 2026).
        ("2026-10-26T06:00:00+00:00", "2026-10-24T22:30:00+00:00", "Europe/Berlin", "tomorrow"),
    ],
)
def test_day_words(start: str, now: str, zone: str, expected: str) -> None:
    instant = datetime.fromisoformat(start)
    assert day_words(instant, datetime.fromisoformat(now).astimezone(UTC), zone) == expected


def test_every_calendar_of_the_config_is_read_once() -> None:
    from noshow.cli.daily import calendar_specs
    from noshow.config import Account, Config

    config = Config(
        calendars=("a.ics", "caldav:work/Interviews", "a.ics"),
        accounts=(Account("work", "https://w.example/"), Account("home", "https://h.example/")),
    )
    assert calendar_specs(config) == ["a.ics", "caldav:work/Interviews", "caldav:home"]
