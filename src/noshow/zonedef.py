"""An invite's own VTIMEZONE, evaluated exactly and within bounds.

icalendar can turn a VTIMEZONE into a tzinfo, but it caches custom zones process-wide by TZID
(so two files that both define "Customized Time Zone" differently collide) and it expands every
RRULE up to the year 9999 (so a hostile ``FREQ=SECONDLY`` rule runs away). noshow therefore
evaluates each file's VTIMEZONE itself: the onsets of every STANDARD/DAYLIGHT block are expanded
with dateutil only for the years asked about, with a hard cap on the work, and the result is a
tzinfo that belongs to that one file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from dateutil import rrule as du_rrule

from noshow.errors import InviteError

#: The most onsets noshow will enumerate for one VTIMEZONE and year. Real rules recur yearly
#: from 1601 or 1970: a few hundred onsets per block. More means a hostile or broken definition.
MAX_ONSET_STEPS = 20_000
#: The most STANDARD/DAYLIGHT blocks in one VTIMEZONE (full-history exports have about a hundred).
MAX_BLOCKS = 500

_NAIVE_EPOCH = datetime(1, 1, 1)  # noqa: DTZ001 (a wall-clock bound, not an instant)
_UTC_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)
_YEARLY = re.compile(r"(?:^|;)FREQ=YEARLY(?:;|$)", re.IGNORECASE)
_INTERVAL = re.compile(r"(?:^|;)INTERVAL=(\d+)", re.IGNORECASE)
#: Rule steps charged for checking that a rule ever occurs (about the years that check walks).
PROBE_STEPS = 400


def _local_until(utc_text: str, offset: timedelta) -> str:
    """``UNTIL=`` a UTC time (``20071027T160000``, the Z removed) as wall clock at ``offset``."""
    utc = datetime.strptime(utc_text, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    return f"UNTIL={(utc + offset).replace(tzinfo=None):%Y%m%dT%H%M%S}"


@dataclass(frozen=True)
class _Block:
    """One STANDARD or DAYLIGHT sub-component."""

    name: str
    start: datetime  # wall clock, in offset_from
    offset_from: timedelta
    offset_to: timedelta
    abbreviation: str | None
    rule: str | None
    rdates: tuple[datetime, ...]
    is_dst: bool

    def onsets(self, first: datetime, last: datetime, budget: list[int]) -> list[datetime]:
        """UTC onsets (naive) of this block between the naive UTC bounds ``first`` and ``last``.

        ``budget`` holds the number of rule steps still allowed; it is shared by all blocks.
        """
        walls: list[datetime] = []
        if self.rule and not _YEARLY.search(self.rule):
            raise InviteError(f"VTIMEZONE rule {self.rule!r} recurs too often to be a time zone")
        if self.rule:
            # RFC 5545 writes a VTIMEZONE rule's UNTIL in UTC; the onsets are wall clock in
            # TZOFFSETFROM, so compare like with like (else east of UTC the last onset is lost).
            try:
                text = _UTC_UNTIL.sub(lambda m: _local_until(m[1], self.offset_from), self.rule)
                rule = du_rrule.rrulestr(text, dtstart=self.start, ignoretz=True)
            except (ValueError, TypeError, OverflowError) as exc:
                raise InviteError(f"VTIMEZONE rule {self.rule!r} is not valid: {exc}") from exc
            stop = last + self.offset_from + timedelta(days=1)
            budget[0] -= PROBE_STEPS
            if budget[0] < 0:
                raise InviteError("VTIMEZONE has too many rules to evaluate")
            for wall in () if self._never_occurs(rule) else rule:
                budget[0] -= 1
                if budget[0] < 0:
                    raise InviteError(
                        f"VTIMEZONE rule {self.rule!r} recurs too often to be a time zone"
                    )
                if wall > stop:
                    break
                walls.append(wall)
        else:
            walls.append(self.start)
        walls.extend(self.rdates)
        found = {wall - self.offset_from for wall in walls}
        return sorted(t for t in found if first <= t <= last)

    def _never_occurs(self, rule: Any) -> bool:
        """Whether a yearly rule has no onset at all (``BYMONTHDAY=30;BYMONTH=2``).

        dateutil would look for one until the year 9999, which takes seconds per rule. The
        calendar repeats every 400 years, so 400 years (times INTERVAL) before 9999 tell.
        """
        interval = int(found[1]) if (found := _INTERVAL.search(self.rule or "")) else 1
        span = 400 * max(interval, 1)
        shift = (9999 - span - self.start.year) // span * span
        if shift <= 0:
            return False  # the rule reaches 9999 within two cycles: cheap to walk anyway
        late = self.start.replace(year=self.start.year + shift)
        return next(iter(rule.replace(dtstart=late, until=None, count=None)), None) is None


def _offset(component: Any, name: str) -> timedelta:
    prop = component.get(name)
    value = getattr(prop, "td", None)
    if not isinstance(value, timedelta):
        raise InviteError(f"VTIMEZONE {name} is missing or not a UTC offset")
    return value


def _wall(value: Any) -> datetime:
    dt = getattr(value, "dt", value)
    if isinstance(dt, datetime):
        return dt.replace(tzinfo=None)
    if isinstance(dt, date):
        return datetime(dt.year, dt.month, dt.day)  # noqa: DTZ001 (wall clock)
    raise InviteError("VTIMEZONE DTSTART is missing or not a date-time")


def _rdates(component: Any) -> tuple[datetime, ...]:
    raw = component.get("RDATE")
    if raw is None:
        return ()
    lists = raw if isinstance(raw, list) else [raw]
    out: list[datetime] = []
    for item in lists:
        for leaf in getattr(item, "dts", []):
            value = leaf.dt
            if isinstance(value, tuple):  # a PERIOD: its start is the onset
                value = value[0]
            out.append(_wall(value))
    return tuple(out)


#: Onset tables shared by every file of a process, keyed by the rule blocks themselves (never
#: the TZID: two files that give "Customized Time Zone" different rules never share a table) and
#: the year. A folder of Outlook invites carries the same few VTIMEZONEs again and again; each is
#: expanded once. A definition that cannot be evaluated keeps its error, so a folder of copies of
#: a hostile rule costs one evaluation, not one per file.
_TABLES: dict[
    tuple[tuple[_Block, ...], int], tuple[list[datetime], list[_Block]] | InviteError
] = {}
#: Bound on the shared tables (each is a few dozen datetimes).
MAX_SHARED_TABLES = 4096


def _shared_table(
    blocks: tuple[_Block, ...], year: int
) -> tuple[list[datetime], list[_Block]] | None:
    """The table expanded earlier for these rules and year, or None; re-raises a stored error."""
    found = _TABLES.get((blocks, year))
    if isinstance(found, InviteError):
        raise InviteError(str(found), found.line)
    return found


def _remember(
    key: tuple[tuple[_Block, ...], int],
    value: tuple[list[datetime], list[_Block]] | InviteError,
) -> None:
    if len(_TABLES) >= MAX_SHARED_TABLES:
        _TABLES.clear()
    _TABLES[key] = value


class DefinedZone(tzinfo):
    """A tzinfo built from one VTIMEZONE component, private to the file that carried it."""

    def __init__(self, component: Any) -> None:
        self.tzid = str(component.get("TZID", "")).strip()
        blocks: list[_Block] = []
        for sub in component.subcomponents:
            if sub.name not in ("STANDARD", "DAYLIGHT"):
                continue
            rule = sub.get("RRULE")
            if isinstance(rule, list):
                # RFC 5545 allows one RRULE per block; two would need the union of both.
                raise InviteError(
                    f"VTIMEZONE {self.tzid!r} has a {sub.name} block with {len(rule)} RRULEs"
                    " (at most one)"
                )
            rule_text = rule.to_ical().decode("utf-8", "replace") if rule is not None else None
            tzname = sub.get("TZNAME")
            blocks.append(
                _Block(
                    name=sub.name,
                    start=_wall(sub.get("DTSTART")),
                    offset_from=_offset(sub, "TZOFFSETFROM"),
                    offset_to=_offset(sub, "TZOFFSETTO"),
                    abbreviation=str(tzname) if tzname is not None else None,
                    rule=rule_text,
                    rdates=_rdates(sub),
                    is_dst=sub.name == "DAYLIGHT",
                )
            )
        if not blocks:
            raise InviteError(f"VTIMEZONE {self.tzid!r} has no STANDARD or DAYLIGHT rules")
        if len(blocks) > MAX_BLOCKS:
            raise InviteError(f"VTIMEZONE {self.tzid!r} has more than {MAX_BLOCKS} rule blocks")
        self._blocks = tuple(blocks)
        self._years: dict[int, tuple[list[datetime], list[_Block]]] = {}
        #: Rule steps taken so far, over every year asked about: the work counter that tests use
        #: to check the bounds without timing anything.
        self.steps_taken = 0

    @property
    def signature(self) -> tuple[object, ...]:
        """The rules themselves, hashable: equal for two definitions that mean the same zone."""
        return tuple(
            (b.start, b.offset_from, b.offset_to, b.rule, b.rdates, b.is_dst) for b in self._blocks
        )

    # -- transitions -------------------------------------------------------------------------

    def _table(self, year: int) -> tuple[list[datetime], list[_Block]]:
        """Onsets (naive UTC) from the start of ``year - 1`` to the end of ``year + 1``."""
        cached = self._years.get(year)
        if cached is not None:
            return cached
        shared = _shared_table(self._blocks, year)
        if shared is None:
            shared = self._expand(year)
        self._years[year] = shared
        return shared

    def _expand(self, year: int) -> tuple[list[datetime], list[_Block]]:
        """:meth:`_table` computed (once per process for each rule set and year)."""
        key = (self._blocks, year)
        try:
            table = self._expand_uncached(year)
        except InviteError as exc:
            _remember(key, exc)
            raise
        _remember(key, table)
        return table

    def _expand_uncached(self, year: int) -> tuple[list[datetime], list[_Block]]:
        first = datetime(max(1, year - 1), 1, 1)  # noqa: DTZ001 (naive UTC)
        last = datetime(min(9999, year + 1), 12, 31, 23, 59)  # noqa: DTZ001 (naive UTC)
        pairs: list[tuple[datetime, int]] = []
        budget = [MAX_ONSET_STEPS]
        try:
            for index, block in enumerate(self._blocks):
                pairs.extend((onset, index) for onset in block.onsets(_NAIVE_EPOCH, last, budget))
        finally:
            self.steps_taken += MAX_ONSET_STEPS - budget[0]
        pairs.sort()
        # Keep the last onset before the window: it says which block is in force at its start.
        before = [p for p in pairs if p[0] < first]
        inside = [p for p in pairs if p[0] >= first]
        kept = before[-1:] + inside
        return ([p[0] for p in kept], [self._blocks[p[1]] for p in kept])

    def block_at(self, instant: datetime) -> _Block:
        """The STANDARD/DAYLIGHT block in force at an instant (aware, or naive UTC)."""
        naive = instant.astimezone(UTC).replace(tzinfo=None) if instant.tzinfo else instant
        times, blocks = self._table(naive.year)
        index = bisect.bisect_right(times, naive) - 1
        if index < 0:
            # Before the first onset: the earliest block's "from" side is in force.
            first = min(self._blocks, key=lambda b: b.start)
            return _Block(
                first.name,
                first.start,
                first.offset_from,
                first.offset_from,
                first.abbreviation,
                None,
                (),
                not first.is_dst,
            )
        return blocks[index]

    def offset_at(self, instant: datetime) -> timedelta:
        """The UTC offset in force at an instant."""
        return self.block_at(instant).offset_to

    def offsets_near(self, wall: datetime) -> set[timedelta]:
        """Every offset in force within a day of a wall-clock time."""
        return {self.offset_at(wall + timedelta(hours=h)) for h in range(-36, 37, 6)} | {
            self.offset_at(wall - o) for o in self._all_offsets()
        }

    def _all_offsets(self) -> set[timedelta]:
        return {b.offset_to for b in self._blocks} | {b.offset_from for b in self._blocks}

    def readings(self, wall: datetime) -> list[datetime]:
        """Every naive UTC instant whose local time here is ``wall`` (0, 1 or 2 of them)."""
        found = {wall - o for o in self._all_offsets() if self.offset_at(wall - o) == o}
        return sorted(found)

    def to_instant(self, wall: datetime, fold: int = 0) -> datetime:
        """The aware UTC instant of a wall-clock time, as RFC 5545 reads it.

        A repeated time is its first occurrence (or the second with ``fold=1``); a skipped time
        uses the offset in force before the gap.
        """
        readings = self.readings(wall)
        if readings:
            chosen = readings[-1] if fold and len(readings) > 1 else readings[0]
            return chosen.replace(tzinfo=UTC)
        latest = max(self._all_offsets())
        before = self.offset_at(wall - latest - timedelta(seconds=1))
        return (wall - before).replace(tzinfo=UTC)

    # -- tzinfo protocol ---------------------------------------------------------------------

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        wall = dt.replace(tzinfo=None)
        return wall - self.to_instant(wall, dt.fold).replace(tzinfo=None)

    def dst(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        instant = self.to_instant(dt.replace(tzinfo=None), dt.fold)
        block = self.block_at(instant)
        if not block.is_dst:
            return timedelta(0)
        return block.offset_to - block.offset_from

    def tzname(self, dt: datetime | None) -> str | None:
        if dt is None:
            return self.tzid
        block = self.block_at(self.to_instant(dt.replace(tzinfo=None), dt.fold))
        return block.abbreviation or self.tzid

    def fromutc(self, dt: datetime) -> datetime:
        naive = dt.replace(tzinfo=None)
        wall = naive + self.offset_at(naive)
        readings = self.readings(wall)
        fold = 1 if len(readings) > 1 and naive == readings[-1] else 0
        return wall.replace(tzinfo=self, fold=fold)

    def __repr__(self) -> str:
        return f"DefinedZone({self.tzid!r})"
