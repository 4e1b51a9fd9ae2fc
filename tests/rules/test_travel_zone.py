"""NS109 travel-zone: you will be in another zone than home at the interview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from noshow.model import Severity, Travel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "travel-zone"
SLUG = "travel-zone"
NEW_YORK_TRIP = Travel("America/New_York", date(2026, 12, 1), date(2026, 12, 5))


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_interview_during_a_trip_is_read_where_you_will_be(check_file):
    [checked] = check_file(FIXTURES / "london-interview.ics", travel=[NEW_YORK_TRIP])
    assert checked.you_zone == "America/New_York"
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS109", Severity.WARNING)
    assert "You will be in America/New_York then" in finding.message
    assert "Thu 3 Dec 2026 05:00 EST (UTC-05:00) where you will be" in finding.message
    assert "not Thu 3 Dec 2026 11:00 CET (UTC+01:00) as at home (Europe/Berlin)" in finding.message
    # 05:00 where you will be: the other rules use the travel zone too.
    assert rule_findings(checked, "odd-hour")


def test_interview_after_the_trip_is_not_flagged(check_file):
    [checked] = check_file(FIXTURES / "after-trip.ics", travel=[NEW_YORK_TRIP])
    assert checked.you_zone == "Europe/Berlin"
    assert rule_findings(checked) == []


@pytest.mark.parametrize(
    ("start", "end", "fires"),
    [
        (date(2026, 12, 3), date(2026, 12, 3), True),  # a one-day trip, inclusive
        (date(2026, 11, 28), date(2026, 12, 2), False),  # back home the day before
        (date(2026, 12, 4), date(2026, 12, 9), False),  # leaving the day after
    ],
)
def test_trip_dates_are_inclusive(check_file, start, end, fires):
    trip = Travel("America/New_York", start, end)
    [checked] = check_file(FIXTURES / "london-interview.ics", travel=[trip])
    assert bool(rule_findings(checked)) is fires


def test_cli_travel_option(run_check):
    code, data = run_check(
        FIXTURES / "london-interview.ics",
        FIXTURES / "after-trip.ics",
        extra=["--travel", "America/New_York:2026-12-01:2026-12-05"],
    )
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    during = by_name["london-interview.ics"]
    assert during["you"]["zone"] == "America/New_York"
    assert during["you"]["start"] == "2026-12-03T05:00:00-05:00"
    [finding] = [f for f in during["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS109", "warning")
    after = by_name["after-trip.ics"]
    assert after["you"]["zone"] == "Europe/Berlin"
    assert after["findings"] == []


def test_cli_travel_from_config(run_check):
    code, data = run_check(FIXTURES / "london-interview.ics", config=FIXTURES / "travel.toml")
    assert code == 0
    [invite] = data["invites"]
    assert invite["you"]["zone"] == "America/New_York"
    assert SLUG in {f["rule"] for f in invite["findings"]}
