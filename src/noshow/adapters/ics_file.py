"""An .ics file as a calendar noshow writes into: one item holding everything.

Reads and writes the whole file once per run, however many interviews are touched (the
session keeps its working text); every write is atomic, made only if the file is still what
was read (see :mod:`noshow.adapters.safe_write`), and keeps a ``.bak`` of the file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from noshow.adapters.files import CALENDAR_MAX_BYTES
from noshow.adapters.ics_store import decode, encode
from noshow.adapters.safe_write import ChangedOnDisk, Snapshot, write_atomic
from noshow.calendars.writer import EMPTY_CALENDAR, Item, WriteConflict
from noshow.errors import InviteError


def read_text(path: Path, limit: int = CALENDAR_MAX_BYTES) -> tuple[str, Snapshot] | None:
    """A calendar file's text and snapshot, None when there is no file."""
    try:
        if path.stat().st_size > limit:
            raise InviteError(
                f"{path}: larger than the {limit / (1024 * 1024):.3g} MB limit for calendars"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InviteError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return decode(data), Snapshot.take(path, data)


@dataclass
class FileWriter:
    """A single .ics file (created when it does not exist yet)."""

    path: Path
    name: str = ""
    backup: bool = True
    backups: list[Path] = field(default_factory=list)  # the .bak files made, for messages
    single: bool = True

    def __post_init__(self) -> None:
        self.name = self.name or str(self.path)

    @property
    def href(self) -> str:
        return str(self.path)

    def find(self, uid: str) -> list[str]:
        return [self.href] if self.path.exists() else []

    def related(self, uid: str) -> list[str]:
        return [self.href] if self.path.exists() else []

    def href_for(self, uid: str) -> str:
        return self.href

    def load(self, href: str) -> Item | None:
        found = read_text(self.path)
        if found is None:
            return None
        text, snapshot = found
        if not text.strip():
            # An empty file (touch calendar.ics) is an empty calendar: it gets one.
            return Item(href, EMPTY_CALENDAR, snapshot)
        if "BEGIN:VCALENDAR" not in text.upper():
            raise InviteError(
                f"{self.path}: not an iCalendar file (no BEGIN:VCALENDAR); nothing written"
            )
        return Item(href, text, snapshot)

    def store(self, href: str, text: str, base: Item | None) -> None:
        snapshot = base.version if base is not None else None
        assert snapshot is None or isinstance(snapshot, Snapshot)
        try:
            made = write_atomic(
                self.path, encode(text), snapshot, backup=self.backup and base is not None
            )
        except ChangedOnDisk as exc:
            raise WriteConflict(str(exc)) from exc
        if made is not None and made not in self.backups:
            self.backups.append(made)

    def accepts(self, component: str) -> bool:
        return True
