"""Which events in your calendar are interviews, and turning them into Invite values."""

from __future__ import annotations

import re
from typing import Any

from noshow.calendars.scan import event_bytes
from noshow.invites import Document, read_document

#: Words that mark an interview in the main European languages (matched case-insensitively,
#: as whole words). ``--match`` replaces this.
INTERVIEW_WORDS = re.compile(
    r"\b(?:"
    r"interviews?|screening|phone[ -]?screen|screen(?:ing)? call|on-?site|loop|hiring manager|"
    r"recruiter call|technical round|final round|panel interview|"
    r"vorstellungsgespr(?:ä|ae?)ch|bewerbungsgespr(?:ä|ae?)ch|kennenlerngespr(?:ä|ae?)ch|"
    r"entretien|entrevue|entrevista|colloquio|sollicitatiegesprek|rozmowa kwalifikacyjna|"
    r"intervju|anst[äa]llningsintervju|jobsamtale|jobintervju|ty[öo]haastattelu|haastattelu|"
    r"pohovor|sollicitatie"
    r")\b",
    re.IGNORECASE,
)


#: Titles that name an interview without being one: preparing for it, practising, talking about
#: one afterwards, training interviewers, or saying so outright ("Board meeting (not an
#: interview)"); and the screenings that are not about a job. Checked against real calendars'
#: event titles (tests/test_interview_titles.py).
NOT_INTERVIEW_WORDS = re.compile(
    r"\b(?:"
    r"not (?:an? )?(?:job )?interviews?|no interviews?|"
    r"prep|preparation|prepare for|preparing for|practi[cs]e|rehearsal|mock|"
    r"debrief(?:ing)?|feedback|calibration|training|scorecards?|write-?ups?|interviewers?|"
    r"(?:film|movie|cinema|cancer|health|medical|eye|hearing|vision|blood|covid|dental|"
    r"security|background) screening|screening of|"
    r"feedback loop|loop (?:planning|sync|review)|day off|(?:time|leave) off|for interviews"
    r")\b",
    re.IGNORECASE,
)


def looks_like_interview(title: str) -> bool:
    """Whether an event's title (and categories) say it is an interview, by keywords."""
    return bool(INTERVIEW_WORDS.search(title)) and not NOT_INTERVIEW_WORDS.search(title)


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text_of(v) for v in value)
    return _text_of(value)


def _text_of(value: Any) -> str:
    cats = getattr(value, "cats", None)
    if cats is not None:
        return " ".join(str(c) for c in cats)
    return str(value)


def is_interview(
    component: Any, method: str | None, pattern: re.Pattern[str] | None = None
) -> bool:
    """Whether an event is an interview.

    With ``pattern`` (``--match``), only the summary and categories decide. Otherwise an event is
    an interview when it has an organizer and attendees, when its calendar has an iTIP METHOD
    other than PUBLISH (it is an invitation; calendar exports say PUBLISH), or when its summary
    or categories use an interview word and no word saying it is not one (``prep``, ``mock``,
    ``not an interview``: :data:`NOT_INTERVIEW_WORDS`).
    """
    if component.get("X-NOSHOW-KIND") is not None:
        return False  # noshow's own reminder events and blocks ("Interview with ... in 1 day")
    words = f"{_text(component, 'SUMMARY')} {_text(component, 'CATEGORIES')}"
    if pattern is not None:
        return bool(pattern.search(words))
    if component.get("ORGANIZER") is not None and component.get("ATTENDEE") is not None:
        return True
    if method is not None and method.upper() != "PUBLISH":
        return True
    return looks_like_interview(words)


_VTIMEZONE = re.compile(rb"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE\r?\n?", re.DOTALL)
_HEADER_PROPS = re.compile(rb"^(?:METHOD|X-WR-TIMEZONE|VERSION|PRODID):[^\r\n]*\r?\n", re.MULTILINE)


def interview_document(original: bytes, uid: str, source: str, you_zone: str) -> Document:
    """The full event(s) with ``uid`` from a calendar's original bytes, read as an invite.

    The busy-time path drops long text; the agenda needs it (join links, written times), so the
    interview's own events are taken whole from the original file, with its VTIMEZONEs.
    """
    head_end = original.find(b"BEGIN:VEVENT")
    header = original[: head_end if head_end >= 0 else 0]
    lines = b"".join(_HEADER_PROPS.findall(header))
    zones = b"".join(_VTIMEZONE.findall(original))
    events = b"".join(event_bytes(original, uid))
    text = b"BEGIN:VCALENDAR\r\n" + lines + zones + events + b"END:VCALENDAR\r\n"
    return read_document(source, text, you_zone)
