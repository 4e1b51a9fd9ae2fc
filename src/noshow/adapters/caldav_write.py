"""Writing to a CalDAV calendar without ever losing anyone's edit.

Every change is additive and conditional:

- the interview's own resource only gains VALARMs (spliced into the bytes of a fresh GET by
  :mod:`noshow.icsedit`, so every other byte stays as the server gave it), written with
  ``If-Match: <ETag of that GET>``. On 412 someone changed it in between: noshow fetches the new
  version, applies its additive change to it again and retries, at most :data:`RETRIES` times,
  then reports the interview as skipped. The other client's change always survives.
- reminder events, blocks and tasks are new resources at an href named after their deterministic
  UID, created with ``If-None-Match: *``: an existing resource is never replaced. A resource that
  is already there is noshow's own from an earlier run (same X-NOSHOW-KIND and RELATED-TO): it is
  left alone, or, when the interview moved, rewritten at the new times with ``If-Match``. A
  resource there that is not noshow's is left alone and reported.
- nothing is ever deleted: when an interview is cancelled, noshow's own items for it are marked
  ``STATUS:CANCELLED`` (their alarms removed) with ``If-Match``.

Each PUT is one whole resource, so a fault between two requests leaves every resource either as
it was or as intended; running again completes the rest (everything is idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import icalendar

from noshow.adapters.caldav_store import (
    CalDAVError,
    Connection,
    PreconditionFailed,
    RemoteCalendar,
    Resource,
    item_url,
)
from noshow.adapters.ics_store import apply_plans, decode, encode, unified_diff
from noshow.icsedit import Edit, render_standalone, vtimezone_block
from noshow.importing import cancel_owned, owned_items
from noshow.reminders import Addition, Plan

#: Retries after a 412 Precondition Failed, each on a freshly fetched version.
RETRIES = 3


@dataclass
class Change:
    """What happened (or would happen, with --dry-run) to one resource."""

    url: str
    action: str  # alarms-added, created, moved, cancelled, unchanged, skipped
    detail: str = ""
    diff: str = ""

    @property
    def writes(self) -> bool:
        """Whether the resource is (or, with --dry-run, would be) written."""
        return self.action in ("alarms-added", "created", "moved", "cancelled")


@dataclass
class Outcome:
    """Everything done for one interview."""

    edit: Edit | None = None
    changes: list[Change] = field(default_factory=list)


def conditional_update(
    connection: Connection,
    url: str,
    change: Any,
    dry_run: bool,
    first: Resource | None = None,
) -> tuple[Resource | None, str | None, str]:
    """Apply ``change`` (old text -> new text, or None when there is nothing to do) to the
    resource at ``url`` and write it with If-Match, re-fetching and re-applying after each 412.

    Returns (the version the change was based on, the new text or None, what happened:
    ``written``, ``unchanged``, ``would-write``, ``gone`` or ``conflict``)."""
    resource = first if first is not None else connection.get(url)
    for _attempt in range(RETRIES + 1):
        if resource is None:
            return None, None, "gone"
        text = decode(resource.data)
        new_text = change(text)
        if new_text is None or new_text == text:
            return resource, None, "unchanged"
        if dry_run:
            return resource, new_text, "would-write"
        if not resource.etag:
            raise CalDAVError(
                f"{connection.account.server}: {url} came without an ETag; noshow writes only "
                "with a precondition, so it changed nothing there"
            )
        try:
            connection.put(url, encode(new_text), etag=resource.etag)
        except PreconditionFailed:
            resource = connection.get(url)
            continue
        return resource, new_text, "written"
    return resource, None, "conflict"


def create(connection: Connection, url: str, text: str, dry_run: bool) -> bool:
    """Create a resource only where nothing is (If-None-Match: *); False when something is."""
    if dry_run:
        return True
    try:
        connection.put(url, encode(text), create=True)
    except PreconditionFailed:
        return False
    return True


def _times(data: bytes) -> tuple[Any, ...] | None:
    """The start, end and due of the first component of a resource, to tell a moved item."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return None
    for component in calendar.walk():
        if component.name in ("VEVENT", "VTODO"):
            return tuple(getattr(component.get(p), "dt", None) for p in ("DTSTART", "DTEND", "DUE"))
    return None


def _completed(data: bytes) -> bool:
    return b"STATUS:COMPLETED" in data.upper()


def remind_interview(
    connection: Connection,
    calendar: RemoteCalendar,
    url: str,
    plan: Plan,
    stamp: datetime,
    dry_run: bool,
    first: Resource | None = None,
    cancelled: bool = False,
) -> Outcome:
    """Add the plan's alarms to the interview at ``url`` and its additions as new resources."""
    outcome = Outcome()
    if plan.skipped and not cancelled:
        outcome.changes.append(Change(url, "skipped", plan.skipped))
        return outcome
    alarms_only = replace(plan, additions=())
    edits: list[Edit] = []

    def add_alarms(text: str) -> str | None:
        new_text, found = apply_plans(text, [alarms_only], stamp)
        edits[:] = found
        return new_text if found and found[0].found else None

    base: Resource | None = first
    if plan.alarms and not cancelled:
        base, new_text, status = conditional_update(connection, url, add_alarms, dry_run, first)
        if status == "gone":
            outcome.changes.append(Change(url, "skipped", "deleted on the server meanwhile"))
            return outcome
        if status == "conflict":
            outcome.changes.append(
                Change(url, "skipped", f"changed by another client {RETRIES + 1} times in a row")
            )
            return outcome
        if edits and not edits[0].found:
            outcome.changes.append(Change(url, "skipped", "the interview is no longer there"))
            return outcome
        outcome.edit = edits[0] if edits else None
        if new_text is not None and base is not None:
            count = len(outcome.edit.alarms) if outcome.edit else 0
            outcome.changes.append(
                Change(
                    url,
                    "alarms-added",
                    f"{count} alarm(s)",
                    unified_diff(decode(base.data), new_text, url) if dry_run else "",
                )
            )
    if base is None:
        base = connection.get(url)
        if base is None:
            outcome.changes.append(Change(url, "skipped", "deleted on the server meanwhile"))
            return outcome
    _additions(connection, calendar, plan, stamp, decode(base.data), dry_run, cancelled, outcome)
    return outcome


def _additions(
    connection: Connection,
    calendar: RemoteCalendar,
    plan: Plan,
    stamp: datetime,
    interview_text: str,
    dry_run: bool,
    cancelled: bool,
    outcome: Outcome,
) -> None:
    tzid = plan.invite.start.tzid
    vtimezone = vtimezone_block(interview_text, tzid) if tzid else None
    wanted: dict[str, Addition] = {}
    for addition in plan.additions:
        if addition.name not in calendar.components:
            outcome.changes.append(
                Change(
                    item_url(calendar, addition.uid),
                    "skipped",
                    f"{calendar.name!r} does not hold {addition.name} ({addition.kind})",
                )
            )
            continue
        wanted[item_url(calendar, addition.uid)] = addition
    existing = connection.multiget(calendar, list(wanted)) if wanted else {}
    if cancelled:
        # Every item of noshow's for this interview, whatever the plan would have been.
        for url in existing:
            _cancel_item(connection, url, plan.invite.uid, dry_run, outcome)
        return
    for url, addition in wanted.items():
        text = render_standalone(addition, plan.invite, stamp, vtimezone)
        there: Resource | None = existing.get(url)
        if there is None:
            if create(connection, url, text, dry_run):
                outcome.changes.append(
                    Change(
                        url,
                        "created",
                        addition.kind,
                        unified_diff("", text, url) if dry_run else "",
                    )
                )
                continue
            there = connection.get(url)  # created by someone in between
            if there is None:
                detail = "its UID is already in the calendar at another href"
                outcome.changes.append(Change(url, "skipped", detail))
                continue
        _keep_or_move(connection, url, there, addition, text, plan.invite.uid, dry_run, outcome)


def _keep_or_move(
    connection: Connection,
    url: str,
    resource: Resource,
    addition: Addition,
    text: str,
    uid: str,
    dry_run: bool,
    outcome: Outcome,
) -> None:
    """An item is already at the href: noshow's own stays (or moves with the interview)."""
    if not owned_items(decode(resource.data), uid):
        detail = "completed" if _completed(resource.data) else "not noshow's; left alone"
        outcome.changes.append(Change(url, "unchanged", detail))
        return
    if _times(resource.data) == _times(encode(text)):
        outcome.changes.append(Change(url, "unchanged", addition.kind))
        return

    def moved(current: str) -> str | None:
        return text if owned_items(current, uid) else None

    base, new_text, status = conditional_update(connection, url, moved, dry_run, resource)
    if status in ("written", "would-write") and base is not None and new_text is not None:
        diff = unified_diff(decode(base.data), new_text, url) if dry_run else ""
        outcome.changes.append(Change(url, "moved", addition.kind, diff))
    elif status == "conflict":
        outcome.changes.append(Change(url, "skipped", "changed by another client meanwhile"))
    else:
        outcome.changes.append(Change(url, "unchanged", addition.kind))


def _cancel_item(
    connection: Connection,
    url: str,
    uid: str,
    dry_run: bool,
    outcome: Outcome,
) -> None:
    def cancel(current: str) -> str | None:
        return cancel_owned(current, uid)

    # From a GET, not the multiget's copy: only a GET gives the bytes exactly.
    base, new_text, status = conditional_update(connection, url, cancel, dry_run)
    if status in ("written", "would-write") and base is not None and new_text is not None:
        diff = unified_diff(decode(base.data), new_text, url) if dry_run else ""
        outcome.changes.append(Change(url, "cancelled", "noshow's item", diff))
    elif status == "conflict":
        outcome.changes.append(Change(url, "skipped", "changed by another client meanwhile"))
