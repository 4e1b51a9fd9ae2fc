"""Find events in calendar bytes without parsing them, and keep only those that can matter.

A calendar file of 50,000 events takes icalendar seconds to parse, even to look at one day. This
module splits the bytes at each ``BEGIN:VEVENT`` (one C-speed pass), reads each event's DTSTART,
DTEND or DURATION text with plain byte searches, and decides whether it can touch a window:

- a single event is kept when its dates come within two days of the window;
- an override (RECURRENCE-ID) is kept when its own dates or the occurrence it replaces can touch
  the window, or when it has RANGE=THISANDFUTURE;
- a recurring event (RRULE/RDATE) is kept unless its UNTIL ends before the window.

Kept events keep only the properties busy time and interview detection read (times, rules,
status, summary, organizer, one attendee): descriptions, attendee lists, alarms and vendor blobs
are most of icalendar's parsing time. Whoever needs an event's full
text (the agenda, for an interview) takes it from the original bytes with :func:`event_bytes`.

Anything the index cannot judge cheaply (a folded or odd value, several VCALENDARs) is kept, so
skipping never changes the result, only the time it takes. Tests compare the result with
icalendar plus recurring-ical-events over the whole file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

_DTSTART = re.compile(rb"\nDTSTART(?:;[^:\r\n\"]*)?:(\d{8})")
_DTEND = re.compile(rb"\nDTEND(?:;[^:\r\n\"]*)?:(\d{8})")
_DURATION = re.compile(rb"\nDURATION(?:;[^:\r\n\"]*)?:([^\r\n]*)")
_RECURRENCE_ID = re.compile(rb"\nRECURRENCE-ID((?:;[^:\r\n\"]*)?):(\d{8})")
_UID = re.compile(rb"\nUID:([^\r\n]*)")
_RULE = re.compile(rb"\n(RRULE|RDATE|EXRULE)[;:]([^\r\n]*)")
_UNTIL = re.compile(rb"UNTIL=(\d{8})")
_DURATION_VALUE = re.compile(
    rb"^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\s*$"
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
            last = None if days is None else _plus_days(first, days)
        else:
            last = _plus_days(first, 1)
    if last is None:
        return None
    return min(first, last), max(first, last)  # a DTEND before DTSTART: the two are swapped


def _plus_days(day: date, days: int) -> date | None:
    """``day`` plus ``days``, or None past the year 9999 (then the event is simply kept)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _touches(days: tuple[date, date] | None, first: date, last: date, extra: int = 0) -> bool:
    if days is None:
        return True
    # Compared in days since year 1, so dates near year 1 or 9999 cannot overflow.
    begins, ends = days[0].toordinal(), days[1].toordinal()
    slack = _SLACK.days
    return begins - slack - extra <= last.toordinal() and ends + slack >= first.toordinal()


def _line_value(event: bytes, name: bytes) -> bytes | None:
    """The value of the first ``name`` property line (``name`` starts with a newline).

    Returns b"?" when the line is folded (let the full parser read it), None when absent.
    Written with plain byte searches: it runs for every event of the file.
    """
    index = event.find(name)
    size = len(name)
    while index >= 0 and event[index + size : index + size + 1] not in (b":", b";"):
        index = event.find(name, index + 1)
    if index < 0:
        return None
    stop = event.find(b"\n", index + size)
    if stop < 0:
        stop = len(event)
    elif event[stop + 1 : stop + 2] in (b" ", b"\t"):
        return b"?"
    colon = event.rfind(b":", index, stop)
    return event[colon + 1 : stop].rstrip(b"\r")


def _date_number(value: bytes | None) -> int | None:
    if value is None or len(value) < 8 or not value[:8].isdigit():
        return None
    return int(value[:8])


_START_DAY = re.compile(rb"\nDTSTART(?:;[^\n]*)?:(\d{8})")
_END_DAY = re.compile(rb"\nDTEND(?:;[^\n]*)?:(\d{8})")
_MARKER = re.compile(rb"\n(?:RRULE|RDATE|EXRULE|RECURRENCE-ID)[;:]")


def _date_text(pattern: re.Pattern[bytes], data: bytes, start: int, stop: int) -> bytes | None:
    """The yyyymmdd of a DTSTART/DTEND line between ``start`` and ``stop``, or None (absent,
    folded, odd).

    As bytes, yyyymmdd compares in date order.
    """
    found = pattern.search(data, start, stop) if stop > start else None
    return found.group(1) if found else None


def _piece_bounds(data: bytes, separator: bytes) -> list[tuple[int, int]]:
    """(start, end) of each piece ``data.split(separator)`` would give, without the copy."""
    bounds = []
    start = 0
    size = len(separator)
    while True:
        found = data.find(separator, start)
        if found < 0:
            bounds.append((start, len(data)))
            return bounds
        bounds.append((start, found))
        start = found + size


def select_events(data: bytes, first: date, last: date) -> Selection:
    """A calendar holding the header, every VTIMEZONE, and the events that may touch the dates
    [first, last]. Files holding several VCALENDARs come back whole."""
    # One BEGIN and one END of VCALENDAR (the word anywhere else, rare, just means a full parse).
    if data.count(b"VCALENDAR") != 2:
        return Selection(data, -1, -1)
    newline = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
    # The file is cut at each event's BEGIN line (one fast C pass finding the offsets; the bytes
    # are not copied: a piece is sliced out only when it is kept). Every piece but the first is
    # one event followed by whatever comes before the next event (other components, or the end).
    separator = b"\nBEGIN:VEVENT"
    bounds = _piece_bounds(data, separator)
    if data.count(b"END:VEVENT") != len(bounds) - 1:
        return Selection(data, -1, -1)  # truncated or unbalanced: the full parser will say where
    header_end = bounds[0][1]
    header = data[:header_end] + b"\n"
    recurring = _pieces_with_markers(data, bounds)
    # Components written between or after events (a late VTIMEZONE) are rare: look only if any.
    scattered = data.find(b"\nBEGIN:V", header_end + len(separator)) >= 0 and any(
        data.find(b"\nBEGIN:" + name, header_end) >= 0
        for name in (b"VTIMEZONE", b"VTODO", b"VJOURNAL", b"VFREEBUSY")
    )
    low = b"%08d" % _number(first - _SLACK)
    high = b"%08d" % _number(last + _SLACK)
    kept: list[tuple[int, bytes]] = []  # (piece number, event bytes)
    for number in range(1, len(bounds)):
        start, end = bounds[number]
        if scattered:
            header += _components_after_event(data[start:end])
        if number not in recurring:
            # Only the event itself counts, not components written after it (rare: look then).
            stop = data.find(b"\nEND:VEVENT", start, end) if scattered else end
            stop = start - 1 if stop < 0 else stop  # (as piece.find's -1 cut the piece)
            begins_on = _date_text(_START_DAY, data, start, stop)
            if begins_on is not None:
                if begins_on > high and not _ends_before(data, start, stop, begins_on):
                    continue
                if begins_on < low and not _lasts_into(
                    data, start, stop, low, begins_on, first, last
                ):
                    continue
        event = _event_of(data[start:end])
        if event is None:
            return Selection(data, -1, -1)  # truncated: the full parser will say where
        kept.append((number, event))
    specials = [event for number, event in kept if number in recurring]
    master_days = _master_lengths(specials)
    overridden = _overridden(specials)
    chosen: list[bytes] = []
    for number, event in kept:
        decided = (
            _keep_event(event, first, last, master_days, overridden)
            if number in recurring
            else event
        )
        if decided is None:
            continue
        slim = _slim(decided, low)
        chosen.append(slim if slim.endswith(b"\n") else slim + newline)
    head = header.replace(b"END:VCALENDAR", b"")
    head = head if head.endswith(b"\n") else head + newline
    body = b"".join(chosen)
    if chosen:  # (nothing to parse otherwise)
        head = _unreferenced_zones_dropped(head, body)
    return Selection(head + body + b"END:VCALENDAR" + newline, len(chosen), len(bounds) - 1)


_ZONE_BLOCK = re.compile(rb"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE\r?\n", re.DOTALL)
_ZONE_ID = re.compile(rb"\nTZID:([^\r\n]*)\r?\n(?![ \t])")


def _unreferenced_zones_dropped(head: bytes, body: bytes) -> bytes:
    """The header without the VTIMEZONEs whose name appears nowhere else (in any case, in the
    header's other lines or in the events kept): nothing can refer to them. A vdir item carries
    every zone of the calendar and the events kept usually use one or none; a name written in
    an unusual way (escaped, quoted, folded) keeps its definition."""
    blocks = list(_ZONE_BLOCK.finditer(head))
    if not blocks:
        return head
    rest = (_ZONE_BLOCK.sub(b"", head) + body).lower()
    drop = []
    for block in blocks:
        found = _ZONE_ID.search(block.group(0))
        name = found.group(1).strip() if found else b""
        if not name or any(c in name for c in b'\\"') or name.lower() in rest:
            continue
        drop.append(block)
    for block in reversed(drop):
        head = head[: block.start()] + head[block.end() :]
    return head


def _ends_before(data: bytes, start: int, stop: int, begins_on: bytes) -> bool:
    """Whether the event (the bytes from ``start`` to ``stop``) has its DTEND written before its
    DTSTART (recurring-ical-events then swaps them)."""
    ends_on = _date_text(_END_DAY, data, start, stop)
    return ends_on is not None and ends_on < begins_on


def _lasts_into(
    data: bytes, start: int, stop: int, low: bytes, begins_on: bytes, first: date, last: date
) -> bool:
    """Whether an event that starts before the window (the bytes from ``start`` to ``stop``)
    lasts into it."""
    ends_on = _date_text(_END_DAY, data, start, stop)
    if ends_on is not None:
        return ends_on >= low
    event = data[start:stop]
    if _line_value(event, b"\nDTEND") is not None:
        return True  # a DTEND noshow cannot read cheaply: keep it
    duration = _line_value(event, b"\nDURATION")
    if duration is None:
        return False  # lasts a day at most (RFC 5545 default)
    days = _days(duration)
    start_day = _date(begins_on)
    end_day = None if days is None or start_day is None else _plus_days(start_day, days)
    if end_day is None or start_day is None:
        return True
    return _touches((start_day, end_day), first, last)


def _event_of(piece: bytes) -> bytes | None:
    """The VEVENT at the start of a piece (up to and including its END line)."""
    close = piece.find(b"\nEND:VEVENT")
    if close < 0:
        return None
    stop = piece.find(b"\n", close + 1)
    stop = len(piece) if stop < 0 else stop + 1
    return b"BEGIN:VEVENT" + piece[:stop]


def _components_after_event(piece: bytes) -> bytes:
    """Non-event components written after the VEVENT that starts this piece."""
    close = piece.find(b"\nEND:VEVENT")
    stop = piece.find(b"\n", close + 1) if close >= 0 else -1
    if stop < 0:
        return b""
    rest = piece[stop + 1 :]
    start = rest.find(b"BEGIN:")
    if start < 0:
        return b""
    end = rest.rfind(b"END:VCALENDAR")
    if end >= 0:
        return rest[start:end]
    # Not the last piece: the split at "\nBEGIN:VEVENT" took this block's final "\n".
    return rest[start:] + b"\n"


def _pieces_with_markers(data: bytes, bounds: list[tuple[int, int]]) -> set[int]:
    """Indices of the pieces holding RRULE, RDATE, EXRULE or RECURRENCE-ID lines.

    One regular-expression pass over the whole file (markers are rare) beats searching every
    event for each of them.
    """
    # Each piece's offset is where its separator starts (the first piece's: 0).
    offsets = [0, *(end for _, end in bounds[:-1])]
    return {bisect.bisect_right(offsets, m.start()) - 1 for m in _MARKER.finditer(data)}


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


def _overridden(events: list[bytes]) -> set[bytes]:
    """The UIDs that have overrides (RECURRENCE-ID) among these events."""
    found = set()
    for event in events:
        if _RECURRENCE_ID.search(event):
            uid = _UID.search(event)
            found.add(uid.group(1).strip() if uid else b"")
    return found


def _keep_event(
    block: bytes,
    first: date,
    last: date,
    master_days: dict[bytes, int],
    overridden: frozenset[bytes] | set[bytes] = frozenset(),
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
    uid = _UID.search(block)
    if (
        rules
        and own is not None
        # In days since year 1: a DTSTART in year 1 must not overflow.
        and own[0].toordinal() - _SLACK.days > last.toordinal()
        and uid is not None
        and uid.group(1).strip() not in overridden
        and b"" not in overridden
    ):
        return None  # a series that starts after the window: every occurrence is later
    untils = [_UNTIL.search(m.group(2)) for m in rules]
    if untils and all(u is not None for u in untils):
        ended = max(_date(u.group(1)) or date.max for u in untils if u is not None)
        length = (own[1] - own[0]).days if own else 10_000
        # In days since year 1: UNTIL=99991231T235959Z must not overflow (it never ends).
        if ended.toordinal() + _SLACK.days + length < first.toordinal():
            return None
    return block


#: The properties busy time and interview detection read; everything else is left out of the
#: parse (descriptions, attendee lists, alarms, vendor blobs are most of icalendar's time).
_KEEP = frozenset(
    {
        b"UID",
        b"DTSTART",
        b"DTEND",
        b"DURATION",
        b"RRULE",
        b"RDATE",
        b"EXDATE",
        b"EXRULE",
        b"RECURRENCE-ID",
        b"SEQUENCE",
        b"STATUS",
        b"TRANSP",
        b"SUMMARY",
        b"CATEGORIES",
        b"ORGANIZER",
        b"ATTENDEE",
        b"X-NOSHOW-KIND",  # noshow's own components are never interviews
        b"RELATED-TO",  # ...and never in the way of the interview they belong to
    }
)
_NAME_END = re.compile(rb"[;:]")


def _before(line: bytes, low: bytes) -> bool:
    """Whether every date in an (unfolded) EXDATE line is before ``low`` (yyyymmdd)."""
    # The value starts after the first colon: a second one means an odd line (a quoted TZID,
    # a broken "EXDATE:TZID=...:..."), which is kept for the parser to judge, like the plain path.
    values = line.split(b":", 1)[-1].strip().split(b",")
    return all(len(v) >= 8 and v[:8].isdigit() and v[:8] < low for v in values)


def _slim(block: bytes, low: bytes = b"") -> bytes:
    """An event with only the properties in ``_KEEP`` (one ATTENDEE is enough) and no nested
    components; its times and rules are untouched. EXDATEs that only exclude occurrences
    before ``low`` (yyyymmdd) go too: they cannot change the window."""
    kept: list[bytes] = []
    depth = 0
    keeping = False
    attendee = False
    lines = block.split(b"\n")
    for index, line in enumerate(lines):
        if line[:1] in (b" ", b"\t"):
            if keeping and depth == 1:
                kept.append(line)
            continue
        if line.startswith(b"BEGIN:"):
            depth += 1
            keeping = depth == 1
            if keeping:
                kept.append(line)
            continue
        if line.startswith(b"END:"):
            if depth == 1:
                kept.append(line)
            depth -= 1
            keeping = False
            continue
        cut = _NAME_END.search(line)
        name = line[: cut.start()].upper() if cut else b""
        keeping = depth == 1 and name in _KEEP and not (name == b"ATTENDEE" and attendee)
        attendee = attendee or (keeping and name == b"ATTENDEE")
        if keeping and name == b"EXDATE" and low:
            folded = index + 1 < len(lines) and lines[index + 1][:1] in (b" ", b"\t")
            keeping = folded or not _before(line, low)
        if keeping:
            kept.append(line)
    return b"\n".join(kept)


def event_bytes(data: bytes, uid: str) -> list[bytes]:
    """The full bytes of every VEVENT in ``data`` whose UID is ``uid`` (master and overrides)."""
    found = []
    fold = rb"(?:\r?\n[ \t])?"  # long UIDs (Outlook's) are folded anywhere
    value = fold + fold.join(re.escape(bytes([byte])) for byte in uid.encode())
    needle = re.compile(rb"\nUID:" + value + rb"\r?\n")
    for match in needle.finditer(data):
        start = data.rfind(b"BEGIN:VEVENT", 0, match.start())
        end = data.find(b"END:VEVENT", match.end())
        if start >= 0 and end >= 0:
            found.append(data[start : end + len(b"END:VEVENT")] + b"\r\n")
    return found
