"""Display names as people write them, and the greeting each one gets.

Organizer names come from calendar CN parameters and email From headers: "Okafor, Rachel"
(Outlook's "Last, First"), "Dr. María José García-López", "Acme Recruiting Team", "no-reply",
"Maya Chen (she/her)", "DUPONT Jean", "李伟". :func:`addressee` reads one into an
:class:`Addressee`: a person (with the name to greet them by), a team or mailbox (a neutral
greeting), or nobody ("Hello,"). Pure: no I/O.

The greeting follows the first-name style of the drafts ("Dear Maya,"), except where the name
carries a title ("Dear Dr. García-López,", "Dear Ms Chen,"): someone who signs with a title
asks to be addressed by it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Titles that ask to be used with the family name ("Dear Dr. Chen,"), as written without a dot.
_TITLES = {
    "dr": "Dr.",
    "prof": "Prof.",
    "professor": "Professor",
    "mr": "Mr",
    "mrs": "Mrs",
    "ms": "Ms",
    "miss": "Miss",
    "mx": "Mx",
    "sir": "Sir",
    "dame": "Dame",
}
#: Suffixes that are no part of the name one greets with.
_SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "cpa", "pmp", "msc", "bsc", "ma"}
)
#: Particles that belong to the family name ("Ludwig van Beethoven", "van der Berg, Jan").
_PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
        "le", "ten", "ter", "bin", "binti", "al", "el", "zu", "y", "mac", "st", "st.",
    }
)  # fmt: skip
#: Given names that are two words in Spanish, Portuguese, French and English usage.
_COMPOUND_GIVEN = frozenset(
    {
        "maría josé", "maria jose", "josé maría", "jose maria", "juan carlos", "juan pablo",
        "juan josé", "juan jose", "josé luis", "jose luis", "ana maría", "ana maria",
        "maría fernanda", "maria fernanda", "luis miguel", "maría luisa", "maria luisa",
        "miguel ángel", "miguel angel", "josé antonio", "jose antonio", "maría del carmen",
        "joão pedro", "joao pedro", "ana clara", "maria clara", "maria eduarda", "pedro henrique",
        "luiz felipe", "luis felipe", "jean pierre", "jean paul", "jean luc", "marie claire",
        "anne marie", "mary ann", "mary jane", "mary beth", "sarah jane", "anna lena",
    }
)  # fmt: skip
#: Words that make a name a team or department ("Acme Recruiting Team" -> "Dear Acme
#: Recruiting team,").
_TEAM_WORDS = frozenset(
    {
        "recruiting", "recruitment", "recruiters", "talent", "acquisition", "team", "hr",
        "human", "resources", "people", "hiring", "staffing", "coordinator", "coordination", "department", "office", "panel", "committee",
    }
)  # fmt: skip
#: Words that make a name a mailbox or a tool, which no person reads by that name.
_MAILBOX_WORDS = frozenset(
    {
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
        "notifications", "notification", "notify", "calendar", "scheduling", "scheduler",
        "mailer", "jobs", "careers", "career", "info", "admin", "invitations", "invites", "support", "bot",
        "greenhouse", "lever", "workday", "calendly", "goodtime", "smartrecruiters",
        "ashby", "icims", "taleo", "zoom", "teams", "webex", "automated", "system",
    }
)  # fmt: skip
#: The last word of a company's name ("Acme Corp", "Northwind GmbH").
_COMPANY_SUFFIXES = frozenset(
    {"inc", "corp", "corporation", "llc", "ltd", "limited", "gmbh", "ag", "sa", "bv", "plc",
     "co", "company", "group", "labs", "technologies", "systems", "solutions", "srl", "spa"}
)  # fmt: skip
#: A mailbox address whose replies are not read.
_NO_REPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply|mailer[-_.]?daemon|bounce[s]?|"
    r"notifications?|calendar[-_.]?notification[s]?)(?:[-_.+].*)?$",
    re.IGNORECASE,
)
#: Tails that are not the name: "(she/her)", "[Acme]", "| Acme", "via Greenhouse", "- Acme".
_TAILS = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\]|<[^>]*>)\s*")
_SEPARATORS = re.compile(r"\s+(?:\||/|•|·|–|—|-|via|from|at|@)\s+.*$", re.IGNORECASE)


@dataclass(frozen=True)
class Addressee:
    """Who a draft speaks to, read from a display name and address."""

    kind: str  # "person", "team" or "none"
    name: str | None  # the whole name as it should be written ("Rachel Okafor"), if any
    given: str | None = None  # the name to greet a person by ("Rachel")
    family: str | None = None
    title: str | None = None  # "Dr.", "Prof.", "Ms", ...
    no_reply: bool = False  # the address is a no-reply mailbox

    @property
    def greeting(self) -> str:
        """The salutation line: ``Dear Rachel,``, ``Dear Dr. García-López,``, ``Hello,``."""
        if self.kind == "person":
            if self.title and self.family:
                return f"Dear {self.title} {self.family},"
            return f"Dear {self.given or self.name},"
        if self.kind == "team" and self.name:
            team = re.sub(r"\s+team$", "", self.name, flags=re.IGNORECASE)
            return f"Dear {team} team,"
        return "Hello,"

    @property
    def spoken(self) -> str | None:
        """How to say their name on the phone ("Rachel"), or None for a team or nobody."""
        if self.kind != "person":
            return None
        if self.title and self.family:
            return f"{self.title} {self.family}"
        return self.given or self.name

    def warnings(self, address: str | None) -> tuple[str, ...]:
        """What the sender should know before sending to this addressee."""
        if self.no_reply:
            return (
                f"{address} looks like a no-reply address: replies may never be read. Find the "
                "recruiter's own address (in the invitation text or earlier emails) and send "
                "with --to ADDRESS.",
            )
        return ()


def is_no_reply(address: str | None) -> bool:
    """Whether an address is a no-reply mailbox (``no-reply@``, ``noreply+x@``,
    ``calendar-notification@``)."""
    if not address or "@" not in address:
        return False
    return _NO_REPLY.match(address.rpartition("@")[0]) is not None


def _clean(name: str) -> str:
    """One line, no quotes, no pronouns or company tails, no email address in it."""
    text = " ".join("".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in name).split())
    text = text.strip().strip("\"'“”‘’«»").strip()
    text = _TAILS.sub(" ", text)
    text = _SEPARATORS.sub("", text)
    return " ".join(text.split()).strip(" ,;:.-|")


def _is_cjk(text: str) -> bool:
    return any(
        unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")) for c in text
    )


def _word_key(word: str) -> str:
    return word.lower().strip(".,")


def _is_initial(word: str) -> bool:
    """``J.``, ``J``, ``J.R.``: initials, not a name to greet someone by."""
    letters = word.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 2 and (word.endswith(".") or len(letters) == 1 or letters.isupper())


def _family_first_caps(words: list[str]) -> bool:
    """``DUPONT Jean``, ``CHEN Maya``: a family name in capitals, written first."""
    return (
        len(words) >= 2
        and sum(c.isalpha() for c in words[0]) > 2
        and words[0].isupper()
        and "." not in words[0]
        and not all(w.isupper() for w in words)
    )


def addressee(name: str | None, address: str | None = None) -> Addressee:
    """Read a display name (and its address) into the person, team or nobody it names."""
    no_reply = is_no_reply(address)
    cleaned = _clean(name) if name else ""
    if not cleaned or "@" in cleaned or not any(c.isalpha() for c in cleaned):
        return Addressee("none", None, no_reply=no_reply)
    keys = [_word_key(w) for w in cleaned.replace(",", " ").split()]
    if no_reply or any(k in _MAILBOX_WORDS or _NO_REPLY.match(k) for k in keys):
        return Addressee("none", None, no_reply=no_reply)
    if any(k in _TEAM_WORDS for k in keys):
        return Addressee("team", cleaned, no_reply=no_reply)
    local_words = set(re.split(r"[-_.+]", (address or "").rpartition("@")[0].lower()))
    if keys[-1] in _COMPANY_SUFFIXES or (
        len(keys) == 1 and local_words & (_TEAM_WORDS | _MAILBOX_WORDS)
    ):
        # "Acme Corp", or "Acme" <recruiting@acme.example>: a company, not a person.
        return Addressee("none", None, no_reply=no_reply)
    return _person(cleaned, no_reply)


def _person(cleaned: str, no_reply: bool) -> Addressee:
    if _is_cjk(cleaned) and " " not in cleaned:
        return Addressee("person", cleaned, given=cleaned, no_reply=no_reply)
    # "Okafor, Rachel" (Outlook) and "van der Berg, Jan, Jr.": the part before the comma is the
    # family name, unless what follows the comma is only a suffix ("John Smith, PhD").
    parts = [p.strip() for p in cleaned.split(",") if p.strip()]
    family_first: list[str] = []
    if len(parts) >= 2 and not all(_word_key(w) in _SUFFIXES for w in parts[1].split()):
        family_first = parts[0].split()
        rest = parts[1].split() + [w for p in parts[2:] for w in p.split()]
    else:
        rest = [w for p in parts for w in p.split()]
    title = None
    while rest and _word_key(rest[0]) in _TITLES:
        title = title or _TITLES[_word_key(rest[0])]
        rest = rest[1:]
    while rest and _word_key(rest[-1]) in _SUFFIXES:
        rest = rest[:-1]
    if family_first:
        while family_first and _word_key(family_first[0]) in _TITLES:
            title = title or _TITLES[_word_key(family_first[0])]
            family_first = family_first[1:]
        given_words, family_words = rest, family_first
    elif _family_first_caps(rest):
        caps = [w for w in rest if w.isupper() and len(w) > 1]
        family_words = caps
        given_words = [w for w in rest if w not in caps]
    else:
        given_words, family_words = _split_given(rest)
        if title and not family_words:
            given_words, family_words = [], given_words  # "Dr. Chen"
    # A quoted or bracketed nickname was removed by _clean; a nickname in quotes inside the
    # name ('Robert "Bob" Smith') is what the person goes by.
    given_words = [w.strip("\"'“”") for w in given_words]
    full_words = [*given_words, *family_words] if family_first else rest
    if not family_first and _family_first_caps(rest):
        full_words = [*given_words, *(w.title() for w in family_words)]
    full = " ".join(w for w in full_words if w) or None
    family = " ".join(family_words) or None
    if family and family.isupper() and len(family) > 2:
        family = family.title()
    given = " ".join(given_words) or None
    if given is not None and all(_is_initial(w) for w in given.split()):
        given = full  # "J. Smith" is greeted "Dear J. Smith,", never "Dear J.,"
    if given is None:
        given = family  # a single name after a title: "Dr. Chen" without a title use
    if not given:
        return Addressee("none", None, no_reply=no_reply)  # only a title or a suffix: "Dr."
    return Addressee("person", full, given=given, family=family, title=title, no_reply=no_reply)


def _split_given(words: list[str]) -> tuple[list[str], list[str]]:
    """Given names and family name of a name written given-first."""
    if len(words) <= 1:
        return words, []
    lowered = " ".join(w.lower() for w in words)
    for compound in sorted(_COMPOUND_GIVEN, key=len, reverse=True):
        size = len(compound.split())
        if lowered.startswith(compound + " ") and len(words) > size:
            return words[:size], words[size:]
    # The family name starts at the first particle after the first word ("Ludwig van
    # Beethoven"), else it is the last word ("Mary Ellen Smith" is greeted "Dear Mary,").
    for index in range(1, len(words)):
        if _word_key(words[index]) in _PARTICLES and index < len(words) - 1:
            return words[:1], words[index:]
    return words[:1], words[-1:]
