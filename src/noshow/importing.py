"""Put an invite into a calendar's text: add it, update it to a newer version, or cancel it.

Pure text work on top of :mod:`noshow.icsedit`'s line model, with the same promise: lines that
are not the stored copy of this interview, or noshow's own components for it, are never touched.

- Not there yet: the invite's VEVENT (and any VTIMEZONE it needs that the calendar lacks) is
  inserted as written in the invite.
- There with a lower SEQUENCE: the stored VEVENT is replaced by the new one, keeping the alarms it
  carried (yours and noshow's); noshow's own blocks, reminder events and open tasks for it are
  removed so the reminder plan adds them again at the new times (same UIDs). Completed tasks stay.
- A CANCEL with a SEQUENCE at least the stored one: the stored VEVENT gets STATUS:CANCELLED and
  noshow's own components for it are removed (nothing should ring for a cancelled interview).
- Anything else (the same or an older version): unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from noshow.icsedit import (
    Component,
    is_stored_copy,
    newline_of,
    parse_components,
    physical_lines,
    walk,
)
from noshow.model import Invite
from noshow.reminders import KIND_PROPERTY


@dataclass(frozen=True)
class Upsert:
    """The calendar text after putting one invite in, and what happened."""

    text: str
    action: str  # added, updated, cancelled, unchanged, not-found (a CANCEL for nothing)


def _block(lines: list[str], component: Component) -> str:
    return "".join(lines[component.begin : component.end + 1])


def event_blocks(text: str, invite: Invite) -> tuple[str, list[str]] | None:
    """The invite's VEVENT as written in its own calendar text, and the VTIMEZONEs it uses."""
    lines = physical_lines(text)
    everything = walk(parse_components(lines))
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


def _owned_by_noshow(component: Component, uid: str) -> bool:
    related = (component.first("RELATED-TO") or "").strip()
    return component.first(KIND_PROPERTY) is not None and related == uid


def _completed(component: Component) -> bool:
    return (component.first("STATUS") or "").strip().upper() == "COMPLETED"


def upsert(text: str, invite: Invite, block: str, zones: list[str]) -> Upsert:
    """Put ``invite`` (its VEVENT text ``block``) into the calendar ``text``."""
    lines = physical_lines(text)
    roots = parse_components(lines)
    everything = walk(roots)
    calendar = next((c for c in roots if c.name == "VCALENDAR" and c.end >= 0), None)
    if calendar is None:
        raise ValueError("the calendar has no complete VCALENDAR")
    newline = newline_of(text) if text else "\r\n"
    stored = next((c for c in everything if is_stored_copy(c, invite) and c.end >= 0), None)
    if stored is None:
        if invite.cancelled:
            return Upsert(text, "not-found")
        defined = {
            (c.first("TZID") or "").strip() for c in calendar.children if c.name == "VTIMEZONE"
        }
        new = [_ensure_newline(z, newline) for z in zones if _tzid_of(z) not in defined]
        new.append(_ensure_newline(block, newline))
        return Upsert(_insert(lines, calendar.end, new, newline), "added")
    stored_sequence = int((stored.first("SEQUENCE") or "0").strip() or 0)
    newer = invite.sequence > stored_sequence or (
        invite.cancelled and invite.sequence >= stored_sequence
    )
    if not newer:
        return Upsert(text, "unchanged")
    removals = [
        c
        for c in calendar.children
        if _owned_by_noshow(c, invite.uid) and not (c.name == "VTODO" and _completed(c))
    ]
    replacements: dict[int, tuple[int, str]] = {}  # begin -> (end, new text)
    if invite.cancelled:
        replacements[stored.begin] = (stored.end, _cancelled(lines, stored, newline))
        action = "cancelled"
    else:
        alarms = [_block(lines, c) for c in stored.children if c.name == "VALARM"]
        replacements[stored.begin] = (stored.end, _with_alarms(block, alarms, newline))
        action = "updated"
    for component in removals:
        replacements[component.begin] = (component.end, "")
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index in replacements:
            end, replacement = replacements[index]
            out.append(replacement)
            index = end + 1
            continue
        out.append(lines[index])
        index += 1
    return Upsert("".join(out), action)


def _tzid_of(vtimezone: str) -> str:
    found = re.search(r"^TZID:(.*?)\r?$", vtimezone, re.MULTILINE)
    return found.group(1).strip() if found else ""


def owned_items(text: str, uid: str) -> bool:
    """Whether a vdir item's text is one of noshow's components for the interview ``uid``
    (completed tasks excepted: they are the user's record now)."""
    lines = physical_lines(text)
    return any(
        _owned_by_noshow(c, uid) and not (c.name == "VTODO" and _completed(c))
        for c in walk(parse_components(lines))
    )


def cancel_owned(text: str, uid: str) -> str | None:
    """A vdir item's text with noshow's own components for the interview ``uid`` marked
    STATUS:CANCELLED and without noshow's alarms (completed tasks stay as they are); None when
    there is nothing of noshow's to cancel."""
    lines = physical_lines(text)
    newline = newline_of(text) if text else "\r\n"
    targets = [
        c
        for c in walk(parse_components(lines))
        if _owned_by_noshow(c, uid)
        and not (c.name == "VTODO" and _completed(c))
        and (c.first("STATUS") or "").strip().upper() != "CANCELLED"
        and c.end >= 0
    ]
    if not targets:
        return None
    out: list[str] = []
    index = 0
    starts = {c.begin: c for c in targets}
    while index < len(lines):
        component = starts.get(index)
        if component is None:
            out.append(lines[index])
            index += 1
            continue
        out.append(_cancelled(lines, component, newline))
        index = component.end + 1
    return "".join(out)


def _insert(lines: list[str], before: int, blocks: list[str], newline: str) -> str:
    out = lines[:before]
    if out and not out[-1].endswith(("\n", "\r")):
        out[-1] += newline
    return "".join([*out, *blocks, *lines[before:]])


def _cancelled(lines: list[str], stored: Component, newline: str) -> str:
    """The stored VEVENT with STATUS:CANCELLED (its STATUS line replaced, or one added), and
    without noshow's own alarms (nothing should ring for a cancelled interview); the user's own
    alarms stay."""
    ours = {
        index
        for child in stored.children
        if child.name == "VALARM" and child.first(KIND_PROPERTY) is not None
        for index in range(child.begin - stored.begin, child.end - stored.begin + 1)
    }
    block = [
        line
        for offset, line in enumerate(lines[stored.begin : stored.end + 1])
        if offset not in ours
    ]
    depth = 0
    for offset, line in enumerate(block):
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        elif depth == 1 and upper.startswith("STATUS:"):
            ending = line[len(line.rstrip("\r\n")) :] or newline
            block[offset] = "STATUS:CANCELLED" + ending
            return "".join(block)
    block.insert(len(block) - 1, "STATUS:CANCELLED" + newline)
    return "".join(block)


def _with_alarms(block: str, alarms: list[str], newline: str) -> str:
    """The new VEVENT text with the stored copy's alarms carried over (before its END line)."""
    block = _ensure_newline(block, newline)
    if not alarms:
        return block
    lines = physical_lines(block)
    existing = {"".join(a.split()) for a in re.findall(r"BEGIN:VALARM.*?END:VALARM", block, re.S)}
    kept = [_ensure_newline(a, newline) for a in alarms if "".join(a.split()) not in existing]
    return "".join([*lines[:-1], *kept, lines[-1]])
