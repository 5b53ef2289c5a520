"""The camera's health under plain asyncio: a camera that stops delivering frames shows the calm screen, and
the step comes back when frames flow again."""

from __future__ import annotations

import pytest

from kiosk.app.booth import health_flow
from kiosk.app.booth.state import Problem, Step
from tests.app.booth.fakes import make_booth
from tests.support.wait import wait_until


class StoppableCamera:
    """Counts frames while `running`; stands still otherwise (a frozen or unplugged camera)."""

    def __init__(self) -> None:
        self.running = True
        self.index = 0

    def latest_frame(self) -> None:
        return None

    def latest(self) -> object:
        if self.running:
            self.index += 1
        return type("Captured", (), {"index": self.index})()


@pytest.mark.asyncio
async def test_camera_lost_screen_and_recovery(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health_flow, "CHECK_INTERVAL_S", 0.05)
    camera = StoppableCamera()
    booth = make_booth(camera=camera, camera_lost_after_s=0.3)
    booth.flows.visit.go(Step.WAITING)
    assert booth.flows.health.watching
    camera.running = False
    await wait_until(lambda: booth.state.problem is Problem.CAMERA_LOST, 5)
    assert booth.view.screen is Problem.CAMERA_LOST
    camera.running = True
    await wait_until(lambda: booth.state.problem is None and booth.state.step is Step.WAITING, 5)
    assert booth.view.screen is Step.WAITING
    booth.flows.visit.go(Step.SERVICE)
    assert not booth.flows.health.watching  # nothing needs the camera there


@pytest.mark.asyncio
async def test_holding_a_document_up_counts_as_being_there() -> None:
    from kiosk.app.booth.capture import Feedback

    booth = make_booth()
    booth.flows.documents.feedback(Feedback.HOLD_STILL)
    booth.flows.documents.feedback(Feedback.SEARCHING)  # nothing in view: nobody proven there
    assert booth.view.pokes == 1 and booth.view.documents.feedback == [Feedback.HOLD_STILL, Feedback.SEARCHING]
