"""Put an invite into a calendar's text: add it, update it to a newer version, or cancel it.

Pure text work on top of :mod:`noshow.icsedit`'s line model, with the same promise: lines that
are not the stored copy of this interview are never touched. (noshow's own components next to
the interview are kept current by :mod:`noshow.owned` and :mod:`noshow.calendars.update`.)

Versions are ordered as RFC 5546 says and as :mod:`noshow.versions` orders inputs: SEQUENCE, then
DTSTAMP, and a CANCEL wins a tie. Versions never go backwards:

- Not there yet: the invite's VEVENT (and any VTIMEZONE it needs that the calendar lacks) is
  inserted as written in the invite (``added``).
- There, and the invite is newer: the stored VEVENT is replaced by the new one, keeping the
  alarms it carried (``updated``); a CANCEL marks it STATUS:CANCELLED and removes noshow's alarms
  (``cancelled``).
- There, and the invite is the same version (``unchanged``) or older (``older``): nothing changes.
- A CANCEL for an interview that is not there: ``not-found``, nothing changes.

When the invite's own VTIMEZONE disagrees with tzdata on the interview's date (stale rules), the
copy stored refers to the IANA zone instead, with tzdata's rules: icalendar, khal, vobject and
every other client then show the instant noshow reports (``zone-replaced`` says so).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from noshow.calendars.writer import Change
from noshow.icsedit import (
    Component,
    _vtimezone,
    is_stored_copy,
    newline_of,
    parse_components,
    parsed,
    physical_lines,
    walk,
)
from noshow.model import Invite
from noshow.owned import cancelled_block, set_top_property
from noshow.versions import order_key


def _block(lines: list[str], component: Component) -> str:
    return "".join(lines[component.begin : component.end + 1])


def event_blocks(text: str, invite: Invite) -> tuple[str, list[str]] | None:
    """The invite's VEVENT as written in its own calendar text, and the VTIMEZONEs it uses."""
    lines, roots = parsed(text)
    everything = walk(roots)
    event = next((c for c in everything if is_stored_copy(c, invite) and c.end >= 0), None)
    if event is None:
        return None
    block = _block(lines, event)
    used = set(re.findall(r";TZID=\"?([^\":;]+)\"?[:;]", block))
    zones = [
        _block(lines, c)
        for c in everything
        if c.name == "VTIMEZONE" and (c.first("TZID") or "").strip() in {u.strip() for u in used}
    ]
    return block, zones


def _ensure_newline(block: str, newline: str) -> str:
    block = block.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
    return block if block.endswith(newline) else block + newline


def _tzid_of(vtimezone: str) -> str:
    found = re.search(r"^TZID:(.*?)\r?$", vtimezone, re.MULTILINE)
    return found.group(1).strip() if found else ""


_EPOCH = datetime.min.replace(tzinfo=UTC)


def _stamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip()[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def stored_key(component: Component) -> tuple[int, datetime, int]:
    """The version of a stored VEVENT, ordered as :func:`noshow.versions.order_key`."""
    try:
        sequence = int((component.first("SEQUENCE") or "0").strip() or 0)
    except ValueError:
        sequence = 0
    cancelled = (component.first("STATUS") or "").strip().upper() == "CANCELLED"
    return (sequence, _stamp(component.first("DTSTAMP")) or _EPOCH, 1 if cancelled else 0)


def current_zone(block: str, zones: list[str], invite: Invite) -> tuple[str, list[str], str | None]:
    """The invite's VEVENT and VTIMEZONEs as they should be stored: when its own definition of
    the start's TZID disagrees with tzdata on the interview's date, every reference to that TZID
    becomes the IANA zone, defined by tzdata's rules. Returns (block, zones, what was done)."""
    start = invite.start
    if start.definition_instant is None or not start.zone or not start.tzid:
        return block, zones, None
    if start.tzid.strip() == start.zone:
        return block, zones, None
    vtimezone = _vtimezone(start.zone, start.instant.year, "\r\n")
    if vtimezone is None:
        return block, zones, None
    pattern = re.compile(
        r"(;TZID=)(\"" + re.escape(start.tzid) + r"\"|" + re.escape(start.tzid) + r")(?=[:;])",
        re.IGNORECASE,
    )
    iana = start.zone
    new_block = pattern.sub(lambda m: m.group(1) + iana, block)
    kept = [z for z in zones if _tzid_of(z).strip() != start.tzid.strip()]
    detail = (
        f"the invite's own rules for {start.tzid!r} are out of date for this date; stored with "
        f"tzdata's rules for {start.zone}, so every calendar app shows the instant noshow reports"
    )
    return new_block, [*kept, vtimezone], detail


def upsert(
    text: str, href: str, invite: Invite, block: str, zones: list[str]
) -> tuple[str, list[Change]]:
    """Put ``invite`` (its VEVENT text ``block`` and VTIMEZONEs ``zones``) into ``text``."""
    lines, roots = parsed(text)
    everything = walk(roots)
    calendar = next((c for c in roots if c.name == "VCALENDAR" and c.end >= 0), None)
    if calendar is None:
        raise ValueError("the calendar has no complete VCALENDAR")
    newline = newline_of(text) if text else "\r\n"
    stored = next((c for c in everything if is_stored_copy(c, invite) and c.end >= 0), None)
    uid = invite.uid
    if stored is None:
        if invite.cancelled:
            return text, [Change(href, "not-found", "interview", uid, "nothing to cancel")]
        block, zones, replaced = current_zone(block, zones, invite)
        defined = {
            (c.first("TZID") or "").strip() for c in calendar.children if c.name == "VTIMEZONE"
        }
        new = [_ensure_newline(z, newline) for z in zones if _tzid_of(z) not in defined]
        new.append(_ensure_newline(block, newline))
        changes = [Change(href, "added", "interview", uid, invite.summary)]
        if replaced:
            changes.append(Change(href, "zone-replaced", "interview", uid, replaced))
        return _insert(lines, calendar.end, new, newline), changes
    mine, theirs = order_key(invite), stored_key(stored)
    if mine < theirs:
        return text, [
            Change(
                href,
                "older",
                "interview",
                uid,
                f"SEQUENCE {invite.sequence} is older than the stored version; nothing changed",
            )
        ]
    if mine == theirs:
        return text, [
            Change(href, "unchanged", "interview", uid, "the same version is already there")
        ]
    if invite.cancelled:
        replacement = cancelled_block(lines, stored, newline)
        # The stored copy now is the CANCEL's version: the same CANCEL again changes nothing.
        replacement = _with_version(replacement, invite, newline)
        out = _replace(lines, stored, replacement)
        return out, [Change(href, "cancelled", "interview", uid, invite.summary)]
    block, zones, replaced = current_zone(block, zones, invite)
    alarms = [_block(lines, c) for c in stored.children if c.name == "VALARM"]
    out = _replace(lines, stored, _with_alarms(block, alarms, newline))
    changes = [Change(href, "updated", "interview", uid, invite.summary)]
    if zones:
        lines = physical_lines(out)
        roots = parse_components(lines)
        calendar = next(c for c in roots if c.name == "VCALENDAR" and c.end >= 0)
        defined = {
            (c.first("TZID") or "").strip() for c in calendar.children if c.name == "VTIMEZONE"
        }
        missing = [_ensure_newline(z, newline) for z in zones if _tzid_of(z) not in defined]
        if missing:
            out = _insert(lines, calendar.end, missing, newline)
    if replaced:
        changes.append(Change(href, "zone-replaced", "interview", uid, replaced))
    return out, changes


def _with_version(block: str, invite: Invite, newline: str) -> str:
    """A stored VEVENT's SEQUENCE and DTSTAMP set to the invite's (lines replaced or added)."""
    wanted = {"SEQUENCE": str(invite.sequence)}
    if invite.dtstamp is not None:
        wanted["DTSTAMP"] = invite.dtstamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = physical_lines(block)
    missing = [
        f"{n}:{v}{newline}" for n, v in wanted.items() if not set_top_property(lines, n, v, newline)
    ]
    return "".join([lines[0], *missing, *lines[1:]])


def _replace(lines: list[str], component: Component, replacement: str) -> str:
    return "".join([*lines[: component.begin], replacement, *lines[component.end + 1 :]])


def _insert(lines: list[str], before: int, blocks: list[str], newline: str) -> str:
    out = lines[:before]
    if out and not out[-1].endswith(("\n", "\r")):
        out[-1] += newline
    return "".join([*out, *blocks, *lines[before:]])


def _with_alarms(block: str, alarms: list[str], newline: str) -> str:
    """The new VEVENT text with the stored copy's alarms carried over (before its END line)."""
    block = _ensure_newline(block, newline)
    if not alarms:
        return block
    lines = physical_lines(block)
    existing = {"".join(a.split()) for a in re.findall(r"BEGIN:VALARM.*?END:VALARM", block, re.S)}
    kept = [_ensure_newline(a, newline) for a in alarms if "".join(a.split()) not in existing]
    return "".join([*lines[:-1], *kept, lines[-1]])
