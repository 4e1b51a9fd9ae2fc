"""NS204 no-buffer-before / NS205 no-buffer-after: too little time around the interview.

The buffer depends on the kind of interview, read from the invite: video (a Teams, Zoom, Meet or
Webex link) 15 min, phone 10 min, in person (a street address) 45 min. The three invites under
fixtures/calendars/invites all start Thu 3 Dec 2026 15:00 Berlin time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from noshow.calendars.busy import BusyEvent
from noshow.invites import read_document
from noshow.joininfo import Kind, join_info
from noshow.model import Invite, Severity, You
from noshow.rules import CalendarView, CheckSettings, RuleContext, Selection, run_rules

CALENDARS = Path(__file__).resolve().parents[1] / "fixtures" / "calendars"
INVITES = CALENDARS / "invites"
BUFFERS = CALENDARS / "buffers"
VIDEO = INVITES / "video-teams.ics"
PHONE = INVITES / "phone-screen.ics"
IN_PERSON = INVITES / "onsite-berlin.ics"
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def load(path: Path) -> Invite:
    [invite] = read_document(str(path), path.read_bytes(), "Europe/Berlin").invites
    return invite


def buffer_findings(
    invite: Invite, *busy: tuple[datetime, datetime], settings: CheckSettings | None = None
):
    view = CalendarView(
        tuple(
            BusyEvent(s, e, f"Meeting {i}", f"uid-{i}", "cal.ics") for i, (s, e) in enumerate(busy)
        ),
        alarms=2,
        sources=("cal.ics",),
    )
    ctx = RuleContext(invite, You("Europe/Berlin"), NOW, settings or CheckSettings(), view)
    return run_rules(ctx, Selection(select=["no-buffer-before", "no-buffer-after"]))


@pytest.mark.parametrize(
    ("path", "kind", "need", "reason"),
    [
        (VIDEO, Kind.VIDEO, 15, "to test the link, camera and microphone"),
        (PHONE, Kind.PHONE, 10, "to be somewhere quiet with the phone ready"),
        (IN_PERSON, Kind.IN_PERSON, 45, "to travel there"),
    ],
    ids=["video", "phone", "in-person"],
)
def test_buffer_before_by_kind(path: Path, kind: Kind, need: int, reason: str) -> None:
    invite = load(path)
    assert join_info(invite).kind is kind
    start = invite.start.instant
    hour = timedelta(hours=1)
    # Exactly the buffer: fine.
    assert buffer_findings(invite, (start - hour - need * MINUTE, start - need * MINUTE)) == []
    # One minute short: a warning that says how long the gap is and how long it should be.
    [finding] = buffer_findings(invite, (start - hour, start - (need - 1) * MINUTE))
    assert (finding.rule, finding.code, finding.severity) == (
        "no-buffer-before",
        "NS204",
        Severity.WARNING,
    )
    assert (
        f"{need - 1} min before the {kind.value} interview at 15:00 CET (UTC+01:00)"
        in finding.message
    )
    assert f"you need {need} min {reason}." in finding.message
    ends_by = (start - need * MINUTE).astimezone(ZoneInfo("Europe/Berlin"))  # your zone
    assert finding.fix.startswith(f'End "Meeting 0" by {ends_by:%H:%M} CET (UTC+01:00)')


@pytest.mark.parametrize(
    ("path", "kind", "need"),
    [(VIDEO, Kind.VIDEO, 15), (PHONE, Kind.PHONE, 10), (IN_PERSON, Kind.IN_PERSON, 45)],
    ids=["video", "phone", "in-person"],
)
def test_buffer_after_by_kind(path: Path, kind: Kind, need: int) -> None:
    invite = load(path)
    assert invite.end is not None
    end = invite.end.instant
    hour = timedelta(hours=1)
    assert buffer_findings(invite, (end + need * MINUTE, end + hour)) == []
    [finding] = buffer_findings(invite, (end + (need - 1) * MINUTE, end + hour))
    assert (finding.rule, finding.code, finding.severity) == (
        "no-buffer-after",
        "NS205",
        Severity.WARNING,
    )
    assert f"{need - 1} min after the interview ends" in finding.message
    article = "an" if kind is Kind.IN_PERSON else "a"
    assert f"you need {need} min after {article} {kind.value} interview" in finding.message


def test_back_to_back_on_both_sides() -> None:
    invite = load(VIDEO)
    assert invite.end is not None
    start, end = invite.start.instant, invite.end.instant
    found = buffer_findings(
        invite, (start - timedelta(hours=1), start), (end, end + timedelta(hours=1))
    )
    assert [(f.code, "0 min" in f.message) for f in found] == [("NS204", True), ("NS205", True)]


def test_only_the_nearest_event_on_each_side_counts() -> None:
    """An early meeting with plenty of room does not hide the one right before the interview."""
    invite = load(VIDEO)
    start = invite.start.instant
    [finding] = buffer_findings(
        invite,
        (start - timedelta(hours=5), start - timedelta(hours=4)),
        (start - timedelta(minutes=65), start - timedelta(minutes=5)),
    )
    assert finding.code == "NS204" and finding.message.startswith('"Meeting 1" ends at 14:55 CET')


def test_buffers_come_from_the_settings() -> None:
    invite = load(VIDEO)
    start = invite.start.instant
    busy = (start - timedelta(hours=1), start - timedelta(minutes=20))
    assert buffer_findings(invite, busy) == []
    [finding] = buffer_findings(
        invite, busy, settings=CheckSettings(buffer_video=timedelta(minutes=30))
    )
    assert "you need 30 min" in finding.message


def test_unknown_kind_uses_the_video_buffer() -> None:
    assert CheckSettings().buffer(Kind.UNKNOWN) == timedelta(minutes=15)


# -- through the command line, with real calendars -------------------------------------------------


def buffer_messages(data: dict) -> dict[str, str]:
    [invite] = data["invites"]
    return {
        f["rule"]: f["message"] for f in invite["findings"] if f["rule"].startswith("no-buffer")
    }


def test_cli_video_interview_squeezed_between_meetings(run_check):
    """Sprint planning ends 14:50, a customer call starts 16:10: ten minutes either side."""
    code, data = run_check(VIDEO, extra=["--calendar", str(BUFFERS / "back-to-back.ics")])
    assert code == 0  # warnings only
    messages = buffer_messages(data)
    assert messages == {
        "no-buffer-before": (
            '"Sprint planning" ends at 14:50 CET (UTC+01:00), 10 min before the video interview at '
            "15:00 CET (UTC+01:00); you need 15 min to test the link, camera and microphone."
        ),
        "no-buffer-after": (
            '"Customer call Fa. Lindner" starts at 16:10 CET (UTC+01:00), 10 min after the '
            "interview "
            "ends at 16:00 CET (UTC+01:00); interviews overrun, and you need 15 min after a video "
            "interview."
        ),
    }
    [invite] = data["invites"]
    [after] = [f for f in invite["findings"] if f["rule"] == "no-buffer-after"]
    assert after["fix"] == 'Start "Customer call Fa. Lindner" at 16:15 CET (UTC+01:00) or later.'


def test_cli_phone_screen_needs_less(run_check):
    """The same calendar around a phone screen (15:00-15:45): ten minutes before is exactly
    enough, and 25 minutes after is plenty."""
    code, data = run_check(PHONE, extra=["--calendar", str(BUFFERS / "back-to-back.ics")])
    assert code == 0
    assert buffer_messages(data) == {}


def test_cli_in_person_interview_needs_travel_time(run_check):
    _code, data = run_check(IN_PERSON, extra=["--calendar", str(BUFFERS / "back-to-back.ics")])
    messages = buffer_messages(data)
    assert set(messages) == {"no-buffer-before", "no-buffer-after"}
    assert "10 min before the in-person interview" in messages["no-buffer-before"]
    assert "you need 45 min to travel there" in messages["no-buffer-before"]
    assert "you need 45 min after an in-person interview" in messages["no-buffer-after"]


def test_cli_twenty_minutes_is_enough_by_default(run_check):
    for invite in (VIDEO, PHONE):
        _code, data = run_check(invite, extra=["--calendar", str(BUFFERS / "twenty-minutes.ics")])
        assert buffer_messages(data) == {}, invite.name


def test_cli_config_buffers_change_the_need(run_check, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[buffers]\nvideo = "30m"\nphone = "25m"\nin_person = "1h"\n')
    calendar = ["--calendar", str(BUFFERS / "twenty-minutes.ics")]

    code, data = run_check(VIDEO, extra=calendar, config=config)
    assert code == 0
    messages = buffer_messages(data)
    assert set(messages) == {"no-buffer-before", "no-buffer-after"}
    assert "20 min before the video interview" in messages["no-buffer-before"]
    assert "you need 30 min to test the link" in messages["no-buffer-before"]
    assert "you need 30 min after a video interview" in messages["no-buffer-after"]

    # Phone: 20 min before (< 25), 35 min after (>= 25).
    _code, data = run_check(PHONE, extra=calendar, config=config)
    assert list(buffer_messages(data)) == ["no-buffer-before"]
    assert "you need 25 min" in buffer_messages(data)["no-buffer-before"]


def test_cli_without_a_calendar_there_is_no_buffer_check(run_check):
    _code, data = run_check(VIDEO)
    assert buffer_messages(data) == {}
