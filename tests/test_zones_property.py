"""Time conversions are exact for every IANA zone, including the days of DST changes.

noshow turns a wall-clock time in a zone into an instant (zoneinfo, PEP 495 fold=0). These tests
compare its instants with an independent computation that only ever converts UTC -> local:

* collect the offsets the zone uses within two days of the wall time (a 15-minute UTC grid);
* every offset ``o`` gives a candidate instant ``wall - o``; it is valid when the zone's offset
  at that instant is ``o``;
* RFC 5545 §3.3.5: a time that happens twice means its first occurrence (the earliest valid
  candidate); a time that never happens (a gap) is read with the offset in force before the gap.

Wall times are drawn from every zone near its real transitions (1970-2037) and uniformly.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budgets import examples as scaled
from noshow.invites import read_document
from noshow.model import Resolution
from noshow.zones import ZoneContext, resolve_time

ZONES: tuple[str, ...] = tuple(
    sorted(
        name
        for name in zoneinfo.available_timezones()
        if not name.startswith(("posix/", "right/"))
        and name not in {"Factory", "localtime", "posixrules"}
    )
)

GRID = timedelta(minutes=15)
SECOND = timedelta(seconds=1)
FIRST = datetime(1970, 1, 1, tzinfo=UTC)
LAST = datetime(2038, 1, 1, tzinfo=UTC)

_PROPERTY = settings(
    deadline=None,
    database=None,  # nothing written into the project; failures print their example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def examples(count: int) -> settings:
    return settings(_PROPERTY, max_examples=scaled(count))


# -- the independent oracle (UTC -> local only) ------------------------------------------------


def offset_at(tz: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(tz).utcoffset()
    assert offset is not None
    return offset


def _bisect(tz: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The first whole second in (low, high] with high's offset (one change in between)."""
    after = offset_at(tz, high)
    while high - low > SECOND:
        middle = (low + (high - low) / 2).replace(microsecond=0)
        if middle <= low:
            middle = low + SECOND
        if offset_at(tz, middle) == after:
            high = middle
        else:
            low = middle
    return high


def transitions_between(
    tz: ZoneInfo, start: datetime, end: datetime, step: timedelta
) -> list[tuple[datetime, timedelta, timedelta]]:
    """(instant, offset before, offset after) of each change, found on a ``step`` grid."""
    found = []
    low, before = start, offset_at(tz, start)
    while low < end:
        high = low + step
        after = offset_at(tz, high)
        if after != before:
            found.append((_bisect(tz, low, high), before, after))
        low, before = high, after
    return found


def oracle(name: str, wall: datetime) -> tuple[datetime, int]:
    """(the RFC 5545 instant of ``wall`` in zone ``name``, how many instants have that wall)."""
    tz = ZoneInfo(name)
    naive_utc = wall.replace(tzinfo=UTC)
    grid = [naive_utc + k * GRID for k in range(-192, 193)]  # two days either side
    offsets = {offset_at(tz, t) for t in grid}
    valid = sorted(naive_utc - o for o in offsets if offset_at(tz, naive_utc - o) == o)
    if valid:
        return valid[0], len(valid)
    for low, high in pairwise(grid):
        before, after = offset_at(tz, low), offset_at(tz, high)
        if before != after:
            change = _bisect(tz, low, high)
            if change + before <= naive_utc < change + after:
                return naive_utc - before, 0
    raise AssertionError(f"{wall} in {name} is neither a time nor in a gap")


@functools.cache
def zone_transitions(name: str) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """The zone's changes from 1970 to 2037 (a daily grid: changes a day apart may merge)."""
    return tuple(transitions_between(ZoneInfo(name), FIRST, LAST, timedelta(days=1)))


def test_oracle_knows_the_usual_cases() -> None:
    berlin = "Europe/Berlin"
    assert oracle(berlin, datetime(2026, 7, 1, 12)) == (datetime(2026, 7, 1, 10, tzinfo=UTC), 1)
    # Gap: read with +01:00, the offset before it.
    assert oracle(berlin, datetime(2026, 3, 29, 2, 30)) == (
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        0,
    )
    # Fold: the first occurrence, at +02:00.
    assert oracle(berlin, datetime(2026, 10, 25, 2, 30)) == (
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        2,
    )
    # Samoa skipped 30 December 2011 entirely.
    assert oracle("Pacific/Apia", datetime(2011, 12, 30, 12)) == (
        datetime(2011, 12, 30, 22, tzinfo=UTC),
        0,
    )
    transitions = zone_transitions(berlin)
    assert (
        datetime(2026, 3, 29, 1, tzinfo=UTC),
        timedelta(hours=1),
        timedelta(hours=2),
    ) in transitions


# -- strategies ----------------------------------------------------------------------------------


@st.composite
def zone_and_wall(
    draw: st.DrawFn, first_year: int = 1970, last_year: int = 2037
) -> tuple[str, datetime]:
    name = draw(st.sampled_from(ZONES))
    changes = [c for c in zone_transitions(name) if first_year <= (c[0] + c[1]).year <= last_year]
    if changes and draw(st.integers(0, 3)) > 0:  # mostly near a real change
        change, before, after = draw(st.sampled_from(changes))
        local = change + draw(st.sampled_from([before, after]))
        seconds = draw(st.integers(-3 * 3600, 3 * 3600).map(lambda s: s - s % 60 if s % 7 else s))
        wall = (local + timedelta(seconds=seconds)).replace(tzinfo=None)
    else:
        wall = draw(
            st.datetimes(
                min_value=datetime(first_year, 1, 3), max_value=datetime(last_year, 12, 29)
            )
        ).replace(microsecond=0)
    return name, wall


def event_calendar(tzid: str, walls: list[datetime], vtimezone: str = "") -> bytes:
    """A calendar with one VEVENT per wall time, each DTSTART;TZID=``tzid``."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//noshow tests//EN"]
    if vtimezone:
        lines.append(vtimezone.strip())
    for index, wall in enumerate(walls):
        lines += [
            "BEGIN:VEVENT",
            f"UID:property-{index}@example.com",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID={tzid}:{wall:%Y%m%dT%H%M%S}",
            "SUMMARY:Interview",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    text = "\r\n".join(lines) + "\r\n"
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def noshow_instant(name: str, wall: datetime) -> Any:
    return resolve_time(wall, name, False, ZoneContext({}, "UTC"))


# -- properties: IANA TZIDs ----------------------------------------------------------------------


@examples(300)
@given(zone_and_wall())
@pytest.mark.slow
def test_resolve_time_matches_the_oracle(case: tuple[str, datetime]) -> None:
    name, wall = case
    expected, count = oracle(name, wall)
    zoned = noshow_instant(name, wall)
    assert zoned.instant == expected
    assert zoned.zone == name
    assert zoned.how is Resolution.IANA
    assert zoned.gap == (count == 0)
    assert zoned.fold == (count == 2)
    assert zoned.local == expected.astimezone(ZoneInfo(name))


@examples(80)
@given(zone_and_wall())
def test_invite_text_matches_the_oracle(case: tuple[str, datetime]) -> None:
    name, wall = case
    expected, _ = oracle(name, wall)
    document = read_document("property.ics", event_calendar(name, [wall]), "UTC")
    assert document.problems == ()
    (invite,) = document.invites
    assert invite.start.instant == expected
    assert invite.start.zone == name


# -- properties: the same zone as a VTIMEZONE under a custom name ---------------------------------


@functools.cache
def icalendar_writes_forward_onsets_late() -> bool:
    """Whether icalendar's Timezone.from_tzinfo writes a forward change's onset in the new offset.

    RFC 5545 §3.6.5 reads a STANDARD/DAYLIGHT DTSTART (and RDATE) in TZOFFSETFROM: Berlin's
    spring change is DTSTART:...T020000 with TZOFFSETFROM:+0100. icalendar 7.3 writes T030000,
    an hour late. The check below notices when a later icalendar writes it right.
    """
    vtimezone = icalendar.Timezone.from_tzid(
        "Europe/Berlin", first_date=date(2026, 1, 1), last_date=date(2027, 1, 1)
    )
    onsets = [
        sub.DTSTART
        for sub in vtimezone.subcomponents
        if sub.TZOFFSETTO > sub.TZOFFSETFROM and sub.DTSTART.date() == date(2026, 3, 29)
    ]
    assert onsets, "icalendar wrote no spring change for Europe/Berlin 2026"
    return onsets[0].hour == 3


def custom_vtimezone(name: str, year: int) -> Any:
    """icalendar's VTIMEZONE for ``name`` over year-2 .. year+2, renamed "Customized Time Zone"."""
    vtimezone = icalendar.Timezone.from_tzid(
        name, first_date=date(year - 2, 1, 1), last_date=date(year + 3, 1, 1)
    )
    vtimezone.pop("TZID")
    vtimezone.add("TZID", "Customized Time Zone")
    if icalendar_writes_forward_onsets_late():
        # Undo icalendar's late forward onsets so the definition means what tzdata means.
        for sub in vtimezone.subcomponents:
            jump = sub.TZOFFSETTO - sub.TZOFFSETFROM
            if jump > timedelta(0):
                sub.DTSTART = sub.DTSTART - jump
                rdates = rdate_values(sub)
                if rdates:
                    sub.pop("RDATE")
                    sub.add("RDATE", [d - jump for d in rdates])
    return vtimezone


def rdate_values(sub: Any) -> list[datetime]:
    rdate = sub.get("RDATE")
    items = rdate if isinstance(rdate, list) else [] if rdate is None else [rdate]
    return [leaf.dt for item in items for leaf in item.dts]


def vtimezone_offsets(vtimezone: Any) -> tuple[list[tuple[datetime, timedelta]], timedelta]:
    """The definition read by hand (it has only DTSTART/RDATE onsets): sorted (UTC onset, offset
    after), and the offset before the first onset."""
    onsets = []
    first_start, first_from = None, None
    for sub in vtimezone.subcomponents:
        walls = [sub.DTSTART, *rdate_values(sub)]
        assert "RRULE" not in sub
        for wall in walls:
            onsets.append((wall.replace(tzinfo=UTC) - sub.TZOFFSETFROM, sub.TZOFFSETTO))
        if first_start is None or first_start > sub.DTSTART:
            first_start, first_from = sub.DTSTART, sub.TZOFFSETFROM
    assert first_from is not None
    return sorted(onsets), first_from


def faithful(vtimezone: Any, name: str, year: int) -> bool:
    """Whether the VTIMEZONE gives tzdata's offsets around ``year`` (icalendar's generator can
    step over short periods, such as Morocco's Ramadan changes in some years)."""
    tz = ZoneInfo(name)
    onsets, initial = vtimezone_offsets(vtimezone)

    def defined(instant: datetime) -> timedelta:
        current = initial
        for onset, offset in onsets:
            if onset > instant:
                break
            current = offset
        return current

    start = datetime(year - 1, 1, 1, tzinfo=UTC)
    end = datetime(year + 2, 1, 1, tzinfo=UTC)
    probes = [start + k * timedelta(hours=12) for k in range((end - start).days * 2)]
    for change, _, _ in transitions_between(tz, start, end, timedelta(hours=6)):
        probes += [change - SECOND, change]
    for onset, _ in onsets:
        if start <= onset < end:
            probes += [onset - SECOND, onset]
    return all(defined(p) == offset_at(tz, p) for p in probes)


@examples(60)
@given(zone_and_wall(first_year=1975, last_year=2035))
@pytest.mark.slow
def test_custom_vtimezone_matches_the_oracle(case: tuple[str, datetime]) -> None:
    name, wall = case
    vtimezone = custom_vtimezone(name, wall.year)
    assume(faithful(vtimezone, name, wall.year))
    expected, count = oracle(name, wall)
    data = event_calendar("Customized Time Zone", [wall], vtimezone.to_ical().decode())
    document = read_document("custom.ics", data, "UTC")
    assert document.problems == ()
    (invite,) = document.invites
    start = invite.start
    assert start.how is Resolution.MATCHED
    assert start.instant == expected, (start.zone, start.instant, expected)
    # The definition's own reading (DefinedZone) agrees with tzdata too.
    assert start.definition_instant is None
    assert start.gap == (count == 0)
    assert start.fold == (count == 2)


@pytest.mark.parametrize(
    "case",
    [
        # A change on New Year's night: the repeated hour sits at the very end of 1987, and the
        # definition must be matched with the change in view (found by the property test above).
        ("Asia/Pontianak", datetime(1987, 12, 31, 23, 59)),
        ("Asia/Pontianak", datetime(1987, 12, 31, 23, 0)),
    ],
)
def test_custom_vtimezone_change_at_the_year_boundary(case: tuple[str, datetime]) -> None:
    name, wall = case
    vtimezone = custom_vtimezone(name, wall.year)
    expected, count = oracle(name, wall)
    data = event_calendar("Customized Time Zone", [wall], vtimezone.to_ical().decode())
    (invite,) = read_document("custom.ics", data, "UTC").invites
    assert invite.start.instant == expected
    assert invite.start.fold == (count == 2)


# -- every zone, every 2026 change -------------------------------------------------------------


def walls_2026(name: str) -> list[datetime]:
    tz = ZoneInfo(name)
    changes = transitions_between(
        tz, datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC), timedelta(hours=12)
    )
    if not changes:
        return [datetime(2026, 1, 15, 12), datetime(2026, 7, 15, 12)]
    walls: set[datetime] = set()
    for change, before, after in changes:
        for local in (change + before, change + after):
            for hours in (-1, 0, 1):
                walls.add((local + timedelta(hours=hours)).replace(tzinfo=None))
    return sorted(walls)


@pytest.mark.slow
def test_every_zone_around_its_2026_changes() -> None:
    wrong = []
    for name in ZONES:
        walls = walls_2026(name)
        expected = [oracle(name, wall)[0] for wall in walls]
        got = [noshow_instant(name, wall).instant for wall in walls]
        wrong += [(name, w, g, e) for w, g, e in zip(walls, got, expected, strict=True) if g != e]
        document = read_document(f"{name}.ics", event_calendar(name, walls), "UTC")
        assert document.problems == (), name
        read = {invite.uid: invite.start.instant for invite in document.invites}
        for index, (wall, instant) in enumerate(zip(walls, expected, strict=True)):
            if read[f"property-{index}@example.com"] != instant:
                wrong.append((name, wall, read[f"property-{index}@example.com"], instant))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize(
    ("name", "wall", "utc"),
    [
        ("Europe/Berlin", datetime(2026, 3, 29, 2, 30), datetime(2026, 3, 29, 1, 30)),
        ("Europe/Berlin", datetime(2026, 10, 25, 2, 30), datetime(2026, 10, 25, 0, 30)),
        ("America/New_York", datetime(2026, 3, 8, 2, 30), datetime(2026, 3, 8, 7, 30)),
        ("America/New_York", datetime(2026, 11, 1, 1, 30), datetime(2026, 11, 1, 5, 30)),
        ("Australia/Lord_Howe", datetime(2026, 4, 5, 1, 45), datetime(2026, 4, 4, 14, 45)),
        ("Australia/Lord_Howe", datetime(2026, 10, 4, 2, 15), datetime(2026, 10, 3, 15, 45)),
        ("Pacific/Apia", datetime(2011, 12, 30, 12), datetime(2011, 12, 30, 22)),
        ("Asia/Kolkata", datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 3, 30)),
    ],
)
def test_known_answers(name: str, wall: datetime, utc: datetime) -> None:
    """Hand-checked readings, so the oracle itself is pinned down."""
    assert oracle(name, wall)[0] == utc.replace(tzinfo=UTC)
    assert noshow_instant(name, wall).instant == utc.replace(tzinfo=UTC)
