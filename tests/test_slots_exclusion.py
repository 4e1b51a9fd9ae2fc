"""`exclusion` names why a candidate is not valid, and agrees with `is_valid` on every one."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from noshow.slots import Availability, SlotRequest, candidates, exclusion, is_valid

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def request(busy: tuple[tuple[datetime, datetime], ...] = ()) -> SlotRequest:
    return SlotRequest(
        interviewer=Availability("America/New_York", busy=busy),
        you=Availability("Europe/Berlin", hours=(time(9), time(19))),
        now=NOW,
        days=5,
    )


def test_exclusion_agrees_with_is_valid_and_says_why() -> None:
    meeting = (datetime(2026, 11, 25, 15, tzinfo=UTC), datetime(2026, 11, 25, 16, tzinfo=UTC))
    asked = request((meeting,))
    reasons = set()
    for slot in candidates(asked):
        why = exclusion(asked, slot)
        assert (why is None) == is_valid(asked, slot), slot
        if why is not None:
            reasons.add(why)
    assert "outside your working hours" in reasons
    assert "the interviewer is busy (with the buffer)" in reasons
    early = candidates(asked)[0]
    soon = SlotRequest(asked.interviewer, asked.you, early.start - timedelta(hours=1), days=1)
    assert exclusion(soon, early) == "too soon (minimum notice)"
