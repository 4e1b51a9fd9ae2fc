"""Generate a realistic personal calendar for benchmarks and tests (deterministic per seed).

Years of history and a little future, several zones with their VTIMEZONEs (one IANA-named, one
Outlook-style Windows name, one "Customized Time Zone"), about 2% weekly recurring series with
moved and cancelled occurrences, alarms, all-day and transparent events, long descriptions.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from icalendar import Timezone

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata")
CRLF = "\r\n"
WORDS = [
    "quarterly",
    "planning",
    "review",
    "sync",
    "roadmap",
    "budget",
    "hiring",
    "onboarding",
    "retro",
    "standup",
    "design",
    "architecture",
    "customer",
    "demo",
    "incident",
    "postmortem",
    "offsite",
    "workshop",
    "lunch",
    "dentist",
    "gym",
    "call",
]


def _vtimezone(tzid: str, iana: str) -> str:
    component = Timezone.from_tzid(iana, first_date=date(2015, 1, 1), last_date=date(2030, 1, 1))
    component["TZID"] = tzid
    return component.to_ical().decode()


def _stamp(dt: datetime) -> str:
    return dt.strftime("%Y%m%dT%H%M%S")


def _fold(line: str) -> str:
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return (CRLF + " ").join(parts)


def generate(events: int, seed: int = 7, center: date = date(2026, 12, 1)) -> bytes:
    """A calendar of ``events`` VEVENTs spread over about 4 years before ``center`` and 60 days after."""
    rng = random.Random(seed)
    tzids = {
        "Europe/Berlin": "Europe/Berlin",
        "America/New_York": "Eastern Standard Time",
        "Asia/Kolkata": "Customized Time Zone",
    }
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//noshow//benchmark calendar//EN",
        "CALSCALE:GREGORIAN",
    ]
    body = [_vtimezone(tzids[z], z).strip() for z in ZONES]
    first = datetime(center.year - 4, center.month, 1, tzinfo=UTC)
    span_days = (center - first.date()).days + 60
    recurring = max(1, events // 50)
    for index in range(events):
        zone_name = rng.choice(ZONES)
        tzid = tzids[zone_name]
        day = first + timedelta(days=rng.randrange(span_days))
        start = day.replace(
            hour=rng.randrange(7, 19), minute=rng.choice((0, 15, 30, 45)), tzinfo=None
        )
        length = timedelta(minutes=rng.choice((15, 30, 45, 60, 90, 120)))
        uid = f"event-{index}-{seed}@bench.example.com"
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(40, 160)))
        event = [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{_stamp(first)}Z",
            f"SUMMARY:{rng.choice(WORDS).title()} {rng.choice(WORDS)} #{index}",
            f"DESCRIPTION:{words}",
        ]
        kind = rng.random()
        if kind < 0.05:
            event += [
                f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
            ]
        elif kind < 0.08:
            event += [f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(start + length)}"]  # floating
        else:
            event += [
                f"DTSTART;TZID={tzid}:{_stamp(start)}",
                f"DTEND;TZID={tzid}:{_stamp(start + length)}",
            ]
        if rng.random() < 0.05:
            event.append("TRANSP:TRANSPARENT")
        if rng.random() < 0.03:
            event.append("STATUS:CANCELLED")
        overrides = []
        if index < recurring and kind >= 0.08:
            event.append("RRULE:FREQ=WEEKLY;COUNT=400" if index % 2 else "RRULE:FREQ=WEEKLY")
            skipped = start + timedelta(weeks=rng.randrange(1, 30))
            event.append(f"EXDATE;TZID={tzid}:{_stamp(skipped)}")
            moved_from = start + timedelta(weeks=rng.randrange(31, 200))
            overrides = [
                "BEGIN:VEVENT",
                f"UID:{uid}",
                f"DTSTAMP:{_stamp(first)}Z",
                f"RECURRENCE-ID;TZID={tzid}:{_stamp(moved_from)}",
                f"DTSTART;TZID={tzid}:{_stamp(moved_from + timedelta(hours=2))}",
                f"DTEND;TZID={tzid}:{_stamp(moved_from + timedelta(hours=2) + length)}",
                "SUMMARY:Moved occurrence",
                "END:VEVENT",
            ]
        if rng.random() < 0.6:
            event += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:Reminder",
                "TRIGGER:-PT15M",
                "END:VALARM",
            ]
        event.append("END:VEVENT")
        body.append(CRLF.join(_fold(line) for line in event))
        if overrides:
            body.append(CRLF.join(overrides))
    text = CRLF.join(lines) + CRLF + CRLF.join(body) + CRLF + "END:VCALENDAR" + CRLF
    return text.encode()


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sys.stdout.buffer.write(generate(count))
