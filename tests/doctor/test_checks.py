"""Each doctor check against real inputs: a synthetic camera, a stopped hub and a running one, token files, a
sound server's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.doctor.report import Status
from kiosk.system.sound import SoundServerState
from tests.doctor.support import booth_settings, doctor
from tests.support.pactl import PACTL_SOURCES, pactl


def test_stopped_hub_and_synthetic_camera(token_file: Path, tmp_path: Path) -> None:
    report = doctor(booth_settings(token_file), disk_path=tmp_path).run()
    statuses = {r.key: r.status for r in report.results}
    assert statuses == {
        "config": Status.PASS,
        "token": Status.PASS,
        "hub": Status.FAIL,
        "enrollment": Status.SKIP,
        "tls": Status.PASS,  # plain HTTP to this very PC
        "clock": Status.SKIP,
        "camera": Status.PASS,
        "microphone": Status.PASS,
        "speaker": Status.PASS,
        "echo_cancel": Status.PASS,
        "speech": Status.PASS,  # espeak-ng, installed by ./dev
        "disk": Status.PASS,
    }
    hub = report.get("hub")
    assert "Connection refused" in hub.detail
    assert "systemctl status kiosk-hub" in hub.hint
    camera = report.get("camera")
    assert "640×360" in camera.detail
    assert not report.ok


def test_camera_frame_rate_is_measured(token_file: Path) -> None:
    result = doctor(booth_settings(token_file, camera_fps=10), camera_seconds=1.5).check_camera()
    assert result.status is Status.PASS
    fps = float(result.detail.split("@ ")[1].split(" fps")[0])
    assert 7.0 <= fps <= 10.5


def test_missing_camera_fails_with_a_hint(token_file: Path) -> None:
    result = doctor(booth_settings(token_file, camera="/dev/video97")).check_camera()
    assert result.status is Status.FAIL
    assert "/dev/video97" in result.detail
    assert "ls /dev/video*" in result.hint


def test_token_file_problems(tmp_path: Path) -> None:
    assert doctor(booth_settings(None)).check_token().status is Status.FAIL
    missing = doctor(booth_settings(tmp_path / "nope")).check_token()
    assert missing.status is Status.FAIL and "kiosk setup" in missing.hint
    loose = tmp_path / "loose"
    loose.write_text("b_token")
    loose.chmod(0o644)
    result = doctor(booth_settings(loose)).check_token()
    assert result.status is Status.FAIL
    assert result.hint == f"chmod 600 {loose}"
    assert "b_token" not in result.detail + result.hint


def test_config_without_identity_or_pin(token_file: Path) -> None:
    result = doctor(booth_settings(token_file, booth_number=None, admin_pin_hash=None)).check_config()
    assert result.status is Status.FAIL
    assert "booth.booth_number" in result.detail and "booth.admin_pin_hash" in result.detail


def test_plain_http_to_another_machine_fails_tls(token_file: Path) -> None:
    result = doctor(booth_settings(token_file, hub_url="http://hub.branch.local:8600")).check_tls()
    assert result.status is Status.FAIL
    assert "https://" in result.hint


def test_echo_cancel_loaded_but_not_default(token_file: Path) -> None:
    sound = pactl("alsa_input.usb-046d_HD_Webcam_C615-02.analog-stereo")
    result = doctor(booth_settings(token_file), sound=sound).check_echo_cancel()
    assert result.status is Status.WARN
    assert "99-echo-cancel.conf" in result.hint


def test_no_echo_cancel_module(token_file: Path) -> None:
    sources = PACTL_SOURCES.split("Source #47")[0]
    sound = pactl("alsa_input.usb-046d_HD_Webcam_C615-02.analog-stereo", sources=sources)
    result = doctor(booth_settings(token_file), sound=sound).check_echo_cancel()
    assert result.status is Status.WARN
    assert result.detail == "Tidak aktif."


def test_no_microphone_and_no_sound_server(token_file: Path) -> None:
    only_monitor = PACTL_SOURCES.split("Source #46")[0]
    result = doctor(booth_settings(token_file), sound=pactl("x", sources=only_monitor)).check_microphone()
    assert result.status is Status.FAIL
    assert result.detail == "Tidak ada mikrofon."
    gone = doctor(booth_settings(token_file), sound=lambda: SoundServerState(False, error="Connection refused"))
    assert gone.check_microphone().status is Status.FAIL
    assert gone.check_speaker().status is Status.FAIL
    assert gone.check_echo_cancel().status is Status.SKIP


def test_against_a_running_hub(tmp_path: Path, fresh_hub: object) -> None:
    from tests.support.hub import RunningHub

    assert isinstance(fresh_hub, RunningHub)
    token = tmp_path / "device-token"
    token.write_text(fresh_hub.booth_token(5) + "\n")
    token.chmod(0o600)
    settings = booth_settings(token, hub_url=fresh_hub.base_url, booth_number=5)
    report = doctor(settings).run(skip=["camera", "disk"])
    assert report.get("hub").status is Status.PASS
    assert "versi" in report.get("hub").detail
    assert report.get("enrollment").status is Status.PASS
    assert report.get("enrollment").detail == "Hub mengenal booth ini: KDR booth 5."
    assert report.get("clock").status is Status.PASS
    assert report.ok
    # The same token with the wrong booth number in the settings, then a token the hub no longer knows.
    wrong = doctor(booth_settings(token, hub_url=fresh_hub.base_url, booth_number=6)).check_enrollment()
    assert wrong.status is Status.FAIL and "booth_number = 5" in wrong.hint
    token.write_text("b_not-a-token-the-hub-knows\n")
    refused = doctor(settings).check_enrollment()
    assert refused.status is Status.FAIL and "enroll-booth" in refused.hint


def test_spoken_guidance_is_checked(token_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.doctor import speech_check
    from kiosk.system.speech import SpeechEngine

    result = doctor(booth_settings(token_file)).check_speech()
    assert result.status is Status.PASS and "espeak-ng" in result.detail
    off = doctor(booth_settings(token_file, voice_guidance=False)).check_speech()
    assert off.status is Status.SKIP
    monkeypatch.setattr(speech_check, "SpeechEngine", lambda: SpeechEngine(program="espeak-ng-missing"))
    missing = doctor(booth_settings(token_file)).check_speech()
    assert missing.status is Status.WARN and "apt-get install espeak-ng" in missing.hint
