"""Writing a user's file so that it is never lost, torn, or written over someone else's edit.

1. ``Snapshot.take`` records the file's size, modification time and content hash when read.
2. ``write_atomic`` refuses if the file no longer matches that snapshot (another program changed
   it: its edit wins, noshow writes nothing), makes a ``.bak`` copy before the first in-place
   change, writes a temporary file in the same folder, flushes and fsyncs it, gives it the
   original's permissions, checks the snapshot once more, atomically replaces the original, and
   fsyncs the folder so the rename itself survives a crash.

A crash at any step leaves either the old file or the new one, never a mix; the temporary file
is removed when a step fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from noshow.errors import NoshowError


class ChangedOnDisk(NoshowError):
    """The file changed after noshow read it; nothing was written."""


class WriteFailed(NoshowError):
    """The file could not be written; the original is unchanged."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when noshow read it."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def take(cls, path: Path, data: bytes | None = None) -> Snapshot:
        """The snapshot of ``path`` (whose bytes are ``data`` when already read)."""
        info = path.stat()
        content = path.read_bytes() if data is None else data
        return cls(info.st_size, info.st_mtime_ns, hashlib.sha256(content).hexdigest())

    def matches(self, path: Path) -> bool:
        """Whether ``path`` still holds what it held when the snapshot was taken."""
        try:
            info = path.stat()
        except FileNotFoundError:
            return False
        if info.st_size != self.size:
            return False
        # Same size: compare the content, whatever the mtime says. A same-size edit can keep the
        # mtime (cp -p, rsync -t, a clock tick coarser than two writes); a touch changes only it.
        return hashlib.sha256(path.read_bytes()).hexdigest() == self.sha256


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform lets a folder be opened (Windows)
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _backup(path: Path) -> None:
    """``FILE.bak``, once: the copy of the file before noshow first changed it in place."""
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        return
    _write_new(backup, path.read_bytes(), stat.S_IMODE(path.stat().st_mode))


def _write_new(path: Path, data: bytes, mode: int, guard: Callable[[], None] | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    ``guard`` runs right before the rename and may raise to abandon the write.
    """
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".noshow-tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if guard is not None:
            guard()
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def write_atomic(path: Path, data: bytes, snapshot: Snapshot | None, backup: bool = False) -> None:
    """Replace ``path`` with ``data`` safely; ``snapshot`` None means the file must not exist yet.

    Raises ChangedOnDisk if the file changed since it was read (or appeared, for a new file) and
    WriteFailed for an I/O error (read-only folder, full disk); the original is then unchanged.
    """
    try:
        if snapshot is None:
            if path.exists():
                raise ChangedOnDisk(f"{path}: appeared while noshow was working; nothing written")
            mode = 0o644 & ~_umask()
        else:
            if not snapshot.matches(path):
                raise ChangedOnDisk(
                    f"{path}: changed on disk after noshow read it; nothing written (run again)"
                )
            mode = stat.S_IMODE(path.stat().st_mode)
            if backup:
                _backup(path)

        def unchanged() -> None:
            if snapshot is None and path.exists():
                raise ChangedOnDisk(f"{path}: appeared while noshow was writing; nothing written")
            if snapshot is not None and not snapshot.matches(path):
                raise ChangedOnDisk(
                    f"{path}: changed on disk while noshow was writing; nothing written (run again)"
                )

        _write_new(path, data, mode, unchanged)
    except ChangedOnDisk:
        raise
    except OSError as exc:
        raise WriteFailed(
            f"{path}: cannot write: {exc.strerror or exc}; the file is unchanged"
        ) from exc


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
