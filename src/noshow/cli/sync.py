"""`noshow sync`: check the interviews in your calendars and protect them with reminders."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from noshow.adapters.caldav_store import url_account
from noshow.adapters.open import OpenCalendar, open_for_writing
from noshow.app import WriteReport, agenda, remind_calendars
from noshow.calendars.store import Calendars
from noshow.cli.options import clock_options, format_option, resolve_common
from noshow.cli.output import invite_json, problem_json, render_report
from noshow.cli.shared import (
    build_options,
    consoles,
    echo_report,
    match_pattern,
    progress,
    reminder_options,
)
from noshow.config import Account, Config
from noshow.errors import ConfigError
from noshow.rules import Selection
from noshow.timefmt import when
from noshow.zones import zone


def choose_account(
    config: Config, account: str | None, url: str | None, username: str | None
) -> Account:
    """--account NAME, or --url (with --username), or the only account in the config."""
    if account and url:
        raise click.UsageError("give --account NAME or --url URL, not both")
    if url:
        chosen = url_account(url, config.accounts)
        return replace(chosen, username=username) if username else chosen
    if username:
        raise click.UsageError("--username goes with --url")
    if account:
        return config.account(account)
    if len(config.accounts) == 1:
        return config.accounts[0]
    known = ", ".join(a.name for a in config.accounts)
    raise ConfigError(
        "which calendar? give CALENDAR (a file, a vdir folder or caldav:ACCOUNT), --account NAME"
        + (
            f" (accounts: {known})"
            if known
            else ", --url URL, or add [accounts.NAME] or [calendars] paths to the config"
        )
    )


def _targets(
    config: Config,
    specs: tuple[str, ...],
    account: str | None,
    url: str | None,
    username: str | None,
    calendar_names: tuple[str, ...],
) -> list[OpenCalendar]:
    """The calendars to sync: those named, else the account asked for, else the config's."""
    if specs:
        if account or url:
            raise click.UsageError("give CALENDAR... or --account/--url, not both")
        return [open_for_writing(s, config.accounts) for s in specs]
    if account or url or config.accounts or not config.calendars:
        chosen = choose_account(config, account, url, username)
        if calendar_names:
            chosen = replace(chosen, calendars=calendar_names)
        from noshow.adapters.caldav_store import CalDAVCalendar, Connection, account_password

        store = CalDAVCalendar(
            Connection(chosen, account_password(chosen)), name=f"caldav:{chosen.name}"
        )
        return [OpenCalendar(store.name, store)]
    return [open_for_writing(spec, config.accounts) for spec in config.calendars]


@click.command("sync")
@click.argument("specs", nargs=-1, metavar="[CALENDAR]...")
@click.option("--account", metavar="NAME", help="An [accounts.NAME] table of the config.")
@click.option(
    "--url", metavar="URL", help="A CalDAV server or calendar URL (instead of --account)."
)
@click.option("--username", metavar="USER", help="The username for --url.")
@click.option(
    "--calendar",
    "calendar_names",
    multiple=True,
    metavar="NAME",
    help="Only this calendar of the account (display name or URL); repeatable. "
    "Default: the account's calendars setting, else every event calendar.",
)
@click.option(
    "--days", type=click.IntRange(1, 366), default=14, show_default=True, help="Days ahead."
)
@click.option(
    "--remind/--no-remind",
    default=True,
    show_default=True,
    help="Add the reminders, prep blocks and confirmation tasks of `noshow remind`.",
)
@reminder_options
@click.option(
    "--match",
    metavar="REGEX",
    help="Treat as interviews only the events whose summary or categories match REGEX.",
)
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would change (diffs).")
@format_option
@clock_options
def sync_command(
    specs: tuple[str, ...],
    account: str | None,
    url: str | None,
    username: str | None,
    calendar_names: tuple[str, ...],
    days: int,
    remind: bool,
    policy: str | None,
    prep: str | None,
    travel: str | None,
    tech_check: str | None,
    confirm_tasks: bool | None,
    target: str | None,
    match: str | None,
    dry_run: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Check the interviews in your calendars and add their reminders.

    CALENDAR is an .ics file, a vdir folder, or a CalDAV calendar (caldav:ACCOUNT[/CALENDAR] or
    its URL); without one, --account/--url, or the config's only account, or its [calendars]
    paths. Reads the next --days days (on a server, a time-range query, never the whole
    calendar), finds the interviews, runs every check of `noshow agenda`, and with --remind (the
    default) adds and keeps current what `noshow remind` adds: alarms on the interview, separate
    reminder events, prep/travel/tech-check blocks and confirmation tasks.

    Nothing is lost: every change is made on the latest version (If-Match on a server, a
    snapshot check on a file; if another program changed it in between, noshow reads it again
    and re-applies, up to 3 times), new items never replace anything, nothing is deleted, and
    events that are not interviews are never touched. A second run changes nothing.

    A server's password comes from NOSHOW_PASSWORD (or NOSHOW_PASSWORD_<ACCOUNT>), the account's
    password_command, or the system keyring (service noshow-caldav) - never from an option.

    \b
    Examples:
      noshow sync ~/calendar.ics --dry-run
      noshow sync ~/.calendars/personal --days 7
      noshow sync --account fastmail --dry-run
      noshow sync --url https://cal.example.org/dav/ --username me --no-remind --format json

    Exit status: 0 all clear, 1 some interview has an error-level finding, 2 a calendar or the
    config could not be used, or an interview could not be written.
    """
    common = resolve_common(config_path, zone_name, now, ())
    config = common.config
    options = build_options(config, policy, prep, travel, tech_check, confirm_tasks, target)
    pattern = match_pattern(match)
    targets = _targets(config, specs, account, url, username, calendar_names)
    for opened in targets:
        click.get_current_context().call_on_close(opened.close)
    calendars = Calendars([t.reader for t in targets], common.you.zone)
    selection = Selection(config.select, config.ignore)
    report, interviews = agenda(
        calendars, common.you, common.now, config.settings, days, pattern, selection
    )

    writes: list[WriteReport] = []
    if remind:
        with progress(len(interviews), "Adding reminders", output_format == "text") as advance:
            writes = remind_calendars(
                targets, interviews, options, common.you, common.now, dry_run, advance
            )
    if output_format == "json":
        data = {
            "interviews": [invite_json(c) for c in report.checked],
            "errors": [problem_json(p) for p in report.problems],
            "changes": [c.as_json() for w in writes for c in w.changes],
            "dry_run": dry_run,
            "new_interviews": [
                {"uid": i.uid, "summary": i.summary, "start": i.start.instant.isoformat()}
                for w in writes
                for i in w.first_time()
            ],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        out, err = consoles()
        render_report(out, err, report, noun="interview")
        first = [i for w in writes for i in w.first_time()]
        if first:
            verb = "will look" if dry_run else "now looks"
            click.echo(
                f"\nnoshow {verb} after {len(first)} new interview{'s' if len(first) != 1 else ''} "
                "(found by invite, organizer and attendees, or an interview word in the title; "
                "--match REGEX chooses them yourself):"
            )
            for invite in first:
                moment = when(invite.start.instant.astimezone(zone(common.you.zone)))
                click.echo(f"  - {invite.summary or invite.uid}, {moment}")
        for written in writes:
            verb = "Would change" if dry_run else "Changed"
            count = len({c.href for c in written.changes if c.writes})
            click.echo(f"\n{verb} {count} item{'s' if count != 1 else ''} in {written.calendar}.")
            echo_report(written)
    failed = any(w.failed for w in writes)
    sys.exit(2 if failed else report.exit_status)
