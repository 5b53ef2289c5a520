"""The attention chime: played once per new attention request, never repeated, silenced by the mute button.

QtMultimedia is loaded on the first play, not at start-up, so a console without an audio device (or a test
run) pays nothing for it; if no output device exists the chime is skipped and the badge and border remain.
"""

from __future__ import annotations

import logging
import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QUrl

from kiosk.paths import asset

log = logging.getLogger(__name__)

CHIME_PATH: Path = asset("sounds", "attention.wav")
#: Two requests within this many seconds make one chime: six booths turning ready together is one event.
MIN_GAP_S = 1.5


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


class AttentionSound(QObject):
    """Plays the chime unless muted or disabled; `played` counts chimes (tests read it)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.muted = False
        self.played = 0
        self._clock = clock
        self._last = -MIN_GAP_S
        self._effect: QObject | None = None

    def play(self) -> None:
        """Chime once (rate-limited), unless muted or disabled."""
        if self.muted or not self.enabled:
            return
        now = self._clock()
        if now - self._last < MIN_GAP_S:
            return
        self._last = now
        self.played += 1
        effect = self._load()
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]

    def _load(self) -> QObject | None:
        if self._effect is None:
            try:
                from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
            except ImportError:
                self.enabled = False
                return None
            if QMediaDevices.defaultAudioOutput().isNull():
                log.info("no audio output: attention chimes are off")
                self.enabled = False
                return None
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(CHIME_PATH)))
            effect.setVolume(0.7)
            self._effect = effect
        return self._effect
