"""Bounds in the input's size, not only in time: each reader's cost stays linear.

Every run here is a child process with a memory limit and a hang guard (tests/guard.py), so a
quadratic reader fails the test by memory or by hanging, never by a clock.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guard import run_noshow
from noshow.parsing.mail import MAX_ENCODED_WORDS, parse_mail

NOW = "2026-11-20T08:00:00Z"
INVITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow tests//bounds//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:bounds@example.com\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261125T100000Z\r\nDURATION:PT1H\r\nSUMMARY:{summary}\r\n"
    "ORGANIZER:mailto:recruiter@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def mail(subject: str, content_type: str = "text/calendar; method=REQUEST") -> bytes:
    head = (
        f"From: recruiter@example.com\r\nTo: you@example.com\r\nSubject: {subject}\r\n"
        f"Message-ID: <bounds-1@example.com>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    )
    return (head + INVITE.format(summary="Interview")).encode()


def check(*args: str, tmp_path: Path) -> tuple[int, dict[str, object], str]:
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    run = run_noshow(
        "check", *args, "--zone", "Europe/Berlin", "--now", NOW, "--config", str(config),
        "--format", "json",
    )  # fmt: skip
    assert run.exit_code in (0, 1, 2), run.output[-3000:]
    assert "Traceback" not in run.stderr
    return run.exit_code, json.loads(run.stdout), run.stderr


def test_subject_of_thirty_thousand_encoded_words_is_read_linearly(tmp_path: Path) -> None:
    # A 1 MB Subject of encoded words took the email package past 8 GB (quadratic).
    path = tmp_path / "subject.eml"
    path.write_bytes(mail(" ".join(["=?utf-8?q?Interview_=C3=A9?="] * 30_000)))
    code, report, _ = check(str(path), tmp_path=tmp_path)
    assert code in (0, 1)
    assert report["errors"] == []
    doc = parse_mail(path.read_bytes())
    assert doc.subject.startswith("Interview é")
    assert doc.subject.count("é") <= MAX_ENCODED_WORDS
    assert doc.message_id == "<bounds-1@example.com>"


def test_a_short_encoded_subject_is_decoded() -> None:
    doc = parse_mail(mail("=?utf-8?q?Vorstellungsgespr=C3=A4ch?= =?utf-8?q?_Acme?="))
    assert doc.subject == "Vorstellungsgespräch Acme"


def test_other_header_with_too_many_encoded_words_is_refused(tmp_path: Path) -> None:
    words = " ".join(["=?utf-8?q?x?="] * (MAX_ENCODED_WORDS + 1))
    path = tmp_path / "type.eml"
    path.write_bytes(mail("Interview", f'text/calendar; method=REQUEST; x-name="{words}"'))
    code, report, stderr = check(str(path), tmp_path=tmp_path)
    assert code == 2
    (error,) = report["errors"]  # type: ignore[misc]
    assert "encoded words" in error["message"]
    assert stderr.count("\n") <= 1


@pytest.mark.slow
@pytest.mark.parametrize("folded", [True, False])
def test_eight_megabyte_summary_stays_within_memory(tmp_path: Path, folded: bool) -> None:
    # An 8 MB SUMMARY (folded or on one line) reached 5.5 GB in one of the readers.
    size = 8_000_000
    if folded:
        summary = "x" * 74 + "".join("\r\n " + "y" * 73 for _ in range(size // 76))
    else:
        summary = "z" * size
    path = tmp_path / "big-summary.ics"
    path.write_text(INVITE.format(summary=summary), encoding="ascii", newline="")
    code, report, _ = check(str(path), "--calendar", str(path), tmp_path=tmp_path)
    assert code in (0, 1), report
    (invite,) = report["invites"]  # type: ignore[misc]
    assert invite["uid"] == "bounds@example.com"
    config = tmp_path / "config.toml"
    agenda = run_noshow(
        "agenda", "--calendar", str(path), "--zone", "Europe/Berlin", "--now", NOW,
        "--config", str(config), "--format", "json",
    )  # fmt: skip
    assert agenda.exit_code in (0, 1), agenda.output[-3000:]


@pytest.mark.parametrize("tzid", ["Europe", "America", "A" * 300, "/vendor/Europe"])
def test_tzid_that_is_a_zone_folder_or_too_long_reads_as_unknown(tmp_path: Path, tzid: str) -> None:
    # zoneinfo raised IsADirectoryError / OSError (exit 3, the whole run lost).
    path = tmp_path / "zone.ics"
    text = INVITE.format(summary="Interview").replace(
        "DTSTART:20261125T100000Z", f"DTSTART;TZID={tzid}:20261125T100000"
    )
    path.write_text(text, encoding="ascii", newline="")
    _, report, _ = check(str(path), tmp_path=tmp_path)
    assert report["errors"] == []
    (invite,) = report["invites"]  # type: ignore[misc]
    rules = {f["rule"] for f in invite["findings"]}
    assert "unknown-timezone" in rules, rules


def test_confirm_echoes_an_out_of_range_sequence_within_range(tmp_path: Path) -> None:
    # Found by the fuzz suite on a real invite (SEQUENCE:1407317367304): confirm ended in
    # "internal error" because icalendar refuses to write an integer outside RFC 5545's range.
    path = tmp_path / "sequence.ics"
    text = INVITE.format(summary="Interview").replace(
        "UID:bounds@example.com",
        "UID:bounds@example.com\r\nSEQUENCE:1407317367304\r\nATTENDEE:mailto:me@example.net",
    )
    path.write_text(text, encoding="ascii", newline="")
    out = tmp_path / "confirm.eml"
    config = tmp_path / "config.toml"
    # The REPLY answers for you: a draft that goes to someone needs your address (issue 12).
    config.write_text('[you]\nemail = "me@example.net"\n', encoding="utf-8")
    run = run_noshow(
        "confirm", str(path), "-o", str(out), "--zone", "Europe/Berlin", "--now", NOW,
        "--config", str(config),
    )  # fmt: skip
    assert run.exit_code == 0, run.output[-3000:]
    assert b"SEQUENCE:2147483647" in out.read_bytes()
