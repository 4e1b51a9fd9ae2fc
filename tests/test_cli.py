"""The command line: help that teaches, exit statuses that mean something, JSON as a contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from noshow.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
NOW = "2026-11-23T09:00:00Z"


@pytest.fixture
def empty_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("")
    return path


def invoke(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_commands_and_exit_statuses() -> None:
    status, out, _ = invoke("--help")
    assert status == 0
    assert "check" in out and "rules" in out
    assert "Exit status" in out


def test_check_help_has_examples() -> None:
    status, out, _ = invoke("check", "--help")
    assert status == 0
    assert "Examples:" in out and "--format" in out and "--now" in out


def test_clean_invite_exits_zero(empty_config: Path) -> None:
    status, out, _ = invoke(
        "check",
        str(SAMPLES / "clean-interview.ics"),
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--config",
        str(empty_config),
    )
    assert status == 0
    assert "No problems found." in out
    # Every time shown carries an abbreviation and a UTC offset.
    assert "Wed 2 Dec 2026 15:00 GMT (UTC+00:00)" in out
    assert "Wed 2 Dec 2026 16:00 CET (UTC+01:00)" in out
    assert "2026-12-02T15:00:00Z" in out


def test_error_finding_exits_one(empty_config: Path) -> None:
    status, out, _ = invoke(
        "check",
        str(SAMPLES / "text-disagrees.ics"),
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--config",
        str(empty_config),
    )
    assert status == 1
    assert "NS104 text-time-mismatch" in out


def test_unreadable_input_exits_two_and_others_still_checked(
    tmp_path: Path, empty_config: Path
) -> None:
    bad = tmp_path / "broken.ics"
    bad.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n")
    status, out, err = invoke(
        "check",
        str(bad),
        str(SAMPLES / "clean-interview.ics"),
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--config",
        str(empty_config),
    )
    assert status == 2
    assert "Video interview" in out
    [line] = [ln for ln in err.splitlines() if "broken.ics" in ln]
    assert line.startswith(f"noshow: {bad}:2: ")
    assert "Traceback" not in out + err


def test_json_contract(empty_config: Path) -> None:
    status, out, _ = invoke(
        "check",
        str(SAMPLES / "night-interview.ics"),
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--format",
        "json",
        "--config",
        str(empty_config),
    )
    assert status == 0
    data = json.loads(out)
    assert set(data) == {"invites", "errors"}
    [invite] = data["invites"]
    for key in ("source", "uid", "summary", "organizer", "start", "end", "you", "findings"):
        assert key in invite
    assert set(invite["organizer"]) == {"name", "email"}
    assert invite["start"] == {
        "utc": "2026-12-03T22:00:00Z",
        "zone": "Australia/Sydney",
        "local": "2026-12-04T09:00:00+11:00",
        "resolution": "iana",
        "tzid": "Australia/Sydney",
    }
    assert invite["you"] == {
        "zone": "Europe/Berlin",
        "start": "2026-12-03T23:00:00+01:00",
        "end": "2026-12-04T00:00:00+01:00",
    }
    for finding in invite["findings"]:
        assert set(finding) == {"rule", "code", "severity", "message", "fix"}
    assert {f["rule"] for f in invite["findings"]} == {"odd-hour", "date-differs"}


def test_json_errors_name_the_source(tmp_path: Path, empty_config: Path) -> None:
    missing = tmp_path / "nope.ics"
    status, out, _ = invoke(
        "check", str(missing), "--format", "json", "--config", str(empty_config)
    )
    assert status == 2
    data = json.loads(out)
    assert data["invites"] == []
    [error] = data["errors"]
    assert error["source"] == str(missing)
    assert "no such file" in error["message"]


def test_stdin(empty_config: Path) -> None:
    data = (SAMPLES / "clean-interview.ics").read_bytes()
    status, out, _ = invoke(
        "check",
        "-",
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--format",
        "json",
        "--config",
        str(empty_config),
        input=data,
    )
    assert status == 0
    assert json.loads(out)["invites"][0]["source"] == "<stdin>"


def test_select_and_ignore(empty_config: Path) -> None:
    night = str(SAMPLES / "night-interview.ics")
    common = [
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--format",
        "json",
        "--config",
        str(empty_config),
    ]
    _, out, _ = invoke("check", night, "--ignore", "odd-hour", *common)
    assert {f["rule"] for f in json.loads(out)["invites"][0]["findings"]} == {"date-differs"}
    _, out, _ = invoke("check", night, "--select", "NS2", *common)
    assert {f["rule"] for f in json.loads(out)["invites"][0]["findings"]} == {"odd-hour"}
    status, _, err = invoke("check", night, "--select", "no-such-rule", *common)
    assert status == 2
    assert "unknown rule 'no-such-rule'" in err


def test_bad_zone_is_a_usage_error(empty_config: Path) -> None:
    status, _, err = invoke(
        "check",
        str(SAMPLES / "clean-interview.ics"),
        "--zone",
        "Mars/Olympus",
        "--config",
        str(empty_config),
    )
    assert status == 2
    assert "Mars/Olympus" in err and "Traceback" not in err


def test_bad_now_is_a_usage_error(empty_config: Path) -> None:
    status, _, err = invoke(
        "check",
        str(SAMPLES / "clean-interview.ics"),
        "--now",
        "next tuesday",
        "--config",
        str(empty_config),
    )
    assert status == 2
    assert "ISO 8601" in err


def test_now_without_offset_is_your_local_time(empty_config: Path) -> None:
    # 16:30 in Berlin on 2 Dec is 15:30 UTC: the 15:00-16:00 UTC interview is not over yet.
    common = ["--zone", "Europe/Berlin", "--format", "json", "--config", str(empty_config)]
    _, out, _ = invoke(
        "check", str(SAMPLES / "clean-interview.ics"), "--now", "2026-12-02T16:30", *common
    )
    assert "past" not in {f["rule"] for f in json.loads(out)["invites"][0]["findings"]}
    _, out, _ = invoke(
        "check", str(SAMPLES / "clean-interview.ics"), "--now", "2026-12-02T17:30", *common
    )
    assert "past" in {f["rule"] for f in json.loads(out)["invites"][0]["findings"]}


def test_travel_option(empty_config: Path) -> None:
    status, out, _ = invoke(
        "check",
        str(SAMPLES / "clean-interview.ics"),
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--travel",
        "America/New_York:2026-12-01:2026-12-03",
        "--format",
        "json",
        "--config",
        str(empty_config),
    )
    invite = json.loads(out)["invites"][0]
    assert invite["you"]["zone"] == "America/New_York"
    assert invite["you"]["start"] == "2026-12-02T10:00:00-05:00"
    [travel] = [f for f in invite["findings"] if f["rule"] == "travel-zone"]
    assert "Wed 2 Dec 2026 10:00 EST (UTC-05:00)" in travel["message"]
    status, _, err = invoke("check", str(SAMPLES / "clean-interview.ics"), "--travel", "Berlin:x:y")
    assert status == 2 and "ZONE:FROM:TO" in err


def test_rules_lists_and_explains() -> None:
    status, out, _ = invoke("rules")
    assert status == 0
    for slug in ("floating-time", "text-time-mismatch", "offset-change", "past"):
        assert slug in out
    status, out, _ = invoke("rules", "NS104")
    assert status == 0
    assert "text-time-mismatch" in out and "Why it matters" in out
    status, out, _ = invoke("rules", "--format", "json")
    codes = [r["code"] for r in json.loads(out)]
    assert len(codes) == len(set(codes))
    status, _, err = invoke("rules", "nonsense")
    assert status == 2
    assert "no rule 'nonsense'" in err


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch, empty_config: Path) -> None:
    import noshow.cli.check as check_module

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(check_module, "check_documents", explode)
    monkeypatch.delenv("NOSHOW_DEBUG", raising=False)
    result = CliRunner().invoke(
        cli, ["check", str(SAMPLES / "clean-interview.ics"), "--config", str(empty_config)]
    )
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert "internal error: RuntimeError: boom second line" in result.stderr


def test_console_script_runs_outside_click_runner(empty_config: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "noshow",
            "check",
            str(SAMPLES / "clean-interview.ics"),
            "--zone",
            "Europe/Berlin",
            "--now",
            NOW,
            "--config",
            str(empty_config),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stdout, "no colour codes when piped"
