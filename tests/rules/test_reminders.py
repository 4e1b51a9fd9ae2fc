"""NS207 no-reminder / NS208 single-reminder / NS210 not-in-calendar: the interview's own entry
in your calendar, found by UID.

``noshow check invite.ics --calendar cal.ics``: cal.ics holds the accepted interview (same UID)
with no, one or two VALARMs, or does not hold it at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CALENDARS = Path(__file__).resolve().parents[1] / "fixtures" / "calendars"
REMINDERS = CALENDARS / "reminders"
VIDEO = CALENDARS / "invites" / "video-teams.ics"
RULES = {"no-reminder", "single-reminder", "not-in-calendar"}


def reminder_findings(data: dict) -> list[tuple[str, str, str]]:
    [invite] = data["invites"]
    return [(f["rule"], f["code"], f["severity"]) for f in invite["findings"] if f["rule"] in RULES]


def check_with(run_check, *calendars: Path, now: str = "2026-11-23T09:00:00Z"):
    extra = [arg for c in calendars for arg in ("--calendar", str(c))]
    return run_check(VIDEO, now=now, extra=extra)


def test_no_alarm_is_a_warning(run_check):
    code, data = check_with(run_check, REMINDERS / "accepted-no-alarm.ics")
    assert code == 0
    assert reminder_findings(data) == [("no-reminder", "NS207", "warning")]
    [invite] = data["invites"]
    [finding] = [f for f in invite["findings"] if f["rule"] == "no-reminder"]
    assert finding["message"] == "The interview in your calendar has no reminder (no VALARM)."


def test_one_alarm_is_a_note(run_check):
    code, data = check_with(run_check, REMINDERS / "accepted-one-alarm.ics")
    assert code == 0
    assert reminder_findings(data) == [("single-reminder", "NS208", "info")]
    [invite] = data["invites"]
    [finding] = [f for f in invite["findings"] if f["rule"] == "single-reminder"]
    assert "one reminder: a single point of failure" in finding["message"]


def test_two_alarms_are_fine(run_check):
    code, data = check_with(run_check, REMINDERS / "accepted-two-alarms.ics")
    assert code == 0
    assert reminder_findings(data) == []


def test_interview_not_in_the_calendar(run_check):
    calendar = REMINDERS / "not-accepted.ics"
    code, data = check_with(run_check, calendar)
    assert code == 0
    assert reminder_findings(data) == [("not-in-calendar", "NS210", "warning")]
    [invite] = data["invites"]
    [finding] = [f for f in invite["findings"] if f["rule"] == "not-in-calendar"]
    assert f"(UID {invite['uid']}) is not in your calendar ({calendar})." in finding["message"]
    assert "noshow import" in finding["fix"]


def test_not_in_calendar_names_every_calendar(run_check):
    first, second = REMINDERS / "not-accepted.ics", CALENDARS / "conflict" / "free-time.ics"
    _code, data = check_with(run_check, first, second)
    [invite] = data["invites"]
    [finding] = [f for f in invite["findings"] if f["rule"] == "not-in-calendar"]
    assert finding["message"].endswith(f"is not in your calendar ({first}, {second}).")


def test_found_in_any_of_several_calendars(run_check):
    _code, data = check_with(
        run_check, REMINDERS / "not-accepted.ics", REMINDERS / "accepted-two-alarms.ics"
    )
    assert reminder_findings(data) == []


def test_without_a_calendar_none_of_them_fire(run_check):
    _code, data = run_check(VIDEO)
    assert reminder_findings(data) == []


@pytest.mark.parametrize(
    "name", ["accepted-no-alarm.ics", "accepted-one-alarm.ics", "not-accepted.ics"]
)
def test_past_interviews_need_no_reminder(run_check, name):
    """After the interview has started, a missing reminder no longer matters."""
    _code, data = check_with(run_check, REMINDERS / name, now="2026-12-03T14:30:00Z")
    assert reminder_findings(data) == []
