"""Invite emails: find the calendar parts at any MIME depth, keep the subject and body text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from noshow.errors import InviteError
from noshow.parsing.text import decode_text

if TYPE_CHECKING:  # the email package is imported by parse_mail: checking an .ics never needs it
    from email.message import Message

#: A msg-id (RFC 5322 3.6.4), as a reply's In-Reply-To and References name the invite email.
_MESSAGE_ID = re.compile(r"<[^<>\s@\x00-\x1f\x7f]+@[^<>\s@\x00-\x1f\x7f]+>")
#: Deepest multipart nesting noshow walks into; real invite mails are 3 or 4 deep.
MAX_MIME_DEPTH = 12
#: Most MIME parts noshow looks at in one email.
MAX_MIME_PARTS = 500

#: Most RFC 2047 encoded words noshow lets the email package decode in one header: its parser
#: is quadratic in them (a 1 MB Subject of encoded words passed 8 GB). Real headers hold a few.
MAX_ENCODED_WORDS = 100
#: The longest Subject kept (it is only shown and searched for times).
MAX_SUBJECT = 2000

_CALENDAR_TYPES = frozenset(
    {
        "text/calendar",
        "application/ics",
        "application/x-ics",
        "text/x-vcalendar",
        "application/ical",
    }
)


@dataclass
class MailDoc:
    """What an invite email holds that noshow needs."""

    subject: str = ""
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    calendars: list[str] = field(default_factory=list)
    message_id: str | None = None


class _TextExtractor(HTMLParser):
    """HTML to readable text: block elements become line breaks; scripts and styles vanish."""

    _BLOCKS = frozenset({"br", "p", "div", "tr", "li", "table", "h1", "h2", "h3", "h4", "td"})
    _HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href")
            if href and href.startswith(("http://", "https://", "tel:")):
                self.parts.append(f" {href} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment, with line breaks where blocks end."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _payload_text(part: Message) -> str:
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return ""
    charset = part.get_content_charset()
    return decode_text(raw, charset)


def _is_calendar(part: Message) -> bool:
    ctype = part.get_content_type()
    if ctype in _CALENDAR_TYPES:
        return True
    filename = part.get_filename() or ""
    return filename.lower().endswith((".ics", ".ical", ".ifb", ".vcs"))


def _decoded(raw: str) -> str:
    """A header (Subject, Message-ID) decoded, from at most MAX_SUBJECT characters and
    MAX_ENCODED_WORDS encoded words of its raw text (cut at a space), so decoding costs no more
    than the input's size."""
    text = raw[:MAX_SUBJECT]
    words = 0
    for index in range(len(text) - 1):
        if text[index] == "=" and text[index + 1] == "?":
            words += 1
            if words > MAX_ENCODED_WORDS:
                text = text[:index]
                break
    if len(text) < len(raw):
        text = text[: text.rfind(" ")] if " " in text else ""
    if not text.strip():
        return ""
    import email.policy  # only an email needs it (see the module's imports)

    return " ".join(str(email.policy.default.header_factory("subject", text)).split())


def _check_headers(part: Message) -> None:
    """Refuse a part whose headers hold more encoded words than any mail program writes, before
    the email package parses them (its cost grows with the square of their number)."""
    for name, value in part.raw_items():
        if name.lower() != "subject" and str(value).count("=?") > MAX_ENCODED_WORDS:
            raise InviteError(
                f"email header {name[:40]!r} holds more than {MAX_ENCODED_WORDS} encoded words"
            )


def parse_mail(data: bytes) -> MailDoc:
    """Parse an RFC 5322 message and collect its calendar parts, subject and body text."""
    import email
    import email.policy
    from email.message import EmailMessage, Message

    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except RecursionError as exc:
        raise InviteError("email is nested too deeply to be an invite") from exc
    doc = MailDoc()
    if isinstance(message, EmailMessage):
        raw = dict((name.lower(), str(value)) for name, value in message.raw_items())
        doc.subject = _decoded(raw.get("subject", ""))
        message_id = _decoded(raw.get("message-id", ""))
        found = _MESSAGE_ID.search(message_id) if message_id else None
        doc.message_id = found.group(0) if found else None  # never other text from the header
    stack: list[tuple[Message, int]] = [(message, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop(0)
        seen += 1
        if seen > MAX_MIME_PARTS:
            raise InviteError(f"email has more than {MAX_MIME_PARTS} MIME parts")
        if depth > MAX_MIME_DEPTH:
            raise InviteError(f"email MIME parts are nested more than {MAX_MIME_DEPTH} deep")
        _check_headers(part)
        if part.is_multipart():
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend((child, depth + 1) for child in children if isinstance(child, Message))
            continue
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list):
                stack.extend((m, depth + 1) for m in inner if isinstance(m, Message))
            continue
        if _is_calendar(part):
            doc.calendars.append(_payload_text(part))
        elif ctype == "text/plain" and part.get_content_disposition() != "attachment":
            doc.plain.append(_payload_text(part))
        elif ctype == "text/html" and part.get_content_disposition() != "attachment":
            doc.html.append(html_to_text(_payload_text(part)))
    if not doc.calendars:
        # An .ics sent as text/plain (some clients do): take the body when it is a calendar.
        for index, body in enumerate(doc.plain):
            if body.lstrip().upper().startswith("BEGIN:VCALENDAR"):
                doc.calendars.append(doc.plain.pop(index))
                break
    if not doc.calendars:
        raise InviteError("email has no calendar part (text/calendar or .ics attachment)")
    return doc
