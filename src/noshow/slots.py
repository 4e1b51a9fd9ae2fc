"""The slot engine: times that work for both people, as a pure function.

Inputs are two parties (zone, working hours, weekend days, public holidays as local dates, busy
intervals), the interview length, how many proposals, the horizon, the grid step, the buffer
around busy time, the minimum notice and "now". The output is a list of slots and notes that say
why there are fewer than asked for.

How it chooses:

1. Candidates lie on a grid in the interviewer's zone: starts at whole multiples of ``step`` from
   local midnight (09:00, 09:30, ...), so 09:00 local stays 09:00 local across a DST change.
   Times a DST jump skips are not proposed.
2. A candidate is valid when it starts after now + notice, lies inside both parties' working
   hours on a working day that is not a public holiday, each judged in that party's own zone on
   that party's own local date, and keeps ``buffer`` away from every busy interval of both
   (touching the buffer exactly is fine).
3. Proposals are spread over different days (the earliest days first), on each day the slot
   most comfortably inside both parties' hours (the largest margin to the nearer edge of either
   party's day), and returned in time order. Only when there are fewer days than proposals does
   a day get a second slot.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from noshow.zones import wall_to_instant, zone

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Availability:
    """One person's side: where they are, when they work, and when they are busy."""

    zone: str
    hours: tuple[time, time] = (time(9), time(17))
    weekend: frozenset[int] = frozenset({5, 6})  # Monday is 0
    holidays: frozenset[date] = frozenset()
    busy: tuple[Interval, ...] = ()

    @property
    def tz(self) -> ZoneInfo:
        """The zone as a tzinfo."""
        return zone(self.zone)


@dataclass(frozen=True)
class SlotRequest:
    """Everything the engine needs; "now" included, so the answer is reproducible."""

    interviewer: Availability
    you: Availability
    now: datetime
    duration: timedelta = timedelta(minutes=45)
    count: int = 3
    days: int = 5  # business days of the interviewer to look through
    step: timedelta = timedelta(minutes=30)
    buffer: timedelta = timedelta(minutes=15)
    min_notice: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class Slot:
    """A proposal: an exact start and end."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class SlotResult:
    """The proposals (in time order) and notes on why there are not more."""

    slots: tuple[Slot, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


class _Busy:
    """Busy intervals of both parties, widened by the buffer, merged, searchable."""

    def __init__(self, intervals: Iterable[Interval], buffer: timedelta) -> None:
        widened = sorted((s - buffer, e + buffer) for s, e in intervals if e >= s)
        merged: list[list[datetime]] = []
        for start, end in widened:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def free(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) overlaps no widened busy interval (touching is fine)."""
        index = bisect.bisect_right(self.ends, start)  # the first interval ending after start
        return index >= len(self.starts) or self.starts[index] >= end


def _shift(party: Availability, start: datetime, end: datetime) -> Interval | None:
    """The (open, close) instants of the party's working day that holds [start, end), if any.

    Hours that run past midnight (22:00-06:00) make 01:00 part of the previous day's shift."""
    local_start = start.astimezone(party.tz)
    local_end = end.astimezone(party.tz)
    open_at, close_at = party.hours
    today = local_start.date()
    days = (today - timedelta(days=1), today) if close_at <= open_at else (today,)
    for day in days:
        if day.weekday() in party.weekend or day in party.holidays:
            continue
        begin = datetime.combine(day, open_at)
        finish = datetime.combine(day, close_at)
        if close_at <= open_at:  # hours that run past midnight
            finish += timedelta(days=1)
        # Compare exact instants: the wall times may straddle a DST change.
        begin_at = wall_to_instant(begin, party.tz)[0]
        finish_at = wall_to_instant(finish, party.tz)[0]
        if begin_at <= start and end <= finish_at and local_end.date() <= finish.date():
            return begin_at, finish_at
    return None


def _works(party: Availability, start: datetime, end: datetime) -> bool:
    """Whether [start, end) lies inside the party's working hours on one working day."""
    return _shift(party, start, end) is not None


def _margin(party: Availability, start: datetime, end: datetime) -> timedelta:
    """How far the slot keeps from the nearer edge of the party's working day."""
    shift = _shift(party, start, end)
    if shift is None:
        return timedelta(0)
    begin, finish = shift
    return min(start - begin, finish - end)


def _business_days(party: Availability, first: date, count: int) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count and day < first + timedelta(days=count * 7 + 60):
        if day.weekday() not in party.weekend and day not in party.holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def candidates(request: SlotRequest) -> list[Slot]:
    """Every grid-aligned slot in the horizon, valid or not (in time order)."""
    interviewer = request.interviewer
    tz = interviewer.tz
    earliest = request.now + request.min_notice
    first_day = earliest.astimezone(tz).date()
    days = _business_days(interviewer, first_day, request.days)
    step_minutes = max(int(request.step.total_seconds() // 60), 1)
    open_at, close_at = interviewer.hours
    found: list[Slot] = []
    for day in days:
        for minute in range(0, 24 * 60, step_minutes):
            wall = datetime.combine(day, time()) + timedelta(minutes=minute)
            if not _inside(wall.time(), open_at, close_at):
                continue  # outside the interviewer's hours: cannot be valid
            start, gap, _ = wall_to_instant(wall, tz)
            if gap:
                continue  # the clocks skip this time: never propose it
            found.append(Slot(start, start + request.duration))
    return found


def _inside(clock: time, open_at: time, close_at: time) -> bool:
    if close_at > open_at:
        return open_at <= clock < close_at
    return clock >= open_at or clock < close_at


def is_valid(request: SlotRequest, slot: Slot, busy: _Busy | None = None) -> bool:
    """Whether one slot satisfies every constraint of the request."""
    if slot.start < request.now + request.min_notice:
        return False
    if not (
        _works(request.interviewer, slot.start, slot.end)
        and _works(request.you, slot.start, slot.end)
    ):
        return False
    busy = busy or _Busy([*request.interviewer.busy, *request.you.busy], request.buffer)
    return busy.free(slot.start, slot.end)


def _day_off(party: Availability, instant: datetime) -> bool:
    day = instant.astimezone(party.tz).date()
    return day.weekday() in party.weekend or day in party.holidays


def exclusion(request: SlotRequest, slot: Slot) -> str | None:
    """Why one slot is not valid, in words (the first constraint it breaks), or None when it
    is valid: the same constraints as :func:`is_valid`, one at a time."""
    if slot.start < request.now + request.min_notice:
        return "too soon (minimum notice)"
    for party, whose in ((request.interviewer, "the interviewer's"), (request.you, "your")):
        if not _works(party, slot.start, slot.end):
            if _day_off(party, slot.start):
                return f"{whose} weekend or public holiday"
            return f"outside {whose} working hours"
    if not _Busy(request.interviewer.busy, request.buffer).free(slot.start, slot.end):
        return "the interviewer is busy (with the buffer)"
    if not _Busy(request.you.busy, request.buffer).free(slot.start, slot.end):
        return "you are busy (with the buffer)"
    return None


def find_slots(request: SlotRequest) -> SlotResult:
    """Propose up to ``count`` slots, spread over days, comfortable for both, in time order."""
    busy = _Busy([*request.interviewer.busy, *request.you.busy], request.buffer)
    valid = [s for s in candidates(request) if is_valid(request, s, busy)]
    by_day: dict[date, list[Slot]] = {}
    tz = request.interviewer.tz
    for slot in valid:
        by_day.setdefault(slot.start.astimezone(tz).date(), []).append(slot)

    def comfort(slot: Slot) -> tuple[timedelta, float]:
        margin = min(
            _margin(request.interviewer, slot.start, slot.end),
            _margin(request.you, slot.start, slot.end),
        )
        return margin, -slot.start.timestamp()

    chosen: list[Slot] = []
    rounds = 0
    while len(chosen) < request.count and rounds < request.count:
        rounds += 1
        for day in sorted(by_day):
            if len(chosen) >= request.count:
                break
            options = [
                s for s in by_day[day] if not any(_overlaps(s, c, request.buffer) for c in chosen)
            ]
            if options:
                chosen.append(max(options, key=comfort))
    if len(chosen) < request.count:
        # Too few times that keep apart: the rest are alternatives close to those chosen.
        rest = sorted((s for s in valid if s not in chosen), key=comfort, reverse=True)
        chosen += rest[: request.count - len(chosen)]
    slots = tuple(sorted(chosen, key=lambda s: s.start))
    notes = () if len(slots) >= request.count else explain(request, len(slots), len(valid))
    return SlotResult(slots, notes)


def _overlaps(a: Slot, b: Slot, buffer: timedelta) -> bool:
    return a.start < b.end + buffer and b.start < a.end + buffer


def daily_overlap(request: SlotRequest, day: date) -> timedelta:
    """How long both parties' working hours overlap on a given interviewer day."""
    interviewer, you = request.interviewer, request.you
    open_a = wall_to_instant(datetime.combine(day, interviewer.hours[0]), interviewer.tz)[0]
    close_wall = datetime.combine(day, interviewer.hours[1])
    if interviewer.hours[1] <= interviewer.hours[0]:
        close_wall += timedelta(days=1)
    close_a = wall_to_instant(close_wall, interviewer.tz)[0]
    best = timedelta(0)
    for shift in (-1, 0, 1):
        other = day + timedelta(days=shift)
        open_b = wall_to_instant(datetime.combine(other, you.hours[0]), you.tz)[0]
        close_b_wall = datetime.combine(other, you.hours[1])
        if you.hours[1] <= you.hours[0]:
            close_b_wall += timedelta(days=1)
        close_b = wall_to_instant(close_b_wall, you.tz)[0]
        best = max(best, min(close_a, close_b) - max(open_a, open_b))
    return best


def _hours(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if minutes:
        return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def explain(request: SlotRequest, found: int, valid: int) -> tuple[str, ...]:
    """Why fewer slots than asked for, and which option to widen."""
    notes = [f"Found {found} of the {request.count} slots asked for."]
    first = (request.now + request.min_notice).astimezone(request.interviewer.tz).date()
    days = _business_days(request.interviewer, first, request.days)
    overlaps = [daily_overlap(request, d) for d in days] or [timedelta(0)]
    typical = max(overlaps)
    if typical < request.duration:
        notes.append(
            f"Your hours and the interviewer's overlap only {_hours(typical)} on working days, "
            f"less than the {_hours(request.duration)} needed: widen --hours or --interviewer-hours."
        )
    elif typical < 3 * request.duration:
        notes.append(
            f"Your hours and the interviewer's overlap only {_hours(typical)} on working days: "
            f"widen --hours or --interviewer-hours for more choice."
        )

    def yours(day: date) -> bool:
        """Whether the interviewer's hours on ``day`` fall on a working day of yours (your own
        local dates: across the date line, their Monday can be your Sunday)."""
        interviewer, you = request.interviewer, request.you
        open_at, close_at = interviewer.hours
        finish = datetime.combine(day, close_at)
        if close_at <= open_at:
            finish += timedelta(days=1)
        ends = (
            wall_to_instant(datetime.combine(day, open_at), interviewer.tz)[0],
            wall_to_instant(finish, interviewer.tz)[0] - timedelta(minutes=1),
        )
        local = {end.astimezone(you.tz).date() for end in ends}
        return any(d.weekday() not in you.weekend and d not in you.holidays for d in local)

    shared = sum(1 for d in days if yours(d))
    if shared < len(days):
        notes.append(
            f"{len(days) - shared} of the interviewer's {len(days)} working days are your weekend "
            f"or a public holiday for you."
        )
    if valid < request.count and typical >= request.duration:
        if request.interviewer.busy or request.you.busy:
            notes.append(
                "Busy time in the calendars and the buffer leave few free times: look further "
                "ahead with --days, or lower --buffer or --min-notice."
            )
        else:
            notes.append(
                f"Few shared working times in the next {len(days)} working days: look further "
                "ahead with --days, or lower --min-notice."
            )
    return tuple(notes)


def brute_force_valid(request: SlotRequest, slot: Slot) -> bool:
    """An independent, minute-by-minute validity check (for tests): every minute of the slot
    must be working time for both, and free of busy time widened by the buffer."""
    if slot.start < request.now + request.min_notice:
        return False
    minute = timedelta(minutes=1)
    moments = []
    at = slot.start
    while at < slot.end:
        moments.append(at)
        at += minute
    for party in (request.interviewer, request.you):
        local_start = slot.start.astimezone(party.tz)
        first_day = local_start.date()
        if party.hours[1] <= party.hours[0] and local_start.time() < party.hours[1]:
            first_day -= timedelta(days=1)  # after midnight: the shift began the day before
        for moment in moments:
            local = moment.astimezone(party.tz)
            if local.date() != first_day and party.hours[1] > party.hours[0]:
                return False
            if first_day.weekday() in party.weekend or first_day in party.holidays:
                return False
            if not _inside(local.replace(tzinfo=None).time(), *party.hours):
                return False
    for start, end in (*request.interviewer.busy, *request.you.busy):
        low, high = start - request.buffer, end + request.buffer
        if any(low <= m < high for m in moments):
            return False
    return True


def to_utc(values: Sequence[Interval]) -> tuple[Interval, ...]:
    """Busy intervals in UTC, sorted (convenience for callers)."""
    return tuple(sorted((s.astimezone(UTC), e.astimezone(UTC)) for s, e in values))
