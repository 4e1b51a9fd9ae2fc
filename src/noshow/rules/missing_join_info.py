"""NS206 missing-join-info: no link, phone number or address to join."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.joininfo import join_info
from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if invite.cancelled or not join_info(invite).empty:
        return
    yield RULE.finding(
        "The invite has no meeting link, phone number or address: on the day you will not know "
        "how to join."
    )


RULE = Rule(
    slug="missing-join-info",
    code="NS206",
    severity=Severity.WARNING,
    summary="No link, phone number or address to join the interview.",
    why="Hunting for the link at the last minute, or calling the wrong number, makes you late.",
    fix="Ask the organizer now how you will join (link, number to call or be called on, address).",
    example="An invite with only a title and a time",
    check=check,
)
