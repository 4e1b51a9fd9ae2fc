"""The writing commands' shared surface: `sync` on files and vdirs, `--format json` listing every
change, `-` for standard input, and `import` checking the calendar it writes into."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from noshow.cli.main import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "remind"
V0 = FIXTURES / "import" / "invite-v0.ics"
V1 = FIXTURES / "import" / "invite-v1-moved.ics"
NOW = "2026-11-23T09:00:00Z"
CHANGE_KEYS = {"href", "action", "kind", "uid", "detail"}
#: Another client's busy event overlapping v1 (11 Dec, 10:00-11:00 Paris = 09:00-10:00Z).
DENTIST = (
    "BEGIN:VEVENT\r\nUID:dentist-8812@other.example\r\nDTSTAMP:20261101T100000Z\r\n"
    "DTSTART:20261211T084500Z\r\nDTEND:20261211T093000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    return path


def run(config: Path, *args: str, stdin: bytes | None = None) -> Result:
    result = CliRunner().invoke(
        cli,
        [*args, "--zone", "Europe/Berlin", "--now", NOW, "--config", str(config)],
        input=stdin,
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_sync_on_an_ics_file_reminds_once_and_lists_every_change(
    tmp_path: Path, config: Path
) -> None:
    calendar = tmp_path / "calendar.ics"
    shutil.copyfile(FIXTURES / "calendar.ics", calendar)
    result = run(config, "sync", str(calendar), "--days", "30", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"interviews", "errors", "changes", "dry_run"}
    assert data["interviews"] and all(set(c) == CHANGE_KEYS for c in data["changes"])
    assert any(c["action"] == "created" and c["kind"] == "alarm" for c in data["changes"])
    assert {c["href"] for c in data["changes"]} == {str(calendar)}
    after = calendar.read_bytes()
    again = run(config, "sync", str(calendar), "--days", "30", "--format", "json")
    assert not [c for c in json.loads(again.stdout)["changes"] if c["action"] == "created"]
    assert calendar.read_bytes() == after


def test_sync_on_a_vdir_writes_through_the_same_writer(tmp_path: Path, config: Path) -> None:
    folder = tmp_path / "personal"
    shutil.copytree(FIXTURES / "vdir", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    dry = run(config, "sync", str(folder), "--days", "30", "--dry-run")
    assert dry.exit_code in (0, 1), dry.output
    assert "Would change" in dry.output and "+BEGIN:VEVENT" in dry.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    done = run(config, "sync", str(folder), "--days", "30")
    assert done.exit_code in (0, 1), done.output
    assert len(list(folder.glob("*@noshow*.ics"))) >= 4


def test_sync_uses_the_configs_calendars_when_none_is_named(tmp_path: Path) -> None:
    calendar = tmp_path / "calendar.ics"
    shutil.copyfile(FIXTURES / "calendar.ics", calendar)
    config = tmp_path / "config.toml"
    config.write_text(f'[calendars]\npaths = ["{calendar}"]\n', encoding="utf-8")
    result = run(config, "sync", "--days", "30")
    assert result.exit_code in (0, 1), result.output
    assert b"X-NOSHOW-KIND" in calendar.read_bytes()


def test_remind_json_lists_every_change(tmp_path: Path, config: Path) -> None:
    invite = tmp_path / "invite.ics"
    shutil.copyfile(FIXTURES / "video-new-york.ics", invite)
    out = tmp_path / "out.ics"
    result = run(config, "remind", str(invite), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is False and all(set(c) == CHANGE_KEYS for c in data["changes"])
    kinds = {c["kind"] for c in data["changes"] if c["action"] == "created"}
    assert {"alarm", "reminder", "prep", "confirm"} <= kinds
    assert {c["href"] for c in data["changes"]} == {str(out)}  # where the changes landed
    assert invite.read_bytes() == (FIXTURES / "video-new-york.ics").read_bytes()


def test_remind_reads_standard_input(config: Path) -> None:
    data = (FIXTURES / "video-new-york.ics").read_bytes()
    result = run(config, "remind", "-", stdin=data)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("BEGIN:VCALENDAR") and "X-NOSHOW-KIND" in result.stdout
    assert "added 4 alarms" in result.stderr


def test_import_reads_standard_input(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "calendar.ics"
    result = run(config, "import", "-", "--into", str(into), stdin=V0.read_bytes())
    assert result.exit_code == 0, result.output
    assert b"gh-interview-77120-atelier-noir" in into.read_bytes()


def test_import_reports_a_conflict_in_the_calendar_it_writes_into(
    tmp_path: Path, config: Path
) -> None:
    into = tmp_path / "calendar.ics"
    run(config, "import", str(V0), "--into", str(into))
    text = into.read_text(encoding="utf-8")
    into.write_text(text.replace("END:VCALENDAR", DENTIST + "END:VCALENDAR"), encoding="utf-8")
    result = run(config, "import", str(V1), "--into", str(into))
    assert result.exit_code == 1, result.output  # an error-level finding, and the import done
    assert "NS203 conflict" in result.output and "Dentist" in result.output
    assert "updated: " in result.output
    # The stale copy in the target is being replaced: not reported as a finding about it.
    assert "NS211" not in result.output and "NS210" not in result.output


def test_import_checks_against_another_calendar_too(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "calendar.ics"
    work = tmp_path / "work.ics"
    work.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n" + DENTIST + "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    result = run(config, "import", str(V1), "--into", str(into), "--calendar", str(work))
    assert result.exit_code == 1, result.output
    assert "NS203 conflict" in result.output


def test_import_into_an_empty_file_gives_it_a_calendar(tmp_path: Path, config: Path) -> None:
    into = tmp_path / "calendar.ics"
    into.touch()
    result = run(config, "import", str(V0), "--into", str(into))
    assert result.exit_code == 0, result.output
    assert into.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_import_into_a_file_that_is_not_a_calendar_is_refused_in_one_line(
    tmp_path: Path, config: Path
) -> None:
    into = tmp_path / "notes.ics"
    into.write_text("my shopping list\n", encoding="utf-8")
    result = run(config, "import", str(V0), "--into", str(into))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"noshow: error: {into}: not an iCalendar file (no BEGIN:VCALENDAR); nothing written"
    )
    assert into.read_text(encoding="utf-8") == "my shopping list\n"


def test_a_uid_that_must_be_made_safe_never_lands_in_another_events_file(
    tmp_path: Path, config: Path
) -> None:
    folder = tmp_path / "vdir"
    folder.mkdir()
    theirs = folder / "meeting_1@corp.example.ics"
    theirs.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:meeting_1@corp.example\r\nDTSTAMP:20261101T000000Z\r\n"
        b"DTSTART:20261204T100000Z\r\nDTEND:20261204T110000Z\r\nSUMMARY:Standup\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    before = theirs.read_bytes()
    invite = tmp_path / "invite.ics"
    invite.write_text(
        V0.read_text(encoding="utf-8").replace(
            "gh-interview-77120-atelier-noir@greenhouse.example.io", "meeting/1@corp.example"
        ),
        encoding="utf-8",
    )
    result = run(config, "import", str(invite), "--into", str(folder))
    assert result.exit_code == 0, result.output
    assert theirs.read_bytes() == before
    holders = [
        p.name for p in folder.glob("*.ics") if b"UID:meeting/1@corp.example" in p.read_bytes()
    ]
    assert len(holders) == 1 and holders[0] != theirs.name


def test_sync_says_which_events_it_starts_looking_after(tmp_path: Path, config: Path) -> None:
    calendar = tmp_path / "calendar.ics"
    shutil.copyfile(FIXTURES / "calendar.ics", calendar)
    dry = run(config, "sync", str(calendar), "--days", "30", "--dry-run")
    assert "noshow will look after" in dry.output
    first = run(config, "sync", str(calendar), "--days", "30", "--format", "json")
    new = json.loads(first.stdout)["new_interviews"]
    assert new and all(set(i) == {"uid", "summary", "start"} for i in new)
    again = run(config, "sync", str(calendar), "--days", "30")
    assert "new interview" not in again.output  # only the first time
