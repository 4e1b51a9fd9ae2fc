"""What noshow owns inside calendar text, and how it is kept current: pure text operations.

noshow marks everything it writes with ``X-NOSHOW-KIND`` (and, for components next to the
interview, ``RELATED-TO:<interview UID>``). Each thing it writes also carries ``X-NOSHOW-HASH``, a
fingerprint of its own properties at the time noshow wrote it. That makes three states:

- **pristine**: noshow's, unchanged since noshow wrote it (fingerprint matches, or an item written
  before fingerprints existed). noshow may rewrite it from the interview's current version, mark
  it cancelled, or (an alarm) remove it.
- **edited**: noshow's, but someone changed it since (the fingerprint no longer matches). It is
  the user's now: noshow leaves it exactly as it is (an edited alarm still counts as present).
- **completed**: a task ticked off. The user's record: never touched.

Every function here takes the calendar text and returns the new text with what it did, as
:class:`~noshow.calendars.writer.Change` values. Lines that are not noshow's own component for
this interview are never touched: the file is split into physical lines and only whole component
blocks are replaced or inserted (see :mod:`noshow.icsedit`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from itertools import pairwise

from noshow.calendars.writer import Change
from noshow.icsedit import (
    Component,
    _channel,
    _trigger,
    is_stored_copy,
    newline_of,
    parse_components,
    parsed,
    physical_lines,
    walk,
)
from noshow.model import Invite
from noshow.reminders import KIND_PROPERTY, OCCURRENCE_PROPERTY

HASH_PROPERTY = "X-NOSHOW-HASH"
_STATE_TEXT = {"edited": "edited by you", "completed": "completed"}
#: Properties a server or client may add or bump without anyone editing the content.
_VOLATILE = frozenset(
    {"DTSTAMP", HASH_PROPERTY, "LAST-MODIFIED", "CREATED", "SEQUENCE", "X-MOZ-GENERATION"}
)
_MARKERS = ("BEGIN", "END")


_UNFOLD = re.compile(r"\r?\n[ \t]|\r[ \t]")


def uids_in(text: str, prop: str = "UID") -> set[str]:
    """The values of a property (UID, RELATED-TO) anywhere in calendar text."""
    unfolded = _UNFOLD.sub("", text)
    pattern = re.compile(rf"^{prop}(?:;[^:\r\n]*)?:(.*?)\r?$", re.MULTILINE | re.IGNORECASE)
    return {m.group(1).strip() for m in pattern.finditer(unfolded)}


def _unfolded(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        bare = line.rstrip("\r\n")
        if bare[:1] in (" ", "\t") and out:
            out[-1] += bare[1:]
        else:
            out.append(bare)
    return out


def fingerprint(block: str) -> str:
    """A short hash of a component (with what is nested in it) that survives a server or client
    storing it again: line folding, line endings, property order and the properties servers
    bump by themselves (DTSTAMP, LAST-MODIFIED, ...) do not count."""
    digest = hashlib.sha256(_canonical(block).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:20]


def _value(key: str, name: str, value: str) -> str:
    """A value in canonical form where servers are known to rewrite it (vobject, behind
    Radicale, writes a zero TRIGGER as PT0S where icalendar writes P0D)."""
    if key in ("TRIGGER", "DURATION") and "VALUE=DATE-TIME" not in name.upper():
        seconds = _trigger("", value)
        if seconds is not None:
            return f"{int(seconds.total_seconds())}s"
    return value


def _canonical(block: str) -> str:
    """A component's content in a canonical form: each component's properties sorted, its
    nested components sorted, volatile properties left out."""
    stack: list[tuple[str, list[str], list[str]]] = []  # (name, properties, children)
    done: list[str] = []
    for line in _unfolded(physical_lines(block)):
        name, _, rest = line.partition(":")
        key = name.split(";", 1)[0].upper()
        if key == "BEGIN":
            stack.append((rest.strip().upper(), [], []))
        elif key == "END" and stack:
            component, properties, children = stack.pop()
            text = "{" + component + "|" + "\n".join(sorted(properties))
            text += "|" + "".join(sorted(children)) + "}"
            (stack[-1][2] if stack else done).append(text)
        elif stack and key not in _VOLATILE:
            stack[-1][1].append(key + name[len(key) :] + ":" + _value(key, name, rest))
    return "".join(done)


def with_hash(block: str) -> str:
    """A component block noshow renders, with its fingerprint added (before the first nested
    component or its END line)."""
    lines = physical_lines(block)
    newline = newline_of(block) or "\r\n"
    line = f"{HASH_PROPERTY}:{fingerprint(block)}{newline}"
    for index in range(1, len(lines)):
        if lines[index].upper().startswith(("BEGIN:", "END:")):
            return "".join([*lines[:index], line, *lines[index:]])
    return block


def state_of(block: str) -> str:
    """``pristine``, ``edited`` or ``completed`` (see the module docstring)."""
    lines = _unfolded(physical_lines(block))
    depth = 0
    stored: str | None = None
    status = ""
    for line in lines:
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        elif depth == 1 and upper.startswith(HASH_PROPERTY + ":"):
            stored = line.split(":", 1)[1].strip()
        elif depth == 1 and upper.startswith("STATUS:"):
            status = upper.split(":", 1)[1].strip()
    if status == "COMPLETED":
        return "completed"
    if stored is not None and stored != fingerprint(block):
        return "edited"
    return "pristine"


def _block(lines: list[str], component: Component) -> str:
    return "".join(lines[component.begin : component.end + 1])


def _same(a: str, b: str) -> bool:
    """Whether two renderings of a component say the same (own properties and nested ones)."""
    return _canonical(a) == _canonical(b)


def _owner(component: Component) -> str | None:
    if component.first(KIND_PROPERTY) is None:
        return None
    return (component.first("RELATED-TO") or "").strip()


def _splice(lines: list[str], replacements: dict[int, tuple[int, str]]) -> str:
    """The lines with each ``begin -> (end, text)`` range replaced."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index in replacements:
            end, text = replacements[index]
            out.append(text)
            index = end + 1
            continue
        out.append(lines[index])
        index += 1
    return "".join(out)


def _convert(block: str, newline: str) -> str:
    block = block.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
    return block if block.endswith(newline) else block + newline


def _calendar(roots: list[Component]) -> Component:
    calendar = next((c for c in roots if c.name == "VCALENDAR" and c.end >= 0), None)
    if calendar is None:
        raise ValueError("the calendar has no complete VCALENDAR")
    return calendar


def _calendar_of(roots: list[Component], interview_uid: str) -> Component:
    """The VCALENDAR holding the interview (a file may hold several), else the first."""
    for root in roots:
        if root.name == "VCALENDAR" and root.end >= 0:
            for component in walk(root.children):
                if (component.first("UID") or "").strip() == interview_uid:
                    return root
    return _calendar(roots)


def _insert_before(lines: list[str], index: int, blocks: list[str], newline: str) -> str:
    out = lines[:index]
    if out and not out[-1].endswith(("\n", "\r")):
        out[-1] += newline
    return "".join([*out, *blocks, *lines[index:]])


@dataclass(frozen=True)
class Wanted:
    """One component noshow wants next to an interview: its UID, kind and rendered block."""

    uid: str
    kind: str
    block: str  # rendered with CRLF; converted to the file's line ending
    create: bool = True  # False: its time has passed; only an existing copy is kept current
    vtimezone: str | None = None  # a definition the block needs, added when the file lacks it
    tzid: str | None = None


def ensure_component(
    text: str, href: str, interview_uid: str, wanted: Wanted
) -> tuple[str, Change]:
    """The component ``wanted`` in ``text``: added when missing, rewritten when noshow's pristine
    copy says something else, left alone when it is the same, edited by someone or completed."""
    lines, roots = parsed(text)
    newline = newline_of(text) if text else "\r\n"
    existing = next(
        (
            c
            for c in walk(roots)
            if c.name in ("VEVENT", "VTODO")
            and (c.first("UID") or "").strip() == wanted.uid
            and c.end >= 0
        ),
        None,
    )
    if existing is not None:
        if _owner(existing) != interview_uid:
            return text, Change(
                href,
                "skipped",
                wanted.kind,
                wanted.uid,
                "its UID is in use by an item that is not noshow's",
            )
        current = _block(lines, existing)
        state = state_of(current)
        if state != "pristine":
            return text, Change(
                href, "kept", wanted.kind, wanted.uid, f"{_STATE_TEXT[state]}; left as it is"
            )
        if _same(current, wanted.block):
            return text, Change(href, "unchanged", wanted.kind, wanted.uid)
        new = _convert(wanted.block, newline)
        return _splice(lines, {existing.begin: (existing.end, new)}), Change(
            href, "rewritten", wanted.kind, wanted.uid, "from the interview's current version"
        )
    if not wanted.create:
        return text, Change(href, "unchanged", wanted.kind, wanted.uid, "its time has passed")
    calendar = _calendar_of(roots, interview_uid)
    blocks: list[str] = []
    if wanted.vtimezone and wanted.tzid:
        defined = {
            (c.first("TZID") or "").strip() for c in calendar.children if c.name == "VTIMEZONE"
        }
        if wanted.tzid.strip() not in defined:
            blocks.append(_convert(wanted.vtimezone, newline))
    blocks.append(_convert(wanted.block, newline))
    return _insert_before(lines, calendar.end, blocks, newline), Change(
        href, "created", wanted.kind, wanted.uid
    )


def ensure_components(
    text: str, href: str, interview_uid: str, wanted: list[Wanted]
) -> tuple[str, list[Change]]:
    """:func:`ensure_component` for several components with one parse of ``text``: exactly the
    text and changes of applying them one after another (a 10 MB calendar is split once per
    interview, not once per reminder)."""
    uids = [w.uid for w in wanted]
    if len(wanted) < 2 or len(set(uids)) != len(uids):
        return _ensure_one_by_one(text, href, interview_uid, wanted)
    lines, roots = parsed(text)
    newline = newline_of(text) if text else "\r\n"
    existing_by_uid: dict[str, Component] = {}
    for component in walk(roots):
        if component.name in ("VEVENT", "VTODO") and component.end >= 0:
            existing_by_uid.setdefault((component.first("UID") or "").strip(), component)
    replacements: dict[int, tuple[int, str]] = {}
    spans: list[tuple[int, int]] = []
    blocks: list[str] = []
    calendar: Component | None = None
    defined: set[str] = set()
    changes: list[Change] = []
    for want in wanted:
        existing = existing_by_uid.get(want.uid)
        if existing is not None:
            if _owner(existing) != interview_uid:
                changes.append(
                    Change(
                        href,
                        "skipped",
                        want.kind,
                        want.uid,
                        "its UID is in use by an item that is not noshow's",
                    )
                )
                continue
            current = _block(lines, existing)
            state = state_of(current)
            if state != "pristine":
                changes.append(
                    Change(
                        href, "kept", want.kind, want.uid, f"{_STATE_TEXT[state]}; left as it is"
                    )
                )
                continue
            if _same(current, want.block):
                changes.append(Change(href, "unchanged", want.kind, want.uid))
                continue
            replacements[existing.begin] = (existing.end, _convert(want.block, newline))
            spans.append((existing.begin, existing.end))
            changes.append(
                Change(
                    href, "rewritten", want.kind, want.uid, "from the interview's current version"
                )
            )
            continue
        if not want.create:
            changes.append(Change(href, "unchanged", want.kind, want.uid, "its time has passed"))
            continue
        if calendar is None:
            calendar = _calendar_of(roots, interview_uid)
            defined = {
                (c.first("TZID") or "").strip() for c in calendar.children if c.name == "VTIMEZONE"
            }
        if want.vtimezone and want.tzid and want.tzid.strip() not in defined:
            blocks.append(_convert(want.vtimezone, newline))
            for added in walk(parse_components(physical_lines(want.vtimezone))):
                if added.name == "VTIMEZONE":
                    defined.add((added.first("TZID") or "").strip())
        blocks.append(_convert(want.block, newline))
        changes.append(Change(href, "created", want.kind, want.uid))
    spans.sort()
    if any(a[1] >= b[0] for a, b in pairwise(spans)) or (
        calendar is not None and any(b <= calendar.end <= e for b, e in spans)
    ):
        return _ensure_one_by_one(text, href, interview_uid, wanted)  # nested: the slow way
    if calendar is not None and blocks:
        end = calendar.end
        replacements[end] = (end, "".join(blocks) + lines[end])
    if not replacements:
        return text, changes
    return _splice(lines, replacements), changes


def _ensure_one_by_one(
    text: str, href: str, interview_uid: str, wanted: list[Wanted]
) -> tuple[str, list[Change]]:
    changes = []
    for want in wanted:
        text, change = ensure_component(text, href, interview_uid, want)
        changes.append(change)
    return text, changes


def owned_components(
    text: str, interview_uid: str, occurrence: str = ""
) -> list[tuple[str, str, str]]:
    """(UID, kind, state) of every component of noshow's for this interview (this occurrence of
    it, for a series: see :data:`~noshow.reminders.OCCURRENCE_PROPERTY`) in ``text``."""
    lines, roots = parsed(text)
    found = []
    for component in walk(roots):
        if (
            component.name in ("VEVENT", "VTODO")
            and component.end >= 0
            and _owner(component) == interview_uid
            and (component.first(OCCURRENCE_PROPERTY) or "").strip() == occurrence
        ):
            found.append(
                (
                    (component.first("UID") or "").strip(),
                    (component.first(KIND_PROPERTY) or "").strip(),
                    state_of(_block(lines, component)),
                )
            )
    return found


def cancel_component(text: str, href: str, interview_uid: str, uid: str) -> tuple[str, Change]:
    """noshow's component ``uid`` marked STATUS:CANCELLED, without noshow's alarms (nothing
    should ring for it); completed tasks and components already cancelled stay as they are."""
    lines, roots = parsed(text)
    newline = newline_of(text) if text else "\r\n"
    for component in walk(roots):
        if (
            component.name in ("VEVENT", "VTODO")
            and component.end >= 0
            and (component.first("UID") or "").strip() == uid
            and _owner(component) == interview_uid
        ):
            kind = (component.first(KIND_PROPERTY) or "").strip()
            if state_of(_block(lines, component)) == "completed":
                return text, Change(href, "kept", kind, uid, "completed; left as it is")
            if (component.first("STATUS") or "").strip().upper() == "CANCELLED":
                return text, Change(href, "unchanged", kind, uid, "already cancelled")
            return _splice(
                lines,
                {
                    component.begin: (
                        component.end,
                        _restamped(cancelled_block(lines, component, newline)),
                    )
                },
            ), Change(href, "cancelled", kind, uid, "no longer needed for the interview")
    return text, Change(href, "unchanged", "item", uid, "not there")


def set_top_property(lines: list[str], name: str, value: str, newline: str) -> bool:
    """Replace (in place) the first property ``name`` of the component the lines are, not of a
    component nested in it, with ``NAME:value``, keeping its line ending; False when there is
    none. (One walk for every "set this property of that block": the hash, STATUS, SEQUENCE.)"""
    depth = 0
    for index, line in enumerate(lines):
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        elif depth == 1 and re.split(r"[;:]", upper, maxsplit=1)[0] == name:
            ending = line[len(line.rstrip("\r\n")) :] or newline
            lines[index] = f"{name}:{value}{ending}"
            return True
    return False


def _restamped(block: str) -> str:
    """A component of noshow's after noshow changed it (cancelled it): its fingerprint renewed,
    so it still counts as noshow's own, unedited, and can be brought back by a later version."""
    lines = physical_lines(block)
    if set_top_property(lines, HASH_PROPERTY, fingerprint(block), newline_of(block)):
        return "".join(lines)
    return block


def cancelled_block(lines: list[str], component: Component, newline: str) -> str:
    """A component's text with STATUS:CANCELLED (replacing its STATUS, or added) and without
    noshow's own alarms; alarms of anyone else stay."""
    ours = {
        index
        for child in component.children
        if child.name == "VALARM" and child.first(KIND_PROPERTY) is not None
        for index in range(child.begin - component.begin, child.end - component.begin + 1)
    }
    block = [
        line
        for offset, line in enumerate(lines[component.begin : component.end + 1])
        if offset not in ours
    ]
    if block and not block[-1].endswith(("\n", "\r")):
        block[-1] += newline
    if not set_top_property(block, "STATUS", "CANCELLED", newline):
        block.insert(len(block) - 1, "STATUS:CANCELLED" + newline)
    return "".join(block)


@dataclass(frozen=True)
class WantedAlarm:
    """One alarm noshow wants on the interview: UID, trigger key and rendered block."""

    uid: str
    trigger: object  # timedelta (relative to the start)
    action: str
    block: str


def _interview_component(roots: list[Component], invite: Invite) -> tuple[Component | None, bool]:
    """The stored interview (or, for an occurrence of a series, its master) and whether it is
    the master standing in for the occurrence."""
    target = next((c for c in walk(roots) if is_stored_copy(c, invite) and c.end >= 0), None)
    if target is None and invite.recurrence_id is not None:
        # An occurrence of a series: its alarms live on the master.
        master = replace(invite, recurrence_id=None)
        found = next((c for c in walk(roots) if is_stored_copy(c, master) and c.end >= 0), None)
        return found, found is not None
    return target, False


@dataclass
class _AlarmPass:
    """The decisions of one pass over the interview's alarms."""

    present: set[tuple[object, str]]
    replacements: dict[int, tuple[int, str]]
    changes: list[Change]
    seen: set[str]


def _existing_alarms(
    lines: list[str],
    target: Component,
    href: str,
    by_uid: dict[str, WantedAlarm],
    newline: str,
    may_remove: bool,
) -> _AlarmPass:
    done = _AlarmPass(set(), {}, [], set())
    for child in target.children:
        if child.name != "VALARM" or child.end < 0:
            continue
        uid = (child.first("UID") or "").strip()
        block = _block(lines, child)
        trigger = child.properties.get("TRIGGER")
        key = (_trigger(*trigger[0]) if trigger else None, _channel(child.first("ACTION") or ""))
        ours = child.first(KIND_PROPERTY) is not None
        if not ours or state_of(block) != "pristine":
            done.present.add(key)
            if ours and uid in by_uid:
                done.seen.add(uid)
                done.changes.append(
                    Change(href, "kept", "alarm", uid, "edited by you; left as it is")
                )
            continue
        want = by_uid.get(uid)
        if want is None or uid in done.seen:
            if may_remove:
                done.replacements[child.begin] = (child.end, "")
                done.changes.append(Change(href, "removed", "alarm", uid, "no longer wanted"))
            else:
                done.present.add(key)
            continue
        done.seen.add(uid)
        done.present.add((want.trigger, _channel(want.action)))
        if _same(block, want.block):
            done.changes.append(Change(href, "unchanged", "alarm", uid))
        else:
            done.replacements[child.begin] = (child.end, _convert(want.block, newline))
            done.changes.append(
                Change(href, "rewritten", "alarm", uid, "from the interview's current version")
            )
    return done


def sync_alarms(
    text: str, href: str, invite: Invite, wanted: list[WantedAlarm]
) -> tuple[str, list[Change], bool]:
    """The interview's own VALARMs made to match ``wanted``: noshow's pristine alarms rewritten
    (their text names the current time and link) or removed when no longer wanted, missing ones
    added; alarms of the organizer, the user or another client are never touched, and one with
    the same trigger and channel counts as present. On a series' master (standing in for one
    occurrence) nothing is removed: the other occurrences' alarms are there too.
    Returns (text, changes, found)."""
    lines, roots = parsed(text)
    target, is_master = _interview_component(roots, invite)
    if target is None:
        return text, [], False
    newline = newline_of(text) if text else "\r\n"
    by_uid = {w.uid: w for w in wanted}
    done = _existing_alarms(lines, target, href, by_uid, newline, may_remove=not is_master)
    new_blocks = []
    for want in wanted:
        if want.uid in done.seen:
            continue
        if (want.trigger, _channel(want.action)) in done.present:
            done.changes.append(
                Change(
                    href, "unchanged", "alarm", want.uid, "an alarm at that time is already there"
                )
            )
            continue
        done.present.add((want.trigger, _channel(want.action)))
        new_blocks.append(_convert(want.block, newline))
        done.changes.append(Change(href, "created", "alarm", want.uid))
    if new_blocks:
        if target.end > 0 and not lines[target.end - 1].endswith(("\n", "\r")):
            lines = [
                *lines[: target.end - 1],
                lines[target.end - 1] + newline,
                *lines[target.end :],
            ]
        done.replacements[target.end] = (target.end, "".join(new_blocks) + lines[target.end])
    return _splice(lines, done.replacements), done.changes, True
