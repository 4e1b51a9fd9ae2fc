"""The TOML config: every key documented works; unknown keys and bad values are clear errors."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from click.testing import CliRunner

from noshow.cli.main import cli
from noshow.config import Config, default_path, load
from noshow.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CLEAN = str(ROOT / "samples" / "clean-interview.ics")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_config(tmp_path: Path) -> None:
    config = load(
        write(
            tmp_path,
            """
[you]
zone = "europe/berlin"
name = "Ana Silva"
email = "ana@example.com"

[[travel]]
zone = "America/New_York"
from = 2026-12-01
to = 2026-12-05

[check]
select = ["NS1", "odd-hour"]
ignore = ["date-differs"]
night = "23:00-06:30"
business_hours = "09:00-17:00"
max_size_mb = 2
""",
        )
    )
    assert config.zone == "Europe/Berlin"  # canonical spelling
    assert config.name == "Ana Silva" and config.email == "ana@example.com"
    assert config.travel[0].zone == "America/New_York"
    assert config.travel[0].start == date(2026, 12, 1)
    assert config.select == ("NS1", "odd-hour") and config.ignore == ("date-differs",)
    assert config.settings.night_start == time(23, 0)
    assert config.settings.night_end == time(6, 30)
    assert config.settings.business_start == time(9, 0)
    assert config.max_size_mb == 2


def test_missing_default_config_means_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("noshow.config.default_path", lambda: tmp_path / "absent.toml")
    assert load(None) == Config()


def test_default_path_is_in_the_platform_config_folder() -> None:
    assert default_path().name == "config.toml"
    assert default_path().parent.name == "noshow"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[you]\nzone = 'Mars/Olympus'\n", "you.zone: 'Mars/Olympus' is not an IANA time zone"),
        ("[you]\ntimezone = 'Europe/Berlin'\n", "unknown key you.timezone"),
        ("[yuo]\n", "unknown table or key 'yuo'"),
        ("[check]\nnight = 'late'\n", "check.night: 'late' is not a range"),
        ("[check]\nmax_size_mb = -1\n", "max_size_mb must be a positive number"),
        ("[[travel]]\nzone = 'Europe/Paris'\nfrom = 2026-12-05\nto = 2026-12-01\n", "ends"),
        ("[[travel]]\nzone = 'Europe/Paris'\nfrom = 'soon'\nto = 2026-12-01\n", "TOML dates"),
        ("[you\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=None) as info:
        load(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_bad_config_through_cli_exits_two(tmp_path: Path) -> None:
    path = write(tmp_path, "[you]\nzone = 'Nowhere'\n")
    result = CliRunner().invoke(cli, ["check", CLEAN, "--config", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("noshow: error: ")
    assert result.stderr.count("\n") == 1


def test_explicit_config_must_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", CLEAN, "--config", str(tmp_path / "no.toml")])
    assert result.exit_code == 2
    assert "config file not found" in result.stderr


def test_config_zone_and_travel_are_used_and_options_win(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[you]
zone = "Asia/Tokyo"
[[travel]]
zone = "America/New_York"
from = 2026-12-01
to = 2026-12-03
[check]
ignore = ["odd-hour"]
""",
    )
    args = [
        "check",
        CLEAN,
        "--now",
        "2026-11-23T09:00:00Z",
        "--format",
        "json",
        "--config",
        str(path),
    ]
    invite = json.loads(CliRunner().invoke(cli, args).stdout)["invites"][0]
    assert invite["you"]["zone"] == "America/New_York"
    assert "odd-hour" not in {f["rule"] for f in invite["findings"]}
    # Outside the trip, the config's home zone; --zone overrides it.
    path.write_text('[you]\nzone = "Asia/Tokyo"\n')
    invite = json.loads(CliRunner().invoke(cli, args).stdout)["invites"][0]
    assert invite["you"]["start"] == "2026-12-03T00:00:00+09:00"
    invite = json.loads(CliRunner().invoke(cli, [*args, "--zone", "Europe/Paris"]).stdout)[
        "invites"
    ][0]
    assert invite["you"]["zone"] == "Europe/Paris"


def test_config_night_hours_change_odd_hour(tmp_path: Path) -> None:
    night = str(ROOT / "samples" / "night-interview.ics")  # 23:00 in Berlin
    args = [
        "check",
        night,
        "--zone",
        "Europe/Berlin",
        "--now",
        "2026-11-23T09:00:00Z",
        "--format",
        "json",
    ]
    path = write(tmp_path, "[check]\nnight = '00:30-06:00'\n")
    invite = json.loads(CliRunner().invoke(cli, [*args, "--config", str(path)]).stdout)["invites"][
        0
    ]
    assert "odd-hour" not in {f["rule"] for f in invite["findings"]}


def test_caldav_accounts(tmp_path: Path) -> None:
    config = load(
        write(
            tmp_path,
            """
[accounts.fastmail]
url = "https://caldav.fastmail.com/dav/"
username = "you@fastmail.com"
calendars = ["Personal", "https://caldav.fastmail.com/dav/calendars/user/you/work/"]
password_command = "pass show fastmail"
ca_file = "~/ca.pem"
timeout = 12

[accounts.home]
url = "http://127.0.0.1:5232/"
""",
        )
    )
    fastmail = config.account("fastmail")
    assert fastmail.username == "you@fastmail.com"
    assert fastmail.calendars[0] == "Personal" and len(fastmail.calendars) == 2
    assert fastmail.password_command == "pass show fastmail"
    assert fastmail.ca_file == Path("~/ca.pem").expanduser()
    assert fastmail.timeout == 12
    assert fastmail.server == "https://caldav.fastmail.com"
    assert config.account("home").username is None
    with pytest.raises(
        ConfigError, match=r"no \[accounts.work\] table \(accounts: fastmail, home\)"
    ):
        config.account("work")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[accounts.a]\nusername = 'x'\n", "accounts.a.url must be the server's CalDAV address"),
        ("[accounts.a]\nurl = 'ftp://x'\n", "accounts.a.url must be"),
        ("[accounts.a]\nurl = 'https://me:pw@x/'\n", "must not hold credentials"),
        ("[accounts.a]\nurl = 'https://x/'\npassword = 'pw'\n", "unknown key accounts.password"),
        ("[accounts.a]\nurl = 'https://x/'\ntimeout = 0\n", "timeout must be a positive"),
        ("[accounts.a]\nurl = 'https://x/'\ncalendars = [1]\n", "calendars must be a list"),
        ("[accounts]\na = 1\n", "accounts must be [accounts.NAME] tables"),
    ],
)
def test_bad_account_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load(path)
    assert message in str(info.value)
    assert "pw" not in str(info.value).replace(str(path), "")


def test_caldav_password_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from noshow.adapters.caldav_store import account_password
    from noshow.config import Account

    for name in ("NOSHOW_PASSWORD", "NOSHOW_PASSWORD_WORK_CAL"):
        monkeypatch.delenv(name, raising=False)
    script = tmp_path / "secret.sh"
    script.write_text("#!/bin/sh\necho from-command\necho second-line\n", encoding="utf-8")
    script.chmod(0o700)
    account = Account("work-cal", "https://x.example/", "me", password_command=str(script))
    assert account_password(account) == "from-command"
    monkeypatch.setenv("NOSHOW_PASSWORD", "from-env")
    assert account_password(account) == "from-env"
    monkeypatch.setenv("NOSHOW_PASSWORD_WORK_CAL", "from-account-env")
    assert account_password(account) == "from-account-env"
    failing = Account("x", "https://x.example/", "me", password_command="false")
    monkeypatch.delenv("NOSHOW_PASSWORD")
    with pytest.raises(ConfigError, match="password_command failed with exit status 1"):
        account_password(failing)


def test_unknown_caldav_account_on_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[accounts.home]\nurl = 'http://127.0.0.1:9/'\n")
    result = CliRunner().invoke(cli, ["agenda", "--calendar", "caldav:work", "--config", str(path)])
    assert result.exit_code == 2
    assert "caldav:work: no [accounts.work] table in the config (accounts: home)" in result.stderr
