"""Recording a session's incoming video and audio to a Matroska file, encoded in a thread of its own.

aiortc's MediaRecorder encodes on the event loop, which would stall the console's UI and every other booth's
video; here the loop only puts decoded frames into a bounded queue (dropping when the encoder falls behind) and
a worker thread scales, encodes and muxes (PyAV releases the GIL while encoding). Video is H.264 at a fixed size
(quality switches change the received size mid-session), audio is Opus mono; timestamps follow arrival time, so
a reconnection gap stays a gap. `stop()` finalises the file.
"""

from __future__ import annotations

import contextlib
import fractions
import logging
import queue
import threading
import time
from pathlib import Path

import av
from av.video.reformatter import VideoReformatter

log = logging.getLogger(__name__)

MILLISECOND = fractions.Fraction(1, 1000)
AUDIO_RATE = 48_000


class SessionRecorder:
    """Writes frames handed to `add_video` / `add_audio` (from the loop) to `path` from a worker thread."""

    def __init__(
        self, path: str | Path, width: int = 640, height: int = 360, fps: int = 15, queue_size: int = 120
    ) -> None:
        self.path = Path(path)
        self.width, self.height, self.fps = width, height, fps
        self._queue: queue.Queue[tuple[str, av.VideoFrame | av.AudioFrame, float] | None] = queue.Queue(queue_size)
        self._thread: threading.Thread | None = None
        self._t0 = 0.0
        self.video_frames = 0
        self.audio_frames = 0
        self.dropped = 0
        self.error: str | None = None

    def start(self) -> None:
        """Open the file and start the worker thread."""
        if self._thread is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._t0 = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    def add_video(self, frame: av.VideoFrame) -> None:
        """Queue a decoded video frame (returns at once; dropped when the encoder is behind)."""
        self._put(("video", frame, time.monotonic()))

    def add_audio(self, frame: av.AudioFrame) -> None:
        """Queue a decoded audio frame (returns at once; dropped when the encoder is behind)."""
        self._put(("audio", frame, time.monotonic()))

    def _put(self, item: tuple[str, av.VideoFrame | av.AudioFrame, float]) -> None:
        if self._thread is None:
            return
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self.dropped += 1

    def stop(self) -> None:
        """Finish the file (blocking until the thread has written the trailer; call via `asyncio.to_thread`)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        while True:
            try:
                self._queue.put(None, timeout=0.5)
                break
            except queue.Full:
                if not thread.is_alive():
                    break
        thread.join(timeout=30)

    def _run(self) -> None:
        try:
            self._write()
        except Exception as exc:  # the console must keep working when a disk is full
            self.error = str(exc)
            log.exception("recording failed")
            while self._queue.get() is not None:
                pass

    def _write(self) -> None:
        with av.open(str(self.path), "w", format="matroska") as container:
            video = container.add_stream("libx264", rate=self.fps)
            video.width, video.height, video.pix_fmt = self.width, self.height, "yuv420p"
            video.time_base = MILLISECOND
            video.options = {"preset": "ultrafast", "tune": "zerolatency", "crf": "28"}
            audio = container.add_stream("libopus", rate=AUDIO_RATE, layout="mono")
            resampler = av.AudioResampler(format="s16", layout="mono", rate=AUDIO_RATE, frame_size=960)
            # Its own converter: the frames are shared with the display conversion in another thread.
            reformatter = VideoReformatter()
            last_video_pts = -1
            audio_samples = 0
            min_gap = 1000 // self.fps
            while (item := self._queue.get()) is not None:
                kind, frame, at = item
                offset_ms = int((at - self._t0) * 1000)
                if kind == "video":
                    assert isinstance(frame, av.VideoFrame)
                    # Keep the file at its nominal rate whatever the sender's rate: skip frames that come early.
                    if last_video_pts >= 0 and offset_ms - last_video_pts < min_gap:
                        continue
                    scaled = reformatter.reformat(frame, width=self.width, height=self.height, format="yuv420p")
                    scaled.pts, scaled.time_base = offset_ms, MILLISECOND
                    last_video_pts = offset_ms
                    container.mux(video.encode(scaled))
                    self.video_frames += 1
                else:
                    assert isinstance(frame, av.AudioFrame)
                    frame.pts = None
                    for chunk in resampler.resample(frame):
                        # After a gap (a reconnection) jump ahead to arrival time instead of shifting audio early.
                        arrived = offset_ms * AUDIO_RATE // 1000 - chunk.samples
                        if arrived - audio_samples > AUDIO_RATE // 5:
                            audio_samples = arrived
                        chunk.pts, chunk.time_base = audio_samples, fractions.Fraction(1, AUDIO_RATE)
                        audio_samples += chunk.samples
                        container.mux(audio.encode(chunk))
                        self.audio_frames += 1
            with contextlib.suppress(av.FFmpegError):
                container.mux(video.encode(None))
                container.mux(audio.encode(None))
