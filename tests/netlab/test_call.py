"""A real call across the network lab: the hub (`kiosk server`), a booth and a console, each a process on a host
of its own. Video flows from the booth to the console, stops while the booth's link is cut, and comes back by
itself, live, when the link returns, on the same peer connection or a new one."""

from __future__ import annotations

import time

import pytest

from tests.netlab.conftest import Call
from tests.support.netlab import Host
from tests.support.netlab_actors import ActorStatus
from tests.support.wait import wait_until_sync

pytestmark = pytest.mark.slow


@pytest.fixture
def call(lab_call: Call) -> tuple[Host, ActorStatus]:
    """The booth's host and the console's status, in a call."""
    return lab_call.booth_host, lab_call.console


def _stalled(status: ActorStatus, quiet_s: float = 2.0) -> bool:
    """True when no new frame arrived for `quiet_s` seconds."""
    before = status.frames
    time.sleep(quiet_s)
    return status.frames == before


def test_video_stops_during_a_cut_and_comes_back_after_it(call: tuple[Host, ActorStatus]) -> None:
    booth_host, console = call
    booth_host.cut()
    wait_until_sync(lambda: _stalled(console), within_s=30, what="video stopped by the cut")
    time.sleep(3)  # the cut lasts a while (about 5 s in all), as a real outage would
    assert _stalled(console, 1.0)
    stalled_at, samples_at = console.frames, console.latency_samples
    booth_host.restore()
    wait_until_sync(lambda: console.frames > stalled_at + 30, within_s=60, what="video back after the cut")
    # Live again, not only frames held up during the cut: a frame shown within a second of its capture.
    wait_until_sync(
        lambda: console.latency_samples > samples_at and (console.latency_ms or 1e9) < 1000,
        within_s=60,
        what="live video",
    )
    assert console.state == "connected"
