"""Which officer's console serves a waiting session: the queue rule of the hub, as a pure function.

A session joins the queue once the participant has consented and started self-service: the officer's console
shows the booth's tile (live video, progress) while the participant works, which is how one officer serves
4-6 booths. It stays with its console until the visit ends, or goes back to the queue when the console goes
away for longer than the grace period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.domain.session import SessionState

#: Open states in which a session belongs to a console (or waits for one).
QUEUED_STATES: frozenset[SessionState] = frozenset(
    {SessionState.SELF_SERVICE, SessionState.WAITING_CSO, SessionState.IN_CALL, SessionState.VERIFYING}
)

#: States a session returns to when its console goes away: a call without an officer waits for one again.
REQUEUE_STATE: dict[SessionState, SessionState] = {
    SessionState.IN_CALL: SessionState.WAITING_CSO,
    SessionState.VERIFYING: SessionState.WAITING_CSO,
}


@dataclass(frozen=True)
class ConsoleLoad:
    """A connected console as the queue sees it."""

    console_id: str
    active: int
    cap: int
    paused: bool = False
    connected_order: int = 0

    @property
    def has_room(self) -> bool:
        """True when the console takes one more session."""
        return not self.paused and self.active < self.cap


def choose_console(consoles: Iterable[ConsoleLoad]) -> str | None:
    """The unpaused console with the fewest active sessions below its cap (ties: the earliest connected)."""
    candidates = [c for c in consoles if c.has_room]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c.active, c.connected_order, c.console_id)).console_id
