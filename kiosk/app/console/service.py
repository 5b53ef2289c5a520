"""`ConsoleService`: the console's use cases: hub, signaling, one peer per booth, the outbox.

The window forwards the officer's actions here; this drives the hub (`ConsoleHubPort`), the video layer
(`kiosk.video`: one `ConsolePeer` per assigned session, answering the booth's offer, latest-frame pull for the
tiles, control requests, recording) and the durable `Outbox`, and writes what it learns into the `ConsoleState`,
which tells the window. The only thing it asks of the window directly is the sign-in result (`ConsoleView`).
Everything runs on the app's asyncio loop (qasync in the app, plain asyncio in tests); nothing here blocks it.

Session flow, as the console drives it:

    assignment -> peer created (booth offers) + recording started + detail fetched (intake, registry, documents)
    first focus of a waiting session -> hub state in_call
    approve -> hub state verifying -> approved; reject -> verifying -> rejected, `end` to the booth
    signature_request -> signature_done -> submit: state pending + outbox (idempotency key)
        -> delivered (outbox listener: state delivered) -> `end` with reference
    session over -> recording stopped and uploaded, peer closed, tile removed
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from kiosk.app.console.backlog import BacklogReport
from kiosk.app.console.collective import CollectiveDesk
from kiosk.app.console.decisions import DecisionsMixin
from kiosk.app.console.detail_fetch import fetch_detail
from kiosk.app.console.heir import note_heir
from kiosk.app.console.help_calls import acknowledge_help, tell_recording
from kiosk.app.console.hub_port import ConsoleHubPort, HubError
from kiosk.app.console.journal import JOURNAL_FILE_NAME, SessionJournal
from kiosk.app.console.media import PeerRouter, detach
from kiosk.app.console.recordings import upload_leftovers, upload_recording
from kiosk.app.console.session import DocumentStill, RecordingState, SubmissionState
from kiosk.app.console.state import Change, ConsoleState, Event
from kiosk.app.console.view import ConsoleView, LoginProblem, login_problem
from kiosk.app.link_health import LinkHealth, LinkReport, watch_link
from kiosk.client.claims_api import ClaimsApi
from kiosk.client.outbox import OUTBOX_FILE_NAME, Outbox
from kiosk.config import Settings
from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    AssignmentPayload,
    AttentionPayload,
    CaptureDonePayload,
    CaptureRequestPayload,
    ConsoleStatusPayload,
    ControlMessage,
    ControlType,
    Envelope,
    HandBackPayload,
    HelloPayload,
    PromptPayload,
    QueuePayload,
    Role,
    SessionUpdatePayload,
    SignalType,
    SignatureDonePayload,
    UnassignedPayload,
    signal,
)

if TYPE_CHECKING:  # the checks load their worker's modules lazily: the service only holds them
    from kiosk.app.console.assist import ConsoleAssist

log = logging.getLogger(__name__)

#: How long a participant may take to sign before the request is given up (they can be asked again).
SIGNATURE_TIMEOUT_S = 300.0
#: Seconds a final state heard from the hub leaves the call open for the console's own `end` (see
#: `_finish_after_own_end`), and at most how long it waits for this console's submission still on its way.
END_GRACE_S = 3.0
OWN_SUBMISSION_WAIT_S = 30.0
CAPTURE_TIMEOUT_S = 60.0
#: Roles that work a console (the hub assigns sessions to them).
OFFICER_ROLES = frozenset({"cso", "supervisor"})


class ConsoleService(DecisionsMixin):
    """Carries out the officer's work with the hub, the booths and the outbox (see the module docstring)."""

    def __init__(
        self,
        state: ConsoleState,
        view: ConsoleView,
        settings: Settings,
        hub: ConsoleHubPort,
        *,
        router: PeerRouter | None = None,
        outbox: Outbox | None = None,
        data_dir: Path | None = None,
        officer_camera: Any = None,
        microphone: Any = None,
        speaker: Any = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.state = state
        self.view = view
        self.settings = settings
        self.hub = hub
        self.data_dir = data_dir or settings.console_data_dir()
        self.officer_camera = officer_camera
        self.microphone = microphone
        self.speaker = speaker
        self._today = today
        self._secret = secrets.token_bytes(16)  # makes every session's questions unpredictable
        self._tasks: set[asyncio.Task[Any]] = set()
        self.router = router or PeerRouter()
        state.set_router(self.router)
        self.signaling: Any = None
        self.token: str | None = None
        self.outbox = outbox or Outbox(
            self.data_dir / OUTBOX_FILE_NAME,
            ClaimsApi(settings.console.claims_api_url or settings.console.hub_url, lambda: self.token),
        )
        self.outbox.subscribe(self._on_outbox)
        self.journal = SessionJournal(self.data_dir / JOURNAL_FILE_NAME, state, self.outbox)  # survives restarts
        self._outbox_task: asyncio.Task[None] | None = None
        self._ending: set[str] = set()
        self._link_watchers: dict[str, asyncio.Task[None]] = {}
        #: Who answers a booth's own requests (`second_face`: the machine checks); None refuses them.
        self.booth_requests: Callable[[str, ControlMessage], Awaitable[BaseModel | None]] | None = None
        self.assist: ConsoleAssist | None = None  # the machine checks, when on
        self.closing: list[Callable[[], None]] = []  # run by `close()` (e.g. the checks' worker process)
        self.collective: CollectiveDesk | None = None  # the collective queue, when the console has one
        state.subscribe(self._on_state)

    # -------------------------------------------------------------------------------------------- tasks

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Run one of the service's coroutines as a task of its own (what the window's input starts)."""
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)

        def done(t: asyncio.Task[Any]) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.error("console task failed: %r", t.exception())

        task.add_done_callback(done)

    def frame_source(self, session_id: str) -> Callable[[], np.ndarray | None] | None:
        """What a tile pulls: the session's newest remote frame (RGB), or None before the peer exists."""
        return self.router.frame_source(session_id)

    # ---------------------------------------------------------------------------------------------- login

    async def login(self, username: str, password: str, cap: int) -> bool:
        """Sign in, start signaling and the outbox; on failure show why."""
        try:
            officer = await self.hub.login(username, password)
        except HubError as exc:
            self.view.show_login(*login_problem(exc))
            return False
        if officer.user.role.value not in OFFICER_ROLES:
            self.view.show_login(LoginProblem.NOT_OFFICER)
            return False
        self.token = officer.token
        self.state.set_cap(cap)
        self.view.show_console(officer.user.display_name or officer.user.username)
        await self._start_signaling()
        self.start_outbox()
        if self.collective is not None:
            self.collective.start()  # rows queued before a crash go out now
        self.spawn(self.upload_leftover_recordings())
        return True

    async def upload_leftover_recordings(self) -> None:
        """Recordings a failed upload (or a crash) left on disk go to the hub now; each is deleted once stored."""
        await upload_leftovers(self.hub, self.data_dir / "recordings", busy=self.router.peers)

    def start_outbox(self) -> None:
        """Deliver queued claims from now on (claims left from before a restart go out at once)."""
        if self._outbox_task is None:
            self._outbox_task = asyncio.get_event_loop().create_task(self.outbox.run())
        self.outbox.wake()
        self.state.set_outbox_pending(self.outbox.pending_count())

    async def _start_signaling(self) -> None:
        from kiosk.video.signaling import SessionRouter, SignalingClient

        assert self.token is not None
        router = SessionRouter(other=self._on_envelope)
        self._session_router = router
        self.signaling = SignalingClient(
            self.settings.console.hub_url,
            self.token,
            self._hello(),
            on_envelope=router,
            on_state=self._on_hub_state,
            backoff_s=self.settings.video.reconnect_backoff_s,
            heartbeat=BacklogReport(self.outbox, self.data_dir / "recordings", busy=self.router.peers),
        )
        await self.signaling.start()

    def _on_hub_state(self, state: Any) -> None:
        from kiosk.video.signaling import SignalingState

        online = state is SignalingState.CONNECTED
        self.state.set_hub_online(online)
        if online:
            # The hub is back (after an outage or a restart): queued claims need not wait for their backoff.
            self.outbox.wake()

    def _hello(self) -> HelloPayload:
        return HelloPayload(
            role=Role.CONSOLE,
            sessions=tuple(self.state.booths),
            cap=self.state.cap,
            paused=self.state.paused,
        )

    async def send_status(self) -> None:
        """Tell the hub the officer's cap and whether intake is paused (after the officer changed either)."""
        if self.signaling is None:
            return
        self.signaling.hello = self._hello()
        payload = ConsoleStatusPayload(cap=self.state.cap, paused=self.state.paused)
        with contextlib.suppress(ConnectionError):
            await self.signaling.send(signal(SignalType.CONSOLE_STATUS, payload))

    # ------------------------------------------------------------------------------------------ the hub

    async def _on_envelope(self, env: Envelope) -> None:
        if env.type is SignalType.ASSIGNMENT:
            await self._assigned(env.payload_as(AssignmentPayload))
        elif env.type is SignalType.UNASSIGNED:
            await self._drop(env.payload_as(UnassignedPayload).session_id, handled=False)
        elif env.type is SignalType.SESSION_UPDATE and env.session_id:
            update = env.payload_as(SessionUpdatePayload)
            booth = self.state.booths.get(env.session_id)
            note_heir(booth, update.heir_masked_name)
            docs_before = booth.documents_done if booth else None
            # What the booth entered reaches the hub after the assignment: a new state (e.g. waiting_cso once
            # every document is uploaded) or a new claim type means there is more to fetch, as does progress.
            seen_before = (booth.state, booth.claim_type) if booth else None
            self.state.update(
                env.session_id,
                state=update.state,
                documents_done=update.progress.documents_done,
                documents_total=update.progress.documents_total,
                masked_name=update.masked_name,
                claim_type=update.claim_type,
                reason=update.reason,
            )
            seen_now = (update.state, update.claim_type or (booth.claim_type if booth else None))
            if booth is not None and (docs_before != update.progress.documents_done or seen_before != seen_now):
                self.spawn(self.refresh_detail(env.session_id))
            if update.state is SessionState.WAITING_CSO and self.state.focused == env.session_id:
                # Focused before its "waiting" arrived: the officer is already talking to this booth.
                self.spawn(self._set_state(env.session_id, SessionState.IN_CALL))
            if update.state.is_final and env.session_id not in self._ending:
                self.spawn(self._finish_after_own_end(env.session_id))
        elif env.type is SignalType.ATTENTION and env.session_id:
            attention = env.payload_as(AttentionPayload)
            self.state.attention(env.session_id, attention.kind, attention.raised, attention.reason,
                                 attention.document)
        elif env.type is SignalType.QUEUE:
            self.state.set_queue(env.payload_as(QueuePayload).waiting)

    async def _assigned(self, assignment: AssignmentPayload) -> None:
        from kiosk.video.ice import with_hub_ice_servers
        from kiosk.video.peer import ConsolePeer, PeerState

        sid = assignment.session_id
        self.state.assign(
            sid,
            assignment.booth_number,
            state=assignment.state,
            masked_name=assignment.masked_name,
            claim_type=assignment.claim_type,
            channel=assignment.channel,
        )
        note_heir(self.state.booths.get(sid), assignment.heir_masked_name)
        if sid not in self.router.peers:

            def on_state(state: PeerState) -> None:
                connected = state is PeerState.CONNECTED
                self.state.set_connected(sid, connected)
                if connected:
                    self._reapply(sid)

            def on_link(report: LinkReport) -> None:
                self.state.set_link(sid, report)

            health = LinkHealth(self.settings.video, on_link)


            peer = ConsolePeer(
                sid,
                with_hub_ice_servers(self.settings.video, self.signaling.welcome),  # the hub's TURN servers
                self.signaling.send,
                camera=self.officer_camera,
                microphone=self.microphone,
                speaker=self.speaker,
                on_state=on_state,
                on_stats=health.sample,
                control_handler=lambda message, sid=sid: self._booth_request(sid, message),
            )
            self.router.peers[sid] = peer
            self._link_watchers[sid] = asyncio.get_running_loop().create_task(watch_link(peer, health))
            self._session_router.add(sid, peer.handle_signal)
            await peer.connect()
            if self.settings.console.record_sessions:
                path = self.data_dir / "recordings" / f"{sid}.mkv"
                path.parent.mkdir(parents=True, exist_ok=True)
                peer.start_recording(path)
                self.state.set_recording(sid, RecordingState.RECORDING)
        self.signaling.hello = self._hello()
        await self.refresh_detail(sid)

    async def _booth_request(self, session_id: str, message: ControlMessage) -> BaseModel | None:
        if self.booth_requests is None:
            from kiosk.video.control import ControlError

            raise ControlError("unsupported", f"{message.type.value} is not handled by this console")
        return await self.booth_requests(session_id, message)

    def _reapply(self, session_id: str) -> None:
        """A (re)connected booth gets the quality, hold and routing the focus calls for."""
        peer = self.router.peers.get(session_id)
        if peer is None:
            return
        self.router.apply_routing(session_id, peer)
        focused = self.state.focused
        if focused == session_id:
            self.router.send_control(session_id, ControlType.FOCUS)
            self.router.set_quality(session_id, QualityLevel.FOCUS)
        elif focused is not None:
            self.router.send_control(session_id, ControlType.HOLD)
            self.router.set_quality(session_id, QualityLevel.THUMBNAIL)
        else:
            self.router.set_quality(session_id, self.state.grid_quality())
        booth = self.state.booths.get(session_id)
        if booth is not None and booth.recording is RecordingState.RECORDING:
            # The booth shows its recording sign on every screen while this console records (consent's promise).
            self.spawn(tell_recording(peer, session_id))

    async def refresh_detail(self, session_id: str) -> None:
        """Fetch the session's intake, registry record and documents into the state (which shows them)."""
        known = self.state.detail(session_id)
        if known is None:
            return
        fetched = await fetch_detail(self.hub, known, self._secret)
        self.state.update_detail(
            session_id,
            entries=fetched.entries,
            claim_type=fetched.claim_type,
            reason=fetched.reason,
            record=fetched.record,
            documents=fetched.documents,
            questions=fetched.questions,
        )

    # --------------------------------------------------------------------------------- officer's actions

    def _on_state(self, event: Event) -> None:
        if event.change is Change.FOCUS and event.session_id is not None:
            booth = self.state.booths.get(event.session_id)
            if booth is not None and booth.help_reasons:
                # Turning to the booth answers its call for help: the hub (dashboard) and the booth are told.
                booth.help_reasons.clear()
                self.spawn(acknowledge_help(self.signaling, event.session_id))
            if booth is not None and booth.state is SessionState.WAITING_CSO:
                self.spawn(self._set_state(event.session_id, SessionState.IN_CALL))

    async def _set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> bool:
        try:
            await self.hub.set_state(session_id, state, reason)
        except HubError as exc:
            log.warning("session %s: hub refused state %s (%s)", session_id, state.value, exc.code or exc.kind.value)
            return False
        self.state.update(session_id, state=state)
        return True

    async def _control(self, session_id: str, kind: ControlType, payload: Any = None,
                       timeout_s: float | None = None) -> Any:
        peer = self.router.peers.get(session_id)
        if peer is None:
            return None
        try:
            return await peer.request(kind, payload, timeout_s)
        except Exception as exc:
            log.info("control %s to %s failed: %s", kind.value, session_id, type(exc).__name__)
            return None

    async def request_capture(self, session_id: str, document: str) -> None:
        """Ask the booth for a still of `document`; show it in the gallery when it arrives."""
        reply = await self._control(
            session_id, ControlType.CAPTURE_REQUEST, CaptureRequestPayload(document=document), CAPTURE_TIMEOUT_S
        )
        if reply is None or reply.type is not ControlType.CAPTURE_DONE:
            return
        done = reply.payload_as(CaptureDonePayload)
        try:
            image = await self.hub.get_document(session_id, done.document_id)
        except HubError:
            image = None
        still = DocumentStill(done.document, done.document_id, done.sha256, done.sharpness, done.glare_ratio,
                              image=image)
        self.state.add_still(session_id, still)  # a new still needs a new look: its tick goes

    async def send_prompt(self, session_id: str, text: str, text_en: str | None = None) -> None:
        """Show the officer's message on the booth's screen (a ready phrase in both languages)."""
        await self._control(session_id, ControlType.PROMPT, PromptPayload(text=text, text_en=text_en))

    async def hand_back(self, session_id: str, documents: list[str]) -> None:
        """Back to self-service for the documents still to be captured."""
        await self._control(session_id, ControlType.HAND_BACK, HandBackPayload(documents=tuple(documents)))

    async def request_signature(self, session_id: str) -> None:
        """Ask the participant to sign; the claim can be submitted once they have."""
        reply = await self._control(session_id, ControlType.SIGNATURE_REQUEST, None, SIGNATURE_TIMEOUT_S)
        if reply is not None and reply.type is ControlType.SIGNATURE_DONE:
            self.state.signature_received(session_id, reply.payload_as(SignatureDonePayload).document_id)

    # --------------------------------------------------------------------------------------- session end

    async def _finish_after_own_end(self, session_id: str) -> None:
        """A final state heard from the hub: finish, once this console's own `end` had its chance to go out.

        When this console submitted the claim, the hub's update often overtakes the outbox's report of it; closing
        the call at once cut off the `end` that carries the reference to the booth. So the call stays open a
        little, and as long as this console's own submission is still on its way.
        """
        await asyncio.sleep(END_GRACE_S)
        deadline = asyncio.get_running_loop().time() + OWN_SUBMISSION_WAIT_S
        while asyncio.get_running_loop().time() < deadline:
            booth = self.state.booths.get(session_id)
            if booth is None or booth.submission is not SubmissionState.PENDING:
                break
            await asyncio.sleep(0.5)
        if session_id in self.router.peers or session_id in self.state.booths:
            await self._finish(session_id)

    async def _finish(self, session_id: str) -> None:
        """Stop and upload the recording, close the peer, free the tile."""
        if session_id in self._ending:
            return
        self._ending.add(session_id)
        try:
            peer = self.router.peers.get(session_id)
            if peer is not None:
                path = await peer.stop_recording()
                if path is not None:
                    await upload_recording(self.hub, self.state, session_id, path)
            await self._drop(session_id, handled=True)
        finally:
            self._ending.discard(session_id)

    async def _drop(self, session_id: str, *, handled: bool) -> None:
        peer = self.router.peers.pop(session_id, None)
        self.router.quality.pop(session_id, None)
        watcher = self._link_watchers.pop(session_id, None)
        if watcher is not None:
            watcher.cancel()
        if getattr(self, "_session_router", None) is not None:
            self._session_router.remove(session_id)
        if peer is not None:
            detach(peer)  # its tile goes away: closing must not report into it
            await peer.close()
        self.state.unassign(session_id, handled=handled)  # the session's detail goes with it
        if self.signaling is not None:
            self.signaling.hello = self._hello()

    async def close(self) -> None:
        """Close every peer, the signaling connection and the outbox (pending claims stay on disk)."""
        for sid in list(self.router.peers):
            peer = self.router.peers.pop(sid)
            detach(peer)
            with contextlib.suppress(Exception):
                await peer.close()
        if self.signaling is not None:
            await self.signaling.close()
        await self.router.cancel_pending()
        for task in [self._outbox_task, *self._tasks, *self._link_watchers.values()]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self.outbox.close()
        if self.collective is not None:
            await self.collective.stop()
        for close in self.closing:
            close()
