"""The invite model: frozen values that the rest of noshow passes around.

Everything here is plain data. Instants are always timezone-aware datetimes in UTC; a
:class:`ZonedTime` adds the zone an instant belongs to and how noshow found that zone, so every
time shown to a person can carry its zone name and UTC offset.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo


class Severity(enum.StrEnum):
    """How bad a finding is. The order matters: errors first."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sorts the worst first."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Resolution(enum.StrEnum):
    """How the zone of a start or end was found."""

    UTC = "utc"  # written in UTC (a trailing Z)
    IANA = "iana"  # TZID is an IANA name
    WINDOWS = "windows"  # TZID is a Windows zone name, mapped through CLDR
    MATCHED = "matched"  # the invite's VTIMEZONE rules matched an IANA zone
    DEFINITION = "definition"  # only the invite's own VTIMEZONE rules; no IANA zone agrees
    X_WR_TIMEZONE = "x-wr-timezone"  # a Google calendar's X-WR-TIMEZONE
    FLOATING = "floating"  # no zone at all: read in your zone, as a calendar would
    UNKNOWN = "unknown"  # a TZID nobody can resolve: read in your zone, as a calendar would
    DATE = "date"  # an all-day date, no time of day


#: Resolutions where the organizer's real zone is known.
KNOWN_ZONE = frozenset(
    {Resolution.IANA, Resolution.WINDOWS, Resolution.MATCHED, Resolution.X_WR_TIMEZONE}
)


@dataclass(frozen=True)
class ZonedTime:
    """An exact instant, and the zone and wall-clock time it was written in.

    ``instant`` is aware and in UTC. ``local`` is the same instant in ``tz`` (the resolved zone,
    or your zone for floating times). ``definition_local`` is the reading by the invite's own
    VTIMEZONE when that disagrees with current tzdata.
    """

    instant: datetime
    local: datetime
    zone: str | None
    tzid: str | None
    how: Resolution
    wall: datetime
    gap: bool = False
    fold: bool = False
    definition_local: datetime | None = None
    definition_instant: datetime | None = None

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None or self.instant.utcoffset() != timedelta(0):
            raise ValueError("ZonedTime.instant must be an aware UTC datetime")

    @property
    def tz(self) -> tzinfo:
        """The tzinfo of ``local``."""
        tz = self.local.tzinfo
        assert tz is not None
        return tz


@dataclass(frozen=True)
class Party:
    """An organizer or attendee."""

    name: str | None
    email: str | None

    def display(self) -> str:
        """``Name <email>``, or whichever of the two is known."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or "(unknown)"


@dataclass(frozen=True)
class TextField:
    """A piece of human-written text that may mention times: summary, body, subject..."""

    name: str
    text: str


@dataclass(frozen=True)
class Invite:
    """One interview (one UID, the version that is current among the inputs)."""

    source: str
    uid: str
    summary: str
    start: ZonedTime
    end: ZonedTime | None
    organizer: Party | None = None
    attendees: tuple[Party, ...] = ()
    sequence: int = 0
    dtstamp: datetime | None = None
    method: str | None = None
    status: str | None = None
    description: str = ""
    location: str = ""
    texts: tuple[TextField, ...] = ()
    end_from: str = "dtend"  # "dtend", "duration" or "none"
    conflicting_end: ZonedTime | None = None  # DTEND when DURATION says otherwise
    recurring: bool = False
    recurrence_id: datetime | None = None
    all_day: bool = False
    alarm_count: int = 0
    line: int | None = None
    text_zone: str | None = None  # an IANA zone the invite's own text names (Google bodies do)
    x_wr_timezone: str | None = None  # the calendar's X-WR-TIMEZONE as written, usable or not
    previous: tuple[Invite, ...] = field(default=(), compare=False)

    @property
    def cancelled(self) -> bool:
        """Whether this version cancels the interview."""
        return self.method == "CANCEL" or self.status == "CANCELLED"

    @property
    def organizer_zone(self) -> str | None:
        """The IANA zone the organizer scheduled in, when it can be known."""
        if self.start.how in KNOWN_ZONE:
            return self.start.zone
        return self.text_zone

    @property
    def is_invitation(self) -> bool:
        """Whether other people are involved (organizer or attendees), so a zone matters."""
        return self.organizer is not None or bool(self.attendees) or self.method is not None


@dataclass(frozen=True)
class Finding:
    """One problem a rule found in one invite."""

    rule: str
    code: str
    severity: Severity
    message: str
    fix: str


@dataclass(frozen=True)
class Travel:
    """You will be in ``zone`` from ``start`` to ``end``, inclusive dates in that zone."""

    zone: str
    start: date
    end: date


@dataclass(frozen=True)
class You:
    """The person noshow works for: home zone, travel plans, name, address and phone."""

    zone: str
    travel: tuple[Travel, ...] = ()
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    aliases: tuple[str, ...] = ()  # other addresses invites reach you at

    @property
    def addresses(self) -> tuple[str, ...]:
        """Your email and its aliases, lower-cased: the attendees that are you."""
        found = [a.lower() for a in (self.email, *self.aliases) if a]
        return tuple(dict.fromkeys(found))

    def zone_at(self, instant: datetime) -> str:
        """Where you will be at ``instant``: the travel zone covering that date, or home."""
        from noshow.zones import zone  # local import: zones imports this module

        for trip in self.travel:
            local_day = instant.astimezone(zone(trip.zone)).date()
            if trip.start <= local_day <= trip.end:
                return trip.zone
        return self.zone


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read; reported, never raised past the pipeline."""

    source: str
    message: str
    line: int | None = None

    def one_line(self) -> str:
        """``source:line: message`` on one line, whatever the message holds."""
        source = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.source)
        where = f"{source}:{self.line}" if self.line else source
        text = " ".join(self.message.split())
        return f"{where}: {text}"


def utc(dt: datetime) -> datetime:
    """The same instant in UTC (``dt`` must be aware)."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime has no instant")
    return dt.astimezone(UTC)
