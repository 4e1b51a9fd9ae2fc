"""noshow: check job-interview invites for time zone traps and calendar gaps before the day.

The library API, for scripts and other tools. The commands call these same functions::

    from datetime import UTC, datetime
    from pathlib import Path
    from noshow import (
        FileWriter, ReminderOptions, You, check_documents, import_invites, read_document,
    )

    you = You(zone="Europe/Berlin", email="me@example.org")
    now = datetime.now(UTC)
    doc = read_document("invite.ics", Path("invite.ics").read_bytes(), you_zone=you.zone)
    report = check_documents([doc], you, now)            # what `noshow check` reports
    written = import_invites(FileWriter(Path("calendar.ics")), [doc], ReminderOptions(), you, now)
    for change in written.changes:                       # what `noshow import` did
        print(change.href, change.action, change.kind)

Names are imported on first use, so ``import noshow`` stays fast and loads no template engine,
holiday tables or network library until a script asks for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    # reading and checking
    "read_document": "noshow.invites",
    "Document": "noshow.invites",
    "check_documents": "noshow.check",
    "check_invites": "noshow.check",
    "CheckedInvite": "noshow.check",
    "Report": "noshow.check",
    "RULES": "noshow.rules",
    "Rule": "noshow.rules",
    "Selection": "noshow.rules",
    "CheckSettings": "noshow.rules",
    "Finding": "noshow.model",
    "InputProblem": "noshow.model",
    "Invite": "noshow.model",
    "Party": "noshow.model",
    "Resolution": "noshow.model",
    "Severity": "noshow.model",
    "Travel": "noshow.model",
    "You": "noshow.model",
    "ZonedTime": "noshow.model",
    "NoshowError": "noshow.errors",
    "InviteError": "noshow.errors",
    "ConfigError": "noshow.errors",
    # your calendars: reading (busy time, agenda) and writing (one contract for every store)
    "Calendars": "noshow.calendars.store",
    "CalendarStore": "noshow.calendars.store",
    "Window": "noshow.calendars.busy",
    "read_window": "noshow.calendars.busy",
    "CalendarWriter": "noshow.calendars.writer",
    "Change": "noshow.calendars.writer",
    "Session": "noshow.calendars.writer",
    "FileWriter": "noshow.adapters.ics_file",
    "VdirWriter": "noshow.adapters.vdir",
    "MemoryCalendar": "noshow.adapters.memory",
    "open_for_writing": "noshow.adapters.open",
    # the commands' application functions
    "agenda": "noshow.app",
    "remind": "noshow.app",
    "import_invites": "noshow.app",
    "WriteReport": "noshow.app",
    # reminders, slots, drafts
    "ReminderOptions": "noshow.reminders",
    "plan_reminders": "noshow.reminders",
    "SlotRequest": "noshow.slots",
    "Availability": "noshow.slots",
    "find_slots": "noshow.slots",
    "confirm_draft": "noshow.drafts.compose",
    "recover_draft": "noshow.drafts.compose",
    "followup_draft": "noshow.drafts.compose",
}

__all__ = [
    "RULES",
    "Availability",
    "CalendarStore",
    "CalendarWriter",
    "Calendars",
    "Change",
    "CheckSettings",
    "CheckedInvite",
    "ConfigError",
    "Document",
    "FileWriter",
    "Finding",
    "InputProblem",
    "Invite",
    "InviteError",
    "MemoryCalendar",
    "NoshowError",
    "Party",
    "ReminderOptions",
    "Report",
    "Resolution",
    "Rule",
    "Selection",
    "Session",
    "Severity",
    "SlotRequest",
    "Travel",
    "VdirWriter",
    "Window",
    "WriteReport",
    "You",
    "ZonedTime",
    "__version__",
    "agenda",
    "check_documents",
    "check_invites",
    "confirm_draft",
    "find_slots",
    "followup_draft",
    "import_invites",
    "open_for_writing",
    "plan_reminders",
    "read_document",
    "read_window",
    "recover_draft",
    "remind",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'noshow' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # what type checkers and editors see
    from noshow.adapters.ics_file import FileWriter
    from noshow.adapters.memory import MemoryCalendar
    from noshow.adapters.open import open_for_writing
    from noshow.adapters.vdir import VdirWriter
    from noshow.app import WriteReport, agenda, import_invites, remind
    from noshow.calendars.busy import Window, read_window
    from noshow.calendars.store import Calendars, CalendarStore
    from noshow.calendars.writer import CalendarWriter, Change, Session
    from noshow.check import CheckedInvite, Report, check_documents, check_invites
    from noshow.drafts.compose import confirm_draft, followup_draft, recover_draft
    from noshow.errors import ConfigError, InviteError, NoshowError
    from noshow.invites import Document, read_document
    from noshow.model import (
        Finding,
        InputProblem,
        Invite,
        Party,
        Resolution,
        Severity,
        Travel,
        You,
        ZonedTime,
    )
    from noshow.reminders import ReminderOptions, plan_reminders
    from noshow.rules import RULES, CheckSettings, Rule, Selection
    from noshow.slots import Availability, SlotRequest, find_slots
