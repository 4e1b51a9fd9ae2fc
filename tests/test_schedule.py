"""`noshow schedule install|status|remove`, for every scheduler, into a temporary folder.

Every test writes into tmp_path (``NOSHOW_SCHEDULE_DIR``), where noshow prints the activation
commands instead of running them; running any command at all fails the test, so the real
user's systemd, crontab, launchd or Task Scheduler is never touched.
"""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from noshow.cli import schedule as schedule_module
from noshow.cli.main import cli
from noshow.scheduling import (
    CRON_MARK,
    TASK_NAMESPACE,
    Job,
    cron_line,
    edit_crontab,
    parse_at,
    systemd_units,
)

SECRET = "Pw-7f3kq9zX!"


@pytest.fixture(autouse=True)
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "entries"
    monkeypatch.setenv("NOSHOW_SCHEDULE_DIR", str(target))
    monkeypatch.setenv("NOSHOW_STATE", str(tmp_path / "state.json"))
    monkeypatch.delenv("NOSHOW_SMTP_PASSWORD", raising=False)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a test ran a real command: {args}")

    monkeypatch.setattr(schedule_module, "_run", refuse)
    return target


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "my config, 100% mine"  # spaces, a comma and a percent sign
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text(
        '[you]\nzone = "Europe/Berlin"\nemail = "lukas@example.net"\n\n'
        '[smtp]\nhost = "smtp.example.net"\nusername = "lukas"\n',
        encoding="utf-8",
    )
    return path


def schedule(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, ["schedule", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        result.output,
    )
    assert "Traceback" not in result.output
    return result


def everything_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*")) if folder.exists() else []


# -- systemd ---------------------------------------------------------------------------------


def test_systemd_units_are_written_and_pass_systemd_analyze(folder: Path, config: Path) -> None:
    result = schedule(
        "install", "--scheduler", "systemd", "--at", "06:45", "--email", "--config", config
    )
    assert result.exit_code == 0, result.output
    service = (folder / "noshow-daily.service").read_text(encoding="utf-8")
    timer = (folder / "noshow-daily.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 06:45:00" in timer
    assert "Persistent=true" in timer
    assert f'ExecStart="{sys.executable}" "-m" "noshow" "daily" "--email" "--config"' in service
    assert "100%% mine" in service  # % is a systemd specifier: doubled
    assert "To activate (not run, --folder given): systemctl --user enable --now" in result.stdout
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here")
    verify = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "./noshow-daily.service", "./noshow-daily.timer"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "noshow-daily" not in verify.stderr, verify.stderr


def test_systemd_quoting_keeps_every_argument_whole() -> None:
    job = Job(time(7, 30), ("/opt/py thon/bin/python", "-m", "noshow", 'a"b\\c$HOME%n'), Path("/l"))
    service = systemd_units(job)["noshow-daily.service"]
    assert 'ExecStart="/opt/py thon/bin/python" "-m" "noshow" "a\\"b\\\\c$$HOME%%n"' in service


# -- launchd and Task Scheduler ------------------------------------------------------------


def test_launchd_plist_parses(folder: Path, config: Path) -> None:
    result = schedule("install", "--scheduler", "launchd", "--notify", "--config", config)
    assert result.exit_code == 0, result.output
    agent = plistlib.loads((folder / "org.noshow.daily.plist").read_bytes())
    assert agent["Label"] == "org.noshow.daily"
    assert agent["ProgramArguments"] == [
        sys.executable,
        "-m",
        "noshow",
        "daily",
        "--notify",
        "--config",
        str(config.resolve()),
    ]
    assert agent["StartCalendarInterval"] == {"Hour": 7, "Minute": 30}
    assert agent["StandardOutPath"] == str(folder / "noshow-daily.log")
    assert "launchctl bootstrap gui/" in result.stdout


def test_windows_task_xml_parses(folder: Path, config: Path) -> None:
    result = schedule(
        "install", "--scheduler", "task-scheduler", "--at", "8:05", "--email", "--config", config
    )
    assert result.exit_code == 0, result.output
    data = (folder / "noshow-daily.xml").read_bytes()
    assert data.startswith(b"\xff\xfe")  # UTF-16 with its byte order mark, as schtasks reads
    root = ET.fromstring(data)
    ns = {"t": TASK_NAMESPACE}
    assert root.tag == f"{{{TASK_NAMESPACE}}}Task"
    assert root.findtext(".//t:StartBoundary", namespaces=ns) == "2020-01-01T08:05:00"
    assert root.findtext(".//t:DaysInterval", namespaces=ns) == "1"
    assert root.findtext(".//t:LogonType", namespaces=ns) == "InteractiveToken"
    assert root.findtext(".//t:Command", namespaces=ns) == sys.executable
    arguments = f'-m noshow daily --email --config "{config.resolve()}"'
    assert root.findtext(".//t:Arguments", namespaces=ns) == arguments
    assert "schtasks /Create /TN noshow-daily /XML" in result.stdout


# -- cron ------------------------------------------------------------------------------------


def test_cron_line_replaces_its_own_and_keeps_the_others(folder: Path) -> None:
    folder.mkdir()
    crontab = folder / "crontab"
    crontab.write_text("MAILTO=me@example.net\n0 3 * * * backup.sh\n", encoding="utf-8")
    assert schedule("install", "--scheduler", "cron", "--at", "07:05").exit_code == 0
    assert schedule("install", "--scheduler", "cron", "--at", "06:00", "--notify").exit_code == 0
    lines = crontab.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["MAILTO=me@example.net", "0 3 * * * backup.sh"]
    [ours] = lines[2:]
    assert ours.startswith(f"0 6 * * * {sys.executable} -m noshow daily --notify >> ")
    assert ours.endswith(CRON_MARK)
    status = schedule("status", "--scheduler", "cron")
    assert "Scheduled (cron): every day at 06:00:" in status.stdout
    assert schedule("remove", "--scheduler", "cron").exit_code == 0
    assert crontab.read_text(encoding="utf-8") == "MAILTO=me@example.net\n0 3 * * * backup.sh\n"


def test_cron_escapes_percent_signs() -> None:
    line = cron_line(Job(time(7, 30), ("/usr/bin/python3", "--config", "/a/50% b"), Path("/l")))
    assert "'/a/50\\% b'" in line
    assert line.startswith("30 7 * * * ")
    assert edit_crontab(line + "\n", None) == ""


# -- every scheduler -------------------------------------------------------------------------


@pytest.mark.parametrize("scheduler", ["systemd", "cron", "launchd", "task-scheduler"])
def test_remove_leaves_nothing_behind(folder: Path, config: Path, scheduler: str) -> None:
    assert schedule("install", "--scheduler", scheduler, "--config", config).exit_code == 0
    assert everything_in(folder)
    (folder / "noshow-daily.log").write_text("a run's output\n", encoding="utf-8")
    installed = schedule("status", "--scheduler", scheduler)
    assert f"Scheduled ({scheduler}): every day at 07:30: " in installed.stdout
    assert "Last run: never" in installed.stdout
    removed = schedule("remove", "--scheduler", scheduler)
    assert removed.exit_code == 0, removed.output
    assert everything_in(folder) == []
    assert "Not scheduled" in schedule("status", "--scheduler", scheduler).stdout
    again = schedule("remove", "--scheduler", scheduler)
    assert again.exit_code == 0
    assert "Nothing to remove" in again.stdout


@pytest.mark.parametrize("scheduler", ["systemd", "cron", "launchd", "task-scheduler"])
def test_dry_run_prints_and_writes_nothing(folder: Path, config: Path, scheduler: str) -> None:
    result = schedule(
        "install", "--scheduler", scheduler, "--dry-run", "--email", "--config", config
    )
    assert result.exit_code == 0, result.output
    assert everything_in(folder) == []
    assert "--email" in result.stdout
    assert "Would " in result.stdout


@pytest.mark.parametrize("scheduler", ["systemd", "cron", "launchd", "task-scheduler"])
def test_no_password_ever_reaches_a_scheduler_file(
    folder: Path, config: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOSHOW_SMTP_PASSWORD", SECRET)
    result = schedule("install", "--scheduler", scheduler, "--email", "--config", config)
    assert result.exit_code == 0, result.output
    for path in everything_in(folder):
        data = path.read_bytes()
        assert SECRET.encode() not in data
        assert SECRET.encode("utf-16-le") not in data
        assert b"NOSHOW_SMTP_PASSWORD" not in data
    assert SECRET not in result.output
    # The scheduled run will not see the shell's variable: say how to give the password.
    assert "will not see NOSHOW_SMTP_PASSWORD" in result.stderr
    assert "password_command" in result.stderr


def test_email_needs_smtp_in_the_config(tmp_path: Path) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text('[you]\nzone = "Europe/Berlin"\n', encoding="utf-8")
    result = schedule("install", "--scheduler", "cron", "--email", "--config", bare)
    assert result.exit_code == 2
    assert result.stderr.startswith("noshow: error: --email needs [you] email and an [smtp]")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("text", ["7.30", "24:00", "07:60", "seven", ""])
def test_a_bad_time_is_a_usage_error(text: str) -> None:
    result = schedule("install", "--scheduler", "cron", "--at", text)
    assert result.exit_code == 2
    assert "--at" in result.stderr
    with pytest.raises(ValueError, match="time of day"):
        parse_at(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("07:30", time(7, 30)), ("0:00", time(0, 0)), ("23:59", time(23, 59))]
)
def test_parse_at(text: str, expected: time) -> None:
    assert parse_at(text) == expected
