"""A big on-screen countdown (capture requests, "are you still there?")."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget


class Countdown(QLabel):
    """Shows whole seconds left and emits `finished` at zero; `tick` carries the seconds left."""

    finished = Signal()
    tick = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "countdown")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._update)
        self._deadline = 0.0
        self._shown = -1

    def start(self, seconds: float) -> None:
        """Count down from `seconds`."""
        self._deadline = time.monotonic() + max(0.0, seconds)
        self._shown = -1
        self._update()
        if self.remaining() > 0:
            self._timer.start()

    def cancel(self) -> None:
        """Stop without emitting `finished`."""
        self._timer.stop()

    def is_running(self) -> bool:
        """True while counting."""
        return self._timer.isActive()

    def remaining(self) -> float:
        """Seconds left (0 when done)."""
        return max(0.0, self._deadline - time.monotonic())

    def _update(self) -> None:
        left = self.remaining()
        whole = math.ceil(left)
        if whole != self._shown:
            self._shown = whole
            self.setText(str(whole))
            self.tick.emit(whole)
        if left <= 0:
            self._timer.stop()
            self.finished.emit()
