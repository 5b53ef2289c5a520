"""Each waiting participant end's (a booth or an online browser) place in the queue and the estimated minutes,
sent as ``queue`` with its session id.

After every queue change (`Assignment.assign` runs after each assignment, state change, console status and
connection) the hub works out every waiting visit's place (`kiosk.domain.wait_estimate.places`) and estimate
from the branch's recent service times, and tells each connected booth whose figures changed, or which
connected again since it was last told. A booth that leaves the wait is forgotten, so it is told again when it
comes back to the queue.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.orm import Session

from kiosk.domain.wait_estimate import estimate_wait_minutes, places
from kiosk.protocol import QueuePayload, SignalType, signal
from kiosk.server.repositories.waits import WaitSnapshot, wait_snapshot
from kiosk.server.signaling.connections import Connection
from kiosk.server.signaling.presence import Presence

#: Runs a function with a database session in a worker thread (the hub's unit of work).
DbRunner = Callable[[Callable[[Session], Any]], Awaitable[Any]]


class WaitNotices:
    """What each waiting booth was last told, and telling it again when that changes."""

    def __init__(self, presence: Presence, db: DbRunner) -> None:
        self.presence = presence
        self._db = db
        #: Per branch, session id -> (ahead, minutes, the connection told): a new connection is told again.
        self._told: dict[str, dict[str, tuple[int, int | None, Connection]]] = {}

    async def update(self, branch: str, waiting: int, officers: int) -> None:
        """Tell the branch's waiting booths their place and minutes where they changed (call under the branch's
        lock). `waiting` is the branch's count the consoles get; `officers` the consoles serving now."""
        ends = set(self.presence.branch_ends(branch))
        told_branch = self._told.setdefault(branch, {})
        if not ends and not told_branch:
            return
        snapshot: WaitSnapshot = await self._db(lambda s: wait_snapshot(s, branch))
        waiting_now = places(snapshot.visits, officers)
        for session_id in [s for s in told_branch if s not in waiting_now]:
            del told_branch[session_id]  # in a call, or ended: told afresh if it waits again
        for session_id, place in waiting_now.items():
            end = snapshot.ends.get(session_id)
            conn = self.presence.end_conn(end) if end in ends else None
            if conn is None:
                continue
            minutes = estimate_wait_minutes(place.ahead, snapshot.recent_service_s, place.servers)
            if told_branch.get(session_id) == (place.ahead, minutes, conn):
                continue
            told_branch[session_id] = (place.ahead, minutes, conn)
            payload = QueuePayload(waiting=waiting, ahead=place.ahead, estimated_minutes=minutes)
            conn.send(signal(SignalType.QUEUE, payload, session_id))
