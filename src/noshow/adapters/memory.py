"""A calendar in memory: both contracts (reading a window, writing items), for fast tests and
for scripts that hold calendar text themselves (``noshow remind`` to standard output uses it).

Items are whole iCalendar texts by key; the version is a counter bumped on every store, so a
test can simulate another program's edit with :meth:`MemoryCalendar.edit_behind`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from noshow.adapters.ics_store import encode, item_name
from noshow.calendars.busy import CalendarRead, Window, read_window, readable
from noshow.calendars.store import WindowRead
from noshow.calendars.writer import Item, WriteConflict
from noshow.errors import InviteError
from noshow.model import InputProblem
from noshow.owned import uids_in


def holds_noshow_items_for(text: str, uid: str) -> bool:
    """Whether calendar text holds noshow's components related to the interview ``uid``."""
    return "X-NOSHOW-KIND" in text.upper() and uid in uids_in(text, "RELATED-TO")


@dataclass
class MemoryCalendar:
    """Items by key (``only``: one item, like an .ics file)."""

    name: str = "memory"
    items: dict[str, str] = field(default_factory=dict)
    only: str | None = None  # the key of the one item, when this stands for an .ics file
    components: frozenset[str] = frozenset({"VEVENT", "VTODO"})
    versions: dict[str, int] = field(default_factory=dict)
    stores: int = 0  # how many writes were made (tests count them)
    conflicts_left: int = 0  # simulate this many concurrent edits on the next stores

    # -- writer --------------------------------------------------------------------------------

    @property
    def single(self) -> bool:
        """Whether this stands for one .ics file (one item holding everything)."""
        return self.only is not None

    def find(self, uid: str) -> list[str]:
        if self.only is not None:
            return [self.only] if self.only in self.items else []
        return sorted(k for k, v in self.items.items() if uid in uids_in(v))

    def related(self, uid: str) -> list[str]:
        if self.only is not None:
            return [self.only] if self.only in self.items else []
        return sorted(k for k, v in self.items.items() if holds_noshow_items_for(v, uid))

    def href_for(self, uid: str) -> str:
        return self.only if self.only is not None else item_name(uid)

    def load(self, href: str) -> Item | None:
        if href not in self.items:
            return None
        return Item(href, self.items[href], self.versions.get(href, 0))

    def store(self, href: str, text: str, base: Item | None) -> None:
        if self.conflicts_left > 0:
            self.conflicts_left -= 1
            self.edit_behind(
                href,
                lambda t: (
                    t.replace("END:VCALENDAR", "X-EDIT:someone\r\nEND:VCALENDAR", 1) if t else t
                ),
            )
            raise WriteConflict(f"{href}: changed meanwhile")
        current = self.versions.get(href, 0) if href in self.items else None
        if base is None and current is not None:
            raise WriteConflict(f"{href}: already there")
        if base is not None and base.version != current:
            raise WriteConflict(f"{href}: changed meanwhile")
        self.items[href] = text
        self.versions[href] = (current or 0) + 1
        self.stores += 1

    def accepts(self, component: str) -> bool:
        return component in self.components

    def edit_behind(self, href: str, change: object) -> None:
        """Another program changes an item (a new version noshow has not seen)."""
        if href in self.items and callable(change):
            self.items[href] = change(self.items[href])
            self.versions[href] = self.versions.get(href, 0) + 1

    # -- reader --------------------------------------------------------------------------------

    def read(self, window: Window, you_zone: str) -> WindowRead:
        reads: list[tuple[CalendarRead, bytes]] = []
        problems: list[InputProblem] = []
        for key in sorted(self.items):
            data = readable(encode(self.items[key]))
            try:
                read = read_window(data, window, you_zone, key)
            except InviteError as exc:
                problems.append(InputProblem(key, str(exc), exc.line))
                continue
            problems.extend(InputProblem(key, p) for p in read.problems)
            if read.components:
                reads.append((read, data))
        return WindowRead(tuple(reads), tuple(problems))
