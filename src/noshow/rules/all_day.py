"""NS306 all-day: an interview invite with a date but no time of day."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if not invite.all_day or not invite.is_invitation:
        return
    yield RULE.finding(
        f"The invite is an all-day event on {invite.start.wall:%a %d %b %Y}: it says when, but "
        f"not at what time."
    )


RULE = Rule(
    slug="all-day",
    code="NS306",
    severity=Severity.WARNING,
    summary="An invite with other people is an all-day event, with no time of day.",
    why="Without a time there is nothing to set an alarm for; the time is often only in an email.",
    fix="Ask the organizer for the start time with its time zone, and add it to your calendar.",
    example="DTSTART;VALUE=DATE:20261203 with an ORGANIZER",
    check=check,
)
