"""The hub's word on the queue reaches the waiting screen, and is forgotten with the visit."""

from __future__ import annotations

import pytest

from kiosk.app.booth.state import Step
from kiosk.protocol import QueuePayload
from tests.app.booth.fakes import make_booth


@pytest.mark.asyncio
async def test_the_place_and_minutes_reach_the_waiting_screen() -> None:
    booth = make_booth()
    booth.flows.wait.queue_changed(QueuePayload(waiting=3, ahead=2, estimated_minutes=6))
    assert booth.view.waiting.waits[-1] == (2, 6)
    booth.flows.visit.go(Step.WAITING)
    assert booth.view.waiting.waits[-1] == (2, 6)  # shown again on entering the screen
    booth.flows.visit.end("finished")
    booth.flows.visit.go(Step.WAITING)
    assert booth.view.waiting.waits[-1] == (None, None)
