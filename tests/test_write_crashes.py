"""Writes under SIGKILL and under a second writer: never torn, never a lost update.

- ``remind --in-place`` killed at moments spread over its run: the calendar is always the whole
  old file or the whole new one, and a re-run finishes the job (and removes the killed run's
  temporary file);
- ``import`` into a vdir killed likewise: every item is whole, and a re-run converges to exactly
  what an uninterrupted run writes;
- two noshow processes reminding different interviews of one file at the same time: both
  interviews end up with their reminders (the advisory lock and the re-read on a changed
  snapshot merge them; neither overwrites the other).

The kill moments are fixed fractions of a reference run's duration, so a loaded machine shifts
them but never breaks an assertion: every assertion holds at any moment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

NOW = "2026-11-23T09:00:00Z"
INTERVIEW = """BEGIN:VEVENT\r
UID:{uid}\r
DTSTAMP:20261116T090000Z\r
DTSTART;TZID=Europe/Berlin:202612{day:02d}T{hour:02d}0000\r
DTEND;TZID=Europe/Berlin:202612{day:02d}T{end:02d}0000\r
SUMMARY:Interview {n}: Engineer at Firm {n}\r
DESCRIPTION:Join: https://zoom.us/j/5550000{n:03d}\r
ORGANIZER;CN=Recruiter {n}:mailto:r{n}@firm.example\r
ATTENDEE;CN=You:mailto:you@example.net\r
END:VEVENT\r
"""
BERLIN = """BEGIN:VTIMEZONE\r
TZID:Europe/Berlin\r
BEGIN:STANDARD\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
END:VTIMEZONE\r
"""


def calendar(interviews: int, filler: int) -> str:
    """A calendar with ``interviews`` interviews among ``filler`` other events."""
    parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n", BERLIN]
    for n in range(filler):
        day = 1 + n % 28
        parts.append(
            f"BEGIN:VEVENT\r\nUID:filler-{n}@x\r\nDTSTAMP:20261101T000000Z\r\n"
            f"DTSTART:202611{day:02d}T{n % 20:02d}0000Z\r\nDTEND:202611{day:02d}T{n % 20:02d}3000Z\r\n"
            f"SUMMARY:Meeting {n}\r\nDESCRIPTION:{'notes ' * 20}\r\nEND:VEVENT\r\n"
        )
    for n in range(interviews):
        day, hour = 1 + n % 27, 9 + n % 8
        parts.append(
            INTERVIEW.format(
                uid=f"interview-{n}@ats.example", day=day, hour=hour, end=hour + 1, n=n
            )
        )
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts)


def noshow(*args: str, config: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "noshow",
        *args,
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--config",
        str(config),
    ]


def run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    # A guard of minutes: failing it means "hung", never "slow".
    return subprocess.run(command, capture_output=True, timeout=600, check=False)


def run_and_kill(command: list[str], after: float) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=600)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


def _reference(tmp_path: Path, name: str, text: str, config: Path) -> tuple[bytes, float]:
    """What an uninterrupted `remind --in-place` writes, and how long it took here."""
    reference = tmp_path / "reference" / name
    reference.parent.mkdir()
    reference.write_bytes(text.encode())
    started = time.monotonic()
    done = run(noshow("remind", str(reference), "--in-place", config=config))
    took = time.monotonic() - started  # used to spread the kills, never asserted
    assert done.returncode == 0, done.stderr
    return reference.read_bytes(), took


@pytest.mark.parametrize("fraction", [0.15, 0.5, 0.9])
def test_a_killed_remind_leaves_the_old_or_the_new_file_and_a_rerun_finishes(
    tmp_path: Path, config: Path, fraction: float
) -> None:
    text = calendar(interviews=6, filler=800)
    expected, took = _reference(tmp_path, "calendar.ics", text, config)
    target = tmp_path / "calendar.ics"
    target.write_bytes(text.encode())
    run_and_kill(noshow("remind", str(target), "--in-place", config=config), took * fraction)
    after = target.read_bytes()
    assert after in (text.encode(), expected), "the calendar is torn"
    rerun = run(noshow("remind", str(target), "--in-place", config=config))
    assert rerun.returncode == 0, rerun.stderr
    assert target.read_bytes() == expected
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".noshow-tmp")]
    assert leftovers == []


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8])
def test_a_killed_vdir_import_leaves_whole_items_and_a_rerun_converges(
    tmp_path: Path, config: Path, fraction: float
) -> None:
    invites = tmp_path / "invites"
    invites.mkdir()
    for n in range(12):
        body = INTERVIEW.format(uid=f"interview-{n}@ats.example", day=1 + n, hour=10, end=11, n=n)
        (invites / f"invite-{n}.ics").write_bytes(
            (
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ATS//EN\r\nMETHOD:REQUEST\r\n"
                + BERLIN
                + body
                + "END:VCALENDAR\r\n"
            ).encode()
        )
    files = sorted(str(p) for p in invites.iterdir())
    reference = tmp_path / "reference"
    reference.mkdir()
    started = time.monotonic()
    done = run(noshow("import", *files, "--into", str(reference), config=config))
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    expected = {p.name: p.read_bytes() for p in reference.iterdir()}

    folder = tmp_path / "vdir"
    folder.mkdir()
    run_and_kill(noshow("import", *files, "--into", str(folder), config=config), took * fraction)
    for path in folder.glob("*.ics"):  # every item there is whole: what the full run writes
        assert path.read_bytes() == expected[path.name], path.name
    rerun = run(noshow("import", *files, "--into", str(folder), config=config))
    assert rerun.returncode == 0, rerun.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == expected


def test_two_noshow_processes_on_one_file_lose_nothing(tmp_path: Path, config: Path) -> None:
    text = calendar(interviews=2, filler=800)
    target = tmp_path / "calendar.ics"
    target.write_bytes(text.encode())
    first = subprocess.Popen(
        noshow(
            "remind", str(target), "--in-place", "--uid", "interview-0@ats.example", config=config
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    second = subprocess.Popen(
        noshow(
            "remind", str(target), "--in-place", "--uid", "interview-1@ats.example", config=config
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    codes = [first.wait(timeout=600), second.wait(timeout=600)]
    assert codes == [0, 0], (first.stderr.read() if first.stderr else b"", codes)
    data = target.read_text(encoding="utf-8")
    for uid in ("interview-0@ats.example", "interview-1@ats.example"):
        assert f"RELATED-TO:{uid}" in data, f"the reminders for {uid} were lost"
    kept = set(data.splitlines())
    assert all(line in kept for line in text.splitlines())  # nothing of the file was lost
    for process in (first, second):
        if process.stderr:
            process.stderr.close()
