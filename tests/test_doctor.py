"""`kiosk doctor`: each check against real inputs (a synthetic camera, a stopped hub, token files, a sound server's
answers), the table, JSON and the exit code."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Settings
from kiosk.doctor.checks import Doctor
from kiosk.doctor.redaction import redacted_settings_toml
from kiosk.doctor.report import Status
from kiosk.system.sound import SoundServerState, sound_server_state

PACTL_SOURCES = """Source #45
\tState: SUSPENDED
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo.monitor
\tDescription: Monitor of Built-in Audio Analog Stereo
\tMonitor of Sink: alsa_output.pci-0000_00_1f.3.analog-stereo
Source #46
\tState: RUNNING
\tName: alsa_input.usb-046d_HD_Webcam_C615-02.analog-stereo
\tDescription: HD Webcam C615 Analog Stereo
\tMonitor of Sink: n/a
Source #47
\tName: echo-cancel-source
\tDescription: Echo-Cancel Source
\tMonitor of Sink: n/a
"""
PACTL_SINKS = """Sink #44
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo
\tDescription: Built-in Audio Analog Stereo
"""


def pactl(default_source: str, sources: str = PACTL_SOURCES, sinks: str = PACTL_SINKS):
    info = f"Server Name: PulseAudio (on PipeWire 1.0.5)\nDefault Sink: alsa_output.pci-0000_00_1f.3.analog-stereo\n" \
           f"Default Source: {default_source}\n"

    def runner(*args: str) -> str:
        return {("list", "sources"): sources, ("list", "sinks"): sinks, ("info",): info}[args]

    return lambda: sound_server_state(runner)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "device-token"
    path.write_text("b_secret-token-value\n")
    path.chmod(0o600)
    return path


def booth_settings(token_file: Path | None = None, **booth: object) -> Settings:
    values: dict[str, object] = {
        "hub_url": f"http://127.0.0.1:{free_port()}",
        "camera": "synthetic",
        "camera_width": 640,
        "camera_height": 360,
        "camera_fps": 15,
        "booth_number": 3,
        "branch_code": "KDR",
        "admin_pin_hash": "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        "device_token_file": str(token_file) if token_file else None,
    }
    values.update(booth)
    return Settings(booth=values)


def doctor(settings: Settings, **kwargs: object) -> Doctor:
    kwargs.setdefault("sound", pactl("echo-cancel-source"))
    kwargs.setdefault("camera_seconds", 1.0)
    return Doctor(settings, timeout_s=2.0, **kwargs)  # type: ignore[arg-type]


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


def test_sound_server_answers() -> None:
    state = pactl("echo-cancel-source")()
    assert [m.description for m in state.microphones] == ["HD Webcam C615 Analog Stereo", "Echo-Cancel Source"]
    assert state.echo_cancel_active


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


def test_pactl_missing_is_reported() -> None:
    def runner(*args: str) -> str:
        raise FileNotFoundError("pactl")

    state = sound_server_state(runner)
    assert not state.available and "pulseaudio-utils" in state.error


def test_english_table_has_a_hint_per_failure(token_file: Path, tmp_path: Path) -> None:
    report = doctor(booth_settings(token_file), language="en", disk_path=tmp_path).run(skip=["camera"])
    table = report.table(width=100)
    assert "Camera" not in table
    hub_line = next(line for line in table.splitlines() if line.startswith("Hub "))
    assert hub_line.split()[1] == "FAIL"
    assert "→ The hub cannot be reached." in table
    assert table.rstrip().endswith("1 failed, 0 warnings.")


def test_settings_are_shown_without_secrets() -> None:
    settings = Settings(
        booth={"admin_pin_hash": "$argon2id$v=19$m=65536,t=3,p=4$abc$def", "device_token_file": "/etc/kiosk/t"},
        video={"ice_servers": [{"urls": ["turn:turn.local:3478"], "username": "booth", "credential": "pw-42"}]},
        server={"database_url": "postgresql+psycopg://kiosk:pg-secret@127.0.0.1/kiosk", "token_ttl_s": 3600},
    )
    text = redacted_settings_toml(settings, ("booth", "video", "server"))
    for secret in ("argon2", "pw-42", "pg-secret"):
        assert secret not in text
    assert 'device_token_file = "/etc/kiosk/t"' in text
    assert "token_ttl_s = 3600" in text
    assert "kiosk:****@127.0.0.1" in text


def test_command_exit_code_and_json(token_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "booth.toml"
    config.write_text(
        f'[booth]\nhub_url = "http://127.0.0.1:{free_port()}"\ncamera = "synthetic"\ncamera_width = 320\n'
        f'camera_height = 240\nmicrophone = "tone"\nspeaker = "null"\n'
        f'device_token_file = "{token_file}"\n'
    )
    code = main(["--config", str(config), "doctor", "--json", "--skip", "disk", "--timeout", "2"])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    by_key = {row["key"]: row for row in data["results"]}
    assert by_key["camera"]["status"] == "pass"
    assert by_key["microphone"]["status"] == "pass"  # test tone
    assert by_key["speaker"]["status"] == "fail"
    assert "disk" not in by_key
    assert "secret-token-value" not in json.dumps(data)


def test_command_line_prints_the_table(token_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "booth.toml"
    config.write_text(f'[booth]\nhub_url = "http://127.0.0.1:{free_port()}"\ncamera = "synthetic"\n')
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "doctor", "--lang", "en", "--skip", "camera"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("Check")
    assert "→ Run `kiosk setup` on this booth PC." in result.stdout


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
