"""How times are written for people: always with the zone's abbreviation and UTC offset."""

from __future__ import annotations

from datetime import datetime

from noshow.zones import offset_text, zone


def abbreviation(dt: datetime) -> str:
    """The zone abbreviation at ``dt`` (``CET``); where tzdata has none, the city's time."""
    name = dt.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    key = getattr(dt.tzinfo, "key", None)
    if isinstance(key, str) and "/" in key:
        return key.rsplit("/", 1)[1].replace("_", " ") + " time"
    return offset_text(dt.utcoffset())


def clock(dt: datetime) -> str:
    """``14:00 CET (UTC+01:00)``."""
    return f"{dt:%H:%M} {abbreviation(dt)} ({offset_text(dt.utcoffset())})"


def when(dt: datetime) -> str:
    """``Thu 3 Dec 2026 14:00 CET (UTC+01:00)``."""
    return f"{dt:%a} {dt.day} {dt:%b %Y} {clock(dt)}"


def day(dt: datetime) -> str:
    """``Thursday 3 December``."""
    return f"{dt:%A} {dt.day} {dt:%B}"


def in_zone(instant: datetime, name: str) -> datetime:
    """``instant`` in the IANA zone ``name``."""
    return instant.astimezone(zone(name))


def utc_text(instant: datetime) -> str:
    """``2026-12-03T13:00:00Z``."""
    return instant.astimezone(zone("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def place(name: str | None) -> str:
    """A zone name as a person reads it: ``Europe/Berlin`` -> ``Berlin (Europe/Berlin)``."""
    if not name:
        return "an unknown zone"
    if "/" not in name:
        return name
    city = name.rsplit("/", 1)[1].replace("_", " ")
    return f"{city} ({name})"
