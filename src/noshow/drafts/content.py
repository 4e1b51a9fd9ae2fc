"""The role and the company an interview is for, read from the invite's title and addresses.

Scheduling tools write titles such as "Technical Interview – Backend Engineer at Acme",
"Kookaburra Labs – Technical interview (Platform Engineer)" or "Video interview: Clara Novak /
Harbourlight Games (Technical Artist)". :func:`role_and_company` cuts a title at its
separators and sorts the pieces: the kind of interview, a time, a person's name (the organizer,
an attendee, you), a role (a job word such as Engineer or Designer) and the company (after
"at", or the piece that matches the organizer's domain, or the first piece left). When the
title names no company, the organizer's domain does ("katrin.vogel@northwind.example.com" ->
"Northwind"), unless it is a mail provider or a scheduling tool. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from noshow.model import Invite

#: Words that make a piece of the title the kind of interview, not a role or a company.
_KIND = re.compile(
    r"\b(?:interview|interviews|screen|screening|call|round|chat|meeting|onsite|on-site|"
    r"assessment|conversation|panel|entrevista|vorstellungsgespräch|gespräch|entretien|"
    r"colloquio|sync|intro|introduction|follow-up|debrief|loop)\b",
    re.IGNORECASE,
)
#: Job words: a piece holding one names the role.
_ROLE = re.compile(
    r"\b(?:engineer|engineering|developer|programmer|manager|designer|architect|analyst|"
    r"scientist|artist|lead|director|specialist|consultant|intern|internship|researcher|"
    r"administrator|officer|accountant|associate|assistant|advisor|editor|writer|nurse|"
    r"teacher|technician|sre|devops|recruiter|representative|executive|head|vp|president|"
    r"strategist|coordinator|owner|marketer|producer|counsel|attorney|physician|pharmacist|"
    r"agent|tester|qa|fellow|apprentice|trainee|chemist|economist|planner|buyer)s?\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h)\b|\d{1,2}:\d{2}", re.I)
_SEPARATORS = re.compile(r"(\s+[–—-]\s+|\s*[:|/•·]\s+|\s+w/\s*|\s+with\s+|[()\[\]])", re.I)
_WITH = re.compile(r"\s*(?:w/|with)\s*", re.I)
#: Mail providers and scheduling tools: their domain names no employer.
_PROVIDERS = frozenset(
    {
        "gmail", "googlemail", "google", "outlook", "hotmail", "live", "msn", "microsoft",
        "office365", "yahoo", "icloud", "me", "mac", "aol", "proton", "protonmail", "gmx",
        "web", "fastmail", "zoho", "yandex", "mail", "greenhouse", "lever", "workday",
        "myworkday", "calendly", "goodtime", "smartrecruiters", "ashbyhq", "icims", "taleo",
        "zoom", "teams", "webex", "hirevue", "modernhire", "linkedin", "indeed",
    }
)  # fmt: skip
#: Labels that are no company's name: hosts, example domains, and top-level domains.
_HOST_LABELS = frozenset(
    {
        "www", "mail", "email", "scheduler", "scheduling", "calendar", "careers", "jobs", "hr",
        "recruiting", "talent", "example", "invalid", "test", "localhost", "co", "com", "org",
        "net", "edu", "gov", "io", "ai", "app", "dev",
    }
)  # fmt: skip


def _pieces(summary: str) -> list[tuple[str, bool]]:
    """The title's pieces, each with whether it followed "at" ("Backend Engineer at Acme");
    a piece after "with" or "w/" names a person and is left out."""
    pieces: list[tuple[str, bool]] = []
    parts = _SEPARATORS.split(summary)
    for index in range(0, len(parts), 2):
        if index and _WITH.fullmatch(parts[index - 1]):
            continue
        text = " ".join(parts[index].split()).strip(" ,;.-–—")
        if not text:
            continue
        before, at, after = text.rpartition(" at ")
        if at and before and after and after[0].isupper():
            pieces.append((before.strip(), False))
            pieces.append((after.strip(), True))
        else:
            pieces.append((text, False))
    return pieces


#: Capitalised words that describe the interview, not a company ("Technical", "Final").
_ADJECTIVES = frozenset(
    {
        "hiring", "technical", "final", "phone", "video", "virtual", "onsite", "on-site",
        "first", "second", "third", "initial", "intro", "coding", "culture", "behavioral",
        "behavioural", "recruiter", "hr", "panel", "team", "manager", "round", "online", "zoom",
        "teams", "interview", "screen", "call", "entrevista", "técnica", "system", "design",
    }
)  # fmt: skip


def _capitalised_prefix(text: str) -> str | None:
    """The capitalised words a piece starts with, up to its first lower-case word, when they
    are not all words describing an interview."""
    words = text.split()
    prefix = []
    for word in words:
        if not word[:1].isupper():
            break
        prefix.append(word)
    if not prefix or len(prefix) == len(words):
        return None
    if all(w.casefold() in _ADJECTIVES for w in prefix) or _KIND.search(" ".join(prefix)):
        return None
    return " ".join(prefix)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def company_from_domain(address: str | None) -> str | None:
    """``katrin.vogel@northwind.example.com`` -> ``Northwind``; None for gmail.com and such."""
    if not address or "@" not in address:
        return None
    labels = [label for label in address.rpartition("@")[2].lower().split(".") if label]
    if len(labels) < 2:
        return None
    named = [
        label
        for label in labels[:-1]  # the last label is the top-level domain
        if label not in _HOST_LABELS and len(label) > 1 and not label.isdigit()
    ]
    if not named or named[-1] in _PROVIDERS:
        return None
    return named[-1].replace("-", " ").title()


def role_and_company(
    summary: str, organizer_email: str | None, people: Iterable[str | None] = ()
) -> tuple[str | None, str | None]:
    """The role and the company an interview title names (either may be None)."""
    names = {_squash(p) for p in people if p}
    domain_company = company_from_domain(organizer_email)
    domain_key = _squash(domain_company or "")
    role = None
    explicit = None
    matching = None
    others: list[str] = []
    for text, after_at in _pieces(summary):
        if _TIME.search(text) or _squash(text) in names or not any(c.isalpha() for c in text):
            continue
        if after_at and not _KIND.search(text):
            explicit = explicit or text
        elif _KIND.search(text):
            # "Saffron Systems phone screen": the capitalised words before the kind of
            # interview may be the company.
            prefix = _capitalised_prefix(text)
            if prefix:
                others.append(prefix)
        elif _ROLE.search(text):
            role = role or text
        elif domain_key and (_squash(text).startswith(domain_key) or domain_key in _squash(text)):
            matching = matching or text
        elif text[0].isupper():
            others.append(text)
    company = explicit or matching or (others[0] if others else None) or domain_company
    return role, company


def invite_role_and_company(invite: Invite, your_name: str | None) -> tuple[str | None, str | None]:
    """:func:`role_and_company` for an invite: its title, organizer and attendees."""
    people = [your_name, *(a.name for a in invite.attendees)]
    if invite.organizer is not None:
        people.append(invite.organizer.name)
    email = invite.organizer.email if invite.organizer else None
    return role_and_company(invite.summary, email, people)
