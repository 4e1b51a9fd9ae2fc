"""How to join an interview: meeting links, phone numbers and addresses read from the invite.

Each case is a real-looking invite read through :func:`noshow.invites.read_document`, so the
iCalendar escaping (``\\n``, ``\\,``) and the LOCATION/DESCRIPTION split are the real ones.
"""

from __future__ import annotations

import pytest

from noshow.invites import read_document
from noshow.joininfo import JoinInfo, Kind, is_meeting_link, join_info
from noshow.model import Invite


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def invite(location: str = "", description: str = "") -> Invite:
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//noshow tests//joininfo//EN",
        "VERSION:2.0",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:joininfo-test@example.net",
        "DTSTAMP:20261118T090000Z",
        "DTSTART:20261203T140000Z",
        "DTEND:20261203T150000Z",
        "SUMMARY:Interview",
        "ORGANIZER;CN=Recruiter:mailto:recruiter@example.com",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    document = read_document("invite.ics", "\r\n".join(lines).encode(), "Europe/Berlin")
    assert not document.problems, document.problems
    [found] = document.invites
    return found


def info(location: str = "", description: str = "") -> JoinInfo:
    return join_info(invite(location, description))


# -- video links ---------------------------------------------------------------------------------

TEAMS = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZjQ5NmM2YzQtYjA4Ny00@thread.v2/0"
    "?context=%7b%22Tid%22%3a%2272f988bf%22%7d"
)
ZOOM_COMPANY = "https://us06web.zoom.us/j/84512345678?pwd=aBcDeFgHiJkLmNoP.1"
ZOOM_PLAIN = "https://zoom.us/j/93412345678"
MEET = "https://meet.google.com/abc-defg-hij"
WEBEX = "https://acme.webex.com/acme/j.php?MTID=m1f2e3d4c5b6a79880"


@pytest.mark.parametrize(
    ("location", "description", "link"),
    [
        pytest.param(
            "Microsoft Teams Meeting",
            f"Microsoft Teams meeting\nJoin on your computer or room device\n"
            f"Click here to join the meeting<{TEAMS}>\n"
            "Meeting ID: 345 678 901 234\nPasscode: tB7xQ2",
            TEAMS,
            id="teams-outlook-body",
        ),
        pytest.param(ZOOM_COMPANY, "", ZOOM_COMPANY, id="zoom-company-subdomain-in-location"),
        pytest.param("", f"Join Zoom Meeting\n{ZOOM_PLAIN}", ZOOM_PLAIN, id="zoom-plain"),
        pytest.param("", f"Join with Google Meet: {MEET}.", MEET, id="meet-trailing-full-stop"),
        pytest.param("Webex", f"Join meeting: {WEBEX}", WEBEX, id="webex-company-site"),
    ],
)
def test_video_links(location: str, description: str, link: str) -> None:
    found = info(location, description)
    assert found.kind is Kind.VIDEO
    assert found.links == (link,)
    assert found.phones == ()
    assert found.address is None  # "Microsoft Teams Meeting" is not a place
    assert not found.empty


def test_other_links_are_not_meeting_links_but_count_as_join_info() -> None:
    found = info(
        "",
        "Our careers page: https://www.example.com/careers\n"
        "Download Teams: https://www.microsoft.com/en-us/microsoft-teams/download-app",
    )
    assert found.links == ()
    assert found.other_links == (
        "https://www.example.com/careers",
        "https://www.microsoft.com/en-us/microsoft-teams/download-app",
    )
    # A link on an unknown host may well be how to join (a company's own video service).
    assert found.kind is Kind.UNKNOWN and not found.empty


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.my.webex.com/acme.my/j.php?MTID=m0123456789",
        "https://eu01.web.zoom.us/j/81234567890",
        "https://ACME.ZOOM.US/j/81234567890",
        "https://zoho.com/meeting/join?key=1",
    ],
)
def test_known_providers_by_host_suffix_at_any_depth(url: str) -> None:
    found = info("", f"Join: {url}")
    assert found.links == (url,)
    assert found.kind is Kind.VIDEO


@pytest.mark.parametrize(
    "url",
    [
        "https://notzoom.us/j/1",  # a suffix must start at a label boundary
        "https://zoom.us.evil.example/j/1",
        "https://zoho.com/mail",  # Zoho is a meeting service only under /meeting
        "https://[::1/broken",
    ],
)
def test_lookalike_hosts_are_not_meeting_links(url: str) -> None:
    assert not is_meeting_link(url)


def test_the_same_link_twice_counts_once() -> None:
    found = info(MEET, f"Join: {MEET}")
    assert found.links == (MEET,)


# -- phone numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "number"),
    [
        pytest.param(
            "Please be reachable at +44 20 7946 0958.", "+44 20 7946 0958", id="plus-country-code"
        ),
        pytest.param("Eleanor will call you on 0151 2345 6789.", "0151 2345 6789", id="call"),
        pytest.param("Dial 415 555 0132 at the time of the interview.", "415 555 0132", id="dial"),
        pytest.param("Telefon: 030 12345678", "030 12345678", id="german-telefon"),
        pytest.param(
            "Nous vous appellerons au téléphone : 01 42 68 53 00", "01 42 68 53 00", id="french"
        ),
        pytest.param("tel:+4930123456789", "tel:+4930123456789", id="tel-uri"),
    ],
)
def test_phone_numbers(description: str, number: str) -> None:
    found = info("", description)
    assert found.phones == (number,)
    assert found.kind is Kind.PHONE
    assert found.links == () and found.address is None


def test_bare_numbers_without_a_phone_word_are_not_phones() -> None:
    found = info("", "Your application reference is 0301234567. Job ID 20261123.")
    assert found.phones == ()
    assert found.empty


def test_zoom_meeting_ids_and_passcodes_are_not_phone_numbers() -> None:
    """A full Zoom invitation: only the dial-in numbers are phones, never the meeting ID
    (spaced, or after the pause in a one-tap string) or the passcode."""
    body = (
        "Alex Moreau is inviting you to a scheduled Zoom meeting.\n\n"
        f"Join Zoom Meeting\n{ZOOM_COMPANY}\n\n"
        "Meeting ID: 845 1234 5678\nPasscode: 482913745\n\n---\n\n"
        "One tap mobile\n"
        "+16465588656,,84512345678#,,,,*482913745# US (New York)\n"
        "+13092053325,,84512345678#,,,,*482913745# US\n\n---\n\n"
        "Dial by your location\n"
        "• +1 646 558 8656 US (New York)\n"
        "• +49 69 3807 9883 Germany\n\n"
        "Meeting ID: 845 1234 5678\nPasscode: 482913745\n"
    )
    found = info("", body)
    assert found.kind is Kind.VIDEO
    assert ZOOM_COMPANY in found.links
    assert found.phones == ("+16465588656", "+13092053325", "+1 646 558 8656", "+49 69 3807 9883")
    digits = {"".join(c for c in p if c.isdigit()) for p in found.phones}
    assert "84512345678" not in digits and "482913745" not in digits


def test_teams_conference_id_is_not_a_phone_number() -> None:
    body = (
        f"Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
        f"Click here to join the meeting<{TEAMS}>\n"
        "Meeting ID: 345 678 901 234\nPasscode: tB7xQ2\n"
        "Or call in (audio only)\n"
        "+49 69 365 0010 11,,912345678#   Germany, Frankfurt am Main\n"
        "Phone Conference ID: 912 345 678#\n"
    )
    found = info("Microsoft Teams Meeting", body)
    assert found.kind is Kind.VIDEO
    assert found.phones == ("+49 69 365 0010 11",)


def test_meeting_id_next_to_the_word_call_is_not_a_phone_number() -> None:
    found = info(
        "",
        "Our recruiter will call you on +49 151 23456789. If the call drops, "
        "Zoom meeting ID for backup: 845 1234 5678, passcode 4829137456.",
    )
    assert found.phones == ("+49 151 23456789",)
    assert found.kind is Kind.PHONE


def test_german_meeting_id_and_kenncode_are_not_phone_numbers() -> None:
    found = info(
        "", "Einwahl per Telefon: +49 30 5679 5800\nMeeting-ID: 845 1234 5678\nKenncode: 4829137456"
    )
    assert found.phones == ("+49 30 5679 5800",)


# -- addresses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        pytest.param("350 Fifth Avenue, New York, NY 10118", id="english-avenue"),
        pytest.param("221B Baker Street, London NW1 6XE", id="english-street"),
        pytest.param("Friedrichstraße 123, 10117 Berlin", id="german-strasse"),
        pytest.param(
            "Rheinwerk Systeme GmbH, Hauptstr. 5, 80331 München", id="german-str-abbreviated"
        ),
        pytest.param("12 rue de Rivoli, Paris", id="french-rue"),
        pytest.param("Calle de Alcalá 48, 28014 Madrid", id="spanish-calle"),
    ],
)
def test_addresses(location: str) -> None:
    found = info(location, "Please report to reception.")
    assert found.address == location
    assert found.kind is Kind.IN_PERSON
    assert not found.empty


@pytest.mark.parametrize(
    "location", ["Microsoft Teams Meeting", "Online", "Conference room 4", "TBD"]
)
def test_locations_that_are_not_addresses(location: str) -> None:
    found = info(location)
    assert found.address is None
    assert found.kind is Kind.UNKNOWN and found.empty


def test_a_link_in_the_location_is_not_an_address() -> None:
    found = info(f"{MEET}, Google Meet, online")
    assert found.address is None
    assert found.kind is Kind.VIDEO


def test_on_site_in_the_text_makes_the_location_an_address() -> None:
    found = info("Kestrel Labs HQ", "This is an on-site interview; ask for Mia at the front desk.")
    assert found.address == "Kestrel Labs HQ"
    assert found.kind is Kind.IN_PERSON


# -- kind precedence -----------------------------------------------------------------------------


def test_link_wins_over_phone_and_address() -> None:
    found = info(
        "Friedrichstraße 123, 10117 Berlin", f"Join remotely: {MEET} or call +49 30 12345678"
    )
    assert found.kind is Kind.VIDEO
    assert found.links == (MEET,) and found.phones == ("+49 30 12345678",)


def test_address_wins_over_phone() -> None:
    found = info("12 rue de Rivoli, Paris", "If you are late, call +33 1 42 68 53 00.")
    assert found.kind is Kind.IN_PERSON
    assert found.phones == ("+33 1 42 68 53 00",)


def test_nothing_at_all() -> None:
    found = info("", "Looking forward to speaking with you!")
    assert found == JoinInfo((), (), None)
    assert found.kind is Kind.UNKNOWN and found.empty
