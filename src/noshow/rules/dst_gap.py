"""NS106 dst-gap: the local start time does not exist (clocks jump over it)."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import when


def check(ctx: RuleContext) -> Iterator[Finding]:
    start = ctx.invite.start
    if not start.gap:
        return
    yield RULE.finding(
        f"{start.wall:%H:%M} on {start.wall:%a %d %b %Y} does not exist in "
        f"{start.zone or start.tzid}: the clocks skip it for daylight saving time. Calendars "
        f"will show {when(start.local)} instead."
    )


RULE = Rule(
    slug="dst-gap",
    code="NS106",
    severity=Severity.ERROR,
    summary="The local start time does not exist: a daylight-saving jump skips it.",
    why="Each calendar moves a non-existent time its own way, so the two sides may disagree.",
    fix="Ask the organizer to move the interview off the daylight-saving change night.",
    example="02:30 on 29 March 2026 in Europe/Berlin",
    check=check,
)
