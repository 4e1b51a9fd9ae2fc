"""Plan redundant reminders, prep blocks and confirmation tasks for an interview, as data.

Pure: the plan is a value computed from the invite, the options, you and "now". Writing it into
a file is :mod:`noshow.icsedit`'s job, and recognising what a file already has is too.

Redundancy that survives real clients (``--target``):

- generic / apple: a VALARM on the interview for every offset of the policy, and a separate short
  reminder event for every offset (each carrying one alarm of its own);
- outlook: Outlook keeps one VALARM per event, so the interview keeps the last offset's alarm and
  every other offset becomes a separate reminder event (an ``:email`` offset's EMAIL alarm goes
  on that event, never on the interview);
- google: Google drops VALARMs when importing an .ics, so every offset is a separate event (Google
  notifies for events by itself), each also with an EMAIL alarm when your address is known.

Prep, travel and tech-check blocks are BUSY events right before the interview, their length by
interview kind. Confirmation tasks are VTODOs. Every added thing has a deterministic UID derived
from the interview's UID (RFC 9074 UIDs for alarms), so a second run recognises its own work.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from noshow.errors import ConfigError
from noshow.joininfo import JoinInfo, Kind, join_info
from noshow.model import Invite, You
from noshow.timefmt import clock, in_zone, when
from noshow.zones import wall_to_instant, zone

#: Namespace of noshow's deterministic UIDs (uuid5 of the interview's UID and what is added).
NAMESPACE = uuid.UUID("6f1f7c1e-3c3b-4a52-9d1e-6e6f73686f77")
#: The X- property that marks every component noshow adds, with what it is.
KIND_PROPERTY = "X-NOSHOW-KIND"
#: On components for one occurrence of a series: which one (its RECURRENCE-ID, in UTC), so
#: each occurrence's reminders are told apart from the others' (they share RELATED-TO).
OCCURRENCE_PROPERTY = "X-NOSHOW-OCCURRENCE"


def occurrence_key(recurrence_id: datetime | None) -> str:
    """The value of :data:`OCCURRENCE_PROPERTY` for an occurrence ("" for a single event)."""
    if recurrence_id is None:
        return ""
    if recurrence_id.tzinfo is None:
        return recurrence_id.strftime("%Y%m%dT%H%M%S")
    return recurrence_id.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


DEFAULT_POLICY = "1d,2h,1h,15m"
#: How long a separate reminder event lasts (it blocks no time: TRANSPARENT).
REMINDER_LENGTH = timedelta(minutes=5)


class Target(enum.StrEnum):
    """Which calendar client the file is for: decides what redundancy survives."""

    GENERIC = "generic"
    OUTLOOK = "outlook"
    GOOGLE = "google"
    APPLE = "apple"


_OFFSET = re.compile(r"^\s*(\d+)\s*([wdhm])\s*(?::\s*(email))?\s*$", re.IGNORECASE)
_UNITS = {
    "w": timedelta(weeks=1),
    "d": timedelta(days=1),
    "h": timedelta(hours=1),
    "m": timedelta(minutes=1),
}


def parse_policy(text: str) -> tuple[tuple[timedelta, ...], frozenset[timedelta]]:
    """``"1d:email,2h,1h,15m"`` -> (offsets, longest first; offsets that also email you)."""
    offsets: list[timedelta] = []
    emails: set[timedelta] = set()
    for item in text.split(","):
        match = _OFFSET.match(item)
        if not match:
            raise ConfigError(
                f"reminder policy: {item.strip()!r} is not an offset like 1d, 2h, 15m or 1d:email"
            )
        offset = int(match.group(1)) * _UNITS[match.group(2).lower()]
        if offset <= timedelta(0):
            raise ConfigError(f"reminder policy: {item.strip()!r} must be before the interview")
        if offset not in offsets:
            offsets.append(offset)
        if match.group(3):
            emails.add(offset)
    if not offsets:
        raise ConfigError("reminder policy is empty")
    return tuple(sorted(offsets, reverse=True)), frozenset(emails)


def offset_text(offset: timedelta) -> str:
    """``1 day``, ``2 hours``, ``15 minutes``, ``1 hour 30 minutes``."""
    minutes = int(offset.total_seconds() // 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = []
    for amount, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")):
        if amount:
            parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}")
    return " ".join(parts) or "0 minutes"


@dataclass(frozen=True)
class ReminderOptions:
    """What to add; every field has a command-line option and a ``[reminders]`` config key."""

    offsets: tuple[timedelta, ...] = (
        timedelta(days=1),
        timedelta(hours=2),
        timedelta(hours=1),
        timedelta(minutes=15),
    )
    email_offsets: frozenset[timedelta] = frozenset()
    prep: timedelta = timedelta(minutes=30)
    travel: timedelta = timedelta(minutes=45)
    tech_check: timedelta = timedelta(minutes=15)
    confirm_tasks: bool = True
    target: Target = Target.GENERIC
    morning: time = time(8, 0)  # the "morning of the interview" confirmation, your local time
    template_dir: Path | None = None  # your email templates (the confirmation draft in tasks)


@dataclass(frozen=True)
class Alarm:
    """A VALARM to add. ``trigger`` is relative to the start of the component it sits in."""

    uid: str
    trigger: timedelta
    action: str  # DISPLAY, AUDIO or EMAIL
    description: str
    summary: str = ""
    attendee: str | None = None  # EMAIL alarms: your address


@dataclass(frozen=True)
class Addition:
    """A component to add next to the interview: a reminder event, a block, or a task."""

    kind: str  # reminder, prep, travel, tech-check, confirm, confirm-morning, test-av
    name: str  # "VEVENT" or "VTODO"
    uid: str
    summary: str
    description: str
    start: datetime  # an instant; for tasks, when the task becomes relevant
    end: datetime | None = None  # events
    due: datetime | None = None  # tasks
    busy: bool = False
    alarms: tuple[Alarm, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Everything to add for one interview."""

    invite: Invite
    alarms: tuple[Alarm, ...] = ()
    additions: tuple[Addition, ...] = ()
    skipped: str | None = None  # why nothing is planned (past, cancelled)
    join: JoinInfo = field(default_factory=lambda: JoinInfo((), (), None))
    #: Additions whose time has passed: not created any more, but a copy already in the calendar
    #: is kept current (so no text of noshow's names a superseded time or link).
    past: tuple[Addition, ...] = ()
    #: The zone new components are written in when the interview has no time of day (your zone).
    zone: str | None = None

    @property
    def empty(self) -> bool:
        """Nothing to add."""
        return not self.alarms and not self.additions


def stable_uid(invite: Invite, *parts: str) -> str:
    """A UID that is the same every run for the same interview and the same addition."""
    occurrence = invite.recurrence_id.isoformat() if invite.recurrence_id else ""
    key = "/".join([invite.uid, occurrence, *parts])
    return f"{uuid.uuid5(NAMESPACE, key)}@noshow"


def _who(invite: Invite) -> str:
    if invite.organizer and invite.organizer.name:
        return invite.organizer.name
    if invite.organizer and invite.organizer.email:
        return invite.organizer.email
    return "the interviewer"


def both_zones(invite: Invite, you: You) -> str:
    """The interview's time in the organizer's zone and in yours (once when they are the same)."""
    instant = invite.start.instant
    yours = in_zone(instant, you.zone_at(instant))
    organizer = invite.organizer_zone
    if organizer is None or in_zone(instant, organizer).utcoffset() == yours.utcoffset():
        return f"{when(yours)} (your time, {you.zone_at(instant)})"
    return f"{when(in_zone(instant, organizer))} ({organizer}) = {when(yours)} for you ({you.zone_at(instant)})"


def _join_line(info: JoinInfo) -> str:
    if info.links:
        return f"Join: {info.links[0]}"
    if info.address:
        return f"Address: {info.address}"
    if info.phones:
        return f"Phone: {info.phones[0]}"
    return "No join link in the invite: ask the organizer how to join."


def plan_reminders(invite: Invite, options: ReminderOptions, you: You, now: datetime) -> Plan:
    """What to add for one interview. Past and cancelled interviews get nothing; an all-day
    interview gets reminders the evening before and on the morning, in your zone."""
    info = join_info(invite)
    if invite.cancelled:
        return Plan(invite, skipped="cancelled", join=info)
    if invite.all_day:
        return _plan_all_day(invite, options, you, now, info)
    if invite.start.instant <= now:
        return Plan(invite, skipped="already started or past", join=info)
    title = invite.summary or "Interview"
    when_text = both_zones(invite, you)
    join = _join_line(info)
    details = f"{title}\n{when_text}\n{join}"
    offsets = options.offsets
    last = offsets[-1]
    target = options.target

    def alarm(offset: timedelta, action: str, where: str) -> Alarm:
        text = f"Interview with {_who(invite)} in {offset_text(offset)}. {details}"
        return Alarm(
            uid=stable_uid(invite, where, str(int(offset.total_seconds())), action),
            trigger=-offset,
            action=action,
            description=text,
            summary=f"Interview in {offset_text(offset)}: {title}" if action == "EMAIL" else "",
            attendee=you.email if action == "EMAIL" else None,
        )

    # Alarms on the interview itself.
    on_interview: list[Alarm] = []
    if target in (Target.GENERIC, Target.APPLE):
        on_interview = [alarm(o, "AUDIO" if o == last else "DISPLAY", "alarm") for o in offsets]
    elif target is Target.OUTLOOK:
        on_interview = [alarm(last, "DISPLAY", "alarm")]
    if you.email:
        on_interview += [
            alarm(o, "EMAIL", "alarm")
            for o in offsets
            if o in options.email_offsets and target in (Target.GENERIC, Target.APPLE)
        ]
    # Separate reminder events, one alarm each.
    separate = [o for o in offsets if not (target is Target.OUTLOOK and o == last)]
    additions: list[Addition] = []
    for offset in separate:
        at = invite.start.instant - offset
        alarms = [
            Alarm(
                uid=stable_uid(invite, "reminder", str(int(offset.total_seconds())), "alarm"),
                trigger=timedelta(0),
                action="AUDIO" if offset == last else "DISPLAY",
                description=f"Interview with {_who(invite)} in {offset_text(offset)}. {details}",
            )
        ]
        # Google and Outlook: an EMAIL alarm goes on the reminder event, never on the interview
        # (Outlook keeps one VALARM per event; Google drops them all).
        if you.email and (
            target is Target.GOOGLE
            or (target is Target.OUTLOOK and offset in options.email_offsets)
        ):
            alarms.append(alarm(offset, "EMAIL", "reminder-email"))
            alarms[-1] = Alarm(
                alarms[-1].uid,
                timedelta(0),
                "EMAIL",
                alarms[-1].description,
                alarms[-1].summary,
                you.email,
            )
        additions.append(
            Addition(
                kind="reminder",
                name="VEVENT",
                uid=stable_uid(invite, "reminder", str(int(offset.total_seconds()))),
                summary=f"Interview with {_who(invite)} in {offset_text(offset)} - {join}",
                description=f"Reminder from noshow.\n{details}",
                start=at,
                end=at + REMINDER_LENGTH,
                alarms=tuple(alarms),
            )
        )
    additions += _blocks(invite, options, info, details)
    if options.confirm_tasks:
        additions += _tasks(invite, options, you, info, details, now)
    return _split_past(Plan(invite, tuple(on_interview), tuple(additions), join=info), now)


def _split_past(plan: Plan, now: datetime) -> Plan:
    """The plan with the additions whose time has passed moved to ``past``."""
    ahead = tuple(a for a in plan.additions if a.start > now)
    past = tuple(a for a in plan.additions if a.start <= now)
    return replace(plan, additions=ahead, past=past)


#: When an all-day interview reminds you the day before (your local time).
EVENING_BEFORE = time(18, 0)


def _plan_all_day(
    invite: Invite, options: ReminderOptions, you: You, now: datetime, info: JoinInfo
) -> Plan:
    """An interview with no time of day ("onsite day"): alarms and reminder events the evening
    before and on the morning, and a confirmation task the day before, all in your zone."""
    the_day = invite.start.wall.date()
    if the_day < in_zone(now, you.zone_at(now)).date():
        return Plan(invite, skipped="already started or past", join=info)
    zone_name = you.zone_at(invite.start.instant)
    title = invite.summary or "Interview"
    details = f"{title}\n{invite.start.wall:%a} {the_day.day} {invite.start.wall:%b %Y} (all day)\n{_join_line(info)}"
    moments = [
        ("evening-before", the_day - timedelta(days=1), EVENING_BEFORE, "tomorrow"),
        ("morning-of", the_day, options.morning, "today"),
    ]
    alarms: list[Alarm] = []
    additions: list[Addition] = []
    for name, on, at, word in moments:
        wall = datetime.combine(on, at)
        instant = in_zone_wall(wall, zone_name)
        text = f"Interview with {_who(invite)} {word} (all day). {details}"
        alarms.append(
            Alarm(
                uid=stable_uid(invite, "alarm", name),
                # Relative to the start of the day (a DATE start is local midnight).
                trigger=wall - datetime.combine(the_day, time(0)),
                action="DISPLAY",
                description=text,
            )
        )
        additions.append(
            Addition(
                kind="reminder",
                name="VEVENT",
                uid=stable_uid(invite, "reminder", name),
                summary=f"Interview with {_who(invite)} {word} (all day) - {_join_line(info)}",
                description=f"Reminder from noshow.\n{details}",
                start=instant,
                end=instant + REMINDER_LENGTH,
                alarms=(
                    Alarm(
                        uid=stable_uid(invite, "reminder", name, "alarm"),
                        trigger=timedelta(0),
                        action="DISPLAY",
                        description=text,
                    ),
                ),
            )
        )
    if options.confirm_tasks:
        due = in_zone_wall(
            datetime.combine(the_day - timedelta(days=1), options.morning), zone_name
        )
        summary = f"Confirm the interview with {_who(invite)}"
        additions.append(
            Addition(
                kind="confirm",
                name="VTODO",
                uid=stable_uid(invite, "confirm"),
                summary=summary,
                description=f"{summary}: reply to the invite or email {_who(invite)}, stating the date.\n{details}",
                start=due,
                due=due,
                alarms=(
                    Alarm(
                        uid=stable_uid(invite, "confirm", "alarm"),
                        trigger=timedelta(0),
                        action="DISPLAY",
                        description=summary,
                    ),
                ),
            )
        )
    plan = Plan(invite, tuple(alarms), tuple(additions), join=info, zone=zone_name)
    return _split_past(plan, now)


def in_zone_wall(wall: datetime, zone_name: str) -> datetime:
    """The instant of a wall time in an IANA zone (RFC 5545: a skipped time uses the offset
    before the gap; a repeated one its first occurrence)."""
    return wall_to_instant(wall, zone(zone_name))[0]


def _blocks(
    invite: Invite, options: ReminderOptions, info: JoinInfo, details: str
) -> list[Addition]:
    """Busy blocks right before the interview: the one its kind needs, and prep before that."""
    kind = info.kind
    start = invite.start.instant
    steps: list[tuple[str, timedelta, str]] = []
    if kind is Kind.IN_PERSON and options.travel > timedelta(0):
        steps.append(("travel", options.travel, f"Travel to the interview ({info.address})"))
    elif kind in (Kind.VIDEO, Kind.UNKNOWN) and options.tech_check > timedelta(0):
        steps.append(("tech-check", options.tech_check, "Test the link, camera and microphone"))
    elif kind is Kind.PHONE and options.tech_check > timedelta(0):
        steps.append(("tech-check", options.tech_check, "Quiet room, phone charged, notes ready"))
    if options.prep > timedelta(0):
        steps.append(("prep", options.prep, "Prepare for the interview"))
    blocks: list[Addition] = []
    end = start
    for kind_name, length, summary in steps:
        begin = end - length
        blocks.append(
            Addition(
                kind=kind_name,
                name="VEVENT",
                uid=stable_uid(invite, kind_name),
                summary=f"{summary} - {invite.summary or 'interview'}",
                description=f"Blocked by noshow before the interview.\n{details}",
                start=begin,
                end=end,
                busy=True,
            )
        )
        end = begin
    return blocks


def _tasks(
    invite: Invite, options: ReminderOptions, you: You, info: JoinInfo, details: str, now: datetime
) -> list[Addition]:
    start = invite.start.instant
    zone = you.zone_at(start)
    local = in_zone(start, zone)
    morning = datetime.combine(local.date(), options.morning, tzinfo=local.tzinfo)
    morning_due = min(morning, start - timedelta(hours=1))
    who = _who(invite)
    tasks = [
        ("confirm", start - timedelta(days=1), f"Confirm the interview with {who}"),
        ("confirm-morning", morning_due, f"Confirm the interview with {who} (morning of the day)"),
    ]
    if info.kind is Kind.VIDEO:
        tasks.append(("test-av", start - timedelta(hours=2), "Test audio/video and the link"))
    # The confirmation email itself, ready to send (the same drafting code as `noshow confirm`).
    # Imported here: the template engine is loaded only when a task is actually written.
    from noshow.drafts.compose import confirm_draft

    draft = confirm_draft(invite, you, now, with_reply=False, template_dir=options.template_dir)
    ready = f"\n\nReady-to-send confirmation:\nSubject: {draft.subject}\n\n{draft.body}"
    out = []
    for kind, due, summary in tasks:
        description = (
            f"{summary}: reply to the invite or email {who}, stating the date, time and time zone.\n"
            f"{details}{ready}"
        )
        if kind == "test-av":
            description = f"Open the link, check camera, microphone and speakers ({clock(in_zone(due, zone))}).\n{details}"
        alarms = [
            Alarm(
                uid=stable_uid(invite, kind, "alarm"),
                trigger=timedelta(0),
                action="DISPLAY",
                description=summary,
            )
        ]
        if kind == "confirm" and you.email:
            # A day before, the draft arrives in your inbox: forward it to the organizer.
            alarms.append(
                Alarm(
                    uid=stable_uid(invite, kind, "email"),
                    trigger=timedelta(0),
                    action="EMAIL",
                    description=draft.body,
                    summary=draft.subject,
                    attendee=you.email,
                )
            )
        out.append(
            Addition(
                kind=kind,
                name="VTODO",
                uid=stable_uid(invite, kind),
                summary=summary,
                description=description,
                start=due,
                due=due,
                alarms=tuple(alarms),
            )
        )
    return out
