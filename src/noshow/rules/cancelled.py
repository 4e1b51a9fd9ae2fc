"""NS302 cancelled: the invite cancels the interview."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if not invite.cancelled:
        return
    how = "METHOD:CANCEL" if invite.method == "CANCEL" else "STATUS:CANCELLED"
    yield RULE.finding(
        f"The interview at {when(invite.start.local)} is cancelled ({how}, sequence {invite.sequence})."
    )


RULE = Rule(
    slug="cancelled",
    code="NS302",
    severity=Severity.WARNING,
    summary="The invite cancels the interview.",
    why="A cancellation is easy to miss in an inbox; showing up to a cancelled slot wastes the day.",
    fix="Remove it from your calendar, and reply to ask whether a new time is planned.",
    example="METHOD:CANCEL",
    check=check,
)
