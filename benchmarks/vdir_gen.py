"""A calendar_gen calendar as a vdir: one file per UID (a series with its overrides), each with
the calendar's VTIMEZONEs, as khal and vdirsyncer keep them (for the `agenda` on a vdir case)."""

from __future__ import annotations

import re
from pathlib import Path

_EVENT = re.compile(rb"BEGIN:VEVENT\r?\n.*?END:VEVENT\r?\n", re.DOTALL)
_ZONE = re.compile(rb"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE\r?\n", re.DOTALL)
_UID = re.compile(rb"\nUID:([^\r\n]*)")


def write_vdir(data: bytes, folder: Path) -> int:
    """Write ``data``'s events into ``folder``, one file per UID; returns the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    head = data[: data.index(b"BEGIN:VTIMEZONE")]
    zones = b"".join(m.group(0) for m in _ZONE.finditer(data))
    by_uid: dict[bytes, list[bytes]] = {}
    for match in _EVENT.finditer(data):
        event = match.group(0)
        uid = _UID.search(event)
        by_uid.setdefault(uid.group(1) if uid else b"", []).append(event)
    for number, events in enumerate(by_uid.values()):
        body = head + zones + b"".join(events) + b"END:VCALENDAR\r\n"
        (folder / f"{number:06d}.ics").write_bytes(body)
    return len(by_uid)
