"""A checked invite as its card shows it: every time with zone name and UTC offset, the
findings with their fixes, and the day strip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from noshow.calendars.store import Calendars
from noshow.check import CheckedInvite
from noshow.cli.output import invite_json
from noshow.drafts import Moment
from noshow.joininfo import join_info
from noshow.model import Finding
from noshow.rules import CheckSettings
from noshow.web.pictures import Strip, day_strip

#: The description shown on a card is cut here (the whole text is in the invite).
DESCRIPTION_CHARS = 2000


@dataclass(frozen=True)
class TimeRow:
    """One line of the card's times: whose, and the interval in words."""

    label: str
    text: str


@dataclass(frozen=True)
class Card:
    """What one invite's card shows."""

    title: str
    source: str
    organizer: str
    times: tuple[TimeRow, ...]
    findings: tuple[Finding, ...]
    worst: str  # "error", "warning", "info" or "ok"
    strip: Strip | None
    description: str
    cancelled: bool
    versions: int
    data: dict[str, Any]  # the CLI's JSON object for this invite


def times_of(checked: CheckedInvite) -> tuple[TimeRow, ...]:
    """The organizer's time (or the time as written, when it has no zone), yours, and UTC."""
    invite = checked.invite
    start = invite.start.instant
    end = invite.end.instant if invite.end else None
    rows = []
    if invite.organizer_zone:
        rows.append(TimeRow("Organizer's time", Moment.of(start, end, invite.organizer_zone).line))
    elif invite.start.zone is None:
        wall = invite.start.wall
        rows.append(
            TimeRow(
                "As written",
                f"{wall:%A} {wall.day} {wall:%B %Y}, {wall:%H:%M}, no time zone (read in yours)",
            )
        )
    rows.append(TimeRow("Your time", Moment.of(start, end, checked.you_zone).line))
    rows.append(TimeRow("UTC", Moment.of(start, end, "UTC").line))
    return tuple(rows)


def card(
    checked: CheckedInvite, settings: CheckSettings, calendars: Calendars | None = None
) -> Card:
    """The card of one checked invite; with ``calendars``, the strip shows your busy time and
    the buffer the interview's kind needs."""
    invite = checked.invite
    busy = None
    buffer = None
    if calendars is not None:
        busy = calendars.view(invite).busy
        buffer = settings.buffer(join_info(invite).kind)
    worst = checked.worst.value if checked.worst is not None else "ok"
    description = invite.description.strip()
    if len(description) > DESCRIPTION_CHARS:
        description = description[:DESCRIPTION_CHARS] + " …"
    return Card(
        title=invite.summary or "(no title)",
        source=invite.source,
        organizer=invite.organizer.display() if invite.organizer else "(no organizer)",
        times=times_of(checked),
        findings=checked.findings,
        worst=worst,
        strip=day_strip(invite, checked.you_zone, settings, busy, buffer),
        description=description,
        cancelled=invite.cancelled,
        versions=len(invite.previous) + 1,
        data=invite_json(checked),
    )
