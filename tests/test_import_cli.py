"""`noshow import`: add, re-import, update (higher SEQUENCE) and cancel, into a file or a vdir."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from click.testing import CliRunner, Result
from ical.calendar_stream import IcsCalendarStream

from noshow.cli.main import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "remind" / "import"
NOW = "2026-11-23T09:00:00Z"
KIND = "X-NOSHOW-KIND"
UID = "gh-interview-77120-atelier-noir@greenhouse.example.io"
V0 = FIXTURES / "invite-v0.ics"
V1 = FIXTURES / "invite-v1-moved.ics"
CANCEL = FIXTURES / "invite-cancel.ics"
USER_ALARM = (
    "BEGIN:VALARM\r\nUID:F00DCAFE-1234-4321-AAAA-0123456789AB\r\nTRIGGER:-PT40M\r\n"
    "ACTION:DISPLAY\r\nDESCRIPTION:Leave now\r\nEND:VALARM\r\n"
)
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


def run_import(config: Path, invite: Path, into: Path, *extra: str) -> Result:
    result = CliRunner().invoke(
        cli,
        [
            "import",
            str(invite),
            "--into",
            str(into),
            "--zone",
            "Europe/Berlin",
            "--now",
            NOW,
            "--config",
            str(config),
            "--format",
            "json",
            *extra,
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    return result


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: state(p) for p in sorted(folder.iterdir())}


def lines(data: bytes) -> list[bytes]:
    return _LINE.findall(data)


def assert_original_lines_kept(original: bytes, output: bytes) -> None:
    rest = iter(lines(output))
    assert all(any(line == other for other in rest) for line in lines(original))


def blocks(data: bytes, name: bytes = b"VEVENT") -> list[bytes]:
    """Each top-level component's bytes, as written."""
    return re.findall(rb"\r\nBEGIN:" + name + rb"\r\n.*?\r\nEND:" + name + rb"\r\n", data, re.S)


def components(data: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(data).subcomponents)


def interview(data: bytes) -> Any:
    (found,) = [c for c in components(data) if str(c.get("UID")) == UID]
    return found


def ours(data: bytes) -> dict[str, Any]:
    """noshow's top-level components by UID."""
    found = [c for c in components(data) if c.get(KIND) is not None]
    assert all(str(c["RELATED-TO"]) == UID for c in found)
    return {str(c["UID"]): c for c in found}


def vobject_read(text: str) -> Any:
    """vobject's reading of one calendar. vobject keeps one process-wide TZID -> tzinfo map in
    which the first calendar to define a TZID wins for every later calendar (RFC 5545 scopes a
    TZID to its own iCalendar object): forget earlier definitions so each is read with its own."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    utc = registry.get("UTC")
    registry.clear()
    registry["UTC"] = utc
    return vobject.readOne(text)


def read_by_others(data: bytes) -> None:
    """ical and vobject read the calendar, and see the interview at the same instant."""
    text = data.decode("utf-8")
    start = interview(data).decoded("DTSTART")
    (event,) = [e for e in IcsCalendarStream.calendar_from_ics(text).events if e.uid == UID]
    assert event.dtstart == start
    (vevent,) = [e for e in vobject_read(text).vevent_list if e.uid.value == UID]
    assert vevent.dtstart.value == start


def alarm_uids(event: Any) -> list[str]:
    return sorted(str(a["UID"]) for a in event.subcomponents if a.name == "VALARM")


def times(found: dict[str, Any]) -> dict[str, Any]:
    return {uid: c.decoded("DTSTART") for uid, c in found.items()}


def with_user_alarm(data: bytes) -> bytes:
    """The user adds an alarm of their own to the imported interview (in their client)."""
    text = data.decode("utf-8")
    start = text.index(f"UID:{UID}")
    end = text.index("END:VEVENT\r\n", start)
    return (text[:end] + USER_ALARM + text[end:]).encode("utf-8")


def completed(data: bytes, kind: str) -> bytes:
    """The user ticks off one of noshow's tasks."""
    text = data.decode("utf-8")
    marker = text.index(f"X-NOSHOW-KIND:{kind}\r\n")
    start = text.rindex("BEGIN:VTODO", 0, marker)
    status = text.index("STATUS:NEEDS-ACTION", start)
    assert status < marker
    return (
        text[:status] + "STATUS:COMPLETED" + text[status + len("STATUS:NEEDS-ACTION") :]
    ).encode()


# -- into an .ics file -------------------------------------------------------------------------


def test_into_a_new_file(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "calendar.ics"
    result = run_import(config, V0, into)
    assert f"{into}: added: " in result.stderr
    data = into.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow//noshow//EN\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    # The invite's VEVENT and its VTIMEZONE, as written in the invite.
    invite = V0.read_bytes()
    assert blocks(invite)[0].removesuffix(b"END:VEVENT\r\n") in data  # alarms go before END
    assert blocks(invite, b"VTIMEZONE")[0] in data
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    assert len(ours(data)) == 4 + 2 + 3
    assert len(alarm_uids(interview(data))) == 4
    assert not into.with_name("calendar.ics.bak").exists()


def test_into_an_existing_calendar_keeps_everything_else(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "my-calendar.ics"
    shutil.copyfile(FIXTURES / "my-calendar.ics", into)
    original = into.read_bytes()
    run_import(config, V0, into)
    data = into.read_bytes()
    assert_original_lines_kept(original, data)
    for block in blocks(original) + blocks(original, b"VTIMEZONE"):
        assert block in data
    assert into.with_name("my-calendar.ics.bak").read_bytes() == original
    # The interview uses Europe/Paris, which the calendar lacked: its VTIMEZONE came along.
    assert data.count(b"TZID:Europe/Paris") == 1
    assert data.count(b"TZID:Europe/Berlin") == 1


def test_the_same_invite_twice_changes_nothing(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "my-calendar.ics"
    shutil.copyfile(FIXTURES / "my-calendar.ics", into)
    run_import(config, V0, into)
    before = state(into)
    backup = state(into.with_name("my-calendar.ics.bak"))
    result = run_import(config, V0, into)
    assert "unchanged" in result.stderr and "nothing changed" in result.stderr
    assert state(into) == before
    assert state(into.with_name("my-calendar.ics.bak")) == backup


def test_dry_run_changes_nothing(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "my-calendar.ics"
    shutil.copyfile(FIXTURES / "my-calendar.ics", into)
    before = state(into)
    result = run_import(config, V0, into, "--dry-run")
    assert "+BEGIN:VEVENT" in result.stderr or "+BEGIN:VEVENT" in result.stdout
    assert state(into) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "my-calendar.ics"]


def test_newer_sequence_moves_the_interview_and_noshows_items(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "my-calendar.ics"
    shutil.copyfile(FIXTURES / "my-calendar.ics", into)
    original = into.read_bytes()
    run_import(config, V0, into)
    into.write_bytes(completed(with_user_alarm(into.read_bytes()), "confirm"))
    first = into.read_bytes()
    before = ours(first)
    alarms_before = alarm_uids(interview(first))
    assert len(alarms_before) == 5  # noshow's four and the user's

    result = run_import(config, V1, into)
    assert f"{into}: updated: " in result.stderr
    data = into.read_bytes()
    event = interview(data)
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").isoformat() == "2026-12-11T10:00:00+01:00"
    # Its alarms stay: the user's and noshow's (relative, so they move with it).
    assert alarm_uids(event) == alarms_before
    assert b"DESCRIPTION:Leave now" in data
    # noshow's blocks, reminders and open tasks: the same UIDs, at the new times.
    after = ours(data)
    assert set(after) == set(before)
    new_start = event.decoded("DTSTART")
    for uid, component in after.items():
        kind = str(component[KIND])
        if kind == "confirm":  # ticked off: the user's record now, left as it was
            assert str(component["STATUS"]) == "COMPLETED"
            assert component.decoded("DUE") == before[uid].decoded("DUE")
            continue
        assert component.decoded("DTSTART") != before[uid].decoded("DTSTART"), kind
        if kind in ("prep", "tech-check", "reminder"):
            assert component.decoded("DTEND") <= new_start
    reminders = sorted(
        new_start - c.decoded("DTSTART") for c in after.values() if str(c[KIND]) == "reminder"
    )
    assert [r.total_seconds() / 60 for r in reminders] == [15, 60, 120, 1440]
    # No duplicates, and every other event as it was.
    uids = [str(c["UID"]) for c in components(data) if c.name in ("VEVENT", "VTODO")]
    assert len(uids) == len(set(uids))
    for block in blocks(original):
        assert block in data
    read_by_others(data)
    # Importing v1 again changes nothing; importing the older v0 changes nothing either.
    done = state(into)
    run_import(config, V1, into)
    run_import(config, V0, into)
    assert state(into) == done


def test_cancel_marks_noshows_items_cancelled_and_keeps_the_users_alarm(
    tmp_path: Path, config: Path
) -> None:
    into = tmp_path / "my-calendar.ics"
    shutil.copyfile(FIXTURES / "my-calendar.ics", into)
    original = into.read_bytes()
    run_import(config, V0, into)
    into.write_bytes(completed(with_user_alarm(into.read_bytes()), "confirm"))
    done_task = next(u for u, c in ours(into.read_bytes()).items() if str(c[KIND]) == "confirm")
    result = run_import(config, CANCEL, into)
    assert f"{into}: cancelled: " in result.stderr
    data = into.read_bytes()
    event = interview(data)
    assert str(event["STATUS"]) == "CANCELLED"
    assert alarm_uids(event) == ["F00DCAFE-1234-4321-AAAA-0123456789AB"]  # only the user's
    # noshow's items are marked cancelled, never deleted (the same on every store), and ring no
    # more; the completed task is the user's record and stays as it was.
    items = ours(data)
    assert done_task in items and str(items[done_task]["STATUS"]) == "COMPLETED"
    for uid, component in items.items():
        if uid != done_task:
            assert str(component["STATUS"]) == "CANCELLED", component[KIND]
            assert not [c for c in component.subcomponents if c.get(KIND) is not None]
    for block in blocks(original):
        assert block in data
    read_by_others(data)
    done = state(into)
    run_import(config, CANCEL, into)
    assert state(into) == done


def test_cancel_for_something_never_imported(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "my-calendar.ics"
    shutil.copyfile(FIXTURES / "my-calendar.ics", into)
    before = state(into)
    result = run_import(config, CANCEL, into)
    assert "not-found" in result.stderr
    assert state(into) == before


# -- into a vdir -------------------------------------------------------------------------------


def vdir_items(folder: Path) -> dict[str, Any]:
    """noshow's items in the folder, by UID (each file holds exactly one)."""
    found = {}
    for path in sorted(folder.glob("*.ics")):
        mine = [c for c in components(path.read_bytes()) if c.get(KIND) is not None]
        if mine:
            (component,) = mine
            assert path.name == f"{component['UID']}.ics"
            found[str(component["UID"])] = component
    return found


def test_vdir_add_update_cancel(tmp_path: Path, config: Path) -> None:
    folder = tmp_path / "personal"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "my-calendar.ics", folder / "5E0F77A2-birthday.ics")
    other = state(folder / "5E0F77A2-birthday.ics")
    item = folder / f"{UID}.ics"

    run_import(config, V0, folder)
    assert blocks(V0.read_bytes())[0].removesuffix(b"END:VEVENT\r\n") in item.read_bytes()
    assert len(alarm_uids(interview(item.read_bytes()))) == 4
    items = vdir_items(folder)
    assert len(items) == 9
    before = folder_state(folder)
    run_import(config, V0, folder)
    assert folder_state(folder) == before  # the same invite twice: nothing

    item.write_bytes(with_user_alarm(item.read_bytes()))
    (confirm,) = [u for u, c in items.items() if str(c[KIND]) == "confirm"]
    task = folder / f"{confirm}.ics"
    task.write_bytes(completed(task.read_bytes(), "confirm"))
    completed_task = state(task)

    run_import(config, V1, folder)
    event = interview(item.read_bytes())
    assert int(event["SEQUENCE"]) == 1
    assert len(alarm_uids(event)) == 5 and b"Leave now" in item.read_bytes()
    moved = vdir_items(folder)
    assert set(moved) == set(items)
    for uid, component in moved.items():
        if uid != confirm:
            assert component.decoded("DTSTART") != items[uid].decoded("DTSTART")
    assert state(task) == completed_task
    assert state(folder / "5E0F77A2-birthday.ics") == other
    read_by_others(item.read_bytes())
    for path in folder.glob("*@noshow.ics"):
        IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
        vobject_read(path.read_text(encoding="utf-8"))

    run_import(config, CANCEL, folder)
    event = interview(item.read_bytes())
    assert str(event["STATUS"]) == "CANCELLED"
    assert alarm_uids(event) == ["F00DCAFE-1234-4321-AAAA-0123456789AB"]
    cancelled = vdir_items(folder)
    assert set(cancelled) == set(items)  # nothing deleted: marked cancelled, as on CalDAV
    for uid, component in cancelled.items():
        if uid != confirm:
            assert str(component["STATUS"]) == "CANCELLED"
    assert state(task) == completed_task
    assert state(folder / "5E0F77A2-birthday.ics") == other
    done = folder_state(folder)
    run_import(config, CANCEL, folder)
    run_import(config, V1, folder)  # older than the CANCEL: nothing
    assert folder_state(folder) == done
