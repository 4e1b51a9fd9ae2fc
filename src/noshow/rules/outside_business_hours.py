"""NS202 outside-business-hours: the time is odd for the organizer, a hint of a zone error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import in_zone, when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    organizer = invite.organizer_zone
    if organizer is None or invite.all_day:
        return
    settings = ctx.settings
    start = in_zone(invite.start.instant, organizer)
    end = in_zone(invite.end.instant, organizer) if invite.end else start
    weekend = start.weekday() >= 5
    early = start.time() < settings.business_start
    late = end.time() > settings.business_end or end.date() > start.date()
    if not (weekend or early or late):
        return
    deep_night = start.time() < time(6, 0) or start.time() >= time(21, 0)
    reasons = []
    if weekend:
        reasons.append(f"on a {start:%A}")
    if early or late:
        reasons.append(
            f"outside business hours ({settings.business_start:%H:%M}-{settings.business_end:%H:%M})"
        )
    yield RULE.finding(
        f"For the organizer ({organizer}) it starts {when(start)}, {' and '.join(reasons)}."
        + (" That is the middle of their night: the zone is probably wrong." if deep_night else ""),
        severity=Severity.WARNING if deep_night else Severity.INFO,
    )


RULE = Rule(
    slug="outside-business-hours",
    code="NS202",
    severity=Severity.INFO,
    summary="The interview falls outside business hours in the organizer's zone.",
    why=(
        "Interviewers rarely schedule at 06:00 or on a Sunday. When they seem to, the invite's "
        "zone is often wrong (a recruiter in one zone booking for an interviewer in another)."
    ),
    fix="Check with the organizer that the time and zone are what they meant.",
    example="An invite at 05:00 in America/Los_Angeles",
    check=check,
)
