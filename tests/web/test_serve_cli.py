"""`noshow serve` on the command line: the URL it prints answers, a taken port is one clear line,
and an address beyond this machine is served only when asked, with a warning."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import NOW
from noshow.cli.main import cli
from noshow.web.server import bind


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[you]\nzone = "Europe/Berlin"\n')
    return path


def test_serve_prints_a_url_that_answers(config: Path) -> None:
    command = [
        sys.executable,
        "-c",
        "from noshow.cli.main import main; main()",
        "serve",
        "--port",
        "0",
        "--config",
        str(config),
        "--now",
        NOW,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("noshow: serving on http://127.0.0.1:"), line
        url = line.split()[3]
        with urllib.request.urlopen(url + "check", timeout=60) as response:
            html = response.read().decode()
        assert "Check an invite" in html and "Europe/Berlin" in html
    finally:
        process.terminate()
        process.communicate(timeout=60)


def test_a_taken_port_is_one_clear_line(config: Path) -> None:
    taken = bind("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--config", str(config)])
    finally:
        taken.close()
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.output


def test_other_addresses_only_when_asked_with_a_warning(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        "noshow.web.server.serve",
        lambda settings, host, port, *rest: calls.append((settings, host)),
    )
    quiet = CliRunner().invoke(cli, ["serve", "--config", str(config)])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    assert calls[-1][1] == "127.0.0.1" and not calls[-1][0].public
    loud = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--config", str(config)])
    assert loud.exit_code == 0
    assert "warning: listening on 0.0.0.0" in loud.stderr
    assert calls[-1][1] == "0.0.0.0" and calls[-1][0].public
