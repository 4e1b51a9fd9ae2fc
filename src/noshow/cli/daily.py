"""`noshow daily`: the morning routine for every calendar in the config, as one digest."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from noshow.cli.options import clock_options, format_option, resolve_common
from noshow.cli.shared import build_options, match_pattern, progress, reminder_options
from noshow.errors import ConfigError, NoshowError
from noshow.model import InputProblem

if TYPE_CHECKING:
    from noshow.adapters.open import OpenCalendar
    from noshow.app import WriteReport
    from noshow.calendars.busy import Window
    from noshow.calendars.store import CalendarStore, WindowRead
    from noshow.cli.options import Common
    from noshow.config import Config
    from noshow.digest import Digest


class _Guarded:
    """A store whose failures (a server down, a password missing) become problems of the
    digest, so one calendar that cannot be read never hides the others."""

    def __init__(self, store: CalendarStore) -> None:
        self.store = store
        self.name = store.name

    def read(self, window: Window, you_zone: str) -> WindowRead:
        from noshow.calendars.store import WindowRead

        try:
            return self.store.read(window, you_zone)
        except NoshowError as exc:
            return WindowRead((), (InputProblem(self.name, str(exc)),))


def calendar_specs(config: Config) -> list[str]:
    """Every calendar of the config: its [calendars] paths, then each account (caldav:NAME)."""
    specs = list(dict.fromkeys(config.calendars))
    named = {s.removeprefix("caldav:").partition("/")[0] for s in specs if s.startswith("caldav:")}
    # An account whose calendars the paths already name (caldav:NAME/CAL) is not read twice.
    specs += [f"caldav:{a.name}" for a in config.accounts if a.name not in named]
    if not specs:
        where = config.path or "the config"
        raise ConfigError(
            f"no calendar in {where}: add [calendars] paths or an [accounts.NAME] table "
            "(`noshow init` asks for them)"
        )
    return specs


def _open(specs: list[str], config: Config) -> tuple[list[OpenCalendar], list[InputProblem]]:
    from noshow.adapters.open import open_for_writing

    targets: list[OpenCalendar] = []
    problems: list[InputProblem] = []
    for spec in specs:
        try:
            opened = open_for_writing(spec, config.accounts)
        except NoshowError as exc:
            problems.append(InputProblem(spec, str(exc)))
            continue
        click.get_current_context().call_on_close(opened.close)
        targets.append(opened)
    return targets, problems


def _check_delivery(common: Common, email: bool) -> None:
    """Refuse --email before any work when it cannot be delivered."""
    if not email:
        return
    if not common.you.email:
        raise ConfigError("--email needs your address: set [you] email (or run `noshow init`)")
    if common.config.smtp is None:
        raise ConfigError(
            "--email needs an [smtp] table in the config (host, port, security, username)"
        )


def _send(digest: Digest, common: Common, body: str) -> None:
    from noshow.adapters.smtp import send
    from noshow.digest import subject
    from noshow.drafts import Draft
    from noshow.drafts.mail import build_message
    from noshow.model import Party

    you = Party(common.you.name, common.you.email)
    draft = Draft(kind="digest", to=(you,), subject=subject(digest), body=body, sender=you)
    settings = common.config.smtp
    assert settings is not None  # checked by _check_delivery
    send(build_message(draft, common.now), settings)


def digest_json(digest: Digest, writes: list[WriteReport], delivery: dict[str, str | None]) -> str:
    """``--format json`` (a contract, documented in the README)."""
    from noshow.cli.output import invite_json, problem_json
    from noshow.timefmt import in_zone, utc_text

    def moment(instant: Any) -> dict[str, str] | None:
        if instant is None:
            return None
        return {
            "utc": utc_text(instant),
            "you": in_zone(instant, digest.you_zone).isoformat(),
        }

    interviews = []
    for entry in digest.entries:
        data = invite_json(entry.checked)
        data["day"] = entry.day
        data["today"] = entry.today
        data["new"] = entry.new
        data["new_findings"] = [f.rule for f in entry.new_findings]
        data["confirmation_due"] = entry.confirm_due
        interviews.append(data)
    output = {
        "now": utc_text(digest.now),
        "zone": digest.you_zone,
        "days": digest.days,
        "last_run": utc_text(digest.previous.last_run) if digest.previous.last_run else None,
        "nothing_new": digest.nothing_new,
        "interviews": interviews,
        "updates": [
            {
                "kind": u.kind,
                "uid": u.key,
                "summary": u.summary,
                "before": moment(u.before),
                "after": moment(u.after),
            }
            for u in digest.updates
        ],
        "confirmations": [
            {
                "uid": c.entry.invite.uid,
                "summary": c.entry.invite.summary,
                "new": c.new,
                "draft": c.draft.as_json(),
            }
            for c in digest.confirmations
        ],
        "changes": [c.as_json() for w in writes for c in w.changes],
        "errors": [problem_json(p) for p in digest.problems],
        "delivery": delivery,
    }
    return json.dumps(output, indent=2, ensure_ascii=False)


@click.command("daily")
@click.option(
    "--days", type=click.IntRange(1, 366), default=7, show_default=True, help="Days ahead."
)
@click.option(
    "--remind/--no-remind",
    default=True,
    show_default=True,
    help="Add the reminders, prep blocks and confirmation tasks of `noshow sync` first.",
)
@reminder_options
@click.option(
    "--match",
    metavar="REGEX",
    help="Treat as interviews only the events whose summary or categories match REGEX.",
)
@click.option(
    "--email",
    is_flag=True,
    help="Also send the digest to you ([you] email) through the config's [smtp] server, when "
    "it has something new (password from NOSHOW_SMTP_PASSWORD, password_command or the keyring).",
)
@click.option(
    "--notify",
    is_flag=True,
    help="Also show a desktop notification when the digest has something new.",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NOSHOW_STATE",
    metavar="FILE",
    help="Where noshow remembers what it told you (default: daily.json in your user state "
    "folder; env NOSHOW_STATE).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Change nothing: no calendar write, no email, no notification, the state unchanged.",
)
@format_option
@clock_options
def daily_command(
    days: int,
    remind: bool,
    policy: str | None,
    prep: str | None,
    travel: str | None,
    tech_check: str | None,
    confirm_tasks: bool | None,
    target: str | None,
    match: str | None,
    email: bool,
    notify: bool,
    state_path: Path | None,
    dry_run: bool,
    output_format: str,
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """The morning routine for every calendar in the config, as one digest.

    For every calendar of the config ([calendars] paths: .ics files and vdir folders, and every
    [accounts.NAME] CalDAV account) it does what `noshow sync` does - checks the interviews of
    the next --days days and adds their reminders - and prints a digest: the interviews today
    and in the next days in your zone and the organizer's, every finding with its fix, the
    confirmations due today with the draft ready to send, and the interviews that moved, were
    cancelled or left your calendars since the last run.

    noshow remembers what it told you (a small state file), so the digest says what is new,
    and --email and --notify deliver only when something is: a finding is not mailed twice
    unless it changes. A run that prints counts as telling you; look without that with
    --dry-run. `noshow schedule install` runs this every morning.

    \b
    Examples:
      noshow daily
      noshow daily --email --days 3
      noshow daily --dry-run --format json

    Exit status: 0 all clear, 1 some interview has an error-level finding, 2 a calendar or the
    config could not be used, or the digest could not be delivered.
    """
    from noshow.adapters import state as state_store
    from noshow.app import agenda, remind_calendars
    from noshow.calendars.store import Calendars
    from noshow.digest import build_digest, digest_text
    from noshow.rules import Selection

    common = resolve_common(config_path, zone_name, now, ())
    config = common.config
    _check_delivery(common, email and not dry_run)
    options = build_options(config, policy, prep, travel, tech_check, confirm_tasks, target)
    pattern = match_pattern(match)
    path = state_path or state_store.default_path()
    previous, snapshot = state_store.load(path)

    targets, problems = _open(calendar_specs(config), config)
    calendars = Calendars([_Guarded(t.reader) for t in targets], common.you.zone)
    selection = Selection(config.select, config.ignore)
    report, interviews = agenda(
        calendars, common.you, common.now, config.settings, days, pattern, selection
    )
    writes: list[WriteReport] = []
    if remind and targets:
        with progress(len(interviews), "Adding reminders", output_format == "text") as advance:
            writes = remind_calendars(
                targets, interviews, options, common.you, common.now, dry_run, advance
            )
        if any(w.written for w in writes) and not dry_run:
            # The digest tells how things stand after the sync: read again what changed.
            calendars = Calendars([_Guarded(t.reader) for t in targets], common.you.zone)
            report, _ = agenda(
                calendars, common.you, common.now, config.settings, days, pattern, selection
            )
    digest = build_digest(
        report.checked,
        [*problems, *report.problems],
        previous,
        common.you,
        common.now,
        days,
        options.template_dir,
    )
    text = digest_text(digest)
    if output_format == "text":  # printed first: a failed delivery still leaves the digest
        click.echo(text, nl=False)
        _echo_writes(writes, dry_run)
    delivery = _deliver(digest, common, text, email, notify, dry_run)
    if output_format == "json":
        click.echo(digest_json(digest, writes, delivery))
    for problem in digest.problems:
        click.echo(f"noshow: {problem.one_line()}", err=True)
    for channel, fate in delivery.items():
        if fate is not None and fate not in ("sent", "shown") and output_format == "text":
            click.echo(f"noshow: {channel}: {fate}", err=True)
    if not dry_run:
        state_store.save(path, digest.next_state(), snapshot)
    failed = any(w.failed for w in writes)
    sys.exit(2 if failed else digest.exit_status)


def _deliver(
    digest: Digest, common: Common, text: str, email: bool, notify: bool, dry_run: bool
) -> dict[str, str | None]:
    """Send and show what was asked; what became of each (None: not asked)."""
    delivery: dict[str, str | None] = {"email": None, "notify": None}
    quiet = "nothing new since the last run, so nothing sent" if digest.nothing_new else None
    if email:
        if dry_run:
            delivery["email"] = "not sent (--dry-run)"
        elif quiet:
            delivery["email"] = quiet
        else:
            _send(digest, common, text)
            delivery["email"] = "sent"
    if notify:
        if dry_run:
            delivery["notify"] = "not shown (--dry-run)"
        elif quiet:
            delivery["notify"] = quiet.replace("sent", "shown")
        else:
            from noshow.adapters.notify import notify as show
            from noshow.digest import notification

            title, body = notification(digest)
            reason = show(title, body)
            delivery["notify"] = "shown" if reason is None else reason
    return delivery


def _echo_writes(writes: list[WriteReport], dry_run: bool) -> None:
    from noshow.cli.shared import interview_lines

    for written in writes:
        count = len({c.href for c in written.changes if c.writes})
        if not count and not written.failed:
            continue
        verb = "Would change" if dry_run else "Changed"
        click.echo(f"{verb} {count} item{'s' if count != 1 else ''} in {written.calendar}:")
        for line in interview_lines(written):
            click.echo(f"  {line}")
