"""The fast paths of issue 14 give exactly what the plain paths give (structural, never timed).

- `remind` / `import` on a big item work on indexed pieces (noshow.calendars.indexed): the files
  and the reports must be byte for byte those of the plain path, whatever the line endings.
- A vdir item none of whose events can touch the window is not parsed at all, and the busy time
  is what parsing every item gives.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import noshow.calendars.busy
import noshow.calendars.indexed as indexed
from noshow.adapters.calendar_files import VdirCalendar
from noshow.calendars.busy import Window, read_window
from noshow.calendars.indexed import IndexedText
from noshow.cli.main import cli

NOW = "2026-12-01T08:00:00Z"
COMMON = ["--zone", "Europe/Berlin", "--now", NOW, "--format", "json"]
HEAD = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "X-WR-CALNAME:Work"]
BERLIN = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:STANDARD",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def interview(n: int, sequence: int = 0, status: str = "", hour: int = 9) -> list[str]:
    day = datetime(2026, 12, 2, tzinfo=UTC) + timedelta(days=n % 20)
    lines = [
        "BEGIN:VEVENT",
        f"UID:interview-{n}@example.com",
        f"DTSTAMP:202611{20 + sequence:02d}T100000Z",
        f"SEQUENCE:{sequence}",
        f"DTSTART;TZID=Europe/Berlin:{day:%Y%m%d}T{hour:02d}0000",
        f"DTEND;TZID=Europe/Berlin:{day:%Y%m%d}T{hour:02d}4500",
        f"SUMMARY:Interview {n}: Backend Developer",
        "ORGANIZER;CN=Maya Chen:mailto:maya@example.com",
        "ATTENDEE;CN=Sam;PARTSTAT=ACCEPTED:mailto:sam@example.net",
        f"DESCRIPTION:Join https://meet.example.com/abc-{n:04d} for the interview with the team",
        "  (folded line)",
    ]
    if status:
        lines.append(f"STATUS:{status}")
    if n % 3 == 0:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT10M", "DESCRIPTION:x"]
        lines += ["END:VALARM"]
    return [*lines, "END:VEVENT"]


def filler(n: int) -> list[str]:
    day = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=n % 300)
    return [
        "BEGIN:VEVENT",
        f"UID:filler-{n}@example.com",
        "DTSTAMP:20250101T000000Z",
        f"DTSTART:{day:%Y%m%d}T100000Z",
        f"DTEND:{day:%Y%m%d}T110000Z",
        f"SUMMARY:Standup {n}",
        "END:VEVENT",
    ]


def calendar(newline: str) -> str:
    lines = [*HEAD, *BERLIN]
    for n in range(40):
        lines += filler(n)
        if n % 5 == 0:
            lines += interview(n // 5)
            lines.append("X-WR-CALDESC:between the events")
    return newline.join([*lines, "END:VCALENDAR", ""])


def invite(lines: list[str], method: str = "REQUEST") -> str:
    return "\r\n".join([*HEAD[:3], f"METHOD:{method}", *BERLIN, *lines, "END:VCALENDAR", ""])


def steps(folder: Path) -> list[list[str]]:
    cal = str(folder / "cal.ics")
    invites = {
        "new.ics": invite(interview(30)),
        "newer.ics": invite(interview(2, sequence=2, hour=11)),
        "cancel.ics": invite(interview(4, sequence=3, status="CANCELLED"), "CANCEL"),
        "same.ics": invite(interview(1)),
    }
    for name, text in invites.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    files = [str(folder / name) for name in invites]
    remind = ["remind", cal, "--in-place", "--days", "60", *COMMON]
    return [
        remind,
        remind,
        ["import", *files, "--into", cal, *COMMON],
        [*remind, "--prep", "45m", "--tech-check", "20m", "--policy", "1d,30m"],
        ["import", *files, "--into", cal, *COMMON],
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_indexed_writes_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    used = []
    apply = IndexedText.apply

    def counting(self: IndexedText, *args: object, **kwargs: object) -> object:
        used.append(1)
        return apply(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(IndexedText, "apply", counting)
    results = {}
    for mode, limit in (("plain", 1 << 60), ("indexed", 0)):
        monkeypatch.setattr(indexed, "INDEX_FROM", limit)
        folder = tmp_path / mode
        folder.mkdir()
        (folder / "cal.ics").write_text(calendar(newline), encoding="utf-8", newline="")
        outputs: list[object] = []
        for args in steps(folder):
            result = CliRunner().invoke(cli, args)
            assert result.exit_code in (0, 1), result.output
            outputs.append((result.exit_code, result.output.replace(str(folder), "DIR")))
        outputs.append((folder / "cal.ics").read_bytes())
        results[mode] = outputs
        if mode == "plain":
            assert not used
    assert used  # the indexed path did run
    assert results["plain"] == results["indexed"]
    assert b"X-NOSHOW-SPAN" not in results["indexed"][-1]  # type: ignore[operator]


def _replace_component(uid: str, new: str) -> Callable[[str], tuple[str, list[object]]]:
    def operation(text: str) -> tuple[str, list[object]]:
        start = text.find(f"BEGIN:VEVENT\r\nUID:{uid}")
        end = text.find("END:VEVENT\r\n", start) + len("END:VEVENT\r\n")
        return (text if start < 0 else text[:start] + new + text[end:]), []

    return operation


def _append(block: str) -> Callable[[str], tuple[str, list[object]]]:
    def operation(text: str) -> tuple[str, list[object]]:
        cut = text.rindex("END:VCALENDAR")
        return text[:cut] + block + text[cut:], []

    return operation


def _mangle(text: str) -> tuple[str, list[object]]:
    return text.replace("X-NOSHOW-SPAN", "X-SOMETHING-ELSE"), []


@pytest.mark.parametrize(
    ("operation", "uids"),
    [
        (
            _replace_component(
                "interview-2@example.com", "BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n"
            ),
            ["interview-2@example.com"],
        ),
        (_replace_component("interview-3@example.com", ""), ["interview-3@example.com"]),
        (
            _append("BEGIN:VTODO\r\nUID:t\r\nRELATED-TO:interview-1@example.com\r\nEND:VTODO\r\n"),
            ["interview-1@example.com"],
        ),
        (_mangle, ["interview-1@example.com"]),  # placeholders lost: worked on the whole text
        (_replace_component("filler-3@example.com", ""), [""]),  # "" asks about everything
    ],
)
def test_an_operation_on_the_excerpt_equals_it_on_the_whole(
    operation: Callable[[str], tuple[str, list[object]]], uids: list[str]
) -> None:
    text = calendar("\r\n")
    index = IndexedText.build(text)
    assert index is not None
    changed, _ = index.apply(operation, uids)
    assert index.text() == operation(text)[0]
    assert changed == (index.text() != text)
    # And again on the result: the index stays right after a change.
    follow = _append(
        "BEGIN:VEVENT\r\nUID:y\r\nRELATED-TO:interview-2@example.com\r\nEND:VEVENT\r\n"
    )
    expected = follow(index.text())[0]
    index.apply(follow, ["interview-2@example.com"])
    assert index.text() == expected


def test_texts_that_are_not_one_calendar_are_not_indexed() -> None:
    text = calendar("\r\n")
    assert IndexedText.build(text + text) is None
    assert IndexedText.build(text.replace("END:VCALENDAR", "")) is None


def _vdir_item(lines: list[str]) -> str:
    return "\r\n".join([*HEAD[:3], *BERLIN, *lines, "END:VCALENDAR", ""])


def test_vdir_items_that_cannot_touch_the_window_are_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = {
        "near.ics": interview(0),
        "past.ics": filler(1),
        "series.ics": [*filler(2)[:-1], "RRULE:FREQ=WEEKLY", "END:VEVENT"],
        "later-series.ics": [
            *interview(5)[:4],
            "DTSTART:20270301T090000Z",
            "RRULE:FREQ=DAILY",
            "SUMMARY:later",
            "END:VEVENT",
        ],
        "busy.ics": [
            "BEGIN:VFREEBUSY",
            "UID:fb",
            "DTSTAMP:20261101T000000Z",
            "FREEBUSY:20261203T100000Z/20261203T110000Z",
            "END:VFREEBUSY",
        ],
    }
    for name, lines in items.items():
        (tmp_path / name).write_text(_vdir_item(lines), encoding="utf-8", newline="")
    window = Window(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 15, tzinfo=UTC))
    parsed: list[int] = []
    parse = noshow.calendars.busy._parse

    def counting(data: bytes) -> object:
        parsed.append(1)
        return parse(data)

    monkeypatch.setattr(noshow.calendars.busy, "_parse", counting)
    fast = VdirCalendar(tmp_path).read(window, "Europe/Berlin")
    assert len(parsed) == 3  # near, the weekly series still running, the VFREEBUSY
    every = [
        read_window((tmp_path / n).read_bytes(), window, "Europe/Berlin", str(tmp_path / n))
        for n in sorted(items)
    ]
    plain = [busy for read in every if read.components for busy in read.busy]
    assert [b for read, _ in fast.reads for b in read.busy] == plain
    assert fast.problems == ()
