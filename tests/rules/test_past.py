"""NS304 past: the interview is over."""

from __future__ import annotations

from pathlib import Path

import pytest

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "past"
SLUG = "past"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_last_weeks_interview_is_past(check_file):
    [checked] = check_file(FIXTURES / "last-week.ics")
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS304", Severity.INFO)
    assert finding.message == (
        "The interview was at Mon 16 Nov 2026 10:00 GMT (UTC+00:00): it is in the past."
    )


@pytest.mark.parametrize(
    ("name", "now"),
    [
        ("in-progress.ics", "2026-11-23T09:00:00Z"),  # 08:30-09:30: still running
        ("last-week.ics", "2026-11-16T10:59:00Z"),  # a minute before it ends
        ("last-week.ics", "2026-11-01T00:00:00Z"),  # well before
    ],
)
def test_interview_not_yet_over_is_not_past(check_file, name, now):
    [checked] = check_file(FIXTURES / name, now=now)
    assert rule_findings(checked) == []


def test_interview_is_past_once_it_has_ended(check_file):
    [checked] = check_file(FIXTURES / "in-progress.ics", now="2026-11-23T09:30:00Z")
    assert [f.code for f in rule_findings(checked)] == ["NS304"]


def test_cli_past(run_check):
    code, data = run_check(FIXTURES / "last-week.ics", FIXTURES / "in-progress.ics")
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    past = by_name["last-week.ics"]
    assert [(f["rule"], f["code"], f["severity"]) for f in past["findings"]] == [
        (SLUG, "NS304", "info")
    ]
    assert by_name["in-progress.ics"]["findings"] == []
