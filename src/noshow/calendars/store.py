"""The calendar store interface (the reader contract) and :class:`Calendars`, which combines
stores.

Every calendar store offers the same small interface, :class:`CalendarStore`: read the events of
a window. :class:`Calendars` combines several stores, reads each once per window, and answers the
questions the rules ask (busy time around an interview, its alarms) and the agenda asks (which
events in the window are interviews). Stores live in ``noshow.adapters`` (files, vdirs, CalDAV,
memory); this module does no I/O itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from noshow.calendars.busy import BusyEvent, CalendarRead, Window
from noshow.calendars.interviews import interview_document, is_interview
from noshow.calendars.scan import event_bytes
from noshow.invites import shift
from noshow.model import InputProblem, Invite
from noshow.rules import CalendarView, StoredCopy

#: Busy time is read this far either side of an interview.
MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class WindowRead:
    """One store's answer for one window: reads per file (a vdir has many)."""

    reads: tuple[tuple[CalendarRead, bytes], ...]
    problems: tuple[InputProblem, ...]


class CalendarStore(Protocol):
    """Anything that can give the events of a window."""

    name: str

    def read(self, window: Window, you_zone: str) -> WindowRead:
        """Busy time and occurrences of the window, with the bytes they came from."""
        ...


def merge_windows(windows: Iterable[Window]) -> list[Window]:
    """Overlapping or touching windows joined, in time order."""
    merged: list[Window] = []
    for window in sorted(windows, key=lambda w: w.start):
        if merged and window.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Window(last.start, max(last.end, window.end))
        else:
            merged.append(window)
    return merged


@dataclass
class Calendars:
    """Several stores, read once per window, answering the rules' and the agenda's questions."""

    stores: Sequence[CalendarStore]
    you_zone: str
    problems: list[InputProblem] = field(default_factory=list)
    _cache: list[tuple[Window, list[WindowRead]]] = field(default_factory=list)

    def close(self) -> None:
        """End what the stores hold open (a CalDAV store's HTTP session)."""
        for store in self.stores:
            close = getattr(store, "close", None)
            if close is not None:
                close()

    def prefetch(self, windows: Iterable[Window]) -> None:
        """Read every store for each merged window (so many interviews cost one read)."""
        for window in merge_windows(windows):
            if not any(w.start <= window.start and window.end <= w.end for w, _ in self._cache):
                reads = [store.read(window, self.you_zone) for store in self.stores]
                for read in reads:
                    self.problems.extend(read.problems)
                self._cache.append((window, reads))

    def _covering(self, window: Window) -> list[WindowRead]:
        for cached, reads in self._cache:
            if cached.start <= window.start and window.end <= cached.end:
                return reads
        self.prefetch([window])
        return self._covering(window)

    @staticmethod
    def window_for(invite: Invite) -> Window:
        """The span read around an interview."""
        end = invite.end.instant if invite.end else invite.start.instant
        return Window(invite.start.instant - MARGIN, end + MARGIN)

    def view(self, invite: Invite) -> CalendarView:
        """Busy time around the interview (never itself) and the alarms on its own entry."""
        window = self.window_for(invite)
        busy: list[BusyEvent] = []
        alarms: int | None = None
        copies: list[StoredCopy] = []
        for store_read in self._covering(window):
            for read, data in store_read.reads:
                busy.extend(
                    b
                    for b in read.busy
                    # Never the interview itself, nor noshow's own prep block for it.
                    if invite.uid not in (b.uid, b.serves)
                    and b.end >= window.start
                    and b.start <= window.end
                )
                # Busy-time reads leave alarms out (scan._slim): count them in the file's bytes.
                # The entry counts even when an older version of it lies outside the window.
                blocks = event_bytes(data, invite.uid)
                if blocks:
                    count = max(block.count(b"BEGIN:VALARM") for block in blocks)
                    alarms = max(alarms or 0, count)
                    copies.extend(self._copies(data, read.source, invite))
        busy.sort(key=lambda b: (b.start, b.end))
        sources = tuple(s.name for s in self.stores)
        return CalendarView(tuple(busy), alarms, sources, tuple(copies))

    def _copies(self, data: bytes, source: str, invite: Invite) -> list[StoredCopy]:
        """The versions of the interview's own entry stored in one calendar file: the override
        for its occurrence if there is one, else the series or single event."""
        stored = interview_document(data, invite.uid, source, self.you_zone).invites
        own = [v for v in stored if v.recurrence_id == invite.recurrence_id]
        if not own:
            own = [v for v in stored if v.recurrence_id is None]
        return [StoredCopy(source, v.sequence, v.dtstamp, v.start.instant) for v in own]

    def view_window(self, window: Window) -> list[BusyEvent]:
        """Every busy interval of every store that touches the window, in time order."""
        busy = [
            b
            for store_read in self._covering(window)
            for read, _ in store_read.reads
            for b in read.busy
            if b.end > window.start and b.start < window.end
        ]
        return sorted(busy, key=lambda b: (b.start, b.end))

    def interviews(
        self, window: Window, pattern: re.Pattern[str] | None = None
    ) -> tuple[list[Invite], list[InputProblem]]:
        """Every interview occurrence starting in the window, as Invite values, in time order."""
        invites: dict[tuple[str, str, datetime], Invite] = {}
        problems: list[InputProblem] = []
        for store_read in self._covering(window):
            for read, data in store_read.reads:
                documents: dict[str, list[Invite]] = {}
                managed = _managed(data) if pattern is None else frozenset()
                for occurrence in read.components:
                    uid = str(occurrence.get("UID", ""))
                    if occurrence.get("X-NOSHOW-KIND") is not None:
                        continue  # noshow's own reminder events and blocks
                    if uid not in managed and not is_interview(occurrence, read.method, pattern):
                        continue
                    if uid not in documents:
                        document = interview_document(data, uid, read.source, self.you_zone)
                        problems.extend(document.problems)
                        documents[uid] = list(document.invites)
                    invite = occurrence_invite(documents[uid], occurrence)
                    if invite is not None and window.start <= invite.start.instant < window.end:
                        invites[(read.source, uid, invite.start.instant)] = invite
        ordered = sorted(invites.values(), key=lambda i: i.start.instant)
        return ordered, problems


_RELATED = re.compile(rb"^RELATED-TO(?:;[^:\r\n]*)?:([^\r\n]*)", re.MULTILINE | re.IGNORECASE)
_UID = re.compile(rb"^UID(?:;[^:\r\n]*)?:([^\r\n]*)", re.MULTILINE | re.IGNORECASE)


def _managed(data: bytes) -> frozenset[str]:
    """The UIDs of the events noshow already looks after in this file (its components point to
    them, or they carry its alarms): interviews, whatever their titles say, because you asked
    noshow to remind you of them."""
    if b"X-NOSHOW-KIND" not in data:
        return frozenset()
    unfolded = re.sub(rb"\r?\n[ \t]", b"", data)
    found = {m.group(1).strip().decode("utf-8", "replace") for m in _RELATED.finditer(unfolded)}
    for block in unfolded.split(b"BEGIN:VEVENT")[1:]:
        if b"X-NOSHOW-KIND:alarm" in block:
            uid = _UID.search(block)
            if uid:
                found.add(uid.group(1).strip().decode("utf-8", "replace"))
    return frozenset(found)


def occurrence_invite(versions: list[Invite], occurrence: Any) -> Invite | None:
    """The Invite for one occurrence: its own override, the single event, or the master moved.

    A recurring master's occurrence keeps the master's details with its start and end moved by
    the wall-clock distance to the occurrence (so 09:00 stays 09:00 across DST, as the rule says).
    """
    value = getattr(occurrence.get("DTSTART"), "dt", None)
    if not isinstance(value, datetime) or not versions:
        return versions[0] if versions else None
    wall = value.replace(tzinfo=None)
    for invite in versions:
        if invite.recurrence_id is not None and invite.start.wall == wall:
            return invite
    master = next((i for i in versions if i.recurrence_id is None), versions[0])
    if not master.recurring or master.start.wall == wall:
        return master
    delta = wall - master.start.wall
    return replace(
        master,
        start=shift(master.start, delta),
        end=shift(master.end, delta) if master.end else None,
        recurrence_id=value,  # one invite per occurrence, not one per series (versions.py)
    )
