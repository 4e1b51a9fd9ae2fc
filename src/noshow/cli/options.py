"""Options every command shares (--config, --zone, --now, --travel), parsed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from noshow import config as config_module
from noshow.config import Config, check_zone
from noshow.errors import ConfigError
from noshow.model import Travel, You
from noshow.zones import canonical_iana, zone, zone_caution

F = TypeVar("F", bound=Callable[..., Any])


def system_zone() -> str:
    """This machine's IANA zone, or UTC when it cannot be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # noqa: BLE001 (tzlocal raises many kinds on odd systems; UTC is safe)
        return "UTC"
    return (canonical_iana(name) if name else None) or "UTC"


def parse_now(text: str | None, you_zone: str) -> datetime:
    """``--now``: ISO 8601; without an offset it is your local time. Default: the clock."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise click.BadParameter(
            f"{text!r} is not an ISO 8601 time (e.g. 2026-12-01T09:00:00Z)", param_hint="--now"
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone(you_zone))
    return value.astimezone(UTC)


def parse_travel(text: str) -> Travel:
    """``--travel ZONE:FROM:TO``, e.g. ``America/New_York:2026-12-01:2026-12-05``."""
    try:
        name, start, end = text.rsplit(":", 2)
        trip = Travel(
            check_zone(name, "--travel"), date.fromisoformat(start), date.fromisoformat(end)
        )
    except (ValueError, ConfigError) as exc:
        raise click.BadParameter(
            f"{text!r}: expected ZONE:FROM:TO such as America/New_York:2026-12-01:2026-12-05 ({exc})",
            param_hint="--travel",
        ) from exc
    if trip.end < trip.start:
        raise click.BadParameter(f"{text!r}: the trip ends before it starts", param_hint="--travel")
    return trip


@dataclass(frozen=True)
class Common:
    """The resolved shared options."""

    config: Config
    you: You
    now: datetime


def common_options(func: F) -> F:
    """Add --config, --zone, --now and --travel (your travel plans) to a command."""
    func = click.option(
        "--travel",
        "travel",
        multiple=True,
        metavar="ZONE:FROM:TO",
        help="You will be in ZONE between the dates FROM and TO (repeatable; adds to the config's [[travel]]).",
    )(func)
    return clock_options(func)


def clock_options(func: F) -> F:
    """Add --config, --zone and --now (for commands where --travel means something else)."""
    func = click.option(
        "--now",
        "now",
        metavar="INSTANT",
        help="Check as if it were this moment (ISO 8601, e.g. 2026-12-01T09:00:00Z). Default: the clock.",
    )(func)
    func = click.option(
        "--zone",
        "zone_name",
        metavar="ZONE",
        help="Your IANA time zone (default: the config's [you] zone, else this computer's).",
    )(func)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Config file to use (default: {config_module.default_path()}).",
    )(func)


def resolve_common(
    config_path: Path | None, zone_name: str | None, now: str | None, travel: tuple[str, ...]
) -> Common:
    """Load the config and combine it with the command-line options (options win)."""
    config = config_module.load(config_path)
    if zone_name is not None:
        try:
            home = check_zone(zone_name, "--zone")
        except ConfigError as exc:
            raise click.BadParameter(
                str(exc).removeprefix("--zone: "), param_hint="--zone"
            ) from exc
    else:
        home = config.zone or system_zone()
    if zone_name is not None or config.zone:
        caution = zone_caution(home)
        if caution:
            where = "--zone" if zone_name is not None else "config [you] zone"
            click.echo(f"noshow: warning: {where}: {caution}", err=True)
    trips = config.travel + tuple(parse_travel(t) for t in travel)
    you = You(
        zone=home,
        travel=trips,
        name=config.name,
        email=config.email,
        phone=config.phone,
        aliases=config.aliases,
    )
    return Common(config=config, you=you, now=parse_now(now, home))


def format_option(func: F) -> F:
    """``--format text|json``: text for people, json for scripts (a contract)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text for people, json for scripts (keys documented in the README).",
    )(func)
