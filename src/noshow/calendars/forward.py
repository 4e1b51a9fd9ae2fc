"""Move a long-running recurring event's DTSTART forward to just before the window.

recurring-ical-events (through dateutil) walks every occurrence from DTSTART to the window: a
weekly meeting that started four years ago costs two hundred steps, each with a time zone
conversion, for every calendar read. For the rules where it is provably harmless, noshow moves
DTSTART (and DTEND) forward by a whole number of rule periods, to an instant that is itself an
occurrence of the rule. Occurrences at or after the new start are exactly the same; earlier ones
cannot touch the window. Rules outside the safe set are left untouched.

The safe set: one RRULE, FREQ=DAILY or WEEKLY, no BYSETPOS, BYWEEKNO or BYYEARDAY; DTSTART and
DTEND in the same zone. The new start must satisfy the rule's BYDAY/BYMONTH/BYMONTHDAY filters,
so it is an occurrence and not an extra RFC 5545 "DTSTART always counts" instance. A COUNT is
only handled for rules with no BY parts at all, where each period holds exactly one occurrence
(EXDATE removes occurrences after counting, so it does not matter): COUNT shrinks by the number
of periods skipped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar.prop import vDDDTypes

_UNSAFE_PARTS = ("BYSETPOS", "BYWEEKNO", "BYYEARDAY")
_BY_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYMONTH")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: The new DTSTART stays this far before the window's start, beyond the event's own length.
_MARGIN = timedelta(days=3)


def _matches_filters(rule: Any, moment: date) -> bool:
    days = rule.get("BYDAY")
    if days:
        wanted = {str(d)[-2:].upper() for d in days}
        if any(len(str(d)) > 2 for d in days):
            return False  # "1MO" and the like: position within the period, not periodic by day
        if _WEEKDAYS[moment.weekday()] not in wanted:
            return False
    months = rule.get("BYMONTH")
    if months and moment.month not in {int(m) for m in months}:
        return False
    monthdays = rule.get("BYMONTHDAY")
    return not (monthdays and moment.day not in {int(d) for d in monthdays})


def fast_forward(component: Any, window_start: datetime) -> bool:
    """Move the event's DTSTART/DTEND forward when safe; True if it did."""
    rules = component.get("RRULE")
    if rules is None or isinstance(rules, list) or "EXRULE" in component:
        return False
    if any(rules.get(part) for part in _UNSAFE_PARTS):
        return False
    freq = str((rules.get("FREQ") or [""])[0]).upper()
    if freq not in ("DAILY", "WEEKLY"):
        return False
    interval = int((rules.get("INTERVAL") or [1])[0] or 1)
    period = timedelta(days=interval * (7 if freq == "WEEKLY" else 1))
    start_prop = component.get("DTSTART")
    start = getattr(start_prop, "dt", None)
    end_prop = component.get("DTEND")
    end = getattr(end_prop, "dt", None) if end_prop is not None else None
    if not isinstance(start, date):
        return False
    if end is not None and (
        type(end) is not type(start)
        or getattr(end, "tzinfo", None) is not getattr(start, "tzinfo", None)
    ):
        return False
    length = (end - start) if end is not None else timedelta(0)
    duration = getattr(component.get("DURATION"), "dt", None)
    if isinstance(duration, timedelta):
        length = max(length, duration)
    if not _matches_filters(rules, start):
        return False
    steps = (_comparable(window_start, start) - _MARGIN - length - start) // period
    while steps > 0:
        moved = start + steps * period  # same tzinfo: wall-clock arithmetic, 09:00 stays 09:00
        if _matches_filters(rules, moved):
            break
        steps -= 1
    if steps <= 0:
        return False
    count = rules.get("COUNT")
    if count:
        if any(rules.get(part) for part in _BY_PARTS):
            return False  # how many occurrences each period holds is not simply one
        remaining = int(count[0]) - steps
        if remaining < 1:
            return False  # the series ended before the window; nothing to gain, keep it exact
        rules["COUNT"] = [remaining]
    shift = steps * period
    _replace(component, "DTSTART", start_prop, start + shift)
    if end is not None:
        _replace(component, "DTEND", end_prop, end + shift)
    return True


def _comparable(instant: datetime, like: date) -> datetime | date:
    """``instant`` in the form of ``like``: same zone, naive (floating) or a date.

    Floating and all-day series are compared in UTC; the margin covers any zone's offset.
    """
    if isinstance(like, datetime):
        if like.tzinfo is None:
            return instant.astimezone(UTC).replace(tzinfo=None)
        return instant.astimezone(like.tzinfo)
    return instant.astimezone(UTC).date()


def _replace(component: Any, name: str, old: Any, value: date) -> None:
    new = vDDDTypes(value)
    new.params = old.params  # keep TZID and the rest exactly as written
    component[name] = new
