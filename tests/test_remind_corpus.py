"""`noshow remind` on every file of the shared corpus that holds an event.

Each file either gets the default reminders (all-day interviews included), with every original
line kept, or exits 2 naming the file and the reason on standard error; running again on the
result changes nothing; and the `ical` package reads every result whose input it can read.
"Now" is two days before the file's first event, so its events are still ahead.

The corpus is other projects' test files (../shared/corpus); the tests skip without it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from ical.calendar_stream import IcsCalendarStream

from noshow.cli.main import cli
from noshow.parsing.mail import parse_mail

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        p
        for p in CORPUS.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".ics", ".eml")
        and b"BEGIN:VEVENT" in p.read_bytes().upper()
    )


FILES = corpus_files()
#: Every outcome is counted: most files must really get reminders, not be turned away.
RESULTS: dict[str, int] = {}


def _now(data: bytes) -> str:
    starts = []
    for match in re.finditer(rb"DTSTART[^:\r\n]*:(\d{8})", data):
        try:
            starts.append(datetime.strptime(match.group(1).decode(), "%Y%m%d"))  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    first = min(starts, default=datetime(2000, 1, 3)) - timedelta(days=2)
    return max(first, datetime(1971, 1, 1)).strftime("%Y-%m-%dT00:00:00Z")


def _remind(path: Path, out: Path, now: str, config: Path) -> object:
    args = ["remind", str(path), "-o", str(out), "--now", now, "--days", "3660"]
    args += ["--zone", "Europe/Berlin", "--config", str(config)]
    return CliRunner().invoke(cli, args)


def _ical_reads(text: str) -> bool:
    try:
        IcsCalendarStream.calendar_from_ics(text)
    except Exception:  # noqa: BLE001 (any failure of the other implementation means "cannot")
        return False
    return True


@pytest.mark.skipif(not FILES, reason=f"no corpus at {CORPUS}")
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
def test_remind_adds_or_refuses_in_one_line_and_is_idempotent(path: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    data = path.read_bytes()
    now = _now(data)
    out = tmp_path / "out.ics"
    result = _remind(path, out, now, config)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        RESULTS["refused"] = RESULTS.get("refused", 0) + 1
        lines = result.stderr.strip().splitlines()
        assert lines, result.output
        assert all(str(path) in line and "Traceback" not in line for line in lines), lines
        assert not out.exists()
        return
    RESULTS["reminded"] = RESULTS.get("reminded", 0) + 1
    written = out.read_bytes()
    original = parse_mail(data).calendars[0].encode() if path.suffix == ".eml" else data
    # Every original line is kept, in order, byte for byte.
    new_lines = iter(_LINE.findall(written))
    for line in _LINE.findall(original):
        bare = line.rstrip(b"\r\n")
        assert any(n.rstrip(b"\r\n") == bare for n in new_lines), line
    if b"X-NOSHOW-KIND" not in written:  # every interview in it is cancelled or past
        assert "nothing added (" in result.output, result.output
    # A second run on the result changes nothing.
    again = tmp_path / "again.ics"
    second = _remind(out, again, now, config)
    assert second.exit_code == 0, second.output
    assert again.read_bytes() == written
    # What `ical` could read, it still reads.
    text = original.decode("utf-8", "replace")
    if _ical_reads(text):
        assert _ical_reads(written.decode("utf-8", "replace"))


@pytest.mark.skipif(not FILES, reason=f"no corpus at {CORPUS}")
def test_most_corpus_files_get_reminders() -> None:
    """Runs after the parametrised test (same module, file order): most files are reminded."""
    if sum(RESULTS.values()) < len(FILES):
        pytest.skip("run together with the parametrised corpus test")
    assert RESULTS.get("reminded", 0) >= len(FILES) // 2, RESULTS
