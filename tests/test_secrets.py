"""Secrets and the config they come from (issue 15).

- A password in a URL is refused, and the message never holds it (not even one holding ``#``,
  which a URL parser reads as the end of the host).
- A password_command from a config file, or a folder, that others can write is refused.
- A password_command that outlives its timeout is killed with its whole process group.
- A password_command with an unbalanced quote is a one-line config error.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgets import REQUEST_TIMEOUT
from noshow.adapters import secrets
from noshow.adapters.caldav_store import url_account
from noshow.cli.main import cli
from noshow.config import Account, load
from noshow.errors import ConfigError

PASSWORD = "Pw#x/y?z"


@pytest.mark.parametrize(
    "url",
    [
        "http://alice:Pw#x@host.example/",
        "http://alice:Pw/x@host.example/",
        "http://alice:Pw?x@host.example/",
        "https://alice:Pw@host.example/dav/",
        "https://alice:Pw%23x@host.example:8443/dav/",
        "ftp://alice:Pw@host.example/",
        "http://alice:Pw#x/y?z@host.example/",
    ],
)
def test_password_in_url_is_refused_without_showing_it(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        url_account(url, ())
    message = str(caught.value)
    assert "password" in message
    assert "Pw" not in message and "\n" not in message


@pytest.mark.parametrize(
    ("url", "username"),
    [
        ("https://alice@host.example/dav/", "alice"),
        ("https://host.example:8443/dav/alice@example.com/", None),
        ("https://host.example/dav/calendars/bob@example.com/work/", None),
    ],
)
def test_urls_without_a_password_still_work(url: str, username: str | None) -> None:
    account = url_account(url, ())
    assert account.username == username
    assert "@host" not in account.url


def test_sync_with_a_password_in_the_url_exits_two_and_never_prints_it(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    for url in (f"http://alice:{PASSWORD}@127.0.0.1:9/", "http://alice:Pw@127.0.0.1:9/"):
        result = CliRunner().invoke(cli, ["sync", "--url", url, "--config", str(config)])
        assert result.exit_code == 2, result.output
        assert "Pw" not in result.output
        assert "internal error" not in result.output
        assert len(result.output.strip().splitlines()) == 1


# -- password_command ----------------------------------------------------------------------------


def write_config(folder: Path, mode: int, command: str | None = "pass show work") -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / "config.toml"
    lines = ["[accounts.work]", 'url = "https://cal.example/dav/"', 'username = "me"']
    if command is not None:
        lines.append(f"password_command = {command!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o666, 0o664, 0o646])
def test_password_command_from_a_file_others_can_write_is_refused(
    tmp_path: Path, mode: int
) -> None:
    path = write_config(tmp_path / "conf", mode)
    with pytest.raises(ConfigError, match="will not run its password_command") as caught:
        load(path)
    assert "chmod go-w" in str(caught.value)
    assert "pass show" not in str(caught.value)


def test_password_command_from_a_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path / "conf", 0o600)
    path.parent.chmod(0o777)
    try:
        with pytest.raises(ConfigError, match="the folder holding it is writable by everyone"):
            load(path)
    finally:
        path.parent.chmod(0o700)


def test_private_config_or_one_without_a_command_loads(tmp_path: Path) -> None:
    assert load(write_config(tmp_path / "private", 0o600)).accounts[0].password_command
    assert load(write_config(tmp_path / "open", 0o666, command=None)).accounts


def test_cli_names_the_unsafe_config_in_one_line(tmp_path: Path) -> None:
    path = write_config(tmp_path / "conf", 0o666)
    result = CliRunner().invoke(cli, ["agenda", "--config", str(path), "--calendar", "x.ics"])
    assert result.exit_code == 2
    assert str(path) in result.output and "password_command" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unbalanced_quote_is_a_one_line_config_error() -> None:
    account = Account("a", "https://x.example/", "me", password_command="pass show 'work")
    with pytest.raises(ConfigError, match="not a valid command line") as caught:
        secrets.password("NOSHOW_TEST_NO_SUCH_VAR", account.password_command, "svc", "me")
    assert "\n" not in str(caught.value) and "pass show" not in str(caught.value)


def test_timed_out_command_is_killed_with_its_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command starts a helper in the background and waits: the helper must not survive.
    pid_file = tmp_path / "helper.pid"
    script = tmp_path / "slow-password.sh"
    script.write_text(f"#!/bin/sh\nsleep 600 &\necho $! > {pid_file}\nwait\n", encoding="utf-8")
    script.chmod(0o700)
    monkeypatch.setattr(secrets, "COMMAND_TIMEOUT", 1.0)
    with pytest.raises(ConfigError, match="did not finish"):
        secrets.password("NOSHOW_TEST_NO_SUCH_VAR", str(script), "svc", "me")
    helper = int(pid_file.read_text())
    # A hang guard, not a timing assertion: the kill is immediate; this only bounds the wait.
    deadline = time.monotonic() + REQUEST_TIMEOUT
    while alive(helper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(helper), "the password command's helper is still running"


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to be reaped counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())
