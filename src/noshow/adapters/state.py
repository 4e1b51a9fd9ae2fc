"""The state file of ``noshow daily``: what earlier runs told you, read and written safely.

It lives in the platform's user state folder (``~/.local/state/noshow/daily.json`` on Linux),
or where ``--state`` / ``NOSHOW_STATE`` say. It is written with
:func:`~noshow.adapters.safe_write.write_atomic` (a temporary file, fsync, rename): a crash
during the write leaves the previous state whole, so at worst the next run tells you again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from noshow.adapters.safe_write import Snapshot, write_atomic
from noshow.config import APP_NAME
from noshow.digest import State
from noshow.errors import ConfigError

#: The environment variable that moves the state file (tests, several profiles).
STATE_ENV = "NOSHOW_STATE"
#: The state file's name in the state folder.
STATE_NAME = "daily.json"
#: A state file larger than this is not noshow's.
MAX_BYTES = 5_000_000


def default_path() -> Path:
    """``daily.json`` in the platform's user state folder (or ``$NOSHOW_STATE``)."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_state_dir(APP_NAME)) / STATE_NAME


def load(path: Path) -> tuple[State, Snapshot | None]:
    """The state in ``path`` (an empty one when there is none yet) and its snapshot for the
    write; ConfigError naming the file when it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return State(), None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the state file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: not a noshow state file (larger than {MAX_BYTES} bytes)")
    try:
        state = State.from_json(json.loads(data.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(
            f"{path}: not a noshow state file ({exc}); move it away and run again to start afresh"
        ) from None
    return state, Snapshot.take(path, data)


def save(path: Path, state: State, snapshot: Snapshot | None) -> None:
    """Replace the state file atomically (the previous one stays whole if anything fails).
    ChangedOnDisk when another run wrote it since it was read."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError(
            f"{path.parent}: cannot create the state folder: {exc.strerror or exc}"
        ) from None
    text = json.dumps(state.as_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"), snapshot)
