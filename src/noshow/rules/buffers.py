"""NS204 no-buffer-before / NS205 no-buffer-after: too little time around the interview.

Both rules share one module: they are the same measurement on the two sides of the interview.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from noshow.joininfo import Kind, join_info
from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import clock, in_zone

_NEED = {
    Kind.VIDEO: "to test the link, camera and microphone",
    Kind.PHONE: "to be somewhere quiet with the phone ready",
    Kind.IN_PERSON: "to travel there",
    Kind.UNKNOWN: "to get ready",
}


def _minutes(delta: timedelta) -> str:
    return f"{int(delta.total_seconds() // 60)} min"


def check_before(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if ctx.calendar is None or invite.cancelled or invite.all_day:
        return
    kind = join_info(invite).kind
    need = ctx.settings.buffer(kind)
    start = invite.start.instant
    before = [b for b in ctx.calendar.busy if b.end <= start and b.start < start]
    if not before:
        return
    previous = max(before, key=lambda b: b.end)
    gap = start - previous.end
    if gap >= need:
        return
    you = ctx.you_zone
    yield BEFORE.finding(
        f'"{previous.summary or "(no title)"}" ends at {clock(in_zone(previous.end, you))}, '
        f"{_minutes(gap)} before the {kind.value} interview at {clock(in_zone(start, you))}; you "
        f"need {_minutes(need)} {_NEED[kind]}.",
        fix=(
            f'End "{previous.summary or "(no title)"}" by {clock(in_zone(start - need, you))}, '
            f"or block {_minutes(need)} before the interview (`noshow remind` can add it)."
        ),
    )


def check_after(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    if ctx.calendar is None or invite.cancelled or invite.all_day or invite.end is None:
        return
    kind = join_info(invite).kind
    need = ctx.settings.buffer(kind)
    end = invite.end.instant
    after = [b for b in ctx.calendar.busy if b.start >= end]
    if not after:
        return
    following = min(after, key=lambda b: b.start)
    gap = following.start - end
    if gap >= need:
        return
    you = ctx.you_zone
    yield AFTER.finding(
        f'"{following.summary or "(no title)"}" starts at {clock(in_zone(following.start, you))}, '
        f"{_minutes(gap)} after the interview ends at {clock(in_zone(end, you))}; interviews "
        f"overrun, and you need {_minutes(need)} after {'an' if kind.value[0] in 'aeiou' else 'a'} "
        f"{kind.value} interview.",
        fix=f'Start "{following.summary or "(no title)"}" at {clock(in_zone(end + need, you))} or later.',
    )


BEFORE = Rule(
    slug="no-buffer-before",
    code="NS204",
    severity=Severity.WARNING,
    summary="Too little time between your previous event and the interview.",
    why=(
        "Back-to-back leaves no time to travel, or to test the video link, and one overrun "
        "makes you late."
    ),
    fix="Free the buffer before the interview: video 15 min, phone 10 min, in person 45 min.",
    example="A meeting until 14:55 and a video interview at 15:00",
    check=check_before,
)
AFTER = Rule(
    slug="no-buffer-after",
    code="NS205",
    severity=Severity.WARNING,
    summary="Too little time between the interview and your next event.",
    why="Interviews overrun; cutting one short for the next meeting leaves a bad last impression.",
    fix="Keep a buffer after the interview.",
    example="The interview ends 16:00 and the next meeting starts 16:00",
    check=check_after,
)
