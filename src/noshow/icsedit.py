"""Splice new components into iCalendar text without touching a byte of what is there.

The file is never re-serialised: it is split into physical lines (each keeping its own line
ending), the components are located by their BEGIN/END lines, and new text is inserted before the
interview's ``END:VEVENT`` (alarms) and before the calendar's ``END:VCALENDAR`` (events, tasks,
a missing VTIMEZONE). Every original line stays, in order, untouched: unknown X- properties,
vendor quirks, values nobody can parse, line folding, property order.

What is already there is recognised, so applying the same plan twice adds nothing: an alarm with
the same trigger (or noshow's own alarm UID) counts as present, and a component whose UID is in
the file is not added again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import icalendar
from icalendar.prop import vDuration

from noshow.model import Invite, Resolution
from noshow.reminders import (
    KIND_PROPERTY,
    OCCURRENCE_PROPERTY,
    Addition,
    Alarm,
    occurrence_key,
)
from noshow.zones import canonical_iana, zone

_PHYSICAL = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


def physical_lines(text: str) -> list[str]:
    """The text's lines, each with its own line ending (the last may have none)."""
    return _PHYSICAL.findall(text)


@dataclass
class Component:
    name: str
    begin: int  # index of the BEGIN physical line
    end: int = -1  # index of the END physical line
    properties: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # name -> (params, value)
    children: list[Component] = field(default_factory=list)
    parent: Component | None = None

    def first(self, name: str) -> str | None:
        values = self.properties.get(name)
        return values[0][1] if values else None


def _unfold(lines: list[str], start: int) -> tuple[str, int]:
    """The logical line starting at physical line ``start``, and the index after it."""
    if start + 1 >= len(lines) or lines[start + 1][:1] not in (" ", "\t"):
        return lines[start].rstrip("\r\n"), start + 1  # not folded: most lines
    parts = [lines[start].rstrip("\r\n")]
    index = start + 1
    while index < len(lines) and lines[index][:1] in (" ", "\t"):
        parts.append(lines[index].rstrip("\r\n")[1:])
        index += 1
    return "".join(parts), index


def _split_property(line: str) -> tuple[str, str, str]:
    """(NAME, params, value) of a content line; quoted parameter values may hold colons."""
    if '"' not in line:  # no quoted parameter value: the first ';' or ':' ends the name
        colon = line.find(":")
        if colon < 0:
            return line.upper(), "", ""
        semicolon = line.find(";", 0, colon)
        if semicolon < 0:
            return line[:colon].upper(), "", line[colon + 1 :]
        return line[:semicolon].upper(), line[semicolon + 1 : colon], line[colon + 1 :]
    quoted = False
    name_end = -1
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in ";:" and name_end < 0:
            name_end = index
        if not quoted and char == ":":
            return (
                line[:name_end].upper(),
                line[name_end + 1 : index] if name_end < index else "",
                line[index + 1 :],
            )
    return line.upper(), "", ""


def parse_components(lines: list[str], only: frozenset[str] | None = None) -> list[Component]:
    """The top-level components of the text (VCALENDARs), with their nested ones.

    ``only``: keep just these properties (an index of a big text needs two, not every one)."""
    roots: list[Component] = []
    stack: list[Component] = []
    index = 0
    while index < len(lines):
        logical, after = _unfold(lines, index)
        name, params, value = _split_property(logical)
        if name == "BEGIN":
            component = Component(value.strip().upper(), index, parent=stack[-1] if stack else None)
            if stack:
                stack[-1].children.append(component)
            else:
                roots.append(component)
            stack.append(component)
        elif name == "END" and stack:
            stack.pop().end = index
        elif stack and (only is None or name in only):
            stack[-1].properties.setdefault(name, []).append((params, value))
        index = after
    return roots


#: The line model of the last few texts parsed, keyed by the text object itself. One `remind` or
#: `import` step asks several questions of the same working copy (is the interview there, how does
#: it write times, which of noshow's components exist, which alarms): the text is split and
#: parsed once for all of them. Entries hold the text, so an id is never reused while cached.
_PARSED: list[tuple[str, list[str], list[Component]]] = []
_PARSED_KEEP = 4


def parsed(text: str) -> tuple[list[str], list[Component]]:
    """``physical_lines(text)`` and ``parse_components`` of them, computed once per text object.

    The result is shared: callers must not change the lines or the components (build new text
    from them instead, as every operation here does)."""
    for cached_text, lines, roots in _PARSED:
        if cached_text is text:
            return lines, roots
    lines = physical_lines(text)
    roots = parse_components(lines)
    _PARSED.insert(0, (text, lines, roots))
    del _PARSED[_PARSED_KEEP:]
    return lines, roots


def walk(components: list[Component]) -> list[Component]:
    found = []
    for component in components:
        found.append(component)
        found.extend(walk(component.children))
    return found


def _trigger(params: str, value: str) -> timedelta | None:
    """A relative TRIGGER (to the start) as a timedelta, None for absolute or END-relative ones."""
    if "VALUE=DATE-TIME" in params.upper() or "RELATED=END" in params.upper():
        return None
    try:
        parsed = vDuration.from_ical(value.strip())  # type: ignore[no-untyped-call]
    except (ValueError, TypeError):
        return None
    return parsed if isinstance(parsed, timedelta) else None


def _channel(action: str) -> str:
    return "email" if action.strip().upper() == "EMAIL" else "notify"


def is_stored_copy(component: Component, invite: Invite) -> bool:
    """Whether a component is this invite's VEVENT: same UID and the same occurrence."""
    if component.name != "VEVENT" or (component.first("UID") or "").strip() != invite.uid:
        return False
    return _same_occurrence(component, invite)


def _same_occurrence(component: Component, invite: Invite) -> bool:
    recurrence = component.first("RECURRENCE-ID")
    if invite.recurrence_id is None:
        return recurrence is None
    if recurrence is None:
        return False
    digits = re.sub(r"[^0-9T]", "", recurrence)[:15]
    wanted = invite.recurrence_id
    if wanted.tzinfo is not None and recurrence.strip().endswith("Z"):
        wanted = wanted.astimezone(UTC)
    return digits == wanted.strftime("%Y%m%dT%H%M%S")[: len(digits)]


@dataclass(frozen=True)
class TimeStyle:
    """How the interview writes its times; added components write theirs the same way."""

    kind: str  # "utc", "tzid" or "floating"
    tz: tzinfo
    tzid: str | None = None

    def value(self, instant: datetime) -> tuple[datetime, dict[str, str]]:
        """The DTSTART/DTEND/DUE value and parameters for an instant."""
        if self.kind == "utc":
            return instant.astimezone(UTC), {}
        wall = instant.astimezone(self.tz).replace(tzinfo=None, fold=0)
        if self.kind == "floating":
            return wall, {}
        if wall.replace(tzinfo=self.tz).astimezone(UTC) != instant:
            # A wall time that happens twice means its first occurrence (RFC 5545 3.3.5): an
            # instant in the repeated hour's second pass is only exact in UTC.
            return instant.astimezone(UTC), {}
        assert self.tzid is not None
        return wall, {"TZID": self.tzid}


def style_for(invite: Invite) -> TimeStyle:
    """The time style of an interview's start."""
    start = invite.start
    if start.how is Resolution.UTC:
        return TimeStyle("utc", UTC)
    if start.how is Resolution.FLOATING:
        return TimeStyle("floating", start.tz)
    if start.how is Resolution.X_WR_TIMEZONE and start.zone:
        return TimeStyle("tzid", zone(start.zone), start.zone)
    if start.tzid and start.zone and start.how is not Resolution.DEFINITION:
        return TimeStyle("tzid", zone(start.zone), start.tzid)
    return TimeStyle("tzid", start.tz, start.tzid)


def _as_written(style: TimeStyle, written: str | None) -> TimeStyle:
    """``style`` with its TZID exactly as the file writes it: icalendar strips the spaces around
    an unquoted parameter value (Thunderbird's ``TZID=Mitteleuropäische Zeit :``), and the
    file's VTIMEZONE keeps them, so the stripped name would refer to no definition."""
    if style.tzid and written and written.strip() == style.tzid.strip():
        return replace(style, tzid=written)
    return style


# -- rendering new components -----------------------------------------------------------------


def _alarm(alarm: Alarm, related_end: bool = False) -> Any:
    component = icalendar.Alarm()
    component.add("UID", alarm.uid)
    component.add("ACTION", alarm.action)
    params = {"RELATED": "END"} if related_end else {}
    component.add("TRIGGER", alarm.trigger, parameters=params)
    component.add("DESCRIPTION", alarm.description)
    if alarm.action == "EMAIL":
        component.add("SUMMARY", alarm.summary or alarm.description[:60])
        if alarm.attendee:
            component.add("ATTENDEE", f"mailto:{alarm.attendee}")
    component.add(KIND_PROPERTY, "alarm")
    return component


def _addition(addition: Addition, invite: Invite, style: TimeStyle, stamp: datetime) -> Any:
    component = icalendar.Event() if addition.name == "VEVENT" else icalendar.Todo()
    component.add("UID", addition.uid)
    component.add("DTSTAMP", stamp.astimezone(UTC))
    value, params = style.value(addition.start)
    component.add("DTSTART", value, parameters=params)
    if addition.end is not None:
        value, params = style.value(addition.end)
        component.add("DTEND", value, parameters=params)
    if addition.due is not None:
        value, params = style.value(addition.due)
        component.add("DUE", value, parameters=params)
    component.add("SUMMARY", addition.summary)
    component.add("DESCRIPTION", addition.description)
    if addition.name == "VEVENT":
        component.add("TRANSP", "OPAQUE" if addition.busy else "TRANSPARENT")
    else:
        component.add("STATUS", "NEEDS-ACTION")
    component.add("RELATED-TO", invite.uid)
    component.add(KIND_PROPERTY, addition.kind)
    if invite.recurrence_id is not None:
        component.add(OCCURRENCE_PROPERTY, occurrence_key(invite.recurrence_id))
    for alarm in addition.alarms:
        component.add_component(_alarm(alarm))
    return component


def _text(component: Any, newline: str) -> str:
    rendered: str = component.to_ical().decode("utf-8")
    return rendered.replace("\r\n", newline)


def _vtimezone(tzid: str, year: int, newline: str) -> str | None:
    """A VTIMEZONE for an IANA zone covering the years around the interview, or None."""
    name = canonical_iana(tzid)
    if name is None:
        return None
    component = icalendar.Timezone.from_tzid(
        name, first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1)
    )
    component["TZID"] = tzid
    return _text(component, newline)


# -- the splice --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """The result of applying a plan to a text."""

    text: str
    alarms: tuple[Alarm, ...]
    additions: tuple[Addition, ...]
    found: bool  # whether the interview was found in the text

    @property
    def changed(self) -> bool:
        """Whether anything was added."""
        return bool(self.alarms or self.additions)


def newline_of(text: str) -> str:
    """The file's own line ending."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def vtimezone_block(text: str, tzid: str) -> str | None:
    """The VTIMEZONE text defining ``tzid`` in ``text`` (as written), or None."""
    lines, roots = parsed(text)
    for component in walk(roots):
        if (
            component.name == "VTIMEZONE"
            and (component.first("TZID") or "").strip() == tzid.strip()
        ):
            block = "".join(lines[component.begin : component.end + 1])
            return block if block.endswith(("\n", "\r")) else block + "\r\n"
    return None


def append_components(text: str, blocks: list[str]) -> str:
    """``text`` with component blocks added before its (first complete) END:VCALENDAR."""
    lines = physical_lines(text)
    calendar = next(
        (c for c in parse_components(lines) if c.name == "VCALENDAR" and c.end >= 0), None
    )
    if calendar is None:
        raise ValueError("the calendar has no complete VCALENDAR")
    newline = newline_of(text)
    converted = [b.replace("\r\n", "\n").replace("\n", newline) for b in blocks]
    out = lines[: calendar.end]
    if out and not out[-1].endswith(("\n", "\r")):
        out[-1] += newline
    return "".join([*out, *converted, *lines[calendar.end :]])
