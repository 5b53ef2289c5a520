"""espeak-ng as the booth's offline text-to-speech: real WAV audio in Indonesian and English, clear errors."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from kiosk.system.speech import SpeechEngine, SpeechError, wav_seconds

needs_espeak = pytest.mark.skipif(not SpeechEngine().available(), reason="espeak-ng is not installed (./dev setup)")


def loudness(path: Path) -> float:
    """RMS of the samples, 0..1."""
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float32) / 32768
    return float(np.sqrt(np.mean(samples**2)))


@needs_espeak
@pytest.mark.parametrize(
    ("language", "text"),
    [("id", "Selamat datang. Sentuh tombol Mulai."), ("en", "Welcome. Touch the Start button.")],
)
def test_a_text_becomes_audible_speech_in_both_languages(tmp_path: Path, language: str, text: str) -> None:
    out = tmp_path / f"{language}.wav"
    SpeechEngine().synthesise(language, text, out)
    assert 1.0 < wav_seconds(out) < 10.0
    assert loudness(out) > 0.02  # speech, not silence


@needs_espeak
def test_a_longer_text_takes_longer_and_slower_speech_is_longer(tmp_path: Path) -> None:
    short, long_, slow = tmp_path / "s.wav", tmp_path / "l.wav", tmp_path / "slow.wav"
    engine = SpeechEngine()
    engine.synthesise("id", "Mohon tunggu.", short)
    engine.synthesise("id", "Mohon tunggu sebentar, petugas akan segera menyapa Anda lewat video.", long_)
    SpeechEngine(rate_wpm=100).synthesise("id", "Mohon tunggu.", slow)
    assert wav_seconds(long_) > wav_seconds(short) * 2
    assert wav_seconds(slow) > wav_seconds(short)


@needs_espeak
def test_text_starting_with_a_dash_is_spoken_not_taken_as_an_option(tmp_path: Path) -> None:
    out = tmp_path / "dash.wav"
    SpeechEngine().synthesise("en", "--version is not an option here", out)
    assert wav_seconds(out) > 1.0


@needs_espeak
def test_status_names_the_version_and_both_languages() -> None:
    status = SpeechEngine().status()
    assert status.available and status.version and set(status.languages) == {"id", "en"}


def test_a_missing_engine_is_a_clear_error(tmp_path: Path) -> None:
    engine = SpeechEngine(program="espeak-ng-not-installed")
    assert not engine.available()
    assert not engine.status().available and "espeak-ng" in engine.status().error
    with pytest.raises(SpeechError, match="not installed"):
        engine.synthesise("id", "Halo", tmp_path / "x.wav")
    with pytest.raises(SpeechError, match="no voice"):
        SpeechEngine().voice("fr")


def test_wav_seconds_of_nothing_is_zero(tmp_path: Path) -> None:
    assert wav_seconds(tmp_path / "missing.wav") == 0
    (tmp_path / "bad.wav").write_bytes(b"not a wave")
    assert wav_seconds(tmp_path / "bad.wav") == 0
