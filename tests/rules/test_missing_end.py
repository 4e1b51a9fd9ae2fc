"""NS303 missing-end: neither DTEND nor DURATION."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "missing-end"
SLUG = "missing-end"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_no_end_is_a_warning(check_file):
    [checked] = check_file(FIXTURES / "no-end.ics")
    assert checked.invite.end is None
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS303", Severity.WARNING)
    assert "no end (no DTEND or DURATION)" in finding.message


def test_duration_is_an_end(check_file):
    [checked] = check_file(FIXTURES / "duration-only.ics")
    assert checked.invite.end is not None
    assert checked.invite.end.instant == datetime(2026, 12, 2, 15, 45, tzinfo=UTC)
    assert rule_findings(checked) == []


def test_cli_missing_end(run_check):
    code, data = run_check(FIXTURES / "no-end.ics", FIXTURES / "duration-only.ics")
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    no_end = by_name["no-end.ics"]
    assert no_end["end"] is None
    assert no_end["you"]["end"] is None
    assert [(f["rule"], f["code"], f["severity"]) for f in no_end["findings"]] == [
        (SLUG, "NS303", "warning")
    ]
    assert by_name["duration-only.ics"]["end"]["utc"] == "2026-12-02T15:45:00Z"
    assert by_name["duration-only.ics"]["findings"] == []
