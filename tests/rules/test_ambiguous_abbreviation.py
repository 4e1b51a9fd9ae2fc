"""NS105 ambiguous-abbreviation: IST (India, Ireland, Israel), or "EST" in July."""

from __future__ import annotations

from pathlib import Path

import pytest

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "ambiguous-abbreviation"
SLUG = "ambiguous-abbreviation"
JULY = "2026-07-01T09:00:00Z"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_ist_lists_every_meaning_and_the_one_that_fits(check_file):
    [checked] = check_file(FIXTURES / "ist-india.ics")
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS105", Severity.WARNING)
    message = finding.message
    assert '"2:00 PM IST" in the summary' in message
    assert "India Standard Time (UTC+05:30)" in message
    assert "Irish Summer Time (UTC+01:00)" in message
    assert "Israel Standard Time (UTC+02:00)" in message
    assert "The calendar data fits India Standard Time (UTC+05:30)." in message
    # 14:00 in Kolkata is 08:30Z, 09:30 in Berlin.
    assert "09:30 CET (UTC+01:00)" in finding.fix
    assert rule_findings(checked, "text-time-mismatch") == []


def test_est_in_july_is_a_season_warning(check_file):
    [checked] = check_file(FIXTURES / "est-in-july.ics", now=JULY)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS105", Severity.WARNING)
    assert '"10:00 AM EST" uses EST' in finding.message
    assert (
        "America/New_York is on daylight saving time (UTC-04:00), not UTC-05:00" in finding.message
    )
    # 10:00 EDT is 14:00Z, 16:00 in Berlin (summer time).
    assert "16:00 CEST (UTC+02:00)" in finding.fix
    # The region's clock agrees with the data: not a text-time mismatch.
    assert rule_findings(checked, "text-time-mismatch") == []


@pytest.mark.parametrize(
    ("name", "now", "token", "season", "actual", "literal"),
    [
        (
            "edt-in-december.ics",
            "2026-11-23T09:00:00Z",
            "EDT",
            "standard time",
            "UTC-05:00",
            "UTC-04:00",
        ),
        # "14:00 Uhr MEZ" for 14:00-15:00 in Berlin in June. Literal MEZ (UTC+01:00) is the
        # interview's end, 13:00Z; that must not count as agreeing, so the region's clock does.
        (
            "mez-in-june.ics",
            "2026-06-01T09:00:00Z",
            "MEZ",
            "daylight saving time",
            "UTC+02:00",
            "UTC+01:00",
        ),
    ],
)
def test_wrong_season_abbreviation_on_the_regions_clock(
    check_file, name, now, token, season, actual, literal
):
    [checked] = check_file(FIXTURES / name, now=now)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS105", Severity.WARNING)
    assert f"uses {token}, but on that date" in finding.message
    assert f"is on {season} ({actual}), not {literal}." in finding.message
    assert "The calendar data matches the region's clock" in finding.message
    assert rule_findings(checked, "text-time-mismatch") == []


@pytest.mark.parametrize(
    ("name", "now"), [("edt-in-july.ics", JULY), ("est-in-december.ics", "2026-11-23T09:00:00Z")]
)
def test_the_right_abbreviation_for_the_season_is_not_flagged(check_file, name, now):
    [checked] = check_file(FIXTURES / name, now=now)
    assert rule_findings(checked) == []
    assert checked.findings == ()


def test_cli_ambiguous_abbreviation(run_check):
    code, data = run_check(FIXTURES / "ist-india.ics", FIXTURES / "est-in-december.ics")
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    [finding] = by_name["ist-india.ics"]["findings"]
    assert (finding["rule"], finding["code"], finding["severity"]) == (SLUG, "NS105", "warning")
    assert by_name["est-in-december.ics"]["findings"] == []
