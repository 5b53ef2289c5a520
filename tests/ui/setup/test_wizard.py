"""The setup wizard driven like an admin would, against a real hub: the happy path from language to the saved
settings, a used code, an unreachable hub, no camera, and a code read as a QR from the camera."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import numpy as np
import pytest
import segno
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.client.hub_api import HubClient
from kiosk.config import Settings, load_settings
from kiosk.system.sound import SoundServerState, sound_server_state
from kiosk.ui.setup.wizard import SetupWizard
from kiosk.video.camera import CameraSource, CameraState
from tests.support.hub import RunningHub

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

PIN = "482915"

PACTL = {
    ("list", "sources"): "Source #1\n\tName: alsa_input.usb-webcam\n\tDescription: USB Webcam Mic\n"
                         "Source #2\n\tName: echo-cancel-source\n\tDescription: Echo-Cancel Source\n",
    ("list", "sinks"): "Sink #3\n\tName: alsa_output.analog\n\tDescription: Built-in Speakers\n"
                       "Sink #4\n\tName: echo-cancel-sink\n\tDescription: Echo-Cancel Sink\n",
    ("info",): "Default Sink: echo-cancel-sink\nDefault Source: echo-cancel-source\n",
}


def sound_with_echo_cancel() -> SoundServerState:
    return sound_server_state(lambda *args: PACTL[args])


def no_sound() -> SoundServerState:
    return SoundServerState(False, error="Connection refused")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def enrollment_code(hub: RunningHub, booth: int) -> str:
    return hub.client(hub.admin_token()).create_enrollment_code("KDR", booth).code


def make_wizard(qtbot: QtBot, tmp_path: Path, **kwargs: object) -> SetupWizard:
    settings = Settings(booth={"device_token_file": str(tmp_path / "device-token")})
    kwargs.setdefault("cameras", list)
    kwargs.setdefault("sound", sound_with_echo_cancel)
    kwargs.setdefault("test_devices", True)
    wizard = SetupWizard(settings, tmp_path / "booth.toml", None, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def go_next(qtbot: QtBot, wizard: SetupWizard) -> None:
    qtbot.waitUntil(wizard.next_button.isEnabled, timeout=15_000)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def connect_hub(qtbot: QtBot, wizard: SetupWizard, url: str) -> None:
    page = wizard.hub_page
    page.url.clear()
    qtbot.keyClicks(page.url, url)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page._testing, timeout=15_000)


@pytest.fixture
def wizard_on_hub(qtbot: QtBot, tmp_path: Path, fresh_hub: RunningHub) -> tuple[SetupWizard, RunningHub]:
    wizard = make_wizard(qtbot, tmp_path)
    go_next(qtbot, wizard)  # language
    connect_hub(qtbot, wizard, fresh_hub.base_url)
    go_next(qtbot, wizard)
    return wizard, fresh_hub


def test_happy_path_writes_an_enrolled_booth(
    qtbot: QtBot, tmp_path: Path, wizard_on_hub: tuple[SetupWizard, RunningHub]
) -> None:
    wizard, hub = wizard_on_hub
    hub_page = wizard.hub_page
    assert hub_page.probe is not None and hub_page.probe.ok
    assert "Hub versi" in hub_page.status.text() and "Tanpa TLS" in hub_page.status.text()

    # Enrollment: the code typed on the on-screen keypad, dash and all.
    assert wizard.index == 2 and not wizard.next_button.isEnabled()
    page = wizard.enroll_page
    for key in enrollment_code(hub, 7):
        page.keypad.press(key) if key != "-" else page.code.insert("-")
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.is_complete, timeout=15_000)
    assert "Booth 7" in page.identity.text() and "Kediri" in page.identity.text()
    token_file = tmp_path / "device-token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = token_file.read_text().strip()
    assert HubClient(hub.base_url, token).booth_me().number == 7
    go_next(qtbot, wizard)

    # Camera: the synthetic one delivers; its real format is shown.
    camera = wizard.camera_page
    with qtbot.waitSignal(camera.measured, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: "Diterima: 1280 × 720" in camera.actual.text(), timeout=10_000)
    assert camera.light.text()
    go_next(qtbot, wizard)

    # Sound: the echo-cancelling source is chosen by itself and reported active.
    audio = wizard.audio_page
    assert audio.mic_box.currentData() == "echo-cancel-source"
    assert "Peredam gema aktif" in audio.echo.text()
    go_next(qtbot, wizard)

    # PIN: a guessable one is refused, then a good one typed twice.
    pin = wizard.pin_page
    qtbot.keyClicks(pin.pin, "123456")
    assert "terlalu mudah" in pin.banner.text() and not wizard.next_button.isEnabled()
    pin.pin.clear()
    qtbot.keyClicks(pin.pin, PIN)
    qtbot.keyClicks(pin.repeat, PIN)
    go_next(qtbot, wizard)

    summary = wizard.summary_page.summary.text()
    assert "Booth 7, cabang Kediri (KDR)" in summary and PIN not in summary
    with qtbot.waitSignal(wizard.finished, timeout=10_000) as saved:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    settings: Settings = saved.args[0]
    config = tmp_path / "booth.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert settings == load_settings(config)
    booth = settings.booth
    assert (booth.hub_url, booth.booth_number, booth.branch_code) == (hub.base_url, 7, "KDR")
    assert (booth.camera, booth.camera_width, booth.camera_height) == ("synthetic", 1280, 720)
    assert booth.microphone == "echo-cancel-source" and booth.speaker == "echo-cancel-sink"
    assert booth.admin_pin_hash is not None and PasswordHasher().verify(booth.admin_pin_hash, PIN)
    assert token not in config.read_text()


def test_a_used_code_is_refused_in_plain_words(
    qtbot: QtBot, wizard_on_hub: tuple[SetupWizard, RunningHub]
) -> None:
    wizard, hub = wizard_on_hub
    code = enrollment_code(hub, 5)
    hub.client().enroll(code)  # someone used it already
    page = wizard.enroll_page
    page.code.setText(code)
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.banner.level() == "error", timeout=15_000)
    assert page.banner.text() == "Kode ini sudah dipakai. Minta kode baru ke admin hub."
    assert not wizard.next_button.isEnabled()
    page.code.setText("K7QM-2XPA")  # well-formed, but never issued
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "tidak mengenal" in page.banner.text(), timeout=15_000)
    page.code.setText("K7Q")
    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "8 huruf dan angka" in page.banner.text(), timeout=15_000)


def test_an_unreachable_hub_is_said_so(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, tmp_path)
    go_next(qtbot, wizard)
    connect_hub(qtbot, wizard, f"http://127.0.0.1:{free_port()}")
    page = wizard.hub_page
    assert page.banner.level() == "error"
    assert page.banner.text().startswith("Hub tidak terjangkau.")
    assert not wizard.next_button.isEnabled()
    connect_hub(qtbot, wizard, "ftp://hub")
    assert "tidak bisa dipakai" in page.banner.text()


def test_no_camera_stops_the_admin_with_a_hint(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, tmp_path, test_devices=False, sound=no_sound)
    wizard.go_to(3)
    page = wizard.camera_page
    assert page.camera_box.count() == 0
    assert page.banner.text() == "Tidak ada kamera. Colokkan kamera USB, tunggu sebentar, lalu tekan Cari ulang."
    assert not wizard.next_button.isEnabled()
    wizard.go_to(4)
    audio = wizard.audio_page
    assert "Server suara tidak berjalan" in audio.banner.text()
    assert not wizard.next_button.isEnabled()


class QrCamera(CameraSource):
    """A camera that sees a phone screen showing a QR code."""

    def __init__(self, text: str) -> None:
        super().__init__("qr", 640, 480, 15)
        qr = segno.make(text, error="m")
        matrix = np.array(list(qr.matrix), dtype=np.uint8)
        modules = np.kron(1 - matrix, np.ones((8, 8), np.uint8)) * 255
        picture = np.full((480, 640), 90, np.uint8)
        padded = np.pad(modules, 32, constant_values=255)
        y, x = (480 - padded.shape[0]) // 2, (640 - padded.shape[1]) // 2
        picture[y : y + padded.shape[0], x : x + padded.shape[1]] = padded
        self._image = np.dstack([picture] * 3)

    def start(self) -> None:
        self._publish(self._image)
        self._set_state(CameraState.RUNNING)

    def stop(self) -> None:
        self._set_state(CameraState.STOPPED)


def test_code_read_as_a_qr_from_the_camera(qtbot: QtBot, tmp_path: Path, fresh_hub: RunningHub) -> None:
    code = enrollment_code(fresh_hub, 4)
    wizard = make_wizard(qtbot, tmp_path, camera_factory=lambda *_: QrCamera(f"kiosk-enroll:{code}"))
    go_next(qtbot, wizard)
    connect_hub(qtbot, wizard, fresh_hub.base_url)
    go_next(qtbot, wizard)
    page = wizard.enroll_page
    with qtbot.waitSignal(page.qr_read, timeout=10_000) as read:
        qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert read.args == [code]
    qtbot.waitUntil(page.is_complete, timeout=15_000)
    assert "Booth 4" in page.identity.text()
    assert page.right.currentWidget() is page.keypad  # the camera is closed again


def test_the_language_step_switches_the_wizard_at_once(qtbot: QtBot, tmp_path: Path, qapp: object) -> None:
    from kiosk.ui.app import Translations

    translations = Translations(qapp, ("booth", "setup"), "id")  # type: ignore[arg-type]
    try:
        settings = Settings(booth={"device_token_file": str(tmp_path / "device-token")})
        wizard = SetupWizard(settings, tmp_path / "booth.toml", translations, cameras=list, sound=no_sound)
        qtbot.addWidget(wizard)
        wizard.show()
        assert wizard.next_button.text() == "Lanjut"
        qtbot.mouseClick(wizard.language_page.english, Qt.MouseButton.LeftButton)
        assert translations.language == "en" and wizard.result.language == "en"
        qtbot.waitUntil(lambda: wizard.next_button.text() == "Next", timeout=2000)  # LanguageChange is posted
        assert wizard.language_page.heading.text() == "Welcome"
        assert wizard.steps.item(1).text().endswith("2. Hub")
        assert wizard.steps.item(2).text().endswith("3. Enrollment")
    finally:
        translations.set_language("id")
        translations.deleteLater()
