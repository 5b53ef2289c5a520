"""The link-health state machine, without Qt and without a network: signal bars and "interrupted"."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from kiosk.app.link_health import LinkHealth, LinkReport, NetworkQuality, network_quality, watch_link
from kiosk.config import VideoSettings

SETTINGS = VideoSettings()


@pytest.mark.parametrize(
    ("loss", "rtt", "fps", "expected"),
    [
        (None, None, 30.0, NetworkQuality.UNKNOWN),
        (0.0, 20.0, 30.0, NetworkQuality.GOOD),
        (0.03, 20.0, 30.0, NetworkQuality.FAIR),
        (0.0, 300.0, 30.0, NetworkQuality.FAIR),
        (0.1, 20.0, 30.0, NetworkQuality.POOR),
        (0.0, 700.0, 30.0, NetworkQuality.POOR),
        (0.0, 20.0, 1.0, NetworkQuality.POOR),
        (0.0, 20.0, None, NetworkQuality.GOOD),  # frame rate not judged (the booth: a paused officer camera)
    ],
)
def test_bars_follow_the_thresholds(
    loss: float | None, rtt: float | None, fps: float | None, expected: NetworkQuality
) -> None:
    assert network_quality(SETTINGS, loss, rtt, fps) is expected


def test_thresholds_are_settings() -> None:
    strict = VideoSettings(link_fair_rtt_ms=50, link_poor_rtt_ms=100)
    assert network_quality(strict, 0.0, 80.0, 30.0) is NetworkQuality.FAIR
    assert network_quality(strict, 0.0, 120.0, 30.0) is NetworkQuality.POOR


def test_silence_becomes_interrupted_with_a_counter_and_clears_with_the_next_arrival() -> None:
    reports: list[LinkReport] = []
    health = LinkHealth(SETTINGS, reports.append, clock=lambda: 0.0)
    health.arrivals(0, now=0.0)
    assert not health.report.interrupted  # nothing ever arrived: connecting, not interrupted
    health.arrivals(50, now=1.0)
    health.statistics(0.0, 20.0, 30.0, 500.0, now=1.0)
    assert health.report == LinkReport(NetworkQuality.GOOD, None)
    health.arrivals(50, now=2.4)
    assert not health.report.interrupted  # 1.4 s of silence: below link_interrupted_after_s
    health.arrivals(50, now=2.6)
    assert health.report == LinkReport(NetworkQuality.POOR, 1)
    health.arrivals(50, now=4.1)
    health.arrivals(50, now=5.2)
    assert health.report.interrupted_s == 4
    health.arrivals(51, now=5.3)
    assert health.report == LinkReport(NetworkQuality.GOOD, None)
    assert [r.interrupted_s for r in reports] == [None, 1, 3, 4, None]


def test_a_new_call_starts_unknown_and_not_interrupted() -> None:
    health = LinkHealth(SETTINGS, clock=lambda: 0.0)
    health.arrivals(10, now=0.0)
    health.arrivals(10, now=5.0)
    assert health.report.interrupted
    health.reset()
    assert health.report == LinkReport()
    health.arrivals(0, now=6.0)
    health.arrivals(0, now=10.0)
    assert not health.report.interrupted


@pytest.mark.asyncio
async def test_watch_link_polls_the_peer_counters() -> None:
    peer = SimpleNamespace(
        remote_video=SimpleNamespace(frames_received=0), remote_audio=SimpleNamespace(frames_received=0)
    )
    health = LinkHealth(VideoSettings(link_interrupted_after_s=0.2))
    interrupted = asyncio.Event()
    health.on_change = lambda report: interrupted.set() if report.interrupted else None
    task = asyncio.get_running_loop().create_task(watch_link(peer, health, interval_s=0.02))
    try:
        peer.remote_audio.frames_received = 5
        await asyncio.wait_for(interrupted.wait(), 5)
        assert health.report.quality is NetworkQuality.POOR
    finally:
        task.cancel()
