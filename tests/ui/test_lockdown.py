"""Kiosk lockdown: leaving keys and close requests are ignored, the corner gesture asks for the admin PIN, wrong
PINs are rate-limited, and the admin menu runs the doctor, shows the settings without secrets, restarts and exits."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.doctor.report import Report, Status
from kiosk.ui.lockdown import (
    GESTURE_CORNER_PX,
    Lockdown,
    PinAttemptLimiter,
    TapGesture,
    check_pin,
    is_blocked_key,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

PIN = "482915"
# Cheap argon2 parameters: the tests check the logic, not the cost.
PIN_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PIN)

K = Qt.Key
M = Qt.KeyboardModifier


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        (K.Key_F4, M.AltModifier),
        (K.Key_Tab, M.AltModifier),
        (K.Key_Backtab, M.AltModifier | M.ShiftModifier),
        (K.Key_Backspace, M.ControlModifier | M.AltModifier),
        (K.Key_Delete, M.ControlModifier | M.AltModifier),
        (K.Key_F2, M.ControlModifier | M.AltModifier),
        (K.Key_W, M.ControlModifier),
        (K.Key_Q, M.ControlModifier),
        (K.Key_Q, M.ControlModifier | M.ShiftModifier),
        (K.Key_Escape, M.NoModifier),
        (K.Key_F11, M.NoModifier),
        (K.Key_Super_L, M.NoModifier),
        (K.Key_D, M.MetaModifier),
    ],
)
def test_leaving_key_combinations_are_blocked(key: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    assert is_blocked_key(key, mods)


@pytest.mark.parametrize(
    ("key", "mods"),
    [(K.Key_5, M.NoModifier), (K.Key_A, M.ShiftModifier), (K.Key_Backspace, M.NoModifier),
     (K.Key_Return, M.NoModifier), (K.Key_Tab, M.NoModifier), (K.Key_V, M.ControlModifier)],
)
def test_typing_keys_are_not_blocked(key: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    assert not is_blocked_key(key, mods)


def test_tap_gesture_needs_five_taps_within_three_seconds() -> None:
    gesture = TapGesture()
    assert not any(gesture.tap(t) for t in (0.0, 1.0, 2.0, 3.0))
    assert not gesture.tap(3.5)  # five taps, but spread over 3.5 s
    assert gesture.tap(4.0)  # 1.0 .. 4.0: the last five within 3 s
    assert not gesture.tap(4.1)  # starts over after a recognised gesture


def test_pin_limiter_locks_out_longer_and_longer() -> None:
    clock = FakeClock()
    limiter = PinAttemptLimiter(free_attempts=3, first_lockout_s=30, max_lockout_s=100, clock=clock)
    assert [limiter.failure() for _ in range(2)] == [0, 0]
    assert limiter.failure() == 30
    clock.now += 30
    assert limiter.wait_s() == 0
    assert limiter.failure() == 60
    clock.now += 60
    assert limiter.failure() == 100  # capped
    limiter.success()
    assert limiter.wait_s() == 0 and limiter.failures == 0


def test_check_pin() -> None:
    assert check_pin(PIN_HASH, PIN)
    assert not check_pin(PIN_HASH, "000000")
    assert not check_pin(None, PIN)
    assert not check_pin("not a hash", PIN)


# -- the lockdown on a real window ----------------------------------------------------------------------------


class Calls:
    def __init__(self) -> None:
        self.restart = 0
        self.exit = 0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def booth(qtbot: QtBot, clock: FakeClock) -> tuple[QWidget, Lockdown, Calls]:
    window = QWidget()
    window.setObjectName("boothWindow")
    layout = QVBoxLayout(window)
    field = QLineEdit(window)
    field.setObjectName("typing")
    layout.addWidget(field)
    quit_action = QAction(window)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.triggered.connect(lambda: window.setProperty("quit_ran", True))
    window.addAction(quit_action)
    window.resize(1024, 768)
    settings = Settings(
        booth={"admin_pin_hash": PIN_HASH, "fullscreen": False, "camera": "synthetic",
               "hub_url": "http://127.0.0.1:9"}
    )
    calls = Calls()

    def restart() -> None:
        calls.restart += 1

    def leave() -> None:
        calls.exit += 1

    lockdown = Lockdown(window, settings, on_restart=restart, on_exit=leave,
                        limiter=PinAttemptLimiter(clock=clock))
    lockdown.install()
    # Uninstalled as pytest-qt closes the window: the UI tests' teardown then deletes the window (and with it the
    # Lockdown, its child) before this fixture's own code after `yield` would run.
    qtbot.addWidget(window, before_close_func=lambda _: lockdown.uninstall())
    window.show()
    qtbot.waitExposed(window)
    return window, lockdown, calls


def tap(window: QWidget, x: int, y: int) -> None:
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))


def test_close_and_quit_keys_are_ignored(qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls]) -> None:
    window, lockdown, _ = booth
    assert not window.close()
    assert window.isVisible()
    QTest.keyClick(window, K.Key_Q, M.ControlModifier)
    QTest.keyClick(window, K.Key_F4, M.AltModifier)
    assert window.property("quit_ran") is None
    assert window.isVisible()
    field = window.findChild(QLineEdit, "typing")
    field.setFocus()
    QTest.keyClicks(field, "abc123")
    QTest.keyClick(field, K.Key_Escape)
    assert field.text() == "abc123"  # ordinary typing still works
    lockdown.allow_close()
    assert window.close()


def test_five_taps_in_the_corner_ask_for_the_pin(qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls]) -> None:
    window, lockdown, _ = booth
    for _ in range(5):
        tap(window, 500, 400)  # the middle of the screen: a participant's taps
    assert not lockdown.pin_pad.isVisible()
    for _ in range(4):
        tap(window, 10, 10)
    assert not lockdown.pin_pad.isVisible()
    with qtbot.waitSignal(lockdown.gesture_recognised, timeout=1000):
        tap(window, GESTURE_CORNER_PX - 5, 20)
    assert lockdown.pin_pad.isVisible()
    assert lockdown.pin_pad.field.echoMode() == QLineEdit.EchoMode.Password


def test_wrong_pins_are_rate_limited(
    qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls], clock: FakeClock
) -> None:
    _window, lockdown, _ = booth
    lockdown.open_pin_pad()
    pad = lockdown.pin_pad
    for attempt in range(3):
        for digit in "111111":
            pad.keypad.press(digit)
        qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
        if attempt < 2:
            assert pad.message.text() == "PIN salah."
    assert "Coba lagi dalam 30 detik" in pad.message.text()
    assert not pad.ok_button.isEnabled() and not pad.keypad.isEnabled()
    # Even the right PIN does not open the menu while locked out.
    pad.field.setText(PIN)
    pad.submit()
    assert not lockdown.admin_menu.isVisible()
    clock.now += 31
    qtbot.waitUntil(lambda: pad.ok_button.isEnabled(), timeout=2000)
    for digit in PIN:
        pad.keypad.press(digit)
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    assert lockdown.admin_menu.isVisible()
    assert not pad.isVisible()
    assert lockdown.limiter.failures == 0


def test_cancel_closes_the_pad(qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls]) -> None:
    _, lockdown, _ = booth
    lockdown.open_pin_pad()
    qtbot.mouseClick(lockdown.pin_pad.cancel_button, Qt.MouseButton.LeftButton)
    assert not lockdown.pin_pad.isVisible()
    assert not lockdown.admin_menu.isVisible()


def test_admin_menu_shows_settings_without_secrets(qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls]) -> None:
    _, lockdown, _ = booth
    lockdown.admin_menu.open()
    qtbot.mouseClick(lockdown.admin_menu.config_button, Qt.MouseButton.LeftButton)
    text = lockdown.admin_menu.output.toPlainText()
    assert 'camera = "synthetic"' in text
    assert "admin_pin_hash = \"•••• (disembunyikan)\"" in text
    assert PIN_HASH not in text and "argon2" not in text


def test_admin_menu_runs_the_doctor(qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls]) -> None:
    _, lockdown, _ = booth
    menu = lockdown.admin_menu
    menu.open()
    with qtbot.waitSignal(menu.doctor_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(menu.doctor_button, Qt.MouseButton.LeftButton)
    report: Report = blocker.args[0]
    assert report.get("camera").status is Status.PASS
    assert report.get("hub").status is Status.FAIL
    text = menu.output.toPlainText()
    assert "Kamera" in text and "GAGAL" in text
    assert menu.doctor_button.isEnabled()


def test_restart_and_exit_need_a_second_touch(qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls]) -> None:
    _, lockdown, calls = booth
    menu = lockdown.admin_menu
    menu.open()
    qtbot.mouseClick(menu.restart_button, Qt.MouseButton.LeftButton)
    assert calls.restart == 0
    assert menu.restart_button.text() == "Sentuh lagi untuk memastikan"
    qtbot.mouseClick(menu.exit_button, Qt.MouseButton.LeftButton)  # arming another button disarms the first
    assert menu.restart_button.text() == "Mulai ulang aplikasi"
    qtbot.mouseClick(menu.exit_button, Qt.MouseButton.LeftButton)
    assert calls.exit == 1 and calls.restart == 0
    menu.open()
    qtbot.mouseClick(menu.restart_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(menu.restart_button, Qt.MouseButton.LeftButton)
    assert calls.restart == 1


def test_close_button_locks_again(qtbot: QtBot, booth: tuple[QWidget, Lockdown, Calls]) -> None:
    _, lockdown, _ = booth
    lockdown.admin_menu.open()
    qtbot.mouseClick(lockdown.admin_menu.close_button, Qt.MouseButton.LeftButton)
    assert not lockdown.admin_menu.isVisible()


def test_the_booth_unit_keeps_the_admin_exit_and_restarts_the_rest() -> None:
    import configparser
    from pathlib import Path

    from kiosk.ui.lockdown import EXIT_ADMIN_EXIT, EXIT_RESTART

    unit = Path(__file__).resolve().parents[2] / "deploy" / "systemd" / "kiosk-booth.service"
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(unit)
    service = parser["Service"]
    assert service["Restart"] == "always"
    assert service["RestartPreventExitStatus"].split() == [str(EXIT_ADMIN_EXIT)]
    assert service["SuccessExitStatus"].split() == [str(EXIT_ADMIN_EXIT)]
    assert str(EXIT_RESTART) not in service["RestartPreventExitStatus"].split()


def test_admin_exit_is_marked_for_the_service_manager(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.ui.lockdown import EXIT_ADMIN_EXIT, install_lockdown

    marker = tmp_path / "admin-exit"
    monkeypatch.setenv("KIOSK_ADMIN_EXIT_FILE", str(marker))
    window = QWidget()
    qtbot.addWidget(window)
    codes: list[int] = []
    monkeypatch.setattr("kiosk.ui.lockdown.install.QApplication.exit", lambda code=0: codes.append(code))
    lockdown = install_lockdown(window, Settings(booth={"admin_pin_hash": PIN_HASH, "fullscreen": False}))
    try:
        lockdown.admin_menu.open()
        qtbot.mouseClick(lockdown.admin_menu.exit_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(lockdown.admin_menu.exit_button, Qt.MouseButton.LeftButton)
        assert codes == [EXIT_ADMIN_EXIT]
        assert marker.read_text() == "admin exit\n"
        assert window.close()  # the lockdown lets the window go now
    finally:
        lockdown.uninstall()
