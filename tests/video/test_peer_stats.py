"""A peer session's statistics loop: samples on its interval, hands each on, survives a failing callback."""

from __future__ import annotations

import logging

import pytest

from kiosk.video.peer_stats import StatsLoop
from kiosk.video.stats import PeerStats
from kiosk.video.tracks import VideoReceiver
from tests.support.wait import wait_until

pytestmark = pytest.mark.asyncio


async def test_samples_are_delivered_and_the_last_kept() -> None:
    received: list[PeerStats] = []
    loop = StatsLoop(None, VideoReceiver(), lambda: None, received.append, 0.01, "booth/s1")
    assert loop.last is None
    loop.start()
    task = loop.task
    loop.start()  # a second start is ignored
    assert loop.task is task
    try:
        await wait_until(lambda: len(received) >= 2)
        assert loop.last is received[-1]
        assert received[-1].fps_sent == 0  # no connection, no camera: zeros, not an error
    finally:
        assert task is not None
        task.cancel()


async def test_a_failing_callback_is_logged_and_sampling_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    def broken(stats: PeerStats) -> None:
        calls.append(1)
        raise RuntimeError("view gone")

    loop = StatsLoop(None, VideoReceiver(), lambda: None, broken, 0.01, "console/s1")
    with caplog.at_level(logging.ERROR, logger="kiosk.video.peer"):
        loop.start()
        try:
            await wait_until(lambda: len(calls) >= 2)
        finally:
            assert loop.task is not None
            loop.task.cancel()
    assert "peer console/s1: statistics failed" in caplog.text


async def test_no_interval_no_sampling() -> None:
    loop = StatsLoop(None, VideoReceiver(), lambda: None, lambda stats: None, 0.0, "booth/s1")
    loop.start()
    assert loop.task is None
