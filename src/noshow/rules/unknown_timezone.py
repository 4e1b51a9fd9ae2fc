"""NS102 unknown-timezone: a TZID noshow cannot resolve to a real time zone."""

from __future__ import annotations

from collections.abc import Iterator

from noshow.model import Finding, Invite, Resolution, Severity
from noshow.rules.base import Rule, RuleContext
from noshow.timefmt import when
from noshow.zones import canonical_iana, suggested_zones


def _bad_x_wr_timezone(invite: Invite) -> Finding | None:
    """X-WR-TIMEZONE names the zone of a Google calendar's UTC and floating times; when it is
    not a zone ("Eastern"), noshow does not guess one: the times stay UTC or floating."""
    name = (invite.x_wr_timezone or "").strip()
    if (
        not name
        or canonical_iana(name)
        or invite.start.how
        not in (
            Resolution.UTC,
            Resolution.FLOATING,
        )
    ):
        return None
    hints = suggested_zones(name)
    maybe = f" (it may mean {hints[0]}, but noshow does not guess)" if hints else ""
    if invite.start.how is Resolution.UTC:
        return RULE.finding(
            f"The calendar's X-WR-TIMEZONE {name!r} is not a time zone name{maybe}. The start is "
            f"written in UTC, so the instant is exact, but the organizer's zone is unknown.",
            severity=Severity.WARNING,
        )
    return RULE.finding(
        f"The calendar's X-WR-TIMEZONE {name!r} is not a time zone name{maybe}, so the start "
        f"has no usable zone; read in your zone it would be {when(invite.start.local)}."
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    invite = ctx.invite
    bad = _bad_x_wr_timezone(invite)
    if bad is not None:
        yield bad
    for label, value in (("start", invite.start), ("end", invite.end)):
        if value is None:
            continue
        if value.how is Resolution.UNKNOWN:
            yield RULE.finding(
                f"The {label} uses time zone {value.tzid!r}, which is neither an IANA nor a "
                f"Windows zone name, and the invite does not define it. Calendars will guess; "
                f"read in your zone it would be {when(value.local)}."
            )
            return
        if value.how is Resolution.DEFINITION:
            yield RULE.finding(
                f"The {label} uses time zone {value.tzid!r}; only the invite's own definition "
                f"explains it (no real zone follows those rules), which gives "
                f"{when(value.local)}. Calendars that ignore the definition will guess.",
                severity=Severity.WARNING,
            )
            return


RULE = Rule(
    slug="unknown-timezone",
    code="NS102",
    severity=Severity.ERROR,
    summary="A TZID cannot be resolved to a real (IANA) time zone.",
    why=(
        "When a calendar does not know a zone it silently falls back to UTC or your own zone, "
        "and the interview shows at the wrong hour."
    ),
    fix="Confirm the time with the organizer, stating both the time and the city or zone.",
    example="DTSTART;TZID=My Zone:20261203T140000 with no VTIMEZONE for 'My Zone'",
    check=check,
)
