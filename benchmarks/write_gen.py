"""A big calendar with interviews in it, for the `remind` / `import` benchmarks.

``calendar_with_interviews(events, interviews)`` is a calendar_gen calendar of ``events`` events
with ``interviews`` interview events (organizer, attendee, "Interview" in the summary) spread over
the 60 days after 2026-12-01; ``invites(n)`` are separate invites for `import`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from calendar_gen import generate

CRLF = "\r\n"
START = datetime(2026, 12, 2, 9, tzinfo=UTC)


def interview_event(n: int, prefix: str = "interview") -> str:
    begin = START + timedelta(days=n % 60, hours=n % 8)
    fmt = "%Y%m%dT%H%M%SZ"
    return CRLF.join(
        [
            "BEGIN:VEVENT",
            f"UID:{prefix}-{n}@bench.example.com",
            "DTSTAMP:20261120T100000Z",
            f"DTSTART:{begin.strftime(fmt)}",
            f"DTEND:{(begin + timedelta(minutes=45)).strftime(fmt)}",
            f"SUMMARY:Interview {n}: Backend Developer",
            "ORGANIZER;CN=Maya Chen:mailto:maya@example.com",
            "ATTENDEE;CN=Sam Candidate;PARTSTAT=ACCEPTED:mailto:sam@example.net",
            f"DESCRIPTION:Join https://meet.example.com/abc-{n:04d}",
            "END:VEVENT",
            "",
        ]
    )


def calendar_with_interviews(events: int, interviews: int) -> bytes:
    text = generate(events).decode()
    cut = text.rindex("END:VCALENDAR")
    extra = "".join(interview_event(n) for n in range(interviews))
    return (text[:cut] + extra + text[cut:]).encode()


def invites(count: int) -> list[bytes]:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nMETHOD:REQUEST\r\n"
    return [
        (head + interview_event(n, "invite") + "END:VCALENDAR\r\n").encode() for n in range(count)
    ]
