"""Hostile inputs are bounded and harmless.

Each bad input is checked together with a good invite: the bad one gives one clear line that
names it (exit status 2, no traceback), and the good one is still checked and reported.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from guard import run_noshow
from noshow.cli.main import cli

NOW = "2026-11-23T09:00:00Z"
GOOD_UID = "good-interview@example.com"
GOOD_SUMMARY = "Good interview"


def calendar(*lines: str) -> str:
    """CRLF iCalendar text from lines."""
    return "".join(f"{line}\r\n" for line in lines)


def event(uid: str, summary: str, *extra: str, start: str = "20261201T100000") -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T090000Z",
        f"DTSTART;TZID=Europe/Berlin:{start}",
        "DURATION:PT1H",
        f"SUMMARY:{summary}",
        "ORGANIZER;CN=Recruiter:mailto:recruiter@example.com",
        *extra,
        "END:VEVENT",
    ]


HEAD = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//noshow hostile tests//EN", "METHOD:REQUEST"]
GOOD = calendar(*HEAD, *event(GOOD_UID, GOOD_SUMMARY), "END:VCALENDAR")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.ics"
    path.write_text(GOOD, encoding="utf-8", newline="")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


def invoke(config: Path, *args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(
        cli,
        ["check", *args, "--zone", "Europe/Berlin", "--now", NOW, "--config", str(config)],
        input=stdin,
    )


def assert_no_crash(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        result.output[-2000:],
    )
    assert result.exit_code in (0, 1, 2), result.output[-2000:]
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


def invoke_guarded(config: Path, *args: str, stdin: bytes | None = None) -> Any:
    """``invoke`` in a child process with a memory limit and a hang guard (tests/guard.py): how
    the bounds on runaway input are checked, without timing anything."""
    return run_noshow(
        "check",
        *args,
        "--zone",
        "Europe/Berlin",
        "--now",
        NOW,
        "--config",
        str(config),
        stdin=stdin,
    )


def run_both(
    config: Path, *args: str, stdin: bytes | None = None, guarded: bool = False
) -> tuple[Result, dict[str, Any]]:
    """The check as text and as JSON; both must end cleanly and agree on the exit status."""
    run = invoke_guarded if guarded else invoke
    text = run(config, *args, stdin=stdin)
    assert_no_crash(text)
    result = run(config, *args, "--format", "json", stdin=stdin)
    assert_no_crash(result)
    assert result.exit_code == text.exit_code
    report = json.loads(result.stdout)
    assert {"invites", "errors"} <= set(report)
    return text, report


def assert_refused(
    config: Path,
    source: str,
    needle: str,
    *args: str,
    stdin: bytes | None = None,
    guarded: bool = False,
) -> str:
    """``source`` is refused with one line naming it, and the good invite is still reported.

    ``guarded`` runs noshow in a child process with a memory limit and a hang guard.
    Returns the error message.
    """
    text, report = run_both(config, *args, stdin=stdin, guarded=guarded)
    assert text.exit_code == 2
    errors = [e for e in report["errors"] if e["source"] == source]
    assert len(errors) == 1, report["errors"]
    message = errors[0]["message"]
    assert message.splitlines() == [message]
    assert message.startswith(source)
    assert needle in message, message
    assert GOOD_UID in {i["uid"] for i in report["invites"]}
    # Text: one stderr line per refused input, the good invite on stdout.
    lines = text.stderr.splitlines()
    assert f"noshow: {message}" in lines, lines
    assert all(line.startswith("noshow: ") for line in lines), lines
    assert GOOD_SUMMARY in text.stdout
    return str(message)


def assert_read(text: Result, report: dict[str, Any], uid: str) -> dict[str, Any]:
    assert report["errors"] == []
    assert text.exit_code in (0, 1)
    invites = {i["uid"]: i for i in report["invites"]}
    assert GOOD_UID in invites
    assert uid in invites
    return invites[uid]


# -- size ----------------------------------------------------------------------------------------


def test_file_over_the_size_limit(tmp_path: Path, good: Path, config: Path) -> None:
    big = tmp_path / "big.ics"
    filler = ["X-FILLER:" + "x" * 60] * 300  # about 20 kB, a valid calendar otherwise
    big.write_text(calendar(*HEAD, *event("big@example.com", "Big", *filler), "END:VCALENDAR"))
    assert big.stat().st_size > 20_000
    message = assert_refused(
        config, str(big), "larger than", str(big), str(good), "--max-size", "0.01"
    )
    assert "0.01 MB" in message


def test_default_limit_refuses_an_11_mb_file(
    tmp_path: Path, good: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.ics"
    filler = "X-FILLER:" + "x" * 1000 + "\r\n"
    with huge.open("w", encoding="ascii", newline="") as handle:
        handle.write(calendar(*HEAD, "BEGIN:VEVENT", "UID:huge@example.com"))
        handle.write(filler * (11 * 1024 * 1024 // len(filler) + 1))
        handle.write(calendar("DTSTART:20261201T100000Z", "END:VEVENT", "END:VCALENDAR"))
    assert huge.stat().st_size > 11 * 1024 * 1024
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    message = assert_refused(config, str(huge), "larger than the 10 MB limit", str(huge), str(good))
    assert "--max-size" in message
    # The bound is in bytes read, not time: the refused file is never even opened.
    assert huge not in opened
    assert good in opened


def test_standard_input_over_the_size_limit(good: Path, config: Path) -> None:
    data = calendar(
        *HEAD,
        *event("stdin@example.com", "Stdin", *["X-FILLER:" + "y" * 60] * 300),
        "END:VCALENDAR",
    ).encode()
    assert_refused(
        config, "<stdin>", "larger than", "-", str(good), "--max-size", "0.01", stdin=data
    )


# -- nesting -------------------------------------------------------------------------------------


def test_ten_thousand_deep_vevent_nesting(tmp_path: Path, good: Path, config: Path) -> None:
    deep = tmp_path / "deep.ics"
    deep.write_text(
        calendar(*HEAD, *["BEGIN:VEVENT"] * 10_000, *["END:VEVENT"] * 10_000, "END:VCALENDAR"),
        newline="",
    )
    message = assert_refused(config, str(deep), "nested more than", str(deep), str(good))
    assert message.startswith(f"{deep}:")  # names the line where the nesting got too deep


@pytest.mark.slow
def test_email_with_thousand_deep_multipart_nesting(
    tmp_path: Path, good: Path, config: Path
) -> None:
    depth = 1000
    parts = [
        "From: recruiter@example.com",
        "To: you@example.com",
        "Subject: Interview",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b0"',
        "",
    ]
    for level in range(1, depth):
        parts += [f"--b{level - 1}", f'Content-Type: multipart/mixed; boundary="b{level}"', ""]
    parts += [f"--b{depth - 1}", "Content-Type: text/calendar; method=REQUEST", ""]
    parts += GOOD.replace(GOOD_UID, "deep-mail@example.com").splitlines()
    parts += [f"--b{level}--" for level in range(depth - 1, -1, -1)]
    mail = tmp_path / "deep.eml"
    mail.write_text("\r\n".join(parts) + "\r\n", newline="")
    assert_refused(config, str(mail), "nested", str(mail), str(good), guarded=True)


# -- runaway rules -------------------------------------------------------------------------------


def vtimezone_calendar(*blocks: str, uid: str = "runaway@example.com") -> str:
    return calendar(
        *HEAD,
        "BEGIN:VTIMEZONE",
        "TZID:Runaway Time",
        *blocks,
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T090000Z",
        "DTSTART;TZID=Runaway Time:20261201T100000",
        "DURATION:PT1H",
        "SUMMARY:Runaway",
        "END:VEVENT",
        "END:VCALENDAR",
    )


def block(rule: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            f"RRULE:{rule}",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "END:STANDARD",
        ]
    )


def test_vtimezone_with_secondly_rule_is_refused_quickly(
    tmp_path: Path, good: Path, config: Path
) -> None:
    bad = tmp_path / "runaway.ics"
    bad.write_text(vtimezone_calendar(block("FREQ=SECONDLY")), newline="")
    message = assert_refused(
        config, str(bad), "recurs too often to be a time zone", str(bad), str(good), guarded=True
    )
    assert "FREQ=SECONDLY" in message


@pytest.mark.slow
def test_vtimezone_with_rules_that_never_occur_is_refused_quickly(
    tmp_path: Path, good: Path, config: Path
) -> None:
    # dateutil searches up to the year 9999 for a 30 February: seconds for each such rule.
    bad = tmp_path / "never.ics"
    bad.write_text(
        vtimezone_calendar(*[block("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")] * 500), newline=""
    )
    assert_refused(config, str(bad), "too many rules", str(bad), str(good), guarded=True)


def test_event_with_secondly_rule_is_not_expanded(tmp_path: Path, good: Path, config: Path) -> None:
    path = tmp_path / "secondly.ics"
    path.write_text(
        calendar(
            *HEAD,
            *event(
                "secondly@example.com",
                "Every second",
                "RRULE:FREQ=SECONDLY",
                start="16010101T000000",
            ),
            "END:VCALENDAR",
        ),
        newline="",
    )
    text, report = run_both(config, str(path), str(good), guarded=True)
    invite = assert_read(text, report, "secondly@example.com")
    assert invite["start"]["utc"] == "1600-12-31T23:06:32Z"  # Berlin's local mean time, +00:53:28


# -- control characters in text ------------------------------------------------------------------


def test_line_breaks_in_summary_and_name_stay_on_one_line(
    tmp_path: Path, good: Path, config: Path
) -> None:
    path = tmp_path / "breaks.ics"
    summary = "Evil\\nsummary\\Nwith\u2028breaks\u0085and\u001b[2Jescapes"
    lines = event("breaks@example.com", summary)
    lines = [
        'ORGANIZER;CN="Evil^nName\u2028Two":mailto:evil@example.com'
        if line.startswith("ORGANIZER")
        else line
        for line in lines
    ]
    path.write_text(calendar(*HEAD, *lines, "END:VCALENDAR"), encoding="utf-8", newline="")
    text, report = run_both(config, str(path), str(good))
    invite = assert_read(text, report, "breaks@example.com")
    assert invite["summary"] == "Evil summary with breaks and [2Jescapes"
    assert invite["organizer"]["name"] == "Evil Name Two"
    out = text.stdout.splitlines()
    assert "Evil summary with breaks and [2Jescapes" in out
    assert any("Evil Name Two <evil@example.com>" in line for line in out)
    assert "\u2028" not in text.stdout and "\x1b" not in text.stdout and "\x85" not in text.stdout


def test_raw_cr_and_lf_inside_a_summary_line(tmp_path: Path, good: Path, config: Path) -> None:
    # A bare CR (or LF) ends a content line: what follows is not part of the SUMMARY.
    path = tmp_path / "raw-breaks.ics"
    text_ = calendar(
        *HEAD, *event("raw@example.com", "Evil\rInjected: line\nAnother"), "END:VCALENDAR"
    )
    path.write_bytes(text_.encode())
    text, report = run_both(config, str(path), str(good))
    invite = assert_read(text, report, "raw@example.com")
    assert invite["summary"] == "Evil"
    assert "Evil" in text.stdout.splitlines()


def test_nul_in_summary_early_is_binary(tmp_path: Path, good: Path, config: Path) -> None:
    path = tmp_path / "nul.ics"
    path.write_bytes(
        calendar(*HEAD, *event("nul@example.com", "Nul\x00here"), "END:VCALENDAR").encode()
    )
    assert_refused(config, str(path), "binary data", str(path), str(good))


def test_nul_in_summary_late_is_read_and_not_printed(
    tmp_path: Path, good: Path, config: Path
) -> None:
    path = tmp_path / "late-nul.ics"
    filler = "X-FILLER:" + "a" * 5000  # the NUL comes after the first 4 kB
    path.write_bytes(
        calendar(
            *HEAD, filler, *event("late-nul@example.com", "Nul\x00here"), "END:VCALENDAR"
        ).encode()
    )
    text, report = run_both(config, str(path), str(good))
    invite = assert_read(text, report, "late-nul@example.com")
    assert invite["summary"] == "Nul here"
    assert "\x00" not in text.output


def test_newline_in_a_file_name(tmp_path: Path, good: Path, config: Path) -> None:
    path = tmp_path / "evil\nname.ics"
    path.write_bytes(b"\x00\x01garbage")
    text, report = run_both(config, str(path), str(good))
    assert text.exit_code == 2
    (error,) = report["errors"]
    assert error["source"] == str(path)
    shown = str(path).replace("\n", "\\n")
    assert error["message"] == f"{shown}: binary data, not a calendar or an invite email"
    assert text.stderr.splitlines() == [f"noshow: {error['message']}"]


# -- bytes that are not invites ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("garbage.ics", bytes(range(256)) * 64, "binary data"),
        ("random.ics", b"\x00" + random.Random(5545).randbytes(8191), "binary data"),
        ("empty.ics", b"", "not a calendar"),
        ("blank.ics", b"\r\n \t\r\n", "not a calendar"),
        (
            "utf16-no-bom.ics",
            GOOD.replace(GOOD_UID, "u16@example.com").encode("utf-16-le"),
            "binary data",
        ),
        ("text.ics", b"Dear candidate, see you on Tuesday.\n", "not a calendar"),
    ],
)
def test_non_invite_bytes(
    tmp_path: Path, good: Path, config: Path, name: str, data: bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert_refused(config, str(path), needle, str(path), str(good))


def test_utf16_with_bom_is_read(tmp_path: Path, good: Path, config: Path) -> None:
    path = tmp_path / "utf16.ics"
    text16 = GOOD.replace(GOOD_UID, "utf16@example.com").replace(GOOD_SUMMARY, "Entretien à Zürich")
    path.write_bytes(text16.encode("utf-16"))  # with a byte order mark
    text, report = run_both(config, str(path), str(good))
    assert assert_read(text, report, "utf16@example.com")["summary"] == "Entretien à Zürich"


def test_latin1_is_read(tmp_path: Path, good: Path, config: Path) -> None:
    path = tmp_path / "latin1.ics"
    latin = GOOD.replace(GOOD_UID, "latin1@example.com").replace(
        GOOD_SUMMARY, "Entretien café à Zürich"
    )
    path.write_bytes(latin.encode("latin-1"))
    text, report = run_both(config, str(path), str(good))
    assert assert_read(text, report, "latin1@example.com")["summary"] == "Entretien café à Zürich"


def test_truncated_calendar_names_the_unclosed_begin(
    tmp_path: Path, good: Path, config: Path
) -> None:
    path = tmp_path / "truncated.ics"
    lines = [
        *HEAD,
        *event("first@example.com", "First\u2028line"),
        *event("cut@example.com", "Cut"),
    ]
    cut_at = len(HEAD) + len(event("first@example.com", "x")) + 1  # 1-based line of the 2nd BEGIN
    assert lines[cut_at - 1] == "BEGIN:VEVENT"
    path.write_text(calendar(*lines[:-3]), encoding="utf-8", newline="")  # no END:VEVENT/VCALENDAR
    message = assert_refused(
        config, str(path), "BEGIN:VEVENT is never closed", str(path), str(good)
    )
    assert message.startswith(f"{path}:{cut_at}: ")


def test_truncated_in_the_calendar_itself(tmp_path: Path, good: Path, config: Path) -> None:
    path = tmp_path / "no-end.ics"
    path.write_text(
        GOOD.replace(GOOD_UID, "no-end@example.com").replace("END:VCALENDAR\r\n", ""), newline=""
    )
    message = assert_refused(
        config, str(path), "BEGIN:VCALENDAR is never closed", str(path), str(good)
    )
    assert message.startswith(f"{path}:1: ")


# -- paths ---------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path, good: Path, config: Path) -> None:
    missing = tmp_path / "no-such-invite.ics"
    assert_refused(config, str(missing), "no such file", str(missing), str(good))


def test_folder_without_invites(tmp_path: Path, good: Path, config: Path) -> None:
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("not an invite")
    assert_refused(config, str(folder), "holds no .ics or .eml", str(folder), str(good))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path, good: Path, config: Path) -> None:
    locked = tmp_path / "locked.ics"
    locked.write_text(GOOD.replace(GOOD_UID, "locked@example.com"))
    locked.chmod(0)
    try:
        assert_refused(config, str(locked), "permission denied", str(locked), str(good))
    finally:
        locked.chmod(0o600)


def test_permission_denied_even_as_root(
    tmp_path: Path, good: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusal, with the operating system's answer simulated (root reads any file)."""
    locked = tmp_path / "locked.ics"
    locked.write_text(GOOD.replace(GOOD_UID, "locked@example.com"))
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.ics":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert_refused(config, str(locked), "permission denied", str(locked), str(good))


def test_standard_input(good: Path, config: Path) -> None:
    data = GOOD.replace(GOOD_UID, "stdin@example.com").encode()
    text, report = run_both(config, "-", str(good), stdin=data)
    invite = assert_read(text, report, "stdin@example.com")
    assert invite["source"] == "<stdin>"


def test_garbage_on_standard_input(good: Path, config: Path) -> None:
    assert_refused(config, "<stdin>", "binary data", "-", str(good), stdin=b"\x00\xff" * 100)


def test_folder_with_a_bad_file_and_a_good_one(tmp_path: Path, config: Path) -> None:
    folder = tmp_path / "invites"
    folder.mkdir()
    (folder / "a-good.ics").write_text(GOOD, newline="")
    bad = folder / "b-bad.ics"
    bad.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
    message = assert_refused(config, str(bad), "never closed", str(folder))
    assert message.startswith(f"{bad}:2: ")
