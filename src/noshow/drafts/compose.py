"""Compose each draft: confirmation, recovery after a miss, and the follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
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
from noshow.model import Invite, Party, You
from noshow.slots import Slot
from noshow.zones import zone


def _to(invite: Invite) -> tuple[Party, ...]:
    if invite.organizer and plain_address(invite.organizer.email):
        return (invite.organizer,)
    return ()


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
    PARTSTAT=ACCEPTED, and no VALARM (an attendee's reply carries none)."""
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
    email = you.email or next((a.email for a in invite.attendees if plain_address(a.email)), None)
    if email:
        params = {"PARTSTAT": "ACCEPTED"}
        if you.name:
            params["CN"] = _cn(you.name)
        event.add("ATTENDEE", f"mailto:{email}", parameters=params)
    calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def confirm_draft(
    invite: Invite,
    you: You,
    stamp: datetime,
    with_reply: bool = True,
    template_dir: Path | None = None,
    message_id: str | None = None,
) -> Draft:
    """The confirmation: date, time and zone (theirs, and yours), link, interviewer, early."""
    subject, body = split_subject(render("confirm.txt", base_variables(invite, you), template_dir))
    return Draft(
        kind="confirm",
        to=_to(invite),
        subject=subject,
        body=body,
        sender=_sender(you),
        in_reply_to=message_id,
        references=(message_id,) if message_id else (),
        calendar=reply_ics(invite, you, stamp) if with_reply else None,
        calendar_method="REPLY" if with_reply else None,
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


def reason_texts(invite: Invite, you: You, reason: str) -> tuple[str, str, str]:
    """(the line for the email, the short one for the phone, the prevention line)."""
    if reason == "timezone":
        return _timezone_reason(invite, base_variables(invite, you))
    return REASON_TEXT[reason]


def recover_draft(
    invite: Invite,
    you: You,
    reason: str,
    slots: Sequence[Slot],
    their_zone: str,
    cc: Sequence[str] = (),
    template_dir: Path | None = None,
    message_id: str | None = None,
) -> Draft:
    """The apology and reschedule request, and the phone and voicemail scripts."""
    variables = base_variables(invite, you)
    line, short, prevention = reason_texts(invite, you, reason)
    variables.update(
        reason_line=line,
        reason_short=short,
        prevention=prevention,
        slots=slot_lines(slots, their_zone, str(variables["your_zone"])),
    )
    subject, body = split_subject(render("recover.txt", variables, template_dir))
    scripts = {
        "phone": " ".join(render("phone.txt", variables, template_dir).split()),
        "voicemail": " ".join(render("voicemail.txt", variables, template_dir).split()),
    }
    return Draft(
        kind="recover",
        to=_to(invite),
        subject=subject,
        body=body,
        sender=_sender(you),
        cc=tuple(one_line(c) for c in cc),
        in_reply_to=message_id,
        references=(message_id,) if message_id else (),
        scripts=scripts,
    )


def followup_draft(
    invite: Invite,
    you: You,
    outcome: str,
    new_time: tuple[datetime, datetime | None] | None = None,
    template_dir: Path | None = None,
    message_id: str | None = None,
) -> Draft:
    """Thanks for rescheduling, a gracious answer to a no, one polite nudge, or a thank-you."""
    variables = base_variables(invite, you)
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
        to=_to(invite),
        subject=subject,
        body=body,
        sender=_sender(you),
        in_reply_to=message_id,
        references=(message_id,) if message_id else (),
    )
