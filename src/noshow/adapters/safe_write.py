"""Writing a user's file so that it is never lost, torn, or written over someone else's edit.

1. ``Snapshot.take`` records the file's size, modification time and content hash when read.
2. ``write_atomic`` takes an advisory lock on the folder (other noshow processes wait), removes
   temporary files a killed run left, refuses if the file no longer matches that snapshot
   (another program changed it: its edit wins, noshow writes nothing) or is read-only, refreshes
   the ``.bak`` copy (the file right before this change), writes a temporary file in the same
   folder, flushes and fsyncs it, gives it the original's permissions, checks the snapshot once
   more, atomically replaces the original (or, for a new file, links it in only if nothing is
   there), and fsyncs the folder so the rename itself survives a crash. A symlink is written
   through: its target changes, the link stays.

A crash at any step leaves either the old file or the new one, never a mix; the temporary file
is removed when a step fails, or by the next run when the process was killed.

The window that remains: a program that is not noshow (and so does not take the lock) may write
the file between the last snapshot check and the rename, a few system calls apart; its edit is
then replaced. POSIX offers no compare-and-swap rename to close it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
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


def _backup(path: Path) -> Path:
    """``FILE.bak``: the file as it was right before this change (refreshed on every in-place
    write, so the message that names it never points to an older state)."""
    backup = path.with_name(path.name + ".bak")
    _write_new(backup, path.read_bytes(), stat.S_IMODE(path.stat().st_mode) & 0o600 or 0o600)
    return backup


#: A temporary file of noshow's: ``.NAME.<random>.noshow-tmp`` beside NAME.
TEMP_SUFFIX = ".noshow-tmp"


def _write_new(
    path: Path,
    data: bytes,
    mode: int,
    guard: Callable[[], None] | None = None,
    create_only: bool = False,
) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename (or, with
    ``create_only``, an atomic link that fails when something is already there).

    ``guard`` runs right before the rename and may raise to abandon the write.
    """
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if guard is not None:
            guard()
        if create_only:
            try:
                os.link(temporary, path)
            except FileExistsError as exc:
                raise ChangedOnDisk(
                    f"{path}: appeared while noshow was writing; nothing written"
                ) from exc
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An advisory lock on the folder against other noshow processes writing there (POSIX
    flock on the folder itself, so no lock file is left behind; nothing where unsupported).
    Programs that are not noshow do not take it: the snapshot checks cover them."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def clean_leftovers(path: Path) -> list[Path]:
    """Remove temporary files a killed noshow run left beside ``path`` (call with the folder
    lock held: then no other noshow process is writing one)."""
    removed = []
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def real_path(path: Path) -> Path:
    """Where writes go: through a symlink to the file it points to (so a synced calendar that
    is a link stays a link, and the real file gets the change)."""
    return path.resolve() if path.is_symlink() else path


def write_atomic(
    path: Path,
    data: bytes,
    snapshot: Snapshot | None,
    backup: bool = False,
) -> Path | None:
    """Replace ``path`` with ``data`` safely; ``snapshot`` None means the file must not exist yet.

    Writes through a symlink to its target; refuses a file that is not writable; holds the
    folder lock while it re-checks the snapshot and renames. Returns the backup's path, if any.
    Raises ChangedOnDisk if the file changed since it was read (or appeared, for a new file) and
    WriteFailed for an I/O error (read-only file or folder, full disk); the original is then
    unchanged.
    """
    path = real_path(path)
    made: Path | None = None
    try:
        with folder_lock(path.parent):
            clean_leftovers(path)
            if snapshot is None:
                if path.exists():
                    raise ChangedOnDisk(
                        f"{path}: appeared while noshow was working; nothing written"
                    )
                mode = 0o644 & ~_umask()
            else:
                if not snapshot.matches(path):
                    raise ChangedOnDisk(
                        f"{path}: changed on disk after noshow read it; nothing written (run again)"
                    )
                mode = stat.S_IMODE(path.stat().st_mode)
                # Its owner made it read-only (0444) or we may not write it: either way, no.
                if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
                    raise WriteFailed(f"{path}: the file is read-only; nothing written")
                if backup:
                    made = _backup(path)

            def unchanged() -> None:
                if snapshot is None and path.exists():
                    raise ChangedOnDisk(
                        f"{path}: appeared while noshow was writing; nothing written"
                    )
                if snapshot is not None and not snapshot.matches(path):
                    raise ChangedOnDisk(
                        f"{path}: changed on disk while noshow was writing; nothing written (run again)"
                    )

            _write_new(path, data, mode, unchanged, create_only=snapshot is None)
    except (ChangedOnDisk, WriteFailed):
        raise
    except OSError as exc:
        raise WriteFailed(
            f"{path}: cannot write: {exc.strerror or exc}; the file is unchanged"
        ) from exc
    return made


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
