"""Busy time in a window, from calendar bytes: fast, bounded, and equal to the plain pipeline.

The plain pipeline a user would write is ``icalendar.Calendar.from_ical`` on the whole file and
``recurring_ical_events.of(calendar).between(start, end)``. noshow gets the same intervals by
feeding that same pipeline only the components that can matter (see :mod:`noshow.calendars.scan`),
after two safety steps: custom VTIMEZONE ids are made unique per definition (icalendar caches
custom zones process-wide by TZID), and recurrence rules that would need an absurd number of steps
to reach the window are refused instead of expanded.
"""

from __future__ import annotations

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
from noshow.zones import canonical_iana, wall_to_instant, zone

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
    return x_wr_timezone.to_standard(calendar, timezone=zone(name))


# -- bounding recurrence ------------------------------------------------------------------------


def rule_steps(component: Any, until: datetime) -> int:
    """An upper estimate of the rule steps needed to expand ``component`` up to ``until``."""
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


def _refuse_runaway_rules(calendar: Any, until: datetime) -> list[str]:
    problems = []
    for component in list(calendar.subcomponents):
        if component.name != "VEVENT" or "RRULE" not in component:
            continue
        try:
            steps = rule_steps(component, until)
        except (ValueError, TypeError, OverflowError):
            steps = MAX_RULE_STEPS + 1
        if steps > MAX_RULE_STEPS:
            calendar.subcomponents.remove(component)
            rule = component["RRULE"].to_ical().decode("utf-8", "replace")
            problems.append(
                f"event {str(component.get('UID', '?'))!r}: RRULE {rule[:80]} recurs too often "
                f"(about {steps:,} steps to reach the window); skipped"
            )
    return problems


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
    text = decode_text(data)
    check_structure(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
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
    if fast:
        first, last = window.dates()
        selection = select_events(data, first, last)
        data, kept, total = selection.data, selection.events_kept, selection.events_total
        if skip_idle and kept == 0 and not _FREEBUSY.search(data):
            return CalendarRead(source, (), (), (), total, 0)
    data = isolate_timezones(data)
    calendar = _apply_x_wr_timezone(_parse(data))
    if fast:
        for component in calendar.subcomponents:
            if component.name == "VEVENT" and "RRULE" in component:
                fast_forward(component, window.start)
    problems = _refuse_runaway_rules(calendar, window.end)
    try:
        occurrences = occurrences_between(calendar, window)
    except InviteError:
        raise
    except Exception as exc:
        raise InviteError(f"cannot expand recurring events: {type(exc).__name__}: {exc}") from exc
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
