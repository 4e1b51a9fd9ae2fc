"""Find events in calendar bytes without parsing them, and keep only those that can matter.

A calendar file of 50,000 events takes icalendar seconds to parse, even to look at one day. This
module splits the bytes at each ``BEGIN:VEVENT`` (one C-speed pass), reads each event's DTSTART,
DTEND or DURATION text with plain byte searches, and decides whether it can touch a window:

- a single event is kept when its dates come within two days of the window;
- an override (RECURRENCE-ID) is kept when its own dates or the occurrence it replaces can touch
  the window, or when it has RANGE=THISANDFUTURE;
- a recurring event (RRULE/RDATE) is kept unless its UNTIL ends before the window.

Kept events lose their long text properties (DESCRIPTION, attachments, Outlook blobs): busy time
never needs them, and they are most of icalendar's parsing time. Whoever needs an event's full
text (the agenda, for an interview) takes it from the original bytes with :func:`event_bytes`.

Anything the index cannot judge cheaply (a folded or odd value, several VCALENDARs) is kept, so
skipping never changes the result, only the time it takes. Tests compare the result with
icalendar plus recurring-ical-events over the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_DTSTART = re.compile(rb"\nDTSTART(?:;[^:\r\n\"]*)?:(\d{8})")
_DTEND = re.compile(rb"\nDTEND(?:;[^:\r\n\"]*)?:(\d{8})")
_DURATION = re.compile(rb"\nDURATION(?:;[^:\r\n\"]*)?:([^\r\n]*)")
_RECURRENCE_ID = re.compile(rb"\nRECURRENCE-ID((?:;[^:\r\n\"]*)?):(\d{8})")
_UID = re.compile(rb"\nUID:([^\r\n]*)")
_RULE = re.compile(rb"\n(RRULE|RDATE|EXRULE)[;:]([^\r\n]*)")
_MARKERS = (b"\nRRULE", b"\nRDATE", b"\nEXRULE", b"\nRECURRENCE-ID")
_UNTIL = re.compile(rb"UNTIL=(\d{8})")
_DURATION_VALUE = re.compile(
    rb"^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\s*$"
)
#: Text properties an event can do without when only its times matter.
_BULKY = re.compile(
    rb"\n(?:DESCRIPTION|X-ALT-DESC|ATTACH|COMMENT|X-MICROSOFT-CDO-[A-Z-]*|X-MS-OLK-[A-Z-]*)[;:]"
    rb"[^\n]*(?:\n[ \t][^\n]*)*"
)
#: Slack around the window for the offset between any zone and UTC (at most 14 hours) and for
#: the day boundary: an event is kept when its dates come within this of the window.
_SLACK = timedelta(days=2)


@dataclass(frozen=True)
class Selection:
    """The smaller calendar, and how much of the file it holds."""

    data: bytes
    events_kept: int
    events_total: int


def _date(raw: bytes) -> date | None:
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None


def _days(raw: bytes) -> int | None:
    match = _DURATION_VALUE.match(raw.strip())
    if not match:
        return None
    weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return weeks * 7 + days + (hours * 3600 + minutes * 60 + seconds + 86399) // 86400


def _span_days(data: bytes, start: int, end: int) -> tuple[date, date] | None:
    """The first and last dates an event's own DTSTART..DTEND covers, or None when unsure."""
    found = _DTSTART.search(data, start, end)
    if found is None:
        return None  # missing or odd: parse it
    first = _date(found.group(1))
    if first is None:
        return None
    ending = _DTEND.search(data, start, end)
    if ending is not None:
        last = _date(ending.group(1))
    else:
        duration = _DURATION.search(data, start, end)
        if duration is not None:
            days = _days(duration.group(1))
            last = None if days is None else first + timedelta(days=days)
        else:
            last = first + timedelta(days=1)
    if last is None:
        return None
    return first, max(first, last)


def _touches(days: tuple[date, date] | None, first: date, last: date, extra: int = 0) -> bool:
    if days is None:
        return True
    return days[0] - _SLACK - timedelta(days=extra) <= last and days[1] + _SLACK >= first


def _line_value(event: bytes, name: bytes) -> bytes | None:
    """The value of the first ``name`` property line in an event, b"?" when folded or odd."""
    index = event.find(name)
    while index >= 0 and event[index + len(name) : index + len(name) + 1] not in (b":", b";"):
        index = event.find(name, index + 1)
    if index < 0:
        return None
    stop = event.find(b"\n", index + 1)
    stop = len(event) if stop < 0 else stop
    if event[stop + 1 : stop + 2] in (b" ", b"\t"):
        return b"?"  # folded: let the full parser read it
    line = event[index:stop].rstrip(b"\r")
    return line[line.rfind(b":") + 1 :]


def _date_number(value: bytes | None) -> int | None:
    if value is None or len(value) < 8 or not value[:8].isdigit():
        return None
    return int(value[:8])


def select_events(data: bytes, first: date, last: date) -> Selection:
    """A calendar holding the header, every VTIMEZONE, and the events that may touch the dates
    [first, last]. Files holding several VCALENDARs come back whole."""
    if data.count(b"BEGIN:VCALENDAR") != 1:
        return Selection(data, -1, -1)
    newline = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
    # Splitting at each event's BEGIN line is a single fast C pass; every piece but the first is
    # one event followed by whatever comes before the next event (other components, or the end).
    pieces = data.split(b"\nBEGIN:VEVENT")
    header = pieces[0] + b"\n"
    low = _number(first - _SLACK)
    high = _number(last + _SLACK)
    kept: list[bytes] = []
    special: list[int] = []  # positions in ``kept`` of recurring masters and overrides
    specials: list[bytes] = []
    for piece in pieces[1:]:
        close = piece.find(b"\nEND:VEVENT")
        if close < 0:
            return Selection(data, -1, -1)  # truncated: the full parser will say where
        stop = piece.find(b"\n", close + 1)
        stop = len(piece) if stop < 0 else stop + 1
        event = b"BEGIN:VEVENT" + piece[:stop]
        rest = piece[stop:]
        if b"BEGIN:" in rest:
            header += _components_between(rest)
        if any(marker in event for marker in _MARKERS):
            special.append(len(kept))
            specials.append(event)
            kept.append(event)
            continue
        begins_on = _date_number(_line_value(event, b"\nDTSTART"))
        if begins_on is None:
            kept.append(event)
            continue
        if begins_on > high:
            continue
        if begins_on < low:
            # Started before the window: does it last into it?
            end_value = _line_value(event, b"\nDTEND")
            if end_value is not None:
                ends_on = _date_number(end_value)
                if ends_on is not None and ends_on < low:
                    continue
            else:
                duration = _line_value(event, b"\nDURATION")
                if duration is None:
                    continue  # lasts a day at most (RFC 5545 default)
                days = _days(duration)
                start_day = _date(str(begins_on).encode())
                if days is not None and start_day is not None and not _touches(
                    (start_day, start_day + timedelta(days=days)), first, last
                ):
                    continue
        kept.append(event)
    master_days = _master_lengths(specials)
    for position in reversed(special):
        chosen = _keep_event(kept[position], first, last, master_days)
        if chosen is None:
            del kept[position]
        else:
            kept[position] = chosen
    body = b"".join(_slim(e) if e.endswith(b"\n") else _slim(e) + newline for e in kept)
    head = header.replace(b"END:VCALENDAR", b"")
    head = head if head.endswith(b"\n") else head + newline
    return Selection(head + body + b"END:VCALENDAR" + newline, len(kept), len(pieces) - 1)


def _components_between(rest: bytes) -> bytes:
    """Non-event components (a VTIMEZONE written after the events) from between two events."""
    start = rest.find(b"BEGIN:")
    end = rest.rfind(b"END:VCALENDAR")
    return rest[start : end if end >= 0 else len(rest)]


def _number(day: date) -> int:
    """A date as the integer its iCalendar text reads as (yyyymmdd): same order as dates."""
    return day.year * 10_000 + day.month * 100 + day.day


def _master_lengths(events: list[bytes]) -> dict[bytes, int]:
    """Days spanned by one occurrence of each recurring master, by UID (for its overrides)."""
    lengths: dict[bytes, int] = {}
    for event in events:
        if _RULE.search(event) and not _RECURRENCE_ID.search(event):
            uid = _UID.search(event)
            if uid is None:
                continue
            days = _span_days(event, 0, len(event))
            length = (days[1] - days[0]).days if days else 10_000
            key = uid.group(1).strip()
            lengths[key] = max(lengths.get(key, 0), length)
    return lengths


def _keep_event(
    block: bytes, first: date, last: date, master_days: dict[bytes, int]
) -> bytes | None:
    """A recurring master's or override's bytes if it may touch the window, else None."""
    own = _span_days(block, 0, len(block))
    override = _RECURRENCE_ID.search(block)
    if override is not None:
        replaced = _date(override.group(2))
        uid = _UID.search(block)
        length = master_days.get(uid.group(1).strip(), 10_000) if uid else 10_000
        if b"THISANDFUTURE" in override.group(1).upper() or replaced is None:
            return block
        if _touches(own, first, last) or _touches((replaced, replaced), first, last, length):
            return block
        return None
    rules = list(_RULE.finditer(block))
    if any(m.group(1) != b"RRULE" for m in rules):
        return block  # RDATE/EXRULE: dates anywhere, keep
    untils = [_UNTIL.search(m.group(2)) for m in rules]
    if untils and all(u is not None for u in untils):
        ended = max(_date(u.group(1)) or date.max for u in untils if u is not None)
        length = (own[1] - own[0]).days if own else 10_000
        if ended + _SLACK + timedelta(days=length) < first:
            return None
    return block


def _slim(block: bytes) -> bytes:
    """An event without its long text properties (its times and rules untouched)."""
    return _BULKY.sub(b"", block)


def event_bytes(data: bytes, uid: str) -> list[bytes]:
    """The full bytes of every VEVENT in ``data`` whose UID is ``uid`` (master and overrides)."""
    found = []
    needle = re.compile(rb"\nUID:" + re.escape(uid.encode()) + rb"\r?\n")
    for match in needle.finditer(data):
        start = data.rfind(b"BEGIN:VEVENT", 0, match.start())
        end = data.find(b"END:VEVENT", match.end())
        if start >= 0 and end >= 0:
            found.append(data[start : end + len(b"END:VEVENT")] + b"\r\n")
    return found
