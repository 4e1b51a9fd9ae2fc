"""The plain pipeline for a folder of invites: what a user would write with icalendar alone.

    python benchmarks/plain_folder.py FOLDER

Parses every .ics (and the text/calendar part of every .eml) with icalendar and converts each
event's DTSTART to UTC. Prints how many events it read. No checks at all: this is the yardstick
`noshow check FOLDER` (which does every check) is compared with.
"""

from __future__ import annotations

import email
import email.policy
import sys
import warnings
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar


def calendars_in(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if path.suffix.lower() != ".eml":
        return [data]
    message = email.message_from_bytes(data, policy=email.policy.default)
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                found.append(payload)
    return found


def main(folder: str) -> int:
    count = 0
    warnings.simplefilter("ignore")
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() not in (".ics", ".eml"):
            continue
        for data in calendars_in(path):
            calendar = icalendar.Calendar.from_ical(data)
            for event in calendar.walk("VEVENT"):
                start = event.start
                if isinstance(start, datetime):
                    start.astimezone(UTC)
                elif isinstance(start, date):
                    pass
                count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
