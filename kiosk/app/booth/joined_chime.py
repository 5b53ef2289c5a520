"""The officer-joined chime of the booth (assets/sounds/officer_joined.wav) and how it was made.

Three soft rising notes (C5, E5, G5, 0.62 s in all, 22.05 kHz mono, 16-bit) with short fades: a friendly "someone
is here", different from the console's two-note attention chime. Synthesised with numpy, no third-party
recording, so there is no licence to track; `synthesise_joined_chime()` re-creates the file.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np


def synthesise_joined_chime(path: Path, rate: int = 22050) -> None:
    """Write the chime to `path`."""

    def note(freq: float, duration: float) -> np.ndarray:
        t = np.arange(int(rate * duration)) / rate
        envelope = np.minimum(1, np.minimum(t / 0.012, (duration - t) / 0.08))
        # A touch of the octave makes it bell-like rather than a bare beep.
        tone = np.sin(2 * np.pi * freq * t) + 0.25 * np.sin(4 * np.pi * freq * t)
        result: np.ndarray = tone * envelope * np.exp(-t * 4)
        return result

    gap = np.zeros(int(rate * 0.02))
    signal = np.concatenate([note(523.25, 0.16), gap, note(659.25, 0.16), gap, note(783.99, 0.26)])
    data = (signal / np.max(np.abs(signal)) * 0.5 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())
