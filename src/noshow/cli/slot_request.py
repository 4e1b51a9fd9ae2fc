"""What `noshow slots` and the drafts (`recover`) share: the slot options, the request built
from them, the invite they start from, holiday calendars, and the .ics/JSON renderings."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click
import holidays as holidays_package
import icalendar

from noshow.adapters.files import DEFAULT_MAX_BYTES, read_documents
from noshow.calendars.busy import Window
from noshow.cli.options import Common
from noshow.cli.shared import open_calendars
from noshow.config import Account, check_zone, default_path, parse_duration, parse_hours
from noshow.errors import ConfigError, InviteError
from noshow.invites import Document
from noshow.model import Invite
from noshow.parsing.mail import parse_mail
from noshow.parsing.text import sniff
from noshow.slots import Availability, Slot, SlotRequest, SlotResult
from noshow.timefmt import abbreviation, utc_text
from noshow.versions import current_versions
from noshow.zonecountry import country_of_zone
from noshow.zones import offset_text, zone

F = TypeVar("F", bound=Callable[..., Any])
_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def parse_weekend(text: str, what: str) -> frozenset[int]:
    """``"sat,sun"`` -> {5, 6}; ``"none"`` -> no weekend."""
    if text.strip().lower() in ("", "none"):
        return frozenset()
    days = set()
    for item in text.split(","):
        key = item.strip().lower()[:3]
        if key not in _DAYS:
            raise click.BadParameter(
                f"{item.strip()!r} is not a weekday (mon, tue, ... sun)", param_hint=what
            )
        days.add(_DAYS[key])
    return frozenset(days)


def public_holidays(spec: str | None, first: date, last: date, what: str) -> frozenset[date]:
    """The public holidays of ``CC`` or ``CC-SUBDIV`` between two dates (holidays package)."""
    if not spec:
        return frozenset()
    country, _, subdivision = spec.partition("-")
    try:
        table = holidays_package.country_holidays(
            country.upper(),
            subdiv=subdivision.upper() or None,
            years=range(first.year, last.year + 1),
        )
    except NotImplementedError as exc:
        raise click.BadParameter(f"{spec!r}: {exc}", param_hint=what) from exc
    return frozenset(d for d in table if first <= d <= last)


@dataclass(frozen=True)
class HolidayCalendar:
    """Whose public holidays are skipped, and where that choice came from."""

    party: str  # "you" or "the interviewer"
    spec: str | None  # CC or CC-SUBDIV, None for no holidays
    source: str  # "--country", "config you.country", "your zone Europe/Berlin", ...
    supported: bool = True  # whether the holidays package has this country

    def describe(self) -> str:
        """``yours: US (from your zone America/New_York)``."""
        whose = "yours" if self.party == "you" else "the interviewer's"
        if self.spec is None:
            return f"{whose}: none ({self.source})"
        if not self.supported:
            return f"{whose}: none (no public holiday calendar for {self.spec}, {self.source})"
        return f"{whose}: {self.spec} (from {self.source})"


def _supported(spec: str) -> bool:
    country, _, subdivision = spec.partition("-")
    try:
        holidays_package.country_holidays(
            country.upper(), subdiv=subdivision.upper() or None, years=[2026]
        )
    except NotImplementedError:
        return False
    return True


def holiday_calendars(
    options: dict[str, Any], their_zone: str, common: Common
) -> tuple[HolidayCalendar, HolidayCalendar]:
    """Your and the interviewer's public holiday calendars: the option, else (yours) the
    config's ``[you] country``, else the country of the zone (tzdata's zone table). ``none``
    turns them off."""

    def pick(
        party: str,
        option: str | None,
        flag: str,
        configured: str | None,
        place: str,
        zone_name: str,
    ) -> HolidayCalendar:
        if option:
            if option.strip().lower() == "none":
                return HolidayCalendar(party, None, f"{flag} none")
            return HolidayCalendar(party, option.strip().upper(), flag)
        if configured:
            if configured.strip().lower() == "none":
                return HolidayCalendar(party, None, "config you.country")
            return HolidayCalendar(party, configured.strip().upper(), "config you.country")
        country = country_of_zone(zone_name)
        if country is None:
            return HolidayCalendar(party, None, f"{place} {zone_name} is in no country")
        return HolidayCalendar(party, country, f"{place} {zone_name}", _supported(country))

    return (
        pick(
            "you",
            options["country"],
            "--country",
            common.config.country,
            "your zone",
            common.you.zone,
        ),
        pick(
            "the interviewer",
            options["interviewer_country"],
            "--interviewer-country",
            None,
            "their zone",
            their_zone,
        ),
    )


def holidays_json(calendars: Sequence[HolidayCalendar]) -> dict[str, Any]:
    """The ``holidays`` part of `noshow slots --format json`."""
    return {
        ("you" if c.party == "you" else "interviewer"): {
            "country": c.spec if c.supported else None,
            "from": c.source,
        }
        for c in calendars
    }


def holidays_note(calendars: Sequence[HolidayCalendar]) -> str:
    """One line for the output: which public holiday calendars were used."""
    return "Public holidays skipped: " + "; ".join(c.describe() for c in calendars) + "."


def _hours(text: str, what: str) -> tuple[time, time]:
    try:
        return parse_hours(text, what)
    except ConfigError as exc:
        raise click.BadParameter(str(exc).removeprefix(f"{what}: "), param_hint=what) from exc


def _duration(text: str, what: str) -> timedelta:
    try:
        return parse_duration(text, what)
    except ConfigError as exc:
        raise click.BadParameter(str(exc).removeprefix(f"{what}: "), param_hint=what) from exc


def _busy(
    specs: tuple[str, ...], window: Window, you_zone: str, accounts: Sequence[Account]
) -> tuple[tuple[datetime, datetime], ...]:
    calendars = open_calendars(specs, you_zone, accounts)
    if calendars is None:
        return ()
    calendars.prefetch([window])
    if calendars.problems:
        problem = calendars.problems[0]
        raise InviteError(problem.one_line())
    view = calendars.view_window(window)
    return tuple((b.start, b.end) for b in view)


def invite_in(documents: Sequence[Document], name: str) -> Invite:
    """The (current version of the) interview the documents hold, or an InviteError naming
    the first problem (or ``name`` when there is no interview at all)."""
    problems = [p for d in documents for p in d.problems]
    invites = current_versions([i for d in documents for i in d.invites])
    if not invites:
        raise InviteError(problems[0].one_line() if problems else f"{name}: no interview in it")
    return invites[0]


def message_id_of(data: bytes) -> str | None:
    """The Message-ID of an invite email (None for an .ics), for threading the reply."""
    return parse_mail(data).message_id if sniff(data) == "eml" else None


def load_invite(path: str, you_zone: str) -> tuple[Invite, str | None]:
    """The (current version of the) interview in an invite file, and the email's Message-ID
    when the invite came as an .eml."""
    documents = list(read_documents([path], you_zone, sys.stdin.buffer, DEFAULT_MAX_BYTES))
    invite = invite_in(documents, path)
    message_id = None
    if path != "-" and Path(path).is_file():
        message_id = message_id_of(Path(path).read_bytes())
    return invite, message_id


def local_line(start: datetime, end: datetime) -> str:
    """``Tuesday 8 December, 10:00-10:45 EST (UTC-05:00)``."""
    return (
        f"{start:%A} {start.day} {start:%B}, {start:%H:%M}-{end:%H:%M} "
        f"{abbreviation(start)} ({offset_text(start.utcoffset())})"
    )


def slots_json(result: SlotResult, interviewer: str, you: str) -> dict[str, Any]:
    """The JSON contract of `noshow slots --format json`."""

    def moment(instant: datetime) -> dict[str, str]:
        return {
            "utc": utc_text(instant),
            "interviewer": instant.astimezone(zone(interviewer)).isoformat(),
            "you": instant.astimezone(zone(you)).isoformat(),
        }

    return {
        "slots": [{"start": moment(s.start), "end": moment(s.end)} for s in result.slots],
        "interviewer_zone": interviewer,
        "you_zone": you,
        "notes": list(result.notes),
    }


def slots_ics(result: SlotResult, interviewer: str, invite: Invite | None, stamp: datetime) -> str:
    """The slots as TENTATIVE, TRANSPARENT hold events in the interviewer's zone."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//noshow//noshow slots//EN")
    calendar.add("VERSION", "2.0")
    first, last = result.slots[0].start.date(), result.slots[-1].end.date()
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            interviewer, first_date=first - timedelta(days=7), last_date=last + timedelta(days=60)
        )
    )
    tz = zone(interviewer)
    title = invite.summary if invite and invite.summary else "Interview"
    for index, slot in enumerate(result.slots, start=1):
        event = icalendar.Event()
        event.add("UID", f"{utc_text(slot.start)}-{index}@noshow-slots")
        event.add("DTSTAMP", stamp)
        event.add("DTSTART", slot.start.astimezone(tz))
        event.add("DTEND", slot.end.astimezone(tz))
        event.add("SUMMARY", f"Hold: {title} (option {index})")
        event.add("STATUS", "TENTATIVE")
        event.add("TRANSP", "TRANSPARENT")
        event.add(
            "DESCRIPTION",
            f"Proposed time: {local_line(slot.start.astimezone(tz), slot.end.astimezone(tz))}",
        )
        calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def counter_ics(
    slot: Slot, invite: Invite, you_email: str | None, stamp: datetime, zone_name: str
) -> str:
    """An iTIP COUNTER (RFC 5546 3.2.7): the attendee proposes ``slot`` for the same UID and
    SEQUENCE."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//noshow//noshow slots//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", "COUNTER")
    tz = zone(zone_name)
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            zone_name,
            first_date=slot.start.date() - timedelta(days=7),
            last_date=slot.start.date() + timedelta(days=60),
        )
    )
    event = icalendar.Event()
    event.add("UID", invite.uid)
    event.add("SEQUENCE", invite.sequence)
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", slot.start.astimezone(tz))
    event.add("DTEND", slot.end.astimezone(tz))
    event.add("SUMMARY", invite.summary or "Interview")
    if invite.organizer and invite.organizer.email:
        params = {"CN": invite.organizer.name} if invite.organizer.name else {}
        event.add("ORGANIZER", f"mailto:{invite.organizer.email}", parameters=params)
    organizer = (invite.organizer.email or "").lower() if invite.organizer else ""
    attendee = you_email or next(
        (a.email for a in invite.attendees if a.email and a.email.lower() != organizer), None
    )
    if attendee:
        event.add("ATTENDEE", f"mailto:{attendee}", parameters={"PARTSTAT": "NEEDS-ACTION"})
    event.add("COMMENT", "Proposing a new time for the interview.")
    calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def counter_attendee(invite: Invite, common: Common) -> str:
    """The attendee a COUNTER speaks for: the one that is you ([you] email or aliases), never
    the organizer; a clear error when your address is unknown or not among the attendees."""
    from noshow.drafts.compose import not_an_attendee, your_attendee

    if not common.you.email:
        where = common.config.path or default_path()
        raise ConfigError(
            f"your email address is unknown, so the COUNTER would speak for nobody: run "
            f"`noshow init` or set [you] email in {where}"
        )
    attendee = your_attendee(invite, common.you)
    if attendee is None or attendee.email is None:
        raise InviteError(f"{invite.source}: no COUNTER: {not_an_attendee(invite, common.you)}")
    return attendee.email


_SLOT_OPTIONS = [
    click.option(
        "--interviewer-zone",
        metavar="ZONE",
        help="The interviewer's IANA zone (default: from the invite).",
    ),
    click.option(
        "--duration",
        metavar="DURATION",
        help="Length of the interview (default: from the invite, else 45m).",
    ),
    click.option(
        "--count",
        type=click.IntRange(1, 20),
        default=3,
        show_default=True,
        help="How many times to propose.",
    ),
    click.option(
        "--days",
        type=click.IntRange(1, 60),
        default=5,
        show_default=True,
        help="Look through the interviewer's next N business days.",
    ),
    click.option(
        "--hours",
        default="09:00-17:00",
        show_default=True,
        help="Your working hours, in your zone.",
    ),
    click.option(
        "--interviewer-hours",
        default="09:00-17:00",
        show_default=True,
        help="The interviewer's working hours, in their zone.",
    ),
    click.option(
        "--country",
        metavar="CC[-SUBDIV]",
        help="Your public holidays (e.g. DE-BY, US-CA, IN; none to ignore them). Default: the config's [you] country, else the country of your zone.",
    ),
    click.option(
        "--interviewer-country",
        metavar="CC[-SUBDIV]",
        help="The interviewer's public holidays (none to ignore them). Default: the country of their zone.",
    ),
    click.option(
        "--weekend", default="sat,sun", show_default=True, help="Your weekend days (e.g. fri,sat)."
    ),
    click.option(
        "--interviewer-weekend",
        default="sat,sun",
        show_default=True,
        help="The interviewer's weekend days.",
    ),
    click.option(
        "--calendar",
        "calendars",
        multiple=True,
        metavar="PATH",
        help="Your busy time (.ics file or vdir; repeatable).",
    ),
    click.option(
        "--interviewer-calendar",
        "interviewer_calendars",
        multiple=True,
        metavar="PATH",
        help="The interviewer's busy time, e.g. a published free/busy .ics (repeatable).",
    ),
    click.option(
        "--buffer", default="15m", show_default=True, help="Keep this far from busy time."
    ),
    click.option(
        "--min-notice", default="24h", show_default=True, help="Never propose sooner than this."
    ),
    click.option(
        "--step",
        default="30m",
        show_default=True,
        help="Grid of start times in the interviewer's zone (:00 and :30).",
    ),
]
SLOT_OPTION_NAMES = (
    "interviewer_zone",
    "duration",
    "count",
    "days",
    "hours",
    "interviewer_hours",
    "country",
    "interviewer_country",
    "weekend",
    "interviewer_weekend",
    "calendars",
    "interviewer_calendars",
    "buffer",
    "min_notice",
    "step",
)


def slot_options(func: F) -> F:
    """The options that describe the two parties and the search (shared with `recover`)."""
    for decorator in reversed(_SLOT_OPTIONS):
        func = decorator(func)
    return func


def slot_defaults() -> dict[str, Any]:
    """The slot options' defaults by parameter name, as the command line would pass them
    (for callers that are not the command line: the web page and its API)."""

    def target() -> None:
        """Only carries the options."""

    params: list[click.Parameter] = getattr(slot_options(target), "__click_params__", [])
    # Parse an empty command line: exactly the values the command receives without options.
    return dict(click.Command("slots", params=params).make_context("slots", []).params)


def build_request(
    options: dict[str, Any], invite: Invite | None, common: Common
) -> tuple[SlotRequest, str]:
    """A SlotRequest from the slot options (and the missed invite), and the interviewer's zone."""
    if options["interviewer_zone"]:
        try:
            their_zone = check_zone(options["interviewer_zone"], "--interviewer-zone")
        except ConfigError as exc:
            raise click.BadParameter(
                str(exc).removeprefix("--interviewer-zone: "), param_hint="--interviewer-zone"
            ) from exc
    elif invite is not None and invite.organizer_zone:
        their_zone = invite.organizer_zone
    else:
        raise click.UsageError("give --interviewer-zone ZONE, or an invite that names it")
    length = _duration(options["duration"], "--duration") if options["duration"] else None
    if length is None and invite is not None and invite.end is not None:
        length = invite.end.instant - invite.start.instant
    length = length or timedelta(minutes=45)
    if length <= timedelta(0):
        raise click.BadParameter(
            "the interview must last longer than 0 minutes", param_hint="--duration"
        )
    step_length = _duration(options["step"], "--step")
    if step_length <= timedelta(0):
        raise click.BadParameter("must be longer than 0 minutes", param_hint="--step")
    days = options["days"]
    horizon = Window(common.now, common.now + timedelta(days=days * 2 + 30))
    first, last = horizon.start.date() - timedelta(days=1), horizon.end.date() + timedelta(days=1)
    yours, theirs = holiday_calendars(options, their_zone, common)

    def holidays_of(calendar: HolidayCalendar, flag: str) -> frozenset[date]:
        if calendar.spec is None or not calendar.supported:
            return frozenset()
        what = flag if calendar.source == flag else "[you] country"
        return public_holidays(calendar.spec, first, last, what)

    request = SlotRequest(
        interviewer=Availability(
            zone=their_zone,
            hours=_hours(options["interviewer_hours"], "--interviewer-hours"),
            weekend=parse_weekend(options["interviewer_weekend"], "--interviewer-weekend"),
            holidays=holidays_of(theirs, "--interviewer-country"),
            busy=_busy(
                options["interviewer_calendars"], horizon, common.you.zone, common.config.accounts
            ),
        ),
        you=Availability(
            zone=common.you.zone,
            hours=_hours(options["hours"], "--hours"),
            weekend=parse_weekend(options["weekend"], "--weekend"),
            holidays=holidays_of(yours, "--country"),
            busy=_busy(options["calendars"], horizon, common.you.zone, common.config.accounts),
        ),
        now=common.now,
        duration=length,
        count=options["count"],
        days=days,
        step=step_length,
        buffer=_duration(options["buffer"], "--buffer"),
        min_notice=_duration(options["min_notice"], "--min-notice"),
    )
    return request, their_zone
