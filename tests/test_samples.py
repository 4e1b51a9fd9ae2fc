"""The bundled samples show what noshow catches: each gives exactly the findings it is meant to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from noshow.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "samples_expectations.json").read_text())
NOW = "2026-11-23T09:00:00Z"


def run_check(tmp_path: Path, *paths: str) -> tuple[int, dict]:
    config = tmp_path / "empty.toml"
    config.write_text("")
    args = ["check", *paths, "--zone", "Europe/Berlin", "--now", NOW, "--format", "json"]
    result = CliRunner().invoke(cli, [*args, "--config", str(config)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample_gives_its_findings(sample: str, tmp_path: Path) -> None:
    expected = EXPECTED[sample]
    status, data = run_check(tmp_path, str(ROOT / sample))
    assert data["errors"] == []
    [invite] = data["invites"]
    assert invite["uid"] == expected["uid"]
    if expected["start_utc"] is not None:
        assert invite["start"]["utc"] == expected["start_utc"]
        assert invite["end"]["utc"] == expected["end_utc"]
    assert invite["start"]["zone"] == expected["zone"]
    found = sorted({f["rule"] for f in invite["findings"]})
    assert found == sorted(expected["expected_rules"])
    errors = any(f["severity"] == "error" for f in invite["findings"])
    assert status == (1 if errors else 0)


def test_all_samples_in_one_run(tmp_path: Path) -> None:
    status, data = run_check(tmp_path, str(ROOT / "samples"))
    assert status == 1  # the samples are meant to contain errors
    assert data["errors"] == []
    assert len(data["invites"]) == len(EXPECTED)
    starts = [i["start"]["utc"] for i in data["invites"]]
    assert starts == sorted(starts), "invites are reported in time order"
