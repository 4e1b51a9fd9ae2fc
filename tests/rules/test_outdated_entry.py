"""NS211 outdated-entry: your calendar holds an older version of the invite you are checking.

``noshow check update.ics --calendar cal.ics``: cal.ics still has the version before the update
(lower SEQUENCE), so on the day it reminds you of the old time, link or room.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from noshow.adapters.calendar_files import FileCalendar, VdirCalendar
from noshow.calendars.store import Calendars
from noshow.invites import read_document
from noshow.model import You
from noshow.rules import RULES, CalendarView, RuleContext, StoredCopy, find_rule

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "time-changed"
V0, MOVED, SAME = FIXTURES / "v0.ics", FIXTURES / "v1-moved.ics", FIXTURES / "v1-same-time.ics"
SLUG = "outdated-entry"


def findings(run_check, invite: Path, *calendars: Path):
    extra = [arg for c in calendars for arg in ("--calendar", str(c))]
    code, data = run_check(invite, extra=extra)
    [checked] = data["invites"]
    return code, [f for f in checked["findings"] if f["rule"] == SLUG]


def test_registered_with_a_stable_code():
    rule = find_rule("NS211")
    assert rule is not None and rule.slug == SLUG
    assert rule in RULES


def test_calendar_with_the_old_time_is_an_error(run_check):
    code, [finding] = findings(run_check, MOVED, V0)
    assert code == 1
    assert (finding["code"], finding["severity"]) == ("NS211", "error")
    assert finding["message"] == (
        f"Your calendar ({V0}) holds version 0 of this invite, at Tue 15 Dec 2026 16:00 CET "
        "(UTC+01:00); the invite you gave is version 1, at Tue 15 Dec 2026 19:00 CET (UTC+01:00). "
        "Your calendar shows the old time."
    )


def test_older_version_at_the_same_time_is_a_warning(run_check):
    _, [finding] = findings(run_check, SAME, V0)
    assert finding["severity"] == "warning"
    assert "The time is the same (Tue 15 Dec 2026 16:00 CET (UTC+01:00))" in finding["message"]


@pytest.mark.parametrize(
    ("invite", "calendar"),
    [(V0, V0), (MOVED, MOVED), (V0, MOVED)],
    ids=["same-version", "calendar-current", "calendar-newer"],
)
def test_current_or_newer_entry_is_not_flagged(run_check, invite, calendar):
    assert findings(run_check, invite, calendar)[1] == []


def test_not_flagged_when_another_calendar_is_current(run_check):
    assert findings(run_check, MOVED, V0, MOVED)[1] == []


def test_old_version_far_from_the_new_time_is_found(run_check, tmp_path):
    """Moved by a week: the stored copy is outside the window read around the new time."""
    calendar = tmp_path / "cal.ics"
    calendar.write_text(V0.read_text().replace("20261215T", "20261208T"))
    code, [finding] = findings(run_check, MOVED, calendar)
    assert code == 1
    assert "at Tue 8 Dec 2026 16:00 CET (UTC+01:00)" in finding["message"]
    # The entry is in the calendar, only outdated: not also "not in your calendar".
    _, data = run_check(MOVED, extra=["--calendar", str(calendar)])
    rules = {f["rule"] for f in data["invites"][0]["findings"]}
    assert "not-in-calendar" not in rules


def test_vdir_copy_is_found(tmp_path):
    vdir = tmp_path / "personal"
    vdir.mkdir()
    (vdir / "interview.ics").write_bytes(V0.read_bytes())
    [invite] = read_document(str(MOVED), MOVED.read_bytes(), "Europe/Berlin").invites
    calendars = Calendars([VdirCalendar(vdir), FileCalendar(SAME)], "Europe/Berlin")
    view = calendars.view(invite)
    assert sorted((c.source, c.sequence) for c in view.copies) == sorted(
        [(str(vdir / "interview.ics"), 0), (str(SAME), 1)]
    )
    stored = {c.sequence: c.start for c in view.copies}
    assert stored[0] == datetime(2026, 12, 15, 15, 0, tzinfo=UTC)


def test_equal_sequence_with_an_older_stamp_counts_only_when_the_time_differs():
    [invite] = read_document(str(MOVED), MOVED.read_bytes(), "Europe/Berlin").invites
    rule = find_rule(SLUG)
    assert rule is not None
    older_stamp = datetime(2026, 1, 1, tzinfo=UTC)

    def run(copy: StoredCopy) -> list[str]:
        view = CalendarView(busy=(), alarms=1, sources=("cal.ics",), copies=(copy,))
        ctx = RuleContext(
            invite, You("Europe/Berlin"), datetime(2026, 11, 23, tzinfo=UTC), calendar=view
        )
        return [f.severity.value for f in rule.check(ctx)]

    same_time = StoredCopy("cal.ics", invite.sequence, older_stamp, invite.start.instant)
    assert run(same_time) == []  # calendars rewrite DTSTAMP when they store an event
    other_time = StoredCopy(
        "cal.ics", invite.sequence, older_stamp, datetime(2026, 12, 1, tzinfo=UTC)
    )
    assert run(other_time) == ["error"]
