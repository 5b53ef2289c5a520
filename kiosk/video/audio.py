"""Audio: microphone inputs (sound server, tone, silence), speaker outputs (sound server, null), and a receiver
that drains remote audio.

All inputs deliver 48 kHz mono s16 in 20 ms frames, the shape aiortc's Opus encoder wants. One input can feed
several peer sessions (the officer's microphone goes to each booth): every `track()` is a new track with its own
small buffer. A device input reads in its own thread and drops the oldest audio when a track falls behind.

The real sound server (PulseAudio/PipeWire through their ALSA plugin, or plain ALSA) is used through PyAV's
``alsa`` (or ``pulse``, when the FFmpeg build has it) device formats. `sound_available()` says whether a device
can be opened; on machines without sound the programs use ``null``.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import logging
import math
import queue
import threading
from collections import deque
from collections.abc import Callable

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

log = logging.getLogger(__name__)

SAMPLE_RATE = 48_000
FRAME_SAMPLES = 960  # 20 ms
AUDIO_TIME_BASE = fractions.Fraction(1, SAMPLE_RATE)


def _device_format() -> str | None:
    for name in ("pulse", "alsa"):
        if name in av.formats_available:
            return name
    return None


def _frame(samples: np.ndarray, pts: int) -> av.AudioFrame:
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    frame.pts = pts
    frame.time_base = AUDIO_TIME_BASE
    return frame


class AudioInput:
    """Where outgoing audio comes from. `track()` makes a new track per peer connection."""

    #: Muted inputs send silence (the officer's microphone to the booths that are not focused).
    muted = False

    def track(self, muted: Callable[[], bool] | None = None) -> MediaStreamTrack:
        """A new audio track reading this input; it sends silence while `muted()` is true."""
        return _InputTrack(self, muted)

    def _chunk(self, reader: _InputTrack) -> np.ndarray:
        """The next 20 ms for `reader` (int16, `FRAME_SAMPLES` long)."""
        return np.zeros(FRAME_SAMPLES, np.int16)

    def _release(self, reader: _InputTrack) -> None:
        """`reader` has stopped."""

    def start(self) -> None:
        """Open the device (no-op for generated inputs)."""

    def stop(self) -> None:
        """Close the device and end its thread."""


class NullInput(AudioInput):
    """Silence: machines without a microphone, and tests."""


class ToneInput(AudioInput):
    """A continuous sine tone (440 Hz by default): sound checks and tests."""

    def __init__(self, frequency: float = 440.0, amplitude: float = 0.3) -> None:
        self.frequency = frequency
        self.amplitude = amplitude

    def _chunk(self, reader: _InputTrack) -> np.ndarray:
        start = reader.samples_sent
        t = (np.arange(start, start + FRAME_SAMPLES) / SAMPLE_RATE).astype(np.float64)
        wave = np.sin(2 * math.pi * self.frequency * t) * self.amplitude * 32767
        return wave.astype(np.int16)


class DeviceInput(AudioInput):
    """A microphone on the sound server, read in a thread; `device` is ``"default"`` or a device name."""

    def __init__(self, device: str = "default", fmt: str | None = None) -> None:
        self.device = device
        self.format = fmt or _device_format() or "alsa"
        self._readers: list[_InputTrack] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="microphone", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=5)

    def track(self, muted: Callable[[], bool] | None = None) -> MediaStreamTrack:
        reader = _InputTrack(self, muted)
        with self._lock:
            self._readers.append(reader)
        return reader

    def _release(self, reader: _InputTrack) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._readers.remove(reader)

    def _chunk(self, reader: _InputTrack) -> np.ndarray:
        try:
            return reader.buffer.popleft()
        except IndexError:
            return np.zeros(FRAME_SAMPLES, np.int16)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                container = av.open(self.device, format=self.format, options={"sample_rate": str(SAMPLE_RATE)})
            except (av.FFmpegError, OSError) as exc:
                self.error = str(exc)
                log.warning("microphone %s cannot be opened: %s", self.device, exc)
                self._stop.wait(2.0)
                continue
            self.error = None
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE, frame_size=FRAME_SAMPLES)
            try:
                for frame in container.decode(audio=0):
                    if self._stop.is_set():
                        break
                    for chunk in resampler.resample(frame):
                        samples = chunk.to_ndarray().reshape(-1).astype(np.int16)
                        with self._lock:
                            for reader in self._readers:
                                reader.buffer.append(samples)
            except (av.FFmpegError, OSError) as exc:
                log.warning("microphone %s stopped: %s", self.device, exc)
            finally:
                container.close()


class _InputTrack(MediaStreamTrack):
    """20 ms frames from an `AudioInput`, paced in real time."""

    kind = "audio"

    def __init__(self, source: AudioInput, muted: Callable[[], bool] | None = None) -> None:
        super().__init__()
        self.source = source
        self.muted = muted
        # Five frames (100 ms) at most: a reader that falls behind loses the oldest audio, never gains delay.
        self.buffer: deque[np.ndarray] = deque(maxlen=5)
        self.samples_sent = 0
        self._start: float | None = None

    def _is_muted(self) -> bool:
        return self.source.muted or (self.muted is not None and self.muted())

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        if self._is_muted():
            # Send nothing while muted rather than encoded silence: a console with six booths would otherwise
            # encode and send five silent streams. Timestamps then jump by the real pause, as after a
            # discontinuous transmission.
            while True:  # polled: muting is a plain flag the UI flips, and 20 checks a second cost nothing
                await asyncio.sleep(0.05)
                if not self._is_muted():
                    break
            elapsed = int((loop.time() - self._start) * SAMPLE_RATE)
            self.samples_sent = max(self.samples_sent, elapsed // FRAME_SAMPLES * FRAME_SAMPLES)
            self.buffer.clear()
        wait = self._start + self.samples_sent / SAMPLE_RATE - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        samples = self.source._chunk(self)
        frame = _frame(samples, self.samples_sent)
        self.samples_sent += FRAME_SAMPLES
        return frame

    def stop(self) -> None:
        super().stop()
        self.source._release(self)


def with_gain(frame: av.AudioFrame, gain: float) -> av.AudioFrame:
    """`frame` (packed s16) louder or quieter by `gain`, clipped rather than wrapped; unchanged at 1.0."""
    if abs(gain - 1.0) < 1e-3:
        return frame
    data = frame.to_ndarray()
    scaled = np.clip(data.astype(np.float32) * gain, -32768, 32767).astype(np.int16)
    out = av.AudioFrame.from_ndarray(scaled, format=frame.format.name, layout=frame.layout.name)
    out.sample_rate = frame.sample_rate
    return out


class AudioOutput:
    """Where received audio goes; `play` must return at once. `volume` is a gain (the booth's call volume)."""

    volume: float = 1.0

    def play(self, frame: av.AudioFrame) -> None:
        """Queue `frame` for playback."""

    def start(self) -> None:
        """Open the device."""

    def stop(self) -> None:
        """Close the device and end its thread."""


class NullOutput(AudioOutput):
    """Discards audio: machines without a speaker, and tests."""


class DeviceOutput(AudioOutput):
    """A speaker on the sound server, written from its own thread through PyAV's device muxer."""

    def __init__(self, device: str = "default", fmt: str | None = None) -> None:
        self.device = device
        self.format = fmt or _device_format() or "alsa"
        # 10 frames (200 ms) at most: when the device stalls, drop audio rather than build up delay.
        self._queue: queue.Queue[av.AudioFrame | None] = queue.Queue(maxsize=10)
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            with contextlib.suppress(queue.Full):
                self._queue.put(None, timeout=1)
            thread.join(timeout=5)

    def play(self, frame: av.AudioFrame) -> None:
        try:
            self._queue.put_nowait(frame)
        except queue.Full:
            with contextlib.suppress(queue.Empty):
                self._queue.get_nowait()
            with contextlib.suppress(queue.Full):
                self._queue.put_nowait(frame)

    def _run(self) -> None:
        try:
            container = av.open(self.device, "w", format=self.format)
            stream = container.add_stream("pcm_s16le", rate=SAMPLE_RATE, layout="stereo")
        except (av.FFmpegError, OSError, ValueError) as exc:
            self.error = str(exc)
            log.warning("speaker %s cannot be opened: %s", self.device, exc)
            while self._queue.get() is not None:  # keep draining so play() never blocks
                pass
            return
        resampler = av.AudioResampler(format="s16", layout="stereo", rate=SAMPLE_RATE)
        try:
            while (frame := self._queue.get()) is not None:
                for chunk in resampler.resample(frame):
                    chunk = with_gain(chunk, self.volume)
                    chunk.pts = None
                    container.mux(stream.encode(chunk))
        except (av.FFmpegError, OSError) as exc:
            log.warning("speaker %s stopped: %s", self.device, exc)
            while self._queue.get() is not None:
                pass
        finally:
            container.close()


def sound_available(device: str = "default") -> bool:
    """True when a capture device of the sound server can be opened (a quick probe, a fraction of a second)."""
    fmt = _device_format()
    if fmt is None:
        return False
    try:
        container = av.open(device, format=fmt, timeout=2.0)
    except (av.FFmpegError, OSError):
        return False
    container.close()
    return True


def open_audio_input(name: str) -> AudioInput:
    """The input `settings.booth.microphone` names: ``"default"`` or a device, ``"tone"`` or ``"null"``."""
    if name == "null":
        return NullInput()
    if name == "tone":
        return ToneInput()
    return DeviceInput(name)


def open_audio_output(name: str) -> AudioOutput:
    """The output `settings.booth.speaker` names: ``"default"`` or a device, or ``"null"``."""
    return NullOutput() if name == "null" else DeviceOutput(name)


AudioSink = Callable[[av.AudioFrame], None]


class AudioReceiver:
    """Drains remote audio tracks (across reconnections), plays them unless muted, keeps the last seconds.

    The recent samples (mono, float in -1..1) feed a level meter and the tests' tone check.
    """

    def __init__(self, output: AudioOutput | None = None, keep_s: float = 2.0) -> None:
        self.output = output or NullOutput()
        self.muted = False
        self.frames_received = 0
        # Frames as received; converted only when someone asks (a meter, a test), not 50 times a second.
        self._recent: deque[av.AudioFrame] = deque(maxlen=max(1, int(keep_s / 0.02)))
        self._sinks: list[AudioSink] = []
        self._task: asyncio.Task[None] | None = None

    def attach(self, track: MediaStreamTrack) -> None:
        """Start draining `track`, replacing the previous one."""
        self._cancel()
        self._task = asyncio.get_running_loop().create_task(self._drain(track), name="audio-drain")

    def add_sink(self, sink: AudioSink) -> None:
        """Also hand every frame to `sink` (it must return at once)."""
        self._sinks.append(sink)

    def remove_sink(self, sink: AudioSink) -> None:
        """Stop handing frames to `sink`."""
        with contextlib.suppress(ValueError):
            self._sinks.remove(sink)

    def recent_samples(self) -> np.ndarray:
        """The last received audio, mono float32 at `SAMPLE_RATE`."""
        frames = list(self._recent)
        if not frames:
            return np.zeros(0, np.float32)
        return np.concatenate([_mono_float(frame) for frame in frames])

    def level(self) -> float:
        """RMS level of the last received second, 0..1."""
        samples = self.recent_samples()[-SAMPLE_RATE:]
        return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0

    async def close(self) -> None:
        """Stop draining and wait for the drain task to end."""
        task = self._task
        self._cancel()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _drain(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if not isinstance(frame, av.AudioFrame):
                continue
            self.frames_received += 1
            self._recent.append(frame)
            if not self.muted:
                self.output.play(frame)
            for sink in list(self._sinks):
                sink(frame)


def _mono_float(frame: av.AudioFrame) -> np.ndarray:
    data = frame.to_ndarray()
    channels = len(frame.layout.channels)
    if frame.format.is_planar:
        samples = data.astype(np.float32).mean(axis=0)
    else:
        samples = data.reshape(-1, channels).astype(np.float32).mean(axis=1)
    scale = 32768.0 if frame.format.name.startswith("s16") else 1.0
    return np.asarray(samples / scale, np.float32)


def dominant_frequency(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    """The strongest frequency in `samples` (Hz), by FFT with a Hann window."""
    if samples.size < 2:
        return 0.0
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    spectrum[0] = 0
    return float(np.argmax(spectrum) * sample_rate / samples.size)
