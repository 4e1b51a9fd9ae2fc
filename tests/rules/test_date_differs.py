"""NS110 date-differs: the interview falls on another date for you than for the organizer."""

from __future__ import annotations

from pathlib import Path

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "date-differs"
SLUG = "date-differs"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_friday_morning_in_sydney_is_thursday_night_in_berlin(check_file):
    [checked] = check_file(FIXTURES / "sydney-friday-morning.ics")
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS110", Severity.INFO)
    assert finding.message == (
        "It is on Friday 11 December for the organizer (Australia/Sydney) but "
        "Thursday 10 December for you (Europe/Berlin)."
    )
    assert "Friday 11 December / Thursday 10 December" in finding.fix


def test_same_date_in_both_zones_is_not_flagged(check_file):
    # 17:00 in Tokyo is 09:00 the same day in Berlin.
    [checked] = check_file(FIXTURES / "tokyo-afternoon.ics")
    assert rule_findings(checked) == []


def test_cli_date_differs(run_check):
    code, data = run_check(FIXTURES / "sydney-friday-morning.ics", FIXTURES / "tokyo-afternoon.ics")
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    [finding] = [f for f in by_name["sydney-friday-morning.ics"]["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS110", "info")
    assert by_name["tokyo-afternoon.ics"]["findings"] == []
