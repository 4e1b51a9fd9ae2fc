"""`noshow schedule install|status|remove`: run `noshow daily` every morning by itself."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from noshow.errors import ConfigError, NoshowError

F = TypeVar("F", bound=Callable[..., Any])

FOLDER_ENV = "NOSHOW_SCHEDULE_DIR"


def _default_scheduler() -> str:
    if sys.platform == "darwin":
        return "launchd"
    if sys.platform == "win32":
        return "task-scheduler"
    import shutil

    # systemd runs this machine (PID 1) and offers user managers: a user timer; else cron.
    if Path("/run/systemd/system").is_dir() and shutil.which("systemctl"):
        return "systemd"
    return "cron"


def _scheduler_options(func: F) -> F:
    from noshow.scheduling import SCHEDULERS

    func = click.option(
        "--folder",
        type=click.Path(file_okay=False, path_type=Path),
        envvar=FOLDER_ENV,
        metavar="DIR",
        help="Write the entry's files into DIR instead of the scheduler's own folder, and print "
        "the commands that would activate them instead of running them (cron: DIR/crontab). "
        f"Env {FOLDER_ENV}.",
    )(func)
    return click.option(
        "--scheduler",
        type=click.Choice(SCHEDULERS),
        help="Which scheduler (default: this computer's: a systemd user timer on Linux, cron "
        "where systemd is absent, launchd on macOS, Task Scheduler on Windows).",
    )(func)


class _Place:
    """Where one scheduler's entry lives, and how to change it."""

    def __init__(self, scheduler: str | None, folder: Path | None) -> None:
        self.scheduler = scheduler or _default_scheduler()
        self.custom = folder is not None
        self.folder = folder.expanduser() if folder is not None else self._own_folder()

    def _own_folder(self) -> Path:
        import platformdirs

        home = Path.home()
        if self.scheduler == "systemd":
            config = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
            return Path(config) / "systemd" / "user"
        if self.scheduler == "launchd":
            return home / "Library" / "LaunchAgents"
        if self.scheduler == "task-scheduler":
            return Path(platformdirs.user_data_dir("noshow", appauthor=False))
        return Path(platformdirs.user_log_dir("noshow", appauthor=False))  # cron: the log only

    @property
    def log(self) -> Path:
        """Where cron and launchd write the run's output."""
        import platformdirs

        if self.custom:
            return self.folder / "noshow-daily.log"
        return Path(platformdirs.user_log_dir("noshow", appauthor=False)) / "daily.log"

    @property
    def crontab_file(self) -> Path | None:
        """The crontab is this file when --folder is given (else the user's real crontab)."""
        return self.folder / "crontab" if self.custom else None

    def read_crontab(self) -> str:
        path = self.crontab_file
        if path is not None:
            return path.read_text(encoding="utf-8") if path.exists() else ""
        result = _run(["crontab", "-l"], check=False)
        return result.stdout if result.returncode == 0 else ""  # 1: no crontab yet

    def write_crontab(self, text: str) -> None:
        path = self.crontab_file
        if path is None:
            _run(["crontab", "-"], stdin=text)
        elif text:
            _write(path, text.encode("utf-8"))
        else:
            path.unlink(missing_ok=True)

    def files(self) -> dict[str, bytes]:
        from noshow.scheduling import file_names

        found = {}
        for name in file_names(self.scheduler):
            path = self.folder / name
            if path.exists():
                found[name] = path.read_bytes()
        return found

    def commands(self, commands: list[list[str]], dry_run: bool, tolerant: bool = False) -> None:
        """Run them, or (dry run, or files in a folder of one's own) print them. ``tolerant``:
        a failure is no error (stopping what is not running)."""
        for argv in commands:
            if dry_run:
                click.echo(f"Would run: {shlex.join(argv)}")
            elif self.custom:
                click.echo(f"To activate (not run, --folder given): {shlex.join(argv)}")
            else:
                # launchctl bootout fails when the agent is not loaded yet: nothing to stop.
                _run(argv, check=not tolerant and "bootout" not in argv)


def _run(
    argv: list[str], stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(  # noqa: S603 (fixed programs: systemctl, crontab, launchctl, schtasks)
            argv, input=stdin, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NoshowError(f"{argv[0]} could not run ({type(exc).__name__})") from None
    if check and result.returncode != 0:
        detail = " ".join(result.stderr.split())[:200]
        raise NoshowError(f"{shlex.join(argv)} failed (exit status {result.returncode}): {detail}")
    return result


def _write(path: Path, data: bytes) -> None:
    from noshow.adapters.safe_write import Snapshot, write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, Snapshot.take(path) if path.exists() else None)


def _show(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8")


@click.group("schedule")
def schedule_group() -> None:
    """Run `noshow daily` every morning by itself: install, status, remove.

    \b
    Examples:
      noshow schedule install --at 07:30 --email
      noshow schedule install --notify --dry-run
      noshow schedule status
      noshow schedule remove
    """


@schedule_group.command("install")
@click.option(
    "--at", "at_text", default="07:30", show_default=True, metavar="HH:MM", help="When (local)."
)
@click.option("--email", is_flag=True, help="Run `noshow daily --email` (needs [smtp]).")
@click.option("--notify", is_flag=True, help="Run `noshow daily --notify`.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The config the scheduled run uses (default: the default config).",
)
@click.option("--dry-run", is_flag=True, help="Print what would be written and run; do nothing.")
@_scheduler_options
def install_command(
    at_text: str,
    email: bool,
    notify: bool,
    config_path: Path | None,
    dry_run: bool,
    scheduler: str | None,
    folder: Path | None,
) -> None:
    """Write the platform's scheduler entry for `noshow daily`.

    A systemd user timer and service on Linux (a crontab line where systemd is absent), a
    launchd agent on macOS, a Task Scheduler task on Windows. The entry holds only the command
    line, never a password: the scheduled run gets the SMTP or CalDAV password from
    password_command or the system keyring (it does not see your shell's environment).
    Installing again replaces the entry.
    """
    from noshow import config as config_module
    from noshow.scheduling import (
        Job,
        activate_commands,
        cron_line,
        edit_crontab,
        entry_files,
        parse_at,
    )

    try:
        at = parse_at(at_text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--at") from None
    config = config_module.load(config_path)
    if email:
        if config.smtp is None or not config.email:
            raise ConfigError(
                "--email needs [you] email and an [smtp] table in the config "
                f"({config.path or config_module.default_path()})"
            )
        if os.environ.get("NOSHOW_SMTP_PASSWORD") and not config.smtp.password_command:
            click.echo(
                "noshow: note: the scheduled run will not see NOSHOW_SMTP_PASSWORD (noshow never "
                "writes a password into a scheduler entry): set [smtp] password_command or store "
                "the password in the system keyring (service noshow-smtp)",
                err=True,
            )
    argv = [sys.executable, "-m", "noshow", "daily"]
    argv += ["--email"] if email else []
    argv += ["--notify"] if notify else []
    if config_path is not None:
        argv += ["--config", str(config_path.expanduser().resolve())]
    place = _Place(scheduler, folder)
    job = Job(at, tuple(argv), place.log)
    if not dry_run and place.scheduler in ("cron", "launchd"):
        place.log.parent.mkdir(parents=True, exist_ok=True)  # neither creates the log's folder
    for name, data in entry_files(place.scheduler, job).items():
        path = place.folder / name
        if dry_run:
            click.echo(f"Would write {path}:\n{_show(data)}")
        else:
            _write(path, data)
            click.echo(f"Wrote {path}")
    if place.scheduler == "cron":
        line = cron_line(job)
        where = place.crontab_file or "your crontab"
        if dry_run:
            click.echo(f"Would put this line in {where}:\n{line}")
        else:
            place.write_crontab(edit_crontab(place.read_crontab(), line))
            click.echo(f"Added to {where}: {line}")
    place.commands(activate_commands(place.scheduler, place.folder, _uid()), dry_run)
    if not dry_run:
        click.echo(f"noshow daily will run every day at {at:%H:%M} (this computer's time).")


def _uid() -> int:
    getuid = getattr(os, "getuid", None)
    return int(getuid()) if getuid is not None else 0


@schedule_group.command("status")
@_scheduler_options
def status_command(scheduler: str | None, folder: Path | None) -> None:
    """Whether `noshow daily` is scheduled, when, with which command, and when it last ran."""
    from noshow.adapters import state as state_store
    from noshow.scheduling import describe
    from noshow.timefmt import utc_text

    place = _Place(scheduler, folder)
    files = place.files()
    crontab = place.read_crontab() if place.scheduler == "cron" else None
    described = describe(place.scheduler, files, crontab)
    if described is None:
        click.echo(f"Not scheduled ({place.scheduler}). Set it up: noshow schedule install")
    else:
        click.echo(f"Scheduled ({place.scheduler}): {described}")
        for name in files:
            click.echo(f"  {place.folder / name}")
    try:
        state, _ = state_store.load(state_store.default_path())
    except NoshowError as exc:
        click.echo(f"noshow: {exc}", err=True)
        return
    last = utc_text(state.last_run) if state.last_run else "never"
    click.echo(f"Last run: {last}")


@schedule_group.command("remove")
@click.option("--dry-run", is_flag=True, help="Print what would be removed; do nothing.")
@_scheduler_options
def remove_command(dry_run: bool, scheduler: str | None, folder: Path | None) -> None:
    """Remove the scheduler entry (and its log); nothing of noshow's is left behind."""
    from noshow.scheduling import cron_entry, deactivate_commands, edit_crontab

    place = _Place(scheduler, folder)
    files = place.files()
    crontab = place.read_crontab() if place.scheduler == "cron" else None
    found = bool(files) or (crontab is not None and cron_entry(crontab) is not None)
    if not found:
        click.echo(f"Nothing to remove ({place.scheduler}: no entry of noshow's).")
    if files:
        place.commands(
            deactivate_commands(place.scheduler, place.folder, _uid()), dry_run, tolerant=True
        )
    for name in files:
        path = place.folder / name
        if dry_run:
            click.echo(f"Would remove {path}")
        else:
            path.unlink(missing_ok=True)
            click.echo(f"Removed {path}")
    if crontab is not None and cron_entry(crontab) is not None:
        where = place.crontab_file or "your crontab"
        if dry_run:
            click.echo(f"Would remove noshow's line from {where}")
        else:
            place.write_crontab(edit_crontab(crontab, None))
            click.echo(f"Removed noshow's line from {where}")
    if found and not dry_run:
        if place.log.exists():
            place.log.unlink()
        if place.scheduler == "systemd" and not place.custom:
            place.commands([["systemctl", "--user", "daemon-reload"]], dry_run)
