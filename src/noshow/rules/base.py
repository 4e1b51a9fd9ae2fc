"""What a rule is, and what it gets to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from noshow.joininfo import Kind
from noshow.model import Finding, Invite, Severity, You

if TYPE_CHECKING:  # busy time (and recurring-ical-events) is loaded only with a --calendar
    from noshow.calendars.busy import BusyEvent


@dataclass(frozen=True)
class CheckSettings:
    """The thresholds rules use; from the config file's ``[check]`` and ``[buffers]`` tables."""

    night_start: time = time(22, 0)
    night_end: time = time(7, 0)
    business_start: time = time(8, 0)
    business_end: time = time(18, 0)
    short_notice: timedelta = timedelta(hours=12)
    buffer_video: timedelta = timedelta(minutes=15)
    buffer_phone: timedelta = timedelta(minutes=10)
    buffer_in_person: timedelta = timedelta(minutes=45)

    def buffer(self, kind: Kind) -> timedelta:
        """The buffer an interview of this kind needs (video when the kind is unknown)."""
        if kind is Kind.PHONE:
            return self.buffer_phone
        if kind is Kind.IN_PERSON:
            return self.buffer_in_person
        return self.buffer_video


@dataclass(frozen=True)
class StoredCopy:
    """The interview's own entry as your calendar holds it: which version, and when it starts."""

    source: str
    sequence: int
    dtstamp: datetime | None
    start: datetime | None  # an aware UTC instant


@dataclass(frozen=True)
class CalendarView:
    """Your calendars around one interview.

    ``busy`` holds the busy events near it (never the interview itself); ``alarms`` is the
    number of VALARMs on the interview's own entry in your calendar, or None when it is not there;
    ``copies`` are that entry's versions as stored (same UID and recurrence).
    """

    busy: tuple[BusyEvent, ...]
    alarms: int | None
    sources: tuple[str, ...]
    copies: tuple[StoredCopy, ...] = ()


@dataclass(frozen=True)
class RuleContext:
    """One invite, the person it is for, the moment of the check, and the settings."""

    invite: Invite
    you: You
    now: datetime
    settings: CheckSettings = field(default_factory=CheckSettings)
    calendar: CalendarView | None = None  # None when no calendar was given

    @property
    def you_zone(self) -> str:
        """Your zone at the interview (a travel zone if you will be travelling)."""
        return self.you.zone_at(self.invite.start.instant)


CheckFunction = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: stable slug and code, default severity, documentation, and the check itself.

    Slugs and codes are a public interface: they never change meaning and are never reused.
    """

    slug: str
    code: str
    severity: Severity
    summary: str
    why: str
    fix: str
    example: str
    check: CheckFunction

    def finding(
        self, message: str, fix: str | None = None, severity: Severity | None = None
    ) -> Finding:
        """A finding of this rule, with its default fix and severity unless given."""
        return Finding(
            rule=self.slug,
            code=self.code,
            severity=severity or self.severity,
            message=message,
            fix=fix or self.fix,
        )
