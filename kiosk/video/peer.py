"""A booth<->console peer session: one `RTCPeerConnection` at a time, replaced when it fails, for the whole
session.

The booth makes the offer (complete SDP: aiortc does not trickle) and the console answers; both travel as
signaling envelopes through whatever `send_signal` the session was given (the hub's WebSocket in the programs, a
direct pair in tests). When a connection fails the booth closes it and offers a new one after a backoff
(`VideoSettings.reconnect_backoff_s`); the console, which cannot offer, closes its side and says ``bye`` so the
booth does not wait for ICE consent to expire. Everything that outlives one connection (camera feed and quality,
control channel, remote-video receiver, recording, statistics) belongs to the session, so nothing is lost.

The session's `PeerState` is derived in one place (`_update_state`) and logged on change. The pieces a session
holds live next to it: one connection in `peer_link`, the recording in `peer_recording`, statistics in `peer_stats`.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

import numpy as np
from aiortc import RTCDataChannel, RTCSessionDescription
from aiortc.mediastreams import MediaStreamTrack
from pydantic import BaseModel

from kiosk.config import VideoSettings
from kiosk.domain.media import QualityLevel
from kiosk.protocol import (
    CONTROL_CHANNEL_LABEL,
    ByePayload,
    ControlMessage,
    ControlType,
    Envelope,
    Role,
    SdpPayload,
    SetQualityPayload,
    SignalType,
    signal,
)
from kiosk.video.audio import AudioInput, AudioOutput, AudioReceiver, NullInput
from kiosk.video.camera import CameraSource
from kiosk.video.control import ControlChannel, ControlError, Handler
from kiosk.video.peer_link import PeerLink, wait_unless
from kiosk.video.peer_recording import RecordingAttachment
from kiosk.video.peer_stats import StatsLoop
from kiosk.video.recording import SessionRecorder
from kiosk.video.stats import PeerStats
from kiosk.video.tracks import VideoFeed, VideoReceiver

log = logging.getLogger(__name__)

SignalSender = Callable[[Envelope], Awaitable[None]]

#: `bye` reasons. A booth that gets ``closed`` stops offering (the officer left the session); any other reason
#: means "this connection is gone, offer a new one".
BYE_CLOSED = "closed"
BYE_LINK_FAILED = "link_failed"

#: Control messages a booth acknowledges by itself when its application installed no handler.
_NOTIFICATIONS = frozenset(
    {
        ControlType.FOCUS,
        ControlType.UNFOCUS,
        ControlType.PROMPT,
        ControlType.HOLD,
        ControlType.RESUME,
        ControlType.HAND_BACK,
        ControlType.END,
    }
)


class PeerState(enum.Enum):
    """Where a peer session is."""

    IDLE = "idle"  # no connection wanted yet (booth before connect(), console before the first offer)
    CONNECTING = "connecting"  # the first connection is being negotiated
    CONNECTED = "connected"  # media and control flow
    RECONNECTING = "reconnecting"  # a connection failed; a new one is being negotiated
    CLOSED = "closed"  # close() was called: final


class PeerSession:
    """The media and control link of one session between a booth and a console (see the module docstring).

    Callbacks run on the event loop and must return quickly: `on_state(state)`, `on_stats(stats)` once a
    second, `on_remote_frame()` per decoded remote frame (pull it with `latest_frame`). Incoming control requests
    go to `control_handler` (return the answer payload or None for an ack, raise `ControlError` to refuse).
    Remote frames are converted to `display_format` off the loop (None: convert when pulled).
    """

    def __init__(
        self,
        role: Role,
        session_id: str,
        settings: VideoSettings,
        send_signal: SignalSender,
        *,
        camera: CameraSource | None = None,
        microphone: AudioInput | None = None,
        speaker: AudioOutput | None = None,
        quality: QualityLevel = QualityLevel.THUMBNAIL,
        control_handler: Handler | None = None,
        on_state: Callable[[PeerState], None] | None = None,
        on_stats: Callable[[PeerStats], None] | None = None,
        on_remote_frame: Callable[[], None] | None = None,
        read_timecodes: bool = True,
        display_format: str | None = "rgb24",
        connect_timeout_s: float = 20.0,
        stats_interval_s: float = 1.0,
    ) -> None:
        self.role = role
        self.session_id = session_id
        self.settings = settings
        self._send_signal = send_signal
        self.video = VideoFeed(camera, quality) if camera is not None else None
        self.microphone = microphone or NullInput()
        self.remote_video = VideoReceiver(
            read_timecodes=read_timecodes, on_frame=on_remote_frame, prepare=display_format
        )
        self.remote_audio = AudioReceiver(speaker)
        self.control_handler = control_handler
        self.control = ControlChannel(role.value, self._handle_control)
        self.on_state = on_state
        self.on_stats = on_stats
        self.connect_timeout_s = connect_timeout_s
        self.stats_interval_s = stats_interval_s
        #: Sends silence while true (the officer's microphone to a booth that is not focused).
        self.microphone_muted = False
        self.reconnections = 0
        self._link: PeerLink | None = None
        self._state = PeerState.IDLE
        self._wanted = False  # a connection is wanted (booth: connect() until bye/close; console: offers)
        self._retrying = False
        self._closed = False
        self._supervisor: asyncio.Task[None] | None = None
        self._offer_now = asyncio.Event()  # see offer_now()
        self._stats = StatsLoop(
            self.video,
            self.remote_video,
            lambda: self._link.pc if self._link is not None else None,
            self._deliver_stats,
            stats_interval_s,
            f"{role.value}/{session_id}",
        )
        self._answer_lock = asyncio.Lock()
        self._recording = RecordingAttachment(self.remote_video, self.remote_audio)
        self._state_changed = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._link_closes: set[asyncio.Task[None]] = set()

    def _background(self, coro: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- state ------------------------------------------------------------------------------------------------

    @property
    def state(self) -> PeerState:
        """The current state."""
        return self._state

    def _update_state(self) -> None:
        """Derive the state from the session's flags and the current connection; log and report changes."""
        link = self._link
        if self._closed:
            state = PeerState.CLOSED
        elif link is not None and link.pc.connectionState == "connected" and not link.down.is_set():
            state = PeerState.CONNECTED
        elif not self._wanted:
            state = PeerState.IDLE
        else:
            state = PeerState.RECONNECTING if self._retrying else PeerState.CONNECTING
        if state is self._state:
            return
        log.info("peer %s/%s: %s -> %s", self.role.value, self.session_id, self._state.value, state.value)
        self._state = state
        self._state_changed.set()
        self._state_changed = asyncio.Event()
        if self.on_state is not None:
            # Called from inside aiortc's event emitters: an exception escaping here would abort aiortc's own
            # close sequence half-way and leave its ICE tasks running.
            try:
                self.on_state(state)
            except Exception:
                log.exception("peer %s/%s: on_state callback failed", self.role.value, self.session_id)

    async def wait_for_state(self, state: PeerState, timeout_s: float) -> None:
        """Wait until the session is in `state` (TimeoutError after `timeout_s` seconds)."""

        async def wait() -> None:
            while self._state is not state:
                await self._state_changed.wait()

        await asyncio.wait_for(wait(), timeout_s)

    # -- public API -------------------------------------------------------------------------------------------

    async def connect(self) -> None:
        """Booth: start offering (and re-offering after failures) until `close()`. Console: nothing to do."""
        if self._closed:
            raise RuntimeError("the session is closed")
        self._start_stats()
        if self.role is not Role.BOOTH or (self._supervisor is not None and not self._supervisor.done()):
            return
        self._wanted = True
        self._retrying = False
        self._update_state()
        self._supervisor = asyncio.get_running_loop().create_task(self._offer_loop(), name="peer-offers")

    def offer_now(self) -> bool:
        """Booth: stop waiting (for an answer, a dead connection's timeout, a backoff) and offer a new connection.

        For when the other end needs one: signaling is back after a drop (an offer sent into the dead WebSocket was
        lost), or the hub assigned the session again (the console started over). False where it does nothing.
        """
        if self.role is not Role.BOOTH or self._closed or not self._wanted:
            return False
        log.info("peer booth/%s: a new offer now", self.session_id)
        self._offer_now.set()
        return True

    async def handle_signal(self, envelope: Envelope) -> None:
        """Feed a signaling message for this session (offer, answer or bye) received from the hub."""
        if self._closed:
            return
        if envelope.type is SignalType.OFFER and self.role is Role.CONSOLE:
            await self._answer(envelope.payload_as(SdpPayload).sdp)
        elif envelope.type is SignalType.ANSWER and self.role is Role.BOOTH:
            await self._accept_answer(envelope.payload_as(SdpPayload).sdp)
        elif envelope.type is SignalType.BYE:
            await self._on_bye(envelope.payload_as(ByePayload).reason)

    async def request(
        self, kind: ControlType, payload: BaseModel | None = None, timeout_s: float | None = None
    ) -> ControlMessage:
        """Send a control request and wait for its answer (see `ControlChannel.request`)."""
        return await self.control.request(kind, payload, timeout_s)

    def set_quality(self, level: QualityLevel) -> Coroutine[Any, Any, ControlMessage]:
        """Console: ask the booth to send at `level` (takes effect within a frame or two). The message leaves on
        this call; await the result for the booth's answer."""
        return self.control.send_request(ControlType.SET_QUALITY, SetQualityPayload(level=level))

    async def focus(self) -> None:
        """Console: make this the focused booth: high quality, its audio on the speaker, the officer's sent."""
        self.remote_audio.muted = False
        self.microphone_muted = False
        if self.video is not None:
            self.video.paused = False
        await self.set_quality(QualityLevel.FOCUS)
        await self.request(ControlType.FOCUS)

    async def unfocus(self, level: QualityLevel = QualityLevel.THUMBNAIL) -> None:
        """Console: back to a tile: lower quality, muted both ways, the officer's camera paused."""
        self.remote_audio.muted = True
        self.microphone_muted = True
        if self.video is not None:
            self.video.paused = True
        await self.request(ControlType.UNFOCUS)
        await self.set_quality(level)

    def latest_frame(self, fmt: str = "rgb24") -> np.ndarray | None:
        """The newest remote video frame as numpy (``rgb24`` for display, or ``bgr24``), or None."""
        return self.remote_video.latest_frame(fmt)

    def start_recording(self, path: str | Path) -> SessionRecorder:
        """Record the incoming video and audio to `path` (Matroska) until `stop_recording` or `close`."""
        return self._recording.start(path)

    async def stop_recording(self) -> Path | None:
        """Finish the recording file (off the loop) and return its path."""
        return await self._recording.stop()

    async def close(self, reason: str = BYE_CLOSED) -> None:
        """End the session: say bye, close the connection, stop every task; idempotent."""
        if self._closed:
            return
        self._closed = True
        self._wanted = False
        for task in (self._supervisor, self._stats.task, *self._tasks):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        link, self._link = self._link, None
        if link is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._signal(SignalType.BYE, ByePayload(reason=reason)), 2.0)
            await link.close()
        if self._link_closes:
            await asyncio.gather(*self._link_closes, return_exceptions=True)
        await self.control.close()
        await self.remote_video.close()
        await self.remote_audio.close()
        await self.stop_recording()
        self._update_state()

    async def kill_connection(self) -> None:
        """Drop the current connection without telling the other end (tests and fault drills)."""
        if self._link is not None:
            self._link.drop_transports()

    # -- connections ------------------------------------------------------------------------------------------

    def _new_link(self) -> PeerLink:
        link = PeerLink(self.settings)
        pc = link.pc

        @pc.on("connectionstatechange")
        def on_connection_state() -> None:
            log.debug("peer %s link %d: %s", self.role.value, link.number, pc.connectionState)
            if pc.connectionState == "connected":
                link.up.set()
            elif pc.connectionState in ("failed", "closed"):
                if link.up.is_set() and not link.closing:
                    self._retrying = True
                link.down.set()
                if self.role is Role.CONSOLE and not link.closing and link is self._link:
                    self._background(self._console_link_lost(link))
            self._update_state()

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            # Always drained, even when nobody looks: otherwise decoded frames pile up in aiortc's queue.
            if track.kind == "video":
                self.remote_video.attach(track)
            else:
                self.remote_audio.attach(track)

        @pc.on("datachannel")
        def on_datachannel(channel: RTCDataChannel) -> None:
            if channel.label == CONTROL_CHANNEL_LABEL:
                self.control.attach(channel)

        return link

    def _add_local_tracks(self, link: PeerLink) -> None:
        if self.video is not None:
            link.pc.addTrack(self.video.track())
        elif self.role is Role.BOOTH:
            link.pc.addTransceiver("video", direction="recvonly")
        link.pc.addTrack(self.microphone.track(lambda: self.microphone_muted))

    async def _signal(self, kind: SignalType, payload: BaseModel) -> None:
        await self._send_signal(signal(kind, payload, self.session_id))

    async def _replace_link(self, link: PeerLink | None) -> None:
        old, self._link = self._link, link
        if old is not None:
            # Closing runs in its own task: a close cancelled halfway (close() cancelling the supervisor) would
            # leave the connection's ICE tasks running. close() waits for these tasks.
            task = asyncio.get_running_loop().create_task(old.close(), name="peer-link-close")
            self._link_closes.add(task)
            task.add_done_callback(self._link_closes.discard)
            await asyncio.shield(task)
        self._update_state()

    # booth side

    async def _offer_loop(self) -> None:
        backoff = list(self.settings.reconnect_backoff_s) or [1.0]
        attempt = 0
        while not self._closed and self._wanted:
            link = self._new_link()
            await self._replace_link(link)
            self.control.attach(link.pc.createDataChannel(CONTROL_CHANNEL_LABEL))
            self._add_local_tracks(link)
            now = False
            try:
                sdp = await link.local_description(True, self.settings.ice_host_addresses)
                await self._signal(SignalType.OFFER, SdpPayload(sdp=sdp, sdp_type="offer"))
                self._offer_now.clear()  # this offer, sent after every earlier offer_now(), answers them
                now = await wait_unless(self._offer_now, link.up, self.connect_timeout_s)
                if not now:
                    attempt = 0
                    self._retrying = False
                    self._update_state()
                    now = await wait_unless(self._offer_now, link.down, None)
            except (TimeoutError, OSError, ConnectionError) as exc:
                log.warning("peer booth/%s: connection attempt %d failed: %r", self.session_id, attempt + 1, exc)
            if self._closed or not self._wanted:
                break
            self._retrying = True
            self.reconnections += 1
            await self._replace_link(None)
            if now or self._offer_now.is_set():
                attempt = 0
                continue
            delay = backoff[min(attempt, len(backoff) - 1)]
            attempt += 1
            log.info("peer booth/%s: new connection in %.1f s", self.session_id, delay)
            with contextlib.suppress(TimeoutError):
                await wait_unless(self._offer_now, None, delay)
        if not self._closed:
            await self._replace_link(None)

    async def _accept_answer(self, sdp: str) -> None:
        link = self._link
        if link is None or link.pc.signalingState != "have-local-offer":
            log.info("peer booth/%s: ignoring an answer with no offer outstanding", self.session_id)
            return
        try:
            await link.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
        except ValueError as exc:
            log.warning("peer booth/%s: refused answer: %s", self.session_id, exc)
            link.down.set()

    async def _on_bye(self, reason: str) -> None:
        link = self._link
        if self.role is Role.BOOTH:
            if reason == BYE_CLOSED:
                self._wanted = False
                if link is not None:
                    link.down.set()
                self._update_state()
            elif link is not None and link.up.is_set():
                # Only a connected link is torn down: a bye that crossed our newer offer is stale.
                self._retrying = True
                link.down.set()
                self._update_state()
        elif link is not None:
            await self._replace_link(None)

    # console side

    async def _answer(self, sdp: str) -> None:
        async with self._answer_lock:
            self._wanted = True
            if self._link is not None:
                self._retrying = True
                self.reconnections += 1
            link = self._new_link()
            await self._replace_link(link)
            try:
                await link.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
                self._add_local_tracks(link)
                answer = await link.local_description(False, self.settings.ice_host_addresses)
            except ValueError as exc:
                log.warning("peer console/%s: refused offer: %s", self.session_id, exc)
                await self._replace_link(None)
                return
            self._start_stats()
            await self._signal(SignalType.ANSWER, SdpPayload(sdp=answer, sdp_type="answer"))

    async def _console_link_lost(self, link: PeerLink) -> None:
        if link is not self._link or self._closed:
            return
        self._retrying = True
        await self._replace_link(None)
        with contextlib.suppress(Exception):
            await self._signal(SignalType.BYE, ByePayload(reason=BYE_LINK_FAILED))

    # -- control ----------------------------------------------------------------------------------------------

    async def _handle_control(self, message: ControlMessage) -> BaseModel | None:
        if message.type is ControlType.SET_QUALITY and self.video is not None:
            self.video.set_quality(message.payload_as(SetQualityPayload).level)
            if self.control_handler is None:
                return None
        if self.control_handler is not None:
            return await self.control_handler(message)
        if message.type in _NOTIFICATIONS:
            return None
        raise ControlError("unsupported", f"{message.type.value} is not handled here")

    # -- statistics -------------------------------------------------------------------------------------------

    @property
    def last_stats(self) -> PeerStats | None:
        """The newest statistics sample, or None before the first."""
        return self._stats.last

    def _start_stats(self) -> None:
        self._stats.start()

    def _deliver_stats(self, stats: PeerStats) -> None:
        if self.on_stats is not None:
            self.on_stats(stats)


class BoothPeer(PeerSession):
    """The booth's end: sends its camera and microphone, plays the officer, offers connections."""

    def __init__(self, session_id: str, settings: VideoSettings, send_signal: SignalSender, **kwargs: object) -> None:
        super().__init__(Role.BOOTH, session_id, settings, send_signal, **kwargs)  # type: ignore[arg-type]


class ConsolePeer(PeerSession):
    """The console's end of one booth: receives the booth, answers offers; starts unfocused (muted)."""

    def __init__(self, session_id: str, settings: VideoSettings, send_signal: SignalSender, **kwargs: object) -> None:
        kwargs.setdefault("quality", QualityLevel.FOCUS)  # the officer's camera: only the focused booth gets it
        super().__init__(Role.CONSOLE, session_id, settings, send_signal, **kwargs)  # type: ignore[arg-type]
        self.remote_audio.muted = self.microphone_muted = True
        if self.video is not None:
            self.video.paused = True
