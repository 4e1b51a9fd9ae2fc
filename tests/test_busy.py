"""Busy time from calendars: every case by hand, and a property test against the plain pipeline."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import examples
from noshow.calendars.busy import BusyEvent, Window, busy_events, read_window
from noshow.calendars.scan import select_events
from noshow.errors import InviteError

CRLF = "\r\n"
WINDOW = Window(datetime(2026, 12, 7, tzinfo=UTC), datetime(2026, 12, 10, tzinfo=UTC))
BERLIN_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE"""
CUSTOM_EASTERN = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""
CUSTOM_INDIA = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
END:STANDARD
END:VTIMEZONE"""


def calendar(*events: str, zones: str = BERLIN_TZ) -> bytes:
    body = CRLF.join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", zones, *events, "END:VCALENDAR"]
    )
    return (body.replace("\n", CRLF).replace("\r\r", "\r") + CRLF).encode()


def event(uid: str, *lines: str) -> str:
    return CRLF.join(
        ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z", *lines, "END:VEVENT"]
    )


def busy(data: bytes, **kwargs: object) -> list[BusyEvent]:
    return list(read_window(data, WINDOW, "Europe/Berlin", "cal.ics", **kwargs).busy)  # type: ignore[arg-type]


def plain_pipeline(data: bytes, window: Window, you_zone: str) -> list[BusyEvent]:
    """What a user would write: icalendar + recurring-ical-events over the whole file.

    icalendar caches custom VTIMEZONEs process-wide by TZID (the trap noshow avoids), so the
    cache is reset first: the plain pipeline then reads this calendar as a fresh process would.
    """
    icalendar.timezone.tzp.use_zoneinfo()  # resets the cache of custom zones
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = icalendar.Calendar.from_ical(data)
    occurrences = recurring_ical_events.of(parsed).between(window.start, window.end)
    return busy_events(occurrences, you_zone, "cal.ics")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_single_timed_event() -> None:
    data = calendar(
        event(
            "a",
            "SUMMARY:Standup",
            "DTSTART;TZID=Europe/Berlin:20261208T100000",
            "DTEND;TZID=Europe/Berlin:20261208T103000",
        )
    )
    assert busy(data) == [BusyEvent(at(8, 9), at(8, 9, 30), "Standup", "a", "cal.ics")]


def test_recurring_series_with_moved_and_cancelled_occurrence() -> None:
    data = calendar(
        event(
            "s",
            "SUMMARY:Weekly",
            "DTSTART;TZID=Europe/Berlin:20220103T090000",
            "DTEND;TZID=Europe/Berlin:20220103T100000",
            "RRULE:FREQ=DAILY",
            "EXDATE;TZID=Europe/Berlin:20261208T090000",
        ),
        event(
            "s",
            "SUMMARY:Moved",
            "RECURRENCE-ID;TZID=Europe/Berlin:20261209T090000",
            "DTSTART;TZID=Europe/Berlin:20261209T140000",
            "DTEND;TZID=Europe/Berlin:20261209T150000",
        ),
        event(
            "s",
            "SUMMARY:Called off",
            "RECURRENCE-ID;TZID=Europe/Berlin:20261207T090000",
            "DTSTART;TZID=Europe/Berlin:20261207T090000",
            "DTEND;TZID=Europe/Berlin:20261207T100000",
            "STATUS:CANCELLED",
        ),
    )
    got = [(b.start, b.summary) for b in busy(data)]
    assert got == [(at(9, 13), "Moved")]  # 7th cancelled, 8th excluded, 9th moved
    assert busy(data) == busy(data, fast=False)


def test_transparent_and_cancelled_are_free() -> None:
    data = calendar(
        event("t", "DTSTART:20261208T100000Z", "DTEND:20261208T110000Z", "TRANSP:TRANSPARENT"),
        event("c", "DTSTART:20261208T100000Z", "DTEND:20261208T110000Z", "STATUS:CANCELLED"),
    )
    assert busy(data) == []


def test_all_day_free_unless_opaque() -> None:
    data = calendar(
        event(
            "free", "SUMMARY:Holiday", "DTSTART;VALUE=DATE:20261208", "DTEND;VALUE=DATE:20261209"
        ),
        event(
            "busy",
            "SUMMARY:Offsite",
            "DTSTART;VALUE=DATE:20261209",
            "DTEND;VALUE=DATE:20261210",
            "TRANSP:OPAQUE",
        ),
    )
    [offsite] = busy(data)
    assert offsite.summary == "Offsite" and offsite.all_day
    assert offsite.start == datetime(2026, 12, 8, 23, tzinfo=UTC)  # midnight in Berlin
    assert offsite.end == datetime(2026, 12, 9, 23, tzinfo=UTC)


def test_floating_is_in_your_zone() -> None:
    data = calendar(event("f", "DTSTART:20261208T100000", "DTEND:20261208T110000"))
    [found] = busy(data)
    assert found.start == at(8, 9)  # 10:00 in Berlin


def test_overlapping_the_window_edge_is_included() -> None:
    data = calendar(
        event("edge", "DTSTART:20261206T200000Z", "DTEND:20261207T020000Z"),
        event("long", "DTSTART:20261120T100000Z", "DURATION:P20D"),
        event("before", "DTSTART:20261206T200000Z", "DTEND:20261206T230000Z"),
        event("after", "DTSTART:20261210T010000Z", "DTEND:20261210T020000Z"),
    )
    assert {b.uid for b in busy(data)} == {"edge", "long"}


def test_own_uid_is_excluded() -> None:
    data = calendar(event("me", "DTSTART:20261208T100000Z", "DTEND:20261208T110000Z"))
    assert (
        read_window(data, WINDOW, "Europe/Berlin", "c", exclude_uids=frozenset({"me"})).busy == ()
    )


def test_two_calendars_with_the_same_custom_tzid() -> None:
    eastern = calendar(
        event(
            "e",
            "DTSTART;TZID=Customized Time Zone:20261208T090000",
            "DTEND;TZID=Customized Time Zone:20261208T100000",
        ),
        zones=CUSTOM_EASTERN,
    )
    india = calendar(
        event(
            "i",
            "DTSTART;TZID=Customized Time Zone:20261208T090000",
            "DTEND;TZID=Customized Time Zone:20261208T100000",
        ),
        zones=CUSTOM_INDIA,
    )
    for first, second in ((eastern, india), (india, eastern)):
        a, b = busy(first), busy(second)
        assert {x.uid: x.start for x in a + b} == {"e": at(8, 14), "i": at(8, 3, 30)}


def test_runaway_rule_is_refused_not_expanded() -> None:
    data = calendar(
        event("bad", "DTSTART:20200101T000000Z", "DTEND:20200101T000001Z", "RRULE:FREQ=SECONDLY"),
        event("ok", "DTSTART:20261208T100000Z", "DTEND:20261208T110000Z"),
    )
    result = read_window(data, WINDOW, "Europe/Berlin", "c")
    assert [b.uid for b in result.busy] == ["ok"]
    [problem] = result.problems
    assert "'bad'" in problem and "recurs too often" in problem


def test_malformed_calendar_is_a_clear_error() -> None:
    with pytest.raises(InviteError, match="never closed"):
        read_window(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", WINDOW, "UTC", "c")


def test_scan_skips_far_events_and_keeps_recurring() -> None:
    data = calendar(
        event("old", "DTSTART:20200101T100000Z", "DTEND:20200101T110000Z", "DESCRIPTION:long text"),
        event(
            "near", "DTSTART:20261208T100000Z", "DTEND:20261208T110000Z", "DESCRIPTION:long text"
        ),
        event("rec", "DTSTART:20200101T100000Z", "DTEND:20200101T110000Z", "RRULE:FREQ=WEEKLY"),
        event(
            "ended",
            "DTSTART:20200101T100000Z",
            "DTEND:20200101T110000Z",
            "RRULE:FREQ=WEEKLY;UNTIL=20210101T000000Z",
        ),
    )
    selection = select_events(data, date(2026, 12, 7), date(2026, 12, 10))
    assert (selection.events_kept, selection.events_total) == (2, 4)
    assert b"UID:near" in selection.data and b"UID:rec" in selection.data
    assert b"UID:old" not in selection.data and b"UID:ended" not in selection.data
    assert b"DESCRIPTION" not in selection.data  # busy time never needs it


# -- property: the fast path equals the plain pipeline ------------------------------------------

ZONES = [
    ("Europe/Berlin", BERLIN_TZ),
    ("Customized Time Zone", CUSTOM_EASTERN),
]
BASE = datetime(2026, 12, 8, 9, 0)


@st.composite
def random_event(draw: st.DrawFn, index: int) -> list[str]:
    uid = f"ev{index}"
    offset = timedelta(
        days=draw(st.integers(-1500, 40)), minutes=draw(st.sampled_from([0, 15, 30, 45]))
    )
    start = BASE + offset
    length = timedelta(minutes=draw(st.sampled_from([0, 30, 60, 240, 60 * 24 * 3])))
    style = draw(st.sampled_from(["tz", "utc", "floating", "date"]))
    tzid = draw(st.sampled_from([z for z, _ in ZONES]))

    def stamp(value: datetime) -> str:
        if style == "date":
            return f";VALUE=DATE:{value:%Y%m%d}"
        if style == "utc":
            return f":{value:%Y%m%dT%H%M%S}Z"
        if style == "floating":
            return f":{value:%Y%m%dT%H%M%S}"
        return f";TZID={tzid}:{value:%Y%m%dT%H%M%S}"

    lines = [f"DTSTART{stamp(start)}"]
    ending = draw(st.sampled_from(["dtend", "duration", "none"]))
    end = start + (max(length, timedelta(days=1)) if style == "date" else length)
    if ending == "dtend":
        lines.append(f"DTEND{stamp(end)}")
    elif ending == "duration":
        lines.append(f"DURATION:PT{int((end - start).total_seconds() // 60)}M")
    if draw(st.booleans()):
        lines.append(
            draw(st.sampled_from(["TRANSP:TRANSPARENT", "TRANSP:OPAQUE", "STATUS:CANCELLED"]))
        )
    components = []
    if draw(st.integers(0, 3)) == 0:
        freq = draw(st.sampled_from(["DAILY", "WEEKLY"]))
        parts = [f"FREQ={freq}"]
        interval = draw(st.integers(1, 3))
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
        if freq == "WEEKLY" and draw(st.booleans()):
            parts.append(
                "BYDAY="
                + ",".join(
                    draw(
                        st.lists(
                            st.sampled_from(["MO", "TU", "WE", "TH", "FR"]),
                            min_size=1,
                            max_size=3,
                            unique=True,
                        )
                    )
                )
            )
        limit = draw(st.sampled_from(["none", "count", "until"]))
        if limit == "count":
            parts.append(f"COUNT={draw(st.integers(1, 2000))}")
        elif limit == "until":
            parts.append(
                f"UNTIL={(start + timedelta(days=draw(st.integers(0, 2000)))):%Y%m%d}T235959Z"
            )
        lines.append("RRULE:" + ";".join(parts))
        if style != "date" and draw(st.booleans()):
            excluded = start + timedelta(
                days=interval * draw(st.integers(0, 2000)) * (7 if freq == "WEEKLY" else 1)
            )
            lines.append(f"EXDATE{stamp(excluded)}")
        if style != "date" and draw(st.booleans()):
            steps = draw(st.integers(0, 2000))
            replaced = start + timedelta(days=steps * interval * (7 if freq == "WEEKLY" else 1))
            moved = replaced + timedelta(hours=draw(st.integers(-72, 72)))
            components.append(
                event(
                    uid,
                    f"RECURRENCE-ID{stamp(replaced)}",
                    f"DTSTART{stamp(moved)}",
                    f"DTEND{stamp(moved + timedelta(hours=1))}",
                    "SUMMARY:moved",
                )
            )
    return [event(uid, f"SUMMARY:event {index}", *lines), *components]


@st.composite
def random_calendar(draw: st.DrawFn) -> bytes:
    count = draw(st.integers(1, 12))
    events = [c for i in range(count) for c in draw(random_event(i))]
    zones = CRLF.join(z for _, z in ZONES)
    return calendar(*events, zones=zones)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=random_calendar(),
    days=st.integers(1, 14),
    you=st.sampled_from(["Europe/Berlin", "Asia/Tokyo"]),
)
@pytest.mark.slow
def test_fast_busy_time_equals_the_plain_pipeline(data: bytes, days: int, you: str) -> None:
    window = Window(
        datetime(2026, 12, 6, 12, tzinfo=UTC),
        datetime(2026, 12, 6, 12, tzinfo=UTC) + timedelta(days=days),
    )
    fast = read_window(data, window, you, "cal.ics")
    assert list(fast.busy) == plain_pipeline(data, window, you)


def test_generated_benchmark_calendar_matches(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from calendar_gen import generate

    data = generate(600, seed=3)
    window = Window(datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 14, tzinfo=UTC))
    fast = read_window(data, window, "Europe/Berlin", "cal.ics")
    assert list(fast.busy) == plain_pipeline(data, window, "Europe/Berlin")
    assert fast.events_parsed < fast.events_in_file / 3


# -- a Google calendar: a series written in UTC under X-WR-TIMEZONE ------------------------------


def google_series(start: str, freq: str, zone: str) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        f"X-WR-TIMEZONE:{zone}",
        "BEGIN:VEVENT",
        "UID:weekly@google.com",
        "DTSTAMP:20200101T000000Z",
        f"DTSTART:{start}",
        "DURATION:PT1H",
        f"RRULE:FREQ={freq}",
        "SUMMARY:Team sync",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def x_wr_plain(data: bytes, window: Window, you_zone: str) -> list[BusyEvent]:
    """The plain pipeline with x-wr-timezone, as Google calendars are read."""
    import x_wr_timezone

    icalendar.timezone.tzp.use_zoneinfo()
    calendar = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(data))
    occurrences = recurring_ical_events.of(calendar).between(window.start, window.end)
    return busy_events(occurrences, you_zone, "cal.ics")


def test_utc_weekly_series_under_x_wr_timezone_keeps_its_wall_clock_across_dst() -> None:
    # Started 2019 in New York winter: 14:00Z is 09:00 EST. In July 2026 it is 09:00 EDT = 13:00Z.
    data = google_series("20190107T140000Z", "WEEKLY", "America/New_York")
    window = Window(datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 7, 10, tzinfo=UTC))
    fast = list(read_window(data, window, "Europe/Berlin", "cal.ics").busy)
    slow = list(read_window(data, window, "Europe/Berlin", "cal.ics", fast=False).busy)
    assert [b.start for b in fast] == [datetime(2026, 7, 6, 13, 0, tzinfo=UTC)]
    assert fast == slow == x_wr_plain(data, window, "Europe/Berlin")


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    first=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2026, 6, 1)),
    freq=st.sampled_from(["DAILY", "WEEKLY", "WEEKLY;INTERVAL=2", "WEEKLY;BYDAY=MO,TH"]),
    zone=st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"]),
    offset_days=st.integers(min_value=0, max_value=2000),
)
def test_fast_forward_equals_the_slow_path_for_utc_series_under_x_wr_timezone(
    first: datetime, freq: str, zone: str, offset_days: int
) -> None:
    data = google_series(f"{first:%Y%m%dT%H%M00}Z", freq, zone)
    start = first.replace(tzinfo=UTC) + timedelta(days=offset_days)
    window = Window(start, start + timedelta(days=9))
    fast = list(read_window(data, window, "Europe/Berlin", "cal.ics").busy)
    slow = list(read_window(data, window, "Europe/Berlin", "cal.ics", fast=False).busy)
    assert fast == slow == x_wr_plain(data, window, "Europe/Berlin")


# -- TZID spelling: escaped TEXT, quoted and lowercase parameters, Windows names ---------------

KUALA_LUMPUR = """BEGIN:VTIMEZONE
TZID:Kuala Lumpur\\, Singapore
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0800
TZOFFSETTO:+0800
END:STANDARD
END:VTIMEZONE"""


def test_escaped_tzid_and_lowercase_parameter_are_matched() -> None:
    data = calendar(
        event(
            "kl",
            'DTSTART;TZID="Kuala Lumpur, Singapore":20261208T090000',
            'DTEND;tzid="Kuala Lumpur, Singapore":20261208T100000',
        ),
        event("berlin", "DTSTART;tzid=Europe/Berlin:20261208T090000", "DURATION:PT1H"),
        zones=KUALA_LUMPUR,
    )
    found = {b.uid: (b.start, b.end) for b in busy(data)}
    assert found["kl"] == (at(8, 1), at(8, 2))  # 09:00 at UTC+08:00, not floating
    assert found["berlin"] == (at(8, 8), at(8, 9))


def windows_calendar(offset: str) -> bytes:
    zone = f"""BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:{offset}
TZOFFSETTO:{offset}
END:STANDARD
END:VTIMEZONE"""
    return calendar(
        event(
            "w",
            "DTSTART;TZID=W. Europe Standard Time:20261208T090000",
            "DTEND;TZID=W. Europe Standard Time:20261208T100000",
        ),
        zones=zone,
    )


def test_windows_zone_definitions_do_not_leak_between_calendars() -> None:
    """icalendar caches a VTIMEZONE named after a Windows zone for the whole process: the result
    must not depend on which calendar was read first, nor on what icalendar parsed before."""
    odd, plain = windows_calendar("+0500"), windows_calendar("+0100")
    undefined = calendar(
        event("u", "DTSTART;TZID=W. Europe Standard Time:20261208T090000", "DURATION:PT1H"),
        zones="",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        icalendar.Calendar.from_ical(odd)  # the cache now holds the +05:00 definition
    for _ in range(2):
        assert [b.start for b in busy(plain)] == [at(8, 8)]
        assert [b.start for b in busy(odd)] == [at(8, 4)]
        # Not defined here: the Windows name means Europe/Berlin (what a fresh process reads).
        assert [b.start for b in busy(undefined)] == [at(8, 8)]


def test_x_wr_timezone_on_a_time_at_the_edge_of_the_calendar_is_an_input_problem() -> None:
    # Found by the fuzz suite: x-wr-timezone overflowed on a UTC time in year 1.
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nX-WR-TIMEZONE:America/New_York\r\n"
        b"BEGIN:VEVENT\r\nUID:edge@x\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:00010101T000000Z\r\n"
        b"DTEND:00010101T010000Z\r\nSUMMARY:edge\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = Window(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 15, tzinfo=UTC))
    with pytest.raises(InviteError, match="X-WR-TIMEZONE"):
        read_window(data, window, "Europe/Berlin", "edge.ics", fast=False)
    # The fast path leaves the far-away event out before any parse: nothing to refuse.
    assert read_window(data, window, "Europe/Berlin", "edge.ics").busy == ()


def test_an_unreadable_exdate_is_ignored_not_the_whole_series() -> None:
    # Found by the fuzz suite: NUL bytes in an old EXDATE made the plain path drop the series
    # while the fast path (which leaves dates before the window out) kept it.
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:weekly@x\r\n"
        b"DTSTAMP:20201101T000000Z\r\nDTSTART:20201001T161500Z\r\nDTEND:20201001T163000Z\r\n"
        b"RRULE:FREQ=WEEKLY;BYDAY=TH\r\nEXDATE:20201126T16150\x00\x00\x000Z\r\n"
        b"EXDATE:20261203T161500Z\r\nSUMMARY:Weekly\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = Window(datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 12, 11, tzinfo=UTC))
    reads = [read_window(data, window, "Europe/Berlin", "w.ics", fast=f) for f in (True, False)]
    starts = [[b.start.isoformat() for b in read.busy] for read in reads]
    assert starts[0] == starts[1] == ["2026-11-26T16:15:00+00:00", "2026-12-10T16:15:00+00:00"]
    assert any("EXDATE cannot be read" in p and "ignored" in p for p in reads[1].problems)


def test_a_series_starting_in_year_one_does_not_overflow_the_scan() -> None:
    # Found by the 20,000-case fuzz run: "starts after the window?" subtracted from year 1.
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:old@x\r\n"
        b"DTSTAMP:20201101T000000Z\r\nDTSTART:00010101T100000Z\r\nDTEND:00010101T110000Z\r\n"
        b"RRULE:FREQ=YEARLY;COUNT=2\r\nSUMMARY:Old\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = Window(datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 12, 11, tzinfo=UTC))
    assert select_events(data, window.start.date(), window.end.date()).events_total == 1
    for fast in (True, False):
        assert read_window(data, window, "Europe/Berlin", "old.ics", fast=fast).busy == ()
