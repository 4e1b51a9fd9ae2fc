"""noshow against real CalDAV servers (Radicale strict and lax, Xandikos) on 127.0.0.1.

Every path here talks to a real server started by conftest.py; the only stand-ins are the
misbehaving HTTP servers of the fault tests (a real server does not fail on demand) and a
Connection subclass that lets "another client" write between noshow's read and its write.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from budgets import REQUEST_TIMEOUT
from json_contract import INVITE_KEYS
from noshow.adapters.caldav_store import (
    CalDAVCalendar,
    Connection,
    RemoteCalendar,
    item_url,
)
from noshow.adapters.caldav_write import CalDAVWriter
from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars
from noshow.calendars.update import Outcome, put_interview
from noshow.calendars.writer import RETRIES, Session
from noshow.cli.main import cli
from noshow.config import Account
from noshow.model import You
from noshow.reminders import Plan, ReminderOptions, plan_reminders

NOW = "2026-11-23T09:00:00Z"
NOW_DT = datetime(2026, 11, 23, 9, tzinfo=UTC)
UID = "interview-7c1f@recruiting.example.com"

INTERVIEW = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Example Corp//Recruiting//EN\r\n"
    "BEGIN:VEVENT\r\n"
    f"UID:{UID}\r\n"
    "DTSTAMP:20261120T100000Z\r\n"
    "SEQUENCE:0\r\n"
    "DTSTART;TZID=Europe/London:20261202T150000\r\n"
    "DTEND;TZID=Europe/London:20261202T160000\r\n"
    "SUMMARY:Interview: Platform Engineer (video)\r\n"
    "DESCRIPTION:Join: https://example.zoom.us/j/81234567890\r\n"
    "LOCATION:https://example.zoom.us/j/81234567890\r\n"
    "ORGANIZER;CN=Dana Reyes:mailto:dana@recruiting.example.com\r\n"
    "ATTENDEE;CN=Sam Lee;PARTSTAT=ACCEPTED:mailto:sam@example.org\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)

STANDUP = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Example//Personal//EN\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:standup-series@example.org\r\n"
    "DTSTAMP:20250101T000000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20250106T093000\r\n"
    "DTEND;TZID=Europe/Berlin:20250106T094500\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\n"
    "SUMMARY:Team stand-up\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)

FAR_AWAY = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Example//Personal//EN\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:far-away@example.org\r\n"
    "DTSTAMP:20250101T000000Z\r\n"
    "DTSTART:20240301T100000Z\r\n"
    "DTEND:20240301T110000Z\r\n"
    "SUMMARY:Dentist, long ago\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def remind_interview(
    connection: Connection,
    calendar: RemoteCalendar,
    source: str,
    plan: Plan,
    now: datetime,
    dry_run: bool = False,
) -> Outcome:
    """What `noshow sync` does for one interview: the writer contract on this calendar."""
    session = Session(CalDAVWriter(connection, [calendar], calendar))
    outcome = put_interview(session, plan.invite, plan, now)
    session.commit(dry_run)
    outcome.changes.extend(session.skipped)
    return outcome


def _account(server: Any, **changes: Any) -> Account:
    base = Account(
        name="test",
        url=server.calendar_url,
        username=server.username,
        ca_file=Path(server.ca_file) if server.ca_file else None,
        timeout=REQUEST_TIMEOUT,
    )
    return Account(**{**base.__dict__, **changes})


def _config(tmp_path: Path, server: Any, **extra: str) -> Path:
    lines = [
        "[you]",
        'zone = "Europe/Berlin"',
        "[accounts.test]",
        f'url = "{server.calendar_url}"',
        f'username = "{server.username}"',
        f"timeout = {REQUEST_TIMEOUT:g}",
        *(f"{key} = {value}" for key, value in extra.items()),
    ]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sync(
    config: Path, *args: str, password: str = "s3cret-pass"
) -> tuple[int, str, dict[str, Any] | None]:
    result = CliRunner().invoke(
        cli,
        ["sync", "--account", "test", "--config", str(config), "--now", NOW, *args],
        env={"NOSHOW_PASSWORD": password},
    )
    data = None
    if "json" in args and result.exit_code in (0, 1):
        data = json.loads(result.stdout)
    return result.exit_code, result.output, data


def _alarms(data: bytes) -> int:
    interview = data.split(b"BEGIN:VEVENT", 1)[1]
    return interview.count(b"BEGIN:VALARM")


def _without_added_alarms(text: str) -> str:
    return re.sub(
        r"BEGIN:VALARM\r\n(?:(?!END:VALARM).*\r\n)*?X-NOSHOW-KIND:alarm\r\n(?:(?!END:VALARM).*\r\n)*?END:VALARM\r\n",
        "",
        text,
    )


# -- discovery and reading ---------------------------------------------------------------------


def test_discovery_finds_the_calendar_from_the_server_root(caldav_server: Any) -> None:
    account = _account(caldav_server, url=caldav_server.principal_url)
    connection = Connection(account, caldav_server.password)
    try:
        found = connection.calendars()
    finally:
        connection.close()
    urls = [c.url for c in found]
    assert caldav_server.calendar_url in urls
    mine = found[urls.index(caldav_server.calendar_url)]
    assert mine.name.startswith("Interviews")
    assert {"VEVENT", "VTODO"} <= mine.components


def test_a_calendar_is_chosen_by_its_name(caldav_server: Any) -> None:
    name = caldav_server.calendar_url.rstrip("/").rsplit("/", 1)[-1]
    other = caldav_server.make_calendar("Holidays", slug=f"{name}-other")
    account = _account(caldav_server, url=caldav_server.principal_url)
    store = CalDAVCalendar(Connection(account, caldav_server.password), "x", only="Holidays")
    try:
        assert [c.url for c in store.calendars()] == [other]
    finally:
        store.close()


def test_a_window_read_expands_series_and_leaves_far_events_on_the_server(
    caldav_server: Any,
) -> None:
    for name, body in (("interview", INTERVIEW), ("standup", STANDUP), ("far", FAR_AWAY)):
        status, _ = caldav_server.put(caldav_server.calendar_url + f"{name}.ics", body.encode())
        assert status in (201, 204)
    store = CalDAVCalendar(Connection(_account(caldav_server), caldav_server.password), "t")
    calendars = Calendars([store], "Europe/Berlin")
    try:
        window = Window(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 4, tzinfo=UTC))
        calendars.prefetch([window])
        busy = calendars.view_window(window)
        interviews, problems = calendars.interviews(window)
    finally:
        calendars.close()
    assert problems == [] and calendars.problems == []
    standups = [b for b in busy if b.summary == "Team stand-up"]
    # Tue 1, Wed 2, Thu 3 December at 09:30 Berlin = 08:30 UTC: a series that began in 2025.
    assert [b.start for b in standups] == [
        datetime(2026, 12, day, 8, 30, tzinfo=UTC) for day in (1, 2, 3)
    ]
    assert [i.uid for i in interviews] == [UID]
    assert interviews[0].start.instant == datetime(2026, 12, 2, 15, tzinfo=UTC)
    assert not any("far" in url for url in store.resources)  # the query left it on the server


# -- sync: reminders added, nothing lost, nothing twice -------------------------------------------


def test_sync_adds_reminders_and_a_second_sync_adds_nothing(
    caldav_server: Any, tmp_path: Path
) -> None:
    url = caldav_server.calendar_url + "interview.ics"
    caldav_server.put(url, INTERVIEW.encode())
    caldav_server.put(caldav_server.calendar_url + "standup.ics", STANDUP.encode())
    _, before, _ = caldav_server.get(url)
    standup_before = caldav_server.get(caldav_server.calendar_url + "standup.ics")
    config = _config(tmp_path, caldav_server)

    code, output, data = _sync(config, "--format", "json")
    assert code == 0, output
    assert data is not None and [i["uid"] for i in data["interviews"]] == [UID]
    assert set(data) >= {"interviews", "errors", "changes", "dry_run"}
    assert set(data["interviews"][0]) >= INVITE_KEYS
    assert all(set(c) == {"href", "action", "kind", "uid", "detail"} for c in data["changes"])
    actions = [(c["action"], c["kind"]) for c in data["changes"]]
    assert actions.count(("created", "alarm")) == 4
    assert {c["href"] for c in data["changes"] if c["kind"] == "alarm"} == {url}
    actions = [c["action"] for c in data["changes"]]
    assert actions.count("created") >= 6  # reminder events, blocks and tasks
    _, after, _ = caldav_server.get(url)
    assert _alarms(after) == 4
    # What the organizer owns is untouched, and the server kept every line it had.
    for line in before.decode().splitlines():
        assert line in after.decode().splitlines()
    assert caldav_server.get(caldav_server.calendar_url + "standup.ics") == standup_before
    listing = caldav_server.list(caldav_server.calendar_url)

    code, output, data = _sync(config, "--format", "json")
    assert code == 0, output
    assert data is not None
    assert {c["action"] for c in data["changes"]} == {"unchanged"}, [
        c for c in data["changes"] if c["action"] != "unchanged"
    ]
    assert caldav_server.list(caldav_server.calendar_url) == listing  # not one write


def test_dry_run_changes_nothing_and_shows_the_diff(caldav_server: Any, tmp_path: Path) -> None:
    caldav_server.put(caldav_server.calendar_url + "interview.ics", INTERVIEW.encode())
    listing = caldav_server.list(caldav_server.calendar_url)
    code, output, _ = _sync(_config(tmp_path, caldav_server), "--dry-run")
    assert code == 0, output
    assert "Would change" in output and "+BEGIN:VALARM" in output
    assert caldav_server.list(caldav_server.calendar_url) == listing


def test_sync_leaves_non_interviews_alone(caldav_server: Any, tmp_path: Path) -> None:
    caldav_server.put(caldav_server.calendar_url + "standup.ics", STANDUP.encode())
    listing = caldav_server.list(caldav_server.calendar_url)
    code, output, data = _sync(_config(tmp_path, caldav_server), "--format", "json")
    assert code == 0, output
    assert data == {
        "interviews": [],
        "errors": [],
        "changes": [],
        "dry_run": False,
        "new_interviews": [],
    }
    assert caldav_server.list(caldav_server.calendar_url) == listing


class _Interleaved(Connection):
    """A connection after whose GETs of the interview "another client" edits it, ``times``
    times, before noshow's PUT arrives."""

    def __init__(self, *args: Any, edit: Any, times: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edit = edit
        self.times = times
        self.put_bodies: list[tuple[bytes, bytes]] = []  # (what noshow read, what it sent)
        self._last_get: bytes = b""

    def get(self, url: str) -> Any:
        resource = super().get(url)
        if resource is not None and url.endswith("interview.ics"):
            self._last_get = resource.data
            if self.times > 0:
                self.times -= 1
                self.edit(resource)
        return resource

    def put(self, url: str, data: bytes, **kwargs: Any) -> str | None:
        if url.endswith("interview.ics"):
            self.put_bodies.append((self._last_get, data))
        return super().put(url, data, **kwargs)


def _plan_for(store: CalDAVCalendar) -> tuple[RemoteCalendar, str, Any]:
    calendars = Calendars([store], "Europe/Berlin")
    window = Window(NOW_DT, NOW_DT + timedelta(days=14))
    calendars.prefetch([window])
    [invite], _ = calendars.interviews(window)
    calendar, _ = store.resources[invite.source]
    you = You(zone="Europe/Berlin")
    return calendar, invite.source, plan_reminders(invite, ReminderOptions(), you, NOW_DT)


def test_a_concurrent_edit_survives_and_the_alarms_are_still_added(caldav_server: Any) -> None:
    url = caldav_server.calendar_url + "interview.ics"
    caldav_server.put(url, INTERVIEW.encode())

    def other_client(resource: Any) -> None:
        edited = resource.data.replace(b"END:VEVENT", b"COMMENT:moved to room 4\r\nEND:VEVENT")
        status, _ = caldav_server.put(url, edited, etag=resource.etag)
        assert status in (200, 204)

    connection = _Interleaved(
        _account(caldav_server), caldav_server.password, edit=other_client, times=1
    )
    store = CalDAVCalendar(connection, "t")
    try:
        calendar, source, plan = _plan_for(store)
        outcome = remind_interview(connection, calendar, source, plan, NOW_DT, dry_run=False)
    finally:
        store.close()
    assert [(c.action, c.kind) for c in outcome.changes].count(("created", "alarm")) == 4
    _, data, _ = caldav_server.get(url)
    assert b"COMMENT:moved to room 4" in data  # the other client's edit survived
    assert _alarms(data) == 4
    # noshow's PUT was the version it had just read plus its VALARMs, byte for byte.
    read, sent = connection.put_bodies[-1]
    assert _without_added_alarms(sent.decode()) == read.decode()


def test_after_repeated_conflicts_the_interview_is_skipped_untouched(caldav_server: Any) -> None:
    url = caldav_server.calendar_url + "interview.ics"
    caldav_server.put(url, INTERVIEW.encode())
    edits = iter(range(100))

    def other_client(resource: Any) -> None:
        edited = resource.data.replace(
            b"END:VEVENT", f"COMMENT:edit {next(edits)}\r\nEND:VEVENT".encode()
        )
        caldav_server.put(url, edited, etag=resource.etag)

    connection = _Interleaved(
        _account(caldav_server), caldav_server.password, edit=other_client, times=RETRIES + 5
    )
    store = CalDAVCalendar(connection, "t")
    try:
        calendar, source, plan = _plan_for(store)
        outcome = remind_interview(connection, calendar, source, plan, NOW_DT, dry_run=False)
    finally:
        store.close()
    skipped = [c for c in outcome.changes if c.action == "skipped"]
    assert skipped and skipped[0].kind == "item" and skipped[0].href == url
    assert "4 times in a row" in skipped[0].detail
    _, data, _ = caldav_server.get(url)
    assert _alarms(data) == 0 and b"COMMENT:edit" in data
    assert len(connection.put_bodies) == RETRIES + 1


def test_creation_never_overwrites_what_is_already_at_the_href(caldav_server: Any) -> None:
    url = caldav_server.calendar_url + "interview.ics"
    caldav_server.put(url, INTERVIEW.encode())
    store = CalDAVCalendar(Connection(_account(caldav_server), caldav_server.password), "t")
    try:
        calendar, source, plan = _plan_for(store)
        taken = item_url(calendar, plan.additions[0].uid)
        mine = STANDUP.replace("standup-series@example.org", "someone-elses@example.org")
        status, _ = caldav_server.put(taken, mine.encode())
        assert status == 201
        _, before, etag_before = caldav_server.get(taken)
        outcome = remind_interview(store.connection, calendar, source, plan, NOW_DT, False)
    finally:
        store.close()
    by_url = {c.href: c for c in outcome.changes}
    assert by_url[taken].action == "skipped" and "left alone" in by_url[taken].detail
    assert caldav_server.get(taken) == (200, before, etag_before)
    assert (
        sum(c.action == "created" and c.kind != "alarm" for c in outcome.changes)
        == len(plan.additions) - 1
    )


def test_import_into_caldav_adds_updates_and_cancels_without_deleting(
    caldav_server: Any, tmp_path: Path
) -> None:
    config = _config(tmp_path, caldav_server)
    invite = tmp_path / "invite.ics"
    invite.write_text(INTERVIEW.replace("PRODID", "METHOD:REQUEST\r\nPRODID"), encoding="utf-8")

    def run() -> str:
        result = CliRunner().invoke(
            cli,
            ["import", str(invite), "--into", "caldav:test", "--config", str(config), "--now", NOW],
            env={"NOSHOW_PASSWORD": "s3cret-pass"},
        )
        assert result.exit_code in (0, 1), result.output
        return result.output

    assert ": added: " in run()
    count = len(caldav_server.list(caldav_server.calendar_url))
    assert count >= 7
    assert ": unchanged: " in run()
    assert len(caldav_server.list(caldav_server.calendar_url)) == count

    moved = INTERVIEW.replace("SEQUENCE:0", "SEQUENCE:1").replace("T150000", "T170000")
    moved = moved.replace("T160000", "T180000")
    invite.write_text(moved.replace("PRODID", "METHOD:REQUEST\r\nPRODID"), encoding="utf-8")
    output = run()
    assert ": updated: " in output and "rewrote" in output
    cancel = moved.replace("SEQUENCE:1", "SEQUENCE:2").replace("PRODID", "METHOD:CANCEL\r\nPRODID")
    invite.write_text(cancel, encoding="utf-8")
    assert ": cancelled: " in run()
    listing = caldav_server.list(caldav_server.calendar_url)
    assert len(listing) == count  # nothing deleted
    for href in listing:
        _, body, _ = caldav_server.get(href)
        if b"X-NOSHOW-KIND" in body.split(b"BEGIN:VALARM")[0] and b"VTODO" not in body:
            assert b"STATUS:CANCELLED" in body


# -- faults: one clear line, exit 2, no password --------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("401", "username or password was refused"),
        ("403", "forbidden"),
        ("404", "not found"),
        ("500", "server error 500"),
        ("malformed", "not valid CalDAV XML"),
        ("html", "not valid CalDAV XML"),
        ("hang", "no answer within 1 s"),
    ],
)
def test_a_faulty_server_ends_with_one_clear_line(
    fault_server: Any, tmp_path: Path, mode: str, expected: str
) -> None:
    base = fault_server(mode)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[accounts.test]\nurl = "{base}"\nusername = "alice"\ntimeout = 1\n', encoding="utf-8"
    )
    code, output, _ = _sync(config, password="hunter2-do-not-print")
    assert code == 2, output
    assert expected in output, output
    assert "127.0.0.1" in output
    assert "Traceback" not in output and "hunter2" not in output
    assert len(output.strip().splitlines()) == 1


def test_a_refused_connection_names_the_server(closed_port_url: Any, tmp_path: Path) -> None:
    url = closed_port_url()
    config = tmp_path / "config.toml"
    config.write_text(f'[accounts.test]\nurl = "{url}"\nusername = "a"\n', encoding="utf-8")
    code, output, _ = _sync(config)
    assert code == 2
    assert "connection refused" in output or "cannot connect" in output
    assert url.rstrip("/") in output and "Traceback" not in output


def test_a_wrong_password_on_a_real_server(radicale_process: Any, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[accounts.test]\nurl = "{radicale_process.base_url}"\nusername = "alice"\n',
        encoding="utf-8",
    )
    code, output, _ = _sync(config, password="wrong-password-123")
    assert code == 2 and "401" in output and "wrong-password" not in output


def test_tls_is_verified_and_ca_file_trusts_a_private_authority(
    radicale_tls: Any, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    base = f'[accounts.test]\nurl = "{radicale_tls.calendar_url}"\nusername = "alice"\n'
    config.write_text(base, encoding="utf-8")
    code, output, _ = _sync(config)
    assert code == 2 and "TLS certificate could not be verified" in output
    config.write_text(base + f'ca_file = "{radicale_tls.ca_file}"\n', encoding="utf-8")
    code, output, _ = _sync(config, "--no-remind")
    assert code == 0, output


# -- size ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)
@pytest.mark.slow
def test_two_thousand_events_in_the_window_are_read_in_one_query(caldav_server: Any) -> None:
    server = caldav_server
    calendar = server.calendar_url  # Radicale takes a whole calendar in one PUT
    events = []
    for n in range(2000):
        day = datetime(2026, 11, 24, 7, tzinfo=UTC) + timedelta(minutes=9 * n)
        stamp = day.strftime("%Y%m%dT%H%M%SZ")
        end = (day + timedelta(minutes=8)).strftime("%Y%m%dT%H%M%SZ")
        events.append(
            f"BEGIN:VEVENT\r\nUID:bulk-{n}@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
            f"DTSTART:{stamp}\r\nDTEND:{end}\r\nSUMMARY:Busy {n}\r\nEND:VEVENT\r\n"
        )
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bulk//EN\r\n" + "".join(events)
    status, _ = server.put(calendar, (body + "END:VCALENDAR\r\n").encode())
    assert status in (200, 201, 204)
    account = Account("big", calendar, server.username, timeout=REQUEST_TIMEOUT)
    store = CalDAVCalendar(Connection(account, server.password), "big")
    try:
        read = store.read(Window(NOW_DT, NOW_DT + timedelta(days=14)), "Europe/Berlin")
    finally:
        store.close()
    assert sum(len(r.busy) for r, _ in read.reads) == 2000
    # One discovery PROPFIND and one time-range REPORT, however many events: the speed itself is
    # measured by benchmarks/bench_caldav.py (about 1.7 s for this size), not asserted here.
    assert store.connection.requests == 2


def test_an_item_moved_to_another_href_is_not_created_twice(caldav_server: Any) -> None:
    url = caldav_server.calendar_url + "interview.ics"
    caldav_server.put(url, INTERVIEW.encode())
    store = CalDAVCalendar(Connection(_account(caldav_server), caldav_server.password), "t")
    try:
        calendar, source, plan = _plan_for(store)
        first = remind_interview(store.connection, calendar, source, plan, NOW_DT, False)
        created = [c for c in first.changes if c.action == "created" and c.kind != "alarm"]
        assert len(created) == len(plan.additions)
        # Another client (vdirsyncer, say) keeps one of noshow's items under its own name.
        href = item_url(calendar, plan.additions[0].uid)
        _, body, etag = caldav_server.get(href)
        caldav_server.delete(href, etag)
        status, _ = caldav_server.put(caldav_server.calendar_url + "renamed.ics", body)
        assert status == 201
        listing = caldav_server.list(caldav_server.calendar_url)
        second = remind_interview(store.connection, calendar, source, plan, NOW_DT, False)
    finally:
        store.close()
    # Found by UID (a RELATED-TO query), wherever it is: left as it is, never created twice.
    assert not [c for c in second.changes if c.writes]
    renamed = caldav_server.calendar_url + "renamed.ics"
    assert [c.action for c in second.changes if c.href == renamed] == ["unchanged"]
    assert caldav_server.list(caldav_server.calendar_url) == listing  # no duplicate


def test_no_password_goes_over_plain_http_to_another_machine(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[accounts.test]\nurl = "http://calendar.example.org/dav/"\nusername = "alice"\n',
        encoding="utf-8",
    )
    code, output, _ = _sync(config, password="plain-text-secret")
    assert code == 2
    assert "refusing to send a password over plain http" in output
    assert "plain-text-secret" not in output


MEETING = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Personal//EN\r\n"
    "BEGIN:VEVENT\r\nUID:quarterly-review@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20261202T153000\r\nDTEND;TZID=Europe/Berlin:20261202T163000\r\n"
    "SUMMARY:Quarterly review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_check_finds_a_conflict_in_a_server_calendar(caldav_server: Any, tmp_path: Path) -> None:
    caldav_server.put(caldav_server.calendar_url + "review.ics", MEETING.encode())
    invite = tmp_path / "invite.ics"
    invite.write_text(INTERVIEW, encoding="utf-8")
    config = _config(tmp_path, caldav_server)
    result = CliRunner().invoke(
        cli,
        [
            "check",
            str(invite),
            "--calendar",
            "caldav:test",
            "--config",
            str(config),
            "--now",
            NOW,
            "--format",
            "json",
        ],
        env={"NOSHOW_PASSWORD": "s3cret-pass"},
    )
    assert result.exit_code == 1, result.output
    [checked] = json.loads(result.stdout)["invites"]
    [conflict] = [f for f in checked["findings"] if f["rule"] == "conflict"]
    assert "Quarterly review" in conflict["message"]


@pytest.mark.parametrize("calendar_displayname", ["Job search"])
def test_sync_by_url_username_and_calendar_name(caldav_server: Any, tmp_path: Path) -> None:
    caldav_server.put(caldav_server.calendar_url + "interview.ics", INTERVIEW.encode())
    other = caldav_server.make_calendar("Other", slug=f"other-{time.time_ns()}")
    caldav_server.put(other + "interview.ics", INTERVIEW.replace(UID, "other-" + UID).encode())
    config = tmp_path / "config.toml"
    config.write_text('[you]\nzone = "Europe/Berlin"\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "sync",
            "--url",
            caldav_server.principal_url,
            "--username",
            caldav_server.username,
            "--calendar",
            "Job search",
            "--config",
            str(config),
            "--now",
            NOW,
            "--no-remind",
            "--format",
            "json",
        ],
        env={"NOSHOW_PASSWORD": caldav_server.password},
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [i["uid"] for i in data["interviews"]] == [UID]
    assert data["changes"] == []


# -- the incident log, written through the same contract --------------------------------------------


RECOVER = ["recover", "--reason", "overslept", "--log-into", "caldav:test", "--now"]
RECOVER += ["2026-12-02T18:00:00Z", "--country", "none", "--interviewer-country", "none"]


def _journal_config(tmp_path: Path, server: Any, url: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        '[you]\nzone = "Europe/Berlin"\nemail = "dana@example.net"\nname = "Dana"\n'
        f'[accounts.test]\nurl = "{url}"\nusername = "{server.username}"\ntimeout = 120\n',
        encoding="utf-8",
    )
    return config


def test_the_incident_log_goes_to_a_caldav_calendar_once(
    caldav_server: Any, tmp_path: Path
) -> None:
    journal_url = caldav_server.make_calendar(
        "Journal", ("VEVENT", "VTODO", "VJOURNAL"), slug=f"journal-{uuid.uuid4().hex[:8]}"
    )
    config = _journal_config(tmp_path, caldav_server, journal_url)
    invite = tmp_path / "missed.ics"
    invite.write_text(INTERVIEW.replace("PRODID", "METHOD:REQUEST\r\nPRODID"), encoding="utf-8")

    def recover() -> Any:
        return CliRunner().invoke(
            cli,
            [*RECOVER, str(invite), "--config", str(config)],
            env={"NOSHOW_PASSWORD": caldav_server.password},
        )

    first = recover()
    assert first.exit_code == 0, first.output
    assert "Logged the incident" in first.output
    listing = caldav_server.list(journal_url)
    journals = [h for h in listing if b"BEGIN:VJOURNAL" in caldav_server.get(h)[1]]
    assert len(journals) == 1
    body = caldav_server.get(journals[0])[1]
    assert f"RELATED-TO:{UID}".encode() in body and b"overslept" in body
    second = recover()
    assert second.exit_code == 0, second.output
    assert caldav_server.list(journal_url) == listing  # logged once


def test_a_calendar_without_journals_refuses_the_log_in_one_line(
    caldav_server: Any, tmp_path: Path
) -> None:
    config = _journal_config(tmp_path, caldav_server, caldav_server.calendar_url)
    invite = tmp_path / "missed.ics"
    invite.write_text(INTERVIEW.replace("PRODID", "METHOD:REQUEST\r\nPRODID"), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [*RECOVER, str(invite), "--config", str(config)],
        env={"NOSHOW_PASSWORD": caldav_server.password},
    )
    assert result.exit_code == 2
    assert "does not hold VJOURNAL entries" in result.stderr
    assert "Traceback" not in result.output


# -- a sync killed midway, on a server ----------------------------------------------------------


def _interviews_on(server: Any, calendar_url: str, count: int) -> None:
    for n in range(count):
        body = INTERVIEW.replace(UID, f"kill-{n}-{UID}").replace(
            "20261202T", f"202612{10 + n:02d}T"
        )
        status, _ = server.put(calendar_url + f"interview-{n}.ics", body.encode())
        assert status == 201, status


def _contents(server: Any, calendar_url: str) -> dict[str, bytes]:
    """Every resource's body, by its name (the last path segment), without volatile lines."""
    found = {}
    for href in server.list(calendar_url):
        _, body, _ = server.get(href)
        kept = [
            line for line in body.splitlines() if not line.startswith((b"DTSTAMP", b"LAST-MOD"))
        ]
        found[href.rstrip("/").rsplit("/", 1)[-1]] = b"\n".join(kept)
    return found


def test_a_killed_sync_leaves_whole_resources_and_a_rerun_converges(
    caldav_server: Any, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys

    reference_url = caldav_server.make_calendar("Reference", slug=f"ref-{uuid.uuid4().hex[:8]}")
    _interviews_on(caldav_server, reference_url, 6)
    _interviews_on(caldav_server, caldav_server.calendar_url, 6)
    env = {**os.environ, "NOSHOW_PASSWORD": caldav_server.password}

    def sync(url: str) -> list[str]:
        config = _journal_config(tmp_path, caldav_server, url)
        return [sys.executable, "-m", "noshow", "sync", "--config", str(config), "--now", NOW]

    started = time.monotonic()
    done = subprocess.run(
        sync(reference_url), env=env, capture_output=True, timeout=600, check=False
    )
    took = time.monotonic() - started  # spreads the kill over the run; never asserted
    assert done.returncode in (0, 1), done.stderr
    expected = _contents(caldav_server, reference_url)

    process = subprocess.Popen(
        sync(caldav_server.calendar_url),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=took * 0.5)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=600)
    # Every resource there is whole: an interview as it was or with its alarms, or one of
    # noshow's items exactly as the uninterrupted run wrote it.
    for name, body in _contents(caldav_server, caldav_server.calendar_url).items():
        assert body.startswith(b"BEGIN:VCALENDAR") and body.rstrip().endswith(b"END:VCALENDAR")
        if "@noshow" in name:
            assert body == expected[name], name
    again = subprocess.run(
        sync(caldav_server.calendar_url), env=env, capture_output=True, timeout=600, check=False
    )
    assert again.returncode in (0, 1), again.stderr
    assert _contents(caldav_server, caldav_server.calendar_url) == expected
