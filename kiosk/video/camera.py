"""Camera sources: a real device, a looping video file, or a synthetic scene, all behind `CameraSource`.

The synthetic scene itself (wall, figure, ID card) is drawn by `kiosk.video.scenes`; `SyntheticCamera` only
paces it and burns in the time code.

Every source keeps only its newest frame: `latest_frame()` returns it (full resolution, BGR, never a queue), so a
slow consumer sees fresh pictures and memory stays flat. Device and file cameras read in their own thread; the
synthetic camera renders on demand in the caller's thread, at most at its frame rate, so an idle booth in a
benchmark costs nothing.

State changes (`CameraState`) are reported to listeners from the camera's thread; asyncio code hands them over
with ``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.imaging.quality import CARD_ASPECT as _CARD_ASPECT
from kiosk.video.scenes import BoothScene
from kiosk.video.timecode import burn_timecode

log = logging.getLogger(__name__)


class CameraState(enum.Enum):
    """What a camera is doing."""

    STOPPED = "stopped"
    STARTING = "starting"
    RUNNING = "running"
    UNAVAILABLE = "unavailable"  # not there, or unplugged: reopening is attempted until stop()


@dataclass(frozen=True)
class CameraInfo:
    """What was asked of a camera and what it really delivers (actual is 0 until known)."""

    name: str
    requested_width: int
    requested_height: int
    requested_fps: float
    width: int = 0
    height: int = 0
    fps: float = 0.0


@dataclass(frozen=True)
class CapturedFrame:
    """One picture with its capture time (`time.monotonic()`) and a sequence number that grows per frame."""

    image: np.ndarray
    captured_at: float
    index: int


StateListener = Callable[[CameraState], None]


class CameraSource:
    """Base of all cameras: start/stop, newest frame, state, requested vs actual format."""

    def __init__(self, name: str, width: int, height: int, fps: float) -> None:
        self._lock = threading.Lock()
        self._latest: CapturedFrame | None = None
        self._state = CameraState.STOPPED
        self._listeners: list[StateListener] = []
        self._info = CameraInfo(name, width, height, fps)

    # -- public API -------------------------------------------------------------------------------------------

    @property
    def state(self) -> CameraState:
        """The current state."""
        return self._state

    @property
    def info(self) -> CameraInfo:
        """Requested and actual resolution and frame rate."""
        return self._info

    def add_listener(self, listener: StateListener) -> None:
        """Call `listener(state)` on every state change (from the camera's thread)."""
        self._listeners.append(listener)

    def start(self) -> None:
        """Begin capturing (idempotent)."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop capturing and release the device; returns once the capture thread has ended (idempotent)."""
        raise NotImplementedError

    def latest(self) -> CapturedFrame | None:
        """The newest frame with its capture time, or None before the first one."""
        with self._lock:
            return self._latest

    def latest_frame(self) -> np.ndarray | None:
        """The newest full-resolution BGR frame, or None before the first one. Do not modify it."""
        captured = self.latest()
        return None if captured is None else captured.image

    def __enter__(self) -> CameraSource:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- for implementations ----------------------------------------------------------------------------------

    def _publish(self, image: np.ndarray) -> None:
        with self._lock:
            index = 0 if self._latest is None else self._latest.index + 1
            self._latest = CapturedFrame(image, time.monotonic(), index)

    def _set_state(self, state: CameraState) -> None:
        if state is self._state:
            return
        log.info("camera %s: %s -> %s", self._info.name, self._state.value, state.value)
        self._state = state
        for listener in list(self._listeners):
            try:
                listener(state)
            except Exception:  # a listener's bug must not kill the capture thread
                log.exception("camera state listener failed")

    def _set_actual(self, width: int, height: int, fps: float) -> None:
        info = self._info
        self._info = CameraInfo(
            info.name, info.requested_width, info.requested_height, info.requested_fps, width, height, fps
        )


class _ThreadedCamera(CameraSource):
    """A camera read by a background thread through `cv2.VideoCapture`, reopened after failures."""

    #: Consecutive failed reads after which the device counts as unplugged.
    failed_reads_limit = 10

    def __init__(self, name: str, width: int, height: int, fps: float, reopen_interval_s: float = 1.0) -> None:
        super().__init__(name, width, height, fps)
        self.reopen_interval_s = reopen_interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._set_state(CameraState.STARTING)
        self._thread = threading.Thread(target=self._run, name=f"camera-{self._info.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        thread.join(timeout=5)
        self._set_state(CameraState.STOPPED)

    def _open(self) -> cv2.VideoCapture | None:
        raise NotImplementedError

    def _pace(self) -> None:
        """Wait before the next read (devices block in read(); files must be paced)."""

    def _rewind(self, capture: cv2.VideoCapture) -> bool:
        """At the end of the input: True when reading can go on (files loop)."""
        return False

    def _run(self) -> None:
        while not self._stop.is_set():
            capture = self._open()
            if capture is None:
                self._set_state(CameraState.UNAVAILABLE)
                self._stop.wait(self.reopen_interval_s)
                continue
            try:
                self._read_until_failure(capture)
            finally:
                capture.release()
            if not self._stop.is_set():
                log.warning("camera %s stopped delivering frames; reopening", self._info.name)
                self._set_state(CameraState.UNAVAILABLE)
                self._stop.wait(self.reopen_interval_s)

    def _read_until_failure(self, capture: cv2.VideoCapture) -> None:
        failures = 0
        while not self._stop.is_set():
            self._pace()
            ok, image = capture.read()
            if ok and image is not None:
                failures = 0
                if self._info.width == 0:
                    height, width = image.shape[:2]
                    fps = capture.get(cv2.CAP_PROP_FPS) or self._info.requested_fps
                    self._set_actual(width, height, float(fps))
                    log.info(
                        "camera %s: asked %dx%d@%g, got %dx%d@%g",
                        self._info.name,
                        self._info.requested_width,
                        self._info.requested_height,
                        self._info.requested_fps,
                        width,
                        height,
                        fps,
                    )
                self._publish(image)
                self._set_state(CameraState.RUNNING)
                continue
            if self._rewind(capture):
                continue
            failures += 1
            if failures >= self.failed_reads_limit:
                return
            self._stop.wait(0.02)


class DeviceCamera(_ThreadedCamera):
    """A webcam by index (``0``) or device path (``/dev/video2``), read in its own thread.

    Asks for a resolution and frame rate, records what the device really gives (`info`), notices when the
    device stops delivering (unplugged), reports `CameraState.UNAVAILABLE`, and reopens it when it is back.
    """

    def __init__(
        self,
        device: int | str,
        width: int = 1280,
        height: int = 720,
        fps: float = 30,
        reopen_interval_s: float = 1.0,
    ) -> None:
        super().__init__(str(device), width, height, fps, reopen_interval_s)
        self.device = device

    def _open(self) -> cv2.VideoCapture | None:
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            return None
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._info.requested_width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._info.requested_height)
        capture.set(cv2.CAP_PROP_FPS, self._info.requested_fps)
        # The actual format is only known from the first frame: forget the previous one on every (re)open.
        self._set_actual(0, 0, 0.0)
        return capture


class FileCamera(_ThreadedCamera):
    """A video file played in a loop at its own frame rate, as if it were a camera."""

    def __init__(self, path: str | Path, reopen_interval_s: float = 1.0) -> None:
        self.path = Path(path)
        probe = cv2.VideoCapture(str(self.path))
        width = int(probe.get(cv2.CAP_PROP_FRAME_WIDTH)) or 640
        height = int(probe.get(cv2.CAP_PROP_FRAME_HEIGHT)) or 480
        fps = probe.get(cv2.CAP_PROP_FPS) or 25.0
        probe.release()
        super().__init__(self.path.name, width, height, fps, reopen_interval_s)
        self._next_at = 0.0

    def _open(self) -> cv2.VideoCapture | None:
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            capture.release()
            return None
        self._next_at = time.monotonic()
        return capture

    def _pace(self) -> None:
        delay = self._next_at - time.monotonic()
        if delay > 0:
            self._stop.wait(delay)
        self._next_at = max(self._next_at + 1.0 / self._info.requested_fps, time.monotonic() - 0.5)

    def _rewind(self, capture: cv2.VideoCapture) -> bool:
        return bool(capture.set(cv2.CAP_PROP_POS_FRAMES, 0)) and capture.read()[0]


#: ID-1 card format (85.6 x 53.98 mm): defined with the still checker that looks for it (kiosk.imaging.quality).
CARD_ASPECT = _CARD_ASPECT


class SyntheticCamera(CameraSource):
    """A rendered scene (`kiosk.video.scenes.BoothScene`): a wall, a face-like figure that moves, and on request
    an ID card held up.

    Frames are rendered on demand when read, at most `fps` times a second. The capture time is burnt in as a
    block code (see `kiosk.video.timecode`) unless `timecode=False`. Set `card_visible` at any time.
    """

    def __init__(
        self,
        width: int = 1280,
        height: int = 720,
        fps: float = 30,
        *,
        card_visible: bool = False,
        timecode: bool = True,
        seed: int = 7,
    ) -> None:
        super().__init__("synthetic", width, height, fps)
        self.card_visible = card_visible
        self.timecode = timecode
        self._render_lock = threading.Lock()
        self._t0 = time.monotonic()
        self._scene = BoothScene(width, height, seed=seed, card_aspect=CARD_ASPECT)
        self._running = False

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        info = self._info
        self._set_actual(info.requested_width, info.requested_height, info.requested_fps)
        self._set_state(CameraState.RUNNING)

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._set_state(CameraState.STOPPED)

    def latest(self) -> CapturedFrame | None:
        if not self._running:
            return super().latest()
        with self._render_lock:
            current = super().latest()
            now = time.monotonic()
            if current is None or now - current.captured_at >= 1.0 / self._info.requested_fps:
                self._publish(self.render(now - self._t0))
                current = super().latest()
        return current

    def dress(self, person: np.ndarray | None, card: np.ndarray | None, second: np.ndarray | None = None) -> None:
        """Change who is in the booth and which card they hold up (see `BoothScene.dress`)."""
        with self._render_lock:
            self._scene.dress(person, card, second)

    def render(self, t: float) -> np.ndarray:
        """The scene at `t` seconds (with the current wall-clock code burnt in when enabled)."""
        image = self._scene.render(t, card_visible=self.card_visible)
        width = image.shape[1]
        if self.timecode:
            burn_timecode(image)
        else:
            # Keep the frame's top band the same either way, so tests compare like with like.
            image[: max(1, width // 40)] = image[max(1, width // 40)]
        return image


def open_camera(spec: str, width: int = 1280, height: int = 720, fps: float = 30, **synthetic: bool) -> CameraSource:
    """The camera `settings.booth.camera` names: ``"synthetic"``, a device index, a device path or a video file.

    Not started; call `start()`. `synthetic` keyword arguments go to `SyntheticCamera` (e.g. ``card_visible``).
    """
    text = spec.strip()
    if text.lower() == "synthetic":
        return SyntheticCamera(width, height, fps, **synthetic)
    if text.isdigit():
        return DeviceCamera(int(text), width, height, fps)
    path = Path(text)
    if text.startswith("/dev/") or not path.is_file():
        return DeviceCamera(text, width, height, fps)
    return FileCamera(path)
