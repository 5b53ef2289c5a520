"""The purpose flow: before any number is typed, the participant says whom the claim is for: themselves, or a
participant who died, whose heir they are. The identity questions and the claims offered follow the answer."""

from __future__ import annotations

from kiosk.app.booth.state import Step
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.domain.claims import Claimant


class PurposeFlow:
    """Records who files and moves on to the (deceased) participant's identity."""

    def __init__(self, visit: VisitFlow) -> None:
        self.visit = visit

    def back(self) -> None:
        """Back to the consent screen."""
        self.visit.go(Step.CONSENT)

    def chosen(self, claimant: Claimant) -> None:
        """The participant chose "for myself" (participant) or "as the heir" (heir)."""
        state = self.visit.state
        if state.claimant is not claimant:
            # Another path: what was confirmed or chosen for the other one no longer holds.
            state.claimant = claimant
            state.identity, state.identity_confirmed = None, False
            state.heir_nik, state.heir_identity, state.heir_confirmed = "", None, False
            state.claim_type, state.reason, state.heir_relation = None, None, None
        self.visit.go(Step.IDENTITY)
