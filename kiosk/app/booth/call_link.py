"""The booth's live link to the officer: hub signaling, the peer session, and the control channel.

`CallLink` connects to the hub's WebSocket with the booth's token. When the hub assigns the booth's session to
a console, it opens a `kiosk.video.peer.BoothPeer` (camera, microphone, speaker) and offers. Control requests
from the officer go to the subscribed `CallListener` (the booth's `CallFlow`); answers the flows send through
`send` (capture_done, signature_done, ack, error) resolve the waiting request here, because the video layer's
control channel expects the handler to *return* the answer. Peer state changes become "officer connected",
"call dropped" and "call restored" on the listener. Attention (call for help, ready) goes to the console over
signaling.

The link knows its listener only through `subscribe()` (an event subscription made by the wiring), never a
concrete flow; the flows know the link only as a `CallPort`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from kiosk.app.blocking import run_blocking
from kiosk.app.device_report import APP_VERSION, DiskWatch
from kiosk.app.link_health import LinkHealth, LinkReport, NetworkQuality, watch_link
from kiosk.config import Settings
from kiosk.paths import default_data_dir
from kiosk.protocol import (
    AssignmentPayload,
    AttentionKind,
    AttentionPayload,
    AttentionReason,
    ControlMessage,
    ControlType,
    Envelope,
    ErrorPayload,
    HeartbeatPayload,
    HelloPayload,
    QueuePayload,
    Role,
    SessionUpdatePayload,
    SignalType,
    signal,
)

if TYPE_CHECKING:
    from kiosk.video.peer import BoothPeer, PeerState
    from kiosk.video.signaling import SignalingState

log = logging.getLogger(__name__)

#: Requests whose answer the flows produce later (after a countdown, an upload, a signature).
_ANSWERED_LATER = frozenset({ControlType.CAPTURE_REQUEST, ControlType.SIGNATURE_REQUEST})
#: Statistics twice a second: an officer busy with another booth sends this one no media, only RTCP reports, which
#: the statistics' received bytes show (see `kiosk.app.link_health`).
BOOTH_STATS_INTERVAL_S = 0.5
#: How long the officer's request may wait for the participant (signing takes a while).
ANSWER_TIMEOUT_S = 600.0


class CallListener(Protocol):
    """What the link announces: the officer's arrival, a dropped and restored call, and control requests."""

    def officer_connected(self, officer_name: str = "", officer_frames: Callable[[], Any] | None = None) -> None:
        """The officer's console took this session and the call is up."""
        ...

    def call_dropped(self) -> None:
        """The peer connection to the officer is down (the video layer reconnects by itself)."""
        ...

    def call_restored(self) -> None:
        """The peer connection is back."""
        ...

    def network_changed(self, quality: NetworkQuality) -> None:
        """The call's signal bars changed (measured round trip and loss; `kiosk.app.link_health`)."""
        ...

    def handle_control(self, message: ControlMessage) -> None:
        """React to one message from the officer's console."""
        ...

    def help_acknowledged(self) -> None:
        """The officer acknowledged the participant's call for help."""
        ...

    def recording_changed(self, on: bool) -> None:
        """The officer's console records (or stopped: e.g. it went away and the session went back to the queue)."""
        ...


class CallLink:
    """Signaling + peer session for the current visit. Create once per app; `start()` it on the loop."""

    def __init__(self, settings: Settings, token: str, camera: Any = None) -> None:
        self.settings = settings
        self.token = token
        self.camera = camera
        self._listener: CallListener | None = None
        self._queue_listener: Callable[[QueuePayload], None] | None = None
        self.peer: BoothPeer | None = None
        self.session_id: str | None = None
        self.officer_name = ""
        self._signaling: Any = None
        self._pending: dict[str, asyncio.Future[ControlMessage]] = {}
        self._connected_once = False
        self._assigned = False
        self._progress: SessionUpdatePayload | None = None
        #: The participant's open call for help, sent again once an officer is assigned (and until acknowledged).
        self._help: AttentionPayload | None = None
        #: The participant's call volume (a gain on the officer's voice), kept across a reconnection.
        self.volume = 1.0
        self._update_queues: list[asyncio.Queue[SessionUpdatePayload]] = []
        self._sound_ok: tuple[bool | None, bool | None] = (None, None)
        #: The call's link health: "interrupted" within seconds of silence, long before aiortc gives up (30 s).
        self.link_health = LinkHealth(settings.video, self._link_changed, judge_fps=False)
        self._link_watch: asyncio.Task[None] | None = None
        self._link_interrupted = False
        #: Free disk where the booth keeps its data, for the dashboard (read at most once a minute).
        self._disk = DiskWatch(default_data_dir())

    def subscribe(self, listener: CallListener) -> None:
        """Announce the call's events and the officer's control requests to `listener` (one at a time)."""
        self._listener = listener

    def subscribe_queue(self, listener: Callable[[QueuePayload], None]) -> None:
        """Announce the hub's word on this booth's place in the queue (and the wait in minutes) to `listener`."""
        self._queue_listener = listener

    # ---------------------------------------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Connect to the hub's signaling (reconnects by itself)."""
        from kiosk.video.signaling import SignalingClient

        self._signaling = SignalingClient(
            self.settings.booth.hub_url,
            self.token,
            HelloPayload(role=Role.BOOTH, session_id=self.session_id),  # a visit begun before the hub was reached
            on_envelope=self._on_envelope,
            on_state=self._signaling_state,
            backoff_s=self.settings.video.reconnect_backoff_s,
            heartbeat=self.health,
        )
        # What the sound devices can do is probed once at start (opening them is slow); a call reports live.
        self._sound_ok = await run_blocking(_probe_sound, self.settings.booth.microphone, self.settings.booth.speaker)
        await self._signaling.start()

    def health(self) -> HeartbeatPayload:
        """The booth's device health, sent with every heartbeat (the hub's dashboard shows it)."""
        from kiosk.video.camera import CameraState
        from kiosk.video.peer import PeerState

        camera_ok = None if self.camera is None else self.camera.state is CameraState.RUNNING
        microphone_ok, speaker_ok = self._sound_ok
        peer = self.peer
        if peer is not None:
            microphone_ok = getattr(peer.microphone, "error", None) is None
            speaker_ok = getattr(peer.remote_audio.output, "error", None) is None
        link_ok = peer is None or peer.state is not PeerState.RECONNECTING
        return HeartbeatPayload(camera_ok=camera_ok, microphone_ok=microphone_ok, speaker_ok=speaker_ok,
                                link_ok=link_ok, app_version=APP_VERSION, free_disk_mb=self._disk.free_mb())

    async def close(self) -> None:
        """Close the peer and the signaling connection."""
        await self.end_session()
        if self._signaling is not None:
            await self._signaling.close()

    def begin_session(self, session_id: str) -> None:
        """The booth checked in: announce the session so the hub can assign it."""
        self.session_id = session_id
        if self._signaling is not None:
            self._signaling.hello = HelloPayload(role=Role.BOOTH, session_id=session_id)

    async def end_session(self) -> None:
        """The visit ended: close the peer, forget the session (nothing of it stays here)."""
        peer, self.peer = self.peer, None
        self._stop_link_watch()
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()
        self.session_id = None
        self.officer_name = ""
        self._connected_once = False
        self._assigned = False
        self._progress = None
        self._help = None
        self.volume = 1.0
        if self._signaling is not None:
            self._signaling.hello = HelloPayload(role=Role.BOOTH)
        if peer is not None:
            with contextlib.suppress(Exception):
                await peer.close()

    # ---------------------------------------------------------------------------------------------- signaling

    def _signaling_state(self, state: SignalingState) -> None:
        """Signaling is back: a call without a live connection offers a new one at once (the console cannot offer)."""
        from kiosk.video.peer import PeerState
        from kiosk.video.signaling import SignalingState

        peer = self.peer
        if state is SignalingState.CONNECTED and peer is not None and peer.state is not PeerState.CONNECTED:
            peer.offer_now()

    async def _send_signal(self, envelope: Envelope) -> None:
        if self._signaling is not None:
            await self._signaling.send(envelope)

    @property
    def connected(self) -> bool:
        """True while the signaling connection to the hub is up."""
        from kiosk.video.signaling import SignalingState

        return self._signaling is not None and self._signaling.state is SignalingState.CONNECTED

    def subscribe_session_updates(self) -> asyncio.Queue[SessionUpdatePayload]:
        """A queue of every SESSION_UPDATE the hub sends about this booth's session from now on."""
        queue: asyncio.Queue[SessionUpdatePayload] = asyncio.Queue()
        self._update_queues.append(queue)
        return queue

    def unsubscribe_session_updates(self, queue: asyncio.Queue[SessionUpdatePayload]) -> None:
        """Stop filling `queue`."""
        with contextlib.suppress(ValueError):
            self._update_queues.remove(queue)

    async def report_progress(self, update: SessionUpdatePayload) -> None:
        """Tell the officer's tile how far self-service has come (kept and sent again once assigned)."""
        self._progress = update
        if self._assigned and self.session_id is not None:
            await self._send_signal(signal(SignalType.SESSION_UPDATE, update, self.session_id))

    def set_volume(self, gain: float) -> None:
        """How loud the officer's voice plays (1.0: as received)."""
        self.volume = gain
        if self.peer is not None:
            self.peer.remote_audio.output.volume = gain

    async def attention(
        self, kind: AttentionKind, reason: AttentionReason | None = None, document: str | None = None
    ) -> bool:
        """Raise an attention badge on the officer's console; False when the hub cannot be told now.

        The hub records a call for help even before an officer is assigned (it then answers ``not_assigned``);
        the request is sent again once one is, so the officer's tile shows it too.
        """
        if self.session_id is None or not self.connected:
            return False
        payload = AttentionPayload(kind=kind, reason=reason, document=document)
        if kind is AttentionKind.HELP:
            self._help = payload
        try:
            await self._send_signal(signal(SignalType.ATTENTION, payload, self.session_id))
        except ConnectionError:
            return False
        return True

    async def _on_envelope(self, envelope: Envelope) -> None:
        kind = envelope.type
        if kind is SignalType.SESSION_UPDATE and envelope.session_id == self.session_id:
            for queue in list(self._update_queues):
                queue.put_nowait(envelope.payload_as(SessionUpdatePayload))
        elif kind is SignalType.QUEUE and envelope.session_id and envelope.session_id == self.session_id:
            if self._queue_listener is not None:
                self._queue_listener(envelope.payload_as(QueuePayload))
        elif kind is SignalType.ASSIGNMENT:
            payload = envelope.payload_as(AssignmentPayload)
            if payload.session_id == self.session_id:
                self.officer_name = payload.officer_name
                self._assigned = True
                if self.peer is not None and self.peer.session_id == payload.session_id:
                    self.peer.offer_now()  # assigned again: the officer's console started over, waiting for an offer
                await self._open_peer(payload.session_id)
                if self._progress is not None:
                    await self.report_progress(self._progress)
                if self._help is not None:
                    await self._send_signal(signal(SignalType.ATTENTION, self._help, self.session_id))
        elif kind is SignalType.ATTENTION and envelope.session_id == self.session_id:
            attention = envelope.payload_as(AttentionPayload)
            if attention.kind is AttentionKind.HELP and not attention.raised:
                self._help = None
                if self._listener is not None:
                    self._listener.help_acknowledged()
        elif kind is SignalType.UNASSIGNED:
            self._assigned = False
            if self._listener is not None:
                self._listener.recording_changed(False)  # the console that recorded is gone
            peer, self.peer = self.peer, None
            self._stop_link_watch()
            if peer is not None:
                with contextlib.suppress(Exception):
                    await peer.close()
        elif (
            kind in (SignalType.OFFER, SignalType.ANSWER, SignalType.BYE)
            and self.peer is not None
            and envelope.session_id == self.peer.session_id
        ):
            await self.peer.handle_signal(envelope)

    async def _open_peer(self, session_id: str) -> None:
        from kiosk.video.audio import open_audio_input, open_audio_output
        from kiosk.video.ice import with_hub_ice_servers
        from kiosk.video.peer import BoothPeer

        if self.peer is not None and self.peer.session_id == session_id:
            return
        booth = self.settings.booth
        welcome = self._signaling.welcome if self._signaling is not None else None
        self.peer = BoothPeer(
            session_id,
            with_hub_ice_servers(self.settings.video, welcome),  # the hub's TURN, credentials of this connection
            self._send_signal,
            camera=self.camera,
            microphone=open_audio_input(booth.microphone),
            speaker=open_audio_output(booth.speaker),
            control_handler=self._handle_control,
            on_state=self._peer_state,
            on_stats=self.link_health.sample,
            read_timecodes=False,
            stats_interval_s=BOOTH_STATS_INTERVAL_S,
        )
        self.peer.remote_audio.output.volume = self.volume
        self._stop_link_watch()
        self.link_health.reset()
        self._link_watch = asyncio.get_running_loop().create_task(watch_link(self.peer, self.link_health))
        await self.peer.connect()

    def _stop_link_watch(self) -> None:
        if self._link_watch is not None:
            self._link_watch.cancel()
            self._link_watch = None
        self._link_interrupted = False

    def _link_changed(self, report: LinkReport) -> None:
        """Silence on the link: the participant is told the connection is being restored, and when it is back."""
        listener = self._listener
        if listener is None:
            return
        listener.network_changed(report.quality)
        if report.interrupted == self._link_interrupted or not self._connected_once:
            return
        self._link_interrupted = report.interrupted
        if report.interrupted:
            listener.call_dropped()
        else:
            listener.call_restored()

    # ---------------------------------------------------------------------------------------------- peer

    def _peer_state(self, state: PeerState) -> None:
        from kiosk.video.peer import PeerState

        listener = self._listener
        peer = self.peer
        log.debug("call link: peer %s (connected before: %s)", state.value, self._connected_once)
        if listener is None or peer is None:
            return
        if state is PeerState.CONNECTED:
            if self._connected_once:
                listener.call_restored()
            else:
                self._connected_once = True
                listener.officer_connected(self.officer_name, lambda: peer.latest_frame("rgb24"))
        elif state is PeerState.RECONNECTING and self._connected_once:
            listener.call_dropped()

    async def _handle_control(self, message: ControlMessage) -> BaseModel | None:
        """The video layer's control handler: the listener acts; later answers come back through `send`."""
        listener = self._listener
        if listener is None:
            return None
        if message.type not in _ANSWERED_LATER:
            listener.handle_control(message)
            return None
        future: asyncio.Future[ControlMessage] = asyncio.get_running_loop().create_future()
        self._pending[message.id] = future
        listener.handle_control(message)
        try:
            answer = await asyncio.wait_for(future, ANSWER_TIMEOUT_S)
        finally:
            self._pending.pop(message.id, None)
        if answer.type is ControlType.ERROR:
            from kiosk.video.control import ControlError

            error = answer.payload_as(ErrorPayload)
            raise ControlError(error.code, error.message)
        return answer.payload

    async def request(self, kind: ControlType, payload: BaseModel) -> None:
        """Send a request of the booth's own to the console (e.g. `second_face`); dropped without a call."""
        if self.peer is not None:
            await self.peer.request(kind, payload)

    async def send(self, message: ControlMessage) -> None:
        """The flows' `ControlSender`: answers resolve the officer's waiting request."""
        future = self._pending.get(message.reply_to or "")
        if future is not None and not future.done():
            future.set_result(message)


def _probe_sound(microphone: str, speaker: str) -> tuple[bool | None, bool | None]:
    """Whether the configured microphone opens, and whether a speaker is configured at all.

    "null" is no device (not ok), the test tone always works; an output cannot be probed cheaply without
    playing into it, so a configured speaker is unknown until a call reports on it.
    """
    from kiosk.video.audio import sound_available

    mic_ok = {"null": False, "tone": True}.get(microphone)
    if mic_ok is None:
        mic_ok = sound_available(microphone)
    return mic_ok, (False if speaker == "null" else None)
