"""`noshow remind`: redundant reminders, prep blocks and confirmation tasks, written safely."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

from noshow.adapters.calendar_files import FileCalendar, VdirCalendar
from noshow.adapters.files import DEFAULT_MAX_BYTES
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
from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars
from noshow.cli.options import clock_options, resolve_common
from noshow.config import Config, parse_duration
from noshow.errors import ConfigError, InviteError
from noshow.icsedit import Edit
from noshow.invites import read_document
from noshow.model import Invite, You
from noshow.reminders import (
    Plan,
    ReminderOptions,
    Target,
    offset_text,
    parse_policy,
    plan_reminders,
)
from noshow.versions import current_versions

F = TypeVar("F", bound=Callable[..., Any])


def reminder_options(func: F) -> F:
    """The options that say what to add (shared by `remind` and `import`)."""
    for decorator in reversed(
        [
            click.option(
                "--policy",
                metavar="OFFSETS",
                help="Alarm offsets before the interview, e.g. 1d,2h,1h,15m (add :email to also email you, e.g. 1d:email). Default: config [reminders] policy, else 1d,2h,1h,15m.",
            ),
            click.option(
                "--prep",
                metavar="DURATION",
                help="Length of the preparation block (default 30m; 0 for none).",
            ),
            click.option(
                "--travel",
                metavar="DURATION",
                help="Travel block before an in-person interview (default 45m).",
            ),
            click.option(
                "--tech-check",
                metavar="DURATION",
                help="Tech-check block before a video or phone interview (default 15m).",
            ),
            click.option(
                "--confirm-tasks/--no-confirm-tasks",
                default=None,
                help="Add 'Confirm the interview' tasks (default on).",
            ),
            click.option(
                "--target",
                type=click.Choice([t.value for t in Target]),
                help="The calendar client the file is for: decides what redundancy survives (default generic).",
            ),
        ]
    ):
        func = decorator(func)
    return func


def build_options(
    config: Config,
    policy: str | None,
    prep: str | None,
    travel: str | None,
    tech_check: str | None,
    confirm_tasks: bool | None,
    target: str | None,
) -> ReminderOptions:
    """The config's [reminders], with command-line options on top."""
    options = replace(config.reminders, template_dir=config.template_dir)
    try:
        if policy is not None:
            offsets, emails = parse_policy(policy)
            options = replace(options, offsets=offsets, email_offsets=emails)
        if prep is not None:
            options = replace(options, prep=parse_duration(prep, "--prep"))
        if travel is not None:
            options = replace(options, travel=parse_duration(travel, "--travel"))
        if tech_check is not None:
            options = replace(options, tech_check=parse_duration(tech_check, "--tech-check"))
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from exc
    if confirm_tasks is not None:
        options = replace(options, confirm_tasks=confirm_tasks)
    if target is not None:
        options = replace(options, target=Target(target))
    return options


def describe(edit: Edit, plan: Plan) -> str:
    """One paragraph: what was (or would be) added for one interview."""
    title = plan.invite.summary or plan.invite.uid
    if plan.skipped:
        return f"{title}: nothing added ({plan.skipped})."
    if not edit.found:
        return f"{title}: not found in the file; nothing added."
    if not edit.changed:
        return f"{title}: already has everything; nothing added."
    parts = []
    if edit.alarms:
        offsets = ", ".join(f"{offset_text(-a.trigger)} ({a.action})" for a in edit.alarms)
        parts.append(f"{len(edit.alarms)} alarm(s) on the interview: {offsets}")
    kinds: dict[str, int] = {}
    for addition in edit.additions:
        kinds[addition.kind] = kinds.get(addition.kind, 0) + 1
    if kinds:
        parts.append(", ".join(f"{n} {k}" for k, n in kinds.items()))
    return f"{title}: added " + "; ".join(parts) + "."


@dataclass
class Outcome:
    """Everything one run changed (or would change)."""

    lines: list[str]
    diffs: list[str]
    changed: bool = False


def _plans(invites: list[Invite], options: ReminderOptions, you: You, now: datetime) -> list[Plan]:
    return [plan_reminders(i, options, you, now) for i in invites]


def _invites_of(
    source: Source, you: You, now: datetime, days: int, uids: tuple[str, ...]
) -> list[Invite]:
    """The interviews to remind: every event of an invitation, or the calendar's interviews."""
    if source.is_invitation:
        document = read_document(
            str(source.path), source.text.encode("utf-8", "surrogateescape"), you.zone
        )
        if not document.invites and document.problems:
            raise InviteError(document.problems[0].message, document.problems[0].line)
        invites = current_versions(document.invites)
    else:
        calendars = Calendars([FileCalendar(source.path, name=str(source.path))], you.zone)
        window = Window(now, now + timedelta(days=days))
        calendars.prefetch([window])
        if calendars.problems:
            raise InviteError(calendars.problems[0].message, calendars.problems[0].line)
        invites, _ = calendars.interviews(window)
    if uids:
        invites = [i for i in invites if i.uid in uids]
    return invites


def remind_file(
    path: Path,
    output: Path | None,
    in_place: bool,
    dry_run: bool,
    options: ReminderOptions,
    you: You,
    now: datetime,
    days: int,
    uids: tuple[str, ...],
) -> Outcome:
    """Add reminders to one .ics or .eml file (written to OUT, in place, or stdout)."""
    source = Source.open(path, DEFAULT_MAX_BYTES)
    if in_place and source.kind == "eml":
        raise click.UsageError("--in-place works on .ics files; for an email, give -o OUT.ics")
    invites = _invites_of(source, you, now, days, uids)
    if not invites:
        raise InviteError("no interview found (use --uid, or check that it is still ahead)")
    plans = _plans(invites, options, you, now)
    stamp = min((i.dtstamp for i in invites if i.dtstamp), default=now)
    new_text, edits = apply_plans(source.text, plans, stamp)
    outcome = Outcome([describe(e, p) for e, p in zip(edits, plans, strict=True)], [])
    outcome.changed = new_text != source.text
    if dry_run:
        if outcome.changed:
            outcome.diffs.append(unified_diff(source.text, new_text, str(path)))
        return outcome
    if output is not None:
        snapshot = Snapshot.take(output) if output.exists() else None
        save(output, new_text, snapshot, backup=False)
        outcome.lines.append(f"Wrote {output}.")
    elif in_place:
        if outcome.changed:
            save(path, new_text, source.snapshot, backup=True)
            outcome.lines.append(f"Updated {path} (the original is in {path.name}.bak).")
    else:
        sys.stdout.write(new_text)
    return outcome


def remind_vdir(
    folder: Path,
    dry_run: bool,
    options: ReminderOptions,
    you: You,
    now: datetime,
    days: int,
    uids: tuple[str, ...],
) -> Outcome:
    """Add reminders in a vdir: alarms into each interview's file, new components as new files."""
    calendars = Calendars([VdirCalendar(folder, name=str(folder))], you.zone)
    window = Window(now, now + timedelta(days=days))
    calendars.prefetch([window])
    invites, problems = calendars.interviews(window)
    if uids:
        invites = [i for i in invites if i.uid in uids]
    for problem in [*calendars.problems, *problems]:
        click.echo(f"noshow: {problem.one_line()}", err=True)
    if not invites:
        raise InviteError(f"{folder}: no interview found in the next {days} days")
    outcome = Outcome([], [])
    for invite in invites:
        path = Path(invite.source)
        plan = plan_reminders(invite, options, you, now)
        data = path.read_bytes()
        snapshot = Snapshot.take(path, data)
        text = decode(data)
        alarms_only = replace(plan, additions=())
        new_text, [edit] = apply_plans(text, [alarms_only], invite.dtstamp or now)
        items = vdir_additions(folder, plan, invite.dtstamp or now, text)
        shown = replace(
            edit,
            additions=tuple(
                a
                for a in plan.additions
                if any(p == vdir_item_path(folder, a.uid) for p, _ in items)
            ),
        )
        outcome.lines.append(describe(shown, plan))
        if new_text != text:
            outcome.changed = True
            if dry_run:
                outcome.diffs.append(unified_diff(text, new_text, str(path)))
            else:
                save(path, new_text, snapshot, backup=True)
        for item, content in items:
            outcome.changed = True
            if dry_run:
                outcome.diffs.append(unified_diff("", content, str(item)))
            else:
                save(item, content, None, backup=False)
    return outcome


@click.command("remind")
@click.argument("path", type=click.Path(exists=True, path_type=Path), metavar="PATH")
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
    help="Change PATH itself (atomically, with a .bak copy the first time).",
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
    "--dry-run", is_flag=True, help="Change nothing; print what would be added and the diff."
)
@clock_options
def remind_command(
    path: Path,
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
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Add redundant reminders, prep blocks and confirmation tasks to an interview.

    PATH is an invite (.ics or .eml) or a calendar (.ics file or vdir folder, where every
    interview of the next --days days gets them). noshow adds, without touching anything already
    there: alarms at each --policy offset (DISPLAY, AUDIO for the last), separate short reminder
    events, BUSY prep/travel/tech-check blocks right before the interview (by its kind), and
    "Confirm the interview" tasks due a day before and on the morning. Running it again adds
    nothing. --target picks what survives your calendar client (Outlook keeps one alarm per
    event, Google drops alarms on import).

    \b
    Examples:
      noshow remind invite.ics -o invite-with-reminders.ics
      noshow remind invite.eml -o interview.ics --target google
      noshow remind ~/calendar.ics --in-place --dry-run
      noshow remind ~/.calendars/personal --policy 1d:email,1h,10m

    Without -o or --in-place the result goes to standard output.
    Exit status: 0 done (or nothing to add), 2 bad input or the file changed under noshow.
    """
    if output is not None and in_place:
        raise click.UsageError("give -o OUT or --in-place, not both")
    # --travel is the travel block's length here; your travel plans come from the config.
    common = resolve_common(config_path, zone_name, now, ())
    options = build_options(common.config, policy, prep, travel, tech_check, confirm_tasks, target)
    if path.is_dir():
        if output is not None:
            raise click.UsageError("-o OUT needs a file; a vdir folder is changed in place")
        outcome = remind_vdir(path, dry_run, options, common.you, common.now, days, uids)
    else:
        outcome = remind_file(
            path, output, in_place, dry_run, options, common.you, common.now, days, uids
        )
    to_stderr = output is None and not in_place and not dry_run and not path.is_dir()
    for line in outcome.lines:
        click.echo(line, err=to_stderr)
    for diff in outcome.diffs:
        click.echo(diff, nl=False)
    if dry_run and not outcome.changed:
        click.echo("Nothing would change.")
