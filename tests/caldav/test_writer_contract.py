"""The writer contract: every calendar store noshow writes into behaves the same, step for step.

One test class of behaviours, run against each store (the ``store`` fixture in conftest.py): an
.ics file, a vdir folder, the in-memory store, Radicale with strict preconditions, Radicale
without, and Xandikos (the servers started on 127.0.0.1 with their data in a temporary folder).
In the style of vdirsyncer's storage tests: a new store kind is done when it passes this file.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from conftest import StoreHarness
from noshow.app import import_invites, remind
from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars
from noshow.calendars.writer import RETRIES, Item
from noshow.check import check_documents
from noshow.invites import read_document
from noshow.model import You
from noshow.reminders import KIND_PROPERTY, ReminderOptions

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YOU = You(zone="Europe/Berlin", email="alex.moreau@example.net")
UID = "contract-interview-4471@ats.example.com"
LINK_1 = "https://zoom.us/j/1111111111"
LINK_2 = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_2222"

PARIS = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def invite(
    sequence: int,
    start: str,
    link: str,
    *,
    stamp: str = "20261116T090000Z",
    method: str = "REQUEST",
    uid: str = UID,
    all_day: bool = False,
) -> str:
    """A Paris interview invite (one hour), as an ATS sends it."""
    if all_day:
        when = f"DTSTART;VALUE=DATE:{start[:8]}\r\nDTEND;VALUE=DATE:{start[:6]}{int(start[6:8]) + 1:02d}\r\n"
    else:
        end = f"{start[:9]}{int(start[9:11]) + 1:02d}{start[11:]}"
        when = f"DTSTART;TZID=Europe/Paris:{start}\r\nDTEND;TZID=Europe/Paris:{end}\r\n"
    status = "STATUS:CANCELLED\r\n" if method == "CANCEL" else "STATUS:CONFIRMED\r\n"
    return (
        "BEGIN:VCALENDAR\r\nPRODID:-//ATS//Scheduler//EN\r\nVERSION:2.0\r\n"
        f"METHOD:{method}\r\n{PARIS}BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:{sequence}\r\n"
        f"DTSTAMP:{stamp}\r\n{when}SUMMARY:Interview: Platform Engineer at Ardoise\r\n"
        f"DESCRIPTION:Video interview with Camille Laurent.\\nJoin: {link}\r\n"
        "ORGANIZER;CN=Camille Laurent:mailto:camille@ardoise.example.fr\r\n"
        "ATTENDEE;CN=Alex Moreau;PARTSTAT=NEEDS-ACTION:mailto:alex.moreau@example.net\r\n"
        f"{status}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


V1 = invite(0, "20261210T150000", LINK_1)
V2 = invite(1, "20261211T100000", LINK_2, stamp="20261118T164500Z")
BUSY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other client//EN\r\nBEGIN:VEVENT\r\n"
    "UID:dentist-8812@other.example\r\nDTSTAMP:20261101T100000Z\r\n"
    "DTSTART:20261211T084500Z\r\nDTEND:20261211T093000Z\r\nSUMMARY:Dentist\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def put(store: StoreHarness, text: str, options: ReminderOptions | None = None) -> Any:
    document = read_document("invite.ics", text.encode(), YOU.zone)
    assert document.invites, document.problems
    return import_invites(store.writer(), [document], options or ReminderOptions(), YOU, NOW)


def components(store: StoreHarness) -> list[Any]:
    """Every event and task of every item, parsed by icalendar."""
    found = []
    for data in store.items().values():
        calendar = icalendar.Calendar.from_ical(data)
        found.extend(c for c in calendar.walk() if c.name in ("VEVENT", "VTODO"))
    return found


def interviews(store: StoreHarness, uid: str = UID) -> list[Any]:
    return [c for c in components(store) if str(c.get("UID")) == uid]


def ours(store: StoreHarness) -> list[Any]:
    return [c for c in components(store) if c.get(KIND_PROPERTY) is not None]


def noshow_texts(store: StoreHarness) -> str:
    """Every text noshow wrote: its components' and its alarms' summaries and descriptions."""
    texts = []
    for component in components(store):
        mine = [component] if component.get(KIND_PROPERTY) is not None else []
        mine += [a for a in component.subcomponents if a.get(KIND_PROPERTY) is not None]
        for item in mine:
            texts += [str(item.get("SUMMARY", "")), str(item.get("DESCRIPTION", ""))]
    return "\n".join(texts)


def writes(report: Any) -> list[Any]:
    return [c for c in report.changes if c.writes]


def test_import_adds_one_copy_with_reminders_and_a_second_run_changes_nothing(
    store: StoreHarness,
) -> None:
    report = put(store, V1)
    assert report.outcomes[0].action == "added"
    (event,) = interviews(store)
    assert event.decoded("DTSTART").isoformat() == "2026-12-10T15:00:00+01:00"
    assert len([a for a in event.subcomponents if a.name == "VALARM"]) == 4
    kinds = sorted(str(c[KIND_PROPERTY]) for c in ours(store))
    assert kinds.count("reminder") == 4 and "prep" in kinds and "confirm" in kinds
    before = store.items()
    again = put(store, V1)
    assert writes(again) == [] and again.outcomes[0].action == "unchanged"
    assert store.items() == before


def test_reschedule_v1_v2_v1_ends_at_v2_with_no_stale_text_and_a_conflict_found(
    store: StoreHarness,
) -> None:
    put(store, V1)
    store.add_item("dentist.ics", BUSY)
    # The calendar rules see the target calendar: the dentist overlaps v2's time.
    document = read_document("v2.ics", V2.encode(), YOU.zone)
    reader = store.reader()
    calendars = Calendars([reader], YOU.zone)
    try:
        checked = check_documents([document], YOU, NOW, calendar=calendars.view)
    finally:
        calendars.close()
    assert "conflict" in [f.rule for f in checked.checked[0].findings]

    report = put(store, V2)
    assert report.outcomes[0].action == "updated"
    (event,) = interviews(store)
    assert event.decoded("DTSTART").isoformat() == "2026-12-11T10:00:00+01:00"
    texts = noshow_texts(store)
    assert LINK_2 in texts and "Fri 11 Dec 2026 10:00" in texts
    assert LINK_1 not in texts and "10 Dec" not in texts  # nothing of v1 is left in our words
    # Every one of noshow's items still there, at v2's times.
    for item in ours(store):
        if item.name == "VEVENT" and str(item[KIND_PROPERTY]) in ("prep", "tech-check"):
            assert item.decoded("DTEND") <= event.decoded("DTSTART")
            assert item.decoded("DTEND").date().isoformat() == "2026-12-11"
    before = store.items()
    older = put(store, V1)  # the older version, imported again: changes nothing, and says so
    assert older.outcomes[0].action == "older" and writes(older) == []
    assert store.items() == before
    assert len(interviews(store)) == 1


def test_a_cancel_marks_the_interview_and_noshows_items_cancelled_and_deletes_nothing(
    store: StoreHarness,
) -> None:
    put(store, V1)
    count = len(store.items())
    ours_before = {str(c["UID"]) for c in ours(store)}
    cancel = invite(1, "20261210T150000", LINK_1, stamp="20261120T080000Z", method="CANCEL")
    report = put(store, cancel)
    assert report.outcomes[0].action == "cancelled"
    (event,) = interviews(store)
    assert str(event["STATUS"]) == "CANCELLED"
    assert not [a for a in event.subcomponents if a.get(KIND_PROPERTY) is not None]
    assert len(store.items()) == count  # nothing deleted
    assert {str(c["UID"]) for c in ours(store)} == ours_before
    for item in ours(store):
        assert str(item["STATUS"]) == "CANCELLED"
        assert not item.subcomponents  # nothing rings for a cancelled interview
    before = store.items()
    assert writes(put(store, cancel)) == [] and store.items() == before
    assert writes(put(store, V1)) == [] and store.items() == before  # older than the cancel


def test_what_the_user_ticked_off_or_edited_is_left_as_it_is(store: StoreHarness) -> None:
    put(store, V1)
    # The user ticks off the confirmation task and renames the prep block in their client.
    writer = store.writer()
    for href in writer.related(UID):
        item = writer.load(href)
        assert item is not None
        text = item.text
        if "X-NOSHOW-KIND:confirm\r\n" in text.replace("\n", "\r\n").replace("\r\r", "\r"):
            text = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED", 1)
        text = re.sub(
            r"SUMMARY:Prepare for the interview[^\r\n]*(\r?\n [^\r\n]*)*",
            "SUMMARY:Read the Ardoise engineering blog",
            text,
        )
        if text != item.text:
            writer.store(href, text, item)
    put(store, V2)
    by_kind = {str(c[KIND_PROPERTY]): c for c in ours(store)}
    assert str(by_kind["confirm"]["STATUS"]) == "COMPLETED"
    assert str(by_kind["confirm"]["DUE"].dt.date()) == "2026-12-09"  # not moved
    assert str(by_kind["prep"]["SUMMARY"]) == "Read the Ardoise engineering blog"
    reminders = {
        str(c["DTSTART"].dt.date()) for c in ours(store) if str(c[KIND_PROPERTY]) == "reminder"
    }
    assert reminders == {"2026-12-10", "2026-12-11"}  # the others moved with the interview


def test_the_interview_is_found_by_uid_under_another_clients_name(store: StoreHarness) -> None:
    store.add_item("B3F1-random-name-from-khal.ics", V1.replace("METHOD:REQUEST\r\n", ""))
    report = put(store, V2)
    assert report.outcomes[0].action == "updated"
    assert len(interviews(store)) == 1
    assert interviews(store)[0].decoded("DTSTART").isoformat() == "2026-12-11T10:00:00+01:00"


def test_versions_are_ordered_by_sequence_then_dtstamp(store: StoreHarness) -> None:
    put(store, V2)
    before = store.items()
    stale = invite(1, "20261212T100000", LINK_1, stamp="20261117T000000Z")  # same SEQUENCE, older
    report = put(store, stale)
    assert report.outcomes[0].action == "older" and store.items() == before
    fresher = invite(1, "20261214T110000", LINK_2, stamp="20261119T000000Z")  # same, newer
    assert put(store, fresher).outcomes[0].action == "updated"
    (event,) = interviews(store)
    assert event.decoded("DTSTART").isoformat() == "2026-12-14T11:00:00+01:00"


class _EditsOnce:
    """A writer whose store meets another client's edit of the same item, once."""

    def __init__(self, inner: Any, harness: StoreHarness, times: int = 1) -> None:
        self.inner, self.harness, self.times = inner, harness, times
        self.edits = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def store(self, href: str, text: str, base: Item | None) -> None:
        if base is not None and self.edits < self.times:
            self.edits += 1
            current = self.inner.load(href)
            assert current is not None
            # The user adds an alarm of their own on their phone while noshow works.
            alarm = (
                f"BEGIN:VALARM\r\nUID:phone-alarm-{self.edits}\r\nTRIGGER:-PT40M\r\n"
                f"ACTION:DISPLAY\r\nDESCRIPTION:Leave now {self.edits}\r\nEND:VALARM\r\n"
            )
            edited = current.text.replace("END:VEVENT", alarm + "END:VEVENT", 1)
            self.inner.store(href, edited, current)
        self.inner.store(href, text, base)


def test_an_edit_made_meanwhile_is_kept_and_noshow_applies_on_top(store: StoreHarness) -> None:
    put(store, V1)
    document = read_document("v2.ics", V2.encode(), YOU.zone)
    writer = _EditsOnce(store.writer(), store)
    report = import_invites(writer, [document], ReminderOptions(), YOU, NOW)
    assert not report.failed
    (event,) = interviews(store)
    alarms = [str(a.get("DESCRIPTION")) for a in event.subcomponents if a.name == "VALARM"]
    assert "Leave now 1" in alarms  # the other client's edit survived
    assert event.decoded("DTSTART").isoformat() == "2026-12-11T10:00:00+01:00"


def test_an_item_that_keeps_changing_is_skipped_and_never_overwritten(store: StoreHarness) -> None:
    put(store, V1)
    document = read_document("v2.ics", V2.encode(), YOU.zone)
    writer = _EditsOnce(store.writer(), store, times=100)
    report = import_invites(writer, [document], ReminderOptions(), YOU, NOW)
    assert report.failed
    skipped = [c for c in report.changes if c.action == "skipped" and c.kind == "item"]
    assert skipped and f"{RETRIES + 1} times in a row" in skipped[0].detail
    (event,) = interviews(store)
    assert event.decoded("DTSTART").isoformat() == "2026-12-10T15:00:00+01:00"  # not overwritten
    alarms = [str(a.get("DESCRIPTION")) for a in event.subcomponents if a.name == "VALARM"]
    assert "Leave now 1" in alarms  # every edit of the other client's is there


def test_a_stale_vtimezone_is_stored_so_every_client_shows_the_right_instant(
    store: StoreHarness,
) -> None:
    stale = V1.replace("TZID:Europe/Paris", "TZID:Romance Standard Time").replace(
        "TZID=Europe/Paris", 'TZID="Romance Standard Time"'
    )
    # The invite's own rules put Paris winter time at UTC+00:00: an hour off tzdata's.
    stale = stale.replace("TZOFFSETTO:+0100", "TZOFFSETTO:+0000").replace(
        "TZOFFSETFROM:+0100", "TZOFFSETFROM:+0000"
    )
    report = put(store, stale)
    assert "zone-replaced" in [c.action for c in report.changes]
    (event,) = interviews(store)
    # icalendar, reading only what was stored, shows tzdata's instant (15:00 Paris = 14:00Z).
    assert event.decoded("DTSTART").astimezone(UTC).isoformat() == "2026-12-10T14:00:00+00:00"


def test_an_all_day_interview_gets_reminders_in_your_zone(store: StoreHarness) -> None:
    report = put(store, invite(0, "20261210T000000", LINK_1, all_day=True))
    assert not report.failed
    (event,) = interviews(store)
    assert len([a for a in event.subcomponents if a.name == "VALARM"]) == 2
    starts = sorted(
        c.decoded("DTSTART").isoformat() for c in ours(store) if str(c[KIND_PROPERTY]) == "reminder"
    )
    assert starts == ["2026-12-09T18:00:00+01:00", "2026-12-10T08:00:00+01:00"]


def test_remind_on_an_interview_already_there_is_idempotent(store: StoreHarness) -> None:
    store.add_item("interview.ics", V1.replace("METHOD:REQUEST\r\n", ""))
    reader = store.reader()
    calendars = Calendars([reader], YOU.zone)
    try:
        window = Window(NOW, NOW + timedelta(days=30))
        calendars.prefetch([window])
        found, _ = calendars.interviews(window)
    finally:
        calendars.close()
    assert [i.uid for i in found] == [UID]
    first = remind(store.writer(), found, ReminderOptions(), YOU, NOW)
    assert len(writes(first)) >= 10
    before = store.items()
    second = remind(store.writer(), found, ReminderOptions(), YOU, NOW)
    assert writes(second) == [] and store.items() == before


@pytest.mark.parametrize("kind", ["reminder", "prep", "confirm"])
def test_every_item_noshow_writes_is_marked_and_related(store: StoreHarness, kind: str) -> None:
    put(store, V1)
    mine = [c for c in ours(store) if str(c[KIND_PROPERTY]) == kind]
    assert mine
    for component in mine:
        assert str(component["RELATED-TO"]) == UID
        assert str(component["UID"]).endswith("@noshow")


class _DeletesOnce:
    """A writer whose first store meets another client deleting the item."""

    def __init__(self, inner: Any, harness: StoreHarness) -> None:
        self.inner, self.harness, self.done = inner, harness, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def store(self, href: str, text: str, base: Item | None) -> None:
        if base is not None and not self.done:
            self.done = True
            if self.harness.server is not None:
                self.harness.server.delete(href)
            elif self.harness.kind == "memory":
                del self.harness.memory.items[href]
            else:
                Path(href).unlink()
        self.inner.store(href, text, base)


def test_an_item_deleted_meanwhile_is_not_brought_back(store: StoreHarness) -> None:
    store.add_item("interview.ics", V1.replace("METHOD:REQUEST\r\n", ""))
    calendars = Calendars([store.reader()], YOU.zone)
    try:
        window = Window(NOW, NOW + timedelta(days=30))
        calendars.prefetch([window])
        found, _ = calendars.interviews(window)
    finally:
        calendars.close()
    report = remind(_DeletesOnce(store.writer(), store), found, ReminderOptions(), YOU, NOW)
    assert report.failed
    assert [c.detail for c in report.skipped] == [
        "deleted by another program meanwhile; nothing written"
    ]
    assert interviews(store) == []  # not recreated, not even as an empty calendar
