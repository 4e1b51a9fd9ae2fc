"""Compare the times people wrote in an invite's text with its calendar data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from noshow.model import Invite, TextField
from noshow.textscan import TimeMention, ZoneMeaning, find_time_mentions
from noshow.zones import canonical_iana, zone


@dataclass(frozen=True)
class Reading:
    """One way of reading a mention: a meaning of its zone and the instants it gives."""

    meaning: ZoneMeaning
    start: datetime
    end: datetime | None
    loose: bool = False  # the region's clock rather than the literal abbreviation ("EST" in July)


@dataclass(frozen=True)
class MentionCheck:
    """A time mention and how it compares with the invite."""

    field: str
    mention: TimeMention
    readings: tuple[Reading, ...]
    agrees: bool  # some literal reading gives the invite's start (and end, for a range)
    agrees_loosely: bool  # only the region's-clock reading does ("EST" meaning Eastern Time)


def _tz(meaning: ZoneMeaning) -> tzinfo | None:
    if meaning.zone and canonical_iana(meaning.zone):
        return zone(meaning.zone)
    if meaning.offset is not None:
        return timezone(meaning.offset)
    return None


def _at(day: date, clock: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, clock).replace(tzinfo=tz)


def _reading(
    mention: TimeMention, meaning: ZoneMeaning, target: datetime, loose: bool
) -> Reading | None:
    tz = _tz(meaning)
    if tz is None:
        return None
    if mention.on is not None:
        days = [mention.on]
    else:
        local_day = target.astimezone(tz).date()
        days = [local_day + timedelta(days=d) for d in (0, -1, 1)]
    starts = [_at(d, mention.start, tz) for d in days]
    start = min(starts, key=lambda s: abs(s - target))
    end = None
    if mention.end is not None:
        end = _at(start.date(), mention.end, tz)
        if end <= start:
            end += timedelta(days=1)
    return Reading(meaning, start, end, loose)


def _matches(reading: Reading, invite: Invite, end_ok: bool = True) -> bool:
    start = invite.start.instant
    end = invite.end.instant if invite.end else None
    if reading.end is not None:
        return reading.start == start and (end is None or reading.end == end)
    return reading.start == start or (end_ok and reading.start == end)


def check_mention(
    field: TextField, mention: TimeMention, invite: Invite, end_ok: bool = True
) -> MentionCheck:
    """Read a mention every way its zone allows and compare each reading with the invite.

    A single time may name the end ("ends 11:00 ET") only when ``end_ok``; otherwise it must
    give the start, or "12:00 EST" for an 11:00-12:00 EST interview would pass as agreeing.
    """
    target = invite.start.instant
    readings = [r for m in mention.meanings if (r := _reading(mention, m, target, False))]
    loose: list[Reading] = []
    if mention.family_zone and mention.kind in ("standard", "daylight"):
        family = ZoneMeaning(label=mention.family_zone, offset=None, zone=mention.family_zone)
        extra = _reading(mention, family, target, True)
        if extra is not None:
            loose.append(extra)
    agrees = any(_matches(r, invite, end_ok) for r in readings)
    agrees_loosely = not agrees and any(_matches(r, invite, end_ok) for r in loose)
    return MentionCheck(field.name, mention, tuple(readings + loose), agrees, agrees_loosely)


def checked_mentions(invite: Invite) -> Iterator[MentionCheck]:
    """Every zoned time written in the invite's texts, compared with its calendar data."""
    if invite.all_day:
        return
    seen: set[tuple[str, str]] = set()
    found: list[tuple[TextField, TimeMention]] = []
    for field in invite.texts:
        for mention in find_time_mentions(field.text):
            key = (field.name, mention.text)
            if key in seen:
                continue
            seen.add(key)
            found.append((field, mention))
    # A time that matches only the end agrees only when the texts also name the start.
    start_named = any(check_mention(f, m, invite, end_ok=False).agrees for f, m in found)
    for field, mention in found:
        yield check_mention(field, mention, invite, end_ok=start_named)
