"""The pictures of the page as geometry: a day strip in both zones, and a week grid of slots.

Pure functions from instants to boxes in SVG user units; the templates only draw them. Every
position comes from an exact instant, so a half-hour zone's whole hours sit half an hour off the
other row's, as they really are. Hours are found by sampling every 15 minutes in UTC (every
zone's offset today is a multiple of 15 minutes), which stays right across DST changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from noshow.calendars.busy import BusyEvent
from noshow.drafts import Moment
from noshow.model import Invite
from noshow.rules import CheckSettings
from noshow.slots import SlotRequest, SlotResult, candidates, exclusion
from noshow.timefmt import abbreviation, in_zone
from noshow.zones import offset_text, zone

#: Width of every picture in SVG user units (it scales to the page).
WIDTH = 720.0
#: Hours shown either side of the interview in the day strip.
STRIP_MARGIN = timedelta(hours=5)
_QUARTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Box:
    """A horizontal span: ``x`` and ``width`` in user units, what it is, and its words."""

    x: float
    width: float
    kind: str
    label: str = ""
    number: int = 0  # a proposed slot's option number


@dataclass(frozen=True)
class Tick:
    """A whole hour on a row: where, and the local time (and, in the grid, yours under it)."""

    x: float
    label: str
    second: str = ""


@dataclass(frozen=True)
class StripRow:
    """One zone's row of the day strip."""

    who: str
    heading: str  # "organizer: Asia/Kolkata, IST (UTC+05:30)"
    ticks: tuple[Tick, ...]
    nights: tuple[Box, ...]


@dataclass(frozen=True)
class Strip:
    """The day strip: both zones' hours around the interview, your busy time and buffers."""

    rows: tuple[StripRow, ...]
    interview: Box
    busy: tuple[Box, ...]
    buffers: tuple[Box, ...]
    description: str
    width: float = WIDTH


class _Scale:
    def __init__(self, start: datetime, end: datetime) -> None:
        self.start, self.end = start, end
        self.seconds = (end - start).total_seconds()

    def x(self, instant: datetime) -> float:
        ratio = (instant - self.start).total_seconds() / self.seconds
        return round(min(max(ratio, 0.0), 1.0) * WIDTH, 2)

    def box(self, start: datetime, end: datetime, kind: str, label: str = "") -> Box | None:
        if end <= self.start or start >= self.end:
            return None
        left, right = self.x(start), self.x(end)
        return Box(left, round(max(right - left, 1.0), 2), kind, label)

    def quarters(self) -> Iterable[datetime]:
        epoch = int(self.start.timestamp())
        first = self.start + timedelta(seconds=(-epoch) % 900)
        instant = first
        while instant <= self.end:
            yield instant
            instant += _QUARTER


def _inside(clock: time, start: time, end: time) -> bool:
    if start <= end:
        return start <= clock < end
    return clock >= start or clock < end


def _runs(scale: _Scale, zone_name: str, start: time, end: time, kind: str) -> tuple[Box, ...]:
    """The spans of the window whose local time in ``zone_name`` lies in [start, end)."""
    tz = zone(zone_name)
    boxes: list[Box] = []
    begun: datetime | None = None
    for instant in scale.quarters():
        inside = _inside(instant.astimezone(tz).time(), start, end)
        if inside and begun is None:
            begun = instant
        elif not inside and begun is not None:
            box = scale.box(max(begun, scale.start), instant, kind)
            if box is not None:
                boxes.append(box)
            begun = None
    if begun is not None:
        box = scale.box(max(begun, scale.start), scale.end, kind)
        if box is not None:
            boxes.append(box)
    return tuple(boxes)


def _hour_ticks(
    scale: _Scale, zone_name: str, every: int = 1, second: str | None = None
) -> tuple[Tick, ...]:
    tz = zone(zone_name)
    other = zone(second) if second else None
    ticks = []
    for instant in scale.quarters():
        local = instant.astimezone(tz)
        if local.minute == 0 and local.hour % every == 0:
            below = f"{instant.astimezone(other):%H:%M}" if other else ""
            ticks.append(Tick(scale.x(instant), f"{local:%H:%M}", below))
    return tuple(ticks)


def heading(who: str, zone_name: str, instant: datetime) -> str:
    """``organizer: Asia/Kolkata, IST (UTC+05:30)``."""
    local = in_zone(instant, zone_name)
    return f"{who}: {zone_name}, {abbreviation(local)} ({offset_text(local.utcoffset())})"


def day_strip(
    invite: Invite,
    you_zone: str,
    settings: CheckSettings,
    busy: Sequence[BusyEvent] | None = None,
    buffer: timedelta | None = None,
) -> Strip | None:
    """The strip for one invite (None for all-day or very long events). ``busy`` is your
    calendars' busy time near it and ``buffer`` the time you need around it, when calendars are
    configured."""
    start = invite.start.instant
    end = invite.end.instant if invite.end else start + timedelta(minutes=30)
    if invite.all_day or end - start > timedelta(hours=14):
        return None
    scale = _Scale(start - STRIP_MARGIN, end + STRIP_MARGIN)
    every = 1 if scale.seconds <= 16 * 3600 else 2
    rows = []
    zones: list[tuple[str, str]] = []
    if invite.organizer_zone:
        zones.append(("organizer", invite.organizer_zone))
    zones.append(("you", you_zone))
    for who, name in zones:
        nights = _runs(scale, name, settings.night_start, settings.night_end, "night")
        rows.append(
            StripRow(who, heading(who, name, start), _hour_ticks(scale, name, every), nights)
        )
    interview = scale.box(start, end, "interview", invite.summary or "the interview")
    assert interview is not None  # the window is built around it
    busy_boxes: list[Box] = []
    for event in busy or ():
        box = scale.box(event.start, event.end, "busy", event.summary or "(busy)")
        if box is not None:
            busy_boxes.append(box)
    buffers: list[Box] = []
    if buffer is not None and buffer > timedelta(0):
        for left, right in ((start - buffer, start), (end, end + buffer)):
            box = scale.box(
                left, right, "buffer", f"{int(buffer.total_seconds() // 60)} min buffer"
            )
            if box is not None:
                buffers.append(box)
    parts = []
    for who, name in zones:
        parts.append(f"{who}: {Moment.of(start, end, name).line}")
    if busy is not None:
        parts.append(
            f"{len(busy_boxes)} busy {'entry' if len(busy_boxes) == 1 else 'entries'} in your "
            "calendars nearby"
        )
    return Strip(tuple(rows), interview, tuple(busy_boxes), tuple(buffers), "; ".join(parts))


@dataclass(frozen=True)
class GridRow:
    """One day of the interviewer's, midnight to midnight in their zone."""

    label: str  # "Mon 7 Dec"
    ticks: tuple[Tick, ...]  # every 3 hours: their time, and yours under it
    hours: tuple[Box, ...]  # "their-hours" and "your-hours" bands
    busy: tuple[Box, ...]
    cells: tuple[Box, ...]  # every candidate start: "proposed", "free" or "excluded" (reason)
    reasons: tuple[str, ...]  # "12 times outside your working hours", ...


@dataclass(frozen=True)
class Grid:
    """The week grid of `noshow slots`: one row per day of the interviewer's."""

    rows: tuple[GridRow, ...]
    their_zone: str
    you_zone: str
    description: str
    width: float = WIDTH


def week_grid(request: SlotRequest, result: SlotResult, their_zone: str) -> Grid:
    """Every day the engine looked at, with both parties' working hours, busy time, and each
    candidate start marked proposed, free, or excluded with the reason."""
    tz = zone(their_zone)
    found = candidates(request)
    proposed = {s.start: n for n, s in enumerate(result.slots, start=1)}
    if not found:
        return Grid((), their_zone, request.you.zone, "No candidate times in the horizon.")
    first = found[0].start.astimezone(tz).date()
    last = found[-1].start.astimezone(tz).date()
    rows: list[GridRow] = []
    day = first
    while day <= last:
        midnight = datetime.combine(day, time(), tzinfo=tz)
        scale = _Scale(midnight, datetime.combine(day + timedelta(days=1), time(), tzinfo=tz))
        cells: list[Box] = []
        counts: dict[str, int] = {}
        for slot in found:
            if slot.start.astimezone(tz).date() != day:
                continue
            step = request.step
            if slot.start in proposed:
                number = proposed[slot.start]
                label = f"option {number}: {Moment.of(slot.start, slot.end, their_zone).time}"
                kind = "proposed"
            else:
                why = exclusion(request, slot)
                if why is None:
                    kind, label = "free", "free, not proposed (others fit better)"
                else:
                    kind, label = "excluded", why
                    counts[why] = counts.get(why, 0) + 1
            box = scale.box(slot.start, slot.start + step, kind, label)
            if box is not None:
                cells.append(replace(box, number=proposed.get(slot.start, 0)))
        hours: list[Box] = []
        for party, kind in ((request.interviewer, "their-hours"), (request.you, "your-hours")):
            for box in _runs(scale, party.zone, party.hours[0], party.hours[1], kind):
                hours.append(box)
        busy: list[Box] = []
        for who, intervals in (
            ("the interviewer", request.interviewer.busy),
            ("you", request.you.busy),
        ):
            for start, end in intervals:
                box = scale.box(start, end, "busy", f"{who}: busy")
                if box is not None:
                    busy.append(box)
        off = []
        if day.weekday() in request.interviewer.weekend or day in request.interviewer.holidays:
            off.append("a day off for the interviewer (weekend or public holiday)")
        reasons = tuple(off) + tuple(
            f"{n} {'time' if n == 1 else 'times'}: {why}" for why, n in counts.items()
        )
        rows.append(
            GridRow(
                f"{day:%a} {day.day} {day:%b}",
                tuple(
                    t for t in _hour_ticks(scale, their_zone, 3, request.you.zone) if t.x < WIDTH
                ),
                tuple(hours),
                tuple(busy),
                tuple(cells),
                reasons,
            )
        )
        day += timedelta(days=1)
    description = (
        f"{len(rows)} days in the interviewer's zone {their_zone}; "
        f"{len(result.slots)} proposed {'time' if len(result.slots) == 1 else 'times'}"
    )
    return Grid(tuple(rows), their_zone, request.you.zone, description)
