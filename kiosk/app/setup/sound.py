"""Sound checks of the setup wizard: a microphone level meter and a speaker test tone, on the video layer's audio.

`MicrophoneMeter` opens the microphone as the booth will (`kiosk.video.audio.open_audio_input`) and reports
the level of the newest 20 ms frames; `TestTone` plays a short 660 Hz tone through the chosen speaker. Both are
plain objects polled or fired from the page's timer; their device threads belong to the video layer.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

import numpy as np

from kiosk.system.sound import SoundServerState
from kiosk.video.audio import FRAME_SAMPLES, SAMPLE_RATE, AudioInput, open_audio_input, open_audio_output


class MicrophoneMeter:
    """The level (0..1, RMS in dBFS mapped from -60..0 dB) of a microphone, read without an event loop."""

    def __init__(self, device: str) -> None:
        self.device = device
        self._input: AudioInput = open_audio_input(device)
        self._track: Any = None
        self._phase = 0

    @property
    def error(self) -> str | None:
        """Why the device does not deliver (None while it works or has not failed yet)."""
        return getattr(self._input, "error", None)

    def start(self) -> None:
        """Open the device."""
        self._input.start()
        self._track = self._input.track()

    def level(self) -> float:
        """The level of the audio that arrived since the last call (0 when none did)."""
        if self._track is None:
            return 0.0
        buffer = getattr(self._track, "buffer", None)
        chunks = []
        if buffer is not None:
            while buffer:
                chunks.append(buffer.popleft())
        elif self.device == "tone":
            # A generated input has no device thread; make the meter move the way a voice would.
            self._phase += 1
            return 0.55 + 0.3 * math.sin(self._phase / 3)
        if not chunks:
            return 0.0
        samples = np.concatenate(chunks).astype(np.float32) / 32768.0
        rms = float(np.sqrt(np.mean(samples**2)))
        if rms <= 1e-6:
            return 0.0
        return max(0.0, min(1.0, (20 * math.log10(rms) + 60) / 60))

    def stop(self) -> None:
        """Close the device."""
        if self._track is not None:
            self._track.stop()
            self._track = None
        self._input.stop()


def tone_frames(seconds: float = 1.5, frequency: float = 660.0, amplitude: float = 0.25) -> list[Any]:
    """20 ms mono s16 frames of a sine tone with soft edges (no click)."""
    import av

    total = int(seconds * SAMPLE_RATE)
    t = np.arange(total) / SAMPLE_RATE
    envelope = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.05)
    wave = (np.sin(2 * math.pi * frequency * t) * envelope * amplitude * 32767).astype(np.int16)
    frames = []
    for start in range(0, total - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        frame = av.AudioFrame.from_ndarray(wave[start : start + FRAME_SAMPLES].reshape(1, -1), format="s16",
                                           layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frames.append(frame)
    return frames


def play_test_tone(device: str, seconds: float = 1.5) -> str | None:
    """Play the test tone on `device` (blocks for about `seconds`); returns the device's error, if any."""
    output = open_audio_output(device)
    output.start()
    try:
        started = time.monotonic()
        for index, frame in enumerate(tone_frames(seconds)):
            # Pace in real time: the output keeps only 200 ms and drops the rest.
            wait = started + index * FRAME_SAMPLES / SAMPLE_RATE - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            output.play(frame)
        time.sleep(0.2)
    finally:
        output.stop()
    return getattr(output, "error", None)


def play_test_tone_async(device: str, seconds: float = 1.5) -> threading.Thread:
    """`play_test_tone` in a background thread (the page stays responsive)."""
    thread = threading.Thread(target=play_test_tone, args=(device, seconds), name="test-tone", daemon=True)
    thread.start()
    return thread


def device_setting(name: str, state: SoundServerState | None, *, microphone: bool) -> str:
    """What goes into the settings for a chosen device: the echo-cancel device by its (stable) name, the system's
    default as ``"default"`` (it follows the sound server's choice), any other device by name."""
    if state is None or not state.available:
        return name
    devices = state.microphones if microphone else state.sinks
    chosen = next((d for d in devices if d.name == name), None)
    if chosen is not None and chosen.is_echo_cancel:
        return name
    default = state.default_source if microphone else state.default_sink
    return "default" if name == default else name


def echo_cancel_used(state: SoundServerState, microphone: str) -> bool:
    """True when the booth will record from the echo-cancelling source."""
    source = state.echo_cancel_source
    if source is None:
        return False
    return microphone == source.name or (microphone == "default" and state.echo_cancel_active)
