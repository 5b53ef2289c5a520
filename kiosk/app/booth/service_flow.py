"""The service flow: the claim type, reason and bank account the participant chose are stored on the session."""

from __future__ import annotations

from kiosk.app.booth.call_flow import CallFlow
from kiosk.app.booth.state import Step
from kiosk.app.booth.visit_flow import VisitFlow


class ServiceFlow:
    """Saves the choices, plans the documents they need and moves on to capturing them."""

    def __init__(self, visit: VisitFlow, call: CallFlow) -> None:
        self.visit = visit
        self.call = call

    def back(self) -> None:
        """Back to the identity screen (an heir: to their own identity)."""
        self.visit.go(Step.HEIR if self.visit.state.is_heir else Step.IDENTITY)

    def completed(self) -> None:
        """The service screen is filled in."""
        visit = self.visit
        session = visit.state.session_id or ""
        details = visit.state.claim_details()

        def saved(_result: None) -> None:
            visit.state.plan_documents()
            self.call.report_progress()
            visit.go(Step.DOCUMENTS)

        visit.hub_call(lambda: visit.hub.save_claim(session, details), saved, name="save-claim")
