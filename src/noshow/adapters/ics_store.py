"""Files noshow writes into: an .ics file, a vdir folder, and the invite inside an email.

Text is decoded as UTF-8 with ``surrogateescape``, so bytes that are not UTF-8 survive the round
trip unchanged: what noshow does not add is written back byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from noshow.adapters.safe_write import Snapshot, write_atomic
from noshow.errors import InviteError
from noshow.parsing.mail import parse_mail
from noshow.parsing.text import sniff

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._@-]+")


def decode(data: bytes) -> str:
    """Bytes to text without losing any byte (see module docstring)."""
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    """The inverse of :func:`decode`."""
    return text.encode("utf-8", "surrogateescape")


@dataclass
class Source:
    """An input to add reminders to: its path, kind, calendar text and snapshot."""

    path: Path
    kind: str  # "ics" or "eml"
    text: str
    snapshot: Snapshot | None
    is_invitation: bool  # METHOD present or an email: every event in it is the interview

    @classmethod
    def open(cls, path: Path, max_bytes: int) -> Source:
        """Read an .ics or .eml file (InviteError for anything else)."""
        try:
            if path.stat().st_size > max_bytes:
                raise InviteError(f"larger than the {max_bytes / (1024 * 1024):.3g} MB limit")
            data = path.read_bytes()
        except OSError as exc:
            raise InviteError(f"cannot read: {exc.strerror or exc}") from exc
        return cls.from_bytes(str(path), data, Snapshot.take(path, data))

    @classmethod
    def from_bytes(cls, name: str, data: bytes, snapshot: Snapshot | None = None) -> Source:
        """An .ics or .eml input already read (standard input: ``-``)."""
        kind = sniff(data)
        if kind == "eml":
            mail = parse_mail(data)
            if not mail.calendars:
                raise InviteError("the email holds no calendar (no text/calendar or .ics part)")
            return cls(Path(name), kind, mail.calendars[0], snapshot, True)
        text = decode(data)
        if "BEGIN:VCALENDAR" not in text.upper():
            raise InviteError("not an iCalendar file (no BEGIN:VCALENDAR)")
        method = re.search(r"^METHOD:", text, re.MULTILINE | re.IGNORECASE)
        return cls(Path(name), kind, text, snapshot, method is not None)


def save(path: Path, text: str, snapshot: Snapshot | None, backup: bool) -> Path | None:
    """Write text to path atomically, refusing if it changed since ``snapshot``; returns the
    backup's path when one was made."""
    return write_atomic(path, encode(text), snapshot, backup=backup)


def item_name(uid: str) -> str:
    """The file name of the item with this UID, in a vdir or on a CalDAV server: readable, safe
    as a file name and in a URL, and never the same for two UIDs (when the UID had to be changed
    to be safe, or was cut short, a hash of the whole UID is added)."""
    safe = _SAFE_NAME.sub("_", uid).strip("._") or "item"
    if safe == uid and len(safe) <= 120 and not safe.lower().endswith(".bak"):
        return f"{safe}.ics"
    digest = hashlib.sha256(uid.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{safe[:100]}-{digest}.ics"
