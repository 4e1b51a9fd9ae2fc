"""Writing a user's calendar: never torn, never over someone else's edit, permissions kept.

Crashes are injected at every step of :func:`write_atomic` (the temporary file's write, its
fsync, its chmod, the rename, the folder's fsync): afterwards the file holds exactly the old bytes
or exactly the new ones, and no temporary file is left behind.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from noshow.adapters import safe_write
from noshow.adapters.safe_write import ChangedOnDisk, Snapshot, WriteFailed, write_atomic

OLD = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:interview-fjordline-2026-12-02\r\nDTSTAMP:20261118T141500Z\r\n"
    b"DTSTART:20261202T130000Z\r\nSUMMARY:Interview \xe2\x80\x93 Fjordline AS\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)
NEW = OLD.replace(
    b"END:VEVENT",
    b"BEGIN:VALARM\r\nUID:4898aa20-241e-5233-ad2a-cef1d2e0cc75@noshow\r\nACTION:DISPLAY\r\n"
    b"DESCRIPTION:Interview in 1 hour\r\nTRIGGER:-PT1H\r\nX-NOSHOW-KIND:alarm\r\nEND:VALARM\r\n"
    b"END:VEVENT",
)
#: The other program's edit: same size as OLD, different content.
THEIRS = OLD.replace(b"Fjordline AS", b"FJORDLINE AS")


class Crash(Exception):
    """A simulated crash (the process dies here): not an OSError, so nothing catches it."""


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "calendar.ics"
    path.write_bytes(OLD)
    return path


def leftovers(folder: Path) -> list[str]:
    """Temporary files noshow left in the folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".noshow-tmp"))


def is_folder(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


# -- crash injection ---------------------------------------------------------------------------


class TornStream:
    """A file object whose write stores half the data, then fails."""

    def __init__(self, real: Any, error: BaseException) -> None:
        self.real = real
        self.error = error

    def __enter__(self) -> TornStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise self.error

    def flush(self) -> None:
        self.real.flush()

    def fileno(self) -> int:
        return int(self.real.fileno())


def inject(monkeypatch: pytest.MonkeyPatch, step: str, error: BaseException) -> None:
    """Make one step of the write fail with ``error``."""
    if step == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(
            os, "fdopen", lambda fd, *a, **k: TornStream(real_fdopen(fd, *a, **k), error)
        )
        return
    if step in ("fsync", "folder-fsync"):
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            if is_folder(fd) == (step == "folder-fsync"):
                raise error
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
        return

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(os, {"chmod": "chmod", "replace": "replace"}[step], fail)


STEPS = ["write", "fsync", "chmod", "replace", "folder-fsync"]


@pytest.mark.parametrize("backup", [False, True])
@pytest.mark.parametrize("step", STEPS)
def test_crash_at_any_step_leaves_old_or_new(
    target: Path, monkeypatch: pytest.MonkeyPatch, step: str, backup: bool
) -> None:
    snapshot = Snapshot.take(target)
    inject(monkeypatch, step, Crash(step))
    with pytest.raises(Crash):
        write_atomic(target, NEW, snapshot, backup=backup)
    monkeypatch.undo()
    content = target.read_bytes()
    assert content in (OLD, NEW)
    # Only a crash after the rename (the folder fsync) may leave the new content; with a backup
    # the first folder fsync is the backup's, before the file itself is written.
    assert content == (NEW if step == "folder-fsync" and not backup else OLD)
    assert leftovers(target.parent) == []
    backup_file = target.with_name("calendar.ics.bak")
    assert not backup_file.exists() or backup_file.read_bytes() == OLD


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
def test_io_error_at_any_step_is_write_failed(
    target: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    inject(monkeypatch, step, OSError(errno.EIO, os.strerror(errno.EIO)))
    with pytest.raises(WriteFailed) as caught:
        write_atomic(target, NEW, Snapshot.take(target))
    monkeypatch.undo()
    message = str(caught.value)
    assert message == f"{target}: cannot write: {os.strerror(errno.EIO)}; the file is unchanged"
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_a_folder_that_cannot_be_fsynced_is_no_failure(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some platforms cannot open or fsync a folder; the rename has happened, the write stands.
    inject(monkeypatch, "folder-fsync", OSError(errno.EINVAL, os.strerror(errno.EINVAL)))
    write_atomic(target, NEW, Snapshot.take(target))
    monkeypatch.undo()
    assert target.read_bytes() == NEW
    assert leftovers(target.parent) == []


def test_full_disk(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inject(monkeypatch, "write", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(WriteFailed) as caught:
        write_atomic(target, NEW, Snapshot.take(target), backup=True)
    monkeypatch.undo()
    assert "No space left on device" in str(caught.value)
    assert "the file is unchanged" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_full_disk_on_a_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "new.ics"
    inject(monkeypatch, "fsync", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(WriteFailed, match="No space left on device"):
        write_atomic(path, NEW, None)
    monkeypatch.undo()
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def read_only_folder(target: Path) -> Iterator[Path]:
    target.parent.chmod(0o555)
    try:
        yield target.parent
    finally:
        target.parent.chmod(0o755)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anyway")
def test_read_only_folder(target: Path, read_only_folder: Path) -> None:
    with pytest.raises(WriteFailed, match="Permission denied") as caught:
        write_atomic(target, NEW, Snapshot.take(target), backup=True)
    assert str(caught.value).endswith("the file is unchanged")
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["calendar.ics"]


def test_read_only_folder_simulated(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same refusal as the kernel gives a normal user (runs as root too).
    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(safe_write.tempfile, "mkstemp", mkstemp)
    with pytest.raises(WriteFailed, match="Permission denied"):
        write_atomic(target, NEW, Snapshot.take(target))
    assert target.read_bytes() == OLD


# -- someone else changed the file ------------------------------------------------------------


def changes() -> dict[str, Callable[[Path], None]]:
    def longer(path: Path) -> None:
        path.write_bytes(OLD + b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")

    def same_size(path: Path) -> None:
        path.write_bytes(THEIRS)

    def same_size_same_mtime(path: Path) -> None:
        # An editor or sync tool that keeps the modification time (cp -p, rsync -t), or a
        # file system whose clock tick is coarser than the two writes.
        info = path.stat()
        path.write_bytes(THEIRS)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))

    def deleted(path: Path) -> None:
        path.unlink()

    return {
        "longer": longer,
        "same-size": same_size,
        "same-size-same-mtime": same_size_same_mtime,
        "deleted": deleted,
    }


@pytest.mark.parametrize("change", sorted(changes()))
def test_change_between_read_and_write_is_refused(target: Path, change: str) -> None:
    snapshot = Snapshot.take(target)
    changes()[change](target)
    after = target.read_bytes() if target.exists() else None
    with pytest.raises(ChangedOnDisk, match="changed on disk") as caught:
        write_atomic(target, NEW, snapshot, backup=True)
    assert "nothing written" in str(caught.value)
    assert (target.read_bytes() if target.exists() else None) == after  # their edit stands
    assert not target.with_name("calendar.ics.bak").exists()
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("change", sorted(changes()))
def test_change_right_before_the_rename_is_refused(
    target: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    snapshot = Snapshot.take(target)
    real_chmod = os.chmod

    def chmod(path: Any, mode: int, **kwargs: Any) -> None:
        real_chmod(path, mode, **kwargs)
        if str(path).endswith(".noshow-tmp") and target.exists():
            changes()[change](target)  # the other program saves while noshow is writing

    monkeypatch.setattr(os, "chmod", chmod)
    with pytest.raises(ChangedOnDisk, match="while noshow was writing"):
        write_atomic(target, NEW, snapshot)
    monkeypatch.undo()
    if target.exists():
        assert target.read_bytes() != NEW
    assert leftovers(target.parent) == []


def test_a_touch_without_change_is_no_change(target: Path) -> None:
    snapshot = Snapshot.take(target)
    os.utime(target, ns=(1_800_000_000_000_000_000, 1_800_000_000_000_000_000))
    write_atomic(target, NEW, snapshot)
    assert target.read_bytes() == NEW


def test_new_file_that_appears_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.ics"
    path.write_bytes(THEIRS)
    with pytest.raises(ChangedOnDisk, match="appeared"):
        write_atomic(path, NEW, None)
    assert path.read_bytes() == THEIRS
    path.unlink()
    real_chmod = os.chmod

    def chmod(name: Any, mode: int, **kwargs: Any) -> None:
        real_chmod(name, mode, **kwargs)
        path.write_bytes(THEIRS)

    monkeypatch.setattr(os, "chmod", chmod)
    with pytest.raises(ChangedOnDisk, match="appeared"):
        write_atomic(path, NEW, None)
    monkeypatch.undo()
    assert path.read_bytes() == THEIRS
    assert leftovers(tmp_path) == []


def test_snapshot_of_bytes_already_read(target: Path) -> None:
    assert Snapshot.take(target, OLD) == Snapshot.take(target)
    assert Snapshot.take(target).matches(target)
    assert not Snapshot.take(target, THEIRS).matches(target)


# -- permissions and the backup ---------------------------------------------------------------


def test_permissions_are_kept(target: Path) -> None:
    target.chmod(0o600)
    write_atomic(target, NEW, Snapshot.take(target), backup=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    backup = target.with_name("calendar.ics.bak")
    assert backup.read_bytes() == OLD
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # the copy is as private as the file
    target.chmod(0o640)
    write_atomic(target, OLD, Snapshot.take(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_new_file_mode_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    before = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.ics", NEW, None)
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "new.ics").stat().st_mode) == mode
    assert (tmp_path / "new.ics").read_bytes() == NEW


def test_the_backup_is_the_file_right_before_each_change(target: Path) -> None:
    backup = target.with_name("calendar.ics.bak")
    write_atomic(target, NEW, Snapshot.take(target), backup=False)
    assert not backup.exists()
    made = write_atomic(target, OLD, Snapshot.take(target), backup=True)
    assert made == backup and backup.read_bytes() == NEW  # the file right before this change
    write_atomic(target, NEW + b"X", Snapshot.take(target), backup=True)
    assert backup.read_bytes() == OLD  # refreshed: a message naming it never points further back
    assert target.read_bytes() == NEW + b"X"
    assert sorted(p.name for p in target.parent.iterdir()) == ["calendar.ics", "calendar.ics.bak"]


def test_a_symlinked_calendar_stays_a_link_and_its_target_gets_the_change(target: Path) -> None:
    link = target.with_name("link.ics")
    link.symlink_to(target)
    write_atomic(link, NEW, Snapshot.take(link), backup=True)
    assert link.is_symlink() and target.read_bytes() == NEW
    assert target.with_name("calendar.ics.bak").exists()


def test_a_read_only_calendar_is_refused_and_left_alone(target: Path) -> None:
    before = target.read_bytes()
    target.chmod(0o444)
    try:
        with pytest.raises(WriteFailed, match="read-only"):
            write_atomic(target, NEW, Snapshot.take(target), backup=True)
    finally:
        target.chmod(0o644)
    assert target.read_bytes() == before
    assert not target.with_name("calendar.ics.bak").exists()


def test_temporary_files_of_a_killed_run_are_cleaned_by_the_next(target: Path) -> None:
    leftover = target.with_name(f".{target.name}.abc123.noshow-tmp")
    leftover.write_bytes(b"half a calendar")
    other = target.with_name(".other.ics.abc123.noshow-tmp")
    other.write_bytes(b"another file's")
    write_atomic(target, NEW, Snapshot.take(target))
    assert not leftover.exists() and other.exists()


def test_a_new_file_is_never_created_over_one_that_appeared(target: Path) -> None:
    new = target.with_name("new.ics")
    with pytest.raises(ChangedOnDisk):
        write_atomic(target, NEW, None)
    write_atomic(new, NEW, None)
    assert new.read_bytes() == NEW
