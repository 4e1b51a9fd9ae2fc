"""Benchmark (issue 14): whole commands against their plain pipelines, side by side.

Run from the repository root, with noshow installed and its bytecode compiled (as a wheel
install does; ``python -m compileall -q src`` for an editable one)::

    python benchmarks/bench_speed.py                      # every case, README sizes
    python benchmarks/bench_speed.py --case startup --runs 15
    python benchmarks/bench_speed.py --smoke              # tiny sizes, one run: does it work

Every command runs as a whole process (start-up included). The two commands of a case run in
turn - A B A B ... - and the ratio A/B is taken pair by pair, so a machine whose speed drifts
still gives a fair ratio; the table shows medians. Peak memory is the child's max RSS
(``os.wait4``). Cases:

- startup: ``noshow check ONE.ics`` (piped) vs ``python -c "import icalendar"``;
- folder:  ``noshow check FOLDER --format json`` on varied invites (invite_gen.py) vs
           plain_folder.py (icalendar parse + DTSTART to UTC for each, no checks);
- calendar: ``noshow check INVITE --calendar CAL`` vs icalendar + recurring-ical-events
           over a 14-day window of the same calendar (calendar_gen.py);
- remind:  ``noshow remind CAL --in-place`` (50 interviews) and ``noshow import`` of 50
           invites into CAL vs an icalendar round-trip (parse, serialise, write) of the file;
- vdir:    ``noshow agenda`` on a vdir (one file per event, each with the calendar's
           VTIMEZONEs, as khal/vdirsyncer keep them) vs the same events in one file;
- slots:   ``noshow slots`` with two calendars (yours and the interviewer's) over 10 and 60
           business days (about 14 and 90 days) vs the plain pipeline reading both calendars'
           busy time for those days (icalendar + recurring-ical-events).

Peak memory is the child's max RSS, from ``os.wait4`` (the same as /usr/bin/time -v's "Maximum
resident set size").
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PY = sys.executable
NOW = "2026-12-01T08:00:00Z"
COMMON = ["--zone", "Europe/Berlin", "--now", NOW]

PLAIN_WINDOW = r"""
import sys, warnings
from datetime import datetime, UTC
import icalendar, recurring_ical_events
warnings.simplefilter("ignore")
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
found = recurring_ical_events.of(calendar).between(
    datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 14, tzinfo=UTC))
print(len(found))
"""

PLAIN_SLOTS = r"""
import sys, warnings
from datetime import datetime, timedelta, UTC
import icalendar, recurring_ical_events
warnings.simplefilter("ignore")
start = datetime(2026, 12, 1, 8, tzinfo=UTC)
end = start + timedelta(days=int(sys.argv[1]))
busy = []
for path in sys.argv[2:]:
    calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
    for event in recurring_ical_events.of(calendar).between(start, end):
        busy.append((event.start, event.end))
print(len(busy))
"""

GENERATE = (
    "from calendar_gen import generate\n"
    "Path(sys.argv[1]).write_bytes(generate(int(sys.argv[2]), seed=int(sys.argv[3])))"
)

ROUND_TRIP = r"""
import sys, warnings
import icalendar
warnings.simplefilter("ignore")
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
open(sys.argv[2], "wb").write(calendar.to_ical())
"""


def made(code: str, *args: object) -> None:
    """Run generator code in a child process: this process stays small, because a child's peak
    memory (its max RSS) counts the memory of the process it was started from until it runs its
    own program, and a benchmark that generated 50 MB in-process would bill every run for it."""
    prelude = f"import sys; sys.path.insert(0, {str(HERE)!r}); from pathlib import Path\n"
    subprocess.run([PY, "-c", prelude + code, *map(str, args)], check=True)


def run_once(command: list[str], prepare: Callable[[], None] | None = None) -> tuple[float, float]:
    """(wall seconds, peak MiB) of one run, output thrown away."""
    if prepare is not None:
        prepare()
    began = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def paired(
    a: list[str],
    b: list[str],
    runs: int,
    prepare: Callable[[], None] | None = None,
) -> dict[str, float]:
    """Median wall time and peak memory of A and B, and the median of the pairwise ratios."""
    run_once(a, prepare)  # warm-up: file cache, bytecode
    run_once(b, prepare)
    rows: list[tuple[float, float, float, float]] = []
    for _ in range(runs):
        ta, ma = run_once(a, prepare)
        tb, mb = run_once(b, prepare)
        rows.append((ta, ma, tb, mb))
    return {
        "a_s": statistics.median(r[0] for r in rows),
        "a_mib": statistics.median(r[1] for r in rows),
        "b_s": statistics.median(r[2] for r in rows),
        "b_mib": statistics.median(r[3] for r in rows),
        "ratio": statistics.median(r[0] / r[2] for r in rows),
    }


def report(name: str, result: dict[str, float], size_mb: float | None = None) -> None:
    size = f"{size_mb:7.1f} MB" if size_mb is not None else "          "
    print(
        f"{name:<34} {size}  noshow {result['a_s']:7.3f} s {result['a_mib']:7.1f} MiB   "
        f"plain {result['b_s']:7.3f} s {result['b_mib']:7.1f} MiB   ratio {result['ratio']:6.3f}x",
        flush=True,
    )


def case_startup(work: Path, runs: int, smoke: bool) -> None:
    invite = HERE.parent / "samples" / "clean-interview.ics"
    noshow = shutil.which("noshow") or "noshow"
    report(
        "check ONE.ics vs import icalendar",
        paired([noshow, "check", str(invite), *COMMON], [PY, "-c", "import icalendar"], runs),
    )
    report(
        "--version vs import icalendar",
        paired([noshow, "--version"], [PY, "-c", "import icalendar"], runs),
    )


def case_folder(work: Path, runs: int, smoke: bool) -> None:
    count = 8 if smoke else 1000
    folder = work / f"invites-{count}"
    made(
        "from invite_gen import write_folder; write_folder(Path(sys.argv[1]), int(sys.argv[2]))",
        folder,
        count,
    )
    noshow = shutil.which("noshow") or "noshow"
    result = paired(
        [noshow, "check", str(folder), "--format", "json", *COMMON],
        [PY, str(HERE / "plain_folder.py"), str(folder)],
        runs,
    )
    report(f"check folder of {count} invites", result)


def case_calendar(work: Path, runs: int, smoke: bool, sizes: list[int]) -> None:
    invite = work / "invite.ics"
    made("from bench_busy import INVITE; Path(sys.argv[1]).write_text(INVITE)", invite)
    noshow = shutil.which("noshow") or "noshow"
    for size in [60] if smoke else sizes:
        path = work / f"calendar-{size}.ics"
        made(GENERATE, path, size, 7)
        mb = path.stat().st_size / 1e6
        result = paired(
            [noshow, "check", str(invite), "--calendar", str(path), "--format", "json", *COMMON],
            [PY, "-c", PLAIN_WINDOW, str(path)],
            runs,
        )
        report(f"check --calendar, {size} events", result, mb)
        result = paired(
            [noshow, "agenda", "--calendar", str(path), "--format", "json", *COMMON],
            [PY, "-c", PLAIN_WINDOW, str(path)],
            runs,
        )
        report(f"agenda, {size} events", result, mb)


def case_remind(work: Path, runs: int, smoke: bool, sizes: list[int]) -> None:
    noshow = shutil.which("noshow") or "noshow"
    for size in [60] if smoke else sizes:
        interviews = 3 if smoke else 50
        original = work / f"write-{size}.ics"
        made(
            "from write_gen import calendar_with_interviews as c\n"
            "Path(sys.argv[1]).write_bytes(c(int(sys.argv[2]), int(sys.argv[3])))",
            original,
            size,
            interviews,
        )
        target = work / f"write-{size}-target.ics"
        mb = original.stat().st_size / 1e6

        def fresh(original: Path = original, target: Path = target) -> None:
            shutil.copyfile(original, target)
            for stale in target.parent.glob(target.name + ".bak*"):
                stale.unlink()

        result = paired(
            [
                noshow,
                "remind",
                str(target),
                "--in-place",
                "--days",
                "90",
                "--format",
                "json",
                *COMMON,
            ],
            [PY, "-c", ROUND_TRIP, str(original), str(work / "round-trip.ics")],
            runs,
            prepare=fresh,
        )
        report(f"remind --in-place, {size} events, {interviews} interviews", result, mb)
        made(
            "from write_gen import invites\n"
            "for n, invite in enumerate(invites(int(sys.argv[2]))):\n"
            "    Path(sys.argv[1], f'invite-{n}.ics').write_bytes(invite)",
            work,
            interviews,
        )
        files = [work / f"invite-{n}.ics" for n in range(interviews)]
        result = paired(
            [
                noshow,
                "import",
                *map(str, files),
                "--into",
                str(target),
                "--format",
                "json",
                *COMMON,
            ],
            [PY, "-c", ROUND_TRIP, str(original), str(work / "round-trip.ics")],
            runs,
            prepare=fresh,
        )
        report(f"import, {size} events, {interviews} invites", result, mb)


def case_vdir(work: Path, runs: int, smoke: bool, sizes: list[int]) -> None:
    noshow = shutil.which("noshow") or "noshow"
    for size in [40] if smoke else sizes:
        path = work / f"vdir-one-{size}.ics"
        made(GENERATE, path, size, 7)
        made(
            "from vdir_gen import write_vdir\n"
            "write_vdir(Path(sys.argv[1]).read_bytes(), Path(sys.argv[2]))",
            path,
            work / f"vdir-{size}",
        )
        files = len(list((work / f"vdir-{size}").glob("*.ics")))
        folder = str(work / f"vdir-{size}")
        result = paired(
            [noshow, "agenda", "--calendar", folder, "--format", "json", *COMMON],
            [noshow, "agenda", "--calendar", str(path), "--format", "json", *COMMON],
            runs,
        )
        report(f"agenda, vdir of {files} files vs one file", result, path.stat().st_size / 1e6)


def case_slots(work: Path, runs: int, smoke: bool, sizes: list[int]) -> None:
    noshow = shutil.which("noshow") or "noshow"
    for size in [40] if smoke else sizes:
        yours, theirs = work / f"slots-you-{size}.ics", work / f"slots-them-{size}.ics"
        made(GENERATE, yours, size, 1)
        made(GENERATE, theirs, size, 2)
        mb = (yours.stat().st_size + theirs.stat().st_size) / 1e6
        for business_days, days in ((10, 14), (60, 90)):
            command = [
                noshow,
                "slots",
                "--interviewer-zone",
                "America/New_York",
                "--days",
                str(business_days),
                "--calendar",
                str(yours),
                "--interviewer-calendar",
                str(theirs),
                "--format",
                "json",
                *COMMON,
            ]
            plain = [PY, "-c", PLAIN_SLOTS, str(days), str(yours), str(theirs)]
            result = paired(command, plain, runs)
            report(f"slots, 2 x {size} events, {days} days", result, mb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--case",
        action="append",
        choices=["startup", "folder", "calendar", "remind", "vdir", "slots"],
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--write-sizes", type=int, nargs="+", default=[9000, 45000])
    parser.add_argument("--vdir-sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--slots-sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run")
    args = parser.parse_args()
    cases = args.case or ["startup", "folder", "calendar", "remind", "vdir", "slots"]
    runs = 1 if args.smoke else args.runs
    with tempfile.TemporaryDirectory(prefix="noshow-bench-") as tmp:
        work = Path(tmp)
        if "startup" in cases:
            case_startup(work, runs, args.smoke)
        if "folder" in cases:
            case_folder(work, runs, args.smoke)
        if "calendar" in cases:
            case_calendar(work, runs, args.smoke, args.sizes)
        if "remind" in cases:
            case_remind(work, runs, args.smoke, args.write_sizes)
        if "vdir" in cases:
            case_vdir(work, runs, args.smoke, args.vdir_sizes)
        if "slots" in cases:
            case_slots(work, runs, args.smoke, args.slots_sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
