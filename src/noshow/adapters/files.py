"""Reading inputs from files, folders and standard input, with a size limit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from noshow.errors import InviteError
from noshow.invites import Document, read_document
from noshow.model import InputProblem

#: Default size limit for one input file (an invite, an email).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: The one size limit for a calendar, for every command that reads or writes one: an .ics file,
#: each file of a vdir, each CalDAV resource, a calendar on standard input (200 MB).
CALENDAR_MAX_BYTES = 20 * DEFAULT_MAX_BYTES
#: Extensions picked up when a folder is given.
INVITE_SUFFIXES = (".ics", ".ical", ".ifb", ".eml")


@dataclass(frozen=True)
class RawInput:
    """The bytes of one input, or why there are none."""

    source: str
    data: bytes | None
    error: str | None = None


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InviteError(f"larger than the {limit / (1024 * 1024):.3g} MB limit (--max-size)")
    return data


def _read_file(path: Path, limit: int) -> bytes:
    if path.stat().st_size > limit:
        raise InviteError(f"larger than the {limit / (1024 * 1024):.3g} MB limit (--max-size)")
    with path.open("rb") as handle:
        return _read_limited(handle, limit)


def _folder_files(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(INVITE_SUFFIXES):
                yield Path(root) / name


def count_inputs(arguments: list[str]) -> int:
    """How many inputs :func:`read_inputs` will yield (files are listed, not read): the total
    of a progress bar."""
    total = 0
    for argument in arguments:
        path = Path(argument)
        if argument != "-" and path.is_dir():
            total += max(1, sum(1 for _ in _folder_files(path)))
        else:
            total += 1
    return total


def read_inputs(
    arguments: list[str], stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawInput]:
    """Yield the bytes of each input: files, every invite file in folders, ``-`` for stdin."""
    for argument in arguments:
        if argument == "-":
            if stdin is None:
                yield RawInput("-", None, "standard input is not available")
                continue
            try:
                yield RawInput("<stdin>", _read_limited(stdin, max_bytes))
            except InviteError as exc:
                yield RawInput("<stdin>", None, str(exc))
            continue
        path = Path(argument)
        if path.is_dir():
            found = False
            for file in _folder_files(path):
                found = True
                yield _one(str(file), file, max_bytes)
            if not found:
                yield RawInput(argument, None, "folder holds no .ics or .eml files")
            continue
        yield _one(argument, path, max_bytes)


def _one(source: str, path: Path, limit: int) -> RawInput:
    try:
        return RawInput(source, _read_file(path, limit))
    except FileNotFoundError:
        return RawInput(source, None, "no such file")
    except PermissionError:
        return RawInput(source, None, "permission denied")
    except IsADirectoryError:
        return RawInput(source, None, "is a directory")
    except InviteError as exc:
        return RawInput(source, None, str(exc))
    except OSError as exc:
        return RawInput(source, None, f"cannot read: {exc.strerror or exc}")


def read_documents(
    arguments: list[str],
    you_zone: str,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Read and parse every input; an unreadable one becomes a Document with a problem."""
    for raw in read_inputs(arguments, stdin, max_bytes):
        if raw.data is None:
            yield Document(raw.source, (), (InputProblem(raw.source, raw.error or "unreadable"),))
        else:
            yield read_document(raw.source, raw.data, you_zone)
