"""What the server was started with: the config, you, the clock, the calendars, the limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from noshow.cli.options import Common
from noshow.config import Config
from noshow.model import You

#: Default limits on one form post: files, bytes per file, bytes in all.
MAX_FILES = 20
MAX_TOTAL_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class ServeSettings:
    """Everything a request needs besides its own inputs.

    ``now`` is None for the real clock; a fixed instant (``--now``) makes the page reproducible
    (tests, demos). ``calendars`` are the calendars the page reads (busy time, the agenda) and
    the only ones it may write into: the server never writes anywhere else.
    """

    config: Config
    you: You
    now: datetime | None = None
    calendars: tuple[str, ...] = ()
    max_file_bytes: int = 10 * 1024 * 1024
    max_files: int = MAX_FILES
    max_total_bytes: int = MAX_TOTAL_BYTES
    #: Served beyond this machine (``--host`` given explicitly): any Host header is answered.
    public: bool = False

    def common(self) -> Common:
        """The resolved shared options of one request, as the command line has them."""
        return Common(config=self.config, you=self.you, now=self.now or datetime.now(UTC))
