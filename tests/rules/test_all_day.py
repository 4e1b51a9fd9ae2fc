"""NS306 all-day: an invitation with a date but no time of day."""

from __future__ import annotations

from pathlib import Path

from noshow.model import Resolution, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "all-day"
SLUG = "all-day"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_all_day_invitation_is_a_warning(check_file):
    [checked] = check_file(FIXTURES / "all-day-invite.ics")
    assert checked.invite.all_day
    assert checked.invite.start.how is Resolution.DATE
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS306", Severity.WARNING)
    assert "all-day event on Thu 03 Dec 2026" in finding.message
    # Midnight is not a time anybody chose: no night, business-hours or date findings.
    assert [f.rule for f in checked.findings] == [SLUG]


def test_personal_all_day_event_is_not_flagged(check_file):
    [checked] = check_file(FIXTURES / "personal-all-day.ics")
    assert checked.invite.all_day
    assert rule_findings(checked) == []


def test_cli_all_day(run_check):
    code, data = run_check(FIXTURES / "all-day-invite.ics", FIXTURES / "personal-all-day.ics")
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    invite = by_name["all-day-invite.ics"]
    assert invite["start"]["resolution"] == "date"
    assert [(f["rule"], f["code"], f["severity"]) for f in invite["findings"]] == [
        (SLUG, "NS306", "warning")
    ]
    assert by_name["personal-all-day.ics"]["findings"] == []
