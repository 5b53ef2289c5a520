"""The media side of the console: what focus asks of the booths' peers (`MediaRouter`) and its implementation.

`ConsoleState` decides who is focused; `PeerRouter` turns that into control messages, quality levels and audio
routing over the console's peer sessions (one `kiosk.video.peer.ConsolePeer` per assigned booth), and serves
the tiles the newest frame of each session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

import numpy as np

from kiosk.domain.media import QualityLevel
from kiosk.protocol import ControlType

log = logging.getLogger(__name__)


class MediaRouter(Protocol):
    """What the console's media layer does on the state's behalf (one peer session per booth)."""

    def set_quality(self, session_id: str, level: QualityLevel) -> None:
        """Ask the booth to send at `level` (a `set_quality` control message)."""

    def send_control(self, session_id: str, kind: ControlType) -> None:
        """Send a payload-less control message (focus, unfocus, hold, resume)."""

    def route_officer(self, session_id: str | None) -> None:
        """Send the officer's microphone and camera to this booth only, and play only its audio (None: nobody)."""


class NullRouter:
    """A router that does nothing (screenshots, widget tests)."""

    def set_quality(self, session_id: str, level: QualityLevel) -> None:
        """Ignore."""

    def send_control(self, session_id: str, kind: ControlType) -> None:
        """Ignore."""

    def route_officer(self, session_id: str | None) -> None:
        """Ignore."""


class PeerRouter:
    """The state's `MediaRouter` over the console's peer sessions (quality, control, audio routing)."""

    def __init__(self) -> None:
        self.peers: dict[str, Any] = {}  # session id -> ConsolePeer
        self.quality: dict[str, QualityLevel] = {}
        self.officer_to: str | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def frame_source(self, session_id: str) -> Callable[[], np.ndarray | None]:
        """What a tile pulls: the session's newest remote frame (RGB), or None while it has no peer."""

        def pull() -> np.ndarray | None:
            peer = self.peers.get(session_id)
            return None if peer is None else peer.latest_frame("rgb24")

        return pull

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        # Focus switching must not wait for the booths' answers: each message is a task of its own.
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def cancel_pending(self) -> None:
        """Cancel control messages still under way (the console is closing)."""
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def set_quality(self, session_id: str, level: QualityLevel) -> None:
        """Remember and send `set_quality` (sent again when the peer (re)connects)."""
        self.quality[session_id] = level
        peer = self.peers.get(session_id)
        # The control channel queues until it opens, so a booth still connecting gets it as soon as it can.
        # The message leaves now (the peer sends on the call); only the wait for the booth's answer is a task.
        if peer is not None:
            try:
                answer = peer.set_quality(level)
            except Exception as exc:  # a channel that fails must not break focus switching
                log.info("control set_quality to %s failed: %s", session_id, type(exc).__name__)
                return
            self._spawn(self._quietly(answer, session_id, "set_quality"))

    def send_control(self, session_id: str, kind: ControlType) -> None:
        """Send a payload-less control message."""
        peer = self.peers.get(session_id)
        if peer is not None:
            self._spawn(self._quietly(peer.request(kind), session_id, kind.value))

    def route_officer(self, session_id: str | None) -> None:
        """Only `session_id` hears and sees the officer, and only its audio is played."""
        self.officer_to = session_id
        for sid, peer in self.peers.items():
            self.apply_routing(sid, peer)

    def apply_routing(self, session_id: str, peer: Any) -> None:
        """Set one peer's audio/video routing to match the focus."""
        focused = session_id == self.officer_to
        peer.remote_audio.muted = not focused
        peer.microphone_muted = not focused
        if peer.video is not None:
            peer.video.paused = not focused

    async def _quietly(self, coro: Coroutine[Any, Any, Any], session_id: str, what: str) -> None:
        try:
            await coro
        except Exception as exc:  # a booth that does not answer must not break focus switching
            log.info("control %s to %s failed: %s", what, session_id, type(exc).__name__)


def detach(peer: Any) -> None:
    """Stop a peer's callbacks from reaching the console (its tile, or the whole window, is going away)."""
    for name in ("on_state", "on_stats"):
        if hasattr(peer, name):
            setattr(peer, name, None)
