"""NS106 dst-gap: a local start time the clocks skip (02:30 on 29 March 2026 in Berlin)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "dst-gap"
SLUG = "dst-gap"
NOW = "2026-03-01T09:00:00Z"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_start_in_the_spring_gap_is_an_error(check_file):
    [checked] = check_file(FIXTURES / "gap-berlin.ics", now=NOW)
    start = checked.invite.start
    assert start.gap
    # RFC 5545: read with the offset before the gap, 02:30 CET = 01:30Z = 03:30 CEST.
    assert start.instant == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS106", Severity.ERROR)
    assert "02:30 on Sun 29 Mar 2026 does not exist in Europe/Berlin" in finding.message
    assert "Sun 29 Mar 2026 03:30 CEST (UTC+02:00)" in finding.message


@pytest.mark.parametrize(
    ("name", "instant"),
    [
        ("after-gap-berlin.ics", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        ("day-before-berlin.ics", datetime(2026, 3, 28, 1, 30, tzinfo=UTC)),
    ],
)
def test_times_that_exist_are_not_flagged(check_file, name, instant):
    [checked] = check_file(FIXTURES / name, now=NOW)
    assert not checked.invite.start.gap
    assert checked.invite.start.instant == instant
    assert rule_findings(checked) == []


def test_gap_is_about_the_organizers_zone_not_yours(check_file):
    [checked] = check_file(FIXTURES / "gap-berlin.ics", zone="America/New_York", now=NOW)
    [finding] = rule_findings(checked)
    assert "does not exist in Europe/Berlin" in finding.message


def test_cli_dst_gap(run_check):
    code, data = run_check(FIXTURES / "gap-berlin.ics", now=NOW)
    assert code == 1
    [invite] = data["invites"]
    assert invite["start"]["utc"] == "2026-03-29T01:30:00Z"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS106", "error")


def test_cli_no_gap(run_check):
    code, data = run_check(FIXTURES / "after-gap-berlin.ics", now=NOW)
    assert code == 0
    [invite] = data["invites"]
    assert SLUG not in {f["rule"] for f in invite["findings"]}


def test_gap_that_only_the_invites_own_definition_has(check_file):
    # "Customized Time Zone" with Brazil's old rules: clocks jumped 00:00 -> 01:00 on the first
    # Sunday of November. No real zone does that any more, so the definition is all there is.
    [checked] = check_file(FIXTURES / "gap-in-own-definition.ics", now=NOW)
    start = checked.invite.start
    assert start.gap
    # Read with the offset before the gap (UTC-03:00): 03:30Z, shown as 01:30 at UTC-02:00.
    assert start.instant == datetime(2026, 11, 1, 3, 30, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert finding.severity is Severity.ERROR
    assert "00:30 on Sun 01 Nov 2026 does not exist in Customized Time Zone" in finding.message
    assert "01:30 Customized Time Zone (UTC-02:00)" in finding.message
