"""Files noshow writes into: an .ics file, a vdir folder, and the invite inside an email.

Text is decoded as UTF-8 with ``surrogateescape``, so bytes that are not UTF-8 survive the round
trip unchanged: what noshow does not add is written back byte for byte.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from noshow.adapters.safe_write import Snapshot, write_atomic
from noshow.errors import InviteError
from noshow.icsedit import Edit, apply_plan, render_standalone, vtimezone_block
from noshow.parsing.mail import parse_mail
from noshow.parsing.text import sniff
from noshow.reminders import Plan

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
    snapshot: Snapshot
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
        kind = sniff(data)
        snapshot = Snapshot.take(path, data)
        if kind == "eml":
            mail = parse_mail(data)
            return cls(path, kind, mail.calendars[0], snapshot, True)
        text = decode(data)
        method = re.search(r"^METHOD:", text, re.MULTILINE | re.IGNORECASE)
        return cls(path, kind, text, snapshot, method is not None)


def apply_plans(text: str, plans: Iterable[Plan], stamp: datetime) -> tuple[str, list[Edit]]:
    """Apply each plan in turn; an occurrence of a recurring master gets its alarms on the master."""
    edits = []
    for plan in plans:
        edit = apply_plan(text, plan, stamp)
        if not edit.found and plan.invite.recurrence_id is not None:
            master = replace(plan, invite=replace(plan.invite, recurrence_id=None))
            edit = apply_plan(text, master, stamp)
        edits.append(edit)
        text = edit.text
    return text, edits


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff of two texts, line endings shown as they are."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{name} (now)",
        tofile=f"{name} (with noshow's additions)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def save(path: Path, text: str, snapshot: Snapshot | None, backup: bool) -> None:
    """Write text to path atomically, refusing if it changed since ``snapshot``."""
    write_atomic(path, encode(text), snapshot, backup=backup)


def item_name(uid: str) -> str:
    """The file name of the item with this UID, in a vdir or on a CalDAV server: readable, and
    safe as a file name and in a URL."""
    name = _SAFE_NAME.sub("_", uid).strip("._") or "item"
    return f"{name[:120]}.ics"


def vdir_item_path(folder: Path, uid: str) -> Path:
    """Where a vdir keeps the item with this UID."""
    return folder / item_name(uid)


def vdir_additions(
    folder: Path, plan: Plan, stamp: datetime, source_text: str, include_existing: bool = False
) -> list[tuple[Path, str]]:
    """New vdir items (one file per added component) that do not exist yet (or all of them)."""
    tzid = plan.invite.start.tzid
    vtimezone = vtimezone_block(source_text, tzid) if tzid else None
    items = []
    for addition in plan.additions:
        path = vdir_item_path(folder, addition.uid)
        if include_existing or not path.exists():
            items.append((path, render_standalone(addition, plan.invite, stamp, vtimezone)))
    return items
