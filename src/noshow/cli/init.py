"""`noshow init`: write the config file that says who you are, where, and your calendars."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import holidays as holidays_package

from noshow import config as config_module
from noshow.adapters.safe_write import Snapshot, write_atomic
from noshow.cli.options import system_zone
from noshow.cli.shared import stdin_is_terminal
from noshow.config import check_zone
from noshow.drafts import one_line, plain_address
from noshow.errors import ConfigError


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML: \\", \\\\, \\n, \\uXXXX)."""
    return json.dumps(text, ensure_ascii=False)


def _toml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_toml_string(i) for i in items) + "]"


def render_config(
    zone: str,
    name: str | None,
    email: str | None,
    phone: str | None,
    aliases: tuple[str, ...],
    country: str | None,
    calendars: tuple[str, ...],
) -> str:
    """The TOML text `noshow init` writes."""
    lines = [
        "# noshow's configuration, written by `noshow init`. Every key is in the README.",
        "",
        "[you]",
        f"zone = {_toml_string(zone)}",
    ]
    for key, value in (("name", name), ("email", email), ("phone", phone)):
        if value:
            lines.append(f"{key} = {_toml_string(value)}")
        else:
            lines.append(f'# {key} = ""')
    if aliases:
        lines.append(f"aliases = {_toml_list(aliases)}  # other addresses invites reach you at")
    else:
        lines.append("# aliases = []  # other addresses invites reach you at")
    if country:
        lines.append(f"country = {_toml_string(country)}  # your public holidays")
    else:
        lines.append('# country = "DE-BY"  # your public holidays (default: from your zone)')
    lines += ["", "[calendars]", f"paths = {_toml_list(calendars)}", ""]
    return "\n".join(lines)


def _ask(value: str | None, prompt: str, default: str = "") -> str | None:
    """The option's value, else (on a terminal) the answer to a question, else nothing."""
    if value is not None:
        return value.strip() or None
    if not stdin_is_terminal():
        return default or None
    answer = click.prompt(prompt, default=default, show_default=bool(default), err=True)
    return str(answer).strip() or None


def _country(text: str | None) -> str | None:
    if not text:
        return None
    spec = text.strip().upper()
    country, _, subdivision = spec.partition("-")
    try:
        holidays_package.country_holidays(country, subdiv=subdivision or None, years=[2026])
    except NotImplementedError as exc:
        raise click.BadParameter(f"{text!r}: {exc}", param_hint="--country") from exc
    return spec


_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,30}$")


@click.command("init")
@click.option(
    "--zone", "zone_name", metavar="ZONE", help="Your IANA time zone (default: this computer's)."
)
@click.option("--name", metavar="NAME", help="Your name, as it should sign your emails.")
@click.option("--email", metavar="ADDRESS", help="Your email address: the From of every draft.")
@click.option("--phone", metavar="NUMBER", help="Your phone number, for signatures and voicemails.")
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    metavar="ADDRESS",
    help="Another address invites reach you at (repeatable): replies answer for it.",
)
@click.option(
    "--country",
    metavar="CC[-SUBDIV]",
    help="Your public holidays (default: the country of your zone).",
)
@click.option(
    "--calendar",
    "calendars",
    multiple=True,
    metavar="PATH",
    help="Your calendar: .ics file, vdir or caldav:ACCOUNT (repeatable).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Where to write it (default: {config_module.default_path()}).",
)
@click.option(
    "--force", is_flag=True, help="Replace an existing config file (a .bak copy is kept)."
)
def init_command(
    zone_name: str | None,
    name: str | None,
    email: str | None,
    phone: str | None,
    aliases: tuple[str, ...],
    country: str | None,
    calendars: tuple[str, ...],
    config_path: Path | None,
    force: bool,
) -> None:
    """Write your config: your zone, name, email, phone and calendars.

    On a terminal it asks for whatever the options do not give; otherwise it uses the options
    (and this computer's zone). Drafts that go to someone (.eml, --send, the iTIP REPLY and
    COUNTER) need your email; the phone number goes into signatures and voicemails. It never
    overwrites an existing file without --force.

    \b
    Examples:
      noshow init
      noshow init --zone Europe/Berlin --name "Jonas Becker" --email jonas@example.net \\
                  --phone "+49 30 1234567" --calendar ~/.calendars/personal
    """
    target = config_path or config_module.default_path()
    if target.exists() and not force:
        raise ConfigError(f"{target} exists; noshow init will not overwrite it (use --force)")
    zone_text = _ask(zone_name, "Your time zone (IANA, e.g. Europe/Berlin)", system_zone())
    try:
        zone = check_zone(zone_text or system_zone(), "--zone")
    except ConfigError as exc:
        raise click.BadParameter(str(exc).removeprefix("--zone: "), param_hint="--zone") from exc
    name = _ask(name, "Your name (signs your emails)")
    email = _ask(email, "Your email address (the From of your drafts)")
    if email is not None and not plain_address(email):
        raise click.BadParameter(f"{email!r} is not one email address", param_hint="--email")
    phone = _ask(phone, "Your phone number (for voicemails and signatures)")
    if phone is not None and not _PHONE.match(phone):
        raise click.BadParameter(f"{phone!r} is not a phone number", param_hint="--phone")
    for alias in aliases:
        if not plain_address(alias):
            raise click.BadParameter(f"{alias!r} is not one email address", param_hint="--alias")
    if not calendars and stdin_is_terminal():
        answer = _ask(
            None, "Your calendars (paths or caldav:ACCOUNT, comma-separated; empty: none)"
        )
        calendars = tuple(c.strip() for c in (answer or "").split(",") if c.strip())
    text = render_config(
        zone,
        one_line(name) if name else None,
        email,
        phone,
        aliases,
        _country(country),
        tuple(one_line(c) for c in calendars),
    )
    config_module.from_toml(_parse(text, target), target)  # what it writes, it can read
    target.parent.mkdir(parents=True, exist_ok=True)
    snapshot = Snapshot.take(target) if target.exists() else None
    write_atomic(target, text.encode("utf-8"), snapshot, backup=snapshot is not None)
    click.echo(
        f"Wrote {target}"
        + (f" (the previous file is kept in {target}.bak)" if snapshot else "")
        + ":\n"
    )
    click.echo(text)
    if email is None:
        click.echo(
            "Note: without an email, drafts can be printed but not written as .eml or sent.",
            err=True,
        )


def _parse(text: str, target: Path) -> dict[str, object]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover (render_config writes valid TOML)
        raise ConfigError(f"{target}: could not write valid TOML: {exc}") from exc
