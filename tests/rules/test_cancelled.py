"""NS302 cancelled: a METHOD:CANCEL (or STATUS:CANCELLED) version cancels the interview."""

from __future__ import annotations

from pathlib import Path

import pytest

from noshow.model import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "cancelled"
SLUG = "cancelled"
REQUEST, CANCEL = FIXTURES / "request.ics", FIXTURES / "cancel.ics"
REBOOKED = FIXTURES / "rebooked.ics"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


@pytest.mark.parametrize(
    "order", [(REQUEST, CANCEL), (CANCEL, REQUEST)], ids=["request-first", "cancel-first"]
)
def test_cancel_with_higher_sequence_cancels(check_file, order):
    [checked] = check_file(order)
    assert checked.invite.cancelled
    assert checked.invite.sequence == 1
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS302", Severity.WARNING)
    assert finding.message == (
        "The interview at Tue 8 Dec 2026 11:00 CET (UTC+01:00) is cancelled "
        "(METHOD:CANCEL, sequence 1)."
    )
    # A cancellation is not a move.
    assert rule_findings(checked, "time-changed") == []


def test_status_cancelled_alone_cancels(check_file):
    [checked] = check_file(FIXTURES / "status-cancelled.ics")
    [finding] = rule_findings(checked)
    assert "Wed 9 Dec 2026 15:00 CET (UTC+01:00)" in finding.message
    assert "(STATUS:CANCELLED, sequence 3)" in finding.message


@pytest.mark.parametrize(
    "paths",
    [(REQUEST,), (REQUEST, CANCEL, REBOOKED), (REBOOKED, CANCEL)],
    ids=["request-only", "rebooked-after-cancel", "rebooked-first"],
)
def test_live_interview_is_not_flagged(check_file, paths):
    [checked] = check_file(paths)
    assert not checked.invite.cancelled
    assert rule_findings(checked) == []
    assert rule_findings(checked, "time-changed") == []


def test_cli_cancelled(run_check):
    code, data = run_check(REQUEST, CANCEL)
    assert code == 0
    [invite] = data["invites"]
    assert invite["cancelled"] is True
    assert invite["sequence"] == 1
    assert [(f["rule"], f["code"], f["severity"]) for f in invite["findings"]] == [
        (SLUG, "NS302", "warning")
    ]
