"""Benchmark: reading a 14-day window from a CalDAV server, noshow against the plain caldav call.

Run from the repository root, with the test extras installed (``pip install -e '.[test]'``)::

    python benchmarks/bench_caldav.py                       # 2,000 events in the window
    python benchmarks/bench_caldav.py --inside 5000 --outside 20000

It starts Radicale on 127.0.0.1 with its data in a temporary folder, loads a calendar with
``--inside`` single events in the window plus ``--outside`` events of past years and a few
weekly series, then times, best of ``--repeat`` runs:

- plain:  ``calendar.search(start=..., end=..., event=True, expand=True)`` with the caldav
          library - what a user would write;
- noshow: ``CalDAVCalendar.read(window)`` - the time-range REPORT plus noshow's own window read
          (busy intervals, recurrences expanded), which is what `agenda` and `sync` do.

Both must find the same number of occurrences in the window.
"""

from __future__ import annotations

import argparse
import base64
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 11, 30, tzinfo=UTC)
USER, PASSWORD = "bench", "bench-password"
END = START + timedelta(days=14)


def _event(uid: str, start: datetime, minutes: int, extra: str = "") -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    end = start + timedelta(minutes=minutes)
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{start.strftime(fmt)}\r\nDTEND:{end.strftime(fmt)}\r\n{extra}"
        f"SUMMARY:Event {uid}\r\nDESCRIPTION:{'Agenda item. ' * 20}\r\nEND:VEVENT\r\n"
    )


def calendar_text(inside: int, outside: int, series: int) -> str:
    """A calendar with ``inside`` events in the window, ``outside`` before it, and weekly series."""
    events = []
    step = (END - START) / max(inside, 1)
    for n in range(inside):
        events.append(_event(f"in-{n}@bench", START + n * step, 20))
    for n in range(outside):
        events.append(_event(f"old-{n}@bench", START - timedelta(days=30 + n % 1500), 45))
    for n in range(series):
        begin = datetime(2024, 1, 1, 8, tzinfo=UTC) + timedelta(hours=n)
        events.append(_event(f"series-{n}@bench", begin, 30, "RRULE:FREQ=WEEKLY\r\n"))
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"
        + "".join(events)
        + ("END:VCALENDAR\r\n")
    )


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_radicale(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    config = folder / "config"
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'data'}\n[logging]\nlevel = warning\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base, timeout=1).close()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("Radicale did not start")


def send(url: str, body: bytes, method: str) -> None:
    """One request to the local server (loopback, a URL this script built)."""
    request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
    request.add_header("Content-Type", "text/calendar; charset=utf-8")
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    urllib.request.urlopen(request, timeout=600).close()  # noqa: S310


def plain(calendar_url: str) -> int:
    import caldav

    with caldav.DAVClient(url=calendar_url, username=USER, password=PASSWORD) as client:
        calendar = client.calendar(url=calendar_url)
        found = calendar.search(start=START, end=END, event=True, expand=True)
        return sum(
            1
            for item in found
            for component in item.icalendar_instance.walk("VEVENT")
            if START <= component["DTSTART"].dt < END
        )


def noshow(calendar_url: str) -> int:
    from noshow.adapters.caldav_store import CalDAVCalendar, Connection
    from noshow.calendars.busy import Window
    from noshow.config import Account

    account = Account("bench", calendar_url, USER)
    store = CalDAVCalendar(Connection(account, PASSWORD), "bench")
    try:
        read = store.read(Window(START, END), "Europe/Berlin")
    finally:
        store.close()
    return sum(1 for r, _ in read.reads for b in r.busy if START <= b.start < END)


def best(function: object, url: str, repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        count = function(url)  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inside", type=int, default=2000)
    parser.add_argument("--outside", type=int, default=8000)
    parser.add_argument("--series", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, base = start_radicale(Path(folder))
        try:
            send(base + f"{USER}/", b"", "PROPFIND")  # Radicale makes the user's home
            calendar_url = base + f"{USER}/calendar/"
            text = calendar_text(args.inside, args.outside, args.series)
            send(calendar_url, text.encode(), "PUT")
            plain_time, plain_count = best(plain, calendar_url, args.repeat)
            noshow_time, noshow_count = best(noshow, calendar_url, args.repeat)
        finally:
            process.terminate()
            process.wait(timeout=10)
    total = args.inside + args.outside + args.series
    print(f"calendar: {total} events on Radicale, {args.inside} single events in the window")
    print(f"plain caldav search(expand=True): {plain_time:.2f} s, {plain_count} occurrences")
    print(f"noshow CalDAVCalendar.read:       {noshow_time:.2f} s, {noshow_count} occurrences")
    if plain_count != noshow_count:
        raise SystemExit("the two pipelines found different occurrences")
    print(f"ratio: {plain_time / noshow_time:.1f}x")


if __name__ == "__main__":
    main()
