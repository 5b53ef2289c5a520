"""The sound server as `pactl` describes it: microphones, the echo-cancel source, pactl missing."""

from __future__ import annotations

from kiosk.system.sound import sound_server_state
from tests.support.pactl import pactl


def test_sound_server_answers() -> None:
    state = pactl("echo-cancel-source")()
    assert [m.description for m in state.microphones] == ["HD Webcam C615 Analog Stereo", "Echo-Cancel Source"]
    assert state.echo_cancel_active


def test_pactl_missing_is_reported() -> None:
    def runner(*args: str) -> str:
        raise FileNotFoundError("pactl")

    state = sound_server_state(runner)
    assert not state.available and "pulseaudio-utils" in state.error
