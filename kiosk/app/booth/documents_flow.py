"""The documents flow: guided capture of each required document, review, upload, then on to the officer.

For the current document it runs a `capture.DocumentCapture` on the camera, forwards its feedback to the
documents screen, shows the still for review, uploads it when accepted and goes on with the next one. When all
are stored the session moves to "waiting for an officer".
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from kiosk.app.booth.call_flow import CallFlow
from kiosk.app.booth.camera_port import Camera
from kiosk.app.booth.capture import DocumentCapture, Feedback
from kiosk.app.booth.hub_port import HubUnavailable, UploadedDocument
from kiosk.app.booth.state import Step
from kiosk.app.booth.visit_flow import VisitFlow, log_unexpected
from kiosk.config import VideoSettings
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, AttentionReason

log = logging.getLogger(__name__)


class DocumentsFlow:
    """One document after the other; the still under review lives in memory only until it is uploaded."""

    def __init__(self, visit: VisitFlow, call: CallFlow, video: VideoSettings, camera: Camera | None = None) -> None:
        self.visit = visit
        self.call = call
        self.video = video
        self.camera = camera
        self._capture: DocumentCapture | None = None
        self._still: Any = None  # the still under review: JPEG in memory only, dropped after upload
        visit.on_step(self._step_shown)
        visit.on_end(self._forget)

    @property
    def capturing(self) -> bool:
        """True while the camera is watched for the current document."""
        return self._capture is not None

    @property
    def still_under_review(self) -> bool:
        """True while a still is shown for review (held in memory only, until uploaded or dropped)."""
        return self._still is not None

    def _step_shown(self, step: Step, resumed: bool) -> None:
        if step is not Step.DOCUMENTS:
            self.stop_capture()  # e.g. the officer turned to this booth mid-way
        elif not (resumed and self._still is not None):
            self.start_document()

    def back(self) -> None:
        """Back to the service screen."""
        self.stop_capture()
        self._still = None
        self.visit.go(Step.SERVICE)

    def start_document(self) -> None:
        """Show the next pending document and watch the camera for it; all done: on to the officer."""
        self.stop_capture()
        state, screen = self.visit.state, self.visit.view.documents
        requirement = state.current_document()
        if requirement is None:
            self.documents_finished()
            return
        number, total = state.document_position()
        screen.show_document(requirement, number, total)
        if self.camera is None:
            screen.show_feedback(Feedback.NO_PICTURE)
            return
        self._capture = DocumentCapture(
            self.camera, self.video, requirement.document.shape, self.feedback, self._captured,
        )
        self._capture.start()

    def feedback(self, feedback: Feedback) -> None:
        """What the capture loop sees, for the screen."""
        self.visit.view.documents.show_feedback(feedback)
        if feedback not in (Feedback.NO_PICTURE, Feedback.SEARCHING):
            # A document in front of the camera means someone is holding it: not an empty booth.
            self.visit.view.poke_inactivity()

    def stop_capture(self) -> None:
        """Stop watching the camera."""
        if self._capture is not None:
            self._capture.cancel()
            self._capture = None

    def _captured(self, still: Any) -> None:
        self._capture = None
        self._still = still
        self.visit.view.documents.show_review(still.jpeg)

    def capture_manually(self) -> None:
        """The participant pressed "take photo": the best recent frame, whatever its quality."""
        capture = self._capture
        if capture is None:
            return

        def taken(still: Any) -> None:
            if still is not None:
                self.stop_capture()
                self._captured(still)

        self.visit.tasks.start(capture.capture_now(), on_result=taken, name="manual-capture")

    def retake(self) -> None:
        """Drop the still under review and watch the camera again."""
        self._still = None
        self.start_document()

    def accept(self) -> None:
        """Upload the still under review and go on with the next document."""
        visit = self.visit
        requirement = visit.state.current_document()
        still = self._still
        session = visit.state.session_id or ""
        if requirement is None or still is None:
            return
        code = requirement.document.code
        metrics = {
            "sharpness": float(still.quality.sharpness),
            "glare_ratio": float(still.quality.glare_ratio),
            "brightness": float(still.quality.brightness),
        }
        screen = visit.view.documents

        def uploaded(result: UploadedDocument) -> None:
            self._still = None
            screen.clear_review()
            visit.state.record_upload(code, result)
            self.call.report_progress()
            if self.call.capture_requested_for(code):
                self.call.answer_capture(code, result, still)
            self.start_document()

        def failed(error: BaseException) -> None:
            log_unexpected(error)
            screen.show_upload_failed()

        screen.show_upload(0, len(still.jpeg))
        visit.hub_call(
            lambda: visit.hub.upload_document(session, code, still.jpeg, "image/jpeg", metrics, screen.show_upload),
            uploaded, failed, "upload",
        )

    def missing(self) -> None:
        """"I don't have this document": the officer is told which one, and the participant goes on (to the next
        document, or to the queue) instead of being stuck until the inactivity question ends the visit."""
        state = self.visit.state
        requirement = state.current_document()
        if requirement is None:
            return
        code = requirement.document.code
        self.stop_capture()
        self._still = None
        self.visit.view.documents.clear_review()
        if code in state.recapture:
            state.recapture.remove(code)
        if code not in state.missing_documents:
            state.missing_documents.append(code)
        self.call.call_for_help(AttentionReason.MISSING_DOCUMENT, code)
        self.start_document()

    def documents_finished(self) -> None:
        """Every document is stored: the session waits for an officer (the call comes when they are there)."""
        visit = self.visit
        session = visit.state.session_id or ""

        async def ready() -> None:
            try:
                await visit.hub.set_state(session, SessionState.WAITING_CSO)
            except HubUnavailable:
                raise
            except Exception as error:  # e.g. after a hand-back the session may already be where it belongs
                log.warning("booth: session not moved to waiting (%s)", type(error).__name__)
            with contextlib.suppress(Exception):
                await self.call.attention(AttentionKind.READY)

        if visit.state.step is Step.DOCUMENTS:
            # The officer may already be on the line when the hub's answer arrives: then stay in the call.
            visit.hub_call(ready, lambda _r: visit.go(Step.WAITING) if visit.state.step is Step.DOCUMENTS else None,
                           name="ready")

    def _forget(self) -> None:
        self.stop_capture()
        self._still = None
