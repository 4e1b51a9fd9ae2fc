"""Compare the times people wrote in an invite's text with its calendar data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from noshow.model import Invite, TextField
from noshow.textscan import (
    DATE_WORDS,
    DateMention,
    TimeMention,
    ZoneMeaning,
    find_dates,
    find_time_mentions,
)
from noshow.zones import canonical_iana, zone

#: What a time is, from the words right before it: the interview's start (compared with the
#: data), its end (compared with the end only), or something else (a deadline, a duration,
#: another event), which is never compared. Dates and "on"/"at" may stand between the word and
#: the time ("confirm by Monday, Dec 14 at 5pm ET").
_BETWEEN = (
    r"(?:[ ,]+(?:on|at|the|of|um|à|a|le|am|den|tomorrow|today|tonight|morgen|heute|demain|"
    r"eod|end of day|[0-9]{1,4}(?:st|nd|rd|th|\.)?|(?:"
    + "|".join(sorted((re.escape(w) for w in DATE_WORDS), key=len, reverse=True))
    + r")\.?)(?!\w))"
)
_ROLE_END = re.compile(
    r"\b(?:ends?|ending|finish(?:es)?|wraps? up|over|until|till|bis|jusqu'à|jusqu’à|fin)"
    r"(?:[ ]+(?:at|by|around|um|à))?[ ]*:?" + _BETWEEN + r"{0,1}[ ,:]*\Z",
    re.IGNORECASE,
)
_ROLE_DEADLINE = re.compile(
    r"\b(?:by|before|no later than|prior to|deadline(?: is)?|spätestens|avant|vor)[ ]*:?"
    + _BETWEEN
    + r"{0,5}[ ,:]*\Z",
    re.IGNORECASE,
)
_ROLE_DURATION = re.compile(r"\b(?:lasts?|duration|takes)\b[^.\n]{0,20}\Z", re.IGNORECASE)
#: Another event named in the same sentence, with no word for an interview there.
_OTHER_EVENT = re.compile(
    r"\b(?:lunch|dinner|breakfast|coffee break|break|office hours|office (?:opens|closes)|"
    r"info(?:rmation)? session|webinar|open house|tour|debrief|previous|earlier slot|"
    r"reception|check-?in desk)\b",
    re.IGNORECASE,
)
_INTERVIEW_WORD = re.compile(
    r"\b(?:interview|screen|screening|call|meeting|chat|conversation|session with|"
    r"gespräch|entretien|entrevista)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;](?:[ ]|\Z)|\n")
_LOOK_BACK = 80


def _sentence_before(text: str, position: int) -> str:
    """The text of the sentence before ``position`` (at most :data:`_LOOK_BACK` characters)."""
    window = text[max(0, position - _LOOK_BACK) : position]
    cut = 0
    for boundary in _SENTENCE_END.finditer(window):
        cut = boundary.end()
    return window[cut:]


def mention_role(text: str, mention: TimeMention) -> str:
    """``"start"``, ``"end"`` or ``"other"`` for a time mention, from the words before it."""
    before = _sentence_before(text, mention.position)
    if mention.end is None and _ROLE_END.search(before):
        return "end"
    if _ROLE_DEADLINE.search(before) or _ROLE_DURATION.search(before):
        return "other"
    if _OTHER_EVENT.search(before) and not _INTERVIEW_WORD.search(before):
        return "other"
    return "start"


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
    role: str = "start"  # "start", "end" (compared with the end) or "other" (never compared)


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


def _matches_end(reading: Reading, invite: Invite) -> bool:
    return invite.end is not None and reading.end is None and reading.start == invite.end.instant


def check_mention(
    field: TextField, mention: TimeMention, invite: Invite, end_ok: bool = False, role: str = ""
) -> MentionCheck:
    """Read a mention every way its zone allows and compare each reading with the invite.

    A single time may name the end ("ends 11:00 ET") only when its words say so (``role`` "end",
    or ``end_ok``); otherwise it must give the start, or "12:00 EST" for an 11:00-12:00 EST
    interview, or "6:00 PM CET" beside "11:00 AM ET", would pass as agreeing. A range that ends
    when the interview starts is another event before it ("prep 9:00-10:00 ET").
    """
    role = role or mention_role(field.text, mention)
    target = invite.start.instant
    readings = [r for m in mention.meanings if (r := _reading(mention, m, target, False))]
    loose: list[Reading] = []
    if mention.family_zone and mention.kind in ("standard", "daylight"):
        family = ZoneMeaning(label=mention.family_zone, offset=None, zone=mention.family_zone)
        extra = _reading(mention, family, target, True)
        if extra is not None:
            loose.append(extra)
    if role == "end":
        agrees = any(_matches_end(r, invite) for r in readings)
        agrees_loosely = not agrees and any(_matches_end(r, invite) for r in loose)
    else:
        agrees = any(_matches(r, invite, end_ok) for r in readings)
        agrees_loosely = not agrees and any(_matches(r, invite, end_ok) for r in loose)
    if role == "start" and any(
        r.end is not None and r.end == invite.start.instant for r in readings + loose
    ):
        role = "other"
    return MentionCheck(field.name, mention, tuple(readings + loose), agrees, agrees_loosely, role)


def checked_mentions(invite: Invite) -> Iterator[MentionCheck]:
    """Every zoned time written in the invite's texts, compared with its calendar data.

    The same words in several fields (the summary and the description both say "9:00 AM IST")
    are one fact: checked once, with the fields named together ("summary and description").
    """
    if invite.all_day:
        return
    found: dict[str, list[tuple[TextField, TimeMention, str]]] = {}
    for field in invite.texts:
        for mention in find_time_mentions(field.text):
            role = mention_role(field.text, mention)
            found.setdefault(" ".join(mention.text.split()), []).append((field, mention, role))
    for places in found.values():
        # Where the words name the start, that reading decides.
        field, mention, role = min(places, key=lambda p: ("start", "end", "other").index(p[2]))
        names = " and ".join(dict.fromkeys(f.name for f, _, _ in places))
        yield check_mention(TextField(names, field.text), mention, invite, role=role)


@dataclass(frozen=True)
class DateCheck:
    """A date written next to a time of the interview, and the date the data gives there."""

    field: str
    said: DateMention
    time: TimeMention
    zone_label: str
    expected: date  # the interview's date in the zone the text's time is written in
    agrees: bool


def _expected_day(invite: Invite, result: MentionCheck) -> tuple[date, str] | None:
    """The interview's date in the zone of the text's time (the organizer's when the text's
    zone is a region clock or unusable)."""
    literal = [r for r in result.readings if not r.loose]
    if literal:
        tz = literal[0].start.tzinfo
        assert tz is not None
        return invite.start.instant.astimezone(tz).date(), literal[0].meaning.label
    organizer = invite.organizer_zone
    if organizer:
        return invite.start.instant.astimezone(zone(organizer)).date(), organizer
    return None


def _date_agrees(said: DateMention, day: date) -> bool:
    if said.weekday is not None and said.weekday != day.weekday():
        return False
    if said.month is not None and said.day is not None:
        if (said.month, said.day) != (day.month, day.day):
            return False
        if said.year is not None and said.year != day.year:
            return False
    return True


_DATE_GAP_BEFORE = 40  # characters between a date and the time after it ("Thursday, Dec 17 at ")
_DATE_GAP_AFTER = 12  # and between a time and a date after it (" on ")


def _attached_date(text: str, mention: TimeMention, dates: list[DateMention]) -> DateMention | None:
    start = mention.position
    stop = start + len(mention.text)
    best: DateMention | None = None
    for candidate in dates:
        if candidate.end <= start:
            gap = text[candidate.end : start]
            if len(gap) <= _DATE_GAP_BEFORE and not _SENTENCE_END.search(gap):
                best = candidate  # the nearest one before wins
        elif candidate.position >= stop and best is None:
            gap = text[stop : candidate.position]
            if len(gap) <= _DATE_GAP_AFTER and not _SENTENCE_END.search(gap):
                return candidate
    return best


def checked_dates(invite: Invite) -> Iterator[DateCheck]:
    """Dates written next to the interview's start time in the text ("on Thursday, December 17
    at 10:00 AM ET"), compared with the day the data gives in that zone. Dates next to
    deadlines, ends and other events are not compared; a date with a year right by the time is
    already part of the time check."""
    if invite.all_day:
        return
    seen: set[tuple[str, str]] = set()
    for field in invite.texts:
        mentions = find_time_mentions(field.text)
        if not mentions:
            continue
        dates = find_dates(field.text)
        for mention in mentions:
            said = _attached_date(field.text, mention, dates)
            if said is None or mention.on is not None:
                continue
            result = check_mention(field, mention, invite)
            if result.role != "start" or (said.text, mention.text) in seen:
                continue
            expected = _expected_day(invite, result)
            if expected is None:
                continue
            seen.add((said.text, mention.text))
            day, label = expected
            yield DateCheck(field.name, said, mention, label, day, _date_agrees(said, day))
