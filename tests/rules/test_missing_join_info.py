"""NS206 missing-join-info: no meeting link, phone number or address to join.

The per-rule helpers in conftest leave this rule out unless ``--select`` asks for it, so every
CLI test here selects it explicitly (and one runs with no selection at all, as a user would).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from noshow.cli.main import cli
from noshow.invites import read_document
from noshow.model import Severity, You
from noshow.rules import RuleContext, Selection, run_rules

INVITES = Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "invites"
NO_JOIN_INFO = INVITES / "no-join-info.ics"
SLUG = "missing-join-info"
SELECT = ["--select", SLUG]


def test_invite_without_any_way_to_join_is_a_warning(run_check):
    code, data = run_check(NO_JOIN_INFO, extra=SELECT)
    assert code == 0  # a warning, not an error
    [invite] = data["invites"]
    [finding] = invite["findings"]
    assert (finding["rule"], finding["code"], finding["severity"]) == (SLUG, "NS206", "warning")
    assert "no meeting link, phone number or address" in finding["message"]
    assert finding["fix"].startswith("Ask the organizer now how you will join")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("video-teams.ics", id="link-only"),
        pytest.param("phone-screen.ics", id="phone-only"),
        pytest.param("onsite-berlin.ics", id="address-only"),
    ],
)
def test_one_way_to_join_is_enough(run_check, name):
    code, data = run_check(INVITES / name, extra=SELECT)
    assert code == 0
    [invite] = data["invites"]
    assert invite["findings"] == []


def test_all_four_together(run_check):
    _code, data = run_check(*sorted(INVITES.glob("*.ics")), extra=SELECT)
    flagged = {Path(i["source"]).name for i in data["invites"] if i["findings"]}
    assert flagged == {"no-join-info.ics"}


def test_runs_by_default(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("")
    result = CliRunner().invoke(
        cli,
        [
            "check",
            str(NO_JOIN_INFO),
            "--zone",
            "Europe/Berlin",
            "--now",
            "2026-11-23T09:00:00Z",
            "--config",
            str(config),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "warning NS206 missing-join-info:" in " ".join(result.stdout.split())


def test_cancelled_interview_needs_no_join_info():
    [invite] = read_document(str(NO_JOIN_INFO), NO_JOIN_INFO.read_bytes(), "Europe/Berlin").invites
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    selection = Selection(select=[SLUG])
    [finding] = run_rules(RuleContext(invite, You("Europe/Berlin"), now), selection)
    assert finding.severity is Severity.WARNING
    cancelled = replace(invite, status="CANCELLED")
    assert run_rules(RuleContext(cancelled, You("Europe/Berlin"), now), selection) == []
