"""Busy time in a window, from calendar bytes: fast, bounded, and equal to the plain pipeline.

The plain pipeline a user would write is ``icalendar.Calendar.from_ical`` on the whole file and
``recurring_ical_events.of(calendar).between(start, end)``. noshow gets the same intervals by
feeding that same pipeline only the components that can matter (see :mod:`noshow.calendars.scan`),
after two safety steps: custom VTIMEZONE ids are made unique per definition (icalendar caches
custom zones process-wide by TZID), and recurrence rules that would need an absurd number of steps
to reach the window are refused instead of expanded.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import available_timezones

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
import x_wr_timezone
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from noshow.calendars.forward import fast_forward
from noshow.calendars.scan import select_events
from noshow.errors import InviteError
from noshow.parsing.ics import check_structure
from noshow.parsing.text import decode_text
from noshow.zonedef import MAX_BLOCKS
from noshow.zones import canonical_iana, defuse_tzids, wall_to_instant, windows_zone, zone

#: Most occurrences noshow keeps from one calendar for one window.
MAX_OCCURRENCES = 20_000
#: Most rule steps one recurring event may need to reach the end of the window.
MAX_RULE_STEPS = 500_000

_FREQ_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 28 * 86400,
    "YEARLY": 365 * 86400,
}
_BY_PARTS = (
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
)


@dataclass(frozen=True)
class Window:
    """A span of time, as aware UTC datetimes."""

    start: datetime
    end: datetime

    def dates(self) -> tuple[date, date]:
        """The UTC dates the window touches."""
        return self.start.astimezone(UTC).date(), self.end.astimezone(UTC).date()


@dataclass(frozen=True)
class BusyEvent:
    """One occurrence that takes up time."""

    start: datetime
    end: datetime
    summary: str
    uid: str
    source: str
    all_day: bool = False
    #: For noshow's own blocks: the UID of the interview they were added for (RELATED-TO).
    serves: str = ""


@dataclass(frozen=True)
class CalendarRead:
    """What one calendar gave for one window."""

    source: str
    busy: tuple[BusyEvent, ...]
    components: tuple[Any, ...]  # every VEVENT occurrence in the window, busy or not
    problems: tuple[str, ...]
    events_in_file: int
    events_parsed: int
    method: str | None = None


# -- isolating custom time zones ---------------------------------------------------------------

_FOLD = re.compile(rb"\r?\n[ \t]")
_VTIMEZONE = re.compile(rb"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE", re.DOTALL | re.IGNORECASE)
# The TZID property of a VTIMEZONE: a TEXT value, so "Kuala Lumpur\, Singapore" is escaped.
_TZID_LINE = re.compile(rb"^TZID(?:;[^:\r\n]*)?:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)
# A TZID parameter (RFC 5545: parameter names are case-insensitive; a value with ",;:" is quoted).
_TZID_PARAM = re.compile(rb'(;TZID=)("[^"\r\n]*"|(?:\\.|[^;:,"\r\n\\])*)', re.IGNORECASE)
_TEXT_ESCAPES = re.compile(r"\\([\\;,nN])")


def _tzid_key(raw: bytes) -> str:
    """A TZID as icalendar names it: quotes and TEXT escapes removed, surrounding space gone."""
    text = raw.decode("utf-8", "replace").strip().strip('"')
    text = _TEXT_ESCAPES.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)
    return text.strip()


@functools.cache
def _tzdata_names() -> frozenset[str]:
    return frozenset(available_timezones())


def _tzdata_knows(key: str) -> bool:
    """Whether icalendar takes this TZID from tzdata and never caches a definition for it."""
    return key in _tzdata_names() or key.strip("/") in _tzdata_names()


def _global_guess(key: str) -> bool:
    """A "/vendor/Europe/Berlin" TZID: icalendar strips the vendor prefix when undefined."""
    parts = key.strip("/").split("/")
    return key.startswith("/") and any(
        "/".join(parts[i:]) in _tzdata_names() for i in range(1, len(parts))
    )


def isolate_timezones(data: bytes) -> bytes:
    """Make every time zone definition private to ``data``, and every reference unambiguous.

    icalendar caches a VTIMEZONE under its TZID for the whole process whenever tzdata does not
    know the name: custom names, Windows names ("W. Europe Standard Time") and vendor paths
    alike. Without this, the second calendar that defines "Customized Time Zone" (or a Windows
    name) would be read with the first one's rules, and a calendar that names a Windows zone
    without defining it would get whatever definition an earlier file left in the cache.

    So each such definition gets an id unique to its rules, and every TZID parameter that names
    it is rewritten to match, whatever its spelling (RFC 5545: case-insensitive parameter names,
    quoted values, TEXT escapes in the TZID property such as ``Kuala Lumpur\\, Singapore``). A
    Windows name that this file does not define becomes its IANA zone, and another undefined
    unknown name an id no file defines: what icalendar does in a fresh process.
    """
    data = _FOLD.sub(b"", data)
    renames: dict[str, bytes] = {}
    blocks: list[tuple[bytes, bytes]] = []
    for found in _VTIMEZONE.finditer(data):
        block = found.group(0)
        match = _TZID_LINE.search(block)
        if not match:
            continue
        key = _tzid_key(match.group(1))
        if not key or _tzdata_knows(key) or key in renames:
            continue
        digest = hashlib.sha256(block.replace(match.group(1), b"")).hexdigest()[:16]
        new = b"noshow-tz-" + digest.encode()
        renames[key] = new
        start, stop = match.span(1)
        blocks.append((block, block[:start] + new + block[stop:]))
    for old, new in blocks:
        data = data.replace(old, new, 1)

    def reference(match: re.Match[bytes]) -> bytes:
        key = _tzid_key(match.group(2))
        if key in renames:
            return match.group(1) + renames[key]
        if _tzdata_knows(key) or _global_guess(key) or not key:
            return match.group(0)
        olson = WINDOWS_TO_OLSON.get(key.strip("/"))
        if olson:
            return match.group(1) + olson.encode()
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return match.group(1) + b"noshow-undefined-" + digest.encode()

    return _TZID_PARAM.sub(reference, data)


def _apply_x_wr_timezone(calendar: Any) -> Any:
    """A Google calendar's X-WR-TIMEZONE applied as the plain pipeline does (x-wr-timezone):
    its UTC times become that zone's wall-clock times, so a weekly series in UTC follows the
    zone's daylight saving time. An unusable value ("Eastern") changes nothing."""
    value = calendar.get("X-WR-TIMEZONE")
    name = canonical_iana(str(value).strip()) if value is not None else None
    if not name:
        return calendar
    try:
        return x_wr_timezone.to_standard(calendar, timezone=zone(name))
    except (OverflowError, ValueError) as exc:  # a time at the edge of year 1 or 9999
        raise InviteError(
            f"X-WR-TIMEZONE {name} cannot be applied to a time out of range ({exc})"
        ) from exc


# -- bounding recurrence ------------------------------------------------------------------------


def rule_steps(component: Any, until: datetime, since: datetime | None = None) -> int:
    """An upper estimate of the rule steps needed to expand ``component`` up to ``until`` (from
    ``since`` when later than its start: the occurrences within a window)."""
    rules = component.get("RRULE")
    if rules is None:
        return 0
    start = getattr(component.get("DTSTART"), "dt", None)
    if not isinstance(start, date):
        return 0
    if not isinstance(start, datetime):
        start = datetime(start.year, start.month, start.day, tzinfo=UTC)
    elif start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    if since is not None:
        start = max(start, since)
    span = max((until - start).total_seconds(), 0.0)
    worst = 0
    for rule in rules if isinstance(rules, list) else [rules]:
        freq = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
        interval = int((rule.get("INTERVAL") or [1])[0] or 1)
        steps = span / (_FREQ_SECONDS.get(freq, 1) * max(interval, 1)) + 1
        count = rule.get("COUNT")
        factor = 1
        for part in _BY_PARTS:
            values = rule.get(part)
            if values:
                factor *= len(values)
        if count:
            steps = min(steps, int(count[0]))
        worst = max(worst, int(steps * factor))
    return worst


def _refuse_runaway_rules(calendar: Any, window: Window, original: bytes = b"") -> list[str]:
    problems = []
    dropped: set[int] = set()
    for component in calendar.subcomponents:
        if component.name != "VEVENT" or "RRULE" not in component:
            continue
        try:
            steps = rule_steps(component, window.end)
            # One event alone filling the window (FREQ=SECONDLY starting inside it) is skipped,
            # not allowed to end the whole calendar's read at MAX_OCCURRENCES.
            inside = rule_steps(component, window.end, since=window.start)
        except (ValueError, TypeError, OverflowError):
            steps, inside = MAX_RULE_STEPS + 1, 0
        if steps > MAX_RULE_STEPS or inside > MAX_OCCURRENCES:
            dropped.add(id(component))
            rules = component["RRULE"]
            rule = (rules[0] if isinstance(rules, list) else rules).to_ical()
            how = (
                f"about {steps:,} steps to reach the window"
                if steps > MAX_RULE_STEPS
                else f"about {inside:,} occurrences in the window"
            )
            problems.append(
                f"{_where(original, component)}: RRULE "
                f"{rule.decode('utf-8', 'replace')[:80]} recurs too often ({how}); skipped"
            )
    _remove(calendar, dropped)
    return problems


def _remove(calendar: Any, dropped: set[int]) -> None:
    """Leave out the components with these ids (by identity: list.remove compares whole
    components, quadratic when many are dropped)."""
    if dropped:
        calendar.subcomponents = [c for c in calendar.subcomponents if id(c) not in dropped]


# -- unreadable values: one problem each, the rest of the calendar still used -----------------

#: Most problem lines one calendar gives for one window (the rest are counted).
MAX_PROBLEMS = 20


def _line_of(original: bytes, needle: bytes) -> int | None:
    """The 1-based line of the first ``needle`` in the calendar's own bytes, if there."""
    index = original.find(needle)
    return None if index < 0 else original.count(b"\n", 0, index) + 1


def _where(original: bytes, component: Any) -> str:
    """``event 'uid' (line N)``: how a problem names an event (its UID line in the file)."""
    uid = str(component.get("UID", "?"))
    line = _line_of(original, b"\nUID:" + uid.encode("utf-8", "replace")) if uid != "?" else None
    return f"line {line + 1}: event {uid[:80]!r}" if line else f"event {uid[:80]!r}"


def _unreadable(component: Any) -> str | None:
    """Why a VEVENT cannot be used (a value icalendar could not read, a length past the year
    9999), or None when it can. Rules dateutil refuses are found when expanding (_expand_each)."""
    name = "DTSTART"
    try:
        start = getattr(component.get("DTSTART"), "dt", None)  # a broken value raises here
        if not isinstance(start, date):
            return "DTSTART is missing or not a date or date-time"
        for name in ("DTEND", "DURATION", "RECURRENCE-ID"):
            prop = component.get(name)
            value = prop.dt if prop is not None else None
            if isinstance(value, timedelta):
                _ = start + value  # raises OverflowError past the year 9999
        for name in ("EXDATE", "RDATE", "RRULE"):
            values = component.get(name)
            for value in values if isinstance(values, list) else [values] if values else []:
                if name == "RRULE":
                    # dateutil never advances with INTERVAL=0: it repeats one instant forever.
                    if int((value.get("INTERVAL") or [1])[0]) < 1:
                        return "RRULE INTERVAL must be 1 or more"
                else:
                    value.dts  # noqa: B018 (a broken list raises here)
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as exc:
        text = " ".join(str(exc).split())[:160] or type(exc).__name__
        return f"{name} cannot be read ({text})"
    return None


def _drop_unreadable_dates(component: Any, original: bytes) -> list[str]:
    """EXDATE and RDATE values that cannot be read, removed from the event (not the event with
    them): an exception nobody can read leaves its occurrence busy, the safe side, and the rest
    of the series is still used. The fast path does the same for dates it leaves out because
    they lie before the window, so both paths give the same busy time."""
    problems = []
    for name in ("EXDATE", "RDATE"):
        values = component.get(name)
        if values is None:
            continue
        listed = values if isinstance(values, list) else [values]
        kept = []
        for value in listed:
            try:
                value.dts  # noqa: B018 (a broken list raises here)
            except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as exc:
                text = " ".join(str(exc).split())[:160] or type(exc).__name__
                problems.append(
                    f"{_where(original, component)}: {name} cannot be read ({text}); ignored"
                )
                continue
            kept.append(value)
        if len(kept) != len(listed):
            del component[name]
            if kept:
                component[name] = kept if len(kept) > 1 else kept[0]
    return problems


def _drop_unreadable_events(calendar: Any, original: bytes) -> list[str]:
    """Remove the events whose values cannot be read; one problem each, naming the line."""
    problems = []
    dropped: set[int] = set()
    for component in calendar.subcomponents:
        if component.name != "VEVENT":
            continue
        problems += _drop_unreadable_dates(component, original)
        why = _unreadable(component)
        if why is not None:
            dropped.add(id(component))
            problems.append(f"{_where(original, component)}: {why}; skipped")
    _remove(calendar, dropped)
    return problems


#: Most RDATE values in one VTIMEZONE read for busy time: icalendar turns every onset into a
#: transition while it parses (3 MB of them took 12 s). Full-history exports hold a few hundred.
MAX_ZONE_RDATES = 5_000
_ZONE_FREQ = re.compile(rb"\nRRULE[;:][^\r\n]*?FREQ=([A-Za-z]+)")


def screen_zones(data: bytes) -> tuple[bytes, dict[str, str]]:
    """VTIMEZONE blocks no real zone writes, removed from the bytes before icalendar parses
    them (it expands them as it parses): a rule more frequent than yearly, more blocks than
    ``zonedef.MAX_BLOCKS`` or more RDATE values than ``MAX_ZONE_RDATES``. The bounds are those of
    invites (zonedef.DefinedZone). Returns the bytes and, by TZID, why each zone was refused."""
    refused: dict[str, str] = {}
    if b"BEGIN:VTIMEZONE" not in data:
        return data, refused
    kept: list[bytes] = []
    last = 0
    for found in _VTIMEZONE.finditer(data):
        block = found.group(0)
        frequent = [f.decode().upper() for f in _ZONE_FREQ.findall(block) if f.upper() != b"YEARLY"]
        blocks = block.count(b"BEGIN:STANDARD") + block.count(b"BEGIN:DAYLIGHT")
        rdates = block.count(b"\nRDATE") + block.count(b",")
        if frequent:
            why = f"rule 'FREQ={frequent[0][:20]}' recurs too often to be a time zone"
        elif blocks > MAX_BLOCKS:
            why = f"has more than {MAX_BLOCKS} rule blocks"
        elif rdates > MAX_ZONE_RDATES:
            why = f"has more than {MAX_ZONE_RDATES:,} RDATE onsets"
        else:
            continue
        match = _TZID_LINE.search(block)
        tzid = match.group(1).strip().decode("utf-8", "replace") if match else ""
        if not _known_zone(tzid):  # an IANA or Windows name is read from tzdata: no loss
            refused[tzid] = why
        kept.append(data[last : found.start()])
        last = found.end()
    return (b"".join(kept) + data[last:], refused) if kept else (data, refused)


def _original_tzid(original: bytes, tzid: str) -> str:
    """The TZID as the calendar writes it, for a definition :func:`isolate_timezones` renamed
    (messages name what the user can find in the file)."""
    if not tzid.startswith("noshow-tz-"):
        return tzid
    for found in _VTIMEZONE.finditer(_FOLD.sub(b"", original)):
        block = found.group(0)
        match = _TZID_LINE.search(block)
        if not match:
            continue
        digest = hashlib.sha256(block.replace(match.group(1), b"")).hexdigest()[:16]
        if tzid == f"noshow-tz-{digest}":
            return match.group(1).strip().decode("utf-8", "replace")
    return tzid


def _known_zone(tzid: str) -> bool:
    name = tzid.strip('"')
    return bool(canonical_iana(name.strip("/")) or windows_zone(name))


def _refuse_runaway_zones(
    calendar: Any, original: bytes, screened: dict[str, str] | None = None
) -> list[str]:
    """VTIMEZONEs that no real zone writes (a rule more frequent than yearly, two RRULEs in one
    block) are refused as in invites (zonedef.DefinedZone), with the events that use them."""
    refused: dict[str, str] = dict(screened or {})
    for component in list(calendar.subcomponents):
        if component.name != "VTIMEZONE":
            continue
        tzid = str(component.get("TZID", ""))
        for block in component.subcomponents:
            rules = block.get("RRULE")
            if isinstance(rules, list):
                refused[tzid] = f"has a {block.name} block with {len(rules)} RRULEs (at most one)"
                break
            freq = str((rules.get("FREQ") or [""])[0]).upper() if rules is not None else ""
            if rules is not None and freq != "YEARLY":
                text = rules.to_ical().decode("utf-8", "replace")
                refused[tzid] = f"rule {text[:60]!r} recurs too often to be a time zone"
                break
        if tzid in refused:
            calendar.subcomponents.remove(component)
            if _known_zone(tzid):  # read from tzdata instead, as icalendar does
                del refused[tzid]
    problems = []
    for tzid, why in refused.items():
        name = _original_tzid(original, tzid)
        using = {
            id(component)
            for component in calendar.subcomponents
            if component.name == "VEVENT"
            and any(
                str(getattr(component.get(p), "params", {}).get("TZID", "")) == tzid
                for p in ("DTSTART", "DTEND", "RECURRENCE-ID")
            )
        }
        _remove(calendar, using)
        skipped = len(using)
        line = _line_of(original, b"TZID:" + name.encode("utf-8", "replace"))
        where = f"line {line}: " if line else ""
        problems.append(f"{where}VTIMEZONE {name[:80]!r} {why}; {skipped} events using it skipped")
    return problems


def _expand_each(calendar: Any, window: Window, original: bytes) -> tuple[list[Any], list[str]]:
    """Expand event by event (by UID, with its overrides) when expanding them together failed:
    the events that still fail are left out, one problem each."""
    others = [c for c in calendar.subcomponents if c.name != "VEVENT"]
    groups: dict[str, list[Any]] = {}
    for component in calendar.subcomponents:
        if component.name == "VEVENT":
            groups.setdefault(str(component.get("UID", "")), []).append(component)
    found: list[Any] = []
    problems: list[str] = []
    for events in groups.values():
        calendar.subcomponents = [*others, *events]
        try:
            found.extend(occurrences_between(calendar, window))
        except InviteError:
            raise
        except Exception as exc:  # noqa: BLE001 (whatever the library raises, one event's problem)
            text = " ".join(str(exc).split())[:160]
            problems.append(
                f"{_where(original, events[0])}: cannot expand it ({type(exc).__name__}: {text}); skipped"
            )
        if len(found) > MAX_OCCURRENCES:
            raise InviteError(f"more than {MAX_OCCURRENCES} events in the window")
    calendar.subcomponents = [*others, *(e for events in groups.values() for e in events)]
    return found, problems


#: The most days each month can have (February in a leap year).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def drop_empty_rule(component: Any) -> None:
    """Remove an RRULE that can never occur (``BYMONTH=2;BYMONTHDAY=30``): the event keeps its
    DTSTART, which is all such a rule gives (RFC 5545: DTSTART always counts). dateutil would
    walk every day up to the year 9999 looking for a next occurrence: seconds per read."""
    rule = component.get("RRULE")
    if rule is None or isinstance(rule, list):
        return
    days = [abs(int(d)) for d in rule.get("BYMONTHDAY") or []]
    months = [int(m) for m in rule.get("BYMONTH") or range(1, 13)]
    if days and all(1 <= m <= 12 and min(days) > _MONTH_DAYS[m - 1] for m in months):
        del component["RRULE"]


def _bounded(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"and {len(problems) - MAX_PROBLEMS} more such problems"]


# -- occurrences to busy time -------------------------------------------------------------------


def _instant(value: date | datetime, you_zone: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return wall_to_instant(value, zone(you_zone))[0]
        return value.astimezone(UTC)
    midnight = datetime(value.year, value.month, value.day)  # noqa: DTZ001 (your wall clock)
    return wall_to_instant(midnight, zone(you_zone))[0]


def occurrence_span(component: Any, you_zone: str) -> tuple[datetime, datetime, bool]:
    """(start, end, all_day) of one occurrence; floating and all-day times are in your zone."""
    start_value = component.get("DTSTART").dt
    all_day = not isinstance(start_value, datetime)
    end_prop = component.get("DTEND")
    duration = getattr(component.get("DURATION"), "dt", None)
    if end_prop is not None:
        end_value = end_prop.dt
    elif isinstance(duration, timedelta):
        end_value = start_value + duration
    else:
        end_value = start_value + timedelta(days=1) if all_day else start_value
    start = _instant(start_value, you_zone)
    end = _instant(end_value, you_zone)
    return start, max(end, start), all_day


def is_busy(component: Any) -> bool:
    """Whether an occurrence takes up time (RFC 5545 TRANSP/STATUS; all-day only if OPAQUE)."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return False
    transp = component.get("TRANSP")
    if transp is not None and str(transp).upper() == "TRANSPARENT":
        return False
    all_day = not isinstance(component.get("DTSTART").dt, datetime)
    return not all_day or (transp is not None and str(transp).upper() == "OPAQUE")


def busy_events(
    occurrences: Iterable[Any],
    you_zone: str,
    source: str,
    exclude_uids: frozenset[str] = frozenset(),
) -> list[BusyEvent]:
    """The busy intervals among occurrences, in start order, without ``exclude_uids``."""
    busy = []
    for component in occurrences:
        uid = str(component.get("UID", ""))
        if uid in exclude_uids or not is_busy(component):
            continue
        start, end, all_day = occurrence_span(component, you_zone)
        summary = " ".join(str(component.get("SUMMARY", "")).split())
        serves = str(component.get("RELATED-TO", "")) if "X-NOSHOW-KIND" in component else ""
        busy.append(BusyEvent(start, end, summary, uid, source, all_day, serves))
    busy.sort(key=lambda b: (b.start, b.end, b.uid))
    return busy


def freebusy_events(calendar: Any, window: Window, source: str) -> list[BusyEvent]:
    """Busy periods of a published free/busy calendar (VFREEBUSY; FBTYPE FREE is not busy)."""
    found = []
    for component in calendar.walk("VFREEBUSY"):
        values = component.get("FREEBUSY")
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            kind = str(getattr(value, "params", {}).get("FBTYPE", "BUSY")).upper()
            if kind == "FREE":
                continue
            periods = getattr(value, "dt", None)
            periods = periods if isinstance(periods, list) else [periods]
            for period in periods:
                start, end = _period(period)
                if (
                    start is not None
                    and end is not None
                    and end > window.start
                    and start < window.end
                ):
                    found.append(BusyEvent(start, end, "busy (free/busy)", "", source))
    return found


def _period(value: Any) -> tuple[datetime | None, datetime | None]:
    """A FREEBUSY period (start, end or start, duration) as UTC instants."""
    period = getattr(value, "dt", value)
    if not isinstance(period, tuple) or len(period) != 2:
        return None, None
    start, second = period
    if not isinstance(start, datetime):
        return None, None
    start = start.replace(tzinfo=UTC) if start.tzinfo is None else start.astimezone(UTC)
    end = start + second if isinstance(second, timedelta) else second
    if not isinstance(end, datetime):
        return None, None
    end = end.replace(tzinfo=UTC) if end.tzinfo is None else end.astimezone(UTC)
    return start, end


def _parse(data: bytes) -> Any:
    text = defuse_tzids(decode_text(data))
    check_structure(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError) as exc:
        # (icalendar raises AttributeError for a VTIMEZONE with two TZIDs or a mangled BEGIN)
        raise InviteError(f"malformed iCalendar: {' '.join(str(exc).split())[:200]}") from exc


def occurrences_between(calendar: Any, window: Window) -> list[Any]:
    """VEVENT occurrences overlapping the window, bounded in number."""
    query = recurring_ical_events.of(calendar)
    found = []
    for component in query.between(window.start, window.end):
        found.append(component)
        if len(found) > MAX_OCCURRENCES:
            raise InviteError(f"more than {MAX_OCCURRENCES} events in the window")
    return found


def readable(data: bytes) -> bytes:
    """Calendar bytes as the readers expect them: old Mac line ends (CR only) become CRLF, as
    invites are read. Stores pass what they read through this once; writers keep the bytes."""
    if b"\r" in data and b"\n" not in data:
        return data.replace(b"\r", b"\r\n")
    return data


_FREEBUSY = re.compile(rb"BEGIN:VFREEBUSY", re.IGNORECASE)


def read_window(
    data: bytes,
    window: Window,
    you_zone: str,
    source: str,
    exclude_uids: frozenset[str] = frozenset(),
    fast: bool = True,
    skip_idle: bool = False,
) -> CalendarRead:
    """Busy time (and every occurrence) of one calendar's bytes within ``window``.

    ``fast=False`` parses the whole file: the plain pipeline, kept for tests and benchmarks.
    ``skip_idle=True`` (a vdir's items): a file none of whose events can touch the window, and
    with no VFREEBUSY, is not parsed at all (nothing in it can be busy or an occurrence; as for
    the events of one big file that lie outside the window, its VTIMEZONEs are not checked).
    """
    total = kept = -1
    original = data
    if fast:
        first, last = window.dates()
        selection = select_events(data, first, last)
        data, kept, total = selection.data, selection.events_kept, selection.events_total
        if skip_idle and kept == 0 and not _FREEBUSY.search(data):
            return CalendarRead(source, (), (), (), total, 0)
    data, screened = screen_zones(isolate_timezones(data))
    calendar = _apply_x_wr_timezone(_parse(data))
    # Every value that cannot be read is the calendar's problem, never an internal error: the
    # event (or zone) is left out with one line saying where, and the rest is still used.
    problems = _refuse_runaway_zones(calendar, original, screened)
    problems += _drop_unreadable_events(calendar, original)
    if fast:
        for component in calendar.subcomponents:
            if component.name == "VEVENT" and "RRULE" in component:
                # A value it cannot move leaves the event where it is (expanded within the bound).
                with contextlib.suppress(ValueError, TypeError, OverflowError):
                    drop_empty_rule(component)
                    fast_forward(component, window.start)
    problems += _refuse_runaway_rules(calendar, window, original)
    try:
        occurrences = occurrences_between(calendar, window)
    except InviteError:
        raise
    except Exception:  # noqa: BLE001 (find the event that fails, keep the others)
        occurrences, failed = _expand_each(calendar, window, original)
        problems += failed
    problems = _bounded(problems)
    busy = busy_events(occurrences, you_zone, source, exclude_uids)
    busy += freebusy_events(calendar, window, source)
    busy.sort(key=lambda b: (b.start, b.end, b.uid))
    method = calendar.get("METHOD")
    return CalendarRead(
        source,
        tuple(busy),
        tuple(occurrences),
        tuple(problems),
        total,
        kept,
        str(method).upper() if method else None,
    )
