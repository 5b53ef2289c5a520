"""The cameras of this PC: which V4L2 devices there are, and what a running camera really delivers.

The setup wizard offers `list_cameras` and shows `measure_camera`'s result; the doctor checks the booth's camera
with the same measurement.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.video.camera import CameraSource


@dataclass(frozen=True)
class CameraChoice:
    """A camera the admin can pick: the `spec` goes into ``booth.camera``."""

    spec: str
    name: str


def list_cameras(sys_root: Path = Path("/sys/class/video4linux"), dev_root: Path = Path("/dev")) -> list[CameraChoice]:
    """The V4L2 capture devices of this PC, by name (a webcam's second node, for metadata, is left out)."""
    choices = []
    if not sys_root.is_dir():
        return []
    for entry in sorted(sys_root.iterdir(), key=lambda p: (len(p.name), p.name)):
        if not entry.name.startswith("video"):
            continue
        index_file = entry / "index"
        try:
            index = int(index_file.read_text().strip()) if index_file.exists() else 0
            name = (entry / "name").read_text().strip() if (entry / "name").exists() else entry.name
        except (OSError, ValueError):
            continue
        if index != 0:  # the extra nodes a UVC camera exposes carry index 1, 2...
            continue
        device = dev_root / entry.name
        choices.append(CameraChoice(str(device), f"{name} ({device})"))
    return choices


@contextlib.contextmanager
def quiet_opencv() -> Iterator[None]:
    """Silence OpenCV's own logging while probing a camera, then restore its level.

    Without a camera, OpenCV prints a ``[ WARN:0@...] global cap_v4l.cpp ... can't open camera by index`` line to
    the C-level stderr at every reopen attempt; the admin reading `kiosk doctor`'s table needs only the table's
    verdict and advice. The level is process-wide, so it is set only for the time of the probe.
    """
    import cv2

    logging = cv2.utils.logging
    before = logging.getLogLevel()
    logging.setLogLevel(logging.LOG_LEVEL_SILENT)
    try:
        yield
    finally:
        logging.setLogLevel(before)


@dataclass(frozen=True)
class CameraMeasurement:
    """What a camera really delivered: resolution, frame rate over the measuring time, frames counted."""

    opened: bool
    width: int = 0
    height: int = 0
    fps: float = 0.0
    frames: int = 0
    error: str = ""


def measure_camera(camera: CameraSource, seconds: float = 2.0, open_timeout_s: float = 6.0) -> CameraMeasurement:
    """Count the distinct frames `camera` (already started) delivers in `seconds`; blocks, so run it in a thread."""
    deadline = time.monotonic() + open_timeout_s
    first = camera.latest()
    while first is None and time.monotonic() < deadline:
        time.sleep(0.02)
        first = camera.latest()
    if first is None:
        return CameraMeasurement(False, error=camera.state.value)
    height, width = first.image.shape[:2]
    last_index, count = first.index, 0
    start = time.monotonic()
    end = start + seconds
    while (now := time.monotonic()) < end:
        captured = camera.latest()
        if captured is not None and captured.index != last_index:
            count += captured.index - last_index
            last_index = captured.index
        time.sleep(max(0.0, min(0.004, end - now)))
    elapsed = max(1e-3, time.monotonic() - start)
    return CameraMeasurement(True, width, height, count / elapsed, count)
