"""`noshow serve`: the local web page (Check, Agenda, Slots, Drafts, Import/Remind, JSON API)."""

from __future__ import annotations

from pathlib import Path

import click

from noshow.cli.options import clock_options, resolve_common

DEFAULT_HOST = "127.0.0.1"


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    metavar="ADDRESS",
    help="Listen on this address instead of 127.0.0.1. Anyone who can reach it can read your "
    "invites and calendars: only with care.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your browser.")
@click.option(
    "--calendar",
    "calendar_specs",
    multiple=True,
    metavar="CALENDAR",
    help="A calendar the page reads and may write into after you confirm (.ics file, vdir, "
    "caldav:ACCOUNT[/CALENDAR]); repeatable. Default: the config's [calendars] paths.",
)
@clock_options
def serve_command(
    port: int,
    host: str | None,
    open_browser: bool,
    calendar_specs: tuple[str, ...],
    config_path: Path | None,
    zone_name: str | None,
    now: str | None,
) -> None:
    """Open noshow as a web page on this computer.

    Check invites by dropping them on the page, see your agenda, propose new times on a week
    grid, draft emails, and add interviews with reminders to your calendar (after showing every
    change). The page listens on 127.0.0.1 only, loads nothing from any other host, and writes
    only into the calendars you configured, after you confirm. A JSON API under /api/ returns
    the same objects as --format json.

    \b
    Examples:
      noshow serve --open
      noshow serve --port 9000 --calendar ~/calendar.ics
      noshow serve --now 2026-11-23T09:00:00Z    a fixed clock, for demos

    Stop it with Ctrl+C.
    """
    # The web stack is imported here only: every other command starts without it.
    from noshow.web.security import loopback
    from noshow.web.server import serve
    from noshow.web.settings import ServeSettings

    common = resolve_common(config_path, zone_name, now, ())
    address = host or DEFAULT_HOST
    public = not loopback(address)
    if public:
        click.echo(
            f"noshow: warning: listening on {address}: anyone who can reach this address can "
            "read your invites and calendars and use the page",
            err=True,
        )
    config = common.config
    settings = ServeSettings(
        config=config,
        you=common.you,
        now=common.now if now is not None else None,
        calendars=tuple(calendar_specs or config.calendars),
        max_file_bytes=int(config.max_size_mb * 1024 * 1024),
        public=public,
    )

    def announce(url: str) -> None:
        click.echo(f"noshow: serving on {url} (Ctrl+C stops it)")

    try:
        serve(settings, address, port, open_browser, announce)
    except KeyboardInterrupt:
        click.echo("noshow: stopped", err=True)
