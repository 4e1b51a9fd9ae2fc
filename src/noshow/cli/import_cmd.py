"""`noshow import`: take invites into your calendar, with everything `remind` adds."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from noshow.adapters.caldav_store import (
    CalDAVCalendar,
    Connection,
    RemoteCalendar,
    item_url,
    open_remote,
)
from noshow.adapters.caldav_write import (
    Change,
    Outcome,
    conditional_update,
    create,
    remind_interview,
)
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
from noshow.errors import ConfigError, InviteError
from noshow.icsedit import render_standalone
from noshow.importing import event_blocks, owned_items, upsert
from noshow.model import Invite
from noshow.reminders import Plan, ReminderOptions, plan_reminders
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
    "into_spec",
    required=True,
    metavar="CALENDAR",
    help="Your calendar: an .ics file (created if missing), a vdir folder, or a CalDAV "
    "calendar (caldav:ACCOUNT, caldav:ACCOUNT/CALENDAR, or its URL).",
)
@reminder_options
@click.option("--dry-run", is_flag=True, help="Change nothing; print the findings and the diff.")
@format_option
@clock_options
def import_command(
    inputs: tuple[str, ...],
    into_spec: str,
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
      noshow import invite.eml --into caldav:fastmail/Personal

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
    into = Path(into_spec).expanduser()
    if into_spec.startswith(("caldav:", "http://", "https://")):
        lines = _into_caldav(into_spec, invites, cache, options, common, dry_run)
    elif into.is_dir():
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


def _into_caldav(
    spec: str,
    invites: list[Invite],
    cache: dict[str, Source],
    options: ReminderOptions,
    common: Common,
    dry_run: bool,
) -> list[str]:
    """Import into a CalDAV calendar: the interview where it already is (found by UID) or as a
    new resource, changed only with If-Match / created only with If-None-Match: *."""
    store = open_remote(spec, common.config.accounts)
    click.get_current_context().call_on_close(store.close)
    calendars = store.calendars()
    messages: list[str] = []
    for invite in invites:
        block, zones = _blocks(invite, cache)
        messages.extend(
            _import_one(store, calendars, invite, block, zones, options, common, dry_run)
        )
    return messages


def _import_one(
    store: CalDAVCalendar,
    calendars: list[RemoteCalendar],
    invite: Invite,
    block: str,
    zones: list[str],
    options: ReminderOptions,
    common: Common,
    dry_run: bool,
) -> list[str]:
    connection = store.connection
    plan = plan_reminders(invite, options, common.you, common.now)
    stamp = invite.dtstamp or common.now
    found = [(c, r.url) for c in calendars for r in connection.find_uid(c, invite.uid)]
    if found:
        calendar, url = found[0]
    else:
        calendar = _import_target(store, calendars)
        url = item_url(calendar, invite.uid)
    if not found and invite.cancelled:
        return [f"{url}: not-found: nothing to cancel."]
    actions: list[str] = []

    def put_in(text: str) -> str:
        result = upsert(text, invite, block, zones)
        actions[:] = [result.action]
        new_text, _ = apply_plans(result.text, [replace(plan, additions=())], stamp)
        return new_text

    diffs: list[str] = []
    if not found:
        text = put_in(EMPTY_CALENDAR)
        if create(connection, url, text, dry_run):
            diffs.append(unified_diff("", text, url) if dry_run else "")
        else:
            found = [(calendar, url)]  # created by someone else in between: update it
    if found:
        base, new_text, status = conditional_update(connection, url, put_in, dry_run)
        if status in ("conflict", "gone"):
            reason = "changed by another client" if status == "conflict" else "deleted"
            return [f"{url}: skipped: {reason} on the server meanwhile."]
        if dry_run and base is not None and new_text is not None:
            diffs.append(unified_diff(decode(base.data), new_text, url))
    outcome = _import_additions(
        connection, calendar, url, invite, plan, stamp, common, dry_run, options, bool(found)
    )
    made = [c for c in outcome.changes if c.action != "unchanged"]
    detail = ", ".join(f"{c.action} {c.detail}".strip() for c in made) or "nothing more to add"
    action = actions[0] if actions else "unchanged"
    messages = [f"{url}: {action}: {invite.summary or invite.uid}; {detail}."]
    if dry_run:
        messages.extend(d for d in diffs if d)
        messages.extend(c.diff for c in outcome.changes if c.diff)
    return messages


def _import_additions(
    connection: Connection,
    calendar: RemoteCalendar,
    url: str,
    invite: Invite,
    plan: Plan,
    stamp: datetime,
    common: Common,
    dry_run: bool,
    options: ReminderOptions,
    existed: bool,
) -> Outcome:
    """noshow's blocks and tasks for an imported interview: created, moved or cancelled."""
    if invite.cancelled:
        uncancelled = plan_reminders(
            replace(invite, method=None, status=None), options, common.you, common.now
        )
        return remind_interview(
            connection,
            calendar,
            url,
            replace(uncancelled, alarms=()),
            stamp,
            dry_run,
            cancelled=True,
        )
    if dry_run and not existed:
        outcome = Outcome()  # nothing on the server to read yet: show what would be created
        for addition in plan.additions:
            item = item_url(calendar, addition.uid)
            text = render_standalone(addition, invite, stamp, None)
            outcome.changes.append(
                Change(item, "created", addition.kind, unified_diff("", text, item))
            )
        return outcome
    return remind_interview(connection, calendar, url, replace(plan, alarms=()), stamp, dry_run)


def _import_target(store: CalDAVCalendar, calendars: list[RemoteCalendar]) -> RemoteCalendar:
    """Where a new interview goes: the one calendar named, configured or found."""
    if len(calendars) == 1:
        return calendars[0]
    names = ", ".join(repr(c.name) for c in calendars) or "none"
    raise ConfigError(
        f"{store.name}: which calendar? name one, e.g. --into {store.name}/NAME "
        f"(calendars: {names}), or set calendars in its [accounts] table"
    )
