"""Entry point: the `noshow` group and its single error boundary."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn

import click

from noshow import __version__
from noshow.errors import NoshowError

#: Every command: its name -> "module:attribute". A command's module (and what only it needs:
#: templates, holidays, CalDAV, HTTP and XML libraries) is imported when that command runs, so
#: `noshow check` never pays for `noshow sync`. `--help` imports them all to show their short
#: help. A new command is one line here.
COMMANDS: dict[str, str] = {
    "init": "noshow.cli.init:init_command",
    "check": "noshow.cli.check:check_command",
    "agenda": "noshow.cli.agenda:agenda_command",
    "remind": "noshow.cli.remind:remind_command",
    "import": "noshow.cli.import_cmd:import_command",
    "slots": "noshow.cli.slots:slots_command",
    "sync": "noshow.cli.sync:sync_command",
    "daily": "noshow.cli.daily:daily_command",
    "schedule": "noshow.cli.schedule:schedule_group",
    "serve": "noshow.cli.serve:serve_command",
    "confirm": "noshow.cli.drafts:confirm_command",
    "recover": "noshow.cli.drafts:recover_command",
    "followup": "noshow.cli.drafts:followup_command",
    "rules": "noshow.cli.rules:rules_command",
}

#: Exit status for a bug in noshow itself (as opposed to bad input, which is 2).
EXIT_INTERNAL = 3
#: Exit status when the reader of our output went away (``noshow rules | head -1``): what a
#: shell reports for a process ended by SIGPIPE (128 + 13), without the message.
EXIT_BROKEN_PIPE = 141


def _flush_stdout() -> None:
    """Write out what is buffered now, inside the boundary, so a closed pipe is caught here."""
    sys.stdout.flush()


def _quiet_broken_pipe() -> NoReturn:
    """Exit without a word: nobody reads stdout any more. Pointing stdout at /dev/null keeps
    Python's own flush at exit from printing "Exception ignored ... BrokenPipeError"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's capture)
        pass
    sys.exit(EXIT_BROKEN_PIPE)


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, from :data:`COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        module_name, _, attribute = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wrong table entry
            raise TypeError(f"{COMMANDS[cmd_name]} is not a click command")
        self.commands[cmd_name] = command
        return command


class ErrorBoundary(LazyGroup):
    """Turns noshow's exceptions into one line on stderr and exit status 2; never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                result = super().invoke(ctx)
            except (SystemExit, click.exceptions.Exit):
                _flush_stdout()
                raise
            _flush_stdout()
            return result
        except BrokenPipeError:
            _quiet_broken_pipe()
        except NoshowError as exc:
            message = " ".join(str(exc).split())
            click.echo(f"noshow: error: {message}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("noshow: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if os.environ.get("NOSHOW_DEBUG"):
                raise
            click.echo(
                f"noshow: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
                "(a bug in noshow; NOSHOW_DEBUG=1 shows the traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


@click.group(
    cls=ErrorBoundary,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="noshow")
def cli() -> None:
    """Stop missing job interviews.

    noshow reads interview invites (.ics files, invite emails, folders) and checks them before
    the day for the time zone traps and calendar gaps that make people miss interviews.

    \b
    Start here:
      noshow init                       say who you are: zone, name, email, phone, calendars
      noshow check invite.ics           check one invite
      noshow check ~/Downloads/invites  check every .ics/.eml in a folder
      noshow agenda --calendar cal.ics  your interviews in the next 14 days, checked
      noshow remind invite.ics -o out.ics   add redundant reminders, prep blocks, tasks
      noshow import invite.eml --into cal.ics   check it, add it to your calendar, remind
      noshow sync ~/calendar.ics        check and protect the interviews in a calendar
      noshow daily --email              the morning routine, digest mailed to you
      noshow schedule install --at 07:30   run `noshow daily` every morning by itself
      noshow serve --open               the same, as a page in your browser (127.0.0.1 only)
      noshow confirm invite.eml         draft the confirmation (times no one can misread)
      noshow slots --from missed.ics    propose new times that work for both of you
      noshow recover missed.eml --reason timezone   apology, new times, phone script
      noshow rules                      list every check noshow makes

    Exit status: 0 all clear, 1 some invite has an error-level finding, 2 an input could not
    be read or the command was used wrongly.
    """


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="noshow")
