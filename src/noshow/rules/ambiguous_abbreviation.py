"""NS105 ambiguous-abbreviation: a zone abbreviation with several meanings, or the wrong season."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from noshow.model import Finding, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.textcheck import MentionCheck, checked_mentions
from noshow.timefmt import clock, in_zone
from noshow.zones import offset_text


def _season_problem(result: MentionCheck) -> str | None:
    mention = result.mention
    if mention.kind not in ("standard", "daylight") or not mention.family_zone:
        return None
    literal = [m.offset for m in mention.meanings if m.offset is not None]
    loose = [r for r in result.readings if r.loose]
    if not literal or not loose:
        return None
    actual = loose[0].start.utcoffset() or timedelta(0)
    if actual in literal:
        return None
    season = "daylight saving time" if mention.kind == "standard" else "standard time"
    return (
        f'"{mention.text}" uses {mention.zone_token}, but on that date {mention.family_zone} is '
        f"on {season} ({offset_text(actual)}), not {offset_text(literal[0])}."
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    you = ctx.you_zone
    instant = ctx.invite.start.instant
    for result in checked_mentions(ctx.invite):
        if result.role != "start":
            continue  # the meaning of a deadline's zone is not the interview's time
        mention = result.mention
        if mention.ambiguous:
            meanings = "; ".join(m.label for m in mention.meanings)
            fitting = [
                r.meaning.label
                for r in result.readings
                if not r.loose
                and r.start in (instant, ctx.invite.end.instant if ctx.invite.end else None)
            ]
            fit = (
                f" The calendar data fits {fitting[0]}."
                if fitting
                else " None of them fits the calendar data."
            )
            yield RULE.finding(
                f'"{mention.text}" in the {result.field}: {mention.zone_token} can mean {meanings}.{fit}',
                fix=(
                    f"Go by the calendar data ({clock(in_zone(instant, you))} your time) and confirm "
                    f"with the organizer using a full zone name or a UTC offset."
                ),
            )
            continue
        problem = _season_problem(result)
        if problem:
            suffix = (
                " The calendar data matches the region's clock, so the text most likely means that."
                if result.agrees_loosely
                else ""
            )
            yield RULE.finding(
                f"{problem}{suffix}",
                fix=(
                    f"Read it as {clock(in_zone(instant, you))} your time (from the calendar data) "
                    f"and confirm with the organizer using a city or a UTC offset."
                ),
            )


RULE = Rule(
    slug="ambiguous-abbreviation",
    code="NS105",
    severity=Severity.WARNING,
    summary="The text uses a zone abbreviation with several meanings, or one of the wrong season.",
    why=(
        "IST is India, Ireland or Israel; CST is Chicago, China or Cuba; 'EST' in July is "
        "literally an hour off New York's clock. People convert from the text and miss by hours."
    ),
    fix="Go by the calendar data and confirm with a full zone name or a UTC offset.",
    example="'Phone screen 9:00 AM IST', or '10 AM EST' for an interview in July",
    check=check,
)
