"""NS301 time-changed: a newer version of the invite (same UID, higher SEQUENCE) moved it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "time-changed"
SLUG = "time-changed"
V0, MOVED, SAME = FIXTURES / "v0.ics", FIXTURES / "v1-moved.ics", FIXTURES / "v1-same-time.ics"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


@pytest.mark.parametrize("order", [(V0, MOVED), (MOVED, V0)], ids=["oldest-first", "newest-first"])
def test_moved_interview_names_old_and_new_times(check_file, order):
    [checked] = check_file(order)
    invite = checked.invite
    assert invite.sequence == 1
    assert invite.start.instant == datetime(2026, 12, 15, 18, 0, tzinfo=UTC)
    assert [v.sequence for v in invite.previous] == [0]
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS301", Severity.WARNING)
    message = finding.message
    assert message.startswith("Version 1 of this invite moved it")
    old = "Tue 15 Dec 2026 10:00 EST (UTC-05:00) (Tue 15 Dec 2026 16:00 CET (UTC+01:00) for you)"
    new = "Tue 15 Dec 2026 13:00 EST (UTC-05:00) (Tue 15 Dec 2026 19:00 CET (UTC+01:00) for you)"
    assert f"from {old} to {new}." in message


@pytest.mark.parametrize(
    "paths", [(V0, SAME), (MOVED,), (V0,)], ids=["same-time", "only-new", "only-old"]
)
def test_no_move_is_not_flagged(check_file, paths):
    [checked] = check_file(paths)
    assert rule_findings(checked) == []


def test_cli_time_changed(run_check):
    code, data = run_check(V0, MOVED)
    assert code == 0
    [invite] = data["invites"]
    assert invite["sequence"] == 1
    assert invite["start"]["utc"] == "2026-12-15T18:00:00Z"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS301", "warning")
    assert "10:00 EST" in finding["message"]
    assert "13:00 EST" in finding["message"]
