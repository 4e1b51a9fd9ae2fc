"""Generate a folder of varied interview invites for benchmarks (deterministic per seed).

Four producers, as they write invites in the wild:

- Outlook: Windows zone names ("W. Europe Standard Time", "Eastern Standard Time", a
  "Customized Time Zone"), VTIMEZONEs with ``DTSTART:16010101T...`` rules, X-MICROSOFT props;
- Google: IANA TZIDs with ``X-LIC-LOCATION`` VTIMEZONEs from 1970, a Meet block in DESCRIPTION;
- Apple: ``X-WR-TIMEZONE``, VTIMEZONEs with ``RRULE`` blocks, ``X-APPLE`` props;
- .eml: an Outlook or Google invite inside a multipart/alternative email with text, HTML and
  a text/calendar part.

Each invite has its own UID, organizer, date (November 2026 to October 2027), time and zone,
and says its time in the text ("10:00 AM EST") the way people write it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

CRLF = "\r\n"

#: (IANA zone, Windows name, standard abbreviation, daylight abbreviation, std offset, dst offset,
#: daylight rule, standard rule) - the rules as Outlook and Google write them.
ZONES = [
    (
        "Europe/Berlin",
        "W. Europe Standard Time",
        "CET",
        "CEST",
        "+0100",
        "+0200",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "020000",
        "030000",
    ),
    (
        "America/New_York",
        "Eastern Standard Time",
        "EST",
        "EDT",
        "-0500",
        "-0400",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "020000",
        "020000",
    ),
    (
        "America/Los_Angeles",
        "Pacific Standard Time",
        "PST",
        "PDT",
        "-0800",
        "-0700",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "020000",
        "020000",
    ),
    (
        "Europe/London",
        "GMT Standard Time",
        "GMT",
        "BST",
        "+0000",
        "+0100",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "010000",
        "020000",
    ),
    (
        "Australia/Sydney",
        "AUS Eastern Standard Time",
        "AEST",
        "AEDT",
        "+1000",
        "+1100",
        "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU",
        "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU",
        "020000",
        "030000",
    ),
]
NO_DST = [("Asia/Kolkata", "India Standard Time", "IST", "+0530")]
FIRST = ["Maya", "Daniel", "Katrin", "Tobias", "Priya", "Arjun", "Sofia", "Lena", "Omar", "Yuki"]
LAST = ["Chen", "Ortiz", "Vogel", "Brandt", "Nair", "Lindqvist", "Haddad", "Kowalski", "Sato"]
ROLES = ["Senior Data Engineer", "Backend Developer", "Product Designer", "SRE", "Tech Lead"]
COMPANIES = ["Northwind", "Larkspur", "Harbourlight", "Contoso", "Fabrikam", "Tailspin"]


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


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _vtimezone(style: str, zone: tuple[str, ...], tzid: str) -> list[str]:
    if len(zone) == 4:  # no daylight saving time
        _, _, abbr, offset = zone
        start = "16010101T000000" if style == "outlook" else "19700101T000000"
        return [
            "BEGIN:VTIMEZONE",
            f"TZID:{tzid}",
            "BEGIN:STANDARD",
            f"DTSTART:{start}",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            f"TZNAME:{abbr}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    iana, _, std, dst, std_off, dst_off, dst_rule, std_rule, dst_at, std_at = zone
    if style == "outlook":
        first = ("16010101", "16010101")
    elif style == "apple":
        first = ("20070311", "20071104")
    else:
        first = ("19700308", "19701101")
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    if style == "google":
        lines.append(f"X-LIC-LOCATION:{iana}")
    lines += [
        "BEGIN:STANDARD",
        f"DTSTART:{first[1]}T{std_at}",
        f"RRULE:{std_rule}",
        f"TZOFFSETFROM:{dst_off}",
        f"TZOFFSETTO:{std_off}",
        f"TZNAME:{std}",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        f"DTSTART:{first[0]}T{dst_at}",
        f"RRULE:{dst_rule}",
        f"TZOFFSETFROM:{std_off}",
        f"TZOFFSETTO:{dst_off}",
        f"TZNAME:{dst}",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ]
    return lines


def _invite(rng: random.Random, n: int, style: str) -> tuple[str, str, str]:
    """(calendar text, plain-text body, subject) of one invite."""
    zone = rng.choice(ZONES + NO_DST)
    iana = zone[0]
    if style == "outlook":
        tzid = "Customized Time Zone" if rng.random() < 0.2 else zone[1]
    else:
        tzid = iana
    day = datetime(2026, 11, 2) + timedelta(days=rng.randrange(330))  # noqa: DTZ001 (wall clock)
    local = day.replace(
        hour=rng.choice([8, 9, 10, 11, 13, 14, 15, 16, 17]), minute=rng.choice([0, 0, 30, 15])
    )
    minutes = rng.choice([30, 45, 60, 90])
    instant = local.replace(tzinfo=ZoneInfo(iana))
    abbr = instant.tzname() or ""
    organizer = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    company = rng.choice(COMPANIES)
    role = rng.choice(ROLES)
    email = f"{organizer.split(maxsplit=1)[0].lower()}@{company.lower()}.example.com"
    summary = f"Interview: {role} - {company}"
    when = f"{local:%A, %B} {local.day}, {local:%Y} at {local:%I:%M %p} {abbr}"
    body = (
        f"Hi,\n\nthank you for your interest in the {role} role at {company}. "
        f"Let's talk on {when} for {minutes} minutes.\n\n"
        f"Join: https://meet.example.com/{n:06d}-{rng.randrange(10**6):06d}\n"
        f"Or dial +1 415-555-{rng.randrange(10000):04d} PIN {rng.randrange(10**6):06d}#\n\n"
        f"Best,\n{organizer}"
    )
    fmt = "%Y%m%dT%H%M%S"
    stamp = (instant - timedelta(days=7)).astimezone(UTC).strftime(fmt) + "Z"
    if style == "google":
        prodid = "-//Google Inc//Google Calendar 70.9054//EN"
    elif style == "apple":
        prodid = "-//Apple Inc.//macOS 15.1//EN"
    else:
        prodid = "Microsoft Exchange Server 2010"
    lines = ["BEGIN:VCALENDAR", f"PRODID:{prodid}", "VERSION:2.0", "METHOD:REQUEST"]
    if style == "apple":
        lines += ["CALSCALE:GREGORIAN", f"X-WR-TIMEZONE:{iana}"]
    lines += _vtimezone(style, zone, tzid)
    lines += [
        "BEGIN:VEVENT",
        f"ORGANIZER;CN={organizer}:mailto:{email}",
        "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Sam Candidate:"
        "mailto:sam@example.net",
        f"DESCRIPTION:{_escape(body)}",
        f"UID:{style}-{n}-{rng.randrange(10**9)}@{company.lower()}.example.com",
        f"SUMMARY:{_escape(summary)}",
        f"DTSTART;TZID={tzid}:{local.strftime(fmt)}",
        f"DTEND;TZID={tzid}:{(local + timedelta(minutes=minutes)).strftime(fmt)}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{rng.choice([0, 0, 0, 1])}",
        "STATUS:CONFIRMED",
        f"LOCATION:{'Microsoft Teams Meeting' if style == 'outlook' else 'Video call'}",
    ]
    if style == "outlook":
        lines += ["X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE", "X-MICROSOFT-CDO-IMPORTANCE:1"]
    if style == "apple":
        lines += ["X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC", "TRANSP:OPAQUE"]
    lines += [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:REMINDER",
        "TRIGGER:-PT15M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return CRLF.join(_fold(line) for line in lines) + CRLF, body, summary


def _email(calendar: str, body: str, subject: str, n: int) -> str:
    boundary = f"_000_boundary{n:06d}_"
    html = (
        "<html><body>" + "".join(f"<p>{line}</p>" for line in body.splitlines()) + "</body></html>"
    )
    return CRLF.join(
        [
            "From: Recruiting <jobs@example.com>",
            "To: Sam Candidate <sam@example.net>",
            f"Subject: {subject}",
            "Date: Wed, 18 Nov 2026 09:42:11 +0000",
            f"Message-ID: <invite-{n}@example.com>",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
            "",
            f"--{boundary}",
            'Content-Type: text/plain; charset="utf-8"',
            "",
            body.replace("\n", CRLF),
            f"--{boundary}",
            'Content-Type: text/html; charset="utf-8"',
            "",
            html,
            f"--{boundary}",
            'Content-Type: text/calendar; charset="utf-8"; method=REQUEST',
            "",
            calendar.rstrip(CRLF),
            f"--{boundary}--",
            "",
        ]
    )


def write_folder(folder: Path, count: int, seed: int = 14) -> list[Path]:
    """Write ``count`` invites into ``folder`` (a quarter of each kind); returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        kind = ("outlook", "google", "apple", "eml")[n % 4]
        if kind == "eml":
            calendar, body, subject = _invite(rng, n, rng.choice(["outlook", "google"]))
            path = folder / f"invite-{n:05d}.eml"
            path.write_bytes(_email(calendar, body, subject, n).encode())
        else:
            calendar, _, _ = _invite(rng, n, kind)
            path = folder / f"invite-{n:05d}-{kind}.ics"
            path.write_bytes(calendar.encode())
        paths.append(path)
    return paths
