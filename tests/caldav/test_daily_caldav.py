"""`noshow daily` over every kind of calendar at once: a CalDAV account, a vdir and a file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from noshow.cli.main import cli

NOW = "2026-11-23T09:00:00Z"
UID = "interview-daily@recruiting.example.com"
AGENDA = Path(__file__).resolve().parent.parent / "fixtures" / "calendars" / "agenda"

#: Wed 25 Nov 2026 15:00 London = 16:00 Berlin.
INTERVIEW = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Example Corp//Recruiting//EN\r\n"
    "BEGIN:VEVENT\r\n"
    f"UID:{UID}\r\n"
    "DTSTAMP:20261120T100000Z\r\n"
    "SEQUENCE:{sequence}\r\n"
    "DTSTART;TZID=Europe/London:{start}\r\n"
    "DTEND;TZID=Europe/London:{end}\r\n"
    "SUMMARY:Interview: Platform Engineer (video)\r\n"
    "DESCRIPTION:Join: https://example.zoom.us/j/81234567890\r\n"
    "ORGANIZER;CN=Dana Reyes:mailto:dana@recruiting.example.com\r\n"
    "ATTENDEE;CN=Sam Lee;PARTSTAT=ACCEPTED:mailto:sam@example.org\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def interview(
    start: str = "20261125T150000", end: str = "20261125T160000", sequence: int = 0
) -> bytes:
    return (
        INTERVIEW.replace("{start}", start)
        .replace("{end}", end)
        .replace("{sequence}", str(sequence))
        .encode()
    )


def test_daily_reads_and_reminds_every_calendar_of_the_config(
    caldav_server: Any, tmp_path: Path
) -> None:
    url = caldav_server.calendar_url + "interview.ics"
    caldav_server.put(url, interview())
    personal = tmp_path / "personal.ics"
    shutil.copy(AGENDA / "personal.ics", personal)
    vdir = tmp_path / "vdir"
    shutil.copytree(AGENDA / "vdir", vdir)
    config = tmp_path / "config.toml"
    config.write_text(
        "\n".join(
            [
                "[you]",
                'zone = "Europe/Berlin"',
                "[calendars]",
                f"paths = [{json.dumps(str(personal))}, {json.dumps(str(vdir))}]",
                "[accounts.test]",
                f'url = "{caldav_server.calendar_url}"',
                f'username = "{caldav_server.username}"',
                "timeout = 15",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    state = tmp_path / "state.json"

    def daily(now: str = NOW) -> dict[str, Any]:
        result = CliRunner().invoke(
            cli,
            [
                "daily",
                "--config",
                str(config),
                "--now",
                now,
                "--state",
                str(state),
                "--format",
                "json",
            ],
            env={"NOSHOW_PASSWORD": "s3cret-pass"},
        )
        assert result.exit_code in (0, 1), result.output
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    data = daily()
    sources = {i["source"] for i in data["interviews"]}
    assert url in sources
    assert str(personal) in sources
    assert any(s.startswith(str(vdir)) for s in sources)
    assert data["errors"] == []
    ours = next(i for i in data["interviews"] if i["uid"] == UID)
    assert ours["day"] == "on Wednesday"
    assert ours["start"]["local"] == "2026-11-25T15:00:00+00:00"
    assert ours["you"]["start"] == "2026-11-25T16:00:00+01:00"
    # Reminded through the same writer as sync: the alarms are on the server's copy.
    _, after, _ = caldav_server.get(url)
    assert after.count(b"BEGIN:VALARM") == 4
    assert any(c["href"] == url and c["action"] == "created" for c in data["changes"])

    # Moved on the server (another client): reported once, and the reminders follow.
    _, current, etag = caldav_server.get(url)
    moved = current.replace(b"20261125T150000", b"20261126T100000").replace(
        b"20261125T160000", b"20261126T110000"
    )
    status, _ = caldav_server.put(url, moved, etag=etag)
    assert status in (200, 201, 204)
    data = daily("2026-11-23T10:00:00Z")
    [update] = data["updates"]
    assert update["kind"] == "moved"
    assert update["uid"] == UID
    assert update["after"]["you"] == "2026-11-26T11:00:00+01:00"
    assert daily("2026-11-23T11:00:00Z")["updates"] == []
