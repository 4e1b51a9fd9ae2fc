"""What several commands share beyond the common options: consoles, calendars named on the
command line, the reminder options, progress bars, and the rendering of a write report.

Command modules import this and :mod:`noshow.cli.options`, never each other.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import click

from noshow.cli.output import PlainConsole
from noshow.config import Account, Config, parse_duration
from noshow.errors import ConfigError
from noshow.reminders import ReminderOptions, Target, parse_policy

if TYPE_CHECKING:
    from rich.console import Console

    from noshow.app import WriteReport
    from noshow.calendars.store import Calendars
    from noshow.calendars.update import Outcome

F = TypeVar("F", bound=Callable[..., Any])


def stdin_is_terminal() -> bool:
    """Whether someone can answer a question (tests replace this)."""
    return sys.stdin.isatty()


def _wants_rich() -> bool:
    """Whether rich renders: on a terminal, or when colour is forced (FORCE_COLOR)."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    try:
        return sys.stdout.isatty() or sys.stderr.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def consoles() -> tuple[Console | PlainConsole, Console | PlainConsole]:
    """stdout and stderr consoles: colour on a terminal, plain text when piped or NO_COLOR.
    rich is imported only for a terminal: piped output is written by PlainConsole."""
    if not _wants_rich():
        return PlainConsole(), PlainConsole(stderr=True)
    from rich.console import Console

    # soft_wrap: long lines stay whole so piped output can be grepped line by line.
    return Console(highlight=False, soft_wrap=True), Console(
        stderr=True, highlight=False, soft_wrap=True
    )


def open_calendars(
    specs: Sequence[str], you_zone: str, accounts: Sequence[Account] = ()
) -> Calendars | None:
    """The calendars named on the command line (or in the config), or None when there are none.
    They are closed (network sessions ended) when the command ends."""
    if not specs:
        return None
    from noshow.adapters.calendar_files import open_calendar
    from noshow.calendars.store import Calendars

    calendars = Calendars([open_calendar(spec, accounts) for spec in specs], you_zone)
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(calendars.close)
    return calendars


def match_pattern(match: str | None) -> re.Pattern[str] | None:
    """``--match REGEX`` compiled (case-insensitive), or a usage error naming the problem."""
    if match is None:
        return None
    try:
        return re.compile(match, re.IGNORECASE)
    except re.error as exc:
        raise click.BadParameter(
            f"{match!r} is not a regular expression: {exc}", param_hint="--match"
        ) from exc


def reminder_options(func: F) -> F:
    """The options that say what to add (shared by `remind`, `import` and `sync`)."""
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


@contextmanager
def progress(total: int, label: str, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal (stderr); nothing when piped, for JSON, or few items."""
    if not enabled or total < 4 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


#: How each kind of thing noshow writes is named in messages (singular, plural).
NOUNS = {
    "alarm": ("alarm", "alarms"),
    "reminder": ("reminder event", "reminder events"),
    "prep": ("prep block", "prep blocks"),
    "travel": ("travel block", "travel blocks"),
    "tech-check": ("tech-check block", "tech-check blocks"),
    "confirm": ("confirmation task", "confirmation tasks"),
    "confirm-morning": ("confirmation task", "confirmation tasks"),
    "test-av": ("audio/video test task", "audio/video test tasks"),
}
_VERB = {"created": "added", "rewritten": "rewrote", "cancelled": "cancelled", "removed": "removed"}


def _counted(kinds: list[str]) -> str:
    """``4 alarms, 1 prep block, 2 confirmation tasks`` (in order of first appearance)."""
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    merged: dict[tuple[str, str], int] = {}
    for kind, n in counts.items():
        noun = NOUNS.get(kind, (kind, f"{kind}s"))
        merged[noun] = merged.get(noun, 0) + n
    return ", ".join(f"{n} {one if n == 1 else many}" for (one, many), n in merged.items())


def describe(outcome: Outcome) -> str:
    """One line: what happened (or would happen) to one interview and to noshow's items for
    it. An import starts with what happened to the interview itself (added, updated,
    cancelled, unchanged, older, not-found)."""
    title = outcome.invite.summary or outcome.invite.uid or outcome.invite.source
    segments: list[str] = []
    notes: list[str] = []
    head = ""
    waiting = ""
    for change in outcome.changes:
        if change.kind == "interview":
            if change.action in ("added", "updated", "cancelled", "older", "not-found"):
                head = change.action
            elif (
                change.action == "unchanged"
                and change.detail == "the same version is already there"
            ):
                head = "unchanged"
            elif change.action == "unchanged":
                waiting = change.detail
            elif change.action == "zone-replaced":
                notes.append(change.detail)
            elif change.action == "skipped":
                head = "skipped"
                segments.append(change.detail)
    by_verb: dict[str, list[str]] = {}
    for change in outcome.changes:
        if change.kind == "interview":
            continue
        if change.action in _VERB:
            by_verb.setdefault(_VERB[change.action], []).append(change.kind)
        elif change.action in ("kept", "skipped"):
            notes.append(f"{NOUNS.get(change.kind, (change.kind,))[0]} {change.detail}")
    segments += [f"{verb} {_counted(kinds)}" for verb, kinds in by_verb.items()]
    if head == "older":
        segments = ["an older version than the one in the calendar; nothing changed"]
    elif head == "not-found":
        segments = ["not in the calendar; nothing to cancel"]
    elif not segments and not notes:
        if waiting and (head in ("", "unchanged") or waiting == "cancelled"):
            segments.append(f"nothing added ({waiting})")
        elif head in ("", "unchanged"):
            segments.append(
                "already has everything; nothing changed"
                if head
                else "already has everything; nothing added"
            )
    text = f"{head}: {title}" if head else title
    if segments:
        text += (": " if not head else "; ") + "; ".join(segments)
    for note in dict.fromkeys(notes):
        text += f" ({note})"
    return text.rstrip(".") + "."


def interview_lines(report: WriteReport) -> list[str]:
    """One line per interview (prefixed with where it is), then the items not written."""
    lines = [f"{o.href or report.calendar}: {describe(o)}" for o in report.outcomes]
    lines.extend(f"{c.href}: skipped: {c.detail}." for c in report.skipped)
    return lines


def echo_report(report: WriteReport, *, to_stderr: bool = False, diffs: bool = True) -> None:
    """The text rendering of a write report."""
    for problem in report.problems:
        click.echo(f"noshow: {problem.one_line()}", err=True)
    for outcome, line in zip(report.outcomes, interview_lines(report), strict=False):
        failed = any(c.action == "skipped" and c.kind == "interview" for c in outcome.changes)
        click.echo(line, err=to_stderr or failed)
    for line in interview_lines(report)[len(report.outcomes) :]:
        click.echo(line, err=True)
    if report.dry_run and diffs:
        shown = report.diffs()
        for diff in shown:
            click.echo(diff, nl=False, err=to_stderr)
        if not shown:
            click.echo("Nothing would change.", err=to_stderr)


def reports_json(reports: Sequence[WriteReport], **extra: object) -> str:
    """``--format json`` for the writing commands: every change of every calendar."""
    data: dict[str, object] = {
        **extra,
        "changes": [c.as_json() for r in reports for c in r.changes],
        "calendars": [r.as_json() for r in reports],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
