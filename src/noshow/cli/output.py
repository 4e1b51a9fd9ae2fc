"""Render reports: JSON for scripts (a contract), text for people (rich, colour on a terminal)."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TextIO

from noshow.check import CheckedInvite, Report
from noshow.model import InputProblem, Invite, Party, Severity, ZonedTime
from noshow.timefmt import abbreviation, in_zone, utc_text, when

if TYPE_CHECKING:  # rich is imported when text is rendered: JSON output starts faster without it
    from rich.console import Console

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

#: The control characters rich removes from text; the plain console removes the same ones.
_CONTROL = {c: None for c in (7, 8, 11, 12, 13)}


class PlainConsole:
    """What the text report needs of a rich Console, for output that is not a terminal: the same
    characters rich would write there (no styles, no wrapping), without importing rich (about
    50 ms of start-up for every piped `noshow check`)."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr

    @property
    def file(self) -> TextIO:
        return sys.stderr if self.stderr else sys.stdout

    def print(self, *objects: object, style: str | None = None, soft_wrap: bool = True) -> None:
        text = " ".join(str(o) for o in objects).translate(_CONTROL)
        if "\t" in text:
            text = text.expandtabs(8)
        self.file.write(text + "\n")


def _styled(console: Console | PlainConsole, text: str, style: str | None = None) -> object:
    """``text`` with a style: a rich Text on a rich console, the string itself otherwise."""
    if isinstance(console, PlainConsole):
        return text
    from rich.text import Text

    return Text(text, style=style or "")


def _segments(console: Console | PlainConsole, parts: list[tuple[str, str | None]]) -> object:
    """Several differently styled pieces on one line."""
    if isinstance(console, PlainConsole):
        return "".join(text for text, _ in parts)
    from rich.text import Text

    line = Text()
    for text, style in parts:
        line.append(text, style=style)
    return line


def _literal(console: Console | PlainConsole, text: str) -> str:
    """``text`` printed as itself (rich would otherwise read "[...]" in it as markup)."""
    if isinstance(console, PlainConsole):
        return text
    from rich.markup import escape

    return escape(text)


# -- JSON ------------------------------------------------------------------------------------


def _party(party: Party | None) -> dict[str, str | None] | None:
    if party is None:
        return None
    return {"name": party.name, "email": party.email}


def _time(value: ZonedTime | None, organizer_zone: str | None) -> dict[str, Any] | None:
    """``zone`` is the organizer's zone when known (a UTC time in a Google or Zoom invite whose
    text names the zone gets that zone), else the zone the time was written in."""
    if value is None:
        return None
    name = organizer_zone or value.zone
    local = in_zone(value.instant, name) if name else value.local
    data: dict[str, Any] = {
        "utc": utc_text(value.instant),
        "zone": name,
        "local": local.isoformat(),
        "resolution": value.how.value,
    }
    if value.tzid is not None:
        data["tzid"] = value.tzid
    if value.definition_instant is not None:
        data["definition_utc"] = utc_text(value.definition_instant)
    return data


def invite_json(checked: CheckedInvite) -> dict[str, Any]:
    """One invite as the JSON contract describes it (extra keys are additive only)."""
    invite = checked.invite
    you = checked.you_zone
    return {
        "source": invite.source,
        "uid": invite.uid,
        "summary": invite.summary,
        "organizer": _party(invite.organizer),
        "start": _time(invite.start, invite.organizer_zone),
        "end": _time(invite.end, invite.organizer_zone),
        "you": {
            "zone": you,
            "start": in_zone(invite.start.instant, you).isoformat(),
            "end": in_zone(invite.end.instant, you).isoformat() if invite.end else None,
        },
        "sequence": invite.sequence,
        "cancelled": invite.cancelled,
        # The versions this one supersedes, oldest first: every input appears somewhere.
        "previous": [
            {
                "source": old.source,
                "sequence": old.sequence,
                "start": _time(old.start, old.organizer_zone),
            }
            for old in invite.previous
        ],
        "findings": [
            {
                "rule": f.rule,
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
                "fix": f.fix,
            }
            for f in checked.findings
        ],
    }


def problem_json(problem: InputProblem) -> dict[str, Any]:
    """One unreadable input."""
    return {"source": problem.source, "message": problem.one_line(), "line": problem.line}


def report_data(report: Report, key: str = "invites") -> dict[str, Any]:
    """The whole report as the JSON contract's object (``check``, ``agenda``, the web API)."""
    return {
        key: [invite_json(c) for c in report.checked],
        "errors": [problem_json(p) for p in report.problems],
    }


def report_json(report: Report, key: str = "invites") -> str:
    """The whole report as one JSON object."""
    return json.dumps(report_data(report, key), indent=2, ensure_ascii=False)


# -- text ------------------------------------------------------------------------------------


#: The timeline shows this many hours either side of the start.
TIMELINE_HOURS = 3
#: Width of the timeline's label column; with 7 cells of 7 characters a row fits 80 columns.
_LABEL_WIDTH = 24


def timeline_rows(invite: Invite, you_zone: str) -> list[str]:
    """Two rows of local times around the start: the organizer's and yours, same instants.

    Every column is a whole number of hours from the real start, so a 09:00 IST interview is
    marked "[09:00]" in India and "[04:30]" in Berlin: half- and quarter-hour zones line up. The
    interview's hours are in brackets (readable without colour). When the organizer's zone is
    not known (floating or UTC-only invites) their row says so instead of guessing one.
    """
    start = invite.start.instant
    end = invite.end.instant if invite.end else start
    instants = [start + timedelta(hours=h) for h in range(-TIMELINE_HOURS, TIMELINE_HOURS + 1)]
    rows = []
    for name, who in ((invite.organizer_zone, "organizer"), (you_zone, "you")):
        if name is None:
            rows.append(f"{who} {'':<{_LABEL_WIDTH - len(who) - 1}}zone unknown")
            continue
        label = f"{who} {abbreviation(in_zone(start, name))}"[:_LABEL_WIDTH]
        cells = []
        for instant in instants:
            local = in_zone(instant, name)
            inside = start <= instant < end or instant == start
            text = f"{local:%H:%M}"
            cells.append(f"[{text}]" if inside else f" {text} ")
        rows.append(f"{label:<{_LABEL_WIDTH}}{''.join(cells)}".rstrip())
    return rows


def _who(invite: Invite) -> str:
    if invite.organizer:
        return invite.organizer.display()
    return "(no organizer)"


def render_checked(
    console: Console | PlainConsole, checked: CheckedInvite, by_title: bool = False
) -> None:
    """The human report for one invite, headed by its file (``check``) or, ``by_title``, by its
    title and your time (``agenda``, where every entry comes from the same calendar)."""
    invite = checked.invite
    you = checked.you_zone
    title = invite.summary or "(no title)"
    if by_title:
        heading = f"{title} - {when(in_zone(invite.start.instant, you))}"
        console.print(_styled(console, heading, "bold"))
        console.print(_styled(console, f"  Calendar   {invite.source}", "dim"))
    else:
        console.print(_styled(console, invite.source, "dim"))
        console.print(_styled(console, title, "bold"))
    console.print(f"  Organizer  {_literal(console, _who(invite))}")
    start = invite.start
    organizer_zone = invite.organizer_zone
    rows: list[tuple[str, datetime | None]] = []
    if organizer_zone:
        rows.append((f"organizer's time, {organizer_zone}", in_zone(start.instant, organizer_zone)))
    elif start.zone is None:
        rows.append(("as written, no zone", None))
    rows.append((f"your time, {you}", in_zone(start.instant, you)))
    label = "  When     "
    for description, local in rows:
        if local is None:
            console.print(f"{label}  {start.wall:%a %d %b %Y %H:%M}  ({description})")
        else:
            length = ""
            if invite.end is not None and description.startswith("your"):
                minutes = int((invite.end.instant - start.instant).total_seconds() // 60)
                length = f", {minutes} min"
            console.print(f"{label}  {when(local)}  ({description}{length})")
        label = "           "
    console.print(f"{label}  {utc_text(start.instant)}  (UTC)")
    if not invite.all_day:
        for row in timeline_rows(invite, you):
            console.print(_styled(console, f"  {row}"))
    if not checked.findings:
        console.print(_styled(console, "  No problems found.", "green"))
    for finding in checked.findings:
        line = _segments(
            console,
            [
                ("  ", None),
                (f"{finding.severity.value:<7}", _STYLE[finding.severity]),
                (f" {finding.code} {finding.rule}: ", "bold"),
                (finding.message, None),
            ],
        )
        console.print(line)
        console.print(_styled(console, f"           fix: {finding.fix}", "dim"))
    console.print()


def counted(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``, ``0 notes``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def render_report(
    console: Console | PlainConsole,
    error_console: Console | PlainConsole,
    report: Report,
    noun: str = "invite",
    by_title: bool = False,
) -> None:
    """The human report: every invite, then the input errors (on stderr), then a summary."""
    for checked in report.checked:
        render_checked(console, checked, by_title)
    for problem in report.problems:
        line = _styled(error_console, f"noshow: {problem.one_line()}", "red")
        error_console.print(line, soft_wrap=True)
    counts = {s: 0 for s in Severity}
    for checked in report.checked:
        for finding in checked.findings:
            counts[finding.severity] += 1
    total = len(report.checked)
    summary = (
        f"{counted(total, noun)} checked: {counted(counts[Severity.ERROR], 'error')}, "
        f"{counted(counts[Severity.WARNING], 'warning')}, {counted(counts[Severity.INFO], 'note')}"
    )
    if report.problems:
        summary += f"; {counted(len(report.problems), 'input')} could not be read"
    console.print(_styled(console, summary, "bold"))
