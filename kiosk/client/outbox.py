"""A durable outbox: approved claims are delivered exactly once, across backend outages and console restarts.

The console never sends a claim directly. `Outbox.enqueue` writes it to a SQLite file in the console's data
dir, with an idempotency key chosen once per claim, before anything goes on the wire; a worker (`Outbox.run`,
one asyncio task) then delivers due entries one at a time through a blocking `Sender` run in an executor.

Why this is exactly once:

- one entry per session (a UNIQUE column), so a second "submit" of the same session returns the first entry;
- the idempotency key is stored with the entry and sent with every attempt, so an attempt whose answer was lost
  (timeout, crash, power cut after the backend stored the claim) is repeated with the same key, and the
  backend answers with the claim it already has instead of creating another;
- state changes are committed (``synchronous=FULL``) before the next step, so a restart continues where the
  previous process stopped: pending entries are tried again at once.

How answers are treated (the `Sender` classifies them, see `kiosk.client.claims_api`):

- `Delivered`: stored with the backend's reference; the payload is then erased from the file, because the
  backend holds the claim now and the console should keep no personal data it no longer needs.
- `Refused` (a 4xx that says the claim itself is wrong): final. It is never retried blindly; the officer sees
  the server's reason and may `resubmit` a corrected claim, which gets a new key.
- `Retry` (5xx, timeout, connection refused, 429, an expired login): tried again after an exponential backoff
  with jitter, or after the server's Retry-After; `wake()` retries at once (the hub came back, the officer
  logged in again).

Pure asyncio + a blocking sender in an executor; no Qt. Listeners get every changed `OutboxEntry` on the loop's
thread. Nothing here logs payloads: only keys, session ids, states and HTTP status codes.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

OUTBOX_FILE_NAME = "outbox.sqlite3"


class DeliveryState(enum.Enum):
    """Where an outbox entry stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    REFUSED = "refused"


@dataclass(frozen=True)
class OutboxEntry:
    """One claim waiting for, or done with, delivery."""

    key: str
    session_id: str
    payload: Mapping[str, Any]
    state: DeliveryState
    attempts: int
    created_at: float
    updated_at: float
    next_attempt_at: float
    last_error: str = ""
    reference: str | None = None
    refusal_code: str | None = None
    refusal_message: str | None = None


@dataclass(frozen=True)
class Delivered:
    """The backend has the claim; `reference` is its claim reference."""

    reference: str


@dataclass(frozen=True)
class Refused:
    """The backend refused the claim itself (a 4xx); never retried blindly."""

    status: int
    code: str
    message: str


@dataclass(frozen=True)
class Retry:
    """The claim could not be delivered now (5xx, timeout, unreachable, login expired); try again later."""

    reason: str
    retry_after_s: float | None = None


DeliveryResult = Delivered | Refused | Retry


class Sender(Protocol):
    """Delivers one entry, blocking (it runs in an executor), and classifies the outcome."""

    def __call__(self, key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        """Send `payload` with idempotency key `key`."""
        ...


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: `first_s` doubling up to `max_s`, each wait scaled by 1 ± `jitter`."""

    first_s: float = 1.0
    factor: float = 2.0
    max_s: float = 60.0
    jitter: float = 0.2
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failed attempt (1-based)."""
        base = min(self.max_s, self.first_s * self.factor ** max(0, attempts - 1))
        return max(0.0, base * (1 + self.jitter * (2 * self.rng.random() - 1)))


class OutboxError(Exception):
    """An outbox operation that is not allowed (e.g. resubmitting a claim that is not refused)."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY,
    session_id TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    next_attempt_at REAL NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    reference TEXT,
    refusal_code TEXT,
    refusal_message TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
"""

_COLUMNS = (
    "key, session_id, payload, state, attempts, created_at, updated_at, next_attempt_at, last_error, "
    "reference, refusal_code, refusal_message"
)

Listener = Callable[[OutboxEntry], None]


class Outbox:
    """The durable, exactly-once claim outbox (see the module docstring)."""

    def __init__(
        self,
        path: Path,
        sender: Sender,
        *,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
        executor: Executor | None = None,
        attempt_timeout_s: float = 30.0,
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._sender = sender
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._executor = executor
        self._attempt_timeout_s = attempt_timeout_s
        self._listeners: list[Listener] = []
        self._wake: asyncio.Event | None = None
        self._idle: asyncio.Event | None = None
        # Local writes of a few hundred bytes take well under a millisecond, so they run on the loop's
        # thread; that also keeps every write in one order without locks.
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        # A restart (or a fresh open) retries every pending entry at once: the backend may be back.
        self._db.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE state = ? AND next_attempt_at > ?",
            (self._clock(), DeliveryState.PENDING.value, self._clock()),
        )

    # ------------------------------------------------------------------------------------------ queries

    def get(self, session_id: str) -> OutboxEntry | None:
        """The entry of a session, or None."""
        row = self._db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE session_id = ?", (session_id,)).fetchone()
        return None if row is None else _entry(row)

    def entries(self, state: DeliveryState | None = None) -> list[OutboxEntry]:
        """All entries (optionally of one state), oldest first."""
        if state is None:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM outbox ORDER BY created_at, key").fetchall()
        else:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE state = ? ORDER BY created_at, key", (state.value,)
            ).fetchall()
        return [_entry(row) for row in rows]

    def pending_count(self) -> int:
        """How many claims still wait for delivery."""
        row = self._db.execute("SELECT COUNT(*) FROM outbox WHERE state = ?", (DeliveryState.PENDING.value,))
        count: int = row.fetchone()[0]
        return count

    # ---------------------------------------------------------------------------------------- commands

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every entry that changes; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def enqueue(self, session_id: str, payload: Mapping[str, Any]) -> OutboxEntry:
        """Store a claim for delivery; a session that already has an entry gets that entry back unchanged."""
        existing = self.get(session_id)
        if existing is not None:
            return existing
        now = self._clock()
        key = f"claim-{uuid.uuid4()}"
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT OR IGNORE INTO outbox (key, session_id, payload, state, created_at, updated_at, "
                "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, session_id, json.dumps(dict(payload)), DeliveryState.PENDING.value, now, now, now),
            )
        entry = self.get(session_id)
        assert entry is not None  # just written
        log.info("outbox: claim of session %s queued as %s", session_id, entry.key)
        self._changed(entry)
        self.wake()
        return entry

    def resubmit(self, session_id: str, payload: Mapping[str, Any]) -> OutboxEntry:
        """Replace a refused claim by a corrected one, under a new idempotency key (an officer's decision)."""
        entry = self.get(session_id)
        if entry is None or entry.state is not DeliveryState.REFUSED:
            raise OutboxError("only a refused claim can be resubmitted")
        now = self._clock()
        key = f"claim-{uuid.uuid4()}"
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "UPDATE outbox SET key = ?, payload = ?, state = ?, attempts = 0, updated_at = ?, "
                "next_attempt_at = ?, last_error = '', refusal_code = NULL, refusal_message = NULL "
                "WHERE session_id = ?",
                (key, json.dumps(dict(payload)), DeliveryState.PENDING.value, now, now, session_id),
            )
        fresh = self.get(session_id)
        assert fresh is not None
        self._changed(fresh)
        self.wake()
        return fresh

    def wake(self) -> None:
        """Try every pending entry now, skipping what remains of its backoff (e.g. the hub is back)."""
        self._db.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE state = ?", (self._clock(), DeliveryState.PENDING.value)
        )
        if self._wake is not None:
            self._wake.set()

    async def run(self) -> None:
        """Deliver due entries until cancelled (start it once, as a task on the app's loop)."""
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        try:
            while True:
                entry = self._next_pending()
                now = self._clock()
                if entry is not None and entry.next_attempt_at <= now:
                    self._idle.clear()
                    await self._attempt(entry)
                    continue
                self._idle.set()
                self._wake.clear()
                timeout = None if entry is None else max(0.01, entry.next_attempt_at - now)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout)
        finally:
            self._wake = None
            self._idle = None

    async def wait_idle(self, limit_s: float = 10.0) -> None:
        """Wait until nothing is due right now (tests and orderly shutdown); `TimeoutError` after `limit_s`."""
        for _ in range(max(1, int(limit_s / 0.02))):
            entry = self._next_pending()
            nothing_due = entry is None or entry.next_attempt_at > self._clock()
            if nothing_due and (self._idle is None or self._idle.is_set()):
                return
            await asyncio.sleep(0.02)
        raise TimeoutError("the outbox did not become idle")

    def close(self) -> None:
        """Close the file (pending entries stay for the next start)."""
        self._db.close()

    # ---------------------------------------------------------------------------------------- internals

    def _next_pending(self) -> OutboxEntry | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = ? ORDER BY next_attempt_at, created_at LIMIT 1",
            (DeliveryState.PENDING.value,),
        ).fetchone()
        return None if row is None else _entry(row)

    async def _attempt(self, entry: OutboxEntry) -> None:
        loop = asyncio.get_running_loop()
        try:
            result: DeliveryResult = await asyncio.wait_for(
                loop.run_in_executor(self._executor, self._sender, entry.key, entry.payload),
                self._attempt_timeout_s,
            )
        except TimeoutError:
            result = Retry("attempt timed out")
        except Exception as exc:  # a sender bug must not stop every later delivery
            log.exception("outbox: sender failed for %s", entry.key)
            result = Retry(f"sender error: {type(exc).__name__}")
        self._record(entry, result)

    def _record(self, entry: OutboxEntry, result: DeliveryResult) -> None:
        now = self._clock()
        attempts = entry.attempts + 1
        if isinstance(result, Delivered):
            # The backend holds the claim now: keep the reference, drop the personal data.
            self._update(
                entry.key,
                state=DeliveryState.DELIVERED.value,
                attempts=attempts,
                updated_at=now,
                reference=result.reference,
                payload="{}",
                last_error="",
            )
            log.info("outbox: %s delivered after %d attempt(s)", entry.key, attempts)
        elif isinstance(result, Refused):
            self._update(
                entry.key,
                state=DeliveryState.REFUSED.value,
                attempts=attempts,
                updated_at=now,
                refusal_code=result.code,
                refusal_message=result.message,
                last_error=f"HTTP {result.status}",
            )
            log.warning("outbox: %s refused (HTTP %d, %s)", entry.key, result.status, result.code)
        else:
            wait = self._backoff.delay(attempts)
            if result.retry_after_s is not None:
                wait = max(wait, result.retry_after_s)
            self._update(
                entry.key, attempts=attempts, updated_at=now, next_attempt_at=now + wait, last_error=result.reason
            )
            log.info("outbox: %s not delivered (%s); next try in %.1f s", entry.key, result.reason, wait)
        fresh = self.get(entry.session_id)
        if fresh is not None:
            self._changed(fresh)

    def _update(self, key: str, **values: object) -> None:
        columns = ", ".join(f"{name} = ?" for name in values)
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(f"UPDATE outbox SET {columns} WHERE key = ?", (*values.values(), key))

    def _changed(self, entry: OutboxEntry) -> None:
        for listener in list(self._listeners):
            try:
                listener(entry)
            except Exception:  # one broken listener must not stop delivery
                log.exception("outbox listener failed")


def _entry(row: Sequence[Any]) -> OutboxEntry:
    return OutboxEntry(
        key=row[0],
        session_id=row[1],
        payload=json.loads(row[2]),
        state=DeliveryState(row[3]),
        attempts=row[4],
        created_at=row[5],
        updated_at=row[6],
        next_attempt_at=row[7],
        last_error=row[8],
        reference=row[9],
        refusal_code=row[10],
        refusal_message=row[11],
    )
