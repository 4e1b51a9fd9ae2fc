"""NS203 conflict: another busy event in your calendar overlaps the interview.

The interview is a Teams video interview on Thu 3 Dec 2026 15:00-16:00 Berlin time; each
calendar under fixtures/calendars/conflict is one situation in your own calendar that day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from noshow.calendars.busy import BusyEvent
from noshow.invites import read_document
from noshow.model import Severity, You
from noshow.rules import CalendarView, RuleContext, Selection, run_rules

CALENDARS = Path(__file__).resolve().parents[1] / "fixtures" / "calendars"
CONFLICT = CALENDARS / "conflict"
VIDEO = CALENDARS / "invites" / "video-teams.ics"
SLUG = "conflict"
#: The calendar rules that read busy time: none of them may fire for time that is free.
BUSY_RULES = {"conflict", "no-buffer-before", "no-buffer-after"}


def findings(data: dict, rule: str = SLUG) -> list[dict]:
    [invite] = data["invites"]
    return [f for f in invite["findings"] if f["rule"] == rule]


def rules_fired(data: dict) -> set[str]:
    [invite] = data["invites"]
    return {f["rule"] for f in invite["findings"]}


def test_overlapping_meeting_is_an_error_naming_it(run_check):
    calendar = CONFLICT / "team-sync.ics"
    code, data = run_check(VIDEO, extra=["--calendar", str(calendar)])
    assert code == 1
    [finding] = findings(data)
    assert (finding["code"], finding["severity"]) == ("NS203", "error")
    message = finding["message"]
    assert message.startswith(f'"Team sync" in your calendar ({calendar}) runs ')
    assert "Thu 3 Dec 2026 14:30 CET (UTC+01:00) to 15:30 CET (UTC+01:00)" in message
    assert "overlapping the interview at Thu 3 Dec 2026 15:00 CET (UTC+01:00)" in message
    assert finding["fix"] == 'Move or decline "Team sync", or ask to move the interview.'
    # Lunch 12:00-13:00 the same day is busy too, but neither overlaps nor crowds the interview.
    assert "Lunch with Sam" not in str(data)


def test_conflict_times_are_in_your_zone(run_check):
    """Seen from New York the same clash is told in New York time."""
    code, data = run_check(
        VIDEO, zone="America/New_York", extra=["--calendar", str(CONFLICT / "team-sync.ics")]
    )
    assert code == 1
    [finding] = findings(data)
    assert "Thu 3 Dec 2026 08:30 EST (UTC-05:00) to 09:30 EST (UTC-05:00)" in finding["message"]
    assert "interview at Thu 3 Dec 2026 09:00 EST (UTC-05:00)" in finding["message"]


def test_transparent_cancelled_and_plain_all_day_events_are_free(run_check):
    """Focus time (TRANSP:TRANSPARENT), a cancelled 1:1 and a birthday (all-day, not OPAQUE)
    all sit on the interview; none of them takes up time."""
    code, data = run_check(VIDEO, extra=["--calendar", str(CONFLICT / "free-time.ics")])
    assert code == 0
    assert rules_fired(data) & BUSY_RULES == set()


def test_opaque_all_day_event_conflicts(run_check):
    code, data = run_check(VIDEO, extra=["--calendar", str(CONFLICT / "offsite-all-day.ics")])
    assert code == 1
    [finding] = findings(data)
    assert finding["message"].startswith('"Team offsite Potsdam" in your calendar')
    assert (
        "runs Thu 3 Dec 2026 00:00 CET (UTC+01:00) to 00:00 CET (UTC+01:00)" in finding["message"]
    )


def test_the_interview_never_conflicts_with_itself(run_check):
    """After accepting, the interview is in your calendar at the same time, with the same UID."""
    _code, data = run_check(VIDEO, extra=["--calendar", str(CONFLICT / "own-entry.ics")])
    assert findings(data) == []
    assert rules_fired(data) & BUSY_RULES == set()
    assert "not-in-calendar" not in rules_fired(data)


def test_weekly_meeting_occurrence_overlaps(run_check):
    """A Thursday jour fixe 15:30-16:30 since January 2025 collides with this week's interview."""
    code, data = run_check(VIDEO, extra=["--calendar", str(CONFLICT / "weekly-jour-fixe.ics")])
    assert code == 1
    [finding] = findings(data)
    assert finding["message"].startswith('"Jour fixe platform team" in your calendar')
    assert "Thu 3 Dec 2026 15:30 CET (UTC+01:00) to 16:30 CET (UTC+01:00)" in finding["message"]


def test_weekly_meeting_moved_away_no_longer_conflicts(run_check):
    """This week's jour fixe was moved (RECURRENCE-ID) to 11:00-12:00: no clash, no buffer issue."""
    code, data = run_check(VIDEO, extra=["--calendar", str(CONFLICT / "weekly-moved.ics")])
    assert code == 0
    assert rules_fired(data) & BUSY_RULES == set()


def test_weekly_meeting_cancelled_this_week_does_not_conflict(run_check):
    for name in ("weekly-cancelled.ics", "weekly-exdate.ics"):  # STATUS:CANCELLED override; EXDATE
        code, data = run_check(VIDEO, extra=["--calendar", str(CONFLICT / name)])
        assert code == 0, name
        assert rules_fired(data) & BUSY_RULES == set(), name


def test_floating_event_is_read_in_your_zone(run_check):
    """A floating 15:30 dentist appointment happens at 15:30 wherever you are: in Berlin it
    clashes with the 15:00 Berlin interview; in London it is 15:30 GMT, after the interview
    (14:00-15:00 GMT) with half an hour to spare."""
    calendar = str(CONFLICT / "floating.ics")
    code, data = run_check(VIDEO, zone="Europe/Berlin", extra=["--calendar", calendar])
    assert code == 1
    [finding] = findings(data)
    assert "Dentist (Dr. Weber)" in finding["message"]
    assert "Thu 3 Dec 2026 15:30 CET (UTC+01:00) to 16:15 CET (UTC+01:00)" in finding["message"]

    code, data = run_check(VIDEO, zone="Europe/London", extra=["--calendar", calendar])
    assert code == 0
    assert rules_fired(data) & BUSY_RULES == set()


def test_two_calendars_each_conflict(run_check):
    code, data = run_check(
        VIDEO,
        extra=[
            "--calendar",
            str(CONFLICT / "team-sync.ics"),
            "--calendar",
            str(CONFLICT / "offsite-all-day.ics"),
        ],
    )
    assert code == 1
    summaries = sorted(f["message"].split('"')[1] for f in findings(data))
    assert summaries == ["Team offsite Potsdam", "Team sync"]


def test_without_a_calendar_there_is_no_conflict_check(run_check):
    code, data = run_check(VIDEO)
    assert code == 0
    assert findings(data) == []


# -- the rule's edges, on busy time given directly -------------------------------------------------

START = datetime(2026, 12, 3, 14, tzinfo=UTC)  # 15:00 Berlin


def conflicts(*busy: tuple[datetime, datetime], cancelled: bool = False) -> list:
    [invite] = read_document(str(VIDEO), VIDEO.read_bytes(), "Europe/Berlin").invites
    if cancelled:
        invite = replace(invite, status="CANCELLED")
    view = CalendarView(
        tuple(BusyEvent(s, e, f"busy {i}", f"uid-{i}", "cal.ics") for i, (s, e) in enumerate(busy)),
        alarms=2,
        sources=("cal.ics",),
    )
    ctx = RuleContext(
        invite, You("Europe/Berlin"), datetime(2026, 11, 23, 9, tzinfo=UTC), calendar=view
    )
    return run_rules(ctx, Selection(select=[SLUG]))


def test_touching_is_not_overlapping():
    hour = timedelta(hours=1)
    assert conflicts((START - hour, START)) == []  # ends as the interview starts
    assert conflicts((START + hour, START + 2 * hour)) == []  # starts as the interview ends
    [finding] = conflicts((START - hour, START + timedelta(minutes=1)))
    assert finding.severity is Severity.ERROR


def test_zero_length_busy_event_inside_the_interview_conflicts():
    [finding] = conflicts((START + timedelta(minutes=30), START + timedelta(minutes=30)))
    assert finding.code == "NS203"


def test_cancelled_interview_has_no_conflict():
    assert conflicts((START, START + timedelta(hours=1)), cancelled=True) == []
