"""A small typed publish/subscribe between the REST routes and the signaling hub.

Routes publish what happened (`SessionChanged`) after their unit of work is committed; the signaling hub
subscribes when it is created. Neither imports the other, and a hub without signaling (the CLI) simply has no
subscriber. Handlers run in the publisher's thread and must be quick and thread-safe (the signaling hub hands
the work to its event loop).

`Presence` is the other direction: what routes and the dashboard may ask of the signaling hub (who is online),
as a protocol the hub implements; `NoPresence` answers "nobody" until a signaling hub is attached.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionChanged:
    """A session's state, intake or assignment changed (both ends and the queue may need an update)."""

    session_id: str
    #: False when only the intake changed (announced the same way today; kept for subscribers that care).
    state_changed: bool = True


@dataclass(frozen=True)
class AccessRevoked:
    """A user's login tokens stopped working: one token (logout) or all of them (the user was disabled).

    Published after the change is committed. The token cache forgets the tokens and the signaling hub closes
    the sockets opened with them, at once (a periodic re-validation catches what no event announces: expiry,
    a user deleted or disabled outside the hub).
    """

    user_id: int
    #: The sha256 of the one revoked token (`kiosk.server.security.token_hash`); None: every token of the user.
    token_hash: str | None = None
    #: ``revoked`` (logout) or ``disabled`` (the account was disabled).
    reason: str = "revoked"


@dataclass(frozen=True)
class TokensCleared:
    """Every cached token must be checked against the database again (a booth was enrolled again: its old
    token must stop working now, on every hub instance)."""


@dataclass(frozen=True)
class OfficerPresence:
    """An officer whose console is connected (or reconnecting within its grace period)."""

    name: str
    active: int
    cap: int
    paused: bool
    connected: bool
    #: What the console reported it has not yet delivered (None: it never said; older consoles do not).
    claims_unsent: int | None = None
    recordings_unsent: int | None = None
    oldest_unsent_s: float | None = None


class Presence(Protocol):
    """Who is connected to the signaling hub right now."""

    def booth_connected(self, booth_id: int) -> bool:
        """True while the booth has an open signaling connection (safe from any thread)."""
        ...

    def connected_booths(self) -> frozenset[int]:
        """The ids of the booths with an open signaling connection."""
        ...

    def officers(self, branch_code: str) -> tuple[OfficerPresence, ...]:
        """A branch's officers with a console, by name."""
        ...


class NoPresence:
    """Nobody is connected (a hub context without a signaling hub, such as the CLI's)."""

    def booth_connected(self, booth_id: int) -> bool:
        """Never."""
        del booth_id
        return False

    def connected_booths(self) -> frozenset[int]:
        """None."""
        return frozenset()

    def officers(self, branch_code: str) -> tuple[OfficerPresence, ...]:
        """None."""
        del branch_code
        return ()


E = TypeVar("E")


class EventBus:
    """Subscribers per event type; `publish` calls each subscriber of the event's exact type."""

    def __init__(self) -> None:
        self._handlers: dict[type, list[Callable[[object], None]]] = {}
        self._lock = threading.Lock()

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> None:
        """Call `handler` with every published event of `event_type`."""
        with self._lock:
            self._handlers.setdefault(event_type, []).append(handler)  # type: ignore[arg-type]

    def publish(self, event: object) -> None:
        """Hand `event` to its subscribers; one failing subscriber is logged and does not stop the others."""
        with self._lock:
            handlers = list(self._handlers.get(type(event), ()))
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("a subscriber of %s failed", type(event).__name__)
