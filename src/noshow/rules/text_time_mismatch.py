"""NS104 text-time-mismatch: a time written in the invite's text disagrees with its data."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.textcheck import checked_mentions
from noshow.timefmt import clock, in_zone, utc_text, when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    you = ctx.you_zone
    for result in checked_mentions(invite):
        if result.agrees or result.agrees_loosely or not result.readings:
            continue
        reading = result.readings[0]
        data = invite.start.local
        said = f"{reading.start:%H:%M}" + (f"-{reading.end:%H:%M}" if reading.end else "")
        yield RULE.finding(
            f'The {result.field} says "{result.mention.text}" ({said} {reading.meaning.label} '
            f"= {utc_text(reading.start)}), but the calendar data puts the interview at "
            f"{when(data)} = {utc_text(invite.start.instant)}, which is "
            f"{when(in_zone(invite.start.instant, you))} for you.",
            fix=(
                f"Ask the organizer which time is right before the day. Until they answer, be ready "
                f"for the earlier one: {clock(in_zone(min(reading.start, invite.start.instant), you))} "
                f"your time."
            ),
        )


RULE = Rule(
    slug="text-time-mismatch",
    code="NS104",
    severity=Severity.ERROR,
    summary="A time written in the summary, description, location or email disagrees with the calendar data.",
    why=(
        "People read the text; calendars read the data. When they disagree one of them is wrong, "
        "usually because someone converted a time zone by hand."
    ),
    fix="Ask the organizer which time is right before the day.",
    example="DESCRIPTION says '10:00 AM EST' while DTSTART;TZID=America/New_York is 11:00",
    check=check,
)
