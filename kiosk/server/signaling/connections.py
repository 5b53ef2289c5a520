"""One WebSocket per booth or console: authentication, the send queue and its writer, the read loop, rate
limiting and the heartbeat timeout. What a message means is decided elsewhere (`hub`): this module only
delivers parsed envelopes to a handler and answers what cannot be parsed."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from kiosk.config import ServerSettings
from kiosk.domain.access import Principal
from kiosk.protocol import Envelope, MessageError, Role, error_signal, parse_envelope
from kiosk.server.metrics import Metrics

log = logging.getLogger(__name__)

#: WebSocket close codes the hub uses (4000-4999 are the application's own). 4401 also ends a socket whose token
#: was revoked or expired, 4403 one whose user was disabled (each after an `error` saying which).
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_IDLE = 4408
CLOSE_REPLACED = 4409
CLOSE_FLOODING = 4429
CLOSE_SLOW = 4430
CLOSE_GOING_AWAY = 1001
#: A socket whose branch another hub instance runs now: connect again (RFC 6455's "service restart").
CLOSE_MOVED = 1012

#: Outgoing messages a slow client may have queued before it is disconnected.
SEND_QUEUE_LIMIT = 1000


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


@dataclass(eq=False)
class Connection:
    """One open WebSocket (compared and hashed by identity: the hub keeps a set of them)."""

    id: str
    ws: WebSocket
    principal: Principal
    role: Role
    queue: asyncio.Queue[str | None] = field(default_factory=lambda: asyncio.Queue(SEND_QUEUE_LIMIT))
    hello_done: bool = False
    closing: bool = False
    close_code: int = 1000
    close_reason: str = ""
    #: The bearer token the socket was opened with (checked again periodically) and, for a login token, its expiry.
    token: str = field(default="", repr=False)
    expires_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        """True once the login token the socket was opened with has expired."""
        return self.expires_at is not None and self.expires_at <= now

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

    async def end(self) -> None:
        """Close with `close_code` once the messages already queued are sent (see `close`)."""
        try:
            self.queue.put_nowait(None)
        except asyncio.QueueFull:
            await self._close_slow()

    async def _close_slow(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close(CLOSE_SLOW, "too many unsent messages")


def bearer_token(ws: WebSocket) -> str:
    """The token a booth or console presented in ``Authorization: Bearer``. Tokens never travel in URLs (they
    would end up in logs): a ``?token=`` query is not read. A browser, which cannot set the header, is an online
    participant and authenticates with its web-session cookie (`participants.cookie_token`)."""
    header = ws.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""


async def refuse(ws: WebSocket, code: int, error: str, message: str) -> None:
    """Tell an accepted socket why it is refused, then close it with `code`."""
    with contextlib.suppress(Exception):
        await ws.send_text(error_signal(error, message).to_json())
        await ws.close(code)


async def close(conn: Connection, code: int, reason: str) -> None:
    """Close after the messages already queued (an error saying why is sent before the close)."""
    if conn.closing:
        return
    conn.closing = True
    conn.close_code, conn.close_reason = code, reason
    await conn.end()


#: Why a socket's token stopped working -> the error code and close code it is ended with.
ACCESS_ENDED: dict[str, tuple[str, int]] = {
    "revoked": ("token_revoked", CLOSE_UNAUTHORIZED),
    "expired": ("token_expired", CLOSE_UNAUTHORIZED),
    "unknown": ("token_revoked", CLOSE_UNAUTHORIZED),
    "disabled": ("user_disabled", CLOSE_FORBIDDEN),
}


async def end_access(conn: Connection, reason: str) -> None:
    """Close a socket whose token no longer stands for anyone (`reason` is a key of `ACCESS_ENDED`)."""
    code, close_code = ACCESS_ENDED.get(reason, ACCESS_ENDED["revoked"])
    conn.send(error_signal(code, "the token of this connection is no longer valid; log in again"))
    await close(conn, close_code, code)


async def write_loop(conn: Connection) -> None:
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


#: Handles one parsed message (raw text kept for relaying it unchanged); raises MessageError to answer ERROR.
Handler = Callable[[Connection, Envelope, str | None], Awaitable[None]]


async def read_loop(conn: Connection, settings: ServerSettings, metrics: Metrics, handle: Handler) -> None:
    """Receive until the client leaves, floods, or stays silent past the heartbeat timeout."""
    bucket = TokenBucket(settings.ws_messages_per_s, settings.ws_message_burst)
    while not conn.closing:
        try:
            message = await asyncio.wait_for(conn.ws.receive(), settings.heartbeat_timeout_s)
        except TimeoutError:
            await close(conn, CLOSE_IDLE, "no message within the heartbeat timeout")
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
            await close(conn, CLOSE_FLOODING, "flooding")
            return
        try:
            envelope = parse_envelope(raw)
        except MessageError as exc:
            metrics.ws_errors.labels(exc.code).inc()
            conn.send(error_signal(exc.code, exc.detail))
            continue
        except Exception:  # never let one frame end the connection: every frame gets an answer
            log.exception("unexpected error parsing a message from %s", conn.id)
            metrics.ws_errors.labels("internal_error").inc()
            conn.send(error_signal("internal_error", "the message could not be handled"))
            continue
        metrics.ws_messages.labels(envelope.type.value).inc()
        await handle_message(conn, envelope, raw if isinstance(raw, str) else None, handle, metrics)


async def handle_message(conn: Connection, envelope: Envelope, raw: str | None, handle: Handler,
                         metrics: Metrics) -> None:
    """Run `handle` on one parsed message; a refusal (`MessageError`) or a failure is answered with ERROR."""
    try:
        await handle(conn, envelope, raw)
    except MessageError as exc:
        metrics.ws_errors.labels(exc.code).inc()
        conn.send(error_signal(exc.code, exc.detail, envelope.type.value, envelope.session_id))
    except Exception:
        log.exception("unexpected error handling %s from %s", envelope.type.value, conn.id)
        metrics.ws_errors.labels("internal_error").inc()
        conn.send(
            error_signal("internal_error", "the message could not be handled", envelope.type.value, envelope.session_id)
        )


async def run_connection(
    conn: Connection,
    settings: ServerSettings,
    metrics: Metrics,
    handle: Handler,
    on_closed: Callable[[Connection], Awaitable[None]],
) -> None:
    """Run one accepted, authenticated connection until it closes, then call `on_closed`."""
    metrics.ws_connections.labels(conn.role.value).inc()
    writer = asyncio.create_task(write_loop(conn))
    try:
        await read_loop(conn, settings, metrics, handle)
    finally:
        metrics.ws_connections.labels(conn.role.value).dec()
        conn.closing = True
        with contextlib.suppress(asyncio.QueueFull):
            conn.queue.put_nowait(None)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(writer, 2.0)
        writer.cancel()
        await on_closed(conn)
