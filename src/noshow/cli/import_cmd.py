"""`noshow import`: take invites into your calendar, with everything `remind` adds."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from noshow.adapters.files import DEFAULT_MAX_BYTES, read_documents
from noshow.adapters.ics_store import (
    Source,
    apply_plans,
    decode,
    save,
    unified_diff,
    vdir_additions,
    vdir_item_path,
)
from noshow.adapters.safe_write import Snapshot
from noshow.check import check_documents
from noshow.cli.check import consoles
from noshow.cli.options import Common, clock_options, format_option, resolve_common
from noshow.cli.output import render_report, report_json
from noshow.cli.remind import build_options, describe, reminder_options
from noshow.errors import InviteError
from noshow.importing import event_blocks, owned_items, upsert
from noshow.model import Invite
from noshow.reminders import ReminderOptions, plan_reminders
from noshow.rules import Selection
from noshow.versions import current_versions

EMPTY_CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow//noshow//EN\r\nEND:VCALENDAR\r\n"
)


def _source_text(invite: Invite, cache: dict[str, Source]) -> str:
    if invite.source not in cache:
        cache[invite.source] = Source.open(Path(invite.source), DEFAULT_MAX_BYTES)
    return cache[invite.source].text


@click.command("import")
@click.argument("inputs", nargs=-1, required=True, metavar="INVITE...")
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(path_type=Path),
    metavar="CALENDAR",
    help="Your calendar: an .ics file (created if missing) or a vdir folder.",
)
@reminder_options
@click.option("--dry-run", is_flag=True, help="Change nothing; print the findings and the diff.")
@format_option
@clock_options
def import_command(
    inputs: tuple[str, ...],
    into: Path,
    policy: str | None,
    prep: str | None,
    travel: str | None,
    tech_check: str | None,
    confirm_tasks: bool | None,
    target: str | None,
    dry_run: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Import interview invites into your calendar, checked and with reminders.

    Runs `noshow check` on the invites (.ics or .eml) and prints the findings, then puts each
    interview into CALENDAR with everything `noshow remind` adds. A newer version of an invite
    already there (higher SEQUENCE) updates it, keeping its alarms and moving noshow's blocks and
    tasks with it; a CANCEL marks it cancelled and removes noshow's blocks and tasks for it;
    importing the same invite twice changes nothing.

    \b
    Examples:
      noshow import invite.eml --into ~/calendar.ics
      noshow import ~/Downloads/*.ics --into ~/.calendars/personal --target apple
      noshow import update.eml --into ~/calendar.ics --dry-run

    Exit status: as for `check` (0, 1 an error-level finding, 2 unreadable input or a write refused).
    """
    common = resolve_common(config_path, zone_name, now, ())
    config = common.config
    options = build_options(config, policy, prep, travel, tech_check, confirm_tasks, target)
    documents = list(
        read_documents(list(inputs), common.you.zone, sys.stdin.buffer, DEFAULT_MAX_BYTES)
    )
    report = check_documents(
        documents, common.you, common.now, config.settings, Selection(config.select, config.ignore)
    )
    if output_format == "json":
        click.echo(report_json(report))
    else:
        out, err = consoles()
        render_report(out, err, report)
    invites = current_versions([i for d in documents for i in d.invites])
    cache: dict[str, Source] = {}
    lines: list[str] = []
    if into.is_dir():
        lines = _into_vdir(into, invites, cache, options, common, dry_run)
    else:
        lines = _into_file(into, invites, cache, options, common, dry_run)
    for line in lines:
        click.echo(line, err=output_format == "json")
    sys.exit(report.exit_status)


def _into_file(
    into: Path,
    invites: list[Invite],
    cache: dict[str, Source],
    options: ReminderOptions,
    common: Common,
    dry_run: bool,
) -> list[str]:
    """Import into one .ics file: one read, one atomic write."""
    if into.exists():
        data = into.read_bytes()
        snapshot: Snapshot | None = Snapshot.take(into, data)
        original = decode(data)
    else:
        snapshot, original = None, EMPTY_CALENDAR
    text = original
    messages = []
    for invite in invites:
        result = upsert(text, invite, *_blocks(invite, cache))
        plan = plan_reminders(invite, options, common.you, common.now)
        text, [edit] = apply_plans(result.text, [plan], invite.dtstamp or common.now)
        messages.append(f"{into}: {result.action}: {describe(edit, plan)}")
    if text == original and snapshot is not None:
        messages.append(f"{into}: nothing changed.")
    elif dry_run:
        messages.append(unified_diff(original if snapshot else "", text, str(into)))
    else:
        save(into, text, snapshot, backup=snapshot is not None)
    return messages


def _blocks(invite: Invite, cache: dict[str, Source]) -> tuple[str, list[str]]:
    found = event_blocks(_source_text(invite, cache), invite)
    if found is None:
        raise InviteError(
            f"{invite.source}: the event {invite.uid!r} could not be located in its text"
        )
    return found


def _into_vdir(
    into: Path,
    invites: list[Invite],
    cache: dict[str, Source],
    options: ReminderOptions,
    common: Common,
    dry_run: bool,
) -> list[str]:
    """Import into a vdir: the interview in its own item file, each addition in its own."""
    messages = []
    for invite in invites:
        item = vdir_item_path(into, invite.uid)
        snapshot = Snapshot.take(item) if item.exists() else None
        original = decode(item.read_bytes()) if item.exists() else EMPTY_CALENDAR
        result = upsert(original, invite, *_blocks(invite, cache))
        plan = plan_reminders(invite, options, common.you, common.now)
        stamp = invite.dtstamp or common.now
        text, [edit] = apply_plans(result.text, [replace(plan, additions=())], stamp)
        # A new version moves noshow's items: the old ones go, the plan writes them again.
        stale = [
            p
            for p in sorted(into.glob("*.ics"))
            if p != item
            and result.action in ("updated", "cancelled")
            and owned_items(decode(p.read_bytes()), invite.uid)
        ]
        source_text = _source_text(invite, cache)
        fresh = [
            (p, c) for p, c in vdir_additions(into, plan, stamp, source_text) if p not in stale
        ] + [
            (p, c)
            for p, c in vdir_additions(into, plan, stamp, source_text, include_existing=True)
            if p in stale
        ]
        messages.append(f"{item}: {result.action}: {describe(edit, plan)}")
        if dry_run:
            if text != original:
                messages.append(unified_diff(original if snapshot else "", text, str(item)))
            messages.extend(unified_diff("", content, str(path)) for path, content in fresh)
            continue
        if text != original or snapshot is None:
            save(item, text, snapshot, backup=snapshot is not None)
        for path in stale:
            path.unlink()
        for path, content in fresh:
            save(path, content, None, backup=False)
    return messages
