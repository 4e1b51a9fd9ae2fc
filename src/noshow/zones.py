"""Turn whatever an invite calls its time zone into an IANA zone, and wall times into instants.

The order of trust, for a TZID written in an invite:

1. an IANA name (``Europe/Berlin``, also inside vendor prefixes such as
   ``/mozilla.org/20050126_1/Europe/Berlin``);
2. a Windows zone name (``W. Europe Standard Time``) through icalendar's copy of the CLDR map;
3. otherwise the invite's own VTIMEZONE rules, matched against every IANA zone over the event's
   year; among zones that agree, the one the name suggests wins (a city in an Outlook display
   name, a localized name, a truncated Windows name), then CLDR's canonical zones.

Whatever the route, when the invite carries a VTIMEZONE its reading of the wall time is compared
with tzdata's, so stale daylight-saving rules are caught.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from noshow.model import Resolution, ZonedTime
from noshow.zonedef import DefinedZone

#: Localized or informal zone names seen in invites, mapped to the IANA zone they suggest.
#: Keys are compared after :func:`_fold_name`.
LOCALIZED_NAMES: dict[str, str] = {
    "mitteleuropaische zeit": "Europe/Berlin",
    "mitteleuropaische normalzeit": "Europe/Berlin",
    "mitteleuropaische sommerzeit": "Europe/Berlin",
    "westeuropaische zeit": "Europe/Lisbon",
    "osteuropaische zeit": "Europe/Helsinki",
    "heure d'europe centrale": "Europe/Paris",
    "heure normale d'europe centrale": "Europe/Paris",
    "heure de paris": "Europe/Paris",
    "hora de europa central": "Europe/Madrid",
    "hora estandar romance": "Europe/Madrid",
    "ora dell'europa centrale": "Europe/Rome",
    "midden-europese tijd": "Europe/Amsterdam",
    "central european time": "Europe/Berlin",
    "central european standard time": "Europe/Warsaw",
    "eastern european time": "Europe/Helsinki",
    "western european time": "Europe/Lisbon",
    "greenwich mean time": "Europe/London",
    "british summer time": "Europe/London",
    "eastern time": "America/New_York",
    "central time": "America/Chicago",
    "mountain time": "America/Denver",
    "pacific time": "America/Los_Angeles",
    "india standard time": "Asia/Kolkata",
    "china standard time": "Asia/Shanghai",
    "japan standard time": "Asia/Tokyo",
}

#: When several zones follow the same rules and nothing names one, the most widely used wins
#: (America/New_York, not America/Grand_Turk, for US Eastern rules).
MAJOR_ZONES: tuple[str, ...] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Vancouver",
    "America/Halifax",
    "America/St_Johns",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "Europe/Helsinki",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Manila",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Adelaide",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Jerusalem",
    "Asia/Tehran",
    "UTC",
)

_SKIP_PREFIXES = ("posix/", "right/", "SystemV/", "US/", "Etc/")
_SKIP_NAMES = frozenset({"Factory", "localtime", "posixrules"})


def _fold_name(text: str) -> str:
    """Lower case, no accents, single spaces, no trailing punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("\u2019", "'").lower()
    return " ".join(plain.split()).strip(" :;,.\"'")


@functools.cache
def _zone_names() -> tuple[str, ...]:
    names = available_timezones()
    return tuple(sorted(n for n in names if n not in _SKIP_NAMES))


@functools.cache
def _names_by_folded() -> dict[str, str]:
    return {name.lower(): name for name in _zone_names()}


@functools.cache
def _names_by_city() -> dict[str, str]:
    """``amsterdam`` -> ``Europe/Amsterdam`` for every zone that is a city."""
    cities: dict[str, str] = {}
    for name in _zone_names():
        if name.startswith(_SKIP_PREFIXES) or "/" not in name:
            continue
        city = name.rsplit("/", 1)[1].replace("_", " ").lower()
        cities.setdefault(city, name)
    # Cities whose IANA zone carries another name.
    for alias, zone in (
        ("bern", "Europe/Zurich"),
        ("washington", "America/New_York"),
        ("washington dc", "America/New_York"),
        ("san francisco", "America/Los_Angeles"),
        ("seattle", "America/Los_Angeles"),
        ("boston", "America/New_York"),
        ("munich", "Europe/Berlin"),
        ("munchen", "Europe/Berlin"),
        ("frankfurt", "Europe/Berlin"),
        ("hamburg", "Europe/Berlin"),
        ("milan", "Europe/Rome"),
        ("new delhi", "Asia/Kolkata"),
        ("mumbai", "Asia/Kolkata"),
        ("chennai", "Asia/Kolkata"),
        ("bangalore", "Asia/Kolkata"),
        ("beijing", "Asia/Shanghai"),
        ("canberra", "Australia/Sydney"),
        ("brasilia", "America/Sao_Paulo"),
        ("osaka", "Asia/Tokyo"),
        ("sapporo", "Asia/Tokyo"),
        ("wellington", "Pacific/Auckland"),
        ("edinburgh", "Europe/London"),
        ("hanoi", "Asia/Bangkok"),
    ):
        cities.setdefault(alias, zone)
    return cities


@functools.cache
def zone(name: str) -> ZoneInfo:
    """A ZoneInfo for a valid IANA name (cached). Raises KeyError for anything else."""
    canonical = _names_by_folded().get(name.strip().lower())
    if canonical is None:
        raise KeyError(name)
    return ZoneInfo(canonical)


@functools.lru_cache(maxsize=4096)
def zone_file_trap(tzid: str) -> bool:
    """Whether looking ``tzid`` up as a zone file fails with an OS error instead of "unknown":
    a folder of tzdata ("Europe"), a name longer than the file system allows. zoneinfo (and
    icalendar, which tries the TZID and its vendor-prefix-less tails) then raise
    IsADirectoryError or OSError, which would abort the whole run."""
    parts = tzid.strip().strip("/").split("/")
    for start in range(len(parts)):  # in icalendar's order: the first that loads is used
        try:
            ZoneInfo("/".join(parts[start:]))
        except OSError:
            return True
        except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError: simply unknown
            continue
        return False  # "Canada/Atlantic" loads: its tail "Atlantic" (a folder) is never tried
    return False


_TZID_VALUE = re.compile(
    r'(;TZID=)(?:"([^"\r\n]*)"|([^";:\r\n]*))|^(TZID:)([^\r\n]*)', re.IGNORECASE | re.MULTILINE
)


def defuse_tzids(text: str) -> str:
    """``text`` (iCalendar) with every TZID that is a zone-file trap renamed the same way in
    parameters and VTIMEZONE ``TZID:`` lines (``Europe`` -> ``Europe (not a zone)``), so it reads
    as an unknown zone, like any other name that is not one."""

    def rename(match: re.Match[str]) -> str:
        prefix = match[1] or match[4]
        name = next(g for g in (match[2], match[3], match[5]) if g is not None)
        if not name.strip() or not zone_file_trap(name):
            return match[0]
        safe = name.strip().strip("/").replace("/", "-")[:60] + " (not a zone)"
        return f'{prefix}"{safe}"' if match[2] is not None else prefix + safe

    return _TZID_VALUE.sub(rename, text) if "TZID" in text.upper() else text


def is_iana(name: str) -> bool:
    """Whether ``name`` is an IANA zone name known to this machine's tzdata."""
    return name.strip().lower() in _names_by_folded()


def canonical_iana(name: str) -> str | None:
    """The IANA spelling of ``name`` (case-insensitive), or None."""
    return _names_by_folded().get(name.strip().lower())


def clean_tzid(tzid: str) -> str:
    """The TZID without quotes, stray spaces, a trailing colon or leading slashes."""
    text = tzid.strip().strip("\"'").strip()
    text = text.rstrip(":;,. ").strip()
    return text.strip("/")


def _iana_inside(tzid: str) -> str | None:
    """An IANA name written as the TZID, or at the end of a vendor path."""
    cleaned = clean_tzid(tzid)
    direct = canonical_iana(cleaned)
    if direct:
        return direct
    parts = cleaned.split("/")
    for start in range(1, len(parts)):
        found = canonical_iana("/".join(parts[start:]))
        if found and "/" in found:
            return found
    return None


@functools.cache
def _windows_folded() -> dict[str, str]:
    return {key.lower(): value for key, value in WINDOWS_TO_OLSON.items()}


def windows_zone(tzid: str) -> str | None:
    """The IANA zone CLDR gives for a Windows zone name, or None."""
    return _windows_folded().get(clean_tzid(tzid).lower())


def suggested_zones(tzid: str) -> list[str]:
    """IANA zones the name hints at, best first: for ranking rule matches, never alone."""
    cleaned = clean_tzid(tzid)
    folded = _fold_name(cleaned)
    hints: list[str] = []
    direct = _iana_inside(cleaned) or windows_zone(cleaned)
    if direct:
        hints.append(direct)
    if folded in LOCALIZED_NAMES:
        hints.append(LOCALIZED_NAMES[folded])
    # A truncated Windows name ("FLE") or one missing its suffix ("W. Europe").
    if len(folded) >= 3:
        for key, value in _windows_folded().items():
            if key.startswith(folded + " ") or key.startswith(folded + "."):
                hints.append(value)
    # City names in an Outlook display name: "(UTC+01:00) Amsterdam, Berlin, Bern, ..."
    display = re.sub(r"^\(\s*(?:UTC|GMT)[^)]*\)\s*", "", cleaned)
    cities = _names_by_city()
    for piece in re.split(r"[,;/]| - ", display):
        city = _fold_name(piece)
        if city in cities:
            hints.append(cities[city])
    return list(dict.fromkeys(hints))


# -- matching a VTIMEZONE definition to tzdata ------------------------------------------------


def _probe_instants(year: int) -> list[datetime]:
    """Noon UTC on every day of the year, and a week either side of it: an interview on the
    last evening of December can sit on a change that happens on New Year's night."""
    start = datetime(year - 1, 12, 25, 12, tzinfo=UTC)
    end = datetime(year + 1, 1, 8, 12, tzinfo=UTC)
    return [start + timedelta(days=d) for d in range((end - start).days + 1)]


@functools.cache
def _coarse_offsets(year: int) -> dict[str, tuple[timedelta | None, timedelta | None]]:
    """Each zone's offsets in mid-January and mid-July of ``year``: a cheap first filter."""
    january = datetime(year, 1, 15, 12, tzinfo=UTC)
    july = datetime(year, 7, 15, 12, tzinfo=UTC)
    table: dict[str, tuple[timedelta | None, timedelta | None]] = {}
    for name in _zone_names():
        tz = ZoneInfo(name)
        table[name] = (january.astimezone(tz).utcoffset(), july.astimezone(tz).utcoffset())
    return table


@functools.cache
def _canonical_zones() -> frozenset[str]:
    return frozenset(WINDOWS_TO_OLSON.values())


def _agreement(definition: DefinedZone, name: str, probes: list[datetime]) -> int:
    """On how many probe instants the definition and tzdata's zone give the same offset."""
    tz = ZoneInfo(name)
    return sum(1 for p in probes if p.astimezone(tz).utcoffset() == definition.offset_at(p))


def _transition_probes(definition: DefinedZone, year: int) -> list[datetime]:
    """A minute either side of each of the definition's transitions around the year."""
    probes: list[datetime] = []
    previous = definition.offset_at(_probe_instants(year)[0] - timedelta(days=1))
    for day in _probe_instants(year):
        current = definition.offset_at(day)
        if current != previous:
            low, high = day - timedelta(days=1), day
            while high - low > timedelta(minutes=1):
                mid = low + (high - low) / 2
                if definition.offset_at(mid) == previous:
                    low = mid
                else:
                    high = mid
            probes.extend([low, high + timedelta(minutes=1)])
            previous = current
    return probes


@dataclass(frozen=True)
class DefinitionMatch:
    """The IANA zone an invite's VTIMEZONE agrees with over a year."""

    zone: str
    exact: bool  # agrees on every probe, not merely on most days


def _match(definition: DefinedZone, year: int, hints: tuple[str, ...]) -> DefinitionMatch | None:
    probes = _probe_instants(year)
    first = (
        definition.offset_at(datetime(year, 1, 15, 12, tzinfo=UTC)),
        definition.offset_at(datetime(year, 7, 15, 12, tzinfo=UTC)),
    )
    coarse = _coarse_offsets(year)
    candidates = [name for name, pair in coarse.items() if pair == first]
    exact_probes = probes + _transition_probes(definition, year)

    def rank(name: str) -> tuple[int, int, int, str]:
        hint_rank = hints.index(name) if name in hints else len(hints)
        major = MAJOR_ZONES.index(name) if name in MAJOR_ZONES else len(MAJOR_ZONES)
        canonical = 0 if name in _canonical_zones() else 1
        return (hint_rank, major, canonical, name)

    exact = [n for n in candidates if _agreement(definition, n, exact_probes) == len(exact_probes)]
    if exact:
        return DefinitionMatch(min(exact, key=rank), exact=True)
    # Stale rules (a country dropped daylight saving time): the zone that agrees most of the
    # year, preferring the one the name suggests, if it agrees on at least half the days.
    pool = list(dict.fromkeys([*hints, *candidates]))
    scored = [(_agreement(definition, n, probes), n) for n in pool if is_iana(n)]
    good = [(score, n) for score, n in scored if score * 2 >= len(probes)]
    if not good:
        return None
    best_score = max(score for score, _ in good)
    best = [n for score, n in good if score == best_score or n in hints]
    return DefinitionMatch(min(best, key=rank), exact=False)


def match_definition(
    definition: DefinedZone, year: int, hints: list[str]
) -> DefinitionMatch | None:
    """The IANA zone whose offsets agree with ``definition`` over ``year`` (None if none does)."""
    key = (definition.signature, year, tuple(hints))
    if key not in _MATCHES:
        if len(_MATCHES) > 512:
            _MATCHES.clear()
        _MATCHES[key] = _match(definition, year, tuple(hints))
    return _MATCHES[key]


# Files often repeat the same VTIMEZONE (every Outlook invite carries one): match each rule set once.
# The key is the rule set itself, never the TZID, so two files that give one TZID different
# rules never share an answer.
_MATCHES: dict[tuple[object, ...], DefinitionMatch | None] = {}


# -- reading wall-clock times ------------------------------------------------------------------


def wall_to_instant(wall: datetime, tz: tzinfo) -> tuple[datetime, bool, bool]:
    """(UTC instant, gap, fold) for a wall-clock time in ``tz``, read as RFC 5545 says.

    A time that happens twice is its first occurrence; a time that does not exist is read with
    the offset in force before the gap (which is what fold=0 means in PEP 495).
    """
    naive = wall.replace(tzinfo=None)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    instant = first.astimezone(UTC)
    back = instant.astimezone(tz).replace(tzinfo=None)
    gap = back != naive
    fold = not gap and first.utcoffset() != second.utcoffset()
    return instant, gap, fold


@dataclass(frozen=True)
class ZoneContext:
    """What one file says about zones: its VTIMEZONEs, X-WR-TIMEZONE, and who reads floating times.

    ``definitions`` belong to this file alone.
    """

    definitions: dict[str, DefinedZone]
    fallback: str  # your zone: where a floating time is read
    x_wr_timezone: str | None = None
    hints: tuple[str, ...] = ()  # zones the invite's own text names, to rank equal matches


def _definition_for(tzid: str, ctx: ZoneContext) -> DefinedZone | None:
    if tzid in ctx.definitions:
        return ctx.definitions[tzid]
    wanted = clean_tzid(tzid).lower()
    for key, value in ctx.definitions.items():
        if clean_tzid(key).lower() == wanted:
            return value
    return None


def resolve_zone(
    tzid: str, definition: DefinedZone | None, year: int, extra_hints: tuple[str, ...] = ()
) -> tuple[str | None, Resolution]:
    """The IANA zone for a TZID in an invite, and how it was found.

    ``extra_hints`` (zones the invite's text names) only rank zones whose rules agree.
    """
    direct = _iana_inside(tzid)
    if direct:
        return direct, Resolution.IANA
    mapped = windows_zone(tzid)
    if mapped:
        return mapped, Resolution.WINDOWS
    if definition is not None:
        hints = list(dict.fromkeys([*suggested_zones(tzid), *extra_hints]))
        match = match_definition(definition, year, hints)
        if match is not None:
            return match.zone, Resolution.MATCHED
        return None, Resolution.DEFINITION
    hints = suggested_zones(tzid)
    if hints:
        return hints[0], Resolution.MATCHED
    return None, Resolution.UNKNOWN


def resolve_time(
    value: datetime | date, tzid: str | None, is_utc: bool, ctx: ZoneContext
) -> ZonedTime:
    """Resolve one DTSTART/DTEND value, given as written (naive wall time plus TZID)."""
    if not isinstance(value, datetime):
        wall = datetime(value.year, value.month, value.day)  # noqa: DTZ001 (a date's wall clock)
        tz = zone(ctx.fallback)
        instant, _, _ = wall_to_instant(wall, tz)
        return ZonedTime(instant, instant.astimezone(tz), None, tzid, Resolution.DATE, wall)
    wall = value.replace(tzinfo=None)
    if is_utc:
        instant = wall.replace(tzinfo=UTC)
        x_wr = canonical_iana(ctx.x_wr_timezone) if ctx.x_wr_timezone else None
        if x_wr:
            tz = zone(x_wr)
            return ZonedTime(
                instant, instant.astimezone(tz), x_wr, None, Resolution.X_WR_TIMEZONE, wall
            )
        return ZonedTime(instant, instant, "UTC", None, Resolution.UTC, wall)
    if tzid is None:
        x_wr = canonical_iana(ctx.x_wr_timezone) if ctx.x_wr_timezone else None
        if x_wr:
            # Google means floating times in an X-WR-TIMEZONE calendar as that zone's times.
            tz = zone(x_wr)
            instant, gap, fold = wall_to_instant(wall, tz)
            return ZonedTime(
                instant,
                instant.astimezone(tz),
                x_wr,
                None,
                Resolution.X_WR_TIMEZONE,
                wall,
                gap,
                fold,
            )
        tz = zone(ctx.fallback)
        instant, gap, fold = wall_to_instant(wall, tz)
        return ZonedTime(
            instant, instant.astimezone(tz), None, None, Resolution.FLOATING, wall, gap, fold
        )
    definition = _definition_for(tzid, ctx)
    name, how = resolve_zone(tzid, definition, wall.year, ctx.hints)
    if name is None:
        if definition is not None:
            instant = definition.to_instant(wall)
            gap = not definition.readings(wall)
            fold = len(definition.readings(wall)) > 1
            local = instant.astimezone(definition)
            return ZonedTime(instant, local, None, tzid, how, wall, gap, fold)
        tz = zone(ctx.fallback)
        instant, gap, fold = wall_to_instant(wall, tz)
        return ZonedTime(instant, instant.astimezone(tz), None, tzid, how, wall, gap, fold)
    tz = zone(name)
    instant, gap, fold = wall_to_instant(wall, tz)
    definition_local = definition_instant = None
    if definition is not None:
        by_definition = definition.to_instant(wall)
        if by_definition != instant:
            definition_instant = by_definition
            definition_local = by_definition.astimezone(tz)
    return ZonedTime(
        instant,
        instant.astimezone(tz),
        name,
        tzid,
        how,
        wall,
        gap,
        fold,
        definition_local,
        definition_instant,
    )


def offset_text(offset: timedelta | None) -> str:
    """``UTC+05:30`` / ``UTC-03:00`` / ``UTC+00:00``."""
    if offset is None:
        return "UTC?"
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"UTC{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


def zone_exists(name: str) -> bool:
    """Whether a name can be loaded as a zone (config and option validation)."""
    try:
        zone(name)
    except (KeyError, ZoneInfoNotFoundError, ValueError):
        return False
    return True


#: Legacy zone names that are an abbreviation or a rule set, not a place: what people mean.
_ABBREVIATION_ZONES: dict[str, tuple[str, ...]] = {
    "EST": ("America/New_York", "America/Toronto", "America/Panama"),
    "EST5EDT": ("America/New_York", "America/Toronto"),
    "CST6CDT": ("America/Chicago", "America/Winnipeg"),
    "MST": ("America/Denver", "America/Phoenix", "America/Edmonton"),
    "MST7MDT": ("America/Denver", "America/Edmonton"),
    "PST8PDT": ("America/Los_Angeles", "America/Vancouver"),
    "HST": ("Pacific/Honolulu",),
    "CET": ("Europe/Berlin", "Europe/Paris", "Europe/Amsterdam"),
    "MET": ("Europe/Berlin", "Europe/Paris"),
    "EET": ("Europe/Helsinki", "Europe/Athens", "Europe/Bucharest"),
    "WET": ("Europe/Lisbon", "Atlantic/Canary"),
    "GMT": ("Europe/London", "Europe/Dublin"),
}
#: Fixed-offset names that people choose on purpose (servers, UTC-only schedules).
_DELIBERATE_UTC = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu", "Universal"})


def zone_caution(name: str) -> str | None:
    """Why a zone you gave as your own is probably not what you mean, or None.

    ``EST``, ``CET``, ``Etc/GMT+5`` and the like are valid tzdata names, but they are an
    abbreviation or a fixed offset, not a place: in July ``EST`` is still UTC-05:00 while New
    York is on UTC-04:00, so every time noshow shows you would be an hour off. The message names
    the IANA zones the name probably stands for.
    """
    found = canonical_iana(name)
    if found is None or found in _DELIBERATE_UTC:
        return None
    candidates: tuple[str, ...] = _ABBREVIATION_ZONES.get(found, ())
    january, july = (datetime(2026, m, 15, 12) for m in (1, 7))  # noqa: DTZ001 (wall clocks)
    if not candidates and found.startswith(("Etc/GMT", "Etc/Greenwich")):
        offset = zone(found).utcoffset(january)
        # Standard-time matches first: "Etc/GMT-1" is Berlin's winter, not London's summer.
        by_winter = [z for z in MAJOR_ZONES if zone(z).utcoffset(january) == offset]
        by_summer = [z for z in MAJOR_ZONES if zone(z).utcoffset(july) == offset]
        candidates = tuple(dict.fromkeys(by_winter + by_summer))[:4]
    elif not candidates:
        return None
    fixed = zone(found).utcoffset(january) == zone(found).utcoffset(july)
    what = "a fixed UTC offset" if found.startswith("Etc/") else "an abbreviation, not a place"
    effect = (
        "it never changes for daylight saving time, so times shown to you may be an hour off"
        if fixed
        else "its rules are not those of any one place, so times shown to you may be off"
    )
    means = (
        f"; you probably mean {' or '.join(candidates)}"
        if candidates
        else "; give your city's zone (e.g. Europe/Berlin)"
    )
    return f"zone {found!r} is {what}: {effect}{means}"
