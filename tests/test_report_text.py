"""The text report: the two-zone timeline, counts, headers, and a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from noshow.check import check_documents
from noshow.cli.main import EXIT_BROKEN_PIPE, cli
from noshow.cli.output import counted, timeline_rows
from noshow.invites import read_document
from noshow.model import You

NOW = "2026-11-23T09:00:00Z"


def ics(start: str, end: str, extra: str = "", zone_line: str = "") -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "METHOD:REQUEST",
        *([zone_line] if zone_line else []),
        "BEGIN:VEVENT",
        "UID:timeline@test",
        "DTSTAMP:20261101T000000Z",
        f"DTSTART{start}",
        f"DTEND{end}",
        "SUMMARY:Phone screen",
        "ORGANIZER:mailto:hr@example.com",
        *([extra] if extra else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def one_invite(data: bytes, you: str = "Europe/Berlin"):
    document = read_document("t.ics", data, you)
    report = check_documents([document], You(zone=you), datetime.fromisoformat(NOW))
    [checked] = report.checked
    return checked


@pytest.mark.parametrize(
    ("tzid", "you", "organizer_mark", "your_mark"),
    [
        ("Asia/Kolkata", "Europe/Berlin", "[09:00]", "[04:30]"),  # half-hour zone
        ("Asia/Kathmandu", "Europe/Berlin", "[09:00]", "[04:15]"),  # quarter-hour zone
        ("Europe/Berlin", "Asia/Kolkata", "[09:00]", "[13:30]"),
        ("Australia/Adelaide", "America/St_Johns", "[09:00]", "[19:00]"),  # +10:30 vs -03:30
    ],
)
def test_timeline_marks_the_real_start_in_both_zones(tzid, you, organizer_mark, your_mark):
    data = ics(f";TZID={tzid}:20261208T090000", f";TZID={tzid}:20261208T100000")
    organizer, yours = timeline_rows(one_invite(data, you).invite, you)
    # Exactly one bracketed cell each (a one-hour interview), at the real start.
    assert organizer.count("[") == 1 and organizer_mark in organizer
    assert yours.count("[") == 1 and your_mark in yours
    # The columns line up: the bracket is at the same position in both rows.
    assert organizer.index("[") == yours.index("[")
    assert len(organizer) <= 78 and len(yours) <= 78  # with the two-space indent: 80 columns


def test_long_interview_brackets_every_hour_it_covers():
    data = ics(";TZID=Asia/Kolkata:20261208T090000", ";TZID=Asia/Kolkata:20261208T113000")
    organizer, yours = timeline_rows(one_invite(data).invite, "Europe/Berlin")
    assert "[09:00][10:00][11:00] 12:00" in organizer
    assert "[04:30][05:30][06:30] 07:30" in yours


@pytest.mark.parametrize(
    ("start", "end"),
    [(":20261208T090000", ":20261208T100000"), (":20261208T090000Z", ":20261208T100000Z")],
    ids=["floating", "utc"],
)
def test_unknown_organizer_zone_is_said_not_guessed(start, end):
    checked = one_invite(ics(start, end))
    organizer, yours = timeline_rows(checked.invite, "Europe/Berlin")
    assert organizer.startswith("organizer") and organizer.endswith("zone unknown")
    assert "UTC" not in organizer
    assert "[" in yours


def run(args: list[str], stdin: bytes | None = None):
    return CliRunner().invoke(cli, args, input=stdin)


def test_every_line_fits_80_columns_and_counts_are_singular(tmp_path: Path):
    path = tmp_path / "ist.ics"
    path.write_bytes(
        ics(
            ";TZID=Asia/Kolkata:20261208T090000",
            ";TZID=Asia/Kolkata:20261208T100000",
            "DESCRIPTION:Join https://meet.google.com/abc-defg-hij",
        )
    )
    config = tmp_path / "c.toml"
    config.write_text("")
    result = run(
        ["check", str(path), "--zone", "Europe/Berlin", "--now", NOW, "--config", str(config)]
    )
    lines = result.stdout.splitlines()
    timeline = [line for line in lines if line.startswith(("  organizer", "  you"))]
    assert len(timeline) == 2
    assert all(len(line) <= 80 for line in timeline)
    summary = lines[-1]
    assert summary.startswith("1 invite checked: ")
    for word in ("errors", "warnings", "notes"):
        count = summary.split(word)[0].rsplit(" ", 1)[-1] if word in summary else None
        assert count != "1", summary  # never "1 errors"


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (0, "note", "0 notes"),
        (1, "note", "1 note"),
        (1, "error", "1 error"),
        (2, "error", "2 errors"),
    ],
)
def test_counted(count, noun, text):
    assert counted(count, noun) == text


def test_stdin_is_read_for_check(tmp_path: Path):
    config = tmp_path / "c.toml"
    config.write_text("")
    data = ics(";TZID=Asia/Kolkata:20261208T090000", ";TZID=Asia/Kolkata:20261208T100000")
    result = run(
        [
            "check",
            "-",
            "--zone",
            "Europe/Berlin",
            "--now",
            NOW,
            "--config",
            str(config),
            "--format",
            "json",
        ],
        stdin=data,
    )
    assert '"source": "<stdin>"' in result.stdout


def test_closed_pipe_exits_quietly():
    """`noshow rules | head -1`: the reader is gone before noshow writes. No "internal error",
    no "Exception ignored", just the status a shell reports for SIGPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from noshow.cli.main import main; main()", "rules"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.stderr == b""
    assert result.returncode == EXIT_BROKEN_PIPE


def request_bytes() -> bytes:
    return ics(
        ";TZID=America/New_York:20261216T100000",
        ";TZID=America/New_York:20261216T110000",
        "DESCRIPTION:Join https://meet.google.com/abc-defg-hij",
    )


def test_agenda_reads_standard_input_and_is_headed_by_title_and_time(tmp_path: Path):
    config = tmp_path / "c.toml"
    config.write_text("")
    args = ["agenda", "--calendar", "-", "--zone", "Europe/Berlin"]
    args += ["--now", "2026-12-10T09:00:00Z", "--config", str(config)]
    result = run(args, stdin=request_bytes())
    lines = result.stdout.splitlines()
    assert lines[0] == "Phone screen - Wed 16 Dec 2026 16:00 CET (UTC+01:00)"
    assert lines[1] == "  Calendar   <stdin>"
    assert lines[-1].startswith("1 interview checked: ")


def test_check_reads_its_calendar_from_standard_input(tmp_path: Path):
    invite = tmp_path / "invite.ics"
    invite.write_bytes(request_bytes())
    config = tmp_path / "c.toml"
    config.write_text("")
    args = ["check", str(invite), "--calendar", "-", "--zone", "Europe/Berlin"]
    args += ["--now", NOW, "--config", str(config), "--format", "json"]
    result = run(args, stdin=request_bytes())
    rules = {f["rule"] for f in json.loads(result.stdout)["invites"][0]["findings"]}
    assert "not-in-calendar" not in rules and "no-reminder" in rules


def test_standard_input_cannot_be_both_invites_and_calendar():
    result = run(["check", "-", "--calendar", "-"], stdin=request_bytes())
    assert result.exit_code == 2
    assert "not both" in result.output


def test_drafts_and_slots_read_the_invite_from_standard_input(tmp_path: Path):
    config = tmp_path / "c.toml"
    config.write_text("")
    common = ["--zone", "Europe/Berlin", "--now", NOW, "--config", str(config)]
    confirm = run(["confirm", "-", *common], stdin=request_bytes())
    assert confirm.exit_code == 0, confirm.output
    assert "10:00-11:00 EST (UTC-05:00)" in confirm.stdout
    slots = run(["slots", "--from", "-", *common], stdin=request_bytes())
    assert slots.exit_code == 0, slots.output
    assert "interviewer (America/New_York)" in slots.stdout


@pytest.mark.parametrize(
    ("zone", "means"),
    [
        ("EST", "America/New_York"),
        ("Etc/GMT-1", "Europe/Berlin"),
        ("CET", "Europe/Berlin"),
    ],
)
def test_abbreviation_or_fixed_offset_zone_warns_and_names_real_zones(tmp_path: Path, zone, means):
    config = tmp_path / "c.toml"
    config.write_text("")
    path = tmp_path / "i.ics"
    path.write_bytes(request_bytes())
    result = run(["check", str(path), "--zone", zone, "--now", NOW, "--config", str(config)])
    [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning.startswith(f"noshow: warning: --zone: zone '{zone}' is ")
    assert means in warning


def test_config_zone_that_is_an_abbreviation_warns(tmp_path: Path):
    config = tmp_path / "c.toml"
    config.write_text('[you]\nzone = "EST"\n')
    path = tmp_path / "i.ics"
    path.write_bytes(request_bytes())
    result = run(["check", str(path), "--now", NOW, "--config", str(config)])
    assert "noshow: warning: config [you] zone: zone 'EST'" in result.stderr


@pytest.mark.parametrize("zone", ["Europe/Berlin", "UTC", "America/New_York"])
def test_real_zones_do_not_warn(tmp_path: Path, zone):
    config = tmp_path / "c.toml"
    config.write_text("")
    path = tmp_path / "i.ics"
    path.write_bytes(request_bytes())
    result = run(["check", str(path), "--zone", zone, "--now", NOW, "--config", str(config)])
    assert "warning" not in result.stderr
