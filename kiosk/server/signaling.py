"""The signaling hub: one WebSocket per booth or console, session assignment, and the offer/answer relay.

Protocol (details and examples in docs/protocol.md): the client connects to ``/api/v1/ws`` with its token
(``Authorization: Bearer`` header, or ``?token=`` for clients that cannot set headers), sends HELLO, gets
WELCOME. The hub then:

- assigns each queued session (see `kiosk.domain.assignment`) whose booth is connected to the connected,
  unpaused console with the fewest open sessions below its cap, and sends ASSIGNMENT to both ends; the booth
  then makes the offer and the console answers;
- relays OFFER (booth -> console), ANSWER (console -> booth) and BYE (either way) only between the two ends of
  an assigned session, and SESSION_UPDATE / ATTENTION from a booth to its console;
- pushes SESSION_UPDATE to both ends when a session's state changes through the REST API, and QUEUE (how many
  sessions wait) to the branch's consoles;
- when a console's connection drops, keeps its sessions for ``server.console_grace_s``; if it is not back by
  then, puts them back in the queue (in-call ones to waiting_cso) and tells the booths with UNASSIGNED;
- answers a malformed, unknown or unauthorised message with ERROR and keeps the connection; closes a
  connection that sends faster than ``server.ws_messages_per_s`` (burst ``server.ws_message_burst``) or is
  silent for longer than ``server.heartbeat_timeout_s``.

All state lives on the event loop; database work runs in worker threads. REST routes (which run in threads)
tell the hub about changes through the thread-safe `SignalingHub.session_changed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from anyio import to_thread
from sqlalchemy import func, select, update
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from kiosk.domain.access import CONSOLE_ROLES, Principal
from kiosk.domain.access import Role as AccessRole
from kiosk.domain.assignment import QUEUED_STATES, REQUEUE_STATE, ConsoleLoad, choose_console
from kiosk.domain.identifiers import mask_name
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    AssignmentPayload,
    AttentionPayload,
    ByePayload,
    ConsoleStatusPayload,
    Envelope,
    HeartbeatPayload,
    HelloPayload,
    MessageError,
    QueuePayload,
    Role,
    SdpPayload,
    SessionUpdatePayload,
    SignalType,
    UnassignedPayload,
    WelcomePayload,
    error_signal,
    parse_envelope,
    signal,
)
from kiosk.server import audit
from kiosk.server.context import HubContext
from kiosk.server.models import Booth, Branch, Participant, User, VisitSession
from kiosk.server.services import authenticate, change_state, new_id

log = logging.getLogger(__name__)

T = TypeVar("T")

#: WebSocket close codes the hub uses (4000-4999 are the application's own).
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_IDLE = 4408
CLOSE_REPLACED = 4409
CLOSE_FLOODING = 4429
CLOSE_SLOW = 4430
CLOSE_GOING_AWAY = 1001

#: Messages a client may send; the rest are the hub's own.
_FROM_BOOTH = {
    SignalType.HELLO,
    SignalType.HEARTBEAT,
    SignalType.OFFER,
    SignalType.BYE,
    SignalType.SESSION_UPDATE,
    SignalType.ATTENTION,
}
_FROM_CONSOLE = {SignalType.HELLO, SignalType.HEARTBEAT, SignalType.CONSOLE_STATUS, SignalType.ANSWER, SignalType.BYE}

#: Outgoing messages a slow client may have queued before it is disconnected.
SEND_QUEUE_LIMIT = 1000
#: Booth health is written to the database on change, and at least this often while unchanged.
HEARTBEAT_PERSIST_S = 30.0


class TokenBucket:
    """Allow `rate` events per second on average with bursts of up to `burst`."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._tokens = float(burst)
        self._clock = clock
        self._last = clock()

    def take(self) -> bool:
        """Spend one token; False when the bucket is empty (the sender is flooding)."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True


@dataclass(frozen=True)
class SessionView:
    """What the hub needs of a session row."""

    id: str
    branch_code: str
    booth_id: int
    booth_number: int
    state: SessionState
    assigned_user_id: int | None
    claim_type: str | None = None
    masked_name: str | None = None


@dataclass
class Connection:
    """One open WebSocket."""

    id: str
    ws: WebSocket
    principal: Principal
    role: Role
    queue: asyncio.Queue[str | None] = field(default_factory=lambda: asyncio.Queue(SEND_QUEUE_LIMIT))
    hello_done: bool = False
    closing: bool = False
    close_code: int = 1000
    close_reason: str = ""

    def send(self, envelope: Envelope) -> None:
        """Queue a message for this client (its writer task sends it); a client that does not read is dropped."""
        self.send_text(envelope.to_json())

    def send_text(self, text: str) -> None:
        """Queue an already encoded message."""
        if self.closing:
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.closing = True
            log.warning("closing %s: it does not read its messages", self.id)
            # The writer is stuck behind this client's full buffers: close the socket itself.
            asyncio.get_running_loop().create_task(self._close_slow())

    async def _close_slow(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close(CLOSE_SLOW, "too many unsent messages")


@dataclass
class BoothState:
    """A connected booth."""

    booth_id: int
    number: int
    branch_code: str
    conn: Connection
    health: HeartbeatPayload = field(default_factory=HeartbeatPayload)
    persisted_at: float = 0.0


@dataclass
class ConsoleState:
    """An officer's console: kept through a dropped connection until the grace period ends."""

    user_id: int
    branch_code: str
    name: str
    cap: int
    order: int
    conn: Connection | None
    paused: bool = False
    sessions: set[str] = field(default_factory=set)
    grace: asyncio.TimerHandle | None = None

    def load(self) -> ConsoleLoad:
        """The console as the assignment rule sees it."""
        return ConsoleLoad(str(self.user_id), len(self.sessions), self.cap, self.paused, self.order)


@dataclass
class Route:
    """The two ends of an open session the hub knows about."""

    booth_id: int
    branch_code: str
    user_id: int | None


class SignalingHub:
    """Connections, queue and relay of one hub app."""

    def __init__(self, ctx: HubContext) -> None:
        self.ctx = ctx
        self.loop: asyncio.AbstractEventLoop | None = None
        self.booths: dict[int, BoothState] = {}
        self.consoles: dict[int, ConsoleState] = {}
        self.routes: dict[str, Route] = {}
        # One lock for all queue work: each holder reads the database's truth and updates the in-memory
        # routes before the next one starts, so a late event can never overwrite a newer assignment.
        self._queue_lock = asyncio.Lock()
        self._order = itertools.count()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._waiting: dict[str, int] = {}

    # -- lifecycle and entry points from other threads ---------------------------------------------------------

    def start(self) -> None:
        """Bind to the running event loop (called from the app's lifespan)."""
        self.loop = asyncio.get_running_loop()

    async def stop(self) -> None:
        """Close every connection and cancel timers and tasks."""
        for console in self.consoles.values():
            if console.grace is not None:
                console.grace.cancel()
        conns = [b.conn for b in self.booths.values()] + [c.conn for c in self.consoles.values() if c.conn]
        for conn in conns:
            await self._close(conn, CLOSE_GOING_AWAY, "the hub is shutting down")
        for task in list(self._tasks):
            task.cancel()
        self.loop = None

    def booth_connected(self, booth_id: int) -> bool:
        """True while the booth has an open signaling connection (safe from any thread)."""
        return booth_id in self.booths

    def session_changed(self, session_id: str, *, state_changed: bool = True) -> None:
        """A REST route changed a session (safe from any thread): update both ends and the queue."""
        del state_changed  # both kinds of change are announced the same way
        self._submit(self._on_session_changed(session_id))

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

    def _lock(self, branch_code: str) -> asyncio.Lock:
        del branch_code  # a hub serves one branch in practice; one lock keeps the ordering simple
        return self._queue_lock

    async def _db(self, fn: Callable[[], T]) -> T:
        return await to_thread.run_sync(fn)

    # -- the WebSocket endpoint ------------------------------------------------------------------------------

    async def serve(self, ws: WebSocket) -> None:
        """Run one client's connection until it closes."""
        await ws.accept()
        token = ws.query_params.get("token") or ""
        header = ws.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            token = header[7:].strip()
        principal = None
        if token and len(token) <= 200:
            principal = await self._db(lambda: self._authenticate(token))
        if principal is None:
            await self._refuse(ws, CLOSE_UNAUTHORIZED, "unauthorized", "a valid token is required")
            return
        role = Role.BOOTH if principal.role is AccessRole.BOOTH else Role.CONSOLE
        if role is Role.CONSOLE and principal.role not in CONSOLE_ROLES:
            await self._refuse(ws, CLOSE_FORBIDDEN, "forbidden", "only officers and booths use signaling")
            return
        conn = Connection(new_id("c"), ws, principal, role)
        metrics = self.ctx.metrics
        metrics.ws_connections.labels(role.value).inc()
        writer = asyncio.create_task(self._writer(conn))
        try:
            await self._read_loop(conn)
        finally:
            metrics.ws_connections.labels(role.value).dec()
            conn.closing = True
            with contextlib.suppress(asyncio.QueueFull):
                conn.queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer, 2.0)
            writer.cancel()
            await self._disconnected(conn)

    def _authenticate(self, token: str) -> Principal | None:
        with self.ctx.db.session() as session:
            return authenticate(session, token, self.ctx.now())

    async def _refuse(self, ws: WebSocket, code: int, error: str, message: str) -> None:
        with contextlib.suppress(Exception):
            await ws.send_text(error_signal(error, message).to_json())
            await ws.close(code)

    async def _writer(self, conn: Connection) -> None:
        """Send queued messages in order; after the end marker (None) close with the connection's close code."""
        try:
            while True:
                text = await conn.queue.get()
                if text is None:
                    break
                await conn.ws.send_text(text)
        except Exception:  # the socket is gone; the reader notices too
            conn.closing = True
        if conn.ws.application_state is WebSocketState.CONNECTED:
            code = CLOSE_SLOW if conn.queue.full() else conn.close_code
            with contextlib.suppress(Exception):
                await conn.ws.close(code, conn.close_reason)

    async def _close(self, conn: Connection, code: int, reason: str) -> None:
        """Close after the messages already queued (an error saying why is sent before the close)."""
        if conn.closing:
            return
        conn.closing = True
        conn.close_code, conn.close_reason = code, reason
        try:
            conn.queue.put_nowait(None)
        except asyncio.QueueFull:
            with contextlib.suppress(Exception):
                await conn.ws.close(CLOSE_SLOW, "too many unsent messages")

    async def _read_loop(self, conn: Connection) -> None:
        settings = self.ctx.settings.server
        bucket = TokenBucket(settings.ws_messages_per_s, settings.ws_message_burst)
        metrics = self.ctx.metrics
        while not conn.closing:
            try:
                message = await asyncio.wait_for(conn.ws.receive(), settings.heartbeat_timeout_s)
            except TimeoutError:
                await self._close(conn, CLOSE_IDLE, "no message within the heartbeat timeout")
                return
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            raw = message.get("text")
            if raw is None:
                raw = message.get("bytes") or b""
            if not bucket.take():
                metrics.ws_errors.labels("flooding").inc()
                conn.send(error_signal("flooding", "too many messages; the connection is closed"))
                await self._close(conn, CLOSE_FLOODING, "flooding")
                return
            try:
                envelope = parse_envelope(raw)
            except MessageError as exc:
                metrics.ws_errors.labels(exc.code).inc()
                conn.send(error_signal(exc.code, exc.detail))
                continue
            metrics.ws_messages.labels(envelope.type.value).inc()
            try:
                await self._handle(conn, envelope, raw if isinstance(raw, str) else None)
            except MessageError as exc:
                metrics.ws_errors.labels(exc.code).inc()
                conn.send(error_signal(exc.code, exc.detail, envelope.type.value, envelope.session_id))

    # -- messages --------------------------------------------------------------------------------------------

    async def _handle(self, conn: Connection, env: Envelope, raw: str | None = None) -> None:
        allowed = _FROM_BOOTH if conn.role is Role.BOOTH else _FROM_CONSOLE
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
            self._relay_sdp(conn, env, raw)
        elif env.type is SignalType.BYE:
            self._relay_bye(conn, env, raw)
        else:  # SESSION_UPDATE, ATTENTION: booth -> its console
            self._booth_to_console(conn, env, raw)

    async def _hello(self, conn: Connection, hello: HelloPayload) -> None:
        if conn.hello_done:
            raise MessageError("hello_repeated", "hello is sent once per connection")
        if hello.role is not conn.role:
            raise MessageError("wrong_role", f"this token belongs to a {conn.role.value}")
        if conn.role is Role.BOOTH:
            await self._booth_hello(conn, hello)
        else:
            await self._console_hello(conn, hello)

    def _welcome(self, conn: Connection, booth_number: int | None) -> None:
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
                ),
            )
        )

    async def _booth_hello(self, conn: Connection, hello: HelloPayload) -> None:
        booth_id = conn.principal.subject_id
        branch = conn.principal.branch_code or ""
        async with self._lock(branch):
            booth_row, current = await self._db(lambda: self._booth_and_session(booth_id))
            old = self.booths.get(booth_id)
            if old is not None and old.conn is not conn:
                await self._close(old.conn, CLOSE_REPLACED, "replaced by a newer connection")
            self.booths[booth_id] = BoothState(booth_id, booth_row[0], branch, conn)
            conn.hello_done = True
            self._welcome(conn, booth_row[0])
            if hello.session_id is not None and (current is None or current.id != hello.session_id):
                conn.send(
                    error_signal(
                        "stale_session",
                        "that session is over; start from the welcome screen",
                        session_id=hello.session_id,
                    )
                )
            if current is not None:
                self.routes[current.id] = Route(booth_id, branch, current.assigned_user_id)
                console = self.consoles.get(current.assigned_user_id or -1)
                if console is not None and console.conn is not None and hello.session_id != current.id:
                    # The booth lost its peer connection (restart): both ends start over with a new offer.
                    self._send_assignment(current, console)
            await self._assign(branch)

    async def _console_hello(self, conn: Connection, hello: HelloPayload) -> None:
        user_id = conn.principal.subject_id
        branch = conn.principal.branch_code
        if branch is None:
            raise MessageError("no_branch", "a console belongs to a branch")
        async with self._lock(branch):
            user_cap, assigned = await self._db(lambda: self._console_sessions(user_id))
            state = self.consoles.get(user_id)
            if state is None:
                cap = hello.cap or user_cap or self.ctx.settings.server.default_console_cap
                state = ConsoleState(user_id, branch, conn.principal.name, cap, next(self._order), conn)
                self.consoles[user_id] = state
            else:
                if state.grace is not None:
                    state.grace.cancel()
                    state.grace = None
                if state.conn is not None and state.conn is not conn:
                    await self._close(state.conn, CLOSE_REPLACED, "replaced by a newer connection")
                state.conn = conn
                if hello.cap is not None:
                    state.cap = hello.cap
            state.paused = hello.paused
            conn.hello_done = True
            self._welcome(conn, None)
            held = set(hello.sessions)
            state.sessions = {s.id for s in assigned}
            for view in assigned:
                self.routes[view.id] = Route(view.booth_id, view.branch_code, user_id)
                if view.id not in held:
                    self._send_assignment(view, state)
            for stale in sorted(held - state.sessions):
                conn.send(
                    signal(SignalType.UNASSIGNED, UnassignedPayload(session_id=stale, reason="not_assigned"), stale)
                )
            await self._assign(branch, greet=conn)

    async def _heartbeat(self, conn: Connection, beat: HeartbeatPayload) -> None:
        conn.send(signal(SignalType.HEARTBEAT, HeartbeatPayload()))
        if conn.role is not Role.BOOTH:
            return
        booth = self.booths.get(conn.principal.subject_id)
        if booth is None or booth.conn is not conn:
            return
        now = time.monotonic()
        changed = beat != booth.health
        booth.health = beat
        if changed or now - booth.persisted_at >= HEARTBEAT_PERSIST_S:
            booth.persisted_at = now
            booth_id = booth.booth_id
            await self._db(lambda: self._save_heartbeat(booth_id, beat))

    async def _console_status(self, conn: Connection, status: ConsoleStatusPayload) -> None:
        state = self.consoles.get(conn.principal.subject_id)
        if state is None or state.conn is not conn:
            return
        async with self._lock(state.branch_code):
            state.cap, state.paused = status.cap, status.paused
            await self._assign(state.branch_code)

    def _relay_sdp(self, conn: Connection, env: Envelope, raw: str | None) -> None:
        sdp = env.payload_as(SdpPayload)
        if sdp.sdp_type != env.type.value:
            raise MessageError("invalid_payload", f"{env.type.value} must carry sdp_type {env.type.value!r}")
        if env.type is SignalType.OFFER and conn.role is not Role.BOOTH:
            raise MessageError("not_allowed", "the booth makes the offer")
        if env.type is SignalType.ANSWER and conn.role is not Role.CONSOLE:
            raise MessageError("not_allowed", "the console answers")
        self._forward(conn, env, raw)

    def _relay_bye(self, conn: Connection, env: Envelope, raw: str | None) -> None:
        env.payload_as(ByePayload)
        self._forward(conn, env, raw)

    def _booth_to_console(self, conn: Connection, env: Envelope, raw: str | None) -> None:
        if env.type is SignalType.SESSION_UPDATE:
            env.payload_as(SessionUpdatePayload)
        else:
            env.payload_as(AttentionPayload)
        self._forward(conn, env, raw)

    def _forward(self, conn: Connection, env: Envelope, raw: str | None = None) -> None:
        """Send `env` to the other end of its session, if the sender is one end and the other is connected."""
        if env.session_id is None:
            raise MessageError("session_required", f"{env.type.value} needs the session_id it belongs to")
        route = self.routes.get(env.session_id)
        if conn.role is Role.BOOTH:
            if route is None or route.booth_id != conn.principal.subject_id:
                raise MessageError("not_your_session", "this session is not this booth's")
            if route.user_id is None:
                raise MessageError("not_assigned", "the session has no officer yet; wait for assignment")
            console = self.consoles.get(route.user_id)
            target = console.conn if console else None
        else:
            console = self.consoles.get(conn.principal.subject_id)
            if route is None or console is None or env.session_id not in console.sessions:
                raise MessageError("not_your_session", "this session is not assigned to this console")
            booth = self.booths.get(route.booth_id)
            target = booth.conn if booth else None
        if target is None:
            raise MessageError("peer_offline", "the other end is not connected; it gets a new assignment on return")
        if raw is not None:
            # The text was parsed and validated completely; relaying it as received saves re-encoding a full SDP.
            target.send_text(raw)
        else:
            target.send(env)
        if env.type in (SignalType.OFFER, SignalType.ANSWER, SignalType.BYE):
            self.ctx.metrics.ws_relayed.inc()

    # -- queue and assignment --------------------------------------------------------------------------------

    def _send_assignment(self, view: SessionView, console: ConsoleState) -> None:
        payload = AssignmentPayload(
            session_id=view.id,
            booth_number=view.booth_number,
            console_id=f"console-{console.user_id}",
            officer_name=console.name,
            claim_type=view.claim_type,
            masked_name=view.masked_name,
            state=view.state,
        )
        message = signal(SignalType.ASSIGNMENT, payload, view.id)
        booth = self.booths.get(view.booth_id)
        if booth is not None:
            booth.conn.send(message)
        if console.conn is not None:
            console.conn.send(message)

    async def _assign(self, branch: str, greet: Connection | None = None) -> None:
        """Give queued sessions of connected booths to consoles with room (call with the branch's lock held)."""
        consoles = [c for c in self.consoles.values() if c.branch_code == branch and c.conn is not None]
        booth_ids = [b.booth_id for b in self.booths.values() if b.branch_code == branch]
        if any(c.load().has_room for c in consoles) and booth_ids:
            queued = await self._db(lambda: self._queued(branch, booth_ids))
            for view in queued:
                chosen = choose_console(c.load() for c in consoles)
                if chosen is None:
                    break
                console = self.consoles[int(chosen)]
                assigned = await self._db(functools.partial(self._store_assignment, view.id, console.user_id))
                if assigned is None:
                    continue
                console.sessions.add(assigned.id)
                self.routes[assigned.id] = Route(assigned.booth_id, branch, console.user_id)
                self._send_assignment(assigned, console)
        waiting = await self._db(lambda: self._count_waiting(branch))
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

    async def _on_session_changed(self, session_id: str) -> None:
        async with self._lock(""):
            view = await self._db(lambda: self._load(session_id))
            if view is None:
                return
            route = self.routes.get(session_id)
            user_id = view.assigned_user_id
            console = self.consoles.get(user_id) if user_id is not None else None
            update_msg = signal(
                SignalType.SESSION_UPDATE,
                SessionUpdatePayload(state=view.state, claim_type=view.claim_type, masked_name=view.masked_name),
                session_id,
            )
            booth = self.booths.get(view.booth_id)
            if booth is not None:
                booth.conn.send(update_msg)
            if console is not None and console.conn is not None and session_id in console.sessions:
                console.conn.send(update_msg)
            if view.state.is_final:
                self.routes.pop(session_id, None)
                if console is not None:
                    console.sessions.discard(session_id)
            elif route is None or route.user_id != user_id:
                self.routes[session_id] = Route(view.booth_id, view.branch_code, user_id)
            await self._assign(view.branch_code)

    async def _disconnected(self, conn: Connection) -> None:
        if not conn.hello_done:
            return
        if conn.role is Role.BOOTH:
            booth = self.booths.get(conn.principal.subject_id)
            if booth is not None and booth.conn is conn:
                del self.booths[booth.booth_id]
            return
        state = self.consoles.get(conn.principal.subject_id)
        if state is None or state.conn is not conn:
            return
        state.conn = None
        grace = self.ctx.settings.server.console_grace_s
        loop = asyncio.get_running_loop()
        state.grace = loop.call_later(grace, lambda: self._spawn(self._grace_over(state.user_id)))

    async def _grace_over(self, user_id: int) -> None:
        state = self.consoles.get(user_id)
        if state is None or state.conn is not None:
            return
        async with self._lock(state.branch_code):
            if state.conn is not None or self.consoles.get(user_id) is not state:
                return
            del self.consoles[user_id]
            sessions = sorted(state.sessions)
            views = await self._db(lambda: self._requeue(sessions, user_id)) if sessions else []
            for view in views:
                self.routes[view.id] = Route(view.booth_id, view.branch_code, None)
                booth = self.booths.get(view.booth_id)
                if booth is not None:
                    booth.conn.send(
                        signal(
                            SignalType.UNASSIGNED,
                            UnassignedPayload(session_id=view.id, reason="console_disconnected"),
                            view.id,
                        )
                    )
            await self._assign(state.branch_code)

    # -- database work (runs in worker threads) --------------------------------------------------------------

    def _view(self, session: Any, visit: VisitSession) -> SessionView:
        intake = visit.intake or {}
        masked = None
        nik = intake.get("nik")
        if nik:
            name = session.execute(select(Participant.name).where(Participant.nik == nik)).scalar_one_or_none()
            masked = mask_name(name) if name else None
        return SessionView(
            id=visit.id,
            branch_code=visit.branch.code,
            booth_id=visit.booth_id,
            booth_number=visit.booth.number,
            state=SessionState(visit.state),
            assigned_user_id=visit.assigned_user_id,
            claim_type=intake.get("claim_type"),
            masked_name=masked,
        )

    def _load(self, session_id: str) -> SessionView | None:
        with self.ctx.db.session() as session:
            visit = session.get(VisitSession, session_id)
            return self._view(session, visit) if visit else None

    def _booth_and_session(self, booth_id: int) -> tuple[tuple[int, str], SessionView | None]:
        with self.ctx.db.session() as session:
            booth = session.get(Booth, booth_id)
            assert booth is not None
            visit = (
                session.execute(
                    select(VisitSession).where(VisitSession.booth_id == booth_id, VisitSession.ended_at.is_(None))
                )
                .scalars()
                .first()
            )
            return (booth.number, booth.branch.code), (self._view(session, visit) if visit else None)

    def _console_sessions(self, user_id: int) -> tuple[int | None, list[SessionView]]:
        with self.ctx.db.session() as session:
            user = session.get(User, user_id)
            visits = (
                session.execute(
                    select(VisitSession)
                    .where(VisitSession.assigned_user_id == user_id, VisitSession.ended_at.is_(None))
                    .order_by(VisitSession.created_at)
                )
                .scalars()
                .all()
            )
            return (user.console_cap if user else None), [self._view(session, v) for v in visits]

    def _queued_filter(self, branch: str) -> list[Any]:
        return [
            VisitSession.branch_id == select(Branch.id).where(Branch.code == branch).scalar_subquery(),
            VisitSession.ended_at.is_(None),
            VisitSession.assigned_user_id.is_(None),
            VisitSession.state.in_([s.value for s in QUEUED_STATES]),
        ]

    def _queued(self, branch: str, booth_ids: list[int]) -> list[SessionView]:
        with self.ctx.db.session() as session:
            visits = (
                session.execute(
                    select(VisitSession)
                    .where(*self._queued_filter(branch), VisitSession.booth_id.in_(booth_ids))
                    .order_by(VisitSession.created_at)
                )
                .scalars()
                .all()
            )
            return [self._view(session, v) for v in visits]

    def _count_waiting(self, branch: str) -> int:
        with self.ctx.db.session() as session:
            return int(
                session.execute(
                    select(func.count()).select_from(VisitSession).where(*self._queued_filter(branch))
                ).scalar_one()
            )

    def _store_assignment(self, session_id: str, user_id: int) -> SessionView | None:
        now = self.ctx.now()
        with self.ctx.db.session() as session:
            done = session.execute(
                update(VisitSession)
                .where(
                    VisitSession.id == session_id,
                    VisitSession.assigned_user_id.is_(None),
                    VisitSession.ended_at.is_(None),
                )
                .values(assigned_user_id=user_id, assigned_at=now, updated_at=now)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                return None
            audit.record(
                session,
                at=now,
                actor="hub",
                action="session.assigned",
                subject_type="session",
                subject_id=session_id,
                details={"user": user_id},
            )
            visit = session.get(VisitSession, session_id)
            assert visit is not None
            session.refresh(visit)
            return self._view(session, visit)

    def _requeue(self, session_ids: list[str], user_id: int) -> list[SessionView]:
        now = self.ctx.now()
        views = []
        with self.ctx.db.session() as session:
            for session_id in session_ids:
                visit = session.get(VisitSession, session_id)
                if visit is None or visit.ended_at is not None or visit.assigned_user_id != user_id:
                    continue
                target = REQUEUE_STATE.get(SessionState(visit.state))
                if target is not None:
                    change_state(session, visit, target, actor="hub", now=now, reason="console_disconnected")
                visit.assigned_user_id = None
                visit.assigned_at = None
                visit.updated_at = now
                audit.record(
                    session,
                    at=now,
                    actor="hub",
                    action="session.unassigned",
                    subject_type="session",
                    subject_id=session_id,
                    details={"user": user_id, "reason": "console_disconnected"},
                )
                session.flush()
                views.append(self._view(session, visit))
        return views

    def _save_heartbeat(self, booth_id: int, beat: HeartbeatPayload) -> None:
        with self.ctx.db.session() as session:
            session.execute(
                update(Booth)
                .where(Booth.id == booth_id)
                .values(
                    last_heartbeat=self.ctx.now(),
                    camera_ok=beat.camera_ok,
                    microphone_ok=beat.microphone_ok,
                    speaker_ok=beat.speaker_ok,
                    link_ok=beat.link_ok,
                )
            )
