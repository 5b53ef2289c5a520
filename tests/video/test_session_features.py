"""Peer-session features end to end over loopback: capture requests, statistics, recording."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from pydantic import BaseModel

from kiosk.config import VideoSettings
from kiosk.protocol import (
    CaptureDonePayload,
    CaptureRequestPayload,
    ControlMessage,
    ControlType,
)
from kiosk.video.audio import ToneInput
from kiosk.video.stats import PeerStats
from kiosk.video.stills import CapturedStill, assess_still, capture_still
from tests.support.wait import wait_until

from .conftest import Pair

pytestmark = pytest.mark.asyncio




async def test_capture_request_returns_a_still_that_passes(make_pair) -> None:
    uploaded: dict[str, CapturedStill] = {}
    pair: Pair = make_pair(card_visible=True)

    async def booth_handler(message: ControlMessage) -> BaseModel | None:
        if message.type is not ControlType.CAPTURE_REQUEST:
            return None
        request = message.payload_as(CaptureRequestPayload)
        still = await capture_still(pair.camera, pair.booth.settings, samples=3, interval_s=0.05)
        assert still is not None
        uploaded["d-1"] = still  # stands in for the upload to the hub
        return CaptureDonePayload(
            document=request.document,
            document_id="d-1",
            sha256=still.sha256,
            sharpness=still.quality.sharpness,
            glare_ratio=still.quality.glare_ratio,
        )

    pair.booth.control_handler = booth_handler
    await pair.booth.connect()
    await pair.connected()
    reply = await pair.console.request(
        ControlType.CAPTURE_REQUEST, CaptureRequestPayload(document="ektp", countdown_s=0)
    )
    done = reply.payload_as(CaptureDonePayload)
    still = uploaded[done.document_id]
    assert done.sha256 == still.sha256
    image = cv2.imdecode(np.frombuffer(still.jpeg, np.uint8), cv2.IMREAD_COLOR)
    # The uploaded picture is the card, straightened, and passes the checks on its own.
    quality = assess_still(image, locate_card=False)
    assert quality.passes(VideoSettings(), require_card=False), quality
    assert still.ok


async def test_stats_report_rates_and_latency(make_pair) -> None:
    pair: Pair = make_pair()
    received: list[PeerStats] = []
    pair.console.on_stats = received.append
    await pair.booth.connect()
    await pair.connected()
    await wait_until(lambda: any(s.latency_p50_ms is not None and s.fps_received > 0 for s in received))
    stats = next(s for s in received if s.latency_p50_ms is not None and s.fps_received > 0)
    assert (stats.received_width, stats.received_height) == (320, 180)
    assert stats.bitrate_received_kbps > 0
    assert 0 <= stats.latency_p50_ms < 5_000
    assert stats.packets_lost >= 0
    await wait_until(lambda: pair.booth.last_stats is not None and pair.booth.last_stats.fps_sent > 0)
    assert (pair.booth.last_stats.sent_width, pair.booth.last_stats.sent_height) == (320, 180)


async def test_recording_decodes_with_frames_and_audio(make_pair, tmp_path: Path) -> None:
    pair: Pair = make_pair(microphone=ToneInput(440.0))
    await pair.booth.connect()
    await pair.connected()
    path = tmp_path / "session.mkv"
    recorder = pair.console.start_recording(path)
    await wait_until(lambda: recorder.video_frames >= 10 and recorder.audio_frames >= 50)
    await pair.console.close()  # the session ends: the file is finalised
    assert path.stat().st_size > 0
    video_frames = audio_samples = 0
    with av.open(str(path)) as container:
        assert container.streams.video and container.streams.audio
        for frame in container.decode(video=0):
            assert (frame.width, frame.height) == (640, 360)
            video_frames += 1
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            audio_samples += frame.samples
    assert video_frames >= 10
    assert audio_samples >= 48_000 * 0.5
