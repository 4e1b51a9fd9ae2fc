"""NS207 no-reminder / NS208 single-reminder / NS210 not-in-calendar: your calendar's alarms.

The three rules read the same thing, the interview's own entry in your calendar.
"""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext


def _applies(ctx: RuleContext) -> bool:
    return (
        ctx.calendar is not None and not ctx.invite.cancelled and ctx.invite.start.instant > ctx.now
    )


def check_none(ctx: RuleContext) -> Iterator[Finding]:
    if _applies(ctx) and ctx.calendar is not None and ctx.calendar.alarms == 0:
        yield NONE.finding("The interview in your calendar has no reminder (no VALARM).")


def check_single(ctx: RuleContext) -> Iterator[Finding]:
    if _applies(ctx) and ctx.calendar is not None and ctx.calendar.alarms == 1:
        yield SINGLE.finding(
            "The interview in your calendar has one reminder: a single point of failure (a muted "
            "phone, a dismissed pop-up)."
        )


def check_missing(ctx: RuleContext) -> Iterator[Finding]:
    if _applies(ctx) and ctx.calendar is not None and ctx.calendar.alarms is None:
        sources = ", ".join(ctx.calendar.sources)
        yield MISSING.finding(
            f"The interview (UID {ctx.invite.uid}) is not in your calendar ({sources})."
        )


NONE = Rule(
    slug="no-reminder",
    code="NS207",
    severity=Severity.WARNING,
    summary="The interview in your calendar has no reminder.",
    why="Without a reminder, the interview depends on you remembering to look.",
    fix="Add reminders a day, two hours and fifteen minutes before (`noshow remind`).",
    example="A VEVENT without VALARM",
    check=check_none,
)
SINGLE = Rule(
    slug="single-reminder",
    code="NS208",
    severity=Severity.INFO,
    summary="The interview in your calendar has only one reminder.",
    why="One reminder is one point of failure.",
    fix="Add a second reminder on another channel or time (`noshow remind`).",
    example="A VEVENT with one VALARM",
    check=check_single,
)
MISSING = Rule(
    slug="not-in-calendar",
    code="NS210",
    severity=Severity.WARNING,
    summary="The interview is not in the calendars you gave.",
    why="An invite left in the inbox blocks no time and rings no alarm.",
    fix="Accept the invite or import it (`noshow import INVITE --into CALENDAR`).",
    example="noshow check invite.ics --calendar ~/.calendars/personal",
    check=check_missing,
)
