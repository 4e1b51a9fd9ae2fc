"""NS102 unknown-timezone: a TZID that is neither an IANA nor a Windows name.

An error when nothing explains the TZID; a warning when only the invite's own VTIMEZONE does.
(How the many real-world spellings of known zones resolve is in test_zone_names.py.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from noshow.model import Resolution, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "unknown-timezone"
SLUG = "unknown-timezone"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_tzid_nobody_knows_is_an_error(check_file):
    [checked] = check_file(FIXTURES / "unknown-tzid.ics")
    start = checked.invite.start
    assert start.how is Resolution.UNKNOWN
    assert start.tzid == "Local Time"
    # Read in your zone, as calendars fall back to.
    assert start.instant == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS102", Severity.ERROR)
    assert "'Local Time'" in finding.message
    assert "Thu 10 Dec 2026 15:00 CET (UTC+01:00)" in finding.message


def test_tzid_explained_only_by_its_own_definition_is_a_warning(check_file):
    # Outlook's "Customized Time Zone" carrying Brazil's pre-2019 daylight saving rules:
    # no zone in current tzdata follows them, so only the definition gives an instant.
    [checked] = check_file(FIXTURES / "definition-only.ics")
    start = checked.invite.start
    assert start.how is Resolution.DEFINITION
    assert start.zone is None
    # 14:00 at the definition's UTC-02:00 in December.
    assert start.instant == datetime(2026, 12, 10, 16, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS102", Severity.WARNING)
    assert "'Customized Time Zone'" in finding.message
    assert "only the invite's own definition" in finding.message
    assert "Thu 10 Dec 2026 14:00" in finding.message
    assert "(UTC-02:00)" in finding.message


def test_iana_tzid_without_vtimezone_is_fine(check_file):
    [checked] = check_file(FIXTURES / "iana-without-vtimezone.ics")
    assert checked.invite.start.how is Resolution.IANA
    assert checked.invite.start.zone == "America/Chicago"
    assert checked.invite.start.instant == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    assert rule_findings(checked) == []


@pytest.mark.parametrize(
    "name",
    [
        "windows-name.ics",
        "windows-name-without-vtimezone.ics",
        "outlook-display-name.ics",
        "outlook-display-name-without-vtimezone.ics",
        "outlook-display-names-us.ics",
        "tzone-microsoft-custom.ics",
        "tzone-microsoft-utc.ics",
        "mitteleuropaeische-zeit.ics",
        "trailing-colon.ics",
        "customized-us-eastern.ics",
        "customized-central-european.ics",
    ],
)
def test_zone_names_that_resolve_are_not_unknown(check_file, name):
    checked = check_file(FIXTURES / name, now="2026-05-01T09:00:00Z")
    assert checked
    for item in checked:
        assert rule_findings(item) == [], (name, item.findings)


def test_cli_unknown_timezone_error(run_check):
    code, data = run_check(FIXTURES / "unknown-tzid.ics")
    assert code == 1
    [invite] = data["invites"]
    assert invite["start"]["resolution"] == "unknown"
    assert invite["start"]["tzid"] == "Local Time"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS102", "error")


def test_cli_definition_only_is_a_warning(run_check):
    code, data = run_check(FIXTURES / "definition-only.ics")
    assert code == 0
    [invite] = data["invites"]
    assert invite["start"]["resolution"] == "definition"
    assert invite["start"]["utc"] == "2026-12-10T16:00:00Z"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS102", "warning")


def test_cli_unreadable_input_exits_2_and_still_reports_the_rest(run_check):
    code, data = run_check(FIXTURES / "not-a-calendar.ics", FIXTURES / "iana-without-vtimezone.ics")
    assert code == 2
    [error] = data["errors"]
    assert error["source"].endswith("not-a-calendar.ics")
    assert "not a calendar" in error["message"]
    [invite] = data["invites"]
    assert invite["start"]["utc"] == "2026-12-10T15:00:00Z"


def test_unusable_x_wr_timezone_with_utc_times_is_reported_not_guessed(check_file):
    [checked] = check_file(FIXTURES / "bad-x-wr-timezone-utc.ics")
    invite = checked.invite
    assert invite.start.how is Resolution.UTC  # exact, but no zone is made up
    assert invite.organizer_zone is None
    assert invite.start.instant == datetime(2026, 12, 16, 15, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert finding.severity is Severity.WARNING
    assert "X-WR-TIMEZONE 'Eastern' is not a time zone name" in finding.message
    assert "America/New_York" in finding.message and "does not guess" in finding.message


def test_unusable_x_wr_timezone_with_floating_times_is_an_error(check_file):
    [checked] = check_file(FIXTURES / "bad-x-wr-timezone-floating.ics")
    invite = checked.invite
    assert invite.start.how is Resolution.FLOATING
    assert invite.start.zone is None
    [finding] = rule_findings(checked)
    assert finding.severity is Severity.ERROR
    assert "read in your zone it would be Wed 16 Dec 2026 10:00 CET (UTC+01:00)" in finding.message


def test_usable_x_wr_timezone_is_not_reported(check_file, tmp_path):
    path = tmp_path / "good.ics"
    text = (FIXTURES / "bad-x-wr-timezone-utc.ics").read_text()
    path.write_text(text.replace("X-WR-TIMEZONE:Eastern", "X-WR-TIMEZONE:America/New_York"))
    [checked] = check_file(path)
    assert checked.invite.organizer_zone == "America/New_York"
    assert rule_findings(checked) == []
