"""Spoken guidance and the officer-joined chime, without Qt: what to say, when, how loud, and the speech cache.

`VoiceGuide` is told what the screen shows now (`show()`, an `Utterance`: a guidance key with its fixed text in
the visit's language); it stops what was being said and, for screens that speak on entry, says the new text.
"Listen again" is `repeat()`, the volume buttons `louder()` / `quieter()`. Entering the call screen chimes
(the officer joined). When a visit ends the volume goes back to the booth's default.

Speech is made offline by espeak-ng (`kiosk.system.speech`) in the loop's executor (`run_blocking`, never on the
GUI thread) and cached as WAV files named by a hash of engine, version, voice, rate and text
(`SpeechCache`): each text is synthesised once per booth. Only fixed guidance texts are spoken and cached;
nothing personal. Playing goes through a `SoundPlayer` port (`kiosk.ui.booth.sound_player` over Qt
Multimedia); without the engine or an audio output the guide stays silent and the booth works as before.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.app.blocking import run_blocking
from kiosk.app.booth.guidance import GuidanceKey
from kiosk.app.booth.state import Step
from kiosk.app.booth.tasks import TaskGroup
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.system.speech import SpeechEngine, SpeechError

log = logging.getLogger(__name__)

#: The volume steps of the participant's buttons (0 is silent); the booth's default is `DEFAULT_VOLUME_LEVEL`.
VOLUME_STEPS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
DEFAULT_VOLUME_LEVEL = 3


@dataclass(frozen=True)
class Utterance:
    """A guidance text to say: its key, the language it is in, and the (fixed, translated) words."""

    key: GuidanceKey
    language: str
    text: str


class SoundPlayer(Protocol):
    """Plays the booth's sounds: one speech file at a time, and the chime."""

    @property
    def available(self) -> bool:
        """False without an audio output (the guide then makes no speech at all)."""
        ...

    @property
    def chime_seconds(self) -> float:
        """How long the chime lasts (speech waits for it)."""
        ...

    def play_speech(self, path: Path, volume: float) -> None:
        """Play the WAV file `path` (stops any speech still playing)."""
        ...

    def stop_speech(self) -> None:
        """Stop the speech playing now, if any."""
        ...

    def set_volume(self, volume: float) -> None:
        """Change the volume (0..1) of what plays now and later."""
        ...

    def play_chime(self, volume: float) -> None:
        """Play the officer-joined chime."""
        ...


class SpeechCache:
    """WAV files of spoken texts in `directory`, made by `engine` on a miss; `hits` / `misses` count lookups."""

    def __init__(self, directory: Path, engine: SpeechEngine | None = None) -> None:
        self.directory = directory
        self.engine = engine or SpeechEngine()
        self.hits = 0
        self.misses = 0

    @property
    def available(self) -> bool:
        """True when the engine is installed."""
        return self.engine.available()

    def path_for(self, language: str, text: str) -> Path:
        """Where the speech of `text` is kept: a new engine version, voice, rate or wording is a new file.

        Blocks (the engine's version is asked once per process): call it from the executor.
        """
        engine = self.engine
        material = "\n".join(
            (engine.program, engine.version(), engine.voice(language), str(engine.rate_wpm), text)
        )
        return self.directory / f"{hashlib.sha256(material.encode('utf-8')).hexdigest()}.wav"

    def lookup(self, language: str, text: str) -> tuple[Path, bool]:
        """The file of `text`, synthesised first when it is not cached; True when it was (blocks)."""
        path = self.path_for(language, text)
        if path.is_file() and path.stat().st_size > 44:  # more than a WAV header
            return path, True
        self.directory.mkdir(parents=True, exist_ok=True)
        # Written beside its final name, then renamed: a half-written file is never played or kept.
        partial = path.with_name(f".{path.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            self.engine.synthesise(language, text, partial)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return path, False

    async def get(self, language: str, text: str) -> Path:
        """The WAV file of `text` in `language`, made off the loop on a miss."""
        path, hit = await run_blocking(self.lookup, language, text)
        if hit:
            self.hits += 1
        else:
            self.misses += 1
        return path


class VoiceGuide:
    """Says each screen's guidance, repeats it on request, keeps the volume, and chimes when the officer joins."""

    def __init__(
        self,
        player: SoundPlayer,
        cache: SpeechCache | None,
        *,
        default_level: int = DEFAULT_VOLUME_LEVEL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.player = player
        self.cache = cache
        self.default_level = max(0, min(len(VOLUME_STEPS) - 1, default_level))
        self.level = self.default_level
        self.current: Utterance | None = None
        #: The last texts handed to the player, in order (tests read it; fixed texts only, and only the last few).
        self.said: deque[Utterance] = deque(maxlen=50)
        self.chimes = 0
        self._clock = clock
        self._chime_until = 0.0
        self._tasks = TaskGroup()
        self._listeners: list[Callable[[], None]] = []
        self._last_step: Step | None = None
        self._speech_failed = False

    # ---------------------------------------------------------------------------------------------- state

    @property
    def speech_available(self) -> bool:
        """True when guidance can be spoken: an engine, an audio output, and no failure of the engine yet."""
        return (
            self.cache is not None and not self._speech_failed and self.player.available and self.cache.available
        )

    @property
    def sound_available(self) -> bool:
        """True when the booth has an audio output (the volume buttons matter)."""
        return self.player.available

    @property
    def volume(self) -> float:
        """The volume now (0..1)."""
        return VOLUME_STEPS[self.level]

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener()` when the volume or the availability changes (the volume bars redraw)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # ---------------------------------------------------------------------------------------------- speech

    def show(self, utterance: Utterance | None) -> None:
        """The screen changed to `utterance`'s: stop what is said, and say the new text if its screen speaks."""
        if utterance == self.current:
            return
        self.stop()
        self.current = utterance
        if utterance is not None and utterance.key.speaks_on_entry:
            self._say(utterance)

    def say(self, utterance: Utterance) -> None:
        """Say `utterance` now, even on a screen that is quiet on entry (the participant chose a language)."""
        self.stop()
        self.current = utterance
        self._say(utterance)

    def repeat(self) -> None:
        """"Listen again": say the current screen's guidance from the start."""
        self.stop()
        if self.current is not None:
            self._say(self.current)

    def stop(self) -> None:
        """Stop speaking (and forget speech still being prepared)."""
        self._tasks.cancel_all()
        self.player.stop_speech()

    def _say(self, utterance: Utterance) -> None:
        if not self.speech_available or self.volume <= 0:
            return
        self._tasks.start(self._speak(utterance), on_error=self._failed, name="speech")

    async def _speak(self, utterance: Utterance) -> None:
        assert self.cache is not None
        path = await self.cache.get(utterance.language, utterance.text)
        wait = self._chime_until - self._clock()
        if wait > 0:  # the officer-joined chime first, then the words
            await asyncio.sleep(wait)
        self.said.append(utterance)
        self.player.play_speech(path, self.volume)

    def _failed(self, error: BaseException) -> None:
        # The booth goes on (silently for this text); the doctor says why. Only the type and the engine's words
        # are logged (the texts are fixed guidance, never what the participant typed).
        log.warning("spoken guidance failed: %s", error if isinstance(error, SpeechError) else type(error).__name__)
        if self.cache is not None and not self.cache.available:
            self._speech_failed = True  # the engine went away: hide "listen again" rather than offer silence
            self._changed()

    # ---------------------------------------------------------------------------------------------- volume

    def set_level(self, level: int) -> None:
        """Set the volume step (clamped to `VOLUME_STEPS`); applies to what is playing at once."""
        level = max(0, min(len(VOLUME_STEPS) - 1, level))
        if level == self.level:
            return
        self.level = level
        self.player.set_volume(self.volume)
        if self.volume <= 0:
            self.stop()
        self._changed()

    def louder(self) -> None:
        """One step louder; from silence, the guidance is said again so the participant hears the new level."""
        was_silent = self.volume <= 0
        self.set_level(self.level + 1)
        if was_silent and self.volume > 0:
            self.repeat()

    def quieter(self) -> None:
        """One step quieter (the lowest step is silent)."""
        self.set_level(self.level - 1)

    # ---------------------------------------------------------------------------------------------- chime

    def chime(self) -> None:
        """The officer joined: a short chime (speech waits for it to end)."""
        if not self.player.available or self.volume <= 0:
            return
        self.chimes += 1
        self.player.play_chime(self.volume)
        self._chime_until = self._clock() + self.player.chime_seconds

    # ---------------------------------------------------------------------------------------------- visits

    def attach(self, visit: VisitFlow) -> None:
        """Chime when the call screen comes (the officer is there), and reset when a visit ends."""
        visit.on_step(self._step_entered)
        visit.on_end(self.stop)  # silent at once when a visit ends or the booth shuts down
        visit.subscribe_ended(lambda _why: self.reset())

    def _step_entered(self, step: Step, resumed: bool) -> None:
        if step is Step.CALL and self._last_step is not Step.CALL and not resumed:
            self.chime()
        self._last_step = step

    def reset(self) -> None:
        """A visit ended: silence, and the default volume for the next participant."""
        self.stop()
        self._last_step = None
        if self.level != self.default_level:
            self.level = self.default_level
            self.player.set_volume(self.volume)
            self._changed()

    def shutdown(self) -> None:
        """App exit: stop speaking and preparing speech."""
        self.stop()
