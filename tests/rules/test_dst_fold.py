"""NS107 dst-fold: a local start time that happens twice (01:30 on 1 November 2026, New York)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "dst-fold"
SLUG = "dst-fold"
NOW = "2026-10-15T09:00:00Z"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_start_in_the_autumn_fold_is_a_warning_naming_both_times(check_file):
    [checked] = check_file(FIXTURES / "fold-new-york.ics", now=NOW)
    start = checked.invite.start
    assert start.fold
    # RFC 5545: the first occurrence, 01:30 EDT = 05:30Z.
    assert start.instant == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS107", Severity.WARNING)
    assert "01:30 on Sun 01 Nov 2026 happens twice in America/New_York" in finding.message
    assert "first at 01:30 EDT (UTC-04:00)" in finding.message
    assert "again at 01:30 EST (UTC-05:00)" in finding.message


def test_time_after_the_fold_is_not_flagged(check_file):
    [checked] = check_file(FIXTURES / "after-fold-new-york.ics", now=NOW)
    assert not checked.invite.start.fold
    assert checked.invite.start.instant == datetime(2026, 11, 1, 7, 30, tzinfo=UTC)
    assert rule_findings(checked) == []


def test_cli_dst_fold(run_check):
    code, data = run_check(
        FIXTURES / "fold-new-york.ics", FIXTURES / "after-fold-new-york.ics", now=NOW
    )
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    fold = by_name["fold-new-york.ics"]
    assert fold["start"]["utc"] == "2026-11-01T05:30:00Z"
    [finding] = [f for f in fold["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS107", "warning")
    assert SLUG not in {f["rule"] for f in by_name["after-fold-new-york.ics"]["findings"]}


def test_fold_that_only_the_invites_own_definition_has(check_file):
    # "Customized Time Zone" with Brazil's old rules: clocks went back 00:00 -> 23:00 on the
    # third Sunday of February (15 February 2026), so 23:30 on the 14th happened twice.
    [checked] = check_file(FIXTURES / "fold-in-own-definition.ics", now="2026-01-01T09:00:00Z")
    start = checked.invite.start
    assert start.fold
    assert start.instant == datetime(2026, 2, 15, 1, 30, tzinfo=UTC)  # the first, at UTC-02:00
    [finding] = rule_findings(checked)
    assert finding.severity is Severity.WARNING
    assert "23:30 on Sat 14 Feb 2026 happens twice in Customized Time Zone" in finding.message
    assert "first at 23:30 Customized Time Zone (UTC-02:00)" in finding.message
    assert "again at 23:30 Customized Time Zone (UTC-03:00)" in finding.message
