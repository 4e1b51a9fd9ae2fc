"""noshow: check job-interview invites for time zone traps and calendar gaps before the day.

The library API, for scripts and other tools::

    from datetime import UTC, datetime
    from noshow import You, check_documents, read_document

    doc = read_document("invite.ics", data, you_zone="Europe/Berlin")
    report = check_documents([doc], You(zone="Europe/Berlin"), now=datetime.now(UTC))
"""

from noshow.check import CheckedInvite, Report, check_documents, check_invites
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
from noshow.rules import RULES, CheckSettings, Rule, Selection

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "CheckSettings",
    "CheckedInvite",
    "ConfigError",
    "Document",
    "Finding",
    "InputProblem",
    "Invite",
    "InviteError",
    "NoshowError",
    "Party",
    "Report",
    "Resolution",
    "Rule",
    "Selection",
    "Severity",
    "Travel",
    "You",
    "ZonedTime",
    "__version__",
    "check_documents",
    "check_invites",
    "read_document",
]
