"""The fuzz suite: mutated real invites and calendars through every reader.

Cases are made by ``fuzzcases.py`` from the samples, the test fixtures and the shared corpus
(when present): byte flips, truncation, duplicated and deleted lines, invalid UTF-8, NUL bytes,
deep MIME nesting, enormous folded lines, huge COUNT/UNTIL, every-second rules, thousands of
VALARMs, absurd VTIMEZONEs, zone-file traps as TZIDs, many encoded words.

- In-process readers (the bulk): ``worker.py`` in a child process with an address-space limit
  and a hang guard. Properties: no exception but InviteError, problems on one line, drafts
  build, and the fast busy-time path equals the slow one whenever both answer.
- The CLI: ``check``, ``check --calendar``, ``agenda --calendar`` and ``confirm`` on mutated
  files, each run a child process with a memory limit. Properties: exit 0, 1 or 2, never a
  traceback, and one bad file never stops the others.

Budget: ``NOSHOW_FUZZ_CASES`` cases (default 300, seeded and fixed: the same cases on every run;
``NOSHOW_FUZZ_SEED`` picks another set). A failure names its case; ``NOSHOW_FUZZ_ONLY=N`` re-runs
that one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fuzzcases import make_case, seed_files

from budgets import FUZZ_CASES, FUZZ_SEED, REQUEST_TIMEOUT
from guard import run_noshow

HERE = Path(__file__).resolve().parent
WORKER = HERE / "worker.py"
#: Address space for the in-process worker: seeds, icalendar and a 10 MB case fit well within.
WORKER_MEMORY = 2 * 1024**3
#: Cases per worker process (each chunk is one test, so a failure is easy to place).
CHUNK = 500
NOW = "2026-11-20T08:00:00Z"
ONLY = os.environ.get("NOSHOW_FUZZ_ONLY")

pytestmark = pytest.mark.skipif(not seed_files(), reason="no seed files")


def _chunks() -> list[tuple[int, int]]:
    if ONLY is not None:
        return [(int(ONLY), int(ONLY) + 1)]
    return [(start, min(start + CHUNK, FUZZ_CASES)) for start in range(0, FUZZ_CASES, CHUNK)]


@pytest.mark.parametrize(("start", "stop"), _chunks(), ids=str)
def test_readers_on_mutated_inputs(start: int, stop: int) -> None:
    guard = REQUEST_TIMEOUT + 2 * (stop - start)  # minutes: only a hang reaches it
    command = [sys.executable, str(WORKER), str(WORKER_MEMORY), str(FUZZ_SEED), str(start)]
    command += [str(stop)] + ([ONLY] if ONLY is not None else [])
    try:
        done = subprocess.run(command, capture_output=True, timeout=guard, check=False)
    except subprocess.TimeoutExpired as exc:
        progress = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise AssertionError(f"fuzz worker hung at {progress[-1:]} (seed {FUZZ_SEED})") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["cases"] == stop - start
    failures = [
        f"case {f['case']} ({f['seed']}; {', '.join(f['mutations'])}): {f['failure']}"
        for f in summary["failures"]
    ]
    assert not failures, "\n\n".join(failures[:10])


# -- the CLI ------------------------------------------------------------------------------------

#: Case numbers for the CLI runs: a different range from the in-process ones.
CLI_BASE = 1_000_000
CLI_CASES = max(20, min(80, FUZZ_CASES // 5))
GOOD_INVITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow tests//fuzz//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:fuzz-good@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261125T100000Z\r\nDURATION:PT1H\r\nSUMMARY:Interview\r\n"
    "ORGANIZER:mailto:recruiter@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture(scope="module")
def mutated_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("fuzz-cli")
    seeds = seed_files()
    contents = {p: p.read_bytes() for p in seeds}
    files = []
    for number in range(CLI_BASE, CLI_BASE + CLI_CASES):
        case = make_case(number, FUZZ_SEED, seeds, contents)
        path = folder / f"case-{number}{case.suffix}"
        path.write_bytes(case.data)
        files.append(path)
    return files


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz-config") / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


def assert_clean(run: object, what: str) -> None:
    exit_code = getattr(run, "exit_code")  # noqa: B009 (guard.Run)
    stderr = getattr(run, "stderr")  # noqa: B009
    assert exit_code in (0, 1, 2), f"{what}: exit {exit_code}\n{stderr[-3000:]}"
    assert "Traceback" not in stderr, f"{what}:\n{stderr[-3000:]}"
    assert "internal error" not in stderr, f"{what}:\n{stderr[-3000:]}"


def test_check_reads_every_mutated_file_and_names_each_refusal(
    mutated_files: list[Path], config: Path
) -> None:
    run = run_noshow(
        "check", *map(str, mutated_files), "--zone", "Europe/Berlin", "--now", NOW,
        "--config", str(config), "--format", "json",
    )  # fmt: skip
    assert_clean(run, "check")
    report = json.loads(run.stdout)
    named = {i["source"] for i in report["invites"]} | {e["source"] for e in report["errors"]}
    # An older version of another file's invite (mutated copies share UIDs) is listed where it
    # was superseded (the JSON contract: every input is in invites, previous or errors).
    named |= {p["source"] for i in report["invites"] for p in i.get("previous", [])}
    # One bad file never stops the others: each is either read (some invites) or refused
    # (one line naming it); a file with nothing noshow reads as an invite is an error too.
    assert {str(p) for p in mutated_files} <= named, sorted({str(p) for p in mutated_files} - named)
    assert all("\n" not in e["message"] for e in report["errors"])


def test_check_and_agenda_with_mutated_calendars(
    mutated_files: list[Path], config: Path, tmp_path: Path
) -> None:
    invite = tmp_path / "good.ics"
    invite.write_text(GOOD_INVITE, encoding="ascii", newline="")
    calendars = [a for p in mutated_files if p.suffix == ".ics" for a in ("--calendar", str(p))]
    common = ["--zone", "Europe/Berlin", "--now", NOW, "--config", str(config)]
    run = run_noshow("check", str(invite), *calendars, *common, "--format", "json")
    assert_clean(run, "check --calendar")
    assert "fuzz-good@example.com" in {i["uid"] for i in json.loads(run.stdout)["invites"]}
    run = run_noshow("agenda", *calendars, "--days", "60", *common, "--format", "json")
    assert_clean(run, "agenda --calendar")
    json.loads(run.stdout)


@pytest.mark.slow
def test_confirm_on_mutated_invites(mutated_files: list[Path], config: Path) -> None:
    for path in mutated_files[:8]:
        run = run_noshow(
            "confirm", str(path), "--zone", "Europe/Berlin", "--now", NOW,
            "--config", str(config),
        )  # fmt: skip
        assert_clean(run, f"confirm {path.name}")
