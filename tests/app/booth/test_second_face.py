"""The booth tells the officer when a second face stays in view during the call, once per episode."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import numpy as np
import pytest

from kiosk.app.booth.second_face import CallListeners, SecondFaceWatcher
from kiosk.protocol import ControlMessage, ControlType, control
from kiosk.protocol.control import EndPayload, Outcome, SecondFacePayload
from tests.support.wait import wait_until

pytestmark = pytest.mark.asyncio


class Camera:
    def latest_frame(self) -> Any:
        return np.zeros((72, 128, 3), np.uint8)

    def latest(self) -> Any:
        return None


class Counter:
    """Face counts in a scripted order, then the last one for ever."""

    def __init__(self, counts: list[int]) -> None:
        self.counts = counts
        self.calls = 0

    async def count_faces(self, frame: Any) -> int:
        self.calls += 1
        return self.counts[min(self.calls, len(self.counts)) - 1]


async def test_a_second_face_that_stays_is_reported_once_with_the_time() -> None:
    sent: list[tuple[ControlType, Any]] = []

    async def request(kind: ControlType, payload: Any) -> None:
        sent.append((kind, payload))

    counter = Counter([1, 2, 1, 2, 2, 2, 2, 2, 2])
    watcher = SecondFaceWatcher(Camera(), counter, request, rate=50, clock=lambda: datetime(2026, 11, 30, 10, 32, 5))
    watcher.officer_connected()
    await wait_until(lambda: counter.calls >= 12, within_s=10, what="twelve checks")
    watcher.stop()
    assert sent == [(ControlType.SECOND_FACE, SecondFacePayload(faces=2, at="10:32:05"))]


async def test_one_face_is_never_reported_and_the_watch_ends_with_the_call() -> None:
    sent: list[Any] = []

    async def request(kind: ControlType, payload: Any) -> None:
        sent.append(payload)

    counter = Counter([1])
    watcher = SecondFaceWatcher(Camera(), counter, request, rate=50)
    watcher.officer_connected()
    await wait_until(lambda: counter.calls >= 10, within_s=10, what="ten checks")
    watcher.handle_control(control(ControlType.END, "m-1", EndPayload(outcome=Outcome.SUBMITTED, reference="R")))
    assert not watcher.watching
    calls = counter.calls
    await asyncio.sleep(0.1)
    assert counter.calls == calls and sent == []


async def test_a_control_channel_that_refuses_does_not_end_the_watch() -> None:
    async def request(kind: ControlType, payload: Any) -> None:
        raise TimeoutError

    counter = Counter([2])
    watcher = SecondFaceWatcher(Camera(), counter, request, rate=50)
    watcher.officer_connected()
    await wait_until(lambda: counter.calls >= 8, within_s=10, what="checks after the refusal")
    assert watcher.watching
    watcher.call_dropped()
    assert not watcher.watching


async def test_the_message_is_checked_on_the_wire() -> None:
    with pytest.raises(ValueError):
        SecondFacePayload(faces=1, at="10:32:05")
    with pytest.raises(ValueError):
        SecondFacePayload(faces=2, at="25:99:00")
    assert isinstance(
        control(ControlType.SECOND_FACE, "b-1", SecondFacePayload(faces=3, at="09:00:00")), ControlMessage
    )


async def test_the_watch_pauses_while_the_link_is_down_and_resumes_with_it() -> None:
    async def request(kind: ControlType, payload: Any) -> None:
        return None

    counter = Counter([1])
    watcher = SecondFaceWatcher(Camera(), counter, request, rate=50)
    listeners = CallListeners(watcher)
    listeners.officer_connected()
    assert watcher.watching
    listeners.call_dropped()
    assert not watcher.watching
    listeners.call_restored()
    assert watcher.watching
    watcher.stop()
