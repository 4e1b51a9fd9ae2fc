"""`noshow check`: read invites and report what could make you miss them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from noshow.adapters.files import count_inputs, read_documents
from noshow.check import Report, check_documents
from noshow.cli.options import common_options, format_option, resolve_common
from noshow.cli.output import render_report, report_json
from noshow.cli.shared import consoles, open_calendars, progress
from noshow.rules import Selection

if TYPE_CHECKING:
    pass


@click.command("check")
@click.argument("inputs", nargs=-1, required=True, metavar="INVITE...")
@format_option
@click.option(
    "--select",
    multiple=True,
    metavar="RULE",
    help="Run only these rules (slug, code or code prefix such as NS1; repeatable).",
)
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules (repeatable).")
@click.option(
    "--calendar",
    "calendar_specs",
    multiple=True,
    metavar="PATH",
    help="Your calendar: an .ics file, a folder of .ics files (vdir), - for standard input, or a "
    "CalDAV calendar (caldav:ACCOUNT[/CALENDAR] or its URL); repeatable. Adds the "
    "conflict, buffer and reminder checks. Default: the config's [calendars] paths.",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0.001),
    metavar="MB",
    help="Refuse inputs larger than this many megabytes (default 10, or the config's check.max_size_mb).",
)
@common_options
def check_command(
    inputs: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    calendar_specs: tuple[str, ...],
    max_size: float | None,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
    travel: tuple[str, ...],
) -> None:
    """Check interview invites for time zone traps before the day.

    INVITE is an .ics file, an invite email (.eml), a folder (every .ics/.eml inside, recursively)
    or - for standard input. Versions of the same invite across inputs are merged: the highest
    SEQUENCE wins, and a CANCEL cancels.

    \b
    Examples:
      noshow check invite.eml
      noshow check samples/ --zone Europe/Berlin --now 2026-11-23T09:00:00Z
      noshow check invite.ics --format json | jq '.invites[].findings'
      noshow check invite.ics --ignore odd-hour --travel America/New_York:2026-12-01:2026-12-05

    Exit status: 0 no error-level finding, 1 some invite has one, 2 an input could not be read.
    """
    if "-" in inputs and "-" in calendar_specs:
        raise click.UsageError("standard input (-) can be the invites or a --calendar, not both")
    common = resolve_common(config_path, zone_name, now, travel)
    config = common.config
    selection = Selection(select or config.select, (*config.ignore, *ignore))
    limit = int((max_size or config.max_size_mb) * 1024 * 1024)
    documents = []
    # A bar on a terminal when there are many inputs (a mail folder); silent when piped.
    showing = output_format == "text" and sys.stderr.isatty()
    total = count_inputs(list(inputs)) if showing else 0
    with progress(total, "Checking invites", showing) as advance:
        for document in read_documents(list(inputs), common.you.zone, sys.stdin.buffer, limit):
            documents.append(document)
            advance()
    calendars = open_calendars(calendar_specs or config.calendars, common.you.zone, config.accounts)
    lookup = None
    if calendars is not None:
        from noshow.calendars.store import Calendars

        calendars.prefetch(Calendars.window_for(i) for d in documents for i in d.invites)
        lookup = calendars.view
    report = check_documents(documents, common.you, common.now, config.settings, selection, lookup)
    if calendars is not None and calendars.problems:
        report = Report(report.checked, report.problems + tuple(calendars.problems))
    if output_format == "json":
        click.echo(report_json(report))
    else:
        out, err = consoles()
        render_report(out, err, report)
    sys.exit(report.exit_status)
