"""`noshow remind`: redundant reminders, prep blocks and confirmation tasks, written safely."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import click

from noshow.adapters.calendar_files import VdirCalendar
from noshow.adapters.files import CALENDAR_MAX_BYTES
from noshow.adapters.ics_file import FileWriter
from noshow.adapters.ics_store import Source, encode, save
from noshow.adapters.memory import MemoryCalendar
from noshow.adapters.safe_write import Snapshot
from noshow.adapters.vdir import VdirWriter
from noshow.app import WriteReport, remind
from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars, CalendarStore
from noshow.calendars.writer import CalendarWriter
from noshow.cli.options import clock_options, format_option, resolve_common
from noshow.cli.shared import build_options, echo_report, progress, reminder_options, reports_json
from noshow.errors import InviteError
from noshow.invites import read_document
from noshow.model import Invite, You
from noshow.versions import current_versions

#: How changes written to standard output name their item.
STDOUT = "(standard output)"


def _calendar_interviews(
    store: CalendarStore, you: You, window: Window, uids: tuple[str, ...], name: str
) -> list[Invite]:
    """The interviews of the window; the calendar's problems are printed when some were found,
    and are the reason given when none was."""
    calendars = Calendars([store], you.zone)
    calendars.prefetch([window])
    invites, problems = calendars.interviews(window)
    problems = [*calendars.problems, *problems]
    invites = [i for i in invites if not uids or i.uid in uids]
    if not invites:
        reason = f"; {problems[0].one_line()}" if problems else ""
        raise InviteError(
            f"no interview found in {name} (use --uid, or check that it is still ahead){reason}"
        )
    for problem in problems:
        click.echo(f"noshow: {problem.one_line()}", err=True)
    return invites


def _invitation(source: Source, you: You) -> list[Invite]:
    document = read_document(str(source.path), encode(source.text), you.zone)
    if not document.invites and document.problems:
        problem = document.problems[0]
        where = f"{source.path}:{problem.line}" if problem.line else str(source.path)
        raise InviteError(f"{where}: {problem.message}")
    return current_versions(document.invites)


@click.command("remind")
@click.argument("path", metavar="PATH")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OUT",
    help="Write the result to OUT (.ics).",
)
@click.option(
    "--in-place",
    is_flag=True,
    help="Change PATH itself (atomically, keeping the previous version in PATH.bak).",
)
@reminder_options
@click.option(
    "--uid", "uids", multiple=True, metavar="UID", help="Only these interviews (repeatable)."
)
@click.option(
    "--days",
    type=click.IntRange(1, 3660),
    default=365,
    show_default=True,
    help="For a calendar: how far ahead to look for interviews.",
)
@click.option(
    "--dry-run", is_flag=True, help="Change nothing; print what would change and the diff."
)
@format_option
@clock_options
def remind_command(
    path: str,
    output: Path | None,
    in_place: bool,
    policy: str | None,
    prep: str | None,
    travel: str | None,
    tech_check: str | None,
    confirm_tasks: bool | None,
    target: str | None,
    uids: tuple[str, ...],
    days: int,
    dry_run: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Add redundant reminders, prep blocks and confirmation tasks to an interview.

    PATH is an invite (.ics or .eml, or - for standard input) or a calendar (.ics file or vdir
    folder, where every interview of the next --days days gets them). noshow adds, without
    touching anything of anyone else's: alarms at each --policy offset (DISPLAY, AUDIO for the
    last), separate short reminder events, BUSY prep/travel/tech-check blocks right before the
    interview (by its kind), and "Confirm the interview" tasks due a day before and on the
    morning. An all-day interview gets reminders the evening before and on the morning, in your
    zone. When the interview has changed (time, link, place), everything noshow wrote for it is
    rewritten from the current version; what you edited or ticked off stays as it is. Running it
    again changes nothing. --target picks what survives your calendar client (Outlook keeps one
    alarm per event, Google drops alarms on import).

    \b
    Examples:
      noshow remind invite.ics -o invite-with-reminders.ics
      noshow remind invite.eml -o interview.ics --target google
      noshow remind ~/calendar.ics --in-place --dry-run
      noshow remind ~/.calendars/personal --policy 1d:email,1h,10m

    Without -o or --in-place the result goes to standard output.
    Exit status: 0 done (or nothing to add), 2 bad input, or the file kept changing under
    noshow (nothing written).
    """
    if output is not None and in_place:
        raise click.UsageError("give -o OUT or --in-place, not both")
    # --travel is the travel block's length here; your travel plans come from the config.
    common = resolve_common(config_path, zone_name, now, ())
    options = build_options(common.config, policy, prep, travel, tech_check, confirm_tasks, target)
    you, moment = common.you, common.now
    window = Window(moment, moment + timedelta(days=days))
    invites, writer = _target(path, output, in_place, you, window, uids, days)
    memory = writer if isinstance(writer, MemoryCalendar) else None
    stdout_text: str | None = None
    with progress(len(invites), "Adding reminders", output_format == "text") as advance:
        report = remind(writer, invites, options, you, moment, dry_run=dry_run, progress=advance)
    if report.failed and not any(c.writes for c in report.changes):
        memory = None  # nothing to write: no copy of the input without its reminders
    wrote = False
    if memory is not None and not dry_run:
        stdout_text = memory.items[memory.name]
        if output is not None:
            snapshot = Snapshot.take(output) if output.exists() else None
            save(output, stdout_text, snapshot, backup=False)
            stdout_text, wrote = None, True
    _render(report, output_format, to_stderr=stdout_text is not None)
    if wrote:
        click.echo(f"Wrote {output}.", err=output_format == "json")
    if isinstance(writer, FileWriter) and writer.backups and not dry_run:
        click.echo(
            f"Updated {path} (the previous version is in {writer.backups[0].name}).",
            err=output_format == "json",
        )
    if stdout_text is not None:
        sys.stdout.write(stdout_text)
    sys.exit(2 if report.failed else 0)


def _target(
    path: str,
    output: Path | None,
    in_place: bool,
    you: You,
    window: Window,
    uids: tuple[str, ...],
    days: int,
) -> tuple[list[Invite], CalendarWriter]:
    """The interviews to remind and where the result goes: a vdir in place, the file in place,
    or the file's text in memory (written to -o OUT or standard output)."""
    folder = Path(path).expanduser()
    if path != "-" and folder.is_dir():
        if output is not None:
            raise click.UsageError("-o OUT needs a file; a vdir folder is changed in place")
        invites = _calendar_interviews(VdirCalendar(folder, name=path), you, window, uids, path)
        return invites, VdirWriter(folder, name=path)
    source = _open(path)
    if in_place and (source.kind == "eml" or path == "-"):
        raise click.UsageError(
            "--in-place works on .ics files; for an email or standard input, give -o OUT.ics"
        )
    if source.is_invitation:
        invites = _invitation(source, you)
    else:
        reader = MemoryCalendar(path, {path: source.text}, only=path)
        invites = _calendar_interviews(reader, you, window, uids, path)
    invites = [i for i in invites if not uids or i.uid in uids]
    if not invites:
        raise InviteError(
            f"no interview found in {path} (use --uid, or check that it is still ahead)"
        )
    if in_place:
        return invites, FileWriter(Path(path), name=path)
    # The result goes to OUT or standard output: the changes are named after where they land.
    key = str(output) if output is not None else STDOUT
    return invites, MemoryCalendar(key, {key: source.text}, only=key)


def _open(path: str) -> Source:
    if path == "-":
        data = sys.stdin.buffer.read(CALENDAR_MAX_BYTES + 1)
        if len(data) > CALENDAR_MAX_BYTES:
            limit = f"{CALENDAR_MAX_BYTES / (1024 * 1024):.3g} MB"
            raise InviteError(f"standard input: larger than the {limit} limit for calendars")
        try:
            return Source.from_bytes("-", data)
        except InviteError as exc:
            raise InviteError(f"standard input: {exc}") from exc
    file = Path(path).expanduser()
    if not file.exists():
        raise InviteError(f"{path}: no such file")
    try:
        return Source.open(file, CALENDAR_MAX_BYTES)
    except InviteError as exc:
        where = f"{path}:{exc.line}" if exc.line else path
        raise InviteError(f"{where}: {exc}") from exc


def _render(report: WriteReport, output_format: str, to_stderr: bool) -> None:
    if output_format == "json":
        click.echo(reports_json([report], dry_run=report.dry_run), err=to_stderr)
        return
    echo_report(report, to_stderr=to_stderr)
