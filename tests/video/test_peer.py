"""Booth and console sessions in one process over 127.0.0.1: media, quality switching, reconnection, close."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from kiosk.domain.media import QualityLevel
from kiosk.protocol import SignalType
from kiosk.video.audio import ToneInput, dominant_frequency
from kiosk.video.peer import PeerState
from tests.support.wait import wait_until

from .conftest import CONNECT_TIMEOUT_S, Pair

pytestmark = pytest.mark.asyncio





def _other_tasks() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]


async def test_video_arrives_over_loopback(make_pair) -> None:
    pair: Pair = make_pair()
    await pair.booth.connect()
    await pair.connected()
    await wait_until(lambda: pair.console.remote_video.frames_received >= 5)
    frame = pair.console.latest_frame()
    assert frame is not None
    assert frame.shape == (180, 320, 3)  # thumbnail, 16:9 camera kept at its aspect ratio
    # Only host candidates on 127.0.0.1 were offered.
    offer = next(e for e in pair.signaling.relayed if e.type is SignalType.OFFER)
    candidates = [line for line in offer.payload.sdp.splitlines() if line.startswith("a=candidate")]
    assert candidates
    assert all(" 127.0.0.1 " in line for line in candidates)
    # The burnt-in capture time was read back: glass-to-glass latency is measured.
    await wait_until(lambda: len(pair.console.remote_video.latencies_ms) > 0)


async def test_tone_sent_is_tone_received(make_pair) -> None:
    pair: Pair = make_pair(microphone=ToneInput(440.0))
    await pair.booth.connect()
    await pair.connected()
    pair.console.remote_audio.muted = False
    await wait_until(lambda: pair.console.remote_audio.recent_samples().size >= 48_000)
    samples = pair.console.remote_audio.recent_samples()[-48_000:]
    assert dominant_frequency(samples) == pytest.approx(440.0, abs=5.0)
    assert pair.console.remote_audio.level() > 0.05


async def test_quality_switch_changes_received_resolution(make_pair) -> None:
    pair: Pair = make_pair()
    await pair.booth.connect()
    await pair.connected()
    await wait_until(lambda: pair.console.remote_video.latest() is not None)
    await pair.console.set_quality(QualityLevel.FOCUS)
    switched_at = time.monotonic()

    def focused() -> bool:
        latest = pair.console.remote_video.latest()
        return latest is not None and (latest.frame.width, latest.frame.height) == (1280, 720)

    await wait_until(focused, within_s=10)
    # Within a second of the acknowledgement on a quiet machine; allow a loaded CI box a margin.
    assert time.monotonic() - switched_at < 5.0
    await pair.console.set_quality(QualityLevel.STANDARD)
    await wait_until(lambda: pair.console.remote_video.latest().frame.width == 640, within_s=10)
    assert pair.booth.video is not None and pair.booth.video.quality is QualityLevel.STANDARD


async def test_killed_connection_is_reestablished(make_pair) -> None:
    pair: Pair = make_pair()
    states: list[PeerState] = []
    pair.booth.on_state = states.append
    await pair.booth.connect()
    await pair.connected()
    await wait_until(lambda: pair.console.remote_video.frames_received > 0)
    await pair.booth.kill_connection()
    await pair.booth.wait_for_state(PeerState.RECONNECTING, CONNECT_TIMEOUT_S)
    await pair.connected()
    before = pair.console.remote_video.frames_received
    await wait_until(lambda: pair.console.remote_video.frames_received > before + 5)
    assert pair.booth.reconnections >= 1
    assert states[:3] == [PeerState.CONNECTING, PeerState.CONNECTED, PeerState.RECONNECTING]
    assert states[-1] is PeerState.CONNECTED
    # The control channel follows the new connection.
    await pair.console.set_quality(QualityLevel.STANDARD)


async def test_close_leaves_no_task_or_thread(make_pair) -> None:
    threads_before = {t.name for t in threading.enumerate()}
    pair: Pair = make_pair()
    await pair.booth.connect()
    await pair.connected()
    await wait_until(lambda: pair.console.remote_video.frames_received > 0)
    await pair.booth.close()
    await pair.console.close()
    await pair.signaling.close()
    assert pair.booth.state is PeerState.CLOSED and pair.console.state is PeerState.CLOSED
    await wait_until(lambda: _other_tasks() == [], within_s=5, what="every task of the session ended")
    # Worker threads of the default executor are pooled and reused; anything else must be gone.
    extra = {t.name for t in threading.enumerate()} - threads_before
    assert {name for name in extra if not name.startswith("asyncio_")} == set()


async def test_failing_callbacks_do_not_break_the_session(make_pair) -> None:
    # A UI callback that raises (a widget already deleted) is logged; media, state and close carry on.
    def broken(*args: object) -> None:
        raise RuntimeError("widget already deleted")

    pair: Pair = make_pair()
    pair.console.on_state = broken
    pair.console.remote_video.on_frame = broken
    pair.console.on_stats = broken
    await pair.booth.connect()
    await pair.connected()
    await wait_until(lambda: pair.console.remote_video.frames_received >= 5)
    await pair.booth.close()  # the console's connection closes from the far end, through the callback
    await pair.console.close()
    await pair.signaling.close()
    await wait_until(lambda: _other_tasks() == [], within_s=5, what="every task of the session ended")
