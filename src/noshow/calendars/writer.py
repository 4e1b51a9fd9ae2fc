"""The writer contract: how noshow changes a calendar, the same way for every kind of store.

A calendar, to noshow, is a set of *items*: whole iCalendar texts, each at an ``href`` with a
version token. An .ics file is one item holding everything; a vdir folder has one item per file;
a CalDAV calendar one per resource; the in-memory store one per key. A :class:`CalendarWriter`
offers the few operations noshow needs: find the items holding a UID, find the items holding
noshow's own components for an interview, load an item, and store a new text for it on the
condition that it is still the version loaded (or, for a new item, that nothing is there).

Every change goes through a :class:`Session`: a working copy of the items touched in one run,
built from *operations* (pure functions from an item's text to its new text). ``commit`` writes
each changed item once; when a store says the item changed since it was loaded, the session loads
it again and re-applies the operations to the new version (so the other program's edit is kept
and noshow's is made on top), at most :data:`RETRIES` times, then reports the item as skipped.

Nothing here does I/O: the stores in :mod:`noshow.adapters` do, behind this protocol.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from noshow.calendars import indexed
from noshow.calendars.indexed import IndexedText

#: Re-applications after a store reports a concurrent change, each on a fresh version.
RETRIES = 3

EMPTY_CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow//noshow//EN\r\nEND:VCALENDAR\r\n"
)

Action = Literal[
    "added",  # the interview was put into the calendar
    "updated",  # a newer version of the interview replaced the stored one
    "cancelled",  # the interview (or one of noshow's items) was marked STATUS:CANCELLED
    "older",  # the invite is an older version than the stored one: nothing changed
    "not-found",  # a CANCEL for an interview the calendar does not hold
    "created",  # one of noshow's items (or alarms) was added
    "rewritten",  # one of noshow's items (or alarms) was rewritten from the current version
    "removed",  # one of noshow's alarms was removed (no longer wanted)
    "zone-replaced",  # a stale VTIMEZONE was replaced by tzdata's rules
    "unchanged",  # already as wanted
    "kept",  # edited or completed by someone: left exactly as it is
    "skipped",  # could not be done (the detail says why)
]
#: The actions that change (or, in a dry run, would change) an item.
WRITING: frozenset[str] = frozenset(
    {"added", "updated", "cancelled", "created", "rewritten", "removed", "zone-replaced"}
)


@dataclass(frozen=True)
class Change:
    """What happened (or, in a dry run, would happen) to one thing in one item."""

    href: str  # the item: a path, a URL or a memory key
    action: Action
    kind: str  # "interview", "alarm", "reminder", "prep", "travel", "tech-check", "confirm", ...
    uid: str = ""
    detail: str = ""

    @property
    def writes(self) -> bool:
        """Whether this change writes (or would write) the item."""
        return self.action in WRITING

    def as_json(self) -> dict[str, str]:
        """The JSON object of ``--format json`` (a contract: keys never change meaning)."""
        return {
            "href": self.href,
            "action": self.action,
            "kind": self.kind,
            "uid": self.uid,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Item:
    """One item as loaded: where it is, its text and the version it was loaded at."""

    href: str
    text: str
    version: object  # a file snapshot, an ETag, a counter: only the store reads it


class WriteConflict(Exception):
    """The item changed since it was loaded, or (creating) something is already there."""


class CalendarWriter(Protocol):
    """The operations noshow needs to change a calendar (see the module docstring)."""

    name: str

    @property
    def single(self) -> bool:
        """True when every component lives in one item (an .ics file): new components go into
        it. False when each UID has its own item (a vdir, CalDAV): a new one needs a free href."""
        ...

    def find(self, uid: str) -> list[str]:
        """The hrefs of the items holding an event or task with this UID."""
        ...

    def related(self, uid: str) -> list[str]:
        """The hrefs of the items holding noshow's components for the interview ``uid``."""
        ...

    def href_for(self, uid: str) -> str:
        """Where a new item holding this UID goes (an .ics file: the file itself)."""
        ...

    def load(self, href: str) -> Item | None:
        """The item at ``href``, or None when there is none."""
        ...

    def store(self, href: str, text: str, base: Item | None) -> None:
        """Write ``text`` at ``href`` if it is still the version ``base`` (or, when ``base`` is
        None, only if nothing is there). Raises WriteConflict otherwise."""
        ...

    def accepts(self, component: str) -> bool:
        """Whether the calendar may hold this component (VEVENT, VTODO)."""
        ...


Operation = Callable[[str], tuple[str, list[Change]]]


class _Working:
    """One item's working copy: its text, or (a big item) the text as indexed pieces."""

    def __init__(self, base: Item | None, text: str) -> None:
        self.base = base
        self._text: str | None = text
        self.indexed: IndexedText | None = None
        self.index_tried = False
        self.operations: list[Operation] = []
        self.changes: list[Change] = []

    @property
    def text(self) -> str:
        if self._text is None:
            assert self.indexed is not None
            self._text = self.indexed.text()
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value
        self.indexed = None
        self.index_tried = False

    def index(self) -> IndexedText | None:
        """The indexed pieces of a big item (built on first use), None for a small one."""
        if self.indexed is None and not self.index_tried:
            self.index_tried = True
            text = self.text
            if len(text) >= indexed.INDEX_FROM:
                self.indexed = IndexedText.build(text)
        return self.indexed


@dataclass(frozen=True)
class Written:
    """One item after commit: its text before and after (for diffs), and whether it was
    written (False in a dry run, or when it could not be written)."""

    href: str
    before: str | None
    after: str
    written: bool


_DELETED = "deleted by another program meanwhile; nothing written"


class Session:
    """A working copy of the items one run touches (see the module docstring)."""

    def __init__(self, writer: CalendarWriter) -> None:
        self.writer = writer
        self._items: dict[str, _Working] = {}
        self.skipped: list[Change] = []

    def text(self, href: str) -> str | None:
        """The item's current working text (None when there is no such item)."""
        working = self._load(href)
        return None if working.base is None and not working.operations else working.text

    def exists(self, href: str) -> bool:
        """Whether there is such an item (in the store, or created in this session)."""
        working = self._load(href)
        return working.base is not None or bool(working.operations)

    def view(self, href: str, uids: Iterable[str]) -> str | None:
        """The item's working text for questions about these UIDs only (their components, the
        calendar's VTIMEZONEs and properties): a big item's excerpt, a small item's whole text
        (None when there is no such item). See :mod:`noshow.calendars.indexed`."""
        if not self.exists(href):
            return None
        working = self._load(href)
        index = working.index()
        return working.text if index is None else index.excerpt(uids)

    def _load(self, href: str) -> _Working:
        if href not in self._items:
            item = self.writer.load(href)
            self._items[href] = _Working(item, item.text if item else EMPTY_CALENDAR)
        return self._items[href]

    def apply(
        self, href: str, operation: Operation, uids: Iterable[str] | None = None
    ) -> list[Change]:
        """Apply one operation to the item's working text and record it for re-application.

        ``uids``: the operation only looks at these UIDs' components (and the calendar's
        VTIMEZONEs and END line), so on a big item it may run on their excerpt."""
        working = self._load(href)
        index = working.index() if uids is not None else None
        if uids is not None and index is not None:
            changed, changes = index.apply(operation, uids)
            if changed:
                working._text = None  # joined again when asked for
        else:
            text, changes = operation(working.text)
            changed = text != working.text
            if changed:
                working.text = text
        if changed or any(c.writes for c in changes):
            working.operations.append(operation)
        working.changes.extend(changes)
        return changes

    def pending(self) -> list[str]:
        """The hrefs whose text differs from what was loaded."""
        return [
            href
            for href, w in self._items.items()
            if w.operations and (w.base is None or w.text != w.base.text)
        ]

    def commit(self, dry_run: bool = False) -> list[Written]:
        """Write every changed item once (nothing in a dry run)."""
        results = []
        for href in self.pending():
            working = self._items[href]
            before = working.base.text if working.base else None
            if dry_run:
                results.append(Written(href, before, working.text, False))
                continue
            results.append(self._write(href, working))
        return results

    def _write(self, href: str, working: _Working) -> Written:
        for _attempt in range(RETRIES + 1):
            try:
                self.writer.store(href, working.text, working.base)
            except WriteConflict:
                fresh = self.writer.load(href)
                if fresh is None and working.base is not None:
                    # Deleted meanwhile: never brought back with only noshow's part of it.
                    self.skipped.append(Change(href, "skipped", "item", detail=_DELETED))
                    return Written(href, working.base.text, working.text, False)
                text = fresh.text if fresh else EMPTY_CALENDAR
                changes: list[Change] = []
                for operation in working.operations:
                    text, more = operation(text)
                    changes.extend(more)
                working.base, working.text, working.changes = fresh, text, changes
                if fresh is not None and text == fresh.text:
                    return Written(href, fresh.text, text, False)
                continue
            return Written(href, working.base.text if working.base else None, working.text, True)
        self.skipped.append(
            Change(
                href,
                "skipped",
                "item",
                detail=f"changed by another program {RETRIES + 1} times in a row; nothing written",
            )
        )
        return Written(href, working.base.text if working.base else None, working.text, False)

    def changes(self) -> list[Change]:
        """Every change recorded, in order (after commit: as finally applied)."""
        return [c for w in self._items.values() for c in w.changes] + self.skipped


def unified_diff(old: str | None, new: str, name: str) -> str:
    """A unified diff of an item before and after, line endings shown as they are."""
    lines = difflib.unified_diff(
        (old or "").splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{name} (now)" if old is not None else "/dev/null",
        tofile=f"{name} (with noshow's changes)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
