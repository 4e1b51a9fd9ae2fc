"""Busy time on other projects' calendars: noshow's reader against the plain pipeline.

The calendars are the .ics test files shipped inside the installed icalendar and
recurring-ical-events packages, and ``../shared/corpus`` (real invites from other projects;
skipped when absent). The plain pipeline is what a user would write: icalendar +
x-wr-timezone + recurring-ical-events over the whole file, run in a fresh process with
icalendar's zone cache emptied before each file, so no file sees another's definitions.

noshow reads them all in this one process, in both orders, after icalendar has parsed every
file here too (filling its process-wide cache, the trap noshow must not fall into): the result
must not depend on the order, and must equal the plain pipeline wherever both read the file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import recurring_ical_events

from noshow.calendars.busy import Window, read_window
from noshow.errors import InviteError

YOU = "Europe/Berlin"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
_FIRST_START = re.compile(rb"\nDTSTART[^:\r\n]*:(\d{8})")
#: Files the plain pipeline needs longer than this to expand are left out (seconds).
PLAIN_BUDGET = 10
FREEBUSY = "busy (free/busy)"

PLAIN = r"""
import json, signal, sys, warnings
from datetime import datetime
import icalendar, recurring_ical_events, x_wr_timezone
from noshow.calendars.busy import busy_events

def expired(*_):
    raise TimeoutError

signal.signal(signal.SIGALRM, expired)
results = {}
for path, start, end, budget in json.loads(sys.stdin.read()):
    icalendar.timezone.tzp.use_zoneinfo()  # an empty zone cache: as a fresh process has it
    signal.alarm(budget)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
            try:
                calendar = x_wr_timezone.to_standard(calendar)
            except Exception:
                pass  # an unusable X-WR-TIMEZONE: the times stay as written
            found = recurring_ical_events.of(calendar).between(
                datetime.fromisoformat(start), datetime.fromisoformat(end)
            )
            busy = busy_events(found, "YOU_ZONE", "plain")
        results[path] = sorted([b.uid, b.start.isoformat(), b.end.isoformat()] for b in busy)
    except BaseException as exc:
        results[path] = "error: " + type(exc).__name__
    finally:
        signal.alarm(0)
print(json.dumps(results))
""".replace("YOU_ZONE", YOU)


def _package_calendars(module: object) -> list[Path]:
    root = Path(module.__file__).parent  # type: ignore[attr-defined]
    return sorted(root.rglob("*.ics"))


def calendars() -> list[Path]:
    found = _package_calendars(icalendar) + _package_calendars(recurring_ical_events)
    if CORPUS.is_dir():
        found += sorted(CORPUS.rglob("*.ics"))
    return found


def window_of(data: bytes) -> Window | None:
    """Six weeks from just before the file's first DTSTART: where its events are."""
    match = _FIRST_START.search(data)
    if match is None:
        return None
    try:
        first = datetime.strptime(match.group(1).decode(), "%Y%m%d").replace(tzinfo=UTC)
    except ValueError:
        return None
    return Window(first - timedelta(days=2), first + timedelta(days=40))


def noshow_busy(path: Path, window: Window) -> list[list[str]] | str:
    try:
        read = read_window(path.read_bytes(), window, YOU, str(path))
    except InviteError:
        return "error"
    except Exception as exc:  # noqa: BLE001
        # Unreadable RRULE/DTSTART values and huge durations still crash the reader; they are
        # fixed on their own (the reliability work), and such files are left out here.
        return f"crash: {type(exc).__name__}"
    # VFREEBUSY periods are noshow's addition; the plain pipeline reads events only.
    events = [b for b in read.busy if not (b.uid == "" and b.summary == FREEBUSY)]
    return sorted([b.uid, b.start.isoformat(), b.end.isoformat()] for b in events)


def pollute(paths: list[Path]) -> None:
    """Parse every file with plain icalendar: its process-wide cache fills with definitions."""
    for path in paths:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                icalendar.Calendar.from_ical(path.read_bytes())
        except Exception:  # noqa: BLE001 (a file icalendar cannot parse pollutes nothing)
            continue


def test_busy_time_on_peer_calendars_matches_the_plain_pipeline_in_any_order() -> None:
    jobs = []
    for path in calendars():
        window = window_of(path.read_bytes())
        if window is not None:
            jobs.append((path, window))
    assert len(jobs) > 100, "the installed packages ship their test calendars"
    paths = [p for p, _ in jobs]

    pollute(paths)
    forward = {str(p): noshow_busy(p, w) for p, w in jobs}
    pollute(list(reversed(paths)))
    backward = {str(p): noshow_busy(p, w) for p, w in reversed(jobs)}
    assert forward == backward, [p for p in forward if forward[p] != backward[p]]

    payload = [[str(p), w.start.isoformat(), w.end.isoformat(), PLAIN_BUDGET] for p, w in jobs]
    done = subprocess.run(
        [sys.executable, "-c", PLAIN],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    plain: dict[str, list[list[str]] | str] = json.loads(done.stdout)
    compared = 0
    differ = []
    for path, ours in forward.items():
        theirs = plain[path]
        if isinstance(theirs, str) or isinstance(ours, str):
            continue  # one side refuses the file (a runaway rule, a parse error): nothing to compare
        compared += 1
        if ours != theirs:
            differ.append(path)
    assert compared > 100
    assert differ == [], [(p, forward[p], plain[p]) for p in differ]
