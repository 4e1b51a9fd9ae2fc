"""NS110 date-differs: the interview is on another calendar date for you than for the organizer."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import day, in_zone


def check(ctx: RuleContext) -> Iterator[Finding]:
    organizer = ctx.invite.organizer_zone
    if organizer is None or ctx.invite.all_day:
        return
    instant = ctx.invite.start.instant
    theirs = in_zone(instant, organizer)
    yours = in_zone(instant, ctx.you_zone)
    if theirs.date() == yours.date():
        return
    yield RULE.finding(
        f"It is on {day(theirs)} for the organizer ({organizer}) but {day(yours)} for you "
        f"({ctx.you_zone}).",
        fix=f"When you confirm, name the date in both zones: {day(theirs)} / {day(yours)}.",
    )


RULE = Rule(
    slug="date-differs",
    code="NS110",
    severity=Severity.INFO,
    summary="The calendar date differs between your zone and the organizer's.",
    why="'See you Thursday' then means two different days, a classic way to miss by a day.",
    fix="Name the date in both zones when you confirm.",
    example="09:00 Friday in Sydney is 23:00 Thursday in Berlin.",
    check=check,
)
