"""NS303 missing-end: no DTEND and no DURATION."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.invite.end_from != "none":
        return
    yield RULE.finding(
        "The invite has no end (no DTEND or DURATION): calendars show it as lasting no time at "
        "all, and you cannot see what it runs into."
    )


RULE = Rule(
    slug="missing-end",
    code="NS303",
    severity=Severity.WARNING,
    summary="The interview has no end time.",
    why="A zero-length event blocks no time, so meetings get booked over the interview.",
    fix="Ask how long the interview lasts and block that time (plus a buffer) in your calendar.",
    example="A VEVENT with DTSTART but neither DTEND nor DURATION",
    check=check,
)
