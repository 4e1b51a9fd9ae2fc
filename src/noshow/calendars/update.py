"""One algorithm for putting an interview and everything noshow adds for it into any calendar.

It works on a :class:`~noshow.calendars.writer.Session` over any
:class:`~noshow.calendars.writer.CalendarWriter`, so an .ics file, a vdir, a CalDAV calendar and
the in-memory store behave the same, step for step:

1. **Find the interview wherever it is**: by UID, across every item (never by file name).
2. **Import** (when an invite is given): add it, update it to a newer version, cancel it, or
   change nothing when it is the same or an older version (:func:`noshow.importing.upsert`).
3. **Alarms on the interview**: noshow's are made to match the plan from the current version
   (rewritten, added, or removed when no longer wanted); nobody else's alarm is touched.
4. **noshow's components next to it** (reminder events, blocks, tasks): each is found wherever it
   is and rewritten from the current version when it says something else, created where missing
   (a new item in a vdir or on CalDAV, inside the file for an .ics file), and marked
   STATUS:CANCELLED when no longer wanted (the interview was cancelled, or changed kind).

Edited and completed components are the user's: left exactly as they are (:mod:`noshow.owned`).
Nothing is ever deleted: a cancellation is a status, the same on every store, because a deleted
item cannot be told from one that never existed by the people and programs that sync it, and a
deletion is the one change that loses an edit made elsewhere in the meantime.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from noshow.calendars.writer import Change, Item, Operation, Session
from noshow.icsedit import (
    Edit,
    TimeStyle,
    _addition,
    _alarm,
    _as_written,
    _text,
    _vtimezone,
    is_stored_copy,
    parsed,
    style_for,
    vtimezone_block,
    walk,
)
from noshow.importing import upsert
from noshow.model import Invite
from noshow.owned import (
    Wanted,
    WantedAlarm,
    cancel_component,
    ensure_components,
    owned_components,
    sync_alarms,
    with_hash,
)
from noshow.reminders import Plan, occurrence_key
from noshow.zones import zone

_TAKEN = "another item (not noshow's) is already at that href; left alone"


@dataclass(frozen=True)
class Incoming:
    """An invite to import: its VEVENT and the VTIMEZONEs it uses, as written in the invite."""

    block: str
    zones: tuple[str, ...] = ()


@dataclass
class Outcome:
    """Everything done (or, in a dry run, to be done) for one interview."""

    invite: Invite
    href: str | None = None  # where the interview is (or goes)
    changes: list[Change] = field(default_factory=list)

    @property
    def action(self) -> str:
        """What happened to the interview itself."""
        for change in self.changes:
            if change.kind == "interview" and change.action != "zone-replaced":
                return change.action
        skipped = next((c for c in self.changes if c.action == "skipped"), None)
        return "skipped" if skipped else "unchanged"

    @property
    def writes(self) -> bool:
        """Whether anything is (or would be) written for it."""
        return any(c.writes for c in self.changes)


def put_interview(
    session: Session,
    invite: Invite,
    plan: Plan,
    stamp: datetime,
    incoming: Incoming | None = None,
    replan: Callable[[str, str], tuple[Invite, Plan] | None] | None = None,
) -> Outcome:
    """Put one interview (``incoming``: import it first) and its plan into the session's
    calendar. The changes are made in the session; ``session.commit()`` writes them.

    When the calendar already holds the same version, what noshow writes follows the stored
    copy, not the invite given: ``replan(href, item text)`` reads it and plans for it (without
    it, an invite of the same version but other content would move the reminders back and forth
    between runs)."""
    writer = session.writer
    outcome = Outcome(invite)
    found = [h for h in writer.find(invite.uid) if _holds(session, h, invite)]
    href = found[0] if found else None
    if incoming is not None:
        if href is None:
            href = writer.href_for(invite.uid)
            if not writer.single and session.exists(href):
                outcome.changes.append(Change(href, "skipped", "interview", invite.uid, _TAKEN))
                return outcome
        block, zones = incoming.block, list(incoming.zones)
        target = href
        changes = session.apply(
            target, lambda text: upsert(text, target, invite, block, zones), [invite.uid]
        )
        outcome.changes.extend(changes)
        if any(c.kind == "interview" and c.action in ("older", "not-found") for c in changes):
            outcome.href = href
            return outcome
        same = any(c.kind == "interview" and c.action == "unchanged" for c in changes)
        stored = replan(href, session.text(href) or "") if same and replan else None
        if stored is not None:
            invite, plan = stored
    outcome.href = href
    if href is None:
        outcome.changes.append(
            Change(writer.name, "skipped", "interview", invite.uid, "not in this calendar")
        )
        return outcome
    if plan.skipped:
        outcome.changes.append(Change(href, "unchanged", "interview", invite.uid, plan.skipped))
        if not invite.cancelled:
            return outcome
    text = session.view(href, [invite.uid]) or ""
    style, vtimezone = _style(text, invite, plan)
    wanted_alarms = [
        WantedAlarm(a.uid, a.trigger, a.action, with_hash(_text(_alarm(a), "\r\n")))
        for a in plan.alarms
    ]
    alarm_changes: list[Change] = []

    def alarms(current: str) -> tuple[str, list[Change]]:
        new, changes, _found = sync_alarms(current, href, invite, wanted_alarms)
        return new, changes

    alarm_changes = session.apply(href, alarms, [invite.uid])
    outcome.changes.extend(alarm_changes)
    outcome.changes.extend(_components(session, invite, plan, stamp, href, style, vtimezone))
    return outcome


def _holds(session: Session, href: str, invite: Invite) -> bool:
    """Whether the item holds this interview's VEVENT (the UID may be a task's, or another
    occurrence's: a recurring series keeps its overrides in the same item)."""
    text = session.view(href, [invite.uid])
    if text is None:
        return False
    _, roots = parsed(text)
    master = replace(invite, recurrence_id=None)
    return any(
        c.end >= 0 and (is_stored_copy(c, invite) or is_stored_copy(c, master)) for c in walk(roots)
    )


def _style(text: str, invite: Invite, plan: Plan) -> tuple[TimeStyle, str | None]:
    """How new components write their times (as the stored interview does; an all-day one in
    your zone), and the VTIMEZONE they need."""
    if plan.zone is not None:
        style = TimeStyle("tzid", zone(plan.zone), plan.zone)
        return style, _vtimezone(plan.zone, invite.start.instant.year, "\r\n")
    _, roots = parsed(text)
    stored = next(
        (c for c in walk(roots) if is_stored_copy(c, invite) and c.end >= 0),
        None,
    )
    written = None
    if stored is not None and stored.properties.get("DTSTART"):
        params = stored.properties["DTSTART"][0][0]
        match = re.search(r'(?:^|;)TZID=("[^"]*"|[^;]*)', params, re.IGNORECASE)
        written = match.group(1).strip('"') if match else None
    style = style_for(invite)
    if written and style.kind == "tzid" and written.strip() != (style.tzid or "").strip():
        # The stored copy refers to another name for the zone (an imported stale definition
        # replaced by its IANA name): write the same name, with the definition it uses.
        known = vtimezone_block(text, written)
        if known is not None or zone_known(written):
            style = TimeStyle("tzid", style.tz, written)
    style = _as_written(style, written)
    if style.kind != "tzid" or not style.tzid:
        return style, None
    vtimezone = vtimezone_block(text, style.tzid) or _vtimezone(
        style.tzid, invite.start.instant.year, "\r\n"
    )
    return style, vtimezone


def zone_known(name: str) -> bool:
    """Whether a TZID is an IANA name tzdata knows."""
    try:
        zone(name.strip())
    except (KeyError, ValueError, OSError):
        return False
    return True


def _components(
    session: Session,
    invite: Invite,
    plan: Plan,
    stamp: datetime,
    href: str,
    style: TimeStyle,
    vtimezone: str | None,
) -> list[Change]:
    writer = session.writer
    changes: list[Change] = []
    where: dict[str, str] = {}  # component UID -> the item holding it
    for item in dict.fromkeys([href, *writer.related(invite.uid)]):
        text = session.view(item, [invite.uid])
        if text is None:
            continue
        for uid, _kind, _state in owned_components(
            text, invite.uid, occurrence_key(invite.recurrence_id)
        ):
            where.setdefault(uid, item)
    tzid = style.tzid if style.kind == "tzid" else None
    wanted: list[Wanted] = []
    for addition, create in [
        *((a, True) for a in plan.additions),
        *((a, False) for a in plan.past),
    ]:
        if not invite.cancelled:
            block = with_hash(_text(_addition(addition, invite, style, stamp), "\r\n"))
            wanted.append(Wanted(addition.uid, addition.kind, block, create, vtimezone, tzid))
    batch: list[Wanted] = []  # consecutive components for one item: applied with one parse
    batch_target = ""

    def flush() -> None:
        if batch:
            changes.extend(
                session.apply(
                    batch_target,
                    _ensure_all(batch_target, invite.uid, batch),
                    [invite.uid, *(w.uid for w in batch)],
                )
            )
            batch.clear()

    for want in wanted:
        if want.uid not in where and not writer.accepts(
            "VTODO" if "BEGIN:VTODO" in want.block else "VEVENT"
        ):
            flush()
            changes.append(
                Change(
                    writer.name,
                    "skipped",
                    want.kind,
                    want.uid,
                    "this calendar does not hold tasks"
                    if "BEGIN:VTODO" in want.block
                    else "this calendar does not hold events",
                )
            )
            continue
        target = where.get(want.uid)
        if target is None:
            target = writer.href_for(want.uid)
            # A pending batch for this item creates at least one component: the item exists.
            exists = session.exists(target) or bool(batch and batch_target == target)
            if not want.create and (not writer.single or not exists):
                continue  # nothing to keep current, and too late to create
            if not writer.single and exists:
                flush()
                changes.append(Change(target, "skipped", want.kind, want.uid, _TAKEN))
                continue
        if batch and target != batch_target:
            flush()
        batch_target = target
        batch.append(want)
    flush()
    keep = {w.uid for w in wanted}
    for uid, item in where.items():
        if uid in keep:
            continue
        changes.extend(session.apply(item, _cancel(item, invite.uid, uid), [invite.uid, uid]))
    return changes


def _ensure_all(href: str, interview_uid: str, wants: list[Wanted]) -> Operation:
    fixed = list(wants)

    def operation(text: str) -> tuple[str, list[Change]]:
        return ensure_components(text, href, interview_uid, fixed)

    return operation


def _cancel(href: str, interview_uid: str, uid: str) -> Operation:
    def operation(text: str) -> tuple[str, list[Change]]:
        new, change = cancel_component(text, href, interview_uid, uid)
        return new, [change]

    return operation


class TextCalendar:
    """One calendar text as a writer (an .ics file's content held in memory): what
    :func:`apply_plan` and scripts that hold calendar text themselves write into."""

    name = "text"
    single = True

    def __init__(self, text: str) -> None:
        self.text = text

    def find(self, uid: str) -> list[str]:
        return ["text"]

    def related(self, uid: str) -> list[str]:
        return ["text"]

    def href_for(self, uid: str) -> str:
        return "text"

    def load(self, href: str) -> Item | None:
        return Item("text", self.text, None)

    def store(self, href: str, text: str, base: Item | None) -> None:
        self.text = text

    def accepts(self, component: str) -> bool:
        return True


def apply_plan(text: str, plan: Plan, stamp: datetime) -> Edit:
    """``text`` with the plan applied (noshow's alarms and components added, or kept current)."""
    calendar = TextCalendar(text)
    session = Session(calendar)
    outcome = put_interview(session, plan.invite, plan, stamp)
    session.commit()
    created = {c.uid for c in outcome.changes if c.action == "created"}
    found = outcome.href is not None and not any(
        c.action == "skipped" and c.kind == "interview" for c in outcome.changes
    )
    return Edit(
        calendar.text,
        tuple(a for a in plan.alarms if a.uid in created),
        tuple(a for a in plan.additions if a.uid in created),
        found=found,
    )
