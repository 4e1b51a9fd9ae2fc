"""Shared helpers: where fixtures live, and one-call checks through the library and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from budgets import PROFILE

# The JSON contract lives in its own module so tests in sub-folders (with their own conftest.py)
# can import it by a name no other file has.
from json_contract import FINDING_KEYS, INVITE_KEYS, PREVIOUS_KEYS, REPORT_KEYS, TIME_KEYS
from noshow.check import CheckedInvite, check_documents
from noshow.cli.main import cli
from noshow.invites import read_document
from noshow.model import Travel, You
from noshow.rules import Selection

# Hypothesis profiles, loaded before any test module builds its own settings (which inherit from
# the loaded profile). No profile has a deadline: a per-example time limit is a wall-clock
# assertion, and it fails on a loaded machine.
# - ci: the same examples on every run (derandomized from each test's source), no example
#   database, and a failure prints the blob that reproduces it. Chosen when CI is set, and by
#   .ci/run (HYPOTHESIS_PROFILE=ci).
# - dev: random examples, remembered locally when they fail (the default outside CI).
# - explore: 20 times more examples per property (see budgets.examples) for a long local run.
settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True, max_examples=100
)
settings.register_profile("dev", deadline=None)
settings.register_profile(
    "explore", deadline=None, max_examples=2000, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(PROFILE)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = "2026-11-23T09:00:00Z"
#: Rules left out of the per-rule tests unless a test asks for them: most rule fixtures are
#: minimal invites without a join link, and missing-join-info has its own tests.
QUIET = ("missing-join-info",)


def assert_report_shape(code: int, data: dict[str, Any]) -> None:
    """The JSON has the documented keys, and the exit status agrees with its content."""
    assert set(data) >= REPORT_KEYS
    for invite in data["invites"]:
        assert set(invite) >= INVITE_KEYS
        assert set(invite["start"]) >= TIME_KEYS
        assert invite["end"] is None or set(invite["end"]) >= TIME_KEYS
        assert {"zone", "start", "end"} <= set(invite["you"])
        for finding in invite["findings"]:
            assert set(finding) >= FINDING_KEYS
        for old in invite["previous"]:
            assert set(old) >= PREVIOUS_KEYS
            assert set(old["start"]) >= TIME_KEYS
    for error in data["errors"]:
        assert {"source", "message", "line"} <= set(error)
    severities = {f["severity"] for i in data["invites"] for f in i["findings"]}
    expected = 2 if data["errors"] else 1 if "error" in severities else 0
    assert code == expected, (code, data)


def check_paths(
    paths: Iterable[Path | str],
    zone: str = "Europe/Berlin",
    now: str = NOW,
    travel: Iterable[Travel] = (),
) -> list[CheckedInvite]:
    """Read every file and check them together (one check_documents call), as the CLI does."""
    documents = [read_document(str(p), Path(p).read_bytes(), zone) for p in paths]
    you = You(zone=zone, travel=tuple(travel))
    report = check_documents(
        documents, you, datetime.fromisoformat(now), selection=Selection(ignore=QUIET)
    )
    assert not report.problems, [p.one_line() for p in report.problems]
    return list(report.checked)


@pytest.fixture
def check_file() -> Callable[..., list[CheckedInvite]]:
    """``check_file(path_or_paths, zone=..., now=..., travel=())`` -> the checked invites."""

    def run(
        path: Path | str | Iterable[Path | str],
        zone: str = "Europe/Berlin",
        now: str = NOW,
        travel: Iterable[Travel] = (),
    ) -> list[CheckedInvite]:
        paths = [path] if isinstance(path, (str, Path)) else list(path)
        return check_paths(paths, zone, now, travel)

    return run


@pytest.fixture
def run_check(tmp_path: Path) -> Callable[..., tuple[int, dict[str, Any]]]:
    """``run_check(*paths, zone=..., now=..., extra=[...])`` -> (exit status, parsed JSON).

    Runs ``noshow check --format json`` with an empty config file, so no user config leaks in.
    """

    def run(
        *paths: Path | str,
        zone: str = "Europe/Berlin",
        now: str = NOW,
        extra: Iterable[str] = (),
        config: Path | None = None,
    ) -> tuple[int, dict[str, Any]]:
        if config is None:
            config = tmp_path / "empty-config.toml"
            config.write_text("")
        args = ["check", *map(str, paths), "--zone", zone, "--now", now, "--format", "json"]
        args += ["--config", str(config), *extra]
        if "--select" not in args:
            args += [arg for rule in QUIET for arg in ("--ignore", rule)]
        result = CliRunner().invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        data = json.loads(result.stdout)
        assert_report_shape(result.exit_code, data)
        return result.exit_code, data

    return run


@pytest.fixture(autouse=True)
def _fresh_icalendar_zone_cache() -> None:
    """icalendar caches custom VTIMEZONEs process-wide by TZID (the trap noshow itself avoids):
    tests that read calendars with icalendar directly start from an empty cache, as a fresh
    process would, so no test depends on which files an earlier test read."""
    icalendar.timezone.tzp.use_zoneinfo()
