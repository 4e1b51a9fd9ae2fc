"""NS203 conflict: another busy event in your calendar overlaps the interview."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import clock, in_zone, when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if ctx.calendar is None or invite.cancelled or invite.all_day:
        return
    start = invite.start.instant
    # A zero-length interview (no end) still occupies its start minute.
    end = max(invite.end.instant if invite.end else start, start + timedelta(minutes=1))
    you = ctx.you_zone
    for busy in ctx.calendar.busy:
        if busy.start < end and max(busy.end, busy.start + timedelta(minutes=1)) > start:
            yield RULE.finding(
                f'"{busy.summary or "(no title)"}" in your calendar ({busy.source}) runs '
                f"{when(in_zone(busy.start, you))} to {clock(in_zone(busy.end, you))}, overlapping "
                f"the interview at {when(in_zone(start, you))}.",
                fix=f'Move or decline "{busy.summary or "(no title)"}", or ask to move the interview.',
            )


RULE = Rule(
    slug="conflict",
    code="NS203",
    severity=Severity.ERROR,
    summary="Another busy event in your calendar overlaps the interview.",
    why="A meeting that runs into the interview is the most common way to be late for one.",
    fix="Move or decline the other event, or ask to move the interview.",
    example="A team meeting 14:30-15:30 and the interview at 15:00",
    check=check,
)
