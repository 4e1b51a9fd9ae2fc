"""Small zone helpers, pinned exactly (these killed mutants the mutation report found)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from noshow.zones import defuse_tzids, offset_text, zone_exists, zone_file_trap


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (timedelta(0), "UTC+00:00"),
        (timedelta(hours=5, minutes=30), "UTC+05:30"),
        (timedelta(hours=-3), "UTC-03:00"),
        (timedelta(minutes=-1), "UTC-00:01"),
        (timedelta(hours=-9, minutes=-30), "UTC-09:30"),
        (timedelta(minutes=53, seconds=28), "UTC+00:53:28"),
        (None, "UTC?"),
    ],
)
def test_offset_text(offset: timedelta | None, text: str) -> None:
    assert offset_text(offset) == text


@pytest.mark.parametrize(
    ("name", "exists"),
    [("Europe/Berlin", True), ("europe/berlin", True), ("UTC", True), ("Europe", False),
     ("Mars/Olympus", False), ("", False), ("A" * 300, False)],
)  # fmt: skip
def test_zone_exists(name: str, exists: bool) -> None:
    assert zone_exists(name) is exists


@pytest.mark.parametrize(
    ("tzid", "trap"),
    [("Europe", True), ("America", True), ("A" * 300, True), ("/vendor/Europe", True),
     ("Europe/Berlin", False), ("Canada/Atlantic", False), ("America/Indiana", True), ("Customized Time Zone", False), ("Mars/Olympus", False),
     ("", False), ("..", False)],
)  # fmt: skip
def test_zone_file_trap(tzid: str, trap: bool) -> None:
    assert zone_file_trap(tzid) is trap


def test_defuse_tzids_renames_traps_alike_in_parameters_and_definitions() -> None:
    text = (
        "BEGIN:VTIMEZONE\r\nTZID:Europe\r\nEND:VTIMEZONE\r\n"
        'DTSTART;TZID=Europe:20261201T100000\r\nDTEND;TZID="Europe":20261201T110000\r\n'
        "DTSTAMP;TZID=Europe/Berlin:20261201T100000\r\n"
    )
    defused = defuse_tzids(text)
    assert "TZID:Europe (not a zone)\r\n" in defused
    assert "DTSTART;TZID=Europe (not a zone):" in defused
    assert 'DTEND;TZID="Europe (not a zone)":' in defused
    assert "TZID=Europe/Berlin:" in defused
    assert defuse_tzids("BEGIN:VEVENT\r\n") == "BEGIN:VEVENT\r\n"
