"""The check pipeline: documents in, findings out. Pure: "now" and "you" are inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from noshow.invites import Document, apply_cancellations
from noshow.model import Finding, InputProblem, Invite, Severity, You
from noshow.rules import CalendarView, CheckSettings, RuleContext, Selection, run_rules
from noshow.versions import current_versions

#: Gives your calendars' view around an interview; supplied by the edge that reads calendars.
CalendarLookup = Callable[[Invite], CalendarView]


@dataclass(frozen=True)
class CheckedInvite:
    """An invite, where you will be at its start, and what the rules found."""

    invite: Invite
    you_zone: str
    findings: tuple[Finding, ...]

    @property
    def worst(self) -> Severity | None:
        """The most severe finding's severity, if any."""
        return min((f.severity for f in self.findings), key=lambda s: s.rank, default=None)


@dataclass(frozen=True)
class Report:
    """The result of checking a set of inputs."""

    checked: tuple[CheckedInvite, ...]
    problems: tuple[InputProblem, ...]

    @property
    def exit_status(self) -> int:
        """2 if an input could not be read, 1 if an invite has an error finding, else 0."""
        if self.problems:
            return 2
        if any(c.worst is Severity.ERROR for c in self.checked):
            return 1
        return 0


def check_invites(
    invites: Iterable[Invite],
    you: You,
    now: datetime,
    settings: CheckSettings | None = None,
    selection: Selection | None = None,
    calendar: CalendarLookup | None = None,
) -> list[CheckedInvite]:
    """Run every enabled rule on the current version of each invite, in start order.

    ``calendar`` (when you gave calendars) supplies the busy time and alarms the calendar rules
    need; without it those rules stay silent.
    """
    settings = settings or CheckSettings()
    current = sorted(current_versions(invites), key=lambda i: i.start.instant)
    checked = []
    for invite in current:
        view = calendar(invite) if calendar is not None else None
        ctx = RuleContext(invite=invite, you=you, now=now, settings=settings, calendar=view)
        checked.append(CheckedInvite(invite, ctx.you_zone, tuple(run_rules(ctx, selection))))
    return checked


def check_documents(
    documents: Iterable[Document],
    you: You,
    now: datetime,
    settings: CheckSettings | None = None,
    selection: Selection | None = None,
    calendar: CalendarLookup | None = None,
) -> Report:
    """Check every invite of every document together (so versions across files are merged)."""
    documents = list(documents)
    invites, unmatched = apply_cancellations(
        (i for d in documents for i in d.invites), (c for d in documents for c in d.cancellations)
    )
    problems = tuple(p for d in documents for p in d.problems) + tuple(unmatched)
    checked = check_invites(invites, you, now, settings, selection, calendar)
    return Report(tuple(checked), problems)
