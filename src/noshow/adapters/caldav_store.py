"""CalDAV calendars: discovery, window reads and conditional writes, on a real server.

The `caldav` library does what it does well: the HTTP session, authentication (it negotiates
Basic or Digest from the server's challenge), TLS settings and discovery (principal, calendar
home, the calendars in it). The requests whose every byte matters noshow sends itself, through
that same session, so nothing is left to a library's defaults:

- reads are one ``REPORT calendar-query`` per calendar with a ``time-range`` for the window
  (RFC 4791 7.8.1), never a download of the whole calendar; recurrences are expanded here, by the
  same code as for files;
- an interview is changed from the bytes of a ``GET`` (an XML body turns CRLF into LF, so a
  REPORT's copy is not byte-exact), and written back with ``If-Match: <that ETag>``;
- what noshow creates goes to a new href with ``If-None-Match: *``, so it can never replace
  anything that is already there (RFC 9110 13.1.1/13.1.2, RFC 4791 5.3.2).

Every network fault becomes a :class:`CalDAVError` naming the server and what to check; the
password is never part of a message, a log line or a traceback (it lives only in the session's
auth object).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import ssl
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit
from xml.sax.saxutils import escape

from noshow.adapters.files import CALENDAR_MAX_BYTES
from noshow.adapters.ics_store import item_name
from noshow.adapters.secrets import password as find_password
from noshow.calendars.busy import CalendarRead, Window, read_window, readable
from noshow.calendars.store import WindowRead
from noshow.config import Account
from noshow.errors import ConfigError, InviteError, NoshowError
from noshow.model import InputProblem

#: ``--calendar caldav:NAME`` (an account in the config) or ``caldav:NAME/CALENDAR``.
PREFIX = "caldav:"
PASSWORD_ENV = "NOSHOW_PASSWORD"  # noqa: S105 (the variable's name, not a password)
KEYRING_SERVICE = "noshow-caldav"
#: A single response larger than this is refused (a calendar query for a window is far smaller).
MAX_RESPONSE_BYTES = 200 * 1024 * 1024
#: The server is asked for a day more either side: floating and all-day events are judged by
#: servers in their own zone, so the edges are read generously and cut exactly here.
QUERY_MARGIN = timedelta(days=1)

_DAV = "DAV:"
_CALDAV = "urn:ietf:params:xml:ns:caldav"
_NS = {"d": _DAV, "c": _CALDAV}


class CalDAVError(NoshowError):
    """A CalDAV server could not be used; the message names it and says what to check."""


class PreconditionFailed(Exception):
    """412: the resource changed (If-Match) or exists (If-None-Match) since noshow looked."""


@dataclass(frozen=True)
class RemoteCalendar:
    """A calendar collection on the server."""

    url: str
    name: str
    components: frozenset[str]  # what it may hold (supported-calendar-component-set)


@dataclass(frozen=True)
class Resource:
    """One calendar object resource: where it is, its version, and its bytes."""

    url: str
    etag: str | None
    data: bytes


def _strip_credentials(url: str) -> tuple[str, str | None]:
    """The URL without its user part, and the username it names. A password in the URL is
    refused, and never shown: not even one holding ``#``, ``/`` or ``?`` (which a URL parser
    reads as the end of the host, making the password a "port")."""
    scheme, separator, rest = url.partition("://")
    authority = rest
    for mark in "/?#":
        authority = authority.partition(mark)[0]
    userinfo, at, host = authority.rpartition("@")
    hidden = f"{scheme}{separator}{userinfo.partition(':')[0]}:***@{host}"
    if at and ":" in userinfo:
        raise ConfigError(
            f"{hidden}...: a password in the URL is refused; give the username with --username"
            " (or user@ in the URL) and the password through NOSHOW_PASSWORD, the account's"
            " password_command or the keyring"
        )
    port = authority.rpartition(":")[2] if ":" in authority and not authority.endswith("]") else ""
    if not at and "@" in rest and port and not port.isdigit():
        # "user:pa#ss@host": the parser would see host "user" and port "pa".
        raise ConfigError(
            f"{scheme}{separator}{authority.partition(':')[0]}:***...: a password in the URL is"
            " refused (and this one does not even parse); use NOSHOW_PASSWORD, the account's"
            " password_command or the keyring"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise ConfigError(
            f"{scheme}{separator}{host.partition(':')[0]}...: not a valid URL"
        ) from None
    username = unquote(parts.username) if parts.username else None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), username


def url_account(url: str, accounts: Iterable[Account]) -> Account:
    """An account for a URL given directly: the config's account on the same server lends its
    username, password source and CA file; else the URL's own ``user@`` part is the username."""
    clean, username = _strip_credentials(url)
    if urlsplit(clean).scheme not in ("http", "https"):
        raise ConfigError(f"{clean!r} is not an http(s) URL or caldav:ACCOUNT")
    for account in accounts:
        if Account(account.name, clean).server == account.server:
            return Account(
                name=account.name,
                url=clean,
                username=username or account.username,
                password_command=account.password_command,
                ca_file=account.ca_file,
                timeout=account.timeout,
            )
    return Account(name=Account("", clean).server, url=clean, username=username)


def account_password(account: Account) -> str | None:
    """``NOSHOW_PASSWORD_<ACCOUNT>``, ``NOSHOW_PASSWORD``, the password command, the keyring."""
    specific = f"{PASSWORD_ENV}_{re.sub(r'[^A-Za-z0-9]', '_', account.name).upper()}"
    if os.environ.get(specific):
        return os.environ[specific]
    if account.username is None:
        return None
    return find_password(PASSWORD_ENV, account.password_command, KEYRING_SERVICE, account.username)


def _loopback(host: str | None) -> bool:
    """Whether ``host`` is this machine (plain http is acceptable only there)."""
    if host in ("localhost", None):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fault_message(account: Account, exc: BaseException) -> str:
    """What went wrong talking to the server, and what to check, in one line."""
    server = account.server
    text = f"{type(exc).__name__}: {exc}"
    status = getattr(exc, "status", None)
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if isinstance(exc, ssl.SSLError) or "SSL" in type(exc).__name__ or "CERTIFICATE" in text:
        return (
            f"{server}: the TLS certificate could not be verified; if the server uses its own "
            "certificate authority, set ca_file in its [accounts] table"
        )
    if "Timeout" in type(exc).__name__ or "timed out" in text:
        return f"{server}: no answer within {account.timeout:g} s; check the URL and your network"
    if status == 401 or "Unauthorized" in text or "401" in text.split(" ", 3)[:3]:
        return (
            f"{server}: the username or password was refused (401); check username and the "
            f"password source ({PASSWORD_ENV}, password_command or the keyring; iCloud needs an "
            "app-specific password)"
        )
    if status == 403 or "Forbidden" in text:
        return f"{server}: access forbidden (403); check that this account may use this calendar"
    if status == 404 or "NotFound" in type(exc).__name__:
        return f"{server}: not found (404); check the URL (the CalDAV address, e.g. .../dav/)"
    if isinstance(status, int) and status >= 500:
        return f"{server}: server error {status}; try again later"
    if "Connection refused" in text or "ConnectionRefused" in text:
        return (
            f"{server}: connection refused; check the URL (host and port) and that the server is up"
        )
    if "ConnectionError" in type(exc).__name__ or isinstance(exc, ConnectionError):
        return f"{server}: cannot connect ({type(exc).__name__}); check the URL and your network"
    return f"{server}: the server's answer could not be used ({type(exc).__name__}); check the URL"


def _http_status_message(account: Account, method: str, url: str, status: int) -> str:
    server = account.server
    path = urlsplit(url).path
    if status == 401:
        return _fault_message(account, _Status(401))
    if status == 403:
        return f"{server}: access forbidden (403) to {path}; check that this account may use it"
    if status == 404:
        return f"{server}: {path} not found (404); check the URL and the calendar's name"
    if status >= 500:
        return f"{server}: server error {status} on {method} {path}; try again later"
    return f"{server}: unexpected answer {status} to {method} {path}"


_MALFORMED = (
    "{server}: the answer is not valid CalDAV XML; check that the URL is the CalDAV address "
    "(not the web interface)"
)


class _Malformed(Exception):
    """A server answer that is not the XML CalDAV promises."""


class _Status(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


def _parse_xml(data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser=parser)


@dataclass(frozen=True)
class _Entry:
    url: str
    status: int
    props: dict[str, Any]


def _multistatus(base: str, body: bytes) -> list[_Entry]:
    """A 207 body as (absolute href, status, {prop name: element}) per response."""
    root = _parse_xml(body)
    if root.tag != f"{{{_DAV}}}multistatus":
        raise _Malformed("not a DAV:multistatus")
    entries = []
    for response in root.iterfind("d:response", _NS):
        href = response.findtext("d:href", namespaces=_NS)
        if not href:
            continue
        url = urljoin(base, href.strip())
        direct = response.findtext("d:status", namespaces=_NS)
        if direct is not None:
            entries.append(_Entry(url, _status_code(direct), {}))
            continue
        props: dict[str, Any] = {}
        for propstat in response.iterfind("d:propstat", _NS):
            if _status_code(propstat.findtext("d:status", "", _NS)) != 200:
                continue
            prop = propstat.find("d:prop", _NS)
            for element in prop if prop is not None else ():
                props[str(element.tag)] = element
        entries.append(_Entry(url, 200, props))
    return entries


def _status_code(line: str) -> int:
    match = re.search(r"\s(\d{3})(?:\s|$)", line or "")
    return int(match.group(1)) if match else 0


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _same_resource(a: str, b: str) -> bool:
    return unquote(urlsplit(a).path).rstrip("/") == unquote(urlsplit(b).path).rstrip("/")


@dataclass
class Connection:
    """One account's session with its server."""

    account: Account
    password: str | None = None
    _client: Any = field(default=None, repr=False)
    requests: int = 0  # how many HTTP requests noshow sent itself (for tests and benchmarks)

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Network and protocol faults as CalDAVError (never with the password in it)."""
        try:
            yield
        except CalDAVError:
            raise
        except _Status as exc:
            raise CalDAVError(_fault_message(self.account, exc)) from None
        except _Malformed:
            raise CalDAVError(_MALFORMED.format(server=self.account.server)) from None
        except OSError as exc:  # niquests' errors are OSErrors: refused, timeout, TLS, DNS
            raise CalDAVError(_fault_message(self.account, exc)) from None
        except Exception as exc:
            if type(exc).__module__.split(".")[0] not in ("caldav", "lxml", "niquests", "urllib3"):
                raise
            if type(exc).__module__.startswith("lxml"):
                raise CalDAVError(_MALFORMED.format(server=self.account.server)) from None
            raise CalDAVError(_fault_message(self.account, exc)) from None

    @property
    def client(self) -> Any:
        """The caldav library's client (created on first use)."""
        if self._client is None:
            import caldav

            parts = urlsplit(self.account.url)
            if parts.scheme == "http" and self.password and not _loopback(parts.hostname):
                raise CalDAVError(
                    f"{self.account.server}: refusing to send a password over plain http to "
                    "another machine; use the server's https:// address"
                )

            # The library logs what it finds odd; noshow reports faults itself, in one line.
            for name in ("caldav", "niquests", "urllib3"):
                logging.getLogger(name).addHandler(logging.NullHandler())

            verify: bool | str = str(self.account.ca_file) if self.account.ca_file else True
            client_class: Any = caldav.DAVClient
            self._client = client_class(
                url=self.account.url,
                username=self.account.username,
                password=self.password,
                timeout=self.account.timeout,
                ssl_verify_cert=verify,
                enable_rfc6764=False,
            )
        return self._client

    def close(self) -> None:
        """End the HTTP session."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- discovery ---------------------------------------------------------------------------

    def calendars(self) -> list[RemoteCalendar]:
        """The event calendars this account should read: the configured ones, else all found.

        The account URL may itself be a calendar (then it is the only one)."""
        with self._faults():
            own = self._describe(self.account.url, missing_ok=True)
            if own is not None:
                return [own]
            principal = self.client.principal()
            found = []
            for calendar in principal.calendars():
                described = self._describe(str(calendar.url))
                if described is not None and "VEVENT" in described.components:
                    found.append(described)
        if not self.account.calendars:
            return found
        chosen = []
        for wanted in self.account.calendars:
            match = [
                c
                for c in found
                if c.name == wanted
                or (wanted.startswith(("http://", "https://")) and _same_resource(c.url, wanted))
            ]
            if not match:
                names = ", ".join(repr(c.name) for c in found) or "none"
                raise CalDAVError(
                    f"{self.account.server}: no calendar {wanted!r} in account "
                    f"{self.account.name!r} (found: {names})"
                )
            chosen.extend(match[:1])
        return chosen

    def _describe(self, url: str, missing_ok: bool = False) -> RemoteCalendar | None:
        """The calendar at ``url`` (None when it is not a calendar collection)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<d:propfind xmlns:d="{_DAV}" xmlns:c="{_CALDAV}"><d:prop>'
            "<d:resourcetype/><d:displayname/><c:supported-calendar-component-set/>"
            "</d:prop></d:propfind>"
        )
        # Through the library: its first request negotiates authentication (Basic or Digest).
        response = self.client.propfind(url, body, depth=0)
        self.requests += 1
        if missing_ok and response.status in (404, 405):
            return None  # a server root that answers only the principal discovery
        if response.status == 404:
            raise CalDAVError(_http_status_message(self.account, "PROPFIND", url, 404))
        if response.status < 400 and (response.status != 207 or response.tree is None):
            raise _Malformed(f"PROPFIND answered {response.status} without a multistatus")
        if response.status != 207:
            raise CalDAVError(_http_status_message(self.account, "PROPFIND", url, response.status))
        from lxml import etree

        data = etree.tostring(response.tree)
        for entry in _multistatus(url, data):
            if not _same_resource(entry.url, url):
                continue
            kind = entry.props.get(f"{{{_DAV}}}resourcetype")
            if kind is None or kind.find("c:calendar", _NS) is None:
                return None
            name_element = entry.props.get(f"{{{_DAV}}}displayname")
            name = (name_element.text or "").strip() if name_element is not None else ""
            comps = entry.props.get(f"{{{_CALDAV}}}supported-calendar-component-set")
            components = (
                frozenset(str(c.get("name", "")).upper() for c in comps.iterfind("c:comp", _NS))
                if comps is not None
                else frozenset({"VEVENT", "VTODO", "VJOURNAL"})  # RFC 4791 5.2.3: absent = any
            )
            url = url if url.endswith("/") else url + "/"
            return RemoteCalendar(
                url, name or unquote(url.rstrip("/").rsplit("/", 1)[-1]), components
            )
        return None

    # -- requests ----------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200, 201, 204, 207),
    ) -> tuple[int, dict[str, str], bytes]:
        """One HTTP request through the library's session (its negotiated auth, TLS settings).

        412 raises PreconditionFailed; 404 on GET returns status 404; other statuses outside
        ``ok`` raise CalDAVError naming the server and what to check."""
        with self._faults():
            client = self.client
            all_headers = {"User-Agent": "noshow", **(headers or {})}
            self.requests += 1
            response = client.session.request(
                method,
                url,
                data=body or None,
                headers=all_headers,
                auth=client.auth,
                timeout=self.account.timeout,
                verify=client.ssl_verify_cert,
                allow_redirects=method in ("GET", "PROPFIND", "REPORT"),
            )
            status = int(response.status_code)
            data = response.content or b""
            if len(data) > MAX_RESPONSE_BYTES:
                raise CalDAVError(f"{self.account.server}: answer larger than the limit")
            response_headers = {k.lower(): v for k, v in response.headers.items()}
        if status == 412:
            raise PreconditionFailed(url)
        if status not in ok and not (status == 404 and method == "GET"):
            raise CalDAVError(_http_status_message(self.account, method, url, status))
        return status, response_headers, data

    def query(self, calendar: RemoteCalendar, window: Window) -> list[Resource]:
        """Every event resource with an instance in the window (server-side time-range)."""
        start, end = window.start - QUERY_MARGIN, window.end + QUERY_MARGIN
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<c:calendar-query xmlns:d="{_DAV}" xmlns:c="{_CALDAV}">'
            "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
            '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
            f'<c:time-range start="{_utc(start)}" end="{_utc(end)}"/>'
            "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"
        )
        return self._report(calendar.url, body)

    def find_uid(
        self, calendar: RemoteCalendar, uid: str, component: str = "VEVENT"
    ) -> list[Resource]:
        """The resources holding this UID (RFC 4791 9.7.5 text-match)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<c:calendar-query xmlns:d="{_DAV}" xmlns:c="{_CALDAV}">'
            "<d:prop><d:getetag/></d:prop>"
            f'<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="{component}">'
            '<c:prop-filter name="UID"><c:text-match collation="i;octet">'
            f"{escape(uid)}</c:text-match></c:prop-filter>"
            "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"
        )
        return self._report(calendar.url, body, with_data=False)

    def multiget(self, calendar: RemoteCalendar, urls: list[str]) -> dict[str, Resource]:
        """The resources that exist among ``urls`` (one calendar-multiget, RFC 4791 7.9)."""
        hrefs = "".join(f"<d:href>{escape(urlsplit(u).path)}</d:href>" for u in urls)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<c:calendar-multiget xmlns:d="{_DAV}" xmlns:c="{_CALDAV}">'
            f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{hrefs}</c:calendar-multiget>"
        )
        found = self._report(calendar.url, body)
        by_path = {unquote(urlsplit(r.url).path): r for r in found}
        result = {}
        for url in urls:
            resource = by_path.get(unquote(urlsplit(url).path))
            if resource is not None:
                result[url] = Resource(url, resource.etag, resource.data)
        return result

    def _report(self, url: str, body: str, with_data: bool = True) -> list[Resource]:
        _, _, data = self.request(
            "REPORT",
            url,
            body.encode(),
            {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            ok=(207,),
        )
        with self._faults():
            entries = _multistatus(url, data)
        resources = []
        for entry in entries:
            if entry.status != 200 or _same_resource(entry.url, url):
                continue
            etag_element = entry.props.get(f"{{{_DAV}}}getetag")
            etag = (etag_element.text or "").strip() if etag_element is not None else None
            element = entry.props.get(f"{{{_CALDAV}}}calendar-data")
            text = (element.text or "") if element is not None else ""
            if with_data and not text:
                continue
            resources.append(
                Resource(entry.url, etag or None, text.encode("utf-8", "surrogateescape"))
            )
        return resources

    def get(self, url: str) -> Resource | None:
        """The resource's exact bytes and ETag, or None when it does not exist."""
        status, headers, data = self.request("GET", url, ok=(200,))
        if status == 404:
            return None
        return Resource(url, headers.get("etag"), data)

    def put(
        self, url: str, data: bytes, *, etag: str | None = None, create: bool = False
    ) -> str | None:
        """Write ``data`` at ``url``: over the version ``etag`` (If-Match), or only when nothing
        is there (``create``: If-None-Match: *). Raises PreconditionFailed on 412."""
        if (etag is None) == (not create):
            raise ValueError("put needs exactly one of etag= or create=True")
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        else:
            assert etag is not None
            headers["If-Match"] = etag
        status, response_headers, body = self.request(
            "PUT", url, data, headers, ok=(200, 201, 204, 403, 409)
        )
        if status == 409 or (status == 403 and b"no-uid-conflict" in body):
            # RFC 4791 5.3.2.1: the UID is already in this calendar, at another href.
            raise PreconditionFailed(url)
        if status == 403:
            raise CalDAVError(_http_status_message(self.account, "PUT", url, status))
        return response_headers.get("etag")


def item_url(calendar: RemoteCalendar, uid: str) -> str:
    """Where noshow creates the resource for a UID it made (RFC 4791 does not tie hrefs to
    UIDs; a readable, URL-safe name helps people who look at the server's files)."""
    return calendar.url + quote(item_name(uid), safe="@")


@dataclass
class CalDAVCalendar:
    """A calendar store (see calendar_files.CalendarStore) for one account's calendars."""

    connection: Connection
    name: str
    only: str | None = None  # one calendar of the account, by name or URL
    max_bytes: int = CALENDAR_MAX_BYTES  # for each resource
    _calendars: list[RemoteCalendar] | None = None
    #: Every resource read, by URL: what sync and import write back to.
    resources: dict[str, tuple[RemoteCalendar, Resource]] = field(default_factory=dict)

    def close(self) -> None:
        """End the HTTP session."""
        self.connection.close()

    def calendars(self) -> list[RemoteCalendar]:
        """The calendars this store reads (discovered once)."""
        if self._calendars is None:
            found = self.connection.calendars()
            if self.only is not None:
                found = [
                    c for c in found if c.name == self.only or _same_resource(c.url, self.only)
                ]
                if not found:
                    raise CalDAVError(
                        f"{self.connection.account.server}: no calendar {self.only!r} "
                        f"in account {self.connection.account.name!r}"
                    )
            self._calendars = found
        return self._calendars

    def read(self, window: Window, you_zone: str) -> WindowRead:
        """Busy time and occurrences of the window, one read per resource."""
        reads: list[tuple[CalendarRead, bytes]] = []
        problems: list[InputProblem] = []
        for calendar in self.calendars():
            for resource in self.connection.query(calendar, window):
                self.resources[resource.url] = (calendar, resource)
                if len(resource.data) > self.max_bytes:
                    limit = f"{self.max_bytes / (1024 * 1024):.3g} MB"
                    problem = f"larger than the {limit} limit for calendars"
                    problems.append(InputProblem(resource.url, problem))
                    continue
                data = readable(resource.data)
                try:
                    read = read_window(data, window, you_zone, resource.url)
                except InviteError as exc:
                    problems.append(InputProblem(resource.url, str(exc), exc.line))
                    continue
                problems.extend(InputProblem(resource.url, p) for p in read.problems)
                if read.components:
                    reads.append((read, data))
        return WindowRead(tuple(reads), tuple(problems))


def open_remote(spec: str, accounts: Sequence[Account]) -> CalDAVCalendar:
    """The store for ``caldav:ACCOUNT``, ``caldav:ACCOUNT/CALENDAR`` or a URL."""
    only: str | None = None
    if spec.startswith(PREFIX):
        name, _, only_name = spec[len(PREFIX) :].partition("/")
        account = next((a for a in accounts if a.name == name), None)
        if account is None:
            known = ", ".join(a.name for a in accounts) or "none configured"
            raise ConfigError(
                f"{spec}: no [accounts.{name}] table in the config (accounts: {known})"
            )
        only = only_name or None
    else:
        account = url_account(spec, accounts)
    return CalDAVCalendar(Connection(account, account_password(account)), name=spec, only=only)
