"""The routes: server-rendered pages (Check, Agenda, Slots, Drafts, Calendar) and the JSON API.

Every page calls the same functions as the command line and the API returns the same objects
as its ``--format json``. Pages work without JavaScript; every state-changing request is a POST
carrying the CSRF token; writes go only to the configured calendars, after a dry run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import wraps
from pathlib import Path
from typing import Any

import click
import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from noshow import __version__
from noshow.adapters.calendar_files import open_calendar
from noshow.adapters.open import OpenCalendar, open_for_writing
from noshow.app import WriteReport, agenda, import_invites, remind, stored_requests
from noshow.calendars.busy import Window
from noshow.calendars.store import Calendars
from noshow.calendars.writer import CalendarWriter
from noshow.check import Report, check_documents
from noshow.cli.options import Common
from noshow.cli.output import report_data
from noshow.cli.shared import build_options, interview_lines
from noshow.cli.slot_request import (
    build_request,
    counter_attendee,
    counter_ics,
    holiday_calendars,
    holidays_json,
    holidays_note,
    invite_in,
    message_id_of,
    slot_defaults,
    slots_ics,
    slots_json,
)
from noshow.drafts import OUTCOMES, REASONS, Draft, Moment
from noshow.errors import NoshowError
from noshow.invites import Document, read_document
from noshow.model import InputProblem, Invite
from noshow.rules import Selection
from noshow.slots import SlotRequest, SlotResult, find_slots
from noshow.timefmt import in_zone, utc_text, when
from noshow.web.cards import Card, card
from noshow.web.pictures import week_grid
from noshow.web.security import COOKIE, Csrf, Guard
from noshow.web.settings import ServeSettings
from noshow.web.uploads import Form, UploadRefused, UploadStore, megabytes, read_form

HERE = Path(__file__).resolve().parent
PASTED = "pasted text"
#: The slot options a form may set (the rest keep the command line's defaults).
SLOT_FIELDS = (
    "interviewer_zone",
    "duration",
    "hours",
    "interviewer_hours",
    "country",
    "interviewer_country",
    "weekend",
    "interviewer_weekend",
    "buffer",
    "min_notice",
    "step",
)
DRAFT_KINDS = ("confirm", "recover", "followup")


class BadInput(Exception):
    """A request the page cannot answer as asked: the message says why, for the person."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Web:
    """The application's state: settings, templates, the CSRF signer and recent uploads."""

    settings: ServeSettings
    env: jinja2.Environment
    csrf: Csrf
    uploads: UploadStore

    # -- rendering ---------------------------------------------------------------------------

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        """A page from a template, with the navigation, the CSRF token and the session cookie."""
        session = request.cookies.get(COOKIE)
        fresh = session is None
        if session is None:
            session = self.csrf.new_session()
        config = self.settings.config
        context.setdefault("nav", "")
        context.setdefault("uid", "")
        body = self.env.get_template(name).render(
            request=request,
            csrf=self.csrf.token(session),
            you=self.settings.you,
            calendars=self.settings.calendars,
            smtp=config.smtp is not None,
            version=__version__,
            limits={
                "files": self.settings.max_files,
                "file": megabytes(self.settings.max_file_bytes),
                "total": megabytes(self.settings.max_total_bytes),
            },
            **context,
        )
        response = HTMLResponse(body, status_code=status)
        if fresh:
            response.set_cookie(COOKIE, session, httponly=True, samesite="strict", path="/")
        return response

    def problem(self, request: Request, message: str, status: int = 400) -> Response:
        """The page that says what went wrong (never a traceback)."""
        return self.page(request, "problem.html", status=status, message=message)

    # -- inputs ------------------------------------------------------------------------------

    async def form(self, request: Request, csrf: bool = True) -> Form:
        """The post's form; for pages, only with the token of this browser's session."""
        form = await read_form(request, self.settings)
        if csrf and not self.csrf.valid(request.cookies.get(COOKIE), form.get("csrf")):
            raise BadInput(
                "This form has expired or did not come from this page: reload the page and try "
                "again.",
                403,
            )
        return form

    def inputs(self, form: Form) -> tuple[str, tuple[tuple[str, bytes], ...]]:
        """The invites of a post: its files and pasted text (kept for the next page), or the
        ones kept under its ``upload`` id."""
        given = list(form.files)
        pasted = form.get("text")
        if pasted:
            given.append((PASTED, pasted.encode("utf-8")))
        if given:
            return self.uploads.put(given), tuple(given)
        key = form.get("upload")
        if key:
            kept = self.uploads.get(key)
            if kept is None:
                raise BadInput(
                    "That invite is no longer held by the server (it keeps the last few): "
                    "choose the file again."
                )
            return key, kept
        raise BadInput("Choose an invite file (.ics or .eml) or paste its text.")

    def documents(self, inputs: Sequence[tuple[str, bytes]]) -> list[Document]:
        """Each input read as the command line reads a file (over the size limit: a problem)."""
        zone = self.settings.you.zone
        documents = []
        limit = self.settings.max_file_bytes
        for name, data in inputs:
            if len(data) > limit:
                message = f"larger than the {megabytes(limit)} limit"
                documents.append(Document(name, (), (InputProblem(name, message),)))
            else:
                documents.append(read_document(name, data, zone))
        return documents

    def one_invite(
        self, inputs: Sequence[tuple[str, bytes]], uid: str = ""
    ) -> tuple[Invite, str | None, list[Document]]:
        """The interview of a single-invite page (the one with ``uid`` when given, else the
        first), and the Message-ID of the email it came in."""
        documents = self.documents(inputs)
        invite = invite_in(_only(documents, uid), inputs[0][0] if inputs else "the input")
        data = dict(inputs).get(invite.source, b"")
        return invite, message_id_of(data) if data else None, documents

    def open_calendars(self) -> Calendars | None:
        """The configured calendars (closed by the caller), or None when there are none."""
        specs = self.settings.calendars
        if not specs:
            return None
        accounts = self.settings.config.accounts
        return Calendars([open_calendar(s, accounts) for s in specs], self.settings.you.zone)

    # -- the work, shared by pages and the API -----------------------------------------------

    def check(
        self, documents: list[Document], common: Common, form: Form
    ) -> tuple[Report, list[Card]]:
        """Check the documents as `noshow check` does (against the configured calendars)."""
        config = self.settings.config
        selection = Selection(
            tuple(form.all("select")) or config.select, (*config.ignore, *form.all("ignore"))
        )
        calendars = self.open_calendars()
        try:
            lookup = None
            if calendars is not None:
                calendars.prefetch(Calendars.window_for(i) for d in documents for i in d.invites)
                lookup = calendars.view
            report = check_documents(
                documents, common.you, common.now, config.settings, selection, lookup
            )
            if calendars is not None and calendars.problems:
                report = Report(report.checked, report.problems + tuple(calendars.problems))
            cards = [card(c, config.settings, calendars) for c in report.checked]
        finally:
            if calendars is not None:
                calendars.close()
        return report, cards

    def agenda(self, common: Common, days: int) -> tuple[Report, list[Card]]:
        """The next ``days`` days of the configured calendars, checked (`noshow agenda`)."""
        calendars = self.open_calendars()
        if calendars is None:
            raise BadInput(
                "No calendar is configured: set [calendars] paths in the config, or start "
                "noshow serve with --calendar PATH."
            )
        config = self.settings.config
        try:
            selection = Selection(config.select, config.ignore)
            report, _ = agenda(
                calendars, common.you, common.now, config.settings, days, None, selection
            )
            cards = [card(c, config.settings, calendars) for c in report.checked]
        finally:
            calendars.close()
        return report, cards

    def slot_options(self, form: Form) -> dict[str, Any]:
        """The slot options of a form, over the command line's defaults."""
        options = slot_defaults()
        for name in SLOT_FIELDS:
            value = form.get(name)
            if value:
                options[name] = value
        options["count"] = _bounded(form.get("count"), "count", 1, 20, options["count"])
        options["days"] = _bounded(form.get("days"), "days", 1, 60, options["days"])
        if form.last("use_calendars", "on" if self.settings.calendars else "") == "on":
            options["calendars"] = self.settings.calendars
        return options

    def slots(
        self, invite: Invite | None, options: dict[str, Any], common: Common
    ) -> tuple[SlotRequest, SlotResult, str, dict[str, Any]]:
        """`noshow slots`: the request, the result, the interviewer's zone and the JSON."""
        request, their_zone = build_request(options, invite, common)
        result = find_slots(request)
        data = slots_json(result, their_zone, common.you.zone)
        data["holidays"] = holidays_json(holiday_calendars(options, their_zone, common))
        return request, result, their_zone, data

    def draft(
        self,
        kind: str,
        invite: Invite,
        message_id: str | None,
        form: Form,
        common: Common,
    ) -> tuple[Draft, SlotResult | None, str]:
        """One draft (`noshow confirm`, `recover` or `followup`), the slots a recovery offers,
        and the name of the zone its times are in."""
        from noshow.cli.drafts import confirm_for, followup_for, recover_for

        to = form.get("to") or None
        cc = form.all("cc")
        if kind == "confirm":
            reply = form.last("reply_ics", "on") == "on"
            draft = confirm_for(invite, message_id, common, reply, cc, to, invite.source)
            return draft, None, invite.organizer_zone or common.you.zone
        if kind == "recover":
            reason = form.get("reason", "other")
            if reason not in REASONS:
                raise BadInput(f"reason: choose one of {', '.join(REASONS)}")
            options = self.slot_options(form)
            late = form.get("late") or None
            draft, result, their_zone = recover_for(
                invite, message_id, common, reason, options, late, cc, to
            )
            return draft, result, their_zone
        if kind == "followup":
            outcome = form.get("outcome", "thanks")
            if outcome not in OUTCOMES:
                raise BadInput(f"outcome: choose one of {', '.join(OUTCOMES)}")
            new_time = form.get("new_time") or None
            draft, _ = followup_for(
                invite, message_id, common, outcome, new_time, cc, to, files=False
            )
            return draft, None, invite.organizer_zone or common.you.zone
        raise BadInput(f"no such draft: {kind!r} (confirm, recover or followup)", 404)

    def writable(self, spec: str) -> str:
        """A calendar the page may write into: only one of the configured calendars."""
        if spec not in self.settings.calendars:
            raise BadInput("Choose one of the configured calendars to write into.")
        return spec

    def write(self, form: Form, common: Common, dry_run: bool) -> dict[str, Any]:
        """Import the invites, or remind the interviews of a calendar, into a configured
        calendar through the command line's writers; ``dry_run`` changes nothing."""
        action = form.get("action", "import")
        if action not in ("import", "remind"):
            raise BadInput("action: import or remind")
        spec = self.writable(form.get("calendar"))
        opened = open_for_writing(spec, self.settings.config.accounts)
        context: dict[str, Any] = {"action": action, "calendar": spec, "dry_run": dry_run}
        try:
            if action == "import":
                reports = self._import(form, common, opened, dry_run, context)
            else:
                reports = self._remind(form, common, opened, dry_run, context)
        finally:
            opened.close()
        context["reports"] = [_report_view(r) for r in reports]
        context["changes"] = [c.as_json() for r in reports for c in r.changes]
        context["writes"] = any(c.writes for r in reports for c in r.changes)
        return context

    def _import(
        self,
        form: Form,
        common: Common,
        opened: OpenCalendar,
        dry_run: bool,
        context: dict[str, Any],
    ) -> list[WriteReport]:
        """`noshow import INVITE --into CALENDAR`, checked against every configured calendar."""
        from noshow.cli.import_cmd import ABOUT_THE_ENTRY

        config = self.settings.config
        key, inputs = self.inputs(form)
        context["upload"] = key
        documents = _only(self.documents(inputs), form.get("uid"))
        writer = opened.writer()
        documents += stored_requests(writer, documents, common.you.zone)
        others = [
            open_calendar(s, config.accounts) for s in self.settings.calendars if s != opened.spec
        ]
        calendars = Calendars([opened.reader, *others], common.you.zone)
        try:
            selection = Selection(config.select, (*config.ignore, *ABOUT_THE_ENTRY))
            report = check_documents(
                documents, common.you, common.now, config.settings, selection, calendars.view
            )
            context["cards"] = [card(c, config.settings, calendars) for c in report.checked]
            context["problems"] = [p.one_line() for p in report.problems]
        finally:
            for store in others:
                close = getattr(store, "close", None)
                if close is not None:
                    close()
        options = build_options(config, None, None, None, None, None, None)
        return [import_invites(writer, documents, options, common.you, common.now, dry_run=dry_run)]

    def _remind(
        self,
        form: Form,
        common: Common,
        opened: OpenCalendar,
        dry_run: bool,
        context: dict[str, Any],
    ) -> list[WriteReport]:
        """`noshow remind CALENDAR`: the interviews of the next days get their reminders."""
        days = _bounded(form.get("days"), "days", 1, 366, 30)
        context["days"] = days
        window = Window(common.now, common.now + timedelta(days=days))
        calendars = Calendars([opened.reader], common.you.zone)
        calendars.prefetch([window])
        invites, problems = calendars.interviews(window)
        context["problems"] = [p.one_line() for p in [*calendars.problems, *problems]]
        context["interviews"] = [
            f"{i.summary or '(no title)'}: {when(in_zone(i.start.instant, common.you.zone))}"
            for i in invites
        ]
        # On a server, each interview is written through the writer of its own calendar.
        groups: dict[int, tuple[CalendarWriter, list[Invite]]] = {}
        for invite in invites:
            writer = opened.writer(invite)
            groups.setdefault(id(writer), (writer, []))[1].append(invite)
        options = build_options(self.settings.config, None, None, None, None, None, None)
        return [
            remind(w, group, options, common.you, common.now, dry_run=dry_run)
            for w, group in groups.values()
        ]


def _only(documents: list[Document], uid: str) -> list[Document]:
    """The documents with only the invites of ``uid`` (all of them when ``uid`` is empty)."""
    if not uid:
        return documents
    return [replace(d, invites=tuple(i for i in d.invites if i.uid == uid)) for d in documents]


def _report_view(report: WriteReport) -> dict[str, Any]:
    return {
        "calendar": report.calendar,
        "lines": interview_lines(report),
        "problems": [p.one_line() for p in report.problems],
        "diffs": report.diffs() if report.dry_run else [],
        "written": [w.href for w in report.written if w.written],
        "failed": report.failed,
    }


def _bounded(text: str, name: str, low: int, high: int, default: int) -> int:
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise BadInput(f"{name}: {text!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadInput(f"{name}: {value} is not between {low} and {high}")
    return value


Handler = Callable[[Request], Awaitable[Response]]


def _problem_message(exc: Exception) -> str:
    if isinstance(exc, click.BadParameter) and exc.param_hint:
        hint = exc.param_hint if isinstance(exc.param_hint, str) else "/".join(exc.param_hint)
        return f"{hint.lstrip('-').replace('-', ' ')}: {exc.format_message()}"
    if isinstance(exc, click.ClickException):
        return exc.format_message()
    return " ".join(str(exc).split())


def _web(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def html(handler: Handler) -> Handler:
    @wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except (UploadRefused, BadInput) as exc:
            return _web(request).problem(request, exc.message, exc.status)
        except (NoshowError, click.ClickException) as exc:
            return _web(request).problem(request, _problem_message(exc))

    return wrapped


def api(handler: Handler) -> Handler:
    @wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except (UploadRefused, BadInput) as exc:
            return JSONResponse({"error": exc.message}, exc.status)
        except (NoshowError, click.ClickException) as exc:
            return JSONResponse({"error": _problem_message(exc)}, 400)

    return wrapped


# -- pages ---------------------------------------------------------------------------------


async def index(request: Request) -> Response:
    return RedirectResponse("/check", 303)


@html
async def check_form(request: Request) -> Response:
    web = _web(request)
    return web.page(request, "check.html", nav="check", cards=None, report=None)


@html
async def check_post(request: Request) -> Response:
    web = _web(request)
    form = await web.form(request)
    key, inputs = web.inputs(form)
    report, cards = web.check(web.documents(inputs), web.settings.common(), form)
    return web.page(
        request,
        "check.html",
        nav="check",
        cards=cards,
        report=report,
        upload=key,
        problems=[p.one_line() for p in report.problems],
    )


@html
async def agenda_page(request: Request) -> Response:
    web = _web(request)
    days = _bounded(request.query_params.get("days", ""), "days", 1, 366, 14)
    if not web.settings.calendars:
        return web.page(request, "agenda.html", nav="agenda", cards=None, days=days)
    report, cards = web.agenda(web.settings.common(), days)
    return web.page(
        request,
        "agenda.html",
        nav="agenda",
        cards=cards,
        days=days,
        problems=[p.one_line() for p in report.problems],
    )


def slot_form_values(form: Form | None) -> dict[str, Any]:
    values = {k: v for k, v in slot_defaults().items() if k in SLOT_FIELDS}
    values.update(count=3, days=5)
    if form is not None:
        for name in (*SLOT_FIELDS, "count", "days"):
            if form.get(name):
                values[name] = form.get(name)
    return {k: ("" if v is None else v) for k, v in values.items()}


@html
async def slots_form(request: Request) -> Response:
    web = _web(request)
    return web.page(
        request,
        "slots.html",
        nav="slots",
        upload=request.query_params.get("upload", ""),
        uid=request.query_params.get("uid", ""),
        values=slot_form_values(None),
        result=None,
    )


@html
async def slots_post(request: Request) -> Response:
    web = _web(request)
    form = await web.form(request)
    common = web.settings.common()
    invite: Invite | None = None
    key = ""
    if form.files or form.get("text") or form.get("upload"):
        key, inputs = web.inputs(form)
        invite, _, _ = web.one_invite(inputs, form.get("uid"))
    options = web.slot_options(form)
    request_, result, their_zone, data = web.slots(invite, options, common)
    return web.page(
        request,
        "slots.html",
        nav="slots",
        upload=key,
        uid=form.get("uid"),
        values=slot_form_values(form),
        result=result,
        data=data,
        grid=week_grid(request_, result, their_zone),
        their_zone=their_zone,
        invite=invite,
        notes=[*result.notes, holidays_note(holiday_calendars(options, their_zone, common))],
        counter=invite is not None and bool(web.settings.you.email),
        use_calendars=options["calendars"] == web.settings.calendars and bool(options["calendars"]),
        rows=[
            {
                "theirs": Moment.of(s.start, s.end, their_zone).line,
                "yours": Moment.of(s.start, s.end, common.you.zone).line,
                "utc": utc_text(s.start),
            }
            for s in result.slots
        ],
    )


@html
async def slots_download(request: Request) -> Response:
    web = _web(request)
    form = await web.form(request)
    common = web.settings.common()
    invite: Invite | None = None
    if form.get("upload"):
        _, inputs = web.inputs(form)
        invite, _, _ = web.one_invite(inputs, form.get("uid"))
    _, result, their_zone, _ = web.slots(invite, web.slot_options(form), common)
    if not result.slots:
        raise BadInput("No slot fits, so there is nothing to download.")
    if form.get("format") == "counter":
        if invite is None:
            raise BadInput("A COUNTER needs the invite it answers.")
        attendee = counter_attendee(invite, common)
        text = counter_ics(result.slots[0], invite, attendee, common.now, their_zone)
        name = "counter.ics"
    else:
        text = slots_ics(result, their_zone, invite, common.now)
        name = "holds.ics"
    return _download(text.encode("utf-8"), name, "text/calendar; charset=utf-8")


def draft_values(form: Form | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "confirm",
        "reason": "other",
        "outcome": "thanks",
        "late": "",
        "new_time": "",
        "to": "",
        "cc": "",
        "reply_ics": "on",
    }
    if form is not None:
        for name in values:
            if name == "reply_ics":
                values[name] = form.last("reply_ics", "off")
            elif name == "cc":
                values[name] = ", ".join(form.all("cc"))
            elif form.get(name):
                values[name] = form.get(name)
    return values


def draft_form(form: Form) -> Form:
    """``cc`` may be typed as one comma-separated field."""
    ccs = [c.strip() for v in form.all("cc") for c in v.split(",") if c.strip()]
    fields = dict(form.fields)
    fields["cc"] = ccs
    return Form(fields, form.files)


@html
async def drafts_form(request: Request) -> Response:
    web = _web(request)
    return web.page(
        request,
        "drafts.html",
        nav="drafts",
        upload=request.query_params.get("upload", ""),
        uid=request.query_params.get("uid", ""),
        values=draft_values(None),
        draft=None,
        reasons=REASONS,
        outcomes=OUTCOMES,
    )


async def make_draft(request: Request) -> tuple[Form, str, Draft, Any, Common]:
    web = _web(request)
    from noshow.drafts.mail import build_message

    form = draft_form(await web.form(request))
    key, inputs = web.inputs(form)
    invite, message_id, _ = web.one_invite(inputs, form.get("uid"))
    common = web.settings.common()
    kind = form.get("kind", "confirm")
    draft, _, _ = web.draft(kind, invite, message_id, form, common)
    return form, key, draft, build_message(draft, common.now), common


@html
async def drafts_post(request: Request) -> Response:
    web = _web(request)
    form, key, draft, message, _ = await make_draft(request)
    return web.page(
        request,
        "drafts.html",
        nav="drafts",
        upload=key,
        uid=form.get("uid"),
        values=draft_values(form),
        draft=draft,
        message=message,
        reasons=REASONS,
        outcomes=OUTCOMES,
    )


@html
async def drafts_eml(request: Request) -> Response:
    from noshow.cli.drafts import before_delivery
    from noshow.drafts.mail import as_bytes

    _, _, draft, message, common = await make_draft(request)
    before_delivery(draft, common, Path("draft.eml"), False, True)
    return _download(as_bytes(message), f"{draft.kind}.eml", "message/rfc822")


@html
async def drafts_send(request: Request) -> Response:
    web = _web(request)
    from noshow.adapters.smtp import SendFailed, send
    from noshow.cli.drafts import before_delivery

    form, key, draft, message, common = await make_draft(request)
    before_delivery(draft, common, None, True, True)
    values = draft_values(form)
    if form.get("confirmed") != "yes":
        return web.page(
            request,
            "send.html",
            nav="drafts",
            upload=key,
            uid=form.get("uid"),
            values=values,
            draft=draft,
            message=message,
            sent=None,
        )
    smtp = web.settings.config.smtp
    assert smtp is not None  # checked by before_delivery
    try:
        send(message, smtp)
    except SendFailed as exc:
        raise BadInput(f"Not sent: {exc}", 502) from None
    return web.page(
        request,
        "send.html",
        nav="drafts",
        upload=key,
        values=values,
        draft=draft,
        message=message,
        sent=message["To"],
    )


@html
async def calendar_form(request: Request) -> Response:
    web = _web(request)
    return web.page(
        request,
        "calendar.html",
        nav="calendar",
        upload=request.query_params.get("upload", ""),
        uid=request.query_params.get("uid", ""),
        result=None,
    )


@html
async def calendar_preview(request: Request) -> Response:
    web = _web(request)
    form = await web.form(request)
    result = web.write(form, web.settings.common(), dry_run=True)
    return web.page(
        request,
        "calendar.html",
        nav="calendar",
        upload=result.get("upload", ""),
        uid=form.get("uid"),
        result=result,
    )


@html
async def calendar_apply(request: Request) -> Response:
    web = _web(request)
    form = await web.form(request)
    if form.get("confirmed") != "yes":
        raise BadInput("Look at the changes first, then confirm them.")
    result = web.write(form, web.settings.common(), dry_run=False)
    return web.page(
        request,
        "calendar.html",
        nav="calendar",
        upload=result.get("upload", ""),
        uid=form.get("uid"),
        result=result,
    )


# -- the JSON API --------------------------------------------------------------------------


async def api_index(request: Request) -> Response:
    return JSONResponse(
        {
            "noshow": __version__,
            "endpoints": {
                "POST /api/check": "noshow check --format json",
                "GET /api/agenda?days=N": "noshow agenda --format json",
                "POST /api/slots": "noshow slots --format json",
                "POST /api/drafts/{confirm,recover,followup}": "noshow KIND --format json",
            },
        }
    )


@api
async def api_check(request: Request) -> Response:
    web = _web(request)
    form = await web.form(request, csrf=False)
    _, inputs = web.inputs(form)
    report, _ = web.check(web.documents(inputs), web.settings.common(), form)
    return JSONResponse(report_data(report))


@api
async def api_agenda(request: Request) -> Response:
    web = _web(request)
    days = _bounded(request.query_params.get("days", ""), "days", 1, 366, 14)
    report, _ = web.agenda(web.settings.common(), days)
    return JSONResponse(report_data(report, key="interviews"))


@api
async def api_slots(request: Request) -> Response:
    web = _web(request)
    form = await web.form(request, csrf=False)
    invite = None
    if form.files or form.get("text"):
        _, inputs = web.inputs(form)
        invite, _, _ = web.one_invite(inputs, form.get("uid"))
    _, _, _, data = web.slots(invite, web.slot_options(form), web.settings.common())
    return JSONResponse(data)


@api
async def api_drafts(request: Request) -> Response:
    web = _web(request)
    from noshow.cli.drafts import draft_json
    from noshow.drafts.mail import build_message

    kind = request.path_params["kind"]
    if kind not in DRAFT_KINDS:
        raise BadInput(f"no such draft: {kind!r} (confirm, recover or followup)", 404)
    form = draft_form(await web.form(request, csrf=False))
    _, inputs = web.inputs(form)
    invite, message_id, _ = web.one_invite(inputs, form.get("uid"))
    common = web.settings.common()
    draft, _, _ = web.draft(kind, invite, message_id, form, common)
    return JSONResponse(draft_json(draft, build_message(draft, common.now)))


def create_app(settings: ServeSettings) -> Starlette:
    """The web application for ``settings``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped: invite text is hostile input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    web = Web(settings, env, Csrf(), UploadStore())
    routes = [
        Route("/", index),
        Route("/check", check_form, methods=["GET"]),
        Route("/check", check_post, methods=["POST"]),
        Route("/agenda", agenda_page, methods=["GET"]),
        Route("/slots", slots_form, methods=["GET"]),
        Route("/slots", slots_post, methods=["POST"]),
        Route("/slots/download", slots_download, methods=["POST"]),
        Route("/drafts", drafts_form, methods=["GET"]),
        Route("/drafts", drafts_post, methods=["POST"]),
        Route("/drafts/eml", drafts_eml, methods=["POST"]),
        Route("/drafts/send", drafts_send, methods=["POST"]),
        Route("/calendar", calendar_form, methods=["GET"]),
        Route("/calendar/preview", calendar_preview, methods=["POST"]),
        Route("/calendar/apply", calendar_apply, methods=["POST"]),
        Route("/api", api_index, methods=["GET"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/agenda", api_agenda, methods=["GET"]),
        Route("/api/slots", api_slots, methods=["POST"]),
        Route("/api/drafts/{kind}", api_drafts, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "no such endpoint"}, 404)
        return web.problem(request, "There is no such page.", 404)

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return web.problem(request, "That page does not take this kind of request.", 405)

    async def internal(request: Request, exc: Exception) -> Response:
        message = (
            f"noshow hit an internal error ({type(exc).__name__}); this is a bug in noshow. "
            "The server's log has the details."
        )
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, 500)
        return web.problem(request, message, 500)

    app = Starlette(
        routes=routes,
        exception_handlers={404: not_found, 405: not_allowed, 500: internal},
    )
    app.state.web = web
    app.add_middleware(Guard, any_host=settings.public)
    return app


def _download(data: bytes, name: str, media_type: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
