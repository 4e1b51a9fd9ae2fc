"""The TOML configuration file, read into a typed value; unknown keys are errors, not surprises."""

from __future__ import annotations

import re
import stat
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from noshow.errors import ConfigError
from noshow.model import Travel
from noshow.reminders import ReminderOptions, Target, parse_policy
from noshow.rules import CheckSettings
from noshow.zones import canonical_iana


@dataclass(frozen=True)
class Account:
    """One ``[accounts.NAME]`` table (or a URL given on the command line)."""

    name: str
    url: str
    username: str | None = None
    calendars: tuple[str, ...] = ()  # display names or URLs; empty: every event calendar
    password_command: str | None = None
    ca_file: Path | None = None
    timeout: float = 30.0

    @property
    def server(self) -> str:
        """``https://host:port``: how messages name the server (never with credentials)."""
        parts = urlsplit(self.url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}"


@dataclass(frozen=True)
class SmtpSettings:
    """The config's ``[smtp]`` table."""

    host: str
    port: int = 587
    security: str = "starttls"  # starttls, ssl, or plain (only for a server on this machine)
    username: str | None = None
    password_command: str | None = None
    ca_file: Path | None = None
    timeout: float = 30.0


APP_NAME = "noshow"

#: Every table and key the config file may hold; documented in the README.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "you": frozenset({"zone", "name", "email", "phone", "aliases", "country"}),
    "travel": frozenset({"zone", "from", "to"}),
    "check": frozenset(
        {"select", "ignore", "night", "business_hours", "max_size_mb", "short_notice"}
    ),
    "buffers": frozenset({"video", "phone", "in_person"}),
    "calendars": frozenset({"paths"}),
    "smtp": frozenset({"host", "port", "security", "username", "password_command", "ca_file"}),
    "reminders": frozenset(
        {"policy", "target", "prep", "travel", "tech_check", "confirm_tasks", "morning"}
    ),
    "accounts": frozenset(
        {"url", "username", "calendars", "password_command", "ca_file", "timeout"}
    ),
}


def default_path() -> Path:
    """``config.toml`` in the platform's user config folder (e.g. ~/.config/noshow/)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


@dataclass(frozen=True)
class Config:
    """Everything the config file can say. Defaults are what noshow does without one."""

    zone: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None  # your public holidays, CC or CC-SUBDIV (default: from your zone)
    travel: tuple[Travel, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    settings: CheckSettings = field(default_factory=CheckSettings)
    max_size_mb: float = 10
    calendars: tuple[str, ...] = ()
    reminders: ReminderOptions = field(default_factory=ReminderOptions)
    smtp: SmtpSettings | None = None
    accounts: tuple[Account, ...] = ()
    path: Path | None = None

    def account(self, name: str) -> Account:
        """The ``[accounts.NAME]`` table, or ConfigError listing the ones there are."""
        for account in self.accounts:
            if account.name == name:
                return account
        known = ", ".join(a.name for a in self.accounts) or "none configured"
        where = self.path or default_path()
        raise ConfigError(f"{where}: no [accounts.{name}] table (accounts: {known})")

    @property
    def template_dir(self) -> Path:
        """Where your own email templates override noshow's (``<config folder>/templates``)."""
        folder = self.path.parent if self.path is not None else default_path().parent
        return folder / "templates"


_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$", re.I)


def parse_duration(text: str, what: str) -> timedelta:
    """``"45m"``, ``"1h30m"``, ``"12h"``, ``"2d"`` -> timedelta. Raises ConfigError naming ``what``."""
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        raise ConfigError(f"{what}: {text!r} is not a duration like 45m, 1h30m or 12h")
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(text: str, what: str) -> tuple[time, time]:
    """``"08:00-18:00"`` -> (08:00, 18:00). Raises ConfigError naming ``what``."""
    match = _HOURS.match(text)
    if not match:
        raise ConfigError(f"{what}: {text!r} is not a range like 09:00-17:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        return time(h1 % 24, m1), time(h2 % 24, m2)
    except ValueError as exc:
        raise ConfigError(f"{what}: {text!r} is not a valid time range ({exc})") from exc


def check_zone(name: object, what: str) -> str:
    """The canonical IANA name, or ConfigError naming ``what``."""
    if not isinstance(name, str) or canonical_iana(name) is None:
        raise ConfigError(f"{what}: {name!r} is not an IANA time zone (e.g. Europe/Berlin)")
    found = canonical_iana(name)
    assert found is not None
    return found


def _strings(value: object, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{what} must be a list of rule slugs or codes")


def _check_keys(table: dict[str, Any], name: str, source: Path) -> None:
    unknown = set(table) - KNOWN_KEYS[name]
    if unknown:
        known = ", ".join(sorted(KNOWN_KEYS[name]))
        raise ConfigError(f"{source}: unknown key {name}.{sorted(unknown)[0]} (known: {known})")


def _travel(entries: object, source: Path) -> tuple[Travel, ...]:
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: travel must be [[travel]] tables")
    trips = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise ConfigError(f"{source}: each [[travel]] must be a table")
        _check_keys(entry, "travel", source)
        start, end = entry.get("from"), entry.get("to")
        if not isinstance(start, date) or not isinstance(end, date):
            raise ConfigError(f"{source}: [[travel]] needs from and to as TOML dates (2026-12-01)")
        if end < start:
            raise ConfigError(f"{source}: [[travel]] ends ({end}) before it starts ({start})")
        trips.append(Travel(check_zone(entry.get("zone"), f"{source}: travel.zone"), start, end))
    return tuple(trips)


def from_toml(data: dict[str, Any], source: Path) -> Config:
    """Validate a parsed TOML document and build a :class:`Config`."""
    unknown = set(data) - set(KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{source}: unknown table or key {sorted(unknown)[0]!r} "
            f"(known: {', '.join(sorted(KNOWN_KEYS))})"
        )
    you = data.get("you", {})
    check = data.get("check", {})
    buffers = data.get("buffers", {})
    calendars = data.get("calendars", {})
    reminders = data.get("reminders", {})
    for name, table in (
        ("you", you),
        ("check", check),
        ("buffers", buffers),
        ("calendars", calendars),
        ("reminders", reminders),
    ):
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: [{name}] must be a table")
        _check_keys(table, name, source)
    zone = check_zone(you["zone"], f"{source}: you.zone") if "zone" in you else None
    settings = CheckSettings()
    if "night" in check:
        night = parse_hours(str(check["night"]), f"{source}: check.night")
        settings = replace(settings, night_start=night[0], night_end=night[1])
    if "business_hours" in check:
        hours = parse_hours(str(check["business_hours"]), f"{source}: check.business_hours")
        settings = replace(settings, business_start=hours[0], business_end=hours[1])
    if "short_notice" in check:
        settings = replace(
            settings,
            short_notice=parse_duration(
                str(check["short_notice"]), f"{source}: check.short_notice"
            ),
        )

    settings = replace(
        settings,
        buffer_video=_duration_or(buffers, "video", settings.buffer_video, f"{source}: buffers"),
        buffer_phone=_duration_or(buffers, "phone", settings.buffer_phone, f"{source}: buffers"),
        buffer_in_person=_duration_or(
            buffers, "in_person", settings.buffer_in_person, f"{source}: buffers"
        ),
    )
    paths = calendars.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ConfigError(f"{source}: calendars.paths must be a list of paths")
    max_size = check.get("max_size_mb", 10)
    if not isinstance(max_size, int | float) or isinstance(max_size, bool) or max_size <= 0:
        raise ConfigError(f"{source}: check.max_size_mb must be a positive number")
    for key in ("name", "email", "phone", "country"):
        if key in you and not isinstance(you[key], str):
            raise ConfigError(f"{source}: you.{key} must be a string")
    aliases = you.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and "@" in a for a in aliases):
        raise ConfigError(f"{source}: you.aliases must be a list of email addresses")
    return Config(
        zone=zone,
        name=you.get("name"),
        email=you.get("email"),
        phone=you.get("phone"),
        aliases=tuple(aliases),
        country=you.get("country"),
        travel=_travel(data.get("travel", []), source),
        select=_strings(check.get("select", []), f"{source}: check.select"),
        ignore=_strings(check.get("ignore", []), f"{source}: check.ignore"),
        settings=settings,
        max_size_mb=float(max_size),
        calendars=tuple(paths),
        reminders=_reminders(reminders, source),
        smtp=_smtp(data.get("smtp"), source),
        accounts=_accounts(data.get("accounts", {}), source),
        path=source,
    )


def _duration_or(table: dict[str, Any], key: str, default: timedelta, where: str) -> timedelta:
    """``table[key]`` as a duration, or ``default`` when the key is absent."""
    if key not in table:
        return default
    return parse_duration(str(table[key]), f"{where}.{key}")


def _smtp(table: object, source: Path) -> SmtpSettings | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [smtp] must be a table")
    _check_keys(table, "smtp", source)
    host = table.get("host")
    if not isinstance(host, str) or not host:
        raise ConfigError(f"{source}: smtp.host is required (e.g. smtp.fastmail.com)")
    security = str(table.get("security", "starttls")).lower()
    if security not in ("starttls", "ssl", "plain"):
        raise ConfigError(f"{source}: smtp.security must be starttls, ssl or plain")
    port = table.get("port", 465 if security == "ssl" else 587)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ConfigError(f"{source}: smtp.port must be a port number")
    ca_file = table.get("ca_file")
    return SmtpSettings(
        host=host,
        port=port,
        security=security,
        username=str(table["username"]) if "username" in table else None,
        password_command=str(table["password_command"]) if "password_command" in table else None,
        ca_file=Path(str(ca_file)).expanduser() if ca_file else None,
    )


def _accounts(tables: object, source: Path) -> tuple[Account, ...]:
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise ConfigError(f"{source}: accounts must be [accounts.NAME] tables")
    accounts = []
    for name, table in tables.items():
        where = f"{source}: accounts.{name}"
        _check_keys(table, "accounts", source)
        if "/" in name or not name:
            raise ConfigError(f"{where}: an account name cannot contain '/'")
        url = table.get("url")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ConfigError(f"{where}.url must be the server's CalDAV address (https://...)")
        if "@" in url.partition("://")[2].partition("/")[0]:
            raise ConfigError(
                f"{where}.url must not hold credentials; use username and a password source"
            )
        for key in ("username", "password_command", "ca_file"):
            if key in table and not isinstance(table[key], str):
                raise ConfigError(f"{where}.{key} must be a string")
        calendars = table.get("calendars", [])
        if isinstance(calendars, str):
            calendars = [calendars]
        if not isinstance(calendars, list) or not all(isinstance(c, str) for c in calendars):
            raise ConfigError(f"{where}.calendars must be a list of calendar names or URLs")
        timeout = table.get("timeout", 30)
        if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
            raise ConfigError(f"{where}.timeout must be a positive number of seconds")
        ca_file = table.get("ca_file")
        accounts.append(
            Account(
                name=name,
                url=url,
                username=table.get("username"),
                calendars=tuple(calendars),
                password_command=table.get("password_command"),
                ca_file=Path(ca_file).expanduser() if ca_file else None,
                timeout=float(timeout),
            )
        )
    return tuple(accounts)


def _reminders(table: dict[str, Any], source: Path) -> ReminderOptions:
    options = ReminderOptions()
    if "policy" in table:
        offsets, emails = parse_policy(str(table["policy"]))
        options = replace(options, offsets=offsets, email_offsets=emails)
    if "target" in table:
        try:
            options = replace(options, target=Target(str(table["target"]).lower()))
        except ValueError as exc:
            known = ", ".join(t.value for t in Target)
            raise ConfigError(f"{source}: reminders.target must be one of {known}") from exc

    where = f"{source}: reminders"
    options = replace(
        options,
        prep=_duration_or(table, "prep", options.prep, where),
        travel=_duration_or(table, "travel", options.travel, where),
        tech_check=_duration_or(table, "tech_check", options.tech_check, where),
    )
    if "confirm_tasks" in table:
        if not isinstance(table["confirm_tasks"], bool):
            raise ConfigError(f"{source}: reminders.confirm_tasks must be true or false")
        options = replace(options, confirm_tasks=table["confirm_tasks"])
    if "morning" in table:
        match = re.match(r"^(\d{1,2}):(\d{2})$", str(table["morning"]))
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ConfigError(f"{source}: reminders.morning must be a time like 08:00")
        options = replace(options, morning=time(int(match[1]), int(match[2])))
    return options


def load(path: Path | None) -> Config:
    """Read the config file at ``path``, or the default one if it exists, or return defaults.

    An explicitly given path must exist; the default path may be absent.
    """
    explicit = path is not None
    target = path if path is not None else default_path()
    if not target.exists():
        if explicit:
            raise ConfigError(f"{target}: config file not found")
        return Config()
    try:
        with target.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{target}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{target}: cannot read: {exc.strerror or exc}") from exc
    config = from_toml(data, target)
    commands = [a.password_command for a in config.accounts]
    commands.append(config.smtp.password_command if config.smtp else None)
    if any(commands):
        _refuse_if_others_can_write(target)
    return config


def _refuse_if_others_can_write(path: Path) -> None:
    """A password_command runs as you: refuse one from a file (or a folder holding it) that
    other users can write, as ssh does with its config. A sticky folder (/tmp) only lets its
    owners replace files, so it counts only through the file's own mode."""
    for place in (path, path.resolve().parent):
        try:
            mode = place.stat().st_mode
        except OSError:
            continue
        if place != path and mode & stat.S_ISVTX:
            continue
        if mode & (stat.S_IWGRP | stat.S_IWOTH):
            who = "everyone" if mode & stat.S_IWOTH else "its group"
            raise ConfigError(
                f"{path}: {'the folder holding it' if place != path else 'the file'} is writable"
                f" by {who} (mode {stat.S_IMODE(mode):04o}), so noshow will not run its"
                f" password_command; run: chmod go-w {place}"
            )
