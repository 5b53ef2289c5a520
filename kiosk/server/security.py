"""Secrets of the hub: argon2 password hashes, bearer tokens stored only as hashes, and a login rate limiter.

Tokens are random (256 bits) and the database keeps only their sha256, so a copy of the database lets nobody
log in. User tokens start with ``u_`` and booth device tokens with ``b_``: the prefix says which table to look
in, and makes a leaked token easy to recognise.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

USER_TOKEN_PREFIX = "u_"
BOOTH_TOKEN_PREFIX = "b_"

_hasher = PasswordHasher()
#: Verified against when the user does not exist, so a login takes as long for a wrong name as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; always does the work of one verification (no timing oracle)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str) -> str:
    """A fresh bearer token with its kind's prefix."""
    return prefix + secrets.token_urlsafe(32)


def new_id(prefix: str) -> str:
    """A random public id such as ``s-3f9c2a7d41b0e6c8``."""
    return f"{prefix}-{secrets.token_hex(8)}"


def token_hash(token: str) -> str:
    """What the database stores of a token (or of an enrollment code)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RateDecision:
    """Whether an attempt may go ahead, and if not, after how many seconds it may."""

    allowed: bool
    retry_after_s: float = 0.0


class SlidingWindowLimiter:
    """At most `limit` counted events per key in any `window_s` seconds (in memory, per hub process)."""

    def __init__(self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window_s:
            events.popleft()
        return events

    def check(self, key: str) -> RateDecision:
        """May another attempt for `key` go ahead now? (Does not count it.)"""
        with self._lock:
            now = self._clock()
            events = self._prune(key, now)
            if len(events) < self.limit:
                return RateDecision(True)
            return RateDecision(False, max(0.0, events[0] + self.window_s - now))

    def hit(self, key: str) -> None:
        """Count one event (a failed login) for `key`."""
        with self._lock:
            now = self._clock()
            self._prune(key, now).append(now)
            if len(self._events) > 10_000:  # forget idle keys so a scan cannot grow memory without bound
                for stale in [k for k, v in self._events.items() if not v]:
                    del self._events[stale]

    def reset(self, key: str) -> None:
        """Forget `key` (after a successful login)."""
        with self._lock:
            self._events.pop(key, None)
