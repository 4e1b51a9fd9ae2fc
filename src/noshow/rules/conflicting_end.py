"""NS305 conflicting-end: DTEND and DURATION disagree."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if invite.conflicting_end is None or invite.end is None:
        return
    yield RULE.finding(
        f"DTEND says it ends {when(invite.conflicting_end.local)} but DURATION says "
        f"{when(invite.end.local)}; RFC 5545 allows only one, and calendars disagree on which wins."
    )


RULE = Rule(
    slug="conflicting-end",
    code="NS305",
    severity=Severity.WARNING,
    summary="The invite gives both DTEND and DURATION, and they disagree.",
    why="Different calendars keep different ends, so the two sides block different time.",
    fix="Ask how long the interview lasts and keep the longer end free.",
    example="DTEND 11:30 with DURATION:PT1H from 11:00",
    check=check,
)
