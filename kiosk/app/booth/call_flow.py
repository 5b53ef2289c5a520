"""The call flow: the officer on the line, and what they ask of the booth over the control channel.

`CallFlow` is the call link's listener (`call_link.CallListener`): the officer connected, the call dropped or
came back, and one method per control request (prompt, hold, focus, capture request, signature request,
hand-back, end). It also tells the officer's tile how far self-service has come and raises attention badges.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from kiosk.app.blocking import run_blocking
from kiosk.app.booth.call_port import CallPort
from kiosk.app.booth.camera_port import Camera
from kiosk.app.booth.control_replies import ControlReplies
from kiosk.app.booth.hub_port import UploadedDocument
from kiosk.app.booth.signature_flow import SignatureFlow
from kiosk.app.booth.state import HelpStatus, Problem, SessionResult, Step
from kiosk.app.booth.visit_flow import VisitFlow, log_unexpected
from kiosk.app.link_health import NetworkQuality
from kiosk.config import VideoSettings
from kiosk.domain.claims import DocumentShape
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    AttentionKind,
    AttentionReason,
    CaptureDonePayload,
    CaptureRequestPayload,
    ControlMessage,
    ControlType,
    EndPayload,
    ErrorPayload,
    HandBackPayload,
    Outcome,
    Progress,
    PromptPayload,
    RecordingPayload,
    SessionUpdatePayload,
)

#: Frames looked at for a still the officer asked for (the best one is kept), and the wait between them.
REQUESTED_FRAMES = 6
REQUESTED_FRAME_INTERVAL_S = 0.08


class CallFlow:
    """Reacts to the officer: the call screen, requested stills, the signature, the end of the session."""

    def __init__(
        self,
        visit: VisitFlow,
        signature: SignatureFlow,
        replies: ControlReplies,
        video: VideoSettings,
        camera: Camera | None = None,
        call: CallPort | None = None,
    ) -> None:
        self.visit = visit
        self.signature = signature
        self.replies = replies
        self.video = video
        self.camera = camera
        self.call = call
        self._capture_request: ControlMessage | None = None
        visit.on_end(self._forget)

    # ---------------------------------------------------------------------------------------------- the officer

    def officer_connected(self, officer_name: str = "", officer_frames: Callable[[], Any] | None = None) -> None:
        """The officer's console took this session and the call is up."""
        # The hub may assign a session early (the officer's tile shows self-service progress): the call screen
        # comes when the participant is done with self-service, or when the officer turns to this booth.
        visit = self.visit
        visit.officer_frames = officer_frames or (lambda: None)
        visit.view.call.set_officer_name(officer_name)
        if visit.state.problem is Problem.CALL_DROPPED:
            visit.clear_problem()
        if visit.state.step in (Step.WAITING, Step.CALL):
            visit.go(Step.CALL)

    def call_dropped(self) -> None:
        """Nothing arrives from the officer any more; the video layer reconnects by itself.

        The visit waits for the call however long the outage lasts, unless the participant has gone: while the
        call is down the usual "are you still there?" question is armed (``booth.inactivity_timeout_s``, then
        ``booth.inactivity_countdown_s``), and nobody answering abandons the session as on any other screen.
        """
        if self.visit.state.step in (Step.CALL, Step.SIGNATURE):
            self.visit.show_problem(Problem.CALL_DROPPED, 1)
            self.visit.view.watch_inactivity(True)

    def network_changed(self, quality: NetworkQuality) -> None:
        """The call's signal bars changed."""
        self.visit.view.call.set_network(quality)

    def call_restored(self) -> None:
        """The peer connection is back."""
        if self.visit.state.problem is Problem.CALL_DROPPED:
            self.visit.clear_problem()
            self.visit.view.watch_inactivity(self.visit.state.step.self_service)

    async def attention(
        self, kind: AttentionKind, reason: AttentionReason | None = None, document: str | None = None
    ) -> bool:
        """Raise an attention badge on the officer's console (over the call link when there is one); False when
        nobody could be told."""
        if self.call is not None:
            return await self.call.attention(kind, reason, document)
        await self.visit.hub.attention(self.visit.state.session_id or "", kind)
        return True

    def call_for_help(self, reason: AttentionReason = AttentionReason.NEEDS_HELP, document: str | None = None) -> None:
        """The participant called for staff (help button, "I can't hear", a missing document, a problem screen).

        The state says how it went (the window shows it under the top bar): sent, or nobody reachable (then the
        participant is asked to call the staff of the branch in person).
        """
        state = self.visit.state
        if state.session_id is None or (self.call is not None and not self.call.connected):
            self._help_status(HelpStatus.UNREACHABLE)
            return
        self._help_status(HelpStatus.SENT)

        def done(sent: bool) -> None:
            if not sent:
                self._help_status(HelpStatus.UNREACHABLE)

        def failed(error: BaseException) -> None:
            log_unexpected(error)
            self._help_status(HelpStatus.UNREACHABLE)

        self.visit.tasks.start(self.attention(AttentionKind.HELP, reason, document), on_result=done,
                               on_error=failed, name="help")

    def set_volume(self, percent: int) -> None:
        """The participant's volume buttons on the call screen."""
        if self.call is not None:
            self.call.set_volume(percent / 100)

    def cannot_hear(self) -> None:
        """"I can't hear": the officer is told (the tile says so), the participant sees that they were."""
        self.call_for_help(AttentionReason.CANNOT_HEAR)

    def help_acknowledged(self) -> None:
        """The officer saw the call for help (the console cleared it)."""
        if self.visit.state.help_status is not HelpStatus.NONE:
            self._help_status(HelpStatus.SEEN)

    def _help_status(self, status: HelpStatus) -> None:
        self.visit.state.help_status = status
        self.visit.state.changed()

    def recording_changed(self, on: bool) -> None:
        """The officer's console records (or stopped): the sign on every screen follows."""
        self._recording(on)

    def _recording(self, on: bool) -> None:
        """The officer's console records (or stopped): the sign on every screen follows."""
        self.visit.state.recording = on
        self.visit.view.call.set_recording(on)
        self.visit.state.changed()

    def report_progress(self) -> None:
        """Documents done / total for the officer's tile (only codes and counts: nothing personal)."""
        state = self.visit.state
        if self.call is None or state.session_id is None:
            return
        done = sum(1 for r in state.documents if r.document.code in state.captured)
        update = SessionUpdatePayload(
            state=SessionState.SELF_SERVICE,
            progress=Progress(documents_done=done, documents_total=len(state.documents)),
            claim_type=state.claim_type.value if state.claim_type else None,
            reason=state.reason,
        )
        self.visit.tasks.start(self.call.report_progress(update), on_error=log_unexpected, name="progress")

    # ---------------------------------------------------------------------------------------------- control

    def handle_control(self, message: ControlMessage) -> None:
        """React to one message from the officer's console."""
        visit, screen = self.visit, self.visit.view.call
        kind = message.type
        if kind is ControlType.PROMPT:
            screen.show_prompt(message.payload_as(PromptPayload).for_language(visit.state.language))
        elif kind is ControlType.HOLD:
            screen.set_on_hold(True)
        elif kind is ControlType.RESUME:
            screen.set_on_hold(False)
        elif kind is ControlType.FOCUS:
            screen.set_on_hold(False)
            if visit.state.step is Step.WAITING or visit.state.step.self_service:
                visit.go(Step.CALL)  # the officer turns to this booth, e.g. to help mid-way
        elif kind is ControlType.UNFOCUS:
            screen.set_on_hold(True)
        elif kind is ControlType.CAPTURE_REQUEST:
            self._capture_requested(message)
            return
        elif kind is ControlType.SIGNATURE_REQUEST:
            self.signature.requested(message)
            return
        elif kind is ControlType.HAND_BACK:
            payload = message.payload_as(HandBackPayload)
            visit.state.request_recapture(list(payload.documents))
            visit.go(Step.DOCUMENTS if visit.state.pending_documents() else Step.WAITING)
        elif kind is ControlType.END:
            self._ended(message.payload_as(EndPayload))
        elif kind is ControlType.RECORDING:
            self._recording(message.payload_as(RecordingPayload).on)
        elif kind in (ControlType.ACK, ControlType.ERROR, ControlType.SET_QUALITY):
            return  # answers to us, or handled by the video layer
        self.replies.reply(ControlType.ACK, message.id)

    def _capture_requested(self, message: ControlMessage) -> None:
        payload = message.payload_as(CaptureRequestPayload)
        self._capture_request = message
        state = self.visit.state
        document = state.catalog.documents.get(payload.document)
        name = document.name(state.language) if document else payload.document
        if state.step is not Step.CALL:
            self.visit.go(Step.CALL)
        self.visit.view.call.start_capture_countdown(name, payload.countdown_s)

    def take_requested_still(self) -> None:
        """The capture countdown ended: take the best of the next frames, store it and answer the officer."""
        message = self._capture_request
        camera = self.camera
        if message is None or camera is None:
            return
        payload = message.payload_as(CaptureRequestPayload)
        from kiosk.video.stills import prepare_still

        visit = self.visit
        document = visit.state.catalog.documents.get(payload.document)
        require_card = document is not None and document.shape is DocumentShape.CARD

        async def take() -> tuple[Any, UploadedDocument]:
            frames = []
            last = None
            for _ in range(REQUESTED_FRAMES):
                frame = camera.latest_frame()
                if frame is not None and frame is not last:
                    frames.append(frame)
                    last = frame
                await asyncio.sleep(REQUESTED_FRAME_INTERVAL_S)
            still = await run_blocking(prepare_still, frames, self.video, require_card)
            if still is None:
                raise RuntimeError("no frame")
            uploaded = await visit.hub.upload_document(
                visit.state.session_id or "", payload.document, still.jpeg, "image/jpeg",
                {"sharpness": float(still.quality.sharpness), "glare_ratio": float(still.quality.glare_ratio)},
            )
            return still, uploaded

        def done(result: tuple[Any, UploadedDocument]) -> None:
            still, uploaded = result
            visit.view.call.capture_done()
            if payload.document in {r.document.code for r in visit.state.documents}:
                visit.state.record_upload(payload.document, uploaded)
            self.answer_capture(payload.document, uploaded, still)

        def failed(error: BaseException) -> None:
            log_unexpected(error)
            visit.view.call.capture_done()
            self.replies.reply(
                ControlType.ERROR,
                message.id,
                ErrorPayload(code="capture_failed", message="the still could not be taken or stored"),
            )

        visit.tasks.start(take(), on_result=done, on_error=failed, name="requested-still")

    def capture_requested_for(self, code: str) -> bool:
        """True when the officer is waiting for a still of document `code`."""
        request = self._capture_request
        return request is not None and request.payload_as(CaptureRequestPayload).document == code

    def answer_capture(self, code: str, uploaded: UploadedDocument, still: Any) -> None:
        """Tell the officer the still they asked for is stored."""
        message, self._capture_request = self._capture_request, None
        if message is None:
            return
        self.replies.reply(
            ControlType.CAPTURE_DONE,
            message.id,
            CaptureDonePayload(
                document=code,
                document_id=uploaded.document_id,
                sha256=uploaded.sha256,
                sharpness=float(still.quality.sharpness),
                glare_ratio=float(still.quality.glare_ratio),
            ),
        )

    def _ended(self, payload: EndPayload) -> None:
        state = self.visit.state
        missing = tuple(r.document.code for r in state.documents if r.document.code not in state.captured)
        state.result = SessionResult(
            outcome=payload.outcome,
            reference=payload.reference,
            reason_code=payload.reason_code,
            reason_text=payload.reason_text,
            missing_documents=missing if payload.outcome is Outcome.REJECTED else (),
        )
        self._recording(False)  # the console stops recording as it ends the session
        self.visit.go(Step.RESULT)

    def _forget(self) -> None:
        self._capture_request = None
