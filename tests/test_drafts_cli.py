"""`noshow confirm`, `noshow recover` and `noshow followup` through the command line.

Every time printed in a draft is parsed back ("10:00-10:45 EST (UTC-05:00), America/New_York")
and checked with zoneinfo against the invite's exact instant (and the slot engine's instants).

Fixtures (tests/fixtures/drafts/):
  interview.eml       Acme, America/New_York, Tue 8 Dec 2026 10:00-10:45 EST = 15:00Z,
                      SEQUENCE 2, a VALARM, a Zoom link, and a Message-ID
  onsite-berlin.ics   Northwind, Europe/Berlin (your zone), Thu 3 Dec 2026 14:00-15:00 CET, an
                      address and no link
  screen-kolkata.ics  Saffron, Asia/Kolkata (UTC+05:30), Mon 7 Dec 2026 17:30-18:00 IST
  rescheduled.ics     the Acme interview moved to Tue 15 Dec 2026 14:30-15:15 EST (SEQUENCE 3)
"""

from __future__ import annotations

import base64
import email
import email.policy
import email.utils
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner, Result

from noshow.cli.main import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "drafts"
INVITE_EML = FIXTURES / "interview.eml"
ONSITE = FIXTURES / "onsite-berlin.ics"
KOLKATA = FIXTURES / "screen-kolkata.ics"
RESCHEDULED = FIXTURES / "rescheduled.ics"

INVITE_ID = "<invite-7731.20261120151500@scheduler.acme.example.com>"
INVITE_UID = "acme-interview-7731@scheduler.acme.example.com"
ORGANIZER = "dana.whitfield@acme.example.com"
YOU_NAME = "Lukas Meyer"
YOU_EMAIL = "lukas.meyer@example.net"
YOU_ZONE = "Europe/Berlin"

#: (invite, organizer's zone, start, end, organizer's email, organizer's name)
INVITES = {
    "eml-new-york": (
        INVITE_EML,
        "America/New_York",
        datetime(2026, 12, 8, 15, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 15, 45, tzinfo=UTC),
        ORGANIZER,
        "Dana Whitfield",
    ),
    "ics-berlin": (
        ONSITE,
        "Europe/Berlin",
        datetime(2026, 12, 3, 13, 0, tzinfo=UTC),
        datetime(2026, 12, 3, 14, 0, tzinfo=UTC),
        "katrin.vogel@northwind.example.com",
        "Katrin Vogel",
    ),
    "ics-kolkata": (
        KOLKATA,
        "Asia/Kolkata",
        datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
        datetime(2026, 12, 7, 12, 30, tzinfo=UTC),
        "anika.rao@saffron.example.org",
        "Anika Rao",
    ),
}

BEFORE = "2026-11-23T09:00:00Z"  # before every fixture's interview
#: After each interview (the day of the miss), for `recover`.
AFTER = {
    "eml-new-york": "2026-12-08T16:00:00Z",
    "ics-berlin": "2026-12-03T15:00:00Z",
    "ics-kolkata": "2026-12-07T13:00:00Z",
}
RESCHEDULED_START = datetime(2026, 12, 15, 19, 30, tzinfo=UTC)
RESCHEDULED_END = datetime(2026, 12, 15, 20, 15, tzinfo=UTC)

STRICT = email.policy.default.clone(raise_on_defect=True)
REASONS = ("overslept", "transit", "technical", "emergency", "timezone", "other")
OUTCOMES = ("rescheduled", "declined", "no-reply", "thanks")
APOLOGY = re.compile(r"sorry|apolog", re.IGNORECASE)


# --- running the command -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_smtp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOSHOW_SMTP_PASSWORD", raising=False)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config file with [you], in a folder of its own (its templates/ folder is the override)."""
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text(
        f'[you]\nname = "{YOU_NAME}"\nemail = "{YOU_EMAIL}"\nzone = "{YOU_ZONE}"\n',
        encoding="utf-8",
    )
    return path


def run(config: Path, *args: str | Path, now: str = BEFORE) -> Result:
    result = CliRunner().invoke(cli, [*map(str, args), "--config", str(config), "--now", now])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        result.output,
    )
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    return result


def run_ok(config: Path, *args: str | Path, now: str = BEFORE) -> Result:
    result = run(config, *args, now=now)
    assert result.exit_code == 0, result.output
    return result


def run_json(config: Path, *args: str | Path, now: str = BEFORE) -> dict[str, Any]:
    result = run_ok(config, *args, "--format", "json", now=now)
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def read_eml(path: Path) -> EmailMessage:
    """An .eml file parsed back strictly: any defect raises."""
    data = path.read_bytes()
    data.decode("utf-8")  # UTF-8 throughout
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""), "CRLF line endings"
    message = email.message_from_bytes(data, policy=STRICT)
    assert isinstance(message, EmailMessage)
    assert not message.defects
    for part in message.walk():
        assert not part.defects, part.defects
    return message


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    assert part.get_content_charset() == "utf-8"
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")  # the .eml has CRLF line endings


def calendar_parts(message: EmailMessage) -> list[EmailMessage]:
    return [p for p in message.walk() if p.get_content_type() == "text/calendar"]


def single_header(message: EmailMessage, name: str) -> str:
    values = message.get_all(name) or []
    assert len(values) == 1, (name, values)
    return str(values[0])


def words(text: str) -> int:
    return len(text.split())


# --- reading the times back ----------------------------------------------------------------

_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: ``Tuesday 8 December 2026, 10:00-10:45 EST (UTC-05:00), America/New_York`` and the subject's
#: ``Tuesday 8 December 2026 at 10:00-10:45 EST (UTC-05:00)``.
STAMP = re.compile(
    rf"(?P<weekday>{_DAYS}) (?P<day>\d{{1,2}}) (?P<month>{_MONTHS}) (?P<year>\d{{4}})"
    r"(?:,| at) (?P<start>\d{2}:\d{2})(?:-(?P<end>\d{2}:\d{2}))? (?P<abbr>[A-Za-z]+) "
    r"\(UTC(?P<offset>[+-]\d{2}:\d{2})\)(?:, (?P<zone>[A-Z][A-Za-z_]+/[A-Za-z_/]+))?"
)
#: The phone script's ``Thursday the 10th at 09:30 EST``.
SPOKEN = re.compile(
    rf"(?P<weekday>{_DAYS}) the (?P<day>\d{{1,2}})(?:st|nd|rd|th) at (?P<start>\d{{2}}:\d{{2}}) "
    r"(?P<abbr>[A-Za-z]+)"
)
CLOCK = re.compile(r"(?<![\d:+-])\d{1,2}:\d{2}(?![\d:])")


@dataclass(frozen=True)
class Stamp:
    """One interval read back from a draft."""

    start: datetime  # the instant, UTC
    end: datetime | None
    zone: str  # the IANA zone it was written in (named, or the one it must be in)
    named: bool  # whether the zone name was printed


def _offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    hours, minutes = text[1:].split(":")
    return sign * timedelta(hours=int(hours), minutes=int(minutes))


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def read_stamps(text: str, *unnamed_zones: str) -> tuple[list[Stamp], str]:
    """Every ``date, HH:MM-HH:MM ABBR (UTC±HH:MM)[, Zone]`` in ``text`` as instants, checked with
    zoneinfo (wall time, abbreviation, offset and weekday agree with the zone at that instant);
    returns them and the text with them cut out. A time printed without a zone name must be in
    one of ``unnamed_zones`` (the first whose abbreviation and offset agree at that instant)."""
    stamps = []
    for match in STAMP.finditer(text):
        offset = timezone(_offset(match["offset"]))
        day = date(
            int(match["year"]), _MONTHS.split("|").index(match["month"]) + 1, int(match["day"])
        )
        start_wall = datetime.combine(day, _clock(match["start"]))
        start = start_wall.replace(tzinfo=offset).astimezone(UTC)
        zone_name = match["zone"] or next(
            (
                z
                for z in unnamed_zones
                if start.astimezone(ZoneInfo(z)).tzname() == match["abbr"]
                and start.astimezone(ZoneInfo(z)).utcoffset() == offset.utcoffset(None)
            ),
            None,
        )
        assert zone_name is not None, (match[0], unnamed_zones)
        local = start.astimezone(ZoneInfo(zone_name))
        assert local.replace(tzinfo=None) == start_wall, (match[0], local)
        assert local.tzname() == match["abbr"], (match[0], local.tzname())
        assert local.utcoffset() == _offset(match["offset"]), match[0]
        assert f"{local:%A}" == match["weekday"], match[0]
        end = None
        if match["end"]:
            end_wall = datetime.combine(day, _clock(match["end"]))
            if end_wall <= start_wall:
                end_wall += timedelta(days=1)
            end = end_wall.replace(tzinfo=offset).astimezone(UTC)
            end_local = end.astimezone(ZoneInfo(zone_name))
            assert f"{end_local:%H:%M}" == match["end"], match[0]
        stamps.append(Stamp(start, end, zone_name, match["zone"] is not None))
    return stamps, STAMP.sub("<TIME>", text)


def assert_no_other_clock(text: str) -> None:
    """No time of day is left that was not read back (and so checked) already."""
    assert not CLOCK.findall(text), text


def interview(key: str) -> tuple[Path, str, datetime, datetime, str, str]:
    return INVITES[key]


# --- confirm -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(INVITES))
def test_confirm_every_time_denotes_the_invites_instant(config: Path, key: str) -> None:
    path, their_zone, start, end, organizer, name = interview(key)
    data = run_json(config, "confirm", path)
    assert data["kind"] == "confirm"
    different = (
        start.astimezone(ZoneInfo(their_zone)).utcoffset()
        != start.astimezone(ZoneInfo(YOU_ZONE)).utcoffset()
    )
    for text in (data["headers"]["Subject"], data["body"]):
        stamps, rest = read_stamps(text, their_zone)
        assert stamps, text
        assert {(s.start, s.end) for s in stamps} == {(start, end)}, text
        assert_no_other_clock(rest)
    body_stamps, _ = read_stamps(data["body"], their_zone)
    zones = [s.zone for s in body_stamps]
    # The organizer's zone first, named; yours (named) only when the offset differs.
    assert zones[0] == their_zone
    assert zones == ([their_zone, YOU_ZONE] if different else [their_zone])
    assert all(s.named for s in body_stamps)
    assert ("for me" in data["body"]) is different
    # The subject gives the organizer's time.
    subject_stamps, _ = read_stamps(data["headers"]["Subject"], their_zone)
    assert subject_stamps[0].start.astimezone(ZoneInfo(their_zone)).utcoffset() == (
        start.astimezone(ZoneInfo(their_zone)).utcoffset()
    )
    # Spoken to, never of: "I look forward to speaking with Dana Whitfield" to Dana is wrong.
    assert name not in data["body"]
    assert "speaking with you" in data["body"]
    assert data["body"].startswith(f"Dear {name.split()[0]},")
    assert "early" in data["body"]
    assert data["headers"]["To"] == [f"{name} <{organizer}>"]
    assert data["headers"]["From"] == f"{YOU_NAME} <{YOU_EMAIL}>"


def test_confirm_names_zone_abbreviation_and_offset(config: Path) -> None:
    body = run_json(config, "confirm", INVITE_EML)["body"]
    theirs = "Tuesday 8 December 2026, 10:00-10:45 EST (UTC-05:00), America/New_York"
    yours = "Tuesday 8 December 2026, 16:00-16:45 CET (UTC+01:00), Europe/Berlin for me"
    assert theirs in body
    assert yours in body
    assert body.index(theirs) < body.index(yours)
    assert "Link: https://acme.zoom.us/j/98765432100" in body
    assert body.startswith("Dear Dana,\n")
    assert "Dana Whitfield" not in body  # written to Dana, so never of her
    assert "join a few minutes early" in body


def test_confirm_half_hour_zone(config: Path) -> None:
    body = run_json(config, "confirm", KOLKATA)["body"]
    assert "Monday 7 December 2026, 17:30-18:00 IST (UTC+05:30), Asia/Kolkata" in body
    assert "13:00-13:30 CET (UTC+01:00), Europe/Berlin for me" in body
    assert "Link: https://meet.google.com/abc-defg-hij" in body


def test_confirm_same_zone_gives_one_time_and_the_address(config: Path) -> None:
    body = run_json(config, "confirm", ONSITE)["body"]
    assert "Thursday 3 December 2026, 14:00-15:00 CET (UTC+01:00), Europe/Berlin" in body
    assert body.count("CET") == 1
    assert "for me" not in body
    assert "Address: Northwind Analytics GmbH, Lindenstraße 24, 10969 Berlin (4th floor)" in body
    assert "Link:" not in body
    assert "arrive a few minutes early" in body
    assert body.startswith("Dear Katrin,\n")
    assert "Katrin Vogel" not in body


def test_confirm_same_offset_other_zone_name_gives_one_time(config: Path) -> None:
    """Europe/Paris and Europe/Berlin agree on the offset: no second line."""
    result = run_ok(config, "confirm", ONSITE, "--zone", "Europe/Paris", "--format", "json")
    body = json.loads(result.stdout)["body"]
    assert "for me" not in body
    assert "Europe/Paris" not in body


def test_confirm_your_travel_zone_is_yours(config: Path, tmp_path: Path) -> None:
    """With [[travel]] covering the day, 'for me' is in the travel zone."""
    travelling = tmp_path / "config" / "travel.toml"
    travelling.write_text(
        config.read_text(encoding="utf-8")
        + '\n[[travel]]\nzone = "America/Chicago"\nfrom = 2026-12-01\nto = 2026-12-12\n',
        encoding="utf-8",
    )
    body = run_json(travelling, "confirm", INVITE_EML)["body"]
    assert "09:00-09:45 CST (UTC-06:00), America/Chicago for me" in body
    stamps, _ = read_stamps(body, "America/New_York")
    assert {s.start for s in stamps} == {INVITES["eml-new-york"][2]}


def test_confirm_text_output(config: Path) -> None:
    result = run_ok(config, "confirm", INVITE_EML)
    assert result.stdout.startswith(f"To: Dana Whitfield <{ORGANIZER}>\n")
    assert "Subject: Confirming our interview on Tuesday 8 December 2026 at 10:00-10:45 EST" in (
        result.stdout
    )
    assert "[with an iTIP REPLY attached]" in result.stdout
    assert "Wrote" not in result.output


def test_confirm_eml_output(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "confirm.eml"
    result = run_ok(config, "confirm", INVITE_EML, "-o", out)
    assert f"Wrote {out}." in result.stdout
    message = read_eml(out)

    assert set(message.keys()) == {
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "In-Reply-To",
        "References",
        "MIME-Version",
        "Content-Type",
    }
    for name in message:
        single_header(message, name)
    assert email.utils.parsedate_to_datetime(message["Date"]) == datetime(
        2026, 11, 23, 9, 0, tzinfo=UTC
    )
    assert re.fullmatch(r"<[^<>\s@]+@example\.net>", message["Message-ID"])
    to = message["To"].addresses
    assert [(a.display_name, a.addr_spec) for a in to] == [("Dana Whitfield", ORGANIZER)]
    sender = message["From"].addresses
    assert [(a.display_name, a.addr_spec) for a in sender] == [(YOU_NAME, YOU_EMAIL)]
    assert message["In-Reply-To"] == INVITE_ID
    assert message["References"] == INVITE_ID
    assert message["Subject"].startswith("Confirming our interview on Tuesday 8 December 2026")
    assert message.get_content_type() == "multipart/alternative"

    body = body_of(message)
    stamps, _ = read_stamps(body, "America/New_York")
    assert {s.start for s in stamps} == {datetime(2026, 12, 8, 15, 0, tzinfo=UTC)}

    (part,) = calendar_parts(message)
    assert part.get_param("method") == "REPLY"
    assert part.get_content_charset() == "utf-8"
    content = part.get_content()
    assert isinstance(content, str)
    reply = icalendar.Calendar.from_ical(content)
    assert str(reply["METHOD"]) == "REPLY"
    events = [c for c in reply.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == INVITE_UID
    assert int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 8, 15, 45, tzinfo=UTC)
    attendees = event.get("ATTENDEE")
    assert not isinstance(attendees, list), "exactly one ATTENDEE: you"
    assert str(attendees).lower() == f"mailto:{YOU_EMAIL}"
    assert attendees.params["PARTSTAT"] == "ACCEPTED"
    assert str(event["ORGANIZER"]).lower() == f"mailto:{ORGANIZER}"
    assert not [c for c in reply.walk() if c.name == "VALARM"]
    assert "VALARM" not in content


def test_confirm_eml_from_ics_invite_has_no_in_reply_to(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "confirm.eml"
    run_ok(config, "confirm", ONSITE, "-o", out)
    message = read_eml(out)
    assert "In-Reply-To" not in message
    assert "References" not in message
    assert message["To"].addresses[0].addr_spec == "katrin.vogel@northwind.example.com"
    assert "Lindenstraße 24" in body_of(message)
    (part,) = calendar_parts(message)
    event = next(c for c in icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT"))
    assert str(event["UID"]) == "northwind-onsite-0412@northwind.example.com"
    assert int(event["SEQUENCE"]) == 0


def test_confirm_without_reply_ics(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "confirm.eml"
    result = run_ok(config, "confirm", INVITE_EML, "--no-reply-ics", "-o", out)
    assert "iTIP" not in result.stdout
    message = read_eml(out)
    assert not calendar_parts(message)
    assert message.get_content_type() == "text/plain"


def test_confirm_json_headers_and_body(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "confirm.eml"
    result = run_ok(config, "confirm", INVITE_EML, "--format", "json", "-o", out)
    data = json.loads(result.stdout)  # the "Wrote" line goes to stderr
    assert f"Wrote {out}." in result.stderr
    assert {"kind", "headers", "body", "calendar_method", "scripts"} <= set(data)
    assert data["kind"] == "confirm"
    assert data["calendar_method"] == "REPLY"
    headers = data["headers"]
    assert {"From", "To", "Cc", "Subject", "In-Reply-To", "References", "Date", "Message-ID"} <= (
        set(headers)
    )
    assert headers["In-Reply-To"] == INVITE_ID
    assert headers["References"] == [INVITE_ID]
    assert headers["Cc"] == []
    message = read_eml(out)
    assert headers["Subject"] == message["Subject"]
    assert headers["Message-ID"] == message["Message-ID"]
    assert headers["Date"] == message["Date"]
    assert data["body"] == body_of(message)


def test_confirm_without_you_in_the_config(tmp_path: Path) -> None:
    """No [you] email: the draft can be read, but not written as an .eml nor sent (it would
    have no From), and no REPLY answers for someone else."""
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "confirm.eml"
    printed = run_ok(empty, "confirm", INVITE_EML, "--zone", YOU_ZONE)
    assert "Subject: Confirming our interview" in printed.stdout
    assert "[with an iTIP REPLY attached]" not in printed.stdout
    assert "No iTIP REPLY attached: your email address is unknown" in printed.stderr
    for extra in (["-o", str(out)], ["--send", "--yes"], ["-o", str(out), "--send", "--yes"]):
        for command in (
            ["confirm", INVITE_EML],
            ["recover", INVITE_EML, "--reason", "other"],
            ["followup", INVITE_EML, "--outcome", "no-reply"],
        ):
            result = run(
                empty,
                *command,
                "--zone",
                YOU_ZONE,
                *extra,
                now=AFTER["eml-new-york"] if command[0] != "confirm" else BEFORE,
            )
            assert result.exit_code == 2, (command, extra, result.output)
            assert result.stdout == ""
            assert result.stderr == (
                "noshow: error: your email address is unknown, so the draft would have no From: "
                f"run `noshow init` or set [you] email in {empty}\n"
            )
            assert not out.exists()


# --- recover -------------------------------------------------------------------------------


def slots_from_engine(config: Path, invite: Path, now: str, *options: str) -> list[dict[str, Any]]:
    """`noshow slots --format json` with the same options."""
    result = run(config, "slots", "--from", invite, *options, "--format", "json", now=now)
    assert result.exit_code == 0, result.output
    slots = json.loads(result.stdout)["slots"]
    assert isinstance(slots, list)
    return slots


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


#: What each --reason must say: words of its line in the email, and of its prevention line.
REASON_WORDS = {
    "overslept": ("I overslept.", ("alarms", "reminders")),
    "transit": ("transport was badly delayed", ("route", "buffer")),
    "technical": ("technical problem", ("tested my setup", "15 minutes early")),
    "emergency": ("emergency", ("cleared my schedule",)),
    "timezone": ("misread the time zone", ("The invitation said 10:00 in America/New_York",)),
    "other": (None, ("reminders", "buffer")),
}


@pytest.mark.parametrize("reason", REASONS)
def test_recover_for_each_reason(config: Path, reason: str) -> None:
    now = AFTER["eml-new-york"]
    options = ("--count", "4", "--country", "DE", "--interviewer-country", "US-NY")
    data = run_json(config, "recover", INVITE_EML, "--reason", reason, *options, now=now)
    assert data["kind"] == "recover"
    body = data["body"]

    # Apologises once (in the body; the subject may say "my apologies" too).
    assert len(APOLOGY.findall(body)) == 1, body

    # The reason's line, and a prevention line that matches the reason.
    line, prevention = REASON_WORDS[reason]
    if line:
        assert line in body
    paragraphs = body.split("\n\n")
    for other, (other_line, _) in REASON_WORDS.items():
        if other != reason and other_line:
            assert other_line not in body
    assert any(all(w in p for w in prevention) for p in paragraphs), (prevention, body)
    assert "responsibility" in body

    # No stray double spaces inside sentences (a reason without a line leaves none).
    for paragraph in paragraphs:
        for text_line in paragraph.splitlines():
            assert "  " not in text_line.strip(), text_line

    # The missed interview and the slots from the engine, interviewer's zone first, then yours.
    slots = slots_from_engine(config, INVITE_EML, now, *options)
    assert len(slots) == 4
    stamps, rest = read_stamps(body, YOU_ZONE, "America/New_York")
    assert_no_other_clock(re.sub(r"The invitation said \d{2}:\d{2}", "", rest))
    missed = datetime(2026, 12, 8, 15, 0, tzinfo=UTC), datetime(2026, 12, 8, 15, 45, tzinfo=UTC)
    slot_stamps = [s for s in stamps if (s.start, s.end) != missed]
    assert [(s.start, s.end) for s in stamps if (s.start, s.end) == missed]
    expected = [(_utc(s["start"]["utc"]), _utc(s["end"]["utc"])) for s in slots]
    assert [(s.start, s.end) for s in slot_stamps[0::2]] == expected
    assert [(s.start, s.end) for s in slot_stamps[1::2]] == expected
    assert all(s.zone == "America/New_York" and s.named for s in slot_stamps[0::2])
    assert all(s.zone == YOU_ZONE and not s.named for s in slot_stamps[1::2])
    for slot, stamp in zip(slots, slot_stamps[0::2], strict=True):
        assert datetime.fromisoformat(slot["start"]["interviewer"]) == stamp.start
    slot_lines = [t for t in body.splitlines() if t.startswith("  - ")]
    assert len(slot_lines) == 4
    assert all(t.index("America/New_York") < t.index("for me") for t in slot_lines)

    # Phone script under 60 seconds of reading, with the missed time and the first slots.
    phone, voicemail = data["scripts"]["phone"], data["scripts"]["voicemail"]
    assert words(phone) < 150
    assert words(voicemail) < 150
    assert "10:00 EST" in phone and "10:00 EST" in voicemail
    spoken = list(SPOKEN.finditer(phone))
    assert len(spoken) == 2
    for match, slot in zip(spoken, slots[:2], strict=True):
        local = _utc(slot["start"]["utc"]).astimezone(ZoneInfo("America/New_York"))
        assert (match["weekday"], int(match["day"]), match["start"], match["abbr"]) == (
            f"{local:%A}",
            local.day,
            f"{local:%H:%M}",
            local.tzname(),
        )
    assert_no_other_clock(SPOKEN.sub("", phone).replace("10:00 EST", ""))
    assert_no_other_clock(voicemail.replace("10:00 EST", ""))
    assert "Dana" in voicemail and YOU_NAME in voicemail
    assert YOU_NAME in phone


def test_recover_timezone_prevention_says_what_the_invite_said(config: Path) -> None:
    body = run_json(
        config, "recover", INVITE_EML, "--reason", "timezone", now=AFTER["eml-new-york"]
    )["body"]
    match = re.search(r"The invitation said (\d{2}:\d{2}) in ([\w/]+), which is ([^\n]+)", body)
    assert match, body
    wall, zone_name = match[1], match[2]
    assert zone_name == "America/New_York"
    local = datetime(2026, 12, 8, 15, 0, tzinfo=UTC).astimezone(ZoneInfo(zone_name))
    assert wall == f"{local:%H:%M}"
    stamps, _ = read_stamps(match[3], zone_name, YOU_ZONE)
    assert [s.start for s in stamps] == [datetime(2026, 12, 8, 15, 0, tzinfo=UTC)] * 2
    assert [s.zone for s in stamps] == ["America/New_York", YOU_ZONE]
    assert "check every invitation" in body
    assert "converts it to my own time zone" in body


@pytest.mark.parametrize("key", sorted(INVITES))
def test_recover_times_for_each_invite(config: Path, key: str) -> None:
    path, their_zone, start, end, _, _ = interview(key)
    now = AFTER[key]
    data = run_json(config, "recover", path, "--reason", "timezone", now=now)
    slots = slots_from_engine(config, path, now)
    assert len(slots) == 3
    stamps, _ = read_stamps(data["body"], YOU_ZONE, their_zone)
    expected = {(_utc(s["start"]["utc"]), _utc(s["end"]["utc"])) for s in slots} | {(start, end)}
    assert {(s.start, s.end) for s in stamps} == expected
    same = (
        start.astimezone(ZoneInfo(their_zone)).utcoffset()
        == start.astimezone(ZoneInfo(YOU_ZONE)).utcoffset()
    )
    assert ("for me" in data["body"]) is not same
    assert len(APOLOGY.findall(data["body"])) == 1
    assert words(data["scripts"]["phone"]) < 150


def test_recover_count(config: Path) -> None:
    now = AFTER["eml-new-york"]
    data = run_json(config, "recover", INVITE_EML, "--reason", "overslept", "--count", "1", now=now)
    assert len([t for t in data["body"].splitlines() if t.startswith("  - ")]) == 1
    assert len(SPOKEN.findall(data["scripts"]["phone"])) == 1


def test_recover_text_output_prints_the_scripts(config: Path) -> None:
    result = run_ok(config, "recover", INVITE_EML, "--reason", "transit", now=AFTER["eml-new-york"])
    out = result.stdout
    match = re.search(r"\nPhone script \((\d+) words\):\n(.+)\n", out)
    assert match, out
    assert int(match[1]) == words(match[2]) < 150
    voicemail = re.search(r"\nVoicemail script \((\d+) words\):\n(.+)\n", out)
    assert voicemail, out
    assert int(voicemail[1]) == words(voicemail[2])
    assert out.index("Subject:") < out.index("Phone script")


def test_recover_cc(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "recover.eml"
    result = run_ok(
        config,
        "recover",
        INVITE_EML,
        "--reason",
        "technical",
        "--cc",
        "recruiter@acme.example.com",
        "--cc",
        "Hiring Team <hiring@acme.example.com>",
        "-o",
        out,
        "--format",
        "json",
        now=AFTER["eml-new-york"],
    )
    data = json.loads(result.stdout)
    assert data["headers"]["Cc"] == [
        "recruiter@acme.example.com",
        "Hiring Team <hiring@acme.example.com>",
    ]
    message = read_eml(out)
    single_header(message, "Cc")
    assert [a.addr_spec for a in message["Cc"].addresses] == [
        "recruiter@acme.example.com",
        "hiring@acme.example.com",
    ]
    assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER]
    assert message["In-Reply-To"] == INVITE_ID
    assert not calendar_parts(message), "a recovery email carries no iTIP part"
    assert body_of(message) == data["body"]
    assert set(message.keys()) == {
        "From",
        "To",
        "Cc",
        "Subject",
        "Date",
        "Message-ID",
        "In-Reply-To",
        "References",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
    }


def test_recover_text_output_shows_cc(config: Path) -> None:
    result = run_ok(
        config,
        "recover",
        INVITE_EML,
        "--reason",
        "emergency",
        "--cc",
        "recruiter@acme.example.com",
        now=AFTER["eml-new-york"],
    )
    assert "\nCc: recruiter@acme.example.com\n" in result.stdout


def _journals(calendar_text: str) -> list[Any]:
    return [c for c in icalendar.Calendar.from_ical(calendar_text).walk() if c.name == "VJOURNAL"]


def test_recover_log_into_new_ics_file(config: Path, tmp_path: Path) -> None:
    target = tmp_path / "incidents.ics"
    now = AFTER["eml-new-york"]
    result = run_ok(
        config, "recover", INVITE_EML, "--reason", "overslept", "--log-into", target, now=now
    )
    assert f"Logged the incident in {target}." in result.stderr
    journals = _journals(target.read_text(encoding="utf-8"))
    assert len(journals) == 1
    journal = journals[0]
    assert str(journal["UID"]) == f"missed-{INVITE_UID}@noshow"
    assert str(journal["RELATED-TO"]) == INVITE_UID
    description = str(journal["DESCRIPTION"])
    assert "Reason: overslept." in description
    assert "two alarms" in description
    assert "missed interview (Tuesday 8 December 2026, 10:00-10:45 EST (UTC-05:00)" in description
    assert "Cc: nobody" in description
    assert "Times offered:\n- " in description
    assert "(2026-12-1" in description  # each offered time with its UTC instant
    assert "Outcome: drafted, not sent." in description
    assert journal.decoded("DTSTAMP") == datetime(2026, 12, 8, 16, 0, tzinfo=UTC)

    # A second run does not log it twice.
    run_ok(config, "recover", INVITE_EML, "--reason", "overslept", "--log-into", target, now=now)
    assert len(_journals(target.read_text(encoding="utf-8"))) == 1


def test_recover_log_into_existing_ics_file_keeps_it(config: Path, tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    original = ONSITE.read_bytes()
    target.write_bytes(original)
    now = AFTER["eml-new-york"]
    run_ok(config, "recover", INVITE_EML, "--reason", "transit", "--log-into", target, now=now)
    text = target.read_text(encoding="utf-8")
    calendar = icalendar.Calendar.from_ical(text)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert [str(e["UID"]) for e in events] == ["northwind-onsite-0412@northwind.example.com"]
    assert len(_journals(text)) == 1
    assert "Lindenstraße 24" in text
    run_ok(config, "recover", INVITE_EML, "--reason", "transit", "--log-into", target, now=now)
    again = target.read_text(encoding="utf-8")
    assert again == text
    assert len(_journals(again)) == 1


def test_recover_log_into_vdir(config: Path, tmp_path: Path) -> None:
    vdir = tmp_path / "vdir"
    vdir.mkdir()
    (vdir / "other.ics").write_bytes(ONSITE.read_bytes())
    now = AFTER["eml-new-york"]
    run_ok(config, "recover", INVITE_EML, "--reason", "timezone", "--log-into", vdir, now=now)
    items = sorted(p.name for p in vdir.iterdir())
    assert len(items) == 2
    (item,) = [vdir / n for n in items if n != "other.ics"]
    journals = _journals(item.read_text(encoding="utf-8"))
    assert len(journals) == 1
    assert str(journals[0]["UID"]) == f"missed-{INVITE_UID}@noshow"
    assert "now check every invitation" in str(journals[0]["DESCRIPTION"])
    before = item.read_bytes()
    run_ok(config, "recover", INVITE_EML, "--reason", "timezone", "--log-into", vdir, now=now)
    assert sorted(p.name for p in vdir.iterdir()) == items
    assert item.read_bytes() == before
    total = sum(len(_journals(p.read_text(encoding="utf-8"))) for p in vdir.iterdir())
    assert total == 1


def test_recover_needs_a_reason(config: Path) -> None:
    result = run(config, "recover", INVITE_EML, now=AFTER["eml-new-york"])
    assert result.exit_code == 2
    assert "--reason" in result.output


# --- followup ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_time", "start", "end"),
    [
        ("2026-12-15T19:30:00Z", RESCHEDULED_START, RESCHEDULED_END),
        ("2026-12-15T14:30:00-05:00", RESCHEDULED_START, RESCHEDULED_END),
        # Without an offset: your local time (Europe/Berlin).
        ("2026-12-15T20:30:00", RESCHEDULED_START, RESCHEDULED_END),
        (str(RESCHEDULED), RESCHEDULED_START, RESCHEDULED_END),
    ],
    ids=["utc", "offset", "local", "invite-file"],
)
def test_followup_rescheduled(
    config: Path, tmp_path: Path, new_time: str, start: datetime, end: datetime
) -> None:
    out = tmp_path / "followup.eml"
    result = run_ok(
        config,
        "followup",
        INVITE_EML,
        "--outcome",
        "rescheduled",
        "--new-time",
        new_time,
        "-o",
        out,
        "--format",
        "json",
        now="2026-12-09T12:00:00Z",
    )
    data = json.loads(result.stdout)
    assert data["kind"] == "followup-rescheduled"
    for text in (data["headers"]["Subject"], data["body"]):
        stamps, rest = read_stamps(text, "America/New_York")
        assert stamps
        assert {(s.start, s.end) for s in stamps} == {(start, end)}
        assert_no_other_clock(rest)
    body = data["body"]
    assert "Tuesday 15 December 2026, 14:30-15:15 EST (UTC-05:00), America/New_York" in body
    assert "Tuesday 15 December 2026, 20:30-21:15 CET (UTC+01:00), Europe/Berlin for me" in body
    assert body.index("America/New_York") < body.index("Europe/Berlin")
    assert "Thank you" in body
    message = read_eml(out)
    assert message["In-Reply-To"] == INVITE_ID
    assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER]
    assert not calendar_parts(message)


def test_followup_rescheduled_needs_new_time(config: Path) -> None:
    result = run(config, "followup", INVITE_EML, "--outcome", "rescheduled")
    assert result.exit_code == 2
    assert "--new-time" in result.stderr


def test_followup_rescheduled_bad_new_time(config: Path) -> None:
    result = run(config, "followup", INVITE_EML, "--outcome", "rescheduled", "--new-time", "soon")
    assert result.exit_code == 2
    assert "ISO 8601" in result.stderr


#: What each outcome's draft must say.
OUTCOME_TEXT = {
    "declined": ("Thank you, and please keep me in mind", "Thank you for letting me know"),
    "no-reply": ("Following up", "Interview: Backend Engineer (Acme Corp)"),
    "thanks": ("Thank you for the interview", "Thank you for taking the time"),
}


@pytest.mark.parametrize("outcome", sorted(OUTCOME_TEXT))
def test_followup_outcomes(config: Path, tmp_path: Path, outcome: str) -> None:
    out = tmp_path / f"{outcome}.eml"
    result = run_ok(
        config,
        "followup",
        INVITE_EML,
        "--outcome",
        outcome,
        "-o",
        out,
        "--format",
        "json",
        now="2026-12-09T12:00:00Z",
    )
    data = json.loads(result.stdout)
    assert data["kind"] == f"followup-{outcome}"
    subject, phrase = OUTCOME_TEXT[outcome]
    assert subject in data["headers"]["Subject"]
    assert phrase in data["body"]
    assert data["body"].startswith("Dear Dana,")
    assert data["body"].rstrip().endswith(YOU_NAME)
    assert not APOLOGY.search(data["body"])
    _, rest = read_stamps(data["body"], "America/New_York")
    assert_no_other_clock(rest)
    message = read_eml(out)
    assert message["Subject"] == data["headers"]["Subject"]
    assert message["In-Reply-To"] == INVITE_ID
    assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER]
    assert [a.addr_spec for a in message["From"].addresses] == [YOU_EMAIL]
    assert body_of(message) == data["body"]


def test_followup_text_output(config: Path) -> None:
    result = run_ok(config, "followup", ONSITE, "--outcome", "thanks", now=AFTER["ics-berlin"])
    assert result.stdout.startswith("To: Katrin Vogel <katrin.vogel@northwind.example.com>\n")
    assert "Subject: Thank you for the interview today" in result.stdout


# --- templates -----------------------------------------------------------------------------


def test_template_override_in_config_folder(config: Path, tmp_path: Path) -> None:
    templates = config.parent / "templates"
    templates.mkdir()
    (templates / "confirm.txt").write_text(
        "Custom: {{ title }} at {{ their.time }}\n\nHello {{ interviewer }},\n\n"
        "See you on {{ their.line }}.\n-- {{ you.name }}\n",
        encoding="utf-8",
    )
    out = tmp_path / "confirm.eml"
    data = json.loads(run_ok(config, "confirm", INVITE_EML, "-o", out, "--format", "json").stdout)
    assert data["headers"]["Subject"] == (
        "Custom: Interview: Backend Engineer (Acme Corp) at 10:00-10:45 EST (UTC-05:00)"
    )
    assert data["body"] == (
        "Hello Dana Whitfield,\n\nSee you on Tuesday 8 December 2026, 10:00-10:45 EST "
        "(UTC-05:00), America/New_York.\n-- Lukas Meyer\n"
    )
    assert read_eml(out)["Subject"] == data["headers"]["Subject"]
    # Templates not overridden come from noshow.
    followup = run_json(
        config, "followup", INVITE_EML, "--outcome", "thanks", now=AFTER["eml-new-york"]
    )
    assert followup["headers"]["Subject"] == "Thank you for the interview today"


def test_template_override_elsewhere_is_not_used(config: Path, tmp_path: Path) -> None:
    stray = tmp_path / "templates"
    stray.mkdir()
    (stray / "confirm.txt").write_text("Stray\n\nstray\n", encoding="utf-8")
    data = run_json(config, "confirm", INVITE_EML)
    assert data["headers"]["Subject"].startswith("Confirming our interview")


@pytest.mark.parametrize(
    ("name", "text", "command"),
    [
        ("confirm.txt", "Subject {{ their.date \n\nbody\n", ("confirm", str(INVITE_EML))),
        ("confirm.txt", "Subject {{ no_such_variable }}\n\nbody\n", ("confirm", str(INVITE_EML))),
        ("confirm.txt", "{% for x in %}\n", ("confirm", str(INVITE_EML))),
        (
            "recover.txt",
            "Sorry\n\n{% if slots %}\n",
            ("recover", str(INVITE_EML), "--reason", "other"),
        ),
        (
            "phone.txt",
            "{{ their.nothing_here }}",
            ("recover", str(INVITE_EML), "--reason", "other"),
        ),
        (
            "followup-thanks.txt",
            "{{ 1 / 0 if false else undefined_thing.x }}",
            ("followup", str(INVITE_EML), "--outcome", "thanks"),
        ),
    ],
)
def test_broken_template_override(
    config: Path, tmp_path: Path, name: str, text: str, command: tuple[str, ...]
) -> None:
    templates = config.parent / "templates"
    templates.mkdir()
    (templates / name).write_text(text, encoding="utf-8")
    out = tmp_path / "draft.eml"
    now = BEFORE if command[0] == "confirm" else AFTER["eml-new-york"]
    result = run(config, *command, "-o", out, now=now)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("noshow: error: ")
    assert f"template {name}" in result.stderr
    assert not out.exists()


def test_recover_cc_that_is_not_one_address(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "recover.eml"
    result = run(
        config,
        "recover",
        INVITE_EML,
        "--reason",
        "other",
        "--cc",
        "team: a@acme.example.com, b@acme.example.com;",
        "-o",
        out,
        now=AFTER["eml-new-york"],
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert "--cc 'team: a@acme.example.com, b@acme.example.com;' is not one email address" in (
        result.stderr
    )
    assert not out.exists()


def test_organizer_that_is_a_list_gets_no_to(config: Path, tmp_path: Path) -> None:
    """ORGANIZER:mailto:a@x, b@y names two people: the draft is addressed to nobody, and an
    .eml needs --to."""
    invite = tmp_path / "list.ics"
    invite.write_bytes(
        ONSITE.read_bytes().replace(
            b"mailto:katrin.vogel@northwind.example.com",
            b"mailto:katrin.vogel@northwind.example.com, victim@elsewhere.example",
        )
    )
    out = tmp_path / "confirm.eml"
    printed = run_ok(config, "confirm", invite)
    assert printed.stdout.startswith("To: (no organizer address in the invite: use --to)\n")
    refused = run(config, "confirm", invite, "-o", out)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "noshow: error: the invite has no single organizer address to send to: give --to ADDRESS\n"
    )
    assert not out.exists()
    run_ok(config, "confirm", invite, "-o", out, "--to", "katrin.vogel@northwind.example.com")
    message = read_eml(out)
    assert [a.addr_spec for a in message["To"].addresses] == ["katrin.vogel@northwind.example.com"]
    assert "victim" not in out.read_text(encoding="utf-8")
    assert "victim" not in out.read_text(encoding="utf-8")


def test_invite_message_id_is_only_a_msg_id(config: Path, tmp_path: Path) -> None:
    """A Message-ID smuggling a header in an encoded word gives only its msg-id."""
    hostile = "=?utf-8?b?" + base64.b64encode(b"<a@b.example>\r\nBcc: evil@x").decode() + "?="
    invite = tmp_path / "invite.eml"
    invite.write_bytes(INVITE_EML.read_bytes().replace(INVITE_ID.encode(), hostile.encode()))
    out = tmp_path / "confirm.eml"
    data = json.loads(run_ok(config, "confirm", invite, "-o", out, "--format", "json").stdout)
    assert data["headers"]["In-Reply-To"] == "<a@b.example>"
    message = read_eml(out)
    assert message["In-Reply-To"] == "<a@b.example>"
    assert message["References"] == "<a@b.example>"
    assert "Bcc" not in message
    assert b"evil" not in out.read_bytes()


def test_unknown_reason_and_outcome_are_usage_errors(config: Path) -> None:
    bad_reason = run(config, "recover", INVITE_EML, "--reason", "traffic")
    assert bad_reason.exit_code == 2
    bad_outcome = run(config, "followup", INVITE_EML, "--outcome", "maybe")
    assert bad_outcome.exit_code == 2


# --- helpers of this module, checked ------------------------------------------------------


def _stamps_of(lines: Iterable[str]) -> list[Stamp]:
    return [s for line in lines for s in read_stamps(line, YOU_ZONE)[0]]


def test_read_stamps_rejects_a_wrong_time() -> None:
    """The checker itself catches a time that does not denote what it claims."""
    good = "Tuesday 8 December 2026, 10:00-10:45 EST (UTC-05:00), America/New_York"
    assert _stamps_of([good])[0].start == datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    for wrong in (
        "Tuesday 8 December 2026, 10:00-10:45 EDT (UTC-05:00), America/New_York",
        "Tuesday 8 December 2026, 10:00-10:45 EST (UTC-04:00), America/New_York",
        "Wednesday 8 December 2026, 10:00-10:45 EST (UTC-05:00), America/New_York",
        "Tuesday 8 December 2026, 10:00-10:45 EST (UTC-05:00), Europe/Berlin",
    ):
        with pytest.raises(AssertionError):
            _stamps_of([wrong])
    with pytest.raises(AssertionError):
        assert_no_other_clock("at 9:30 tomorrow")
