"""NS211 outdated-entry: your calendar holds an older version of this invite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext, StoredCopy
from noshow.timefmt import in_zone, when

_EPOCH = datetime.min.replace(tzinfo=UTC)


def _older(copy: StoredCopy, sequence: int, dtstamp: datetime | None, start: datetime) -> bool:
    """Whether the stored copy is an older version (RFC 5546: SEQUENCE, then DTSTAMP).

    Calendars rewrite DTSTAMP when they store an event, so an equal SEQUENCE with an older
    DTSTAMP only counts when the time differs too.
    """
    if copy.sequence != sequence:
        return copy.sequence < sequence
    older_stamp = (copy.dtstamp or _EPOCH) < (dtstamp or _EPOCH)
    return older_stamp and copy.start is not None and copy.start != start


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if ctx.calendar is None or invite.cancelled:
        return  # a cancellation says "remove it from your calendar" itself (NS302)
    start = invite.start.instant
    stale = [c for c in ctx.calendar.copies if _older(c, invite.sequence, invite.dtstamp, start)]
    if not stale or any(
        not _older(c, invite.sequence, invite.dtstamp, start) for c in ctx.calendar.copies
    ):
        return  # not there, or some calendar already holds the current version
    you = ctx.you_zone
    copy = max(stale, key=lambda c: (c.sequence, c.dtstamp or _EPOCH))
    now_at = when(in_zone(start, you))
    if copy.start is not None and copy.start != start:
        yield RULE.finding(
            f"Your calendar ({copy.source}) holds version {copy.sequence} of this invite, at "
            f"{when(in_zone(copy.start, you))}; the invite you gave is version {invite.sequence}, "
            f"at {now_at}. Your calendar shows the old time.",
            severity=Severity.ERROR,
        )
        return
    yield RULE.finding(
        f"Your calendar ({copy.source}) holds version {copy.sequence} of this invite; the invite "
        f"you gave is version {invite.sequence}. The time is the same ({now_at}), but the "
        f"link, place or people may have changed."
    )


RULE = Rule(
    slug="outdated-entry",
    code="NS211",
    severity=Severity.WARNING,
    summary="Your calendar holds an older version of this invite.",
    why=(
        "An update e-mail that never reached your calendar leaves the old time, link or room "
        "there, and the calendar is what reminds you."
    ),
    fix="Import the new version (`noshow import`, or open the update and accept it).",
    example="The invite has SEQUENCE:2 (moved to 15:00); your calendar still has SEQUENCE:1 at 14:00",
    check=check,
)
