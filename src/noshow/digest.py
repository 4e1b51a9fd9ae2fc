"""The morning digest of ``noshow daily``, and the memory that makes "new" mean new.

A :class:`Digest` is built from the checked interviews of the next days, "now", you, and the
:class:`State` the previous run left: the interviews today and in the next days (in your zone
and the organizer's), every finding with its fix, the confirmations due today with their ready
drafts, and what moved, was cancelled or left the calendar since the last run. Its
:meth:`Digest.next_state` is what the run remembers once the digest has been delivered.

What counts as new (and so is mailed): an interview not seen before, a change since the last
run, a finding not delivered before (a finding whose message changes is a new finding), and a
confirmation due today that was not delivered today. Pure: no I/O, no clock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from noshow.check import CheckedInvite
from noshow.drafts import Draft
from noshow.model import Finding, InputProblem, Invite, Severity, You
from noshow.timefmt import clock, in_zone, utc_text, when
from noshow.zones import zone

#: The state file's format; a file of another version is refused, never guessed at.
STATE_VERSION = 1


@dataclass(frozen=True)
class Seen:
    """What the last run knew about one interview."""

    summary: str
    start: datetime  # aware, UTC
    cancelled: bool = False


@dataclass(frozen=True)
class State:
    """What the previous runs told you (the JSON state file, documented in the README)."""

    last_run: datetime | None = None
    interviews: Mapping[str, Seen] = field(default_factory=dict)
    told: frozenset[str] = frozenset()

    def as_json(self) -> dict[str, Any]:
        """The state file's content."""
        return {
            "version": STATE_VERSION,
            "last_run": utc_text(self.last_run) if self.last_run else None,
            "interviews": {
                key: {
                    "summary": seen.summary,
                    "start": utc_text(seen.start),
                    "cancelled": seen.cancelled,
                }
                for key, seen in sorted(self.interviews.items())
            },
            "told": sorted(self.told),
        }

    @classmethod
    def from_json(cls, data: object) -> State:
        """The state a file holds; ValueError naming what is wrong when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {STATE_VERSION}")
        interviews: dict[str, Seen] = {}
        raw = data.get("interviews", {})
        if not isinstance(raw, dict):
            raise ValueError("interviews is not an object")
        for key, value in raw.items():
            if not isinstance(value, dict):
                raise ValueError(f"interview {key!r} is not an object")
            interviews[str(key)] = Seen(
                summary=str(value.get("summary", "")),
                start=_instant(value.get("start")),
                cancelled=bool(value.get("cancelled", False)),
            )
        told = data.get("told", [])
        if not isinstance(told, list) or not all(isinstance(t, str) for t in told):
            raise ValueError("told is not a list of strings")
        last = data.get("last_run")
        return cls(None if last is None else _instant(last), interviews, frozenset(told))


def _instant(text: object) -> datetime:
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a time")
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return value.astimezone(UTC)


def interview_key(invite: Invite) -> str:
    """One interview (one occurrence of a series) across runs: its UID, and for an occurrence
    its RECURRENCE-ID (which stays when the occurrence moves)."""
    if invite.recurrence_id is None:
        return invite.uid
    return f"{invite.uid}@{utc_text(invite.recurrence_id)}"


def day_words(instant: datetime, now: datetime, zone_name: str) -> str:
    """The interview's day as you say it at ``now`` in ``zone_name``: "today", "tomorrow",
    "yesterday", "on Thursday" within the coming week, else "on Thursday 10 December" (with
    the year when it is not this year)."""
    tz = zone(zone_name)
    local = instant.astimezone(tz)
    today = now.astimezone(tz).date()
    days = (local.date() - today).days
    named = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days)
    if named is not None:
        return named
    if 2 <= days <= 6:
        return f"on {local:%A}"
    year = "" if local.year == today.year else f" {local.year}"
    return f"on {local:%A} {local.day} {local:%B}{year}"


#: How long until the start ("starts in 5 h 20 min", short-notice) changes with every run
#: without the finding changing: it is left out of a finding's identity.
_COUNTDOWN = re.compile(r"\b\d+ h \d+ min\b")


def finding_id(key: str, finding: Finding) -> str:
    """A finding as remembered: the interview, the rule, the severity and the message (so a
    finding whose message changes, say a new time, is new again; a countdown is no change)."""
    text = f"{finding.severity.value}:{_COUNTDOWN.sub('…', finding.message)}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"finding:{key}:{finding.rule}:{digest}"


def confirm_due_day(invite: Invite, now: datetime, zone_name: str) -> bool:
    """Whether a confirmation is due today: the day before the interview and on its morning
    (the days of the confirmation tasks of `noshow remind`), while it has not started."""
    if invite.cancelled or now >= invite.start.instant:
        return False
    tz = zone(zone_name)
    days = (invite.start.instant.astimezone(tz).date() - now.astimezone(tz).date()).days
    return days in (0, 1)


@dataclass(frozen=True)
class Entry:
    """One interview of the digest."""

    checked: CheckedInvite
    key: str
    day: str  # day_words in your zone
    new: bool  # not seen by an earlier run
    new_findings: tuple[Finding, ...]
    confirm_due: bool

    @property
    def invite(self) -> Invite:
        """The interview."""
        return self.checked.invite

    @property
    def today(self) -> bool:
        """Whether it is today in your zone."""
        return self.day == "today"


@dataclass(frozen=True)
class Update:
    """What happened to an interview since the last run."""

    kind: str  # "moved", "cancelled" or "removed" (no longer in the calendars)
    key: str
    summary: str
    before: datetime | None  # the start the last run knew
    after: datetime | None  # the start now (None when removed)


@dataclass(frozen=True)
class Confirmation:
    """A confirmation due today, with the draft ready to send."""

    entry: Entry
    draft: Draft
    new: bool  # not delivered earlier today


@dataclass(frozen=True)
class Digest:
    """Everything the morning digest says."""

    now: datetime
    you_zone: str
    days: int
    entries: tuple[Entry, ...]
    updates: tuple[Update, ...]
    confirmations: tuple[Confirmation, ...]
    problems: tuple[InputProblem, ...]
    previous: State
    told: frozenset[str]  # every finding and confirmation this digest tells (new or not)

    @property
    def first_run(self) -> bool:
        """Whether no earlier run left a state."""
        return self.previous.last_run is None

    @property
    def nothing_new(self) -> bool:
        """Whether everything in the digest was told before (then nothing is mailed)."""
        return not (
            self.updates
            or any(e.new or e.new_findings for e in self.entries)
            or any(c.new for c in self.confirmations)
        )

    @property
    def exit_status(self) -> int:
        """As `noshow check`: 2 a calendar could not be read, 1 an error-level finding, else 0."""
        if self.problems:
            return 2
        if any(e.checked.worst is Severity.ERROR for e in self.entries):
            return 1
        return 0

    def next_state(self) -> State:
        """What to remember once the digest is delivered: the interviews as they are now, and
        the findings and confirmations told (those no longer true are forgotten, so they are
        new again if they come back). Interviews the calendars could not be read for are kept."""
        seen: dict[str, Seen] = {}
        told = set(self.told)
        if self.problems:
            kept = {k: v for k, v in self.previous.interviews.items() if v.start > self.now}
            seen.update(kept)
            # What was told about them stays told until their calendar can be read again.
            prefixes = tuple(f"{kind}:{key}:" for key in kept for kind in ("finding", "confirm"))
            told.update(t for t in self.previous.told if t.startswith(prefixes))
        for entry in self.entries:
            invite = entry.invite
            seen[entry.key] = Seen(
                invite.summary, invite.start.instant.astimezone(UTC), invite.cancelled
            )
        return State(self.now.astimezone(UTC), seen, frozenset(told))


def build_digest(
    checked: Sequence[CheckedInvite],
    problems: Sequence[InputProblem],
    previous: State,
    you: You,
    now: datetime,
    days: int,
    template_dir: Path | None = None,
) -> Digest:
    """The digest of ``checked`` (the interviews of the next ``days`` days) against the state
    the previous run left."""
    from noshow.drafts.compose import confirm_draft  # jinja2: only when a digest is built

    end = now + timedelta(days=days)
    entries: list[Entry] = []
    updates: list[Update] = []
    confirmations: list[Confirmation] = []
    told: set[str] = set()
    today = now.astimezone(zone(you.zone)).date().isoformat()
    present: set[str] = set()
    for item in checked:
        invite = item.invite
        key = interview_key(invite)
        if key in present:
            continue  # the same interview in two calendars: once
        present.add(key)
        zone_name = you.zone_at(invite.start.instant)
        fresh = []
        for finding in item.findings:
            fid = finding_id(key, finding)
            told.add(fid)
            if fid not in previous.told:
                fresh.append(finding)
        before = previous.interviews.get(key)
        if before is not None:
            if invite.cancelled and not before.cancelled:
                updates.append(
                    Update("cancelled", key, invite.summary, before.start, invite.start.instant)
                )
            elif before.start != invite.start.instant:
                updates.append(
                    Update("moved", key, invite.summary, before.start, invite.start.instant)
                )
        entry = Entry(
            checked=item,
            key=key,
            day=day_words(invite.start.instant, now, zone_name),
            new=before is None,
            new_findings=tuple(fresh),
            confirm_due=confirm_due_day(invite, now, zone_name),
        )
        entries.append(entry)
        if entry.confirm_due:
            cid = f"confirm:{key}:{today}"
            told.add(cid)
            draft = confirm_draft(
                invite,
                you,
                now,
                with_reply=False,
                template_dir=template_dir,
                findings=item.findings,
            )
            confirmations.append(Confirmation(entry, draft, cid not in previous.told))
    if not problems:
        # Gone from every calendar while it was still ahead, within what this run read.
        for key, seen in previous.interviews.items():
            if key not in present and now <= seen.start < end and not seen.cancelled:
                updates.append(Update("removed", key, seen.summary, seen.start, None))
    return Digest(
        now=now,
        you_zone=you.zone,
        days=days,
        entries=tuple(entries),
        updates=tuple(updates),
        confirmations=tuple(confirmations),
        problems=tuple(problems),
        previous=previous,
        told=frozenset(told),
    )


# -- words -------------------------------------------------------------------------------------


_UPDATE_WORDS = {"moved": "MOVED", "cancelled": "CANCELLED", "removed": "REMOVED"}


def _both_zones(invite: Invite, you_zone: str) -> list[str]:
    """The start in your zone and the organizer's, each with its name and UTC offset."""
    start = invite.start.instant
    length = ""
    if invite.end is not None:
        minutes = int((invite.end.instant - start).total_seconds() // 60)
        length = f", {minutes} min"
    lines = [f"you        {when(in_zone(start, you_zone))}, {you_zone}{length}"]
    theirs = invite.organizer_zone
    if theirs is None:
        lines.append("organizer  zone unknown (the invite gives none)")
    elif theirs != you_zone:
        lines.append(f"organizer  {when(in_zone(start, theirs))}, {theirs}")
    else:
        lines.append(f"organizer  {theirs}, the same zone as yours")
    return lines


def _moment(instant: datetime | None, zone_name: str) -> str:
    return when(in_zone(instant, zone_name)) if instant else "-"


def update_line(update: Update, you_zone: str) -> str:
    """One change since the last run, as a sentence with exact times."""
    word = _UPDATE_WORDS[update.kind]
    title = update.summary or update.key
    if update.kind == "moved":
        return (
            f"{word}: {title}: was {_moment(update.before, you_zone)}, "
            f"now {_moment(update.after, you_zone)}"
        )
    if update.kind == "cancelled":
        return f"{word}: {title} ({_moment(update.after, you_zone)})"
    return f"{word}: {title} ({_moment(update.before, you_zone)}) is no longer in your calendars"


def subject(digest: Digest) -> str:
    """The email subject (and the notification's title)."""
    today = [e for e in digest.entries if e.today and not e.invite.cancelled]
    parts = [
        f"{len(today)} interview{'s' if len(today) != 1 else ''} today"
        if today
        else "no interview today"
    ]
    if digest.confirmations:
        count = len(digest.confirmations)
        parts.append(f"{count} confirmation{'s' if count != 1 else ''} to send")
    for kind in ("moved", "cancelled", "removed"):
        count = sum(1 for u in digest.updates if u.kind == kind)
        if count:
            parts.append(f"{count} {kind}")
    errors = sum(
        1 for e in digest.entries for f in e.checked.findings if f.severity is Severity.ERROR
    )
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    local = in_zone(digest.now, digest.you_zone)
    return f"noshow: {', '.join(parts)} ({local:%a} {local.day} {local:%b})"


def digest_text(digest: Digest) -> str:
    """The digest for a person: standard output and the email's body (plain text)."""
    you_zone = digest.you_zone
    out: list[str] = [f"noshow daily: {when(in_zone(digest.now, you_zone))}, {you_zone}"]
    if digest.first_run:
        out.append("First run: everything below is new.")
    else:
        assert digest.previous.last_run is not None
        out.append(f"Last run: {_moment(digest.previous.last_run, you_zone)}")
    out.append("")
    if digest.nothing_new and not digest.first_run:
        out += ["Nothing new since the last run.", ""]
    elif not digest.first_run:
        news = [update_line(u, you_zone) for u in digest.updates]
        news += [
            f"NEW: {e.invite.summary or '(no title)'} {e.day}" for e in digest.entries if e.new
        ]
        news += [
            f"NEW FINDING: {e.invite.summary or '(no title)'}: {f.code} {f.rule}"
            for e in digest.entries
            for f in e.new_findings
            if not e.new
        ]
        if news:
            out.append("Since the last run:")
            out += [f"  {line}" for line in news]
            out.append("")
    if digest.confirmations:
        out.append(f"Confirm today ({len(digest.confirmations)}):")
        for confirmation in digest.confirmations:
            entry = confirmation.entry
            draft = confirmation.draft
            to = ", ".join(p.display() for p in draft.to) or "the organizer (no address in it)"
            out.append(f"  {entry.invite.summary or '(no title)'} ({entry.day}): send to {to}")
            out.append(f"    Subject: {draft.subject}")
            out += [f"    | {line}".rstrip() for line in draft.body.rstrip("\n").split("\n")]
            out += [f"    Note: {w}" for w in draft.warnings]
        out.append("")
    moved = {u.key for u in digest.updates if u.kind == "moved"}
    today = [e for e in digest.entries if e.today]
    later = [e for e in digest.entries if not e.today]
    sections = (("Today", today), (f"Next {digest.days} days", later))
    for heading, entries in sections:
        out.append(f"{heading} ({len(entries)}):" if entries else f"{heading}: no interviews.")
        for entry in entries:
            out += _entry_lines(entry, entry.key in moved)
        out.append("")
    errors = sum(
        1 for e in digest.entries for f in e.checked.findings if f.severity is Severity.ERROR
    )
    findings = sum(len(e.checked.findings) for e in digest.entries)
    summary = (
        f"{len(digest.entries)} interview{'s' if len(digest.entries) != 1 else ''} "
        f"checked: {findings} finding{'s' if findings != 1 else ''}, "
        f"{errors} error{'s' if errors != 1 else ''}"
    )
    if digest.problems:
        summary += (
            f"; {len(digest.problems)} calendar problem{'s' if len(digest.problems) != 1 else ''}"
        )
        out += [f"Could not read: {p.one_line()}" for p in digest.problems]
    out.append(summary + ".")
    return "\n".join(out) + "\n"


def _entry_lines(entry: Entry, moved: bool = False) -> list[str]:
    invite = entry.invite
    marks = []
    if entry.new:
        marks.append("new")
    if moved:
        marks.append("moved")
    if invite.cancelled:
        marks.append("cancelled")
    if entry.confirm_due:
        marks.append("confirm today")
    mark = f" [{', '.join(marks)}]" if marks else ""
    lines = [f"  {_capital(entry.day)}: {invite.summary or '(no title)'}{mark}"]
    lines += [f"    {line}" for line in _both_zones(invite, entry.checked.you_zone)]
    lines.append(f"    calendar   {invite.source}")
    fresh = set(entry.new_findings)
    for finding in entry.checked.findings:
        new = " [new]" if finding in fresh and not entry.new else ""
        lines.append(
            f"    {finding.severity.value:<7} {finding.code} {finding.rule}: {finding.message}{new}"
        )
        lines.append(f"            fix: {finding.fix}")
    if not entry.checked.findings:
        lines.append("    No problems found.")
    return lines


def _capital(text: str) -> str:
    """Capitalise the first letter only: str.capitalize would lower "Wednesday"."""
    return text[:1].upper() + text[1:]


def notification(digest: Digest) -> tuple[str, str]:
    """A short title and body for a desktop notification."""
    lines = [update_line(u, digest.you_zone) for u in digest.updates]
    for entry in digest.entries:
        if entry.today or entry.confirm_due or entry.new_findings:
            local = in_zone(entry.invite.start.instant, entry.checked.you_zone)
            lines.append(f"{_capital(entry.day)} {clock(local)}: {entry.invite.summary}")
    return subject(digest), "\n".join(lines[:6]) or "Nothing today."
