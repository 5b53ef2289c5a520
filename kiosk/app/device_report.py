"""What a booth or console tells the hub about itself with each heartbeat besides its devices: the program's
version and the free disk where it keeps its data (the branch dashboard shows both, and warns on a full disk).

Free space is read at most every `DiskWatch.every_s` seconds: heartbeats come every few seconds, and a file
system's free space does not need to be re-read that often.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kiosk import __version__
from kiosk.system.disk import free_space

#: The version the programs report (the installed package's, or ``0.0.0+source`` from a checkout).
APP_VERSION = __version__[:40]


class DiskWatch:
    """The free space (MiB) of the file system holding `path`, re-read at most every `every_s` seconds."""

    def __init__(self, path: Path, every_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.every_s = every_s
        self._clock = clock
        self._read_at: float | None = None
        self._free_mb: int | None = None

    def free_mb(self) -> int | None:
        """Free MiB, or None when the file system cannot be read."""
        now = self._clock()
        if self._read_at is None or now - self._read_at >= self.every_s:
            self._read_at = now
            try:
                self._free_mb = free_space(self.path)[1] // (1024 * 1024)
            except OSError:
                self._free_mb = None
        return self._free_mb
