"""The JSON contract of `check`, `agenda` and `sync` (extra keys may only be added)."""

from __future__ import annotations

REPORT_KEYS = {"invites", "errors"}
INVITE_KEYS = {
    "source",
    "uid",
    "summary",
    "organizer",
    "start",
    "end",
    "you",
    "sequence",
    "cancelled",
    "previous",
    "findings",
}
PREVIOUS_KEYS = {"source", "sequence", "start"}
TIME_KEYS = {"utc", "zone", "local", "resolution"}
FINDING_KEYS = {"rule", "code", "severity", "message", "fix"}
