"""The admin PIN: checking it against its argon2 hash, the wrong-PIN rate limit, and the pad that asks for it.

The PIN and the PIN hash are never logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.ui.widgets.base import Retranslatable
from kiosk.ui.widgets.keypad import NumericKeypad
from kiosk.ui.widgets.overlay import Overlay

log = logging.getLogger(__name__)


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
