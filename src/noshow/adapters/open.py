"""A calendar named on the command line, opened for reading and for writing.

``caldav:ACCOUNT``, ``caldav:ACCOUNT/CALENDAR`` or an http(s) URL is a CalDAV calendar, a folder
is a vdir, anything else an .ics file (created when a write needs it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from noshow.adapters.calendar_files import FileCalendar, VdirCalendar
from noshow.adapters.files import CALENDAR_MAX_BYTES
from noshow.adapters.ics_file import FileWriter
from noshow.adapters.vdir import VdirWriter
from noshow.calendars.store import CalendarStore
from noshow.calendars.writer import CalendarWriter
from noshow.config import Account
from noshow.errors import ConfigError
from noshow.model import Invite

if TYPE_CHECKING:
    from noshow.adapters.caldav_store import RemoteCalendar

REMOTE = ("caldav:", "http://", "https://")


def is_remote(spec: str) -> bool:
    """Whether a calendar spec names a CalDAV calendar."""
    return spec.startswith(REMOTE)


@dataclass
class OpenCalendar:
    """One calendar: its reader, and the writer for an interview read from it (or a new one)."""

    spec: str
    reader: CalendarStore
    _writers: dict[str, CalendarWriter] = field(default_factory=dict)

    def writer(self, invite: Invite | None = None) -> CalendarWriter:
        """The writer for ``invite`` (read from this calendar) or for new interviews."""
        from noshow.adapters.caldav_store import CalDAVCalendar

        store = self.reader
        if isinstance(store, CalDAVCalendar):
            from noshow.adapters.caldav_write import CalDAVWriter

            calendars = store.calendars()
            if invite is not None and invite.source in store.resources:
                calendar = store.resources[invite.source][0]
                key = calendar.url
                if key not in self._writers:
                    self._writers[key] = CalDAVWriter(
                        store.connection, [calendar], calendar, name=calendar.url
                    )
                return self._writers[key]
            if "" not in self._writers:
                self._writers[""] = CalDAVWriter(
                    store.connection,
                    calendars,
                    _new_interviews(store.name, calendars),
                    name=self.spec,
                )
            return self._writers[""]
        if "" not in self._writers:
            if isinstance(store, VdirCalendar):
                self._writers[""] = VdirWriter(store.path, name=self.spec)
            elif isinstance(store, FileCalendar):
                self._writers[""] = FileWriter(store.path, name=self.spec)
            else:
                raise ConfigError(f"{self.spec}: noshow cannot write into this calendar")
        return self._writers[""]

    def close(self) -> None:
        """End what the calendar holds open (a CalDAV session)."""
        close = getattr(self.reader, "close", None)
        if close is not None:
            close()


def _new_interviews(name: str, calendars: Sequence[RemoteCalendar]) -> RemoteCalendar:
    if len(calendars) == 1:
        return calendars[0]
    names = ", ".join(repr(c.name) for c in calendars) or "none"
    raise ConfigError(
        f"{name}: which calendar? name one, e.g. {name}/NAME (calendars: {names}), or set "
        "calendars in its [accounts] table"
    )


def open_for_writing(spec: str, accounts: Sequence[Account] = ()) -> OpenCalendar:
    """The calendar ``spec`` (see the module docstring)."""
    if is_remote(spec):
        from noshow.adapters.caldav_store import open_remote

        return OpenCalendar(spec, open_remote(spec, accounts))
    path = Path(spec).expanduser()
    if path.is_dir():
        return OpenCalendar(spec, VdirCalendar(path, name=spec))
    return OpenCalendar(spec, FileCalendar(path, max_bytes=CALENDAR_MAX_BYTES, name=spec))
