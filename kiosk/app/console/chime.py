"""When the attention chime sounds (once per new request and per wait reminder, rate-limited, never when muted),
and the chime itself.

`kiosk.ui.console.sound.AttentionSound` plays it through QtMultimedia; the rule of when lives here, without Qt.
"""

from __future__ import annotations

import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

#: Two requests within this many seconds make one chime: six booths turning ready together is one event.
MIN_GAP_S = 1.5


class ChimeGate:
    """Says whether a chime sounds now; `played` counts the chimes that did (tests read it)."""

    def __init__(self, *, enabled: bool = True, clock: Callable[[], float] = time.monotonic) -> None:
        self.enabled = enabled
        self.muted = False
        self.played = 0
        self._clock = clock
        self._last = -MIN_GAP_S

    def ring(self) -> bool:
        """True (and counted) when a chime should sound now: enabled, not muted, not right after the last one."""
        if self.muted or not self.enabled:
            return False
        now = self._clock()
        if now - self._last < MIN_GAP_S:
            return False
        self._last = now
        self.played += 1
        return True


def synthesise_chime(path: Path, rate: int = 22050) -> None:
    """Write the chime: two soft rising sine tones (E5, A5) with fades, 16-bit mono."""

    def tone(freq: float, duration: float) -> np.ndarray:
        t = np.arange(int(rate * duration)) / rate
        envelope = np.minimum(1, np.minimum(t / 0.01, (duration - t) / 0.06))
        result: np.ndarray = np.sin(2 * np.pi * freq * t) * envelope * (0.6 + 0.4 * np.exp(-t * 6))
        return result

    signal = np.concatenate([tone(659.25, 0.14), np.zeros(int(rate * 0.03)), tone(880.0, 0.2)])
    data = (signal * 0.45 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())
