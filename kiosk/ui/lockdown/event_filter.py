"""The event filter that keeps a participant in the booth window and lets the admin out.

It swallows leaving keys (`keys.is_blocked_key`) and close requests, puts a fullscreen window back into
fullscreen, and watches the gesture corner: the gesture opens the PIN pad, the right PIN the admin menu.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Settings
from kiosk.ui.lockdown.admin_menu import AdminMenu
from kiosk.ui.lockdown.gesture import GESTURE_CORNER_PX, TapGesture
from kiosk.ui.lockdown.keys import is_blocked_key
from kiosk.ui.lockdown.pin_pad import PinAttemptLimiter, PinPad

if TYPE_CHECKING:
    from kiosk.video.camera import CameraSource

log = logging.getLogger(__name__)


class Lockdown(QObject):
    """The event filter that keeps a participant in the booth window and lets the admin out (see the package doc)."""

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
