"""Read iCalendar text into components, within bounds, with errors that name the line."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import icalendar

from noshow.errors import InviteError
from noshow.zonedef import DefinedZone
from noshow.zones import defuse_tzids

#: Deepest BEGIN/END nesting noshow accepts (VCALENDAR > VEVENT > VALARM is 3; VTIMEZONE 3).
MAX_DEPTH = 8
#: Most components in one invite document; calendars read for busy time have their own reader.
MAX_COMPONENTS = 200_000

_BEGIN = re.compile(r"^BEGIN:([A-Za-z0-9-]+)\s*$", re.IGNORECASE)
_END = re.compile(r"^END:([A-Za-z0-9-]+)\s*$", re.IGNORECASE)
#: Line breaks as icalendar sees them (not str.splitlines, which also breaks at U+2028, NEL, FF...
#: inside a SUMMARY); a lone CR (classic Mac, Lotus Notes) is turned into LF first.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LONE_CR = re.compile(r"\r(?!\n)")
#: icalendar turns every VTIMEZONE it parses into a dateutil tzinfo, cached process-wide by TZID,
#: and raises when dateutil cannot (an empty TZID, RDATE;VALUE=PERIOD): the same file was then
#: refused or read depending on which files came before it. noshow reads VTIMEZONEs itself
#: (DefinedZone), so it hides them from icalendar under another name.
_HIDDEN_VTIMEZONE = "X-NOSHOW-VTIMEZONE"
_VTIMEZONE_LINE = re.compile(r"^((?:BEGIN|END):)VTIMEZONE(?=[ \t]*\r?$)", re.I | re.M)


@dataclass
class CalendarDoc:
    """One VCALENDAR: its METHOD, its own VTIMEZONEs, its events with their line numbers."""

    method: str | None
    x_wr_timezone: str | None
    definitions: dict[str, DefinedZone]
    events: list[tuple[Any, int | None]] = field(default_factory=list)
    definition_errors: dict[str, str] = field(default_factory=dict)


def check_structure(text: str) -> list[int]:
    """Check BEGIN/END nesting cheaply before icalendar sees the text.

    Returns the line numbers (1-based) of every ``BEGIN:VEVENT``, in order. Raises InviteError
    for runaway nesting, unbalanced components or a file with no calendar at all.
    """
    depth = 0
    stack: list[tuple[str, int]] = []
    event_lines: list[int] = []
    components = 0
    seen_calendar = False
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line or line[0] in " \t" or line[:1] not in "BbEe":
            continue
        begin = _BEGIN.match(line)
        if begin:
            name = begin.group(1).upper()
            depth += 1
            components += 1
            if depth > MAX_DEPTH:
                raise InviteError(f"components nested more than {MAX_DEPTH} deep", number)
            if components > MAX_COMPONENTS:
                raise InviteError(f"more than {MAX_COMPONENTS} components", number)
            if name == "VCALENDAR":
                seen_calendar = True
            if name == "VEVENT":
                event_lines.append(number)
            stack.append((name, number))
            continue
        end = _END.match(line)
        if end:
            name = end.group(1).upper()
            if not stack:
                raise InviteError(f"END:{name} without a matching BEGIN", number)
            opened, opened_at = stack.pop()
            if opened != name:
                raise InviteError(f"END:{name} closes BEGIN:{opened} from line {opened_at}", number)
            depth -= 1
    if stack:
        name, number = stack[-1]
        raise InviteError(f"BEGIN:{name} is never closed (truncated file?)", number)
    if not seen_calendar:
        raise InviteError("no BEGIN:VCALENDAR: this is not iCalendar data")
    return event_lines


def _first_error_line(text: str, needle: str) -> int | None:
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if needle and needle in line:
            return number
    return None


def parse_calendars(text: str) -> list[CalendarDoc]:
    """Parse iCalendar text (one or several VCALENDARs) into :class:`CalendarDoc` values."""
    text = _LONE_CR.sub("\n", text)
    event_lines = check_structure(text)
    try:
        with warnings.catch_warnings():
            # icalendar warns about vendor quirks it works around; they are not the user's problem.
            warnings.simplefilter("ignore")
            hidden = _VTIMEZONE_LINE.sub(rf"\g<1>{_HIDDEN_VTIMEZONE}", defuse_tzids(text))
            calendars = icalendar.Calendar.from_ical(hidden, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        fragment = re.search(r"'([^']{4,})'", message)
        line = _first_error_line(text, fragment.group(1)) if fragment else None
        raise InviteError(f"malformed iCalendar: {message[:200]}", line) from exc
    docs: list[CalendarDoc] = []
    lines = iter(event_lines)
    for calendar in calendars:
        if calendar.name != "VCALENDAR":
            continue
        method = calendar.get("METHOD")
        x_wr = calendar.get("X-WR-TIMEZONE")
        doc = CalendarDoc(
            method=str(method).strip().upper() if method else None,
            x_wr_timezone=str(x_wr).strip() if x_wr else None,
            definitions={},
        )
        for component in calendar.subcomponents:
            if component.name in ("VTIMEZONE", _HIDDEN_VTIMEZONE):
                tzid = str(component.get("TZID", "")).strip()
                try:
                    doc.definitions[tzid] = DefinedZone(component)
                except InviteError as exc:
                    doc.definition_errors[tzid] = str(exc)
            elif component.name == "VEVENT":
                doc.events.append((component, next(lines, None)))
        docs.append(doc)
    if not docs:
        raise InviteError("no VCALENDAR component found")
    return docs
