"""Which console gets which session: the queue, assignment to the console with the fewest open sessions below
its cap (`kiosk.domain.assignment`), session updates to both ends, and requeueing a vanished console's sessions.

Every change runs under one lock: each holder reads the database's truth and updates the in-memory routes
before the next one starts, so a late event can never overwrite a newer assignment.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from kiosk.domain.assignment import choose_console
from kiosk.protocol import (
    AssignmentPayload,
    QueuePayload,
    SessionUpdatePayload,
    SignalType,
    UnassignedPayload,
    signal,
)
from kiosk.server.context import HubContext
from kiosk.server.repositories import assignments
from kiosk.server.repositories.assignments import SessionView
from kiosk.server.signaling.connections import Connection, end_access
from kiosk.server.signaling.presence import ConsolePresence, Presence
from kiosk.server.signaling.wait_notices import WaitNotices

T = TypeVar("T")

#: Runs a function with a database session in a worker thread (the hub's unit of work).
DbRunner = Callable[[Callable[[Session], Any]], Awaitable[Any]]


@dataclass
class Route:
    """The two ends of an open session the hub knows about: the participant end's key (``booth:<id>`` or
    ``online:<booking id>``, `kiosk.server.repositories.assignments.end_key`) and the officer."""

    end: str
    branch_code: str
    user_id: int | None


class Assignment:
    """The routes of open sessions and the queue of one hub."""

    def __init__(self, ctx: HubContext, presence: Presence, db: DbRunner) -> None:
        self.ctx = ctx
        self.presence = presence
        self._db = db
        self.routes: dict[str, Route] = {}
        self._queue_lock = asyncio.Lock()
        self._waiting: dict[str, int] = {}
        self.wait_notices = WaitNotices(presence, db)
        #: Whether this instance runs a branch's signaling (another hub instance may: `kiosk.server.cluster`).
        self.owns: Callable[[str], bool] = lambda _branch: True

    def lock(self, branch_code: str) -> asyncio.Lock:
        """The lock every queue change of a branch holds."""
        del branch_code  # a hub serves one branch in practice; one lock keeps the ordering simple
        return self._queue_lock

    async def db(self, fn: Callable[[Session], T]) -> T:
        """Run `fn` in a unit of work in a worker thread."""
        result: T = await self._db(fn)
        return result

    def send_assignment(self, view: SessionView, console: ConsolePresence) -> None:
        """Tell both ends that `console` serves the session."""
        payload = AssignmentPayload(
            session_id=view.id,
            booth_number=view.booth_number,
            channel=view.channel,
            console_id=f"console-{console.user_id}",
            officer_name=console.name,
            claim_type=view.claim_type,
            masked_name=view.masked_name,
            state=view.state,
            heir_masked_name=view.heir_masked_name,
        )
        message = signal(SignalType.ASSIGNMENT, payload, view.id)
        end = self.presence.end_conn(view.end)
        if end is not None:
            end.send(message)
        if console.conn is not None:
            console.conn.send(message)

    async def assign(self, branch: str, greet: Connection | None = None) -> None:
        """Give queued sessions whose participant end (booth or browser) is connected to consoles with room (call
        with the branch's lock held). The officer's cap counts both channels."""
        consoles = []
        now = self.ctx.now()
        for console in self.presence.branch_consoles(branch):
            if console.conn is not None and console.conn.expired(now):
                # Its login token ran out since it connected: no new work; the socket ends (4401).
                await end_access(console.conn, "expired")
            else:
                consoles.append(console)
        ends = self.presence.branch_ends(branch)
        if any(c.load().has_room for c in consoles) and ends:
            queued = await self.db(lambda s: assignments.queued(s, branch, ends))
            for view in queued:
                chosen = choose_console(c.load() for c in consoles)
                if chosen is None:
                    break
                console = self.presence.consoles[int(chosen)]
                store = functools.partial(
                    assignments.assign, session_id=view.id, user_id=console.user_id, now=self.ctx.now()
                )
                assigned = await self.db(store)
                if assigned is None:
                    continue
                console.sessions.add(assigned.id)
                self.routes[assigned.id] = Route(assigned.end, branch, console.user_id)
                self.send_assignment(assigned, console)
        waiting = await self.db(lambda s: assignments.count_waiting(s, branch))
        self.ctx.metrics.queue_waiting.labels(branch).set(waiting)
        message = signal(SignalType.QUEUE, QueuePayload(waiting=waiting))
        if self._waiting.get(branch) != waiting:
            # Only changes are broadcast: with hundreds of consoles, a QUEUE per event would swamp the hub.
            self._waiting[branch] = waiting
            for console in consoles:
                if console.conn is not None:
                    console.conn.send(message)
        elif greet is not None:
            greet.send(message)
        # Each waiting booth its own place and minutes, shared by the consoles serving now.
        serving = sum(1 for c in consoles if c.conn is not None and not c.paused)
        await self.wait_notices.update(branch, waiting, serving)

    async def session_changed(self, session_id: str) -> None:
        """A session changed through the REST API: update both ends, the routes and the queue."""
        async with self.lock(""):
            view = await self.db(lambda s: assignments.load_view(s, session_id))
            if view is None or not self.owns(view.branch_code):
                return  # another hub instance runs this branch: it heard of the change too
            route = self.routes.get(session_id)
            user_id = view.assigned_user_id
            console = self.presence.consoles.get(user_id) if user_id is not None else None
            update_msg = signal(
                SignalType.SESSION_UPDATE,
                SessionUpdatePayload(
                    state=view.state,
                    claim_type=view.claim_type,
                    masked_name=view.masked_name,
                    heir_masked_name=view.heir_masked_name,
                    channel=view.channel,
                    claim_reference=view.claim_reference,
                ),
                session_id,
            )
            booth = self.presence.end_conn(view.end)
            if booth is not None:
                booth.send(update_msg)
            if console is not None and console.conn is not None and session_id in console.sessions:
                console.conn.send(update_msg)
            if view.state.is_final:
                self.routes.pop(session_id, None)
                if console is not None:
                    console.sessions.discard(session_id)
            elif route is None or route.user_id != user_id:
                self.routes[session_id] = Route(view.end, view.branch_code, user_id)
            await self.assign(view.branch_code)

    async def grace_over(self, user_id: int) -> None:
        """A console did not come back in time: requeue its sessions and tell their booths."""
        state = self.presence.consoles.get(user_id)
        if state is None or state.conn is not None:
            return
        async with self.lock(state.branch_code):
            if state.conn is not None or self.presence.consoles.get(user_id) is not state:
                return
            del self.presence.consoles[user_id]
            sessions = sorted(state.sessions)
            now = self.ctx.now()
            views = await self.db(lambda s: assignments.requeue(s, sessions, user_id, now)) if sessions else []
            for view in views:
                self.routes[view.id] = Route(view.end, view.branch_code, None)
                booth = self.presence.end_conn(view.end)
                if booth is not None:
                    booth.send(
                        signal(
                            SignalType.UNASSIGNED,
                            UnassignedPayload(session_id=view.id, reason="console_disconnected"),
                            view.id,
                        )
                    )
            await self.assign(state.branch_code)
