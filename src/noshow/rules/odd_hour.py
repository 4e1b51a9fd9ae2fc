"""NS201 odd-hour: the interview falls at night where you are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import clock, in_zone, when


def at_night(clock_time: time, start: time, end: time) -> bool:
    """Whether a time of day lies in the night window [start, end) that may wrap midnight."""
    if start <= end:
        return start <= clock_time < end
    return clock_time >= start or clock_time < end


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if invite.all_day:
        return
    settings = ctx.settings
    you = ctx.you_zone
    local = in_zone(invite.start.instant, you)
    times = [local]
    if invite.end is not None:
        times.append(
            in_zone(invite.end.instant - (invite.end.instant - invite.start.instant) / 2, you)
        )
    if not any(at_night(t.time(), settings.night_start, settings.night_end) for t in times):
        return
    yield RULE.finding(
        f"The interview is at {when(local)} for you ({you}), inside your night hours "
        f"({settings.night_start:%H:%M}-{settings.night_end:%H:%M}).",
        fix=(
            f"If that is right, set two alarms before {clock(local)}; if it looks wrong, check the "
            f"time zone with the organizer now."
        ),
    )


RULE = Rule(
    slug="odd-hour",
    code="NS201",
    severity=Severity.WARNING,
    summary="The interview falls at night in your zone.",
    why=(
        "A night-time interview is either a time zone mistake or one you are likely to sleep "
        "through."
    ),
    fix="Check the zone with the organizer, or set two alarms.",
    example="09:00 in Sydney is 23:00 the day before in Berlin",
    check=check,
)
