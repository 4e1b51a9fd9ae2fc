"""`noshow confirm`, `noshow recover`, `noshow followup`: drafts a person can send as they are."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import click
import icalendar

from noshow.adapters.ics_store import decode, save
from noshow.adapters.open import open_for_writing
from noshow.adapters.safe_write import Snapshot
from noshow.adapters.smtp import SendFailed, send
from noshow.app import add_entry
from noshow.check import check_invites
from noshow.cli.options import Common, clock_options, parse_now, resolve_common
from noshow.cli.shared import stdin_is_terminal
from noshow.cli.slot_request import (
    build_request,
    holiday_calendars,
    holidays_note,
    load_invite,
    slot_options,
)
from noshow.config import default_path, parse_duration
from noshow.drafts import OUTCOMES, REASONS, Draft, Moment, one_line, plain_address
from noshow.drafts.compose import confirm_draft, followup_draft, reason_texts, recover_draft
from noshow.drafts.mail import as_bytes, build_message
from noshow.drafts.tense import timing
from noshow.errors import ConfigError, InviteError
from noshow.model import Invite
from noshow.slots import Slot, SlotResult, find_slots
from noshow.timefmt import utc_text

F = TypeVar("F", bound=Callable[..., Any])


def draft_options(func: F) -> F:
    """--to, --cc, -o, --send, --yes and --format, shared by the three commands."""
    for decorator in reversed(
        [
            click.option(
                "--to",
                "to",
                metavar="ADDRESS",
                help="Send to this address instead of the invite's organizer (e.g. when the invite came from a no-reply address).",
            ),
            click.option(
                "--cc",
                "cc",
                multiple=True,
                metavar="ADDRESS",
                help="Copy someone, e.g. the recruiter who scheduled it (repeatable).",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(dir_okay=False, path_type=Path),
                metavar="FILE.eml",
                help="Write the draft as an RFC 5322 email file (needs your [you] email).",
            ),
            click.option(
                "--send",
                is_flag=True,
                help="Send it through the [smtp] server in the config (password from NOSHOW_SMTP_PASSWORD, password_command or the keyring). Shows the draft and asks first.",
            ),
            click.option(
                "--yes",
                "-y",
                "yes",
                is_flag=True,
                help="With --send: send without asking (required when not run from a terminal).",
            ),
            click.option(
                "--format",
                "output_format",
                type=click.Choice(["text", "json"]),
                default="text",
                show_default=True,
                help="text prints the draft; json its headers, body and warnings.",
            ),
        ]
    ):
        func = decorator(func)
    return func


def _recipient(to: str | None) -> str | None:
    """``--to``: one plain address, or a clear error."""
    if to is None:
        return None
    address = one_line(to)
    if not plain_address(address):
        raise click.BadParameter(f"{address!r} is not one email address", param_hint="--to")
    return address


def before_delivery(
    draft: Draft, common: Common, output: Path | None, send_it: bool, yes: bool
) -> None:
    """Refuse, before anything is printed, a draft that cannot go to someone as it is."""
    if output is None and not send_it:
        return
    if not common.you.email:
        where = common.config.path or default_path()
        raise ConfigError(
            f"your email address is unknown, so the draft would have no From: run `noshow init` "
            f"or set [you] email in {where}"
        )
    if not draft.to:
        raise InviteError(
            "the invite has no single organizer address to send to: give --to ADDRESS"
        )
    if send_it:
        if common.config.smtp is None:
            raise ConfigError(
                "--send needs an [smtp] table in the config (host, port, security, username)"
            )
        if not yes and not stdin_is_terminal():
            raise click.UsageError(
                "--send asks before sending; when not run from a terminal, add --yes"
            )


def draft_json(draft: Draft, message: EmailMessage) -> dict[str, Any]:
    """``--format json`` of a draft: its headers (with the message's Date and Message-ID),
    body, scripts and warnings (a contract, shared with the web API)."""
    data = draft.as_json()
    data["headers"]["Date"] = message["Date"]
    data["headers"]["Message-ID"] = message["Message-ID"]
    return data


def deliver(
    draft: Draft,
    common: Common,
    output: Path | None,
    send_it: bool,
    output_format: str,
    yes: bool = False,
) -> str:
    """Print, write and (when asked and confirmed) send a draft; a failed send leaves the draft
    written. Returns what became of it, for the incident log."""
    before_delivery(draft, common, output, send_it, yes)
    message = build_message(draft, common.now)
    if output_format == "json":
        click.echo(json.dumps(draft_json(draft, message), indent=2, ensure_ascii=False))
    else:
        if draft.scripts:
            click.echo("Call first if you can (the scripts are below the email), then send this:\n")
        click.echo(f"To: {message['To'] or '(no organizer address in the invite: use --to)'}")
        if message["Cc"]:
            click.echo(f"Cc: {message['Cc']}")
        click.echo(f"Subject: {message['Subject']}\n")
        click.echo(draft.body)
        if draft.calendar_method:
            click.echo(f"[with an iTIP {draft.calendar_method} attached]")
        for name, script in draft.scripts.items():
            click.echo(f"\n{name.capitalize()} script ({len(script.split())} words):\n{script}")
    for warning in draft.warnings:
        click.echo(f"Warning: {warning}", err=True)
    fate = "drafted, not sent"
    if output is not None:
        save(
            output,
            decode(as_bytes(message)),
            Snapshot.take(output) if output.exists() else None,
            backup=False,
        )
        click.echo(f"Wrote {output}.", err=output_format == "json")
        fate = f"written to {output}"
    if send_it:
        settings = common.config.smtp
        assert settings is not None  # checked by before_delivery
        if not yes and not click.confirm(f"Send this to {message['To']}?", default=False, err=True):
            click.echo("Not sent.", err=True)
            return fate
        try:
            send(message, settings)
        except SendFailed as exc:
            kept = (
                f" The draft is in {output}."
                if output
                else " Write it with -o FILE.eml to keep it."
            )
            raise SendFailed(f"{exc}.{kept}") from None
        click.echo(f"Sent to {message['To']}.", err=output_format == "json")
        fate = f"sent to {message['To']}" + (f", cc {message['Cc']}" if message["Cc"] else "")
    return fate


@click.command("confirm")
@click.argument("invite_path", metavar="INVITE")
@click.option(
    "--reply-ics/--no-reply-ics",
    default=True,
    show_default=True,
    help="Attach an iTIP REPLY accepting the invite (same UID and SEQUENCE), for the attendee that is you ([you] email or aliases).",
)
@draft_options
@clock_options
def confirm_command(
    invite_path: str,
    reply_ics: bool,
    to: str | None,
    cc: tuple[str, ...],
    output: Path | None,
    send: bool,
    yes: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Draft the confirmation email to the organizer.

    States the date and time in the organizer's zone with the zone's name and UTC offset (and in
    yours when it differs), the role and company, the link or address, and that you will join
    early. When `noshow check` finds an error in the invite's time (the title says 10:00 AM EST,
    the calendar 11:00 EST), the draft asks which is right instead of confirming. With
    --reply-ics it carries an iTIP REPLY with PARTSTAT=ACCEPTED for the attendee that is you.

    -o and --send need your [you] email (`noshow init`); --send shows the draft and asks first.

    \b
    Examples:
      noshow confirm invite.eml
      noshow confirm invite.ics -o confirm.eml --cc recruiter@example.com
      noshow confirm invite.eml --send
    """
    common = resolve_common(config_path, zone_name, now, ())
    invite, message_id = load_invite(invite_path, common.you.zone)
    draft = confirm_for(invite, message_id, common, reply_ics, cc, to, invite_path)
    deliver(draft, common, output, send, output_format, yes)


def confirm_for(
    invite: Invite,
    message_id: str | None,
    common: Common,
    reply_ics: bool,
    cc: Sequence[str],
    to: str | None,
    name: str,
) -> Draft:
    """The confirmation draft for ``invite`` (checked first, so an error in its time becomes a
    question); refused once the interview has started. ``name`` names the input in messages."""
    if common.now >= invite.start.instant:
        moment = Moment.of(invite.start.instant, None, invite.organizer_zone or common.you.zone)
        raise InviteError(
            f"{name}: the interview started on {moment.date} at {moment.time}; there is "
            "nothing to confirm (see noshow recover or noshow followup)"
        )
    checked = check_invites([invite], common.you, common.now, common.config.settings)
    findings = checked[0].findings if checked else ()
    return confirm_draft(
        invite,
        common.you,
        common.now,
        reply_ics,
        common.config.template_dir,
        message_id,
        findings=findings,
        cc=tuple(cc),
        to=_recipient(to),
    )


def _late(text: str | None) -> timedelta | None:
    if text is None:
        return None
    try:
        late = parse_duration(text, "--late")
    except ConfigError as exc:
        raise click.BadParameter(str(exc).removeprefix("--late: "), param_hint="--late") from exc
    if late <= timedelta(0):
        raise click.BadParameter("must be longer than 0 minutes", param_hint="--late")
    return late


@click.command("recover")
@click.argument("invite_path", metavar="INVITE")
@click.option(
    "--reason",
    type=click.Choice(REASONS),
    required=True,
    help="Why you cannot make it or missed it: decides the brief reason and the prevention line.",
)
@click.option(
    "--late",
    metavar="DURATION",
    help="Before the start: you are running this late (e.g. 15m); the drafts offer to join then.",
)
@click.option(
    "--log-into",
    "log_into",
    metavar="CALENDAR",
    help="Record the incident (cc, times offered, what became of the email) as a VJOURNAL entry in this calendar (.ics file, vdir, or CalDAV: caldav:ACCOUNT[/CALENDAR] or its URL).",
)
@slot_options
@draft_options
@clock_options
def recover_command(
    invite_path: str,
    reason: str,
    late: str | None,
    log_into: str | None,
    to: str | None,
    cc: tuple[str, ...],
    output: Path | None,
    send: bool,
    yes: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
    **slot_opts: Any,
) -> None:
    """Tell the interviewer before it is too late, or apologise after a miss, and reschedule.

    Call first if you can: phone and voicemail scripts are printed with the email. The wording
    follows the facts at --now: before the start, "I cannot make it" (or with --late, "I am
    running 15 minutes late", offering to join then; while it runs, "I can join now"); after
    the end, one apology that names the day, a brief reason, and what you changed so it will
    not happen again. It proposes --count new times from the slot engine (after now plus
    --min-notice, never the original time, skipping both countries' public holidays) in the
    interviewer's zone and yours; with none, it asks them to suggest times.

    \b
    Examples:
      noshow recover missed.eml --reason timezone --cc recruiter@example.com
      noshow recover interview.ics --reason transit --late 20m
      noshow recover missed.ics --reason overslept --country DE --interviewer-country US-NY
      noshow recover missed.ics --reason technical --log-into ~/calendar.ics -o sorry.eml
    """
    common = resolve_common(config_path, zone_name, now, ())
    invite, message_id = load_invite(invite_path, common.you.zone)
    draft, result, their_zone = recover_for(
        invite, message_id, common, reason, slot_opts, late, cc, to
    )
    end = invite.end.instant if invite.end else invite.start.instant
    fate = deliver(draft, common, output, send, output_format, yes)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(f"Note: {holidays_note(holiday_calendars(slot_opts, their_zone, common))}", err=True)
    if log_into is not None:
        when = timing(invite.start.instant, end, common.now, (their_zone, common.you.zone))
        what = "Missed interview" if when.over else "Could not make interview"
        _, _, prevention = reason_texts(invite, common.you, reason)
        lines = [
            f"What happened: {what.lower()} ({_moment_text(invite, their_zone)}, organizer "
            f"{invite.organizer.display() if invite.organizer else 'unknown'}).",
            f"Reason: {reason}.",
            f"Safeguards now in place: {prevention.strip()}",
            *_email_lines(draft, result.slots, their_zone),
            f"Outcome: {fate}.",
        ]
        _log_incident(log_into, common, invite, "missed", f"{what}: ", lines)
        click.echo(f"Logged the incident in {log_into}.", err=True)


def recover_for(
    invite: Invite,
    message_id: str | None,
    common: Common,
    reason: str,
    slot_opts: dict[str, Any],
    late: str | None,
    cc: Sequence[str],
    to: str | None,
) -> tuple[Draft, SlotResult, str]:
    """The recovery draft with new times from the slot engine (never the original time while
    it is still ahead), the slot result, and the interviewer's zone."""
    request, their_zone = build_request(slot_opts, invite, common)
    end = invite.end.instant if invite.end else invite.start.instant
    if common.now < end:
        # You cannot make the original time: never propose it again.
        busy = (*request.you.busy, (invite.start.instant, end))
        request = replace(request, you=replace(request.you, busy=busy))
    result = find_slots(request)
    draft = recover_draft(
        invite,
        common.you,
        reason,
        result.slots,
        their_zone,
        tuple(cc),
        common.config.template_dir,
        message_id,
        now=common.now,
        late=_late(late),
        to=_recipient(to),
    )
    return draft, result, their_zone


def _moment_text(invite: Invite, their_zone: str) -> str:
    end = invite.end.instant if invite.end else None
    return Moment.of(invite.start.instant, end, their_zone).line


def _email_lines(draft: Draft, slots: Sequence[Slot], their_zone: str) -> list[str]:
    """The email's subject, recipients and the times it offered, for the incident log."""
    lines = [
        f"Email: {draft.subject}",
        f"To: {', '.join(p.display() for p in draft.to) or 'nobody yet'}",
        f"Cc: {', '.join(draft.cc) or 'nobody'}",
    ]
    if slots:
        lines.append("Times offered:")
        lines += [
            f"- {Moment.of(s.start, s.end, their_zone).line} ({utc_text(s.start)})" for s in slots
        ]
    elif draft.kind == "recover":
        lines.append("Times offered: none (asked them to suggest times)")
    return lines


def _log_incident(
    spec: str, common: Common, invite: Invite, key: str, prefix: str, lines: Sequence[str]
) -> None:
    """A VJOURNAL entry (UID ``KEY-<invite UID>@noshow``, added once) in any calendar the writer
    contract supports: an .ics file, a vdir, or a CalDAV calendar."""
    uid = f"{key}-{invite.uid}@noshow"
    journal = icalendar.Journal()
    journal.add("UID", uid)
    journal.add("DTSTAMP", common.now)
    journal.add("DTSTART", common.now.date())
    journal.add("SUMMARY", f"{prefix}{one_line(invite.summary) or 'interview'}")
    journal.add("DESCRIPTION", "\n".join(lines))
    journal.add("CATEGORIES", ["noshow", "missed-interview" if key == "missed" else key])
    journal.add("RELATED-TO", invite.uid)
    opened = open_for_writing(spec, common.config.accounts)
    try:
        report = add_entry(opened.writer(), uid, key, journal.to_ical().decode("utf-8"))
    finally:
        opened.close()
    if report.failed:
        raise ConfigError(f"{spec}: the incident could not be logged: {report.changes[-1].detail}")


#: What each follow-up records as the outcome in the incident log.
_OUTCOME_LOG = {
    "rescheduled": "rescheduled to {new}",
    "declined": "they declined; answered graciously",
    "no-reply": "no answer yet; sent one polite nudge",
    "thanks": "the interview took place; thanked them",
}


@click.command("followup")
@click.argument("invite_path", metavar="INVITE")
@click.option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    required=True,
    help="rescheduled: thanks and the new time; declined: a gracious reply; no-reply: one polite nudge; thanks: after the interview took place.",
)
@click.option(
    "--new-time",
    metavar="INSTANT_OR_INVITE",
    help="With --outcome rescheduled: the new start (ISO 8601) or the new invite.",
)
@click.option(
    "--log-into",
    "log_into",
    metavar="CALENDAR",
    help="Record the outcome as a VJOURNAL entry in this calendar (.ics file, vdir, or CalDAV: caldav:ACCOUNT[/CALENDAR] or its URL).",
)
@draft_options
@clock_options
def followup_command(
    invite_path: str,
    outcome: str,
    new_time: str | None,
    log_into: str | None,
    to: str | None,
    cc: tuple[str, ...],
    output: Path | None,
    send: bool,
    yes: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Draft the follow-up: thanks for rescheduling, an answer to a no, a nudge, a thank-you.

    None of them claims a meeting that did not happen: only `thanks` speaks of the conversation,
    it names the day as it is at --now ("today", "yesterday", "on Tuesday 8 December"), and it
    is refused before the interview has ended.

    \b
    Examples:
      noshow followup missed.ics --outcome rescheduled --new-time 2026-12-16T14:30:00Z
      noshow followup missed.ics --outcome rescheduled --new-time new-invite.eml
      noshow followup interview.ics --outcome thanks --cc recruiter@example.com
    """
    common = resolve_common(config_path, zone_name, now, ())
    invite, message_id = load_invite(invite_path, common.you.zone)
    draft, new = followup_for(invite, message_id, common, outcome, new_time, cc, to)
    fate = deliver(draft, common, output, send, output_format, yes)
    if log_into is not None:
        their_zone = invite.organizer_zone or common.you.zone
        new_text = Moment.of(new[0], new[1], their_zone).line if new else ""
        lines = [
            f"Interview: {_moment_text(invite, their_zone)}.",
            f"Outcome: {_OUTCOME_LOG[outcome].format(new=new_text)}.",
            *_email_lines(draft, (), their_zone),
            f"Email outcome: {fate}.",
        ]
        _log_incident(log_into, common, invite, f"followup-{outcome}", "Follow-up: ", lines)
        click.echo(f"Logged the outcome in {log_into}.", err=True)


def followup_for(
    invite: Invite,
    message_id: str | None,
    common: Common,
    outcome: str,
    new_time: str | None,
    cc: Sequence[str],
    to: str | None,
    files: bool = True,
) -> tuple[Draft, tuple[datetime, datetime | None] | None]:
    """The follow-up draft, and the new time for ``rescheduled`` (``new_time``: an ISO 8601
    instant, or with ``files`` the path of the new invite)."""
    new: tuple[datetime, datetime | None] | None = None
    if outcome == "rescheduled":
        if not new_time:
            raise click.UsageError("--outcome rescheduled needs --new-time INSTANT_OR_INVITE")
        if files and Path(new_time).is_file():
            moved, _ = load_invite(new_time, common.you.zone)
            new = (moved.start.instant, moved.end.instant if moved.end else None)
        else:
            start = parse_now(new_time, common.you.zone)
            length = invite.end.instant - invite.start.instant if invite.end else None
            new = (start, start + length if length else None)
        if new[0] <= common.now:
            raise click.BadParameter(
                f"the new time ({utc_text(new[0])}) is not after now ({utc_text(common.now)})",
                param_hint="--new-time",
            )
    draft = followup_draft(
        invite,
        common.you,
        outcome,
        new,
        common.config.template_dir,
        message_id,
        now=common.now,
        cc=tuple(cc),
        to=_recipient(to),
    )
    return draft, new
