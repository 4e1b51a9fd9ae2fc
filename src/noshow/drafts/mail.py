"""Drafts as RFC 5322 messages, built with the standard library's modern email policy.

``email.policy.default`` refuses header values with CR or LF, and names from invites are cleaned
of control and line-separator characters before they reach a header (``drafts.one_line``), so an
untrusted name or subject can never start a new header.
"""

from __future__ import annotations

import email.policy
import email.utils
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage

from noshow.drafts import Draft, one_line
from noshow.model import Party


def _address(party: Party) -> Address:
    username, _, domain = (party.email or "").partition("@")
    return Address(display_name=one_line(party.name or ""), username=username, domain=domain)


def build_message(draft: Draft, date: datetime) -> EmailMessage:
    """The draft as an email: UTF-8 text, with its iTIP part when it has one."""
    message = EmailMessage(policy=email.policy.default)
    if draft.sender is not None and draft.sender.email:
        message["From"] = _address(draft.sender)
    if draft.to:
        message["To"] = [_address(p) for p in draft.to if p.email]
    if draft.cc:
        message["Cc"] = ", ".join(one_line(c) for c in draft.cc)
    message["Subject"] = one_line(draft.subject)
    message["Date"] = email.utils.format_datetime(date)
    domain = draft.sender.email.partition("@")[2] if draft.sender and draft.sender.email else None
    message["Message-ID"] = email.utils.make_msgid(domain=domain or "noshow.invalid")
    if draft.in_reply_to:
        message["In-Reply-To"] = one_line(draft.in_reply_to)
        message["References"] = " ".join(one_line(r) for r in draft.references)
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
    return message.as_bytes(policy=email.policy.SMTP)
