"""Signaling transports for peer sessions: the hub's WebSocket client, and a direct in-process pair.

A peer session only needs a coroutine that sends an `Envelope`; whoever receives envelopes calls the session's
`handle_signal`. `DirectSignaling` does both for two sessions in one process (tests, a hub-less demo).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from kiosk.domain.messages import Envelope, Role, SignalType

log = logging.getLogger(__name__)

EnvelopeHandler = Callable[[Envelope], Awaitable[None]]


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
