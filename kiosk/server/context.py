"""Everything one running hub holds: settings, database, document store, clock, limiters, signaling, metrics.

One `HubContext` is created per app by `create_app` and reached from routes through `kiosk.server.deps`;
nothing of it exists at import time, so tests can run several hubs in one process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiosk.config import Settings
from kiosk.domain.claims import Catalog, default_catalog
from kiosk.server.db import Database
from kiosk.server.metrics import Metrics
from kiosk.server.security import SlidingWindowLimiter
from kiosk.server.storage import DocumentStore

if TYPE_CHECKING:
    from kiosk.server.signaling import SignalingHub


def utc_now() -> datetime:
    """The current time in UTC (the hub's default clock)."""
    return datetime.now(UTC)


@dataclass
class HubContext:
    """The state of one hub app."""

    settings: Settings
    db: Database
    store: DocumentStore
    metrics: Metrics
    clock: Callable[[], datetime] = utc_now
    catalog: Catalog = field(default_factory=default_catalog)
    login_limiter: SlidingWindowLimiter = field(init=False)
    enroll_limiter: SlidingWindowLimiter = field(init=False)
    #: Set by `create_app` right after construction (the signaling hub needs this context itself).
    signaling: SignalingHub = field(init=False)

    def __post_init__(self) -> None:
        per_minute = self.settings.server.login_attempts_per_minute
        self.login_limiter = SlidingWindowLimiter(per_minute, 60.0)
        # Enrollment codes are short enough to guess at scale; refuse a scan from one address.
        self.enroll_limiter = SlidingWindowLimiter(per_minute * 2, 60.0)

    def now(self) -> datetime:
        """The current time (UTC, aware)."""
        return self.clock()

    def local_now(self, timezone: str) -> datetime:
        """The current time in a branch's time zone."""
        return self.clock().astimezone(ZoneInfo(timezone))
