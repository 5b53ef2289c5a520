"""`SignalingHub`: the signaling endpoint of one hub app, tying connections, presence, assignment and relay
together (see the package's docstring for the protocol)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from anyio import to_thread
from sqlalchemy.orm import Session
from starlette.websockets import WebSocket

from kiosk.domain.access import CONSOLE_ROLES
from kiosk.domain.access import Role as AccessRole
from kiosk.protocol import (
    AttentionKind,
    AttentionPayload,
    AttentionReason,
    ConsoleStatusPayload,
    Envelope,
    HeartbeatPayload,
    HelloPayload,
    MessageError,
    Role,
    SignalType,
    UnassignedPayload,
    WelcomePayload,
    error_signal,
    signal,
)
from kiosk.server.context import HubContext
from kiosk.server.events import AccessRevoked, SessionChanged
from kiosk.server.repositories import assignments, booths, help_requests, sessions, users
from kiosk.server.security import new_id
from kiosk.server.services.auth import check_token
from kiosk.server.signaling.assignment import Assignment, Route
from kiosk.server.signaling.connections import (
    CLOSE_FORBIDDEN,
    CLOSE_GOING_AWAY,
    CLOSE_MOVED,
    CLOSE_REPLACED,
    CLOSE_UNAUTHORIZED,
    Connection,
    bearer_token,
    close,
    refuse,
    run_connection,
)
from kiosk.server.signaling.participants import check_cookie, cookie_token, participant_hello, participant_left
from kiosk.server.signaling.presence import BoothPresence, ConsolePresence, Presence
from kiosk.server.signaling.relay import Relay
from kiosk.server.signaling.revalidation import close_revoked, revalidate
from kiosk.server.turn import ice_servers_for

if TYPE_CHECKING:
    from kiosk.server.cluster.node import ClusterNode

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Messages a client may send; the rest are the hub's own.
_FROM_BOOTH = {
    SignalType.HELLO,
    SignalType.HEARTBEAT,
    SignalType.OFFER,
    SignalType.BYE,
    SignalType.SESSION_UPDATE,
    SignalType.ATTENTION,
}
#: A participant's browser sends what a booth sends.
_FROM_PARTICIPANT = _FROM_BOOTH
_FROM_CONSOLE = {SignalType.HELLO, SignalType.HEARTBEAT, SignalType.CONSOLE_STATUS, SignalType.ANSWER, SignalType.BYE,
                 SignalType.ATTENTION}


class SignalingHub:
    """Connections, queue and relay of one hub app.

    Created by `create_app`: it subscribes to the context's `SessionChanged` events and becomes its `presence`.
    """

    def __init__(self, ctx: HubContext) -> None:
        self.ctx = ctx
        self.loop: asyncio.AbstractEventLoop | None = None
        self.presence = Presence()
        self.assignment = Assignment(ctx, self.presence, self._db)
        self.relay = Relay(self.presence, self.assignment.routes, ctx.metrics)
        self._tasks: set[asyncio.Task[Any]] = set()
        #: Every open socket (authenticated, hello or not) and the task serving it.
        self._conns: dict[Connection, asyncio.Task[Any] | None] = {}
        self._revalidator: asyncio.Task[None] | None = None
        #: This instance's part of a cluster of hub instances (`kiosk.server.cluster`), when there is one.
        self.cluster: ClusterNode | None = None
        self.assignment.owns = self.owns
        ctx.presence = self.presence
        ctx.events.subscribe(SessionChanged, self._on_session_changed)
        ctx.events.subscribe(AccessRevoked, self._on_access_revoked)

    # -- lifecycle and entry points from other threads ---------------------------------------------------------

    def start(self) -> None:
        """Bind to the running event loop (called from the app's lifespan)."""
        self.loop = asyncio.get_running_loop()
        self._revalidator = self.loop.create_task(self._revalidate_forever())

    async def join_cluster(self, url: str, lease_s: float) -> None:
        """Run as one of several hub instances sharing Redis at `url` (from the lifespan, after `start`)."""
        from kiosk.server.cluster import join

        self.cluster = await join(self, url, lease_s)

    def owns(self, branch_code: str) -> bool:
        """Whether this instance runs `branch_code`'s signaling (always, without a cluster)."""
        return self.cluster is None or self.cluster.owns(branch_code)

    async def stop(self) -> None:
        """Close every connection (1001, going away) and wait up to 2 s for them to end; cancel timers and tasks.

        `kiosk.server.command` calls this before uvicorn's own shutdown, which would close the sockets with 1012.
        """
        if self._revalidator is not None:
            self._revalidator.cancel()
            self._revalidator = None
        for console in self.presence.consoles.values():
            if console.grace is not None:
                console.grace.cancel()
        for conn in list(self._conns):
            await close(conn, CLOSE_GOING_AWAY, "the hub is shutting down")
        serving = [t for t in self._conns.values() if t is not None and t is not asyncio.current_task()]
        if serving:
            await asyncio.wait(serving, timeout=2.0)
        for task in list(self._tasks):
            task.cancel()
        if self.cluster is not None:
            await self.cluster.stop()
            self.cluster = None
        self.loop = None

    def booth_connected(self, booth_id: int) -> bool:
        """True while the booth has an open signaling connection (safe from any thread)."""
        return self.presence.booth_connected(booth_id)

    def session_changed(self, session_id: str) -> None:
        """A session changed (safe from any thread): update both ends and the queue."""
        self._submit(self.assignment.session_changed(session_id))

    def _on_session_changed(self, event: SessionChanged) -> None:
        # Both kinds of change (state or intake only) are announced the same way.
        self.session_changed(event.session_id)

    def _on_access_revoked(self, event: AccessRevoked) -> None:
        self._submit(self._access_revoked(event))

    async def _access_revoked(self, event: AccessRevoked) -> None:
        await close_revoked(list(self._conns), event)

    async def _revalidate_forever(self) -> None:
        """Check every open socket's token every ``server.ws_revalidate_s``: expiry, and changes no event told."""
        while True:
            await asyncio.sleep(self.ctx.settings.server.ws_revalidate_s)
            try:
                await revalidate([c for c in self._conns if not c.closing], self.ctx, self._db)
            except Exception:  # a busy database now is no reason to stop checking later
                log.exception("re-validating signaling tokens failed")

    def _submit(self, coro: Coroutine[Any, Any, None]) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            coro.close()
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._spawn(coro)
        else:
            asyncio.run_coroutine_threadsafe(self._guard(coro), loop)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(self._guard(coro))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guard(self, coro: Awaitable[None]) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("signaling task failed")

    async def _db(self, fn: Callable[[Session], T]) -> T:
        """Run `fn` in a unit of work of its own, in a worker thread."""

        def work() -> T:
            with self.ctx.db.session() as session:
                return fn(session)

        return await to_thread.run_sync(work)

    # -- the WebSocket endpoint ------------------------------------------------------------------------------

    async def serve(self, ws: WebSocket) -> None:
        """Run one client's connection until it closes."""
        await ws.accept()
        token = bearer_token(ws)
        check = None
        now = self.ctx.now()
        if token and len(token) <= 200:
            check = await self._db(lambda s: check_token(s, token, now))
        elif not token and (token := cookie_token(ws)):
            # An online participant's browser: its web-session cookie (a browser cannot set the header).
            idle_s = self.ctx.settings.online.web_session_idle_s
            check = await self._db(lambda s: check_cookie(s, token, now, idle_s))
        principal = check.principal if check is not None else None
        if check is None or principal is None:
            await refuse(ws, CLOSE_UNAUTHORIZED, "unauthorized", "a valid token is required")
            return
        ends = {AccessRole.BOOTH: Role.BOOTH, AccessRole.PARTICIPANT: Role.PARTICIPANT}
        role = ends.get(principal.role, Role.CONSOLE)
        if role is Role.CONSOLE and principal.role not in CONSOLE_ROLES:
            await refuse(ws, CLOSE_FORBIDDEN, "forbidden", "only officers and booths use signaling")
            return
        conn = Connection(new_id("c"), ws, principal, role, token=token, expires_at=check.expires_at)
        self._conns[conn] = asyncio.current_task()
        try:
            branch = principal.branch_code or ""
            owner = await self.cluster.route(branch) if self.cluster is not None and branch else None
            if owner is not None and self.cluster is not None:
                # Another instance runs this branch: this one holds the socket, that one decides.
                await self.cluster.serve_forwarded(conn, owner, branch)
            else:
                await run_connection(conn, self.ctx.settings.server, self.ctx.metrics, self.handle, self.disconnected)
        finally:
            self._conns.pop(conn, None)

    # -- messages --------------------------------------------------------------------------------------------

    async def handle(self, conn: Connection, env: Envelope, raw: str | None = None) -> None:
        """Act on one message from a booth, browser or console (raises `MessageError` to answer ERROR)."""
        allowed = {Role.BOOTH: _FROM_BOOTH, Role.PARTICIPANT: _FROM_PARTICIPANT}.get(conn.role, _FROM_CONSOLE)
        if env.type not in allowed:
            raise MessageError("not_allowed", f"a {conn.role.value} does not send {env.type.value}")
        if env.type is SignalType.HELLO:
            await self._hello(conn, env.payload_as(HelloPayload))
            return
        if not conn.hello_done:
            raise MessageError("hello_first", "send hello before anything else")
        if env.type is SignalType.HEARTBEAT:
            await self._heartbeat(conn, env.payload_as(HeartbeatPayload))
        elif env.type is SignalType.CONSOLE_STATUS:
            await self._console_status(conn, env.payload_as(ConsoleStatusPayload))
        elif env.type in (SignalType.OFFER, SignalType.ANSWER):
            await self._learn_route(conn, env.session_id)
            self.relay.sdp(conn, env, raw)
        elif env.type is SignalType.BYE:
            await self._learn_route(conn, env.session_id)
            self.relay.bye(conn, env, raw)
        elif env.type is SignalType.ATTENTION:
            await self._learn_route(conn, env.session_id)
            await self._attention(conn, env, raw)
        else:  # SESSION_UPDATE: booth -> its console
            await self._learn_route(conn, env.session_id)
            self.relay.booth_to_console(conn, env, raw)

    async def _attention(self, conn: Connection, env: Envelope, raw: str | None) -> None:
        """A booth's attention (relayed to its console), or a console clearing a booth's call for help.

        Calls for help are recorded first (`repositories.help_requests`): the dashboard lists them even while no
        officer is assigned yet, when relaying answers ``not_assigned``.
        """
        payload = env.payload_as(AttentionPayload)
        session_id = env.session_id
        if session_id is None:
            raise MessageError("session_required", "attention needs the session_id it belongs to")
        now = self.ctx.now()
        if conn.role is Role.CONSOLE:
            console = self.presence.consoles.get(conn.principal.subject_id)
            if payload.kind is not AttentionKind.HELP or payload.raised:
                raise MessageError("not_allowed", "a console only clears a booth's call for help")
            if console is None or session_id not in console.sessions:
                raise MessageError("not_your_session", "this session is not assigned to this console")
            user_id = conn.principal.subject_id
            await self._db(lambda s: help_requests.acknowledge_help(s, at=now, session_id=session_id, user_id=user_id))
            self.relay.forward(conn, env, raw)
            return
        if payload.kind is AttentionKind.HELP and payload.raised and conn.role is Role.BOOTH:
            route = self.assignment.routes.get(session_id)
            booth_id = conn.principal.subject_id
            if route is None or route.end != conn.principal.actor:
                raise MessageError("not_your_session", "this session is not this booth's")
            reason = (payload.reason or AttentionReason.NEEDS_HELP).value
            await self._db(lambda s: help_requests.raise_help(
                s, at=now, session_id=session_id, booth_id=booth_id, reason=reason, document=payload.document
            ))
        self.relay.booth_to_console(conn, env, raw)

    async def _learn_route(self, conn: Connection, session_id: str | None) -> None:
        """Make sure the hub knows a booth's own session before relaying for it.

        A booth may send its offer right after its check-in's 201, before the hub has handled the check-in's
        `SessionChanged`: without this it got ``not_your_session`` for its own session instead of ``not_assigned``.
        """
        if conn.role is Role.CONSOLE or session_id is None or session_id in self.assignment.routes:
            return
        async with self.assignment.lock(conn.principal.branch_code or ""):
            if session_id in self.assignment.routes:
                return
            view = await self._db(lambda s: assignments.load_view(s, session_id))
            if view is not None and view.end == conn.principal.actor and not view.state.is_final:
                self.assignment.routes[session_id] = Route(view.end, view.branch_code, view.assigned_user_id)

    async def _hello(self, conn: Connection, hello: HelloPayload) -> None:
        if conn.hello_done:
            raise MessageError("hello_repeated", "hello is sent once per connection")
        if hello.role is not conn.role:
            raise MessageError("wrong_role", f"this token belongs to a {conn.role.value}")
        if conn.role is Role.BOOTH:
            await self._booth_hello(conn, hello)
        elif conn.role is Role.PARTICIPANT:
            await participant_hello(self, conn, hello)
        else:
            await self._console_hello(conn, hello)

    def _welcome(self, conn: Connection, booth_number: int | None, session_id: str | None = None) -> None:
        assert conn.principal.branch_code is not None or conn.role is Role.CONSOLE
        conn.send(
            signal(
                SignalType.WELCOME,
                WelcomePayload(
                    role=conn.role,
                    client_id=conn.id,
                    branch_code=conn.principal.branch_code or "",
                    booth_number=booth_number,
                    heartbeat_interval_s=round(self.ctx.settings.server.heartbeat_timeout_s / 4, 3),
                    # Fresh TURN credentials on every (re)connection, named by this connection's random id.
                    ice_servers=tuple(ice_servers_for(self.ctx.settings.turn, conn.id, self.ctx.now()).ice_servers),
                    ice_relay_only=self.ctx.settings.turn.relay_only,
                    session_id=session_id,
                ),
            )
        )

    async def _booth_hello(self, conn: Connection, hello: HelloPayload) -> None:
        booth_id = conn.principal.subject_id
        branch = conn.principal.branch_code or ""
        assignment = self.assignment
        async with assignment.lock(branch):
            number, current = await self._db(lambda s: _booth_and_session(s, booth_id))
            old = self.presence.booths.get(booth_id)
            if old is not None and old.conn is not conn:
                await close(old.conn, CLOSE_REPLACED, "replaced by a newer connection")
            self.presence.booths[booth_id] = BoothPresence(booth_id, number, branch, conn)
            conn.hello_done = True
            self._welcome(conn, number)
            if hello.session_id is not None and (current is None or current.id != hello.session_id):
                conn.send(
                    error_signal(
                        "stale_session",
                        "that session is over; start from the welcome screen",
                        session_id=hello.session_id,
                    )
                )
            if current is not None:
                assignment.routes[current.id] = Route(current.end, branch, current.assigned_user_id)
                console = self.presence.consoles.get(current.assigned_user_id or -1)
                if console is not None and console.conn is not None and hello.session_id != current.id:
                    # The booth lost its peer connection (restart): both ends start over with a new offer.
                    assignment.send_assignment(current, console)
            await assignment.assign(branch)

    async def _console_hello(self, conn: Connection, hello: HelloPayload) -> None:
        user_id = conn.principal.subject_id
        branch = conn.principal.branch_code
        if branch is None:
            raise MessageError("no_branch", "a console belongs to a branch")
        assignment = self.assignment
        async with assignment.lock(branch):
            user_cap, assigned = await self._db(lambda s: _console_sessions(s, user_id))
            state = self.presence.consoles.get(user_id)
            if state is None:
                cap = hello.cap or user_cap or self.ctx.settings.server.default_console_cap
                state = ConsolePresence(user_id, branch, conn.principal.name, cap, self.presence.next_order(), conn)
                self.presence.consoles[user_id] = state
            else:
                if state.grace is not None:
                    state.grace.cancel()
                    state.grace = None
                if state.conn is not None and state.conn is not conn:
                    await close(state.conn, CLOSE_REPLACED, "replaced by a newer connection")
                state.conn = conn
                if hello.cap is not None:
                    state.cap = hello.cap
            state.paused = hello.paused
            conn.hello_done = True
            self._welcome(conn, None)
            held = set(hello.sessions)
            state.sessions = {s.id for s in assigned}
            for view in assigned:
                assignment.routes[view.id] = Route(view.end, view.branch_code, user_id)
                if view.id not in held:
                    assignment.send_assignment(view, state)
            for stale in sorted(held - state.sessions):
                conn.send(
                    signal(SignalType.UNASSIGNED, UnassignedPayload(session_id=stale, reason="not_assigned"), stale)
                )
            await assignment.assign(branch, greet=conn)

    async def _heartbeat(self, conn: Connection, beat: HeartbeatPayload) -> None:
        conn.send(signal(SignalType.HEARTBEAT, HeartbeatPayload()))
        if conn.role is Role.PARTICIPANT:
            return  # a browser's devices are its own business; the answer keeps the connection alive
        if conn.role is not Role.BOOTH:
            self.presence.console_reported(conn, beat)
            return
        booth = self.presence.booths.get(conn.principal.subject_id)
        if booth is None or booth.conn is not conn:
            return
        if booth.health_to_persist(beat):
            booth_id, now = booth.booth_id, self.ctx.now()
            await self._db(
                lambda s: booths.save_health(
                    s,
                    booth_id,
                    at=now,
                    camera_ok=beat.camera_ok,
                    microphone_ok=beat.microphone_ok,
                    speaker_ok=beat.speaker_ok,
                    link_ok=beat.link_ok,
                    app_version=beat.app_version,
                    free_disk_mb=beat.free_disk_mb,
                )
            )

    async def _console_status(self, conn: Connection, status: ConsoleStatusPayload) -> None:
        state = self.presence.consoles.get(conn.principal.subject_id)
        if state is None or state.conn is not conn:
            return
        async with self.assignment.lock(state.branch_code):
            state.cap, state.paused = status.cap, status.paused
            await self.assignment.assign(state.branch_code)

    async def disconnected(self, conn: Connection) -> None:
        """A socket closed: forget the end (a console keeps its sessions for its grace period)."""
        if not conn.hello_done:
            return
        if conn.role is Role.PARTICIPANT:
            participant_left(self, conn)
            return
        if conn.role is Role.BOOTH:
            booth = self.presence.booths.get(conn.principal.subject_id)
            if booth is not None and booth.conn is conn:
                del self.presence.booths[booth.booth_id]
            return
        state = self.presence.consoles.get(conn.principal.subject_id)
        if state is None or state.conn is not conn:
            return
        state.conn = None
        grace = self.ctx.settings.server.console_grace_s
        loop = asyncio.get_running_loop()
        user_id = state.user_id
        state.grace = loop.call_later(grace, lambda: self._spawn(self.assignment.grace_over(user_id)))


    # -- the cluster's view (kiosk.server.cluster) ------------------------------------------------------------

    async def forget_branch(self, branch: str) -> None:
        """Another instance runs `branch` now: drop its state here without touching its sessions (they are the
        new holder's), and close the sockets this instance serves for it so they connect again."""
        self.presence.forget_branch(branch)
        for route_id in [r for r, route in self.assignment.routes.items() if route.branch_code == branch]:
            del self.assignment.routes[route_id]
        for conn in [c for c in self._conns if c.principal.branch_code == branch and c.hello_done]:
            await close(conn, CLOSE_MOVED, "the branch moved to another hub instance; connect again")

def _booth_and_session(session: Session, booth_id: int) -> tuple[int, assignments.SessionView | None]:
    """A booth's number and its open session's view."""
    booth = booths.booth_by_id(session, booth_id)
    assert booth is not None
    visit = sessions.open_session(session, booth_id)
    return booth.number, (assignments.session_view(session, visit) if visit else None)


def _console_sessions(session: Session, user_id: int) -> tuple[int | None, list[assignments.SessionView]]:
    """An officer's console cap and open sessions."""
    user = users.user_by_id(session, user_id)
    return (user.console_cap if user else None), assignments.open_assigned(session, user_id)
