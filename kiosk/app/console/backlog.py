"""What a console has not yet delivered, sent to the hub with every heartbeat so the branch dashboard can show it
and warn when it does not drain: approved claims still in the outbox, finished recordings still on disk, and the
age of the oldest of them.

A claim normally leaves within seconds and a recording at the session's end; one that stays means the console
cannot reach the hub or the claims backend, which the officer at a busy console may not notice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Container
from pathlib import Path

from kiosk.app.console.recordings import recording_files
from kiosk.app.device_report import APP_VERSION, DiskWatch
from kiosk.client.outbox import DeliveryState, Outbox
from kiosk.protocol import HeartbeatPayload


class BacklogReport:
    """Builds the console's heartbeat: its version, free disk and what waits to be delivered."""

    def __init__(
        self,
        outbox: Outbox,
        recordings: Path,
        busy: Container[str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.outbox = outbox
        self.recordings = recordings
        #: Sessions still being recorded: their file is not a backlog yet.
        self.busy = busy
        self._clock = clock
        self._disk = DiskWatch(recordings.parent)

    def __call__(self) -> HeartbeatPayload:
        """The heartbeat payload (called by the signaling client every heartbeat interval)."""
        now = self._clock()
        claims = self.outbox.entries(DeliveryState.PENDING)
        ages = [now - entry.created_at for entry in claims]
        files = [path for path in recording_files(self.recordings) if path.stem not in self.busy]
        for path in files:
            try:
                ages.append(now - path.stat().st_mtime)
            except OSError:  # uploaded and deleted in between
                continue
        return HeartbeatPayload(
            app_version=APP_VERSION,
            free_disk_mb=self._disk.free_mb(),
            claims_unsent=len(claims),
            recordings_unsent=len(files),
            oldest_unsent_s=round(max(0.0, max(ages)), 1) if ages else None,
        )
