"""NS104 text-time-mismatch: a time written in the invite's text disagrees with its data."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.textcheck import checked_dates, checked_mentions
from noshow.timefmt import clock, day, in_zone, utc_text, when


def _says(fields: str) -> str:
    return "say" if " and " in fields else "says"


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    you = ctx.you_zone
    for result in checked_mentions(invite):
        if result.role != "start":
            continue  # a deadline, an end, a duration or another event is not the start
        if result.agrees or result.agrees_loosely or not result.readings:
            continue
        reading = result.readings[0]
        data = invite.start.local
        said = f"{reading.start:%H:%M}" + (f"-{reading.end:%H:%M}" if reading.end else "")
        yield RULE.finding(
            f'The {result.field} {_says(result.field)} "{result.mention.text}" ({said} {reading.meaning.label} '
            f"= {utc_text(reading.start)}), but the calendar data puts the interview at "
            f"{when(data)} = {utc_text(invite.start.instant)}, which is "
            f"{when(in_zone(invite.start.instant, you))} for you.",
            fix=(
                f"Ask the organizer which time is right before the day. Until they answer, be ready "
                f"for the earlier one: {clock(in_zone(min(reading.start, invite.start.instant), you))} "
                f"your time."
            ),
        )

    for dated in checked_dates(invite):
        if dated.agrees:
            continue
        data_day = f"{dated.expected:%A} {dated.expected.day} {dated.expected:%B %Y}"
        yield RULE.finding(
            f'The {dated.field} {_says(dated.field)} "{dated.said.text}" for "{dated.time.text}", but the '
            f"calendar data puts the interview on {data_day} in {dated.zone_label}: "
            f"{when(invite.start.local)}, which is {when(in_zone(invite.start.instant, you))} "
            f"for you.",
            fix=(
                f"Ask the organizer which day is right. Until they answer, keep both free: "
                f"{day(in_zone(invite.start.instant, you))} (the calendar data) and the day the "
                f"text names."
            ),
        )


RULE = Rule(
    slug="text-time-mismatch",
    code="NS104",
    severity=Severity.ERROR,
    summary="A time or date written in the summary, description, location or email disagrees with the calendar data.",
    why=(
        "People read the text; calendars read the data. When they disagree one of them is wrong, "
        "usually because someone converted a time zone by hand."
    ),
    fix="Ask the organizer which time is right before the day.",
    example="DESCRIPTION says '10:00 AM EST' while DTSTART;TZID=America/New_York is 11:00",
    check=check,
)
