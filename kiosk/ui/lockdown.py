"""Kiosk lockdown for the booth window: no way out for a participant, a hidden way in for the admin.

One call from the booth app installs it::

    lockdown = install_lockdown(window, settings, ctx=ctx, camera=lambda: booth.camera)

What it does:

- an application-wide event filter swallows the key combinations that close, switch or leave a window (Alt+F4,
  Alt+Tab, Ctrl+Alt+Backspace, Ctrl+W/Q, Esc, F11, the Super key, ...), and the window ignores close requests;
- a fullscreen window that leaves fullscreen is put back;
- five taps in the top-left corner within three seconds open a PIN pad (the PIN's argon2 hash is in
  ``booth.admin_pin_hash``); wrong PINs are rate-limited (`PinAttemptLimiter`);
- the right PIN opens the admin menu: run the doctor, show the configuration with secrets hidden, restart, exit.
  The menu closes itself after two idle minutes, so a booth is never left unlocked.

Restart and exit end the app with `EXIT_RESTART` or `EXIT_ADMIN_EXIT`. Under systemd (deploy/systemd/
kiosk-booth.service) ``Restart=always`` starts the booth again after a restart; after an exit the unit's
ExecStopPost starts a login prompt on tty1 instead, which (by ``Conflicts=``) keeps the booth stopped so the
admin can work on the PC. Because the cage compositor may not pass the app's exit status on, the exit is also
marked in the file named by ``$KIOSK_ADMIN_EXIT_FILE``. Outside systemd a restart re-executes the program.

The compositor (cage) has no task switcher and no window decorations, so the filter is the second line: it matters
on a desktop session, in development, and for key combinations an app could otherwise act on itself. The PIN
and the PIN hash are never logged.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from kiosk.config import Settings
from kiosk.ui.widgets.base import Retranslatable
from kiosk.ui.widgets.keypad import NumericKeypad
from kiosk.ui.widgets.overlay import Overlay

if TYPE_CHECKING:
    from kiosk.doctor.report import Report
    from kiosk.ui.app import AppContext
    from kiosk.video.camera import CameraSource

log = logging.getLogger(__name__)

#: Exit code after the admin chose "restart": the service manager (or `_reexec`) starts the booth again.
EXIT_RESTART = 11
#: Exit code after the admin chose "exit": deploy/systemd/kiosk-booth.service does not restart on it.
EXIT_ADMIN_EXIT = 10

#: Taps in the corner, the time they must fall into, and the corner's size in pixels.
GESTURE_TAPS = 5
GESTURE_WINDOW_S = 3.0
GESTURE_CORNER_PX = 96

#: The admin menu locks itself after this long without a touch.
ADMIN_IDLE_S = 120.0


# -- rules without Qt widgets ---------------------------------------------------------------------------------


class PinAttemptLimiter:
    """Wrong-PIN rate limit: a few free attempts, then a lockout that doubles with every further wrong PIN.

    With the defaults, guessing a 6-digit PIN takes years: after 3 wrong PINs each next one costs 30 s, 60 s,
    2 min, ... up to 15 min.
    """

    def __init__(
        self,
        free_attempts: int = 3,
        first_lockout_s: float = 30.0,
        max_lockout_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free_attempts = free_attempts
        self.first_lockout_s = first_lockout_s
        self.max_lockout_s = max_lockout_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    @property
    def failures(self) -> int:
        """Wrong PINs since the last right one."""
        return self._failures

    def wait_s(self) -> float:
        """Seconds before the next attempt is allowed (0: now)."""
        return max(0.0, self._locked_until - self._clock())

    def failure(self) -> float:
        """Count a wrong PIN; return the seconds the pad is now locked for."""
        self._failures += 1
        over = self._failures - self.free_attempts
        if over >= 0:
            lockout = min(self.max_lockout_s, self.first_lockout_s * (2**over))
            self._locked_until = self._clock() + lockout
        return self.wait_s()

    def success(self) -> None:
        """The right PIN: forget the failures."""
        self._failures = 0
        self._locked_until = 0.0


class TapGesture:
    """Recognises `taps` taps within `window_s` seconds (the caller decides what counts as a tap)."""

    def __init__(self, taps: int = GESTURE_TAPS, window_s: float = GESTURE_WINDOW_S) -> None:
        self.taps = taps
        self.window_s = window_s
        self._times: deque[float] = deque(maxlen=taps)

    def tap(self, at: float) -> bool:
        """Count a tap at time `at` (seconds); True when it completes the gesture (which then starts over)."""
        self._times.append(at)
        if len(self._times) == self.taps and self._times[-1] - self._times[0] <= self.window_s:
            self._times.clear()
            return True
        return False

    def reset(self) -> None:
        """Forget the taps so far."""
        self._times.clear()


_K = Qt.Key
_FUNCTION_KEYS = frozenset({getattr(_K, f"Key_F{i}") for i in range(1, 13)})
_ALWAYS_BLOCKED = frozenset({_K.Key_Escape, _K.Key_F11, _K.Key_Meta, _K.Key_Super_L, _K.Key_Super_R})
_ALT_BLOCKED = frozenset({_K.Key_F4, _K.Key_Tab, _K.Key_Backtab, _K.Key_Escape, _K.Key_Space, _K.Key_F2})
_CTRL_ALT_BLOCKED = frozenset({_K.Key_Backspace, _K.Key_Delete}) | _FUNCTION_KEYS
_CTRL_BLOCKED = frozenset({_K.Key_W, _K.Key_Q, _K.Key_Escape, _K.Key_F4})


def is_blocked_key(key: int | Qt.Key, modifiers: Qt.KeyboardModifier) -> bool:
    """True for a key combination that would close, switch or leave the booth window."""
    key = Qt.Key(key)
    mods = Qt.KeyboardModifier
    ctrl = bool(modifiers & mods.ControlModifier)
    alt = bool(modifiers & mods.AltModifier)
    meta = bool(modifiers & mods.MetaModifier)
    if meta or key in _ALWAYS_BLOCKED:  # every Super combination belongs to the desktop, never to the booth
        return True
    if ctrl and alt and key in _CTRL_ALT_BLOCKED:
        return True
    if alt and key in _ALT_BLOCKED:
        return True
    return ctrl and key in _CTRL_BLOCKED


def check_pin(pin_hash: str | None, pin: str) -> bool:
    """True when `pin` matches the argon2 hash (False for no hash or a broken one)."""
    if not pin_hash or not pin:
        return False
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(PasswordHasher().verify(pin_hash, pin))
    except (VerificationError, InvalidHashError):
        return False


# -- the PIN pad and the admin menu ---------------------------------------------------------------------------


class PinPad(Retranslatable, Overlay):
    """A PIN pad over the booth window: a masked field, the on-screen digits, OK and cancel."""

    #: The right PIN was entered.
    accepted = Signal()
    #: The admin cancelled.
    cancelled = Signal()

    def __init__(self, parent: QWidget, pin_hash: str | None, limiter: PinAttemptLimiter) -> None:
        super().__init__(parent, "adminPinPad")
        self._pin_hash = pin_hash
        self._limiter = limiter
        self.title = QLabel(self.card())
        self.title.setProperty("role", "subtitle")
        self.field = QLineEdit(self.card())
        self.field.setObjectName("adminPinField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(12)
        self.field.setProperty("role", "digits")
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.returnPressed.connect(self.submit)
        self.message = QLabel(self.card())
        self.message.setObjectName("adminPinMessage")
        self.message.setWordWrap(True)
        self.keypad = NumericKeypad(self.card())
        self.keypad.set_target(self.field)
        self.ok_button = QPushButton(self.card())
        self.ok_button.setObjectName("adminPinOk")
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.card())
        self.cancel_button.setObjectName("adminPinCancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        for widget in (self.title, self.field, self.message, self.keypad):
            self.card_layout.addWidget(widget)
        self.card_layout.addLayout(buttons)
        self._tick = QTimer(self)
        self._tick.setInterval(500)
        self._tick.timeout.connect(self._show_wait)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts."""
        self.title.setText(self.tr("Masukkan PIN admin"))
        self.ok_button.setText(self.tr("Masuk"))
        self.cancel_button.setText(self.tr("Batal"))
        self._show_wait()

    def open(self) -> None:
        """Show the pad with an empty field."""
        self.field.clear()
        self.message.clear()
        self._show_wait()
        super().open()
        self.field.setFocus()

    def submit(self) -> None:
        """Check the typed PIN (unless locked out)."""
        pin = self.field.text()
        self.field.clear()
        if self._limiter.wait_s() > 0:
            self._show_wait()
            return
        if not self._pin_hash:
            self.message.setText(self.tr("PIN admin belum diatur. Jalankan kiosk setup di PC ini."))
            return
        if check_pin(self._pin_hash, pin):
            self._limiter.success()
            log.info("admin PIN accepted; admin menu opened")
            self.close_overlay()
            self.accepted.emit()
            return
        wait = self._limiter.failure()
        log.warning("wrong admin PIN (%d in a row)", self._limiter.failures)
        if wait > 0:
            self._show_wait()
        else:
            self.message.setText(self.tr("PIN salah."))

    def cancel(self) -> None:
        """Close the pad."""
        self.field.clear()
        self.close_overlay()
        self.cancelled.emit()

    def _show_wait(self) -> None:
        wait = self._limiter.wait_s()
        locked = wait > 0
        self.ok_button.setEnabled(not locked)
        self.keypad.setEnabled(not locked)
        if locked:
            self.message.setText(self.tr("Terlalu banyak PIN salah. Coba lagi dalam %n detik.", "", int(wait + 0.999)))
            if not self._tick.isActive():
                self._tick.start()
        else:
            if self._tick.isActive():
                self._tick.stop()
                self.message.clear()


class _DoctorRunner(QObject):
    """Runs the doctor in a thread and hands the report back on the GUI thread."""

    finished = Signal(object)

    def start(self, settings: Settings, language: str, camera: CameraSource | None) -> None:
        def work() -> None:
            from kiosk.doctor.checks import run_checks

            self.finished.emit(run_checks(settings, language=language, camera=camera))

        threading.Thread(target=work, name="admin-doctor", daemon=True).start()


class AdminMenu(Retranslatable, Overlay):
    """The admin's menu over the booth window: doctor, configuration (secrets hidden), restart, exit."""

    restart_requested = Signal()
    exit_requested = Signal()
    #: The doctor's report arrived (the `kiosk.doctor.Report`).
    doctor_finished = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        settings: Settings,
        camera: Callable[[], CameraSource | None] | None = None,
        language: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent, "adminMenu")
        self._settings = settings
        self._camera = camera or (lambda: None)
        self._language = language or (lambda: settings.booth.language)
        self._armed: QPushButton | None = None
        self.title = QLabel(self.card())
        self.title.setProperty("role", "subtitle")
        self.doctor_button = self._button("adminDoctor", self.run_doctor)
        self.config_button = self._button("adminConfig", self.show_config)
        self.restart_button = self._button("adminRestart", lambda: self._confirm(self.restart_button))
        self.exit_button = self._button("adminExit", lambda: self._confirm(self.exit_button))
        self.close_button = self._button("adminClose", self.lock)
        self.output = QPlainTextEdit(self.card())
        self.output.setObjectName("adminOutput")
        self.output.setReadOnly(True)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSize(11)
        self.output.setFont(mono)
        self.output.setStyleSheet("font-size: 11pt;")
        self.output.setMinimumSize(600, 400)
        grid = QGridLayout()
        for index, button in enumerate(
            (self.doctor_button, self.config_button, self.restart_button, self.exit_button, self.close_button)
        ):
            grid.addWidget(button, index, 0)
        grid.addWidget(self.output, 0, 1, 5, 1)
        self.card_layout.addWidget(self.title)
        self.card_layout.addLayout(grid)
        self._runner = _DoctorRunner(self)
        self._runner.finished.connect(self._doctor_done)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(int(ADMIN_IDLE_S * 1000))
        self._idle.timeout.connect(self.lock)
        self._disarm = QTimer(self)
        self._disarm.setSingleShot(True)
        self._disarm.setInterval(5000)
        self._disarm.timeout.connect(self._reset_confirm)
        self.retranslate()

    def _button(self, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self.card())
        button.setMinimumWidth(400)  # the booth theme's large type: "Tampilkan konfigurasi" must fit
        button.setObjectName(name)
        button.clicked.connect(self._idle_restart)
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        """Texts."""
        self.title.setText(self.tr("Menu admin"))
        self.doctor_button.setText(self.tr("Periksa booth"))
        self.config_button.setText(self.tr("Tampilkan konfigurasi"))
        self.close_button.setText(self.tr("Tutup dan kunci"))
        self._reset_confirm()

    def open(self) -> None:
        """Show the menu and start its idle timer."""
        self.output.clear()
        self._reset_confirm()
        super().open()
        self._idle.start()

    def lock(self) -> None:
        """Close the menu: the booth is locked again."""
        self._idle.stop()
        self.output.clear()
        self.close_overlay()
        log.info("admin menu closed")

    def run_doctor(self) -> None:
        """Run `kiosk doctor`'s checks (in a thread) and show the table."""
        self.doctor_button.setEnabled(False)
        self.output.setPlainText(self.tr("Memeriksa kamera, suara, hub dan disk..."))
        self._runner.start(self._settings, self._language(), self._camera())

    def show_config(self) -> None:
        """Show the booth's settings with every secret hidden."""
        from kiosk.doctor.redaction import redacted_settings_toml

        self.output.setPlainText(redacted_settings_toml(self._settings))

    def _doctor_done(self, report: Report) -> None:
        self.doctor_button.setEnabled(True)
        self.output.setPlainText(report.table(width=96))
        self.doctor_finished.emit(report)

    def _confirm(self, button: QPushButton) -> None:
        # Restart and exit end a participant's session: the first touch arms, the second (within 5 s) acts.
        if self._armed is not button:
            self._reset_confirm()
            self._armed = button
            button.setText(self.tr("Sentuh lagi untuk memastikan"))
            self._disarm.start()
            return
        self._reset_confirm()
        self._idle.stop()
        if button is self.restart_button:
            log.info("admin chose restart")
            self.restart_requested.emit()
        else:
            log.info("admin chose exit")
            self.exit_requested.emit()

    def _reset_confirm(self) -> None:
        self._armed = None
        self.restart_button.setText(self.tr("Mulai ulang aplikasi"))
        self.exit_button.setText(self.tr("Keluar dari aplikasi"))

    def _idle_restart(self) -> None:
        self._idle.start()


# -- the lockdown ---------------------------------------------------------------------------------------------


class Lockdown(QObject):
    """The event filter that keeps a participant in the booth window and lets the admin out (see module doc)."""

    #: The corner gesture was recognised (the PIN pad opens).
    gesture_recognised = Signal()

    def __init__(
        self,
        window: QWidget,
        settings: Settings,
        on_restart: Callable[[], None],
        on_exit: Callable[[], None],
        camera: Callable[[], CameraSource | None] | None = None,
        language: Callable[[], str] | None = None,
        limiter: PinAttemptLimiter | None = None,
        corner: Qt.Corner = Qt.Corner.TopLeftCorner,
        corner_px: int = GESTURE_CORNER_PX,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.corner = corner
        self.corner_px = corner_px
        self.gesture = TapGesture()
        self.limiter = limiter or PinAttemptLimiter()
        self._close_allowed = False
        self._last_tap_stamp: int | None = None
        self.pin_pad = PinPad(window, settings.booth.admin_pin_hash, self.limiter)
        self.admin_menu = AdminMenu(window, settings, camera, language)
        self.pin_pad.accepted.connect(self.admin_menu.open)
        self.admin_menu.restart_requested.connect(on_restart)
        self.admin_menu.exit_requested.connect(on_exit)

    # -- public -----------------------------------------------------------------------------------------------

    def install(self) -> None:
        """Start filtering (application-wide, so dialogs and every widget of the window are covered)."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if self.settings.booth.fullscreen:
            self.window.setWindowState(self.window.windowState() | Qt.WindowState.WindowFullScreen)

    def uninstall(self) -> None:
        """Stop filtering (tests; the admin's exit)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def allow_close(self) -> None:
        """Let the window close from now on (before the app quits on the admin's request)."""
        self._close_allowed = True
        self.uninstall()

    def open_pin_pad(self) -> None:
        """Ask for the admin PIN (what the gesture does)."""
        if not self.pin_pad.isVisible() and not self.admin_menu.isVisible():
            self.pin_pad.open()

    def in_corner(self, global_pos: QPointF) -> bool:
        """True when `global_pos` lies in the gesture's corner of the window."""
        local = self.window.mapFromGlobal(global_pos.toPoint())
        size = self.corner_px
        width, height = self.window.width(), self.window.height()
        left = local.x() < size
        right = local.x() >= width - size
        top = local.y() < size
        bottom = local.y() >= height - size
        inside = 0 <= local.x() < width and 0 <= local.y() < height
        corners = {
            Qt.Corner.TopLeftCorner: left and top,
            Qt.Corner.TopRightCorner: right and top,
            Qt.Corner.BottomLeftCorner: left and bottom,
            Qt.Corner.BottomRightCorner: right and bottom,
        }
        return inside and corners[self.corner]

    # -- the filter -------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Swallow leaving keys and close requests; watch the corner for the admin gesture."""
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease):
            assert isinstance(event, QKeyEvent)
            if is_blocked_key(event.key(), event.modifiers()):
                # An accepted ShortcutOverride stops Qt from running a shortcut (a QAction's Ctrl+Q) for it.
                event.accept()
                return True
            return False
        if kind == QEvent.Type.Close and watched is self.window and not self._close_allowed:
            assert isinstance(event, QCloseEvent)
            event.ignore()
            log.info("close request ignored (kiosk lockdown)")
            return True
        if kind == QEvent.Type.WindowStateChange and watched is self.window:
            if self.settings.booth.fullscreen and not self._close_allowed and not self.window.isFullScreen():
                QTimer.singleShot(0, self.window.showFullScreen)
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self._maybe_tap(watched, event)
        return False

    def _maybe_tap(self, watched: QObject, event: QEvent) -> None:
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return
        if isinstance(event, QMouseEvent):
            position = event.globalPosition()
            stamp = event.timestamp()
        elif isinstance(event, QTouchEvent) and event.points():
            position = event.points()[0].globalPosition()
            stamp = event.timestamp()
        else:
            return
        # One touch reaches the filter several times (the widget, each parent it propagates to, the mouse event
        # Qt synthesises from it); they all carry the same timestamp, so count each timestamp once.
        if stamp == self._last_tap_stamp:
            return
        self._last_tap_stamp = stamp
        if not self.in_corner(position):
            return
        if self.gesture.tap(time.monotonic()):
            log.info("admin gesture recognised")
            self.gesture_recognised.emit()
            self.open_pin_pad()


def _reexec() -> None:
    """Start this program again in place of the current process (used after the app has shut down)."""
    os.execv(sys.executable, [sys.executable, "-m", "kiosk", *sys.argv[1:]])


def install_lockdown(
    window: QWidget,
    settings: Settings,
    ctx: AppContext | None = None,
    camera: Callable[[], CameraSource | None] | None = None,
    on_restart: Callable[[], None] | None = None,
    on_exit: Callable[[], None] | None = None,
) -> Lockdown:
    """Lock `window` down (see the module doc) and return the `Lockdown`.

    `ctx` ends the app for restart and exit; `camera` lends the booth's running camera to the doctor.
    """

    def quit_with(code: int) -> None:
        lockdown.allow_close()
        if ctx is not None:
            ctx.quit(code)
        else:
            QApplication.exit(code)

    def restart() -> None:
        # systemd starts the unit again by itself (Restart=always); elsewhere re-execute once Qt has shut down.
        if "INVOCATION_ID" not in os.environ:
            atexit.register(_reexec)
        quit_with(EXIT_RESTART)

    def admin_exit() -> None:
        marker = os.environ.get("KIOSK_ADMIN_EXIT_FILE")
        if marker:
            try:
                Path(marker).write_text("admin exit\n", encoding="utf-8")
            except OSError as exc:  # the exit code still tells systemd
                log.warning("cannot mark the admin's exit in %s: %s", marker, exc)
        quit_with(EXIT_ADMIN_EXIT)

    def language() -> str:
        return ctx.translations.language if ctx is not None else settings.booth.language

    lockdown = Lockdown(
        window,
        settings,
        on_restart=on_restart or restart,
        on_exit=on_exit or admin_exit,
        camera=camera,
        language=language,
    )
    lockdown.install()
    return lockdown
