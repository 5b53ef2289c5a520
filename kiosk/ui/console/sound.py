"""The attention chime: played once per new attention request and again as a reminder while a booth keeps
waiting (`kiosk.app.console.wait_cue`), silenced by the mute button.

When it sounds is `kiosk.app.console.chime.ChimeGate`'s rule; this plays it. QtMultimedia is loaded on the first
play, not at start-up, so a console without an audio device (or a test run) pays nothing for it; if no output
device exists the chime is skipped and the badge and border remain.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl

from kiosk.app.console.chime import ChimeGate
from kiosk.paths import asset

log = logging.getLogger(__name__)

CHIME_PATH: Path = asset("sounds", "attention.wav")


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
        self.gate = ChimeGate(enabled=enabled, clock=clock)
        self._effect: QObject | None = None

    @property
    def enabled(self) -> bool:
        """False when sound is off by configuration or no output device exists."""
        return self.gate.enabled

    @enabled.setter
    def enabled(self, value: bool) -> None:
        self.gate.enabled = value

    @property
    def muted(self) -> bool:
        """The officer's mute button."""
        return self.gate.muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self.gate.muted = value

    @property
    def played(self) -> int:
        """How many chimes sounded."""
        return self.gate.played

    def play(self) -> None:
        """Chime once (rate-limited), unless muted or disabled."""
        if not self.gate.ring():
            return
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
