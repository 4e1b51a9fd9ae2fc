"""`noshow slots`: the text people paste, the JSON contract, hold events and iTIP COUNTER, errors.

Every run uses an empty config file and explicit --zone and --now, so nothing of this machine
leaks in. The fixtures (tests/fixtures/slots) describe one week in December 2026:

* missed-interview.ics: a one-hour interview organized from New York (SEQUENCE 2);
* interviewer-freebusy.ics: the interviewer's published free/busy (VFREEBUSY), busy all of
  Monday's shared hours, FREE (not busy) on Tuesday, busy on Thursday and Friday afternoons;
* your-calendar.ics: a dentist on Wednesday afternoon (opaque) and focus time on Tuesday
  (transparent, so not busy).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner, Result

from noshow.cli.main import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "slots"
INVITE = FIXTURES / "missed-interview.ics"
FREEBUSY = FIXTURES / "interviewer-freebusy.ics"
YOUR_CALENDAR = FIXTURES / "your-calendar.ics"
BROKEN = FIXTURES / "broken.ics"
NOW = "2026-12-04T09:00:00Z"  # a Friday: the notice runs out on Saturday
NEW_YORK = "America/New_York"
LONDON = "Europe/London"

UTC_TEXT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
LOCAL_TEXT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture
def run(tmp_path: Path) -> Any:
    """``run(*args, zone=..., now=...)`` -> click Result of ``noshow slots ...``."""
    config = tmp_path / "empty.toml"
    config.write_text("")

    def invoke(*args: str | Path, zone: str = LONDON, now: str = NOW) -> Result:
        argv = ["slots", *map(str, args), "--config", str(config), "--zone", zone, "--now", now]
        result = CliRunner().invoke(cli, argv)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        return result

    return invoke


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def starts(data: dict[str, Any], zone: str = NEW_YORK) -> list[str]:
    """The slots' starts as ``Mon 07 10:00`` in ``zone``."""
    return [
        datetime.fromisoformat(s["start"]["utc"].replace("Z", "+00:00"))
        .astimezone(ZoneInfo(zone))
        .strftime("%a %d %H:%M")
        for s in data["slots"]
    ]


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- text ------------------------------------------------------------------------------------------


def test_text_shows_the_interviewer_first_then_you_then_utc(run: Any) -> None:
    result = run("--interviewer-zone", NEW_YORK)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = lines[0]
    assert (
        header.index("interviewer (America/New_York)")
        < header.index("you (Europe/London)")
        < header.index("UTC")
    )
    rows = lines[1:4]
    assert len(rows) == 3
    expected = [
        (
            "Mon 07 Dec 10:00 EST (UTC-05:00)",
            "Mon 07 Dec 15:00 GMT (UTC+00:00)",
            "2026-12-07T15:00:00Z",
        ),
        (
            "Tue 08 Dec 10:00 EST (UTC-05:00)",
            "Tue 08 Dec 15:00 GMT (UTC+00:00)",
            "2026-12-08T15:00:00Z",
        ),
        (
            "Wed 09 Dec 10:00 EST (UTC-05:00)",
            "Wed 09 Dec 15:00 GMT (UTC+00:00)",
            "2026-12-09T15:00:00Z",
        ),
    ]
    for row, (theirs, yours, in_utc) in zip(rows, expected, strict=True):
        assert row.index(theirs) < row.index(yours) < row.index(in_utc), row
    assert "Ready to paste (the interviewer's time first):" in result.stdout
    assert (
        "- Tuesday 8 December, 10:00-10:45 EST (UTC-05:00) / "
        "Tuesday 8 December, 15:00-15:45 GMT (UTC+00:00) for me"
    ) in lines
    assert "Note:" not in result.stdout


def test_ready_to_paste_line_has_one_time_when_the_offsets_agree(run: Any) -> None:
    result = run("--interviewer-zone", NEW_YORK, "--count", "1", zone=NEW_YORK)
    assert result.exit_code == 0, result.output
    assert "- Monday 7 December, 12:30-13:15 EST (UTC-05:00)" in result.stdout.splitlines()


def test_kathmandu_interviewer_half_past_and_quarter_past_for_you(run: Any) -> None:
    result = run("--interviewer-zone", "Asia/Kathmandu", "--format", "json", zone="Europe/Berlin")
    assert result.exit_code == 0, result.output
    for slot in as_json(result)["slots"]:
        assert slot["start"]["interviewer"][14:16] in {"00", "30"}
        assert slot["start"]["interviewer"].endswith("+05:45")
        assert slot["start"]["you"][14:16] in {"15", "45"}
    text = run("--interviewer-zone", "Asia/Kathmandu", zone="Europe/Berlin").stdout
    # tzdata has no abbreviation for Nepal: the city's name and the offset stand in.
    assert "Kathmandu time (UTC+05:45)" in text
    assert "CET (UTC+01:00)" in text


def test_dst_change_in_berlin_only_moves_your_times(run: Any) -> None:
    result = run(
        "--interviewer-zone",
        NEW_YORK,
        "--interviewer-hours",
        "09:00-10:00",
        "--hours",
        "08:00-20:00",
        "--duration",
        "30m",
        "--count",
        "5",
        "--country",
        "none",  # 26 March 2027 is Good Friday in Germany: this test is about DST only
        zone="Europe/Berlin",
        now="2027-03-24T12:00:00Z",
    )
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:6]
    assert [row[:32] for row in rows] == [
        "Thu 25 Mar 09:00 EDT (UTC-04:00)",
        "Fri 26 Mar 09:00 EDT (UTC-04:00)",
        "Mon 29 Mar 09:00 EDT (UTC-04:00)",
        "Tue 30 Mar 09:00 EDT (UTC-04:00)",
        "Wed 31 Mar 09:00 EDT (UTC-04:00)",
    ]
    assert "Thu 25 Mar 14:00 CET (UTC+01:00)" in rows[0]
    assert "Fri 26 Mar 14:00 CET (UTC+01:00)" in rows[1]
    assert "Mon 29 Mar 15:00 CEST (UTC+02:00)" in rows[2]
    assert all("T13:00:00Z" in row for row in rows)


# -- JSON contract ---------------------------------------------------------------------------------


def test_json_has_exactly_the_contract_keys_and_consistent_instants(run: Any) -> None:
    result = run("--interviewer-zone", NEW_YORK, "--format", "json", "--duration", "45m")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert set(data) == {"slots", "interviewer_zone", "you_zone", "notes", "holidays"}
    assert data["holidays"] == {
        "you": {"country": "GB", "from": f"your zone {LONDON}"},
        "interviewer": {"country": "US", "from": f"their zone {NEW_YORK}"},
    }
    assert data["interviewer_zone"] == NEW_YORK
    assert data["you_zone"] == LONDON
    assert data["notes"] == []
    assert len(data["slots"]) == 3
    for slot in data["slots"]:
        assert set(slot) == {"start", "end"}
        for moment in (slot["start"], slot["end"]):
            assert set(moment) == {"utc", "interviewer", "you"}
            assert UTC_TEXT.match(moment["utc"]), moment
            assert LOCAL_TEXT.match(moment["interviewer"]), moment
            assert LOCAL_TEXT.match(moment["you"]), moment
            at = instant(moment["utc"])
            theirs = datetime.fromisoformat(moment["interviewer"])
            yours = datetime.fromisoformat(moment["you"])
            assert theirs == at == yours
            assert theirs.utcoffset() == at.astimezone(ZoneInfo(NEW_YORK)).utcoffset()
            assert yours.utcoffset() == at.astimezone(ZoneInfo(LONDON)).utcoffset()
        assert instant(slot["end"]["utc"]) - instant(slot["start"]["utc"]) == timedelta(minutes=45)
    utcs = [instant(s["start"]["utc"]) for s in data["slots"]]
    assert utcs == sorted(utcs)
    assert starts(data) == ["Mon 07 10:00", "Tue 08 10:00", "Wed 09 10:00"]


def test_json_local_offsets_follow_each_zone_across_a_dst_change(run: Any) -> None:
    result = run(
        "--interviewer-zone",
        NEW_YORK,
        "--format",
        "json",
        "--count",
        "5",
        zone="Europe/Berlin",
        now="2027-03-24T12:00:00Z",
    )
    data = as_json(result)
    offsets = {(s["start"]["interviewer"][-6:], s["start"]["you"][-6:]) for s in data["slots"]}
    assert offsets == {("-04:00", "+01:00"), ("-04:00", "+02:00")}


# -- holidays and weekends -------------------------------------------------------------------------


def test_thanksgiving_for_a_us_interviewer_is_skipped(run: Any) -> None:
    common = ("--interviewer-zone", NEW_YORK, "--format", "json", "--count", "5")
    kwargs = {"zone": "Europe/Berlin", "now": "2026-11-23T09:00:00Z"}
    with_holidays = as_json(
        run(*common, "--interviewer-country", "US", "--country", "DE", **kwargs)
    )
    days = [s["start"]["interviewer"][:10] for s in with_holidays["slots"]]
    assert "2026-11-26" not in days
    assert days == ["2026-11-24", "2026-11-25", "2026-11-27", "2026-11-30", "2026-12-01"]
    inferred = as_json(run(*common, **kwargs))  # US and DE from the two zones
    assert [s["start"]["interviewer"][:10] for s in inferred["slots"]] == days
    without = as_json(run(*common, "--country", "DE", "--interviewer-country", "none", **kwargs))
    assert "2026-11-26" in [s["start"]["interviewer"][:10] for s in without["slots"]]


def test_thanksgiving_for_you_only(run: Any) -> None:
    """A Berlin interviewer works on 26 November; you in New York do not."""
    common = ("--interviewer-zone", "Europe/Berlin", "--interviewer-country", "DE")
    common += ("--format", "json", "--count", "4")
    kwargs = {"zone": NEW_YORK, "now": "2026-11-23T09:00:00Z"}
    data = as_json(run(*common, "--country", "US-NY", **kwargs))
    assert [s["start"]["you"][:10] for s in data["slots"]] == [
        "2026-11-24",
        "2026-11-25",
        "2026-11-27",
        "2026-11-30",
    ]
    inferred = as_json(run(*common, **kwargs))  # US from your zone
    assert "2026-11-26" not in [s["start"]["you"][:10] for s in inferred["slots"]]
    without = as_json(run(*common, "--country", "none", **kwargs))
    assert "2026-11-26" in [s["start"]["you"][:10] for s in without["slots"]]


def test_a_subdivision_holiday_counts(run: Any) -> None:
    """6 January is a holiday in Bavaria, not in all of Germany."""
    common = ("--interviewer-zone", LONDON, "--format", "json", "--count", "5")
    kwargs = {"zone": "Europe/Berlin", "now": "2027-01-03T09:00:00Z"}
    bavaria = as_json(run(*common, "--country", "DE-BY", **kwargs))
    germany = as_json(run(*common, "--country", "DE", **kwargs))
    assert "2027-01-06" not in [s["start"]["you"][:10] for s in bavaria["slots"]]
    assert "2027-01-06" in [s["start"]["you"][:10] for s in germany["slots"]]


@pytest.mark.parametrize("interviewer_zone", ["Asia/Riyadh", "Asia/Jerusalem"])
def test_friday_saturday_weekend_gives_a_sunday_slot(run: Any, interviewer_zone: str) -> None:
    common = ("--interviewer-zone", interviewer_zone, "--format", "json", "--count", "5")
    kwargs = {"zone": "Asia/Dubai"}
    data = as_json(run(*common, "--interviewer-weekend", "fri,sat", "--weekend", "none", **kwargs))
    weekdays = [
        datetime.fromisoformat(s["start"]["interviewer"]).strftime("%a") for s in data["slots"]
    ]
    assert weekdays == ["Sun", "Mon", "Tue", "Wed", "Thu"]
    usual = as_json(run(*common, "--weekend", "none", **kwargs))
    weekdays = [
        datetime.fromisoformat(s["start"]["interviewer"]).strftime("%a") for s in usual["slots"]
    ]
    assert "Sun" not in weekdays
    assert weekdays == ["Mon", "Tue", "Wed", "Thu", "Fri"]


# -- calendars -------------------------------------------------------------------------------------


def test_published_free_busy_removes_busy_time_but_not_free_time(run: Any) -> None:
    result = run(
        "--interviewer-zone", NEW_YORK, "--format", "json", "--interviewer-calendar", FREEBUSY
    )
    assert result.exit_code == 0, result.output
    # Monday is busy; Tuesday's FBTYPE=FREE does not block; Thursday is busy until 11:00
    # (BUSY-UNAVAILABLE); Friday's 10:00-11:00 leaves 09:00-09:45, exactly the buffer away.
    assert starts(as_json(result)) == ["Tue 08 10:00", "Wed 09 10:00", "Fri 11 09:00"]


def test_your_calendar_removes_opaque_events_only(run: Any) -> None:
    result = run("--interviewer-zone", NEW_YORK, "--format", "json", "--calendar", YOUR_CALENDAR)
    assert result.exit_code == 0, result.output
    # The dentist takes Wednesday; the transparent focus time leaves Tuesday as it was.
    assert starts(as_json(result)) == ["Mon 07 10:00", "Tue 08 10:00", "Thu 10 10:00"]


def test_both_calendars_together(run: Any) -> None:
    result = run(
        "--interviewer-zone",
        NEW_YORK,
        "--format",
        "json",
        "--count",
        "2",
        "--interviewer-calendar",
        FREEBUSY,
        "--calendar",
        YOUR_CALENDAR,
    )
    assert result.exit_code == 0, result.output
    assert starts(as_json(result)) == ["Tue 08 10:00", "Fri 11 09:00"]


# -- --from and hold events ------------------------------------------------------------------------


def test_from_invite_takes_zone_and_length(run: Any) -> None:
    result = run("--from", INVITE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["interviewer_zone"] == NEW_YORK
    for slot in data["slots"]:
        assert instant(slot["end"]["utc"]) - instant(slot["start"]["utc"]) == timedelta(hours=1)
    assert starts(data) == ["Mon 07 10:00", "Tue 08 10:00", "Wed 09 10:00"]
    shorter = as_json(run("--from", INVITE, "--format", "json", "--duration", "30m"))
    slot = shorter["slots"][0]
    assert instant(slot["end"]["utc"]) - instant(slot["start"]["utc"]) == timedelta(minutes=30)
    # An explicit --interviewer-zone wins over the invite's.
    other = as_json(run("--from", INVITE, "--interviewer-zone", "Asia/Kolkata", "--format", "json"))
    assert other["interviewer_zone"] == "Asia/Kolkata"


def _calendar(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def _check_vtimezone(calendar: icalendar.Calendar, zone: str) -> Any:
    """The calendar's own VTIMEZONE for ``zone``, as a tzinfo built from its rules alone."""
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == zone
    return vtimezone.to_tz(lookup_tzid=False)


def _event_instants(event: Any, own_zone: Any) -> tuple[datetime, datetime]:
    """DTSTART/DTEND as icalendar reads them, checked against the VTIMEZONE's reading."""
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    for value, prop in ((start, event["DTSTART"]), (end, event["DTEND"])):
        assert prop.params["TZID"] == str(value.tzinfo)
        by_vtimezone = value.replace(tzinfo=None).replace(tzinfo=own_zone)
        assert by_vtimezone.astimezone(UTC) == value.astimezone(UTC), value
    return start.astimezone(UTC), end.astimezone(UTC)


def test_ics_hold_events_parse_back_to_the_same_instants(run: Any) -> None:
    json_result = as_json(run("--from", INVITE, "--format", "json"))
    result = run("--from", INVITE, "--format", "ics")
    assert result.exit_code == 0, result.output
    calendar = _calendar(result.stdout)
    assert "METHOD" not in calendar
    own_zone = _check_vtimezone(calendar, NEW_YORK)
    events = calendar.walk("VEVENT")
    assert len(events) == len(json_result["slots"]) == 3
    uids = set()
    for event, slot in zip(events, json_result["slots"], strict=True):
        assert str(event["STATUS"]) == "TENTATIVE"
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert str(event["SUMMARY"]).startswith("Hold: Interview: Sam Rivera / Brightline")
        start, end = _event_instants(event, own_zone)
        assert start == instant(slot["start"]["utc"])
        assert end == instant(slot["end"]["utc"])
        uids.add(str(event["UID"]))
    assert len(uids) == 3


def test_ics_across_a_dst_change_keeps_its_own_vtimezone_right(run: Any) -> None:
    args = ("--interviewer-zone", NEW_YORK, "--count", "5")
    kwargs = {"now": "2027-03-08T09:00:00Z"}
    json_result = as_json(run(*args, "--format", "json", **kwargs))
    calendar = _calendar(run(*args, "--format", "ics", **kwargs).stdout)
    own_zone = _check_vtimezone(calendar, NEW_YORK)
    got = [_event_instants(e, own_zone)[0] for e in calendar.walk("VEVENT")]
    assert got == [instant(s["start"]["utc"]) for s in json_result["slots"]]
    offsets = {g.astimezone(ZoneInfo(NEW_YORK)).utcoffset() for g in got}
    assert offsets == {timedelta(hours=-5), timedelta(hours=-4)}


def test_ics_vtimezone_covers_slots_far_apart(run: Any, tmp_path: Path) -> None:
    """A long absence pushes later proposals months past the first one, across a DST change."""
    away = tmp_path / "away.ics"
    away.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:away@example.net\r\nDTSTAMP:20261201T000000Z\r\n"
        "DTSTART:20270105T000000Z\r\nDTEND:20270322T000000Z\r\nSUMMARY:Away\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    args = ("--interviewer-zone", NEW_YORK, "--calendar", away, "--days", "60")
    kwargs = {"now": "2027-01-03T09:00:00Z"}
    json_result = as_json(run(*args, "--format", "json", **kwargs))
    first, *later = [instant(s["start"]["utc"]) for s in json_result["slots"]]
    assert first.date() == date(2027, 1, 4)
    assert later and all(s.date() >= date(2027, 3, 22) for s in later)
    calendar = _calendar(run(*args, "--format", "ics", **kwargs).stdout)
    own_zone = _check_vtimezone(calendar, NEW_YORK)
    got = [_event_instants(e, own_zone)[0] for e in calendar.walk("VEVENT")]
    assert got == [first, *later]


# -- --counter -------------------------------------------------------------------------------------


def _counter(tmp_path: Path, you: str) -> Result:
    """``slots --from INVITE --format ics --counter`` with ``you`` as the config's [you]."""
    config = tmp_path / "you.toml"
    config.write_text(f'[you]\nzone = "{LONDON}"\n{you}', encoding="utf-8")
    argv = ["slots", "--from", str(INVITE), "--format", "ics", "--counter"]
    return CliRunner().invoke(cli, [*argv, "--config", str(config), "--now", NOW])


def test_counter_proposes_the_first_slot_for_the_same_uid_and_sequence(
    run: Any, tmp_path: Path
) -> None:
    json_result = as_json(run("--from", INVITE, "--format", "json"))
    result = _counter(tmp_path, 'email = "Sam.Rivera@example.net"\n')
    assert result.exit_code == 0, result.output
    calendar = _calendar(result.stdout)
    assert str(calendar["METHOD"]) == "COUNTER"
    own_zone = _check_vtimezone(calendar, NEW_YORK)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "interview-7f3a91c2@hiring.brightline.example.com"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["ORGANIZER"]) == "mailto:dana.whitaker@brightline.example.com"
    assert event["ORGANIZER"].params["CN"] == "Dana Whitaker"
    # The one proposing is you (the invited attendee), not the organizer.
    assert str(event["ATTENDEE"]) == "mailto:sam.rivera@example.net"
    start, end = _event_instants(event, own_zone)
    first = json_result["slots"][0]
    assert start == instant(first["start"]["utc"])
    assert end == instant(first["end"]["utc"])
    assert end - start == timedelta(hours=1)


def test_counter_answers_for_your_alias(tmp_path: Path) -> None:
    you = 'email = "sam@home.example"\naliases = ["sam.rivera@example.net"]\n'
    result = _counter(tmp_path, you)
    assert result.exit_code == 0, result.output
    (event,) = _calendar(result.stdout).walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:sam.rivera@example.net"


@pytest.mark.parametrize(
    ("you", "message"),
    [
        ("", "your email address is unknown, so the COUNTER would speak for nobody"),
        (
            'email = "dana.whitaker@brightline.example.com"\n',  # the organizer's
            "no COUNTER: none of the invite's attendees",
        ),
        ('email = "someone@else.example"\n', "add the address the invite was sent to"),
    ],
)
def test_counter_never_speaks_for_someone_else(tmp_path: Path, you: str, message: str) -> None:
    result = _counter(tmp_path, you)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--interviewer-zone", NEW_YORK, "--format", "ics", "--counter"),
        ("--interviewer-zone", NEW_YORK, "--counter"),
        ("--from", str(INVITE), "--format", "json", "--counter"),
    ],
)
def test_counter_needs_from_and_ics(run: Any, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--counter needs --from INVITE and --format ics" in result.stderr


# -- exit statuses and errors ----------------------------------------------------------------------


def test_no_overlap_exits_1_and_says_what_to_widen(run: Any) -> None:
    args = (
        "--interviewer-zone",
        NEW_YORK,
        "--hours",
        "09:00-10:00",
        "--interviewer-hours",
        "09:00-10:00",
    )
    result = run(*args)
    assert result.exit_code == 1
    assert "No slot fits." in result.stdout
    assert "Note: Found 0 of the 3 slots asked for." in result.stdout
    assert "overlap only 0 hours" in result.stdout
    assert "widen --hours or --interviewer-hours" in result.stdout
    data = as_json(run(*args, "--format", "json"))
    assert data["slots"] == []
    assert any("overlap only 0 hours" in n for n in data["notes"])
    ics = run(*args, "--format", "ics")
    assert ics.exit_code == 1
    assert ics.stdout == ""
    assert "noshow: Found 0 of the 3 slots asked for." in ics.stderr


def test_fewer_slots_than_asked_exit_0_with_notes(run: Any) -> None:
    result = run(
        "--interviewer-zone",
        "Pacific/Auckland",
        "--hours",
        "09:00-15:00",
        "--count",
        "5",
        "--format",
        "json",
        "--country",
        "none",  # this test is about hours and weekends, not public holidays
        "--interviewer-country",
        "none",
        zone="America/Los_Angeles",
        now="2026-07-04T12:00:00Z",
    )
    assert result.exit_code == 0
    data = as_json(result)
    assert len(data["slots"]) == 4
    notes = " ".join(data["notes"])
    assert "overlap only 1 hour" in notes
    assert "widen --hours or --interviewer-hours" in notes
    assert "your weekend" in notes


def _one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    errors = [
        line for line in result.stderr.splitlines() if line.startswith(("Error:", "noshow: error:"))
    ]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "zone", "fragments"),
    [
        (("--interviewer-zone", "Mars/Olympus"), LONDON, ("--interviewer-zone", "'Mars/Olympus'")),
        (("--interviewer-zone", NEW_YORK), "Mars/Olympus", ("--zone", "'Mars/Olympus'")),
        (("--interviewer-zone", NEW_YORK, "--country", "XX"), LONDON, ("--country", "XX")),
        (
            ("--interviewer-zone", NEW_YORK, "--interviewer-country", "US-ZZ"),
            LONDON,
            ("--interviewer-country", "US-ZZ"),
        ),
        (("--interviewer-zone", NEW_YORK, "--hours", "9-5"), LONDON, ("--hours", "'9-5'")),
        (
            ("--interviewer-zone", NEW_YORK, "--interviewer-hours", "9-5"),
            LONDON,
            ("--interviewer-hours", "'9-5'"),
        ),
        (("--interviewer-zone", NEW_YORK, "--duration", "soon"), LONDON, ("--duration", "'soon'")),
        (
            ("--interviewer-zone", NEW_YORK, "--interviewer-weekend", "fri,funday"),
            LONDON,
            ("--interviewer-weekend", "funday"),
        ),
        ((), LONDON, ("--interviewer-zone",)),
    ],
)
def test_bad_input_is_a_one_line_error_with_exit_2(
    run: Any, args: tuple[str, ...], zone: str, fragments: tuple[str, ...]
) -> None:
    _one_line_error(run(*args, zone=zone), *fragments)


@pytest.mark.parametrize("option", ["--calendar", "--interviewer-calendar"])
def test_unreadable_calendars_are_a_one_line_error_with_exit_2(
    run: Any, option: str, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.ics"
    result = run("--interviewer-zone", NEW_YORK, option, missing)
    _one_line_error(result, "noshow: error:", str(missing), "cannot read calendar")
    assert result.stderr.count("\n") == 1
    result = run("--interviewer-zone", NEW_YORK, option, BROKEN)
    _one_line_error(result, "noshow: error:", str(BROKEN))
    assert result.stderr.count("\n") == 1


def test_unreadable_invite_is_a_one_line_error_with_exit_2(run: Any, tmp_path: Path) -> None:
    result = run("--from", tmp_path / "missing.ics")
    _one_line_error(result, "missing.ics")
