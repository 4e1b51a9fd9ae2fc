"""NS107 dst-fold: the local start time happens twice (clocks go back)."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import clock


def check(ctx: RuleContext) -> Iterator[Finding]:
    start = ctx.invite.start
    if not start.fold:
        return
    first = start.local
    second = first.replace(fold=1)
    yield RULE.finding(
        f"{start.wall:%H:%M} on {start.wall:%a %d %b %Y} happens twice in "
        f"{start.zone or start.tzid} when the clocks go back: first at {clock(first)}, again at "
        f"{clock(second)}. noshow reads the first, as RFC 5545 says."
    )


RULE = Rule(
    slug="dst-fold",
    code="NS107",
    severity=Severity.WARNING,
    summary="The local start time happens twice: the clocks go back that night.",
    why="Some calendars pick the second occurrence, an hour later than the first.",
    fix="Confirm with the organizer which of the two they mean, or move the interview.",
    example="01:30 on 1 November 2026 in America/New_York",
    check=check,
)
