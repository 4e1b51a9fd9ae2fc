"""The CalDAV test servers work, checked with nothing but the standard library's HTTP clients."""

from __future__ import annotations

import http.client
import ssl
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from base64 import b64encode
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import pytest

from budgets import REQUEST_TIMEOUT

DAV = "{DAV:}"
CAL = "{urn:ietf:params:xml:ns:caldav}"
METHODS = ("GET", "HEAD", "PUT", "DELETE", "PROPFIND", "REPORT", "OPTIONS", "MKCALENDAR")


def event(uid: str, start: str = "20270115T100000Z", summary: str = "Interview") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//noshow tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T000000Z\r\n"
        f"DTSTART:{start}\r\nDURATION:PT1H\r\nSUMMARY:{summary}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def propfind_body(*props: str) -> bytes:
    inner = "".join(props)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        f"<D:prop>{inner}</D:prop></D:propfind>"
    ).encode()


def raw(
    method: str, url: str, timeout: float = REQUEST_TIMEOUT
) -> tuple[int, http.client.HTTPMessage, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        conn.request(method, parts.path or "/", body=b"<x/>" if method != "GET" else None)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------
# The three servers


def test_propfind_on_the_calendar(caldav_server) -> None:
    server = caldav_server
    reply = server.propfind(
        server.calendar_url,
        propfind_body(
            "<D:resourcetype/>", "<D:displayname/>", "<C:supported-calendar-component-set/>"
        ),
    )
    assert reply.status == 207, reply.body
    root = ET.fromstring(reply.body)
    assert root.find(f".//{DAV}resourcetype/{CAL}calendar") is not None
    assert (root.findtext(f".//{DAV}displayname") or "").startswith("Interviews ")
    comps = {c.get("name") for c in root.iter(f"{CAL}comp")}
    assert comps == {"VEVENT", "VTODO"}
    assert server.calendar_url.startswith(server.home_url)
    assert server.calendar_url.endswith("/")
    assert server.list(server.calendar_url) == {}

    anonymous = server.request("PROPFIND", server.calendar_url, headers={"Depth": "0"}, auth=False)
    # Xandikos has no authentication; Radicale wants alice's password.
    assert anonymous.status == (207 if server.kind == "xandikos" else 401)


def test_each_test_gets_its_own_calendar(caldav_server) -> None:
    """One calendar per test: a second one, made here, is found by discovery too."""
    server = caldav_server
    other = server.make_calendar("Side calendar", components=("VEVENT",))
    assert other != server.calendar_url

    # Discovery from the root: principal, then calendar home, then its calendars.
    root = ET.fromstring(server.propfind("/", propfind_body("<D:current-user-principal/>")).body)
    principal = root.findtext(f".//{DAV}current-user-principal/{DAV}href")
    assert server.url(principal or "") == server.principal_url
    reply = server.propfind(server.principal_url, propfind_body("<C:calendar-home-set/>"))
    home = ET.fromstring(reply.body).findtext(f".//{CAL}calendar-home-set/{DAV}href")
    assert server.url(home or "") == server.home_url

    reply = server.propfind(server.home_url, propfind_body("<D:resourcetype/>"), depth="1")
    calendars = {
        server.url(r.findtext(f"{DAV}href") or "")
        for r in ET.fromstring(reply.body).iter(f"{DAV}response")
        if r.find(f".//{DAV}resourcetype/{CAL}calendar") is not None
    }
    assert {server.calendar_url, other} <= calendars
    if server.kind == "xandikos":
        assert server.default_calendar_url in calendars
    assert server.delete(other) in {200, 204}


@pytest.mark.parametrize("calendar_displayname", ["Work & <Life>"])
def test_the_calendar_name_can_be_chosen(caldav_server) -> None:
    reply = caldav_server.propfind(caldav_server.calendar_url, propfind_body("<D:displayname/>"))
    assert ET.fromstring(reply.body).findtext(f".//{DAV}displayname") == "Work & <Life>"


def test_put_preconditions_and_etags(caldav_server) -> None:
    server = caldav_server
    href = urlsplit(server.calendar_url).path + "one.ics"

    status, etag = server.put(href, event("one"), create_only=True)
    assert status == 201
    assert etag  # every server here answers a PUT with the new ETag

    assert server.put(href, event("one", summary="again"), create_only=True) == (412, None)
    assert server.put(href, event("one", summary="stale"), etag='"not-the-etag"')[0] == 412

    status, new_etag = server.put(href, event("one", summary="moved"), etag=etag)
    assert status in {200, 201, 204}
    assert new_etag
    assert new_etag != etag

    status, body, get_etag = server.get(href)
    assert status == 200
    assert b"SUMMARY:moved" in body
    assert get_etag == new_etag
    assert server.list(server.calendar_url) == {href: new_etag}

    assert server.delete(href, etag=etag) == 412
    assert server.delete(href, etag=new_etag) in {200, 204}
    assert server.get(href)[0] == 404
    assert server.list(server.calendar_url) == {}


def test_put_without_if_match_over_an_existing_item(caldav_server) -> None:
    """Only Radicale with strict_preconditions refuses a blind overwrite."""
    server = caldav_server
    href = server.calendar_url + "blind.ics"
    status, etag = server.put(href, event("blind"), create_only=True)
    assert status == 201

    status, new_etag = server.put(href, event("blind", summary="overwritten"))
    if server.kind == "radicale-strict":
        assert (status, new_etag) == (412, None)
        assert server.get(href)[2] == etag
    else:
        assert status in {200, 201, 204}
        assert new_etag != etag
        assert b"SUMMARY:overwritten" in server.get(href)[1]


#: kind -> (DELETE ok, same UID at a second href, not iCalendar, MKCALENDAR over a calendar)
QUIRKS = {
    "radicale-strict": (200, 409, 400, 409),
    "radicale": (200, 409, 400, 409),
    "xandikos": (204, 412, 412, 403),
}


def test_server_quirks(caldav_server) -> None:
    """What the docstring of conftest.py says about each server, pinned down."""
    server = caldav_server
    delete_ok, uid_clash, not_ical, mkcalendar_again = QUIRKS[server.kind]
    href = server.calendar_url + "q.ics"
    body = event("quirk")
    status, etag = server.put(href, body, create_only=True)
    assert status == 201
    assert etag
    assert etag.startswith('"')
    status, stored, get_etag = server.get(href)
    assert get_etag == etag
    assert stored != body  # re-serialized: property order differs
    assert b"UID:quirk" in stored
    # The same bytes again, without If-Match: the same ETag (unless strict refuses).
    status, same_etag = server.put(href, stored)
    if server.kind == "radicale-strict":
        assert (status, same_etag) == (412, None)
    else:
        assert (status, same_etag) == (204, etag)

    changed = event("quirk", summary="changed")
    assert server.put(href, changed, etag=etag.strip('"'))[0] == 412
    assert server.put(href, changed, etag="W/" + etag)[0] == 412
    assert server.put(server.calendar_url + "nothing.ics", event("new"), etag=etag)[0] == 412
    status, star_etag = server.put(href, changed, etag="*")
    assert status == 204
    assert star_etag != etag

    assert server.put(server.calendar_url + "clash.ics", changed)[0] == uid_clash
    assert server.put(server.calendar_url + "junk.ics", b"not a calendar")[0] == not_ical
    assert server.request("MKCALENDAR", server.calendar_url).status == mkcalendar_again
    assert server.delete(href) == delete_ok


def test_calendar_query_with_a_time_range(caldav_server) -> None:
    server = caldav_server
    inside = server.calendar_url + "inside.ics"
    outside = server.calendar_url + "outside.ics"
    assert server.put(inside, event("inside", start="20270115T100000Z"), create_only=True)[0] == 201
    assert (
        server.put(outside, event("outside", start="20270315T100000Z"), create_only=True)[0] == 201
    )

    query = (
        b'<?xml version="1.0" encoding="utf-8"?>'
        b'<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        b"<D:prop><D:getetag/><C:calendar-data/></D:prop>"
        b'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
        b'<C:time-range start="20270101T000000Z" end="20270201T000000Z"/>'
        b"</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
    )
    reply = server.report(server.calendar_url, query)
    assert reply.status == 207, reply.body
    found = {
        server.url(r.findtext(f"{DAV}href") or ""): r.findtext(f".//{CAL}calendar-data") or ""
        for r in ET.fromstring(reply.body).iter(f"{DAV}response")
    }
    assert list(found) == [inside]
    assert "UID:inside" in found[inside]


# --------------------------------------------------------------------------------------------
# TLS


def test_tls_needs_the_test_ca(radicale_tls) -> None:
    server = radicale_tls
    assert server.base_url.startswith("https://127.0.0.1:")
    token = b64encode(f"{server.username}:{server.password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Depth": "0"}

    request = urllib.request.Request(server.calendar_url, method="PROPFIND", headers=headers)
    context = ssl.create_default_context(cafile=server.ca_file)
    with urllib.request.urlopen(request, context=context, timeout=REQUEST_TIMEOUT) as response:
        assert response.status == 207

    request = urllib.request.Request(server.calendar_url, method="PROPFIND", headers=headers)
    with pytest.raises(urllib.error.URLError) as info:
        urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT)
    assert isinstance(info.value.reason, ssl.SSLCertVerificationError)

    # The helper client uses the CA file too.
    assert server.put(server.calendar_url + "tls.ics", event("tls"))[0] in {201, 204}


# --------------------------------------------------------------------------------------------
# Misbehaving servers


@pytest.mark.parametrize("mode", ["401", "403", "404", "500"])
def test_fault_server_error_statuses(fault_server: Callable[[str], str], mode: str) -> None:
    base = fault_server(mode)
    for method in METHODS:
        status, headers, _ = raw(method, urljoin(base, "/alice/calendars/"))
        assert status == int(mode), method
        if mode == "401":
            assert headers["WWW-Authenticate"] == 'Basic realm="x"'


def test_fault_server_malformed_multistatus(fault_server: Callable[[str], str]) -> None:
    base = fault_server("malformed")
    for method in ("PROPFIND", "REPORT", "GET"):
        status, headers, body = raw(method, base)
        assert status == 207
        assert headers.get_content_type() == "application/xml"
        with pytest.raises(ET.ParseError):
            ET.fromstring(body)


def test_fault_server_html(fault_server: Callable[[str], str]) -> None:
    base = fault_server("html")
    for method in METHODS:
        status, headers, body = raw(method, urljoin(base, "/some/where"))
        assert status == 200
        assert headers.get_content_type() == "text/html"
        assert body.startswith(b"<!DOCTYPE html>") or method == "HEAD"


def test_fault_server_hang(fault_server: Callable[[str], str]) -> None:
    base = fault_server("hang")
    # The client's own 1 s timeout ends the request: the server never answers (no duration is
    # asserted; a hang would end the test at the subprocess-free socket timeout).
    with pytest.raises(TimeoutError):
        raw("PROPFIND", base, timeout=1)


def test_closed_port(closed_port_url: Callable[[], str]) -> None:
    url = closed_port_url()
    assert url.startswith("http://127.0.0.1:")
    with pytest.raises(ConnectionRefusedError):
        raw("GET", url)
