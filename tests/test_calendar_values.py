"""Every unreadable value in a calendar is an input problem, never an internal error.

A calendar holding one bad event or zone (an unreadable RRULE or DTSTART, a DURATION past the
year 9999, ``UNTIL=99991231T235959Z``, a VTIMEZONE that recurs every second or has two RRULEs in
one block, a TZID that is a tzdata folder or longer than a file name) gives one line naming the
file and the line, exit status 2, and the rest of the calendar is still used: the good interview
in it is listed (agenda), its busy time still counts (check --calendar, slots). Each case ran
into exit 3 ("internal error") or minutes and gigabytes before (issue 15).

The commands run in a child process with a memory limit and a hang guard (tests/guard.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guard import run_noshow

NOW = "2026-11-20T08:00:00Z"
HEAD = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//noshow tests//values//EN"]
#: The good event: an interview (by its words) on Wednesday 25 November, 10:00-11:00 UTC.
GOOD = [
    "BEGIN:VEVENT",
    "UID:good@example.com",
    "DTSTAMP:20261101T000000Z",
    "DTSTART:20261125T100000Z",
    "DTEND:20261125T110000Z",
    "SUMMARY:Phone screen with Acme",
    "END:VEVENT",
]


def bad_event(*lines: str, start: str = "DTSTART:20261124T100000Z") -> list[str]:
    return [
        "BEGIN:VEVENT",
        "UID:bad@example.com",
        "DTSTAMP:20261101T000000Z",
        start,
        *lines,
        "SUMMARY:Interview (bad)",
        "END:VEVENT",
    ]


def zone(tzid: str, *rules: str) -> list[str]:
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:16010101T000000",
        *(f"RRULE:{rule}" for rule in rules),
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


CASES: dict[str, list[str]] = {
    "unreadable-rrule": bad_event("DURATION:PT1H", "RRULE:FREQ=DAILY;BYDAY=XX;COUNT=zz"),
    "unreadable-dtstart": bad_event("DURATION:PT1H", start="DTSTART:2026112X"),
    "huge-duration": bad_event("DURATION:P99999999W"),
    "huge-duration-recurring": bad_event("DURATION:P999999D", "RRULE:FREQ=DAILY"),
    "until-9999": bad_event(
        "DURATION:PT1H",
        "RRULE:FREQ=WEEKLY;UNTIL=99991231T235959Z",
        start="DTSTART:20200101T100000Z",
    ),
    "secondly-zone": [
        *zone("Runaway", "FREQ=SECONDLY"),
        *bad_event(
            "DURATION:PT1H", "RRULE:FREQ=WEEKLY", start="DTSTART;TZID=Runaway:20200106T100000"
        ),
    ],
    "two-rrules-zone": [
        *zone("Two", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
        *bad_event("DURATION:PT1H", start="DTSTART;TZID=Two:20261124T100000"),
    ],
    "secondly-in-the-window": bad_event("DURATION:PT1S", "RRULE:FREQ=SECONDLY"),
    "interval-zero": bad_event("DURATION:PT1H", "RRULE:FREQ=HOURLY;INTERVAL=0"),
    "rule-that-never-occurs": bad_event(
        "DURATION:PT1H",
        "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        start="DTSTART:20200101T100000Z",
    ),
    "tzid-is-a-folder": bad_event("DURATION:PT1H", start="DTSTART;TZID=Europe:20261124T100000"),
    "tzid-too-long": bad_event("DURATION:PT1H", start=f"DTSTART;TZID={'A' * 300}:20261124T100000"),
}
#: The cases where the "bad" event is still read: an unknown zone is read in yours, a rule that
#: ends in the year 9999 simply never ends, and one that never occurs only has its DTSTART.
READABLE = {"tzid-is-a-folder", "tzid-too-long", "until-9999", "rule-that-never-occurs"}


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path, Path]:
    name = request.param
    path = tmp_path / f"{name}.ics"
    lines = [*HEAD, *CASES[name], *GOOD, "END:VCALENDAR"]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    return name, path, config


def assert_one_clear_line(name: str, path: Path, stderr: str) -> None:
    if name in READABLE:
        return
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    (line,) = lines
    assert line.startswith(f"noshow: {path}: line "), line
    assert "internal error" not in line and "Traceback" not in stderr


def test_agenda_lists_the_good_interview_and_names_the_bad_line(
    case: tuple[str, Path, Path],
) -> None:
    name, path, config = case
    common = ["--calendar", str(path), "--days", "14", "--zone", "Europe/Berlin"]
    common += ["--now", NOW, "--config", str(config)]
    run = run_noshow("agenda", *common, "--format", "json")
    assert run.exit_code in (0, 1, 2), run.output[-3000:]
    assert "Traceback" not in run.stderr
    data = json.loads(run.stdout)
    assert "good@example.com" in {i["uid"] for i in data["interviews"]}
    if name not in READABLE:
        assert run.exit_code == 2
        (error,) = data["errors"]
        assert error["source"] == str(path)
        assert "line " in error["message"]
    text = run_noshow("agenda", *common)
    assert text.exit_code == run.exit_code
    assert_one_clear_line(name, path, text.stderr)


@pytest.mark.slow
def test_check_with_the_calendar_still_sees_its_busy_time(
    case: tuple[str, Path, Path], tmp_path: Path
) -> None:
    _, path, config = case
    invite = tmp_path / "invite.ics"
    invite.write_text(
        "\r\n".join(
            [
                *HEAD,
                "METHOD:REQUEST",
                "BEGIN:VEVENT",
                "UID:invite@example.com",
                "DTSTAMP:20261101T000000Z",
                "DTSTART:20261125T103000Z",  # overlaps the good event in the calendar
                "DTEND:20261125T113000Z",
                "SUMMARY:Interview",
                "ORGANIZER:mailto:recruiter@example.com",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        )
        + "\r\n",
        encoding="utf-8",
        newline="",
    )
    run = run_noshow(
        "check", str(invite), "--calendar", str(path), "--zone", "Europe/Berlin",
        "--now", NOW, "--config", str(config), "--format", "json",
    )  # fmt: skip
    assert run.exit_code in (1, 2), run.output[-3000:]
    assert "Traceback" not in run.stderr
    data = json.loads(run.stdout)
    (checked,) = data["invites"]
    assert "conflict" in {f["rule"] for f in checked["findings"]}, checked["findings"]


@pytest.mark.slow
def test_slots_refuse_with_one_line_or_propose(case: tuple[str, Path, Path]) -> None:
    # slots proposes times only from complete busy time (a skipped event could be double-booked),
    # so a calendar problem is one line and exit 2, like an unreadable calendar: never exit 3.
    name, path, config = case
    run = run_noshow(
        "slots", "--interviewer-zone", "Europe/Berlin", "--calendar", str(path),
        "--zone", "Europe/Berlin", "--now", NOW, "--config", str(config), "--format", "json",
        "--count", "20", "--days", "5", "--min-notice", "1h",
    )  # fmt: skip
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    if name in READABLE:
        assert run.exit_code == 0, run.output[-3000:]
        starts = {s["start"]["utc"] for s in json.loads(run.stdout)["slots"]}
        assert "2026-11-25T10:00:00Z" not in starts  # the good event's busy time still counts
    else:
        assert run.exit_code == 2, run.output[-3000:]
        (line,) = run.stderr.splitlines()
        assert f"{path}: line " in line, line
