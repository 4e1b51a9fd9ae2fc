"""NS103 timezone-definition-mismatch: the invite's VTIMEZONE disagrees with current tzdata."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import in_zone, utc_text, when


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    start = invite.start
    if start.definition_instant is None or start.definition_local is None or start.zone is None:
        return
    you = ctx.you_zone
    yield RULE.finding(
        f"The invite's own definition of {start.tzid!r} puts {start.wall:%H:%M} on "
        f"{start.wall:%a %d %b %Y} at {utc_text(start.definition_instant)} "
        f"({when(in_zone(start.definition_instant, you))} for you), but current time zone rules "
        f"for {start.zone} put it at {utc_text(start.instant)} "
        f"({when(in_zone(start.instant, you))} for you). The definition's daylight-saving rules "
        f"are out of date or belong to another zone.",
        fix=(
            f"Ask the organizer which is right: {start.wall:%H:%M} local time in {start.zone} "
            f"is {when(in_zone(start.instant, you))} for you by current rules. Calendars that "
            f"trust the invite's definition will show {when(in_zone(start.definition_instant, you))}."
        ),
    )


RULE = Rule(
    slug="timezone-definition-mismatch",
    code="NS103",
    severity=Severity.ERROR,
    summary="The VTIMEZONE inside the invite disagrees with current time zone rules at the interview.",
    why=(
        "Invites carry their own copy of the zone's rules. When a country changes its daylight "
        "saving time (Brazil 2019, Mexico 2022), old copies keep the old rules and some "
        "calendars show the interview an hour off."
    ),
    fix="Confirm the local time with the organizer and correct your calendar entry.",
    example="TZID:E. South America Standard Time with a DAYLIGHT block in 2026",
    check=check,
)
