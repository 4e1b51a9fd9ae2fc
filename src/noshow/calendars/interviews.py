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
    an interview when it has an organizer and attendees, when its calendar has a METHOD (it is an
    invitation), or when its summary or categories use an interview word.
    """
    if component.get("X-NOSHOW-KIND") is not None:
        return False  # noshow's own reminder events and blocks ("Interview with ... in 1 day")
    words = f"{_text(component, 'SUMMARY')} {_text(component, 'CATEGORIES')}"
    if pattern is not None:
        return bool(pattern.search(words))
    if component.get("ORGANIZER") is not None and component.get("ATTENDEE") is not None:
        return True
    return method is not None or bool(INTERVIEW_WORDS.search(words))


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
