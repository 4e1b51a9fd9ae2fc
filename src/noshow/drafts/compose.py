"""Compose each draft: confirmation, recovery after a miss, and the follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import icalendar

from noshow.drafts import (
    Draft,
    Moment,
    base_variables,
    one_line,
    plain_address,
    render,
    slot_lines,
    split_subject,
)
from noshow.drafts.names import addressee
from noshow.drafts.questions import questions as finding_questions
from noshow.errors import InviteError
from noshow.model import Finding, Invite, Party, You
from noshow.slots import Slot
from noshow.zones import zone


def _to(invite: Invite, to: str | None = None) -> tuple[Party, ...]:
    """The organizer, or the address given instead (``--to``)."""
    if to is not None:
        return (Party(None, to),)
    if invite.organizer and plain_address(invite.organizer.email):
        return (invite.organizer,)
    return ()


def _warnings(invite: Invite, to: str | None) -> tuple[str, ...]:
    """A no-reply organizer address (unless another recipient was given)."""
    if to is not None or invite.organizer is None:
        return ()
    who = addressee(invite.organizer.name, invite.organizer.email)
    return who.warnings(invite.organizer.email)


def your_attendee(invite: Invite, you: You) -> Party | None:
    """The attendee that is you (your email or one of your aliases), never the organizer."""
    mine = set(you.addresses)
    organizer = (invite.organizer.email or "").lower() if invite.organizer else ""
    for attendee in invite.attendees:
        email = (attendee.email or "").lower()
        if email and email in mine and email != organizer and plain_address(attendee.email):
            return attendee
    return None


def not_an_attendee(invite: Invite, you: You) -> str:
    """Why no attendee of the invite is you, as one sentence."""
    if not you.addresses:
        return "your email address is unknown (set [you] email, or run `noshow init`)"
    listed = ", ".join(a.email for a in invite.attendees if a.email) or "none"
    return (
        f"none of the invite's attendees ({listed}) is you ({', '.join(you.addresses)}); add "
        "the address the invite was sent to under [you] aliases"
    )


def _sender(you: You) -> Party | None:
    if you.email:
        return Party(you.name, you.email)
    return None


def _cn(name: str) -> str:
    """A name as a CN parameter: one line, and no backslash (parsers, icalendar's among them,
    read a backslash as an escape and run on into the next parameter, e.g. PARTSTAT)."""
    return one_line(name.replace("\\", " "))


def reply_ics(invite: Invite, you: You, stamp: datetime) -> str:
    """An iTIP REPLY (RFC 5546 3.2.3) accepting the invite: same UID and SEQUENCE, your
    PARTSTAT=ACCEPTED, and no VALARM (an attendee's reply carries none). It answers for the
    attendee that is you (:func:`your_attendee`); InviteError when none is."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//noshow//noshow//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", "REPLY")
    event = icalendar.Event()
    event.add("UID", invite.uid)
    # Echo the organizer's SEQUENCE, within RFC 5545's integer range (a real invite had
    # SEQUENCE:1407317367304, which icalendar refuses to write).
    event.add("SEQUENCE", min(max(invite.sequence, 0), 2**31 - 1))
    event.add("DTSTAMP", stamp)
    if invite.recurrence_id is not None:
        event.add("RECURRENCE-ID", invite.recurrence_id)
    event.add("DTSTART", invite.start.instant)
    if invite.end is not None:
        event.add("DTEND", invite.end.instant)
    event.add("SUMMARY", one_line(invite.summary) or "Interview")
    if invite.organizer and plain_address(invite.organizer.email):
        params = {"CN": _cn(invite.organizer.name)} if invite.organizer.name else {}
        event.add("ORGANIZER", f"mailto:{invite.organizer.email}", parameters=params)
    attendee = your_attendee(invite, you)
    if attendee is None:
        raise InviteError(f"{invite.source}: no REPLY: {not_an_attendee(invite, you)}")
    params = {"PARTSTAT": "ACCEPTED"}
    if you.name:
        params["CN"] = _cn(you.name)
    event.add("ATTENDEE", f"mailto:{attendee.email}", parameters=params)
    calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def confirm_draft(
    invite: Invite,
    you: You,
    stamp: datetime,
    with_reply: bool = True,
    template_dir: Path | None = None,
    message_id: str | None = None,
    *,
    findings: Sequence[Finding] = (),
    cc: Sequence[str] = (),
    to: str | None = None,
) -> Draft:
    """The confirmation: date, time and zone (theirs, and yours), link, early. Error-level
    ``findings`` about the time (from the check core) become questions instead, and then no
    REPLY accepts the time yet. ``stamp`` is now (the REPLY's DTSTAMP)."""
    variables = base_variables(invite, you, stamp)
    asked = finding_questions(invite, findings, variables["their"])
    variables["questions"] = asked
    subject, body = split_subject(render("confirm.txt", variables, template_dir))
    warnings = list(_warnings(invite, to))
    calendar = None
    if with_reply and asked:
        warnings.append("No iTIP REPLY attached: accept once the organizer has answered.")
    elif with_reply and your_attendee(invite, you) is None:
        warnings.append(f"No iTIP REPLY attached: {not_an_attendee(invite, you)}.")
    elif with_reply:
        calendar = reply_ics(invite, you, stamp)
    return Draft(
        kind="confirm",
        to=_to(invite, to),
        subject=subject,
        body=body,
        sender=_sender(you),
        cc=tuple(one_line(c) for c in cc),
        in_reply_to=message_id,
        references=(message_id,) if message_id else (),
        calendar=calendar,
        calendar_method="REPLY" if calendar else None,
        warnings=tuple(warnings),
    )


#: What to say for each reason: the line in the email, a short one for the phone, and the
#: concrete change that prevents it next time.
REASON_TEXT = {
    "overslept": (
        "I overslept.",
        "I overslept.",
        "I have since set two alarms and calendar reminders a day and an hour before, so it "
        "will not happen again.",
    ),
    "transit": (
        "My transport was badly delayed and I could not reach you in time.",
        "My transport was badly delayed.",
        "For the next one I have planned my route with a 45-minute buffer and will let you "
        "know at once if anything goes wrong.",
    ),
    "technical": (
        "I had a technical problem joining the call.",
        "I had a technical problem joining.",
        "I have since tested my setup, will join 15 minutes early, and have my phone ready "
        "as a backup.",
    ),
    "emergency": (
        "I had an emergency I could not avoid.",
        "I had an emergency.",
        "I have cleared my schedule around the new time.",
    ),
    "other": (
        "",
        "",
        "I have set up reminders and a buffer around the new time so that it will not happen "
        "again.",
    ),
}


#: The same reasons said before the interview (running late, or cannot make it).
REASON_TEXT_AHEAD = {
    "overslept": ("I overslept and cannot be ready in time.", "I overslept."),
    "transit": ("My transport is badly delayed.", "My transport is badly delayed."),
    "technical": (
        "I have a technical problem joining the call.",
        "I have a technical problem joining.",
    ),
    "emergency": ("I have an emergency I cannot avoid.", "I have an emergency."),
    "timezone": (
        "I misread the time zone of the invitation and am not free at that time.",
        "I misread the time zone.",
    ),
    "other": ("", ""),
}


def _timezone_reason(invite: Invite, variables: dict[str, object]) -> tuple[str, str, str]:
    written = invite.start.tzid or ("UTC" if invite.start.zone == "UTC" else "no time zone")
    theirs = variables["their"]
    assert isinstance(theirs, Moment)
    yours = variables["yours"]
    mine = f" ({yours.date}, {yours.time} for me)" if isinstance(yours, Moment) else ""
    return (
        "I misread the time zone of the invitation.",
        "I misread the time zone.",
        f"The invitation said {invite.start.wall:%H:%M} in {one_line(written)}, which is "
        f"{theirs.date}, {theirs.time}{mine}. I now check every invitation with a tool that "
        "converts it to my own time zone and flags mismatches, and I keep reminders in both "
        "time zones.",
    )


def reason_texts(
    invite: Invite, you: You, reason: str, ahead: bool = False
) -> tuple[str, str, str]:
    """(the line for the email, the short one for the phone, the prevention line); ``ahead``
    for before the interview is over (present tense)."""
    if reason == "timezone":
        line, short, prevention = _timezone_reason(invite, base_variables(invite, you))
    else:
        line, short, prevention = REASON_TEXT[reason]
    if ahead:
        line, short = REASON_TEXT_AHEAD[reason]
    return line, short, prevention


def recover_draft(
    invite: Invite,
    you: You,
    reason: str,
    slots: Sequence[Slot],
    their_zone: str,
    cc: Sequence[str] = (),
    template_dir: Path | None = None,
    message_id: str | None = None,
    *,
    now: datetime,
    late: timedelta | None = None,
    to: str | None = None,
) -> Draft:
    """The message before it is too late, or the apology after: the email and the phone and
    voicemail scripts, worded for where the interview stands at ``now``.

    Before the end: "I cannot make it" (or, with ``late``, "I am running about 15 minutes
    late", offering to join then), with an offer to join now when it is running or about to
    start. After the end: the apology, naming the day, and the prevention line. ``slots``
    (none is fine: the scripts then ask for times) are proposed in the interviewer's zone."""
    variables = base_variables(invite, you, now)
    when = variables["when"]
    line, short, prevention = reason_texts(invite, you, reason, ahead=not when.over)
    late = late if late and late > timedelta(0) and not when.over else None
    join_at = Moment.of(invite.start.instant + late, None, their_zone) if late else None
    variables.update(
        reason_line=line,
        reason_short=short,
        prevention=prevention,
        slots=slot_lines(slots, their_zone, str(variables["your_zone"])),
        late=_minutes(late) if late else None,
        join_at=join_at.time if join_at else None,
    )
    subject, body = split_subject(render("recover.txt", variables, template_dir))
    scripts = {
        "phone": " ".join(render("phone.txt", variables, template_dir).split()),
        "voicemail": " ".join(render("voicemail.txt", variables, template_dir).split()),
    }
    return Draft(
        kind="recover",
        to=_to(invite, to),
        subject=subject,
        body=body,
        sender=_sender(you),
        cc=tuple(one_line(c) for c in cc),
        in_reply_to=message_id,
        references=(message_id,) if message_id else (),
        scripts=scripts,
        warnings=_warnings(invite, to),
    )


def _minutes(delta: timedelta) -> str:
    """``15 minutes``, ``1 hour``, ``1 hour 30 minutes``."""
    hours, minutes = divmod(int(delta.total_seconds() // 60), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def followup_draft(
    invite: Invite,
    you: You,
    outcome: str,
    new_time: tuple[datetime, datetime | None] | None = None,
    template_dir: Path | None = None,
    message_id: str | None = None,
    *,
    now: datetime,
    cc: Sequence[str] = (),
    to: str | None = None,
) -> Draft:
    """Thanks for rescheduling, a gracious answer to a no, one polite nudge, or a thank-you.

    None claims a meeting that did not happen: only ``thanks`` speaks of the conversation, and
    it is refused (InviteError) before the interview has ended; it names the day as it is at
    ``now`` ("today", "yesterday", "on Tuesday 8 December")."""
    variables = base_variables(invite, you, now)
    if outcome == "thanks" and not variables["when"].over:
        raise InviteError(
            f"{invite.source}: the interview has not ended yet ({variables['their'].line}): "
            "a thank-you comes after it"
        )
    if outcome == "rescheduled":
        if new_time is None:
            raise ValueError("--new-time is needed for --outcome rescheduled")
        their_zone, your_zone = str(variables["their_zone"]), str(variables["your_zone"])
        start, end = new_time
        new = Moment.of(start, end, their_zone)
        mine = Moment.of(start, end, your_zone)
        different = (
            start.astimezone(zone(your_zone)).utcoffset()
            != start.astimezone(zone(their_zone)).utcoffset()
        )
        variables.update(new=new, new_yours=mine if different else None)
    subject, body = split_subject(render(f"followup-{outcome}.txt", variables, template_dir))
    return Draft(
        kind=f"followup-{outcome}",
        to=_to(invite, to),
        subject=subject,
        body=body,
        sender=_sender(you),
        cc=tuple(one_line(c) for c in cc),
        in_reply_to=message_id,
        references=(message_id,) if message_id else (),
        warnings=_warnings(invite, to),
    )
