"""Run noshow in a child process with a memory limit and a hang guard.

The bound on hostile input is checked without a clock: the child gets an address-space limit
(``RLIMIT_AS``) and a timeout of minutes (``budgets.REQUEST_TIMEOUT``). Exceeding the memory
limit fails the run (a MemoryError or a kill, never exit 0/1/2), and the timeout only fires
when the run hangs, so a loaded machine makes the test slower, never red.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

from budgets import REQUEST_TIMEOUT

#: Address space a child may use: the interpreter with noshow, icalendar and tzdata loaded is
#: about 150 MB; a linear reader of a 10 MB input stays far below this.
MEMORY_LIMIT = 1536 * 1024 * 1024

#: The child sets its own limit first (no preexec_fn: the test process may run server threads).
_MAIN = (
    "import resource, sys; limit = int(sys.argv.pop(1));"
    " resource.setrlimit(resource.RLIMIT_AS, (limit, limit));"
    " from noshow.cli.main import main; sys.argv[0] = 'noshow'; main()"
)


@dataclass(frozen=True)
class Run:
    """What a guarded child did."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def exception(self) -> None:  # the same shape as click's Result for shared assertions
        return None


def run_noshow(
    *args: str,
    stdin: bytes | None = None,
    memory: int = MEMORY_LIMIT,
    timeout: float = REQUEST_TIMEOUT,
    cwd: str | None = None,
) -> Run:
    """``noshow ARGS`` in a child process; a hang fails the test with a clear message."""
    env = {**os.environ, "NOSHOW_DEBUG": "1", "COLUMNS": "200"}  # a traceback, if any, in full
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MAIN, str(memory), *args],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=timeout,
            env=env,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(
            f"noshow {' '.join(args)[:300]} hung (no end in {timeout:g} s)"
        ) from exc
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
