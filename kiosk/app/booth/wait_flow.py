"""The wait flow: the participant's place in the officer's queue and the hub's estimate in minutes.

The hub sends a waiting booth a ``queue`` message with its session id whenever its place or estimate changes
(`kiosk.domain.wait_estimate` on the hub); the call link hands it here and the waiting screen shows it. Nothing
of it outlives the visit.
"""

from __future__ import annotations

from kiosk.app.booth.state import Step
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.protocol import QueuePayload


class WaitFlow:
    """Keeps the newest place and estimate and shows them on the waiting screen."""

    def __init__(self, visit: VisitFlow) -> None:
        self.visit = visit
        self.ahead: int | None = None
        self.minutes: int | None = None
        visit.on_end(self._forget)
        visit.on_step(self._entered)

    def queue_changed(self, payload: QueuePayload) -> None:
        """The hub's newest word on this booth's place in the queue."""
        self.ahead, self.minutes = payload.ahead, payload.estimated_minutes
        self.visit.view.waiting.set_wait(self.ahead, self.minutes)

    def _entered(self, step: Step, resumed: bool) -> None:
        del resumed
        if step is Step.WAITING:
            self.visit.view.waiting.set_wait(self.ahead, self.minutes)

    def _forget(self) -> None:
        self.ahead = self.minutes = None
