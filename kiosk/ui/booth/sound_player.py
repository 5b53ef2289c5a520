"""The booth's sounds through Qt Multimedia: spoken guidance (one WAV at a time) and the officer-joined chime.

Implements `kiosk.app.booth.voice.SoundPlayer`. Qt Multimedia is loaded on first use, not at start-up, so a booth
without an audio output (or a test run) pays nothing; without an output the player says it is unavailable and
the guide stays silent (the booth works as before, the volume and listen buttons hide).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl

from kiosk.paths import asset
from kiosk.system.speech import wav_seconds

log = logging.getLogger(__name__)

JOINED_CHIME_PATH: Path = asset("sounds", "officer_joined.wav")


def audio_output_present() -> bool:
    """True when this PC has somewhere to play sound: a sound server's socket, or an ALSA playback device.

    Asked without Qt Multimedia, which is loaded (with its notices about missing libraries) only to play.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    sockets = [Path(runtime) / "pulse" / "native", Path(runtime) / "pipewire-0"] if runtime else []
    if os.environ.get("PULSE_SERVER") or any(path.exists() for path in sockets):
        return True
    return any(Path("/dev/snd").glob("pcmC*D*p"))


def _output_device(speaker: str) -> Any:
    """The Qt audio device for the booth's `speaker` setting ("default" or a sound server sink name), or None."""
    from PySide6.QtMultimedia import QMediaDevices

    default = QMediaDevices.defaultAudioOutput()
    if speaker in ("", "default"):
        return None if default.isNull() else default
    for device in QMediaDevices.audioOutputs():
        if bytes(device.id().data()).decode("utf-8", "replace") == speaker or device.description() == speaker:
            return device
    return None if default.isNull() else default


class QtSoundPlayer(QObject):
    """Plays speech files and the chime on the booth's speaker; `available` is False without one.

    `available` can be forced (tests and screenshots run without an audio output but check what would play).
    """

    def __init__(self, speaker: str = "default", parent: QObject | None = None, available: bool | None = None) -> None:
        super().__init__(parent)
        self._speaker = speaker
        self._available = available
        self._device: Any = None
        self._speech: Any = None
        self._chime: Any = None
        self._volume = 1.0
        #: The file last given to `play_speech` (tests read it).
        self.speech_path: Path | None = None

    @property
    def available(self) -> bool:
        """True when there is an audio output to play on (asked once)."""
        if self._available is None:
            self._available = self._speaker != "null" and audio_output_present()
            if not self._available:
                log.info("no audio output: spoken guidance and the officer chime are off")
        return self._available

    @property
    def chime_seconds(self) -> float:
        """The chime's length."""
        return wav_seconds(JOINED_CHIME_PATH)

    @property
    def volume(self) -> float:
        """The volume (0..1) of what plays."""
        return self._volume

    def _effect(self, path: Path) -> Any:
        from PySide6.QtMultimedia import QSoundEffect

        if self._device is None:
            self._device = _output_device(self._speaker)
        effect = QSoundEffect(self) if self._device is None else QSoundEffect(self._device, self)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(self._volume)
        return effect

    def play_speech(self, path: Path, volume: float) -> None:
        """Play `path` (any speech still playing stops first)."""
        self.stop_speech()
        self._volume = volume
        self.speech_path = path
        self._speech = self._effect(path)
        self._speech.play()  # before the file is loaded, Qt keeps the request and plays once it is

    def stop_speech(self) -> None:
        """Stop the speech now playing."""
        if self._speech is not None:
            self._speech.stop()
            self._speech.deleteLater()
            self._speech = None

    def set_volume(self, volume: float) -> None:
        """Change the volume of what plays now and later."""
        self._volume = volume
        for effect in (self._speech, self._chime):
            if effect is not None:
                effect.setVolume(volume)

    def play_chime(self, volume: float) -> None:
        """The officer-joined chime."""
        self._volume = volume
        if self._chime is None:
            self._chime = self._effect(JOINED_CHIME_PATH)
        self._chime.setVolume(volume)
        self._chime.play()

    def effect_volume(self) -> float | None:
        """The volume the speech effect plays at (None when nothing was played): tests check it applied."""
        return None if self._speech is None else float(self._speech.volume())
