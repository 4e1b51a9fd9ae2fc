"""`noshow agenda`: the interviews in your calendars in the coming days, each checked.

Every run uses an empty config file (or one written here), an explicit --zone and --now, so
nothing from the machine leaks in. "Now" is Mon 23 Nov 2026 09:00 UTC unless a test says
otherwise; the fixtures live in fixtures/calendars/agenda.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from json_contract import FINDING_KEYS, INVITE_KEYS, TIME_KEYS
from noshow.calendars.interviews import INTERVIEW_WORDS, is_interview
from noshow.cli.main import cli

CALENDARS = Path(__file__).resolve().parent / "fixtures" / "calendars"
AGENDA = CALENDARS / "agenda"
PERSONAL = AGENDA / "personal.ics"
INVITATION = AGENDA / "invitation.ics"
NOW = "2026-11-23T09:00:00Z"

#: Every interview in personal.ics and invitation.ics in the default 14 days, in time order.
ALL_INTERVIEWS = [
    "Catch-up with Jordan – Meridian Analytics",  # METHOD:REQUEST
    "Chat with Lena Hoffmann (Acme Robotics)",  # organizer and attendees
    "Vorstellungsgespräch Rheinwerk Systeme",  # German word
    "Entretien – Société Générale (Data Engineer)",  # French
    "Entrevista técnica – Cabify",  # Spanish
    "Colloquio conoscitivo – Satispay",  # Italian
    "Acme Robotics – round 2",  # CATEGORIES:Job search,Interview
]


@pytest.fixture
def empty_config(tmp_path: Path) -> Path:
    path = tmp_path / "empty.toml"
    path.write_text("")
    return path


def run(
    *args: str, config: Path, zone: str = "Europe/Berlin", now: str = NOW
) -> tuple[int, str, str]:
    """``noshow agenda ARGS`` -> (exit status, stdout, stderr); never a traceback."""
    argv = ["agenda", *args, "--config", str(config), "--zone", zone, "--now", now]
    result = CliRunner().invoke(cli, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str, config: Path, **kwargs: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(*args, "--format", "json", config=config, **kwargs)
    data = json.loads(out)
    assert set(data) == {"interviews", "errors"}
    for interview in data["interviews"]:
        assert set(interview) >= INVITE_KEYS
        assert set(interview["start"]) >= TIME_KEYS
        for finding in interview["findings"]:
            assert set(finding) >= FINDING_KEYS
    return code, data


def summaries(data: dict[str, Any]) -> list[str]:
    return [i["summary"] for i in data["interviews"]]


def calendars(*paths: Path) -> list[str]:
    return [arg for p in paths for arg in ("--calendar", str(p))]


# -- which events are interviews -------------------------------------------------------------------


def test_finds_interviews_by_organizer_method_and_words(empty_config):
    code, data = run_json(*calendars(PERSONAL, INVITATION), config=empty_config)
    assert code == 0
    assert data["errors"] == []
    assert summaries(data) == ALL_INTERVIEWS
    # Ordinary events (a dentist, a weekly team sync, lunch, yoga) are not interviews.
    listed = " ".join(summaries(data))
    for ordinary in ("Dentist", "Team sync", "Lunch with Sam", "Yoga"):
        assert ordinary not in listed


def test_times_in_the_organizers_zone_and_yours(empty_config):
    _code, data = run_json(*calendars(PERSONAL), config=empty_config)
    [lena] = [i for i in data["interviews"] if i["summary"].startswith("Chat with Lena")]
    assert lena["start"]["zone"] == "America/New_York"
    assert lena["start"]["utc"] == "2026-11-25T15:00:00Z"
    assert lena["start"]["local"] == "2026-11-25T10:00:00-05:00"
    assert lena["you"] == {
        "zone": "Europe/Berlin",
        "start": "2026-11-25T16:00:00+01:00",
        "end": "2026-11-25T16:30:00+01:00",
    }
    assert lena["source"] == str(PERSONAL)


@pytest.mark.parametrize(
    ("prop", "value"),
    [
        ("SUMMARY", "Interview with Acme"),
        ("SUMMARY", "Vorstellungsgespräch bei Rheinwerk"),
        ("SUMMARY", "Vorstellungsgespraech bei Rheinwerk"),
        ("SUMMARY", "Entretien d'embauche – Société Générale"),
        ("SUMMARY", "Entrevista con Cabify"),
        ("SUMMARY", "Colloquio – Satispay"),
        ("SUMMARY", "PHONE SCREEN"),
        ("CATEGORIES", "Interview"),
        ("CATEGORIES", "Vorstellungsgespräch"),
        ("CATEGORIES", "entretien"),
        ("CATEGORIES", "Entrevista"),
        ("CATEGORIES", "Colloquio"),
    ],
)
def test_interview_words(prop, value):
    event = icalendar.Event()
    event.add("UID", "x@example.net")
    event.add("SUMMARY" if prop == "CATEGORIES" else "DESCRIPTION", "Catch-up")
    if prop == "CATEGORIES":
        event.add("CATEGORIES", ["Job search", value])
    else:
        event.add("SUMMARY", value)
    assert is_interview(event, None)


@pytest.mark.parametrize(
    "summary", ["Team sync", "Dentist", "Reviewing interviewer notes", "Screenshots"]
)
def test_ordinary_events_are_not_interviews(summary):
    event = icalendar.Event()
    event.add("SUMMARY", summary)
    event.add("ATTENDEE", "mailto:sam@example.net")  # attendees without an organizer: not enough
    assert not is_interview(event, None)
    assert INTERVIEW_WORDS.search(summary) is None


def test_days_limits_the_window(empty_config):
    """--days 3 ends Thu 26 Nov 09:00 UTC: the Rheinwerk interview at 14:00 that day is out."""
    code, data = run_json(*calendars(PERSONAL, INVITATION), "--days", "3", config=empty_config)
    assert code == 0
    assert summaries(data) == ALL_INTERVIEWS[:2]
    _code, data = run_json(*calendars(PERSONAL, INVITATION), "--days", "4", config=empty_config)
    assert summaries(data) == ALL_INTERVIEWS[:3]


def test_interviews_already_started_are_not_listed(empty_config):
    _code, data = run_json(*calendars(PERSONAL), config=empty_config, now="2026-11-25T15:10:00Z")
    assert summaries(data)[0] == "Vorstellungsgespräch Rheinwerk Systeme"


def test_match_overrides_the_detection(empty_config):
    code, data = run_json(
        *calendars(PERSONAL, INVITATION), "--match", r"chat with|round \d", config=empty_config
    )
    assert code == 0
    # The METHOD:REQUEST invitation and the worded interviews no longer count.
    assert summaries(data) == ["Chat with Lena Hoffmann (Acme Robotics)", "Acme Robotics – round 2"]
    _code, data = run_json(*calendars(PERSONAL), "--match", "DENTIST", config=empty_config)
    assert summaries(data) == ["Dentist"]  # case-insensitive, and any event can be chosen


def test_bad_match_regex_is_a_usage_error(empty_config):
    code, out, err = run(*calendars(PERSONAL), "--match", "(interview", config=empty_config)
    assert code == 2
    assert out == ""
    assert "--match" in err
    assert "'(interview' is not a regular expression" in err


# -- recurring interviews --------------------------------------------------------------------------


def test_weekly_series_keeps_its_local_time_across_dst(empty_config):
    """Interviews every Monday 09:00 Berlin: 22 March 2027 is still CET, 29 March is CEST
    (the clocks change on Sunday 28 March). Both are at 09:00 local, an hour apart in UTC."""
    series = AGENDA / "mock-interviews-2027.ics"
    _code, data = run_json(*calendars(series), config=empty_config, now="2027-03-17T12:00:00Z")
    assert data["errors"] == []
    starts = [
        (i["start"]["utc"], i["start"]["local"], i["you"]["start"]) for i in data["interviews"]
    ]
    assert starts == [
        ("2027-03-22T08:00:00Z", "2027-03-22T09:00:00+01:00", "2027-03-22T09:00:00+01:00"),
        ("2027-03-29T07:00:00Z", "2027-03-29T09:00:00+02:00", "2027-03-29T09:00:00+02:00"),
    ]


def test_weekly_series_seen_from_another_zone_across_both_dst_changes(empty_config):
    """From New York (DST since 14 March 2027), 09:00 Berlin is 04:00 before Europe's change and
    03:00 after it."""
    series = AGENDA / "mock-interviews-2027.ics"
    _code, data = run_json(
        *calendars(series), config=empty_config, zone="America/New_York", now="2027-03-17T12:00:00Z"
    )
    assert [i["you"]["start"] for i in data["interviews"]] == [
        "2027-03-22T04:00:00-04:00",
        "2027-03-29T03:00:00-04:00",
    ]


def test_override_moved_into_the_window_appears_at_its_moved_time(empty_config):
    """Thursday screening calls at 18:00; the one of Thu 26 Nov moved to Wed 25 Nov 18:00.
    --days 3 ends Thu 26 Nov 09:00 UTC: only the moved occurrence is in the window."""
    series = AGENDA / "moved-override.ics"
    code, data = run_json(*calendars(series), "--days", "3", config=empty_config)
    assert code == 0 and data["errors"] == []
    assert [i["start"]["local"] for i in data["interviews"]] == ["2026-11-25T18:00:00+01:00"]
    _code, data = run_json(*calendars(series), config=empty_config)
    assert [i["start"]["local"] for i in data["interviews"]] == [
        "2026-11-25T18:00:00+01:00",  # moved, and not also at its original 26 Nov time
        "2026-12-03T18:00:00+01:00",
    ]


# -- output ----------------------------------------------------------------------------------------


def test_json_invites_have_the_same_keys_as_check(empty_config):
    _code, data = run_json(*calendars(AGENDA / "clean.ics"), config=empty_config)
    [interview] = data["interviews"]
    result = CliRunner().invoke(
        cli,
        [
            "check",
            str(CALENDARS / "invites" / "video-teams.ics"),
            "--format",
            "json",
            "--config",
            str(empty_config),
            "--zone",
            "Europe/Berlin",
            "--now",
            NOW,
        ],
    )
    [checked] = json.loads(result.stdout)["invites"]
    assert set(interview) == set(checked)
    assert set(interview["you"]) == set(checked["you"])
    assert set(interview["start"]) - {"tzid", "definition_utc"} == set(checked["start"]) - {
        "tzid",
        "definition_utc",
    }


def test_text_output_gives_the_organizers_time_and_yours(empty_config):
    code, out, err = run(*calendars(PERSONAL, INVITATION), config=empty_config)
    assert code == 0 and err == ""
    text = " ".join(out.split())
    assert (
        "Wed 25 Nov 2026 10:00 EST (UTC-05:00) (organizer's time, America/New_York) "
        "Wed 25 Nov 2026 16:00 CET (UTC+01:00) (your time, Europe/Berlin, 30 min)"
    ) in text
    assert (
        "Tue 24 Nov 2026 16:00 GMT (UTC+00:00) (organizer's time, Europe/London) "
        "Tue 24 Nov 2026 17:00 CET (UTC+01:00) (your time, Europe/Berlin, 30 min)"
    ) in text
    for title in ALL_INTERVIEWS:
        assert title in out
    assert "7 interviews checked" in text


# -- exit statuses ---------------------------------------------------------------------------------


def test_exit_zero_when_clean(empty_config):
    code, data = run_json(*calendars(AGENDA / "clean.ics"), config=empty_config)
    assert code == 0
    assert summaries(data) == ["Interview – Kestrel Labs"]
    assert all(f["severity"] != "error" for f in data["interviews"][0]["findings"])


def test_exit_one_for_an_error_finding(empty_config):
    """An all-hands overlaps the interview in the same calendar: a conflict."""
    code, data = run_json(*calendars(AGENDA / "double-booked.ics"), config=empty_config)
    assert code == 1
    [interview] = data["interviews"]
    [conflict] = [f for f in interview["findings"] if f["rule"] == "conflict"]
    assert conflict["message"].startswith('"All hands" in your calendar')


def test_exit_two_for_an_unreadable_calendar_others_still_listed(empty_config):
    code, data = run_json(
        *calendars(CALENDARS / "bad" / "truncated.ics", AGENDA / "clean.ics"), config=empty_config
    )
    assert code == 2
    assert summaries(data) == ["Interview – Kestrel Labs"]
    [error] = data["errors"]
    assert error["source"] == str(CALENDARS / "bad" / "truncated.ics")


# -- where the calendars come from -----------------------------------------------------------------


def test_vdir_folder_as_calendar(empty_config):
    vdir = AGENDA / "vdir"
    code, data = run_json(*calendars(vdir), config=empty_config)
    assert code == 0 and data["errors"] == []
    [interview] = data["interviews"]
    assert interview["summary"] == "Interview: Backend Engineer – Nordlicht Energie"
    assert interview["source"] == str(vdir / "9d4c2b1a-interview-nordlicht.ics")
    assert interview["you"]["start"] == "2026-11-25T15:00:00+01:00"
    # Its one VALARM is read from the vdir file: a note, not "no reminder".
    rules = {f["rule"] for f in interview["findings"]}
    assert "single-reminder" in rules and "no-reminder" not in rules


def test_config_calendar_paths_are_used_without_calendar_option(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(
        f"[calendars]\npaths = [{json.dumps(str(PERSONAL))}, {json.dumps(str(INVITATION))}]\n"
    )
    code, data = run_json(config=config)
    assert code == 0
    assert summaries(data) == ALL_INTERVIEWS
    # --calendar replaces the configured paths.
    code, data = run_json(*calendars(AGENDA / "clean.ics"), config=config)
    assert summaries(data) == ["Interview – Kestrel Labs"]


def test_no_calendar_at_all_is_a_clear_error(empty_config):
    code, out, err = run(config=empty_config)
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "noshow: error: no calendar: give --calendar PATH, or set [calendars] paths in the config"
    )


def test_outlook_export_with_folded_uids(empty_config):
    """Outlook UIDs are longer than a line, so they are always folded; the interview is still
    found, read whole, and its two reminders counted."""
    code, data = run_json(*calendars(AGENDA / "outlook-export.ics"), config=empty_config)
    assert data["errors"] == []
    assert code == 0
    [interview] = data["interviews"]
    assert interview["summary"] == "Interview – Kestrel Labs"
    assert interview["organizer"] == {
        "name": "Mia Svensson",
        "email": "mia.svensson@kestrel-labs.example.com",
    }
    rules = {f["rule"] for f in interview["findings"]}
    assert not rules & {"no-reminder", "single-reminder", "not-in-calendar"}


def test_noshows_own_blocks_never_stand_in_the_way_of_their_interview(tmp_path: Path) -> None:
    """After `remind`, the tech-check block ends as the interview starts: it is there for that
    interview, so it is not a meeting without a buffer; the same block for another interview is."""
    sample = Path(__file__).resolve().parents[1] / "samples" / "clean-interview.ics"
    calendar = tmp_path / "calendar.ics"
    runner = CliRunner()
    made = runner.invoke(
        cli,
        ["remind", str(sample), "-o", str(calendar), "--zone", "Europe/Berlin", "--now", NOW],
    )
    assert made.exit_code == 0, made.output

    def buffer_rules(path: Path) -> list[str]:
        result = runner.invoke(
            cli,
            [
                "agenda",
                "--calendar",
                str(path),
                "--zone",
                "Europe/Berlin",
                "--now",
                NOW,
                "--format",
                "json",
            ],
        )
        assert result.exit_code in (0, 1), result.output
        return [
            f["rule"]
            for i in json.loads(result.stdout)["interviews"]
            for f in i["findings"]
            if f["rule"].startswith("no-buffer")
        ]

    text = calendar.read_text(encoding="utf-8")
    assert "X-NOSHOW-KIND:tech-check" in text
    assert buffer_rules(calendar) == []
    other = tmp_path / "other.ics"
    other.write_text(text.replace("RELATED-TO:", "RELATED-TO:another-interview-"), encoding="utf-8")
    assert buffer_rules(other) == ["no-buffer-before"]
