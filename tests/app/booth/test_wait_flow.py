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


@pytest.mark.asyncio
async def test_the_hubs_place_reaches_the_waiting_screen_over_signaling(fresh_hub: object) -> None:
    """End to end: the booth's call link on a real hub's signaling; its session starts waiting (no officer on):
    the waiting screen gets its place, then the place moves up when the participant ahead leaves."""
    from kiosk.app.booth.call_link import CallLink
    from kiosk.config import Settings
    from tests.support.hub import RunningHub
    from tests.support.wait import wait_until

    running: RunningHub = fresh_hub  # type: ignore[assignment]
    first, ours = running.client(running.booth_token(1)), running.client(running.booth_token(2))
    ahead_of_us = first.check_in(walk_in=True).id
    first.set_state(ahead_of_us, "self_service")
    first.set_state(ahead_of_us, "waiting_cso")
    booth = make_booth()
    link = CallLink(Settings(booth={"hub_url": running.base_url}), token=running.booth_token(2))
    link.subscribe_queue(booth.flows.wait.queue_changed)
    sid = ours.check_in(walk_in=True).id
    ours.set_state(sid, "self_service")
    link.begin_session(sid)
    await link.start()
    try:
        await wait_until(lambda: link.connected, 15)
        booth.flows.visit.go(Step.WAITING)
        ours.set_state(sid, "waiting_cso")
        await wait_until(lambda: booth.view.waiting.waits[-1] == (1, None), 15)
        first.set_state(ahead_of_us, "abandoned")
        await wait_until(lambda: booth.view.waiting.waits[-1] == (0, None), 15)
    finally:
        await link.close()
