"""Calendars on disk, read side: an .ics file or a vdir folder (as khal and vdirsyncer keep them).

Both implement :class:`noshow.calendars.store.CalendarStore` (read the events of a window).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from noshow.adapters.files import CALENDAR_MAX_BYTES
from noshow.calendars.busy import CalendarRead, Window, read_window, readable
from noshow.calendars.store import CalendarStore, WindowRead
from noshow.config import Account
from noshow.errors import InviteError
from noshow.model import InputProblem


def _read_one(
    path: Path, source: str, window: Window, you_zone: str, limit: int, skip_idle: bool = False
) -> tuple[CalendarRead | None, bytes, InputProblem | None]:
    try:
        if path.stat().st_size > limit:
            raise InviteError(f"larger than the {limit / (1024 * 1024):.3g} MB limit for calendars")
        data = readable(path.read_bytes())
        return read_window(data, window, you_zone, source, skip_idle=skip_idle), data, None
    except InviteError as exc:
        return None, b"", InputProblem(source, str(exc), exc.line)
    except OSError as exc:
        return None, b"", InputProblem(source, f"cannot read calendar: {exc.strerror or exc}")


@dataclass
class FileCalendar:
    """A single .ics file."""

    path: Path
    max_bytes: int = CALENDAR_MAX_BYTES
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
    max_bytes: int = CALENDAR_MAX_BYTES  # for each file
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or str(self.path)

    def read(self, window: Window, you_zone: str) -> WindowRead:
        reads: list[tuple[CalendarRead, bytes]] = []
        problems: list[InputProblem] = []
        for file in sorted(self.path.rglob("*.ics")):
            if any(part.startswith(".") for part in file.relative_to(self.path).parts):
                continue
            # Items none of whose events can touch the window are not parsed (skip_idle).
            read, data, problem = _read_one(
                file, str(file), window, you_zone, self.max_bytes, skip_idle=True
            )
            if problem:
                problems.append(problem)
            if read is not None:
                problems.extend(InputProblem(str(file), p) for p in read.problems)
                if read.components:
                    reads.append((read, data))
        return WindowRead(tuple(reads), tuple(problems))


@dataclass
class StreamCalendar:
    """A calendar read once from a stream (``--calendar -``: standard input)."""

    stream: BinaryIO
    max_bytes: int = CALENDAR_MAX_BYTES
    name: str = "<stdin>"
    _data: bytes | None = None

    def read(self, window: Window, you_zone: str) -> WindowRead:
        if self._data is None:
            self._data = self.stream.read(self.max_bytes + 1)
        if len(self._data) > self.max_bytes:
            limit = f"{self.max_bytes / (1024 * 1024):.3g} MB"
            return WindowRead(
                (), (InputProblem(self.name, f"larger than the {limit} limit for calendars"),)
            )
        try:
            read = read_window(self._data, window, you_zone, self.name)
        except InviteError as exc:
            return WindowRead((), (InputProblem(self.name, str(exc), exc.line),))
        problems = tuple(InputProblem(self.name, p) for p in read.problems)
        return WindowRead(((read, self._data),), problems)


def open_calendar(spec: str, accounts: Sequence[Account] = ()) -> CalendarStore:
    """A store for a ``--calendar`` value: ``caldav:ACCOUNT[/CALENDAR]`` or an http(s) URL is a
    CalDAV calendar, ``-`` standard input, a folder is a vdir, anything else an .ics file."""
    if spec == "-":
        return StreamCalendar(sys.stdin.buffer)
    if spec.startswith(("caldav:", "http://", "https://")):
        from noshow.adapters.caldav_store import open_remote

        return open_remote(spec, accounts)
    path = Path(spec).expanduser()
    if path.is_dir():
        return VdirCalendar(path, name=spec)
    return FileCalendar(path, name=spec)
