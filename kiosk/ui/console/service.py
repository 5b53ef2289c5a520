"""`ConsoleService`: the console's work behind the window: hub, signaling, one peer per booth, the outbox.

The window forwards the officer's actions here; this drives the hub (`HubPort`), the video layer
(`kiosk.video`: one `ConsolePeer` per assigned session, answering the booth's offer, latest-frame pull for the
tiles, control requests, recording) and the durable `Outbox`, and reports back through the `ConsoleController`
and the window. Everything runs on the app's asyncio loop (qasync); nothing here blocks it.

Session flow, as the console drives it:

    assignment -> peer created (booth offers) + recording started + detail fetched (intake, registry, documents)
    first focus of a waiting session -> hub state in_call
    approve -> hub state verifying -> approved; reject -> verifying -> rejected, `end` to the booth
    signature_request -> signature_done -> submit -> outbox (idempotency key) -> delivered -> `end` with reference
    session over -> recording stopped and uploaded, peer closed, tile removed
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.client.claims_api import ClaimsApi
from kiosk.client.outbox import OUTBOX_FILE_NAME, DeliveryState, Outbox, OutboxEntry
from kiosk.config import Settings
from kiosk.domain.claims import ClaimType
from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    AssignmentPayload,
    AttentionPayload,
    CaptureDonePayload,
    CaptureRequestPayload,
    ConsoleStatusPayload,
    ControlType,
    EndPayload,
    Envelope,
    HandBackPayload,
    HelloPayload,
    Outcome,
    PromptPayload,
    QueuePayload,
    Role,
    SessionUpdatePayload,
    SignalType,
    SignatureDonePayload,
    UnassignedPayload,
    signal,
)
from kiosk.ui.console.controller import (
    ConsoleController,
    Decision,
    NetworkQuality,
    RecordingState,
    SubmissionState,
)
from kiosk.ui.console.hub_port import HubError, HubErrorKind, HubPort
from kiosk.ui.console.login import LoginProblem
from kiosk.ui.console.verification import DocumentStill, SessionDetail, questions
from kiosk.ui.console.window import ConsoleWindow

log = logging.getLogger(__name__)

#: How long a participant may take to sign before the request is given up (they can be asked again).
SIGNATURE_TIMEOUT_S = 300.0
CAPTURE_TIMEOUT_S = 60.0
#: Roles that work a console (the hub assigns sessions to them).
OFFICER_ROLES = frozenset({"cso", "supervisor"})


def network_quality(loss_fraction: float | None, rtt_ms: float | None, fps_received: float) -> NetworkQuality:
    """The tile's network mark from one second of peer statistics."""
    if loss_fraction is None and rtt_ms is None:
        return NetworkQuality.UNKNOWN
    loss, rtt = loss_fraction or 0.0, rtt_ms or 0.0
    if loss > 0.08 or rtt > 600 or fps_received < 2:
        return NetworkQuality.POOR
    if loss > 0.02 or rtt > 250:
        return NetworkQuality.FAIR
    return NetworkQuality.GOOD


class PeerRouter:
    """The controller's `MediaRouter` over the console's peer sessions (quality, control, audio routing)."""

    def __init__(self, spawn: Callable[[Coroutine[Any, Any, Any]], None]) -> None:
        self.peers: dict[str, Any] = {}  # session id -> ConsolePeer
        self.quality: dict[str, QualityLevel] = {}
        self.officer_to: str | None = None
        self._spawn = spawn

    def set_quality(self, session_id: str, level: QualityLevel) -> None:
        """Remember and send `set_quality` (sent again when the peer (re)connects)."""
        self.quality[session_id] = level
        peer = self.peers.get(session_id)
        # The control channel queues until it opens, so a booth still connecting gets it as soon as it can.
        if peer is not None:
            self._spawn(self._quietly(peer.set_quality(level), session_id, "set_quality"))

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


class ConsoleService:
    """Connects the console window to the hub, the booths and the outbox (see the module docstring)."""

    def __init__(
        self,
        window: ConsoleWindow,
        controller: ConsoleController,
        settings: Settings,
        hub: HubPort,
        *,
        data_dir: Path | None = None,
        officer_camera: Any = None,
        microphone: Any = None,
        speaker: Any = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.window = window
        self.controller = controller
        self.settings = settings
        self.hub = hub
        self.data_dir = data_dir or settings.console_data_dir()
        self.officer_camera = officer_camera
        self.microphone = microphone
        self.speaker = speaker
        self._today = today
        self._secret = secrets.token_bytes(16)  # makes every session's questions unpredictable
        self._tasks: set[asyncio.Task[Any]] = set()
        self.router = PeerRouter(self._spawn)
        controller.set_router(self.router)
        self.signaling: Any = None
        self.token: str | None = None
        self.outbox = Outbox(
            self.data_dir / OUTBOX_FILE_NAME,
            ClaimsApi(settings.console.claims_api_url or settings.console.hub_url, lambda: self.token),
        )
        self.outbox.subscribe(self._on_outbox)
        self._outbox_task: asyncio.Task[None] | None = None
        self._ending: set[str] = set()
        self._connect_window()

    # -------------------------------------------------------------------------------------------- wiring

    def _connect_window(self) -> None:
        w = self.window
        w.login_requested.connect(lambda u, p, cap: self._spawn(self.login(u, p, cap)))
        w.cap_changed.connect(lambda _cap: self._spawn(self._send_status()))
        w.paused_changed.connect(lambda _paused: self._spawn(self._send_status()))
        w.capture_requested.connect(lambda sid, doc: self._spawn(self.request_capture(sid, doc)))
        w.prompt_requested.connect(lambda sid, text: self._spawn(self._control(sid, ControlType.PROMPT,
                                                                                PromptPayload(text=text))))
        w.hand_back_requested.connect(lambda sid, docs: self._spawn(self.hand_back(sid, docs)))
        w.signature_requested.connect(lambda sid: self._spawn(self.request_signature(sid)))
        w.decided.connect(lambda sid, decision, code, note: self._spawn(self.decide(sid, decision, code, note)))
        w.submit_requested.connect(self.submit)
        w.question_answered.connect(self._on_question)
        self.controller.subscribe(self._on_controller)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)

        def done(t: asyncio.Task[Any]) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.error("console task failed: %r", t.exception())

        task.add_done_callback(done)

    def frame_source(self, session_id: str) -> Callable[[], np.ndarray | None] | None:
        """What a tile pulls: the session's newest remote frame (RGB), or None before the peer exists."""

        def pull() -> np.ndarray | None:
            peer = self.router.peers.get(session_id)
            return None if peer is None else peer.latest_frame("rgb24")

        return pull

    # ---------------------------------------------------------------------------------------------- login

    async def login(self, username: str, password: str, cap: int) -> bool:
        """Sign in, start signaling and the outbox; on failure show why."""
        try:
            officer = await self.hub.login(username, password)
        except HubError as exc:
            problem = {
                HubErrorKind.UNAUTHORIZED: LoginProblem.WRONG_PASSWORD,
                HubErrorKind.LOCKED: LoginProblem.LOCKED,
                HubErrorKind.RATE_LIMITED: LoginProblem.RATE_LIMITED,
                HubErrorKind.UNREACHABLE: LoginProblem.UNREACHABLE,
            }.get(exc.kind, LoginProblem.OTHER)
            detail = f"{int(exc.retry_after_s)} s" if exc.retry_after_s else exc.message
            self.window.show_login(problem, detail)
            return False
        if officer.user.role.value not in OFFICER_ROLES:
            self.window.show_login(LoginProblem.NOT_OFFICER)
            return False
        self.token = officer.token
        self.controller.set_cap(cap)
        self.window.show_console(officer.user.display_name)
        await self._start_signaling()
        self.start_outbox()
        self._spawn(self.upload_leftover_recordings())
        return True

    async def upload_leftover_recordings(self) -> None:
        """Recordings a failed upload (or a crash) left on disk go to the hub now; each is deleted once stored."""
        for path in _recording_files(self.data_dir / "recordings"):
            session_id = path.stem
            if session_id in self.router.peers:
                continue  # still being recorded
            try:
                await self.hub.upload_recording(session_id, path)
            except (HubError, OSError) as exc:
                reason = exc.kind.value if isinstance(exc, HubError) else type(exc).__name__
                log.info("session %s: earlier recording still not uploaded (%s)", session_id, reason)
                continue
            _delete(path)

    def start_outbox(self) -> None:
        """Deliver queued claims from now on (claims left from before a restart go out at once)."""
        if self._outbox_task is None:
            self._outbox_task = asyncio.get_event_loop().create_task(self.outbox.run())
        self.outbox.wake()
        self.window.set_outbox_pending(self.outbox.pending_count())

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
        )
        await self.signaling.start()

    def _on_hub_state(self, state: Any) -> None:
        from kiosk.video.signaling import SignalingState

        online = state is SignalingState.CONNECTED
        self.window.set_hub_online(online)
        if online:
            # The hub is back (after an outage or a restart): queued claims need not wait for their backoff.
            self.outbox.wake()

    def _hello(self) -> HelloPayload:
        return HelloPayload(
            role=Role.CONSOLE,
            sessions=tuple(self.controller.booths),
            cap=self.controller.cap,
            paused=self.controller.paused,
        )

    async def _send_status(self) -> None:
        if self.signaling is None:
            return
        self.signaling.hello = self._hello()
        payload = ConsoleStatusPayload(cap=self.controller.cap, paused=self.controller.paused)
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
            booth = self.controller.booths.get(env.session_id)
            docs_before = booth.documents_done if booth else None
            # What the booth entered reaches the hub after the assignment: a new state (e.g. waiting_cso once
            # every document is uploaded) or a new claim type means there is more to fetch, as does progress.
            seen_before = (booth.state, booth.claim_type) if booth else None
            self.controller.update(
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
                self._spawn(self.refresh_detail(env.session_id))
            if update.state is SessionState.WAITING_CSO and self.controller.focused == env.session_id:
                # Focused before its "waiting" arrived: the officer is already talking to this booth.
                self._spawn(self._set_state(env.session_id, SessionState.IN_CALL))
            if update.state.is_final and env.session_id not in self._ending:
                self._spawn(self._finish(env.session_id))
        elif env.type is SignalType.ATTENTION and env.session_id:
            attention = env.payload_as(AttentionPayload)
            self.controller.attention(env.session_id, attention.kind, attention.raised)
        elif env.type is SignalType.QUEUE:
            self.controller.set_queue(env.payload_as(QueuePayload).waiting)

    async def _assigned(self, assignment: AssignmentPayload) -> None:
        from kiosk.video.peer import ConsolePeer, PeerState

        sid = assignment.session_id
        self.controller.assign(
            sid,
            assignment.booth_number,
            state=assignment.state,
            masked_name=assignment.masked_name,
            claim_type=assignment.claim_type,
        )
        if sid not in self.router.peers:

            def on_state(state: PeerState) -> None:
                connected = state is PeerState.CONNECTED
                self.controller.set_connected(sid, connected)
                if connected:
                    self._reapply(sid)

            def on_stats(stats: Any) -> None:
                quality = network_quality(stats.loss_fraction, stats.rtt_ms, stats.fps_received)
                self.controller.set_network(sid, quality)

            peer = ConsolePeer(
                sid,
                self.settings.video,
                self.signaling.send,
                camera=self.officer_camera,
                microphone=self.microphone,
                speaker=self.speaker,
                on_state=on_state,
                on_stats=on_stats,
            )
            self.router.peers[sid] = peer
            self._session_router.add(sid, peer.handle_signal)
            await peer.connect()
            if self.settings.console.record_sessions:
                path = self.data_dir / "recordings" / f"{sid}.mkv"
                path.parent.mkdir(parents=True, exist_ok=True)
                peer.start_recording(path)
                self.controller.set_recording(sid, RecordingState.RECORDING)
        self.signaling.hello = self._hello()
        await self.refresh_detail(sid)

    def _reapply(self, session_id: str) -> None:
        """A (re)connected booth gets the quality, hold and routing the focus calls for."""
        peer = self.router.peers.get(session_id)
        if peer is None:
            return
        self.router.apply_routing(session_id, peer)
        focused = self.controller.focused
        if focused == session_id:
            self.router.send_control(session_id, ControlType.FOCUS)
            self.router.set_quality(session_id, QualityLevel.FOCUS)
        elif focused is not None:
            self.router.send_control(session_id, ControlType.HOLD)
            self.router.set_quality(session_id, QualityLevel.THUMBNAIL)
        else:
            self.router.set_quality(session_id, self.controller.grid_quality())

    async def refresh_detail(self, session_id: str) -> None:
        """Fetch the session's intake, registry record and documents, and show them."""
        detail = self.window.detail(session_id) or SessionDetail(session_id)
        try:
            data = await self.hub.get_session(session_id)
            intake = dict(data.get("intake") or {})
            detail.entries = intake
            if intake.get("claim_type"):
                detail.claim_type = ClaimType(intake["claim_type"])
                detail.reason = intake.get("reason")
            if detail.record is None and (intake.get("kpj") or intake.get("nik")):
                with contextlib.suppress(HubError):
                    detail.record = await self.hub.lookup_participant(kpj=intake.get("kpj"), nik=intake.get("nik"))
            for meta in await self.hub.list_documents(session_id):
                code = str(meta["document_type"])
                known = detail.documents.get(code)
                if known is not None and known.document_id == meta["id"] and known.image is not None:
                    continue
                image = await self.hub.get_document(session_id, str(meta["id"]))
                detail.documents[code] = DocumentStill(
                    document=code,
                    document_id=str(meta["id"]),
                    sha256=str(meta.get("sha256", "")),
                    sharpness=meta.get("sharpness"),
                    glare_ratio=meta.get("glare_ratio"),
                    brightness=meta.get("brightness"),
                    image=image,
                    media_type=str(meta.get("media_type", "image/jpeg")),
                )
        except HubError as exc:
            log.info("session %s: detail not complete (%s)", session_id, exc.kind.value)
        if session_id not in self.controller.booths:
            return
        self.window.set_detail(
            detail, questions(detail.record, session_id, self._secret) if detail.record is not None else []
        )

    # --------------------------------------------------------------------------------- officer's actions

    def _on_controller(self, event: Any) -> None:
        from kiosk.ui.console.controller import Change

        if event.change is Change.FOCUS and event.session_id is not None:
            booth = self.controller.booths.get(event.session_id)
            if booth is not None and booth.state is SessionState.WAITING_CSO:
                self._spawn(self._set_state(event.session_id, SessionState.IN_CALL))

    async def _set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> bool:
        try:
            await self.hub.set_state(session_id, state, reason)
        except HubError as exc:
            log.warning("session %s: hub refused state %s (%s)", session_id, state.value, exc.code or exc.kind.value)
            return False
        self.controller.update(session_id, state=state)
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
        detail = self.window.detail(session_id) or SessionDetail(session_id)
        try:
            image = await self.hub.get_document(session_id, done.document_id)
        except HubError:
            image = None
        detail.documents[done.document] = DocumentStill(
            done.document, done.document_id, done.sha256, done.sharpness, done.glare_ratio, image=image
        )
        detail.verified.discard(done.document)  # a new still needs a new look
        self.window.set_detail(detail)

    async def hand_back(self, session_id: str, documents: list[str]) -> None:
        """Back to self-service for the documents still to be captured."""
        await self._control(session_id, ControlType.HAND_BACK, HandBackPayload(documents=tuple(documents)))

    async def request_signature(self, session_id: str) -> None:
        """Ask the participant to sign; the claim can be submitted once they have."""
        reply = await self._control(session_id, ControlType.SIGNATURE_REQUEST, None, SIGNATURE_TIMEOUT_S)
        if reply is not None and reply.type is ControlType.SIGNATURE_DONE:
            self.controller.signature_received(session_id, reply.payload_as(SignatureDonePayload).document_id)

    async def decide(self, session_id: str, decision: Decision, code: str, note: str) -> None:
        """Record the verdict on the hub (verifying -> approved/rejected) and in the console."""
        booth = self.controller.booths.get(session_id)
        if booth is None:
            return
        # The hub's state, not the last one heard: a booth's "ready" can overtake its state update, so the
        # console may still believe the session is in self-service.
        with contextlib.suppress(HubError, KeyError, ValueError):
            current = SessionState(str((await self.hub.get_session(session_id))["state"]))
            self.controller.update(session_id, state=current)
        booth = self.controller.booths.get(session_id)
        if booth is None:
            return
        if booth.state in (SessionState.WAITING_CSO,):
            await self._set_state(session_id, SessionState.IN_CALL)
        if self.controller.booths[session_id].state is SessionState.IN_CALL:
            await self._set_state(session_id, SessionState.VERIFYING)
        target = SessionState.APPROVED if decision is Decision.APPROVED else SessionState.REJECTED
        reason = f"{code}: {note}" if note else code
        if not await self._set_state(session_id, target, reason):
            return
        self.controller.decide(session_id, decision, code, note)
        if decision is Decision.REJECTED:
            await self._control(
                session_id, ControlType.END, EndPayload(outcome=Outcome.REJECTED, reason_code=code, reason_text=note)
            )
            await self._finish(session_id)

    def claim_payload(self, session_id: str) -> dict[str, Any] | None:
        """The claim as the claims API takes it, from the session's verified detail."""
        detail = self.window.detail(session_id)
        if detail is None or detail.record is None or detail.claim_type is None or not detail.reason:
            return None
        entries = detail.entries
        payload: dict[str, Any] = {
            "session_id": session_id,
            "claim_type": detail.claim_type.value,
            "reason": detail.reason,
            "nik": detail.record.nik,
            "kpj": detail.record.kpj,
            "documents": sorted(detail.verified),
            "bank": {
                "bank_code": str(entries.get("bank_code") or ""),
                "account_number": str(entries.get("account_number") or ""),
                "account_holder": detail.record.name,
            },
        }
        if entries.get("termination_date"):
            payload["termination_date"] = entries["termination_date"]
        relation = entries.get("heir_relation")
        if relation:
            # An heir's claim names the heir: the registry's heir of that relation, whose e-KTP the officer saw.
            heirs = getattr(detail.record, "heirs", ())
            heir = next((h for h in heirs if h.relation.value == relation), None)
            if heir is not None:
                payload["heir"] = {"nik": heir.nik, "name": heir.name, "relation": heir.relation.value}
        if entries.get("npwp") or detail.record.npwp:
            payload["npwp"] = entries.get("npwp") or detail.record.npwp
        return payload

    def submit(self, session_id: str) -> None:
        """Put the approved, signed claim in the outbox (it is delivered from there, exactly once)."""
        if not self.controller.can_submit(session_id):
            return
        payload = self.claim_payload(session_id)
        if payload is None:
            return
        entry = self.outbox.enqueue(session_id, payload)
        self._on_outbox(entry)

    def _on_outbox(self, entry: OutboxEntry) -> None:
        self.window.set_outbox_pending(self.outbox.pending_count())
        sid = entry.session_id
        if entry.state is DeliveryState.PENDING:
            self.controller.set_submission(sid, SubmissionState.PENDING, entry.last_error)
        elif entry.state is DeliveryState.DELIVERED:
            self.controller.set_submission(sid, SubmissionState.DELIVERED, entry.reference or "")
            if sid in self.controller.booths:
                self._spawn(self._delivered(sid, entry.reference or ""))
        else:
            detail = f"{entry.refusal_code}: {entry.refusal_message}"
            self.controller.set_submission(sid, SubmissionState.REFUSED, detail)

    async def _delivered(self, session_id: str, reference: str) -> None:
        await self._control(session_id, ControlType.END, EndPayload(outcome=Outcome.SUBMITTED, reference=reference))
        await self._finish(session_id)

    def _on_question(self, session_id: str, kind: str, correct: bool) -> None:
        # Which question and whether it was answered right goes to the hub's audit log; the answer never does.
        log.info("session %s: verification question %s answered %s", session_id, kind,
                 "correctly" if correct else "wrongly")
        self._spawn(self._record_question(session_id, kind, correct))

    async def _record_question(self, session_id: str, kind: str, correct: bool) -> None:
        try:
            await self.hub.record_verification(session_id, kind, correct)
        except HubError as exc:
            log.warning("session %s: verification question not audited (%s)", session_id, exc.code or exc.kind.value)

    # --------------------------------------------------------------------------------------- session end

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
                    self.controller.set_recording(session_id, RecordingState.UPLOADING)
                    try:
                        await self.hub.upload_recording(session_id, path)
                    except (HubError, OSError) as exc:
                        # Kept on disk for a later upload; the tile says it failed. The session still ends.
                        reason = exc.kind.value if isinstance(exc, HubError) else type(exc).__name__
                        log.warning("session %s: recording not uploaded (%s)", session_id, reason)
                        self.controller.set_recording(session_id, RecordingState.FAILED)
                    else:
                        self.controller.set_recording(session_id, RecordingState.UPLOADED)
                        path.unlink(missing_ok=True)
            await self._drop(session_id, handled=True)
        finally:
            self._ending.discard(session_id)

    async def _drop(self, session_id: str, *, handled: bool) -> None:
        peer = self.router.peers.pop(session_id, None)
        self.router.quality.pop(session_id, None)
        if getattr(self, "_session_router", None) is not None:
            self._session_router.remove(session_id)
        if peer is not None:
            _detach(peer)  # its tile goes away: closing must not report into it
            await peer.close()
        self.controller.unassign(session_id, handled=handled)
        self.window.forget(session_id)
        if self.signaling is not None:
            self.signaling.hello = self._hello()

    async def close(self) -> None:
        """Close every peer, the signaling connection and the outbox (pending claims stay on disk)."""
        for sid in list(self.router.peers):
            peer = self.router.peers.pop(sid)
            _detach(peer)
            with contextlib.suppress(Exception):
                await peer.close()
        if self.signaling is not None:
            await self.signaling.close()
        for task in [self._outbox_task, *self._tasks]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self.outbox.close()


def _detach(peer: Any) -> None:
    """Stop a peer's callbacks from reaching the console (its tile, or the whole window, is going away)."""
    for name in ("on_state", "on_stats"):
        if hasattr(peer, name):
            setattr(peer, name, None)


def _recording_files(folder: Path) -> list[Path]:
    """The recordings waiting in `folder`, oldest name first."""
    return sorted(folder.glob("*.mkv")) if folder.is_dir() else []


def _delete(path: Path) -> None:
    path.unlink(missing_ok=True)
