"""NS304 past: the interview already happened."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    finished = invite.end.instant if invite.end else invite.start.instant
    if finished > ctx.now:
        return
    yield RULE.finding(f"The interview was at {when(invite.start.local)}: it is in the past.")


RULE = Rule(
    slug="past",
    code="NS304",
    severity=Severity.INFO,
    summary="The interview already happened.",
    why="An old invite is not a problem, but it is not one to prepare for either.",
    fix="If you missed it, `noshow slots` finds new times to propose.",
    example="An invite for last week",
    check=check,
)
