"""NS108 offset-change: the hour difference on the interview day is not today's.

The US starts daylight saving time on 8 March 2026, the EU on 29 March. On 10 March New York is
5 hours behind Berlin; on 2 April it is 6 hours behind again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "offset-change"
SLUG = "offset-change"
BETWEEN_SWITCHES = "2026-03-10T12:00:00Z"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_difference_changes_before_the_interview(check_file):
    [checked] = check_file(FIXTURES / "spring-new-york.ics", now=BETWEEN_SWITCHES)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS108", Severity.WARNING)
    assert "Today America/New_York is 5 hours behind Europe/Berlin" in finding.message
    assert "on Thursday 2 April America/New_York is 6 hours behind Europe/Berlin" in finding.message


@pytest.mark.parametrize(
    ("name", "now"),
    [
        # Both already on summer time today and on the day.
        ("spring-new-york.ics", "2026-03-30T12:00:00Z"),
        # Today and on the day both fall between the US and the EU switch.
        ("before-europe-switch.ics", BETWEEN_SWITCHES),
        # Both still on standard time today... and already on summer time on the day.
        ("spring-new-york.ics", "2026-02-10T12:00:00Z"),
    ],
)
def test_same_difference_today_and_on_the_day_is_not_flagged(check_file, name, now):
    [checked] = check_file(FIXTURES / name, now=now)
    assert rule_findings(checked) == []


def test_same_zone_as_the_organizer_is_never_flagged(check_file):
    [checked] = check_file(
        FIXTURES / "spring-new-york.ics", zone="America/New_York", now=BETWEEN_SWITCHES
    )
    assert rule_findings(checked) == []


def test_cli_offset_change(run_check):
    code, data = run_check(FIXTURES / "spring-new-york.ics", now=BETWEEN_SWITCHES)
    assert code == 0
    [invite] = data["invites"]
    assert invite["you"]["start"] == "2026-04-02T16:00:00+02:00"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS108", "warning")
