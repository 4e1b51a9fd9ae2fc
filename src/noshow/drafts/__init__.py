"""Email drafts for before and after an interview, written from the invite itself.

Pure: a :class:`Draft` is built from an invite, you, optional slots and options; templates are
Jinja2 files in this package (``templates/``), overridable by files of the same name in the
user's config folder (``<config>/templates/``). Autoescaping is off: these are plain-text emails.
Every time in a draft comes from the invite's exact instant, with the zone's abbreviation and
UTC offset, in the organizer's zone first and yours when it differs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from noshow.drafts.content import invite_role_and_company
from noshow.drafts.names import addressee
from noshow.drafts.tense import timing
from noshow.errors import ConfigError
from noshow.joininfo import join_info
from noshow.model import Invite, Party, You
from noshow.slots import Slot
from noshow.timefmt import abbreviation
from noshow.zones import offset_text, zone

REASONS = ("overslept", "transit", "technical", "emergency", "timezone", "other")
OUTCOMES = ("rescheduled", "declined", "no-reply", "thanks")


def one_line(text: str) -> str:
    """Untrusted text fit for a header or a single line: no control or line-separator characters."""
    cleaned = (" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    return " ".join("".join(cleaned).split())


#: One plain address (a dot-atom, no name, comment, list, quoting or "=?"), e.g. an ORGANIZER's.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=^_`{|}~-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def plain_address(text: str | None) -> bool:
    """Whether ``text`` is exactly one plain address: anything else could name other recipients
    in a To or Cc header (``"a@x.example, b@y.example"``)."""
    return (
        text is not None
        and len(text) <= 254
        and len(text.partition("@")[0]) <= 64
        and _PLAIN_ADDRESS.fullmatch(text) is not None
    )


@dataclass(frozen=True)
class Moment:
    """One interval as a person reads it, in one zone."""

    date: str  # Thursday 3 December 2026
    time: str  # 14:00-15:00 CET (UTC+01:00)
    time_only: str  # 14:00 CET
    line: str  # Thursday 3 December 2026, 14:00-15:00 CET (UTC+01:00), Europe/Berlin
    spoken: str  # Thursday the 3rd at 14:00 CET

    @classmethod
    def of(cls, start: datetime, end: datetime | None, zone_name: str) -> Moment:
        tz = zone(zone_name)
        local = start.astimezone(tz)
        finish = end.astimezone(tz) if end else None
        span = f"{local:%H:%M}" + (f"-{finish:%H:%M}" if finish else "")
        stamp = f"{abbreviation(local)} ({offset_text(local.utcoffset())})"
        date_text = f"{local:%A} {local.day} {local:%B %Y}"
        return cls(
            date=date_text,
            time=f"{span} {stamp}",
            time_only=f"{local:%H:%M} {abbreviation(local)}",
            line=f"{date_text}, {span} {stamp}, {zone_name}",
            spoken=f"{local:%A} the {_ordinal(local.day)} at {local:%H:%M} {abbreviation(local)}",
        )


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@dataclass(frozen=True)
class Draft:
    """An email ready to send (or to write as .eml): headers, body, and what goes with it."""

    kind: str
    to: tuple[Party, ...]
    subject: str
    body: str
    sender: Party | None = None
    cc: tuple[str, ...] = ()
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    calendar: str | None = None  # an iTIP part (text/calendar), e.g. a REPLY
    calendar_method: str | None = None
    scripts: dict[str, str] = field(default_factory=dict)  # phone and voicemail scripts
    warnings: tuple[str, ...] = ()  # what to know before sending (a no-reply address, ...)

    def as_json(self) -> dict[str, Any]:
        """Headers and body, for --format json."""
        return {
            "kind": self.kind,
            "headers": {
                "From": self.sender.display() if self.sender else None,
                "To": [p.display() for p in self.to],
                "Cc": list(self.cc),
                "Subject": self.subject,
                "In-Reply-To": self.in_reply_to,
                "References": list(self.references),
            },
            "body": self.body,
            "calendar_method": self.calendar_method,
            "scripts": dict(self.scripts),
            "warnings": list(self.warnings),
        }


@functools.lru_cache(maxsize=8)
def _environment(template_dir: Path | None) -> jinja2.Environment:
    """One environment per template folder, so each template is compiled once per process (a
    `remind` over 50 interviews rendered 50 times; jinja2 still reloads an edited override)."""
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None and template_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(jinja2.PackageLoader("noshow.drafts", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # noqa: S701 (plain-text emails: HTML escaping would corrupt them)
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render(name: str, variables: dict[str, Any], template_dir: Path | None = None) -> str:
    """Render a template; a broken override gets a clear error naming the template."""
    try:
        template = _environment(template_dir).get_template(name)
        return template.render(**variables)
    except jinja2.TemplateError as exc:
        raise ConfigError(f"template {name}: {exc}") from exc


def split_subject(text: str) -> tuple[str, str]:
    """A rendered email template: the first line is the subject, the rest (after a blank line)
    is the body."""
    subject, _, body = text.lstrip("\n").partition("\n")
    return one_line(subject), body.lstrip("\n").rstrip() + "\n"


def base_variables(invite: Invite, you: You, now: datetime | None = None) -> dict[str, Any]:
    """What every template can use (documented in the README). With ``now``, ``when`` says
    where the interview stands (its phase, and "today", "yesterday" or "on Tuesday 15
    December" as true for both readers)."""
    organizer_zone = invite.organizer_zone or you.zone_at(invite.start.instant)
    your_zone = you.zone_at(invite.start.instant)
    end = invite.end.instant if invite.end else None
    theirs = Moment.of(invite.start.instant, end, organizer_zone)
    yours = Moment.of(invite.start.instant, end, your_zone)
    instant = invite.start.instant
    same = (
        instant.astimezone(zone(organizer_zone)).utcoffset()
        == instant.astimezone(zone(your_zone)).utcoffset()
    )
    info = join_info(invite)
    interviewer = invite.organizer.name if invite.organizer and invite.organizer.name else None
    to = addressee(interviewer, invite.organizer.email if invite.organizer else None)
    role, company = invite_role_and_company(invite, you.name)
    when = timing(invite.start.instant, end, now, (organizer_zone, your_zone)) if now else None
    phone = one_line(you.phone) if you.phone else None
    name = one_line(you.name) if you.name else None
    return {
        "title": one_line(invite.summary) or "Interview",
        "role": one_line(role) if role else None,
        "company": one_line(company) if company else None,
        "greeting": to.greeting,
        "addressee": to,
        "when": when,
        "questions": [],
        "their": theirs,
        "yours": None if same else yours,
        "their_zone": organizer_zone,
        "your_zone": your_zone,
        "interviewer": one_line(interviewer) if interviewer else None,
        "interviewer_first": to.spoken,
        "organizer_email": invite.organizer.email if invite.organizer else None,
        "join": {
            "link": info.links[0] if info.links else None,
            "address": one_line(info.address) if info.address else None,
            "phone": info.phones[0] if info.phones else None,
        },
        "you": {"name": name, "email": you.email, "phone": phone},
        "signature": "\n".join(line for line in (name, phone) if line),
    }


def slot_lines(slots: Sequence[Slot], their_zone: str, your_zone: str) -> list[dict[str, Any]]:
    """Proposed times as template variables: the interviewer's time first, yours when different."""
    lines = []
    for slot in slots:
        theirs = Moment.of(slot.start, slot.end, their_zone)
        yours = Moment.of(slot.start, slot.end, your_zone)
        different = (
            slot.start.astimezone(zone(their_zone)).utcoffset()
            != slot.start.astimezone(zone(your_zone)).utcoffset()
        )
        lines.append(
            {
                "their": theirs.line,
                "yours": f"{yours.date}, {yours.time}" if different else None,
                "spoken": theirs.spoken,
                "start": slot.start,
            }
        )
    return lines
