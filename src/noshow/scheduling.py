"""The scheduler entries that run ``noshow daily`` every morning, as data (pure: no I/O).

One :class:`Job` (the time and the command line) becomes the platform's own entry: a systemd
user service and timer, a crontab line, a launchd agent (plist), or a Task Scheduler task (XML).
Each holds only the command line: never a password or any other secret (the scheduled run reads
them from password_command or the keyring, as `noshow daily` does by hand).
"""

from __future__ import annotations

import plistlib
import re
import shlex
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

SCHEDULERS = ("systemd", "cron", "launchd", "task-scheduler")
#: The names of noshow's entries.
UNIT = "noshow-daily"
LAUNCHD_LABEL = "org.noshow.daily"
TASK_NAME = "noshow-daily"
#: Marks noshow's line in a crontab (so it is replaced and removed, never another line).
CRON_MARK = "# noshow-daily (written by noshow schedule install)"
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"


@dataclass(frozen=True)
class Job:
    """Run ``argv`` every day at ``at`` (this computer's local time)."""

    at: time
    argv: tuple[str, ...]
    log: Path  # where cron and launchd put the output (systemd: the journal)


def parse_at(text: str) -> time:
    """``--at HH:MM`` (24-hour clock); ValueError naming the problem."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if match is None:
        raise ValueError(f"{text!r} is not a time of day such as 07:30")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


# -- systemd -------------------------------------------------------------------------------------


def _systemd_word(arg: str) -> str:
    """One ExecStart argument, quoted for systemd (``%`` and ``$`` are its specifiers)."""
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def systemd_units(job: Job) -> dict[str, str]:
    """``noshow-daily.service`` and ``noshow-daily.timer``."""
    command = " ".join(_systemd_word(a) for a in job.argv)
    service = (
        "# Written by `noshow schedule install`; remove with `noshow schedule remove`.\n"
        "# Passwords never go here: the run reads password_command or the keyring.\n"
        "[Unit]\n"
        "Description=noshow daily: the morning digest of your interviews\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={command}\n"
        # Exit 1 means "an error-level finding": the digest was delivered, the run did its job.
        "SuccessExitStatus=1\n"
    )
    timer = (
        "# Written by `noshow schedule install`; remove with `noshow schedule remove`.\n"
        "[Unit]\n"
        f"Description=Run noshow daily every day at {job.at:%H:%M}\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {job.at:%H:%M}:00\n"
        # A morning the computer was off or asleep runs as soon as it is back.
        "Persistent=true\n"
        f"Unit={UNIT}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


# -- cron ----------------------------------------------------------------------------------------


def cron_line(job: Job) -> str:
    """The crontab line (``%`` is a newline to cron, so it is escaped)."""
    command = " ".join(shlex.quote(a) for a in job.argv)
    log = shlex.quote(str(job.log))
    line = f"{job.at.minute} {job.at.hour} * * * {command} >> {log} 2>&1"
    return f"{line.replace('%', chr(92) + '%')} {CRON_MARK}"


def edit_crontab(existing: str, line: str | None) -> str:
    """``existing`` without noshow's line, plus ``line`` when given; other lines untouched."""
    kept = [entry for entry in existing.splitlines() if not entry.endswith(CRON_MARK)]
    if line is not None:
        kept.append(line)
    return "\n".join(kept) + "\n" if kept else ""


def cron_entry(crontab: str) -> str | None:
    """noshow's line in a crontab, if there is one."""
    return next((e for e in crontab.splitlines() if e.endswith(CRON_MARK)), None)


# -- launchd -------------------------------------------------------------------------------------


def launchd_plist(job: Job) -> bytes:
    """``org.noshow.daily.plist`` for ~/Library/LaunchAgents."""
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(job.argv),
        "StartCalendarInterval": {"Hour": job.at.hour, "Minute": job.at.minute},
        "StandardOutPath": str(job.log),
        "StandardErrorPath": str(job.log),
        "RunAtLoad": False,
    }
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=False)


# -- Windows Task Scheduler ----------------------------------------------------------------------


def task_xml(job: Job) -> bytes:
    """The task for ``schtasks /Create /XML`` (UTF-16, as Task Scheduler writes its own). It
    runs as you, only while you are logged on (an interactive token), so no password is
    stored with it."""
    ET.register_namespace("", TASK_NAMESPACE)

    def sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
        element = ET.SubElement(parent, f"{{{TASK_NAMESPACE}}}{tag}")
        if text is not None:
            element.text = text
        return element

    task = ET.Element(f"{{{TASK_NAMESPACE}}}Task", {"version": "1.2"})
    info = sub(task, "RegistrationInfo")
    sub(info, "Description", "noshow daily: the morning digest of your interviews")
    sub(info, "URI", f"\\{TASK_NAME}")
    trigger = sub(sub(task, "Triggers"), "CalendarTrigger")
    sub(trigger, "StartBoundary", f"2020-01-01T{job.at:%H:%M}:00")
    sub(trigger, "Enabled", "true")
    sub(sub(trigger, "ScheduleByDay"), "DaysInterval", "1")
    principal = sub(sub(task, "Principals"), "Principal")
    principal.set("id", "Author")
    sub(principal, "LogonType", "InteractiveToken")
    sub(principal, "RunLevel", "LeastPrivilege")
    settings = sub(task, "Settings")
    for tag, value in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("StartWhenAvailable", "true"),  # a missed morning runs when the computer is back
        ("ExecutionTimeLimit", "PT1H"),
        ("Enabled", "true"),
    ):
        sub(settings, tag, value)
    actions = sub(task, "Actions")
    actions.set("Context", "Author")
    execute = sub(actions, "Exec")
    sub(execute, "Command", job.argv[0])
    sub(execute, "Arguments", subprocess.list2cmdline(job.argv[1:]))
    ET.indent(task)
    text = ET.tostring(task, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-16"?>\n' + text + "\n").encode("utf-16")


# -- every scheduler -----------------------------------------------------------------------------


def entry_files(scheduler: str, job: Job) -> dict[str, bytes]:
    """The files to write into the scheduler's folder, by name (cron: none, a crontab line)."""
    if scheduler == "systemd":
        return {name: text.encode("utf-8") for name, text in systemd_units(job).items()}
    if scheduler == "launchd":
        return {f"{LAUNCHD_LABEL}.plist": launchd_plist(job)}
    if scheduler == "task-scheduler":
        return {f"{TASK_NAME}.xml": task_xml(job)}
    return {}


def file_names(scheduler: str) -> tuple[str, ...]:
    """The names of noshow's files in the scheduler's folder."""
    return {
        "systemd": (f"{UNIT}.service", f"{UNIT}.timer"),
        "launchd": (f"{LAUNCHD_LABEL}.plist",),
        "task-scheduler": (f"{TASK_NAME}.xml",),
    }.get(scheduler, ())


def activate_commands(scheduler: str, folder: Path, uid: int) -> list[list[str]]:
    """The commands that make the written entry run."""
    if scheduler == "systemd":
        return [
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"],
        ]
    if scheduler == "launchd":
        plist = str(folder / f"{LAUNCHD_LABEL}.plist")
        return [
            ["launchctl", "bootout", f"gui/{uid}", plist],
            ["launchctl", "bootstrap", f"gui/{uid}", plist],
        ]
    if scheduler == "task-scheduler":
        xml = str(folder / f"{TASK_NAME}.xml")
        return [["schtasks", "/Create", "/TN", TASK_NAME, "/XML", xml, "/F"]]
    return []


def deactivate_commands(scheduler: str, folder: Path, uid: int) -> list[list[str]]:
    """The commands that stop the entry before its files are removed."""
    if scheduler == "systemd":
        return [["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"]]
    if scheduler == "launchd":
        plist = str(folder / f"{LAUNCHD_LABEL}.plist")
        return [["launchctl", "bootout", f"gui/{uid}", plist]]
    if scheduler == "task-scheduler":
        return [["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]]
    return []


def describe(scheduler: str, files: dict[str, bytes], crontab: str | None) -> str | None:
    """What an installed entry does ("every day at 07:30: <command>"), read back from its
    files; None when nothing is installed."""
    try:
        if scheduler == "systemd":
            timer = files.get(f"{UNIT}.timer", b"").decode("utf-8")
            service = files.get(f"{UNIT}.service", b"").decode("utf-8")
            at = re.search(r"^OnCalendar=\*-\*-\* (\d\d:\d\d)", timer, re.MULTILINE)
            run = re.search(r"^ExecStart=(.*)$", service, re.MULTILINE)
            if at and run:
                return f"every day at {at[1]}: {run[1]}"
        elif scheduler == "launchd" and f"{LAUNCHD_LABEL}.plist" in files:
            agent = plistlib.loads(files[f"{LAUNCHD_LABEL}.plist"])
            when = agent["StartCalendarInterval"]
            argv: Sequence[str] = agent["ProgramArguments"]
            return f"every day at {when['Hour']:02d}:{when['Minute']:02d}: {shlex.join(argv)}"
        elif scheduler == "task-scheduler" and f"{TASK_NAME}.xml" in files:
            root = ET.fromstring(files[f"{TASK_NAME}.xml"])  # noqa: S314 (noshow's own file)
            ns = {"t": TASK_NAMESPACE}
            start = root.findtext(".//t:StartBoundary", "", ns)
            command = root.findtext(".//t:Command", "", ns)
            arguments = root.findtext(".//t:Arguments", "", ns)
            return f"every day at {start[11:16]}: {command} {arguments}"
        elif scheduler == "cron" and crontab is not None:
            line = cron_entry(crontab)
            if line is not None:
                minute, hour = line.split()[:2]
                command = line.split(None, 5)[5].removesuffix(CRON_MARK).strip()
                return f"every day at {int(hour):02d}:{int(minute):02d}: {command}"
    except (ValueError, KeyError, TypeError, ET.ParseError, plistlib.InvalidFileException):
        return "installed, but its file could not be read back (reinstall it)"
    return None
