"""The signature flow: the officer asks for a signature, the participant signs on the pad, the hub stores it."""

from __future__ import annotations

from kiosk.app.booth.control_replies import ControlReplies
from kiosk.app.booth.hub_port import UploadedDocument
from kiosk.app.booth.state import CapturedDocument, Step
from kiosk.app.booth.visit_flow import VisitFlow, log_unexpected
from kiosk.protocol import ControlMessage, ControlType, SignatureDonePayload


class SignatureFlow:
    """Shows the signature pad when asked and answers the officer's request with the stored signature."""

    def __init__(self, visit: VisitFlow, replies: ControlReplies) -> None:
        self.visit = visit
        self.replies = replies
        self._request: ControlMessage | None = None
        visit.on_end(self._forget)

    def requested(self, message: ControlMessage) -> None:
        """The officer asks the participant to sign: first the summary of what they sign for."""
        self._request = message
        self.visit.go(Step.SUMMARY)

    def summary_read(self) -> None:
        """The participant read the summary and goes on to sign."""
        self.visit.go(Step.SIGNATURE)

    def back(self) -> None:
        """Back to the call without signing."""
        self.visit.go(Step.CALL)

    def confirmed(self, png: bytes) -> None:
        """The participant confirmed the drawn signature: store it and answer the officer."""
        visit = self.visit
        session = visit.state.session_id or ""
        screen = visit.view.signature

        def uploaded(result: UploadedDocument) -> None:
            visit.state.signature = CapturedDocument("signature", result.document_id, result.sha256)
            request, self._request = self._request, None
            if request is not None:
                self.replies.reply(
                    ControlType.SIGNATURE_DONE,
                    request.id,
                    SignatureDonePayload(document_id=result.document_id, sha256=result.sha256),
                )
            visit.go(Step.CALL)

        def failed(error: BaseException) -> None:
            log_unexpected(error)
            screen.show_upload_failed()

        visit.hub_call(
            lambda: visit.hub.upload_document(session, "signature", png, "image/png", None, screen.show_upload),
            uploaded, failed, "signature",
        )

    def _forget(self) -> None:
        self._request = None
