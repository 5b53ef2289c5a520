"""Spoken guidance and the officer chime under plain asyncio: the speech cache (real espeak-ng), what is said
when a screen changes, listen again, volume, the chime when the call screen comes, the reset after a visit."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.app.booth.guidance import GuidanceKey, guidance_key
from kiosk.app.booth.state import Problem, SessionResult, Step, VisitState
from kiosk.app.booth.voice import DEFAULT_VOLUME_LEVEL, SpeechCache, Utterance, VoiceGuide
from kiosk.protocol import Outcome
from kiosk.system.speech import SpeechEngine, wav_seconds
from tests.app.booth.fakes import make_booth
from tests.support.wait import wait_until

needs_espeak = pytest.mark.skipif(not SpeechEngine().available(), reason="espeak-ng is not installed (./dev setup)")

CONSENT = Utterance(GuidanceKey.CONSENT, "id", "Sentuh Saya setuju.")
IDENTITY = Utterance(GuidanceKey.IDENTITY, "id", "Ketik NIK Anda.")
WELCOME = Utterance(GuidanceKey.WELCOME, "id", "Selamat datang.")


@dataclass
class RecordingPlayer:
    """A `SoundPlayer` that keeps what it was asked to do."""

    available: bool = True
    chime_seconds: float = 0.0
    events: list[str] = field(default_factory=list)
    times: dict[str, float] = field(default_factory=dict)
    volume: float = 1.0
    played: list[Path] = field(default_factory=list)

    def play_speech(self, path: Path, volume: float) -> None:
        self.played.append(path)
        self.volume = volume
        self.events.append(f"speak {path.name}")
        self.times.setdefault("speak", time.monotonic())

    def stop_speech(self) -> None:
        self.events.append("stop")

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def play_chime(self, volume: float) -> None:
        self.volume = volume
        self.events.append("chime")
        self.times.setdefault("chime", time.monotonic())


@pytest.fixture
def cache(tmp_path: Path) -> SpeechCache:
    return SpeechCache(tmp_path / "speech")


@needs_espeak
@pytest.mark.asyncio
async def test_the_cache_speaks_once_then_hits(cache: SpeechCache) -> None:
    first = await cache.get("id", "Mohon tunggu sebentar.")
    again = await cache.get("id", "Mohon tunggu sebentar.")
    english = await cache.get("en", "Please wait a moment.")
    assert (cache.misses, cache.hits) == (2, 1)
    assert first == again and first != english and wav_seconds(first) > 0.5
    assert [p.suffix for p in cache.directory.iterdir()] == [".wav", ".wav"]  # no partial files left
    # The same words in the other voice, or from another engine version, are a different file.
    assert cache.path_for("en", "Mohon tunggu sebentar.") != first
    newer = SpeechCache(cache.directory, SpeechEngine(rate_wpm=120))
    assert newer.path_for("id", "Mohon tunggu sebentar.") != first


def test_the_file_name_says_nothing_of_the_text(cache: SpeechCache) -> None:
    path = cache.path_for("id", "Ketik NIK Anda.")
    assert "NIK" not in path.name and len(path.stem) == 64


@needs_espeak
@pytest.mark.asyncio
async def test_a_new_screen_stops_the_old_words_and_says_its_own(cache: SpeechCache) -> None:
    player = RecordingPlayer()
    guide = VoiceGuide(player, cache)
    guide.show(CONSENT)
    await wait_until(lambda: len(player.played) == 1)
    guide.show(IDENTITY)
    await wait_until(lambda: len(player.played) == 2)
    assert [u.key for u in guide.said] == [GuidanceKey.CONSENT, GuidanceKey.IDENTITY]
    assert player.events[-2:] == ["stop", f"speak {player.played[1].name}"]
    assert player.played[0] != player.played[1]
    guide.show(IDENTITY)  # the same screen refreshed: not said again
    guide.show(WELCOME)  # the idle welcome screen is quiet until asked
    assert player.events[-1] == "stop" and len(guide.said) == 2
    guide.repeat()  # "listen again"
    await wait_until(lambda: len(player.played) == 3)
    assert guide.said[-1] == WELCOME and cache.misses == 3


@needs_espeak
@pytest.mark.asyncio
async def test_listen_again_replays_from_the_cache(cache: SpeechCache) -> None:
    player = RecordingPlayer()
    guide = VoiceGuide(player, cache)
    guide.show(CONSENT)
    await wait_until(lambda: len(player.played) == 1)
    guide.repeat()
    await wait_until(lambda: len(player.played) == 2)
    assert player.played[0] == player.played[1] and (cache.misses, cache.hits) == (1, 1)


@needs_espeak
@pytest.mark.asyncio
async def test_volume_steps_apply_and_silence_stops_speech(cache: SpeechCache) -> None:
    player = RecordingPlayer()
    guide = VoiceGuide(player, cache)
    assert guide.level == DEFAULT_VOLUME_LEVEL and guide.volume == 0.75
    guide.louder()
    assert player.volume == 1.0
    guide.louder()  # already loudest
    assert guide.level == 4
    guide.show(CONSENT)
    await wait_until(lambda: len(player.played) == 1)
    for _ in range(4):
        guide.quieter()
    assert guide.volume == 0 and player.volume == 0 and player.events[-1] == "stop"
    guide.repeat()  # silent: nothing is said
    guide.chime()
    assert len(player.played) == 1 and "chime" not in player.events
    guide.louder()  # back from silence: the guidance is said again at the new level
    await wait_until(lambda: len(player.played) == 2)
    assert player.volume == 0.25


def test_without_the_engine_or_a_speaker_nothing_is_said(tmp_path: Path) -> None:
    missing = VoiceGuide(RecordingPlayer(), SpeechCache(tmp_path, SpeechEngine(program="no-such-espeak")))
    assert not missing.speech_available and missing.sound_available
    missing.show(CONSENT)
    assert not missing.said and "speak" not in " ".join(missing.player.events)  # type: ignore[attr-defined]
    speakerless = VoiceGuide(RecordingPlayer(available=False), SpeechCache(tmp_path))
    assert not speakerless.speech_available and not speakerless.sound_available
    speakerless.chime()
    assert speakerless.chimes == 0


@needs_espeak
@pytest.mark.asyncio
async def test_the_officer_joining_chimes_once_before_the_words(cache: SpeechCache) -> None:
    booth = make_booth()
    player = RecordingPlayer(chime_seconds=0.3)
    guide = VoiceGuide(player, cache)
    guide.attach(booth.flows.visit)
    booth.flows.visit.go(Step.WAITING)
    assert guide.chimes == 0
    booth.flows.call.officer_connected("Rina", lambda: None)
    assert booth.state.step is Step.CALL and guide.chimes == 1
    guide.say(Utterance(GuidanceKey.CALL, "id", "Petugas sudah tersambung."))
    booth.flows.visit.go(Step.CALL)  # already on the call: no second chime
    booth.flows.call.call_dropped()
    booth.flows.call.call_restored()  # back after a cut: the call resumes without a chime
    assert guide.chimes == 1
    await wait_until(lambda: player.played)
    assert player.times["speak"] - player.times["chime"] >= 0.25  # the words wait for the chime to end
    guide.set_level(1)
    booth.flows.visit.end("finished")
    assert guide.level == DEFAULT_VOLUME_LEVEL and player.volume == 0.75  # the next participant's default
    booth.flows.visit.go(Step.WAITING)
    booth.flows.call.officer_connected("Rina", lambda: None)
    assert guide.chimes == 2  # a new visit, a new officer


def test_guidance_keys_follow_the_screen() -> None:
    state = VisitState()
    assert guidance_key(state) is GuidanceKey.WELCOME
    state.step = Step.DOCUMENTS
    assert guidance_key(state) is GuidanceKey.DOCUMENTS
    assert guidance_key(state, Problem.CAMERA_LOST) is GuidanceKey.PROBLEM_CAMERA
    state.step = Step.RESULT
    assert guidance_key(state) is GuidanceKey.RESULT_ENDED
    state.result = SessionResult(Outcome.SUBMITTED, reference="JHT-1")
    assert guidance_key(state) is GuidanceKey.RESULT_SUBMITTED
    state.result = SessionResult(Outcome.REJECTED)
    assert guidance_key(state) is GuidanceKey.RESULT_REJECTED
    assert {k for k in GuidanceKey if not k.speaks_on_entry} == {GuidanceKey.WELCOME, GuidanceKey.CALL}
