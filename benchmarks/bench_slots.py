"""Benchmark: proposing reschedule slots, noshow's engine against the loop a user would write.

Run from the repository root, with noshow installed (``pip install -e .``)::

    python benchmarks/bench_slots.py                 # 14 days, 1,000 busy intervals each side
    python benchmarks/bench_slots.py --busy 5000

Both get the same request: an interviewer in New York (08:00-18:00) and you in Berlin
(08:00-20:00), 45-minute interviews on a 30-minute grid in the interviewer's zone, 15 minutes of
buffer, a day's notice, 14 business days, and ``--busy`` random busy intervals in each calendar.

- plain:  every grid start of every day, converted to both zones with zoneinfo, checked against
          both parties' hours and weekends and then against every busy interval in a loop;
- noshow: ``noshow.slots.find_slots`` (busy time merged once, bisect per candidate, proposals
          spread over the days).

The plain loop lists every valid start; the benchmark checks that each slot noshow proposes is
among them, and prints the best of ``--repeat`` runs of each.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from noshow.slots import Availability, SlotRequest, find_slots

NOW = datetime(2026, 11, 2, 8, tzinfo=UTC)


def make_request(busy: int, seed: int) -> SlotRequest:
    rng = random.Random(seed)

    def calendar() -> tuple[tuple[datetime, datetime], ...]:
        intervals = []
        for _ in range(busy):
            start = NOW + timedelta(minutes=rng.randrange(0, 22 * 24 * 60))
            intervals.append((start, start + timedelta(minutes=rng.choice([15, 30, 45, 60, 90]))))
        return tuple(intervals)

    return SlotRequest(
        interviewer=Availability("America/New_York", (clock(8), clock(18)), busy=calendar()),
        you=Availability("Europe/Berlin", (clock(8), clock(20)), busy=calendar()),
        now=NOW,
        days=14,
        count=5,
    )


def plain(request: SlotRequest) -> set[datetime]:
    """Every valid start, the straightforward way."""
    them, you = ZoneInfo(request.interviewer.zone), ZoneInfo(request.you.zone)
    busy = [*request.interviewer.busy, *request.you.busy]
    valid: set[datetime] = set()
    day = (request.now + request.min_notice).astimezone(them).date()
    business_days = 0
    while business_days < request.days:
        if day.weekday() not in request.interviewer.weekend:
            business_days += 1
            wall = datetime.combine(day, request.interviewer.hours[0], them)
            close = datetime.combine(day, request.interviewer.hours[1], them)
            while wall + request.duration <= close:
                start = wall.astimezone(UTC)
                end = start + request.duration
                mine = start.astimezone(you), end.astimezone(you)
                fits_you = (
                    mine[0].weekday() not in request.you.weekend
                    and mine[0].date() == mine[1].date()
                    and request.you.hours[0] <= mine[0].time()
                    and mine[1].time() <= request.you.hours[1]
                )
                if (
                    fits_you
                    and start >= request.now + request.min_notice
                    and all(
                        e + request.buffer <= start or s - request.buffer >= end for s, e in busy
                    )
                ):
                    valid.add(start)
                wall += request.step
        day += timedelta(days=1)
    return valid


def best(function: object, request: SlotRequest, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function(request)  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--busy", type=int, default=1000, help="busy intervals per calendar")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261102)
    args = parser.parse_args()
    request = make_request(args.busy, args.seed)
    plain_time, valid = best(plain, request, args.repeat)
    noshow_time, result = best(find_slots, request, args.repeat)
    assert isinstance(valid, set)
    proposed = [s.start for s in result.slots]  # type: ignore[attr-defined]
    print(f"request: 14 business days, {args.busy} busy intervals in each calendar")
    print(f"plain loop:  {plain_time * 1000:8.1f} ms, {len(valid)} valid starts")
    print(f"noshow:      {noshow_time * 1000:8.1f} ms, {len(proposed)} proposals")
    missing = [p for p in proposed if p not in valid]
    if missing:
        raise SystemExit(f"noshow proposed starts the plain loop rejects: {missing}")
    print(f"every proposal is valid by the plain loop; ratio {plain_time / noshow_time:.0f}x")


if __name__ == "__main__":
    main()
