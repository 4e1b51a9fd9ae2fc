"""Form posts read into memory within limits: at most so many files and bytes, never spooled to
disk (the server writes nowhere the user did not choose), and a clear message when too big."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field

from starlette.datastructures import UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request

from noshow.web.settings import ServeSettings

#: Form fields (not files) in one post, and the size of one field (pasted invite text).
MAX_FIELDS = 200


class UploadRefused(Exception):
    """The post is over a limit; the message says which, for the person."""

    def __init__(self, message: str, status: int = 413) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def megabytes(count: int) -> str:
    """``10 MB``, ``0.5 MB``."""
    return f"{count / (1024 * 1024):.3g} MB"


@dataclass
class Form:
    """The fields and the files of one post (files with no name and no bytes are left out:
    an empty file input)."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        """The first value of a field, stripped."""
        values = self.fields.get(name)
        return values[0].strip() if values else default

    def last(self, name: str, default: str = "") -> str:
        """The last value of a field: a checkbox after its hidden "off" says "on" when ticked."""
        values = self.fields.get(name)
        return values[-1].strip() if values else default

    def all(self, name: str) -> list[str]:
        """Every non-empty value of a repeated field."""
        return [v.strip() for v in self.fields.get(name, []) if v.strip()]


async def _replay(body: bytes) -> AsyncGenerator[bytes, None]:
    yield body


async def read_form(request: Request, settings: ServeSettings) -> Form:
    """The post's fields and files, or UploadRefused when it is over a limit."""
    limit = settings.max_total_bytes
    too_big = f"The upload is larger than {megabytes(limit)} in all: choose fewer or smaller files."
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise UploadRefused(too_big)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise UploadRefused(too_big)
    content_type = request.headers.get("content-type", "")
    form = Form()
    try:
        if content_type.startswith("multipart/form-data"):
            parser = MultiPartParser(
                request.headers,
                _replay(bytes(body)),
                max_files=settings.max_files,
                max_fields=MAX_FIELDS,
                max_part_size=limit,
            )
            # Files stay in memory: the spool is larger than the whole post can be.
            parser.spool_max_size = limit + 1
            items = (await parser.parse()).multi_items()
        elif content_type.startswith("application/x-www-form-urlencoded"):
            plain = FormParser(
                request.headers, _replay(bytes(body)), max_fields=MAX_FIELDS, max_part_size=limit
            )
            items = (await plain.parse()).multi_items()
        else:
            items = []
    except MultiPartException as exc:
        text = str(exc)
        if "Too many files" in text:
            raise UploadRefused(f"Too many files: at most {settings.max_files} at a time.") from exc
        raise UploadRefused(f"The form could not be read: {text}", 400) from exc
    for key, value in items:
        if isinstance(value, UploadFile):
            data = await value.read()
            name = value.filename or ""
            await value.close()
            if name or data:
                form.files.append((name or "upload", data))
        else:
            form.fields.setdefault(key, []).append(value)
    return form


@dataclass
class UploadStore:
    """The inputs of the last few posts, in memory only, so the Slots, Drafts and Import pages
    can work on an invite checked a moment ago. Ids are random; the oldest are forgotten."""

    capacity: int = 64
    _items: OrderedDict[str, tuple[tuple[str, bytes], ...]] = field(default_factory=OrderedDict)

    def put(self, inputs: list[tuple[str, bytes]]) -> str:
        """Keep the inputs; their id."""
        key = secrets.token_urlsafe(16)
        self._items[key] = tuple(inputs)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> tuple[tuple[str, bytes], ...] | None:
        """The inputs kept under ``key``, or None when unknown or forgotten."""
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found
