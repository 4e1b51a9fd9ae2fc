"""What `noshow remind` adds to an interview, per policy and per target, read back from the file.

Every test plans with :func:`plan_reminders`, splices with :func:`apply_plan` and then reads the
result with icalendar (not with noshow), so times are checked as another client would see them:
TZIDs resolved through the file's own VTIMEZONEs, instants compared exactly.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from noshow.adapters.files import DEFAULT_MAX_BYTES
from noshow.adapters.ics_store import Source
from noshow.calendars.update import apply_plan
from noshow.errors import ConfigError
from noshow.invites import read_document
from noshow.joininfo import Kind
from noshow.model import Invite, Travel, You
from noshow.reminders import (
    DEFAULT_POLICY,
    KIND_PROPERTY,
    ReminderOptions,
    Target,
    offset_text,
    parse_policy,
    plan_reminders,
    stable_uid,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "remind"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YOU = You(zone="Europe/Berlin")
ME = You(zone="Europe/Berlin", email="me@example.com")
MINUTE = timedelta(minutes=1)
BERLIN = ZoneInfo("Europe/Berlin")

#: The invites without an alarm of their own, and what noshow should make of them.
CLEAN = {
    "video-new-york.ics": Kind.VIDEO,
    "onsite-customized.ics": Kind.IN_PERSON,
    "phone-utc-lf.ics": Kind.PHONE,
}
POLICIES = [DEFAULT_POLICY, "1d:email,30m", "3h,10m", "1w,1d:email,2h:email,5m"]


# -- helpers -------------------------------------------------------------------------------------


def load(name: str, text: str | None = None, zone: str = "Europe/Berlin") -> tuple[str, Invite]:
    """The calendar text of a fixture (or ``text`` instead) and its first invite."""
    path = FIXTURES / name
    if text is None:
        text = Source.open(path, DEFAULT_MAX_BYTES).text
        data = path.read_bytes()
    else:
        data = text.encode("utf-8", "surrogateescape")
    document = read_document(str(path), data, zone)
    assert document.invites, [p.one_line() for p in document.problems]
    return text, document.invites[0]


def run(
    name: str,
    options: ReminderOptions | None = None,
    you: You = YOU,
    now: datetime = NOW,
    text: str | None = None,
) -> tuple[Invite, str]:
    """Plan and splice; the invite and the new calendar text."""
    original, invite = load(name, text)
    plan = plan_reminders(invite, options or ReminderOptions(), you, now)
    edit = apply_plan(original, plan, invite.dtstamp or now)
    assert edit.found
    return invite, edit.text


def options_for(policy: str, target: Target, **more: Any) -> ReminderOptions:
    offsets, emails = parse_policy(policy)
    return ReminderOptions(offsets=offsets, email_offsets=emails, target=target, **more)


def calendar(text: str) -> Any:
    return icalendar.Calendar.from_ical(text)


def interview_of(cal: Any, uid: str) -> Any:
    (found,) = [c for c in cal.walk("VEVENT") if str(c.get("UID")) == uid]
    return found


def added(cal: Any, kind: str | None = None, name: str | None = None) -> list[Any]:
    """noshow's top-level components (optionally of one X-NOSHOW-KIND or component name)."""
    return [
        c
        for c in cal.subcomponents
        if c.get(KIND_PROPERTY) is not None
        and (kind is None or str(c[KIND_PROPERTY]) == kind)
        and (name is None or c.name == name)
    ]


def alarms(component: Any) -> list[Any]:
    return [c for c in component.subcomponents if c.name == "VALARM"]


def at(component: Any, name: str) -> datetime:
    """The instant of a DTSTART/DTEND/DUE as icalendar reads it (TZID via the file's VTIMEZONE)."""
    value = component.decoded(name)
    assert isinstance(value, datetime) and value.tzinfo is not None, (name, value)
    return value.astimezone(UTC)


def trigger(alarm: Any) -> timedelta:
    value = alarm.decoded("TRIGGER")
    assert isinstance(value, timedelta)
    return value


def reminder_offset(event: Any, start: datetime) -> timedelta:
    return start - at(event, "DTSTART")


# -- parse_policy -------------------------------------------------------------------------------


def test_parse_policy_orders_longest_first_and_marks_email_offsets() -> None:
    offsets, emails = parse_policy("15m, 1D:Email ,2h,1h,2h")
    assert offsets == (timedelta(days=1), timedelta(hours=2), timedelta(hours=1), 15 * MINUTE)
    assert emails == frozenset({timedelta(days=1)})
    assert parse_policy("1w")[0] == (timedelta(weeks=1),)
    assert parse_policy(DEFAULT_POLICY) == (ReminderOptions().offsets, frozenset())


@pytest.mark.parametrize(
    ("policy", "named"),
    [
        ("", "''"),
        ("1d,,2h", "''"),
        ("tomorrow", "'tomorrow'"),
        ("1x", "'1x'"),
        ("1d:sms", "'1d:sms'"),
        ("-1h", "'-1h'"),
        ("0m", "'0m'"),
        ("1.5h", "'1.5h'"),
    ],
)
def test_parse_policy_rejects_with_the_bad_item(policy: str, named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_policy(policy)
    message = str(caught.value)
    assert message.startswith("reminder policy: "), message
    assert named in message
    assert "\n" not in message


def test_offset_text() -> None:
    assert offset_text(timedelta(days=1)) == "1 day"
    assert offset_text(timedelta(hours=2)) == "2 hours"
    assert offset_text(timedelta(minutes=90)) == "1 hour 30 minutes"
    assert offset_text(timedelta(weeks=1)) == "7 days"


# -- alarms and reminder events, per policy and target ------------------------------------------


def expected_interview_alarms(options: ReminderOptions, you: You) -> list[tuple[timedelta, str]]:
    offsets, last = options.offsets, options.offsets[-1]
    if options.target in (Target.GENERIC, Target.APPLE):
        wanted = [(-o, "AUDIO" if o == last else "DISPLAY") for o in offsets]
        if you.email:
            wanted += [(-o, "EMAIL") for o in offsets if o in options.email_offsets]
        return wanted
    if options.target is Target.OUTLOOK:
        return [(-last, "DISPLAY")]  # Outlook keeps one VALARM per event: exactly one
    return []  # Google drops VALARMs on import


@pytest.mark.parametrize("target", list(Target))
@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("name", sorted(CLEAN))
@pytest.mark.parametrize("you", [YOU, ME], ids=["no-email", "email"])
def test_alarms_and_reminder_events(name: str, policy: str, target: Target, you: You) -> None:
    options = options_for(policy, target)
    invite, text = run(name, options, you)
    cal = calendar(text)
    event = interview_of(cal, invite.uid)
    start = at(event, "DTSTART")
    assert start == invite.start.instant
    last = options.offsets[-1]

    # On the interview itself.
    on_interview = sorted((trigger(a), str(a["ACTION"])) for a in alarms(event))
    assert on_interview == sorted(expected_interview_alarms(options, you))
    if target is Target.OUTLOOK:
        assert len(alarms(event)) == 1
    if target is Target.GOOGLE:
        assert alarms(event) == []
    for alarm in alarms(event):
        assert str(alarm["UID"]).endswith("@noshow")
        assert str(alarm[KIND_PROPERTY]) == "alarm"
        assert str(alarm["DESCRIPTION"]).startswith("Interview with ")
        if str(alarm["ACTION"]) == "EMAIL":
            assert str(alarm["ATTENDEE"]) == "mailto:me@example.com"
            assert str(alarm["SUMMARY"]).startswith("Interview in ")

    # Separate reminder events: every offset, except Outlook's last (it is the one alarm).
    separate = [o for o in options.offsets if not (target is Target.OUTLOOK and o == last)]
    reminders = added(cal, "reminder")
    assert sorted(reminder_offset(r, start) for r in reminders) == sorted(separate)
    for reminder in reminders:
        offset = reminder_offset(reminder, start)
        assert reminder.name == "VEVENT"
        assert at(reminder, "DTEND") - at(reminder, "DTSTART") == timedelta(minutes=5)
        assert str(reminder["TRANSP"]) == "TRANSPARENT"  # a reminder blocks no time
        assert str(reminder["RELATED-TO"]) == invite.uid
        assert offset_text(offset) in str(reminder["SUMMARY"])
        wanted = [(timedelta(0), "AUDIO" if offset == last else "DISPLAY")]
        emails_here = you.email is not None and (
            target is Target.GOOGLE
            or (target is Target.OUTLOOK and offset in options.email_offsets)
        )
        if emails_here:
            wanted.append((timedelta(0), "EMAIL"))
        assert [(trigger(a), str(a["ACTION"])) for a in alarms(reminder)] == wanted
        for alarm in alarms(reminder):
            if str(alarm["ACTION"]) == "EMAIL":
                assert str(alarm["ATTENDEE"]) == "mailto:me@example.com"

    # EMAIL only when your address is known.
    every_alarm = [a for c in cal.walk() for a in alarms(c)]
    if you.email is None:
        assert not any(str(a["ACTION"]) == "EMAIL" for a in every_alarm)
    # RFC 9074: every alarm noshow adds has a UID, all different.
    ours = [a for a in every_alarm if a.get(KIND_PROPERTY) is not None]
    uids = [str(a["UID"]) for a in ours]
    assert all(uids) and len(set(uids)) == len(uids)


@pytest.mark.parametrize("target", list(Target))
def test_email_alarm_needs_an_address_and_an_email_offset(target: Target) -> None:
    # (Events only: the "confirm" task may mail you the confirmation draft, whatever the policy.)
    options = options_for("1d:email,30m", target)

    def event_emails(text: str) -> list[tuple[str, str, timedelta]]:
        return [
            (c.name, str(c.get(KIND_PROPERTY)), trigger(a))
            for c in calendar(text).walk("VEVENT")
            for a in alarms(c)
            if str(a["ACTION"]) == "EMAIL"
        ]

    _, text = run("video-new-york.ics", options, ME)
    email = event_emails(text)
    if target in (Target.GENERIC, Target.APPLE):
        assert email == [("VEVENT", "None", -timedelta(days=1))]  # on the interview
    elif target is Target.OUTLOOK:
        assert email == [("VEVENT", "reminder", timedelta(0))]  # the 1d reminder event
    else:
        assert [kind for _, kind, _ in email] == ["reminder", "reminder"]  # every reminder
    _, without = run("video-new-york.ics", options, YOU)
    assert "ACTION:EMAIL" not in without
    _, no_offset = run("video-new-york.ics", options_for("1d,30m", target), ME)
    if target is not Target.GOOGLE:
        assert event_emails(no_offset) == []


# -- blocks before the interview, by kind -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_blocks_by_interview_kind(name: str) -> None:
    invite, text = run(name)
    cal = calendar(text)
    start = at(interview_of(cal, invite.uid), "DTSTART")
    blocks = {
        str(c[KIND_PROPERTY]): (at(c, "DTSTART"), at(c, "DTEND"), c)
        for c in added(cal, name="VEVENT")
        if str(c[KIND_PROPERTY]) != "reminder"
    }
    kind = CLEAN[name]
    if kind is Kind.IN_PERSON:
        first, length = "travel", timedelta(minutes=45)
        assert "Fenwick & Hale LLP, 14 Bishopsgate" in str(blocks["travel"][2]["SUMMARY"])
    else:
        first, length = "tech-check", timedelta(minutes=15)
    assert set(blocks) == {first, "prep"}
    # Right before the interview: first the kind's block, and the 30 minute prep before that.
    assert blocks[first][:2] == (start - length, start)
    assert blocks["prep"][:2] == (start - length - timedelta(minutes=30), start - length)
    for _, _, block in blocks.values():
        assert str(block["TRANSP"]) == "OPAQUE"  # busy: nothing else gets booked there
        assert str(block["RELATED-TO"]) == invite.uid
        assert alarms(block) == []


def test_prep_zero_and_other_lengths() -> None:
    invite, text = run("video-new-york.ics", ReminderOptions(prep=timedelta(0)))
    kinds = [str(c[KIND_PROPERTY]) for c in added(calendar(text), name="VEVENT")]
    assert "prep" not in kinds and "tech-check" in kinds
    options = ReminderOptions(travel=timedelta(hours=1), prep=timedelta(minutes=10))
    invite, text = run("onsite-customized.ics", options)
    cal = calendar(text)
    start = invite.start.instant
    (travel,) = added(cal, "travel")
    (prep,) = added(cal, "prep")
    assert (at(travel, "DTSTART"), at(travel, "DTEND")) == (start - timedelta(hours=1), start)
    assert at(prep, "DTSTART") == start - timedelta(minutes=70)
    none = ReminderOptions(prep=timedelta(0), tech_check=timedelta(0))
    _, text = run("phone-utc-lf.ics", none)
    assert [str(c[KIND_PROPERTY]) for c in added(calendar(text), name="VEVENT")] == ["reminder"] * 4


def test_blocks_that_would_start_in_the_past_are_left_out() -> None:
    _, invite = load("video-new-york.ics")
    now = invite.start.instant - timedelta(minutes=20)  # inside the prep block, before the check
    plan = plan_reminders(invite, ReminderOptions(), YOU, now)
    assert [a.kind for a in plan.additions] == ["reminder", "tech-check"]  # the 15m reminder


# -- confirmation tasks -------------------------------------------------------------------------


def tasks(text: str) -> dict[str, Any]:
    found = {str(c[KIND_PROPERTY]): c for c in added(calendar(text), name="VTODO")}
    for task in found.values():
        assert str(task["STATUS"]) == "NEEDS-ACTION"
        assert [trigger(a) for a in alarms(task)] == [timedelta(0)]
        assert str(alarms(task)[0]["UID"]).endswith("@noshow")
    return found


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_confirmation_tasks(name: str) -> None:
    invite, text = run(name)
    found = tasks(text)
    start = invite.start.instant
    expected = {"confirm", "confirm-morning"} | (
        {"test-av"} if CLEAN[name] is Kind.VIDEO else set()
    )
    assert set(found) == expected
    assert at(found["confirm"], "DUE") == start - timedelta(hours=24)
    # The morning of the interview at 08:00 your time (Berlin), or an hour before if earlier.
    local = start.astimezone(BERLIN)
    morning = datetime.combine(local.date(), time(8, 0), tzinfo=BERLIN).astimezone(UTC)
    assert at(found["confirm-morning"], "DUE") == min(morning, start - timedelta(hours=1))
    if "test-av" in found:
        assert str(found["test-av"]["SUMMARY"]) == "Test audio/video and the link"
        assert at(found["test-av"], "DUE") == start - timedelta(hours=2)
    for task in found.values():
        assert str(task["RELATED-TO"]) == invite.uid
        assert at(task, "DTSTART") <= at(task, "DUE")


def test_morning_task_is_an_hour_before_an_early_interview() -> None:
    # 07:30Z is 08:30 in Berlin: 08:00 would leave half an hour, so the task is due at 07:30.
    text = (FIXTURES / "phone-utc-lf.ics").read_text(encoding="utf-8")
    text = text.replace("DTSTART:20261209T140000Z", "DTSTART:20261209T073000Z")
    text = text.replace("DTEND:20261209T143000Z", "DTEND:20261209T080000Z")
    invite, out = run("phone-utc-lf.ics", text=text)
    assert invite.start.instant == datetime(2026, 12, 9, 7, 30, tzinfo=UTC)
    assert at(tasks(out)["confirm-morning"], "DUE") == datetime(2026, 12, 9, 6, 30, tzinfo=UTC)
    # Later the same morning: 08:00 Berlin is 07:00Z.
    later = text.replace("DTSTART:20261209T073000Z", "DTSTART:20261209T100000Z").replace(
        "DTEND:20261209T080000Z", "DTEND:20261209T103000Z"
    )
    _, out = run("phone-utc-lf.ics", text=later)
    assert at(tasks(out)["confirm-morning"], "DUE") == datetime(2026, 12, 9, 7, 0, tzinfo=UTC)


def test_morning_task_follows_your_travel() -> None:
    # In New York on the day: 08:00 there (13:00Z), not 08:00 in Berlin.
    trip = Travel("America/New_York", date(2026, 12, 1), date(2026, 12, 5))
    you = You(zone="Europe/Berlin", travel=(trip,))
    invite, out = run("video-new-york.ics", you=you)
    assert at(tasks(out)["confirm-morning"], "DUE") == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    assert invite.start.instant == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def test_no_confirm_tasks() -> None:
    _, text = run("video-new-york.ics", ReminderOptions(confirm_tasks=False))
    assert "BEGIN:VTODO" not in text
    assert added(calendar(text), name="VTODO") == []


# -- times: the interview's own zone, exact instants, both zones in the text -------------------


TZIDS = {
    "video-new-york.ics": "America/New_York",
    "onsite-customized.ics": "Customized Time Zone",
    "folded-xprops-alarm.ics": "Europe/Berlin",
    "invite.eml": "W. Europe Standard Time",
    "phone-utc-lf.ics": None,  # UTC
}


@pytest.mark.parametrize("name", sorted(TZIDS))
def test_added_times_are_in_the_interviews_own_zone(name: str) -> None:
    _, text = run(name)
    cal = calendar(text)
    components = added(cal)
    assert components
    for component in components:
        for prop in ("DTSTART", "DTEND", "DUE"):
            if prop not in component:
                continue
            value = component[prop]
            if TZIDS[name] is None:
                assert "TZID" not in value.params
                assert value.to_ical().endswith(b"Z")
            else:
                assert value.params["TZID"] == TZIDS[name]
    # As written, line by line: the same TZID text, never a converted one.
    if TZIDS[name] is not None:
        unfolded = re.sub(r"\r?\n[ \t]", "", text)
        zoned = [
            line
            for line in unfolded.splitlines()
            if re.match(r"(DTSTART|DTEND|DUE);", line)  # VTIMEZONE onsets have no TZID
        ]
        assert len(zoned) > 10
        assert all(f"TZID={TZIDS[name]}:" in line.replace('"', "") for line in zoned), zoned


@pytest.mark.parametrize("name", sorted(TZIDS))
def test_reminder_instants_are_exactly_start_minus_offset(name: str) -> None:
    options = options_for("1w,1d,2h,1h,15m,1m", Target.GENERIC)
    invite, text = run(name, options)
    cal = calendar(text)
    start = at(interview_of(cal, invite.uid), "DTSTART")
    assert start == invite.start.instant
    got = sorted((at(r, "DTSTART") for r in added(cal, "reminder")), reverse=True)
    assert got == sorted((start - o for o in options.offsets), reverse=True)


def test_reminder_across_a_dst_change_is_24_hours_before() -> None:
    # New York leaves daylight time on 1 Nov 2026: 24 hours before 10:00 EST is 11:00 EDT.
    text = (FIXTURES / "video-new-york.ics").read_text(encoding="utf-8")
    text = text.replace("20261203T100000", "20261101T100000").replace(
        "20261203T110000", "20261101T110000"
    )
    now = datetime(2026, 10, 20, tzinfo=UTC)
    invite, out = run("video-new-york.ics", now=now, text=text)
    cal = calendar(out)
    (day,) = [r for r in added(cal, "reminder") if "1 day" in str(r["SUMMARY"])]
    assert at(day, "DTSTART") == invite.start.instant - timedelta(hours=24)
    assert "DTSTART;TZID=America/New_York:20261031T110000" in out.replace("\r\n ", "")


def test_reminder_in_a_repeated_hour_keeps_its_instant() -> None:
    # 02:30 EST on 1 Nov 2026 (07:30Z): an hour before is 01:30 EST, 06:30Z, and 01:30 happens
    # twice that night. A TZID wall time means the first 01:30 (EDT, 05:30Z) by RFC 5545 3.3.5,
    # so the reminder must not be written that way.
    text = (FIXTURES / "video-new-york.ics").read_text(encoding="utf-8")
    text = text.replace("20261203T100000", "20261101T023000").replace(
        "20261203T110000", "20261101T033000"
    )
    now = datetime(2026, 10, 20, tzinfo=UTC)
    options = options_for("1h,30m", Target.GENERIC, prep=timedelta(0))
    invite, out = run("video-new-york.ics", options, now=now, text=text)
    assert invite.start.instant == datetime(2026, 11, 1, 7, 30, tzinfo=UTC)
    cal = calendar(out)
    got = sorted(at(r, "DTSTART") for r in added(cal, "reminder"))
    assert got == [
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 0, tzinfo=UTC),
    ]
    for component in added(cal):
        for prop in ("DTSTART", "DTEND", "DUE"):
            if prop in component:
                wall = component.decoded(prop)
                assert wall.astimezone(UTC).astimezone(wall.tzinfo).replace(tzinfo=None) == (
                    wall.replace(tzinfo=None)
                ), (str(component[KIND_PROPERTY]), prop, wall)


BOTH = {
    "video-new-york.ics": ("Thu 3 Dec 2026 10:00 EST", "America/New_York", "16:00 CET"),
    "onsite-customized.ics": ("Tue 8 Dec 2026 09:30 GMT", "Europe/London", "10:30 CET"),
    "invite.eml": (None, None, "Mon 7 Dec 2026 14:00 CET"),  # organizer in your zone: once
    "phone-utc-lf.ics": (None, None, "Wed 9 Dec 2026 15:00 CET"),  # organizer's zone unknown
}


@pytest.mark.parametrize("name", sorted(BOTH))
def test_descriptions_state_the_time_in_both_zones(name: str) -> None:
    invite, text = run(name, you=ME, options=options_for("1d:email,15m", Target.GENERIC))
    cal = calendar(text)
    organizer_time, organizer_zone, yours = BOTH[name]
    texts = [str(c["DESCRIPTION"]) for c in added(cal)]
    texts += [
        str(a["DESCRIPTION"])
        for a in alarms(interview_of(cal, invite.uid))
        if a.get(KIND_PROPERTY) is not None  # not the invite's own alarm
    ]
    assert len(texts) > 5
    for description in texts:
        assert yours in description
        assert "Europe/Berlin" in description
        if organizer_time:
            assert organizer_time in description
            assert f"({organizer_zone})" in description
            assert "for you (Europe/Berlin)" in description
        else:
            assert "(your time, Europe/Berlin)" in description


# -- X-NOSHOW-KIND, RELATED-TO and UIDs ---------------------------------------------------------


def test_every_addition_is_marked_and_related_to_the_interview() -> None:
    invite, text = run("video-new-york.ics")
    cal = calendar(text)
    kinds = sorted(str(c[KIND_PROPERTY]) for c in added(cal))
    assert kinds == sorted(
        ["reminder"] * 4 + ["tech-check", "prep", "confirm", "confirm-morning", "test-av"]
    )
    for component in added(cal):
        assert str(component["RELATED-TO"]) == invite.uid
        assert str(component["UID"]).endswith("@noshow")
        assert component.decoded("DTSTAMP") == invite.dtstamp
    for alarm in [a for c in cal.walk() for a in alarms(c)]:
        assert str(alarm[KIND_PROPERTY]) == "alarm"


def test_uids_are_deterministic() -> None:
    _, invite = load("video-new-york.ics")
    first = plan_reminders(invite, ReminderOptions(), YOU, NOW)
    later = plan_reminders(invite, ReminderOptions(), YOU, NOW + timedelta(days=2))
    again = plan_reminders(invite, ReminderOptions(), ME, NOW)
    uids = [a.uid for a in first.alarms] + [a.uid for a in first.additions]
    uids += [al.uid for a in first.additions for al in a.alarms]
    assert len(set(uids)) == len(uids)
    assert [a.uid for a in again.alarms] == [a.uid for a in first.alarms]
    assert {a.uid for a in later.additions} <= {a.uid for a in first.additions}
    # uuid5 of the interview's UID: the same on any machine, any run.
    assert stable_uid(invite, "prep") == "f60ad07a-804f-50cf-b90f-01235ef74234@noshow"
    moved = replace(invite, recurrence_id=datetime(2026, 12, 10, 15, tzinfo=UTC))
    assert stable_uid(moved, "prep") != stable_uid(invite, "prep")


# -- nothing for the past, the cancelled, the all-day ------------------------------------------


@pytest.mark.parametrize("name", [*sorted(CLEAN), "invite.eml", "folded-xprops-alarm.ics"])
def test_past_interview_gets_nothing(name: str) -> None:
    original, invite = load(name)
    for now in (invite.start.instant, invite.start.instant + timedelta(days=3)):
        plan = plan_reminders(invite, ReminderOptions(), ME, now)
        assert plan.empty and plan.skipped == "already started or past"
        edit = apply_plan(original, plan, now)
        assert edit.text == original and not edit.changed


def test_reminders_already_past_are_left_out() -> None:
    _, invite = load("video-new-york.ics")
    plan = plan_reminders(invite, ReminderOptions(), YOU, invite.start.instant - timedelta(hours=3))
    reminders = [a for a in plan.additions if a.kind == "reminder"]
    assert [invite.start.instant - a.start for a in reminders] == [
        timedelta(hours=2),
        timedelta(hours=1),
        timedelta(minutes=15),
    ]
    assert {a.kind for a in plan.additions if a.name == "VTODO"} == {"test-av"}


def test_cancelled_interview_gets_nothing() -> None:
    original, invite = load("import/invite-cancel.ics")
    assert invite.cancelled
    plan = plan_reminders(invite, ReminderOptions(), ME, NOW)
    assert plan.empty and plan.skipped == "cancelled"
    assert apply_plan(original, plan, NOW).text == original
    # STATUS:CANCELLED in a plain calendar (no METHOD) counts too.
    text = (FIXTURES / "video-new-york.ics").read_text(encoding="utf-8")
    text = text.replace("METHOD:REQUEST\r\n", "").replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
    original, invite = load("video-new-york.ics", text)
    plan = plan_reminders(invite, ReminderOptions(), ME, NOW)
    assert plan.empty and plan.skipped == "cancelled"


def test_all_day_event_gets_nothing() -> None:
    text = (FIXTURES / "video-new-york.ics").read_text(encoding="utf-8")
    text = text.replace(
        "DTSTART;TZID=America/New_York:20261203T100000", "DTSTART;VALUE=DATE:20261203"
    )
    text = text.replace("DTEND;TZID=America/New_York:20261203T110000", "DTEND;VALUE=DATE:20261204")
    _, invite = load("video-new-york.ics", text)
    plan = plan_reminders(invite, ReminderOptions(), YOU, NOW)
    # No time of day: the evening before and the morning of, at fixed times in your zone.
    assert plan.skipped is None and plan.zone == YOU.zone
    berlin = ZoneInfo(YOU.zone)
    reminders = sorted(a.start.astimezone(berlin) for a in plan.additions if a.kind == "reminder")
    assert [r.isoformat() for r in reminders] == [
        "2026-12-02T18:00:00+01:00",
        "2026-12-03T08:00:00+01:00",
    ]
    # Relative to the start of the day (a DATE start is local midnight): 18:00 before, 08:00 on it.
    assert sorted(a.trigger for a in plan.alarms) == [timedelta(hours=-6), timedelta(hours=8)]
    assert all("(all day)" in a.description and "10:00" not in a.description for a in plan.alarms)
    tasks = [a for a in plan.additions if a.name == "VTODO"]
    assert [t.due.astimezone(berlin).isoformat() for t in tasks if t.due] == [
        "2026-12-02T08:00:00+01:00"
    ]
    assert not any(a.kind in ("prep", "travel", "tech-check") for a in plan.additions)


def test_all_day_event_on_the_day_keeps_only_what_is_ahead() -> None:
    text = (FIXTURES / "video-new-york.ics").read_text(encoding="utf-8")
    text = text.replace(
        "DTSTART;TZID=America/New_York:20261203T100000", "DTSTART;VALUE=DATE:20261203"
    )
    text = text.replace("DTEND;TZID=America/New_York:20261203T110000", "DTEND;VALUE=DATE:20261204")
    _, invite = load("video-new-york.ics", text)
    on_the_day = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # 07:00 in Berlin
    plan = plan_reminders(invite, ReminderOptions(), YOU, on_the_day)
    assert [a.start.astimezone(ZoneInfo(YOU.zone)).hour for a in plan.additions] == [8]
    assert {a.kind for a in plan.past} == {"reminder", "confirm"}
    after = plan_reminders(invite, ReminderOptions(), YOU, datetime(2026, 12, 4, 0, 0, tzinfo=UTC))
    assert after.skipped == "already started or past" and after.empty
