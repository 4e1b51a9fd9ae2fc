"""Public holidays by default: each party's country from their IANA zone (tzdata's zone.tab)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from noshow.cli.main import cli
from noshow.zonecountry import country_of_zone


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("US/Eastern", "US"),  # a link
        ("Europe/Berlin", "DE"),
        ("Europe/Busingen", "DE"),
        ("Asia/Kolkata", "IN"),
        ("Asia/Calcutta", "IN"),  # the old name
        ("America/Sao_Paulo", "BR"),
        ("Brazil/East", "BR"),
        ("Asia/Tokyo", "JP"),
        ("Japan", "JP"),
        ("Europe/London", "GB"),
        ("Australia/Sydney", "AU"),
        ("Europe/Zurich", "CH"),
        ("Europe/Kiev", "UA"),
        ("UTC", None),
        ("Etc/GMT+5", None),
        ("Not/A_Zone", None),
        ("", None),
        (None, None),
    ],
)
def test_country_of_zone(zone: str | None, country: str | None) -> None:
    assert country_of_zone(zone) == country


#: (interviewer's zone, country, a weekday public holiday there, now: two days before)
HOLIDAYS = [
    ("America/New_York", "US", "2026-11-26", "2026-11-24T00:00:00Z"),  # Thanksgiving
    ("Europe/Berlin", "DE", "2026-12-25", "2026-12-23T00:00:00Z"),  # Christmas Day
    ("Asia/Kolkata", "IN", "2026-10-02", "2026-09-30T00:00:00Z"),  # Gandhi Jayanti
    ("America/Sao_Paulo", "BR", "2026-11-20", "2026-11-18T00:00:00Z"),  # Zumbi, Black Awareness
    ("Asia/Tokyo", "JP", "2026-11-03", "2026-11-01T00:00:00Z"),  # Culture Day
]


def _slots(tmp_path: Path, *args: str, now: str) -> dict[str, Any]:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    argv = ["slots", *args, "--config", str(config), "--format", "json", "--now", now]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(("zone", "country", "holiday", "now"), HOLIDAYS)
def test_the_interviewers_holidays_come_from_their_zone(
    tmp_path: Path, zone: str, country: str, holiday: str, now: str
) -> None:
    common = ("--interviewer-zone", zone, "--zone", zone, "--count", "4", "--min-notice", "0m")
    data = _slots(tmp_path, *common, now=now)
    days = [s["start"]["interviewer"][:10] for s in data["slots"]]
    assert holiday not in days
    assert data["holidays"]["interviewer"] == {"country": country, "from": f"their zone {zone}"}
    assert data["holidays"]["you"] == {"country": country, "from": f"your zone {zone}"}
    off = _slots(tmp_path, *common, "--country", "none", "--interviewer-country", "none", now=now)
    assert holiday in [s["start"]["interviewer"][:10] for s in off["slots"]]
    assert off["holidays"]["interviewer"] == {"country": None, "from": "--interviewer-country none"}


@pytest.mark.parametrize(("zone", "country", "holiday", "now"), HOLIDAYS)
def test_your_holidays_come_from_your_zone(
    tmp_path: Path, zone: str, country: str, holiday: str, now: str
) -> None:
    """Your holiday blocks the interviewer's working day too (UTC interviewer, no holidays)."""
    common = ("--interviewer-zone", "UTC", "--zone", zone, "--count", "4", "--min-notice", "0m")
    common += ("--hours", "00:00-23:59", "--interviewer-hours", "00:00-23:59")
    data = _slots(tmp_path, *common, now=now)
    assert data["holidays"]["you"]["country"] == country
    assert data["holidays"]["interviewer"] == {
        "country": None,
        "from": "their zone UTC is in no country",
    }
    assert holiday not in [s["start"]["you"][:10] for s in data["slots"]]


def test_the_config_country_overrides_your_zone(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[you]\nzone = "Europe/Berlin"\ncountry = "DE-BY"\n', encoding="utf-8")
    argv = ["slots", "--interviewer-zone", "Europe/London", "--config", str(config)]
    argv += ["--format", "json", "--count", "5", "--now", "2027-01-03T09:00:00Z"]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["holidays"]["you"] == {"country": "DE-BY", "from": "config you.country"}
    assert "2027-01-06" not in [s["start"]["you"][:10] for s in data["slots"]]  # Epiphany in BY


def test_text_output_names_the_holiday_calendars(tmp_path: Path) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    argv = ["slots", "--interviewer-zone", "Asia/Tokyo", "--zone", "America/Sao_Paulo"]
    argv += ["--config", str(config), "--now", "2026-11-01T00:00:00Z", "--hours", "00:00-23:59"]
    result = CliRunner().invoke(cli, argv)
    assert (
        "Public holidays skipped: yours: BR (from your zone America/Sao_Paulo); the "
        "interviewer's: JP (from their zone Asia/Tokyo)." in result.stdout
    )
