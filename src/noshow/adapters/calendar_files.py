"""Calendars on disk: an .ics file or a vdir folder (as khal and vdirsyncer keep them).

Every calendar store offers the same small interface, :class:`CalendarStore`: read the events
of a window. :class:`Calendars` combines several stores, reads each once per window, and answers
the questions the rules ask (busy time around an interview, its alarms) and the agenda asks (which
events in the window are interviews). A CalDAV store only has to implement ``read``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from noshow.adapters.files import DEFAULT_MAX_BYTES
from noshow.calendars.busy import BusyEvent, CalendarRead, Window, read_window
from noshow.calendars.interviews import interview_document, is_interview
from noshow.calendars.scan import event_bytes
from noshow.errors import InviteError
from noshow.invites import shift
from noshow.model import InputProblem, Invite
from noshow.rules import CalendarView

if TYPE_CHECKING:
    from noshow.adapters.caldav_store import Account

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


def _read_one(
    path: Path, source: str, window: Window, you_zone: str, limit: int
) -> tuple[CalendarRead | None, bytes, InputProblem | None]:
    try:
        if path.stat().st_size > limit:
            raise InviteError(f"larger than the {limit / (1024 * 1024):.3g} MB limit for calendars")
        data = path.read_bytes()
        return read_window(data, window, you_zone, source), data, None
    except InviteError as exc:
        return None, b"", InputProblem(source, str(exc), exc.line)
    except OSError as exc:
        return None, b"", InputProblem(source, f"cannot read calendar: {exc.strerror or exc}")


@dataclass
class FileCalendar:
    """A single .ics file."""

    path: Path
    max_bytes: int = 20 * DEFAULT_MAX_BYTES
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or str(self.path)

    def read(self, window: Window, you_zone: str) -> WindowRead:
        read, data, problem = _read_one(self.path, self.name, window, you_zone, self.max_bytes)
        problems: tuple[InputProblem, ...] = (problem,) if problem else ()
        if read is not None:
            problems += tuple(InputProblem(self.name, p) for p in read.problems)
        return WindowRead(((read, data),) if read else (), problems)


@dataclass
class VdirCalendar:
    """A folder of .ics files, one event (with its overrides) per file."""

    path: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or str(self.path)

    def read(self, window: Window, you_zone: str) -> WindowRead:
        reads: list[tuple[CalendarRead, bytes]] = []
        problems: list[InputProblem] = []
        for file in sorted(self.path.rglob("*.ics")):
            if any(part.startswith(".") for part in file.relative_to(self.path).parts):
                continue
            read, data, problem = _read_one(file, str(file), window, you_zone, self.max_bytes)
            if problem:
                problems.append(problem)
            if read is not None:
                problems.extend(InputProblem(str(file), p) for p in read.problems)
                if read.components:
                    reads.append((read, data))
        return WindowRead(tuple(reads), tuple(problems))


def open_calendar(spec: str, accounts: Sequence[Account] = ()) -> CalendarStore:
    """A store for a ``--calendar`` value: ``caldav:ACCOUNT[/CALENDAR]`` or an http(s) URL is a
    CalDAV calendar, a folder is a vdir, anything else an .ics file."""
    if spec.startswith(("caldav:", "http://", "https://")):
        from noshow.adapters.caldav_store import open_remote

        return open_remote(spec, accounts)
    path = Path(spec).expanduser()
    if path.is_dir():
        return VdirCalendar(path, name=spec)
    return FileCalendar(path, name=spec)


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
                if any(str(o.get("UID", "")) == invite.uid for o in read.components):
                    # Busy-time reads leave alarms out (scan._slim): count them in the file's bytes.
                    blocks = event_bytes(data, invite.uid)
                    count = max((block.count(b"BEGIN:VALARM") for block in blocks), default=0)
                    alarms = max(alarms or 0, count)
        busy.sort(key=lambda b: (b.start, b.end))
        return CalendarView(tuple(busy), alarms, tuple(s.name for s in self.stores))

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
                for occurrence in read.components:
                    uid = str(occurrence.get("UID", ""))
                    if not is_interview(occurrence, read.method, pattern):
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
