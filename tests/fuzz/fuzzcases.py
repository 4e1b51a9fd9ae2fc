"""Structure-aware mutations of real invites and calendars, for the fuzz suite.

Seeds are the bundled samples, the test fixtures and, when it is there, the shared corpus
(``../shared/corpus``, read in place, never copied). Case ``n`` of seed ``s`` is always the same
bytes (``random.Random(f"{s}:{n}")``), so any failure reproduces from its number alone:
``NOSHOW_FUZZ_SEED=s NOSHOW_FUZZ_ONLY=n``.
"""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
_SUFFIXES = (".ics", ".eml")


def seed_files() -> list[Path]:
    """Every seed, in a fixed order: samples, fixtures, then the corpus when present."""
    found: list[Path] = []
    for root in (REPO / "samples", REPO / "tests" / "fixtures", CORPUS):
        if root.is_dir():
            found += sorted(p for p in root.rglob("*") if p.suffix.lower() in _SUFFIXES)
    return [p for p in found if p.is_file() and p.stat().st_size < 2_000_000]


@dataclass(frozen=True)
class Case:
    number: int
    seed: str  # the seed file's path, relative to the repository's parent when possible
    mutations: tuple[str, ...]
    data: bytes
    is_mail: bool

    @property
    def suffix(self) -> str:
        return ".eml" if self.is_mail else ".ics"


# -- mutations: each takes (random, bytes) and returns bytes ---------------------------------

Mutation = Callable[[random.Random, bytes], bytes]

_JUNK_VALUES = (
    b"",
    b"X",
    b"99999999T999999",
    b"20261301T250000Z",
    b"00000000T000000",
    b"99991231T235959Z",
    b"00010101T000000",
    b"2026-12-01T10:00:00",
    b"P99999999W",
    b"-P1D",
    b"PT",
    b"FREQ=SECONDLY",
    b"FREQ=DAILY;BYDAY=XX;COUNT=zz",
    b"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    b"FREQ=MINUTELY;COUNT=999999999",
    b"FREQ=WEEKLY;UNTIL=99991231T235959Z",
    b"FREQ=DAILY;UNTIL=00010101T000000Z",
    b"\xff\xfe\x00",
    b"=?utf-8?q?=C3=28?=",
    b"\x1b[2J\xe2\x80\xae",
)
_TZID_TRAPS = (b"Europe", b"America", b"A" * 300, b"/vendor/Europe", b"", b"..", b"Etc", b"\x00")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def byte_flips(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return b"\xff"
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def duplicate_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    span = rng.randint(1, 12)
    times = rng.choice((1, 2, 10, 300))
    return b"\n".join(lines[: i + span] + lines[i : i + span] * times + lines[i + span :])


def delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 6)):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def invalid_utf8(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return (
        data[:i]
        + rng.choice((b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"))
        + data[i:]
    )


def nul_bytes(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + b"\x00" * rng.choice((1, 3, 1000)) + data[i:]


def line_endings(rng: random.Random, data: bytes) -> bytes:
    plain = data.replace(b"\r\n", b"\n")
    return rng.choice(
        (
            plain,
            plain.replace(b"\n", b"\r"),
            plain.replace(b"\n", b"\r\n"),
            plain.replace(b"\n", b"\r\r\n"),
        )
    )


def junk_value(rng: random.Random, data: bytes) -> bytes:
    """One property's value replaced: times, durations, rules, zone names."""
    names = rb"DTSTART|DTEND|DURATION|RRULE|EXDATE|RDATE|RECURRENCE-ID|TZOFFSETTO|TZOFFSETFROM|TRIGGER|DTSTAMP|SEQUENCE"
    found = list(re.finditer(rb"(?m)^(" + names + rb")([;:][^\r\n]*?)([:])([^:\r\n]*)$", data))
    if not found:
        return data
    match = rng.choice(found)
    return data[: match.start(4)] + rng.choice(_JUNK_VALUES) + data[match.end(4) :]


def tzid_trap(rng: random.Random, data: bytes) -> bytes:
    trap = rng.choice(_TZID_TRAPS)
    if b"TZID=" in data:
        return re.sub(rb"TZID=[^:;\r\n]*", b"TZID=" + trap, data, count=rng.randint(1, 3))
    return data.replace(b"DTSTART:", b"DTSTART;TZID=" + trap + b":", 1)


def huge_folded_line(rng: random.Random, data: bytes, scale: int = 1) -> bytes:
    size = rng.choice((10_000, 200_000, 1_000_000)) * scale
    piece = rng.choice((b"x", b"\xc3\xa9", b"10:00 EST ", b"=?"))
    value = piece * (size // len(piece))
    folded = b"\r\n ".join(value[i : i + 74] for i in range(0, len(value), 74))
    prop = rng.choice((b"SUMMARY:", b"DESCRIPTION:", b"LOCATION:", b"X-BLOB:"))
    return _insert_in_event(data, prop + folded + b"\r\n")


def huge_rule(rng: random.Random, data: bytes) -> bytes:
    rule = rng.choice(
        (
            b"RRULE:FREQ=SECONDLY",
            b"RRULE:FREQ=SECONDLY;COUNT=999999999",
            b"RRULE:FREQ=MINUTELY;UNTIL=99991231T235959Z",
            b"RRULE:FREQ=DAILY;COUNT=2147483648",
            b"RRULE:FREQ=YEARLY;UNTIL=99991231T235959Z;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28",
            b"RRULE:FREQ=HOURLY;INTERVAL=0",
            b"RRULE:FREQ=WEEKLY;BYSETPOS=400",
            b"EXDATE:"
            + b",".join(b"2026%02d%02dT100000Z" % (1 + i % 12, 1 + i % 28) for i in range(3000)),
        )
    )
    if b"\nBEGIN:STANDARD" in data and rng.random() < 0.5:
        return data.replace(
            b"\nBEGIN:STANDARD", b"\nBEGIN:STANDARD\r\n" + rule.replace(b"EXDATE", b"RDATE"), 1
        )
    return _insert_in_event(data, rule + b"\r\n")


def many_valarms(rng: random.Random, data: bytes) -> bytes:
    alarm = b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
    return _insert_in_event(data, alarm * rng.choice((100, 2000, 5000)))


def absurd_vtimezone(rng: random.Random, data: bytes) -> bytes:
    tzid = rng.choice((b"Absurd", b"Customized Time Zone", b"W. Europe Standard Time", b"Europe"))
    block = rng.choice(
        (
            b"BEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nRRULE:FREQ=SECONDLY\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:STANDARD\r\n",
            b"BEGIN:STANDARD\r\nDTSTART:00010101T000000\r\nTZOFFSETFROM:+9959\r\nTZOFFSETTO:-9959\r\nEND:STANDARD\r\n",
            b"BEGIN:DAYLIGHT\r\nDTSTART:16010101T000000\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n",
            b"BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nRDATE:"
            + b",".join(b"%04d0101T000000" % (1970 + i) for i in range(2000))
            + b"\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n",
            b"BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n",
            b"BEGIN:STANDARD\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n",
        )
    )
    # Many copies of a small block (more than any real zone), a few of the RDATE-heavy one.
    times = rng.choice((1, 1, 3, 600)) if len(block) < 1000 else rng.choice((1, 3))
    zone = b"BEGIN:VTIMEZONE\r\nTZID:" + tzid + b"\r\n" + block * times + b"END:VTIMEZONE\r\n"
    at = data.find(b"BEGIN:VEVENT")
    if at < 0:
        return data
    data = data[:at] + zone + data[at:]
    return re.sub(rb"DTSTART(;[^:\r\n]*)?:", b"DTSTART;TZID=" + tzid + b":", data, count=1)


def deep_mime(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice((2, 11, 13, 40, 300))
    body = b"Content-Type: text/calendar; method=REQUEST\r\n\r\n" + data.split(b"\r\n\r\n", 1)[-1]
    for level in range(depth):
        boundary = b"b%d" % level
        body = (
            b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n--' + boundary
            + b"\r\n" + body + b"\r\n--" + boundary + b"--\r\n"
        )  # fmt: skip
    return b"From: a@example.com\r\nSubject: deep\r\nMIME-Version: 1.0\r\n" + body


def encoded_words(rng: random.Random, data: bytes) -> bytes:
    words = b" ".join([b"=?utf-8?q?Interview_=C3=A9?="] * rng.choice((10, 150, 5000)))
    header = rng.choice((b"Subject: ", b"X-Note: ", b"Content-Description: "))
    return header + words + b"\r\n" + data


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    a, b = _lines(data), _lines(other)
    i, j = rng.randrange(len(a) + 1), rng.randrange(len(b) + 1)
    return b"\n".join(a[:i] + b[j : j + rng.randint(1, 40)] + a[i:])


def _insert_in_event(data: bytes, text: bytes) -> bytes:
    at = data.find(b"END:VEVENT")
    return data + text if at < 0 else data[:at] + text + data[at:]


MUTATIONS: dict[str, Mutation] = {
    "byte-flips": byte_flips,
    "truncate": truncate,
    "duplicate-lines": duplicate_lines,
    "delete-lines": delete_lines,
    "invalid-utf8": invalid_utf8,
    "nul-bytes": nul_bytes,
    "line-endings": line_endings,
    "junk-value": junk_value,
    "tzid-trap": tzid_trap,
    "huge-folded-line": huge_folded_line,
    "huge-rule": huge_rule,
    "many-valarms": many_valarms,
    "absurd-vtimezone": absurd_vtimezone,
    "deep-mime": deep_mime,
    "encoded-words": encoded_words,
}
#: Mutations that make large inputs: used in fewer cases so the budget covers more variety.
_HEAVY = ("huge-folded-line", "many-valarms", "encoded-words", "deep-mime")


def make_case(number: int, seed: int, seeds: list[Path], contents: dict[Path, bytes]) -> Case:
    rng = random.Random(f"{seed}:{number}")
    path = seeds[rng.randrange(len(seeds))]
    data = contents[path]
    applied: list[str] = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        if rng.random() < 0.08:
            other = seeds[rng.randrange(len(seeds))]
            data = splice(rng, data, contents[other])
            applied.append(f"splice:{other.name}")
            continue
        names = [n for n in MUTATIONS if n not in _HEAVY or rng.random() < 0.25]
        name = rng.choice(names)
        data = MUTATIONS[name](rng, data)
        applied.append(name)
    is_mail = path.suffix.lower() == ".eml" or "deep-mime" in applied or "encoded-words" in applied
    try:
        shown = str(path.relative_to(REPO.parent))
    except ValueError:
        shown = str(path)
    return Case(number, shown, tuple(applied), data, is_mail)


def window_for(data: bytes) -> tuple[datetime, datetime]:
    """Three days either side of the first DTSTART written in the data (else late 2026)."""
    found = re.search(rb"\nDTSTART[^:\r\n]*:(\d{4})(\d{2})(\d{2})", data)
    day = datetime(2026, 11, 25, tzinfo=UTC)
    if found:
        with contextlib.suppress(ValueError):
            day = datetime(int(found[1]), int(found[2]), int(found[3]), tzinfo=UTC)
    if not datetime(1971, 1, 1, tzinfo=UTC) < day < datetime(2100, 1, 1, tzinfo=UTC):
        day = datetime(2026, 11, 25, tzinfo=UTC)
    return day - timedelta(days=3), day + timedelta(days=4)
