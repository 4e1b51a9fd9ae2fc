"""How the zone names real invites use resolve to an IANA zone and the right instant.

Windows names, Outlook display names, Outlook.com's ``tzone://Microsoft/Custom``, localized
names and a TZID with a stray trailing colon. Each fixture has a winter and (where given) a
summer interview, so a fixed offset cannot pass for the real zone.

Also the "Customized Time Zone" trap: icalendar caches custom VTIMEZONEs process-wide by TZID,
so after reading one file that defines "Customized Time Zone", icalendar hands the *same* tzinfo
to the next file with that TZID even when its rules differ. noshow must read every file's own
definition.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from noshow.check import check_documents
from noshow.invites import read_document
from noshow.model import Resolution, You
from noshow.rules import Selection

QUIET = ("missing-join-info",)  # as in conftest: these fixtures carry no join link

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "unknown-timezone"
NOW = "2026-05-01T09:00:00Z"  # before every interview in these fixtures

#: The zones of the cities in "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna".
OUTLOOK_CITIES = {
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Stockholm",
    "Europe/Vienna",
}

# (file, interview date, how, acceptable zones, UTC instant)
CASES = [
    ("windows-name.ics", "2026-12-03", Resolution.WINDOWS, {"Europe/Berlin"}, "2026-12-03T13:00"),
    ("windows-name.ics", "2026-06-18", Resolution.WINDOWS, {"Europe/Berlin"}, "2026-06-18T12:00"),
    (
        "windows-name-without-vtimezone.ics",
        "2026-06-18",
        Resolution.WINDOWS,
        {"Europe/Berlin"},
        "2026-06-18T12:00",
    ),
    (
        "outlook-display-name.ics",
        "2026-12-03",
        Resolution.MATCHED,
        OUTLOOK_CITIES,
        "2026-12-03T13:00",
    ),
    (
        "outlook-display-name.ics",
        "2026-06-18",
        Resolution.MATCHED,
        OUTLOOK_CITIES,
        "2026-06-18T12:00",
    ),
    (
        "outlook-display-name-without-vtimezone.ics",
        "2026-12-03",
        Resolution.MATCHED,
        OUTLOOK_CITIES,
        "2026-12-03T13:00",
    ),
    (
        "outlook-display-names-us.ics",
        "2026-12-08",
        Resolution.MATCHED,
        {"America/New_York"},
        "2026-12-08T15:00",
    ),
    (
        "outlook-display-names-us.ics",
        "2026-12-09",
        Resolution.MATCHED,
        {"America/Chicago"},
        "2026-12-09T16:00",
    ),
    (
        "outlook-display-names-us.ics",
        "2026-07-09",
        Resolution.MATCHED,
        {"America/Los_Angeles"},
        "2026-07-09T17:00",
    ),
    ("tzone-microsoft-utc.ics", "2026-07-09", Resolution.MATCHED, {"UTC"}, "2026-07-09T15:00"),
    (
        "tzone-microsoft-custom.ics",
        "2026-12-03",
        Resolution.MATCHED,
        {"America/New_York"},
        "2026-12-03T14:00",
    ),
    (
        "tzone-microsoft-custom.ics",
        "2026-07-09",
        Resolution.MATCHED,
        {"America/New_York"},
        "2026-07-09T13:00",
    ),
    (
        "mitteleuropaeische-zeit.ics",
        "2026-12-03",
        Resolution.MATCHED,
        {"Europe/Berlin"},
        "2026-12-03T13:00",
    ),
    (
        "mitteleuropaeische-zeit.ics",
        "2026-06-18",
        Resolution.MATCHED,
        {"Europe/Berlin"},
        "2026-06-18T12:00",
    ),
    ("trailing-colon.ics", "2026-12-03", Resolution.IANA, {"Europe/Berlin"}, "2026-12-03T13:00"),
    ("trailing-colon.ics", "2026-06-18", Resolution.WINDOWS, {"Europe/Berlin"}, "2026-06-18T12:00"),
]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(("name", "day", "how", "zones", "instant"), CASES)
def test_zone_name_resolves_to_the_right_zone_and_instant(
    check_file, name, day, how, zones, instant
):
    checked = check_file(FIXTURES / name, now=NOW)
    [item] = [c for c in checked if c.invite.start.wall.date().isoformat() == day]
    start = item.invite.start
    assert start.how is how
    assert start.zone in zones
    assert start.instant == utc(instant)
    # The wall time as written is the local time in the resolved zone.
    assert start.local.replace(tzinfo=None) == start.wall
    assert item.invite.end is not None
    assert item.invite.end.instant - start.instant == timedelta(hours=1)
    # Nothing to complain about: the zone is known and the definition agrees with tzdata.
    rules = {f.rule for f in item.findings}
    assert not rules & {"unknown-timezone", "timezone-definition-mismatch", "floating-time"}


def test_mitteleuropaeische_zeit_without_definition_still_means_berlin():
    ics = (FIXTURES / "windows-name-without-vtimezone.ics").read_bytes()
    data = ics.replace(b"TZID=W. Europe Standard Time", "TZID=Mitteleuropäische Zeit".encode())
    document = read_document("mez.ics", data, "America/New_York")
    [invite] = document.invites
    assert invite.start.how is Resolution.MATCHED
    assert invite.start.zone == "Europe/Berlin"
    assert invite.start.instant == utc("2026-06-18T12:00")


# -- the "Customized Time Zone" trap ------------------------------------------------------------

EASTERN = FIXTURES / "customized-us-eastern.ics"
CENTRAL = FIXTURES / "customized-central-european.ics"
STALE_BRAZIL = FIXTURES / "definition-only.ics"  # a third meaning of the same TZID


def _check_together(paths):
    documents = [read_document(str(p), p.read_bytes(), "Europe/Berlin") for p in paths]
    report = check_documents(
        documents,
        You("Europe/Berlin"),
        datetime.fromisoformat(NOW),
        selection=Selection(ignore=QUIET),
    )
    assert not report.problems
    return {Path(c.invite.source).name: c for c in report.checked}


@pytest.mark.parametrize(
    "order",
    [
        (EASTERN, CENTRAL),
        (CENTRAL, EASTERN),
        (EASTERN, STALE_BRAZIL, CENTRAL),
        (STALE_BRAZIL, CENTRAL, EASTERN),
    ],
    ids=["eastern-first", "central-first", "three-meanings", "three-meanings-reversed"],
)
def test_same_custom_tzid_with_different_rules_in_one_run(order):
    checked = _check_together(order)
    eastern = checked["customized-us-eastern.ics"].invite.start
    central = checked["customized-central-european.ics"].invite.start
    # Both files say 10:00 "Customized Time Zone" on 10 December.
    assert eastern.tzid == central.tzid == "Customized Time Zone"
    assert eastern.wall == central.wall == datetime(2026, 12, 10, 10, 0)
    assert (eastern.how, eastern.zone) == (Resolution.MATCHED, "America/New_York")
    assert eastern.instant == utc("2026-12-10T15:00")
    assert (central.how, central.zone) == (Resolution.MATCHED, "Europe/Berlin")
    assert central.instant == utc("2026-12-10T09:00")
    for item in (checked["customized-us-eastern.ics"], checked["customized-central-european.ics"]):
        # Had a definition leaked from the other file, tzdata and "the definition" would disagree.
        assert item.invite.start.definition_instant is None
        assert item.findings == ()
    if STALE_BRAZIL in order:
        brazil = checked["definition-only.ics"].invite.start
        assert brazil.how is Resolution.DEFINITION
        assert brazil.instant == utc("2026-12-10T16:00")


@pytest.mark.parametrize("order", [(EASTERN, CENTRAL), (CENTRAL, EASTERN)])
def test_cli_same_custom_tzid_with_different_rules(run_check, order):
    code, data = run_check(*order, now=NOW)
    assert code == 0
    by_name = {Path(i["source"]).name: i for i in data["invites"]}
    assert by_name["customized-us-eastern.ics"]["start"]["utc"] == "2026-12-10T15:00:00Z"
    assert by_name["customized-us-eastern.ics"]["start"]["zone"] == "America/New_York"
    assert by_name["customized-us-eastern.ics"]["you"]["start"] == "2026-12-10T16:00:00+01:00"
    assert by_name["customized-central-european.ics"]["start"]["utc"] == "2026-12-10T09:00:00Z"
    assert by_name["customized-central-european.ics"]["start"]["zone"] == "Europe/Berlin"
    assert by_name["customized-central-european.ics"]["you"]["start"] == "2026-12-10T10:00:00+01:00"
    for invite in data["invites"]:
        assert "definition_utc" not in invite["start"]
        assert invite["findings"] == []
