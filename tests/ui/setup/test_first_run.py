"""The issue's "done when": from a fresh configuration, `kiosk booth` leads the admin through setup to an enrolled,
locked-down booth that the hub (and so the branch dashboard) shows online with its devices' state."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Settings, load_settings
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.setup.command import needs_setup
from kiosk.ui.setup.wizard import SetupWizard
from tests.support.hub import RunningHub


def top_level(kind: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


@pytest.mark.slow
def test_fresh_booth_is_set_up_and_comes_online(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, fresh_hub: RunningHub, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kiosk.ui.app import create_context
    from kiosk.ui.booth.main import booth_spec
    from kiosk.ui.booth.window import BoothWindow
    from kiosk.ui.launch import setup_then_booth

    config = tmp_path / "booth.toml"
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    monkeypatch.setenv("KIOSK_SETUP_TEST_DEVICES", "1")  # the synthetic camera and a test tone, no devices here
    fresh = Settings(booth={"device_token_file": str(tmp_path / "device-token"), "fullscreen": False})
    assert needs_setup(fresh)

    ctx = create_context(booth_spec(fresh))
    ctx._done = qt_loop.create_future()
    qt_loop.create_task(setup_then_booth(fresh)(ctx))
    qtbot.waitUntil(lambda: top_level(SetupWizard) is not None, timeout=5000)
    wizard = top_level(SetupWizard)
    assert isinstance(wizard, SetupWizard)

    def go_next() -> None:
        qtbot.waitUntil(wizard.next_button.isEnabled, timeout=15_000)
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    go_next()
    wizard.hub_page.url.setText(fresh_hub.base_url)
    wizard.hub_page.test()
    go_next()
    wizard.enroll_page.code.setText(fresh_hub.client(fresh_hub.admin_token()).create_enrollment_code("KDR", 8).code)
    wizard.enroll_page.submit()
    go_next()
    go_next()  # the synthetic camera delivers
    wizard.audio_page.mic_box.setCurrentIndex(wizard.audio_page.mic_box.findData("tone"))
    wizard.audio_page.mic_box.activated.emit(wizard.audio_page.mic_box.currentIndex())
    go_next()
    wizard.pin_page.pin.setText("482915")
    wizard.pin_page.repeat.setText("482915")
    go_next()
    go_next()  # save

    qtbot.waitUntil(lambda: top_level(BoothWindow) is not None, timeout=15_000)
    window = top_level(BoothWindow)
    assert isinstance(window, BoothWindow)
    lockdown = window.findChild(Lockdown)
    assert lockdown is not None and not window.close()  # locked down
    saved = load_settings(config)
    assert not needs_setup(saved) and saved.booth.booth_number == 8

    supervisor = fresh_hub.client(fresh_hub.supervisor_token())

    def booth_eight() -> object:
        return next(b for b in supervisor.list_booths("KDR") if b.number == 8)

    qtbot.waitUntil(lambda: booth_eight().connected and booth_eight().camera_ok is True, timeout=20_000)
    assert booth_eight().microphone_ok is True  # the test tone
    lockdown.allow_close()
    window.close()
    # Let the booth's signaling and heartbeat tasks finish their cancellation while the loop still runs.
    pending = [t for t in asyncio.all_tasks(qt_loop) if not t.done()]
    for task in pending:
        task.cancel()
    qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=5000)
