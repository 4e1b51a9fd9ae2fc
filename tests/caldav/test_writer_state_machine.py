"""A Hypothesis state machine over import / remind / cancel / update and the user's own edits,
on every store (an .ics file, a vdir, memory, Radicale strict and lax, Xandikos), with the writer
contract's invariants checked after every step:

- one copy per UID (the interview is never duplicated);
- no text of noshow's names a superseded time or link while the interview is current;
- a re-run changes nothing (idempotent);
- nothing of the user's changed: another client's busy event stays byte for byte, a task the user
  ticked off stays ticked off, an alarm the user added stays.

Each example gets a fresh, empty store of its kind (a new folder, or a new calendar on the same
server); ``NOSHOW_MACHINE_EXAMPLES`` raises the number of examples for a longer local run.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from typing import Any

import icalendar
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from conftest import StoreHarness
from noshow.app import import_invites, remind
from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars
from noshow.invites import read_document
from noshow.model import You
from noshow.reminders import KIND_PROPERTY, ReminderOptions

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
YOU = You(zone="Europe/Berlin")
UID = "machine-interview-1@ats.example.com"
#: Version times and links: every version's are different, so stale text is recognisable.
TIMES = ["20261207T100000Z", "20261208T140000Z", "20261209T083000Z", "20261210T160000Z"]
LINKS = [f"https://zoom.us/j/90000000{n}" for n in range(len(TIMES))]
DAYS = ["Mon 7 Dec", "Tue 8 Dec", "Wed 9 Dec", "Thu 10 Dec"]
GYM = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VEVENT\r\n"
    "UID:gym-class@other.example\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261205T170000Z\r\nDTEND:20261205T180000Z\r\nSUMMARY:Gym\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def invite(sequence: int, index: int, cancel: bool = False) -> bytes:
    start = TIMES[index]
    end = start[:9] + f"{int(start[9:11]) + 1:02d}" + start[11:]
    method = "CANCEL" if cancel else "REQUEST"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ATS//EN\r\n"
        f"METHOD:{method}\r\nBEGIN:VEVENT\r\nUID:{UID}\r\nSEQUENCE:{sequence}\r\n"
        f"DTSTAMP:2026111{sequence % 10}T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        "SUMMARY:Interview: Data Engineer at Quarry\r\n"
        f"DESCRIPTION:Join: {LINKS[index]}\r\n"
        "ORGANIZER;CN=Ola Berg:mailto:ola@quarry.example\r\n"
        "ATTENDEE;CN=You:mailto:you@example.net\r\n"
        f"{'STATUS:CANCELLED' if cancel else 'STATUS:CONFIRMED'}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def components(items: dict[str, bytes]) -> list[Any]:
    found = []
    for data in items.values():
        found.extend(
            c for c in icalendar.Calendar.from_ical(data).walk() if c.name in ("VEVENT", "VTODO")
        )
    return found


class WriterMachine(RuleBasedStateMachine):
    harness: StoreHarness  # set per test: each example makes a fresh store from it

    def __init__(self) -> None:
        super().__init__()
        self.store = self.harness.fresh()
        self.store.add_item("gym.ics", GYM)
        self.sequence = -1  # the highest version imported
        self.index = 0  # its time and link
        self.cancelled = False
        self.completed: set[str] = set()
        self.user_alarm = False

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(
            self.store.root if self.store.root.is_dir() else self.store.root.parent,
            ignore_errors=True,
        )

    def _import(self, data: bytes) -> Any:
        document = read_document("invite.ics", data, YOU.zone)
        return import_invites(self.store.writer(), [document], ReminderOptions(), YOU, NOW)

    @rule(index=st.integers(0, len(TIMES) - 1), step=st.integers(0, 2))
    def import_a_version(self, index: int, step: int) -> None:
        """The organizer sends a version: newer (step > 0), the same, or an older one."""
        sequence = max(self.sequence + step, 0) if step else max(self.sequence - 1, 0)
        report = self._import(invite(sequence, index))
        newer = sequence > self.sequence
        if newer and not (self.cancelled and sequence <= self.sequence):
            self.sequence, self.index, self.cancelled = sequence, index, False
        elif sequence < self.sequence:
            assert not [c for c in report.changes if c.writes], report.changes

    @precondition(lambda self: self.sequence >= 0 and not self.cancelled)
    @rule()
    def the_organizer_cancels(self) -> None:
        self.sequence += 1
        report = self._import(invite(self.sequence, self.index, cancel=True))
        assert [o.action for o in report.outcomes] == ["cancelled"]
        self.cancelled = True

    @precondition(lambda self: self.sequence >= 0)
    @rule()
    def remind_the_calendar(self) -> None:
        calendars = Calendars([self.store.reader()], YOU.zone)
        window = Window(NOW, datetime(2027, 1, 1, tzinfo=UTC))
        calendars.prefetch([window])
        found, _ = calendars.interviews(window)
        remind(self.store.writer(), found, ReminderOptions(), YOU, NOW)

    @precondition(lambda self: self.sequence >= 0 and not self.cancelled)
    @rule()
    def the_user_ticks_off_the_confirmation(self) -> None:
        def tick(text: str) -> str:
            marker = "X-NOSHOW-KIND:confirm\r\n"
            at = text.find(marker)
            if at < 0 or "STATUS:NEEDS-ACTION" not in text[:at]:
                return text
            begin = text.rfind("BEGIN:VTODO", 0, at)
            status = text.find("STATUS:NEEDS-ACTION", begin)
            if status < 0 or status > at:
                return text
            return text[:status] + "STATUS:COMPLETED" + text[status + len("STATUS:NEEDS-ACTION") :]

        self.store.edit(UID, tick, related=True)
        for component in components(self.store.items()):
            kind, status = str(component.get(KIND_PROPERTY, "")), str(component.get("STATUS"))
            if kind == "confirm" and status == "COMPLETED":
                self.completed.add(str(component["UID"]))

    @precondition(lambda self: self.sequence >= 0 and not self.user_alarm and not self.cancelled)
    @rule()
    def the_user_adds_an_alarm_on_their_phone(self) -> None:
        alarm = (
            "BEGIN:VALARM\r\nUID:phone-alarm@me\r\nTRIGGER:-PT40M\r\nACTION:DISPLAY\r\n"
            "DESCRIPTION:Leave now\r\nEND:VALARM\r\n"
        )

        def add(text: str) -> str:
            at = text.find(f"UID:{UID}\r\n")
            if at < 0:
                return text
            end = text.find("END:VEVENT", at)
            return text[:end] + alarm + text[end:]

        self.store.edit(UID, add)
        self.user_alarm = True

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def one_copy_and_nothing_of_the_users_changed(self) -> None:
        items = self.store.items()
        all_components = components(items)
        assert len([c for c in all_components if str(c.get("UID")) == UID]) <= 1
        gym = [c for c in all_components if str(c.get("UID")) == "gym-class@other.example"]
        assert len(gym) == 1 and str(gym[0]["SUMMARY"]) == "Gym" and not gym[0].subcomponents
        for component in all_components:
            if str(component.get("UID")) in self.completed:
                assert str(component.get("STATUS")) == "COMPLETED"
        if self.user_alarm:
            assert any(b"UID:phone-alarm@me" in data for data in items.values())

    @invariant()
    def no_text_of_noshows_names_a_superseded_time_or_link(self) -> None:
        if self.sequence < 0 or self.cancelled:
            return
        for component in components(self.store.items()):
            parts = [component] if component.get(KIND_PROPERTY) is not None else []
            parts += [a for a in component.subcomponents if a.get(KIND_PROPERTY) is not None]
            if str(component.get("UID")) in self.completed:
                continue  # the user's record now
            for part in parts:
                text = f"{part.get('SUMMARY', '')} {part.get('DESCRIPTION', '')}"
                for index, link in enumerate(LINKS):
                    if index != self.index:
                        assert link not in text, (link, text)
                        assert DAYS[index] not in text, (DAYS[index], text)

    @invariant()
    def a_rerun_changes_nothing(self) -> None:
        if self.sequence < 0:
            return
        before = self.store.items()
        report = self._import(invite(self.sequence, self.index, cancel=self.cancelled))
        assert not [c for c in report.changes if c.writes], report.changes
        assert self.store.items() == before


def test_the_writer_contract_holds_after_every_step(store: StoreHarness) -> None:
    machine = type(f"Machine{store.kind.title()}", (WriterMachine,), {"harness": store})
    machine.TestCase.settings = settings(
        max_examples=int(os.environ.get("NOSHOW_MACHINE_EXAMPLES", "6")),
        stateful_step_count=10,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    machine.TestCase().runTest()
