"""What `noshow remind` writes, imported into khal, shows at the right local times.

The invite is an interview at 10:00 New York time (with its own VTIMEZONE). noshow adds reminder
events and prep/tech-check blocks for someone in Berlin; the result is imported into a throwaway
khal set up for Europe/Berlin, and khal's own listing must show the interview and every added
event at the Berlin times computed here, independently, with zoneinfo.

khal runs as a subprocess of this interpreter's environment, with HOME and the XDG folders in
tmp_path, so nothing touches the real user's calendars or configuration.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from noshow.cli.main import cli

INVITE = Path(__file__).resolve().parent / "fixtures" / "khal" / "interview-new-york.ics"
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
#: What the fixture says: the interview, its organizer and its Zoom link.
START = datetime(2026, 12, 8, 10, 0, tzinfo=NEW_YORK)
END = datetime(2026, 12, 8, 11, 0, tzinfo=NEW_YORK)
TITLE = "Acme Corp - Technical interview"
ORGANIZER = "Dana Whitfield"
ZOOM = "https://acme.zoom.us/j/83412345678?pwd=Zk9xQ2VtT3RqY1ZkUjZQbmw1"
#: A week before: every reminder, block and task is still ahead.
NOW = "2026-12-01T09:00:00Z"
#: khal's date and time formats in the throwaway config (also how its output is parsed).
KHAL_DATETIME = "%Y-%m-%d %H:%M"


def khal_command() -> list[str]:
    """How to run the khal installed next to this interpreter; skip when there is none."""
    script = Path(sys.executable).with_name("khal")
    if script.is_file():
        return [str(script)]
    if importlib.util.find_spec("khal") is not None:
        return [sys.executable, "-m", "khal"]
    found = shutil.which("khal")
    if found:
        return [found]
    pytest.skip("khal is not installed (pip install 'noshow[test]' installs it)")


def khal_config(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A khal config with one empty vdir calendar, Berlin time, and an environment that keeps
    khal inside tmp_path."""
    vdir = tmp_path / "khal" / "interviews"
    vdir.mkdir(parents=True)
    home = tmp_path / "home"
    for folder in ("", ".config", ".local/share", ".cache"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    config = tmp_path / "khal" / "config"
    config.write_text(
        f"""\
[calendars]
[[interviews]]
path = {vdir}
type = calendar

[locale]
local_timezone = Europe/Berlin
default_timezone = Europe/Berlin
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = {KHAL_DATETIME}
longdatetimeformat = {KHAL_DATETIME}
firstweekday = 0

[default]
default_calendar = interviews

[sqlite]
path = {tmp_path / "khal" / "khal.db"}
""",
        encoding="utf-8",
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_DIRS": str(home / ".config"),
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        # Neither Berlin nor New York: khal must go by its config, not the machine's zone.
        "TZ": "Asia/Tokyo",
        "PYTHONIOENCODING": "utf-8",
    }
    return config, env


def run_khal(
    command: list[str], config: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*command, "-c", str(config), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def berlin(instant: datetime) -> str:
    return instant.astimezone(BERLIN).strftime(KHAL_DATETIME)


def expected_listing() -> dict[str, tuple[str, str]]:
    """Title -> (start, end) in Berlin, computed from the interview's New York time alone."""
    expected = {TITLE: (berlin(START), berlin(END))}
    for offset, text in (
        (timedelta(days=1), "1 day"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(minutes=15), "15 minutes"),
    ):
        title = f"Interview with {ORGANIZER} in {text} - Join: {ZOOM}"
        at = START - offset
        expected[title] = (berlin(at), berlin(at + timedelta(minutes=5)))
    tech_check = START - timedelta(minutes=15)
    prep = tech_check - timedelta(minutes=30)
    expected[f"Test the link, camera and microphone - {TITLE}"] = (
        berlin(tech_check),
        berlin(START),
    )
    expected[f"Prepare for the interview - {TITLE}"] = (berlin(prep), berlin(tech_check))
    return expected


def test_expectations_are_berlin_times() -> None:
    """The independent expectations themselves: 10:00 in New York is 16:00 in Berlin."""
    expected = expected_listing()
    assert expected[TITLE] == ("2026-12-08 16:00", "2026-12-08 17:00")
    assert expected[f"Prepare for the interview - {TITLE}"] == (
        "2026-12-08 15:15",
        "2026-12-08 15:45",
    )
    assert expected[f"Test the link, camera and microphone - {TITLE}"] == (
        "2026-12-08 15:45",
        "2026-12-08 16:00",
    )
    assert expected[f"Interview with {ORGANIZER} in 1 day - Join: {ZOOM}"] == (
        "2026-12-07 16:00",
        "2026-12-07 16:05",
    )


def test_khal_import_shows_reminders_at_berlin_times(tmp_path: Path) -> None:
    command = khal_command()

    # noshow adds the reminders for someone in Berlin.
    invite = tmp_path / "invite.ics"
    invite.write_bytes(INVITE.read_bytes())
    out = tmp_path / "out.ics"
    empty_config = tmp_path / "noshow.toml"
    empty_config.write_text("")
    args = ["remind", str(invite), "-o", str(out), "--zone", "Europe/Berlin"]
    args += ["--now", NOW, "--config", str(empty_config)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.output
    assert out.is_file()

    # khal imports the file without complaint...
    config, env = khal_config(tmp_path)
    version = run_khal(command, config, env, "--version").stdout
    imported = run_khal(command, config, env, "import", "--batch", "-a", "interviews", str(out))
    assert imported.stderr == "", imported.stderr
    assert any((tmp_path / "khal" / "interviews").glob("*.ics")), version

    # ... and lists every event at its Berlin time.
    fields = ("title", "start-long", "end-long", "uid")
    json_args = [arg for field in fields for arg in ("--json", field)]
    listing = run_khal(
        command, config, env, "list", "--once", *json_args, "2026-12-07", "2026-12-08"
    )
    assert listing.stderr == "", listing.stderr
    events = [event for line in listing.stdout.splitlines() if line for event in json.loads(line)]
    seen: dict[str, tuple[str, str]] = {}
    for event in events:
        assert event["title"] not in seen, f"listed twice: {event}"
        seen[event["title"]] = (event["start-long"], event["end-long"])

    assert seen == expected_listing(), f"{version}\n{listing.stdout}"
    # The interview is the invite's own event; everything else is noshow's.
    uids = {event["title"]: event["uid"] for event in events}
    assert uids.pop(TITLE) == "khal-interview-20261208@recruiting.acme.example.com"
    assert all(uid.endswith("@noshow") for uid in uids.values()), uids


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _khal_list(
    command: list[str], config: Path, env: dict[str, str], day: str
) -> list[dict[str, str]]:
    fields = ("title", "start-long", "end-long", "uid")
    json_args = [arg for field in fields for arg in ("--json", field)]
    listing = run_khal(command, config, env, "list", "--once", *json_args, day, "1d")
    assert listing.stderr == "", listing.stderr
    return [event for line in listing.stdout.splitlines() if line for event in json.loads(line)]


def test_a_stale_vtimezone_imported_by_noshow_shows_in_khal_at_the_time_noshow_reports(
    tmp_path: Path,
) -> None:
    """The invite's own VTIMEZONE still has Brazil's abolished summer time (UTC-02:00 in
    December); tzdata says UTC-03:00. noshow reports 10:00 in Sao Paulo = 14:00 in Berlin, and
    khal, reading only what noshow stored, must show the same."""
    command = khal_command()
    config, env = khal_config(tmp_path)
    vdir = tmp_path / "khal" / "interviews"
    empty_config = tmp_path / "noshow.toml"
    empty_config.write_text("")
    args = ["import", str(SAMPLES / "stale-vtimezone.ics"), "--into", str(vdir)]
    args += ["--zone", "Europe/Berlin", "--now", NOW, "--config", str(empty_config)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    assert "tzdata's rules for America/Sao_Paulo" in result.output
    sao_paulo = datetime(2026, 12, 10, 10, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    events = _khal_list(command, config, env, "2026-12-10")
    (interview,) = [e for e in events if not e["uid"].endswith("@noshow")]
    assert interview["start-long"] == berlin(sao_paulo) == "2026-12-10 14:00"


def test_a_rescheduled_invite_is_listed_once_by_khal_at_its_new_time(tmp_path: Path) -> None:
    """khal names its files at random: the interview is found by UID, never added twice."""
    command = khal_command()
    config, env = khal_config(tmp_path)
    vdir = tmp_path / "khal" / "interviews"
    run_khal(command, config, env, "import", "--batch", "-a", "interviews", str(INVITE))
    (khal_file,) = list(vdir.glob("*.ics"))
    moved = tmp_path / "moved.ics"
    text = INVITE.read_text(encoding="utf-8")
    text = text.replace("20261208T100000", "20261209T090000").replace(
        "20261208T110000", "20261209T100000"
    )
    text = (
        re.sub(r"SEQUENCE:\d+", "SEQUENCE:3", text)
        if "SEQUENCE:" in text
        else text.replace("BEGIN:VEVENT\n", "BEGIN:VEVENT\nSEQUENCE:3\n").replace(
            "BEGIN:VEVENT\r\n", "BEGIN:VEVENT\r\nSEQUENCE:3\r\n"
        )
    )
    moved.write_text(text, encoding="utf-8", newline="")
    empty_config = tmp_path / "noshow.toml"
    empty_config.write_text("")
    for invite in (moved, INVITE):  # the new version, then the old one again
        args = ["import", str(invite), "--into", str(vdir), "--zone", "Europe/Berlin"]
        args += ["--now", NOW, "--config", str(empty_config)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 1), result.output
    assert khal_file.exists()  # updated where khal keeps it
    events = _khal_list(command, config, env, "2026-12-08") + _khal_list(
        command, config, env, "2026-12-09"
    )
    interviews = [e for e in events if e["title"] == TITLE]
    assert [e["start-long"] for e in interviews] == [
        berlin(datetime(2026, 12, 9, 9, 0, tzinfo=NEW_YORK))
    ]
