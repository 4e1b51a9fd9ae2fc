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


TIMELESS = FIXTURES / "cancel-without-dtstart.ics"


@pytest.mark.parametrize(
    "order", [(REQUEST, TIMELESS), (TIMELESS, REQUEST)], ids=["request-first", "cancel-first"]
)
def test_cancel_without_dtstart_cancels_its_request_by_uid(check_file, order):
    """RFC 5546 §3.2.5: a CANCEL may name its event by UID alone; the time is the request's."""
    [checked] = check_file(order)
    assert checked.invite.cancelled
    assert checked.invite.source == str(TIMELESS)
    assert [v.source for v in checked.invite.previous] == [str(REQUEST)]
    [finding] = rule_findings(checked)
    assert finding.message == (
        "The interview at Tue 8 Dec 2026 11:00 CET (UTC+01:00) is cancelled "
        "(METHOD:CANCEL, sequence 1)."
    )


def test_cli_cancel_without_dtstart_lists_the_request_as_previous(run_check):
    code, data = run_check(REQUEST, TIMELESS)
    assert code == 0
    [invite] = data["invites"]
    assert invite["cancelled"] is True
    assert invite["source"] == str(TIMELESS)
    [old] = invite["previous"]
    assert (old["source"], old["sequence"]) == (str(REQUEST), 0)
    assert old["start"]["utc"] == "2026-12-08T10:00:00Z"


def test_cancel_without_dtstart_alone_is_one_line_error(tmp_path):
    from click.testing import CliRunner

    from noshow.cli.main import cli

    config = tmp_path / "c.toml"
    config.write_text("")
    result = CliRunner().invoke(
        cli, ["check", str(TIMELESS), "--zone", "Europe/Berlin", "--config", str(config)]
    )
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"noshow: {TIMELESS}:5: cancels event")
    assert "no DTSTART" in line and "Traceback" not in result.output
