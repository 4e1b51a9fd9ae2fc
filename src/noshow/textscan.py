"""Find clock times written by people, together with the time zone they were written in.

Invite summaries, descriptions, locations and e-mail bodies say things like
"Interview 10:00 AM EST", "14:00 Uhr MEZ", "7pm - 8pm (CET)" or
"10am – 10:45am (Central European Time - Berlin)".  :func:`find_time_mentions`
finds those times and says every UTC offset or region clock their zone token
could mean.  It does not compare anything with calendar data, reads no clock
and does no I/O.

Only times followed by a zone are reported; a bare "10:00" is ignored.  Only the
first :data:`MAX_SCAN_CHARS` characters (200 kB) of a text are scanned, at most
:data:`MAX_MENTIONS` mentions are reported, and no regular expression used here
has nested unbounded repetition, so hostile input (megabytes of digits, brackets
or URLs) costs bounded, linear time.
"""

import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

__all__ = [
    "DATE_WORDS",
    "MAX_MENTIONS",
    "MAX_SCAN_CHARS",
    "DateMention",
    "TimeMention",
    "ZoneMeaning",
    "find_dates",
    "find_time_mentions",
]

MAX_SCAN_CHARS = 200_000
"""Only this many leading characters of a text are scanned (200 kB)."""

MAX_MENTIONS = 500
"""Scanning stops after this many mentions; real invites have a handful."""


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class ZoneMeaning:
    """One thing a zone token can mean.

    Either a fixed UTC ``offset`` (EST -> -05:00, "UTC+1" -> +01:00) with ``zone``
    None, or a region's clock: an IANA ``zone`` ("Pacific Time" ->
    America/Los_Angeles) with ``offset`` None.
    """

    label: str
    offset: timedelta | None
    zone: str | None


@dataclass(frozen=True)
class TimeMention:
    """A clock time (or time range) written in text together with its zone.

    ``text`` is the exact substring of the input that was recognised (times,
    zone and surrounding parentheses, but not an adjacent date).  ``on`` is a date
    written right next to the time, when it includes a year.  ``kind`` is one of
    "standard", "daylight", "generic" or "offset".  ``family_zone`` is the IANA
    region clock an abbreviation belongs to (EST -> America/New_York), so that
    "EST in July" can be recognised.
    """

    text: str
    start: time
    end: time | None
    on: date | None
    zone_token: str
    meanings: tuple[ZoneMeaning, ...]
    family_zone: str | None
    kind: str
    position: int = 0  # where ``text`` starts in the scanned text

    @property
    def ambiguous(self) -> bool:
        """True when the fixed-offset meanings disagree about the UTC offset (IST, CST, BST...)."""
        offsets = {meaning.offset for meaning in self.meanings if meaning.offset is not None}
        return len(offsets) > 1


# --------------------------------------------------------------------------- zone tables


@dataclass(frozen=True)
class _Spec:
    """What a zone token means: its kind, region family and meanings (most likely first)."""

    kind: str
    family: str | None
    meanings: tuple[ZoneMeaning, ...]


def _parse_offset(text: str) -> timedelta:
    """Parse "+05:30" -> 5h30m and "-03:30" -> -(3h30m)."""
    hours, minutes = text[1:].split(":")
    magnitude = timedelta(hours=int(hours), minutes=int(minutes))
    return -magnitude if text.startswith("-") else magnitude


def _offset_text(offset: timedelta) -> str:
    """Format an offset as "+05:30"."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _fixed(name: str, offset: str) -> ZoneMeaning:
    return ZoneMeaning(f"{name} (UTC{offset})", _parse_offset(offset), None)


def _region(zone: str, name: str | None = None) -> ZoneMeaning:
    return ZoneMeaning(f"{name} ({zone})" if name else zone, None, zone)


def _std(name: str, offset: str, family: str | None) -> _Spec:
    return _Spec("standard", family, (_fixed(name, offset),))


def _dst(name: str, offset: str, family: str | None) -> _Spec:
    return _Spec("daylight", family, (_fixed(name, offset),))


def _gen(name: str, zone: str) -> _Spec:
    return _Spec("generic", zone, (_region(zone, name),))


def _generic_zone(zone: str) -> _Spec:
    return _Spec("generic", zone, (_region(zone),))


def _utc_offset(offset: timedelta) -> _Spec:
    label = "UTC" + _offset_text(offset)
    return _Spec("offset", None, (ZoneMeaning(label, offset, None),))


_NY = "America/New_York"
_CHI = "America/Chicago"
_DEN = "America/Denver"
_LA = "America/Los_Angeles"
_LON = "Europe/London"
_BER = "Europe/Berlin"
_HEL = "Europe/Helsinki"
_LIS = "Europe/Lisbon"
_HFX = "America/Halifax"
_SYD = "Australia/Sydney"

_UTC = _Spec("offset", None, (_fixed("Coordinated Universal Time", "+00:00"),))
_GMT = _std("Greenwich Mean Time", "+00:00", _LON)
_EST = _std("US Eastern Standard Time", "-05:00", _NY)
_EDT = _dst("US Eastern Daylight Time", "-04:00", _NY)
_CDT = _dst("US Central Daylight Time", "-05:00", _CHI)
_MST = _std("US Mountain Standard Time", "-07:00", _DEN)
_MDT = _dst("US Mountain Daylight Time", "-06:00", _DEN)
_PST = _std("US Pacific Standard Time", "-08:00", _LA)
_PDT = _dst("US Pacific Daylight Time", "-07:00", _LA)
_CET = _std("Central European Time", "+01:00", _BER)
_CEST = _dst("Central European Summer Time", "+02:00", _BER)
_EET = _std("Eastern European Time", "+02:00", _HEL)
_EEST = _dst("Eastern European Summer Time", "+03:00", _HEL)
_WET = _std("Western European Time", "+00:00", _LIS)
_WEST = _dst("Western European Summer Time", "+01:00", _LIS)
_AEST = _std("Australian Eastern Standard Time", "+10:00", _SYD)
_AEDT = _dst("Australian Eastern Daylight Time", "+11:00", _SYD)

# Abbreviations, matched exactly as written (uppercase).
_ABBREVIATIONS: dict[str, _Spec] = {
    "UTC": _UTC,
    "GMT": _GMT,
    # North America
    "EST": _EST,
    "EDT": _EDT,
    "ET": _gen("US Eastern Time", _NY),
    "CST": _Spec(
        "standard",
        _CHI,
        (
            _fixed("US Central Standard Time", "-06:00"),
            _fixed("China Standard Time", "+08:00"),
            _fixed("Cuba Standard Time", "-05:00"),
        ),
    ),
    "CDT": _CDT,
    "CT": _gen("US Central Time", _CHI),
    "MST": _MST,
    "MDT": _MDT,
    "MT": _gen("US Mountain Time", _DEN),
    "PST": _PST,
    "PDT": _PDT,
    "PT": _gen("US Pacific Time", _LA),
    "AKST": _std("Alaska Standard Time", "-09:00", "America/Anchorage"),
    "AKDT": _dst("Alaska Daylight Time", "-08:00", "America/Anchorage"),
    "HST": _std("Hawaii-Aleutian Standard Time", "-10:00", "Pacific/Honolulu"),
    "AST": _Spec(
        "standard",
        _HFX,
        (_fixed("Atlantic Standard Time", "-04:00"), _fixed("Arabia Standard Time", "+03:00")),
    ),
    "ADT": _dst("Atlantic Daylight Time", "-03:00", _HFX),
    "NST": _std("Newfoundland Standard Time", "-03:30", "America/St_Johns"),
    "NDT": _dst("Newfoundland Daylight Time", "-02:30", "America/St_Johns"),
    "HNE": _std("Heure normale de l'Est", "-05:00", "America/Toronto"),
    "HAE": _dst("Heure avancée de l'Est", "-04:00", "America/Toronto"),
    "HNC": _std("Heure normale du Centre", "-06:00", "America/Winnipeg"),
    "HAC": _dst("Heure avancée du Centre", "-05:00", "America/Winnipeg"),
    "HNP": _std("Heure normale du Pacifique", "-08:00", "America/Vancouver"),
    "HAP": _dst("Heure avancée du Pacifique", "-07:00", "America/Vancouver"),
    # Europe
    "BST": _Spec(
        "daylight",
        _LON,
        (_fixed("British Summer Time", "+01:00"), _fixed("Bangladesh Standard Time", "+06:00")),
    ),
    "IST": _Spec(
        "standard",
        "Asia/Kolkata",
        (
            _fixed("India Standard Time", "+05:30"),
            _fixed("Irish Summer Time", "+01:00"),
            _fixed("Israel Standard Time", "+02:00"),
        ),
    ),
    "WET": _WET,
    "WEST": _WEST,
    "CET": _CET,
    "CEST": _CEST,
    "MEZ": _std("Mitteleuropäische Zeit", "+01:00", _BER),
    "MESZ": _dst("Mitteleuropäische Sommerzeit", "+02:00", _BER),
    "EET": _EET,
    "EEST": _EEST,
    "MSK": _std("Moscow Standard Time", "+03:00", "Europe/Moscow"),
    "TRT": _std("Turkey Time", "+03:00", "Europe/Istanbul"),
    # Middle East, Africa, Asia
    "IDT": _dst("Israel Daylight Time", "+03:00", "Asia/Jerusalem"),
    "GST": _std("Gulf Standard Time", "+04:00", "Asia/Dubai"),
    "PKT": _std("Pakistan Standard Time", "+05:00", "Asia/Karachi"),
    "NPT": _std("Nepal Time", "+05:45", "Asia/Kathmandu"),
    "ICT": _std("Indochina Time", "+07:00", "Asia/Bangkok"),
    "WIB": _std("Western Indonesia Time", "+07:00", "Asia/Jakarta"),
    "SGT": _std("Singapore Time", "+08:00", "Asia/Singapore"),
    "HKT": _std("Hong Kong Time", "+08:00", "Asia/Hong_Kong"),
    "PHT": _std("Philippine Time", "+08:00", "Asia/Manila"),
    "JST": _std("Japan Standard Time", "+09:00", "Asia/Tokyo"),
    "KST": _std("Korea Standard Time", "+09:00", "Asia/Seoul"),
    "SAST": _std("South Africa Standard Time", "+02:00", "Africa/Johannesburg"),
    "WAT": _std("West Africa Time", "+01:00", "Africa/Lagos"),
    "CAT": _std("Central Africa Time", "+02:00", "Africa/Maputo"),
    "EAT": _std("East Africa Time", "+03:00", "Africa/Nairobi"),
    # Oceania
    "AEST": _AEST,
    "AEDT": _AEDT,
    "AET": _gen("Australian Eastern Time", _SYD),
    "ACST": _std("Australian Central Standard Time", "+09:30", "Australia/Adelaide"),
    "ACDT": _dst("Australian Central Daylight Time", "+10:30", "Australia/Adelaide"),
    "AWST": _std("Australian Western Standard Time", "+08:00", "Australia/Perth"),
    "NZST": _std("New Zealand Standard Time", "+12:00", "Pacific/Auckland"),
    "NZDT": _dst("New Zealand Daylight Time", "+13:00", "Pacific/Auckland"),
    # South America
    "BRT": _std("Brasília Time", "-03:00", "America/Sao_Paulo"),
    "ART": _std("Argentina Time", "-03:00", "America/Argentina/Buenos_Aires"),
    "CLT": _std("Chile Standard Time", "-04:00", "America/Santiago"),
    "CLST": _dst("Chile Summer Time", "-03:00", "America/Santiago"),
    "COT": _std("Colombia Time", "-05:00", "America/Bogota"),
    "PET": _std("Peru Time", "-05:00", "America/Lima"),
}

# Abbreviations also accepted in lowercase, and only right after an am/pm time ("10 am est").
_LOWERCASE_OK = frozenset(
    {"utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "cet", "cest"}
)

# Zone names written out (matched case-insensitively).
_NAMED_ZONES: dict[str, _Spec] = {
    "eastern time": _gen("US Eastern Time", _NY),
    "eastern standard time": _EST,
    "eastern daylight time": _EDT,
    "central time": _gen("US Central Time", _CHI),
    "central standard time": _std("US Central Standard Time", "-06:00", _CHI),
    "central daylight time": _CDT,
    "mountain time": _gen("US Mountain Time", _DEN),
    "mountain standard time": _MST,
    "mountain daylight time": _MDT,
    "pacific time": _gen("US Pacific Time", _LA),
    "pacific standard time": _PST,
    "pacific daylight time": _PDT,
    "alaska time": _gen("Alaska Time", "America/Anchorage"),
    "hawaii time": _gen("Hawaii Time", "Pacific/Honolulu"),
    "atlantic time": _gen("Atlantic Time", _HFX),
    "atlantic standard time": _std("Atlantic Standard Time", "-04:00", _HFX),
    "atlantic daylight time": _dst("Atlantic Daylight Time", "-03:00", _HFX),
    "central european time": _CET,
    "central european standard time": _CET,
    "central european summer time": _CEST,
    "central european daylight time": _CEST,
    "mitteleuropäische zeit": _ABBREVIATIONS["MEZ"],
    "mitteleuropäische normalzeit": _ABBREVIATIONS["MEZ"],
    "mitteleuropäische sommerzeit": _ABBREVIATIONS["MESZ"],
    "eastern european time": _EET,
    "eastern european summer time": _EEST,
    "western european time": _WET,
    "western european summer time": _WEST,
    "greenwich mean time": _GMT,
    "british summer time": _dst("British Summer Time", "+01:00", _LON),
    "uk time": _gen("UK time", _LON),
    "coordinated universal time": _UTC,
    "india standard time": _std("India Standard Time", "+05:30", "Asia/Kolkata"),
    "israel standard time": _std("Israel Standard Time", "+02:00", "Asia/Jerusalem"),
    "israel daylight time": _ABBREVIATIONS["IDT"],
    "gulf standard time": _ABBREVIATIONS["GST"],
    "moscow standard time": _ABBREVIATIONS["MSK"],
    "china standard time": _std("China Standard Time", "+08:00", "Asia/Shanghai"),
    "japan standard time": _ABBREVIATIONS["JST"],
    "singapore standard time": _ABBREVIATIONS["SGT"],
    "australian eastern time": _gen("Australian Eastern Time", _SYD),
    "australian eastern standard time": _AEST,
    "australian eastern daylight time": _AEDT,
    "new zealand standard time": _ABBREVIATIONS["NZST"],
    "new zealand daylight time": _ABBREVIATIONS["NZDT"],
}

# A region word alone right after a time ("2pm Eastern"), unless a capitalised word follows.
_REGION_WORDS: dict[str, _Spec] = {
    "Eastern": _gen("US Eastern Time", _NY),
    "Central": _gen("US Central Time", _CHI),
    "Mountain": _gen("US Mountain Time", _DEN),
    "Pacific": _gen("US Pacific Time", _LA),
}

# Place names that are not the last part of an IANA zone name.
_CITY_ALIASES: dict[str, str] = {
    "abu dhabi": "Asia/Dubai",
    "alaska": "America/Anchorage",
    "arizona": "America/Phoenix",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "bern": "Europe/Zurich",
    "boston": _NY,
    "brasilia": "America/Sao_Paulo",
    "canberra": _SYD,
    "chennai": "Asia/Kolkata",
    "dallas": _CHI,
    "delhi": "Asia/Kolkata",
    "edinburgh": _LON,
    "frankfurt": _BER,
    "hamburg": _BER,
    "hawaii": "Pacific/Honolulu",
    "houston": _CHI,
    "hyderabad": "Asia/Kolkata",
    "miami": _NY,
    "mumbai": "Asia/Kolkata",
    "munich": _BER,
    "new delhi": "Asia/Kolkata",
    "newfoundland": "America/St_Johns",
    "osaka": "Asia/Tokyo",
    "pune": "Asia/Kolkata",
    "san francisco": _LA,
    "seattle": _LA,
    "tel aviv": "Asia/Jerusalem",
    "washington": _NY,
}

# IANA areas whose last path component is a city (not "US/Eastern", "Etc/GMT+5"...).
_CITY_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)

# Dates written next to a time.
_MONTH_WORDS = (  # English, German, French; one line per month
    "january jan januar janvier janv",
    "february feb februar février fevrier févr",
    "march mar märz maerz mär mars",
    "april apr avril avr",
    "may mai",
    "june jun juni juin",
    "july jul juli juillet juil",
    "august aug août aout",
    "september sep sept septembre",
    "october oct oktober okt octobre",
    "november nov novembre",
    "december dec dezember dez décembre decembre déc",
)
_MONTHS: dict[str, int] = {
    word: number for number, words in enumerate(_MONTH_WORDS, 1) for word in words.split()
}
_WEEKDAY_WORDS = (
    "monday mon tuesday tues tue wednesday wed thursday thurs thur thu friday fri",
    "saturday sat sunday sun",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
)
_WEEKDAYS = frozenset(" ".join(_WEEKDAY_WORDS).split())

# Characters replaced one-for-one before scanning (so offsets into the input stay valid).
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u200b\u202f\u205f\u3000\u22c5\u00b7\u2022"  # "⋅" and "·" separate date and time
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_NORMALISE = str.maketrans(dict.fromkeys(_SPACES, " ") | dict.fromkeys(_DASHES, "-"))
_MASK = "\x00"  # replaces URL characters; never part of a time or a zone

_BARE_RANGE_MAX = 4 * 60  # "10-11am": a bare start hour only begins a range this short (minutes)
_DATE_WINDOW = 80  # characters before a time searched for its date


# --------------------------------------------------------------------------- regular expressions


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, spaces as ``[ ]``."""
    ordered = sorted(words, key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace("\\ ", "[ ]") for word in ordered)


_TIME_TEMPLATE = r"""
(?P<{p}h>2[0-3]|[01]?[0-9])(?![0-9])
(?:
    (?P<{p}sep>[:.h])(?P<{p}m>[0-5][0-9])(?::[0-5][0-9])?(?![0-9])(?![.,][0-9])(?:h(?!\w))?
  | (?P<{p}hh>h)(?!\w)
)?
(?:
    [ ]?(?P<{p}ap>[AaPp])\.?[ ]?[Mm]\.?(?!\w)
  | [ ](?P<{p}noon>[Nn]oon|[Mm]idnight)(?!\w)
)?
(?:[ ]?(?P<{p}uhr>Uhr)(?!\w))?
"""


def _time_re(prefix: str) -> str:
    return _TIME_TEMPLATE.replace("{p}", prefix)


# Not inside a word, number, version, price, path or masked URL; "T" only in ISO "2026-12-08T10:00".
_LEAD = r"(?:(?<=[0-9]T)|(?<![\w.:/$€£¥\#+=@\x00])(?<![0-9],)(?<![0-9]-))"
_RANGE_SEP = r"(?:[ ]{0,3}-[ ]{0,3}|[ ]{1,3}(?:to|bis|à|until|till)[ ]{1,3})"

_SCAN_RE = re.compile(
    _LEAD + _time_re("a_") + "(?:" + _RANGE_SEP + _time_re("b_") + ")?", re.VERBOSE
)
_TAIL_RE = re.compile(_RANGE_SEP + _time_re("c_"), re.VERBOSE)

# "noon ET" and "midnight CET" with no number before them ("12 noon" is read by the time pattern).
_NOON_RE = re.compile(r"(?<![\w:])(?<![0-9][ ])(?:noon|midnight)(?!\w)", re.IGNORECASE)
_NOON_AS = {"noon": "12pm", "midnight": "12:00 am"}  # the same length as the words they replace
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"']*|www\.[^\s<>\"']*", re.IGNORECASE)
_ISO_OFFSET_RE = re.compile(r"(?P<sign>[+-])(?P<h>[01][0-9]):?(?P<m>[0-5][0-9])(?![0-9])")
_OFFSET_RE = re.compile(
    r"(?:UTC|GMT)[ ]?(?P<sign>[+-])[ ]?(?P<h>[0-9]{1,2})(?::?(?P<m>[0-5][0-9]))?(?![0-9])"
)
_OUTLOOK_RE = re.compile(
    r"\((?:UTC|GMT)(?:(?P<sign>[+-])(?P<h>[0-9]{1,2}):(?P<m>[0-5][0-9]))?\)[ ]{1,2}"
)
_CITY_RE = re.compile(
    r"(?:St\.[ ])?[A-Z][\w'’-]*(?:[ ](?:(?:of|de|la|del|da|do|du|es)[ ])?[A-Z][\w'’-]*){0,3}"
)
_CITY_SEP_RE = re.compile(r",[ ]?")
_PAREN_NOTE_RE = re.compile(r"[ ]\([^()\n]{1,30}\)")
_GOOGLE_RE = re.compile(
    r"(?P<name>[^\W\d_][\w'’-]*(?:[ ][\w'’][\w'’-]*){0,6})[ ]-[ ]"
    r"(?P<city>[^\W\d_][\w'’.-]*(?:[ ][^\W\d_][\w'’.-]*){0,3})(?=[ ]?[)\]])"
)
_NAMED_RE = re.compile("(?:" + _alternation(_NAMED_ZONES) + r")(?!\w)", re.IGNORECASE)
_HEURE_RE = re.compile(
    r"(?i:heure)[ ]d(?:e[ ]|['’])(?P<city>[A-Z][\w-]*(?:[ ][A-Z][\w-]*){0,2})(?!\w)"
)
_CITY_TIME_RE = re.compile(r"(?P<city>[A-Z][\w-]*(?:[ ][A-Z][\w-]*){0,2})[ ][Tt]ime(?!\w)")
_IANA_RE = re.compile(r"[A-Z][A-Za-z_-]+(?:/[A-Z][A-Za-z_-]+){1,2}(?![\w/])")
_ABBREV_RE = re.compile(r"[A-Za-z]{2,5}(?!\w)(?![ ]?[+-][0-9])")  # not "UTC+25"
_REGION_RE = re.compile(r"(?:Eastern|Central|Mountain|Pacific)(?!\w)(?![ ]{1,2}[A-Z]|-)")

# Month and weekday names are matched as plain words and checked against the tables in
# Python: a big alternation tried at every position of the look-behind window is slow.
_DATE = r"""
(?<![\w.])
(?:
    (?P<mn1>[^\W\d_]{3,9})\.?[ ]{1,2}(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?,?[ ]{1,2}(?P<y1>[0-9]{4})
  | (?P<d2>[0-9]{1,2})(?:\.|st|nd|rd|th|er)?[ ]{0,2}(?:of[ ]{1,2})?
      (?P<mn2>[^\W\d_]{3,9})\.?,?[ ]{1,2}(?P<y2>[0-9]{4})
  | (?P<y3>[0-9]{4})-(?P<m3>[0-9]{2})-(?P<d3>[0-9]{2})
  | (?P<d4>[0-9]{1,2})\.(?P<m4>[0-9]{1,2})\.(?P<y4>[0-9]{4})
)
(?![0-9])
"""
_DATE_SEPARATORS = ("from", "von", "at", "um", "ab", "de", "à", "@", "|", "-", "t")
_DATE_BEFORE_RE = re.compile(
    _DATE + r"(?:T|[ ,]{0,6}(?:(?:at|um|à|@|\||from|von|ab|de|-)[ ]{0,4})?)\Z",
    re.VERBOSE | re.IGNORECASE,
)
_DATE_AFTER_RE = re.compile(
    r"[ ,]{0,3}(?:(?:on|am|le|den)[ ]{1,3})?(?:(?P<wd>[^\W\d_]{2,9})\.?,?[ ]{1,3})?" + _DATE,
    re.VERBOSE | re.IGNORECASE,
)


# --------------------------------------------------------------------------- place names


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _city_key(name: str) -> str:
    """A lookup key for a place name.

    "São Paulo" -> "sao_paulo", "St. John's" -> "st_johns", "Port-au-Prince" -> "port_au_prince".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for dropped in ".'’":
        plain = plain.replace(dropped, "")
    return "_".join(plain.replace("-", " ").replace("_", " ").lower().split())


@functools.cache
def _city_index() -> dict[str, str]:
    """City key -> IANA zone, from the last component of every regional zone name."""
    index: dict[str, str] = {}
    # Deeper names first, so "America/Argentina/Buenos_Aires" beats the old "America/Buenos_Aires".
    for name in sorted(_zone_names(), key=lambda zone: (-zone.count("/"), zone)):
        area, _, rest = name.partition("/")
        if area in _CITY_AREAS and rest:
            index.setdefault(_city_key(rest.rsplit("/", 1)[-1]), name)
    for alias, zone in _CITY_ALIASES.items():
        index.setdefault(_city_key(alias), zone)
    return index


def _resolve_city(name: str) -> str | None:
    """The IANA zone named after a city ("Kolkata" -> "Asia/Kolkata"), or None."""
    return _city_index().get(_city_key(name))


# --------------------------------------------------------------------------- clock times


@dataclass(frozen=True)
class _Clock:
    """A clock time as written: hour before am/pm is applied."""

    hour: int
    minute: int
    meridiem: str | None  # "a" or "p" when written and meaningful (hour 1-12)
    complete: bool  # recognisable as a time on its own (has minutes, am/pm, "Uhr" or "h")
    uhr: bool


def _clock(match: re.Match[str], prefix: str) -> _Clock | None:
    """The clock time in the named groups with ``prefix``, or None if it is not one."""
    raw_hour = match.group(prefix + "h")
    if raw_hour is None:
        return None
    hour = int(raw_hour)
    minutes = match.group(prefix + "m")
    minute = int(minutes) if minutes else 0
    noon = match.group(prefix + "noon")
    if noon is not None:
        if hour != 12:
            return None
        return _Clock(12 if noon.lower() == "noon" else 0, minute, None, True, False)
    ampm = match.group(prefix + "ap")
    meridiem = ampm.lower() if ampm and 1 <= hour <= 12 else None
    uhr = match.group(prefix + "uhr") is not None
    complete = bool(minutes or meridiem or uhr or match.group(prefix + "hh"))
    return _Clock(hour, minute, meridiem, complete, uhr)


def _as_time(hour: int, minute: int, meridiem: str | None) -> time:
    if meridiem is None:
        return time(hour, minute)
    return time(hour % 12 + (12 if meridiem == "p" else 0), minute)


def _other(meridiem: str) -> str:
    return "a" if meridiem == "p" else "p"


def _single(clock: _Clock) -> time:
    return _as_time(clock.hour, clock.minute, clock.meridiem)


def _range(first: _Clock, last: _Clock) -> tuple[time, time] | None:
    """Start and end of "first - last", sharing am/pm when only one side has it ("10-11am")."""
    if not last.complete:
        return None
    if not first.complete and last.meridiem is None and not last.uhr:
        return None
    start, end = _span(first, last)
    if not first.complete and (_minutes(end) - _minutes(start)) % (24 * 60) > _BARE_RANGE_MAX:
        return None
    return start, end


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _span(first: _Clock, last: _Clock) -> tuple[time, time]:
    """Apply the am/pm written on one side of a range to the other side too."""
    if first.meridiem is None and last.meridiem is not None and 1 <= first.hour <= 12:
        end = _single(last)
        start = _as_time(first.hour, first.minute, last.meridiem)
        if start > end:
            start = _as_time(first.hour, first.minute, _other(last.meridiem))
        return start, end
    if last.meridiem is None and first.meridiem is not None and 1 <= last.hour <= 12:
        start = _single(first)
        end = _as_time(last.hour, last.minute, first.meridiem)
        if end < start:
            end = _as_time(last.hour, last.minute, _other(first.meridiem))
        return start, end
    return _single(first), _single(last)


# --------------------------------------------------------------------------- zone tokens


@dataclass(frozen=True)
class _Zone:
    """A zone token found in the scanned text."""

    start: int  # token start
    stop: int  # token end
    end: int  # end of everything consumed (a closing parenthesis included)
    spec: _Spec


def _skip_spaces(s: str, pos: int, limit: int) -> int:
    end = pos
    while end < len(s) and end - pos < limit and s[end] == " ":
        end += 1
    return end


def _offset_spec(match: re.Match[str]) -> _Spec | None:
    hours = int(match.group("h") or 0)
    minutes = int(match.group("m") or 0)
    if hours > 14:
        return None
    magnitude = timedelta(hours=hours, minutes=minutes)
    return _utc_offset(-magnitude if match.group("sign") == "-" else magnitude)


def _outlook(s: str, pos: int) -> _Zone | None:
    """Outlook's "(UTC+01:00) Amsterdam, Berlin, ..." or "(UTC-05:00) Eastern Time (US & Canada)".

    The number is the zone's standard offset even in summer, so the meaning is the
    region clock of the first city that resolves; failing that the written offset.
    """
    head = _OUTLOOK_RE.match(s, pos)
    if head is None:
        return None
    rest = head.end()
    named = _NAMED_RE.match(s, rest)
    if named is not None:
        spec = _NAMED_ZONES[named.group().lower()]
        stop = named.end()
        note = _PAREN_NOTE_RE.match(s, stop)
        if note is not None:
            stop = note.end()
        if spec.family is not None:
            spec = _generic_zone(spec.family)
        return _Zone(pos, stop, stop, _Spec("generic", spec.family, spec.meanings))
    stop = rest
    zone: str | None = None
    cursor = rest
    for _ in range(16):
        city = _CITY_RE.match(s, cursor)
        if city is None:
            break
        stop = city.end()
        zone = zone or _resolve_city(city.group())
        comma = _CITY_SEP_RE.match(s, stop)
        if comma is None:
            break
        cursor = comma.end()
    if stop == rest:
        return None
    if zone is not None:
        return _Zone(pos, stop, stop, _generic_zone(zone))
    offset = _offset_spec(head) if head.group("sign") else _utc_offset(timedelta(0))
    if offset is None:
        return None
    return _Zone(pos, stop, stop, _Spec("generic", None, offset.meanings))


def _whole(pos: int, match: re.Match[str], spec: _Spec) -> _Zone:
    return _Zone(pos, match.end(), match.end(), spec)


def _offset_token(s: str, pos: int, lowercase_ok: bool) -> _Zone | None:
    """ "UTC+1", "GMT-05:00", "UTC+0530"."""
    match = _OFFSET_RE.match(s, pos)
    spec = _offset_spec(match) if match else None
    return _whole(pos, match, spec) if match and spec else None


def _named_token(s: str, pos: int, lowercase_ok: bool) -> _Zone | None:
    """ "Pacific Time", "Central European Summer Time", "Mitteleuropäische Zeit"."""
    match = _NAMED_RE.match(s, pos)
    return _whole(pos, match, _NAMED_ZONES[match.group().lower()]) if match else None


def _place_token(s: str, pos: int, lowercase_ok: bool) -> _Zone | None:
    """ "heure de Paris", "London time": the region clock of a city."""
    for pattern in (_HEURE_RE, _CITY_TIME_RE):
        match = pattern.match(s, pos)
        zone = _resolve_city(match.group("city")) if match else None
        if match and zone:
            return _whole(pos, match, _generic_zone(zone))
    return None


def _iana_token(s: str, pos: int, lowercase_ok: bool) -> _Zone | None:
    """ "Europe/Berlin", "America/New_York"."""
    match = _IANA_RE.match(s, pos)
    if match and match.group() in _zone_names():
        return _whole(pos, match, _generic_zone(match.group()))
    return None


def _abbreviation_token(s: str, pos: int, lowercase_ok: bool) -> _Zone | None:
    """ "EST", "MEZ", "IST"; "est" only when ``lowercase_ok``."""
    match = _ABBREV_RE.match(s, pos)
    if match is None:
        return None
    word = match.group()
    spec = _ABBREVIATIONS.get(word)
    if spec is None and lowercase_ok and word.islower() and word in _LOWERCASE_OK:
        spec = _ABBREVIATIONS[word.upper()]
    return _whole(pos, match, spec) if spec else None


def _region_token(s: str, pos: int, lowercase_ok: bool) -> _Zone | None:
    """ "Eastern" alone, as in "2pm Eastern"."""
    match = _REGION_RE.match(s, pos)
    return _whole(pos, match, _REGION_WORDS[match.group()]) if match else None


def _google_token(s: str, pos: int, lowercase_ok: bool) -> _Zone | None:
    """Google's "(Central European Time - Berlin)": the region clock of the city."""
    match = _GOOGLE_RE.match(s, pos)
    if match is None:
        return None
    zone = _resolve_city(match.group("city"))
    if zone is not None:
        return _whole(pos, match, _generic_zone(zone))
    spec = _NAMED_ZONES.get(match.group("name").lower())
    return _whole(pos, match, spec) if spec else None


_TokenFinder = Callable[[str, int, bool], "_Zone | None"]
# Tried in order; the first that matches wins (offsets before "UTC", names before words).
_FINDERS: tuple[_TokenFinder, ...] = (
    _offset_token,
    _named_token,
    _place_token,
    _iana_token,
    _abbreviation_token,
    _region_token,
)
_FINDERS_IN_PARENS: tuple[_TokenFinder, ...] = (_offset_token, _google_token, *_FINDERS[1:])


def _token(s: str, pos: int, in_parens: bool, lowercase_ok: bool) -> _Zone | None:
    """The zone token starting exactly at ``pos``, if any."""
    if not s[pos : pos + 1].isalpha():
        return None
    for finder in _FINDERS_IN_PARENS if in_parens else _FINDERS:
        zone = finder(s, pos, lowercase_ok)
        if zone is not None:
            return zone
    return None


def _zone_after(s: str, pos: int, *, lowercase_ok: bool, iso: bool) -> _Zone | None:
    """The zone written right after a time ending at ``pos``."""
    if pos < len(s) and s[pos - 1].isdigit():
        if s[pos] == "Z" and not s[pos + 1 : pos + 2].isalnum():
            return _Zone(pos, pos + 1, pos + 1, _UTC)
        if iso:
            attached = _ISO_OFFSET_RE.match(s, pos)
            if attached is not None:
                spec = _offset_spec(attached)
                if spec is not None:
                    return _Zone(pos, attached.end(), attached.end(), spec)
    cursor = _skip_spaces(s, pos, 3)
    in_parens = cursor < len(s) and s[cursor] in "(["
    if in_parens:
        if s[cursor] == "(":
            outlook = _outlook(s, cursor)
            if outlook is not None:
                return outlook
        cursor = _skip_spaces(s, cursor + 1, 1)
    zone = _token(s, cursor, in_parens, lowercase_ok)
    if zone is None or not in_parens:
        return zone
    close = _skip_spaces(s, zone.end, 1)
    if close < len(s) and s[close] in ")]":
        return replace(zone, end=close + 1)
    return zone


# --------------------------------------------------------------------------- dates


def _date_from(match: re.Match[str]) -> date | None:
    """The date in a ``_DATE`` match, or None when it names no real day or month."""
    groups = match.groupdict()
    try:
        if groups["y1"]:
            year, month, day = groups["y1"], _MONTHS.get(groups["mn1"].lower()), groups["d1"]
        elif groups["y2"]:
            year, month, day = groups["y2"], _MONTHS.get(groups["mn2"].lower()), groups["d2"]
        elif groups["y3"]:
            year, month, day = groups["y3"], int(groups["m3"]), groups["d3"]
        else:
            year, month, day = groups["y4"], int(groups["m4"]), groups["d4"]
        return date(int(year), month, int(day)) if month else None
    except ValueError:
        return None


def _ends_like_date(window: str) -> bool:
    """Cheap test: does ``window`` end with a digit and then only a date-time separator?"""
    rest = window.rstrip(" ,")
    if rest[-1:].isdigit():
        return True
    lowered = rest.lower()
    for word in _DATE_SEPARATORS:
        if lowered.endswith(word) and not lowered[-len(word) - 1 : -len(word)].isalpha():
            rest = rest[: -len(word)].rstrip(" ,")
            break
    return rest[-1:].isdigit()


def _date_before(s: str, start: int) -> date | None:
    window = s[max(0, start - _DATE_WINDOW) : start]
    if not _ends_like_date(window):
        return None
    pos = 0
    while (match := _DATE_BEFORE_RE.search(window, pos)) is not None:
        found = _date_from(match)
        if found is not None:
            return found
        pos = match.start() + 1
    return None


def _date_after(s: str, end: int) -> date | None:
    match = _DATE_AFTER_RE.match(s, end)
    if match is None:
        return None
    weekday = match.group("wd")
    if weekday is not None and weekday.lower() not in _WEEKDAYS:
        return None
    return _date_from(match)


def _date_near(s: str, start: int, end: int) -> date | None:
    """A date with a year written just before ``start`` or just after ``end``."""
    return _date_before(s, start) or _date_after(s, end)


# --------------------------------------------------------------------------- scanning


def _prepare(text: str) -> str:
    """Spaces and dashes normalised, URLs masked, a bare "noon" written "12pm" and "midnight"
    "12:00 am"; same length as ``text``."""
    normalised = text.translate(_NORMALISE)
    normalised = _NOON_RE.sub(lambda word: _NOON_AS[word.group().lower()], normalised)
    return _URL_RE.sub(lambda url: _MASK * len(url.group()), normalised)


def _is_iso(s: str, start: int) -> bool:
    return start >= 2 and s[start - 1] == "T" and s[start - 2].isdigit()


def _merge_tail(s: str, first: _Clock, zone: _Zone) -> tuple[time, _Zone] | None:
    """For "10am ET - 11am ET": the end time and the second zone, when both zones match."""
    tail = _TAIL_RE.match(s, zone.end)
    if tail is None:
        return None
    last = _clock(tail, "c_")
    if last is None or not last.complete:
        return None
    second = _zone_after(s, tail.end(), lowercase_ok=last.meridiem is not None, iso=False)
    if second is None:
        return None
    if s[second.start : second.stop].lower() != s[zone.start : zone.stop].lower():
        return None
    span = _range(first, last)
    return (span[1], second) if span else None


def _times(match: re.Match[str]) -> tuple[_Clock, int, time, time | None] | None:
    """The clock a mention starts with, where it starts, and its start and end times."""
    first = _clock(match, "a_")
    if match.group("b_h") is None:
        usable = first is not None and first.complete
        return (first, match.start(), _single(first), None) if first and usable else None
    last = _clock(match, "b_")
    if first is None or last is None:
        return None
    span = _range(first, last)
    if span is not None:
        return first, match.start(), span[0], span[1]
    # "9-5pm" is too long a range to be sure of, and neither half alone is right.
    long_range = not first.complete and (last.meridiem is not None or last.uhr)
    if long_range or not last.complete:
        return None
    return last, match.start("b_h"), _single(last), None


def _mention(original: str, s: str, match: re.Match[str]) -> tuple[TimeMention, int] | None:
    """The mention starting with ``match`` and where it ends, or None when no zone follows."""
    lowercase_ok = match.group("b_ap" if match.group("b_h") else "a_ap") is not None
    zone = _zone_after(s, match.end(), lowercase_ok=lowercase_ok, iso=_is_iso(s, match.start()))
    if zone is None:
        return None
    times = _times(match)
    if times is None:
        return None
    clock, start_pos, start, end = times
    if end is None:
        merged = _merge_tail(s, clock, zone)
        if merged is not None:
            end, second = merged
            zone = replace(zone, end=second.end)
    spec = zone.spec
    mention = TimeMention(
        text=original[start_pos : zone.end],
        start=start,
        end=end,
        on=_date_near(s, start_pos, zone.end),
        zone_token=original[zone.start : zone.stop],
        meanings=spec.meanings,
        family_zone=spec.family,
        kind=spec.kind,
        position=start_pos,
    )
    return mention, zone.end


def find_time_mentions(text: str) -> list[TimeMention]:
    """All times in ``text`` that are written with a zone, in order of appearance.

    A time counts when a zone token follows it: an abbreviation ("EST", "MEZ"), a
    written-out name ("Pacific Time", "(Central European Time - Berlin)"), an IANA
    name, an explicit offset ("UTC+01:00") or an Outlook display name
    ("(UTC+01:00) Amsterdam, Berlin, ..."). Ranges ("7pm - 8pm (CET)") give one
    mention with an ``end``. Text inside URLs is ignored. Only the first
    :data:`MAX_SCAN_CHARS` characters are scanned and at most :data:`MAX_MENTIONS`
    mentions are returned, so hostile input costs bounded time.
    """
    original = text[:MAX_SCAN_CHARS]
    s = _prepare(original)
    mentions: list[TimeMention] = []
    pos = 0
    while len(mentions) < MAX_MENTIONS:
        match = _SCAN_RE.search(s, pos)
        if match is None:
            return mentions
        found = _mention(original, s, match)
        if found is None:
            pos = match.end()
            continue
        mentions.append(found[0])
        pos = max(match.end(), found[1])
    return mentions


# --------------------------------------------------------------------------- dates on their own


@dataclass(frozen=True)
class DateMention:
    """A date written in text, with or without year: "Thursday, December 17", "17. Dezember",
    "jeudi 17 décembre", "Thursday". ``weekday`` is 0 for Monday; any part may be missing, but
    a weekday or a month is always there."""

    text: str
    position: int
    weekday: int | None
    month: int | None
    day: int | None
    year: int | None

    @property
    def end(self) -> int:
        """Where ``text`` ends in the scanned text."""
        return self.position + len(self.text)


_WEEKDAY_NUMBERS: dict[str, int] = {}
for _line in (
    "monday mon|tuesday tues tue|wednesday wed|thursday thurs thur thu|friday fri|saturday sat|"
    "sunday sun",
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag",
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
):
    for _number, _words in enumerate(_line.split("|")):
        for _word in _words.split():
            _WEEKDAY_NUMBERS[_word] = _number

#: Every month and weekday word the date tables know (lowercase), for callers' own patterns.
DATE_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAY_NUMBERS)

_FREE_DATE_RE = re.compile(
    r"(?<![\w.])(?:(?P<wd>" + _alternation(_WEEKDAY_NUMBERS) + r")\.?(?!\w),?"
    r"(?:[ ]{1,3}(?:(?:the|le|den|am)[ ]{1,2})?)?)?"
    r"(?:(?P<mn1>" + _alternation(_MONTHS) + r")\.?[ ]{1,2}(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?"
    r"(?![0-9:.h])"
    r"|(?P<d2>[0-9]{1,2})(?:st|nd|rd|th|er|\.)?[ ]{0,2}(?:of[ ]{1,2})?"
    r"(?P<mn2>" + _alternation(_MONTHS) + r")\.?(?!\w))?"
    r"(?:,?[ ]{1,2}(?P<y>[0-9]{4})(?![0-9:]))?",
    re.IGNORECASE,
)


_DATE_TAIL_RE = re.compile(r"(?:[ ,]+(?:the|le|den|am))?[ ,]*\Z", re.IGNORECASE)


def find_dates(text: str) -> list[DateMention]:
    """Every date written in ``text`` (a weekday, a day and month, or both; a year optional),
    in the languages of the month and weekday tables (English, German, French). Bounded like
    :func:`find_time_mentions`."""
    original = text[:MAX_SCAN_CHARS]
    s = _prepare(original)
    found: list[DateMention] = []
    for match in _FREE_DATE_RE.finditer(s):
        weekday_word, month_word = match.group("wd"), match.group("mn1") or match.group("mn2")
        if not weekday_word and not month_word:
            continue
        if weekday_word and not month_word and len(weekday_word) < 3:
            continue
        day_text = match.group("d1") or match.group("d2")
        month = _MONTHS.get(month_word.lower()) if month_word else None
        day = int(day_text) if day_text else None
        if day is not None and not 1 <= day <= 31:
            continue
        year = int(match.group("y")) if match.group("y") and month else None
        weekday = _WEEKDAY_NUMBERS.get(weekday_word.lower()) if weekday_word else None
        text_found = _DATE_TAIL_RE.sub("", original[match.start() : match.end()])
        found.append(DateMention(text_found, match.start(), weekday, month, day, year))
        if len(found) >= MAX_MENTIONS:
            break
    return found
