"""NS305 conflicting-end: DTEND and DURATION both given, and they disagree."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "conflicting-end"
SLUG = "conflicting-end"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_dtend_and_duration_that_disagree(check_file):
    [checked] = check_file(FIXTURES / "dtend-and-duration.ics")
    invite = checked.invite
    assert invite.conflicting_end is not None
    assert invite.conflicting_end.instant == datetime(2026, 12, 3, 11, 30, tzinfo=UTC)
    assert invite.end is not None
    assert invite.end.instant == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS305", Severity.WARNING)
    assert "DTEND says it ends Thu 3 Dec 2026 11:30 GMT (UTC+00:00)" in finding.message
    assert "DURATION says Thu 3 Dec 2026 12:00 GMT (UTC+00:00)" in finding.message


def test_dtend_and_duration_that_agree(check_file):
    [checked] = check_file(FIXTURES / "dtend-and-duration-agree.ics")
    assert checked.invite.conflicting_end is None
    assert checked.invite.end is not None
    assert checked.invite.end.instant == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert rule_findings(checked) == []


def test_cli_conflicting_end(run_check):
    code, data = run_check(
        FIXTURES / "dtend-and-duration.ics", FIXTURES / "dtend-and-duration-agree.ics"
    )
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    conflict = by_name["dtend-and-duration.ics"]
    assert [(f["rule"], f["code"], f["severity"]) for f in conflict["findings"]] == [
        (SLUG, "NS305", "warning")
    ]
    assert by_name["dtend-and-duration-agree.ics"]["findings"] == []
