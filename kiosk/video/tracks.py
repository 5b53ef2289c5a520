"""Video tracks: a camera feed sent at a switchable quality level, and a receiver that drains a remote track.

Sending: one `VideoFeed` per peer session holds the camera, the current `QualityLevel` and the counters; each
peer connection gets a fresh `CameraVideoTrack` from it (aiortc stops a track with its connection), so the
quality survives reconnections and changes without renegotiation. Scaling and colour conversion run in a worker
thread (OpenCV releases the GIL), about 1-2 ms per 720p frame.

Receiving: a `VideoReceiver` is attached to each new remote track and drains it continuously, keeping only the
newest decoded frame, so nothing queues up however slowly the UI pulls. Frames are converted for display only
when pulled (`latest_frame`), once per frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import av
import cv2
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av.video.reformatter import VideoReformatter

from kiosk.domain.media import QualityLevel, QualitySpec
from kiosk.video.adapt import LADDER, Rung, scaled_size
from kiosk.video.camera import CameraSource
from kiosk.video.timecode import age_ms, read_timecode

log = logging.getLogger(__name__)

VIDEO_CLOCK_RATE = 90_000
VIDEO_TIME_BASE = fractions.Fraction(1, VIDEO_CLOCK_RATE)
#: Sent while paused (an unfocused officer camera): tiny and rare, but it keeps the stream alive.
PAUSED_SIZE = (160, 90)
PAUSED_FPS = 1.0


def fit_size(source_width: int, source_height: int, spec: QualitySpec) -> tuple[int, int]:
    """The largest even size within `spec`'s box with the source's aspect ratio, never larger than the source.

    The aspect ratio is kept (no cropping, no stretching): a 16:9 camera at ``thumbnail`` is sent as 320x180.
    """
    scale = min(spec.width / source_width, spec.height / source_height, 1.0)
    width = max(2, int(source_width * scale) // 2 * 2)
    height = max(2, int(source_height * scale) // 2 * 2)
    return width, height


def bgr_to_video_frame(image: np.ndarray, width: int, height: int) -> av.VideoFrame:
    """Scale a BGR image and convert it to a yuv420p frame (the encoders' format), without PyAV's swscale."""
    if (image.shape[1], image.shape[0]) != (width, height):
        image = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    yuv = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420), dtype=np.uint8)
    return av.VideoFrame.from_ndarray(yuv, format="yuv420p")


class VideoFeed:
    """A camera as seen by one peer session: quality level, pause, and what was sent (for stats)."""

    def __init__(self, camera: CameraSource | None, quality: QualityLevel = QualityLevel.THUMBNAIL) -> None:
        self.camera = camera
        self._quality = quality
        self._paused = False
        self.frames_sent = 0
        self.sent_size: tuple[int, int] = (0, 0)
        #: Follow the network (`kiosk.video.adapt`): the statistics loop moves `rung` when this is true.
        self.adaptive = True
        self.rung: Rung = LADDER[0]
        self._lock = threading.Lock()
        #: Set (on the loop) when the quality changes, so the track sends a frame at the new size at once.
        self._changed: asyncio.Event | None = None

    @property
    def quality(self) -> QualityLevel:
        """The level frames are sent at now."""
        return self._quality

    @property
    def paused(self) -> bool:
        """True while only a small dark frame a second is sent (the console's camera to an unfocused booth)."""
        return self._paused

    @paused.setter
    def paused(self, paused: bool) -> None:
        # Focus unpauses: the track must not sleep out its paused second (1 fps) before the first real frame.
        if paused != self._paused and self._changed is not None and not paused:
            self._changed.set()
        self._paused = paused

    def set_quality(self, level: QualityLevel) -> None:
        """Send at `level` from now on: a waiting track sends a frame at once (no renegotiation: the encoder
        restarts at the new size, with a keyframe). Call on the event loop."""
        if level is not self._quality:
            log.info("video quality %s -> %s", self._quality.value, level.value)
            if self._changed is not None:
                self._changed.set()
        self._quality = level

    def adapt(self, rung: Rung) -> None:
        """Send at `rung` of the network ladder from the next frame on (within the quality level's box)."""
        if rung != self.rung:
            log.info(
                "video adapts to the network: scale %.2f, up to %g fps, %s kbit/s",
                rung.scale,
                rung.max_fps,
                rung.max_kbps or "any",
            )
        self.rung = rung

    def bitrate_cap_kbps(self) -> int | None:
        """The encoder's bitrate cap for the current rung (None: REMB alone decides)."""
        return None if self.paused else self.rung.max_kbps

    def audio_bitrate_kbps(self) -> int | None:
        """The voice's bitrate for the current rung (None: aiortc's own)."""
        return self.rung.audio_kbps

    async def wait_or_change(self, timeout_s: float) -> bool:
        """Sleep up to `timeout_s` seconds, but return early (True) when the quality changes meanwhile.

        A focus request must not wait for the next thumbnail tick (up to 100 ms at 10 fps): the frame at the new
        size is made at once, and as its size differs the encoder starts again with a keyframe.
        """
        if self._changed is None:
            self._changed = asyncio.Event()
        changed = self._changed
        if timeout_s > 0 and not changed.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout_s)
        woken = changed.is_set()
        changed.clear()
        return woken

    def target(self) -> tuple[int, int, float]:
        """Width, height and frame rate to send at now."""
        if self.paused:
            return PAUSED_SIZE[0], PAUSED_SIZE[1], PAUSED_FPS
        spec = self._quality.spec
        info = self.camera.info if self.camera is not None else None
        source_w = (info.width or info.requested_width) if info else spec.width
        source_h = (info.height or info.requested_height) if info else spec.height
        fps = float(spec.fps)
        if info is not None and info.fps:
            fps = min(fps, info.fps)
        width, height = fit_size(source_w, source_h, spec)
        width, height = scaled_size(width, height, self.rung.scale)
        return width, height, min(fps, self.rung.max_fps)

    def make_frame(self) -> av.VideoFrame:
        """The next frame to send (blocking: call from a worker thread)."""
        width, height, _ = self.target()
        image = None if self.camera is None or self.paused else self.camera.latest_frame()
        if image is None:
            frame = bgr_to_video_frame(np.zeros((height, width, 3), np.uint8), width, height)
        else:
            frame = bgr_to_video_frame(image, width, height)
        with self._lock:
            self.frames_sent += 1
            self.sent_size = (width, height)
        return frame

    def track(self) -> CameraVideoTrack:
        """A new track for one peer connection."""
        return CameraVideoTrack(self)


class CameraVideoTrack(MediaStreamTrack):
    """Frames from a `VideoFeed`, paced at the feed's current frame rate, with real-time timestamps."""

    kind = "video"

    def __init__(self, feed: VideoFeed) -> None:
        super().__init__()
        self.feed = feed
        self._start: float | None = None
        self._next_at = 0.0

    async def recv(self) -> av.VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._start is None:
            self._start = self._next_at = now
        woken = await self.feed.wait_or_change(self._next_at - now)
        _, _, fps = self.feed.target()
        # Never build up a backlog after a stall: the next frame is due one period from now at the latest (and
        # a frame sent early for a new quality starts the new pace).
        self._next_at = loop.time() + 1.0 / fps if woken else max(self._next_at + 1.0 / fps, loop.time())
        frame = await asyncio.to_thread(self.feed.make_frame)
        frame.pts = int((loop.time() - self._start) * VIDEO_CLOCK_RATE)
        frame.time_base = VIDEO_TIME_BASE
        return frame


@dataclass(frozen=True)
class ReceivedFrame:
    """A decoded remote frame: `index` grows by one per frame; `received_at` is `time.monotonic()`."""

    frame: av.VideoFrame
    index: int
    received_at: float


FrameSink = Callable[[av.VideoFrame], None]


class VideoReceiver:
    """Drains remote video tracks (one after another, across reconnections) and keeps the newest frame.

    With `prepare` set (``"rgb24"``, the console's display format), each new frame is converted in a worker
    thread, one at a time: when frames come faster than they convert, the newest waits and older ones are
    skipped, so nothing queues and the loop never converts; `on_frame()` is then called (on the loop) when a
    converted frame is ready. Without `prepare`, `on_frame()` follows each decoded frame and `latest_frame`
    converts on demand, once per frame. With `read_timecodes`, the capture time burnt in by the synthetic camera
    is read from each frame for glass-to-glass latency.
    """

    def __init__(
        self,
        *,
        read_timecodes: bool = True,
        on_frame: Callable[[], None] | None = None,
        prepare: str | None = None,
    ) -> None:
        self.read_timecodes = read_timecodes
        self.on_frame = on_frame
        self.prepare = prepare
        self._latest: ReceivedFrame | None = None
        self._converted: tuple[int, str, np.ndarray] | None = None
        self._last_shown = -1
        self._task: asyncio.Task[None] | None = None
        self._preparer: asyncio.Task[None] | None = None
        self._fresh = asyncio.Event()
        self._sinks: list[FrameSink] = []
        self.frames_received = 0
        self.frames_shown = 0
        self.latencies_ms: deque[float] = deque(maxlen=300)
        self.latency_samples = 0  # grows with every latency read (the deque only keeps the newest)
        self._lock = threading.Lock()
        # A frame's own reformat() shares one converter per frame; the recorder converts the same frames in its
        # thread, and two threads in one converter crash. Each user therefore has its own.
        self._prepare_reformatter = VideoReformatter()
        self._pull_reformatter = VideoReformatter()

    def attach(self, track: MediaStreamTrack) -> None:
        """Start draining `track`, replacing the previous one."""
        self._cancel_drain()
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._drain(track), name="video-drain")
        if self.prepare is not None and self._preparer is None:
            self._preparer = loop.create_task(self._prepare_loop(self.prepare), name="video-prepare")

    def add_sink(self, sink: FrameSink) -> None:
        """Also hand every decoded frame to `sink` (it must return at once, e.g. a recorder's queue)."""
        self._sinks.append(sink)

    def remove_sink(self, sink: FrameSink) -> None:
        """Stop handing frames to `sink`."""
        with contextlib.suppress(ValueError):
            self._sinks.remove(sink)

    def latest(self) -> ReceivedFrame | None:
        """The newest decoded frame (PyAV, yuv420p) or None."""
        return self._latest

    def latest_frame(self, fmt: str = "rgb24") -> np.ndarray | None:
        """The newest frame as a numpy array (``rgb24``: H x W x 3, QImage.Format_RGB888-compatible; or
        ``bgr24``); None before the first frame. Safe from any thread.

        In `prepare` mode this is the newest *converted* frame (at most one frame older than `latest()`).
        """
        with self._lock:
            cached = self._converted
            current = self._latest
            if (
                cached is not None
                and cached[1] == fmt
                and (self.prepare == fmt or current is None or cached[0] == current.index)
            ):
                self._count_shown(cached[0])
                return cached[2]
            if current is None:
                return None
            array = to_array(self._pull_reformatter, current.frame, fmt)
            self._converted = (current.index, fmt, array)
            self._count_shown(current.index)
            return array

    def _count_shown(self, index: int) -> None:
        if index != self._last_shown:
            self._last_shown = index
            self.frames_shown += 1

    async def close(self) -> None:
        """Stop draining and wait for the drain and conversion tasks to end."""
        tasks = [t for t in (self._task, self._preparer) if t is not None]
        self._cancel_drain()
        self._preparer = None
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _cancel_drain(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _drain(self, track: MediaStreamTrack) -> None:
        index = self._latest.index + 1 if self._latest is not None else 0
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if not isinstance(frame, av.VideoFrame):
                continue
            self._latest = ReceivedFrame(frame, index, time.monotonic())
            self.frames_received += 1
            index += 1
            for sink in list(self._sinks):
                sink(frame)
            if self.prepare is not None:
                self._fresh.set()
                continue
            if self.read_timecodes:
                self._record_latency(read_latency_ms(frame))
            self._notify()

    async def _prepare_loop(self, fmt: str) -> None:
        while True:
            await self._fresh.wait()
            self._fresh.clear()
            current = self._latest
            if current is None:
                continue
            array, latency = await asyncio.to_thread(self._convert, current.frame, fmt)
            with self._lock:
                self._converted = (current.index, fmt, array)
            self._record_latency(latency)
            self._notify()

    def _notify(self) -> None:
        if self.on_frame is None:
            return
        try:
            self.on_frame()
        except Exception:  # a display bug must not stop the draining, or decoded frames would pile up
            log.exception("video: on_frame callback failed")

    def _convert(self, frame: av.VideoFrame, fmt: str) -> tuple[np.ndarray, float | None]:
        latency = read_latency_ms(frame) if self.read_timecodes else None
        return to_array(self._prepare_reformatter, frame, fmt), latency

    def _record_latency(self, latency: float | None) -> None:
        if latency is not None:
            self.latencies_ms.append(latency)
            self.latency_samples += 1


def to_array(reformatter: VideoReformatter, frame: av.VideoFrame, fmt: str) -> np.ndarray:
    """`frame` as a numpy array in `fmt`, converted by `reformatter` (never the frame's shared one)."""
    return reformatter.reformat(frame, format=fmt).to_ndarray()


def read_latency_ms(frame: av.VideoFrame) -> float | None:
    """Milliseconds since the capture time burnt into `frame` (yuv420p), or None when it carries no code."""
    plane = frame.planes[0]
    side = max(1, frame.width // 40)
    # Only the top band holds the code: view those rows of the luma plane without copying the frame.
    rows = np.frombuffer(memoryview(plane), np.uint8, count=plane.line_size * side)
    luma = rows.reshape(side, plane.line_size)[:, : frame.width]
    value = read_timecode(luma)
    if value is None:
        return None
    age = age_ms(value)
    return float(age) if age < 60_000 else None  # a wrong but valid-looking read cannot skew the figures
