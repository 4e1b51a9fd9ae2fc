"""The words of the drafts checked against the facts: who, when, now, and what happened.

The Acme fixture (tests/fixtures/drafts/interview.eml) is Tuesday 8 December 2026 10:00-10:45
EST (15:00-15:45Z), organized by Dana Whitfield in New York; you are Lukas Meyer in Berlin
(16:00 CET). Each draft is run at moments before, during and after it.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner, Result

from noshow.cli.main import cli
from noshow.drafts.content import company_from_domain, role_and_company
from noshow.drafts.tense import Phase, day_phrase, timing

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "drafts"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INVITE = FIXTURES / "interview.eml"
START = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
END = datetime(2026, 12, 8, 15, 45, tzinfo=UTC)
ZONES = ("America/New_York", "Europe/Berlin")
PHONE = "+49 30 1234567"
STRICT = email.policy.default.clone(raise_on_defect=True)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[you]\nname = "Lukas Meyer"\nemail = "lukas.meyer@example.net"\n'
        f'zone = "Europe/Berlin"\nphone = "{PHONE}"\n',
        encoding="utf-8",
    )
    return path


def run(config: Path, *args: str | Path, now: str) -> Result:
    result = CliRunner().invoke(cli, [*map(str, args), "--config", str(config), "--now", now])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def draft(config: Path, *args: str | Path, now: str) -> dict[str, Any]:
    result = run(config, *args, "--format", "json", now=now)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- tense: the phase and the day's name --------------------------------------------------

#: (now, phase, day, whether "I can join now" fits)
MOMENTS = [
    ("2026-12-06T12:00:00Z", Phase.DAYS_BEFORE, "on Tuesday 8 December", False),
    ("2026-12-07T16:00:00Z", Phase.DAYS_BEFORE, "tomorrow", False),
    ("2026-12-08T12:00:00Z", Phase.TODAY_BEFORE, "today", False),
    ("2026-12-08T14:50:00Z", Phase.TODAY_BEFORE, "today", True),
    ("2026-12-08T15:20:00Z", Phase.DURING, "today", True),
    ("2026-12-08T16:00:00Z", Phase.TODAY_AFTER, "today", False),
    ("2026-12-09T16:00:00Z", Phase.DAYS_AFTER, "yesterday", False),
    ("2026-12-11T12:00:00Z", Phase.DAYS_AFTER, "on Tuesday 8 December", False),
    # 18:30 in New York (today) is 00:30 the next day in Berlin (yesterday): name the day.
    ("2026-12-08T23:30:00Z", Phase.TODAY_AFTER, "on Tuesday 8 December", False),
    ("2027-01-05T12:00:00Z", Phase.DAYS_AFTER, "on Tuesday 8 December 2026", False),
]


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(("now", "phase", "day", "join_now"), MOMENTS)
def test_timing(now: str, phase: Phase, day: str, join_now: bool) -> None:
    when = timing(START, END, _at(now), ZONES)
    assert when.phase is phase
    assert when.day == day
    assert when.can_join_now is join_now


def test_day_phrase_needs_both_zones_to_agree() -> None:
    late_evening = datetime(2026, 12, 8, 23, 30, tzinfo=UTC)
    assert day_phrase(START, late_evening, ("America/New_York",)) == "today"
    assert day_phrase(START, late_evening, ("Europe/Berlin",)) == "yesterday"
    assert day_phrase(START, late_evening, ZONES) == "on Tuesday 8 December"


# --- recover: before it is too late, and after ---------------------------------------------

APOLOGY_FOR_A_MISS = re.compile(r"\bmissed\b", re.IGNORECASE)


@pytest.mark.parametrize(("now", "phase", "day", "join_now"), MOMENTS)
def test_recover_words_follow_the_facts(
    config: Path, now: str, phase: Phase, day: str, join_now: bool
) -> None:
    data = draft(config, "recover", INVITE, "--reason", "transit", now=now)
    body, phone, voicemail = data["body"], data["scripts"]["phone"], data["scripts"]["voicemail"]
    subject = data["headers"]["Subject"]
    if phase in (Phase.TODAY_AFTER, Phase.DAYS_AFTER):
        assert subject.startswith("Missed interview on Tuesday 8 December 2026")
        assert f"I am sorry I missed our interview {day} (" in body
        assert "transport was badly delayed" in body
        assert "45-minute buffer" in body  # the prevention line
        assert "which I missed" in voicemail
        assert "I can join now" not in body + phone
    else:
        assert not APOLOGY_FOR_A_MISS.search(body + phone + voicemail + subject)
        assert (
            subject
            == "Our interview on Tuesday 8 December 2026: I cannot make it, could we reschedule?"
        )
        assert f"I cannot make our interview {day} as planned" in body
        assert "My transport is badly delayed." in body
        assert "45-minute buffer" not in body  # no prevention promises before the fact
        assert ("I can join now if that suits you" in body) is join_now
        assert ("I can join now if that suits you" in phone) is join_now
        assert ("I could join late" in body) is (phase is Phase.TODAY_BEFORE and not join_now)
    assert f"calling about our interview {day} at 10:00 EST" in phone
    assert f"You can call me back on {PHONE}." in voicemail
    assert body.rstrip().endswith(f"Lukas Meyer\n{PHONE}")
    # Spoken to, never of.
    assert "Dana Whitfield" not in body + phone + voicemail
    assert body.startswith("Dear Dana,\n")


_SLOT_LINE = re.compile(
    r"^  - \w+day (\d{1,2}) (\w+) (\d{4}), (\d\d):(\d\d)-\d\d:\d\d \w+ \(UTC([+-]\d\d):(\d\d)\)"
)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip


def _offered(body: str) -> list[datetime]:
    """The starts of the times the email offers, read back from its lines."""
    starts = []
    for line in body.splitlines():
        match = _SLOT_LINE.match(line)
        if match:
            day, month, year, hour, minute, off_h, off_m = match.groups()
            sign = -1 if off_h.startswith("-") else 1
            offset = timedelta(hours=int(off_h), minutes=sign * int(off_m))
            local = datetime(int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute))
            starts.append((local - offset).replace(tzinfo=UTC))
    return starts


@pytest.mark.parametrize("now", [m[0] for m in MOMENTS])
def test_recover_slots_are_after_now_plus_notice_and_never_the_original_time(
    config: Path, now: str
) -> None:
    data = draft(config, "recover", INVITE, "--reason", "other", "--count", "5", now=now)
    offered = _offered(data["body"])
    assert len(offered) == 5, data["body"]
    for start in offered:
        assert start >= _at(now) + timedelta(hours=24)  # --min-notice's default
        # Never the original time (nor within the 15-minute buffer of it).
        assert not (START - timedelta(minutes=60) < start < END + timedelta(minutes=15))


def test_recover_running_late_offers_to_join_then(config: Path) -> None:
    data = draft(
        config,
        "recover",
        INVITE,
        "--reason",
        "transit",
        "--late",
        "20m",
        now="2026-12-08T14:40:00Z",
    )
    assert data["headers"]["Subject"] == "Running late for our interview on Tuesday 8 December 2026"
    assert "I am running about 20 minutes late for our interview today" in data["body"]
    assert "I can join at 10:20 EST (UTC-05:00) if that still suits you" in data["body"]
    assert "I am running about 20 minutes late" in data["scripts"]["phone"]
    assert "I can join at 10:20 EST (UTC-05:00)" in data["scripts"]["voicemail"]
    assert not APOLOGY_FOR_A_MISS.search(data["body"])


def test_recover_with_no_slot_asks_for_times_in_every_script(config: Path) -> None:
    data = draft(
        config,
        "recover",
        INVITE,
        "--reason",
        "other",
        "--hours",
        "02:00-03:00",  # never overlaps New York's 09:00-17:00
        now="2026-12-08T16:00:00Z",
    )
    assert "any of these times" not in data["body"]
    assert "Could you suggest a few times that suit you?" in data["body"]
    assert "these times" not in data["scripts"]["phone"]
    assert "Could you suggest a few times that suit you?" in data["scripts"]["phone"]
    assert "to ask for a new time" in data["scripts"]["voicemail"]


def test_recover_prints_the_holiday_calendars(config: Path) -> None:
    result = run(config, "recover", INVITE, "--reason", "other", now="2026-12-21T12:00:00Z")
    assert result.exit_code == 0, result.output
    assert (
        "Note: Public holidays skipped: yours: DE (from your zone Europe/Berlin); the "
        "interviewer's: US (from their zone America/New_York)." in result.stderr
    )
    assert "Friday 25 December" not in result.stdout
    assert "Friday 1 January" not in result.stdout
    assert "Call first if you can" in result.stdout


# --- follow-ups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "day"),
    [
        ("2026-12-08T16:00:00Z", "today"),
        ("2026-12-09T16:00:00Z", "yesterday"),
        ("2026-12-11T12:00:00Z", "on Tuesday 8 December"),
    ],
)
def test_thanks_names_the_day(config: Path, now: str, day: str) -> None:
    data = draft(config, "followup", INVITE, "--outcome", "thanks", now=now)
    assert data["headers"]["Subject"] == f"Thank you for the interview {day}"
    assert (
        f"Thank you for taking the time to speak with me {day} about the Backend Engineer role"
        in data["body"]
    )
    assert "at Acme Corp" in data["body"]


@pytest.mark.parametrize("now", ["2026-12-06T12:00:00Z", "2026-12-08T15:20:00Z"])
def test_thanks_before_the_end_is_refused(config: Path, now: str) -> None:
    result = run(config, "followup", INVITE, "--outcome", "thanks", now=now)
    assert result.exit_code == 2
    assert "the interview has not ended yet" in result.stderr
    assert result.stderr.count("\n") == 1


def test_declined_claims_no_meeting(config: Path) -> None:
    data = draft(config, "followup", INVITE, "--outcome", "declined", now="2026-12-10T12:00:00Z")
    body = data["body"]
    for claim in ("enjoyed", "speaking with you", "our conversation", "learning about", "met"):
        assert claim not in body
    assert "for considering me for the Backend Engineer role" in body
    assert "I remain very interested in Acme Corp" in body


def test_rescheduled_in_the_past_is_refused(config: Path) -> None:
    result = run(
        config,
        "followup",
        INVITE,
        "--outcome",
        "rescheduled",
        "--new-time",
        "2026-12-09T15:00:00Z",
        now="2026-12-10T12:00:00Z",
    )
    assert result.exit_code == 2
    assert "is not after now" in result.stderr


@pytest.mark.parametrize("command", [("confirm",), ("followup", "--outcome", "no-reply")])
def test_cc_on_confirm_and_followup(config: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    out = tmp_path / "draft.eml"
    now = "2026-11-23T09:00:00Z" if command[0] == "confirm" else "2026-12-10T12:00:00Z"
    data = draft(
        config,
        command[0],
        INVITE,
        *command[1:],
        "--cc",
        "Rec <rec@acme.example.com>",
        "-o",
        out,
        now=now,
    )
    assert data["headers"]["Cc"] == ["Rec <rec@acme.example.com>"]
    message = email.message_from_bytes(out.read_bytes(), policy=STRICT)
    assert [a.addr_spec for a in message["Cc"].addresses] == ["rec@acme.example.com"]


# --- names through the CLI --------------------------------------------------------------------


def _with_organizer(tmp_path: Path, cn: str, address: str) -> Path:
    original = (FIXTURES / "onsite-berlin.ics").read_bytes()
    line = b"ORGANIZER;CN=Katrin Vogel:mailto:katrin.vogel@northwind.example.com\r\n"
    assert line in original
    replaced = f'ORGANIZER;CN="{cn}":mailto:{address}\r\n'.encode()
    path = tmp_path / "invite.ics"
    path.write_bytes(original.replace(line, replaced))
    return path


@pytest.mark.parametrize(
    ("cn", "address", "greeting"),
    [
        ("Okafor, Rachel", "rachel.okafor@tidewater.example.org", "Dear Rachel,"),
        ("Dr. María José García-López", "mj@northwind.example.com", "Dear Dr. García-López,"),
        ("Acme Recruiting Team", "recruiting@acme.example.com", "Dear Acme Recruiting team,"),
        ("no-reply", "no-reply@acme.example.com", "Hello,"),
    ],
)
def test_greeting_in_every_draft(
    config: Path, tmp_path: Path, cn: str, address: str, greeting: str
) -> None:
    invite = _with_organizer(tmp_path, cn, address)
    after = "2026-12-03T15:00:00Z"
    for args, now in (
        (("confirm",), "2026-11-23T09:00:00Z"),
        (("recover", "--reason", "other"), after),
        (("followup", "--outcome", "no-reply"), after),
    ):
        data = draft(config, args[0], invite, *args[1:], now=now)
        assert data["body"].startswith(f"{greeting}\n"), data["body"]
        assert ",," not in data["body"]
        if "no-reply" in address:
            assert any("no-reply address" in w and "--to" in w for w in data["warnings"])
        else:
            assert data["warnings"] == [] or "REPLY" in " ".join(data["warnings"])


def test_no_reply_warning_goes_to_stderr(config: Path, tmp_path: Path) -> None:
    invite = _with_organizer(tmp_path, "Scheduling", "noreply@acme.example.com")
    result = run(config, "confirm", invite, now="2026-11-23T09:00:00Z")
    assert result.exit_code == 0
    assert "Warning: noreply@acme.example.com looks like a no-reply address" in result.stderr
    quiet = run(
        config, "confirm", invite, "--to", "recruiter@acme.example.com", now="2026-11-23T09:00:00Z"
    )
    assert "no-reply" not in quiet.stderr


# --- confirm asks instead of confirming a time the checks doubt -------------------------------


def test_confirm_asks_which_time_is_right(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[you]\nname = "Jonas Becker"\nemail = "jonas.becker@example.net"\nzone = "Europe/Berlin"\n',
        encoding="utf-8",
    )
    data = draft(config, "confirm", SAMPLES / "text-disagrees.ics", now="2026-12-01T09:00:00Z")
    assert data["headers"]["Subject"].endswith(": a question before I confirm")
    assert (
        'The invitation\'s title and description say "10:00 AM EST", but its calendar time is '
        "Tuesday 15 December 2026, 11:00-12:00 EST (UTC-05:00), America/New_York: which is "
        "right?" in data["body"]
    )
    assert "I am writing to confirm" not in data["body"]
    assert data["calendar_method"] is None  # accept once they have answered
    assert any("No iTIP REPLY attached" in w for w in data["warnings"])
    assert data["body"].startswith("Dear Rachel,\n")
    assert "Tidewater Health" in data["body"]


def test_confirm_after_the_start_is_refused(config: Path) -> None:
    result = run(config, "confirm", INVITE, now="2026-12-08T15:00:00Z")
    assert result.exit_code == 2
    assert "nothing to confirm" in result.stderr


# --- threading --------------------------------------------------------------------------------

LONG_ID = (
    "<AM9PR02MB73124F1C8A2E5D6B9C0E3D7B5F12AM9PR02MB73124F1C8A2E5D6B9C0E3D7B5F12"
    "@AM9PR02MB7312.eurprd02.prod.outlook.example.com>"
)


@pytest.mark.parametrize(
    ("invite", "message_id"),
    [
        (
            SAMPLES / "outlook-windows-zone.eml",
            "<AM9PR02MB73124F1C8A2E5D6B9C0E3D7B5F12@AM9PR02MB7312.eurprd02.prod.outlook.example.com>",
        ),
        (
            SAMPLES / "teams-custom-zone.eml",
            "<BN0PR11MB5743A9E1D4C2F6B80A3E7C915D2@BN0PR11MB5743.namprd11.prod.outlook.example.com>",
        ),
        ("long", LONG_ID),
    ],
)
def test_replies_thread_with_long_outlook_ids(
    config: Path, tmp_path: Path, invite: Path | str, message_id: str
) -> None:
    if invite == "long":
        path = tmp_path / "long.eml"
        original = (SAMPLES / "outlook-windows-zone.eml").read_bytes()
        old = b"<AM9PR02MB73124F1C8A2E5D6B9C0E3D7B5F12@AM9PR02MB7312.eurprd02.prod.outlook.example.com>"
        assert old in original
        path.write_bytes(original.replace(old, message_id.encode()))
        invite = path
    assert isinstance(invite, Path)
    out = tmp_path / "confirm.eml"
    result = run(
        config,
        "confirm",
        invite,
        "-o",
        out,
        "--to",
        "k@northwind.example.com",
        now="2026-11-20T09:00:00Z",
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert b"=?" not in raw.split(b"\r\n\r\n")[0]  # no encoded words in the headers
    assert f"In-Reply-To: {message_id}\r\n".encode() in raw  # one line, exactly as written
    assert f"References: {message_id}\r\n".encode() in raw
    message = email.message_from_bytes(raw, policy=STRICT)
    for header in ("From", "To", "Date", "Message-ID", "In-Reply-To", "References", "Subject"):
        assert len(message.get_all(header) or []) == 1, header
    assert message["In-Reply-To"] == message_id


# --- role and company -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "organizer", "role", "company"),
    [
        (
            "Technical Interview – Backend Engineer at Acme",
            "dana@scheduler.acme.example.com",
            "Backend Engineer",
            "Acme",
        ),
        (
            "Interview: Senior Data Engineer – Northwind Analytics",
            "k@northwind.example.com",
            "Senior Data Engineer",
            "Northwind Analytics",
        ),
        (
            "Video interview: Clara Novak / Harbourlight Games (Technical Artist)",
            "e@harbourlight.example.org",
            "Technical Artist",
            "Harbourlight Games",
        ),
        (
            "Kookaburra Labs – Technical interview (Platform Engineer)",
            "h@kookaburra.example.com",
            "Platform Engineer",
            "Kookaburra Labs",
        ),
        (
            "Tidewater Health – Technical Interview w/ Jonas Becker (10:00 AM EST)",
            "r@tidewater.example.org",
            None,
            "Tidewater Health",
        ),
        (
            "Saffron Systems – Phone screen (9:00 AM IST)",
            "a@saffron.example.org",
            None,
            "Saffron Systems",
        ),
        ("Saffron Systems phone screen", "a@saffron.example.org", None, "Saffron Systems"),
        (
            "Larkspur Robotics: Hiring manager interview – Sofia Lindqvist",
            "m@larkspur.example.com",
            None,
            "Larkspur Robotics",
        ),
        (
            "Acme | Backend Engineer | Technical Interview",
            "no-reply@greenhouse.io",
            "Backend Engineer",
            "Acme",
        ),
        (
            "Interview: Backend Engineer (Acme Corp)",
            "dana@acme.example.com",
            "Backend Engineer",
            "Acme Corp",
        ),
        (
            "On-site interview: Senior Data Engineer",
            "k@northwind.example.com",
            "Senior Data Engineer",
            "Northwind",
        ),
        ("Phone Screen with Maya Chen", "maya@gmail.com", None, None),
        ("Interview", "dana@acme.example.com", None, "Acme"),
    ],
)
def test_role_and_company(
    summary: str, organizer: str, role: str | None, company: str | None
) -> None:
    assert role_and_company(
        summary, organizer, ["Jonas Becker", "Clara Novak", "Sofia Lindqvist"]
    ) == (role, company)


@pytest.mark.parametrize(
    ("address", "company"),
    [
        ("katrin.vogel@northwind.example.com", "Northwind"),
        ("x@mail.acme-robotics.co.uk", "Acme Robotics"),
        ("x@gmail.com", None),
        ("x@greenhouse.io", None),
        ("x@example.com", None),
        ("not an address", None),
        (None, None),
    ],
)
def test_company_from_domain(address: str | None, company: str | None) -> None:
    assert company_from_domain(address) == company


# --- the incident log --------------------------------------------------------------------------


def _journals(path: Path) -> list[Any]:
    return list(icalendar.Calendar.from_ical(path.read_text(encoding="utf-8")).walk("VJOURNAL"))


def test_log_records_cc_times_offered_and_outcome(config: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.ics"
    out = tmp_path / "late.eml"
    now = "2026-12-08T12:00:00Z"
    result = run(
        config,
        "recover",
        INVITE,
        "--reason",
        "transit",
        "--cc",
        "rec@acme.example.com",
        "--log-into",
        log,
        "-o",
        out,
        now=now,
    )
    assert result.exit_code == 0, result.output
    (journal,) = _journals(log)
    assert str(journal["SUMMARY"]).startswith("Could not make interview: ")
    text = str(journal["DESCRIPTION"])
    assert "Cc: rec@acme.example.com" in text
    assert "Times offered:\n- " in text
    assert f"Outcome: written to {out}." in text

    run(
        config,
        "followup",
        INVITE,
        "--outcome",
        "declined",
        "--log-into",
        log,
        now="2026-12-10T12:00:00Z",
    )
    journals = _journals(log)
    assert len(journals) == 2
    followup = next(j for j in journals if str(j["UID"]).startswith("followup-declined-"))
    assert "Outcome: they declined; answered graciously." in str(followup["DESCRIPTION"])
