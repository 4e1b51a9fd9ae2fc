"""`noshow slots`: reschedule options that work for both people, in the interviewer's zone."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from noshow.cli.options import common_options, resolve_common
from noshow.cli.slot_request import (
    build_request,
    counter_attendee,
    counter_ics,
    holiday_calendars,
    holidays_json,
    holidays_note,
    load_invite,
    local_line,
    slot_options,
    slots_ics,
    slots_json,
)
from noshow.slots import SlotResult, find_slots
from noshow.timefmt import abbreviation, utc_text
from noshow.zones import offset_text, zone


@click.command("slots")
@click.option(
    "--from",
    "from_invite",
    metavar="INVITE",
    help="The missed invite: gives the interviewer's zone, the length and the organizer.",
)
@slot_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "ics"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, ics for hold events.",
)
@click.option(
    "--counter",
    is_flag=True,
    help="With --from and --format ics: an iTIP COUNTER proposing the first slot for the original invite.",
)
@common_options
def slots_command(
    from_invite: str | None,
    output_format: str,
    counter: bool,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
    travel: tuple[str, ...],
    **options: Any,
) -> None:
    """Propose interview times that work for both of you, in the interviewer's time zone.

    Times lie inside both people's working hours (each in their own zone), on neither person's
    weekend or public holiday, clear of both calendars with a buffer, after the minimum notice,
    on a :00/:30 grid in the interviewer's zone that stays put across DST changes. Proposals are
    spread over different days and kept comfortably inside both working days.

    \b
    Examples:
      noshow slots --from missed.ics --country DE --interviewer-country US-NY
      noshow slots --interviewer-zone Asia/Kolkata --duration 30m --calendar ~/calendar.ics
      noshow slots --from missed.eml --format ics --counter > counter.ics

    Exit status: 0 at least one slot, 1 none, 2 bad input.
    """
    common = resolve_common(config_path, zone_name, now, travel)
    invite = load_invite(from_invite, common.you.zone)[0] if from_invite else None
    if counter and (invite is None or output_format != "ics"):
        raise click.UsageError("--counter needs --from INVITE and --format ics")
    request, their_zone = build_request(options, invite, common)
    result = find_slots(request)
    calendars = holiday_calendars(options, their_zone, common)
    if output_format == "json":
        data = slots_json(result, their_zone, common.you.zone)
        data["holidays"] = holidays_json(calendars)
        click.echo(json.dumps(data, indent=2))
    elif output_format == "ics":
        if result.slots:
            if counter and invite is not None:
                attendee = counter_attendee(invite, common)
                click.echo(
                    counter_ics(result.slots[0], invite, attendee, common.now, their_zone),
                    nl=False,
                )
            else:
                click.echo(slots_ics(result, their_zone, invite, common.now), nl=False)
        for note in result.notes:
            click.echo(f"noshow: {note}", err=True)
        click.echo(f"noshow: {holidays_note(calendars)}", err=True)
    else:
        _print_text(result, their_zone, common.you.zone)
        click.echo(holidays_note(calendars))
    sys.exit(0 if result.slots else 1)


def _print_text(result: SlotResult, interviewer: str, you: str) -> None:
    their_tz, your_tz = zone(interviewer), zone(you)
    if result.slots:
        click.echo(f"{'interviewer (' + interviewer + ')':<42} {'you (' + you + ')':<42} UTC")
        for slot in result.slots:
            theirs = slot.start.astimezone(their_tz)
            yours = slot.start.astimezone(your_tz)
            click.echo(
                f"{theirs:%a %d %b %H:%M} {abbreviation(theirs)} ({offset_text(theirs.utcoffset())})".ljust(
                    43
                )
                + f"{yours:%a %d %b %H:%M} {abbreviation(yours)} ({offset_text(yours.utcoffset())})".ljust(
                    43
                )
                + utc_text(slot.start)
            )
        click.echo("\nReady to paste (the interviewer's time first):")
        for slot in result.slots:
            theirs_line = local_line(slot.start.astimezone(their_tz), slot.end.astimezone(their_tz))
            yours_line = local_line(slot.start.astimezone(your_tz), slot.end.astimezone(your_tz))
            same = (
                slot.start.astimezone(their_tz).utcoffset()
                == slot.start.astimezone(your_tz).utcoffset()
            )
            click.echo(f"- {theirs_line}" + ("" if same else f" / {yours_line} for me"))
    else:
        click.echo("No slot fits.")
    for note in result.notes:
        click.echo(f"Note: {note}")
