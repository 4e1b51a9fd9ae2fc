"""`noshow agenda`: the interviews in your calendars in the coming days, checked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from noshow.app import agenda
from noshow.cli.options import common_options, format_option, resolve_common
from noshow.cli.output import render_report, report_json
from noshow.cli.shared import consoles, match_pattern, open_calendars
from noshow.errors import ConfigError
from noshow.rules import Selection


@click.command("agenda")
@click.option(
    "--calendar",
    "calendar_specs",
    multiple=True,
    metavar="PATH",
    help="A calendar: an .ics file, a folder of .ics files (vdir), - for standard input, or a "
    "CalDAV calendar "
    "(caldav:ACCOUNT[/CALENDAR] or its URL); repeatable. "
    "Default: the config's [calendars] paths.",
)
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=14,
    show_default=True,
    help="How many days ahead to look.",
)
@click.option(
    "--match",
    "match",
    metavar="REGEX",
    help="Treat as interviews only the events whose summary or categories match REGEX "
    "(case-insensitive), instead of noshow's own detection.",
)
@format_option
@click.option("--select", multiple=True, metavar="RULE", help="Run only these rules (repeatable).")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules (repeatable).")
@common_options
def agenda_command(
    calendar_specs: tuple[str, ...],
    days: int,
    match: str | None,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
    travel: tuple[str, ...],
) -> None:
    """Your interviews in the next days, each checked: run it every morning.

    Reads your calendars (.ics files, vdir folders, CalDAV), finds the interviews in the next --days
    days and runs every check of `noshow check` on each, plus the calendar checks: conflicts,
    missing buffers before and after, missing reminders.

    An event is an interview when it has an organizer and attendees, comes from an invitation
    (METHOD), or its summary or categories say so (interview, screening, phone screen, onsite,
    Vorstellungsgespräch, entretien, entrevista, colloquio, ...). --match replaces that test.

    \b
    Examples:
      noshow agenda --calendar ~/.calendars/personal
      noshow agenda --calendar work.ics --days 3 --format json
      noshow agenda --match 'interview|call with'

    Exit status: 0 no error-level finding, 1 some interview has one, 2 a calendar could not be read.
    """
    common = resolve_common(config_path, zone_name, now, travel)
    config = common.config
    specs = calendar_specs or config.calendars
    calendars = open_calendars(specs, common.you.zone, config.accounts)
    if calendars is None:
        raise ConfigError(
            "no calendar: give --calendar PATH, or set [calendars] paths in the config"
        )
    selection = Selection(select or config.select, (*config.ignore, *ignore))
    report, _ = agenda(
        calendars, common.you, common.now, config.settings, days, match_pattern(match), selection
    )
    if output_format == "json":
        click.echo(report_json(report, key="interviews"))
    else:
        out, err = consoles()
        render_report(out, err, report, noun="interview", by_title=True)
    sys.exit(report.exit_status)
