"""A focus request is answered with a frame at focus size at once (a keyframe: the encoder restarts at the new
size), not at the next thumbnail tick; the console sends the officer's camera at focus quality."""

from __future__ import annotations

import asyncio
import time

import pytest

from kiosk.domain.media import QualityLevel
from kiosk.protocol import Role
from kiosk.video.audio import NullInput
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import BoothPeer, ConsolePeer
from kiosk.video.signaling import DirectSignaling
from kiosk.video.tracks import VideoFeed
from tests.support.wait import wait_until

from .conftest import CONNECT_TIMEOUT_S, loopback_settings

pytestmark = pytest.mark.asyncio

#: A camera this slow sends a thumbnail every 2 s: waiting for the next tick would be plain to see.
SLOW_FPS = 0.5


async def test_track_sends_at_once_when_the_quality_changes() -> None:
    camera = SyntheticCamera(1280, 720, SLOW_FPS)
    camera.start()
    track = VideoFeed(camera).track()
    try:
        first = await track.recv()
        assert (first.width, first.height) == (320, 180)
        pending = asyncio.ensure_future(track.recv())
        await asyncio.sleep(0.05)
        assert not pending.done()  # the next thumbnail is 2 s away
        asked = time.monotonic()
        track.feed.set_quality(QualityLevel.FOCUS)
        frame = await asyncio.wait_for(pending, 5)
        assert (frame.width, frame.height) == (1280, 720)
        assert time.monotonic() - asked < 1.0
    finally:
        track.stop()
        camera.stop()


async def test_focus_request_is_decoded_at_focus_size_without_waiting_for_the_next_tick() -> None:
    settings = loopback_settings()
    signaling = DirectSignaling()
    camera = SyntheticCamera(1280, 720, SLOW_FPS)
    camera.start()
    booth = BoothPeer("s-now", settings, signaling.sender(Role.BOOTH), camera=camera, microphone=NullInput())
    console = ConsolePeer("s-now", settings, signaling.sender(Role.CONSOLE), microphone=NullInput())
    signaling.bind(Role.BOOTH, booth.handle_signal)
    signaling.bind(Role.CONSOLE, console.handle_signal)
    try:
        await booth.connect()
        await console.wait_for_state(booth.state.CONNECTED, CONNECT_TIMEOUT_S)
        await wait_until(lambda: console.remote_video.latest() is not None)
        first = console.remote_video.latest()
        assert first is not None and first.frame.width == 320
        # Just after a thumbnail arrived the next one is about 2 s away.
        await wait_until(lambda: (f := console.remote_video.latest()) is not None and f.index > first.index)
        asked = time.monotonic()
        await console.focus()
        # Decoding a new size needs a keyframe: the picture at 1280x720 proves one was sent.
        await wait_until(lambda: console.remote_video.latest().frame.width == 1280, within_s=10)
        assert time.monotonic() - asked < 1.0
    finally:
        await booth.close()
        await console.close()
        await signaling.close()
        camera.stop()


async def test_the_officer_camera_goes_to_the_focused_booth_at_focus_size() -> None:
    camera = SyntheticCamera(1280, 720, 30)
    camera.start()
    console = ConsolePeer("s-cam", loopback_settings(), _discard, camera=camera, microphone=NullInput())
    try:
        assert console.video is not None
        assert console.video.target()[:2] == (160, 90)  # paused while the booth is a tile
        console.video.paused = False  # what focus() and the console's routing do
        assert console.video.target() == (1280, 720, 30.0)
    finally:
        await console.close()
        camera.stop()


async def _discard(envelope: object) -> None:
    return None
