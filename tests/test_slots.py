"""The slot engine (noshow.slots): a pure function, checked on the hard cases and against brute force.

The hard cases are the ones people get wrong by hand: a DST change in one zone only, zones so far
apart that the working days fall on different dates, a holiday or a Friday-Saturday weekend on
one side only, 30- and 45-minute offsets, and busy time that touches the buffer exactly.

The property tests compare :func:`noshow.slots.find_slots` with an oracle written here that
shares nothing with the engine: it walks every minute of a slot through ``zoneinfo`` (UTC ->
local only), marks busy minutes in a set, and enumerates the interviewer's grid itself.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import examples
from noshow.slots import (
    Availability,
    Slot,
    SlotRequest,
    brute_force_valid,
    candidates,
    find_slots,
    is_valid,
)

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def at(zone: str, *fields: int) -> datetime:
    """An aware instant given as a wall time in ``zone`` (never in a gap in these tests)."""
    return datetime(*fields, tzinfo=ZoneInfo(zone))


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def in_zone(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


# -- the independent oracle ----------------------------------------------------------------------


def _working_minutes(party: Availability, start: datetime, end: datetime) -> bool:
    """Every minute of [start, end) lies inside one shift of the party.

    A shift is [open, close) in wall-clock time on a working day ``d`` (not weekend, not a
    holiday); when the hours run past midnight (close <= open), it closes on ``d + 1``. Wall
    times come from zoneinfo's UTC -> local conversion, one minute at a time.
    """
    tz = ZoneInfo(party.zone)
    open_at, close_at = party.hours
    overnight = close_at <= open_at
    first = start.astimezone(tz).date()
    for day in (first - DAY, first):
        if day.weekday() in party.weekend or day in party.holidays:
            continue
        opens = datetime.combine(day, open_at)
        closes = datetime.combine(day + (DAY if overnight else timedelta(0)), close_at)
        moment = start
        while moment < end:
            wall = moment.astimezone(tz).replace(tzinfo=None)
            if not opens <= wall < closes:
                break
            moment += MINUTE
        else:
            return True
    return False


def _busy_minutes(request: SlotRequest) -> set[int]:
    """Every UTC minute (as minutes since the epoch) within ``buffer`` of someone's busy time."""
    blocked: set[int] = set()
    for start, end in (*request.interviewer.busy, *request.you.busy):
        low = int((start - request.buffer).timestamp()) // 60
        high = int((end + request.buffer).timestamp()) // 60
        blocked.update(range(low, high))
    return blocked


def oracle_valid(request: SlotRequest, start: datetime, blocked: set[int] | None = None) -> bool:
    """Minute by minute: after the notice, working time for both, clear of busy time + buffer."""
    end = start + request.duration
    if start < request.now + request.min_notice:
        return False
    if not (
        _working_minutes(request.interviewer, start, end)
        and _working_minutes(request.you, start, end)
    ):
        return False
    blocked = _busy_minutes(request) if blocked is None else blocked
    first = int(start.timestamp()) // 60
    return not any(m in blocked for m in range(first, first + int(request.duration / MINUTE)))


def oracle_days(request: SlotRequest) -> list[date]:
    """The interviewer's next ``days`` working days, from the day the notice runs out."""
    interviewer = request.interviewer
    day = (request.now + request.min_notice).astimezone(ZoneInfo(interviewer.zone)).date()
    found: list[date] = []
    while len(found) < request.days:
        if day.weekday() not in interviewer.weekend and day not in interviewer.holidays:
            found.append(day)
        day += DAY
    return found


def oracle_grid(request: SlotRequest) -> list[datetime]:
    """Every start on the interviewer's grid (multiples of ``step`` from local midnight) on
    their working days in the horizon; wall times the clocks skip are left out, repeated ones
    mean their first occurrence."""
    tz = ZoneInfo(request.interviewer.zone)
    step = int(request.step / MINUTE)
    starts = []
    for day in oracle_days(request):
        for minute in range(0, 24 * 60, step):
            wall = datetime.combine(day, time()) + minutes(minute)
            instant = wall.replace(tzinfo=tz).astimezone(UTC)
            if instant.astimezone(tz).replace(tzinfo=None) == wall:
                starts.append(instant)
    return starts


def oracle_margin(party: Availability, start: datetime, end: datetime) -> timedelta:
    """How far [start, end) keeps from the nearer edge of the shift that holds it."""
    tz = ZoneInfo(party.zone)
    open_at, close_at = party.hours
    overnight = close_at <= open_at
    first = start.astimezone(tz).date()
    for day in (first, first - DAY):
        opens = datetime.combine(day, open_at).replace(tzinfo=tz)
        closes = datetime.combine(day + (DAY if overnight else timedelta(0)), close_at)
        closes = closes.replace(tzinfo=tz)
        if opens <= start and end <= closes:
            return min(start - opens, closes - end)
    raise AssertionError(f"{start} is not inside a shift of {party}")


def interviewer_day(request: SlotRequest, slot: Slot) -> date:
    return slot.start.astimezone(ZoneInfo(request.interviewer.zone)).date()


def request(
    interviewer: Availability | str,
    you: Availability | str,
    now: datetime,
    **options: object,
) -> SlotRequest:
    """A SlotRequest; parties may be given as a zone name (09:00-17:00, Saturday-Sunday)."""
    them = Availability(interviewer) if isinstance(interviewer, str) else interviewer
    me = Availability(you) if isinstance(you, str) else you
    return SlotRequest(interviewer=them, you=me, now=now, **options)


def assert_sound(req: SlotRequest, slots: Iterable[Slot]) -> None:
    """Each slot is valid by both brute forces, lasts ``duration``, and they are in time order."""
    slots = list(slots)
    blocked = _busy_minutes(req)
    for slot in slots:
        assert slot.end - slot.start == req.duration
        assert oracle_valid(req, slot.start, blocked), slot
        assert brute_force_valid(req, slot), slot
    assert [s.start for s in slots] == sorted({s.start for s in slots})


# -- DST in one zone only ------------------------------------------------------------------------


def test_europe_changes_inside_the_window_the_interviewer_grid_stays_put() -> None:
    """Late March 2027: New York is on EDT since 14 March, Berlin changes on 28 March."""
    req = request(
        Availability("America/New_York", hours=(time(9), time(10))),
        Availability("Europe/Berlin", hours=(time(8), time(20))),
        now=utc(2027, 3, 24, 12),
        duration=minutes(30),
        count=5,
        days=5,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert len(result.slots) == 5
    assert result.notes == ()
    days = [interviewer_day(req, s) for s in result.slots]
    assert days == [date(2027, 3, d) for d in (25, 26, 29, 30, 31)]
    for slot in result.slots:
        theirs = in_zone(slot.start, "America/New_York")
        mine = in_zone(slot.start, "Europe/Berlin")
        assert (theirs.hour, theirs.minute) in {(9, 0), (9, 30)}
        assert theirs.utcoffset() == timedelta(hours=-4)
        # Berlin is 5 hours ahead before 28 March, 6 hours after.
        before = theirs.date() < date(2027, 3, 28)
        assert mine.utcoffset() == timedelta(hours=1 if before else 2)
        assert mine.hour == theirs.hour + (5 if before else 6)
        assert mine.minute == theirs.minute


def test_every_candidate_across_the_change_keeps_the_interviewer_wall_clock() -> None:
    req = request(
        "America/New_York",
        "Europe/Berlin",
        now=utc(2027, 3, 24, 12),
        days=5,
        step=minutes(30),
    )
    found = candidates(req)
    walls = {}
    for slot in found:
        theirs = in_zone(slot.start, "America/New_York")
        walls.setdefault(theirs.date(), []).append(theirs.strftime("%H:%M"))
    expected = [f"{h:02d}:{m:02d}" for h in range(9, 17) for m in (0, 30)]
    assert sorted(walls) == [date(2027, 3, d) for d in (25, 26, 29, 30, 31)]
    assert all(times == expected for times in walls.values())
    berlin = {in_zone(s.start, "Europe/Berlin").strftime("%d %H:%M") for s in found}
    assert "26 14:00" in berlin  # 09:00 EDT = 14:00 CET
    assert "29 15:00" in berlin  # 09:00 EDT = 15:00 CEST
    assert "26 15:00" in berlin and "29 14:00" not in berlin


def test_us_changes_inside_the_window_berlin_grid_stays_put() -> None:
    """Mid-March 2027, the other way round: a Berlin interviewer, you in New York."""
    req = request(
        Availability("Europe/Berlin", hours=(time(15), time(16))),
        Availability("America/New_York", hours=(time(8), time(18))),
        now=utc(2027, 3, 10, 12),
        duration=minutes(30),
        count=5,
        days=5,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert [interviewer_day(req, s).day for s in result.slots] == [11, 12, 15, 16, 17]
    for slot in result.slots:
        theirs = in_zone(slot.start, "Europe/Berlin")
        mine = in_zone(slot.start, "America/New_York")
        assert (theirs.hour, theirs.minute) in {(15, 0), (15, 30)}
        gap = 6 if theirs.date() < date(2027, 3, 14) else 5
        assert mine.hour == theirs.hour - gap
        assert mine.tzname() == ("EST" if gap == 6 else "EDT")


def test_times_the_clocks_skip_are_never_proposed_and_repeated_ones_once() -> None:
    night = Availability("Europe/Berlin", hours=(time(1), time(5)), weekend=frozenset())
    spring = request(night, night, now=utc(2027, 3, 27, 23), days=1, min_notice=timedelta(0))
    walls = [in_zone(s.start, "Europe/Berlin").strftime("%H:%M") for s in candidates(spring)]
    assert walls == ["01:00", "01:30", "03:00", "03:30", "04:00", "04:30"]
    req = request(
        night,
        night,
        now=utc(2027, 3, 27, 23),
        days=1,
        count=6,
        min_notice=timedelta(0),
        duration=minutes(30),
        buffer=timedelta(0),
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert [in_zone(s.start, "Europe/Berlin").strftime("%H:%M") for s in result.slots] == walls

    autumn = request(night, night, now=utc(2027, 10, 30, 23), days=1, min_notice=timedelta(0))
    starts = [s.start for s in candidates(autumn)]
    walls = [in_zone(s, "Europe/Berlin").strftime("%H:%M %Z") for s in starts]
    assert walls == [
        "01:00 CEST",
        "01:30 CEST",
        "02:00 CEST",
        "02:30 CEST",
        "03:00 CET",
        "03:30 CET",
        "04:00 CET",
        "04:30 CET",
    ]


# -- zones 13+ hours apart -----------------------------------------------------------------------


def test_kiritimati_and_pago_pago_are_a_day_apart() -> None:
    """UTC+14 and UTC-11: the interviewer's Tuesday morning is your Monday morning."""
    req = request(
        "Pacific/Kiritimati", "Pacific/Pago_Pago", now=utc(2026, 12, 5, 12), count=4, days=5
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert len(result.slots) == 4
    theirs = [in_zone(s.start, "Pacific/Kiritimati") for s in result.slots]
    mine = [in_zone(s.start, "Pacific/Pago_Pago") for s in result.slots]
    # Kiritimati's Monday is Pago Pago's Sunday: no slot then; Tuesday to Friday work.
    assert [t.strftime("%a") for t in theirs] == ["Tue", "Wed", "Thu", "Fri"]
    assert [m.strftime("%a") for m in mine] == ["Mon", "Tue", "Wed", "Thu"]
    for t, m in zip(theirs, mine, strict=True):
        assert m.date() == t.date() - DAY
        assert time(10) <= t.time() and (t + req.duration).time() <= time(17)
        assert time(9) <= m.time() and (m + req.duration).time() <= time(16)


def test_kiritimati_monday_only_gives_a_note_about_your_weekend() -> None:
    req = request("Pacific/Kiritimati", "Pacific/Pago_Pago", now=utc(2026, 12, 5, 12), days=1)
    result = find_slots(req)
    assert result.slots == ()
    assert result.notes[0] == "Found 0 of the 3 slots asked for."
    assert any("your weekend" in n for n in result.notes), result.notes
    assert not any("Busy time" in n for n in result.notes), result.notes


def test_auckland_and_los_angeles_barely_overlap() -> None:
    """July: Auckland (NZST, UTC+12) 09:00 is 14:00 the day before in Los Angeles (PDT)."""
    req = request(
        "Pacific/Auckland",
        Availability("America/Los_Angeles", hours=(time(9), time(15))),
        now=utc(2026, 7, 4, 12),
        count=5,
        days=5,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    theirs = [in_zone(s.start, "Pacific/Auckland") for s in result.slots]
    mine = [in_zone(s.start, "America/Los_Angeles") for s in result.slots]
    assert [t.strftime("%a %H:%M") for t in theirs] == [
        "Tue 09:00",
        "Wed 09:00",
        "Thu 09:00",
        "Fri 09:00",
    ]
    assert [m.strftime("%a %H:%M") for m in mine] == [
        "Mon 14:00",
        "Tue 14:00",
        "Wed 14:00",
        "Thu 14:00",
    ]
    notes = " ".join(result.notes)
    assert result.notes[0] == "Found 4 of the 5 slots asked for."
    assert "overlap only 1 hour" in notes
    assert "--hours or --interviewer-hours" in notes
    assert "1 of the interviewer's 5 working days are your weekend" in notes


def test_hours_that_never_overlap_say_so_and_what_to_widen() -> None:
    req = request(
        "Pacific/Auckland",
        Availability("Europe/London", hours=(time(9), time(12))),
        now=utc(2026, 12, 1, 12),
    )
    result = find_slots(req)
    assert result.slots == ()
    assert result.notes[0] == "Found 0 of the 3 slots asked for."
    assert "overlap only 0 hours" in result.notes[1]
    assert "less than the 45 min needed" in result.notes[1]
    assert "widen --hours or --interviewer-hours" in result.notes[1]


# -- holidays and weekends on one side only ------------------------------------------------------

THANKSGIVING = date(2026, 11, 26)


def test_thanksgiving_for_a_us_interviewer_has_no_slot() -> None:
    req = request(
        Availability("America/New_York", holidays=frozenset({THANKSGIVING})),
        "Europe/Berlin",
        now=utc(2026, 11, 23, 9),
        count=5,
        days=5,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert [interviewer_day(req, s) for s in result.slots] == [
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 11, 27),
        date(2026, 11, 30),
        date(2026, 12, 1),
    ]
    assert all(in_zone(s.start, "Europe/Berlin").date() != THANKSGIVING for s in result.slots)
    # The same request without the holiday does use Thanksgiving.
    plain = find_slots(
        request("America/New_York", "Europe/Berlin", now=utc(2026, 11, 23, 9), count=5, days=5)
    )
    assert THANKSGIVING in [interviewer_day(req, s) for s in plain.slots]


def test_thanksgiving_for_you_only_removes_the_day_and_the_note_says_why() -> None:
    """A Berlin interviewer works on 26 November; you (in New York) do not."""
    req = request(
        "Europe/Berlin",
        Availability(
            "America/New_York", hours=(time(9), time(9, 45)), holidays=frozenset({THANKSGIVING})
        ),
        now=utc(2026, 11, 23, 9),
        count=5,
        days=5,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert [interviewer_day(req, s).day for s in result.slots] == [24, 25, 27, 30]
    assert all(in_zone(s.start, "Europe/Berlin").strftime("%H:%M") == "15:00" for s in result.slots)
    notes = " ".join(result.notes)
    assert result.notes[0] == "Found 4 of the 5 slots asked for."
    assert "1 of the interviewer's 5 working days are your weekend or a public holiday" in notes
    assert "overlap only 45 min" in notes


@pytest.mark.parametrize("interviewer_zone", ["Asia/Riyadh", "Asia/Jerusalem"])
def test_friday_saturday_weekend_makes_sunday_a_working_day(interviewer_zone: str) -> None:
    req = request(
        Availability(interviewer_zone, weekend=frozenset({4, 5})),
        Availability("Europe/Berlin", weekend=frozenset()),
        now=utc(2026, 12, 2, 6),  # Wednesday: the notice runs out on Thursday
        count=6,
        days=6,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    days = [interviewer_day(req, s).strftime("%a") for s in result.slots]
    assert days == ["Thu", "Sun", "Mon", "Tue", "Wed", "Thu"]
    # With your usual Saturday-Sunday weekend, Sunday goes, and so do their Fridays.
    usual = request(
        Availability(interviewer_zone, weekend=frozenset({4, 5})),
        "Europe/Berlin",
        now=utc(2026, 12, 2, 6),
        count=6,
        days=6,
    )
    both = find_slots(usual)
    assert_sound(usual, both.slots)
    assert {interviewer_day(usual, s).strftime("%a") for s in both.slots} == {
        "Mon",
        "Tue",
        "Wed",
        "Thu",
    }


# -- offsets of 30 and 45 minutes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("interviewer_zone", "you_zone", "your_minutes"),
    [
        ("Asia/Kathmandu", "Europe/Berlin", {15, 45}),  # +05:45 vs +01:00
        ("Asia/Kolkata", "Europe/London", {0, 30}),  # +05:30 vs +00:00
        ("Asia/Kolkata", "Asia/Kathmandu", {15, 45}),  # +05:30 vs +05:45
        ("Pacific/Chatham", "Pacific/Auckland", {15, 45}),  # +13:45 vs +13:00 in December
        ("Europe/Berlin", "Asia/Kathmandu", {15, 45}),
        ("Europe/Berlin", "Asia/Kolkata", {0, 30}),
    ],
)
def test_the_grid_is_aligned_in_the_interviewer_zone(
    interviewer_zone: str, you_zone: str, your_minutes: set[int]
) -> None:
    req = request(
        interviewer_zone,
        Availability(you_zone, hours=(time(7), time(22))),
        now=utc(2026, 12, 1, 0),
        count=5,
        days=5,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert len(result.slots) == 5
    for slot in result.slots:
        assert in_zone(slot.start, interviewer_zone).minute in {0, 30}
        assert in_zone(slot.start, you_zone).minute in your_minutes
    for slot in candidates(req):
        assert in_zone(slot.start, interviewer_zone).minute in {0, 30}


def test_kathmandu_interviewer_with_a_45_minute_step() -> None:
    req = request(
        "Asia/Kathmandu", "Asia/Kathmandu", now=utc(2026, 12, 1, 0), step=minutes(45), days=1
    )
    walls = [in_zone(s.start, "Asia/Kathmandu").strftime("%H:%M") for s in candidates(req)]
    assert walls[:3] == ["09:00", "09:45", "10:30"]
    assert all((int(w[:2]) * 60 + int(w[3:])) % 45 == 0 for w in walls)


# -- busy time and the buffer --------------------------------------------------------------------

#: One candidate only: Tuesday 10:00-10:45 in New York, both of you free otherwise.
TUESDAY = at("America/New_York", 2026, 12, 8, 10)


def _single(
    interviewer_busy: tuple[tuple[datetime, datetime], ...] = (),
    your_busy: tuple[tuple[datetime, datetime], ...] = (),
) -> SlotRequest:
    hours = (time(10), time(10, 45))
    return request(
        Availability("America/New_York", hours=hours, busy=interviewer_busy),
        Availability("Europe/Berlin", hours=(time(8), time(20)), busy=your_busy),
        now=utc(2026, 12, 7, 12),
        count=1,
        days=1,
        buffer=minutes(15),
    )


@pytest.mark.parametrize("side", ["interviewer", "you"])
@pytest.mark.parametrize(
    ("busy_start", "busy_end", "free"),
    [
        (TUESDAY - minutes(60), TUESDAY - minutes(15), True),  # ends exactly buffer before
        (TUESDAY - minutes(60), TUESDAY - minutes(14), False),  # one minute more
        (TUESDAY + minutes(60), TUESDAY + minutes(90), True),  # starts exactly buffer after
        (TUESDAY + minutes(59), TUESDAY + minutes(90), False),  # one minute sooner
        (TUESDAY + minutes(10), TUESDAY + minutes(20), False),  # inside
        (TUESDAY - DAY, TUESDAY + DAY, False),  # all around
    ],
)
def test_busy_time_touching_the_buffer_exactly_is_fine(
    side: str, busy_start: datetime, busy_end: datetime, free: bool
) -> None:
    busy = ((busy_start, busy_end),)
    req = _single(busy, ()) if side == "interviewer" else _single((), busy)
    slot = Slot(TUESDAY, TUESDAY + req.duration)
    # 10:30 is on the grid too but runs past the interviewer's 10:45.
    assert [s.start for s in candidates(req)] == [TUESDAY, TUESDAY + minutes(30)]
    assert not oracle_valid(req, TUESDAY + minutes(30))
    assert is_valid(req, slot) is free
    assert brute_force_valid(req, slot) is free
    assert oracle_valid(req, slot.start) is free
    result = find_slots(req)
    assert result.slots == ((slot,) if free else ())
    if not free:
        assert any("--buffer" in n for n in result.notes), result.notes


def test_zero_buffer_lets_meetings_sit_back_to_back() -> None:
    busy = ((TUESDAY - minutes(30), TUESDAY), (TUESDAY + minutes(45), TUESDAY + minutes(60)))
    req = _single(busy, ())
    assert not is_valid(req, Slot(TUESDAY, TUESDAY + req.duration))
    req = SlotRequest(req.interviewer, req.you, req.now, count=1, days=1, buffer=timedelta(0))
    assert find_slots(req).slots == (Slot(TUESDAY, TUESDAY + req.duration),)


# -- choosing: notice, horizon, spread, comfort, order ------------------------------------------


def test_never_before_now_plus_notice_and_never_past_the_horizon() -> None:
    now = at("America/New_York", 2026, 12, 8, 13, 7)  # Tuesday 13:07
    req = request(
        "America/New_York",
        "America/New_York",
        now=now,
        count=5,
        days=3,
        min_notice=timedelta(hours=24),
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert all(s.start >= now + timedelta(hours=24) for s in result.slots)
    assert {interviewer_day(req, s) for s in result.slots} == {
        date(2026, 12, 9),
        date(2026, 12, 10),
        date(2026, 12, 11),
    }
    # Wednesday's slots all start after 13:07.
    assert all(
        in_zone(s.start, "America/New_York").time() >= time(13, 7)
        for s in result.slots
        if interviewer_day(req, s) == date(2026, 12, 9)
    )
    assert all(
        c.start >= now + timedelta(hours=24) or not is_valid(req, c) for c in candidates(req)
    )


def test_proposals_are_spread_over_the_earliest_days_in_time_order() -> None:
    req = request("America/New_York", "America/New_York", now=utc(2026, 12, 4, 9), count=3, days=5)
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert [interviewer_day(req, s).day for s in result.slots] == [7, 8, 9]
    assert list(result.slots) == sorted(result.slots, key=lambda s: s.start)


def test_a_day_gets_a_second_slot_only_when_there_are_fewer_days() -> None:
    req = request("America/New_York", "America/New_York", now=utc(2026, 12, 4, 9), count=5, days=2)
    result = find_slots(req)
    assert_sound(req, result.slots)
    days = [interviewer_day(req, s).day for s in result.slots]
    assert sorted(set(days)) == [7, 8]
    assert len(result.slots) == 5
    assert list(result.slots) == sorted(result.slots, key=lambda s: s.start)


def test_the_most_central_time_of_a_single_zone_day() -> None:
    req = request("America/New_York", "America/New_York", now=utc(2026, 12, 4, 9), count=1)
    (slot,) = find_slots(req).slots
    # 12:30-13:15 keeps 3 h 30 from 09:00 and 3 h 45 from 17:00; 13:00 would keep only 3 h 15.
    assert in_zone(slot.start, "America/New_York").strftime("%a %H:%M") == "Mon 12:30"


def test_comfort_weighs_both_parties_edges() -> None:
    """New York and London overlap 09:00-12:00 New York time: 10:00 sits best inside both."""
    req = request("America/New_York", "Europe/London", now=utc(2026, 12, 4, 9), count=3)
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert [in_zone(s.start, "America/New_York").strftime("%a %H:%M") for s in result.slots] == [
        "Mon 10:00",
        "Tue 10:00",
        "Wed 10:00",
    ]
    # Not 09:00 (the interviewer's first minute) nor 11:00 (15 min before you stop).
    for slot in result.slots:
        valid = [
            c
            for c in candidates(req)
            if is_valid(req, c) and interviewer_day(req, c) == interviewer_day(req, slot)
        ]
        assert len(valid) > 1
        best = max(
            min(
                oracle_margin(req.interviewer, c.start, c.end),
                oracle_margin(req.you, c.start, c.end),
            )
            for c in valid
        )
        assert (
            min(
                oracle_margin(req.interviewer, slot.start, slot.end),
                oracle_margin(req.you, slot.start, slot.end),
            )
            == best
        )


def test_busy_comfortable_time_moves_the_proposal_not_the_day() -> None:
    tuesday_ten = at("America/New_York", 2026, 12, 8, 10)
    req = request(
        Availability("America/New_York", busy=((tuesday_ten, tuesday_ten + minutes(30)),)),
        "Europe/London",
        now=utc(2026, 12, 4, 9),
        count=3,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    walls = [in_zone(s.start, "America/New_York").strftime("%a %H:%M") for s in result.slots]
    assert walls[0] == "Mon 10:00" and walls[2] == "Wed 10:00"
    assert walls[1] in {"Tue 09:00", "Tue 11:00"}


def test_a_narrow_overlap_still_gives_as_many_slots_as_there_are_valid_times() -> None:
    """One hour of overlap, one day, 30-minute slots on a 15-minute grid: three valid starts."""
    req = request(
        Availability("America/New_York", hours=(time(9), time(10))),
        "Europe/Berlin",
        now=utc(2026, 12, 5, 12),
        count=3,
        days=1,
        duration=minutes(30),
        step=minutes(15),
    )
    valid = [c for c in candidates(req) if is_valid(req, c)]
    assert len(valid) == 3
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert len(result.slots) == 3
    assert result.notes == ()


def test_count_is_respected_and_notes_are_empty_when_enough() -> None:
    req = request("Europe/Berlin", "Europe/Berlin", now=utc(2026, 12, 1, 8), count=2, days=10)
    result = find_slots(req)
    assert len(result.slots) == 2
    assert result.notes == ()


def test_a_full_calendar_suggests_looking_further_ahead() -> None:
    monday = at("Europe/Berlin", 2026, 12, 7)
    req = request(
        "Europe/Berlin",
        Availability(
            "Europe/Berlin", busy=((monday, monday + timedelta(days=4, hours=15, minutes=30)),)
        ),
        now=utc(2026, 12, 4, 9),
        count=3,
        days=5,
    )
    result = find_slots(req)
    assert_sound(req, result.slots)
    # Friday 16:00-16:45 is the one time 15 minutes clear of the busy block and before 17:00.
    assert [in_zone(s.start, "Europe/Berlin").strftime("%a %H:%M") for s in result.slots] == [
        "Fri 16:00"
    ]
    assert result.notes[0] == "Found 1 of the 3 slots asked for."
    assert any("--days" in n and "--buffer" in n and "--min-notice" in n for n in result.notes)


def test_the_engine_is_pure() -> None:
    req = request("Asia/Kolkata", "America/New_York", now=utc(2026, 12, 1, 0), count=4)
    assert find_slots(req) == find_slots(req)
    assert req == request("Asia/Kolkata", "America/New_York", now=utc(2026, 12, 1, 0), count=4)


# -- speed -----------------------------------------------------------------------------------------


def test_fourteen_days_with_a_thousand_busy_intervals_each() -> None:
    """The size of the issue's speed contract gives sound answers; its speed is measured by
    benchmarks/bench_slots.py, not asserted here."""
    rng = random.Random(20261102)
    now = utc(2026, 11, 2, 8)

    def calendar() -> tuple[tuple[datetime, datetime], ...]:
        busy = []
        for _ in range(1000):
            start = now + minutes(rng.randrange(0, 22 * 24 * 60))
            busy.append((start, start + minutes(rng.choice([15, 30, 45, 60, 90]))))
        return tuple(busy)

    req = request(
        Availability("America/New_York", hours=(time(8), time(18)), busy=calendar()),
        Availability("Europe/Berlin", hours=(time(8), time(20)), busy=calendar()),
        now=now,
        days=14,
        count=5,
    )
    assert len(req.interviewer.busy) == len(req.you.busy) == 1000
    result = find_slots(req)
    assert_sound(req, result.slots)
    assert result == find_slots(req)


# -- property: the engine against brute force ------------------------------------------------------

ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",  # -03:30 with DST
    "America/Santiago",  # DST changes at midnight
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "Asia/Tehran",  # +03:30
    "Asia/Riyadh",
    "Asia/Jerusalem",
    "Australia/Adelaide",  # +09:30 with DST
    "Australia/Lord_Howe",  # a 30-minute DST change
    "Pacific/Chatham",  # +12:45 / +13:45
    "Pacific/Auckland",
    "Pacific/Kiritimati",  # +14
    "Pacific/Pago_Pago",  # -11
)


def _transitions() -> list[datetime]:
    """Every offset change of the zones above in 2026-2027 (to the hour)."""
    found = []
    for name in ZONES:
        tz = ZoneInfo(name)
        moment = utc(2026, 1, 1)
        offset = moment.astimezone(tz).utcoffset()
        while moment < utc(2028, 1, 1):
            moment += timedelta(hours=1)
            now_offset = moment.astimezone(tz).utcoffset()
            if now_offset != offset:
                found.append(moment)
                offset = now_offset
    return found


TRANSITIONS = _transitions()

# Opening and closing times stay out of 23:00-04:00 so that they never fall in a DST gap or
# fold (those happen between 00:00 and 04:00 in the zones above); shifts may still span one.
day_hours = st.tuples(st.integers(4 * 4, 14 * 4), st.integers(4, 14 * 4)).map(
    lambda p: (time(p[0] // 4, p[0] % 4 * 15), min(p[0] + p[1], 22 * 4 + 3))
)
day_hours = day_hours.map(lambda p: (p[0], time(p[1] // 4, p[1] % 4 * 15)))
night_hours = st.tuples(st.integers(18 * 4, 22 * 4 + 3), st.integers(4 * 4, 10 * 4)).map(
    lambda p: (time(p[0] // 4, p[0] % 4 * 15), time(p[1] // 4, p[1] % 4 * 15))
)
weekends = st.one_of(
    st.sampled_from([frozenset({5, 6}), frozenset({4, 5}), frozenset({4}), frozenset()]),
    st.frozensets(st.integers(0, 6), max_size=3),
)
nows = st.one_of(
    st.integers(0, 2 * 365 * 24 * 60).map(lambda m: utc(2026, 1, 1) + minutes(m)),
    st.tuples(st.sampled_from(TRANSITIONS), st.integers(-12 * 24 * 60, 24 * 60)).map(
        lambda p: p[0] + minutes(p[1])
    ),
)


@st.composite
def parties(draw: st.DrawFn, now: datetime, overnight: bool) -> Availability:
    name = draw(st.sampled_from(ZONES))
    hours = draw(st.one_of(day_hours, night_hours) if overnight else day_hours)
    holidays = draw(
        st.frozensets(st.integers(-1, 20).map(lambda d: now.date() + timedelta(days=d)), max_size=3)
    )
    # Busy time anywhere in the next two weeks, and busy time in the party's own working hours
    # (as real calendars have it), minute-aligned either way.
    anywhere = st.tuples(st.integers(-24 * 60, 16 * 24 * 60), st.integers(1, 240)).map(
        lambda p: (now + minutes(p[0]), now + minutes(p[0] + p[1]))
    )
    first_day = now.astimezone(ZoneInfo(name)).date()
    working = st.tuples(st.integers(0, 14), st.integers(-60, 10 * 60), st.integers(1, 240)).map(
        lambda p: _local_interval(name, first_day + timedelta(days=p[0]), hours[0], p[1], p[2])
    )
    busy = draw(st.lists(st.one_of(anywhere, working), max_size=30))
    return Availability(
        zone=name,
        hours=hours,
        weekend=draw(weekends),
        holidays=holidays,
        busy=tuple(busy),
    )


def _local_interval(
    name: str, day: date, opens: time, offset: int, length: int
) -> tuple[datetime, datetime]:
    """``length`` minutes from ``offset`` minutes after the party opens on ``day`` (as UTC)."""
    start = datetime.combine(day, opens).replace(tzinfo=ZoneInfo(name)).astimezone(UTC)
    start += minutes(offset)
    return start, start + minutes(length)


@st.composite
def requests(draw: st.DrawFn, overnight: bool = False) -> SlotRequest:
    now = draw(nows)
    return SlotRequest(
        interviewer=draw(parties(now, overnight)),
        you=draw(parties(now, overnight)),
        now=now,
        duration=minutes(draw(st.integers(15, 90))),
        count=draw(st.integers(1, 5)),
        days=draw(st.integers(1, 10)),
        step=minutes(draw(st.sampled_from([15, 30, 60]))),
        buffer=minutes(draw(st.integers(0, 30))),
        min_notice=minutes(draw(st.sampled_from([0, 60, 24 * 60, 48 * 60]))),
    )


PROPERTY = settings(
    deadline=None,
    database=None,  # nothing written into the project; a failure prints its example
    max_examples=int(os.environ.get("NOSHOW_SLOT_EXAMPLES", examples(150))),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check_against_brute_force(req: SlotRequest) -> None:
    result = find_slots(req)
    slots = list(result.slots)
    blocked = _busy_minutes(req)
    grid = oracle_grid(req)
    valid = [s for s in grid if oracle_valid(req, s, blocked)]

    # Every proposal is valid minute by minute, on the grid, in the horizon, in time order.
    assert_sound(req, slots)
    assert set(s.start for s in slots) <= set(grid)
    assert [s.start for s in slots] == sorted({s.start for s in slots})
    # The engine's own candidates are exactly the grid (those inside the interviewer's hours).
    assert {c.start for c in candidates(req)} >= set(valid)

    # As many as asked for whenever brute force finds that many: by this file's own grid and
    # oracle, and by the engine's candidates checked with slots.brute_force_valid.
    assert len(slots) == min(req.count, len(valid)), (len(slots), len(valid))
    by_module = [c for c in candidates(req) if brute_force_valid(req, c)]
    assert [c.start for c in by_module] == valid

    # Spread over days: the earliest days that have a valid time, one each, before any repeats
    # (unless a valid time of one day collides with another day's, near midnight).
    tz = ZoneInfo(req.interviewer.zone)
    valid_days = sorted({s.astimezone(tz).date() for s in valid})
    gap = req.duration + req.buffer
    collide = any(
        b - a < gap and a.astimezone(tz).date() != b.astimezone(tz).date()
        for a, b in pairwise(valid)
    )
    used = [s.start.astimezone(tz).date() for s in slots]
    if not collide:
        assert len(set(used)) == min(req.count, len(valid_days))
        if len(valid_days) >= req.count:
            assert sorted(used) == valid_days[: req.count]
            # One per day: the most comfortable time of that day.
            for slot in slots:
                day = slot.start.astimezone(tz).date()
                best = max(_comfort(req, s) for s in valid if s.astimezone(tz).date() == day)
                assert _comfort(req, slot.start) == best, slot

    # Notes only when short, then they say how many and what to widen.
    if len(slots) < req.count:
        assert result.notes[0] == f"Found {len(slots)} of the {req.count} slots asked for."
        assert any("--" in note for note in result.notes[1:]), result.notes
    else:
        assert result.notes == ()


def _comfort(req: SlotRequest, start: datetime) -> timedelta:
    end = start + req.duration
    return min(oracle_margin(req.interviewer, start, end), oracle_margin(req.you, start, end))


@PROPERTY
@given(requests())
@pytest.mark.slow
def test_engine_agrees_with_brute_force(req: SlotRequest) -> None:
    check_against_brute_force(req)


@PROPERTY
@given(requests(overnight=True))
@pytest.mark.slow
def test_engine_agrees_with_brute_force_for_hours_past_midnight(req: SlotRequest) -> None:
    check_against_brute_force(req)


@PROPERTY
@given(st.booleans().flatmap(lambda overnight: requests(overnight=overnight)), st.data())
@pytest.mark.slow
def test_is_valid_agrees_with_brute_force_on_candidates(
    req: SlotRequest, data: st.DataObject
) -> None:
    found = candidates(req)
    if not found:
        return
    blocked = _busy_minutes(req)
    for slot in data.draw(st.lists(st.sampled_from(found), max_size=20)):
        expected = oracle_valid(req, slot.start, blocked)
        assert is_valid(req, slot) is expected, slot
        assert brute_force_valid(req, slot) is expected, slot
