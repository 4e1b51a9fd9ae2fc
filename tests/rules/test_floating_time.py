"""NS101 floating-time: a start with no zone in an invite shared with other people.

Also Google's X-WR-TIMEZONE calendars, where a floating (or UTC) DTSTART means the calendar's
zone, not the reader's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from noshow.model import Resolution, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "floating-time"
SLUG = "floating-time"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_floating_start_in_an_invitation_is_an_error(check_file):
    [checked] = check_file(FIXTURES / "floating-start.ics")
    start = checked.invite.start
    assert start.how is Resolution.FLOATING
    assert start.zone is None
    # Read in your zone, as a calendar would: 15:00 in Berlin.
    assert start.instant == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS101", Severity.ERROR)
    assert "2026-12-10 15:00" in finding.message
    assert "Thu 10 Dec 2026 15:00 CET (UTC+01:00) for you" in finding.message
    assert "15:00 wherever the organizer" in finding.message


def test_floating_start_is_read_in_whatever_zone_you_are_in(check_file):
    [checked] = check_file(FIXTURES / "floating-start.ics", zone="America/New_York")
    assert checked.invite.start.instant == datetime(2026, 12, 10, 20, 0, tzinfo=UTC)
    [finding] = rule_findings(checked)
    assert "Thu 10 Dec 2026 15:00 EST (UTC-05:00) for you" in finding.message


def test_zoned_start_is_not_flagged(check_file):
    [checked] = check_file(FIXTURES / "zoned-start.ics")
    assert checked.invite.start.how is Resolution.IANA
    assert checked.invite.start.instant == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    assert rule_findings(checked) == []


def test_floating_time_in_a_personal_event_is_not_flagged(check_file):
    # No METHOD, ORGANIZER or ATTENDEE: nobody else reads it, so "your zone" is right.
    [checked] = check_file(FIXTURES / "personal-floating.ics")
    assert checked.invite.start.how is Resolution.FLOATING
    assert not checked.invite.is_invitation
    assert rule_findings(checked) == []


def test_google_x_wr_timezone_floating_time_is_that_zones_wall_time(check_file):
    for you in ("Europe/Berlin", "Asia/Tokyo"):
        [checked] = check_file(FIXTURES / "google-x-wr-floating.ics", zone=you)
        invite = checked.invite
        assert invite.start.how is Resolution.X_WR_TIMEZONE
        assert invite.start.zone == "America/Chicago"
        # 09:00 in Chicago, whoever reads it.
        assert invite.start.instant == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
        assert invite.end is not None
        assert invite.end.instant == datetime(2026, 12, 10, 15, 45, tzinfo=UTC)
        assert invite.start.local.isoformat() == "2026-12-10T09:00:00-06:00"
        assert invite.organizer_zone == "America/Chicago"
        assert rule_findings(checked) == []


def test_google_x_wr_timezone_utc_time_keeps_its_instant_and_gains_the_zone(check_file):
    [checked] = check_file(FIXTURES / "google-x-wr-utc.ics")
    invite = checked.invite
    assert invite.start.how is Resolution.X_WR_TIMEZONE
    assert invite.start.instant == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
    assert invite.start.local.isoformat() == "2026-12-10T09:00:00-06:00"
    assert invite.organizer_zone == "America/Chicago"
    assert checked.findings == ()


def test_cli_floating_time(run_check):
    code, data = run_check(FIXTURES / "floating-start.ics")
    assert code == 1
    [invite] = data["invites"]
    assert invite["start"]["resolution"] == "floating"
    assert invite["start"]["zone"] is None
    assert invite["start"]["utc"] == "2026-12-10T14:00:00Z"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS101", "error")
    assert "2026-12-10 15:00" in finding["message"]


def test_cli_google_floating_time_is_clean(run_check):
    code, data = run_check(FIXTURES / "google-x-wr-floating.ics", FIXTURES / "zoned-start.ics")
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    google = by_name["google-x-wr-floating.ics"]
    assert google["start"]["resolution"] == "x-wr-timezone"
    assert google["start"]["zone"] == "America/Chicago"
    assert google["start"]["utc"] == "2026-12-10T15:00:00Z"
    assert all(i["findings"] == [] for i in data["invites"])
