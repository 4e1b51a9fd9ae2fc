"""Calendars on disk that cannot be (fully) read, and how often calendars are read.

A broken calendar is one clear line naming the file and exit status 2, never a traceback; the
other calendars and the invites are still checked and reported. Fixtures: fixtures/calendars/bad.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from noshow.adapters.calendar_files import FileCalendar, VdirCalendar, open_calendar
from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars, WindowRead, merge_windows
from noshow.cli.main import cli
from noshow.invites import read_document, shift
from noshow.model import InputProblem

CALENDARS = Path(__file__).resolve().parent / "fixtures" / "calendars"
BAD = CALENDARS / "bad"
GOOD = BAD / "good.ics"
VIDEO = CALENDARS / "invites" / "video-teams.ics"
NOW = "2026-11-23T09:00:00Z"
ZONE = "Europe/Berlin"
#: The two weeks `noshow agenda` looks at from NOW.
WINDOW = Window(datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 12, 7, 9, tzinfo=UTC))

#: Each bad calendar, and what its one line says after "noshow: <path>".
BAD_CALENDARS = [
    pytest.param(
        "malformed.ics", ":37: END:VCALENDAR closes BEGIN:VEVENT from line 23", id="malformed"
    ),
    pytest.param(
        "truncated.ics", ":23: BEGIN:VEVENT is never closed (truncated file?)", id="truncated"
    ),
    pytest.param(
        "truncated-between-events.ics",
        ":1: BEGIN:VCALENDAR is never closed (truncated file?)",
        id="truncated-between-events",
    ),
    pytest.param(
        "html-instead-of-ics.ics",
        ": no BEGIN:VCALENDAR: this is not iCalendar data",
        id="not-icalendar",
    ),
    pytest.param(
        "secondly.ics",
        ": line 24: event 'tick-every-second@hostile.example': RRULE FREQ=SECONDLY recurs too often",
        id="hostile-rrule",
    ),
]


@pytest.fixture
def empty_config(tmp_path: Path) -> Path:
    path = tmp_path / "empty.toml"
    path.write_text("")
    return path


def invoke(*args: str, config: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--config", str(config), "--zone", ZONE, "--now", NOW])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


# -- bad calendars through the command line --------------------------------------------------------


@pytest.mark.parametrize(("name", "says"), BAD_CALENDARS)
def test_agenda_reports_a_bad_calendar_in_one_line_and_reads_the_others(empty_config, name, says):
    bad = BAD / name
    code, out, err = invoke(
        "agenda", "--calendar", str(bad), "--calendar", str(GOOD), config=empty_config
    )
    assert code == 2
    [line] = error_lines(err)
    assert line.startswith(f"noshow: {bad}{says}")
    assert "Interview – Kestrel Labs" in out  # the good calendar's interview is still there
    assert "could not be read" in out


@pytest.mark.parametrize(("name", "says"), BAD_CALENDARS)
def test_agenda_json_names_the_bad_calendar(empty_config, name, says):
    bad = BAD / name
    code, out, _ = invoke(
        "agenda",
        "--calendar",
        str(bad),
        "--calendar",
        str(GOOD),
        "--format",
        "json",
        config=empty_config,
    )
    assert code == 2
    data = json.loads(out)
    [error] = data["errors"]
    assert error["source"] == str(bad)
    assert error["message"].startswith(f"{bad}{says}")
    assert "\n" not in error["message"]
    assert "Interview – Kestrel Labs" in [i["summary"] for i in data["interviews"]]


@pytest.mark.parametrize(("name", "says"), BAD_CALENDARS)
def test_check_still_checks_the_invite_next_to_a_bad_calendar(run_check, name, says):
    """The damage lies a week before the interview: a read that only looks at the days around
    the interview must still notice it, or a cut-off download would silently hide busy time."""
    bad = BAD / name
    code, data = run_check(VIDEO, extra=["--calendar", str(bad)])
    assert code == 2
    [invite] = data["invites"]
    assert invite["summary"] == "Interview: Backend Engineer – Nordlicht Energie"
    assert [e["source"] for e in data["errors"]] == [str(bad)]


def test_hostile_rule_is_skipped_but_the_rest_of_its_file_is_read(empty_config):
    """Expanding FREQ=SECONDLY since 2019 would take hundreds of millions of steps; noshow skips
    that one event and still lists the interview in the same file."""
    bad = BAD / "secondly.ics"
    code, out, _ = invoke("agenda", "--calendar", str(bad), "--format", "json", config=empty_config)
    assert code == 2
    data = json.loads(out)
    assert [i["summary"] for i in data["interviews"]] == ["Interview – Orbital Freight"]
    [error] = data["errors"]
    assert "skipped" in error["message"]


def test_missing_calendar_file(empty_config, tmp_path):
    missing = tmp_path / "gone.ics"
    code, out, err = invoke(
        "agenda", "--calendar", str(missing), "--calendar", str(GOOD), config=empty_config
    )
    assert code == 2
    [line] = error_lines(err)
    assert line.startswith(f"noshow: {missing}: cannot read calendar")
    assert "Interview – Kestrel Labs" in out


# -- the stores themselves -------------------------------------------------------------------------


def test_file_over_the_size_limit(tmp_path):
    size = GOOD.stat().st_size
    store = FileCalendar(GOOD, max_bytes=size - 1)
    result = store.read(WINDOW, ZONE)
    assert result.reads == ()
    [problem] = result.problems
    assert problem.source == str(GOOD)
    assert problem.message.startswith("larger than the ")
    assert problem.message.endswith(" MB limit for calendars")
    assert " 0 MB" not in problem.message  # the limit shown is the real one, not rounded to nothing
    assert "\n" not in problem.one_line()
    # Exactly at the limit is fine.
    assert FileCalendar(GOOD, max_bytes=size).read(WINDOW, ZONE).problems == ()


def test_oversized_calendar_does_not_hide_the_others():
    calendars = Calendars(
        [FileCalendar(BAD / "truncated.ics", max_bytes=100), FileCalendar(GOOD)], ZONE
    )
    interviews, problems = calendars.interviews(WINDOW)
    assert [i.summary for i in interviews] == ["Interview – Kestrel Labs"]
    assert problems == []
    [problem] = calendars.problems
    assert problem.source == str(BAD / "truncated.ics") and "limit" in problem.message


def test_vdir_with_one_broken_file_reads_the_others():
    folder = BAD / "vdir-one-broken"
    result = VdirCalendar(folder).read(WINDOW, ZONE)
    [problem] = result.problems
    assert problem.source == str(folder / "8e9d-broken.ics")
    assert problem.message == "END:VCALENDAR closes BEGIN:VEVENT from line 23"
    read_uids = sorted(str(c.get("UID")) for read, _ in result.reads for c in read.components)
    assert read_uids == ["2a1f-dentist", "5c3e-interview"]

    calendars = Calendars([VdirCalendar(folder)], ZONE)
    interviews, _ = calendars.interviews(WINDOW)
    assert [(i.summary, i.source) for i in interviews] == [
        ("Interview – Kestrel Labs", str(folder / "5c3e-interview.ics"))
    ]


def test_vdir_broken_file_through_the_cli(empty_config):
    folder = BAD / "vdir-one-broken"
    code, out, err = invoke("agenda", "--calendar", str(folder), config=empty_config)
    assert code == 2
    [line] = error_lines(err)
    assert line.startswith(f"noshow: {folder / '8e9d-broken.ics'}:")
    assert "Interview – Kestrel Labs" in out


def test_vdir_skips_hidden_folders_and_other_files(tmp_path):
    folder = tmp_path / "personal"
    shutil.copytree(CALENDARS / "agenda" / "vdir", folder)  # has displayname and color files
    hidden = folder / ".Trash"
    hidden.mkdir()
    shutil.copy(BAD / "truncated.ics", hidden / "deleted.ics")
    result = VdirCalendar(folder).read(WINDOW, ZONE)
    assert result.problems == ()
    assert len(result.reads) == 3  # dentist, interview, weekly team sync


def test_open_calendar_picks_the_store(tmp_path):
    folder = open_calendar(str(CALENDARS / "agenda" / "vdir"))
    assert isinstance(folder, VdirCalendar) and folder.name == str(CALENDARS / "agenda" / "vdir")
    file = open_calendar(str(GOOD))
    assert isinstance(file, FileCalendar) and file.name == str(GOOD)


# -- reading each store once -----------------------------------------------------------------------


@dataclass
class CountingStore:
    """A CalendarStore that remembers every window it is asked for."""

    name: str = "fake"
    problems: tuple[InputProblem, ...] = ()
    calls: list[Window] = field(default_factory=list)

    def read(self, window: Window, you_zone: str) -> WindowRead:
        self.calls.append(window)
        return WindowRead((), self.problems)


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=UTC)


def test_prefetch_reads_each_store_once_for_overlapping_windows():
    first, second = CountingStore("a"), CountingStore("b")
    calendars = Calendars([first, second], ZONE)
    windows = [
        Window(at(1), at(3)),
        Window(at(2), at(4)),
        Window(at(4), at(5)),
        Window(at(1, 6), at(2)),
    ]
    calendars.prefetch(windows)
    assert first.calls == [Window(at(1), at(5))]  # overlapping and touching windows merged
    assert second.calls == first.calls
    # Asking again, or for anything inside what was read, reads nothing more.
    calendars.prefetch(windows)
    calendars.prefetch([Window(at(2), at(3))])
    assert len(first.calls) == 1 and len(second.calls) == 1


def test_prefetch_reads_disjoint_windows_separately():
    store = CountingStore()
    calendars = Calendars([store], ZONE)
    calendars.prefetch([Window(at(10), at(11)), Window(at(1), at(2))])
    assert store.calls == [Window(at(1), at(2)), Window(at(10), at(11))]


def test_views_after_prefetch_read_nothing_more():
    """`noshow check` prefetches the windows of all invites, then asks for each one's view."""
    store = CountingStore(problems=(InputProblem("fake", "one problem"),))
    calendars = Calendars([store], ZONE)
    [invite] = read_document(str(VIDEO), VIDEO.read_bytes(), ZONE).invites
    later = [invite, _moved(invite, timedelta(hours=2)), _moved(invite, timedelta(days=1))]
    calendars.prefetch(Calendars.window_for(i) for i in later)
    assert len(store.calls) == 1
    for each in later:
        view = calendars.view(each)
        assert view.busy == () and view.alarms is None and view.sources == ("fake",)
    calendars.interviews(Window(invite.start.instant, invite.start.instant + timedelta(hours=1)))
    assert len(store.calls) == 1
    assert calendars.problems == [InputProblem("fake", "one problem")]  # reported once
    # An interview outside what was read costs one more read.
    calendars.view(_moved(invite, timedelta(days=30)))
    assert len(store.calls) == 2


def _moved(invite, delta):
    return replace(invite, start=shift(invite.start, delta), end=shift(invite.end, delta))


def test_merge_windows():
    assert merge_windows([]) == []
    assert merge_windows([Window(at(3), at(4)), Window(at(1), at(2)), Window(at(2), at(3))]) == [
        Window(at(1), at(4))
    ]
    assert merge_windows([Window(at(1), at(5)), Window(at(2), at(3))]) == [Window(at(1), at(5))]
