"""Rate limits on guessing secrets (passwords, enrollment codes, booking codes), shared through the database.

An attempt is counted before it is tried, against every key that applies to it (the address, the account, the
pair, everything), in one transaction: each key's count is incremented and read back by one statement
(`kiosk.server.repositories.limits.take`), so thirty parallel attempts see thirty different counts, and hub
processes sharing a PostgreSQL database share the counts. If any key is over its limit the transaction is rolled
back (a refused attempt does not use up the other keys' budgets) and the caller answers 429 with Retry-After.
An attempt that succeeds is given back (`AttemptLimiter.give_back`): only failures use a budget.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from kiosk.config import ServerSettings
from kiosk.server.db import Database
from kiosk.server.errors import ApiError
from kiosk.server.repositories import limits


@dataclass(frozen=True)
class Limit:
    """At most `limit` counted attempts per key of `scope` in `window_s` seconds."""

    scope: str
    limit: int
    window_s: float = 60.0

    def key(self, value: str) -> str:
        """The stored key: hashed, so a username typed by a guesser (perhaps a password) is not kept readable."""
        return hashlib.sha256(f"{self.scope}\x1f{value}".encode()).hexdigest()


@dataclass(frozen=True)
class Taken:
    """The counters one allowed attempt incremented (keys and their windows), for `AttemptLimiter.give_back`."""

    counted: tuple[tuple[str, float], ...]


class _Refused(Exception):
    def __init__(self, retry_after_s: float) -> None:
        super().__init__(retry_after_s)
        self.retry_after_s = retry_after_s


def too_many_attempts(retry_after_s: float, what: str) -> ApiError:
    """429 with Retry-After, for a rate limit that refused."""
    retry = max(1, int(retry_after_s + 0.999))
    return ApiError(
        429,
        "too_many_attempts",
        f"{what}; try again in {retry} s",
        headers={"Retry-After": str(retry)},
        retry_after_s=retry,
    )


class AttemptLimiter:
    """Counts attempts in the database's ``rate_counters``; see the module's docstring."""

    #: Every this many attempts, counters of long-gone windows are deleted (keeps the table small under a scan).
    PURGE_EVERY = 500

    def __init__(self, db: Database, clock: Callable[[], float]) -> None:
        self._db = db
        self._clock = clock
        self._attempts = itertools.count(1)

    def take(self, checks: Sequence[tuple[Limit, str]], what: str) -> Taken:
        """Count one attempt against each (limit, value); raise 429 `too_many_attempts` if any is over its limit."""
        now = self._clock()
        # A fixed order of keys: two transactions upserting the same keys on PostgreSQL never deadlock.
        ordered = sorted(((limit.key(value), limit) for limit, value in checks), key=lambda kv: kv[0])
        try:
            with self._db.session() as session:
                counted = []
                for key, limit in ordered:
                    count, start = limits.take(session, key, window_s=limit.window_s, now=now)
                    if count > limit.limit:
                        raise _Refused(start + limit.window_s - now)
                    counted.append((key, start))
                if next(self._attempts) % self.PURGE_EVERY == 0:
                    longest = max(limit.window_s for _, limit in ordered)
                    limits.forget_before(session, now - 2 * longest)
        except _Refused as refused:
            raise too_many_attempts(refused.retry_after_s, what) from None
        return Taken(tuple(counted))

    def give_back(self, taken: Taken) -> None:
        """Uncount an attempt that succeeded."""
        with self._db.session() as session:
            for key, start in taken.counted:
                limits.give_back(session, key, start)

    @contextmanager
    def guess(self, checks: Sequence[tuple[Limit, str]], what: str, *, misses: frozenset[int]) -> Iterator[None]:
        """Count the block as one guess of a code (429 before the block when over a limit); a block that ends with
        an `ApiError` whose status is in `misses` (an unknown or malformed code) keeps it counted, any other end
        gives it back: only wrong guesses use the budget."""
        taken = self.take(checks, what)
        try:
            yield
        except ApiError as exc:
            if exc.status not in misses:
                self.give_back(taken)
            raise
        except BaseException:
            self.give_back(taken)
            raise
        self.give_back(taken)


#: Answers that mean "no such code": the guesses a guesser is limited on.
MISSES = frozenset({404, 422})


def guess_limits(server: ServerSettings, scope: str, *callers: str) -> list[tuple[Limit, str]]:
    """The budgets of one guess of an enrollment or booking code: each caller (its address, its token) on its own,
    and the whole hub."""
    per_caller = Limit(f"{scope}.caller", server.guesses_per_address_per_minute)
    everyone = Limit(f"{scope}.all", server.guesses_global_per_minute)
    return [(per_caller, caller) for caller in callers] + [(everyone, "")]
