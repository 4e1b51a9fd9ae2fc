"""`noshow import`: take invites into your calendar, checked against it, with reminders."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from noshow.adapters.files import DEFAULT_MAX_BYTES, read_documents
from noshow.adapters.open import open_for_writing
from noshow.app import import_invites, stored_requests
from noshow.calendars.store import Calendars
from noshow.check import check_documents
from noshow.cli.options import clock_options, format_option, resolve_common
from noshow.cli.output import render_report, report_json
from noshow.cli.shared import (
    build_options,
    consoles,
    echo_report,
    open_calendars,
    progress,
    reminder_options,
)
from noshow.rules import Selection

#: Rules about the interview's own entry in your calendar: the import is about to write it.
ABOUT_THE_ENTRY = ("not-in-calendar", "no-reminder", "single-reminder", "outdated-entry")


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
@click.option(
    "--calendar",
    "calendar_specs",
    multiple=True,
    metavar="CALENDAR",
    help="Another calendar of yours to check the invite against (repeatable); the --into "
    "calendar is always checked.",
)
@reminder_options
@click.option("--dry-run", is_flag=True, help="Change nothing; print the findings and the diff.")
@format_option
@clock_options
def import_command(
    inputs: tuple[str, ...],
    into_spec: str,
    calendar_specs: tuple[str, ...],
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

    Checks the invites (.ics or .eml; - reads standard input) as `noshow check` does, against the
    calendar they go into and any --calendar (a conflict or a missing buffer there is reported
    before anything is written), then puts each interview into CALENDAR with everything `noshow
    remind` adds. The interview is found wherever it already is (by UID, in any file of a vdir,
    on any href on a server): a newer version (higher SEQUENCE, or the same SEQUENCE and a later
    DTSTAMP) updates it, and every alarm, reminder, block and task noshow wrote for it is
    rewritten from the new version; a CANCEL marks it and noshow's items cancelled (nothing is
    ever deleted); the same or an older version changes nothing.

    \b
    Examples:
      noshow import invite.eml --into ~/calendar.ics
      noshow import ~/Downloads/*.ics --into ~/.calendars/personal --target apple
      noshow import update.eml --into ~/calendar.ics --dry-run
      noshow import invite.eml --into caldav:fastmail/Personal --calendar ~/work.ics

    Exit status: as for `check` (0, 1 an error-level finding), and 2 for unreadable input or an
    interview that could not be written.
    """
    common = resolve_common(config_path, zone_name, now, ())
    config = common.config
    options = build_options(config, policy, prep, travel, tech_check, confirm_tasks, target)
    documents = list(
        read_documents(list(inputs), common.you.zone, sys.stdin.buffer, DEFAULT_MAX_BYTES)
    )
    into = open_for_writing(into_spec, config.accounts)
    click.get_current_context().call_on_close(into.close)
    writer = into.writer()
    documents += stored_requests(writer, documents, common.you.zone)
    others = open_calendars(calendar_specs, common.you.zone, config.accounts)
    calendars = Calendars([into.reader, *(others.stores if others else [])], common.you.zone)
    # One read per stretch of overlapping windows, not one per invite (as `check` does).
    calendars.prefetch(Calendars.window_for(i) for d in documents for i in d.invites)
    selection = Selection(config.select, (*config.ignore, *ABOUT_THE_ENTRY))
    report = check_documents(
        documents, common.you, common.now, config.settings, selection, calendars.view
    )
    total = sum(len(d.invites) for d in documents)
    with progress(total, "Importing", output_format == "text") as advance:
        written = import_invites(
            writer, documents, options, common.you, common.now, dry_run=dry_run, progress=advance
        )
    if output_format == "json":
        data = json.loads(report_json(report))
        data["changes"] = [c.as_json() for c in written.changes]
        data["dry_run"] = dry_run
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        echo_report(written, to_stderr=True)
    else:
        out, err = consoles()
        render_report(out, err, report)
        echo_report(written)
    sys.exit(2 if written.failed or written.problems else report.exit_status)
