"""`noshow init`: the config it writes, the questions it asks, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from noshow import config as config_module
from noshow.cli.main import cli

FLAGS = (
    "--zone", "Europe/Berlin", "--name", "Jonas Becker", "--email", "jonas.becker@example.net",
    "--phone", "+49 30 1234567", "--alias", "j.becker@work.example", "--calendar", "~/cal.ics",
)  # fmt: skip


def init(*args: str | Path, answers: str | None = None) -> Result:
    result = CliRunner().invoke(cli, ["init", *map(str, args)], input=answers)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_flags_write_a_config_noshow_reads(tmp_path: Path) -> None:
    path = tmp_path / "noshow" / "config.toml"
    result = init("--config", path, *FLAGS)
    assert result.exit_code == 0, result.output
    assert f"Wrote {path}:" in result.stdout
    loaded = config_module.load(path)
    assert loaded.zone == "Europe/Berlin"
    assert loaded.name == "Jonas Becker"
    assert loaded.email == "jonas.becker@example.net"
    assert loaded.phone == "+49 30 1234567"
    assert loaded.aliases == ("j.becker@work.example",)
    assert loaded.calendars == ("~/cal.ics",)


def test_the_default_place_is_the_platform_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "platform" / "config.toml"
    monkeypatch.setattr(config_module, "default_path", lambda: target)
    assert init(*FLAGS).exit_code == 0
    assert config_module.load(None).email == "jonas.becker@example.net"


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[smtp]\nhost = "smtp.example.com"\n', encoding="utf-8")
    result = init("--config", path, *FLAGS)
    assert result.exit_code == 2
    assert result.stderr == (
        f"noshow: error: {path} exists; noshow init will not overwrite it (use --force)\n"
    )
    assert path.read_text(encoding="utf-8") == '[smtp]\nhost = "smtp.example.com"\n'
    forced = init("--config", path, *FLAGS, "--force")
    assert forced.exit_code == 0, forced.output
    assert f"the previous file is kept in {path}.bak" in forced.stdout
    assert (tmp_path / "config.toml.bak").read_text(encoding="utf-8").startswith("[smtp]")
    assert config_module.load(path).name == "Jonas Becker"


def test_asks_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("noshow.cli.init.stdin_is_terminal", lambda: True)
    path = tmp_path / "config.toml"
    answers = "America/New_York\nMaya Chen\nmaya@example.net\n+1 212 555 0100\n/tmp/a.ics, /tmp/b\n"
    result = init("--config", path, answers=answers)
    assert result.exit_code == 0, result.output
    assert "Your time zone" in result.stderr
    loaded = config_module.load(path)
    assert (loaded.zone, loaded.name, loaded.email, loaded.phone) == (
        "America/New_York",
        "Maya Chen",
        "maya@example.net",
        "+1 212 555 0100",
    )
    assert loaded.calendars == ("/tmp/a.ics", "/tmp/b")


def test_without_a_terminal_it_asks_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    result = init("--config", path, "--zone", "Asia/Kolkata")
    assert result.exit_code == 0, result.output
    loaded = config_module.load(path)
    assert loaded.zone == "Asia/Kolkata"
    assert loaded.email is None
    assert "without an email, drafts can be printed but not written" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--zone", "Mars/Olympus"), "is not an IANA time zone"),
        (("--email", "a@b.example, c@d.example"), "is not one email address"),
        (("--alias", "nobody"), "is not one email address"),
        (("--phone", "call me maybe"), "is not a phone number"),
        (("--country", "XX"), "--country"),
    ],
)
def test_bad_values_are_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    path = tmp_path / "config.toml"
    result = init("--config", path, "--zone", "Europe/Berlin", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not path.exists()


def test_quotes_and_backslashes_in_a_name_survive(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    result = init("--config", path, "--zone", "UTC", "--name", 'Jo "JB" Back\\slash')
    assert result.exit_code == 0, result.output
    assert config_module.load(path).name == 'Jo "JB" Back\\slash'


def test_help_teaches() -> None:
    result = CliRunner().invoke(cli, ["init", "--help"])
    assert "--force" in result.stdout
    assert "Examples:" in result.stdout
