"""The attention chime's rule (once per request, rate-limited, silent when muted) and the chime file."""

from __future__ import annotations

import wave
from pathlib import Path

from kiosk.app.console.chime import MIN_GAP_S, ChimeGate, synthesise_chime


def test_a_burst_of_requests_is_one_chime_and_mute_silences_it() -> None:
    now = [100.0]
    gate = ChimeGate(clock=lambda: now[0])
    assert gate.ring() is True
    now[0] += MIN_GAP_S / 2
    assert gate.ring() is False  # six booths turning ready together
    now[0] += MIN_GAP_S
    gate.muted = True
    assert gate.ring() is False
    gate.muted = False
    assert gate.ring() is True
    assert gate.played == 2
    assert ChimeGate(enabled=False).ring() is False


def test_the_chime_is_a_short_mono_wave(tmp_path: Path) -> None:
    path = tmp_path / "chime.wav"
    synthesise_chime(path)
    with wave.open(str(path)) as chime:
        assert (chime.getnchannels(), chime.getsampwidth()) == (1, 2)
        assert 0.3 < chime.getnframes() / chime.getframerate() < 0.5
