"""Which version of an invite is current (RFC 5546 ordering): SEQUENCE, then DTSTAMP, and a
CANCEL wins a tie with a REQUEST.

Each tie-break is tested with the versions in both input orders, so removing it (the stable sort
then keeps whichever came last) fails a test: these killed the two mutants that survived the
issue-15 mutation probe.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from noshow.invites import read_document
from noshow.model import Invite
from noshow.versions import current_versions

UID = "versions-1@example.com"


def version(
    summary: str,
    sequence: int,
    stamp: str,
    method: str = "REQUEST",
    start: str = "20261201T100000Z",
    status: str | None = None,
) -> Invite:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//noshow tests//versions//EN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{UID}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start}",
        "DURATION:PT1H",
        f"SUMMARY:{summary}",
        *([f"STATUS:{status}"] if status else []),
        "ORGANIZER:mailto:recruiter@example.com",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    data = ("\r\n".join(lines) + "\r\n").encode()
    (invite,) = read_document(f"{summary}.ics", data, "Europe/Berlin").invites
    return invite


def only(invites: list[Invite]) -> Invite:
    (current,) = current_versions(invites)
    return current


# -- same SEQUENCE: the latest DTSTAMP is current ---------------------------------------------


@pytest.mark.parametrize("order", [0, 1])
def test_same_sequence_latest_dtstamp_wins_in_either_order(order: int) -> None:
    stale = version("Stale", 2, "20261101T090000Z", start="20261201T100000Z")
    fresh = version("Fresh", 2, "20261105T090000Z", start="20261202T140000Z")
    versions = [stale, fresh] if order == 0 else [fresh, stale]
    current = only(versions)
    assert current.summary == "Fresh"
    assert [v.summary for v in current.previous] == ["Stale"]


def test_higher_sequence_beats_a_later_dtstamp() -> None:
    # SEQUENCE first: a resent old version (new DTSTAMP, old SEQUENCE) never wins.
    newer = version("Newer", 3, "20261101T090000Z")
    resent = version("Resent", 2, "20261110T090000Z")
    for versions in ([newer, resent], [resent, newer]):
        assert only(versions).summary == "Newer"


def test_three_versions_are_ordered_oldest_first_in_previous() -> None:
    a = version("A", 1, "20261101T090000Z")
    b = version("B", 1, "20261102T090000Z")
    c = version("C", 1, "20261103T090000Z")
    for versions in itertools.permutations([a, b, c]):
        current = only(list(versions))
        assert current.summary == "C"
        assert [v.summary for v in current.previous] == ["A", "B"]


# -- a CANCEL that ties with a REQUEST wins ---------------------------------------------------


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("how", ["method", "status"])
def test_cancel_tying_with_request_wins_in_either_order(order: int, how: str) -> None:
    request = version("Request", 4, "20261101T090000Z")
    cancel = (
        version("Cancel", 4, "20261101T090000Z", method="CANCEL")
        if how == "method"
        else version("Cancel", 4, "20261101T090000Z", status="CANCELLED")
    )
    versions = [request, cancel] if order == 0 else [cancel, request]
    current = only(versions)
    assert current.cancelled
    assert current.summary == "Cancel"
    assert [v.summary for v in current.previous] == ["Request"]


def test_identical_copies_count_once() -> None:
    one = version("Same", 1, "20261101T090000Z")
    two = version("Same", 1, "20261101T090000Z")
    current = only([one, two])
    assert current.previous == ()


def test_stale_version_is_not_reported_by_check(tmp_path: Path, run_check) -> None:  # type: ignore[no-untyped-def]
    # End to end: two files, same SEQUENCE, the newer DTSTAMP moves the interview.
    def write(name: str, stamp: str, start: str) -> Path:
        path = tmp_path / name
        path.write_text(
            "\r\n".join(
                [
                    "BEGIN:VCALENDAR",
                    "VERSION:2.0",
                    "PRODID:-//t//EN",
                    "METHOD:REQUEST",
                    "BEGIN:VEVENT",
                    f"UID:{UID}",
                    "SEQUENCE:0",
                    f"DTSTAMP:{stamp}",
                    f"DTSTART:{start}",
                    "DURATION:PT1H",
                    "SUMMARY:Interview",
                    "ORGANIZER:mailto:recruiter@example.com",
                    "END:VEVENT",
                    "END:VCALENDAR",
                ]
            )
            + "\r\n",
            newline="",
        )
        return path

    fresh = write("a-fresh.ics", "20261110T090000Z", "20261203T150000Z")
    stale = write("b-stale.ics", "20261101T090000Z", "20261201T100000Z")
    _, data = run_check(fresh, stale)
    (invite,) = data["invites"]
    assert invite["start"]["utc"] == "2026-12-03T15:00:00Z"
