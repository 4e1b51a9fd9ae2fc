"""The application functions behind the writing commands, shared by the CLI and the Python API.

Each takes a calendar writer (any store of :mod:`noshow.adapters`), the invites, your reminder
options, you and "now", and returns a :class:`WriteReport`: what changed, item by item, as
:class:`~noshow.calendars.writer.Change` values. The CLI only parses options, calls one of these
and renders the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars
from noshow.calendars.update import Incoming, Outcome, put_interview
from noshow.calendars.writer import (
    CalendarWriter,
    Change,
    Operation,
    Session,
    Written,
    unified_diff,
)
from noshow.check import Report, check_invites
from noshow.icsedit import append_components
from noshow.importing import event_blocks
from noshow.invites import Document, apply_cancellations, read_document
from noshow.model import InputProblem, Invite, You
from noshow.owned import uids_in
from noshow.reminders import Plan, ReminderOptions, plan_reminders
from noshow.rules import CheckSettings, Selection
from noshow.versions import current_versions

if TYPE_CHECKING:
    from noshow.adapters.open import OpenCalendar


@dataclass
class WriteReport:
    """What one run changed (or, with ``dry_run``, would change) in one calendar."""

    calendar: str
    outcomes: list[Outcome] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    skipped: list[Change] = field(default_factory=list)  # items that could not be written
    problems: list[InputProblem] = field(default_factory=list)
    dry_run: bool = False
    entries: list[Change] = field(default_factory=list)  # components added on their own

    @property
    def changes(self) -> list[Change]:
        """Every change, interview by interview, then the items that could not be written."""
        return [c for o in self.outcomes for c in o.changes] + self.entries + self.skipped

    @property
    def failed(self) -> bool:
        """Whether an interview or an item was skipped (the exit status is then 2)."""
        return any(c.action == "skipped" and c.kind in ("interview", "item") for c in self.changes)

    def first_time(self) -> list[Invite]:
        """The interviews noshow starts looking after in this run: it writes its first
        reminders to them (nothing of noshow's was there yet)."""
        found = []
        for outcome in self.outcomes:
            ours = [c for c in outcome.changes if c.kind != "interview"]
            if any(c.action == "created" for c in ours) and not any(
                c.action in ("unchanged", "rewritten", "kept", "cancelled", "removed") for c in ours
            ):
                found.append(outcome.invite)
        return found

    def diffs(self) -> list[str]:
        """A unified diff per item that changes."""
        return [unified_diff(w.before, w.after, w.href) for w in self.written]

    def as_json(self) -> dict[str, object]:
        """The ``changes`` part of ``--format json`` (a contract)."""
        return {
            "calendar": self.calendar,
            "dry_run": self.dry_run,
            "changes": [c.as_json() for c in self.changes],
            "written": [w.href for w in self.written if w.written],
        }


def missing_uid(invite: Invite) -> str | None:
    """Why noshow cannot write for an event that has no UID (None when it has one)."""
    if invite.uid != f"{invite.source}#line-{invite.line}":
        return None
    return (
        f"it has no UID (the event at line {invite.line}), so noshow could not tell it apart from "
        "others when it runs again; give it a UID line (any unique text) and run again"
    )


def _run(
    writer: CalendarWriter,
    invites: Iterable[tuple[Invite, Incoming | None]],
    options: ReminderOptions,
    you: You,
    now: datetime,
    dry_run: bool,
    progress: Callable[[], None] | None,
) -> WriteReport:
    session = Session(writer)
    report = WriteReport(writer.name, dry_run=dry_run)
    for invite, incoming in invites:
        if progress is not None:
            progress()
        reason = missing_uid(invite)
        if reason is not None:
            outcome = Outcome(invite, href=invite.source)  # named where the event is
            outcome.changes.append(Change(invite.source, "skipped", "interview", "", reason))
            report.outcomes.append(outcome)
            continue
        plan = plan_reminders(invite, options, you, now)
        stamp = invite.dtstamp or now

        def replan(href: str, text: str, wanted: Invite = invite) -> tuple[Invite, Plan] | None:
            """The stored copy of the same version, planned for (see put_interview)."""
            data = text.encode("utf-8", "surrogateescape")
            stored = [
                i
                for i in read_document(href, data, you.zone).invites
                if i.uid == wanted.uid and i.recurrence_id == wanted.recurrence_id
            ]
            if not stored:
                return None
            return stored[0], plan_reminders(stored[0], options, you, now)

        outcome = put_interview(session, invite, plan, stamp, incoming, replan=replan)
        report.outcomes.append(outcome)
    report.written = session.commit(dry_run)
    report.skipped = list(session.skipped)
    return report


def remind(
    writer: CalendarWriter,
    invites: Sequence[Invite],
    options: ReminderOptions,
    you: You,
    now: datetime,
    *,
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
) -> WriteReport:
    """Add (and keep current) the reminders, blocks and tasks of ``options`` for each interview
    already in the calendar. A second run changes nothing."""
    return _run(writer, ((i, None) for i in invites), options, you, now, dry_run, progress)


def remind_calendars(
    targets: Sequence[OpenCalendar],
    interviews: Sequence[Invite],
    options: ReminderOptions,
    you: You,
    now: datetime,
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
) -> list[WriteReport]:
    """:func:`remind` for interviews read from several calendars (``sync``, ``daily``): each
    goes to the writer of the calendar (and server collection) it was read from, each
    occurrence of a series once; one report per writer."""
    return [
        remind(writer, invites, options, you, now, dry_run=dry_run, progress=progress)
        for writer, invites in _by_writer(targets, interviews)
    ]


def _by_writer(
    targets: Sequence[OpenCalendar], interviews: Sequence[Invite]
) -> list[tuple[CalendarWriter, list[Invite]]]:
    """The interviews grouped by the writer of the calendar they are in."""
    groups: dict[int, tuple[CalendarWriter, list[Invite]]] = {}
    seen: set[tuple[str, str]] = set()
    for invite in interviews:
        key = (invite.source, f"{invite.uid}/{invite.recurrence_id}")
        if key in seen:
            continue
        seen.add(key)
        opened = next((t for t in targets if _holds(t, invite)), None)
        if opened is None:
            continue
        writer = opened.writer(invite)
        groups.setdefault(id(writer), (writer, []))[1].append(invite)
    return list(groups.values())


def _holds(opened: OpenCalendar, invite: Invite) -> bool:
    resources = getattr(opened.reader, "resources", None)
    if resources is not None:
        return invite.source in resources
    path = getattr(opened.reader, "path", None)
    if path is None:
        return False
    source = Path(invite.source)
    return source == path or path in source.parents


def import_invites(
    writer: CalendarWriter,
    documents: Sequence[Document],
    options: ReminderOptions,
    you: You,
    now: datetime,
    *,
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
) -> WriteReport:
    """Put the current version of every invite of ``documents`` into the calendar (added,
    updated, cancelled, or nothing for the same or an older version), with its reminders."""
    invites, _unmatched = apply_cancellations(
        (i for d in documents for i in d.invites), (c for d in documents for c in d.cancellations)
    )
    invites = current_versions(invites)
    texts = {d.source: d.texts for d in documents}
    pairs: list[tuple[Invite, Incoming | None]] = []
    problems: list[InputProblem] = []
    for invite in invites:
        incoming = incoming_of(invite, texts.get(invite.source, ()))
        if incoming is None:
            problems.append(
                InputProblem(
                    invite.source, f"the event {invite.uid!r} could not be located in its text"
                )
            )
            continue
        pairs.append((invite, incoming))
    report = _run(writer, pairs, options, you, now, dry_run, progress)
    report.problems.extend(problems)
    return report


def incoming_of(invite: Invite, texts: Iterable[str]) -> Incoming | None:
    """The invite's VEVENT and VTIMEZONEs as written in its own text."""
    for text in texts:
        found = event_blocks(text, invite)
        if found is not None:
            return Incoming(found[0], tuple(found[1]))
    return None


def agenda(
    calendars: Calendars,
    you: You,
    now: datetime,
    settings: CheckSettings,
    days: int,
    pattern: re.Pattern[str] | None = None,
    selection: Selection | None = None,
) -> tuple[Report, list[Invite]]:
    """The interviews of the next ``days`` days in the calendars, each checked (agenda, sync,
    daily)."""
    window = Window(now, now + timedelta(days=days))
    # One read covers the window and the margin the buffer checks look at.
    calendars.prefetch([Window(window.start - timedelta(days=1), window.end + timedelta(days=1))])
    interviews, problems = calendars.interviews(window, pattern)
    checked = check_invites(interviews, you, now, settings, selection, calendars.view)
    return Report(tuple(checked), tuple(problems) + tuple(calendars.problems)), interviews


def stored_requests(
    writer: CalendarWriter, documents: Sequence[Document], you_zone: str
) -> list[Document]:
    """For each cancellation that names its interview only by UID (no DTSTART, as RFC 5546
    allows) and whose request is not among the inputs: the request as the calendar holds it,
    so the cancellation can be matched to it (by the checks and by the import)."""
    known = {i.uid for d in documents for i in d.invites}
    found: list[Document] = []
    for uid in dict.fromkeys(c.uid for d in documents for c in d.cancellations):
        if uid in known:
            continue
        for href in writer.find(uid):
            item = writer.load(href)
            if item is None:
                continue
            data = item.text.encode("utf-8", "surrogateescape")
            document = read_document(href, data, you_zone)
            stored = tuple(i for i in document.invites if i.uid == uid)
            if stored:
                found.append(Document(href, stored, (), texts=(item.text,)))
                break
    return found


def add_entry(writer: CalendarWriter, uid: str, kind: str, block: str) -> WriteReport:
    """Add one component (a journal entry, say) once: where its UID already is, nothing
    changes; otherwise it is created (a new item in a vdir or on CalDAV)."""
    session = Session(writer)
    report = WriteReport(writer.name)
    name = "VJOURNAL" if "BEGIN:VJOURNAL" in block else "VEVENT"
    found = writer.find(uid)
    href = found[0] if found else writer.href_for(uid)
    if not found and not writer.accepts(name):
        detail = f"this calendar does not hold {name} entries"
        report.entries.append(Change(writer.name, "skipped", "item", uid, detail))
    elif not found and not writer.single and session.text(href) is not None:
        report.entries.append(Change(href, "skipped", "item", uid, "its href is taken"))
    else:
        report.entries.extend(session.apply(href, _add_once(href, uid, kind, block)))
    report.written = session.commit()
    report.skipped = list(session.skipped)
    return report


def _add_once(href: str, uid: str, kind: str, block: str) -> Operation:
    def operation(text: str) -> tuple[str, list[Change]]:
        if uid in uids_in(text):
            return text, [Change(href, "unchanged", kind, uid, "already there")]
        return append_components(text, [block]), [Change(href, "created", kind, uid)]

    return operation
