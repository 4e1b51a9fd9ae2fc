"""Where an interview stands relative to now, and how to name its day in a sentence.

A draft is read by someone in another zone, so "today" must be true for both readers: a day
is called "today", "tomorrow" or "yesterday" only when it is so in every zone given (the
organizer's and yours); otherwise it is named ("on Tuesday 15 December"). Pure: ``now`` is
an input.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from noshow.zones import zone

#: How close to the start "just before" is: the phone script then offers to join at once.
JUST_BEFORE = timedelta(minutes=30)


class Phase(enum.StrEnum):
    """Where now lies relative to the interview."""

    DAYS_BEFORE = "days-before"  # before the start, and not on the same day
    TODAY_BEFORE = "today-before"  # before the start, on the same day
    DURING = "during"  # between the start and the end
    TODAY_AFTER = "today-after"  # after the end, on the same day
    DAYS_AFTER = "days-after"  # after the end, on a later day


@dataclass(frozen=True)
class Timing:
    """The interview seen from ``now``: its phase and the words for its day."""

    phase: Phase
    day: str  # "today", "tomorrow", "yesterday" or "on Tuesday 15 December"
    until_start: timedelta  # negative once it has started

    @property
    def before(self) -> bool:
        """Whether the interview has not started yet."""
        return self.phase in (Phase.DAYS_BEFORE, Phase.TODAY_BEFORE)

    @property
    def over(self) -> bool:
        """Whether the interview has ended."""
        return self.phase in (Phase.TODAY_AFTER, Phase.DAYS_AFTER)

    @property
    def can_join_now(self) -> bool:
        """Whether "I can join now" makes sense: it is running, or about to start."""
        return self.phase is Phase.DURING or (
            self.phase is Phase.TODAY_BEFORE and self.until_start <= JUST_BEFORE
        )

    @property
    def day_adjective(self) -> str:
        """The day before a noun: "today's", "yesterday's", "tomorrow's", or "" when named."""
        return {"today": "today's", "yesterday": "yesterday's", "tomorrow": "tomorrow's"}.get(
            self.day, ""
        )


def day_phrase(instant: datetime, now: datetime, zones: Sequence[str]) -> str:
    """``today`` / ``tomorrow`` / ``yesterday`` when that is true in every zone, else
    ``on Tuesday 15 December`` in the first zone (with the year when it is not now's year)."""
    offsets = set()
    for name in zones:
        tz = zone(name)
        offsets.add((instant.astimezone(tz).date() - now.astimezone(tz).date()).days)
    if len(offsets) == 1:
        word = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(offsets.pop())
        if word is not None:
            return word
    local = instant.astimezone(zone(zones[0]))
    year = "" if local.year == now.astimezone(zone(zones[0])).year else f" {local.year}"
    return f"on {local:%A} {local.day} {local:%B}{year}"


def timing(start: datetime, end: datetime | None, now: datetime, zones: Sequence[str]) -> Timing:
    """The phase of an interview at ``now`` and the words for its day (see :func:`day_phrase`)."""
    finish = end if end is not None and end > start else start
    day = day_phrase(start, now, zones)
    # "The same day" when it is for either reader (the phrase itself needs both to agree).
    same_day = any(
        start.astimezone(zone(name)).date() == now.astimezone(zone(name)).date() for name in zones
    )
    if now < start:
        phase = Phase.TODAY_BEFORE if same_day else Phase.DAYS_BEFORE
    elif now < finish:
        phase = Phase.DURING
    else:
        phase = Phase.TODAY_AFTER if same_day else Phase.DAYS_AFTER
    return Timing(phase, day, start - now)
