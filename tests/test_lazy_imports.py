"""`noshow check` and `noshow --version` load only what they use (a structural test, not a timed
one): no template engine, holiday tables, CalDAV, HTTP or XML library, web framework, and rich
only when rendering to a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

#: Top-level packages that `check` on one invite must not import.
HEAVY = (
    "jinja2",
    "holidays",
    "caldav",
    "niquests",
    "urllib3",
    "requests",
    "httpx",
    "lxml",
    "rich",
    "starlette",
    "uvicorn",
    "recurring_ical_events",
)

_RUN = r"""
import json, sys
heavy = tuple(sys.argv[1].split(","))
sys.argv = ["noshow", *sys.argv[2:]]
status = 0
try:
    from noshow.cli.main import main
    main()
except SystemExit as exc:
    status = exc.code
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
sys.__stderr__.write("\nLOADED " + json.dumps({"loaded": loaded, "status": status}) + "\n")
"""


def loaded_by(home: Path, *args: str) -> list[str]:
    """The heavy packages in sys.modules after the command ran (output piped, not a terminal)."""
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, ",".join(HEAVY), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    line = proc.stderr.rsplit("LOADED ", 1)[-1]
    result = json.loads(line)
    assert result["status"] in (0, 1, None), proc.stderr
    loaded: list[str] = result["loaded"]
    return loaded


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("check", str(SAMPLES / "clean-interview.ics"), "--zone", "Europe/Berlin"),
        ("check", str(SAMPLES / "outlook-windows-zone.eml"), "--zone", "Europe/Berlin"),
        ("check", str(SAMPLES / "clean-interview.ics"), "--format", "json"),
    ],
)
def test_check_loads_no_heavy_module(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert loaded_by(tmp_path, *args) == []


def test_importing_the_cli_loads_no_command() -> None:
    code = (
        "import sys; import noshow.cli.main; "
        "print(sorted(m for m in sys.modules if m.startswith('noshow.cli.') "
        "and m not in ('noshow.cli.main',)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_help_still_lists_every_command() -> None:
    from click.testing import CliRunner

    from noshow.cli.main import COMMANDS, cli

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:", 1)[1]
    for name in COMMANDS:
        assert f"\n  {name} " in listed
