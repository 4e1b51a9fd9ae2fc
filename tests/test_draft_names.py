"""Display names as people write them: the greeting each real-world shape gets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noshow.drafts.names import addressee, is_no_reply

#: (display name, address, greeting, how to say the name on the phone)
NAMES = [
    # given-first, the common case
    ("Maya Chen", "maya.chen@larkspur.example.com", "Dear Maya,", "Maya"),
    ("Rachel Okafor", None, "Dear Rachel,", "Rachel"),
    ("Mary Ellen Smith", None, "Dear Mary,", "Mary"),
    ("Jean-Luc Picard", None, "Dear Jean-Luc,", "Jean-Luc"),
    ("Anne-Marie O'Neill", None, "Dear Anne-Marie,", "Anne-Marie"),
    ("Megan O'Connell", None, "Dear Megan,", "Megan"),
    # Outlook's "Last, First"
    ("Okafor, Rachel", "rachel.okafor@tidewater.example.org", "Dear Rachel,", "Rachel"),
    ("Chen, Maya", None, "Dear Maya,", "Maya"),
    ('"Whitfield, Dana"', None, "Dear Dana,", "Dana"),
    ("van der Berg, Jan", None, "Dear Jan,", "Jan"),
    ("García-López, María José", None, "Dear María José,", "María José"),
    ("Smith, John, Jr.", None, "Dear John,", "John"),
    ("Okafor, Dr. Rachel", None, "Dear Dr. Okafor,", "Dr. Okafor"),
    # titles
    ("Dr. María José García-López", None, "Dear Dr. García-López,", "Dr. García-López"),
    ("Dr Maya Chen", None, "Dear Dr. Chen,", "Dr. Chen"),
    ("Prof. Dr. Katrin Vogel", None, "Dear Prof. Vogel,", "Prof. Vogel"),
    ("Ms. Priya Natarajan", None, "Dear Ms Natarajan,", "Ms Natarajan"),
    ("Mr Ben Cartwright", None, "Dear Mr Cartwright,", "Mr Cartwright"),
    ("Mx Sam Taylor", None, "Dear Mx Taylor,", "Mx Taylor"),
    ("Mrs. Hannah Nguyen", None, "Dear Mrs Nguyen,", "Mrs Nguyen"),
    ("Dr. Chen", None, "Dear Dr. Chen,", "Dr. Chen"),
    # compound given names and particles
    ("María José García López", None, "Dear María José,", "María José"),
    ("Juan Carlos Rodríguez", None, "Dear Juan Carlos,", "Juan Carlos"),
    ("João Pedro Santos", None, "Dear João Pedro,", "João Pedro"),
    ("Ludwig van Beethoven", None, "Dear Ludwig,", "Ludwig"),
    ("Maximilian von Hartmann", None, "Dear Maximilian,", "Maximilian"),
    ("Fatima al Hassan", None, "Dear Fatima,", "Fatima"),
    ("Dr. Ana de la Cruz", None, "Dear Dr. de la Cruz,", "Dr. de la Cruz"),
    # single names, initials, suffixes, tails
    ("Maya", None, "Dear Maya,", "Maya"),
    ("J. Smith", None, "Dear J. Smith,", "J. Smith"),
    ("J.R. Hartley", None, "Dear J.R. Hartley,", "J.R. Hartley"),
    ("John Smith PhD", None, "Dear John,", "John"),
    ("John Smith, PhD", None, "Dear John,", "John"),
    ("Martin Luther King Jr.", None, "Dear Martin,", "Martin"),
    ("Maya Chen (she/her)", None, "Dear Maya,", "Maya"),
    ("Maya Chen | Larkspur Robotics", None, "Dear Maya,", "Maya"),
    ("Maya Chen via Greenhouse", None, "Dear Maya,", "Maya"),
    ("Maya Chen [Larkspur]", None, "Dear Maya,", "Maya"),
    ("  Maya\u2028Chen\r\n ", None, "Dear Maya,", "Maya"),
    ("DUPONT Jean", None, "Dear Jean,", "Jean"),
    # unicode
    ("Zoë Ångström", None, "Dear Zoë,", "Zoë"),
    ("Lena Schröder", None, "Dear Lena,", "Lena"),
    ("李伟", None, "Dear 李伟,", "李伟"),
    ("Søren Kierkegaard", None, "Dear Søren,", "Søren"),
    ("Łukasz Wiśniewski", None, "Dear Łukasz,", "Łukasz"),
    # teams, companies, mailboxes
    ("Acme Recruiting Team", "recruiting@acme.example.com", "Dear Acme Recruiting team,", None),
    ("Talent Acquisition", None, "Dear Talent Acquisition team,", None),
    ("Acme Talent", None, "Dear Acme Talent team,", None),
    ("HR", None, "Dear HR team,", None),
    ("Northwind People Team", None, "Dear Northwind People team,", None),
    ("Acme Careers", "careers@acme.example.com", "Hello,", None),
    ("Scheduling", None, "Hello,", None),
    ("Acme Scheduling", "scheduling@acme.example.com", "Hello,", None),
    ("no-reply", "no-reply@acme.example.com", "Hello,", None),
    ("Google Calendar", "calendar-notification@google.com", "Hello,", None),
    ("Acme via Greenhouse", "no-reply@greenhouse.io", "Hello,", None),
    ("Acme Corp", None, "Hello,", None),
    ("Acme", "recruiting@acme.example.com", "Hello,", None),
    # no name at all
    (None, "maya.chen@larkspur.example.com", "Hello,", None),
    ("", None, "Hello,", None),
    ("   ", None, "Hello,", None),
    ("maya.chen@larkspur.example.com", None, "Hello,", None),
    ("<>", None, "Hello,", None),
    ("Dr.", None, "Hello,", None),
    ("Jr.", None, "Hello,", None),
    ("MR SMITH", None, "Dear Mr Smith,", "Mr Smith"),
]


@pytest.mark.parametrize(("name", "address", "greeting", "spoken"), NAMES)
def test_greeting_for_real_world_names(
    name: str | None, address: str | None, greeting: str, spoken: str | None
) -> None:
    who = addressee(name, address)
    assert who.greeting == greeting
    assert who.spoken == spoken
    # Never a stray comma, title alone or empty greeting ("Dear ,", "Dear Dr.,", "Dear Okafor,,").
    assert ",," not in who.greeting
    assert who.greeting not in ("Dear ,", "Dear Dr.,")


def test_there_are_at_least_forty_shapes() -> None:
    assert len(NAMES) >= 40


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("no-reply@acme.example.com", True),
        ("noreply@acme.example.com", True),
        ("NoReply+scheduling@acme.example.com", True),
        ("do-not-reply@acme.example.com", True),
        ("donotreply@acme.example.com", True),
        ("calendar-notification@google.com", True),
        ("notifications@acme.example.com", True),
        ("maya.chen@larkspur.example.com", False),
        ("norah@acme.example.com", False),
        ("recruiting@acme.example.com", False),
        (None, False),
        ("not-an-address", False),
    ],
)
def test_no_reply_addresses(address: str | None, expected: bool) -> None:
    assert is_no_reply(address) is expected
    who = addressee("Acme", address)
    assert bool(who.warnings(address)) is expected


def test_no_reply_warning_names_the_address_and_the_way_out() -> None:
    (warning,) = addressee("Acme", "no-reply@acme.example.com").warnings(
        "no-reply@acme.example.com"
    )
    assert "no-reply@acme.example.com" in warning
    assert "--to" in warning


_PIECES = st.sampled_from(
    ["Dr.", "Prof", "Ms", "Jr.", "PhD", ",", "van", "der", "Maya", "CHEN", "J.", "(she/her)",
     "|", "Acme", "Team", "no-reply", "María José", "李伟", "\u2028", "\r\n", '"', " ", "-"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(pieces=st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=8))
def test_every_greeting_is_one_clean_line(pieces: list[str]) -> None:
    """Whatever the name, the greeting is "Dear <something>," or "Hello,": one line, no
    "None", no empty name, no doubled comma."""
    who = addressee(" ".join(pieces), "x@example.com")
    greeting = who.greeting
    assert re.fullmatch(r"Dear \S.*,|Hello,", greeting, flags=re.DOTALL), greeting
    assert "\n" not in greeting and "\r" not in greeting and "\u2028" not in greeting
    assert "None" not in greeting or "None" in " ".join(pieces)
    assert ",," not in greeting
