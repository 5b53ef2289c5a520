"""The booth's call port: what the flows need of the live link to the officer (`call_link.CallLink`)."""

from __future__ import annotations

import asyncio
from typing import Protocol

from kiosk.protocol import AttentionKind, AttentionReason, ControlMessage, SessionUpdatePayload


class ControlSender(Protocol):
    """Sends the booth's control messages (answers) to the officer's console."""

    async def send(self, message: ControlMessage) -> None:
        """Deliver one message (reliable, ordered)."""
        ...


class CallPort(ControlSender, Protocol):
    """Signaling and the peer session of the current visit, as the flows use them."""

    @property
    def connected(self) -> bool:
        """True while the signaling connection to the hub is up."""
        ...

    def begin_session(self, session_id: str) -> None:
        """The booth checked in: announce the session so the hub can assign it."""
        ...

    async def end_session(self) -> None:
        """The visit ended: close the peer and forget the session."""
        ...

    async def report_progress(self, update: SessionUpdatePayload) -> None:
        """Tell the officer's tile how far self-service has come."""
        ...

    async def attention(
        self, kind: AttentionKind, reason: AttentionReason | None = None, document: str | None = None
    ) -> bool:
        """Raise an attention badge on the officer's console (why, and which document); False: not sent."""
        ...

    def set_volume(self, gain: float) -> None:
        """How loud the officer's voice plays (1.0: as received)."""
        ...

    def subscribe_session_updates(self) -> asyncio.Queue[SessionUpdatePayload]:
        """A queue of every session update the hub sends about this booth's session from now on."""
        ...

    def unsubscribe_session_updates(self, queue: asyncio.Queue[SessionUpdatePayload]) -> None:
        """Stop filling `queue`."""
        ...
