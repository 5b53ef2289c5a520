"""Who is online across the cluster, for routes and the dashboard: each branch's owner writes a summary of its
branch to Redis every second (`ClusterNode.publish_presence`); `ClusterPresence` reads them back."""

from __future__ import annotations

import threading
import time
from typing import Any

from kiosk.server.cluster.link import ClusterLink
from kiosk.server.events import OfficerPresence

#: A summary read is reused this long (a booth list asks once per booth).
CACHE_S = 0.5


class ClusterPresence:
    """`kiosk.server.events.Presence` over every instance's branches."""

    def __init__(self, link: ClusterLink) -> None:
        self.link = link
        self._lock = threading.Lock()
        self._cached: tuple[float, dict[str, dict[str, Any]]] = (0.0, {})

    def _summaries(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            at, summaries = self._cached
            if time.monotonic() - at < CACHE_S:
                return summaries
        try:
            summaries = self.link.read_presence()
        except Exception:  # Redis away: nobody can be shown as connected
            summaries = {}
        with self._lock:
            self._cached = (time.monotonic(), summaries)
        return summaries

    def booth_connected(self, booth_id: int) -> bool:
        """True while the booth has an open signaling connection on any instance."""
        return booth_id in self.connected_booths()

    def connected_booths(self) -> frozenset[int]:
        """The booths with an open signaling connection on any instance."""
        return frozenset(b for s in self._summaries().values() for b in s.get("booths", ()))

    def officers(self, branch_code: str) -> tuple[OfficerPresence, ...]:
        """A branch's officers with a console, by name."""
        summary = self._summaries().get(branch_code, {})
        return tuple(OfficerPresence(**o) for o in summary.get("officers", ()))
