"""NS209 short-notice: the interview starts sooner than the time you want to prepare (12 h unless
the config's check.short_notice says otherwise). The interview starts Thu 3 Dec 2026 15:00 Berlin
time (14:00 UTC)."""

from __future__ import annotations

from pathlib import Path

import pytest

VIDEO = (
    Path(__file__).resolve().parents[1] / "fixtures" / "calendars" / "invites" / "video-teams.ics"
)
SLUG = "short-notice"


def short_notice(data: dict) -> list[dict]:
    [invite] = data["invites"]
    return [f for f in invite["findings"] if f["rule"] == SLUG]


def test_five_hours_before_is_short_notice(run_check):
    code, data = run_check(VIDEO, now="2026-12-03T09:00:00Z")
    assert code == 0  # a note
    [finding] = short_notice(data)
    assert (finding["code"], finding["severity"]) == ("NS209", "info")
    assert finding["message"] == (
        "The interview starts in 5 h 00 min (Thu 3 Dec 2026 15:00 CET (UTC+01:00)); "
        "you wanted 12 h to prepare."
    )


def test_message_gives_hours_and_minutes(run_check):
    _code, data = run_check(VIDEO, now="2026-12-03T10:25:00+01:00")  # 4 h 35 min before
    [finding] = short_notice(data)
    assert "starts in 4 h 35 min" in finding["message"]


def test_thirteen_hours_before_is_not(run_check):
    _code, data = run_check(VIDEO, now="2026-12-03T01:00:00Z")
    assert short_notice(data) == []


@pytest.mark.parametrize(
    ("now", "fires"),
    [("2026-12-03T02:00:00Z", False), ("2026-12-03T02:01:00Z", True)],
    ids=["exactly-12h", "11h59"],
)
def test_boundary(run_check, now, fires):
    _code, data = run_check(VIDEO, now=now)
    assert bool(short_notice(data)) is fires


def test_config_changes_the_notice_you_need(run_check, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[check]\nshort_notice = "24h"\n')
    code, data = run_check(VIDEO, now="2026-12-03T01:00:00Z", config=config)  # 13 h before
    assert code == 0
    [finding] = short_notice(data)
    assert "starts in 13 h 00 min" in finding["message"]
    assert finding["message"].endswith("you wanted 24 h to prepare.")
    _code, data = run_check(VIDEO, now="2026-12-02T13:00:00Z", config=config)  # 25 h before
    assert short_notice(data) == []


@pytest.mark.parametrize(
    "now", ["2026-12-03T14:00:00Z", "2026-12-03T14:30:00Z", "2026-12-04T09:00:00Z"]
)
def test_started_or_past_interviews_do_not_fire(run_check, now):
    _code, data = run_check(VIDEO, now=now)
    assert short_notice(data) == []


def test_in_your_zone(run_check):
    _code, data = run_check(VIDEO, zone="Asia/Tokyo", now="2026-12-03T09:00:00Z")
    [finding] = short_notice(data)
    assert "(Thu 3 Dec 2026 23:00 JST (UTC+09:00))" in finding["message"]
