"""The identity flow: the NIK and KPJ are stored on the session and the registry's masked name is confirmed.

The hub's REST answer to the numbers carries no name: the hub announces the registry's masked name over
signaling right after storing them, so the flow listens to the call link's session updates for a while.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from kiosk.app.booth.call_port import CallPort
from kiosk.app.booth.hub_port import IdentityMatch, IdentityRefusal, IdentityRefused
from kiosk.app.booth.state import Step
from kiosk.app.booth.visit_flow import VisitFlow, log_unexpected

#: How long the booth waits for the registry's masked name after storing the NIK.
REGISTRY_ANSWER_S = 3.0


class IdentityFlow:
    """Looks the participant up and lets them confirm the masked name."""

    def __init__(self, visit: VisitFlow, call: CallPort | None = None) -> None:
        self.visit = visit
        self.call = call

    def back(self) -> None:
        """Back to whom the claim is for."""
        self.visit.go(Step.PURPOSE)

    def lookup(self) -> None:
        """Store the typed numbers and ask who this is."""
        state = self.visit.state
        session = state.session_id or ""
        nik, kpj = state.nik, state.kpj
        self.visit.hub_call(lambda: self._identify_with_registry(session, nik, kpj), self._identified,
                            self._failed, "identify")

    async def _identify_with_registry(self, session: str, nik: str, kpj: str) -> IdentityMatch:
        """Store the numbers; the hub then announces the registry's masked name over signaling, if it knows one."""
        hub, link = self.visit.hub, self.call
        if link is None or not link.connected:
            return await hub.identify(session, nik, kpj)
        updates = link.subscribe_session_updates()
        try:
            match = await hub.identify(session, nik, kpj)
            if match.masked_name:
                return match
            # The hub announces the session after storing the numbers, with the registry's masked name when
            # the NIK is registered. An older announcement may come first: wait for one with a name.
            heard = False
            deadline = asyncio.get_running_loop().time() + REGISTRY_ANSWER_S
            while (left := deadline - asyncio.get_running_loop().time()) > 0:
                try:
                    announced = await asyncio.wait_for(updates.get(), left)
                except TimeoutError:
                    break
                heard = True
                if announced.masked_name:
                    return replace(match, masked_name=announced.masked_name)
            if heard:
                raise IdentityRefused(IdentityRefusal.NOT_FOUND)
            return match  # no word from the hub: the numbers are confirmed instead; the officer checks the person
        finally:
            link.unsubscribe_session_updates(updates)

    def _identified(self, match: IdentityMatch) -> None:
        state = self.visit.state
        state.identity = match
        state.identity_confirmed = False
        if state.step is Step.IDENTITY:
            self.visit.view.identity.show_match()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, IdentityRefused):
            self.visit.view.identity.show_refusal(error.reason)
        else:
            log_unexpected(error)
            self.visit.view.identity.set_busy(False)

    def confirmed(self, yes: bool) -> None:
        """The participant says whether the masked name is theirs (an heir: the participant they claim for)."""
        state = self.visit.state
        if yes:
            state.identity_confirmed = True
            # An heir confirmed the participant who died: now the heir's own identity.
            self.visit.go(Step.HEIR if state.is_heir else Step.SERVICE)
        else:
            state.identity = None
            state.identity_confirmed = False
            self.visit.view.identity.back_to_entry()
