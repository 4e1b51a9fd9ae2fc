"""Run a range of fuzz cases through every in-process reader; print a JSON summary.

Usage: ``python tests/fuzz/worker.py MEMORY_BYTES SEED START STOP [ONLY]``. The parent test
(test_fuzz.py) runs it with a hang guard; this process limits its own address space first, so a
reader whose memory grows faster than its input fails the case instead of the machine.

Readers and properties, for each case:

- ``read_document`` (invites and emails) returns problems, never raises, one line each;
- ``check_documents`` on the result never raises;
- ``confirm_draft`` + ``build_message`` + ``as_bytes`` for each invite never raise;
- ``read_window`` fast (scan + trimmed parse) and slow (icalendar + recurring-ical-events over
  the whole file) raise nothing but InviteError, and give the same busy time whenever both
  answer.

Progress ("case N") goes to stderr before each case, so a hang names its case.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import traceback
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzcases import Case, make_case, seed_files, window_for

from noshow.calendars.busy import Window, read_window
from noshow.check import check_documents
from noshow.drafts.compose import confirm_draft
from noshow.drafts.mail import as_bytes, build_message
from noshow.errors import ConfigError, InviteError
from noshow.invites import read_document
from noshow.model import You

ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 20, 8, tzinfo=UTC)
YOU = You(zone=ZONE, name="Alex Candidate", email="alex@example.com")


def busy_key(read: Any) -> list[tuple[str, str, str, bool]]:
    return sorted((b.start.isoformat(), b.end.isoformat(), b.uid, b.all_day) for b in read.busy)


def run_case(case: Case) -> tuple[list[str], str]:
    """(failures, comparison): comparison is "agree", "one-answered" or "none-answered"."""
    failures: list[str] = []
    name = f"case-{case.number}{case.suffix}"
    try:
        document = read_document(name, case.data, ZONE)
        for problem in document.problems:
            if "\n" in problem.one_line():
                failures.append(f"read_document: problem on several lines: {problem.one_line()!r}")
        check_documents([document], YOU, NOW)
        for invite in document.invites[:3]:
            with contextlib.suppress(ConfigError):  # a refusal with a message is an answer
                as_bytes(build_message(confirm_draft(invite, YOU, NOW), NOW))
    except Exception:  # noqa: BLE001 (any other exception is the finding)
        failures.append("invite readers: " + traceback.format_exc(limit=-4))
    if case.is_mail:
        return failures, "not-a-calendar"
    start, end = window_for(case.data)
    answers = []
    for fast in (True, False):
        try:
            answers.append(read_window(case.data, Window(start, end), ZONE, name, fast=fast))
        except InviteError:
            answers.append(None)
        except Exception:  # noqa: BLE001
            failures.append(f"read_window(fast={fast}): " + traceback.format_exc(limit=-4))
            answers.append(None)
    fast_read, slow_read = answers
    if fast_read is not None and slow_read is not None:
        if busy_key(fast_read) != busy_key(slow_read):
            only_fast = set(busy_key(fast_read)) - set(busy_key(slow_read))
            only_slow = set(busy_key(slow_read)) - set(busy_key(fast_read))
            failures.append(
                f"fast path != slow path: only fast {sorted(only_fast)[:3]}, "
                f"only slow {sorted(only_slow)[:3]}"
            )
        return failures, "agree"
    return failures, "one-answered" if (fast_read or slow_read) else "none-answered"


def main() -> int:
    memory, seed, start, stop = (int(a) for a in sys.argv[1:5])
    only = int(sys.argv[5]) if len(sys.argv) > 5 else None
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    warnings.simplefilter("ignore")  # library warnings about vendor quirks are not findings
    seeds = seed_files()
    contents = {p: p.read_bytes() for p in seeds}
    summary: dict[str, Any] = {"cases": 0, "failures": [], "comparisons": {}}
    for number in [only] if only is not None else range(start, stop):
        case = make_case(number, seed, seeds, contents)
        print(f"case {number} {case.seed} {','.join(case.mutations)}", file=sys.stderr, flush=True)
        try:
            failures, comparison = run_case(case)
        except MemoryError:
            failures, comparison = ["MemoryError: past the address-space limit"], "none-answered"
        summary["cases"] += 1
        summary["comparisons"][comparison] = summary["comparisons"].get(comparison, 0) + 1
        for failure in failures:
            summary["failures"].append(
                {"case": number, "seed": case.seed, "mutations": case.mutations, "failure": failure}
            )
    json.dump(summary, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
