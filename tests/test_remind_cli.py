"""`noshow remind` end to end: in place, -o, --dry-run, emails, calendars, vdirs, refusals."""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner, Result

import noshow.adapters.ics_file
from noshow.cli.main import cli
from noshow.parsing.mail import parse_mail

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "remind"
NOW = "2026-11-23T09:00:00Z"
KIND = "X-NOSHOW-KIND"
ICS_INVITES = [
    "video-new-york.ics",
    "onsite-customized.ics",
    "phone-utc-lf.ics",
    "folded-xprops-alarm.ics",
]
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


@pytest.fixture
def email_config(tmp_path: Path) -> Path:
    path = tmp_path / "email.toml"
    path.write_text('[you]\nemail = "me@example.com"\n', encoding="utf-8")
    return path


def remind(config: Path, *args: object, now: str = NOW) -> Result:
    result = CliRunner().invoke(
        cli,
        [
            "remind",
            *map(str, args),
            "--zone",
            "Europe/Berlin",
            "--now",
            now,
            "--config",
            str(config),
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output,
        result.exception,
    )
    assert "Traceback" not in result.output
    return result


def copy(name: str, folder: Path) -> Path:
    source = FIXTURES / name
    target = folder / source.name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
    return target


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: state(p) for p in sorted(folder.iterdir())}


def lines(data: bytes) -> list[bytes]:
    return _LINE.findall(data)


def assert_original_lines_kept(original: bytes, output: bytes) -> None:
    rest = iter(lines(output))
    assert all(any(line == other for other in rest) for line in lines(original))


def ours(data: bytes) -> list[Any]:
    cal = icalendar.Calendar.from_ical(data)
    return [c for c in cal.subcomponents if c.get(KIND) is not None]


def related(data: bytes) -> set[str]:
    return {str(c["RELATED-TO"]) for c in ours(data)}


# -- in place, -o, stdout, --dry-run -----------------------------------------------------------


@pytest.mark.parametrize("name", ICS_INVITES)
def test_in_place_twice_leaves_the_second_run_byte_identical(
    name: str, tmp_path: Path, config: Path
) -> None:
    path = copy(name, tmp_path)
    original = path.read_bytes()
    first = remind(config, path, "--in-place")
    assert first.exit_code == 0, first.output
    assert "added" in first.output and f"Updated {path}" in first.output
    after = state(path)
    assert after[0] != original
    assert_original_lines_kept(original, after[0])
    backup = path.with_name(path.name + ".bak")
    assert backup.read_bytes() == original

    second = remind(config, path, "--in-place")
    assert second.exit_code == 0, second.output
    assert "already has everything; nothing added" in second.output
    assert state(path) == after  # same bytes, and not even rewritten (same mtime)
    assert backup.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["config.toml", path.name, backup.name]
    )


@pytest.mark.parametrize("name", [*ICS_INVITES, "invite.eml"])
def test_output_twice_gives_identical_bytes(name: str, tmp_path: Path, config: Path) -> None:
    path = copy(name, tmp_path)
    before = state(path)
    out = tmp_path / "out.ics"
    assert remind(config, path, "-o", out).exit_code == 0
    first = out.read_bytes()
    result = remind(config, path, "-o", out)
    assert result.exit_code == 0 and f"Wrote {out}." in result.output
    assert out.read_bytes() == first
    assert state(path) == before  # the input is never touched
    assert not path.with_name(path.name + ".bak").exists()
    assert not out.with_name("out.ics.bak").exists()


def test_without_output_the_calendar_goes_to_stdout(tmp_path: Path, config: Path) -> None:
    path = copy("video-new-york.ics", tmp_path)
    before = state(path)
    result = remind(config, path)
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert result.stdout.count("X-NOSHOW-KIND:") > 10
    assert "added 4 alarms" in result.stderr and "added" not in result.stdout.split("\n")[0]
    assert state(path) == before


@pytest.mark.parametrize("name", ["video-new-york.ics", "phone-utc-lf.ics"])
def test_dry_run_prints_a_summary_and_a_diff_and_changes_nothing(
    name: str, tmp_path: Path, config: Path
) -> None:
    path = copy(name, tmp_path)
    before = state(path)
    result = remind(config, path, "--in-place", "--dry-run")
    assert result.exit_code == 0
    summary = result.stdout.splitlines()[0]
    assert "added 4 alarms" in summary
    assert "4 reminder" in summary and "1 prep" in summary and "2 confirmation tasks" in summary
    assert f"--- {path} (now)" in result.stdout
    assert f"+++ {path} (with noshow's changes)" in result.stdout
    assert re.search(r"^@@ -\d+,\d+ \+\d+,\d+ @@", result.stdout, re.MULTILINE)
    assert "\n+BEGIN:VALARM" in result.stdout and "\n+X-NOSHOW-KIND:prep" in result.stdout
    # Nothing is removed: a line the diff shows as removed (difflib will not anchor on lines as
    # common as END:VEVENT in a long file) comes back unchanged among the added ones.
    diff = result.stdout.splitlines()[3:]
    removed = [line[1:] for line in diff if line.startswith("-")]
    plus = [line[1:] for line in diff if line.startswith("+")]
    assert all(removed.count(line) <= plus.count(line) for line in removed)
    assert len(plus) - len(removed) > 100
    assert state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", path.name]
    # -o OUT with --dry-run writes no OUT either.
    out = tmp_path / "out.ics"
    assert remind(config, path, "-o", out, "--dry-run").exit_code == 0
    assert not out.exists()


def test_dry_run_when_nothing_would_change(tmp_path: Path, config: Path) -> None:
    path = copy("video-new-york.ics", tmp_path)
    assert remind(config, path, "--in-place").exit_code == 0
    before = state(path)
    result = remind(config, path, "--in-place", "--dry-run")
    assert result.exit_code == 0
    assert "Nothing would change." in result.stdout
    assert "@@" not in result.stdout
    assert state(path) == before


def test_output_and_in_place_together_is_a_usage_error(tmp_path: Path, config: Path) -> None:
    path = copy("video-new-york.ics", tmp_path)
    result = remind(config, path, "--in-place", "-o", tmp_path / "out.ics")
    assert result.exit_code == 2
    assert "give -o OUT or --in-place, not both" in result.stderr


# -- permissions, backups, refusals ------------------------------------------------------------


def test_permissions_are_kept_and_the_backup_is_private(tmp_path: Path, config: Path) -> None:
    path = copy("video-new-york.ics", tmp_path)
    path.chmod(0o600)
    assert remind(config, path, "--in-place").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    backup = path.with_name(path.name + ".bak")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_the_backup_is_the_version_right_before_each_change(tmp_path: Path, config: Path) -> None:
    path = copy("video-new-york.ics", tmp_path)
    original = path.read_bytes()
    backup = path.with_name(path.name + ".bak")
    backup.write_bytes(b"a stale backup from long ago")
    first = remind(config, path, "--in-place", "--policy", "1d")
    assert first.exit_code == 0
    assert backup.read_bytes() == original
    assert f"(the previous version is in {backup.name})" in first.output
    once = path.read_bytes()
    assert remind(config, path, "--in-place", "--policy", "1d,10m").exit_code == 0
    assert "TRIGGER:-PT10M" in path.read_text(encoding="utf-8")
    assert backup.read_bytes() == once  # the message never points to an older state
    twice = path.read_bytes()
    third = remind(config, path, "--in-place", "--policy", "1d,10m")
    assert "previous version" not in third.output  # nothing written, nothing backed up
    assert backup.read_bytes() == once and path.read_bytes() == twice


def test_file_changed_under_noshow_is_refused(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy("video-new-york.ics", tmp_path)
    theirs = path.read_bytes().replace(b"SUMMARY:Interview", b"SUMMARY:INTERVIEW")
    real = noshow.adapters.ics_file.write_atomic

    saves: list[bytes] = []

    def write_atomic(*args: Any, **kwargs: Any) -> Any:
        # Another program saves a new edit on every attempt of noshow's.
        saves.append(theirs.replace(b"INTERVIEW", b"INTERVIEW" + b"!" * len(saves)))
        path.write_bytes(saves[-1])
        return real(*args, **kwargs)

    monkeypatch.setattr(noshow.adapters.ics_file, "write_atomic", write_atomic)
    result = remind(config, path, "--in-place")
    assert result.exit_code == 2
    assert "changed by another program 4 times in a row; nothing written" in result.output
    assert len(saves) == 4 and path.read_bytes() == saves[-1]  # the last edit is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", path.name]


def test_an_edit_made_while_noshow_works_is_kept_and_noshow_applies_on_top(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy("video-new-york.ics", tmp_path)
    theirs = path.read_bytes().replace(b"SUMMARY:Interview", b"SUMMARY:INTERVIEW")
    real = noshow.adapters.ics_file.write_atomic
    calls: list[int] = []

    def write_atomic(*args: Any, **kwargs: Any) -> Any:
        if not calls:
            path.write_bytes(theirs)  # another program saves once, while noshow works
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(noshow.adapters.ics_file, "write_atomic", write_atomic)
    result = remind(config, path, "--in-place")
    assert result.exit_code == 0, result.output
    assert len(calls) == 2  # refused once (the snapshot no longer matched), then re-applied
    data = path.read_bytes()
    assert b"SUMMARY:INTERVIEW" in data and b"X-NOSHOW-KIND" in data
    assert_original_lines_kept(theirs, data)


def test_eml_in_place_is_a_usage_error(tmp_path: Path, config: Path) -> None:
    path = copy("invite.eml", tmp_path)
    before = state(path)
    result = remind(config, path, "--in-place")
    assert result.exit_code == 2
    assert (
        "--in-place works on .ics files; for an email or standard input, give -o OUT.ics"
        in result.stderr
    )
    assert state(path) == before


def test_eml_to_output_is_the_invites_calendar_with_additions(tmp_path: Path, config: Path) -> None:
    path = copy("invite.eml", tmp_path)
    out = tmp_path / "interview.ics"
    result = remind(config, path, "-o", out)
    assert result.exit_code == 0, result.output
    calendar = parse_mail(path.read_bytes()).calendars[0].encode("utf-8")
    written = out.read_bytes()
    assert written.startswith(b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST")
    assert b"From:" not in written and b"Content-Type" not in written
    assert_original_lines_kept(calendar, written)
    uid = str(icalendar.Calendar.from_ical(calendar).walk("VEVENT")[0]["UID"])
    assert related(written) == {uid}
    # The invite's own 15 minute alarm covers the last offset: 3 alarms added, not 4.
    assert "added 3 alarms" in result.output


# -- options -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--policy", "1d,soon", "reminder policy: 'soon' is not an offset like 1d, 2h, 15m"),
        ("--policy", "0m", "reminder policy: '0m' must be before the interview"),
        ("--policy", "1d:sms", "'1d:sms' is not an offset"),
        ("--target", "thunderbird", "'thunderbird' is not one of 'generic', 'outlook'"),
        ("--prep", "half an hour", "--prep: 'half an hour' is not a duration like 45m"),
        ("--travel", "-5m", "--travel: '-5m' is not a duration"),
    ],
)
def test_bad_option_values_exit_2_with_a_clear_message(
    tmp_path: Path, config: Path, option: str, value: str, message: str
) -> None:
    path = copy("video-new-york.ics", tmp_path)
    before = state(path)
    result = remind(config, path, "--in-place", option, value)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert state(path) == before


def test_email_alarms_need_your_address_in_the_config(
    tmp_path: Path, config: Path, email_config: Path
) -> None:
    path = copy("video-new-york.ics", tmp_path)
    out = tmp_path / "out.ics"
    assert remind(config, path, "-o", out, "--policy", "1d:email,30m").exit_code == 0
    assert b"ACTION:EMAIL" not in out.read_bytes()
    assert remind(email_config, path, "-o", out, "--policy", "1d:email,30m").exit_code == 0
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    emails = [
        a
        for event in cal.walk("VEVENT")
        for a in event.subcomponents
        if str(a["ACTION"]) == "EMAIL"
    ]
    assert len(emails) == 1
    assert str(emails[0]["ATTENDEE"]) == "mailto:me@example.com"
    assert str(emails[0]["TRIGGER"].to_ical().decode()) == "-P1D"
    # Google: no alarm on the interview, an EMAIL alarm on each separate reminder event.
    assert remind(email_config, path, "-o", out, "--policy", "1d,30m", "--target", "google")
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    (interview,) = [e for e in cal.walk("VEVENT") if e.get(KIND) is None]
    assert not [c for c in interview.subcomponents if c.name == "VALARM"]
    reminders = [e for e in cal.walk("VEVENT") if str(e.get(KIND)) == "reminder"]
    assert len(reminders) == 2
    for event in reminders:
        actions = [str(a["ACTION"]) for a in event.subcomponents]
        assert actions[-1] == "EMAIL"


def test_no_confirm_tasks_and_no_prep(tmp_path: Path, config: Path) -> None:
    path = copy("video-new-york.ics", tmp_path)
    out = tmp_path / "out.ics"
    result = remind(config, path, "-o", out, "--no-confirm-tasks", "--prep", "0m")
    assert result.exit_code == 0
    kinds = sorted(str(c[KIND]) for c in ours(out.read_bytes()))
    assert kinds == ["reminder"] * 4 + ["tech-check"]
    assert b"BEGIN:VTODO" not in out.read_bytes()


@pytest.mark.parametrize(
    ("target", "alarms", "reminders"),
    [("generic", 4, 4), ("apple", 4, 4), ("outlook", 1, 3), ("google", 0, 4)],
)
def test_targets(tmp_path: Path, config: Path, target: str, alarms: int, reminders: int) -> None:
    path = copy("onsite-customized.ics", tmp_path)
    assert remind(config, path, "--in-place", "--target", target).exit_code == 0
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    (interview,) = [e for e in cal.walk("VEVENT") if e.get(KIND) is None]
    assert len([c for c in interview.subcomponents if c.name == "VALARM"]) == alarms
    assert len([c for c in ours(path.read_bytes()) if str(c[KIND]) == "reminder"]) == reminders


def test_past_and_cancelled_interviews_get_nothing(tmp_path: Path, config: Path) -> None:
    path = copy("video-new-york.ics", tmp_path)
    before = state(path)
    result = remind(config, path, "--in-place", now="2026-12-03T15:30:00Z")
    assert result.exit_code == 0
    assert "nothing added (already started or past)" in result.output
    assert state(path) == before
    assert not path.with_name(path.name + ".bak").exists()
    cancel = copy("import/invite-cancel.ics", tmp_path)
    before = state(cancel)
    result = remind(config, cancel, "--in-place")
    assert result.exit_code == 0
    assert "nothing added (cancelled)" in result.output
    assert state(cancel) == before


# -- calendars and vdirs -----------------------------------------------------------------------


FJORDLINE = "interview-fjordline-2026-12-02"
ACME = "phone-screen-acme-2027-01-20"


def test_calendar_only_interviews_in_the_next_days(tmp_path: Path, config: Path) -> None:
    path = copy("calendar.ics", tmp_path)
    original = path.read_bytes()
    result = remind(config, path, "--in-place", "--days", "30")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert related(data) == {FJORDLINE}  # Acme is in 58 days; the rest are no interviews
    assert_original_lines_kept(original, data)
    cal = icalendar.Calendar.from_ical(data)
    with_alarms = {
        str(e["UID"])
        for e in cal.walk("VEVENT")
        if e.get(KIND) is None and any(c.name == "VALARM" for c in e.subcomponents)
    }
    assert with_alarms == {FJORDLINE}
    # A later, longer run adds the other interview; then nothing more.
    assert remind(config, path, "--in-place", "--days", "90").exit_code == 0
    assert related(path.read_bytes()) == {FJORDLINE, ACME}
    after = state(path)
    assert remind(config, path, "--in-place", "--days", "90").exit_code == 0
    assert state(path) == after


def test_calendar_by_uid(tmp_path: Path, config: Path) -> None:
    path = copy("calendar.ics", tmp_path)
    result = remind(config, path, "--in-place", "--uid", ACME)
    assert result.exit_code == 0, result.output
    assert related(path.read_bytes()) == {ACME}
    assert "Phone screen with Acme Analytics: added" in result.output
    assert "Fjordline" not in result.output


def test_calendar_with_no_interview_ahead(tmp_path: Path, config: Path) -> None:
    path = copy("calendar.ics", tmp_path)
    before = state(path)
    result = remind(config, path, "--in-place", "--uid", "no-such-uid")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"noshow: error: no interview found in {path}")
    assert len(result.stderr.splitlines()) == 1
    assert state(path) == before


def test_vdir_alarms_in_place_and_each_addition_its_own_file(tmp_path: Path, config: Path) -> None:
    folder = copy("vdir", tmp_path)
    interview = folder / "8c1e2f0a-interview-brightwave.ics"
    dentist = folder / "d41f9e77-dentist.ics"
    original = interview.read_bytes()
    dentist_before = state(dentist)
    result = remind(config, folder)
    assert result.exit_code == 0, result.output
    # The interview's own file: alarms only, every original line kept.
    data = interview.read_bytes()
    assert_original_lines_kept(original, data)
    assert ours(data) == []
    cal = icalendar.Calendar.from_ical(data)
    assert len([a for a in cal.walk("VALARM") if a.get(KIND)]) == 4
    assert state(dentist) == dentist_before
    # Each added component is a new .ics file of its own, named after its UID.
    new = sorted(
        {p.name for p in folder.iterdir()} - {interview.name, dentist.name, interview.name + ".bak"}
    )
    assert len(new) == 4 + 2 + 3  # reminders, tech-check + prep, three tasks
    for name in new:
        item = (folder / name).read_bytes()
        (component,) = ours(item)
        assert name == f"{component['UID']}.ics"
        assert str(component["RELATED-TO"]) == "8c1e2f0a-interview-brightwave"
        assert item.startswith(b"BEGIN:VCALENDAR\r\n") and b"TZID:Europe/Berlin" in item
    before = folder_state(folder)
    second = remind(config, folder)
    assert second.exit_code == 0
    assert "already has everything; nothing added" in second.output
    assert folder_state(folder) == before


def test_vdir_dry_run_changes_nothing(tmp_path: Path, config: Path) -> None:
    folder = copy("vdir", tmp_path)
    before = folder_state(folder)
    result = remind(config, folder, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.count("+++ ") == 1 + 9
    assert folder_state(folder) == before


def test_vdir_with_output_is_a_usage_error(tmp_path: Path, config: Path) -> None:
    folder = copy("vdir", tmp_path)
    result = remind(config, folder, "-o", tmp_path / "out.ics")
    assert result.exit_code == 2
    assert "a vdir folder is changed in place" in result.stderr


# -- what noshow added is never taken for an interview -----------------------------------------


def test_agenda_and_check_skip_noshows_own_components(tmp_path: Path, config: Path) -> None:
    # "Interview with Priya Raman in 1 day" is noshow's reminder, not a second interview: a
    # later run must not remind of the reminders, and agenda and check must not list them.
    path = copy("calendar.ics", tmp_path)
    assert remind(config, path, "--in-place", "--days", "90").exit_code == 0
    common = ["--zone", "Europe/Berlin", "--now", NOW, "--config", str(config)]
    result = CliRunner().invoke(
        cli, ["agenda", "--calendar", str(path), "--days", "90", "--format", "json", *common]
    )
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert sorted(i["uid"] for i in data["interviews"]) == [FJORDLINE, ACME]
    assert data["errors"] == []

    invite = copy("video-new-york.ics", tmp_path)
    assert remind(config, invite, "--in-place").exit_code == 0
    result = CliRunner().invoke(cli, ["check", str(invite), "--format", "json", *common])
    data = json.loads(result.stdout)
    assert [i["uid"] for i in data["invites"]] == ["7kq2m9d0v4hj1c8r5t6bn3x2ps@google.com"]
    assert data["errors"] == []
