"""Interview detection by keywords, checked against real calendar event titles.

Each title is an event with no organizer, no attendees and no METHOD: the title alone decides
(issue 15: "Board meeting (not an interview)" was treated as an interview on CalDAV and got 4
alarms and 9 items). The titles come from real calendars and invites (the corpus, khal and
Google exports), plus the ones a campaign found.
"""

from __future__ import annotations

import icalendar
import pytest

from noshow.calendars.interviews import is_interview

MUST_MATCH = [
    "Interview: Backend Engineer - Acme",
    "Phone screen with Acme",
    "Technical interview",
    "Acme Corp - Technical interview",
    "Interview with Meridian Analytics",
    "Final round: Senior Backend Engineer (Payments) - Cobalto",
    "Second-round interview: Alex Moreau",
    "On-site interview: Senior Data Engineer",
    "Harborview Capital: onsite interview",
    "Screening call – Talentbridge",
    "Larkspur Robotics: Hiring manager interview (10:00 AM PT)",
    "Video interview: Alex Moreau / Harbourlight Games",
    "Recruiter call - Lumen Robotics",
    "Panel interview (Teams)",
    "Canceled: Interview: Frontend Engineer - Spreewald Software",
    "Vorstellungsgespräch – Rheinwerk Systeme GmbH",
    "Entretien – Société Générale (Data Engineer)",
    "Entrevista técnica – Cabify",
    "Colloquio conoscitivo – Satispay",
    "Sollicitatiegesprek bij Grachtwerk",
    "PHONE SCREEN",
]

MUST_NOT_MATCH = [
    "Board meeting (not an interview)",
    "interview prep with mentor",
    "Mock interview practice",
    "Mock interview with career coach",
    "Interview preparation",
    "Prepare for Acme interview",
    "Practice interview questions",
    "Interview debrief",
    "Interview feedback for Sam",
    "Interviewer training",
    "Day off for interviews",
    "Film screening: Past Lives",
    "Cancer screening",
    "Eye screening at the optician",
    "Feedback loop retro",
    "Team sync",
    "Dentist",
    "Board meeting",
    "Reviewing interviewer notes",
    "Screenshots",
    "1:1 with manager",
    "Lunch",
]


def event(title: str) -> icalendar.Event:
    component = icalendar.Event()
    component.add("UID", "title@example.net")
    component.add("SUMMARY", title)
    return component


@pytest.mark.parametrize("title", MUST_MATCH)
def test_interview_titles_match(title: str) -> None:
    assert is_interview(event(title), None)


@pytest.mark.parametrize("title", MUST_NOT_MATCH)
def test_other_titles_do_not_match(title: str) -> None:
    assert not is_interview(event(title), None)


def test_an_organizer_with_attendees_or_an_invitation_still_decides() -> None:
    # The title no longer decides when the event is an invitation with people in it.
    invited = event("Board meeting (not an interview)")
    invited.add("ORGANIZER", "mailto:recruiter@example.com")
    invited.add("ATTENDEE", "mailto:you@example.com")
    assert is_interview(invited, None)
    assert is_interview(event("Catch-up"), "REQUEST")


def test_a_published_calendar_export_is_not_an_invitation() -> None:
    # Google and Outlook exports say METHOD:PUBLISH: that makes no event an interview.
    assert not is_interview(event("Team sync"), "PUBLISH")
    assert is_interview(event("Phone screen with Acme"), "PUBLISH")
