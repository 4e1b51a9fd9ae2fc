"""NS101 floating-time: a start or end with no time zone in an invitation."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Resolution, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if not invite.is_invitation:
        return
    for label, value in (("start", invite.start), ("end", invite.end)):
        if value is None or value.how is not Resolution.FLOATING:
            continue
        yield RULE.finding(
            f"The {label} ({value.wall:%Y-%m-%d %H:%M}) has no time zone, so every calendar shows "
            f"it at {value.wall:%H:%M} in its own zone: {when(value.local)} for you, but "
            f"{value.wall:%H:%M} wherever the organizer and other attendees are."
        )
        return


RULE = Rule(
    slug="floating-time",
    code="NS101",
    severity=Severity.ERROR,
    summary="A start or end has no time zone in an invite shared with other people.",
    why=(
        "A 'floating' time means 09:00 wherever each reader is. For an interview between two "
        "places this puts the same meeting at different instants for each person."
    ),
    fix="Ask the organizer to confirm the time with its time zone, and to resend the invite with one.",
    example="DTSTART:20261211T090000 (no TZID, no trailing Z) with an ORGANIZER",
    check=check,
)
