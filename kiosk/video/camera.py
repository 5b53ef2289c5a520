"""Camera sources: a real device, a looping video file, or a synthetic scene, all behind `CameraSource`.

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
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

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


# ----------------------------------------------------------------------------------------------------------------
# Synthetic scene

#: ID-1 card format (85.6 x 53.98 mm), the e-KTP's.
CARD_ASPECT = 85.6 / 53.98


class SyntheticCamera(CameraSource):
    """A rendered scene: a wall, a face-like figure that moves, and on request an ID card held up.

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
        self._background = _wall(width, height, seed)
        self._card = _card_image(int(width * 0.36), seed)
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

    def render(self, t: float) -> np.ndarray:
        """The scene at `t` seconds (with the current wall-clock code burnt in when enabled)."""
        image = self._background.copy()
        width = image.shape[1]
        _draw_figure(image, t)
        if self.card_visible:
            _paste_card(image, self._card, t)
        if self.timecode:
            burn_timecode(image)
        else:
            # Keep the frame's top band the same either way, so tests compare like with like.
            image[: max(1, width // 40)] = image[max(1, width // 40)]
        return image


def _wall(width: int, height: int, seed: int) -> np.ndarray:
    """A dim textured wall: texture keeps the encoder honest, dimness keeps a card easy to find."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(50, 80, width, dtype=np.float32)[None, :]
    base = np.repeat(ramp, height, axis=0)
    noise = cv2.GaussianBlur(rng.normal(0, 6, (height, width)).astype(np.float32), (0, 0), 3)
    grey = np.clip(base + noise, 0, 255).astype(np.uint8)
    wall = cv2.merge([grey, (grey * 0.95).astype(np.uint8), (grey * 0.85).astype(np.uint8)])
    # A door frame and a poster give the scene edges that do not move.
    cv2.rectangle(wall, (int(width * 0.05), int(height * 0.15)), (int(width * 0.2), height), (40, 45, 60), 8)
    cv2.rectangle(
        wall, (int(width * 0.78), int(height * 0.12)), (int(width * 0.95), int(height * 0.4)), (70, 90, 110), -1
    )
    return np.asarray(wall, np.uint8)


def _draw_figure(image: np.ndarray, t: float) -> None:
    height, width = image.shape[:2]
    cx = int(width * 0.42 + width * 0.05 * math.sin(t * 0.9))
    cy = int(height * 0.45 + height * 0.02 * math.sin(t * 1.7))
    head_w, head_h = int(height * 0.14), int(height * 0.19)
    skin = (120, 160, 205)
    # Shoulders and body.
    cv2.ellipse(
        image, (cx, cy + int(head_h * 2.4)), (int(head_w * 2.6), int(head_h * 1.5)), 0, 180, 360, (90, 60, 40), -1
    )
    cv2.rectangle(
        image,
        (cx - int(head_w * 0.35), cy + int(head_h * 0.8)),
        (cx + int(head_w * 0.35), cy + int(head_h * 1.2)),
        skin,
        -1,
    )
    # Head, hair, eyes (blinking now and then), nose and mouth.
    cv2.ellipse(image, (cx, cy), (head_w, head_h), 0, 0, 360, skin, -1)
    cv2.ellipse(
        image, (cx, cy - int(head_h * 0.45)), (int(head_w * 1.05), int(head_h * 0.6)), 0, 180, 360, (30, 30, 35), -1
    )
    blink = (t % 4.0) < 0.15
    for side in (-1, 1):
        ex, ey = cx + side * int(head_w * 0.4), cy - int(head_h * 0.1)
        if blink:
            cv2.line(image, (ex - 12, ey), (ex + 12, ey), (40, 40, 40), 3)
        else:
            cv2.ellipse(image, (ex, ey), (int(head_w * 0.18), int(head_h * 0.09)), 0, 0, 360, (245, 245, 245), -1)
            cv2.circle(image, (ex + int(4 * math.sin(t)), ey), int(head_h * 0.06), (50, 30, 20), -1)
    cv2.line(image, (cx, cy), (cx - 6, cy + int(head_h * 0.25)), (90, 120, 170), 3)
    mouth = int(head_h * 0.08 * (1 + math.sin(t * 6)) / 2) + 2
    cv2.ellipse(image, (cx, cy + int(head_h * 0.5)), (int(head_w * 0.35), mouth), 0, 0, 360, (60, 60, 150), -1)


def _card_image(card_w: int, seed: int) -> np.ndarray:
    """An e-KTP-like card (sample text only): blue field, header, text lines, photo area."""
    card_h = int(card_w / CARD_ASPECT)
    card = np.zeros((card_h, card_w, 3), np.uint8)
    top, bottom = np.array([235, 215, 160], np.float32), np.array([250, 235, 200], np.float32)
    rows = np.linspace(0, 1, card_h, dtype=np.float32)[:, None]
    card[:] = (top * (1 - rows) + bottom * rows)[:, None, :].astype(np.uint8)
    scale = card_w / 460
    font = cv2.FONT_HERSHEY_SIMPLEX

    def text(s: str, x: float, y: float, size: float, thick: int = 1) -> None:
        cv2.putText(
            card, s, (int(x * scale), int(y * scale)), font, size * scale, (30, 30, 30), max(1, thick), cv2.LINE_AA
        )

    text("PROVINSI CONTOH", 130, 26, 0.6, 2)
    text("KOTA CONTOH", 160, 48, 0.55, 2)
    text("NIK   : 0000 0000 0000 0000", 18, 82, 0.55, 2)
    rng = np.random.default_rng(seed)
    labels = [
        "Nama",
        "Tempat/Tgl Lahir",
        "Jenis Kelamin",
        "Alamat",
        "RT/RW",
        "Kel/Desa",
        "Kecamatan",
        "Agama",
        "Status",
        "Pekerjaan",
    ]
    for i, label in enumerate(labels):
        y = 108 + i * 17
        text(label, 18, y, 0.38)
        text(": " + "X" * int(rng.integers(6, 16)), 120, y, 0.38)
    # Photo area with a small head, and a signature scribble.
    x0, y0, x1, y1 = int(340 * scale), int(70 * scale), int(440 * scale), int(200 * scale)
    cv2.rectangle(card, (x0, y0), (x1, y1), (200, 120, 60), -1)
    cv2.ellipse(
        card, ((x0 + x1) // 2, y0 + (y1 - y0) // 3), ((x1 - x0) // 4, (y1 - y0) // 5), 0, 0, 360, (120, 160, 205), -1
    )
    cv2.ellipse(card, ((x0 + x1) // 2, y1), ((x1 - x0) // 2 - 4, (y1 - y0) // 3), 0, 180, 360, (60, 40, 30), -1)
    pts = np.array([[x0 + 10 + i * 8, int(y1 + 20 * scale + 8 * math.sin(i))] for i in range(10)], np.int32)
    cv2.polylines(card, [pts], False, (60, 20, 20), 2)
    cv2.rectangle(card, (0, 0), (card_w - 1, card_h - 1), (120, 110, 100), 2)
    return card


def _paste_card(image: np.ndarray, card: np.ndarray, t: float) -> None:
    """Warp the card into the frame, tilted and drifting a little as if held by hand."""
    height, width = image.shape[:2]
    card_h, card_w = card.shape[:2]
    cx = width * 0.68 + width * 0.005 * math.sin(t * 1.3)
    cy = height * 0.6 + height * 0.005 * math.cos(t * 1.1)
    angle = math.radians(6 + 1.5 * math.sin(t * 0.7))
    cos, sin = math.cos(angle), math.sin(angle)
    half = np.array(
        [[-card_w / 2, -card_h / 2], [card_w / 2, -card_h / 2], [card_w / 2, card_h / 2], [-card_w / 2, card_h / 2]],
        np.float32,
    )
    rot = np.array([[cos, -sin], [sin, cos]], np.float32)
    dst = half @ rot.T + np.array([cx, cy], np.float32)
    # Warp into the card's bounding box only: warping the whole frame costs several milliseconds.
    x0, y0 = np.floor(dst.min(axis=0)).astype(int)
    x1, y1 = np.ceil(dst.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
    src = np.array([[0, 0], [card_w, 0], [card_w, card_h], [0, card_h]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst - np.array([x0, y0], np.float32))
    roi = image[y0:y1, x0:x1]
    cv2.warpPerspective(card, matrix, (x1 - x0, y1 - y0), dst=roi, borderMode=cv2.BORDER_TRANSPARENT)


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
