"""Drafts as RFC 5322 messages, built with the standard library's modern email policy.

``email.policy.default`` refuses header values with CR or LF, and names from invites are cleaned
of control and line-separator characters before they reach a header (``drafts.one_line``), so an
untrusted name or subject can never start a new header.
"""

from __future__ import annotations

import email.policy
import email.utils
import re
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Any

from noshow.drafts import Draft, one_line, plain_address
from noshow.errors import ConfigError
from noshow.model import Party

#: Headers that hold message ids: written as they are, never encoded or folded inside an id.
_ID_HEADERS = frozenset({"message-id", "in-reply-to", "references"})
#: One msg-id as RFC 5322 writes it (no comments, no white space, no non-ASCII).
_MSG_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>")
#: RFC 5322's hard limit on a line, less room for the header's name.
_MAX_ID = 900


class _ThreadingPolicy(EmailPolicy):
    """The modern email policy, except that Message-ID, In-Reply-To and References are written
    exactly as given: the default policy treats a long id as unstructured text and folds it into
    RFC 2047 encoded words (``=?utf-8?q?...?=``), which mail clients cannot match, so replies to
    long Outlook ids did not thread. Several ids fold between ids only, never inside one."""

    def _fold_ids(self, name: str, value: Any) -> str:
        ids = str(value).split()
        lines = [f"{name}:"]
        for item in ids:
            if len(lines[-1]) + 1 + len(item) > 998 and lines[-1] != f"{name}:":
                lines.append("")
            lines[-1] += f" {item}"
        return self.linesep.join(lines) + self.linesep

    def fold(self, name: str, value: Any) -> str:
        if name.lower() in _ID_HEADERS:
            return self._fold_ids(name, value)
        return str(super().fold(name, value))

    def fold_binary(self, name: str, value: Any) -> bytes:
        if name.lower() in _ID_HEADERS:
            return self._fold_ids(name, value).encode("ascii")
        return bytes(super().fold_binary(name, value))


#: The policy every draft is built and written with (SMTP: CRLF line endings).
POLICY = _ThreadingPolicy(linesep="\r\n")


def message_id_or_none(text: str | None) -> str | None:
    """``text`` when it is exactly one msg-id that fits on a line, else None (not threaded).

    A reference is never cleaned into another one: an escape character written as a space would
    name a message that does not exist, so the draft then simply does not thread. Nor may it hold
    ``=?``: mail readers decode an encoded-word look-alike inside it, and read another id."""
    if text is None:
        return None
    text = text.strip()
    if "=?" in text or len(text) > _MAX_ID or not _MSG_ID.fullmatch(text):
        return None
    return text


#: RFC 5322 specials: a display name holding one must be quoted.
_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')


def _display_name(name: str | None) -> str:
    """A display name Python's email package cannot mangle. When it folds a long address header
    it may drop the quotes around a display name (CPython gh-80222; seen on 3.11), writes the
    decoded text of an ``=?...?=`` word unquoted, and can leave an empty line inside the header
    for a word longer than a line: each could add a recipient or end the headers early. So a
    name never holds ``=?``, keeps specials only when short enough never to be folded, and is
    at most 64 characters (it is only shown next to the address)."""
    text = " ".join(one_line(name or "").replace("=?", "= ?").split())
    if len(text) > 40 or '"' in text or "\\" in text:
        text = " ".join(_SPECIALS.sub(" ", text).split())
    return text[:64].rstrip()


def _address(party: Party) -> Address:
    username, _, domain = (party.email or "").partition("@")
    return Address(display_name=_display_name(party.name), username=username, domain=domain)


#: One msg-id (RFC 5322 3.6.4) as noshow writes it in In-Reply-To and References: printable, no
#: spaces or control characters, so what is written is exactly the id it refers to.
#: A --cc value: ``a@x.example`` or ``Name <a@x.example>``.
_CC = re.compile(r"(?P<name>[^<>@]*)<(?P<address>[^<>]*)>|(?P<bare>[^<>\s]*)")


def _cc(text: str) -> Address:
    """A --cc value as one address; anything else is refused, never guessed at."""
    match = _CC.fullmatch(one_line(text))
    address = (match["address"] or match["bare"]) if match else None
    if match is None or not plain_address(address):
        raise ConfigError(f"--cc {one_line(text)!r} is not one email address")
    return _address(Party(match["name"].strip().strip('"') if match["name"] else None, address))


def _encoded_words(text: str) -> str:
    """Non-ASCII header text as RFC 2047 encoded words, folded between whole words. The modern
    email policy's folder can split one encoded word across two lines (a 4-byte character next
    to a space): the reader then shows ``=?utf-8?q?=F0=90=80=80?`` instead of the subject."""
    return Header(text, "utf-8", header_name="Subject").encode(linesep="\n")


def build_message(draft: Draft, date: datetime) -> EmailMessage:
    """The draft as an email: UTF-8 text, with its iTIP part when it has one. Date and
    Message-ID are always there; From, To and Cc when known (the CLI refuses to write or send a
    draft without a From and a To); In-Reply-To and References carry the invite's own
    Message-ID exactly as it was written."""
    message = EmailMessage(policy=POLICY)
    if draft.sender is not None and draft.sender.email:
        message["From"] = _address(draft.sender)
    if draft.to:
        message["To"] = [_address(p) for p in draft.to if p.email]
    if draft.cc:
        message["Cc"] = [_cc(c) for c in draft.cc]
    subject = one_line(draft.subject)
    if subject.isascii():
        message["Subject"] = subject
    else:
        message.set_raw("Subject", _encoded_words(subject))
    message["Date"] = email.utils.format_datetime(date)
    domain = draft.sender.email.partition("@")[2] if draft.sender and draft.sender.email else None
    message["Message-ID"] = email.utils.make_msgid(domain=domain or "noshow.invalid")
    in_reply_to = message_id_or_none(draft.in_reply_to)
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        references = [r for r in map(message_id_or_none, draft.references) if r]
        message["References"] = " ".join(references or [in_reply_to])
    message.set_content(draft.body, charset="utf-8")
    if draft.calendar is not None:
        message.add_alternative(
            draft.calendar,
            subtype="calendar",
            charset="utf-8",
            params={"method": draft.calendar_method or "REPLY"},
        )
    return message


def as_bytes(message: EmailMessage) -> bytes:
    """The message as written to an .eml file (CRLF line endings, as RFC 5322 asks)."""
    return message.as_bytes(policy=POLICY)
