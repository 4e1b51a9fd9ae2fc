"""Bytes to text, and what kind of document the text is."""

from __future__ import annotations

import codecs
import re

from noshow.errors import InviteError

_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]?", re.MULTILINE)
_MAIL_HEADERS = re.compile(
    rb"^(?:From|To|Subject|Date|MIME-Version|Content-Type|Message-ID|Received|Return-Path|"
    rb"Delivered-To|X-[A-Za-z0-9-]+):",
    re.IGNORECASE | re.MULTILINE,
)


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Decode calendar or mail text: the declared charset, a BOM, UTF-8, then Windows-1252.

    Old Outlook and Thunderbird exports are often Windows-1252 or Latin-1 without saying so;
    reading them beats refusing them. Unknown charsets fall back the same way.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def sniff(data: bytes) -> str:
    """``"ics"`` or ``"eml"`` from the content itself (extensions lie), else InviteError."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = decode_text(head).encode("utf-8", "replace")
    if b"\x00" in head:
        raise InviteError("binary data, not a calendar or an invite email")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics"
    if _HEADER.match(stripped) and _MAIL_HEADERS.search(head):
        return "eml"
    if b"BEGIN:VCALENDAR" in data.upper():
        return "ics"
    raise InviteError("not a calendar (.ics) or an invite email (.eml)")
