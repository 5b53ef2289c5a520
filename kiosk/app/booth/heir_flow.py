"""The heir flow: after the deceased participant is confirmed, the heir types their own NIK and confirms who
they are ("Is this you?" is asked of the heir only, never of the participant who died).

The hub stores the heir's NIK on the session and announces the heir's masked name over signaling when the
registry knows them (as a registered heir of this participant, or as a participant of their own). When it does
not, the heir confirms the NIK and the birth date it holds; the officer checks the heir certificate.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from kiosk.app.booth.call_port import CallPort
from kiosk.app.booth.hub_port import HeirEntry, IdentityMatch, IdentityRefused
from kiosk.app.booth.state import Step
from kiosk.app.booth.visit_flow import VisitFlow, log_unexpected

#: How long the booth waits for the heir's masked name after storing the heir's NIK.
HEIR_ANSWER_S = 3.0


class HeirFlow:
    """Stores the heir's NIK and lets the heir confirm it is them."""

    def __init__(self, visit: VisitFlow, call: CallPort | None = None) -> None:
        self.visit = visit
        self.call = call

    def back(self) -> None:
        """Back to the deceased participant's numbers."""
        state = self.visit.state
        state.identity_confirmed = False
        self.visit.go(Step.IDENTITY)

    def lookup(self) -> None:
        """Store the heir's NIK with the deceased's numbers and ask who the heir is."""
        state = self.visit.state
        session = state.session_id or ""
        entry = HeirEntry(state.nik, state.kpj, state.heir_nik)
        self.visit.hub_call(lambda: self._identify(session, entry), self._identified, self._failed, "identify-heir")

    async def _identify(self, session: str, entry: HeirEntry) -> IdentityMatch:
        hub, link = self.visit.hub, self.call
        if link is None or not link.connected:
            return await hub.identify_heir(session, entry)
        updates = link.subscribe_session_updates()
        try:
            match = await hub.identify_heir(session, entry)
            if match.masked_name:
                return match
            loop = asyncio.get_running_loop()
            deadline = loop.time() + HEIR_ANSWER_S
            while (left := deadline - loop.time()) > 0:
                try:
                    announced = await asyncio.wait_for(updates.get(), left)
                except TimeoutError:
                    break
                if announced.heir_masked_name:
                    return replace(match, masked_name=announced.heir_masked_name)
            return match  # not in the registry: the heir confirms the NIK; the officer checks the certificate
        finally:
            link.unsubscribe_session_updates(updates)

    def _identified(self, match: IdentityMatch) -> None:
        state = self.visit.state
        state.heir_identity = match
        state.heir_confirmed = False
        if state.step is Step.HEIR:
            self.visit.view.heir.show_match()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, IdentityRefused):
            self.visit.view.heir.show_refusal(error.reason)
        else:
            log_unexpected(error)
            self.visit.view.heir.set_busy(False)

    def confirmed(self, yes: bool) -> None:
        """The heir says whether the name (or NIK) shown is theirs."""
        state = self.visit.state
        if yes:
            state.heir_confirmed = True
            self.visit.go(Step.SERVICE)
        else:
            state.heir_identity = None
            state.heir_confirmed = False
            self.visit.view.heir.back_to_entry()
