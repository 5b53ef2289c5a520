"""Signaling transports for peer sessions: the hub's WebSocket client, and a direct in-process pair.

A peer session only needs a coroutine that sends an `Envelope`; whoever receives envelopes calls the session's
`handle_signal`. `SignalingClient` is the hub's ``/api/v1/ws`` (see docs/protocol.md): bearer token, HELLO,
WELCOME, heartbeats, and on any drop a reconnection with backoff that announces the client's state (HELLO)
again. `DirectSignaling` relays between two sessions in one process (tests, a hub-less demo).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import inspect
import logging
import ssl
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import websockets
from websockets.asyncio.client import ClientConnection, connect

from kiosk.protocol import (
    MAX_MESSAGE_BYTES,
    Envelope,
    ErrorPayload,
    HeartbeatPayload,
    HelloPayload,
    MessageError,
    Role,
    SignalType,
    WelcomePayload,
    parse_envelope,
    signal,
)

log = logging.getLogger(__name__)

EnvelopeHandler = Callable[[Envelope], Awaitable[None]]

WS_PATH = "/api/v1/ws"
#: Close codes of the hub after which reconnecting is pointless until someone acts.
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_REPLACED = 4409


def ws_url(hub_url: str) -> str:
    """The signaling URL for a hub URL: ``https://hub:8600`` -> ``wss://hub:8600/api/v1/ws``."""
    parts = urlsplit(hub_url)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None:
        raise ValueError(f"{hub_url!r} is not an http(s) or ws(s) URL")
    path = parts.path.rstrip("/")
    if not path.endswith(WS_PATH):
        path += WS_PATH
    return urlunsplit((scheme, parts.netloc, path, "", ""))


class SignalingState(enum.Enum):
    """The client's connection to the hub."""

    DISCONNECTED = "disconnected"  # not connected; reconnecting after a backoff
    CONNECTING = "connecting"  # socket opening, HELLO sent, waiting for WELCOME
    CONNECTED = "connected"  # welcomed: envelopes flow
    REFUSED = "refused"  # the hub refused the token or replaced this connection: retried slowly
    CLOSED = "closed"  # close() was called


class SignalingClient:
    """A reconnecting WebSocket client for the hub.

    `on_envelope` gets every valid envelope except WELCOME and heartbeat answers, in order (awaited when it is a
    coroutine function). `hello` is what is announced on every (re)connection; update it as the state changes.
    `heartbeat` builds each HEARTBEAT payload (device health for booths).
    """

    def __init__(
        self,
        url: str,
        token: str,
        hello: HelloPayload,
        *,
        on_envelope: Callable[[Envelope], Awaitable[None] | None],
        on_state: Callable[[SignalingState], None] | None = None,
        heartbeat: Callable[[], HeartbeatPayload] | None = None,
        backoff_s: Sequence[float] = (0.5, 1.0, 2.0, 4.0, 8.0),
        open_timeout_s: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.url = ws_url(url)
        self._token = token
        self.hello = hello
        self.on_envelope = on_envelope
        self.on_state = on_state
        self.heartbeat = heartbeat or HeartbeatPayload
        self.backoff_s = list(backoff_s) or [1.0]
        self.open_timeout_s = open_timeout_s
        self.ssl_context = ssl_context
        self.welcome: WelcomePayload | None = None
        self.connections = 0
        self._state = SignalingState.DISCONNECTED
        self._ws: ClientConnection | None = None
        self._connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def state(self) -> SignalingState:
        """The current state."""
        return self._state

    def _set_state(self, state: SignalingState) -> None:
        if state is self._state:
            return
        log.info("signaling: %s -> %s", self._state.value, state.value)
        self._state = state
        if state is SignalingState.CONNECTED:
            self._connected.set()
        else:
            self._connected.clear()
        if self.on_state is not None:
            self.on_state(state)

    async def start(self) -> None:
        """Connect in the background (and keep reconnecting) until `close()`."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="signaling")

    async def wait_connected(self, timeout_s: float) -> None:
        """Wait until the hub has welcomed this client (TimeoutError otherwise)."""
        await asyncio.wait_for(self._connected.wait(), timeout_s)

    async def send(self, envelope: Envelope, timeout_s: float = 10.0) -> None:
        """Send `envelope`, waiting up to `timeout_s` for the connection; ConnectionError when it is not up."""
        try:
            await asyncio.wait_for(self._connected.wait(), timeout_s)
        except TimeoutError:
            raise ConnectionError("not connected to the hub") from None
        ws = self._ws
        if ws is None:
            raise ConnectionError("not connected to the hub")
        try:
            await ws.send(envelope.to_json())
        except websockets.ConnectionClosed as exc:
            raise ConnectionError("the hub connection dropped") from exc

    async def close(self) -> None:
        """Close the connection and stop reconnecting."""
        self._closed = True
        task, self._task = self._task, None
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._set_state(SignalingState.CLOSED)

    async def _run(self) -> None:
        attempt = 0
        while not self._closed:
            self._set_state(SignalingState.CONNECTING)
            refused = False
            try:
                # wss: the given context, or the system's trust store (SSL_CERT_FILE honoured); ws: no TLS. (An
                # explicit ssl=None with a wss URL is a ValueError in websockets: the task used to die on it.)
                tls: dict[str, Any] = {"ssl": self.ssl_context or True} if self.url.startswith("wss:") else {}
                async with connect(
                    self.url,
                    additional_headers={"Authorization": f"Bearer {self._token}"},
                    open_timeout=self.open_timeout_s,
                    max_size=MAX_MESSAGE_BYTES,
                    **tls,
                ) as ws:
                    self._ws = ws
                    welcomed = await self._session(ws)
                    if welcomed:
                        attempt = 0
            except websockets.InvalidStatus as exc:
                refused = exc.response.status_code in (401, 403)
                log.warning("signaling: the hub answered HTTP %s", exc.response.status_code)
            except websockets.ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd is not None else None
                refused = code in (CLOSE_UNAUTHORIZED, CLOSE_FORBIDDEN, CLOSE_REPLACED)
                log.warning("signaling: connection closed (%s)", code)
            except (OSError, TimeoutError, websockets.InvalidHandshake, websockets.InvalidURI) as exc:
                log.warning("signaling: cannot reach the hub: %s", exc)
            except Exception:  # whatever it is, the link must keep trying rather than end silently
                log.exception("signaling: the connection failed")
            finally:
                self._ws = None
            if self._closed:
                break
            self._set_state(SignalingState.REFUSED if refused else SignalingState.DISCONNECTED)
            # A refused token will not start working by itself: retry at the slowest pace only.
            delay = self.backoff_s[-1] if refused else self.backoff_s[min(attempt, len(self.backoff_s) - 1)]
            attempt += 1
            await asyncio.sleep(delay)

    async def _session(self, ws: ClientConnection) -> bool:
        """HELLO, WELCOME, then receive until the connection ends; True when the hub welcomed us."""
        await ws.send(signal(SignalType.HELLO, self.hello).to_json())
        heartbeat: asyncio.Task[None] | None = None
        welcomed = False
        try:
            async for raw in ws:
                try:
                    envelope = parse_envelope(raw)
                except MessageError as exc:
                    log.warning("signaling: refused a malformed message from the hub: %s", exc.code)
                    continue
                if envelope.type is SignalType.WELCOME and not welcomed:
                    self.welcome = envelope.payload_as(WelcomePayload)
                    welcomed = True
                    self.connections += 1
                    heartbeat = asyncio.get_running_loop().create_task(
                        self._heartbeats(ws, self.welcome.heartbeat_interval_s), name="signaling-heartbeat"
                    )
                    self._set_state(SignalingState.CONNECTED)
                    continue
                if envelope.type is SignalType.HEARTBEAT:
                    continue
                if envelope.type is SignalType.ERROR:
                    log.warning("signaling: the hub refused a message: %s", envelope.payload_as(ErrorPayload).code)
                await self._dispatch(envelope)
        finally:
            if heartbeat is not None:
                heartbeat.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await heartbeat
        return welcomed

    async def _dispatch(self, envelope: Envelope) -> None:
        try:
            result = self.on_envelope(envelope)
            if inspect.isawaitable(result):
                await result
        except Exception:  # one bad handler call must not drop the hub connection
            log.exception("signaling: handling %s failed", envelope.type.value)

    async def _heartbeats(self, ws: ClientConnection, interval_s: float) -> None:
        while True:
            await asyncio.sleep(max(0.05, interval_s))
            try:
                await ws.send(signal(SignalType.HEARTBEAT, self.heartbeat()).to_json())
            except websockets.ConnectionClosed:
                return


class SessionRouter:
    """Hands each session's OFFER/ANSWER/BYE to its peer session's `handle_signal`; everything else to `other`."""

    def __init__(self, other: Callable[[Envelope], Awaitable[None] | None] | None = None) -> None:
        self.sessions: dict[str, EnvelopeHandler] = {}
        self.other = other

    def add(self, session_id: str, handler: EnvelopeHandler) -> None:
        """Route `session_id`'s relayed signals to `handler`."""
        self.sessions[session_id] = handler

    def remove(self, session_id: str) -> None:
        """Stop routing `session_id`."""
        self.sessions.pop(session_id, None)

    async def __call__(self, envelope: Envelope) -> None:
        handler = self.sessions.get(envelope.session_id or "")
        if envelope.type in (SignalType.OFFER, SignalType.ANSWER, SignalType.BYE) and handler is not None:
            await handler(envelope)
        elif self.other is not None:
            result = self.other(envelope)
            if inspect.isawaitable(result):
                await result


class DirectSignaling:
    """Relays envelopes between a booth and a console session in one process, in order, like the hub would.

    `drop` (a set of `SignalType`) makes the relay lose those messages: tests of lost signaling.
    """

    def __init__(self) -> None:
        self._handlers: dict[Role, EnvelopeHandler] = {}
        self._queues: dict[Role, asyncio.Queue[Envelope]] = {}
        self._pumps: list[asyncio.Task[None]] = []
        self.drop: set[SignalType] = set()
        self.relayed: list[Envelope] = []

    def bind(self, role: Role, handler: EnvelopeHandler) -> None:
        """Deliver envelopes addressed to `role` to `handler` (a session's `handle_signal`)."""
        self._handlers[role] = handler
        queue: asyncio.Queue[Envelope] = asyncio.Queue()
        self._queues[role] = queue
        self._pumps.append(asyncio.get_running_loop().create_task(self._pump(role, queue)))

    def sender(self, role: Role) -> Callable[[Envelope], Awaitable[None]]:
        """The `send_signal` for the session playing `role` (its envelopes go to the other role)."""
        target = Role.CONSOLE if role is Role.BOOTH else Role.BOOTH

        async def send(envelope: Envelope) -> None:
            if envelope.type in self.drop:
                return
            self.relayed.append(envelope)
            queue = self._queues.get(target)
            if queue is not None:
                queue.put_nowait(envelope)

        return send

    async def _pump(self, role: Role, queue: asyncio.Queue[Envelope]) -> None:
        while True:
            envelope = await queue.get()
            try:
                await self._handlers[role](envelope)
            except Exception:
                log.exception("direct signaling: handler failed")

    async def close(self) -> None:
        """Stop relaying."""
        for task in self._pumps:
            task.cancel()
        for task in self._pumps:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._pumps.clear()
