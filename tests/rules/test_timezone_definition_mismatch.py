"""NS103 timezone-definition-mismatch: the invite's VTIMEZONE disagrees with current tzdata.

Brazil dropped daylight saving time in 2019; Outlook and Thunderbird invites still carry the old
rules, which put a December interview an hour earlier than Brazil's clocks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from noshow.model import Resolution, Severity

FIXTURES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "timezone-definition-mismatch"
)
SLUG = "timezone-definition-mismatch"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_stale_windows_definition_is_an_error_with_both_readings(check_file):
    [checked] = check_file(FIXTURES / "stale-brazil-windows.ics")
    start = checked.invite.start
    assert (start.how, start.zone) == (Resolution.WINDOWS, "America/Sao_Paulo")
    # Current rules win: 14:00 at UTC-03:00.
    assert start.instant == datetime(2026, 12, 10, 17, 0, tzinfo=UTC)
    # The definition's stale daylight time says UTC-02:00.
    assert start.definition_instant == datetime(2026, 12, 10, 16, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS103", Severity.ERROR)
    message = finding.message
    assert "'E. South America Standard Time'" in message
    assert "14:00 on Thu 10 Dec 2026" in message
    assert "2026-12-10T16:00:00Z (Thu 10 Dec 2026 17:00 CET (UTC+01:00) for you)" in message
    assert "America/Sao_Paulo put it at 2026-12-10T17:00:00Z" in message
    assert "(Thu 10 Dec 2026 18:00 CET (UTC+01:00) for you)" in message
    assert "18:00 CET" in finding.fix
    assert "17:00 CET" in finding.fix


def test_stale_definition_under_an_iana_name_is_caught_too(check_file):
    [checked] = check_file(FIXTURES / "stale-sao-paulo-iana.ics")
    start = checked.invite.start
    assert (start.how, start.zone) == (Resolution.IANA, "America/Sao_Paulo")
    assert start.instant == datetime(2026, 12, 10, 18, 0, tzinfo=UTC)
    assert start.definition_instant == datetime(2026, 12, 10, 17, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS103", Severity.ERROR)
    assert "2026-12-10T17:00:00Z" in finding.message
    assert "2026-12-10T18:00:00Z" in finding.message
    assert "18:00 CET (UTC+01:00) for you" in finding.message
    assert "19:00 CET (UTC+01:00) for you" in finding.message


@pytest.mark.parametrize(
    ("name", "instant"),
    [
        ("current-brazil-windows.ics", datetime(2026, 12, 10, 17, 0, tzinfo=UTC)),
        ("current-berlin.ics", datetime(2026, 12, 10, 13, 0, tzinfo=UTC)),
    ],
)
def test_definition_that_agrees_with_tzdata_is_not_flagged(check_file, name, instant):
    [checked] = check_file(FIXTURES / name)
    assert checked.invite.start.instant == instant
    assert checked.invite.start.definition_instant is None
    assert rule_findings(checked) == []


def test_stale_and_current_definitions_of_one_tzid_in_one_run(check_file):
    checked = check_file(
        [FIXTURES / "stale-brazil-windows.ics", FIXTURES / "current-brazil-windows.ics"]
    )
    by_uid = {c.invite.uid[-8:]: c for c in checked}
    assert [f.code for f in by_uid["77AA88BB"].findings if f.rule == SLUG] == ["NS103"]
    assert rule_findings(by_uid["77AA88CC"]) == []


def test_cli_timezone_definition_mismatch(run_check):
    code, data = run_check(FIXTURES / "stale-brazil-windows.ics")
    assert code == 1
    [invite] = data["invites"]
    assert invite["start"]["utc"] == "2026-12-10T17:00:00Z"
    assert invite["start"]["definition_utc"] == "2026-12-10T16:00:00Z"
    assert invite["start"]["resolution"] == "windows"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS103", "error")


def test_cli_current_definition_is_clean(run_check):
    code, data = run_check(FIXTURES / "current-brazil-windows.ics")
    assert code == 0
    [invite] = data["invites"]
    assert "definition_utc" not in invite["start"]
    assert invite["findings"] == []
