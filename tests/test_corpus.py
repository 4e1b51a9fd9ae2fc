"""Real invites nobody on the team wrote: every file is read, or rejected with one clear line.

The corpus lives outside the project, in ``../shared/corpus`` next to the repository (199 files
from 29 calendar projects, some under GPL/AGPL/MPL: never copy them in). Without it these tests
skip.

With Europe/Berlin as your zone, noshow reads 177 of the 199 files (at least one invite each)
and rejects 22 with a one-line error:

* 17 of the 30 files the MANIFEST calls malformed: 2 binary (libical crash/malloc fuzz files),
  5 with unbalanced or truncated BEGIN/END (``END:VCALENDARD``, a missing END:VCALENDAR, ...),
  3 that are no calendar at all (the calendar in a mail header, a lone CR, a missing colon),
  6 with values icalendar cannot parse (``DTSTART:INVALID-DATE``, ``2006717T080000Z``, a UTC
  offset of 57 hours, a quoted-printable ``3DYEARLY``, a bare ``X`` line, a PERIOD ending before
  it starts) and 1 whose only event has no DTSTART. The other 13 malformed files still hold a
  readable event: they are read, with a problem line for what is broken.
* 1 file whose status the MANIFEST leaves open: a bare VTIMEZONE, no VCALENDAR.
* 3 files the MANIFEST calls well formed, where noshow is right to refuse (EXPECTED_REJECTIONS).
* 1 well-formed file noshow cannot read yet: a CANCEL without DTSTART (KNOWN_GAPS, xfail).

Checking the whole folder at once (one process, version merging across files, the same custom
TZIDs defined differently by different files) reads the same files and rejects the same ones.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from noshow.adapters.files import INVITE_SUFFIXES
from noshow.cli.main import cli
from noshow.invites import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MANIFEST = CORPUS / "MANIFEST.tsv"

if not MANIFEST.is_file():
    pytest.skip(f"no invite corpus at {CORPUS}", allow_module_level=True)

with MANIFEST.open(encoding="utf-8", newline="") as handle:
    ROWS: dict[str, dict[str, str]] = {
        row["path"]: row for row in csv.DictReader(handle, delimiter="\t")
    }

ZONE = "Europe/Berlin"
NOW = "2026-11-23T09:00:00Z"

#: Well formed per the MANIFEST, but not an invite noshow can check: refused, and rightly so.
EXPECTED_REJECTIONS: dict[str, tuple[str, str]] = {
    "collective__icalendar/src__icalendar__tests__calendars__rfc_7986_conferences.ics": (
        "has no DTSTART",
        "a property-level test: the VEVENT has only CONFERENCE lines, and RFC 5545 §3.6.1 "
        "requires DTSTART when the calendar has no METHOD",
    ),
    "kewisch__ical.js/test__parser__tzid_with_gmt.ics": (
        "no event (VEVENT)",
        "a parser test: a lone DTSTART line directly in the VCALENDAR, no VEVENT at all",
    ),
    "jazzband__icalevents/test__test_data__icloud.ics": (
        "Offset must be less than 24 hours, was +5328",
        "line 140 writes Berlin's 1893 LMT offset +00:53:28 as TZOFFSETFROM:+5328 (53 hours); "
        "RFC 5545 utc-offset hours are 00-23 and icalendar refuses the calendar",
    ),
}

#: Well formed, and noshow should read them, but does not yet.
KNOWN_GAPS: dict[str, str] = {}
#: RFC 5546 §3.2.5 lets a METHOD:CANCEL VEVENT omit DTSTART (it cancels by UID): read as a
#: cancellation, matched to its request when that is among the inputs.
TIMELESS_CANCELS = {
    "mozilla__releases-comm-central/"
    "calendar__test__browser__invitations__data__cancel-repeat-event.eml",
}

PATHS = sorted(ROWS)


def corpus_file(name: str) -> Path:
    return CORPUS / name


@pytest.fixture(scope="module")
def empty_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


def run_check(paths: list[str], config: Path, *extra: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["check", *paths, "--zone", ZONE, "--now", NOW, "--config", str(config), *extra],
    )


def assert_clean_exit(result: Result) -> None:
    """Exit status 0, 1 or 2 (never 3, an internal error) and no exception escaped."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        result.output[-2000:],
    )
    assert result.exit_code in (0, 1, 2), result.output[-2000:]
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


def assert_one_line(text: str, starts: str) -> None:
    assert text.splitlines() == [text], repr(text)
    assert text.startswith(starts), (text, starts)


def test_manifest_lists_the_corpus() -> None:
    assert len(ROWS) == 199
    assert all(corpus_file(name).is_file() for name in ROWS)
    assert set(EXPECTED_REJECTIONS) | set(KNOWN_GAPS) <= set(ROWS)


@pytest.mark.parametrize("name", PATHS)
def test_read_document_never_raises(name: str) -> None:
    path = corpus_file(name)
    document = read_document(str(path), path.read_bytes(), ZONE)
    assert document.invites or document.problems or document.cancellations
    for invite in document.invites:
        assert invite.source == str(path)
        assert invite.start.instant.utcoffset() is not None
    for problem in document.problems:
        assert problem.source == str(path)
        assert_one_line(problem.one_line(), str(path))


@pytest.mark.parametrize("name", PATHS)
def test_cli_checks_each_file(name: str, empty_config: Path) -> None:
    path = str(corpus_file(name))
    text = run_check([path], empty_config)
    assert_clean_exit(text)
    for line in text.stderr.splitlines():
        assert_one_line(line, f"noshow: {path}")

    result = run_check([path], empty_config, "--format", "json")
    assert_clean_exit(result)
    assert result.exit_code == text.exit_code
    report: dict[str, Any] = json.loads(result.stdout)
    assert {"invites", "errors"} <= set(report)
    read = [i for i in report["invites"] if i["source"] == path]
    errors = [e for e in report["errors"] if e["source"] == path]
    assert len(read) == len(report["invites"])
    assert len(errors) == len(report["errors"])
    assert read or errors, "neither read nor rejected"
    for error in errors:
        assert_one_line(error["message"], path)
    if errors:
        assert result.exit_code == 2
    else:
        assert result.exit_code in (0, 1)


def _wellformed() -> list[Any]:
    params = []
    for name in PATHS:
        if ROWS[name]["malformed"] != "no":
            continue
        marks = []
        if name in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(reason=KNOWN_GAPS[name], strict=True))
        params.append(pytest.param(name, marks=marks))
    return params


@pytest.mark.parametrize("name", _wellformed())
def test_wellformed_file_is_read(name: str) -> None:
    path = corpus_file(name)
    document = read_document(str(path), path.read_bytes(), ZONE)
    if name in EXPECTED_REJECTIONS:
        message, _why = EXPECTED_REJECTIONS[name]
        assert not document.invites
        assert any(message in p.message for p in document.problems), document.problems
        return
    if name in TIMELESS_CANCELS:
        assert document.cancellations and not document.problems
        return
    assert document.invites, [p.one_line() for p in document.problems]


@pytest.mark.slow
def test_whole_corpus_in_one_invocation(empty_config: Path) -> None:
    """One process reads every file: versions merge across files, and files that define the same
    custom TZID differently (icalendar caches custom zones by TZID) are each read on their own."""
    alone = {}
    uids = set()
    for name in PATHS:
        path = corpus_file(name)
        if not name.lower().endswith(INVITE_SUFFIXES):
            continue  # a folder is searched for .ics/.ical/.ifb/.eml only
        document = read_document(str(path), path.read_bytes(), ZONE)
        alone[str(path)] = (bool(document.invites), len(document.problems))
        uids |= {invite.uid for invite in document.invites}

    text = run_check([str(CORPUS)], empty_config)
    assert_clean_exit(text)
    for line in text.stderr.splitlines():
        assert_one_line(line, f"noshow: {CORPUS}")

    result = run_check([str(CORPUS)], empty_config, "--format", "json")
    assert_clean_exit(result)
    assert result.exit_code == text.exit_code == 2  # some corpus files are unreadable
    report = json.loads(result.stdout)
    read = {i["source"] for i in report["invites"]}
    problems: dict[str, int] = {}
    for error in report["errors"]:
        assert_one_line(error["message"], error["source"])
        problems[error["source"]] = problems.get(error["source"], 0) + 1
    # The same files are read and rejected, with the same problems, as when each is alone.
    assert read <= {source for source, (ok, _) in alone.items() if ok}
    assert set(problems) <= set(alone)
    for source, (_, problem_count) in alone.items():
        assert problems.get(source, 0) == problem_count, source
    # Merging keeps one invite per UID (and recurrence), and loses none: a file missing from
    # ``read`` holds only versions that another file supersedes.
    assert {i["uid"] for i in report["invites"]} == uids
    superseded = {s for s, (ok, _) in alone.items() if ok} - read
    assert len(superseded) < len(read)
    # Every input that was read appears somewhere: as an invite, a superseded version, an error.
    previous = {old["source"] for i in report["invites"] for old in i["previous"]}
    assert superseded <= previous
    for name in TIMELESS_CANCELS:
        assert str(corpus_file(name)) in read | previous | set(problems)
