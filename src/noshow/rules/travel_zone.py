"""NS109 travel-zone: you will be away from home, in another zone, at the interview."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import in_zone, when


def check(ctx: RuleContext) -> Iterator[Finding]:
    away = ctx.you_zone
    home = ctx.you.zone
    if away == home:
        return
    instant = ctx.invite.start.instant
    yield RULE.finding(
        f"You will be in {away} then: the interview is at {when(in_zone(instant, away))} where you "
        f"will be, not {when(in_zone(instant, home))} as at home ({home})."
    )


RULE = Rule(
    slug="travel-zone",
    code="NS109",
    severity=Severity.WARNING,
    summary="You will be in another time zone than your home zone at the interview.",
    why="Phones and laptops switch zones when you land; alarms and mental maths often do not.",
    fix="Set an alarm for the local time where you will be, and check your devices' zone on arrival.",
    example="[[travel]] zone = 'America/New_York', from = 2026-12-01, to = 2026-12-05",
    check=check,
)
