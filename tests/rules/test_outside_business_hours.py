"""NS202 outside-business-hours: odd for the organizer, a hint that the zone is wrong."""

from __future__ import annotations

from pathlib import Path

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "outside-business-hours"
SLUG = "outside-business-hours"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_five_am_for_the_organizer_is_a_warning(check_file):
    [checked] = check_file(FIXTURES / "los-angeles-5am.ics")
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS202", Severity.WARNING)
    assert (
        "For the organizer (America/Los_Angeles) it starts Thu 10 Dec 2026 05:00 PST (UTC-08:00)"
        in finding.message
    )
    assert "outside business hours (08:00-18:00)" in finding.message
    assert "middle of their night" in finding.message


def test_saturday_daytime_is_an_info(check_file):
    [checked] = check_file(FIXTURES / "new-york-saturday.ics")
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS202", Severity.INFO)
    assert "Sat 12 Dec 2026 11:00 EST (UTC-05:00), on a Saturday." in finding.message
    assert "middle of their night" not in finding.message
    assert "business hours" not in finding.message


def test_weekday_morning_is_not_flagged(check_file):
    [checked] = check_file(FIXTURES / "new-york-weekday.ics")
    assert rule_findings(checked) == []


def test_cli_outside_business_hours(run_check):
    code, data = run_check(
        FIXTURES / "los-angeles-5am.ics",
        FIXTURES / "new-york-saturday.ics",
        FIXTURES / "new-york-weekday.ics",
    )
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    severities = {
        name: [(f["code"], f["severity"]) for f in invite["findings"] if f["rule"] == SLUG]
        for name, invite in by_name.items()
    }
    assert severities == {
        "los-angeles-5am.ics": [("NS202", "warning")],
        "new-york-saturday.ics": [("NS202", "info")],
        "new-york-weekday.ics": [],
    }
