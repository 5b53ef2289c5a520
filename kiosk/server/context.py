"""Everything one running hub holds: settings, database, document store, clock, limiters, events, metrics.

One `HubContext` is created per app by `create_app` and reached from routes through `kiosk.server.deps`;
nothing of it exists at import time, so tests can run several hubs in one process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from kiosk.config import Settings
from kiosk.domain.access import Principal
from kiosk.domain.claims import Catalog, default_catalog
from kiosk.server.db import Database
from kiosk.server.events import AccessRevoked, EventBus, NoPresence, Presence, TokensCleared
from kiosk.server.metrics import Metrics
from kiosk.server.security import token_hash
from kiosk.server.services.limits import AttemptLimiter
from kiosk.server.storage import BlobStore, open_stores


class TokenCache:
    """Principals of recently seen tokens, so a request does not need a database round trip to authenticate.

    Entries live `ttl_s` seconds: a token that expires is refused at most that much later. Logout and
    re-enrollment drop entries at once (`discard`, `clear`).
    """

    def __init__(self, ttl_s: float = 5.0, max_entries: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> Principal | None:
        """The cached principal of `token`, if still fresh."""
        key = token_hash(token)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[1] < time.monotonic():
                del self._entries[key]
                return None
            return entry[0]

    def put(self, token: str, principal: Principal) -> None:
        """Remember a token that authenticated."""
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[token_hash(token)] = (principal, time.monotonic() + self.ttl_s)

    def discard(self, token: str) -> None:
        """Forget one token (logout)."""
        with self._lock:
            self._entries.pop(token_hash(token), None)

    def discard_hash(self, hashed: str) -> None:
        """Forget one token by its hash."""
        with self._lock:
            self._entries.pop(hashed, None)

    def discard_user(self, user_id: int) -> None:
        """Forget every token of a user (disabled or deleted: no request may pass on a cached entry)."""
        with self._lock:
            for key in [k for k, (p, _) in self._entries.items() if p.role.is_staff and p.subject_id == user_id]:
                del self._entries[key]

    def forget(self, event: AccessRevoked) -> None:
        """Drop what an `AccessRevoked` event revoked (subscribed by `HubContext`)."""
        if event.token_hash is not None:
            self.discard_hash(event.token_hash)
        else:
            self.discard_user(event.user_id)

    def clear(self) -> None:
        """Forget every token (a booth was enrolled again: its old token must stop working now)."""
        with self._lock:
            self._entries.clear()


def utc_now() -> datetime:
    """The current time in UTC (the hub's default clock)."""
    return datetime.now(UTC)


@dataclass
class HubContext:
    """The state of one hub app."""

    settings: Settings
    db: Database
    store: BlobStore
    metrics: Metrics
    clock: Callable[[], datetime] = utc_now
    catalog: Catalog = field(default_factory=default_catalog)
    #: Counts guesses of secrets (logins, enrollment and booking codes) in the database, across hub processes.
    limiter: AttemptLimiter = field(init=False)
    #: Bounds the argon2 verifications running at once: a flood of logins queues here instead of taking every
    #: core (and memory: 64 MiB each) from the requests that are not logins.
    password_checks: threading.BoundedSemaphore = field(init=False)
    tokens: TokenCache = field(default_factory=TokenCache)
    #: Session recordings (Matroska/WebM/MP4), in the configured backend (`recording_store`, or the settings').
    recordings: BlobStore = field(init=False)
    #: What routes announce (`kiosk.server.events`); the signaling hub subscribes to it.
    events: EventBus = field(default_factory=EventBus)
    #: Who is online; `create_app` attaches its signaling hub here.
    presence: Presence = field(default_factory=NoPresence)
    #: The recording store `create_app` opened with `store`; None: open it from the settings.
    recording_store: InitVar[BlobStore | None] = None

    def __post_init__(self, recording_store: BlobStore | None) -> None:
        self.recordings = recording_store or open_stores(self.settings).recordings
        self.limiter = AttemptLimiter(self.db, lambda: self.clock().timestamp())
        self.password_checks = threading.BoundedSemaphore(self.settings.server.password_checks_at_once)
        # A revoked token or disabled user must not pass on a cached entry for the cache's remaining seconds.
        self.events.subscribe(AccessRevoked, self.tokens.forget)
        self.events.subscribe(TokensCleared, lambda _event: self.tokens.clear())

    def now(self) -> datetime:
        """The current time (UTC, aware)."""
        return self.clock()

    def local_now(self, timezone: str) -> datetime:
        """The current time in a branch's time zone."""
        return self.clock().astimezone(ZoneInfo(timezone))
