"""NS201 odd-hour: the interview falls inside your night hours."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from noshow.check import check_documents
from noshow.invites import read_document
from noshow.model import Severity, You
from noshow.rules import CheckSettings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "odd-hour"
SLUG = "odd-hour"


def rule_findings(checked, slug=SLUG):
    return [f for f in checked.findings if f.rule == slug]


def test_sydney_morning_is_your_night(check_file):
    [checked] = check_file(FIXTURES / "sydney-morning.ics")
    [finding] = rule_findings(checked)
    assert (finding.code, finding.severity) == ("NS201", Severity.WARNING)
    assert "Thu 10 Dec 2026 23:00 CET (UTC+01:00) for you (Europe/Berlin)" in finding.message
    assert "(22:00-07:00)" in finding.message
    assert "23:00 CET" in finding.fix


@pytest.mark.parametrize("name", ["london-afternoon.ics", "berlin-seven-am.ics"])
def test_daytime_is_not_flagged(check_file, name):
    # 16:00 in Berlin; and 07:00 exactly, where the night ends.
    [checked] = check_file(FIXTURES / name)
    assert rule_findings(checked) == []


def test_the_same_invite_is_daytime_elsewhere(check_file):
    # 09:00 in Sydney (UTC+11:00) is 11:00 in Auckland (UTC+13:00).
    [checked] = check_file(FIXTURES / "sydney-morning.ics", zone="Pacific/Auckland")
    assert rule_findings(checked) == []


def test_night_hours_come_from_the_settings():
    path = FIXTURES / "sydney-morning.ics"
    document = read_document(str(path), path.read_bytes(), "Europe/Berlin")
    # 23:00-00:00 in Berlin: neither the start nor the middle (23:30) is after 23:45.
    settings = CheckSettings(night_start=time(23, 45), night_end=time(6, 0))
    report = check_documents(
        [document], You("Europe/Berlin"), datetime.fromisoformat("2026-11-23T09:00:00Z"), settings
    )
    [checked] = report.checked
    assert rule_findings(checked) == []


def test_cli_odd_hour(run_check):
    code, data = run_check(FIXTURES / "sydney-morning.ics")
    assert code == 0
    [invite] = data["invites"]
    assert invite["you"]["start"] == "2026-12-10T23:00:00+01:00"
    [finding] = [f for f in invite["findings"] if f["rule"] == SLUG]
    assert (finding["code"], finding["severity"]) == ("NS201", "warning")


def test_cli_night_hours_from_config(run_check, tmp_path):
    config = tmp_path / "night.toml"
    config.write_text('[check]\nnight = "23:45-06:00"\n')
    code, data = run_check(FIXTURES / "sydney-morning.ics", config=config)
    assert code == 0
    [invite] = data["invites"]
    assert SLUG not in {f["rule"] for f in invite["findings"]}


def test_an_interview_running_into_the_night_is_flagged():
    # The same 23:00-00:00 with the night from 23:30: its middle is at night.
    path = FIXTURES / "sydney-morning.ics"
    document = read_document(str(path), path.read_bytes(), "Europe/Berlin")
    settings = CheckSettings(night_start=time(23, 30), night_end=time(6, 0))
    report = check_documents(
        [document], You("Europe/Berlin"), datetime.fromisoformat("2026-11-23T09:00:00Z"), settings
    )
    [checked] = report.checked
    [finding] = rule_findings(checked)
    assert "(23:30-06:00)" in finding.message
