"""The booth<->console control channel: typed messages over the ``control`` data channel, with requests
answered by an ack, a specific answer (capture_request -> capture_done) or an error, correlated by id.

One `ControlChannel` lives as long as the peer session and is attached to the data channel of each new peer
connection; messages sent while no channel is open wait in a short outbox and go out on reconnection, and requests
still unanswered are sent again on the new connection (the receiver answers a repeated id once, from memory). A
malformed or unknown message is logged and answered with an ``error`` message; it never reaches the handler and
never ends the receiver.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import secrets
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiortc import RTCDataChannel
from pydantic import BaseModel

from kiosk.protocol import (
    CONTROL_ANSWERS,
    CONTROL_PAYLOADS,
    ControlMessage,
    ControlType,
    ErrorPayload,
    MessageError,
    control,
    parse_control,
)

log = logging.getLogger(__name__)

#: Seconds to wait for the answer to a request, by type (a capture includes a countdown and an upload).
REQUEST_TIMEOUTS_S: dict[ControlType, float] = {
    ControlType.CAPTURE_REQUEST: 90.0,
    ControlType.SIGNATURE_REQUEST: 300.0,
}
DEFAULT_TIMEOUT_S = 10.0
#: Messages kept while disconnected; older ones are dropped (their requests time out).
OUTBOX_SIZE = 50
#: Requests received whose answers are kept, to answer one sent again (the newest; a call has a few hundred).
ANSWERS_KEPT = 500

_REPLY_TYPES = frozenset({ControlType.ACK, ControlType.ERROR, *CONTROL_ANSWERS.values()})

Handler = Callable[[ControlMessage], Awaitable[BaseModel | None]]


class ControlError(Exception):
    """The other end refused a request (or a handler refuses one): `code` and `detail` travel in the error."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class ControlChannel:
    """Typed request/response over the ``control`` data channel of whatever peer connection is current.

    `handler` gets each valid incoming request and returns its answer payload (None means a plain ack) or
    raises `ControlError` to refuse it; it runs in its own task, so a slow handler (a capture with countdown)
    does not hold up other messages.
    """

    def __init__(self, id_prefix: str, handler: Handler | None = None) -> None:
        self.handler = handler
        # A random part: the other end remembers the ids it answered (see `_answers`), and a restarted program
        # counting from 1 again must not be taken for the one before it.
        run = secrets.token_hex(3)
        self._ids = (f"{id_prefix}-{run}-{n}" for n in itertools.count(1))
        self._channel: RTCDataChannel | None = None
        self._pending: dict[str, tuple[ControlType, asyncio.Future[ControlMessage]]] = {}
        self._outbox: deque[str] = deque(maxlen=OUTBOX_SIZE)
        #: Requests not answered yet, as sent: a new connection sends them again (see `attach`).
        self._in_flight: dict[str, str] = {}
        self._resend = False
        #: The requests this end received, by id, with the answer sent (None while being handled): a request sent
        #: again over a new connection is answered again, never carried out twice.
        self._answers: OrderedDict[str, str | None] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self.errors_received = 0
        self.malformed_received = 0

    # -- connection -------------------------------------------------------------------------------------------

    def attach(self, channel: RTCDataChannel) -> None:
        """Use `channel` from now on (called for each new peer connection).

        The requests still waiting for an answer go out again on it: the connection they went over may have died
        before they arrived, or before their answer came back (a link blip that media survive), and the other end
        answers a request it already handled with the same answer.
        """
        self._channel = channel
        self._resend = True
        channel.on("message", self._on_message)
        channel.on("open", self._flush)
        self._flush()

    @property
    def is_open(self) -> bool:
        """True when messages go out at once."""
        return self._channel is not None and self._channel.readyState == "open"

    # -- sending ----------------------------------------------------------------------------------------------

    async def request(
        self, kind: ControlType, payload: BaseModel | None = None, timeout_s: float | None = None
    ) -> ControlMessage:
        """Send a request and wait for its answer (ack or the specific answer type).

        Raises `ControlError` when the other end refuses it, `TimeoutError` when no answer comes in time.
        """
        return await self.send_request(kind, payload, timeout_s)

    def send_request(
        self, kind: ControlType, payload: BaseModel | None = None, timeout_s: float | None = None
    ) -> Coroutine[Any, Any, ControlMessage]:
        """Send a request now, on this call, and return the wait for its answer (as `request`).

        For a message that must not wait for the loop's next turn: a focus switch sends ``set_quality`` from
        the officer's click, before the window lays itself out again (30 ms of the switch, measured).
        """
        message = control(kind, next(self._ids), payload)
        future: asyncio.Future[ControlMessage] = asyncio.get_running_loop().create_future()
        self._pending[message.id] = (kind, future)
        text = message.to_json()
        self._in_flight[message.id] = text
        try:
            self._send_text(text)
        except BaseException:
            self._pending.pop(message.id, None)
            self._in_flight.pop(message.id, None)
            raise
        return self._answer(message.id, kind, future, timeout_s)

    async def _answer(
        self, message_id: str, kind: ControlType, future: asyncio.Future[ControlMessage], timeout_s: float | None
    ) -> ControlMessage:
        try:
            wait = timeout_s if timeout_s is not None else REQUEST_TIMEOUTS_S.get(kind, DEFAULT_TIMEOUT_S)
            reply = await asyncio.wait_for(future, wait)
        finally:
            self._pending.pop(message_id, None)
            self._in_flight.pop(message_id, None)
        if reply.type is ControlType.ERROR:
            error = reply.payload_as(ErrorPayload)
            raise ControlError(error.code, error.message)
        return reply

    def _send_text(self, text: str) -> None:
        if self.is_open:
            assert self._channel is not None
            self._channel.send(text)
        else:
            self._outbox.append(text)

    def _flush(self) -> None:
        if not self.is_open:
            return
        assert self._channel is not None
        queued = set(self._outbox)
        while self._outbox:
            self._channel.send(self._outbox.popleft())
        if self._resend:
            self._resend = False
            for text in list(self._in_flight.values()):
                if text not in queued:
                    self._channel.send(text)

    def _reply(self, kind: ControlType, payload: BaseModel, reply_to: str | None) -> None:
        text = control(kind, next(self._ids), payload, reply_to=reply_to).to_json()
        if reply_to is not None and reply_to in self._answers:
            self._answers[reply_to] = text
        self._send_text(text)

    def _refuse(self, code: str, detail: str, reply_to: str | None, ref_type: str | None = None) -> None:
        self._reply(ControlType.ERROR, ErrorPayload(code=code, message=detail, ref_type=ref_type), reply_to)

    # -- receiving --------------------------------------------------------------------------------------------

    def _on_message(self, raw: str | bytes) -> None:
        try:
            message = parse_control(raw)
        except MessageError as exc:
            self.malformed_received += 1
            # Say which message was refused when its id can be read, never answer an error with an error.
            reply_to, kind = _peek(raw)
            log.warning("control: refused a malformed message: %s", exc.code)
            if kind != ControlType.ERROR.value:
                self._refuse(exc.code, exc.detail, reply_to, kind)
            return
        if message.type in _REPLY_TYPES and message.reply_to is not None:
            self._resolve(message)
            return
        if message.type in _REPLY_TYPES:
            if message.type is ControlType.ERROR:
                self.errors_received += 1
                log.warning("control: the other end reported %s", message.payload_as(ErrorPayload).code)
            return
        if message.id in self._answers:
            # Sent again over a new connection: answered again if it was, otherwise its handler is still at work.
            answer = self._answers[message.id]
            if answer is not None:
                self._send_text(answer)
            return
        self._answers[message.id] = None
        while len(self._answers) > ANSWERS_KEPT:
            self._answers.popitem(last=False)
        task = asyncio.get_running_loop().create_task(self._handle(message), name=f"control-{message.type.value}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _resolve(self, message: ControlMessage) -> None:
        assert message.reply_to is not None
        entry = self._pending.get(message.reply_to)
        if entry is None:
            if message.type is ControlType.ERROR:
                self.errors_received += 1
            log.info("control: %s for an unknown or expired request", message.type.value)
            return
        kind, future = entry
        expected = CONTROL_ANSWERS.get(kind, ControlType.ACK)
        if future.done():
            return
        if message.type not in (expected, ControlType.ERROR):
            future.set_exception(ControlError("unexpected_answer", f"{kind.value} answered by {message.type.value}"))
        else:
            future.set_result(message)

    async def _handle(self, message: ControlMessage) -> None:
        if self.handler is None:
            self._refuse("unsupported", f"{message.type.value} is not handled here", message.id, message.type.value)
            return
        try:
            answer = await self.handler(message)
        except ControlError as exc:
            self._refuse(exc.code, exc.detail, message.id, message.type.value)
            return
        except Exception:
            log.exception("control: handler for %s failed", message.type.value)
            self._refuse("internal", "the request could not be carried out", message.id, message.type.value)
            return
        expected = CONTROL_ANSWERS.get(message.type, ControlType.ACK)
        if answer is None:
            answer = CONTROL_PAYLOADS[ControlType.ACK]()
            expected = ControlType.ACK
        try:
            self._reply(expected, answer, message.id)
        except MessageError:
            log.error("control: handler for %s answered with the wrong payload", message.type.value)
            self._refuse("internal", "the request could not be carried out", message.id, message.type.value)

    async def close(self) -> None:
        """Fail pending requests, cancel running handlers, forget the channel."""
        for _, future in self._pending.values():
            if not future.done():
                future.set_exception(ControlError("closed", "the session was closed"))
        self._pending.clear()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._channel = None
        self._outbox.clear()
        self._in_flight.clear()


def _peek(raw: str | bytes) -> tuple[str | None, str | None]:
    """The id and type of a message that failed validation, when they can be read at all."""
    try:
        data = json.loads(raw)
    except (ValueError, TypeError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    message_id, kind = data.get("id"), data.get("type")
    return (
        message_id if isinstance(message_id, str) and 0 < len(message_id) <= 64 else None,
        kind if isinstance(kind, str) else None,
    )
