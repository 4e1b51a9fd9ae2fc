"""Error-level findings about an invite's time, turned into questions for the organizer.

`noshow check` reports "the summary says 10:00 AM EST but the calendar data says 11:00 EST";
the confirmation should not confirm either, but ask: "The title says "10:00 AM EST", but the
calendar invitation is for Tuesday 15 December 2026, 11:00-12:00 EST (UTC-05:00),
America/New_York: which is right?". Only findings the organizer can answer become questions
(a clash with your own calendar is yours to solve). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from noshow.drafts import Moment, one_line
from noshow.model import Finding, Invite, Severity
from noshow.textcheck import checked_mentions

#: How each text field is named to the organizer.
_FIELD_NAMES = {
    "summary": "title",
    "description": "description",
    "location": "location",
    "email subject": "email's subject",
    "email body": "email",
}


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _text_questions(invite: Invite, theirs: Moment) -> list[str]:
    fields: dict[str, list[str]] = {}
    for result in checked_mentions(invite):
        if result.agrees or result.agrees_loosely or not result.readings:
            continue
        names = fields.setdefault(one_line(result.mention.text), [])
        # One fact may be written in several fields ("summary and description").
        for field in result.field.split(" and "):
            name = _FIELD_NAMES.get(field, field)
            if name not in names:
                names.append(name)
    return [
        f"The invitation's {_join(names)} {'says' if len(names) == 1 else 'say'} "
        f'"{mention}", but its calendar time is {theirs.line}: which is right?'
        for mention, names in fields.items()
    ]


def questions(invite: Invite, findings: Sequence[Finding], theirs: Moment) -> list[str]:
    """One polite question per error-level finding the organizer can answer."""
    rules = {f.rule for f in findings if f.severity is Severity.ERROR}
    asked: list[str] = []
    if "text-time-mismatch" in rules:
        asked += _text_questions(invite, theirs)
    if "floating-time" in rules:
        asked.append(
            f"The invitation gives {invite.start.wall:%H:%M} without a time zone, so calendars "
            "show it at that hour wherever they are: which time zone (or city) is it in?"
        )
    if "unknown-timezone" in rules:
        written = one_line(invite.start.tzid or "")
        asked.append(
            f'The invitation\'s time zone ("{written}") is not one calendars know: could you '
            "confirm the time together with the city or time zone?"
        )
    if "timezone-definition-mismatch" in rules:
        asked.append(
            "The invitation carries out-of-date time zone rules, so some calendars may show it "
            f"an hour off: could you confirm that it is {theirs.line}?"
        )
    if "dst-gap" in rules:
        asked.append(
            f"The invitation's time ({invite.start.wall:%H:%M} on {invite.start.wall:%A} "
            f"{invite.start.wall.day} {invite.start.wall:%B}) falls in the hour the clocks skip "
            f"for daylight saving time; calendars will show {theirs.line}: is that right?"
        )
    return asked
