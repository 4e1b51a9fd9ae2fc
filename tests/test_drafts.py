"""The drafts library: times, templates, the iTIP REPLY, and hostile text in every field.

The property tests feed hostile organizer names, summaries, locations and subjects (CR, LF, CRLF,
NUL, U+2028, U+2029, U+0085, tabs, very long strings, header-like and iCalendar-like text,
non-ASCII) into the drafts, both as Invite values and as .ics files written with icalendar's
escaping, and check that the built message parses back strictly with exactly the expected
headers, and that the iTIP part has no property the hostile text could have created.
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import examples
from noshow.cli.main import cli
from noshow.drafts import (
    OUTCOMES,
    REASONS,
    Draft,
    Moment,
    base_variables,
    one_line,
    plain_address,
    render,
    slot_lines,
    split_subject,
)
from noshow.drafts.compose import (
    REASON_TEXT,
    confirm_draft,
    reason_texts,
    reply_ics,
)
from noshow.drafts.compose import followup_draft as compose_followup
from noshow.drafts.compose import recover_draft as compose_recover
from noshow.drafts.mail import as_bytes, build_message, message_id_or_none
from noshow.errors import ConfigError, InviteError
from noshow.invites import read_document
from noshow.model import Invite, Party, Resolution, You, ZonedTime
from noshow.slots import Slot

STRICT = email.policy.default.clone(raise_on_defect=True)
NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 12, 8, 10, 0, tzinfo=NEW_YORK)  # 15:00Z
STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
AFTER = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)  # the day of the interview, after its end
YOU = You(zone="Europe/Berlin", name="Lukas Meyer", email="lukas.meyer@example.net")
ORGANIZER_EMAIL = "org@example.com"
MESSAGE_ID = "<invite-1@scheduler.example.com>"
MSG_ID = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")
SLOTS = (
    Slot(datetime(2026, 12, 10, 14, 30, tzinfo=UTC), datetime(2026, 12, 10, 15, 15, tzinfo=UTC)),
    Slot(datetime(2026, 12, 11, 14, 30, tzinfo=UTC), datetime(2026, 12, 11, 15, 15, tzinfo=UTC)),
)


def recover_draft(*args: Any, now: datetime = AFTER, **kwargs: Any) -> Draft:
    """recover_draft after the interview (the apology), unless told otherwise."""
    return compose_recover(*args, now=now, **kwargs)


def followup_draft(*args: Any, now: datetime = AFTER, **kwargs: Any) -> Draft:
    """followup_draft after the interview, unless told otherwise."""
    return compose_followup(*args, now=now, **kwargs)


def zoned(local: datetime, how: Resolution = Resolution.IANA) -> ZonedTime:
    key = getattr(local.tzinfo, "key", None)
    return ZonedTime(
        instant=local.astimezone(UTC),
        local=local,
        zone=key,
        tzid=key,
        how=how,
        wall=local.replace(tzinfo=None),
    )


def make_invite(
    summary: str = "Interview: Backend Engineer",
    name: str | None = "Dana Whitfield",
    location: str = "https://acme.zoom.us/j/98765432100",
    start: datetime = START,
    length: timedelta = timedelta(minutes=45),
    organizer_email: str | None = ORGANIZER_EMAIL,
    **extra: Any,
) -> Invite:
    return Invite(
        source="test",
        uid="uid-1@scheduler.example.com",
        summary=summary,
        start=zoned(start),
        end=zoned(start + length),
        organizer=Party(name, organizer_email) if organizer_email or name else None,
        attendees=extra.pop("attendees", (Party("Lukas Meyer", YOU.email),)),
        sequence=extra.pop("sequence", 5),
        location=location,
        method="REQUEST",
        alarm_count=2,
        **extra,
    )


def strict_parse(data: bytes) -> EmailMessage:
    data.decode("utf-8")
    message = email.message_from_bytes(data, policy=STRICT)
    assert isinstance(message, EmailMessage)
    for part in message.walk():
        assert not part.defects, part.defects
    return message


def itip(message: EmailMessage) -> icalendar.Calendar | None:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    if not parts:
        return None
    assert len(parts) == 1
    content = parts[0].get_content()
    assert isinstance(content, str)
    return icalendar.Calendar.from_ical(content)


# --- one_line, Moment, base variables ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana\r\nBcc: x@y", "Dana Bcc: x@y"),
        ("a\nb\rc", "a b c"),
        ("a\x00b", "a b"),
        ("a\u2028b\u2029c\u0085d", "a b c d"),
        ("a\tb\x0b\x0cc", "a b c"),
        ("zero\u200bwidth\ufeff bidi\u202e", "zero width bidi"),
        ("  many   spaces  ", "many spaces"),
        ("Jürgen Groß 日本", "Jürgen Groß 日本"),
        ("", ""),
    ],
)
def test_one_line(text: str, expected: str) -> None:
    assert one_line(text) == expected


def test_moment_formats() -> None:
    moment = Moment.of(
        START.astimezone(UTC), START.astimezone(UTC) + timedelta(minutes=45), "America/New_York"
    )
    assert moment.date == "Tuesday 8 December 2026"
    assert moment.time == "10:00-10:45 EST (UTC-05:00)"
    assert moment.time_only == "10:00 EST"
    assert moment.line == "Tuesday 8 December 2026, 10:00-10:45 EST (UTC-05:00), America/New_York"
    assert moment.spoken == "Tuesday the 8th at 10:00 EST"
    berlin = Moment.of(START.astimezone(UTC), None, "Europe/Berlin")
    assert berlin.time == "16:00 CET (UTC+01:00)"
    assert Moment.of(datetime(2026, 12, 7, 12, 0, tzinfo=UTC), None, "Asia/Kolkata").time == (
        "17:30 IST (UTC+05:30)"
    )


@pytest.mark.parametrize(
    ("day", "ordinal"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (31, "31st"),
    ],
)
def test_spoken_ordinals(day: int, ordinal: str) -> None:
    instant = datetime(2026, 12, day, 12, 0, tzinfo=UTC)
    assert f" the {ordinal} at " in Moment.of(instant, None, "UTC").spoken


def test_moment_across_dst_uses_each_instants_offset() -> None:
    """New York is already on EDT on 10 March 2026 while Berlin is still on CET: 5 hours apart."""
    instant = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    assert Moment.of(instant, None, "America/New_York").time == "10:00 EDT (UTC-04:00)"
    assert Moment.of(instant, None, "Europe/Berlin").time == "15:00 CET (UTC+01:00)"
    # An interval across the autumn change keeps each end's own clock.
    start = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    moment = Moment.of(start, start + timedelta(hours=1), "Europe/Berlin")
    assert moment.time == "02:30-02:30 CEST (UTC+02:00)"


def test_base_variables_yours_only_when_the_offset_differs() -> None:
    invite = make_invite()
    variables = base_variables(invite, YOU)
    assert variables["their_zone"] == "America/New_York"
    assert variables["your_zone"] == "Europe/Berlin"
    assert variables["yours"].line.startswith("Tuesday 8 December 2026, 16:00-16:45 CET")
    assert variables["interviewer"] == "Dana Whitfield"
    assert variables["interviewer_first"] == "Dana"
    assert variables["join"]["link"] == "https://acme.zoom.us/j/98765432100"
    same = You(zone="America/Toronto", name="x", email="x@example.com")  # same offset as NY
    assert base_variables(invite, same)["yours"] is None


def test_base_variables_organizer_zone_unknown_uses_yours() -> None:
    floating = Invite(
        source="test",
        uid="u@x",
        summary="",
        start=zoned(
            datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")), Resolution.FLOATING
        ),
        end=None,
    )
    variables = base_variables(floating, YOU)
    assert variables["their_zone"] == "Europe/Berlin"
    assert variables["yours"] is None
    assert variables["title"] == "Interview"
    assert variables["interviewer"] is None
    assert variables["their"].time == "10:00 CET (UTC+01:00)"


def test_slot_lines_their_time_first() -> None:
    lines = slot_lines(SLOTS, "America/New_York", "Europe/Berlin")
    assert (
        lines[0]["their"]
        == "Thursday 10 December 2026, 09:30-10:15 EST (UTC-05:00), America/New_York"
    )
    assert lines[0]["yours"] == "Thursday 10 December 2026, 15:30-16:15 CET (UTC+01:00)"
    assert lines[0]["spoken"] == "Thursday the 10th at 09:30 EST"
    assert slot_lines(SLOTS, "Europe/Berlin", "Europe/Paris")[0]["yours"] is None


# --- compose --------------------------------------------------------------------------------


def test_reply_ics_accepts_with_same_uid_and_sequence() -> None:
    recurrence = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    invite = make_invite(recurrence_id=recurrence, sequence=7)
    calendar = icalendar.Calendar.from_ical(reply_ics(invite, YOU, STAMP))
    assert str(calendar["METHOD"]) == "REPLY"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == invite.uid
    assert int(event["SEQUENCE"]) == 7
    assert event.decoded("RECURRENCE-ID") == recurrence
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTSTAMP") == STAMP
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert event["ATTENDEE"].params["CN"] == "Lukas Meyer"
    assert event["ORGANIZER"].params["CN"] == "Dana Whitfield"
    assert not calendar.walk("VALARM")


def test_reply_ics_without_your_email_is_refused() -> None:
    """Never answer for an attendee who may not be you (often the organizer)."""
    anonymous = You(zone="Europe/Berlin")
    with pytest.raises(InviteError, match="your email address is unknown"):
        reply_ics(make_invite(), anonymous, STAMP)


def test_reply_ics_answers_for_your_alias() -> None:
    """The invite went to an alias: the REPLY answers for that attendee, not the first one."""
    invite = make_invite(
        attendees=(
            Party("Dana Whitfield", ORGANIZER_EMAIL),
            Party("Lukas", "l.meyer@alias.example"),
        )
    )
    you = You(zone="Europe/Berlin", email=YOU.email, aliases=("L.Meyer@alias.example",))
    (event,) = icalendar.Calendar.from_ical(reply_ics(invite, you, STAMP)).walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:l.meyer@alias.example"
    assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER_EMAIL}"


def test_reply_never_answers_for_the_organizer() -> None:
    """Your address is the organizer's (a self-scheduled hold): no attendee is you."""
    invite = make_invite(attendees=(Party("Dana Whitfield", ORGANIZER_EMAIL),))
    you = You(zone="Europe/Berlin", email=ORGANIZER_EMAIL)
    with pytest.raises(InviteError, match="none of the invite's attendees"):
        reply_ics(invite, you, STAMP)
    draft = confirm_draft(invite, you, STAMP)
    assert draft.calendar is None
    assert any(
        "No iTIP REPLY attached: none of the invite's attendees" in w for w in draft.warnings
    )


def test_confirm_draft_without_organizer_address() -> None:
    invite = make_invite(organizer_email=None, name=None)
    draft = confirm_draft(invite, YOU, STAMP)
    assert draft.to == ()
    assert draft.body.startswith("Hello,\n")
    message = strict_parse(as_bytes(build_message(draft, STAMP)))
    assert "To" not in message
    (event,) = itip(message).walk("VEVENT")  # type: ignore[union-attr]
    assert "ORGANIZER" not in event


@pytest.mark.parametrize("reason", REASONS)
def test_reason_texts(reason: str) -> None:
    line, short, prevention = reason_texts(make_invite(), YOU, reason)
    assert prevention
    if reason == "timezone":
        assert prevention.startswith("The invitation said 10:00 in America/New_York, which is")
        assert "(Tuesday 8 December 2026, 16:00-16:45 CET (UTC+01:00) for me)" in prevention
        assert "time zone" in line and "time zone" in short
    else:
        assert (line, short, prevention) == REASON_TEXT[reason]
    if reason == "other":
        assert line == short == ""


def test_timezone_reason_floating_invite() -> None:
    floating = make_invite()
    floating = Invite(
        source="t",
        uid="u@x",
        summary="s",
        start=ZonedTime(
            instant=START.astimezone(UTC),
            local=START.astimezone(ZoneInfo("Europe/Berlin")),
            zone=None,
            tzid=None,
            how=Resolution.FLOATING,
            wall=datetime(2026, 12, 8, 16, 0),
        ),
        end=None,
        organizer=floating.organizer,
    )
    prevention = reason_texts(floating, YOU, "timezone")[2]
    assert prevention.startswith("The invitation said 16:00 in no time zone, which is")


@pytest.mark.parametrize("reason", REASONS)
def test_recover_draft_apologises_once(reason: str) -> None:
    draft = recover_draft(
        make_invite(), YOU, reason, SLOTS, "America/New_York", cc=("a@b.example",)
    )
    assert len(re.findall(r"sorry|apolog", draft.body, re.IGNORECASE)) == 1
    assert draft.cc == ("a@b.example",)
    assert set(draft.scripts) == {"phone", "voicemail"}
    assert len(draft.scripts["phone"].split()) < 150
    assert "\n" not in draft.scripts["phone"]
    assert draft.calendar is None


def test_recover_draft_without_slots() -> None:
    draft = recover_draft(make_invite(), YOU, "overslept", (), "America/New_York")
    assert "Could you suggest a few times that suit you?" in draft.body
    assert "any of these times" not in draft.body
    assert "Could you suggest a few times that suit you?" in draft.scripts["phone"]
    assert "these times" not in draft.scripts["phone"]
    assert "to ask for a new time" in draft.scripts["voicemail"]
    assert "some times" not in draft.scripts["voicemail"]


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_followup_drafts(outcome: str) -> None:
    new = (datetime(2026, 12, 15, 19, 30, tzinfo=UTC), None)
    draft = followup_draft(
        make_invite(),
        YOU,
        outcome,
        new if outcome == "rescheduled" else None,
        message_id=MESSAGE_ID,
    )
    assert draft.kind == f"followup-{outcome}"
    assert draft.in_reply_to == MESSAGE_ID
    assert draft.references == (MESSAGE_ID,)
    if outcome == "rescheduled":
        assert "14:30 EST (UTC-05:00), America/New_York" in draft.body
        assert "20:30 CET (UTC+01:00), Europe/Berlin for me" in draft.body


def test_followup_rescheduled_needs_a_time() -> None:
    with pytest.raises(ValueError, match="new-time"):
        followup_draft(make_invite(), YOU, "rescheduled")


def test_draft_as_json() -> None:
    draft = recover_draft(
        make_invite(),
        YOU,
        "technical",
        SLOTS,
        "America/New_York",
        cc=("rec@example.com",),
        message_id=MESSAGE_ID,
    )
    data = draft.as_json()
    assert set(data) == {"kind", "headers", "body", "calendar_method", "scripts", "warnings"}
    assert data["headers"] == {
        "From": "Lukas Meyer <lukas.meyer@example.net>",
        "To": ["Dana Whitfield <org@example.com>"],
        "Cc": ["rec@example.com"],
        "Subject": draft.subject,
        "In-Reply-To": MESSAGE_ID,
        "References": [MESSAGE_ID],
    }
    json.dumps(data)


# --- templates ------------------------------------------------------------------------------


def test_split_subject() -> None:
    assert split_subject("\nSubject line\r\n\n\nBody\n\n\n") == ("Subject line", "Body\n")
    assert split_subject("Only a subject") == ("Only a subject", "\n")


def test_render_prefers_the_override(tmp_path: Path) -> None:
    (tmp_path / "confirm.txt").write_text("Mine: {{ title }}\n\nBody\n", encoding="utf-8")
    variables = base_variables(make_invite(), YOU)
    assert render("confirm.txt", variables, tmp_path).startswith("Mine: Interview: Backend")
    assert render("confirm.txt", variables, None).startswith("Confirming our interview")
    assert render("confirm.txt", variables, tmp_path / "absent").startswith("Confirming")


@pytest.mark.parametrize(
    "text", ["{{ title ", "{{ missing }}", "{% if %}", "{{ their.nope }}", "{% endfor %}"]
)
def test_broken_override_names_the_template(tmp_path: Path, text: str) -> None:
    (tmp_path / "confirm.txt").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^template confirm\.txt: "):
        render("confirm.txt", base_variables(make_invite(), YOU), tmp_path)


def test_templates_are_not_html_escaped() -> None:
    invite = make_invite(summary="R&D <Platform> \"team\" & 'friends'")
    draft = confirm_draft(invite, YOU, STAMP)
    assert "R&D <Platform> \"team\" & 'friends'" in draft.body


# --- hostile text ---------------------------------------------------------------------------

#: Pieces of hostile text: line breaks of every kind, NUL and other controls, header-like and
#: iCalendar-like text, encoded words, quotes and separators, non-ASCII, long runs.
NASTY = (
    "\r",
    "\n",
    "\r\n",
    "\n\r",
    "\x00",
    "\u2028",
    "\u2029",
    "\u0085",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\u200b",
    "\ufeff",
    "\u202e",
    "Bcc: x@y",
    "\r\nBcc: evil@attacker.example",
    "\nTo: evil@attacker.example",
    "\r\n\r\nInjected body",
    "\r\nATTENDEE:mailto:evil@x",
    "\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:evil@x",
    "\nBEGIN:VALARM\nACTION:EMAIL\nATTENDEE:mailto:evil@x\nEND:VALARM\n",
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\n",
    "\r\nMETHOD:CANCEL",
    "=?utf-8?q?Bcc=3A_evil=40x?=",
    "=?utf-8?b?QmNjOiBldmlsQHg=?=",
    '"',
    "'",
    ",",
    ";",
    ":",
    "\\",
    "\\n",
    "^n",
    "<evil@x>",
    "(comment)",
    "Jürgen Groß",
    "日本語",
    "Ωμέγα",
    "🙂",
    " ",
    "x" * 300,
    "ß" * 120,
    "ab" * 500,
    "https://acme.zoom.us/j/1\x00\r\nBcc: x",
    "Hauptstraße 5, 10115 Berlin",
)
pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))
hostile = st.builds(
    lambda parts, times: "".join(parts) * times,
    st.lists(pieces, max_size=8),
    st.sampled_from((1, 1, 1, 2, 8)),
)

HYPOTHESIS = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

EVENT_PROPERTIES = {"UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER"}


def expected_headers(draft: Draft) -> set[str]:
    names = {"Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"}
    if draft.sender is not None and draft.sender.email:
        names.add("From")
    if any(p.email for p in draft.to):
        names.add("To")
    if draft.cc:
        names.add("Cc")
    if message_id_or_none(draft.in_reply_to):
        names |= {"In-Reply-To", "References"}
    if draft.calendar is None:
        names.add("Content-Transfer-Encoding")
    return names


def squeezed(text: str) -> str:
    return "".join(text.split())


def shown_name(shown: str, original: str | None) -> None:
    """A display name as the parsed header gives it: bounded, no encoded-word opener, and made
    only of the original's characters in order (some specials may be dropped, never added)."""
    assert len(shown) <= 64 + shown.count(" ")  # the parser may add spaces between encoded words
    assert "=?" not in shown
    rest = iter(squeezed(one_line(original or "")))
    assert all(c in rest for c in squeezed(shown)), (shown, original)


def shown_cn(cn: str, original: str | None) -> None:
    """A CN parameter: the name on one line, without backslashes (read as escapes by parsers)."""
    assert "\\" not in cn
    assert cn == one_line(cn)
    assert squeezed(cn) == squeezed(one_line(original or "")).replace("\\", "")


def check_message(draft: Draft, invite: Invite, you: You) -> EmailMessage:
    """Build, serialise, parse back strictly, and check every header and the iTIP part."""
    data = as_bytes(build_message(draft, STAMP))
    message = strict_parse(data)
    names = list(message.keys())
    assert len(names) == len(set(names)), names
    assert set(names) == expected_headers(draft), names
    assert "Bcc" not in message
    if "=?" not in draft.subject:  # (an encoded-word look-alike is decoded when read back)
        # (whitespace between encoded words is not kept by the parser)
        assert squeezed(message["Subject"]) == squeezed(one_line(draft.subject))
    if invite.organizer and plain_address(invite.organizer.email):
        (to,) = message["To"].addresses
        assert to.addr_spec == invite.organizer.email
        shown_name(to.display_name, invite.organizer.name)
    else:
        assert "To" not in message
    if you.email:
        (sender,) = message["From"].addresses
        assert sender.addr_spec == you.email
        shown_name(sender.display_name, you.name)
    if draft.cc:
        assert [a.addr_spec for a in message["Cc"].addresses] == ["rec@example.com"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert isinstance(body.get_content(), str)

    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == (0 if draft.calendar is None else 1)
    if parts:
        raw = parts[0].get_content()
        assert isinstance(raw, str)
        calendar = icalendar.Calendar.from_ical(raw)
        assert set(calendar) == {"PRODID", "VERSION", "METHOD"}
        assert str(calendar["METHOD"]) == "REPLY"
        assert [c.name for c in calendar.subcomponents] == ["VEVENT"]
        event = calendar.subcomponents[0]
        assert not event.subcomponents, "no VALARM or anything else inside"
        expected = EVENT_PROPERTIES | {"ATTENDEE"}
        if not (invite.organizer and plain_address(invite.organizer.email)):
            expected = expected - {"ORGANIZER"}
        assert set(event) == expected
        for name in expected:
            assert not isinstance(event[name], list), name
        assert str(event["UID"]) == invite.uid
        assert int(event["SEQUENCE"]) == invite.sequence
        assert str(event["SUMMARY"]) == (one_line(invite.summary) or "Interview")
        if "ORGANIZER" in expected:
            assert invite.organizer is not None
            organizer = event["ORGANIZER"]
            assert str(organizer) == f"mailto:{invite.organizer.email}"
            assert set(organizer.params) <= {"CN"}
            shown_cn(organizer.params.get("CN", ""), invite.organizer.name)
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{you.email}"
        assert attendee.params["PARTSTAT"] == "ACCEPTED"
        assert set(attendee.params) <= {"PARTSTAT", "CN"}
        shown_cn(attendee.params.get("CN", ""), you.name)
        # Counted in the text itself: injected lines would be real content lines.
        text = raw.replace("\r\n", "\n")
        lines = text.replace("\n ", "").replace("\n\t", "").split("\n")
        assert sum(line.startswith("ATTENDEE") for line in lines) == 1
        assert sum(line.startswith("ORGANIZER") for line in lines) == (
            1 if "ORGANIZER" in expected else 0
        )
        assert lines.count("BEGIN:VEVENT") == 1
        assert not [line for line in lines if line.startswith(("BEGIN:VALARM", "METHOD:CANCEL"))]
        assert "evil" not in str(attendee)
    return message


def all_drafts(invite: Invite, you: You) -> list[Draft]:
    their = invite.organizer_zone or you.zone
    return [
        confirm_draft(invite, you, STAMP, message_id=MESSAGE_ID),
        confirm_draft(invite, you, STAMP, with_reply=False),
        recover_draft(invite, you, "timezone", SLOTS, their, cc=("rec@example.com",)),
        recover_draft(invite, you, "other", (), their, message_id=MESSAGE_ID),
        followup_draft(invite, you, "rescheduled", (SLOTS[0].start, SLOTS[0].end)),
        followup_draft(invite, you, "no-reply", message_id=MESSAGE_ID),
    ]


@HYPOTHESIS
@given(name=hostile, summary=hostile, location=hostile, your_name=hostile)
@pytest.mark.slow
def test_hostile_invite_values(name: str, summary: str, location: str, your_name: str) -> None:
    invite = make_invite(summary=summary, name=name, location=location)
    you = You(zone="Europe/Berlin", name=your_name, email=YOU.email)
    for draft in all_drafts(invite, you):
        check_message(draft, invite, you)


def hostile_ics(name: str, summary: str, location: str) -> bytes | None:
    """An invite written with icalendar (its escaping), or None when icalendar refuses."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//noshow tests//hostile//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", "REQUEST")
    event = icalendar.Event()
    event.add("UID", "hostile-1@scheduler.example.com")
    event.add("SEQUENCE", 3)
    event.add("DTSTAMP", STAMP)
    event.add("DTSTART", START)
    event.add("DTEND", START + timedelta(hours=1))
    event.add("SUMMARY", summary)
    event.add("LOCATION", location)
    organizer = icalendar.vCalAddress(f"mailto:{ORGANIZER_EMAIL}")
    if name:
        organizer.params["CN"] = name
    event.add("ORGANIZER", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{YOU.email}")
    attendee.params["CN"] = name or "x"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    event.add("ATTENDEE", attendee)
    alarm = icalendar.Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", summary or "x")
    alarm.add("TRIGGER", timedelta(minutes=-15))
    event.add_component(alarm)
    calendar.add_component(event)
    try:
        return calendar.to_ical()
    except (ValueError, TypeError):
        return None


@HYPOTHESIS
@given(name=hostile, summary=hostile, location=hostile)
@pytest.mark.slow
def test_hostile_ics_invites(name: str, summary: str, location: str) -> None:
    data = hostile_ics(name, summary, location)
    if data is None:
        return
    document = read_document("hostile.ics", data, "Europe/Berlin")
    if not document.invites:
        # Not readable as an invite (e.g. a NUL makes it binary): one clear line, no crash.
        assert document.problems
        assert all("\n" not in p.one_line() for p in document.problems)
        return
    (invite,) = document.invites
    assert invite.uid == "hostile-1@scheduler.example.com"
    assert invite.sequence == 3
    assert invite.organizer_zone == "America/New_York"
    assert invite.start.instant == START.astimezone(UTC)
    # (icalendar writes control characters in a CN raw, which is not iCalendar: the organizer
    # may then be dropped, never replaced.)
    assert invite.organizer is None or invite.organizer.email == ORGANIZER_EMAIL
    assert one_line(invite.summary) == one_line(summary)
    for draft in all_drafts(invite, YOU):
        message = check_message(draft, invite, YOU)
        if draft.kind == "confirm" and draft.calendar is not None:
            (event,) = itip(message).walk("VEVENT")  # type: ignore[union-attr]
            assert event.decoded("DTSTART") == START


@HYPOTHESIS
@given(
    subject=hostile,
    cc_name=hostile,
    reference=st.one_of(hostile, st.just(MESSAGE_ID), hostile.map(lambda t: f"<{t}@x.example>")),
    name=hostile,
)
def test_hostile_draft_headers(subject: str, cc_name: str, reference: str, name: str) -> None:
    """Whatever a Draft holds (a subject from an override, a Cc, a Message-ID to reply to),
    the message has exactly the expected headers, each once."""
    draft = Draft(
        kind="confirm",
        to=(Party(name, ORGANIZER_EMAIL),),
        subject=subject,
        body=f"{subject}\n{name}\n",
        sender=Party(name, YOU.email),
        cc=(f"{one_line(cc_name)} <rec@example.com>",),
        in_reply_to=reference if one_line(reference) else None,
        references=(reference,) if one_line(reference) else (),
    )
    try:
        message = strict_parse(as_bytes(build_message(draft, STAMP)))
    except ConfigError as exc:
        # A name that makes the --cc value read as something else is refused, clearly.
        assert str(exc).startswith("--cc ") and "\n" not in str(exc)
        return
    names = list(message.keys())
    assert len(names) == len(set(names)), names
    assert set(names) == expected_headers(draft), names
    if "=?" not in subject:
        assert squeezed(message["Subject"]) == squeezed(one_line(subject))
    assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER_EMAIL]
    assert [a.addr_spec for a in message["From"].addresses] == [YOU.email]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["rec@example.com"]
    shown_name(message["To"].addresses[0].display_name, name)
    if message_id_or_none(reference):
        assert message["In-Reply-To"] == reference
        assert message["References"] == reference
    else:  # (an escape written as a space, or a decoded "=?...?=", would name another message)
        assert "In-Reply-To" not in message


@HYPOTHESIS
@given(cc=hostile)
def test_hostile_cc_is_one_address_or_refused(cc: str) -> None:
    draft = recover_draft(make_invite(), YOU, "other", (), "America/New_York", cc=(cc,))
    try:
        message = strict_parse(as_bytes(build_message(draft, STAMP)))
    except ConfigError as exc:
        assert str(exc).startswith("--cc ") and "\n" not in str(exc)
        return
    (address,) = message["Cc"].addresses
    assert plain_address(address.addr_spec)
    assert address.addr_spec in one_line(cc)
    assert set(message.keys()) == expected_headers(draft)


@HYPOTHESIS
@given(
    address=st.one_of(
        hostile,
        st.sampled_from(
            [
                "evil@x.example, victim@y.example",
                "a@b.example>, <c@d.example",
                "victim@y.example (x)",
                "x@y.example;z@w.example",
                '"a b"@c.example',
                "a b@c.example",
                "x" * 300 + "@example.com",
                "org@exa mple.com",
                "=?utf-8?q?evil=40x.example?=@y.example",
                "ünï@example.com",
            ]
        ),
    ),
    name=hostile,
)
@pytest.mark.slow
def test_hostile_organizer_address(address: str, name: str) -> None:
    """An ORGANIZER that is not one plain address is never written into To."""
    invite = make_invite(name=name, organizer_email=address)
    for draft in all_drafts(invite, YOU):
        message = check_message(draft, invite, YOU)
        if "To" in message:
            assert [a.addr_spec for a in message["To"].addresses] == [address]


@HYPOTHESIS
@given(summary=hostile, name=hostile, location=hostile)
def test_hostile_text_in_an_overridden_subject(
    tmp_path_factory: pytest.TempPathFactory, summary: str, name: str, location: str
) -> None:
    """An override may put the invite's own text in the subject line: still one header."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "confirm.txt").write_text(
        "Re: {{ title }} with {{ interviewer }} at {{ join.address }} {{ join.link }}\n\n"
        "{{ title }}\n{{ their.line }}\n",
        encoding="utf-8",
    )
    invite = make_invite(summary=summary, name=name, location=location)
    draft = confirm_draft(invite, YOU, STAMP, template_dir=folder, message_id=MESSAGE_ID)
    assert "\n" not in draft.subject and "\r" not in draft.subject
    check_message(draft, invite, YOU)


# --- regressions found by the properties above --------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        # Python's folder drops the quotes of a long display name (CPython gh-80222) ...
        "Recruiter: evil@attacker.example; other@attacker.example, " * 4,
        "\nBEGIN:VALARM\nACTION:EMAIL\nATTENDEE:mailto:evil@x\nEND:VALARM\n" * 20,
        # ... writes decoded encoded words unquoted ...
        "=?utf-8?b?QmNjOiBldmlsQHg=?==?utf-8?q?Bcc=3A_evil=40x?=9",
        "=?utf-8?q?evil=40attacker.example=2C?= =?utf-8?q?x?=",
        # ... and leaves an empty line inside the header for a word longer than a line.
        "ab" * 200 + " " + "ab" * 100,
        "x" * 2000,
    ],
)
def test_organizer_name_never_adds_a_recipient(name: str) -> None:
    invite = make_invite(name=name)
    for draft in all_drafts(invite, YOU):
        message = check_message(draft, invite, YOU)
        assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER_EMAIL]
        assert str(message["To"]).count("@") == 1


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Dana Whitfield", "Dana Whitfield"),
        ("Whitfield, Dana", "Whitfield, Dana"),  # short: kept, quoted
        ("Dr. Jürgen Groß (HR)", "Dr. Jürgen Groß (HR)"),
        ("日本語の名前", "日本語の名前"),
    ],
)
def test_ordinary_organizer_names_are_kept(name: str, shown: str) -> None:
    invite = make_invite(name=name)
    message = strict_parse(as_bytes(build_message(confirm_draft(invite, YOU, STAMP), STAMP)))
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (shown, ORGANIZER_EMAIL)


@pytest.mark.parametrize(
    "address",
    [
        "evil@x.example, victim@y.example",
        "a@b.example>, <c@d.example",
        "victim@y.example (comment)",
        "=?utf-8?q?evil=40x.example?=@y.example",
    ],
)
def test_organizer_address_that_is_not_one_address_is_not_written(address: str) -> None:
    invite = make_invite(organizer_email=address)
    draft = confirm_draft(invite, YOU, STAMP)
    assert draft.to == ()
    message = check_message(draft, invite, YOU)
    assert "To" not in message
    (event,) = itip(message).walk("VEVENT")  # type: ignore[union-attr]
    assert "ORGANIZER" not in event


def test_backslash_in_a_name_does_not_swallow_partstat() -> None:
    you = You(zone="Europe/Berlin", name="Lukas Meyer\\", email=YOU.email)
    raw = reply_ics(make_invite(name="\\"), you, STAMP)
    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert event["ATTENDEE"].params["CN"] == "Lukas Meyer"
    assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER_EMAIL}"


@pytest.mark.parametrize(
    "cc",
    ["a: b@c.example;", "x@y.example, z@w.example", "<a@b.example> <c@d.example>", "nobody", ""],
)
def test_cc_that_is_not_one_address_is_refused(cc: str) -> None:
    draft = recover_draft(make_invite(), YOU, "other", (), "America/New_York", cc=(cc,))
    with pytest.raises(ConfigError, match=r"^--cc .* is not one email address$"):
        build_message(draft, STAMP)


@pytest.mark.parametrize(
    ("cc", "name", "address"),
    [
        ("rec@example.com", "", "rec@example.com"),
        ("Hiring Team <hiring@example.com>", "Hiring Team", "hiring@example.com"),
        ('"Doe, Jane" <jane@example.com>', "Doe, Jane", "jane@example.com"),
        ("<bare@example.com>", "", "bare@example.com"),
    ],
)
def test_cc_forms(cc: str, name: str, address: str) -> None:
    draft = recover_draft(make_invite(), YOU, "other", (), "America/New_York", cc=(cc,))
    message = strict_parse(as_bytes(build_message(draft, STAMP)))
    (got,) = message["Cc"].addresses
    assert (got.display_name, got.addr_spec) == (name, address)


# --- a hostile invite email, through the command line ----------------------------------------


def encoded_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


def hostile_eml(subject: str, message_id: str, ics: bytes) -> bytes:
    return (
        b"From: Recruiter <recruiter@example.com>\r\n"
        b"To: Lukas Meyer <lukas.meyer@example.net>\r\n"
        b"Subject: " + encoded_word(subject).encode("ascii") + b"\r\n"
        b"Message-ID: " + message_id.encode("ascii") + b"\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: text/calendar; charset="utf-8"; method=REQUEST\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(ics).replace(b"\n", b"\r\n")
    )


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    subject=hostile,
    name=hostile,
    summary=hostile,
    message_id=st.one_of(
        st.just("<ok-1@scheduler.example.com>"),
        hostile.map(encoded_word),
        st.sampled_from(
            [
                encoded_word("<a@b>\r\nBcc: evil@attacker.example"),
                "<a@b> <c@d>",
                "not-an-id",
                "<a@b>(comment)",
            ]
        ),
    ),
)
def test_hostile_invite_email_through_confirm(
    tmp_path_factory: pytest.TempPathFactory, subject: str, name: str, summary: str, message_id: str
) -> None:
    data = hostile_ics(name, summary, "https://acme.zoom.us/j/1")
    if data is None or b"\x00" in data:
        return
    folder = tmp_path_factory.mktemp("hostile")
    invite = folder / "invite.eml"
    invite.write_bytes(hostile_eml(subject, message_id, data))
    config = folder / "config.toml"
    config.write_text(
        '[you]\nname = "Lukas Meyer"\nemail = "lukas.meyer@example.net"\nzone = "Europe/Berlin"\n',
        encoding="utf-8",
    )
    out = folder / "confirm.eml"
    (read,) = read_document("invite.ics", data, "Europe/Berlin").invites
    # Without an organizer address the .eml needs a recipient: --to gives it.
    to = [] if read.organizer is not None else ["--to", ORGANIZER_EMAIL]
    result = CliRunner().invoke(
        cli,
        [
            "confirm",
            str(invite),
            *to,
            "-o",
            str(out),
            "--config",
            str(config),
            "--now",
            "2026-11-23T09:00:00Z",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    headers = json.loads(result.stdout)["headers"]
    message = strict_parse(out.read_bytes())
    names = list(message.keys())
    assert len(names) == len(set(names)), names
    expected = {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"}
    mine = any(a.email == YOU.email for a in read.attendees)
    if not mine:  # (the attendee line did not survive the hostile CN): no REPLY for another
        expected.add("Content-Transfer-Encoding")
    assert set(names) - {"In-Reply-To", "References"} == expected
    if not mine:
        assert itip(message) is None
        assert "No iTIP REPLY attached" in result.stderr
        return
    if "In-Reply-To" in message:
        # Only a well-formed msg-id, never other text from the hostile email.
        assert MSG_ID.fullmatch(message["In-Reply-To"]), message["In-Reply-To"]
        assert message["References"] == message["In-Reply-To"]
        assert headers["In-Reply-To"] == message["In-Reply-To"]
    else:
        assert "References" not in message
        assert headers["In-Reply-To"] is None
    assert [a.addr_spec for a in message["To"].addresses] == [ORGANIZER_EMAIL]
    calendar = itip(message)
    assert calendar is not None
    (event,) = calendar.walk("VEVENT")
    attendees = event["ATTENDEE"]
    assert not isinstance(attendees, list)
    assert str(attendees) == f"mailto:{YOU.email}"
