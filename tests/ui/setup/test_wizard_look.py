"""The setup wizard as the admin sees it on the booth's touchscreen, with the setup theme applied: every touch
target at least 64 px tall, Back and Next apart, and a camera's name readable (not cut off)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.system.cameras import CameraChoice
from kiosk.ui.app import load_stylesheet
from kiosk.ui.setup.wizard import SetupWizard
from kiosk.video.camera import SyntheticCamera
from tests.ui.setup.test_wizard import no_sound, sound_with_echo_cancel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

TOUCH = 64
WEBCAM = "HD Pro Webcam C920 (usb-0000:00:14.0-1)"
LONG = "Logitech BRIO Ultra HD Pro Business Webcam with Windows Hello (usb-0000:00:14.0-3.2.1)"


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    """The setup app's stylesheet, as `kiosk setup` loads it (sizes come from the theme)."""
    before = qapp.styleSheet()
    qapp.setStyleSheet(load_stylesheet("setup"))
    yield
    qapp.setStyleSheet(before)


def wizard_with(qtbot: QtBot, tmp_path: Path, cameras: list[CameraChoice], **kwargs: object) -> SetupWizard:
    settings = Settings(booth={"device_token_file": str(tmp_path / "device-token")})
    wizard = SetupWizard(
        settings, tmp_path / "booth.toml", None, cameras=lambda: cameras,
        camera_factory=lambda _spec, w, h, fps: SyntheticCamera(w, h, fps, timecode=False),
        **kwargs,  # type: ignore[arg-type]
    )
    qtbot.addWidget(wizard)
    wizard.resize(1180, 780)
    wizard.show()
    return wizard


def touch_targets(wizard: SetupWizard) -> list[QWidget]:
    """Every visible thing on the page and in the button row that a finger presses."""
    found: list[QWidget] = []
    for kind in (QAbstractButton, QComboBox, QLineEdit):
        found += [w for w in wizard.findChildren(kind) if w.isVisible() and w.window() is wizard]
    return found


@pytest.mark.usefixtures("themed")
def test_every_touch_target_of_every_step_is_64_px_tall(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = wizard_with(qtbot, tmp_path, [CameraChoice("/dev/video0", WEBCAM)], sound=sound_with_echo_cancel,
                         test_devices=True)
    small = []
    for index in range(len(wizard.pages)):
        wizard.go_to(index)
        QApplication.processEvents()
        for widget in touch_targets(wizard):
            if widget.height() < TOUCH:
                label = widget.text() if isinstance(widget, QAbstractButton) else widget.objectName()
                small.append(f"step {index + 1}: {type(widget).__name__} {label!r} is {widget.height()} px")
    assert small == []


@pytest.mark.usefixtures("themed")
def test_back_and_next_do_not_touch(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = wizard_with(qtbot, tmp_path, [], sound=no_sound)
    wizard.go_to(3)
    QApplication.processEvents()
    back, forward = wizard.back_button.geometry(), wizard.next_button.geometry()
    assert forward.left() - back.right() >= 16


@pytest.mark.usefixtures("themed")
def test_a_camera_name_is_shown_whole_or_elided_in_the_middle_with_a_tooltip(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = wizard_with(qtbot, tmp_path, [CameraChoice("/dev/video0", WEBCAM), CameraChoice("/dev/video2", LONG)],
                         sound=no_sound)
    wizard.go_to(3)
    box = wizard.camera_page.camera_box
    qtbot.waitUntil(lambda: box.count() == 2)
    QApplication.processEvents()
    assert box.shown_text() == WEBCAM and box.toolTip() == WEBCAM  # a usual webcam name fits whole

    box.setCurrentIndex(1)
    shown = box.shown_text()
    assert box.toolTip() == LONG
    assert "…" in shown and shown.startswith("Logitech BRIO") and shown.endswith("3.2.1)")
