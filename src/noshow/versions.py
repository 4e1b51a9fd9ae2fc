"""Several versions of one invite among the inputs: which one is current (RFC 5546 ordering)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from noshow.model import Invite

_EPOCH = datetime.min.replace(tzinfo=UTC)


def order_key(invite: Invite) -> tuple[int, datetime, int]:
    """How versions of one invite are ordered: SEQUENCE, then DTSTAMP, then a CANCEL last."""
    # A CANCEL with the same SEQUENCE and DTSTAMP as a request still wins: it came later.
    return (invite.sequence, invite.dtstamp or _EPOCH, 1 if invite.cancelled else 0)


def current_versions(invites: Iterable[Invite]) -> list[Invite]:
    """One invite per UID (and RECURRENCE-ID): the highest SEQUENCE, then the latest DTSTAMP.

    The older versions are kept, oldest first, in ``previous`` so rules can say what changed and
    reports can list every input that was read. Identical copies within one input (the same
    invite as text/calendar and as an .ics attachment) count once; a copy in another input is
    kept, as a version the current one supersedes. Order of first appearance is kept.
    """
    groups: dict[tuple[str, datetime | None], list[Invite]] = {}
    for invite in invites:
        groups.setdefault((invite.uid, invite.recurrence_id), []).append(invite)
    current: list[Invite] = []
    for versions in groups.values():
        ordered = sorted(versions, key=order_key)  # stable: equal keys keep input order
        latest = ordered[-1]
        older: list[Invite] = []
        seen = {(latest.source, order_key(latest))}
        for version in ordered[:-1]:
            key = (version.source, order_key(version))
            if key not in seen:
                seen.add(key)
                older.append(version)
        current.append(replace(latest, previous=tuple(older)) if older else latest)
    return current
