"""Real CalDAV servers (Radicale, Xandikos) and misbehaving HTTP servers, all on 127.0.0.1.

Fixtures
--------
``caldav_server``
    Function-scoped, parametrized over ``radicale-strict``, ``radicale`` and ``xandikos``
    (test ids are the kind names). Yields a :class:`Server` whose ``calendar_url`` is a fresh,
    empty calendar (VEVENT + VTODO) made with MKCALENDAR for this test. Its displayname is
    "Interviews <n>" unless the test overrides the ``calendar_displayname`` fixture, e.g. with
    ``@pytest.mark.parametrize("calendar_displayname", ["Work"])``.
``radicale_strict_process``, ``radicale_process``, ``xandikos_process``
    Session-scoped: the server processes behind ``caldav_server`` (:class:`Running`), started
    on first use only.
``radicale_tls``
    Session-scoped :class:`Server` (kind ``radicale-tls``) served over HTTPS with a certificate
    from a trustme CA; ``ca_file`` is the CA's PEM file and ``calendar_url`` a calendar made
    for it.
``fault_server``
    Function-scoped factory: ``fault_server(mode) -> base URL`` of a stdlib HTTP server that
    answers every method with: "401", "403", "404", "500", "malformed" (207 with broken XML),
    "html" (200 text/html) or "hang" (never answers; stopped promptly at teardown).
``closed_port_url``
    Function-scoped factory: ``closed_port_url() -> "http://127.0.0.1:PORT/"`` where nothing
    listens.

What the servers do (found by tests/caldav/test_servers.py)
-----------------------------------------------------------
Layout (user alice):

* Radicale: principal ``/alice/``, calendar home ``/alice/`` (the principal collection itself,
  created on alice's first authenticated request), no default calendar. Calendars made here
  live at ``/alice/<name>/``.
* Xandikos (``--defaults --current-user-principal /alice/``): principal ``/alice/``, calendar
  home ``/alice/calendars/``, default calendar ``/alice/calendars/calendar/`` (VEVENT, VTODO,
  VJOURNAL, VFREEBUSY, VAVAILABILITY), address book ``/alice/contacts/addressbook/``.
  No authentication at all: credentials are sent and ignored.

ETags and preconditions on PUT (all found with raw HTTP, see test_servers.py):

* All three servers return an ``ETag`` header on every successful PUT (201 on create, 204 on
  replace), and the same ETag on GET and in PROPFIND ``getetag``. ETags are strong, quoted
  content hashes: writing identical bytes again gives the same ETag.
* All three answer 412 to ``If-None-Match: *`` over an existing item, to an ``If-Match`` that
  does not match (also an unquoted or ``W/`` form of the right ETag), and to ``If-Match`` on
  an href that does not exist. ``If-Match: *`` over an existing item succeeds. The right
  ``If-Match`` succeeds. DELETE honours ``If-Match`` the same way (412 if wrong).
* A PUT without ``If-Match`` over an existing item: Radicale with
  ``[storage] strict_preconditions = True`` refuses it with 412; plain Radicale and Xandikos
  accept it and overwrite (204).
* Neither server stores the body byte for byte: both re-serialize it (property order
  changes), so GET returns different bytes from those PUT; the PUT's ETag is that of the
  stored form, equal to the GET ETag.
* Other differences: DELETE answers 200 (Radicale) / 204 (Xandikos); a second item with an
  existing UID in the same calendar gets 409 (Radicale) / 412 no-uid-conflict (Xandikos);
  a body that is not iCalendar gets 400 (Radicale) / 412 (Xandikos); MKCALENDAR on an
  existing collection gets 409 (Radicale) / 403 (Xandikos). Without credentials (or with a
  wrong password) Radicale answers 401, Xandikos serves the request.
* Radicale's failed-auth delay (``[auth] delay``) and 5xx delay (``[server] delay_on_error``)
  are set to 0 here so tests stay fast; they default to 1 s (an unauthenticated first
  request, as urllib's HTTPBasicAuthHandler makes, would otherwise cost 1 s each).
"""

from __future__ import annotations

import http.client
import itertools
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from base64 import b64encode
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import pytest

from budgets import REQUEST_TIMEOUT

USERNAME = "alice"
PASSWORD = "s3cret-pass"
KINDS = ("radicale-strict", "radicale", "xandikos")
#: REQUEST_TIMEOUT (budgets.py) is each request's timeout: generous, because a timeout here only
#: means "hung" (a loaded 2-core machine took 17 s for a 2,000-event query).
#: How long a server may take to answer its first request (slow CI machines).
STARTUP_TIMEOUT = REQUEST_TIMEOUT

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"

_calendar_numbers = itertools.count(1)


# --------------------------------------------------------------------------------------------
# The helper client: "another client" speaking raw HTTP with basic auth


@dataclass(frozen=True)
class Reply:
    """One HTTP answer, fully read."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass(frozen=True)
class Server:
    """A running CalDAV server, with alice's URLs and a raw-HTTP helper client.

    Every URL is absolute. Methods accept an absolute URL or an href (a path such as
    ``/alice/x/y.ics``), resolved against ``base_url``.
    """

    kind: str
    base_url: str
    username: str
    password: str
    principal_url: str
    home_url: str
    calendar_url: str = ""
    ca_file: str | None = None
    #: Xandikos only: the calendar it makes with --defaults ("" for Radicale).
    default_calendar_url: str = ""
    data_dir: Path | None = field(default=None, compare=False)

    def url(self, href_or_url: str) -> str:
        return urljoin(self.base_url, href_or_url)

    def request(
        self,
        method: str,
        href_or_url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        auth: bool = True,
    ) -> Reply:
        """Send one request on a fresh connection and read the whole answer."""
        url = self.url(href_or_url)
        parts = urlsplit(url)
        host = parts.hostname or "127.0.0.1"
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            context = ssl.create_default_context(cafile=self.ca_file)
            conn = http.client.HTTPSConnection(
                host, parts.port, timeout=REQUEST_TIMEOUT, context=context
            )
        else:
            conn = http.client.HTTPConnection(host, parts.port, timeout=REQUEST_TIMEOUT)
        all_headers = dict(headers or {})
        if auth:
            token = b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")
            all_headers["Authorization"] = f"Basic {token}"
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            return Reply(response.status, response.headers, data)
        finally:
            conn.close()

    def propfind(self, href_or_url: str, body: bytes | None = None, depth: str = "0") -> Reply:
        headers = {"Depth": depth}
        if body is not None:
            headers["Content-Type"] = "application/xml; charset=utf-8"
        return self.request("PROPFIND", href_or_url, body, headers)

    def report(self, href_or_url: str, body: bytes, depth: str = "1") -> Reply:
        headers = {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"}
        return self.request("REPORT", href_or_url, body, headers)

    def make_calendar(
        self,
        name: str,
        components: Sequence[str] = ("VEVENT", "VTODO"),
        *,
        slug: str | None = None,
    ) -> str:
        """MKCALENDAR under alice's calendar home; ``name`` is the displayname.

        The URL's last segment is ``slug`` if given, else a unique generated one.
        Returns the calendar's absolute URL (ending in ``/``).
        """
        slug = slug or f"cal-{uuid.uuid4().hex[:12]}"
        url = urljoin(self.home_url, slug + "/")
        comps = "".join(f'<C:comp name="{escape(c)}"/>' for c in components)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<C:mkcalendar xmlns:D="{DAV}" xmlns:C="{CALDAV}"><D:set><D:prop>'
            f"<D:displayname>{escape(name)}</D:displayname>"
            f"<C:supported-calendar-component-set>{comps}</C:supported-calendar-component-set>"
            "</D:prop></D:set></C:mkcalendar>"
        ).encode()
        reply = self.request(
            "MKCALENDAR", url, body, {"Content-Type": "application/xml; charset=utf-8"}
        )
        if reply.status != 201:
            raise AssertionError(
                f"{self.kind}: MKCALENDAR {url} -> {reply.status}: {reply.body[:500]!r}"
            )
        return url

    def put(
        self,
        href_or_url: str,
        data: bytes,
        etag: str | None = None,
        create_only: bool = False,
    ) -> tuple[int, str | None]:
        """PUT ``data`` (text/calendar); ``If-Match: etag`` / ``If-None-Match: *`` as asked.

        Returns (status, the ETag header of the answer or None).
        """
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag is not None:
            headers["If-Match"] = etag
        if create_only:
            headers["If-None-Match"] = "*"
        reply = self.request("PUT", href_or_url, data, headers)
        return reply.status, reply.header("ETag")

    def get(self, href_or_url: str) -> tuple[int, bytes, str | None]:
        """Returns (status, body, ETag header or None)."""
        reply = self.request("GET", href_or_url)
        return reply.status, reply.body, reply.header("ETag")

    def list(self, calendar_url: str) -> dict[str, str]:
        """PROPFIND Depth 1: {href as the server wrote it: ETag} of the calendar's members."""
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="{DAV}">'
            "<D:prop><D:getetag/><D:resourcetype/></D:prop></D:propfind>"
        ).encode()
        reply = self.propfind(calendar_url, body, depth="1")
        if reply.status != 207:
            raise AssertionError(f"{self.kind}: PROPFIND {calendar_url} -> {reply.status}")
        own_path = urlsplit(self.url(calendar_url)).path.rstrip("/")
        found: dict[str, str] = {}
        for response in ET.fromstring(reply.body).iter(f"{{{DAV}}}response"):
            href = response.findtext(f"{{{DAV}}}href") or ""
            if urlsplit(self.url(href)).path.rstrip("/") == own_path:
                continue
            if response.find(f".//{{{DAV}}}resourcetype/{{{DAV}}}collection") is not None:
                continue
            etag = response.findtext(f".//{{{DAV}}}getetag")
            if etag:
                found[href] = etag
        return found

    def delete(self, href_or_url: str, etag: str | None = None) -> int:
        headers = {"If-Match": etag} if etag else {}
        return self.request("DELETE", href_or_url, headers=headers).status


# --------------------------------------------------------------------------------------------
# Server processes


@dataclass
class Running:
    """A server subprocess and where it listens."""

    kind: str
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    data_dir: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(base_url: str, ca_file: str | None) -> bool:
    """True once anything at base_url answers an HTTP request (whatever the status)."""
    parts = urlsplit(base_url)
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=ca_file)
        conn = http.client.HTTPSConnection(
            "127.0.0.1", parts.port, timeout=REQUEST_TIMEOUT, context=context
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("OPTIONS", "/")
        conn.getresponse().read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()
    return True


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _start(
    kind: str,
    data_dir: Path,
    command: Callable[[int], list[str]],
    scheme: str = "http",
    ca_file: str | None = None,
) -> Running:
    """Start ``command(port)`` and wait until it answers HTTP on 127.0.0.1:port.

    The port is picked by binding port 0 and closing it again; if another process grabs it in
    between, the server dies with "address in use" and we try again with a new port.
    """
    for attempt in range(3):
        port = _free_port()
        base_url = f"{scheme}://127.0.0.1:{port}/"
        log_path = data_dir / f"server-{attempt}.log"
        args = command(port)
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=data_dir,
            )
        running = Running(kind, base_url, process, log_path, data_dir)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if _answers(base_url, ca_file):
                return running
            time.sleep(0.05)
        exited = process.poll() is not None
        _stop(process)
        output = running.log()
        if "in use" in output.lower() and attempt < 2:
            continue
        why = (
            f"exited with status {process.returncode}"
            if exited
            else f"did not answer within {STARTUP_TIMEOUT:.0f} s"
        )
        raise RuntimeError(
            f"{kind} server on {base_url} {why}.\n"
            f"Command: {' '.join(args)}\nOutput:\n{output[-5000:]}"
        )
    raise AssertionError("unreachable")


def _radicale_config(
    folder: Path, *, strict: bool, tls: tuple[Path, Path] | None = None
) -> Callable[[int], list[str]]:
    users = folder / "users"
    users.write_text(f"{USERNAME}:{PASSWORD}\n")
    collections = folder / "collections"
    collections.mkdir()

    def command(port: int) -> list[str]:
        ssl_lines = ""
        if tls is not None:
            cert, key = tls
            ssl_lines = f"ssl = True\ncertificate = {cert}\nkey = {key}\n"
        config = folder / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{port}\n"
            "delay_on_error = 0\n"
            f"{ssl_lines}"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {collections}\n"
            f"strict_preconditions = {strict}\n"
            "[web]\n"
            "type = none\n"
            "[logging]\n"
            "level = warning\n"
        )
        return [sys.executable, "-m", "radicale", "--config", str(config)]

    return command


def _radicale_server(running: Running, *, strict: bool, ca_file: str | None = None) -> Server:
    base = running.base_url
    kind = running.kind if ca_file is None else "radicale-tls"
    server = Server(
        kind=kind,
        base_url=base,
        username=USERNAME,
        password=PASSWORD,
        principal_url=urljoin(base, f"/{USERNAME}/"),
        home_url=urljoin(base, f"/{USERNAME}/"),
        ca_file=ca_file,
        data_dir=running.data_dir,
    )
    # Radicale makes alice's principal collection on her first authenticated request.
    reply = server.propfind(server.principal_url)
    if reply.status != 207:
        raise RuntimeError(f"{kind}: PROPFIND on the principal -> {reply.status}")
    return server


def _xandikos_server(running: Running) -> Server:
    base = running.base_url
    return Server(
        kind=running.kind,
        base_url=base,
        username=USERNAME,
        password=PASSWORD,
        principal_url=urljoin(base, f"/{USERNAME}/"),
        home_url=urljoin(base, f"/{USERNAME}/calendars/"),
        default_calendar_url=urljoin(base, f"/{USERNAME}/calendars/calendar/"),
        data_dir=running.data_dir,
    )


@pytest.fixture(scope="session")
def radicale_strict_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("radicale-strict")
    running = _start("radicale-strict", folder, _radicale_config(folder, strict=True))
    yield running
    _stop(running.process)


@pytest.fixture(scope="session")
def radicale_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("radicale")
    running = _start("radicale", folder, _radicale_config(folder, strict=False))
    yield running
    _stop(running.process)


@pytest.fixture(scope="session")
def xandikos_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("xandikos")
    data = folder / "data"
    state = folder / "state"

    def command(port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "xandikos",
            "serve",
            "--listen-address",
            "127.0.0.1",
            "--port",
            str(port),
            "--directory",
            str(data),
            "--state-dir",
            str(state),
            "--defaults",
            "--current-user-principal",
            f"/{USERNAME}/",
            "--no-detect-systemd",
        ]

    running = _start("xandikos", folder, command)
    yield running
    _stop(running.process)


_PROCESS_FIXTURES = {
    "radicale-strict": "radicale_strict_process",
    "radicale": "radicale_process",
    "xandikos": "xandikos_process",
}


@pytest.fixture
def calendar_displayname() -> str | None:
    """Displayname of ``caldav_server.calendar_url``; None means "Interviews <n>".

    Override with ``@pytest.mark.parametrize("calendar_displayname", ["Work"])`` or by
    redefining this fixture in a test module.
    """
    return None


@pytest.fixture(params=KINDS, ids=KINDS)
def caldav_server(request: pytest.FixtureRequest, calendar_displayname: str | None) -> Server:
    kind: str = request.param
    running: Running = request.getfixturevalue(_PROCESS_FIXTURES[kind])
    if running.process.poll() is not None:
        raise RuntimeError(f"{kind} server died earlier:\n{running.log()[-5000:]}")
    if kind == "xandikos":
        server = _xandikos_server(running)
    else:
        server = _radicale_server(running, strict=kind == "radicale-strict")
    number = next(_calendar_numbers)
    name = calendar_displayname if calendar_displayname is not None else f"Interviews {number}"
    calendar_url = server.make_calendar(name, slug=f"interviews-{number}-{uuid.uuid4().hex[:8]}")
    return replace(server, calendar_url=calendar_url)


@pytest.fixture(scope="session")
def radicale_tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import trustme

    folder = tmp_path_factory.mktemp("radicale-tls")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert_file = folder / "server-chain.pem"
    key_file = folder / "server-key.pem"
    cert_file.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    cert.private_key_pem.write_to_path(str(key_file))
    running = _start(
        "radicale-tls",
        folder,
        _radicale_config(folder, strict=False, tls=(cert_file, key_file)),
        scheme="https",
        ca_file=str(ca_file),
    )
    try:
        server = _radicale_server(running, strict=False, ca_file=str(ca_file))
        calendar_url = server.make_calendar("Interviews TLS", slug="interviews-tls")
        yield replace(server, calendar_url=calendar_url)
    finally:
        _stop(running.process)


# --------------------------------------------------------------------------------------------
# Misbehaving servers

FAULT_MODES = ("401", "403", "404", "500", "malformed", "html", "hang")
#: A 207 whose XML stops in the middle of an element.
MALFORMED_XML = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<d:multistatus xmlns:d="DAV:"><d:response><d:href>/alice/cal/</d:href><d:propstat'
)
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Welcome</title></head>"
    b"<body><h1>Sign in to continue</h1><form method=post></form></body></html>\n"
)
HANG_SECONDS = 30.0


class _FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    mode: str
    stop: threading.Event
    handlers: set[threading.Thread]

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        self.handlers.add(threading.current_thread())
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.handlers.discard(threading.current_thread())

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that give up (the "hang" mode) break the connection; that is expected."""


class _FaultHandler(BaseHTTPRequestHandler):
    server: _FaultServer

    def __getattr__(self, name: str) -> Any:
        # BaseHTTPRequestHandler looks for do_<METHOD>: answer every method the same way.
        if name.startswith("do_"):
            return self._answer
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        mode = self.server.mode
        if mode == "hang":
            self.server.stop.wait(HANG_SECONDS)
            self.close_connection = True
            return
        headers: dict[str, str] = {}
        if mode in {"401", "403", "404", "500"}:
            status = int(mode)
            content_type = "text/plain; charset=utf-8"
            body = f"{status} {http.client.responses[status]}\n".encode()
            if status == 401:
                headers["WWW-Authenticate"] = 'Basic realm="x"'
        elif mode == "malformed":
            status, content_type, body = 207, "application/xml; charset=utf-8", MALFORMED_XML
        elif mode == "html":
            status, content_type, body = 200, "text/html; charset=utf-8", HTML_PAGE
        else:
            raise AssertionError(f"unknown fault mode {mode!r}")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture
def fault_server() -> Iterator[Callable[[str], str]]:
    """``fault_server(mode) -> "http://127.0.0.1:PORT/"``; see FAULT_MODES."""
    started: list[tuple[_FaultServer, threading.Thread]] = []

    def start(mode: str) -> str:
        if mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {mode!r}; choose from {FAULT_MODES}")
        server = _FaultServer(("127.0.0.1", 0), _FaultHandler)
        server.mode = mode
        server.stop = threading.Event()
        server.handlers = set()
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        started.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server, thread in started:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        for handler in list(server.handlers):
            handler.join(timeout=5)


@pytest.fixture
def closed_port_url() -> Callable[[], str]:
    """``closed_port_url() -> "http://127.0.0.1:PORT/"`` where nothing listens."""

    def make() -> str:
        return f"http://127.0.0.1:{_free_port()}/"

    return make


# -- every calendar store, for the writer contract -------------------------------------------------

STORE_KINDS = ["file", "vdir", "memory", *KINDS]


@dataclass
class StoreHarness:
    """One calendar of one kind, as the writer contract test drives it: a fresh writer per run
    (as a new noshow process would have), a reader, the items' bytes, and another client."""

    kind: str
    root: Path
    server: Server | None = None
    memory: Any = None
    opened: list[Any] = field(default_factory=list)

    def close(self) -> None:
        """End every HTTP session the harness opened."""
        for store in self.opened:
            store.close()

    def fresh(self) -> StoreHarness:
        """Another empty store of the same kind (a new folder, or a new calendar on the same
        server), for tests that need many, such as a state machine's examples."""
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix=f"noshow-{self.kind}-", dir=self.root.parent))
        if self.kind == "file":
            return StoreHarness(self.kind, folder / "calendar.ics")
        if self.kind == "vdir":
            return StoreHarness(self.kind, folder)
        if self.kind == "memory":
            from noshow.adapters.memory import MemoryCalendar

            return StoreHarness(self.kind, folder, memory=MemoryCalendar("memory"))
        assert self.server is not None
        number = next(_calendar_numbers)
        url = self.server.make_calendar(f"Fresh {number}", slug=f"fresh-{uuid.uuid4().hex[:12]}")
        return StoreHarness(self.kind, folder, server=replace(self.server, calendar_url=url))

    def edit(self, uid: str, change: Callable[[str], str], related: bool = False) -> None:
        """Another client edits the items holding ``uid`` (or noshow's items for it)."""
        writer = self.writer()
        for href in writer.related(uid) if related else writer.find(uid):
            item = writer.load(href)
            if item is not None and change(item.text) != item.text:
                writer.store(href, change(item.text), item)

    @property
    def spec(self) -> str:
        """The calendar as `--into` / `--calendar` name it (the memory store has none)."""
        if self.server is not None:
            return self.server.calendar_url
        return str(self.root)

    def _server_store(self) -> Any:
        """A fresh CalDAV session on the server's calendar (closed with the harness)."""
        from noshow.adapters.caldav_store import CalDAVCalendar, Connection
        from noshow.config import Account

        assert self.server is not None
        account = Account("contract", self.server.calendar_url, self.server.username, timeout=120)
        store = CalDAVCalendar(Connection(account, self.server.password), "contract")
        self.opened.append(store)
        return store

    def writer(self) -> Any:
        from noshow.adapters.caldav_write import CalDAVWriter
        from noshow.adapters.ics_file import FileWriter
        from noshow.adapters.vdir import VdirWriter

        if self.kind == "file":
            return FileWriter(self.root)
        if self.kind == "vdir":
            return VdirWriter(self.root)
        if self.kind == "memory":
            return self.memory
        store = self._server_store()
        (calendar,) = store.calendars()
        return CalDAVWriter(store.connection, [calendar], calendar)

    def reader(self) -> Any:
        from noshow.adapters.calendar_files import FileCalendar, VdirCalendar

        if self.kind == "file":
            return FileCalendar(self.root)
        if self.kind == "vdir":
            return VdirCalendar(self.root)
        if self.kind == "memory":
            return self.memory
        return self._server_store()

    def items(self) -> dict[str, bytes]:
        """Every item's bytes, by a name stable across runs."""
        if self.kind == "file":
            return {"calendar.ics": self.root.read_bytes()} if self.root.exists() else {}
        if self.kind == "vdir":
            return {p.name: p.read_bytes() for p in sorted(self.root.glob("*.ics"))}
        if self.kind == "memory":
            return {k: v.encode("utf-8", "surrogateescape") for k, v in self.memory.items.items()}
        assert self.server is not None
        listing = self.server.list(self.server.calendar_url)
        return {href: self.server.get(href)[1] for href in sorted(listing)}

    def add_item(self, name: str, text: str) -> None:
        """Another client stores an item under its own name."""
        if self.kind == "file":
            from noshow.adapters.ics_store import decode
            from noshow.icsedit import append_components

            body = text[text.index("BEGIN:VEVENT") : text.rindex("END:VCALENDAR")]
            current = (
                decode(self.root.read_bytes())
                if self.root.exists()
                else text[: text.index("BEGIN:VEVENT")] + "END:VCALENDAR\r\n"
            )
            self.root.write_bytes(append_components(current, [body]).encode("utf-8"))
        elif self.kind == "vdir":
            (self.root / name).write_text(text, encoding="utf-8", newline="")
        elif self.kind == "memory":
            self.memory.items[name] = text
        else:
            assert self.server is not None
            status, _ = self.server.put(self.server.calendar_url + name, text.encode())
            assert status in (201, 204), status


@pytest.fixture(params=STORE_KINDS, ids=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreHarness]:
    """Each calendar store noshow writes into, empty: an .ics file, a vdir, memory, and every
    CalDAV server (started on 127.0.0.1 by the session fixtures above)."""
    harness = _harness(request, tmp_path)
    yield harness
    harness.close()


def _harness(request: pytest.FixtureRequest, tmp_path: Path) -> StoreHarness:
    kind: str = request.param
    if kind == "file":
        return StoreHarness(kind, tmp_path / "calendar.ics")
    if kind == "vdir":
        folder = tmp_path / "calendar"
        folder.mkdir()
        return StoreHarness(kind, folder)
    if kind == "memory":
        from noshow.adapters.memory import MemoryCalendar

        return StoreHarness(kind, tmp_path, memory=MemoryCalendar("memory"))
    running: Running = request.getfixturevalue(_PROCESS_FIXTURES[kind])
    server = (
        _xandikos_server(running)
        if kind == "xandikos"
        else _radicale_server(running, strict=kind == "radicale-strict")
    )
    number = next(_calendar_numbers)
    calendar_url = server.make_calendar(
        f"Contract {number}", slug=f"contract-{number}-{uuid.uuid4().hex[:8]}"
    )
    return StoreHarness(kind, tmp_path, server=replace(server, calendar_url=calendar_url))
