"""NS301 time-changed: a newer version of the invite moved the interview."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import in_zone, when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    moved = [
        v for v in invite.previous if v.start.instant != invite.start.instant and not v.cancelled
    ]
    if not moved:
        return
    old = moved[-1]
    you = ctx.you_zone
    yield RULE.finding(
        f"Version {invite.sequence} of this invite moved it from {when(old.start.local)} "
        f"({when(in_zone(old.start.instant, you))} for you) to {when(invite.start.local)} "
        f"({when(in_zone(invite.start.instant, you))} for you).",
        fix="Delete or update the old entry in your calendar and move your alarms and prep time.",
    )


RULE = Rule(
    slug="time-changed",
    code="NS301",
    severity=Severity.WARNING,
    summary="A newer version of the invite moved the interview.",
    why="The old entry often stays in a calendar, with its alarms, at the old time.",
    fix="Update your calendar entry and alarms to the new time.",
    example="SEQUENCE:1 moves the interview from 10:00 to 13:00",
    check=check,
)
