"""From bytes to :class:`~noshow.model.Invite` values: the pure half of reading invites.

``read_document`` takes one input's bytes (an .ics or an .eml) and returns every VEVENT in it
as an Invite with exact instants, plus a problem for each event that could not be read. It
never raises for bad content: one broken event does not hide the others.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import BrokenCalendarProperty, vBroken, vDDDTypes

from noshow.errors import InviteError
from noshow.model import InputProblem, Invite, Party, Resolution, TextField, ZonedTime
from noshow.parsing.ics import CalendarDoc, parse_calendars
from noshow.parsing.mail import MailDoc, html_to_text, parse_mail
from noshow.parsing.text import decode_text, sniff
from noshow.reminders import KIND_PROPERTY
from noshow.textscan import find_time_mentions
from noshow.zones import ZoneContext, canonical_iana, resolve_time


@dataclass(frozen=True)
class Cancellation:
    """A CANCEL that names its event only by UID: RFC 5546 lets it leave DTSTART out.

    It has no time of its own; :func:`apply_cancellations` matches it to the request it cancels.
    """

    source: str
    uid: str
    sequence: int
    dtstamp: datetime | None
    recurrence_id: datetime | None
    method: str | None
    line: int | None


@dataclass(frozen=True)
class Document:
    """Everything read from one input."""

    source: str
    invites: tuple[Invite, ...]
    problems: tuple[InputProblem, ...]
    cancellations: tuple[Cancellation, ...] = ()
    #: The calendar texts read (an email's calendar parts): where an import takes the VEVENT
    #: and VTIMEZONE text from, as written.
    texts: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)


def apply_cancellations(
    invites: Iterable[Invite], cancellations: Iterable[Cancellation]
) -> tuple[list[Invite], list[InputProblem]]:
    """Each time-less cancellation as a cancelled version of the request it names (same UID and
    RECURRENCE-ID; the times come from the request). One whose request is not among the inputs
    is a problem: nothing says which interview, or when, it cancels."""
    invites = list(invites)
    problems: list[InputProblem] = []
    for cancel in cancellations:
        requests = [
            i
            for i in invites
            if i.uid == cancel.uid
            and (cancel.recurrence_id is None or i.recurrence_id == cancel.recurrence_id)
            and not i.cancelled
        ]
        if not requests:
            problems.append(
                InputProblem(
                    cancel.source,
                    f"cancels event {cancel.uid!r} without giving its time (no DTSTART), and no "
                    "input holds that invite: check it together with the original invite",
                    cancel.line,
                )
            )
            continue
        for request in {(r.uid, r.recurrence_id): r for r in requests}.values():
            invites.append(
                replace(
                    request,
                    source=cancel.source,
                    sequence=cancel.sequence,
                    dtstamp=cancel.dtstamp,
                    method=cancel.method,
                    status="CANCELLED",
                    line=cancel.line,
                    previous=(),
                )
            )
    return invites, problems


def read_document(source: str, data: bytes, you_zone: str) -> Document:
    """Read one input (iCalendar or invite email bytes). ``you_zone`` reads floating times."""
    try:
        kind = sniff(data)
        mail: MailDoc | None = None
        if kind == "eml":
            mail = parse_mail(data)
            texts = mail.calendars
        else:
            texts = [decode_text(data)]
        docs: list[CalendarDoc] = []
        for text in texts:
            docs.extend(parse_calendars(text))
    except InviteError as exc:
        return Document(source, (), (InputProblem(source, str(exc), exc.line),))
    except RecursionError:
        return Document(source, (), (InputProblem(source, "input is nested too deeply"),))
    invites: list[Invite] = []
    problems: list[InputProblem] = []
    cancellations: list[Cancellation] = []
    ours = 0
    for doc in docs:
        ctx = ZoneContext(doc.definitions, you_zone, doc.x_wr_timezone)
        for component, line in doc.events:
            if component.get(KIND_PROPERTY) is not None:
                ours += 1  # a reminder event or block noshow added: not an invite
                continue
            try:
                cancel = _timeless_cancel(source, component, line, doc)
                if cancel is not None:
                    cancellations.append(cancel)
                else:
                    invites.append(_invite(source, component, line, doc, ctx, mail))
            except InviteError as exc:
                problems.append(InputProblem(source, str(exc), exc.line or line))
            except OverflowError:  # a DURATION or time past the year 9999
                problems.append(InputProblem(source, "event ends after the year 9999", line))
    if not invites and not problems and not ours and not cancellations:
        problems.append(InputProblem(source, "no event (VEVENT) in this calendar"))
    return Document(source, tuple(invites), tuple(problems), tuple(cancellations), tuple(texts))


def _timeless_cancel(
    source: str, component: Any, line: int | None, doc: CalendarDoc
) -> Cancellation | None:
    """A cancellation without DTSTART (RFC 5546 section 3.2.5 does not require one), or None."""
    if component.get("DTSTART") is not None:
        return None
    status = _text(component, "STATUS").strip().upper()
    if doc.method != "CANCEL" and status != "CANCELLED":
        return None
    uid = _text(component, "UID").strip()
    if not uid:
        raise InviteError("a cancellation without DTSTART must name its event by UID", line)
    recurrence = _dt(component, "RECURRENCE-ID", line)
    return Cancellation(
        source=source,
        uid=uid,
        sequence=_int(component, "SEQUENCE"),
        dtstamp=_stamp(component),
        recurrence_id=recurrence if isinstance(recurrence, datetime) else None,
        method=doc.method,
        line=line,
    )


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _one_line(text: str) -> str:
    """Text fit for one line of output: control characters and line breaks become one space."""
    cleaned = (" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join("".join(cleaned).split())


def _party(value: Any) -> Party | None:
    if value is None:
        return None
    address = str(value).strip()
    mail = address[7:] if address.lower().startswith("mailto:") else address
    params = getattr(value, "params", {})
    name = params.get("CN") if params else None
    return Party(name=_one_line(str(name).strip('"')) if name else None, email=mail or None)


def _attendees(component: Any) -> tuple[Party, ...]:
    raw = component.get("ATTENDEE")
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    return tuple(p for p in (_party(v) for v in values) if p is not None)


def _int(component: Any, name: str) -> int:
    value = component.get(name)
    try:
        return int(str(value)) if value is not None else 0
    except ValueError:
        return 0


def _dt(component: Any, name: str, line: int | None) -> Any:
    """``component[name].dt``, None when absent; InviteError when icalendar could not parse it."""
    prop = component.get(name)
    try:
        return getattr(prop, "dt", None)
    except BrokenCalendarProperty as exc:  # a vBroken value: .dt raises, getattr does not help
        raise InviteError(f"{name} value {str(prop)[:60]!r} cannot be read", line) from exc


def _stamp(component: Any) -> datetime | None:
    try:
        value = _dt(component, "DTSTAMP", None)
    except InviteError:  # a broken DTSTAMP only loses the version order, not the invite
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return None


def _time_prop(component: Any, name: str, line: int | None) -> tuple[datetime | date, Any] | None:
    prop = component.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    if isinstance(prop, vBroken):
        try:  # stray spaces around a good value (" 20240812T223000Z", Force.com) are harmless
            value = vDDDTypes.from_ical(str(prop).strip())  # type: ignore[no-untyped-call]
        except (ValueError, TypeError):
            value = None
    else:
        value = getattr(prop, "dt", None)
    if not isinstance(value, (datetime, date)):
        raw = getattr(prop, "to_ical", lambda: b"?")()
        shown = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        raise InviteError(f"{name} value {shown[:60]!r} is not a date or date-time", line)
    return value, prop


def _resolve(value: datetime | date, prop: Any, ctx: ZoneContext, line: int | None) -> ZonedTime:
    tzid = prop.params.get("TZID") if getattr(prop, "params", None) else None
    tzid = str(tzid) if tzid else None
    is_utc = isinstance(value, datetime) and value.tzinfo is not None and tzid is None
    try:
        return resolve_time(value, tzid, is_utc, ctx)
    except InviteError as exc:
        raise InviteError(str(exc), exc.line or line) from exc
    except (OverflowError, ValueError) as exc:
        raise InviteError(f"time {value!s} cannot be placed on the time line: {exc}", line) from exc


def shift(start: ZonedTime, delta: timedelta) -> ZonedTime:
    """``start`` plus a duration: nominal days in wall-clock time, the rest exactly (RFC 5545)."""
    if start.how is Resolution.DATE:
        wall = start.wall + delta
        tz = start.tz
        instant = wall.replace(tzinfo=tz).astimezone(UTC)
        return replace(start, instant=instant, local=instant.astimezone(tz), wall=wall)
    days = timedelta(days=delta.days)
    rest = delta - days
    wall = start.local.replace(tzinfo=None) + days
    tz = start.tz
    instant = wall.replace(tzinfo=tz).astimezone(UTC) + rest
    local = instant.astimezone(tz)
    return replace(
        start,
        instant=instant,
        local=local,
        wall=local.replace(tzinfo=None),
        gap=False,
        fold=False,
        definition_local=None,
        definition_instant=None,
    )


def _texts(component: Any, mail: MailDoc | None) -> tuple[TextField, ...]:
    fields = [
        TextField("summary", _text(component, "SUMMARY")),
        TextField("description", _text(component, "DESCRIPTION")),
        TextField("location", _text(component, "LOCATION")),
    ]
    alt = _text(component, "X-ALT-DESC")
    if alt:
        fields.append(TextField("description", html_to_text(alt)))
    if mail is not None:
        fields.append(TextField("email subject", mail.subject))
        fields.extend(TextField("email body", body) for body in mail.plain)
        fields.extend(TextField("email body", body) for body in mail.html)
    return tuple(f for f in fields if f.text.strip())


def _text_zone(texts: Iterable[TextField]) -> str | None:
    """An IANA zone the invite's own words name: a region's clock ("Central European Time -
    Berlin", "Pacific Time") first, else the region of an unambiguous abbreviation ("India
    Standard Time", "CET"). Ambiguous ones (IST, CST) name nothing."""
    families: list[str] = []
    for field in texts:
        for mention in find_time_mentions(field.text):
            for meaning in mention.meanings:
                found = canonical_iana(meaning.zone) if meaning.zone else None
                if found:
                    return found
            if mention.family_zone and not mention.ambiguous:
                families.append(mention.family_zone)
    for family in families:
        found = canonical_iana(family)
        if found:
            return found
    return None


_FIRST_SHOWN = datetime(2, 1, 1, tzinfo=UTC)
_LAST_SHOWN = datetime(9998, 12, 31, tzinfo=UTC)


def _invite(
    source: str,
    component: Any,
    line: int | None,
    doc: CalendarDoc,
    ctx: ZoneContext,
    mail: MailDoc | None,
) -> Invite:
    uid = _text(component, "UID").strip() or f"{source}#line-{line}"
    texts = _texts(component, mail)
    text_zone = _text_zone(texts)
    if text_zone:
        ctx = replace(ctx, hints=(text_zone,))
    start_prop = _time_prop(component, "DTSTART", line)
    if start_prop is None:
        raise InviteError(f"event {uid!r} has no DTSTART", line)
    start = _resolve(*start_prop, ctx, line)
    end: ZonedTime | None = None
    end_from = "none"
    conflicting: ZonedTime | None = None
    end_prop = _time_prop(component, "DTEND", line)
    duration = _dt(component, "DURATION", line)
    if end_prop is not None:
        end = _resolve(*end_prop, ctx, line)
        end_from = "dtend"
        if isinstance(duration, timedelta) and shift(start, duration).instant != end.instant:
            conflicting = end
            end = shift(start, duration)
            end_from = "duration"
    elif isinstance(duration, timedelta):
        end = shift(start, duration)
        end_from = "duration"
    elif start.how is Resolution.DATE:
        end = shift(start, timedelta(days=1))  # RFC 5545: an all-day event lasts the day
        end_from = "dtend"
    for moment in (start, end, conflicting):
        # Every rule shows times in several zones: an instant within a day of year 1 or 9999
        # cannot be shown in all of them (an OverflowError deep in a rule).
        if moment is not None and not _FIRST_SHOWN <= moment.instant <= _LAST_SHOWN:
            raise InviteError(f"event {uid[:80]!r} is dated outside the years 2 to 9998", line)
    recurrence = _dt(component, "RECURRENCE-ID", line)
    status = _text(component, "STATUS").strip().upper() or None
    return Invite(
        source=source,
        uid=uid,
        summary=_one_line(_text(component, "SUMMARY")),
        start=start,
        end=end,
        organizer=_party(component.get("ORGANIZER")),
        attendees=_attendees(component),
        sequence=_int(component, "SEQUENCE"),
        dtstamp=_stamp(component),
        method=doc.method,
        status=status,
        description=_text(component, "DESCRIPTION"),
        location=_text(component, "LOCATION"),
        texts=texts,
        end_from=end_from,
        conflicting_end=conflicting,
        recurring="RRULE" in component or "RDATE" in component,
        recurrence_id=recurrence if isinstance(recurrence, datetime) else None,
        all_day=start.how is Resolution.DATE,
        alarm_count=sum(1 for sub in component.subcomponents if sub.name == "VALARM"),
        line=line,
        text_zone=text_zone,
        x_wr_timezone=doc.x_wr_timezone,
    )
