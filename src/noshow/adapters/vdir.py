"""A vdir (a folder of .ics files, one item each, as khal and vdirsyncer keep them) as a
calendar noshow writes into.

Items are found by what they hold, never by file name: clients name files at random, so the
first lookup reads every item once and indexes its UIDs and the interviews noshow's components
in it belong to. New items get a name derived from their UID that no other UID can produce
(:func:`noshow.adapters.ics_store.item_name`), created only where nothing is (an atomic link).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from noshow.adapters.files import CALENDAR_MAX_BYTES
from noshow.adapters.ics_file import read_text
from noshow.adapters.ics_store import encode, item_name
from noshow.adapters.memory import holds_noshow_items_for
from noshow.adapters.safe_write import ChangedOnDisk, Snapshot, write_atomic
from noshow.calendars.writer import Item, WriteConflict
from noshow.errors import InviteError
from noshow.owned import uids_in


def vdir_items(folder: Path) -> list[Path]:
    """The folder's .ics items (hidden files and folders, such as vdirsyncer's, left out)."""
    return [
        path
        for path in sorted(folder.rglob("*.ics"))
        if not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]


@dataclass
class VdirWriter:
    """A vdir folder."""

    folder: Path
    name: str = ""
    limit: int = CALENDAR_MAX_BYTES
    single: bool = False
    _uids: dict[str, set[str]] | None = field(default=None, repr=False)
    _related: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.name = self.name or str(self.folder)

    def _index(self) -> dict[str, set[str]]:
        if self._uids is None:
            self._uids = {}
            for path in vdir_items(self.folder):
                try:
                    found = read_text(path, self.limit)
                except InviteError:
                    continue  # an unreadable item is not one noshow could write into
                if found is not None:
                    self._note(str(path), found[0])
        return self._uids

    def _note(self, href: str, text: str) -> None:
        assert self._uids is not None
        for holders in (*self._uids.values(), *self._related.values()):
            holders.discard(href)
        for uid in uids_in(text):
            self._uids.setdefault(uid, set()).add(href)
        if "X-NOSHOW-KIND" in text.upper():
            for related in uids_in(text, "RELATED-TO"):
                if holds_noshow_items_for(text, related):
                    self._related.setdefault(related, set()).add(href)

    def find(self, uid: str) -> list[str]:
        return sorted(self._index().get(uid, set()))

    def related(self, uid: str) -> list[str]:
        self._index()
        return sorted(self._related.get(uid, set()))

    def href_for(self, uid: str) -> str:
        return str(self.folder / item_name(uid))

    def load(self, href: str) -> Item | None:
        found = read_text(Path(href), self.limit)
        if found is None:
            return None
        text, snapshot = found
        return Item(href, text, snapshot)

    def store(self, href: str, text: str, base: Item | None) -> None:
        snapshot = base.version if base is not None else None
        assert snapshot is None or isinstance(snapshot, Snapshot)
        try:
            write_atomic(Path(href), encode(text), snapshot, backup=False)
        except ChangedOnDisk as exc:
            raise WriteConflict(str(exc)) from exc
        if self._uids is not None:
            self._note(href, text)

    def accepts(self, component: str) -> bool:
        return True
