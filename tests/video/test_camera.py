"""Camera sources: synthetic scene, looping file, device capture with unplug detection and reopening."""

from __future__ import annotations

import time
from pathlib import Path

import av
import numpy as np
import pytest

from kiosk.video.camera import (
    CameraState,
    DeviceCamera,
    FileCamera,
    SyntheticCamera,
    open_camera,
)
from kiosk.video.timecode import read_timecode
from tests.support.wait import wait_until_sync


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A short generated video file (2 s, 160x120, 20 fps)."""
    path = tmp_path_factory.mktemp("clip") / "clip.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=20)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for i in range(40):
            image = np.full((120, 160, 3), (i * 6) % 255, np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def test_synthetic_frames_are_full_size_and_carry_a_timecode() -> None:
    camera = SyntheticCamera(640, 360, 30)
    assert camera.latest_frame() is None
    with camera:
        frame = camera.latest_frame()
        assert frame is not None
        assert frame.shape == (360, 640, 3)
        assert read_timecode(frame[:, :, 1]) is not None
        assert camera.state is CameraState.RUNNING
        assert (camera.info.width, camera.info.height) == (640, 360)
    assert camera.state is CameraState.STOPPED


def test_synthetic_scene_moves() -> None:
    camera = SyntheticCamera(320, 240, 30, timecode=False)
    assert not np.array_equal(camera.render(0.0), camera.render(1.0))


def test_synthetic_keeps_only_the_newest_frame_at_its_rate() -> None:
    camera = SyntheticCamera(320, 240, fps=5)
    with camera:
        first = camera.latest()
        again = camera.latest()
        assert first is not None and again is not None
        assert again.index == first.index  # within 1/fps the same frame comes back
        time.sleep(0.25)  # a bit more than one frame period (0.2 s): measures the rate, exactly one new frame
        later = camera.latest()
        assert later is not None and later.index == first.index + 1


def test_file_camera_loops(clip: Path) -> None:
    camera = FileCamera(clip)
    with camera:
        wait_until_sync(lambda: camera.latest() is not None, within_s=15)
        # 40 frames at 20 fps: after 3 s the file has been rewound at least once and frames keep coming.
        wait_until_sync(lambda: (camera.latest() or camera.latest()).index > 45, within_s=30)
        assert camera.state is CameraState.RUNNING
        assert camera.latest_frame().shape == (120, 160, 3)


def test_missing_device_is_reported_unavailable() -> None:
    states: list[CameraState] = []
    camera = DeviceCamera("/dev/video-missing-for-test", reopen_interval_s=0.05)
    camera.add_listener(states.append)
    with camera:
        wait_until_sync(lambda: camera.state is CameraState.UNAVAILABLE, within_s=15)
        assert camera.latest_frame() is None
    assert states[0] is CameraState.STARTING
    assert CameraState.UNAVAILABLE in states
    assert camera.state is CameraState.STOPPED


def test_device_that_stops_delivering_is_reopened(clip: Path) -> None:
    # A file opened as a "device" behaves like an unplug at its end: reads fail, the camera reports it and
    # reopens, and frames come again.
    states: list[CameraState] = []
    camera = DeviceCamera(str(clip), 320, 240, 20, reopen_interval_s=0.05)
    camera.failed_reads_limit = 2
    camera.add_listener(states.append)
    with camera:
        wait_until_sync(lambda: states.count(CameraState.RUNNING) >= 2, within_s=30)
        assert CameraState.UNAVAILABLE in states
        assert (camera.info.requested_width, camera.info.requested_height) == (320, 240)
        assert (camera.info.width, camera.info.height) == (160, 120)


def test_open_camera_picks_the_implementation(clip: Path) -> None:
    assert isinstance(open_camera("synthetic"), SyntheticCamera)
    assert isinstance(open_camera("0"), DeviceCamera)
    assert isinstance(open_camera("/dev/video3"), DeviceCamera)
    assert isinstance(open_camera(str(clip)), FileCamera)
