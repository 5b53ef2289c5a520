"""The booth watches its own camera during the call for a second face, and tells the officer.

Someone prompting the participant from beside the booth is what the officer cannot see in a 320 px tile. The
booth sees its camera at full resolution, so the check runs here, a few times a second while the officer is
connected, in the vision worker process (never on the GUI or the event loop's thread). `SecondFaceWatch`
debounces the detector's mistakes into one `second_face` message per episode. No frame is kept or sent: only
the count and the time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel

from kiosk.app.booth.camera_port import Camera
from kiosk.domain.assist import SecondFaceWatch
from kiosk.protocol import ControlMessage, ControlType
from kiosk.protocol.control import SecondFacePayload

log = logging.getLogger(__name__)

#: Checks per second while the officer is connected (each takes about 0.1 s of one core here).
CHECKS_PER_S = 2.0


class FaceCounter(Protocol):
    """Counts faces in a frame (the vision worker)."""

    async def count_faces(self, frame: Any) -> int:
        """How many faces the BGR frame shows."""
        ...


class SecondFaceWatcher:
    """A call listener (see `kiosk.app.booth.call_link.CallListener`) that watches while the officer is there."""

    def __init__(
        self,
        camera: Camera,
        counter: FaceCounter,
        request: Callable[[ControlType, BaseModel], Awaitable[Any]],
        *,
        rate: float = CHECKS_PER_S,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.camera = camera
        self.counter = counter
        self.request = request
        self.rate = rate
        self.clock = clock
        self._task: asyncio.Task[None] | None = None

    # -- CallListener -------------------------------------------------------------------------------------

    def officer_connected(self, officer_name: str = "", officer_frames: Callable[[], Any] | None = None) -> None:
        """The call began (or came back): watch."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._watch())

    def call_dropped(self) -> None:
        """The call is gone: stop watching."""
        self.stop()

    def call_restored(self) -> None:
        """The link came back: watch again."""
        self.officer_connected()

    def network_changed(self, quality: Any) -> None:
        """Not this listener's business."""

    def handle_control(self, message: ControlMessage) -> None:
        """The session ended: stop watching."""
        if message.type is ControlType.END:
            self.stop()

    def help_acknowledged(self) -> None:
        """Not this listener's business."""

    def recording_changed(self, on: bool) -> None:
        """Not this listener's business."""

    # ------------------------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop watching (the next call starts a fresh watch)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    @property
    def watching(self) -> bool:
        """Whether a watch is running."""
        return self._task is not None and not self._task.done()

    async def _watch(self) -> None:
        watch = SecondFaceWatch()
        interval = 1 / self.rate
        while True:
            frame = self.camera.latest_frame()
            if frame is not None:
                try:
                    faces = await self.counter.count_faces(frame)
                except Exception as exc:  # a failing detector must not end the call; the officer still sees
                    log.warning("second-face check failed (%s); watching stops", type(exc).__name__)
                    return
                if watch.observe(faces):
                    payload = SecondFacePayload(faces=min(faces, 20), at=self.clock().strftime("%H:%M:%S"))
                    with contextlib.suppress(Exception):  # the control channel may be reconnecting: next episode
                        await self.request(ControlType.SECOND_FACE, payload)
            await asyncio.sleep(interval)


class CallListeners:
    """Several call listeners behind the call link's one subscription (the flows first, then the others)."""

    def __init__(self, *listeners: Any) -> None:
        self.listeners = listeners

    def officer_connected(self, officer_name: str = "", officer_frames: Callable[[], Any] | None = None) -> None:
        """Forward to every listener."""
        for listener in self.listeners:
            listener.officer_connected(officer_name, officer_frames)

    def call_dropped(self) -> None:
        """Forward to every listener."""
        for listener in self.listeners:
            listener.call_dropped()

    def call_restored(self) -> None:
        """Forward to every listener."""
        for listener in self.listeners:
            listener.call_restored()

    def network_changed(self, quality: Any) -> None:
        """Forward to every listener."""
        for listener in self.listeners:
            listener.network_changed(quality)

    def handle_control(self, message: ControlMessage) -> None:
        """Forward to every listener (the flows answer requests; the others only look)."""
        for listener in self.listeners:
            listener.handle_control(message)

    def help_acknowledged(self) -> None:
        """Forward to every listener."""
        for listener in self.listeners:
            listener.help_acknowledged()

    def recording_changed(self, on: bool) -> None:
        """Forward to every listener."""
        for listener in self.listeners:
            listener.recording_changed(on)
