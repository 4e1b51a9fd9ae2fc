"""`noshow sync`: check the interviews in a CalDAV calendar and protect them with reminders."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from noshow.adapters.caldav_store import (
    CalDAVCalendar,
    Connection,
    account_password,
    url_account,
)
from noshow.adapters.caldav_write import Change, remind_interview
from noshow.calendars.store import Calendars
from noshow.cli.agenda import agenda_report, match_pattern
from noshow.cli.check import consoles
from noshow.cli.options import clock_options, format_option, resolve_common
from noshow.cli.output import invite_json, problem_json, render_report
from noshow.cli.remind import build_options, reminder_options
from noshow.config import Account, Config
from noshow.errors import ConfigError
from noshow.model import Invite, You
from noshow.reminders import ReminderOptions, plan_reminders
from noshow.rules import Selection


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
        "which account? give --account NAME"
        + (
            f" (accounts: {known})"
            if known
            else ", --url URL, or add [accounts.NAME] to the config"
        )
    )


def change_json(change: Change) -> dict[str, str]:
    """One changed (or skipped) resource in the JSON output."""
    return {"url": change.url, "action": change.action, "detail": change.detail}


@click.command("sync")
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
    """Check the interviews in a CalDAV calendar and add their reminders.

    Reads the next --days days of the account's calendars from the server (a time-range query,
    never the whole calendar), finds the interviews, runs every check of `noshow agenda`, and
    with --remind (the default) adds what `noshow remind` adds: alarms on the interview, separate
    reminder events, prep/travel/tech-check blocks and confirmation tasks.

    Nothing is lost: alarms are added with If-Match (if another client changed the event in
    between, noshow fetches it again and re-applies, up to 3 times), new items are created with
    If-None-Match: * (never over something that exists), nothing is deleted, and events that are
    not interviews are never touched. A second run adds nothing.

    The password comes from NOSHOW_PASSWORD (or NOSHOW_PASSWORD_<ACCOUNT>), the account's
    password_command, or the system keyring (service noshow-caldav) - never from an option.

    \b
    Examples:
      noshow sync --account fastmail --dry-run
      noshow sync --account nextcloud --calendar Personal --days 7
      noshow sync --url https://cal.example.org/dav/ --username me --no-remind --format json

    Exit status: 0 all clear, 1 some interview has an error-level finding, 2 the server or the
    config could not be used.
    """
    common = resolve_common(config_path, zone_name, now, ())
    config = common.config
    options = build_options(config, policy, prep, travel, tech_check, confirm_tasks, target)
    chosen = choose_account(config, account, url, username)
    if calendar_names:
        chosen = replace(chosen, calendars=calendar_names)
    pattern = match_pattern(match)
    connection = Connection(chosen, account_password(chosen))
    store = CalDAVCalendar(connection, name=f"caldav:{chosen.name}")
    click.get_current_context().call_on_close(store.close)
    calendars = Calendars([store], common.you.zone)
    selection = Selection(config.select, config.ignore)
    report, interviews = agenda_report(calendars, common, days, pattern, selection)

    changes: list[Change] = []
    lines: list[str] = []
    if remind:
        changes, lines = _remind_all(
            store, interviews, options, common.you, common.now, dry_run, output_format
        )

    if output_format == "json":
        data = {
            "interviews": [invite_json(c) for c in report.checked],
            "errors": [problem_json(p) for p in report.problems],
            "changes": [change_json(c) for c in changes],
            "dry_run": dry_run,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        out, err = consoles()
        render_report(out, err, report, noun="interview")
        if remind:
            verb = "Would change" if dry_run else "Changed"
            written = [c for c in changes if c.writes]
            click.echo(f"\n{verb} {len(written)} resource(s) on {chosen.server}.")
            for line in lines:
                click.echo(f"  {line}")
            for change in changes:
                if change.diff:
                    click.echo(change.diff, nl=False)
    sys.exit(report.exit_status)


def _remind_all(
    store: CalDAVCalendar,
    interviews: list[Invite],
    options: ReminderOptions,
    you: You,
    now: datetime,
    dry_run: bool,
    output_format: str,
) -> tuple[list[Change], list[str]]:
    """Add what `remind` adds to every interview read from the store."""
    changes: list[Change] = []
    lines: list[str] = []
    done: set[tuple[str, str]] = set()
    with _progress(len(interviews), output_format) as advance:
        for invite in interviews:
            advance()
            key = (invite.source, f"{invite.uid}/{invite.recurrence_id}")
            if key in done or invite.source not in store.resources:
                continue
            done.add(key)
            calendar, _ = store.resources[invite.source]
            plan = plan_reminders(invite, options, you, now)
            stamp = invite.dtstamp or now
            outcome = remind_interview(
                store.connection, calendar, invite.source, plan, stamp, dry_run
            )
            changes.extend(outcome.changes)
            lines.append(_summary(invite.summary or invite.uid, outcome.changes))
    return changes, lines


def _summary(title: str, changes: list[Change]) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        label = change.action if change.action != "created" else f"created {change.detail}"
        counts[label] = counts.get(label, 0) + 1
    skipped = [c.detail for c in changes if c.action == "skipped"]
    parts = [
        f"{n} x {label}" if n > 1 else label for label, n in counts.items() if label != "skipped"
    ]
    text = f"{title}: " + (", ".join(parts) if parts else "nothing to add")
    if skipped:
        text += " (skipped: " + "; ".join(sorted(set(skipped))) + ")"
    return text


@contextmanager
def _progress(total: int, output_format: str) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal (stderr) for text output; nothing when piped or JSON."""
    if output_format != "text" or total < 4 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Adding reminders", total=total)
        yield lambda: progress.advance(task)
