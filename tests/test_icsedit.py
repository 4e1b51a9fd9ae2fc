"""Splicing reminders into calendar text: only additions, every original byte kept, idempotent.

The invariant, checked on our fixtures and on every readable file of the shared corpus: the
original file's lines are a subsequence of the output's lines, and removing the components noshow
added (found by their X-NOSHOW-KIND, plus a VTIMEZONE it had to add) gives back the original bytes
exactly. Other implementations (icalendar, ical, vobject) must read what noshow writes.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from noshow.adapters.files import DEFAULT_MAX_BYTES
from noshow.adapters.ics_store import Source, decode, encode
from noshow.adapters.vdir import VdirWriter
from noshow.app import import_invites
from noshow.calendars.update import apply_plan
from noshow.errors import InviteError
from noshow.icsedit import physical_lines, vtimezone_block
from noshow.invites import read_document
from noshow.model import Invite, You
from noshow.reminders import KIND_PROPERTY, ReminderOptions, Target, parse_policy, plan_reminders

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "remind"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YOU = You(zone="Europe/Berlin")
ME = You(zone="Europe/Berlin", email="me@example.com")
INVITES = [
    "video-new-york.ics",
    "onsite-customized.ics",
    "phone-utc-lf.ics",
    "folded-xprops-alarm.ics",
    "invite.eml",
    "import/invite-v0.ics",
]
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


# -- the invariant -----------------------------------------------------------------------------


def byte_lines(data: bytes) -> list[bytes]:
    """Physical lines, each with its own line ending (written independently of noshow's)."""
    return _LINE.findall(data)


def is_subsequence(small: list[bytes], big: list[bytes]) -> bool:
    rest = iter(big)
    return all(any(line == other for other in rest) for line in small)


def strip_added(output: bytes, original: bytes) -> bytes:
    """``output`` without noshow's components (those carrying X-NOSHOW-KIND as their own
    property, with everything inside them) and without VTIMEZONEs that the original lacks."""
    lines = byte_lines(output)
    stack: list[tuple[bytes, int, bool]] = []  # (name, first line, carries the marker)
    drop: set[int] = set()
    index = 0
    while index < len(lines):
        start = index
        logical = lines[index].rstrip(b"\r\n")
        index += 1
        while index < len(lines) and lines[index][:1] in (b" ", b"\t"):
            logical += lines[index].rstrip(b"\r\n")[1:]
            index += 1
        name = re.split(rb"[;:]", logical, maxsplit=1)[0].upper()
        value = logical.split(b":", 1)[1].strip().upper() if b":" in logical else b""
        if name == b"BEGIN":
            stack.append((value, start, False))
        elif name == b"END" and stack:
            component, first, marked = stack.pop()
            block = b"".join(lines[first:index])
            if marked or (component == b"VTIMEZONE" and block not in original):
                drop.update(range(first, index))
        elif name == KIND_PROPERTY.encode() and stack:
            component, first, _ = stack[-1]
            stack[-1] = (component, first, True)
    return b"".join(line for number, line in enumerate(lines) if number not in drop)


def assert_only_additions(original: str | bytes, output: str | bytes) -> None:
    old = original if isinstance(original, bytes) else encode(original)
    new = output if isinstance(output, bytes) else encode(output)
    assert is_subsequence(byte_lines(old), byte_lines(new)), "an original line was changed"
    assert strip_added(new, old) == old, "something besides noshow's components was added"


def test_the_invariant_checker_catches_changes() -> None:
    original = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    ok = original.replace(
        b"END:VEVENT", b"BEGIN:VALARM\r\nX-NOSHOW-KIND:alarm\r\nEND:VALARM\r\nEND:VEVENT"
    )
    assert_only_additions(original, ok)
    for broken in (
        original.replace(b"SEQUENCE:0", b"SEQUENCE:1"),  # a changed line
        original.replace(b"\r\nUID", b"\nUID"),  # a changed line ending
        original.replace(b"END:VEVENT", b"X-OTHER:1\r\nEND:VEVENT"),  # an unmarked addition
        original.replace(b"UID:a\r\nSEQUENCE:0", b"SEQUENCE:0\r\nUID:a"),  # reordered
    ):
        with pytest.raises(AssertionError):
            assert_only_additions(original, broken)


# -- helpers -----------------------------------------------------------------------------------


def load(name: str, zone: str = "Europe/Berlin") -> tuple[str, Invite]:
    path = FIXTURES / name
    text = Source.open(path, DEFAULT_MAX_BYTES).text
    document = read_document(str(path), path.read_bytes(), zone)
    return text, document.invites[0]


def options_for(target: Target, policy: str = "1d:email,2h,1h,15m") -> ReminderOptions:
    offsets, emails = parse_policy(policy)
    return ReminderOptions(offsets=offsets, email_offsets=emails, target=target)


def remind(text: str, invite: Invite, options: ReminderOptions | None = None, you: You = ME) -> str:
    plan = plan_reminders(invite, options or ReminderOptions(), you, NOW)
    edit = apply_plan(text, plan, invite.dtstamp or NOW)
    assert edit.found
    return edit.text


def vobject_read(text: str) -> Any:
    """vobject's reading of one calendar. vobject keeps one process-wide TZID -> tzinfo map in
    which the first calendar to define a TZID wins for every later calendar (RFC 5545 scopes a
    TZID to its own iCalendar object): forget earlier definitions so each is read with its own."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    utc = registry.get("UTC")
    registry.clear()
    registry["UTC"] = utc
    return vobject.readOne(text)


def interview_of(cal: Any, uid: str) -> Any:
    (found,) = [c for c in cal.walk("VEVENT") if str(c.get("UID")) == uid]
    return found


# -- our fixtures ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", list(Target))
@pytest.mark.parametrize("name", INVITES)
def test_fixture_keeps_every_original_byte(name: str, target: Target) -> None:
    text, invite = load(name)
    output = remind(text, invite, options_for(target))
    assert output != text
    assert_only_additions(text, output)
    # The interview's SEQUENCE and DTSTAMP are never touched.
    before = interview_of(icalendar.Calendar.from_ical(text), invite.uid)
    after = interview_of(icalendar.Calendar.from_ical(output), invite.uid)
    for prop in ("SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "LAST-MODIFIED", "UID"):
        assert after.get(prop) == before.get(prop), prop
    assert [k for k, _ in after.property_items(recursive=False)] == [
        k for k, _ in before.property_items(recursive=False)
    ]


@pytest.mark.parametrize("name", INVITES)
def test_line_endings_follow_the_file(name: str) -> None:
    text, invite = load(name)
    output = encode(remind(text, invite))
    added = output[len(encode(text)) :] if output.startswith(encode(text)) else output
    if name == "phone-utc-lf.ics":
        assert b"\r" not in output  # an LF file stays LF
    else:
        assert encode(text).count(b"\n") == encode(text).count(b"\r\n")  # the fixture is CRLF
        assert output.count(b"\n") == output.count(b"\r\n")  # so are the additions
        assert added.count(b"\n") == added.count(b"\r\n")


@pytest.mark.parametrize("name", INVITES)
def test_second_application_adds_nothing(name: str) -> None:
    text, invite = load(name)
    for target in Target:
        once = remind(text, invite, options_for(target))
        plan = plan_reminders(invite, options_for(target), ME, NOW)
        edit = apply_plan(once, plan, NOW + timedelta(days=1))  # another run, a later stamp
        assert edit.found and not edit.changed
        assert edit.text == once


def test_no_newline_at_end_of_file() -> None:
    text, invite = load("video-new-york.ics")
    trimmed = text.removesuffix("\r\n")
    output = remind(trimmed, invite)
    assert output.endswith("\r\nEND:VCALENDAR")
    assert_only_additions(trimmed, output)


def test_several_calendars_in_one_file() -> None:
    other, _ = load("phone-utc-lf.ics")
    text, invite = load("video-new-york.ics")
    both = other.replace("\n", "\r\n") + text
    output = remind(both, invite)
    assert_only_additions(both, output)
    # The additions go into the interview's own VCALENDAR (the second), none into the first.
    assert output.startswith(other.replace("\n", "\r\n"))
    assert "X-NOSHOW-KIND" in output[len(other.replace("\n", "\r\n")) :]


def test_bytes_that_are_not_utf8_survive() -> None:
    path = FIXTURES / "onsite-customized.ics"
    data = path.read_bytes().replace(
        b"Please report to reception",
        b"Please report to r\xe9ception",  # Windows-1252 e-acute
    )
    text = decode(data)
    document = read_document(str(path), data, "Europe/Berlin")
    output = remind(text, document.invites[0])
    assert b"r\xe9ception" in encode(output)
    assert_only_additions(data, encode(output))


# -- alarms already there ----------------------------------------------------------------------


def alarm_triggers(event: Any) -> list[tuple[timedelta, str]]:
    return sorted(
        (a.decoded("TRIGGER"), str(a["ACTION"])) for a in event.subcomponents if a.name == "VALARM"
    )


@pytest.mark.parametrize("name", ["folded-xprops-alarm.ics", "invite.eml"])
def test_an_alarm_with_the_same_trigger_counts_as_present(name: str) -> None:
    # The folded fixture has "TRIG\r\n GER:-PT15M" (DISPLAY), the email "TRIGGER;RELATED=START:
    # -PT15M": either covers the planned 15 minute AUDIO alarm.
    text, invite = load(name)
    output = remind(text, invite, options_for(Target.GENERIC, "1d,2h,1h,15m"))
    event = interview_of(icalendar.Calendar.from_ical(output), invite.uid)
    triggers = alarm_triggers(event)
    assert [t for t, _ in triggers].count(timedelta(minutes=-15)) == 1
    assert len(triggers) == 4
    assert_only_additions(text, output)
    # Outlook: the existing alarm is the one alarm.
    output = remind(text, invite, options_for(Target.OUTLOOK, "1d,2h,1h,15m"))
    event = interview_of(icalendar.Calendar.from_ical(output), invite.uid)
    assert len(alarm_triggers(event)) == 1


def test_an_email_alarm_is_not_covered_by_a_display_alarm() -> None:
    text, invite = load("folded-xprops-alarm.ics")
    output = remind(text, invite, options_for(Target.GENERIC, "1d,15m:email"))
    event = interview_of(icalendar.Calendar.from_ical(output), invite.uid)
    assert (timedelta(minutes=-15), "EMAIL") in alarm_triggers(event)
    assert (timedelta(minutes=-15), "DISPLAY") in alarm_triggers(event)


def test_an_end_related_or_absolute_alarm_does_not_count() -> None:
    text, invite = load("video-new-york.ics")
    mine = (
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER;RELATED=END:-PT15M\r\n"
        "END:VALARM\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:y\r\n"
        "TRIGGER;VALUE=DATE-TIME:20261203T144500Z\r\nEND:VALARM\r\n"
    )
    text = text.replace("TRANSP:OPAQUE\r\nEND:VEVENT", "TRANSP:OPAQUE\r\n" + mine + "END:VEVENT")
    output = remind(text, invite)
    assert output.count("TRIGGER:-PT15M") == 1  # noshow's own, added
    assert_only_additions(text, output)


def test_noshow_alarm_moved_by_the_user_is_not_added_again() -> None:
    text, invite = load("video-new-york.ics")
    output = remind(text, invite)
    moved = output.replace("TRIGGER:-PT15M", "TRIGGER:-PT20M")  # the user edits noshow's alarm
    plan = plan_reminders(invite, ReminderOptions(), ME, NOW)
    edit = apply_plan(moved, plan, NOW)
    assert not edit.changed and edit.text == moved


def test_alarm_uids_are_rfc9074_and_the_same_every_run(tmp_path: Path) -> None:
    text, invite = load("video-new-york.ics")
    first = remind(text, invite, options_for(Target.GENERIC), YOU)
    second = remind(text, invite, options_for(Target.GENERIC), YOU)
    assert first == second
    cal = icalendar.Calendar.from_ical(first)
    ours = [
        a
        for c in cal.walk()
        for a in c.subcomponents
        if a.name == "VALARM" and a.get(KIND_PROPERTY) is not None
    ]
    assert len(ours) == 4 + 4 + 3  # on the interview, one per reminder, one per task
    uids = [str(a["UID"]) for a in ours]
    assert len(set(uids)) == len(uids)
    assert all(re.fullmatch(r"[0-9a-f-]{36}@noshow", u) for u in uids)


# -- a VTIMEZONE the file lacks ---------------------------------------------------------------


def test_missing_vtimezone_is_added_once() -> None:
    text, _ = load("video-new-york.ics")
    start = text.index("BEGIN:VTIMEZONE")
    end = text.index("END:VTIMEZONE\r\n") + len("END:VTIMEZONE\r\n")
    bare = text[:start] + text[end:]
    bare = bare.replace("America/New_York", "America/Chicago")
    data = encode(bare)
    invite = read_document("bare.ics", data, "Europe/Berlin").invites[0]
    output = remind(bare, invite)
    assert output.count("BEGIN:VTIMEZONE") == 1
    assert output.count("TZID:America/Chicago") == 1
    assert_only_additions(bare, output)
    plan = plan_reminders(invite, ReminderOptions(), ME, NOW)
    assert apply_plan(output, plan, NOW).text == output
    cal = icalendar.Calendar.from_ical(output)
    reminders = [c for c in cal.walk("VEVENT") if str(c.get(KIND_PROPERTY)) == "reminder"]
    assert sorted(invite.start.instant - r.decoded("DTSTART") for r in reminders) == sorted(
        ReminderOptions().offsets
    )
    IcsCalendarStream.calendar_from_ics(output)


def test_tzid_with_a_trailing_space_is_written_as_the_file_writes_it() -> None:
    # Thunderbird saves Exchange zones as "TZID:Mitteleuropäische Zeit " and
    # "DTSTART;TZID=Mitteleuropäische Zeit :...": the space is part of the name (RFC 5545
    # paramtext may hold spaces), and the additions must name the same VTIMEZONE.
    text, _ = load("video-new-york.ics")
    text = text.replace("TZID:America/New_York\r\n", "TZID:Eastern Time \r\n")
    text = text.replace("X-LIC-LOCATION:America/New_York\r\n", "")
    text = text.replace(";TZID=America/New_York:", ";TZID=Eastern Time :")
    invite = read_document("spaced.ics", encode(text), "Europe/Berlin").invites[0]
    output = remind(text, invite)
    assert_only_additions(text, output)
    unfolded = re.sub(r"\r\n[ \t]", "", output)
    zoned = re.findall(r"^(?:DTSTART|DTEND|DUE);TZID=([^:]*):", unfolded, re.MULTILINE)
    assert len(zoned) > 10 and set(zoned) == {"Eastern Time "}
    assert output.count("BEGIN:VTIMEZONE") == 1
    parsed = IcsCalendarStream.calendar_from_ics(output)
    starts = {e.uid: e.dtstart.astimezone(UTC) for e in parsed.events}
    assert starts[invite.uid] == invite.start.instant == datetime(2026, 12, 3, 15, tzinfo=UTC)
    plan = plan_reminders(invite, ReminderOptions(), ME, NOW)
    for addition in plan.additions:
        assert starts.get(addition.uid, addition.start) == addition.start


def test_no_vtimezone_for_utc() -> None:
    text, invite = load("phone-utc-lf.ics")
    assert "VTIMEZONE" not in remind(text, invite)


# -- the shared corpus -------------------------------------------------------------------------


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".ics", ".eml")
        and b"BEGIN:VEVENT" in p.read_bytes().upper()
    )


CORPUS_FILES = corpus_files()


@functools.cache
def corpus_run(path: Path, target: Target) -> tuple[str, str, Invite] | None:
    """(calendar text, text with reminders, first invite), or None for files noshow rejects."""
    data = path.read_bytes()
    try:
        source = Source.open(path, DEFAULT_MAX_BYTES)
    except InviteError:
        return None
    document = read_document(str(path), data, "Europe/Berlin")
    if not document.invites:
        return None
    invite = document.invites[0]
    now = invite.start.instant - timedelta(days=1)  # the day before: everything is ahead
    plan = plan_reminders(invite, options_for(target), ME, now)
    edit = apply_plan(source.text, plan, invite.dtstamp or now)
    return source.text, edit.text, invite


@pytest.mark.skipif(not CORPUS_FILES, reason=f"no invite corpus at {CORPUS}")
@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[str(p.relative_to(CORPUS)) for p in CORPUS_FILES]
)
def test_corpus_file_keeps_every_original_byte(path: Path) -> None:
    for target in (Target.GENERIC, Target.GOOGLE):
        result = corpus_run(path, target)
        if result is None:
            pytest.skip("noshow rejects this file")
        text, output, invite = result
        assert_only_additions(text, output)
        if output != text and target is Target.GENERIC:
            # Whatever reads the original also reads the result.
            for read in (
                IcsCalendarStream.calendar_from_ics,
                vobject_read,
                icalendar.Calendar.from_ical,
            ):
                try:
                    read(text)
                except Exception:  # noqa: BLE001 (each library fails in its own way)
                    continue
                read(output)
        if output != text:
            # Read back: the interview's SEQUENCE and DTSTAMP are what they were.
            again = read_document("again", encode(output), "Europe/Berlin")
            same = [i for i in again.invites if i.uid == invite.uid]
            assert same and same[0].sequence == invite.sequence
            assert same[0].dtstamp == invite.dtstamp


@pytest.mark.skipif(not CORPUS_FILES, reason=f"no invite corpus at {CORPUS}")
def test_corpus_mostly_gets_reminders() -> None:
    changed = 0
    for path in CORPUS_FILES:
        result = corpus_run(path, Target.GENERIC)
        if result is not None and result[1] != result[0]:
            changed += 1
    assert changed >= 100, changed  # not a vacuous invariant: most files got additions


# -- other implementations read what noshow writes ---------------------------------------------


@pytest.mark.parametrize("target", list(Target))
@pytest.mark.parametrize("name", INVITES)
def test_other_implementations_read_the_result(name: str, target: Target) -> None:
    text, invite = load(name)
    output = remind(text, invite, options_for(target))
    start = invite.start.instant

    # icalendar
    cal = icalendar.Calendar.from_ical(output)
    ours = {str(c["UID"]): c for c in cal.subcomponents if c.get(KIND_PROPERTY) is not None}
    assert ours
    expected = {
        uid: c.decoded("DTSTART").astimezone(UTC) for uid, c in ours.items() if "DTSTART" in c
    }
    assert all(
        start - t in ReminderOptions().offsets
        for uid, t in expected.items()
        if str(ours[uid][KIND_PROPERTY]) == "reminder"
    )

    # ical (pydantic models, strict about RFC 5545)
    parsed = IcsCalendarStream.calendar_from_ics(output)
    by_uid = {e.uid: e for e in parsed.events}
    assert by_uid[invite.uid].dtstart.astimezone(UTC) == start
    for uid, at in expected.items():
        if ours[uid].name == "VEVENT":
            assert by_uid[uid].dtstart.astimezone(UTC) == at, uid
            assert by_uid[uid].transparency is not None
    todos = {t.uid: t for t in parsed.todos}
    for uid, component in ours.items():
        if component.name == "VTODO":
            # ical moves a DTSTART equal to DUE a day back ("repairs" it; RFC 5545 3.8.2.3
            # allows DUE equal to DTSTART), so only DUE is compared.
            assert todos[uid].due.astimezone(UTC) == component.decoded("DUE").astimezone(UTC)
    parsed_alarms = [a for e in parsed.events for a in e.alarm]
    parsed_alarms += [a for t in parsed.todos for a in t.alarms]
    alarm_uids = [x.value for a in parsed_alarms for x in a.extras if x.name == "uid"]
    assert len(alarm_uids) >= len([c for c in cal.walk("VALARM") if c.get(KIND_PROPERTY)])

    # vobject
    vcal = vobject_read(output)
    vevents = {str(e.uid.value): e for e in vcal.vevent_list}
    assert vevents[invite.uid].dtstart.value.astimezone(UTC) == start
    for uid, at in expected.items():
        if uid in vevents:
            assert vevents[uid].dtstart.value.astimezone(UTC) == at


def vdir_items(name: str, folder: Path) -> tuple[str, Invite, list[tuple[Path, str]]]:
    """The fixture imported into an empty vdir: its text, invite and noshow's item files."""
    path = FIXTURES / name
    document = read_document(str(path), path.read_bytes(), "Europe/Berlin")
    report = import_invites(VdirWriter(folder), [document], ReminderOptions(), ME, NOW)
    assert not report.failed, report.changes
    text = document.texts[0]
    invite = document.invites[0]
    items = [
        (p, p.read_bytes().decode("utf-8"))
        for p in sorted(folder.glob("*.ics"))
        if "@noshow" in p.name
    ]
    return text, invite, items


@pytest.mark.parametrize("name", ["video-new-york.ics", "onsite-customized.ics", "invite.eml"])
def test_vdir_items_are_whole_calendars_others_read(name: str, tmp_path: Path) -> None:
    text, invite, items = vdir_items(name, tmp_path)
    plan = plan_reminders(invite, ReminderOptions(), ME, NOW)
    assert invite.start.tzid is not None
    # The interview file's own VTIMEZONE, copied as written (needed for "Customized Time Zone"
    # and Windows names, which no generated definition could supply).
    own = vtimezone_block(text, invite.start.tzid)
    assert own is not None
    assert len(items) == len(plan.additions)
    starts = {a.uid: a.start for a in plan.additions}
    for _path, item in items:
        assert own in item
        assert physical_lines(item)[0] == "BEGIN:VCALENDAR\r\n"
        assert item.endswith("END:VCALENDAR\r\n")
        cal = IcsCalendarStream.calendar_from_ics(item)
        (component,) = [*cal.events, *cal.todos]
        assert component.uid in starts
        parsed = icalendar.Calendar.from_ical(item)
        (ours,) = [c for c in parsed.subcomponents if c.get(KIND_PROPERTY) is not None]
        assert ours.decoded("DTSTART").astimezone(UTC) == starts[component.uid]
        vobject_read(item)
