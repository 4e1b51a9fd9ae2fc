"""NS108 offset-change: the hour difference on the interview day is not today's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import day, in_zone
from noshow.zones import zone


def _difference(organizer: str, you: str, instant: datetime) -> timedelta:
    theirs = instant.astimezone(zone(organizer)).utcoffset() or timedelta(0)
    yours = instant.astimezone(zone(you)).utcoffset() or timedelta(0)
    return theirs - yours


def describe(difference: timedelta, organizer: str, you: str) -> str:
    """``America/New_York is 6 hours behind Europe/Berlin``."""
    minutes = int(difference.total_seconds() // 60)
    if minutes == 0:
        return f"{organizer} is on the same time as {you}"
    hours, rest = divmod(abs(minutes), 60)
    amount = f"{hours} hour{'s' if hours != 1 else ''}" + (f" {rest} minutes" if rest else "")
    direction = "ahead of" if minutes > 0 else "behind"
    return f"{organizer} is {amount} {direction} {you}"


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    organizer = invite.organizer_zone
    you = ctx.you_zone
    if organizer is None or invite.start.instant <= ctx.now:
        return
    today = _difference(organizer, you, ctx.now)
    then = _difference(organizer, you, invite.start.instant)
    if today == then:
        return
    local = in_zone(invite.start.instant, you)
    yield RULE.finding(
        f"Today {describe(today, organizer, you)}, but on {day(local)} "
        f"{describe(then, organizer, you)}: daylight saving time changes on different dates "
        f"in the two places, so converting by today's difference gives the wrong hour."
    )


RULE = Rule(
    slug="offset-change",
    code="NS108",
    severity=Severity.WARNING,
    summary="The time difference to the organizer on the interview day differs from today's.",
    why=(
        "Countries switch daylight saving time on different dates (the US three weeks before "
        "Europe in spring). 'They are 6 hours behind' is then wrong for the interview."
    ),
    fix="Use the converted time noshow shows, not a mental conversion from today's difference.",
    example="Today New York is 6 hours behind Berlin; on 20 March 2026 it is 5 hours behind.",
    check=check,
)
