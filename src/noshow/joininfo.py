"""How to join an interview, read from the invite: a meeting link, a phone number, an address.

The kind of interview follows from it (video, phone, in person), and the kind decides how much
buffer you need before it: a tech check for video, a moment for a call, travel for a visit.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from noshow.model import Invite


class Kind(enum.StrEnum):
    """How the interview happens."""

    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in-person"
    UNKNOWN = "unknown"


#: Meeting services by the host names of their join links: a host matches when it is the name or
#: ends in "." + the name, at any depth ("acme.my.webex.com"); a path, when given, must start the
#: link's path too ("zoho.com/meeting").
_VIDEO_HOSTS: tuple[tuple[str, str], ...] = (
    ("teams.microsoft.com", ""),
    ("teams.live.com", ""),
    ("zoom.us", ""),
    ("zoomgov.com", ""),
    ("meet.google.com", ""),
    ("webex.com", ""),
    ("whereby.com", ""),
    ("meet.jit.si", ""),
    ("chime.aws", ""),
    ("gotomeeting.com", ""),
    ("meet.goto.com", ""),
    ("bluejeans.com", ""),
    ("skype.com", ""),
    ("ringcentral.com", ""),
    ("zoho.com", "/meeting"),
    ("app.coderpad.io", ""),
    ("hackerrank.com", ""),
    ("codility.com", ""),
    ("karat.com", ""),
    ("karat.io", ""),
    ("slack.com", "/huddle"),
    ("discord.gg", ""),
    ("discord.com", ""),
    ("8x8.vc", ""),
    ("vowel.com", ""),
)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)


def is_meeting_link(url: str) -> bool:
    """Whether ``url`` is on a known meeting service's host (a suffix match at any depth)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:  # a malformed port or bracketed host: not a link anyone can open
        return False
    path = parts.path.lower()
    return any(
        (host == name or host.endswith("." + name)) and path.startswith(prefix)
        for name, prefix in _VIDEO_HOSTS
    )


_PHONE = re.compile(r"(?:tel:\s*)?(?<![\w/=.-])\+?\d[\d ()./-]{7,18}\d(?![\w/-])")
_PHONE_WORDS = re.compile(
    r"\b(?:phone|call|dial|ring|telephone|tel|mobile|cell|anruf|telefon|appel|t[ée]l[ée]phone|"
    r"llamada|tel[ée]fono|telefonata|chiamata)\b",
    re.IGNORECASE,
)
#: A label right before digits that are a meeting ID, passcode or PIN, not a number to call.
_ID_LABEL = re.compile(
    r"(?:\b(?:meeting|conference|webinar|besprechungs|konferenz)[ -]?(?:id|number|code|nummer)|"
    r"\bpass(?:code|word)|\bkenn(?:code|wort)|\bpin|\baccess code)\b[^\d\n]{0,25}$",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"\b\d{1,5}[a-z]?\s+(?:[A-Z][\w'.-]*\s){0,4}(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|"
    r"blvd\.?|lane|ln\.?|drive|dr\.?|way|place|pl\.?|square|sq\.?|court|ct\.?|parkway|floor)\b"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm)\s+\d{1,4}\b"
    r"|\b(?:rue|avenue|boulevard|place|calle|avenida|via|piazza|corso)\s+[\w'’ -]{2,40}\d{0,4}"
    r"|\b\d{4,5}\s+[A-ZÄÖÜ][\wäöüß-]+\b",
    re.IGNORECASE,
)
_ON_SITE = re.compile(
    r"\b(?:on-?site|in[- ]person|office visit|vor ort|pr[ée]sentiel)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class JoinInfo:
    """Everything found that tells how to join."""

    links: tuple[str, ...]  # meeting links (known services)
    phones: tuple[str, ...]
    address: str | None
    other_links: tuple[str, ...] = ()  # any other link: it may be how to join, so it counts

    @property
    def kind(self) -> Kind:
        """Video if there is a meeting link, else in person if an address, else phone."""
        if self.links:
            return Kind.VIDEO
        if self.address:
            return Kind.IN_PERSON
        if self.phones:
            return Kind.PHONE
        return Kind.UNKNOWN

    @property
    def empty(self) -> bool:
        """No way to join was found."""
        return not (self.links or self.phones or self.address or self.other_links)


def _phones(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if not 8 <= len(digits) <= 15:
            continue
        context = text[max(0, match.start() - 60) : match.start()]
        # Meeting IDs, and digits dialled after a one-tap string's pause ("+1646...,,845...#").
        if _ID_LABEL.search(context) or context.endswith(",,") or text.startswith("#", match.end()):
            continue
        if match.group(0).lstrip().startswith(("+", "tel:")) or _PHONE_WORDS.search(context):
            found.append(match.group(0).strip())
    return found


def join_info(invite: Invite) -> JoinInfo:
    """Links, phone numbers and an address found in the invite's location and texts."""
    texts = [invite.location, *(f.text for f in invite.texts)]
    links: list[str] = []
    others: list[str] = []
    phones: list[str] = []
    for text in texts:
        for match in _URL.finditer(text):
            url = match.group(0).rstrip(".,;>")
            (links if is_meeting_link(url) else others).append(url)
        phones.extend(_phones(text))
    address = None
    location = " ".join(invite.location.split())
    if (
        location
        and not _URL.search(location)
        and (_STREET.search(location) or _ON_SITE.search(location) or location.count(",") >= 2)
    ) or (any(_ON_SITE.search(t) for t in texts) and location):
        address = location
    return JoinInfo(
        tuple(dict.fromkeys(links)),
        tuple(dict.fromkeys(phones)),
        address,
        tuple(dict.fromkeys(others)),
    )
