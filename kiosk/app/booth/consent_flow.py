"""The consent flow: the data-protection and recording notice; without consent nothing is stored and the visit
ends politely."""

from __future__ import annotations

from kiosk.app.booth.state import Step
from kiosk.app.booth.tasks import Timer
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.domain.session import SessionState

#: After declining consent, the goodbye stays this long.
GOODBYE_TIMEOUT_S = 15.0


class ConsentFlow:
    """Agreeing moves the session to self-service; declining abandons it and says goodbye."""

    def __init__(self, visit: VisitFlow) -> None:
        self.visit = visit
        self._goodbye = Timer(self.finished)
        visit.on_end(self._goodbye.stop)

    def agreed(self) -> None:
        """The participant agreed: on to whom the claim is for."""
        visit = self.visit
        visit.state.consent_given = True
        session = visit.state.session_id
        if session is None:
            visit.go(Step.PURPOSE)
            return
        visit.hub_call(lambda: visit.hub.set_state(session, SessionState.SELF_SERVICE),
                       lambda _r: visit.go(Step.PURPOSE), name="consent")

    def declined(self) -> None:
        """The participant declined: nothing personal was asked yet; the session is closed as abandoned."""
        visit = self.visit
        session = visit.state.session_id
        if session is not None:
            visit.tasks.start(visit.best_effort_state(session, SessionState.ABANDONED), name="decline")
        visit.state.check_in = None
        visit.view.watch_inactivity(False)
        self._goodbye.start(GOODBYE_TIMEOUT_S)

    def finished(self) -> None:
        """The goodbye was read (or its time ran out)."""
        self.visit.end("declined")
