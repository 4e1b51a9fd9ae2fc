"""`noshow confirm`, `noshow recover`, `noshow followup`: drafts no one can misread."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click
import icalendar

from noshow.adapters.ics_store import decode, save, vdir_item_path
from noshow.adapters.safe_write import Snapshot
from noshow.adapters.smtp import SendFailed, send
from noshow.cli.options import Common, clock_options, parse_now, resolve_common
from noshow.cli.slots import build_request, load_invite, slot_options
from noshow.drafts import OUTCOMES, REASONS, Draft, one_line
from noshow.drafts.compose import confirm_draft, followup_draft, reason_texts, recover_draft
from noshow.drafts.mail import as_bytes, build_message
from noshow.errors import ConfigError, InviteError
from noshow.icsedit import append_components
from noshow.model import Invite, You
from noshow.slots import find_slots

F = TypeVar("F", bound=Callable[..., Any])


def draft_options(func: F) -> F:
    """-o, --send and --format, shared by the three commands."""
    for decorator in reversed(
        [
            click.option(
                "-o",
                "--output",
                type=click.Path(dir_okay=False, path_type=Path),
                metavar="FILE.eml",
                help="Write the draft as an RFC 5322 email file.",
            ),
            click.option(
                "--send",
                is_flag=True,
                help="Send it through the [smtp] server in the config (password from NOSHOW_SMTP_PASSWORD, password_command or the keyring).",
            ),
            click.option(
                "--format",
                "output_format",
                type=click.Choice(["text", "json"]),
                default="text",
                show_default=True,
                help="text prints the draft; json its headers and body.",
            ),
        ]
    ):
        func = decorator(func)
    return func


def deliver(
    draft: Draft, common: Common, output: Path | None, send_it: bool, output_format: str
) -> None:
    """Print, write and (when asked) send a draft; a failed send leaves the draft written."""
    message = build_message(draft, common.now)
    if output_format == "json":
        data = draft.as_json()
        data["headers"]["Date"] = message["Date"]
        data["headers"]["Message-ID"] = message["Message-ID"]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(f"To: {message['To'] or '(no organizer address in the invite)'}")
        if message["Cc"]:
            click.echo(f"Cc: {message['Cc']}")
        click.echo(f"Subject: {message['Subject']}\n")
        click.echo(draft.body)
        if draft.calendar_method:
            click.echo(f"[with an iTIP {draft.calendar_method} attached]")
        for name, script in draft.scripts.items():
            click.echo(f"\n{name.capitalize()} script ({len(script.split())} words):\n{script}")
    if output is not None:
        save(
            output,
            decode(as_bytes(message)),
            Snapshot.take(output) if output.exists() else None,
            backup=False,
        )
        click.echo(f"Wrote {output}.", err=output_format == "json")
    if send_it:
        settings = common.config.smtp
        if settings is None:
            raise ConfigError(
                "--send needs an [smtp] table in the config (host, port, security, username)"
            )
        if not draft.to:
            raise InviteError("the invite has no organizer address to send to")
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


@click.command("confirm")
@click.argument("invite_path", metavar="INVITE")
@click.option(
    "--reply-ics/--no-reply-ics",
    default=True,
    show_default=True,
    help="Attach an iTIP REPLY accepting the invite (same UID and SEQUENCE).",
)
@draft_options
@clock_options
def confirm_command(
    invite_path: str,
    reply_ics: bool,
    output: Path | None,
    send: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Draft the confirmation email to the organizer.

    States the date and time in the organizer's zone with the zone's name and UTC offset (and in
    yours when it differs), the link or address, the interviewer's name, and that you will join
    early. With --reply-ics it carries an iTIP REPLY with PARTSTAT=ACCEPTED, so the organizer's
    calendar records the acceptance.

    \b
    Examples:
      noshow confirm invite.eml
      noshow confirm invite.ics -o confirm.eml
      noshow confirm invite.eml --send
    """
    common = resolve_common(config_path, zone_name, now, ())
    invite, message_id = load_invite(invite_path, common.you.zone)
    draft = confirm_draft(
        invite, common.you, common.now, reply_ics, common.config.template_dir, message_id
    )
    deliver(draft, common, output, send, output_format)


@click.command("recover")
@click.argument("invite_path", metavar="INVITE")
@click.option(
    "--reason",
    type=click.Choice(REASONS),
    required=True,
    help="Why you missed it: decides the brief reason and the prevention line.",
)
@click.option(
    "--cc",
    "cc",
    multiple=True,
    metavar="ADDRESS",
    help="Copy someone, e.g. the recruiter who scheduled it.",
)
@click.option(
    "--log-into",
    "log_into",
    type=click.Path(path_type=Path),
    metavar="CALENDAR",
    help="Record the incident as a VJOURNAL entry in this calendar (.ics file or vdir).",
)
@slot_options
@draft_options
@clock_options
def recover_command(
    invite_path: str,
    reason: str,
    cc: tuple[str, ...],
    log_into: Path | None,
    output: Path | None,
    send: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
    **slot_opts: Any,
) -> None:
    """Draft the apology and reschedule request after a missed interview.

    Call first if you can: the phone and voicemail scripts are printed too. The email apologises
    once, gives a brief reason, proposes --count times from the slot engine in the interviewer's
    zone (and yours), and says what you changed so it will not happen again.

    \b
    Examples:
      noshow recover missed.eml --reason timezone --cc recruiter@example.com
      noshow recover missed.ics --reason overslept --country DE --interviewer-country US-NY
      noshow recover missed.ics --reason technical --log-into ~/calendar.ics -o sorry.eml
    """
    common = resolve_common(config_path, zone_name, now, ())
    invite, message_id = load_invite(invite_path, common.you.zone)
    request, their_zone = build_request(slot_opts, invite, common)
    result = find_slots(request)
    draft = recover_draft(
        invite,
        common.you,
        reason,
        result.slots,
        their_zone,
        cc,
        common.config.template_dir,
        message_id,
    )
    deliver(draft, common, output, send, output_format)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    if log_into is not None:
        _log_incident(log_into, invite, common.you, reason, draft, common.now)
        click.echo(f"Logged the incident in {log_into}.", err=True)


def _log_incident(
    path: Path, invite: Invite, you: You, reason: str, draft: Draft, now: datetime
) -> None:
    """A VJOURNAL entry: what happened, why, and the safeguards now in place."""
    journal = icalendar.Journal()
    journal.add("UID", f"missed-{invite.uid}@noshow")
    journal.add("DTSTAMP", now)
    journal.add("DTSTART", now.date())
    journal.add("SUMMARY", f"Missed interview: {one_line(invite.summary) or 'interview'}")
    _, _, prevention = reason_texts(invite, you, reason)
    journal.add(
        "DESCRIPTION",
        f"What happened: missed the interview at {invite.start.instant.isoformat()} "
        f"(organizer {invite.organizer.display() if invite.organizer else 'unknown'}).\n"
        f"Reason: {reason}.\nSafeguards now in place: {prevention.strip()}\n"
        f"Recovery email: {draft.subject}",
    )
    journal.add("CATEGORIES", ["noshow", "missed-interview"])
    journal.add("RELATED-TO", invite.uid)
    block = journal.to_ical().decode("utf-8")
    if path.is_dir():
        item = vdir_item_path(path, f"missed-{invite.uid}@noshow")
        text = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow//noshow//EN\r\n"
            + block
            + "END:VCALENDAR\r\n"
        )
        if not item.exists():
            save(item, text, None, backup=False)
        return
    if path.exists():
        data = path.read_bytes()
        snapshot: Snapshot | None = Snapshot.take(path, data)
        original = decode(data)
    else:
        snapshot, original = (
            None,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow//noshow//EN\r\nEND:VCALENDAR\r\n",
        )
    if f"UID:missed-{invite.uid}@noshow" in original:
        return  # logged already
    save(path, append_components(original, [block]), snapshot, backup=snapshot is not None)


@click.command("followup")
@click.argument("invite_path", metavar="INVITE")
@click.option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    required=True,
    help="rescheduled: thanks and the new time; declined: a gracious reply; no-reply: one polite nudge; thanks: after the interview.",
)
@click.option(
    "--new-time",
    metavar="INSTANT_OR_INVITE",
    help="With --outcome rescheduled: the new start (ISO 8601) or the new invite.",
)
@draft_options
@clock_options
def followup_command(
    invite_path: str,
    outcome: str,
    new_time: str | None,
    output: Path | None,
    send: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Draft the follow-up: thanks for rescheduling, an answer to a no, a nudge, a thank-you.

    \b
    Examples:
      noshow followup missed.ics --outcome rescheduled --new-time 2026-12-16T14:30:00Z
      noshow followup missed.ics --outcome rescheduled --new-time new-invite.eml
      noshow followup interview.ics --outcome thanks
    """
    common = resolve_common(config_path, zone_name, now, ())
    invite, message_id = load_invite(invite_path, common.you.zone)
    new: tuple[datetime, datetime | None] | None = None
    if outcome == "rescheduled":
        if not new_time:
            raise click.UsageError("--outcome rescheduled needs --new-time INSTANT_OR_INVITE")
        if Path(new_time).is_file():
            moved, _ = load_invite(new_time, common.you.zone)
            new = (moved.start.instant, moved.end.instant if moved.end else None)
        else:
            start = parse_now(new_time, common.you.zone)
            length = invite.end.instant - invite.start.instant if invite.end else None
            new = (start, start + length if length else None)
    draft = followup_draft(invite, common.you, outcome, new, common.config.template_dir, message_id)
    deliver(draft, common, output, send, output_format)
