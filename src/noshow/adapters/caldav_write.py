"""A CalDAV calendar as a calendar noshow writes into (the writer contract on a server).

- Items are found by UID with a ``calendar-query`` text-match on UID (RFC 4791 9.7.5), and
  noshow's own items for an interview by a text-match on RELATED-TO, in every calendar given:
  never by href, because clients choose hrefs freely.
- An item is changed from the bytes of a ``GET`` (a REPORT's XML turns CRLF into LF) and written
  back with ``If-Match: <that ETag>``; a new item is created at an href derived from its UID with
  ``If-None-Match: *``, so nothing existing is ever replaced (RFC 9110 13.1.1/13.1.2, RFC 4791
  5.3.2). A 412 is a :class:`WriteConflict`: the session fetches again and re-applies.
- A UID that the server already holds at another href (Radicale answers 409, Xandikos 412) is a
  conflict too; the item is then reported as skipped, never written twice.

Nothing is ever deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from noshow.adapters.caldav_store import (
    _CALDAV,
    _DAV,
    CalDAVError,
    Connection,
    PreconditionFailed,
    RemoteCalendar,
    item_url,
)
from noshow.adapters.ics_store import decode, encode
from noshow.calendars.writer import Item, WriteConflict


def _text_match_query(component: str, prop: str, value: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<c:calendar-query xmlns:d="{_DAV}" xmlns:c="{_CALDAV}">'
        "<d:prop><d:getetag/></d:prop>"
        f'<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="{component}">'
        f'<c:prop-filter name="{prop}"><c:text-match collation="i;octet">'
        f"{escape(value)}</c:text-match></c:prop-filter>"
        "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"
    )


@dataclass
class CalDAVWriter:
    """The calendars of one account; new items go to ``target``."""

    connection: Connection
    calendars: list[RemoteCalendar]
    target: RemoteCalendar
    name: str = ""
    single: bool = False
    _found: dict[tuple[str, str], list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.name = self.name or self.target.url

    def _query(self, prop: str, value: str) -> list[str]:
        key = (prop, value)
        if key not in self._found:
            hrefs: list[str] = []
            for calendar in self.calendars:
                for component in ("VEVENT", "VTODO", "VJOURNAL"):
                    if component not in calendar.components:
                        continue
                    body = _text_match_query(component, prop, value)
                    resources = self.connection._report(calendar.url, body, with_data=False)
                    hrefs.extend(r.url for r in resources if r.url not in hrefs)
            self._found[key] = hrefs
        return self._found[key]

    def find(self, uid: str) -> list[str]:
        return self._query("UID", uid)

    def related(self, uid: str) -> list[str]:
        return self._query("RELATED-TO", uid)

    def href_for(self, uid: str) -> str:
        return item_url(self.target, uid)

    def load(self, href: str) -> Item | None:
        resource = self.connection.get(href)
        if resource is None:
            return None
        return Item(href, decode(resource.data), resource.etag)

    def store(self, href: str, text: str, base: Item | None) -> None:
        try:
            if base is None:
                self.connection.put(href, encode(text), create=True)
            else:
                etag = base.version
                if not isinstance(etag, str) or not etag:
                    raise CalDAVError(
                        f"{self.connection.account.server}: {href} came without an ETag; noshow "
                        "writes only with a precondition, so it changed nothing there"
                    )
                self.connection.put(href, encode(text), etag=etag)
        except PreconditionFailed as exc:
            raise WriteConflict(href) from exc

    def accepts(self, component: str) -> bool:
        return component in self.target.components
