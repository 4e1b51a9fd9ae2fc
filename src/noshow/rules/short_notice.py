"""NS209 short-notice: the interview starts sooner than you need to prepare."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import in_zone, when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    left = invite.start.instant - ctx.now
    if invite.cancelled or left <= timedelta(0) or left >= ctx.settings.short_notice:
        return
    hours, minutes = divmod(int(left.total_seconds() // 60), 60)
    yield RULE.finding(
        f"The interview starts in {hours} h {minutes:02d} min "
        f"({when(in_zone(invite.start.instant, ctx.you_zone))}); you wanted "
        f"{int(ctx.settings.short_notice.total_seconds() // 3600)} h to prepare."
    )


RULE = Rule(
    slug="short-notice",
    code="NS209",
    severity=Severity.INFO,
    summary="The interview starts sooner than the time you need to prepare.",
    why="A short-notice interview needs a plan now: research, route or link, and alarms.",
    fix="Block preparation time now and confirm with the organizer that you will be there.",
    example="An invite received at 18:00 for 09:00 the next morning",
    check=check,
)
